"""Acceptance: the Debian Edu manual PDF against its HTML twin (../shared/realdata/pdf)."""
import difflib
import logging
import re
import warnings

import pytest

from textmine.parse import extract, normalise
from textmine.parse.normalise import CJK_CLASS


_CACHE: dict = {}


@pytest.fixture
def manual(shared):
    """(extraction, HTML body paragraphs); computed once per test session."""
    if "manual" not in _CACHE:
        _CACHE["manual"] = _load(shared)
    return _CACHE["manual"]


@pytest.fixture
def twin(manual):
    """All the text of the HTML twin (code listings and contents included), normalised."""
    return _CACHE["twin"]


def _load(shared):
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    folder = shared / "realdata" / "pdf"
    ext = extract(folder / "debian-edu-bookworm-manual.pdf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup((folder / "debian-edu-bookworm-manual.html").read_bytes(), "lxml")
    for x in soup(["head", "script", "style"]):
        x.decompose()
    _CACHE["twin"] = normalise(soup.get_text())
    # body text only: no code listings, table of contents, navigation or title page
    for sel in ("div.toc", "pre", "div.navheader", "div.navfooter", "div.titlepage"):
        for x in soup.select(sel):
            x.decompose()
    paras = [re.sub(r"\s", "", normalise(x.get_text()))
             for x in soup.find_all(["p", "li", "dt", "h2", "h3", "h4", "h5", "td"])]
    paras = [p for p in dict.fromkeys(paras) if len(p) >= 20 and re.search(CJK_CLASS, p)]
    return ext, paras


def _best_match(par: str, pdf: str) -> int:
    """Characters of an HTML paragraph matched by the PDF text around its best anchor."""
    best = 0
    for a in sorted({0, len(par) // 4, len(par) // 2, 3 * len(par) // 4, max(0, len(par) - 12)}):
        k, n = pdf.find(par[a:a + 12]), 0
        while k >= 0 and n < 3:
            seg = pdf[max(0, k - a): max(0, k - a) + int(len(par) * 1.3) + 40]
            sm = difflib.SequenceMatcher(None, par, seg, autojunk=False)
            best = max(best, sum(b.size for b in sm.get_matching_blocks()))
            k, n = pdf.find(par[a:a + 12], k + 1), n + 1
    return best


def test_body_text_similarity_at_least_098(manual):
    ext, paras = manual
    pdf = re.sub(r"\s", "", ext.text)
    present = [(p, _best_match(p, pdf)) for p in paras]
    present = [(p, m) for p, m in present if m]
    assert len(present) >= 0.95 * len(paras) and len(paras) > 400
    similarity = sum(m for _, m in present) / sum(len(p) for p, _ in present)
    print(f"similarity {similarity:.4f} over {len(present)} paragraphs")
    assert similarity >= 0.98


def _words(text: str) -> str:
    """Letters and digits only: layout marks (bullets, section-number dots, quote styles, spaces) differ
    between a PDF and its HTML without being text that one has and the other lacks."""
    return re.sub(r"[\W_]", "", text)


def test_body_text_precision(manual, twin):
    """What the extraction adds: body text that is not in the HTML twin (a header, a page number or a
    garbled run would be)."""
    ext, _ = manual
    body = [p for p, role in zip(ext.pages, ext.page_roles) if role == "body"]
    ref = _words(twin)
    k = 5
    known = {ref[i:i + k] for i in range(len(ref) - k + 1)}
    text = _words("".join(body))
    shingles = [text[i:i + k] for i in range(len(text) - k + 1)]
    absent = sum(s not in known for s in shingles) / len(shingles)
    lines = [w for p in body for w in map(_words, p.split("\n")) if len(w) >= 5]
    stray = [w for w in lines if w not in ref]
    print(f"5-character shingles absent from the twin: {absent:.4%} of {len(shingles)}; "
          f"lines absent: {len(stray)} of {len(lines)} ({len(stray) / len(lines):.2%})")
    # measured 0.113 % of 75,805 shingles and 16 of 1,178 lines: the numbers of numbered lists (1. 2. …, A. B. …,
    # drawn by the browser from <ol>, so not text in the twin) and one garbled line of the PDF itself
    assert len(shingles) > 70_000 and absent <= 0.0015
    assert len(lines) > 1100 and len(stray) / len(lines) <= 0.016


def test_no_running_header_or_footer_left(manual):
    ext, _ = manual
    assert len(ext.pages) == 98
    with_header = [i + 1 for i, p in enumerate(ext.pages) if "Skolelinux 12 Bookworm 手册" in p]
    assert with_header == [1]          # the title page, where it is the title
    assert not any(re.search(r"\d+\s*/\s*92", p) for p in ext.pages)


def test_no_space_between_cjk_characters(manual):
    ext, _ = manual
    assert not re.search(f"{CJK_CLASS} +{CJK_CLASS}", ext.text)
    assert all(normalise(p) == p for p in ext.pages)


def test_contents_and_title_pages_tagged(manual):
    ext, _ = manual
    roles = ext.page_roles
    # title page, then "Contents" over pages 2-6 (entries with dot leaders and page numbers)
    assert roles[:7] == ["cover", "toc", "toc", "toc", "toc", "toc", "body"]
    assert roles[7:] == ["body"] * (len(roles) - 7)
    assert "3.1.1 缺省网络设置 " in ext.pages[1].split("\n")[6]          # one entry a line


def test_paragraph_line_wraps_rejoined(manual):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    ext, paras = manual
    vocab = {w for w in jieba.cut("".join(paras)) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
    text = ext.text
    split = 0
    for m in re.finditer("\n", text):
        left, right = text[max(0, m.start() - 6):m.start()], text[m.end():m.end() + 6]
        if any(left[-i:] + right[:j] in vocab for i in range(1, len(left) + 1) for j in range(1, len(right) + 1)):
            split += 1
    total = sum(1 for w in jieba.cut(text.replace("\n", "")) if w in vocab)
    print(f"words split by a line break: {split} of {total} ({split / total:.3%})")
    assert total > 5000 and split / total <= 0.005
