//! The raster image a scanned page is made of: decoded to grayscale, with
//! where it sits on the page.

use super::{PdfError, PdfSettings};
use crate::ir::BBox;
use crate::ir::{GrayImage, PixelLayout, ink_level};
use hayro_interpret::font::GlyphRun;
use hayro_interpret::kurbo::{BezPath, Point};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageData, ImageDrawProps,
    InterpreterCache, SoftMask, interpret_page,
};

/// A page's largest image, decoded (the type lives in `ir`, below `ocr`).
pub use crate::ir::PageImage;

/// Decodes the largest image of each listed page (1-based numbers). Pages
/// without an image, or whose image is larger than `max_image_pixels`,
/// give `None` (the latter with a reason).
pub fn page_images(
    bytes: impl Into<super::PdfData>,
    password: &str,
    pages: &[u32],
    settings: &PdfSettings,
) -> Result<Vec<Result<Option<PageImage>, String>>, PdfError> {
    let pdf = super::open(bytes, password)?;
    let cache = InterpreterCache::new();
    let all = pdf.pages();
    let mut out = Vec::new();
    for &n in pages {
        let Some(page) = all.get(n as usize - 1) else {
            out.push(Ok(None));
            continue;
        };
        let (mut ctx, w, h) = super::page_context(page, &cache, pdf.xref());
        let mut dev = Largest {
            best: None,
            max_pixels: settings.max_image_pixels,
            refused: None,
        };
        interpret_page(page, &mut ctx, &mut dev);
        out.push(match (dev.best, dev.refused) {
            (Some((gray, placement)), _) => Ok(Some(PageImage {
                page: n,
                gray,
                placement,
                page_width: w,
                page_height: h,
            })),
            (None, Some(why)) => Err(why),
            (None, None) => Ok(None),
        });
    }
    Ok(out)
}

/// Pixels whose width and height differ by more than this share are
/// resampled square (fax fine mode is 204 × 196 dpi: 4 %).
const SQUARE_PIXEL_TOLERANCE: f64 = 0.01;

struct Largest {
    best: Option<(GrayImage, BBox)>,
    max_pixels: u64,
    refused: Option<String>,
}

impl<'a> Device<'a> for Largest {
    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        let (width, height) = (image.width(), image.height());
        let placement = super::image_placement(props.transform, width, height);
        if self
            .best
            .as_ref()
            .is_some_and(|(_, b)| b.area() >= placement.area())
        {
            return;
        }
        let pixels = width as u64 * height as u64;
        if pixels > self.max_pixels {
            self.refused = Some(format!(
                "its image claims {width}×{height} pixels, more than the limit of {} megapixels",
                self.max_pixels / 1_000_000
            ));
            return;
        }
        let mut gray = None;
        match image {
            Image::Raster(raster) => raster.with_rgba(
                |data, _alpha| {
                    gray = Some(match data {
                        ImageData::Rgb(d) => GrayImage {
                            width: d.width,
                            height: d.height,
                            data: d
                                .data
                                .chunks_exact(3)
                                .map(|p| ink_level(p[0], p[1], p[2]))
                                .collect(),
                        },
                        ImageData::Luma(d) => GrayImage {
                            width: d.width,
                            height: d.height,
                            data: d.data,
                        },
                    });
                },
                None,
            ),
            // A 1-bit scan written as a stencil (`/ImageMask true`): the
            // ink is where the fill colour is painted (255 in the mask).
            Image::Stencil(stencil) => stencil.with_stencil(
                |mask, _paint| {
                    gray = Some(GrayImage {
                        width: mask.width,
                        height: mask.height,
                        data: mask.data.iter().map(|&v| 255 - v).collect(),
                    });
                },
                None,
            ),
        }
        if let Some(g) = gray {
            // The pixels as the page shows them (a flipped, turned or
            // `/Rotate`d placement), in square pixels (a fax's are not).
            let (t, w, h) = (props.transform, width as f64, height as f64);
            let at = |x: f64, y: f64| {
                let p = t * Point::new(x, y);
                (p.x, p.y)
            };
            let layout = PixelLayout::from_corners(at(0.0, 0.0), at(w, 0.0), at(0.0, h));
            let g = g.as_shown(layout).square_pixels(
                placement.width(),
                placement.height(),
                SQUARE_PIXEL_TOLERANCE,
            );
            self.best = Some((g, placement));
        }
    }
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn draw_glyph_run(&mut self, _: &GlyphRun<'_, 'a>, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// Renders the listed pages (1-based) at `dpi` to grayscale: for pages whose
/// text layer does not decode, OCR reads the page as drawn. The image covers
/// the whole page (placement = the page box, points, top-left origin).
pub fn render_pages(
    bytes: impl Into<super::PdfData>,
    password: &str,
    pages: &[u32],
    dpi: f64,
    settings: &PdfSettings,
) -> Result<Vec<Result<PageImage, String>>, PdfError> {
    let rendered = render_pages_rgb(bytes, password, pages, dpi, settings)?;
    Ok(rendered
        .into_iter()
        .zip(pages)
        .map(|(r, &n)| {
            r.map(|img| PageImage {
                page: n,
                // The brightest channel, as for scans: coloured ink fades.
                gray: GrayImage {
                    width: img.width,
                    height: img.height,
                    data: img
                        .data
                        .chunks_exact(3)
                        .map(|p| ink_level(p[0], p[1], p[2]))
                        .collect(),
                },
                placement: BBox::new(0.0, 0.0, img.page_width, img.page_height),
                page_width: img.page_width,
                page_height: img.page_height,
            })
        })
        .collect())
}

/// A page rendered in colour: what the reader saw (a red seal stays red).
#[derive(Clone, Debug)]
pub struct RgbImage {
    pub width: u32,
    pub height: u32,
    /// Row-major RGB, 3 bytes a pixel.
    pub data: Vec<u8>,
    /// The page's size in points.
    pub page_width: f64,
    pub page_height: f64,
}

/// Renders the listed pages (1-based) at `dpi` in colour, on white.
pub fn render_pages_rgb(
    bytes: impl Into<super::PdfData>,
    password: &str,
    pages: &[u32],
    dpi: f64,
    settings: &PdfSettings,
) -> Result<Vec<Result<RgbImage, String>>, PdfError> {
    use hayro::vello_cpu::color::palette::css::WHITE;
    let pdf = super::open(bytes, password)?;
    let cache = hayro::RenderCache::new();
    let all = pdf.pages();
    let scale = (dpi / 72.0) as f32;
    let mut out = Vec::new();
    for &n in pages {
        let Some(page) = all.get(n as usize - 1) else {
            out.push(Err(format!("page {n} does not exist")));
            continue;
        };
        let (w, h) = page.render_dimensions();
        let pixels = (w * scale) as u64 * (h * scale) as u64;
        if pixels > settings.max_image_pixels
            || w * scale > u16::MAX as f32
            || h * scale > u16::MAX as f32
        {
            out.push(Err(format!(
                "page {n} is {w:.0}×{h:.0} pt, too large to render at {dpi:.0} dpi"
            )));
            continue;
        }
        let pixmap = hayro::render(
            page,
            &cache,
            &hayro_interpret::InterpreterSettings::default(),
            &hayro::RenderSettings::default(),
            &hayro::PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: WHITE,
            },
        );
        out.push(Ok(RgbImage {
            width: pixmap.width() as u32,
            height: pixmap.height() as u32,
            // Opaque (white background), so premultiplied = straight colour.
            data: pixmap
                .data_as_u8_slice()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect(),
            page_width: w as f64,
            page_height: h as f64,
        }));
    }
    Ok(out)
}
