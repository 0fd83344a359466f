"""One CLI grammar (issue 13): global options anywhere, --out and --format everywhere, dates as dates,
options that would be ignored refused, exit codes that tell usage from input from environment, and
library code that neither prints nor names command-line flags."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import click
import pytest

from count_helpers import ROOT
from textmine.cli import main

PACKAGE = ROOT / "textmine"


def test_home_is_accepted_before_or_after_the_command(cli, tmp_path):
    home = tmp_path / "h"
    before = cli("--home", home, "status", "--format", "json").output
    after = cli("status", "--home", home, "--format", "json").output
    assert json.loads(before)["home"] == json.loads(after)["home"] == str(home)


def _commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))
        yield prefix + (name,), cmd


def test_output_is_out_and_tables_offer_csv_and_json():
    for path, cmd in _commands(main):
        opts = {o for p in cmd.params if isinstance(p, click.Option) for o in p.opts}
        assert "--output" not in opts, path
        fmt = next((p for p in cmd.params if isinstance(p, click.Option) and "--format" in p.opts), None)
        if fmt is not None and "table" in fmt.type.choices:
            assert {"table", "csv", "json"} <= set(fmt.type.choices), path


@pytest.mark.parametrize("args,code,needle", [
    (["crawl", "items", "--since", "2023-02-30"], 2, "not a calendar date: 2023-02 has 28 days"),
    (["run", "--sample", "--sources", "x.toml"], 2, "--sources would be ignored: it is only used with --crawl"),
    (["audit", "丽水", "--since", "2024-01-01"], 2, "--since would be ignored"),
    (["count", "--compare", "十四五", "十五五", "--period", "十四五"], 2, "--period would be ignored"),
    (["score", "--run", "1", "--k", "2"], 2, "--k would be ignored"),
    (["count", "--mode", "regex"], 2, "Invalid value for '--mode'"),
    (["cities", "--province", "火星"], 3, "unknown province"),
    (["ingest", "nowhere.pdf", "--city", "丽水", "--kind", "plan"], 3, "file not found"),
    (["extract", "nowhere.pdf"], 3, "error: nowhere.pdf: file not found\n"),   # the path said once
    (["run"], 3, "give an indicator workbook (--data"),        # a parameter named in the library, shown as its option
])
def test_usage_errors_and_refused_input_have_their_own_exit_codes(cli, args, code, needle):
    r = cli(*args)
    assert r.exit_code == code and needle in r.output, r.output


def test_an_environment_problem_exits_4(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("--home", blocker / "home", "ingest", blocker, "--city", "丽水", "--kind", "plan")
    assert r.exit_code == 4 and "cannot be created or opened: Not a directory" in r.output


def test_help_states_the_exit_codes_and_prints_percent_signs(cli):
    assert "Exit codes: 0 done; 1 done, but something failed" in cli("--help").output
    text = cli("score", "--help").output
    assert "±20 %" in text and "%%" not in text


def _library_modules():
    return [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts]


def test_library_code_neither_prints_nor_draws_progress_bars():
    for path in _library_modules():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                pytest.fail(f"{path}:{node.lineno} prints")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert not any(n == "rich" or n.startswith("rich.") or n == "click" for n in names), \
                    f"{path}:{node.lineno} imports {names}: terminal output belongs to textmine/cli"


def test_library_errors_name_parameters_not_flags():
    """A library error says `allow_missing`; the CLI shows it as --allow-missing (cli_words)."""
    import re

    flag = re.compile(r"(?<![\w`])--[a-z][a-z-]+")
    for path in _library_modules():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and node.exc is not None:
                for const in ast.walk(node.exc):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str):
                        text = const.value.split("`")[0::2]   # outside backquotes (`textmine ingest --kind plan` is a command)
                        assert not any(flag.search(t) for t in text), f"{path}:{node.lineno}: {const.value!r}"


def test_no_import_fallback_hides_a_stage():
    allowed = {PACKAGE / "count" / "segment.py"}       # the optional rjieba backend, a clear error when asked
    for path in _library_modules():
        if path in allowed:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                assert "ImportError" not in names and "ModuleNotFoundError" not in names, f"{path}:{node.lineno}"


def test_cli_words_renders_parameters_as_options():
    from textmine.cli.app import cli_words

    assert cli_words("or allow missing values (`allow_missing`)", main) == "or allow missing values (--allow-missing)"
    assert cli_words("run `textmine parse` first; `unknown_thing`", main) == "run `textmine parse` first; `unknown_thing`"


def test_an_interrupted_reading_command_does_not_speak_of_committed_work(cli, tmp_path, monkeypatch):
    """Ctrl-C: a command that took the data home's lock keeps its committed work (tests/test_pipeline.py);
    one that writes nothing (extract) says so instead."""
    import textmine.parse.runner as runner

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_one", interrupted)
    f = tmp_path / "a.txt"
    f.write_text("生态产品价值实现", "utf-8")
    r = cli("extract", f)
    assert r.exit_code == 130 and "interrupted (this command writes nothing)" in r.output
    assert "committed" not in r.output


def test_ctrl_c_that_a_library_turns_into_another_error_is_still_an_interrupt(cli, monkeypatch):
    """opencc's import catches a Ctrl-C and raises ImportError ('opencc_clib not found'): a run interrupted while
    it imports ended in that traceback (exit 1). Any error after a Ctrl-C is the interrupt's: exit 130, said."""
    import os
    import signal

    from textmine.cli import main

    def swallowing(**_kw):
        try:
            os.kill(os.getpid(), signal.SIGINT)       # Ctrl-C, delivered to this (main) thread
        except BaseException:                          # what a bare `except:` in a library does with it
            raise ImportError("opencc_clib not found") from None

    monkeypatch.setattr(main.commands["cities"], "callback", swallowing)
    r = cli("cities")
    assert r.exit_code == 130 and "interrupted" in r.output and "ImportError" not in r.output
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler      # Python's handler is back


def test_an_error_without_ctrl_c_is_not_taken_for_one(cli, monkeypatch):
    from textmine.cli import main

    def failing(**_kw):
        raise ImportError("a real missing module")

    monkeypatch.setattr(main.commands["cities"], "callback", failing)
    with pytest.raises(ImportError):
        cli("cities")


def test_such_a_ctrl_c_inside_a_folder_writer_says_the_previous_output_is_whole(cli, monkeypatch, tmp_path):
    import os
    import signal

    from textmine.atomic import atomic_dir
    from textmine.cli import main

    out = tmp_path / "report"
    out.mkdir()
    (out / "cemi_report.html").write_text("last week", "utf-8")

    def swallowing(**_kw):
        with atomic_dir(out, "report") as tmp:
            (tmp / "cemi_report.html").write_text("half", "utf-8")
            try:
                os.kill(os.getpid(), signal.SIGINT)
            except BaseException:
                raise ImportError("esda not found") from None

    monkeypatch.setattr(main.commands["cities"], "callback", swallowing)
    r = cli("cities")
    assert r.exit_code == 130 and f"{out} is the previous report, whole and unchanged" in r.output
    assert (out / "cemi_report.html").read_text("utf-8") == "last week" and os.listdir(tmp_path) == ["report"]


def test_a_ctrl_c_that_ends_as_a_textmine_error_in_a_folder_writer_says_what_it_left(cli, monkeypatch, tmp_path):
    """The same, when the error the Ctrl-C became is one of textmine's own (a TextmineError): it was reported as
    an interrupt without what the folder writer left."""
    import os
    import signal

    from textmine.atomic import atomic_dir
    from textmine.cli import main
    from textmine.errors import TextmineError

    out = tmp_path / "report"
    out.mkdir()
    (out / "cemi_report.html").write_text("last week", "utf-8")

    def swallowing(**_kw):
        with atomic_dir(out, "report") as tmp:
            (tmp / "cemi_report.html").write_text("half", "utf-8")
            try:
                os.kill(os.getpid(), signal.SIGINT)
            except BaseException:
                raise TextmineError("the chart could not be drawn") from None

    monkeypatch.setattr(main.commands["cities"], "callback", swallowing)
    r = cli("cities")
    assert r.exit_code == 130 and f"{out} is the previous report, whole and unchanged" in r.output
