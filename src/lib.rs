//! shenbao: 财政项目支出绩效目标申报表 PDFs → validated records.
//!
//! The pipeline, one module a stage (see ARCHITECTURE.md):
//! `pdf` (bytes → page IR) → `grid` (IR → tables) → `form` (tables → raw
//! forms) → `record` + `normalize` (raw forms → records) → `output` (files).
//! `extract` runs it for one file; `cli` is the command line.

pub mod batch;
pub mod cli;
pub mod diff;
pub mod extract;
pub mod form;
pub mod grid;
pub mod images;
pub mod ir;
pub mod lexicon;
pub mod normalize;
pub mod ocr;
pub mod output;
pub mod pdf;
pub mod record;
pub mod review;
pub mod sheet;
pub mod sources;
