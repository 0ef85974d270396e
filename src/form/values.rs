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
