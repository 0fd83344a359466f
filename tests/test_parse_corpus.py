"""parse_corpus and the CLI: storing pages, skipping, failures recorded and resolved, isolation."""
import json

import pytest

from textmine.ingest import ingest
from textmine.parse import PARSER_VERSION, parse_corpus, stored_pages

from parse_fixtures import hang_worker_when_sent, pdfgen  # noqa: E402  (skips this module without reportlab)


def _add_raw(store, data: bytes, fmt: str, name: str) -> int:
    sha, _ = store.put_raw_bytes(data)
    doc_id, _ = store.add_document(city_code="350700", kind="plan", source=f"/in/{name}", format=fmt,
                                   sha256=sha, size=len(data))
    return doc_id


@pytest.fixture
def batch(store, tmp_path):
    good = tmp_path / "good.pdf"
    pdfgen.build_plan_pdf(good, pages=4, specials=False)
    txt = tmp_path / "plan.txt"
    txt.write_text("推进生态产品价值实现。", encoding="utf-8")
    ingest(store, [good, txt], city="南平", kind="plan")
    bad = {}
    img = tmp_path / "img.pdf"
    pdfgen.build_image_only_pdf(img)
    bad["image"] = _add_raw(store, img.read_bytes(), "pdf", "img.pdf")
    enc = tmp_path / "enc.pdf"
    pdfgen.build_encrypted_pdf(enc)
    bad["encrypted"] = _add_raw(store, enc.read_bytes(), "pdf", "enc.pdf")
    full = good.read_bytes()
    bad["truncated"] = _add_raw(store, full[: len(full) // 2], "pdf", "cut.pdf")
    bad["empty"] = _add_raw(store, b"", "txt", "empty.txt")
    bad["pdf_as_html"] = _add_raw(store, full + b"\n%another copy\n", "html", "page.html")
    return bad


def test_batch_with_malformed_inputs(store, batch):
    report = parse_corpus(store, timeout=30)
    assert not any("timed out" in reason for _, reason in report.failed)     # each ended by its reader, not the guard
    assert len(report.parsed) == 2 and report.pages == 5
    failed = dict(report.failed)
    assert set(failed) == set(batch.values())
    assert "no text layer" in failed[batch["image"]]
    assert "encrypted" in failed[batch["encrypted"]]
    assert "truncated" in failed[batch["truncated"]]
    assert "empty" in failed[batch["empty"]]
    assert "is a PDF" in failed[batch["pdf_as_html"]]
    open_ = {f["document_id"]: f["reason"] for f in store.open_failures() if f["stage"] == "parse"}
    assert open_ == failed
    rows = store.conn.execute("SELECT status, COUNT(*) FROM parses GROUP BY status").fetchall()
    assert dict(map(tuple, rows)) == {"ok": 2, "failed": 5}
    # pages: char_start is the offset in the document text joined by "\n"
    pages = store.conn.execute("SELECT page, text, char_start FROM pages WHERE document_id=1 ORDER BY page").fetchall()
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    text = "\n".join(p["text"] for p in pages)
    assert all(text[p["char_start"]:p["char_start"] + len(p["text"])] == p["text"] for p in pages)


def test_skip_same_version_force_and_resolve(store, batch):
    parse_corpus(store)
    again = parse_corpus(store)
    assert again.parsed == [] and again.failed == [] and again.skipped == 7
    # the "html" that was really a PDF is fixed (replaced by a real page): a retry resolves its failure
    doc = batch["pdf_as_html"]
    sha, _ = store.put_raw_bytes("<html><body><p>生态产品价值实现，绿色发展。</p></body></html>".encode())
    store.conn.execute("UPDATE documents SET sha256=? WHERE id=?", (sha, doc))
    retry = parse_corpus(store, retry_failed=True)
    assert doc in retry.parsed and len(retry.failed) == 4
    assert doc not in {f["document_id"] for f in store.open_failures()}
    assert len([f for f in store.open_failures() if f["stage"] == "parse"]) == 4   # no duplicates
    assert stored_pages(store, doc) == ["生态产品价值实现，绿色发展。"]
    forced = parse_corpus(store, force=True, document_ids=[1])
    assert forced.parsed == [1]
    assert store.conn.execute("SELECT parser_version FROM parses WHERE document_id=1").fetchone()[0] == PARSER_VERSION


def test_time_limit_kills_the_worker(store, tmp_path, monkeypatch):
    big = tmp_path / "big.pdf"
    pdfgen.build_plan_pdf(big, pages=120, specials=False)
    doc = ingest(store, [big], city="南平", kind="plan").added[0][0]
    hung = hang_worker_when_sent(monkeypatch, doc)          # its worker never answers, however fast the machine
    report = parse_corpus(store, timeout=1)
    assert hung and report.failed and "timed out" in report.failed[0][1]


def test_cli_parse_and_status(cli, store, batch):
    res = cli("parse", "--format", "json")
    assert res.exit_code == 1            # documents failed: non-zero, the others are stored
    out = json.loads(res.output)
    assert out["parsed"] == 2 and out["failed"] == 5 and out["pages"] == 5
    res = cli("parse")
    assert "7 already parsed" in res.output and res.exit_code == 0   # nothing failed in this run
    res = cli("status")
    assert "encrypted" in res.output


def test_cli_extract_text_and_json(cli, tmp_path):
    pdf = tmp_path / "p.pdf"
    pdfgen.build_plan_pdf(pdf, pages=3, specials=False)
    res = cli("extract", pdf)
    assert res.exit_code == 0
    assert res.output.count("\f") == 2 and "远景目标纲要" not in res.output
    res = cli("extract", pdf, "--format", "json")
    data = json.loads(res.output)
    assert [p["page"] for p in data["pages"]] == [1, 2, 3] and data["warnings"] == []


def test_cli_extract_bad_file_is_a_clean_error(cli, tmp_path):
    from click.testing import CliRunner

    from textmine.cli import main

    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    res = CliRunner().invoke(main, ["extract", str(bad)])
    assert res.exit_code == 3 and "truncated" in res.output
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "x.doc")])
    assert res.exit_code == 3


def test_a_document_over_the_memory_cap_says_how_to_raise_it(cli, home, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("生态产品价值实现机制，开展GEP核算。\n" * 400_000, encoding="utf-8")   # 7 MB of text
    assert cli("ingest", big, "--city", "丽水", "--kind", "plan", "--no-parse").exit_code == 0
    res = cli("parse", "--memory-mb", "20")
    assert res.exit_code == 1 and "memory cap of 20 MB" in res.output
    assert "raise the cap with `textmine parse --memory-mb N`" in res.output
    assert "--memory-mb" in cli("status").output
    res = cli("parse", "--retry-failed", "--memory-mb", "0")
    assert res.exit_code == 0 and "1 parsed" in res.output
