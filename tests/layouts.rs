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
    let mut problems = Vec::new();
    for e in &expected {
        match actual
            .iter()
            .find(|a| a.source_file == e.source_file && a.form_index == e.form_index)
        {
            None => problems.push(format!(
                "{} form {}: not extracted",
                e.source_file, e.form_index
            )),
            Some(a) => {
                for d in record_differences(e, a) {
                    problems.push(format!("{} form {}: {d}", e.source_file, e.form_index));
                }
                // Nothing on a form may be left over silently, and these
                // forms leave nothing over at all.
                for w in a.warnings.iter().filter(|w| w.contains("in no field")) {
                    problems.push(format!("{} form {}: {w}", e.source_file, e.form_index));
                }
            }
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
    for f in ["projects.csv", "indicators.csv"] {
        let want = std::fs::read_to_string(checked.join(f)).unwrap();
        let got = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(want == got, "{f} differs from samples/layouts/checked/{f}");
    }
}
