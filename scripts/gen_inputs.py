#!/usr/bin/env python3
"""Generate the non-PDF test inputs under tests/fixtures/ from the samples.

Run through scripts/gen-inputs (which installs LibreOffice Calc and a venv with
pinned openpyxl, Pillow and pikepdf). Writes:

tests/fixtures/sheets/
  <stem>.ods               LibreOffice headless conversions of every samples/xlsx/<stem>.xlsx
  <stem>.xls               the same, for the samples whose forms have a rule between
                           every row (calamine reads no borders from .xls, and the
                           bdc sample's goal runs over three rows without a rule)
  2024-putuo-greening.et   the .xls bytes under WPS's name (an .et is a BIFF8 compound
                           file, the same container as .xls)
  2024-putuo-greening-per-sheet.xlsx
                           the greening workbook with each form on its own sheet
                           (split at the sheet's page breaks), after a hidden
                           first sheet of notes
tests/fixtures/images/
  greening-clean300-p1.jpg the DCT stream of page 1 of
                           samples/scanned/2024-putuo-greening-clean300.pdf, byte for
                           byte (gray, 300 dpi in its JFIF header)
  greening-clean300-p1-2-g4.tif
                           pages 1-2 of that scan, thresholded at 160 and written as a
                           two-page bilevel TIFF with CCITT Group 4 compression, 300 dpi

Deterministic apart from LibreOffice's own timestamps inside .xls/.ods.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import tempfile
from copy import copy
from pathlib import Path

import openpyxl
import pikepdf
from PIL import Image

SHEET_SAMPLES = ["2024-putuo-greening", "2024-putuo-health-long-table", "2023-putuo-education-bundle"]
ODS_ONLY = ["2023-shanghai-bdc"]
SCAN = "samples/scanned/2024-putuo-greening-clean300.pdf"


def convert(src: Path, fmt: str, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", fmt, "--outdir", tmp, str(src)],
            check=True, capture_output=True)
        made = Path(tmp) / f"{src.stem}.{fmt}"
        dst = out_dir / made.name
        shutil.copyfile(made, dst)
        return dst


def per_sheet(src: Path, dst: Path) -> None:
    """Each form of `src`'s only sheet (rows between its page breaks) on a sheet of its own."""
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    bounds = list(zip([0] + breaks, breaks + [ws.max_row]))
    out = openpyxl.Workbook()
    notes = out.active
    notes.title = "说明"
    notes["A1"] = "本工作簿每张工作表一张申报表。"
    notes.sheet_state = "hidden"
    for k, (lo, hi) in enumerate(bounds, 1):
        t = out.create_sheet(f"表{k}")
        for col, dim in ws.column_dimensions.items():
            t.column_dimensions[col].width = dim.width
        for row in ws.iter_rows(min_row=lo + 1, max_row=hi):
            for c in row:
                n = t.cell(row=c.row - lo, column=c.column)
                if c.value is not None:
                    n.value = c.value
                    # `=12(次)` is text, not a formula: keep the cell's type.
                    n.data_type = c.data_type
                if c.has_style:
                    n.border = copy(c.border)
                    n.number_format = c.number_format
                    n.alignment = copy(c.alignment)
                    n.font = copy(c.font)
        for m in ws.merged_cells.ranges:
            if m.min_row > lo and m.max_row <= hi:
                t.merge_cells(start_row=m.min_row - lo, start_column=m.min_col,
                              end_row=m.max_row - lo, end_column=m.max_col)
    out.save(dst)


def scan_images(repo: Path, out_dir: Path) -> None:
    pdf = pikepdf.open(repo / SCAN)
    pages = []
    for n, page in enumerate(pdf.pages[:2]):
        (name, img), = page.get_images().items()
        raw = img.read_raw_bytes()
        assert img.Filter == "/DCTDecode", img.Filter
        if n == 0:
            (out_dir / "greening-clean300-p1.jpg").write_bytes(raw)
        pages.append(Image.open(io.BytesIO(raw)).convert("L").point(lambda v: 255 if v >= 160 else 0, "1"))
    pages[0].save(out_dir / "greening-clean300-p1-2-g4.tif", compression="group4",
                  dpi=(300, 300), save_all=True, append_images=pages[1:])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    repo = ap.parse_args().repo
    sheets = repo / "tests/fixtures/sheets"
    images = repo / "tests/fixtures/images"
    sheets.mkdir(parents=True, exist_ok=True)
    images.mkdir(parents=True, exist_ok=True)
    for stem in ODS_ONLY:
        convert(repo / "samples/xlsx" / f"{stem}.xlsx", "ods", sheets)
    for stem in SHEET_SAMPLES:
        src = repo / "samples/xlsx" / f"{stem}.xlsx"
        xls = convert(src, "xls", sheets)
        convert(src, "ods", sheets)
        if stem == "2024-putuo-greening":
            shutil.copyfile(xls, sheets / f"{stem}.et")
    per_sheet(repo / "samples/xlsx/2024-putuo-greening.xlsx", sheets / "2024-putuo-greening-per-sheet.xlsx")
    scan_images(repo, images)


if __name__ == "__main__":
    main()
