"""textmine installed as a package (not editable): the wheel carries its data, and in an empty folder
`textmine init ws && cd ws && textmine run --sample` works offline.

SLOW (about a minute, marked `packaging`): the tracked files of this clone are copied to a temporary
folder (what `git clone` would give, with the working tree's edits), and `pip install <copy>` builds
the wheel and installs it into a fresh virtual environment. Nothing is downloaded: pip runs with
--no-index and --no-build-isolation, and the fresh environment sees the dependencies already installed
here through a .pth file listing this environment's site-packages folders. Those folders' own .pth
files are not read there, so this clone's editable install is not visible: the fresh environment
imports the textmine it installed, and the test checks that it does. Every command runs from a
temporary folder with a proxy that refuses connections, so a download attempt would fail.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from textmine.datafiles import guide_files, run_time_files

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.packaging


def _clone_files() -> list[str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the packaging test copies the clone's tracked files")
    res = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         capture_output=True)
    if res.returncode != 0:
        pytest.skip(f"{ROOT} is not a git work tree: the packaging test copies the clone's tracked files")
    return [f for f in res.stdout.decode().split("\0") if f and (ROOT / f).is_file()]


def _offline_env(venv: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTMINE_", "PYTHON", "PIP_"))}
    proxy = "http://127.0.0.1:9"                    # the discard port: any download attempt fails at once
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", PIP_NO_INDEX="1",
               http_proxy=proxy, https_proxy=proxy, HTTP_PROXY=proxy, HTTPS_PROXY=proxy, TEXTMINE_LANG="en")
    env.pop("VIRTUAL_ENV", None)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv, env): a fresh virtual environment with textmine installed from a copy of this clone."""
    base = tmp_path_factory.mktemp("packaging")
    clone = base / "clone"
    for rel in _clone_files():
        (clone / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, clone / rel)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    here = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    assert sysconfig.get_paths()["purelib"] in here
    (purelib / "_textmine_test_dependencies.pth").write_text("\n".join(here) + "\n", "utf-8")
    env = _offline_env(venv)
    res = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--no-build-isolation",
                          "--disable-pip-version-check", str(clone)], cwd=base, env=env, capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return venv, env


CHECK = """
import json, sys
import textmine
from textmine.resources import data_root, PACKAGED
from textmine.datafiles import guide_files, run_time_files
from textmine.i18n import catalogue
from textmine.registry import load_registry
from textmine.scoring import load_model
from textmine.scoring.ahp import random_index_tables
from textmine.scoring.compare import load_ranks
from textmine.scoring.plausibility import load_city_areas
from textmine.lexicon import category_keys, load_lexicon
from textmine.evidence.rules import load_rules as evidence_rules
from textmine.editions import load_rules as edition_rules
from textmine.crawl.sources import load_sources
from textmine.crawl.cms import load_cms
from textmine.pipeline import sample_manifest
from textmine.reference import reference

print(json.dumps({
    "package": textmine.__file__, "sys_path": sys.path, "root": str(data_root()), "how": data_root().how,
    "files": sorted(run_time_files(PACKAGED)),
    "bytes": sum(PACKAGED.joinpath(f).stat().st_size for f in run_time_files(PACKAGED)),
    "cities": len(load_registry().cities), "leaves": len(load_model().leaves),
    "lexicons": {c: len(load_lexicon(c).entries) for c in category_keys()},
    "evidence_leaves": len(evidence_rules().leaves), "periods": list(edition_rules().period_names),
    "sources": len(load_sources().cities), "cms": len(load_cms()), "ri": sorted(random_index_tables()),
    "published": len(load_ranks("published")[0]), "areas": len(load_city_areas()),
    "sample": [str(r["path"]) for r in sample_manifest() if r["path"].is_file()], "period": reference().period,
    "guides": sorted(guide_files(PACKAGED)), "catalogue": len(catalogue()),
}))
"""


def test_installed_package_finds_its_data_without_the_repository(installed, tmp_path):
    venv, env = installed
    res = subprocess.run([str(venv / "bin" / "python"), "-I", "-c", CHECK], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    got = json.loads(res.stdout)
    assert Path(got["package"]).is_relative_to(venv)                       # the installed copy, not this clone
    assert not any(Path(p).resolve().is_relative_to(ROOT) for p in got["sys_path"] if p)
    assert got["how"] == "package" and Path(got["root"].split(" (")[0]).is_relative_to(venv)
    assert got["files"] == sorted(run_time_files(ROOT))                     # every run-time file, nothing else
    assert got["bytes"] < 5_000_000         # 3.6 MB today, 3.4 MB of it the sample documents: keep it small
    assert got["cities"] == 339 and got["leaves"] == 76 and got["published"] == 339 and got["areas"] >= 339
    assert all(n > 0 for n in got["lexicons"].values()) and got["evidence_leaves"] > 0
    assert got["periods"] and got["sources"] > 0 and got["cms"] > 0 and "saaty" in got["ri"]
    assert got["sample"] and all(Path(p).is_relative_to(venv) for p in got["sample"])
    assert got["guides"] == sorted(guide_files(ROOT)) and "docs/zh/names.md" in got["guides"]   # docs/zh ships
    assert got["catalogue"] > 500                                # the Chinese messages, read from the .po


def test_installed_package_speaks_chinese_and_refuses_edits_outside_a_workspace(installed, tmp_path):
    venv, env = installed
    textmine = str(venv / "bin" / "textmine")
    zh = {**env, "TEXTMINE_LANG": "zh"}
    res = subprocess.run([textmine, "lexicon", "add", "--help"], cwd=tmp_path, env=zh, capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0 and res.stdout.startswith("用法：") and "市场配置" in res.stdout
    res = subprocess.run([textmine, "lexicon", "add", "市场配置", "林业碳票"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 3 and "textmine init DIR" in res.stderr          # the defaults in site-packages stay
    res = subprocess.run([textmine, "names", "category", "主题", "--format", "csv"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "category,theme," in res.stdout


@pytest.mark.slow
def test_pip_install_then_init_and_run_sample_offline(installed, tmp_path):
    venv, env = installed
    textmine = str(venv / "bin" / "textmine")
    res = subprocess.run([textmine, "init", "ws"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-3000:]
    ws = tmp_path / "ws"
    assert "(the defaults installed with textmine)" in res.stdout
    assert (ws / "docs" / "zh" / "lexicon.md").is_file()                      # the guides the headers name
    res = subprocess.run([textmine, "run", "--sample"], cwd=ws, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert f"data root: {ws} (the workspace holding the current folder)" in res.stdout
    n = len(list(csv_rows(ROOT / "corpora" / "sample" / "manifest.csv")))
    assert f"{n} sample document(s) added" in res.stdout
    report = ws / "textmine-data" / "report" / "cemi_report.html"
    assert report.is_file() and "SYNTHETIC" in report.read_text("utf-8")
    res = subprocess.run([textmine, "status", "--format", "json"], cwd=ws / "lexicons", env=env, capture_output=True,
                         text=True, timeout=120)
    st = json.loads(res.stdout)
    assert st["home"] == str(ws / "textmine-data") and st["totals"]["documents"] == n
    assert st["data_root"] == f"{ws} (the workspace holding the current folder)"


def csv_rows(path: Path):
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)
