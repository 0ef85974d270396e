//! A hayro `Device` that collects glyphs and ruling lines.

use super::PdfSettings;
use crate::ir::{BBox, Method, Page, Segment, Word};
use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Vec2};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, Paint, SoftMask,
};
use std::sync::Arc;

/// An image covering at least this share of the page makes it a scan.
const SCAN_MIN_COVER: f64 = 0.5;

/// Glyph box in glyph space (1000 units per em, y up): ideographic em box.
const GLYPH_DESCENT: f64 = -120.0;
const GLYPH_ASCENT: f64 = 880.0;

pub(super) struct Collector<'s> {
    width: f64,
    height: f64,
    settings: &'s PdfSettings,
    words: Vec<Word>,
    /// Whether any glyph was drawn visibly (not `3 Tr`).
    any_visible: bool,
    segments: Vec<Segment>,
    images: Vec<BBox>,
    /// Where the last glyph run starts in `words`.
    last_run: usize,
}

impl<'s> Collector<'s> {
    pub(super) fn new(width: f64, height: f64, settings: &'s PdfSettings) -> Self {
        Collector {
            width,
            height,
            settings,
            words: Vec::new(),
            any_visible: false,
            segments: Vec::new(),
            images: Vec::new(),
            last_run: 0,
        }
    }

    pub(super) fn finish(self, number: u32) -> Page {
        // Invisible text on a page that is one big image and nothing else to
        // read is another program's OCR of the scan: set aside, so the scan
        // is read by ours. Elsewhere invisible text is text.
        let page_area = self.width * self.height;
        let scan = !self.any_visible
            && self
                .images
                .iter()
                .any(|b| b.area() >= SCAN_MIN_COVER * page_area);
        let (words, hidden_ocr_chars) = if scan && !self.words.is_empty() {
            (Vec::new(), self.words.len())
        } else {
            (self.words, 0)
        };
        Page {
            number,
            width: self.width,
            height: self.height,
            method: Method::Text,
            words,
            segments: self.segments,
            images: self.images,
            from_source: Default::default(),
            hidden_ocr_chars,
            unread: Vec::new(),
        }
    }

    fn on_page(&self, x: f64, y: f64) -> bool {
        x >= 0.0 && y >= 0.0 && x <= self.width && y <= self.height
    }

    fn add_line(&mut self, a: Point, b: Point) {
        let s = self.settings;
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        if dy <= s.axis_tolerance && dx >= s.min_rule_length {
            self.segments
                .push(Segment::horizontal((a.y + b.y) / 2.0, a.x, b.x));
        } else if dx <= s.axis_tolerance && dy >= s.min_rule_length {
            self.segments
                .push(Segment::vertical((a.x + b.x) / 2.0, a.y, b.y));
        }
    }

    fn add_filled(&mut self, pts: &[Point]) {
        // Only axis-aligned rectangles: thin ones are rules, thick ones are
        // cell shading and say nothing about borders.
        let Some((x0, y0, x1, y1)) = axis_rect(pts, self.settings.axis_tolerance) else {
            return;
        };
        let (w, h) = (x1 - x0, y1 - y0);
        let s = self.settings;
        if h <= s.max_rule_thickness && w >= s.min_rule_length && w > h {
            self.segments
                .push(Segment::horizontal((y0 + y1) / 2.0, x0, x1));
        } else if w <= s.max_rule_thickness && h >= s.min_rule_length && h > w {
            self.segments
                .push(Segment::vertical((x0 + x1) / 2.0, y0, y1));
        }
    }
}

/// Corners of an axis-aligned rectangle, if the closed polygon is one.
fn axis_rect(pts: &[Point], tol: f64) -> Option<(f64, f64, f64, f64)> {
    let mut p: Vec<Point> = pts.to_vec();
    // A path drawn back to its start repeats the first corner. Only a fifth
    // point is that repeat: a rectangle thinner than `tol` (a WPS border
    // filled 0.5 pt high) has its fourth corner that close to its first.
    if p.len() == 5 && (p[0] - p[4]).hypot() <= tol {
        p.pop();
    }
    if p.len() != 4 {
        return None;
    }
    for i in 0..4 {
        let (a, b) = (p[i], p[(i + 1) % 4]);
        if (a.x - b.x).abs() > tol && (a.y - b.y).abs() > tol {
            return None;
        }
    }
    let xs = p.iter().map(|q| q.x);
    let ys = p.iter().map(|q| q.y);
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    Some((x0, y0, x1, y1))
}

fn is_invisible_paint(paint: &Paint<'_>) -> bool {
    match paint {
        // White on white draws nothing a reader sees; such "rules" are
        // exporter artefacts (cell backgrounds, erased borders).
        Paint::Color(c) => rgba8_invisible(c.to_rgba().to_rgba8()),
        Paint::Pattern(_) => false,
    }
}

/// Paper white, or fully transparent.
pub(super) fn rgba8_invisible([r, g, b, a]: [u8; 4]) -> bool {
    a == 0 || (r > 245 && g > 245 && b > 245)
}

/// Subpaths of a path in page space, each as its points; `None` for a
/// subpath that holds curves.
fn subpaths(path: &BezPath, t: Affine) -> Vec<(Vec<Point>, bool)> {
    let mut out: Vec<(Vec<Point>, bool)> = Vec::new();
    let mut cur: Vec<Point> = Vec::new();
    let mut curved = false;
    for el in path.elements() {
        match *el {
            PathEl::MoveTo(p) => {
                if cur.len() > 1 && !curved {
                    out.push((std::mem::take(&mut cur), false));
                }
                cur.clear();
                curved = false;
                cur.push(t * p);
            }
            PathEl::LineTo(p) => cur.push(t * p),
            PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => {
                curved = true;
                cur.push(t * p);
            }
            PathEl::ClosePath => {
                if !curved && cur.len() > 1 {
                    let first = cur[0];
                    out.push((std::mem::take(&mut cur), true));
                    cur.push(first);
                } else {
                    cur.clear();
                }
                curved = false;
            }
        }
    }
    if cur.len() > 1 && !curved {
        out.push((cur, false));
    }
    out
}

/// What both interpreters hand the collector: hayro through its `Device`
/// trait, the lean reader (`lean.rs`) directly. Keeping one entrance means
/// the two cannot disagree about what a rule or a glyph box is.
impl Collector<'_> {
    /// A painted path in user space; `t` maps it to the page. Paint that
    /// nobody sees is the caller's to drop.
    pub(super) fn path(&mut self, path: &BezPath, t: Affine, stroke: bool, fill: bool) {
        for (pts, closed) in subpaths(path, t) {
            if stroke {
                for w in pts.windows(2) {
                    self.add_line(w[0], w[1]);
                }
                if closed && pts.len() > 2 {
                    self.add_line(pts[pts.len() - 1], pts[0]);
                }
            } else if fill {
                self.add_filled(&pts);
            }
        }
    }

    /// Starts a glyph run (one text-showing operator).
    pub(super) fn begin_run(&mut self) -> usize {
        self.words.len()
    }

    /// One glyph: its text, the transform from glyph space (1000 units per
    /// em) to the page, and its advance in glyph space.
    pub(super) fn glyph(&mut self, text: Arc<str>, t: Affine, advance: f64, invisible: bool) {
        if text.is_empty() {
            return;
        }
        let advance = if advance > 0.0 { advance } else { 1000.0 };
        let corners = [
            t * Point::new(0.0, GLYPH_DESCENT),
            t * Point::new(advance, GLYPH_DESCENT),
            t * Point::new(0.0, GLYPH_ASCENT),
            t * Point::new(advance, GLYPH_ASCENT),
        ];
        let x0 = corners.iter().map(|p| p.x).fold(f64::MAX, f64::min);
        let x1 = corners.iter().map(|p| p.x).fold(f64::MIN, f64::max);
        let y0 = corners.iter().map(|p| p.y).fold(f64::MAX, f64::min);
        let y1 = corners.iter().map(|p| p.y).fold(f64::MIN, f64::max);
        let size = (t * Vec2::new(0.0, 1000.0).to_point() - t * Point::ORIGIN).hypot();
        let bbox = BBox::new(x0, y0, x1, y1);
        let (cx, cy) = bbox.center();
        // Real exports carry text outside the CropBox (hidden print areas).
        if !self.on_page(cx, cy) {
            return;
        }
        self.any_visible |= !invisible;
        self.words.push(Word {
            text,
            bbox,
            size,
            confidence: 1.0,
            char_confidences: None,
        });
    }

    /// Ends the run begun at `start`: a run that repeats the one before it
    /// is dropped.
    pub(super) fn end_run(&mut self, start: usize) {
        if repeats(&self.words[self.last_run..start], &self.words[start..]) {
            self.words.truncate(start);
        } else {
            self.last_run = start;
        }
    }

    /// An image, by where it lands on the page (not decoded here).
    pub(super) fn image(&mut self, placed: BBox) {
        self.images.push(placed);
    }
}

impl<'a> Device<'a> for Collector<'_> {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        if is_invisible_paint(&props.paint) {
            return;
        }
        let stroke = matches!(draw_mode, DrawMode::Stroke(_) | DrawMode::FillAndStroke(..));
        let fill = matches!(draw_mode, DrawMode::Fill(_) | DrawMode::FillAndStroke(..));
        self.path(path, props.transform, stroke, fill);
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        let invisible = matches!(mode, DrawMode::Invisible);
        let start = self.begin_run();
        for glyph in run.glyphs() {
            let text: Arc<str> = match glyph.as_unicode() {
                Some(BfString::Char(c)) => c.to_string().into(),
                Some(BfString::String(s)) => s.into(),
                // No ToUnicode entry: keep the glyph so a later stage can see
                // that the text layer is broken here.
                None => char::REPLACEMENT_CHARACTER.to_string().into(),
            };
            let advance = match &**glyph {
                hayro_interpret::font::Glyph::Outline(g) => g.advance_width(),
                hayro_interpret::font::Glyph::Type3(g) => g.advance_width(),
            }
            .map(f64::from)
            .unwrap_or(0.0);
            self.glyph(
                text,
                props.transform * glyph.transform(),
                advance,
                invisible,
            );
        }
        self.end_run(start);
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        self.image(super::image_placement(
            props.transform,
            image.width(),
            image.height(),
        ));
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// Whether `run` repeats `prev` at (nearly) the same place: fill+stroke
/// text (`2 Tr`) arrives as two runs, and exporters make "fake bold" by
/// drawing a run again with a small offset. Both come right after the run
/// they repeat.
fn repeats(prev: &[Word], run: &[Word]) -> bool {
    !run.is_empty()
        && prev.len() == run.len()
        && prev.iter().zip(run).all(|(a, b)| {
            let tol = (0.15 * a.size).max(0.6);
            a.text == b.text
                && (a.bbox.x0 - b.bbox.x0).abs() <= tol
                && (a.bbox.top - b.bbox.top).abs() <= tol
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str, x: f64) -> Word {
        Word {
            text: t.into(),
            bbox: BBox::new(x, 100.0, x + 10.0, 110.0),
            size: 10.0,
            confidence: 1.0,
            char_confidences: None,
        }
    }

    /// Borders filled as thin rectangles (WPS): a 0.5 pt high one is a
    /// horizontal rule, though its corners lie within `axis_tolerance` of
    /// each other; a path drawn back to its start is still one rectangle.
    #[test]
    fn thin_filled_rectangles_are_rules() {
        let p = |x: f64, y: f64| Point::new(x, y);
        let thin = [
            p(100.0, 500.0),
            p(400.0, 500.0),
            p(400.0, 500.5),
            p(100.0, 500.5),
        ];
        assert_eq!(axis_rect(&thin, 0.5), Some((100.0, 500.0, 400.0, 500.5)));
        let closed = [thin[0], thin[1], thin[2], thin[3], thin[0]];
        assert_eq!(axis_rect(&closed, 0.5), Some((100.0, 500.0, 400.0, 500.5)));
        let settings = PdfSettings::default();
        let mut c = Collector::new(600.0, 800.0, &settings);
        c.add_filled(&thin);
        assert_eq!(c.segments, vec![Segment::horizontal(500.25, 100.0, 400.0)]);
    }

    #[test]
    fn overprinted_runs_are_repeats() {
        let run = vec![w("财", 0.0), w("政", 10.0)];
        // Fill+stroke: the same run again.
        assert!(repeats(&run, &run.clone()));
        // Fake bold: shifted by a fraction of a point.
        assert!(repeats(&run, &[w("财", 0.4), w("政", 10.4)]));
        // The next word of the line is not a repeat.
        assert!(!repeats(&run, &[w("财", 20.0), w("政", 30.0)]));
        assert!(!repeats(&run, &[w("资", 0.0), w("金", 10.0)]));
        assert!(!repeats(&[], &[]));
    }

    #[test]
    fn invisible_text_over_a_scan_is_set_aside() {
        let settings = PdfSettings::default();
        let page = |visible: bool, image: Option<BBox>| {
            let mut c = Collector::new(600.0, 800.0, &settings);
            c.words = vec![w("贝", 0.0), w("才", 10.0)];
            c.any_visible = visible;
            c.images.extend(image);
            c.finish(1)
        };
        let full = BBox::new(0.0, 0.0, 600.0, 800.0);
        // Only invisible text over a page-sized image: another program's OCR.
        let p = page(false, Some(full));
        assert!(p.words.is_empty());
        assert_eq!(p.hidden_ocr_chars, 2);
        // Visible text beside it, a small image, or no image: text is text.
        for p in [
            page(true, Some(full)),
            page(false, Some(BBox::new(0.0, 0.0, 100.0, 100.0))),
            page(false, None),
        ] {
            assert_eq!((p.words.len(), p.hidden_ocr_chars), (2, 0));
        }
    }
}
