//! Repairs of what OCR engines break in text whose shape the form tells us:
//! Chinese punctuation read as ASCII, and the look-alikes inside numbers.
//! Each function returns the text unchanged when there is nothing to do, so
//! the caller can log exactly what changed.

use crate::grid::is_cjk;

/// ASCII punctuation next to a Chinese character is the full-width mark an
/// engine flattened (`，` → `,`). `parens` also turns `()`; without it (a
/// target: templates print a unit after its number in ASCII parentheses,
/// `≥240(次)`) only a pair opened right after a Chinese character
/// (`服务中心(站)`, prose inside a target) is turned.
pub fn punctuation(s: &str, parens: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let prev_cjk = |i: usize| {
        chars[..i]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(|&c| is_cjk(c))
    };
    let next_cjk = |i: usize| {
        chars[i + 1..]
            .iter()
            .find(|c| !c.is_whitespace())
            .is_some_and(|&c| is_cjk(c))
    };
    let neighbour_cjk = |i: usize| prev_cjk(i) || next_cjk(i);
    // Without `parens`: which `(` open after a Chinese character, and so
    // which `)` close such a pair.
    let mut prose_pair = vec![false; chars.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(o) = open.pop()
                    && prev_cjk(o)
                {
                    prose_pair[o] = true;
                    prose_pair[i] = true;
                }
            }
            _ => {}
        }
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let wide = match c {
                ',' => '，',
                ';' => '；',
                ':' => '：',
                '!' => '！',
                '?' => '？',
                '(' if parens => '（',
                ')' if parens => '）',
                '(' | ')' if prose_pair[i] => return if c == '(' { '（' } else { '）' },
                '〈' => '（',
                '〉' => '）',
                // The enumeration comma's slanted tick, read as a backtick
                // (`经济调节`市场监管`): only between two Chinese characters.
                '`' => return if prev_cjk(i) && next_cjk(i) { '、' } else { c },
                _ => return c,
            };
            if neighbour_cjk(i) || matches!(c, '〈' | '〉') {
                wide
            } else {
                c
            }
        })
        .collect()
}

/// A cell that should hold a number or a date, with OCR's look-alikes put
/// back: `O`/`o` → `0`, `l`/`I`/`|` → `1`, `;` → `,`, doubled dots, spaces
/// (`119, 624, 404. 76` → `119,624,404.76`), full-width digits and marks,
/// a stop after the last digit, a decimal point read as `:`.
pub fn number_shape(s: &str) -> String {
    let squashed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = &colon_point(&squashed).unwrap_or_else(|| s.to_string());
    let mapped: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'O' | 'o' | 'D' => '0',
            'l' | 'I' | '|' => '1',
            ';' | '，' | '；' => ',',
            '。' | '·' => '.',
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    // Only a string that is then number-like is a number misread; anything
    // else (a word, a date in Chinese) is left alone.
    let numeric = mapped
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '/' | '年' | '月' | '日'));
    if !numeric || !mapped.chars().any(|c| c.is_ascii_digit()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(mapped.len());
    for c in mapped.chars() {
        if c == '.' && out.ends_with('.') {
            continue;
        }
        out.push(c);
    }
    // A speck after the last digit is read as a stop: no number ends in one.
    while out.len() > 1 && out.ends_with(['.', ',']) {
        out.pop();
    }
    grouped_separators(&out).unwrap_or(out)
}

/// An amount's separators mixed up (a bilevel scan leaves a comma's tail a
/// pixel or none): `118.560,000.00` → `118,560,000.00`. Only where the
/// shape says which is which: a first group of 1–3 digits, one or more
/// groups of three, then the 2 or 4 decimals of 元 or 万元 amounts, so the
/// last mark is the point and every other one a comma. One mark alone
/// (`1.500`) says nothing and is left as read. A mark read twice (`.,`: a
/// comma's head and tail as two glyphs) is one mark: the groups around it
/// still say where the number's digits belong.
fn grouped_separators(s: &str) -> Option<String> {
    let mark = |c: char| c == '.' || c == ',';
    if s.starts_with(mark) {
        return None;
    }
    let groups: Vec<&str> = s.split(mark).filter(|g| !g.is_empty()).collect();
    let (first, rest) = groups.split_first()?;
    let (decimals, thousands) = rest.split_last()?;
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    let shaped = (1..=3).contains(&first.len())
        && !thousands.is_empty()
        && thousands.iter().all(|g| g.len() == 3)
        && matches!(decimals.len(), 2 | 4)
        && groups.iter().all(|g| digits(g));
    if !shaped {
        return None;
    }
    let fixed = format!("{first},{}.{decimals}", thousands.join(","));
    (fixed != s).then_some(fixed)
}

/// A decimal point read as `:` (a speck above it): `120:35` → `120.35`,
/// only where the colon is the number's one separator before its last two
/// or four digits (元 and 万元 amounts), so a time or a ratio is not one.
fn colon_point(s: &str) -> Option<String> {
    let (int, frac) = s.split_once([':', '：'])?;
    let digits_only = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ',');
    (digits_only(int)
        && matches!(frac.len(), 2 | 4)
        && frac.chars().all(|c| c.is_ascii_digit())
        && int.chars().next().is_some_and(|c| c.is_ascii_digit()))
    .then(|| format!("{int}.{frac}"))
}

/// The number inside OCR junk around an amount cell (`E3,710,000.00`,
/// `0.00Te———`: specks, a seal's edge, a rule read as letters): the one run
/// of digits, `,` and `.`, when everything around it is Latin letters or
/// marks. Anything with Chinese or a second number is left alone.
pub fn number_core(s: &str) -> String {
    let is_num = |c: char| c.is_ascii_digit() || c == ',' || c == '.';
    let runs: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices() {
            match (is_num(c), start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    v.push((st, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            v.push((st, s.len()));
        }
        v.into_iter()
            .filter(|&(a, b)| s[a..b].chars().any(|c| c.is_ascii_digit()))
            .collect()
    };
    let [(a, b)] = runs[..] else {
        return s.to_string();
    };
    // Dashes (a rule read as ———) are junk too; ideographs are words.
    let ideograph =
        |c: char| matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF);
    let junk_only = s[..a]
        .chars()
        .chain(s[b..].chars())
        .all(|c| !ideograph(c) && !c.is_ascii_digit());
    if junk_only {
        s[a..b].to_string()
    } else {
        s.to_string()
    }
}

/// Specks OCR reads as marks in prose and targets: a closing quote with no
/// opening one before it (`底”前完成`) or the reverse, punctuation a cell
/// cannot start with (`，湿垃圾`), a dot between a number and its unit
/// (`75.(%)`) or before a Chinese mark (`生活.。`), `%0`/`%o` for ‰, and a
/// vertical bar at either end next to a Chinese character (`管理项目|`: the
/// cell's own border read as a glyph).
pub fn specks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut open = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '“' => {
                // Kept only when a closing one follows.
                if chars[i + 1..].contains(&'”') {
                    open += 1;
                    out.push(c);
                }
            }
            '”' => {
                if open > 0 {
                    open -= 1;
                    out.push(c);
                }
            }
            '，' | '、' | '。' | '；' | ',' | '.' if out.trim().is_empty() => {}
            '.' if out.ends_with(|p: char| p.is_ascii_digit())
                && chars
                    .get(i + 1)
                    .is_some_and(|&n| n == '(' || n == '%' || n == '（') => {}
            // A dot of dust before a Chinese mark (`生活.。`): no text puts
            // a Latin point or comma right before one.
            '.' | ',' | '·'
                if chars
                    .get(i + 1)
                    .is_some_and(|&n| "。，、；：！？".contains(n)) => {}
            _ => out.push(c),
        }
    }
    let bar = |c: char| matches!(c, '|' | '｜' | '丨');
    let cjk = |c: Option<char>| c.is_some_and(is_cjk);
    let t = out.trim();
    let stem = t.trim_end_matches(bar).trim_end();
    if stem.len() < t.len() && cjk(stem.chars().next_back()) {
        out = stem.to_string();
    }
    let t = out.trim();
    let stem = t.trim_start_matches(bar).trim_start();
    if stem.len() < t.len() && cjk(stem.chars().next()) {
        out = stem.to_string();
    }
    for tail in ["%0", "%o"] {
        if let Some(stem) = out.strip_suffix(tail)
            && stem.ends_with(|p: char| p.is_ascii_digit())
        {
            out = format!("{stem}‰");
        }
    }
    out
}

/// A sentence's closing `。` read as a zero (`管理机制0`): prose that ends
/// in a lone `0`/`o`/`O` right after a Chinese character, when it has
/// clauses before (`，` `、` `。`: a statement, not a name or a count) and
/// the character before is not one a number follows (`为0`, `达到0`).
pub fn final_stop(s: &str) -> String {
    let t = s.trim_end();
    // Tesseract puts spaces between the symbols it reads: skip them.
    let mut rev = t.chars().rev().filter(|c| !c.is_whitespace());
    let (Some(last), Some(before)) = (rev.next(), rev.next()) else {
        return s.to_string();
    };
    let stem = &t[..t.len() - last.len_utf8()];
    let sentence = stem.contains(['，', '。', '；', '、']);
    if matches!(last, '0' | 'o' | 'O')
        && is_cjk(before)
        && sentence
        && !NUMBER_FOLLOWS.contains(before)
    {
        format!("{stem}。")
    } else {
        s.to_string()
    }
}

/// Characters a number follows in prose (为0, 达到0, 共0, 第0).
const NUMBER_FOLLOWS: &str = "为是至到于达约共计有第增减降升低高超过剩余零";

/// A target's unit bracket whose closing half the engine lost at the
/// cell's edge (`≥90(%`, `≥20（万人次`) or read as a look-alike (`≥800(株》`:
/// a bilevel scan's `)` as `》`): closed, in the bracket's own width. Only
/// when the text ends inside the one bracket it opens, after a number, and
/// what it holds is a short unit (no digit, no clause mark); a look-alike
/// only as the text's last character, with no opening mark of its own kind
/// anywhere (`(《规划》` is a title, not a unit).
pub fn closing_bracket(s: &str) -> String {
    // An engine spaces its words apart (`≥800( 株 》`); a unit has none.
    let t: String = s.split_whitespace().collect();
    let t = t.as_str();
    let Some((at, open)) = t.char_indices().rfind(|&(_, c)| c == '(' || c == '（') else {
        return s.to_string();
    };
    let before = &t[..at];
    let inside = &t[at + open.len_utf8()..];
    let unit = match inside.strip_suffix(|c: char| CLOSE_ALIKES.contains(c)) {
        Some(u) if !t.contains(|c: char| OPEN_ALIKES.contains(c)) => u,
        _ => inside,
    };
    let opens = t.chars().filter(|c| matches!(c, '(' | '（')).count();
    let closes = t.chars().filter(|c| matches!(c, ')' | '）')).count();
    let short_unit = (1..=MAX_UNIT_CHARS).contains(&unit.chars().count())
        && !unit
            .chars()
            .any(|c| c.is_ascii_digit() || "，,。；;：:、".contains(c) || CLOSE_ALIKES.contains(c));
    if opens == 1 && closes == 0 && short_unit && before.ends_with(|c: char| c.is_ascii_digit()) {
        let close = if open == '(' { ')' } else { '）' };
        format!("{before}{open}{unit}{close}")
    } else {
        s.to_string()
    }
}

/// Marks an engine reads a closing bracket as, and their opening halves.
const CLOSE_ALIKES: &str = "》〉]】}」』］｝";
const OPEN_ALIKES: &str = "《〈[【{「『［｛";

/// The longest unit `closing_bracket` closes (万平方米, 人次/年).
const MAX_UNIT_CHARS: usize = 6;

/// A target's `%` read as `°` (`≥95°`, `≥90(°)`): at 300 dpi a bilevel
/// scan keeps the percent sign's upper ring and loses its thin slash and
/// lower ring. Only for targets, only as the whole unit after the number
/// (at the end or alone in brackets); a temperature (`≤26°C`, `26℃`) or a
/// degree inside prose is left alone.
pub fn percent_sign(s: &str) -> String {
    let is_degree = |c: char| matches!(c, '°' | 'º' | '˚');
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let unit_alone = match (i.checked_sub(1).map(|j| chars[j]), chars.get(i + 1)) {
            (Some(p), None) => p.is_ascii_digit(),
            (Some('(' | '（'), Some(')' | '）')) => {
                chars
                    .get(i.wrapping_sub(2))
                    .is_some_and(|p| p.is_ascii_digit())
                    && i + 2 == chars.len()
            }
            _ => false,
        };
        out.push(if is_degree(c) && unit_alone { '%' } else { c });
    }
    out
}

/// `%` as engines misread it whole (`percent_sign` above is the bilevel
/// case, the ring alone): its two circles as `o`/`0`/`O`/`°`, its bar
/// as `/` (`o/0`, `0/0`, `o/o`). In a unit cell (计量单位) the whole text
/// may be one such reading, also a lone circle (`0`, `o`: no unit is a
/// number); in a target only the slashed form right after the number
/// (`≥90o/0`), since a lone `0` after digits is a digit. Anything else is
/// returned as it is.
pub fn percent_misread(text: &str, unit_cell: bool) -> String {
    let circle = |c: char| matches!(c, 'o' | 'O' | '0' | '°' | 'º');
    let slashed = |s: &str| {
        let c: Vec<char> = s.chars().collect();
        c.len() == 3 && circle(c[0]) && c[1] == '/' && circle(c[2])
    };
    let t = text.trim();
    if unit_cell {
        let lone = t.chars().count() == 1 && t.chars().all(circle);
        return if slashed(t) || lone {
            "%".to_string()
        } else {
            text.to_string()
        };
    }
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len();
    // The slashed form ends the target (a `。` may follow) after a digit.
    let end = if chars.last() == Some(&'。') {
        n - 1
    } else {
        n
    };
    if end >= 4 && chars[end - 4].is_ascii_digit() {
        let tail: String = chars[end - 3..end].iter().collect();
        if slashed(&tail) {
            let head: String = chars[..end - 3].iter().collect();
            let rest: String = chars[end..].iter().collect();
            return format!("{head}%{rest}");
        }
    }
    text.to_string()
}

/// The name of a closed vocabulary (the 一级/二级 indicator levels) that
/// OCR'd text stands for, when one is clearly nearest. The name may sit
/// among noise read in a tall merged cell (`生太效益指标工心从皿目物`), so
/// each name is aligned against the best-matching stretch of the text:
/// edits inside that stretch count, what is around it does not. The
/// nearest name wins when it needs at most a third of its length in edits
/// and no other name is as near; anything else is `None` (left as read,
/// with a warning, by the caller). Only Chinese characters are compared.
pub fn snap_to_vocabulary<'a>(text: &str, names: &[&'a str]) -> Option<&'a str> {
    let text: Vec<char> = text.chars().filter(|&c| is_cjk(c)).collect();
    if text.len() < 2 {
        return None;
    }
    let mut scored: Vec<(usize, &'a str)> = names
        .iter()
        .map(|&n| (edits_within(&n.chars().collect::<Vec<_>>(), &text), n))
        .collect();
    scored.sort_by_key(|&(d, n)| (d, std::cmp::Reverse(n.chars().count())));
    let (best, name) = *scored.first()?;
    let unique = scored.get(1).is_none_or(|&(d, _)| d > best);
    // A name inside another (成本指标 in 经济成本指标) ties at 0: the
    // longer one, found whole, is meant.
    let whole_longer = best == 0
        && scored
            .iter()
            .skip(1)
            .all(|&(d, n)| d > 0 || n.chars().count() < name.chars().count());
    (best * 3 <= name.chars().count() && (unique || whole_longer)).then_some(name)
}

/// Edits to turn `name` into some stretch of `text` (semi-global
/// alignment: text before and after the stretch is free).
fn edits_within(name: &[char], text: &[char]) -> usize {
    // prev[j]: edits to match name[..i] ending at text[..j].
    let mut prev: Vec<usize> = vec![0; text.len() + 1];
    for (i, &a) in name.iter().enumerate() {
        let mut cur = vec![i + 1; text.len() + 1];
        for (j, &b) in text.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(a != b))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev.into_iter().min().unwrap_or(name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_next_to_chinese_becomes_full_width() {
        assert_eq!(punctuation("完成改造;湿垃圾", true), "完成改造；湿垃圾");
        assert_eq!(punctuation("其中:当年", true), "其中：当年");
        assert_eq!(punctuation("达到1,250.50万元", true), "达到1,250.50万元");
        assert_eq!(punctuation("≥186(万平方米)", false), "≥186(万平方米)");
        // In a target, a pair opened after a Chinese character is prose;
        // a unit's after its number, or an unpaired one, is kept.
        assert_eq!(
            punctuation("实现全区24家社区卫生服务中心(站)数据互通", false),
            "实现全区24家社区卫生服务中心（站）数据互通"
        );
        assert_eq!(punctuation("中心(站)≥240(次)", false), "中心（站）≥240(次)");
        assert_eq!(punctuation("≤170(/10万)", false), "≤170(/10万)");
        assert_eq!(punctuation("中心(站", false), "中心(站");
        assert_eq!(punctuation("覆盖(含街心)", true), "覆盖（含街心）");
        assert_eq!(punctuation("GB/T 39786, 2021", true), "GB/T 39786, 2021");
        // A backtick is 、 only between two Chinese characters.
        assert_eq!(punctuation("经济调节`市场监管", true), "经济调节、市场监管");
        assert_eq!(punctuation("`代码`", true), "`代码`");
        assert_eq!(punctuation("调节`x", true), "调节`x");
    }

    #[test]
    fn a_final_stop_read_as_zero_is_put_back() {
        assert_eq!(
            final_stop("法律 把 关 机 制 、 保障 机 制 0"),
            "法律 把 关 机 制 、 保障 机 制 。"
        );
        assert_eq!(
            final_stop("形成依法科学决策、依法实施建设管理的法律把关机制0"),
            "形成依法科学决策、依法实施建设管理的法律把关机制。"
        );
        assert_eq!(
            final_stop("提高中心的研究能力，保障中心工作o"),
            "提高中心的研究能力，保障中心工作。"
        );
        for s in [
            "全年安全事故，发生数为0",
            "投诉，全年共0",
            "年度资金0",
            "达标率100",
            "完成改造，累计达到50",
            "按规定完成。",
            "",
        ] {
            assert_eq!(final_stop(s), s);
        }
    }

    #[test]
    fn specks_are_dropped() {
        assert_eq!(specks("2024年12月底”前完成"), "2024年12月底前完成");
        assert_eq!(specks("建立“一园一档”的台账"), "建立“一园一档”的台账");
        assert_eq!(specks("，湿垃圾日均分出量"), "湿垃圾日均分出量");
        assert_eq!(specks("≥75.(%)"), "≥75(%)");
        assert_eq!(specks("≥2.3万株"), "≥2.3万株");
        assert_eq!(specks("≤3%0"), "≤3‰");
        assert_eq!(specks("≤30%"), "≤30%");
        assert_eq!(specks("丰富居民精神文化生活.。"), "丰富居民精神文化生活。");
        // A cell's border read as a bar, at either end of Chinese text.
        assert_eq!(specks("行道树养护管理项目|"), "行道树养护管理项目");
        assert_eq!(specks("| 项目成本控制"), "项目成本控制");
        assert_eq!(specks("A|B"), "A|B");
        assert_eq!(specks("≥90|"), "≥90|");
        assert_eq!(specks("达到1.5，其余"), "达到1.5，其余");
        assert_eq!(specks("共3.2万人次。"), "共3.2万人次。");
    }

    #[test]
    fn percent_read_as_circles_and_a_bar() {
        assert_eq!(percent_misread("o/0", true), "%");
        assert_eq!(percent_misread("0", true), "%");
        assert_eq!(percent_misread("个", true), "个");
        assert_eq!(percent_misread("10", true), "10");
        assert_eq!(percent_misread("≥90o/0", false), "≥90%");
        assert_eq!(percent_misread("=100 0/0。", false), "=100 0/0。");
        assert_eq!(percent_misread("=1000/0。", false), "=100%。");
        // A lone 0 after digits is a digit; a fraction is a fraction.
        assert_eq!(percent_misread("≥90", false), "≥90");
        assert_eq!(percent_misread("1/0", false), "1/0");
    }

    #[test]
    fn a_units_bracket_left_open_at_the_end_is_closed() {
        assert_eq!(closing_bracket("≥90(%"), "≥90(%)");
        assert_eq!(closing_bracket("≥20（万人次"), "≥20（万人次）");
        assert_eq!(closing_bracket("≥90(%)"), "≥90(%)");
        // Not a unit after a number: left as read.
        assert_eq!(closing_bracket("完成(预计"), "完成(预计");
        assert_eq!(closing_bracket("≥90(2025"), "≥90(2025");
        assert_eq!(closing_bracket("≥90(含线上，线下"), "≥90(含线上，线下");
        assert_eq!(closing_bracket("≥90((%"), "≥90((%");
        // Its closing half read as a look-alike.
        assert_eq!(closing_bracket("≥800(株》"), "≥800(株)");
        assert_eq!(closing_bracket("≥ 800( 株 》"), "≥800(株)");
        assert_eq!(closing_bracket("≥20（万人次】"), "≥20（万人次）");
        assert_eq!(closing_bracket("≥3(《规划》"), "≥3(《规划》");
        assert_eq!(closing_bracket("≥3(个》》"), "≥3(个》》");
    }

    #[test]
    fn a_targets_percent_read_as_a_degree_is_put_back() {
        assert_eq!(percent_sign("≥95°"), "≥95%");
        assert_eq!(percent_sign("=100º"), "=100%");
        assert_eq!(percent_sign("≥90(°)"), "≥90(%)");
        // A degree that is one: a temperature, a unit with more after it.
        assert_eq!(percent_sign("≤26°C"), "≤26°C");
        assert_eq!(percent_sign("≤26(°C)"), "≤26(°C)");
        assert_eq!(percent_sign("坡度≤5°以内"), "坡度≤5°以内");
        assert_eq!(percent_sign("°"), "°");
        assert_eq!(percent_sign("≥95%"), "≥95%");
    }

    #[test]
    fn level_names_snap_only_when_one_is_clearly_nearest() {
        const L1: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];
        const L2: &[&str] = &[
            "数量指标",
            "质量指标",
            "时效指标",
            "成本指标",
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
            "服务对象满意度指标",
        ];
        let snap = snap_to_vocabulary;
        assert_eq!(snap("生太效益指标工心从皿目物", L2), Some("生态效益指标"));
        assert_eq!(snap("社会益指标", L2), Some("社会效益指标"));
        assert_eq!(snap("产出指标|本", L1), Some("产出指标"));
        assert_eq!(snap("服务对和象满意度指标", L2), Some("服务对象满意度指标"));
        assert_eq!(snap("质量指", L2), Some("质量指标"));
        // Text it must leave alone: equally near two names, or near none.
        assert_eq!(snap("效益指标", L2), None);
        assert_eq!(snap("指标", L2), None);
        assert_eq!(snap("公园绿地养护", L2), None);
        assert_eq!(snap("项目成本控制", L1), None);
    }

    #[test]
    fn junk_around_a_number_is_dropped() {
        assert_eq!(number_core("E3,710,000.00"), "3,710,000.00");
        assert_eq!(number_core("0.00Te——————"), "0.00");
        assert_eq!(number_core("se980.35"), "980.35");
        assert_eq!(number_core("约980.35"), "约980.35");
        assert_eq!(number_core("12 34"), "12 34");
        assert_eq!(number_core("1,250.50"), "1,250.50");
    }

    #[test]
    fn number_look_alikes_are_put_back() {
        assert_eq!(number_shape("120..35"), "120.35");
        assert_eq!(number_shape("1;250.50"), "1,250.50");
        assert_eq!(number_shape("119, 624, 404. 76"), "119,624,404.76");
        assert_eq!(number_shape("2O24-0l-01"), "2024-01-01");
        assert_eq!(number_shape("十二月"), "十二月");
        assert_eq!(number_shape("Old"), "Old");
        assert_eq!(number_shape("2,186.4725."), "2,186.4725");
        assert_eq!(number_shape("120:35"), "120.35");
        assert_eq!(number_shape("1,203:5000"), "1,203.5000");
        // Not a decimal point: a time, a ratio, a date.
        assert_eq!(number_shape("12:3"), "12:3");
        assert_eq!(number_shape("1:500"), "1:500");
        assert_eq!(number_shape("2024年1月1日"), "2024年1月1日");
        // Separators mixed up where the groups say which is the point.
        assert_eq!(number_shape("118.560,000.00"), "118,560,000.00");
        assert_eq!(number_shape("3.710.000.00"), "3,710,000.00");
        assert_eq!(number_shape("112,850.000,00"), "112,850,000.00");
        assert_eq!(number_shape("1.203,5000"), "1,203.5000");
        assert_eq!(number_shape("112,850.,000.00"), "112,850,000.00");
        assert_eq!(number_shape("2,.000,000.00"), "2,000,000.00");
        // Not an amount's shape, or nothing to tell: left as read.
        assert_eq!(number_shape("1.500"), "1.500");
        assert_eq!(number_shape("2024.12.31"), "2024.12.31");
        assert_eq!(number_shape("118,560,000.00"), "118,560,000.00");
        assert_eq!(number_shape("12.34.56"), "12.34.56");
        // A doubled mark does not make a wrong group count right.
        assert_eq!(number_shape("118.3560.,000.00"), "118.3560.,000.00");
    }
}
