//! A scanned page image → the page IR: upright it, find its ruling lines,
//! build the lattice, then read each cell (and the free text around the
//! tables) with an engine. The words come back in page points, so the rest
//! of the pipeline cannot tell this page from a text-layer one.

use super::engine::{Engine, OcrWord, PxRect, RegionKind};
use super::image::{GrayImage, binarize, estimate_skew, otsu_threshold, rotate_smooth};
use super::{ScanSettings, find_rules};
use crate::grid::{self, GridSettings};
use crate::ir::{BBox, Method, Orientation, Page, Segment, Word};

/// A scanned page read: the IR plus what was done to get it.
pub struct ScannedPage {
    pub page: Page,
    pub skew_degrees: f64,
    /// Quarter turns counter-clockwise that made the page upright.
    pub quarter_turns: u32,
    pub cells_read: usize,
    pub words_dropped: usize,
}

/// The page image upright (orientation already undone) with its scale.
pub struct Upright<'a> {
    pub gray: &'a GrayImage,
    pub dpi: f64,
    /// The image's top-left corner on the page, in points.
    pub origin: (f64, f64),
    pub quarter_turns: u32,
}

/// Reads one upright page image. `number` is the 1-based page number.
pub fn read_page(
    img: Upright<'_>,
    number: u32,
    engine: &mut dyn Engine,
    scan: &ScanSettings,
    grid_settings: &GridSettings,
) -> ScannedPage {
    let pt = 72.0 / img.dpi;
    let bin = binarize(img.gray, otsu_threshold(img.gray));
    let skew = estimate_skew(&bin, scan.max_skew_degrees);
    let (gray, bin) = if skew.abs() >= 0.05 {
        let g = rotate_smooth(img.gray, -skew);
        let b = binarize(&g, otsu_threshold(&g));
        (g, b)
    } else {
        (img.gray.clone(), bin)
    };
    let (ox, oy) = img.origin;
    let to_pt = |x: f64, y: f64| (ox + x * pt, oy + y * pt);
    let segments: Vec<Segment> = find_rules(&bin, &scan.at_dpi(img.dpi))
        .into_iter()
        .map(|s| match s.orientation {
            Orientation::Horizontal => {
                Segment::horizontal(oy + s.pos * pt, ox + s.start * pt, ox + s.end * pt)
            }
            Orientation::Vertical => {
                Segment::vertical(ox + s.pos * pt, oy + s.start * pt, oy + s.end * pt)
            }
        })
        .collect();
    let mut page = Page {
        number,
        width: gray.width as f64 * pt,
        height: gray.height as f64 * pt,
        method: Method::Ocr,
        words: Vec::new(),
        segments,
        images: vec![BBox::new(
            ox,
            oy,
            ox + gray.width as f64 * pt,
            oy + gray.height as f64 * pt,
        )],
    };
    let layout = grid::layout_page(&page, grid_settings);
    let to_px = |b: &BBox, inset: f64| -> PxRect {
        let clamp = |v: f64, max: u32| v.round().clamp(0.0, max as f64) as u32;
        PxRect {
            x0: clamp((b.x0 - ox) / pt + inset, gray.width),
            y0: clamp((b.top - oy) / pt + inset, gray.height),
            x1: clamp((b.x1 - ox) / pt - inset, gray.width),
            y1: clamp((b.bottom - oy) / pt - inset, gray.height),
        }
    };
    let to_word = |w: OcrWord| -> Word {
        let (x0, top) = to_pt(w.rect.x0 as f64, w.rect.y0 as f64);
        let (x1, bottom) = to_pt(w.rect.x1 as f64, w.rect.y1 as f64);
        Word {
            text: w.text,
            bbox: BBox::new(x0, top, x1, bottom),
            size: (bottom - top).max(1.0),
            confidence: w.confidence,
        }
    };
    let mut dropped = 0;
    let mut keep = |w: &OcrWord| {
        let ok = plausible(w, scan.min_confidence);
        dropped += usize::from(!ok);
        ok
    };

    // Free text first, on a copy with the tables painted over (titles, the
    // year, 单位：万元 live there).
    let margin = scan.max_thickness_pt / pt + 2.0;
    let mut masked = gray.clone();
    for t in &layout.tables {
        let r = to_px(&t.bbox, -margin);
        for y in r.y0..r.y1 {
            let row = y as usize * masked.width as usize;
            masked.data[row + r.x0 as usize..row + r.x1 as usize].fill(255);
        }
    }
    let masked_bin = binarize(&masked, otsu_threshold(&gray));
    if ink(&masked_bin, full(&masked)) > 0 {
        engine.set_page(&masked, img.dpi);
        let words = engine.read(full(&masked), RegionKind::Free);
        page.words
            .extend(words.into_iter().filter(&mut keep).map(to_word));
    }

    // Then every cell that holds ink, inside its borders.
    engine.set_page(&gray, img.dpi);
    let inset = scan.max_thickness_pt / pt + 1.0;
    let min_ink = ((scan.min_ink_pt / pt).powi(2)).max(4.0) as usize;
    let mut cells_read = 0;
    for t in &layout.tables {
        for c in &t.cells {
            let r = to_px(&c.bbox, inset);
            if r.width() < 4 || r.height() < 4 || ink(&bin, r) < min_ink {
                continue;
            }
            cells_read += 1;
            let words = engine.read(r, RegionKind::Cell);
            page.words
                .extend(words.into_iter().filter(&mut keep).map(to_word));
        }
    }
    ScannedPage {
        page,
        skew_degrees: skew,
        quarter_turns: img.quarter_turns,
        cells_read,
        words_dropped: dropped,
    }
}

fn full(img: &GrayImage) -> PxRect {
    PxRect {
        x0: 0,
        y0: 0,
        x1: img.width,
        y1: img.height,
    }
}

/// Ink pixels inside `r` of a binarised image.
fn ink(bin: &GrayImage, r: PxRect) -> usize {
    (r.y0..r.y1)
        .map(|y| {
            let row = y as usize * bin.width as usize;
            bin.data[row + r.x0 as usize..row + r.x1 as usize]
                .iter()
                .filter(|&&v| v < 128)
                .count()
        })
        .sum()
}

/// Noise that engines read in empty or speckled regions comes back as
/// low-confidence Latin letters and symbols; Chinese text and digits are
/// kept whatever their confidence (a repair may still fix them).
fn plausible(w: &OcrWord, min_confidence: f32) -> bool {
    if w.confidence >= min_confidence {
        return true;
    }
    w.text
        .chars()
        .any(|c| crate::grid::is_cjk(c) || c.is_ascii_digit())
}
