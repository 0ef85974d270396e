"""Forms of layouts A and B written by another exporter: ReportLab, not LibreOffice.

samples/ was made by one pipeline (openpyxl -> LibreOffice), so every sample shares its
habits: Type0 fonts with Identity-H, text centred in merged cells, one stroke per rule,
headers printed once. Archive PDFs come from other writers. These files keep the form's
labels and content rules but change what the writer decides:

  * fonts: a non-embedded CID font with a predefined CMap (STSong-Light, UniGB-UCS2-H),
    and embedded simple TrueType subsets with their own encodings;
  * where a merged cell's text sits (top, bottom), so a 一级/二级 group split by a page
    break may have its label in either part;
  * rules: a thick outer box and hairline inner rules, drawn per cell edge;
  * the indicator header row repeated at the top of each continuation page;
  * title and year line as paragraphs above the table, not cells of it;
  * two short forms on one page.

The expected records come from gen_samples.make_record, the same rules as samples/.
Deterministic: ReportLab is told invariant=1, so reruns give identical bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_samples as gs  # noqa: E402
import gen_samples_data as data  # noqa: E402
from gen_samples_data import ind, P, B, S, QTY, QUA, TIM, COST, ECO, SOC, ENV, SUS, SAT  # noqa: E402

from reportlab import rl_config  # noqa: E402

rl_config.invariant = 1
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import (Flowable, PageBreak, Paragraph, SimpleDocTemplate,  # noqa: E402
                                Spacer, Table, TableStyle)

UMING_TTC = "/usr/share/fonts/truetype/arphic/uming.ttc"
UKAI_TTC = "/usr/share/fonts/truetype/arphic/ukai.ttc"


# --------------------------------------------------------------------------------------
# Content: projects that no other sample has
# --------------------------------------------------------------------------------------

WATER = {
    "template": "district",
    "year_line": "（2025年度）",
    "name": "2025年河道综合整治及水质提升工程",
    "nature": "其他一次性项目", "category": "特定目标类",
    "department": "上海市嘉定区水务局",
    "unit": "上海市嘉定区河道管理所",
    "start": "2025-03-01", "end": "2025-12-31",
    "amount_unit": "万元",
    "amounts": {"total_funds": "2860.00", "total_fiscal": "2400.00", "total_other": "460.00",
                "annual_total": "1520.60", "annual_appropriation": "1200.00",
                "annual_carryover": "260.60", "annual_other": "60.00"},
    "overall_goal": (
        "用三年时间完成全区42条中小河道的综合整治，实施清淤疏浚、护岸改造、截污纳管和"
        "生态修复，消除劣V类水体，主要河道水质稳定达到IV类及以上，形成“河畅、水清、"
        "岸绿、景美”的水环境。"),
    "annual_goal": (
        "年内完成15条河道清淤疏浚约18.6万立方米，新建生态护岸9.2公里，完成沿河排口"
        "截污纳管改造120处；整治河道水质达标率不低于90%，周边居民满意度达到90%以上。"),
    "indicators": [
        ind(P, QTY, "河道清淤疏浚量", "≥18.6(万立方米)"),
        ind(P, QTY, "新建生态护岸长度", "≥9.2公里"),
        ind(P, QTY, "排口截污纳管改造数量", "=120(处)", "含雨污混接点"),
        ind(P, QTY, "整治河道条数", "=15(条)"),
        ind(P, QUA, "工程验收合格率", "=100%"),
        ind(P, QUA, "整治河道水质达标率", "≥90(%)"),
        ind(P, QUA, "护岸结构安全隐患整改率", "=100(%)"),
        ind(P, TIM, "清淤工程完成时间", "≤2025年10月"),
        ind(P, TIM, "项目资金支付进度", "≥95%", "按季度考核"),
        ind(P, COST, "单位清淤成本", "≤85(元/立方米)"),
        ind(B, ECO, "带动沿河土地增值", "有所提升"),
        ind(B, SOC, "涉水投诉办结率", "≥98%"),
        ind(B, ENV, "劣V类水体消除率", "=100%"),
        ind(B, ENV, "河道透明度提高", "≥20(厘米)"),
        ind(B, SUS, "河长制长效管护机制", "健全"),
        ind(S, SAT, "周边居民满意度", "≥90(%)", "第三方调查"),
    ],
}

CULTURE = {
    "template": "standard",
    "year_line": "(2025年度)",
    "name": "社区文化活动中心公共文化服务配送",
    "nature": "经常性项目", "category": "一般性项目",
    "department": "上海市闵行区文化和旅游局",
    "unit": "上海市闵行区文化馆",
    "start": "2025/1/1", "end": "2025/12/31",
    "amount_unit": "元",
    "amounts": {"total_funds": "1856400.00", "total_fiscal": "1856400.00",
                "total_other": "0.00",
                "annual_total": "1856400.00", "annual_appropriation": "1856400.00",
                "annual_carryover": "0.00", "annual_other": "0.00"},
    "overall_goal": (
        "向全区14个街镇社区文化活动中心配送演出、讲座、展览和培训等公共文化服务，"
        "丰富居民精神文化生活。"),
    "annual_goal": "全年配送文化服务不少于1200场次，惠及群众20万人次以上。",
    "indicators": [
        ind(P, QTY, "配送文化服务场次", "≥1200(场)"),
        ind(P, QTY, "惠及群众人次", "≥20万人次"),
        ind(P, QUA, "配送节目审核通过率", "=100%"),
        ind(P, TIM, "年度配送计划完成时间", "2025年12月底前"),
        ind(B, SOC, "社区文化活动参与度", "逐步提高"),
        ind(S, SAT, "群众满意度", "≥92%"),
    ],
}

LIBRARY = {
    "template": "standard",
    "year_line": "(2025年度)",
    "name": "区图书馆数字资源采购",
    "nature": "经常性项目", "category": "一般性项目",
    "department": "上海市闵行区文化和旅游局",
    "unit": "上海市闵行区图书馆",
    "start": "2025/2/1", "end": "2025/11/30",
    "amount_unit": "元",
    "amounts": {"total_funds": "640000.00", "total_fiscal": "600000.00",
                "total_other": "40000.00",
                "annual_total": "640000.00", "annual_appropriation": "600000.00",
                "annual_carryover": "0.00", "annual_other": "40000.00"},
    "overall_goal": "采购电子图书、期刊和有声读物等数字资源，建设区域数字阅读平台。",
    "annual_goal": "新增电子图书3万种、数据库4个，数字资源年访问量不低于50万次。",
    "indicators": [
        ind(P, QTY, "新增电子图书", "≥3(万种)"),
        ind(P, QTY, "新增数据库数量", "=4个"),
        ind(P, QUA, "资源可用率", "≥99.5%"),
        ind(B, SOC, "数字资源年访问量", "≥50(万次)"),
        ind(S, SAT, "读者满意度", "≥90%"),
    ],
}

ELDERLY = {
    "template": "district",
    "year_line": "（2025年度）",
    "name": "2025年社区长者食堂运营补贴",
    "nature": "经常性专项业务费", "category": "特定目标类",
    "department": "上海市长宁区民政局",
    "unit": "上海市长宁区养老服务指导中心",
    "start": "2025-01-01", "end": "2025-12-31",
    "amount_unit": "元",
    "amounts": {"total_funds": "5120000.00", "total_fiscal": "5120000.00",
                "total_other": "0.00",
                "annual_total": "5120000.00", "annual_appropriation": "4800000.00",
                "annual_carryover": "320000.00", "annual_other": "0.00"},
    "overall_goal": (
        "按照“15分钟养老服务圈”要求，对全区社区长者食堂按照供餐量给予运营补贴，"
        "保障老年人就近获得安全、营养、实惠的助餐服务，形成可持续的社区助餐网络。"),
    "annual_goal": (
        "全年补贴长者食堂28家、助餐点46个，日均供餐不少于6500客，食品安全事故为零，"
        "老年人对助餐服务的满意度达到90%以上。"),
    "indicators": [
        ind(P, QTY, "补贴长者食堂数量", "=28(家)"),
        ind(P, QTY, "补贴社区助餐点数量", "=46个"),
        ind(P, QTY, "日均供餐量", "≥6500(客)"),
        ind(P, QTY, "覆盖街道（镇）数", "=10个"),
        ind(P, QUA, "食品安全事故发生数", "=0(起)", "零容忍"),
        ind(P, QUA, "食堂食品安全检查覆盖率", "=100%"),
        ind(P, QUA, "明厨亮灶改造完成率", "≥95%"),
        ind(P, TIM, "补贴资金拨付及时率", "=100(%)"),
        ind(P, COST, "单客补贴标准", "≤3(元/客)"),
        ind(B, SOC, "老年人助餐服务覆盖率", "逐年提升"),
        ind(B, SOC, "高龄独居老人送餐上门率", "≥80%"),
        ind(B, SUS, "助餐服务网络运营稳定性", "稳定运行"),
        ind(S, SAT, "老年人助餐满意度", "≥90(%)"),
    ],
}


# --------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------

def register_fonts():
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdfmetrics.registerFont(TTFont("UMing", UMING_TTC, subfontIndex=1))  # AR PL UMing CN
    pdfmetrics.registerFont(TTFont("UKai", UKAI_TTC, subfontIndex=0))


class RectRuleTable(Table):
    """A table whose rules are thin filled rectangles, not stroked lines: what
    WPS and some Excel exports write for cell borders."""

    def _drawLines(self):
        canv = self.canv

        def rect_line(x1, y1, x2, y2):
            w = canv._lineWidth
            canv.saveState()
            canv.setFillColor(colors.black)
            if y1 == y2:
                canv.rect(min(x1, x2) - w / 2, y1 - w / 2, abs(x2 - x1) + w, w, stroke=0, fill=1)
            else:
                canv.rect(x1 - w / 2, min(y1, y2) - w / 2, w, abs(y2 - y1) + w, stroke=0, fill=1)
            canv.restoreState()

        canv.line = rect_line
        try:
            super()._drawLines()
        finally:
            del canv.line


class Mark(Flowable):
    """Zero-size flowable that records the page it lands on."""

    def __init__(self, sink: list, key):
        super().__init__()
        self.sink, self.key = sink, key

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.sink.append((self.key, self.canv.getPageNumber()))


def styles(font: str, size: float):
    base = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.3,
                          wordWrap="CJK", alignment=TA_LEFT)
    return {
        "l": base,
        "c": ParagraphStyle("c", parent=base, alignment=TA_CENTER),
        "r": ParagraphStyle("r", parent=base, alignment=TA_RIGHT),
        "title": ParagraphStyle("t", parent=base, fontSize=17, leading=24,
                                alignment=TA_CENTER),
        "year": ParagraphStyle("y", parent=base, fontSize=11, leading=16,
                               alignment=TA_CENTER),
    }


def form_flowables(f: dict, st: dict, variant: dict, marks: list, key) -> tuple[list, list]:
    """The flowables of one form and every string it prints."""
    printed: list[str] = []
    district = f.get("template") == "district"

    def p(text, al="l"):
        if text is None or text == "":
            return ""
        printed.append(text)
        return Paragraph(text.replace("\n", "<br/>"), st[al])

    rows, spans = [], []

    def row(cells):
        rows.append(cells + [""] * (7 - len(cells)))
        return len(rows) - 1

    r = row([p("项目名称", "c"), p(f["name"]), "", p("项目性质", "c"), p(f["nature"]),
             p("项目类别", "c"), p(f["category"])])
    spans.append(((1, r), (2, r)))
    r = row([p("主管部门", "c"), p(f["department"]), "", p("实施单位", "c"), p(f["unit"])])
    spans += [((1, r), (2, r)), ((4, r), (6, r))]
    r = row([p("计划开始日期", "c"), p(f["start"]), "", p("计划完成日期", "c"), p(f["end"])])
    spans += [((1, r), (2, r)), ((4, r), (6, r))]

    unit = f["amount_unit"]
    a = f["amounts"]
    dec = f.get("amount_decimals", 2)
    left = [("项目资金总额", "total_funds"), ("其中：财政资金", "total_fiscal"),
            (None, None), ("其他资金", "total_other")]
    right = [("年度资金申请总额", "annual_total"), ("其中：当年财政拨款", "annual_appropriation"),
             ("上年结转资金", "annual_carryover"), ("其他资金", "annual_other")]
    first = None
    for i in range(4):
        (ll, lk), (rl, rk) = left[i], right[i]
        cells = [p(f"项目资金（{unit}）", "c") if i == 0 else "",
                 p(ll) if ll else "", "",
                 p(gs.fmt_amount(a[lk], dec), "r") if lk else "",
                 p(rl), p(gs.fmt_amount(a[rk], dec), "r"), ""]
        r = row(cells)
        first = r if i == 0 else first
        spans += [((1, r), (2, r)), ((5, r), (6, r))]
    spans.append(((0, first), (0, first + 3)))

    h_over, h_ann = ("长期目标", "年度目标") if district else ("项目总目标", "年度总体目标")
    r = row([p("项目绩效目标", "c"), p(h_over, "c"), "", "", p(h_ann, "c")])
    spans += [((0, r), (0, r + 1)), ((1, r), (3, r)), ((4, r), (6, r))]
    r = row(["", p(f["overall_goal"]), "", "", p(f["annual_goal"])])
    spans += [((1, r), (3, r)), ((4, r), (6, r))]

    widths = [w * mm for w in variant["widths"]]
    lw_in, lw_out = variant["rules"]
    pad = [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
           ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    table_class = RectRuleTable if variant.get("rect_rules") else Table
    upper = table_class(rows, colWidths=widths, splitByRow=1)
    cmds = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + pad
    cmds += [("SPAN", a_, b_) for a_, b_ in spans]
    cmds += [("INNERGRID", (0, 0), (-1, -1), lw_in, colors.black),
             ("BOX", (0, 0), (-1, -1), lw_out, colors.black)]
    upper.setStyle(TableStyle(cmds))

    # The indicator table is drawn without SPANs: a merged 一级/二级/绩效指标 cell is a run
    # of rows with no rule between them, its text in one row of the run (variant
    # "label_row": top, middle or bottom), so a page break can fall inside a group and
    # leave the label in either part. The header row repeats on each page when asked.
    inds = f["indicators"]
    trows = [["", p("一级指标", "c"), p("二级指标", "c"), p("三级指标", "c"), "",
              p("指标值" if district else "年度(/项目)指标值", "c"),
              p("备注", "c") if district else ""]]
    tspans = [((3, 0), (4, 0))] + ([] if district else [((5, 0), (6, 0))])
    for i, it in enumerate(inds, 1):
        if district:
            trows.append(["", "", "", p(it["level3"]), "", p(it["target"], "c"),
                          p(it.get("remark") or "")])
        else:
            trows.append(["", "", "", p(it["level3"]), "", p(it["target"], "c"), ""])
            tspans.append(((5, i), (6, i)))
        tspans.append(((3, i), (4, i)))
    where = variant["label_row"]

    def label_at(a_, b_):
        return {"top": a_, "bottom": b_, "middle": (a_ + b_) // 2}[where]

    tcmds = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + pad
    tcmds += [("SPAN", a_, b_) for a_, b_ in tspans]
    if variant.get("shaded"):
        # cell backgrounds: white everywhere, the header row grey (filled
        # rectangles that are not rules)
        tcmds += [("BACKGROUND", (0, 0), (-1, -1), colors.white),
                  ("BACKGROUND", (1, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85))]
    tcmds += [("GRID", (3, 0), (-1, -1), lw_in, colors.black),
              ("LINEBELOW", (1, 0), (2, 0), lw_in, colors.black),
              ("LINEAFTER", (0, 0), (2, -1), lw_in, colors.black),
              ("BOX", (0, 0), (-1, -1), lw_out, colors.black)]
    for col, keyf in ((1, lambda i: inds[i]["level1"]),
                      (2, lambda i: (inds[i]["level1"], inds[i]["level2"]))):
        i = 0
        while i < len(inds):
            j = i
            while j + 1 < len(inds) and keyf(j + 1) == keyf(i):
                j += 1
            text = inds[i]["level1"] if col == 1 else inds[i]["level2"]
            trows[1 + label_at(i, j)][col] = p(text, "c")
            tcmds.append(("LINEBELOW", (col, 1 + j), (col, 1 + j), lw_in, colors.black))
            i = j + 1
    trows[label_at(0, len(inds))][0] = p("绩效指标", "c")
    table = table_class(trows, colWidths=widths, splitByRow=1,
                  repeatRows=1 if variant.get("repeat_header") else 0)
    table.setStyle(TableStyle(tcmds))

    title = f.get("title", data.TITLE)
    printed += [title, f["year_line"]]
    out = [Mark(marks, (key, "start")),
           Paragraph(title, st["title"]), Paragraph(f["year_line"], st["year"]),
           Spacer(1, 4), upper, table, Mark(marks, (key, "end"))]
    return out, printed


def build(path: Path, spec: dict) -> list[tuple[dict, list[int], list[str]]]:
    st = styles(spec["font"], spec["size"])
    marks: list = []
    story = []
    printed_by = []
    for i, f in enumerate(spec["forms"]):
        fl, printed = form_flowables(f, st, spec, marks, i)
        story += fl
        printed_by.append(printed)
        if spec.get("break_between", True) and i + 1 < len(spec["forms"]):
            story.append(PageBreak())
        else:
            story.append(Spacer(1, 18))
    size = landscape(A4) if spec.get("landscape") else A4
    head, foot = spec.get("furniture", ("", ""))

    def furniture(canv, doc_):
        # text outside the grid on every page: a running header and a page number
        canv.saveState()
        canv.setFont(spec["font"], 9)
        if head:
            canv.drawCentredString(size[0] / 2, size[1] - 12 * mm, head)
        if foot:
            canv.drawCentredString(size[0] / 2, 10 * mm,
                                   foot.format(page=canv.getPageNumber()))
        canv.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=spec.get("top_mm", 20) * mm, bottomMargin=18 * mm,
                            title="", author="", creator="ReportLab", invariant=1)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    pages = {}
    for (k, what), pg in marks:
        pages.setdefault(k, {})[what] = pg
    return [(f, list(range(pages[i]["start"], pages[i]["end"] + 1)), printed_by[i])
            for i, f in enumerate(spec["forms"])]


SPECS = [
    # B layout, CID font not embedded (predefined CMap), group labels in the first row of
    # their run, hairline inner rules under a thick box, header repeated on each page,
    # running header and page numbers
    {"name": "2025-jiading-water-reportlab", "font": "STSong-Light", "size": 10,
     "forms": [WATER, ELDERLY], "widths": [17, 20, 24, 40, 22, 27, 24],
     "rules": (0.25, 1.2), "label_row": "top", "repeat_header": True, "top_mm": 60,
     "furniture": ("嘉定区2025年区级项目支出绩效目标公开", "第{page}页"),
     "scan": "degraded200"},
    # A layout, embedded TrueType subsets, labels in the middle row, two short forms on
    # one page, the second one over a page break
    {"name": "2025-minhang-culture-reportlab", "font": "UMing", "size": 9.5,
     "forms": [CULTURE, LIBRARY], "widths": [18, 19, 23, 36, 24, 27, 27],
     "rules": (0.6, 0.6), "label_row": "middle", "break_between": False, "scan": "g4"},
    # B layout in a kai font, narrow 一级 column (labels wrap), labels in the last row of
    # their run, long tables pushed over page breaks by a deep top margin
    {"name": "2025-changning-elderly-reportlab", "font": "UKai", "size": 10.5,
     "forms": [ELDERLY, WATER], "widths": [14, 14, 22, 44, 26, 28, 26],
     "rules": (0.5, 1.0), "label_row": "bottom", "top_mm": 95,
     "furniture": ("", "- {page} -"), "scan": "feed200"},
    # A layout on landscape pages, labels in the middle row, header repeated
    {"name": "2025-minhang-landscape-reportlab", "font": "UMing", "size": 10,
     "forms": [LIBRARY, CULTURE], "widths": [22, 26, 32, 60, 30, 40, 40],
     "rules": (0.4, 0.8), "label_row": "middle", "repeat_header": True,
     "landscape": True, "top_mm": 40, "scan": "clean300"},
    # B layout with rules as filled rectangles (WPS), white cell backgrounds and a grey
    # header row, labels in the middle row, no scan
    {"name": "2025-changning-wps-rects-reportlab", "font": "UMing", "size": 10,
     "forms": [ELDERLY, CULTURE], "widths": [17, 20, 24, 40, 22, 27, 24],
     "rules": (0.5, 0.5), "label_row": "middle", "rect_rules": True, "shaded": True,
     "top_mm": 70, "scan": None},
]


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return out.split("\f")[:-1]


def scan(pdf: Path, variant: str, dst: Path, tmp: Path):
    """A scan of `pdf` made the way scripts/gen_scans.py makes samples/scanned and
    samples/archive: its renderer, paper, noise, skews, feeds and bilevel codec."""
    import numpy as np
    import gen_scans as sc
    from PIL import Image  # noqa: F401
    stem = dst.stem
    if variant == "g4":
        pages, inks = [], []
        for i, g in enumerate(sc.render(pdf, sc.CLEAN_DPI, tmp, stem), 1):
            ink = sc.bilevel(g, np.random.default_rng(sc.seed(stem, "bilevel", i)))
            inks.append(ink)
            pages.append((sc.bilevel_page(ink, "g4", sc.CLEAN_DPI), g.width, g.height,
                          sc.CLEAN_DPI))
        sc.bilevel_pdf(pages, dst)
        sc.check_bilevel(dst, inks, pages, tmp)
        return
    dpi = sc.CLEAN_DPI if variant == "clean300" else sc.DEGRADED_DPI
    pages = []
    for i, g in enumerate(sc.render(pdf, dpi, tmp, stem), 1):
        if variant == "clean300":
            pages.append(sc.clean_page(g))
        elif variant == "degraded200":
            pages.append(sc.degraded_page(stem, i, g, None, {}))
        elif variant == "feed200":
            fed = sc.apply_feed(g, dpi, sc.feed_for(stem, variant, i), 255)
            pages.append(sc.degraded_page(stem, i, fed, None, {}, angle=0.0))
        else:
            raise SystemExit(f"unknown scan variant {variant}")
    sc.images_to_pdf(pages, dst)
    sc.check_scan(dst, pages)


def write_checked(cdir: Path, records: list[dict]):
    from sample_records import to_indicators_csv, to_jsonl, to_projects_csv
    records.sort(key=lambda r: (r["source_file"], r["form_index"]))
    cdir.mkdir(parents=True, exist_ok=True)
    (cdir / "records.jsonl").write_text(to_jsonl(records), encoding="utf-8")
    (cdir / "projects.csv").write_text(to_projects_csv(records), encoding="utf-8")
    (cdir / "indicators.csv").write_text(to_indicators_csv(records), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default=str(HERE.parent))
    args = ap.parse_args()
    repo = Path(args.repo).resolve()
    outdir = repo / "samples" / "stranger"
    cdir = outdir / "checked"
    cdir.mkdir(parents=True, exist_ok=True)
    register_fonts()
    import tempfile
    sdir = outdir / "scanned"
    sdir.mkdir(exist_ok=True)
    records, scanned = [], []
    with tempfile.TemporaryDirectory(prefix="shenbao-stranger-") as tmp:
        for spec in SPECS:
            pdf = outdir / f"{spec['name']}.pdf"
            forms = build(pdf, spec)
            texts = page_texts(pdf)
            sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
            got = []
            for fi, (f, pages, printed) in enumerate(forms):
                text = "".join(texts[p - 1] for p in pages)
                gs.check_multiset(f"{spec['name']} form {fi}", printed, text)
                got.append(gs.make_record(f, f"samples/stranger/{pdf.name}", sha, fi, pages))
            records += got
            if spec["scan"] is None:
                continue
            dst = sdir / f"{spec['name']}-{spec['scan']}.pdf"
            scan(pdf, spec["scan"], dst, Path(tmp))
            ssha = hashlib.sha256(dst.read_bytes()).hexdigest()
            for r in got:
                scanned.append(dict(r, source_file=f"samples/stranger/scanned/{dst.name}",
                                    source_sha256=ssha, method="ocr"))
    write_checked(cdir, records)
    write_checked(sdir / "checked", scanned)
    print(f"{len(records)} records in {len(SPECS)} files and as many scans -> {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
