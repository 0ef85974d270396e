//! Hostile workbooks → `sheet::read_workbook` → page IR → grid → forms
//! must return, not panic, hang or allocate without bound.
//!
//! Byte 0 of the input picks how the rest is given:
//! - 0 mod 3: as the file itself (.xlsx/.ods zips, .xls/.et compound
//!   files): the containers' own checks are fuzzed;
//! - 1 mod 3: as one member of a small real .xlsx (byte 1 picks which:
//!   the sheet, styles, shared strings, workbook …), zipped here;
//! - 2 mod 3: the same for a real .ods (content.xml, styles.xml …).
//!
//! A zip's CRC would refuse almost every mutated member, so the XML
//! readers (calamine's and `sheet::ods`) are reached through the last two.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao::{form, grid, sheet};
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

static XLSX: &[u8] = include_bytes!("../templates/template.xlsx");
static ODS: &[u8] = include_bytes!("../templates/template.ods");

type Members = Vec<(String, Vec<u8>)>;

fuzz_target!(
    init: {
        // A panic inside calamine is a damaged file that read_workbook
        // catches and reports as such (the first one found is
        // tests/fixtures/fuzz/workbook-xls-sector-past-end.xls): let it
        // unwind to that guard, so fuzzing goes on into shenbao's own
        // code. Every other panic stays a finding.
        let fatal = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                fatal(info);
            }
        }));
    },
    |data: &[u8]| {
        let Some((&mode, body)) = data.split_first() else {
            return;
        };
        let file = match mode % 3 {
            0 => body.to_vec(),
            1 => {
                static M: OnceLock<Members> = OnceLock::new();
                with_member(M.get_or_init(|| unzip(XLSX)), body)
            }
            _ => {
                static M: OnceLock<Members> = OnceLock::new();
                with_member(M.get_or_init(|| unzip(ODS)), body)
            }
        };
        if let Ok(book) = sheet::read_workbook(file) {
            let layouts: Vec<_> = book
                .pages
                .iter()
                .map(|p| grid::layout_page(p, &Default::default()))
                .collect();
            let _ = form::recognize(&layouts, &Default::default());
        }
    }
);

fn unzip(bytes: &[u8]) -> Members {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("template is a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("template member");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("template member reads");
            (
                f.name().expect("template names are UTF-8").to_string(),
                data,
            )
        })
        .collect()
}

/// The template with the member `body[0]` picks replaced by `body[1..]`.
fn with_member(members: &Members, body: &[u8]) -> Vec<u8> {
    let Some((&pick, content)) = body.split_first() else {
        return Vec::new();
    };
    let pick = pick as usize % members.len();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (i, (name, data)) in members.iter().enumerate() {
        out.start_file(name.as_str(), stored).expect("zip entry");
        out.write_all(if i == pick { content } else { data })
            .expect("zip write");
    }
    out.finish().expect("zip finish").into_inner()
}
