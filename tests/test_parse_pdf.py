"""PDF extraction on plan-style Chinese PDFs built by tests/data/parse/pdfgen.py."""
import re
from pathlib import Path

import pytest

from textmine.parse import ParseError, extract, normalise
from textmine.parse.normalise import CJK_CLASS

from parse_fixtures import pdfgen  # noqa: E402  (skips this module without reportlab)


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    truth = pdfgen.build_plan_pdf(path, pages=6)
    return path, truth, extract(path)


def test_running_header_and_page_numbers_removed(plan):
    _, _, ext = plan
    assert len(ext.pages) == 6
    for text in ext.pages:
        assert "远景目标纲要" not in text
        assert not re.search(r"—\s*\d+\s*—", text)


def test_every_paragraph_is_rejoined_and_complete(plan):
    _, truth, ext = plan
    text = "".join(ext.pages[:5])      # page breaks may cut a paragraph: compare over pages
    joined = ext.text
    for par in truth:
        assert normalise(par) in text.replace("\n", "") and normalise(par)[:20] in joined
    # paragraphs not continued over a page break are one line each
    lines = set(joined.split("\n"))
    whole = [p for p in truth if normalise(p) in lines]
    assert len(whole) >= len(truth) - 4


def test_term_wrapped_over_a_line_and_over_a_page_break_is_one_string(plan):
    _, _, ext = plan
    # once inside paragraph 1 (line break), once at the end of page 1 (page break)
    assert ext.pages[0].count(pdfgen.TERM) == 2
    first_of_page2 = ext.pages[1].split("\n")[0]
    assert not first_of_page2.startswith(pdfgen.TERM[4:])
    assert sum(p.count(pdfgen.TERM) for p in ext.pages) == sum(t.count(pdfgen.TERM) for t in plan[1])


def test_character_spacing_and_fake_bold(plan):
    _, truth, ext = plan
    # spacing between the characters dropped, the space after the heading number kept
    assert "第一章 推进生态文明建设" in ext.pages[0].split("\n")
    bold = normalise(truth[2])
    assert bold in ext.pages[0].split("\n")          # drawn twice, read once
    # (the one space kept after a heading number at a line start aside)
    assert not re.search(f"{CJK_CLASS} +{CJK_CLASS}", re.sub(r"(?m)^(第[一二三四五六七八九十]+[篇章节]) ", r"\1", ext.text))


def test_two_columns_keep_reading_order(plan):
    _, truth, ext = plan
    left, right = normalise(truth[-2]), normalise(truth[-1])
    page = ext.pages[4]
    assert left in page and right in page
    assert page.index(left) < page.index(right)


def test_image_only_page_is_flagged_not_junk(plan):
    _, _, ext = plan
    assert ext.pages[5] == ""
    assert ext.status == "warning"
    assert any("without a text layer" in w and "6" in w for w in ext.warnings)


def test_char_starts_map_offsets_to_pages(plan):
    _, _, ext = plan
    text = ext.text
    for i, start in enumerate(ext.char_starts):
        assert text[start:start + len(ext.pages[i])] == ext.pages[i]


@pytest.mark.parametrize("maker, reason", [
    ("image_only", "no text layer"),
    ("encrypted", "encrypted"),
    ("truncated", "truncated"),
    ("empty", "empty"),
    ("html", "not a PDF"),
])
def test_malformed_pdfs_raise_with_a_reason(tmp_path, maker, reason):
    path = tmp_path / f"{maker}.pdf"
    make_bad_pdf(path, maker)
    with pytest.raises(ParseError, match=reason):
        extract(path)


def make_bad_pdf(path: Path, kind: str) -> None:
    if kind == "image_only":
        pdfgen.build_image_only_pdf(path)
    elif kind == "encrypted":
        pdfgen.build_encrypted_pdf(path)
    elif kind == "truncated":
        pdfgen.build_plan_pdf(path.with_suffix(".full"), pages=3, specials=False)
        data = path.with_suffix(".full").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "html":
        path.write_bytes("<!DOCTYPE html><html><body><p>生态产品</p></body></html>".encode())
