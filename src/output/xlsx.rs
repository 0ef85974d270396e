//! `records.xlsx` (`--xlsx`): the two CSVs as the sheets 项目 and 指标 of one
//! workbook, for analysts who correct an extraction in Excel or WPS and diff
//! the corrected copy (`diff::xlsx` reads it back).
//!
//! Row 1 holds the schema's field names, so any reader that goes by header
//! names reads the sheets as it reads the CSVs; the form label of each field
//! is a note (comment) on its header cell, not a second header row, so that
//! row 2 is already data (filters, pivot tables and pandas work unchanged).
//! Columns are the CSVs' (`SCALAR_FIELDS`, `INDICATOR_COLUMNS`), typed by
//! name: amounts are numbers in 元 formatted `#,##0.00`, dates are dates,
//! `form_index`/`year`/`seq` integers, everything else text; 项目 ends with a
//! `warnings` column (one warning a line).
//!
//! Exactness: Excel keeps 15 significant digits of a number. An amount with
//! up to 13 digits before the point (below 10 000 000 000 000 元) always
//! survives as a number; a larger one (numeric(18,2) allows 16) is written
//! as text, exact, rather than as a number Excel would round.

use crate::record::{INDICATOR_COLUMNS, Record, SCALAR_FIELDS};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Note, Workbook, Worksheet, XlsxError};
use std::io;
use std::path::Path;

pub use crate::diff::xlsx::{ColumnKind, INDICATORS_SHEET, PROJECTS_SHEET, column_kind};
/// The column after the scalar fields on 项目.
pub const WARNINGS_COLUMN: &str = "warnings";
pub const AMOUNT_FORMAT: &str = "#,##0.00";
pub const DATE_FORMAT: &str = "yyyy-mm-dd";

/// Excel's last row (1-based 1,048,576; 0-based index).
const MAX_ROW: u32 = 1_048_575;
/// Excel shows and keeps 15 significant digits of a number.
const EXCEL_DIGITS: usize = 15;
/// A column is never narrower or wider than this (in characters).
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 60.0;

/// The form label a field is read from (schema v2), shown as the note on
/// its header cell.
pub fn field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "source_file" => "输入文件（命令行所给路径）",
        "source_sha256" => "输入文件的 SHA-256",
        "form_index" => "文件中第几张表（从 0 起）",
        "pages" => "所在页（电子表格：所在工作表序号）",
        "method" => "读取方式：text / ocr / mixed / sheet",
        "year" => "（2023年度）",
        "project_name" => "项目名称",
        "project_nature" => "项目性质",
        "project_category" => "项目类别",
        "department" => "主管部门",
        "implementing_unit" => "实施单位",
        "start_date" => "计划开始日期 / 项目起止时间",
        "end_date" => "计划完成日期 / 项目起止时间",
        "amount_unit" => "项目资金（元） / （万元）",
        "total_funds" => "项目资金总额（元）",
        "total_fiscal" => "其中：财政资金（元）",
        "total_other" => "其他资金（元，左栏）",
        "annual_total" => "年度资金申请总额（元）",
        "annual_appropriation" => "其中：当年财政拨款（元）",
        "annual_carryover" => "上年结转资金（元）",
        "annual_other" => "其他资金（元，右栏）",
        "overall_goal" => "项目总目标",
        "annual_goal" => "年度总体目标",
        "form_title" => "表头标题",
        "department_code" => "主管部门编码",
        "project_attribute" => "项目属性",
        "extra_fields" => "其他栏目（JSON）",
        "seq" => "指标序号",
        "level1" => "一级指标",
        "level2" => "二级指标",
        "level3" => "三级指标",
        "target_raw" => "指标值",
        "comparator" => "比较符",
        "target_value" => "指标数值",
        "target_unit" => "计量单位",
        "scope" => "annual 年度 / overall 总体",
        "note" => "备注",
        "core" => "核心指标（★）",
        "extra" => "其他列（JSON）",
        "warnings" => "提示：修复、校验、疑点（不参与比对）",
        _ => return None,
    })
}

/// A record field's cell value as the CSV has it, by column name.
fn indicator_cells(r: &Record) -> impl Iterator<Item = Vec<String>> + '_ {
    super::indicator_rows(r).map(|row| row.iter().map(|c| c.to_string()).collect())
}

struct Sheet {
    ws: Worksheet,
    columns: Vec<&'static str>,
    kinds: Vec<ColumnKind>,
    /// Widest value seen per column, in character cells (CJK count 2).
    widths: Vec<usize>,
    next_row: u32,
}

/// The workbook being filled while records stream in; `finish` saves it.
pub struct XlsxWriter {
    projects: Sheet,
    indicators: Sheet,
    amount: Format,
    date: Format,
    wrap: Format,
}

fn xerr(e: XlsxError) -> io::Error {
    io::Error::other(format!("records.xlsx: {e}"))
}

impl Sheet {
    fn new(name: &str, columns: Vec<&'static str>, header: &Format) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        for (c, col) in columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *col, header)?;
            if let Some(label) = field_label(col) {
                ws.insert_note(0, c as u16, &Note::new(label).add_author_prefix(false))?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        let kinds = columns.iter().map(|c| column_kind(c)).collect();
        let widths = columns.iter().map(|c| c.len()).collect();
        Ok(Sheet {
            ws,
            columns,
            kinds,
            widths,
            next_row: 1,
        })
    }

    fn finish(mut self) -> Result<Worksheet, XlsxError> {
        let last_col = self.columns.len().saturating_sub(1) as u16;
        self.ws
            .autofilter(0, 0, self.next_row.saturating_sub(1), last_col)?;
        for (c, w) in self.widths.iter().enumerate() {
            let w = (*w as f64 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH);
            self.ws.set_column_width(c as u16, w)?;
        }
        Ok(self.ws)
    }
}

/// Display width of a text in character cells: CJK (and fullwidth) 2.
fn display_width(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if crate::grid::is_cjk(c) { 2 } else { 1 })
                .sum()
        })
        .max()
        .unwrap_or(0)
}

/// The f64 an amount string becomes in a cell, when that is exact as Excel
/// keeps numbers: at most 15 significant digits, and the value shown with two
/// decimals is the amount again.
pub fn amount_as_number(amount: &str) -> Option<f64> {
    let digits = amount
        .trim_start_matches('-')
        .trim_start_matches(['0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    if digits > EXCEL_DIGITS {
        return None;
    }
    let v: f64 = amount.parse().ok()?;
    (format!("{v:.2}") == amount).then_some(v)
}

/// `YYYY-MM-DD` as an Excel date.
fn as_date(s: &str) -> Option<ExcelDateTime> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

impl XlsxWriter {
    pub fn new() -> io::Result<XlsxWriter> {
        let header = Format::new().set_bold();
        let mut projects: Vec<&'static str> = SCALAR_FIELDS.to_vec();
        projects.push(WARNINGS_COLUMN);
        Ok(XlsxWriter {
            projects: Sheet::new(PROJECTS_SHEET, projects, &header).map_err(xerr)?,
            indicators: Sheet::new(INDICATORS_SHEET, INDICATOR_COLUMNS.to_vec(), &header)
                .map_err(xerr)?,
            amount: Format::new().set_num_format(AMOUNT_FORMAT),
            date: Format::new()
                .set_num_format(DATE_FORMAT)
                .set_align(FormatAlign::Left),
            wrap: Format::new().set_text_wrap(),
        })
    }

    pub fn write_records(&mut self, records: &[Record]) -> io::Result<()> {
        for r in records {
            let mut cells: Vec<String> = SCALAR_FIELDS.iter().map(|f| r.scalar(f)).collect();
            cells.push(r.warnings.join("\n"));
            write_row(
                &mut self.projects,
                &cells,
                &self.amount,
                &self.date,
                &self.wrap,
            )?;
            for row in indicator_cells(r) {
                write_row(
                    &mut self.indicators,
                    &row,
                    &self.amount,
                    &self.date,
                    &self.wrap,
                )?;
            }
        }
        Ok(())
    }

    /// Saves the workbook as `dir/records.xlsx`, atomically.
    pub fn finish(self, dir: &Path) -> io::Result<()> {
        let mut book = Workbook::new();
        book.push_worksheet(self.projects.finish().map_err(xerr)?);
        book.push_worksheet(self.indicators.finish().map_err(xerr)?);
        let bytes = book.save_to_buffer().map_err(xerr)?;
        super::write_atomic(&dir.join("records.xlsx"), &bytes)
    }
}

fn write_row(
    sheet: &mut Sheet,
    cells: &[String],
    amount: &Format,
    date: &Format,
    wrap: &Format,
) -> io::Result<()> {
    let row = sheet.next_row;
    if row > MAX_ROW {
        return Err(io::Error::other(format!(
            "records.xlsx: more than {MAX_ROW} rows on sheet {}, Excel's limit: \
             leave out --xlsx and use the CSVs or --parquet",
            sheet.ws.name()
        )));
    }
    for (c, value) in cells.iter().enumerate() {
        if value.is_empty() {
            continue;
        }
        let col = c as u16;
        let ws = &mut sheet.ws;
        let shown = match sheet.kinds.get(c).copied().unwrap_or(ColumnKind::Text) {
            ColumnKind::Amount => match amount_as_number(value) {
                Some(v) => {
                    ws.write_number_with_format(row, col, v, amount)
                        .map_err(xerr)?;
                    // As `#,##0.00` shows it.
                    value.len() + value.len() / 4
                }
                None => {
                    ws.write_string(row, col, value).map_err(xerr)?;
                    value.len()
                }
            },
            ColumnKind::Date => {
                match as_date(value) {
                    Some(d) => ws.write_datetime_with_format(row, col, d, date),
                    None => ws.write_string(row, col, value),
                }
                .map_err(xerr)?;
                value.len()
            }
            ColumnKind::Integer => {
                match value.parse::<i64>() {
                    Ok(n) if n.unsigned_abs() < 1 << 53 => ws.write_number(row, col, n as f64),
                    _ => ws.write_string(row, col, value),
                }
                .map_err(xerr)?;
                value.len()
            }
            ColumnKind::Text => {
                if value.contains('\n') {
                    ws.write_string_with_format(row, col, value, wrap)
                } else {
                    ws.write_string(row, col, value)
                }
                .map_err(xerr)?;
                display_width(value)
            }
        };
        if let Some(w) = sheet.widths.get_mut(c) {
            *w = (*w).max(shown);
        }
    }
    sheet.next_row += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_numbers_only_when_excel_keeps_them_exact() {
        assert_eq!(amount_as_number("119624404.76"), Some(119624404.76));
        assert_eq!(amount_as_number("0.00"), Some(0.0));
        assert_eq!(amount_as_number("-12.50"), Some(-12.5));
        // 13 digits before the point: 15 significant digits, exact.
        assert_eq!(amount_as_number("9999999999999.99"), Some(9999999999999.99));
        // numeric(18,2)'s largest: 18 significant digits, beyond Excel.
        assert_eq!(amount_as_number("9999999999999999.99"), None);
        assert_eq!(amount_as_number("12345678901234.56"), None);
        assert_eq!(amount_as_number(""), None);
        assert_eq!(amount_as_number("12.5"), None, "not the schema's form");
    }

    #[test]
    fn every_fifteen_digit_amount_round_trips_through_f64() {
        // The largest integer parts, with every cent pattern at the edge.
        for int in ["9999999999999", "1234567890123", "8000000000001"] {
            for cents in 0..100 {
                let s = format!("{int}.{cents:02}");
                let v = amount_as_number(&s).expect(&s);
                assert_eq!(format!("{v:.2}"), s);
            }
        }
    }

    #[test]
    fn column_kinds_by_name() {
        assert_eq!(column_kind("total_funds"), ColumnKind::Amount);
        assert_eq!(column_kind("start_date"), ColumnKind::Date);
        assert_eq!(column_kind("seq"), ColumnKind::Integer);
        assert_eq!(column_kind("department_code"), ColumnKind::Text);
        assert!(SCALAR_FIELDS.iter().all(|f| field_label(f).is_some()));
        assert!(INDICATOR_COLUMNS.iter().all(|f| field_label(f).is_some()));
    }
}
