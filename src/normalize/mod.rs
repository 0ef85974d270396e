//! Cell text → record values, exactly as RECORDS.md says: glyph repair,
//! whitespace, amounts, dates, indicator targets.
//!
//! Architecture invariant: pure functions on strings. Nothing here knows
//! about pages, cells or files; every repair is returned, never hidden.

pub mod amount;
pub mod confusion;
pub mod date;
pub mod garble;
pub mod glyph;
mod glyph_table;
pub mod ocr;
pub mod target;
pub mod text;
