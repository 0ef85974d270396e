//! Text fields: markup out, wrapping whitespace out, Chinese punctuation kept.

use crate::grid::is_cjk;

/// Removes markup a converter may leave: HTML-ish tags (`<b>`, `</u>`,
/// `<br/>`) and inline LaTeX (`$\geq 100$` → `≥100`).
pub fn strip_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<'
            && let Some(len) = tag_len(&chars[i..])
        {
            i += len;
            continue;
        }
        if c == '$'
            && let Some(end) = chars[i + 1..].iter().position(|&d| d == '$')
        {
            let body: String = chars[i + 1..i + 1 + end].iter().collect();
            if let Some(plain) = latex_to_plain(&body) {
                out.push_str(&plain);
                i += end + 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Length of a simple tag `<name ...>` or `</name>` at the start, if any.
fn tag_len(s: &[char]) -> Option<usize> {
    let mut i = 1;
    if s.get(i) == Some(&'/') {
        i += 1;
    }
    let start = i;
    while s.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        i += 1;
    }
    if i == start || !s[start].is_ascii_alphabetic() {
        return None;
    }
    while let Some(&c) = s.get(i) {
        match c {
            '>' => return Some(i + 1),
            '<' | '\n' => return None,
            _ if !c.is_ascii() => return None,
            _ => i += 1,
        }
    }
    None
}

fn latex_to_plain(body: &str) -> Option<String> {
    // Inline math is ASCII; a `$` pair around Chinese text is two dollar signs.
    if !body.is_ascii() || body.trim().is_empty() {
        return None;
    }
    const CMDS: [(&str, &str); 7] = [
        ("\\geq", "≥"),
        ("\\leq", "≤"),
        ("\\times", "×"),
        ("\\ge", "≥"),
        ("\\le", "≤"),
        ("\\%", "%"),
        ("\\sim", "~"),
    ];
    let mut s = body.to_string();
    for (cmd, rep) in CMDS {
        s = s.replace(cmd, rep);
    }
    if s.contains('\\') {
        return None;
    }
    Some(s.chars().filter(|c| !c.is_whitespace()).collect())
}

/// The schema's whitespace rule: a run of whitespace (spaces, line breaks)
/// is dropped when either neighbour is CJK or it is at either end, and
/// becomes one space between two non-CJK characters (`GB/T 39786`).
pub fn clean_text(s: &str) -> String {
    let s = strip_markup(s);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            if let (Some(a), Some(b)) = (before, after)
                && !is_cjk(a)
                && !is_cjk(b)
            {
                out.push(' ');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Character edit distance (Levenshtein).
pub fn edit_distance(a: &str, b: &str) -> usize {
    if a == b {
        return 0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// All whitespace removed (labels, target_raw).
pub fn squash(s: &str) -> String {
    strip_markup(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_between_cjk_disappears() {
        assert_eq!(
            clean_text("对全市各责任部门数\n据数量、质量"),
            "对全市各责任部门数据数量、质量"
        );
        assert_eq!(clean_text("1. 在服务方面\n2. 在"), "1.在服务方面2.在");
    }

    #[test]
    fn latin_spacing_is_kept_once() {
        assert_eq!(
            clean_text("符合GB/T  39786\nthe  rule "),
            "符合GB/T 39786 the rule"
        );
        assert_eq!(clean_text("  开头"), "开头");
    }

    #[test]
    fn punctuation_is_kept() {
        let s = "（骨干网可用率）：“一网通办”；";
        assert_eq!(clean_text(s), s);
    }

    #[test]
    fn markup_never_survives() {
        assert_eq!(strip_markup("<b>才政</b>资金<br/>"), "才政资金");
        assert_eq!(squash("$\\geq 100.00$ (万人)"), "≥100.00(万人)");
        assert_eq!(strip_markup("a<b≥c"), "a<b≥c");
        assert_eq!(strip_markup("成本 $5 和 $6"), "成本 $5 和 $6");
    }
}
