"""The bundled sample corpus: its manifest names existing files for registry cities, its texts vary
between cities, and tools/build_sample.py rebuilds it deterministically (and equal to what is committed)."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from textmine.registry import resolve_city

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"


def _manifest() -> list[dict]:
    with open(SAMPLE / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_manifest_lists_existing_files_of_registry_cities():
    rows = _manifest()
    assert len(rows) >= 5
    assert {r["format"] for r in rows} == {"pdf", "docx", "html"}
    for r in rows:
        assert (SAMPLE / r["file"]).is_file(), r["file"]
        assert r["kind"] == "plan" and r["year"].isdigit()
        assert resolve_city(r["city"]).name == r["city"]
        assert "not an official document" in r["note"]
        assert r["url"] == "" or r["url"].startswith("https://example.org/")
        assert (SAMPLE / "text" / f"{r['city']}.md").is_file()
    assert sum((SAMPLE / r["file"]).stat().st_size for r in rows) < 5_000_000


def test_texts_differ_and_vary_in_ecological_vocabulary():
    from textmine.sample.plandoc import load_plan_md

    docs = {p.stem: load_plan_md(p).body_text() for p in sorted((SAMPLE / "text").glob("*.md"))}
    paragraphs = [para for text in docs.values() for para in text.splitlines() if len(para) > 40]
    assert len(paragraphs) == len(set(paragraphs)), "a paragraph is repeated across or within cities"
    market = ["两山银行", "生态银行", "碳排放权", "排污权", "用水权", "绿色金融", "绿色信贷", "林权", "碳汇", "GEP"]
    counts = {city: sum(text.count(t) for t in market) for city, text in docs.items()}
    assert max(counts.values()) >= 3 * min(counts.values()), counts


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_sample", ROOT / "tools" / "build_sample.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _pdf_text(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_sample_build_is_deterministic_and_matches_committed(tmp_path):
    pytest.importorskip("reportlab")
    from textmine.sample.fonts import BODY, HEADING, font_file

    try:
        font_file(BODY), font_file(HEADING)
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no TrueType CJK font: {exc}")
    builder = _load_builder()
    builder.build(tmp_path / "a")
    builder.build(tmp_path / "b")
    for r in _manifest():
        a, b = tmp_path / "a" / r["file"], tmp_path / "b" / r["file"]
        assert a.read_bytes() == b.read_bytes(), r["file"]
        committed = SAMPLE / r["file"]
        if r["format"] == "pdf":  # font files may differ between machines; the text may not
            assert _pdf_text(a) == _pdf_text(committed), r["file"]
        else:
            assert a.read_bytes() == committed.read_bytes(), r["file"]
    assert (tmp_path / "a" / "manifest.csv").read_bytes() == (SAMPLE / "manifest.csv").read_bytes()
