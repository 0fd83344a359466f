"""Messages in the user's language (issue 27): every message id has a Chinese translation, help of every command
is Chinese with TEXTMINE_LANG=zh and English with TEXTMINE_LANG=en, the language follows the locale, and
translations keep every placeholder of their English id."""
from __future__ import annotations

import ast
import re
import string

import click
import pytest

from count_helpers import ROOT, load_tool
from textmine.cli import main
from textmine.cli.help import walk
from textmine.i18n import catalogue, language, speaking

CJK = re.compile(r"[\u4e00-\u9fff]")


def _tool():
    return load_tool("messages")


@pytest.fixture(scope="module")
def ids():
    return _tool().collect()


def test_every_message_id_has_a_chinese_translation(ids):
    tool = _tool()
    lacking = tool.missing(ids, tool.read(tool.PO))
    assert not lacking, ("messages without a Chinese translation (run `python tools/messages.py`, then write their "
                         "msgstr in textmine/locale/zh_CN/LC_MESSAGES/textmine.po):\n" + "\n".join(map(repr, lacking)))
    assert len(ids) > 500


def test_a_new_english_message_without_translation_is_found(ids):
    tool = _tool()
    found = dict(ids)
    found["a message added to the code yesterday: {n} things"] = [("textmine/cli/x.py", 1)]
    assert tool.missing(found, tool.read(tool.PO)) == ["a message added to the code yesterday: {n} things"]


def test_the_ids_cover_every_help_text_and_every_translated_call(ids):
    from textmine.cli.help import help_ids

    assert set(help_ids(main)) <= set(ids)
    assert "error: {message}" in ids and "Usage:" in ids and "Show this message and exit." in ids
    assert "one period (not --compare)" in ids          # the `what` of only_with(...)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_translations_keep_every_placeholder_of_their_id():
    bad = []
    for msgid, msgstr in catalogue().items():
        # Chinese has one plural form: its one string may use the fields of the singular or the plural id
        pairs = [("\n".join(msgid), s) for s in msgstr] if isinstance(msgid, tuple) else [(msgid, msgstr)]
        for mid, mstr in pairs:
            try:
                if "{" in mid and _fields(mstr) - _fields(mid):
                    bad.append((mid, mstr))
                if "{" in mid and not isinstance(msgid, tuple) and _fields(mid) - _fields(mstr):
                    bad.append((mid, mstr))
                if "%(" in mid and set(re.findall(r"%\((\w+)\)", mid)) != set(re.findall(r"%\((\w+)\)", mstr)):
                    bad.append((mid, mstr))
            except ValueError:                # a brace that is no placeholder: compare the text as it is
                pass
        if isinstance(msgid, str) and msgid.startswith("\b") != msgstr.startswith("\b"):
            bad.append((msgid, msgstr))
        if isinstance(msgid, str) and ("\n\b\n" in msgid) != ("\n\b\n" in msgstr):
            bad.append((msgid, msgstr))          # a block kept as written (click's \b) stays one
    assert not bad, bad[:5]


@pytest.mark.parametrize("value,expected", [("zh", "zh"), ("zh_CN.UTF-8", "zh"), ("zh-Hans", "zh"), ("en", "en"),
                                            ("en_US.UTF-8", "en"), ("fr_FR", "en")])
def test_textmine_lang_chooses(monkeypatch, value, expected):
    monkeypatch.setenv("TEXTMINE_LANG", value)
    assert language() == expected


@pytest.mark.parametrize("env,expected", [({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_GB.UTF-8"}, "en"),
                                          ({"LANG": "C.UTF-8"}, "zh"), ({}, "zh"),
                                          ({"LANGUAGE": "en:zh", "LANG": "zh_CN.UTF-8"}, "en"),
                                          ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh")])
def test_the_locale_chooses_without_textmine_lang(monkeypatch, env, expected):
    for var in ("TEXTMINE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert language() == expected


def test_speaking_forces_a_language_for_what_is_stored_or_always_chinese(monkeypatch):
    from textmine.i18n import _

    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    assert _("error: {message}") == "错误：{message}"
    with speaking("en"):
        assert _("error: {message}") == "error: {message}"
    monkeypatch.setenv("TEXTMINE_LANG", "en")
    with speaking("zh"):
        assert _("error: {message}") == "错误：{message}"


COMMANDS = [" ".join(path) for path, cmd in walk(main)]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p or "textmine")
def test_every_command_has_chinese_help_and_english_help(cli, monkeypatch, path):
    args = [*path.split(), "--help"] if path else ["--help"]
    en = cli(*args)
    assert en.exit_code == 0 and "Usage:" in en.output and not en.output.startswith("用法")
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    zh = cli(*args)
    assert zh.exit_code == 0 and zh.output.startswith("用法：") and "显示此帮助并退出" in zh.output
    cmd = main
    for word in path.split():
        cmd = cmd.commands[word]
    for p in cmd.params:                                       # every option's help is translated
        if isinstance(p, click.Option) and p.help and CJK.search(catalogue().get(_clean(p.help), "")) is None:
            pytest.fail(f"textmine {path} {p.opts[0]}: no Chinese help")
    description = zh.output.split("\n\n", 2)[1]
    assert CJK.search(description), description


def _clean(text):
    import inspect

    return inspect.cleandoc(text)


def test_english_help_is_todays(cli):
    r = cli("audit", "city", "--help")
    flat = " ".join(r.output.split())
    assert "Why does CITY score what it scores: the per-term table" in flat
    assert "Only this category; news lists the news items counted for 政府关注 (G02)" in flat
    assert "Options:" in r.output and "[default: 30]" in flat


def test_chinese_help_is_wrapped_by_display_width(cli, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("ingest", "--help").output
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert not any(line.strip().startswith(("。", "，", "）", "、")) for line in out.splitlines())


def test_errors_and_usage_errors_in_chinese(cli, monkeypatch):
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    r = cli("count", "--bogus")
    assert r.exit_code == 2 and "错误：没有这个选项 '--bogus'。" in r.output and "用法：main count" in r.output
    r = cli("score")
    assert r.exit_code == 3 and "错误：请用 --data 给出指标工作簿" in r.output
    r = cli("audit", "丽水", "--category", "生态")
    assert r.exit_code == 2 and "对应不止一个词表类别" in r.output
    r = cli("count", "--compare", "十四五", "十五五", "--period", "十四五")
    assert r.exit_code == 2 and "--period 会被忽略：它只与单个规划期（不与 --compare 同用）同用" in r.output
    monkeypatch.setenv("TEXTMINE_LANG", "en")
    r = cli("count", "--bogus")
    assert "Error: No such option: --bogus" in r.output or "No such option '--bogus'" in r.output


def test_progress_labels_and_stage_lines(monkeypatch):
    from textmine.cli.progress import label
    from textmine.cli.run import stage_line

    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    assert label("report: map: 生态资源禀赋") == "报告：地图：生态资源禀赋"
    assert label("crawl news: 南平市 52 found") == "抓取新闻：南平市 52 found"
    assert stage_line("parse", True, 0.8, "…") == "   解析  完成     0.8s  …"
    monkeypatch.setenv("TEXTMINE_LANG", "en")
    assert label("report: map: 生态资源禀赋") == "report: map: 生态资源禀赋"
    assert stage_line("parse", True, 0.8, "…") == "  parse  done     0.8s  …"


def test_every_cli_message_goes_through_the_catalogue():
    """No click.echo/secho in textmine/cli prints an English literal of its own: each is `_("…")` (a new one
    then needs its translation, test above), or prints data (names, paths, numbers, counts' own sentences)."""
    found = []
    for path in sorted((ROOT / "textmine" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("echo", "secho") and node.args:
                for lit in _literals(node.args[0]):
                    if re.search(r"[A-Za-z]{3,}", lit):
                        found.append(f"{path.name}:{node.lineno}: {lit!r}")
    assert not found, found


def _literals(node) -> list[str]:
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "format":
        return _literals(node.func.value)
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_":
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def test_chinese_status_words_and_headers_in_documents_list(cli, store, monkeypatch):
    from count_helpers import add_plan

    add_plan(store, "331100", ["丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要 推进生态产品价值实现。"],
             title="丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要")
    store.close()
    en = cli("documents", "list", "--format", "csv").output
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    zh_csv = cli("documents", "list", "--format", "csv").output
    assert zh_csv.splitlines()[0] == en.splitlines()[0]             # CSV keeps the English keys
    assert ",counted," in zh_csv                                      # and the status keys
    zh_table = cli("documents", "list").output
    assert "状态 计入" in zh_table or "│ 计入" in zh_table
    assert "规划期" in zh_table and "本市的十四五规划纲要" in zh_table and "counted" not in zh_table


def test_no_module_using_the_translator_also_uses_underscore_as_a_throwaway_name():
    """`_, x = f()` in a function of a module that imports `_` makes `_("…")` there fail at run time."""
    found = []
    for path in sorted((ROOT / "textmine").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        imports = any(isinstance(n, ast.ImportFrom) and (n.module or "").endswith("i18n") and
                      any(a.name == "_" for a in n.names) for n in ast.walk(tree))
        if not imports:
            continue
        found += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in ast.walk(tree)
                  if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)]
    assert not found, found
