"""Where the data root is (explicit root > workspace found from the current folder > repository checkout >
packaged defaults) and `textmine init`: a workspace's files, what it refuses, what it keeps, and
`lexicon diff --against REV` in a workspace that is its own git repository."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from count_helpers import add_plan
from textmine import resources
from textmine.datafiles import DATA_FOLDERS, MARKER, NOT_READ_AT_RUN_TIME, SAMPLE, guide_files, workspace_files
from textmine.errors import TextmineError
from textmine.store import resolve_home
from textmine.workspace import init_workspace

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clean_root(monkeypatch, tmp_path):
    """No explicit root, and a current folder outside any workspace."""
    monkeypatch.delenv("TEXTMINE_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    resources.set_root(None)
    yield
    resources.set_root(None)


@pytest.fixture
def workspace(tmp_path, clean_root) -> Path:
    init_workspace(tmp_path / "ws")
    return tmp_path / "ws"


def test_precedence_of_the_data_root(workspace, tmp_path, monkeypatch):
    assert resources.data_root() == resources.DataRoot(ROOT, "checkout")      # nothing else: the checkout
    sub = workspace / "lexicons" / "evidence"
    monkeypatch.chdir(sub)                                                     # a workspace, found walking up
    assert resources.data_root() == resources.DataRoot(workspace, "workspace")
    assert resources.data_path("lexicons", "theme.txt") == workspace / "lexicons" / "theme.txt"
    other = tmp_path / "other"
    init_workspace(other)
    monkeypatch.setenv("TEXTMINE_ROOT", str(other))                            # the variable beats the workspace
    assert resources.data_root() == resources.DataRoot(other, "TEXTMINE_ROOT")
    resources.set_root(ROOT, "--root")                                         # the option beats the variable
    assert resources.data_root() == resources.DataRoot(ROOT, "--root")
    assert "given by --root" in str(resources.data_root())


def test_packaged_defaults_when_there_is_no_checkout(clean_root, tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "CHECKOUT", tmp_path / "site-packages")    # as in an installed wheel
    with pytest.raises(TextmineError, match="default data is missing"):
        resources.data_root()
    packaged = tmp_path / "site-packages" / "textmine" / "defaults"
    for folder in DATA_FOLDERS:
        shutil.copytree(ROOT / folder, packaged / folder)
    monkeypatch.setattr(resources, "PACKAGED", packaged)
    root = resources.data_root()
    assert root == resources.DataRoot(packaged, "package") and "installed with textmine" in str(root)
    assert resources.sample_path("manifest.csv") == packaged / SAMPLE / "manifest.csv"


def test_an_explicit_root_must_hold_the_data_folders(clean_root, tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("TEXTMINE_ROOT", str(tmp_path / "empty"))
    with pytest.raises(TextmineError, match=r"empty \(given by TEXTMINE_ROOT\) does not hold lexicons/, corpora/"):
        resources.data_root()


def test_workspace_files_readme_and_data_home(workspace, monkeypatch):
    files = sorted(p.relative_to(workspace).as_posix() for p in workspace.rglob("*") if p.is_file())
    copied = sorted(workspace_files(ROOT))
    guides = sorted(guide_files(ROOT))                                         # docs/zh: the guides headers name
    assert "docs/zh/names.md" in guides and "docs/zh/lexicon.md" in guides
    assert files == sorted(copied + guides + ["README.md", ".gitignore", MARKER])
    for rel in guides:
        assert (workspace / rel).read_bytes() == (ROOT / rel).read_bytes()
    assert not any(f.startswith(SAMPLE) for f in files)                       # the sample stays in the package
    assert not any(f.startswith(p) for f in files for p in NOT_READ_AT_RUN_TIME)
    for rel in copied:                                                         # identical copies of the defaults
        assert (workspace / rel).read_bytes() == (ROOT / rel).read_bytes()
    readme = (workspace / "README.md").read_text("utf-8")
    for rel in copied:                                                         # the README says what each one is
        p = Path(rel)
        assert (p.name if p.parent.name in DATA_FOLDERS else f"{p.parent.name}/") in readme, rel
    assert "textmine-data/" in (workspace / ".gitignore").read_text("utf-8").splitlines()
    monkeypatch.delenv("TEXTMINE_HOME", raising=False)
    monkeypatch.chdir(workspace / "scoring")
    assert resolve_home() == workspace / "textmine-data"                      # the workspace's data home
    assert resolve_home("elsewhere") == workspace / "scoring" / "elsewhere"   # unless one is given
    # the sample corpus is read from the defaults, everything else from the workspace
    assert resources.sample_path("manifest.csv") == ROOT / SAMPLE / "manifest.csv"


def test_init_refuses_a_folder_that_is_not_empty_and_force_keeps_edits(cli, workspace):
    theme = workspace / "lexicons" / "theme.txt"
    theme.write_text(theme.read_text("utf-8") + "美丽乡村\n", "utf-8")
    (workspace / "corpora" / "editions.toml").unlink()
    (workspace / ".gitignore").write_text("*.log", "utf-8")
    edited = theme.read_bytes()
    r = cli("init", workspace)
    assert r.exit_code == 3 and "is not empty" in r.output and "--force" in r.output
    assert theme.read_bytes() == edited and not (workspace / "corpora" / "editions.toml").exists()
    r = cli("init", "--force", workspace)
    assert r.exit_code == 0, r.output
    assert "1 file(s) written" in r.output                                     # the deleted one comes back
    assert "kept as they are: lexicons/theme.txt, README.md" not in r.output  # README.md was not edited
    assert "kept as they are: lexicons/theme.txt" in r.output
    assert theme.read_bytes() == edited                                        # never overwritten
    assert (workspace / "corpora" / "editions.toml").read_bytes() == (ROOT / "corpora" / "editions.toml").read_bytes()
    assert (workspace / ".gitignore").read_text("utf-8") == "*.log\ntextmine-data/\n"
    assert "added textmine-data/ to the existing .gitignore" in r.output
    (workspace.parent / "a-file").write_text("x")
    r = cli("init", workspace.parent / "a-file")
    assert r.exit_code == 3 and "is a file, not a folder" in r.output


def test_status_and_run_say_which_root(cli, workspace, monkeypatch, tmp_path):
    monkeypatch.chdir(workspace)
    r = cli("status")
    assert r.exit_code == 0 and f"data root {workspace} (the workspace holding the current folder)" in r.output
    r = cli("--root", ROOT, "status", "--format", "json")
    assert json.loads(r.output)["data_root"] == f"{ROOT} (given by --root)"
    assert resources.data_root().how == "workspace"                            # --root lasts one command
    (workspace / "scoring" / "indicators.csv").unlink()
    r = cli("evidence", "rules")
    assert r.exit_code == 4 and "indicators.csv is missing from the data root" in r.output, r.output
    assert "textmine init --force" in r.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_lexicon_diff_against_a_revision_in_a_workspace_that_is_a_git_repository(cli, store, workspace, monkeypatch):
    git = ["git", "-C", str(workspace), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "workspace"], check=True)
    monkeypatch.chdir(workspace / "corpora")
    add_plan(store, "350700", ["南平市提高城市排水能力，加强生态环境保护。"])
    r = cli("lexicon", "add", "resource", "排水")
    assert r.exit_code == 0 and "排水" in (workspace / "lexicons" / "resource.txt").read_text("utf-8")
    assert "排水" not in (ROOT / "lexicons" / "resource.txt").read_text("utf-8")
    r = cli("lexicon", "diff", "--against", "HEAD", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [(x["city"], x["category"], x["change"]) for x in rows] == [("南平市", "resource", 1)]
