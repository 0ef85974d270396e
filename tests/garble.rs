//! OCR glyph repair (`normalize::garble`): measured on the seeds, and never
//! applied to a text layer.

#[allow(dead_code)]
#[path = "../examples/garble_seeds.rs"]
mod seeds;

use shenbao::form::{RawForm, Sourced};
use shenbao::record::{Origin, build_record};
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn seeds_garbles_are_repaired_and_correct_cells_are_not_changed() {
    let r = seeds::measure_dir(&repo().join("../shared/seeds"), false);
    assert!(r.pairs >= 500, "the seeds' cells pair: {r:?}");
    assert_eq!(r.correct_cells_changed, 0, "{:#?}", r.repairs);
    // Measured 10 of 15 (half of them glyphs cut by a cell's edge and read
    // on both sides, `repair_join`; the other five have a piece no model
    // relates to its glyph: 工 for 支, 拉 for 应); a floor, so that a weaker
    // model fails.
    assert!(r.fixed >= 10, "fixed {} of {}", r.fixed, r.garbles);
    assert_eq!(r.false_repairs, 0, "{:#?}", r.repairs);
}

fn raw_with(text: &str, confidence: f32) -> RawForm {
    let mut raw = RawForm {
        pages: vec![1],
        ..Default::default()
    };
    let sourced = |t: &str| Sourced {
        text: t.into(),
        page: 1,
        confidence,
        ..Default::default()
    };
    raw.fields.insert("project_name", sourced(text));
    raw.fields.insert("department", sourced("上海市大数据中心"));
    raw
}

#[test]
fn text_layer_fields_are_never_repaired() {
    let origin = Origin {
        source_file: "a.pdf",
        source_sha256: "00",
        form_index: 0,
        method: "text",
    };
    // As printed (a text layer): 贝才政 stays, whatever it looks like.
    let r = build_record(&raw_with("贝才政项目支出", 1.0), &origin);
    assert_eq!(r.project_name, "贝才政项目支出");
    assert!(!r.warnings.iter().any(|w| w.starts_with("repaired:")));
    // Read by an engine: put back and said.
    let r = build_record(&raw_with("贝才政项目支出", 0.8), &origin);
    assert_eq!(r.project_name, "财政项目支出");
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.starts_with("repaired: project_name \"贝才\" → \"财\""))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(w[0].contains("page 1") && w[0].contains("财政"), "{}", w[0]);
}

#[test]
fn text_layer_samples_get_no_glyph_repair() {
    let settings = shenbao::extract::Settings::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("samples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for f in files {
        let res = shenbao::extract::extract_file(&f, &f.to_string_lossy(), &settings);
        assert!(!res.records.is_empty(), "{}: no form", f.display());
        for r in &res.records {
            assert_eq!(r.method, "text", "{}", f.display());
            let repaired: Vec<_> = r
                .warnings
                .iter()
                .filter(|w| w.contains("the reading was not"))
                .collect();
            assert!(repaired.is_empty(), "{}: {repaired:?}", f.display());
        }
    }
}
