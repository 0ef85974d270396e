//! The merged cells of an OpenDocument spreadsheet, which calamine does not
//! report: `table:number-columns-spanned` / `table:number-rows-spanned` on
//! the cells of content.xml, counted through the repeat attributes the way
//! calamine counts its cells.

use calamine::Dimensions;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// Rows repeated more often than this are the filler LibreOffice writes to
/// the sheet's end (1,048,576 rows): no cell after them can be merged.
const MAX_REPEAT: u32 = 1 << 20;

/// Merged regions per sheet, in sheet order; `None` when `bytes` is not an
/// ODS (or its content cannot be read: then calamine says why).
pub fn spans(bytes: &[u8]) -> Option<Vec<Vec<Dimensions>>> {
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

fn attr_u32(e: &BytesStart, name: &str) -> Option<u32> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
}

fn parse(xml: &[u8]) -> Option<Vec<Vec<Dimensions>>> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut sheets: Vec<Vec<Dimensions>> = Vec::new();
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    sheets.push(Vec::new());
                    row = 0;
                }
                "table:table-row" => {
                    col = 0;
                    row_repeat = attr_u32(e, "table:number-rows-repeated").unwrap_or(1);
                    if matches!(event, Event::Empty(_)) {
                        row = row.saturating_add(row_repeat.min(MAX_REPEAT));
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let across = attr_u32(e, "table:number-columns-spanned").unwrap_or(1);
                    let down = attr_u32(e, "table:number-rows-spanned").unwrap_or(1);
                    if (across > 1 || down > 1)
                        && let Some(sheet) = sheets.last_mut()
                    {
                        sheet.push(Dimensions {
                            start: (row, col),
                            end: (row + down - 1, col + across - 1),
                        });
                    }
                    let repeat = attr_u32(e, "table:number-columns-repeated").unwrap_or(1);
                    col = col.saturating_add(repeat.min(MAX_REPEAT));
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeat.min(MAX_REPEAT));
            }
            Event::Eof => return Some(sheets),
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_repeated_rows_and_cells() {
        let xml = br#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="A">
              <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="3"/>
                <table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="4"><text:p>x</text:p></table:table-cell>
                <table:covered-table-cell/>
              </table:table-row>
            </table:table>
            <table:table table:name="B">
              <table:table-row><table:table-cell table:number-columns-spanned="7"/></table:table-row>
            </table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let s = parse(xml).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0],
            [Dimensions {
                start: (2, 3),
                end: (5, 4)
            }]
        );
        assert_eq!(s[1][0].end, (0, 6));
    }
}
