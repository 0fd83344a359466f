"""Shared fixtures: a fresh data home per test, the CLI runner, and ../shared when present."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEXTMINE_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def shared() -> Path:
    """The ../shared folder (real documents, reference ranks); skip when it is not beside the clone."""
    if not (SHARED / "DESIGN.md").is_file():
        pytest.skip(f"../shared is absent ({SHARED}); real-data tests need it beside the clone")
    return SHARED


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
