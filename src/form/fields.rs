//! Labelled values: scalar fields, money blocks, schedules, and labels the
//! table does not know (→ `extra_fields`).
//!
//! A value is the cell right of its label; when there is none, or it is
//! another label, the cell below it (a header over its value, as goals are
//! printed). A money block is the total that heads it and the money lines
//! under it in its column, or after it in its row; which block is the
//! year's is decided by the totals' labels once the whole form is read.

use super::labels::{FOOTER_LABELS, Label, Money, key};
use super::{Builder, MoneyBlock, Sourced, TableLabels, inline_field, is_ocr};
use crate::grid::{Cell, Table};
use crate::normalize::text::squash;

/// Text that reads as a label the table does not know: short, no digits,
/// no sentence punctuation, mostly ideographs (项目负责人, 联系电话, 项目期).
pub(super) fn looks_like_label(text: &str) -> bool {
    let k = key(text);
    let n = k.chars().count();
    (2..=12).contains(&n)
        && !k
            .chars()
            .any(|c| c.is_ascii_digit() || "，。；,;%、".contains(c))
        && k.chars().filter(|&c| crate::grid::is_cjk(c)).count() * 2 >= n
}

impl Builder {
    /// The value cell of the label cell `li`: right of it, else below it.
    fn value_of<'t>(
        &self,
        t: &TableLabels<'t>,
        li: usize,
        used: &[bool],
    ) -> Option<(usize, &'t Cell)> {
        let table = t.table;
        let cell = &table.cells[li];
        let index = |c: &Cell| table.cells.iter().position(|x| std::ptr::eq(x, c));
        if let Some(r) = table.right_of(cell)
            && !t.is(r)
        {
            return index(r).filter(|&i| !used[i]).map(|i| (i, r));
        }
        let b = table.below(cell)?;
        // Not a cell that is another label's value (its left neighbour is a label).
        let left_is_label = b.col > 0
            && table.cell_at(b.row, b.col - 1).is_some_and(|l| {
                l.row == b.row
                    && t.is(l)
                    && matches!(t.of(l), Some(Label::Field(_) | Label::Money(_)))
            });
        if t.is(b) || left_is_label {
            return None;
        }
        index(b).filter(|&i| !used[i]).map(|i| (i, b))
    }

    pub(super) fn read_fields(&mut self, t: &TableLabels, page: u32, used: &mut [bool]) {
        let table = t.table;
        let found: Vec<(usize, Label)> = t.found().into_iter().filter(|(i, _)| !used[*i]).collect();
        for &(i, _) in &found {
            used[i] = true;
        }
        let mut money: Vec<(usize, Money, Sourced)> = Vec::new();
        for &(i, label) in &found {
            let cell = &table.cells[i];
            match label {
                Label::Field(name) => self.read_field(t, i, name, page, used),
                Label::Money(m) => {
                    let value = match self.value_of(t, i, used) {
                        Some((vi, v)) => {
                            used[vi] = true;
                            Sourced::from_cell(v, page)
                        }
                        None => Sourced {
                            page,
                            ..Default::default()
                        },
                    };
                    money.push((i, m, value));
                }
                Label::FundsBlock { single } => {
                    self.single_block |= single;
                    self.form.funds_label = Some(Sourced::from_cell(cell, page));
                }
                Label::Schedule => self.read_schedule(t, i, page, used),
                // Headers and titles outside an indicator table, sections:
                // nothing to read.
                Label::Header(_) | Label::ScopeTitle(_) | Label::Section => {}
            }
        }
        self.group_money(table, page, money);
        // Cells holding their label and value: `项目名称：…`, `联系电话：…`.
        for (i, cell) in table.cells.iter().enumerate() {
            if used[i] || cell.is_empty() {
                continue;
            }
            if let Some((name, value)) = inline_field(cell) {
                let mut v = Sourced::from_cell(cell, page);
                v.text = value;
                self.set(name, v);
                used[i] = true;
            } else if !is_ocr(cell) || cell.text().contains(['：', ':']) {
                let pairs = super::outside::pairs(&cell.text());
                if !pairs.is_empty() {
                    for (label, value) in pairs {
                        let mut l = Sourced::from_cell(cell, page);
                        l.text = label;
                        let mut v = l.clone();
                        v.text = value;
                        self.extra(&l, v);
                    }
                    used[i] = true;
                }
            }
        }
        // Labels the table does not know, with their values.
        for i in 0..table.cells.len() {
            let cell = &table.cells[i];
            if used[i] || cell.is_empty() || !looks_like_label(&cell.text()) {
                continue;
            }
            let Some((vi, v)) = self.value_of(t, i, used) else {
                continue;
            };
            used[i] = true;
            used[vi] = true;
            if v.is_empty() {
                continue;
            }
            let label = Sourced::from_cell(cell, page);
            let mut value = Sourced::from_cell(v, page);
            // A scan whose rule between two cells was not found reads
            // `周海涛联系电话0518-…` as one cell: the next label splits it.
            match is_ocr(v).then(|| split_embedded(&value.text)).flatten() {
                Some((before, (next, after))) => {
                    self.form.notes.push(format!(
                        "page {page}: {:?} holds the label {next:?} (a rule the grid did not find); split there",
                        squash(&value.text)
                    ));
                    value.text = before;
                    let mut l2 = value.clone();
                    l2.text = next;
                    let mut v2 = value.clone();
                    v2.text = after;
                    self.extra(&label, value);
                    self.extra(&l2, v2);
                }
                None => self.extra(&label, value),
            }
        }
    }

    /// A scalar field's value. Goals may be a header over their text; a goal
    /// label beside another goal label is a section (总体目标 over 中期目标
    /// | 年度目标).
    fn read_field(
        &mut self,
        t: &TableLabels,
        li: usize,
        name: &'static str,
        page: u32,
        used: &mut [bool],
    ) {
        let table = t.table;
        let cell = &table.cells[li];
        let goal = name.ends_with("_goal");
        let beside_goal = table
            .right_of(cell)
            .is_some_and(|r| matches!(t.of(r), Some(Label::Field(f)) if f.ends_with("_goal")));
        if goal && beside_goal && (cell.row_span > 1 || table.below(cell).is_none_or(|c| t.is(c))) {
            return;
        }
        match self.value_of(t, li, used) {
            Some((vi, v)) => {
                used[vi] = true;
                let mut value = Sourced::from_cell(v, page);
                if name == "project_attribute" {
                    // Options may stand in cells of their own: the row's cells
                    // up to the next label.
                    let mut next = table.right_of(v);
                    while let Some(n) = next.filter(|n| !t.is(n)) {
                        if let Some(ni) = table.cells.iter().position(|x| std::ptr::eq(x, n)) {
                            if used[ni] || !super::values::is_option_text(&n.text()) {
                                break;
                            }
                            used[ni] = true;
                        }
                        value.text = format!("{} {}", value.text, n.text());
                        next = table.right_of(n);
                    }
                }
                if goal && v.open_bottom {
                    self.open_goals.push((name, (v.bbox.x0, v.bbox.x1)));
                }
                self.set(name, value);
            }
            None => {
                // Label present, value cell empty or missing: blank on the form.
                self.form.fields.entry(name).or_insert_with(|| Sourced {
                    page,
                    ..Default::default()
                });
            }
        }
    }

    /// Money lines into blocks: each line joins the total nearest above it
    /// in its column, else the nearest total left of it in its row, else
    /// the table's only total.
    fn group_money(&mut self, table: &Table, page: u32, lines: Vec<(usize, Money, Sourced)>) {
        if lines.is_empty() {
            return;
        }
        let totals: Vec<usize> = (0..lines.len())
            .filter(|&k| matches!(lines[k].1, Money::Total(_)))
            .collect();
        let cell = |k: usize| &table.cells[lines[k].0];
        let block_of: Vec<Option<usize>> = (0..lines.len())
            .map(|k| {
                if totals.contains(&k) {
                    return Some(k);
                }
                let c = cell(k);
                let (cx, cy) = c.bbox.center();
                let column = totals
                    .iter()
                    .filter(|&&t| {
                        let tc = cell(t);
                        tc.bbox.x0 <= cx && tc.bbox.x1 >= cx && tc.bbox.top < c.bbox.top
                    })
                    .max_by(|&&a, &&b| cell(a).bbox.top.total_cmp(&cell(b).bbox.top));
                let row = totals
                    .iter()
                    .filter(|&&t| {
                        let tc = cell(t);
                        tc.bbox.top <= cy && tc.bbox.bottom >= cy && tc.bbox.x1 <= c.bbox.x0 + 1.0
                    })
                    .max_by(|&&a, &&b| cell(a).bbox.x0.total_cmp(&cell(b).bbox.x0));
                match totals.as_slice() {
                    [only] => Some(column.or(row).copied().unwrap_or(*only)),
                    _ => column.or(row).copied(),
                }
            })
            .collect();
        let mut blocks: Vec<(Option<usize>, MoneyBlock)> = Vec::new();
        for (k, (li, m, value)) in lines.into_iter().enumerate() {
            let label = Sourced::from_cell(&table.cells[li], page);
            let Some(b) = block_of[k].or(if totals.is_empty() {
                Some(usize::MAX)
            } else {
                None
            }) else {
                self.form.notes.push(format!(
                    "page {page}: money line {:?} belongs to no block",
                    squash(&label.text)
                ));
                self.extra(&label, value);
                continue;
            };
            let at = match blocks.iter().position(|(t, _)| *t == Some(b)) {
                Some(at) => at,
                None => {
                    let kind = match m {
                        Money::Total(kind) => kind,
                        _ => None,
                    };
                    blocks.push((
                        Some(b),
                        MoneyBlock {
                            kind,
                            lines: Vec::new(),
                        },
                    ));
                    blocks.len() - 1
                }
            };
            if let Money::Total(kind) = m {
                blocks[at].1.kind = kind;
            }
            blocks[at].1.lines.push((m, label, value));
        }
        self.money.extend(blocks.into_iter().map(|(_, b)| b));
    }

    /// A filled schedule (项目实施进度计划) or review (审核意见) block goes to
    /// `extra_fields` row by row: the row's first cell is the label, the
    /// rest joined by `；`. An empty one is skipped.
    fn read_schedule(&mut self, t: &TableLabels, li: usize, page: u32, used: &mut [bool]) {
        let table = t.table;
        let head = &table.cells[li];
        let (rows, x_from): (Vec<usize>, f64) = if head.row_span > 1 {
            // The label runs down the left of its rows.
            ((head.row..=head.last_row()).collect(), head.bbox.x1 - 1.0)
        } else if table.right_of(head).is_some() {
            // One row: label, then the text.
            (vec![head.row], head.bbox.x1 - 1.0)
        } else {
            // A title row over the block: the rows under it, up to the next label.
            let mut rows = Vec::new();
            for r in head.last_row() + 1..table.n_rows() {
                let labelled = table
                    .cells
                    .iter()
                    .enumerate()
                    .any(|(i, c)| c.row == r && !used[i] && t.is(c));
                if labelled {
                    break;
                }
                rows.push(r);
            }
            (rows, f64::NEG_INFINITY)
        };
        let one_row = head.row_span == 1 && table.right_of(head).is_some();
        let mut out: Vec<(Sourced, Vec<String>)> = Vec::new();
        for r in rows {
            let mut cells: Vec<(usize, &Cell)> = table
                .cells
                .iter()
                .enumerate()
                .filter(|(i, c)| c.row == r && c.bbox.x0 >= x_from && !used[*i] && *i != li)
                .collect();
            cells.sort_by(|a, b| a.1.bbox.x0.total_cmp(&b.1.bbox.x0));
            for (i, _) in &cells {
                used[*i] = true;
            }
            let texts: Vec<String> = cells.iter().map(|(_, c)| squash(&c.text())).collect();
            if one_row {
                out.push((Sourced::from_cell(head, page), texts));
            } else if let Some((first, _)) = cells.first() {
                let label = Sourced::from_cell(&table.cells[*first], page);
                out.push((label, texts[1..].to_vec()));
            }
        }
        // Filled: some value beyond the block's first row (its column
        // headers) or the one row of a review block.
        let filled = out
            .iter()
            .enumerate()
            .any(|(k, (_, v))| (k > 0 || one_row) && v.iter().any(|t| !t.is_empty()));
        if !filled {
            return;
        }
        for (label, values) in out {
            let values: Vec<String> = values.into_iter().filter(|t| !t.is_empty()).collect();
            if label.text.trim().is_empty() && values.is_empty() {
                continue;
            }
            let mut v = label.clone();
            v.text = values.join("；");
            self.extra(&label, v);
        }
    }
}

/// A value with a signature label inside it (`周海涛联系电话0518-…`): the
/// text before, and the label with the text after it.
fn split_embedded(text: &str) -> Option<(String, (String, String))> {
    let (at, label) = FOOTER_LABELS
        .iter()
        .filter(|l| l.chars().count() >= 4)
        .filter_map(|l| text.find(l).map(|at| (at, *l)))
        .filter(|(at, _)| *at > 0)
        .min()?;
    let before = text[..at].trim().to_string();
    let after = text[at + label.len()..]
        .trim_start_matches(['：', ':'])
        .trim()
        .to_string();
    (!before.is_empty() && !after.is_empty()).then(|| (before, (label.to_string(), after)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_inside_a_value_splits_it() {
        assert_eq!(
            split_embedded("周海涛联系电话0518-85706312"),
            Some((
                "周海涛".to_string(),
                ("联系电话".to_string(), "0518-85706312".to_string())
            ))
        );
        assert_eq!(split_embedded("联系电话0518"), None);
        assert_eq!(split_embedded("周海涛"), None);
    }
}
