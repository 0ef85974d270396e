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
}

/// Stack for the extraction thread: deeply nested PDF objects recurse.
const STACK_BYTES: usize = 64 << 20;

pub fn worker_main(password: String, ocr: String, max_memory_mb: u64) -> i32 {
    limit_address_space(max_memory_mb);
    let mut settings = Settings {
        password,
        ..Settings::default()
    };
    if let Some(engine) = crate::ocr::EngineChoice::parse(&ocr) {
        settings.scan.engine = engine;
    }
    let stdin = std::io::stdin().lock();
    let mut out = std::io::stdout().lock();
    for line in stdin.lines() {
        let Ok(line) = line else { return 0 };
        let Ok(req) = serde_json::from_str::<Request>(&line) else {
            eprintln!("shenbao worker: bad request {line:?}");
            return 2;
        };
        let settings = settings.clone();
        let result = std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn(move || extract_file(&req.path, &req.source_file, &settings))
            .and_then(|h| {
                h.join()
                    .map_err(|_| std::io::Error::other("extraction thread died"))
            });
        let Ok(result) = result else { return 3 };
        let json = serde_json::to_string(&result).expect("results serialise");
        if writeln!(out, "{json}").and_then(|_| out.flush()).is_err() {
            return 0; // the batch is gone
        }
    }
    0
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
