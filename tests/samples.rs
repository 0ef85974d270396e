//! `extract` on the bundled samples must reproduce their hand-checked
//! records field by field; the real budget PDFs must read with no form and no
//! error.

mod common;
use common::*;

#[test]
fn samples_equal_their_hand_checked_records() {
    let out = scratch("samples");
    let o = extract_samples(&out, &["--quiet"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let expected = read_jsonl(&repo().join("samples/checked/records.jsonl"));
    let actual = read_jsonl(&out.join("records.jsonl"));
    assert!(expected.len() >= 16, "the samples hold at least 16 forms");
    let problems = checked_differences(&expected, &actual);
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Same data, CSV form: byte for byte what the hand-checked CSVs hold.
    for f in ["projects.csv", "indicators.csv"] {
        let want = std::fs::read_to_string(repo().join("samples/checked").join(f)).unwrap();
        let got = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(want == got, "{f} differs from samples/checked/{f}");
    }
}

#[test]
fn kangxi_samples_report_their_repairs() {
    let out = scratch("kangxi");
    let o = extract_samples(&out, &["--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    let actual = read_jsonl(&out.join("records.jsonl"));
    let kangxi: Vec<_> = actual
        .iter()
        .filter(|r| r.source_file.contains("kangxi"))
        .collect();
    assert!(!kangxi.is_empty(), "samples include Kangxi-glyph copies");
    for r in kangxi.iter().filter(|r| r.form_index == 0) {
        assert!(
            r.warnings.iter().any(|w| w.starts_with("repaired glyph")),
            "{}: no repair logged",
            r.source_file
        );
    }
}

#[test]
fn real_budget_pdfs_have_no_form_and_no_error() {
    let real = repo().join("../shared/real");
    let out = scratch("real");
    let o = shenbao(&[
        "extract",
        real.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    for f in files {
        assert_eq!(f["status"], "no_form", "{f}");
        assert!(f["pages"].as_u64().unwrap() >= 20, "{f}");
        assert_eq!(
            f["warnings"].as_array().unwrap().len(),
            0,
            "real exports have a sound text layer: {f}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(out.join("records.jsonl")).unwrap(),
        ""
    );
}

#[test]
fn output_is_the_same_whatever_the_jobs() {
    let (a, b) = (scratch("jobs1"), scratch("jobs2"));
    for (dir, j) in [(&a, "1"), (&b, "2")] {
        let o = extract_samples(dir, &["-j", j, "--quiet"]);
        assert_eq!(o.status.code(), Some(0));
    }
    for f in ["records.jsonl", "projects.csv", "indicators.csv"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn wps_filled_rectangle_borders_make_a_table() {
    // WPS draws every border as a thin filled rectangle (`re f*`), and uses
    // CID fonts with Identity-H: page 8 of this real budget is a 16-row,
    // 4-column table with a merged header row.
    let pdf = repo().join("../shared/real/putuo-gov-office-2025-budget.pdf");
    let o = shenbao(&[
        "debug",
        pdf.to_str().unwrap(),
        "--stage",
        "grid",
        "--page",
        "8",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let layouts: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let table = &layouts[0]["tables"][0];
    assert_eq!(table["rows"].as_array().unwrap().len() - 1, 16);
    assert_eq!(table["cols"].as_array().unwrap().len() - 1, 4);
    let cell = |r: u64, c: u64| {
        let cell = table["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["row"] == r && x["col"] == c)
            .unwrap();
        let lines: Vec<&str> = cell["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap())
            .collect();
        (
            cell["col_span"].as_u64().unwrap(),
            lines.join("").trim().to_string(),
        )
    };
    assert_eq!(cell(0, 0), (2, "本年收入".to_string()));
    assert_eq!(cell(2, 0), (1, "一、财政拨款收入".to_string()));
    assert_eq!(cell(2, 1), (1, "91,016,775.35".to_string()));
}

/// Every table of every page as (rows, cols, each cell's row, col, spans)
/// plus its column edges, from `shenbao debug --stage grid`.
type Lattice = Vec<(
    u32,
    Vec<(usize, usize, Vec<(u64, u64, u64, u64)>)>,
    Vec<Vec<f64>>,
)>;

fn lattice(pdf: &str) -> Lattice {
    let o = shenbao(&["debug", pdf, "--stage", "grid"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let layouts: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    layouts
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let tables = l["tables"].as_array().unwrap();
            let shapes = tables
                .iter()
                .map(|t| {
                    let cells = t["cells"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| {
                            (
                                c["row"].as_u64().unwrap(),
                                c["col"].as_u64().unwrap(),
                                c["row_span"].as_u64().unwrap(),
                                c["col_span"].as_u64().unwrap(),
                            )
                        })
                        .collect();
                    (
                        t["rows"].as_array().unwrap().len() - 1,
                        t["cols"].as_array().unwrap().len() - 1,
                        cells,
                    )
                })
                .collect();
            let cols = tables
                .iter()
                .map(|t| {
                    t["cols"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c.as_f64().unwrap())
                        .collect()
                })
                .collect();
            (l["page"].as_u64().unwrap() as u32, shapes, cols)
        })
        .collect()
}

#[test]
fn scanned_pages_give_the_same_grid_as_the_exported_ones() {
    // Rules found in the image (deskewed, seal ink dropped) must rebuild the
    // very lattice the text layer's vector rules give: same rows, columns,
    // merged cells, and column edges within 2 pt.
    for doc in ["2024-putuo-greening", "2024-putuo-health-long-table"] {
        let want = lattice(&format!("samples/{doc}.pdf"));
        for variant in ["clean300", "degraded200", "seal"] {
            let got = lattice(&format!("samples/scanned/{doc}-{variant}.pdf"));
            assert_eq!(got.len(), want.len());
            for ((page, g_shapes, g_cols), (_, w_shapes, w_cols)) in got.iter().zip(&want) {
                assert_eq!(
                    g_shapes, w_shapes,
                    "{doc}-{variant} page {page}: lattice differs"
                );
                for (gc, wc) in g_cols.iter().zip(w_cols) {
                    for (g, w) in gc.iter().zip(wc) {
                        assert!(
                            (g - w).abs() <= 2.0,
                            "{doc}-{variant} page {page}: column edge {g} vs {w}"
                        );
                    }
                }
            }
        }
    }
}
