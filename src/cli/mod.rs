//! The command line: what the user typed (`args`) → what to do (`run`).
//! The only module that touches the terminal and the exit code.

mod args;
mod progress;

use crate::batch::{self, BatchOptions, Input};
use crate::extract::Settings;
use crate::grid;
use args::{Command, DebugArgs, DiffArgs, ExtractArgs, MergeArgs, ReviewArgs};
use progress::{Display, Progress, SUMMARY_EVERY};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const EXIT_OK: i32 = 0;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_SOME_FAILED: i32 = 3;

/// Runs the program; returns the exit code.
pub fn run() -> i32 {
    match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => {
            print!("{}", args::USAGE);
            EXIT_OK
        }
        Ok(Command::Version) => {
            println!("shenbao {}", env!("CARGO_PKG_VERSION"));
            EXIT_OK
        }
        Ok(Command::Extract(a)) => extract(a),
        Ok(Command::Debug(a)) => debug(a),
        Ok(Command::Diff(a)) => diff(a),
        Ok(Command::Merge(a)) => merge(a),
        Ok(Command::Review(a)) => review(a),
        Ok(Command::Worker { max_memory_mb }) => batch::worker_main(
            std::env::var("SHENBAO_PASSWORD").unwrap_or_default(),
            std::env::var("SHENBAO_OCR").unwrap_or_default(),
            max_memory_mb,
        ),
        Err(msg) => {
            eprintln!("shenbao: {msg}\n\nRun `shenbao --help` for usage.");
            EXIT_USAGE
        }
    }
}

/// PATHs → input files: files as given, directories walked for the kinds
/// `extract::input_kind` reads (PDFs, spreadsheets, page images; by
/// extension, any case), sorted; the same file once. With
/// `images_as_pages`, a directory's page images are one input: the directory.
fn collect_inputs(paths: &[PathBuf], images_as_pages: bool) -> Result<Vec<Input>, String> {
    let mut out: Vec<Input> = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(p, images_as_pages, &mut found).map_err(|e| format!("{}: {e}", p.display()))?;
            found.sort();
            out.extend(found.into_iter().map(|path| Input {
                source_file: slashed(&path),
                path,
                input_index: None,
            }));
        } else {
            out.push(Input {
                path: p.clone(),
                source_file: slashed(p),
                input_index: None,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.path.clone()));
    Ok(out)
}

fn walk(dir: &Path, images_as_pages: bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    use crate::extract::{InputKind, input_kind};
    let mut has_images = false;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ft = entry.file_type()?;
        if ft.is_dir() {
            walk(&path, images_as_pages, out)?;
        } else {
            match input_kind(&path) {
                Some(InputKind::Image) if images_as_pages => has_images = true,
                Some(_) => out.push(path),
                None => {}
            }
        }
    }
    if has_images {
        out.push(dir.to_path_buf());
    }
    Ok(())
}

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn extract(a: ExtractArgs) -> i32 {
    let inputs = match collect_inputs(&a.paths, a.images_as_pages) {
        Ok(i) if i.is_empty() => {
            eprintln!("shenbao: no PDF, spreadsheet or page image found in the given paths");
            return EXIT_USAGE;
        }
        Ok(i) => i,
        Err(e) => {
            eprintln!("shenbao: {e}");
            return EXIT_USAGE;
        }
    };
    // A shard keeps its slice of the inputs and remembers each one's place.
    let inputs: Vec<Input> = match a.shard {
        None => inputs,
        Some((k, n)) => inputs
            .into_iter()
            .enumerate()
            .filter(|(_, i)| batch::shard_of(&i.source_file, n) == k - 1)
            .map(|(at, i)| Input {
                input_index: Some(at),
                ..i
            })
            .collect(),
    };
    let progress = if a.quiet {
        Progress::Quiet
    } else if a.verbose {
        Progress::Lines
    } else if std::io::stderr().is_terminal() {
        Progress::Bar
    } else {
        Progress::Periodic(SUMMARY_EVERY)
    };
    let opts = BatchOptions {
        out: a.out.clone(),
        jobs: a.jobs,
        timeout: Duration::from_secs(a.timeout_secs),
        max_memory_mb: a.max_memory_mb,
        password: a.password.clone().unwrap_or_default(),
        resume: a.resume,
        ocr: a.ocr.clone(),
        parquet: a.parquet,
        xlsx: a.xlsx,
    };
    let outcome = match batch::run(&inputs, &opts, &mut Display::new(progress)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "shenbao: cannot write the output to {}: {e}",
                a.out.display()
            );
            return EXIT_USAGE;
        }
    };
    let s = &outcome.summary;
    if !a.quiet {
        let resumed = if outcome.resumed > 0 {
            format!(" ({} done before, resumed)", outcome.resumed)
        } else {
            String::new()
        };
        eprintln!(
            "{} files{resumed}: {} ok, {} without a form, {} unreadable; {} forms, {} indicators, {} pages in {:.2} s → {}",
            s.files,
            s.ok,
            s.no_form,
            s.error,
            s.forms,
            s.indicators,
            s.pages,
            s.seconds,
            a.out.display()
        );
    }
    if s.error > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// `shenbao merge`: shard outputs joined into the output one run would give.
fn merge(a: MergeArgs) -> i32 {
    match crate::output::merge(&a.dirs, &a.out, a.parquet, a.xlsx) {
        Ok(summary) => {
            if !a.quiet {
                eprintln!(
                    "{} shards: {} files, {} forms, {} indicators → {}",
                    a.dirs.len(),
                    summary.files,
                    summary.forms,
                    summary.indicators,
                    a.out.display()
                );
            }
            if summary.error > 0 {
                EXIT_SOME_FAILED
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            eprintln!("shenbao: {e}");
            EXIT_USAGE
        }
    }
}

fn review(a: ReviewArgs) -> i32 {
    let opts = crate::review::ReviewOptions {
        out_dir: a.out_dir,
        against: a.against,
        jobs: a.jobs,
        password: a.password.unwrap_or_default(),
        settings: Default::default(),
    };
    match crate::review::review(&opts) {
        Ok(s) => {
            for f in &s.image_failures {
                eprintln!("shenbao: no page image for {f}");
            }
            if !a.quiet {
                eprintln!(
                    "review: {} files, {} forms, {} page images, {:.1} MB in {:.1} s → {}",
                    s.files,
                    s.forms,
                    s.images,
                    s.bytes as f64 / 1e6,
                    s.seconds,
                    s.dir.join("index.html").display()
                );
            }
            if s.image_failures.is_empty() {
                EXIT_OK
            } else {
                EXIT_SOME_FAILED
            }
        }
        Err(e) => {
            eprintln!("shenbao: {e}");
            EXIT_USAGE
        }
    }
}

/// `shenbao debug`: what each stage sees on a page, as JSON.
fn debug(a: DebugArgs) -> i32 {
    let bytes = match std::fs::read(&a.path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("shenbao: {}: {e}", a.path.display());
            return EXIT_SOME_FAILED;
        }
    };
    let mut settings = Settings {
        password: a.password.unwrap_or_default(),
        ..Settings::default()
    };
    if let Some(engine) = crate::ocr::EngineChoice::parse(&a.ocr) {
        settings.scan.engine = engine;
    }
    let doc = match crate::extract::read_pages(bytes, &settings) {
        Ok((d, _)) => d,
        Err(e) => {
            eprintln!("shenbao: {}: {e}", a.path.display());
            return EXIT_SOME_FAILED;
        }
    };
    for note in &doc.warnings {
        eprintln!("shenbao: {note}");
    }
    let pages = doc.pages;
    let keep = |n: u32| a.page.is_none_or(|want| want == n);
    let json = match a.stage.as_str() {
        "ir" => serde_json::to_string_pretty(
            &pages.iter().filter(|p| keep(p.number)).collect::<Vec<_>>(),
        ),
        stage => {
            let layouts: Vec<_> = pages
                .iter()
                .map(|p| grid::layout_page(p, &settings.grid))
                .collect();
            if stage == "grid" {
                serde_json::to_string_pretty(
                    &layouts.iter().filter(|l| keep(l.page)).collect::<Vec<_>>(),
                )
            } else {
                // Forms span pages: recognise on all of them, then show those touching the page.
                let forms = crate::form::recognize(&layouts, &settings.form);
                serde_json::to_string_pretty(
                    &forms
                        .iter()
                        .filter(|f| f.pages.iter().any(|&p| keep(p)))
                        .collect::<Vec<_>>(),
                )
            }
        }
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(
        std::io::stdout().lock(),
        "{}",
        json.expect("debug output serialises")
    );
    EXIT_OK
}

pub const EXIT_DIFFERENT: i32 = 1;

/// `shenbao diff`: differences as a table (or JSON), then the summary.
fn diff(a: DiffArgs) -> i32 {
    use crate::diff::{DiffKind, DiffOptions, load};
    let load = |p: &Path| load::load(p).map_err(|e| eprintln!("shenbao: {e}"));
    let (Ok(actual), Ok(expected)) = (load(&a.extracted), load(&a.checked)) else {
        return EXIT_USAGE;
    };
    let opts = DiffOptions::for_checked(expected.schema, a.lenient);
    let report = crate::diff::diff(&actual.records, &expected.records, &opts);
    let mut out = std::io::stdout().lock();
    if a.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report).expect("diff report serialises")
        );
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        for d in &report.differences {
            let form = d.form_index.map(|i| format!("#{i}")).unwrap_or_default();
            let place = format!("{}{} {}", d.source_file, form, clip(&d.project_name, 16));
            let what = match d.kind {
                DiffKind::RecordMissing => "record missing".to_string(),
                DiffKind::RecordExtra => "record extra".to_string(),
                DiffKind::IndicatorMissing => {
                    format!("indicator {} missing", d.indicator.unwrap_or(0))
                }
                DiffKind::IndicatorExtra => format!("indicator {} extra", d.indicator.unwrap_or(0)),
                DiffKind::Field => match d.indicator {
                    Some(seq) => format!("indicator {seq} {}", d.field),
                    None => d.field.clone(),
                },
            };
            let dist = d
                .edit_distance
                .map(|n| format!("  (edit distance {n})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}  {}\n    expected {}\n    actual   {}{dist}",
                paint("1", &place),
                paint("33", &what),
                paint("32", &quoted(&d.expected)),
                paint("31", &quoted(&d.actual)),
            );
        }
        let s = &report.summary;
        let _ = writeln!(
            out,
            "\nrecords   {} paired, {} missing, {} extra\n\
             fields    {}/{} equal ({:.2} %)\n\
             indicators {} matched, {} different, {} missing, {} extra: precision {:.4}, recall {:.4}, F1 {:.4}\n\
             goals     CER {:.4} ({} edits over {} characters)",
            s.records_paired,
            s.records_missing,
            s.records_extra,
            s.fields_compared - s.fields_different,
            s.fields_compared,
            100.0 * s.field_accuracy,
            s.indicators_matched,
            s.indicators_different,
            s.indicators_missing,
            s.indicators_extra,
            s.indicator_precision,
            s.indicator_recall,
            s.indicator_f1,
            s.goal_cer,
            s.goal_edits,
            s.goal_chars,
        );
    }
    if report.identical() {
        EXIT_OK
    } else {
        EXIT_DIFFERENT
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).chain(['…']).collect()
    }
}

fn quoted(s: &str) -> String {
    if s.is_empty() {
        "(empty)".into()
    } else {
        format!("{:?}", clip(s, 80))
    }
}
