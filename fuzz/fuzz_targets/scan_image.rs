//! Hostile page images → decoding → the scanned-page preprocessing
//! (threshold, deskew, rotation, quarter turns, rule finding, lattice, cell
//! cutting) must return, not panic or hang.
//!
//! Input: an 8-byte header, then the image's bytes. Header byte 0 picks
//! the path:
//! - even: the bytes are an image XObject's stream in a one-page PDF
//!   written here (colour space, bits per component, filter, size and
//!   placement from the header), decoded by `pdf::raster::page_images`
//!   as a scan is; the decoded image then goes down the pixel path.
//! - odd: the bytes are a grayscale image (width from the header, as many
//!   rows as the bytes fill), straight down the pixel path.
//!
//! The pixel path ends in `ocr::read_page` with an engine that answers one
//! word per region, so cell cutting and word placement run without OCR.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao::ocr::{self, Engine, GrayImage, OcrWord, PxRect, RegionKind, Upright};
use shenbao::pdf;

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let (h, body) = data.split_at(8);
    if h[0] & 1 == 0 {
        let file = pdf_with_image(h, body);
        let settings = pdf::PdfSettings::default();
        if let Ok(pages) = pdf::raster::page_images(file, "", &[1], &settings) {
            for img in pages.into_iter().flatten().flatten() {
                // Decoding is what is fuzzed here; the pixel steps on a
                // page-sized image only repeat the raw path slowly.
                if (img.gray.width as u64) * (img.gray.height as u64) <= 4_000_000 {
                    let dpi = img.gray.width as f64 / img.placement.width().max(1.0) * 72.0;
                    pixel_path(&img.gray, dpi, h);
                }
            }
        }
    } else {
        let width = (u16::from_le_bytes([h[4], h[5]]) as usize).clamp(1, body.len().max(1));
        let height = body.len() / width;
        if height == 0 {
            return;
        }
        let gray = GrayImage {
            width: width as u32,
            height: height as u32,
            data: body[..width * height].to_vec(),
        };
        let dpi = [72.0, 150.0, 200.0, 300.0, 600.0, 1.0][h[1] as usize % 6];
        pixel_path(&gray, dpi, h);
    }
});

/// The steps `ocr::read_scanned` takes after decoding, and a few it may
/// take (an arbitrary skew, quarter turns).
fn pixel_path(gray: &GrayImage, dpi: f64, h: &[u8]) {
    let scan = ocr::ScanSettings::default();
    let t = ocr::otsu_threshold(gray);
    let bin = ocr::binarize(gray, t);
    let _ = ocr::estimate_skew(&bin, scan.max_skew_degrees);
    let _ = ocr::find_rules(&bin, &scan.at_dpi(dpi));
    let angle = (h[2] as i8) as f64 / 10.0;
    let turned = ocr::turn_counter_clockwise(gray, h[3] as u32 % 4);
    let rotated = ocr::rotate_smooth(&turned, angle);
    let upright = Upright {
        gray: &rotated,
        dpi,
        origin: (0.0, 0.0),
        quarter_turns: h[3] as u32 % 4,
        known_rules: None,
    };
    let mut engine = OneWord {
        blocks: h[3] & 4 != 0,
    };
    let _ = ocr::read_page(upright, 1, &mut engine, &scan, &Default::default());
}

/// An engine that reads every region as one word covering it: what a real
/// engine returns in shape, at no cost.
struct OneWord {
    blocks: bool,
}

impl Engine for OneWord {
    fn name(&self) -> &'static str {
        "one-word"
    }
    fn reads_blocks(&self) -> bool {
        self.blocks
    }
    fn read(&mut self, img: &GrayImage, _dpi: f64, _kind: RegionKind) -> Vec<OcrWord> {
        let rect = PxRect {
            x0: 0,
            y0: 0,
            x1: img.width,
            y1: img.height,
        };
        let symbols = vec![("≥".to_string(), rect)];
        vec![OcrWord {
            text: "≥90%".into(),
            rect,
            confidence: 0.9,
            symbols,
            char_confidences: vec![],
        }]
    }
}

/// A one-page PDF that draws `stream` as an image XObject described by the
/// header: h[1] colour space (bit 7: inverted /Decode), h[2] bits per
/// component and placement, h[3] filter, h[4..6] width, h[6..8] height
/// (0xFFFF: 100000, to claim a 1×100000 strip).
fn pdf_with_image(h: &[u8], stream: &[u8]) -> Vec<u8> {
    let dim = |lo: u8, hi: u8| match u16::from_le_bytes([lo, hi]) {
        0xFFFF => 100_000u32,
        v => (v & 0x0FFF) as u32,
    };
    let (w, ht) = (dim(h[4], h[5]), dim(h[6], h[7]));
    let bpc = [1, 2, 4, 8, 16][(h[2] & 0x0F) as usize % 5];
    let (cs, colors) = match h[1] & 0x07 {
        0 => ("/ColorSpace /DeviceGray".to_string(), 1),
        1 => ("/ColorSpace /DeviceRGB".to_string(), 3),
        2 => ("/ColorSpace /DeviceCMYK".to_string(), 4),
        // A palette of four entries, light to dark.
        3 => (
            "/ColorSpace [/Indexed /DeviceRGB 3 <FFFFFF C0C0C0 606060 000000>]".to_string(),
            1,
        ),
        4 => ("/ImageMask true".to_string(), 1),
        5 => (
            "/ColorSpace [/CalGray << /WhitePoint [0.9505 1 1.089] /Gamma 2.2 >>]".to_string(),
            1,
        ),
        6 => ("/ColorSpace [/Lab << /WhitePoint [0.9505 1 1.089] >>]".to_string(), 3),
        _ => ("/ColorSpace /DeviceN".to_string(), 1), // malformed on purpose
    };
    let bpc_entry = if h[1] & 0x07 == 4 {
        "/BitsPerComponent 1".to_string()
    } else {
        format!("/BitsPerComponent {bpc}")
    };
    let decode = if h[1] & 0x80 != 0 {
        let pairs: String = (0..colors).map(|_| "1 0 ").collect();
        format!("/Decode [{pairs}]")
    } else {
        String::new()
    };
    let columns = w.max(1);
    let (filter, bytes): (String, Vec<u8>) = match h[3] >> 4 {
        1 => ("/Filter /DCTDecode".into(), stream.to_vec()),
        2 => ("/Filter /FlateDecode".into(), zlib_stored(stream)),
        3 => (
            format!(
                "/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors {colors} /BitsPerComponent {bpc} /Columns {columns} >>"
            ),
            zlib_stored(stream),
        ),
        4 => (
            format!(
                "/Filter /FlateDecode /DecodeParms << /Predictor 2 /Colors {colors} /BitsPerComponent {bpc} /Columns {columns} >>"
            ),
            zlib_stored(stream),
        ),
        5 => ("/Filter /RunLengthDecode".into(), stream.to_vec()),
        6 => (
            format!(
                "/Filter /CCITTFaxDecode /DecodeParms << /K {} /Columns {columns} /Rows {ht} /BlackIs1 {} >>",
                [-1, 0, 1][h[2] as usize >> 6 & 1],
                h[2] & 0x20 != 0
            ),
            stream.to_vec(),
        ),
        7 => ("/Filter /ASCIIHexDecode".into(), stream.to_vec()),
        8 => ("/Filter /JPXDecode".into(), stream.to_vec()),
        9 => ("/Filter [/FlateDecode /DCTDecode]".into(), zlib_stored(stream)),
        _ => (String::new(), stream.to_vec()),
    };
    // Upright, flipped (row 0 at the bottom), or turned a quarter.
    let cm = match (h[2] >> 4) & 3 {
        0 => "500 0 0 700 40 60 cm",
        1 => "500 0 0 -700 40 760 cm",
        2 => "0 700 -500 0 540 60 cm",
        _ => "0.001 0 0 0.001 0 0 cm",
    };
    let content = format!("q {cm} /Im0 Do Q");
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>".to_vec(),
        stream_object("", content.as_bytes()),
        stream_object(
            &format!("/Type /XObject /Subtype /Image /Width {w} /Height {ht} {cs} {bpc_entry} {decode} {filter}"),
            &bytes,
        ),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter_mut().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.append(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream_object(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

/// `data` as a zlib stream of stored (uncompressed) deflate blocks: lets
/// the fuzzer's bytes reach the Flate path and its predictors verbatim.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut chunks = data.chunks(0xFFFF).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    while let Some(c) = chunks.next() {
        let last = chunks.peek().is_none();
        let len = c.len() as u16;
        out.push(u8::from(last));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(c);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}
