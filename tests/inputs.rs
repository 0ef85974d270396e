//! Inputs other than PDF: the forms' own spreadsheets (.xlsx, and .xls /
//! .ods / WPS .et copies) must give the records their PDFs give, field for
//! field; scanned pages given as TIFF / PNG / JPEG files must read as the
//! same pages inside a PDF do.

mod common;
use common::*;
use shenbao::record::Record;
use std::path::Path;

/// Files directly in `dir` (from the repo root) whose name ends with one of
/// `exts`, sorted, as paths from the repo root.
fn files_in(dir: &str, exts: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| exts.iter().any(|e| n.ends_with(e)))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    v.sort();
    v
}

fn extract(paths: &[String], out: &Path, extra: &[&str]) -> Vec<Record> {
    let mut args = vec!["extract", "--quiet", "--out", out.to_str().unwrap()];
    args.extend(paths.iter().map(String::as_str));
    args.extend(extra);
    let o = shenbao(&args);
    assert_exit(&o, 0);
    read_jsonl(&out.join("records.jsonl"))
}

/// The sample PDF a workbook was exported to: samples/<stem>.pdf.
fn pdf_of(workbook: &str) -> String {
    let stem = Path::new(workbook).file_stem().unwrap().to_string_lossy();
    format!("samples/{stem}.pdf")
}

/// `actual`'s differences from `expected`, where they came from aside.
fn content_differences(expected: &Record, actual: &Record) -> Vec<String> {
    let mut a = actual.clone();
    a.source_file = expected.source_file.clone();
    a.source_sha256 = expected.source_sha256.clone();
    a.method = expected.method.clone();
    a.pages = expected.pages.clone();
    record_differences(expected, &a)
}

#[test]
fn spreadsheets_give_the_records_of_their_pdfs() {
    let mut books = files_in("samples/xlsx", &[".xlsx"]);
    books.extend(files_in("tests/fixtures/sheets", &[".xls", ".ods", ".et"]));
    assert!(books.len() >= 4, "{books:?}");
    let mut pdfs: Vec<String> = books.iter().map(|b| pdf_of(b)).collect();
    pdfs.sort();
    pdfs.dedup();
    let from_pdf = extract(&pdfs, &scratch("inputs-pdf"), &[]);
    let from_books = extract(&books, &scratch("inputs-sheets"), &[]);
    let mut problems = Vec::new();
    for book in &books {
        let want: Vec<&Record> = from_pdf
            .iter()
            .filter(|r| r.source_file == pdf_of(book))
            .collect();
        let got: Vec<&Record> = from_books
            .iter()
            .filter(|r| &r.source_file == book)
            .collect();
        if want.len() != got.len() {
            problems.push(format!(
                "{book}: {} forms, its PDF {}",
                got.len(),
                want.len()
            ));
            continue;
        }
        for (w, g) in want.iter().zip(&got) {
            if g.method != "sheet" {
                problems.push(format!(
                    "{book} form {}: method {:?}",
                    g.form_index, g.method
                ));
            }
            // One sheet holds every form of these workbooks.
            if g.pages != [1] {
                problems.push(format!("{book} form {}: pages {:?}", g.form_index, g.pages));
            }
            if !g.warnings.is_empty() {
                problems.push(format!(
                    "{book} form {}: warnings {:?}",
                    g.form_index, g.warnings
                ));
            }
            for d in content_differences(w, g) {
                problems.push(format!("{book} form {}: {d}", g.form_index));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_workbook_with_one_form_per_sheet_numbers_forms_by_sheet() {
    let book = "tests/fixtures/sheets/2024-putuo-greening-per-sheet.xlsx";
    let from_pdf = extract(
        &[pdf_of("x/2024-putuo-greening.xlsx")],
        &scratch("per-sheet-pdf"),
        &[],
    );
    let got = extract(&[book.to_string()], &scratch("per-sheet"), &[]);
    assert_eq!(got.len(), from_pdf.len());
    for (i, (w, g)) in from_pdf.iter().zip(&got).enumerate() {
        // A hidden first sheet (notes) is not read but keeps its number.
        assert_eq!(g.pages, [i as u32 + 2], "form {i}");
        assert_eq!(content_differences(w, g), Vec::<String>::new(), "form {i}");
    }
}

/// Writes an 8-bit gray PNG without a resolution (read at 300 dpi, with a
/// warning).
fn write_png(path: &Path, img: &shenbao::ir::GrayImage) {
    let f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut enc = png::Encoder::new(f, img.width, img.height);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()
        .unwrap()
        .write_image_data(&img.data)
        .unwrap();
}

#[test]
fn scans_given_as_image_files_read_as_the_same_pages_in_a_pdf() {
    let dir = repo().join("tests/fixtures/images");
    let jpg = "tests/fixtures/images/greening-clean300-p1.jpg";
    let tif = "tests/fixtures/images/greening-clean300-p1-2-g4.tif";
    // A folder of page images, one file with --images-as-pages: page 1 as
    // the scanner's JPEG, page 2 as a PNG of the bilevel TIFF's page 2 (no
    // resolution in it), and a file that is no image.
    let pages = scratch("pages");
    std::fs::copy(dir.join("greening-clean300-p1.jpg"), pages.join("01.jpg")).unwrap();
    let tif_pages = shenbao::images::read_image_file(
        &std::fs::read(repo().join(tif)).unwrap(),
        1,
        1 << 30,
        &mut Vec::new(),
    );
    assert_eq!(tif_pages.len(), 2, "a two-page TIFF");
    write_png(&pages.join("02.png"), &tif_pages[1].as_ref().unwrap().gray);
    std::fs::write(pages.join("notes.txt"), "扫描说明").unwrap();
    let pages_dir = pages.to_str().unwrap().to_string();

    let pdf = "samples/scanned/2024-putuo-greening-clean300.pdf".to_string();
    let out = scratch("images");
    let all = extract(
        &[pdf.clone(), jpg.into(), tif.into(), pages_dir.clone()],
        &out,
        &["--images-as-pages", "--jobs", "2"],
    );
    let from_pdf: Vec<&Record> = all.iter().filter(|r| r.source_file == pdf).collect();
    assert_eq!(from_pdf.len(), 3);
    let of = |f: &str| -> Vec<&Record> { all.iter().filter(|r| r.source_file == f).collect() };
    assert_eq!(of(jpg).len(), 1);
    assert_eq!(of(tif).len(), 2);
    let folder = of(&pages_dir);
    assert_eq!(folder.len(), 2, "the folder is one file of two pages");
    assert_eq!(
        (folder[0].pages.clone(), folder[1].pages.clone()),
        (vec![1], vec![2])
    );
    assert!(
        folder[1]
            .warnings
            .iter()
            .any(|w| w.contains("taken as 300 dpi")),
        "{:?}",
        folder[1].warnings
    );
    assert!(of(jpg)[0].warnings.iter().all(|w| !w.contains("dpi")));
    assert!(all.iter().all(|r| r.method == "ocr"));

    // `diff` between the two runs: the PDF's forms, named as the image
    // files, against what the image files gave.
    let mut expected = String::new();
    for (file, forms) in [(jpg, 1), (tif, 2), (pages_dir.as_str(), 2)] {
        for r in &from_pdf[..forms] {
            let mut r = (*r).clone();
            r.source_file = file.to_string();
            r.source_sha256.clear();
            r.warnings.clear();
            expected.push_str(&serde_json::to_string(&r).unwrap());
            expected.push('\n');
        }
    }
    let checked = out.join("from-pdf.jsonl");
    std::fs::write(&checked, expected).unwrap();
    let images_only = out.join("images.jsonl");
    let lines: Vec<String> = all
        .iter()
        .filter(|r| r.source_file != pdf)
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    std::fs::write(&images_only, lines.join("\n") + "\n").unwrap();
    let o = shenbao(&[
        "diff",
        images_only.to_str().unwrap(),
        checked.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    assert!(String::from_utf8_lossy(&o.stdout).contains("5 paired, 0 missing, 0 extra"));
}

/// Found by fuzzing (fuzz/fuzz_targets/workbook.rs): an .xls whose sector
/// chain runs past the end of the file made calamine index past its buffer
/// and panic. The file is damaged, and the user is told so, not asked to
/// report an internal error.
#[test]
fn a_workbook_whose_parts_point_past_its_end_is_reported_as_damaged() {
    let path = "tests/fixtures/fuzz/workbook-xls-sector-past-end.xls";
    let bytes = std::fs::read(path).unwrap();
    let err = match shenbao::sheet::read_workbook(bytes) {
        Ok(_) => panic!("{path} read as a workbook"),
        Err(e) => e,
    };
    assert!(err.contains("damaged"), "{err}");
    let settings = shenbao::extract::Settings::default();
    let r = shenbao::extract::extract_file(Path::new(path), path, &settings);
    let said = r.report.error.clone().unwrap_or_default();
    assert!(
        said.contains("damaged") && !said.contains("internal error"),
        "{said}"
    );
}

/// Found by fuzzing: a damaged .xls with an empty merged region down to
/// row 15,679. Its grid took 7 s to build (each point of the last column
/// walked the whole column; each cell side scanned every rule);
/// `grid::tests::cells_from_junctions_match_an_exhaustive_search_on_gappy_grids`
/// holds the faster search to the exhaustive one. An empty region that far
/// past the text is no longer part of the page, so the file reads as its
/// one form on a short page; a lattice of 15,000 real rows is built here
/// instead, so that a quadratic step would show in this test's time.
#[test]
fn a_sheet_of_fifteen_thousand_bordered_rows_reads() {
    use shenbao::ir::{Affine, BBox, Method, Page, Segment, Word};
    let path = "tests/fixtures/fuzz/workbook-xls-15679-rows.xls";
    let book = shenbao::sheet::read_workbook(std::fs::read(path).unwrap()).unwrap();
    let layout = shenbao::grid::layout_page(&book.pages[0], &Default::default());
    let rows: usize = layout.tables.iter().map(|t| t.rows.len() - 1).sum();
    assert!((1..=400).contains(&rows), "{rows} table rows");
    let settings = shenbao::extract::Settings::default();
    let r = shenbao::extract::extract_file(Path::new(path), path, &settings);
    assert_eq!(
        (r.report.error.as_deref(), r.report.forms),
        (None, 1),
        "{:?}",
        r.report
    );

    let (n, row_pt, xs) = (15_000usize, 20.0, [20.0, 100.0, 180.0, 260.0]);
    let y = |i: usize| 20.0 + row_pt * i as f64;
    let mut segments: Vec<Segment> = (0..=n)
        .map(|i| Segment::horizontal(y(i), xs[0], xs[3]))
        .collect();
    segments.extend(xs.iter().map(|&x| Segment::vertical(x, y(0), y(n))));
    let words = (0..n)
        .map(|i| Word {
            text: format!("第{i}行").into(),
            bbox: BBox::new(xs[0] + 2.0, y(i) + 4.0, xs[1] - 2.0, y(i + 1) - 4.0),
            size: 12.0,
            confidence: 1.0,
            char_confidences: None,
        })
        .collect();
    let page = Page {
        number: 1,
        width: 300.0,
        height: y(n) + 20.0,
        method: Method::Sheet,
        words,
        segments,
        images: vec![],
        from_source: Affine::IDENTITY,
        hidden_ocr_chars: 0,
        unread: vec![],
    };
    let layout = shenbao::grid::layout_page(&page, &Default::default());
    let rows: usize = layout.tables.iter().map(|t| t.rows.len() - 1).sum();
    assert_eq!(rows, n);
}

/// Found by fuzzing: a damaged .xls gives a merged region whose end comes
/// before its start. The page builder indexed its row table past the end
/// (index 1024 of 78) and panicked; the region covers the same cells
/// either way, and the form on the sheet reads.
#[test]
fn a_merged_region_given_corners_the_wrong_way_round_reads() {
    let path = "tests/fixtures/fuzz/workbook-xls-merged-corners-swapped.xls";
    let book = shenbao::sheet::read_workbook(std::fs::read(path).unwrap()).unwrap();
    assert_eq!(book.pages.len(), 1);
    let settings = shenbao::extract::Settings::default();
    let r = shenbao::extract::extract_file(Path::new(path), path, &settings);
    assert_eq!(
        (r.report.error.as_deref(), r.report.forms),
        (None, 1),
        "{:?}",
        r.report
    );
}

/// Found by fuzzing: an .xlsx merging `accent6` (a style name in the
/// wrong place, read as row 6 of column 33 million). The page was that
/// wide and drawing its borders took seconds; an empty merged region past
/// every cell's reach is not part of the page. The form still reads, and a
/// sheet's page is not counted as OCR'd.
#[test]
fn a_merged_region_far_past_the_cells_is_not_part_of_the_page() {
    let path = "tests/fixtures/fuzz/workbook-xlsx-merged-accent6.xlsx";
    let book = shenbao::sheet::read_workbook(std::fs::read(path).unwrap()).unwrap();
    let page = &book.pages[0];
    assert!(
        page.width < 100.0 * shenbao::sheet::COLUMN_PT,
        "{}",
        page.width
    );
    let settings = shenbao::extract::Settings::default();
    let r = shenbao::extract::extract_file(Path::new(path), path, &settings);
    assert_eq!(
        (
            r.report.error.as_deref(),
            r.report.forms,
            r.report.method.as_str()
        ),
        (None, 1, "sheet"),
        "{:?}",
        r.report
    );
    assert!(r.report.ocr_pages.is_empty(), "{:?}", r.report.ocr_pages);
}

/// Found by fuzzing: a sheet whose title line runs into its year with the
/// closing bracket lost (`…申报表(2024年度`). Checking for a year sliced
/// the first four bytes of the line, inside 政, and panicked; a PDF or a
/// scan with that line did the same.
#[test]
fn a_title_with_an_unclosed_year_bracket_reads() {
    let path = "tests/fixtures/fuzz/workbook-xlsx-title-year-unclosed.xlsx";
    let settings = shenbao::extract::Settings::default();
    let r = shenbao::extract::extract_file(Path::new(path), path, &settings);
    assert_eq!(r.report.error.as_deref(), None, "{:?}", r.report);
}

/// Found by fuzzing: a damaged .xls with text at both ends of its rows
/// (columns 0 and ~16,000). The page's lattice had 1.6 million segments,
/// and a variant ran out of memory at 2 GB; empty runs of columns and rows
/// are now shortened, so the page is a few hundred columns at most.
#[test]
fn a_sheet_with_cells_sixteen_thousand_columns_apart_reads() {
    let path = "tests/fixtures/fuzz/workbook-xls-cells-far-apart.xls";
    let book = shenbao::sheet::read_workbook(std::fs::read(path).unwrap()).unwrap();
    let segments: usize = book.pages.iter().map(|p| p.segments.len()).sum();
    assert!(segments < 200_000, "{segments} segments");
    let settings = shenbao::extract::Settings::default();
    let r = shenbao::extract::extract_file(Path::new(path), path, &settings);
    assert_eq!(r.report.error.as_deref(), None, "{:?}", r.report);
}
