//! `projects.parquet` and `indicators.parquet`: the CSVs' rows and order with
//! real types (amounts DECIMAL(18,2), dates DATE, year/seq/form_index INT32,
//! pages a list of INT32, `core` BOOLEAN, the rest UTF-8), through parquet's
//! low-level writer (no arrow: it would triple the build).
//!
//! `extra_fields` and `extra` are JSON text (the JSON logical type), not
//! nested Parquet types: `extra`'s keys are whatever headers a form printed,
//! which no fixed struct holds, and the text is the same compact JSON the
//! CSVs carry, which PostgreSQL's jsonb and DuckDB's JSON load as they are.

use crate::normalize::amount::{Amount, AmountUnit};
use crate::record::{AMOUNT_FIELDS, Record, compact_json};
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const TEXT_BEFORE_DATES: [&str; 5] = [
    "project_name",
    "project_nature",
    "project_category",
    "department",
    "implementing_unit",
];

fn projects_schema() -> String {
    let mut s = String::from(
        "message projects {
  required binary source_file (STRING);
  required binary source_sha256 (STRING);
  required int32 form_index;
  required group pages (LIST) { repeated group list { required int32 element; } }
  required binary method (STRING);
  optional int32 year;
",
    );
    for f in TEXT_BEFORE_DATES {
        s += &format!("  required binary {f} (STRING);\n");
    }
    s += "  optional int32 start_date (DATE);\n  optional int32 end_date (DATE);\n";
    s += "  required binary amount_unit (STRING);\n";
    for f in AMOUNT_FIELDS {
        s += &format!("  optional int64 {f} (DECIMAL(18,2));\n");
    }
    s += "  required binary overall_goal (STRING);\n  required binary annual_goal (STRING);\n";
    for f in ["form_title", "department_code", "project_attribute"] {
        s += &format!("  required binary {f} (STRING);\n");
    }
    s += "  required binary extra_fields (JSON);\n}";
    s
}

const INDICATORS_SCHEMA: &str = "message indicators {
  required binary source_file (STRING);
  required binary source_sha256 (STRING);
  required int32 form_index;
  required binary project_name (STRING);
  required int32 seq;
  required binary level1 (STRING);
  required binary level2 (STRING);
  required binary level3 (STRING);
  required binary target_raw (STRING);
  optional binary comparator (STRING);
  optional binary target_value (STRING);
  optional binary target_unit (STRING);
  required binary scope (STRING);
  required binary note (STRING);
  required boolean core;
  required binary extra (JSON);
}";

/// One column's data, in the writer's terms.
enum Column {
    Text(Vec<ByteArray>, Option<Vec<i16>>),
    Int32(Vec<i32>, Option<Vec<i16>>),
    Int64(Vec<i64>, Option<Vec<i16>>),
    Bool(Vec<bool>),
    /// A list of INT32: values, definition and repetition levels.
    List(Vec<i32>, Vec<i16>, Vec<i16>),
}

fn text<'a>(values: impl Iterator<Item = &'a str>) -> Column {
    Column::Text(values.map(ByteArray::from).collect(), None)
}

/// Optional text: empty means absent.
fn opt_text<'a>(values: impl Iterator<Item = &'a str>) -> Column {
    let (mut v, mut def) = (Vec::new(), Vec::new());
    for s in values {
        def.push(i16::from(!s.is_empty()));
        if !s.is_empty() {
            v.push(ByteArray::from(s));
        }
    }
    Column::Text(v, Some(def))
}

fn opt<T>(values: impl Iterator<Item = Option<T>>) -> (Vec<T>, Vec<i16>) {
    let (mut v, mut def) = (Vec::new(), Vec::new());
    for x in values {
        def.push(i16::from(x.is_some()));
        v.extend(x);
    }
    (v, def)
}

/// A record's amount (`12505000.00`, 元) → 1250500000 hundredths, exactly.
fn cents(s: &str) -> Option<i64> {
    let a = Amount::parse(s, AmountUnit::Yuan).ok()?;
    i64::try_from(a.0).ok()
}

/// `YYYY-MM-DD` → days since 1970-01-01 (proleptic Gregorian).
fn days(s: &str) -> Option<i32> {
    let mut it = s.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) as i32)
}

fn projects_columns(rs: &[Record]) -> Vec<Column> {
    let mut cols = vec![
        text(rs.iter().map(|r| r.source_file.as_str())),
        text(rs.iter().map(|r| r.source_sha256.as_str())),
        Column::Int32(rs.iter().map(|r| r.form_index as i32).collect(), None),
    ];
    let (mut v, mut def, mut rep) = (Vec::new(), Vec::new(), Vec::new());
    for r in rs {
        if r.pages.is_empty() {
            def.push(0);
            rep.push(0);
        }
        for (i, &p) in r.pages.iter().enumerate() {
            v.push(p as i32);
            def.push(1);
            rep.push(i16::from(i > 0));
        }
    }
    cols.push(Column::List(v, def, rep));
    cols.push(text(rs.iter().map(|r| r.method.as_str())));
    let (v, def) = opt(rs.iter().map(|r| r.year));
    cols.push(Column::Int32(v, Some(def)));
    let scalar: Vec<Vec<String>> = rs
        .iter()
        .map(|r| {
            TEXT_BEFORE_DATES
                .iter()
                .chain(&["start_date", "end_date", "amount_unit"])
                .chain(AMOUNT_FIELDS.iter())
                .chain(&["overall_goal", "annual_goal"])
                .map(|f| r.scalar(f))
                .collect()
        })
        .collect();
    let col = |i: usize| scalar.iter().map(move |row| row[i].as_str());
    for i in 0..5 {
        cols.push(text(col(i)));
    }
    for i in 5..7 {
        let (v, def) = opt(col(i).map(days));
        cols.push(Column::Int32(v, Some(def)));
    }
    cols.push(text(col(7)));
    for i in 8..15 {
        let (v, def) = opt(col(i).map(cents));
        cols.push(Column::Int64(v, Some(def)));
    }
    cols.push(text(col(15)));
    cols.push(text(col(16)));
    cols.push(text(rs.iter().map(|r| r.form_title.as_str())));
    cols.push(text(rs.iter().map(|r| r.department_code.as_str())));
    cols.push(text(rs.iter().map(|r| r.project_attribute.as_str())));
    let extra: Vec<String> = rs.iter().map(|r| compact_json(&r.extra_fields)).collect();
    cols.push(text(extra.iter().map(String::as_str)));
    cols
}

fn indicators_columns(rs: &[Record]) -> Vec<Column> {
    let rows: Vec<(&Record, &crate::record::Indicator)> = rs
        .iter()
        .flat_map(|r| r.indicators.iter().map(move |i| (r, i)))
        .collect();
    vec![
        text(rows.iter().map(|(r, _)| r.source_file.as_str())),
        text(rows.iter().map(|(r, _)| r.source_sha256.as_str())),
        Column::Int32(
            rows.iter().map(|(r, _)| r.form_index as i32).collect(),
            None,
        ),
        text(rows.iter().map(|(r, _)| r.project_name.as_str())),
        Column::Int32(rows.iter().map(|(_, i)| i.seq as i32).collect(), None),
        text(rows.iter().map(|(_, i)| i.level1.as_str())),
        text(rows.iter().map(|(_, i)| i.level2.as_str())),
        text(rows.iter().map(|(_, i)| i.level3.as_str())),
        text(rows.iter().map(|(_, i)| i.target_raw.as_str())),
        opt_text(rows.iter().map(|(_, i)| i.comparator.as_str())),
        opt_text(rows.iter().map(|(_, i)| i.target_value.as_str())),
        opt_text(rows.iter().map(|(_, i)| i.target_unit.as_str())),
        text(rows.iter().map(|(_, i)| i.scope.as_str())),
        text(rows.iter().map(|(_, i)| i.note.as_str())),
        Column::Bool(rows.iter().map(|(_, i)| i.core).collect()),
        Column::Text(
            rows.iter()
                .map(|(_, i)| ByteArray::from(compact_json(&i.extra).into_bytes()))
                .collect(),
            None,
        ),
    ]
}

/// Records in a row group. The files are written a group at a time as
/// records arrive, so a batch's memory does not grow with its size; the
/// groups split the records in input order at fixed counts, so the bytes
/// are the same however the batch ran.
const GROUP_RECORDS: usize = 1024;

/// Streams records into projects.parquet and indicators.parquet under
/// temporary names; `finish` renames them into place.
pub struct ParquetWriter {
    dir: PathBuf,
    projects: SerializedFileWriter<File>,
    indicators: SerializedFileWriter<File>,
    pending: Vec<Record>,
    groups: usize,
}

const FILES: [&str; 2] = ["projects.parquet", "indicators.parquet"];

fn tmp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.tmp-{}", std::process::id()))
}

fn open(path: &Path, schema: &str) -> parquet::errors::Result<SerializedFileWriter<File>> {
    let schema = Arc::new(parse_message_type(schema)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .build(),
    );
    SerializedFileWriter::new(File::create(path)?, schema, props)
}

fn write_group(
    writer: &mut SerializedFileWriter<File>,
    columns: Vec<Column>,
) -> parquet::errors::Result<()> {
    let mut group = writer.next_row_group()?;
    let mut columns = columns.into_iter();
    while let Some(mut col) = group.next_column()? {
        match columns.next().expect("a column per schema field") {
            Column::Text(v, def) => {
                col.typed::<ByteArrayType>()
                    .write_batch(&v, def.as_deref(), None)?;
            }
            Column::Int32(v, def) => {
                col.typed::<Int32Type>()
                    .write_batch(&v, def.as_deref(), None)?;
            }
            Column::Int64(v, def) => {
                col.typed::<Int64Type>()
                    .write_batch(&v, def.as_deref(), None)?;
            }
            Column::Bool(v) => {
                col.typed::<BoolType>().write_batch(&v, None, None)?;
            }
            Column::List(v, def, rep) => {
                col.typed::<Int32Type>()
                    .write_batch(&v, Some(&def), Some(&rep))?;
            }
        }
        col.close()?;
    }
    group.close()?;
    Ok(())
}

impl ParquetWriter {
    pub fn create(dir: &Path) -> io::Result<ParquetWriter> {
        let projects =
            open(&tmp_path(dir, FILES[0]), &projects_schema()).map_err(io::Error::other)?;
        let indicators =
            open(&tmp_path(dir, FILES[1]), INDICATORS_SCHEMA).map_err(io::Error::other)?;
        Ok(ParquetWriter {
            dir: dir.to_path_buf(),
            projects,
            indicators,
            pending: Vec::new(),
            groups: 0,
        })
    }

    pub fn push(&mut self, records: &[Record]) -> io::Result<()> {
        self.pending.extend(records.iter().cloned());
        while self.pending.len() >= GROUP_RECORDS {
            let rest = self.pending.split_off(GROUP_RECORDS);
            self.flush_group()?;
            self.pending = rest;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> io::Result<()> {
        write_group(&mut self.projects, projects_columns(&self.pending))
            .and_then(|()| write_group(&mut self.indicators, indicators_columns(&self.pending)))
            .map_err(io::Error::other)?;
        self.pending.clear();
        self.groups += 1;
        Ok(())
    }

    /// Writes what is left (one empty group when there was nothing, as a
    /// reader expects), closes both files and renames them into place.
    pub fn finish(mut self) -> io::Result<()> {
        if !self.pending.is_empty() || self.groups == 0 {
            self.flush_group()?;
        }
        self.projects.close().map_err(io::Error::other)?;
        self.indicators.close().map_err(io::Error::other)?;
        for name in FILES {
            super::finish_pause();
            std::fs::rename(tmp_path(&self.dir, name), self.dir.join(name))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(n: usize) -> Vec<Record> {
        (0..n)
            .map(|i| Record {
                source_file: format!("f{}.pdf", i / 3),
                form_index: (i % 3) as u32,
                project_name: format!("项目{i}"),
                pages: vec![1 + i as u32 / 3],
                indicators: (0..i % 4)
                    .map(|s| crate::record::Indicator {
                        seq: s as u32 + 1,
                        level3: format!("指标{s}"),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect()
    }

    /// Writes `rs` in pieces of the given sizes (cycled); the files' bytes.
    fn written(rs: &[Record], pieces: &[usize], name: &str) -> (Vec<u8>, Vec<u8>, PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("shenbao-parquet-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut w = ParquetWriter::create(&dir).unwrap();
        let (mut at, mut k) = (0, 0);
        while at < rs.len() {
            let end = (at + pieces[k % pieces.len()]).min(rs.len());
            w.push(&rs[at..end]).unwrap();
            (at, k) = (end, k + 1);
        }
        w.finish().unwrap();
        let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
        (read(FILES[0]), read(FILES[1]), dir)
    }

    /// Row groups split the records at fixed counts: the same bytes however
    /// the records came (a file at a time, a form at a time), every row
    /// there, in order, and no group larger than GROUP_RECORDS.
    #[test]
    fn row_groups_stream_and_do_not_depend_on_how_records_arrive() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        use parquet::record::RowAccessor;
        let rs = records(2 * GROUP_RECORDS + 100);
        let (p1, i1, d1) = written(&rs, &[1], "ones");
        let (p2, i2, d2) = written(&rs, &[7, 300, 2, GROUP_RECORDS + 5], "mixed");
        assert!(
            p1 == p2 && i1 == i2,
            "the bytes depend on how records arrived"
        );
        let reader =
            SerializedFileReader::new(std::fs::File::open(d1.join(FILES[0])).unwrap()).unwrap();
        let meta = reader.metadata();
        let groups: Vec<i64> = meta.row_groups().iter().map(|g| g.num_rows()).collect();
        assert_eq!(groups, vec![1024, 1024, 100]);
        let names: Vec<String> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|row| row.unwrap().get_string(0).unwrap().clone())
            .collect();
        let want: Vec<String> = rs.iter().map(|r| r.source_file.clone()).collect();
        assert_eq!(names, want);
        let ind =
            SerializedFileReader::new(std::fs::File::open(d1.join(FILES[1])).unwrap()).unwrap();
        let rows: i64 = ind
            .metadata()
            .row_groups()
            .iter()
            .map(|g| g.num_rows())
            .sum();
        assert_eq!(
            rows as usize,
            rs.iter().map(|r| r.indicators.len()).sum::<usize>()
        );
        // Nothing at all: one empty group, as before.
        let (_, _, d0) = written(&[], &[1], "empty");
        let empty =
            SerializedFileReader::new(std::fs::File::open(d0.join(FILES[0])).unwrap()).unwrap();
        assert_eq!(empty.metadata().num_row_groups(), 1);
        for d in [d1, d2, d0] {
            let _ = std::fs::remove_dir_all(d);
        }
    }

    #[test]
    fn dates_and_amounts_convert_exactly() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2024-03-01"), Some(19783));
        assert_eq!(days("2000-02-29"), Some(11016));
        assert_eq!(cents("12505000.00"), Some(1_250_500_000));
        assert_eq!(cents("0.5"), Some(50));
        assert_eq!(cents(""), None);
    }
}
