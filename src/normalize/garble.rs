//! Broken glyphs in OCR'd text, repaired against the lexicon: a character an
//! engine split in two (`贝才政` → `财政`), two it merged into one, or a
//! look-alike (`生太效益` → `生态效益`).
//!
//! A cell is a phrase, not a word, so each run of ideographs is segmented
//! (`Lexicon::segment`) around every candidate change. A candidate is taken
//! only when all of these hold:
//! - the change is in the confusion model (`Confusion`): a split, a merge, a
//!   look-alike shape, or an error seen on the checked samples;
//! - in the candidate, one common lexicon word of two or more characters
//!   covers the whole change and at least one unchanged character beside it
//!   (the context that makes it a word); in the original, the changed
//!   characters and a context character next to them are tokens of their own
//!   (the word was broken, no lexicon word covered them; waived for the
//!   engine's own habits, `Kind::Seen` and `Kind::Filler`, when it gave
//!   confidences); and no two characters read
//!   there, one of them changed, stand side by side inside any lexicon word
//!   (the reading is not itself plausible text);
//! - the candidate's segmentation is cheaper by `MIN_GAIN_DOUBTED` when the
//!   engine's confidences show it doubted the glyph, else by `MIN_GAIN`, and no other
//!   change at the same place comes within `AMBIGUITY` of it;
//! - when the engine gave per-character confidences, the changed characters'
//!   highest is below the mean of the others in the cell (a filler's: the
//!   lower of it and the glyph it was split from, one glyph read as two);
//!   a rival change backed by shape alone does not make one the engine's own
//!   misreadings back doubtful;
//! - a look-alike by shape alone (`Kind::Alike`) only completes a word of the
//!   form's own vocabulary (`Lexicon::in_domain`), and without per-character
//!   confidences only one jieba lacks (`Source` other than `General`); the
//!   engine's own misreadings (`Kind::Seen`, `data/engine-confusion.tsv`)
//!   complete any word;
//! - a glyph inside the text that no confusion pair names (`Kind::Doubted`:
//!   tesseract's 率 → 举, 憩 → 臣) changes only where the engine all but gave
//!   it up (`MAX_DOUBTED_INSIDE`), to a loose look-alike
//!   (`DOUBTED_SHAPE_MIN`) completing a form word of three characters or
//!   more, and only where no other kind of change applies.
//!
//! Only ideographs change: digits, Latin letters and marks (amounts, dates,
//! codes, units in brackets) are never touched. Text from a text layer never
//! comes here (the caller's rule).

use super::confusion::Confusion;
use crate::lexicon::{Lexicon, Source, Token, ideograph};

/// How much cheaper (nats of the unigram model) the repaired window must be
/// when the engine doubted the changed glyphs (its per-character
/// confidences say so)...
pub const MIN_GAIN_DOUBTED: f32 = 5.0;
/// ...and when there is no such word from the engine. Measured: true repairs
/// on the seeds gain 7.5 and more; the false ones on clean budget text
/// (本表 → 体表) 5.1 and less.
pub const MIN_GAIN: f32 = 6.0;
/// How far below the mean of the other characters the engine's confidence
/// on a changed one must be (a glyph read at 99 % among 99 % is not doubted).
pub const DOUBT_MARGIN: f32 = 0.02;
/// ... and at most this sure of it: a glyph read at 96 % is not doubted,
/// whatever its neighbours scored (截污纳管 read right at 96 % would
/// otherwise become 截污统管, 统管 being a word).
pub const MAX_DOUBTED: f32 = 0.95;
/// A runner-up change this close to the best makes the spot doubtful.
pub const AMBIGUITY: f32 = 1.5;
/// The completed word must be at least this common (cost in nats: a jieba
/// count of about 2^9 in its 60 million; every domain word is).
pub const MAX_WORD_COST: f32 = 11.8;
/// A glyph inside the text is changed by the form's vocabulary alone
/// (`Kind::Doubted`) only when the engine read it at most this sure...
pub const MAX_DOUBTED_INSIDE: f32 = 0.92;
/// ...and this far below the typical confidence of the rest...
pub const DOUBT_MARGIN_INSIDE: f32 = 0.05;
/// ...and when the two shapes correlate at least this much: looser than
/// `ALIKE_MIN`, the engine's doubt making up for it. Measured on the
/// tesseract errors of samples/scanned and samples/archive: the true
/// ones (举/率 0.66, 雹/憩 0.52, 兴/率 0.41) mostly above, the changes of
/// right glyphs (盖 → 驻 0.38, 查 → 三 0.32, 早 → 防 0.26) below.
pub const DOUBTED_SHAPE_MIN: f32 = 0.4;
/// ...and only to complete a word of the form's vocabulary this long.
/// Measured: with two-character words allowed, 7 of 24 such changes on
/// samples/ were wrong (知能 → 知情, 眷展 → 发展, 冢故 → 事故); from three, none.
pub const DOUBTED_WORD_MIN: usize = 3;
/// Characters of context segmented on each side of a change.
const WINDOW: usize = 8;
/// Repairs per run of ideographs, at most.
const MAX_PER_RUN: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One printed character read as two: put back together.
    Split,
    /// Two printed characters read as one: taken apart.
    Merge,
    /// A look-alike by shape.
    Alike,
    /// The main piece of a character read as a character.
    Part,
    /// An error the engines were seen to make (on the checked samples, or
    /// reading rendered text).
    Seen,
    /// A character the engine adds when it splits a glyph (`全和覆盖`),
    /// dropped; with the glyph beside it put back when that was misread too.
    Filler,
    /// The first or last glyph of a cell, which the cell's border cuts or
    /// crowds (`瑞疗废物` for 医疗废物, `利用举` for 利用率): any character
    /// that completes a word of the form's vocabulary, only where the
    /// engine doubted the glyph.
    Edge,
    /// A glyph inside the text the engine strongly doubted (at most
    /// `MAX_DOUBTED_INSIDE`, and `DOUBT_MARGIN_INSIDE` below the rest): any
    /// character that completes a word of the form's vocabulary, as at the
    /// edge (`利用举逐年` for 利用率, `休臣环境` for 休憩: look-alikes the
    /// confusion model lacks).
    Doubted,
    /// A glyph cut by the edge between two cells (or two of the engine's
    /// tokens) and read on both sides: its piece after the whole glyph
    /// dropped (`管理 | 里文件` → `管理 | 文件`), or its two pieces put back
    /// together (`驻均 | 汤人员` → `驻 | 场人员`). See `repair_join`.
    Straddle,
}

/// One change made to a string.
#[derive(Clone, Debug, PartialEq)]
pub struct GarbleRepair {
    pub read: String,
    pub printed: String,
    /// Character offset of the change in the original string.
    pub at: usize,
    pub kind: Kind,
    /// The lexicon word the repair completes.
    pub word: String,
    /// The original's text around the change, as read.
    pub context: String,
    /// Segmentation cost saved (nats).
    pub gain: f32,
    /// The engine's highest confidence on the changed characters and its
    /// mean on the others, when it gave per-character confidences.
    pub confidence: Option<(f32, f32)>,
}

impl GarbleRepair {
    /// What, where and why, for a record's warnings.
    pub fn describe(&self, field: &str) -> String {
        let why = match self.kind {
            Kind::Split => "one glyph read as two",
            Kind::Merge => "two glyphs read as one",
            Kind::Alike => "look-alike glyph",
            Kind::Part => "glyph read as its main piece",
            Kind::Seen => "an engine's known misreading",
            Kind::Filler => "a character the engine adds to a glyph it splits",
            Kind::Edge => "a glyph at the cell's edge",
            Kind::Doubted => "a glyph the engine doubted",
            Kind::Straddle => "a glyph cut by the edge between two cells, read on both sides",
        };
        let sure = match self.confidence {
            Some((changed, others)) => format!(
                "; read at {:.0} % against {:.0} % for the rest",
                100.0 * changed,
                100.0 * others
            ),
            None => String::new(),
        };
        format!(
            "repaired: {field} {:?} → {:?} at character {} of {:?} ({why}; {:?} is a word, \
             the reading was not{sure}; gain {:.1}; OCR)",
            self.read, self.printed, self.at, self.context, self.word, self.gain
        )
    }
}

/// Repairs the broken glyphs of OCR'd `text`. `confidences`, when given, has
/// one entry per character of `text`. Returns the text (unchanged when
/// nothing qualifies) and every change made.
pub fn repair(text: &str, confidences: Option<&[f32]>) -> (String, Vec<GarbleRepair>) {
    repair_with(text, confidences, Lexicon::get(), Confusion::get())
}

/// `repair` with a given lexicon and model.
pub fn repair_with(
    text: &str,
    confidences: Option<&[f32]>,
    lex: &Lexicon,
    model: &Confusion,
) -> (String, Vec<GarbleRepair>) {
    let chars: Vec<char> = text.chars().collect();
    let confidences = confidences.filter(|c| c.len() == chars.len());
    // A glyph the engine read as junk and a piece inside the cell (`申i青总额`):
    // cut there and repaired as across two cells, then the rest as usual
    // (offsets of later repairs are in the text as the first left it).
    if let Some((joined, conf, first)) = join_inside(&chars, confidences, lex, model) {
        let (out, more) = repair_with(&joined, conf.as_deref(), lex, model);
        return (out, first.into_iter().chain(more).collect());
    }
    // Runs of ideographs; a line break or space between two ideographs is
    // layout (a cell's wrapped line), not a word boundary.
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if ideograph(c) {
            run.push(i);
        } else if !c.is_whitespace() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    // The cell's first and last ideographs, when nothing but space lies
    // beyond them: the glyphs a cell's border cuts or crowds.
    let first_glyph = chars
        .iter()
        .position(|c| !c.is_whitespace())
        .filter(|&i| ideograph(chars[i]));
    let last_glyph = chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .filter(|&i| ideograph(chars[i]));
    let mean_others = |changed: &[usize]| doubt(&chars, confidences?, changed);
    // A filler and the glyph it was split from are one glyph read as two:
    // the engine's doubt about it is its lower confidence of the two (it
    // may be sure of the filler's shape, 和 at 96 %, and not of the rest).
    let split_doubt = |changed: &[usize], partner: &[usize]| {
        let conf = confidences?;
        let both: Vec<usize> = changed.iter().chain(partner).copied().collect();
        let (_, typical) = doubt(&chars, conf, &both)?;
        let low = both.iter().map(|&i| conf[i]).fold(1.0, f32::min);
        Some((low, typical))
    };
    let doubt_of =
        |c: &Candidate, from: &[usize], origin: &[Vec<usize>], run: &[usize]| match c.partner {
            Some(g) if c.kind == Kind::Filler => {
                let partner: Vec<usize> = origin[g].iter().map(|&o| run[o]).collect();
                split_doubt(from, &partner)
            }
            _ => mean_others(from),
        };
    // Whether the engine's own misreadings back a change: a seen error, or
    // a filler whose glyph is put back by one.
    let engine_backed = |c: &Candidate, cur: &[char]| match c.kind {
        Kind::Seen => true,
        Kind::Filler => match (c.partner, &c.new[..]) {
            (_, []) => true,
            (Some(g), &[d]) => model
                .seen_for(cur[g].encode_utf8(&mut [0; 4]))
                .iter()
                .any(|p| p.chars().eq(std::iter::once(d))),
            _ => false,
        },
        _ => false,
    };

    // Replacements on `chars`: (first index, last index, new text).
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut repairs = Vec::new();
    for run in runs.into_iter().filter(|r| r.len() >= 2) {
        let mut cur: Vec<char> = run.iter().map(|&i| chars[i]).collect();
        // Where each current character came from (an index into `run`).
        let mut origin: Vec<Vec<usize>> = (0..run.len()).map(|k| vec![k]).collect();
        // Characters a repair wrote: never changed again.
        let mut touched = vec![false; run.len()];
        for _ in 0..MAX_PER_RUN {
            // Only while the edge glyph is still the one read there.
            let edges = (
                first_glyph.is_some_and(|g| {
                    origin[0] == [run.iter().position(|&i| i == g).unwrap_or(usize::MAX)]
                }),
                last_glyph.is_some_and(|g| {
                    origin.last().is_some_and(|o| {
                        *o == [run.iter().position(|&i| i == g).unwrap_or(usize::MAX)]
                    })
                }),
            );
            let mut cands = candidates(&cur, lex, model, edges);
            cands.retain_mut(|c| {
                if touched[c.start..c.end].iter().any(|&t| t) {
                    return false;
                }
                // Most glyphs are read surely: no word to look for there.
                if c.kind == Kind::Doubted {
                    let conf = |k: usize| {
                        origin[k]
                            .iter()
                            .map(|&o| confidences.map_or(1.0, |v| v[run[o]]))
                            .fold(0.0, f32::max)
                    };
                    if conf(c.start) > MAX_DOUBTED_INSIDE {
                        return false;
                    }
                }
                let Some(gain) = judge(&cur, c, lex, confidences.is_some()) else {
                    return false;
                };
                c.gain = gain;
                let from: Vec<usize> = (c.start..c.end)
                    .flat_map(|k| origin[k].iter().map(|&o| run[o]))
                    .collect();
                accepted(c, doubt_of(c, &from, &origin, &run), lex)
            });
            // The vocabulary alone (`Kind::Doubted`) only where no other
            // evidence names a change.
            cands.sort_by(|a, b| {
                (a.kind == Kind::Doubted)
                    .cmp(&(b.kind == Kind::Doubted))
                    .then(b.gain.total_cmp(&a.gain))
            });
            let Some(best) = cands.first().cloned() else {
                break;
            };
            // A cut glyph is evidence of position only: it does not make a
            // change the shape or the engine's habits name doubtful; nor
            // does a shape alone one the engine's own misreadings back
            // (和窗 → 覆 seen, → 市 only alike).
            let backed = engine_backed(&best, &cur);
            let doubtful = cands[1..].iter().any(|c| {
                (matches!(best.kind, Kind::Edge | Kind::Doubted)
                    || !matches!(c.kind, Kind::Edge | Kind::Doubted))
                    && (!backed || engine_backed(c, &cur))
                    && c.start < best.end + 1
                    && best.start < c.end + 1
                    && c.new != best.new
                    && c.gain + AMBIGUITY > best.gain
            });
            if doubtful {
                break;
            }
            let from: Vec<usize> = (best.start..best.end)
                .flat_map(|k| origin[k].iter().map(|&o| run[o]))
                .collect();
            let (first, last) = (from[0], *from.last().expect("a change has characters"));
            let lo = run.iter().position(|&i| i == first).unwrap_or(0);
            let ctx_lo = lo.saturating_sub(4);
            let ctx_hi = (lo + from.len() + 4).min(run.len());
            let confidence = doubt_of(&best, &from, &origin, &run);
            repairs.push(GarbleRepair {
                read: from.iter().map(|&i| chars[i]).collect(),
                printed: best.new.iter().collect(),
                at: first,
                kind: best.kind,
                word: best.word.clone(),
                context: run[ctx_lo..ctx_hi].iter().map(|&i| chars[i]).collect(),
                gain: best.gain,
                confidence,
            });
            edits.push((first, last, best.new.iter().collect()));
            let merged: Vec<usize> = (best.start..best.end)
                .flat_map(|k| origin[k].clone())
                .collect();
            let new_origin: Vec<Vec<usize>> = best.new.iter().map(|_| merged.clone()).collect();
            cur.splice(best.start..best.end, best.new.iter().copied());
            origin.splice(best.start..best.end, new_origin);
            touched.splice(best.start..best.end, best.new.iter().map(|_| true));
        }
    }
    if edits.is_empty() {
        return (text.to_string(), repairs);
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    for (first, last, new) in edits {
        out.extend(&chars[i..first]);
        // What lay between the changed characters (a line break) goes after.
        let between: String = chars[first..=last]
            .iter()
            .filter(|c| !ideograph(**c))
            .collect();
        out.push_str(&new);
        out.push_str(&between);
        i = last + 1;
    }
    out.extend(&chars[i..]);
    repairs.sort_by_key(|r| r.at);
    (out, repairs)
}

/// The engine's highest confidence on the `changed` characters of `chars`
/// and its typical one on the other ideographs.
fn doubt(chars: &[char], conf: &[f32], changed: &[usize]) -> Option<(f32, f32)> {
    let mut others: Vec<f32> = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| ideograph(c) && !changed.contains(&i))
        .map(|(i, _)| conf[i])
        .collect();
    let max_changed = changed.iter().map(|&i| conf[i]).fold(0.0, f32::max);
    // The median, not the mean: tesseract often puts its doubt about a glyph
    // on the next one too (筷 89 %, 查 55 %), and one such neighbour must not
    // make a doubted glyph look typical.
    others.sort_by(f32::total_cmp);
    let typical = match others.len() {
        0 => 1.0,
        n if n % 2 == 1 => others[n / 2],
        n => (others[n / 2 - 1] + others[n / 2]) / 2.0,
    };
    Some((max_changed, typical))
}

/// Whether a judged candidate is taken, given the engine's confidences on
/// it (`doubt`), when it gave them.
fn accepted(c: &Candidate, doubt: Option<(f32, f32)>, lex: &Lexicon) -> bool {
    // A shape alone is weak evidence (at ALIKE_MIN 徐 is as like 掩 as 履
    // is like 覆): it may only complete a word of the form's own vocabulary
    // however much the engine doubted the glyph, and without the engine's
    // word on it, only one jieba lacks (本表 → 体表 is general text).
    // Splits, pieces and the engine's own seen misreadings may complete any
    // word. A glyph at the cell's edge has no shape evidence at all: the
    // same, and only where the engine doubted it. A glyph read on both sides
    // of a cut has its position as evidence besides its shape: as a split.
    let shape = matches!(c.kind, Kind::Alike | Kind::Edge | Kind::Doubted);
    match doubt {
        // Inside the text, no position and little shape: only a strong
        // doubt, and a word of at least `DOUBTED_WORD_MIN` characters (the
        // samples' two-character words, 发展 记录 事故, are everywhere).
        Some((changed, others)) if c.kind == Kind::Doubted => {
            changed + DOUBT_MARGIN_INSIDE <= others
                && changed <= MAX_DOUBTED_INSIDE
                && c.gain >= MIN_GAIN_DOUBTED
                && c.word.chars().count() >= DOUBTED_WORD_MIN
                && lex.in_domain(&c.word)
        }
        Some((changed, others)) => {
            changed + DOUBT_MARGIN <= others
                && changed <= MAX_DOUBTED
                && c.gain >= MIN_GAIN_DOUBTED
                && (!shape || lex.in_domain(&c.word))
        }
        // Fillers are the engine's habit: only where it doubted.
        None => {
            c.gain >= MIN_GAIN
                && !matches!(c.kind, Kind::Filler | Kind::Edge | Kind::Doubted)
                && (!shape || lex.source(&c.word).is_some_and(|s| s != Source::General))
        }
    }
}

/// Marks an engine leaves where it cut a glyph at a cell's or a token's
/// edge: a Latin letter or a dot (`申i | 青总额`: 讠 read as `i`).
fn junk(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '·' | '•' | '\'' | '`')
}

/// Junk characters, at most, between the two sides of a cut.
const MAX_JUNK: usize = 2;

/// Repairs a glyph cut by the edge between `left` and `right`, OCR'd text
/// side by side in reading order (two neighbouring cells of a row, or two of
/// an engine's tokens), read on both sides of the cut: the whole glyph then
/// its piece (`管理 | 里文件`: the piece dropped), its two pieces (`驻均 |
/// 汤人员` → `驻 | 场人员`, the glyph going to the side whose piece is more
/// like it), or one piece completed by the words across the cut (`上 |
/// 每市` → `上 | 海市`, `申i | 青总额` → `申 | 请总额`). Only the last glyph of
/// `left` and the first of `right` change, with at most `MAX_JUNK` Latin
/// letters or dots between them (dropped with the repair); nothing but
/// space or junk may lie between. The candidate is judged as in `repair`
/// over the two sides' ideographs joined; a dropped piece must have stood
/// alone and beside no character it forms a word with, and the character
/// past it must start a word once it is gone. `confidences`: one per
/// character of each side. Returns both sides (unchanged when nothing
/// qualifies) and the change made, its `at` an offset into `left` followed
/// by `right`.
pub fn repair_join(
    left: &str,
    right: &str,
    confidences: Option<(&[f32], &[f32])>,
) -> (String, String, Vec<GarbleRepair>) {
    repair_join_with(left, right, confidences, Lexicon::get(), Confusion::get())
}

/// `repair_join` with a given lexicon and model.
pub fn repair_join_with(
    left: &str,
    right: &str,
    confidences: Option<(&[f32], &[f32])>,
    lex: &Lexicon,
    model: &Confusion,
) -> (String, String, Vec<GarbleRepair>) {
    let unchanged = || (left.to_string(), right.to_string(), Vec::new());
    let (l, r): (Vec<char>, Vec<char>) = (left.chars().collect(), right.chars().collect());
    let confidences = confidences.filter(|(a, b)| a.len() == l.len() && b.len() == r.len());
    let mark = |c: char| !c.is_whitespace() && !junk(c);
    let (Some(xi), Some(yi)) = (
        l.iter().rposition(|&c| mark(c)),
        r.iter().position(|&c| mark(c)),
    ) else {
        return unchanged();
    };
    if !ideograph(l[xi]) || !ideograph(r[yi]) {
        return unchanged();
    }
    let junk_at: Vec<(bool, usize)> = (xi + 1..l.len())
        .filter(|&i| junk(l[i]))
        .map(|i| (false, i))
        .chain((0..yi).filter(|&i| junk(r[i])).map(|i| (true, i)))
        .collect();
    if junk_at.len() > MAX_JUNK {
        return unchanged();
    }
    // Each side's ideographs next to the cut (a space is a wrapped line).
    let run = |s: &[char], from: usize, back: bool| -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = from;
        loop {
            if ideograph(s[i]) {
                out.push(i);
            } else if !s[i].is_whitespace() || out.len() >= WINDOW {
                break;
            }
            if out.len() >= WINDOW || (back && i == 0) || (!back && i + 1 == s.len()) {
                break;
            }
            i = if back { i - 1 } else { i + 1 };
        }
        if back {
            out.reverse();
        }
        out
    };
    let (lrun, rrun) = (run(&l, xi, true), run(&r, yi, false));
    // (side is right, index in that side) of each character of `cur`.
    let pos: Vec<(bool, usize)> = lrun
        .iter()
        .map(|&i| (false, i))
        .chain(rrun.iter().map(|&i| (true, i)))
        .collect();
    let at = |(right, i): (bool, usize)| if right { r[i] } else { l[i] };
    let cur: Vec<char> = pos.iter().map(|&p| at(p)).collect();
    let b = lrun.len();
    let (x, y) = (cur[b - 1], cur[b]);
    let like = |whole: char, piece: char| model.is_part(whole, piece) || model.alike(whole, piece);
    let mut cands: Vec<Candidate> = candidates(&cur, lex, model, (false, false))
        .into_iter()
        .filter(|c| c.start <= b && c.end >= b)
        .collect();
    let straddle = |start: usize, end: usize, new: Vec<char>| Candidate {
        start,
        end,
        new,
        kind: Kind::Straddle,
        word: String::new(),
        gain: 0.0,
        partner: None,
    };
    // The whole glyph, then its piece: only a piece that holds most of the
    // glyph's ink (a look-alike beside a glyph is as often the next word:
    // 中标或 | 成交的), and not a piece before its whole (`万元 | 完成`: a
    // unit, then the next line).
    if x != y && model.is_part(x, y) {
        cands.push(straddle(b, b + 1, Vec::new()));
    }
    let mut rest = cur.clone();
    rest.remove(b);
    for z in fills_at(&rest, b - 1, lex) {
        if z != x && z != y && like(z, x) && like(z, y) {
            cands.push(straddle(b - 1, b + 1, vec![z]));
        }
    }
    let conf: Option<Vec<f32>> = confidences.map(|(a, c)| {
        pos.iter()
            .map(|&(right, i)| if right { c[i] } else { a[i] })
            .collect()
    });
    cands.retain_mut(|c| {
        let judged = if c.new.is_empty() && c.kind == Kind::Straddle {
            judge_drop(&cur, c, lex)
        } else {
            judge(&cur, c, lex, conf.is_some())
        };
        let Some(gain) = judged else {
            return false;
        };
        c.gain = gain;
        let changed: Vec<usize> = (c.start..c.end).collect();
        accepted(c, conf.as_ref().and_then(|k| doubt(&cur, k, &changed)), lex)
    });
    cands.sort_by(|a, b| b.gain.total_cmp(&a.gain));
    let Some(best) = cands.first().cloned() else {
        return unchanged();
    };
    if cands[1..].iter().any(|c| {
        (c.start, c.end, &c.new) != (best.start, best.end, &best.new)
            && c.gain + AMBIGUITY > best.gain
    }) {
        return unchanged();
    }
    // What each changed character becomes ("" when dropped). A glyph put
    // back from pieces on both sides goes where its piece is more like it.
    let mut writes: Vec<((bool, usize), String)> = Vec::new();
    let changed = &pos[best.start..best.end];
    if changed.len() == 2 && best.new.len() == 1 {
        let sim = |p: char| {
            if model.is_part(best.new[0], p) {
                1.0
            } else {
                model.shape_similarity(best.new[0], p).unwrap_or(0.0)
            }
        };
        let keep = usize::from(sim(at(changed[1])) > sim(at(changed[0])));
        for (k, &p) in changed.iter().enumerate() {
            let new = if k == keep {
                best.new[0].to_string()
            } else {
                String::new()
            };
            writes.push((p, new));
        }
    } else {
        for (k, &p) in changed.iter().enumerate() {
            let new: String = if k + 1 == changed.len() {
                best.new[k.min(best.new.len())..].iter().collect()
            } else {
                best.new.get(k).map(|c| c.to_string()).unwrap_or_default()
            };
            writes.push((p, new));
        }
    }
    writes.extend(junk_at.iter().map(|&p| (p, String::new())));
    let rebuild = |s: &[char], right: bool| -> String {
        let mut out = String::new();
        for (i, &c) in s.iter().enumerate() {
            match writes.iter().find(|w| w.0 == (right, i)) {
                Some(w) => out.push_str(&w.1),
                None => out.push(c),
            }
        }
        out
    };
    let offset = |(right, i): (bool, usize)| if right { l.len() + i } else { i };
    let (ctx_lo, ctx_hi) = (best.start.saturating_sub(4), (best.end + 4).min(cur.len()));
    let context: String = (ctx_lo..ctx_hi)
        .flat_map(|k| (k == b).then_some('|').into_iter().chain([cur[k]]))
        .collect();
    let changed_idx: Vec<usize> = (best.start..best.end).collect();
    let repair = GarbleRepair {
        read: cur[best.start..best.end].iter().collect(),
        printed: best.new.iter().collect(),
        at: offset(changed[0]),
        kind: best.kind,
        word: best.word.clone(),
        context,
        gain: best.gain,
        confidence: conf.as_ref().and_then(|k| doubt(&cur, k, &changed_idx)),
    };
    (rebuild(&l, false), rebuild(&r, true), vec![repair])
}

/// The first junk gap inside `chars` (an ideograph, up to `MAX_JUNK` Latin
/// letters or dots with or without space, an ideograph) that `repair_join`
/// repairs: the text after it, its confidences (a written character counts
/// as sure: it is not changed again), and the repair.
fn join_inside(
    chars: &[char],
    confidences: Option<&[f32]>,
    lex: &Lexicon,
    model: &Confusion,
) -> Option<(String, Option<Vec<f32>>, Vec<GarbleRepair>)> {
    for i in 0..chars.len() {
        if !ideograph(chars[i]) {
            continue;
        }
        let Some(j) = (i + 1..chars.len()).find(|&j| !chars[j].is_whitespace() && !junk(chars[j]))
        else {
            break;
        };
        let gap = &chars[i + 1..j];
        let n = gap.iter().filter(|&&c| junk(c)).count();
        if !ideograph(chars[j]) || n == 0 || n > MAX_JUNK {
            continue;
        }
        let (left, right): (String, String) = (
            chars[..=i].iter().collect(),
            chars[i + 1..].iter().collect(),
        );
        let split = confidences.map(|c| (&c[..=i], &c[i + 1..]));
        let (a, b, reps) = repair_join_with(&left, &right, split, lex, model);
        if reps.is_empty() {
            continue;
        }
        let out: Vec<char> = a.chars().chain(b.chars()).collect();
        let conf = confidences.map(|c| {
            let pre = chars.iter().zip(&out).take_while(|(x, y)| x == y).count();
            let suf = chars[pre..]
                .iter()
                .rev()
                .zip(out[pre..].iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
            let mut v = c[..pre].to_vec();
            v.extend(std::iter::repeat_n(1.0, out.len() - pre - suf));
            v.extend_from_slice(&c[chars.len() - suf..]);
            v
        });
        return Some((out.into_iter().collect(), conf, reps));
    }
    None
}

/// The last test of a repair: the word it makes is a known one, cheap
/// enough, and the reading gains enough by it; the word is written into
/// `c`.
fn take_word(c: &mut Candidate, word: &[char], gain: f32, lex: &Lexicon) -> Option<f32> {
    let text: String = word.iter().collect();
    if lex.cost(&text).is_none_or(|c| c > MAX_WORD_COST) || gain < MIN_GAIN_DOUBTED.min(MIN_GAIN) {
        return None;
    }
    c.word = text;
    Some(gain)
}

/// A dropped piece (`Kind::Straddle`): its gain when it stood alone in the
/// reading, forms a word with neither neighbour, and the character past it
/// starts (or ends) a known word once it is gone; that word is written
/// into `c`.
fn judge_drop(cur: &[char], c: &mut Candidate, lex: &Lexicon) -> Option<f32> {
    let k = c.start;
    let lo = k.saturating_sub(WINDOW);
    let hi = (k + 1 + WINDOW).min(cur.len());
    let before = &cur[lo..hi];
    let mut after = before.to_vec();
    after.remove(k - lo);
    if (k > 0 && lex.pair_in_word(cur[k - 1], cur[k]))
        || (k + 1 < cur.len() && lex.pair_in_word(cur[k], cur[k + 1]))
    {
        return None;
    }
    let (cost0, seg0) = lex.segment(before);
    let (cost1, seg1) = lex.segment(&after);
    if !seg0
        .iter()
        .any(|t| t.start == k - lo && t.end == k - lo + 1)
    {
        return None;
    }
    // The character that took its place: past it on the right when there is
    // one, else before it.
    let next = if k + 1 < hi {
        k - lo
    } else {
        (k - lo).checked_sub(1)?
    };
    let word = seg1
        .iter()
        .find(|t| t.start <= next && next < t.end)
        .filter(|t| t.known && t.end - t.start >= 2)?;
    take_word(c, &after[word.start..word.end], cost0 - cost1, lex)
}

#[derive(Clone, Debug)]
struct Candidate {
    /// `cur[start..end]` is replaced by `new`.
    start: usize,
    end: usize,
    new: Vec<char>,
    kind: Kind,
    word: String,
    gain: f32,
    /// For a filler, the glyph (index in `cur`) it was split from: the
    /// engine's doubt about that glyph is its doubt about the pair.
    partner: Option<usize>,
}

/// Every change the confusion model allows that makes some lexicon word;
/// `edges`: whether `cur`'s first and last characters are the cell's
/// first and last glyphs as read.
fn candidates(
    cur: &[char],
    lex: &Lexicon,
    model: &Confusion,
    edges: (bool, bool),
) -> Vec<Candidate> {
    let n = cur.len();
    let mut out = Vec::new();
    let mut push = |start: usize, end: usize, new: Vec<char>, kind: Kind, partner| {
        if !new.iter().eq(cur[start..end].iter()) {
            out.push(Candidate {
                start,
                end,
                new,
                kind,
                word: String::new(),
                gain: 0.0,
                partner,
            });
        }
    };
    for i in 0..n {
        if i + 1 < n {
            for &c in model.merged_from(cur[i], cur[i + 1]) {
                push(i, i + 2, vec![c], Kind::Split, None);
            }
        }
        for &[x, y] in model.split_into(cur[i]) {
            push(i, i + 1, vec![x, y], Kind::Merge, None);
        }
        // A filler before or after glyph `g`: dropped alone when `g` was read
        // right, else with `g` put back by the word the rest makes.
        if model.is_filler(cur[i]) {
            for g in [i.wrapping_sub(1), i + 1].into_iter().filter(|&g| g < n) {
                let mut rest = cur.to_vec();
                rest.remove(i);
                let at = if g < i { g } else { g - 1 };
                let (a, b) = (i.min(g), i.max(g) + 1);
                for d in fills_at(&rest, at, lex) {
                    if d == cur[g] {
                        push(i, i + 1, Vec::new(), Kind::Filler, Some(g));
                    } else if model.alike(cur[g], d) || model.is_part(d, cur[g]) {
                        push(a, b, vec![d], Kind::Filler, Some(g));
                    }
                }
            }
        }
        for len in 1..=2.min(n - i) {
            let read: String = cur[i..i + len].iter().collect();
            for printed in model.seen_for(&read) {
                push(i, i + len, printed.chars().collect(), Kind::Seen, None);
            }
        }
        let edge = (i == 0 && edges.0) || (i + 1 == n && edges.1);
        let fills: Vec<char> = fills_at(cur, i, lex)
            .into_iter()
            .filter(|&d| d != cur[i])
            .collect();
        for &d in &fills {
            if model.is_part(d, cur[i]) {
                push(i, i + 1, vec![d], Kind::Part, None);
            } else if model.alike(cur[i], d) {
                push(i, i + 1, vec![d], Kind::Alike, None);
            }
            // At the edge, also as a cut glyph (judged as one: 利用举 →
            // 利用率 grows a word the reading had, which a look-alike alone
            // may not).
            if edge {
                push(i, i + 1, vec![d], Kind::Edge, None);
            } else if model
                .shape_similarity(cur[i], d)
                .is_some_and(|s| s >= DOUBTED_SHAPE_MIN)
            {
                push(i, i + 1, vec![d], Kind::Doubted, None);
            }
        }
    }
    out
}

/// The characters that, at `cur[i]`, make a lexicon word of some window
/// around `i` (the words one character away), `cur[i]` itself included.
fn fills_at(cur: &[char], i: usize, lex: &Lexicon) -> Vec<char> {
    let n = cur.len();
    let mut fills: Vec<char> = Vec::new();
    for len in 2..=lex.max_len().min(n) {
        for a in (i + 1).saturating_sub(len)..=i.min(n - len) {
            fills.extend_from_slice(lex.fills(&cur[a..a + len], i - a));
        }
    }
    fills.sort_unstable();
    fills.dedup();
    fills
}

/// The candidate's gain when it passes the lexicon's tests (see the module
/// doc), and the word it completes (written into `c`). `engine_said`: the
/// engine gave per-character confidences (the caller checks it doubted the
/// changed ones).
fn judge(cur: &[char], c: &mut Candidate, lex: &Lexicon, engine_said: bool) -> Option<f32> {
    let lo = c.start.saturating_sub(WINDOW);
    let hi = (c.end + WINDOW).min(cur.len());
    let before = &cur[lo..hi];
    let mut after: Vec<char> = cur[lo..c.start].to_vec();
    after.extend(&c.new);
    after.extend(&cur[c.end..hi]);
    let (s, e) = (c.start - lo, c.start - lo + c.new.len());
    let (cost0, seg0) = lex.segment(before);
    let (cost1, seg1) = lex.segment(&after);
    // The reading: every changed character stands alone.
    let alone = |t: &Token| t.end - t.start == 1;
    if !seg0
        .iter()
        .filter(|t| t.start < c.end - lo && c.start - lo < t.end)
        .all(alone)
    {
        return None;
    }
    // The repair: one known word covers the change and context beside it
    // (a dropped character: the word runs across where it was).
    let word = seg1.iter().find(|t| {
        if s == e {
            t.start < s && s < t.end
        } else {
            t.start <= s && e <= t.end
        }
    })?;
    if !word.known || word.end - word.start < 2 || word.end - word.start == e - s {
        return None;
    }
    // ...and that word was broken in the reading: a context character next
    // to the change stood alone too. A change that only grows a word the
    // reading already had (在各渠道 → 在多渠道) explains nothing that was wrong.
    let (w0, w1) = (
        lo + word.start,
        lo + word.end - c.new.len() + (c.end - c.start),
    );
    let token_len = |k: usize| {
        seg0.iter()
            .find(|t| t.start <= k && k < t.end)
            .map(|t| t.end - t.start)
    };
    let left = (c.start > w0).then(|| token_len(c.start - 1 - lo));
    let right = (c.end < w1).then(|| token_len(c.end - lo));
    // Except for the engine's own habits where it doubted the glyph: a
    // word's last character misread (完好府, 完好 a word) or a filler between
    // two words (绿化和覆盖率) breaks no neighbour.
    // Nor does a cut glyph at the cell's edge (`孚产妇`: 产妇 is a word, 孕产妇
    // the form's).
    let habit = engine_said
        && matches!(
            c.kind,
            Kind::Seen | Kind::Filler | Kind::Edge | Kind::Doubted
        );
    if !habit && ![left, right].into_iter().flatten().any(|l| l == Some(1)) {
        return None;
    }
    // ...and what was read there is not plausible text itself: no two of its
    // characters next to a changed one stand side by side in any word
    // (不超 is in 不超过: left alone, whatever 不想 would make).
    let changed = |k: usize| (c.start - lo..c.end - lo).contains(&k);
    if (w0 - lo..w1 - lo - 1)
        .any(|k| (changed(k) || changed(k + 1)) && lex.pair_in_word(before[k], before[k + 1]))
    {
        return None;
    }
    take_word(c, &after[word.start..word.end], cost0 - cost1, lex)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        repair(s, None).0
    }

    #[test]
    fn split_merged_and_look_alike_glyphs_are_repaired() {
        assert_eq!(fixed("贝才政项目支出"), "财政项目支出");
        assert_eq!(fixed("生太效益指标"), "生态效益指标");
        // A look-alike by shape alone completes a general word only when the
        // engine doubted the glyph.
        assert_eq!(fixed("还步恢复"), "还步恢复");
        assert_eq!(
            repair("还步恢复", Some(&[0.3, 0.9, 0.9, 0.8])).0,
            "逐步恢复"
        );
        assert_eq!(repair("履盖率", Some(&[0.4, 0.9, 0.9])).0, "覆盖率");
        let (t, r) = repair("其中：财政资全", None);
        assert_eq!(t, "其中：财政资金");
        assert_eq!(r[0].read, "全");
        assert_eq!(r[0].at, 6);
        assert!(
            r[0].describe("total_fiscal")
                .starts_with("repaired: total_fiscal \"全\" → \"金\"")
        );
    }

    #[test]
    fn the_engines_own_misreadings_and_fillers_are_repaired() {
        let doubted = |s: &str, at: &[usize]| -> Vec<f32> {
            (0..s.chars().count())
                .map(|i| if at.contains(&i) { 0.6 } else { 0.95 })
                .collect()
        };
        // Tesseract reads 率 as 府 (data/engine-confusion.tsv): no shape says so.
        let s = "公园绿地完好府";
        assert_eq!(repair(s, Some(&doubted(s, &[6]))).0, "公园绿地完好率");
        // 和 is what it adds when it splits a glyph: dropped where doubted.
        let s = "绿化和覆盖率";
        let (t, r) = repair(s, Some(&doubted(s, &[2])));
        assert_eq!(t, "绿化覆盖率");
        assert_eq!(
            (r[0].kind, r[0].read.as_str(), r[0].at),
            (Kind::Filler, "和", 2)
        );
        // ...but a 和 read as surely as the rest is text.
        assert_eq!(repair(s, Some(&[0.95; 6])).0, s);
        assert_eq!(fixed(s), s);
    }

    #[test]
    fn a_strongly_doubted_glyph_completes_a_long_word_of_the_form() {
        // 率 read as 举 (no confusion pair says so), at 87 % among 99 %.
        let s = "资源化利用举逐年提高";
        let mut conf = [0.99; 10];
        conf[5] = 0.87;
        let (t, r) = repair(s, Some(&conf));
        assert_eq!(t, "资源化利用率逐年提高");
        assert_eq!((r[0].kind, r[0].word.as_str()), (Kind::Doubted, "利用率"));
        // Read surely, or without the engine's word on it: left alone.
        conf[5] = 0.96;
        assert_eq!(repair(s, Some(&conf)).0, s);
        assert_eq!(fixed(s), s);
        // A two-character word is no evidence (眷 → 发 would make 发展,
        // a word of the samples, where 开展 was printed).
        let s = "访设备、眷展穴故医生团队";
        let mut conf = [0.99; 12];
        conf[4] = 0.57;
        assert_eq!(repair(s, Some(&conf)).0, s);
    }

    #[test]
    fn a_filler_shares_the_doubt_of_the_glyph_it_was_split_from() {
        // Tesseract read 覆 as 和窗, sure of 和 (96 %), not of 窗 (85 %):
        // one glyph read as two, doubted as a whole. 窗 → 覆 is its own
        // misreading and 窗 → 市 (全市) a shape alone, no rival to it.
        let s = "收运全和窗盖、全过程";
        let conf = [0.99, 0.99, 0.99, 0.96, 0.85, 0.86, 0.99, 0.98, 0.99, 0.99];
        let (t, r) = repair(s, Some(&conf));
        assert_eq!(t, "收运全覆盖、全过程");
        assert_eq!((r[0].kind, r[0].read.as_str()), (Kind::Filler, "和窗"));
        // The same with 覆 read right: the sure 和 beside a doubted glyph.
        let s = "执法全过程记录和覆盖率达到";
        let mut conf = [0.99; 13];
        conf[8] = 0.9;
        let (t, r) = repair(s, Some(&conf));
        assert_eq!(t, "执法全过程记录覆盖率达到");
        assert_eq!((r[0].kind, r[0].read.as_str()), (Kind::Filler, "和"));
        // Beside glyphs read as surely as the rest, a sure 和 stays.
        assert_eq!(repair(s, Some(&[0.99; 13])).0, s);
    }

    #[test]
    fn a_shape_alone_completes_only_the_forms_words() {
        // 徐 is as like 掩 as 履 is like 覆, but 掩盖 is not the form's word:
        // left as read (the printed 覆 is not a look-alike of 徐)...
        let s = "过程记录徐盖率";
        let mut conf = [0.97, 0.97, 0.97, 0.97, 0.93, 0.97, 0.97];
        assert_eq!(repair(s, Some(&conf)).0, s);
        // ...unless the engine all but gave it up: then the form's
        // three-character word decides (`Kind::Doubted`), never 掩.
        conf[4] = 0.6;
        let (t, r) = repair(s, Some(&conf));
        assert_eq!(t, "过程记录覆盖率");
        assert_eq!(r[0].kind, Kind::Doubted);
        // 履盖率 → 覆盖率 is.
        assert_eq!(repair("履盖率", Some(&[0.4, 0.9, 0.9])).0, "覆盖率");
    }

    #[test]
    fn a_doubted_glyph_at_the_cells_edge_completes_the_forms_word() {
        let doubted = |s: &str, at: usize| -> Vec<f32> {
            (0..s.chars().count())
                .map(|i| if i == at { 0.86 } else { 0.99 })
                .collect()
        };
        // The border cut 医's frame and 孕's top: no shape says so, the
        // form's vocabulary and the engine's doubt do.
        let s = "瑞疗废物规范处置率";
        let (t, r) = repair(s, Some(&doubted(s, 0)));
        assert_eq!(t, "医疗废物规范处置率");
        assert_eq!(r[0].kind, Kind::Edge);
        let s = "孚 产妇 系统 管理 率";
        assert_eq!(repair(s, Some(&doubted(s, 0))).0, "孕 产妇 系统 管理 率");
        let s = "生活垃圾资源化利用举";
        assert_eq!(repair(s, Some(&doubted(s, 9))).0, "生活垃圾资源化利用率");
        // Left alone: without the engine's word, read surely, inside the
        // cell rather than at its edge, or a reading that is a word itself.
        assert_eq!(repair("瑞疗废物规范处置率", None).0, "瑞疗废物规范处置率");
        let s = "瑞疗废物规范处置率";
        assert_eq!(repair(s, Some(&[0.97; 9])).0, s);
        let s = "规范处置瑞疗废物";
        assert_eq!(repair(s, Some(&doubted(s, 4))).0, s);
        let s = "治疗废物规范处置率";
        assert_eq!(repair(s, Some(&doubted(s, 0))).0, s);
    }

    #[test]
    fn a_neighbour_sharing_the_engines_doubt_does_not_hide_it() {
        // Tesseract put its doubt about 筷 and 第 partly on 查 and 人: the
        // typical confidence of the rest is their median, not their mean.
        let s = "大 肠 癌 筷 查 初 第 人 数";
        let conf = [
            0.98, 1.0, 0.98, 1.0, 0.97, 1.0, 0.89, 1.0, 0.55, 1.0, 0.98, 1.0, 0.92, 1.0, 0.43, 1.0,
            0.98,
        ];
        assert_eq!(repair(s, Some(&conf)).0, "大 肠 癌 筛 查 初 筛 人 数");
    }

    fn joined(a: &str, b: &str) -> (String, String) {
        let (a, b, _) = repair_join(a, b, None);
        (a, b)
    }

    #[test]
    fn a_glyph_cut_by_a_cells_edge_is_repaired_across_it() {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        // The whole glyph, then its piece: the piece dropped.
        assert_eq!(
            joined("质量管理", "里文件完整度"),
            pair("质量管理", "文件完整度")
        );
        assert_eq!(joined("上海", "每市大数据中"), pair("上海", "市大数据中"));
        // Two pieces: the glyph, on the side of the piece more like it.
        let (a, b, r) = repair_join("运维服务驻均", "汤 人员", None);
        assert_eq!((a.as_str(), b.as_str()), ("运维服务驻", "场 人员"));
        assert_eq!(
            (r[0].kind, r[0].read.as_str(), r[0].at),
            (Kind::Straddle, "均汤", 5)
        );
        assert!(
            r[0].describe("level3").contains("驻均|汤"),
            "{}",
            r[0].describe("level3")
        );
        // One piece, completed by the word across the cut; the junk the
        // engine made of the other (讠 as `i`) dropped with it.
        assert_eq!(
            joined("年度资金申i", "青总额"),
            pair("年度资金申", "请总额")
        );
        assert_eq!(joined("上", "每市大数据中心"), pair("上", "海市大数据中心"));
        // With the engine's confidences: only where it doubted the glyph.
        let (l, r) = ([0.95; 4], [0.6, 0.95, 0.95, 0.95, 0.95, 0.95]);
        assert_eq!(
            repair_join("质量管理", "里文件完整度", Some((&l, &r))).1,
            "文件完整度"
        );
        let r = [0.95; 6];
        assert_eq!(
            repair_join("质量管理", "里文件完整度", Some((&l, &r))).1,
            "里文件完整度"
        );
    }

    #[test]
    fn a_glyph_cut_into_junk_inside_a_cell_is_repaired() {
        let (t, r) = repair("年度资金申i青总额", None);
        assert_eq!(t, "年度资金申请总额");
        assert_eq!(
            (r[0].read.as_str(), r[0].printed.as_str(), r[0].at),
            ("青", "请", 6)
        );
        // With confidences: only where the engine doubted the piece; the
        // confidences still line up for the rest of the cell.
        let s = "年度资金申i青总额及贝才政";
        let c: Vec<f32> = (0..s.chars().count())
            .map(|k| if [6, 10, 11].contains(&k) { 0.5 } else { 0.97 })
            .collect();
        assert_eq!(repair(s, Some(&c)).0, "年度资金申请总额及财政");
        let sure = [0.97; 13];
        assert_eq!(repair(s, Some(&sure)).0, s);
        // Junk that is text: a code, a unit, a letter between words.
        for s in ["执行GB标准", "提升A级景区", "申i", "i青总额", "管理a里程碑"] {
            assert_eq!(repair(s, None).0, s);
        }
    }

    #[test]
    fn text_across_a_cut_that_reads_right_is_left_alone() {
        for (a, b) in [
            // The piece makes a word with what follows it.
            ("项目经理", "里程碑计划"),
            ("上海", "每年开展"),
            // The same character in both cells; a look-alike beside it.
            ("体系提升项", "项目名称"),
            ("供应商中标或", "成交的"),
            // A piece before its glyph: a unit, then the next line.
            ("100万元", "完成中心建设"),
            // Digits, codes and marks between the two sides.
            ("管理", "1里程"),
            ("管理：", "里文件"),
            ("质量管理", ""),
            ("", "里文件"),
            // Too much junk between: not one cut glyph.
            ("质量管理abc", "里文件完整度"),
        ] {
            assert_eq!(joined(a, b), (a.to_string(), b.to_string()), "{a} | {b}");
        }
    }

    #[test]
    fn a_line_break_inside_a_word_stays_a_line_break() {
        assert_eq!(fixed("贝\n才政资金"), "财\n政资金");
    }

    #[test]
    fn correct_text_digits_and_codes_are_left_alone() {
        for s in [
            "财政项目支出绩效目标申报表",
            "≥95.00(%)",
            "符合GB/T 39786《信息安全技术 信息系统密码应用基本要求》的第三级别要求",
            "2023-01-01",
            "上海市大数据中心",
            "生态效益指标",
            "",
            "太",
        ] {
            assert_eq!(fixed(s), s);
        }
    }

    #[test]
    fn a_confident_glyph_is_not_changed() {
        let s = "生太效益";
        // 太 read as surely as the rest: kept.
        assert_eq!(repair(s, Some(&[0.9, 0.95, 0.9, 0.9])).0, s);
        assert_eq!(repair(s, Some(&[0.9, 0.4, 0.9, 0.9])).0, "生态效益");
        // Barely below the rest is not doubted.
        assert_eq!(repair(s, Some(&[0.9, 0.89, 0.9, 0.9])).0, s);
        // Nor is a glyph read at 96 %, however sure its neighbours: 纳管 is
        // no jieba word and 统管 is, yet 截污纳管 is what the form says.
        let t = "实施截污纳管和生态修复";
        let mut sure = vec![1.0; t.chars().count()];
        sure[4] = 0.96;
        assert_eq!(repair(t, Some(&sure)).0, t);
        // Confidences that do not match the text are ignored, not misapplied.
        assert_eq!(repair(s, Some(&[0.9])).0, "生态效益");
    }
}
