//! Batches: many files through a pool of worker processes, results kept on
//! disk as each file finishes, outputs assembled in input order at the end.
//!
//! Why processes: a hostile PDF can recurse until the stack overflows, hang,
//! or inflate to gigabytes, and none of that can be caught inside one
//! process. Each worker (`worker.rs`) reads files one after another; when
//! one crashes, exceeds `--timeout` or its memory cap, it is replaced and the
//! file is reported as an error with the reason.
//!
//! Why parts: every finished file's result is written atomically to
//! `DIR/.shenbao/parts/`, so a killed run loses at most the files in flight,
//! `--resume` skips files already done (same bytes, same path, same
//! version), and memory stays flat however many files there are. The final
//! files are written from the parts in input order, each to a temporary
//! name and renamed: the output is the same whatever the jobs or interruptions.
//!
//! Architecture invariant: knows files and processes, not PDFs or forms.

mod worker;

pub use worker::worker_main;

use crate::extract::{FileReport, FileResult, sha256_hex};
use crate::output::{self, RecordWriter};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One input: where to read it and how records name it.
#[derive(Clone, Debug)]
pub struct Input {
    pub path: PathBuf,
    pub source_file: String,
    /// Its place among all inputs, when this run is one shard of them.
    pub input_index: Option<usize>,
}

/// Which of `n` deterministic slices an input belongs to (0-based): by a
/// hash of how records name it (FNV-1a, the same on every machine), so any
/// scheduler can split an archive and each shard knows its files alone.
pub fn shard_of(source_file: &str, n: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source_file.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % n.max(1) as u64) as usize
}

#[derive(Clone, Debug)]
pub struct BatchOptions {
    pub out: PathBuf,
    pub jobs: usize,
    pub timeout: Duration,
    /// Address-space cap of a worker, in MiB (0: none).
    pub max_memory_mb: u64,
    pub password: String,
    pub resume: bool,
    /// The OCR engine choice, as given (`auto` by default).
    pub ocr: String,
    /// Also write projects.parquet and indicators.parquet.
    pub parquet: bool,
    /// Also write records.xlsx.
    pub xlsx: bool,
}

/// What a running batch tells its caller as it goes (the CLI draws it: a
/// bar, a line a minute). The batch itself prints nothing.
pub trait Observer {
    /// Once, before any file is read: the inputs in all, and how many of
    /// them an earlier run finished (`--resume`).
    fn started(&mut self, _total: usize, _resumed: usize) {}
    /// A file this run read (or failed to), in the order they finish.
    fn file_done(&mut self, _report: &FileReport) {}
    /// At least once a second while files are read.
    fn tick(&mut self) {}
    /// Every file is done; the outputs are being put in place.
    fn finished(&mut self) {}
}

/// An observer that ignores everything.
impl Observer for () {}

/// What a finished batch did.
pub struct BatchOutcome {
    pub summary: output::Summary,
    pub resumed: usize,
}

/// A finished file as kept on disk.
#[derive(Serialize, Deserialize)]
struct Part {
    shenbao_version: String,
    result: FileResult,
}

fn parts_dir(out: &Path) -> PathBuf {
    out.join(".shenbao").join("parts")
}

/// A part's name: the file's bytes and its path (the same bytes under two
/// names are two inputs).
fn part_path(out: &Path, sha256: &str, source_file: &str) -> PathBuf {
    let name_hash = &sha256_hex(source_file.as_bytes())[..16];
    let sha = if sha256.is_empty() {
        "unreadable"
    } else {
        sha256
    };
    parts_dir(out).join(format!("{sha}-{name_hash}.json"))
}

fn read_part(path: &Path, source_file: &str) -> Option<FileResult> {
    let text = std::fs::read_to_string(path).ok()?;
    let part: Part = serde_json::from_str(&text).ok()?;
    (part.shenbao_version == env!("CARGO_PKG_VERSION")
        && part.result.report.source_file == source_file)
        .then_some(part.result)
}

/// A part's first fields: what `--resume` checks before trusting it.
/// Reading only these (the rest of the text is skipped over, not built)
/// keeps a resumed file to one full parse, when it is written out.
#[derive(Deserialize)]
struct PartHead {
    shenbao_version: String,
    result: ResultHead,
}

#[derive(Deserialize)]
struct ResultHead {
    report: ReportHead,
}

#[derive(Deserialize)]
struct ReportHead {
    source_file: String,
}

/// Whether the part at `path` is this version's result for `source_file`.
fn part_is_current(path: &Path, source_file: &str) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    serde_json::from_slice::<PartHead>(&bytes).is_ok_and(|h| {
        h.shenbao_version == env!("CARGO_PKG_VERSION") && h.result.report.source_file == source_file
    })
}

/// The parts `--resume` can reuse: for each input, its part when one
/// holds a result for the same bytes and path from this version. Inputs
/// are hashed on `threads` threads (an archive's scans are gigabytes).
fn reusable_parts(inputs: &[Input], out: &Path, threads: usize) -> Vec<Option<PathBuf>> {
    let check = |input: &Input| {
        let sha = hash_file(&input.path).ok()?;
        let p = part_path(out, &sha, &input.source_file);
        part_is_current(&p, &input.source_file).then_some(p)
    };
    let chunk = inputs.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(check).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a resume check panicked"))
            .collect()
    })
}

fn hash_file(path: &Path) -> io::Result<String> {
    use sha2::{Digest, Sha256};
    if path.is_dir() {
        return crate::extract::image_dir_sha256(path);
    }
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(crate::extract::hex(&h.finalize()))
}

/// Temporary files a killed run left behind (`.NAME.tmp-PID`).
fn remove_stale_temporaries(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.contains(".tmp-") && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Deletes the parts of earlier runs moved aside in `dir` (`.shenbao/`),
/// this run's and any a killed run left.
fn sweep_old_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("parts.old-")
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Runs the batch and writes the outputs. Errors are about the output
/// directory; an input that fails is a report line, not an error.
pub fn run(
    inputs: &[Input],
    opts: &BatchOptions,
    observer: &mut dyn Observer,
) -> io::Result<BatchOutcome> {
    let start = Instant::now();
    // Workers start first: their start-up overlaps the bookkeeping below.
    let n_workers = opts.jobs.min(inputs.len()).max(1);
    let mut fresh: Vec<Worker> = (0..n_workers)
        .map(|_| Worker::spawn(opts))
        .collect::<io::Result<_>>()?;
    let parts = parts_dir(&opts.out);
    if !opts.resume && parts.exists() {
        // Moved aside now, deleted while the workers read: deleting files
        // is slow on some file systems, and nothing waits for it.
        let trash = parts.with_file_name(format!("parts.old-{}", std::process::id()));
        std::fs::rename(&parts, &trash)?;
    }
    let sweeper = std::thread::spawn({
        let dir = parts
            .parent()
            .expect("parts lie in .shenbao/")
            .to_path_buf();
        move || sweep_old_parts(&dir)
    });
    std::fs::create_dir_all(&parts)?;
    remove_stale_temporaries(&opts.out)?;
    remove_stale_temporaries(&parts)?;
    // Where each input's part is, once known; which inputs still need work.
    let mut done: Vec<Option<PathBuf>> = if opts.resume {
        reusable_parts(inputs, &opts.out, opts.jobs)
    } else {
        vec![None; inputs.len()]
    };
    let resumed = done.iter().filter(|d| d.is_some()).count();
    let todo: Vec<usize> = (0..inputs.len()).filter(|&i| done[i].is_none()).collect();
    observer.started(inputs.len(), resumed);
    while fresh.len() > todo.len().max(1) {
        fresh.pop().expect("more workers than files").retire();
    }

    let (tx, rx) = mpsc::channel::<(usize, Reply)>();
    let next = Arc::new(AtomicUsize::new(0));
    let todo = Arc::new(todo);
    let shared_inputs: Arc<[Input]> = inputs.into();
    let mut handles = Vec::new();
    for worker in fresh {
        let (tx, next, todo, inputs, opts) = (
            tx.clone(),
            next.clone(),
            todo.clone(),
            shared_inputs.clone(),
            opts.clone(),
        );
        handles.push(std::thread::spawn(move || {
            dispatch(&inputs, &todo, &next, &opts, &tx, worker)
        }));
    }
    drop(tx);

    // Outputs are written in input order while the batch runs: a result
    // that is next in line goes out from memory, later ones wait in their
    // parts on disk (which also serve --resume).
    let mut writer = RecordWriter::create(&opts.out, opts.parquet)?.with_xlsx(opts.xlsx)?;
    // Files written out so far: each goes out whole (records, sources, its
    // report entry) and is not kept, so memory is flat in the batch's size.
    let mut emitted = 0usize;
    let mut emit = |result: FileResult, emitted: &mut usize| -> io::Result<()> {
        writer.write_records(&result.records)?;
        writer.write_sources(&result.sources)?;
        writer.write_report(&result.report)?;
        *emitted += 1;
        Ok(())
    };
    let from_disk = |i: usize, done: &[Option<PathBuf>]| -> FileResult {
        done[i]
            .as_deref()
            .and_then(|p| read_part(p, &inputs[i].source_file))
            .unwrap_or_else(|| {
                let mut lost = FileResult::failed(
                    &inputs[i].source_file,
                    "",
                    "internal error: result lost".into(),
                    0.0,
                );
                lost.report.input_index = inputs[i].input_index;
                lost
            })
    };
    while emitted < inputs.len() && done[emitted].is_some() {
        emit(from_disk(emitted, &done), &mut emitted)?;
    }
    loop {
        // Woken every second at least, for the progress display's clock.
        let (i, answer) = match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(got) => got,
            Err(RecvTimeoutError::Timeout) => {
                observer.tick();
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let Answer { result, line } = answer.parse(&inputs[i]);
        let path = part_path(
            &opts.out,
            &result.report.source_sha256,
            &inputs[i].source_file,
        );
        observer.file_done(&result.report);
        observer.tick();
        let version = env!("CARGO_PKG_VERSION");
        let part = match line {
            // The worker's line is the result as it stands: not serialised
            // again (a large file's sources are most of a part).
            Some(line) => format!("{{\"shenbao_version\":\"{version}\",\"result\":{line}}}"),
            None => serde_json::to_string(&Part {
                shenbao_version: version.into(),
                result: result.clone(),
            })
            .expect("parts serialise"),
        };
        output::write_atomic(&path, part.as_bytes())?;
        done[i] = Some(path);
        if i == emitted {
            emit(result, &mut emitted)?;
            while emitted < inputs.len() && done[emitted].is_some() {
                emit(from_disk(emitted, &done), &mut emitted)?;
            }
        }
    }
    for h in handles {
        h.join()
            .map_err(|_| io::Error::other("a dispatcher thread panicked"))??;
    }
    observer.finished();
    // Whatever is left (a lost result only): in order, from disk.
    while emitted < inputs.len() {
        emit(from_disk(emitted, &done), &mut emitted)?;
    }
    let summary = writer.summary(start.elapsed().as_secs_f64());
    let finished = writer.finish(&summary);
    let _ = sweeper.join();
    finished?;
    Ok(BatchOutcome { summary, resumed })
}

/// A running worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
    stderr_reader: std::thread::JoinHandle<()>,
}

impl Worker {
    fn spawn(opts: &BatchOptions) -> io::Result<Worker> {
        let exe = std::env::current_exe()?;
        let mut command = Command::new(exe);
        // A worker's heap grows to a few MiB a file; in huge pages, grown
        // 16 MiB at a time, that is tens of page faults instead of hundreds
        // (about a millisecond a run on a small batch). A scan's page-sized
        // buffers stay in the heap when freed (no mmap of their own, no
        // trim) instead of coming back as fresh pages the kernel zeroes
        // again: that zeroing was 1–2 % of a scanned page's CPU. A user's own
        // tunables win.
        if std::env::var_os("GLIBC_TUNABLES").is_none() {
            command.env(
                "GLIBC_TUNABLES",
                "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=16777216\
                 :glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456",
            );
        }
        let mut child = command
            .arg("__worker")
            .arg("--max-memory")
            .arg(opts.max_memory_mb.to_string())
            .env("SHENBAO_PASSWORD", &opts.password)
            .env("SHENBAO_OCR", &opts.ocr)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
        // An answer is up to a few hundred KiB: in a roomy pipe the worker
        // writes it at once and goes on, and it is read in few calls.
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: F_SETPIPE_SZ on a pipe this process owns; failure
            // (a lower system limit) leaves the default size.
            unsafe {
                libc::fcntl(stdout.as_raw_fd(), libc::F_SETPIPE_SZ, 1 << 20);
            }
        }
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::with_capacity(1 << 18, stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let tail = Arc::new(Mutex::new(String::new()));
        let sink = tail.clone();
        // The first lines say why a worker died; keep those, not a backtrace.
        let stderr_reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut t = sink.lock().unwrap_or_else(|e| e.into_inner());
                if t.len() < 4096 {
                    t.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            lines,
            stderr: tail,
            stderr_reader,
        })
    }

    /// Sends the worker a file to read.
    fn send(&mut self, input: &Input) -> io::Result<()> {
        let req = worker::Request {
            path: input.path.clone(),
            source_file: input.source_file.clone(),
            input_index: input.input_index,
        };
        let line = serde_json::to_string(&req).expect("requests serialise");
        writeln!(self.stdin, "{line}").and_then(|_| self.stdin.flush())
    }

    /// Lets an unneeded worker go: its stdin closes, it exits. Nobody
    /// waits for the exit; a thread reaps it (or, if the batch ends first,
    /// the system does).
    fn retire(self) {
        let Worker {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        std::thread::spawn(move || {
            let _ = child.wait();
        });
    }

    /// Ends a worker that has answered everything it was sent: its stdin
    /// closes and it exits at once; reaped here, so its CPU time counts in
    /// the batch's (`getrusage` of children, `time shenbao extract`).
    fn finish(self) {
        let Worker {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        let _ = child.wait();
    }

    /// Why the worker died, for the report.
    fn obituary(mut self, opts: &BatchOptions) -> String {
        let status = self.child.wait().ok();
        let _ = self.stderr_reader.join(); // its pipe closed with the process
        let err = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        if err.contains("memory allocation of") || err.contains("capacity overflow") {
            format!(
                "needs more memory than the limit ({} MiB, --max-memory); not read",
                opts.max_memory_mb
            )
        } else if err.contains("overflowed its stack") {
            "too deeply nested: reading it overflowed the stack; not read".to_string()
        } else {
            let how = status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "unknown status".into());
            format!("the reader crashed ({how}); not read, please report this file")
        }
    }
}

/// One dispatcher thread: feeds files to its worker, replaces the worker
/// when it dies or stalls, and sends every result back.
fn dispatch(
    inputs: &[Input],
    todo: &[usize],
    next: &AtomicUsize,
    opts: &BatchOptions,
    tx: &mpsc::Sender<(usize, Reply)>,
    first: Worker,
) -> io::Result<()> {
    let mut worker: Option<Worker> = Some(first);
    // Files sent to the worker and not answered yet, in the order it reads
    // them: the first is the one it is on. One more waits in its pipe, so
    // it starts that file the moment it has answered.
    let mut sent: VecDeque<usize> = VecDeque::new();
    // Files a dead worker had been sent but had not begun: for the next.
    let mut retry: VecDeque<usize> = VecDeque::new();
    let mut front_since = Instant::now();
    loop {
        while sent.len() < FILES_AHEAD {
            let unclaimed = todo.len().saturating_sub(next.load(Ordering::SeqCst));
            if !sent.is_empty() && retry.is_empty() && !may_send_ahead(unclaimed, opts.jobs) {
                break;
            }
            let i = match retry.pop_front() {
                Some(i) => i,
                None => match todo.get(next.fetch_add(1, Ordering::SeqCst)) {
                    Some(&i) => i,
                    None => break,
                },
            };
            if worker.is_none() {
                worker = Some(Worker::spawn(opts)?);
            }
            let w = worker.as_mut().expect("a worker was just ensured");
            if sent.is_empty() {
                front_since = Instant::now();
            }
            sent.push_back(i);
            if w.send(&inputs[i]).is_err() {
                break; // it is gone: noticed below
            }
        }
        let Some(front) = sent.pop_front() else {
            break;
        };
        let w = worker.as_mut().expect("files were sent to a worker");
        // Heartbeats restart the clock: --timeout is the longest stall.
        let answer = loop {
            match w.lines.recv_timeout(opts.timeout) {
                Ok(line) if line.starts_with(worker::ALIVE) => continue,
                other => break other,
            }
        };
        let seconds = front_since.elapsed().as_secs_f64();
        let reply = match answer {
            Ok(line) => Reply::Line(line),
            Err(RecvTimeoutError::Timeout) => {
                let mut w = worker.take().expect("the stalled worker");
                let _ = w.child.kill();
                let _ = w.child.wait();
                let msg = format!(
                    "gave up: no progress for {} s (--timeout); not read",
                    opts.timeout.as_secs()
                );
                Reply::Failed(msg, seconds)
            }
            Err(RecvTimeoutError::Disconnected) => {
                let w = worker.take().expect("the dead worker");
                Reply::Failed(w.obituary(opts), seconds)
            }
        };
        if worker.is_none() {
            // A worker answers in order: it died on `front`, not on these.
            retry.extend(sent.drain(..));
        }
        front_since = Instant::now();
        // The answer is parsed by the batch's main thread, so this worker
        // goes on at once.
        if tx.send((front, reply)).is_err() {
            break;
        }
    }
    if let Some(w) = worker {
        w.finish();
    }
    Ok(())
}

/// Whether a worker busy on a file may be sent the next one now. Near the
/// end of a batch a file queued behind a slow one would wait there while
/// another worker runs out of files (two scans left, one worker idle for a
/// whole file's time): ahead only while every worker has files to come.
fn may_send_ahead(unclaimed: usize, jobs: usize) -> bool {
    unclaimed >= jobs
}

/// How many files a worker is sent before it answers the first (the next
/// file waits in its pipe, so a run of small files has no round trip
/// between them).
const FILES_AHEAD: usize = 2;

/// What a dispatcher hears back about one file.
enum Reply {
    /// The worker's answer line, not parsed yet.
    Line(String),
    /// The worker died or stalled on it: why, and after how long.
    Failed(String, f64),
}

impl Reply {
    fn parse(self, input: &Input) -> Answer {
        let (result, line) = match self {
            Reply::Line(line) => match serde_json::from_str::<FileResult>(&line) {
                // Kept as the part only if nothing below changes it.
                Ok(r) => {
                    let exact = !r.report.source_sha256.is_empty()
                        && r.report.input_index == input.input_index;
                    (r, exact.then_some(line))
                }
                Err(e) => (
                    FileResult::failed(
                        &input.source_file,
                        "",
                        format!("internal error: bad worker answer ({e})"),
                        0.0,
                    ),
                    None,
                ),
            },
            Reply::Failed(msg, seconds) => (
                FileResult::failed(&input.source_file, "", msg, seconds),
                None,
            ),
        };
        let mut result = with_sha(result, input);
        result.report.input_index = input.input_index;
        Answer { result, line }
    }
}

/// One file's result as the batch receives it, with the worker's JSON line
/// when that is exactly the result (the part is then written from it).
struct Answer {
    result: FileResult,
    line: Option<String>,
}

/// A failed file still gets its sha256 when its bytes can be read, so its
/// part is found again on `--resume`.
fn with_sha(mut r: FileResult, input: &Input) -> FileResult {
    if r.report.source_sha256.is_empty()
        && let Ok(sha) = hash_file(&input.path)
    {
        r.report.source_sha256 = sha;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::may_send_ahead;

    #[test]
    fn files_are_sent_ahead_only_while_every_worker_has_more_to_come() {
        // Plenty left: queue the next file behind the current one.
        assert!(may_send_ahead(10, 2));
        assert!(may_send_ahead(2, 2));
        // One file left for two workers: it goes to whichever is free first,
        // not into the pipe of a worker still on a long scan.
        assert!(!may_send_ahead(1, 2));
        assert!(!may_send_ahead(0, 1));
        assert!(may_send_ahead(1, 1));
    }
}
