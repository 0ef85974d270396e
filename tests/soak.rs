//! The CI-sized soak (scripts/soak is the full one): a batch killed with
//! SIGKILL at a random moment and again inside its final write, resumed
//! each time, ends byte-identical to an uninterrupted run and leaves no
//! temporary file; and a killed batch takes its workers with it.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The outputs that must come out byte for byte the same.
const OUTPUTS: [&str; 6] = [
    "records.jsonl",
    "projects.csv",
    "indicators.csv",
    "sources.jsonl",
    "projects.parquet",
    "indicators.parquet",
];

/// The order in which the final write puts the outputs in place.
const FINAL_ORDER: [&str; 7] = [
    "records.jsonl",
    "projects.csv",
    "indicators.csv",
    "sources.jsonl",
    "projects.parquet",
    "indicators.parquet",
    "report.json",
];

/// `n` text PDFs in nested directories, copies of the exported samples made
/// distinct by a comment after `%%EOF` (a different sha256, the same
/// content).
fn archive(n: usize) -> PathBuf {
    let dir = scratch("soak-archive");
    let samples: Vec<Vec<u8>> = exported_samples()
        .iter()
        .map(|p| std::fs::read(repo().join(p)).unwrap())
        .collect();
    for i in 0..n {
        let d = dir
            .join(format!("d{}", i / 50))
            .join(format!("e{}", i / 10 % 5));
        std::fs::create_dir_all(&d).unwrap();
        let mut bytes = samples[i % samples.len()].clone();
        bytes.extend_from_slice(format!("\n% soak copy {i:04}\n").as_bytes());
        std::fs::write(d.join(format!("{i:04}.pdf")), bytes).unwrap();
    }
    dir
}

fn extract(inputs: &Path, out: &Path, resume: bool) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shenbao"));
    c.args(["extract", inputs.to_str().unwrap(), "--out"])
        .arg(out)
        .args(["--parquet", "-q", "-j", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if resume {
        c.arg("--resume");
    }
    c
}

fn parts_done(out: &Path) -> usize {
    std::fs::read_dir(out.join(".shenbao/parts"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".json"))
            })
            .count()
        })
        .unwrap_or(0)
}

/// Waits for `ready` (polled), then kills `child` with SIGKILL. False when
/// the run ended first.
fn kill_when(child: &mut Child, ready: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !ready() {
        if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    true
}

/// Every temporary file or moved-aside parts directory under `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().to_string();
            if name.contains(".tmp-") || name.starts_with("parts.old-") {
                found.push(e.path().display().to_string());
            }
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
        }
    }
    found
}

/// report.json without its timings.
fn untimed_report(dir: &Path) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    v["summary"].as_object_mut().unwrap().remove("seconds");
    for f in v["files"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("seconds");
    }
    v
}

/// A small deterministic generator, seeded from the clock unless
/// SHENBAO_SOAK_SEED says (a failure prints its seed).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn killed_twice_and_resumed_the_outputs_are_byte_identical_with_no_temporaries_left() {
    let n = 198; // 33 copies of each of the 6 samples
    let inputs = archive(n);
    let (whole, killed) = (scratch("soak-whole"), scratch("soak-killed"));
    let seed = std::env::var("SHENBAO_SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = Rng(seed);
    let status = extract(&inputs, &whole, false).status().unwrap();
    assert!(status.success(), "the uninterrupted run: {status}");

    // Kill 1: after a random number of files.
    let mark = 20 + rng.below(n as u64 - 60) as usize;
    let mut run = extract(&inputs, &killed, false).spawn().unwrap();
    assert!(
        kill_when(&mut run, || parts_done(&killed) >= mark),
        "seed {seed}: the run ended before {mark} files"
    );
    let done = parts_done(&killed);
    assert!(done < n, "seed {seed}: killed after all {n} files");

    // Kill 2: inside the final write, after the j-th output is in place
    // (the hook pauses before each one).
    let j = 1 + rng.below(FINAL_ORDER.len() as u64 - 1) as usize;
    let mut run = extract(&inputs, &killed, true)
        .env("SHENBAO_TEST_FINISH_PAUSE_MS", "300")
        .spawn()
        .unwrap();
    let placed = killed.join(FINAL_ORDER[j - 1]);
    assert!(
        kill_when(&mut run, || placed.exists()),
        "seed {seed}: the run ended before it was killed in its final write"
    );
    // Torn as a set: some outputs in place, the rest not yet.
    assert!(
        !killed.join(FINAL_ORDER[j]).exists(),
        "seed {seed}: killed after {} was in place",
        FINAL_ORDER[j]
    );

    let o = Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .args(["extract", inputs.to_str().unwrap(), "--out"])
        .arg(&killed)
        .args(["--parquet", "-j", "2", "--resume"])
        .output()
        .unwrap();
    assert_exit(&o, 0);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!("{n} files ({n} done before, resumed)")),
        "seed {seed}: every file was done before the last kill: {stderr}"
    );
    for f in OUTPUTS {
        assert!(
            std::fs::read(killed.join(f)).unwrap() == std::fs::read(whole.join(f)).unwrap(),
            "seed {seed}: {f} differs from the uninterrupted run's \
             (first kill after {done} files, second after {})",
            FINAL_ORDER[j - 1]
        );
    }
    assert_eq!(
        untimed_report(&killed),
        untimed_report(&whole),
        "seed {seed}"
    );
    assert_eq!(leftovers(&killed), Vec::<String>::new(), "seed {seed}");
    assert_eq!(read_jsonl(&whole.join("records.jsonl")).len(), 27 * 33);
    for d in [inputs, whole, killed] {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// The live (not zombie) child processes of `pid`.
fn children(pid: u32) -> Vec<u32> {
    let mut kids = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Some((ppid, state)) = parent_and_state(child)
            && ppid == pid
            && state != 'Z'
        {
            kids.push(child);
        }
    }
    kids
}

/// From /proc/PID/stat: the parent's pid and the state letter.
fn parent_and_state(pid: u32) -> Option<(u32, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let state = fields.next()?.chars().next()?;
    Some((fields.next()?.parse().ok()?, state))
}

fn alive(pid: u32) -> bool {
    parent_and_state(pid).is_some_and(|(_, s)| s != 'Z')
}

/// A worker stuck on a file (here a FIFO nobody writes: opening it blocks
/// for ever) dies with its batch instead of running on for nobody.
#[test]
fn a_killed_batch_takes_its_workers_with_it() {
    let inputs = scratch("orphans-in");
    let out = scratch("orphans-out");
    let fifo = inputs.join("stuck.pdf");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut run = extract(&inputs, &out, false).spawn().unwrap();
    let pid = run.id();
    let deadline = Instant::now() + Duration::from_secs(30);
    let workers = loop {
        let w = children(pid);
        if !w.is_empty() {
            break w;
        }
        assert!(Instant::now() < deadline, "no worker started");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Time for the worker to take the file and block on it.
    std::thread::sleep(Duration::from_millis(500));
    assert!(run.try_wait().unwrap().is_none(), "the batch ended");
    run.kill().unwrap();
    run.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while workers.iter().any(|&w| alive(w)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let orphans: Vec<u32> = workers.iter().copied().filter(|&w| alive(w)).collect();
    for &w in &orphans {
        let _ = Command::new("kill").args(["-9", &w.to_string()]).status();
    }
    assert!(
        orphans.is_empty(),
        "workers {orphans:?} outlived their batch"
    );
    for d in [inputs, out] {
        let _ = std::fs::remove_dir_all(d);
    }
}
