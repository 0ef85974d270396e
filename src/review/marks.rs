//! What the review marks on each field: read by OCR, unsure, repaired, in a
//! broken sum, different from the checked version. Warnings are the
//! records' own text (schema v1), tied to fields by the names they cite.

use crate::diff::{DiffKind, Difference};
use crate::ir::Method;
use crate::record::{FORM_FIELDS, Record};
use crate::sources::FormSources;
use std::collections::BTreeMap;

/// A field of a record: a scalar field by its record name, or an
/// indicator's cell (`level1`, `level2`, `level3`, `target`) by its seq.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldKey {
    pub indicator: Option<u32>,
    pub field: String,
}

impl FieldKey {
    pub fn scalar(field: &str) -> FieldKey {
        FieldKey {
            indicator: None,
            field: field.to_string(),
        }
    }

    pub fn cell(seq: u32, field: &str) -> FieldKey {
        FieldKey {
            indicator: Some(seq),
            field: field.to_string(),
        }
    }

    /// An HTML id: letters, digits, `-` and `_` only.
    pub fn id(&self) -> String {
        match self.indicator {
            Some(n) => format!("i{n}-{}", self.field),
            None => self.field.clone(),
        }
    }

    pub fn label(&self) -> String {
        match self.indicator {
            Some(n) => format!("#{n} {}", self.field),
            None => self.field.clone(),
        }
    }
}

/// The fields a warning names, in the order it names them: record field
/// names (`annual_carryover`) and indicator cells (`indicator 3 level2`).
pub fn fields_named(warning: &str) -> Vec<FieldKey> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found: Vec<(usize, FieldKey)> = Vec::new();
    for name in FORM_FIELDS {
        for (at, _) in warning.match_indices(name) {
            let before = warning[..at].chars().next_back();
            let after = warning[at + name.len()..].chars().next();
            if !before.is_some_and(word) && !after.is_some_and(word) {
                found.push((at, FieldKey::scalar(name)));
            }
        }
    }
    for (at, _) in warning.match_indices("indicator ") {
        let rest = &warning[at + "indicator ".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(seq) = digits.parse::<u32>() else {
            continue;
        };
        let rest = rest[digits.len()..].trim_start();
        for cell in ["level1", "level2", "level3", "target"] {
            if rest.starts_with(cell) && !rest[cell.len()..].chars().next().is_some_and(word) {
                found.push((at, FieldKey::cell(seq, cell)));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, k)| k).collect()
}

/// One field's marks.
#[derive(Clone, Debug, Default)]
pub struct FieldMarks {
    pub ocr: bool,
    pub confidence: Option<f32>,
    pub low: bool,
    pub repairs: Vec<String>,
    pub sums: Vec<String>,
    /// (record field, checked value, extracted value).
    pub diffs: Vec<(String, String, String)>,
}

/// A form's marks.
#[derive(Clone, Debug, Default)]
pub struct FormMarks {
    pub fields: BTreeMap<FieldKey, FieldMarks>,
    /// Warnings that name no field (about the file or the page).
    pub general: Vec<String>,
    /// Checked rows with no extracted row, extracted rows not checked.
    pub row_diffs: Vec<Difference>,
    pub warnings: usize,
    pub repairs: usize,
    /// Broken sums and periods that end before they start.
    pub sum_warnings: usize,
    pub low_fields: usize,
    pub ocr_fields: usize,
    pub differences: usize,
}

impl FormMarks {
    /// How much this form needs a look, most telling first (compared in
    /// order): differences from the checked version, broken sums, unsure
    /// fields, then repairs and warnings (a glyph repair is routine).
    pub fn badness(&self) -> [usize; 4] {
        [
            self.differences,
            self.sum_warnings,
            self.low_fields,
            self.repairs + self.warnings,
        ]
    }
}

/// Marks a record's fields from its sources, warnings and differences.
pub fn assess(
    record: &Record,
    sources: Option<&FormSources>,
    diffs: &[Difference],
    low_confidence: f32,
) -> FormMarks {
    let mut m = FormMarks::default();
    if let Some(s) = sources {
        for f in &s.fields {
            let ocr_page = s.pages.iter().any(|p| {
                p.number == f.page
                    && (p.method == Method::Ocr
                        || (p.method == Method::Mixed && f.confidence < 1.0))
            });
            let e = m
                .fields
                .entry(FieldKey {
                    indicator: f.indicator,
                    field: f.field.clone(),
                })
                .or_default();
            e.ocr = ocr_page || f.confidence < 1.0;
            e.confidence = Some(f.confidence);
            e.low = f.confidence < low_confidence;
        }
    }
    for w in &record.warnings {
        let named = fields_named(w);
        m.warnings += 1;
        if w.starts_with("repaired") {
            m.repairs += 1;
            // A repair names the field it changed first (a vote then
            // names the sum it restored).
            match named.first() {
                Some(k) => m
                    .fields
                    .entry(k.clone())
                    .or_default()
                    .repairs
                    .push(w.clone()),
                None => m.general.push(w.clone()),
            }
        } else if w.starts_with("sum check") || w.starts_with("date check") {
            // A broken sum or a period ending before it starts: the form
            // contradicts itself, and each field in it is marked.
            m.sum_warnings += 1;
            for k in named {
                m.fields.entry(k).or_default().sums.push(w.clone());
            }
        } else if named.is_empty() {
            m.general.push(w.clone());
        }
    }
    for d in diffs {
        m.differences += 1;
        if d.kind != DiffKind::Field {
            m.row_diffs.push(d.clone());
            continue;
        }
        let key = match d.actual_indicator {
            Some(seq) => FieldKey::cell(
                seq,
                match d.field.as_str() {
                    f @ ("level1" | "level2" | "level3") => f,
                    _ => "target",
                },
            ),
            None => FieldKey::scalar(&d.field),
        };
        m.fields.entry(key).or_default().diffs.push((
            d.field.clone(),
            d.expected.clone(),
            d.actual.clone(),
        ));
    }
    m.low_fields = m.fields.values().filter(|f| f.low).count();
    m.ocr_fields = m.fields.values().filter(|f| f.ocr).count();
    // Every scalar has an entry, read or not, so the record table is whole.
    for f in FORM_FIELDS {
        m.fields.entry(FieldKey::scalar(f)).or_default();
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_name_their_fields_in_order() {
        let w = "repaired: annual_carryover read as 1203500.00 → 1208500.00 (one digit \
                 misread: the only value that makes annual_total = annual_appropriation + \
                 annual_carryover + annual_other hold; OCR)";
        let got: Vec<String> = fields_named(w).iter().map(FieldKey::id).collect();
        assert_eq!(
            got,
            [
                "annual_carryover",
                "annual_total",
                "annual_appropriation",
                "annual_carryover",
                "annual_other"
            ]
        );
        let w = "repaired glyph ⽬ (U+2F6C, Kangxi radical) → 目 (U+76EE) in indicator 12 level3, 1× (page 3)";
        assert_eq!(fields_named(w), [FieldKey::cell(12, "level3")]);
        // total_other is not `other`, and `page 2` is not a field.
        assert_eq!(
            fields_named("sum check: total_funds = 10.00 but total_fiscal + total_other = 9.00"),
            [
                FieldKey::scalar("total_funds"),
                FieldKey::scalar("total_fiscal"),
                FieldKey::scalar("total_other")
            ]
        );
        assert!(fields_named("page 2: the scan was turned 90° and was read upright").is_empty());
        assert!(fields_named("indicator 3 level3s").is_empty());
    }

    #[test]
    fn marks_follow_confidence_repairs_sums_and_differences() {
        use crate::ir::{Affine, BBox};
        use crate::sources::{FieldSource, PageSource};
        let src = FormSources {
            source_file: "a.pdf".into(),
            form_index: 0,
            path: String::new(),
            pages: vec![PageSource {
                number: 1,
                width: 595.0,
                height: 842.0,
                method: Method::Ocr,
                from_source: Affine::IDENTITY,
                tables: vec![],
            }],
            fields: vec![
                FieldSource {
                    field: "project_name".into(),
                    indicator: None,
                    page: 1,
                    bbox: Some(BBox::new(1.0, 1.0, 2.0, 2.0).into()),
                    confidence: 0.6,
                    text: "x".into(),
                    label: None,
                },
                FieldSource {
                    field: "target".into(),
                    indicator: Some(2),
                    page: 1,
                    bbox: Some(BBox::new(1.0, 1.0, 2.0, 2.0).into()),
                    confidence: 0.95,
                    text: "x".into(),
                    label: None,
                },
            ],
        };
        let record = Record {
            warnings: vec![
                "sum check: total_funds = 10.00 but total_fiscal + total_other = 9.00".into(),
                "repaired: indicator 2 target \"≥9O%\" → \"≥90%\" (digit look-alikes, OCR, page 1)"
                    .into(),
                "page 1: the scan was turned 90° and was read upright".into(),
                "date check: end_date 2023-03-31 is before start_date 2024-04-01".into(),
            ],
            ..Record::default()
        };
        let diff = Difference {
            source_file: "a.pdf".into(),
            form_index: Some(0),
            project_name: String::new(),
            kind: DiffKind::Field,
            field: "target_value".into(),
            indicator: Some(3),
            actual_indicator: Some(2),
            expected: "95".into(),
            actual: "90".into(),
            edit_distance: None,
        };
        let m = assess(&record, Some(&src), &[diff], 0.8);
        let name = &m.fields[&FieldKey::scalar("project_name")];
        assert!(name.ocr && name.low);
        let target = &m.fields[&FieldKey::cell(2, "target")];
        assert!(target.ocr && !target.low);
        assert_eq!(target.repairs.len(), 1);
        assert_eq!(target.diffs[0].1, "95");
        assert_eq!(m.fields[&FieldKey::scalar("total_other")].sums.len(), 1);
        assert_eq!(m.fields[&FieldKey::scalar("end_date")].sums.len(), 1);
        assert_eq!(m.general.len(), 1);
        assert_eq!(
            (m.repairs, m.sum_warnings, m.low_fields, m.differences),
            (1, 2, 1, 1)
        );
    }
}
