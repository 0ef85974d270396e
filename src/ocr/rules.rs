//! Ruling lines in a binarised, deskewed page: long runs of ink.

use super::GrayImage;
use crate::ir::{Orientation, Segment};

/// Tolerances of rule finding, in pixels.
#[derive(Clone, Debug)]
pub struct RuleSettings {
    /// A run of ink at least this long is part of a rule (text strokes are
    /// shorter).
    pub min_length: u32,
    /// Gaps up to this long inside a rule are bridged (noise, JPEG, seals).
    pub max_gap: u32,
    /// Rows (columns) of runs that overlap and are at most this far apart
    /// are one thick rule.
    pub max_thickness: u32,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            min_length: 60,
            max_gap: 4,
            max_thickness: 8,
        }
    }
}

/// Horizontal and vertical rules, in pixel coordinates (`pos` the centre
/// line).
pub fn find_rules(bin: &GrayImage, s: &RuleSettings) -> Vec<Segment> {
    let mut out = runs_to_rules(&runs(bin, true, s), Orientation::Horizontal, s);
    out.extend(runs_to_rules(
        &runs(bin, false, s),
        Orientation::Vertical,
        s,
    ));
    out
}

/// Long runs per row (horizontal) or per column: (line index, start, end),
/// ordered by line then start. Columns are walked row by row, each with a
/// run of its own in progress: a walk down each column touched a new cache
/// line every pixel (2.3 % of a scanned page's CPU).
fn runs(bin: &GrayImage, horizontal: bool, s: &RuleSettings) -> Vec<(u32, u32, u32)> {
    let (w, h) = (bin.width, bin.height);
    let mut out = Vec::new();
    if horizontal {
        for (y, row) in (0..h).zip(bin.data.chunks_exact(w.max(1) as usize)) {
            let mut run = None;
            let mut x = 0;
            while x < w {
                // Paper between runs is skipped without a run's bookkeeping.
                if run.is_none() {
                    match row[x as usize..].iter().position(|&v| v < INK) {
                        Some(d) => x += d as u32,
                        None => break,
                    }
                }
                if let Some((a, b)) = extend(&mut run, x, row[x as usize] < INK, s) {
                    out.push((y, a, b));
                }
                x += 1;
            }
            if let Some((a, b)) = finish(run, s) {
                out.push((y, a, b));
            }
        }
    } else {
        let mut open: Vec<Option<Run>> = vec![None; w as usize];
        for (y, row) in (0..h).zip(bin.data.chunks_exact(w.max(1) as usize)) {
            for ((x, run), &v) in (0..w).zip(open.iter_mut()).zip(row) {
                if (run.is_some() || v < INK)
                    && let Some((a, b)) = extend(run, y, v < INK, s)
                {
                    out.push((x, a, b));
                }
            }
        }
        for (x, run) in (0..w).zip(open) {
            if let Some((a, b)) = finish(run, s) {
                out.push((x, a, b));
            }
        }
        out.sort_unstable();
    }
    out
}

/// Darker than this is ink (as `GrayImage::is_ink`).
const INK: u8 = 128;

/// A run of ink in progress along a line: where it starts, its last ink
/// pixel, and the blank pixels since.
#[derive(Clone, Copy)]
struct Run {
    start: u32,
    end: u32,
    gap: u32,
}

/// Takes pixel `k` of a line into the run in progress; answers the run it
/// ends (start, end exclusive) when that one is long enough to keep.
fn extend(run: &mut Option<Run>, k: u32, ink: bool, s: &RuleSettings) -> Option<(u32, u32)> {
    match run {
        None if ink => {
            *run = Some(Run {
                start: k,
                end: k,
                gap: 0,
            });
            None
        }
        None => None,
        Some(r) if ink => {
            r.end = k;
            r.gap = 0;
            None
        }
        Some(r) => {
            r.gap += 1;
            if r.gap > s.max_gap {
                finish(run.take(), s)
            } else {
                None
            }
        }
    }
}

/// The run `run` as kept: long enough to be part of a rule.
fn finish(run: Option<Run>, s: &RuleSettings) -> Option<(u32, u32)> {
    run.filter(|r| r.end - r.start + 1 >= s.min_length)
        .map(|r| (r.start, r.end + 1))
}

/// Runs on neighbouring lines that overlap become one rule at their mean
/// position, spanning their union.
fn runs_to_rules(runs: &[(u32, u32, u32)], o: Orientation, s: &RuleSettings) -> Vec<Segment> {
    // Open groups: (first line, last line, sum of lines, count, start, end).
    let mut open: Vec<(u32, u32, f64, u32, u32, u32)> = Vec::new();
    let mut done: Vec<(u32, u32, f64, u32, u32, u32)> = Vec::new();
    for &(i, a, b) in runs {
        // Close groups that ended more than a line ago.
        let (still, closed): (Vec<_>, Vec<_>) = open.into_iter().partition(|g| i <= g.1 + 1);
        done.extend(closed);
        open = still;
        match open
            .iter_mut()
            .find(|g| a < g.5 && b > g.4 && i - g.0 < s.max_thickness)
        {
            Some(g) => {
                g.1 = i;
                g.2 += i as f64;
                g.3 += 1;
                g.4 = g.4.min(a);
                g.5 = g.5.max(b);
            }
            None => open.push((i, i, i as f64, 1, a, b)),
        }
    }
    done.extend(open);
    done.into_iter()
        .map(|(_, _, sum, n, a, b)| {
            let pos = sum / n as f64 + 0.5;
            match o {
                Orientation::Horizontal => Segment::horizontal(pos, a as f64, b as f64),
                Orientation::Vertical => Segment::vertical(pos, a as f64, b as f64),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs found the plain way, one line at a time, as the oracle.
    fn runs_one_line_at_a_time(
        bin: &GrayImage,
        horizontal: bool,
        s: &RuleSettings,
    ) -> Vec<(u32, u32, u32)> {
        let (lines, len) = if horizontal {
            (bin.height, bin.width)
        } else {
            (bin.width, bin.height)
        };
        let mut out = Vec::new();
        for i in 0..lines {
            let ink = |k: u32| {
                if horizontal {
                    bin.is_ink(k, i)
                } else {
                    bin.is_ink(i, k)
                }
            };
            let mut k = 0;
            while k < len {
                if !ink(k) {
                    k += 1;
                    continue;
                }
                let (start, mut end, mut gap) = (k, k, 0);
                while k < len {
                    if ink(k) {
                        end = k;
                        gap = 0;
                    } else {
                        gap += 1;
                        if gap > s.max_gap {
                            break;
                        }
                    }
                    k += 1;
                }
                if end - start + 1 >= s.min_length {
                    out.push((i, start, end + 1));
                }
            }
        }
        out
    }

    #[test]
    fn runs_walked_row_by_row_match_runs_walked_line_by_line() {
        // Noise of every density, gaps around max_gap, runs to the edges.
        let s = RuleSettings {
            min_length: 6,
            max_gap: 2,
            max_thickness: 8,
        };
        let mut seed = 12345u64;
        for density in [5u64, 30, 60, 90] {
            let mut img = GrayImage::new(37, 53, 255);
            for y in 0..53 {
                for x in 0..37 {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    if (seed >> 33) % 100 < density {
                        img.set(x, y, 0);
                    }
                }
            }
            for horizontal in [true, false] {
                let fast = runs(&img, horizontal, &s);
                assert!(!fast.is_empty() || density < 30);
                assert_eq!(fast, runs_one_line_at_a_time(&img, horizontal, &s));
            }
        }
    }

    #[test]
    fn a_ruled_box_with_noise_and_a_gap() {
        let mut img = GrayImage::new(300, 200, 255);
        for x in 20..280 {
            for t in 0..3 {
                img.set(x, 30 + t, 0);
                img.set(x, 170 + t, 0);
            }
        }
        for y in 30..173 {
            img.set(20, y, 0);
            img.set(279, y, 0);
        }
        // A small gap in the top rule and a speck of text.
        for x in 100..103 {
            for t in 0..3 {
                img.set(x, 30 + t, 255);
            }
        }
        for x in 50..60 {
            img.set(x, 100, 0);
        }
        let rules = find_rules(&img, &RuleSettings::default());
        let hs: Vec<_> = rules
            .iter()
            .filter(|s| s.orientation == Orientation::Horizontal)
            .collect();
        let vs: Vec<_> = rules
            .iter()
            .filter(|s| s.orientation == Orientation::Vertical)
            .collect();
        assert_eq!(hs.len(), 2, "{hs:?}");
        assert_eq!(vs.len(), 2, "{vs:?}");
        assert!(
            (hs[0].pos - 32.0).abs() < 1.0 && hs[0].start <= 21.0 && hs[0].end >= 279.0,
            "{:?}",
            hs[0]
        );
    }
}
