//! Text layer and vector rules: a PDF's bytes → one `Page` IR per page.
//!
//! hayro interprets the content streams (fonts, CMaps, ToUnicode, transforms);
//! this module only listens to what it draws: glyph runs become `Word`s (one
//! per glyph) and axis-aligned lines and thin filled rectangles become
//! ruling `Segment`s. Clipping is ignored on purpose: exporters clip every
//! cell, and the rules we want are drawn regardless.
//!
//! Architecture invariant: this module knows nothing about tables or forms.

mod content;
mod device;
mod fonts;
mod lean;
pub mod raster;
pub mod structure;

use crate::ir::Page;
pub use hayro_interpret::hayro_syntax::PdfData;
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::kurbo::{Affine, Rect};
use hayro_interpret::{Context, InterpreterCache, InterpreterSettings, interpret_page};
use std::fmt;

/// Tolerances of the text-layer reader, in points.
#[derive(Clone, Debug)]
pub struct PdfSettings {
    /// A filled rectangle no thicker than this is a ruling line.
    pub max_rule_thickness: f64,
    /// Path pieces shorter than this are not rules (tick marks, dots).
    pub min_rule_length: f64,
    /// How far a line may lean and still count as horizontal/vertical.
    pub axis_tolerance: f64,
    /// Larger images are not decoded (a hostile file may claim any size).
    pub max_image_pixels: u64,
}

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            max_rule_thickness: 3.0,
            min_rule_length: 2.0,
            axis_tolerance: 0.5,
            max_image_pixels: 150_000_000,
        }
    }
}

#[derive(Debug)]
pub enum PdfError {
    /// Encrypted with a user password we do not have.
    Encrypted,
    /// Not parseable as a PDF at all.
    Invalid(String),
    /// Parsed, but holds no pages.
    NoPages,
    /// Cut off before its end.
    Truncated,
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Encrypted => write!(
                f,
                "the PDF is encrypted with a password; give it with --password"
            ),
            PdfError::Invalid(why) => write!(f, "not a readable PDF ({why})"),
            PdfError::NoPages => {
                write!(f, "the PDF has no pages (or its page tree cannot be read)")
            }
            PdfError::Truncated => write!(
                f,
                "the file is cut off (no %%EOF or startxref at its end), e.g. by an interrupted download or copy; not read"
            ),
        }
    }
}

impl std::error::Error for PdfError {}

/// Parses a PDF, decrypting it with `password` ("" for none).
pub(crate) fn open(bytes: impl Into<PdfData>, password: &str) -> Result<Pdf, PdfError> {
    Pdf::new_with_password(bytes, password).map_err(|e| match e {
        LoadPdfError::Decryption(_) => PdfError::Encrypted,
        other => PdfError::Invalid(format!("{other:?}")),
    })
}

/// Where an image lands on the page: hayro's image transform maps the
/// image's pixel coordinates (not the unit square) to the page.
pub(crate) fn image_placement(transform: Affine, width_px: u32, height_px: u32) -> crate::ir::BBox {
    let (w, h) = (width_px as f64, height_px as f64);
    let pts = [(0.0, 0.0), (w, 0.0), (0.0, h), (w, h)]
        .map(|(x, y)| transform * hayro_interpret::kurbo::Point::new(x, y));
    let (xs, ys) = (pts.map(|p| p.x), pts.map(|p| p.y));
    let min = |v: [f64; 4]| v.into_iter().fold(f64::MAX, f64::min);
    let max = |v: [f64; 4]| v.into_iter().fold(f64::MIN, f64::max);
    crate::ir::BBox::new(min(xs), min(ys), max(xs), max(ys))
}

/// Page space: points, origin at the top-left, the page's rotation
/// applied. The transform into it from the page's user space, and the
/// page's size.
fn page_frame(page: &hayro_interpret::hayro_syntax::page::Page<'_>) -> (Affine, f64, f64) {
    let (w, h) = page.render_dimensions();
    let initial = Affine::new(page.initial_transform(true).as_coeffs());
    (initial, w as f64, h as f64)
}

/// An interpretation context for one page in page space (`page_frame`),
/// and the page's size.
pub(crate) fn page_context<'a>(
    page: &hayro_interpret::hayro_syntax::page::Page<'a>,
    cache: &InterpreterCache<'a>,
    xref: &'a hayro_interpret::hayro_syntax::xref::XRef,
) -> (Context<'a>, f64, f64) {
    let (initial, w, h) = page_frame(page);
    let ctx = Context::new(
        initial,
        Rect::new(0.0, 0.0, w, h),
        cache,
        xref,
        InterpreterSettings::default(),
    );
    (ctx, w, h)
}

/// A PDF read into the page IR, with what was wrong with the file itself.
pub struct Document {
    pub pages: Vec<Page>,
    /// Damage found in the file's structure (and recovered from).
    pub warnings: Vec<String>,
}

/// Checks the file's structure, then reads every page into the page IR.
/// `bytes`: a `Vec<u8>`, or an `Arc` of one when the caller keeps the
/// bytes too (no copy).
pub fn read_document(
    bytes: impl Into<PdfData>,
    password: &str,
    settings: &PdfSettings,
) -> Result<Document, PdfError> {
    let bytes = bytes.into();
    let warnings = structure::check(bytes.as_ref())?;
    let pages = read_pages(bytes, password, settings)?;
    Ok(Document { pages, warnings })
}

pub use lean::Unsupported;

/// Which interpreter reads the text layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpreter {
    /// The lean reader, or hayro for a file it does not support.
    Auto,
    /// hayro for every page (the reference the lean reader is tested against).
    Hayro,
}

/// Reads every page of a PDF into the page IR.
pub fn read_pages(
    bytes: impl Into<PdfData>,
    password: &str,
    settings: &PdfSettings,
) -> Result<Vec<Page>, PdfError> {
    read_pages_with(bytes, password, settings, Interpreter::Auto).map(|(pages, _)| pages)
}

/// Reads every page with the given interpreter; also says why the lean
/// reader stepped aside, if it did.
pub fn read_pages_with(
    bytes: impl Into<PdfData>,
    password: &str,
    settings: &PdfSettings,
    interpreter: Interpreter,
) -> Result<(Vec<Page>, Option<Unsupported>), PdfError> {
    let pdf = open(bytes, password)?;
    if pdf.pages().is_empty() {
        return Err(PdfError::NoPages);
    }
    if interpreter == Interpreter::Auto {
        match read_pages_lean(&pdf, settings) {
            Ok(pages) => return Ok((pages, None)),
            Err(why) => return Ok((read_pages_hayro(&pdf, settings), Some(why))),
        }
    }
    Ok((read_pages_hayro(&pdf, settings), None))
}

fn read_pages_lean(pdf: &Pdf, settings: &PdfSettings) -> Result<Vec<Page>, Unsupported> {
    let mut fonts = lean::FontCache::default();
    let pages = pdf.pages();
    let mut out = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let (initial, w, h) = page_frame(page);
        let mut dev = device::Collector::new(w, h, settings);
        lean::read_page(page, initial, &mut dev, &mut fonts)?;
        out.push(dev.finish(i as u32 + 1));
    }
    Ok(out)
}

fn read_pages_hayro(pdf: &Pdf, settings: &PdfSettings) -> Vec<Page> {
    let pages = pdf.pages();
    let cache = InterpreterCache::new();
    let mut out = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let (mut ctx, w, h) = page_context(page, &cache, pdf.xref());
        let mut dev = device::Collector::new(w, h, settings);
        interpret_page(page, &mut ctx, &mut dev);
        out.push(dev.finish(i as u32 + 1));
    }
    out
}
