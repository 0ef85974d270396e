//! The lean text-layer reader: content streams → `Collector`, with no font
//! programs, no colour management and no rendering state.
//!
//! Why it exists: hayro interprets a page for drawing it, so it inflates
//! every embedded font program and hashes font dictionaries on every `Tf`;
//! that was most of a page's time. Exported 申报表 need much less: the text
//! state, the transform, rectangles and lines, and fonts described by their
//! /Widths, /W and ToUnicode.
//!
//! Invariant: this reader either produces what hayro would (same glyph
//! texts, boxes within rounding, same rules and images; the test
//! `text_layer_readers_agree` holds it to that on every sample and real
//! page) or steps aside with `Unsupported`, and hayro reads the whole file.
//! When in doubt it steps aside: a slow correct page beats a fast wrong one.

use super::content::{Operand, Ops};
use super::device::{Collector, rgba8_invisible};
use super::fonts::Font;
use hayro_interpret::hayro_syntax::object::{Dict, Name, Number, Object, ObjectIdentifier, Stream};
use hayro_interpret::hayro_syntax::page::Resources;
use hayro_interpret::kurbo::{Affine, BezPath, Point, Shape};
use rustc_hash::FxHashMap;
use std::rc::Rc;
use std::sync::{Arc, LazyLock};

/// The text of a glyph the file gives no text for: kept, so a later stage
/// can see that the text layer is broken here.
static REPLACEMENT: LazyLock<Arc<str>> =
    LazyLock::new(|| char::REPLACEMENT_CHARACTER.to_string().into());

/// Why the lean reader stepped aside (for tests and diagnostics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

/// Form XObjects nest at most this deep; deeper is hostile or broken, and
/// hayro has its own guard.
const MAX_FORM_DEPTH: u32 = 12;

/// Fonts of one document, by object, loaded once.
#[derive(Default)]
pub(super) struct FontCache {
    by_object: FxHashMap<ObjectIdentifier, Rc<Font>>,
}

impl FontCache {
    fn get(&mut self, dict: &Dict<'_>) -> Result<Rc<Font>, Unsupported> {
        match dict.obj_id() {
            Some(id) => {
                if let Some(f) = self.by_object.get(&id) {
                    return Ok(f.clone());
                }
                let f = Rc::new(Font::load(dict)?);
                self.by_object.insert(id, f.clone());
                Ok(f)
            }
            None => Ok(Rc::new(Font::load(dict)?)),
        }
    }
}

/// A paint colour, only as far as "can anyone see it" goes.
#[derive(Clone, Copy)]
struct Paint {
    /// Components in the current colour space (gray, RGB or CMYK).
    components: [f32; 4],
    n: u8,
    alpha: f32,
}

impl Paint {
    const BLACK: Paint = Paint {
        components: [0.0; 4],
        n: 1,
        alpha: 1.0,
    };

    fn set_space(&mut self, n: u8) {
        self.n = n;
        // A new colour space starts at its initial colour: black.
        self.components = if n == 4 {
            [0.0, 0.0, 0.0, 1.0]
        } else {
            [0.0; 4]
        };
    }

    fn set(&mut self, values: impl Iterator<Item = f32>) {
        for (slot, v) in self.components.iter_mut().zip(values) {
            *slot = v;
        }
    }

    /// As hayro's device sees it: white (or fully transparent) draws
    /// nothing a reader sees.
    fn invisible(&self) -> Result<bool, Unsupported> {
        let to8 = |v: f32| (v.clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
        let a = to8(self.alpha);
        let [c0, c1, c2, _] = self.components;
        let (r, g, b) = match self.n {
            1 => (to8(c0), to8(c0), to8(c0)),
            3 => (to8(c0), to8(c1), to8(c2)),
            _ => {
                // hayro converts CMYK through an ICC profile: only paper
                // white and clearly inked colours are certain here.
                if self.components.iter().all(|v| *v <= 0.0) {
                    (255, 255, 255)
                } else if self.components.iter().any(|v| *v >= 0.1) {
                    (0, 0, 0)
                } else {
                    return Err(Unsupported("a near-white CMYK colour"));
                }
            }
        };
        Ok(rgba8_invisible([r, g, b, a]))
    }
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Affine,
    fill: Paint,
    stroke: Paint,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_space: f64,
    word_space: f64,
    /// Tz / 100.
    h_scale: f64,
    leading: f64,
    rise: f64,
    render_mode: i64,
}

struct Reader<'c, 's> {
    out: &'c mut Collector<'s>,
    fonts: &'c mut FontCache,
    state: GraphicsState,
    stack: Vec<GraphicsState>,
    text_matrix: Affine,
    line_matrix: Affine,
    path: BezPath,
    /// Start of the current subpath, for `h`.
    subpath_start: Point,
    /// Whether the current path already ends in a close.
    closed: bool,
}

/// Reads one page's content into `out`. `initial` maps user space to the
/// page IR's space (top-left origin, rotation applied).
pub(super) fn read_page(
    page: &hayro_interpret::hayro_syntax::page::Page<'_>,
    initial: Affine,
    out: &mut Collector<'_>,
    fonts: &mut FontCache,
) -> Result<(), Unsupported> {
    let mut reader = Reader {
        out,
        fonts,
        state: GraphicsState {
            ctm: initial,
            fill: Paint::BLACK,
            stroke: Paint::BLACK,
            font: None,
            font_size: 1.0,
            char_space: 0.0,
            word_space: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
        },
        stack: Vec::new(),
        text_matrix: Affine::IDENTITY,
        line_matrix: Affine::IDENTITY,
        path: BezPath::new(),
        subpath_start: Point::ORIGIN,
        closed: false,
    };
    let content = page.page_stream().unwrap_or(&[]);
    reader.run(content, page.resources(), 0)
}

fn bad_operands() -> Unsupported {
    Unsupported("an operator with operands it does not take")
}

/// Exactly `N` numbers.
fn numbers<const N: usize>(args: &[Operand<'_>]) -> Result<[f64; N], Unsupported> {
    if args.len() != N {
        return Err(bad_operands());
    }
    let mut out = [0.0; N];
    for (slot, a) in out.iter_mut().zip(args) {
        *slot = a.number().ok_or_else(bad_operands)?;
    }
    Ok(out)
}

/// A single name operand, as hayro-syntax's type for resource lookups.
fn name_arg<'a>(args: &[Operand<'a>]) -> Result<Name<'a>, Unsupported> {
    match args {
        [Operand::Name(n)] => Ok(Name::new_unescaped(n)),
        _ => Err(bad_operands()),
    }
}

/// The components of `sc`/`scn`: numbers only (a trailing name is a
/// pattern).
fn colour_args<'a>(args: &'a [Operand<'_>]) -> Result<impl Iterator<Item = f32> + 'a, Unsupported> {
    if args.iter().any(|a| matches!(a, Operand::Name(_))) {
        return Err(Unsupported("a pattern colour"));
    }
    if args.iter().any(|a| a.number().is_none()) {
        return Err(bad_operands());
    }
    Ok(args.iter().filter_map(Operand::number).map(|v| v as f32))
}

fn color_space_components(name: &Name<'_>, resources: &Resources<'_>) -> Result<u8, Unsupported> {
    let by_name = |s: &[u8]| match s {
        b"DeviceGray" | b"G" | b"CalGray" => Some(1),
        b"DeviceRGB" | b"RGB" | b"CalRGB" => Some(3),
        b"DeviceCMYK" | b"CMYK" => Some(4),
        _ => None,
    };
    if let Some(k) = by_name(name.as_ref()) {
        return Ok(k);
    }
    let unsupported = Unsupported("a colour space other than gray, RGB, CMYK or ICC");
    match resources.get_color_space(name) {
        Some(Object::Name(n)) => by_name(n.as_ref()).ok_or(unsupported),
        Some(Object::Array(a)) => {
            let mut items = a.iter::<Object<'_>>();
            match items.next() {
                Some(Object::Name(family)) if family.as_ref() == b"ICCBased" => {
                    match items.next() {
                        Some(Object::Stream(s)) => match s.dict().get::<Number>(b"N") {
                            Some(k) if matches!(k.as_i64(), 1 | 3 | 4) => Ok(k.as_i64() as u8),
                            _ => Err(unsupported),
                        },
                        _ => Err(unsupported),
                    }
                }
                Some(Object::Name(family)) => by_name(family.as_ref()).ok_or(unsupported),
                _ => Err(unsupported),
            }
        }
        _ => Err(unsupported),
    }
}

impl Reader<'_, '_> {
    fn run(
        &mut self,
        content: &[u8],
        resources: &Resources<'_>,
        depth: u32,
    ) -> Result<(), Unsupported> {
        if depth > MAX_FORM_DEPTH {
            return Err(Unsupported("form XObjects nested too deep"));
        }
        // Fonts by resource name, so a `Tf` repeated on every cell costs a
        // lookup, not a dictionary walk.
        let mut by_name: FxHashMap<Vec<u8>, Rc<Font>> = FxHashMap::default();
        let mut ops = Ops::new(content);
        while let Some(op) = ops.next()? {
            let args = &ops.operands;
            match op {
                b"q" => self.stack.push(self.state.clone()),
                b"Q" => {
                    if let Some(s) = self.stack.pop() {
                        self.state = s;
                    }
                }
                b"cm" => self.state.ctm *= Affine::new(numbers::<6>(args)?),
                b"gs" => {
                    if let Some(d) = resources.get_ext_g_state(&name_arg(args)?) {
                        if d.contains_key(b"Font") {
                            return Err(Unsupported("a font set by ExtGState"));
                        }
                        if let Some(a) = d.get::<Number>(b"ca") {
                            self.state.fill.alpha = a.as_f32();
                        }
                        if let Some(a) = d.get::<Number>(b"CA") {
                            self.state.stroke.alpha = a.as_f32();
                        }
                    }
                }
                // Line style, rendering intent, flatness: nothing to read.
                b"w" | b"J" | b"j" | b"M" | b"d" | b"ri" | b"i" => {}

                // Paths.
                b"m" => {
                    let [x, y] = numbers(args)?;
                    let p = Point::new(x, y);
                    self.path.move_to(p);
                    self.subpath_start = p;
                    self.closed = false;
                }
                b"l" => {
                    let [x, y] = numbers(args)?;
                    self.ensure_started();
                    self.path.line_to((x, y));
                    self.closed = false;
                }
                b"c" => {
                    let [x1, y1, x2, y2, x3, y3] = numbers(args)?;
                    self.ensure_started();
                    self.path.curve_to((x1, y1), (x2, y2), (x3, y3));
                    self.closed = false;
                }
                b"v" => {
                    let [x2, y2, x3, y3] = numbers(args)?;
                    self.ensure_started();
                    let cur = self.current_point();
                    self.path
                        .curve_to(cur, Point::new(x2, y2), Point::new(x3, y3));
                    self.closed = false;
                }
                b"y" => {
                    let [x1, y1, x3, y3] = numbers(args)?;
                    self.ensure_started();
                    self.path.curve_to((x1, y1), (x3, y3), (x3, y3));
                    self.closed = false;
                }
                b"h" => self.close(),
                b"re" => {
                    let [x, y, w, h] = numbers(args)?;
                    self.path.move_to((x, y));
                    self.path.line_to((x + w, y));
                    self.path.line_to((x + w, y + h));
                    self.path.line_to((x, y + h));
                    self.path.close_path();
                    self.subpath_start = Point::new(x, y);
                    self.closed = true;
                }
                b"S" => self.paint(false, true)?,
                b"s" => {
                    self.close();
                    self.paint(false, true)?
                }
                b"f" | b"F" | b"f*" => self.paint(true, false)?,
                b"B" | b"B*" => self.paint(true, true)?,
                b"b" | b"b*" => {
                    self.close();
                    self.paint(true, true)?
                }
                b"n" => self.path.truncate(0),
                // Clipping is ignored on purpose (see `pdf`): exporters clip
                // every cell, and the rules are drawn regardless.
                b"W" | b"W*" => {}

                // Colour.
                b"CS" => {
                    let k = color_space_components(&name_arg(args)?, resources)?;
                    self.state.stroke.set_space(k);
                }
                b"cs" => {
                    let k = color_space_components(&name_arg(args)?, resources)?;
                    self.state.fill.set_space(k);
                }
                b"SC" | b"SCN" => self.state.stroke.set(colour_args(args)?),
                b"sc" | b"scn" => self.state.fill.set(colour_args(args)?),
                // Device colours: gray, RGB, CMYK; upper case strokes.
                b"G" | b"g" | b"RG" | b"rg" | b"K" | b"k" => {
                    let components = match op[0].to_ascii_lowercase() {
                        b'g' => 1,
                        b'r' => 3,
                        _ => 4,
                    };
                    if args.len() != components {
                        return Err(bad_operands());
                    }
                    let paint = if op[0].is_ascii_uppercase() {
                        &mut self.state.stroke
                    } else {
                        &mut self.state.fill
                    };
                    paint.set_space(components as u8);
                    paint.set(colour_args(args)?);
                }
                b"sh" => return Err(Unsupported("a shading (sh)")),

                // Images and forms.
                b"Do" => {
                    let Some(stream) = resources.get_x_object(&name_arg(args)?) else {
                        continue;
                    };
                    self.x_object(&stream, resources, depth)?;
                }

                // Text.
                b"BT" => {
                    self.text_matrix = Affine::IDENTITY;
                    self.line_matrix = Affine::IDENTITY;
                }
                b"ET" => {}
                b"Tc" => self.state.char_space = numbers::<1>(args)?[0],
                b"Tw" => self.state.word_space = numbers::<1>(args)?[0],
                b"Tz" => self.state.h_scale = numbers::<1>(args)?[0] / 100.0,
                b"TL" => self.state.leading = numbers::<1>(args)?[0],
                b"Ts" => self.state.rise = numbers::<1>(args)?[0],
                b"Tr" => {
                    let mode = numbers::<1>(args)?[0];
                    if !matches!(mode, 0.0 | 1.0 | 2.0 | 3.0) {
                        return Err(Unsupported("a clipping text rendering mode"));
                    }
                    self.state.render_mode = mode as i64;
                }
                b"Tf" => {
                    let [Operand::Name(key), Operand::Number(size)] = args.as_slice() else {
                        return Err(bad_operands());
                    };
                    self.state.font_size = *size;
                    let font = match by_name.get(*key) {
                        Some(f) => f.clone(),
                        None => {
                            let dict = resources
                                .get_font(&Name::new_unescaped(key))
                                .ok_or(Unsupported("a font missing from the resources"))?;
                            let f = self.fonts.get(&dict)?;
                            by_name.insert(key.to_vec(), f.clone());
                            f
                        }
                    };
                    self.state.font = Some(font);
                }
                b"Td" => {
                    let [tx, ty] = numbers(args)?;
                    self.next_line(tx, ty);
                }
                b"TD" => {
                    let [tx, ty] = numbers(args)?;
                    self.state.leading = -ty;
                    self.next_line(tx, ty);
                }
                b"Tm" => {
                    let m = Affine::new(numbers::<6>(args)?);
                    self.text_matrix = m;
                    self.line_matrix = m;
                }
                b"T*" => self.next_line(0.0, -self.state.leading),
                b"Tj" => {
                    let [Operand::Str(s)] = args.as_slice() else {
                        return Err(bad_operands());
                    };
                    self.show_run(s)?;
                }
                b"'" => {
                    let [Operand::Str(s)] = args.as_slice() else {
                        return Err(bad_operands());
                    };
                    self.next_line(0.0, -self.state.leading);
                    self.show_run(s)?;
                }
                b"\"" => {
                    let [Operand::Number(aw), Operand::Number(ac), Operand::Str(s)] =
                        args.as_slice()
                    else {
                        return Err(bad_operands());
                    };
                    self.state.word_space = *aw;
                    self.state.char_space = *ac;
                    self.next_line(0.0, -self.state.leading);
                    self.show_run(s)?;
                }
                b"TJ" => {
                    let [Operand::Array(items)] = args.as_slice() else {
                        return Err(bad_operands());
                    };
                    let start = self.out.begin_run();
                    for item in items {
                        match item {
                            Operand::Number(adj) => {
                                let tx = -adj / 1000.0 * self.state.font_size * self.state.h_scale;
                                self.text_matrix *= Affine::translate((tx, 0.0));
                            }
                            Operand::Str(s) => self.show(s)?,
                            _ => {}
                        }
                    }
                    self.out.end_run(start);
                }

                // Marked content: only optional content changes what is drawn.
                b"BDC" => {
                    if matches!(args.first(), Some(Operand::Name(b"OC"))) {
                        return Err(Unsupported("optional content"));
                    }
                }
                b"BMC" | b"EMC" | b"MP" | b"DP" | b"BX" | b"EX" => {}
                // Type3 glyph metrics: not in page content.
                b"d0" | b"d1" => {}
                _ => return Err(Unsupported("an unknown operator")),
            }
        }
        Ok(())
    }

    fn ensure_started(&mut self) {
        if self.path.elements().is_empty() {
            self.path.move_to(Point::ORIGIN);
            self.subpath_start = Point::ORIGIN;
        }
    }

    fn current_point(&self) -> Point {
        use hayro_interpret::kurbo::PathEl;
        match self.path.elements().last() {
            Some(PathEl::MoveTo(p) | PathEl::LineTo(p) | PathEl::CurveTo(_, _, p)) => *p,
            Some(PathEl::QuadTo(_, p)) => *p,
            Some(PathEl::ClosePath) => self.subpath_start,
            None => Point::ORIGIN,
        }
    }

    fn close(&mut self) {
        if !self.closed && !self.path.elements().is_empty() {
            self.path.close_path();
            self.closed = true;
        }
    }

    /// Paints the current path as hayro does: fill first, then stroke; a
    /// fill with no area (a zero-height rectangle) is a hairline.
    fn paint(&mut self, fill: bool, stroke: bool) -> Result<(), Unsupported> {
        let ctm = self.state.ctm;
        if fill && !self.state.fill.invisible()? {
            let bbox = self.path.bounding_box();
            let x_len = (ctm * Point::new(1.0, 0.0) - ctm * Point::ORIGIN).hypot();
            let y_len = (ctm * Point::new(0.0, 1.0) - ctm * Point::ORIGIN).hypot();
            let flat = |v: f64| (v as f32).abs() <= 1.0 / 4096.0;
            if flat(bbox.width() * x_len) || flat(bbox.height() * y_len) {
                let mut line = BezPath::new();
                line.move_to((bbox.x0, bbox.y0));
                line.line_to((bbox.x1, bbox.y1));
                self.out.path(&line, ctm, true, false);
            } else {
                self.out.path(&self.path, ctm, false, true);
            }
        }
        if stroke && !self.state.stroke.invisible()? {
            self.out.path(&self.path, ctm, true, false);
        }
        self.path.truncate(0);
        self.closed = false;
        Ok(())
    }

    fn x_object(
        &mut self,
        stream: &Stream<'_>,
        resources: &Resources<'_>,
        depth: u32,
    ) -> Result<(), Unsupported> {
        let dict = stream.dict();
        if dict.contains_key(b"OC") {
            return Err(Unsupported("optional content"));
        }
        match dict.get::<Name<'_>>(b"Subtype").as_deref() {
            Some(b"Image") => {
                let size = |k: &[u8]| dict.get::<Number>(k).map_or(0, |v| v.as_i64());
                if size(b"Width") > 0 && size(b"Height") > 0 {
                    self.image();
                }
                Ok(())
            }
            Some(b"Form") => {
                let data = stream
                    .decoded()
                    .map_err(|_| Unsupported("a form XObject that does not decode"))?;
                let own = dict.get::<Dict<'_>>(b"Resources").map(Resources::new);
                let matrix = dict
                    .get::<[f64; 6]>(b"Matrix")
                    .map_or(Affine::IDENTITY, Affine::new);
                self.stack.push(self.state.clone());
                self.state.ctm *= matrix;
                // A form starts with no path and its own text object.
                let saved_path = std::mem::take(&mut self.path);
                let result = self.run(&data, own.as_ref().unwrap_or(resources), depth + 1);
                self.path = saved_path;
                if let Some(s) = self.stack.pop() {
                    self.state = s;
                }
                result
            }
            _ => Err(Unsupported("an XObject that is neither image nor form")),
        }
    }

    /// An image fills the unit square of user space: one pixel, as far
    /// as `image_placement` is concerned.
    fn image(&mut self) {
        self.out.image(super::image_placement(self.state.ctm, 1, 1));
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.line_matrix *= Affine::translate((tx, ty));
        self.text_matrix = self.line_matrix;
    }

    /// A string shown on its own (`Tj`, `'`, `"`): one glyph run.
    fn show_run(&mut self, bytes: &[u8]) -> Result<(), Unsupported> {
        let start = self.out.begin_run();
        self.show(bytes)?;
        self.out.end_run(start);
        Ok(())
    }

    /// Shows one string: a glyph per code, advancing the text matrix.
    fn show(&mut self, bytes: &[u8]) -> Result<(), Unsupported> {
        let Some(font) = self.state.font.clone() else {
            return Err(Unsupported("text shown before any font was set"));
        };
        let s = &self.state;
        let invisible = s.render_mode == 3;
        let size_matrix =
            Affine::new([s.font_size * s.h_scale, 0.0, 0.0, s.font_size, 0.0, s.rise])
                * Affine::scale(1.0 / 1000.0);
        for code in font.codes(bytes)? {
            let width = font.width(code.code);
            let text = font
                .text(code.code)?
                .unwrap_or_else(|| Arc::clone(&REPLACEMENT));
            let t = self.state.ctm * self.text_matrix * size_matrix;
            self.out.glyph(text, t, f64::from(width), invisible);
            let s = &self.state;
            let word_space = if code.code == 32 && code.len == 1 {
                s.word_space
            } else {
                0.0
            };
            let tx =
                (f64::from(width) / 1000.0 * s.font_size + s.char_space + word_space) * s.h_scale;
            self.text_matrix *= Affine::translate((tx, 0.0));
        }
        Ok(())
    }
}
