//! Records read back from a workbook in the layout `extract --xlsx` writes
//! (sheets 项目 and 指标, field names in row 1), as corrected and saved by
//! Excel, WPS or LibreOffice (.xlsx, or .xls/.ods/.et if saved as such).
//!
//! Each cell is turned into the text the CSV would hold, by what its column
//! is, not by how the spreadsheet typed it: an amount retyped as a float or
//! typed as `1,250.5` is `1250.50`, a date kept as a serial number or
//! typed as text `2023/1/1` is compared as written by its column's rule
//! (`YYYY-MM-DD` from a date or serial), a number in a text column (a code
//! that lost its leading zeros) is its General-format text; `diff` then
//! compares such numbers by value.

use super::load::{Loaded, Row, records_from_rows};
use crate::record::AMOUNT_FIELDS;
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader};
use std::path::Path;

pub const PROJECTS_SHEET: &str = "项目";
pub const INDICATORS_SHEET: &str = "指标";

/// How a column's cells are written to a workbook and read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Integer,
    Amount,
    Date,
}

/// The kind of a column, by its field name.
pub fn column_kind(field: &str) -> ColumnKind {
    if AMOUNT_FIELDS.contains(&field) {
        ColumnKind::Amount
    } else if field.ends_with("_date") {
        ColumnKind::Date
    } else if matches!(field, "form_index" | "year" | "seq") {
        ColumnKind::Integer
    } else {
        ColumnKind::Text
    }
}

/// A file name a workbook may have.
pub fn is_workbook_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods", ".et"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Loads the records of a workbook: 项目 (or else the first sheet) and 指标
/// (or else the second, if any).
pub fn load_workbook(path: &Path) -> Result<Loaded, String> {
    let shown = path.display().to_string();
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| format!("{shown}: not a readable workbook ({e})"))?;
    let names = book.sheet_names();
    let find = |want: &str, fallback: usize| {
        names
            .iter()
            .find(|n| n.trim() == want)
            .or_else(|| names.get(fallback))
            .cloned()
    };
    let projects = find(PROJECTS_SHEET, 0).ok_or(format!("{shown}: has no sheets"))?;
    let indicators = find(INDICATORS_SHEET, 1).filter(|n| *n != projects);
    let mut rows_of = |sheet: &str| -> Result<(Vec<Row>, Vec<String>), String> {
        let range = book
            .worksheet_range(sheet)
            .map_err(|e| format!("{shown}: sheet {sheet}: {e}"))?;
        Ok(sheet_rows(&range))
    };
    let (project_rows, headers) = rows_of(&projects)?;
    let indicator_rows = indicators
        .as_deref()
        .map(&mut rows_of)
        .transpose()?
        .map(|(rows, _)| rows);
    let ind_name = indicators.map(|n| format!("{shown} sheet {n}"));
    records_from_rows(
        &project_rows,
        &headers,
        indicator_rows.as_deref().zip(ind_name.as_deref()),
        &format!("{shown} sheet {projects}"),
    )
}

/// A sheet's data rows by header name (row 1), blank rows left out, and
/// the header.
fn sheet_rows(range: &calamine::Range<Data>) -> (Vec<Row>, Vec<String>) {
    let mut rows = range.rows();
    let Some(header) = rows.next() else {
        return (vec![], vec![]);
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| crate::sheet::cell_text(h).trim().to_string())
        .collect();
    let rows = rows
        .filter(|r| {
            r.iter()
                .any(|c| !crate::sheet::cell_text(c).trim().is_empty())
        })
        .map(|r| {
            header
                .iter()
                .zip(r)
                .filter(|(h, _)| !h.is_empty())
                .map(|(h, c)| (h.clone(), cell_value(column_kind(h), c)))
                .collect()
        })
        .collect();
    (rows, header)
}

/// A cell as the CSV would hold it, by its column's kind.
pub fn cell_value(kind: ColumnKind, cell: &Data) -> String {
    match (kind, cell) {
        (_, Data::Empty) => String::new(),
        (ColumnKind::Amount, Data::Float(f)) => format!("{f:.2}"),
        (ColumnKind::Amount, Data::Int(i)) => format!("{i}.00"),
        (ColumnKind::Amount, Data::String(s)) => amount_text(s),
        (ColumnKind::Date, Data::DateTime(d)) => ymd(d),
        (ColumnKind::Date, Data::Float(f)) => {
            ymd(&ExcelDateTime::new(*f, ExcelDateTimeType::DateTime, false))
        }
        (ColumnKind::Date, Data::Int(i)) => ymd(&ExcelDateTime::new(
            *i as f64,
            ExcelDateTimeType::DateTime,
            false,
        )),
        (ColumnKind::Date, Data::DateTimeIso(s)) => s.chars().take(10).collect(),
        (_, Data::String(s)) => s.replace("\r\n", "\n").trim().to_string(),
        (_, other) => crate::sheet::cell_text(other),
    }
}

fn ymd(d: &ExcelDateTime) -> String {
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    format!("{y:04}-{m:02}-{day:02}")
}

/// An amount typed as text (`1,250.5`, ` 1250.50 `): the schema's form
/// when it is a plain number with at most two decimals; else as typed, so
/// that it shows up as different.
fn amount_text(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}'))
        .collect();
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = int.strip_prefix('-').unwrap_or(int);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 2
        && frac.bytes().all(|b| b.is_ascii_digit());
    if plain {
        format!("{int}.{frac:0<2}")
    } else {
        s.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retyped_cells_read_as_their_column_says() {
        let amount = |d: Data| cell_value(ColumnKind::Amount, &d);
        assert_eq!(amount(Data::Float(119624404.76)), "119624404.76");
        assert_eq!(amount(Data::Float(1250.5)), "1250.50");
        assert_eq!(amount(Data::Int(0)), "0.00");
        assert_eq!(amount(Data::String("1,250.5".into())), "1250.50");
        assert_eq!(amount(Data::String("约100万".into())), "约100万");
        let date = |d: Data| cell_value(ColumnKind::Date, &d);
        assert_eq!(date(Data::Float(44927.0)), "2023-01-01");
        assert_eq!(date(Data::Int(45291)), "2023-12-31");
        assert_eq!(date(Data::String("2023-01-01".into())), "2023-01-01");
        let text = |d: Data| cell_value(ColumnKind::Text, &d);
        assert_eq!(text(Data::Float(173.0)), "173");
        assert_eq!(text(Data::Float(30.5)), "30.5");
        assert_eq!(
            cell_value(ColumnKind::Integer, &Data::Float(2023.0)),
            "2023"
        );
    }

    #[test]
    fn numbers_a_spreadsheet_retyped_compare_by_value() {
        let same = |f: &str, e: &str, a: &str| {
            let (x, y) = crate::diff::by_value(f, e.into(), a.into());
            x == y
        };
        assert!(same("department_code", "0173", "173"));
        assert!(same("target_value", "30.00", "30"));
        assert!(same("total_funds", "0.00", "0"));
        assert!(same("target_value", "-0.0", "0"));
        assert!(!same("target_value", "30.5", "30.05"));
        assert!(!same("department_code", "0173", "174"));
        // Only those fields, and only plain numbers.
        assert!(!same("target_raw", "30.00", "30"));
        assert!(!same("department_code", "A01", "A1"));
    }
}
