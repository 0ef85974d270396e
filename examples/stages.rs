//! Where a page's time goes, stage by stage, in one process (no workers):
//! `cargo run --release --example stages -- samples/2023-shanghai-bdc.pdf`.
//! For finding what to speed up; `scripts/bench` is the measure that counts.

use std::time::Instant;
fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let settings = shenbao::extract::Settings::default();
    let (mut t_pdf, mut t_grid, mut t_form, mut t_rec, mut t_sha, mut t_json, mut t_src) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let mut pages = 0;
    let rounds = 20;
    for _ in 0..rounds {
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            let t = Instant::now();
            let _ = shenbao::extract::sha256_hex(&bytes);
            t_sha += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let doc = shenbao::pdf::read_document(bytes, "", &settings.pdf).unwrap();
            t_pdf += t.elapsed().as_secs_f64();
            pages += doc.pages.len();
            let t = Instant::now();
            let layouts: Vec<_> = doc
                .pages
                .iter()
                .map(|p| shenbao::grid::layout_page(p, &settings.grid))
                .collect();
            t_grid += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let forms = shenbao::form::recognize(&layouts, &settings.form);
            t_form += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let recs: Vec<_> = forms
                .iter()
                .enumerate()
                .map(|(i, fm)| {
                    shenbao::record::build_record(
                        fm,
                        &shenbao::record::Origin {
                            source_file: f,
                            source_sha256: "",
                            form_index: i as u32,
                            method: "text",
                        },
                    )
                })
                .collect();
            t_rec += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let srcs: Vec<_> = forms
                .iter()
                .enumerate()
                .map(|(i, fm)| {
                    shenbao::sources::form_sources(fm, f, i as u32, &doc.pages, &layouts)
                })
                .collect();
            t_src += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let s = serde_json::to_string(&(recs, srcs)).unwrap();
            let _: serde_json::Value = serde_json::from_str(&s).unwrap();
            t_json += t.elapsed().as_secs_f64();
        }
    }
    let ms = |x: f64| x * 1000.0 / pages as f64;
    println!(
        "per page ms: pdf {:.3} grid {:.3} form {:.3} record {:.3} sources {:.3} sha {:.3} json(ser+de) {:.3}; pages {}",
        ms(t_pdf),
        ms(t_grid),
        ms(t_form),
        ms(t_rec),
        ms(t_src),
        ms(t_sha),
        ms(t_json),
        pages / rounds
    );
}
