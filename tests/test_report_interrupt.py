"""Issue 32, case 4: Ctrl-C during `textmine report` leaves the previous report whole and says what happened.

On main an interrupt left 92 audit pages in a fresh folder, or a new cemi_report.html beside the old
cemi_report.xlsx, and printed "interrupted (this command writes nothing)". Here a real `textmine report`
subprocess gets SIGINT at three moments, each recognised on disk (no timing is assumed): while it writes the audit
pages, once the new HTML is written (the workbook being next), and while it analyses (its new folder exists,
empty). Every time the old report is byte for byte what it was, nothing is left beside it, and the message says
so; in a fresh folder nothing is created."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from textmine.atomic import TMP_PREFIX


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _temp(parent: Path, name: str) -> Path | None:
    found = [p for p in parent.iterdir() if p.name.startswith(f"{TMP_PREFIX}{name}.")]
    return found[0] if found else None


def _pages(folder: Path | None) -> int:
    return len(os.listdir(folder / "audit")) if folder is not None and (folder / "audit").is_dir() else 0


# each moment as it shows on disk: in the report's new folder (written whole, then swapped in), or — as a report
# written in place would show it — in the target folder itself
MOMENTS = {
    "audit pages": lambda t, out: _pages(t) >= 20 or _pages(out) >= 20,
    "html written": lambda t, out: t is not None and (t / "cemi_report.html").is_file() or
    (out / "cemi_report.html").is_file() and "last week" not in (out / "cemi_report.html").read_text("utf-8"),
    "analysing": lambda t, out: t is not None and not (t / "audit").exists(),
}


def _interrupt(home: Path, out: Path, moment: str) -> subprocess.CompletedProcess:
    """Start `textmine report --out OUT`, send SIGINT when `moment` is seen on disk, return how it ended."""
    env = {**os.environ, "TEXTMINE_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "textmine", "report", "--out", str(out)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = False
    deadline = time.monotonic() + 300          # a guard against a hang, not a timing assumption
    while proc.poll() is None and time.monotonic() < deadline:
        if MOMENTS[moment](_temp(out.parent, out.name), out):
            proc.send_signal(signal.SIGINT)
            seen = True
            break
        time.sleep(0.005)
    stdout, stderr = proc.communicate(timeout=300)
    assert seen, f"the report ended before {moment!r} was seen: {stdout}{stderr}"
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


@pytest.fixture
def report_home(sample_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    return home


@pytest.mark.slow
def test_ctrl_c_leaves_the_previous_report_whole(report_home, tmp_path):
    out = tmp_path / "report"
    (out / "audit").mkdir(parents=True)
    (out / "cemi_report.html").write_text("<html>the report of last week</html>", "utf-8")
    (out / "cemi_report.xlsx").write_bytes(b"PK last week's workbook")
    (out / "audit" / "331100.html").write_text("last week's audit page", "utf-8")
    before = _snapshot(out)
    for moment in MOMENTS:
        res = _interrupt(report_home, out, moment)
        assert res.returncode == 130, (moment, res.stderr)
        assert f"the report was not finished, and nothing of it was kept — {out} is the previous report, whole and " \
               "unchanged" in res.stderr, (moment, res.stderr)
        assert "writes nothing" not in res.stderr
        assert _snapshot(out) == before, moment
        assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "report"], moment     # nothing left beside


@pytest.mark.slow
def test_ctrl_c_in_a_fresh_folder_creates_nothing(report_home, tmp_path):
    out = tmp_path / "fresh"
    res = _interrupt(report_home, out, "audit pages")
    assert res.returncode == 130 and f"{out} was not created" in res.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_a_folder_with_other_files_is_not_replaced(tmp_path):
    from textmine.atomic import check_replaceable
    from textmine.errors import TextmineError
    from textmine.report.build import report_entry

    out = tmp_path / "mine"
    out.mkdir()
    (out / "cemi_report.html").write_text("x", "utf-8")
    (out / "notes.docx").write_text("a user's own file", "utf-8")
    with pytest.raises(TextmineError, match=r"holds files that are not part of a report \(notes.docx\)"):
        check_replaceable(out, report_entry, "report")


def test_a_swap_cut_between_its_renames_is_repaired(tmp_path):
    """A writer killed after moving the old folder aside and before moving the new one in: the next writer puts
    the old folder back first (and removes the dead writer's temporary folder)."""
    from textmine.atomic import OLD_PREFIX, atomic_dir

    out = tmp_path / "report"
    (tmp_path / f"{OLD_PREFIX}report.x1").mkdir()
    (tmp_path / f"{OLD_PREFIX}report.x1" / "cemi_report.html").write_text("old", "utf-8")
    dead = tmp_path / f"{TMP_PREFIX}report.x2"
    dead.mkdir()
    (dead / "cemi_report.html").write_text("half", "utf-8")
    (dead / ".writer.lock").write_text("", "utf-8")      # its writer's lock, released when the writer died
    with pytest.raises(RuntimeError):
        with atomic_dir(out, "report") as tmp:
            assert (out / "cemi_report.html").read_text("utf-8") == "old" and not dead.exists()
            (tmp / "cemi_report.html").write_text("new", "utf-8")
            raise RuntimeError("the writer fails")
    assert (out / "cemi_report.html").read_text("utf-8") == "old"
    with atomic_dir(out, "report") as tmp:
        (tmp / "cemi_report.html").write_text("new", "utf-8")
    assert (out / "cemi_report.html").read_text("utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
