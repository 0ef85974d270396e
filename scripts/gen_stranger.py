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


# --------------------------------------------------------------------------------------
# A third writer: HTML tables typeset by WeasyPrint (pango/cairo), as web systems print
# their forms: real rowspan/colspan cells (the text of a merged cell sits where CSS puts
# it: middle or top), `<thead>` repeated on each page, border-collapse rules drawn as
# filled rectangles per cell edge, and pango's glyph runs.
# --------------------------------------------------------------------------------------

def _esc(t: str) -> str:
    return (t or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_form(f: dict, printed: list, index: int) -> str:
    district = f.get("template") == "district"

    def td(text, cls="", rs=1, cs=1):
        if text:
            printed.append(text)
        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        attrs += f' class="{cls}"' if cls else ""
        return f"<td{attrs}>{_esc(text)}</td>"

    a, unit, dec = f["amounts"], f["amount_unit"], f.get("amount_decimals", 2)
    amt = lambda k: gs.fmt_amount(a[k], dec)  # noqa: E731
    title = f.get("title", data.TITLE)
    printed += [title, f["year_line"]]
    h_over, h_ann = ("长期目标", "年度目标") if district else ("项目总目标", "年度总体目标")
    up = [
        "<tr>" + td("项目名称", "l") + td(f["name"], cs=2) + td("项目性质", "l")
        + td(f["nature"]) + td("项目类别", "l") + td(f["category"]) + "</tr>",
        "<tr>" + td("主管部门", "l") + td(f["department"], cs=2) + td("实施单位", "l")
        + td(f["unit"], cs=3) + "</tr>",
        "<tr>" + td("计划开始日期", "l") + td(f["start"], cs=2) + td("计划完成日期", "l")
        + td(f["end"], cs=3) + "</tr>",
        "<tr>" + td(f"项目资金（{unit}）", "l", rs=4) + td("项目资金总额", cs=2)
        + td(amt("total_funds"), "n") + td("年度资金申请总额")
        + td(amt("annual_total"), "n", cs=2) + "</tr>",
        "<tr>" + td("其中：财政资金", cs=2) + td(amt("total_fiscal"), "n")
        + td("其中：当年财政拨款") + td(amt("annual_appropriation"), "n", cs=2) + "</tr>",
        "<tr>" + td("", cs=2) + td("", "n") + td("上年结转资金")
        + td(amt("annual_carryover"), "n", cs=2) + "</tr>",
        "<tr>" + td("其他资金", cs=2) + td(amt("total_other"), "n") + td("其他资金")
        + td(amt("annual_other"), "n", cs=2) + "</tr>",
        "<tr>" + td("项目绩效目标", "l", rs=2) + td(h_over, "h", cs=3) + td(h_ann, "h", cs=3)
        + "</tr>",
        "<tr>" + td(f["overall_goal"], cs=3) + td(f["annual_goal"], cs=3) + "</tr>",
    ]
    inds = f["indicators"]
    head = ("<tr>" + td("", "l") + td("一级指标", "h") + td("二级指标", "h")
            + td("三级指标", "h", cs=2)
            + (td("指标值", "h") + td("备注", "h") if district
               else td("年度(/项目)指标值", "h", cs=2)) + "</tr>")
    body = []
    for i, it in enumerate(inds):
        cells = ""
        if i == 0:
            cells += td("绩效指标", "l", rs=len(inds))
        if i == 0 or inds[i - 1]["level1"] != it["level1"]:
            n = sum(1 for _ in __import__("itertools").takewhile(
                lambda x: x["level1"] == it["level1"], inds[i:]))
            cells += td(it["level1"], "g", rs=n)
        if i == 0 or (inds[i - 1]["level1"], inds[i - 1]["level2"]) != (it["level1"], it["level2"]):
            n = sum(1 for _ in __import__("itertools").takewhile(
                lambda x: (x["level1"], x["level2"]) == (it["level1"], it["level2"]), inds[i:]))
            cells += td(it["level2"], "g", rs=n)
        cells += td(it["level3"], cs=2)
        if district:
            cells += td(it["target"], "c") + td(it.get("remark") or "")
        else:
            cells += td(it["target"], "c", cs=2)
        body.append("<tr>" + cells + "</tr>")
    cols = "<colgroup>" + "".join(f'<col style="width:{w}mm">' for w in HTML_WIDTHS) + "</colgroup>"
    brk = ' style="break-before: page"' if index else ""
    return (f'<section{brk}><h1>{_esc(title)}</h1><p class="year">{_esc(f["year_line"])}</p>'
            f'<table class="up">{cols}{"".join(up)}</table>'
            f'<table class="ind">{cols}<thead>{head}</thead><tbody>{"".join(body)}</tbody>'
            f'</table><p class="mark">&#8203;</p></section>')


HTML_WIDTHS = [18, 20, 22, 38, 24, 26, 26]


def build_html(path: Path, spec: dict) -> list[tuple[dict, list[int], list[str]]]:
    import weasyprint
    printed_by = []
    parts = []
    for i, f in enumerate(spec["forms"]):
        printed: list[str] = []
        parts.append(html_form(f, printed, i))
        printed_by.append(printed)
    css = f"""
      @page {{ size: A4; margin: {spec.get('top_mm', 20)}mm 16mm 18mm 16mm;
               @bottom-center {{ content: "第 " counter(page) " 页"; font-size: 9pt; }} }}
      body {{ font-family: "{spec['font']}"; font-size: {spec['size']}pt; }}
      h1 {{ text-align: center; font-size: 17pt; margin: 0 0 2mm 0; font-weight: normal; }}
      p.year {{ text-align: center; margin: 0 0 3mm 0; }}
      table {{ border-collapse: collapse; width: 174mm; table-layout: fixed; }}
      table.ind {{ margin-top: -{spec['rule_pt']}pt; }}
      td {{ border: {spec['rule_pt']}pt solid black; padding: 1.2mm 1.5mm;
            vertical-align: {spec['valign']}; line-height: 1.25; }}
      td.l, td.h, td.c {{ text-align: center; }}
      td.g {{ text-align: center; vertical-align: {spec['group_valign']}; }}
      td.n {{ text-align: right; }}
      tr {{ break-inside: avoid; }}
      p.mark {{ margin: 0; font-size: 1pt; }}
    """
    html = f'<html lang="zh-CN"><head><meta charset="utf-8"><title></title></head><body>{"".join(parts)}</body></html>'
    doc = weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=css)])
    doc.write_pdf(str(path), uncompressed_pdf=False)
    # Which pages each form is on: from its title's page to the page before the next.
    texts = page_texts(path)
    starts = []
    for f in spec["forms"]:
        hits = [i + 1 for i, t in enumerate(texts) if f["name"][:10] in t.replace(" ", "")]
        starts.append(hits[0])
    out = []
    for i, f in enumerate(spec["forms"]):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(texts)
        out.append((f, list(range(starts[i], end + 1)), printed_by[i]))
    return out


SPECS = [
    # B layout, CID font not embedded (predefined CMap), group labels in the first row of
    # their run, hairline inner rules under a thick box, header repeated on each page,
    # running header and page numbers
    {"name": "2025-jiading-water-reportlab", "font": "STSong-Light", "size": 10,
     "forms": [WATER, ELDERLY], "widths": [17, 20, 24, 40, 22, 27, 24],
     "rules": (0.25, 1.2), "label_row": "top", "repeat_header": True, "top_mm": 60,
     "furniture": ("嘉定区2025年区级项目支出绩效目标公开", "第{page}页"),
     "scans": ["degraded200"]},
    # A layout, embedded TrueType subsets, labels in the middle row, two short forms on
    # one page, the second one over a page break
    {"name": "2025-minhang-culture-reportlab", "font": "UMing", "size": 9.5,
     "forms": [CULTURE, LIBRARY], "widths": [18, 19, 23, 36, 24, 27, 27],
     "rules": (0.6, 0.6), "label_row": "middle", "break_between": False,
     "scans": ["g4", "fax-g3"]},
    # B layout in a kai font, narrow 一级 column (labels wrap), labels in the last row of
    # their run, long tables pushed over page breaks by a deep top margin
    {"name": "2025-changning-elderly-reportlab", "font": "UKai", "size": 10.5,
     "forms": [ELDERLY, WATER], "widths": [14, 14, 22, 44, 26, 28, 26],
     "rules": (0.5, 1.0), "label_row": "bottom", "top_mm": 95,
     "furniture": ("", "- {page} -"), "scans": ["feed200", "mixed"]},
    # A layout on landscape pages, labels in the middle row, header repeated
    {"name": "2025-minhang-landscape-reportlab", "font": "UMing", "size": 10,
     "forms": [LIBRARY, CULTURE], "widths": [22, 26, 32, 60, 30, 40, 40],
     "rules": (0.4, 0.8), "label_row": "middle", "repeat_header": True,
     "landscape": True, "top_mm": 40, "scans": ["clean300", "jbig2-turned"]},
    # B layout with rules as filled rectangles (WPS), white cell backgrounds and a grey
    # header row, labels in the middle row, no scan
    # HTML tables typeset by WeasyPrint: rowspan cells with their text in the middle of
    # the whole cell (a group split by a page break has it in one part only), header row
    # repeated, 0.5 pt collapsed borders
    {"name": "2025-songjiang-water-weasyprint", "writer": "weasyprint",
     "font": "AR PL UMing CN", "size": 10, "forms": [WATER, CULTURE], "rule_pt": 0.5,
     "valign": "middle", "group_valign": "middle", "top_mm": 60, "scans": []},
    # the same writer, kai type, every cell's text at its top (merged group labels too),
    # hairline borders, a deep top margin
    {"name": "2025-songjiang-elderly-weasyprint", "writer": "weasyprint",
     "font": "AR PL UKai CN", "size": 10.5, "forms": [ELDERLY, LIBRARY], "rule_pt": 0.3,
     "valign": "top", "group_valign": "top", "top_mm": 90, "scans": []},
    {"name": "2025-changning-wps-rects-reportlab", "font": "UMing", "size": 10,
     "forms": [ELDERLY, CULTURE], "widths": [17, 20, 24, 40, 22, 27, 24],
     "rules": (0.5, 0.5), "label_row": "middle", "rect_rules": True, "shaded": True,
     "top_mm": 70, "scans": ["lamp300"]},
]


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return out.split("\f")[:-1]


def scan(pdf: Path, variant: str, dst: Path, tmp: Path):
    """A scan of `pdf`. The first four variants are made the way scripts/gen_scans.py
    makes samples/scanned and samples/archive (its renderer, paper, noise, skews, feeds
    and bilevel codec); the others by a second scanner of this file's own (see
    SECOND_SCANNER), so that the samples do not all share one noise model."""
    import numpy as np
    import gen_scans as sc
    stem = dst.stem
    if variant in SECOND_SCANNER:
        SECOND_SCANNER[variant](pdf, dst, tmp, stem)
        return
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


# --------------------------------------------------------------------------------------
# A second scanner: its own optics, light, paper handling and codecs
# --------------------------------------------------------------------------------------

def _rng(*parts):
    import numpy as np
    import gen_scans as sc
    return np.random.default_rng(sc.seed("stranger-scanner2", *parts))


def _render(pdf: Path, tmp: Path, tag: str, rx: int, ry: int | None = None):
    """Grey renderings of every page at rx x ry dpi (pdftoppm, anti-aliased)."""
    from PIL import Image
    out = tmp / tag
    out.mkdir()
    cmd = ["pdftoppm", "-gray", "-png", "-rx", str(rx), "-ry", str(ry or rx), str(pdf),
           str(out / "p")]
    subprocess.run(cmd, check=True, capture_output=True)
    files = sorted(out.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    imgs = []
    for f in files:
        with Image.open(f) as im:
            imgs.append(im.convert("L").copy())
    return imgs


def _sheet_moved(im, dpi: float, rng, fill: int, turn_deg: float = 0.0):
    """The sheet as this scanner's feeder leaves it: shifted up to 5 mm, scaled by up to
    2.5 %, skewed by up to 1.6 degrees, in directions drawn per page."""
    import math
    from PIL import Image
    w, h = im.size
    dx = float(rng.uniform(-5, 5)) / 25.4 * dpi
    dy = float(rng.uniform(-5, 5)) / 25.4 * dpi
    sc_ = 1 + float(rng.uniform(-0.025, 0.025))
    a = math.radians(float(rng.uniform(-1.6, 1.6)) + turn_deg)
    c_, s_ = math.cos(a), math.sin(a)
    m = [c_ / sc_, -s_ / sc_, 0.0, s_ / sc_, c_ / sc_, 0.0]
    ox, oy = -w / 2 - dx, -h / 2 - dy
    m[2] = m[0] * ox + m[1] * oy + w / 2
    m[5] = m[3] * ox + m[4] * oy + h / 2
    return im.transform((w, h), Image.AFFINE, m, resample=Image.BILINEAR, fillcolor=fill)


def _lamp_page(g, dpi: int, rng, upside_down: bool):
    """Grey office scan: toner a little faded, the lamp's light falling off towards one
    long edge, the lid's shadow along another, the sheet fed crooked (or upside down)."""
    import numpy as np
    from PIL import Image, ImageFilter
    im = _sheet_moved(g, dpi, rng, 255)
    if upside_down:
        im = im.rotate(180)
    v = np.asarray(im, dtype=np.float32) / 255.0                     # 1 = paper
    h, w = v.shape
    ink, paper = 70.0, 236.0
    x = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    if rng.random() < 0.5:
        x = x[:, ::-1]
    light = 1.0 - 0.16 * x ** 2                                       # lamp fall-off
    out = (ink + (paper - ink) * v) * light
    band = int(rng.uniform(3, 8) / 25.4 * dpi)                         # lid shadow
    shade = np.linspace(0.35, 1.0, band, dtype=np.float32)
    if rng.random() < 0.5:
        out[:band, :] *= shade[:, None]
    else:
        out[-band:, :] *= shade[::-1, None]
    out += rng.normal(0, 5.0, out.shape).astype(np.float32)
    im = Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "L")
    return im.filter(ImageFilter.GaussianBlur(0.9))


def _jpeg(im, quality: int, dpi: int) -> bytes:
    import io
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi), subsampling=2)
    return buf.getvalue()


def _write_image_pdf(dst: Path, pages: list[dict]):
    """One image per page. page: data, filter, w, h, bpc, cs, xdpi, ydpi and optional
    parms, rotate."""
    import pikepdf
    import gen_scans as sc
    pdf = pikepdf.new()
    for e in pages:
        wpt = round(e["w"] * 72 / e["xdpi"], 3)
        hpt = round(e["h"] * 72 / e["ydpi"], 3)
        img = pikepdf.Stream(pdf, e["data"])
        img["/Type"] = pikepdf.Name.XObject
        img["/Subtype"] = pikepdf.Name.Image
        img["/Width"] = e["w"]
        img["/Height"] = e["h"]
        img["/ColorSpace"] = pikepdf.Name(e["cs"])
        img["/BitsPerComponent"] = e["bpc"]
        img["/Filter"] = pikepdf.Name(e["filter"])
        if e.get("parms"):
            img["/DecodeParms"] = pikepdf.Dictionary(e["parms"])
        content = pikepdf.Stream(pdf, f"q {wpt} 0 0 {hpt} 0 0 cm /I1 Do Q\n".encode())
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=pikepdf.Array([0, 0, wpt, hpt]),
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(I1=img)),
            Contents=content,
        )
        if e.get("rotate"):
            page["/Rotate"] = e["rotate"]
        pdf.pages.append(pikepdf.Page(page))
    pdf.docinfo["/Producer"] = "shenbao scripts/gen_stranger.py (second scanner)"
    pdf.docinfo["/CreationDate"] = sc.FIXED_PDF_DATE
    pdf.save(dst, deterministic_id=True, compress_streams=True,
             stream_decode_level=pikepdf.StreamDecodeLevel.none)


def _check_renders(dst: Path, n: int, tmp: Path, landscape_pages: bool | None = None):
    """poppler opens every page, finds no text layer, and renders it light, the right
    way round when /Rotate says so."""
    import numpy as np
    from PIL import Image
    info = subprocess.run(["pdfinfo", str(dst)], check=True, capture_output=True,
                          text=True).stdout
    if f"Pages:           {n}" not in info:
        raise SystemExit(f"{dst}: want {n} pages\n{info}")
    if subprocess.run(["pdftotext", str(dst), "-"], check=True,
                      capture_output=True, text=True).stdout.strip("\f\n "):
        raise SystemExit(f"{dst}: has a text layer")
    out = tmp / f"chk-{dst.stem}"
    out.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(dst), str(out / "r")],
                   check=True, capture_output=True)
    for f in sorted(out.glob("r-*.png")):
        with Image.open(f) as im:
            a = np.asarray(im.convert("L"), dtype=np.float32)
        if a.mean() < 170:
            raise SystemExit(f"{dst}: {f.name} renders dark")


def scan_lamp300(pdf: Path, dst: Path, tmp: Path, stem: str):
    """Grey 300 dpi, JPEG q40: faded toner, lamp fall-off, lid shadow, each sheet fed
    crooked in its own way, the second sheet fed upside down."""
    pages = []
    for i, g in enumerate(_render(pdf, tmp, stem, 600), 1):
        im = _lamp_page(g, 600, _rng(stem, i), upside_down=(i == 2)).reduce(2)
        pages.append({"data": _jpeg(im, 40, 300), "filter": "/DCTDecode", "w": im.width,
                      "h": im.height, "bpc": 8, "cs": "/DeviceGray", "xdpi": 300,
                      "ydpi": 300})
    _write_image_pdf(dst, pages)
    _check_renders(dst, len(pages), tmp)


def _g3_1d(ink) -> bytes:
    """CCITT T.4 one-dimensional (Group 3, K = 0) data of `ink` with an EOL before each
    row, as fax machines send it (libtiff through Pillow)."""
    import io
    import numpy as np
    from PIL import Image
    im = Image.fromarray(np.where(ink, 255, 0).astype(np.uint8), "L").convert("1")
    buf = io.BytesIO()
    im.save(buf, "TIFF", compression="group3", strip_size=1 << 30)
    buf.seek(0)
    with Image.open(buf) as t:
        offsets, counts = t.tag_v2[273], t.tag_v2[279]
        if len(offsets) != 1:
            raise SystemExit(f"G3: {len(offsets)} strips, want one")
        if int(t.tag_v2.get(292, 0)) & 1:
            raise SystemExit("G3: libtiff wrote 2-D coding, want 1-D")
    return buf.getvalue()[offsets[0]:offsets[0] + counts[0]]


def scan_fax_g3(pdf: Path, dst: Path, tmp: Path, stem: str):
    """A fax in fine mode: 204 x 196 dpi (pixels not square), 1 bit, CCITT Group 3
    one-dimensional coding, the page 1728 pixels wide, a fixed threshold without the
    optics' blur, and the feeder's skew."""
    import numpy as np
    from PIL import Image
    pages, inks = [], []
    for i, g in enumerate(_render(pdf, tmp, stem, 408, 392), 1):
        rng = _rng(stem, "fax", i)
        # The sensor sees the moved sheet once: move it at twice the resolution,
        # then average 2 x 2 blocks (resampling at scan resolution would blur
        # hairlines away twice).
        g = _sheet_moved(g, 400, rng, 255).reduce(2)
        a = np.asarray(g, dtype=np.float32) + rng.normal(0, 6.0, (g.height, g.width))
        ink = a < 135
        w = 1728
        if ink.shape[1] < w:
            pad = w - ink.shape[1]
            ink = np.pad(ink, ((0, 0), (pad // 2, pad - pad // 2)))
        else:
            ink = ink[:, :w]
        inks.append(ink)
        h = ink.shape[0]
        pages.append({"data": _g3_1d(ink), "filter": "/CCITTFaxDecode", "w": w, "h": h,
                      "bpc": 1, "cs": "/DeviceGray", "xdpi": 204, "ydpi": 196,
                      "parms": {"/K": 0, "/Columns": w, "/Rows": h}})
    _write_image_pdf(dst, pages)
    _check_renders(dst, len(pages), tmp)
    out = tmp / f"img-{dst.stem}"
    out.mkdir()
    subprocess.run(["pdfimages", "-png", str(dst), str(out / "x")], check=True)
    for i, ink in enumerate(inks):
        with Image.open(out / f"x-{i:03d}.png") as im:
            got = np.asarray(im.convert("L")) < 128
        if got.shape != ink.shape or (got != ink).any():
            raise SystemExit(f"{dst}: page {i + 1}: poppler decodes other bits")


def scan_jbig2_turned(pdf: Path, dst: Path, tmp: Path, stem: str):
    """Landscape pages through a portrait scanner: 1 bit, 300 dpi, JBIG2. Page 1 is
    stored turned a quarter anticlockwise with /Rotate 90 to show it upright; the other
    pages are stored turned, one each way, with no /Rotate."""
    import numpy as np
    import scan_codecs as codecs
    from PIL import ImageFilter
    pages = []
    for i, g in enumerate(_render(pdf, tmp, stem, 600), 1):
        rng = _rng(stem, "jbig2", i)
        g = _sheet_moved(g, 600, rng, 255).reduce(2).filter(ImageFilter.GaussianBlur(0.5))
        a = np.asarray(g, dtype=np.float32) + rng.normal(0, 7.0, (g.height, g.width))
        ink = a < 150
        turns = 1 if i % 2 == 1 else 3                # quarter turns anticlockwise
        ink = np.ascontiguousarray(np.rot90(ink, turns))
        h, w = ink.shape
        pages.append({"data": codecs.jbig2_embedded(ink, 300), "filter": "/JBIG2Decode",
                      "w": w, "h": h, "bpc": 1, "cs": "/DeviceGray", "xdpi": 300,
                      "ydpi": 300, "rotate": 90 if i == 1 else 0})
    _write_image_pdf(dst, pages)
    _check_renders(dst, len(pages), tmp)


MIXED_INTRO = [
    "关于2025年度区级项目支出绩效目标的说明",
    "根据预算管理要求，现将本单位2025年度项目支出绩效目标公开如下。本年度共公开项目2个，"
    "其中经常性项目1个，资金合计以申报表所列为准。",
    "附件：项目支出绩效目标申报表（截图）",
]


def scan_mixed(pdf: Path, dst: Path, tmp: Path, stem: str):
    """A Word-style document, its text in the text layer: an explanation before the
    forms, then each page of the source as a 150 dpi screenshot (RGB, Flate) pasted a
    little smaller than the page, with a caption and a page number in text."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    shots = _render(pdf, tmp, stem, 150)
    c = canvas.Canvas(str(dst), pagesize=A4, invariant=1)
    pw, ph = A4
    for i, g in enumerate(shots, 1):
        rgb = Image.merge("RGB", (g, g, g))
        top = ph - 20 * mm
        if i == 1:
            c.setFont("UMing", 15)
            c.drawCentredString(pw / 2, top, MIXED_INTRO[0])
            c.setFont("UMing", 10.5)
            y = top - 12 * mm
            for line in _wrap(MIXED_INTRO[1], 44) + [MIXED_INTRO[2]]:
                c.drawString(22 * mm, y, line)
                y -= 6 * mm
            top = y - 2 * mm
        else:
            c.setFont("UMing", 9)
            c.drawString(22 * mm, top, f"附件（续{i - 1}）")
            top -= 5 * mm
        iw = pw - 44 * mm
        ih = iw * g.height / g.width
        if ih > top - 18 * mm:
            ih = top - 18 * mm
            iw = ih * g.width / g.height
        c.drawImage(ImageReader(rgb), (pw - iw) / 2, top - ih, iw, ih)
        c.setFont("UMing", 9)
        c.drawCentredString(pw / 2, 10 * mm, f"— {i} —")
        c.showPage()
    c.save()
    got = subprocess.run(["pdftotext", str(dst), "-"], check=True, capture_output=True,
                         text=True).stdout
    if MIXED_INTRO[0] not in got or "绩效指标" in got:
        raise SystemExit(f"{dst}: the text layer should hold the explanation only")


def _wrap(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


SECOND_SCANNER = {
    "lamp300": scan_lamp300,
    "fax-g3": scan_fax_g3,
    "jbig2-turned": scan_jbig2_turned,
    "mixed": scan_mixed,
}


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
            forms = build_html(pdf, spec) if spec.get("writer") == "weasyprint" \
                else build(pdf, spec)
            texts = page_texts(pdf)
            sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
            got = []
            for fi, (f, pages, printed) in enumerate(forms):
                text = "".join(texts[p - 1] for p in pages)
                gs.check_multiset(f"{spec['name']} form {fi}", printed, text)
                got.append(gs.make_record(f, f"samples/stranger/{pdf.name}", sha, fi, pages))
            records += got
            for variant in spec["scans"]:
                dst = sdir / f"{spec['name']}-{variant}.pdf"
                scan(pdf, variant, dst, Path(tmp))
                ssha = hashlib.sha256(dst.read_bytes()).hexdigest()
                for r in got:
                    scanned.append(dict(r, source_file=f"samples/stranger/scanned/{dst.name}",
                                        source_sha256=ssha,
                                        method="mixed" if variant == "mixed" else "ocr"))
    write_checked(cdir, records)
    write_checked(sdir / "checked", scanned)
    print(f"{len(records)} records in {len(SPECS)} files, {len(scanned)} in their scans "
          f"-> {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
