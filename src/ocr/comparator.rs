//! The leading comparator of a target cell, read from its shape.
//!
//! Tesseract's Chinese models cannot output ≥ or ≤: they come back as 之, 宇,
//! `>` or nothing. The glyph is simple enough to read directly: a chevron
//! (opening left for `>`, right for `<`), with or without a bar below it, or
//! two bars (`=`).

use super::engine::PxRect;
use super::image::GrayImage;

/// Reads the first glyph at the left of `line` (a text line's box; images
/// binarised, 0 = ink) as a comparator, if it clearly is one. The glyph is
/// found in `outline` (binarised at the page's threshold: whole strokes) and
/// its strokes are read in `detail` (binarised darker: blur that joins the
/// bar to an arm falls away, but faint strokes break up, so they cannot say
/// where the glyph is). Both may be the same image.
pub fn read_comparator_at(outline: &GrayImage, detail: &GrayImage, line: PxRect) -> Option<char> {
    let found = |x: u32, y: u32| outline.get(x, y) < 128;
    let ink = |x: u32, y: u32| detail.get(x, y) < 128;
    let (y0, y1) = (line.y0, line.y1.min(outline.height));
    let x1 = line.x1.min(outline.width);
    let col_ink = |x: u32| (y0..y1).any(|y| found(x, y));
    // The first run of inked columns.
    let start = (line.x0..x1).find(|&x| col_ink(x))?;
    let end = (start..x1).find(|&x| !col_ink(x)).unwrap_or(x1);
    let (gx0, gx1) = (start, end);
    let gw = gx1 - gx0;
    if gw < 3 {
        return None;
    }
    let rows: Vec<u32> = (y0..y1)
        .filter(|&y| (gx0..gx1).any(|x| found(x, y)))
        .collect();
    let row_cover = |y: u32| (gx0..gx1).filter(|&x| ink(x, y)).count();
    let (&gy0, &gy1) = (rows.first()?, rows.last()?);
    let gh = gy1 - gy0 + 1;
    // A comparator is about as wide as tall (a digit 1 is not).
    if gh < 3 || gw * 2 < gh {
        return None;
    }
    // Rows in runs: `=` is two bars with paper between them.
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &y in &rows {
        match runs.last_mut() {
            Some(r) if r.1 + 1 == y => r.1 = y,
            _ => runs.push((y, y)),
        }
    }
    let bar = |r: &(u32, u32)| (r.0..=r.1).any(|y| row_cover(y) * 10 >= gw as usize * 7);
    if runs.len() == 2 && runs.iter().all(bar) {
        return Some('=');
    }
    // Strokes a column crosses. A chevron's open side is crossed twice (its
    // two arms), its apex once; a bar under it (straight as in ≥, slanted
    // parallel to the lower arm as in ⩾) adds one stroke in the middle.
    let crossings = |x: u32| {
        let mut n = 0;
        let mut inside = false;
        for y in gy0..=gy1 {
            let i = ink(x, y);
            if i && !inside {
                n += 1;
            }
            inside = i;
        }
        n
    };
    let median = |from: f64, to: f64| {
        let mut v: Vec<u32> = (0..5)
            .map(|k| {
                let f = from + (to - from) * k as f64 / 4.0;
                crossings(gx0 + ((gw - 1) as f64 * f).round() as u32)
            })
            .collect();
        v.sort_unstable();
        v[2]
    };
    // Which way it opens: the top of a chevron is its open side's upper arm.
    let top_row = (gx0..gx1).filter(|&x| ink(x, gy0)).map(|x| x as f64);
    let (sum, n): (f64, f64) = top_row.fold((0.0, 0.0), |(s, n), x| (s + x, n + 1.0));
    let lean = (sum / n.max(1.0) - (gx0 as f64 + gw as f64 / 2.0)) / gw as f64;
    let (open, apex) = if lean < -0.2 {
        (median(0.05, 0.2), median(0.85, 0.97))
    } else if lean > 0.2 {
        (median(0.8, 0.95), median(0.03, 0.15))
    } else {
        return None;
    };
    if open < 2 || apex > open {
        return None;
    }
    // Blur joins the bar to the lower arm here and there: two of the five
    // middle columns crossing three strokes is a bar.
    let bar = (0..5)
        .filter(|k| {
            let f = 0.35 + 0.3 * *k as f64 / 4.0;
            crossings(gx0 + ((gw - 1) as f64 * f).round() as u32) >= 3
        })
        .count()
        >= 2;
    Some(match (lean < 0.0, bar) {
        (true, true) => '≥',
        (true, false) => '>',
        (false, true) => '≤',
        (false, false) => '<',
    })
}

/// A first line that starts with one or two characters before its first
/// digit (`之90%`, `>186`, `=12`) may be a misread comparator; so may a
/// short one that starts with its digits (`300.00(小时)`: the ≤ was dropped).
pub fn comparator_prefix(text: &str) -> Option<usize> {
    let at = text.find(|c: char| c.is_ascii_digit())?;
    let n = text[..at].chars().count();
    let short = text.chars().count() <= 20;
    ((1..=2).contains(&n) || (n == 0 && short)).then_some(at)
}

/// Whether a cell's text (as the engine read it) has an indicator
/// target's shape: short, nothing before its number but a sign as printed
/// or misread (`之95%`, maybe after a short lead: `出院后<7(天)`), then at
/// most a short unit, and no clause punctuation. A goal (`到2027年，全区…`), a date line or a
/// name does not, so its first glyph is never taken for ≥ ≤.
pub fn target_shaped(text: &str) -> bool {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.trim_end_matches(['。', '.']);
    if text.chars().count() > MAX_TARGET_CHARS
        || text.contains(['，', '。', '、', '；', '：', '“', '”', ';'])
    {
        return false;
    }
    let Some(at) = text.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    // What precedes the number is a sign, as printed or misread, maybe
    // after a short lead; a word (到, 至, 第) before a year is prose.
    let lead = &text[..at];
    // 百分之90 is a percentage in words, not a misread ≥.
    if lead.chars().count() > MAX_TARGET_LEAD
        || lead.ends_with("分之")
        || lead
            .chars()
            .last()
            .is_some_and(|c| !SIGNS_AND_STAND_INS.contains(c))
    {
        return false;
    }
    let unit = unit_after_number(&text[at..]);
    // A bare number is an amount: a target without a sign has a unit.
    // A deadline after a sign (`≤2025年10月`, `三2025年底`) is one too.
    unit.is_some_and(|u| !lead.is_empty() || !u.is_empty())
        || (!lead.is_empty() && deadline(&text[at..]))
}

/// A year, then 年 and a month (and day), or 底/内/前: a target's deadline.
fn deadline(text: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let year = digits(text);
    let Some(rest) = text[year..].strip_prefix('年').filter(|_| year == 4) else {
        return false;
    };
    if matches!(rest, "" | "底" | "内" | "前" | "年底") {
        return true;
    }
    let month = digits(rest);
    let Some(rest) = rest[month..]
        .strip_prefix('月')
        .filter(|_| (1..=2).contains(&month))
    else {
        return false;
    };
    let day = digits(rest);
    matches!(rest, "" | "底" | "前" | "内")
        || ((1..=2).contains(&day) && matches!(&rest[day..], "日" | "日前"))
}

/// The unit after a target's number (`text` starts with it): (万人), %,
/// 天, 个月 …, never a second number (a date, a range), except a rate's
/// base (`/10万`) and ‰ read as `%0`. `None` when it is not one.
fn unit_after_number(text: &str) -> Option<&str> {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ','));
    let unit = rest.trim_matches(['(', ')', '（', '）']);
    let unit = per_base(unit).unwrap_or(unit);
    let unit = if matches!(unit, "%0" | "%o") {
        "‰"
    } else {
        unit
    };
    (unit.chars().count() <= MAX_UNIT_CHARS && !unit.contains(|c: char| c.is_ascii_digit()))
        .then_some(unit)
}

/// A rate's unit with its base (`/10万`, `/1000人`): what follows the
/// base's digits, which must be a word (万, 人), so that `/12/31` of a
/// date stays a second number.
fn per_base(unit: &str) -> Option<&str> {
    let base = unit.strip_prefix('/')?;
    let after = base.trim_start_matches(|c: char| c.is_ascii_digit());
    (after.len() < base.len()
        && after.starts_with(|c: char| !c.is_ascii_digit() && c != '/' && c != '-'))
    .then_some(after)
}

/// Whether a cell's text (as the engine read it) ends in a target's
/// clause after a longer statement (`经第三方核查无虚假记录，抽查符合率之95%`):
/// its last clause is a short lead ending in a sign or an engine's
/// stand-in for one, right before the number, and a unit. Only signs
/// inside such a clause are read again (`reread_comparators` reads a
/// stand-in just before a digit); the cell's first glyph is never taken
/// for a sign, since the cell is no target as a whole (`target_shaped`).
pub fn target_clause_at_end(text: &str) -> bool {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.trim_end_matches(['。', '.']);
    if text.chars().count() > MAX_STATEMENT_CHARS {
        return false;
    }
    let Some((head, clause)) = text.rsplit_once(['，', ',', '；', ';']) else {
        return false;
    };
    // A year or an amount in the statement: prose with numbers, not a
    // target's condition.
    if head.is_empty() || head.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let Some(at) = clause.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let lead: Vec<char> = clause[..at].chars().collect();
    let sign = lead
        .last()
        .is_some_and(|c| SIGNS_AND_STAND_INS.contains(*c));
    let before_sign = lead.len().checked_sub(2).map(|i| lead[i]);
    // 百分之90 is a percentage in words.
    sign && lead.len() <= MAX_CLAUSE_LEAD
        && before_sign.is_some_and(|c| crate::grid::is_cjk(c) && c != '分')
        && unit_after_number(&clause[at..]).is_some()
}

/// The longest statement with a target clause at its end read again.
const MAX_STATEMENT_CHARS: usize = 60;
/// A target clause's lead: the measure and its sign (`抽查符合率之`).
const MAX_CLAUSE_LEAD: usize = 8;

/// Comparators, and what engines print for one they cannot output.
const SIGNS_AND_STAND_INS: &str = "≥≤><=＞＜＝之宇全三二字";

/// The longest target text read again (`≥98.5(万平方米)` is 13).
const MAX_TARGET_CHARS: usize = 20;
/// Characters before a target's number: a sign read as one or two, or a
/// short lead (`出院后`, `合格率`).
const MAX_TARGET_LEAD: usize = 4;
/// A target's unit (`万平方米`, `个工作日`).
const MAX_UNIT_CHARS: usize = 6;

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Draws strokes (pixel lists) into a blank binarised image.
    fn glyph(draw: impl Fn(&mut GrayImage)) -> (GrayImage, PxRect) {
        let mut img = GrayImage::new(60, 40, 255);
        draw(&mut img);
        (
            img,
            PxRect {
                x0: 0,
                y0: 0,
                x1: 60,
                y1: 40,
            },
        )
    }

    /// Draws a one-pixel straight stroke from one point to another.
    pub(in crate::ocr) fn line(img: &mut GrayImage, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs());
        for i in 0..=steps {
            let x = x0 + (x1 - x0) * i / steps.max(1);
            let y = y0 + (y1 - y0) * i / steps.max(1);
            img.set(x as u32, y as u32, 0);
        }
    }

    #[test]
    fn reads_the_five_comparators() {
        // A chevron with its apex at `apex_x` and open at `open_x`.
        let chevron = |apex_x: i32, open_x: i32, bar: bool| {
            glyph(move |g| {
                line(g, (open_x, 5), (apex_x, 14));
                line(g, (apex_x, 14), (open_x, 23));
                if bar {
                    line(g, (10, 30), (30, 30));
                }
            })
        };
        let gt = |bar| chevron(30, 10, bar);
        let lt = |bar| chevron(10, 30, bar);
        let (img, r) = gt(true);
        assert_eq!(read_comparator_at(&img, &img, r), Some('≥'));
        let (img, r) = gt(false);
        assert_eq!(read_comparator_at(&img, &img, r), Some('>'));
        let (img, r) = lt(true);
        assert_eq!(read_comparator_at(&img, &img, r), Some('≤'));
        let (img, r) = lt(false);
        assert_eq!(read_comparator_at(&img, &img, r), Some('<'));
        let (img, r) = glyph(|g| {
            line(g, (10, 10), (30, 10));
            line(g, (10, 20), (30, 20));
        });
        assert_eq!(read_comparator_at(&img, &img, r), Some('='));
        // A digit-like closed shape is none of them.
        let (img, r) = glyph(|g| {
            line(g, (10, 5), (24, 5));
            line(g, (24, 5), (24, 30));
            line(g, (10, 30), (24, 30));
            line(g, (10, 5), (10, 30));
        });
        assert_eq!(read_comparator_at(&img, &img, r), None);
    }

    #[test]
    fn only_targets_are_target_shaped() {
        for t in [
            "≥90(%)",
            "之95%",
            ">186(万平方米)",
            "300.00(小时)",
            "出院后<7(天)",
            "=24(辆)",
            "≤6个月",
            "≥9.8(万人)",
            "<170(/10万)",
            "< 3%0",
            "≤3‰",
            "三2025年10月",
            "≤2025年12月31日",
            "之2026年底",
            // A faint ≥ read as its bar and lower arm (stranger degraded scan).
            "二80%",
        ] {
            assert!(target_shaped(t), "{t}");
        }
        for t in [
            "到2027年，全区公园绿地养护面积达到186万平方米",
            "到2027年",
            "2024年完成公园绿地养护面积≥186万平方米",
            "2024年12月底前完成",
            "2024-12-31",
            "2,186.4725",
            "不超过预算批复金额",
            "百分之90的街道完成",
            "0-6岁儿童健康管理率",
            "65岁及以上老年人健康管理人数",
            "2024/12/31",
            "<1/2",
            "到2025年10月",
            "三2025年10月15",
            "≤25年10月",
            "二级指标",
        ] {
            assert!(!target_shaped(t), "{t}");
        }
    }

    #[test]
    fn a_target_clause_after_a_statement_is_found_and_a_goal_is_not() {
        for t in [
            "经第三方核查无虚假记录，抽查符合率之95%",
            "电子健康档案向居民开放查询，开放率之90%",
            "按月抽查，合格率≥98(%)。",
            "每季度通报，处置时长<2(小时)",
        ] {
            assert!(target_clause_at_end(t), "{t}");
            // ...which is not a target as a whole: its first glyph is no sign.
            assert!(!target_shaped(t), "{t}");
        }
        for t in [
            // A goal: a year in the statement, words before the number.
            "到2027年，全区公园绿地养护面积达到186万平方米",
            "到2027年，全区公园绿地完好率之95%",
            "居民满意度达到90%以上，开放率不低于90%",
            "2024年完成公园绿地养护面积≥186万平方米",
            "分类投放，百分之90",
            "抽查符合率之95%",
            "经第三方核查，抽查符合率之95%，整改率之90%",
            "经第三方核查无虚假记录，符合率之2024-12-31",
        ] {
            assert!(!target_clause_at_end(t), "{t}");
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(comparator_prefix("之90%"), Some(3));
        assert_eq!(comparator_prefix(">186(万平方米)"), Some(1));
        assert_eq!(comparator_prefix("300.00(小时)"), Some(0));
        assert_eq!(
            comparator_prefix("2024年12月底前完成工程验收并交付使用"),
            None
        );
        assert_eq!(comparator_prefix("不超过预算"), None);
        assert_eq!(comparator_prefix("较上年下降20%"), None);
    }
}
