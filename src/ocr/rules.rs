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

/// Long runs per row (horizontal) or per column: (line index, start, end).
fn runs(bin: &GrayImage, horizontal: bool, s: &RuleSettings) -> Vec<(u32, u32, u32)> {
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
            let start = k;
            let mut end = k;
            let mut gap = 0;
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
