//! The output contract (schema v2, `shared/schema/RECORDS.md`): one record
//! per form, one indicator per row, and how a raw form becomes one.

use crate::form::{RawForm, Sourced, values};
use crate::normalize::amount::{Amount, AmountUnit};
use crate::normalize::{date, garble, glyph, ocr, target, text};
use serde::{Deserialize, Serialize};

/// The schema version the outputs follow (report.json says it).
pub const SCHEMA_VERSION: u32 = 2;

/// Scalar fields in schema order: the columns of `projects.csv`.
pub const SCALAR_FIELDS: [&str; 27] = [
    "source_file",
    "source_sha256",
    "form_index",
    "pages",
    "method",
    "year",
    "project_name",
    "project_nature",
    "project_category",
    "department",
    "implementing_unit",
    "start_date",
    "end_date",
    "amount_unit",
    "total_funds",
    "total_fiscal",
    "total_other",
    "annual_total",
    "annual_appropriation",
    "annual_carryover",
    "annual_other",
    "overall_goal",
    "annual_goal",
    "form_title",
    "department_code",
    "project_attribute",
    "extra_fields",
];

/// The scalar fields schema v2 appended: a v1 file has none of them.
pub const V2_SCALAR_FIELDS: [&str; 4] = [
    "form_title",
    "department_code",
    "project_attribute",
    "extra_fields",
];

/// The scalar fields read from the form (the five before them say where the
/// record came from).
pub const FORM_FIELDS: &[&str] = SCALAR_FIELDS.split_at(5).1;

/// Columns of `indicators.csv`.
pub const INDICATOR_COLUMNS: [&str; 16] = [
    "source_file",
    "source_sha256",
    "form_index",
    "project_name",
    "seq",
    "level1",
    "level2",
    "level3",
    "target_raw",
    "comparator",
    "target_value",
    "target_unit",
    "scope",
    "note",
    "core",
    "extra",
];

/// The indicator fields schema v2 appended.
pub const V2_INDICATOR_FIELDS: [&str; 4] = ["scope", "note", "core", "extra"];

pub const AMOUNT_FIELDS: [&str; 7] = [
    "total_funds",
    "total_fiscal",
    "total_other",
    "annual_total",
    "annual_appropriation",
    "annual_carryover",
    "annual_other",
];

/// A labelled value the schema has no field for (`extra_fields`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraField {
    pub label: String,
    pub value: String,
}

/// An indicator's columns the schema has no field for, `{header: text}` in
/// the form's column order (a JSON object; a map type would sort the keys).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra(pub Vec<(String, String)>);

impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Extra;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of column header to cell text")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Extra, M::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(Extra(out))
            }
        }
        d.deserialize_map(Entries)
    }
}

/// Compact JSON, as the CSVs and Parquet files hold `extra_fields` / `extra`.
pub fn compact_json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("plain strings serialise")
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub seq: u32,
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub target_raw: String,
    pub comparator: String,
    pub target_value: String,
    pub target_unit: String,
    /// `annual` or `overall` (v2; a v1 file leaves it empty).
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub core: bool,
    #[serde(default)]
    pub extra: Extra,
}

impl Indicator {
    /// A column of indicators.csv after the four that key its record.
    pub fn column(&self, field: &str) -> String {
        match field {
            "seq" => self.seq.to_string(),
            "level1" => self.level1.clone(),
            "level2" => self.level2.clone(),
            "level3" => self.level3.clone(),
            "target_raw" => self.target_raw.clone(),
            "comparator" => self.comparator.clone(),
            "target_value" => self.target_value.clone(),
            "target_unit" => self.target_unit.clone(),
            "scope" => self.scope.clone(),
            "note" => self.note.clone(),
            "core" => self.core.to_string(),
            "extra" => compact_json(&self.extra),
            other => panic!("not an indicator field: {other}"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub source_file: String,
    #[serde(default)]
    pub source_sha256: String,
    pub form_index: u32,
    #[serde(default)]
    pub pages: Vec<u32>,
    #[serde(default)]
    pub method: String,
    pub year: Option<i32>,
    pub project_name: String,
    pub project_nature: String,
    pub project_category: String,
    pub department: String,
    pub implementing_unit: String,
    pub start_date: String,
    pub end_date: String,
    pub amount_unit: String,
    pub total_funds: String,
    pub total_fiscal: String,
    pub total_other: String,
    pub annual_total: String,
    pub annual_appropriation: String,
    pub annual_carryover: String,
    pub annual_other: String,
    pub overall_goal: String,
    pub annual_goal: String,
    #[serde(default)]
    pub form_title: String,
    #[serde(default)]
    pub department_code: String,
    #[serde(default)]
    pub project_attribute: String,
    #[serde(default)]
    pub extra_fields: Vec<ExtraField>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl Record {
    /// A scalar field as its CSV cell.
    pub fn scalar(&self, field: &str) -> String {
        match field {
            "source_file" => self.source_file.clone(),
            "source_sha256" => self.source_sha256.clone(),
            "form_index" => self.form_index.to_string(),
            "pages" => pages_to_csv(&self.pages),
            "method" => self.method.clone(),
            "year" => self.year.map(|y| y.to_string()).unwrap_or_default(),
            "project_name" => self.project_name.clone(),
            "project_nature" => self.project_nature.clone(),
            "project_category" => self.project_category.clone(),
            "department" => self.department.clone(),
            "implementing_unit" => self.implementing_unit.clone(),
            "start_date" => self.start_date.clone(),
            "end_date" => self.end_date.clone(),
            "amount_unit" => self.amount_unit.clone(),
            "total_funds" => self.total_funds.clone(),
            "total_fiscal" => self.total_fiscal.clone(),
            "total_other" => self.total_other.clone(),
            "annual_total" => self.annual_total.clone(),
            "annual_appropriation" => self.annual_appropriation.clone(),
            "annual_carryover" => self.annual_carryover.clone(),
            "annual_other" => self.annual_other.clone(),
            "overall_goal" => self.overall_goal.clone(),
            "annual_goal" => self.annual_goal.clone(),
            "form_title" => self.form_title.clone(),
            "department_code" => self.department_code.clone(),
            "project_attribute" => self.project_attribute.clone(),
            "extra_fields" => compact_json(&self.extra_fields),
            other => panic!("not a scalar field: {other}"),
        }
    }

    fn text_slot(&mut self, field: &str) -> &mut String {
        match field {
            "project_name" => &mut self.project_name,
            "project_nature" => &mut self.project_nature,
            "project_category" => &mut self.project_category,
            "department" => &mut self.department,
            "implementing_unit" => &mut self.implementing_unit,
            "start_date" => &mut self.start_date,
            "end_date" => &mut self.end_date,
            "total_funds" => &mut self.total_funds,
            "total_fiscal" => &mut self.total_fiscal,
            "total_other" => &mut self.total_other,
            "annual_total" => &mut self.annual_total,
            "annual_appropriation" => &mut self.annual_appropriation,
            "annual_carryover" => &mut self.annual_carryover,
            "annual_other" => &mut self.annual_other,
            "overall_goal" => &mut self.overall_goal,
            "annual_goal" => &mut self.annual_goal,
            "form_title" => &mut self.form_title,
            "department_code" => &mut self.department_code,
            "project_attribute" => &mut self.project_attribute,
            other => panic!("not a text field: {other}"),
        }
    }
}

/// `[3, 4]` → `3-4`; `[3]` → `3`; gaps → `3,5`.
pub fn pages_to_csv(pages: &[u32]) -> String {
    match pages {
        [] => String::new(),
        [p] => p.to_string(),
        [first, .., last] if pages.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("{first}-{last}")
        }
        _ => pages
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// Inverse of `pages_to_csv`; `None` when the cell is not a page list.
pub fn pages_from_csv(cell: &str) -> Option<Vec<u32>> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Some(vec![]);
    }
    let mut out = Vec::new();
    for part in cell.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
                if b < a {
                    return None;
                }
                out.extend(a..=b);
            }
            None => out.push(part.trim().parse().ok()?),
        }
    }
    Some(out)
}

/// Where a record came from (the fields only a file gives).
pub struct Origin<'a> {
    pub source_file: &'a str,
    pub source_sha256: &'a str,
    pub form_index: u32,
    pub method: &'a str,
}

/// Normalises a raw form into a record. Values that cannot be read are left
/// empty and said in `warnings`; no value is ever made up.
pub fn build_record(raw: &RawForm, origin: &Origin<'_>) -> Record {
    let mut r = Record {
        source_file: origin.source_file.to_string(),
        source_sha256: origin.source_sha256.to_string(),
        form_index: origin.form_index,
        pages: raw.pages.clone(),
        method: origin.method.to_string(),
        ..Record::default()
    };
    let mut n = Normaliser {
        warnings: raw.notes.clone(),
    };
    read_title_and_year(raw, &mut r, &mut n);
    read_texts(raw, &mut r, &mut n);
    read_dates(raw, &mut r, &mut n);
    read_amounts(raw, &mut r, &mut n);
    read_extra_fields(raw, &mut r, &mut n);
    r.indicators = read_indicators(raw, &mut n);
    if r.indicators.is_empty() {
        n.warnings.push("no indicator rows found".into());
    }
    r.warnings = n.warnings;
    r
}

/// The repairs normalisation makes, each logged.
struct Normaliser {
    warnings: Vec<String>,
}

impl Normaliser {
    /// Broken glyphs (Kangxi radicals …) → the ideographs they stand for.
    fn repaired(&mut self, s: &Sourced, field: &str) -> String {
        let (fixed, repairs) = glyph::repair_glyphs(&s.text);
        self.warnings.extend(
            repairs
                .iter()
                .map(|rep| format!("{} (page {})", rep.describe(field), s.page)),
        );
        fixed
    }

    /// Broken glyphs of OCR'd words (贝才政 → 财政), against the lexicon; a
    /// text layer says exactly what was printed and is never touched.
    fn unbroken(&mut self, s: &Sourced, t: String, field: &str) -> String {
        // An empty cell's `Sourced` is a default (confidence 0), not OCR:
        // nothing to repair, and no reason to load the lexicon (a text-layer
        // run never should: it costs ~60 ms a process).
        if s.confidence >= 1.0 || t.is_empty() {
            return t;
        }
        let confidences = (!s.char_confidences.is_empty()).then_some(&s.char_confidences[..]);
        let (fixed, repairs) = garble::repair(&t, confidences);
        self.warnings.extend(
            repairs
                .iter()
                .map(|rep| format!("{} (page {})", rep.describe(field), s.page)),
        );
        fixed
    }

    /// What OCR flattens, put back by what the field must look like; only for
    /// text an engine read (a text layer says exactly what was printed).
    fn ocr_fixed(
        &mut self,
        s: &Sourced,
        text: String,
        field: &str,
        fix: &dyn Fn(&str) -> String,
        why: &str,
    ) -> String {
        if s.confidence >= 1.0 {
            return text;
        }
        let fixed = fix(&text);
        if fixed != text {
            self.warnings.push(format!(
                "repaired: {field} {:?} → {:?} ({why}, OCR, page {})",
                text::squash(&text),
                text::squash(&fixed),
                s.page
            ));
        }
        fixed
    }

    /// A date's or an amount's cell, as printed (digit look-alikes fixed for OCR).
    fn number_text(&mut self, s: &Sourced, field: &str) -> String {
        let t = self.repaired(s, field);
        let t = self.ocr_fixed(s, t, field, &ocr::number_shape, "digit look-alikes");
        text::squash(&t)
    }

    /// Prose: glyphs repaired, OCR punctuation and specks fixed, the
    /// whitespace rule applied.
    fn prose(&mut self, s: &Sourced, field: &str) -> String {
        let t = self.repaired(s, field);
        let t = self.unbroken(s, t, field);
        let t = self.ocr_fixed(
            s,
            t,
            field,
            &|t| ocr::final_stop(&ocr::specks(&ocr::punctuation(t, true))),
            "punctuation and specks",
        );
        text::clean_text(&t)
    }
}

/// form_title and year: (2023年度).
fn read_title_and_year(raw: &RawForm, r: &mut Record, n: &mut Normaliser) {
    if let Some(s) = &raw.title {
        let t = n.repaired(s, "form_title");
        let t = n.unbroken(s, t, "form_title");
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        // A year line printed on the title's own line is not the title.
        let t = match t.rfind(['(', '（']) {
            Some(at) if t[at..].contains("年度") => t[..at].to_string(),
            _ => t,
        };
        r.form_title = t;
    }
    match &raw.year {
        Some(y) => {
            let digits: String = n
                .repaired(y, "year")
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            r.year = digits.get(..4).and_then(|d| d.parse().ok());
        }
        None => n
            .warnings
            .push("no (YYYY年度) line found: year left empty".into()),
    }
}

/// The text fields, the department's code and the ticked 项目属性.
fn read_texts(raw: &RawForm, r: &mut Record, n: &mut Normaliser) {
    let text_fields = [
        "project_name",
        "project_nature",
        "project_category",
        "department",
        "implementing_unit",
        "overall_goal",
        "annual_goal",
    ];
    for field in text_fields {
        match raw.fields.get(field) {
            Some(s) => *r.text_slot(field) = n.prose(s, field),
            None => n.warnings.push(format!("no {field} label found")),
        }
    }
    // `[173]中国科学院`: the code printed with the department.
    let (department, code) = values::split_department_code(&r.department);
    if !code.is_empty() {
        r.department = department;
        r.department_code = code;
    }
    if let Some(s) = raw.fields.get("department_code") {
        let code = n.number_text(s, "department_code");
        if !r.department_code.is_empty() && r.department_code != code {
            n.warnings.push(format!(
                "department_code: {code:?} in its own cell but {:?} with the department; kept the first",
                r.department_code
            ));
        } else {
            r.department_code = code;
        }
    }
    if let Some(s) = raw.fields.get("project_attribute") {
        let t = n.repaired(s, "project_attribute");
        match values::chosen_option(&t) {
            Ok(v) => r.project_attribute = v.unwrap_or_default(),
            Err(why) => n.warnings.push(format!(
                "project_attribute: {why} (page {}); left empty",
                s.page
            )),
        }
    }
}

/// start_date, end_date: two cells, or one period cell (项目起止时间);
/// dates printed to the month run from its first to its last day.
fn read_dates(raw: &RawForm, r: &mut Record, n: &mut Normaliser) {
    let period = raw.fields.get("period");
    if let Some(s) = period {
        let printed = n.number_text(s, "period");
        if !printed.is_empty() {
            match date::parse_period(&printed) {
                Some((a, b)) => (r.start_date, r.end_date) = (a, b),
                None => n.warnings.push(format!(
                    "start_date, end_date: {printed:?} is not a period (page {}); left empty",
                    s.page
                )),
            }
        }
    }
    for (field, end) in [("start_date", false), ("end_date", true)] {
        let Some(s) = raw.fields.get(field) else {
            if period.is_none() {
                n.warnings.push(format!("no {field} label found"));
            }
            continue;
        };
        let printed = n.number_text(s, field);
        if printed.is_empty() {
            continue;
        }
        let printed = n.ocr_fixed(s, printed, field, &date::date_core, "marks around the date");
        match date::parse_date_or_month(&printed, end) {
            Some(iso) => *r.text_slot(field) = iso,
            None => n.warnings.push(format!(
                "{field}: {printed:?} is not a date (page {}); left empty",
                s.page
            )),
        }
    }
    // A period that ends before it starts is a misread digit (2025 read as
    // 2023) or a misprint: which date is wrong nothing on the form says, so
    // both are kept and the analyst told.
    if !r.start_date.is_empty() && !r.end_date.is_empty() && r.end_date < r.start_date {
        n.warnings.push(format!(
            "date check: end_date {} is before start_date {}",
            r.end_date, r.start_date
        ));
    }
}

/// The amount unit, the seven amounts, and the two sums.
fn read_amounts(raw: &RawForm, r: &mut Record, n: &mut Normaliser) {
    // The unit: from 项目资金（元）/（万元）, else from a 单位：万元 line above
    // the table. Never guessed: 元 read as 万元 is off by ten thousand.
    let declared = |s: &Sourced| {
        let k = crate::form::labels::key(&s.text);
        let k = k.rsplit("单位:").next().unwrap_or(&k).to_string();
        if k.contains("万元") {
            Some(AmountUnit::WanYuan)
        } else if k.contains('元') {
            Some(AmountUnit::Yuan)
        } else {
            None
        }
    };
    let unit = raw
        .funds_label
        .as_ref()
        .and_then(declared)
        .or_else(|| raw.unit_note.as_ref().and_then(declared));
    if unit.is_none() && raw.fields.keys().any(|f| AMOUNT_FIELDS.contains(f)) {
        n.warnings.push(
            "no amount unit declared (项目资金（元）/（万元） or 单位：万元): amounts left empty"
                .into(),
        );
    }
    r.amount_unit = unit.map(|u| u.label().to_string()).unwrap_or_default();

    let mut amounts: [Option<Amount>; 7] = [None; 7];
    // What OCR read where no amount parses, for the sums to settle.
    let mut unread: [Option<String>; 7] = Default::default();
    for (i, field) in AMOUNT_FIELDS.iter().enumerate() {
        let Some(s) = raw.fields.get(field) else {
            n.warnings.push(format!("no {field} label found"));
            continue;
        };
        let printed = n.number_text(s, field);
        if printed.is_empty() {
            continue;
        }
        let printed = n.ocr_fixed(
            s,
            printed,
            field,
            &ocr::number_core,
            "specks around the number",
        );
        let Some(unit) = unit else {
            n.warnings.push(format!(
                "{field}: {printed:?} but no 项目资金 unit label; left empty"
            ));
            continue;
        };
        match Amount::parse(&printed, unit) {
            Ok(a) => {
                amounts[i] = Some(a);
                *r.text_slot(field) = a.to_string();
            }
            Err(e) => {
                if s.confidence < 1.0 {
                    unread[i] = Some(printed.clone());
                }
                n.warnings.push(format!(
                    "{field}: {printed:?} is not an amount ({e}, page {}); left empty",
                    s.page
                ))
            }
        }
    }
    // An OCR'd amount that does not parse (a glyph read as two: `118.3560.,000.00`)
    // is settled by a sum whose other terms were all read, when the value the
    // sum implies is its digits with one digit added, dropped or changed.
    if let Some(unit) = unit {
        for (total, parts) in SUMS {
            if let Some((i, fixed)) = fill_from_sum(&amounts, &unread, total, parts, unit) {
                n.warnings.push(format!(
                    "repaired: {} read as {:?} → {fixed} (one digit misread: the only value \
                     that makes {} = {} hold; OCR)",
                    AMOUNT_FIELDS[i],
                    unread[i].as_deref().unwrap_or_default(),
                    AMOUNT_FIELDS[total],
                    parts
                        .iter()
                        .map(|&p| AMOUNT_FIELDS[p])
                        .collect::<Vec<_>>()
                        .join(" + ")
                ));
                amounts[i] = Some(fixed);
                *r.text_slot(AMOUNT_FIELDS[i]) = fixed.to_string();
            }
        }
    }
    // OCR'd amounts that break a sum by one misread digit are corrected by
    // it (and logged); a text layer's numbers are never changed.
    let confidence: [f32; 7] = std::array::from_fn(|i| {
        raw.fields
            .get(AMOUNT_FIELDS[i])
            .map_or(1.0, |s| s.confidence)
    });
    for (total, parts) in SUMS {
        if let Some((i, fixed)) = vote_sum(&amounts, total, parts, &confidence) {
            n.warnings.push(format!(
                "repaired: {} read as {} → {fixed} (one digit misread: the only value \
                 that makes {} = {} hold; OCR)",
                AMOUNT_FIELDS[i],
                amounts[i].expect("voted on a read amount"),
                AMOUNT_FIELDS[total],
                parts
                    .iter()
                    .map(|&p| AMOUNT_FIELDS[p])
                    .collect::<Vec<_>>()
                    .join(" + ")
            ));
            amounts[i] = Some(fixed);
            *r.text_slot(AMOUNT_FIELDS[i]) = fixed.to_string();
        }
    }
    for (total, parts) in SUMS {
        check_sum(&amounts, total, parts, &mut n.warnings);
    }
}

/// Labelled values with no field: label without its colon, value as text
/// (an amount stays as printed).
fn read_extra_fields(raw: &RawForm, r: &mut Record, n: &mut Normaliser) {
    r.extra_fields = raw
        .extra_fields
        .iter()
        .map(|e| {
            let label = text::squash(&n.repaired(
                &Sourced {
                    text: e.label.clone(),
                    ..e.value.clone()
                },
                "extra_fields label",
            ));
            let name = format!("extra_fields {label}");
            ExtraField {
                value: n.prose(&e.value, &name),
                label: label.trim_end_matches(['：', ':']).to_string(),
            }
        })
        .collect();
}

/// The indicator rows: levels squashed, level3 as prose (a leading ★ marks a
/// core indicator), the target parsed, the unit from a 计量单位 column when
/// the form has one.
fn read_indicators(raw: &RawForm, n: &mut Normaliser) -> Vec<Indicator> {
    let target_marks = |t: &str| {
        ocr::closing_bracket(&ocr::percent_misread(
            &ocr::percent_sign(&ocr::specks(&ocr::punctuation(t, false))),
            false,
        ))
    };
    let unit_marks = |t: &str| ocr::percent_misread(t, true);
    raw.indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let seq = i as u32 + 1;
            let mut level = |s: &Sourced, name: &str| {
                let name = format!("indicator {seq} {name}");
                let t = n.repaired(s, &name);
                text::squash(&n.unbroken(s, t, &name))
            };
            let level1 = level(&ind.level1, "level1");
            let level2 = level(&ind.level2, "level2");
            let level3 = n.prose(&ind.level3, &format!("indicator {seq} level3"));
            let (core, level3) = match level3.strip_prefix('★') {
                Some(rest) => (true, rest.trim_start().to_string()),
                None => (false, level3),
            };
            let name = format!("indicator {seq} target");
            let t = n.repaired(&ind.target, &name);
            let t = n.unbroken(&ind.target, t, &name);
            let t = n.ocr_fixed(
                &ind.target,
                t,
                &name,
                &target_marks,
                "punctuation and specks",
            );
            let target_raw = text::squash(&t);
            let mut t = target::parse_target(&target_raw);
            if let Some(u) = &ind.unit {
                // The unit printed in its own column: the target cell gives
                // comparator and number only.
                let name = format!("indicator {seq} unit");
                let unit = n.repaired(u, &name);
                let unit = n.ocr_fixed(u, unit, &name, &unit_marks, "% read as circles");
                let unit = text::squash(&unit);
                if !t.value.is_empty() && t.unit.is_empty() {
                    t.unit = unit;
                }
            }
            let note = n.prose(&ind.note, &format!("indicator {seq} note"));
            let extra = Extra(
                ind.extra
                    .iter()
                    .map(|(h, s)| (h.clone(), n.prose(s, &format!("indicator {seq} {h}"))))
                    .collect(),
            );
            Indicator {
                seq,
                level1,
                level2,
                level3,
                target_raw,
                comparator: t.comparator,
                target_value: t.value,
                target_unit: t.unit,
                scope: ind.scope.as_str().to_string(),
                note,
                core,
                extra,
            }
        })
        .collect()
}

/// The form's two sums, as indices into `AMOUNT_FIELDS`: total_funds =
/// total_fiscal + total_other, annual_total = appropriation + carryover +
/// other.
const SUMS: [(usize, &[usize]); 2] = [(0, &[1, 2]), (3, &[4, 5, 6])];

/// When every term of `total = sum(parts)` was read, the sum fails, and an
/// OCR'd term (confidence < 1) can be replaced by the value the others
/// imply with a single digit changed (same number of digits), that term and
/// its corrected value. A misread digit usually fits two terms (the total
/// and the part it was in); the one the engine was clearly less sure of is
/// taken, else nothing is changed and the sum check warns.
fn vote_sum(
    a: &[Option<Amount>; 7],
    total: usize,
    parts: &[usize],
    confidence: &[f32; 7],
) -> Option<(usize, Amount)> {
    let ocr = confidence.map(|c| c < 1.0);
    let t = a[total]?;
    let vals: Vec<Amount> = parts.iter().map(|&p| a[p]).collect::<Option<_>>()?;
    let sum = vals.iter().fold(Amount(0), |acc, &x| acc + x);
    if sum == t {
        return None;
    }
    let one_digit = |read: Amount, implied: Amount| {
        let (x, y) = (read.0.to_string(), implied.0.to_string());
        implied.0 >= 0
            && x.len() == y.len()
            && x.chars().zip(y.chars()).filter(|(p, q)| p != q).count() == 1
    };
    let mut candidates = Vec::new();
    if ocr[total] && one_digit(t, sum) {
        candidates.push((total, sum));
    }
    for (k, &p) in parts.iter().enumerate() {
        let others = vals
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .fold(Amount(0), |acc, (_, &x)| acc + x);
        let implied = Amount(t.0 - others.0);
        if ocr[p] && one_digit(vals[k], implied) {
            candidates.push((p, implied));
        }
    }
    candidates.sort_by(|x, y| confidence[x.0].total_cmp(&confidence[y.0]));
    match candidates[..] {
        [one] => Some(one),
        [first, second, ..] if confidence[first.0] + 0.05 <= confidence[second.0] => Some(first),
        _ => None,
    }
}

/// The term of `total = sum(parts)` that OCR read but that did not parse,
/// and the value the sum implies for it, when every other term was read and
/// the implied value's digits are the read ones with at most one digit
/// added, dropped or changed (decimals as many as the reading shows).
fn fill_from_sum(
    a: &[Option<Amount>; 7],
    unread: &[Option<String>; 7],
    total: usize,
    parts: &[usize],
    unit: AmountUnit,
) -> Option<(usize, Amount)> {
    let terms: Vec<usize> = std::iter::once(total)
        .chain(parts.iter().copied())
        .collect();
    let [missing] = terms
        .iter()
        .copied()
        .filter(|&t| a[t].is_none())
        .collect::<Vec<_>>()[..]
    else {
        return None;
    };
    let read = unread[missing].as_deref()?;
    let parts_sum = |skip: usize| {
        parts
            .iter()
            .filter(|&&p| p != skip)
            .fold(Amount(0), |acc, &p| {
                acc + a[p].expect("all other terms read")
            })
    };
    let implied = if missing == total {
        parts_sum(total)
    } else {
        Amount(a[total]?.0 - parts_sum(missing).0)
    };
    // Decimals: the last group when it is one or two digits (`.00`).
    let last = read
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap_or("");
    let frac = if read.len() > last.len() && (1..=2).contains(&last.len()) {
        last.len() as u32
    } else {
        0
    };
    let want = implied.printed_digits(unit, frac)?;
    let got: String = read.chars().filter(char::is_ascii_digit).collect();
    (want.len() >= 3 && within_one_edit(got.as_bytes(), want.as_bytes()))
        .then_some((missing, implied))
}

/// Whether `a` becomes `b` by at most one insertion, deletion or substitution.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    if short.len() == long.len() {
        return short.iter().zip(long).filter(|(x, y)| x != y).count() <= 1;
    }
    let head = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    short[head..] == long[head + 1..]
}

/// total = sum of parts, when every one of them was read. A broken sum is
/// reported, never corrected.
fn check_sum(a: &[Option<Amount>; 7], total: usize, parts: &[usize], warnings: &mut Vec<String>) {
    let Some(t) = a[total] else { return };
    let Some(sum) = parts
        .iter()
        .map(|&p| a[p])
        .try_fold(Amount(0), |acc, x| x.map(|x| acc + x))
    else {
        return;
    };
    if sum != t {
        let names: Vec<&str> = parts.iter().map(|&p| AMOUNT_FIELDS[p]).collect();
        warnings.push(format!(
            "sum check: {} = {t} but {} = {sum}",
            AMOUNT_FIELDS[total],
            names.join(" + ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_misread_digit_is_voted_back_by_the_sum() {
        // annual 9803500.00 = 8600000.00 + carryover + 0 (amounts in 分).
        let annual = |carryover: i128| {
            let a = |v: i128| Some(Amount(v));
            [
                None,
                None,
                None,
                a(980350000),
                a(860000000),
                a(carryover),
                a(0),
            ]
        };
        let all_ocr = [0.9; 7];
        // Carryover read 1208500.00, less surely than the total.
        let amounts = annual(120850000);
        let mut unsure = all_ocr;
        unsure[5] = 0.6;
        assert_eq!(
            vote_sum(&amounts, 3, &[4, 5, 6], &unsure),
            Some((5, Amount(120350000)))
        );
        // Equally sure: the total could be the misread one; nothing changes.
        assert_eq!(vote_sum(&amounts, 3, &[4, 5, 6], &all_ocr), None);
        // A text layer's numbers are never changed.
        assert_eq!(vote_sum(&amounts, 3, &[4, 5, 6], &[1.0; 7]), None);
        // Two digits off: not a misread digit, left to the sum check's warning.
        let amounts = annual(129850000);
        assert_eq!(vote_sum(&amounts, 3, &[4, 5, 6], &all_ocr), None);
        // Consistent: nothing to do.
        let amounts = [
            Some(Amount(100)),
            Some(Amount(60)),
            Some(Amount(40)),
            None,
            None,
            None,
            None,
        ];
        assert_eq!(vote_sum(&amounts, 0, &[1, 2], &all_ocr), None);
    }

    #[test]
    fn an_unparsed_amount_is_settled_by_its_sum_within_one_digit() {
        // total_funds = total_fiscal + total_other, one of them read as `read`.
        let fill = |terms: [Option<i128>; 3], at: usize, read: &str, unit| {
            let amounts =
                [terms[0], terms[1], terms[2], None, None, None, None].map(|v| v.map(Amount));
            let mut unread: [Option<String>; 7] = Default::default();
            unread[at] = (!read.is_empty()).then(|| read.to_string());
            fill_from_sum(&amounts, &unread, 0, &[1, 2], unit)
        };
        let parts = [None, Some(11_656_000_000), Some(200_000_000)];
        // 118.3560.,000.00 (a 5 read as 35) = 116,560,000 + 2,000,000.
        assert_eq!(
            fill(parts, 0, "118.3560.,000.00", AmountUnit::Yuan),
            Some((0, Amount(11_856_000_000)))
        );
        // A part, in 万元: 11856 = x + 2000, x = 9856 read as 965,6.00.
        assert_eq!(
            fill(
                [Some(11_856_000_000), None, Some(2_000_000_000)],
                1,
                "965,6.00",
                AmountUnit::WanYuan
            ),
            Some((1, Amount(9_856_000_000)))
        );
        // Two digits off: left empty.
        assert_eq!(fill(parts, 0, "113.3560.,000.00", AmountUnit::Yuan), None);
        // Another term missing too, or nothing read: nothing implied.
        let two_missing = [None, Some(11_656_000_000), None];
        assert_eq!(
            fill(two_missing, 0, "118.3560.,000.00", AmountUnit::Yuan),
            None
        );
        assert_eq!(fill(parts, 0, "", AmountUnit::Yuan), None);
        assert!(within_one_edit(b"123", b"1234") && within_one_edit(b"1x3", b"123"));
        assert!(!within_one_edit(b"1243", b"1234") && !within_one_edit(b"12", b"1234"));
    }

    #[test]
    fn pages_round_trip() {
        for (v, s) in [
            (vec![], ""),
            (vec![3], "3"),
            (vec![3, 4, 5], "3-5"),
            (vec![1, 3], "1,3"),
        ] {
            assert_eq!(pages_to_csv(&v), s);
            assert_eq!(pages_from_csv(s), Some(v));
        }
        assert_eq!(pages_from_csv("x"), None);
        assert_eq!(pages_from_csv("5-3"), None);
    }

    fn src(t: &str) -> Sourced {
        Sourced {
            text: t.into(),
            page: 1,
            ..Default::default()
        }
    }

    #[test]
    fn raw_form_normalises_and_warns() {
        let mut raw = RawForm {
            pages: vec![1, 2],
            year: Some(src("（2023年度）")),
            ..Default::default()
        };
        raw.funds_label = Some(src("项目资金\n（万元）"));
        for (f, t) in [
            ("project_name", "⻓三角数据\n共享项⽬"),
            ("start_date", "2023/1/1"),
            ("end_date", "2023年13月1日"),
            ("total_funds", "1,250.50"),
            ("total_fiscal", "1,000.00"),
            ("total_other", "250.5"),
            ("annual_total", "100"),
            ("annual_appropriation", "80"),
            ("annual_carryover", "10"),
            ("annual_other", "0"),
        ] {
            raw.fields.insert(f, src(t));
        }
        let origin = Origin {
            source_file: "a.pdf",
            source_sha256: "00",
            form_index: 0,
            method: "text",
        };
        let r = build_record(&raw, &origin);
        assert_eq!(r.year, Some(2023));
        assert_eq!(r.project_name, "长三角数据共享项目");
        assert_eq!(r.amount_unit, "万元");
        assert_eq!(r.total_funds, "12505000.00");
        assert_eq!(r.total_other, "2505000.00");
        assert_eq!(r.start_date, "2023-01-01");
        assert_eq!(r.end_date, "");
        assert!(r.warnings.iter().any(|w| w.contains("U+2ED3")));
        assert!(r.warnings.iter().any(|w| w.starts_with("end_date")));
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("annual_total = 1000000.00 but"))
        );
        assert!(
            !r.warnings.iter().any(|w| w.contains("total_funds =")),
            "{:?}",
            r.warnings
        );
    }

    #[test]
    fn an_ocr_title_has_its_doubted_glyph_repaired_and_a_text_layer_title_not() {
        let origin = Origin {
            source_file: "a.pdf",
            source_sha256: "00",
            form_index: 0,
            method: "ocr",
        };
        let text = "财政 项 目 文 出 绩效 目标 申报 表";
        let mut conf: Vec<f32> = text
            .chars()
            .map(|c| if c == ' ' { 1.0 } else { 0.99 })
            .collect();
        conf[7] = 0.8;
        let title = |confidence: f32| RawForm {
            title: Some(Sourced {
                text: text.into(),
                page: 1,
                confidence,
                char_confidences: conf.clone(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let r = build_record(&title(0.78), &origin);
        assert_eq!(r.form_title, "财政项目支出绩效目标申报表");
        assert!(
            r.warnings
                .iter()
                .any(|w| w.starts_with("repaired: form_title"))
        );
        let r = build_record(&title(1.0), &origin);
        assert_eq!(r.form_title, "财政项目文出绩效目标申报表");
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_kept_and_warned() {
        let origin = Origin {
            source_file: "a.pdf",
            source_sha256: "00",
            form_index: 0,
            method: "ocr",
        };
        let record = |end: &str| {
            let mut raw = RawForm::default();
            raw.fields.insert("start_date", src("2024-04-01"));
            raw.fields.insert("end_date", src(end));
            build_record(&raw, &origin)
        };
        let r = record("2023-03-31");
        assert_eq!(
            (r.start_date.as_str(), r.end_date.as_str()),
            ("2024-04-01", "2023-03-31")
        );
        assert!(
            r.warnings
                .iter()
                .any(|w| w == "date check: end_date 2023-03-31 is before start_date 2024-04-01")
        );
        let r = record("2025-03-31");
        assert!(!r.warnings.iter().any(|w| w.starts_with("date check")));
    }

    #[test]
    fn v2_fields_are_read_from_the_raw_form() {
        use crate::form::{RawExtra, RawIndicator, labels::Scope};
        let mut raw = RawForm {
            title: Some(src("项目支出绩效目标申报表（2025年度）")),
            year: Some(src("（2025年度）")),
            ..Default::default()
        };
        raw.funds_label = Some(src("项目资金申请（万元）"));
        for (f, t) in [
            ("department", "[173]中国科学院"),
            ("project_attribute", "■新增项目 □延续项目"),
            ("period", "2025年3月至2025年11月"),
            ("annual_total", "10"),
        ] {
            raw.fields.insert(f, src(t));
        }
        raw.extra_fields
            .push(RawExtra::new("自有资金：", src("1,000.00")));
        raw.indicators.push(RawIndicator {
            level3: src("★培训\n人次"),
            target: src("≥300"),
            unit: Some(src("人次")),
            note: src("含线上"),
            extra: vec![("分值".into(), src(""))],
            scope: Scope::Overall,
            ..Default::default()
        });
        let origin = Origin {
            source_file: "a.pdf",
            source_sha256: "00",
            form_index: 0,
            method: "text",
        };
        let r = build_record(&raw, &origin);
        assert_eq!(r.form_title, "项目支出绩效目标申报表");
        assert_eq!(r.department, "中国科学院");
        assert_eq!(r.department_code, "173");
        assert_eq!(r.project_attribute, "新增项目");
        assert_eq!(
            (r.start_date.as_str(), r.end_date.as_str()),
            ("2025-03-01", "2025-11-30")
        );
        assert_eq!(r.annual_total, "100000.00");
        assert_eq!(
            r.extra_fields,
            vec![ExtraField {
                label: "自有资金".into(),
                value: "1,000.00".into()
            }]
        );
        let i = &r.indicators[0];
        assert!(i.core);
        assert_eq!(i.level3, "培训人次");
        assert_eq!(
            (
                i.comparator.as_str(),
                i.target_value.as_str(),
                i.target_unit.as_str()
            ),
            (">=", "300", "人次")
        );
        assert_eq!(i.scope, "overall");
        assert_eq!(i.note, "含线上");
        assert_eq!(i.extra, Extra(vec![("分值".into(), String::new())]));
    }
}
