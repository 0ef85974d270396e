//! Archive-scale batches: hostile files never stop a batch, a killed run
//! leaves only complete files, and --resume finishes it identically.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn report(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

fn file_entry<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source_file"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in report"))
}

/// The checked records of one sample, keyed by form index, without the
/// fields that name the file.
fn checked_for(sample: &str) -> Vec<shenbao::record::Record> {
    read_jsonl(&repo().join("samples/checked/records.jsonl"))
        .into_iter()
        .filter(|r| r.source_file == format!("samples/{sample}"))
        .collect()
}

#[test]
fn hostile_files_are_reported_and_good_files_are_exact() {
    let out = scratch("hostile");
    let started = Instant::now();
    let o = shenbao(&[
        "extract",
        "tests/fixtures/hostile",
        "samples/2024-putuo-greening.pdf",
        "samples/2023-putuo-education-bundle.pdf",
        "--out",
        out.to_str().unwrap(),
        "-j",
        "2",
        "--timeout",
        "60",
        "--max-memory",
        "1024",
    ]);
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "took {:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let rep = report(&out);
    let errors = [
        ("empty.pdf", "empty"),
        ("not-a-pdf.pdf", "not a PDF"),
        ("truncated.pdf", "cut off"),
        ("zero-pages.pdf", "no pages"),
        ("cyclic-pages.pdf", "page tree"),
        ("deep-nesting.pdf", "pages"),
        ("flate-bomb.pdf", "more memory than the limit"),
        ("encrypted-user-password.pdf", "--password"),
    ];
    for (name, reason) in errors {
        let f = file_entry(&rep, name);
        assert_eq!(f["status"], "error", "{name}: {f}");
        assert!(f["error"].as_str().unwrap().contains(reason), "{name}: {f}");
    }
    // Recovered, and says so.
    let garbage = file_entry(&rep, "garbage-middle.pdf");
    assert_eq!(garbage["status"], "ok", "{garbage}");
    assert!(
        garbage["warnings"][0].as_str().unwrap().contains("damaged"),
        "{garbage}"
    );
    // The OCR path refuses the image by its declared size, before decoding;
    // a form may have been on that page, so the file is not "no form".
    let image = file_entry(&rep, "huge-image.pdf");
    assert_eq!(image["status"], "error", "{image}");
    assert!(
        image["error"]
            .as_str()
            .unwrap()
            .contains("more than the limit"),
        "{image}"
    );
    // An owner password alone does not keep anyone from reading.
    let records = read_jsonl(&out.join("records.jsonl"));
    for (file, sample) in [
        ("samples/2024-putuo-greening.pdf", "2024-putuo-greening.pdf"),
        (
            "samples/2023-putuo-education-bundle.pdf",
            "2023-putuo-education-bundle.pdf",
        ),
        (
            "tests/fixtures/hostile/encrypted-owner-only.pdf",
            "2024-putuo-greening.pdf",
        ),
    ] {
        let got: Vec<_> = records.iter().filter(|r| r.source_file == file).collect();
        let want = checked_for(sample);
        assert_eq!(got.len(), want.len(), "{file}");
        for (g, w) in got.iter().zip(&want) {
            let d = same_content(w, g);
            assert!(d.is_empty(), "{file}: {d:?}");
        }
    }
    // The eight above and the huge image.
    assert_eq!(rep["summary"]["error"], 9);
}

#[test]
fn a_user_password_opens_an_encrypted_file() {
    let out = scratch("password");
    let o = shenbao(&[
        "extract",
        "tests/fixtures/hostile/encrypted-user-password.pdf",
        "--out",
        out.to_str().unwrap(),
        "--password",
        "secret",
        "-q",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let got = read_jsonl(&out.join("records.jsonl"));
    let want = checked_for("2024-putuo-greening.pdf");
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert!(same_content(w, g).is_empty());
    }
}

#[test]
fn a_killed_run_leaves_complete_files_and_resume_finishes_it_identically() {
    let inputs = scratch("kill-in");
    let sample = repo().join("samples/2023-shanghai-bdc.pdf");
    let n = 120;
    for i in 0..n {
        std::fs::hard_link(&sample, inputs.join(format!("f{i:03}.pdf"))).unwrap();
    }
    let (killed, whole) = (scratch("kill-out"), scratch("whole-out"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .args([
            "extract",
            inputs.to_str().unwrap(),
            "--out",
            killed.to_str().unwrap(),
            "-j",
            "1",
            "-q",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let parts = killed.join(".shenbao/parts");
    let count = || {
        std::fs::read_dir(&parts)
            .map(|d| {
                d.filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .ends_with(".json")
                })
                .count()
            })
            .unwrap_or(0)
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while count() < 5 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let done_at_kill = count();
    assert!(
        done_at_kill >= 5 && done_at_kill < n,
        "killed after {done_at_kill} of {n} files"
    );
    // Only complete files: no final output yet, every part whole.
    for f in [
        "records.jsonl",
        "projects.csv",
        "indicators.csv",
        "sources.jsonl",
        "report.json",
    ] {
        assert!(
            !killed.join(f).exists(),
            "{f} exists after a killed first run"
        );
    }
    for e in std::fs::read_dir(&parts).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".json") {
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(v["result"]["report"]["status"].is_string());
        } else {
            assert!(name.contains(".tmp-"), "unexpected file {name}");
        }
    }
    // A temporary file a killed run might leave: resume clears it.
    std::fs::write(killed.join(".records.jsonl.tmp-99999"), b"{\"torn").unwrap();
    let o = shenbao(&[
        "extract",
        inputs.to_str().unwrap(),
        "--out",
        killed.to_str().unwrap(),
        "-j",
        "2",
        "--resume",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let resumed: usize = stderr
        .split(" done before, resumed")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no resume count in {stderr}"));
    assert!(
        resumed >= done_at_kill && resumed < n,
        "resumed {resumed}, {done_at_kill} done at kill"
    );
    let o = shenbao(&[
        "extract",
        inputs.to_str().unwrap(),
        "--out",
        whole.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
    for f in [
        "records.jsonl",
        "projects.csv",
        "indicators.csv",
        "sources.jsonl",
    ] {
        assert!(
            std::fs::read(killed.join(f)).unwrap() == std::fs::read(whole.join(f)).unwrap(),
            "{f} differs"
        );
    }
    assert!(
        !killed.join(".records.jsonl.tmp-99999").exists(),
        "stale temporary left behind"
    );
    assert_eq!(read_jsonl(&whole.join("records.jsonl")).len(), 8 * n);
}

/// --timeout is the longest stall, not the longest file: an 11-page scan
/// that takes longer than the timeout is read, because every page read is
/// progress the batch hears of.
#[test]
fn a_long_scan_outlives_the_timeout_while_it_progresses() {
    let out = scratch("heartbeat");
    let pdf = "samples/scanned/2023-shanghai-bdc-no-tounicode.pdf";
    let started = std::time::Instant::now();
    let run = shenbao(&[
        "extract",
        pdf,
        "--out",
        out.to_str().unwrap(),
        "-q",
        "--timeout",
        "8",
    ]);
    let took = started.elapsed().as_secs_f64();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["files"][0]["status"], "ok", "{}", report["files"][0]);
    assert_eq!(report["files"][0]["forms"], 8);
    // Only meaningful when the file took longer than the timeout.
    assert!(
        took > 8.0,
        "read in {took:.1} s: too fast to show the heartbeat"
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// Three shards of a batch, merged, give one run's records and CSVs byte for
/// byte; every input is in exactly one shard.
#[test]
fn three_shards_merge_into_one_run() {
    let base = scratch("shards");
    let mut files = exported_samples();
    files.extend(pdfs_in("../shared/real"));
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec!["extract"];
        args.extend(files.iter().map(String::as_str));
        args.extend(["--out", out.to_str().unwrap(), "-q", "-j", "2"]);
        args.extend(extra);
        let o = shenbao(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let one = base.join("one");
    run(&one, &[]);
    let mut shard_dirs = Vec::new();
    let mut shard_files = 0;
    for k in 1..=3 {
        let d = base.join(format!("shard-{k}"));
        run(&d, &["--shard", &format!("{k}/3")]);
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("report.json")).unwrap()).unwrap();
        shard_files += report["files"].as_array().unwrap().len();
        shard_dirs.push(d);
    }
    assert_eq!(shard_files, files.len(), "each input in exactly one shard");
    let merged = base.join("merged");
    let mut args = vec!["merge"];
    args.extend(shard_dirs.iter().map(|d| d.to_str().unwrap()));
    args.extend(["--out", merged.to_str().unwrap(), "-q"]);
    let o = shenbao(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in [
        "records.jsonl",
        "projects.csv",
        "indicators.csv",
        "sources.jsonl",
    ] {
        let (a, b) = (
            std::fs::read(one.join(name)).unwrap(),
            std::fs::read(merged.join(name)).unwrap(),
        );
        assert!(
            a == b,
            "{name} differs between one run and the merged shards"
        );
    }
    // A directory that is not a shard's output is refused with a reason.
    let o = shenbao(&[
        "merge",
        one.to_str().unwrap(),
        "--out",
        base.join("x").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--shard"));
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn a_crash_is_blamed_on_its_file_not_on_the_one_queued_behind_it() {
    // A worker is sent the next file before it answers the current one;
    // when it dies, the one it was on is the culprit and the queued one
    // is read by its replacement.
    let out = scratch("crash-queue");
    let o = shenbao(&[
        "extract",
        "tests/fixtures/hostile/flate-bomb.pdf",
        "samples/2024-putuo-greening.pdf",
        "samples/2023-putuo-education-bundle.pdf",
        "--out",
        out.to_str().unwrap(),
        "-j",
        "1",
        "--max-memory",
        "256",
    ]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rep = report(&out);
    let bomb = file_entry(&rep, "flate-bomb.pdf");
    assert_eq!(bomb["status"], "error", "{bomb}");
    assert!(
        bomb["error"].as_str().unwrap().contains("more memory"),
        "{bomb}"
    );
    for (name, forms) in [
        ("2024-putuo-greening.pdf", 3),
        ("2023-putuo-education-bundle.pdf", 3),
    ] {
        let f = file_entry(&rep, name);
        assert_eq!(f["status"], "ok", "{f}");
        assert_eq!(f["forms"], forms, "{f}");
    }
}
