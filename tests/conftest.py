"""Shared fixtures: a fresh data home per test, the CLI runner, and ../shared when present.

The real documents the real-data tests read are in ../shared beside the clone, or where TEXTMINE_SHARED says
(`TEXTMINE_SHARED=/path/to/shared python -m pytest`). Without them those tests skip, each saying why, and the
summary at the end of the run counts them and says how to run them (README.md, "Tests").

Messages are English in tests (TEXTMINE_LANG=en, as the machine's locale may say Chinese); the tests of the
Chinese messages set TEXTMINE_LANG=zh themselves.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEXTMINE_SHARED", ROOT.parent / "shared"))
SHARED_SKIP = "real-data test: ../shared is absent"
os.environ["TEXTMINE_LANG"] = "en"          # before textmine is imported; a test may still set zh


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("TEXTMINE_LANG", "en")


@pytest.fixture
def shared() -> Path:
    """The ../shared folder (real documents, reference ranks); skip when it is not beside the clone."""
    if not (SHARED / "DESIGN.md").is_file():
        pytest.skip(f"{SHARED_SKIP} ({SHARED}); put the shared data beside the clone or set TEXTMINE_SHARED")
    return SHARED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say plainly how many tests did not run and why, grouped by reason (the real-data ones first)."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons: dict[str, int] = {}
    for rep in skipped:
        longrepr = rep.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        key = SHARED_SKIP if "../shared" in reason or "TEXTMINE_SHARED" in reason else reason
        reasons[key] = reasons.get(key, 0) + 1
    tr = terminalreporter
    tr.write_sep("-", f"textmine: {len(skipped)} test(s) skipped")
    for reason, n in sorted(reasons.items(), key=lambda kv: (kv[0] != SHARED_SKIP, -kv[1])):
        if reason == SHARED_SKIP:
            tr.write_line(f"{n:4d}  {reason} ({SHARED}): these tests read the real documents; run them with "
                          "TEXTMINE_SHARED=/path/to/shared python -m pytest")
        else:
            tr.write_line(f"{n:4d}  {reason}")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("TEXTMINE_HOME", str(h))
    return h


@pytest.fixture
def store(home):
    from textmine.store import Store

    s = Store(home)
    yield s
    s.close()


@pytest.fixture
def cli(home):
    """Invoke `textmine ...` in-process; returns a function(args) -> click Result."""
    from textmine.cli import main

    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory) -> Path:
    """A data home after `textmine run --sample --no-report`, made once per session: copy it (`home_copy`) to
    change it."""
    from textmine.pipeline import run_pipeline
    from textmine.store import Store

    home = tmp_path_factory.mktemp("sample") / "home"
    with Store(home) as store:
        run_pipeline(store, sample=True, report=False)
    return home


@pytest.fixture
def home_copy(sample_home, tmp_path, monkeypatch) -> Path:
    """A copy of the sample data home (`sample_home`) as TEXTMINE_HOME."""
    import shutil

    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    monkeypatch.setenv("TEXTMINE_HOME", str(home))
    return home
