"""One PDF read in pieces (page ranges, each by its own worker) gives the one-worker text exactly."""
import importlib.util
import pickle
from pathlib import Path

import pytest

from textmine.ingest import ingest
from textmine.parse import extract, parse_corpus, stored_pages
from textmine.parse import runner
from textmine.parse.pdf import finish_pdf, piece_range, read_piece
from textmine.parse.runner import Job, pieces_for, run_isolated, run_one

from parse_fixtures import hang_worker_when_sent, kill_worker_when_sent, pdfgen  # noqa: E402  (skips this module without reportlab)

_spec = importlib.util.spec_from_file_location("manualgen", Path(__file__).parent / "data" / "parse" / "manualgen.py")
manualgen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(manualgen)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    d = tmp_path_factory.mktemp("pieces")
    plan = d / "plan.pdf"        # header, footer, a paragraph and a term over a page break, two columns, a scan
    pdfgen.build_plan_pdf(plan, pages=12, seed=3, specials=True)
    manual = d / "manual.pdf"    # images, drawings, tables, mixed fonts, chapter headers
    manualgen.build_manual(manual, pages=30)
    big = d / "big.pdf"
    pdfgen.build_plan_pdf(big, pages=300, specials=False)
    return {"plan": plan, "manual": manual, "big": big}


def _same(a, b) -> bool:
    return (a.pages, a.page_roles, a.warnings, a.title, a.parser) == (b.pages, b.page_roles, b.warnings, b.title,
                                                                        b.parser)


@pytest.mark.parametrize("pieces", [2, 3, 5])
@pytest.mark.parametrize("name", ["plan", "manual"])
def test_pieces_give_the_one_worker_text(pdfs, name, pieces):
    ref = extract(pdfs[name])
    got = run_one(str(pdfs[name]), "pdf", pieces=pieces, workers=3)
    assert _same(got, ref)
    assert got.peak_rss_mb > 0


def test_the_document_passes_need_the_whole_document(pdfs):
    """Finishing each piece alone would lose what only the whole document shows: the rejoined paragraph
    over a piece boundary, a header repeated across the pieces, the cover and contents roles."""
    path = pdfs["plan"]
    ref = extract(path)
    alone = []
    for k in range(3):
        piece = read_piece(path, k, 3)
        piece.pages = len(piece.lines)             # finished as if it were a document of its own
        alone += finish_pdf(path, [piece]).pages
    assert alone != ref.pages
    assert finish_pdf(path, [read_piece(path, k, 3) for k in range(3)]).pages == ref.pages


def test_debian_manual_in_pieces(shared):
    path = shared / "realdata" / "pdf" / "debian-edu-bookworm-manual.pdf"
    assert _same(run_one(str(path), "pdf", pieces=2, workers=2), extract(path))


def test_a_piece_pickles_compactly_and_back(pdfs):
    piece = read_piece(pdfs["manual"], 1, 2)
    data = pickle.dumps(piece)
    back = pickle.loads(data)
    assert (back.pages, back.first, back.scanned, back.visible) == (piece.pages, piece.first, piece.scanned,
                                                                     piece.visible)
    assert [[(ln.text, ln.x0, ln.x1, ln.bottom, ln.top, ln.text_x0) for ln in p.lines] for p in back.lines] == \
        [[(ln.text, ln.x0, ln.x1, ln.bottom, ln.top, ln.text_x0) for ln in p.lines] for p in piece.lines]
    assert len(data) < 3 * sum(len(ln.text.encode()) + 40 for p in piece.lines for ln in p.lines)


def test_page_ranges_cover_the_document_in_order():
    for n in (1, 2, 7, 1335):
        for k in (1, 2, 3, 8):
            ranges = [piece_range(n, i, k) for i in range(k)]
            assert ranges[0][0] == 0 and ranges[-1][1] == n
            assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))


def test_parse_corpus_reads_big_pdfs_in_pieces_and_stores_the_same_pages(pdfs, store, monkeypatch):
    sent = []
    send = runner._Worker.send

    def spy(self, doc, kind, piece=0):
        sent.append((doc.job.key, kind))
        return send(self, doc, kind, piece)

    monkeypatch.setattr(runner._Worker, "send", spy)
    monkeypatch.setattr(runner, "SPLIT_BYTES", 1)          # every PDF counts as big
    ids = []
    for name in ("plan", "manual"):
        ids += [d for d, _ in ingest(store, [pdfs[name]], city="南平", kind="plan").added]
    rep = parse_corpus(store, workers=2)
    assert not rep.failed and sorted(rep.parsed) == sorted(ids)
    for doc_id, name in zip(ids, ("plan", "manual")):
        assert stored_pages(store, doc_id) == extract(pdfs[name]).pages
        assert [k for key, k in sent if key == doc_id] == ["piece", "piece", "finish"]


def test_how_many_pieces(pdfs, monkeypatch):
    small, big = Job(1, str(pdfs["plan"]), "pdf"), Job(2, str(pdfs["big"]), "pdf")
    monkeypatch.setattr(runner, "SPLIT_BYTES", pdfs["big"].stat().st_size)
    monkeypatch.setattr(runner, "SPLIT_ALONE", pdfs["plan"].stat().st_size)
    assert pieces_for(big, 2, alone=False) == 2 and pieces_for(small, 2, alone=False) == 1
    assert pieces_for(small, 4, alone=True) == 4 and pieces_for(small, 1, alone=True) == 1
    assert pieces_for(Job(3, str(pdfs["big"]), "txt"), 2, alone=True) == 1
    assert pieces_for(Job(4, str(pdfs["big"]), "pdf", parts=(("a", "pdf"),)), 2, alone=True) == 1
    assert pieces_for(Job(5, str(pdfs["plan"]), "pdf", pieces=3), 2, alone=False) == 3


def test_extract_command_gives_the_same_text_on_any_number_of_workers(pdfs, cli):
    one = cli("extract", str(pdfs["manual"]), "--workers", "1")
    two = cli("extract", str(pdfs["manual"]), "--workers", "2")
    assert one.exit_code == 0 and two.exit_code == 0
    assert two.output == one.output and one.output.count("\f") == 29


def test_a_failing_piece_fails_the_document_with_the_one_worker_reason(tmp_path, pdfs):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdfs["plan"].read_bytes()[:-4000])
    out = list(run_isolated([Job("cut", str(cut), "pdf", pieces=2), Job("ok", str(pdfs["plan"]), "pdf", pieces=2)],
                            workers=2))
    by = {o.job.key: o for o in out}
    assert by["cut"].error == "PDF is truncated: no %%EOF marker at the end of the file (incomplete download?)"
    assert _same(by["ok"].extraction, extract(pdfs["plan"]))


def test_a_document_in_pieces_times_out_as_a_whole(pdfs, monkeypatch):
    hung = hang_worker_when_sent(monkeypatch, "big", "piece")     # one piece never answers
    out = {o.job.key: o for o in run_isolated([Job("big", str(pdfs["big"]), "pdf", pieces=2),
                                               Job("txt", str(pdfs["plan"]), "pdf")], workers=2, timeout=2)}
    assert hung and "timed out after 2 s" in out["big"].error
    assert out["txt"].error is None


def test_a_worker_killed_during_a_piece_fails_only_its_document(pdfs, monkeypatch):
    killed = kill_worker_when_sent(monkeypatch, "big", "piece")
    jobs = [Job("big", str(pdfs["big"]), "pdf", pieces=2), Job("plan", str(pdfs["plan"]), "pdf")]
    out = {o.job.key: o for o in run_isolated(jobs, workers=2)}
    assert killed
    assert "parser worker died (signal 9)" in out["big"].error
    assert _same(out["plan"].extraction, extract(pdfs["plan"]))
