//! `shenbao review`: a static site that shows, for an output directory,
//! what was read, where on the page, and how sure the reader was.
//!
//! Steps: `load` the output (report.json, records.jsonl, sources.jsonl) and
//! optionally a checked version → `assess` each form (which field is
//! OCR'd, unsure, repaired, in a broken sum or period, or differs from the checked
//! value) → `images::render_all` (the form pages, in parallel) →
//! `html` (index and one page per form) → written into a temporary
//! directory and renamed to `OUT_DIR/review`.
//!
//! Architecture invariant: reads outputs and PDFs, never re-runs the
//! pipeline (OCR is slow; sources.jsonl says where every value came from).

mod html;
mod images;
mod marks;

use crate::diff::{self, DiffOptions, Summary as DiffSummary};
use crate::extract::FileReport;
use crate::record::Record;
use crate::sources::FormSources;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use marks::{FieldKey, fields_named};

/// What `review` can be told.
#[derive(Clone, Debug)]
pub struct ReviewOptions {
    pub out_dir: PathBuf,
    /// Hand-checked versions to compare against, taken together (each a
    /// records.jsonl, an output directory, or projects.csv + indicators.csv).
    pub against: Vec<PathBuf>,
    pub jobs: usize,
    pub password: String,
    pub settings: ReviewSettings,
}

/// The review's tolerances and sizes.
#[derive(Clone, Debug)]
pub struct ReviewSettings {
    /// Resolution of the page images: 100 dpi keeps a page near 100 KB and
    /// its 9 pt text legible.
    pub dpi: f64,
    /// Below this an OCR'd value is marked unsure.
    pub low_confidence: f32,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            dpi: 100.0,
            low_confidence: 0.8,
        }
    }
}

/// What was made, for the command line to print.
#[derive(Clone, Debug)]
pub struct ReviewSummary {
    pub dir: PathBuf,
    pub files: usize,
    pub forms: usize,
    pub images: usize,
    pub image_failures: Vec<String>,
    pub bytes: u64,
    pub seconds: f64,
}

/// One input file as the index shows it.
pub(crate) struct FileView {
    pub report: FileReport,
    /// Indices into `Review::forms`.
    pub forms: Vec<usize>,
}

/// One form with everything its page shows.
pub(crate) struct FormView {
    pub file: usize,
    pub record: Record,
    pub sources: Option<FormSources>,
    pub marks: marks::FormMarks,
    /// With `--against`: the comparison with its checked record (`None`
    /// when the checked version has no record paired with this one).
    pub diff: Option<Option<DiffSummary>>,
    /// The page's file name in `forms/`.
    pub slug: String,
}

pub(crate) struct Review {
    pub out_dir: PathBuf,
    pub files: Vec<FileView>,
    pub forms: Vec<FormView>,
    pub against: Option<(Vec<PathBuf>, DiffSummary)>,
    /// Checked records no extracted record pairs with, by file.
    pub missing: Vec<Record>,
    pub settings: ReviewSettings,
}

/// Builds the review site for `opts.out_dir` into `opts.out_dir/review`.
pub fn review(opts: &ReviewOptions) -> Result<ReviewSummary, String> {
    let start = Instant::now();
    let model = load(opts)?;
    let dir = opts.out_dir.join("review");
    let tmp = opts
        .out_dir
        .join(format!(".review.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let built = write_site(&model, &tmp, opts).and_then(|shown| {
        // Swap the whole site in: a reader never sees half of a new one.
        let old = opts
            .out_dir
            .join(format!(".review.old-{}", std::process::id()));
        if dir.exists() {
            std::fs::rename(&dir, &old).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::rename(&tmp, &dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(shown)
    });
    let shown = built.inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&tmp);
    })?;
    let image_failures = shown
        .iter()
        .filter_map(|((file, page), r)| {
            let e = r.as_ref().err()?;
            Some(format!(
                "{} page {page}: {e}",
                model.files[*file].report.source_file
            ))
        })
        .collect();
    Ok(ReviewSummary {
        bytes: dir_size(&dir),
        dir,
        files: model.files.len(),
        forms: model.forms.len(),
        images: shown.values().filter(|r| r.is_ok()).count(),
        image_failures,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Writes the whole site into `dir` (a fresh directory: no file in it
/// needs its own atomic write).
fn write_site(
    model: &Review,
    dir: &Path,
    opts: &ReviewOptions,
) -> Result<images::ShownPages, String> {
    let fail = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    for sub in ["img", "forms"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| fail(&dir.join(sub), e))?;
    }
    let shown = images::render_all(model, &dir.join("img"), opts.jobs, &opts.password);
    let write =
        |path: PathBuf, text: String| std::fs::write(&path, text).map_err(|e| fail(&path, e));
    write(dir.join("style.css"), html::STYLE.to_string())?;
    write(dir.join("sort.js"), html::SCRIPT.to_string())?;
    write(dir.join("index.html"), html::index(model))?;
    for (i, f) in model.forms.iter().enumerate() {
        write(
            dir.join("forms").join(&f.slug),
            html::form_page(model, i, &shown),
        )?;
    }
    Ok(shown)
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            _ => e.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}

/// Reads the output directory (and the checked version) into the model.
fn load(opts: &ReviewOptions) -> Result<Review, String> {
    let dir = &opts.out_dir;
    let read = |name: &str| {
        let p = dir.join(name);
        std::fs::read_to_string(&p).map_err(|e| {
            format!(
                "{}: {e} (is {} the --out of `shenbao extract`?)",
                p.display(),
                dir.display()
            )
        })
    };
    #[derive(serde::Deserialize)]
    struct ReportFile {
        files: Vec<FileReport>,
    }
    let report: ReportFile = serde_json::from_str(&read("report.json")?)
        .map_err(|e| format!("{}: {e}", dir.join("report.json").display()))?;
    let records = crate::diff::load::load_jsonl(&dir.join("records.jsonl"))?.records;
    let sources_text = read("sources.jsonl")
        .map_err(|e| format!("{e}; an older shenbao wrote no sources.jsonl: run extract again"))?;
    let mut sources: HashMap<(String, u32), FormSources> = HashMap::new();
    for (n, line) in sources_text.lines().enumerate() {
        let s: FormSources = serde_json::from_str(line).map_err(|e| {
            format!(
                "{}:{}: {e} (written by another version of shenbao? run extract again)",
                dir.join("sources.jsonl").display(),
                n + 1
            )
        })?;
        sources.insert((s.source_file.clone(), s.form_index), s);
    }

    // A v1 checked set among them: the v2 fields are not compared.
    let mut diff_opts = DiffOptions::for_checked(crate::record::SCHEMA_VERSION, false);
    let checked = if opts.against.is_empty() {
        None
    } else {
        let mut all = Vec::new();
        for p in &opts.against {
            let loaded = crate::diff::load::load(p)?;
            if loaded.schema < crate::record::SCHEMA_VERSION {
                diff_opts = DiffOptions::for_checked(loaded.schema, false);
            }
            all.extend(loaded.records);
        }
        // Only the files this run read (by path or, as diff pairs them, by
        // name): a checked archive reviewed shard by shard is not "missing"
        // the other shards' forms.
        let paths: HashSet<&str> = report
            .files
            .iter()
            .map(|f| f.source_file.as_str())
            .collect();
        let names: HashSet<&str> = paths.iter().map(|p| diff::file_name(p)).collect();
        all.retain(|r| {
            paths.contains(r.source_file.as_str())
                || names.contains(diff::file_name(&r.source_file))
        });
        Some(all)
    };
    // Each extracted record with its checked one (pairing as `diff` does).
    let mut paired: HashMap<(String, u32), Record> = HashMap::new();
    let mut missing = Vec::new();
    if let Some(checked) = &checked {
        for (e, a) in diff::pair_records(checked, &records) {
            match (e, a) {
                (Some(e), Some(a)) => {
                    paired.insert((a.source_file.clone(), a.form_index), e.clone());
                }
                (Some(e), None) => missing.push(e.clone()),
                _ => {}
            }
        }
    }
    let against = checked.as_ref().map(|c| {
        (
            opts.against.clone(),
            diff::diff(&records, c, &diff_opts).summary,
        )
    });

    let mut files: Vec<FileView> = report
        .files
        .into_iter()
        .map(|report| FileView {
            report,
            forms: vec![],
        })
        .collect();
    let file_of: HashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.report.source_file.clone(), i))
        .collect();
    let mut forms = Vec::new();
    for record in records {
        let Some(&file) = file_of.get(&record.source_file) else {
            continue;
        };
        let key = (record.source_file.clone(), record.form_index);
        let src = sources.remove(&key);
        let (diffs, diff_summary) = match (&checked, paired.get(&key)) {
            (None, _) => (vec![], None),
            (Some(_), None) => (vec![], Some(None)),
            (Some(_), Some(e)) => {
                let rep = diff::diff(
                    std::slice::from_ref(&record),
                    std::slice::from_ref(e),
                    &diff_opts,
                );
                (rep.differences, Some(Some(rep.summary)))
            }
        };
        let marks = marks::assess(&record, src.as_ref(), &diffs, opts.settings.low_confidence);
        files[file].forms.push(forms.len());
        forms.push(FormView {
            slug: format!("{}-{}.html", file + 1, record.form_index),
            file,
            record,
            sources: src,
            marks,
            diff: diff_summary,
        });
    }
    Ok(Review {
        out_dir: dir.clone(),
        files,
        forms,
        against,
        missing,
        settings: opts.settings.clone(),
    })
}
