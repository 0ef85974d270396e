//! Inputs other than PDF: the forms' own spreadsheets (.xlsx, and .xls /
//! .ods / WPS .et copies) must give the records their PDFs give, field for
//! field; scanned pages given as TIFF / PNG / JPEG files must read as the
//! same pages inside a PDF do.

mod common;
use common::*;
use shenbao::record::Record;
use std::path::Path;

/// Files directly in `dir` (from the repo root) whose name ends with one of
/// `exts`, sorted, as paths from the repo root.
fn files_in(dir: &str, exts: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| exts.iter().any(|e| n.ends_with(e)))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    v.sort();
    v
}

fn extract(paths: &[String], out: &Path, extra: &[&str]) -> Vec<Record> {
    let mut args = vec!["extract", "--quiet", "--out", out.to_str().unwrap()];
    args.extend(paths.iter().map(String::as_str));
    args.extend(extra);
    let o = shenbao(&args);
    assert_exit(&o, 0);
    read_jsonl(&out.join("records.jsonl"))
}

/// The sample PDF a workbook was exported to: samples/<stem>.pdf.
fn pdf_of(workbook: &str) -> String {
    let stem = Path::new(workbook).file_stem().unwrap().to_string_lossy();
    format!("samples/{stem}.pdf")
}

/// `actual`'s differences from `expected`, where they came from aside.
fn content_differences(expected: &Record, actual: &Record) -> Vec<String> {
    let mut a = actual.clone();
    a.source_file = expected.source_file.clone();
    a.source_sha256 = expected.source_sha256.clone();
    a.method = expected.method.clone();
    a.pages = expected.pages.clone();
    record_differences(expected, &a)
}

#[test]
fn spreadsheets_give_the_records_of_their_pdfs() {
    let mut books = files_in("samples/xlsx", &[".xlsx"]);
    books.extend(files_in("tests/fixtures/sheets", &[".xls", ".ods", ".et"]));
    assert!(books.len() >= 4, "{books:?}");
    let mut pdfs: Vec<String> = books.iter().map(|b| pdf_of(b)).collect();
    pdfs.sort();
    pdfs.dedup();
    let from_pdf = extract(&pdfs, &scratch("inputs-pdf"), &[]);
    let from_books = extract(&books, &scratch("inputs-sheets"), &[]);
    let mut problems = Vec::new();
    for book in &books {
        let want: Vec<&Record> = from_pdf
            .iter()
            .filter(|r| r.source_file == pdf_of(book))
            .collect();
        let got: Vec<&Record> = from_books
            .iter()
            .filter(|r| &r.source_file == book)
            .collect();
        if want.len() != got.len() {
            problems.push(format!(
                "{book}: {} forms, its PDF {}",
                got.len(),
                want.len()
            ));
            continue;
        }
        for (w, g) in want.iter().zip(&got) {
            if g.method != "sheet" {
                problems.push(format!(
                    "{book} form {}: method {:?}",
                    g.form_index, g.method
                ));
            }
            // One sheet holds every form of these workbooks.
            if g.pages != [1] {
                problems.push(format!("{book} form {}: pages {:?}", g.form_index, g.pages));
            }
            if !g.warnings.is_empty() {
                problems.push(format!(
                    "{book} form {}: warnings {:?}",
                    g.form_index, g.warnings
                ));
            }
            for d in content_differences(w, g) {
                problems.push(format!("{book} form {}: {d}", g.form_index));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_workbook_with_one_form_per_sheet_numbers_forms_by_sheet() {
    let book = "tests/fixtures/sheets/2024-putuo-greening-per-sheet.xlsx";
    let from_pdf = extract(
        &[pdf_of("x/2024-putuo-greening.xlsx")],
        &scratch("per-sheet-pdf"),
        &[],
    );
    let got = extract(&[book.to_string()], &scratch("per-sheet"), &[]);
    assert_eq!(got.len(), from_pdf.len());
    for (i, (w, g)) in from_pdf.iter().zip(&got).enumerate() {
        // A hidden first sheet (notes) is not read but keeps its number.
        assert_eq!(g.pages, [i as u32 + 2], "form {i}");
        assert_eq!(content_differences(w, g), Vec::<String>::new(), "form {i}");
    }
}
