//! Where every value of a record came from: its page, its cell's box and the
//! reader's confidence, with the grid of each page of the form. Written
//! beside the records (`sources.jsonl`, one line per form) so that `review`
//! can draw them over the page without reading the file again (OCR is slow).
//!
//! Coordinates are the page IR's: points, top-left origin; `from_source`
//! maps a point of the PDF page into them (a scan read upright and
//! straight was turned and deskewed).

use crate::form::values::split_department_code;
use crate::form::{RawForm, Sourced};
use crate::grid::Layout;
use crate::ir::{Affine, BBox, Method, Page};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormSources {
    pub source_file: String,
    pub form_index: u32,
    /// The file as it was opened (absolute), so the PDF can be found from
    /// another directory.
    pub path: String,
    pub pages: Vec<PageSource>,
    pub fields: Vec<FieldSource>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageSource {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub method: Method,
    pub from_source: Affine,
    /// Each table's cells.
    pub tables: Vec<Vec<Rect>>,
}

/// A box as `[x0, top, x1, bottom]`: a quarter of the JSON of a `BBox`
/// (grids have hundreds of cells a page).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rect(pub [f64; 4]);

impl Rect {
    pub fn bbox(&self) -> BBox {
        let [x0, top, x1, bottom] = self.0;
        BBox::new(x0, top, x1, bottom)
    }
}

impl From<BBox> for Rect {
    /// To a hundredth of a point: finer than any drawing.
    fn from(b: BBox) -> Rect {
        Rect([b.x0, b.top, b.x1, b.bottom].map(round))
    }
}

/// One value's origin. `field` is a record field name; for an indicator's
/// cells it is `level1`, `level2`, `level3`, `target`, `note`,
/// `target_unit` (a 计量单位 cell) or `extra.<header>`, with `indicator`
/// its `seq`. An entry of `extra_fields` is `extra_fields[i]` (its index in
/// the record's array), with `label` the label as the record has it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldSource {
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<u32>,
    pub page: u32,
    pub bbox: Option<Rect>,
    /// 1 for a text layer; the engine's for OCR.
    pub confidence: f32,
    /// The cell's text as laid out (before normalisation).
    pub text: String,
    /// The printed label or column header of an `extra_fields` entry or an
    /// indicator's `extra` column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The sources of one recognised form. `pages` and `layouts` are the
/// file's, in page order.
pub fn form_sources(
    raw: &RawForm,
    source_file: &str,
    form_index: u32,
    pages: &[Page],
    layouts: &[Layout],
) -> FormSources {
    let field = |name: &str, indicator: Option<u32>, s: &Sourced| FieldSource {
        field: name.to_string(),
        indicator,
        page: s.page,
        bbox: s.bbox.map(Rect::from),
        confidence: (s.confidence * 1000.0).round() / 1000.0,
        text: s.text.clone(),
        label: None,
    };
    let mut fields = Vec::new();
    if let Some(y) = &raw.year {
        fields.push(field("year", None, y));
    }
    if let Some(u) = raw.funds_label.as_ref().or(raw.unit_note.as_ref()) {
        fields.push(field("amount_unit", None, u));
    }
    if let Some(t) = &raw.title {
        fields.push(field("form_title", None, t));
    }
    for (name, s) in &raw.fields {
        fields.push(field(name, None, s));
        // The code is printed in the department's cell (`[173]中国科学院`).
        if *name == "department" && !split_department_code(&s.text).1.is_empty() {
            fields.push(field("department_code", None, s));
        }
    }
    for (i, e) in raw.extra_fields.iter().enumerate() {
        fields.push(FieldSource {
            label: Some(e.label.trim_end_matches(['：', ':']).to_string()),
            ..field(&format!("extra_fields[{i}]"), None, &e.value)
        });
    }
    for (i, ind) in raw.indicators.iter().enumerate() {
        let seq = Some(i as u32 + 1);
        for (name, s) in [
            ("level1", &ind.level1),
            ("level2", &ind.level2),
            ("level3", &ind.level3),
            ("target", &ind.target),
        ] {
            // A level the form leaves blank (no cell) has no origin.
            if s.page != 0 {
                fields.push(field(name, seq, s));
            }
        }
        if ind.note.page != 0 {
            fields.push(field("note", seq, &ind.note));
        }
        if let Some(u) = ind.unit.as_ref().filter(|u| u.page != 0) {
            fields.push(field("target_unit", seq, u));
        }
        for (header, s) in ind.extra.iter().filter(|(_, s)| s.page != 0) {
            fields.push(FieldSource {
                label: Some(header.clone()),
                ..field(&format!("extra.{header}"), seq, s)
            });
        }
    }
    let pages = raw
        .pages
        .iter()
        .filter_map(|&n| {
            let page = pages.get(n as usize - 1)?;
            let layout = layouts.get(n as usize - 1)?;
            Some(PageSource {
                number: n,
                width: round(page.width),
                height: round(page.height),
                method: page.method,
                from_source: page.from_source,
                tables: layout
                    .tables
                    .iter()
                    .map(|t| t.cells.iter().map(|c| Rect::from(c.bbox)).collect())
                    .collect(),
            })
        })
        .collect();
    FormSources {
        source_file: source_file.to_string(),
        form_index,
        path: String::new(),
        pages,
        fields,
    }
}

/// To a hundredth of a point: finer than any drawing, and a smaller file.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
