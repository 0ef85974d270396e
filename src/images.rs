//! Page image files (TIFF, PNG, JPEG) → scanned pages for the OCR path.
//!
//! Each image, and each page of a multi-page TIFF, is one scanned page: a
//! `PageImage` filling a page sized by its resolution, exactly as a scan
//! inside a PDF is given to `ocr::read_scanned`. The resolution comes from
//! the file (TIFF X/YResolution, PNG pHYs, JPEG JFIF density); a file that
//! has none is taken at `DEFAULT_DPI`, with a warning.
//!
//! Decoders are the crates': `tiff` (CCITT G3/G4 through `fax34`, LZW,
//! Deflate, JPEG, PackBits), `png`, and `zune-jpeg` (hayro's JPEG decoder).
//! Colour is turned to gray as a PDF scan's is (`ir::ink_level`:
//! the brightest channel, so a red seal fades).
//!
//! Architecture invariant: like `pdf`, knows pixels, not forms.

use crate::ir::{BBox, GrayImage, PageImage, PixelLayout};
use std::io::Cursor;

/// The resolution taken when a file does not say.
pub const DEFAULT_DPI: f64 = 300.0;
/// Resolutions outside this range are a file's mistake (72 "dpi" of a
/// screen grab is kept: it is what the file says).
const DPI_RANGE: std::ops::RangeInclusive<f64> = 50.0..=2400.0;

/// What a file holds, by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Tiff,
    Png,
    Jpeg,
}

pub fn format_of(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(Format::Tiff)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else {
        None
    }
}

/// A decoded page with the resolution its file gave, if any.
struct Decoded {
    gray: GrayImage,
    dpi: Option<f64>,
    /// The vertical resolution when the file gives its own (a fax's 196 or
    /// 98 dpi against 204 across); otherwise `dpi` serves both.
    ydpi: Option<f64>,
    /// How the stored rows lie on the page (TIFF's Orientation tag).
    layout: PixelLayout,
}

/// Decodes every page of one image file, numbering them from `first_page`.
/// Per page: the image, or why it could not be read. `warnings` gets the
/// pages taken at the default resolution.
pub fn read_image_file(
    bytes: &[u8],
    first_page: u32,
    max_pixels: u64,
    warnings: &mut Vec<String>,
) -> Vec<Result<PageImage, String>> {
    let decoded = match format_of(bytes) {
        Some(Format::Tiff) => decode_tiff(bytes, max_pixels),
        Some(Format::Png) => vec![decode_png(bytes, max_pixels)],
        Some(Format::Jpeg) => vec![decode_jpeg(bytes, max_pixels)],
        None => vec![Err("not a TIFF, PNG or JPEG image".to_string())],
    };
    decoded
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let page = first_page + i as u32;
            let d = d?;
            let dpi = match d.dpi.filter(|v| DPI_RANGE.contains(v)) {
                Some(v) => v,
                None => {
                    warnings.push(format!(
                        "page {page}: the image does not give its resolution: taken as \
                         {DEFAULT_DPI} dpi"
                    ));
                    DEFAULT_DPI
                }
            };
            let ydpi = d.ydpi.filter(|v| DPI_RANGE.contains(v)).unwrap_or(dpi);
            // Resolutions belong to the stored grid; a quarter-turned
            // layout swaps them on the page.
            let (xdpi, ydpi) = if d.layout.columns_vertical {
                (ydpi, dpi)
            } else {
                (dpi, ydpi)
            };
            let gray = d.gray.as_shown(d.layout);
            let (w, h) = (
                gray.width as f64 * 72.0 / xdpi,
                gray.height as f64 * 72.0 / ydpi,
            );
            Ok(PageImage {
                page,
                gray: gray.square_pixels(w, h, SQUARE_PIXEL_TOLERANCE),
                placement: BBox::new(0.0, 0.0, w, h),
                page_width: w,
                page_height: h,
            })
        })
        .collect()
}

fn too_large(w: u32, h: u32, max_pixels: u64) -> Result<(), String> {
    let pixels = w as u64 * h as u64;
    if pixels > max_pixels {
        Err(format!(
            "the image claims {w}×{h} pixels, more than the limit of {} megapixels",
            max_pixels / 1_000_000
        ))
    } else if pixels == 0 {
        Err("the image has no pixels".into())
    } else {
        Ok(())
    }
}

/// Interleaved samples (`channels` a pixel, 8 bits) → gray.
fn to_gray(width: u32, height: u32, data: &[u8], channels: usize) -> Result<GrayImage, String> {
    use crate::ir::ink_level;
    let n = width as usize * height as usize;
    if data.len() < n * channels {
        return Err("the image data is shorter than its size says".into());
    }
    let data = match channels {
        1 => data[..n].to_vec(),
        // Gray + alpha: the alpha is dropped (scans are opaque).
        2 => data.chunks_exact(2).take(n).map(|p| p[0]).collect(),
        3 | 4 => data
            .chunks_exact(channels)
            .take(n)
            .map(|p| ink_level(p[0], p[1], p[2]))
            .collect(),
        c => return Err(format!("{c} colour channels are not supported")),
    };
    Ok(GrayImage {
        width,
        height,
        data,
    })
}

fn decode_tiff(bytes: &[u8], max_pixels: u64) -> Vec<Result<Decoded, String>> {
    use tiff::ColorType;
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    use tiff::tags::Tag;
    let mut limits = Limits::default();
    limits.decoding_buffer_size = max_pixels as usize * 4;
    let mut dec = match Decoder::new(Cursor::new(bytes)) {
        Ok(d) => d.with_limits(limits),
        Err(e) => return vec![Err(format!("not a readable TIFF ({e})"))],
    };
    let mut out = Vec::new();
    loop {
        let page = (|| -> Result<Decoded, String> {
            let bad = |e: tiff::TiffError| format!("TIFF page not decoded ({e})");
            let (w, h) = dec.dimensions().map_err(bad)?;
            too_large(w, h, max_pixels)?;
            let colour = dec.colortype().map_err(bad)?;
            let dpi = tiff_dpi(&mut dec, Tag::XResolution);
            let ydpi = tiff_dpi(&mut dec, Tag::YResolution);
            let layout = dec
                .find_tag_unsigned::<u16>(Tag::Orientation)
                .ok()
                .flatten()
                .map_or(PixelLayout::default(), tiff_layout);
            let image = dec.read_image().map_err(bad)?;
            let gray = match (colour, image) {
                (ColorType::Gray(bits @ (1 | 2 | 4)), DecodingResult::U8(d)) => {
                    unpack_bits(w, h, &d, bits)?
                }
                (ColorType::Gray(8), DecodingResult::U8(d)) => to_gray(w, h, &d, 1)?,
                (ColorType::GrayA(8), DecodingResult::U8(d)) => to_gray(w, h, &d, 2)?,
                (ColorType::RGB(8), DecodingResult::U8(d)) => to_gray(w, h, &d, 3)?,
                (ColorType::RGBA(8), DecodingResult::U8(d)) => to_gray(w, h, &d, 4)?,
                (ColorType::Gray(16), DecodingResult::U16(d)) => {
                    let d: Vec<u8> = d.iter().map(|v| (v >> 8) as u8).collect();
                    to_gray(w, h, &d, 1)?
                }
                (c, _) => {
                    return Err(format!(
                        "TIFF colour type {c:?} is not supported (save the scan as gray, \
                         bilevel or RGB)"
                    ));
                }
            };
            Ok(Decoded {
                gray,
                dpi,
                ydpi,
                layout,
            })
        })();
        out.push(page);
        if !dec.more_images() {
            return out;
        }
        if let Err(e) = dec.next_image() {
            out.push(Err(format!("TIFF page not found ({e})")));
            return out;
        }
    }
}

/// Pixels whose width and height differ by more than this share are
/// resampled square (a fax's 204 × 196 dpi).
const SQUARE_PIXEL_TOLERANCE: f64 = 0.01;

/// TIFF Orientation (tag 274): where the stored row 0 and column 0 lie.
fn tiff_layout(orientation: u16) -> PixelLayout {
    let (columns_vertical, columns_reversed, rows_reversed) = match orientation {
        2 => (false, true, false),
        3 => (false, true, true),
        4 => (false, false, true),
        5 => (true, false, false),
        6 => (true, false, true),
        7 => (true, true, true),
        8 => (true, true, false),
        _ => (false, false, false),
    };
    PixelLayout {
        columns_vertical,
        columns_reversed,
        rows_reversed,
    }
}

/// A TIFF's resolution in dots per inch (unit inch unless it says cm).
fn tiff_dpi<R: std::io::Read + std::io::Seek>(
    dec: &mut tiff::decoder::Decoder<R>,
    tag: tiff::tags::Tag,
) -> Option<f64> {
    use tiff::decoder::ifd::Value;
    let v = match dec.find_tag(tag).ok()?? {
        Value::Rational(n, d) if d != 0 => n as f64 / d as f64,
        other => other.into_f64().ok()?,
    };
    let unit = dec
        .find_tag_unsigned::<u16>(tiff::tags::Tag::ResolutionUnit)
        .ok()
        .flatten()
        .unwrap_or(2);
    match unit {
        2 => Some(v),
        3 => Some(v * 2.54),
        // 1: no absolute unit.
        _ => None,
    }
}

/// Packed 1/2/4-bit gray rows (each row starts on a byte; 0 = black, as
/// the decoder hands them after applying WhiteIsZero) → 8-bit gray.
fn unpack_bits(w: u32, h: u32, packed: &[u8], bits: u8) -> Result<GrayImage, String> {
    let per_byte = 8 / bits as usize;
    let row_bytes = (w as usize).div_ceil(per_byte);
    if packed.len() < row_bytes * h as usize {
        return Err("the TIFF page's data is shorter than its size says".into());
    }
    let max = (1u16 << bits) - 1;
    let mut data = Vec::with_capacity(w as usize * h as usize);
    for row in packed.chunks_exact(row_bytes).take(h as usize) {
        for x in 0..w as usize {
            let byte = row[x / per_byte];
            let shift = 8 - bits as usize * (x % per_byte + 1);
            let v = (byte >> shift) as u16 & max;
            data.push((v * 255 / max) as u8);
        }
    }
    Ok(GrayImage {
        width: w,
        height: h,
        data,
    })
}

fn decode_png(bytes: &[u8], max_pixels: u64) -> Result<Decoded, String> {
    let mut dec = png::Decoder::new(Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec
        .read_info()
        .map_err(|e| format!("not a readable PNG ({e})"))?;
    let info = reader.info();
    let (w, h) = (info.width, info.height);
    too_large(w, h, max_pixels)?;
    let dpi = info.pixel_dims.and_then(|d| match d.unit {
        png::Unit::Meter => Some(d.xppu as f64 * 0.0254),
        png::Unit::Unspecified => None,
    });
    let mut buf = vec![0; reader.output_buffer_size().ok_or("PNG too large")?];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("PNG not decoded ({e})"))?;
    let channels = frame.color_type.samples();
    let gray = to_gray(w, h, &buf[..frame.buffer_size()], channels)?;
    Ok(Decoded {
        gray,
        dpi,
        ydpi: None,
        layout: PixelLayout::default(),
    })
}

fn decode_jpeg(bytes: &[u8], max_pixels: u64) -> Result<Decoded, String> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    use zune_jpeg::JpegDecoder;
    let bad = |e: zune_jpeg::errors::DecodeErrors| format!("not a readable JPEG ({e:?})");
    let probe = {
        let mut d = JpegDecoder::new(ZCursor::new(bytes));
        d.decode_headers().map_err(bad)?;
        d.info().ok_or("not a readable JPEG (no frame header)")?
    };
    let (w, h) = (probe.width as u32, probe.height as u32);
    too_large(w, h, max_pixels)?;
    // Gray scans stay gray; colour ones are read as RGB and turned to gray
    // like a PDF's.
    let out = if probe.components == 1 {
        ColorSpace::Luma
    } else {
        ColorSpace::RGB
    };
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(out)
        .set_max_width(w as usize)
        .set_max_height(h as usize);
    let mut dec = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let data = dec.decode().map_err(bad)?;
    let channels = if out == ColorSpace::Luma { 1 } else { 3 };
    let gray = to_gray(w, h, &data, channels)?;
    Ok(Decoded {
        gray,
        dpi: jfif_dpi(bytes),
        ydpi: None,
        // A phone or camera stores the sensor's rows and says how to show
        // them; viewers (and the person who checks the form) see it turned.
        layout: exif_orientation(bytes).map_or(PixelLayout::default(), tiff_layout),
    })
}

/// The density of a JPEG's JFIF header (APP0), in dots per inch; zune-jpeg
/// does not report it. Markers are walked from the start to the first
/// frame header.
fn jfif_dpi(bytes: &[u8]) -> Option<f64> {
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        let body = bytes.get(at + 4..at + 2 + len)?;
        if marker == 0xE0 && body.len() >= 12 && body.starts_with(b"JFIF\0") {
            let x = u16::from_be_bytes([body[8], body[9]]) as f64;
            return match body[7] {
                1 => Some(x),
                2 => Some(x * 2.54),
                _ => None,
            };
        }
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return None;
        }
        at += 2 + len;
    }
    None
}

/// The Orientation (tag 0x0112) of a JPEG's Exif header (APP1), read from
/// IFD0 of its embedded TIFF structure; zune-jpeg does not report it.
fn exif_orientation(bytes: &[u8]) -> Option<u16> {
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        let body = bytes.get(at + 4..at + 2 + len)?;
        if marker == 0xE1 && body.starts_with(b"Exif\0\0") {
            let t = &body[6..];
            let big = match t.get(..2)? {
                b"MM" => true,
                b"II" => false,
                _ => return None,
            };
            let u16_at = |i: usize| -> Option<u16> {
                let b = [*t.get(i)?, *t.get(i + 1)?];
                Some(if big {
                    u16::from_be_bytes(b)
                } else {
                    u16::from_le_bytes(b)
                })
            };
            let u32_at = |i: usize| -> Option<u32> {
                let b = [*t.get(i)?, *t.get(i + 1)?, *t.get(i + 2)?, *t.get(i + 3)?];
                Some(if big {
                    u32::from_be_bytes(b)
                } else {
                    u32::from_le_bytes(b)
                })
            };
            let ifd = u32_at(4)? as usize;
            let n = u16_at(ifd)? as usize;
            return (0..n).find_map(|k| {
                let e = ifd + 2 + 12 * k;
                (u16_at(e)? == 0x0112).then(|| u16_at(e + 8)).flatten()
            });
        }
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return None;
        }
        at += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpegs_exif_orientation_is_read_in_either_byte_order() {
        // SOI, APP1 with Exif: IFD0 holding one entry, Orientation = 6.
        let exif = |big: bool| -> Vec<u8> {
            let w16 = |v: u16| {
                if big {
                    v.to_be_bytes()
                } else {
                    v.to_le_bytes()
                }
            };
            let w32 = |v: u32| {
                if big {
                    v.to_be_bytes()
                } else {
                    v.to_le_bytes()
                }
            };
            let mut t = Vec::new();
            t.extend(if big { b"MM" } else { b"II" });
            t.extend(w16(42));
            t.extend(w32(8));
            t.extend(w16(1));
            t.extend(w16(0x0112));
            t.extend(w16(3));
            t.extend(w32(1));
            t.extend(w16(6));
            t.extend([0, 0]);
            t.extend(w32(0));
            let mut body = b"Exif\0\0".to_vec();
            body.extend(t);
            let mut j = vec![0xFF, 0xD8, 0xFF, 0xE1];
            j.extend(((body.len() + 2) as u16).to_be_bytes());
            j.extend(body);
            j.extend([0xFF, 0xD9]);
            j
        };
        assert_eq!(exif_orientation(&exif(true)), Some(6));
        assert_eq!(exif_orientation(&exif(false)), Some(6));
        assert_eq!(exif_orientation(&[0xFF, 0xD8, 0xFF, 0xD9]), None);
    }

    fn tiff_pages(pages: &[(u32, u32, Option<u32>)]) -> Vec<u8> {
        use tiff::encoder::{Rational, TiffEncoder, colortype};
        let mut buf = Cursor::new(Vec::new());
        let mut enc = TiffEncoder::new(&mut buf).unwrap();
        for &(w, h, dpi) in pages {
            let data: Vec<u8> = (0..w * h).map(|i| (i % 251) as u8).collect();
            let mut img = enc.new_image::<colortype::Gray8>(w, h).unwrap();
            if let Some(d) = dpi {
                img.resolution(tiff::tags::ResolutionUnit::Inch, Rational { n: d, d: 1 });
            }
            img.write_data(&data).unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn a_fax_tiff_is_put_upright_in_square_pixels() {
        use tiff::encoder::{Rational, TiffEncoder, colortype};
        use tiff::tags::Tag;
        // Stored 20 wide × 10 high at 200 × 100 dpi, Orientation 6 (row 0
        // on the right, column 0 at the top): shown 10 wide × 20 high, each
        // stored row a column. Ink marks stored row 0.
        let (w, h) = (20u32, 10u32);
        let data: Vec<u8> = (0..w * h).map(|i| if i < w { 0 } else { 255 }).collect();
        let mut buf = Cursor::new(Vec::new());
        let mut enc = TiffEncoder::new(&mut buf).unwrap();
        let mut img = enc.new_image::<colortype::Gray8>(w, h).unwrap();
        img.x_resolution(Rational { n: 200, d: 1 });
        img.y_resolution(Rational { n: 100, d: 1 });
        img.resolution_unit(tiff::tags::ResolutionUnit::Inch);
        img.encoder().write_tag(Tag::Orientation, 6u16).unwrap();
        img.write_data(&data).unwrap();
        let mut warnings = Vec::new();
        let pages = read_image_file(&buf.into_inner(), 1, 1 << 30, &mut warnings);
        let p = pages[0].as_ref().unwrap();
        // 10 stored rows at 100 dpi across (7.2 pt), 20 columns at 200 dpi
        // down (7.2 pt): square on the page, 20 × 20 pixels at 200 dpi.
        assert!(
            (p.placement.width() - 7.2).abs() < 1e-9,
            "{:?}",
            p.placement
        );
        assert!(
            (p.placement.height() - 7.2).abs() < 1e-9,
            "{:?}",
            p.placement
        );
        assert_eq!((p.gray.width, p.gray.height), (20, 20));
        // Stored row 0 is the right-hand column.
        assert!(p.gray.get(19, 10) < 64 && p.gray.get(0, 10) == 255);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn every_tiff_page_is_a_page_sized_by_its_resolution() {
        let bytes = tiff_pages(&[(30, 20, Some(150)), (10, 40, None)]);
        let mut warnings = Vec::new();
        let pages = read_image_file(&bytes, 1, 1 << 30, &mut warnings);
        assert_eq!(pages.len(), 2);
        let p1 = pages[0].as_ref().unwrap();
        assert_eq!((p1.page, p1.gray.width, p1.gray.height), (1, 30, 20));
        assert!((p1.page_width - 30.0 * 72.0 / 150.0).abs() < 1e-9);
        assert_eq!(p1.gray.data[7], 7);
        let p2 = pages[1].as_ref().unwrap();
        assert_eq!(p2.page, 2);
        assert!((p2.page_height - 40.0 * 72.0 / 300.0).abs() < 1e-9);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("page 2:"), "{warnings:?}");
    }

    #[test]
    fn bilevel_rows_unpack_to_black_and_white() {
        // 10 px wide: two bytes a row, the last 6 bits padding.
        let g = unpack_bits(10, 1, &[0b1010_0000, 0b1100_0000], 1).unwrap();
        assert_eq!(g.data, [255, 0, 255, 0, 0, 0, 0, 0, 255, 255]);
    }

    #[test]
    fn oversized_and_foreign_files_are_refused() {
        let bytes = tiff_pages(&[(100, 100, Some(300))]);
        let pages = read_image_file(&bytes, 1, 5_000, &mut Vec::new());
        assert!(pages[0].as_ref().unwrap_err().contains("megapixels"));
        let pages = read_image_file(b"GIF89a", 1, 1 << 30, &mut Vec::new());
        assert!(pages[0].is_err());
    }
}

#[cfg(test)]
mod jfif_tests {
    #[test]
    fn jfif_density_in_inches_or_centimetres() {
        let jpeg = |unit: u8, x: u16| {
            let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
            b.extend(b"JFIF\0\x01\x02");
            b.push(unit);
            b.extend(x.to_be_bytes());
            b.extend(x.to_be_bytes());
            b.extend([0, 0, 0xFF, 0xDA]);
            b
        };
        assert_eq!(super::jfif_dpi(&jpeg(1, 300)), Some(300.0));
        assert_eq!(super::jfif_dpi(&jpeg(2, 118)), Some(118.0 * 2.54));
        assert_eq!(super::jfif_dpi(&jpeg(0, 1)), None);
    }
}
