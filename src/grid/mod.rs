//! Lattice tables from ruling segments, with the page's words placed in
//! their cells.
//!
//! The method is Nurminen's, as pdfplumber implements it, in small named
//! steps that each take and return plain data:
//! `snap_segments` → `join_segments` → `close_open_ends` → `intersections` →
//! `intersections_to_cells` → `cells_to_tables` → `mark_open_sides` →
//! `place_words`.
//! A merged cell is found as the smallest rectangle whose corners are joined
//! by ruling lines: a missing inner border simply makes it larger.
//!
//! A table cut by a page break has no rule along the cut where a merged cell
//! crosses it: its vertical rules just stop at the page margin. Such ends
//! are closed with a synthetic rule, and the cells along it are marked open,
//! so form recognition can join them with their other half on the next page.
//!
//! Architecture invariant: this module knows nothing of 申报表, labels or PDF;
//! it sees only `ir::Word`s and `ir::Segment`s.

mod lines;

pub use lines::{TextLine, assemble_lines, is_cjk};

use crate::ir::{BBox, Orientation, Page, Segment, Word};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every tolerance of table finding, in points, in one place.
#[derive(Clone, Debug)]
pub struct GridSettings {
    /// Parallel segments closer than this are one line (double borders,
    /// rounding in the exporter).
    pub snap_tolerance: f64,
    /// Collinear segments with a gap up to this are one line.
    pub join_tolerance: f64,
    /// How far a line may stop short of another and still meet it.
    pub intersection_tolerance: f64,
    /// Shorter lines are ignored.
    pub min_edge_length: f64,
    /// A table needs at least this many cells.
    pub min_cells: usize,
    /// A vertical rule that runs on this far past the last horizontal rule
    /// it meets has an open end (a page break cut its table).
    pub min_dangle: f64,
}

impl Default for GridSettings {
    fn default() -> Self {
        GridSettings {
            snap_tolerance: 2.0,
            join_tolerance: 2.0,
            intersection_tolerance: 2.0,
            min_edge_length: 3.0,
            min_cells: 2,
            min_dangle: 5.0,
        }
    }
}

/// A cell of a table. Rows and columns index the table's `rows`/`cols`
/// boundaries; a merged cell spans more than one.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub bbox: BBox,
    pub lines: Vec<TextLine>,
    /// No rule is drawn along the cell's top (bottom) side: a page break cut
    /// it, and its other part is on the previous (next) page.
    pub open_top: bool,
    pub open_bottom: bool,
}

impl Cell {
    /// The cell's text, lines joined with `\n` (normalisation decides what a
    /// line break means).
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.text.trim().is_empty())
    }
    pub fn last_row(&self) -> usize {
        self.row + self.row_span - 1
    }
    pub fn covers_row(&self, r: usize) -> bool {
        r >= self.row && r <= self.last_row()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub bbox: BBox,
    /// Row boundaries, top to bottom (one more than rows).
    pub rows: Vec<f64>,
    /// Column boundaries, left to right (one more than columns).
    pub cols: Vec<f64>,
    /// Cells in reading order (by row, then column).
    pub cells: Vec<Cell>,
    /// Row-major (row, col) → index into `cells`; `NO_CELL` in a hole of a
    /// table that is not rectangular.
    #[serde(skip)]
    slots: Vec<usize>,
}

const NO_CELL: usize = usize::MAX;

impl Table {
    pub fn n_rows(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }

    pub fn n_cols(&self) -> usize {
        self.cols.len().saturating_sub(1)
    }

    /// The cell covering (row, col), if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cell_index(row, col).map(|i| &self.cells[i])
    }

    fn cell_index(&self, row: usize, col: usize) -> Option<usize> {
        if row >= self.n_rows() || col >= self.n_cols() {
            return None;
        }
        let i = self.slots[row * self.n_cols() + col];
        (i != NO_CELL).then_some(i)
    }

    /// The cell holding a point, if any.
    pub fn cell_index_at(&self, x: f64, y: f64) -> Option<usize> {
        if !self.bbox.contains_point(x, y) {
            return None;
        }
        let row = self.rows.partition_point(|&r| r <= y).max(1) - 1;
        let col = self.cols.partition_point(|&c| c <= x).max(1) - 1;
        self.cell_index(
            row.min(self.n_rows().saturating_sub(1)),
            col.min(self.n_cols().saturating_sub(1)),
        )
    }

    /// The cell directly right of `cell`, on its first row.
    pub fn right_of(&self, cell: &Cell) -> Option<&Cell> {
        self.cell_at(cell.row, cell.col + cell.col_span)
    }

    /// The cell directly below `cell`, in its first column.
    pub fn below(&self, cell: &Cell) -> Option<&Cell> {
        self.cell_at(cell.row + cell.row_span, cell.col)
    }
}

/// A page read as tables plus the text lines outside every table.
#[derive(Clone, Debug, Serialize)]
pub struct Layout {
    pub page: u32,
    pub width: f64,
    pub height: f64,
    pub tables: Vec<Table>,
    pub outside: Vec<TextLine>,
}

/// Finds the tables of a page and places its words.
pub fn layout_page(page: &Page, settings: &GridSettings) -> Layout {
    let clean = |segs: &[Segment]| -> Vec<Segment> {
        join_segments(
            &snap_segments(segs, settings.snap_tolerance),
            settings.join_tolerance,
        )
        .into_iter()
        .filter(|s| s.len() >= settings.min_edge_length)
        .collect()
    };
    let drawn = clean(&page.segments);
    let mut all = drawn.clone();
    all.extend(close_open_ends(&drawn, settings));
    let edges = clean(&all);
    let points = intersections(&edges, settings.intersection_tolerance);
    let cells = intersections_to_cells(&points);
    let mut tables = cells_to_tables(cells, settings.min_cells);
    mark_open_sides(&mut tables, &drawn, settings.snap_tolerance);
    let (tables, outside) = place_words(tables, &page.words);
    Layout {
        page: page.number,
        width: page.width,
        height: page.height,
        tables,
        outside,
    }
}

/// Step 1: parallel segments within `tol` of each other share one position
/// (the cluster's mean).
pub fn snap_segments(segs: &[Segment], tol: f64) -> Vec<Segment> {
    let mut out = Vec::with_capacity(segs.len());
    for orientation in [Orientation::Horizontal, Orientation::Vertical] {
        let mut group: Vec<Segment> = segs
            .iter()
            .copied()
            .filter(|s| s.orientation == orientation)
            .collect();
        group.sort_by(|a, b| a.pos.total_cmp(&b.pos));
        let mut i = 0;
        while i < group.len() {
            let mut j = i + 1;
            while j < group.len() && group[j].pos - group[j - 1].pos <= tol {
                j += 1;
            }
            let mean = group[i..j].iter().map(|s| s.pos).sum::<f64>() / (j - i) as f64;
            out.extend(group[i..j].iter().map(|s| Segment { pos: mean, ..*s }));
            i = j;
        }
    }
    out
}

/// Step 2: collinear segments that touch or nearly touch become one.
pub fn join_segments(segs: &[Segment], tol: f64) -> Vec<Segment> {
    let mut sorted = segs.to_vec();
    sorted.sort_by(|a, b| {
        (a.orientation as u8)
            .cmp(&(b.orientation as u8))
            .then(a.pos.total_cmp(&b.pos))
            .then(a.start.total_cmp(&b.start))
    });
    let mut out: Vec<Segment> = Vec::with_capacity(sorted.len());
    for s in sorted {
        match out.last_mut() {
            Some(last)
                if last.orientation == s.orientation
                    && last.pos == s.pos
                    && s.start <= last.end + tol =>
            {
                last.end = last.end.max(s.end);
            }
            _ => out.push(s),
        }
    }
    out
}

/// A point where a horizontal and a vertical edge meet, with the edges
/// through it (indices into the edge list).
#[derive(Clone, Debug, Default)]
pub struct Junction {
    /// Edge indices meeting here; one or two each, so a Vec beats a set.
    pub horizontal: Vec<usize>,
    pub vertical: Vec<usize>,
}

impl Junction {
    fn shares_vertical(&self, other: &Junction) -> bool {
        self.vertical.iter().any(|v| other.vertical.contains(v))
    }
    fn shares_horizontal(&self, other: &Junction) -> bool {
        self.horizontal.iter().any(|h| other.horizontal.contains(h))
    }
}

/// Key of a point: coordinates in hundredths of a point, exact after snapping.
pub type PointKey = (i64, i64);

fn key(x: f64, y: f64) -> PointKey {
    ((x * 100.0).round() as i64, (y * 100.0).round() as i64)
}

/// Step 3: synthetic horizontal rules where vertical rules run on past the
/// last horizontal rule they meet (up or down) and stop together: the cut of
/// a page break. Each spans every vertical rule ending there.
pub fn close_open_ends(edges: &[Segment], settings: &GridSettings) -> Vec<Segment> {
    let tol = settings.intersection_tolerance;
    let hs: Vec<&Segment> = edges
        .iter()
        .filter(|e| e.orientation == Orientation::Horizontal)
        .collect();
    let vs: Vec<&Segment> = edges
        .iter()
        .filter(|e| e.orientation == Orientation::Vertical)
        .collect();
    let mut out = Vec::new();
    for downward in [true, false] {
        // (end y, dangles?, x) of every vertical rule.
        let mut ends: Vec<(f64, bool, f64)> = Vec::new();
        for v in &vs {
            let crossing = hs
                .iter()
                .filter(|h| {
                    v.pos >= h.start - tol
                        && v.pos <= h.end + tol
                        && h.pos >= v.start - tol
                        && h.pos <= v.end + tol
                })
                .map(|h| h.pos);
            let (end, last) = if downward {
                (v.end, crossing.fold(f64::MIN, f64::max))
            } else {
                (v.start, crossing.fold(f64::MAX, f64::min))
            };
            let dangles =
                last == f64::MIN || last == f64::MAX || (end - last).abs() > settings.min_dangle;
            ends.push((end, dangles, v.pos));
        }
        ends.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut i = 0;
        while i < ends.len() {
            let mut j = i + 1;
            while j < ends.len() && ends[j].0 - ends[j - 1].0 <= settings.snap_tolerance {
                j += 1;
            }
            let group = &ends[i..j];
            if group.iter().filter(|e| e.1).count() >= 2 {
                let y = group.iter().map(|e| e.0).sum::<f64>() / group.len() as f64;
                let x0 = group.iter().map(|e| e.2).fold(f64::MAX, f64::min);
                let x1 = group.iter().map(|e| e.2).fold(f64::MIN, f64::max);
                out.push(Segment::horizontal(y, x0, x1));
            }
            i = j;
        }
    }
    out
}

/// Step 4: where horizontal and vertical edges cross or meet.
pub fn intersections(edges: &[Segment], tol: f64) -> BTreeMap<PointKey, Junction> {
    let mut out: BTreeMap<PointKey, Junction> = BTreeMap::new();
    let hs: Vec<usize> = (0..edges.len())
        .filter(|&i| edges[i].orientation == Orientation::Horizontal)
        .collect();
    let vs: Vec<usize> = (0..edges.len())
        .filter(|&i| edges[i].orientation == Orientation::Vertical)
        .collect();
    for &vi in &vs {
        let v = &edges[vi];
        for &hi in &hs {
            let h = &edges[hi];
            if v.pos >= h.start - tol
                && v.pos <= h.end + tol
                && h.pos >= v.start - tol
                && h.pos <= v.end + tol
            {
                let j = out.entry(key(v.pos, h.pos)).or_default();
                if !j.horizontal.contains(&hi) {
                    j.horizontal.push(hi);
                }
                if !j.vertical.contains(&vi) {
                    j.vertical.push(vi);
                }
            }
        }
    }
    out
}

/// Step 5: the smallest rectangles whose four corners are junctions joined
/// by edges. Returns cell boxes.
pub fn intersections_to_cells(points: &BTreeMap<PointKey, Junction>) -> Vec<BBox> {
    let keys: Vec<PointKey> = points.keys().copied().collect();
    let junctions: Vec<&Junction> = points.values().collect();
    let index: HashMap<PointKey, usize> = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    // Point indices by column (sorted by y) and by row (sorted by x). The map
    // iterates in (x, y) order, so columns come out sorted already.
    let mut by_x: HashMap<i64, Vec<usize>> = HashMap::default();
    let mut by_y: HashMap<i64, Vec<usize>> = HashMap::default();
    for (i, k) in keys.iter().enumerate() {
        by_x.entry(k.0).or_default().push(i);
        by_y.entry(k.1).or_default().push(i);
    }
    let mut cells = Vec::new();
    for (pi, &p) in keys.iter().enumerate() {
        let jp = junctions[pi];
        let column = &by_x[&p.0];
        let row = &by_y[&p.1];
        // Points strictly below and strictly right of p, nearest first.
        let below = &column[column.partition_point(|&i| keys[i].1 <= p.1)..];
        let right = &row[row.partition_point(|&i| keys[i].0 <= p.0)..];
        // A junction lists every edge through it, so the points that share
        // an edge with p run on from p without a gap: the first that does
        // not share one ends each search. Without a point to the right on
        // p's rule no cell starts at p (the last column of a big sheet's
        // grid would otherwise walk its whole column for every point).
        if !right
            .first()
            .is_some_and(|&r| jp.shares_horizontal(junctions[r]))
        {
            continue;
        }
        'found: for &b in below {
            if !jp.shares_vertical(junctions[b]) {
                break;
            }
            for &r in right {
                if !jp.shares_horizontal(junctions[r]) {
                    break;
                }
                let corner = (keys[r].0, keys[b].1);
                if let Some(&c) = index.get(&corner) {
                    let jc = junctions[c];
                    if jc.shares_vertical(junctions[r]) && jc.shares_horizontal(junctions[b]) {
                        cells.push(BBox::new(
                            p.0 as f64 / 100.0,
                            p.1 as f64 / 100.0,
                            corner.0 as f64 / 100.0,
                            corner.1 as f64 / 100.0,
                        ));
                        break 'found;
                    }
                }
            }
        }
    }
    cells
}

/// Step 6: cells that share corners form one table; rows and columns are
/// the distinct cell edges.
pub fn cells_to_tables(cells: Vec<BBox>, min_cells: usize) -> Vec<Table> {
    // Union-find over cells through shared corners.
    let mut parent: Vec<usize> = (0..cells.len()).collect();
    fn find(p: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while p[r] != r {
            r = p[r];
        }
        let mut j = i;
        while p[j] != r {
            let n = p[j];
            p[j] = r;
            j = n;
        }
        r
    }
    let mut owner: HashMap<PointKey, usize> = HashMap::default();
    for (i, c) in cells.iter().enumerate() {
        for (x, y) in [
            (c.x0, c.top),
            (c.x1, c.top),
            (c.x0, c.bottom),
            (c.x1, c.bottom),
        ] {
            let k = key(x, y);
            if let Some(&j) = owner.get(&k) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            } else {
                owner.insert(k, i);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<BBox>> = BTreeMap::new();
    for (i, c) in cells.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*c);
    }
    let mut tables: Vec<Table> = groups
        .into_values()
        .filter(|g| g.len() >= min_cells)
        .map(table_from_boxes)
        .collect();
    tables.sort_by(|a, b| {
        a.bbox
            .top
            .total_cmp(&b.bbox.top)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    tables
}

fn table_from_boxes(boxes: Vec<BBox>) -> Table {
    let mut xs: Vec<i64> = boxes
        .iter()
        .flat_map(|b| [key(b.x0, 0.0).0, key(b.x1, 0.0).0])
        .collect();
    let mut ys: Vec<i64> = boxes
        .iter()
        .flat_map(|b| [key(0.0, b.top).1, key(0.0, b.bottom).1])
        .collect();
    xs.sort_unstable();
    xs.dedup();
    ys.sort_unstable();
    ys.dedup();
    let idx = |v: &[i64], k: i64| v.binary_search(&k).unwrap_or_else(|i| i);
    let mut cells: Vec<Cell> = boxes
        .iter()
        .map(|b| {
            let (c0, c1) = (idx(&xs, key(b.x0, 0.0).0), idx(&xs, key(b.x1, 0.0).0));
            let (r0, r1) = (idx(&ys, key(0.0, b.top).1), idx(&ys, key(0.0, b.bottom).1));
            Cell {
                row: r0,
                col: c0,
                row_span: r1 - r0,
                col_span: c1 - c0,
                bbox: *b,
                lines: Vec::new(),
                open_top: false,
                open_bottom: false,
            }
        })
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    let n_cols = xs.len() - 1;
    let mut slots = vec![NO_CELL; (ys.len() - 1) * n_cols];
    for (i, c) in cells.iter().enumerate() {
        for r in c.row..c.row + c.row_span {
            for k in c.col..c.col + c.col_span {
                slots[r * n_cols + k] = i;
            }
        }
    }
    let bbox = BBox::new(
        *xs.first().unwrap() as f64 / 100.0,
        *ys.first().unwrap() as f64 / 100.0,
        *xs.last().unwrap() as f64 / 100.0,
        *ys.last().unwrap() as f64 / 100.0,
    );
    Table {
        bbox,
        rows: ys.iter().map(|&y| y as f64 / 100.0).collect(),
        cols: xs.iter().map(|&x| x as f64 / 100.0).collect(),
        cells,
        slots,
    }
}

/// Step 7: marks cell sides along which no rule was drawn (see
/// `close_open_ends`).
pub fn mark_open_sides(tables: &mut [Table], drawn: &[Segment], tol: f64) {
    // Sorted by height, so each side looks only at the rules near it: a
    // big sheet has tens of thousands of cells and of rules.
    let mut horizontal: Vec<&Segment> = drawn
        .iter()
        .filter(|s| s.orientation == Orientation::Horizontal)
        .collect();
    horizontal.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let covered = |y: f64, x0: f64, x1: f64| -> bool {
        let from = horizontal.partition_point(|s| s.pos < y - tol);
        let mut runs: Vec<(f64, f64)> = horizontal[from..]
            .iter()
            .take_while(|s| s.pos <= y + tol)
            .filter(|s| s.end > x0 && s.start < x1)
            .map(|s| (s.start.max(x0), s.end.min(x1)))
            .collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut reach = x0;
        let mut len = 0.0;
        for (a, b) in runs {
            if b > reach {
                len += b - a.max(reach);
                reach = b;
            }
        }
        len >= 0.9 * (x1 - x0)
    };
    for t in tables {
        for c in &mut t.cells {
            c.open_top = !covered(c.bbox.top, c.bbox.x0, c.bbox.x1);
            c.open_bottom = !covered(c.bbox.bottom, c.bbox.x0, c.bbox.x1);
        }
    }
}

/// Step 8: every word goes to the cell that holds its centre; words in no
/// cell become the page's outside lines.
pub fn place_words(mut tables: Vec<Table>, words: &[Word]) -> (Vec<Table>, Vec<TextLine>) {
    let mut per_cell: Vec<Vec<Vec<&Word>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut outside: Vec<&Word> = Vec::new();
    for w in words {
        let (cx, cy) = w.bbox.center();
        let hit = tables
            .iter()
            .enumerate()
            .find_map(|(ti, t)| t.cell_index_at(cx, cy).map(|ci| (ti, ci)));
        match hit {
            Some((ti, ci)) => per_cell[ti][ci].push(w),
            None => outside.push(w),
        }
    }
    for (table, cells) in tables.iter_mut().zip(per_cell) {
        for (cell, ws) in table.cells.iter_mut().zip(cells) {
            if !ws.is_empty() {
                cell.lines = assemble_lines(&ws);
            }
        }
    }
    let outside = assemble_lines(&outside);
    (tables, outside)
}

#[cfg(test)]
mod tests;
