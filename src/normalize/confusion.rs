//! The OCR confusion model: which characters an engine splits in two,
//! merges, or reads as a look-alike. Generated from rendered glyphs of OFL
//! fonts by `scripts/gen-confusion` (see its header for the method):
//! `data/confusion.tsv` (splits, and errors seen on the checked samples) and
//! `data/glyphs.bin` (each character's shape on a 16×16 grid, for
//! look-alikes); and `data/engine-confusion.tsv` (`scripts/gen-engine-confusion`):
//! tesseract's own misreadings of rendered general words, which shape
//! correlation misses (率 read as 紊, 筛 as 第).

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/confusion.tsv");
const ENGINE_TABLE: &str = include_str!("../../data/engine-confusion.tsv");
const SHAPES: &[u8] = include_bytes!("../../data/glyphs.bin");
const SHAPE_CELLS: usize = 256;
const SHAPE_BYTES: usize = SHAPE_CELLS / 2;

/// Two shapes at least this correlated are look-alikes. Low on purpose:
/// engines confuse complex characters that share a big component (覆/履
/// 0.63, 筛/第 0.67, 逐/还 0.66) and the lexicon, not the shape, decides.
pub const ALIKE_MIN: f32 = 0.6;

pub struct Confusion {
    /// printed character → the two it is read as.
    splits: FxHashMap<char, Vec<[char; 2]>>,
    /// Two characters read → the one printed.
    merges: FxHashMap<[char; 2], Vec<char>>,
    /// Read character → printed ones it is the main piece of.
    parts: FxHashMap<char, Vec<char>>,
    /// (printed, read) pairs seen as engine errors, strings of 1–2 characters.
    seen: FxHashMap<Box<str>, Vec<Box<str>>>,
    /// Characters an engine was seen to add when it read one glyph as two
    /// (筛 → 和沁, 覆 → 和窗): its fillers.
    fillers: FxHashSet<char>,
    /// Character → offset of its shape in `SHAPES`.
    shapes: FxHashMap<char, usize>,
}

/// A character is an engine's filler when it is the extra one in this many
/// seen misreadings of one glyph as two, each of a different glyph.
pub const FILLER_MIN: usize = 3;

impl Confusion {
    pub fn get() -> &'static Confusion {
        static MODEL: LazyLock<Confusion> = LazyLock::new(Confusion::load);
        &MODEL
    }

    fn load() -> Confusion {
        let mut c = Confusion {
            splits: FxHashMap::default(),
            merges: FxHashMap::default(),
            seen: FxHashMap::default(),
            parts: FxHashMap::default(),
            fillers: FxHashSet::default(),
            shapes: FxHashMap::default(),
        };
        let mut extra: FxHashMap<char, FxHashSet<char>> = FxHashMap::default();
        for line in TABLE
            .lines()
            .chain(ENGINE_TABLE.lines())
            .filter(|l| !l.starts_with('#'))
        {
            let f: Vec<&str> = line.split('\t').collect();
            let [kind, printed, read, _score] = f[..] else {
                continue;
            };
            match kind {
                "split" => {
                    let read: Vec<char> = read.chars().collect();
                    let (Some(p), &[x, y]) = (printed.chars().next(), &read[..]) else {
                        continue;
                    };
                    c.splits.entry(p).or_default().push([x, y]);
                    c.merges.entry([x, y]).or_default().push(p);
                }
                "part" => {
                    if let (Some(p), Some(r)) = (printed.chars().next(), read.chars().next()) {
                        c.parts.entry(r).or_default().push(p);
                    }
                }
                // Keyed by what was read: repair goes from read to printed.
                "seen" => {
                    let (p, r): (Vec<char>, Vec<char>) =
                        (printed.chars().collect(), read.chars().collect());
                    if let (&[p], 2) = (&p[..], r.len()) {
                        for &x in r.iter().filter(|&&x| x != p) {
                            extra.entry(x).or_default().insert(p);
                        }
                    }
                    c.seen.entry(read.into()).or_default().push(printed.into());
                }
                _ => {}
            }
        }
        c.fillers = extra
            .into_iter()
            .filter(|(_, glyphs)| glyphs.len() >= FILLER_MIN)
            .map(|(x, _)| x)
            .collect();
        let count = u32::from_le_bytes(SHAPES[..4].try_into().expect("glyphs.bin header")) as usize;
        for i in 0..count {
            let at = 4 + i * (4 + SHAPE_BYTES);
            let cp = u32::from_le_bytes(SHAPES[at..at + 4].try_into().expect("glyphs.bin entry"));
            if let Some(ch) = char::from_u32(cp) {
                c.shapes.insert(ch, at + 4);
            }
        }
        c
    }

    /// The characters that, split by an engine, read as `x y`.
    pub fn merged_from(&self, x: char, y: char) -> &[char] {
        self.merges.get(&[x, y]).map_or(&[], Vec::as_slice)
    }

    /// The pairs an engine reads `c` as when it splits it.
    pub fn split_into(&self, c: char) -> &[[char; 2]] {
        self.splits.get(&c).map_or(&[], Vec::as_slice)
    }

    /// What was printed where an engine was seen to read `read`.
    pub fn seen_for(&self, read: &str) -> &[Box<str>] {
        self.seen.get(read).map_or(&[], Vec::as_slice)
    }

    /// Whether an engine adds `c` when it splits a glyph (see `fillers`).
    pub fn is_filler(&self, c: char) -> bool {
        self.fillers.contains(&c)
    }

    /// Whether `read` is the piece of `printed` that holds most of its ink
    /// (态 read as 太).
    pub fn is_part(&self, printed: char, read: char) -> bool {
        self.parts.get(&read).is_some_and(|v| v.contains(&printed))
    }

    /// Shape correlation of two characters in [-1, 1]; `None` when either
    /// has no shape in the model.
    pub fn shape_similarity(&self, a: char, b: char) -> Option<f32> {
        let (sa, sb) = (self.shape(a)?, self.shape(b)?);
        Some(sa.iter().zip(&sb).map(|(x, y)| x * y).sum())
    }

    /// Whether an engine may read printed `a` as `b` (either way round).
    pub fn alike(&self, a: char, b: char) -> bool {
        let seen = |p: char, r: char| {
            self.seen_for(r.encode_utf8(&mut [0; 4]))
                .iter()
                .any(|s| s.chars().eq(std::iter::once(p)))
        };
        seen(a, b) || seen(b, a) || self.shape_similarity(a, b).is_some_and(|s| s >= ALIKE_MIN)
    }

    /// The centred, unit-length shape of `c`.
    fn shape(&self, c: char) -> Option<[f32; SHAPE_CELLS]> {
        let at = *self.shapes.get(&c)?;
        let mut v = [0f32; SHAPE_CELLS];
        for (i, b) in SHAPES[at..at + SHAPE_BYTES].iter().enumerate() {
            v[2 * i] = (b >> 4) as f32;
            v[2 * i + 1] = (b & 15) as f32;
        }
        let mean = v.iter().sum::<f32>() / SHAPE_CELLS as f32;
        v.iter_mut().for_each(|x| *x -= mean);
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm == 0.0 {
            return None;
        }
        v.iter_mut().for_each(|x| *x /= norm);
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_come_from_the_glyphs() {
        let m = Confusion::get();
        assert!(m.merged_from('贝', '才').contains(&'财'));
        assert!(m.split_into('好').contains(&['女', '子']));
        assert!(m.merged_from('财', '政').is_empty());
        assert!(m.is_part('态', '太') && !m.is_part('太', '态'));
    }

    #[test]
    fn the_engines_own_misreadings_are_in_the_model() {
        let m = Confusion::get();
        // Not look-alikes by shape, but tesseract's reading of rendered text.
        assert!(m.seen_for("府").iter().any(|p| &**p == "率"));
        assert!(m.seen_for("第").iter().any(|p| &**p == "筛"));
        assert!(
            !m.shape_similarity('率', '府')
                .is_some_and(|s| s >= ALIKE_MIN)
        );
        // 和 is the character it adds to glyphs it splits; 的 is not.
        assert!(m.is_filler('和') && !m.is_filler('的') && !m.is_filler('东'));
    }

    #[test]
    fn look_alikes_share_their_shape() {
        let m = Confusion::get();
        for (a, b) in [
            ('覆', '履'),
            ('筛', '第'),
            ('逐', '还'),
            ('金', '全'),
            ('己', '已'),
        ] {
            assert!(m.alike(a, b), "{a} {b}: {:?}", m.shape_similarity(a, b));
        }
        for (a, b) in [('一', '鑫'), ('财', '人'), ('口', '丨')] {
            assert!(!m.alike(a, b), "{a} {b}: {:?}", m.shape_similarity(a, b));
        }
        assert_eq!(m.shape_similarity('A', '财'), None);
    }
}
