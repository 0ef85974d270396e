//! Recognition on layouts built in code: each rule of the reader on a
//! small page.

use super::*;
use crate::grid::{GridSettings, layout_page};
use crate::ir::{BBox, Method, Page, Segment, Word};

/// A page holding ruled tables given as rows of cell texts (equal
/// columns of 80 pt, rows of 20 pt), each starting at its own y.
fn page_of(tables: &[(f64, &[&[&str]])]) -> Page {
    let (mut segments, mut words) = (vec![], vec![]);
    for (top, rows) in tables {
        let ncols = rows[0].len();
        let x1 = 40.0 + 80.0 * ncols as f64;
        let bottom = top + 20.0 * rows.len() as f64;
        for r in 0..=rows.len() {
            segments.push(Segment::horizontal(top + 20.0 * r as f64, 40.0, x1));
        }
        for c in 0..=ncols {
            segments.push(Segment::vertical(40.0 + 80.0 * c as f64, *top, bottom));
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                put_text(
                    &mut words,
                    42.0 + 80.0 * c as f64,
                    top + 20.0 * r as f64 + 5.0,
                    text,
                );
            }
        }
    }
    blank_page(1, words, segments)
}

fn put_text(words: &mut Vec<Word>, x: f64, y: f64, text: &str) {
    for (k, ch) in text.chars().enumerate() {
        let x = x + 7.0 * k as f64;
        words.push(Word {
            text: ch.to_string().into(),
            bbox: BBox::new(x, y, x + 7.0, y + 7.0),
            size: 7.0,
            confidence: 1.0,
        });
    }
}

fn blank_page(number: u32, words: Vec<Word>, segments: Vec<Segment>) -> Page {
    Page {
        number,
        width: 1200.0,
        height: 842.0,
        method: Method::Text,
        words,
        segments,
        images: vec![],
        from_source: Default::default(),
        hidden_ocr_chars: 0,
    }
}

/// A cell of a grid drawn in code: row, column, rows and columns spanned,
/// text (lines split on `\n`).
type Spec<'a> = (usize, usize, usize, usize, &'a str);

/// A table of `cols` columns (widths in pt) drawn cell by cell, so merged
/// cells have no inner rules. Rows are 20 pt; the table starts at `top`.
/// `open_bottom` leaves the bottom side of cells in the last row undrawn
/// (a page break cut them), `open_top` the top side of those in row 0.
struct Sheet {
    words: Vec<Word>,
    segments: Vec<Segment>,
}

impl Sheet {
    fn new() -> Sheet {
        Sheet {
            words: vec![],
            segments: vec![],
        }
    }
    fn line(&mut self, x: f64, y: f64, text: &str) -> &mut Self {
        put_text(&mut self.words, x, y, text);
        self
    }
    fn table(&mut self, top: f64, cols: &[f64], cells: &[Spec], open: (bool, bool)) -> &mut Self {
        let xs: Vec<f64> = std::iter::once(40.0)
            .chain(cols.iter().scan(40.0, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();
        let nrows = cells.iter().map(|c| c.0 + c.2).max().unwrap_or(0);
        for &(r, c, rs, cs, text) in cells {
            let (x0, x1) = (xs[c], xs[c + cs]);
            let (y0, y1) = (top + 20.0 * r as f64, top + 20.0 * (r + rs) as f64);
            if !(open.0 && r == 0) {
                self.segments.push(Segment::horizontal(y0, x0, x1));
            }
            if !(open.1 && r + rs == nrows) {
                self.segments.push(Segment::horizontal(y1, x0, x1));
            }
            self.segments.push(Segment::vertical(x0, y0, y1));
            self.segments.push(Segment::vertical(x1, y0, y1));
            for (k, l) in text.split('\n').enumerate() {
                put_text(&mut self.words, x0 + 2.0, y0 + 4.0 + 9.0 * k as f64, l);
            }
        }
        self
    }
    fn layout(&self, number: u32) -> Layout {
        layout_page(
            &blank_page(number, self.words.clone(), self.segments.clone()),
            &GridSettings::default(),
        )
    }
}

fn read(layouts: &[Layout]) -> Vec<RawForm> {
    recognize(layouts, &FormSettings::default())
}

fn texts(f: &RawForm) -> BTreeMap<&'static str, String> {
    f.fields.iter().map(|(k, v)| (*k, v.text.clone())).collect()
}

fn extras(f: &RawForm) -> Vec<(String, String)> {
    f.extra_fields
        .iter()
        .map(|e| (e.label.clone(), e.value.text.clone()))
        .collect()
}

#[test]
fn labels_and_values_in_one_cell() {
    let head: &[&[&str]] = &[
        &["项目名称：绿化养护", "项目性质：经常性"],
        &["主管部门:绿化局", "实施单位：绿化所"],
        &["项目说明：无", "备注"],
    ];
    let layout = layout_page(&page_of(&[(100.0, head)]), &GridSettings::default());
    let forms = read(&[layout]);
    assert_eq!(forms.len(), 1);
    let f = &forms[0].fields;
    assert_eq!(f["project_name"].text, "绿化养护");
    assert_eq!(f["project_nature"].text, "经常性");
    assert_eq!(f["department"].text, "绿化局");
    assert_eq!(f["implementing_unit"].text, "绿化所");
    assert_eq!(f.len(), 4, "项目说明 is not a field: {f:?}");
    assert_eq!(extras(&forms[0]), vec![("项目说明".into(), "无".into())]);
}

#[test]
fn a_form_in_separate_tables_on_one_page_is_one_form() {
    let head: &[&[&str]] = &[
        &["项目名称", "绿化养护", "项目性质", "经常性"],
        &["主管部门", "绿化局", "实施单位", "绿化所"],
    ];
    let inds: &[&[&str]] = &[
        &["一级指标", "二级指标", "三级指标", "指标值"],
        &["产出指标", "数量指标", "养护面积", "≥10(万平方米)"],
        &["效益指标", "社会效益指标", "满意度", "≥90%"],
    ];
    let other: &[&[&str]] = &[&["项目名称", "第二个项目", "项目性质", "一次性"]];
    let layout = layout_page(
        &page_of(&[(100.0, head), (200.0, inds), (400.0, other)]),
        &GridSettings::default(),
    );
    assert_eq!(layout.tables.len(), 3);
    let forms = read(&[layout]);
    assert_eq!(forms.len(), 2);
    assert_eq!(forms[0].fields["project_name"].text, "绿化养护");
    assert_eq!(forms[0].indicators.len(), 2);
    assert_eq!(forms[0].indicators[1].level2.text, "社会效益指标");
    assert_eq!(forms[1].fields["project_name"].text, "第二个项目");
    assert!(forms[1].indicators.is_empty());
}
