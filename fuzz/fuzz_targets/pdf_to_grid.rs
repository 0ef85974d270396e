//! Any bytes → structure check → page IR → grid → forms must return, not
//! panic or hang. (Stack overflow and memory exhaustion are contained by the
//! batch's worker processes; libFuzzer reports them here so they can be
//! fixed at the source.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao::{form, grid, pdf};

fuzz_target!(|data: &[u8]| {
    let settings = pdf::PdfSettings::default();
    if let Ok(doc) = pdf::read_document(data.to_vec(), "", &settings) {
        let layouts: Vec<_> = doc.pages.iter().map(|p| grid::layout_page(p, &Default::default())).collect();
        let _ = form::recognize(&layouts, &Default::default());
    }
});
