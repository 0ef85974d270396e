//! Vertical rules shorter than `RuleSettings::min_length`: the border
//! between two cells of a low row (E's 项目负责人 | v | 联系电话 | v row is
//! 16 pt, a rule must be 25 pt to be told from a title's strokes). Such a
//! stub is still a rule when it runs unbroken from one found horizontal
//! rule to the next: no glyph touches both borders of its row.

use super::GrayImage;
use super::rules::RuleSettings;
use crate::ir::{Orientation, Segment};

/// `find_rules` and the stubs that close low rows.
pub fn find_with_stubs(bin: &GrayImage, s: &RuleSettings) -> Vec<Segment> {
    with_row_stubs(bin, super::find_rules(bin, s), s)
}

/// `rules` (pixels, as `find_rules` gives them) with the vertical stubs
/// that close low rows added.
pub fn with_row_stubs(bin: &GrayImage, mut rules: Vec<Segment>, s: &RuleSettings) -> Vec<Segment> {
    let mut hs: Vec<&Segment> = rules
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .collect();
    hs.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let vs: Vec<&Segment> = rules
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .collect();
    let half = s.max_thickness as f64 / 2.0 + 1.0;
    let mut stubs = Vec::new();
    for (i, a) in hs.iter().enumerate() {
        // The next rule below `a` at each x: only rows as low as a rule
        // must be long are looked at; taller rows' borders are found.
        for b in &hs[i + 1..] {
            let gap = b.pos - a.pos;
            if gap <= 2.0 * s.max_thickness as f64 {
                continue;
            }
            if gap >= s.min_length as f64 {
                break;
            }
            let (x0, x1) = (a.start.max(b.start), a.end.min(b.end));
            if x1 <= x0 {
                continue;
            }
            // From rule centre to rule centre: a stub joins both rules, a
            // glyph's stroke stops short of them.
            let (top, bottom) = (a.pos.ceil() as u32, b.pos.floor() as u32);
            if bottom <= top || bottom >= bin.height {
                continue;
            }
            let covered = |x: f64| {
                vs.iter().any(|v| {
                    (v.pos - x).abs() <= s.max_thickness as f64 + 1.0
                        && v.start <= a.pos + half
                        && v.end >= b.pos - half
                })
            };
            let mut run: Option<(u32, u32)> = None;
            let close = |run: (u32, u32), stubs: &mut Vec<Segment>| {
                let width = run.1 - run.0 + 1;
                let x = (run.0 + run.1) as f64 / 2.0 + 0.5;
                if width <= s.max_thickness && !covered(x) {
                    stubs.push(Segment::vertical(x, a.pos, b.pos));
                }
            };
            for x in (x0.ceil() as u32)..(x1.floor() as u32).min(bin.width) {
                if column_inked(bin, x, top, bottom, s.max_gap) {
                    run = Some(match run {
                        Some((r0, _)) => (r0, x),
                        None => (x, x),
                    });
                } else if let Some(r) = run.take() {
                    close(r, &mut stubs);
                }
            }
            if let Some(r) = run {
                close(r, &mut stubs);
            }
        }
    }
    rules.extend(stubs);
    rules
}

/// Whether column `x` is ink from `top` to `bottom` with no gap longer
/// than `max_gap`.
fn column_inked(bin: &GrayImage, x: u32, top: u32, bottom: u32, max_gap: u32) -> bool {
    let mut gap = 0;
    for y in top..=bottom {
        if bin.is_ink(x, y) {
            gap = 0;
        } else {
            gap += 1;
            if gap > max_gap {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::find_rules;

    /// A table with a row lower than a rule must be long: the border inside
    /// that row is found; a glyph's stroke inside a row, touching neither
    /// border, is not.
    #[test]
    fn a_low_rows_border_is_a_rule_and_a_stroke_is_not() {
        let mut img = GrayImage::new(300, 200, 255);
        for y in [20u32, 100, 140] {
            for x in 10..290 {
                for t in 0..3 {
                    img.set(x, y + t, 0);
                }
            }
        }
        // Outer borders (long), and a stub in the low row 100–140.
        for y in 20..143 {
            for t in 0..2 {
                img.set(10 + t, y, 0);
                img.set(288 + t, y, 0);
            }
        }
        for y in 100..143 {
            img.set(150, y, 0);
            img.set(151, y, 0);
        }
        // A stroke in the low row that stops short of its bottom border.
        for y in 106..134 {
            img.set(60, y, 0);
        }
        let s = RuleSettings::default();
        let found = find_rules(&img, &s);
        let vertical = |rs: &[Segment]| {
            rs.iter()
                .filter(|r| r.orientation == Orientation::Vertical)
                .map(|r| r.pos.round() as i64)
                .collect::<Vec<_>>()
        };
        assert_eq!(vertical(&found).len(), 2, "the stub is below min_length");
        let all = with_row_stubs(&img, found, &s);
        let v = vertical(&all);
        assert_eq!(v.len(), 3, "{v:?}");
        assert!(v.iter().any(|&x| (150..=152).contains(&x)), "{v:?}");
    }
}
