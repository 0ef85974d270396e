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
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (d >= 1 && d <= days).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn forms_seen() {
        assert_eq!(parse_date("2023/1/1").as_deref(), Some("2023-01-01"));
        assert_eq!(parse_date("2023/12/31").as_deref(), Some("2023-12-31"));
        assert_eq!(parse_date("2023-01-01").as_deref(), Some("2023-01-01"));
        assert_eq!(parse_date("2024年2月29日").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date(" 2023.6.30 ").as_deref(), Some("2023-06-30"));
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
