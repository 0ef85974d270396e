//! The seam between the scanned-page pipeline and a text recogniser. An
//! engine gets a page image once, then regions of it, and answers words with
//! pixel boxes and confidences; everything else (where the regions are, what
//! they should hold, repairs) is the pipeline's.

use super::image::GrayImage;

/// A pixel rectangle, `x1`/`y1` exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PxRect {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

impl PxRect {
    pub fn width(&self) -> u32 {
        self.x1.saturating_sub(self.x0)
    }
    pub fn height(&self) -> u32 {
        self.y1.saturating_sub(self.y0)
    }
}

/// What a region is, so the engine can pick its segmentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionKind {
    /// The inside of one table cell: a block of one or more lines.
    Cell,
    /// One line of text (a line cut out of a cell).
    Line,
    /// Free page text (titles, notes, prose): layout unknown.
    Free,
}

/// One recognised word, in the page image's pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct OcrWord {
    pub text: String,
    pub rect: PxRect,
    /// In [0, 1].
    pub confidence: f32,
    /// Each character with its box, when the engine gives them (empty
    /// otherwise): what lets a single glyph be read again by its shape.
    pub symbols: Vec<(String, PxRect)>,
    /// One confidence per character of `text`, when the engine gives them
    /// (empty otherwise): glyph repair changes only characters it doubted.
    pub char_confidences: Vec<f32>,
}

impl OcrWord {
    /// The non-space characters of the reading, each with its confidence
    /// (the word's where the engine gave none per character).
    pub fn chars_with_confidences(&self) -> Vec<(char, f32)> {
        self.text
            .chars()
            .enumerate()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(k, c)| {
                let conf = self.char_confidences.get(k).copied();
                (c, conf.unwrap_or(self.confidence))
            })
            .collect()
    }
}

/// How sure the engine is of a reading: its least sure line (1 for none).
pub fn least_confidence(words: &[OcrWord]) -> f32 {
    words.iter().map(|w| w.confidence).fold(1.0, f32::min)
}

/// A text recogniser. Instances are per thread.
pub trait Engine {
    fn name(&self) -> &'static str;
    /// Whether it can read a block of several lines, or a page with free
    /// text, by itself; if not, the pipeline cuts such regions into lines.
    fn reads_blocks(&self) -> bool {
        true
    }
    /// Below this confidence a line is noise whatever it says (for engines
    /// whose confidences mean that; tesseract's do not).
    fn noise_confidence(&self) -> f32 {
        0.0
    }
    /// The text lines of `img` (a cell crop or a page), boxes in its pixels.
    fn read(&mut self, img: &GrayImage, dpi: f64, kind: RegionKind) -> Vec<OcrWord>;
    /// What the engine changed in its own readings since last asked
    /// (`repaired: …` notes, for the record's warnings).
    fn take_notes(&mut self) -> Vec<String> {
        Vec::new()
    }
}
