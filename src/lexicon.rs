//! The word list OCR glyph repair checks candidates against, and a unigram
//! segmenter over it.
//!
//! Two generated files (`scripts/gen-lexicon`): `data/lexicon.txt`, a pruned
//! subset of jieba's dictionary (MIT) with each word's corpus count as a log2
//! bucket, and `data/domain.txt`, the form's own vocabulary (labels, level
//! names, the words of the hand-checked records and seed text), each word
//! tagged with where it came from.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

const GENERAL: &str = include_str!("../data/lexicon.txt");
const DOMAIN: &str = include_str!("../data/domain.txt");

/// A domain word counts as this common (log2 of a jieba count): about a
/// common two-character word's.
const DOMAIN_BUCKET: f32 = 12.0;
/// Cost of a character the lexicon does not know at all (nats).
const UNKNOWN_COST: f32 = 20.0;

/// A CJK unified ideograph (the basic block, extension A, and B onwards
/// in planes 2–3): the characters the lexicon's words are made of, and the
/// only ones glyph repair and OCR's vote change by word.
pub fn ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3FFFF)
}

/// Where a word of the lexicon comes from (a word from several sources has
/// the first of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    General,
    Form,
    Samples,
    Seeds,
}

/// Words and their costs (−ln of the word's probability).
pub struct Lexicon {
    /// Cost, first source, and whether the form's vocabulary has it.
    words: FxHashMap<Box<str>, (f32, Source, bool)>,
    /// Each word with one character blanked (`WILDCARD`) → the characters
    /// that fill the blank: the words one character away from a string.
    blanks: FxHashMap<Box<str>, Vec<char>>,
    /// Every two adjacent characters inside some word: text that has them
    /// side by side may well be right.
    pairs: FxHashSet<[char; 2]>,
    /// Longest word, in characters.
    max_len: usize,
}

/// Stands for the blanked character in `Lexicon::blanks` keys.
const WILDCARD: char = '\u{FFFF}';

/// One token of a segmentation: `chars[start..end]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Whether the lexicon has it (else it is one unknown character).
    pub known: bool,
}

impl Lexicon {
    /// The shipped lexicon, every source.
    pub fn get() -> &'static Lexicon {
        static LEX: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::build(|_| true));
        &LEX
    }

    /// The shipped lexicon, keeping the words whose source `keep` accepts
    /// (measurements hold out the seeds' words).
    pub fn build(keep: impl Fn(Source) -> bool) -> Lexicon {
        let mut counts: Vec<(&str, f32, Source)> = Vec::with_capacity(80_000);
        let mut bucket = 0.0f32;
        for line in GENERAL.lines() {
            if let Some(b) = line.strip_prefix('#') {
                if let Ok(b) = b.parse::<f32>() {
                    bucket = b;
                }
                continue;
            }
            // The bucket holds counts in [2^b, 2^(b+1)): its middle.
            counts.push((line, bucket + 0.5, Source::General));
        }
        for line in DOMAIN.lines().filter(|l| !l.starts_with('#')) {
            let Some((w, src)) = line.split_once('\t') else {
                continue;
            };
            let src = match src {
                "form" => Source::Form,
                "samples" => Source::Samples,
                _ => Source::Seeds,
            };
            counts.push((w, DOMAIN_BUCKET, src));
        }
        let total: f64 = counts
            .iter()
            .filter(|c| c.2 == Source::General)
            .map(|c| (c.1 as f64).exp2())
            .sum();
        let ln_total = total.ln() as f32;
        let mut words: FxHashMap<Box<str>, (f32, Source, bool)> = FxHashMap::default();
        let mut max_len = 1;
        for (w, b, src) in counts {
            if !keep(src) {
                continue;
            }
            let cost = ln_total - b * std::f32::consts::LN_2;
            let e = words.entry(w.into()).or_insert((cost, src, false));
            // A general word the form also uses is at least as common as a domain word.
            e.0 = e.0.min(cost);
            e.2 |= src != Source::General;
            max_len = max_len.max(w.chars().count());
        }
        let mut blanks: FxHashMap<Box<str>, Vec<char>> = FxHashMap::default();
        let mut pairs: FxHashSet<[char; 2]> = FxHashSet::default();
        for w in words.keys() {
            let chars: Vec<char> = w.chars().collect();
            pairs.extend(chars.windows(2).map(|p| [p[0], p[1]]));
            if chars.len() < 2 {
                continue;
            }
            for i in 0..chars.len() {
                let key: String = chars
                    .iter()
                    .enumerate()
                    .map(|(j, &c)| if j == i { WILDCARD } else { c })
                    .collect();
                blanks.entry(key.into()).or_default().push(chars[i]);
            }
        }
        Lexicon {
            words,
            blanks,
            pairs,
            max_len,
        }
    }

    pub fn contains(&self, w: &str) -> bool {
        self.words.contains_key(w)
    }

    pub fn cost(&self, w: &str) -> Option<f32> {
        self.words.get(w).map(|e| e.0)
    }

    pub fn source(&self, w: &str) -> Option<Source> {
        self.words.get(w).map(|e| e.1)
    }

    /// Whether the form's own vocabulary (any source but `General`) has `w`,
    /// jieba's too or not.
    pub fn in_domain(&self, w: &str) -> bool {
        self.words.get(w).is_some_and(|e| e.2)
    }

    /// The characters `c` such that `chars` with `chars[at]` = `c` is a
    /// word (`chars[at]` itself included when it is one).
    pub fn fills(&self, chars: &[char], at: usize) -> &[char] {
        let key: String = chars
            .iter()
            .enumerate()
            .map(|(j, &c)| if j == at { WILDCARD } else { c })
            .collect();
        self.blanks.get(key.as_str()).map_or(&[], Vec::as_slice)
    }

    /// Whether `a` then `b` occur side by side inside some word.
    pub fn pair_in_word(&self, a: char, b: char) -> bool {
        self.pairs.contains(&[a, b])
    }

    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// The cheapest segmentation of `chars` into lexicon words (unknown
    /// characters alone), and its cost.
    pub fn segment(&self, chars: &[char]) -> (f32, Vec<Token>) {
        let n = chars.len();
        let mut best = vec![(f32::INFINITY, 0usize, false); n + 1];
        best[0].0 = 0.0;
        let mut buf = String::new();
        for end in 1..=n {
            for start in end.saturating_sub(self.max_len)..end {
                if !best[start].0.is_finite() {
                    continue;
                }
                buf.clear();
                buf.extend(&chars[start..end]);
                let (cost, known) = match self.cost(&buf) {
                    Some(c) => (c, true),
                    None if end - start == 1 => (UNKNOWN_COST, false),
                    None => continue,
                };
                let total = best[start].0 + cost;
                if total < best[end].0 {
                    best[end] = (total, start, known);
                }
            }
        }
        let mut tokens = Vec::new();
        let mut end = n;
        while end > 0 {
            let (_, start, known) = best[end];
            tokens.push(Token { start, end, known });
            end = start;
        }
        tokens.reverse();
        (best[n].0, tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        Lexicon::get()
            .segment(&chars)
            .1
            .iter()
            .map(|t| chars[t.start..t.end].iter().collect())
            .collect()
    }

    #[test]
    fn the_shipped_lexicon_has_general_and_form_words() {
        let lex = Lexicon::get();
        for w in ["财政", "效益", "生态", "覆盖", "筛查", "逐步", "恢复"] {
            assert!(lex.contains(w), "{w}");
        }
        assert_eq!(lex.source("经济效益指标"), Some(Source::Form));
        // jieba has 覆盖 too, and so does the form's vocabulary.
        assert!(lex.in_domain("覆盖") && lex.source("覆盖") == Some(Source::General));
        assert!(lex.contains("掩盖") && !lex.in_domain("掩盖"));
        assert!(!lex.contains("贝才政"));
        assert!(lex.cost("的").unwrap() < lex.cost("财政").unwrap());
        assert!(lex.pair_in_word('不', '超') && !lex.pair_in_word('贝', '才'));
        let fills = lex.fills(&['生', '太'], 1);
        assert!(fills.contains(&'态') && !fills.contains(&'太'));
    }

    #[test]
    fn segmentation_finds_words_and_isolates_garbles() {
        assert_eq!(words("生态效益"), ["生态效益"]);
        assert_eq!(words("生太效益"), ["生", "太", "效益"]);
        assert_eq!(words("贝才政资金"), ["贝", "才", "政", "资金"]);
        assert_eq!(words(""), Vec::<String>::new());
    }

    #[test]
    fn held_out_sources_are_left_out() {
        let lex = Lexicon::build(|s| s == Source::General);
        assert!(!lex.contains("经济效益指标"));
        assert!(lex.contains("财政"));
    }
}
