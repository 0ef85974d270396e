//! One file through the whole pipeline: bytes → page IR → layouts → raw
//! forms → records, with a report line that says what happened.

use crate::form::{self, FormSettings};
use crate::grid::{self, GridSettings};
use crate::pdf::{self, PdfSettings};
use crate::record::{Origin, Record, build_record};
use crate::sources::{FormSources, form_sources};
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
    /// The engine that read the scanned pages, when some were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_engine: Option<String>,
    /// The pages read by OCR (the others came from the text layer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr_pages: Vec<u32>,
    /// The pages that needed OCR and did not get it (the warnings say why).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread_pages: Vec<u32>,
    /// With `--shard`: the file's place among all inputs, so that `merge`
    /// puts the shards' files back in the order one run would have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_index: Option<usize>,
    pub warnings: Vec<String>,
    pub seconds: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileResult {
    pub report: FileReport,
    pub records: Vec<Record>,
    /// Where each record's values came from (for `review`): one
    /// `FormSources` a form, kept as JSON text from the worker to
    /// sources.jsonl (nothing in between reads it).
    #[serde(default)]
    pub sources: Vec<Box<serde_json::value::RawValue>>,
}

/// The kinds of input `extract` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Pdf,
    /// A workbook: .xlsx, .xls, .ods, WPS .et (`crate::sheet`).
    Sheet,
    /// A page image: .tif/.tiff, .png, .jpg/.jpeg (`crate::images`).
    Image,
}

/// What a file name says it is (for walking directories; reading goes by
/// the bytes).
pub fn input_kind(path: &Path) -> Option<InputKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some(InputKind::Pdf),
        "xlsx" | "xlsm" | "xls" | "ods" | "et" => Some(InputKind::Sheet),
        "tif" | "tiff" | "png" | "jpg" | "jpeg" => Some(InputKind::Image),
        _ => None,
    }
}

/// A directory's page images in name order, as one file's bytes and page
/// boundaries (`--images-as-pages`).
pub fn read_image_dir(dir: &Path) -> std::io::Result<Vec<Vec<u8>>> {
    let mut names: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && input_kind(p) == Some(InputKind::Image))
        .collect();
    names.sort();
    names.iter().map(std::fs::read).collect()
}

/// The SHA-256 of a directory of page images read as one file: of its
/// images' bytes, in name order, as `extract_file` computes it.
pub fn image_dir_sha256(dir: &Path) -> std::io::Result<String> {
    Ok(sha256_hex(&read_image_dir(dir)?.concat()))
}

/// Reads `path`; `source_file` is how records and the report name it.
/// Never panics and never fails: what went wrong is in the report. A
/// directory is a scan given as page images (`--images-as-pages`).
pub fn extract_file(path: &Path, source_file: &str, settings: &Settings) -> FileResult {
    let start = Instant::now();
    if path.is_dir() {
        let files = match read_image_dir(path) {
            Ok(f) => f,
            Err(e) => {
                return FileResult::failed(
                    source_file,
                    "",
                    format!("cannot read the directory: {e}"),
                    0.0,
                );
            }
        };
        let sha = sha256_hex(&files.concat());
        let sha2 = sha.clone();
        return finish(path, source_file, settings, start, sha, move |s| {
            extract_pages(read_images(&files, s)?, source_file, &sha2, s)
        });
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return FileResult::failed(source_file, "", format!("cannot read the file: {e}"), 0.0);
        }
    };
    let sha = sha256_hex(&bytes);
    let sha2 = sha.clone();
    finish(path, source_file, settings, start, sha, move |s| {
        extract_bytes(bytes, source_file, &sha2, s)
    })
}

/// Runs `read` under a panic guard and turns what it gave into the result.
fn finish(
    path: &Path,
    source_file: &str,
    settings: &Settings,
    start: Instant,
    sha: String,
    read: impl FnOnce(&Settings) -> Result<Extracted, String>,
) -> FileResult {
    let outcome = catch_unwind(AssertUnwindSafe(|| read(settings))).unwrap_or_else(|p| {
        Err(format!(
            "internal error (panicked: {}); please report this file",
            panic_text(&p)
        ))
    });
    let seconds = start.elapsed().as_secs_f64();
    match outcome {
        Ok(Extracted {
            records,
            pages,
            warnings: file_warnings,
            method,
            ocr_pages,
            unread_pages,
            mut sources,
        }) if !records.is_empty() || unread_pages.is_empty() => {
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            for s in &mut sources {
                s.path = path.display().to_string();
            }
            let sources = sources
                .iter()
                .map(|s| serde_json::value::to_raw_value(s).expect("sources serialize"))
                .collect();
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
                    method: method.into(),
                    ocr_engine: matches!(method, "ocr" | "mixed")
                        .then(|| settings.scan.engine.name().to_string()),
                    ocr_pages,
                    unread_pages,
                    input_index: None,
                    warnings,
                    seconds,
                },
                records,
                sources,
            }
        }
        // A form may be on the pages that could not be read: not "no form".
        Ok(Extracted {
            unread_pages,
            pages,
            warnings,
            ..
        }) => {
            let mut failed = FileResult::failed(
                source_file,
                &sha,
                format!(
                    "{} of {pages} pages could not be read and no form was found in the rest: {}",
                    unread_pages.len(),
                    warnings
                        .iter()
                        .find(|w| w.contains("not read"))
                        .map_or("see the warnings", String::as_str)
                ),
                seconds,
            );
            failed.report.pages = pages;
            failed.report.unread_pages = unread_pages;
            failed.report.warnings = warnings;
            failed
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
                ocr_engine: None,
                ocr_pages: vec![],
                unread_pages: vec![],
                input_index: None,
                warnings: vec![],
                seconds,
            },
            records: vec![],
            sources: vec![],
        }
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Pages read so far by this process (for a worker's heartbeat).
static PROGRESS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Pages this process has finished reading, a counter that only grows.
pub fn progress() -> u64 {
    PROGRESS.load(std::sync::atomic::Ordering::Relaxed)
}

fn tick() {
    PROGRESS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// What the pipeline made of one file.
pub struct Extracted {
    pub records: Vec<Record>,
    pub pages: usize,
    /// About the file itself (also given to each record).
    pub warnings: Vec<String>,
    /// `text`, `ocr` or `mixed`.
    pub method: &'static str,
    pub ocr_pages: Vec<u32>,
    /// Pages that needed OCR and did not get it (no engine, an image too
    /// large, …).
    pub unread_pages: Vec<u32>,
    pub sources: Vec<FormSources>,
}

/// A file's pages in the IR, each from its text layer or by OCR, with the
/// file's warnings and the notes about single pages (OCR repairs) that go
/// to the records of the forms on them.
pub fn read_pages(
    bytes: Vec<u8>,
    settings: &Settings,
) -> Result<(pdf::Document, Vec<(u32, String)>), String> {
    if crate::sheet::is_workbook(&bytes) {
        let book = crate::sheet::read_workbook(bytes)?;
        let doc = pdf::Document {
            pages: book.pages,
            warnings: book.warnings,
        };
        return Ok((doc, vec![]));
    }
    if crate::images::format_of(&bytes).is_some() {
        return read_images(&[bytes], settings);
    }
    // Shared, not copied: the raster path re-opens the file for images.
    let bytes = std::sync::Arc::new(bytes);
    let mut doc = pdf::read_document(bytes.clone(), &settings.password, &settings.pdf)
        .map_err(|e| e.to_string())?;
    let mut page_notes = Vec::new();
    let notes = ocr_pages(bytes, &mut doc.pages, settings, &mut page_notes);
    doc.warnings.extend(notes);
    Ok((doc, page_notes))
}

/// Page image files (each image, or TIFF page, a page) read by OCR.
pub fn read_images(
    files: &[Vec<u8>],
    settings: &Settings,
) -> Result<(pdf::Document, Vec<(u32, String)>), String> {
    let mut notes = Vec::new();
    let mut images = Vec::new();
    for bytes in files {
        let first = images.len() as u32 + 1;
        let found =
            crate::images::read_image_file(bytes, first, settings.pdf.max_image_pixels, &mut notes);
        images.extend(found.into_iter().map(|r| r.map(Some)));
    }
    if images.is_empty() {
        return Err("no page images found".into());
    }
    // Before OCR each page is what a scan in a PDF is: one image, no text.
    let mut pages: Vec<crate::ir::Page> = images
        .iter()
        .enumerate()
        .map(|(i, img)| {
            let (w, h) = match img {
                Ok(Some(img)) => (img.page_width, img.page_height),
                _ => (1.0, 1.0),
            };
            crate::ir::Page {
                number: i as u32 + 1,
                width: w,
                height: h,
                method: crate::ir::Method::Text,
                words: vec![],
                segments: vec![],
                images: vec![crate::ir::BBox::new(0.0, 0.0, w, h)],
                from_source: crate::ir::Affine::IDENTITY,
                hidden_ocr_chars: 0,
                unread: vec![],
            }
        })
        .collect();
    let numbered = images
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i as u32 + 1, r))
        .collect();
    let mut page_notes = Vec::new();
    read_scans(
        numbered,
        &[],
        &mut pages,
        settings,
        &mut page_notes,
        &mut notes,
    );
    Ok((
        pdf::Document {
            pages,
            warnings: notes,
        },
        page_notes,
    ))
}

/// The pipeline on a file's bytes.
pub fn extract_bytes(
    bytes: Vec<u8>,
    source_file: &str,
    sha256: &str,
    settings: &Settings,
) -> Result<Extracted, String> {
    extract_pages(read_pages(bytes, settings)?, source_file, sha256, settings)
}

/// Layouts, forms and records from a file's pages.
fn extract_pages(
    (doc, page_notes): (pdf::Document, Vec<(u32, String)>),
    source_file: &str,
    sha256: &str,
    settings: &Settings,
) -> Result<Extracted, String> {
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
                method: method_of(f.pages.iter().map(|&n| doc.pages[n as usize - 1].method)),
            };
            let mut r = build_record(f, &origin);
            let own = page_notes
                .iter()
                .filter(|(p, _)| f.pages.contains(p))
                .map(|(_, w)| w.clone());
            // A note about one page (turned, mixed, not read) belongs to
            // the forms on that page; notes about the file to every form.
            let file_notes = doc
                .warnings
                .iter()
                .filter(|w| page_of_note(w).is_none_or(|p| f.pages.contains(&p)))
                .cloned();
            r.warnings.splice(0..0, file_notes.chain(own));
            r.warnings.extend(unread_cells(f, &doc.pages));
            r
        })
        .collect();
    let sources = forms
        .iter()
        .enumerate()
        .map(|(i, f)| form_sources(f, source_file, i as u32, &doc.pages, &layouts))
        .collect();
    let unread_pages: Vec<u32> = doc
        .pages
        .iter()
        .filter(|p| p.method == crate::ir::Method::Text && needs_ocr(p))
        .map(|p| p.number)
        .collect();
    // How what was read was read: a page that needed OCR and did not get
    // it was not read from its text layer either.
    let method = method_of(
        doc.pages
            .iter()
            .filter(|p| !unread_pages.contains(&p.number))
            .map(|p| p.method),
    );
    let ocr_pages = doc
        .pages
        .iter()
        .filter(|p| matches!(p.method, crate::ir::Method::Ocr | crate::ir::Method::Mixed))
        .map(|p| p.number)
        .collect();
    Ok(Extracted {
        records,
        pages: doc.pages.len(),
        warnings: doc.warnings,
        method,
        ocr_pages,
        unread_pages,
        sources,
    })
}

/// A warning for each of `form`'s fields and indicator cells left empty
/// where OCR found ink it read as nothing (`Page::unread`): what could not
/// be read is said, not passed off as a blank cell.
fn unread_cells(form: &form::RawForm, pages: &[crate::ir::Page]) -> Vec<String> {
    let unread = |s: &form::Sourced| {
        let Some(b) = s.bbox.filter(|_| s.text.trim().is_empty() && s.page != 0) else {
            return false;
        };
        let (cx, cy) = b.center();
        pages
            .get(s.page as usize - 1)
            .is_some_and(|p| p.unread.iter().any(|u| u.contains_point(cx, cy)))
    };
    let say = |what: String, s: &form::Sourced| {
        format!(
            "{what}: its cell holds ink that OCR read as nothing (page {}); left empty",
            s.page
        )
    };
    let mut out: Vec<String> = form
        .fields
        .iter()
        .filter(|(_, s)| unread(s))
        .map(|(name, s)| say(name.to_string(), s))
        .collect();
    for (i, ind) in form.indicators.iter().enumerate() {
        let cells = [
            ("level1", &ind.level1),
            ("level2", &ind.level2),
            ("level3", &ind.level3),
            ("target", &ind.target),
            ("note", &ind.note),
        ];
        let unit = ind.unit.as_ref().map(|u| ("target_unit", u));
        for (name, s) in cells.into_iter().chain(unit) {
            if unread(s) {
                out.push(say(format!("indicator {} {name}", i + 1), s));
            }
        }
    }
    out
}

/// A page with no usable text but something drawn on it (a scan's image,
/// outlines, rules): what `ocr_pages` reads; a blank page is not. Still
/// true after it when the page could not be read (a broken layer's words
/// are gone by then), which is how `extract_bytes` finds unread pages.
fn needs_ocr(p: &crate::ir::Page) -> bool {
    use crate::ir::TextLayer;
    match p.text_layer() {
        TextLayer::Sound => false,
        TextLayer::Broken => true,
        TextLayer::Missing => !p.images.is_empty() || !p.segments.is_empty(),
    }
}

/// `text`, `ocr`, or `mixed` for a set of pages.
pub fn method_of(methods: impl Iterator<Item = crate::ir::Method>) -> &'static str {
    use crate::ir::Method;
    let (mut text, mut ocr, mut sheet) = (false, false, false);
    for m in methods {
        match m {
            Method::Text => text = true,
            Method::Ocr => ocr = true,
            Method::Sheet => sheet = true,
            Method::Mixed => (text, ocr) = (true, true),
        }
    }
    match (text, ocr) {
        (false, false) if sheet => "sheet",
        (_, false) => "text",
        (false, true) => "ocr",
        (true, true) => "mixed",
    }
}

/// Reads the pages whose text layer is missing or broken by OCR, in place,
/// and says per page what was done. A page that cannot be read keeps no
/// words (garbage text is worse than none) and gets a warning.
fn ocr_pages(
    bytes: std::sync::Arc<Vec<u8>>,
    pages: &mut [crate::ir::Page],
    settings: &Settings,
    page_notes: &mut Vec<(u32, String)>,
) -> Vec<String> {
    use crate::ir::TextLayer;
    let mut notes = Vec::new();
    let mut scans = Vec::new();
    let mut drawn = Vec::new();
    for p in pages.iter_mut().filter(|p| needs_ocr(p)) {
        match p.text_layer() {
            TextLayer::Missing if !p.images.is_empty() => {
                if p.hidden_ocr_chars > 0 {
                    notes.push(format!(
                        "page {}: its text is an invisible OCR layer ({} characters, made by \
                         another program) over the scan: set aside, the scan read by OCR",
                        p.number, p.hidden_ocr_chars
                    ));
                }
                scans.push(p.number);
            }
            TextLayer::Broken => {
                // Garbage text is worse than none.
                p.words.clear();
                notes.push(format!(
                    "page {}: its text layer does not decode (no ToUnicode?): rendered and read by OCR",
                    p.number
                ));
                drawn.push(p.number);
            }
            _ => {
                notes.push(format!(
                    "page {}: no text layer and no image (text drawn as outlines?): rendered and read by OCR",
                    p.number
                ));
                drawn.push(p.number);
            }
        }
    }
    let mixed: Vec<u32> = pages
        .iter()
        .filter(|p| holds_a_picture_of_text(p, &settings.scan))
        .map(|p| p.number)
        .collect();
    if !mixed.is_empty() {
        match pdf::raster::page_images(bytes.clone(), &settings.password, &mixed, &settings.pdf) {
            Ok(found) => {
                for (n, image) in mixed.iter().copied().zip(found) {
                    read_mixed(
                        &mut pages[n as usize - 1],
                        image,
                        settings,
                        &mut notes,
                        page_notes,
                    );
                }
            }
            Err(e) => notes.push(format!("images on text pages not read: {e}")),
        }
    }
    // One page decoded and read at a time, in page order: a long scan's
    // pages (8.7 MB each at 300 dpi) are never all held at once.
    let mut todo: Vec<(u32, bool)> = scans
        .iter()
        .map(|&n| (n, false))
        .chain(drawn.iter().map(|&n| (n, true)))
        .collect();
    todo.sort_unstable();
    // A file whose scans (or pages to render) cannot be decoded says so
    // once, not once a page.
    let (mut scans_failed, mut drawn_failed) = (false, false);
    for (n, is_drawn) in todo {
        let (failed, what) = match is_drawn {
            true => (&mut drawn_failed, "pages to render"),
            false => (&mut scans_failed, "scanned pages"),
        };
        if *failed {
            continue;
        }
        let (bytes, pw) = (bytes.clone(), &settings.password);
        let found = match is_drawn {
            true => {
                pdf::raster::render_pages(bytes, pw, &[n], settings.scan.render_dpi, &settings.pdf)
                    .map(|v| v.into_iter().map(|r| r.map(Some)).collect::<Vec<_>>())
            }
            false => pdf::raster::page_images(bytes, pw, &[n], &settings.pdf),
        };
        let image = match found {
            Ok(mut found) => found.pop(),
            Err(e) => {
                notes.push(format!("{what} not read: {e}"));
                *failed = true;
                continue;
            }
        };
        if let Some(image) = image {
            read_scans(
                vec![(n, image)],
                &drawn,
                pages,
                settings,
                page_notes,
                &mut notes,
            );
        }
    }
    notes
}

/// The page a file note is about, when it starts `page N:`.
fn page_of_note(note: &str) -> Option<u32> {
    let rest = note.strip_prefix("page ")?;
    let (n, _) = rest.split_once(':')?;
    n.parse().ok()
}

/// Reads decoded page images by OCR into `pages` (by number), saying per
/// page what was done. `drawn`: pages rendered from their PDF, which keep
/// the rules it drew.
fn read_scans(
    images: Vec<(u32, Result<Option<crate::ir::PageImage>, String>)>,
    drawn: &[u32],
    pages: &mut [crate::ir::Page],
    settings: &Settings,
    page_notes: &mut Vec<(u32, String)>,
    notes: &mut Vec<String>,
) {
    for (n, image) in images {
        tick();
        match image {
            Ok(Some(img)) => {
                // A rendered page keeps the rules its PDF drew: exact, where
                // thin rendered hairlines might be lost.
                let known = drawn
                    .contains(&n)
                    .then(|| pages[n as usize - 1].segments.clone());
                match crate::ocr::read_scanned(&img, known, &settings.scan, &settings.grid) {
                    Ok(scanned) => {
                        if scanned.quarter_turns != 0 {
                            notes.push(format!(
                                "page {n}: the scan was turned {}° and was read upright",
                                90 * (4 - scanned.quarter_turns)
                            ));
                        }
                        page_notes.extend(
                            scanned
                                .notes
                                .into_iter()
                                .map(|w| (n, format!("{w} (page {n})"))),
                        );
                        pages[n as usize - 1] = scanned.page;
                    }
                    Err(why) => notes.push(format!("page {n}: not read: {why}")),
                }
            }
            Ok(None) => notes.push(format!("page {n}: no text and no readable image: not read")),
            Err(why) => notes.push(format!("page {n}: {why}; not read")),
        }
    }
}

/// A page with a sound text layer and a large image that its text does not
/// cover: a scan or a screenshot pasted into a Word/WPS export, which may
/// hold a form the text layer does not.
fn holds_a_picture_of_text(p: &crate::ir::Page, scan: &crate::ocr::ScanSettings) -> bool {
    if p.text_layer() != crate::ir::TextLayer::Sound {
        return false;
    }
    let page_area = (p.width * p.height).max(1.0);
    p.images.iter().any(|img| {
        let covered = p
            .words
            .iter()
            .filter(|w| {
                let (x, y) = w.bbox.center();
                img.contains_point(x, y)
            })
            .map(|w| w.text.chars().count())
            .sum::<usize>();
        img.area() >= scan.mixed_min_image_share * page_area
            && covered <= scan.mixed_max_covering_chars
    })
}

/// OCRs the large image of a text page and adds what it holds (words and
/// ruling lines, in page points where the image is drawn) to the page.
fn read_mixed(
    page: &mut crate::ir::Page,
    image: Result<Option<crate::ir::PageImage>, String>,
    settings: &Settings,
    notes: &mut Vec<String>,
    page_notes: &mut Vec<(u32, String)>,
) {
    let n = page.number;
    tick();
    let img = match image {
        Ok(Some(img)) => img,
        Ok(None) => return,
        Err(why) => {
            notes.push(format!("page {n}: its image not read: {why}"));
            return;
        }
    };
    match crate::ocr::read_image_on_text_page(&img, &settings.scan, &settings.grid) {
        Ok(scanned) => {
            notes.push(format!(
                "page {n}: a large image on a text page was read by OCR and merged with the \
                 text layer (mixed)"
            ));
            page_notes.extend(
                scanned
                    .notes
                    .into_iter()
                    .map(|w| (n, format!("{w} (page {n})"))),
            );
            page.words.extend(scanned.page.words);
            page.segments.extend(scanned.page.segments);
            page.unread.extend(scanned.page.unread);
            page.method = crate::ir::Method::Mixed;
        }
        Err(why) => notes.push(format!("page {n}: its image not read: {why}")),
    }
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(2 * bytes.len()), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{BBox, Method, Page};

    #[test]
    fn an_empty_field_over_unread_ink_says_so_and_a_blank_one_does_not() {
        let cell = |x0: f64, text: &str| form::Sourced {
            text: text.into(),
            page: 1,
            bbox: Some(BBox::new(x0, 10.0, x0 + 50.0, 30.0)),
            confidence: 0.9,
            char_confidences: vec![],
        };
        let mut raw = form::RawForm::default();
        raw.fields.insert("start_date", cell(0.0, ""));
        raw.fields.insert("end_date", cell(100.0, ""));
        raw.fields.insert("department", cell(200.0, "上海市民政局"));
        raw.indicators.push(form::RawIndicator {
            target: cell(300.0, ""),
            note: cell(400.0, ""),
            ..Default::default()
        });
        let page = Page {
            number: 1,
            width: 600.0,
            height: 100.0,
            method: Method::Ocr,
            words: vec![],
            segments: vec![],
            images: vec![],
            from_source: Default::default(),
            hidden_ocr_chars: 0,
            // start_date's cell, the department's (read: no warning) and
            // the first indicator's target; end_date and the note are blank.
            unread: vec![
                BBox::new(0.0, 10.0, 50.0, 30.0),
                BBox::new(200.0, 10.0, 250.0, 30.0),
                BBox::new(299.0, 9.0, 351.0, 31.0),
            ],
        };
        assert_eq!(
            unread_cells(&raw, &[page]),
            [
                "start_date: its cell holds ink that OCR read as nothing (page 1); left empty",
                "indicator 1 target: its cell holds ink that OCR read as nothing (page 1); left empty",
            ]
        );
    }
}
