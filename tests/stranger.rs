//! Forms written by another exporter (`samples/stranger/`, made by
//! scripts/gen-stranger with ReportLab): non-embedded CID fonts, simple
//! TrueType subsets, group labels at the top, middle or bottom of their
//! run, headers repeated on continuation pages, hairline rules, running
//! headers and page numbers, landscape pages. The exported PDFs must come
//! out exactly as their checked records; their scans (degraded, fed
//! per page, bilevel G4, clean) within floors.

mod common;
use common::*;

#[test]
fn other_exporters_forms_equal_their_checked_records() {
    let out = scratch("stranger");
    let pdfs = pdfs_in("samples/stranger");
    assert!(pdfs.len() >= 4, "four ReportLab files");
    let mut args: Vec<&str> = vec!["extract"];
    args.extend(pdfs.iter().map(String::as_str));
    args.extend(["--out", out.to_str().unwrap(), "--quiet"]);
    assert_exit(&shenbao(&args), 0);
    let expected = read_jsonl(&repo().join("samples/stranger/checked/records.jsonl"));
    let actual = read_jsonl(&out.join("records.jsonl"));
    assert_eq!(actual.len(), expected.len(), "forms found");
    let mut problems = checked_differences(&expected, &actual);
    for a in &actual {
        for w in &a.warnings {
            problems.push(format!("{} form {}: {w}", a.source_file, a.form_index));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let _ = std::fs::remove_dir_all(&out);
}

/// Hairline rules broken by the scanner (read as `---—` before), one-line
/// rows whose dividers are shorter than a rule must be (项目类别 and its
/// value read as one cell before), grouping commas read as points on a
/// bilevel scan, a speck before a date: the floors hold each of them.
#[test]
fn other_exporters_scans_read_within_their_floors() {
    use shenbao::diff::{DiffOptions, diff};
    let (actual, expected, out) =
        extract_and_pair_forms("samples/stranger/scanned", "stranger-scans");
    let s = diff(&actual, &expected, &DiffOptions::default()).summary;
    eprintln!(
        "stranger scans: fields {:.2}%  indicator F1 {:.4}  goal CER {:.2}%",
        100.0 * s.field_accuracy,
        s.indicator_f1,
        100.0 * s.goal_cer
    );
    assert!(
        s.field_accuracy >= 0.975 && s.indicator_f1 >= 0.98 && s.goal_cer <= 0.01,
        "fields {:.4}, F1 {:.4}, goal CER {:.4}",
        s.field_accuracy,
        s.indicator_f1,
        s.goal_cer
    );
    let _ = std::fs::remove_dir_all(&out);
}
