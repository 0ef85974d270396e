//! Records and reports → files. Every file is written whole to a temporary
//! name and renamed, so a reader (or a killed run) never sees a torn file.

use crate::extract::{FileReport, Status};
use crate::record::{INDICATOR_COLUMNS, Record, SCALAR_FIELDS};
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;

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

/// records.jsonl: one JSON object per line, keys in schema order.
pub fn records_jsonl(records: &[Record]) -> String {
    let mut out = String::new();
    for r in records {
        out.push_str(&serde_json::to_string(r).expect("records serialise"));
        out.push('\n');
    }
    out
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish_csv(w: csv::Writer<Vec<u8>>) -> String {
    String::from_utf8(w.into_inner().expect("in-memory csv")).expect("utf-8 csv")
}

/// projects.csv: every scalar field, in schema order.
pub fn projects_csv(records: &[Record]) -> String {
    let mut w = csv_writer();
    w.write_record(SCALAR_FIELDS).expect("in-memory csv");
    for r in records {
        w.write_record(SCALAR_FIELDS.iter().map(|f| r.scalar(f)))
            .expect("in-memory csv");
    }
    finish_csv(w)
}

/// indicators.csv: one row per indicator, keyed to its record.
pub fn indicators_csv(records: &[Record]) -> String {
    let mut w = csv_writer();
    w.write_record(INDICATOR_COLUMNS).expect("in-memory csv");
    for r in records {
        for i in &r.indicators {
            let form_index = r.form_index.to_string();
            let seq = i.seq.to_string();
            w.write_record([
                r.source_file.as_str(),
                &r.source_sha256,
                &form_index,
                &r.project_name,
                &seq,
                &i.level1,
                &i.level2,
                &i.level3,
                &i.target_raw,
                &i.comparator,
                &i.target_value,
                &i.target_unit,
            ])
            .expect("in-memory csv");
        }
    }
    finish_csv(w)
}

#[derive(Serialize)]
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

pub fn summarize(reports: &[FileReport], records: &[Record], seconds: f64) -> Summary {
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    Summary {
        files: reports.len(),
        ok: count(Status::Ok),
        no_form: count(Status::NoForm),
        error: count(Status::Error),
        forms: records.len(),
        indicators: records.iter().map(|r| r.indicators.len()).sum(),
        pages: reports.iter().map(|r| r.pages).sum(),
        seconds,
    }
}

pub fn report_json(reports: &[FileReport], summary: &Summary) -> String {
    let report = Report {
        shenbao_version: env!("CARGO_PKG_VERSION"),
        schema_version: 1,
        files: reports,
        summary,
    };
    let mut s = serde_json::to_string_pretty(&report).expect("report serialises");
    s.push('\n');
    s
}

/// Writes the four output files into `dir` (created if missing).
pub fn write_all(
    dir: &Path,
    records: &[Record],
    reports: &[FileReport],
    summary: &Summary,
) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_atomic(
        &dir.join("records.jsonl"),
        records_jsonl(records).as_bytes(),
    )?;
    write_atomic(&dir.join("projects.csv"), projects_csv(records).as_bytes())?;
    write_atomic(
        &dir.join("indicators.csv"),
        indicators_csv(records).as_bytes(),
    )?;
    write_atomic(
        &dir.join("report.json"),
        report_json(reports, summary).as_bytes(),
    )
}
