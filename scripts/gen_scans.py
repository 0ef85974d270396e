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
                  info: dict) -> tuple[bytes, int, int, str, int]:
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
    angle = skew_for(stem, page)
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

def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default=str(HERE.parent))
    ap.add_argument("--keep-tmp", action="store_true")
    args = ap.parse_args()
    repo = Path(args.repo).resolve()
    samples = repo / "samples"
    outdir = samples / "scanned"
    cdir = outdir / "checked"
    cdir.mkdir(parents=True, exist_ok=True)
    src_records = [json.loads(l) for l in
                   (samples / "checked" / "records.jsonl").read_text(encoding="utf-8")
                   .splitlines() if l]

    tmp = Path(tempfile.mkdtemp(prefix="shenbao-scans-"))
    files = []
    try:
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
    finally:
        if args.keep_tmp:
            print("tmp:", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
