"""A writer SIGKILLed mid-write leaves `.tmp-…` files; the next start removes them, never a live writer's."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from textmine.store import Store

WRITER = """
import sys
from pathlib import Path
from textmine.atomic import atomic_path
home, name = Path(sys.argv[1]), sys.argv[2]
with atomic_path(home / "raw" / name[:2] / name) as raw, atomic_path(home / f"{name}.jsonl") as other:
    raw.write_bytes(b"half of a download")
    other.write_text("half a journal")
    print("writing", flush=True)
    sys.stdin.readline()          # holds both temporary files until told to finish
"""


def _writer(home: Path, name: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(home), name], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "writing\n"
    return proc


def _temporaries(home: Path, name: str) -> list[Path]:
    return sorted([*home.glob(f".tmp-{name}.jsonl.*"), *home.glob(f"raw/{name[:2]}/.tmp-{name}.*")])


def test_leftovers_of_a_killed_writer_are_removed_at_the_next_start_and_a_live_writers_kept(tmp_path):
    home = tmp_path / "home"
    with Store(home) as store:
        kept, _ = store.put_raw_bytes(b"a stored file")
    killed = _writer(home, "ab" + "0" * 62)
    live = _writer(home, "ab" + "1" * 62)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    leftovers, held = _temporaries(home, "ab" + "0" * 62), _temporaries(home, "ab" + "1" * 62)
    assert len(leftovers) == 2 and len(held) == 2
    try:
        # the next start: any command opening the data home (here `status`, which only reads)
        env = {**os.environ, "TEXTMINE_HOME": str(home)}
        out = subprocess.run([sys.executable, "-m", "textmine", "status"], env=env, capture_output=True, timeout=120)
        assert out.returncode == 0, out.stderr.decode()[-2000:]
        assert not any(p.exists() for p in leftovers)
        assert all(p.exists() for p in held)            # the live writer's files are left alone
        with Store(home) as store:
            assert store.read_raw(kept) == b"a stored file"
    finally:
        live.communicate("\n", timeout=30)
    assert live.returncode == 0
    assert (home / "raw" / "ab" / ("ab" + "1" * 62)).read_bytes() == b"half of a download"
    assert (home / ("ab" + "1" * 62 + ".jsonl")).read_text() == "half a journal"
    assert _temporaries(home, "ab" + "1" * 62) == []

