"""Bad input, part 3: editing data files of a wheel install. Outside a workspace the data root is the copy
installed inside site-packages; `lexicon add/remove/exclude` there must refuse (the edit would vanish with the
next install and change every project on the machine), and work in a workspace."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from textmine import resources
from textmine.datafiles import DATA_FOLDERS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def wheel(tmp_path, monkeypatch) -> Path:
    """The data root as in an installed wheel: no checkout, the defaults inside the package; cwd outside any
    workspace. Returns the packaged lexicons folder."""
    monkeypatch.delenv("TEXTMINE_ROOT", raising=False)
    monkeypatch.delenv("TEXTMINE_LEXICONS", raising=False)
    site = tmp_path / "site-packages"
    packaged = site / "textmine" / "defaults"
    for folder in DATA_FOLDERS:
        shutil.copytree(ROOT / folder, packaged / folder, ignore=shutil.ignore_patterns("sample"))
    monkeypatch.setattr(resources, "CHECKOUT", site)
    monkeypatch.setattr(resources, "PACKAGED", packaged)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    resources.set_root(None)
    assert resources.data_root().how == "package"
    return packaged / "lexicons"


@pytest.mark.parametrize("args", [
    ("lexicon", "add", "theme", "美丽乡村"),
    ("lexicon", "remove", "theme", "生态资产"),
    ("lexicon", "exclude", "market", "碳市场", "碳市场营销", "--why", "marketing, not the carbon market"),
], ids=["add", "remove", "exclude"])
def test_lexicon_edits_refuse_the_installed_defaults(cli, wheel, args):
    before = {p.name: p.read_bytes() for p in wheel.glob("*.txt")}
    res = cli(*args)
    assert res.exit_code == 3, res.output
    assert "is one of the defaults installed with textmine" in res.output and "textmine init DIR" in res.output
    assert {p.name: p.read_bytes() for p in wheel.glob("*.txt")} == before


def test_the_same_edit_works_in_a_workspace(cli, wheel, tmp_path, monkeypatch):
    res = cli("init", str(tmp_path / "ws"))
    assert res.exit_code == 0, res.output
    monkeypatch.chdir(tmp_path / "ws")
    res = cli("lexicon", "add", "theme", "美丽乡村", "--why", "乡村生态建设的主题表述")
    assert res.exit_code == 0, res.output
    assert "美丽乡村" in (tmp_path / "ws" / "lexicons" / "theme.txt").read_text("utf-8")
    assert "美丽乡村" not in (wheel / "theme.txt").read_text("utf-8")
