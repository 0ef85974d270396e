//! Measures OCR glyph repair (`normalize::garble`) on the seeds: the garbled
//! OCR dump `shared/seeds/000_…` against its hand-checked twin `002_…`.
//!
//! Each cell of the dump (tab-separated, markup stripped, ideographs only) is
//! placed in the checked text where it needs the fewest edits (a cell that
//! fits several places equally, or none closely, is left unpaired); within
//! a pair, the characters are aligned
//! and every difference of one or two ideographs by one or two, with matching
//! text on both sides, is a glyph-level garble (a cell cut short or run into
//! its neighbour is layout, not glyph). The repair runs on every dump cell
//! (no confidences: the dump has none) and the report says how many garbles
//! it fixed, how many correct cells it changed and how many changes fixed
//! nothing (false repairs).
//!
//! `cargo run --release --example garble_seeds [SEEDS_DIR] [--held-out]
//! [--clean TEXT_FILE]...`; `--held-out` leaves the seeds' own words out of
//! the lexicon; `--clean` also runs the repair on every line of known-correct
//! text, and the join repair across every two lines and columns of it
//! (e.g. `pdftotext -layout` of shared/real), and prints each change: all
//! are false repairs.

use shenbao::lexicon::{Lexicon, Source};
use shenbao::normalize::confusion::Confusion;
use shenbao::normalize::garble::{GarbleRepair, repair_join_with, repair_with};
use std::path::Path;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    pub pairs: usize,
    pub correct_cells: usize,
    pub garbles: usize,
    pub fixed: usize,
    pub correct_cells_changed: usize,
    /// Changes in paired cells that fixed no garble.
    pub false_repairs: usize,
    /// Changes in cells paired with nothing (unknown whether right).
    pub unpaired_repairs: usize,
    /// Each change, its cell, and whether the cell was paired and got closer
    /// to the checked one.
    pub repairs: Vec<(String, GarbleRepair, Option<bool>)>,
}

fn ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

fn strip(cell: &str) -> String {
    let mut s = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag || c.is_whitespace() => {}
            _ => s.push(c),
        }
    }
    s
}

/// The dump's cells of two ideographs or more, each as read and after the
/// repair of a glyph cut by its edge with the cell before or after it on
/// the same line (`repair_join`), with the join repairs that changed it.
fn cells(text: &str, lex: &Lexicon, model: &Confusion) -> Vec<(String, String, Vec<GarbleRepair>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let read: Vec<String> = line.split('\t').map(strip).collect();
        let mut joined = read.clone();
        let mut reps: Vec<Vec<GarbleRepair>> = vec![Vec::new(); read.len()];
        for i in 1..read.len() {
            let (a, b, r) = repair_join_with(&joined[i - 1], &joined[i], None, lex, model);
            for rep in r {
                // Counted with the cell it changed (the right one when both).
                let k = if b != joined[i] { i } else { i - 1 };
                reps[k].push(rep);
            }
            (joined[i - 1], joined[i]) = (a, b);
        }
        for ((cell, fixed), r) in read.into_iter().zip(joined).zip(reps) {
            if cell.chars().filter(|&c| ideograph(c)).count() >= 2 {
                out.push((cell, fixed, r));
            }
        }
    }
    out
}

/// Longest-common-subsequence alignment: matched (i, j) pairs, in order.
fn lcs(a: &[char], b: &[char]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut dp = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i * (m + 1) + j] = if a[i] == b[j] {
                dp[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                dp[(i + 1) * (m + 1) + j].max(dp[i * (m + 1) + j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if dp[(i + 1) * (m + 1) + j] >= dp[i * (m + 1) + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Glyph-level garbles of `got` against `want` (their ideographs only): the
/// spans of `want` (start, end) read wrongly as one or two ideographs,
/// between matches or at an end. A span missing on one side only (a cell cut
/// short) is not one.
fn garbles(got: &str, want: &str) -> Vec<(usize, usize)> {
    let (g, w): (Vec<char>, Vec<char>) = (got.chars().collect(), want.chars().collect());
    let mut m = vec![(usize::MAX, usize::MAX)];
    m.extend(lcs(&g, &w));
    m.push((g.len(), w.len()));
    // Wrapping arithmetic: the sentinel before the first character is -1.
    let mut out = Vec::new();
    for pair in m.windows(2) {
        let ((gi, wi), (gj, wj)) = (pair[0], pair[1]);
        let (gs, ws) = (&g[gi.wrapping_add(1)..gj], &w[wi.wrapping_add(1)..wj]);
        if (1..=2).contains(&gs.len())
            && (1..=2).contains(&ws.len())
            && gs.len() + ws.len() <= 3
            && gs.iter().chain(ws).all(|&c| ideograph(c))
        {
            out.push((wi.wrapping_add(1), wj));
        }
    }
    out
}

fn han(s: &str) -> String {
    s.chars().filter(|&c| ideograph(c)).collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    2.0 * lcs(&x, &y).len() as f64 / (x.len() + y.len()) as f64
}

/// Where `cell` sits in `text` (both ideographs only): the substrings of
/// `text` that `cell` is fewest edits from (free ends in `text`). `None`
/// when the best places disagree (a short cell that fits many) or need
/// edits on more than a third of the cell.
fn locate(cell: &[char], text: &[char], cursor: &mut usize) -> Option<String> {
    let (m, n) = (cell.len(), text.len());
    // d[i][j]: edits to align cell[..i] with text ending at j.
    let mut d = vec![0u16; (m + 1) * (n + 1)];
    let at = |i: usize, j: usize| i * (n + 1) + j;
    for i in 1..=m {
        d[at(i, 0)] = i as u16;
        for j in 1..=n {
            let sub = d[at(i - 1, j - 1)] + u16::from(cell[i - 1] != text[j - 1]);
            d[at(i, j)] = sub.min(d[at(i - 1, j)] + 1).min(d[at(i, j - 1)] + 1);
        }
    }
    let best = (0..=n).map(|j| d[at(m, j)]).min()?;
    if best as usize * 3 > m {
        return None;
    }
    let mut places: Vec<(usize, String)> = Vec::new();
    for end in (0..=n).filter(|&j| d[at(m, j)] == best) {
        let (mut i, mut j) = (m, end);
        while i > 0 {
            let here = d[at(i, j)];
            if j > 0 && here == d[at(i - 1, j - 1)] + u16::from(cell[i - 1] != text[j - 1]) {
                i -= 1;
                j -= 1;
            } else if here == d[at(i - 1, j)] + 1 {
                i -= 1;
            } else {
                j -= 1;
            }
        }
        places.push((end, text[j..end].iter().collect()));
    }
    // Equal strings wherever it fits; else the dump's reading order decides:
    // the first place after the last cell placed, if near it.
    let (end, s) = if places.iter().all(|p| p.1 == places[0].1) {
        places
            .iter()
            .find(|p| p.0 >= *cursor)
            .unwrap_or(&places[0])
            .clone()
    } else {
        // A place that starts before the previous cell's start is behind it
        // (青总额 after 年度资金申 is 请总额, not the 金总额 ending there).
        places
            .into_iter()
            .find(|p| p.0 - p.1.chars().count() >= *cursor && p.0 <= *cursor + NEAR)?
    };
    *cursor = end.saturating_sub(m);
    Some(s)
}

/// How far (characters of the checked text) a short cell may be placed past
/// the previous one.
const NEAR: usize = 120;

pub fn measure(garbled: &str, checked: &str, lex: &Lexicon, model: &Confusion) -> Report {
    let text: Vec<char> = han(checked).chars().collect();
    let mut r = Report::default();
    let mut cursor = 0;
    for (cell, joined, mut reps) in cells(garbled, lex, model) {
        let got = han(&cell);
        let (fixed_cell, more) = repair_with(&joined, None, lex, model);
        reps.extend(more);
        let fixed_text = han(&fixed_cell);
        let g: Vec<char> = got.chars().collect();
        let Some(want) = locate(&g, &text, &mut cursor) else {
            r.unpaired_repairs += reps.len();
            r.repairs
                .extend(reps.into_iter().map(|x| (cell.clone(), x, None)));
            continue;
        };
        r.pairs += 1;
        if got == want {
            r.correct_cells += 1;
            // Its ideographs: dropping the junk of a cut glyph (`申i`) is
            // no change of the text.
            if han(&fixed_cell) != got {
                eprintln!("correct cell changed: {cell} → {fixed_cell}");
                r.correct_cells_changed += 1;
            }
        }
        let before = garbles(&got, &want);
        let after = garbles(&fixed_text, &want);
        let fixed = before.iter().filter(|s| !after.contains(s)).count();
        for &(a, b) in &before {
            let w: String = want.chars().skip(a).take(b - a).collect();
            let state = if after.contains(&(a, b)) {
                "unfixed"
            } else {
                "FIXED"
            };
            eprintln!("garble {state}: {w:?} in {got} (checked {want})");
        }
        r.garbles += before.len();
        r.fixed += fixed;
        // Changes beyond the garbles fixed made the cell no better.
        let good = similarity(&fixed_text, &want) > similarity(&got, &want);
        r.false_repairs += if good {
            reps.len().saturating_sub(fixed)
        } else {
            reps.len()
        };
        r.repairs
            .extend(reps.into_iter().map(|x| (cell.clone(), x, Some(good))));
    }
    r
}

fn seed(dir: &Path, prefix: &str) -> String {
    let path = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no {prefix}… in {}", dir.display()));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn measure_dir(dir: &Path, held_out: bool) -> Report {
    let lex = if held_out {
        Lexicon::build(|s| s != Source::Seeds)
    } else {
        Lexicon::build(|_| true)
    };
    measure(
        &seed(dir, "000_"),
        &seed(dir, "002_"),
        &lex,
        Confusion::get(),
    )
}

#[allow(dead_code)]
fn main() {
    let mut dir = std::path::PathBuf::from("../shared/seeds");
    let mut held_out = false;
    let mut clean: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--held-out" => held_out = true,
            "--clean" => clean.extend(args.next()),
            _ => dir = a.into(),
        }
    }
    let (mut lines, mut joins, mut changed) = (0, 0, 0);
    for f in &clean {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        let kept: Vec<&str> = text.lines().filter(|l| l.chars().any(ideograph)).collect();
        // The cut between two cells: every wrapped line's end and the next
        // line's start, and every two columns of a line (two spaces apart).
        let mut cuts: Vec<(String, String)> = kept
            .windows(2)
            .map(|w| (w[0].trim().to_string(), w[1].trim().to_string()))
            .collect();
        for line in &kept {
            let cols: Vec<&str> = line
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            cuts.extend(
                cols.windows(2)
                    .map(|w| (w[0].to_string(), w[1].to_string())),
            );
        }
        for (a, b) in &cuts {
            joins += 1;
            for rep in shenbao::normalize::garble::repair_join(a, b, None).2 {
                changed += 1;
                println!(
                    "CLEAN  {:?} → {:?} ({:?}, gain {:.1}) at {:?}",
                    rep.read, rep.printed, rep.kind, rep.gain, rep.context
                );
            }
        }
        for line in kept {
            lines += 1;
            for rep in shenbao::normalize::garble::repair(line, None).1 {
                changed += 1;
                println!(
                    "CLEAN  {:?} → {:?} ({:?}, gain {:.1}) in {line}",
                    rep.read, rep.printed, rep.kind, rep.gain
                );
            }
        }
    }
    if !clean.is_empty() {
        println!(
            "clean text: {lines} lines, {joins} cuts between lines or columns, {changed} changes (all false)"
        );
    }
    let r = measure_dir(&dir, held_out);
    for (cell, rep, good) in &r.repairs {
        println!(
            "{} {:?} → {:?} ({:?}, word {:?}, gain {:.1}) in {cell}",
            match good {
                Some(true) => "fix     ",
                Some(false) => "FALSE   ",
                None => "unpaired",
            },
            rep.read,
            rep.printed,
            rep.kind,
            rep.word,
            rep.gain
        );
    }
    println!(
        "seeds{}: {} paired cells ({} correct), {} glyph-level garbles, {} fixed ({:.0}%), \
         {} correct cells changed, {} false repairs, {} repairs in unpaired cells",
        if held_out {
            " (seed words held out)"
        } else {
            ""
        },
        r.pairs,
        r.correct_cells,
        r.garbles,
        r.fixed,
        100.0 * r.fixed as f64 / r.garbles.max(1) as f64,
        r.correct_cells_changed,
        r.false_repairs,
        r.unpaired_repairs
    );
}
