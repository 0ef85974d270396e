use super::*;
use crate::ir::{Method, Page};

fn h(y: f64, x0: f64, x1: f64) -> Segment {
    Segment::horizontal(y, x0, x1)
}
fn v(x: f64, y0: f64, y1: f64) -> Segment {
    Segment::vertical(x, y0, y1)
}
fn word(t: &str, x: f64, y: f64) -> Word {
    Word {
        text: t.into(),
        bbox: BBox::new(x, y, x + 10.0, y + 10.0),
        size: 10.0,
        confidence: 1.0,
        char_confidences: None,
    }
}
fn page(segments: Vec<Segment>, words: Vec<Word>) -> Page {
    Page {
        number: 1,
        width: 600.0,
        height: 800.0,
        method: Method::Text,
        words,
        segments,
        images: vec![],
        from_source: Default::default(),
        hidden_ocr_chars: 0,
        unread: vec![],
    }
}
fn spans(t: &Table) -> Vec<(usize, usize, usize, usize)> {
    t.cells
        .iter()
        .map(|c| (c.row, c.col, c.row_span, c.col_span))
        .collect()
}

/// A 3×3 grid whose top row is one merged cell and whose left column's
/// lower two cells are merged.
fn merged_grid() -> Vec<Segment> {
    vec![
        h(100.0, 100.0, 400.0),
        h(150.0, 100.0, 400.0),
        h(200.0, 200.0, 400.0), // stops at x=200: left column merged over rows 1–2
        h(250.0, 100.0, 400.0),
        v(100.0, 100.0, 250.0),
        v(200.0, 150.0, 250.0), // starts at y=150: top row merged
        v(300.0, 150.0, 250.0),
        v(400.0, 100.0, 250.0),
    ]
}

#[test]
fn merged_cells_are_spans() {
    let l = layout_page(&page(merged_grid(), vec![]), &GridSettings::default());
    assert_eq!(l.tables.len(), 1);
    let t = &l.tables[0];
    assert_eq!(t.cols, vec![100.0, 200.0, 300.0, 400.0]);
    assert_eq!(t.rows, vec![100.0, 150.0, 200.0, 250.0]);
    assert_eq!(
        spans(t),
        vec![
            (0, 0, 1, 3),
            (1, 0, 2, 1),
            (1, 1, 1, 1),
            (1, 2, 1, 1),
            (2, 1, 1, 1),
            (2, 2, 1, 1)
        ]
    );
    let left = &t.cells[1];
    assert_eq!(t.right_of(left).map(|c| (c.row, c.col)), Some((1, 1)));
    assert_eq!(t.below(&t.cells[0]).map(|c| (c.row, c.col)), Some((1, 0)));
}

#[test]
fn near_misses_snap_and_join() {
    // The exporter drew borders in pieces, a little off, with small gaps:
    // still one 2×2 table.
    let segs = vec![
        h(100.0, 100.0, 160.0),
        h(100.8, 161.0, 300.0),
        h(150.4, 100.0, 300.0),
        h(199.6, 100.0, 300.0),
        v(100.0, 99.0, 201.0),
        v(199.2, 100.0, 200.0),
        v(300.5, 100.0, 200.0),
    ];
    let l = layout_page(&page(segs, vec![]), &GridSettings::default());
    assert_eq!(l.tables.len(), 1);
    assert_eq!(l.tables[0].cells.len(), 4);
}

#[test]
fn two_tables_and_outside_text() {
    let mut segs = merged_grid();
    for s in merged_grid() {
        let mut s = s;
        if s.orientation == Orientation::Horizontal {
            s.pos += 300.0;
        } else {
            s.start += 300.0;
            s.end += 300.0;
        }
        segs.push(s);
    }
    let words = vec![
        word("标", 250.0, 40.0),
        word("题", 260.0, 40.0),
        word("甲", 120.0, 170.0),
        word("乙", 120.0, 470.0),
    ];
    let l = layout_page(&page(segs, words), &GridSettings::default());
    assert_eq!(l.tables.len(), 2);
    assert!(l.tables[0].bbox.top < l.tables[1].bbox.top);
    assert_eq!(l.outside.len(), 1);
    assert_eq!(l.outside[0].text, "标题");
    assert_eq!(l.tables[0].cells[1].text(), "甲");
    assert_eq!(l.tables[1].cells[1].text(), "乙");
}

#[test]
fn no_rules_no_table() {
    let l = layout_page(
        &page(vec![h(100.0, 0.0, 500.0)], vec![word("文", 10.0, 10.0)]),
        &GridSettings::default(),
    );
    assert!(l.tables.is_empty());
    assert_eq!(l.outside.len(), 1);
}

#[test]
fn wrapped_lines_keep_order_and_latin_gaps() {
    let mut ws = vec![];
    // Line 2 first in drawing order; reading order must still be top-down.
    for (i, c) in "第二行".chars().enumerate() {
        ws.push(word(&c.to_string(), 110.0 + 10.0 * i as f64, 125.0));
    }
    for (i, c) in "第一行".chars().enumerate() {
        ws.push(word(&c.to_string(), 110.0 + 10.0 * i as f64, 110.0));
    }
    // "GB/T 39786" with no space glyph, only a gap.
    ws.push(Word {
        text: "GB/T".into(),
        bbox: BBox::new(110.0, 140.0, 135.0, 150.0),
        size: 10.0,
        confidence: 1.0,
        char_confidences: None,
    });
    ws.push(Word {
        text: "39786".into(),
        bbox: BBox::new(140.0, 140.0, 170.0, 150.0),
        size: 10.0,
        confidence: 1.0,
        char_confidences: None,
    });
    let refs: Vec<&Word> = ws.iter().collect();
    let lines = assemble_lines(&refs);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["第一行", "第二行", "GB/T 39786"]);
}

#[test]
fn steps_are_plain_functions() {
    let snapped = snap_segments(
        &[h(10.0, 0.0, 5.0), h(11.0, 6.0, 10.0), h(20.0, 0.0, 10.0)],
        2.0,
    );
    assert_eq!(snapped.iter().filter(|s| s.pos == 10.5).count(), 2);
    let joined = join_segments(&snapped, 2.0);
    assert_eq!(joined.len(), 2);
    assert_eq!((joined[0].start, joined[0].end), (0.0, 10.0));
}

#[test]
fn a_table_cut_by_the_page_end_is_closed_and_marked_open() {
    // Rules of a 2-column table whose left column is one merged cell running
    // off the page: no rule at its bottom, verticals stop at y=300.
    let segs = vec![
        h(100.0, 100.0, 300.0),
        h(150.0, 200.0, 300.0),
        h(200.0, 200.0, 300.0),
        h(250.0, 200.0, 300.0),
        v(100.0, 100.0, 300.0),
        v(200.0, 100.0, 300.0),
        v(300.0, 100.0, 300.0),
    ];
    let l = layout_page(
        &page(segs, vec![word("产", 120.0, 270.0)]),
        &GridSettings::default(),
    );
    assert_eq!(l.tables.len(), 1);
    let t = &l.tables[0];
    assert_eq!(*t.rows.last().unwrap(), 300.0);
    let merged = t.cells.iter().find(|c| c.col == 0).unwrap();
    assert_eq!(
        (merged.row_span, merged.open_top, merged.open_bottom),
        (4, false, true)
    );
    assert_eq!(merged.text(), "产");
    // The right column's last cell (250–300) is also open at the bottom; the
    // ones above are closed.
    let closed: Vec<bool> = t
        .cells
        .iter()
        .filter(|c| c.col == 1)
        .map(|c| c.open_bottom)
        .collect();
    assert_eq!(closed, vec![false, false, false, true]);
}

/// Every cell `intersections_to_cells` finds is the one an exhaustive
/// search finds (each point against every point below and to its right),
/// on grids with rules missing at random: the searches that stop at the
/// first point off p's rules (found by fuzzing: a 15,000-row sheet took
/// 7 s) lose nothing.
#[test]
fn cells_from_junctions_match_an_exhaustive_search_on_gappy_grids() {
    fn exhaustive(points: &BTreeMap<PointKey, Junction>) -> Vec<BBox> {
        let keys: Vec<PointKey> = points.keys().copied().collect();
        let mut cells = Vec::new();
        for &p in &keys {
            let jp = &points[&p];
            let below = keys.iter().filter(|k| k.0 == p.0 && k.1 > p.1);
            let right: Vec<_> = keys.iter().filter(|k| k.1 == p.1 && k.0 > p.0).collect();
            'found: for b in below {
                if !jp.shares_vertical(&points[b]) {
                    continue;
                }
                for r in &right {
                    if !jp.shares_horizontal(&points[*r]) {
                        continue;
                    }
                    let corner = (r.0, b.1);
                    if let Some(jc) = points.get(&corner)
                        && jc.shares_vertical(&points[*r])
                        && jc.shares_horizontal(&points[b])
                    {
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
        cells
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut coin = |percent: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % 100 < percent
    };
    let settings = GridSettings::default();
    let mut total = 0;
    for (rows, cols, keep) in [(12, 6, 90), (20, 8, 75), (9, 9, 55), (30, 4, 97)] {
        let mut segs = Vec::new();
        for r in 0..=rows {
            for c in 0..cols {
                if coin(keep) {
                    let (x, y) = (50.0 + c as f64 * 40.0, 50.0 + r as f64 * 20.0);
                    segs.push(h(y, x, x + 40.0));
                }
            }
        }
        for c in 0..=cols {
            for r in 0..rows {
                if coin(keep) {
                    let (x, y) = (50.0 + c as f64 * 40.0, 50.0 + r as f64 * 20.0);
                    segs.push(v(x, y, y + 20.0));
                }
            }
        }
        let edges = join_segments(&snap_segments(&segs, 3.0), 3.0);
        let points = intersections(&edges, settings.intersection_tolerance);
        let cells = intersections_to_cells(&points);
        assert_eq!(cells, exhaustive(&points), "{rows}×{cols} at {keep} %");
        total += cells.len();
    }
    assert!(total > 200, "the grids should hold cells: {total}");
}
