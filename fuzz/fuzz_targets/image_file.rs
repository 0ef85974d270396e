//! Hostile page image files (TIFF, PNG, JPEG) → `images::read_image_file`
//! (decoding, resolution, orientation, square pixels) must return, not
//! panic, hang or allocate without bound. The pixel steps after decoding
//! are `scan_image`'s.
//!
//! Byte 0 of the input picks how the rest is given:
//! - even: as it is (a TIFF or JPEG has no checksum, so mutations reach
//!   the decoders; a PNG's are mostly refused at its first chunk's CRC);
//! - odd: as a PNG whose chunk CRCs are recomputed here, so mutated
//!   headers, pHYs and compressed data reach the decoder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao::images;

/// Smaller than the batch default (150 M pixels), so that an allocation
/// libFuzzer reports is a bug, not the budget the batch's workers are
/// capped for.
const MAX_PIXELS: u64 = 16_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let file = if mode & 1 == 1 {
        png_with_crcs(body)
    } else {
        body.to_vec()
    };
    let mut warnings = Vec::new();
    for page in images::read_image_file(&file, 1, MAX_PIXELS, &mut warnings)
        .into_iter()
        .flatten()
    {
        // What the OCR path relies on: the pixels fill the image, and the
        // page has a size.
        assert_eq!(
            page.gray.data.len() as u64,
            page.gray.width as u64 * page.gray.height as u64
        );
        assert!(page.page_width > 0.0 && page.page_height > 0.0);
    }
});

/// `body` after a PNG signature, its chunks' CRCs made right (a chunk
/// running past the end is cut to what is there).
fn png_with_crcs(body: &[u8]) -> Vec<u8> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = body.strip_prefix(SIGNATURE).unwrap_or(body);
    let mut out = SIGNATURE.to_vec();
    while rest.len() >= 8 {
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let len = len.min(rest.len() - 8);
        let kind_and_data = &rest[4..8 + len];
        out.extend_from_slice(&(len as u32).to_be_bytes());
        out.extend_from_slice(kind_and_data);
        out.extend_from_slice(&crc32fast::hash(kind_and_data).to_be_bytes());
        // Skip the chunk and the 4 bytes its CRC took in the input.
        rest = rest.get(8 + len + 4..).unwrap_or(&[]);
    }
    out
}
