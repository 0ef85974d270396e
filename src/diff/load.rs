//! Reading record sets back: a `records.jsonl`, an output directory, or a
//! directory of `projects.csv` + `indicators.csv` as a spreadsheet saved it
//! (UTF-8 BOM, CRLF, columns in any order, some left out).

use crate::record::{Indicator, Record, pages_from_csv};
use std::collections::HashMap;
use std::path::Path;

/// Loads the records a path holds.
pub fn load_records(path: &Path) -> Result<Vec<Record>, String> {
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
        let xlsx = path.join("records.xlsx");
        if xlsx.is_file() {
            return super::xlsx::load_workbook(&xlsx);
        }
        return Err(format!(
            "{shown}: holds neither records.jsonl, projects.csv nor records.xlsx"
        ));
    }
    if !path.exists() {
        return Err(format!("{shown}: no such file or directory"));
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if super::xlsx::is_workbook_name(name) {
        return super::xlsx::load_workbook(path);
    }
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

pub fn load_jsonl(path: &Path) -> Result<Vec<Record>, String> {
    read_text(path)?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("{}:{}: not a record: {e}", path.display(), n + 1))
        })
        .collect()
}

/// One row of a table, by column name.
pub(crate) type Row = HashMap<String, String>;

fn csv_rows(path: &Path) -> Result<Vec<Row>, String> {
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
    rdr.records()
        .map(|r| {
            let r = r.map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(headers
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect())
        })
        .collect()
}

fn get(row: &Row, k: &str) -> String {
    row.get(k).cloned().unwrap_or_default()
}

pub fn load_csv(projects: &Path, indicators: Option<&Path>) -> Result<Vec<Record>, String> {
    let ind_rows = indicators.map(csv_rows).transpose()?;
    let ind = indicators.map(|i| i.display().to_string());
    records_from_rows(
        &csv_rows(projects)?,
        ind_rows.as_deref().zip(ind.as_deref()),
        &projects.display().to_string(),
    )
}

/// Records from the rows of a projects table and, if given, an indicators
/// table (with its name for messages); row numbers count a header row.
pub(crate) fn records_from_rows(
    project_rows: &[Row],
    indicators: Option<(&[Row], &str)>,
    projects: &str,
) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    for (n, row) in project_rows.iter().enumerate() {
        let at = || format!("{projects} row {}", n + 2);
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
            indicators: vec![],
            warnings: vec![],
        });
    }
    if let Some((ind_rows, ind)) = indicators {
        let index: HashMap<(String, u32), usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.source_file.clone(), r.form_index), i))
            .collect();
        for (n, row) in ind_rows.iter().enumerate() {
            let file = get(row, "source_file");
            let fi: u32 = get(row, "form_index").trim().parse().unwrap_or(0);
            let Some(&i) = index.get(&(file.clone(), fi)) else {
                return Err(format!(
                    "{ind} row {}: no project {file} form {fi} in {projects}",
                    n + 2,
                ));
            };
            let r = &mut records[i];
            let seq = get(row, "seq")
                .trim()
                .parse()
                .unwrap_or(r.indicators.len() as u32 + 1);
            r.indicators.push(Indicator {
                seq,
                level1: get(row, "level1"),
                level2: get(row, "level2"),
                level3: get(row, "level3"),
                target_raw: get(row, "target_raw"),
                comparator: get(row, "comparator"),
                target_value: get(row, "target_value"),
                target_unit: get(row, "target_unit"),
            });
        }
        for r in &mut records {
            r.indicators.sort_by_key(|i| i.seq);
        }
    }
    Ok(records)
}
