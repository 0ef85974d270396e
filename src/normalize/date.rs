//! Dates: whatever the form prints → ISO `YYYY-MM-DD`.

/// `2023/1/1`, `2023-01-01`, `2023.1.1`, `2023年1月1日` → `2023-01-01`.
/// `None` for anything else, including impossible dates.
pub fn parse_date(printed: &str) -> Option<String> {
    let s: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.strip_suffix('日').unwrap_or(&s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let all_digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    if y.len() != 4 || !all_digits(y, 4) || !all_digits(m, 2) || !all_digits(d, 2) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days = days_in(y, m)?;
    (d >= 1 && d <= days).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn days_in(y: u32, m: u32) -> Option<u32> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// The date inside OCR junk around a date cell (`!2025-01-01`, `2025-12-31_`:
/// a speck or a rule's remnant read as a mark): the one run of digits and
/// date separators, when everything around it is marks (no letter, digit or
/// ideograph) — so a date in words or a second date is left alone.
pub fn date_core(s: &str) -> String {
    let date_char =
        |c: char| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日');
    let junk = |c: char| !c.is_alphanumeric() && !date_char(c);
    let t = s.trim_matches(|c: char| junk(c) || c.is_whitespace());
    let starts = t.chars().next().is_some_and(|c| c.is_ascii_digit());
    let ends = t
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_digit() || c == '日' || c == '月');
    if t.len() < s.trim().len() && starts && ends && t.chars().all(date_char) {
        t.to_string()
    } else {
        s.to_string()
    }
}

/// A date printed to the month (`2025年3月`, `2025/3`, `2025-03`) as its
/// first day (`end` false) or its last day (`end` true); a full date as
/// itself.
pub fn parse_date_or_month(printed: &str, end: bool) -> Option<String> {
    if let Some(d) = parse_date(printed) {
        return Some(d);
    }
    let s: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.strip_suffix('月').unwrap_or(&s);
    let (y, m) = s.split_once(['-', '/', '.', '年'])?;
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    if y.len() != 4 || !digits(y, 4) || !digits(m, 2) {
        return None;
    }
    let (y, m): (u32, u32) = (y.parse().ok()?, m.parse().ok()?);
    let last = days_in(y, m)?;
    Some(format!("{y:04}-{m:02}-{:02}", if end { last } else { 1 }))
}

/// A period `A至B` (also `A—B`, `A-B`, `A~B`): its first and last day. A
/// side printed to the month runs from the first day of its month / to
/// the last.
pub fn parse_period(printed: &str) -> Option<(String, String)> {
    let s: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    let both = |a: &str, b: &str| {
        Some((
            parse_date_or_month(a, false)?,
            parse_date_or_month(b, true)?,
        ))
    };
    for sep in ["至", "—", "－", "–", "~", "～", "到"] {
        if let Some((a, b)) = s.split_once(sep) {
            return both(a, b);
        }
    }
    // `-` also separates a date's parts: the one cut that reads as two dates.
    let cuts: Vec<(String, String)> = s
        .match_indices('-')
        .filter_map(|(at, _)| both(&s[..at], &s[at + 1..]))
        .collect();
    match cuts.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_core_drops_marks_around_a_date_only() {
        assert_eq!(date_core("!2025-01-01"), "2025-01-01");
        assert_eq!(date_core("2025/12/31 _"), "2025/12/31");
        assert_eq!(date_core("‘2025年3月"), "2025年3月");
        // Nothing to drop, or more than marks around it: unchanged.
        for s in [
            "2025-01-01",
            "约2025-01-01",
            "2025-01-01至2025-12-31",
            "l2025-01-01",
            "!—",
        ] {
            assert_eq!(date_core(s), s);
        }
    }

    #[test]
    fn forms_seen() {
        assert_eq!(parse_date("2023/1/1").as_deref(), Some("2023-01-01"));
        assert_eq!(parse_date("2023/12/31").as_deref(), Some("2023-12-31"));
        assert_eq!(parse_date("2023-01-01").as_deref(), Some("2023-01-01"));
        assert_eq!(parse_date("2024年2月29日").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date(" 2023.6.30 ").as_deref(), Some("2023-06-30"));
    }

    #[test]
    fn periods_to_the_month_run_from_first_to_last_day() {
        let p = |t: &str| parse_period(t);
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(p("2025年3月至2025年11月"), pair("2025-03-01", "2025-11-30"));
        assert_eq!(p("2019年1月至2019年12月"), pair("2019-01-01", "2019-12-31"));
        assert_eq!(p("2024年2月-2024年2月"), pair("2024-02-01", "2024-02-29"));
        assert_eq!(p("2023/1/1-2023/12/31"), pair("2023-01-01", "2023-12-31"));
        assert_eq!(p("2023-01-01-2023-06-30"), pair("2023-01-01", "2023-06-30"));
        assert_eq!(
            p("2023年1月1日—2023年12月31日"),
            pair("2023-01-01", "2023-12-31")
        );
        assert_eq!(p("2023年"), None);
        assert_eq!(p("2023年13月至2024年1月"), None);
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-01-0 )1",
            "23/1/1",
            "2023年1月",
            "",
            "2023-1-1-1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
