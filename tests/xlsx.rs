//! records.xlsx out and back in: `extract --xlsx` writes the layout the
//! README promises (checked with openpyxl, an independent reader), and a
//! copy corrected in a spreadsheet library, with cells retyped the way Excel
//! and WPS retype them, diffs to exactly the cells that were changed.

mod common;
use common::*;
use std::process::Command;

/// openpyxl, in the venv scripts/setup-test fills.
fn python() -> std::path::PathBuf {
    let py = setup_cache().join("xlsx-venv/bin/python");
    assert!(
        py.exists(),
        "{} missing: run scripts/setup-test (it installs openpyxl)",
        py.display()
    );
    py
}

fn run_python(script: &str, args: &[&str]) -> String {
    let o = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

const INSPECT: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
p, i = wb["项目"], wb["指标"]
head = [c.value for c in p[1]]
col = lambda ws, name: [c.value for c in ws[1]].index(name) + 1
row2 = lambda ws, name: ws.cell(row=2, column=col(ws, name))
out = {
  "sheets": wb.sheetnames,
  "project_header": head,
  "indicator_header": [c.value for c in i[1]],
  "rows": [p.max_row, i.max_row],
  "freeze": [p.freeze_panes, i.freeze_panes],
  "filter": [p.auto_filter.ref, i.auto_filter.ref],
  "note": (p.cell(row=1, column=col(p, "project_name")).comment or openpyxl.comments.Comment("", "")).text,
  "amount": [type(row2(p, "total_funds").value).__name__, row2(p, "total_funds").number_format, row2(p, "total_funds").value],
  "date": [type(row2(p, "start_date").value).__name__, str(row2(p, "start_date").value)],
  "form_index": type(row2(p, "form_index").value).__name__,
  "width": p.column_dimensions["A"].width,
  "warnings_col": head[-1],
}
print(json.dumps(out, ensure_ascii=False))
"#;

/// Changes three values and retypes others without changing their value.
const EDIT: &str = r#"
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
p, i = wb["项目"], wb["指标"]
col = lambda ws, name: [c.value for c in ws[1]].index(name) + 1
# The three corrections.
p.cell(row=2, column=col(p, "annual_carryover")).value = 12345.5
n = p.cell(row=3, column=col(p, "project_name"))
n.value = n.value + "（二期）"
i.cell(row=4, column=col(i, "target_raw")).value = "≥31(项)"
# Retyped, same values: a date as a bare serial number, a date typed as
# text, amounts as plain floats / text with separators, integers as
# floats, a decimal target as a float, the sheet's formats dropped.
d = p.cell(row=2, column=col(p, "start_date"))
d.value = (d.value - datetime.datetime(1899, 12, 30)).days
d.number_format = "General"
e = p.cell(row=3, column=col(p, "end_date"))
e.value = e.value.strftime("%Y-%m-%d")
f = p.cell(row=3, column=col(p, "total_funds"))
f.value = "{:,.2f}".format(f.value)
for r in range(2, p.max_row + 1):
    c = p.cell(row=r, column=col(p, "total_fiscal"))
    c.number_format = "General"
    c = p.cell(row=r, column=col(p, "form_index"))
    c.value = float(c.value)
for r in range(2, i.max_row + 1):
    c = i.cell(row=r, column=col(i, "target_value"))
    if c.value and c.value.replace(".", "", 1).isdigit():
        c.value = float(c.value)
wb.save(sys.argv[2])
"#;

#[test]
fn records_xlsx_has_the_promised_layout_and_round_trips() {
    let out = scratch("xlsx");
    let o = shenbao(&[
        "extract",
        "samples/2024-putuo-greening.pdf",
        "samples/2023-shanghai-bdc.pdf",
        "--xlsx",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let xlsx = out.join("records.xlsx");
    let records = read_jsonl(&out.join("records.jsonl"));
    let indicators: usize = records.iter().map(|r| r.indicators.len()).sum();

    let v: serde_json::Value =
        serde_json::from_str(&run_python(INSPECT, &[xlsx.to_str().unwrap()])).unwrap();
    assert_eq!(v["sheets"], serde_json::json!(["项目", "指标"]));
    let head: Vec<String> = serde_json::from_value(v["project_header"].clone()).unwrap();
    let mut want: Vec<String> = shenbao::record::SCALAR_FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    want.push("warnings".into());
    assert_eq!(head, want);
    let ihead: Vec<String> = serde_json::from_value(v["indicator_header"].clone()).unwrap();
    assert_eq!(ihead, shenbao::record::INDICATOR_COLUMNS);
    assert_eq!(
        v["rows"],
        serde_json::json!([records.len() + 1, indicators + 1])
    );
    assert_eq!(v["freeze"], serde_json::json!(["A2", "A2"]));
    assert!(v["filter"][0].as_str().unwrap().starts_with("A1:"));
    assert_eq!(v["note"], "项目名称");
    // A number cell (openpyxl says int for a whole number of yuan).
    assert!(["float", "int"].contains(&v["amount"][0].as_str().unwrap()));
    assert_eq!(v["amount"][1], "#,##0.00");
    assert_eq!(
        format!("{:.2}", v["amount"][2].as_f64().unwrap()),
        records[0].total_funds
    );
    assert_eq!(v["date"][0], "datetime");
    assert!(
        v["date"][1]
            .as_str()
            .unwrap()
            .starts_with(&records[0].start_date)
    );
    assert_eq!(v["form_index"], "int");
    assert!(v["width"].as_f64().unwrap() > 6.0);
    assert_eq!(v["warnings_col"], "warnings");

    // Unchanged, the workbook diffs clean against the run that wrote it.
    let o = shenbao(&["diff", out.to_str().unwrap(), xlsx.to_str().unwrap()]);
    assert_exit(&o, 0);

    let checked = out.join("checked.xlsx");
    run_python(EDIT, &[xlsx.to_str().unwrap(), checked.to_str().unwrap()]);
    let o = shenbao(&[
        "diff",
        out.to_str().unwrap(),
        checked.to_str().unwrap(),
        "--json",
    ]);
    assert_exit(&o, 1);
    let rep: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diffs = rep["differences"].as_array().unwrap();
    let got: Vec<(String, String)> = diffs
        .iter()
        .map(|d| {
            (
                d["field"].as_str().unwrap().to_string(),
                d["expected"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("annual_carryover".to_string(), "12345.50".to_string()),
            ("target_raw".to_string(), "≥31(项)".to_string()),
            (
                "project_name".to_string(),
                format!("{}（二期）", records[1].project_name)
            ),
        ],
        "{}",
        serde_json::to_string_pretty(diffs).unwrap()
    );
    assert_eq!(rep["summary"]["records_paired"], records.len());
}
