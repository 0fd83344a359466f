"""Build a big technical-manual-style Chinese PDF: many pages, raster images, vector drawings, tables.

    python tests/data/parse/manualgen.py [--out /tmp/textmine-manual.pdf] [--pages 1200] [--seed 1]

The shape of a real 1,000+ page technical manual (image- and drawing-heavy): running header and
page-number footer, chapter and section headings, paragraphs of real Chinese text (the 2026
provincial government work reports of ../shared/realdata; a built-in text when ../shared is absent),
and on most pages a figure — a raster screenshot (JPEG, 40 distinct images), a flow chart (boxes,
arrows, labels), a plotted curve of 400 points, or a table (grid and cell text) — with its caption.
Fonts are embedded TrueType subsets (textmine.sample.fonts), as real typeset PDFs have. Deterministic
for a given --pages and --seed; needs reportlab, numpy and Pillow (the test extra).

`tests/test_parse_pieces.py` builds a short one to check that a document read in pieces gives the
one-worker text; `benchmarks/parse_speed.py` and `benchmarks/parse_profile.py` time big ones.
"""
from __future__ import annotations

import argparse
import csv
import io
import math
import os
import random
import re
import time
from pathlib import Path

SHARED = Path(os.environ.get("TEXTMINE_SHARED", Path(__file__).resolve().parents[4] / "shared"))

A4 = (595.27, 841.89)
LEFT, RIGHT, TOP, BOTTOM = 64.0, A4[0] - 64.0, A4[1] - 80.0, 72.0
SIZE, LEADING = 10.5, 17.0
TITLE = "生态资产监测平台用户与运维手册（基准测试文档，非官方文件）"
CHAPTERS = ["系统概述", "安装与部署", "数据接入", "遥感影像处理", "生态资源清查", "价值核算模型", "指标计算",
            "空间分析", "报表与地图", "权限与安全", "运维监控", "故障排查", "接口说明", "附录"]
FALLBACK = ("系统按照统一的数据标准接入各类生态资源调查成果，经校验、入库和质量检查后参与价值核算。"
            "运维人员应定期检查服务状态、存储容量和任务队列，发现异常时按照本章的步骤排查并记录处理结果。"
            "地图服务支持按行政区、流域和保护地范围统计森林、草原、湿地和水域面积及其变化情况。")


def text_pool(seed: int) -> list[str]:
    """Paragraphs of real Chinese text (the provincial work reports), or a built-in one without ../shared."""
    paras = []
    for f in sorted((SHARED / "realdata" / "gwr_provincial_2026").glob("2026_*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                paras += [s for s in (re.sub(r"\s+", "", x) for x in (row.get("full_text") or "").splitlines())
                          if len(s) >= 30]
    if not paras:
        paras = [FALLBACK[i:] + FALLBACK[:i] for i in range(0, len(FALLBACK), 7)]
    random.Random(seed).shuffle(paras)
    return paras


def _images(n: int, seed: int) -> list:
    """n distinct JPEG 'screenshots' (window chrome, panels, a gradient map), as reportlab images."""
    import numpy as np
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        h, w = 300, 420
        y, x = np.mgrid[0:h, 0:w]
        base = (np.sin(x / (15 + k)) + np.cos(y / (11 + k % 7))) * 40 + 128
        img = np.stack([base + rng.normal(0, 12, (h, w)), base * 0.8 + 30, 255 - base * 0.6], axis=-1)
        img[:24] = (60, 90, 140)                     # title bar
        img[24:, :90] = (235, 235, 240)              # side panel
        for r in range(40, h - 20, 28):
            img[r:r + 14, 10:80] = (200, 205, 215)   # menu entries
        buf = io.BytesIO()
        Image.fromarray(np.clip(img, 0, 255).astype("uint8")).save(buf, format="JPEG", quality=80)
        buf.seek(0)
        out.append(ImageReader(buf))
    return out


_KEY_WORDS = ("生态", "资源", "数据", "系统", "平台", "服务", "管理", "监测")
_RUNS = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*|" + "|".join(_KEY_WORDS) + r"|[^\x21-\x7e]")
_COMMANDS = ("systemctl restart eco-monitor", "max_workers=4", "/etc/ecoasset/server.conf", "GET /api/v2/assets",
             "batch_size=500", "tail -f /var/log/ecoasset/task.log", "SELECT * FROM parcels", "timeout=30s")


class _Writer:
    def __init__(self, c, fonts, rng, pool):
        self.c, self.rng, self.pool = c, rng, pool
        self.body, self.head = fonts
        self.y = TOP
        self.para = 0

    def runs(self, text: str) -> list[tuple[str, str]]:
        """(font, text) runs as technical documents set a line: Latin letters, digits and code in a Latin
        font (Helvetica; Courier for identifiers), key words in the heading face, the rest in the body face."""
        out = []
        for m in _RUNS.finditer(text):
            t = m.group()
            if t[0] < "\u0080":
                font = "Courier" if ("_" in t or "/" in t or "=" in t) else "Helvetica"
            else:
                font = self.head if t in _KEY_WORDS else self.body
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + t)
            else:
                out.append((font, t))
        return out

    def lines_of(self, text: str, size: float, width: float, indent: float = 0.0) -> list[str]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        out, cur, w, room = [], "", 0.0, width - indent
        for font, run in self.runs(text):
            for ch in run:
                cw = stringWidth(ch, font, size)
                if w + cw > room and cur:
                    out.append(cur)
                    cur, w, room = "", 0.0, width
                cur += ch
                w += cw
        if cur:
            out.append(cur)
        return out

    def text_line(self, x: float, text: str, font: str, size: float) -> None:
        if font != self.body:
            self.c.setFont(font, size)
            self.c.drawString(x, self.y, text)
            return
        t = self.c.beginText(x, self.y)
        for f, run in self.runs(text):
            t.setFont(f, size)
            t.textOut(run)
        self.c.drawText(t)

    def heading(self, text: str, size: float) -> None:
        self.y -= size * 0.8
        self.text_line(LEFT, text, self.head, size)
        self.y -= size * 1.6

    def paragraph(self, max_lines: int) -> int:
        """One paragraph (first line indented two characters), at most max_lines lines; lines used."""
        text = self.pool[self.para % len(self.pool)]
        if self.para % 2:                      # a manual's paragraphs name commands, settings and paths
            cut = text.find("，", len(text) // 3)
            if cut > 0:
                text = f"{text[:cut + 1]}参见 {_COMMANDS[self.para % len(_COMMANDS)]} 的说明，{text[cut + 1:]}"
        self.para += 1
        lines = self.lines_of(text, SIZE, RIGHT - LEFT, 2 * SIZE)[:max_lines]
        for i, ln in enumerate(lines):
            self.text_line(LEFT + (2 * SIZE if i == 0 else 0), ln, self.body, SIZE)
            self.y -= LEADING
        return len(lines)

    def caption(self, text: str) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.c.setFont(self.body, 9)
        self.c.drawString((A4[0] - stringWidth(text, self.body, 9)) / 2, self.y, text)
        self.y -= LEADING * 1.2

    def image(self, img, number: str) -> None:
        w, h = 300.0, 214.0
        self.c.drawImage(img, (A4[0] - w) / 2, self.y - h, w, h)
        self.y -= h + 14
        self.caption(f"图{number} 操作界面示意")

    def flowchart(self, number: str) -> None:
        c, rng = self.c, self.rng
        steps = ["数据接入", "格式校验", "坐标转换", "质量检查", "入库登记", "核算分析", "结果发布", "归档备份"]
        n = rng.randint(4, 7)
        top, box_w, box_h, gap = self.y, 96.0, 26.0, 14.0
        c.setLineWidth(0.8)
        for i in range(n):
            col, row = i % 3, i // 3
            x = LEFT + 20 + col * (box_w + 50)
            y = top - 10 - row * (box_h + gap + 10) - box_h
            c.setFillGray(0.92)
            c.roundRect(x, y, box_w, box_h, 4, stroke=1, fill=1)
            c.setFillGray(0)
            c.setFont(self.body, 9)
            c.drawCentredString(x + box_w / 2, y + 9, steps[(i + rng.randrange(8)) % 8])
            if col < 2 and i + 1 < n:                   # arrow to the right
                c.line(x + box_w, y + box_h / 2, x + box_w + 50, y + box_h / 2)
                c.line(x + box_w + 50, y + box_h / 2, x + box_w + 44, y + box_h / 2 + 3)
                c.line(x + box_w + 50, y + box_h / 2, x + box_w + 44, y + box_h / 2 - 3)
        rows = (n + 2) // 3
        self.y = top - rows * (box_h + gap + 10) - 20
        self.caption(f"图{number} 处理流程")

    def plot(self, number: str) -> None:
        c, rng = self.c, self.rng
        w, h = 360.0, 160.0
        x0, y0 = (A4[0] - w) / 2, self.y - h
        c.setLineWidth(0.4)
        for k in range(6):                               # grid
            c.line(x0, y0 + k * h / 5, x0 + w, y0 + k * h / 5)
            c.line(x0 + k * w / 5, y0, x0 + k * w / 5, y0 + h)
        c.setLineWidth(1)
        p = c.beginPath()
        a, b = rng.uniform(2, 6), rng.uniform(0.5, 2)
        for i in range(400):
            t = i / 399
            yv = 0.5 + 0.35 * math.sin(a * t * math.pi) * math.exp(-b * t) + rng.uniform(-0.02, 0.02)
            (p.moveTo if i == 0 else p.lineTo)(x0 + t * w, y0 + yv * h)
        c.drawPath(p, stroke=1, fill=0)
        self.y = y0 - 14
        self.caption(f"图{number} 指标变化曲线")

    def table(self, number: str) -> None:
        c, rng = self.c, self.rng
        cols, rows = 4, rng.randint(4, 7)
        cw, rh = (RIGHT - LEFT) / cols, 18.0
        self.caption(f"表{number} 参数说明")
        top = self.y + 6
        c.setLineWidth(0.5)
        names = ["参数", "类型", "默认值", "说明"]
        for r in range(rows + 1):
            c.line(LEFT, top - r * rh, RIGHT, top - r * rh)
            for k in range(cols):
                cell = names[k] if r == 0 else (f"param_{r}{k}" if k == 0 else ["字符串", "整数", "布尔"][
                    (r + k) % 3] if k == 1 else str(rng.randint(1, 500)) if k == 2 else "按实际情况配置")
                if r < rows:
                    c.setFont(self.body, 9)
                    c.drawString(LEFT + k * cw + 4, top - r * rh - 13, cell)
        c.line(LEFT, top - rows * rh, RIGHT, top - rows * rh)
        for k in range(cols + 1):
            c.line(LEFT + k * cw, top, LEFT + k * cw, top - rows * rh)
        self.y = top - rows * rh - 20


def build_manual(path: str | Path, *, pages: int = 1200, seed: int = 1) -> Path:
    """Write the manual PDF (``pages`` pages) to ``path``; returns the path."""
    from reportlab.pdfgen import canvas

    from textmine.sample.fonts import register_fonts  # (textmine installed, or run from the repository root)

    fonts = register_fonts()
    rng = random.Random(seed)
    pool = text_pool(seed)
    images = _images(40, seed)
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(TITLE)
    per_chapter = max(1, pages // len(CHAPTERS))
    w = _Writer(c, fonts, rng, pool)
    figure = 0
    for page in range(1, pages + 1):
        chapter = min((page - 1) // per_chapter, len(CHAPTERS) - 1)
        c.setFont(fonts[0], 8)
        c.drawString(LEFT, A4[1] - 50, TITLE)
        c.drawRightString(RIGHT, A4[1] - 50, f"第{chapter + 1}章 {CHAPTERS[chapter]}")
        c.setLineWidth(0.5)
        c.line(LEFT, A4[1] - 55, RIGHT, A4[1] - 55)
        w.y = TOP
        if (page - 1) % per_chapter == 0 and chapter < len(CHAPTERS):
            w.heading(f"第{chapter + 1}章 {CHAPTERS[chapter]}", 18)
        if page % 3 == 1:
            w.heading(f"{chapter + 1}.{(page - 1) % per_chapter + 1} {CHAPTERS[(chapter + page) % len(CHAPTERS)]}"
                      f"操作说明", 13)
        kind = rng.random()
        drew = False
        while w.y - LEADING > BOTTOM:
            if not drew and w.y < TOP - 120 and kind < 0.75:
                figure += 1
                number = f"{chapter + 1}-{figure}"
                room = w.y - BOTTOM
                if kind < 0.3 and room > 250:
                    w.image(images[figure % len(images)], number)
                elif kind < 0.45 and room > 150:
                    w.flowchart(number)
                elif kind < 0.6 and room > 200:
                    w.plot(number)
                elif room > 160:
                    w.table(number)
                drew = True
                continue
            if w.paragraph(int((w.y - BOTTOM) // LEADING)) == 0:
                break
            w.y -= 4
        c.setFont(fonts[0], 9)
        c.drawCentredString(A4[0] / 2, 40, f"— {page} —")
        c.showPage()
    c.save()
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/textmine-manual.pdf"))
    ap.add_argument("--pages", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    build_manual(args.out, pages=args.pages, seed=args.seed)
    print(f"wrote {args.out}: {args.pages} pages, {args.out.stat().st_size / 1e6:.1f} MB in "
          f"{time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
