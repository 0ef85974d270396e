//! The page intermediate representation: what every later stage reads.
//!
//! A page is a bag of positioned text boxes and ruling segments, in points,
//! origin at the top-left corner, y growing downwards. The text layer
//! (`crate::pdf`) produces one `Word` per glyph; OCR produces one per
//! recognised word or line. Nothing downstream may know which.

use serde::Serialize;

/// An axis-aligned box, top-left origin, y down.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct BBox {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

impl BBox {
    pub fn new(x0: f64, top: f64, x1: f64, bottom: f64) -> BBox {
        BBox {
            x0: x0.min(x1),
            top: top.min(bottom),
            x1: x0.max(x1),
            bottom: top.max(bottom),
        }
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }
    pub fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.top + self.bottom) / 2.0)
    }
    pub fn contains_point(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.top && y <= self.bottom
    }
    pub fn area(&self) -> f64 {
        self.width().max(0.0) * self.height().max(0.0)
    }
}

/// A piece of text with its box: one glyph from a text layer, or one word or
/// line from OCR.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Word {
    /// Shared: a text layer's glyphs repeat the same few hundred texts, and
    /// each glyph holds one (a clone is a count, not an allocation).
    pub text: std::sync::Arc<str>,
    pub bbox: BBox,
    /// Nominal font size in points (the glyph's em height on the page).
    pub size: f64,
    /// 1.0 for a text layer; the engine's confidence in [0, 1] for OCR.
    pub confidence: f32,
    /// OCR only, when the engine gives them: one confidence per character
    /// of `text` (glyph repair changes only characters the engine doubted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub char_confidences: Option<std::sync::Arc<[f32]>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Orientation {
    Horizontal,
    Vertical,
}

/// A ruling line: a stroked line, a thin filled rectangle, or one side of a
/// stroked rectangle. `pos` is y for horizontal segments and x for vertical
/// ones; `start < end` run along the other axis.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Segment {
    pub orientation: Orientation,
    pub pos: f64,
    pub start: f64,
    pub end: f64,
}

impl Segment {
    pub fn horizontal(y: f64, x0: f64, x1: f64) -> Segment {
        Segment {
            orientation: Orientation::Horizontal,
            pos: y,
            start: x0.min(x1),
            end: x0.max(x1),
        }
    }
    pub fn vertical(x: f64, top: f64, bottom: f64) -> Segment {
        Segment {
            orientation: Orientation::Vertical,
            pos: x,
            start: top.min(bottom),
            end: top.max(bottom),
        }
    }
    pub fn len(&self) -> f64 {
        self.end - self.start
    }
}

/// Where a page's words came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Text,
    Ocr,
    /// The cells of a spreadsheet (`crate::sheet`).
    Sheet,
    /// A text layer plus the words OCR read in a large image on the page
    /// (a scan pasted into a Word export).
    Mixed,
}

/// One page, whatever its source.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// 1-based page number in the file.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub method: Method,
    pub words: Vec<Word>,
    pub segments: Vec<Segment>,
    /// Where raster images are placed: a page that is one big image and no
    /// text is a scan.
    pub images: Vec<BBox>,
    /// How a point of the PDF page maps to this page's coordinates: the
    /// identity for a text layer; a scan read upright and straight was
    /// turned and deskewed (the review page draws the scan the same way).
    pub from_source: Affine,
    /// Characters of an invisible text layer set aside: on a page that is
    /// one big image, invisible text is another program's OCR of the scan
    /// (a "searchable" PDF) of unknown quality, so the scan is read instead.
    pub hidden_ocr_chars: usize,
}

/// A 2-D affine map `(x, y) → (a·x + c·y + e, b·x + d·y + f)`, the order of
/// SVG's `matrix(a b c d e f)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Affine(pub [f64; 6]);

impl Default for Affine {
    fn default() -> Self {
        Affine::IDENTITY
    }
}

impl Affine {
    pub const IDENTITY: Affine = Affine([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// `self` after `first`: maps x to self(first(x)).
    pub fn after(&self, first: &Affine) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let [a1, b1, c1, d1, e1, f1] = first.0;
        Affine([
            a * a1 + c * b1,
            b * a1 + d * b1,
            a * c1 + c * d1,
            b * c1 + d * d1,
            a * e1 + c * f1 + e,
            b * e1 + d * f1 + f,
        ])
    }

    pub fn translate(dx: f64, dy: f64) -> Affine {
        Affine([1.0, 0.0, 0.0, 1.0, dx, dy])
    }

    pub fn scale(kx: f64, ky: f64) -> Affine {
        Affine([kx, 0.0, 0.0, ky, 0.0, 0.0])
    }

    /// Rotation by `degrees` (y down: clockwise on screen for positive).
    pub fn rotate(degrees: f64) -> Affine {
        let (s, c) = degrees.to_radians().sin_cos();
        Affine([c, s, -s, c, 0.0, 0.0])
    }
}

/// 8-bit grayscale, row-major, 0 = black. After `ocr::binarize`, 0 is ink
/// and 255 is paper. The pixel operations are `ocr::image`'s.
#[derive(Clone, Debug, PartialEq)]
pub struct GrayImage {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

/// A colour pixel's gray level for OCR, the one rule for every decoder
/// (`pdf::raster`, `images`), so it lives here below both. Colour ink (a red seal, a blue
/// signature) is light in its brightest channel, so the max drops most of
/// it while black print stays dark; what is clearly coloured (one channel
/// far above the others) is paper. Black print under a seal stays dark in
/// every channel and is kept.
pub fn ink_level(r: u8, g: u8, b: u8) -> u8 {
    let (hi, lo) = (r.max(g).max(b), r.min(g).min(b));
    // JPEG's coarse chroma tints black strokes near a seal red too; their
    // luminance stays low, a seal's does not.
    let luma = (299 * r as u32 + 587 * g as u32 + 114 * b as u32) / 1000;
    if hi as u16 >= lo as u16 + COLOUR_SPREAD && luma >= COLOUR_MIN_LUMA {
        255
    } else {
        hi
    }
}

/// Below this luminance a pixel is ink whatever its tint.
const COLOUR_MIN_LUMA: u32 = 80;

/// How far apart a pixel's channels must be for it to count as colour:
/// JPEG noise on gray paper stays well below; a multiplied red seal is ~140.
const COLOUR_SPREAD: u16 = 60;

/// A scanned page's image, decoded, with where it sits on the page: what
/// the OCR path reads. Made by `pdf::raster` (a PDF page's largest image)
/// and `images` (an image file's page); here, below both and `ocr`.
#[derive(Clone, Debug)]
pub struct PageImage {
    pub page: u32,
    pub gray: GrayImage,
    /// Where the image is drawn, in page points (top-left origin).
    pub placement: BBox,
    pub page_width: f64,
    pub page_height: f64,
}

/// What a page's text layer is worth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum TextLayer {
    Sound,
    /// No text at all (a scan, or drawn outlines).
    Missing,
    /// Text that does not decode: glyphs without Unicode, private-use or
    /// control characters.
    Broken,
}

impl Page {
    /// Judges the text layer: broken when over a tenth of its characters
    /// decode to nothing usable, or when it reads as symbol soup with no
    /// Chinese in it (glyph codes taken for Latin-1 when ToUnicode is gone).
    pub fn text_layer(&self) -> TextLayer {
        let chars: Vec<char> = self
            .words
            .iter()
            .flat_map(|w| w.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        if chars.is_empty() {
            return TextLayer::Missing;
        }
        let bad = chars
            .iter()
            .filter(|&&c| {
                c == char::REPLACEMENT_CHARACTER
                    || ('\u{E000}'..='\u{F8FF}').contains(&c)
                    || c.is_control()
            })
            .count();
        if bad * 10 > chars.len() {
            TextLayer::Broken
        } else {
            TextLayer::Sound
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Page {
        let words = text
            .chars()
            .enumerate()
            .map(|(i, c)| Word {
                text: c.to_string().into(),
                bbox: BBox::new(10.0 * i as f64, 0.0, 10.0 * i as f64 + 10.0, 10.0),
                size: 10.0,
                confidence: 1.0,
                char_confidences: None,
            })
            .collect();
        Page {
            number: 1,
            width: 100.0,
            height: 100.0,
            method: Method::Text,
            words,
            segments: vec![],
            images: vec![],
            from_source: Affine::IDENTITY,
            hidden_ocr_chars: 0,
        }
    }

    #[test]
    fn text_layer_judgement() {
        assert_eq!(page("").text_layer(), TextLayer::Missing);
        assert_eq!(page("   ").text_layer(), TextLayer::Missing);
        assert_eq!(
            page("项目名称数据运营服务费").text_layer(),
            TextLayer::Sound
        );
        assert_eq!(
            page("项目\u{FFFD}名称数据运营服务费").text_layer(),
            TextLayer::Sound
        );
        assert_eq!(
            page("\u{FFFD}\u{FFFD}\u{E001}名称").text_layer(),
            TextLayer::Broken
        );
    }
}
