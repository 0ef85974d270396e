//! Ticked option boxes in a cell (`新增项目□ 延续项目☑`, `■新增项目 □延续项目`),
//! told from the pixels: engines drop ☑ and ■ (they read □ as □ or 口,
//! which the form stage takes as unticked), so the option a form ticks
//! would be lost. A ticked box is a filled square (no character is one),
//! or a square outline whose four sides are straight runs of ink reaching
//! its corners with a mark inside that is no straight stroke: a check is
//! diagonal, while the insides of 目 国 回 田 are horizontal and vertical
//! strokes. Last, an outline with a mark must not read as a character when
//! the engine is shown it alone (囚 图 pass the geometry).
//!
//! A cell that holds a ticked box is read in pieces cut at its boxes, and
//! each box becomes a word `☑` where it stands, so the option beside it
//! keeps its mark on the side it was printed.

use super::engine::{Engine, OcrWord, PxRect, RegionKind};
use super::image::GrayImage;

/// A ticked box found in a cell crop, in the crop's pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TickBox {
    pub rect: PxRect,
    /// Filled (■), not an outline with a mark.
    pub filled: bool,
}

/// How sure a box read from its geometry is: below 1, so later stages know
/// it was not printed text.
const BOX_CONFIDENCE: f32 = 0.9;

/// An engine reading a box alone with at least this confidence as an
/// ideograph says it is a character.
const CHARACTER_CONFIDENCE: f32 = 0.5;

/// The ticked boxes in a cell crop (`bin`: binarised, 0 = ink) on its text
/// lines `bands`; an outline with a mark is shown to the engine alone.
pub fn find_boxes(
    engine: &mut dyn Engine,
    crop: &GrayImage,
    bin: &GrayImage,
    bands: &[(u32, u32)],
    dpi: f64,
    pad: u32,
) -> Vec<TickBox> {
    let mut out = Vec::new();
    for (rect, _) in components(bin) {
        let (w, h) = (rect.width(), rect.height());
        let side = w.max(h);
        let cy = (rect.y0 + rect.y1) / 2;
        let Some(&(b0, b1)) = bands.iter().find(|b| b.0 <= cy && cy <= b.1) else {
            continue;
        };
        let line = b1 - b0 + 1;
        // As tall as a character or a little less, and square.
        if side < 6 || side * 10 > line * 11 || side * 10 < line * 4 || w.min(h) * 5 < side * 4 {
            continue;
        }
        if stacked(bin, rect, (b0, b1)) {
            continue;
        }
        match read_box(bin, rect) {
            Some(Tick::Filled) => out.push(TickBox { rect, filled: true }),
            Some(Tick::Marked) if !reads_as_character(engine, crop, rect, dpi, pad) => {
                out.push(TickBox {
                    rect,
                    filled: false,
                })
            }
            _ => {}
        }
    }
    out.sort_by_key(|b| (b.rect.y0, b.rect.x0));
    out
}

/// The most ink (a share of the box's area) that may lie above or below a
/// box, in its columns and its line: a stray speck, a check's tip.
const STACKED_INK_MAX: f64 = 0.1;

/// Whether `r` is the lower or upper piece of a glyph rather than a box of
/// its own: more than `STACKED_INK_MAX` of ink above or below it within its
/// text line `band`, in its columns. An option box stands alone in its
/// column; a degraded 管 breaks into ⺮宀 over a 吕-shaped piece that
/// passes a box's geometry (and tesseract, shown it alone, reads 昌 at
/// 40 %).
fn stacked(bin: &GrayImage, r: PxRect, band: (u32, u32)) -> bool {
    let rows = (band.0..r.y0).chain(r.y1..=band.1.min(bin.height.saturating_sub(1)));
    let ink = rows
        .flat_map(|y| (r.x0..r.x1).map(move |x| (x, y)))
        .filter(|&(x, y)| bin.is_ink(x, y))
        .count();
    ink as f64 > STACKED_INK_MAX * f64::from(r.width() * r.height())
}

enum Tick {
    Filled,
    Marked,
}

/// Whether the engine, shown only the glyph in `r`, reads an ideograph.
fn reads_as_character(
    engine: &mut dyn Engine,
    crop: &GrayImage,
    r: PxRect,
    dpi: f64,
    pad: u32,
) -> bool {
    let mut alone = GrayImage::new(r.width() + 2 * pad, r.height() + 2 * pad, 255);
    for y in r.y0..r.y1 {
        for x in r.x0..r.x1 {
            alone.set(x - r.x0 + pad, y - r.y0 + pad, crop.get(x, y));
        }
    }
    engine
        .read(&alone, dpi, RegionKind::Line)
        .iter()
        .any(|w| w.confidence >= CHARACTER_CONFIDENCE && w.text.chars().any(crate::grid::is_cjk))
}

/// What `r` (a component's box) is when it is a ticked box: filled (■),
/// or four straight sides reaching the corners with a mark inside that has
/// no long straight stroke (☑). `None` for anything else, an empty □ too
/// (the engines read it).
fn read_box(bin: &GrayImage, r: PxRect) -> Option<Tick> {
    let (w, h) = (r.width(), r.height());
    let ink = |x: u32, y: u32| bin.is_ink(r.x0 + x, r.y0 + y);
    let total: u32 = (0..h)
        .map(|y| (0..w).filter(|&x| ink(x, y)).count() as u32)
        .sum();
    if total * 10 >= w * h * 8 {
        return Some(Tick::Filled);
    }
    // A side is a run of ink within `t` of the edge at every position along
    // it but a blur's worth; corners included (an enclosure's stroke that
    // stops short of a corner, or runs past it, fails here).
    let t = (w.min(h) / 6).max(2);
    let along =
        |n: u32, hit: &dyn Fn(u32) -> bool| (0..n).filter(|&i| hit(i)).count() as u32 * 10 >= n * 9;
    let top = along(w, &|x| (0..t).any(|y| ink(x, y)));
    let bottom = along(w, &|x| (h - t..h).any(|y| ink(x, y)));
    let left = along(h, &|y| (0..t).any(|x| ink(x, y)));
    let right = along(h, &|y| (w - t..w).any(|x| ink(x, y)));
    let corners = [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)]
        .iter()
        .all(|&(cx, cy)| {
            let near = |a: u32, b: u32| a.abs_diff(b) < t;
            (0..h).any(|y| near(y, cy) && (0..w).any(|x| near(x, cx) && ink(x, y)))
        });
    if !(top && bottom && left && right && corners) {
        return None;
    }
    // Thin sides: an outline, not a blob (a character's dense strokes).
    if w < 2 * t + 4 || h < 2 * t + 4 {
        return None;
    }
    let inner = (t + 1..h.saturating_sub(t + 1))
        .flat_map(|y| (t + 1..w.saturating_sub(t + 1)).map(move |x| (x, y)))
        .collect::<Vec<_>>();
    if inner.is_empty() {
        return None;
    }
    let inside = inner.iter().filter(|&&(x, y)| ink(x, y)).count();
    let share = inside as f64 / inner.len() as f64;
    if !(0.06..0.5).contains(&share) {
        return None;
    }
    // A check is diagonal: no stroke inside, two pixels thick, as long as
    // half the inside either way (the strokes of 目 国 回 田 are; where a
    // check's arms meet, blur makes one row long, not two).
    let (x0, x1, y0, y1) = (t + 1, w - t - 1, t + 1, h - t - 1);
    let stroke = |n: u32, m: u32, at: &dyn Fn(u32, u32) -> bool| {
        let runs: Vec<u32> = (0..m)
            .map(|j| {
                let (mut run, mut best) = (0, 0);
                for i in 0..n {
                    run = if at(i, j) { run + 1 } else { 0 };
                    best = best.max(run);
                }
                best
            })
            .collect();
        runs.windows(2).map(|p| p[0].min(p[1])).max().unwrap_or(0)
    };
    let across = stroke(x1 - x0, y1 - y0, &|i, j| ink(x0 + i, y0 + j));
    let down = stroke(y1 - y0, x1 - x0, &|i, j| ink(x0 + j, y0 + i));
    if across * 2 >= x1 - x0 || down * 2 >= y1 - y0 {
        return None;
    }
    Some(Tick::Marked)
}

/// Connected components of ink (8-neighbours): bounding box and pixel count.
fn components(bin: &GrayImage) -> Vec<(PxRect, usize)> {
    let (w, h) = (bin.width as usize, bin.height as usize);
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if seen[start] || bin.data[start] >= 128 {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1, mut n) = (w, h, 0, 0, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            n += 1;
            for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    let j = ny * w + nx;
                    if !seen[j] && bin.data[j] < 128 {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        let rect = PxRect {
            x0: x0 as u32,
            y0: y0 as u32,
            x1: x1 as u32 + 1,
            y1: y1 as u32 + 1,
        };
        out.push((rect, n));
    }
    out
}

/// Reads a cell crop holding `boxes`: each text line cut into the pieces
/// between its boxes, each piece read as a line, each box a word `☑` of
/// its own. Boxes come back in the crop's pixels, as the pipeline's
/// line reader gives them.
pub fn read_around(
    engine: &mut dyn Engine,
    crop: &GrayImage,
    bands: &[(u32, u32)],
    boxes: &[TickBox],
    dpi: f64,
    pad: u32,
    threshold: u8,
) -> Vec<OcrWord> {
    // The engine never sees a box: painted out, with its mark.
    let mut clean = crop.clone();
    for b in boxes {
        for y in b.rect.y0..b.rect.y1 {
            for x in b.rect.x0..b.rect.x1 {
                clean.set(x, y, 255);
            }
        }
    }
    let mut out = Vec::new();
    super::tally::purpose("piece");
    for &(y0, y1) in bands {
        let mut on_line: Vec<&TickBox> = boxes
            .iter()
            .filter(|b| {
                let cy = (b.rect.y0 + b.rect.y1) / 2;
                y0 <= cy && cy <= y1
            })
            .collect();
        on_line.sort_by_key(|b| b.rect.x0);
        let mut cuts = vec![0u32];
        for b in &on_line {
            cuts.push(b.rect.x0);
            cuts.push(b.rect.x1);
        }
        cuts.push(clean.width);
        for piece in cuts.chunks(2) {
            let (a, b) = (piece[0], piece[1]);
            out.extend(read_piece(
                engine,
                &clean,
                (y0, y1),
                (a, b),
                dpi,
                pad,
                threshold,
            ));
        }
        out.extend(on_line.iter().map(|b| OcrWord {
            text: "☑".to_string(),
            rect: b.rect,
            confidence: BOX_CONFIDENCE,
            symbols: Vec::new(),
            char_confidences: vec![BOX_CONFIDENCE],
        }));
    }
    out
}

/// One piece of a text line (`xs`, crop columns) read as a line, its word
/// boxes in the crop's pixels.
fn read_piece(
    engine: &mut dyn Engine,
    crop: &GrayImage,
    (y0, y1): (u32, u32),
    (xa, xb): (u32, u32),
    dpi: f64,
    pad: u32,
    threshold: u8,
) -> Vec<OcrWord> {
    let inked = |x: u32| (y0..=y1).any(|y| crop.get(x, y) <= threshold);
    let Some(first) = (xa..xb).find(|&x| inked(x)) else {
        return Vec::new();
    };
    let last = (xa..xb).rev().find(|&x| inked(x)).unwrap_or(first);
    let top = y0.saturating_sub(2);
    let bottom = (y1 + 3).min(crop.height);
    let width = last + 1 - first + 2 * pad;
    let mut line = GrayImage::new(width, bottom - top + 2 * pad, 255);
    for y in top..bottom {
        for x in first..=last {
            line.set(x - first + pad, y - top + pad, crop.get(x, y));
        }
    }
    engine
        .read(&line, dpi, RegionKind::Line)
        .into_iter()
        .map(|mut w| {
            w.rect = PxRect {
                x0: first,
                y0: top,
                x1: last + 1,
                y1: bottom,
            };
            w.symbols.clear();
            w
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(img: &mut GrayImage, x0: u32, y0: u32, side: u32) {
        for y in y0..y0 + side {
            for x in x0..x0 + side {
                if x < x0 + 2 || y < y0 + 2 || x >= x0 + side - 2 || y >= y0 + side - 2 {
                    img.set(x, y, 0);
                }
            }
        }
    }

    fn kind(img: &GrayImage, x0: u32) -> Option<&'static str> {
        let (rect, _) = components(img)
            .into_iter()
            .filter(|(r, _)| r.x0 == x0)
            .max_by_key(|(_, n)| *n)
            .unwrap();
        read_box(img, rect).map(|t| match t {
            Tick::Filled => "filled",
            Tick::Marked => "marked",
        })
    }

    #[test]
    fn filled_and_checked_boxes_are_ticks_enclosures_are_not() {
        let mut img = GrayImage::new(240, 40, 255);
        // □
        outline(&mut img, 10, 10, 20);
        // ■
        for y in 10..30 {
            for x in 50..70 {
                img.set(x, y, 0);
            }
        }
        // ☑: a check, down-right then up-right.
        outline(&mut img, 90, 10, 20);
        for i in 0..5 {
            for d in 0..2 {
                img.set(95 + i, 18 + i + d, 0);
                img.set(100 + i, 22 - 2 * i + d, 0);
            }
        }
        // 目: horizontal strokes across its inside.
        outline(&mut img, 130, 10, 20);
        for x in 130..150 {
            for y in [16, 17, 23, 24] {
                img.set(x, y, 0);
            }
        }
        // 口 as a Song face draws it: the left stroke runs below the bottom.
        outline(&mut img, 170, 10, 20);
        for y in 30..34 {
            img.set(170, y, 0);
            img.set(171, y, 0);
        }
        assert_eq!(kind(&img, 10), None, "an empty box is the engine's");
        assert_eq!(kind(&img, 50), Some("filled"));
        assert_eq!(kind(&img, 90), Some("marked"));
        assert_eq!(kind(&img, 130), None, "目");
        assert_eq!(kind(&img, 170), None, "口");
    }

    #[test]
    fn a_box_with_a_glyph_part_over_it_is_that_glyph() {
        // A ☑-shaped piece in a line 30 px tall (band 5..=34), once alone
        // and once under ⺮-like strokes: the lower half of a degraded 管.
        let mut img = GrayImage::new(120, 40, 255);
        let checked = |img: &mut GrayImage, x0: u32| {
            outline(img, x0, 14, 18);
            for i in 0..5 {
                for d in 0..2 {
                    img.set(x0 + 5 + i, 20 + i + d, 0);
                    img.set(x0 + 10 + i, 24 - 2 * i + d, 0);
                }
            }
        };
        checked(&mut img, 10);
        checked(&mut img, 60);
        for x in 58..80 {
            for y in [6, 7, 10, 11] {
                img.set(x, y, 0);
            }
        }
        let band = (5, 34);
        let rect = |x0: u32| PxRect {
            x0,
            y0: 14,
            x1: x0 + 18,
            y1: 32,
        };
        assert!(read_box(&img, rect(10)).is_some() && read_box(&img, rect(60)).is_some());
        assert!(!stacked(&img, rect(10), band), "a box alone");
        assert!(stacked(&img, rect(60), band), "a glyph's lower part");
    }
}
