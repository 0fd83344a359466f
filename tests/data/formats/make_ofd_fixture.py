"""Write plan.ofd: an OFD (GB/T 33190-2016) of the same text as plan.docx, typeset line by line.

No OFD writer worth trusting was found among the packages (easyofd's pdf2ofd writes a wrong
namespace, a lower-case ``size`` and overlapping spans), so this script writes the package
by the standard: OFD.xml -> Doc_0/Document.xml (CommonData with PageArea, PublicRes and a
TemplatePage) -> Pages/Page_N/Content.xml, text as TextObject/TextCode with Boundary, X/Y and
DeltaX, sizes in millimetres. It uses on purpose what real producers use and a reader must
handle: a template page holding the running header, a page number at the foot of each page,
text objects written in shuffled order on page 2 (reading order must come from positions, not
from the file), one object scaled by a CTM, one line drawn one character per TextCode, the
``g`` shorthand of DeltaX, and a table drawn cell by cell.

Also importable: ``build_ofd(paragraphs, ...)`` (tests build variants) and ``PARAGRAPHS``.
usage: python tests/data/formats/make_ofd_fixture.py   (needs ../shared for the source text)
"""
from __future__ import annotations

import io
import random
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP, MEASURE = 26.0, 37.0, 158.0          # margins and text width, mm
SIZE, LEADING = 5.6, 10.0                        # 16 pt type (仿宋三号, as official documents), line pitch
LINES_PER_PAGE = 22
HEADER = "阿坝州人民政府办公室文件"


def advance(ch: str, size: float = SIZE) -> float:
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size / 2


def wrap(paragraph: str, indent: int = 2) -> list[tuple[float, str]]:
    """(x offset, text) lines of one paragraph: first line indented two characters."""
    out, line, width, x0 = [], "", 0.0, indent * SIZE
    for ch in paragraph:
        w = advance(ch)
        if line and x0 + width + w > MEASURE + 0.01:
            out.append((x0, line))
            line, width, x0 = "", 0.0, 0.0
        line += ch
        width += w
    if line:
        out.append((x0, line))
    return out


def _deltas(text: str, size: float = SIZE) -> str:
    ws = [advance(c, size) for c in text[:-1]]
    if ws and all(w == ws[0] for w in ws):
        return f"g {len(ws)} {ws[0]:g}"
    return " ".join(f"{w:g}" for w in ws)


def _text_object(oid: int, x: float, y: float, text: str, *, size: float = SIZE, ctm: str | None = None,
                 per_char: bool = False) -> str:
    width = sum(advance(c, size) for c in text)
    scale = float(ctm.split()[0]) if ctm else 1.0      # object space to page: glyphs drawn at Size x scale
    attrs = f'ID="{oid}" Font="3" Size="{size / scale:g}" Boundary="{x:g} {y - size:g} {width + size:g} {size * 1.4:g}"'
    if ctm:
        attrs += f' CTM="{ctm}"'
    if per_char:
        codes, cx = [], 0.0
        for c in text:
            codes.append(f'<ofd:TextCode X="{cx / scale:g}" Y="{size / scale:g}">{escape(c)}</ofd:TextCode>')
            cx += advance(c, size)
        body = "".join(codes)
    else:
        body = (f'<ofd:TextCode X="0" Y="{size / scale:g}" DeltaX="{_deltas(text, size / scale)}">'
                f'{escape(text)}</ofd:TextCode>')
    return f"<ofd:TextObject {attrs}>{body}</ofd:TextObject>"


def layout(paragraphs: list[str], table: list[tuple[str, ...]] | None = None):
    """Pages of (x, y, text, kind) items, y the top of the line box; kind text|cell."""
    items: list[tuple[float, float, str, str]] = []
    for p in paragraphs:
        if table and p == "<table>":
            widths = [max(sum(advance(c) for c in row[k]) for row in table) + 2 * SIZE for k in range(len(table[0]))]
            for row in table:
                for k, cell in enumerate(row):
                    items.append((LEFT + sum(widths[:k]), 0.0, cell, "cell"))
                items.append((0, 0, "", "row-end"))
            continue
        for x, text in wrap(p):
            items.append((LEFT + x, 0.0, text, "text"))
            items.append((0, 0, "", "row-end"))
    pages, page, row_items, n = [], [], [], 0
    for it in items:
        if it[3] != "row-end":
            row_items.append(it)
            continue
        if n == LINES_PER_PAGE:
            pages.append(page)
            page, n = [], 0
        y = TOP + n * LEADING
        page += [(x, y, t, k) for x, _, t, k in row_items]
        row_items, n = [], n + 1
    if page:
        pages.append(page)
    return pages


def build_ofd(paragraphs: list[str], *, table: list[tuple[str, ...]] | None = None, shuffle_page: int | None = 1,
              title: str = "阿坝州政务数据资源管理暂行办法", header: bool = True, seed: int = 7) -> bytes:
    pages = layout(paragraphs, table)
    rng = random.Random(seed)
    oid = 100
    files: dict[str, str] = {}
    for i, items in enumerate(pages):
        objects = []
        for j, (x, y, text, kind) in enumerate(items):
            oid += 1
            if i == 0 and j == 2:        # scaled by a CTM: drawn at half size, doubled back
                objects.append(_text_object(oid, x, y + SIZE, text, ctm="0.5 0 0 0.5 0 0"))
            elif i == 0 and j == 3:      # one TextCode per character
                objects.append(_text_object(oid, x, y + SIZE, text, per_char=True))
            else:
                objects.append(_text_object(oid, x, y + SIZE, text))
        oid += 1
        number = f"— {i + 1} —"
        width = sum(advance(c) for c in number)
        objects.append(_text_object(oid, (PAGE_W - width) / 2, PAGE_H - 20, number))
        if shuffle_page is not None and i == shuffle_page:
            rng.shuffle(objects)
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">'
            f'<ofd:Template TemplateID="2" ZOrder="Background"/>'
            f'<ofd:Content><ofd:Layer ID="{oid + 1}" Type="Body">{"".join(objects)}</ofd:Layer></ofd:Content>'
            f"</ofd:Page>")
        oid += 1
    header_w = sum(advance(c, 4.2) for c in HEADER)
    files["Doc_0/Tpls/Tpl_0/Content.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="5">'
        + (_text_object(6, (PAGE_W - header_w) / 2, 20, HEADER, size=4.2) if header else "")
        + "</ofd:Layer></ofd:Content></ofd:Page>")
    page_refs = "".join(f'<ofd:Page ID="{1000 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>{oid + 10}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W:g} {PAGE_H:g}'
        '</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>'
        '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
        f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")
    files["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="3" FontName="仿宋" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>')
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
        f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>5c1f3a0e9b2d4e7f8a6b1c2d3e4f5a6b</ofd:DocID>"
        f"<ofd:Title>{escape(title)}</ofd:Title><ofd:CreationDate>2021-10-11</ofd:CreationDate>"
        "<ofd:Creator>textmine tests/data/formats/make_ofd_fixture.py</ofd:Creator></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ["OFD.xml"] + sorted(n for n in files if n != "OFD.xml"):
            info = zipfile.ZipInfo(name, date_time=(2021, 10, 11, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name].encode("utf-8"))
    return buf.getvalue()


def main() -> None:
    import sys

    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    from make_word_fixtures import TABLE, source_paragraphs

    paras = source_paragraphs()
    half = len(paras) // 2
    data = build_ofd(paras[:half] + ["<table>"] + paras[half:], table=TABLE)
    (here / "plan.ofd").write_bytes(data)
    print("plan.ofd", len(data), "bytes")


if __name__ == "__main__":
    main()
