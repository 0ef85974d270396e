//! The label table: every label a 申报表 layout prints (RECORDS.md v2,
//! "which label fills which field"), and how a cell's text is matched
//! against it. Layouts are data here, not branches in the reader: a new
//! synonym is a new line in `classify`, nothing else.

use crate::lexicon::ideograph;
use crate::normalize::glyph;

/// A cell's text as a label key: broken glyphs folded, whitespace removed,
/// full-width forms (（）：) folded to ASCII, trailing colon dropped.
pub fn key(text: &str) -> String {
    let s: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => glyph::unified(c).unwrap_or(c),
        })
        .filter(|c| *c != ' ')
        .collect();
    s.trim_end_matches(':').to_string()
}

/// Which of a form's two money blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Block {
    /// The whole project or the medium term: 项目资金总额, 中期资金总额.
    Overall,
    /// The year's: 年度资金申请总额, 年度资金总额.
    Annual,
}

/// A line of a money block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Money {
    /// The block's total; `None` for a bare 资金总额 (which block it heads
    /// follows from the others).
    Total(Option<Block>),
    /// 其中：财政资金 / 财政拨款 / 当年财政拨款 / 市财政资金.
    Fiscal,
    /// 上年结转资金.
    Carryover,
    /// 其他资金.
    Other,
    /// A money line with no field of its own (自有资金, 事业收入 …): kept in
    /// `extra_fields` with the amount as printed.
    Unnamed,
}

/// What an indicator table's header cell names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Level1,
    Level2,
    Level3,
    /// 指标值 and its synonyms; the header may say which scope it is.
    Target(Option<Scope>),
    Note,
    Unit,
}

/// Which indicators a table or block holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    Annual,
    Overall,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Annual => "annual",
            Scope::Overall => "overall",
        }
    }
}

/// What a label cell announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A scalar field whose value is right of the label or below it; the
    /// name is the record field's (`period` is 项目起止时间: both dates).
    Field(&'static str),
    Money(Money),
    /// The money section's label (项目资金（元）); `single` for the names
    /// of a form with one block (项目资金申请, 项目预算, 资金情况).
    FundsBlock {
        single: bool,
    },
    Header(Column),
    /// The title of an indicator table or block (长期绩效指标, 年度绩效指标).
    ScopeTitle(Scope),
    /// A section label with no value of its own (项目绩效目标, 绩效指标).
    Section,
    /// A schedule or review block (项目实施进度计划, 审核意见): its rows go to
    /// `extra_fields` when filled.
    Schedule,
}

/// The key without a trailing bracket that holds a unit (`(万元)`) or a
/// year range (`(2024年-2026年)`), and that bracket's text.
pub fn split_suffix(key: &str) -> (&str, Option<&str>) {
    if let Some(open) = key.rfind('(')
        && key.ends_with(')')
        && open > 0
    {
        let inner = &key[open + 1..key.len() - 1];
        let unit = inner == "元" || inner == "万元";
        let years = inner.chars().any(|c| c.is_ascii_digit());
        if unit || years {
            return (&key[..open], Some(inner));
        }
    }
    (key, None)
}

/// Every base key `classify_base` knows exactly, for matching OCR text.
const VOCABULARY: &[&str] = &[
    "项目名称",
    "项目性质",
    "项目类别",
    "项目类型",
    "主管部门",
    "主管部门名称",
    "主管部门及代码",
    "主管部门编码",
    "主管部门代码",
    "主管单位",
    "实施单位",
    "项目实施单位",
    "项目单位",
    "项目属性",
    "计划开始日期",
    "项目开始日期",
    "计划开始时间",
    "计划完成日期",
    "项目完成日期",
    "计划完成时间",
    "计划结束日期",
    "项目起止时间",
    "项目实施时间",
    "项目计划实施时间",
    "项目资金总额",
    "中期资金总额",
    "资金总额",
    "其中:财政资金",
    "其中:财政拨款",
    "年度资金申请总额",
    "年度资金总额",
    "其中:当年财政拨款",
    "其中:市财政资金",
    "当年财政拨款",
    "上年结转资金",
    "其他资金",
    "自有资金",
    "项目总目标",
    "项目总体目标",
    "长期目标",
    "中期目标",
    "总体目标",
    "项目长期目标",
    "年度总体目标",
    "年度目标",
    "本年度目标",
    "年度绩效目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标内容",
    "指标名称",
    "指标值",
    "年度(/项目)指标值",
    "年度指标值",
    "项目指标值",
    "目标值",
    "年度(项目)指标值",
    "绩效指标值",
    "计量单位",
    "度量单位",
    "备注",
    "项目资金",
    "项目资金申请",
    "长期绩效指标",
    "年度绩效指标",
    "中期绩效指标",
    "项目绩效目标",
    "项目实施进度计划",
];

/// The one vocabulary entry within `max_edits(len)` edits of `text`, if
/// exactly one is nearest. For OCR text: a misread character or two must
/// not hide a label, and a near tie means we cannot tell.
pub fn nearest<'a>(text: &str, vocabulary: &[&'a str]) -> Option<&'a str> {
    let n = text.chars().count();
    // Short keys are too easy to hit by accident (备注 vs any two characters).
    if n < 4 {
        return None;
    }
    let max = if n >= 8 { 2 } else { 1 };
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for &v in vocabulary {
        // Short text may only have characters misread, not added or lost:
        // 绩效指标 is a label of its own, not 绩效指标值 with a character lost.
        if n < 8 && v.chars().count() != n {
            continue;
        }
        let d = crate::normalize::text::edit_distance(text, v);
        // Also bound by the entry's own length: 4 edits of a 4-char label is no match.
        if d > max || d * 4 > v.chars().count() {
            continue;
        }
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, v));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, v)| v)
}

/// `classify`, and for text read by OCR (`ocr`), the nearest label when
/// none matches exactly.
pub fn classify_read(key: &str, ocr: bool) -> Option<Label> {
    classify(key).or_else(|| {
        if ocr {
            // Quotes and bars are specks and rule remnants, never in a label;
            // nor does a label begin or end with a point, comma or colon (a
            // speck beside the text: `年度目标.`, `:项目资金(元)`).
            // A bracket read as its look-alike (`项目资金{元)`) is a bracket.
            let clean: Vec<char> = key
                .chars()
                .filter(|c| !"“”‘’\"'|".contains(*c))
                .map(|c| match c {
                    '{' | '[' | '【' | '〔' => '(',
                    '}' | ']' | '】' | '〕' => ')',
                    c => c,
                })
                .collect();
            // ...nor a point between two of its characters (`二.级指标`).
            let clean: String = clean
                .iter()
                .enumerate()
                .filter(|&(i, c)| {
                    !(".·`_".contains(*c)
                        && i > 0
                        && clean.get(i + 1).is_some_and(|&n| ideograph(n))
                        && ideograph(clean[i - 1]))
                })
                .map(|(_, c)| c)
                .collect();
            let clean = clean.trim_matches(|c| ".,:·、。`_".contains(c)).to_string();
            classify(&clean)
                .or_else(|| classify(&lost_bracket_restored(&clean)?))
                .or_else(|| {
                    let (base, _) = split_suffix(&clean);
                    nearest(base, VOCABULARY).and_then(classify_base)
                })
        } else {
            None
        }
    })
}

/// An opening bracket the engine lost before a unit: `项目资金元)` was
/// printed `项目资金（元）`.
fn lost_bracket_restored(key: &str) -> Option<String> {
    let inner = key.strip_suffix(')').filter(|_| !key.contains('('))?;
    let at = inner.rfind("万元").or_else(|| inner.rfind('元'))?;
    Some(format!("{}({})", &inner[..at], &inner[at..]))
}

/// Matches a label key: the base label, after a unit or year-range bracket
/// is split off (`项目总体目标(2024年-2026年)`, `资金总额(万元)`).
pub fn classify(key: &str) -> Option<Label> {
    classify_base(key).or_else(|| match split_suffix(key) {
        (base, Some(_)) => classify_base(base),
        _ => None,
    })
}

/// Matches a key with no bracket after it. `其中:` before a money line is
/// the form's way of saying "part of the total above", not part of the name.
fn classify_base(key: &str) -> Option<Label> {
    use Label::*;
    let field = |f: &'static str| Some(Field(f));
    let money = key.strip_prefix("其中").map(|k| k.trim_start_matches(':'));
    if let Some(m) = money.filter(|m| !m.is_empty()) {
        return classify_money(m).map(Money);
    }
    if let Some(m) = classify_money(key) {
        return Some(Money(m));
    }
    match key {
        "项目名称" => field("project_name"),
        "项目性质" => field("project_nature"),
        "项目类别" | "项目类型" => field("project_category"),
        "主管部门" | "主管部门名称" | "主管部门及代码" | "主管单位" => {
            field("department")
        }
        "主管部门编码" | "主管部门代码" => field("department_code"),
        "实施单位" | "项目实施单位" | "项目单位" => field("implementing_unit"),
        "项目属性" => field("project_attribute"),
        "计划开始日期" | "项目开始日期" | "开始日期" | "计划开始时间" => {
            field("start_date")
        }
        "计划完成日期" | "项目完成日期" | "完成日期" | "计划完成时间" | "计划结束日期" => {
            field("end_date")
        }
        "项目起止时间" | "项目实施时间" | "项目计划实施时间" | "项目实施期" => {
            field("period")
        }
        "项目总目标" | "项目总体目标" | "长期目标" | "中期目标" | "总目标" | "总体目标"
        | "项目长期目标" => field("overall_goal"),
        "年度总体目标" | "年度目标" | "本年度目标" | "年度绩效目标" => {
            field("annual_goal")
        }
        "一级指标" => Some(Header(Column::Level1)),
        "二级指标" => Some(Header(Column::Level2)),
        "三级指标" | "指标内容" | "指标名称" => Some(Header(Column::Level3)),
        "指标值" | "目标值" | "绩效指标值" | "年度(/项目)指标值" | "年度(项目)指标值" => {
            Some(Header(Column::Target(None)))
        }
        "年度指标值" | "年度目标值" => Some(Header(Column::Target(Some(Scope::Annual)))),
        "中期指标值" | "长期指标值" | "项目指标值" | "中期目标值" | "长期目标值" => {
            Some(Header(Column::Target(Some(Scope::Overall))))
        }
        "备注" => Some(Header(Column::Note)),
        "计量单位" | "度量单位" => Some(Header(Column::Unit)),
        "年度绩效指标" | "本年度绩效指标" | "年度指标" => {
            Some(ScopeTitle(Scope::Annual))
        }
        "长期绩效指标"
        | "中期绩效指标"
        | "总目标绩效指标"
        | "总体绩效指标"
        | "长期指标"
        | "中期指标" => Some(ScopeTitle(Scope::Overall)),
        "项目绩效目标" | "绩效目标" | "绩效指标" | "项目绩效指标" | "项目资金来源" => {
            Some(Section)
        }
        "项目资金" | "项目资金情况" | "资金来源" => {
            Some(FundsBlock { single: false })
        }
        "项目资金申请" | "项目预算" | "资金情况" => Some(FundsBlock { single: true }),
        k if k.ends_with("进度计划") || k.ends_with("审核意见") => Some(Schedule),
        _ => None,
    }
}

/// A money line's name (without `其中:`).
fn classify_money(key: &str) -> Option<Money> {
    use Money::*;
    Some(match key {
        "项目资金总额" | "中期资金总额" | "项目总资金" => {
            Total(Some(Block::Overall))
        }
        "年度资金申请总额" | "年度资金总额" | "年度资金申请" => {
            Total(Some(Block::Annual))
        }
        "资金总额" => Total(None),
        "财政资金" | "财政拨款" | "当年财政拨款" | "市财政资金" | "财政拨款资金" => {
            Fiscal
        }
        "上年结转资金" | "上年结转" => Carryover,
        "其他资金" => Other,
        "自有资金"
        | "事业收入"
        | "经营性收入"
        | "经营收入"
        | "一般公共预算拨款"
        | "政府性基金拨款"
        | "单位自筹"
        | "自筹资金"
        | "社会资金"
        | "其他收入" => Unnamed,
        _ => return None,
    })
}

/// Labels of the lines printed under a form's table (and 填报单位 above it),
/// which hold several `label：value` pairs on one line.
pub const FOOTER_LABELS: &[&str] = &[
    "填报单位",
    "填报人",
    "填表人",
    "单位负责人",
    "财务负责人",
    "项目负责人",
    "负责人",
    "经办人",
    "审核人",
    "联系人",
    "联系电话",
    "填报日期",
    "填表日期",
];

pub const LEVEL1_NAMES: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];
pub const LEVEL2_NAMES: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "环境效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_layout_and_broken_glyphs() {
        assert_eq!(key("项⽬名称"), "项目名称");
        assert_eq!(key("其中：财政\n资金"), "其中:财政资金");
        assert_eq!(key("年度(/项目)指标值"), "年度(/项目)指标值");
        assert_eq!(key("项目资金\n（万元）"), "项目资金(万元)");
        assert_eq!(key("资金总额："), "资金总额");
        assert_eq!(key("项目\u{3000}名称"), "项目名称");
    }

    #[test]
    fn classify_labels() {
        use Label::*;
        assert_eq!(
            classify(&key("项目资金（元）")),
            Some(FundsBlock { single: false })
        );
        assert_eq!(
            classify(&key("项目资金申请（万元）")),
            Some(FundsBlock { single: true })
        );
        // OCR lost the opening bracket; a text layer's label is taken as printed.
        assert_eq!(
            classify_read(&key("项目资金元)"), true),
            Some(FundsBlock { single: false })
        );
        assert_eq!(
            classify_read(&key("项目资金万元)"), true),
            Some(FundsBlock { single: false })
        );
        assert_eq!(classify_read(&key("项目资金元)"), false), None);
        // A speck between two of a label's characters, in OCR only.
        assert_eq!(
            classify_read(&key("二.级指标"), true),
            Some(Header(Column::Level2))
        );
        assert_eq!(
            classify_read(&key("项目·名称"), true),
            classify(&key("项目名称"))
        );
        assert_eq!(classify_read(&key("二.级指标"), false), None);
        assert_eq!(
            classify_read(&key("项目资金{元)"), true),
            Some(FundsBlock { single: false })
        );
        assert_eq!(
            classify_read(&key("项目资金【万元]"), true),
            Some(FundsBlock { single: false })
        );
        assert_eq!(
            classify(&key("项目资金总额")),
            Some(Money(super::Money::Total(Some(Block::Overall))))
        );
        assert_eq!(
            classify(&key("其中：当年财政拨款")),
            Some(Money(super::Money::Fiscal))
        );
        assert_eq!(
            classify(&key("财政拨款：")),
            Some(Money(super::Money::Fiscal))
        );
        assert_eq!(
            classify(&key("自有资金：")),
            Some(Money(super::Money::Unnamed))
        );
        assert_eq!(classify(&key("年度目标")), Some(Field("annual_goal")));
        assert_eq!(
            classify(&key("项目总体目标（2024年-2026年）")),
            Some(Field("overall_goal"))
        );
        assert_eq!(
            classify(&key("中期目标（2025年－2027年）")),
            Some(Field("overall_goal"))
        );
        assert_eq!(classify(&key("指标内容")), Some(Header(Column::Level3)));
        assert_eq!(classify(&key("备注")), Some(Header(Column::Note)));
        assert_eq!(classify(&key("计量单位")), Some(Header(Column::Unit)));
        assert_eq!(
            classify(&key("长期绩效指标")),
            Some(ScopeTitle(Scope::Overall))
        );
        assert_eq!(
            classify(&key("主管部门编码")),
            Some(Field("department_code"))
        );
        assert_eq!(classify(&key("项目起止时间")), Some(Field("period")));
        assert_eq!(classify(&key("项目实施进度计划")), Some(Schedule));
        assert_eq!(classify(&key("主管部门审核意见")), Some(Schedule));
        assert_eq!(classify(&key("项目资金使用情况说明很长的文字")), None);
        assert_eq!(classify(&key("数据运营服务费")), None);
        // A bracket that is neither a unit nor a year range is part of the label.
        assert_eq!(classify(&key("项目名称（备注）")), None);
    }

    #[test]
    fn every_vocabulary_entry_classifies() {
        for v in VOCABULARY {
            assert!(classify(v).is_some(), "{v}");
        }
    }

    #[test]
    fn ocr_misreads_snap_to_labels() {
        let total = Some(Label::Money(Money::Total(Some(Block::Overall))));
        assert_eq!(classify_read("项目资金总客", true), total);
        assert_eq!(
            classify_read("年度资金申请总客", true),
            Some(Label::Money(Money::Total(Some(Block::Annual))))
        );
        assert_eq!(classify_read("服务对和象满意度指标", true), None);
        assert_eq!(
            nearest("服务对和象满意度指标", LEVEL2_NAMES),
            Some("服务对象满意度指标")
        );
        // Text-layer keys never snap, and short or distant text never does.
        assert_eq!(classify_read("项目资金总客", false), None);
        assert_eq!(classify_read("备考", true), None);
        assert_eq!(classify_read("公园绿地养护", true), None);
        assert_eq!(classify_read("绩效指标", true), Some(Label::Section));
        // A speck read beside a label as a point or comma.
        let annual = Some(Label::Field("annual_goal"));
        assert_eq!(classify_read(&key("年度目标."), true), annual);
        assert_eq!(classify_read(&key("，年度目标"), true), annual);
        assert_eq!(
            classify_read(&key(":项目资金(元)"), true),
            Some(Label::FundsBlock { single: false })
        );
        assert_eq!(classify_read(&key("年度目标."), false), None);
    }
}
