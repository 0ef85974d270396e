//! The command line's promises: exit codes, errors with the file's name,
//! outputs complete when a file fails.

mod common;
use common::*;

#[test]
fn a_bad_file_is_reported_and_the_rest_is_complete() {
    let dir = scratch("bad-in");
    let out = scratch("bad-out");
    std::fs::write(dir.join("a-not-a-pdf.pdf"), b"hello, I am text").unwrap();
    std::fs::write(dir.join("b-empty.PDF"), b"").unwrap();
    std::fs::write(dir.join("ignored.txt"), b"not a pdf name").unwrap();
    let good = repo().join("samples/2023-shanghai-bdc.pdf");
    std::fs::copy(&good, dir.join("c-good.pdf")).unwrap();
    let o = shenbao(&[
        "extract",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("a-not-a-pdf.pdf"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let files = report["files"].as_array().unwrap();
    let status: Vec<&str> = files
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        status,
        vec!["error", "error", "ok"],
        "input order, *.pdf in any case, .txt skipped"
    );
    assert!(
        files[0]["error"]
            .as_str()
            .unwrap()
            .contains("not a readable PDF")
    );
    assert_eq!(report["summary"]["error"], 2);
    let records = read_jsonl(&out.join("records.jsonl"));
    assert_eq!(records.len(), 8);
    assert!(
        records
            .iter()
            .all(|r| r.source_file.ends_with("c-good.pdf"))
    );
}

#[test]
fn usage_errors_exit_2_and_say_what_to_do() {
    let o = shenbao(&["extract", "samples"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--out"));
    let o = shenbao(&["extract", "no/such/dir", "--out", "/tmp/x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/dir"));
    let o = shenbao(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("extract PATH"));
}

#[test]
fn source_file_is_the_path_as_given() {
    let out = scratch("relpath");
    let o = shenbao(&[
        "extract",
        "samples/2023-shanghai-bdc.pdf",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let records = read_jsonl(&out.join("records.jsonl"));
    assert!(
        records
            .iter()
            .all(|r| r.source_file == "samples/2023-shanghai-bdc.pdf")
    );
    assert!(
        records
            .iter()
            .all(|r| r.source_sha256.len() == 64 && r.method == "text")
    );
}
