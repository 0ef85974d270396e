//! A scanned page image → the page IR: upright it, find its ruling lines,
//! build the lattice, then read each cell (and the free text around the
//! tables) with an engine. The words come back in page points, so the rest
//! of the pipeline cannot tell this page from a text-layer one.

use super::ScanSettings;
use super::comparator::{
    comparator_prefix, read_comparator_at, target_clause_at_end, target_shaped,
};
use super::engine::{Engine, OcrWord, PxRect, RegionKind};
use super::image::{
    GrayImage, binarize, clear_border_shadows, darken_faint_ink, despeckle, estimate_skew,
    flatten_background, is_bilevel, otsu_threshold, rotate_smooth, soften,
};
use super::stubs::find_with_stubs;
use super::ticks::{find_boxes, read_around};
use crate::grid::{self, GridSettings};
use crate::ir::{BBox, Method, Orientation, Page, Segment, Word};
use std::borrow::Cow;

/// A scanned page read: the IR plus what was done to get it.
pub struct ScannedPage {
    pub page: Page,
    /// Quarter turns counter-clockwise that made the page upright.
    pub quarter_turns: u32,
    /// The skew found and undone (degrees; 0 for a rendered page).
    pub skew_degrees: f64,
    /// Repairs made while reading, for the records of forms on this page.
    pub notes: Vec<String>,
}

/// The page image upright (orientation already undone) with its scale.
pub struct Upright<'a> {
    pub gray: &'a GrayImage,
    pub dpi: f64,
    /// The image's top-left corner on the page, in points.
    pub origin: (f64, f64),
    pub quarter_turns: u32,
    /// The page's ruling lines when they are known exactly (a rendered
    /// page: its PDF drew them), in points; `None` for a scan, whose lines
    /// are found in the pixels after deskewing.
    pub known_rules: Option<Vec<Segment>>,
}

/// A cell's box on the page and in pixels, its crop, the crop binarized,
/// and its text bands.
type CellCut = (BBox, PxRect, GrayImage, GrayImage, Vec<(u32, u32)>);

/// Reads one upright page image. `number` is the 1-based page number.
pub fn read_page(
    img: Upright<'_>,
    number: u32,
    engine: &mut dyn Engine,
    scan: &ScanSettings,
    grid_settings: &GridSettings,
) -> ScannedPage {
    let pt = 72.0 / img.dpi;
    // A 1-bit scan is read as its pixels say (rules, specks, thresholds) but
    // shown to the engine softened, as a grey scan would have been.
    let mut softened;
    let engine: &mut dyn Engine = if is_bilevel(img.gray) {
        softened = Softened(engine);
        &mut softened
    } else {
        engine
    };
    // A rendered page has no scanner light or edges.
    let mut source = Cow::Borrowed(img.gray);
    if img.known_rules.is_none() {
        let block = (scan.background_block_pt / pt).round() as u32;
        if let Some(g) = flatten_background(img.gray, block, scan.max_background_spread) {
            source = Cow::Owned(g);
        }
    }
    let threshold = otsu_threshold(&source);
    let mut bin = binarize(&source, threshold);
    if img.known_rules.is_none() {
        clear_border_shadows(&mut source, &mut bin, scan.border_shadow_density);
    }
    // A rendered page is straight and its rules are known.
    let skew = match img.known_rules {
        Some(_) => 0.0,
        None => estimate_skew(&bin, scan.max_skew_degrees),
    };
    let (gray, bin, threshold) = if skew.abs() >= 0.05 {
        let g = rotate_smooth(&source, -skew);
        let t = otsu_threshold(&g);
        let b = binarize(&g, t);
        (Cow::Owned(g), b, t)
    } else {
        (source, bin, threshold)
    };
    let (ox, oy) = img.origin;
    let to_pt = |x: f64, y: f64| (ox + x * pt, oy + y * pt);
    let px_of = |v: f64| (v / pt).round().max(1.0) as u32;
    let segments: Vec<Segment> = match img.known_rules {
        Some(rules) => rules,
        None => find_with_stubs(&bin, &scan.at_dpi(img.dpi))
            .into_iter()
            .map(|s| match s.orientation {
                Orientation::Horizontal => {
                    Segment::horizontal(oy + s.pos * pt, ox + s.start * pt, ox + s.end * pt)
                }
                Orientation::Vertical => {
                    Segment::vertical(ox + s.pos * pt, oy + s.start * pt, oy + s.end * pt)
                }
            })
            .collect(),
    };
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
        // Set by the caller, who knows how the image sits on its page.
        from_source: Default::default(),
        hidden_ocr_chars: 0,
        unread: vec![],
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
    // Crop pixels → page pixels (`dx`, `dy`: the crop's corner) → points.
    let to_word = |w: OcrWord, dx: i64, dy: i64| -> Word {
        let (x0, top) = to_pt(
            (w.rect.x0 as i64 + dx) as f64,
            (w.rect.y0 as i64 + dy) as f64,
        );
        let (x1, bottom) = to_pt(
            (w.rect.x1 as i64 + dx) as f64,
            (w.rect.y1 as i64 + dy) as f64,
        );
        let per_char = w.char_confidences.len() == w.text.chars().count();
        Word {
            bbox: BBox::new(x0, top, x1, bottom),
            size: (bottom - top).max(1.0),
            confidence: w.confidence,
            char_confidences: (per_char && !w.text.is_empty()).then(|| w.char_confidences.into()),
            text: w.text.into(),
        }
    };
    let floor = engine.noise_confidence();
    let keep = |w: &OcrWord| w.confidence >= floor && plausible(w, scan.min_confidence);

    // Free text first, on a copy with the tables painted over (titles, the
    // year, 单位：万元 live there).
    let margin = scan.max_thickness_pt / pt + 2.0;
    let mut masked = gray.clone().into_owned();
    for t in &layout.tables {
        let r = to_px(&t.bbox, -margin);
        for y in r.y0..r.y1 {
            let row = y as usize * masked.width as usize;
            masked.data[row + r.x0 as usize..row + r.x1 as usize].fill(255);
        }
    }
    let mut masked_bin = binarize(&masked, threshold);
    let (speck_max, speck_clear) = (px_of(scan.speck_max_pt), px_of(scan.speck_clearance_pt));
    despeckle(&mut masked, &mut masked_bin, speck_max, speck_clear);
    // Paper shown as white: a lamp's falloff or the grey halo of a photo
    // round the painted-over tables made tesseract's page layout take the
    // title for a picture and read nothing there.
    for (g, b) in masked.data.iter_mut().zip(&masked_bin.data) {
        if *b == 255 {
            *g = 255;
        }
    }
    if ink(&masked_bin, full(&masked)) > 0 {
        super::tally::purpose("free");
        let words = if engine.reads_blocks() {
            engine.read(&masked, img.dpi, RegionKind::Free)
        } else {
            free_lines(engine, &masked, &masked_bin, img.dpi, pad_px(scan, pt))
        };
        page.words
            .extend(words.into_iter().filter(keep).map(|w| to_word(w, 0, 0)));
    }

    // Then every cell that holds ink, cut out on its own, rule remnants
    // removed, on a white margin (what tesseract reads best).
    let edge = (scan.max_thickness_pt / pt).ceil() as u32 + 1;
    let pad = pad_px(scan, pt);
    let min_ink = ((scan.min_ink_pt / pt).powi(2)).max(4.0) as usize;
    let mut notes = Vec::new();
    // First every inked cell's crop and its text bands, for the page's line
    // height: lines of a cell can touch (degraded scans), and only the
    // height of one line says a band holds two.
    let mut cells: Vec<CellCut> = Vec::new();
    let rects: Vec<(BBox, PxRect)> = layout
        .tables
        .iter()
        .flat_map(|t| t.cells.iter().map(|c| (c.bbox, to_px(&c.bbox, 1.0))))
        .filter(|(_, r)| r.width() > 2 * edge + 2 && r.height() > 2 * edge + 2)
        .collect();
    let mark_max = px_of(scan.hanging_mark_max_pt);
    let hangs: Vec<(PxRect, Hang)> = rects
        .iter()
        .flat_map(|&(_, r)| {
            hanging_marks(&bin, r, edge, mark_max)
                .into_iter()
                .map(move |h| (r, h))
        })
        .collect();
    for (bbox, r) in rects {
        let (mut crop, mut ink_px) = cell_crop(&gray, &bin, r, edge, pad);
        // A mark hanging over a rule is its line's, on the rule's left:
        // whole in that cell, gone from the cell on the right.
        for (owner, h) in &hangs {
            if *owner == r {
                ink_px += h.paint(&mut crop, &gray, &bin, r, pad);
            } else {
                h.erase_from(&mut crop, r, pad);
            }
        }
        if ink_px < min_ink {
            continue;
        }
        let mut crop_bin = binarize(&crop, threshold);
        // Specks would be read as `1` or `.`, and as lines of their own
        // they would make the page's line height look small.
        if despeckle(&mut crop, &mut crop_bin, speck_max, speck_clear) > 0
            && ink(&crop_bin, full(&crop_bin)) < min_ink
        {
            continue;
        }
        let bands = text_bands(&crop_bin, pad + edge);
        cells.push((bbox, r, crop, crop_bin, bands));
    }
    let mut heights: Vec<u32> = cells
        .iter()
        .flat_map(|(.., b)| b.iter().map(|(y0, y1)| y1 - y0 + 1))
        .collect();
    heights.sort_unstable();
    let line_height = heights.get(heights.len() / 2).copied().unwrap_or(0);
    for (bbox, r, crop, crop_bin, bands) in cells {
        let bands = split_tall_bands(&crop_bin, bands, line_height);
        super::tally::purpose("tickbox");
        let boxes = find_boxes(engine, &crop, &crop_bin, &bands, img.dpi, pad);
        let (mut words, target) = match boxes.is_empty() {
            true => read_lines(
                engine, &crop, &bands, img.dpi, pad, threshold, speck_max, &mut notes,
            ),
            false => (
                read_around(engine, &crop, &bands, &boxes, img.dpi, pad, threshold),
                false,
            ),
        };
        if let Some(first) = words
            .iter_mut()
            .min_by_key(|w| w.rect.y0)
            .filter(|_| target)
        {
            reread_leading_comparator(first, &crop, threshold, &mut notes);
        }
        let inner = crop.height.saturating_sub(2 * pad);
        words.retain(|w| !rule_remnant(w, pad, inner));
        let (dx, dy) = (r.x0 as i64 - pad as i64, r.y0 as i64 - pad as i64);
        let before = page.words.len();
        page.words
            .extend(words.into_iter().filter(keep).map(|w| to_word(w, dx, dy)));
        if page.words.len() == before {
            page.unread.push(bbox);
        }
    }
    ScannedPage {
        page,
        quarter_turns: img.quarter_turns,
        skew_degrees: if skew.abs() >= 0.05 { skew } else { 0.0 },
        notes,
    }
}

/// An engine shown every image softened (`soften`): for bilevel pages.
struct Softened<'e>(&'e mut dyn Engine);

impl Engine for Softened<'_> {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn reads_blocks(&self) -> bool {
        self.0.reads_blocks()
    }
    fn noise_confidence(&self) -> f32 {
        self.0.noise_confidence()
    }
    fn read(&mut self, img: &GrayImage, dpi: f64, kind: RegionKind) -> Vec<OcrWord> {
        self.0.read(&soften(img), dpi, kind)
    }
    fn take_notes(&mut self) -> Vec<String> {
        self.0.take_notes()
    }
}

/// Whether the shape reader may overrule what the engine printed: `=`, `>`
/// and `<` it reads reliably (only the bar of ≥ ≤ escapes it); anything
/// else in front of a number (之, 宇, nothing) is a comparator it could not
/// print.
fn agrees(printed: &str, shape: char) -> bool {
    match printed {
        "=" | "≥" | "≤" => false,
        ">" => shape == '≥',
        "<" => shape == '≤',
        _ => true,
    }
}

/// The white margin around a crop, in pixels.
fn pad_px(scan: &ScanSettings, pt: f64) -> u32 {
    (scan.cell_margin_pt / pt).round() as u32
}

/// Free page text for an engine that reads single lines only: the page's
/// text bands, each cut into pieces where a gap wider than three line
/// heights separates them (a title, `单位：万元` at the right), each piece
/// read as a line. Boxes come back in page pixels.
fn free_lines(
    engine: &mut dyn Engine,
    page: &GrayImage,
    bin: &GrayImage,
    dpi: f64,
    pad: u32,
) -> Vec<OcrWord> {
    let mut out = Vec::new();
    for (y0, y1) in text_bands(bin, 0) {
        let h = y1 - y0 + 1;
        if h < 4 {
            continue;
        }
        let inked = |x: u32| (y0..=y1).any(|y| bin.get(x, y) < 128);
        let mut pieces: Vec<(u32, u32)> = Vec::new();
        for x in 0..bin.width {
            if !inked(x) {
                continue;
            }
            match pieces.last_mut() {
                Some(p) if x - p.1 <= 3 * h => p.1 = x,
                _ => pieces.push((x, x)),
            }
        }
        for (x0, x1) in pieces {
            let (w, top) = (x1 - x0 + 1, y0.saturating_sub(2));
            let bottom = (y1 + 3).min(page.height);
            let mut crop = GrayImage::new(w + 2 * pad, bottom - top + 2 * pad, 255);
            for y in top..bottom {
                for x in x0..=x1 {
                    crop.set(x - x0 + pad, y - top + pad, page.get(x, y));
                }
            }
            for mut word in engine.read(&crop, dpi, RegionKind::Line) {
                word.rect = PxRect {
                    x0,
                    y0: top,
                    x1: x1 + 1,
                    y1: bottom,
                };
                word.symbols.clear();
                out.push(word);
            }
        }
    }
    out
}

fn full(img: &GrayImage) -> PxRect {
    PxRect {
        x0: 0,
        y0: 0,
        x1: img.width,
        y1: img.height,
    }
}

/// The inside of a cell as its own image: `r` (the cell between its rules'
/// centres) copied with a white margin of `pad`, where rows and columns
/// within `edge` of the border that are mostly ink (the rules, a little
/// skewed or blurred) are painted white. Also returns the ink left inside.
fn cell_crop(
    gray: &GrayImage,
    bin: &GrayImage,
    r: PxRect,
    edge: u32,
    pad: u32,
) -> (GrayImage, usize) {
    let (w, h) = (r.width(), r.height());
    let is_ink = |x: u32, y: u32| bin.get(r.x0 + x, r.y0 + y) < 128;
    // Near the border, long straight runs of ink are what is left of the
    // rules (skewed a little, blurred); no glyph stroke is that long.
    let mut erased = vec![false; (w * h) as usize];
    let long_row = (w / 4).max(3 * edge);
    let long_col = (h / 2).max(3 * edge);
    let mut erase_runs = |along: u32, across: u32, horizontal: bool, long: u32| {
        for i in (0..edge.min(across)).chain(across.saturating_sub(edge)..across) {
            let mut run = 0;
            for j in 0..=along {
                let (x, y) = if horizontal { (j, i) } else { (i, j) };
                if j < along && is_ink(x, y) {
                    run += 1;
                    continue;
                }
                if run >= long {
                    for k in j - run..j {
                        let (x, y) = if horizontal { (k, i) } else { (i, k) };
                        erased[(y * w + x) as usize] = true;
                    }
                }
                run = 0;
            }
        }
    };
    erase_runs(w, h, true, long_row);
    erase_runs(h, w, false, long_col);
    // Noise and JPEG break a rule into dashes too short for a run: a border
    // row that is still inked over a sixth of its length is rule. Only the
    // outer half of the border zone, and only the rows that touch the rule:
    // a row of glyph tops set tight under a top rule (3 px below it at 200
    // dpi, a merged goal cell: inside the rim) is just as inked, but a paper
    // row parts it from the rule.
    let rim = edge / 2 + 1;
    let row_inked = |y: u32| (0..w).filter(|&x| is_ink(x, y)).count() * 6 >= w as usize;
    let top = rule_band(0..rim.min(h), row_inked);
    let bottom = rule_band((h.saturating_sub(rim)..h).rev(), row_inked);
    for y in top.into_iter().chain(bottom) {
        (0..w).for_each(|x| erased[(y * w + x) as usize] = true);
    }
    // Columns: thinner still, right-aligned amounts end close to the rule.
    let rim = edge / 3 + 1;
    let column_inked = |x: u32| (0..h).filter(|&y| is_ink(x, y)).count() * 6 >= h as usize;
    let left = rule_band(0..rim.min(w), column_inked);
    let right = rule_band((w.saturating_sub(rim)..w).rev(), column_inked);
    for x in left.into_iter().chain(right) {
        (0..h).for_each(|y| erased[(y * w + x) as usize] = true);
    }
    erase_hairlines(&mut erased, w, h, edge, &is_ink);
    // A pixel next to an erased one on the border side is the rule's blur.
    let keep = |x: u32, y: u32| {
        !erased[(y * w + x) as usize]
            && !(y > 0 && y < edge && erased[((y - 1) * w + x) as usize])
            && !(y + 1 < h && y + edge >= h && erased[((y + 1) * w + x) as usize])
            && !(x > 0 && x < edge && erased[(y * w + x - 1) as usize])
            && !(x + 1 < w && x + edge >= w && erased[(y * w + x + 1) as usize])
    };
    let mut out = GrayImage::new(w + 2 * pad, h + 2 * pad, 255);
    let mut ink_px = 0;
    for y in 0..h {
        for x in 0..w {
            // Near the border only ink is copied: the rules' faint
            // anti-aliased fringe would read as one more line of text.
            let near_border = x < edge || y < edge || x + edge >= w || y + edge >= h;
            if keep(x, y) && (is_ink(x, y) || !near_border) {
                ink_px += usize::from(is_ink(x, y));
                out.set(x + pad, y + pad, gray.get(r.x0 + x, r.y0 + y));
            }
        }
    }
    (out, ink_px)
}

/// A mark hanging over a cell's right rule: Chinese typesetting lets a
/// line-final `。`, `，` or `、` run past the margin rather than start the
/// next line (Word's and WPS's 标点溢出边界), and a narrow cell padding puts
/// it on the rule. Cut at the rule, its left part is erased with the rule's
/// fringe and its right part is read in the next cell (`，20万…`).
/// Pixels in page coordinates.
#[derive(Debug, PartialEq)]
struct Hang {
    /// The rule's inked columns, first and last.
    rule: (u32, u32),
    /// The mark's rows, first and last.
    rows: (u32, u32),
    /// The mark's ink on either side of the rule.
    ink: Vec<(u32, u32)>,
}

impl Hang {
    /// Puts the whole mark into the crop of the cell left of the rule
    /// (`r`, margin `pad`); inside the rule only the rows where the mark's
    /// stroke crosses it (ink on both sides) keep their pixels. Returns the
    /// ink pixels added.
    fn paint(
        &self,
        crop: &mut GrayImage,
        gray: &GrayImage,
        bin: &GrayImage,
        r: PxRect,
        pad: u32,
    ) -> usize {
        let mut put = |x: u32, y: u32, v: u8| {
            let (cx, cy) = ((x + pad).wrapping_sub(r.x0), (y + pad).wrapping_sub(r.y0));
            if cx < crop.width && cy < crop.height {
                crop.set(cx, cy, v);
            }
        };
        for &(x, y) in &self.ink {
            put(x, y, gray.get(x, y));
        }
        let (a, b) = self.rule;
        let mut crossing = 0;
        for y in self.rows.0..=self.rows.1 {
            let through = bin.is_ink(a - 1, y) && bin.is_ink(b + 1, y);
            crossing += usize::from(through);
            for x in a..=b {
                put(x, y, if through { gray.get(x, y) } else { 255 });
            }
        }
        self.ink.len() + crossing * (b - a + 1) as usize
    }

    /// Whitens the mark's ink inside another cell's crop.
    fn erase_from(&self, crop: &mut GrayImage, r: PxRect, pad: u32) {
        for &(x, y) in &self.ink {
            if (r.x0..r.x1).contains(&x) && (r.y0..r.y1).contains(&y) {
                crop.set(x - r.x0 + pad, y - r.y0 + pad, 255);
            }
        }
    }
}

/// The marks hanging over the right rule of cell `r` (page pixels, between
/// the rules' centres): ink that touches the rule from both sides, away
/// from the cell's corners, with nothing else joined to it within `edge`
/// of the rule, and no larger than `max` either way with the rule's width.
/// A character touching the rule is larger; one touching it from one side
/// only is not hanging.
fn hanging_marks(bin: &GrayImage, r: PxRect, edge: u32, max: u32) -> Vec<Hang> {
    let (y0, y1) = (r.y0 + edge, r.y1.saturating_sub(edge));
    let (sx0, sx1) = (
        r.x1.saturating_sub(edge),
        (r.x1 + 2 + edge).min(bin.width - 1),
    );
    if y1 <= y0 + 2 || sx0 == 0 || sx1 <= sx0 + 4 {
        return Vec::new();
    }
    // The rule: the inked columns nearest the cell's edge, each inked over
    // half the cell's height.
    let ruled = |x: u32| (y0..y1).filter(|&y| bin.is_ink(x, y)).count() * 2 >= (y1 - y0) as usize;
    let Some(centre) = (sx0 + 1..sx1)
        .filter(|&x| ruled(x))
        .min_by_key(|&x| x.abs_diff(r.x1 + 1))
    else {
        return Vec::new();
    };
    let mut a = centre;
    while a > sx0 + 1 && ruled(a - 1) {
        a -= 1;
    }
    let mut b = centre;
    while b + 1 < sx1 && ruled(b + 1) {
        b += 1;
    }
    // Components of the strip's ink outside the rule, with whether they
    // touch the rule's left or right side or the strip's bounds.
    let (w, h) = (sx1 - sx0 + 1, y1 - y0);
    let mut seen = vec![false; (w * h) as usize];
    // A component's pixels, and whether it touches the rule's left side,
    // its right side.
    type Part = (Vec<(u32, u32)>, bool, bool);
    let mut parts: Vec<Part> = Vec::new();
    for sy in y0..y1 {
        for sx in sx0..=sx1 {
            if (a..=b).contains(&sx)
                || seen[((sy - y0) * w + sx - sx0) as usize]
                || !bin.is_ink(sx, sy)
            {
                continue;
            }
            let mut stack = vec![(sx, sy)];
            seen[((sy - y0) * w + sx - sx0) as usize] = true;
            let mut px = Vec::new();
            let mut bounded = true;
            while let Some((x, y)) = stack.pop() {
                px.push((x, y));
                bounded &= x > sx0 && x < sx1 && y > y0 && y + 1 < y1;
                for (dx, dy) in NEIGHBOURS_8 {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < sx0 as i64 || nx > sx1 as i64 || ny < y0 as i64 || ny >= y1 as i64 {
                        continue;
                    }
                    let (nx, ny) = (nx as u32, ny as u32);
                    let i = ((ny - y0) * w + nx - sx0) as usize;
                    if !(a..=b).contains(&nx) && !seen[i] && bin.is_ink(nx, ny) {
                        seen[i] = true;
                        stack.push((nx, ny));
                    }
                }
            }
            let left = px.iter().any(|&(x, _)| x + 1 == a);
            let right = px.iter().any(|&(x, _)| x == b + 1);
            if bounded && (left || right) {
                parts.push((px, left, right));
            }
        }
    }
    let rows = |px: &[(u32, u32)]| {
        let lo = px.iter().map(|p| p.1).min().unwrap_or(0);
        (lo, px.iter().map(|p| p.1).max().unwrap_or(0))
    };
    let mut out = Vec::new();
    for (l, ..) in parts.iter().filter(|p| p.1 && !p.2) {
        for (rp, ..) in parts.iter().filter(|p| p.2 && !p.1) {
            let (lr, rr) = (rows(l), rows(rp));
            let top = lr.0.min(rr.0);
            let bottom = lr.1.max(rr.1);
            let overlap = lr.1.min(rr.1) as i64 - lr.0.max(rr.0) as i64 + 1;
            let shorter = (lr.1 - lr.0 + 1).min(rr.1 - rr.0 + 1) as i64;
            let x_from = l.iter().map(|p| p.0).min().unwrap_or(a);
            let x_to = rp.iter().map(|p| p.0).max().unwrap_or(b);
            // Each part reaches away from the rule and is more than a
            // row or two tall: a rule's ragged fringe (bilevel, JPEG) is
            // a pixel or two on either side.
            let reach = (max / 5).max(3);
            let sized = x_from + reach <= a && x_to >= b + reach && shorter >= 3;
            if sized
                && overlap * 2 >= shorter
                && (bottom - top + 1) * 3 >= max
                && bottom - top < max
                && x_to - x_from < max
            {
                let mut ink = l.clone();
                ink.extend_from_slice(rp);
                out.push(Hang {
                    rule: (a, b),
                    rows: (top, bottom),
                    ink,
                });
            }
        }
    }
    out
}

/// The rows (or columns) of a rule's band among `from_border` (the rim's,
/// border first): the `inked` ones from the border on, up to the first
/// that is not. Past paper, or with paper at the border (the rule lies
/// outside the crop), ink is text however much of it there is.
fn rule_band(from_border: impl Iterator<Item = u32>, inked: impl Fn(u32) -> bool) -> Vec<u32> {
    from_border.take_while(|&i| inked(i)).collect()
}

/// Ink left of a rule's edge along the border: dashes one or two pixels
/// across, running along the rule, with nothing joining them to the cell's
/// text (a bilevel scan breaks a skewed rule's fringe into such dashes; as
/// lines of their own they were read as `1`). A component of the cell's ink
/// (8-neighbours, not yet `erased`) that lies wholly within the rim (the
/// outer third of `edge` beside a side rule, the outer half beside a top or
/// bottom one: the zones `cell_crop` already takes for rule; a glyph's
/// stroke broken off by noise, 月's in 肺 at 200 dpi, sits further in) and
/// is at most 2 px thick across the rule, and at least 3 px along it
/// (shorter is a speck: `despeckle`'s), is marked erased.
fn erase_hairlines(
    erased: &mut [bool],
    w: u32,
    h: u32,
    edge: u32,
    is_ink: &dyn Fn(u32, u32) -> bool,
) {
    let (side, top) = (edge / 3 + 1, edge / 2 + 1);
    let near = |x: u32, y: u32| x < side || y < top || x + side >= w || y + top >= h;
    let mut seen = vec![false; (w * h) as usize];
    let mut stack = Vec::new();
    let mut component = Vec::new();
    // The rim's pixels only: whole rows at the top and bottom, the outer
    // columns in between.
    let zone = (0..h).flat_map(|y| {
        let whole = y < top || y + top >= h;
        let (a, b) = if whole || 2 * side >= w {
            (w, w)
        } else {
            (side, w - side)
        };
        (0..a).chain(b..w).map(move |x| (x, y))
    });
    for (sx, sy) in zone {
        let i = (sy * w + sx) as usize;
        if seen[i] || erased[i] || !is_ink(sx, sy) {
            continue;
        }
        seen[i] = true;
        stack.push((sx, sy));
        component.clear();
        let (mut x0, mut y0, mut x1, mut y1) = (sx, sy, sx, sy);
        let mut inside = true;
        while let Some((x, y)) = stack.pop() {
            component.push((x, y));
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            // Ink beyond the rim is the text's: the component is not a
            // hairline, and it need not be followed further.
            if !near(x, y) {
                inside = false;
                continue;
            }
            for (dx, dy) in NEIGHBOURS_8 {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                    continue;
                }
                let (nx, ny) = (nx as u32, ny as u32);
                let j = (ny * w + nx) as usize;
                if !seen[j] && !erased[j] && is_ink(nx, ny) {
                    seen[j] = true;
                    stack.push((nx, ny));
                }
            }
        }
        let (cw, ch) = (x1 - x0 + 1, y1 - y0 + 1);
        let beside_side = x1 < side || x0 + side >= w;
        let beside_top = y1 < top || y0 + top >= h;
        let hairline = (beside_side && cw <= 2 && ch >= 3) || (beside_top && ch <= 2 && cw >= 3);
        if inside && hairline {
            for &(x, y) in &component {
                erased[(y * w + x) as usize] = true;
            }
        }
    }
}

/// Reads a cell crop line by line; also says whether the cell reads as an
/// indicator target (`target_shaped`), the only cells whose comparators
/// are read again from their glyphs. Tesseract's own line finder merges the
/// tightly spaced lines of these forms and then drops one of them (`2024年12
/// 月底` | `前完成` came back as the first line only), so the lines are cut
/// here, from the crop's row profile, and each is read as one line.
fn read_lines(
    engine: &mut dyn Engine,
    crop: &GrayImage,
    bands: &[(u32, u32)],
    dpi: f64,
    pad: u32,
    threshold: u8,
    speck_max: u32,
    notes: &mut Vec<String>,
) -> (Vec<OcrWord>, bool) {
    let mut read = Vec::new();
    super::tally::purpose("line");
    for &(y0, y1) in bands {
        let top = y0.saturating_sub(2);
        let bottom = (y1 + 3).min(crop.height);
        // Only the line's inked width (and a margin): engines spend their
        // time in proportion to the width they are given.
        let inked = |x: u32| (y0..=y1).any(|y| crop.get(x, y) <= threshold);
        let Some(first) = (0..crop.width).find(|&x| inked(x)) else {
            continue;
        };
        let last = (0..crop.width).rev().find(|&x| inked(x)).unwrap_or(first);
        let left = first.saturating_sub(pad);
        let right = (last + 1 + pad).min(crop.width);
        let width = right - left;
        let mut line = GrayImage::new(width, bottom - top + 2 * pad, 255);
        for y in top..bottom {
            let src = y as usize * crop.width as usize + left as usize;
            let dst = (y - top + pad) as usize * width as usize;
            line.data[dst..dst + width as usize]
                .copy_from_slice(&crop.data[src..src + width as usize]);
        }
        let mut words = engine.read(&line, dpi, RegionKind::Line);
        // A doubted line of faint ink is read again darkened, and that
        // reading kept when it is far surer; the ink readers below (specks,
        // comparators) judge the line as scanned.
        let sure = super::engine::least_confidence;
        if sure(&words) < FAINT_REREAD_BELOW
            && let Some(dark) = darken_faint_ink(&line, FAINT_INK_SHARE, FAINT_INK_LEVEL)
        {
            let again = engine.read(&dark, dpi, RegionKind::Line);
            if !again.is_empty() && sure(&again) >= sure(&words) + FAINT_MIN_GAIN {
                words = again;
            }
        }
        notes.extend(engine.take_notes());
        for mut w in words {
            drop_edge_specks(&mut w, &line, threshold, speck_max, notes);
            super::crowd::drop_crowded_twins(&mut w, notes);
            reread_open_fours(&mut w, &line, threshold, notes);
            read.push((w, line.clone(), top, left));
        }
    }
    // Comparators are read from glyph shapes only in a cell that reads as
    // an indicator target: in a goal (`到2027年，全区…`) or a name the
    // first glyph is a character, whatever its strokes look like.
    let text: String = read.iter().map(|(w, ..)| w.text.as_str()).collect();
    let target = target_shaped(&text);
    // A target stated after a condition (`…，抽查符合率之95%`): only the
    // sign before its number.
    let inline = target || target_clause_at_end(&text);
    let mut out = Vec::new();
    for (mut w, line, top, left) in read {
        if inline {
            reread_comparators(&mut w, &line, threshold, notes);
        }
        let shift = |v: u32| (v + top).saturating_sub(pad);
        w.rect.y0 = shift(w.rect.y0);
        w.rect.y1 = shift(w.rect.y1);
        w.rect.x0 += left;
        w.rect.x1 += left;
        out.push(w);
    }
    (out, target)
}

/// A line of faint ink read with less confidence than this is read again
/// darkened (`image::darken_faint_ink`)...
const FAINT_REREAD_BELOW: f32 = 0.9;
/// ...and the darkened reading is kept when it is at least this much
/// surer. Measured on every variant: readings the darkening rescued gained
/// 0.4–0.7 (`(5)` → `(元)` 0.21 → 0.93, `=` → `=46个`); the ones it got
/// wrong gained less (`≤85` → `<85` 0.25, `300` → `800` 0.003), as did most
/// that changed nothing.
const FAINT_MIN_GAIN: f32 = 0.3;
/// A line's ink is faint when its darkest `FAINT_INK_SHARE` of pixels
/// (its strokes' cores) is no darker than `FAINT_INK_LEVEL`: black text
/// scanned at 200–300 dpi has cores under 50.
const FAINT_INK_SHARE: f64 = 0.01;
const FAINT_INK_LEVEL: u8 = 80;

/// A band over 1.6 lines tall holds touching lines: it is cut where the
/// ink is thinnest near each line boundary.
fn split_tall_bands(bin: &GrayImage, bands: Vec<(u32, u32)>, line: u32) -> Vec<(u32, u32)> {
    if line < 4 {
        return bands;
    }
    let row_ink = |y: u32| {
        let row = y as usize * bin.width as usize;
        bin.data[row..row + bin.width as usize]
            .iter()
            .filter(|&&v| v < 128)
            .count()
    };
    let mut out = Vec::new();
    for (y0, y1) in bands {
        let h = y1 - y0 + 1;
        if h * 5 < line * 8 {
            out.push((y0, y1));
            continue;
        }
        let n = ((h as f64 / line as f64).round() as u32).max(2);
        let mut start = y0;
        for k in 1..n {
            let guess = y0 + h * k / n;
            let reach = line / 4;
            let cut = (guess.saturating_sub(reach).max(start + 1)..=(guess + reach).min(y1 - 1))
                .min_by_key(|&y| (row_ink(y), y.abs_diff(guess)))
                .unwrap_or(guess);
            out.push((start, cut));
            start = cut + 1;
        }
        out.push((start, y1));
    }
    out
}

/// Marks a speck is read as at the end of a line (`年度目标.`). Not `，`,
/// `、` (nor `,`, which punctuation repair makes `，` beside Chinese): a wrapped
/// line of prose ends in them, and at 200 dpi a real `、` is as small as a
/// speck (a seal scan lost 记录、案件's `、` to this).
const TAIL_SPECKS: &[char] = &['.', '·', '\'', '`', '‘', '’', '．'];
/// Marks a speck is read as at the start of a line (`1特定目标类`, `1≥85.00(%)`).
const HEAD_SPECKS: &[char] = &[
    '1', 'l', 'I', '|', 'i', '.', ',', '·', '、', '\'', '`', '‘', '’', '，', '．',
];

/// A mark at a line's start or end that is only a speck near the text: dust
/// too close to the characters for `despeckle` (which must keep a decimal
/// point or `。` beside its text) that the engine read as `.` or `1`. It is
/// dropped when three things agree: the context (a mark after the last
/// Chinese character, or a mark before Chinese or a comparator; never
/// beside a digit, so `0.5` and `.5` stay), the geometry (the line's
/// outermost ink, apart from the rest, is no larger than a speck either way;
/// a real `1` is a line tall, a real `。` a ring), and the engine's own
/// doubt (the mark is read less surely than the line's median character).
fn drop_edge_specks(
    w: &mut OcrWord,
    line: &GrayImage,
    threshold: u8,
    max: u32,
    notes: &mut Vec<String>,
) {
    let chars: Vec<char> = w.text.chars().collect();
    if chars.len() < 2 {
        return;
    }
    let confidences = (w.char_confidences.len() == chars.len()).then_some(&w.char_confidences);
    let doubted = |i: usize| {
        confidences.is_none_or(|c| {
            let mut others: Vec<f32> = c
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, &v)| v)
                .collect();
            others.sort_by(f32::total_cmp);
            c[i] < others[others.len() / 2]
        })
    };
    let runs = ink_runs(line, threshold);
    if runs.len() < 2 {
        return;
    }
    let speck = |&(x0, x1): &(u32, u32)| {
        let rows: Vec<u32> = (0..line.height)
            .filter(|&y| (x0..=x1).any(|x| line.get(x, y) <= threshold))
            .collect();
        let height = rows.last().map_or(0, |b| b - rows[0] + 1);
        x1 - x0 < max && height <= max
    };
    let comparator = |c: char| matches!(c, '≥' | '≤' | '>' | '<' | '=' | '⩾' | '⩽');
    let before = w.text.clone();
    let last = chars.len() - 1;
    let tail = TAIL_SPECKS.contains(&chars[last])
        && crate::grid::is_cjk(chars[last - 1])
        && doubted(last)
        && speck(runs.last().unwrap());
    let head = HEAD_SPECKS.contains(&chars[0])
        && (crate::grid::is_cjk(chars[1]) || comparator(chars[1]))
        && doubted(0)
        && speck(&runs[0]);
    let (from, to) = (usize::from(head), if tail { last } else { last + 1 });
    if from == 0 && to == chars.len() {
        return;
    }
    w.text = chars[from..to].iter().collect();
    if confidences.is_some() {
        w.char_confidences = w.char_confidences[from..to].to_vec();
    }
    if w.symbols.len() == chars.len() {
        w.symbols = w.symbols[from..to].to_vec();
    }
    notes.push(format!(
        "repaired: {before:?} → {:?} (a speck beside the text read as a mark)",
        w.text
    ));
}

/// The eight pixels around one, for flood fills.
const NEIGHBOURS_8: [(i64, i64); 8] = [
    (-1, -1),
    (0, -1),
    (1, -1),
    (-1, 0),
    (1, 0),
    (-1, 1),
    (0, 1),
    (1, 1),
];

/// What an engine prints for a `4` whose thin diagonal a bilevel scan
/// lost: the stem and the bar are left, a cross (`数据库+个`).
const OPEN_FOUR_STAND_INS: &[char] = &['+', '十', '↓', '†', 't'];

/// A cross read where a `4` stands, made right from the glyph's shape: a
/// `+` or `十` crosses its bar at the middle (十's bar above it), a 4 that
/// lost its diagonal crosses it right of the middle and in the lower part.
/// Only a stand-in the engine doubted (below the line's median), and only
/// when the line's cross-shaped glyphs (a stem and a bar and little else)
/// pair one to one with the stand-ins read.
fn reread_open_fours(w: &mut OcrWord, line: &GrayImage, threshold: u8, notes: &mut Vec<String>) {
    let chars: Vec<char> = w.text.chars().collect();
    if chars.len() < 2 || w.char_confidences.len() != chars.len() {
        return;
    }
    let stand_ins: Vec<usize> = (0..chars.len())
        .filter(|&i| OPEN_FOUR_STAND_INS.contains(&chars[i]))
        .collect();
    if stand_ins.is_empty() {
        return;
    }
    let mut sorted = w.char_confidences.clone();
    sorted.sort_by(f32::total_cmp);
    let median = sorted[sorted.len() / 2];
    let crosses: Vec<(f64, f64)> = ink_runs(line, threshold)
        .into_iter()
        .filter_map(|run| cross_shape(line, threshold, run))
        .collect();
    if crosses.len() != stand_ins.len() {
        return;
    }
    let before = w.text.clone();
    let mut fixed = chars.clone();
    for (&i, &(bar, stem)) in stand_ins.iter().zip(&crosses) {
        if w.char_confidences[i] < median && bar >= 0.62 && stem >= 0.6 {
            fixed[i] = '4';
        }
    }
    if fixed != chars {
        w.text = fixed.into_iter().collect();
        notes.push(format!(
            "repaired: {before:?} → {:?} (a 4 whose diagonal the scan lost, read from the \
             glyph's shape)",
            w.text
        ));
    }
}

/// A glyph (a run of inked columns) that is a stem and a bar crossing,
/// with little else: where the bar and the stem cross, as shares of its
/// height (0 top) and width (0 left). `None` for any other shape.
fn cross_shape(line: &GrayImage, threshold: u8, (x0, x1): (u32, u32)) -> Option<(f64, f64)> {
    let ink = |x: u32, y: u32| line.get(x, y) <= threshold;
    let rows: Vec<u32> = (0..line.height)
        .filter(|&y| (x0..=x1).any(|x| ink(x, y)))
        .collect();
    let (top, bottom) = (*rows.first()?, *rows.last()?);
    let (width, height) = (x1 - x0 + 1, bottom - top + 1);
    if width < 5 || height < 8 {
        return None;
    }
    let bar: Vec<u32> = (top..=bottom)
        .filter(|&y| (x0..=x1).filter(|&x| ink(x, y)).count() as u32 * 5 >= width * 4)
        .collect();
    let stem: Vec<u32> = (x0..=x1)
        .filter(|&x| (top..=bottom).filter(|&y| ink(x, y)).count() as u32 * 10 >= height * 7)
        .collect();
    if bar.is_empty() || stem.is_empty() || bar.len() * 4 > height as usize {
        return None;
    }
    let (mut total, mut other) = (0, 0);
    for y in top..=bottom {
        for x in x0..=x1 {
            if ink(x, y) {
                total += 1;
                other += usize::from(!bar.contains(&y) && !stem.contains(&x));
            }
        }
    }
    if other * 4 > total {
        return None;
    }
    let mean = |v: &[u32]| v.iter().sum::<u32>() as f64 / v.len() as f64;
    Some((
        (mean(&bar) - top as f64) / (height - 1) as f64,
        (mean(&stem) - x0 as f64) / (width - 1) as f64,
    ))
}

/// Runs of inked columns of a line image, left to right.
fn ink_runs(line: &GrayImage, threshold: u8) -> Vec<(u32, u32)> {
    let inked = |x: u32| (0..line.height).any(|y| line.get(x, y) <= threshold);
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for x in 0..line.width {
        if !inked(x) {
            continue;
        }
        match runs.last_mut() {
            Some(r) if r.1 + 1 == x => r.1 = x,
            _ => runs.push((x, x)),
        }
    }
    runs
}

/// The first line's leading comparator, read from its glyph: `之90%`,
/// `>186` (the bar missed), or `300.00(小时)` with the sign dropped.
fn reread_leading_comparator(
    first: &mut OcrWord,
    crop: &GrayImage,
    threshold: u8,
    notes: &mut Vec<String>,
) {
    let Some(at) = comparator_prefix(&first.text) else {
        return;
    };
    // At 200 dpi blur closes the gap between ⩾'s bar and its lower arm;
    // darker thresholds keep only the strokes' cores and open it again.
    // With nothing printed before the digits only the page threshold
    // counts, and only a barred sign (a digit's strokes at a dark
    // threshold can look like a chevron).
    let printed = !first.text[..at].trim().is_empty();
    let thresholds: &[u8] = if printed { &DARKER } else { &DARKER[..1] };
    let outline = binarize(crop, threshold);
    let shapes: Vec<char> = thresholds
        .iter()
        .filter_map(|&k| {
            let t = (threshold as u32 * k as u32 / 100) as u8;
            read_comparator_at(&outline, &binarize(crop, t), first.rect)
        })
        .collect();
    let shape = shapes
        .iter()
        .copied()
        .find(|c| matches!(c, '≥' | '≤'))
        .or(shapes.first().copied())
        .filter(|c| printed || matches!(c, '≥' | '≤'));
    if let Some(c) = shape.filter(|&c| agrees(first.text[..at].trim(), c))
        && first.text[..at] != *c.to_string()
    {
        let fixed = format!("{c}{}", &first.text[at..]);
        notes.push(format!(
            "repaired: {:?} → {fixed:?} (comparator read from the glyph's shape; \
                 the engine cannot output ≥ ≤)",
            first.text
        ));
        first.text = fixed;
    }
}

/// Thresholds (percent of the page's) at which a comparator's strokes are
/// read: blur joins ⩾'s bar to its lower arm at the page's threshold.
const DARKER: [u8; 4] = [100, 85, 75, 65];

/// Characters an engine prints for a ≥ or ≤ it cannot output, or for
/// one whose bar it missed.
const COMPARATOR_STAND_INS: &[&str] = &["之", "宇", "全", "三", "二", "字", ">", "<"];

/// Digits an engine prints for a ≥ or ≤ it took for one (`295%` for
/// `⩾95%` on samples/scanned's seal scan): a number's first digit, and
/// only the line's first glyph, so each is read again by its shape.
const DIGIT_STAND_INS: &[&str] = &["2"];

/// Inside a line (`合格率之95%`, `出院后<7(天)`), a stand-in right before
/// a digit is read again from its glyph, using the engine's symbol boxes.
/// The line's start is `comparator_prefix`'s job, except for a digit
/// stand-in that is the line's first glyph: a sign read as a digit
/// (`295%`) is replaced, where `comparator_prefix` can only put a dropped
/// sign before the number.
fn reread_comparators(w: &mut OcrWord, line: &GrayImage, threshold: u8, notes: &mut Vec<String>) {
    let syms = &w.symbols;
    let mut fixes: Vec<(String, usize, char)> = Vec::new();
    for i in 0..syms.len().saturating_sub(1) {
        let (t, r) = &syms[i];
        let next_digit = syms[i + 1].0.starts_with(|c: char| c.is_ascii_digit());
        let stand_in = match i {
            0 => DIGIT_STAND_INS.contains(&t.as_str()) && first_glyph(line, threshold, r),
            _ => COMPARATOR_STAND_INS.contains(&t.as_str()),
        };
        if !next_digit || !stand_in {
            continue;
        }
        let glyph = PxRect {
            x0: r.x0.saturating_sub(1),
            y0: r.y0.min(syms[i + 1].1.y0),
            x1: syms[i + 1].1.x0,
            y1: r.y1.max(syms[i + 1].1.y1),
        };
        let outline = binarize(line, threshold);
        let shape = DARKER
            .iter()
            .filter_map(|&k| {
                let t = (threshold as u32 * k as u32 / 100) as u8;
                read_comparator_at(&outline, &binarize(line, t), glyph)
            })
            .max_by_key(|c| matches!(c, '≥' | '≤'));
        // A digit's strokes can look like a bare chevron, never like one
        // with a bar under it.
        let shape = shape.filter(|&c| i > 0 || matches!(c, '≥' | '≤'));
        if let Some(c) = shape.filter(|&c| agrees(t, c) && c.to_string() != *t) {
            // Which occurrence of this stand-in, counting in the symbols.
            let nth = syms[..i].iter().filter(|(s, _)| s == t).count();
            fixes.push((t.clone(), nth, c));
        }
    }
    // Last first: a replacement must not shift the count of a later one.
    for (t, nth, c) in fixes.into_iter().rev() {
        if let Some((at, _)) = w.text.match_indices(t.as_str()).nth(nth) {
            let before = w.text.clone();
            w.text.replace_range(at..at + t.len(), &c.to_string());
            notes.push(format!(
                "repaired: {before:?} → {:?} (comparator read from the glyph's shape; \
                 the engine cannot output ≥ ≤)",
                w.text
            ));
        }
    }
}

/// Whether the symbol box `r` holds the first glyph of `line` (its first
/// run of inked columns): a sign the engine read as a digit is the line's
/// first glyph, where a sign it dropped leaves the digit second.
fn first_glyph(line: &GrayImage, threshold: u8, r: &PxRect) -> bool {
    ink_runs(line, threshold)
        .first()
        .is_some_and(|&(x0, x1)| r.x0 <= x0 + 1 && x1 < r.x1 + 2)
}

/// Rows of text in a binarised crop: runs of inked rows, with slivers (a
/// stroke of 一 alone, specks) joined to the nearest line, or dropped when
/// no line is near.
fn text_bands(bin: &GrayImage, margin: u32) -> Vec<(u32, u32)> {
    let inked = |y: u32| {
        let row = y as usize * bin.width as usize;
        bin.data[row..row + bin.width as usize]
            .iter()
            .any(|&v| v < 128)
    };
    let mut bands: Vec<(u32, u32)> = Vec::new();
    for y in 0..bin.height {
        if inked(y) {
            match bands.last_mut() {
                Some(b) if b.1 + 1 == y => b.1 = y,
                _ => bands.push((y, y)),
            }
        }
    }
    if bands.len() <= 1 {
        return bands;
    }
    let mut heights: Vec<u32> = bands.iter().map(|b| b.1 - b.0 + 1).collect();
    heights.sort_unstable();
    let typical = heights[heights.len() / 2].max(heights[heights.len() - 1] / 2);
    // Slivers at the very top or bottom are what is left of a rule: dropped.
    let h = bin.height;
    bands.retain(|b| (b.1 - b.0 + 1) * 3 >= typical || (b.0 >= margin && b.1 + margin < h));
    if bands.len() <= 1 {
        return bands;
    }
    // Join a band shorter than half a line to its nearer neighbour.
    while let Some(i) = bands.iter().position(|b| (b.1 - b.0 + 1) * 2 < typical) {
        if bands.len() == 1 {
            break;
        }
        let gap_up = (i > 0).then(|| bands[i].0 - bands[i - 1].1);
        let gap_down = (i + 1 < bands.len()).then(|| bands[i + 1].0 - bands[i].1);
        // A sliver a line or more away from any text belongs to none: noise
        // (joined, it would stretch a line over the empty page below it).
        if gap_up.into_iter().chain(gap_down).all(|g| g > typical) {
            bands.remove(i);
            if bands.len() <= 1 {
                break;
            }
            continue;
        }
        let j = match (gap_up, gap_down) {
            (Some(u), Some(d)) => {
                if u <= d {
                    i - 1
                } else {
                    i + 1
                }
            }
            (Some(_), None) => i - 1,
            _ => i + 1,
        };
        let (a, b) = (i.min(j), i.max(j));
        bands[a] = (bands[a].0, bands[b].1);
        bands.remove(b);
    }
    bands
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
/// low-confidence Latin letters and symbols, or as Japanese kana (never on
/// these forms); Chinese text and digits are kept whatever their confidence
/// (a repair may still fix them).
/// A word read from what is left of a rule inside a cell: a hairline the
/// scanner broke into dashes, or that a leftover skew moved into the crop,
/// comes back as `---—`, `:__—-` or `一`. Such a word is only dash-like
/// marks (and colons), and either mixes them (no value prints `-—`) or sits in the outer
/// quarter of the cell's height, where a rule runs and a value's `—` does
/// not (text is centred or top-aligned with a margin). `pad` is the crop's
/// white margin, `inner` the cell's height in the crop (pixels).
fn rule_remnant(w: &OcrWord, pad: u32, inner: u32) -> bool {
    let marks: Vec<char> = w.text.chars().filter(|c| !c.is_whitespace()).collect();
    let dash = |c: &char| {
        matches!(
            c,
            '-' | '_' | '—' | '–' | '―' | '─' | '·' | '.' | '一' | '~' | '¯' | ':' | '：'
        )
    };
    if marks.is_empty() || !marks.iter().all(dash) {
        return false;
    }
    let mixed = marks.iter().any(|c| *c != marks[0]);
    let centre = (w.rect.y0 + w.rect.y1) as f64 / 2.0 - pad as f64;
    let h = inner.max(1) as f64;
    mixed || centre < 0.25 * h || centre > 0.75 * h
}

fn plausible(w: &OcrWord, min_confidence: f32) -> bool {
    if w.text.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF)) {
        return false;
    }
    if w.confidence >= min_confidence {
        return true;
    }
    w.text
        .chars()
        .any(|c| crate::grid::is_cjk(c) || c.is_ascii_digit())
}

#[cfg(test)]
mod remnant_tests {
    use super::*;

    fn word(text: &str, y0: u32, y1: u32) -> OcrWord {
        OcrWord {
            text: text.into(),
            rect: PxRect {
                x0: 10,
                y0,
                x1: 90,
                y1,
            },
            confidence: 0.9,
            symbols: Vec::new(),
            char_confidences: Vec::new(),
        }
    }

    /// Dashes read off a rule go; a value's dash, centred, and any word
    /// with a letter, digit or ideograph other than 一 stay.
    #[test]
    fn rule_remnants_and_values() {
        // Crop: 10 px margin, 60 px of cell.
        for (text, y0, y1, gone) in [
            ("---—", 30, 40, true),
            ("__·_—", 35, 45, true),
            ("一", 62, 68, true),
            (":__—-", 60, 68, true),
            ("—", 35, 45, false),
            ("——", 33, 47, false),
            ("-", 36, 42, false),
            ("一般", 62, 68, false),
            ("-5%", 64, 70, false),
        ] {
            assert_eq!(rule_remnant(&word(text, y0, y1), 10, 60), gone, "{text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An engine that reads nothing anywhere (ink it cannot make out).
    struct Blind;

    impl Engine for Blind {
        fn name(&self) -> &'static str {
            "blind"
        }
        fn read(&mut self, _: &GrayImage, _: f64, _: RegionKind) -> Vec<OcrWord> {
            Vec::new()
        }
    }

    #[test]
    fn a_cell_whose_ink_reads_as_nothing_is_marked_unread() {
        // A 2×2 table at 72 dpi (a pixel a point): ink in the lower right
        // cell only.
        let mut gray = GrayImage::new(300, 200, 255);
        let rules = vec![
            Segment::horizontal(20.0, 20.0, 280.0),
            Segment::horizontal(100.0, 20.0, 280.0),
            Segment::horizontal(180.0, 20.0, 280.0),
            Segment::vertical(20.0, 20.0, 180.0),
            Segment::vertical(150.0, 20.0, 180.0),
            Segment::vertical(280.0, 20.0, 180.0),
        ];
        for s in &rules {
            let (x0, x1, y0, y1) = match s.orientation {
                Orientation::Horizontal => (s.start, s.end, s.pos, s.pos + 1.0),
                Orientation::Vertical => (s.pos, s.pos + 1.0, s.start, s.end),
            };
            for y in y0 as u32..y1 as u32 {
                for x in x0 as u32..x1 as u32 {
                    gray.set(x, y, 0);
                }
            }
        }
        for y in 130..150 {
            for x in 180..250 {
                gray.set(x, y, 0);
            }
        }
        let img = Upright {
            gray: &gray,
            dpi: 72.0,
            origin: (0.0, 0.0),
            quarter_turns: 0,
            known_rules: Some(rules),
        };
        let read = read_page(
            img,
            1,
            &mut Blind,
            &ScanSettings::default(),
            &GridSettings::default(),
        );
        assert!(read.page.words.is_empty());
        let [cell] = read.page.unread[..] else {
            panic!("one unread cell, got {:?}", read.page.unread);
        };
        assert!(cell.x0 >= 149.0 && cell.x1 <= 281.0, "{cell:?}");
        assert!(cell.top >= 99.0 && cell.bottom <= 181.0, "{cell:?}");
    }

    /// Two cells side by side, split by a rule 2 px wide at x 101–102; a
    /// `。` (a ring 12 px across) hangs over the rule at the line's foot,
    /// and the rule has a bilevel scan's fringe (a pixel either side).
    fn hanging_page() -> (GrayImage, GrayImage, PxRect, PxRect) {
        let mut gray = GrayImage::new(200, 100, 255);
        for y in 0..100 {
            gray.set(101, y, 0);
            gray.set(102, y, 0);
        }
        for y in 30..33 {
            gray.set(100, y, 0);
            gray.set(103, y, 0);
        }
        for y in 50..62 {
            for x in 96..108 {
                let d = ((x as f64 - 101.5).powi(2) + (y as f64 - 55.5).powi(2)).sqrt();
                if (3.5..=6.0).contains(&d) {
                    gray.set(x, y, 0);
                }
            }
        }
        let bin = binarize(&gray, 128);
        let left = PxRect {
            x0: 20,
            y0: 1,
            x1: 100,
            y1: 99,
        };
        let right = PxRect {
            x0: 103,
            y0: 1,
            x1: 180,
            y1: 99,
        };
        (gray, bin, left, right)
    }

    #[test]
    fn a_mark_over_the_rule_goes_whole_to_its_line_on_the_left() {
        let (gray, bin, left, right) = hanging_page();
        let (edge, pad) = (6, 8);
        let hangs = hanging_marks(&bin, left, edge, 16);
        assert_eq!(hangs.len(), 1, "the ring, not the fringe: {hangs:?}");
        assert_eq!(hangs[0].rule, (101, 102));
        assert!(hanging_marks(&bin, right, edge, 16).is_empty());
        let inked =
            |crop: &GrayImage, x: u32| (0..crop.height).filter(|&y| crop.get(x, y) < 128).count();
        // Left: the ring's right half, past the cell's edge, is added.
        let (mut crop, _) = cell_crop(&gray, &bin, left, edge, pad);
        let outside = 105 - left.x0 + pad;
        assert_eq!(inked(&crop, outside), 0);
        assert!(hangs[0].paint(&mut crop, &gray, &bin, left, pad) > 0);
        assert!(inked(&crop, outside) > 0);
        // The ring's middle, where the rule runs, is paper.
        assert_eq!(crop.get(101 - left.x0 + pad, 55 - left.y0 + pad), 255);
        // Right: the ring's half there is gone.
        let (mut crop, _) = cell_crop(&gray, &bin, right, edge, pad);
        let half = |crop: &GrayImage| {
            (103..108)
                .map(|x| inked(crop, x - right.x0 + pad))
                .sum::<usize>()
        };
        assert!(half(&crop) > 0);
        hangs[0].erase_from(&mut crop, right, pad);
        assert_eq!(half(&crop), 0);
    }

    /// A character larger than a mark touching the rule from both sides is
    /// not hanging, nor is a mark touching it from one side.
    #[test]
    fn only_mark_sized_ink_through_the_rule_hangs() {
        let (mut gray, _, left, _) = hanging_page();
        for y in 50..62 {
            for x in (96..101).chain(103..108) {
                gray.set(x, y, 255);
            }
        }
        for y in 40..70 {
            for x in 92..112 {
                if y == 40 || y == 69 || x == 92 || x == 111 {
                    gray.set(x, y, 0);
                }
            }
        }
        let bin = binarize(&gray, 128);
        assert!(hanging_marks(&bin, left, 6, 16).is_empty(), "a character");
        let (mut gray, _, left, _) = hanging_page();
        for y in 50..62 {
            for x in 103..108 {
                gray.set(x, y, 255);
            }
        }
        let bin = binarize(&gray, 128);
        assert!(hanging_marks(&bin, left, 6, 16).is_empty(), "one side");
    }

    /// A glyph 18 × 24 px: a stem 3 px wide at `stem` (share of the width)
    /// from top to bottom and a bar 2 px tall at `bar` (share of the
    /// height), between two solid blocks for characters.
    fn cross_line(stem: f64, bar: f64) -> GrayImage {
        let mut img = line(&[(20, 50), (90, 120)], &[]);
        let (x, top, w, h) = (62u32, 8u32, 18u32, 24u32);
        let sx = x + ((w - 3) as f64 * stem).round() as u32;
        let by = top + ((h - 2) as f64 * bar).round() as u32;
        for y in top..top + h {
            for dx in 0..3 {
                img.set(sx + dx, y, 0);
            }
        }
        for xx in x..x + w {
            img.set(xx, by, 0);
            img.set(xx, by + 1, 0);
        }
        img
    }

    #[test]
    fn a_cross_right_and_low_is_a_four_that_lost_its_diagonal() {
        let fix = |text: &str, c: &[f32], img: &GrayImage| {
            let mut w = word(text, c);
            let mut notes = Vec::new();
            reread_open_fours(&mut w, img, 128, &mut notes);
            (w.text, notes.len())
        };
        let doubted = [0.9999, 0.83, 0.9999];
        let four = cross_line(0.7, 0.75);
        assert_eq!(fix("库+个", &doubted, &four), ("库4个".into(), 1));
        assert_eq!(fix("库十个", &doubted, &four).0, "库4个");
        // A real `+` crosses in the middle, a real 十 above it.
        assert_eq!(fix("库+个", &doubted, &cross_line(0.5, 0.5)).0, "库+个");
        assert_eq!(fix("库十个", &doubted, &cross_line(0.5, 0.4)).0, "库十个");
        // Read as surely as the rest: the engine's reading stands.
        assert_eq!(fix("库+个", &[0.9999; 3], &four).0, "库+个");
        // Two stand-ins but one cross: which is which is not known.
        assert_eq!(
            fix("+库+个", &[0.8, 0.9999, 0.83, 0.9999], &four).0,
            "+库+个"
        );
    }

    #[test]
    fn a_sign_read_as_the_digit_2_is_put_back_only_where_its_glyph_is_barred() {
        // A 40 px line: a glyph at 8..24, then two digit blocks.
        let strokes = |g: &mut GrayImage, pts: &[((i32, i32), (i32, i32))]| {
            for &(a, b) in pts {
                super::super::comparator::tests::line(g, a, b);
            }
        };
        let digits = |g: &mut GrayImage| {
            for x in (30..40).chain(44..54) {
                for y in 8..32 {
                    g.set(x, y, 0);
                }
            }
        };
        // ⩾: two arms meeting at the right, a bar parallel to the lower one.
        let sign: &[((i32, i32), (i32, i32))] = &[
            ((8, 8), (22, 16)),
            ((22, 16), (8, 24)),
            ((10, 31), (24, 23)),
        ];
        // 2: an arc whose top is at its middle, a diagonal, a flat foot.
        let two: &[((i32, i32), (i32, i32))] = &[
            ((8, 12), (15, 8)),
            ((15, 8), (22, 12)),
            ((22, 12), (8, 31)),
            ((8, 31), (23, 31)),
        ];
        let image = |first: &[((i32, i32), (i32, i32))]| {
            let mut g = GrayImage::new(70, 40, 255);
            strokes(&mut g, first);
            digits(&mut g);
            g
        };
        let sym = |t: &str, x0: u32, x1: u32| {
            (
                t.to_string(),
                PxRect {
                    x0,
                    y0: 6,
                    x1,
                    y1: 34,
                },
            )
        };
        let fix = |img: &GrayImage, symbols: Vec<(String, PxRect)>, text: &str| {
            let mut w = word(text, &[0.92, 0.99, 0.99, 0.99]);
            w.symbols = symbols;
            let mut notes = Vec::new();
            reread_comparators(&mut w, img, 128, &mut notes);
            (w.text, notes.len())
        };
        let read_as_two = vec![
            sym("2", 8, 25),
            sym("9", 30, 40),
            sym("5", 44, 54),
            sym("%", 56, 66),
        ];
        assert_eq!(
            fix(&image(sign), read_as_two.clone(), "295%"),
            ("≥95%".into(), 1)
        );
        // A printed 2 is left as read.
        assert_eq!(fix(&image(two), read_as_two, "295%"), ("295%".into(), 0));
        // The sign dropped, the first digit read where it stands: the 2 is
        // no stand-in (putting the sign before the number is the line
        // start's job, `reread_leading_comparator`).
        let dropped = vec![sym("2", 30, 40), sym("5", 44, 54), sym("%", 56, 66)];
        assert_eq!(fix(&image(sign), dropped, "25%"), ("25%".into(), 0));
    }

    /// A line image 40 px tall: 30 px tall "characters" (solid blocks) at
    /// the given columns, and 3 px dots.
    fn line(blocks: &[(u32, u32)], dots: &[u32]) -> GrayImage {
        let mut img = GrayImage::new(300, 40, 255);
        for &(x0, x1) in blocks {
            for x in x0..x1 {
                for y in 5..35 {
                    img.set(x, y, 0);
                }
            }
        }
        for &x in dots {
            for dx in 0..3 {
                for dy in 0..3 {
                    img.set(x + dx, 31 + dy, 0);
                }
            }
        }
        img
    }

    fn word(text: &str, confidences: &[f32]) -> OcrWord {
        OcrWord {
            text: text.into(),
            rect: PxRect {
                x0: 0,
                y0: 0,
                x1: 300,
                y1: 40,
            },
            confidence: 0.99,
            symbols: Vec::new(),
            char_confidences: confidences.to_vec(),
        }
    }

    fn read(text: &str, confidences: &[f32], img: &GrayImage) -> String {
        let mut w = word(text, confidences);
        drop_edge_specks(&mut w, img, 128, 5, &mut Vec::new());
        assert_eq!(
            w.char_confidences.len(),
            w.text.chars().count().min(confidences.len())
        );
        w.text
    }

    #[test]
    fn a_speck_beside_the_text_is_not_a_mark() {
        let four = [(20, 50), (55, 85), (90, 120), (125, 155)];
        let doubted = [0.9999, 0.9999, 0.9999, 0.9998, 0.991];
        // A speck after the last character, read as a stop.
        assert_eq!(
            read("年度目标.", &doubted, &line(&four, &[160])),
            "年度目标"
        );
        // A speck before the text, read as `1`.
        let text = [(30, 60), (65, 95), (100, 130), (135, 165), (170, 200)];
        let c = [0.93, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999];
        assert_eq!(read("1特定目标类", &c, &line(&text, &[20])), "特定目标类");
        assert_eq!(
            read("1≥85", &[0.9, 0.99, 0.99, 0.99], &line(&text[..3], &[20])),
            "≥85"
        );
        // Without the engine's confidences geometry and context decide.
        assert_eq!(read("年度目标.", &[], &line(&four, &[160])), "年度目标");
    }

    #[test]
    fn real_marks_at_a_cells_edges_stay() {
        let text = [(30, 60), (65, 95), (100, 130), (135, 165), (170, 200)];
        // A real `1`: as tall as the line.
        let one = line(&[(20, 23), (30, 60), (65, 95), (100, 130), (135, 165)], &[]);
        let c = [0.93, 0.9999, 0.9999, 0.9999, 0.9999];
        assert_eq!(read("1个批次内", &c, &one), "1个批次内");
        // A real point: beside a digit.
        let c = [0.99, 0.9, 0.99];
        assert_eq!(read("0.5", &c, &line(&text[..1], &[62])), "0.5");
        assert_eq!(
            read(".5万株", &[0.9, 0.99, 0.99, 0.99], &line(&text[..3], &[20])),
            ".5万株"
        );
        // Read as surely as the rest: the engine saw a mark, not dust.
        let sure = [0.99, 0.99, 0.99, 0.99, 0.999];
        let four = [(20, 50), (55, 85), (90, 120), (125, 155)];
        assert_eq!(read("年度目标.", &sure, &line(&four, &[160])), "年度目标.");
        // A `。` misread as `.`: a ring, larger than a speck.
        let mut ring = line(&four, &[]);
        for x in 160..172 {
            for y in 23..35 {
                ring.set(x, y, 0);
            }
        }
        assert_eq!(
            read("年度目标.", &[0.99, 0.99, 0.99, 0.99, 0.9], &ring),
            "年度目标."
        );
    }

    /// A cell 100×60 px between rules 3 px wide (centred on the cell's
    /// edge), holding a "glyph" near its left rule, with what a bilevel scan
    /// leaves of its right rule: dashes one pixel across in the cell's
    /// outermost column.
    #[test]
    fn a_rules_hairline_fringe_goes_and_text_by_the_rule_stays() {
        let mut gray = GrayImage::new(140, 100, 255);
        let (x0, y0, x1, y1) = (20u32, 20u32, 120u32, 80u32);
        for t in 0..3 {
            for x in x0 - 1..x1 + 2 {
                gray.set(x, y0 - 1 + t, 0);
                gray.set(x, y1 - 1 + t, 0);
            }
            for y in y0 - 1..y1 + 2 {
                gray.set(x0 - 1 + t, y, 0);
                gray.set(x1 - 1 + t, y, 0);
            }
        }
        // The rules' inner edges are at x0 + 2 and x1 - 2; the fringe one
        // pixel in, broken into dashes 3 px long (too few to be inked over a
        // sixth of the height, which `cell_crop` takes for rule anyway).
        for (a, b) in [(30, 33), (50, 53)] {
            for y in a..b {
                gray.set(x1 - 3, y, 0);
            }
        }
        // A glyph 4 px from the left rule: a 2 px stem and its bar.
        for y in 35..60 {
            gray.set(x0 + 6, y, 0);
            gray.set(x0 + 7, y, 0);
        }
        for x in x0 + 6..x0 + 20 {
            gray.set(x, 35, 0);
            gray.set(x, 36, 0);
        }
        let bin = binarize(&gray, 128);
        let r = PxRect { x0, y0, x1, y1 };
        let (edge, pad) = (6, 5);
        let (crop, _) = cell_crop(&gray, &bin, r, edge, pad);
        let ink_at = |x: u32| {
            (0..crop.height)
                .filter(|&y| crop.get(x + pad, y) < 128)
                .count()
        };
        assert_eq!(ink_at(x1 - 3 - x0), 0, "the fringe stays");
        assert_eq!(ink_at(6), 25, "the glyph's stem went");
        assert_eq!(ink_at(12), 2, "the glyph's bar went");
    }

    #[test]
    fn glyph_tops_tight_under_a_rule_stay_and_the_rules_dashes_go() {
        // The top rule lies just above the cell's box (its centre a little
        // off, as on a skewed scan): the crop's first two rows are paper.
        // Then a row of glyph tops 3 px below the box's top, inked over
        // half the width: bars 10 px long, 4 apart, each with a stem.
        let mut gray = GrayImage::new(140, 100, 255);
        let (x0, y0, x1, y1) = (20u32, 20u32, 120u32, 80u32);
        for x in 0..140 {
            gray.set(x, y0 - 2, 0);
            gray.set(x, y0 - 1, 0);
        }
        let tops = y0 + 3;
        for g in 0..7 {
            let gx = x0 + 5 + g * 14;
            for x in gx..gx + 10 {
                gray.set(x, tops, 0);
            }
            for y in tops..tops + 20 {
                gray.set(gx + 4, y, 0);
            }
        }
        // The bottom rule's dashes, inside the box at its border: two rows
        // inked over half the width, touching the border.
        for y in y1 - 2..y1 {
            for x in (x0..x1).filter(|x| x % 4 < 2) {
                gray.set(x, y, 0);
            }
        }
        let bin = binarize(&gray, 128);
        let r = PxRect { x0, y0, x1, y1 };
        let (edge, pad) = (7, 5);
        let (crop, _) = cell_crop(&gray, &bin, r, edge, pad);
        let row_ink = |y: u32| {
            (0..crop.width)
                .filter(|&x| crop.get(x, y + pad) < 128)
                .count()
        };
        assert_eq!(row_ink(tops - y0), 70, "the glyph tops stay");
        assert_eq!(
            row_ink(y1 - 1 - y0) + row_ink(y1 - 2 - y0),
            0,
            "the dashes go"
        );
    }
}
