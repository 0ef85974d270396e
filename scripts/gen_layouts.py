#!/usr/bin/env python3
"""Generate samples/layouts/: sample PDFs of layouts C, D and E, a 部门预算-style PDF,
a degraded scan of each layout, and their hand-checked v2 records.

Run through scripts/gen-layouts (which installs LibreOffice, the fonts, poppler and a
venv with openpyxl, pikepdf, Pillow and numpy). It reuses gen_samples.py's sheet, text
and PDF helpers and gen_scans.py's degraded-scan pipeline. Steps, per PDF:

  1. lay the forms out with openpyxl in the layout's own grid (samples/layouts/xlsx/);
  2. paginate by hand: every page break is a manual row break placed from the row
     heights the sheet sets, so the page of every cell is known (and a break can be put
     inside a merged 一级/二级 cell on purpose);
  3. convert with LibreOffice and normalise with pikepdf (deterministic bytes);
  4. check, page by page, that the characters of the text layer are exactly those of
     the cells planned for that page (character multiset both ways: a clipped cell, a
     cell printed on another page than planned or an automatic page break fails); a
     merged cell counts on the page that holds its vertical centre, which is where
     LibreOffice prints its text;
  5. derive each form's expected record by the rules of shared/schema/RECORDS.md (v2).

Then for each layout a degraded 200 dpi scan (gen_scans.degraded_page: off-white paper,
skew, blur, noise, JPEG q45) in samples/layouts/scanned/ with records of method `ocr`.

Usage: gen_layouts.py [--repo DIR] [--keep-tmp]
"""

from __future__ import annotations

import argparse
import calendar
import collections
import contextlib
import json
import re
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Border, Side  # noqa: E402

import gen_layouts_data as data  # noqa: E402
import gen_samples as gs  # noqa: E402
from sample_records import pages_csv, to_indicators_csv, to_jsonl, to_projects_csv, v2  # noqa: E402

FONT = gs.FONT_SIZE
PAGE_PT = 700.0          # rows per page: A4 less 0.7" margins is 741pt; keep a margin
# line pitch / font size: LibreOffice sets AR PL at 1.05 em, Noto CJK at 1.45 em
LINE_FACTORS = {data.UMING: 1.2, data.UKAI: 1.2, data.NOTO_SANS: 1.55,
                data.NOTO_SERIF: 1.55}

# grids (column widths in characters; 7pt each; at most 73.5 to fit A4 at 100%)
GRID_C = gs.COL_WIDTHS                              # as layout A: label|一级|二级|三级 ×2|值 ×2
GRID_D = [8.0, 7.5, 8.0, 12.5, 8.0, 8.0, 12.5, 8.0]  # label|一级|二级|三级|值|二级|三级|值
GRID_E = [9.0, 9.0, 9.5, 11.0, 8.5, 8.5, 9.0, 9.0]   # 一级|二级|内容 ×2|值 ×2|备注 ×2

THIN = Side(style="thin", color="000000")


@contextlib.contextmanager
def line_factor(lf: float):
    """gen_samples' height_for reads its module's LINE_FACTOR: set it for one font."""
    old = gs.LINE_FACTOR
    gs.LINE_FACTOR = lf
    try:
        yield
    finally:
        gs.LINE_FACTOR = old


def shown_amount(printed: str, numfmt: str) -> str:
    """What LibreOffice shows for the value with numfmt; it must be what the data says
    the form prints."""
    d = Decimal(printed.replace(",", ""))
    decimals = len(numfmt.split(".")[1]) if "." in numfmt else 0
    q = d.quantize(Decimal(1).scaleb(-decimals))
    if q != d:
        raise ValueError(f"{printed} does not print exactly with {numfmt}")
    return f"{q:,.{decimals}f}" if numfmt.startswith("#,##") else f"{q:.{decimals}f}"


class Writer:
    """Puts the cells of one block on the sheet and remembers what each prints and on
    which rows, so that pages can be planned and checked."""

    def __init__(self, sh: gs.Sheet):
        self.sh = sh
        self.cells: list[tuple[str, int, int]] = []     # (printed text, r1, r2)
        self.first_row = sh.row

    def put(self, r1, c1, text, *, c2=None, r2=None, h="center", v="center",
            size=FONT, bold=False, border=True, fit=True):
        c2 = c2 or c1
        r2 = r2 or r1
        self.sh.put(r1, c1, text if text != "" else None, r2=r2, c2=c2, h=h, v=v,
                    size=size, bold=bold, border=border)
        if text:
            self.cells.append((str(text), r1, r2))
            if fit:
                need = gs.height_for(str(text), self.sh.span_pt(c1, c2), size)
                if r1 == r2:
                    self.sh.need(r1, need)
                else:
                    self.sh.need_span(r1, r2, need)
        else:
            for r in range(r1, r2 + 1):
                self.sh.need(r, 15.0)

    def amount(self, r, c1, printed: str, numfmt: str, *, c2=None) -> str:
        shown = shown_amount(printed, numfmt)
        if shown != printed:
            raise SystemExit(f"amount printed as {printed!r} but {numfmt} shows {shown!r}")
        self.sh.put(r, c1, float(Decimal(printed.replace(",", ""))), c2=c2 or c1,
                    h="right", numfmt=numfmt)
        self.cells.append((shown, r, r))
        self.sh.need(r, 19.0)
        return shown

    def title(self, r, title, year_line):
        n = self.sh.ncols
        self.put(r, 1, title, c2=n, border=False, size=gs.TITLE_SIZE, bold=True)
        self.sh.need(r, gs.TITLE_SIZE * 1.6 + 6)
        self.put(r + 1, 1, year_line, c2=n, border=False, size=11)
        self.sh.need(r + 1, 20)
        return r + 2


def goal_rows(w: Writer, r: int, label: str, headers, texts, spans) -> int:
    """[label] | header | header, then one row of the two goal texts."""
    (a1, a2), (b1, b2) = spans
    w.put(r, 1, label, r2=r + 1)
    w.put(r, a1, headers[0], c2=a2)
    w.put(r, b1, headers[1], c2=b2)
    w.sh.need(r, 21)
    w.put(r + 1, a1, texts[0], c2=a2, h="left", v="top")
    w.put(r + 1, b1, texts[1], c2=b2, h="left", v="top")
    return r + 2


def merged_runs(rows: list, key) -> list[tuple[int, int]]:
    """(i, j) index runs of consecutive rows with the same key."""
    out, i = [], 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and key(rows[j + 1]) == key(rows[i]):
            j += 1
        out.append((i, j))
        i = j + 1
    return out


def l3_printed(ind: dict) -> tuple[str, bool]:
    """The 三级 cell as printed and whether it is a core (★) indicator."""
    l3 = ind["level3"]
    core = ind["core"] or l3.startswith("★")
    return ("★" + l3.lstrip("★") if core else l3), core


# --------------------------------------------------------------------------------------
# Layout C (7 columns, as layout A)
# --------------------------------------------------------------------------------------

def write_c(sh: gs.Sheet, f: dict) -> dict:
    w = Writer(sh)
    r = w.title(sh.row, f["title"], f["year_line"])
    for cells in ([(1, 1, "项目名称"), (2, 3, f["name"]), (4, 4, "项目性质"), (5, 5, f["nature"]),
                   (6, 6, "项目类别"), (7, 7, f["category"])],
                  [(1, 1, "主管部门"), (2, 3, f["department"]), (4, 4, "实施单位"),
                   (5, 7, f["unit"])],
                  [(1, 1, "计划开始日期"), (2, 3, f["start"]), (4, 4, "计划完成日期"),
                   (5, 7, f["end"])]):
        for k, (c1, c2, t) in enumerate(cells):
            w.put(r, c1, t, c2=c2, h="center" if k % 2 == 0 else "left")
        r += 1
    a, nf = f["amounts"], f["numfmt"]
    w.put(r, 1, f"项目资金（{f['amount_unit']}）", r2=r + 3)
    left = [("项目资金总额", "total_funds"), ("其中：财政资金", "total_fiscal"), (None, None),
            ("其他资金", "total_other")]
    right = [("年度资金申请总额", "annual_total"), ("其中：当年财政拨款", "annual_appropriation"),
             ("上年结转资金", "annual_carryover"), ("其他资金", "annual_other")]
    for i in range(4):
        (ll, lk), (rl, rk) = left[i], right[i]
        w.put(r + i, 2, ll or "", c2=3)
        if lk:
            w.amount(r + i, 4, shown_amount(a[lk], nf), nf)
        else:
            w.put(r + i, 4, "")
        w.put(r + i, 5, rl)
        w.amount(r + i, 6, shown_amount(a[rk], nf), nf, c2=7)
    r += 4
    r = goal_rows(w, r, "项目绩效目标", f["goal_headers"],
                  (f["overall_goal"], f["annual_goal"]), ((2, 4), (5, 7)))
    # indicator table
    inds = f["indicators"]
    cols = f["columns"]
    top = r
    w.put(r, 2, "一级指标")
    w.put(r, 3, "二级指标")
    w.put(r, 4, "三级指标", c2=5)
    if cols == "standard":
        w.put(r, 6, "年度(/项目)指标值", c2=7)
    elif cols == "unit":
        w.put(r, 6, "指标值")
        w.put(r, 7, "计量单位")
    elif cols == "score":
        w.put(r, 6, "指标值")
        w.put(r, 7, "分值")
    r += 1
    first = r
    for ind in inds:
        w.put(r, 4, l3_printed(ind)[0], c2=5, h="left")
        if cols == "standard":
            w.put(r, 6, ind["target"], c2=7)
        else:
            w.put(r, 6, ind["target"])
            w.put(r, 7, ind["unit"] if cols == "unit" else ind["extra"].get("分值", ""))
        r += 1
    for col, key in ((2, lambda i: i["level1"]), (3, lambda i: (i["level1"], i["level2"]))):
        for i, j in merged_runs(inds, key):
            w.put(first + i, col, inds[i]["level1" if col == 2 else "level2"], r2=first + j)
    w.put(top, 1, "绩效指标", r2=r - 1)
    forced = []
    if f.get("split_after"):
        l1, n = f["split_after"]
        i = next(k for k, ind in enumerate(inds) if ind["level1"] == l1)
        forced.append(first + i + n - 1)
    if f.get("schedule"):
        w.put(r, 1, "项目实施进度计划", c2=7)
        r += 1
        for stage, what, when in f["schedule"]:
            w.put(r, 1, stage)
            w.put(r, 2, what, c2=5, h="left")
            w.put(r, 6, when, c2=7)
            r += 1
    if f.get("review"):
        w.put(r, 1, "审核意见", r2=r + len(f["review"]) - 1)
        for k, lab in enumerate(f["review"]):
            w.put(r + k, 2, lab, c2=3)
            w.put(r + k, 4, "", c2=7)
            sh.need(r + k, 40)
        r += len(f["review"])
    sh.row = r
    return {"writer": w, "forced": forced, "last_row": r - 1}


# --------------------------------------------------------------------------------------
# Layout D (8 columns: label | 一级 | 中期 二级 三级 值 | 年度 二级 三级 值)
# --------------------------------------------------------------------------------------

def code_split(cell: str) -> tuple[str, str]:
    m = re.fullmatch(r"\[(\d+)\](.+)", cell)
    return (m.group(2), m.group(1)) if m else (cell, "")


def write_d(sh: gs.Sheet, f: dict) -> dict:
    w = Writer(sh)
    r = w.title(sh.row, f["title"], f["year_line"])
    w.put(r, 1, "项目名称")
    w.put(r, 2, f["name"], c2=8, h="left")
    r += 1
    for cells in ([(1, 1, "主管部门及代码"), (2, 4, f["department_cell"]), (5, 5, "实施单位"),
                   (6, 8, f["unit"])],
                  [(1, 1, "项目属性"), (2, 4, f["attribute"]), (5, 5, f["period_label"]),
                   (6, 8, f["period"])]):
        for k, (c1, c2, t) in enumerate(cells):
            w.put(r, c1, t, c2=c2, h="center" if k % 2 == 0 else "left")
        r += 1
    nf = f["numfmt"]
    w.put(r, 1, f"项目资金（{f['amount_unit']}）", r2=r + 2)
    for i, (ll, rl, k) in enumerate([("中期资金总额", "年度资金总额", "total"),
                                     ("其中：财政拨款", "其中：财政拨款", "fiscal"),
                                     ("其他资金", "其他资金", "other")]):
        w.put(r + i, 2, ll, c2=3)
        w.amount(r + i, 4, shown_amount(f["mid"][k], nf), nf)
        w.put(r + i, 5, rl, c2=6)
        w.amount(r + i, 7, shown_amount(f["year"][k], nf), nf, c2=8)
    r += 3
    r = goal_rows(w, r, "总体目标", f["goal_headers"], (f["overall_goal"], f["annual_goal"]),
                  ((2, 4), (5, 8)))
    top = r
    w.put(r, 2, "一级指标", r2=r + 1)
    w.put(r, 3, "中期指标", c2=5)
    w.put(r, 6, "年度指标", c2=8)
    r += 1
    for c, t in zip(range(3, 9), ["二级指标", "三级指标", "指标值"] * 2):
        w.put(r, c, t)
    r += 1
    forced = []
    for l1, mid, year in f["groups"]:
        n = max(len(mid), len(year))
        g0 = r
        if f.get("split_after") and f["split_after"][0] == l1:
            forced.append(g0 + f["split_after"][1] - 1)
        for side, rows, c0 in ((0, mid, 3), (1, year, 6)):
            for k in range(n):
                if k < len(rows):
                    w.put(g0 + k, c0 + 1, l3_printed(rows[k])[0], h="left")
                    w.put(g0 + k, c0 + 2, rows[k]["target"])
                else:                       # the shorter side: empty cells
                    w.put(g0 + k, c0, "")
                    w.put(g0 + k, c0 + 1, "")
                    w.put(g0 + k, c0 + 2, "")
            for i, j in merged_runs(rows, lambda x: x["level2"]):
                w.put(g0 + i, c0, rows[i]["level2"], r2=g0 + j)
        w.put(g0, 2, l1, r2=g0 + n - 1)
        r += n
    w.put(top, 1, "绩效指标", r2=r - 1)
    notes = f.get("other_notes")
    if notes:
        w.put(r, 1, "其他说明的问题")
        w.put(r, 2, notes, c2=8, h="left")
        r += 1
    sh.row = r
    return {"writer": w, "forced": forced, "last_row": r - 1}


# --------------------------------------------------------------------------------------
# Layout E (8 columns; two indicator tables under title rows)
# --------------------------------------------------------------------------------------

def write_e(sh: gs.Sheet, f: dict) -> dict:
    w = Writer(sh)
    r = w.title(sh.row, f["title"], f["year_line"])
    lab, val = f["filler"]
    w.put(r, 1, lab + val, c2=8, border=False, h="left")
    r += 1
    colon = "：" if f["colon"] else ""
    rows = [
        [(1, 1, "项目名称"), (2, 8, f["name"])],
        [(1, 1, "项目属性"), (2, 8, f["attribute"])],
        [(1, 1, "主管部门"), (2, 4, f["department"]), (5, 5, "主管部门编码"),
         (6, 8, f["department_code"])],
        [(1, 1, "项目实施单位"), (2, 8, f["unit"])],
        [(1, 1, "项目负责人"), (2, 4, f["leader"]), (5, 5, "联系电话"), (6, 8, f["phone"])],
        [(1, 1, f["period_label"]), (2, 8, f["period"])],
    ]
    for cells in rows:
        for k, (c1, c2, t) in enumerate(cells):
            w.put(r, c1, t, c2=c2, h="center" if k % 2 == 0 else "left")
        r += 1
    m, nf = f["money"], f["numfmt"]
    w.put(r, 1, f"项目资金申请（{f['amount_unit']}）", r2=r + 1)
    for i, ((l1, k1), (l2, k2)) in enumerate([(("资金总额", "total"), ("财政拨款", "fiscal")),
                                              (("自有资金", "own"), ("其他资金", "other"))]):
        w.put(r + i, 2, l1 + colon)
        w.amount(r + i, 3, m[k1], nf, c2=4)
        w.put(r + i, 5, l2 + colon)
        w.amount(r + i, 6, m[k2], nf, c2=8)
    r += 2
    r = goal_rows(w, r, "项目绩效目标", f["goal_headers"],
                  (f["overall_goal"], f["annual_goal"]), ((2, 4), (5, 8)))
    for title, inds in f["tables"]:
        w.put(r, 1, title, c2=8, bold=True)
        r += 1
        for c1, c2, t in ((1, 1, "一级指标"), (2, 2, "二级指标"), (3, 4, "指标内容"),
                          (5, 6, "指标值"), (7, 8, "备注")):
            w.put(r, c1, t, c2=c2)
        r += 1
        first = r
        for ind in inds:
            w.put(r, 3, l3_printed(ind)[0], c2=4, h="left")
            w.put(r, 5, ind["target"], c2=6)
            w.put(r, 7, ind["note"], c2=8, h="left")
            r += 1
        for col, key in ((1, lambda i: i["level1"]),
                         (2, lambda i: (i["level1"], i["level2"]))):
            for i, j in merged_runs(inds, key):
                w.put(first + i, col, inds[i]["level1" if col == 1 else "level2"],
                      r2=first + j)
    lab, text = f["other_notes"]
    w.put(r, 1, lab)
    w.put(r, 2, text, c2=8, h="left")
    sh.need(r, 30)
    r += 1
    for (c1, c2), (lab, val) in zip(((1, 3), (4, 6), (7, 8)), f["footer"]):
        w.put(r, c1, lab + val, c2=c2, border=False, h="left")
    sh.need(r, 24)
    r += 1
    sh.row = r
    return {"writer": w, "forced": [], "last_row": r - 1}


# --------------------------------------------------------------------------------------
# Layouts LAYOUTS.md does not describe, built only from the label table of RECORDS.md:
# F = every label above its value, one money block (资金情况), goals stacked under their
# labels, indicator columns 一级 | 二级 | 指标值 | 指标名称 | 权重 (指标值 before the name,
# an unknown 权重 column → extra); G = labels left, the two money blocks stacked in one
# column (项目资金总额 … then 年度资金申请总额 …, two 其他资金 lines), goals stacked, columns
# 一级 | 二级 | 三级 | 评分标准 | 目标值 | 备注 (评分标准 → extra).
# --------------------------------------------------------------------------------------

GRID_F = [11.0, 11.0, 13.0, 13.0, 14.0, 11.5]
GRID_G = [12.0, 12.0, 12.0, 12.5, 12.5, 12.5]


def write_f(sh: gs.Sheet, f: dict) -> dict:
    w = Writer(sh)
    r = w.title(sh.row, f["title"], f["year_line"])
    spans = ((1, 2), (3, 4), (5, 6))
    for pairs in (f["head"], f["head2"]):
        for (c1, c2), (label, _) in zip(spans, pairs):
            w.put(r, c1, label, c2=c2)
        for (c1, c2), (_, value) in zip(spans, pairs):
            w.put(r + 1, c1, value, c2=c2, h="left")
        r += 2
    a, nf = f["amounts"], f["numfmt"]
    w.put(r, 1, f"资金情况（{f['amount_unit']}）", c2=6)
    r += 1
    for (c1, c2), (label, key) in zip(spans, f["money"]):
        w.put(r, c1, label, c2=c2)
        w.amount(r + 1, c1, shown_amount(a[key], nf), nf, c2=c2)
    r += 2
    for label, text in ((f["goal_headers"][0], f["overall_goal"]),
                        (f["goal_headers"][1], f["annual_goal"])):
        w.put(r, 1, label, c2=6)
        w.put(r + 1, 1, text, c2=6, h="left", v="top")
        r += 2
    inds = f["indicators"]
    w.put(r, 1, "一级指标")
    w.put(r, 2, "二级指标")
    w.put(r, 3, "指标值")
    w.put(r, 4, "指标名称", c2=5)
    w.put(r, 6, "权重")
    r += 1
    first = r
    for ind in inds:
        w.put(r, 3, ind["target"])
        w.put(r, 4, l3_printed(ind)[0], c2=5, h="left")
        w.put(r, 6, ind["extra"].get("权重", ""))
        r += 1
    for col, key in ((1, lambda i: i["level1"]), (2, lambda i: (i["level1"], i["level2"]))):
        for i, j in merged_runs(inds, key):
            w.put(first + i, col, inds[i]["level1" if col == 1 else "level2"], r2=first + j)
    sh.row = r
    return {"writer": w, "forced": [], "last_row": r - 1}


def write_g(sh: gs.Sheet, f: dict) -> dict:
    w = Writer(sh)
    r = w.title(sh.row, f["title"], f["year_line"])
    w.put(r, 1, "项目名称")
    w.put(r, 2, f["name"], c2=6, h="left")
    r += 1
    w.put(r, 1, "主管部门名称")
    w.put(r, 2, f["department"], c2=3, h="left")
    w.put(r, 4, "项目单位")
    w.put(r, 5, f["unit"], c2=6, h="left")
    r += 1
    w.put(r, 1, "项目计划实施时间")
    w.put(r, 2, f["period"], c2=6, h="left")
    r += 1
    a, nf = f["amounts"], f["numfmt"]
    lines = [("项目资金总额", "total_funds"), ("其中：财政资金", "total_fiscal"),
             ("其他资金", "total_other"), ("年度资金申请总额", "annual_total"),
             ("其中：当年财政拨款", "annual_appropriation"), ("上年结转资金", "annual_carryover"),
             ("其他资金", "annual_other")]
    w.put(r, 1, f"项目资金（{f['amount_unit']}）", r2=r + len(lines) - 1)
    for k, (label, key) in enumerate(lines):
        w.put(r + k, 2, label, c2=3)
        w.amount(r + k, 4, shown_amount(a[key], nf), nf, c2=6)
    r += len(lines)
    for label, text in ((f["goal_headers"][0], f["overall_goal"]),
                        (f["goal_headers"][1], f["annual_goal"])):
        w.put(r, 1, label)
        w.put(r, 2, text, c2=6, h="left", v="top")
        r += 1
    inds = f["indicators"]
    for c, head in enumerate(("一级指标", "二级指标", "三级指标", "评分标准", "目标值", "备注"), 1):
        w.put(r, c, head)
    r += 1
    first = r
    for ind in inds:
        w.put(r, 3, l3_printed(ind)[0], h="left")
        w.put(r, 4, ind["extra"].get("评分标准", ""), h="left")
        w.put(r, 5, ind["target"])
        w.put(r, 6, ind["note"], h="left")
        r += 1
    for col, key in ((1, lambda i: i["level1"]), (2, lambda i: (i["level1"], i["level2"]))):
        for i, j in merged_runs(inds, key):
            w.put(first + i, col, inds[i]["level1" if col == 1 else "level2"], r2=first + j)
    sh.row = r
    return {"writer": w, "forced": [], "last_row": r - 1}


WRITERS = {"C": (write_c, GRID_C), "D": (write_d, GRID_D), "E": (write_e, GRID_E),
           "F": (write_f, GRID_F), "G": (write_g, GRID_G)}


def write_other(sh: gs.Sheet, block: dict) -> dict:
    """A narrative (prose) or 部门收支预算总表 block from gen_samples, with its cells
    tracked row by row for the page check."""
    w = Writer(sh)
    start = sh.row
    if block["kind"] == "prose":
        gs.write_prose(sh, block)
    else:
        gs.write_budget_table(sh, block)
    # gen_samples' writers put one string per row (or a pair on the budget rows):
    # read back what each row prints from the sheet itself
    ws = sh.ws
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=start, max_row=sh.row - 1):
        for c in row:
            if c.value is None:
                continue
            m = merged.get((c.row, c.column))
            r2 = m.max_row if m else c.row
            if isinstance(c.value, float):
                text = shown_amount(f"{Decimal(str(c.value)):.2f}", c.number_format)
            else:
                text = str(c.value)
            w.cells.append((text, c.row, r2))
    return {"writer": w, "forced": [], "last_row": sh.row - 1}


# --------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------

STRADDLE_PT = 12.0       # a merged cell's centre this close to a break prints across it


def straddles(sh: gs.Sheet, cells, r: int) -> bool:
    """Would a page break before row r cut a merged cell's text in two?"""
    for _t, r1, r2 in cells:
        if r1 < r <= r2:
            above = sum(sh.heights[k] for k in range(r1, r))
            whole = sum(sh.heights[k] for k in range(r1, r2 + 1))
            if abs(whole / 2 - above) < STRADDLE_PT:
                return True
    return False


def paginate(sh: gs.Sheet, blocks: list[dict]) -> dict[int, int]:
    """Manual row breaks: a block starts a page; within it a page takes rows while they
    fit in PAGE_PT (breaking earlier where the break would cut a merged cell's text in
    two), and breaks where a block asks for one. Returns row -> page (1-based)."""
    page_of: dict[int, int] = {}
    page = 0
    for b in blocks:
        w = b["writer"]
        if page:
            sh.breaks.append(w.first_row - 1)
        page += 1
        start = w.first_row           # first row of the current page
        used = 0.0
        r = w.first_row
        while r <= b["last_row"]:
            h = sh.heights.get(r)
            if h is None:
                raise SystemExit(f"row {r} has no height")
            if used + h > PAGE_PT and r > start:
                cut = r
                while straddles(sh, w.cells, cut) and cut - 1 > start:
                    cut -= 1
                sh.breaks.append(cut - 1)
                page += 1
                for k in range(cut, r):
                    page_of[k] = page
                used = sum(sh.heights[k] for k in range(cut, r))
                start = cut
            page_of[r] = page
            used += h
            if r in b["forced"] and r < b["last_row"]:
                sh.breaks.append(r)
                page += 1
                used = 0.0
                start = r + 1
            r += 1
    return page_of


def cell_page(sh: gs.Sheet, page_of: dict[int, int], r1: int, r2: int, what="") -> int:
    """The page holding the vertical centre of rows r1..r2 (a merged cell's text)."""
    if r1 == r2:
        return page_of[r1]
    hs = [sh.heights[r] for r in range(r1, r2 + 1)]
    mid, acc = sum(hs) / 2, 0.0
    for r, h in zip(range(r1, r2 + 1), hs):
        if acc + h >= mid:
            # the centre on a row that is itself on one page: that page; a centre
            # within 12pt of a page break would print the text across it
            for rr in (r - 1, r + 1):
                if rr in page_of and page_of[rr] != page_of[r]:
                    edge = acc if rr < r else acc + h
                    if abs(mid - edge) < STRADDLE_PT:
                        raise SystemExit(f"merged cell {what[:12]!r} rows {r1}-{r2}: its text "
                                         f"straddles a page break; move the break")
            return page_of[r]
        acc += h
    return page_of[r2]


# --------------------------------------------------------------------------------------
# Records (RECORDS.md v2)
# --------------------------------------------------------------------------------------

def period_dates(s: str) -> tuple[str, str]:
    """`2019年1月至2019年12月` → first day of the first month, last day of the last."""
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月至(\d{4})年(\d{1,2})月", s)
    if not m:
        raise ValueError(s)
    y1, m1, y2, m2 = map(int, m.groups())
    return (f"{y1:04d}-{m1:02d}-01",
            f"{y2:04d}-{m2:02d}-{calendar.monthrange(y2, m2)[1]:02d}")


def indicator(seq: int, ind: dict, *, unit_column: bool = False) -> dict:
    l3, core = l3_printed(ind)
    raw = gs.squash(ind["target"])
    if unit_column:
        # RECORDS.md: comparator and number from target_raw alone, unit from the column
        c, v, u = gs.parse_target(raw)
        unit = gs.squash(ind["unit"] or "")
        if u:
            raise SystemExit(f"{raw}: a target with its own unit in a 计量单位 form")
        if not v:
            unit = ""
            if ind["unit"]:
                raise SystemExit(f"{raw}: a qualitative target with a unit")
        u = unit
    else:
        c, v, u = gs.parse_target(raw)
    return {"seq": seq, "level1": ind["level1"], "level2": ind["level2"],
            "level3": gs.norm_text(l3.lstrip("★")), "target_raw": raw, "comparator": c,
            "target_value": v, "target_unit": u, "scope": ind["scope"],
            "note": gs.norm_text(ind["note"]), "core": core,
            "extra": {k: gs.norm_text(x) for k, x in ind["extra"].items()}}


def base_record(f: dict) -> dict:
    return {
        "year": int(re.search(r"(\d{4})年度", f["year_line"]).group(1)),
        "project_name": gs.norm_text(f["name"]), "project_nature": "",
        "project_category": "", "department": "", "implementing_unit": "",
        "start_date": "", "end_date": "", "amount_unit": f["amount_unit"],
        "total_funds": "", "total_fiscal": "", "total_other": "", "annual_total": "",
        "annual_appropriation": "", "annual_carryover": "", "annual_other": "",
        "overall_goal": gs.norm_text(f["overall_goal"]),
        "annual_goal": gs.norm_text(f["annual_goal"]),
        "form_title": gs.squash(f["title"]), "department_code": "",
        "project_attribute": "", "extra_fields": [],
    }


def yuan(printed: str, unit: str) -> str:
    return gs.amount_to_yuan(printed, unit)


def record_c(f: dict) -> dict:
    rec = base_record(f)
    rec.update(project_nature=f["nature"], project_category=f["category"],
               department=f["department"], implementing_unit=f["unit"],
               start_date=gs.norm_date(f["start"]), end_date=gs.norm_date(f["end"]))
    for k, v in f["amounts"].items():
        rec[k] = yuan(v, f["amount_unit"])
    unit_col = f["columns"] == "unit"
    rec["indicators"] = [indicator(i, ind, unit_column=unit_col)
                         for i, ind in enumerate(f["indicators"], 1)]
    if f["columns"] == "score":
        for x in rec["indicators"]:
            assert set(x["extra"]) == {"分值"}, x
    for stage, what, when in f.get("schedule", []):
        rec["extra_fields"].append({"label": stage, "value": f"{what}；{when}"})
    return rec


def record_d(f: dict) -> dict:
    rec = base_record(f)
    dept, code = code_split(f["department_cell"])
    rec.update(department=dept, department_code=code, implementing_unit=f["unit"],
               project_attribute=f["attribute"])
    u = f["amount_unit"]
    rec.update(total_funds=yuan(f["mid"]["total"], u), total_fiscal=yuan(f["mid"]["fiscal"], u),
               total_other=yuan(f["mid"]["other"], u),
               annual_total=yuan(f["year"]["total"], u),
               annual_appropriation=yuan(f["year"]["fiscal"], u),
               annual_other=yuan(f["year"]["other"], u))
    rec["extra_fields"].append({"label": f["period_label"], "value": f["period"]})
    inds, seq = [], 0
    for _l1, mid, year in f["groups"]:
        # within a 一级 group the left (中期) block's rows come before the right's
        for rows, scope in ((mid, "overall"), (year, "annual")):
            for x in rows:
                seq += 1
                inds.append(indicator(seq, dict(x, scope=scope)))
    rec["indicators"] = inds
    if f.get("other_notes"):
        rec["extra_fields"].append({"label": "其他说明的问题",
                                    "value": gs.norm_text(f["other_notes"])})
    return rec


def ticked(attribute: str) -> str:
    """The option whose box is ticked. A cell that starts with a box puts each box
    before its option (`■新增项目 □延续项目`), else after it (`新增项目□ 延续项目☑`)."""
    marks = "☑■√✓✔⊠"
    boxes = marks + "□"
    s = gs.squash(attribute)
    if s[0] in boxes:
        pairs = re.findall(f"([{boxes}])([^{boxes}]+)", s)
    else:
        pairs = [(b, o) for o, b in re.findall(f"([^{boxes}]+)([{boxes}])", s)]
    out = [o for b, o in pairs if b in marks]
    if len(out) != 1:
        raise SystemExit(f"{attribute}: {len(out)} options ticked")
    return out[0]


def record_e(f: dict) -> dict:
    rec = base_record(f)
    start, end = period_dates(f["period"])
    m, u = f["money"], f["amount_unit"]
    # one money block (项目资金申请): it fills the annual fields; 自有资金 has no field
    rec.update(department=f["department"], department_code=f["department_code"],
               implementing_unit=f["unit"], start_date=start, end_date=end,
               project_attribute=ticked(f["attribute"]),
               annual_total=yuan(m["total"], u), annual_appropriation=yuan(m["fiscal"], u),
               annual_other=yuan(m["other"], u))
    ex = rec["extra_fields"]
    lab, val = f["filler"]
    ex.append({"label": lab.rstrip("：:"), "value": val})
    ex.append({"label": "项目负责人", "value": f["leader"]})
    ex.append({"label": "联系电话", "value": f["phone"]})
    ex.append({"label": "自有资金", "value": m["own"]})
    inds, seq = [], 0
    for _title, rows in f["tables"]:
        for x in rows:
            seq += 1
            inds.append(indicator(seq, x))
    rec["indicators"] = inds
    lab, text = f["other_notes"]
    if text:
        ex.append({"label": lab, "value": gs.norm_text(text)})
    for lab, val in f["footer"]:
        ex.append({"label": lab.rstrip("：:"), "value": val})
    # sums as printed (自有资金 is part of 资金总额 in this layout)
    d = {k: Decimal(v.replace(",", "")) for k, v in m.items()}
    if d["total"] != d["fiscal"] + d["own"] + d["other"]:
        raise SystemExit(f"{f['name']}: 资金总额 does not add up")
    return rec


def record_f(f: dict) -> dict:
    rec = base_record(f)
    head = dict(f["head"] + f["head2"])
    start, end = period_dates(head["项目实施时间"])
    rec.update(project_category=head["项目类型"], department=head["主管部门"],
               implementing_unit=head["项目实施单位"], project_nature=head["项目性质"],
               start_date=start, end_date=end)
    # one block (资金情况): the annual fields
    for k, v in f["amounts"].items():
        rec[k] = yuan(v, f["amount_unit"])
    rec["indicators"] = [indicator(i, ind) for i, ind in enumerate(f["indicators"], 1)]
    return rec


def record_g(f: dict) -> dict:
    rec = base_record(f)
    a, b = f["period"].split("至")
    rec.update(department=f["department"], implementing_unit=f["unit"],
               start_date=gs.norm_date(a), end_date=gs.norm_date(b))
    for k, v in f["amounts"].items():
        rec[k] = yuan(v, f["amount_unit"])
    rec["indicators"] = [indicator(i, ind) for i, ind in enumerate(f["indicators"], 1)]
    return rec


RECORDERS = {"C": record_c, "D": record_d, "E": record_e, "F": record_f, "G": record_g}


def check_sums(rec: dict, name: str):
    def dec(k):
        return Decimal(rec[k]) if rec[k] else Decimal(0)
    if rec["total_funds"] and dec("total_funds") != dec("total_fiscal") + dec("total_other"):
        raise SystemExit(f"{name}: total_funds does not add up")
    # (layout E's sum with its 自有资金 line is checked in record_e)
    if rec["annual_total"] and not any(e["label"] == "自有资金" for e in rec["extra_fields"]):
        if dec("annual_total") != (dec("annual_appropriation") + dec("annual_carryover")
                                   + dec("annual_other")):
            raise SystemExit(f"{name}: annual_total does not add up")


# --------------------------------------------------------------------------------------
# Build, convert, check
# --------------------------------------------------------------------------------------

def build(spec: dict):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    from datetime import datetime
    fixed = datetime(2024, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = wb.properties.lastModifiedBy = "shenbao gen_layouts"
    writer, grid = WRITERS[spec["layout"]]
    sh = gs.Sheet(ws, spec["font"], grid)
    blocks = []
    with line_factor(LINE_FACTORS[spec["font"]]):
        for block in spec["blocks"]:
            if block["kind"] == "form":
                b = writer(sh, block["form"])
            else:
                b = write_other(sh, block)
            b["block"] = block
            blocks.append(b)
    page_of = paginate(sh, blocks)
    sh.finish()
    return wb, sh, blocks, page_of


def check_pages(name: str, sh, blocks, page_of, texts: list[str]):
    """Each page's text layer holds exactly the characters of the cells planned for it.
    A merged cell that runs over a page break prints its text at the cell's centre on
    the page holding it; LibreOffice also draws it, clipped (invisible), on the other
    pages the cell spans, and pdftotext keeps that copy when it falls inside the page
    box: allowed there, required on the centre's page."""
    want: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    may: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for b in blocks:
        for text, r1, r2 in b["writer"].cells:
            p = cell_page(sh, page_of, r1, r2, text)
            want[p] += gs.charbag(text)
            for q in {page_of[r] for r in range(r1, r2 + 1)} - {p}:
                may[q] += gs.charbag(text)
    if len(texts) != max(page_of.values()):
        raise SystemExit(f"{name}: {len(texts)} pages, planned {max(page_of.values())} "
                         f"(an automatic page break?)")
    for p, t in enumerate(texts, 1):
        have = gs.charbag(t)
        missing, extra = want[p] - have, have - want[p] - may[p]
        if missing or extra:
            raise SystemExit(f"{name} page {p}: text layer differs from the planned cells: "
                             f"missing {''.join(sorted(missing.elements()))[:80]!r}, "
                             f"extra {''.join(sorted(extra.elements()))[:80]!r}")


def split_label_pages(sh, blocks, page_of) -> list[str]:
    """Describe every merged 一级/二级 cell whose rows run over a page break: where its
    text lands."""
    out = []
    for b in blocks:
        for text, r1, r2 in b["writer"].cells:
            if r1 != r2 and page_of[r1] != page_of[r2] and text.endswith("指标"):
                out.append(f"{text} p{page_of[r1]}-{page_of[r2]} (text on "
                           f"p{cell_page(sh, page_of, r1, r2)})")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default=str(HERE.parent))
    ap.add_argument("--keep-tmp", action="store_true")
    args = ap.parse_args()
    repo = Path(args.repo).resolve()
    root = repo / "samples" / "layouts"
    xdir, cdir = root / "xlsx", root / "checked"
    sdir, scdir = root / "scanned", root / "scanned" / "checked"
    for d in (root, xdir, cdir):
        d.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="shenbao-layouts-"))
    try:
        built = {}
        for spec in data.specs():
            wb, sh, blocks, page_of = build(spec)
            x = xdir / f"{spec['name']}.xlsx"
            gs.save_xlsx_deterministic(wb, x)
            built[spec["name"]] = (spec, sh, blocks, page_of, x)
        raw = tmp / "raw"
        raw.mkdir()
        gs.soffice_convert([b[4] for b in built.values()], raw, tmp / "lo-profile")
        records, files = [], []
        for name, (spec, sh, blocks, page_of, x) in built.items():
            out = root / f"{name}.pdf"
            gs.normalise_pdf(raw / f"{name}.pdf", out)
            texts = gs.page_texts(out)
            check_pages(name, sh, blocks, page_of, texts)
            sha = gs.sha256(out)
            fi = 0
            forms = []
            for b in blocks:
                if b["block"]["kind"] != "form":
                    continue
                f = b["block"]["form"]
                pages = sorted({page_of[r] for r in range(b["writer"].first_row,
                                                         b["last_row"] + 1)})
                rec = {"source_file": f"samples/layouts/{name}.pdf", "source_sha256": sha,
                       "form_index": fi, "pages": pages, "method": "text"}
                rec.update(RECORDERS[spec["layout"]](f))
                rec["warnings"] = []
                rec = v2(rec)
                check_sums(rec, f"{name}#{fi}")
                records.append(rec)
                forms.append((fi, pages))
                fi += 1
            files.append({"name": name, "spec": spec, "npages": len(texts), "forms": forms,
                          "splits": split_label_pages(sh, blocks, page_of)})
        records.sort(key=lambda r: (r["source_file"], r["form_index"]))
        (cdir / "records.jsonl").write_text(to_jsonl(records), encoding="utf-8")
        (cdir / "projects.csv").write_text(to_projects_csv(records), encoding="utf-8")
        (cdir / "indicators.csv").write_text(to_indicators_csv(records), encoding="utf-8")

        scans = make_scans(root, sdir, scdir, records, tmp)

        keep = {f"{f['name']}.pdf" for f in files} | {f"{f['name']}.xlsx" for f in files}
        for p in list(root.glob("*.pdf")) + list(xdir.glob("*.xlsx")):
            if p.name not in keep:
                print(f"removing stale {p.relative_to(repo)}")
                p.unlink()
        (root / "README.md").write_text(readme(files, records, scans), encoding="utf-8")
        update_samples_readme(repo / "samples" / "README.md", files, scans)
        for f in files:
            print(f"samples/layouts/{f['name']}.pdf: {len(f['forms'])} forms, "
                  f"{f['npages']} pages, "
                  + ", ".join(f"form {fi}: pages {pages_csv(pg)}" for fi, pg in f["forms"])
                  + ("; split labels: " + "; ".join(f["splits"]) if f["splits"] else ""))
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        print(f"{len(records)} records, {sum(len(r['indicators']) for r in records)} "
              f"indicators; samples/layouts/ {size} bytes")
        everything = sum(p.stat().st_size for p in (repo / "samples").rglob("*")
                         if p.is_file())
        if everything > 20 * 1024 * 1024:
            raise SystemExit(f"samples/ is {everything} bytes, over 20 MB")
    finally:
        if args.keep_tmp:
            print("tmp:", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


# --------------------------------------------------------------------------------------
# Degraded scans (gen_scans' pipeline)
# --------------------------------------------------------------------------------------

def make_scans(root: Path, sdir: Path, scdir: Path, records: list[dict], tmp: Path):
    import gen_scans
    scdir.mkdir(parents=True, exist_ok=True)
    out_recs, scans = [], []
    for layout, stem in sorted(data.SCANS.items()):
        src = root / f"{stem}.pdf"
        name = f"{stem}-degraded200.pdf"
        dst = sdir / name
        grays = gen_scans.render(src, gen_scans.DEGRADED_DPI, tmp, f"{stem}-200")
        pages, infos = [], []
        for i, g in enumerate(grays, 1):
            inf: dict = {}
            pages.append(gen_scans.degraded_page(stem, i, g, None, inf))
            infos.append(inf)
        gen_scans.images_to_pdf(pages, dst)
        gen_scans.check_scan(dst, pages)
        sha = gen_scans.sha256(dst)
        for r in records:
            if r["source_file"] == f"samples/layouts/{stem}.pdf":
                nr = dict(r)
                nr.update(source_file=f"samples/layouts/scanned/{name}", source_sha256=sha,
                          method="ocr", warnings=[])
                out_recs.append(nr)
        scans.append({"name": name, "layout": layout, "source": f"{stem}.pdf",
                      "npages": len(pages),
                      "skews": ", ".join(f"p{i} {inf['skew']:+.2f}°"
                                         for i, inf in enumerate(infos, 1)),
                      "bytes": dst.stat().st_size})
        print(f"samples/layouts/scanned/{name}: {len(pages)} pages, {dst.stat().st_size} bytes")
    keep = {s["name"] for s in scans}
    for p in sdir.glob("*.pdf"):
        if p.name not in keep:
            p.unlink()
    (scdir / "records.jsonl").write_text(to_jsonl(out_recs), encoding="utf-8")
    (scdir / "projects.csv").write_text(to_projects_csv(out_recs), encoding="utf-8")
    (scdir / "indicators.csv").write_text(to_indicators_csv(out_recs), encoding="utf-8")
    return scans


# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------

COVERS = {
    "2026-shanghai-culture-c": (
        "Layout C, AR PL UMing. Form 0: 27 indicators, 成本指标 first (经济/社会/生态环境成本指标), "
        "★ core rows, goal header 项目总体目标（2024年-2026年）, dates 2026/1/1, 元 with thousands "
        "separators and 上年结转资金; its table runs over a page break placed after the first "
        "row of 效益指标, so the merged 一级 效益指标 and 二级 社会效益指标 cells print their "
        "text on the next page. Form 1: 指标值 | 计量单位 columns (target_unit from the "
        "计量单位 cell), other funds, a filled 项目实施进度计划 block (4 rows → extra_fields) "
        "and an empty 审核意见 block (skipped). Form 2: 指标值 | 分值 columns (分值 → extra, "
        "one empty 分值 cell), ★ core rows, amounts without thousands separators."),
    "2026-shanghai-epb-budget-c": (
        "部门预算-style PDF, Noto Serif CJK SC: two narrative pages (第一部分 一、部门职责 …; "
        "第二部分 … 七、项目经费情况说明 … 详见单位的项目绩效目标表, amounts in the prose), a 部门收支预算总表 (a ruled table "
        "with amounts, not a form), then three layout-C forms (one 阶段性项目 into 2027 with "
        "上年结转资金, amounts with and without thousands separators)."),
    "2025-cas-research-d": (
        "Layout D, Noto Sans CJK SC: title 项目支出绩效目标申报表, 主管部门及代码 `[173]中国科学院` "
        "(code split off), 项目属性 written (延续项目 / 新增项目), 项目期 (→ extra_fields), "
        "中期 and 年度 money blocks side by side in 万元 (with and without thousands "
        "separators; no 上年结转资金 line), goals 中期目标（2025年－2027年）| 年度目标 listing "
        "目标1：… 目标2：… on separate lines, and the indicator table as one shared 一级 column "
        "with 中期指标 | 年度指标 blocks side by side whose row counts differ within each "
        "一级 group (empty cells on the shorter side); ★ core rows. Form 0 runs over two "
        "pages; form 2 (2024年度) has a 其他说明的问题 row."),
    "2025-unknown-labels-above-f": (
        "A layout LAYOUTS.md does not describe (F), AR PL UMing, every label from RECORDS.md's "
        "table: each label above its value (项目名称 | 项目类型 | 主管部门 over their values, "
        "项目实施单位 | 项目实施时间 | 项目性质 likewise), one money block 资金情况（万元） with "
        "资金总额 | 其中：财政拨款 | 其他资金 above their amounts (annual fields), goals 总体目标 "
        "and 本年度目标 each above its text, and indicator columns in another order: 一级指标 | "
        "二级指标 | 指标值 | 指标名称 | 权重 (权重 → extra, ★ core rows)."),
    "2024-unknown-stacked-g": (
        "A layout LAYOUTS.md does not describe (G), Noto Sans CJK SC: 主管部门名称, 项目单位, "
        "项目计划实施时间 (`A至B`), the two money blocks stacked in one column under "
        "项目资金（元） (项目资金总额 / 其中：财政资金 / 其他资金, then 年度资金申请总额 / "
        "其中：当年财政拨款 / 上年结转资金 / 其他资金), goals 项目总体目标 and 年度总体目标 each "
        "left of its text, one under the other, and indicator columns 一级指标 | 二级指标 | "
        "三级指标 | 评分标准 | 目标值 | 备注 (评分标准 → extra, notes in some rows)."),
    "2019-haizhou-county-e": (
        "Layout E, AR PL UKai: regional title 海州市临江区财政支出项目绩效目标申报表, "
        "填报单位（盖章）：… above the table, 项目属性 as ticked boxes (`新增项目□ 延续项目☑`, "
        "`■新增项目 □延续项目`, `□新增项目  √延续项目`), 主管部门编码 in its own cell, "
        "项目负责人 / 联系电话, 项目起止时间 to the month (`2019年1月至2019年12月`, one running "
        "2018-07 … 2020-06), one money block 项目资金申请 (annual fields) with 自有资金 "
        "(→ extra_fields, as printed), labels with `：` (forms 0, 2) and without (form 1), "
        "万元 and 元, goals 长期目标 | 年度目标, two indicator tables under title rows "
        "长期绩效指标 (scope overall) and 年度绩效指标 (annual) with columns 指标内容 | 指标值 "
        "| 备注 (notes in some rows), a 其他说明的问题 row (empty in form 2) and the "
        "填报人/单位负责人/填报日期 footer below the table."),
}


SHORT = {
    "2026-shanghai-culture-c": (
        "layout C (成本指标 first, ★ core, 2026/1/1 dates, year-range goal header); form 0 "
        "over 3 pages with the merged 效益指标 label printed on the page after the break; "
        "计量单位 and 分值 columns; a filled 项目实施进度计划 and an empty 审核意见 block"),
    "2026-shanghai-epb-budget-c": (
        "部门预算-style PDF: two narrative pages, a 部门收支预算总表, then three layout-C forms "
        "(Noto Serif CJK)"),
    "2025-cas-research-d": (
        "layout D: `[173]中国科学院`, 项目期, 中期 | 年度 money blocks and goals, 目标1：… lines, "
        "中期 | 年度 indicator blocks side by side sharing 一级 with unequal row counts "
        "(Noto Sans CJK)"),
    "2025-unknown-labels-above-f": (
        "a layout not in LAYOUTS.md: labels above values, one 资金情况 block, goals above "
        "their texts, columns 一级 | 二级 | 指标值 | 指标名称 | 权重"),
    "2024-unknown-stacked-g": (
        "a layout not in LAYOUTS.md: money blocks stacked, goals stacked, columns 三级 | "
        "评分标准 | 目标值 | 备注 (Noto Sans CJK)"),
    "2019-haizhou-county-e": (
        "layout E: regional title, 填报单位 above, ticked boxes ☑/■/√, 主管部门编码 cell, "
        "periods to the month, one money block with 自有资金, 长期/年度绩效指标 tables with "
        "指标内容 and 备注, 其他说明的问题, signature footer"),
}


def readme(files: list[dict], records: list[dict], scans: list[dict]) -> str:
    L = [
        "# Layout C, D and E samples",
        "",
        "Generated by `scripts/gen-layouts` (`scripts/gen_layouts.py`, content in",
        "`scripts/gen_layouts_data.py`): LibreOffice Calc → PDF from the spreadsheets in `xlsx/`,",
        "laid out like the layouts of `shared/design/LAYOUTS.md`. Do not edit by hand: change the",
        "data and rerun; the script is deterministic.",
        "",
        "`checked/` holds the expected records of every form (`records.jsonl`, `projects.csv`,",
        "`indicators.csv`, schema v2 of `shared/schema/RECORDS.md`), `source_file` from the repo",
        "root, `method` `text`, `warnings` empty. `pages` come from the generator's own page",
        "plan: every page break is a manual row break placed from the row heights, and the",
        "generator checks, page by page, that the text layer holds exactly the characters of",
        "the cells planned for that page (a merged cell counts on the page that holds its",
        "vertical centre, where LibreOffice prints its text).",
        "",
        "Beware: LibreOffice also draws such a merged cell's text on the *other* pages the",
        "cell spans, clipped to the cell's part on that page and so invisible, at the",
        "position the centre has there: below the table's last row, or above the top of",
        "the page. pdftotext keeps such a copy when it falls inside the page box (the text",
        "layer of culture-c page 2 holds 效益指标, 社会效益指标 and 绩效指标 under the last",
        "row). A text-layer reader must take a merged label from inside the ruled cell on",
        "the page where it is visible; a scan shows only that one.",
        "",
        "How the v2 fields are filled here (decisions the extractor must match):",
        "- `form_title`: the title line with whitespace removed; the year line is `year`.",
        "- a single money block (layout E 项目资金申请) fills the annual fields; the others stay",
        "  empty; a line that is not printed (D has no 上年结转资金) is empty, not 0.00.",
        "- `extra_fields` in form order: 填报单位（盖章） (label as printed, colon dropped), 项目期,",
        "  项目负责人, 联系电话, 自有资金 (amount as printed, even 0.00), schedule rows, 其他说明的问题,",
        "  填报人, 单位负责人, 填报日期. A label whose value cell is empty adds nothing (the empty",
        "  其他说明的问题 of the last E form; the empty 审核意见 block).",
        "- 项目实施进度计划: the block's title row is not a row of the block; each row below it",
        "  gives `label` = its first cell, `value` = the other cells joined by `；`.",
        "- `extra` holds every other column's header for every row of that table, also when",
        "  the cell is empty (`{\"分值\":\"\"}`).",
        "- `seq` runs over the whole form: D's left (中期) rows of a 一级 group, then its right",
        "  (年度) rows; E's 长期绩效指标 table, then 年度绩效指标.",
        "- `core`: a ★ printed at the start of the 三级/指标内容 cell; `level3` without it.",
        "- E's 资金总额 = 财政拨款 + 自有资金 + 其他资金 (the 自有资金 line counts in the sum).",
        "",
        "| file | forms | pages | forms' pages | covers |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in files:
        fp = "; ".join(f"{fi}: {pages_csv(pg)}" for fi, pg in f["forms"])
        cov = COVERS[f["name"]].replace("|", "\\|")     # a | inside a table cell
        if f["splits"]:
            cov += " Merged cells over page breaks: " + "; ".join(f["splits"]) + "."
        L.append(f"| `{f['name']}.pdf` | {len(f['forms'])} | {f['npages']} | {fp} | {cov} |")
    L += ["", f"In all: {len(records)} records, "
          f"{sum(len(r['indicators']) for r in records)} indicators.", ""]
    if scans:
        L += [
            "## scanned/",
            "",
            "One degraded scan per layout, made with `scripts/gen_scans.py`'s degraded200",
            "pipeline (200 dpi, off-white paper, a random skew of 0.4–1.5° per page, blur 0.6 px,",
            "gaussian noise σ 4, RGB JPEG quality 45, one image per page, no text layer).",
            "`scanned/checked/` holds the source's records with `source_file` =",
            "`samples/layouts/scanned/<name>`, `method` `ocr`.",
            "",
            "| file | layout | source | pages | skew per page |",
            "| --- | --- | --- | --- | --- |",
        ]
        for s in scans:
            L.append(f"| `scanned/{s['name']}` | {s['layout']} | `{s['source']}` | "
                     f"{s['npages']} | {s['skews']} |")
        L.append("")
    return "\n".join(L)


def update_samples_readme(path: Path, files: list[dict], scans: list[dict]):
    """A row per file of samples/layouts/ in samples/README.md, between the markers
    that gen_samples.py carries over when it rewrites the rest of that file."""
    L = [gs.LAYOUTS_BEGIN, "", "## Layouts C, D and E (`layouts/`)", "",
         "Made by `scripts/gen-layouts`; details, the decisions on the v2 fields and the",
         "checked records in `layouts/README.md` and `layouts/checked/`, "
         "`layouts/scanned/checked/`.", "",
         "| file | layout | forms | pages | covers |", "| --- | --- | --- | --- | --- |"]
    for f in files:
        short = SHORT[f["name"]].replace("|", "\\|")
        fp = "; ".join(f"{fi}: {pages_csv(pg)}" for fi, pg in f["forms"])
        L.append(f"| `layouts/{f['name']}.pdf` | {f['spec']['layout']} | {len(f['forms'])} "
                 f"| {f['npages']} ({fp}) | {short} |")
    for s in scans:
        L.append(f"| `layouts/scanned/{s['name']}` | {s['layout']} | "
                 f"{next(len(f['forms']) for f in files if f['name'] + '.pdf' == s['source'])} "
                 f"| {s['npages']} | degraded 200 dpi scan of `layouts/{s['source']}` "
                 f"(skew {s['skews']}) |")
    L += ["", gs.LAYOUTS_END]
    section = "\n".join(L)
    old = path.read_text(encoding="utf-8")
    a, b = old.find(gs.LAYOUTS_BEGIN), old.find(gs.LAYOUTS_END)
    if a >= 0 and b > a:
        new = old[:a] + section + old[b + len(gs.LAYOUTS_END):]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
