//! A page's orientation read off a few of its text lines, before tesseract's
//! OSD (a fifth of a page's time) is asked: the recogniser reads upright
//! Chinese with high confidence and a turned line as noise, so the quarter
//! turn under which the page's most inked cells read well is the page's.
//! When no turn is clearly best (no table, little text, a bad scan) the
//! answer is "unsure" and the caller falls back to OSD.

use super::ScanSettings;
use super::engine::{Engine, RegionKind};
use super::image::{GrayImage, binarize, otsu_threshold, turn_counter_clockwise};
use super::rules::find_rules;
use crate::grid::{self, GridSettings};
use crate::ir::{BBox, Method, Orientation, Page, Segment};

/// Cells probed: the most inked ones (long Chinese text, not a lone digit).
const PROBE_CELLS: usize = 5;
/// Lines that must be read under a turn for its score to count.
const MIN_LINES: usize = 2;
/// Mean confidence over the probes at which the page is taken as it is
/// without trying other turns (upright pages, the common case).
const SURE_UPRIGHT: f32 = 0.85;
/// Upright, the probes are read shortest line first, and once this many
/// read `SURE_UPRIGHT` the rest are not read: the probe's lines are its
/// cells' longest (a tenth of a page's recogniser time for five), and
/// three short ones say an upright page as surely.
const SURE_AFTER: usize = 3;
/// Otherwise the best turn must read at least this well …
const MIN_BEST: f32 = 0.7;
/// … and this much better than the next best.
const MIN_MARGIN: f32 = 0.25;
/// A probe line reading fewer characters than this counts in proportion:
/// a turned column of glyphs cut across reads as one or two characters.
const FULL_LINE_CHARS: usize = 4;
/// Text-line heights looked for, in points.
const MIN_LINE_PT: f64 = 5.0;
const MAX_LINE_PT: f64 = 24.0;

/// Counter-clockwise quarter turns that make the page upright, or `None`
/// when the lines read do not say clearly.
pub(super) fn probe_turns(
    gray: &GrayImage,
    dpi: f64,
    engine: &mut dyn Engine,
    scan: &ScanSettings,
    grid_settings: &GridSettings,
) -> Option<u32> {
    let pt = 72.0 / dpi;
    let threshold = otsu_threshold(gray);
    let bin = binarize(gray, threshold);
    // The ruling grid is the same under any quarter turn, so its cells are
    // found before the page is known to be upright.
    let segments: Vec<Segment> = find_rules(&bin, &scan.at_dpi(dpi))
        .into_iter()
        .map(|s| match s.orientation {
            Orientation::Horizontal => Segment::horizontal(s.pos * pt, s.start * pt, s.end * pt),
            Orientation::Vertical => Segment::vertical(s.pos * pt, s.start * pt, s.end * pt),
        })
        .collect();
    let page = Page {
        number: 0,
        width: gray.width as f64 * pt,
        height: gray.height as f64 * pt,
        method: Method::Ocr,
        words: Vec::new(),
        segments,
        images: Vec::new(),
        from_source: Default::default(),
        hidden_ocr_chars: 0,
        unread: vec![],
    };
    let layout = grid::layout_page(&page, grid_settings);
    // Inside each cell, clear of its rules (and of a little skew).
    let inset = scan.max_thickness_pt / pt + 0.01 * dpi;
    let mut cells: Vec<(usize, BBox)> = layout
        .tables
        .iter()
        .flat_map(|t| &t.cells)
        .filter_map(|c| {
            let b = BBox::new(
                (c.bbox.x0 / pt + inset).max(0.0),
                (c.bbox.top / pt + inset).max(0.0),
                (c.bbox.x1 / pt - inset).min(gray.width as f64),
                (c.bbox.bottom / pt - inset).min(gray.height as f64),
            );
            (b.x1 - b.x0 >= 8.0 && b.bottom - b.top >= 8.0).then(|| (ink(&bin, &b), b))
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    if cells.is_empty() {
        return None;
    }
    cells.sort_by_key(|c| std::cmp::Reverse(c.0));
    cells.truncate(PROBE_CELLS);
    // Least inked first: the shortest lines, for `SURE_AFTER`.
    cells.reverse();
    let crops: Vec<GrayImage> = cells.iter().map(|(_, b)| crop(gray, b)).collect();
    let pad = (scan.cell_margin_pt / pt).round() as u32;
    let (min_h, max_h) = ((MIN_LINE_PT / pt) as u32, (MAX_LINE_PT / pt) as u32);
    let mean = |read: &[f32]| read.iter().sum::<f32>() / read.len() as f32;
    // The mean over the crops where a line of text height was found: a
    // turned crop often has none (its columns of glyphs run into one band).
    let mut score = |turns: u32| -> f32 {
        super::tally::purpose(["turn0", "turn1", "turn2", "turn3"][turns as usize % 4]);
        let mut read = Vec::new();
        for c in &crops {
            let turned = turn_counter_clockwise(c, turns);
            if let Some(line) = line_of(&turned, threshold, pad, min_h, max_h) {
                read.push(read_score(engine, &line, dpi));
            }
            if turns == 0 && read.len() >= SURE_AFTER && mean(&read) >= SURE_UPRIGHT {
                break;
            }
        }
        if read.len() < MIN_LINES {
            return 0.0;
        }
        mean(&read)
    };
    let upright = score(0);
    if upright >= SURE_UPRIGHT {
        return Some(0);
    }
    let mut scores = [(0u32, upright), (2, score(2)), (1, score(1)), (3, score(3))];
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, second) = (scores[0], scores[1]);
    (best.1 >= MIN_BEST && best.1 - second.1 >= MIN_MARGIN).then_some(best.0)
}

/// Ink pixels of `bin` inside `b` (pixel coordinates).
fn ink(bin: &GrayImage, b: &BBox) -> usize {
    let (x0, x1) = (b.x0 as usize, b.x1 as usize);
    (b.top as u32..b.bottom as u32)
        .map(|y| {
            let row = y as usize * bin.width as usize;
            bin.data[row + x0..row + x1]
                .iter()
                .filter(|&&v| v < 128)
                .count()
        })
        .sum()
}

fn crop(gray: &GrayImage, b: &BBox) -> GrayImage {
    let (x0, y0) = (b.x0 as u32, b.top as u32);
    let (w, h) = (b.x1 as u32 - x0, b.bottom as u32 - y0);
    let mut out = GrayImage::new(w, h, 255);
    for y in 0..h {
        let src = (y0 + y) as usize * gray.width as usize + x0 as usize;
        out.data[(y * w) as usize..((y + 1) * w) as usize]
            .copy_from_slice(&gray.data[src..src + w as usize]);
    }
    out
}

/// The most inked band of rows of a line's height in `img`, cut to its
/// inked width on a white margin of `pad`: what `page::read_lines` gives
/// the recogniser.
fn line_of(img: &GrayImage, threshold: u8, pad: u32, min_h: u32, max_h: u32) -> Option<GrayImage> {
    let row_ink = |y: u32| {
        let row = y as usize * img.width as usize;
        img.data[row..row + img.width as usize]
            .iter()
            .filter(|&&v| v <= threshold)
            .count()
    };
    let mut bands: Vec<(u32, u32, usize)> = Vec::new();
    for y in 0..img.height {
        let n = row_ink(y);
        if n == 0 {
            continue;
        }
        match bands.last_mut() {
            Some(b) if b.1 + 1 == y => {
                b.1 = y;
                b.2 += n;
            }
            _ => bands.push((y, y, n)),
        }
    }
    let (y0, y1, _) = bands
        .into_iter()
        .filter(|b| (min_h..=max_h).contains(&(b.1 - b.0 + 1)))
        .max_by_key(|b| b.2)?;
    let inked = |x: u32| (y0..=y1).any(|y| img.get(x, y) <= threshold);
    let first = (0..img.width).find(|&x| inked(x))?;
    let last = (0..img.width).rev().find(|&x| inked(x)).unwrap_or(first);
    let (top, bottom) = (y0.saturating_sub(2), (y1 + 3).min(img.height));
    let (left, right) = (first.saturating_sub(pad), (last + 1 + pad).min(img.width));
    let width = right - left;
    let mut line = GrayImage::new(width, bottom - top + 2 * pad, 255);
    for y in top..bottom {
        let src = y as usize * img.width as usize + left as usize;
        let dst = (y - top + pad) as usize * width as usize;
        line.data[dst..dst + width as usize].copy_from_slice(&img.data[src..src + width as usize]);
    }
    Some(line)
}

/// The recogniser's confidence in a line, scaled down for lines of one or
/// two characters.
fn read_score(engine: &mut dyn Engine, line: &GrayImage, dpi: f64) -> f32 {
    let words = engine.read(line, dpi, RegionKind::Line);
    let chars: usize = words.iter().map(|w| w.text.chars().count()).sum();
    if chars == 0 {
        return 0.0;
    }
    let confidence = words
        .iter()
        .map(|w| w.confidence * w.text.chars().count() as f32)
        .sum::<f32>()
        / chars as f32;
    confidence * (chars.min(FULL_LINE_CHARS) as f32 / FULL_LINE_CHARS as f32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::PpOcr;
    use crate::pdf::{PdfSettings, raster::page_images};

    /// A clean scan's first page, upright and turned each way: upright it
    /// is taken as it is without OSD; turned, the probe names the turn
    /// that undoes it or is unsure (OSD then decides), never a wrong turn.
    #[test]
    fn a_few_lines_say_which_way_a_page_is_turned() {
        let pdf = std::fs::read("samples/scanned/2024-putuo-greening-clean300.pdf").unwrap();
        let img = page_images(pdf, "", &[1], &PdfSettings::default())
            .unwrap()
            .remove(0)
            .unwrap()
            .expect("a scanned page");
        let dpi = img.gray.width as f64 / img.placement.width() * 72.0;
        let mut engine = PpOcr::new().expect("PP-OCR is installed by scripts/setup");
        let (scan, grid) = (ScanSettings::default(), GridSettings::default());
        assert_eq!(
            probe_turns(&img.gray, dpi, &mut engine, &scan, &grid),
            Some(0)
        );
        for turned_by in 1..4 {
            let page = turn_counter_clockwise(&img.gray, turned_by);
            let got = probe_turns(&page, dpi, &mut engine, &scan, &grid);
            assert!(
                got.is_none() || got == Some(4 - turned_by),
                "page turned {turned_by} × 90°: {got:?}"
            );
        }
        // No table, no lines to read: unsure, so OSD decides.
        let blank = GrayImage::new(600, 800, 255);
        assert_eq!(probe_turns(&blank, dpi, &mut engine, &scan, &grid), None);
    }
}
