//! The lean text-layer reader against hayro, the reference it replaces on
//! the fast path: on every sample, real and fixture PDF, either the lean
//! reader steps aside or both give the same page IR.

mod common;
use common::{pdfs_in, repo};
use shenbao::ir::{BBox, Page};
use shenbao::pdf::{Interpreter, PdfSettings, read_pages_with};

/// Glyph boxes may differ by this much (points): hayro sizes a glyph by
/// its font program's advance, the lean reader by the PDF's /Widths.
const BOX_TOLERANCE: f64 = 0.05;
/// Rules and images: both compute them from the same numbers.
const RULE_TOLERANCE: f64 = 1e-6;

fn near(a: &BBox, b: &BBox, tol: f64) -> bool {
    (a.x0 - b.x0).abs() <= tol
        && (a.x1 - b.x1).abs() <= tol
        && (a.top - b.top).abs() <= tol
        && (a.bottom - b.bottom).abs() <= tol
}

/// Where two readings of one page differ, as lines a person can act on.
/// `widths`: whether glyph advances must agree too. In a damaged file
/// hayro may fall back to a substitute font and size glyphs by its
/// advances (a 10 pt 施 36 pt wide); the lean reader keeps the PDF's
/// /Widths, so there only where glyphs start is compared.
fn page_differences(file: &str, lean: &Page, hayro: &Page, widths: bool) -> Vec<String> {
    let at = format!("{file} p{}", lean.number);
    let mut out = Vec::new();
    if (lean.width, lean.height) != (hayro.width, hayro.height) {
        out.push(format!("{at}: page size differs"));
    }
    if lean.hidden_ocr_chars != hayro.hidden_ocr_chars {
        out.push(format!(
            "{at}: hidden OCR chars {} vs {}",
            lean.hidden_ocr_chars, hayro.hidden_ocr_chars
        ));
    }
    let mut counts = |what: &str, lean: usize, hayro: usize| {
        if lean != hayro {
            out.push(format!("{at}: {lean} {what} vs {hayro} from hayro"));
        }
    };
    counts("glyphs", lean.words.len(), hayro.words.len());
    counts("rules", lean.segments.len(), hayro.segments.len());
    for (i, (a, b)) in lean.words.iter().zip(&hayro.words).enumerate() {
        let mut b_box = b.bbox;
        if !widths {
            b_box.x1 = a.bbox.x1;
        }
        if a.text != b.text
            || !near(&a.bbox, &b_box, BOX_TOLERANCE)
            || (a.size - b.size).abs() > 0.01
        {
            out.push(format!("{at} glyph {i}: lean {a:?} hayro {b:?}"));
            break;
        }
    }
    for (i, (a, b)) in lean.segments.iter().zip(&hayro.segments).enumerate() {
        let same = a.orientation == b.orientation
            && (a.pos - b.pos).abs() <= RULE_TOLERANCE
            && (a.start - b.start).abs() <= RULE_TOLERANCE
            && (a.end - b.end).abs() <= RULE_TOLERANCE;
        if !same {
            out.push(format!("{at} rule {i}: lean {a:?} hayro {b:?}"));
            break;
        }
    }
    let images_agree = lean.images.len() == hayro.images.len()
        && lean
            .images
            .iter()
            .zip(&hayro.images)
            .all(|(a, b)| near(a, b, 1e-3));
    if !images_agree {
        out.push(format!(
            "{at}: images {:?} vs {:?}",
            lean.images, hayro.images
        ));
    }
    out
}

/// Reads `file` both ways; the lean reader's reason if it stepped aside.
fn compare(file: &str, widths: bool, differences: &mut Vec<String>) -> Option<&'static str> {
    let bytes = std::fs::read(repo().join(file)).unwrap();
    let settings = PdfSettings::default();
    let lean = read_pages_with(bytes.clone(), "", &settings, Interpreter::Auto);
    let hayro = read_pages_with(bytes, "", &settings, Interpreter::Hayro);
    match (lean, hayro) {
        (Ok((lean, why)), Ok((hayro, _))) => {
            if lean.len() != hayro.len() {
                differences.push(format!("{file}: {} vs {} pages", lean.len(), hayro.len()));
            }
            for (a, b) in lean.iter().zip(&hayro) {
                differences.extend(page_differences(file, a, b, widths));
            }
            why.map(|w| w.0)
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "{file}");
            Some("not readable")
        }
        (a, b) => {
            differences.push(format!(
                "{file}: lean {:?} vs hayro {:?}",
                a.map(|p| p.0.len()),
                b.map(|p| p.0.len())
            ));
            None
        }
    }
}

#[test]
fn text_layer_readers_agree() {
    let mut differences = Vec::new();
    // The fast path must be the path these files take: exported samples
    // (ToUnicode TrueType subsets, Kangxi glyphs) and real WPS/Word exports
    // (Identity-H CID fonts, WinAnsi fonts without ToUnicode).
    let mut must_be_lean = pdfs_in("samples");
    must_be_lean.extend(pdfs_in("../shared/real"));
    for file in &must_be_lean {
        if let Some(why) = compare(file, true, &mut differences) {
            differences.push(format!("{file}: the lean reader stepped aside ({why})"));
        }
    }
    // Scans, searchable scans and hostile files: either path, same pages.
    let mut either = pdfs_in("samples/scanned");
    either.extend(pdfs_in("tests/fixtures/ocr-layer"));
    // Not the flate bomb: it inflates to gigabytes in-process, which is the
    // batch's memory cap's business (tests/batch.rs), not the readers'.
    either.extend(
        pdfs_in("tests/fixtures/hostile")
            .into_iter()
            .filter(|f| !f.contains("flate-bomb")),
    );
    for file in &either {
        let damaged = file.contains("hostile");
        compare(file, !damaged, &mut differences);
    }
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
