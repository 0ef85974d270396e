//! `shenbao review`: the site for the samples has every form, every field's
//! box and row, page images that exist, links that resolve, and marks where
//! the checked version differs. (scripts/review-screenshot looks at it in a
//! real browser.)

mod common;

use common::{exported_samples, read_jsonl, scratch, shenbao};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Every value of `attr="…"` in an HTML text.
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(at, _)| {
            let rest = &html[at + pat.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The element (start tag) with `id`, e.g. `<rect id="f-year" class="…" …>`.
fn tag_with_id<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!(" id=\"{id}\""))?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    Some(&html[start..=end])
}

/// Relative links resolve to files; `#id` links to elements of the page.
fn check_links(page: &Path, html: &str) {
    let ids: BTreeSet<String> = attrs(html, "id").into_iter().collect();
    for link in attrs(html, "href").into_iter().chain(attrs(html, "src")) {
        let (file, frag) = link.split_once('#').unwrap_or((&link, ""));
        assert!(
            !file.contains("://"),
            "{}: external link {link}",
            page.display()
        );
        if file.is_empty() {
            assert!(
                ids.contains(frag),
                "{}: #{frag} points nowhere",
                page.display()
            );
        } else {
            let target = page.parent().unwrap().join(file);
            assert!(
                target.is_file(),
                "{}: {link} does not exist",
                page.display()
            );
            if !frag.is_empty() {
                let other = std::fs::read_to_string(&target).unwrap();
                assert!(
                    other.contains(&format!(" id=\"{frag}\"")),
                    "{}: {link}: no such element",
                    page.display()
                );
            }
        }
    }
}

#[test]
fn the_review_site_shows_every_form_field_and_difference() {
    let base = scratch("review");
    let out = base.join("out");
    let mut args = vec!["extract"];
    let samples = exported_samples();
    args.extend(samples.iter().map(String::as_str));
    // A seal-stamped scan and a turned one: the overlay must follow the
    // turn and deskew onto the scan as it was.
    args.extend([
        "samples/scanned/2024-putuo-greening-seal.pdf",
        "samples/scanned/2024-putuo-greening-rotated.pdf",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let o = shenbao(&args);
    common::assert_exit(&o, 0);
    let records = read_jsonl(&out.join("records.jsonl"));

    // The checked version, with values changed: the review must find them.
    let checked = base.join("checked.jsonl");
    let mut lines = String::new();
    for f in [
        "samples/checked/records.jsonl",
        "samples/scanned/checked/records.jsonl",
    ] {
        lines.push_str(&std::fs::read_to_string(common::repo().join(f)).unwrap());
    }
    let mut changed = false;
    let lines: Vec<String> = lines
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            if !changed && v["source_file"] == "samples/2024-putuo-greening.pdf" {
                v["total_fiscal"] = "1.00".into();
                // Two differences: the seal scan has one of its own (a `、`
                // its seal hides), and this file must still head the table.
                v["total_other"] = "1.00".into();
                changed = true;
            }
            v.to_string()
        })
        .collect();
    std::fs::write(&checked, lines.join("\n") + "\n").unwrap();

    let o = shenbao(&[
        "review",
        out.to_str().unwrap(),
        "--against",
        checked.to_str().unwrap(),
    ]);
    common::assert_exit(&o, 0);
    let site = out.join("review");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    check_links(&site.join("index.html"), &index);
    assert!(
        std::fs::read_to_string(site.join("style.css"))
            .unwrap()
            .contains(":target")
    );
    // The checked set covers all 11 scans; only the two read here count.
    assert!(
        !index.contains("Checked records not extracted"),
        "other files' records counted as missing"
    );
    assert!(
        index.contains("33 records paired, 0 missing, 0 extra"),
        "the summary counts other files' records"
    );

    // Worst first: the file whose record differs heads the file table.
    let files_table = &index[index.find("id=\"files\"").unwrap()..];
    let first_row = &files_table[files_table.find("<tbody>").unwrap()..];
    let first_row = &first_row[..first_row.find("</tr>").unwrap()];
    assert!(
        first_row.contains("samples/2024-putuo-greening.pdf"),
        "worst file not first: {first_row}"
    );

    // Every record has its page, linked from the index.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let file_no: HashMap<String, usize> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, f)| (f["source_file"].as_str().unwrap().to_string(), i + 1))
        .collect();
    assert!(records.len() >= 27 + 6, "{} records", records.len());
    let (mut ocr_boxes, mut turned_pages) = (0, 0);
    for r in &records {
        let slug = format!("forms/{}-{}.html", file_no[&r.source_file], r.form_index);
        assert!(
            index.contains(&format!("href=\"{slug}\"")),
            "{slug} not in the index"
        );
        let path = site.join(&slug);
        let html = std::fs::read_to_string(&path).unwrap();
        check_links(&path, &html);
        for p in &r.pages {
            let fig = tag_with_id(&html, &format!("p{p}"))
                .unwrap_or_else(|| panic!("{slug}: no figure for page {p}"));
            assert!(fig.starts_with("<figure"), "{fig}");
            let img = format!("../img/{}-{p}.png", file_no[&r.source_file]);
            assert!(
                html.contains(&format!("href=\"{img}\"")),
                "{slug}: no image of page {p}"
            );
            let png = std::fs::read(path.parent().unwrap().join(&img)).unwrap();
            assert_eq!(&png[1..4], b"PNG", "{img}");
            // 100 dpi: an A4 page is ~827 px wide (IHDR width, big-endian).
            let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
            assert!((700..1300).contains(&width), "{img}: {width} px wide");
        }
        // Non-identity placement: the scan was turned or deskewed.
        turned_pages += html.matches("transform=\"matrix(").count()
            - html
                .matches("transform=\"matrix(1.000000 0.000000 0.000000 1.000000")
                .count();
        assert!(
            html.contains("<g class=\"grid\"><rect"),
            "{slug}: no grid drawn"
        );
        // Every value read has its box over the page and its row beside it.
        for field in [
            "project_name",
            "department",
            "start_date",
            "total_funds",
            "annual_goal",
        ] {
            if r.scalar(field).is_empty() {
                continue;
            }
            let rect = tag_with_id(&html, &format!("f-{field}"))
                .unwrap_or_else(|| panic!("{slug}: no box for {field}"));
            assert!(
                rect.starts_with("<rect") && rect.contains("class=\"field"),
                "{rect}"
            );
            if r.method == "ocr" {
                assert!(rect.contains(" ocr"), "{slug}: {rect}");
                ocr_boxes += 1;
            }
            assert!(
                tag_with_id(&html, &format!("r-{field}")).is_some(),
                "{slug}: no row for {field}"
            );
        }
        for i in &r.indicators {
            for cell in ["level3", "target"] {
                let id = format!("f-i{}-{cell}", i.seq);
                assert!(tag_with_id(&html, &id).is_some(), "{slug}: no box {id}");
            }
        }
        // The changed value is marked on the page and in the row.
        let is_changed = r.source_file == "samples/2024-putuo-greening.pdf" && r.form_index == 0;
        let rect = tag_with_id(&html, "f-total_fiscal").unwrap();
        assert_eq!(rect.contains(" diff"), is_changed, "{slug}: {rect}");
        if is_changed {
            assert!(
                html.contains("total_fiscal: checked &quot;1.00&quot;"),
                "{slug}"
            );
        }
    }
    assert!(ocr_boxes > 0, "no OCR'd field marked as such");
    assert!(
        turned_pages >= 2,
        "the turned scan's pages are drawn unturned"
    );
}

#[test]
fn review_says_what_is_missing() {
    let base = scratch("review-missing");
    let o = shenbao(&["review", base.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("report.json") && err.contains("extract"),
        "{err}"
    );
}
