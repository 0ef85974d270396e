//! Forms written by other exporters (`samples/stranger/`, made by
//! scripts/gen-stranger with ReportLab, and HTML tables typeset by
//! WeasyPrint with real rowspan cells): non-embedded CID fonts, simple
//! TrueType subsets, group labels at the top, middle or bottom of their
//! run, headers repeated on continuation pages, hairline rules, running
//! headers and page numbers, landscape pages. The exported PDFs must come
//! out exactly as their checked records; their scans (degraded, fed
//! per page, bilevel G4, clean, and a second scanner's: uneven light and
//! an upside-down sheet, a fax, turned JBIG2 pages, pasted screenshots)
//! within floors.

mod common;
use common::*;
use shenbao::record::Record;

#[test]
fn other_exporters_forms_equal_their_checked_records() {
    let out = scratch("stranger");
    let pdfs = pdfs_in("samples/stranger");
    assert!(pdfs.len() >= 7, "five ReportLab files, two WeasyPrint ones");
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

/// Two scanners. The first is gen_scans' (degraded, fed per page, bilevel
/// G4, clean); the second has its own optics, light and paper handling: a
/// lamp that falls off towards one edge with the lid's shadow along another
/// and a sheet fed upside down, a Group 3 fax at 204 × 196 dpi, landscape
/// pages through a portrait scanner as JBIG2 (turned each way, with and
/// without `/Rotate`), and screenshots pasted into a Word-style page with
/// its own text. Every form must be found with its pages (checked by
/// `extract_and_pair_forms`), each file must read within a floor, and all of
/// them within the degraded-scan targets.
#[test]
fn other_exporters_scans_read_within_their_floors() {
    use shenbao::diff::{DiffOptions, diff};
    let (actual, expected, out) =
        extract_and_pair_forms("samples/stranger/scanned", "stranger-scans");
    let mut files: Vec<&str> = expected.iter().map(|r| r.source_file.as_str()).collect();
    files.dedup();
    assert!(files.len() >= 8, "eight scans: {files:?}");
    let mut failed = Vec::new();
    // A note about one page (turned, mixed) goes to the forms on it only.
    for r in &actual {
        for w in &r.warnings {
            let page = w
                .strip_prefix("page ")
                .and_then(|t| t.split_once(':'))
                .and_then(|(n, _)| n.parse::<u32>().ok());
            if page.is_some_and(|p| !r.pages.contains(&p)) {
                failed.push(format!(
                    "{} form {} ({:?}): {w}",
                    r.source_file, r.form_index, r.pages
                ));
            }
        }
    }
    // Per file: the targets for degraded and fed scans (one slip in
    // its 50 fields, one indicator row in its ~20). All together: those for
    // clean scans (a line-final mark hanging over a rule, a 1-bit 4 read as
    // `+`, each cost a file one field).
    let mut check = |what: &str, a: &[Record], e: &[Record], floor: (f64, f64, f64)| {
        let s = diff(a, e, &DiffOptions::default()).summary;
        let line = format!(
            "{what}: fields {:.4}, F1 {:.4}, goal CER {:.4}",
            s.field_accuracy, s.indicator_f1, s.goal_cer
        );
        eprintln!("{line}");
        if s.field_accuracy < floor.0 || s.indicator_f1 < floor.1 || s.goal_cer > floor.2 {
            failed.push(line);
        }
    };
    for f in &files {
        let of = |rs: &[Record]| -> Vec<Record> {
            rs.iter().filter(|r| r.source_file == *f).cloned().collect()
        };
        check(f, &of(&actual), &of(&expected), (0.98, 0.97, 0.01));
    }
    check("all", &actual, &expected, (0.995, 0.99, 0.003));
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    let _ = std::fs::remove_dir_all(&out);
}

/// The same scans with tesseract, the engine users without ONNX Runtime
/// get: the whole set within floors set just under what it reads today
/// (session 17: fields 0.96 — faint ink read again darkened, a broken date
/// read again, a ≥ read as 二, one glyph read as two made one; session 14: 0.9325, F1 0.873, goal CER 0.0136; before that
/// session's fixes for forms not seen: 0.865, 0.746). Each of those fixes
/// was a class one stranger file showed (a brace for a bracket in
/// 项目资金{元), a lamp's falloff hiding the title, a 二级指标 header read as
/// 一级指标, a lone 目 read as `a`), so a drop here is a class lost again.
#[test]
fn other_exporters_scans_read_with_tesseract_within_floors() {
    use shenbao::diff::{DiffOptions, diff};
    let out = scratch("stranger-scans-tesseract");
    let pdfs = pdfs_in("samples/stranger/scanned");
    let mut args: Vec<&str> = vec!["extract"];
    args.extend(pdfs.iter().map(String::as_str));
    args.extend([
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "-j",
        "2",
        "--ocr",
        "tesseract",
    ]);
    assert_exit(&shenbao(&args), 0);
    let expected = read_jsonl(&repo().join("samples/stranger/scanned/checked/records.jsonl"));
    let actual = read_jsonl(&out.join("records.jsonl"));
    let s = diff(&actual, &expected, &DiffOptions::default()).summary;
    eprintln!(
        "tesseract: fields {:.4}, F1 {:.4}, goal CER {:.4}",
        s.field_accuracy, s.indicator_f1, s.goal_cer
    );
    assert!(
        s.field_accuracy >= 0.955 && s.indicator_f1 >= 0.87 && s.goal_cer <= 0.015,
        "fields {:.4} (floor 0.955), F1 {:.4} (floor 0.87), goal CER {:.4} (ceiling 0.015)",
        s.field_accuracy,
        s.indicator_f1,
        s.goal_cer
    );
    let _ = std::fs::remove_dir_all(&out);
}
