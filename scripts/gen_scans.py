#!/usr/bin/env python3
"""Generate samples/scanned/: scanned-looking and text-layer-broken copies of sample PDFs.

Run through scripts/gen-scans (which installs poppler-utils, the AR PL fonts and a venv
with pinned Pillow + numpy + pikepdf).  It reads the exported samples in samples/ and
their hand-checked records in samples/checked/records.jsonl (both made by
scripts/gen-samples) and writes, for each source PDF in SOURCES and each variant:

  clean300      pdftoppm at 300 dpi, grayscale, slight blur, JPEG quality 60 (a good
                office scanner; quality lowered from ~85 to stay under 10 MB)
  degraded200   200 dpi, a random skew per page (0.4-1.5 degrees either way, never 0),
                off-white paper, slight blur, gaussian noise, RGB JPEG quality 45
  seal          degraded200 (same skews and noise) plus a semi-transparent red round
                official seal (公章) stamped over the table on the first page of each form
  rotated       clean300 with the 2nd page turned 90 degrees clockwise inside a
                landscape page (no /Rotate)
  no-tounicode  not a scan: the exported PDF with every font's /ToUnicode removed

A scanned PDF has one DCTDecode image per page (the JPEG bytes as encoded, passed
through), a MediaBox sized to the image at its dpi, the image filling the page, no
fonts and no text.  Everything is deterministic (seeds derived from file/page names,
pinned libraries, fixed PDF dates and /ID): rerunning gives byte-identical files.

Then it writes samples/scanned/checked/{records.jsonl,projects.csv,indicators.csv}
(the source's records with source_file, source_sha256, method=ocr) and
samples/scanned/README.md.

Usage: gen_scans.py [--repo DIR] [--keep-tmp]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent

# source stem -> variants made from it
SOURCES = {
    "2024-putuo-greening": ["clean300", "degraded200", "seal", "rotated", "no-tounicode"],
    "2024-putuo-health-long-table": ["clean300", "degraded200", "seal", "rotated",
                                     "no-tounicode"],
    "2023-shanghai-bdc": ["no-tounicode"],
}

CLEAN_DPI = 300
CLEAN_QUALITY = 60
CLEAN_BLUR = 0.7                       # px at 300 dpi: scanner optics
DEGRADED_DPI = 200
DEGRADED_QUALITY = 45
PROGRESSIVE = True                     # progressive JPEG (DCTDecode, PDF 1.3+): ~5% smaller
SKEW_MIN, SKEW_MAX = 0.4, 1.5          # |skew| in degrees
PAPER_RGB = (247, 242, 222)            # off-white, slightly yellow
INK_RGB = (28, 26, 30)
NOISE_SIGMA = 4.0                      # gaussian noise, 0-255 scale
BLUR_RADIUS = 0.6                      # px at 200 dpi
SEAL_DIAMETER_CM = 4.0
SEAL_RGB = (218, 36, 46)
SEAL_ALPHA = 0.80
SEAL_FONT = "/usr/share/fonts/truetype/arphic/uming.ttc"   # AR PL UMing CN (index 0)
SIZE_LIMIT = 10 * 1000 * 1000
FIXED_PDF_DATE = "D:20240101000000Z"

from sample_records import pages_csv, to_indicators_csv, to_jsonl, to_projects_csv  # noqa: E402
from scan_codecs import g4_encode, jbig2_embedded, jbig2_file  # noqa: E402


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    p = subprocess.run([str(c) for c in cmd], capture_output=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(map(str, cmd))}\n"
                         f"{p.stderr.decode(errors='replace')}")
    return p


def seed(*parts) -> int:
    return int.from_bytes(hashlib.sha256("/".join(map(str, parts)).encode()).digest()[:8],
                          "big")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render(pdf: Path, dpi: int, tmp: Path, tag: str) -> list[Image.Image]:
    """Grayscale renderings of every page (pdftoppm, anti-aliased)."""
    out = tmp / tag
    out.mkdir()
    run(["pdftoppm", "-r", dpi, "-gray", "-png", pdf, out / "p"])
    files = sorted(out.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    imgs = []
    for f in files:
        with Image.open(f) as im:
            imgs.append(im.convert("L").copy())
    return imgs


def jpeg_bytes(im: Image.Image, quality: int, dpi: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi), optimize=True,
            progressive=PROGRESSIVE)
    return buf.getvalue()


def images_to_pdf(pages: list[tuple[bytes, int, int, str, int]], dst: Path):
    """pages: (jpeg, width_px, height_px, mode, dpi).  One DCTDecode image per page."""
    pdf = pikepdf.new()
    for jpg, w, h, mode, dpi in pages:
        wpt = round(w * 72 / dpi, 3)
        hpt = round(h * 72 / dpi, 3)
        img = pikepdf.Stream(pdf, jpg)          # raw bytes: the JPEG passes through
        img["/Type"] = pikepdf.Name.XObject
        img["/Subtype"] = pikepdf.Name.Image
        img["/Width"] = w
        img["/Height"] = h
        img["/ColorSpace"] = pikepdf.Name.DeviceGray if mode == "L" else \
            pikepdf.Name.DeviceRGB
        img["/BitsPerComponent"] = 8
        img["/Filter"] = pikepdf.Name.DCTDecode
        content = pikepdf.Stream(pdf, f"q {wpt} 0 0 {hpt} 0 0 cm /Im0 Do Q\n".encode())
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=pikepdf.Array([0, 0, wpt, hpt]),
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img)),
            Contents=content,
        )
        pdf.pages.append(pikepdf.Page(page))
    pdf.docinfo["/Producer"] = "shenbao scripts/gen_scans.py"
    pdf.docinfo["/CreationDate"] = FIXED_PDF_DATE
    pdf.docinfo["/ModDate"] = FIXED_PDF_DATE
    pdf.save(dst, deterministic_id=True, compress_streams=True,
             stream_decode_level=pikepdf.StreamDecodeLevel.none)


# --------------------------------------------------------------------------------------
# the seal (公章)
# --------------------------------------------------------------------------------------

def seal_mask(text: str, dpi: int, rng: np.random.Generator, turn: float) -> np.ndarray:
    """Coverage (0..1) of a round official seal: a ring, a five-pointed star in the middle
    and the unit's name along the upper arc, drawn 4x oversampled, turned by `turn`
    degrees, with uneven ink."""
    ss = 4
    d = int(round(SEAL_DIAMETER_CM / 2.54 * dpi)) * ss
    size = d + 8 * ss
    c = size / 2
    im = Image.new("L", (size, size), 0)
    dr = ImageDraw.Draw(im)
    r_out = d / 2
    ring = d * 0.032                                   # ~1.3 mm
    dr.ellipse([c - r_out, c - r_out, c + r_out, c + r_out], fill=255)
    dr.ellipse([c - r_out + ring, c - r_out + ring, c + r_out - ring, c + r_out - ring],
               fill=0)
    # star
    rs, ri = d * 0.17, d * 0.17 * 0.382
    pts = []
    for k in range(10):
        a = math.radians(-90 + 36 * k)
        rr = rs if k % 2 == 0 else ri
        pts.append((c + rr * math.cos(a), c + rr * math.sin(a)))
    dr.polygon(pts, fill=255)
    # text on the arc, upright towards the centre, clockwise from the lower left
    font = ImageFont.truetype(SEAL_FONT, int(d * 0.135), index=0)
    n = len(text)
    span = 250.0 if n > 8 else 30.0 * n
    r_txt = r_out - ring - d * 0.095
    for i, ch in enumerate(text):
        ang = -90 - span / 2 + span * (i + 0.5) / n      # degrees, 0 = east, -90 = north
        box = font.getbbox(ch)
        cw, chh = box[2] - box[0], box[3] - box[1]
        g = Image.new("L", (int(d * 0.2), int(d * 0.2)), 0)
        gd = ImageDraw.Draw(g)
        gd.text(((g.width - cw) / 2 - box[0], (g.height - chh) / 2 - box[1]), ch,
                font=font, fill=255, stroke_width=int(d * 0.004), stroke_fill=255)
        # stretch vertically a little, as seal characters are
        g = g.resize((int(g.width * 0.82), g.height), Image.BICUBIC)
        g = g.rotate(-(ang + 90), resample=Image.BICUBIC, expand=True)
        x = c + r_txt * math.cos(math.radians(ang)) - g.width / 2
        y = c + r_txt * math.sin(math.radians(ang)) - g.height / 2
        im.paste(255, (int(round(x)), int(round(y))), g)
    im = im.rotate(turn, resample=Image.BICUBIC)
    im = im.resize((size // ss, size // ss), Image.LANCZOS)
    m = np.asarray(im, dtype=np.float32) / 255.0
    # uneven ink: low-frequency density plus speckles where the ink did not take
    lo = rng.normal(0, 1, (12, 12)).astype(np.float32)
    lo = np.asarray(Image.fromarray(((lo - lo.min()) / (np.ptp(lo) + 1e-6) * 255)
                                    .astype(np.uint8)).resize(m.shape[::-1],
                                                               Image.BICUBIC),
                    dtype=np.float32) / 255.0
    speck = (rng.random(m.shape) > 0.06).astype(np.float32)
    speck = np.asarray(Image.fromarray((speck * 255).astype(np.uint8))
                       .filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float32) / 255.0
    return np.clip(m * (0.55 + 0.45 * lo) * (0.35 + 0.65 * speck), 0, 1)


def stamp(rgb: np.ndarray, mask: np.ndarray, cx: int, cy: int):
    """Multiply-blend the red seal into rgb (float 0..255, HxWx3) centred at (cx, cy):
    the print under it stays visible, as with real seal ink."""
    h, w = mask.shape
    x0, y0 = cx - w // 2, cy - h // 2
    region = rgb[y0:y0 + h, x0:x0 + w]
    a = (SEAL_ALPHA * mask)[..., None]
    tint = np.array(SEAL_RGB, dtype=np.float32)[None, None, :] / 255.0
    region *= (1 - a) + a * tint


# --------------------------------------------------------------------------------------
# variants
# --------------------------------------------------------------------------------------

def clean_page(gray: Image.Image) -> tuple[bytes, int, int, str, int]:
    gray = gray.filter(ImageFilter.GaussianBlur(CLEAN_BLUR))
    return (jpeg_bytes(gray, CLEAN_QUALITY, CLEAN_DPI), gray.width, gray.height, "L",
            CLEAN_DPI)


def skew_for(stem: str, page: int) -> float:
    rng = np.random.default_rng(seed(stem, "skew", page))
    mag = float(rng.uniform(SKEW_MIN, SKEW_MAX))
    sign = 1 if rng.random() < 0.5 else -1
    return round(sign * mag, 2)


def degraded_page(stem: str, page: int, gray: Image.Image, seal: dict | None,
                  info: dict, angle: float | None = None) -> tuple[bytes, int, int, str, int]:
    rng = np.random.default_rng(seed(stem, "degraded", page))
    h, w = gray.height, gray.width
    v = np.asarray(gray, dtype=np.float32)[..., None] / 255.0       # 1 = paper
    # paper: off-white with a faint low-frequency unevenness
    lo = rng.normal(0, 1, (6, 5)).astype(np.float32)
    lo = np.asarray(Image.fromarray(((lo - lo.min()) / (np.ptp(lo) + 1e-6) * 255)
                                    .astype(np.uint8)).resize((w, h), Image.BICUBIC),
                    dtype=np.float32)[..., None] / 255.0
    paper = np.array(PAPER_RGB, dtype=np.float32)[None, None, :] - 8.0 * lo
    ink = np.array(INK_RGB, dtype=np.float32)[None, None, :]
    rgb = paper * v + ink * (1 - v)
    if seal is not None:
        srng = np.random.default_rng(seed(stem, "seal", page))
        turn = round(float(srng.uniform(-25, 25)), 1)
        mask = seal_mask(seal["text"], DEGRADED_DPI, srng, turn)
        cx = int(round(w * (seal["fx"] + float(srng.uniform(-0.03, 0.03)))))
        cy = int(round(h * (seal["fy"] + float(srng.uniform(-0.02, 0.02)))))
        stamp(rgb, mask, cx, cy)
        info["seal"] = {"cx_mm": round(cx / DEGRADED_DPI * 25.4),
                        "cy_mm": round(cy / DEGRADED_DPI * 25.4),
                        "turn": turn, "text": seal["text"]}
    im = Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8), "RGB")
    angle = skew_for(stem, page) if angle is None else angle
    info["skew"] = angle
    fill = tuple(int(c) for c in PAPER_RGB)
    im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    im = im.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
    a = np.asarray(im, dtype=np.float32)
    noise = rng.normal(0, NOISE_SIGMA, (h, w, 1)).astype(np.float32)      # luminance
    im = Image.fromarray(np.clip(a + noise + 0.5, 0, 255).astype(np.uint8), "RGB")
    return (jpeg_bytes(im, DEGRADED_QUALITY, DEGRADED_DPI), w, h, "RGB", DEGRADED_DPI)


def strip_tounicode(src: Path, dst: Path) -> int:
    n = 0
    with pikepdf.open(src) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" \
                    and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
                n += 1
        pdf.save(dst, deterministic_id=True, compress_streams=True,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return n


# --------------------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------------------











# --------------------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------------------

def check_scan(pdf: Path, expect: list[tuple[bytes, int, int, str, int]]):
    fonts = run(["pdffonts", pdf]).stdout.decode().splitlines()
    if len(fonts) != 2:
        raise SystemExit(f"{pdf}: has fonts:\n" + "\n".join(fonts))
    text = run(["pdftotext", pdf, "-"]).stdout.decode()
    if text.strip("\f\n "):
        raise SystemExit(f"{pdf}: has a text layer: {text[:80]!r}")
    lst = run(["pdfimages", "-list", pdf]).stdout.decode().splitlines()[2:]
    if len(lst) != len(expect):
        raise SystemExit(f"{pdf}: {len(lst)} images for {len(expect)} pages")
    for i, (row, (jpg, w, h, mode, dpi)) in enumerate(zip(lst, expect), 1):
        f = row.split()
        if f[0] != str(i) or f[2] != "image" or f[3] != str(w) or f[4] != str(h) \
                or f[8] != "jpeg":
            raise SystemExit(f"{pdf}: page {i}: unexpected image {row}")
    with pikepdf.open(pdf) as p:
        for i, (page, (jpg, w, h, mode, dpi)) in enumerate(zip(p.pages, expect), 1):
            im = page.Resources.XObject.Im0
            if im.read_raw_bytes() != jpg:
                raise SystemExit(f"{pdf}: page {i}: JPEG bytes were not passed through")
            mb = [float(x) for x in page.MediaBox]
            if abs(mb[2] - w * 72 / dpi) > 0.01 or abs(mb[3] - h * 72 / dpi) > 0.01 \
                    or "/Rotate" in page.obj:
                raise SystemExit(f"{pdf}: page {i}: MediaBox {mb}")


def check_no_tounicode(pdf: Path, records: list[dict]):
    fonts = run(["pdffonts", pdf]).stdout.decode().splitlines()[2:]
    if not fonts:
        raise SystemExit(f"{pdf}: no fonts")
    for row in fonts:
        if row.split()[-3] != "no":
            raise SystemExit(f"{pdf}: a font still has ToUnicode: {row}")
    text = run(["pdftotext", pdf, "-"]).stdout.decode()
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk:
        raise SystemExit(f"{pdf}: text layer still has {cjk} CJK characters")
    for r in records:
        if r["project_name"] in text:
            raise SystemExit(f"{pdf}: project name still extracts")
    return text


# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------

def readme(files: list[dict], records: list[dict], total: int) -> str:
    out = []
    out.append("# Scanned samples\n\n"
               "Generated by `scripts/gen-scans` (`scripts/gen_scans.py`) from the exported\n"
               "samples in `samples/` and their records in `samples/checked/`. Do not edit "
               "by hand:\nchange the script and rerun; it is deterministic (seeds derived "
               "from file and page\nnames, pinned Pillow/numpy/pikepdf, fixed PDF dates and "
               "/ID), so rerunning gives\nbyte-identical files.\n\n"
               "They are for the OCR path: the scans have no text layer at all and the\n"
               "`*-no-tounicode.pdf` copies have a text layer that decodes to Latin-1 "
               "garbage.\n\n")
    out.append("`checked/` holds the expected records (`records.jsonl`, `projects.csv`,\n"
               "`indicators.csv`, same format as `samples/checked/`): for every file, the "
               "records of\nits source PDF with `source_file` = `samples/scanned/<name>.pdf`, "
               "`source_sha256` of\nthe file, `pages` unchanged, `method` = `ocr`, "
               "`warnings` empty. Run the extractor\nfrom the repo root so that "
               "`source_file` matches.\n\n")
    out.append(
        "## Variants\n\n"
        f"- **clean300**: pages rendered with `pdftoppm -r {CLEAN_DPI} -gray` "
        "(anti-aliased), a gaussian blur\n"
        f"  of {CLEAN_BLUR} px for the scanner's optics, grayscale JPEG quality "
        f"{CLEAN_QUALITY}: a good office scanner.\n"
        "  Pages 2481×3508 px, MediaBox 595.44×841.92 pt.\n"
        f"- **degraded200**: rendered at {DEGRADED_DPI} dpi; ink {INK_RGB} on off-white "
        f"paper {PAPER_RGB}\n  with a faint low-frequency unevenness (up to 8 levels "
        "darker); each page rotated (skewed)\n  about its centre by a random angle of "
        f"{SKEW_MIN}–{SKEW_MAX}° either way (bicubic, corners filled with paper;\n"
        "  positive = counter-clockwise as seen, see the table), gaussian blur "
        f"{BLUR_RADIUS} px, gaussian\n  luminance noise σ {NOISE_SIGMA:g} (0–255 scale), "
        f"RGB JPEG quality {DEGRADED_QUALITY} (4:2:0 chroma).\n"
        "  Pages 1654×2339 px, MediaBox 595.44×842.04 pt.\n"
        "- **seal**: the degraded200 pipeline with the same seeds (same skews and noise) "
        "plus, on the\n  first page of each form, a red round official seal (公章) "
        f"{SEAL_DIAMETER_CM:g} cm across: a ring, a\n  five-pointed star and the form's "
        "主管部门 along the upper arc (AR PL UMing CN, emboldened),\n  turned by a random "
        "angle, with uneven ink, multiply-blended in RGB "
        f"{SEAL_RGB} at {SEAL_ALPHA:.0%}\n  opacity so that the print under it stays "
        "visible but partly covered. It is stamped before\n  the skew (it is on the "
        "paper), centred near 70% of the width and 30% of the height (±3% / ±2%):\n"
        "  over the right half of the table, the 年度资金 rows and the top of 年度目标, "
        "partly covering\n  amounts and labels. Pages without a seal are identical to "
        "degraded200's.\n"
        "- **rotated**: clean300, but page 2 is turned 90° clockwise inside the image "
        "(its top is on the\n  right, text lines run top to bottom: turn the image 90° "
        "counter-clockwise to read it) on a\n  landscape page (3508×2481 px, "
        "841.92×595.44 pt), no /Rotate; the other pages are upright.\n"
        "- **no-tounicode**: not a scan: a copy of the exported PDF with every font's "
        "`/ToUnicode` removed\n  (pikepdf). The fonts are simple TrueType subsets with "
        "WinAnsiEncoding, so `pdftotext` gives\n  Latin-1 garbage (no CJK at all): the "
        "pages must be rendered and OCRed.\n\n"
        "Scans: one image per page, a DCTDecode JPEG (progressive, written with Pillow "
        "and passed\nthrough as encoded) with the dpi in its JFIF header, the MediaBox "
        "sized to the image at its\ndpi, the image filling the page, no fonts, no text. "
        f"The JPEG qualities ({CLEAN_QUALITY} and {DEGRADED_QUALITY})\nand the "
        "clean blur are what keeps samples/scanned/ under 10 MB: the forms are dense "
        "text,\nand at quality 85 the 300 dpi pages alone would take about 9 MB.\n\n"
        "The generator checks every scan with `pdffonts` (no fonts), `pdftotext` (no "
        "text), `pdfimages\n-list` (one JPEG per page, of the rendered size) and pikepdf "
        "(image bytes identical to the\nJPEG written, MediaBox, no /Rotate), and every "
        "no-tounicode copy with `pdffonts` (no font\nhas ToUnicode) and `pdftotext` (no "
        "CJK character extracts).\n\n")
    out.append("## Files\n\n| file | source | forms | pages | forms' pages | per page |\n"
               "| --- | --- | --- | --- | --- | --- |\n")
    for f in files:
        recs = [r for r in records if r["source_file"] == f"samples/scanned/{f['name']}"]
        fp = "; ".join(f"{r['form_index']}: {pages_csv(r['pages'])}" for r in recs)
        out.append(f"| `{f['name']}` | `{f['source']}` | {len(recs)} | {f['npages']} | "
                   f"{fp} | {f['notes']} |\n")
    out.append(f"\nIn all: {len(files)} files, {len(records)} records, "
               f"{sum(len(r['indicators']) for r in records)} indicators; "
               f"the PDFs and checked/ take {total} bytes.\n")
    return "".join(out)


def page_notes(infos: list[dict], variant: str) -> str:
    parts = []
    for i, inf in enumerate(infos, 1):
        s = f"p{i}"
        if "skew" in inf:
            s += f" skew {inf['skew']:+.2f}°"
        if "seal" in inf:
            sl = inf["seal"]
            s += (f", seal at {sl['cx_mm']},{sl['cy_mm']} mm from top left, "
                  f"turned {sl['turn']:+.1f}°, {sl['text']}")
        if inf.get("rotated"):
            s += " turned 90° clockwise, landscape"
        parts.append(s)
    return "; ".join(parts)


# --------------------------------------------------------------------------------------
# samples/archive/: what a user's archive is full of (issue 14)
# --------------------------------------------------------------------------------------

# name -> (source stem, variant, pages of the source to use or None for all)
ARCHIVE = {
    "2024-putuo-greening-g4": ("2024-putuo-greening", "g4", None),
    "2024-putuo-greening-jbig2": ("2024-putuo-greening", "jbig2", None),
    "2024-putuo-greening-decode-inverted": ("2024-putuo-greening", "decode-inverted", None),
    "2024-putuo-greening-blackis1": ("2024-putuo-greening", "blackis1", None),
    "2024-putuo-greening-imagemask": ("2024-putuo-greening", "imagemask", None),
    "2024-putuo-greening-mixed": ("2024-putuo-greening", "mixed", [1, 2]),
    "2024-putuo-health-long-table-g4-feed": ("2024-putuo-health-long-table", "g4-feed", None),
    "2024-putuo-health-long-table-feed300": ("2024-putuo-health-long-table", "feed300", None),
    "2024-putuo-health-long-table-feed200": ("2024-putuo-health-long-table", "feed200", None),
    "2024-putuo-health-long-table-feed-turned": ("2024-putuo-health-long-table",
                                                  "feed-turned", None),
    "2024-putuo-greening-goal-to": ("2024-putuo-greening", "goal-to", [1]),
}
# goal-to: the form's 长期目标 reprinted as a goal that opens with 到 and a year,
# the shape a comparator repair once took for a target (≥2027年).
GOAL_TO = ("到2027年，全区公园绿地养护面积达到190万平方米，行道树存活率保持在98%以上，"
           "建成“一园一档、一树一码”的养护台账体系。")
ARCHIVE_SIZE_LIMIT = 8 * 1000 * 1000
BILEVEL_BLUR = 0.8          # px at 300 dpi, before the scanner's threshold
BILEVEL_NOISE = 8.0         # sigma, 0-255
BILEVEL_THRESHOLD = 150     # a scanner's fixed cut: a little on the dark side
DUST_SPECKS = 150           # dust and toner dots per page, 1-3 px across
FEED_SHIFT_MM = (1.0, 4.0)  # |shift| per axis
FEED_SCALE = (0.01, 0.03)   # |scale - 1|
FEED_SKEW = (0.5, 2.0)      # |skew| in degrees


def reprint_goal(pdf: Path, page: Image.Image, old: str, new: str) -> Image.Image:
    """Page 1's rendering with the lines of goal `old` painted out and `new` printed
    in their place: same left edge, line pitch, size and width. The goal's lines are
    the text layer's lines that spell `old` in order from one left edge: a line
    elsewhere on the page that only shares a phrase with it (an indicator's
    `行道树存活率`) is not one, and painting it out would cut the table's rules."""
    out = run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"]).stdout.decode()
    words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out)]
    words.sort(key=lambda w: (w[1], w[0]))
    first = next((w for w in words if len(w[4]) >= 6 and old.startswith(w[4])), None)
    if first is None:
        raise SystemExit(f"{pdf}: the goal's first line was not found")
    lines, spelled = [], ""
    for w in words:
        if w[1] >= first[1] and abs(w[0] - first[0]) < 1 and old.startswith(spelled + w[4]):
            lines.append(w)
            spelled += w[4]
    if spelled != old or len(lines) < 2:
        raise SystemExit(f"{pdf}: the goal's lines spell {spelled!r}, not the goal")
    k = CLEAN_DPI / 72
    x0, y0 = min(w[0] for w in lines), lines[0][1]
    x1, y1 = max(w[2] for w in lines), lines[-1][3]
    tops = sorted({round(w[1], 1) for w in lines})
    pitch = sorted(b - a for a, b in zip(tops, tops[1:]))[0]
    size = lines[0][3] - lines[0][1]
    im = page.copy()
    draw = ImageDraw.Draw(im)
    draw.rectangle([x0 * k - 1, y0 * k - 1, x1 * k + 1, y1 * k + 1], fill=255)
    # UMing's em is the box's height less the text layer's line gap.
    font = ImageFont.truetype(SEAL_FONT, round(size * 0.78 * k), index=0)
    row, y = "", y0
    for c in new + "\n":
        if c != "\n" and draw.textlength(row + c, font=font) <= (x1 - x0) * k:
            row += c
            continue
        draw.text((x0 * k, y * k), row, font=font, fill=0)
        row, y = c.strip(), y + pitch
    if y - pitch > y1 + pitch:
        raise SystemExit(f"{pdf}: the new goal does not fit its cell")
    return im


def feed_for(stem: str, variant: str, page: int) -> dict:
    """How the scanner fed one sheet: shifted, scaled and skewed, each page its own."""
    rng = np.random.default_rng(seed(stem, variant, "feed", page))
    sign = lambda: 1 if rng.random() < 0.5 else -1            # noqa: E731
    return {"dx_mm": round(sign() * float(rng.uniform(*FEED_SHIFT_MM)), 1),
            "dy_mm": round(sign() * float(rng.uniform(*FEED_SHIFT_MM)), 1),
            "scale": round(1 + sign() * float(rng.uniform(*FEED_SCALE)), 3),
            "skew": round(sign() * float(rng.uniform(*FEED_SKEW)), 2)}


def apply_feed(im: Image.Image, dpi: int, f: dict, fill) -> Image.Image:
    """The sheet moved by (dx, dy), scaled by `scale` and turned by `skew` degrees
    (counter-clockwise as seen) about the page centre; the scanner's window stays put."""
    w, h = im.size
    cx, cy = w / 2, h / 2
    dx, dy = f["dx_mm"] / 25.4 * dpi, f["dy_mm"] / 25.4 * dpi
    a = math.radians(f["skew"])
    s = f["scale"]
    # output pixel u -> source pixel: R(-a)(u - c - d) / s + c  (y down: CCW as seen
    # is a negative angle in pixel coordinates)
    c_, s_ = math.cos(a), math.sin(a)
    m = [c_ / s, -s_ / s, 0.0, s_ / s, c_ / s, 0.0]
    ox, oy = -cx - dx, -cy - dy
    m[2] = m[0] * ox + m[1] * oy + cx
    m[5] = m[3] * ox + m[4] * oy + cy
    return im.transform((w, h), Image.AFFINE, m, resample=Image.BICUBIC, fillcolor=fill)


def bilevel(gray: Image.Image, rng: np.random.Generator) -> np.ndarray:
    """A 1-bit scan of a grey page: the scanner's optics blur it, sensor noise, a fixed
    threshold, then dust and toner specks. True = ink."""
    g = gray.filter(ImageFilter.GaussianBlur(BILEVEL_BLUR))
    v = np.asarray(g, dtype=np.float32)
    v = v + rng.normal(0, BILEVEL_NOISE, v.shape).astype(np.float32)
    ink = v < BILEVEL_THRESHOLD
    h, w = ink.shape
    yy, xx = np.mgrid[-2:3, -2:3]
    for _ in range(DUST_SPECKS):
        y, x = int(rng.integers(2, h - 2)), int(rng.integers(2, w - 2))
        r = float(rng.uniform(0.5, 1.6))
        ink[y - 2:y + 3, x - 2:x + 3] |= (xx * xx + yy * yy) <= r * r
    return ink


def bilevel_page(ink: np.ndarray, variant: str, dpi: int) -> dict:
    """One page's image XObject entries and data for a bilevel variant."""
    h, w = ink.shape
    fax = {"/K": -1, "/Columns": w, "/Rows": h}
    if variant in ("g4", "g4-feed"):
        return {"data": g4_encode(ink), "filter": "/CCITTFaxDecode", "parms": fax}
    if variant == "jbig2":
        data = jbig2_embedded(ink, dpi)
        return {"data": data, "filter": "/JBIG2Decode", "parms": None, "jbig2": data}
    if variant == "decode-inverted":
        # The negative coded, put right by the image's /Decode [1 0].
        return {"data": g4_encode(~ink), "filter": "/CCITTFaxDecode", "parms": fax,
                "decode": [1, 0]}
    if variant == "blackis1":
        # Ink decodes to 1 (BlackIs1), which /Decode [1 0] shows black.
        return {"data": g4_encode(ink), "filter": "/CCITTFaxDecode",
                "parms": dict(fax, **{"/BlackIs1": True}), "decode": [1, 0]}
    if variant == "imagemask":
        # A stencil: ink (sample 0) painted in the fill colour, paper left unpainted.
        return {"data": g4_encode(ink), "filter": "/CCITTFaxDecode", "parms": fax,
                "mask": True}
    raise SystemExit(f"unknown bilevel variant {variant}")


def bilevel_pdf(pages: list[tuple[dict, int, int, int]], dst: Path):
    """pages: (image entries, width px, height px, dpi): one 1-bit image per page."""
    pdf = pikepdf.new()
    for e, w, h, dpi in pages:
        wpt, hpt = round(w * 72 / dpi, 3), round(h * 72 / dpi, 3)
        img = pikepdf.Stream(pdf, e["data"])
        img["/Type"] = pikepdf.Name.XObject
        img["/Subtype"] = pikepdf.Name.Image
        img["/Width"] = w
        img["/Height"] = h
        img["/BitsPerComponent"] = 1
        if e.get("mask"):
            img["/ImageMask"] = True
        else:
            img["/ColorSpace"] = pikepdf.Name.DeviceGray
        img["/Filter"] = pikepdf.Name(e["filter"])
        if e.get("parms"):
            img["/DecodeParms"] = pikepdf.Dictionary(e["parms"])
        if e.get("decode"):
            img["/Decode"] = pikepdf.Array(e["decode"])
        content = pikepdf.Stream(pdf, f"q 0 g {wpt} 0 0 {hpt} 0 0 cm /Im0 Do Q\n".encode())
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=pikepdf.Array([0, 0, wpt, hpt]),
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img)),
            Contents=content,
        )
        pdf.pages.append(pikepdf.Page(page))
    pdf.docinfo["/Producer"] = "shenbao scripts/gen_scans.py"
    pdf.docinfo["/CreationDate"] = FIXED_PDF_DATE
    pdf.docinfo["/ModDate"] = FIXED_PDF_DATE
    pdf.save(dst, deterministic_id=True, compress_streams=True,
             stream_decode_level=pikepdf.StreamDecodeLevel.none)


def check_bilevel(pdf: Path, inks: list[np.ndarray], pages: list, tmp: Path):
    """Every page decodes (poppler; jbig2dec for JBIG2) to the bits written, and
    renders dark on light (the polarity variants are put right by their PDF entries)."""
    fonts = run(["pdffonts", pdf]).stdout.decode().splitlines()
    if len(fonts) != 2:
        raise SystemExit(f"{pdf}: has fonts")
    if run(["pdftotext", pdf, "-"]).stdout.decode().strip("\f\n "):
        raise SystemExit(f"{pdf}: has a text layer")
    out = tmp / f"chk-{pdf.stem}"
    out.mkdir()
    for i, (ink, (e, w, h, dpi)) in enumerate(zip(inks, pages), 1):
        if "jbig2" in e:
            jb = out / f"p{i}.jb2"
            jb.write_bytes(jbig2_file(e["jbig2"]))
            run(["jbig2dec", "-t", "pbm", "-o", out / f"p{i}.pbm", jb])
            with Image.open(out / f"p{i}.pbm") as im:
                got = np.asarray(im.convert("L")) < 128
            if got.shape != ink.shape or (got != ink).any():
                raise SystemExit(f"{pdf}: page {i}: jbig2dec decodes other bits")
        run(["pdftoppm", "-r", "50", "-gray", "-png", "-f", i, "-l", i, "-singlefile",
             pdf, out / f"r{i}"])
        with Image.open(out / f"r{i}.png") as im:
            mean = float(np.asarray(im.convert("L"), dtype=np.float32).mean())
        if mean < 200:
            raise SystemExit(f"{pdf}: page {i} renders dark (mean {mean:.0f}): inverted")
    if not any(e.get("decode") or e.get("mask") for e, *_ in pages):
        run(["pdfimages", "-png", pdf, out / "x"])
        for i, ink in enumerate(inks, 1):
            with Image.open(out / f"x-{i - 1:03d}.png") as im:
                got = np.asarray(im.convert("L")) < 128
            if (got != ink).any():
                raise SystemExit(f"{pdf}: page {i}: poppler decodes other bits")


def font_codes(pdf: pikepdf.Pdf, font: pikepdf.Dictionary) -> dict[str, int]:
    """Character -> one-byte code of a simple font, from its /ToUnicode CMap."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    out: dict[str, int] = {}
    for block in cmap.split("beginbfchar")[1:]:
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>",
                                   block.split("endbfchar")[0]):
            out.setdefault(bytes.fromhex(dst).decode("utf-16-be"), int(src, 16))
    for block in cmap.split("beginbfrange")[1:]:
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>",
                                      block.split("endbfrange")[0]):
            base = int(dst, 16)
            for k in range(int(lo, 16), int(hi, 16) + 1):
                out.setdefault(chr(base + k - int(lo, 16)), k)
    return out


MIXED_HEADING = "项目支出绩效目标申报表"


def mixed_pdf(src: Path, scan: Image.Image, dst: Path) -> dict:
    """Page 1 of `src` as exported (a form in its text layer), then a page as a Word
    export with a scan pasted in: a heading in the text layer (the source's own font)
    and the scan of the source's page 2 as a large image under it."""
    pdf = pikepdf.open(src)
    out = pikepdf.new()
    out.pages.append(pdf.pages[0])
    font_ref = None
    codes: dict[str, int] = {}
    for name, f in pdf.pages[0].Resources.Font.items():
        c = font_codes(pdf, f)
        if all(ch in c for ch in MIXED_HEADING):
            font_ref, codes = f, c
            break
    if font_ref is None:
        raise SystemExit(f"{src}: no font holds {MIXED_HEADING}")
    font = out.copy_foreign(font_ref)
    jpg = jpeg_bytes(scan, CLEAN_QUALITY, CLEAN_DPI)
    img = pikepdf.Stream(out, jpg)
    img["/Type"] = pikepdf.Name.XObject
    img["/Subtype"] = pikepdf.Name.Image
    img["/Width"] = scan.width
    img["/Height"] = scan.height
    img["/ColorSpace"] = pikepdf.Name.DeviceGray
    img["/BitsPerComponent"] = 8
    img["/Filter"] = pikepdf.Name.DCTDecode
    pw, ph = 595.32, 841.92
    iw = 500.0
    ih = round(iw * scan.height / scan.width, 2)
    ix, iy = round((pw - iw) / 2, 2), 40.0
    text = "".join(f"{codes[ch]:02x}" for ch in MIXED_HEADING)
    content = (f"BT /F1 16 Tf 1 0 0 1 {ix} {ph - 52} Tm <{text}> Tj ET\n"
               f"q {iw} 0 0 {ih} {ix} {iy} cm /Im0 Do Q\n").encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, pw, ph]),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img),
                                     Font=pikepdf.Dictionary(F1=font)),
        Contents=pikepdf.Stream(out, content),
    )
    out.pages.append(pikepdf.Page(page))
    out.docinfo["/Producer"] = "shenbao scripts/gen_scans.py"
    out.docinfo["/CreationDate"] = FIXED_PDF_DATE
    out.docinfo["/ModDate"] = FIXED_PDF_DATE
    out.save(dst, deterministic_id=True, compress_streams=True)
    got = run(["pdftotext", "-f", "2", "-l", "2", dst, "-"]).stdout.decode()
    if MIXED_HEADING not in got or len(got.strip()) > len(MIXED_HEADING) + 2:
        raise SystemExit(f"{dst}: page 2's text layer is {got!r}")
    return {"image_pt": [ix, round(ph - iy - ih, 2), ix + iw, round(ph - iy, 2)]}


def gen_archive(repo: Path, src_records: list[dict], tmp: Path):
    samples = repo / "samples"
    outdir = samples / "archive"
    cdir = outdir / "checked"
    cdir.mkdir(parents=True, exist_ok=True)
    renders: dict[tuple[str, int], list[Image.Image]] = {}

    def pages_of(stem: str, dpi: int) -> list[Image.Image]:
        if (stem, dpi) not in renders:
            renders[(stem, dpi)] = render(samples / f"{stem}.pdf", dpi, tmp,
                                          f"archive-{stem}-{dpi}")
        return renders[(stem, dpi)]

    files = []
    for name, (stem, variant, use) in ARCHIVE.items():
        dst = outdir / f"{name}.pdf"
        recs = [r for r in src_records if r["source_file"] == f"samples/{stem}.pdf"]
        if use is not None:
            recs = [r for r in recs if set(r["pages"]) <= set(use)]
        notes: list[str] = []
        method = {}
        if variant == "mixed":
            scan = pages_of(stem, CLEAN_DPI)[1].filter(ImageFilter.GaussianBlur(CLEAN_BLUR))
            info = mixed_pdf(samples / f"{stem}.pdf", scan, dst)
            npages = 2
            notes.append(f"p1 as exported (text layer); p2 a heading in the text layer "
                         f"and the 300 dpi gray scan of the source's p2 at "
                         f"{info['image_pt']} pt")
            method = {r["form_index"]: ("mixed" if 2 in r["pages"] else "text")
                      for r in recs}
        elif variant == "goal-to":
            page = reprint_goal(samples / f"{stem}.pdf", pages_of(stem, CLEAN_DPI)[0],
                                recs[0]["overall_goal"], GOAL_TO)
            recs = [dict(r, overall_goal=GOAL_TO) if r["form_index"] == 0 else r
                    for r in recs]
            pages = [clean_page(page)]
            images_to_pdf(pages, dst)
            check_scan(dst, pages)
            npages = 1
            notes.append("as clean300, page 1 only; 长期目标 reprinted (AR PL UMing) as "
                         f"`{GOAL_TO[:12]}…`")
        elif variant.startswith("feed"):
            dpi = DEGRADED_DPI if variant == "feed200" else CLEAN_DPI
            pages = []
            for i, g in enumerate(pages_of(stem, dpi), 1):
                f = feed_for(stem, variant, i)
                inf: dict = {}
                if variant == "feed200":
                    # the feed skews the sheet: no second skew
                    fed = apply_feed(g, dpi, f, 255)
                    jpg, w, h, mode, d = degraded_page(name, i, fed, None, inf, angle=0.0)
                    pages.append((jpg, w, h, mode, d))
                else:
                    im = apply_feed(g, dpi, f, 255)
                    if variant == "feed-turned" and i == 2:
                        im = im.transpose(Image.Transpose.ROTATE_270)
                        f = dict(f, turned=True)
                    pages.append(clean_page(im))
                notes.append(f"p{i} shift {f['dx_mm']:+.1f},{f['dy_mm']:+.1f} mm, scale "
                             f"{f['scale']:.3f}, skew {f['skew']:+.2f}°"
                             + (", turned 90° clockwise, landscape" if f.get("turned")
                                else ""))
            images_to_pdf(pages, dst)
            check_scan(dst, pages)
            npages = len(pages)
        else:
            pages, inks = [], []
            for i, g in enumerate(pages_of(stem, CLEAN_DPI), 1):
                rng = np.random.default_rng(seed(name, "bilevel", i))
                if variant == "g4-feed":
                    f = feed_for(stem, variant, i)
                    g = apply_feed(g, CLEAN_DPI, f, 255)
                    notes.append(f"p{i} shift {f['dx_mm']:+.1f},{f['dy_mm']:+.1f} mm, "
                                 f"scale {f['scale']:.3f}, skew {f['skew']:+.2f}°")
                ink = bilevel(g, rng)
                inks.append(ink)
                pages.append((bilevel_page(ink, variant, CLEAN_DPI), g.width, g.height,
                              CLEAN_DPI))
            bilevel_pdf(pages, dst)
            check_bilevel(dst, inks, pages, tmp)
            npages = len(pages)
        files.append({"name": f"{name}.pdf", "source": f"samples/{stem}.pdf",
                      "variant": variant, "npages": npages, "notes": "; ".join(notes),
                      "recs": recs, "method": method})
        print(f"samples/archive/{name}.pdf: {npages} pages, {dst.stat().st_size} bytes")

    records = []
    for f in sorted(files, key=lambda f: f["name"]):
        sf = f"samples/archive/{f['name']}"
        sha = sha256(outdir / f["name"])
        for r in sorted(f["recs"], key=lambda r: r["form_index"]):
            nr = dict(r)
            nr.update(source_file=sf, source_sha256=sha,
                      method=f["method"].get(r["form_index"], "ocr"), warnings=[])
            records.append(nr)
    (cdir / "records.jsonl").write_text(to_jsonl(records), encoding="utf-8")
    (cdir / "projects.csv").write_text(to_projects_csv(records), encoding="utf-8")
    (cdir / "indicators.csv").write_text(to_indicators_csv(records), encoding="utf-8")
    keep = {f["name"] for f in files}
    for p in outdir.glob("*.pdf"):
        if p.name not in keep:
            p.unlink()
    readme_path = outdir / "README.md"
    readme_path.write_text(archive_readme(files, records), encoding="utf-8")
    total = sum(p.stat().st_size for p in outdir.rglob("*") if p.is_file())
    if total > ARCHIVE_SIZE_LIMIT:
        raise SystemExit(f"samples/archive/ is {total} bytes, over {ARCHIVE_SIZE_LIMIT}")
    print(f"samples/archive: {len(files)} files, {len(records)} records, {total} bytes")


def archive_readme(files: list[dict], records: list[dict]) -> str:
    out = ["# Archive samples\n\n"
           "What a user's archive is full of and `samples/scanned/` does not hold (issue 14):\n"
           "bilevel scans in each way PDFs carry them, sheets the scanner fed differently\n"
           "page by page (an indicator table continuing over them), and a page that is a\n"
           "Word export with a scan pasted in. Generated by `scripts/gen-scans` "
           "(`gen_archive` in\n`scripts/gen_scans.py`, codecs in `scripts/scan_codecs.py`); "
           "deterministic, do not edit.\n\n"
           "`checked/` holds the expected records: the source's records with `source_file`,\n"
           "`source_sha256`, `method` (`ocr`; `text` and `mixed` for the mixed file's two "
           "forms) and\n`warnings` empty.\n\n"
           "## Variants\n\n"
           f"- **bilevel** (g4, jbig2, decode-inverted, blackis1, imagemask, g4-feed): the "
           f"{CLEAN_DPI} dpi gray render\n  blurred {BILEVEL_BLUR} px, noise σ "
           f"{BILEVEL_NOISE:g}, cut at {BILEVEL_THRESHOLD} (a scanner's fixed threshold), "
           f"{DUST_SPECKS} dust\n  specks of 1–3 px a page; one 1-bit image a page:\n"
           "  - `g4`: /CCITTFaxDecode K -1 (Pillow's libtiff G4), BlackIs1 false, no "
           "/Decode;\n"
           "  - `jbig2`: /JBIG2Decode, one immediate generic region, MQ arithmetic coding, "
           "template 0,\n    typical prediction (what jbig2enc writes without -s); checked "
           "with jbig2dec;\n"
           "  - `decode-inverted`: the negative G4-coded, `/Decode [1 0]`;\n"
           "  - `blackis1`: G4 with `/BlackIs1 true` and `/Decode [1 0]`;\n"
           "  - `imagemask`: the G4 image as a stencil (`/ImageMask true`) painted black;\n"
           "  - `g4-feed`: G4 of pages fed as below.\n"
           f"- **feed** (feed300, feed200, feed-turned, g4-feed): each sheet shifted "
           f"{FEED_SHIFT_MM[0]:g}–{FEED_SHIFT_MM[1]:g} mm per axis,\n"
           f"  scaled by {FEED_SCALE[0]:.0%}–{FEED_SCALE[1]:.0%} and skewed "
           f"{FEED_SKEW[0]:g}–{FEED_SKEW[1]:g}° either way, each page its own (see the "
           "table); feed300 as\n  clean300, feed200 as degraded200 (no further skew), "
           "feed-turned as feed300 with page 2\n  also turned 90° clockwise on a landscape "
           "page.\n"
           "- **goal-to**: page 1 as clean300 with its 长期目标 reprinted as a goal that "
           "opens with\n  `到2027年，` (no comparator may be read into it).\n"
           "- **mixed**: page 1 as exported; page 2 a text-layer heading "
           f"(`{MIXED_HEADING}`, the source's own\n  font) over a {CLEAN_DPI} dpi gray JPEG "
           "scan of the source's page 2, 500 pt wide.\n\n"
           "## Files\n\n| file | variant | forms | pages | forms' pages | per page |\n"
           "| --- | --- | --- | --- | --- | --- |\n"]
    for f in sorted(files, key=lambda f: f["name"]):
        recs = [r for r in records if r["source_file"] == f"samples/archive/{f['name']}"]
        fp = "; ".join(f"{r['form_index']}: {pages_csv(r['pages'])}" for r in recs)
        out.append(f"| `{f['name']}` | {f['variant']} | {len(recs)} | {f['npages']} | "
                   f"{fp} | {f['notes']} |\n")
    out.append(f"\nIn all: {len(files)} files, {len(records)} records, "
               f"{sum(len(r['indicators']) for r in records)} indicators.\n")
    return "".join(out)


# --------------------------------------------------------------------------------------

def gen_scanned(repo: Path, src_records: list[dict], tmp: Path):
    samples = repo / "samples"
    outdir = samples / "scanned"
    cdir = outdir / "checked"
    cdir.mkdir(parents=True, exist_ok=True)
    files = []
    for stem, variants in SOURCES.items():
        src = samples / f"{stem}.pdf"
        recs = [r for r in src_records if r["source_file"] == f"samples/{stem}.pdf"]
        if not recs:
            raise SystemExit(f"no records for samples/{stem}.pdf")
        first_pages = {r["pages"][0]: r for r in recs}
        need_scan = any(v != "no-tounicode" for v in variants)
        if need_scan:
            g300 = render(src, CLEAN_DPI, tmp, f"{stem}-300")
            g200 = render(src, DEGRADED_DPI, tmp, f"{stem}-200")
        for variant in variants:
            name = f"{stem}-{variant}.pdf"
            dst = outdir / name
            infos: list[dict] = []
            if variant == "no-tounicode":
                n = strip_tounicode(src, dst)
                check_no_tounicode(dst, recs)
                with pikepdf.open(dst) as p:
                    npages = len(p.pages)
                notes = f"{n} fonts' /ToUnicode removed"
            else:
                pages = []
                for i in range(len(g300 if variant in ("clean300", "rotated")
                                   else g200)):
                    pg = i + 1
                    inf: dict = {}
                    if variant == "clean300":
                        pages.append(clean_page(g300[i]))
                    elif variant == "rotated":
                        im = g300[i]
                        if pg == 2:
                            im = im.transpose(Image.Transpose.ROTATE_270)
                            inf["rotated"] = True
                        pages.append(clean_page(im))
                    else:
                        seal = None
                        if variant == "seal" and pg in first_pages:
                            seal = {"text": first_pages[pg]["department"],
                                    "fx": 0.70, "fy": 0.30}
                        pages.append(degraded_page(stem, pg, g200[i], seal, inf))
                    infos.append(inf)
                images_to_pdf(pages, dst)
                check_scan(dst, pages)
                npages = len(pages)
                notes = page_notes(infos, variant)
                if variant == "clean300":
                    notes = f"{CLEAN_DPI} dpi gray, q{CLEAN_QUALITY}"
                elif variant == "rotated":
                    notes = f"{CLEAN_DPI} dpi gray, q{CLEAN_QUALITY}; " + notes.split(
                        "; ")[1]
                else:
                    notes = f"{DEGRADED_DPI} dpi RGB, q{DEGRADED_QUALITY}; " + notes
            files.append({"name": name, "source": f"samples/{stem}.pdf",
                          "npages": npages, "notes": notes, "infos": infos,
                          "recs": recs})
            print(f"samples/scanned/{name}: {npages} pages, {dst.stat().st_size} bytes"
                  + (f"; {notes}" if notes else ""))

    files.sort(key=lambda f: f"samples/scanned/{f['name']}")
    records = []
    for f in files:
        sf = f"samples/scanned/{f['name']}"
        sha = sha256(outdir / f["name"])
        for r in sorted(f["recs"], key=lambda r: r["form_index"]):
            nr = dict(r)
            nr.update(source_file=sf, source_sha256=sha, method="ocr", warnings=[])
            records.append(nr)
    (cdir / "records.jsonl").write_text(to_jsonl(records), encoding="utf-8")
    (cdir / "projects.csv").write_text(to_projects_csv(records), encoding="utf-8")
    (cdir / "indicators.csv").write_text(to_indicators_csv(records), encoding="utf-8")

    keep = {f["name"] for f in files}
    for p in outdir.glob("*.pdf"):
        if p.name not in keep:
            print(f"removing stale {p.relative_to(repo)}")
            p.unlink()
    readme_path = outdir / "README.md"
    data_bytes = sum(p.stat().st_size for p in outdir.rglob("*")
                     if p.is_file() and p != readme_path)
    readme_path.write_text(readme(files, records, data_bytes), encoding="utf-8")
    total = sum(p.stat().st_size for p in outdir.rglob("*") if p.is_file())
    if total > SIZE_LIMIT:
        raise SystemExit(f"samples/scanned/ is {total} bytes, over {SIZE_LIMIT}")
    print(f"{len(files)} files, {len(records)} records, "
          f"{sum(len(r['indicators']) for r in records)} indicators; "
          f"samples/scanned/ {total} bytes")


# --------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default=str(HERE.parent))
    ap.add_argument("--keep-tmp", action="store_true")
    ap.add_argument("--only", choices=["scanned", "archive"],
                    help="write only samples/scanned/ or only samples/archive/")
    args = ap.parse_args()
    repo = Path(args.repo).resolve()
    samples = repo / "samples"
    src_records = [json.loads(l) for l in
                   (samples / "checked" / "records.jsonl").read_text(encoding="utf-8")
                   .splitlines() if l]

    tmp = Path(tempfile.mkdtemp(prefix="shenbao-scans-"))
    try:
        if args.only != "archive":
            gen_scanned(repo, src_records, tmp)
        if args.only != "scanned":
            gen_archive(repo, src_records, tmp)
    finally:
        if args.keep_tmp:
            print("tmp:", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
