//! Recognition on layouts built in code: each rule of the reader on a
//! small page.

use super::*;
use crate::grid::{GridSettings, layout_page};
use crate::ir::{BBox, Method, Page, Segment, Word};

/// A page holding ruled tables given as rows of cell texts (equal
/// columns of 80 pt, rows of 20 pt), each starting at its own y.
fn page_of(tables: &[(f64, &[&[&str]])]) -> Page {
    let (mut segments, mut words) = (vec![], vec![]);
    for (top, rows) in tables {
        let ncols = rows[0].len();
        let x1 = 40.0 + 80.0 * ncols as f64;
        let bottom = top + 20.0 * rows.len() as f64;
        for r in 0..=rows.len() {
            segments.push(Segment::horizontal(top + 20.0 * r as f64, 40.0, x1));
        }
        for c in 0..=ncols {
            segments.push(Segment::vertical(40.0 + 80.0 * c as f64, *top, bottom));
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                put_text(
                    &mut words,
                    42.0 + 80.0 * c as f64,
                    top + 20.0 * r as f64 + 5.0,
                    text,
                );
            }
        }
    }
    blank_page(1, words, segments)
}

fn put_text(words: &mut Vec<Word>, x: f64, y: f64, text: &str) {
    for (k, ch) in text.chars().enumerate() {
        let x = x + 7.0 * k as f64;
        words.push(Word {
            text: ch.to_string().into(),
            bbox: BBox::new(x, y, x + 7.0, y + 7.0),
            size: 7.0,
            confidence: 1.0,
            char_confidences: None,
        });
    }
}

fn blank_page(number: u32, words: Vec<Word>, segments: Vec<Segment>) -> Page {
    Page {
        number,
        width: 1200.0,
        height: 842.0,
        method: Method::Text,
        words,
        segments,
        images: vec![],
        from_source: Default::default(),
        hidden_ocr_chars: 0,
        unread: vec![],
    }
}

/// A cell of a grid drawn in code: row, column, rows and columns spanned,
/// text (lines split on `\n`).
type Spec<'a> = (usize, usize, usize, usize, &'a str);

/// A table of `cols` columns (widths in pt) drawn cell by cell, so merged
/// cells have no inner rules. Rows are 20 pt; the table starts at `top`.
/// `open_bottom` leaves the bottom side of cells in the last row undrawn
/// (a page break cut them), `open_top` the top side of those in row 0.
struct Sheet {
    words: Vec<Word>,
    segments: Vec<Segment>,
}

impl Sheet {
    fn new() -> Sheet {
        Sheet {
            words: vec![],
            segments: vec![],
        }
    }
    fn line(&mut self, x: f64, y: f64, text: &str) -> &mut Self {
        put_text(&mut self.words, x, y, text);
        self
    }
    fn table(&mut self, top: f64, cols: &[f64], cells: &[Spec], open: (bool, bool)) -> &mut Self {
        let xs: Vec<f64> = std::iter::once(40.0)
            .chain(cols.iter().scan(40.0, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();
        let nrows = cells.iter().map(|c| c.0 + c.2).max().unwrap_or(0);
        for &(r, c, rs, cs, text) in cells {
            let (x0, x1) = (xs[c], xs[c + cs]);
            let (y0, y1) = (top + 20.0 * r as f64, top + 20.0 * (r + rs) as f64);
            if !(open.0 && r == 0) {
                self.segments.push(Segment::horizontal(y0, x0, x1));
            }
            if !(open.1 && r + rs == nrows) {
                self.segments.push(Segment::horizontal(y1, x0, x1));
            }
            self.segments.push(Segment::vertical(x0, y0, y1));
            self.segments.push(Segment::vertical(x1, y0, y1));
            for (k, l) in text.split('\n').enumerate() {
                put_text(&mut self.words, x0 + 2.0, y0 + 4.0 + 9.0 * k as f64, l);
            }
        }
        self
    }
    fn layout(&self, number: u32) -> Layout {
        layout_page(
            &blank_page(number, self.words.clone(), self.segments.clone()),
            &GridSettings::default(),
        )
    }
}

fn read(layouts: &[Layout]) -> Vec<RawForm> {
    recognize(layouts, &FormSettings::default())
}

fn texts(f: &RawForm) -> BTreeMap<&'static str, String> {
    f.fields.iter().map(|(k, v)| (*k, v.text.clone())).collect()
}

fn extras(f: &RawForm) -> Vec<(String, String)> {
    f.extra_fields
        .iter()
        .map(|e| (e.label.clone(), e.value.text.clone()))
        .collect()
}

#[test]
fn labels_and_values_in_one_cell() {
    let head: &[&[&str]] = &[
        &["项目名称：绿化养护", "项目性质：经常性"],
        &["主管部门:绿化局", "实施单位：绿化所"],
        &["项目说明：无", "备注"],
    ];
    let layout = layout_page(&page_of(&[(100.0, head)]), &GridSettings::default());
    let forms = read(&[layout]);
    assert_eq!(forms.len(), 1);
    let f = &forms[0].fields;
    assert_eq!(f["project_name"].text, "绿化养护");
    assert_eq!(f["project_nature"].text, "经常性");
    assert_eq!(f["department"].text, "绿化局");
    assert_eq!(f["implementing_unit"].text, "绿化所");
    assert_eq!(f.len(), 4, "项目说明 is not a field: {f:?}");
    assert_eq!(extras(&forms[0]), vec![("项目说明".into(), "无".into())]);
}

#[test]
fn a_form_in_separate_tables_on_one_page_is_one_form() {
    let head: &[&[&str]] = &[
        &["项目名称", "绿化养护", "项目性质", "经常性"],
        &["主管部门", "绿化局", "实施单位", "绿化所"],
    ];
    let inds: &[&[&str]] = &[
        &["一级指标", "二级指标", "三级指标", "指标值"],
        &["产出指标", "数量指标", "养护面积", "≥10(万平方米)"],
        &["效益指标", "社会效益指标", "满意度", "≥90%"],
    ];
    let other: &[&[&str]] = &[&["项目名称", "第二个项目", "项目性质", "一次性"]];
    let layout = layout_page(
        &page_of(&[(100.0, head), (200.0, inds), (400.0, other)]),
        &GridSettings::default(),
    );
    assert_eq!(layout.tables.len(), 3);
    let forms = read(&[layout]);
    assert_eq!(forms.len(), 2);
    assert_eq!(forms[0].fields["project_name"].text, "绿化养护");
    assert_eq!(forms[0].indicators.len(), 2);
    assert_eq!(forms[0].indicators[1].level2.text, "社会效益指标");
    assert_eq!(forms[1].fields["project_name"].text, "第二个项目");
    assert!(forms[1].indicators.is_empty());
}

/// Layout D (central template): department code in brackets, 项目属性
/// written, 项目期 → extra; two money blocks side by side (中期 | 年度, both
/// with 其中：财政拨款); goals under 总体目标 with a year range; two
/// indicator blocks side by side sharing the 一级 column, with unequal rows.
#[test]
fn layout_d_two_blocks_side_by_side() {
    let cols = [90.0, 80.0, 80.0, 80.0, 80.0, 80.0, 80.0, 80.0];
    let cells: &[Spec] = &[
        (0, 0, 1, 1, "项目名称"),
        (0, 1, 1, 7, "野外台站运行"),
        (1, 0, 1, 1, "主管部门及代码"),
        (1, 1, 1, 3, "[173]中国科学院"),
        (1, 4, 1, 1, "实施单位"),
        (1, 5, 1, 3, "植物研究所"),
        (2, 0, 1, 1, "项目属性"),
        (2, 1, 1, 3, "延续项目"),
        (2, 4, 1, 1, "项目期"),
        (2, 5, 1, 3, "3年"),
        (3, 0, 4, 1, "项目资金\n（万元）"),
        (3, 1, 1, 2, "中期资金总额"),
        (3, 3, 1, 1, "300"),
        (4, 1, 1, 2, "其中：财政拨款"),
        (4, 3, 1, 1, "280"),
        (5, 1, 1, 2, "其他资金"),
        (5, 3, 1, 1, "20"),
        (6, 1, 1, 2, ""),
        (6, 3, 1, 1, ""),
        (3, 4, 1, 2, "年度资金总额"),
        (3, 6, 1, 2, "100"),
        (4, 4, 1, 2, "其中：财政拨款"),
        (4, 6, 1, 2, "90"),
        (5, 4, 1, 2, "其他资金"),
        (5, 6, 1, 2, "10"),
        (6, 4, 1, 2, ""),
        (6, 6, 1, 2, ""),
        (7, 0, 2, 1, "总体目标"),
        (7, 1, 1, 3, "中期目标（2025年－2027年）"),
        (7, 4, 1, 4, "年度目标"),
        (8, 1, 1, 3, "目标1：建站。\n目标2：观测。"),
        (8, 4, 1, 4, "目标1：运行。"),
        (9, 0, 8, 1, "绩效指标"),
        (9, 1, 1, 1, ""),
        (9, 2, 1, 3, "中期指标"),
        (9, 5, 1, 3, "年度指标"),
        (10, 1, 1, 1, "一级指标"),
        (10, 2, 1, 1, "二级指标"),
        (10, 3, 1, 1, "三级指标"),
        (10, 4, 1, 1, "指标值"),
        (10, 5, 1, 1, "二级指标"),
        (10, 6, 1, 1, "三级指标"),
        (10, 7, 1, 1, "指标值"),
        (11, 1, 3, 1, "产出指标"),
        (11, 2, 2, 1, "数量指标"),
        (11, 3, 1, 1, "a1"),
        (11, 4, 1, 1, "10"),
        (12, 3, 1, 1, "a2"),
        (12, 4, 1, 1, "20"),
        (13, 2, 1, 1, "质量指标"),
        (13, 3, 1, 1, "a3"),
        (13, 4, 1, 1, "100%"),
        (11, 5, 1, 1, "数量指标"),
        (11, 6, 1, 1, "b1"),
        (11, 7, 1, 1, "5"),
        (12, 5, 2, 1, "质量指标"),
        (12, 6, 1, 1, "b2"),
        (12, 7, 1, 1, "合格"),
        (13, 6, 1, 1, ""),
        (13, 7, 1, 1, ""),
        (14, 1, 1, 1, "效益指标"),
        (14, 2, 1, 1, "社会效益指标"),
        (14, 3, 1, 1, "a4"),
        (14, 4, 1, 1, "提升"),
        (14, 5, 1, 1, "社会效益指标"),
        (14, 6, 1, 1, "b3"),
        (14, 7, 1, 1, "提高"),
        (15, 1, 1, 1, "满意度指标"),
        (15, 2, 1, 1, "服务对象满意度指标"),
        (15, 3, 1, 1, "a5"),
        (15, 4, 1, 1, "≥90%"),
        (15, 5, 1, 1, ""),
        (15, 6, 1, 1, ""),
        (15, 7, 1, 1, ""),
        (16, 1, 1, 1, "成本指标"),
        (16, 2, 1, 1, ""),
        (16, 3, 1, 1, ""),
        (16, 4, 1, 1, ""),
        (16, 5, 1, 1, "经济成本指标"),
        (16, 6, 1, 1, "b4"),
        (16, 7, 1, 1, "≤100万元"),
    ];
    let mut s = Sheet::new();
    s.line(300.0, 30.0, "项目支出绩效目标申报表")
        .line(330.0, 60.0, "（2025年度）")
        .table(100.0, &cols, cells, (false, false));
    let forms = read(&[s.layout(1)]);
    assert_eq!(forms.len(), 1);
    let f = &forms[0];
    assert_eq!(f.title.as_ref().unwrap().text, "项目支出绩效目标申报表");
    assert_eq!(f.year.as_ref().unwrap().text, "（2025年度）");
    let t = texts(f);
    assert_eq!(t["department"], "[173]中国科学院");
    assert_eq!(t["project_attribute"], "延续项目");
    assert_eq!(t["total_funds"], "300");
    assert_eq!(t["total_fiscal"], "280");
    assert_eq!(t["total_other"], "20");
    assert_eq!(t["annual_total"], "100");
    assert_eq!(t["annual_appropriation"], "90");
    assert_eq!(t["annual_other"], "10");
    assert_eq!(t["overall_goal"], "目标1：建站。\n目标2：观测。");
    assert_eq!(t["annual_goal"], "目标1：运行。");
    assert_eq!(f.funds_label.as_ref().unwrap().text, "项目资金\n（万元）");
    assert_eq!(extras(f), vec![("项目期".into(), "3年".into())]);
    let got: Vec<(String, String, String, Scope)> = f
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.text.clone(),
                i.level2.text.clone(),
                i.level3.text.clone(),
                i.scope,
            )
        })
        .collect();
    let o = Scope::Overall;
    let a = Scope::Annual;
    let want = [
        ("产出指标", "数量指标", "a1", o),
        ("产出指标", "数量指标", "a2", o),
        ("产出指标", "质量指标", "a3", o),
        ("产出指标", "数量指标", "b1", a),
        ("产出指标", "质量指标", "b2", a),
        ("效益指标", "社会效益指标", "a4", o),
        ("效益指标", "社会效益指标", "b3", a),
        ("满意度指标", "服务对象满意度指标", "a5", o),
        ("成本指标", "经济成本指标", "b4", a),
    ];
    let want: Vec<(String, String, String, Scope)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), *d))
        .collect();
    assert_eq!(got, want);
    assert!(
        !f.notes.iter().any(|n| n.contains("no field")),
        "{:?}",
        f.notes
    );
}

/// Layout E (county template): title with the region, 填报单位 above the
/// grid, ticked boxes, a code in its own cell, a period to the month, one
/// money block (项目资金申请) in two rows with a line of no field, two
/// indicator tables under title rows with 指标内容 and 备注, 其他说明的问题
/// after them and signatures under the grid.
#[test]
fn layout_e_two_tables_under_titles() {
    let cols = [100.0, 70.0, 70.0, 70.0, 70.0, 70.0, 70.0];
    let cells: &[Spec] = &[
        (0, 0, 1, 1, "项目名称"),
        (0, 1, 1, 6, "校舍维修"),
        (1, 0, 1, 1, "项目属性"),
        (1, 1, 1, 6, "新增项目□ 延续项目☑"),
        (2, 0, 1, 1, "主管部门"),
        (2, 1, 1, 2, "临江区教育局"),
        (2, 3, 1, 2, "主管部门编码"),
        (2, 5, 1, 2, "305"),
        (3, 0, 1, 1, "项目实施单位"),
        (3, 1, 1, 6, "临江区第一中学"),
        (4, 0, 1, 1, "项目负责人"),
        (4, 1, 1, 2, "王五"),
        (4, 3, 1, 2, "联系电话"),
        (4, 5, 1, 2, "0518-85706312"),
        (5, 0, 1, 1, "项目起止时间"),
        (5, 1, 1, 6, "2019年1月至2019年12月"),
        (6, 0, 2, 1, "项目资金申请\n（万元）"),
        (6, 1, 1, 1, "资金总额："),
        (6, 2, 1, 1, "50"),
        (6, 3, 1, 1, "财政拨款："),
        (6, 4, 1, 1, "40"),
        (6, 5, 1, 1, "自有资金："),
        (6, 6, 1, 1, "6"),
        (7, 1, 1, 1, "其他资金："),
        (7, 2, 1, 1, "4"),
        (7, 3, 1, 4, ""),
        (8, 0, 2, 1, "项目绩效目标"),
        (8, 1, 1, 3, "长期目标"),
        (8, 4, 1, 3, "年度目标"),
        (9, 1, 1, 3, "改善办学条件。"),
        (9, 4, 1, 3, "完成维修。"),
        (10, 0, 1, 7, "长期绩效指标"),
        (11, 0, 1, 1, "一级指标"),
        (11, 1, 1, 1, "二级指标"),
        (11, 2, 1, 2, "指标内容"),
        (11, 4, 1, 1, "指标值"),
        (11, 5, 1, 2, "备注"),
        (12, 0, 2, 1, "产出指标"),
        (12, 1, 1, 1, "数量指标"),
        (12, 2, 1, 2, "c1"),
        (12, 4, 1, 1, "≥3所"),
        (12, 5, 1, 2, "含新建"),
        (13, 1, 1, 1, "质量指标"),
        (13, 2, 1, 2, "c2"),
        (13, 4, 1, 1, "100%"),
        (13, 5, 1, 2, ""),
        (14, 0, 1, 7, "年度绩效指标"),
        (15, 0, 1, 1, "一级指标"),
        (15, 1, 1, 1, "二级指标"),
        (15, 2, 1, 2, "指标内容"),
        (15, 4, 1, 1, "指标值"),
        (15, 5, 1, 2, "备注"),
        (16, 0, 1, 1, "成本指标"),
        (16, 1, 1, 1, "经济成本指标"),
        (16, 2, 1, 2, "d1"),
        (16, 4, 1, 1, "≤50万元"),
        (16, 5, 1, 2, ""),
        (17, 0, 1, 1, "效益指标"),
        (17, 1, 1, 1, "社会效益指标"),
        (17, 2, 1, 2, "★d2"),
        (17, 4, 1, 1, "提升"),
        (17, 5, 1, 2, "家长评价"),
        (18, 0, 1, 2, "其他说明的问题"),
        (18, 2, 1, 5, "无"),
    ];
    let mut s = Sheet::new();
    s.line(200.0, 20.0, "海州市临江区财政支出项目绩效目标申报表")
        .line(300.0, 45.0, "（2019年度）")
        .line(40.0, 75.0, "填报单位（盖章）：临江区第一中学")
        .table(100.0, &cols, cells, (false, false))
        .line(
            40.0,
            500.0,
            "填报人：张三单位负责人：李四填报日期：2019年3月1日",
        );
    let forms = read(&[s.layout(1)]);
    assert_eq!(forms.len(), 1);
    let f = &forms[0];
    assert_eq!(
        f.title.as_ref().unwrap().text,
        "海州市临江区财政支出项目绩效目标申报表"
    );
    let t = texts(f);
    assert_eq!(t["project_attribute"], "新增项目□ 延续项目☑");
    assert_eq!(t["department_code"], "305");
    assert_eq!(t["implementing_unit"], "临江区第一中学");
    assert_eq!(t["period"], "2019年1月至2019年12月");
    assert_eq!(t["annual_total"], "50");
    assert_eq!(t["annual_appropriation"], "40");
    assert_eq!(t["annual_other"], "4");
    assert!(!t.contains_key("total_funds"));
    assert_eq!(t["overall_goal"], "改善办学条件。");
    assert_eq!(t["annual_goal"], "完成维修。");
    let e = |l: &str, v: &str| (l.to_string(), v.to_string());
    assert_eq!(
        extras(f),
        vec![
            e("填报单位（盖章）", "临江区第一中学"),
            e("项目负责人", "王五"),
            e("联系电话", "0518-85706312"),
            e("自有资金", "6"),
            e("其他说明的问题", "无"),
            e("填报人", "张三"),
            e("单位负责人", "李四"),
            e("填报日期", "2019年3月1日"),
        ]
    );
    let got: Vec<(&str, &str, &str, &str, Scope)> = f
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.text.as_str(),
                i.level2.text.as_str(),
                i.level3.text.as_str(),
                i.note.text.as_str(),
                i.scope,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("产出指标", "数量指标", "c1", "含新建", Scope::Overall),
            ("产出指标", "质量指标", "c2", "", Scope::Overall),
            ("成本指标", "经济成本指标", "d1", "", Scope::Annual),
            ("效益指标", "社会效益指标", "★d2", "家长评价", Scope::Annual),
        ]
    );
    assert!(
        !f.notes.iter().any(|n| n.contains("no field")),
        "{:?}",
        f.notes
    );
}

/// Columns are found by their headers wherever they stand: 计量单位 and an
/// unknown column (分值), a 序号 column first, and a cell no field takes is
/// named in a note.
#[test]
fn indicator_columns_map_by_header() {
    let cols = [60.0, 80.0, 80.0, 100.0, 60.0, 60.0, 60.0];
    let cells: &[Spec] = &[
        (0, 0, 1, 1, "项目名称"),
        (0, 1, 1, 6, "测试项目"),
        (1, 0, 1, 1, "序号"),
        (1, 1, 1, 1, "一级指标"),
        (1, 2, 1, 1, "二级指标"),
        (1, 3, 1, 1, "指标名称"),
        (1, 4, 1, 1, "目标值"),
        (1, 5, 1, 1, "计量单位"),
        (1, 6, 1, 1, "分值"),
        (2, 0, 1, 1, "1"),
        (2, 1, 1, 1, "产出指标"),
        (2, 2, 1, 1, "数量指标"),
        (2, 3, 1, 1, "培训人次"),
        (2, 4, 1, 1, "≥300"),
        (2, 5, 1, 1, "人次"),
        (2, 6, 1, 1, "10"),
        (3, 0, 1, 3, "填表说明"),
        (3, 3, 1, 4, "按实际填写。"),
    ];
    let mut s = Sheet::new();
    s.table(100.0, &cols, cells, (false, false));
    let forms = read(&[s.layout(1)]);
    let i = &forms[0].indicators;
    assert_eq!(i.len(), 1);
    assert_eq!(i[0].level3.text, "培训人次");
    assert_eq!(i[0].target.text, "≥300");
    assert_eq!(i[0].unit.as_ref().unwrap().text, "人次");
    let extra: Vec<(&str, &str)> = i[0]
        .extra
        .iter()
        .map(|(h, s)| (h.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(extra, vec![("序号", "1"), ("分值", "10")]);
    assert_eq!(
        extras(&forms[0]),
        vec![("填表说明".into(), "按实际填写。".into())]
    );
}

/// Issue 14: merged 一级/二级 cells cut by a page break whose text is
/// printed in the part on the next page, the exporter closing both parts
/// with a rule. The rows on the first page take their own group's labels,
/// not the group's above.
#[test]
fn page_break_labels_printed_in_the_lower_part() {
    let cols = [90.0, 90.0, 90.0, 120.0, 90.0];
    let p1: &[Spec] = &[
        (0, 0, 1, 1, "项目名称"),
        (0, 1, 1, 4, "跨页项目"),
        (1, 0, 5, 1, "绩效指标"),
        (1, 1, 1, 1, "一级指标"),
        (1, 2, 1, 1, "二级指标"),
        (1, 3, 1, 1, "三级指标"),
        (1, 4, 1, 1, "指标值"),
        (2, 1, 2, 1, "产出指标"),
        (2, 2, 2, 1, "数量指标"),
        (2, 3, 1, 1, "r1"),
        (2, 4, 1, 1, "1"),
        (3, 3, 1, 1, "r2"),
        (3, 4, 1, 1, "2"),
        // 效益指标 / 社会效益指标 start here; their text is on page 2.
        (4, 1, 2, 1, ""),
        (4, 2, 2, 1, ""),
        (4, 3, 1, 1, "r3"),
        (4, 4, 1, 1, "3"),
        (5, 3, 1, 1, "r4"),
        (5, 4, 1, 1, "4"),
    ];
    let p2: &[Spec] = &[
        (0, 0, 3, 1, ""),
        (0, 1, 2, 1, "效益指标"),
        (0, 2, 1, 1, "社会效益指标"),
        (0, 3, 1, 1, "r5"),
        (0, 4, 1, 1, "5"),
        (1, 2, 1, 1, "生态效益指标"),
        (1, 3, 1, 1, "r6"),
        (1, 4, 1, 1, "6"),
        (2, 1, 1, 1, "满意度指标"),
        (2, 2, 1, 1, "服务对象满意度指标"),
        (2, 3, 1, 1, "r7"),
        (2, 4, 1, 1, "≥90%"),
    ];
    for open in [(false, false), (true, true)] {
        let mut a = Sheet::new();
        a.table(100.0, &cols, p1, (false, open.1));
        let mut b = Sheet::new();
        b.table(40.0, &cols, p2, (open.0, false));
        let forms = read(&[a.layout(1), b.layout(2)]);
        assert_eq!(forms.len(), 1);
        assert_eq!(forms[0].pages, vec![1, 2]);
        let got: Vec<(&str, &str, &str)> = forms[0]
            .indicators
            .iter()
            .map(|i| {
                (
                    i.level1.text.as_str(),
                    i.level2.text.as_str(),
                    i.level3.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("产出指标", "数量指标", "r1"),
                ("产出指标", "数量指标", "r2"),
                ("效益指标", "社会效益指标", "r3"),
                ("效益指标", "社会效益指标", "r4"),
                ("效益指标", "社会效益指标", "r5"),
                ("效益指标", "生态效益指标", "r6"),
                ("满意度指标", "服务对象满意度指标", "r7"),
            ],
            "open sides: {open:?}"
        );
    }
}

#[test]
fn a_second_level1_header_before_the_level2_one_is_the_level2_header() {
    let head: &[&[&str]] = &[&["项目名称", "绿化养护", "项目性质", "经常性"]];
    let inds: &[&[&str]] = &[
        &["一级指标", "一级指标", "三级指标", "指标值"],
        &["产出指标", "数量指标", "养护面积", "≥10(万平方米)"],
        &["效益指标", "社会效益指标", "满意度", "≥90%"],
    ];
    let layout = layout_page(
        &page_of(&[(100.0, head), (200.0, inds)]),
        &GridSettings::default(),
    );
    let forms = read(&[layout]);
    let i = &forms[0].indicators;
    assert_eq!(i.len(), 2);
    assert_eq!(
        (i[1].level1.text.as_str(), i[1].level2.text.as_str()),
        ("效益指标", "社会效益指标")
    );
    assert!(
        forms[0]
            .notes
            .iter()
            .any(|n| n.contains("taken as 二级指标")),
        "{:?}",
        forms[0].notes
    );
}
