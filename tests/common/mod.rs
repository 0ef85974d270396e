//! Helpers shared by the integration tests: run the binary, read outputs.
#![allow(dead_code)]

use shenbao::record::Record;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh empty directory under the system temp dir.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shenbao-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The exported sample PDFs (`samples/*.pdf`, not the scans under
/// `samples/scanned/`, which the OCR path reads), as paths from the repo root.
pub fn exported_samples() -> Vec<String> {
    pdfs_in("samples")
}

/// The PDFs directly in `dir` (relative to the repo root), sorted, as paths
/// from the repo root.
pub fn pdfs_in(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".pdf"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    v.sort();
    v
}

/// `shenbao extract` on the exported samples into `out`, with extra args.
pub fn extract_samples(out: &Path, extra: &[&str]) -> Output {
    let samples = exported_samples();
    let mut args: Vec<&str> = vec!["extract"];
    args.extend(samples.iter().map(String::as_str));
    args.extend(["--out", out.to_str().unwrap()]);
    args.extend(extra);
    shenbao(&args)
}

/// Where scripts/setup puts the OCR models and the Python tools
/// (`$XDG_CACHE_HOME/shenbao`, else `~/.cache/shenbao`).
pub fn setup_cache() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"))
        .join("shenbao")
}

/// Runs `shenbao ARGS` from the repository root.
pub fn shenbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run shenbao")
}

/// Reads every file under `dir` (a path from the repo root) with two jobs,
/// as the scan tests do, and returns the records and the checked ones of
/// `dir/checked`, having required the same forms on the same pages.
#[allow(dead_code)]
pub fn extract_and_pair_forms(dir: &str, name: &str) -> (Vec<Record>, Vec<Record>, PathBuf) {
    let out = scratch(name);
    let pdfs = pdfs_in(dir);
    let mut args: Vec<&str> = vec!["extract"];
    args.extend(pdfs.iter().map(String::as_str));
    args.extend(["--out", out.to_str().unwrap(), "--quiet", "-j", "2"]);
    assert_exit(&shenbao(&args), 0);
    let expected = read_jsonl(&repo().join(dir).join("checked/records.jsonl"));
    let actual = read_jsonl(&out.join("records.jsonl"));
    let pages = |rs: &[Record]| -> Vec<(String, u32, Vec<u32>)> {
        let mut v: Vec<_> = rs
            .iter()
            .map(|r| (r.source_file.clone(), r.form_index, r.pages.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(pages(&actual), pages(&expected), "forms and their pages");
    (actual, expected, out)
}

pub fn read_jsonl(path: &Path) -> Vec<Record> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect()
}

/// Asserts that a run of shenbao exited with `code`, showing its stderr if not.
pub fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `record_differences` between two records of different files (the file's
/// name and hash aside).
pub fn same_content(a: &Record, b: &Record) -> Vec<String> {
    let mut b = b.clone();
    b.source_file = a.source_file.clone();
    b.source_sha256 = a.source_sha256.clone();
    record_differences(a, &b)
}

/// Every way an extracted set differs from its checked one, paired by file
/// and form index: forms not extracted, fields that differ, forms extracted
/// that are not in the checked set.
pub fn checked_differences(expected: &[Record], actual: &[Record]) -> Vec<String> {
    let same =
        |a: &Record, e: &Record| a.source_file == e.source_file && a.form_index == e.form_index;
    let mut problems = Vec::new();
    for e in expected {
        match actual.iter().find(|a| same(a, e)) {
            None => problems.push(format!(
                "{} form {}: not extracted",
                e.source_file, e.form_index
            )),
            Some(a) => problems.extend(
                record_differences(e, a)
                    .into_iter()
                    .map(|d| format!("{} form {}: {d}", e.source_file, e.form_index)),
            ),
        }
    }
    for a in actual
        .iter()
        .filter(|a| !expected.iter().any(|e| same(a, e)))
    {
        problems.push(format!(
            "{} form {}: extracted but not in the checked records",
            a.source_file, a.form_index
        ));
    }
    problems
}

/// Every field that differs between two records, warnings aside.
pub fn record_differences(expected: &Record, actual: &Record) -> Vec<String> {
    let mut out = Vec::new();
    for f in shenbao::record::SCALAR_FIELDS {
        let (e, a) = (expected.scalar(f), actual.scalar(f));
        if e != a {
            out.push(format!("{f}: expected {e:?}, got {a:?}"));
        }
    }
    let n = expected.indicators.len().max(actual.indicators.len());
    for i in 0..n {
        match (expected.indicators.get(i), actual.indicators.get(i)) {
            (Some(e), Some(a)) if e != a => out.push(format!(
                "indicator {}: expected {e:?}\n                got {a:?}",
                i + 1
            )),
            (Some(e), None) => out.push(format!("indicator {}: missing {e:?}", i + 1)),
            (None, Some(a)) => out.push(format!("indicator {}: extra {a:?}", i + 1)),
            _ => {}
        }
    }
    out
}
