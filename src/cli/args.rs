//! What the user typed, parsed and checked; no work is done here.

use lexopt::prelude::*;
use std::ffi::OsString;
use std::path::PathBuf;

pub const USAGE: &str = "\
shenbao — read 财政项目支出绩效目标申报表 PDFs into records

USAGE:
    shenbao extract PATH... --out DIR [--jobs N] [--ocr ENGINE] [--shard K/N] [--parquet] [--xlsx] [--images-as-pages] [--resume] [--timeout S] [--password PW] [--quiet | --verbose]
    shenbao merge DIR... --out DIR [--parquet] [--xlsx] [--quiet]
    shenbao diff EXTRACTED CHECKED [--lenient] [--json]
    shenbao review OUT_DIR [--against CHECKED] [--jobs N] [--password PW] [--quiet]
    shenbao debug PDF [--stage ir|grid|form] [--page N] [--ocr ENGINE] [--password PW]
    shenbao --help | --version

extract   Reads every PDF, spreadsheet (.xlsx .xls .ods .et) and page image (.tif
          .tiff .png .jpg .jpeg) given (directories are searched for them) and writes
          DIR/records.jsonl, DIR/projects.csv, DIR/indicators.csv (schema v2) and
          DIR/report.json. Exit 0 when every file was read (files without a form
          included), 3 when some file could not be read, 2 on usage errors.
    --out DIR         output directory (created if missing)
    -j, --jobs N      files processed in parallel (default: number of cores)
    --ocr ENGINE      reader of scanned pages: ppocr, tesseract, or auto (the
                      default: PP-OCR when scripts/setup installed it, which
                      scripts/bench-ocr measures as the more accurate)
    --parquet         also write projects.parquet and indicators.parquet (typed:
                      DECIMAL(18,2) amounts, DATE dates, pages as a list)
    --xlsx            also write records.xlsx (sheets 项目 and 指标: amounts as
                      numbers in 元, dates as dates; correct it in Excel/WPS
                      and `diff` the corrected copy)
    --images-as-pages a directory holding page images is one scanned file,
                      its images (sorted by name) its pages; without it each
                      image is a file of its own
    --shard K/N       read only the K-th of N slices of the inputs (by a hash
                      of each path, the same on every machine), for running
                      an archive on N machines; `merge` joins the outputs
    --resume          skip files already done in DIR (same bytes, same path)
                      by an earlier, perhaps interrupted, run
    --timeout S       give up on a file after S seconds without progress
                      (a page read counts as progress; default 120)
    --max-memory MB   memory cap of one file's reader (default 1024; 0: none)
    --password PW     user password for encrypted PDFs
    -q, --quiet       no progress or per-file log on stderr
    -v, --verbose     a line per file on stderr (otherwise: a progress bar on
                      a terminal, a summary line a minute in a log: files and
                      pages done, pages/s, errors, ETA; failed files always)

          Each file is read in a separate worker process: a file that hangs,
          crashes or needs too much memory is reported as an error, and the
          rest of the batch goes on.

merge     Joins the output directories of `extract --shard` runs into DIR, in the
          order one run over all the inputs would have written (records.jsonl
          and the CSVs come out byte for byte the same).

diff      Compares extracted records with a hand-checked version. Each side is a
          records.jsonl, an output directory, a directory with projects.csv
          and indicators.csv, or a records.xlsx (as --xlsx writes it, corrected
          in a spreadsheet). Prints every difference and a summary (field
          accuracy, indicator precision/recall/F1, goal CER). Exit 0 when
          identical, 1 when they differ, 2 when an input cannot be read.
    --lenient         fold full/half width (NFKC) and whitespace first
    --json            one JSON object {summary, differences} on stdout

review    Writes OUT_DIR/review/, a static site to check an extract run by eye
          (open OUT_DIR/review/index.html; no server, no network): every file
          with status, method, warnings and repairs, worst first; for each form
          its pages with the detected grid and every field's cell outlined and
          coloured (OCR, unsure, repaired, broken sum, different), beside the
          record. Run it where extract ran (it reopens the PDFs to draw them).
    --against CHECKED a hand-checked version (as for diff; may be repeated, the
                      versions are taken together): marks every field that
                      differs, with the diff summary per record
    -j, --jobs N      files rendered in parallel (default: number of cores)
    --password PW     user password for encrypted PDFs
    -q, --quiet       no summary on stderr

debug     Prints what one stage sees, as JSON: the page IR (words and ruling
          segments), the grid (tables, cells, text), or the recognised forms.
    --ocr ENGINE      reader of scanned pages, as for extract (to see what
                      each engine made of a page)
";

#[derive(Debug)]
pub enum Command {
    Help,
    Version,
    Extract(ExtractArgs),
    Debug(DebugArgs),
    Diff(DiffArgs),
    Merge(MergeArgs),
    Review(ReviewArgs),
    /// Internal: a batch's worker process.
    Worker {
        max_memory_mb: u64,
    },
}

#[derive(Debug)]
pub struct MergeArgs {
    pub dirs: Vec<PathBuf>,
    pub out: PathBuf,
    pub quiet: bool,
    pub parquet: bool,
    pub xlsx: bool,
}

#[derive(Debug)]
pub struct ReviewArgs {
    pub out_dir: PathBuf,
    pub against: Vec<PathBuf>,
    pub jobs: usize,
    pub password: Option<String>,
    pub quiet: bool,
}

#[derive(Debug)]
pub struct DiffArgs {
    pub extracted: PathBuf,
    pub checked: PathBuf,
    pub lenient: bool,
    pub json: bool,
}

#[derive(Debug)]
pub struct ExtractArgs {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub jobs: usize,
    pub password: Option<String>,
    pub quiet: bool,
    /// A line per file on stderr, not the periodic summary or bar.
    pub verbose: bool,
    pub resume: bool,
    pub timeout_secs: u64,
    pub max_memory_mb: u64,
    /// `ppocr`, `tesseract` or `auto` (checked).
    pub ocr: String,
    /// `--shard K/N`: (K, N), 1-based K.
    pub shard: Option<(usize, usize)>,
    pub parquet: bool,
    pub xlsx: bool,
    pub images_as_pages: bool,
}

#[derive(Debug)]
pub struct DebugArgs {
    pub path: PathBuf,
    pub stage: String,
    pub page: Option<u32>,
    pub password: Option<String>,
    /// `ppocr`, `tesseract` or `auto` (checked).
    pub ocr: String,
}

pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut p = lexopt::Parser::from_args(args);
    let first = p.next().map_err(|e| e.to_string())?;
    match first {
        None => Err("no command given".into()),
        Some(Short('h') | Long("help")) => Ok(Command::Help),
        Some(Short('V') | Long("version")) => Ok(Command::Version),
        Some(Value(cmd)) if cmd == "extract" => parse_extract(&mut p).map_err(|e| e.to_string()),
        Some(Value(cmd)) if cmd == "__worker" => {
            let mut max_memory_mb = 0;
            while let Some(arg) = p.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("max-memory") => {
                        max_memory_mb = p
                            .value()
                            .map_err(|e| e.to_string())?
                            .parse()
                            .map_err(|e: lexopt::Error| e.to_string())?
                    }
                    other => return Err(other.unexpected().to_string()),
                }
            }
            Ok(Command::Worker { max_memory_mb })
        }
        Some(Value(cmd)) if cmd == "diff" => parse_diff(&mut p).map_err(|e| e.to_string()),
        Some(Value(cmd)) if cmd == "merge" => parse_merge(&mut p).map_err(|e| e.to_string()),
        Some(Value(cmd)) if cmd == "review" => parse_review(&mut p).map_err(|e| e.to_string()),
        Some(Value(cmd)) if cmd == "debug" => parse_debug(&mut p).map_err(|e| e.to_string()),
        Some(Value(cmd)) => Err(format!("unknown command {:?}", cmd.to_string_lossy())),
        Some(other) => Err(other.unexpected().to_string()),
    }
}

fn parse_extract(p: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut paths = Vec::new();
    let mut out = None;
    let mut jobs = default_jobs();
    let mut password = None;
    let mut quiet = false;
    let mut verbose = false;
    let mut resume = false;
    let mut timeout_secs = 120;
    let mut max_memory_mb = 1024;
    let mut ocr = "auto".to_string();
    let mut shard = None;
    let mut parquet = false;
    let (mut xlsx, mut images_as_pages) = (false, false);
    while let Some(arg) = p.next()? {
        match arg {
            Long("parquet") => parquet = true,
            Long("xlsx") => xlsx = true,
            Long("images-as-pages") => images_as_pages = true,
            Long("resume") => resume = true,
            Long("shard") => shard = Some(parse_shard(&p.value()?.string()?)?),
            Long("ocr") => ocr = ocr_engine(p)?,
            Long("timeout") => {
                timeout_secs = p.value()?.parse()?;
                if timeout_secs == 0 {
                    return Err("--timeout must be at least 1 second".into());
                }
            }
            Long("max-memory") => max_memory_mb = p.value()?.parse()?,
            Long("out") | Short('o') => out = Some(PathBuf::from(p.value()?)),
            Long("jobs") | Short('j') => jobs = parse_jobs(p)?,
            Long("password") => password = Some(p.value()?.string()?),
            Long("quiet") | Short('q') => quiet = true,
            Long("verbose") | Short('v') => verbose = true,
            Short('h') | Long("help") => return Ok(Command::Help),
            Value(v) => paths.push(PathBuf::from(v)),
            other => return Err(other.unexpected()),
        }
    }
    if paths.is_empty() {
        return Err("extract needs at least one PDF or directory".into());
    }
    let out = out.ok_or("extract needs --out DIR (where records.jsonl and the CSVs go)")?;
    Ok(Command::Extract(ExtractArgs {
        paths,
        out,
        jobs,
        password,
        quiet,
        verbose,
        resume,
        timeout_secs,
        max_memory_mb,
        ocr,
        shard,
        parquet,
        xlsx,
        images_as_pages,
    }))
}

fn parse_merge(p: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let (mut dirs, mut out, mut quiet, mut parquet) = (Vec::new(), None, false, false);
    let mut xlsx = false;
    while let Some(arg) = p.next()? {
        match arg {
            Long("parquet") => parquet = true,
            Long("xlsx") => xlsx = true,
            Long("out") | Short('o') => out = Some(PathBuf::from(p.value()?)),
            Long("quiet") | Short('q') => quiet = true,
            Short('h') | Long("help") => return Ok(Command::Help),
            Value(v) => dirs.push(PathBuf::from(v)),
            other => return Err(other.unexpected()),
        }
    }
    if dirs.is_empty() {
        return Err("merge needs the output directories of the shards".into());
    }
    let out = out.ok_or("merge needs --out DIR (where the joined output goes)")?;
    Ok(Command::Merge(MergeArgs {
        dirs,
        out,
        quiet,
        parquet,
        xlsx,
    }))
}

fn parse_review(p: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut dirs = Vec::new();
    let mut against = Vec::new();
    let mut jobs = default_jobs();
    let (mut password, mut quiet) = (None, false);
    while let Some(arg) = p.next()? {
        match arg {
            Long("against") => against.push(PathBuf::from(p.value()?)),
            Long("jobs") | Short('j') => jobs = parse_jobs(p)?,
            Long("password") => password = Some(p.value()?.string()?),
            Long("quiet") | Short('q') => quiet = true,
            Short('h') | Long("help") => return Ok(Command::Help),
            Value(v) => dirs.push(PathBuf::from(v)),
            other => return Err(other.unexpected()),
        }
    }
    let [out_dir]: [PathBuf; 1] = dirs
        .try_into()
        .map_err(|_| "review needs exactly one OUT_DIR (the --out of an extract run)")?;
    Ok(Command::Review(ReviewArgs {
        out_dir,
        against,
        jobs,
        password,
        quiet,
    }))
}

/// All cores.
fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// `--jobs N`'s value, at least 1.
fn parse_jobs(p: &mut lexopt::Parser) -> Result<usize, lexopt::Error> {
    let jobs: usize = p.value()?.parse()?;
    if jobs == 0 {
        return Err("--jobs must be at least 1".into());
    }
    Ok(jobs)
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(s: &str) -> Result<(usize, usize), lexopt::Error> {
    let bad = || {
        lexopt::Error::from(format!(
            "--shard takes K/N with 1 <= K <= N (e.g. 2/8), not {s:?}"
        ))
    };
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (k.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    if k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

fn parse_diff(p: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut sides = Vec::new();
    let (mut lenient, mut json) = (false, false);
    while let Some(arg) = p.next()? {
        match arg {
            Long("lenient") => lenient = true,
            Long("json") => json = true,
            Short('h') | Long("help") => return Ok(Command::Help),
            Value(v) if sides.len() < 2 => sides.push(PathBuf::from(v)),
            other => return Err(other.unexpected()),
        }
    }
    let [extracted, checked]: [PathBuf; 2] = sides
        .try_into()
        .map_err(|_| "diff needs two record sets: EXTRACTED CHECKED")?;
    Ok(Command::Diff(DiffArgs {
        extracted,
        checked,
        lenient,
        json,
    }))
}

/// `--ocr`'s value, checked.
fn ocr_engine(p: &mut lexopt::Parser) -> Result<String, lexopt::Error> {
    let ocr = p.value()?.string()?;
    if crate::ocr::EngineChoice::parse(&ocr).is_none() {
        return Err(format!("--ocr takes ppocr, tesseract or auto, not {ocr:?}").into());
    }
    Ok(ocr)
}

fn parse_debug(p: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut path = None;
    let mut stage = "grid".to_string();
    let mut page = None;
    let mut password = None;
    let mut ocr = "auto".to_string();
    while let Some(arg) = p.next()? {
        match arg {
            Long("ocr") => ocr = ocr_engine(p)?,
            Long("stage") => {
                stage = p.value()?.string()?;
                if !["ir", "grid", "form"].contains(&stage.as_str()) {
                    return Err(format!("--stage is ir, grid or form, not {stage:?}").into());
                }
            }
            Long("page") => page = Some(p.value()?.parse()?),
            Long("password") => password = Some(p.value()?.string()?),
            Value(v) if path.is_none() => path = Some(PathBuf::from(v)),
            other => return Err(other.unexpected()),
        }
    }
    let path = path.ok_or("debug needs a PDF")?;
    Ok(Command::Debug(DebugArgs {
        path,
        stage,
        page,
        password,
        ocr,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(a: &[&str]) -> Result<Command, String> {
        parse(a.iter().map(OsString::from))
    }

    #[test]
    fn extract_args() {
        let Ok(Command::Extract(a)) =
            parse_strs(&["extract", "a.pdf", "dir", "--out", "o", "-j", "3"])
        else {
            panic!("not extract")
        };
        assert_eq!(a.paths, vec![PathBuf::from("a.pdf"), PathBuf::from("dir")]);
        assert_eq!((a.out, a.jobs, a.quiet), (PathBuf::from("o"), 3, false));
    }

    #[test]
    fn debug_takes_the_engine_extract_takes() {
        let Ok(Command::Debug(a)) = parse_strs(&["debug", "a.pdf", "--ocr", "tesseract"]) else {
            panic!("not debug")
        };
        assert_eq!((a.ocr.as_str(), a.stage.as_str()), ("tesseract", "grid"));
        for cmd in [&["debug", "a.pdf"][..], &["extract", "a.pdf", "--out", "o"]] {
            let mut args = cmd.to_vec();
            args.extend(["--ocr", "abbyy"]);
            assert!(
                parse_strs(&args)
                    .unwrap_err()
                    .contains("ppocr, tesseract or auto")
            );
        }
    }

    #[test]
    fn usage_errors_say_what_to_do() {
        assert!(
            parse_strs(&["extract", "a.pdf"])
                .unwrap_err()
                .contains("--out")
        );
        assert!(
            parse_strs(&["extract", "--out", "o"])
                .unwrap_err()
                .contains("at least one")
        );
        assert!(parse_strs(&["extract", "a", "--out", "o", "-j", "0"]).is_err());
        assert!(
            parse_strs(&["frobnicate"])
                .unwrap_err()
                .contains("unknown command")
        );
        assert!(parse_strs(&[]).is_err());
    }
}
