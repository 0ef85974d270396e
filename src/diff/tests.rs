use super::*;

fn ind(seq: u32, l3: &str, target: &str) -> Indicator {
    Indicator {
        seq,
        level1: "产出指标".into(),
        level2: "数量指标".into(),
        level3: l3.into(),
        target_raw: target.into(),
        ..Default::default()
    }
}

fn rec(file: &str, fi: u32, name: &str) -> Record {
    Record {
        source_file: file.into(),
        form_index: fi,
        year: Some(2023),
        project_name: name.into(),
        total_funds: "100.00".into(),
        overall_goal: "推进数据治理，提升质量。".into(),
        indicators: vec![
            ind(1, "完成下达服务任务", "≥30.00(项)"),
            ind(2, "数据采集完成率", "=100.00(%)"),
            ind(3, "缺陷修复完成率", "≥85.00(%)"),
        ],
        ..Default::default()
    }
}

fn set() -> Vec<Record> {
    vec![
        rec("a.pdf", 0, "数据运营服务费"),
        rec("a.pdf", 1, "一网通办运营服务"),
        rec("b.pdf", 0, "绿化养护"),
    ]
}

fn opts() -> DiffOptions {
    DiffOptions::default()
}

#[test]
fn identical_sets() {
    let r = diff(&set(), &set(), &opts());
    assert!(r.identical(), "{:?}", r.differences);
    assert_eq!(r.summary.records_paired, 3);
    assert_eq!(r.summary.indicators_matched, 9);
    assert_eq!(
        (
            r.summary.field_accuracy,
            r.summary.indicator_f1,
            r.summary.goal_cer
        ),
        (1.0, 1.0, 0.0)
    );
}

#[test]
fn changed_amount_and_indicator_value() {
    let mut act = set();
    act[0].total_funds = "1000.00".into();
    act[1].indicators[1].target_raw = "=10.00(%)".into();
    let r = diff(&act, &set(), &opts());
    let fields: Vec<(&str, Option<u32>)> = r
        .differences
        .iter()
        .map(|d| (d.field.as_str(), d.indicator))
        .collect();
    assert_eq!(fields, vec![("total_funds", None), ("target_raw", Some(2))]);
    assert_eq!(r.differences[0].expected, "100.00");
    assert_eq!(r.differences[0].actual, "1000.00");
    assert_eq!(r.summary.fields_different, 1);
    assert_eq!(r.summary.indicators_different, 1);
    assert_eq!(r.summary.indicators_matched, 8);
}

#[test]
fn missing_extra_and_split_rows_do_not_shift_the_rest() {
    let exp = set();
    // Missing row 1, and an extra row at the end of form 1.
    let mut act = set();
    act[0].indicators.remove(0);
    act[1].indicators.push(ind(4, "新增指标", "完成"));
    // Split: row 2 of b.pdf read as two rows.
    act[2].indicators = vec![
        ind(1, "完成下达服务任务", "≥30.00(项)"),
        ind(2, "数据采集", ""),
        ind(3, "完成率", "=100.00(%)"),
        ind(4, "缺陷修复完成率", "≥85.00(%)"),
    ];
    let r = diff(&act, &exp, &opts());
    let kinds: Vec<(DiffKind, &str, Option<u32>)> = r
        .differences
        .iter()
        .map(|d| (d.kind, d.source_file.as_str(), d.indicator))
        .collect();
    assert!(
        kinds.contains(&(DiffKind::IndicatorMissing, "a.pdf", Some(1))),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(DiffKind::IndicatorExtra, "a.pdf", Some(4))),
        "{kinds:?}"
    );
    // Rows 2–3 of a.pdf form 0 and rows 1, 3 of b.pdf still match.
    assert_eq!(r.summary.indicators_missing, 1);
    let b_diffs: Vec<_> = r
        .differences
        .iter()
        .filter(|d| d.source_file == "b.pdf")
        .collect();
    assert!(
        b_diffs.len() <= 3,
        "a split row costs at most a pair and an extra: {b_diffs:?}"
    );
    assert!(r.summary.indicators_matched >= 7, "{:?}", r.summary);
}

#[test]
fn misread_project_name_still_pairs() {
    let mut act = set();
    act[0].project_name = "数据运营服务贽".into();
    let r = diff(&act, &set(), &opts());
    assert_eq!(r.summary.records_paired, 3);
    assert_eq!(r.differences.len(), 1);
    assert_eq!(r.differences[0].field, "project_name");
    assert_eq!(r.differences[0].actual, "数据运营服务贽");
}

#[test]
fn unpaired_records_both_ways() {
    let mut act = set();
    act.remove(1);
    act.push(rec("c.pdf", 0, "多出来的项目"));
    let r = diff(&act, &set(), &opts());
    assert_eq!(
        (
            r.summary.records_paired,
            r.summary.records_missing,
            r.summary.records_extra
        ),
        (2, 1, 1)
    );
    assert_eq!(r.summary.indicators_missing, 3);
    assert_eq!(r.summary.indicators_extra, 3);
    assert!(
        r.differences
            .iter()
            .any(|d| d.kind == DiffKind::RecordMissing && d.project_name == "一网通办运营服务")
    );
    assert!(
        r.differences
            .iter()
            .any(|d| d.kind == DiffKind::RecordExtra && d.source_file == "c.pdf")
    );
}

#[test]
fn files_pair_by_name_across_directories() {
    let mut act = set();
    for r in &mut act {
        r.source_file = format!("out/2023/{}", r.source_file);
    }
    assert!(diff(&act, &set(), &opts()).identical());
}

#[test]
fn goals_report_edit_distance_and_cer() {
    let mut act = set();
    act[0].overall_goal = "推进数据治理，提升质量".into(); // one char lost
    let r = diff(&act, &set(), &opts());
    assert_eq!(r.differences[0].edit_distance, Some(1));
    assert_eq!(r.summary.goal_edits, 1);
    assert!(r.summary.goal_cer > 0.0 && r.summary.goal_cer < 0.1);
}

#[test]
fn optional_fields_and_warnings() {
    let mut exp = set();
    let mut act = set();
    act[0].method = "text".into();
    act[0].pages = vec![1, 2];
    act[0].warnings = vec!["something".into()];
    assert!(
        diff(&act, &exp, &opts()).identical(),
        "empty on the checked side: not compared"
    );
    exp[0].pages = vec![1];
    let r = diff(&act, &exp, &opts());
    assert_eq!(r.differences.len(), 1);
    assert_eq!(r.differences[0].field, "pages");
}

#[test]
fn lenient_folds_width_and_space() {
    let mut act = set();
    act[0].indicators[0].target_raw = "≥30.00（项）".into();
    act[0].project_name = "数据运营 服务费".into();
    assert!(!diff(&act, &set(), &opts()).identical());
    assert!(
        diff(
            &act,
            &set(),
            &DiffOptions {
                lenient: true,
                ..Default::default()
            }
        )
        .identical()
    );
}

#[test]
fn edit_distance_basics() {
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("贝才政", "财政"), 2);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}

/// v2 fields are compared against a v2 checked set, and left out against a
/// v1 one (which has none of them: not differences, not "missing").
#[test]
fn v2_fields_compare_only_against_a_v2_checked_set() {
    let expected = set();
    let mut actual = set();
    actual[0].form_title = "财政项目支出绩效目标申报表".into();
    actual[0].extra_fields = vec![crate::record::ExtraField {
        label: "项目负责人".into(),
        value: "马俊".into(),
    }];
    actual[1].indicators[0].scope = "annual".into();
    actual[1].indicators[1].note = "按季度考核".into();
    actual[1].indicators[2].core = true;
    actual[2].indicators[0]
        .extra
        .0
        .push(("分值".into(), "10".into()));
    let v2 = diff(&actual, &expected, &DiffOptions::for_checked(2, false));
    let mut fields: Vec<&str> = v2.differences.iter().map(|d| d.field.as_str()).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "core",
            "extra",
            "extra_fields",
            "form_title",
            "note",
            "scope"
        ]
    );
    let v1 = diff(&actual, &expected, &DiffOptions::for_checked(1, false));
    assert!(v1.identical(), "{:?}", v1.differences);
    // The v1 fields still count against a v1 set.
    actual[0].project_nature = "其他".into();
    let v1 = diff(&actual, &expected, &DiffOptions::for_checked(1, false));
    assert_eq!(v1.differences.len(), 1);
    assert_eq!(v1.differences[0].field, "project_nature");
}

#[test]
fn loaders_tell_a_v1_file_from_a_v2_one() {
    let dir = std::env::temp_dir().join(format!("shenbao-diff-v1v2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let v1 = dir.join("v1.jsonl");
    std::fs::write(
        &v1,
        "{\"source_file\":\"a.pdf\",\"form_index\":0,\"year\":2023,\"project_name\":\"甲\",\
         \"project_nature\":\"\",\"project_category\":\"\",\"department\":\"\",\
         \"implementing_unit\":\"\",\"start_date\":\"\",\"end_date\":\"\",\"amount_unit\":\"\",\
         \"total_funds\":\"\",\"total_fiscal\":\"\",\"total_other\":\"\",\"annual_total\":\"\",\
         \"annual_appropriation\":\"\",\"annual_carryover\":\"\",\"annual_other\":\"\",\
         \"overall_goal\":\"\",\"annual_goal\":\"\",\"indicators\":[{\"seq\":1,\"level1\":\"\",\
         \"level2\":\"\",\"level3\":\"x\",\"target_raw\":\"\",\"comparator\":\"\",\
         \"target_value\":\"\",\"target_unit\":\"\"}]}\n",
    )
    .unwrap();
    assert_eq!(load::load(&v1).unwrap().schema, 1);
    // A v2 record written by the writer, read back through JSONL and CSV.
    let mut r = rec("a.pdf", 0, "甲");
    r.form_title = "项目支出绩效目标申报表".into();
    r.extra_fields = vec![crate::record::ExtraField {
        label: "联系电话".into(),
        value: "0518-85706312".into(),
    }];
    r.indicators[0].core = true;
    r.indicators[0].scope = "overall".into();
    r.indicators[0]
        .extra
        .0
        .extend([("分值".into(), "10".into()), ("权重".into(), "5%".into())]);
    let out = dir.join("out");
    let mut w = crate::output::RecordWriter::create(&out, false).unwrap();
    w.write_records(std::slice::from_ref(&r)).unwrap();
    let summary = w.summary(0.0);
    w.finish(&summary).unwrap();
    let from_jsonl = load::load(&out).unwrap();
    assert_eq!(from_jsonl.schema, 2);
    assert_eq!(from_jsonl.records, vec![r.clone()]);
    std::fs::remove_file(out.join("records.jsonl")).unwrap();
    let from_csv = load::load(&out).unwrap();
    assert_eq!(from_csv.schema, 2);
    assert_eq!(from_csv.records, vec![r]);
    // Key order of `extra` is the form's, not sorted.
    let csv = std::fs::read_to_string(out.join("indicators.csv")).unwrap();
    assert!(
        csv.contains(r#""{""分值"":""10"",""权重"":""5%""}""#),
        "{csv}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
