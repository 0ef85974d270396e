//! Spreadsheets holding 申报表 (.xlsx, .xls, .ods, WPS .et) → the page IR.
//!
//! calamine reads the cells and the merged regions; this module draws them
//! as a PDF exporter would: each worksheet is a page, every cell of a table
//! gets its four borders as ruling segments and its text lines as words in
//! its box. `grid::layout_page` then builds the same tables it builds for a
//! PDF, and form, record and output run unchanged.
//!
//! Where the sheet has cell borders (.xlsx through calamine's styles, .ods
//! through `ods`), the rules are drawn where it draws them. calamine reads
//! no borders from .xls/.et, so there tables are found from the cells alone: a row that holds two or more cells (a merged
//! region counts once, on every row it covers) is a table row, and so is a
//! row holding one cell that does not start at the sheet's first column
//! right under a table row (the lone 三级指标 of an indicator row whose
//! 一级/二级 cells are plain, empty cells). A row with one cell at the left
//! edge (the title, `（2023年度）`, `单位：万元`, a paragraph) is text outside
//! every table, as on the printed page. Consecutive table rows are one table,
//! spanning the columns their cells use; its empty cells are cells too.
//!
//! Geometry is nominal: every column is `COLUMN_PT` wide, every row
//! `LINE_PT` per text line of its tallest cell. Nothing downstream reads
//! sizes, only which cells line up.
//!
//! Numbers are shown as Excel's General format shows them (up to 15
//! significant digits, no thousands separators): an amount normalises to the
//! same yuan whatever number format the sheet gave it. Dates become
//! `YYYY-MM-DD`.
//!
//! Architecture invariant: like `pdf`, knows cells and rules, not forms.

mod ods;

use crate::ir::{Affine, BBox, Method, Page, Segment, Word};
use calamine::{Data, Dimensions, Reader, SheetVisible, Sheets};
use std::io::Cursor;

/// Width of every column, in points.
pub const COLUMN_PT: f64 = 80.0;
/// Height of one text line of a row, in points.
pub const LINE_PT: f64 = 20.0;
/// Space around the sheet's content on its page.
const MARGIN_PT: f64 = 20.0;
/// How far past the last text a sheet's empty structure still belongs to
/// its page: bordered cells and text-less merged regions beyond (styles
/// run to the sheet's end; a damaged file merges `accent6`, column
/// 33 million) would only widen the page.
const PAST_TEXT_ROWS: u32 = 200;
const PAST_TEXT_COLS: u32 = 50;

/// A workbook's sheets as pages (page n = the n-th sheet), with warnings.
pub struct Workbook {
    pub pages: Vec<Page>,
    pub warnings: Vec<String>,
}

/// Whether `bytes` look like a workbook (a zip: .xlsx/.ods; an OLE
/// compound file: .xls/.et).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Reads every sheet of a workbook.
pub fn read_workbook(bytes: Vec<u8>) -> Result<Workbook, String> {
    // calamine indexes past its buffer on some damaged files (an .xls whose
    // sector chain runs past the end of the file: found by fuzzing) and
    // panics. That is a damaged file, not shenbao's error: say so.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_sheets(bytes))).unwrap_or_else(
        |_| {
            Err(
                "not a readable spreadsheet: it is damaged (its parts point past the end of \
                 the file, as in a truncated or corrupted copy); open and save it again in \
                 Excel, WPS or LibreOffice, or read the original"
                    .to_string(),
            )
        },
    )
}

fn read_sheets(bytes: Vec<u8>) -> Result<Workbook, String> {
    let ods_sheets = if bytes.starts_with(b"PK\x03\x04") {
        ods::sheets(&bytes)
    } else {
        None
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!(
            "not a readable spreadsheet ({e}); shenbao reads .xlsx, .xls, .ods and WPS .et \
             workbooks (a password-protected one must be saved without its password)"
        )
    })?;
    let sheets: Vec<(String, SheetVisible)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    let mut pages = Vec::new();
    let mut warnings = Vec::new();
    for (i, (name, visible)) in sheets.iter().enumerate() {
        let number = i as u32 + 1;
        if *visible != SheetVisible::Visible {
            warnings.push(format!(
                "sheet {number} ({name}) is hidden: not read (unhide it to read it)"
            ));
            pages.push(blank_page(number));
            continue;
        }
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                warnings.push(format!("sheet {number} ({name}): not read: {e}"));
                pages.push(blank_page(number));
                continue;
            }
        };
        let merged = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).map_err(|e| e.to_string()),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).map_err(|e| e.to_string()),
            Sheets::Ods(_) => Ok(ods_sheets
                .as_ref()
                .and_then(|s| s.get(i))
                .map(|s| s.merged.clone())
                .unwrap_or_default()),
            Sheets::Xlsb(_) => Ok(vec![]),
        };
        let merged = merged.unwrap_or_else(|e| {
            warnings.push(format!(
                "sheet {number} ({name}): merged cells not read ({e}): each cell taken alone"
            ));
            vec![]
        });
        let borders = match &mut book {
            Sheets::Xlsx(x) => x
                .worksheet_style(name)
                .ok()
                .and_then(|st| Borders::from_styles(&st)),
            Sheets::Ods(_) => ods_sheets
                .as_ref()
                .and_then(|s| s.get(i))
                .and_then(|s| Borders::from_cells(&s.borders)),
            _ => None,
        };
        let cells: Vec<(u32, u32, String)> = range
            .used_cells()
            .filter_map(|(r, c, v)| {
                let text = cell_text(v);
                let (r0, c0) = range.start().unwrap_or((0, 0));
                (!text.trim().is_empty()).then(|| (r0 + r as u32, c0 + c as u32, text))
            })
            .collect();
        pages.push(sheet_page(number, &cells, &merged, borders.as_ref()));
    }
    Ok(Workbook { pages, warnings })
}

fn blank_page(number: u32) -> Page {
    sheet_page(number, &[], &[], None)
}

pub(crate) const TOP: u8 = 1;
pub(crate) const RIGHT: u8 = 2;
pub(crate) const BOTTOM: u8 = 4;
pub(crate) const LEFT: u8 = 8;

/// The visible borders of a sheet's cells (.xlsx from calamine's styles,
/// .ods from `ods`), as side bits per cell of a rectangle.
#[derive(Clone, Debug)]
pub struct Borders {
    start: (u32, u32),
    end: (u32, u32),
    sides: Vec<u8>,
}

impl Borders {
    fn from_styles(st: &calamine::StyleRange) -> Option<Borders> {
        let (start, end) = (st.start()?, st.end()?);
        let width = (end.1 - start.1 + 1) as usize;
        let mut sides = vec![0u8; width * (end.0 - start.0 + 1) as usize];
        let mut any = false;
        for (r, c, style) in st.cells() {
            let Some(b) = &style.borders else { continue };
            let bits = (b.top.is_visible() as u8 * TOP)
                | (b.right.is_visible() as u8 * RIGHT)
                | (b.bottom.is_visible() as u8 * BOTTOM)
                | (b.left.is_visible() as u8 * LEFT);
            any |= bits != 0;
            sides[(r - start.0) as usize * width + (c - start.1) as usize] = bits;
        }
        any.then_some(Borders { start, end, sides })
    }

    /// From the bordered cells (row, column, side bits); `None` if none.
    fn from_cells(cells: &[(u32, u32, u8)]) -> Option<Borders> {
        let r0 = cells.iter().map(|c| c.0).min()?;
        let r1 = cells.iter().map(|c| c.0).max()?;
        let c0 = cells.iter().map(|c| c.1).min()?;
        let c1 = cells.iter().map(|c| c.1).max()?;
        let width = (c1 - c0 + 1) as usize;
        let mut sides = vec![0u8; width * (r1 - r0 + 1) as usize];
        for &(r, c, bits) in cells {
            sides[(r - r0) as usize * width + (c - c0) as usize] |= bits;
        }
        Some(Borders {
            start: (r0, c0),
            end: (r1, c1),
            sides,
        })
    }

    fn at(&self, r: u32, c: u32) -> u8 {
        if r < self.start.0 || r > self.end.0 || c < self.start.1 || c > self.end.1 {
            return 0;
        }
        let width = (self.end.1 - self.start.1 + 1) as usize;
        self.sides[(r - self.start.0) as usize * width + (c - self.start.1) as usize]
    }
}

/// A cell's value as the sheet shows it in General format.
pub fn cell_text(v: &Data) -> String {
    match v {
        Data::Empty => String::new(),
        Data::String(s) => s.replace("\r\n", "\n"),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => general_number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, hh, mm, ss, _) = d.to_ymd_hms_milli();
            if d.is_datetime() && (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else if d.is_datetime() {
                format!("{y:04}-{m:02}-{day:02} {hh:02}:{mm:02}:{ss:02}")
            } else {
                general_number(d.as_f64())
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as Excel's General format shows it: at most 15 significant
/// digits (what Excel keeps), so binary noise (`0.30000000000000004`) goes.
pub fn general_number(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f == f.trunc() && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let digits = 15 - (f.abs().log10().floor() as i32 + 1);
    let s = format!("{:.*}", digits.clamp(0, 15) as usize, f);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A rectangle of the sheet, inclusive, in absolute rows and columns.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Region {
    r0: u32,
    c0: u32,
    r1: u32,
    c1: u32,
}

impl Region {
    fn covers(&self, r: u32, c: u32) -> bool {
        r >= self.r0 && r <= self.r1 && c >= self.c0 && c <= self.c1
    }
    fn on_row(&self, r: u32) -> bool {
        r >= self.r0 && r <= self.r1
    }
}

/// Row or column numbers with long empty runs between the used ones
/// shortened to `max_gap`; order and the used numbers' neighbours kept.
struct Compact {
    /// Each used number and where it goes, sorted.
    to: Vec<(u32, u32)>,
}

impl Compact {
    fn new(used: impl Iterator<Item = u32>, max_gap: u32) -> Compact {
        let mut used: Vec<u32> = used.collect();
        used.sort_unstable();
        used.dedup();
        let mut shift = 0;
        let mut to = Vec::with_capacity(used.len());
        for (i, &u) in used.iter().enumerate() {
            if i > 0 {
                let gap = u - used[i - 1] - 1;
                shift += gap.saturating_sub(max_gap);
            }
            to.push((u, u - shift));
        }
        Compact { to }
    }

    /// Where used number `u` goes.
    fn at(&self, u: u32) -> u32 {
        let i = self.to.partition_point(|&(v, _)| v < u);
        self.to.get(i).filter(|t| t.0 == u).map_or(u, |t| t.1)
    }
}

/// One sheet's cells (absolute row, column, text) and merged regions as a
/// page. With `borders`, rules are drawn where the sheet draws them;
/// without, tables are found from the cells (see the module doc).
fn sheet_page(
    number: u32,
    cells: &[(u32, u32, String)],
    merged: &[Dimensions],
    borders: Option<&Borders>,
) -> Page {
    let (Some(text_end_row), Some(text_end_col)) = (
        cells.iter().map(|c| c.0).max(),
        cells.iter().map(|c| c.1).max(),
    ) else {
        return empty_page(number);
    };
    let (end_row, end_col) = (
        text_end_row.saturating_add(PAST_TEXT_ROWS),
        text_end_col.saturating_add(PAST_TEXT_COLS),
    );
    // Regions: the merged ones (text: their first non-empty cell in
    // reading order), then every other non-empty cell.
    let mut regions: Vec<(Region, String)> = merged
        .iter()
        .filter_map(|d| {
            // A damaged file may give a region's corners the wrong way
            // round (found by fuzzing an .xls): it covers the same cells.
            let (r0, c0) = (d.start.0.min(d.end.0), d.start.1.min(d.end.1));
            if r0 > end_row || c0 > end_col {
                return None;
            }
            let reg = Region {
                r0,
                c0,
                r1: d.start.0.max(d.end.0).min(end_row),
                c1: d.start.1.max(d.end.1).min(end_col),
            };
            let text = cells
                .iter()
                .filter(|(r, c, _)| reg.covers(*r, *c))
                .min_by_key(|(r, c, _)| (*r, *c))
                .map(|(_, _, t)| t.clone())
                .unwrap_or_default();
            Some((reg, text))
        })
        .collect();
    let n_merged = regions.len();
    for (r, c, t) in cells {
        if !regions[..n_merged].iter().any(|(g, _)| g.covers(*r, *c)) {
            regions.push((
                Region {
                    r0: *r,
                    c0: *c,
                    r1: *r,
                    c1: *c,
                },
                t.clone(),
            ));
        }
    }
    // Bordered empty cells are part of the page too; styles that run to
    // the sheet's end (a whole column formatted) are not.
    let bordered: Vec<(u32, u32, u8)> = borders.map_or_else(Vec::new, |b| {
        let (row_end, col_end) = (b.end.0.min(end_row), b.end.1.min(end_col));
        (b.start.0..=row_end)
            .flat_map(|r| (b.start.1..=col_end).map(move |c| (r, c, b.at(r, c))))
            .filter(|&(_, _, bits)| bits != 0)
            .collect()
    });
    // Long runs of rows or columns with nothing in them (no cell, no
    // region's edge, no border) are shortened: a damaged file with text at
    // both ends of a row made a lattice of 16,000 columns (found by fuzzing).
    let rows = Compact::new(
        regions
            .iter()
            .flat_map(|(g, _)| [g.r0, g.r1])
            .chain(bordered.iter().map(|b| b.0)),
        PAST_TEXT_ROWS,
    );
    let cols = Compact::new(
        regions
            .iter()
            .flat_map(|(g, _)| [g.c0, g.c1])
            .chain(bordered.iter().map(|b| b.1)),
        PAST_TEXT_COLS,
    );
    for (g, _) in &mut regions {
        *g = Region {
            r0: rows.at(g.r0),
            c0: cols.at(g.c0),
            r1: rows.at(g.r1),
            c1: cols.at(g.c1),
        };
    }
    let bordered: Vec<(u32, u32, u8)> = bordered
        .into_iter()
        .map(|(r, c, bits)| (rows.at(r), cols.at(c), bits))
        .collect();
    let compact_borders = Borders::from_cells(&bordered);
    let borders = compact_borders.as_ref();
    let Some(mut first_row) = regions.iter().map(|(g, _)| g.r0).min() else {
        return empty_page(number);
    };
    let mut last_row = regions.iter().map(|(g, _)| g.r1).max().unwrap_or(first_row);
    let mut first_col = regions.iter().map(|(g, _)| g.c0).min().unwrap_or(0);
    let mut last_col = regions.iter().map(|(g, _)| g.c1).max().unwrap_or(first_col);
    for &(r, c, _) in &bordered {
        first_row = first_row.min(r);
        last_row = last_row.max(r);
        first_col = first_col.min(c);
        last_col = last_col.max(c);
    }

    let table_rows = find_table_rows(&regions, first_row, last_row, first_col);

    // Row heights: a line per text line of the row's tallest one-row cell.
    let lines_of = |t: &str| t.lines().count().max(1);
    let mut tops = Vec::with_capacity((last_row - first_row + 2) as usize);
    let mut y = MARGIN_PT;
    for r in first_row..=last_row {
        tops.push(y);
        let n = regions
            .iter()
            .filter(|(g, _)| g.r0 == r && g.r1 == r)
            .map(|(_, t)| lines_of(t))
            .max()
            .unwrap_or(1);
        y += LINE_PT * n as f64;
    }
    tops.push(y);
    let height = y + MARGIN_PT;
    let x_of = |c: u32| MARGIN_PT + COLUMN_PT * (c - first_col) as f64;
    let y_of = |r: u32| tops[(r - first_row) as usize];
    let bbox_of = |g: &Region| BBox::new(x_of(g.c0), y_of(g.r0), x_of(g.c1 + 1), y_of(g.r1 + 1));

    // Tables: the sheet's own rules when it has them; else runs of table
    // rows, each drawn as a full lattice over the columns its regions use.
    let mut segments = Vec::new();
    if let Some(b) = borders {
        let merged_at =
            |r: u32, c: u32| regions[..n_merged].iter().position(|(g, _)| g.covers(r, c));
        // An edge between two cells is drawn when either side draws it, and
        // never inside a merged region.
        let same_region = |a: (u32, u32), b: (u32, u32)| {
            merged_at(a.0, a.1).is_some() && merged_at(a.0, a.1) == merged_at(b.0, b.1)
        };
        for r in first_row..=last_row + 1 {
            for c in first_col..=last_col {
                let above = r > first_row && b.at(r - 1, c) & BOTTOM != 0;
                let below = r <= last_row && b.at(r, c) & TOP != 0;
                if (above || below)
                    && !(r > first_row && r <= last_row && same_region((r - 1, c), (r, c)))
                {
                    let y = if r <= last_row {
                        y_of(r)
                    } else {
                        tops[tops.len() - 1]
                    };
                    segments.push(Segment::horizontal(y, x_of(c), x_of(c + 1)));
                }
            }
        }
        for c in first_col..=last_col + 1 {
            for r in first_row..=last_row {
                let left = c > first_col && b.at(r, c - 1) & RIGHT != 0;
                let right = c <= last_col && b.at(r, c) & LEFT != 0;
                if (left || right)
                    && !(c > first_col && c <= last_col && same_region((r, c - 1), (r, c)))
                {
                    segments.push(Segment::vertical(x_of(c), y_of(r), y_of(r + 1)));
                }
            }
        }
    }
    let mut r = if borders.is_some() {
        last_row + 1
    } else {
        first_row
    };
    while r <= last_row {
        if !table_rows[(r - first_row) as usize] {
            r += 1;
            continue;
        }
        let start = r;
        while r <= last_row && table_rows[(r - first_row) as usize] {
            r += 1;
        }
        let end = r - 1;
        let inside: Vec<&Region> = regions
            .iter()
            .map(|(g, _)| g)
            .filter(|g| g.r0 >= start && g.r1 <= end)
            .collect();
        let c0 = inside.iter().map(|g| g.c0).min().unwrap_or(first_col);
        let c1 = inside.iter().map(|g| g.c1).max().unwrap_or(c0);
        let mut boxes: Vec<BBox> = inside
            .iter()
            .filter(|g| g.r0 != g.r1 || g.c0 != g.c1)
            .map(|g| bbox_of(g))
            .collect();
        for row in start..=end {
            for col in c0..=c1 {
                if !inside
                    .iter()
                    .any(|g| g.covers(row, col) && (g.r0 != g.r1 || g.c0 != g.c1))
                {
                    boxes.push(bbox_of(&Region {
                        r0: row,
                        c0: col,
                        r1: row,
                        c1: col,
                    }));
                }
            }
        }
        for b in boxes {
            segments.push(Segment::horizontal(b.top, b.x0, b.x1));
            segments.push(Segment::horizontal(b.bottom, b.x0, b.x1));
            segments.push(Segment::vertical(b.x0, b.top, b.bottom));
            segments.push(Segment::vertical(b.x1, b.top, b.bottom));
        }
    }

    // Words: each text line of a region, in its own band of the region.
    let mut words = Vec::new();
    for (g, text) in &regions {
        let lines: Vec<&str> = text.lines().collect();
        if lines.iter().all(|l| l.trim().is_empty()) {
            continue;
        }
        let b = bbox_of(g);
        let band = b.height() / lines.len() as f64;
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let top = b.top + band * i as f64;
            words.push(Word {
                text: (*line).into(),
                bbox: BBox::new(b.x0 + 1.0, top + 0.1 * band, b.x1 - 1.0, top + 0.9 * band),
                size: 0.8 * band,
                confidence: 1.0,
                char_confidences: None,
            });
        }
    }
    Page {
        number,
        width: x_of(last_col + 1) + MARGIN_PT,
        height,
        method: Method::Sheet,
        words,
        segments,
        images: vec![],
        from_source: Affine::IDENTITY,
        hidden_ocr_chars: 0,
        unread: vec![],
    }
}

/// Which rows (from `first_row`) belong to a table; see the module doc.
fn find_table_rows(
    regions: &[(Region, String)],
    first_row: u32,
    last_row: u32,
    first_col: u32,
) -> Vec<bool> {
    let n = (last_row - first_row + 1) as usize;
    let on_row: Vec<Vec<&Region>> = (first_row..=last_row)
        .map(|r| {
            regions
                .iter()
                .map(|(g, _)| g)
                .filter(|g| g.on_row(r))
                .collect()
        })
        .collect();
    let mut table = vec![false; n];
    for i in 0..n {
        table[i] = match on_row[i].as_slice() {
            [] => false,
            [only] => i > 0 && table[i - 1] && only.c0 > first_col,
            _ => true,
        };
    }
    // A merged region is in a table on every row it covers when it is on one.
    loop {
        let mut changed = false;
        for (g, _) in regions {
            let rows = (g.r0 - first_row) as usize..=(g.r1 - first_row) as usize;
            if rows.clone().any(|i| table[i]) && !rows.clone().all(|i| table[i]) {
                rows.for_each(|i| table[i] = true);
                changed = true;
            }
        }
        if !changed {
            return table;
        }
    }
}

fn empty_page(number: u32) -> Page {
    Page {
        number,
        width: 2.0 * MARGIN_PT,
        height: 2.0 * MARGIN_PT,
        method: Method::Sheet,
        words: vec![],
        segments: vec![],
        images: vec![],
        from_source: Affine::IDENTITY,
        hidden_ocr_chars: 0,
        unread: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{GridSettings, layout_page};

    fn dims(r0: u32, c0: u32, r1: u32, c1: u32) -> Dimensions {
        Dimensions {
            start: (r0, c0),
            end: (r1, c1),
        }
    }

    #[test]
    fn general_numbers() {
        assert_eq!(general_number(119624404.76), "119624404.76");
        assert_eq!(general_number(0.1 + 0.2), "0.3");
        assert_eq!(general_number(1250.5), "1250.5");
        assert_eq!(general_number(2386.4725), "2386.4725");
        assert_eq!(general_number(200.0), "200");
        assert_eq!(general_number(-0.0), "0");
        assert_eq!(general_number(0.95), "0.95");
    }

    #[test]
    fn empty_merged_regions_far_past_the_text_do_not_widen_the_page() {
        let cells = vec![(0, 0, "项目名称".to_string()), (0, 1, "绿化".to_string())];
        let near = sheet_page(1, &cells, &[dims(1, 0, 1, 1)], None);
        // `accent6` read as a reference: row 5, column 33 million; and a
        // region to the sheet's corner, clipped to the text's reach.
        let far = [dims(1, 0, 1, 1), dims(5, 33_000_000, 5, 33_000_000)];
        assert_eq!(sheet_page(1, &cells, &far, None).width, near.width);
        let corner = [dims(1, 0, 1, 1), dims(3, 0, 1_048_575, 16_383)];
        let page = sheet_page(1, &cells, &corner, None);
        let reach = |n: u32, unit: f64| 2.0 * MARGIN_PT + unit * f64::from(n + 1);
        assert_eq!(page.width, reach(1 + PAST_TEXT_COLS, COLUMN_PT));
        assert_eq!(page.height, reach(PAST_TEXT_ROWS, LINE_PT));
        assert_eq!(page.words.len(), 2);
    }

    #[test]
    fn long_empty_runs_between_cells_are_shortened() {
        // Text at both ends of two rows: a table 16,001 columns wide.
        let cells: Vec<(u32, u32, String)> = [(0, 0), (0, 16_000), (1, 0), (1, 16_000)]
            .iter()
            .map(|&(r, c)| (r, c, format!("{r}-{c}")))
            .collect();
        let page = sheet_page(1, &cells, &[], None);
        let columns = (page.width - 2.0 * MARGIN_PT) / COLUMN_PT;
        assert_eq!(columns, f64::from(2 + PAST_TEXT_COLS));
        let layout = layout_page(&page, &GridSettings::default());
        assert_eq!(layout.tables.len(), 1);
        let t = &layout.tables[0];
        let far = t
            .cells
            .iter()
            .find(|c| c.text() == "1-16000")
            .expect("far cell");
        assert_eq!((far.row, far.col), (1, t.cols.len() - 2));
        // Short runs stay as they are.
        let near: Vec<(u32, u32, String)> = [(0, 0), (0, 3), (1, 0), (1, 3)]
            .iter()
            .map(|&(r, c)| (r, c, "x".to_string()))
            .collect();
        assert_eq!(
            sheet_page(1, &near, &[], None).width,
            2.0 * MARGIN_PT + 4.0 * COLUMN_PT
        );
    }

    #[test]
    fn titles_are_outside_and_merged_cells_span() {
        // Row 0: a title merged over A:C; row 1: year alone; rows 2-4: a
        // table whose A2:A3 is merged and whose row 4 has its only text in C.
        let cells = vec![
            (0, 0, "财政项目支出绩效目标申报表".to_string()),
            (1, 0, "（2024年度）".to_string()),
            (2, 0, "一级指标".to_string()),
            (2, 1, "三级指标".to_string()),
            (2, 2, "指标值".to_string()),
            (3, 1, "数量".to_string()),
            (3, 2, "=3(座)".to_string()),
            (4, 2, "≥95%".to_string()),
            (6, 0, "单位：元".to_string()),
        ];
        let page = sheet_page(1, &cells, &[dims(0, 0, 0, 2), dims(2, 0, 3, 0)], None);
        let layout = layout_page(&page, &GridSettings::default());
        assert_eq!(layout.tables.len(), 1);
        let t = &layout.tables[0];
        assert_eq!((t.n_rows(), t.n_cols()), (3, 3));
        let merged = t.cell_at(1, 0).expect("A3 is covered");
        assert_eq!((merged.row, merged.row_span), (0, 2));
        assert_eq!(merged.text(), "一级指标");
        assert_eq!(t.cell_at(2, 2).unwrap().text(), "≥95%");
        assert!(t.cell_at(2, 1).unwrap().is_empty());
        let outside: Vec<&str> = layout.outside.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            outside,
            ["财政项目支出绩效目标申报表", "（2024年度）", "单位：元"]
        );
    }

    #[test]
    fn cell_lines_stay_lines() {
        let cells = vec![
            (0, 0, "项目名称".to_string()),
            (0, 1, "第一行\n第二行".to_string()),
        ];
        let page = sheet_page(1, &cells, &[], None);
        let layout = layout_page(&page, &GridSettings::default());
        assert_eq!(
            layout.tables[0].cell_at(0, 1).unwrap().text(),
            "第一行\n第二行"
        );
    }
}
