//! Indicator tables, found by their header rows.
//!
//! A header row is a row holding a 三级指标 header (or a synonym) and a
//! 指标值 header. Its cells, left to right, are mapped by their text
//! (`labels::Column`); any other header is an `extra` column. A second
//! 三级指标 in the same row starts a second block beside the first (中期 |
//! 年度), which shares the 一级 column when it has none of its own. A
//! block's scope comes from its target header (年度指标值), else from a
//! title over it (长期绩效指标 / 年度绩效指标, in the row above or anywhere
//! above the header in the same table), else it is the year's. Data rows
//! run from the header down to the first row that is not an indicator row:
//! a row holding another label, or a cell spanning the 三级 and 指标值
//! columns (其他说明的问题 | text).

use super::labels::{Column, LEVEL1_NAMES, LEVEL2_NAMES, Label, Scope};
use super::levels::{LevelCell, resolve_levels};
use super::{Builder, FormSettings, RawIndicator, Sourced, TableLabels};
use crate::grid::Cell;

type Band = (f64, f64);

/// One block of an indicator table's columns (x bands), from its header.
#[derive(Clone, Debug, Default)]
pub(super) struct ColumnBlock {
    pub level1: Option<Band>,
    pub level2: Option<Band>,
    pub level3: Band,
    pub target: Option<Band>,
    pub note: Option<Band>,
    pub unit: Option<Band>,
    pub extra: Vec<(String, Band)>,
    pub scope: Scope,
    /// Left to right within its header row.
    pub index: usize,
}

/// An indicator row before label resolution: the 一级/二级 cells are kept
/// by identity so merged cells can be told apart from repeated labels.
pub(super) struct PendingRow {
    pub header_no: usize,
    pub block: usize,
    pub page: u32,
    pub level1: Option<LevelCell>,
    pub level2: Option<LevelCell>,
    pub level3: Sourced,
    pub target: Sourced,
    pub note: Sourced,
    pub unit: Option<Sourced>,
    pub extra: Vec<(String, Sourced)>,
    pub scope: Scope,
}

fn band(c: &Cell) -> Band {
    (c.bbox.x0, c.bbox.x1)
}

fn center_in(c: &Cell, b: Band, tol: f64) -> bool {
    let cx = (c.bbox.x0 + c.bbox.x1) / 2.0;
    cx >= b.0 - tol && cx <= b.1 + tol
}

fn column_of(t: &TableLabels, c: &Cell) -> Option<Column> {
    match t.of(c) {
        Some(Label::Header(col)) => Some(col),
        _ => None,
    }
}

/// Rows of `table` that are indicator header rows: a 三级 header and a
/// target header start on them.
fn header_rows(t: &TableLabels) -> Vec<usize> {
    let table = t.table;
    let mut rows: Vec<usize> = table
        .cells
        .iter()
        .filter(|c| column_of(t, c) == Some(Column::Level3))
        .map(|c| c.row)
        .filter(|&r| {
            table
                .cells
                .iter()
                .any(|c| c.covers_row(r) && matches!(column_of(t, c), Some(Column::Target(_))))
        })
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// The column blocks of the header row `h`, left to right.
fn parse_header(
    t: &TableLabels,
    h: usize,
    used: &mut [bool],
    notes: &mut Vec<String>,
    page: u32,
) -> Vec<ColumnBlock> {
    let table = t.table;
    let last = table
        .cells
        .iter()
        .filter(|c| c.row == h && column_of(t, c) == Some(Column::Level3))
        .map(Cell::last_row)
        .max()
        .unwrap_or(h);
    let mut cells: Vec<(usize, &Cell)> = table
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.covers_row(h) && c.last_row() <= last)
        .collect();
    cells.sort_by(|a, b| a.1.bbox.x0.total_cmp(&b.1.bbox.x0));
    let mut blocks: Vec<ColumnBlock> = Vec::new();
    let mut cur = ColumnBlock::default();
    let mut has_l3 = false;
    let mut leading: Vec<(String, Band)> = Vec::new();
    for (i, c) in cells {
        let col = column_of(t, c);
        let starts_level = matches!(
            col,
            Some(Column::Level1) | Some(Column::Level2) | Some(Column::Level3)
        );
        if starts_level && has_l3 && (cur.target.is_some() || col == Some(Column::Level3)) {
            blocks.push(std::mem::take(&mut cur));
            has_l3 = false;
        }
        used[i] = true;
        match col {
            // A second 一级 header before the block's 二级 and 三级 is its
            // 二级 read with a stroke lost (二 → 一): levels run 一, 二, 三.
            Some(Column::Level1) if cur.level1.is_some() && cur.level2.is_none() && !has_l3 => {
                notes.push(format!(
                    "page {page}: a second {:?} header taken as 二级指标 (levels run 一, 二, 三)",
                    crate::normalize::text::squash(&c.text())
                ));
                cur.level2 = Some(band(c));
            }
            Some(Column::Level1) => cur.level1 = Some(band(c)),
            Some(Column::Level2) => cur.level2 = Some(band(c)),
            Some(Column::Level3) => {
                cur.level3 = band(c);
                has_l3 = true;
            }
            Some(Column::Target(scope)) => {
                cur.target = Some(band(c));
                if let Some(s) = scope {
                    cur.scope = s;
                }
            }
            Some(Column::Note) => cur.note = Some(band(c)),
            Some(Column::Unit) => cur.unit = Some(band(c)),
            None => {
                let text = crate::normalize::text::squash(&c.text());
                if text.is_empty() || matches!(t.of(c), Some(Label::Section)) {
                    continue;
                }
                if has_l3 || !blocks.is_empty() {
                    cur.extra.push((text, band(c)));
                } else {
                    leading.push((text, band(c)));
                }
            }
        }
    }
    if has_l3 {
        blocks.push(cur);
    }
    // A block without its own 一级 column shares the one on its left.
    for i in 1..blocks.len() {
        if blocks[i].level1.is_none() {
            blocks[i].level1 = blocks[i - 1].level1;
        }
    }
    if let Some(first) = blocks.first_mut() {
        first.extra.splice(0..0, leading);
    }
    for (i, b) in blocks.iter_mut().enumerate() {
        b.index = i;
    }
    blocks
}

/// Scopes of the blocks of header row `h`: a target header that says it,
/// else a title over the block in the rows above (from `from`), else a
/// title over the whole table part, else the year's (with two blocks and
/// nothing printed: the left one is the whole period's, as every layout
/// prints them).
fn assign_scopes(
    t: &TableLabels,
    from: usize,
    h: usize,
    blocks: &mut [ColumnBlock],
    used: &mut [bool],
    notes: &mut Vec<String>,
    page: u32,
) {
    let table = t.table;
    let titles: Vec<(usize, &Cell, Scope)> = table
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.row >= from && c.row <= h && !c.is_empty())
        .filter_map(|(i, c)| match t.of(c) {
            Some(Label::ScopeTitle(s)) => Some((i, c, s)),
            _ => None,
        })
        .collect();
    for &(i, _, _) in &titles {
        used[i] = true;
    }
    let said: Vec<bool> = blocks
        .iter()
        .map(|b| b.target.is_some() && b.scope != Scope::Annual)
        .collect();
    let mut unknown = 0;
    for (k, b) in blocks.iter_mut().enumerate() {
        if said[k] {
            continue;
        }
        // The title whose box is over this block's 三级 column; the lowest.
        let over = titles
            .iter()
            .filter(|(_, c, _)| {
                let x = (b.level3.0 + b.level3.1) / 2.0;
                c.bbox.x0 <= x && c.bbox.x1 >= x
            })
            .max_by_key(|(_, c, _)| c.row);
        // Else a title left of the rows (a merged cell down the left side).
        let left = titles
            .iter()
            .filter(|(_, c, _)| c.covers_row(h) && c.bbox.x1 <= b.level3.0 + 1.0)
            .max_by(|a, b| a.1.bbox.x0.total_cmp(&b.1.bbox.x0));
        match over.or(left) {
            Some(&(_, _, s)) => b.scope = s,
            None => unknown += 1,
        }
    }
    if unknown > 1 && unknown == blocks.len() {
        notes.push(format!(
            "page {page}: indicator blocks side by side without a title; took the left one as the whole period's"
        ));
        blocks[0].scope = Scope::Overall;
    }
}

/// Whether row `r` ends the indicator rows: it holds a label of another
/// kind, or a cell that spans the 三级 and 指标值 columns.
fn ends_rows(t: &TableLabels, r: usize, b: &ColumnBlock, tol: f64) -> bool {
    let table = t.table;
    let l3x = (b.level3.0 + b.level3.1) / 2.0;
    let tx = b.target.map(|t| (t.0 + t.1) / 2.0);
    table.cells.iter().filter(|c| c.row == r).any(|c| {
        // Whichever side the 指标值 column stands on.
        let wide =
            tx.is_some_and(|tx| c.bbox.x0 <= l3x.min(tx) - tol && c.bbox.x1 >= l3x.max(tx) + tol);
        if wide {
            return true;
        }
        matches!(
            t.of(c),
            Some(
                Label::Field(_)
                    | Label::Money(_)
                    | Label::FundsBlock { .. }
                    | Label::ScopeTitle(_)
                    | Label::Schedule
            )
        )
    })
}

impl Builder {
    /// Finds the indicator header rows of `table` and reads the rows under
    /// them (and, on a continuation, the rows before the first header).
    pub(super) fn read_indicators(
        &mut self,
        t: &TableLabels,
        ti: usize,
        page: u32,
        used: &mut [bool],
        s: &FormSettings,
    ) {
        let table = t.table;
        let tol = s.band_tolerance;
        let headers = header_rows(t);
        let mut next = 0;
        // Rows before any header: the indicator table going on, when the
        // table's columns line up with it.
        if !self.blocks.is_empty() && self.bands_match(table, s) {
            let until = headers.first().copied().unwrap_or(table.n_rows());
            next = self.read_rows(t, ti, page, 0, until, used, tol);
        }
        for (k, &h) in headers.iter().enumerate() {
            let mut blocks = parse_header(t, h, used, &mut self.form.notes, page);
            if blocks.is_empty() {
                continue;
            }
            let hl = table
                .cells
                .iter()
                .filter(|c| c.row == h)
                .map(Cell::last_row)
                .min()
                .unwrap_or(h);
            assign_scopes(t, next, h, &mut blocks, used, &mut self.form.notes, page);
            if blocks.iter().any(|b| b.target.is_none()) {
                self.form
                    .notes
                    .push(format!("page {page}: indicator header without 指标值"));
            }
            self.blocks = blocks;
            self.header_no += 1;
            let until = headers.get(k + 1).copied().unwrap_or(table.n_rows());
            next = self.read_rows(t, ti, page, hl + 1, until, used, tol);
        }
    }

    /// Reads indicator rows `from..until` with the current blocks; returns
    /// the row after the last one read.
    #[allow(clippy::too_many_arguments)]
    fn read_rows(
        &mut self,
        t: &TableLabels,
        ti: usize,
        page: u32,
        from: usize,
        until: usize,
        used: &mut [bool],
        tol: f64,
    ) -> usize {
        let table = t.table;
        let blocks = self.blocks.clone();
        let Some(first) = blocks.first() else {
            return from;
        };
        let cell_in = |r: usize, band: Band| {
            table
                .cells
                .iter()
                .enumerate()
                .find(|(_, c)| c.covers_row(r) && center_in(c, band, tol))
        };
        let mut used_l3: Vec<Vec<usize>> = vec![Vec::new(); blocks.len()];
        let mut r = from;
        while r < until {
            if ends_rows(t, r, first, tol) {
                return r;
            }
            for b in &blocks {
                let starts = |band: Option<Band>| {
                    band.and_then(|band| cell_in(r, band))
                        .is_some_and(|(_, c)| c.row == r)
                };
                if !starts(Some(b.level3)) && !starts(b.target) {
                    continue;
                }
                let l3 = cell_in(r, b.level3);
                let tg = b.target.and_then(|t| cell_in(r, t));
                // A tall level3 cell beside two target cells is one indicator.
                if let Some((i, _)) = l3 {
                    if used_l3[b.index].contains(&i) && tg.is_none_or(|(_, c)| c.row != r) {
                        continue;
                    }
                    used_l3[b.index].push(i);
                }
                let mut take = |c: Option<(usize, &Cell)>| {
                    c.map(|(i, c)| {
                        used[i] = true;
                        Sourced::from_cell(c, page)
                    })
                    .unwrap_or_default()
                };
                let level3 = take(l3);
                let target = take(tg);
                // A repeated header row on a continuation page is not an indicator.
                if level3.text.trim().is_empty() && target.text.trim().is_empty()
                    || l3.is_some_and(|(_, c)| column_of(t, c) == Some(Column::Level3))
                {
                    continue;
                }
                let note = take(b.note.and_then(|n| cell_in(r, n)));
                let unit = b.unit.map(|u| take(cell_in(r, u)));
                let extra = b
                    .extra
                    .iter()
                    .map(|(h, band)| (h.clone(), take(cell_in(r, *band))))
                    .collect();
                let mut level = |band: Option<Band>| {
                    band.and_then(|band| cell_in(r, band)).map(|(i, c)| {
                        used[i] = true;
                        LevelCell {
                            id: (page, ti, i),
                            text: Sourced::from_cell(c, page),
                            open_top: c.open_top,
                            open_bottom: c.open_bottom,
                        }
                    })
                };
                let level1 = level(b.level1);
                let level2 = level(b.level2);
                self.rows.push(PendingRow {
                    header_no: self.header_no,
                    block: b.index,
                    page,
                    level1,
                    level2,
                    level3,
                    target,
                    note,
                    unit,
                    extra,
                    scope: b.scope,
                });
            }
            r += 1;
        }
        until
    }
}

/// Rows → indicators: 一级 labels resolved over all rows in form order, 二级
/// per block; then, where blocks stand side by side, each 一级 group's rows
/// of the left block come before the right block's.
pub(super) fn resolve(rows: Vec<PendingRow>, notes: &mut Vec<String>) -> Vec<RawIndicator> {
    let pages: Vec<u32> = rows.iter().map(|r| r.page).collect();
    let (l1, g1) = resolve_levels(
        rows.iter().map(|r| r.level1.as_ref()).collect(),
        &pages,
        LEVEL1_NAMES,
        notes,
    );
    let mut l2 = vec![Sourced::default(); rows.len()];
    let mut keys: Vec<(usize, usize)> = rows.iter().map(|r| (r.header_no, r.block)).collect();
    keys.sort_unstable();
    keys.dedup();
    for k in keys {
        let idx: Vec<usize> = (0..rows.len())
            .filter(|&i| (rows[i].header_no, rows[i].block) == k)
            .collect();
        let (labels, _) = resolve_levels(
            idx.iter().map(|&i| rows[i].level2.as_ref()).collect(),
            &idx.iter().map(|&i| pages[i]).collect::<Vec<_>>(),
            LEVEL2_NAMES,
            notes,
        );
        for (i, s) in idx.into_iter().zip(labels) {
            l2[i] = s;
        }
    }
    // Order: runs of one 一级 group (in one indicator table) keep their
    // blocks' rows together, left block first.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut start = 0;
    while start < order.len() {
        let group = (rows[start].header_no, g1[start]);
        let mut end = start + 1;
        while end < order.len() && (rows[end].header_no, g1[end]) == group {
            end += 1;
        }
        order[start..end].sort_by_key(|&i| rows[i].block);
        start = end;
    }
    let mut l1 = l1.into_iter().map(Some).collect::<Vec<_>>();
    let mut l2 = l2.into_iter().map(Some).collect::<Vec<_>>();
    let mut rows: Vec<Option<PendingRow>> = rows.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| {
            let r = rows[i].take().expect("each row once");
            RawIndicator {
                level1: l1[i].take().unwrap_or_default(),
                level2: l2[i].take().unwrap_or_default(),
                level3: r.level3,
                target: r.target,
                note: r.note,
                unit: r.unit,
                extra: r.extra,
                scope: r.scope,
            }
        })
        .collect()
}
