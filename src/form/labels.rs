//! The closed vocabulary of 申报表 labels, and how a cell's text is matched
//! against it.

use crate::normalize::glyph;

/// A cell's text as a label key: broken glyphs folded, whitespace removed,
/// full-width forms (（）：) folded to ASCII, trailing colon dropped.
pub fn key(text: &str) -> String {
    let s: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => glyph::unified(c).unwrap_or(c),
        })
        .collect();
    s.trim_end_matches(':').to_string()
}

/// What a label cell announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A scalar field whose value is in the cell to the right (or below, for
    /// goals); the name is the record field's.
    Field(&'static str),
    /// Left block's or right block's 其他资金: which one depends on position.
    OtherFunds,
    /// 项目资金（元）/（万元）: declares the amount unit.
    FundsBlock,
    Level1Header,
    Level2Header,
    Level3Header,
    TargetHeader,
    /// Columns that are not part of the record (备注).
    IgnoredHeader,
}

/// Every label key `classify` knows exactly, for matching OCR text.
const VOCABULARY: &[&str] = &[
    "项目名称",
    "项目性质",
    "项目类别",
    "项目类型",
    "主管部门",
    "主管部门及代码",
    "主管单位",
    "实施单位",
    "项目实施单位",
    "计划开始日期",
    "项目开始日期",
    "开始日期",
    "计划开始时间",
    "计划完成日期",
    "项目完成日期",
    "完成日期",
    "计划完成时间",
    "计划结束日期",
    "项目资金总额",
    "资金总额",
    "其中:财政资金",
    "其中财政资金",
    "财政资金",
    "年度资金申请总额",
    "年度资金总额",
    "其中:当年财政拨款",
    "其中当年财政拨款",
    "当年财政拨款",
    "上年结转资金",
    "其中:上年结转资金",
    "其中上年结转资金",
    "其他资金",
    "项目总目标",
    "长期目标",
    "总体目标",
    "项目长期目标",
    "年度总体目标",
    "年度目标",
    "年度绩效目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "年度(/项目)指标值",
    "年度指标值",
    "项目指标值",
    "目标值",
    "年度(项目)指标值",
    "绩效指标值",
    "备注",
    "说明",
    "项目资金(元)",
    "项目资金(万元)",
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
            // Quotes and bars are specks and rule remnants, never in a label.
            let clean: String = key.chars().filter(|c| !"“”‘’\"'|".contains(*c)).collect();
            classify(&clean).or_else(|| nearest(&clean, VOCABULARY).and_then(classify))
        } else {
            None
        }
    })
}

/// Matches a label key.
pub fn classify(key: &str) -> Option<Label> {
    use Label::*;
    let field = |f: &'static str| Some(Field(f));
    match key {
        "项目名称" => field("project_name"),
        "项目性质" => field("project_nature"),
        "项目类别" | "项目类型" => field("project_category"),
        "主管部门" | "主管部门及代码" | "主管单位" => field("department"),
        "实施单位" | "项目实施单位" => field("implementing_unit"),
        "计划开始日期" | "项目开始日期" | "开始日期" | "计划开始时间" => {
            field("start_date")
        }
        "计划完成日期" | "项目完成日期" | "完成日期" | "计划完成时间" | "计划结束日期" => {
            field("end_date")
        }
        "项目资金总额" | "资金总额" => field("total_funds"),
        "其中:财政资金" | "其中财政资金" | "财政资金" => field("total_fiscal"),
        "年度资金申请总额" | "年度资金总额" => field("annual_total"),
        "其中:当年财政拨款" | "其中当年财政拨款" | "当年财政拨款" => {
            field("annual_appropriation")
        }
        "上年结转资金" | "其中:上年结转资金" | "其中上年结转资金" => {
            field("annual_carryover")
        }
        "其他资金" => Some(OtherFunds),
        "项目总目标" | "长期目标" | "总体目标" | "项目长期目标" => {
            field("overall_goal")
        }
        "年度总体目标" | "年度目标" | "年度绩效目标" => field("annual_goal"),
        "一级指标" => Some(Level1Header),
        "二级指标" => Some(Level2Header),
        "三级指标" => Some(Level3Header),
        "指标值"
        | "年度(/项目)指标值"
        | "年度指标值"
        | "项目指标值"
        | "目标值"
        | "年度(项目)指标值"
        | "绩效指标值" => Some(TargetHeader),
        "备注" | "说明" => Some(IgnoredHeader),
        k if k.starts_with("项目资金")
            && (k == "项目资金" || k.contains('元'))
            && k.len() <= "项目资金(万元)".len() =>
        {
            Some(FundsBlock)
        }
        _ => None,
    }
}

pub const LEVEL1_NAMES: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];
pub const LEVEL2_NAMES: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
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
    }

    #[test]
    fn classify_labels() {
        assert_eq!(classify(&key("项目资金（元）")), Some(Label::FundsBlock));
        assert_eq!(
            classify(&key("项目资金总额")),
            Some(Label::Field("total_funds"))
        );
        assert_eq!(
            classify(&key("年度目标")),
            Some(Label::Field("annual_goal"))
        );
        assert_eq!(classify(&key("项目资金使用情况说明很长的文字")), None);
        assert_eq!(classify(&key("数据运营服务费")), None);
    }

    #[test]
    fn every_vocabulary_entry_classifies() {
        for v in VOCABULARY {
            assert!(classify(v).is_some(), "{v}");
        }
    }

    #[test]
    fn ocr_misreads_snap_to_labels() {
        assert_eq!(
            classify_read("项目资金总客", true),
            Some(Label::Field("total_funds"))
        );
        assert_eq!(
            classify_read("年度资金申请总客", true),
            Some(Label::Field("annual_total"))
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
        assert_eq!(classify_read("绩效指标", true), None);
    }
}
