//! What a page's recogniser calls are spent on, for speed work: with
//! `SHENBAO_OCR_TALLY=FILE`, each page read appends one line per purpose to
//! FILE (a batch's workers' stderr is not shown; calls, crop pixels wide, model columns at PP-OCR's 48-pixel
//! height, and how many of those columns are blank margin or blank gaps).
//! Unset, nothing is counted.

use super::engine::{Engine, OcrWord, RegionKind};
use super::image::GrayImage;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

thread_local! {
    static PURPOSE: Cell<&'static str> = const { Cell::new("other") };
    static STAGE: Cell<&'static str> = const { Cell::new("main") };
    static COUNTS: RefCell<BTreeMap<(&'static str, &'static str), Count>> =
        const { RefCell::new(BTreeMap::new()) };
    /// Per recognition model (PP-OCR's quick and full): calls and columns
    /// it ran on, so speed work sees how much the quick model saves.
    static MODELS: RefCell<BTreeMap<&'static str, (u64, u64)>> =
        const { RefCell::new(BTreeMap::new()) };
}

/// Counts one run of recognition model `name` over `columns` input
/// columns (after scaling to its height).
pub(super) fn model_run(name: &'static str, columns: u32) {
    if enabled() {
        MODELS.with(|m| {
            let mut m = m.borrow_mut();
            let n = m.entry(name).or_default();
            n.0 += 1;
            n.1 += u64::from(columns);
        });
    }
}

#[derive(Default, Clone, Copy)]
struct Count {
    calls: u64,
    width: u64,
    columns: f64,
    margin: f64,
    gaps: f64,
}

/// Where the counts go (`SHENBAO_OCR_TALLY`), when they are kept.
fn target() -> Option<&'static std::path::Path> {
    static TO: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    TO.get_or_init(|| std::env::var_os("SHENBAO_OCR_TALLY").map(Into::into))
        .as_deref()
}

/// Whether calls are counted.
pub(super) fn enabled() -> bool {
    target().is_some()
}

/// Names what the next engine calls are for, until named again.
pub(super) fn purpose(p: &'static str) {
    PURPOSE.with(|c| c.set(p));
}

/// Names the reading the next calls belong to (the probe, the page, the
/// page read again upside down).
pub(super) fn stage(s: &'static str) {
    STAGE.with(|c| c.set(s));
}

/// Prints and clears the counts of the page just read.
pub(super) fn flush(page: u32) {
    let Some(to) = target() else {
        return;
    };
    use std::fmt::Write as _;
    let mut out = String::new();
    COUNTS.with(|c| {
        let mut c = c.borrow_mut();
        let mut total = Count::default();
        for ((stage, purpose), n) in c.iter() {
            let _ = writeln!(
                out,
                "tally page {page} {stage}/{purpose}: calls {} px {} cols {:.0} margin {:.0} gaps {:.0}",
                n.calls, n.width, n.columns, n.margin, n.gaps
            );
            total.calls += n.calls;
            total.columns += n.columns;
            total.margin += n.margin;
            total.gaps += n.gaps;
        }
        let _ = writeln!(
            out,
            "tally page {page} total: calls {} cols {:.0} margin {:.0} gaps {:.0}",
            total.calls, total.columns, total.margin, total.gaps
        );
        c.clear();
    });
    MODELS.with(|m| {
        let mut m = m.borrow_mut();
        for (name, (calls, columns)) in m.iter() {
            let _ = writeln!(
                out,
                "tally page {page} model/{name}: calls {calls} cols {columns}"
            );
        }
        m.clear();
    });
    use std::io::Write as _;
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(to)
    {
        let _ = f.write_all(out.as_bytes());
    }
}

/// Counts every call made through it, then passes it on.
pub(super) struct Tally<'e>(&'e mut dyn Engine);

/// `engine`, counted when counting is on (`slot` holds the wrapper).
pub(super) fn wrap<'e>(
    engine: &'e mut dyn Engine,
    slot: &'e mut Option<Tally<'e>>,
) -> &'e mut dyn Engine {
    if enabled() {
        slot.insert(Tally(engine))
    } else {
        engine
    }
}

impl Engine for Tally<'_> {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn reads_blocks(&self) -> bool {
        self.0.reads_blocks()
    }
    fn noise_confidence(&self) -> f32 {
        self.0.noise_confidence()
    }
    fn take_notes(&mut self) -> Vec<String> {
        self.0.take_notes()
    }
    fn read(&mut self, img: &GrayImage, dpi: f64, kind: RegionKind) -> Vec<OcrWord> {
        if img.height > 0 {
            // A column is blank when nothing in it is darker than mid-grey.
            let blank: Vec<bool> = (0..img.width)
                .map(|x| (0..img.height).all(|y| img.get(x, y) > 160))
                .collect();
            let lead = blank.iter().take_while(|&&b| b).count();
            let trail = blank.iter().rev().take_while(|&&b| b).count();
            let all = blank.iter().filter(|&&b| b).count();
            let (margin, gaps) = if lead == blank.len() {
                (all, 0)
            } else {
                (lead + trail, all - lead - trail)
            };
            let scale = 48.0 / img.height as f64;
            let key = (STAGE.with(Cell::get), PURPOSE.with(Cell::get));
            COUNTS.with(|c| {
                let mut c = c.borrow_mut();
                let n = c.entry(key).or_default();
                n.calls += 1;
                n.width += u64::from(img.width);
                n.columns += img.width as f64 * scale;
                n.margin += margin as f64 * scale;
                n.gaps += gaps as f64 * scale;
            });
        }
        let words = self.0.read(img, dpi, kind);
        dump(img, &words);
        words
    }
}

/// With `SHENBAO_OCR_DUMP=DIR`, every image the engine is shown is written
/// there (PGM) with what it read, for trying crop changes offline.
fn dump(img: &GrayImage, words: &[OcrWord]) {
    static DIR: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let Some(dir) = DIR
        .get_or_init(|| std::env::var_os("SHENBAO_OCR_DUMP").map(Into::into))
        .as_deref()
    else {
        return;
    };
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!(
        "{}-{n:06}-{}-{}.pgm",
        std::process::id(),
        STAGE.with(Cell::get),
        PURPOSE.with(Cell::get)
    );
    let mut pgm = format!("P5\n{} {}\n255\n", img.width, img.height).into_bytes();
    pgm.extend_from_slice(&img.data);
    let _ = std::fs::write(dir.join(&name), pgm);
    let text: Vec<String> = words
        .iter()
        .map(|w| format!("{}\t{:.4}", w.text, w.confidence))
        .collect();
    use std::io::Write as _;
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("index.tsv"))
    {
        let _ = writeln!(f, "{name}\t{}", text.join("\t"));
    }
}
