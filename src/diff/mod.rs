//! `shenbao diff`: an extracted record set against a hand-checked one.
//!
//! Records pair by file (full path, else file name) and then by project name
//! similarity, so a misread name still pairs and shows as a difference.
//! Indicators pair by aligning the rows (edit-distance alignment over row
//! similarity), so an extra, missing or split row does not shift every row
//! after it into a difference. `seq`, `form_index` and `warnings` are never
//! differences; `method`, `pages` and `source_sha256` count only where the
//! checked side fills them. A v1 hand-checked set (none of the fields v2
//! appended) is compared on the v1 fields only.
//!
//! Architecture invariant: computes a `DiffReport`; printing is the CLI's.

pub mod load;
pub mod xlsx;

use crate::record::{
    INDICATOR_COLUMNS, Indicator, Record, SCALAR_FIELDS, V2_INDICATOR_FIELDS, V2_SCALAR_FIELDS,
};
use serde::Serialize;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

pub use load::load_records;

#[derive(Clone, Debug, Default)]
pub struct DiffOptions {
    /// Fold full/half width (NFKC) and whitespace before comparing.
    pub lenient: bool,
    /// The hand-checked side is schema v1: the fields v2 appended are not
    /// compared (its records lack them; they are not differences).
    pub v1_checked: bool,
}

impl DiffOptions {
    /// Options for a checked set loaded in schema version `schema`.
    pub fn for_checked(schema: u32, lenient: bool) -> DiffOptions {
        DiffOptions {
            lenient,
            v1_checked: schema < 2,
        }
    }
}

/// One difference. `indicator` is the checked side's seq (or the extracted
/// side's, for an extra row).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Difference {
    pub source_file: String,
    pub form_index: Option<u32>,
    pub project_name: String,
    pub kind: DiffKind,
    pub field: String,
    pub indicator: Option<u32>,
    /// The extracted side's seq of a differing or extra indicator (rows
    /// shift when one is missed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_indicator: Option<u32>,
    pub expected: String,
    pub actual: String,
    /// Character edit distance, for goals.
    pub edit_distance: Option<usize>,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// A field of a paired record or indicator differs.
    Field,
    RecordMissing,
    RecordExtra,
    IndicatorMissing,
    IndicatorExtra,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Summary {
    pub records_paired: usize,
    pub records_missing: usize,
    pub records_extra: usize,
    pub fields_compared: usize,
    pub fields_different: usize,
    pub field_accuracy: f64,
    pub indicators_matched: usize,
    pub indicators_missing: usize,
    pub indicators_extra: usize,
    pub indicators_different: usize,
    pub indicator_precision: f64,
    pub indicator_recall: f64,
    pub indicator_f1: f64,
    pub goal_chars: usize,
    pub goal_edits: usize,
    pub goal_cer: f64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct DiffReport {
    pub summary: Summary,
    pub differences: Vec<Difference>,
}

impl DiffReport {
    pub fn identical(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Compares `actual` (extracted) against `expected` (hand-checked).
pub fn diff(actual: &[Record], expected: &[Record], opts: &DiffOptions) -> DiffReport {
    let mut rep = DiffReport::default();
    let mut ind_expected_total = 0;
    let mut ind_actual_total = 0;
    for (e, a) in pair_records(expected, actual) {
        match (e, a) {
            (Some(e), Some(a)) => {
                rep.summary.records_paired += 1;
                ind_expected_total += e.indicators.len();
                ind_actual_total += a.indicators.len();
                compare_records(e, a, opts, &mut rep);
            }
            (Some(e), None) => {
                rep.summary.records_missing += 1;
                ind_expected_total += e.indicators.len();
                rep.summary.indicators_missing += e.indicators.len();
                rep.differences
                    .push(record_level(e, DiffKind::RecordMissing));
            }
            (None, Some(a)) => {
                rep.summary.records_extra += 1;
                ind_actual_total += a.indicators.len();
                rep.summary.indicators_extra += a.indicators.len();
                rep.differences.push(record_level(a, DiffKind::RecordExtra));
            }
            (None, None) => {}
        }
    }
    let s = &mut rep.summary;
    s.field_accuracy = ratio(s.fields_compared - s.fields_different, s.fields_compared);
    s.indicator_precision = ratio(s.indicators_matched, ind_actual_total);
    s.indicator_recall = ratio(s.indicators_matched, ind_expected_total);
    s.indicator_f1 = if s.indicator_precision + s.indicator_recall > 0.0 {
        2.0 * s.indicator_precision * s.indicator_recall
            / (s.indicator_precision + s.indicator_recall)
    } else if ind_actual_total == 0 && ind_expected_total == 0 {
        1.0
    } else {
        0.0
    };
    s.goal_cer = if s.goal_chars == 0 {
        0.0
    } else {
        s.goal_edits as f64 / s.goal_chars as f64
    };
    rep
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

fn record_level(r: &Record, kind: DiffKind) -> Difference {
    Difference {
        source_file: r.source_file.clone(),
        form_index: Some(r.form_index),
        project_name: r.project_name.clone(),
        kind,
        field: String::new(),
        indicator: None,
        actual_indicator: None,
        expected: String::new(),
        actual: String::new(),
        edit_distance: None,
    }
}

pub(crate) fn file_name(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

/// Pairs (expected, actual) records; unpaired ones come with `None`. Order:
/// expected order, extras last in their own order.
pub fn pair_records<'a>(
    expected: &'a [Record],
    actual: &'a [Record],
) -> Vec<(Option<&'a Record>, Option<&'a Record>)> {
    // Files: the same path, else the same file name when that is unique.
    let mut by_path: HashMap<&str, Vec<&Record>> = HashMap::new();
    for a in actual {
        by_path.entry(a.source_file.as_str()).or_default().push(a);
    }
    let actual_files: Vec<&str> = {
        let mut v: Vec<&str> = actual.iter().map(|a| a.source_file.as_str()).collect();
        v.dedup();
        v
    };
    let expected_files: Vec<&str> = {
        let mut v: Vec<&str> = expected.iter().map(|e| e.source_file.as_str()).collect();
        v.dedup();
        v
    };
    let mut name_count: HashMap<&str, usize> = HashMap::new();
    for f in actual_files.iter() {
        *name_count.entry(file_name(f)).or_default() += 1;
    }
    let mut file_map: HashMap<&str, &str> = HashMap::new(); // expected file → actual file
    for &ef in &expected_files {
        if by_path.contains_key(ef) {
            file_map.insert(ef, ef);
        } else if name_count.get(file_name(ef)) == Some(&1) {
            let af = actual_files
                .iter()
                .find(|f| file_name(f) == file_name(ef))
                .unwrap();
            if !expected_files.contains(af) {
                file_map.insert(ef, af);
            }
        }
    }
    let mut used_actual: std::collections::HashSet<*const Record> =
        std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut done_files = std::collections::HashSet::new();
    for &ef in &expected_files {
        if !done_files.insert(ef) {
            continue;
        }
        let es: Vec<&Record> = expected.iter().filter(|e| e.source_file == ef).collect();
        let as_: Vec<&Record> = file_map
            .get(ef)
            .and_then(|af| by_path.get(af))
            .cloned()
            .unwrap_or_default();
        for (e, a) in pair_within_file(&es, &as_) {
            if let Some(a) = a {
                used_actual.insert(a as *const Record);
            }
            out.push((e, a));
        }
    }
    for a in actual {
        if !used_actual.contains(&(a as *const Record)) {
            out.push((None, Some(a)));
        }
    }
    out
}

/// Within one file: equal names first (nearest form_index), then the most
/// similar names above a floor.
fn pair_within_file<'a>(
    es: &[&'a Record],
    as_: &[&'a Record],
) -> Vec<(Option<&'a Record>, Option<&'a Record>)> {
    let mut taken = vec![false; as_.len()];
    let mut pairs: Vec<Option<usize>> = vec![None; es.len()];
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, a) in as_.iter().enumerate() {
        by_name.entry(a.project_name.as_str()).or_default().push(j);
    }
    for (i, e) in es.iter().enumerate() {
        if let Some(js) = by_name.get(e.project_name.as_str()) {
            let best = js
                .iter()
                .filter(|&&j| !taken[j])
                .min_by_key(|&&j| (as_[j].form_index as i64 - e.form_index as i64).abs());
            if let Some(&j) = best {
                taken[j] = true;
                pairs[i] = Some(j);
            }
        }
    }
    // Misread names: greedy on similarity.
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for (i, e) in es.iter().enumerate().filter(|(i, _)| pairs[*i].is_none()) {
        for (j, a) in as_.iter().enumerate().filter(|(j, _)| !taken[*j]) {
            let sim = similarity(&e.project_name, &a.project_name);
            let same_slot = e.form_index == a.form_index;
            if sim >= 0.5 || (same_slot && sim >= 0.2) {
                cands.push((sim + if same_slot { 0.01 } else { 0.0 }, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in cands {
        if pairs[i].is_none() && !taken[j] {
            pairs[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut out: Vec<_> = es
        .iter()
        .zip(&pairs)
        .map(|(e, p)| (Some(*e), p.map(|j| as_[j])))
        .collect();
    out.extend(
        as_.iter()
            .enumerate()
            .filter(|(j, _)| !taken[*j])
            .map(|(_, a)| (None, Some(*a))),
    );
    out
}

pub use crate::normalize::text::edit_distance;

/// 1 − normalised edit distance, in [0, 1].
pub fn similarity(a: &str, b: &str) -> f64 {
    let n = a.chars().count().max(b.chars().count());
    if n == 0 {
        1.0
    } else {
        1.0 - edit_distance(a, b) as f64 / n as f64
    }
}

fn fold(s: &str, opts: &DiffOptions) -> String {
    if opts.lenient {
        s.nfkc().filter(|c| !c.is_whitespace()).collect()
    } else {
        s.to_string()
    }
}

/// Fields a spreadsheet retypes as numbers (a code loses its leading zeros,
/// `30.00` becomes 30, an amount `0` in a saved CSV): when both sides are
/// plain decimal numbers of equal value, both become the expected text.
const NUMERIC_FIELDS: &[&str] = &["department_code", "target_value"];

fn by_value(field: &str, expected: String, actual: String) -> (String, String) {
    let numeric = NUMERIC_FIELDS.contains(&field) || crate::record::AMOUNT_FIELDS.contains(&field);
    if numeric
        && expected != actual
        && decimal_value(&expected).is_some_and(|e| Some(e) == decimal_value(&actual))
    {
        return (expected.clone(), expected);
    }
    (expected, actual)
}

/// A plain decimal (`0173`, `30.00`, `-1.5`) as (negative, digits without
/// leading zeros, fraction without trailing zeros); `None` otherwise.
fn decimal_value(s: &str) -> Option<(bool, String, String)> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !ok(int) || !ok(frac) {
        return None;
    }
    let int = int.trim_start_matches('0').to_string();
    let frac = frac.trim_end_matches('0').to_string();
    let zero = int.is_empty() && frac.is_empty();
    Some((neg && !zero, int, frac))
}

fn compare_records(e: &Record, a: &Record, opts: &DiffOptions, rep: &mut DiffReport) {
    let diff_at = |field: &str, exp: String, act: String, dist: Option<usize>| Difference {
        source_file: e.source_file.clone(),
        form_index: Some(e.form_index),
        project_name: e.project_name.clone(),
        kind: DiffKind::Field,
        field: field.to_string(),
        indicator: None,
        actual_indicator: None,
        expected: exp,
        actual: act,
        edit_distance: dist,
    };
    for f in SCALAR_FIELDS {
        let (exp, act) = (e.scalar(f), a.scalar(f));
        let optional = matches!(f, "method" | "pages" | "source_sha256");
        if f == "source_file"
            || f == "form_index"
            || (optional && exp.is_empty())
            || (opts.v1_checked && V2_SCALAR_FIELDS.contains(&f))
        {
            continue;
        }
        rep.summary.fields_compared += 1;
        let goal = f.ends_with("_goal");
        let (fe, fa) = (fold(&exp, opts), fold(&act, opts));
        let (fe, fa) = by_value(f, fe, fa);
        let dist = goal.then(|| edit_distance(&fe, &fa));
        if goal {
            rep.summary.goal_chars += fe.chars().count();
            rep.summary.goal_edits += dist.unwrap_or(0);
        }
        if fe != fa {
            rep.summary.fields_different += 1;
            rep.differences.push(diff_at(f, exp, act, dist));
        }
    }
    for (ei, ai) in align_indicators(&e.indicators, &a.indicators, opts) {
        match (ei.map(|i| &e.indicators[i]), ai.map(|j| &a.indicators[j])) {
            (Some(x), Some(y)) => {
                let mut differs = false;
                for name in indicator_fields(opts) {
                    let (xv, yv) = (x.column(name), y.column(name));
                    let (fx, fy) = by_value(name, fold(&xv, opts), fold(&yv, opts));
                    if fx != fy {
                        differs = true;
                        let mut d = diff_at(name, xv, yv, None);
                        d.indicator = Some(x.seq);
                        d.actual_indicator = Some(y.seq);
                        rep.differences.push(d);
                    }
                }
                if differs {
                    rep.summary.indicators_different += 1;
                } else {
                    rep.summary.indicators_matched += 1;
                }
            }
            (Some(x), None) => {
                rep.summary.indicators_missing += 1;
                let mut d = diff_at("indicator", row_text(x), String::new(), None);
                d.kind = DiffKind::IndicatorMissing;
                d.indicator = Some(x.seq);
                rep.differences.push(d);
            }
            (None, Some(y)) => {
                rep.summary.indicators_extra += 1;
                let mut d = diff_at("indicator", String::new(), row_text(y), None);
                d.kind = DiffKind::IndicatorExtra;
                d.indicator = Some(y.seq);
                d.actual_indicator = Some(y.seq);
                rep.differences.push(d);
            }
            (None, None) => {}
        }
    }
}

/// The indicator fields compared: all but `seq` (positional), and the v2
/// ones only against a v2 checked set.
fn indicator_fields(opts: &DiffOptions) -> impl Iterator<Item = &'static str> + '_ {
    INDICATOR_COLUMNS[5..]
        .iter()
        .copied()
        .filter(|f| !(opts.v1_checked && V2_INDICATOR_FIELDS.contains(f)))
}

fn row_text(i: &Indicator) -> String {
    format!(
        "{} / {} / {} / {}",
        i.level1, i.level2, i.level3, i.target_raw
    )
}

/// Row similarity: mostly the 三级 name, then the target.
fn row_similarity(x: &Indicator, y: &Indicator, opts: &DiffOptions) -> f64 {
    let l3 = similarity(&fold(&x.level3, opts), &fold(&y.level3, opts));
    let tg = similarity(&fold(&x.target_raw, opts), &fold(&y.target_raw, opts));
    0.7 * l3 + 0.3 * tg
}

/// Global alignment of two row lists (Needleman–Wunsch): a pair costs
/// 1 − similarity, a gap 0.5, so rows pair only when they are more alike
/// than not. Rows aligned below the floor are split into a missing and an
/// extra row.
fn align_indicators(
    xs: &[Indicator],
    ys: &[Indicator],
    opts: &DiffOptions,
) -> Vec<(Option<usize>, Option<usize>)> {
    const GAP: f64 = 0.5;
    const FLOOR: f64 = 0.4;
    if xs == ys {
        return (0..xs.len()).map(|i| (Some(i), Some(i))).collect();
    }
    let (n, m) = (xs.len(), ys.len());
    let mut cost = vec![vec![0.0f64; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i as f64 * GAP;
    }
    for (j, c) in cost[0].iter_mut().enumerate() {
        *c = j as f64 * GAP;
    }
    let mut sims = vec![vec![0.0f64; m]; n];
    for i in 0..n {
        for j in 0..m {
            sims[i][j] = if xs[i] == ys[j] {
                1.0
            } else {
                row_similarity(&xs[i], &ys[j], opts)
            };
        }
    }
    for i in 1..=n {
        for j in 1..=m {
            let pair = cost[i - 1][j - 1] + (1.0 - sims[i - 1][j - 1]);
            cost[i][j] = pair.min(cost[i - 1][j] + GAP).min(cost[i][j - 1] + GAP);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0
            && j > 0
            && (cost[i][j] - (cost[i - 1][j - 1] + 1.0 - sims[i - 1][j - 1])).abs() < 1e-9
        {
            if sims[i - 1][j - 1] >= FLOOR {
                out.push((Some(i - 1), Some(j - 1)));
            } else {
                out.push((None, Some(j - 1)));
                out.push((Some(i - 1), None));
            }
            i -= 1;
            j -= 1;
        } else if i > 0 && (j == 0 || (cost[i][j] - (cost[i - 1][j] + GAP)).abs() < 1e-9) {
            out.push((Some(i - 1), None));
            i -= 1;
        } else {
            out.push((None, Some(j - 1)));
            j -= 1;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
