"""Content of the sample PDFs (used by gen_samples.py).

A form here is what the sheet *prints*: amounts as printed in the form's unit, dates as
printed, goal texts (a "\\n" is a line break inside the cell), indicator targets as printed.
The expected record is derived from it by the RECORDS.md rules in gen_samples.py.
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

TITLE = "财政项目支出绩效目标申报表"
UMING = "AR PL UMing CN"
UKAI = "AR PL UKai CN"


def ind(level1, level2, level3, target, remark=None):
    d = {"level1": level1, "level2": level2, "level3": level3, "target": target}
    if remark:
        d["remark"] = remark
    return d


P, B, S = "产出指标", "效益指标", "满意度指标"
QTY, QUA, TIM, COST = "数量指标", "质量指标", "时效指标", "成本指标"
ECO, SOC, ENV, SUS = "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"
SAT = "服务对象满意度指标"


# --------------------------------------------------------------------------------------
# (a) the 8 reference forms of 2023 上海市大数据中心, from shared/truth
# --------------------------------------------------------------------------------------

# paragraph breaks inside the long 一网通办 overall goal (form 4), as the source prints them
BDC_PARA_BREAKS = {4: ["1.在接入服务体量方面", "2.在服务质量体验方面", "三是界面标准统一",
                       "3.在应用数据安全方面"]}
# target cells printed with the spaces the source has (target_raw drops all whitespace)
BDC_TARGET_PRINT = {
    "符合GB/T39786《信息安全技术信息系统密码应用基本要求》的第三级别要求":
        "符合GB/T 39786《信息安全技术 信息系统密码应用基本要求》的第三级别要求",
}


def bdc_forms(truth: Path) -> list[dict]:
    forms = []
    for line in truth.read_text(encoding="utf-8").splitlines():
        if not line:
            continue
        r = json.loads(line)
        fi = r["form_index"]
        slash = fi in (6, 7)
        overall = r["overall_goal"]
        for mark in BDC_PARA_BREAKS.get(fi, []):
            assert overall.count(mark) == 1, mark
            overall = overall.replace(mark, "\n" + mark)
        forms.append({
            "template": "standard",
            "year_line": f"({r['year']}年度)",
            "name": r["project_name"], "nature": r["project_nature"],
            "category": r["project_category"], "department": r["department"],
            "unit": r["implementing_unit"],
            "start": "2023/1/1" if slash else r["start_date"],
            "end": "2023/12/31" if slash else r["end_date"],
            "amount_unit": r["amount_unit"],
            "amounts": {k: r[k] for k in ("total_funds", "total_fiscal", "total_other",
                                          "annual_total", "annual_appropriation",
                                          "annual_carryover", "annual_other")},
            "overall_goal": overall, "annual_goal": r["annual_goal"],
            "indicators": [ind(i["level1"], i["level2"], i["level3"],
                               BDC_TARGET_PRINT.get(i["target_raw"], i["target_raw"]))
                           for i in r["indicators"]],
        })
    return forms


# --------------------------------------------------------------------------------------
# (b) invented forms: 普陀区 departments
# --------------------------------------------------------------------------------------

GREENING_1 = {
    "template": "district",
    "year_line": "（2024年度）",
    "name": "2024年公园绿地及行道树养护管理项目",
    "nature": "经常性专项业务费", "category": "特定目标类",
    "department": "上海市普陀区绿化和市容管理局",
    "unit": "上海市普陀区绿化管理所",
    "start": "2024-01-01", "end": "2024-12-31",
    "amount_unit": "万元",
    "amounts": {"total_funds": "1250.50", "total_fiscal": "1250.50", "total_other": "0.00",
                "annual_total": "980.35", "annual_appropriation": "860.00",
                "annual_carryover": "120.35", "annual_other": "0.00"},
    "overall_goal": (
        "按照“公园城市”和“人民城市”建设要求，对全区36座城市公园、街心绿地及主要道路"
        "行道树实施精细化养护管理，建立“一园一档、一树一码”的养护台账，落实修剪、"
        "施肥、病虫害防治、补植和巡查等日常养护措施，使公园绿地完好率、行道树存活率"
        "保持在全市先进水平；完善绿化养护考核机制，推动养护作业标准化、信息化，持续"
        "提升绿化景观品质和生态服务功能，为市民提供安全、整洁、优美的休憩环境。"),
    "annual_goal": (
        "2024年完成公园绿地养护面积≥186万平方米、行道树养护2.3万株，完成病虫害防治"
        "六个批次，补植行道树不少于800株；汛期和台风期间倒伏树木2小时内处置完毕；"
        "开展养护质量月度考核12次，公园绿地完好率达到95%以上，市民满意度不低于90%。"),
    "indicators": [
        ind(P, QTY, "公园绿地养护面积", "≥186(万平方米)", "含街心绿地"),
        ind(P, QTY, "行道树养护数量", "≥2.3万株"),
        ind(P, QTY, "补植行道树", "≥800(株)", "按实际缺株补植"),
        ind(P, QTY, "养护质量考核次数", "=12(次)"),
        ind(P, QUA, "公园绿地完好率", "≥95%"),
        ind(P, QUA, "行道树存活率", "≥98.5(%)"),
        ind(P, QUA, "养护作业规范", "符合《园林植物养护技术规程》要求"),
        ind(P, TIM, "倒伏树木处置时间", "≤2(小时)", "汛期、台风期间"),
        ind(P, TIM, "年度养护任务完成时间", "2024年12月底前完成"),
        ind(P, COST, "项目成本控制", "不超过预算"),
        ind(B, SOC, "绿化安全事故", "0起"),
        ind(B, SOC, "市民休憩环境", "明显改善"),
        ind(B, ENV, "绿化覆盖率", "≥24.5(%)"),
        ind(B, SUS, "养护长效管理机制", "健全"),
        ind(S, SAT, "市民满意度", "≥90%", "第三方问卷调查"),
    ],
}

GREENING_2 = {
    "template": "district",
    "year_line": "（2024年度）",
    "name": "生活垃圾分类收运体系提升项目",
    "nature": "阶段性项目", "category": "特定目标类",
    "department": "上海市普陀区绿化和市容管理局",
    "unit": "上海市普陀区市容环境卫生管理所",
    "start": "2024-03-01", "end": "2025-06-30",
    "amount_unit": "万元",
    "amount_decimals": 4,
    "amounts": {"total_funds": "2386.4725", "total_fiscal": "2186.4725",
                "total_other": "200.0000",
                "annual_total": "1436.4725", "annual_appropriation": "1200.0000",
                "annual_carryover": "186.4725", "annual_other": "50.0000"},
    "overall_goal": (
        "围绕全区生活垃圾分类实效巩固提升，分两年完成湿垃圾、可回收物收运体系改造："
        "更新新能源分类收运车辆，改造中转站压缩设备，建设可回收物“两网融合”服务点，"
        "实现干湿垃圾分类收运全覆盖、全过程可追溯，居住区分类达标率稳定在95%以上，"
        "资源化利用率逐年提高，减少混装混运现象，形成源头减量、分类投放、分类收运、"
        "分类处置的闭环管理体系。"),
    "annual_goal": (
        "2024年更新分类收运车辆24辆，完成3座中转站压缩设备改造，新建可回收物服务点"
        "40个；湿垃圾日均分出量达到620吨，可回收物日均回收量不低于180吨；建立收运"
        "车辆GPS监管平台，收运信息实时上传率100%，混装混运投诉处理时间不超过24小时。"),
    "indicators": [
        ind(P, QTY, "更新新能源分类收运车辆", "=24(辆)"),
        ind(P, QTY, "中转站压缩设备改造", "=3座"),
        ind(P, QTY, "新建可回收物服务点", "≥40(个)", "居住区、商务楼宇各半"),
        ind(P, QTY, "湿垃圾日均分出量", "≥620(吨/日)"),
        ind(P, QUA, "居住区分类达标率", "≥95%"),
        ind(P, QUA, "收运信息实时上传率", "=100(%)"),
        ind(P, QUA, "车辆设备验收合格率", "100%"),
        ind(P, TIM, "混装混运投诉处理时间", "≤24(小时)"),
        ind(P, TIM, "设备改造完成时间", "2024年10月底前完成"),
        ind(P, COST, "车辆采购单价", "≤42.5(万元/辆)", "按政府采购中标价"),
        ind(B, ECO, "可回收物资源化收益", "≥150(万元)"),
        ind(B, SOC, "混装混运投诉量", "较上年下降20%"),
        ind(B, ENV, "生活垃圾资源化利用率", "≥45%"),
        ind(B, SUS, "分类收运信息化监管", "长效运行"),
        ind(S, SAT, "居民满意度", "≥85(%)"),
    ],
}

ENFORCEMENT = {
    "template": "district",
    "year_line": "（2024年度）",
    "name": "2024年城管执法装备购置及维护项目",
    "nature": "其他一次性项目", "category": "特定目标类",
    "department": "上海市普陀区城市管理行政执法局",
    "unit": "上海市普陀区城市管理行政执法局",
    "start": "2024-02-01", "end": "2024-11-30",
    "amount_unit": "元",
    "amounts": {"total_funds": "3465800.00", "total_fiscal": "3465800.00",
                "total_other": "0.00",
                "annual_total": "3465800.00", "annual_appropriation": "3465800.00",
                "annual_carryover": "0.00", "annual_other": "0.00"},
    "overall_goal": (
        "为全区11个街镇城管执法中队配齐配强执法记录仪、移动执法终端和执法车辆等装备，"
        "推进非现场执法和智慧城管应用，实现执法全过程记录、案件网上办理，提升城管执法"
        "规范化、精细化水平。"),
    "annual_goal": (
        "年内购置执法记录仪320台、移动执法终端180台、执法巡查车6辆，完成既有装备维护"
        "保养，执法全过程记录覆盖率达到100%，装备完好率不低于98%，群众投诉按时办结率"
        "达到95%以上。"),
    "indicators": [
        ind(P, QTY, "购置执法记录仪", "=320(台)"),
        ind(P, QTY, "购置移动执法终端", "=180台"),
        ind(P, QTY, "购置执法巡查车", "=6(辆)", "新能源车型"),
        ind(P, QUA, "执法全过程记录覆盖率", "=100%"),
        ind(P, QUA, "装备完好率", "≥98(%)"),
        ind(P, TIM, "装备采购完成时间", "≤6(个月)"),
        ind(P, COST, "项目成本控制", "不超过预算批复金额"),
        ind(B, SOC, "群众投诉按时办结率", "≥95%"),
        ind(B, SOC, "执法行为规范性", "有效提升"),
        ind(B, SUS, "装备管理制度", "完善"),
        ind(S, SAT, "街镇中队使用满意度", "≥90(%)", "年底问卷"),
    ],
}


def _health_indicators() -> list[dict]:
    rows = [
        ind(P, QTY, "居民电子健康档案建档率", "≥90(%)"),
        ind(P, QTY, "0-6岁儿童健康管理率", "≥95%"),
        ind(P, QTY, "孕产妇系统管理率", "≥95(%)"),
        ind(P, QTY, "65岁及以上老年人健康管理人数", "≥9.8(万人)"),
        ind(P, QTY, "高血压患者规范管理人数", "≥6.5(万人)"),
        ind(P, QTY, "2型糖尿病患者规范管理人数", "≥2.4(万人)"),
        ind(P, QTY, "严重精神障碍患者规范管理率", "≥90%"),
        ind(P, QTY, "肺结核患者管理率", "≥90(%)"),
        ind(P, QTY, "适龄儿童国家免疫规划疫苗接种率", "≥95(%)"),
        ind(P, QTY, "传染病和突发公共卫生事件报告率", "=100%"),
        ind(P, QTY, "开展健康教育讲座", "≥240(次)"),
        ind(P, QTY, "发放健康教育宣传资料", "≥12(万份)"),
        ind(P, QTY, "中医药健康管理服务目标人群覆盖率", "≥70%"),
        ind(P, QTY, "家庭医生签约服务重点人群覆盖", "≥75(%)"),
        ind(P, QTY, "卫生监督协管巡查次数", "≥1200次"),
        ind(P, QTY, "老年人中医体质辨识服务人数", "≥5.6(万人)"),
        ind(P, QTY, "0-36个月儿童中医调养服务人次", "≥1.2万人次"),
        ind(P, QTY, "社区心理健康服务站点覆盖街镇数", "=10(个)"),
        ind(P, QTY, "学校、托幼机构传染病防控指导次数", "≥180(次)"),
        ind(P, QTY, "重点场所病媒生物监测点", "≥96个"),
        ind(P, QTY, "慢性病高危人群筛查人数", "≥3.2(万人)"),
        ind(P, QTY, "大肠癌筛查初筛人数", "≥4.5(万人)"),
        ind(P, QTY, "社区脑卒中高危人群干预人数", "≥6000(人)"),
        ind(P, QTY, "60岁以上老年人流感疫苗接种人数", "≥3万人"),
        ind(P, QTY, "签约居民个性化健康指导方案制定", "≥2.8(万份)"),
        ind(P, QUA, "电子健康档案动态使用率", "≥60%"),
        ind(P, QUA, "老年人健康体检数据完整率", "≥98(%)"),
        ind(P, QUA, "高血压患者血压控制率", "≥60%"),
        ind(P, QUA, "糖尿病患者血糖控制率", "≥55(%)"),
        ind(P, QUA, "疫苗接种差错事故", "0起"),
        ind(P, QUA, "传染病报告及时率", "≥99%"),
        ind(P, QUA, "服务记录真实性", "经第三方核查无虚假记录，抽查符合率≥95%"),
        ind(P, QUA, "严重精神障碍患者规律服药率", "≥75%"),
        ind(P, QUA, "冷链设备温度监测合格率", "=100(%)"),
        ind(P, QUA, "家庭医生签约居民续约率", "≥85(%)"),
        ind(P, TIM, "突发公共卫生事件信息报告时间", "≤2(小时)"),
        ind(P, TIM, "项目资金拨付时间", "按季度拨付到位"),
        ind(P, TIM, "年度绩效考核完成时间", "2025年1月31日前"),
        ind(P, TIM, "传染病疫情现场处置到达时间", "≤2小时"),
        ind(P, TIM, "新生儿访视完成时间", "出院后≤7(天)"),
        ind(P, TIM, "居民健康档案信息更新时间", "服务后≤7(天)"),
        ind(P, COST, "人均基本公共卫生服务经费补助标准", "=94(元/人)"),
        ind(P, COST, "项目成本控制", "不超过预算"),
        ind(B, ECO, "通过早筛早治减少的医疗费用支出", "≥800(万元)"),
        ind(B, SOC, "居民健康素养水平", "≥40%"),
        ind(B, SOC, "65岁及以上老年人健康体检异常结果反馈率", "=100(%)"),
        ind(B, SOC, "适龄儿童免疫规划疫苗相关传染病发病水平", "保持历史低位"),
        ind(B, SOC, "社区居民慢性病自我管理小组活跃度", "≥80%"),
        ind(B, SOC, "居民主要健康指标", "保持全市中上水平"),
        ind(B, SOC, "甲乙类法定传染病发病率", "≤170(/10万)"),
        ind(B, SOC, "重点人群健康管理覆盖面", "进一步扩大"),
        ind(B, SOC, "居民对基本公共卫生服务知晓率", "≥85(%)"),
        ind(B, SOC, "孕产妇死亡率", "≤10(/10万)"),
        ind(B, SOC, "婴儿死亡率", "≤3‰"),
        ind(B, SOC, "重大慢性病过早死亡率", "≤9.5(%)"),
        ind(B, SOC, "突发公共卫生事件应对能力", "进一步提升，未发生因处置不当造成的次生事件"),
        ind(B, ENV, "医疗废物规范处置率", "=100(%)"),
        ind(B, SUS, "基本公共卫生服务长效机制", "健全"),
        ind(B, SUS, "社区卫生服务中心信息系统互联互通", "实现全区24家社区卫生服务中心（站）数据互通"),
        ind(B, SUS, "基层卫生人员培训", "≥1.5(万人次)"),
        ind(B, SUS, "项目绩效管理制度", "完善"),
        ind(B, SUS, "基本公共卫生服务信息化水平", "电子健康档案向居民开放查询，开放率≥90%"),
        ind(S, SAT, "居民满意度", "≥90(%)"),
        ind(S, SAT, "重点人群满意度", "≥88%"),
        ind(S, SAT, "签约居民对家庭医生服务满意度", "≥92(%)"),
        ind(S, SAT, "医务人员满意度", "≥85%"),
        ind(S, SAT, "孕产妇对产后访视服务满意度", "≥90(%)"),
        ind(S, SAT, "老年人对健康体检服务满意度", "≥90%"),
    ]
    return rows


HEALTH_LONG = {
    "template": "standard",
    "year_line": "(2024年度)",
    "name": "2024年基本公共卫生服务项目",
    "nature": "经常性专项业务费", "category": "特定目标类",
    "department": "上海市普陀区卫生健康委员会",
    "unit": "上海市普陀区疾病预防控制中心",
    "start": "2024-01-01", "end": "2024-12-31",
    "amount_unit": "元",
    "amounts": {"total_funds": "118560000.00", "total_fiscal": "116560000.00",
                "total_other": "2000000.00",
                "annual_total": "118560000.00", "annual_appropriation": "112850000.00",
                "annual_carryover": "3710000.00", "annual_other": "2000000.00"},
    "overall_goal": (
        "以全区常住人口为服务对象，依托24家社区卫生服务中心（站），免费提供居民健康"
        "档案管理、健康教育、预防接种、0-6岁儿童和孕产妇健康管理、老年人健康管理、"
        "慢性病患者健康管理、严重精神障碍患者管理、肺结核患者管理、中医药健康管理、"
        "传染病及突发公共卫生事件报告和处理、卫生监督协管等基本公共卫生服务，逐步"
        "缩小城乡、人群间基本公共卫生服务差距，使居民少生病、晚生病、不生大病，提高"
        "全区居民健康素养水平和人均预期寿命。同时，以数字化转型为抓手，推动电子健康档案"
        "与医院诊疗信息互联互通，完善项目绩效评价和资金监管机制，形成政府主导、部门协作、"
        "社会参与的基本公共卫生服务长效运行格局。"),
    "annual_goal": (
        "2024年按人均94元标准落实基本公共卫生服务经费，完成国家基本公共卫生服务规范"
        "规定的12类服务项目，65岁及以上老年人健康管理人数不少于9.8万人，高血压、2型"
        "糖尿病患者规范管理人数分别达到6.5万人和2.4万人，适龄儿童国家免疫规划疫苗"
        "接种率保持在95%以上；加强项目绩效考核，按季度拨付资金，确保服务数据真实、"
        "准确，居民满意度达到90%以上。年内组织基层卫生人员培训1.5万人次，完成社区卫生"
        "服务中心信息系统改造，实现电子健康档案向居民开放查询，开放率不低于90%。"),
    "indicators": _health_indicators(),
}

FAMILY_DOCTOR = {
    "template": "standard",
    "year_line": "(2024年度)",
    "name": "家庭医生签约服务能力提升项目",
    "nature": "阶段性项目", "category": "特定目标类",
    "department": "上海市普陀区卫生健康委员会",
    "unit": "上海市普陀区长征镇社区卫生服务中心",
    "start": "2024-04-01", "end": "2025-03-31",
    "amount_unit": "元",
    "amounts": {"total_funds": "2486000.00", "total_fiscal": "2486000.00",
                "total_other": "0.00",
                "annual_total": "1864500.00", "annual_appropriation": "1564500.00",
                "annual_carryover": "300000.00", "annual_other": "0.00"},
    "overall_goal": (
        "通过配置智能随访设备、开展家庭医生团队培训和签约居民分级分类管理，提升家庭"
        "医生签约服务能力，做实“1+1+1”医疗机构组合签约，推动优质医疗资源下沉社区，"
        "提高签约居民社区就诊率和健康管理质量。"),
    "annual_goal": (
        "年内配置智能随访设备60套，培训家庭医生及团队成员300人次，新增签约居民8000人，"
        "签约居民社区就诊率达到65%以上，长期处方平均办理时间不超过15分钟。"),
    "indicators": [
        ind(P, QTY, "配置智能随访设备", "=60(套)"),
        ind(P, QTY, "家庭医生团队培训", "≥300人次"),
        ind(P, QTY, "新增签约居民", "≥8000(人)"),
        ind(P, QUA, "签约居民社区就诊率", "≥65%"),
        ind(P, QUA, "随访记录完整率", "≥95(%)"),
        ind(P, TIM, "长期处方办理时间", "≤15(分钟)"),
        ind(P, COST, "项目成本控制", "不超过预算"),
        ind(B, SOC, "签约居民健康管理质量", "明显提高"),
        ind(B, SUS, "家庭医生签约服务机制", "持续运行"),
        ind(S, SAT, "签约居民满意度", "≥90%"),
    ],
}

SCHOOL_REPAIR = {
    "template": "standard",
    "year_line": "(2023年度)",
    "name": "2023年中小学校舍修缮及安全改造工程",
    "nature": "阶段性项目", "category": "特定目标类",
    "department": "上海市普陀区教育局",
    "unit": "上海市普陀区教育局基建管理中心",
    "start": "2023-03-01", "end": "2024-08-31",
    "amount_unit": "万元",
    "amounts": {"total_funds": "4820.36", "total_fiscal": "4820.36", "total_other": "0.00",
                "annual_total": "2650.18", "annual_appropriation": "2320.00",
                "annual_carryover": "330.18", "annual_other": "0.00"},
    "overall_goal": (
        "对全区校龄较长、存在安全隐患的中小学校舍实施修缮和安全改造，重点解决屋面渗漏、"
        "外墙饰面脱落、消防设施老化和电气线路超负荷等问题，利用暑期分两批完成12所学校"
        "的修缮任务，使校舍安全达标率达到100%，为师生提供安全、舒适的教学环境。"),
    "annual_goal": (
        "2023年完成第一批7所学校修缮，修缮面积不少于3.6万平方米，完成消防设施更新和"
        "电气线路改造；工程于9月1日开学前竣工验收，竣工验收一次合格率100%，施工期间"
        "安全事故0起。"),
    "indicators": [
        ind(P, QTY, "修缮学校数量", "=7(所)"),
        ind(P, QTY, "校舍修缮面积", "≥3.6(万平方米)"),
        ind(P, QTY, "消防设施更新点位", "≥420个"),
        ind(P, QUA, "竣工验收一次合格率", "=100%"),
        ind(P, QUA, "校舍安全达标率", "100(%)"),
        ind(P, TIM, "工程竣工时间", "9月1日开学前竣工"),
        ind(P, COST, "单位面积修缮成本", "≤650(元/平方米)"),
        ind(B, SOC, "施工安全事故", "0起"),
        ind(B, SOC, "师生教学环境", "明显改善"),
        ind(B, SUS, "校舍日常维护机制", "建立"),
        ind(S, SAT, "师生及家长满意度", "≥90%"),
    ],
}

PRESCHOOL = {
    "template": "standard",
    "year_line": "(2023年度)",
    "name": "学前教育保教质量提升项目",
    "nature": "经常性专项业务费", "category": "特定目标类",
    "department": "上海市普陀区教育局",
    "unit": "上海市普陀区学前教育指导中心",
    "start": "2023-01-01", "end": "2023-12-31",
    "amount_unit": "元",
    "amounts": {"total_funds": "6328450.80", "total_fiscal": "6128450.80",
                "total_other": "200000.00",
                "annual_total": "6328450.80", "annual_appropriation": "6128450.80",
                "annual_carryover": "0.00", "annual_other": "200000.00"},
    "overall_goal": (
        "落实《上海市学前教育保教质量评价指南》，通过园长和教师专业培训、保教质量视导、"
        "课程资源建设和托幼一体化试点，提升全区62所幼儿园的保教质量，促进幼儿健康"
        "成长，办好家门口的好幼儿园。"),
    "annual_goal": (
        "年内开展园长、教师专题培训1200人次，完成对62所幼儿园的保教质量视导全覆盖，"
        "开发游戏化课程资源包30个，新增托班8个；保教质量评价优良率达到85%以上。"),
    "indicators": [
        ind(P, QTY, "教师专题培训", "≥1200(人次)"),
        ind(P, QTY, "保教质量视导覆盖幼儿园", "=62所"),
        ind(P, QTY, "开发游戏化课程资源包", "≥30(个)"),
        ind(P, QTY, "新增托班", "≥8(个)"),
        ind(P, QUA, "保教质量评价优良率", "≥85%"),
        ind(P, TIM, "视导完成时间", "2023年11月底前完成"),
        ind(P, COST, "项目成本控制", "不超过预算"),
        ind(B, SOC, "家门口好幼儿园覆盖", "逐步扩大"),
        ind(B, SUS, "保教质量常态化评价机制", "形成"),
        ind(S, SAT, "家长满意度", "≥92(%)"),
    ],
}

SPORTS = {
    "template": "standard",
    "year_line": "(2023年度)",
    "name": "2023年全民健身设施更新项目",
    "nature": "其他一次性项目", "category": "特定目标类",
    "department": "上海市普陀区体育局",
    "unit": "上海市普陀区体育事业发展中心",
    "start": "2023/4/1", "end": "2023/11/30",
    "amount_unit": "元",
    "amounts": {"total_funds": "2152600.50", "total_fiscal": "2152600.50",
                "total_other": "0.00",
                "annual_total": "2152600.50", "annual_appropriation": "2152600.50",
                "annual_carryover": "0.00", "annual_other": "0.00"},
    "overall_goal": (
        "更新全区居民区、公园内使用年限超过8年的健身点器材，新建市民益智健身苑点和"
        "社区多功能运动场，完善“15分钟社区体育生活圈”，方便市民就近参加体育健身。"),
    "annual_goal": (
        "2023年更新健身苑点45个，新建益智健身苑点6个、多功能运动场3片，器材安装验收"
        "合格率100%，健身设施安全事故0起，市民满意度达到90%以上。"),
    "indicators": [
        ind(P, QTY, "更新健身苑点", "=45(个)"),
        ind(P, QTY, "新建益智健身苑点", "=6个"),
        ind(P, QTY, "新建多功能运动场", "=3(片)"),
        ind(P, QUA, "器材安装验收合格率", "=100%"),
        ind(P, TIM, "项目完成时间", "≤8(个月)"),
        ind(P, COST, "项目成本控制", "不超过预算"),
        ind(B, SOC, "健身设施安全事故", "0起"),
        ind(B, SOC, "市民就近健身条件", "进一步改善"),
        ind(B, SUS, "健身设施长效管养", "落实街镇属地管理"),
        ind(S, SAT, "市民满意度", "≥90%"),
    ],
}

BUNDLE_PROSE = {
    "kind": "prose",
    "title": "关于普陀区2023年度部门项目支出绩效目标的说明",
    "paragraphs": [
        "根据《中共中央 国务院关于全面实施预算绩效管理的意见》和本市预算绩效管理工作要求，"
        "现将区教育局、区体育局2023年度部分项目支出绩效目标予以公开。绩效目标由项目单位"
        "编制，经主管部门审核、区财政局复核后随部门预算批复，作为预算执行监控和绩效评价"
        "的依据。",
        "本册收录项目绩效目标申报表3份，另附部门收支预算总表1份。表中金额除注明外以元为"
        "单位；“项目资金”中的“上年结转资金”指以前年度安排、结转至本年度继续使用的资金。"
        "各项目的绩效指标值为年度目标值，执行中如有调整，以调整后批复的绩效目标为准。",
    ],
    "signature": ["上海市普陀区财政局", "2023年3月"],
}

BUNDLE_BUDGET = {
    "kind": "budget",
    "title": "部门收支预算总表",
    "subtitle": "编制部门：上海市普陀区教育局",
    "unit_note": "单位：元",
    "rows": [
        (("一、财政拨款收入", "3218456700.00"), ("一、教育支出", "3105872300.00")),
        (("二、事业收入", "86420000.00"), ("二、社会保障和就业支出", "168356400.00")),
        (("三、其他收入", "12380000.00"), ("三、卫生健康支出", "23028000.00")),
        (("", None), ("四、住房保障支出", "20000000.00")),
        (("本年收入合计", "3317256700.00"), ("本年支出合计", "3317256700.00")),
        (("上年结转", "0.00"), ("结转下年", "0.00")),
        (("收入总计", "3317256700.00"), ("支出总计", "3317256700.00")),
    ],
}


def pdf_specs(truth: Path) -> list[dict]:
    def form(f):
        return {"kind": "form", "form": f}
    return [
        {"name": "2023-shanghai-bdc", "font": UMING,
         "blocks": [form(f) for f in bdc_forms(truth)]},
        {"name": "2024-putuo-greening", "font": UKAI,
         "blocks": [form(GREENING_1), form(GREENING_2), form(ENFORCEMENT)]},
        {"name": "2024-putuo-health-long-table", "font": UMING,
         "blocks": [form(HEALTH_LONG), form(FAMILY_DOCTOR)]},
        {"name": "2023-putuo-education-bundle", "font": UMING,
         "blocks": [BUNDLE_PROSE, form(SCHOOL_REPAIR), form(PRESCHOOL), BUNDLE_BUDGET,
                    form(SPORTS)]},
    ]


# --------------------------------------------------------------------------------------
# (c) Kangxi copies
# --------------------------------------------------------------------------------------

# ideograph -> the look-alike code point a WPS/Word export's ToUnicode gives it
KANGXI = {
    "目": "\u2F6C", "长": "\u2ED3", "工": "\u2F2F", "人": "\u2F08", "行": "\u2F8F",
    "生": "\u2F63", "方": "\u2F45", "日": "\u2F47", "大": "\u2F24", "门": "\u2ED4",
    "见": "\u2EC5", "车": "\u2ECB", "贝": "\u2EC9",
}
COMPAT = {"率": "\uF961", "理": "\uF9E4", "六": "\uF9D1"}


def _check_tables():
    for k, v in KANGXI.items():
        o = ord(v)
        assert 0x2F00 <= o <= 0x2FDF or 0x2E80 <= o <= 0x2EFF, (k, hex(o))
        if 0x2F00 <= o <= 0x2FDF:
            assert unicodedata.normalize("NFKC", v) == k, (k, hex(o))
    for k, v in COMPAT.items():
        assert 0xF900 <= ord(v) <= 0xFAFF and unicodedata.normalize("NFC", v) == k, k


_check_tables()


def kangxi_specs() -> list[dict]:
    bdc = {k: KANGXI[k] for k in "目长工人行生方日大门见"}
    bdc.update({k: COMPAT[k] for k in "率理"})
    green = {k: KANGXI[k] for k in "目长人行生方日门车"}
    green.update({k: COMPAT[k] for k in "率六"})
    return [
        {"name": "2023-shanghai-bdc-kangxi", "base": "2023-shanghai-bdc", "subst": bdc},
        {"name": "2024-putuo-greening-kangxi", "base": "2024-putuo-greening", "subst": green},
    ]


# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------

COVERS = {
    "2023-shanghai-bdc": (
        "The 8 forms of the 2023 上海市大数据中心 bundle (shared/truth), font AR PL UMing. "
        "Amounts in 元 with thousands separators; forms 6 and 7 print dates as 2023/1/1 and "
        "2023/12/31. Form 4's 1,507-character 项目总目标 is split over several rows with no "
        "rule between them, so it continues below the first goal row and across a page "
        "break. Tables whose merged 一级/二级 cells span a page break."),
    "2023-shanghai-bdc-kangxi": (
        "Copy of 2023-shanghai-bdc.pdf whose fonts' ToUnicode CMaps map 目长工人行生方日大门见 "
        "to Kangxi radicals / CJK Radicals Supplement (⽬⻓⼯⼈⾏⽣⽅⽇⼤⻔⻅) and 率理 to CJK "
        "Compatibility Ideographs U+F961 / U+F9E4, the way WPS/Word exports do. "
        "Records identical to the original except source_file/source_sha256."),
    "2024-putuo-greening": (
        "3 forms, font AR PL UKai (楷体-like) for the whole PDF, year line （2024年度） with "
        "fullwidth brackets. District template: "
        "长期目标 / 年度目标 instead of 项目总目标 / 年度总体目标, indicator header 指标值 with an "
        "extra 备注 column (text in some rows: the indicator's `note`). Forms 0 and 1 declare "
        "项目资金（万元） with non-zero 上年结转资金; form 1 prints 4 decimals (2,386.4725 万元 "
        "→ 23864725.00) and is a 阶段性项目 running into 2025; form 2 is in 元. Targets with "
        "unbracketed units (≥2.3万株, =3座, ≥95%) and bracketed ones (≥186(万平方米))."),
    "2024-putuo-greening-kangxi": (
        "Copy of 2024-putuo-greening.pdf (UKai) with ToUnicode remapped: 目长人行生方日门车 → "
        "Kangxi / radicals-supplement look-alikes, 率六 → U+F961 / U+F9D1."),
    "2024-putuo-health-long-table": (
        "Form 0 has a {health_rows}-row indicator table that runs over pages 1-3 (merged "
        "一级/二级/绩效指标 cells spanning the breaks); form 1 is a short 阶段性项目 with 上年结转资金. Targets such as "
        "≤170(/10万), ≤3‰, =94(元/人) and qualitative ones with embedded numbers."),
    "2023-putuo-education-bundle": (
        "A bundle: page 1 is a prose 说明 page (not a form), then 2 forms, then an unrelated "
        "ruled table (部门收支预算总表 with amounts) on its own page, then a third form. "
        "Form 0 is a 阶段性项目 in 万元 with 上年结转资金; form 2 prints dates as 2023/4/1."),
}


def readme(records: list[dict], final: dict) -> str:
    lines = [
        "# Sample PDFs",
        "",
        "Generated by `scripts/gen-samples` (LibreOffice Calc → PDF from the spreadsheets in",
        "`xlsx/`, laid out like exported 财政项目支出绩效目标申报表 forms). Do not edit by hand:",
        "change `scripts/gen_samples_data.py` and rerun; the script is deterministic.",
        "",
        "`checked/` holds the expected (hand-checked) records for every form in every PDF, in",
        "the schema of `shared/schema/RECORDS.md` (v2): `records.jsonl`, `projects.csv`,",
        "`indicators.csv`. These are layouts A and B (`shared/design/LAYOUTS.md`): every form",
        "has `form_title` 财政项目支出绩效目标申报表, no department code, no 项目属性, no",
        "`extra_fields`; every indicator is from the form's only table (`scope` annual), not",
        "core, no `extra`; `note` is the 备注 cell of the district forms. Layouts C, D and E",
        "are in `layouts/` (`scripts/gen-layouts`, see `layouts/README.md`).",
        "`source_file` is the path from the repo root (`samples/<name>.pdf`),",
        "`pages` are the pages each form really occupies in the PDF (found from its text",
        "layer), `method` is `text`, `warnings` is empty. Run the extractor from the repo root",
        "so that `source_file` matches.",
        "",
        "The generator checks, for each form, that every character printed in its cells is in",
        "the PDF text layer of the form's pages (character multiset with counts, so a clipped",
        "cell fails), and for the Kangxi copies that the look-alike characters are what",
        "`pdftotext` extracts.",
        "",
        "| file | forms | pages | forms' pages | covers |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in sorted(final):
        out, texts, forms, npages = final[name]
        fp = "; ".join(f"{fi}: {_pages(pg)}" for fi, _, pg in forms)
        covers = COVERS[name].replace("{health_rows}", str(health_rows(records)))
        lines.append(f"| `{name}.pdf` | {len(forms)} | {npages} | {fp} | {covers} |")
    lines += [
        "",
        "Amounts: the record is in 元 with two decimals whatever the form declares",
        "(`amount_unit` keeps 元 or 万元). Every form's sums hold (total_funds = total_fiscal +",
        "total_other; annual_total = annual_appropriation + annual_carryover + annual_other).",
        "",
        f"In all: {len(records)} records, "
        f"{sum(len(r['indicators']) for r in records)} indicators.",
        "",
    ]
    return "\n".join(lines)


def health_rows(records: list[dict]) -> int:
    return next(len(r["indicators"]) for r in records
                if r["source_file"] == "samples/2024-putuo-health-long-table.pdf"
                and r["form_index"] == 0)


def _pages(pg: list[int]) -> str:
    return f"{pg[0]}-{pg[-1]}" if len(pg) > 1 else str(pg[0])
