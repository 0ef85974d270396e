//! Readings of one line at other sizes, voted against the first: where
//! two other readings agree with each other on a change and no other
//! reading keeps what the first read, the change is taken. Tesseract reads
//! a glyph differently at different sizes, and a misreading (记菜仪 for
//! 记录仪, 800 for 300) is rarely repeated at two other sizes; a glyph it
//! reads right it mostly reads right at all of them. Only the engine's
//! own readings are chosen from: nothing is guessed.

use super::engine::OcrWord;
use crate::lexicon::{Lexicon, Token, ideograph};

/// The longest run of characters (of the first reading, or of the others)
/// a vote may change at one place: a longer difference is readings that
/// lost their alignment, not a glyph read two ways.
const MAX_CHANGE_CHARS: usize = 3;
/// The most of the first reading's characters another may differ in
/// (edits over characters): past it the two are not the same line read
/// at another size.
const MAX_EDIT_SHARE: f64 = 0.25;

/// One difference between the first reading and another: the first's
/// non-space characters `from..to` read as `with` (with their
/// confidences).
#[derive(Clone, Debug, PartialEq)]
struct Change {
    from: usize,
    to: usize,
    with: Vec<char>,
    confidences: Vec<f32>,
}

/// `first` with the changes that two or more of `others` agree on, none
/// of them contradicts, and `admissible` allows; `None` when there is none.
/// Spaces (word breaks, which differ from size to size) are not voted
/// on: `first`'s are kept outside the changes.
pub fn vote(first: &OcrWord, others: &[OcrWord]) -> Option<OcrWord> {
    let lexicon = Lexicon::get();
    let base = first.chars_with_confidences();
    let base_chars: Vec<char> = base.iter().map(|c| c.0).collect();
    let diffs: Vec<Vec<Change>> = others
        .iter()
        .map(|o| {
            let alt = o.chars_with_confidences();
            changes(&base_chars, &alt)
        })
        .collect();
    let mut taken: Vec<Change> = Vec::new();
    for (k, d) in diffs.iter().enumerate() {
        for c in d {
            if taken.iter().any(|t| t.from == c.from && t.to == c.to) {
                continue;
            }
            let agree = diffs
                .iter()
                .filter(|e| {
                    e.iter()
                        .any(|x| x.from == c.from && x.to == c.to && x.with == c.with)
                })
                .count();
            // Another reading that leaves this stretch as the first read it
            // (no change touching it) speaks for the first reading.
            let keep = diffs
                .iter()
                .enumerate()
                .filter(|&(j, e)| j != k && !e.iter().any(|x| overlaps(x, c)))
                .count();
            if agree >= 2 && agree > keep && admissible(&base_chars, c, lexicon) {
                taken.push(c.clone());
            }
        }
    }
    if taken.is_empty() {
        return None;
    }
    taken.sort_by_key(|c| (c.from, c.to));
    // Two changes over one stretch (an insertion and a replacement at the
    // same place) cannot both be right: neither is taken.
    let clash = taken
        .windows(2)
        .any(|w| w[1].from < w[0].to || w[1].from == w[0].from);
    if clash {
        return None;
    }
    let mut word = first.clone();
    let (mut text, mut confs) = (String::new(), Vec::new());
    let mut next = taken.iter().peekable();
    let mut i = 0; // index among `first`'s non-space characters
    let chars: Vec<char> = first.text.chars().collect();
    let conf_of = |k: usize| {
        first
            .char_confidences
            .get(k)
            .copied()
            .unwrap_or(first.confidence)
    };
    let mut k = 0;
    while k <= chars.len() {
        if chars.get(k).is_some_and(|c| c.is_whitespace()) {
            text.push(chars[k]);
            confs.push(conf_of(k));
            k += 1;
            continue;
        }
        if let Some(c) = next.peek().filter(|c| c.from == i) {
            text.extend(&c.with);
            confs.extend_from_slice(&c.confidences);
            // Skip the replaced characters (and the spaces among them).
            let mut skipped = 0;
            while skipped < c.to - c.from && k < chars.len() {
                if !chars[k].is_whitespace() {
                    skipped += 1;
                }
                k += 1;
            }
            i = c.to;
            next.next();
            continue;
        }
        let Some(&ch) = chars.get(k) else { break };
        text.push(ch);
        confs.push(conf_of(k));
        i += 1;
        k += 1;
    }
    let same_length = taken.iter().all(|c| c.to - c.from == c.with.len());
    if same_length && word.symbols.len() == base_chars.len() {
        for c in &taken {
            for (j, ch) in c.with.iter().enumerate() {
                word.symbols[c.from + j].0 = ch.to_string();
            }
        }
    } else {
        // A symbol's box no longer has a character to go with.
        word.symbols.clear();
    }
    word.text = text;
    word.char_confidences = if first.char_confidences.is_empty() {
        Vec::new()
    } else {
        confs
    };
    Some(word)
}

/// How many characters either side of a change the lexicon looks at.
const WORD_WINDOW: usize = 4;

/// Whether the readings at other sizes may make `change` to `base`:
/// - no sign is removed or put in: comparators and punctuation are read
///   from the ink (`mark_what_the_ink_shows`, the comparator shape
///   readers), which other sizes do not see as well;
/// - nothing but ideographs, digits and Latin letters is put in (junk
///   such as `]` or `®` may go);
/// - where ideographs change, the lexicon must side with the change: the
///   first reading's characters are in no word of two or more characters
///   (逐年 read 过年 at both other sizes stays 逐年), and the new ones, or
///   for a removal the two characters it brings together, are inside a
///   word that also holds an unchanged character (记菜仪 → 记录仪).
///
/// Digits and letters are taken on the votes alone: no word list speaks
/// for a number, and an amount whose groups a vote broke fails its parse.
fn admissible(base: &[char], change: &Change, lexicon: &Lexicon) -> bool {
    let removed = &base[change.from..change.to];
    let inserted = &change.with;
    if removed.iter().chain(inserted).any(|&c| is_sign(c))
        || !inserted
            .iter()
            .all(|&c| ideograph(c) || c.is_ascii_alphanumeric())
    {
        return false;
    }
    if !removed.iter().chain(inserted).any(|&c| ideograph(c)) {
        return true;
    }
    let lo = change.from.saturating_sub(WORD_WINDOW);
    let hi = (change.to + WORD_WINDOW).min(base.len());
    let (from, to) = (change.from - lo, change.to - lo);
    let in_word = |chars: &[char], a: usize, b: usize, beyond: bool| {
        let (_, tokens) = lexicon.segment(chars);
        tokens.iter().any(|t: &Token| {
            t.known
                && t.end - t.start >= 2
                && t.start < b.max(a + 1)
                && a < t.end
                && (!beyond || t.start < a || t.end > b)
        })
    };
    if removed.iter().any(|&c| ideograph(c)) && in_word(&base[lo..hi], from, to, false) {
        return false;
    }
    let mut after: Vec<char> = base[lo..change.from].to_vec();
    after.extend_from_slice(inserted);
    after.extend_from_slice(&base[change.to..hi]);
    if inserted.is_empty() {
        // A word across the join, holding the characters either side of it.
        let (_, tokens) = lexicon.segment(&after);
        tokens
            .iter()
            .any(|t| t.known && t.start < from && from < t.end)
    } else {
        in_word(&after, from, from + inserted.len(), true)
    }
}

/// A comparator or a mark of punctuation: what the shape readers decide.
fn is_sign(c: char) -> bool {
    matches!(
        c,
        '≥' | '≤' | '<' | '>' | '=' | '＜' | '＞' | '＝' | '≦' | '≧' | '%' | '％' | '‰'
    ) || (c.is_ascii_punctuation() && !matches!(c, ']' | '[' | '|' | '_' | '~' | '`'))
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF01}'..='\u{FF0F}').contains(&c)
        || ('\u{FF1A}'..='\u{FF20}').contains(&c)
        || ('\u{2010}'..='\u{2027}').contains(&c)
}

fn overlaps(a: &Change, b: &Change) -> bool {
    if a.from == a.to || b.from == b.to {
        // An insertion touches the stretch it sits in or borders.
        return a.from <= b.to && b.from <= a.to;
    }
    a.from < b.to && b.from < a.to
}

/// The differences from `base` to `alt` of an alignment with fewest edits,
/// each at most `MAX_CHANGE_CHARS` long on either side and in all at most
/// `MAX_EDIT_SHARE` of `base`; any other `alt` gives none (it is not the
/// same line read twice).
fn changes(base: &[char], alt: &[(char, f32)]) -> Vec<Change> {
    let (n, m) = (base.len(), alt.len());
    // cost[i][j]: edits from base[i..] to alt[j..].
    let mut cost = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            cost[i][j] = if i == n {
                (m - j) as u32
            } else if j == m {
                (n - i) as u32
            } else {
                let sub = cost[i + 1][j + 1] + u32::from(base[i] != alt[j].0);
                sub.min(cost[i + 1][j] + 1).min(cost[i][j + 1] + 1)
            };
        }
    }
    let mut out: Vec<Change> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<Change> = None;
    while i < n || j < m {
        let step = if i < n && j < m && base[i] == alt[j].0 && cost[i][j] == cost[i + 1][j + 1] {
            (1, 1, false)
        } else if i < n && j < m && cost[i][j] == cost[i + 1][j + 1] + 1 {
            (1, 1, true)
        } else if i < n && cost[i][j] == cost[i + 1][j] + 1 {
            (1, 0, true)
        } else {
            (0, 1, true)
        };
        if step.2 {
            let c = open.get_or_insert(Change {
                from: i,
                to: i,
                with: Vec::new(),
                confidences: Vec::new(),
            });
            c.to += step.0;
            if step.1 == 1 {
                c.with.push(alt[j].0);
                c.confidences.push(alt[j].1);
            }
        } else if let Some(c) = open.take() {
            out.push(c);
        }
        i += step.0;
        j += step.1;
    }
    out.extend(open);
    let edits = cost[0][0] as f64;
    if edits > (MAX_EDIT_SHARE * n as f64).max(1.0)
        || out
            .iter()
            .any(|c| c.to - c.from > MAX_CHANGE_CHARS || c.with.len() > MAX_CHANGE_CHARS)
    {
        return Vec::new();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::engine::PxRect;
    use super::*;

    fn reading(text: &str) -> OcrWord {
        OcrWord {
            text: text.into(),
            rect: PxRect {
                x0: 0,
                y0: 0,
                x1: 10,
                y1: 10,
            },
            confidence: 0.9,
            symbols: Vec::new(),
            char_confidences: text.chars().map(|_| 0.9).collect(),
        }
    }

    fn voted(first: &str, others: &[&str]) -> String {
        let others: Vec<OcrWord> = others.iter().map(|t| reading(t)).collect();
        vote(&reading(first), &others).map_or(first.to_string(), |w| w.text)
    }

    #[test]
    fn two_other_sizes_agreeing_outvote_the_first() {
        assert_eq!(
            voted("执法记菜仪320台", &["执法记录仪320台", "执法记录仪320台"]),
            "执法记录仪320台"
        );
        assert_eq!(
            voted("成员800人次", &["成员300人次", "成员300人次"]),
            "成员300人次"
        );
        assert_eq!(voted("=]100(®%)", &["=100(%)", "=100(%)"]), "=100(%)");
        // A character both others leave out goes where a word closes over
        // the gap; word breaks are the first's.
        assert_eq!(
            voted("植物 覆和 盖率", &["植物覆盖率", "植物 覆盖率"]),
            "植物 覆 盖率"
        );
    }

    #[test]
    fn without_two_agreeing_the_first_stays() {
        // One other alone, or two that disagree with each other.
        assert_eq!(
            voted("老年人妾康", &["老年人健康", "老年人妾康"]),
            "老年人妾康"
        );
        assert_eq!(
            voted("老年人妾康", &["老年人尝康", "老年人健康"]),
            "老年人妾康"
        );
        // Two agree, but as many keep the first reading.
        assert_eq!(
            voted("180台", &["180人台", "180人台", "180台", "180台"]),
            "180台"
        );
        // Readings that differ over a long stretch are not aligned.
        assert_eq!(
            voted("通过配置智能", &["亿过屿管短能", "亿过屿管短能"]),
            "通过配置智能"
        );
    }

    #[test]
    fn the_lexicon_and_the_shape_readers_have_the_last_word() {
        // A word the first reading has is not broken (逐年 → 过年 is a
        // word too, but the first reading's word stands).
        assert_eq!(
            voted("利用率逐年提高", &["利用率过年提高", "利用率过年提高"]),
            "利用率逐年提高"
        );
        assert_eq!(
            voted("大肠癌筛查", &["大肠癌第查", "大肠癌第查"]),
            "大肠癌筛查"
        );
        // A change that makes no word is not taken.
        assert_eq!(
            voted("市民休黎环境", &["市民休怠环境", "市民休怠环境"]),
            "市民休黎环境"
        );
        // Signs are the ink readers': ≥ with its bar seen stays.
        assert_eq!(voted("≥80(株)", &[">80(株)", ">80(株)"]), "≥80(株)");
        assert_eq!(voted("其中：财政", &["其中财政", "其中财政"]), "其中：财政");
    }

    #[test]
    fn a_change_keeps_confidences_in_step_with_the_text() {
        let w = vote(
            &reading("植物 覆和 盖率"),
            &[reading("植物覆盖率"), reading("植物覆盖率")],
        )
        .unwrap();
        assert_eq!(w.char_confidences.len(), w.text.chars().count());
        assert_eq!(w.text, "植物 覆 盖率");
    }
}
