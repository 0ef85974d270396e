"""Bilevel image codecs for the scanned samples: CCITT G4 (through Pillow's libtiff) and
JBIG2 generic-region coding with the MQ arithmetic coder (written here: no encoder is
packaged for Debian bookworm or PyPI), as office scanners and archive software write
1-bit pages into PDFs.

Images are numpy bool arrays, True = ink.  The generator checks every stream it writes
against independent decoders (poppler renders the PDF, jbig2dec decodes the JBIG2).
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


# --------------------------------------------------------------------------------------
# CCITT G4
# --------------------------------------------------------------------------------------

def g4_encode(ink: np.ndarray) -> bytes:
    """The CCITT T.6 (G4) data of `ink`, coding ink as the fax "black" runs (what a PDF
    /CCITTFaxDecode with K -1 and BlackIs1 false decodes to sample 0 for ink)."""
    # Pillow writes mode "1" as MinIsBlack, and libtiff codes its 1 bits (Pillow's
    # white) as fax black: hand it the negative.  (Checked with pdfimages.)
    im = Image.fromarray(np.where(ink, 255, 0).astype(np.uint8), "L").convert("1")
    buf = io.BytesIO()
    im.save(buf, "TIFF", compression="group4", strip_size=1 << 30)
    buf.seek(0)
    with Image.open(buf) as t:
        offsets = t.tag_v2[273]
        counts = t.tag_v2[279]
        if len(offsets) != 1:
            raise SystemExit(f"G4: {len(offsets)} strips, want one")
    return buf.getvalue()[offsets[0]:offsets[0] + counts[0]]


# --------------------------------------------------------------------------------------
# JBIG2: MQ coder (T.88 Annex E) and a generic region (6.2), template 0, TPGDON
# --------------------------------------------------------------------------------------

# (Qe, NMPS, NLPS, SWITCH)
QE = [
    (0x5601, 1, 1, 1), (0x3401, 2, 6, 0), (0x1801, 3, 9, 0), (0x0AC1, 4, 12, 0),
    (0x0521, 5, 29, 0), (0x0221, 38, 33, 0), (0x5601, 7, 6, 1), (0x5401, 8, 14, 0),
    (0x4801, 9, 14, 0), (0x3801, 10, 14, 0), (0x3001, 11, 17, 0), (0x2401, 12, 18, 0),
    (0x1C01, 13, 20, 0), (0x1601, 29, 21, 0), (0x5601, 15, 14, 1), (0x5401, 16, 14, 0),
    (0x5101, 17, 15, 0), (0x4801, 18, 16, 0), (0x3801, 19, 17, 0), (0x3401, 20, 18, 0),
    (0x3001, 21, 19, 0), (0x2801, 22, 19, 0), (0x2401, 23, 20, 0), (0x2201, 24, 21, 0),
    (0x1C01, 25, 22, 0), (0x1801, 26, 23, 0), (0x1601, 27, 24, 0), (0x1401, 28, 25, 0),
    (0x1201, 29, 26, 0), (0x1101, 30, 27, 0), (0x0AC1, 31, 28, 0), (0x09C1, 32, 29, 0),
    (0x08A1, 33, 30, 0), (0x0521, 34, 31, 0), (0x0441, 35, 32, 0), (0x02A1, 36, 33, 0),
    (0x0221, 37, 34, 0), (0x0141, 38, 35, 0), (0x0111, 39, 36, 0), (0x0085, 40, 37, 0),
    (0x0049, 41, 38, 0), (0x0025, 42, 39, 0), (0x0015, 43, 40, 0), (0x0009, 44, 41, 0),
    (0x0005, 45, 42, 0), (0x0001, 45, 43, 0), (0x5601, 46, 46, 0),
]


class MQEncoder:
    def __init__(self, contexts: int):
        self.index = [0] * contexts
        self.mps = [0] * contexts
        self.a = 0x8000
        self.c = 0
        self.ct = 12
        self.out = bytearray([0])       # out[-1] is B; out[0] (BPST - 1) is dropped

    def _byteout(self):
        out = self.out
        if out[-1] == 0xFF:
            out.append((self.c >> 20) & 0xFF)
            self.c &= 0xFFFFF
            self.ct = 7
        elif self.c < 0x8000000:
            out.append((self.c >> 19) & 0xFF)
            self.c &= 0x7FFFF
            self.ct = 8
        else:
            out[-1] += 1
            if out[-1] == 0xFF:
                self.c &= 0x7FFFFFF
                out.append((self.c >> 20) & 0xFF)
                self.c &= 0xFFFFF
                self.ct = 7
            else:
                out.append((self.c >> 19) & 0xFF)
                self.c &= 0x7FFFF
                self.ct = 8

    def encode(self, cx: int, d: int):
        i = self.index[cx]
        qe, nmps, nlps, switch = QE[i]
        a = self.a - qe
        if d == self.mps[cx]:
            if a & 0x8000:
                self.a = a
                self.c += qe
                return
            if a < qe:
                a = qe
            else:
                self.c += qe
            self.index[cx] = nmps
        else:
            if a < qe:
                self.c += qe
            else:
                a = qe
            if switch:
                self.mps[cx] = 1 - self.mps[cx]
            self.index[cx] = nlps
        # RENORME
        c, ct = self.c, self.ct
        while True:
            a <<= 1
            c <<= 1
            ct -= 1
            if ct == 0:
                self.c = c
                self._byteout()
                c, ct = self.c, self.ct
            if a & 0x8000:
                break
        self.a, self.c, self.ct = a, c, ct

    def finish(self) -> bytes:
        tempc = self.c + self.a
        self.c |= 0xFFFF
        if self.c >= tempc:
            self.c -= 0x8000
        self.c <<= self.ct
        self._byteout()
        self.c <<= self.ct
        self._byteout()
        if self.out[-1] != 0xFF:
            self.out.append(0xFF)
        self.out.append(0xAC)
        return bytes(self.out[1:])


# Template 0 with its nominal adaptive pixels A1 (3,-1), A2 (-3,-1), A3 (2,-2),
# A4 (-2,-2); the context's bits in row-major order, first pixel most significant
# (the order the reference decoders use, which the TPGDON context 0x9B25 assumes).
TEMPLATE0 = sorted([(-1, -2), (0, -2), (1, -2), (-2, -1), (-1, -1), (0, -1), (1, -1),
                    (2, -1), (-4, 0), (-3, 0), (-2, 0), (-1, 0),
                    (3, -1), (-3, -1), (2, -2), (-2, -2)], key=lambda p: (p[1], p[0]))
AT0 = [(3, -1), (-3, -1), (2, -2), (-2, -2)]
SLTP_CX0 = 0x9B25


def generic_region_mq(ink: np.ndarray) -> bytes:
    """The arithmetic-coded generic region data of `ink` (1 = black, JBIG2's
    convention), template 0, typical prediction on."""
    h, w = ink.shape
    img = ink.astype(np.uint32)
    pad = np.zeros((h + 2, w + 8), np.uint32)
    pad[2:, 4:4 + w] = img
    ctx = np.zeros((h, w), np.uint32)
    for dx, dy in TEMPLATE0:
        ctx = (ctx << 1) | pad[2 + dy:2 + dy + h, 4 + dx:4 + dx + w]
    enc = MQEncoder(1 << 16)
    encode = enc.encode
    ltp = 0
    prev = np.zeros(w, bool)
    for y in range(h):
        row = ink[y]
        same = bool(np.array_equal(row, prev))
        # SLTP: 1 when this row's "typical" state flips (it equals the row above).
        sltp = int(same) ^ ltp
        encode(SLTP_CX0, sltp)
        ltp ^= sltp
        prev = row
        if ltp:
            continue
        cs = ctx[y].tolist()
        bits = row.tolist()
        for x in range(w):
            encode(cs[x], 1 if bits[x] else 0)
    return enc.finish()


def _segment(number: int, seg_type: int, data: bytes, page: int = 1) -> bytes:
    return (number.to_bytes(4, "big") + bytes([seg_type, 0x00, page]) +
            len(data).to_bytes(4, "big") + data)


def jbig2_embedded(ink: np.ndarray, dpi: int) -> bytes:
    """A PDF /JBIG2Decode stream (embedded organisation: no file header): a page
    information segment, one immediate lossless generic region, end of page."""
    h, w = ink.shape
    ppm = int(round(dpi / 0.0254))
    page_info = (w.to_bytes(4, "big") + h.to_bytes(4, "big") + ppm.to_bytes(4, "big") +
                 ppm.to_bytes(4, "big") + bytes([0x01]) + (0).to_bytes(2, "big"))
    region_info = (w.to_bytes(4, "big") + h.to_bytes(4, "big") + (0).to_bytes(4, "big") +
                   (0).to_bytes(4, "big") + bytes([0x00]))
    flags = 0x08                                   # MMR 0, GBTEMPLATE 0, TPGDON 1
    at = b"".join(bytes([dx & 0xFF, dy & 0xFF]) for dx, dy in AT0)
    region = region_info + bytes([flags]) + at + generic_region_mq(ink)
    return (_segment(0, 48, page_info) + _segment(1, 38, region)
            + _segment(2, 49, b""))


def jbig2_file(embedded: bytes) -> bytes:
    """The same segments as a standalone JBIG2 file (for jbig2dec's check)."""
    return b"\x97JB2\r\n\x1a\n" + bytes([0x01]) + (1).to_bytes(4, "big") + embedded
