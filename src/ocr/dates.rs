//! A date read as a year and junk (`2025=3010l` for 2025-01-01): tesseract
//! misreads some fonts' digits and dashes at one size and reads them right
//! at most others. Such a line is read again at `DATE_SIZES`, and a date
//! that two of those readings spell the same way, with the year the first
//! reading has and no reading spelling another date, is taken. Only the
//! engine's own readings are chosen from, and only a well-formed date
//! replaces what could not be one.

use super::engine::OcrWord;

/// The sizes (of the line image given) a broken date is read again at:
/// the vote's two and a smaller pair, which the engine reads such digits
/// best at (measured on samples/stranger's lamp scan: 0.4–0.9× right,
/// 1.0× and 1.2× not always).
pub(super) const DATE_SIZES: [f64; 4] = [0.5, 0.7, 0.8, 1.2];
/// Readings that must spell the date the same way.
const AGREEING: usize = 2;

/// Whether `text` starts like a date (a year of four digits) but is none:
/// short, and mostly digits, signs and letters (a glyph or two misread as
/// an ideograph at most).
pub(super) fn broken_date(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let year = chars.len() >= 4
        && chars[..4].iter().all(char::is_ascii_digit)
        && matches!(&chars[..2], ['1', '9'] | ['2', '0']);
    let others = chars.iter().filter(|c| !c.is_ascii()).count();
    year && (8..=12).contains(&chars.len()) && others <= 2 && well_formed(&chars, false).is_none()
}

/// `chars` as a date: a year, month and day joined by one of `-./` used
/// twice, or by 年 月 (日), with a real month and day. The date as
/// (year, month, day) when so. `dash_as_equals`: a `=` joining them is a
/// dash the engine saw double (this font's, at some sizes), for a reading
/// that only seconds another.
fn well_formed(chars: &[char], dash_as_equals: bool) -> Option<(u32, u32, u32)> {
    let s: String = chars.iter().collect();
    let parts: Vec<&str> = if let Some(rest) = s.strip_suffix('日') {
        rest.split(['年', '月']).collect()
    } else {
        let sep = *chars.get(4)?;
        if dash_as_equals && matches!(sep, '-' | '=') {
            s.split(['-', '=']).collect()
        } else if matches!(sep, '-' | '.' | '/') {
            s.split(sep).collect()
        } else {
            return None;
        }
    };
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str, max_len: usize| {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    (y >= 1900 && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// The first reading among `others` that spells a date well, when
/// `AGREEING` of them read that date (one with dashes seen as `=` may
/// second it), its year is `first`'s, and no reading is another date.
pub(super) fn agreed_date(first: &OcrWord, others: &[OcrWord]) -> Option<OcrWord> {
    let compact =
        |w: &OcrWord| -> Vec<char> { w.text.chars().filter(|c| !c.is_whitespace()).collect() };
    let year: String = compact(first).iter().take(4).collect();
    let dates: Vec<(u32, u32, u32)> = others
        .iter()
        .filter_map(|w| well_formed(&compact(w), true))
        .collect();
    let (word, date) = others
        .iter()
        .find_map(|w| well_formed(&compact(w), false).map(|d| (w, d)))?;
    let agree = dates.iter().filter(|&&d| d == date).count();
    let alone = dates.iter().all(|&d| d == date);
    (agree >= AGREEING && alone && date.0.to_string() == year).then(|| word.clone())
}

#[cfg(test)]
mod tests {
    use super::super::engine::PxRect;
    use super::*;

    fn word(text: &str) -> OcrWord {
        OcrWord {
            text: text.into(),
            rect: PxRect {
                x0: 0,
                y0: 0,
                x1: 100,
                y1: 20,
            },
            confidence: 0.9,
            symbols: Vec::new(),
            char_confidences: Vec::new(),
        }
    }

    #[test]
    fn a_year_and_junk_is_a_broken_date_and_a_date_or_prose_is_not() {
        assert!(broken_date("2025=3010l"));
        assert!(broken_date("20251 关 31"));
        assert!(broken_date("2025-13-01")); // no 13th month
        assert!(!broken_date("2025-01-01"));
        assert!(!broken_date("2025.1.1"));
        assert!(!broken_date("2025年1月1日"));
        assert!(!broken_date("5,120,000.00"));
        assert!(!broken_date("2025年完成全区河道整治"));
        assert!(!broken_date("2025"));
    }

    #[test]
    fn a_date_two_other_sizes_spell_alike_with_the_same_year_is_taken() {
        let first = word("2025=3010l");
        let right = [word("2025-01-01"), word("2025-0Q1=01"), word("2025-01-01")];
        assert_eq!(agreed_date(&first, &right).unwrap().text, "2025-01-01");
        // One reading alone is not enough.
        let one = [word("2025-01-01"), word("2025-301301")];
        assert!(agreed_date(&first, &one).is_none());
        // Readings that spell two dates: neither.
        let split = [word("2025-01-01"), word("2025-01-01"), word("2025-07-01")];
        assert!(agreed_date(&first, &split).is_none());
        // A dash seen as `=` seconds a date, but is never the one taken.
        let equals = [word("2025=12=31"), word("2025-12-31")];
        assert_eq!(agreed_date(&first, &equals).unwrap().text, "2025-12-31");
        let only_equals = [word("2025=12=31"), word("2025=12=31")];
        assert!(agreed_date(&first, &only_equals).is_none());
        assert!(broken_date("2025=12=31"));
        // Another year than the one read is not taken.
        let year = [word("2026-01-01"), word("2026-01-01")];
        assert!(agreed_date(&first, &year).is_none());
    }
}
