#!/usr/bin/env python3
"""Generate the sample PDFs in samples/ and their hand-checked records.

Run through scripts/gen-samples (which installs LibreOffice, the AR PL fonts, poppler and a
venv with openpyxl + pikepdf).  Steps, per sample PDF:

  1. lay the forms out with openpyxl like a real exported 财政项目支出绩效目标申报表
     (samples/xlsx/<name>.xlsx, byte-deterministic);
  2. convert with LibreOffice (`soffice --headless --convert-to pdf`);
  3. normalise the PDF with pikepdf (fixed dates, deterministic /ID);
  4. find the pages each form really occupies (pdftotext per page) and check that every
     character printed in the form's cells is in the text layer of those pages
     (character multiset, with counts: a clipped cell fails);
  5. for the *-kangxi.pdf copies, rewrite the fonts' ToUnicode CMaps so that some
     ideographs extract as Kangxi radicals / CJK compatibility ideographs, and check
     with pdftotext that they do.

Then it writes samples/checked/{records.jsonl,projects.csv,indicators.csv} in the schema
of shared/schema/RECORDS.md, and samples/README.md.

Usage: gen_samples.py [--repo DIR] [--shared DIR] [--keep-tmp]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import pikepdf
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True          # no scripts/__pycache__ in the work tree
sys.path.insert(0, str(HERE))

import gen_samples_data as data  # noqa: E402

# --------------------------------------------------------------------------------------
# Schema (mirrors shared/truth/build_seed_truth.py)
# --------------------------------------------------------------------------------------

from sample_records import SCALAR_FIELDS, pages_csv, to_indicators_csv, to_jsonl, to_projects_csv  # noqa: E402
AMOUNT_FIELDS = [
    "total_funds", "total_fiscal", "total_other",
    "annual_total", "annual_appropriation", "annual_carryover", "annual_other",
]

WS_RE = re.compile(r"\s+")


def is_cjk(c: str) -> bool:
    o = ord(c)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
            or 0x2018 <= o <= 0x201F or o in (0x2014, 0x2026))


def norm_text(s: str) -> str:
    """RECORDS.md text rule: a whitespace run is dropped when either neighbour is CJK,
    kept as one space between two non-CJK characters."""
    def repl(m: re.Match) -> str:
        a = s[m.start() - 1] if m.start() > 0 else ""
        b = s[m.end()] if m.end() < len(s) else ""
        if not a or not b or is_cjk(a) or is_cjk(b):
            return ""
        return " "
    return WS_RE.sub(repl, s)


def squash(s: str) -> str:
    return WS_RE.sub("", s)


CMP_MAP = {"≥": ">=", "≧": ">=", ">=": ">=", "≤": "<=", "≦": "<=", "<=": "<=",
           "=": "=", ">": ">", "<": "<"}
TARGET_RE = re.compile(
    r"^(?P<cmp>>=|<=|≥|≧|≤|≦|=|>|<)?"
    r"(?P<num>\d+(?:\.\d+)?)"
    r"(?:\((?P<bunit>[^()]{1,6})\)"
    r"|(?P<unit>[^\d.()。，,；;：:、≥≤=<>][^()。，,；;：:、]{0,5}))?"
    r"。?$"
)


def parse_target(target_raw: str) -> tuple[str, str, str]:
    folded = unicodedata.normalize("NFKC", target_raw)
    m = TARGET_RE.match(folded)
    if not m:
        return "", "", ""
    unit = m.group("bunit") if m.group("bunit") is not None else (m.group("unit") or "")
    return CMP_MAP[m.group("cmp")] if m.group("cmp") else "", m.group("num"), unit


def norm_date(s: str) -> str:
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", squash(s))
    if not m:
        raise ValueError(f"not a date: {s!r}")
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}"


def amount_to_yuan(printed: str, unit: str) -> str:
    d = Decimal(printed.replace(",", ""))
    if unit == "万元":
        d *= 10000
    q = d.quantize(Decimal("0.01"))
    if q != d:
        raise ValueError(f"{printed} {unit} is not exact in 元 with two decimals")
    return f"{q:.2f}"


def fmt_amount(printed: str, decimals: int) -> str:
    """How LibreOffice shows the value with #,##0.00 (or .0000)."""
    d = Decimal(printed.replace(",", ""))
    q = d.quantize(Decimal(1).scaleb(-decimals))
    if q != d:
        raise ValueError(f"{printed} does not print exactly with {decimals} decimals")
    return f"{q:,.{decimals}f}"


# --------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------

# 7 columns: A label | B 一级 | C 二级 | D+E 三级 | F+G 指标值 (district: F 指标值, G 备注)
COL_WIDTHS = [8.0, 8.5, 10.5, 14.0, 14.0, 9.0, 9.5]   # 73.5 units = 514.5pt: fits A4 at 100%
NCOLS = len(COL_WIDTHS)
FONT_SIZE = 10.0
TITLE_SIZE = 18.0
LINE_FACTOR = 1.2           # line pitch / font size (LibreOffice draws AR PL at 1.05)
CELL_PAD_PT = 5.0           # vertical padding inside a cell
WIDTH_SAFETY = 0.93         # use only this share of a cell's width when wrapping
MAX_ROW_PT = 400.0          # Excel/LibreOffice limit is 409.5

THIN = Side(style="thin", color="000000")
BORDER_ALL = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()


def col_width_pt(w: float) -> float:
    """Column width (characters) to points as LibreOffice lays out an xlsx: 7pt a unit
    (measured from the cell rules of the exported PDF)."""
    return 7.0 * w


def char_em(c: str) -> float:
    if unicodedata.east_asian_width(c) in ("W", "F") or is_cjk(c):
        return 1.0
    if c in "≥≤“”‘’—…※":
        return 1.0           # ambiguous-width symbols print full width in these fonts
    return 0.6


NO_LINE_START = set("，。、；：？！）》」』】”’%)]}.,;:")


def wrap_lines(text: str, width_pt: float, size: float) -> int:
    """Number of lines LibreOffice needs (conservatively) for text in a cell."""
    avail = width_pt * WIDTH_SAFETY - 4.0
    total = 0
    for para in text.split("\n"):
        tokens = re.findall(r"[A-Za-z0-9.,:/%+\-_*()\[\]]+|.", para)
        lines, cur = 1, 0.0
        prev_w = 0.0
        for tok in tokens:
            w = sum(char_em(c) for c in tok) * size
            if cur + w <= avail or cur == 0.0:
                if w > avail:               # a long Latin run is broken anywhere
                    lines += int(w // avail)
                    cur = w % avail
                else:
                    cur += w
            else:
                lines += 1
                if tok[0] in NO_LINE_START:   # kinsoku: take the previous char along
                    cur = prev_w + w
                else:
                    cur = w
            prev_w = w
        total += lines
    return total


def height_for(text: str, width_pt: float, size: float = FONT_SIZE) -> float:
    n = wrap_lines(text, width_pt, size)
    return n * size * LINE_FACTOR + CELL_PAD_PT


class Sheet:
    """A worksheet plus the bookkeeping of what each block prints."""

    def __init__(self, ws, font_name: str, col_widths: list[float] = COL_WIDTHS):
        self.ws = ws
        self.font_name = font_name
        self.row = 1
        self.heights: dict[int, float] = {}
        self.breaks: list[int] = []
        self.col_pt = [col_width_pt(w) for w in col_widths]
        self.ncols = len(col_widths)
        for i, w in enumerate(col_widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w

    def span_pt(self, c1: int, c2: int) -> float:
        return sum(self.col_pt[c1 - 1:c2])

    def font(self, size=FONT_SIZE, bold=False) -> Font:
        return Font(name=self.font_name, size=size, bold=bold)

    def put(self, r1, c1, value, *, r2=None, c2=None, border=True, h="center", v="center",
            size=FONT_SIZE, bold=False, numfmt=None, wrap=True):
        r2 = r2 or r1
        c2 = c2 or c1
        ws = self.ws
        cell = ws.cell(row=r1, column=c1)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"        # "=100.00(%)" is text, not a formula
        cell.font = self.font(size, bold)
        cell.alignment = Alignment(horizontal=h, vertical=v, wrap_text=wrap)
        if numfmt:
            cell.number_format = numfmt
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cc = ws.cell(row=r, column=c)
                if border is True:
                    cc.border = BORDER_ALL
                elif border:
                    cc.border = border
                if (r, c) != (r1, c1):
                    cc.font = self.font(size, bold)
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    def need(self, r: int, pt: float):
        self.heights[r] = max(self.heights.get(r, 15.0), pt)

    def need_span(self, r1: int, r2: int, pt: float):
        """A merged cell over rows r1..r2 needs pt in total: grow the last row."""
        for r in range(r1, r2 + 1):
            self.heights.setdefault(r, 15.0)
        have = sum(self.heights[r] for r in range(r1, r2 + 1))
        if have < pt:
            self.heights[r2] += pt - have

    def page_break(self):
        """The next block starts on a new page."""
        if self.row > 1:
            self.breaks.append(self.row - 1)

    def finish(self):
        ws = self.ws
        for r, h in self.heights.items():
            if h > 409.0:
                raise SystemExit(f"row {r} needs {h:.0f}pt, over the 409pt limit")
            ws.row_dimensions[r].height = round(h, 2)
        for b in self.breaks:
            ws.row_breaks.append(Break(id=b))
        ps = ws.page_setup
        ps.paperSize = ws.PAPERSIZE_A4
        ps.orientation = "portrait"
        ps.fitToWidth = 1
        ps.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.7
        ws.page_margins.header = ws.page_margins.footer = 0.3
        ws.print_options.horizontalCentered = True


def split_chunks(text: str, width_pt: float, max_pt: float) -> list[str]:
    """Split a long goal at sentence ends (or, for an over-long sentence, at commas) into
    pieces that each fit in max_pt."""
    if height_for(text, width_pt) <= max_pt:
        return [text]
    pieces = []
    for s in re.findall(r"[^。；\n]*(?:[。；]\n?|\n)|[^。；\n]+", text):
        if height_for(s, width_pt) > max_pt:
            pieces += re.findall(r"[^，、]*[，、]|[^，、]+", s)
        else:
            pieces.append(s)
    chunks, cur = [], ""
    for s in pieces:
        if cur and height_for(cur + s, width_pt) > max_pt:
            chunks.append(cur)
            cur = s
        else:
            cur += s
    if cur:
        chunks.append(cur)
    for c in chunks:
        if height_for(c, width_pt) > max_pt:
            raise SystemExit(f"goal piece too long for one row: {c[:30]}…")
    assert "".join(chunks) == text
    return chunks


def write_form(sh: Sheet, f: dict) -> list[str]:
    """Lay out one form from sh.row on; return every string it prints."""
    printed: list[str] = []
    ws = sh.ws
    district = f.get("template") == "district"
    r = sh.row

    def put(*a, **k):
        sh.put(*a, **k)
        v = a[2]
        if v is not None and k.get("numfmt") is None:
            printed.append(str(v))

    # title and year line (no borders)
    put(r, 1, data.TITLE, c2=NCOLS, border=False, size=TITLE_SIZE, bold=True)
    sh.need(r, TITLE_SIZE * 1.6 + 6)
    r += 1
    put(r, 1, f["year_line"], c2=NCOLS, border=False, size=11)
    sh.need(r, 20)
    r += 1

    # 项目名称 / 项目性质 / 项目类别
    cells = [(1, 1, "项目名称", "c"), (2, 3, f["name"], "l"), (4, 4, "项目性质", "c"),
             (5, 5, f["nature"], "l"), (6, 6, "项目类别", "c"), (7, 7, f["category"], "l")]
    for c1, c2, text, al in cells:
        put(r, c1, text, c2=c2, h="center" if al == "c" else "left")
        sh.need(r, height_for(text, sh.span_pt(c1, c2)))
    r += 1
    cells = [(1, 1, "主管部门", "c"), (2, 3, f["department"], "l"), (4, 4, "实施单位", "c"),
             (5, 7, f["unit"], "l")]
    for c1, c2, text, al in cells:
        put(r, c1, text, c2=c2, h="center" if al == "c" else "left")
        sh.need(r, height_for(text, sh.span_pt(c1, c2)))
    r += 1
    cells = [(1, 1, "计划开始日期", "c"), (2, 3, f["start"], "l"), (4, 4, "计划完成日期", "c"),
             (5, 7, f["end"], "l")]
    for c1, c2, text, al in cells:
        put(r, c1, text, c2=c2, h="center" if al == "c" else "left")
        sh.need(r, height_for(text, sh.span_pt(c1, c2)))
    r += 1

    # 项目资金 block: 4 rows
    unit = f["amount_unit"]
    label = f"项目资金（{unit}）"
    decimals = f.get("amount_decimals", 2)
    numfmt = "#,##0." + "0" * decimals
    put(r, 1, label, r2=r + 3)
    sh.need_span(r, r + 3, height_for(label, sh.span_pt(1, 1)))
    a = f["amounts"]
    left = [("项目资金总额", "total_funds"), ("其中：财政资金", "total_fiscal"),
            (None, None), ("其他资金", "total_other")]
    right = [("年度资金申请总额", "annual_total"), ("其中：当年财政拨款", "annual_appropriation"),
             ("上年结转资金", "annual_carryover"), ("其他资金", "annual_other")]
    for i in range(4):
        rr = r + i
        (ll, lk), (rl, rk) = left[i], right[i]
        put(rr, 2, ll, c2=3)
        if lk:
            shown = fmt_amount(a[lk], decimals)
            put(rr, 4, float(Decimal(a[lk])), h="right", numfmt=numfmt)
            printed.append(shown)
        else:
            put(rr, 4, None)
        put(rr, 5, rl)
        shown = fmt_amount(a[rk], decimals)
        put(rr, 6, float(Decimal(a[rk])), c2=7, h="right", numfmt=numfmt)
        printed.append(shown)
        for text, c1, c2 in ((ll or "", 2, 3), (rl, 5, 5)):
            sh.need(rr, height_for(text, sh.span_pt(c1, c2)))
        sh.need(rr, 19)
    r += 4

    # goal block: header row + text row(s)
    h_over, h_ann = ("长期目标", "年度目标") if district else ("项目总目标", "年度总体目标")
    goal_label = "项目绩效目标"
    w_over, w_ann = sh.span_pt(2, 4), sh.span_pt(5, 7)
    over = split_chunks(f["overall_goal"], w_over, MAX_ROW_PT)
    ann = split_chunks(f["annual_goal"], w_ann, MAX_ROW_PT)
    over = [c.strip("\n") for c in over]
    ann = [c.strip("\n") for c in ann]
    n = max(len(over), len(ann))
    over += [""] * (n - len(over))
    ann += [""] * (n - len(ann))
    put(r, 1, goal_label, r2=r + n)
    put(r, 2, h_over, c2=4)
    put(r, 5, h_ann, c2=7)
    sh.need(r, 21)
    for i in range(n):
        rr = r + 1 + i
        # continuation rows of a long goal: one visual cell, no rule between the pieces
        top = THIN if i == 0 else None
        bot = THIN if i == n - 1 else None
        bd = Border(left=THIN, right=THIN, top=Side(style="thin") if top else Side(),
                    bottom=Side(style="thin") if bot else Side())
        put(rr, 2, over[i] or None, c2=4, h="left", v="top", border=bd)
        put(rr, 5, ann[i] or None, c2=7, h="left", v="top", border=bd)
        sh.need(rr, max(height_for(over[i], w_over), height_for(ann[i], w_ann)))
    sh.need_span(r, r + n, height_for(goal_label, sh.span_pt(1, 1)))
    r += 1 + n

    # indicator table
    inds = f["indicators"]
    top = r
    put(r, 2, "一级指标")
    put(r, 3, "二级指标")
    put(r, 4, "三级指标", c2=5)
    if district:
        put(r, 6, "指标值")
        put(r, 7, "备注")
    else:
        put(r, 6, "年度(/项目)指标值", c2=7)
    sh.need(r, height_for("年度(/项目)指标值", sh.span_pt(6, 7)))
    r += 1
    first = r
    for ind in inds:
        l3, tgt = ind["level3"], ind["target"]
        put(r, 4, l3, c2=5, h="left")
        if district:
            put(r, 6, tgt)
            put(r, 7, ind.get("remark") or None, h="left")
            sh.need(r, height_for(tgt, sh.span_pt(6, 6)))
            sh.need(r, height_for(ind.get("remark") or "", sh.span_pt(7, 7)))
        else:
            put(r, 6, tgt, c2=7)
            sh.need(r, height_for(tgt, sh.span_pt(6, 7)))
        sh.need(r, height_for(l3, sh.span_pt(4, 5)))
        r += 1
    last = r - 1
    # merged 一级 / 二级 cells
    for col, key in ((2, lambda i: inds[i]["level1"]),
                     (3, lambda i: (inds[i]["level1"], inds[i]["level2"]))):
        i = 0
        while i < len(inds):
            j = i
            while j + 1 < len(inds) and key(j + 1) == key(i):
                j += 1
            text = inds[i]["level1"] if col == 2 else inds[i]["level2"]
            put(first + i, col, text, r2=first + j)
            sh.need_span(first + i, first + j, height_for(text, sh.span_pt(col, col)))
            i = j + 1
    put(top, 1, "绩效指标", r2=last)
    sh.row = r
    return printed


def write_prose(sh: Sheet, block: dict) -> list[str]:
    r = sh.row
    printed = [block["title"]]
    sh.put(r, 1, block["title"], c2=sh.ncols, border=False, size=16, bold=True)
    sh.need(r, 34)
    r += 1
    sh.put(r, 1, None, c2=sh.ncols, border=False)
    sh.need(r, 12)
    r += 1
    for para in block["paragraphs"]:
        sh.put(r, 1, "\u3000\u3000" + para, c2=sh.ncols, border=False, h="left", v="top",
               size=11)
        sh.need(r, height_for("\u3000\u3000" + para, sh.span_pt(1, sh.ncols), 11.0))
        printed.append(para)
        r += 1
    if block.get("signature"):
        for line in block["signature"]:
            sh.put(r, 1, line, c2=sh.ncols, border=False, h="right", size=11)
            sh.need(r, 22)
            printed.append(line)
            r += 1
    sh.row = r
    return printed


def write_budget_table(sh: Sheet, block: dict) -> list[str]:
    """An unrelated ruled table (部门收支预算总表) between two forms."""
    r = sh.row
    printed = []
    sh.put(r, 1, block["title"], c2=sh.ncols, border=False, size=16, bold=True)
    printed.append(block["title"])
    sh.need(r, 32)
    r += 1
    sh.put(r, 1, block["subtitle"], c2=4, border=False, h="left", size=10)
    sh.put(r, 5, block["unit_note"], c2=sh.ncols, border=False, h="right", size=10)
    printed += [block["subtitle"], block["unit_note"]]
    sh.need(r, 20)
    r += 1
    # header: 收入 (项目 A-B | 预算数 C-D) | 支出 (项目 E | 预算数 F-G)
    sh.put(r, 1, "收    入", c2=4)
    sh.put(r, 5, "支    出", c2=sh.ncols)
    printed += ["收入", "支出"]
    sh.need(r, 20)
    r += 1
    for c1, c2, t in ((1, 2, "项    目"), (3, 4, "预算数"), (5, 5, "项    目"), (6, 7, "预算数")):
        sh.put(r, c1, t, c2=c2)
        printed.append(t)
    sh.need(r, 20)
    r += 1
    for (inc, inc_v), (exp, exp_v) in block["rows"]:
        for c1, c2, t in ((1, 2, inc), (5, 5, exp)):
            sh.put(r, c1, t or None, c2=c2, h="left")
            if t:
                printed.append(t)
        for c1, c2, v in ((3, 4, inc_v), (6, 7, exp_v)):
            if v is None:
                sh.put(r, c1, None, c2=c2)
            else:
                sh.put(r, c1, float(Decimal(v)), c2=c2, h="right", numfmt="#,##0.00")
                printed.append(fmt_amount(v, 2))
        sh.need(r, max(19, height_for(inc or "", sh.span_pt(1, 2)),
                       height_for(exp or "", sh.span_pt(5, 5))))
        r += 1
    sh.row = r
    return printed


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------

FIXED_ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def save_xlsx_deterministic(wb: Workbook, path: Path):
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":     # openpyxl stamps "modified" = now
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2024-01-01T00:00:00Z\g<2>", body)
            z.writestr(zi, body)
    path.write_bytes(out.getvalue())


def build_workbook(spec: dict) -> tuple[Workbook, list[dict]]:
    """Returns the workbook and the blocks in print order, each with what it prints."""
    wb = Workbook()
    ws = wb.active
    ws.title = spec.get("sheet", "Sheet1")
    from datetime import datetime
    fixed = datetime(2024, 1, 1, 0, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "shenbao gen_samples"
    wb.properties.lastModifiedBy = "shenbao gen_samples"
    sh = Sheet(ws, spec["font"])
    blocks = []
    for i, block in enumerate(spec["blocks"]):
        if i:
            sh.page_break()
        kind = block["kind"]
        if kind == "form":
            printed = write_form(sh, block["form"])
        elif kind == "prose":
            printed = write_prose(sh, block)
        elif kind == "budget":
            printed = write_budget_table(sh, block)
        else:
            raise ValueError(kind)
        blocks.append({"kind": kind, "printed": printed, "block": block})
    sh.finish()
    return wb, blocks


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    p = subprocess.run(cmd, capture_output=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(map(str, cmd))}\n"
                         f"{p.stderr.decode(errors='replace')}")
    return p


def soffice_convert(xlsx: list[Path], outdir: Path, profile: Path):
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
           "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", str(outdir)]
    run(cmd + [str(p) for p in xlsx], timeout=600)
    for p in xlsx:
        if not (outdir / (p.stem + ".pdf")).exists():
            raise SystemExit(f"soffice did not write {p.stem}.pdf")


FIXED_PDF_DATE = "D:20240101000000Z"


def normalise_pdf(src: Path, dst: Path, edit=None):
    """Fixed metadata and a content-derived /ID, so that reruns give identical bytes."""
    with pikepdf.open(src) as pdf:
        if edit:
            edit(pdf)
        for k in ("/DocChecksum", "/ID"):        # LibreOffice: differ on every export
            if k in pdf.trailer:
                del pdf.trailer[k]
        if "/Metadata" in pdf.Root:
            del pdf.Root.Metadata
        info = pdf.docinfo
        for k in list(info.keys()):
            if k not in ("/Producer", "/Creator"):
                del info[k]
        info["/CreationDate"] = FIXED_PDF_DATE
        info["/ModDate"] = FIXED_PDF_DATE
        pdf.save(dst, deterministic_id=True, compress_streams=True,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)


def page_texts(pdf: Path) -> list[str]:
    out = run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"]).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and pages[-1].strip() == "":
        pages = pages[:-1]
    n = pdf_page_count(pdf)
    if len(pages) != n:
        raise SystemExit(f"{pdf}: pdftotext gave {len(pages)} pages, PDF has {n}")
    return pages


def pdf_page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as p:
        return len(p.pages)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------
# Kangxi copies: ToUnicode CMaps that map ideographs to look-alike code points
# --------------------------------------------------------------------------------------

def parse_cmap(text: str) -> dict[int, str]:
    m: dict[int, str] = {}

    def u16(h: str) -> str:
        b = bytes.fromhex(h)
        return b.decode("utf-16-be")

    for blk in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", blk):
            m[int(src, 16)] = u16(dst)
    for blk in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for a, b, rest in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", blk):
            lo, hi = int(a, 16), int(b, 16)
            if rest.startswith("["):
                dsts = re.findall(r"<([0-9A-Fa-f]+)>", rest)
                for k, d in enumerate(dsts):
                    m[lo + k] = u16(d)
            else:
                base = bytes.fromhex(rest[1:-1])
                for k in range(hi - lo + 1):
                    v = int.from_bytes(base, "big") + k
                    m[lo + k] = v.to_bytes(len(base), "big").decode("utf-16-be")
    return m


def write_cmap(old: str, mapping: dict[int, str], code_bytes: int) -> str:
    head = old[:old.index("begincodespacerange")]
    cs = re.search(r"begincodespacerange.*?endcodespacerange", old, re.S).group(0)
    lines = [head + cs]
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for code, u in chunk:
            lines.append(f"<{code:0{code_bytes * 2}X}> <{u.encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
    return "\n".join(lines)


def kangxi_edit(subst: dict[str, str], used: collections.Counter):
    def edit(pdf: pikepdf.Pdf):
        seen = set()
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", {})
            for name, font in fonts.items():
                if font.objgen in seen or "/ToUnicode" not in font:
                    continue
                seen.add(font.objgen)
                tu = font.ToUnicode
                old = tu.read_bytes().decode("latin-1")
                mapping = parse_cmap(old)
                changed = False
                for code, u in list(mapping.items()):
                    if u in subst:
                        mapping[code] = subst[u]
                        used[u] += 1
                        changed = True
                if changed:
                    cb = 2 if font.get("/Subtype") == "/Type0" else 1
                    tu.write(write_cmap(old, mapping, cb).encode("latin-1"))
    return edit


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------

def make_record(f: dict, source_file: str, sha: str, form_index: int,
                pages: list[int]) -> dict:
    unit = f["amount_unit"]
    rec = {
        "source_file": source_file, "source_sha256": sha, "form_index": form_index,
        "pages": pages, "method": "text",
        "year": int(re.search(r"(\d{4})年度", f["year_line"]).group(1)),
        "project_name": norm_text(f["name"]), "project_nature": norm_text(f["nature"]),
        "project_category": norm_text(f["category"]),
        "department": norm_text(f["department"]), "implementing_unit": norm_text(f["unit"]),
        "start_date": norm_date(f["start"]), "end_date": norm_date(f["end"]),
        "amount_unit": unit,
    }
    for k in AMOUNT_FIELDS:
        rec[k] = amount_to_yuan(f["amounts"][k], unit)
    rec["overall_goal"] = norm_text(f["overall_goal"])
    rec["annual_goal"] = norm_text(f["annual_goal"])
    # v2: layouts A and B print the standard title, no code, no 项目属性, no other label
    rec.update(form_title=data.TITLE, department_code="", project_attribute="",
               extra_fields=[])
    inds = []
    for i, ind in enumerate(f["indicators"], 1):
        raw = squash(ind["target"])
        c, v, u = parse_target(raw)
        inds.append({"seq": i, "level1": ind["level1"], "level2": ind["level2"],
                     "level3": norm_text(ind["level3"]), "target_raw": raw,
                     "comparator": c, "target_value": v, "target_unit": u,
                     # the form's only table is the year's; B's 备注 column is the note
                     "scope": "annual", "note": norm_text(ind.get("remark") or ""),
                     "core": False, "extra": {}})
    rec["indicators"] = inds
    rec["warnings"] = []
    d = {k: Decimal(rec[k]) for k in AMOUNT_FIELDS}
    if d["total_funds"] != d["total_fiscal"] + d["total_other"]:
        raise SystemExit(f"{source_file}#{form_index}: total_funds does not add up")
    if d["annual_total"] != d["annual_appropriation"] + d["annual_carryover"] + d["annual_other"]:
        raise SystemExit(f"{source_file}#{form_index}: annual_total does not add up")
    if str(rec["year"]) not in f["start"]:
        raise SystemExit(f"{source_file}#{form_index}: year line and dates disagree")
    return rec












LAYOUTS_BEGIN = "<!-- samples/layouts: written by scripts/gen-layouts -->"
LAYOUTS_END = "<!-- end of samples/layouts -->"


def layouts_section(readme: str) -> str:
    """The section of samples/README.md that scripts/gen-layouts writes, or ''."""
    a, b = readme.find(LAYOUTS_BEGIN), readme.find(LAYOUTS_END)
    if a < 0 or b < a:
        return ""
    return "\n" + readme[a:b + len(LAYOUTS_END)] + "\n"


# --------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------

def charbag(s: str) -> collections.Counter:
    return collections.Counter(c for c in s if not c.isspace())


def check_multiset(what: str, expected: list[str], text: str):
    need = charbag("".join(expected))
    have = charbag(text)
    missing = need - have
    if missing:
        raise SystemExit(f"{what}: characters printed in the cells but missing from the "
                         f"text layer (clipped?): "
                         + "".join(f"{c}×{n} " for c, n in sorted(missing.items())))


def assign_pages(name: str, blocks: list[dict], texts: list[str]) -> list[list[int]]:
    """The 1-based pages each block occupies, found from the text layer: a block starts on
    the page that holds its first printed string (each block starts a new page) and runs
    until the next block starts."""
    starts = []
    p = 0
    for b in blocks:
        key = squash(b["printed"][0] if b["kind"] != "form" else data.TITLE)
        while p < len(texts) and key not in squash(texts[p]):
            p += 1
        if p == len(texts):
            raise SystemExit(f"{name}: block {b['kind']} start not found in text layer")
        starts.append(p)
        p += 1
    out = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(texts)
        out.append(list(range(s + 1, e + 1)))
    for b, pages in zip(blocks, out):
        for pg in pages:
            if not squash(texts[pg - 1]):
                raise SystemExit(f"{name}: empty page {pg}")
    return out


# --------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default=str(HERE.parent))
    ap.add_argument("--shared", default=None)
    ap.add_argument("--keep-tmp", action="store_true")
    args = ap.parse_args()
    repo = Path(args.repo).resolve()
    shared = Path(args.shared).resolve() if args.shared else (repo.parent / "shared")
    truth = shared / "truth" / "2023-shanghai-bdc.jsonl"
    if not truth.exists():
        raise SystemExit(f"truth records not found: {truth} (use --shared)")
    samples = repo / "samples"
    xdir = samples / "xlsx"
    cdir = samples / "checked"
    for d in (samples, xdir, cdir):
        d.mkdir(parents=True, exist_ok=True)

    specs = data.pdf_specs(truth)
    tmp = Path(tempfile.mkdtemp(prefix="shenbao-gen-"))
    try:
        books = {}
        for spec in specs:
            wb, blocks = build_workbook(spec)
            x = xdir / f"{spec['name']}.xlsx"
            save_xlsx_deterministic(wb, x)
            books[spec["name"]] = (spec, blocks, x)
        rawdir = tmp / "raw"
        rawdir.mkdir()
        soffice_convert([b[2] for b in books.values()], rawdir, tmp / "lo-profile")

        records = []
        report = []
        final = {}
        for name, (spec, blocks, x) in books.items():
            out = samples / f"{name}.pdf"
            normalise_pdf(rawdir / f"{name}.pdf", out)
            texts = page_texts(out)
            pages = assign_pages(name, blocks, texts)
            fi = 0
            forms = []
            for b, pg in zip(blocks, pages):
                text = "".join(texts[p - 1] for p in pg)
                check_multiset(f"{name} {b['kind']} on pages {pg}", b["printed"], text)
                if b["kind"] == "form":
                    forms.append((fi, b["block"]["form"], pg))
                    fi += 1
            final[name] = (out, texts, forms, len(texts))
            report.append((name, spec, blocks, pages, len(texts)))

        # Kangxi copies
        for kspec in data.kangxi_specs():
            base = kspec["base"]
            out = samples / f"{kspec['name']}.pdf"
            used: collections.Counter = collections.Counter()
            normalise_pdf(samples / f"{base}.pdf", out, kangxi_edit(kspec["subst"], used))
            missing = set(kspec["subst"]) - set(used)
            if missing:
                raise SystemExit(f"{kspec['name']}: no glyph for {''.join(sorted(missing))}")
            texts = page_texts(out)
            joined = "".join(texts)
            for orig, broken in kspec["subst"].items():
                if broken not in joined:
                    raise SystemExit(f"{kspec['name']}: {broken!r} (for {orig}) not in text")
                if orig in joined:
                    raise SystemExit(f"{kspec['name']}: {orig} still extracts as itself")
            back = {v: k for k, v in kspec["subst"].items()}
            _, _, forms, _ = final[base]
            for fi, f, pg in forms:
                text = "".join(texts[p - 1] for p in pg)
                text = "".join(back.get(c, c) for c in text)
                blk = [b for b in books[base][1] if b["kind"] == "form"][fi]
                check_multiset(f"{kspec['name']} form {fi}", blk["printed"], text)
            final[kspec["name"]] = (out, texts, forms, len(texts))
            report.append((kspec["name"], kspec, None, None, len(texts)))

        for name in sorted(final, key=lambda n: f"samples/{n}.pdf"):
            out, texts, forms, npages = final[name]
            sha = sha256(out)
            for fi, f, pg in forms:
                records.append(make_record(f, f"samples/{name}.pdf", sha, fi, pg))

        # the BDC copies must say what the reference records say
        ref = [json.loads(l) for l in truth.read_text(encoding="utf-8").splitlines() if l]
        for r in records:
            if r["source_file"] in ("samples/2023-shanghai-bdc.pdf",
                                    "samples/2023-shanghai-bdc-kangxi.pdf"):
                t = ref[r["form_index"]]
                for k in SCALAR_FIELDS[5:] + ["indicators"]:
                    if r[k] != t[k]:
                        raise SystemExit(f"{r['source_file']}#{r['form_index']} {k} differs "
                                         f"from the reference record")

        (cdir / "records.jsonl").write_text(to_jsonl(records), encoding="utf-8")
        (cdir / "projects.csv").write_text(to_projects_csv(records), encoding="utf-8")
        (cdir / "indicators.csv").write_text(to_indicators_csv(records), encoding="utf-8")
        # scripts/gen-layouts owns the marked section on samples/layouts/: carry it over
        readme_path = samples / "README.md"
        old = readme_path.read_text(encoding="utf-8") if readme_path.exists() else ""
        readme_path.write_text(data.readme(records, final) + layouts_section(old),
                               encoding="utf-8")

        # drop samples left over from an earlier version of the spec list
        keep = {f"{n}.pdf" for n in final} | {f"{n}.xlsx" for n in books}
        for p in list(samples.glob("*.pdf")) + list(xdir.glob("*.xlsx")):
            if p.name not in keep:
                print(f"removing stale {p.relative_to(repo)}")
                p.unlink()
        # This script's part of samples/ (scripts/gen-scans owns scanned/);
        # the whole of samples/ must stay under 20 MB.
        total = sum(p.stat().st_size for p in samples.rglob("*")
                    if p.is_file() and "scanned" not in p.relative_to(samples).parts)
        if total > 8 * 1024 * 1024:
            raise SystemExit(f"exported samples are {total} bytes, over 8 MB")
        everything = sum(p.stat().st_size for p in samples.rglob("*") if p.is_file())
        if everything > 20 * 1024 * 1024:
            raise SystemExit(f"samples/ is {everything} bytes, over 20 MB")
        for name in sorted(final):
            out, texts, forms, npages = final[name]
            print(f"samples/{name}.pdf: {len(forms)} forms, {npages} pages, "
                  + ", ".join(f"form {fi}: pages {pages_csv(pg)}" for fi, _, pg in forms))
        print(f"{len(records)} records, "
              f"{sum(len(r['indicators']) for r in records)} indicators; samples/ {total} bytes")
    finally:
        if args.keep_tmp:
            print("tmp:", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
