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
    /// Table cells of a scan that hold ink OCR read as nothing: a field
    /// left empty there was not read, not blank (its record says so).
    pub unread: Vec<BBox>,
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

/// How an image's pixel grid lies on the page: which page axis its columns
/// run along, and whether columns or rows run against that axis. A scanner
/// may store a sheet turned and set the page's `/Rotate`, or a writer may
/// place the image with a turning or mirroring matrix; the pixels are put
/// the way the page shows them before anything reads them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PixelLayout {
    /// Columns run down the page (the image is drawn a quarter turned).
    pub columns_vertical: bool,
    /// Column index grows leftwards (or upwards when vertical).
    pub columns_reversed: bool,
    /// Row index grows upwards (or leftwards when columns are vertical).
    pub rows_reversed: bool,
}

impl PixelLayout {
    /// From where the image's first pixel, the end of its first row and the
    /// start of its last row land on the page (top-left origin, y down).
    pub fn from_corners(origin: (f64, f64), row_end: (f64, f64), col_end: (f64, f64)) -> Self {
        let u = (row_end.0 - origin.0, row_end.1 - origin.1);
        let v = (col_end.0 - origin.0, col_end.1 - origin.1);
        let columns_vertical = u.1.abs() > u.0.abs();
        if columns_vertical {
            PixelLayout {
                columns_vertical,
                columns_reversed: u.1 < 0.0,
                rows_reversed: v.0 < 0.0,
            }
        } else {
            PixelLayout {
                columns_vertical,
                columns_reversed: u.0 < 0.0,
                rows_reversed: v.1 < 0.0,
            }
        }
    }
}

impl GrayImage {
    /// The pixels as the page shows them: row 0 at the top, column 0 at the
    /// left.
    pub fn as_shown(self, layout: PixelLayout) -> GrayImage {
        if layout == PixelLayout::default() {
            return self;
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let (ow, oh) = if layout.columns_vertical {
            (h, w)
        } else {
            (w, h)
        };
        let mut data = Vec::with_capacity(ow * oh);
        for y in 0..oh {
            for x in 0..ow {
                let (mut c, mut r) = if layout.columns_vertical {
                    (y, x)
                } else {
                    (x, y)
                };
                if layout.columns_reversed {
                    c = w - 1 - c;
                }
                if layout.rows_reversed {
                    r = h - 1 - r;
                }
                data.push(self.data[r * w + c]);
            }
        }
        GrayImage {
            width: ow as u32,
            height: oh as u32,
            data,
        }
    }

    /// Square pixels for an image drawn `width_pt` × `height_pt`: a fax's
    /// 204 × 196 dpi (or 204 × 98) grid is stretched along its coarser axis
    /// by linear interpolation, so glyphs and rules keep their shapes.
    /// Within `tolerance` of square it is left alone.
    pub fn square_pixels(self, width_pt: f64, height_pt: f64, tolerance: f64) -> GrayImage {
        let (w, h) = (self.width as f64, self.height as f64);
        if w < 2.0 || h < 2.0 || width_pt <= 0.0 || height_pt <= 0.0 {
            return self;
        }
        let (xdpi, ydpi) = (w / width_pt, h / height_pt);
        if (xdpi / ydpi - 1.0).abs() <= tolerance {
            return self;
        }
        let dpi = xdpi.max(ydpi);
        let (ow, oh) = (
            (width_pt * dpi).round().max(1.0) as usize,
            (height_pt * dpi).round().max(1.0) as usize,
        );
        // Source coordinate of output pixel i's centre along an axis.
        let src = |n: u32, out: usize| move |i: u32| (i as f64 + 0.5) * n as f64 / out as f64 - 0.5;
        self.resampled(
            ow as u32,
            oh as u32,
            src(self.width, ow),
            src(self.height, oh),
        )
    }

    /// Bilinear resampling to `w` × `h`. `source_x(i)` and `source_y(i)`
    /// say where output column or row i's centre falls in the source, in
    /// source pixels (clamped to the image). One resampler for every caller
    /// (a fax's squared pixels, PP-OCR's 48-pixel lines, tesseract's shrunk
    /// ones), each keeping its own mapping; each column's and row's taps are
    /// worked out once.
    pub fn resampled(
        &self,
        w: u32,
        h: u32,
        source_x: impl Fn(u32) -> f64,
        source_y: impl Fn(u32) -> f64,
    ) -> GrayImage {
        if self.width == 0 || self.height == 0 {
            return GrayImage::new(w, h, 255);
        }
        let taps = |n: u32, source: &dyn Fn(u32) -> f64, of: u32| -> Vec<(usize, usize, f64)> {
            (0..n)
                .map(|i| {
                    let f = source(i).clamp(0.0, (of - 1) as f64);
                    let i0 = f.floor() as usize;
                    (i0, (i0 + 1).min(of as usize - 1), f.fract())
                })
                .collect()
        };
        let (cols, rows) = (
            taps(w, &source_x, self.width),
            taps(h, &source_y, self.height),
        );
        let stride = self.width as usize;
        let mut data = Vec::with_capacity(w as usize * h as usize);
        for &(r0, r1, fy) in &rows {
            let (a, b) = (
                &self.data[r0 * stride..][..stride],
                &self.data[r1 * stride..][..stride],
            );
            for &(c0, c1, fx) in &cols {
                let top = a[c0] as f64 * (1.0 - fx) + a[c1] as f64 * fx;
                let bottom = b[c0] as f64 * (1.0 - fx) + b[c1] as f64 * fx;
                data.push((top * (1.0 - fy) + bottom * fy).round() as u8);
            }
        }
        GrayImage {
            width: w,
            height: h,
            data,
        }
    }
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

    /// A 3×2 image whose pixel values name their (column, row).
    fn named() -> GrayImage {
        GrayImage {
            width: 3,
            height: 2,
            data: vec![0, 1, 2, 10, 11, 12],
        }
    }

    #[test]
    fn pixels_are_put_the_way_the_page_shows_them() {
        // Drawn as stored: row 0 at the top.
        let same = PixelLayout::from_corners((0.0, 0.0), (3.0, 0.0), (0.0, 2.0));
        assert_eq!(named().as_shown(same), named());
        // PDF's usual image matrix flips rows: row 0 lands at the bottom.
        let flipped = PixelLayout::from_corners((0.0, 2.0), (3.0, 2.0), (0.0, 0.0));
        assert_eq!(named().as_shown(flipped).data, vec![10, 11, 12, 0, 1, 2]);
        // Stored a quarter turned anticlockwise, shown upright by /Rotate 90:
        // row 0 runs up the left edge, so column 0 of the page is row 0.
        let turned = PixelLayout::from_corners((0.0, 3.0), (0.0, 0.0), (2.0, 3.0));
        let g = named().as_shown(turned);
        assert_eq!((g.width, g.height), (2, 3));
        assert_eq!(g.data, vec![2, 12, 1, 11, 0, 10]);
        // Mirrored left to right.
        let mirrored = PixelLayout::from_corners((3.0, 0.0), (0.0, 0.0), (3.0, 2.0));
        assert_eq!(named().as_shown(mirrored).data, vec![2, 1, 0, 12, 11, 10]);
    }

    #[test]
    fn fax_pixels_are_made_square_and_square_ones_are_left_alone() {
        // 4 × 2 pixels drawn 4 × 4 pt: rows twice as coarse as columns.
        let g = GrayImage {
            width: 4,
            height: 2,
            data: vec![0, 0, 0, 0, 200, 200, 200, 200],
        };
        let sq = g.clone().square_pixels(4.0, 4.0, 0.01);
        assert_eq!((sq.width, sq.height), (4, 4));
        let col: Vec<u8> = (0..4).map(|y| sq.data[y * 4]).collect();
        assert_eq!(col[0], 0);
        assert_eq!(col[3], 200);
        assert!(col[1] < col[2], "{col:?}");
        assert_eq!(g.clone().square_pixels(4.0, 2.0, 0.01), g);
    }

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
            unread: vec![],
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
