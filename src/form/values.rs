//! What a cell's text says beyond its characters: which option box is
//! ticked, and a department code printed with the department. Pure text
//! functions, used when a raw form becomes a record.

/// Marks that tick a box; `□` (and `☐`) is an unticked one.
const TICKS: &[char] = &['☑', '■', '√', '✓', '✔', '⊠', '☒', '▇', '█'];
const BOXES: &[char] = &['□', '☐', '口'];

/// The options of 项目属性.
const OPTIONS: &[&str] = &["新增项目", "延续项目"];

/// Whether `text` is (part of) an option list: an option name or a box.
pub fn is_option_text(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty()
        && (OPTIONS.iter().any(|o| t.contains(o))
            || t.chars().all(|c| TICKS.contains(&c) || BOXES.contains(&c)))
}

/// The option a 项目属性 cell chooses: the one written alone, or the one
/// whose box is ticked (a mark just before or just after its name; which
/// side is read from where the marks stand). `Err` says why none can be
/// told (none or several ticked).
pub fn chosen_option(text: &str) -> Result<Option<String>, String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(None);
    }
    let found: Vec<(usize, &str)> = OPTIONS
        .iter()
        .filter_map(|o| t.find(o).map(|at| (at, *o)))
        .collect();
    let is_mark = |c: char| TICKS.contains(&c) || BOXES.contains(&c);
    let any_mark = t.chars().any(is_mark);
    if !any_mark {
        return match found.as_slice() {
            [(_, o)] => Ok(Some(o.to_string())),
            [] => Ok(Some(t)),
            _ => Err(format!("{t:?} names both options and ticks none")),
        };
    }
    let mut found = found;
    found.sort_unstable();
    // Marks before names (`☑延续项目`) when the text starts with one.
    let before = t.chars().next().is_some_and(is_mark);
    let mark_of = |at: usize, name: &str| -> Option<char> {
        if before {
            t[..at].chars().next_back()
        } else {
            t[at + name.len()..].chars().next()
        }
        .filter(|&c| is_mark(c))
    };
    let ticked: Vec<&str> = found
        .iter()
        .filter(|(at, o)| mark_of(*at, o).is_some_and(|c| TICKS.contains(&c)))
        .map(|(_, o)| *o)
        .collect();
    match ticked.as_slice() {
        [one] => Ok(Some(one.to_string())),
        [] => Ok(None),
        _ => Err(format!("{t:?} ticks more than one option")),
    }
}

/// `[173]中国科学院` → (`中国科学院`, `173`); a code in brackets before or
/// after the name (`[]`, `【】`, `()`, `（）`). Text without one is the name.
pub fn split_department_code(text: &str) -> (String, String) {
    let t = text.trim();
    let pairs = [('[', ']'), ('【', '】'), ('(', ')'), ('（', '）')];
    for (open, close) in pairs {
        if let Some(rest) = t.strip_prefix(open)
            && let Some((code, name)) = rest.split_once(close)
            && is_code(code)
        {
            return (name.trim().to_string(), code.trim().to_string());
        }
        if let Some(head) = t.strip_suffix(close)
            && let Some((name, code)) = head.rsplit_once(open)
            && is_code(code)
        {
            return (name.trim().to_string(), code.trim().to_string());
        }
    }
    (t.to_string(), String::new())
}

fn is_code(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && s.chars().any(|c| c.is_ascii_digit())
}

/// `%` as engines misread it: its two circles as `o`/`0`/`O`/`°`, its bar
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_boxes_choose_an_option() {
        let ok = |t: &str| chosen_option(t).unwrap();
        assert_eq!(ok("新增项目□ 延续项目☑").as_deref(), Some("延续项目"));
        assert_eq!(ok("☑新增项目 □延续项目").as_deref(), Some("新增项目"));
        assert_eq!(ok("□新增项目 ■延续项目").as_deref(), Some("延续项目"));
        assert_eq!(ok("新增项目√  延续项目□").as_deref(), Some("新增项目"));
        assert_eq!(ok("□新增项目 ⊠延续项目").as_deref(), Some("延续项目"));
        assert_eq!(ok("延续项目").as_deref(), Some("延续项目"));
        assert_eq!(ok("新增项目□ 延续项目□"), None);
        assert_eq!(ok(""), None);
        assert!(chosen_option("☑新增项目 ☑延续项目").is_err());
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
    fn department_codes_split_off() {
        let s = |t: &str| {
            let (a, b) = split_department_code(t);
            (a, b)
        };
        assert_eq!(s("[173]中国科学院"), ("中国科学院".into(), "173".into()));
        assert_eq!(s("【173】中国科学院"), ("中国科学院".into(), "173".into()));
        assert_eq!(s("中国科学院（173）"), ("中国科学院".into(), "173".into()));
        assert_eq!(
            s("上海市大数据中心"),
            ("上海市大数据中心".into(), "".into())
        );
        // A bracket that is part of the name stays.
        assert_eq!(
            s("上海市绿化和市容管理局（上海市林业局）"),
            ("上海市绿化和市容管理局（上海市林业局）".into(), "".into())
        );
    }
}
