//! Records and reports → files: records.jsonl (keys in schema order),
//! projects.csv and indicators.csv (RFC 4180, `\n`), report.json. Every file
//! is written whole under a temporary name and renamed, so a reader (or a
//! killed run) never sees a torn file.

#[cfg(feature = "parquet")]
mod parquet;

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

/// A record's rows of indicators.csv: the four columns that key the record,
/// then the indicator's own.
fn indicator_rows(r: &Record) -> impl Iterator<Item = Vec<String>> + '_ {
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

#[derive(Serialize)]
struct Report<'a> {
    shenbao_version: &'static str,
    schema_version: u32,
    files: &'a [FileReport],
    summary: &'a Summary,
}

pub fn summarize(reports: &[FileReport], forms: usize, indicators: usize, seconds: f64) -> Summary {
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    Summary {
        files: reports.len(),
        ok: count(Status::Ok),
        no_form: count(Status::NoForm),
        error: count(Status::Error),
        forms,
        indicators,
        pages: reports.iter().map(|r| r.pages).sum(),
        seconds,
    }
}

pub fn report_json(reports: &[FileReport], summary: &Summary) -> String {
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

/// Streams records into the three record files under temporary names;
/// `finish` writes report.json and renames all four into place.
pub struct RecordWriter {
    dir: PathBuf,
    /// With `--parquet`: the records, for the two Parquet files at the end.
    #[cfg(feature = "parquet")]
    parquet: Option<Vec<Record>>,
    jsonl: BufWriter<File>,
    sources: BufWriter<File>,
    projects: csv::Writer<BufWriter<File>>,
    indicators: csv::Writer<BufWriter<File>>,
    forms: usize,
    indicator_rows: usize,
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
        Ok(RecordWriter {
            dir: dir.to_path_buf(),
            #[cfg(feature = "parquet")]
            parquet: parquet.then(Vec::new),
            jsonl: open("records.jsonl")?,
            sources: open("sources.jsonl")?,
            projects,
            indicators,
            forms: 0,
            indicator_rows: 0,
        })
    }

    pub fn write_records(&mut self, records: &[Record]) -> io::Result<()> {
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
        if let Some(all) = &mut self.parquet {
            all.extend(records.iter().cloned());
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

    pub fn forms(&self) -> usize {
        self.forms
    }

    pub fn indicators(&self) -> usize {
        self.indicator_rows
    }

    pub fn finish(mut self, reports: &[FileReport], summary: &Summary) -> io::Result<()> {
        self.jsonl.flush()?;
        self.sources.flush()?;
        self.projects.flush()?;
        self.indicators.flush()?;
        drop(self.jsonl);
        drop(self.sources);
        drop(self.projects);
        drop(self.indicators);
        for name in RECORD_FILES {
            std::fs::rename(tmp_name(&self.dir, name), self.dir.join(name))?;
        }
        #[cfg(feature = "parquet")]
        if let Some(all) = &self.parquet {
            parquet::write_parquet(&self.dir, all)?;
        }
        write_atomic(
            &self.dir.join("report.json"),
            report_json(reports, summary).as_bytes(),
        )
    }
}

/// Joins the outputs of `extract --shard` runs into `out`: every file's
/// report and records, in the inputs' order (each shard wrote each file's
/// place among all inputs), through the same writer as `extract`, so the
/// records and CSVs are byte for byte those of one run.
pub fn merge(dirs: &[PathBuf], out: &Path, parquet: bool) -> Result<Summary, String> {
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
    let mut writer =
        RecordWriter::create(out, parquet).map_err(|e| format!("{}: {e}", out.display()))?;
    for f in &files {
        let mut rs = records.remove(&f.source_file).unwrap_or_default();
        rs.sort_by_key(|r| r.form_index);
        let mut ss = sources.remove(&f.source_file).unwrap_or_default();
        ss.sort_by_key(|(i, _)| *i);
        let ss: Vec<Box<RawValue>> = ss.into_iter().map(|(_, s)| s).collect();
        writer
            .write_records(&rs)
            .and_then(|()| writer.write_sources(&ss))
            .map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let summary = summarize(&files, writer.forms(), writer.indicators(), seconds);
    writer
        .finish(&files, &summary)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(summary)
}
