//! The worker process (`shenbao __worker`): reads one request per line on
//! stdin, answers one `FileResult` per line on stdout. A file that crashes,
//! hangs or exhausts memory takes down only this process; the batch notices
//! and goes on.

use crate::extract::{Settings, extract_file};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::PathBuf;

#[derive(Serialize, Deserialize)]
pub(super) struct Request {
    pub path: PathBuf,
    pub source_file: String,
    /// The input's place in an unsharded run, set on the result here so the
    /// batch can keep the answer line as it is (see `batch::Answer`).
    #[serde(default)]
    pub input_index: Option<usize>,
}

/// How often a worker says it is still making progress.
const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(2);

/// How a heartbeat line (`{"alive":N}`, N = pages done so far) starts; a
/// result line never does.
pub(super) const ALIVE: &str = "{\"alive\":";

/// Above this resident size a worker hands its freed heap back to the
/// kernel after a file.
const TRIM_ABOVE_BYTES: u64 = 192 << 20;

/// A scan leaves hundreds of MB freed but resident (page copies, the
/// recogniser's buffers; huge-page arenas keep them), which the next files
/// would otherwise pile onto. Text files stay below the mark and pay only a
/// read of /proc/self/statm.
fn give_back_memory() {
    let resident = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| pages * 4096);
    if resident.is_some_and(|r| r > TRIM_ABOVE_BYTES) {
        // SAFETY: malloc_trim only returns free memory; nothing is in use.
        unsafe { libc::malloc_trim(0) };
    }
}

/// Names the extraction thread after the file it reads (`@` and the
/// start of the file name; `@` alone between files), so `ps -L`, `top -H`
/// and the soak's sampler (`/proc/PID/task/TID/comm`) see which file each
/// worker is on. The kernel keeps 15 bytes; the cut falls between
/// characters.
fn name_this_thread(path: &std::path::Path) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let mut comm = String::from("@");
    for c in name.chars().filter(|c| *c != '\0') {
        if comm.len() + c.len_utf8() > 15 {
            break;
        }
        comm.push(c);
    }
    let comm = std::ffi::CString::new(comm).expect("no NUL: filtered above");
    // SAFETY: PR_SET_NAME reads a NUL-terminated string of at most 16 bytes.
    unsafe { libc::prctl(libc::PR_SET_NAME, comm.as_ptr()) };
}

/// Stack for the extraction thread: deeply nested PDF objects recurse.
const STACK_BYTES: usize = 64 << 20;

pub fn worker_main(password: String, ocr: String, max_memory_mb: u64) -> i32 {
    limit_address_space(max_memory_mb);
    die_with_the_batch();
    let mut settings = Settings {
        password,
        ..Settings::default()
    };
    if let Some(engine) = crate::ocr::EngineChoice::parse(&ocr) {
        settings.scan.engine = engine;
    }
    // While a file makes progress (OCR, page by page) the batch hears of
    // it, so its --timeout measures a stall, not the length of a long scan.
    // Without it (no thread to be had) files still read; a long one may
    // then meet --timeout.
    let _ = std::thread::Builder::new().spawn(|| {
        let mut last = crate::extract::progress();
        loop {
            std::thread::sleep(HEARTBEAT);
            let now = crate::extract::progress();
            if now != last {
                last = now;
                let mut out = std::io::stdout().lock();
                if writeln!(out, "{ALIVE}{now}}}")
                    .and_then(|_| out.flush())
                    .is_err()
                {
                    return;
                }
            }
        }
    });
    // One extraction thread for all files: its big stack and its allocator
    // arena are set up once, not for every file.
    let (requests, todo) = std::sync::mpsc::channel::<Request>();
    let (done, results) = std::sync::mpsc::channel::<crate::extract::FileResult>();
    let extractor = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || {
            for req in todo {
                name_this_thread(&req.path);
                let mut r = extract_file(&req.path, &req.source_file, &settings);
                r.report.input_index = req.input_index;
                give_back_memory();
                name_this_thread(std::path::Path::new(""));
                if done.send(r).is_err() {
                    return;
                }
            }
        });
    if extractor.is_err() {
        return 3;
    }
    let stdin = std::io::stdin().lock();
    for line in stdin.lines() {
        let Ok(line) = line else { return 0 };
        let Ok(req) = serde_json::from_str::<Request>(&line) else {
            eprintln!("shenbao worker: bad request {line:?}");
            return 2;
        };
        // A panic that escapes extract_file's own guard ends the thread:
        // this process then ends too, and the batch reports the file.
        if requests.send(req).is_err() {
            return 3;
        }
        let Ok(result) = results.recv() else { return 3 };
        let json = serde_json::to_string(&result).expect("results serialise");
        let mut out = std::io::stdout().lock();
        if writeln!(out, "{json}").and_then(|_| out.flush()).is_err() {
            return 0; // the batch is gone
        }
    }
    0
}

/// A worker whose batch was killed (`kill -9`, the machine's OOM killer)
/// stops at once instead of finishing its file for nobody: a long scan would
/// otherwise hold a core while the resumed run reads the same file again.
/// (The signal comes when the thread that started the worker ends: the
/// batch's main thread, or a dispatcher, which retires its worker first. A
/// batch that died before this call left no request: stdin ends at once.)
fn die_with_the_batch() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with integer arguments only.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
}

/// Caps this process's address space, so a decompression bomb fails here
/// with an allocation error instead of swapping the machine.
fn limit_address_space(mb: u64) {
    if mb == 0 {
        return;
    }
    let bytes = mb.saturating_mul(1 << 20) as libc::rlim_t;
    let lim = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads a valid, initialised struct; no memory is shared.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &lim);
    }
}

#[cfg(test)]
mod tests {
    use super::name_this_thread;
    use std::path::Path;

    fn comm() -> String {
        std::fs::read_to_string("/proc/thread-self/comm")
            .expect("Linux exposes a thread's name")
            .trim_end_matches('\n')
            .to_string()
    }

    #[test]
    fn the_thread_is_named_after_its_file_cut_between_characters() {
        std::thread::spawn(|| {
            name_this_thread(Path::new("/archive/000123-greening.pdf"));
            assert_eq!(comm(), "@000123-greenin");
            // 3 bytes a character: "@" + 4 of them is 13 bytes; a fifth
            // would make 16.
            name_this_thread(Path::new("普陀区绿化申报表.pdf"));
            assert_eq!(comm(), "@普陀区绿");
            name_this_thread(Path::new(""));
            assert_eq!(comm(), "@");
        })
        .join()
        .unwrap();
    }
}
