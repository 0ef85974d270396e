//! Reading record sets back: a `records.jsonl`, an output directory, or a
//! directory of `projects.csv` + `indicators.csv` as a spreadsheet saved it
//! (UTF-8 BOM, CRLF, columns in any order, some left out).

use crate::record::{
    Extra, ExtraField, Indicator, Record, SCHEMA_VERSION, V2_SCALAR_FIELDS, pages_from_csv,
};
use std::collections::HashMap;
use std::path::Path;

/// A loaded record set and the schema version it was written in: 1 when it
/// has none of the fields v2 appended (a v1 hand-checked file), which `diff`
/// then leaves out instead of reporting them missing.
pub struct Loaded {
    pub records: Vec<Record>,
    pub schema: u32,
}

/// Loads the records a path holds.
pub fn load_records(path: &Path) -> Result<Vec<Record>, String> {
    load(path).map(|l| l.records)
}

/// Loads the records a path holds, with the schema version they are in.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let shown = path.display();
    if path.is_dir() {
        let jsonl = path.join("records.jsonl");
        if jsonl.is_file() {
            return load_jsonl(&jsonl);
        }
        let (p, i) = (path.join("projects.csv"), path.join("indicators.csv"));
        if p.is_file() {
            return load_csv(&p, i.is_file().then_some(i.as_path()));
        }
        return Err(format!(
            "{shown}: holds neither records.jsonl nor projects.csv"
        ));
    }
    if !path.exists() {
        return Err(format!("{shown}: no such file or directory"));
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with(".csv") {
        // projects.csv given directly: indicators.csv beside it, if there.
        let i = path.with_file_name(name.replace("projects", "indicators"));
        return load_csv(path, (i != path && i.is_file()).then_some(i.as_path()));
    }
    load_jsonl(path)
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
    Ok(text
        .strip_prefix('\u{FEFF}')
        .map(str::to_string)
        .unwrap_or(text))
}

pub fn load_jsonl(path: &Path) -> Result<Loaded, String> {
    let text = read_text(path)?;
    let lines = || {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
    };
    // One writer writes a whole file: its first record says the version.
    let schema = match lines().next() {
        Some((_, l)) => {
            let keys: HashMap<String, serde::de::IgnoredAny> =
                serde_json::from_str(l).unwrap_or_default();
            if V2_SCALAR_FIELDS.iter().any(|f| keys.contains_key(*f)) {
                SCHEMA_VERSION
            } else {
                1
            }
        }
        None => SCHEMA_VERSION,
    };
    let records = lines()
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("{}:{}: not a record: {e}", path.display(), n + 1))
        })
        .collect::<Result<_, _>>()?;
    Ok(Loaded { records, schema })
}

type Row = HashMap<String, String>;

/// The rows of a CSV file, keyed by header, and whether it has a v2 column.
fn csv_rows(path: &Path) -> Result<Vec<Row>, String> {
    csv_table(path).map(|(rows, _)| rows)
}

fn csv_table(path: &Path) -> Result<(Vec<Row>, Vec<String>), String> {
    let text = read_text(path)?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(headers
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect())
        })
        .collect::<Result<_, String>>()?;
    Ok((rows, headers))
}

/// A JSON cell (`extra_fields`, `extra`); empty means none.
fn json_cell<T: serde::de::DeserializeOwned + Default>(
    row: &Row,
    k: &str,
    at: &dyn Fn() -> String,
) -> Result<T, String> {
    let cell = get(row, k);
    if cell.trim().is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(&cell)
        .map_err(|e| format!("{}: {k} is not the JSON it must be: {e}", at()))
}

/// `core`: true/false as written, or as a spreadsheet retypes it (TRUE, 1).
fn bool_cell(row: &Row, k: &str, at: &dyn Fn() -> String) -> Result<bool, String> {
    let cell = get(row, k);
    match cell.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "0" => Ok(false),
        "true" | "1" => Ok(true),
        _ => Err(format!("{}: {k} {cell:?} is neither true nor false", at())),
    }
}

fn get(row: &Row, k: &str) -> String {
    row.get(k).cloned().unwrap_or_default()
}

pub fn load_csv(projects: &Path, indicators: Option<&Path>) -> Result<Loaded, String> {
    let mut records = Vec::new();
    let (rows, headers) = csv_table(projects)?;
    let schema = if V2_SCALAR_FIELDS
        .iter()
        .any(|f| headers.iter().any(|h| h == f))
    {
        SCHEMA_VERSION
    } else {
        1
    };
    for (n, row) in rows.iter().enumerate() {
        let at = || format!("{} row {}", projects.display(), n + 2);
        let year = get(row, "year");
        let form_index = get(row, "form_index");
        records.push(Record {
            source_file: get(row, "source_file"),
            source_sha256: get(row, "source_sha256"),
            form_index: if form_index.trim().is_empty() {
                0
            } else {
                form_index
                    .trim()
                    .parse()
                    .map_err(|_| format!("{}: form_index {form_index:?} is not a number", at()))?
            },
            pages: pages_from_csv(&get(row, "pages"))
                .ok_or_else(|| format!("{}: pages is not a page list", at()))?,
            method: get(row, "method"),
            year: if year.trim().is_empty() {
                None
            } else {
                Some(
                    year.trim()
                        .parse()
                        .map_err(|_| format!("{}: year {year:?} is not a number", at()))?,
                )
            },
            project_name: get(row, "project_name"),
            project_nature: get(row, "project_nature"),
            project_category: get(row, "project_category"),
            department: get(row, "department"),
            implementing_unit: get(row, "implementing_unit"),
            start_date: get(row, "start_date"),
            end_date: get(row, "end_date"),
            amount_unit: get(row, "amount_unit"),
            total_funds: get(row, "total_funds"),
            total_fiscal: get(row, "total_fiscal"),
            total_other: get(row, "total_other"),
            annual_total: get(row, "annual_total"),
            annual_appropriation: get(row, "annual_appropriation"),
            annual_carryover: get(row, "annual_carryover"),
            annual_other: get(row, "annual_other"),
            overall_goal: get(row, "overall_goal"),
            annual_goal: get(row, "annual_goal"),
            form_title: get(row, "form_title"),
            department_code: get(row, "department_code"),
            project_attribute: get(row, "project_attribute"),
            extra_fields: json_cell::<Vec<ExtraField>>(row, "extra_fields", &at)?,
            indicators: vec![],
            warnings: vec![],
        });
    }
    if let Some(ind) = indicators {
        let index: HashMap<(String, u32), usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.source_file.clone(), r.form_index), i))
            .collect();
        for (n, row) in csv_rows(ind)?.iter().enumerate() {
            let file = get(row, "source_file");
            let fi: u32 = get(row, "form_index").trim().parse().unwrap_or(0);
            let Some(&i) = index.get(&(file.clone(), fi)) else {
                return Err(format!(
                    "{} row {}: no project {file} form {fi} in {}",
                    ind.display(),
                    n + 2,
                    projects.display()
                ));
            };
            let at = || format!("{} row {}", ind.display(), n + 2);
            let r = &mut records[i];
            let seq = get(row, "seq")
                .trim()
                .parse()
                .unwrap_or(r.indicators.len() as u32 + 1);
            let text = |k: &str| get(row, k);
            r.indicators.push(Indicator {
                seq,
                level1: text("level1"),
                level2: text("level2"),
                level3: text("level3"),
                target_raw: text("target_raw"),
                comparator: text("comparator"),
                target_value: text("target_value"),
                target_unit: text("target_unit"),
                scope: text("scope"),
                note: text("note"),
                core: bool_cell(row, "core", &at)?,
                extra: json_cell::<Extra>(row, "extra", &at)?,
            });
        }
        for r in &mut records {
            r.indicators.sort_by_key(|i| i.seq);
        }
    }
    Ok(Loaded { records, schema })
}
