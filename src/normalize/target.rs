//! Indicator targets: `≥30.00(项)` → (`>=`, `30.00`, `项`).
//!
//! The whole NFKC-folded cell must have the shape
//! `[comparator] number [(unit) | unit] [。]` with a unit of at most six
//! characters; anything else is qualitative and yields three empty strings.
//! An unbracketed unit may not start with a digit, `.` or punctuation, nor
//! contain brackets or sentence punctuation, so prose that starts with a
//! number (`200分钟内完成业务恢复，…`) stays qualitative.

use unicode_normalization::UnicodeNormalization;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    pub comparator: String,
    pub value: String,
    pub unit: String,
}

/// Characters that may not appear in an unbracketed unit: sentence
/// punctuation and brackets; the first character may also not be a digit,
/// `.` or a comparator.
const UNIT_FORBIDDEN: &[char] = &['(', ')', '。', '，', ',', '；', ';', '：', ':', '、'];
const UNIT_FIRST_FORBIDDEN: &[char] = &['.', '≥', '≤', '=', '<', '>'];

/// Parses a target cell (whitespace already removed): the grammar
/// `[>=|<=|≥|≧|≤|≦|=|>|<] digits[.digits] [(unit≤6) | unit≤6] [。]`.
pub fn parse_target(raw: &str) -> Target {
    let folded: String = raw.nfkc().collect();
    parse_folded(&folded).unwrap_or_default()
}

fn parse_folded(s: &str) -> Option<Target> {
    let (comparator, rest) = [
        (">=", ">="),
        ("<=", "<="),
        ("≥", ">="),
        ("≧", ">="),
        ("≤", "<="),
        ("≦", "<="),
        ("=", "="),
        (">", ">"),
        ("<", "<"),
    ]
    .iter()
    .find_map(|(p, c)| s.strip_prefix(p).map(|r| (*c, r)))
    .unwrap_or(("", s));
    let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if int_len == 0 {
        return None;
    }
    let mut num_len = int_len;
    if let Some(frac) = rest[int_len..].strip_prefix('.') {
        let frac_len = frac.bytes().take_while(u8::is_ascii_digit).count();
        if frac_len > 0 {
            num_len += 1 + frac_len;
        }
    }
    let (value, tail) = rest.split_at(num_len);
    let tail = tail.strip_suffix('。').unwrap_or(tail);
    let unit = if tail.is_empty() {
        ""
    } else if let Some(inner) = tail.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        let n = inner.chars().count();
        if n == 0 || n > 6 || inner.contains(['(', ')']) {
            return None;
        }
        inner
    } else {
        let first = tail.chars().next()?;
        let n = tail.chars().count();
        if n > 6
            || first.is_ascii_digit()
            || UNIT_FIRST_FORBIDDEN.contains(&first)
            || tail.contains(UNIT_FORBIDDEN)
        {
            return None;
        }
        tail
    };
    Some(Target {
        comparator: comparator.into(),
        value: value.into(),
        unit: unit.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(raw: &str) -> (String, String, String) {
        let t = parse_target(raw);
        (t.comparator, t.value, t.unit)
    }
    fn q(c: &str, v: &str, u: &str) -> (String, String, String) {
        (c.into(), v.into(), u.into())
    }

    #[test]
    fn schema_examples() {
        assert_eq!(t("≥30.00(项)"), q(">=", "30.00", "项"));
        assert_eq!(t("0起"), q("", "0", "起"));
        assert_eq!(t("=0万元。"), q("=", "0", "万元"));
        assert_eq!(t("≤15.00(%)"), q("<=", "15.00", "%"));
        assert_eq!(t("≥1.50(亿条)"), q(">=", "1.50", "亿条"));
        assert_eq!(t("≥4(个)"), q(">=", "4", "个"));
        assert_eq!(t("≥100.00(万人)"), q(">=", "100.00", "万人"));
    }

    #[test]
    fn fullwidth_is_folded_for_parsing_only() {
        assert_eq!(t("＞95％"), q(">", "95", "%"));
        assert_eq!(t("≥2（元/平方米）"), q(">=", "2", "元/平方米"));
        assert_eq!(t("≥95%"), q(">=", "95", "%"));
    }

    #[test]
    fn qualitative() {
        for raw in [
            "完善",
            "不超过预算批复金额",
            "200分钟内完成业务恢复，确保系统稳定运行",
            "新设企业通过全程网办方式占比≥60%",
            "1小时内响应并到场处理问题",
            "≥",
            "≥30.00(项",
            "30(一二三四五六七)",
        ] {
            assert_eq!(t(raw), q("", "", ""), "{raw}");
        }
    }

    #[test]
    fn unit_limits() {
        assert_eq!(t("≤2天"), q("<=", "2", "天"));
        assert_eq!(t("12次/年"), q("", "12", "次/年"));
        assert_eq!(t("5.5.5"), q("", "", ""));
        assert_eq!(t("3个工作日内"), q("", "3", "个工作日内"));
        assert_eq!(t("3个工作日内完成"), q("", "", ""));
        // The optional `。` is the last character only, and `.` needs digits.
        assert_eq!(t("=0万元。"), q("=", "0", "万元"));
        assert_eq!(t("5。。"), q("", "", ""));
        assert_eq!(t("5.个"), q("", "", ""));
        assert_eq!(t("≥5()"), q("", "", ""));
        assert_eq!(t("≥5(万)人"), q("", "", ""));
    }
}
