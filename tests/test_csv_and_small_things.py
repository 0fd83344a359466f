"""Issue 32, cases 8 and 9: CSV that Excel reads, the same way in every command; and the small things.

On main `audit CITY --format csv --out x.csv` was refused, CSV into a file had no byte-order mark (Excel on
Chinese Windows garbles it) while `audit sample --out` wrote one; `validate --help` promised exit code 2 and
returned 3; a full-width ｜ in a lexicon got "drop the character"; `compare` did not say which plan period each
run counted; `eod模式` did not match EOD模式; 30 copies of a text gave one warning per pair (435)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import click

from count_helpers import ROOT
from textmine.cli import main

SAMPLE_15 = ROOT / "corpora" / "sample" / "docs" / "lishui_plan_15th.pdf"


def _commands(group: click.Group, path=()):
    for name, cmd in group.commands.items():
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*path, name))


def test_every_command_with_a_format_writes_it_to_a_file_with_out():
    missing = [" ".join(p) for p, cmd in _commands(main)
               if any("--format" in getattr(o, "opts", ()) for o in cmd.params)
               and not any("--out" in getattr(o, "opts", ()) for o in cmd.params)]
    assert missing == []


def test_csv_to_a_file_has_a_bom_and_to_a_pipe_none(cli, tmp_path):
    cli("ingest", SAMPLE_15, "--city", "丽水", "--kind", "plan")
    cli("count", "--period", "十五五")
    out = tmp_path / "丽水.csv"
    res = cli("audit", "丽水", "--period", "十五五", "--format", "csv", "--out", out)
    assert res.exit_code == 0 and f"wrote {out}" in res.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcategory,term,surface") and data.count(b"\n") > 100
    json_out = tmp_path / "丽水.json"
    assert cli("audit", "丽水", "--period", "十五五", "--format", "json", "--out", json_out).exit_code == 0
    assert json_out.read_text("utf-8").startswith("[")
    env = {**os.environ}
    redirected = tmp_path / "cities.csv"
    with open(redirected, "wb") as fh:          # `textmine cities --format csv > cities.csv`
        subprocess.run([sys.executable, "-m", "textmine", "cities", "--format", "csv"], stdout=fh, env=env, check=True)
    assert redirected.read_bytes().startswith(b"\xef\xbb\xbfname,code,")
    piped = subprocess.run([sys.executable, "-m", "textmine", "cities", "--format", "csv"], capture_output=True,
                           env=env, check=True).stdout       # `textmine cities --format csv | …`
    assert piped.startswith(b"name,code,")


def test_validate_help_states_the_exit_code_it_returns(cli, tmp_path):
    from textmine.scoring import load_model, write_sample_data

    helped = cli("validate", "--help").output
    stated = int(re.search(r"Exit code (\d)", " ".join(helped.split())).group(1))
    wb = write_sample_data(tmp_path / "w.csv", load_model())
    wb.write_text(wb.read_text("utf-8").replace("北京市,110000,", "北京市,110000,abc,", 1), "utf-8")
    assert cli("validate", wb).exit_code == stated == 3


def test_a_full_width_bar_in_a_lexicon_says_how_to_separate_variants(tmp_path):
    from textmine.lexicon.format import read_lexicon_file

    path = tmp_path / "market.txt"
    path.write_text("# category: market\n# name: 市场配置\n# leaf: G08\n# use: plan\n# version: 1\n# definition: x\n"
                    "生态银行｜两山银行\n", "utf-8")
    _, problems = read_lexicon_file(path, "market")
    assert [str(p).split(": ", 2)[2] for p in problems] == [
        "'生态银行｜两山银行' contains '｜' (a full-width bar): variants are separated by ' | ' (the ASCII bar with a "
        "space each side): write '生态银行 | 两山银行'"]


def test_compare_says_which_plan_period_each_run_counted(home_copy, cli):
    assert cli("score", "--data", home_copy / "sample" / "workbook-synthetic.csv", "--period", "十五五", "--runs", 10,
               "--allow-missing").exit_code == 0
    res = cli("compare", "run:1", "latest")
    assert "run 1 (SYNTHETIC; 十四五 outlines) → run 2 (SYNTHETIC; 十五五 outlines)" in res.output
    assert "counted different plan outlines (十四五 and 十五五)" in res.output
    csv_out = cli("compare", "run:1", "latest", "--format", "csv").output
    assert csv_out.startswith("index,cities,spearman") and "run 2 (SYNTHETIC; 十五五 outlines)" in csv_out


def test_latin_letters_match_in_either_case(cli, tmp_path):
    plan = tmp_path / "丽水纲要.txt"
    plan.write_text("丽水市国民经济和社会发展第十五个五年规划纲要\n推广EOD模式，探索eod模式与Eod模式的项目打包。\n", "utf-8")
    cli("ingest", plan, "--city", "丽水", "--kind", "plan", "--period", "十五五", "--plan-type", "outline")
    for mode in ("token", "substring"):
        cli("count", "--mode", mode, "--period", "十五五")
        out = cli("audit", "丽水", "--period", "十五五", "--mode", mode, "--term", "EOD", "--format", "csv").output
        assert sorted(line.split(",")[2] for line in out.splitlines() if line.startswith("market,")) == \
            ["EOD", "Eod", "eod"], mode


def test_thirty_copies_give_one_warning_not_one_per_pair(cli, tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    text = "丽水市国民经济和社会发展第十五个五年规划纲要\n" + "深化生态产品价值实现机制，开展GEP核算，推进排污权交易。\n" * 40
    for i in range(30):
        (folder / f"copy{i:02}.txt").write_text(text + "。" * i, "utf-8")
    res = cli("ingest", folder, "--city", "丽水", "--kind", "plan")
    warnings = [line for line in res.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "30 documents have the same text" in warnings[0]
    assert "copies of one document are counted once" in warnings[0]
