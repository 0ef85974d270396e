//! Records and reports → files: records.jsonl (keys in schema order),
//! projects.csv and indicators.csv (RFC 4180, `\n`), report.json. Every file
//! is written whole under a temporary name and renamed, so a reader (or a
//! killed run) never sees a torn file.

#[cfg(feature = "parquet")]
mod parquet;
pub mod xlsx;

use crate::extract::{FileReport, Status};
use crate::record::{INDICATOR_COLUMNS, Record, SCALAR_FIELDS, SCHEMA_VERSION};
use serde::Serialize;
use serde_json::value::RawValue;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (same directory, then rename): a
/// reader or a killed run sees the old file or the new one, never a part.
/// No fsync: that guards against power loss, not against a killed run, and
/// costs more than reading a page.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    drop(f);
    std::fs::rename(&tmp, path)
}

/// Test hook: with `SHENBAO_TEST_FINISH_PAUSE_MS=N` in the environment, the
/// final write waits N ms before it puts each output in place, so a test can
/// kill a run in the middle of it (tests/soak.rs, scripts/soak). Unset, it
/// does nothing.
pub(crate) fn finish_pause() {
    if let Some(ms) = std::env::var("SHENBAO_TEST_FINISH_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// A record's rows of indicators.csv: the four columns that key the record,
/// then the indicator's own.
pub(crate) fn indicator_rows(r: &Record) -> impl Iterator<Item = Vec<String>> + '_ {
    r.indicators.iter().map(move |i| {
        let mut row = vec![
            r.source_file.clone(),
            r.source_sha256.clone(),
            r.form_index.to_string(),
            r.project_name.clone(),
        ];
        row.extend(INDICATOR_COLUMNS[4..].iter().map(|c| i.column(c)));
        row
    })
}

#[derive(Serialize, Debug, Clone)]
pub struct Summary {
    pub files: usize,
    pub ok: usize,
    pub no_form: usize,
    pub error: usize,
    pub forms: usize,
    pub indicators: usize,
    pub pages: usize,
    pub seconds: f64,
}

#[cfg(test)]
#[derive(Serialize)]
struct Report<'a> {
    shenbao_version: &'static str,
    schema_version: u32,
    files: &'a [FileReport],
    summary: &'a Summary,
}

/// report.json whole, as `RecordWriter` streams it (the tests compare).
#[cfg(test)]
fn report_json(reports: &[FileReport], summary: &Summary) -> String {
    let report = Report {
        shenbao_version: env!("CARGO_PKG_VERSION"),
        schema_version: SCHEMA_VERSION,
        files: reports,
        summary,
    };
    let mut s = serde_json::to_string_pretty(&report).expect("report serialises");
    s.push('\n');
    s
}

/// `value` pretty-printed as serde_json does at `depth` levels in: lines
/// after the first indented two spaces a level (JSON strings hold no raw
/// newline, so every line break is the printer's).
fn pretty_at<T: Serialize>(value: &T, depth: usize) -> String {
    let s = serde_json::to_string_pretty(value).expect("report serialises");
    s.replace('\n', &format!("\n{}", "  ".repeat(depth)))
}

/// Streams records into the record files and each file's report into
/// report.json, all under temporary names (nothing is held in memory per
/// file); `finish` closes report.json with the summary and renames them all
/// into place.
pub struct RecordWriter {
    dir: PathBuf,
    /// With `--parquet`: the two Parquet files, a row group at a time.
    #[cfg(feature = "parquet")]
    parquet: Option<parquet::ParquetWriter>,
    jsonl: BufWriter<File>,
    sources: BufWriter<File>,
    projects: csv::Writer<BufWriter<File>>,
    indicators: csv::Writer<BufWriter<File>>,
    /// With `--xlsx`: records.xlsx, filled as records come.
    xlsx: Option<xlsx::XlsxWriter>,
    /// report.json up to the last file's entry.
    report: BufWriter<File>,
    forms: usize,
    indicator_rows: usize,
    /// The files reported so far, by status, and their pages.
    files: usize,
    ok: usize,
    no_form: usize,
    error: usize,
    pages: usize,
}

const RECORD_FILES: [&str; 4] = [
    "records.jsonl",
    "projects.csv",
    "indicators.csv",
    "sources.jsonl",
];

fn tmp_name(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.tmp-{}", std::process::id()))
}

impl RecordWriter {
    /// `parquet`: also write projects.parquet and indicators.parquet.
    pub fn create(dir: &Path, parquet: bool) -> io::Result<RecordWriter> {
        #[cfg(not(feature = "parquet"))]
        if parquet {
            return Err(io::Error::other(
                "this shenbao was built without Parquet support (cargo feature \"parquet\")",
            ));
        }
        std::fs::create_dir_all(dir)?;
        let open = |name: &str| File::create(tmp_name(dir, name)).map(BufWriter::new);
        let csv_of = |f: BufWriter<File>| {
            csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(f)
        };
        let mut projects = csv_of(open("projects.csv")?);
        projects.write_record(SCALAR_FIELDS)?;
        let mut indicators = csv_of(open("indicators.csv")?);
        indicators.write_record(INDICATOR_COLUMNS)?;
        let mut report = open("report.json")?;
        // What serde_json's pretty printer writes before the first entry.
        write!(
            report,
            "{{\n  \"shenbao_version\": \"{}\",\n  \"schema_version\": {},\n  \"files\": [",
            env!("CARGO_PKG_VERSION"),
            SCHEMA_VERSION
        )?;
        Ok(RecordWriter {
            dir: dir.to_path_buf(),
            #[cfg(feature = "parquet")]
            parquet: match parquet {
                true => Some(parquet::ParquetWriter::create(dir)?),
                false => None,
            },
            jsonl: open("records.jsonl")?,
            sources: open("sources.jsonl")?,
            projects,
            indicators,
            xlsx: None,
            report,
            forms: 0,
            indicator_rows: 0,
            files: 0,
            ok: 0,
            no_form: 0,
            error: 0,
            pages: 0,
        })
    }

    /// Also write records.xlsx (`--xlsx`).
    pub fn with_xlsx(mut self, on: bool) -> io::Result<RecordWriter> {
        if on {
            self.xlsx = Some(xlsx::XlsxWriter::new()?);
        }
        Ok(self)
    }

    pub fn write_records(&mut self, records: &[Record]) -> io::Result<()> {
        if let Some(x) = &mut self.xlsx {
            x.write_records(records)?;
        }
        for r in records {
            serde_json::to_writer(&mut self.jsonl, r)?;
            self.jsonl.write_all(b"\n")?;
            self.projects
                .write_record(SCALAR_FIELDS.iter().map(|f| r.scalar(f)))?;
            for row in indicator_rows(r) {
                self.indicators.write_record(&row)?;
            }
            self.forms += 1;
            self.indicator_rows += r.indicators.len();
        }
        #[cfg(feature = "parquet")]
        if let Some(p) = &mut self.parquet {
            p.push(records)?;
        }
        Ok(())
    }

    /// Where the records' values came from (`sources.jsonl`, for `review`).
    pub fn write_sources(&mut self, sources: &[Box<RawValue>]) -> io::Result<()> {
        for s in sources {
            self.sources.write_all(s.get().as_bytes())?;
            self.sources.write_all(b"\n")?;
        }
        Ok(())
    }

    /// One file's entry of report.json, in the inputs' order.
    pub fn write_report(&mut self, r: &FileReport) -> io::Result<()> {
        let sep = if self.files == 0 { "" } else { "," };
        write!(self.report, "{sep}\n    {}", pretty_at(r, 2))?;
        self.files += 1;
        match r.status {
            Status::Ok => self.ok += 1,
            Status::NoForm => self.no_form += 1,
            Status::Error => self.error += 1,
        }
        self.pages += r.pages;
        Ok(())
    }

    /// The totals of what was written, for a run that took `seconds`.
    pub fn summary(&self, seconds: f64) -> Summary {
        Summary {
            files: self.files,
            ok: self.ok,
            no_form: self.no_form,
            error: self.error,
            forms: self.forms,
            indicators: self.indicator_rows,
            pages: self.pages,
            seconds,
        }
    }

    pub fn finish(mut self, summary: &Summary) -> io::Result<()> {
        self.jsonl.flush()?;
        self.sources.flush()?;
        self.projects.flush()?;
        self.indicators.flush()?;
        drop(self.jsonl);
        drop(self.sources);
        drop(self.projects);
        drop(self.indicators);
        for name in RECORD_FILES {
            finish_pause();
            std::fs::rename(tmp_name(&self.dir, name), self.dir.join(name))?;
        }
        #[cfg(feature = "parquet")]
        if let Some(p) = self.parquet.take() {
            p.finish()?;
        }
        if let Some(x) = self.xlsx {
            x.finish(&self.dir)?;
        }
        let close = if self.files == 0 { "]" } else { "\n  ]" };
        write!(
            self.report,
            "{close},\n  \"summary\": {}\n}}\n",
            pretty_at(summary, 1)
        )?;
        self.report.flush()?;
        drop(self.report);
        finish_pause();
        std::fs::rename(
            tmp_name(&self.dir, "report.json"),
            self.dir.join("report.json"),
        )
    }
}

/// Joins the outputs of `extract --shard` runs into `out`: every file's
/// report and records, in the inputs' order (each shard wrote each file's
/// place among all inputs), through the same writer as `extract`, so the
/// records and CSVs are byte for byte those of one run.
pub fn merge(dirs: &[PathBuf], out: &Path, parquet: bool, xlsx: bool) -> Result<Summary, String> {
    #[derive(serde::Deserialize)]
    struct ReportFile {
        files: Vec<FileReport>,
        summary: ShardSummary,
    }
    #[derive(serde::Deserialize)]
    struct ShardSummary {
        seconds: f64,
    }
    let mut files: Vec<FileReport> = Vec::new();
    let mut records: std::collections::HashMap<String, Vec<Record>> = Default::default();
    let mut sources: std::collections::HashMap<String, Vec<(u32, Box<RawValue>)>> =
        Default::default();
    // What merge needs of a form's sources line: whose it is.
    #[derive(serde::Deserialize)]
    struct Owner {
        source_file: String,
        form_index: u32,
    }
    let mut seconds: f64 = 0.0;
    for d in dirs {
        let read = |name: &str| {
            std::fs::read_to_string(d.join(name)).map_err(|e| {
                format!(
                    "{}: {e} (is it the --out of an extract --shard run?)",
                    d.join(name).display()
                )
            })
        };
        let report: ReportFile = serde_json::from_str(&read("report.json")?)
            .map_err(|e| format!("{}: {e}", d.join("report.json").display()))?;
        seconds = seconds.max(report.summary.seconds);
        for f in report.files {
            if f.input_index.is_none() {
                return Err(format!(
                    "{}: {} has no input_index: this output was not made with --shard",
                    d.display(),
                    f.source_file
                ));
            }
            files.push(f);
        }
        for (n, line) in read("records.jsonl")?.lines().enumerate() {
            let r: Record = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", d.join("records.jsonl").display(), n + 1))?;
            records.entry(r.source_file.clone()).or_default().push(r);
        }
        // Outputs older than sources.jsonl merge without it.
        if let Ok(text) = std::fs::read_to_string(d.join("sources.jsonl")) {
            for (n, line) in text.lines().enumerate() {
                let bad = |e: serde_json::Error| {
                    format!("{}:{}: {e}", d.join("sources.jsonl").display(), n + 1)
                };
                let owner: Owner = serde_json::from_str(line).map_err(bad)?;
                let raw = RawValue::from_string(line.to_string()).map_err(bad)?;
                sources
                    .entry(owner.source_file)
                    .or_default()
                    .push((owner.form_index, raw));
            }
        }
    }
    files.sort_by_key(|f| f.input_index);
    if let Some(w) = files
        .windows(2)
        .find(|w| w[0].input_index == w[1].input_index)
    {
        return Err(format!(
            "{} and {} claim the same input place: shards of different runs?",
            w[0].source_file, w[1].source_file
        ));
    }
    let mut writer = RecordWriter::create(out, parquet)
        .and_then(|w| w.with_xlsx(xlsx))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    for f in &files {
        let mut rs = records.remove(&f.source_file).unwrap_or_default();
        rs.sort_by_key(|r| r.form_index);
        let mut ss = sources.remove(&f.source_file).unwrap_or_default();
        ss.sort_by_key(|(i, _)| *i);
        let ss: Vec<Box<RawValue>> = ss.into_iter().map(|(_, s)| s).collect();
        writer
            .write_records(&rs)
            .and_then(|()| writer.write_sources(&ss))
            .and_then(|()| writer.write_report(f))
            .map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let summary = writer.summary(seconds);
    writer
        .finish(&summary)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(summary)
}

#[cfg(test)]
mod stream_tests {
    use super::*;
    use crate::extract::FileResult;

    fn report(name: &str, status: Status, pages: usize) -> FileReport {
        let mut r = FileResult::failed(name, "", "boom \"quoted\"\nline".into(), 0.5).report;
        r.status = status;
        r.pages = pages;
        r.warnings = vec!["page 2: 转了 270°".into()];
        r
    }

    #[test]
    fn the_streamed_report_is_byte_for_byte_the_whole_one() {
        for n in [0, 1, 3] {
            let dir =
                std::env::temp_dir().join(format!("shenbao-report-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let mut w = RecordWriter::create(&dir, false).unwrap();
            let statuses = [Status::Ok, Status::NoForm, Status::Error];
            let reports: Vec<FileReport> = (0..n)
                .map(|i| report(&format!("f{i}.pdf"), statuses[i % 3], i + 1))
                .collect();
            for r in &reports {
                w.write_report(r).unwrap();
            }
            let summary = w.summary(1.25);
            assert_eq!((summary.files, summary.pages), (n, n * (n + 1) / 2));
            assert_eq!(summary.error, usize::from(n >= 3));
            w.finish(&summary).unwrap();
            let got = std::fs::read_to_string(dir.join("report.json")).unwrap();
            assert_eq!(got, report_json(&reports, &summary), "{n} files");
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
}
