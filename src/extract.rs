//! One file through the whole pipeline: bytes → page IR → layouts → raw
//! forms → records, with a report line that says what happened.

use crate::form::{self, FormSettings};
use crate::grid::{self, GridSettings};
use crate::pdf::{self, PdfSettings};
use crate::record::{Origin, Record, build_record};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;

/// Every setting of the pipeline.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub pdf: PdfSettings,
    pub grid: GridSettings,
    pub form: FormSettings,
    pub scan: crate::ocr::ScanSettings,
    /// User password for encrypted PDFs ("" for none).
    pub password: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    NoForm,
    Error,
}

/// One line of report.json.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileReport {
    pub source_file: String,
    /// SHA-256 of the file's bytes ("" when it could not be read).
    pub source_sha256: String,
    pub status: Status,
    pub error: Option<String>,
    pub forms: usize,
    pub pages: usize,
    pub method: String,
    pub warnings: Vec<String>,
    pub seconds: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileResult {
    pub report: FileReport,
    pub records: Vec<Record>,
}

/// Reads `path`; `source_file` is how records and the report name it.
/// Never panics and never fails: what went wrong is in the report.
pub fn extract_file(path: &Path, source_file: &str, settings: &Settings) -> FileResult {
    let start = Instant::now();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return FileResult::failed(source_file, "", format!("cannot read the file: {e}"), 0.0);
        }
    };
    let sha = sha256_hex(&bytes);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        extract_bytes(bytes, source_file, &sha, settings)
    }))
    .unwrap_or_else(|p| {
        Err(format!(
            "internal error (panicked: {}); please report this file",
            panic_text(&p)
        ))
    });
    let seconds = start.elapsed().as_secs_f64();
    match outcome {
        Ok((records, pages, file_warnings)) => {
            let warnings = file_warnings
                .into_iter()
                .chain(records.iter().flat_map(|r| {
                    r.warnings
                        .iter()
                        .map(move |w| format!("form {}: {w}", r.form_index))
                }))
                .collect();
            FileResult {
                report: FileReport {
                    source_file: source_file.to_string(),
                    source_sha256: sha,
                    status: if records.is_empty() {
                        Status::NoForm
                    } else {
                        Status::Ok
                    },
                    error: None,
                    forms: records.len(),
                    pages,
                    method: "text".into(),
                    warnings,
                    seconds,
                },
                records,
            }
        }
        Err(e) => FileResult::failed(source_file, &sha, e, seconds),
    }
}

impl FileResult {
    /// A file that could not be read, and why.
    pub fn failed(source_file: &str, sha256: &str, error: String, seconds: f64) -> FileResult {
        FileResult {
            report: FileReport {
                source_file: source_file.to_string(),
                source_sha256: sha256.to_string(),
                status: Status::Error,
                error: Some(error),
                forms: 0,
                pages: 0,
                method: String::new(),
                warnings: vec![],
                seconds,
            },
            records: vec![],
        }
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// The pipeline on a file's bytes: the records, the page count, and
/// warnings about the file itself (also given to each record).
pub fn extract_bytes(
    bytes: Vec<u8>,
    source_file: &str,
    sha256: &str,
    settings: &Settings,
) -> Result<(Vec<Record>, usize, Vec<String>), String> {
    let mut doc =
        pdf::read_document(bytes, &settings.password, &settings.pdf).map_err(|e| e.to_string())?;
    doc.warnings.extend(unread_pages(&doc.pages));
    let layouts: Vec<_> = doc
        .pages
        .iter()
        .map(|p| grid::layout_page(p, &settings.grid))
        .collect();
    let forms = form::recognize(&layouts, &settings.form);
    let records = forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let origin = Origin {
                source_file,
                source_sha256: sha256,
                form_index: i as u32,
                method: "text",
            };
            let mut r = build_record(f, &origin);
            r.warnings.splice(0..0, doc.warnings.iter().cloned());
            r
        })
        .collect();
    Ok((records, doc.pages.len(), doc.warnings))
}

/// Gives pages without a text layer the ruling lines of their scanned
/// image (deskewed), so the grid can be built as for exported pages; the
/// words stay empty until an OCR engine fills them. Returns a note per page.
pub fn scan_image_pages(
    bytes: Vec<u8>,
    pages: &mut [crate::ir::Page],
    settings: &Settings,
) -> Vec<String> {
    use crate::ir::{Method, TextLayer};
    let wanted: Vec<u32> = pages
        .iter()
        .filter(|p| p.text_layer() == TextLayer::Missing)
        .map(|p| p.number)
        .collect();
    if wanted.is_empty() {
        return vec![];
    }
    let images = match pdf::raster::page_images(bytes, &settings.password, &wanted, &settings.pdf) {
        Ok(i) => i,
        Err(e) => return vec![e.to_string()],
    };
    let mut notes = Vec::new();
    for (n, image) in wanted.iter().zip(images) {
        let page = &mut pages[*n as usize - 1];
        match image {
            Ok(Some(img)) => {
                let scanned = crate::ocr::scan_rules(&img, &settings.scan);
                notes.push(format!(
                    "page {n}: scanned image {}×{} px, skew {:.2}°, {} ruling lines",
                    img.gray.width,
                    img.gray.height,
                    scanned.skew_degrees,
                    scanned.segments.len()
                ));
                page.segments = scanned.segments;
                page.method = Method::Ocr;
            }
            Ok(None) => notes.push(format!("page {n}: no text and no image")),
            Err(why) => notes.push(format!("page {n}: {why}; not read")),
        }
    }
    notes
}

/// Says which pages have no usable text layer. They are scans or broken
/// exports; this version has no OCR, so nothing on them is read.
fn unread_pages(pages: &[crate::ir::Page]) -> Vec<String> {
    use crate::ir::TextLayer;
    let mut out = Vec::new();
    for (kind, what) in [
        (
            TextLayer::Missing,
            "no text layer (scanned, or text drawn as outlines)",
        ),
        (
            TextLayer::Broken,
            "a text layer that does not decode (no ToUnicode, private-use glyphs)",
        ),
    ] {
        let numbers: Vec<u32> = pages
            .iter()
            .filter(|p| p.text_layer() == kind)
            .map(|p| p.number)
            .collect();
        if !numbers.is_empty() {
            out.push(format!(
                "page(s) {} have {what}: OCR is not available in this version, so nothing on them was read",
                crate::record::pages_to_csv(&numbers)
            ));
        }
    }
    out
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
