"""Editions of the scoring model (issue 23): cemi-2026 (十五五, news of 2025) beside cemi-2025, chosen by name —
`--model`, TEXTMINE_MODEL, or the workspace's textmine-workspace.toml."""
from __future__ import annotations

import pytest

from textmine.errors import TextmineError
from textmine.reference import model_config, model_editions, reference, set_model


@pytest.fixture(autouse=True)
def _no_choice(monkeypatch):
    monkeypatch.delenv("TEXTMINE_MODEL", raising=False)
    yield
    set_model(None)


def test_the_2026_edition_counts_the_15th_outlines_and_the_news_of_2025(monkeypatch):
    from textmine.scoring import load_model

    base = reference()
    assert (base.model_version, base.period, base.since, base.until) == ("cemi-2025.1", "十四五", "2024-01-01",
                                                                        "2024-12-31")
    monkeypatch.setenv("TEXTMINE_MODEL", "cemi-2026")
    ref = reference()
    assert (ref.model_version, ref.period, ref.since, ref.until, ref.news_lexicon) == (
        "cemi-2026.1", "十五五", "2025-01-01", "2025-12-31", "news")
    m2026 = load_model()
    monkeypatch.setenv("TEXTMINE_MODEL", "cemi-2025")
    m2025 = load_model()
    assert m2026.version == "cemi-2026.1" and m2025.version == "cemi-2025.1"
    assert m2026.sha256 != m2025.sha256                       # a run of one edition is never reused for the other
    assert m2026.config["winsorise"] == m2025.config["winsorise"] and m2026.weights == m2025.weights
    assert set(model_editions()) >= {"cemi-2025", "cemi-2026"}


def test_an_unknown_edition_or_a_preset_of_unknown_sections_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("TEXTMINE_MODEL", "cemi-2099")
    with pytest.raises(TextmineError, match=r"unknown model edition 'cemi-2099' \(chosen by TEXTMINE_MODEL\); "
                                            r"editions in .*: cemi-2025, cemi-2026"):
        reference()
    import shutil

    from textmine.resources import data_path

    scoring = tmp_path / "scoring"
    shutil.copytree(data_path("scoring"), scoring)
    (scoring / "models" / "odd.toml").write_text('[planing]\nperiod = "十五五"\n', encoding="utf-8")
    monkeypatch.setenv("TEXTMINE_MODEL", "odd")
    with pytest.raises(TextmineError, match=r"odd.toml: \[planing\] is not a section of"):
        model_config(scoring)


def test_the_cli_option_and_the_workspace_choose_the_edition(cli, tmp_path, monkeypatch):
    out = cli("--model", "cemi-2026", "status").output
    assert "model cemi-2026 (cemi-2026.1, 2026年版：十五五规划纲要；政府关注 2025年; chosen by --model)" in out
    assert "model cemi-2025 (cemi-2025.1" in cli("status").output
    r = cli("init", tmp_path / "ws", "--model", "cemi-2026")
    assert r.exit_code == 0 and "model edition cemi-2026" in r.output
    assert 'model = "cemi-2026"' in (tmp_path / "ws" / "textmine-workspace.toml").read_text("utf-8")
    monkeypatch.chdir(tmp_path / "ws")
    assert reference().period == "十五五"
    assert "chosen by the workspace" in cli("status").output
    assert "model cemi-2025" in cli("--model", "cemi-2025", "status").output    # one command, another edition
    bad = cli("init", tmp_path / "ws2", "--model", "cemi-1999")
    assert bad.exit_code == 3 and "unknown model edition 'cemi-1999'; editions: cemi-2025, cemi-2026" in bad.output
