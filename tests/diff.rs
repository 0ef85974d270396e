//! `shenbao diff` end to end: input kinds, exit codes, output.

mod common;
use common::*;

fn truth() -> std::path::PathBuf {
    repo().join("../shared/truth")
}

/// The truth CSVs in a directory of their own, optionally as a spreadsheet
/// would save them (BOM, CRLF).
fn csv_dir(name: &str, spreadsheet: bool) -> std::path::PathBuf {
    let d = scratch(name);
    for (from, to) in [
        ("2023-shanghai-bdc.projects.csv", "projects.csv"),
        ("2023-shanghai-bdc.indicators.csv", "indicators.csv"),
    ] {
        let mut text = std::fs::read_to_string(truth().join(from)).unwrap();
        if spreadsheet {
            text = format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
        }
        std::fs::write(d.join(to), text).unwrap();
    }
    d
}

#[test]
fn csv_and_jsonl_of_the_same_data_are_identical() {
    let jsonl = truth().join("2023-shanghai-bdc.jsonl");
    for spreadsheet in [false, true] {
        let d = csv_dir(&format!("csv-{spreadsheet}"), spreadsheet);
        let o = shenbao(&["diff", jsonl.to_str().unwrap(), d.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{stdout}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(stdout.contains("129 matched"), "{stdout}");
    }
}

#[test]
fn differences_exit_1_with_json() {
    let d = csv_dir("changed", true);
    let p = d.join("projects.csv");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replacen("119624404.76", "119624404.67", 1);
    std::fs::write(&p, text).unwrap();
    let jsonl = truth().join("2023-shanghai-bdc.jsonl");
    let o = shenbao(&[
        "diff",
        d.to_str().unwrap(),
        jsonl.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &v["summary"];
    for k in [
        "records_paired",
        "records_missing",
        "records_extra",
        "fields_compared",
        "fields_different",
        "indicators_matched",
        "indicators_missing",
        "indicators_extra",
        "indicators_different",
        "goal_cer",
    ] {
        assert!(!s[k].is_null(), "summary.{k} missing");
    }
    assert_eq!(s["fields_different"], 1);
    let d0 = &v["differences"][0];
    assert_eq!(
        (
            d0["field"].as_str(),
            d0["expected"].as_str(),
            d0["actual"].as_str()
        ),
        (
            Some("total_funds"),
            Some("119624404.76"),
            Some("119624404.67")
        )
    );
}

#[test]
fn unreadable_input_exits_2() {
    let o = shenbao(&[
        "diff",
        "no/such.jsonl",
        truth().join("2023-shanghai-bdc.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such.jsonl"));
    let bad = scratch("badjsonl").join("records.jsonl");
    std::fs::write(&bad, "{not json\n").unwrap();
    let o = shenbao(&[
        "diff",
        bad.to_str().unwrap(),
        truth().join("2023-shanghai-bdc.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(":1:"));
}

#[test]
fn extract_of_samples_diffs_clean_against_their_checked_records() {
    let out = scratch("diff-samples");
    let o = extract_samples(&out, &["-q"]);
    assert_eq!(o.status.code(), Some(0));
    let o = shenbao(&["diff", out.to_str().unwrap(), "samples/checked"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}
