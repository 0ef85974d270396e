//! What a running batch shows on stderr, drawn from the events the batch
//! reports (`batch::Observer`). A long run needs to say how far it is and
//! when it will end (files and pages done, pages/s, errors so far, ETA),
//! without burying a log under a line per file: on a terminal a bar,
//! elsewhere one summary line a minute; a line per file on request.

use crate::batch::Observer;
use crate::extract::{FileReport, Status};
use std::io::Write;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Quiet,
    /// A line per file on stderr (`--verbose`).
    Lines,
    /// A summary line every so often, and a line per failed file (stderr is
    /// not a terminal: a log).
    Periodic(Duration),
    /// A progress bar on stderr (a terminal).
    Bar,
}

/// How often a log gets its summary line.
pub const SUMMARY_EVERY: Duration = Duration::from_secs(60);

/// The running totals and their display.
pub struct Display {
    style: Progress,
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    last_summary: Instant,
    /// Files in the batch, and those done by an earlier run (`--resume`).
    total: usize,
    resumed: usize,
    /// Read by this run.
    files: usize,
    forms: usize,
    pages: usize,
    errors: usize,
    /// Where lines go: stderr, or a test's buffer.
    sink: Box<dyn FnMut(&str) + Send>,
}

impl Display {
    pub fn new(style: Progress) -> Display {
        let sink = Box::new(|line: &str| {
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        });
        Display::with_sink(style, Instant::now(), sink)
    }

    fn with_sink(style: Progress, start: Instant, sink: Box<dyn FnMut(&str) + Send>) -> Display {
        Display {
            style,
            bar: None,
            start,
            last_summary: start,
            total: 0,
            resumed: 0,
            files: 0,
            forms: 0,
            pages: 0,
            errors: 0,
            sink,
        }
    }

    /// The batch knows its size: the clock starts, a bar appears.
    fn start_at(&mut self, total: usize, resumed: usize, start: Instant) {
        (self.total, self.resumed) = (total, resumed);
        (self.start, self.last_summary) = (start, start);
        self.bar = (self.style == Progress::Bar).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some((total - resumed) as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} files  {msg}  ETA {eta}",
                )
                .expect("progress template"),
            );
            bar
        });
    }

    /// A file finished (read, or failed).
    fn done(&mut self, r: &FileReport) {
        self.files += 1;
        self.forms += r.forms;
        self.pages += r.pages;
        self.errors += usize::from(r.status == Status::Error);
        match self.style {
            Progress::Quiet => {}
            Progress::Lines => (self.sink)(&file_line(r)),
            Progress::Periodic(_) => {
                if r.status == Status::Error {
                    (self.sink)(&file_line(r));
                }
            }
            Progress::Bar => {
                let bar = self.bar.as_ref().expect("a bar style has a bar");
                bar.set_message(format!(
                    "{} forms, {} pages, {:.1} pages/s, {} errors",
                    self.forms,
                    self.pages,
                    self.pages_per_second(Instant::now()),
                    self.errors
                ));
                if r.status == Status::Error {
                    bar.println(file_line(r));
                }
                bar.inc(1);
            }
        }
    }

    fn tick_at(&mut self, now: Instant) {
        if let Progress::Periodic(every) = self.style
            && now.duration_since(self.last_summary) >= every
        {
            self.last_summary = now;
            let line = self.summary(now);
            (self.sink)(&line);
        }
    }

    fn clear(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }

    fn pages_per_second(&self, now: Instant) -> f64 {
        let s = now.duration_since(self.start).as_secs_f64();
        if s > 0.0 { self.pages as f64 / s } else { 0.0 }
    }

    /// `progress: 1200/5000 files (24 %), 9300 pages, 41.2 pages/s, 3 errors, 0:05:00 so far, ETA 0:15:50`
    fn summary(&self, now: Instant) -> String {
        let elapsed = now.duration_since(self.start);
        let done = self.resumed + self.files;
        let left = self.total.saturating_sub(done);
        // From this run's pace in files: pages per file vary too much
        // (a scan is a hundred text pages) to say more.
        let eta = if self.files == 0 {
            "–".to_string()
        } else {
            clock(elapsed.mul_f64(left as f64 / self.files as f64))
        };
        let resumed = if self.resumed > 0 {
            format!(" ({} resumed)", self.resumed)
        } else {
            String::new()
        };
        format!(
            "progress: {done}/{} files{resumed} ({:.0} %), {} pages, {:.1} pages/s, {} errors, {} so far, ETA {eta}",
            self.total,
            100.0 * done as f64 / self.total.max(1) as f64,
            self.pages,
            self.pages_per_second(now),
            self.errors,
            clock(elapsed),
        )
    }
}

impl Observer for Display {
    fn started(&mut self, total: usize, resumed: usize) {
        self.start_at(total, resumed, Instant::now());
    }

    fn file_done(&mut self, report: &FileReport) {
        self.done(report);
    }

    /// At least every second: the summary line when its time has come.
    fn tick(&mut self) {
        self.tick_at(Instant::now());
    }

    fn finished(&mut self) {
        self.clear();
    }
}

/// `H:MM:SS`.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// One file's line: what it held, or why it was not read.
fn file_line(r: &FileReport) -> String {
    match r.status {
        Status::Ok => format!(
            "ok       {}: {} forms, {} pages, {} warnings, {:.2} s",
            r.source_file,
            r.forms,
            r.pages,
            r.warnings.len(),
            r.seconds
        ),
        Status::NoForm => format!(
            "no form  {}: {} pages, no 申报表 found{}",
            r.source_file,
            r.pages,
            r.warnings
                .first()
                .map(|w| format!("; {w}"))
                .unwrap_or_default()
        ),
        Status::Error => format!(
            "error    {}: {}",
            r.source_file,
            r.error.as_deref().unwrap_or("")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::FileResult;
    use std::sync::{Arc, Mutex};

    fn report(name: &str, pages: usize, status: Status) -> FileReport {
        let mut r = FileResult::failed(name, "", "boom".into(), 0.1).report;
        r.status = status;
        r.pages = pages;
        r.forms = usize::from(status == Status::Ok);
        if status != Status::Error {
            r.error = None;
        }
        r
    }

    fn display(
        style: Progress,
        total: usize,
        resumed: usize,
    ) -> (Display, Arc<Mutex<Vec<String>>>, Instant) {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let start = Instant::now();
        let mut d = Display::with_sink(
            style,
            start,
            Box::new(move |l: &str| sink.lock().unwrap().push(l.to_string())),
        );
        d.start_at(total, resumed, start);
        (d, lines, start)
    }

    #[test]
    fn a_log_gets_a_summary_a_minute_and_its_errors_not_a_line_per_file() {
        let (mut d, lines, t0) = display(Progress::Periodic(SUMMARY_EVERY), 1000, 0);
        for i in 0..100 {
            d.done(&report(&format!("f{i}.pdf"), 3, Status::Ok));
            d.tick_at(t0 + Duration::from_millis(500 * i));
        }
        d.done(&report("bad.pdf", 0, Status::Error));
        d.done(&report("blank.pdf", 1, Status::NoForm));
        assert_eq!(*lines.lock().unwrap(), vec!["error    bad.pdf: boom"]);
        // 102 files in the first minute: 898 to go at that pace is 8:48.
        d.tick_at(t0 + Duration::from_secs(60));
        d.tick_at(t0 + Duration::from_secs(61));
        let got = lines.lock().unwrap().clone();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[1],
            "progress: 102/1000 files (10 %), 301 pages, 5.0 pages/s, 1 errors, 0:01:00 so far, ETA 0:08:48"
        );
        d.tick_at(t0 + Duration::from_secs(120));
        assert_eq!(lines.lock().unwrap().len(), 3, "the next a minute later");
    }

    #[test]
    fn a_resumed_run_counts_the_files_done_before_but_times_only_its_own() {
        let (mut d, lines, t0) = display(Progress::Periodic(Duration::from_secs(10)), 40, 30);
        d.tick_at(t0 + Duration::from_secs(10));
        for _ in 0..5 {
            d.done(&report("f.pdf", 2, Status::Ok));
        }
        d.tick_at(t0 + Duration::from_secs(20));
        let got = lines.lock().unwrap().clone();
        assert_eq!(
            got,
            vec![
                "progress: 30/40 files (30 resumed) (75 %), 0 pages, 0.0 pages/s, 0 errors, 0:00:10 so far, ETA –",
                "progress: 35/40 files (30 resumed) (88 %), 10 pages, 0.5 pages/s, 0 errors, 0:00:20 so far, ETA 0:00:20",
            ]
        );
    }

    #[test]
    fn verbose_is_a_line_per_file_and_quiet_is_silent() {
        let (mut d, lines, t0) = display(Progress::Lines, 2, 0);
        d.done(&report("a.pdf", 2, Status::Ok));
        d.done(&report("b.pdf", 1, Status::NoForm));
        d.tick_at(t0 + Duration::from_secs(3600));
        let got = lines.lock().unwrap().clone();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with("ok       a.pdf: 1 forms, 2 pages"),
            "{got:?}"
        );
        assert!(got[1].starts_with("no form  b.pdf: 1 pages"), "{got:?}");
        let (mut d, lines, t0) = display(Progress::Quiet, 1, 0);
        d.done(&report("bad.pdf", 0, Status::Error));
        d.tick_at(t0 + Duration::from_secs(3600));
        assert!(lines.lock().unwrap().is_empty());
    }
}
