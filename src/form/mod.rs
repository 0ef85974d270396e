//! 申报表 recognition: laid-out pages → raw forms.
//!
//! A form starts at a table holding a 项目名称 label. Labels are found by
//! their text (`labels`), never by position; a value is the cell right of its
//! label, or below it for the goal headers. The indicator table is read by
//! the column bands of its header row (一级/二级/三级指标, 指标值), and goes on
//! over following pages while their first table lines up with those bands or
//! repeats the header. A merged 一级/二级 cell gives its label to every row it
//! covers, across page breaks too, even when the break splits the label
//! (`产出指` | `标`).
//!
//! Architecture invariant: knows tables and labels, not PDFs, and does not
//! normalise values: a `RawForm` holds cell text as laid out, with where it
//! came from.

pub mod labels;

use crate::grid::{Cell, Layout, Table, TextLine};
use crate::ir::BBox;
use labels::{LEVEL1_NAMES, LEVEL2_NAMES, Label, classify, classify_read, key, nearest};
use serde::Serialize;
use std::collections::BTreeMap;

/// Tolerances of form recognition, in points.
#[derive(Clone, Debug)]
pub struct FormSettings {
    /// How far a continuation page's column edges may be from the header's.
    pub band_tolerance: f64,
}

impl Default for FormSettings {
    fn default() -> Self {
        FormSettings {
            band_tolerance: 3.0,
        }
    }
}

/// Cell text with its origin.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sourced {
    /// Lines as laid out, joined with `\n`.
    pub text: String,
    pub page: u32,
    pub bbox: Option<BBox>,
    pub confidence: f32,
    /// One per character of `text` when the engine gave them, else empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub char_confidences: Vec<f32>,
}

impl Sourced {
    fn from_cell(cell: &Cell, page: u32) -> Sourced {
        Sourced {
            text: cell.text(),
            page,
            bbox: Some(cell.bbox),
            confidence: cell.lines.iter().map(|l| l.confidence).fold(1.0, f32::min),
            char_confidences: cell_char_confidences(cell),
        }
    }
    fn from_line(line: &TextLine, page: u32) -> Sourced {
        Sourced {
            text: line.text.clone(),
            page,
            bbox: Some(line.bbox),
            confidence: line.confidence,
            char_confidences: line.char_confidences.clone().unwrap_or_default(),
        }
    }
}

/// A cell's per-character confidences, lines joined as `Cell::text` joins
/// them (a line break counts as sure); empty unless every line has them.
fn cell_char_confidences(cell: &Cell) -> Vec<f32> {
    let mut out = Vec::new();
    for (i, l) in cell.lines.iter().enumerate() {
        let Some(c) = &l.char_confidences else {
            return Vec::new();
        };
        if i > 0 {
            out.push(1.0);
        }
        out.extend(c);
    }
    out
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RawIndicator {
    pub level1: Sourced,
    pub level2: Sourced,
    pub level3: Sourced,
    pub target: Sourced,
}

/// A recognised form before normalisation.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RawForm {
    pub pages: Vec<u32>,
    /// Where `(2023年度)` was printed.
    pub year: Option<Sourced>,
    /// 项目资金（元） label: declares the amount unit.
    pub funds_label: Option<Sourced>,
    /// A `单位：万元` line printed above the form's table, if any.
    pub unit_note: Option<Sourced>,
    /// Scalar fields by record field name.
    pub fields: BTreeMap<&'static str, Sourced>,
    pub indicators: Vec<RawIndicator>,
    /// Doubts found while reading the layout.
    pub notes: Vec<String>,
}

/// Column bands of an indicator table, from its header row.
#[derive(Clone, Debug)]
struct Bands {
    level1: (f64, f64),
    level2: (f64, f64),
    level3: (f64, f64),
    target: (f64, f64),
}

/// An indicator row before label resolution: the 一级/二级 cells are kept
/// by identity so merged cells can be told apart from repeated labels.
struct PendingRow {
    level1: Option<LevelCell>,
    level2: Option<LevelCell>,
    level3: Sourced,
    target: Sourced,
}

type CellId = (u32, usize, usize); // page, table, cell

/// A 一级/二级 cell as seen from one row.
#[derive(Clone)]
struct LevelCell {
    id: CellId,
    text: Sourced,
    open_top: bool,
    open_bottom: bool,
}

struct Builder {
    form: RawForm,
    bands: Option<Bands>,
    rows: Vec<PendingRow>,
    last_page: u32,
    /// Goals whose value cell a page break cut: (field, x band).
    open_goals: Vec<(&'static str, (f64, f64))>,
}

/// Finds every form in a document's laid-out pages, in order.
pub fn recognize(layouts: &[Layout], settings: &FormSettings) -> Vec<RawForm> {
    let mut forms = Vec::new();
    let mut cur: Option<Builder> = None;
    for layout in layouts {
        if layout.tables.is_empty() {
            // A page of prose ends any form.
            forms.extend(cur.take().map(Builder::finish));
            continue;
        }
        for (ti, table) in layout.tables.iter().enumerate() {
            let found = find_labels(table);
            let starts = found
                .iter()
                .any(|(_, l)| *l == Label::Field("project_name"))
                || table
                    .cells
                    .iter()
                    .any(|c| inline_field(c).is_some_and(|(f, _)| f == "project_name"));
            if starts {
                forms.extend(cur.take().map(Builder::finish));
                let mut b = Builder {
                    form: RawForm::default(),
                    bands: None,
                    rows: Vec::new(),
                    last_page: layout.page,
                    open_goals: Vec::new(),
                };
                b.form.year = find_year(layout, table);
                b.form.unit_note = find_unit_note(layout, table);
                b.absorb(layout, ti, &found, settings);
                cur = Some(b);
            } else if let Some(b) = cur
                .as_mut()
                .filter(|b| b.continues_on(layout, ti, &found, settings))
            {
                b.absorb(layout, ti, &found, settings);
            } else {
                forms.extend(cur.take().map(Builder::finish));
            }
        }
    }
    forms.extend(cur.take().map(Builder::finish));
    forms
}

/// Label cells of a table, by cell index.
fn find_labels(table: &Table) -> Vec<(usize, Label)> {
    table
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty() && might_be_label(c))
        .filter_map(|(i, c)| label_of(c).map(|l| (i, l)))
        .collect()
}

/// Text read by OCR: its words carry the engine's confidence, below 1.
fn is_ocr(c: &Cell) -> bool {
    c.lines.iter().any(|l| l.confidence < 1.0)
}

/// The label a cell announces (near matches too, for OCR text).
fn label_of(c: &Cell) -> Option<Label> {
    classify_read(&key(&c.text()), is_ocr(c))
}

/// A cell that holds both its label and its value, as some templates print
/// them: `项目名称：数据运营服务费`. Returns the field and the value's text.
fn inline_field(c: &Cell) -> Option<(&'static str, String)> {
    let text = c.text();
    let head: String = text.chars().take(16).collect();
    let at = head.find(['：', ':'])?;
    let (label, rest) = text.split_at(at);
    let value = rest.trim_start_matches(['：', ':']);
    match classify_read(&key(label), is_ocr(c))? {
        Label::Field(name) if !value.trim().is_empty() => Some((name, value.to_string())),
        _ => None,
    }
}

/// Labels are short: skip folding the text of long cells (goals).
fn might_be_label(c: &Cell) -> bool {
    c.lines
        .iter()
        .map(|l| l.text.chars().count())
        .sum::<usize>()
        <= 24
}

/// The `(2023年度)` line: above the form's table first, then inside it.
fn find_year(layout: &Layout, table: &Table) -> Option<Sourced> {
    let is_year = |t: &str| {
        let k = key(t);
        let k = k.trim_start_matches('(').trim_end_matches(')');
        k.len() >= 4 && k.ends_with("年度") && k[..4].bytes().all(|b| b.is_ascii_digit())
    };
    let above = layout
        .outside
        .iter()
        .filter(|l| l.bbox.bottom <= table.bbox.top + 1.0)
        .rev()
        .find(|l| is_year(&l.text))
        .map(|l| Sourced::from_line(l, layout.page));
    above.or_else(|| {
        table
            .cells
            .iter()
            .find(|c| is_year(&c.text()))
            .map(|c| Sourced::from_cell(c, layout.page))
    })
}

/// The cell at the top of `table`, open at its top, in the x band of a goal
/// cut by the page break: the goal's next part.
fn goal_continuation(table: &Table, band: (f64, f64)) -> Option<&Cell> {
    table.cells.iter().find(|c| {
        let cx = (c.bbox.x0 + c.bbox.x1) / 2.0;
        c.row == 0 && c.open_top && cx > band.0 && cx < band.1
    })
}

/// `单位：元` / `金额单位：万元` printed above the form's table.
fn find_unit_note(layout: &Layout, table: &Table) -> Option<Sourced> {
    layout
        .outside
        .iter()
        .filter(|l| l.bbox.bottom <= table.bbox.top + 1.0)
        .rev()
        .find(|l| {
            let k = key(&l.text);
            k.contains("单位:") && k.contains('元')
        })
        .map(|l| Sourced::from_line(l, layout.page))
}

fn in_band(cell: &Cell, band: (f64, f64), tol: f64) -> bool {
    let cx = (cell.bbox.x0 + cell.bbox.x1) / 2.0;
    cx >= band.0 - tol && cx <= band.1 + tol
}

fn near(values: &[f64], x: f64, tol: f64) -> bool {
    values.iter().any(|v| (v - x).abs() <= tol)
}

impl Builder {
    /// Whether `table` carries on this form's indicator table.
    fn continues_on(
        &self,
        layout: &Layout,
        ti: usize,
        found: &[(usize, Label)],
        s: &FormSettings,
    ) -> bool {
        // A later table on the form's own page: the form printed as
        // separate tables (header block, goals, indicators) with gaps.
        if layout.page == self.last_page {
            let t = &layout.tables[ti];
            return !found.is_empty()
                || t.cells.iter().any(|c| inline_field(c).is_some())
                || self.bands_match(t, s);
        }
        if layout.page != self.last_page + 1 || ti != 0 {
            return false;
        }
        if found.iter().any(|(_, l)| *l == Label::Level3Header) {
            return true;
        }
        let t = &layout.tables[ti];
        if self
            .open_goals
            .iter()
            .any(|(_, band)| goal_continuation(t, *band).is_some())
        {
            return true;
        }
        self.bands_match(t, s)
    }

    /// Whether `t` has column edges where the indicator table's 三级指标 and
    /// 指标值 columns are.
    fn bands_match(&self, t: &Table, s: &FormSettings) -> bool {
        let Some(b) = &self.bands else { return false };
        [b.level3.0, b.level3.1, b.target.0, b.target.1]
            .iter()
            .all(|&x| near(&t.cols, x, s.band_tolerance))
    }

    fn absorb(&mut self, layout: &Layout, ti: usize, found: &[(usize, Label)], s: &FormSettings) {
        let page = layout.page;
        let table = &layout.tables[ti];
        if page != self.last_page {
            self.continue_goals(table);
        }
        self.last_page = page;
        if !self.form.pages.contains(&page) {
            self.form.pages.push(page);
        }
        self.read_fields(table, found, page);
        self.read_inline_fields(table, page);
        // Indicator header: the row that holds 三级指标.
        let mut data_from = 0;
        if let Some(&(l3i, _)) = found.iter().find(|(_, l)| *l == Label::Level3Header) {
            let header_row = table.cells[l3i].row;
            let band_of = |want: Label| {
                found
                    .iter()
                    .find(|(i, l)| *l == want && table.cells[*i].covers_row(header_row))
                    .map(|(i, _)| (table.cells[*i].bbox.x0, table.cells[*i].bbox.x1))
            };
            match (
                band_of(Label::Level1Header),
                band_of(Label::Level2Header),
                band_of(Label::TargetHeader),
            ) {
                (Some(level1), Some(level2), Some(target)) => {
                    let level3 = (table.cells[l3i].bbox.x0, table.cells[l3i].bbox.x1);
                    self.bands = Some(Bands {
                        level1,
                        level2,
                        level3,
                        target,
                    });
                }
                _ => self.form.notes.push(format!(
                    "page {page}: indicator header without all of 一级/二级/三级/指标值"
                )),
            }
            data_from = table.cells[l3i].last_row() + 1;
        } else if self.bands.is_none() {
            return;
        }
        if let Some(bands) = self.bands.clone() {
            self.read_indicator_rows(table, ti, page, data_from, &bands, s.band_tolerance);
        }
    }

    fn read_fields(&mut self, table: &Table, found: &[(usize, Label)], page: u32) {
        let is_label = |c: &Cell| might_be_label(c) && label_of(c).is_some();
        let mut others: Vec<&Cell> = Vec::new();
        for &(i, label) in found {
            let cell = &table.cells[i];
            match label {
                Label::Field(name) => {
                    let goal = name.ends_with("_goal");
                    let right = table
                        .right_of(cell)
                        .filter(|c| !c.is_empty() && !is_label(c));
                    let value = match (goal, right) {
                        (false, r) => r,
                        (true, Some(r)) => Some(r),
                        (true, None) => table.below(cell).filter(|c| !is_label(c)),
                    };
                    if let Some(v) = value {
                        if goal && v.open_bottom {
                            self.open_goals.push((name, (v.bbox.x0, v.bbox.x1)));
                        }
                        self.set(name, Sourced::from_cell(v, page));
                    } else if !goal || table.below(cell).is_some() {
                        // Label present, value cell empty: the field is blank on the form.
                        self.form.fields.entry(name).or_insert_with(|| Sourced {
                            page,
                            ..Default::default()
                        });
                    }
                }
                Label::OtherFunds => others.push(cell),
                Label::FundsBlock => self.form.funds_label = Some(Sourced::from_cell(cell, page)),
                _ => {}
            }
        }
        // 其他资金 appears twice: the left block's is total_other, the right's annual_other.
        others.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let names: &[&'static str] = match others.len() {
            2 => &["total_other", "annual_other"],
            _ => &[],
        };
        if !others.is_empty() && names.is_empty() {
            self.form.notes.push(format!(
                "page {page}: {} 其他资金 labels, expected 2",
                others.len()
            ));
        }
        for (cell, name) in others.iter().zip(names) {
            let v = table.right_of(cell).filter(|c| !is_label(c));
            self.set(
                name,
                v.map(|v| Sourced::from_cell(v, page)).unwrap_or(Sourced {
                    page,
                    ..Default::default()
                }),
            );
        }
    }

    /// Fields printed with their label in one cell.
    fn read_inline_fields(&mut self, table: &Table, page: u32) {
        for cell in &table.cells {
            if let Some((name, value)) = inline_field(cell) {
                let mut v = Sourced::from_cell(cell, page);
                v.text = value;
                self.set(name, v);
            }
        }
    }

    /// Appends the next page's part of goals cut by the page break. (The
    /// goal's `Sourced` keeps the first part's page and box.)
    fn continue_goals(&mut self, table: &Table) {
        for (name, band) in std::mem::take(&mut self.open_goals) {
            let Some(cell) = goal_continuation(table, band) else {
                continue;
            };
            if let Some(v) = self.form.fields.get_mut(name) {
                let more = cell.text();
                if !more.trim().is_empty() {
                    v.text = format!("{}\n{more}", v.text);
                }
            }
            if cell.open_bottom {
                self.open_goals.push((name, (cell.bbox.x0, cell.bbox.x1)));
            }
        }
    }

    fn set(&mut self, name: &'static str, value: Sourced) {
        if let Some(old) = self.form.fields.get(name) {
            if !old.text.is_empty() && old.text != value.text {
                self.form
                    .notes
                    .push(format!("{name} printed twice; kept the first"));
                return;
            }
        }
        self.form.fields.insert(name, value);
    }

    fn read_indicator_rows(
        &mut self,
        table: &Table,
        ti: usize,
        page: u32,
        from: usize,
        b: &Bands,
        tol: f64,
    ) {
        let mut starts: Vec<usize> = table
            .cells
            .iter()
            .filter(|c| c.row >= from && (in_band(c, b.level3, tol) || in_band(c, b.target, tol)))
            .map(|c| c.row)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let cell_in = |r: usize, band: (f64, f64)| {
            table
                .cells
                .iter()
                .enumerate()
                .find(|(_, c)| c.covers_row(r) && in_band(c, band, tol))
        };
        let mut used_l3: Vec<usize> = Vec::new();
        for r in starts {
            let l3 = cell_in(r, b.level3);
            let tg = cell_in(r, b.target);
            // A tall level3 cell beside two target cells is one indicator.
            if let Some((i, _)) = l3 {
                if used_l3.contains(&i) && tg.is_none_or(|(_, c)| c.row != r) {
                    continue;
                }
                used_l3.push(i);
            }
            let text = |c: Option<(usize, &Cell)>| {
                c.map(|(_, c)| Sourced::from_cell(c, page))
                    .unwrap_or_default()
            };
            let level3 = text(l3);
            let target = text(tg);
            if level3.text.trim().is_empty() && target.text.trim().is_empty() {
                continue;
            }
            // A repeated header row on a continuation page is not an indicator.
            if classify(&key(&level3.text)) == Some(Label::Level3Header) {
                continue;
            }
            let level = |band| {
                cell_in(r, band).map(|(i, c): (usize, &Cell)| LevelCell {
                    id: (page, ti, i),
                    text: Sourced::from_cell(c, page),
                    open_top: c.open_top,
                    open_bottom: c.open_bottom,
                })
            };
            self.rows.push(PendingRow {
                level1: level(b.level1),
                level2: level(b.level2),
                level3,
                target,
            });
        }
    }

    fn finish(mut self) -> RawForm {
        let rows = std::mem::take(&mut self.rows);
        let l1 = resolve_levels(
            rows.iter().map(|r| r.level1.as_ref()).collect(),
            LEVEL1_NAMES,
            &mut self.form.notes,
        );
        let l2 = resolve_levels(
            rows.iter().map(|r| r.level2.as_ref()).collect(),
            LEVEL2_NAMES,
            &mut self.form.notes,
        );
        self.form.indicators = rows
            .into_iter()
            .zip(l1.into_iter().zip(l2))
            .map(|(r, (level1, level2))| RawIndicator {
                level1,
                level2,
                level3: r.level3,
                target: r.target,
            })
            .collect();
        self.form
    }
}

/// The known 一级/二级 name OCR text stands for: noise read in a tall merged
/// cell comes back around the name (`产出指标|本`), so the name inside the
/// text counts, else the nearest one.
fn snap_level<'a>(text: &str, names: &[&'a str]) -> Option<&'a str> {
    let cjk: String = text.chars().filter(|&c| crate::grid::is_cjk(c)).collect();
    let inside: Vec<&'a str> = names.iter().copied().filter(|n| cjk.contains(n)).collect();
    // The longest: 服务对象满意度指标 holds no other name, but be safe.
    match inside.iter().max_by_key(|n| n.len()) {
        Some(n) => Some(n),
        None => nearest(&cjk, names),
    }
}

/// Gives each row its 一级 (or 二级) label. A row's cell is shared with the
/// rows it spans. A merged cell cut by a page break is two cells, the first
/// open at the bottom and the second open at the top: they are one label,
/// printed on either part, on both, or split between them (`产出指` | `标`).
/// An empty cell otherwise inherits the label above.
fn resolve_levels(
    cells: Vec<Option<&LevelCell>>,
    names: &[&str],
    notes: &mut Vec<String>,
) -> Vec<Sourced> {
    struct Group {
        id: Option<CellId>,
        text: Sourced,
        open_top: bool,
        open_bottom: bool,
        rows: Vec<usize>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for (row, c) in cells.iter().enumerate() {
        match (c, groups.last_mut()) {
            (Some(c), Some(g)) if g.id == Some(c.id) => g.rows.push(row),
            (Some(c), _) => groups.push(Group {
                id: Some(c.id),
                text: c.text.clone(),
                open_top: c.open_top,
                open_bottom: c.open_bottom,
                rows: vec![row],
            }),
            (None, _) => groups.push(Group {
                id: None,
                text: Sourced::default(),
                open_top: false,
                open_bottom: false,
                rows: vec![row],
            }),
        }
    }
    let known = |t: &str| names.contains(&key(t).as_str());
    let empty = |s: &Sourced| s.text.trim().is_empty();
    // Join the two parts of cells cut by a page break, last to first so a
    // label printed on a later part reaches back over several pages.
    for g in (1..groups.len()).rev() {
        if !(groups[g - 1].open_bottom && groups[g].open_top) {
            continue;
        }
        let (a, b) = (groups[g - 1].text.clone(), groups[g].text.clone());
        if empty(&a) && !empty(&b) {
            groups[g - 1].text = b;
        } else if !empty(&a) && !empty(&b) && !known(&a.text) && !known(&b.text) {
            let joined = format!("{}{}", key(&a.text), key(&b.text));
            if known(&joined) {
                groups[g - 1].text.text = joined.clone();
                groups[g].text.text = joined;
            }
        }
    }
    let mut out = vec![Sourced::default(); cells.len()];
    let mut carried: Option<Sourced> = None;
    for g in groups {
        let value = if empty(&g.text) {
            carried.clone().unwrap_or_default()
        } else {
            let mut text = g.text;
            if !known(&text.text) {
                // OCR misreads a character or two; the names are a closed set.
                match snap_level(&key(&text.text), names).filter(|_| text.confidence < 1.0) {
                    Some(name) => {
                        notes.push(format!(
                            "repaired: indicator label {:?} read as {name:?} (OCR, nearest known name, page {})",
                            key(&text.text),
                            text.page
                        ));
                        text.text = name.to_string();
                    }
                    None => notes.push(format!(
                        "indicator label {:?} is not a known 一级/二级 name",
                        key(&text.text)
                    )),
                }
            }
            text
        };
        carried = Some(value.clone());
        for r in g.rows {
            out[r] = value.clone();
        }
    }
    out
}

#[cfg(test)]
mod tests {
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
                    for (k, ch) in text.chars().enumerate() {
                        let x = 42.0 + 80.0 * c as f64 + 7.0 * k as f64;
                        let y = top + 20.0 * r as f64 + 5.0;
                        words.push(Word {
                            text: ch.to_string().into(),
                            bbox: BBox::new(x, y, x + 7.0, y + 7.0),
                            size: 7.0,
                            confidence: 1.0,
                            char_confidences: None,
                        });
                    }
                }
            }
        }
        Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            method: Method::Text,
            words,
            segments,
            images: vec![],
            from_source: Default::default(),
            hidden_ocr_chars: 0,
        }
    }

    #[test]
    fn labels_and_values_in_one_cell() {
        let head: &[&[&str]] = &[
            &["项目名称：绿化养护", "项目性质：经常性"],
            &["主管部门:绿化局", "实施单位：绿化所"],
            &["项目说明：无", "备注"],
        ];
        let layout = layout_page(&page_of(&[(100.0, head)]), &GridSettings::default());
        let forms = recognize(&[layout], &FormSettings::default());
        assert_eq!(forms.len(), 1);
        let f = &forms[0].fields;
        assert_eq!(f["project_name"].text, "绿化养护");
        assert_eq!(f["project_nature"].text, "经常性");
        assert_eq!(f["department"].text, "绿化局");
        assert_eq!(f["implementing_unit"].text, "绿化所");
        assert_eq!(f.len(), 4, "项目说明 is not a field: {f:?}");
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
        let forms = recognize(&[layout], &FormSettings::default());
        assert_eq!(forms.len(), 2);
        assert_eq!(forms[0].fields["project_name"].text, "绿化养护");
        assert_eq!(forms[0].indicators.len(), 2);
        assert_eq!(forms[0].indicators[1].level2.text, "社会效益指标");
        assert_eq!(forms[1].fields["project_name"].text, "第二个项目");
        assert!(forms[1].indicators.is_empty());
    }

    fn lc(id: usize, text: &str, open_top: bool, open_bottom: bool) -> LevelCell {
        LevelCell {
            id: (1, 0, id),
            text: Sourced {
                text: text.into(),
                ..Default::default()
            },
            open_top,
            open_bottom,
        }
    }

    fn resolve(cells: &[Option<LevelCell>]) -> Vec<String> {
        let refs: Vec<Option<&LevelCell>> = cells.iter().map(Option::as_ref).collect();
        resolve_levels(refs, LEVEL1_NAMES, &mut vec![])
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn a_label_printed_only_after_the_break_reaches_back() {
        let a = lc(1, "", false, true);
        let b = lc(2, "产出指标", true, false);
        let got = resolve(&[Some(a.clone()), Some(a), Some(b.clone()), Some(b)]);
        assert_eq!(got, vec!["产出指标"; 4]);
    }

    #[test]
    fn a_label_split_by_the_break_is_joined() {
        let got = resolve(&[
            Some(lc(1, "产出指", false, true)),
            Some(lc(2, "标", true, false)),
        ]);
        assert_eq!(got, vec!["产出指标", "产出指标"]);
    }

    #[test]
    fn closed_cells_are_not_joined_and_blanks_inherit() {
        let got = resolve(&[
            Some(lc(1, "产出指标", false, false)),
            Some(lc(2, "", false, false)),
            Some(lc(3, "效益指标", false, true)),
            Some(lc(4, "效益指标", true, false)),
            Some(lc(5, "满意度指标", false, false)),
        ]);
        assert_eq!(
            got,
            vec!["产出指标", "产出指标", "效益指标", "效益指标", "满意度指标"]
        );
    }

    #[test]
    fn a_fresh_label_after_a_break_is_not_swallowed() {
        // Two closed cells in a row are two labels, even across a break.
        let got = resolve(&[
            Some(lc(1, "产出指标", false, false)),
            Some(lc(2, "效益指标", false, false)),
        ]);
        assert_eq!(got, vec!["产出指标", "效益指标"]);
    }
}
