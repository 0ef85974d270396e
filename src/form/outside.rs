//! The lines around a form's grid: the title and year line, a 单位 line and
//! 填报单位 above it; signatures (填报人, 单位负责人, 填报日期) below it.

use super::labels::{FOOTER_LABELS, Label, classify_read, key, nearest};
use super::{Builder, Sourced};
use crate::grid::{Layout, Table, TextLine};

/// A title line: 财政项目支出绩效目标申报表, 项目支出绩效目标表 …
pub(super) fn is_title(text: &str) -> bool {
    let k = key(text);
    let k = strip_year(&k);
    k.ends_with("申报表") || k.ends_with("绩效目标表")
}

/// `(2023年度)`, with or without brackets.
pub(super) fn is_year(text: &str) -> bool {
    let k = key(text);
    let k = k.trim_start_matches('(').trim_end_matches(')');
    // `get`: the first four bytes may end inside a character (a title whose
    // year's closing bracket was lost: `…申报表(2024年度`, found by fuzzing).
    k.ends_with("年度")
        && k.get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
}

/// A title key without a year line printed after it on the same line.
fn strip_year(k: &str) -> &str {
    match k.rfind('(') {
        Some(at) if is_year(&k[at..]) => &k[..at],
        _ => k,
    }
}

/// `单位：元`, `金额单位：万元`.
fn is_unit_note(text: &str) -> bool {
    let k = key(text);
    k.contains("单位:") && k.ends_with('元')
}

/// Lines between the table before `ti` on the page (or the page top) and
/// table `ti`.
pub(super) fn above(layout: &Layout, ti: usize) -> Vec<&TextLine> {
    let t = &layout.tables[ti];
    let floor = layout
        .tables
        .iter()
        .map(|o| o.bbox.bottom)
        .filter(|&b| b <= t.bbox.top + 1.0)
        .fold(f64::NEG_INFINITY, f64::max);
    layout
        .outside
        .iter()
        .filter(|l| l.bbox.bottom <= t.bbox.top + 1.0 && l.bbox.top >= floor - 1.0)
        .collect()
}

/// Lines under table `ti`, up to the next table, the next title line, or
/// the first line that is not `label：value` pairs: signatures are pairs,
/// and a line that is not (`2023年部门收支预算总表`) heads what follows, so
/// the lines after it are that table's, not the form's.
pub(super) fn below(layout: &Layout, ti: usize) -> Vec<Sourced> {
    let t = &layout.tables[ti];
    let ceiling = layout
        .tables
        .iter()
        .map(|o| o.bbox.top)
        .filter(|&top| top >= t.bbox.bottom - 1.0)
        .fold(f64::INFINITY, f64::min);
    let mut lines: Vec<&TextLine> = layout
        .outside
        .iter()
        .filter(|l| l.bbox.top >= t.bbox.bottom - 1.0 && l.bbox.bottom <= ceiling + 1.0)
        .collect();
    lines.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    lines
        .into_iter()
        .take_while(|l| !is_title(&l.text) && !pairs(&l.text).is_empty())
        .map(|l| Sourced::from_line(l, layout.page))
        .collect()
}

/// `label：value` pairs of a line, when the line is nothing else: several
/// on one line are cut at the known signature labels (`填报人：张三单位负责人：李四`).
pub(super) fn pairs(text: &str) -> Vec<(String, String)> {
    let cs: Vec<char> = text.chars().collect();
    let colons: Vec<usize> = (0..cs.len())
        .filter(|&i| cs[i] == '：' || cs[i] == ':')
        .collect();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (n, &c) in colons.iter().enumerate() {
        // A bracket after the label is part of it: 填报单位（盖章）.
        let mut end = c;
        while end > 0 && cs[end - 1].is_whitespace() {
            end -= 1;
        }
        if end > 0
            && matches!(cs[end - 1], ')' | '）')
            && let Some(open) = (0..end - 1).rev().find(|&i| matches!(cs[i], '(' | '（'))
        {
            end = open;
        }
        let before: String = cs[..end].iter().collect();
        let known = FOOTER_LABELS
            .iter()
            .filter(|l| before.ends_with(*l))
            .max_by_key(|l| l.len());
        let start = match known {
            Some(l) => end - l.chars().count(),
            None if n == 0 => 0,
            None => continue,
        };
        starts.push((start, c));
    }
    let Some(&(first, _)) = starts.first() else {
        return vec![];
    };
    if !cs[..first].iter().all(|c| c.is_whitespace()) {
        return vec![];
    }
    let mut out = Vec::new();
    for (k, &(start, colon)) in starts.iter().enumerate() {
        let stop = starts.get(k + 1).map_or(cs.len(), |s| s.0);
        let label: String = cs[start..colon].iter().collect();
        let value: String = cs[colon + 1..stop].iter().collect();
        if !super::fields::looks_like_label(&label) {
            return vec![];
        }
        out.push((label.trim().to_string(), value.trim().to_string()));
    }
    out
}

/// The title, year line, unit line and labelled lines above a form's first
/// table.
pub(super) fn read_above(b: &mut Builder, layout: &Layout, ti: usize, lines: &[&TextLine]) {
    let table = &layout.tables[ti];
    let page = layout.page;
    let title_at = lines.iter().rposition(|l| is_title(&l.text));
    b.form.title = title_at.map(|i| Sourced::from_line(lines[i], page));
    b.form.year = find_year(layout, table);
    b.form.unit_note = layout
        .outside
        .iter()
        .filter(|l| l.bbox.bottom <= table.bbox.top + 1.0)
        .rev()
        .find(|l| is_unit_note(&l.text))
        .map(|l| Sourced::from_line(l, layout.page));
    // Lines above the title belong to the document, not the form.
    let from = title_at.map_or(0, |i| i + 1);
    for line in &lines[from..] {
        if is_year(&line.text) || is_unit_note(&line.text) {
            continue;
        }
        for (label, value) in pairs(&line.text) {
            let label = snap_label(&label, line.confidence, page, &mut b.form.notes);
            let mut l = Sourced::from_line(line, page);
            l.text = label.clone();
            let mut v = l.clone();
            v.text = value;
            match classify_read(&key(&label), line.confidence < 1.0) {
                Some(Label::Field(name)) => b.set(name, v),
                _ if title_at.is_some() || FOOTER_LABELS.contains(&key(&label).as_str()) => {
                    b.extra(&l, v)
                }
                _ => {}
            }
        }
    }
}

/// An OCR'd signature label, snapped to the known one it is a character
/// from (`塡报单位` → `填报单位`), a bracket after it kept.
fn snap_label(label: &str, confidence: f32, page: u32, notes: &mut Vec<String>) -> String {
    if confidence >= 1.0 {
        return label.to_string();
    }
    let at = label.find(['(', '（']).unwrap_or(label.len());
    let (base, rest) = label.split_at(at);
    match nearest(base, FOOTER_LABELS) {
        Some(known) if known != base => {
            notes.push(format!(
                "repaired: label {base:?} read as {known:?} (OCR, nearest signature label, page {page})"
            ));
            format!("{known}{rest}")
        }
        _ => label.to_string(),
    }
}

/// Signature lines under the form's last table.
pub(super) fn read_below(b: &mut Builder, lines: &[Sourced]) {
    for line in lines {
        for (label, value) in pairs(&line.text) {
            let label = snap_label(&label, line.confidence, line.page, &mut b.form.notes);
            let mut l = line.clone();
            l.text = label;
            let mut v = line.clone();
            v.text = value;
            b.extra(&l, v);
        }
    }
}

/// The `(2023年度)` line: above the form's table first, then inside it.
fn find_year(layout: &Layout, table: &Table) -> Option<Sourced> {
    let above = layout
        .outside
        .iter()
        .filter(|l| l.bbox.bottom <= table.bbox.top + 1.0)
        .rev()
        .find(|l| is_year(&l.text) || is_title(&l.text) && key(&l.text).ends_with("年度)"))
        .map(|l| Sourced::from_line(l, layout.page));
    above.or_else(|| {
        table
            .cells
            .iter()
            .find(|c| is_year(&c.text()))
            .map(|c| Sourced::from_cell(c, layout.page))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_lines_split_at_known_labels() {
        assert_eq!(
            pairs("填报人：张三单位负责人：李四填报日期：2019年3月1日"),
            vec![
                ("填报人".to_string(), "张三".to_string()),
                ("单位负责人".to_string(), "李四".to_string()),
                ("填报日期".to_string(), "2019年3月1日".to_string()),
            ]
        );
        assert_eq!(
            pairs("填报单位（盖章）：海州市临江区教育局"),
            vec![(
                "填报单位（盖章）".to_string(),
                "海州市临江区教育局".to_string()
            )]
        );
        assert_eq!(
            pairs("项目负责人: 王五  联系电话: 0518-85706312"),
            vec![
                ("项目负责人".to_string(), "王五".to_string()),
                ("联系电话".to_string(), "0518-85706312".to_string()),
            ]
        );
        // Prose and times are not pairs.
        assert!(pairs("七、项目经费情况说明：详见单位的项目绩效目标表。").is_empty());
        assert!(pairs("会议时间 10:30").is_empty());
        assert!(pairs("第1页").is_empty());
    }

    #[test]
    fn ocr_signature_labels_snap() {
        let mut notes = vec![];
        assert_eq!(
            snap_label("塡报单位（盖章）", 0.9, 1, &mut notes),
            "填报单位（盖章）"
        );
        assert_eq!(notes.len(), 1);
        // A text layer's labels are as printed.
        assert_eq!(snap_label("塡报单位", 1.0, 1, &mut notes), "塡报单位");
    }

    #[test]
    fn titles_and_years() {
        assert!(is_title("财政项目支出绩效目标申报表"));
        assert!(is_title("海州市临江区财政支出项目绩效目标申报表"));
        assert!(is_title("项目支出绩效目标申报表（2025年度）"));
        assert!(!is_title(
            "七、项目经费情况说明 … 详见单位的项目绩效目标表。"
        ));
        assert!(is_year("（2023年度）"));
        assert!(!is_year("2023年"));
        // Found by fuzzing: a year not in the first bytes, its bracket lost.
        assert!(!is_year("财政项目支出绩效目标申报表(2024年度"));
        assert!(!is_year("年度"));
        assert!(is_title("财政项目支出绩效目标申报表(2024年度"));
    }
}
