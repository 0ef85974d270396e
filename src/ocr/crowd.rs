//! Two ideographs read in the room of one. Tesseract now and then reads a
//! glyph as two symbols (收运全覆盖 → 收运全和覆盖: a 和 and the 覆 each
//! take half of 覆's width), and it does so at every size, so the vote
//! cannot undo it. The symbols' boxes show it: their centres stand much
//! closer than the line's other ideographs. Which of the two is the
//! glyph is the lexicon's to say: the one that makes a word with its
//! neighbours once the other is gone, when only one of them does and the
//! other is in no word where it stands. Neither or both: left as read.

use super::engine::OcrWord;
use crate::lexicon::{Lexicon, ideograph};

/// Two ideographs whose centres stand closer than this share of the
/// line's pitch (the median distance of its ideographs' centres) were
/// read in the room of one. Measured on samples/scanned and archive: the
/// twins stand 0.29–0.55 of a pitch apart; right glyphs whose boxes
/// wander come as close, which is why the engine's doubt, glyph-sized
/// boxes and the lexicon must all agree too.
const CROWDED_SHARE: f32 = 0.6;
/// The engine doubted one of the two: read at least this far below the
/// line's median confidence (its sure glyphs score 0.99 give or take 0.01)...
const DOUBT_MARGIN: f32 = 0.03;
/// ...and at most this sure of it (as glyph repair's doubt: 0.96 is sure).
const MAX_DOUBTED: f32 = 0.95;
/// Symbol boxes narrower or wider than these shares of the pitch are not
/// where a glyph stands.
const MIN_WIDTH_SHARE: f32 = 0.3;
const MAX_WIDTH_SHARE: f32 = 1.25;
/// Ideograph neighbours a line needs for its pitch to be known.
const MIN_PITCH_PAIRS: usize = 4;
/// How many characters either side the lexicon looks at.
const WORD_WINDOW: usize = 4;

/// Drops, from `w`, the symbol of each crowded pair that the lexicon
/// disowns (see the module's doc), with a `repaired:` note each.
pub(super) fn drop_crowded_twins(w: &mut OcrWord, notes: &mut Vec<String>) {
    let before = w.text.clone();
    let mut kept = String::new();
    while let Some((drop, keep)) = crowded_twin(w) {
        kept.push(keep);
        remove_char(w, drop);
    }
    if !kept.is_empty() {
        notes.push(format!(
            "repaired: {before:?} → {:?} (two symbols read in the room of one glyph; \
             the lexicon keeps {kept:?}, which makes a word)",
            w.text
        ));
    }
}

/// The first crowded pair the lexicon decides: (index among the
/// non-space characters of the symbol to drop, the kept character).
fn crowded_twin(w: &OcrWord) -> Option<(usize, char)> {
    let (chars, confs) = aligned(w)?;
    let centre = |k: usize| {
        let r = &w.symbols[k].1;
        (r.x0 + r.x1) as f32 / 2.0
    };
    let pairs: Vec<usize> = (0..chars.len().saturating_sub(1))
        .filter(|&k| ideograph(chars[k]) && ideograph(chars[k + 1]))
        .collect();
    if pairs.len() < MIN_PITCH_PAIRS {
        return None;
    }
    let mut gaps: Vec<f32> = pairs.iter().map(|&k| centre(k + 1) - centre(k)).collect();
    gaps.sort_by(f32::total_cmp);
    let pitch = gaps[gaps.len() / 2];
    let mut sorted = confs.clone();
    sorted.sort_by(f32::total_cmp);
    let median_conf = sorted[sorted.len() / 2];
    // A box much wider than a glyph (tesseract gives some symbols their
    // word's box) or a sliver says nothing of where the glyph stands.
    let glyph_sized = |k: usize| {
        let r = &w.symbols[k].1;
        let width = (r.x1 - r.x0) as f32;
        (MIN_WIDTH_SHARE * pitch..=MAX_WIDTH_SHARE * pitch).contains(&width)
    };
    let lexicon = Lexicon::get();
    pairs.into_iter().find_map(|k| {
        let gap = centre(k + 1) - centre(k);
        let crowded = (0.0..CROWDED_SHARE * pitch).contains(&gap);
        let low = confs[k].min(confs[k + 1]);
        let doubted = low <= MAX_DOUBTED && low <= median_conf - DOUBT_MARGIN;
        if !crowded || !doubted || !glyph_sized(k) || !glyph_sized(k + 1) {
            return None;
        }
        // The glyphs around the pair read surely: where the engine doubted
        // more than one glyph (筛查初第和人数, 第 and 和 from one 筛), what it
        // misread is the repair's to work out against the confusion model.
        let sure = |at: Option<usize>| {
            at.and_then(|a| confs.get(a))
                .is_none_or(|&c| c > MAX_DOUBTED)
        };
        let keeps = |drop: usize, keep: usize| {
            let beyond = if drop < keep {
                drop.checked_sub(1)
            } else {
                Some(drop + 1)
            };
            sure(beyond)
                && !beyond.is_some_and(|b| misread_in_vocabulary(lexicon, &chars, drop, b, keep))
                && !in_word(lexicon, &chars, drop, None)
                && in_word(lexicon, &chars, keep, Some(drop))
        };
        match (keeps(k, k + 1), keeps(k + 1, k)) {
            (true, false) => Some((k, chars[k + 1])),
            (false, true) => Some((k + 1, chars[k])),
            _ => None,
        }
    })
}

/// Whether, with `chars[drop]` gone, another character at `beyond` would
/// make a word of the form's vocabulary that holds it and `chars[keep]`
/// (大肠癌筛查初第和人数: 第 for 筛): the engine misread more than one glyph
/// there, which is for glyph repair and its confusion model to mend, the
/// extra symbol included.
fn misread_in_vocabulary(
    lexicon: &Lexicon,
    chars: &[char],
    drop: usize,
    beyond: usize,
    keep: usize,
) -> bool {
    let after: Vec<char> = chars
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != drop)
        .map(|(_, &c)| c)
        .collect();
    let shift = |k: usize| if k > drop { k - 1 } else { k };
    let (b, kept) = (shift(beyond), shift(keep));
    let (lo, hi) = (b.min(kept), b.max(kept));
    let longest = lexicon.max_len();
    let mut word = Vec::with_capacity(longest);
    (lo.saturating_sub(longest)..=lo).any(|start| {
        (hi + 1..=(start + longest).min(after.len())).any(|end| {
            end - start >= 3
                && lexicon
                    .fills(&after[start..end], b - start)
                    .iter()
                    .any(|&c| {
                        word.clear();
                        word.extend(&after[start..end]);
                        word[b - start] = c;
                        c != after[b] && lexicon.in_domain(&word.iter().collect::<String>())
                    })
        })
    })
}

/// Whether `chars[at]` is inside a known word of two or more characters
/// in the lexicon's segmentation around it (with `chars[without]` left
/// out first, when given).
fn in_word(lexicon: &Lexicon, chars: &[char], at: usize, without: Option<usize>) -> bool {
    let lo = at.saturating_sub(WORD_WINDOW + 1);
    let hi = (at + WORD_WINDOW + 2).min(chars.len());
    let mut window = Vec::with_capacity(hi - lo);
    let mut pos = 0;
    for (k, &c) in chars.iter().enumerate().take(hi).skip(lo) {
        if Some(k) == without {
            continue;
        }
        if k == at {
            pos = window.len();
        }
        window.push(c);
    }
    let (_, tokens) = lexicon.segment(&window);
    tokens
        .iter()
        .any(|t| t.known && t.end - t.start >= 2 && t.start <= pos && pos < t.end)
}

/// The non-space characters of `w` and their confidences, when its
/// symbols are those characters one for one (the engine's reading, not
/// changed since).
fn aligned(w: &OcrWord) -> Option<(Vec<char>, Vec<f32>)> {
    if w.char_confidences.len() != w.text.chars().count() {
        return None;
    }
    let (chars, confs): (Vec<char>, Vec<f32>) = w.chars_with_confidences().into_iter().unzip();
    let same = chars.len() == w.symbols.len()
        && chars.iter().zip(&w.symbols).all(|(&c, (s, _))| {
            let mut it = s.chars();
            it.next() == Some(c) && it.next().is_none()
        });
    (same && !chars.is_empty()).then_some((chars, confs))
}

/// `w` without its `k`-th non-space character (its confidence and symbol
/// too).
fn remove_char(w: &mut OcrWord, k: usize) {
    let Some(at) = w
        .text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .nth(k)
        .map(|(i, _)| i)
    else {
        return;
    };
    let index = w.text[..at].chars().count();
    w.text.remove(at);
    w.char_confidences.remove(index);
    w.symbols.remove(k);
}

#[cfg(test)]
mod tests {
    use super::super::engine::PxRect;
    use super::*;

    /// A line of `text` read with each symbol at the given left edge, 20
    /// pixels wide, and the given confidences (spaces 1.0).
    fn line(text: &str, lefts: &[u32], confs: &[f32]) -> OcrWord {
        let symbols: Vec<(String, PxRect)> = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .zip(lefts)
            .map(|(c, &x)| {
                let r = PxRect {
                    x0: x,
                    y0: 0,
                    x1: x + 20,
                    y1: 24,
                };
                (c.to_string(), r)
            })
            .collect();
        let mut k = 0;
        let char_confidences = text
            .chars()
            .map(|c| {
                if c.is_whitespace() {
                    1.0
                } else {
                    k += 1;
                    confs[k - 1]
                }
            })
            .collect();
        OcrWord {
            text: text.into(),
            rect: PxRect {
                x0: 0,
                y0: 0,
                x1: 400,
                y1: 24,
            },
            confidence: 0.9,
            symbols,
            char_confidences,
        }
    }

    fn even(n: usize) -> Vec<u32> {
        (0..n as u32).map(|k| k * 24).collect()
    }

    #[test]
    fn of_two_symbols_in_one_glyphs_room_the_word_keeps_its_own() {
        // 收运全和覆盖: 和 and 覆 share the room of one glyph (12 apart where
        // the line's pitch is 24); 覆 makes 覆盖, 和 makes no word.
        let lefts = [0, 24, 48, 72, 96, 120, 132, 156, 180, 204];
        let confs = [0.99, 0.99, 0.99, 0.99, 0.99, 0.98, 0.6, 0.9, 0.99, 0.99];
        let mut w = line("分类收运全和覆盖、全", &lefts, &confs);
        let mut notes = Vec::new();
        drop_crowded_twins(&mut w, &mut notes);
        assert_eq!(w.text, "分类收运全覆盖、全");
        assert_eq!(w.symbols.len(), 9);
        assert_eq!(w.char_confidences.len(), 9);
        assert!(notes[0].starts_with("repaired: "), "{notes:?}");
    }

    #[test]
    fn the_same_text_a_pitch_apart_is_left_as_read() {
        let confs = [0.99, 0.99, 0.99, 0.99, 0.99, 0.98, 0.6, 0.9, 0.99, 0.99];
        let mut w = line("分类收运全和覆盖、全", &even(10), &confs);
        let mut notes = Vec::new();
        drop_crowded_twins(&mut w, &mut notes);
        assert_eq!(w.text, "分类收运全和覆盖、全");
        assert!(notes.is_empty());
    }

    #[test]
    fn a_crowded_pair_the_engine_is_sure_of_or_no_word_decides_stays() {
        let lefts = [0, 24, 48, 72, 96, 120, 132, 156, 180, 204];
        // Sure of every glyph: no doubt to act on.
        let mut w = line("分类收运全和覆盖、全", &lefts, &[0.99; 10]);
        let mut notes = Vec::new();
        drop_crowded_twins(&mut w, &mut notes);
        assert_eq!(w.text, "分类收运全和覆盖、全");
        // 落实人和修剪: neither 人 nor 和 makes a word without the other.
        let confs = [0.99, 0.99, 0.97, 0.6, 0.99, 0.99, 0.99, 0.99];
        let mut w = line(
            "落实人和修剪施肥",
            &[0, 24, 48, 58, 84, 108, 132, 156],
            &confs,
        );
        drop_crowded_twins(&mut w, &mut notes);
        assert_eq!(w.text, "落实人和修剪施肥");
        assert!(notes.is_empty());
    }

    #[test]
    fn a_pair_beside_another_misread_glyph_is_left_to_glyph_repair() {
        // 大肠癌筛查初第和人数: 和 and 人 crowd each other, and 人数 is a word
        // without 和; but 第 and 和 are one 筛 read as two.
        let lefts = [0, 24, 48, 72, 96, 120, 144, 168, 180, 204];
        let mut confs = [0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.9, 0.99, 0.99];
        let mut notes = Vec::new();
        // 第 read surely: another glyph there (筛) makes a word of the
        // form's vocabulary with 人数.
        let mut w = line("大肠癌筛查初第和人数", &lefts, &confs);
        drop_crowded_twins(&mut w, &mut notes);
        assert_eq!(w.text, "大肠癌筛查初第和人数");
        // 第 doubted: the engine misread more than the pair.
        confs[6] = 0.9;
        let mut w = line("大肠癌筛查初第和人数", &lefts, &confs);
        drop_crowded_twins(&mut w, &mut notes);
        assert_eq!(w.text, "大肠癌筛查初第和人数");
        assert!(notes.is_empty());
    }

    #[test]
    fn a_reading_whose_symbols_are_not_its_text_is_left_alone() {
        let lefts = [0, 24, 48, 72, 96, 120, 132, 156, 180, 204];
        let confs = [0.99, 0.99, 0.99, 0.99, 0.99, 0.98, 0.6, 0.9, 0.99, 0.99];
        let mut w = line("分类收运全和覆盖、全", &lefts, &confs);
        w.text = "分类收运全和履盖、全".into(); // changed by a vote since
        let mut notes = Vec::new();
        drop_crowded_twins(&mut w, &mut notes);
        assert_eq!(w.text, "分类收运全和履盖、全");
    }
}
