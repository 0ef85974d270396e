//! Grayscale images and the pixel steps: threshold, skew, rotation.

pub use crate::ir::GrayImage;

impl GrayImage {
    pub fn new(width: u32, height: u32, fill: u8) -> GrayImage {
        GrayImage {
            width,
            height,
            data: vec![fill; width as usize * height as usize],
        }
    }
    pub fn get(&self, x: u32, y: u32) -> u8 {
        self.data[y as usize * self.width as usize + x as usize]
    }
    pub fn set(&mut self, x: u32, y: u32, v: u8) {
        let w = self.width as usize;
        self.data[y as usize * w + x as usize] = v;
    }
    pub fn is_ink(&self, x: u32, y: u32) -> bool {
        self.get(x, y) < 128
    }
}

/// Otsu's threshold: the gray level that best splits ink from paper.
pub fn otsu_threshold(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for &v in &img.data {
        hist[v as usize] += 1;
    }
    let total = img.data.len() as f64;
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * c as f64)
        .sum();
    let (mut w_b, mut sum_b, mut best, mut best_t) = (0.0, 0.0, 0.0, 128u8);
    for (t, &c) in hist.iter().enumerate() {
        w_b += c as f64;
        if w_b == 0.0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0.0 {
            break;
        }
        sum_b += t as f64 * c as f64;
        let (m_b, m_f) = (sum_b / w_b, (sum - sum_b) / w_f);
        let between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// Ink (0) where the pixel is at most `threshold`, paper (255) elsewhere.
pub fn binarize(img: &GrayImage, threshold: u8) -> GrayImage {
    GrayImage {
        data: img
            .data
            .iter()
            .map(|&v| if v <= threshold { 0 } else { 255 })
            .collect(),
        ..img.clone()
    }
}

/// The skew of a binarised page in degrees (counter-clockwise positive),
/// within ±`max_degrees`: the angle whose horizontal projection profile is
/// sharpest (ruling lines and text lines line up with the rows).
pub fn estimate_skew(bin: &GrayImage, max_degrees: f64) -> f64 {
    // Work on a sample of ink pixels; the profile needs no more.
    let step = ((bin.width.max(bin.height) / 1200).max(1)) as usize;
    let mut ink: Vec<(f64, f64)> = Vec::new();
    for y in (0..bin.height).step_by(step) {
        for x in (0..bin.width).step_by(step) {
            if bin.is_ink(x, y) {
                ink.push((x as f64, y as f64));
            }
        }
    }
    if ink.is_empty() {
        return 0.0;
    }
    // `rows`: rows per profile bin. Long rules make the sharpest peak very
    // narrow (a 2000 px rule off by 0.15° spreads over 5 rows), so the coarse
    // search scores rows in bins as tall as its step can spread a line, or
    // a page of dense text would outscore the rules' true angle at 0°.
    let score = |deg: f64, rows: f64| -> f64 {
        let (s, c) = deg.to_radians().sin_cos();
        let mut bins = vec![0u32; ((bin.width + bin.height) as f64 * 2.0 / rows) as usize + 4];
        let off = bin.width as f64 + 2.0;
        for &(x, y) in &ink {
            // Row of the point once the page is turned back by `deg`: a
            // line rising to the right (y falling as x grows) is constant here.
            let r = ((y * c + x * s + off) / rows) as usize;
            if let Some(b) = bins.get_mut(r) {
                *b += 1;
            }
        }
        bins.iter().map(|&b| (b as f64) * (b as f64)).sum()
    };
    let search = |lo: f64, hi: f64, step: f64, rows: f64| {
        let mut best = (0.0f64, f64::MIN);
        let mut a = lo;
        while a <= hi + 1e-9 {
            let sc = score(a, rows);
            // Ties go to the smaller angle: a straight page stays straight.
            if sc > best.1 || (sc == best.1 && a.abs() < best.0.abs()) {
                best = (a, sc);
            }
            a += step;
        }
        best
    };
    let coarse = 0.5f64;
    let long_side = bin.width.max(bin.height) as f64;
    let coarse_bin = ((coarse / 2.0).to_radians().tan() * long_side).max(1.0);
    let centre = search(-max_degrees, max_degrees, coarse, coarse_bin).0;
    let fine = search(centre - coarse, centre + coarse, 0.05, 1.0);
    let straight = score(0.0, 1.0);
    if straight >= fine.1 {
        return 0.0;
    }
    fine.0
}

/// Turns the picture counter-clockwise by `degrees` about its centre,
/// bilinear (nearest-neighbour steps would notch every stroke OCR reads);
/// corners come in white.
pub fn rotate_smooth(img: &GrayImage, degrees: f64) -> GrayImage {
    let (s, c) = degrees.to_radians().sin_cos();
    let (cx, cy) = (img.width as f64 / 2.0, img.height as f64 / 2.0);
    let mut out = GrayImage::new(img.width, img.height, 255);
    let (w, h) = (img.width as i64, img.height as i64);
    for y in 0..img.height {
        let dy = y as f64 - cy;
        for x in 0..img.width {
            let dx = x as f64 - cx;
            let sx = c * dx - s * dy + cx;
            let sy = s * dx + c * dy + cy;
            let (x0, y0) = (sx.floor() as i64, sy.floor() as i64);
            if x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h {
                continue;
            }
            let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
            let p = |xx: i64, yy: i64| img.get(xx as u32, yy as u32) as f64;
            let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
            let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
            out.set(x, y, (top * (1.0 - fy) + bottom * fy).round() as u8);
        }
    }
    out
}

/// Whether every pixel is black or white: a 1-bit scan (CCITT, JBIG2, a
/// stencil), however the PDF carried it.
pub fn is_bilevel(img: &GrayImage) -> bool {
    img.data.iter().all(|&v| v == 0 || v == 255)
}

/// The picture seen through a 3×3 binomial filter (1 2 1 each way): a
/// 1-bit scan's staircase edges become the grey ramps a grey scanner's
/// optics give, which is what recognisers are trained on (at the line
/// height they work at, a bilevel `%` read as `°` and a lone `，` was
/// dropped). Edge pixels repeat outward.
pub fn soften(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width as usize, img.height as usize);
    if w == 0 || h == 0 {
        return img.clone();
    }
    // Rows first into u16 sums (×4), then columns (×16 in all).
    let mut rows = vec![0u16; w * h];
    for y in 0..h {
        let src = &img.data[y * w..(y + 1) * w];
        let dst = &mut rows[y * w..(y + 1) * w];
        for x in 0..w {
            let l = src[x.saturating_sub(1)] as u16;
            let r = src[(x + 1).min(w - 1)] as u16;
            dst[x] = l + 2 * src[x] as u16 + r;
        }
    }
    let mut out = GrayImage::new(img.width, img.height, 255);
    for y in 0..h {
        let (up, down) = (y.saturating_sub(1) * w, (y + 1).min(h - 1) * w);
        let here = y * w;
        for x in 0..w {
            let sum = rows[up + x] + 2 * rows[here + x] + rows[down + x];
            out.data[here + x] = ((sum + 8) / 16) as u8;
        }
    }
    out
}

/// Half the size each way, each pixel the mean of the 2×2 it covers.
pub fn halve(img: &GrayImage) -> GrayImage {
    let mut out = GrayImage::new((img.width / 2).max(1), (img.height / 2).max(1), 255);
    if img.width < 2 || img.height < 2 {
        return img.clone();
    }
    for y in 0..out.height {
        for x in 0..out.width {
            let sum = img.get(2 * x, 2 * y) as u32
                + img.get(2 * x + 1, 2 * y) as u32
                + img.get(2 * x, 2 * y + 1) as u32
                + img.get(2 * x + 1, 2 * y + 1) as u32;
            out.set(x, y, ((sum + 2) / 4) as u8);
        }
    }
    out
}

/// Turns the picture counter-clockwise by a multiple of 90° (exactly: a
/// permutation of pixels).
pub fn turn_counter_clockwise(img: &GrayImage, quarter_turns: u32) -> GrayImage {
    match quarter_turns % 4 {
        0 => img.clone(),
        1 => {
            // New pixel (x, y) comes from old (w-1-y, x).
            let mut out = GrayImage::new(img.height, img.width, 255);
            for y in 0..out.height {
                for x in 0..out.width {
                    out.set(x, y, img.get(img.width - 1 - y, x));
                }
            }
            out
        }
        2 => {
            let mut data = img.data.clone();
            data.reverse();
            GrayImage {
                data,
                ..img.clone()
            }
        }
        _ => {
            let mut out = GrayImage::new(img.height, img.width, 255);
            for y in 0..out.height {
                for x in 0..out.width {
                    out.set(x, y, img.get(y, img.height - 1 - x));
                }
            }
            out
        }
    }
}

/// Paints out specks: connected ink (8-neighbours) no larger than `max`
/// pixels either way with no other ink within `clear` pixels of its box.
/// Dust, toner and a bilevel scanner's noise are such dots; a decimal point
/// or `。` sits next to its characters, and `:` is two dots close together.
/// `bin` (0 = ink) says what is ink; the same pixels of `gray` go white too.
/// Returns how many specks were removed.
pub fn despeckle(gray: &mut GrayImage, bin: &mut GrayImage, max: u32, clear: u32) -> usize {
    let (w, h) = (bin.width as usize, bin.height as usize);
    let mut label = vec![0u32; w * h];
    let mut stack = Vec::new();
    let mut specks: Vec<(u32, [usize; 4])> = Vec::new();
    let mut next = 0u32;
    for start in 0..w * h {
        if bin.data[start] != 0 || label[start] != 0 {
            continue;
        }
        next += 1;
        label[start] = next;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (start % w, start / w, start % w, start / w);
        let mut small = true;
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            small &= x1 - x0 < max as usize && y1 - y0 < max as usize;
            for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    let j = ny * w + nx;
                    if bin.data[j] == 0 && label[j] == 0 {
                        label[j] = next;
                        stack.push(j);
                    }
                }
            }
        }
        if small {
            specks.push((next, [x0, y0, x1, y1]));
        }
    }
    let clear = clear as usize;
    let mut removed = 0;
    for (id, [x0, y0, x1, y1]) in specks {
        let (wx0, wy0) = (x0.saturating_sub(clear), y0.saturating_sub(clear));
        let (wx1, wy1) = ((x1 + clear).min(w - 1), (y1 + clear).min(h - 1));
        let alone = (wy0..=wy1).all(|y| {
            label[y * w + wx0..=y * w + wx1]
                .iter()
                .all(|&l| l == 0 || l == id)
        });
        if !alone {
            continue;
        }
        removed += 1;
        for y in y0..=y1 {
            for x in x0..=x1 {
                if label[y * w + x] == id {
                    bin.data[y * w + x] = 255;
                    gray.data[y * w + x] = 255;
                }
            }
        }
    }
    removed
}

/// Evens out uneven light: a lamp that falls off towards one edge, a lid's
/// shadow, paper yellowed at the margins. One global threshold cannot serve
/// a page whose paper is lighter on one side than the ink of a faint rule on
/// the other. The paper's level is the brightest pixel of each `block`-sized
/// square (a square is never all ink), smoothed over its neighbours and
/// interpolated; every pixel is scaled so that level becomes white. Pages
/// whose paper varies by less than `max_spread` (a share of its brightest
/// level) are left alone, so evenly lit scans read exactly as before.
pub fn flatten_background(img: &GrayImage, block: u32, max_spread: f64) -> Option<GrayImage> {
    let (w, h) = (img.width, img.height);
    let block = block.max(8);
    if w < 2 * block || h < 2 * block {
        return None;
    }
    let (bw, bh) = (w.div_ceil(block), h.div_ceil(block));
    let mut level = vec![0u8; (bw * bh) as usize];
    for y in 0..h {
        let row = &img.data[(y * w) as usize..][..w as usize];
        let by = y / block;
        for (bx, chunk) in row.chunks(block as usize).enumerate() {
            let m = chunk.iter().copied().max().unwrap_or(0);
            let l = &mut level[(by * bw) as usize + bx];
            *l = (*l).max(m);
        }
    }
    // A square inside a large dark area (a title in heavy type, a shaded
    // band) would call that area paper: take the brightest of the 3×3
    // squares around each one.
    let at = |x: i64, y: i64| {
        level[(y.clamp(0, bh as i64 - 1) * bw as i64 + x.clamp(0, bw as i64 - 1)) as usize]
    };
    let smooth: Vec<f64> = (0..bh as i64)
        .flat_map(|y| (0..bw as i64).map(move |x| (x, y)))
        .map(|(x, y)| {
            let mut m = 0u8;
            for dy in -1..=1 {
                for dx in -1..=1 {
                    m = m.max(at(x + dx, y + dy));
                }
            }
            f64::from(m.max(1))
        })
        .collect();
    let mut sorted = smooth.clone();
    sorted.sort_by(f64::total_cmp);
    let (lo, hi) = (
        sorted[sorted.len() / 20],
        sorted[sorted.len() - 1 - sorted.len() / 20],
    );
    if hi - lo <= max_spread * hi {
        return None;
    }
    // Bilinear between square centres.
    let centre =
        |i: u32, n: u32| ((i as f64 + 0.5) / block as f64 - 0.5).clamp(0.0, (n - 1) as f64);
    let cols: Vec<(usize, usize, f64)> = (0..w)
        .map(|x| {
            let f = centre(x, bw);
            let i0 = f.floor() as usize;
            (i0, (i0 + 1).min(bw as usize - 1), f - i0 as f64)
        })
        .collect();
    let mut out = Vec::with_capacity(img.data.len());
    for y in 0..h {
        let f = centre(y, bh);
        let (r0, fy) = (f.floor() as usize, f - f.floor());
        let r1 = (r0 + 1).min(bh as usize - 1);
        let (a, b) = (
            &smooth[r0 * bw as usize..][..bw as usize],
            &smooth[r1 * bw as usize..][..bw as usize],
        );
        let row = &img.data[(y * w) as usize..][..w as usize];
        for (&v, &(c0, c1, fx)) in row.iter().zip(&cols) {
            let bg = (a[c0] * (1.0 - fx) + a[c1] * fx) * (1.0 - fy)
                + (b[c0] * (1.0 - fx) + b[c1] * fx) * fy;
            out.push((f64::from(v) * 255.0 / bg).round().min(255.0) as u8);
        }
    }
    Some(GrayImage {
        width: w,
        height: h,
        data: out,
    })
}

/// Paints out what the scanner, not the sheet, put at the image's edges: a
/// lid's shadow, the dark bed beyond a sheet fed short or crooked. They are
/// ink connected to the border (4-neighbours) that fills at least
/// `min_density` of its own box; a table's frame touching the border is
/// thin lines in a large box, far below that. Such bands lie square to the
/// scanner, not to the sheet, so left in they pull the skew estimate to 0°
/// and read as rules. `bin` (0 = ink) says what is ink; the same pixels of
/// `gray` go white (it is copied only then: most scans have no such edge).
/// Returns how many pixels were painted.
pub fn clear_border_shadows(
    gray: &mut std::borrow::Cow<'_, GrayImage>,
    bin: &mut GrayImage,
    min_density: f64,
) -> usize {
    let (w, h) = (bin.width as usize, bin.height as usize);
    if w == 0 || h == 0 {
        return 0;
    }
    let mut seen = vec![false; w * h];
    let mut stack = Vec::new();
    let mut region = Vec::new();
    let mut painted = 0;
    let border = (0..w)
        .flat_map(|x| [x, (h - 1) * w + x])
        .chain((0..h).flat_map(|y| [y * w, y * w + w - 1]));
    for start in border {
        if bin.data[start] != 0 || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        region.clear();
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        while let Some(i) = stack.pop() {
            region.push(i);
            let (x, y) = (i % w, i / w);
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            let mut visit = |j: usize| {
                if bin.data[j] == 0 && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < w {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - w);
            }
            if y + 1 < h {
                visit(i + w);
            }
        }
        let area = ((x1 - x0 + 1) * (y1 - y0 + 1)) as f64;
        if region.len() as f64 >= min_density * area {
            let g = gray.to_mut();
            for &i in &region {
                bin.data[i] = 255;
                g.data[i] = 255;
            }
            painted += region.len();
        }
    }
    painted
}

/// `line` with faint ink made dark: when its darkest `share` of pixels
/// (its strokes' cores) is no darker than `faint`, every pixel is stretched
/// so that level becomes black and white stays white. A thin face scanned
/// at 300 dpi leaves strokes in mid grey that the engine reads as broken
/// glyphs (`=46个` read as `=`); ink that has dark cores is left as it is.
pub fn darken_faint_ink(line: &GrayImage, share: f64, faint: u8) -> Option<GrayImage> {
    let mut hist = [0usize; 256];
    for &v in &line.data {
        hist[v as usize] += 1;
    }
    let want = ((line.data.len() as f64 * share).ceil() as usize).max(1);
    let mut seen = 0;
    let core = (0..=255u8).find(|&v| {
        seen += hist[v as usize];
        seen >= want
    })?;
    if core <= faint || core >= 250 {
        return None;
    }
    let span = f64::from(255 - core);
    let data = line
        .data
        .iter()
        .map(|&v| ((f64::from(v.saturating_sub(core)) / span) * 255.0).round() as u8)
        .collect();
    Some(GrayImage {
        width: line.width,
        height: line.height,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page with horizontal lines drawn at a slope of `degrees`.
    fn lines_at(degrees: f64) -> GrayImage {
        let mut img = GrayImage::new(600, 400, 255);
        let t = degrees.to_radians().tan();
        for base in [80.0, 160.0, 240.0, 320.0] {
            for x in 20..580u32 {
                // Counter-clockwise on screen (y down): y falls as x grows.
                let y = (base - (x as f64 - 300.0) * t).round() as u32;
                img.set(x, y, 0);
                img.set(x, y + 1, 0);
            }
        }
        img
    }

    #[test]
    fn uneven_light_is_flattened_and_even_light_is_left_alone() {
        // Paper from 250 on the left to 150 on the right; a faint rule (ink
        // 60 % of the paper) on the left and dark text on the right.
        let mut g = GrayImage::new(400, 200, 255);
        for y in 0..200 {
            for x in 0..400u32 {
                g.set(x, y, (250.0 - x as f64 / 4.0) as u8);
            }
        }
        for x in 10..100 {
            g.set(x, 100, 150);
        }
        for y in 90..110 {
            for x in 350..360 {
                g.set(x, y, 60);
            }
        }
        // One threshold cannot hold both: the right-hand paper (150) is as
        // dark as the rule.
        let flat = flatten_background(&g, 32, 0.12).expect("uneven");
        let t = otsu_threshold(&flat);
        assert!(flat.get(50, 100) <= t, "the faint rule is ink");
        assert!(flat.get(355, 100) <= t, "the text is ink");
        assert!(
            flat.get(390, 20) > t && flat.get(20, 20) > t,
            "the paper is paper"
        );
        let even = GrayImage::new(400, 200, 240);
        assert!(flatten_background(&even, 32, 0.12).is_none());
    }

    #[test]
    fn border_shadows_go_and_a_frame_touching_the_border_stays() {
        // A 6 px shadow band along the top edge, a table frame whose left
        // line touches the left edge, and a glyph-sized blob inside.
        let mut g = GrayImage::new(200, 120, 255);
        for y in 0..6 {
            for x in 0..200 {
                g.set(x, y, 20);
            }
        }
        for x in 0..150 {
            g.set(x, 30, 0);
            g.set(x, 100, 0);
        }
        for y in 30..=100 {
            g.set(0, y, 0);
            g.set(149, y, 0);
        }
        for y in 50..58 {
            for x in 60..68 {
                g.set(x, y, 0);
            }
        }
        let mut bin = binarize(&g, 128);
        let mut g = std::borrow::Cow::Borrowed(&g);
        let painted = clear_border_shadows(&mut g, &mut bin, 0.5);
        assert_eq!(painted, 6 * 200);
        assert!((0..200).all(|x| g.get(x, 3) == 255), "the shadow is gone");
        assert_eq!(g.get(0, 60), 0, "the frame stays");
        assert_eq!(g.get(64, 54), 0, "the text stays");
    }

    #[test]
    fn a_bilevel_edge_is_softened_into_a_ramp() {
        let mut img = GrayImage::new(8, 3, 255);
        for y in 0..3 {
            for x in 0..4 {
                img.set(x, y, 0);
            }
        }
        assert!(is_bilevel(&img));
        let soft = soften(&img);
        let row: Vec<u8> = (0..8).map(|x| soft.get(x, 1)).collect();
        // 1 2 1 across the edge; flat regions (and the repeated border) stay.
        assert_eq!(row, [0, 0, 0, 64, 191, 255, 255, 255]);
        assert!(!is_bilevel(&soft));
        let flat = GrayImage::new(5, 5, 200);
        assert_eq!(soften(&flat).data, flat.data);
    }

    #[test]
    fn quarter_turns_compose() {
        let mut img = GrayImage::new(3, 2, 255);
        img.set(2, 0, 0); // top right
        let ccw = turn_counter_clockwise(&img, 1);
        assert_eq!((ccw.width, ccw.height), (2, 3));
        assert_eq!(ccw.get(0, 0), 0, "top right goes to top left");
        let cw = turn_counter_clockwise(&img, 3);
        assert_eq!(cw.get(1, 2), 0, "top right goes to bottom right");
        assert_eq!(turn_counter_clockwise(&ccw, 3), img);
        assert_eq!(
            turn_counter_clockwise(&turn_counter_clockwise(&img, 2), 2),
            img
        );
    }

    #[test]
    fn otsu_splits_two_levels() {
        let mut img = GrayImage::new(10, 10, 230);
        for x in 0..10 {
            img.set(x, 5, 20);
        }
        let t = otsu_threshold(&img);
        assert!((20..230).contains(&t));
        assert_eq!(
            binarize(&img, t).data.iter().filter(|&&v| v == 0).count(),
            10
        );
    }

    #[test]
    fn isolated_specks_go_and_dots_beside_text_stay() {
        let mut gray = GrayImage::new(120, 40, 255);
        let mut block = |x0: u32, y0: u32, w: u32, h: u32| {
            for y in y0..y0 + h {
                for x in x0..x0 + w {
                    gray.set(x, y, 0);
                }
            }
        };
        block(4, 18, 2, 2); // a speck well before the text
        block(30, 10, 8, 16); // a character
        block(40, 23, 3, 3); // a decimal point beside it
        block(45, 10, 8, 16); // the next character
        block(70, 12, 2, 2); // `:`, two dots close together
        block(70, 20, 2, 2);
        block(100, 30, 3, 2); // a speck after the text
        let mut bin = binarize(&gray, 128);
        let n = despeckle(&mut gray, &mut bin, 4, 8);
        assert_eq!(n, 2);
        assert_eq!(gray.get(4, 18), 255);
        assert_eq!(gray.get(101, 30), 255);
        for (x, y) in [(41, 24), (70, 12), (70, 20), (33, 15)] {
            assert_eq!(gray.get(x, y), 0, "({x}, {y}) kept");
        }
    }

    #[test]
    fn skew_is_found_and_undone() {
        for deg in [-1.5, -0.7, 0.0, 1.2, 3.0] {
            let img = lines_at(deg);
            let est = estimate_skew(&img, 5.0);
            assert!((est - deg).abs() <= 0.1, "{deg}: estimated {est}");
            let straight = binarize(&rotate_smooth(&img, -est), 128);
            assert!(estimate_skew(&straight, 5.0).abs() <= 0.1);
        }
    }
    #[test]
    fn faint_ink_is_darkened_and_dark_ink_left() {
        // Strokes in mid grey (a thin face at 300 dpi): the darkest 1 % at
        // 120 becomes black, paper stays white.
        let mut faint = GrayImage::new(100, 20, 255);
        for x in 10..60 {
            faint.set(x, 10, 120);
            faint.set(x, 11, 160);
        }
        let dark = darken_faint_ink(&faint, 0.01, 80).expect("faint ink is darkened");
        assert_eq!(dark.get(20, 10), 0);
        assert!(dark.get(20, 11) < 160);
        assert_eq!(dark.get(5, 5), 255);
        // Ink with black cores, or no ink at all: left as scanned.
        let mut inked = faint.clone();
        for x in 10..60 {
            inked.set(x, 10, 30);
        }
        assert!(darken_faint_ink(&inked, 0.01, 80).is_none());
        assert!(darken_faint_ink(&GrayImage::new(100, 20, 255), 0.01, 80).is_none());
    }
}
