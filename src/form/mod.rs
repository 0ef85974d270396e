//! 申报表 recognition: laid-out pages → raw forms.
//!
//! Layouts are data, not branches: `labels` is the table of every label a
//! layout prints (and which field it fills), and the reader only knows the
//! two ways a value stands to its label (right of it, or below it).
//!
//! A form starts at a table holding a 项目名称 label. For each of its tables,
//! in this order: indicator tables are found by their header rows
//! (`indicators`: columns mapped by header, several blocks side by side, a
//! scope from the titles above them); then the labelled values (`fields`:
//! scalar fields, money blocks by the totals that head them, schedules,
//! labels the table does not know → `extra_fields`); whatever non-empty cell
//! is left is named in a note. The lines around the grid (`outside`) give
//! the title, the year, the unit and 填报单位 above, the signatures below.
//! The indicator table goes on over following pages while their first table
//! lines up with its columns or repeats its header. A merged 一级/二级 cell
//! gives its label to every row it covers, across page breaks too
//! (`levels`).
//!
//! Architecture invariant: knows tables and labels, not PDFs, and does not
//! normalise values: a `RawForm` holds cell text as laid out, with where it
//! came from.

mod fields;
mod indicators;
pub mod labels;
mod levels;
mod outside;
pub mod values;

use crate::grid::{Cell, Layout, Table, TextLine};
use crate::ir::BBox;
use indicators::{ColumnBlock, PendingRow};
use labels::{Block, Label, Money, Scope, classify_read, key};
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
    /// Where it was printed, for putting values in form order.
    fn place(&self) -> (u32, i64, i64) {
        let (top, x0) = self.bbox.map_or((0.0, 0.0), |b| (b.top, b.x0));
        (self.page, top.round() as i64, x0.round() as i64)
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
    /// The 备注 cell (empty when the table has no 备注 column).
    pub note: Sourced,
    /// The 计量单位 cell, when the table has that column.
    pub unit: Option<Sourced>,
    /// Cells of columns no field covers, by their header.
    pub extra: Vec<(String, Sourced)>,
    pub scope: Scope,
}

/// A labelled value that no record field takes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RawExtra {
    /// The label as printed.
    pub label: String,
    pub value: Sourced,
    /// Where the label was printed (form order).
    #[serde(skip)]
    place: (u32, i64, i64),
}

impl RawExtra {
    /// A label (its trailing colon dropped) and its value, placed where the
    /// value was printed.
    pub fn new(label: &str, value: Sourced) -> RawExtra {
        RawExtra {
            label: label.trim_end_matches(['：', ':']).to_string(),
            place: value.place(),
            value,
        }
    }
}

/// A recognised form before normalisation.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RawForm {
    pub pages: Vec<u32>,
    /// The title line (财政项目支出绩效目标申报表 …).
    pub title: Option<Sourced>,
    /// Where `(2023年度)` was printed.
    pub year: Option<Sourced>,
    /// 项目资金（元） label: declares the amount unit.
    pub funds_label: Option<Sourced>,
    /// A `单位：万元` line printed above the form's table, if any.
    pub unit_note: Option<Sourced>,
    /// Scalar fields by record field name, plus `period` (项目起止时间,
    /// both dates in one cell).
    pub fields: BTreeMap<&'static str, Sourced>,
    /// Labelled values with no field, in form order.
    pub extra_fields: Vec<RawExtra>,
    pub indicators: Vec<RawIndicator>,
    /// Doubts found while reading the layout.
    pub notes: Vec<String>,
}

/// A money block: its total's kind and its lines (kind, label, value).
struct MoneyBlock {
    kind: Option<Block>,
    lines: Vec<(Money, Sourced, Sourced)>,
}

struct Builder {
    form: RawForm,
    /// The indicator table's columns, from its last header row.
    blocks: Vec<ColumnBlock>,
    /// Counts header rows, so two indicator tables keep their levels apart.
    header_no: usize,
    rows: Vec<PendingRow>,
    money: Vec<MoneyBlock>,
    /// A 项目资金申请 / 项目预算 label: the form has one block, the year's.
    single_block: bool,
    last_page: u32,
    /// Goals whose value cell a page break cut: (field, x band).
    open_goals: Vec<(&'static str, (f64, f64))>,
    /// Lines under the form's last table (signatures).
    footer: Vec<Sourced>,
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
            let labels = TableLabels::new(table);
            let found = labels.found();
            let above = outside::above(layout, ti);
            if starts_form(table, &found, &above) {
                forms.extend(cur.take().map(Builder::finish));
                let mut b = Builder::new(layout.page);
                outside::read_above(&mut b, layout, ti, &above);
                b.absorb(layout, ti, &labels, settings);
                cur = Some(b);
            } else if let Some(b) = cur
                .as_mut()
                .filter(|b| b.continues_on(layout, ti, &found, settings))
            {
                b.absorb(layout, ti, &labels, settings);
            } else {
                forms.extend(cur.take().map(Builder::finish));
            }
        }
    }
    forms.extend(cur.take().map(Builder::finish));
    forms
}

/// A form starts at a 项目名称: a label cell, a cell holding label and
/// value, or a `项目名称：…` line just above the table.
fn starts_form(table: &Table, found: &[(usize, Label)], above: &[&TextLine]) -> bool {
    let name = Label::Field("project_name");
    found.iter().any(|(_, l)| *l == name)
        || table
            .cells
            .iter()
            .any(|c| inline_field(c).is_some_and(|(f, _)| f == "project_name"))
        || above.iter().any(|l| {
            outside::pairs(&l.text)
                .iter()
                .any(|(k, _)| classify_read(&key(k), false) == Some(name))
        })
}

/// Each cell's label, classified once per table (recognition asks about a
/// cell's label from several places; folding its text each time was most of
/// its cost).
pub(super) struct TableLabels<'t> {
    table: &'t Table,
    of: Vec<Option<Label>>,
}

impl<'t> TableLabels<'t> {
    fn new(table: &'t Table) -> TableLabels<'t> {
        let of = table
            .cells
            .iter()
            .map(|c| {
                if !c.is_empty() && might_be_label(c) {
                    label_of(c)
                } else {
                    None
                }
            })
            .collect();
        TableLabels { table, of }
    }
    /// The label of a cell of this table.
    fn of(&self, c: &Cell) -> Option<Label> {
        let base = self.table.cells.as_ptr() as usize;
        let at = (c as *const Cell as usize - base) / std::mem::size_of::<Cell>();
        self.of[at]
    }
    fn is(&self, c: &Cell) -> bool {
        self.of(c).is_some()
    }
    /// Label cells, by cell index.
    fn found(&self) -> Vec<(usize, Label)> {
        self.of
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.map(|l| (i, l)))
            .collect()
    }
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
        <= 30
}

/// The cell at the top of `table`, open at its top, in the x band of a goal
/// cut by the page break: the goal's next part.
fn goal_continuation(table: &Table, band: (f64, f64)) -> Option<&Cell> {
    table.cells.iter().find(|c| {
        let cx = (c.bbox.x0 + c.bbox.x1) / 2.0;
        c.row == 0 && c.open_top && cx > band.0 && cx < band.1
    })
}

fn near(values: &[f64], x: f64, tol: f64) -> bool {
    values.iter().any(|v| (v - x).abs() <= tol)
}

impl Builder {
    fn new(page: u32) -> Builder {
        Builder {
            form: RawForm::default(),
            blocks: Vec::new(),
            header_no: 0,
            rows: Vec::new(),
            money: Vec::new(),
            single_block: false,
            last_page: page,
            open_goals: Vec::new(),
            footer: Vec::new(),
        }
    }

    /// Whether `table` carries on this form.
    fn continues_on(
        &self,
        layout: &Layout,
        ti: usize,
        found: &[(usize, Label)],
        s: &FormSettings,
    ) -> bool {
        let t = &layout.tables[ti];
        // A later table on the form's own page: the form printed as
        // separate tables (header block, goals, indicators) with gaps.
        // Either way it holds the form's own labels, not only money lines:
        // a budget table (本年收入合计, 上年结转 …) has those too, and a
        // workbook or a bundle page may print one right under a form.
        let own = found.iter().any(|(_, l)| match l {
            Label::Header(_) | Label::ScopeTitle(_) | Label::Schedule => true,
            Label::Field(f) => *f != "project_name",
            Label::FundsBlock { .. } => true,
            Label::Money(_) | Label::Section => false,
        });
        if layout.page == self.last_page {
            return own
                || t.cells.iter().any(|c| inline_field(c).is_some())
                || self.bands_match(t, s);
        }
        if layout.page != self.last_page + 1 || ti != 0 {
            return false;
        }
        if own {
            return true;
        }
        if self
            .open_goals
            .iter()
            .any(|(_, band)| goal_continuation(t, *band).is_some())
        {
            return true;
        }
        self.bands_match(t, s)
    }

    /// Whether `t` has the indicator table's column structure: edges where
    /// its columns are, relative to the table's own width. A scanner shifts
    /// each sheet by millimetres and scales it by a few per cent, so
    /// absolute points do not line up: two of `t`'s edges are taken as the
    /// leftmost level column's left and the last 指标值 column's right, and
    /// the header's other edges, mapped by the same shift and scale, must
    /// all fall on edges of `t` too (ocr14's rule, over every block).
    fn bands_match(&self, t: &Table, s: &FormSettings) -> bool {
        let (Some(first), Some(last)) = (self.blocks.first(), self.blocks.last()) else {
            return false;
        };
        let left = first.level1.or(first.level2).unwrap_or(first.level3).0;
        let right = last.target.unwrap_or(last.level3).1;
        let span = right - left;
        if span <= 0.0 {
            return false;
        }
        let inner: Vec<f64> = self
            .blocks
            .iter()
            .flat_map(|b| {
                [b.level2.map(|l| l.0), Some(b.level3.0), Some(b.level3.1)]
                    .into_iter()
                    .chain([b.target.map(|t| t.0)])
                    .flatten()
            })
            .filter(|&x| x > left + 0.5 && x < right - 0.5)
            .collect();
        t.cols.iter().any(|&l| {
            t.cols.iter().any(|&r| {
                let scale = (r - l) / span;
                (0.9..=1.1).contains(&scale)
                    && inner
                        .iter()
                        .all(|&x| near(&t.cols, l + (x - left) * scale, s.band_tolerance))
            })
        })
    }

    fn absorb(&mut self, layout: &Layout, ti: usize, labels: &TableLabels, s: &FormSettings) {
        let page = layout.page;
        let table = &layout.tables[ti];
        let mut used = vec![false; table.cells.len()];
        if page != self.last_page {
            self.continue_goals(table, &mut used);
        }
        self.last_page = page;
        if !self.form.pages.contains(&page) {
            self.form.pages.push(page);
        }
        self.read_indicators(labels, ti, page, &mut used, s);
        self.read_fields(labels, page, &mut used);
        for (i, c) in table.cells.iter().enumerate() {
            if !used[i] && !c.is_empty() {
                self.form.notes.push(format!(
                    "page {page}: cell {:?} is in no field",
                    crate::normalize::text::squash(&c.text())
                ));
            }
        }
        self.footer = outside::below(layout, ti);
    }

    /// Appends the next page's part of goals cut by the page break. (The
    /// goal's `Sourced` keeps the first part's page and box.)
    fn continue_goals(&mut self, table: &Table, used: &mut [bool]) {
        for (name, band) in std::mem::take(&mut self.open_goals) {
            let Some(cell) = goal_continuation(table, band) else {
                continue;
            };
            if let Some(i) = table.cells.iter().position(|c| std::ptr::eq(c, cell)) {
                used[i] = true;
            }
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
        if let Some(old) = self.form.fields.get(name)
            && !old.text.is_empty()
            && old.text != value.text
        {
            self.form
                .notes
                .push(format!("{name} printed twice; kept the first"));
            return;
        }
        self.form.fields.insert(name, value);
    }

    fn extra(&mut self, label: &Sourced, value: Sourced) {
        let text = crate::normalize::text::squash(&label.text);
        let text = text.trim_end_matches(['：', ':']).to_string();
        self.form.extra_fields.push(RawExtra {
            label: text,
            value,
            place: label.place(),
        });
    }

    fn finish(mut self) -> RawForm {
        let footer = std::mem::take(&mut self.footer);
        outside::read_below(&mut self, &footer);
        self.assign_money();
        self.form.indicators =
            indicators::resolve(std::mem::take(&mut self.rows), &mut self.form.notes);
        self.form.extra_fields.sort_by_key(|e| e.place);
        self.form
    }

    /// Money lines into fields: each block is the whole project's or the
    /// year's by its total's label; a bare 资金总额 by the other block, or
    /// the year's when it is the form's only block.
    fn assign_money(&mut self) {
        let blocks = std::mem::take(&mut self.money);
        let n = blocks.len();
        let has = |k: Block| blocks.iter().any(|b| b.kind == Some(k));
        let (any_overall, any_annual) = (has(Block::Overall), has(Block::Annual));
        let mut bare_seen = 0;
        for b in blocks {
            let kind = match b.kind {
                Some(k) if !(self.single_block && n == 1) => k,
                _ if n == 1 => Block::Annual,
                Some(k) => k,
                None if any_annual && !any_overall => Block::Overall,
                None if any_overall && !any_annual => Block::Annual,
                None => {
                    bare_seen += 1;
                    self.form.notes.push(
                        "money blocks: which one is the year's is not printed; took the first as the whole project's"
                            .into(),
                    );
                    if bare_seen == 1 {
                        Block::Overall
                    } else {
                        Block::Annual
                    }
                }
            };
            for (money, label, value) in b.lines {
                let field = match (kind, money) {
                    (Block::Overall, Money::Total(_)) => Some("total_funds"),
                    (Block::Overall, Money::Fiscal) => Some("total_fiscal"),
                    (Block::Overall, Money::Other) => Some("total_other"),
                    (Block::Annual, Money::Total(_)) => Some("annual_total"),
                    (Block::Annual, Money::Fiscal) => Some("annual_appropriation"),
                    (Block::Annual, Money::Carryover) => Some("annual_carryover"),
                    (Block::Annual, Money::Other) => Some("annual_other"),
                    _ => None,
                };
                match field {
                    Some(f) if !self.form.fields.contains_key(f) => {
                        self.form.fields.insert(f, value);
                    }
                    _ => self.extra(&label, value),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
