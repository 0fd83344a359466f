"""Issue 26 item 3: the accepted document formats are one table (textmine.formats) that ingest, crawl, parse,
`extract --as` and the docs read. Adding a format is one row: a format added here is ingested, parsed by its own
reader (in a parser worker) and counted like any other."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from textmine import formats
from textmine.count import count_corpus, planning_indicators
from textmine.crawl.sniff import sniff
from textmine.ingest import ingest
from textmine.parse import detect_format, parse_corpus, stored_pages

ROOT = Path(__file__).resolve().parents[1]
PLAN = "丽水市国民经济和社会发展第十四个五年规划纲要\n" + "深化生态产品价值实现机制，开展GEP核算，推进排污权交易。\n" * 60


@pytest.fixture
def reversed_format():
    fmt = formats.register(formats.Format("txr", "TXR", (".txr",), "format_fixtures:read_reversed", "reversed", "txr"))
    yield fmt
    formats.unregister("txr")


def test_a_format_added_in_one_place_is_ingested_parsed_and_counted(store, tmp_path, reversed_format):
    plain, backwards = tmp_path / "plain" / "纲要.txt", tmp_path / "backwards" / "纲要.txr"
    plain.parent.mkdir()
    backwards.parent.mkdir()
    plain.write_text(PLAN, encoding="utf-8")
    backwards.write_text("\n".join(line[::-1] for line in PLAN.splitlines()), encoding="utf-8")
    assert detect_format(backwards) == "txr"

    rep = ingest(store, [backwards], city="丽水", kind="plan")
    doc = rep.added[0][0]
    assert store.conn.execute("SELECT format FROM documents WHERE id=?", (doc,)).fetchone()[0] == "txr"
    parsed = parse_corpus(store, workers=1)
    assert parsed.parsed == [doc] and not parsed.failed
    assert stored_pages(store, doc)[0].startswith("丽水市国民经济和社会发展第十四个五年规划纲要")
    count_corpus(store)
    row = planning_indicators(store).loc["331100"]
    assert row["has_plan"] and row["document_id"] == doc

    # the same text as a .txt, in a store of its own, counts the same
    from textmine.store import Store

    with Store(tmp_path / "other") as other:
        ingest(other, [plain], city="丽水", kind="plan")
        parse_corpus(other, workers=1)
        count_corpus(other)
        same = planning_indicators(other).loc["331100"]
    cols = ["theme", "resource", "policy", "market", "plan_chars"]
    assert row[cols].to_dict() == same[cols].to_dict() and row["theme"] > 0


def test_an_unknown_ending_is_refused_naming_what_is_accepted(store, tmp_path):
    odd = tmp_path / "plan.rtf"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(Exception) as exc:
        ingest(store, [odd], city="丽水", kind="plan")
    assert ".rtf" in str(exc.value) and formats.accepted() in str(exc.value)
    assert ".txr" not in formats.accepted()          # the fixture's format is gone again


def test_the_sniffer_reads_each_formats_magic_from_the_table():
    assert sniff(b"junk%PDF-1.7\n") == "pdf"
    assert sniff(b"\xef\xbb\xbf  <!DOCTYPE html><p>x") == "html"
    assert sniff(b"plain words", "text/plain; charset=utf-8") == "txt"
    assert sniff(b"\x00\x01", None) == "other"
    assert formats.storable("policy") == {"pdf": "pdf", "docx": "docx", "html": "html"}
    assert formats.expectable("plans") == ("pdf", "docx", "ofd", "doc", "wps", "html")
    assert formats.preference("pdf") < formats.preference("html") < formats.preference("txt") < formats.preference("x")


def test_the_docs_show_the_table_as_the_code_has_it():
    doc = (ROOT / "docs" / "parse.md").read_text("utf-8")
    block = re.search(r"<!-- formats table: textmine\.formats\.markdown_table\(\) -->\n(.*?)\n<!-- /formats table -->",
                      doc, re.S)
    assert block, "docs/parse.md lost its formats table markers"
    assert block.group(1) == formats.markdown_table(), "regenerate: python -c 'from textmine import formats; " \
                                                        "print(formats.markdown_table())'"


def test_the_help_of_ingest_and_extract_names_every_format():
    """The help texts are translated messages (textmine/locale), so they name the formats in words; a format
    added to the table without a word in them fails here, naming the command."""
    from textmine.cli import main

    for name in ("ingest", "extract"):
        helptext = main.commands[name].help
        missing = [f.label for f in formats.FORMATS if not re.search(rf"\b{f.label}\b", helptext)]
        assert not missing, f"`textmine {name} --help` does not name {missing}: add them to its docstring"
