//! The OCR path end to end on samples/scanned/: forms found and pages right
//! on every scan, and accuracy per variant against the hand-checked records,
//! measured with `shenbao diff`'s own comparison.
//!
//! Both engines run (scripts/setup installs both). The floors guard what
//! each reaches today (scripts/bench-ocr prints the full table).

mod common;

use common::{pdfs_in, read_jsonl, repo, scratch, shenbao};
use shenbao::diff::{DiffOptions, diff};
use shenbao::record::{Record, SCALAR_FIELDS};

/// The scalar fields `diff` compares for a checked record in schema v2 (v2
/// fields included): all but the pairing keys, and the optional provenance
/// fields the checked record leaves empty. A record read with one field
/// missing counts that field as wrong, a record not found all of them.
fn scalars(expected: &[Record]) -> usize {
    expected
        .iter()
        .map(|r| {
            SCALAR_FIELDS
                .iter()
                .filter(|&&f| {
                    let optional = matches!(f, "method" | "pages" | "source_sha256");
                    !matches!(f, "source_file" | "form_index")
                        && !(optional && r.scalar(f).is_empty())
                })
                .count()
        })
        .sum()
}

struct Floor {
    variant: &'static str,
    fields: f64,
    rows: f64,
    goal_cer: f64,
}

const TESSERACT: &[Floor] = &[
    Floor {
        variant: "no-tounicode",
        fields: 0.975,
        rows: 0.94,
        goal_cer: 0.003,
    },
    Floor {
        variant: "clean300",
        fields: 0.97,
        rows: 0.96,
        goal_cer: 0.004,
    },
    Floor {
        variant: "degraded200",
        fields: 0.97,
        rows: 0.93,
        goal_cer: 0.004,
    },
    Floor {
        variant: "seal",
        fields: 0.97,
        rows: 0.93,
        goal_cer: 0.004,
    },
    Floor {
        variant: "rotated",
        fields: 0.97,
        rows: 0.96,
        goal_cer: 0.004,
    },
];

const PPOCR: &[Floor] = &[
    Floor {
        variant: "no-tounicode",
        fields: 0.99,
        rows: 0.98,
        goal_cer: 0.002,
    },
    Floor {
        variant: "clean300",
        fields: 0.995,
        rows: 0.99,
        goal_cer: 0.002,
    },
    Floor {
        variant: "degraded200",
        fields: 0.985,
        rows: 0.99,
        goal_cer: 0.003,
    },
    Floor {
        variant: "seal",
        fields: 0.98,
        rows: 0.99,
        goal_cer: 0.003,
    },
    Floor {
        variant: "rotated",
        fields: 0.995,
        rows: 0.99,
        goal_cer: 0.002,
    },
];

fn scans() -> Vec<String> {
    pdfs_in("samples/scanned")
}

#[test]
fn tesseract_reads_the_scans_within_its_floors() {
    read_scans("tesseract", TESSERACT);
}

#[test]
fn ppocr_reads_the_scans_within_its_floors() {
    read_scans("ppocr", PPOCR);
}

fn read_scans(engine: &str, floors: &[Floor]) {
    let out = scratch(engine);
    let files = scans();
    let mut args = vec!["extract"];
    args.extend(files.iter().map(String::as_str));
    args.extend([
        "--out",
        out.to_str().unwrap(),
        "-j",
        "2",
        "-q",
        "--ocr",
        engine,
    ]);
    let run = shenbao(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let expected_all = read_jsonl(&repo().join("samples/scanned/checked/records.jsonl"));
    let actual_all = read_jsonl(&out.join("records.jsonl"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    for f in report["files"].as_array().unwrap() {
        let name = f["source_file"].as_str().unwrap();
        assert_eq!(f["status"], "ok", "{name}: {f}");
        assert_eq!(f["method"], "ocr", "{name}");
        assert_eq!(f["ocr_engine"], engine, "{name}");
        let pages = f["pages"].as_u64().unwrap();
        assert_eq!(
            f["ocr_pages"].as_array().map(|a| a.len() as u64),
            Some(pages),
            "{name}: every page read by OCR"
        );
        if name.contains("no-tounicode") {
            let w = f["warnings"].to_string();
            assert!(w.contains("does not decode"), "{name}: {w}");
        }
    }

    // Forms found and pages right on every scan.
    for file in &files {
        let pages = |rs: &[Record]| -> Vec<Vec<u32>> {
            rs.iter()
                .filter(|r| &r.source_file == file)
                .map(|r| r.pages.clone())
                .collect()
        };
        assert_eq!(
            pages(&actual_all),
            pages(&expected_all),
            "{file}: forms and their pages"
        );
    }
    for r in &actual_all {
        assert_eq!(r.method, "ocr", "{}", r.source_file);
    }

    let mut failures = Vec::new();
    for floor in floors {
        let of = |rs: &[Record]| -> Vec<Record> {
            rs.iter()
                .filter(|r| r.source_file.contains(&format!("-{}.pdf", floor.variant)))
                .cloned()
                .collect()
        };
        let (expected, actual) = (of(&expected_all), of(&actual_all));
        assert!(!expected.is_empty(), "{}", floor.variant);
        let s = diff(&actual, &expected, &DiffOptions::for_checked(2, false)).summary;
        let fields = (s.fields_compared - s.fields_different) as f64 / scalars(&expected) as f64;
        let rows_total: usize = expected.iter().map(|r| r.indicators.len()).sum();
        let rows = s.indicators_matched as f64 / rows_total as f64;
        eprintln!(
            "{engine:<10} {:<12} fields {:.2}%  rows {:.2}%  goal CER {:.2}%",
            floor.variant,
            100.0 * fields,
            100.0 * rows,
            100.0 * s.goal_cer
        );
        if fields < floor.fields || rows < floor.rows || s.goal_cer > floor.goal_cer {
            failures.push(format!(
                "{}: fields {fields:.4} (floor {}), rows {rows:.4} (floor {}), goal CER {:.4} (ceiling {})",
                floor.variant, floor.fields, floor.rows, s.goal_cer, floor.goal_cer
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let _ = std::fs::remove_dir_all(&out);
}

/// A scan that cannot be read (here: the engine asked for is not installed)
/// is an error that says why, not a file "without a form".
#[test]
fn an_unreadable_scan_is_an_error_not_a_file_without_forms() {
    let out = scratch("ocr-missing-engine");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .args([
            "extract",
            "samples/scanned/2024-putuo-greening-seal.pdf",
            "--ocr",
            "ppocr",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
        .env("SHENBAO_PPOCR_DIR", out.join("no-models-here"))
        .current_dir(common::repo())
        .output()
        .unwrap();
    common::assert_exit(&o, 3);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let f = &report["files"][0];
    assert_eq!(f["status"], "error", "{f}");
    let error = f["error"].as_str().unwrap();
    assert!(error.contains("3 of 3 pages could not be read"), "{error}");
    assert_eq!(f["unread_pages"], serde_json::json!([1, 2, 3]), "{f}");
    assert!(
        error.contains("scripts/setup"),
        "the error should say what to do: {error}"
    );
}

/// A "searchable" scan (another program's OCR as invisible text over the
/// image, here a bad one: 贝才政 for 财政) is read from its image, exactly as
/// the same scan without the layer, and says so.
#[test]
fn an_invisible_ocr_layer_is_set_aside_and_the_scan_read() {
    let out = scratch("ocr-layer");
    let o = shenbao(&[
        "extract",
        "samples/scanned/2024-putuo-greening-seal.pdf",
        "tests/fixtures/ocr-layer/greening-seal-ocr-layer.pdf",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    common::assert_exit(&o, 0);
    let records = read_jsonl(&out.join("records.jsonl"));
    let of = |name: &str| -> Vec<Record> {
        records
            .iter()
            .filter(|r| r.source_file.ends_with(name))
            .cloned()
            .collect()
    };
    let (plain, layered) = (of("greening-seal.pdf"), of("greening-seal-ocr-layer.pdf"));
    assert_eq!(plain.len(), 3);
    assert_eq!(layered.len(), plain.len());
    for (p, l) in plain.iter().zip(&layered) {
        let d = common::same_content(p, l);
        assert!(
            d.is_empty(),
            "the invisible layer changed what was read: {d:?}"
        );
        assert_eq!(l.method, "ocr");
        assert!(
            l.warnings.iter().any(|w| w.contains("invisible OCR layer")),
            "{:?}",
            l.warnings
        );
        assert!(!l.project_name.contains("贝才"), "{}", l.project_name);
    }
}

/// What an archive holds besides clean scans (issue 14), one file per
/// class from samples/archive/: bilevel pages as CCITT G4, JBIG2 and a
/// stencil (`/ImageMask`); a form whose indicator table runs over sheets the
/// scanner fed differently (shifted, scaled, skewed; noisy 200 dpi; page 2
/// turned 90°); a goal that opens with 到 and a year; and a Word export
/// with a scan of a form pasted in (mixed).
/// Every form found on its pages, each within the floors.
#[test]
fn archive_classes_are_read() {
    struct Class {
        file: &'static str,
        fields: f64,
        f1: f64,
        goal_cer: f64,
    }
    // Clean 300 dpi, grey or bilevel: the floors.
    let clean = |file| Class {
        file,
        fields: 0.995,
        f1: 0.99,
        goal_cer: 0.003,
    };
    let fed = |file| Class {
        file,
        fields: 0.98,
        f1: 0.97,
        goal_cer: 0.01,
    };
    let classes = [
        clean("2024-putuo-greening-g4.pdf"),
        clean("2024-putuo-greening-jbig2.pdf"),
        clean("2024-putuo-greening-imagemask.pdf"),
        // A speck after the 年度目标 label once read as `.` hid the goals.
        clean("2024-putuo-greening-decode-inverted.pdf"),
        clean("2024-putuo-greening-blackis1.pdf"),
        fed("2024-putuo-health-long-table-feed200.pdf"),
        fed("2024-putuo-health-long-table-feed-turned.pdf"),
        // Bilevel and fed: amounts' commas read as points and targets' % as
        // ° are repaired; the engine sees the 1-bit lines softened (a `%`
        // in prose read as `°`, a line-initial `，` dropped) and a rule's
        // hairline fringe is erased (read as `1` labels).
        fed("2024-putuo-health-long-table-g4-feed.pdf"),
        // A goal that opens like a target (`到2027年，全区…`): no comparator
        // may be read into it (checked below as well, by its text).
        clean("2024-putuo-greening-goal-to.pdf"),
        Class {
            file: "2024-putuo-greening-mixed.pdf",
            fields: 1.0,
            f1: 1.0,
            goal_cer: 0.0,
        },
    ];
    let out = scratch("ocr-archive");
    let files: Vec<String> = classes
        .iter()
        .map(|c| format!("samples/archive/{}", c.file))
        .collect();
    let goal_to = "samples/archive/2024-putuo-greening-goal-to.pdf";
    let mut args = vec!["extract"];
    args.extend(files.iter().map(String::as_str));
    args.extend([
        "--out",
        out.to_str().unwrap(),
        "-j",
        "2",
        "-q",
        "--ocr",
        "ppocr",
    ]);
    let run = shenbao(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let expected_all = read_jsonl(&repo().join("samples/archive/checked/records.jsonl"));
    let actual_all = read_jsonl(&out.join("records.jsonl"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for (c, file) in classes.iter().zip(&files) {
        let of = |rs: &[Record]| -> Vec<Record> {
            rs.iter()
                .filter(|r| &r.source_file == file)
                .cloned()
                .collect()
        };
        let (expected, actual) = (of(&expected_all), of(&actual_all));
        assert!(!expected.is_empty(), "{file}: no checked records");
        let f = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["source_file"] == file.as_str())
            .unwrap();
        assert_eq!(f["status"], "ok", "{file}: {f}");
        let pages_methods = |rs: &[Record]| -> Vec<(Vec<u32>, String)> {
            rs.iter()
                .map(|r| (r.pages.clone(), r.method.clone()))
                .collect()
        };
        assert_eq!(
            pages_methods(&actual),
            pages_methods(&expected),
            "{file}: forms, their pages and how they were read"
        );
        if file.contains("mixed") {
            assert_eq!(f["method"], "mixed", "{file}");
            assert_eq!(f["ocr_pages"], serde_json::json!([2]), "{file}");
        }
        let s = diff(&actual, &expected, &DiffOptions::for_checked(2, false)).summary;
        let fields = (s.fields_compared - s.fields_different) as f64 / scalars(&expected) as f64;
        eprintln!(
            "ppocr {:<48} fields {:.2}%  indicator F1 {:.4}  goal CER {:.2}%",
            c.file,
            100.0 * fields,
            s.indicator_f1,
            100.0 * s.goal_cer
        );
        if fields < c.fields || s.indicator_f1 < c.f1 || s.goal_cer > c.goal_cer {
            failures.push(format!(
                "{}: fields {fields:.4} (floor {}), indicator F1 {:.4} (floor {}), goal CER {:.4} (ceiling {})",
                c.file, c.fields, s.indicator_f1, c.f1, s.goal_cer, c.goal_cer
            ));
        }
    }
    let goals: Vec<&str> = actual_all
        .iter()
        .filter(|r| r.source_file == goal_to)
        .map(|r| r.overall_goal.as_str())
        .collect();
    assert!(
        matches!(goals[..], [g] if g.starts_with("到2027年，全区公园绿地养护面积达到190万平方")),
        "{goal_to}: {goals:?}"
    );
    assert!(failures.is_empty(), "{failures:#?}");
    let _ = std::fs::remove_dir_all(&out);
}

/// A cell's last character wrapped alone onto a line (目 of 项目, from the
/// JBIG2 archive scan): tesseract's single-line mode reads it as `a`; the
/// engine reads such a doubted short line again as a raw line.
#[test]
fn a_line_of_one_glyph_is_read_as_the_glyph_not_a_letter() {
    use shenbao::ir::GrayImage;
    use shenbao::ocr::{Engine, RegionKind, Tesseract};
    let pgm = std::fs::read("tests/fixtures/images/lone-glyph-mu-bilevel.pgm").unwrap();
    let head: Vec<&[u8]> = pgm.splitn(4, |&b| b == b'\n').collect();
    let dims = std::str::from_utf8(head[1]).unwrap();
    let (w, h) = dims.split_once(' ').unwrap();
    let img = GrayImage {
        width: w.parse().unwrap(),
        height: h.parse().unwrap(),
        data: head[3].to_vec(),
    };
    let mut t = Tesseract::new("HanS").expect("scripts/setup installs tesseract");
    let words = t.read(&img, 300.0, RegionKind::Line);
    let text: String = words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(text.trim(), "目", "{words:?}");
}
