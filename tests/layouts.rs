//! Layouts C, D and E (`samples/layouts/`, made by scripts/gen-layouts):
//! every exported form must come out exactly as its checked v2 record, the
//! v2 fields included, and the CSVs byte for byte.

mod common;
use common::*;

#[test]
fn layout_samples_equal_their_checked_records() {
    let out = scratch("layouts");
    let pdfs = pdfs_in("samples/layouts");
    assert!(
        pdfs.len() >= 4,
        "layout samples C, D, E and the 部门预算 PDF"
    );
    let mut args: Vec<&str> = vec!["extract"];
    args.extend(pdfs.iter().map(String::as_str));
    args.extend(["--out", out.to_str().unwrap(), "--quiet"]);
    let o = shenbao(&args);
    assert_exit(&o, 0);
    let checked = repo().join("samples/layouts/checked");
    let expected = read_jsonl(&checked.join("records.jsonl"));
    let actual = read_jsonl(&out.join("records.jsonl"));
    assert!(expected.len() >= 12, "the layout samples hold 12 forms");
    let mut problems = checked_differences(&expected, &actual);
    // Nothing on a form may be left over silently, and these forms leave
    // nothing over at all.
    for a in &actual {
        for w in a.warnings.iter().filter(|w| w.contains("in no field")) {
            problems.push(format!("{} form {}: {w}", a.source_file, a.form_index));
        }
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "forms found: {:?}",
        actual
            .iter()
            .map(|a| (&a.source_file, a.form_index))
            .collect::<Vec<_>>()
    );
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Every v2 value has its origin in sources.jsonl (what review draws):
    // each extra_fields entry, note, extra column, title and code.
    let sources: Vec<serde_json::Value> = std::fs::read_to_string(out.join("sources.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for a in &actual {
        let s = sources
            .iter()
            .find(|s| s["source_file"] == a.source_file.as_str() && s["form_index"] == a.form_index)
            .unwrap_or_else(|| panic!("no sources for {} {}", a.source_file, a.form_index));
        let has = |field: &str, ind: Option<u32>| {
            s["fields"].as_array().unwrap().iter().any(|f| {
                f["field"] == field
                    && f["indicator"].as_u64() == ind.map(u64::from)
                    && f["bbox"].is_array()
            })
        };
        let mut want: Vec<(String, Option<u32>)> = vec![("form_title".into(), None)];
        if !a.department_code.is_empty() {
            want.push(("department_code".into(), None));
        }
        want.extend((0..a.extra_fields.len()).map(|i| (format!("extra_fields[{i}]"), None)));
        for i in &a.indicators {
            if !i.note.is_empty() {
                want.push(("note".into(), Some(i.seq)));
            }
            want.extend(
                i.extra
                    .0
                    .iter()
                    .map(|(h, _)| (format!("extra.{h}"), Some(i.seq))),
            );
        }
        for (field, ind) in want {
            if !has(&field, ind) {
                problems.push(format!(
                    "{} form {}: no source for {field} {ind:?}",
                    a.source_file, a.form_index
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for f in ["projects.csv", "indicators.csv"] {
        let want = std::fs::read_to_string(checked.join(f)).unwrap();
        let got = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(want == got, "{f} differs from samples/layouts/checked/{f}");
    }
}

/// The degraded 200 dpi scan of each layout, read by the default engine:
/// every form found on its pages, and accuracy per layout no lower than the
/// floors: issue 15's targets (fields ≥ 98 %, indicator F1 ≥ 97 %, goal
/// CER ≤ 1 %), raised where the reader does better.
#[test]
fn layout_scans_read_within_their_floors() {
    use shenbao::diff::{DiffOptions, diff};
    // (layout file stem, fields, indicator F1, goal CER ceiling)
    const FLOORS: &[(&str, f64, f64, f64)] = &[
        // Each at the targets (measured: 98.67 % of fields each,
        // one goal's comma or full stop; F1 C 0.979, D and E 1.0).
        ("2026-shanghai-culture-c", 0.98, 0.97, 0.01),
        ("2025-cas-research-d", 0.98, 0.99, 0.01),
        ("2019-haizhou-county-e", 0.98, 0.99, 0.01),
    ];
    let (actual, expected, out) = extract_and_pair_forms("samples/layouts/scanned", "layout-scans");
    let mut failures = Vec::new();
    for &(stem, fields, f1, cer) in FLOORS {
        let of = |rs: &[shenbao::record::Record]| -> Vec<shenbao::record::Record> {
            rs.iter()
                .filter(|r| r.source_file.contains(stem))
                .cloned()
                .collect()
        };
        let s = diff(&of(&actual), &of(&expected), &DiffOptions::default()).summary;
        eprintln!(
            "{stem:<26} fields {:.2}%  indicator F1 {:.4}  goal CER {:.2}%",
            100.0 * s.field_accuracy,
            s.indicator_f1,
            100.0 * s.goal_cer
        );
        if s.field_accuracy < fields || s.indicator_f1 < f1 || s.goal_cer > cer {
            failures.push(format!(
                "{stem}: fields {:.4} (floor {fields}), F1 {:.4} (floor {f1}), goal CER {:.4} (ceiling {cer})",
                s.field_accuracy, s.indicator_f1, s.goal_cer
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let _ = std::fs::remove_dir_all(&out);
}
