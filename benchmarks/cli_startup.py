"""How long the light commands take to start, against `python -c "import pandas"` (issue 13).

    python benchmarks/cli_startup.py [--runs 10]

Uses `farm-bench` (the machine's whole-process timer) when it is on PATH, else times the processes
itself; prints minimum and median wall time of each command. tests/test_cli_startup.py checks the
cause (no heavy library imported); this measures the effect.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = {"import pandas": [sys.executable, "-c", "import pandas"],
            "textmine --help": [sys.executable, "-m", "textmine", "--help"],
            "textmine cities": [sys.executable, "-m", "textmine", "cities", "--format", "csv"],
            "textmine status": [sys.executable, "-m", "textmine", "status"]}


def timed(cmd: list[str], runs: int, env: dict) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        out.append(time.perf_counter() - t)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TEXTMINE_HOME": home}
        subprocess.run([sys.executable, "-m", "textmine", "status"], env=env, capture_output=True, check=True)
        if shutil.which("farm-bench"):
            print("(farm-bench is on PATH: `farm-bench -- <command>` gives the same figures with its own statistics)")
        print("| command | min | median |")
        print("|---|---|---|")
        for name, cmd in COMMANDS.items():
            t = timed(cmd, args.runs, env)
            print(f"| {name} | {min(t):.3f} s | {statistics.median(t):.3f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
