//! Words → text lines: the reading order inside one cell (or outside all).

use crate::ir::{BBox, Word};
use serde::Serialize;

/// One line of text with its box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextLine {
    pub text: String,
    pub bbox: BBox,
    /// The lowest confidence of its words.
    pub confidence: f32,
    /// One per character of `text`, when an OCR engine gave its words'
    /// (a word without them lends each character its own confidence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub char_confidences: Option<Vec<f32>>,
}

/// Ideographs and the punctuation that lives in CJK text. Between two such
/// characters a space or line break is layout, never text.
pub fn is_cjk(c: char) -> bool {
    let o = c as u32;
    (0x3400..=0x4DBF).contains(&o)
        || (0x4E00..=0x9FFF).contains(&o)
        || (0xF900..=0xFAFF).contains(&o)
        || (0x20000..=0x3FFFF).contains(&o)
        || (0x2E80..=0x2FDF).contains(&o) // radicals: broken glyphs of ideographs
        || (0x3000..=0x303F).contains(&o)
        || (0xFF00..=0xFFEF).contains(&o)
        || (0x2018..=0x201F).contains(&o)
        || o == 0x2014
        || o == 0x2026
}

/// Groups words into lines (top to bottom) and orders each line left to
/// right. A space is put between two non-CJK words separated by a visible gap
/// when the PDF did not draw one.
pub fn assemble_lines(words: &[&Word]) -> Vec<TextLine> {
    let mut ws: Vec<&Word> = words.to_vec();
    ws.sort_by(|a, b| {
        a.bbox
            .center()
            .1
            .total_cmp(&b.bbox.center().1)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    // A line is a run of the sorted words: each joins the line of the word
    // before it when their centres are level.
    let mut starts: Vec<usize> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let joins = i > 0 && {
            let last = ws[i - 1];
            let lh = last.bbox.height().min(w.bbox.height());
            (w.bbox.center().1 - last.bbox.center().1).abs() <= 0.4 * lh
        };
        if !joins {
            starts.push(i);
        }
    }
    let ends = starts.iter().skip(1).copied().chain([ws.len()]);
    let ranges: Vec<(usize, usize)> = starts.iter().copied().zip(ends).collect();
    ranges
        .into_iter()
        .map(|(from, to)| {
            let g = &mut ws[from..to];
            g.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            let mut text = String::new();
            let mut per_char: Vec<f32> = Vec::new();
            let mut prev: Option<&Word> = None;
            for w in g.iter() {
                if let Some(p) = prev {
                    let gap = w.bbox.x0 - p.bbox.x1;
                    let a = p.text.chars().last().unwrap_or(' ');
                    let b = w.text.chars().next().unwrap_or(' ');
                    if gap > 0.25 * p.size.min(w.size)
                        && !a.is_whitespace()
                        && !b.is_whitespace()
                        && !is_cjk(a)
                        && !is_cjk(b)
                    {
                        text.push(' ');
                        per_char.push(1.0);
                    }
                }
                text.push_str(&w.text);
                match &w.char_confidences {
                    Some(c) => per_char.extend(c.iter()),
                    None => per_char.extend(w.text.chars().map(|_| w.confidence)),
                }
                prev = Some(w);
            }
            let bbox = g.iter().skip(1).fold(g[0].bbox, |b, w| {
                BBox::new(
                    b.x0.min(w.bbox.x0),
                    b.top.min(w.bbox.top),
                    b.x1.max(w.bbox.x1),
                    b.bottom.max(w.bbox.bottom),
                )
            });
            let confidence = g.iter().map(|w| w.confidence).fold(1.0, f32::min);
            let char_confidences = g
                .iter()
                .any(|w| w.char_confidences.is_some())
                .then_some(per_char);
            TextLine {
                text,
                bbox,
                confidence,
                char_confidences,
            }
        })
        .collect()
}
