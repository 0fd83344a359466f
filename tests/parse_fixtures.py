"""tests/data/parse/pdfgen.py (plan-style Chinese PDFs with known text), loaded once for the parse
tests. Importing this skips the importing test module when reportlab (the test extra) is absent."""
import importlib.util
import os
from pathlib import Path

import pytest

pytest.importorskip("reportlab", reason="the PDF fixtures are built with reportlab (pip install -e '.[test]')")
_spec = importlib.util.spec_from_file_location("pdfgen", Path(__file__).parent / "data" / "parse" / "pdfgen.py")
pdfgen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdfgen)


def kill_worker_when_sent(monkeypatch, key, kind="doc", how=None):
    """SIGKILL the worker at the moment it is handed `key`'s task of `kind` (doc, piece): a PDFium crash
    while it parses that document, at a moment the test names rather than after a delay on the wall clock.
    With ``how=signal.SIGSTOP`` the worker hangs instead: that document certainly outlives any time limit."""
    import signal

    from textmine.parse import runner

    real, hit = runner._Worker.send, []

    def send(self, doc, task, piece=0):
        real(self, doc, task, piece)
        if not hit and doc.job.key == key and task == kind:
            hit.append(self.proc.pid)
            os.kill(self.proc.pid, how or signal.SIGKILL)

    monkeypatch.setattr(runner._Worker, "send", send)
    return hit


def hang_worker_when_sent(monkeypatch, key, kind="doc"):
    """The worker handed `key`'s task stops (SIGSTOP) and never answers: a hang, whatever the machine's speed."""
    import signal

    return kill_worker_when_sent(monkeypatch, key, kind, how=signal.SIGSTOP)
