"""The isolated runner: long-lived workers that keep one document's failure from stopping the batch."""
import multiprocessing as mp

import pytest

from textmine.parse import runner
from textmine.parse.runner import Job, run_isolated

from parse_fixtures import hang_worker_when_sent, kill_worker_when_sent, pdfgen  # noqa: E402  (skips this module without reportlab)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    d = tmp_path_factory.mktemp("runner")
    big = d / "big.pdf"
    pdfgen.build_plan_pdf(big, pages=300, specials=False)        # ~0.15 s to parse
    small = d / "small.pdf"
    pdfgen.build_plan_pdf(small, pages=3, specials=False)
    txt = d / "plan.txt"
    txt.write_text("推进生态产品价值实现。", encoding="utf-8")
    return {"big": str(big), "small": str(small), "txt": str(txt)}


def _by_key(outcomes):
    return {o.job.key: o for o in outcomes}


def test_one_worker_parses_the_whole_batch(docs, monkeypatch):
    started = []

    class Counting(runner._Worker):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            started.append(self.proc.pid)

    monkeypatch.setattr(runner, "_Worker", Counting)
    jobs = [Job(i, docs["small"] if i % 2 else docs["txt"], "pdf" if i % 2 else "txt") for i in range(6)]
    out = _by_key(run_isolated(jobs, workers=1))
    assert sorted(out) == list(range(6)) and all(o.error is None for o in out.values())
    assert len(out[1].extraction.pages) == 3 and out[0].extraction.pages == ["推进生态产品价值实现。"]
    assert len(started) == 1            # no process per document
    assert not mp.active_children()     # workers are stopped at the end


def test_a_worker_that_dies_fails_only_its_document(docs, monkeypatch):
    """A PDFium crash kills the worker: simulated with SIGKILL once the big file is handed to it."""
    killed = kill_worker_when_sent(monkeypatch, "big")
    jobs = [Job("big", docs["big"], "pdf"), Job("small", docs["small"], "pdf"), Job("txt", docs["txt"], "txt")]
    out = _by_key(run_isolated(jobs, workers=1))
    assert killed
    assert "parser worker died (signal 9)" in out["big"].error
    assert out["small"].error is None and len(out["small"].extraction.pages) == 3
    assert out["txt"].error is None


def test_after_a_timeout_a_fresh_worker_parses_the_rest(docs, monkeypatch):
    hung = hang_worker_when_sent(monkeypatch, "big")
    jobs = [Job("big", docs["big"], "pdf"), Job("txt", docs["txt"], "txt")]
    out = _by_key(run_isolated(jobs, workers=1, timeout=2))
    assert hung and "timed out after 2 s" in out["big"].error
    assert out["txt"].error is None and out["txt"].extraction.pages == ["推进生态产品价值实现。"]


def test_memory_cap_is_per_document(docs, tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_bytes("生态产品价值实现。".encode() * 3_000_000)      # 81 MB
    jobs = [Job("small", docs["small"], "pdf"), Job("huge", str(huge), "txt"), Job("txt", docs["txt"], "txt")]
    out = _by_key(run_isolated(jobs, workers=1, memory_mb=40))
    assert out["huge"].error == "exceeded the memory cap of 40 MB"
    assert out["small"].error is None and out["txt"].error is None
