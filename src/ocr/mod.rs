//! Scanned pages: raster → the same page IR as the text path.
//!
//! Steps, each a plain function: orientation (quarter turns: a few lines
//! read at each turn by PP-OCR, `orient.rs`; tesseract OSD when unsure)
//! → `binarize` (Otsu on the brightest channel, so coloured seals fade
//! first) → `estimate_skew` (projection profiles, ±5°) → `rotate_smooth` →
//! `find_rules` (long dark runs, gaps bridged) → lattice (`crate::grid`) →
//! one engine call per inked cell, one for the free text around the tables
//! → words in page points (`page::read_page`).
//!
//! Architecture invariant: knows pixels, segments and words, not PDF objects
//! or forms. Engines sit behind `engine::Engine`.

mod comparator;
mod crowd;
mod dates;
mod engine;
mod image;
mod orient;
mod page;
pub mod ppocr;
mod rules;
mod stubs;
mod tally;
mod tesseract;
mod ticks;
mod vote;

pub use engine::{Engine, OcrWord, PxRect, RegionKind};
pub use image::{
    GrayImage, binarize, estimate_skew, otsu_threshold, rotate_smooth, turn_counter_clockwise,
};
pub use page::{ScannedPage, Upright, read_page};
pub use ppocr::PpOcr;
pub use rules::{RuleSettings, find_rules};
pub use tesseract::{INSTALL_HINT, Tesseract};

use crate::ir::PageImage;
use crate::ir::{Affine, Segment};
use std::borrow::Cow;

/// Tolerances of scanned-page rule finding, in points (converted to pixels
/// at each image's resolution).
#[derive(Clone, Debug)]
pub struct ScanSettings {
    /// Dark runs shorter than this are text, not rules (a 16 pt title's
    /// strokes are shorter).
    pub min_rule_pt: f64,
    /// Gaps a rule may have (noise, JPEG, a seal's edge).
    pub max_gap_pt: f64,
    /// The thickest a rule may be.
    pub max_thickness_pt: f64,
    /// The largest skew looked for, either way.
    pub max_skew_degrees: f64,
    /// Ink touching the image's edge that fills this share of its box is a
    /// scanner's shadow or bed, not the sheet (`image::clear_border_shadows`).
    pub border_shadow_density: f64,
    /// Squares this wide (points) sample the paper's level for
    /// `image::flatten_background`; wider than any glyph or rule.
    pub background_block_pt: f64,
    /// Paper that varies by less than this share of its brightest level is
    /// evenly lit and left alone.
    pub max_background_spread: f64,
    /// Below this an OCR word is noise unless it holds a Chinese character
    /// or a digit.
    pub min_confidence: f32,
    /// A cell whose ink covers less than a square of this side is empty.
    pub min_ink_pt: f64,
    /// The text recogniser.
    pub engine: EngineChoice,
    /// Tesseract's model for the text (`HanS`: Debian's script/HanS).
    pub language: String,
    /// Resolution at which pages without a usable text layer are rendered.
    pub render_dpi: f64,
    /// White margin put around a cell's crop for the engine.
    pub cell_margin_pt: f64,
    /// OSD must be this sure before a page is turned.
    pub min_orientation_confidence: f32,
    /// When OSD is unsure, a page read upside down replaces the upright
    /// reading only if its `reading_weight` is this many times larger.
    pub upside_down_margin: f64,
    /// Ink no larger than this either way, with nothing else within
    /// `speck_clearance_pt`, is a speck (dust, toner, a bilevel scanner's
    /// noise), not a mark: a decimal point or `。` sits beside its text.
    pub speck_max_pt: f64,
    pub speck_clearance_pt: f64,
    /// A line-final mark that hangs over a cell's right rule (Word's and
    /// WPS's 标点溢出边界) is no larger than this either way.
    pub hanging_mark_max_pt: f64,
    /// An image on a page with a text layer is read by OCR (a mixed page)
    /// when it covers at least this share of the page …
    pub mixed_min_image_share: f64,
    /// … and the text layer has at most this many characters over it.
    pub mixed_max_covering_chars: usize,
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            min_rule_pt: 25.0,
            max_gap_pt: 1.0,
            max_thickness_pt: 2.0,
            max_skew_degrees: 5.0,
            border_shadow_density: 0.5,
            background_block_pt: 12.0,
            max_background_spread: 0.12,
            min_confidence: 0.5,
            min_ink_pt: 1.5,
            engine: EngineChoice::Auto,
            language: "HanS".into(),
            min_orientation_confidence: 1.5,
            upside_down_margin: 1.5,
            cell_margin_pt: 3.0,
            render_dpi: 300.0,
            speck_max_pt: 1.2,
            speck_clearance_pt: 3.0,
            hanging_mark_max_pt: 4.0,
            mixed_min_image_share: 0.25,
            mixed_max_covering_chars: 20,
        }
    }
}

/// Pages scanned at this resolution or more have orientation found at half
/// of it.
const OSD_HALVE_FROM_DPI: f64 = 250.0;

/// The long side of an A4 sheet, in points.
const A4_LONG_SIDE_PT: f64 = 841.89;

impl ScanSettings {
    /// The tolerances for a page drawn at `f` times its size.
    fn shrunk(&self, f: f64) -> ScanSettings {
        ScanSettings {
            min_rule_pt: self.min_rule_pt * f,
            max_gap_pt: self.max_gap_pt * f,
            max_thickness_pt: self.max_thickness_pt * f,
            min_ink_pt: self.min_ink_pt * f,
            cell_margin_pt: self.cell_margin_pt * f,
            speck_max_pt: self.speck_max_pt * f,
            speck_clearance_pt: self.speck_clearance_pt * f,
            hanging_mark_max_pt: self.hanging_mark_max_pt * f,
            ..self.clone()
        }
    }

    /// The pixel tolerances at `dpi`.
    pub fn at_dpi(&self, dpi: f64) -> RuleSettings {
        let px = |pt: f64| (pt * dpi / 72.0).round().max(1.0) as u32;
        RuleSettings {
            min_length: px(self.min_rule_pt),
            max_gap: px(self.max_gap_pt),
            max_thickness: px(self.max_thickness_pt),
        }
    }
}

/// Engines live per process and are reused from page to page: loading a
/// model costs more than reading a cell.
struct Engines {
    tesseract: Option<Tesseract>,
    ppocr: Option<PpOcr>,
    osd: Option<Tesseract>,
}

// SAFETY: a TessBaseAPI is not thread-safe but is not tied to a thread
// either; the mutex below lets one thread at a time use it.
unsafe impl Send for Engines {}

static ENGINES: std::sync::Mutex<Engines> = std::sync::Mutex::new(Engines {
    tesseract: None,
    ppocr: None,
    osd: None,
});

/// Which text recogniser reads scanned pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineChoice {
    Tesseract,
    PpOcr,
    /// The most accurate one installed: PP-OCR, else tesseract
    /// (scripts/bench-ocr measures both).
    Auto,
}

impl EngineChoice {
    pub fn parse(s: &str) -> Option<EngineChoice> {
        match s {
            "tesseract" => Some(EngineChoice::Tesseract),
            "ppocr" => Some(EngineChoice::PpOcr),
            "auto" => Some(EngineChoice::Auto),
            _ => None,
        }
    }

    /// The engine this choice means on this machine.
    pub fn resolve(self) -> EngineChoice {
        match self {
            EngineChoice::Auto if ppocr::installed() => EngineChoice::PpOcr,
            EngineChoice::Auto => EngineChoice::Tesseract,
            other => other,
        }
    }

    pub fn name(self) -> &'static str {
        match self.resolve() {
            EngineChoice::PpOcr => "ppocr",
            _ => "tesseract",
        }
    }
}

/// Reads a scanned page image into the IR: turns it upright, then
/// `read_page`. Errors say what is missing (tesseract, a model).
/// `known_rules`: the page's ruling lines when its PDF drew them (a rendered
/// page); then the page is taken as upright and straight.
pub fn read_scanned(
    img: &PageImage,
    known_rules: Option<Vec<Segment>>,
    settings: &ScanSettings,
    grid: &crate::grid::GridSettings,
) -> Result<ScannedPage, String> {
    let mut guard = ENGINES.lock().unwrap_or_else(|e| e.into_inner());
    let engines = &mut *guard;
    let dpi = img.gray.width as f64 / img.placement.width().max(1.0) * 72.0;
    // A few lines read by the recogniser usually say which way is up;
    // tesseract's confidences do not mean that, so it always asks OSD.
    // When neither is sure, the page is taken as it comes and checked below.
    let probed = match known_rules {
        Some(_) => Some(0),
        None if settings.engine.resolve() == EngineChoice::PpOcr => {
            let engine = engine_for(engines, settings)?;
            tally::stage("probe");
            let mut tallied = None;
            let engine = tally::wrap(engine, &mut tallied);
            orient::probe_turns(&img.gray, dpi, engine, settings, grid)
        }
        None => None,
    };
    let decided = if probed.is_some() {
        probed
    } else {
        if engines.osd.is_none() {
            engines.osd = Tesseract::new("osd").ok();
        }
        // OSD needs glyph shapes, not 300 dpi detail: at half the size its
        // layout analysis costs a quarter (it was a fifth of a page's time).
        let (osd_img, osd_dpi) = if dpi >= OSD_HALVE_FROM_DPI {
            (Cow::Owned(image::halve(&img.gray)), dpi / 2.0)
        } else {
            (Cow::Borrowed(&img.gray), dpi)
        };
        match engines
            .osd
            .as_mut()
            .and_then(|osd| osd.orientation(&osd_img, osd_dpi))
        {
            // OSD's answer is the clockwise turn the page has; undo it.
            Some((deg, conf)) if conf >= settings.min_orientation_confidence => Some(deg / 90),
            _ => None,
        }
    };
    let engine = engine_for(engines, settings)?;
    let mut tallied = None;
    let engine = tally::wrap(engine, &mut tallied);
    let undecided = decided.is_none();
    let turns = decided.unwrap_or(0);
    tally::stage("main");
    let mut scanned = read_turned(img, dpi, turns, known_rules, engine, settings, grid);
    // Known rules (a rendered page) decide `Some(0)`: an undecided page is
    // a scan, whose rules are found in its pixels.
    if undecided {
        // A sheet fed upside down with little text on it (a continuation
        // page) leaves the probe and OSD unsure; the engine reads upside-down glyphs as
        // other characters, less surely. Keep the surer reading.
        tally::stage("flip");
        let flipped = read_turned(img, dpi, 2, None, engine, settings, grid);
        if reading_weight(&flipped.page)
            > reading_weight(&scanned.page) * settings.upside_down_margin
        {
            scanned = flipped;
        }
    }
    tally::flush(img.page);
    Ok(scanned)
}

/// Reads `img` (at `dpi`) turned `turns` quarter turns counter-clockwise.
fn read_turned(
    img: &PageImage,
    dpi: f64,
    turns: u32,
    known_rules: Option<Vec<Segment>>,
    engine: &mut dyn Engine,
    settings: &ScanSettings,
    grid: &crate::grid::GridSettings,
) -> ScannedPage {
    let turned;
    let (gray, origin) = if turns == 0 {
        (&img.gray, (img.placement.x0, img.placement.top))
    } else {
        turned = turn_counter_clockwise(&img.gray, turns);
        (&turned, (0.0, 0.0))
    };
    let upright = Upright {
        gray,
        dpi,
        origin,
        quarter_turns: turns,
        known_rules,
    };
    let mut scanned = read_page(upright, img.page, engine, settings, grid);
    scanned.page.from_source = source_to_upright(img, turns, scanned.skew_degrees, origin);
    scanned
}

/// How much sure reading a page holds: its Chinese characters weighted by
/// the engine's confidence. Upright text scores far above the same page
/// upside down, whose glyphs read as rarer characters, less surely.
fn reading_weight(page: &crate::ir::Page) -> f64 {
    page.words
        .iter()
        .map(|w| {
            let han = w
                .text
                .chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .count();
            han as f64 * f64::from(w.confidence)
        })
        .sum()
}

/// Reads the large image of a page that also has a text layer: its words
/// and rules come back in page points where the image is drawn, so they sit
/// beside the text layer's. The image is taken as upright (a picture pasted
/// into a document is placed the way it reads); its skew is still undone.
pub fn read_image_on_text_page(
    img: &PageImage,
    settings: &ScanSettings,
    grid: &crate::grid::GridSettings,
) -> Result<ScannedPage, String> {
    // A sheet pasted into a document is usually shrunk to the text column:
    // its rules and characters are shorter in page points than on paper.
    // The tolerances are for the sheet, so they shrink with it when the
    // image has a sheet's (ISO A) proportions.
    let pl = img.placement;
    let (long, short) = (pl.width().max(pl.height()), pl.width().min(pl.height()));
    let sheet = (long / short.max(1.0) - std::f64::consts::SQRT_2).abs() < 0.1;
    let shrink = if sheet {
        (long / A4_LONG_SIDE_PT).clamp(0.4, 1.0)
    } else {
        1.0
    };
    let settings = &settings.shrunk(shrink);
    let mut guard = ENGINES.lock().unwrap_or_else(|e| e.into_inner());
    let engine = engine_for(&mut guard, settings)?;
    let dpi = img.gray.width as f64 / img.placement.width().max(1.0) * 72.0;
    let upright = Upright {
        gray: &img.gray,
        dpi,
        origin: (img.placement.x0, img.placement.top),
        quarter_turns: 0,
        known_rules: None,
    };
    let mut tallied = None;
    let engine = tally::wrap(engine, &mut tallied);
    tally::stage("mixed");
    let scanned = read_page(upright, img.page, engine, settings, grid);
    tally::flush(img.page);
    Ok(scanned)
}

/// The engine `settings` asks for, started on first use.
fn engine_for<'e>(
    engines: &'e mut Engines,
    settings: &ScanSettings,
) -> Result<&'e mut dyn Engine, String> {
    Ok(match settings.engine.resolve() {
        EngineChoice::PpOcr => {
            if engines.ppocr.is_none() {
                engines.ppocr = Some(PpOcr::new()?);
            }
            engines.ppocr.as_mut().expect("started above")
        }
        _ => {
            if engines.tesseract.is_none() {
                engines.tesseract = Some(Tesseract::new(&settings.language)?);
            }
            engines.tesseract.as_mut().expect("started above")
        }
    })
}

/// Where a point of the PDF page lands on the page read: into the image's
/// pixels, turned, deskewed, then scaled to points from `origin` (as
/// `read_page` placed its words).
pub fn source_to_upright(
    img: &PageImage,
    turns: u32,
    skew_degrees: f64,
    origin: (f64, f64),
) -> Affine {
    let (w, h) = (img.gray.width as f64, img.gray.height as f64);
    let pl = img.placement;
    let to_pixels = Affine::scale(w / pl.width().max(1e-9), h / pl.height().max(1e-9))
        .after(&Affine::translate(-pl.x0, -pl.top));
    // The continuous form of `turn_counter_clockwise`'s pixel permutation.
    let turn = match turns % 4 {
        0 => Affine::IDENTITY,
        1 => Affine([0.0, -1.0, 1.0, 0.0, 0.0, w]),
        2 => Affine([-1.0, 0.0, 0.0, -1.0, w, h]),
        _ => Affine([0.0, 1.0, -1.0, 0.0, h, 0.0]),
    };
    let (tw, th) = if turns % 2 == 1 { (h, w) } else { (w, h) };
    // `rotate_smooth(-skew)` samples the turned image at R(-skew)(u - c) + c
    // for output pixel u; a source pixel s lands at R(skew)(s - c) + c.
    let deskew = Affine::translate(tw / 2.0, th / 2.0)
        .after(&Affine::rotate(skew_degrees))
        .after(&Affine::translate(-tw / 2.0, -th / 2.0));
    let dpi = w / pl.width().max(1e-9) * 72.0;
    Affine::translate(origin.0, origin.1)
        .after(&Affine::scale(72.0 / dpi, 72.0 / dpi))
        .after(&deskew)
        .after(&turn)
        .after(&to_pixels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::BBox;

    /// The dark pixels' centre, in pixel coordinates (centres at +0.5).
    fn ink_centre(img: &GrayImage) -> (f64, f64) {
        let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
        for y in 0..img.height {
            for x in 0..img.width {
                let ink = 255.0 - img.get(x, y) as f64;
                sx += ink * (x as f64 + 0.5);
                sy += ink * (y as f64 + 0.5);
                n += ink;
            }
        }
        (sx / n, sy / n)
    }

    #[test]
    fn source_points_land_where_turning_and_deskewing_put_their_pixels() {
        // A 60×40 px image drawn at (10, 20) on the page, 2 pt a pixel.
        let mut gray = GrayImage::new(60, 40, 255);
        for y in 8..12 {
            for x in 14..18 {
                gray.set(x, y, 0);
            }
        }
        let img = PageImage {
            page: 1,
            gray: gray.clone(),
            placement: BBox::new(10.0, 20.0, 130.0, 100.0),
            page_width: 200.0,
            page_height: 200.0,
        };
        // The block's centre on the source page.
        let (px, py) = (10.0 + 16.0 * 2.0, 20.0 + 10.0 * 2.0);
        for turns in 0..4 {
            for skew in [0.0, 3.0, -2.0] {
                let turned = turn_counter_clockwise(&gray, turns);
                let upright = if skew == 0.0 {
                    turned
                } else {
                    rotate_smooth(&turned, -skew)
                };
                let origin = if turns == 0 { (10.0, 20.0) } else { (0.0, 0.0) };
                let (cx, cy) = ink_centre(&upright);
                let want = (origin.0 + cx * 2.0, origin.1 + cy * 2.0);
                let got = source_to_upright(&img, turns, skew, origin).apply(px, py);
                assert!(
                    (got.0 - want.0).abs() < 0.6 && (got.1 - want.1).abs() < 0.6,
                    "turns {turns}, skew {skew}: mapped to {got:?}, the pixels went to {want:?}"
                );
            }
        }
    }
}
