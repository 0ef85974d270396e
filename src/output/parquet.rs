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
use std::path::Path;
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
    let (v, def) = opt(rs.iter().map(|r| r.year.map(|y| y as i32)));
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

fn write(path: &Path, schema: &str, columns: Vec<Column>) -> parquet::errors::Result<()> {
    let schema = Arc::new(parse_message_type(schema)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .build(),
    );
    let file = std::fs::File::create(path)?;
    let mut writer = SerializedFileWriter::new(file, schema, props)?;
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
    writer.close()?;
    Ok(())
}

/// Writes both files into `dir` (each under a temporary name, then renamed).
pub fn write_parquet(dir: &Path, records: &[Record]) -> std::io::Result<()> {
    let tables = [
        (
            "projects.parquet",
            projects_schema(),
            projects_columns(records),
        ),
        (
            "indicators.parquet",
            INDICATORS_SCHEMA.to_string(),
            indicators_columns(records),
        ),
    ];
    for (name, schema, cols) in tables {
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        write(&tmp, &schema, cols).map_err(std::io::Error::other)?;
        std::fs::rename(&tmp, dir.join(name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
