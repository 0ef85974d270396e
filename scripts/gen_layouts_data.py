"""Content of the layout C, D and E samples (used by gen_layouts.py).

As in gen_samples_data.py, a form here is what the sheet *prints*: labels, amounts as
printed in the form's unit, dates and periods as printed, goal texts ("\\n" is a line
break inside the cell), indicator cells as printed. gen_layouts.py derives the expected
v2 record from it by the rules of shared/schema/RECORDS.md.

Layouts (shared/design/LAYOUTS.md): C = Shanghai 2026 (成本指标 first, dates 2026/1/1,
项目总体目标（2024年-2026年）), D = central-department template (代码 in brackets,
中期 | 年度 blocks side by side), E = county template (ticked boxes, 项目起止时间 to the
month, 长期/年度 indicator tables, 填报单位 above and signatures below).
"""

from __future__ import annotations

UMING = "AR PL UMing CN"
UKAI = "AR PL UKai CN"
NOTO_SANS = "Noto Sans CJK SC"
NOTO_SERIF = "Noto Serif CJK SC"

P, B, S, C = "产出指标", "效益指标", "满意度指标", "成本指标"
QTY, QUA, TIM = "数量指标", "质量指标", "时效指标"
ECOC, SOCC, ENVC = "经济成本指标", "社会成本指标", "生态环境成本指标"
ECO, SOC, ENV, SUS = "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"
SAT = "服务对象满意度指标"


def ind(level1, level2, level3, target, note=None, *, core=False, unit=None, extra=None,
        scope="annual"):
    """One indicator row as printed. core: the 三级 cell starts with ★; unit: the
    计量单位 cell; extra: {header: cell} of other columns (分值)."""
    return {"level1": level1, "level2": level2, "level3": level3, "target": target,
            "note": note or "", "core": core, "unit": unit, "extra": extra or {},
            "scope": scope}


# ======================================================================================
# Layout C: Shanghai 2026
# ======================================================================================

C_TITLE = "财政项目支出绩效目标申报表"

CULTURE_DELIVERY = {
    "layout": "C", "columns": "standard",
    "title": C_TITLE, "year_line": "（2026年度）",
    "name": "2026年公共文化配送服务项目",
    "nature": "经常性专项业务费", "category": "特定目标类",
    "department": "上海市文化和旅游局", "unit": "上海市群众艺术馆",
    "start": "2026/1/1", "end": "2026/12/31",
    "amount_unit": "元", "numfmt": "#,##0.00",
    "amounts": {"total_funds": "38650000.00", "total_fiscal": "38650000.00",
                "total_other": "0.00", "annual_total": "12880000.00",
                "annual_appropriation": "12500000.00", "annual_carryover": "380000.00",
                "annual_other": "0.00"},
    "goal_headers": ("项目总体目标（2024年-2026年）", "年度总体目标"),
    "overall_goal": (
        "围绕建设国际文化大都市目标，2024年至2026年持续实施市、区、街镇三级公共文化"
        "配送，建立“百姓点单、政府买单”的供需对接机制，每年向全市216个街镇综合文化"
        "活动中心和居村综合文化服务站配送文艺演出、讲座展览、艺术培训等优质文化资源，"
        "三年累计配送不少于3.6万场，受益群众超过900万人次；完善配送产品入库评审、"
        "过程督导和绩效评价制度，推动配送内容向郊区、远郊地区倾斜，提高公共文化服务"
        "的均等化和标准化水平，使群众对公共文化服务的满意度稳定在90%以上。"),
    "annual_goal": (
        "2026年完成公共文化配送1.25万场，其中文艺演出4800场、讲座展览3200场、艺术"
        "培训4500场；新增配送产品入库400项，郊区及远郊地区配送场次占比不低于60%；"
        "配送活动按期执行率达到98%以上，群众满意度不低于92%，配送平台线上预约率"
        "达到85%。"),
    # the 效益指标 group is split by a page break after its first row, so that its
    # merged 一级 and 二级 cells print their text on the next page (issue 14 item 1)
    "split_after": ("效益指标", 1),
    "indicators": [
        ind(C, ECOC, "单场配送平均成本", "≤1030(元/场)", core=True),
        ind(C, ECOC, "配送产品采购价格", "不高于市场同类产品均价"),
        ind(C, SOCC, "对基层文化设施正常运行的影响", "无不良影响"),
        ind(C, ENVC, "配送活动产生的废弃物", "按规定分类处置"),
        ind(P, QTY, "★公共文化配送总场次", "≥12500(场)"),
        ind(P, QTY, "文艺演出配送场次", "≥4800(场)"),
        ind(P, QTY, "讲座展览配送场次", "≥3200(场)"),
        ind(P, QTY, "艺术培训配送场次", "≥4500(场)"),
        ind(P, QTY, "新增入库配送产品", "≥400(项)"),
        ind(P, QTY, "覆盖街镇数量", "=216(个)"),
        ind(P, QUA, "配送产品入库评审通过率", "≤70(%)"),
        ind(P, QUA, "★郊区及远郊地区配送场次占比", "≥60(%)"),
        ind(P, QUA, "配送活动督导覆盖率", "=100.00(%)"),
        ind(P, QUA, "演出安全事故", "=0(起)"),
        ind(P, QUA, "配送产品质量", "符合《上海市公共文化配送产品标准》"),
        ind(P, TIM, "配送活动按期执行率", "≥98(%)"),
        ind(P, TIM, "年度配送计划发布时间", "2026年1月31日前"),
        ind(P, TIM, "配送经费结算时间", "活动结束后30日内"),
        ind(B, SOC, "受益群众人次", "≥310(万人次)"),
        ind(B, SOC, "群众文化获得感", "明显提升"),
        ind(B, SOC, "基层文化阵地利用率", "较上年提高5个百分点"),
        ind(B, SOC, "优秀群众文艺作品推出", "≥30(部)"),
        ind(B, SUS, "供需对接机制", "长效运行"),
        ind(B, SUS, "配送平台线上预约率", "≥85(%)"),
        ind(B, SUS, "配送产品库动态更新", "每季度更新"),
        ind(S, SAT, "★群众满意度", "≥92(%)"),
        ind(S, SAT, "街镇文化中心满意度", "≥90(%)"),
    ],
}

HERITAGE = {
    "layout": "C", "columns": "unit",      # 指标值 | 计量单位
    "title": C_TITLE, "year_line": "（2026年度）",
    "name": "非物质文化遗产保护传承扶持项目",
    "nature": "其他一次性项目", "category": "特定目标类",
    "department": "上海市文化和旅游局", "unit": "上海市非物质文化遗产保护中心",
    "start": "2026/3/1", "end": "2026/11/30",
    "amount_unit": "元", "numfmt": "#,##0.00",
    "amounts": {"total_funds": "4260000.00", "total_fiscal": "3960000.00",
                "total_other": "300000.00", "annual_total": "4260000.00",
                "annual_appropriation": "3960000.00", "annual_carryover": "0.00",
                "annual_other": "300000.00"},
    "goal_headers": ("项目总体目标（2026年-2026年）", "年度总体目标"),
    "overall_goal": (
        "扶持国家级和市级非物质文化遗产代表性项目保护单位开展传承活动，资助代表性"
        "传承人带徒授艺，完成濒危项目抢救性记录，举办非遗进校园、进社区展示展演，"
        "增强非遗的存续力和社会影响力。"),
    "annual_goal": (
        "资助代表性传承人120名开展传习活动，完成8个濒危项目的抢救性记录，举办非遗"
        "展示展演活动60场，培养青年传承人不少于200名。"),
    "indicators": [
        ind(C, ECOC, "传承人传习补助标准", "=20000", unit="元/人"),
        ind(C, SOCC, "对传承群体的影响", "无负面影响"),
        ind(P, QTY, "资助代表性传承人", "=120", unit="名"),
        ind(P, QTY, "抢救性记录濒危项目", "≥8", unit="个"),
        ind(P, QTY, "非遗展示展演活动", "≥60", unit="场"),
        ind(P, QTY, "培养青年传承人", "≥200", unit="名"),
        ind(P, QUA, "记录成果验收合格率", "=100", unit="%"),
        ind(P, TIM, "补助资金拨付时间", "上半年拨付到位"),
        ind(B, SOC, "非遗进校园覆盖学校", "≥50", unit="所"),
        ind(B, SUS, "濒危项目存续状况", "有所改善"),
        ind(S, SAT, "传承人满意度", "≥90", unit="%"),
    ],
    # 项目实施进度计划, filled: each row goes to extra_fields (label = first cell)
    "schedule": [
        ("第一阶段", "制定扶持方案，发布申报通知", "2026年3月-2026年4月"),
        ("第二阶段", "评审确定资助对象，签订资助协议", "2026年5月-2026年6月"),
        ("第三阶段", "开展传习和记录工作，组织展示展演", "2026年7月-2026年10月"),
        ("第四阶段", "成果验收和绩效自评", "2026年11月"),
    ],
    # 审核意见, empty: skipped
    "review": ["主管部门审核意见", "财政部门审核意见"],
}

LIBRARY_DIGITAL = {
    "layout": "C", "columns": "score",     # 指标值 | 分值
    "title": C_TITLE, "year_line": "（2026年度）",
    "name": "市级图书馆数字资源建设项目",
    "nature": "经常性专项业务费", "category": "其他运转类",
    "department": "上海市文化和旅游局", "unit": "上海图书馆（上海科学技术情报研究所）",
    "start": "2026/1/1", "end": "2026/12/31",
    "amount_unit": "元", "numfmt": "0.00",        # no thousands separators
    "amounts": {"total_funds": "5820000.00", "total_fiscal": "5820000.00",
                "total_other": "0.00", "annual_total": "5820000.00",
                "annual_appropriation": "5820000.00", "annual_carryover": "0.00",
                "annual_other": "0.00"},
    "goal_headers": ("项目总体目标（2026年-2026年）", "年度总体目标"),
    "overall_goal": (
        "采购中外文数据库和电子图书，建设上海地方文献特色数据库，完善数字资源长期保存"
        "体系，为市民和科研人员提供便捷的数字阅读和文献信息服务。"),
    "annual_goal": (
        "续订中外文数据库86个，新增电子图书5万种，完成地方文献数字化加工120万页，"
        "数字资源年访问量达到4500万次。"),
    "indicators": [
        ind(C, ECOC, "数据库续订平均涨幅", "≤5%", extra={"分值": "10"}),
        ind(P, QTY, "续订中外文数据库", "=86(个)", core=True, extra={"分值": "10"}),
        ind(P, QTY, "新增电子图书", "≥5(万种)", extra={"分值": "10"}),
        ind(P, QTY, "地方文献数字化加工", "≥120(万页)", extra={"分值": "10"}),
        ind(P, QUA, "数字化加工质量合格率", "≥99.5%", extra={"分值": "10"}),
        ind(P, TIM, "数据库续订完成时间", "3月31日前", extra={"分值": "5"}),
        ind(B, SOC, "数字资源年访问量", "≥4500(万次)", core=True, extra={"分值": "20"}),
        ind(B, SUS, "数字资源长期保存", "安全可靠", extra={"分值": "5"}),
        ind(S, SAT, "读者满意度", "≥90%", extra={"分值": "10"}),
        ind(S, SAT, "科研用户满意度", "≥88%", extra={"分值": ""}),
    ],
}

# --- the 部门预算 PDF: narrative, a non-form table, then three layout-C forms ---------

EPB_PROSE = {
    "kind": "prose",
    "title": "上海市生态环境局2026年部门预算",
    "paragraphs": [
        "第一部分　上海市生态环境局主要职能",
        "一、部门职责",
        "上海市生态环境局贯彻落实党中央关于生态环境保护工作的方针政策和决策部署，"
        "负责建立健全本市生态环境基本制度，负责重大生态环境问题的统筹协调和监督管理，"
        "负责监督管理本市减排目标的落实，负责环境污染防治的监督管理，负责生态环境"
        "监测工作，负责应对气候变化工作，组织开展本市生态环境保护督察。",
        "二、机构设置",
        "上海市生态环境局纳入2026年部门预算编制范围的单位共11家，包括：局机关、"
        "上海市环境监测中心、上海市固体废物与化学品管理技术中心、上海市辐射环境安全"
        "技术中心等。",
    ],
}

EPB_PROSE_2 = {
    "kind": "prose",
    "title": "第二部分　2026年部门预算编制说明",
    "paragraphs": [
        "三、部门收支总体情况",
        "2026年收入预算合计186,452.37万元，其中：财政拨款收入172,308.15万元，事业"
        "收入9,862.50万元，其他收入4,281.72万元。支出预算合计186,452.37万元。",
        "四、财政拨款收支总体情况",
        "2026年财政拨款收入预算172,308.15万元，比2025年预算增加3,416.28万元，主要"
        "原因是大气和水环境监测能力建设项目支出增加。",
        "五、一般公共预算“三公”经费情况",
        "2026年“三公”经费财政拨款预算数为286.40万元，比2025年预算减少12.35万元。",
        "六、政府采购情况",
        "2026年本部门政府采购预算总额48,620.00万元，其中：货物类21,305.00万元，"
        "服务类27,315.00万元。",
        "七、项目经费情况说明",
        "2026年本部门项目支出预算126,845.60万元，主要用于环境监测网络运行维护、"
        "污染源监督执法、固体废物和化学品管理、应对气候变化等方面。重点项目的绩效"
        "目标详见单位的项目绩效目标表。",
    ],
}

EPB_BUDGET = {
    "kind": "budget",
    "title": "部门收支预算总表",
    "subtitle": "编制部门：上海市生态环境局",
    "unit_note": "单位：元",
    "rows": [
        (("一、财政拨款收入", "1723081500.00"), ("一、一般公共服务支出", "12480000.00")),
        (("二、事业收入", "98625000.00"), ("二、节能环保支出", "1768344200.00")),
        (("三、事业单位经营收入", None), ("三、住房保障支出", "83699500.00")),
        (("四、其他收入", "42817200.00"), ("", None)),
        (("收入总计", "1864523700.00"), ("支出总计", "1864523700.00")),
    ],
}

AIR_MONITOR = {
    "layout": "C", "columns": "standard",
    "title": C_TITLE, "year_line": "（2026年度）",
    "name": "环境空气质量监测网络运行维护",
    "nature": "经常性专项业务费", "category": "特定目标类",
    "department": "上海市生态环境局", "unit": "上海市环境监测中心",
    "start": "2026/1/1", "end": "2026/12/31",
    "amount_unit": "元", "numfmt": "#,##0.00",
    "amounts": {"total_funds": "71805600.00", "total_fiscal": "71805600.00",
                "total_other": "0.00", "annual_total": "23935200.00",
                "annual_appropriation": "23935200.00", "annual_carryover": "0.00",
                "annual_other": "0.00"},
    "goal_headers": ("项目总体目标（2024年-2026年）", "年度总体目标"),
    "overall_goal": (
        "保障全市国控、市控环境空气质量自动监测站点和超级站稳定运行，数据有效率和"
        "准确性满足国家考核要求，为大气污染防治、重污染天气应急和空气质量预报提供"
        "及时、准确的监测数据支撑。"),
    "annual_goal": (
        "完成62个空气自动站、2个超级站的运行维护，数据有效率≥90%，质控考核合格率"
        "100%，每日发布空气质量预报。"),
    "indicators": [
        ind(C, ECOC, "单站年运维成本", "≤36(万元/站)"),
        ind(C, SOCC, "监测站点运维对周边居民的影响", "无投诉"),
        ind(C, ENVC, "废弃试剂和耗材处置", "合规处置率100%"),
        ind(P, QTY, "运维空气自动监测站", "=62(个)", core=True),
        ind(P, QTY, "运维大气超级站", "=2(个)"),
        ind(P, QUA, "监测数据有效率", "≥90(%)", core=True),
        ind(P, QUA, "质控考核合格率", "=100(%)"),
        ind(P, TIM, "空气质量预报发布", "每日17时前"),
        ind(B, SOC, "重污染天气预警准确率", "≥85(%)"),
        ind(B, ENV, "为大气污染防治提供数据支撑", "有效支撑"),
        ind(S, SAT, "数据使用部门满意度", "≥90(%)"),
    ],
}

SOLID_WASTE = {
    "layout": "C", "columns": "standard",
    "title": C_TITLE, "year_line": "（2026年度）",
    "name": "危险废物全过程信息化监管",
    "nature": "阶段性项目", "category": "特定目标类",
    "department": "上海市生态环境局", "unit": "上海市固体废物与化学品管理技术中心",
    "start": "2026/4/1", "end": "2027/3/31",
    "amount_unit": "元", "numfmt": "0.00",
    "amounts": {"total_funds": "8650000.00", "total_fiscal": "8650000.00",
                "total_other": "0.00", "annual_total": "6120000.00",
                "annual_appropriation": "5000000.00", "annual_carryover": "1120000.00",
                "annual_other": "0.00"},
    "goal_headers": ("项目总体目标（2026年-2027年）", "年度总体目标"),
    "overall_goal": (
        "升级危险废物管理信息系统，实现产生、贮存、转移、利用处置全过程电子联单和"
        "视频监控联网，重点产废单位实现“一企一码”，提升危险废物环境风险防控能力。"),
    "annual_goal": (
        "完成系统升级开发和1200家重点产废单位接入，电子联单使用率达到100%，处置"
        "设施视频监控联网率不低于95%。"),
    "indicators": [
        ind(C, ECOC, "系统开发单位成本", "不超过同类系统市场价"),
        ind(P, QTY, "接入重点产废单位", "≥1200(家)"),
        ind(P, QUA, "电子联单使用率", "=100%"),
        ind(P, QUA, "视频监控联网率", "≥95%"),
        ind(P, TIM, "系统上线时间", "2026年12月底前"),
        ind(B, ENV, "危险废物非法转移案件", "较上年下降"),
        ind(B, SUS, "全过程监管机制", "长效运行"),
        ind(S, SAT, "产废单位满意度", "≥85(%)"),
    ],
}

NOISE_MAP = {
    "layout": "C", "columns": "standard",
    "title": C_TITLE, "year_line": "（2026年度）",
    "name": "城市区域声环境质量调查与噪声地图更新",
    "nature": "其他一次性项目", "category": "特定目标类",
    "department": "上海市生态环境局", "unit": "上海市环境科学研究院",
    "start": "2026/2/1", "end": "2026/10/31",
    "amount_unit": "元", "numfmt": "#,##0.00",
    "amounts": {"total_funds": "1580000.00", "total_fiscal": "1580000.00",
                "total_other": "0.00", "annual_total": "1580000.00",
                "annual_appropriation": "1580000.00", "annual_carryover": "0.00",
                "annual_other": "0.00"},
    "goal_headers": ("项目总体目标（2026年-2026年）", "年度总体目标"),
    "overall_goal": "完成中心城区声环境质量网格化调查，更新城市噪声地图，为噪声污染防治提供依据。",
    "annual_goal": "布设监测网格点位1860个，完成昼夜两期监测，发布噪声地图1套。",
    "indicators": [
        ind(C, ECOC, "单点位监测成本", "≤850(元/点)"),
        ind(P, QTY, "监测网格点位", "≥1860(个)"),
        ind(P, QTY, "噪声地图", "=1(套)"),
        ind(P, QUA, "监测数据审核通过率", "≥98%"),
        ind(P, TIM, "监测任务完成时间", "9月30日前"),
        ind(B, SOC, "噪声投诉处置依据", "更加充分"),
        ind(S, SAT, "使用单位满意度", "≥90%"),
    ],
}

# ======================================================================================
# Layout D: central-department template
# ======================================================================================

D_TITLE = "项目支出绩效目标申报表"


def dind(level1, level2, level3, target, core=False):
    return ind(level1, level2, level3, target, core=core)


TELESCOPE = {
    "layout": "D",
    "title": D_TITLE, "year_line": "（2025年度）",
    "name": "天马65米射电望远镜运行与观测能力提升",
    "department_cell": "[173]中国科学院", "unit": "中国科学院上海天文台",
    "attribute": "延续项目", "period_label": "项目期", "period": "3年",
    "amount_unit": "万元", "numfmt": "0.00",
    "mid": {"total": "4860.00", "fiscal": "4860.00", "other": "0.00"},
    "year": {"total": "1620.00", "fiscal": "1500.00", "other": "120.00"},
    "goal_headers": ("中期目标（2025年－2027年）", "年度目标"),
    "overall_goal": (
        "目标1：保障天马65米射电望远镜全年安全稳定运行，年有效观测时间不少于5000小时，"
        "满足深空探测测定轨和天文观测需求。\n"
        "目标2：完成L、S、C、X、Ku、K、Ka、Q八个波段接收机的升级改造，系统灵敏度"
        "提高20%以上。\n"
        "目标3：建成开放共享的观测数据服务平台，产出一批高水平科研成果。"),
    "annual_goal": (
        "目标1：全年有效观测时间不少于5000小时，圆满完成嫦娥、天问等任务的VLBI测定轨。\n"
        "目标2：完成K和Q波段接收机升级改造并投入观测。\n"
        "目标3：对外开放观测时间占比不低于30%。"),
    # a page break after the 2nd row of 产出指标: its merged 一级 cell (6 rows) prints
    # its text on the next page, the 数量指标 cells (3 rows) theirs on this one
    "split_after": ("产出指标", 2),
    # 一级 group -> (中期 rows, 年度 rows); the row counts differ on purpose
    "groups": [
        (P, [dind(P, QTY, "年有效观测时间", "≥5000小时", core=True),
             dind(P, QTY, "完成接收机升级改造", "8个波段"),
             dind(P, QTY, "支撑深空探测任务", "≥6次"),
             dind(P, QUA, "系统灵敏度提高", "≥20%"),
             dind(P, QUA, "设备完好率", "≥95%"),
             dind(P, TIM, "升级改造完成时间", "2027年12月底前")],
            [dind(P, QTY, "年有效观测时间", "≥5000小时", core=True),
             dind(P, QTY, "完成接收机升级改造", "2个波段"),
             dind(P, QTY, "VLBI测定轨任务", "≥2次"),
             dind(P, QUA, "测定轨数据合格率", "100%"),
             dind(P, TIM, "K、Q波段接收机投入观测", "2025年10月前")]),
        (B, [dind(B, SOC, "支撑国家重大航天工程", "圆满完成"),
             dind(B, SOC, "高水平科研论文", "≥60篇"),
             dind(B, SUS, "观测数据共享机制", "建成并长期运行")],
            [dind(B, SOC, "支撑国家重大航天工程", "圆满完成"),
             dind(B, SOC, "高水平科研论文", "≥20篇"),
             dind(B, SUS, "对外开放观测时间占比", "≥30%"),
             dind(B, SUS, "国内外合作观测项目", "≥15项")]),
        (S, [dind(S, SAT, "用户满意度", "≥90%")],
            [dind(S, SAT, "用户满意度", "≥90%"),
             dind(S, SAT, "合作单位满意度", "≥90%")]),
    ],
}

FIELD_STATION = {
    "layout": "D",
    "title": D_TITLE, "year_line": "（2025年度）",
    "name": "野外科学观测研究站网络化监测能力建设",
    "department_cell": "[173]中国科学院", "unit": "中国科学院地理科学与资源研究所",
    "attribute": "新增项目", "period_label": "项目期", "period": "3年",
    "amount_unit": "万元", "numfmt": "#,##0.00",
    "mid": {"total": "12360.50", "fiscal": "11860.50", "other": "500.00"},
    "year": {"total": "4280.25", "fiscal": "4080.25", "other": "200.00"},
    "goal_headers": ("中期目标（2025年－2027年）", "年度目标"),
    "overall_goal": (
        "目标1：完成20个野外台站观测设施的网络化改造，实现观测数据实时传输和统一汇交。\n"
        "目标2：建立覆盖主要生态系统类型的长期定位观测数据集。\n"
        "目标3：形成支撑国家生态安全评估的数据产品和咨询报告。"),
    "annual_goal": (
        "目标1：完成8个台站的网络化改造。\n"
        "目标2：观测数据实时传输率达到90%。"),
    "groups": [
        (P, [dind(P, QTY, "网络化改造台站数量", "20个", core=True),
             dind(P, QTY, "长期定位观测数据集", "≥12套"),
             dind(P, QUA, "观测数据实时传输率", "≥95%"),
             dind(P, TIM, "改造任务完成时间", "2027年9月前")],
            [dind(P, QTY, "网络化改造台站数量", "8个", core=True),
             dind(P, QUA, "观测数据实时传输率", "≥90%"),
             dind(P, QUA, "设备安装验收合格率", "100%")]),
        (B, [dind(B, SOC, "生态安全评估咨询报告", "≥5份"),
             dind(B, ENV, "生态系统变化监测能力", "显著提升")],
            [dind(B, SOC, "数据服务用户单位", "≥40家")]),
        (S, [dind(S, SAT, "数据用户满意度", "≥85%")],
            [dind(S, SAT, "数据用户满意度", "≥85%")]),
    ],
}

SPECIMEN = {
    "layout": "D",
    "title": D_TITLE, "year_line": "（2024年度）",
    "name": "国家植物标本馆标本数字化与共享服务",
    "department_cell": "[173]中国科学院", "unit": "中国科学院植物研究所",
    "attribute": "延续项目", "period_label": "项目期", "period": "2年",
    "amount_unit": "万元", "numfmt": "0.00",
    "mid": {"total": "960.00", "fiscal": "960.00", "other": "0.00"},
    "year": {"total": "480.00", "fiscal": "480.00", "other": "0.00"},
    "goal_headers": ("中期目标（2024年－2025年）", "年度目标"),
    "overall_goal": (
        "目标1：完成60万份馆藏植物标本的数字化，建成标本数字化信息库。\n"
        "目标2：通过国家标本资源共享平台向社会开放共享。"),
    "annual_goal": (
        "目标1：完成30万份标本数字化。\n"
        "目标2：年服务用户访问量不少于200万人次。"),
    "groups": [
        (P, [dind(P, QTY, "标本数字化数量", "60万份"),
             dind(P, QUA, "图像质量合格率", "≥98%")],
            [dind(P, QTY, "标本数字化数量", "30万份"),
             dind(P, QUA, "图像质量合格率", "≥98%"),
             dind(P, TIM, "年度任务完成时间", "2024年12月底前")]),
        (B, [dind(B, SOC, "共享平台访问量", "≥400万人次")],
            [dind(B, SOC, "共享平台访问量", "≥200万人次")]),
        (S, [dind(S, SAT, "用户满意度", "≥90%")],
            [dind(S, SAT, "用户满意度", "≥90%")]),
    ],
    "other_notes": "项目为延续项目，上年度标本数字化任务已按期完成。",
}

# ======================================================================================
# Layout E: county / city template
# ======================================================================================

E_TITLE = "海州市临江区财政支出项目绩效目标申报表"


def eind(level1, level2, content, target, note=None, scope="annual"):
    return ind(level1, level2, content, target, note, scope=scope)


RURAL_ROADS = {
    "layout": "E",
    "title": E_TITLE, "year_line": "（2019年度）",
    "filler": ("填报单位（盖章）：", "海州市临江区交通运输局"),
    "name": "2019年农村公路提档升级工程",
    "attribute": "新增项目□ 延续项目☑",
    "department": "海州市临江区交通运输局", "department_code": "312001",
    "unit": "海州市临江区农村公路管理站",
    "leader": "周海涛", "phone": "0518-85706312",
    "period_label": "项目起止时间", "period": "2019年1月至2019年12月",
    "amount_unit": "万元", "numfmt": "#,##0.00", "colon": True,
    "money": {"total": "2,860.00", "fiscal": "2,460.00", "own": "0.00",
              "other": "400.00"},
    "goal_headers": ("长期目标", "年度目标"),
    "overall_goal": (
        "用三年时间完成全区农村公路提档升级改造186公里，实现全区行政村双车道四级"
        "公路全覆盖，路况优良中等路比例达到85%以上，建立“县道县管、乡道乡管、村道"
        "村管”的管养机制，方便群众出行，带动乡村产业发展。"),
    "annual_goal": (
        "2019年完成农村公路提档升级改造62公里、危桥改造8座，新增安保设施30公里；"
        "工程交工验收合格率100%，路况优良中等路比例达到80%。"),
    "tables": [
        ("长期绩效指标", [
            eind(P, QTY, "提档升级改造里程", "186公里", scope="overall"),
            eind(P, QUA, "路况优良中等路比例", "≥85%", scope="overall"),
            eind(P, TIM, "改造任务完成时间", "2021年底前", scope="overall"),
            eind(B, SOC, "行政村双车道四级公路覆盖率", "100%", scope="overall"),
            eind(B, SUS, "农村公路管养机制", "健全", scope="overall"),
            eind(S, SAT, "沿线群众满意度", "≥90%", scope="overall"),
        ]),
        ("年度绩效指标", [
            eind(P, QTY, "提档升级改造里程", "62公里", "含县道18公里"),
            eind(P, QTY, "危桥改造", "8座"),
            eind(P, QTY, "新增安保设施", "30公里"),
            eind(P, QUA, "工程交工验收合格率", "100%"),
            eind(P, QUA, "路况优良中等路比例", "≥80%", "按省定标准检测"),
            eind(P, TIM, "开工时间", "2019年3月"),
            eind(P, TIM, "交工时间", "2019年11月底前"),
            eind(P, "成本指标", "每公里改造成本", "≤40万元", "不含危桥"),
            eind(B, ECO, "沿线农产品运输成本", "降低10%"),
            eind(B, SOC, "受益行政村", "42个"),
            eind(B, SOC, "受益群众", "≥8.6万人"),
            eind(B, SUS, "公路使用年限", "≥15年"),
            eind(S, SAT, "沿线群众满意度", "≥90%", "问卷调查"),
        ]),
    ],
    "other_notes": ("其他说明的问题", "项目资金中其他资金为省交通运输厅以奖代补资金。"),
    "footer": [("填报人：", "王建国"), ("单位负责人：", "陈志刚"), ("填报日期：", "2019年3月15日")],
}

ELDERLY_CARE = {
    "layout": "E",
    "title": E_TITLE, "year_line": "（2019年度）",
    "filler": ("填报单位（盖章）：", "海州市临江区民政局"),
    "name": "居家养老服务补贴",
    "attribute": "■新增项目 □延续项目",
    "department": "海州市临江区民政局", "department_code": "312015",
    "unit": "海州市临江区养老服务指导中心",
    "leader": "刘敏", "phone": "0518-85512047",
    "period_label": "项目起止时间", "period": "2019年3月至2019年11月",
    "amount_unit": "万元", "numfmt": "0.00", "colon": False,     # labels without ：
    "money": {"total": "536.80", "fiscal": "480.00", "own": "36.80", "other": "20.00"},
    "goal_headers": ("长期目标", "年度目标"),
    "overall_goal": (
        "建立政府购买居家养老服务制度，为全区经济困难的高龄、失能老年人提供生活照料、"
        "助餐助浴、康复护理等上门服务，提高老年人生活质量。"),
    "annual_goal": (
        "为2100名经济困难老年人提供居家养老服务，每人每月服务时间不少于30小时，"
        "服务对象满意度达到90%以上。"),
    "tables": [
        ("长期绩效指标", [
            eind(P, QTY, "服务覆盖经济困难老年人", "全覆盖", scope="overall"),
            eind(B, SOC, "老年人生活质量", "明显提高", scope="overall"),
            eind(S, SAT, "服务对象满意度", "≥90%", scope="overall"),
        ]),
        ("年度绩效指标", [
            eind(P, QTY, "服务老年人数", "2100人"),
            eind(P, QTY, "每人每月服务时间", "≥30小时"),
            eind(P, QUA, "服务质量抽查合格率", "≥95%", "每季度抽查"),
            eind(P, TIM, "补贴发放时间", "次月10日前"),
            eind(B, SOC, "失能老年人照护率", "≥80%"),
            eind(S, SAT, "服务对象满意度", "≥90%"),
        ]),
    ],
    "other_notes": ("其他说明的问题", "无"),
    "footer": [("填报人：", "孙丽"), ("单位负责人：", "赵永红"), ("填报日期：", "2019年2月28日")],
}

WATER_SUPPLY = {
    "layout": "E",
    "title": E_TITLE, "year_line": "（2019年度）",
    "filler": ("填报单位（盖章）：", "海州市临江区水利局"),
    "name": "城乡供水一体化管网改造",
    "attribute": "□新增项目  √延续项目",
    "department": "海州市临江区水利局", "department_code": "312008",
    "unit": "海州市临江区供水管理所",
    "leader": "吴卫东", "phone": "13905186642",
    "period_label": "项目起止时间", "period": "2018年7月至2020年6月",
    "amount_unit": "元", "numfmt": "#,##0.00", "colon": True,
    "money": {"total": "9,850,000.00", "fiscal": "9,850,000.00", "own": "0.00",
              "other": "0.00"},
    "goal_headers": ("长期目标", "年度目标"),
    "overall_goal": (
        "改造老旧供水管网，实现城乡供水同水源、同管网、同水质、同服务，农村自来水"
        "普及率达到100%，管网漏损率控制在12%以内。"),
    "annual_goal": "2019年改造供水管网48公里，新增受益人口1.2万人，管网漏损率降至15%。",
    "tables": [
        ("长期绩效指标", [
            eind(P, QTY, "改造供水管网", "96公里", scope="overall"),
            eind(B, SOC, "农村自来水普及率", "100%", scope="overall"),
            eind(B, SUS, "管网漏损率", "≤12%", scope="overall"),
        ]),
        ("年度绩效指标", [
            eind(P, QTY, "改造供水管网", "48公里"),
            eind(P, QUA, "出厂水水质合格率", "100%"),
            eind(B, SOC, "新增受益人口", "1.2万人"),
            eind(B, SUS, "管网漏损率", "≤15%", "上年为19%"),
            eind(S, SAT, "用水户满意度", "≥90%"),
        ]),
    ],
    "other_notes": ("其他说明的问题", ""),    # printed, empty: not an extra field
    "footer": [("填报人：", "马俊"), ("单位负责人：", "吴卫东"), ("填报日期：", "2019年3月20日")],
}


# ======================================================================================
# The PDFs
# ======================================================================================

# ======================================================================================
# Layouts LAYOUTS.md does not describe (F: labels above values; G: stacked blocks)
# ======================================================================================

ARCHIVE_SHELVES = {
    "layout": "F",
    "title": "项目绩效目标申报表", "year_line": "（2025年度）",
    "name": "档案馆密集架更新改造",
    "head": [("项目名称", "档案馆密集架更新改造"), ("项目类型", "其他运转类"),
             ("主管部门", "海州市档案局")],
    "head2": [("项目实施单位", "海州市档案馆"), ("项目实施时间", "2025年3月至2025年11月"),
              ("项目性质", "其他一次性项目")],
    "amount_unit": "万元", "numfmt": "#,##0.00",
    "money": [("资金总额", "annual_total"), ("其中：财政拨款", "annual_appropriation"),
              ("其他资金", "annual_other")],
    "amounts": {"annual_total": "186.50", "annual_appropriation": "180.00",
                "annual_other": "6.50"},
    "goal_headers": ("总体目标", "本年度目标"),
    "overall_goal": (
        "更新档案馆一号库房老化密集架，扩充库房容量，改善档案保管条件，保障馆藏档案安全。"),
    "annual_goal": (
        "完成一号库房1200立方米密集架拆除与更新安装，新增排架长度3600米，11月底前通过验收。"),
    "indicators": [
        ind(P, QTY, "更新密集架容积", "≥1200(立方米)", core=True, extra={"权重": "20"}),
        ind(P, QTY, "新增排架长度", "3600米", extra={"权重": "15"}),
        ind(P, QUA, "安装验收合格率", "=100(%)", extra={"权重": "15"}),
        ind(P, TIM, "完成时间", "2025年11月底前", extra={"权重": "10"}),
        ind(B, SOC, "档案保管条件", "明显改善", extra={"权重": "20"}),
        ind(S, SAT, "查档群众满意度", "≥90%", extra={"权重": ""}),
    ],
}

FLOOD_STATIONS = {
    "layout": "G",
    "title": "财政项目支出绩效目标申报表", "year_line": "（2024年度）",
    "name": "中小河流水文监测站点建设",
    "department": "海州市水利局", "unit": "海州市水文站",
    "period": "2024/1/1至2025/12/31",
    "amount_unit": "元", "numfmt": "#,##0.00",
    "amounts": {"total_funds": "4860000.00", "total_fiscal": "4500000.00",
                "total_other": "360000.00", "annual_total": "2430000.00",
                "annual_appropriation": "2250000.00", "annual_carryover": "0.00",
                "annual_other": "180000.00"},
    "goal_headers": ("项目总体目标", "年度总体目标"),
    "overall_goal": (
        "两年内新建中小河流水文监测站点24处，实现重点中小河流水位雨量自动监测全覆盖，"
        "提升防汛预警能力。"),
    "annual_goal": "2024年新建水文监测站点12处，汛前投入试运行，数据到报率≥95%。",
    "indicators": [
        ind(P, QTY, "新建水文监测站点", "=12(处)", extra={"评分标准": "每少1处扣2分"}),
        ind(P, QUA, "数据到报率", "≥95(%)", "按月统计", extra={"评分标准": "低于95%不得分"}),
        ind(P, TIM, "站点投入试运行", "汛前", extra={"评分标准": ""}),
        ind(B, SOC, "防汛预警提前量", "≥2(小时)", "较上年", core=True,
            extra={"评分标准": "达到得满分"}),
        ind(S, SAT, "防汛部门满意度", "≥90(%)", extra={"评分标准": "问卷调查"}),
    ],
}


def form(f):
    return {"kind": "form", "form": f}


def specs() -> list[dict]:
    return [
        {"name": "2026-shanghai-culture-c", "layout": "C", "font": UMING,
         "blocks": [form(CULTURE_DELIVERY), form(HERITAGE), form(LIBRARY_DIGITAL)]},
        {"name": "2026-shanghai-epb-budget-c", "layout": "C", "font": NOTO_SERIF,
         "blocks": [EPB_PROSE, EPB_PROSE_2, EPB_BUDGET, form(AIR_MONITOR), form(SOLID_WASTE),
                    form(NOISE_MAP)]},
        {"name": "2025-cas-research-d", "layout": "D", "font": NOTO_SANS,
         "blocks": [form(TELESCOPE), form(FIELD_STATION), form(SPECIMEN)]},
        {"name": "2019-haizhou-county-e", "layout": "E", "font": UKAI,
         "blocks": [form(RURAL_ROADS), form(ELDERLY_CARE), form(WATER_SUPPLY)]},
        {"name": "2025-unknown-labels-above-f", "layout": "F", "font": UMING,
         "blocks": [form(ARCHIVE_SHELVES)]},
        {"name": "2024-unknown-stacked-g", "layout": "G", "font": NOTO_SANS,
         "blocks": [form(FLOOD_STATIONS)]},
    ]


# one degraded scan per layout: which exported sample it is made from
SCANS = {"C": "2026-shanghai-culture-c", "D": "2025-cas-research-d",
         "E": "2019-haizhou-county-e"}
