//! What calamine does not report of an OpenDocument spreadsheet: its merged
//! cells (`table:number-columns-spanned` / `-rows-spanned`) and its cell
//! borders (the `fo:border*` of the cell styles in content.xml), counted
//! through the repeat attributes the way calamine counts its cells.

use calamine::Dimensions;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Rows repeated more often than this are the filler LibreOffice writes to
/// the sheet's end (1,048,576 rows): no cell after them can be merged.
const MAX_REPEAT: u32 = 1 << 20;
/// A bordered row or cell is repeated at most this often (a styled filler
/// must not make millions of cells).
const MAX_BORDER_REPEAT: u32 = 4096;

/// One sheet's merged regions and bordered cells (row, column, side bits
/// as `super::Borders` has them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OdsSheet {
    pub merged: Vec<Dimensions>,
    pub borders: Vec<(u32, u32, u8)>,
}

/// Per sheet, in sheet order; `None` when `bytes` is not an ODS (or its
/// content cannot be read: then calamine says why).
pub fn sheets(bytes: &[u8]) -> Option<Vec<OdsSheet>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut mime = String::new();
    zip.by_name("mimetype")
        .ok()?
        .read_to_string(&mut mime)
        .ok()?;
    if !mime.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
        return None;
    }
    let mut xml = Vec::new();
    zip.by_name("content.xml")
        .ok()?
        .read_to_end(&mut xml)
        .ok()?;
    parse(&xml)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.trim().to_string())
}

fn attr_u32(e: &BytesStart, name: &str) -> Option<u32> {
    attr(e, name).and_then(|v| v.parse().ok())
}

/// A border value (`0.74pt solid #000000`, `none`) is drawn.
fn drawn(v: &str) -> bool {
    let v = v.trim();
    !(v.is_empty() || v == "none" || v.starts_with("0pt") || v.starts_with("0cm"))
}

/// The side bits a `style:table-cell-properties` element sets.
fn border_bits(e: &BytesStart) -> u8 {
    use super::{BOTTOM, LEFT, RIGHT, TOP};
    let all = attr(e, "fo:border").is_some_and(|v| drawn(&v));
    let side = |name: &str, bit: u8| match attr(e, name) {
        Some(v) => bit * drawn(&v) as u8,
        None => bit * all as u8,
    };
    side("fo:border-top", TOP)
        | side("fo:border-right", RIGHT)
        | side("fo:border-bottom", BOTTOM)
        | side("fo:border-left", LEFT)
}

fn parse(xml: &[u8]) -> Option<Vec<OdsSheet>> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut sheets: Vec<OdsSheet> = Vec::new();
    // Cell style name → side bits; the style being read.
    let mut styles: HashMap<String, u8> = HashMap::new();
    let mut style: Option<String> = None;
    // Each column's default cell style, of the sheet being read.
    let mut column_styles: Vec<String> = Vec::new();
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    let mut row_cells: Vec<(u32, u8)> = Vec::new();
    let end_row =
        |sheets: &mut Vec<OdsSheet>, row: &mut u32, repeat: u32, cells: &mut Vec<(u32, u8)>| {
            if let Some(sheet) = sheets.last_mut() {
                for k in 0..repeat.min(MAX_BORDER_REPEAT) {
                    sheet
                        .borders
                        .extend(cells.iter().map(|&(c, bits)| (*row + k, c, bits)));
                }
            }
            cells.clear();
            *row = row.saturating_add(repeat.min(MAX_REPEAT));
        };
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "style:style" => {
                    style = (attr(e, "style:family").as_deref() == Some("table-cell"))
                        .then(|| attr(e, "style:name"))
                        .flatten();
                }
                "style:table-cell-properties" => {
                    if let Some(name) = &style {
                        styles.insert(name.clone(), border_bits(e));
                    }
                }
                "table:table" => {
                    sheets.push(OdsSheet::default());
                    column_styles.clear();
                    row = 0;
                }
                "table:table-column" => {
                    let n = attr_u32(e, "table:number-columns-repeated").unwrap_or(1);
                    let s = attr(e, "table:default-cell-style-name").unwrap_or_default();
                    let room = 16_384usize.saturating_sub(column_styles.len());
                    column_styles.extend(std::iter::repeat_n(s, (n as usize).min(room)));
                }
                "table:table-row" => {
                    col = 0;
                    row_repeat = attr_u32(e, "table:number-rows-repeated").unwrap_or(1);
                    if matches!(event, Event::Empty(_)) {
                        end_row(&mut sheets, &mut row, row_repeat, &mut row_cells);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let across = attr_u32(e, "table:number-columns-spanned").unwrap_or(1);
                    let down = attr_u32(e, "table:number-rows-spanned").unwrap_or(1);
                    if (across > 1 || down > 1)
                        && let Some(sheet) = sheets.last_mut()
                    {
                        sheet.merged.push(Dimensions {
                            start: (row, col),
                            end: (row + down - 1, col + across - 1),
                        });
                    }
                    let repeat = attr_u32(e, "table:number-columns-repeated").unwrap_or(1);
                    let name = attr(e, "table:style-name")
                        .or_else(|| column_styles.get(col as usize).cloned())
                        .unwrap_or_default();
                    let bits = styles.get(&name).copied().unwrap_or(0);
                    if bits != 0 {
                        for k in 0..repeat.min(MAX_BORDER_REPEAT) {
                            row_cells.push((col + k, bits));
                        }
                    }
                    col = col.saturating_add(repeat.min(MAX_REPEAT));
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                end_row(&mut sheets, &mut row, row_repeat, &mut row_cells);
            }
            Event::End(e) if e.name().as_ref() == "style:style" => style = None,
            Event::Eof => return Some(sheets),
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::{BOTTOM, LEFT, RIGHT, TOP};

    #[test]
    fn spans_and_borders_count_repeated_rows_and_cells() {
        let xml = br#"<office:document-content><office:automatic-styles>
            <style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:border="0.74pt solid #000000"/></style:style>
            <style:style style:name="ce2" style:family="table-cell"><style:table-cell-properties fo:border-bottom="none" fo:border-left="0.74pt solid #000000" fo:border-right="none" fo:border-top="0.74pt solid #000000"/></style:style>
            <style:style style:name="co1" style:family="table-column"/>
            </office:automatic-styles><office:body><office:spreadsheet>
            <table:table table:name="A">
              <table:table-column table:number-columns-repeated="3" table:default-cell-style-name="Default"/>
              <table:table-column table:default-cell-style-name="ce2"/>
              <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="3"/>
                <table:table-cell table:style-name="ce1" table:number-columns-spanned="2" table:number-rows-spanned="4"><text:p>x</text:p></table:table-cell>
                <table:covered-table-cell/>
              </table:table-row>
              <table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell/></table:table-row>
            </table:table>
            <table:table table:name="B">
              <table:table-row><table:table-cell table:number-columns-spanned="7"/></table:table-row>
            </table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let s = parse(xml).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].merged,
            [Dimensions {
                start: (2, 3),
                end: (5, 4)
            }]
        );
        assert_eq!(s[1].merged[0].end, (0, 6));
        // The styled cell, and a cell that takes its column's style.
        assert_eq!(
            s[0].borders,
            [(2, 3, TOP | RIGHT | BOTTOM | LEFT), (3, 3, TOP | LEFT)]
        );
        assert!(s[1].borders.is_empty());
    }
}
