"""Every option `run` shares with a stage command reaches that stage.

`run --mode substring` once scored token counts: the mode reached `count` but not `score`. This walk reads
the options of `run` and of every stage command (ingest, crawl plans/news, parse, count, score, report) from
the CLI itself; each option they share is listed in SHARED with the library call that receives it — or with
the reason the stage's option means something else. Then (1) the list is exactly the shared options (a new
option on either side fails until it is listed), (2) each stage command hands its option to that call, and
(3) one real `run` with every option hands each value to the same calls."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import click
import pytest

from textmine.cli import main

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "crawl plans", "crawl news", "parse", "count", "score", "report")
WB, OUT, SOURCES = "wb.csv", "rep", str(ROOT / "corpora" / "sources" / "cities.toml")
# option -> value given to run and to the stage command
VALUES = {"--data": WB, "--out": OUT, "--period": "十五五", "--news-lexicon": "broad", "--since": "2023-01-01",
          "--until": "2023-12-31", "--sources": SOURCES, "--ocr": True, "--mode": "substring", "--allow-missing": True,
          "--impute": "median", "--strict": True, "--workbook-overrides": True}


def arg(i):
    return lambda args, kwargs: args[i]


def kw(name):
    """A keyword argument, or the field of a ScoreParams handed over (score_workbook(store, wb, params))."""
    def read(args, kwargs):
        asked = kwargs.get("params", args[2] if len(args) > 2 else None)
        return kwargs[name] if name in kwargs else getattr(asked, name, None)
    return read


# (option, stage) -> (receiving function "module:name", how to read the value, what run's call receives) or the
# reason the stage's option is another thing
SHARED = {
    ("--data", "score"): ("textmine.scoring:score_workbook", arg(1), None),
    ("--out", "report"): ("textmine.report.build:build_report", arg(1), None),
    ("--out", "score"): "score --out writes the run's CSV/JSON/xlsx exports; run --out is the report's folder",
    ("--out", "parse"): "parse --out writes its summary (or extract's text) to a file; run --out is the report's folder",
    ("--out", "count"): "count --out writes the indicator table (any --format) to a file; run --out is the report's "
                        "folder",
    ("--workbook-overrides", "score"): ("textmine.scoring:score_workbook", kw("workbook_overrides"), None),
    ("--period", "ingest"): "ingest --period sets a document's period; run ingests only the sample, whose periods "
                            "are detected from the titles",
    ("--period", "count"): ("textmine.count:indicator_rows", kw("period"),
                            ("textmine.count:planning_indicators", arg(2))),   # count counts all periods; run's
    ("--period", "crawl plans"): ("textmine.crawl:crawl_plans", kw("periods"), None),  # score and report read one
    ("--period", "score"): ("textmine.scoring:score_workbook", kw("period"), None),
    ("--news-lexicon", "crawl news"): ("textmine.crawl:crawl_news", kw("lexicon"), None),
    ("--news-lexicon", "score"): ("textmine.scoring:score_workbook", kw("news_lexicon"), None),
    ("--since", "crawl news"): ("textmine.crawl:crawl_news", kw("since"), None),
    ("--since", "score"): ("textmine.scoring:score_workbook", kw("since"), None),
    ("--until", "crawl news"): ("textmine.crawl:crawl_news", kw("until"), None),
    ("--until", "score"): ("textmine.scoring:score_workbook", kw("until"), None),
    ("--sources", "crawl plans"): ("textmine.crawl:crawl_plans", kw("sources"), None),
    ("--sources", "crawl news"): ("textmine.crawl:crawl_news", kw("sources"), None),
    ("--ocr", "parse"): ("textmine.parse:parse_corpus", kw("ocr"), None),
    ("--mode", "count"): ("textmine.count:count_corpus", arg(1),
                          ("textmine.count:count_modes", lambda a, k: a[1][0])),   # run counts both, this one first
    ("--mode", "score"): ("textmine.scoring:score_workbook", kw("mode"), None),
    ("--allow-missing", "score"): ("textmine.scoring:score_workbook", kw("allow_missing"), None),
    ("--impute", "score"): ("textmine.scoring:score_workbook", kw("imputation"), None),
    ("--strict", "count"): ("textmine.editions:require_reviewed", lambda a, k: True, None),    # called: it refuses
    ("--strict", "score"): ("textmine.scoring:score_workbook", kw("strict"), None),
    ("--strict", "report"): ("textmine.report.build:build_report", kw("strict"), None),
}


def command(path: str) -> click.Command:
    cmd = main
    for part in path.split():
        cmd = cmd.commands[part]
    return cmd


def long_options(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params if isinstance(p, click.Option) for o in p.opts if o.startswith("--")}


def norm(option: str, value):
    """Paths compare as resolved paths (a stage may get a str or a Path); crawl plans takes a list of periods."""
    if option in ("--data", "--out", "--sources"):
        return str(Path(value).resolve())
    return value


def expected(option: str, path: str):
    v = norm(option, VALUES[option])
    return [v] if (option, path) == ("--period", "crawl plans") else v


class Stop(Exception):
    pass


def spy(monkeypatch, target: str, calls: list, through: bool = True, result=None):
    module, name = target.split(":")
    import importlib

    mod = importlib.import_module(module)
    real = getattr(mod, name)

    def recorder(*args, **kwargs):
        calls.append((target, args, kwargs))
        if result is not None:
            return result
        if not through:
            raise Stop(target)
        return real(*args, **kwargs)

    monkeypatch.setattr(mod, name, recorder)
    # and wherever a loaded module bound the function at import (`from ..count import count_modes` at its top)
    import sys

    for other in [m for n, m in list(sys.modules.items()) if n.startswith("textmine.") and m is not mod]:
        if vars(other).get(name) is real:
            monkeypatch.setattr(other, name, recorder)


def test_every_shared_option_is_listed():
    run = long_options(command("run"))
    shared = {(o, s) for s in STAGES for o in long_options(command(s)) & run}
    assert shared == set(SHARED), f"list these in SHARED: {sorted(shared - set(SHARED))}; gone: {sorted(set(SHARED) - shared)}"
    assert set(VALUES) == {o for o, _ in SHARED}


@pytest.mark.parametrize("pair", [p for p, v in SHARED.items() if not isinstance(v, str)], ids=" ".join)
def test_the_stage_command_hands_its_option_to_the_receiver(cli, store, monkeypatch, tmp_path, pair):
    option, path = pair
    target, read, _ = SHARED[pair]
    monkeypatch.chdir(tmp_path)
    (tmp_path / WB).write_text("city,code\n", "utf-8")
    calls: list = []
    if path == "count" and target != "textmine.count:count_corpus":      # count first counts (nothing to count here)
        spy(monkeypatch, "textmine.count:count_corpus", [], result=SimpleNamespace(pages=0, chars=0, matched=0,
                                                                                   reused=0))
    spy(monkeypatch, target, calls, through=False)
    args = [*path.split(), *([option] if VALUES[option] is True else [option, VALUES[option]])]
    if path == "score" and option != "--data":
        args += ["--data", WB]
    if path == "score" and option == "--impute":
        args += ["--allow-missing"]
    with pytest.raises(Stop):
        cli(*args)
    got = read(calls[0][1], calls[0][2])
    assert (norm(option, got) if not isinstance(got, list) else got) == expected(option, path)


@pytest.mark.slow
def test_one_run_hands_every_option_to_its_stages(cli, store, monkeypatch, tmp_path):
    from textmine.ingest import ingest
    from textmine.scoring import load_model, load_result, write_sample_data

    monkeypatch.chdir(tmp_path)
    write_sample_data(tmp_path / WB, load_model())
    plan = tmp_path / "lishui.txt"
    plan.write_text("丽水市国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要\n"
                    + "推进黄河流域生态保护，建设生态产品价值实现机制，发展碳汇交易。\n" * 200, "utf-8")   # not too short
    ingest(store, [plan], city="丽水", kind="plan")
    calls: list = []
    crawl = SimpleNamespace(summary=lambda: {}, failures=[])
    for target in {v[0] for v in SHARED.values() if not isinstance(v, str)} | {
            v[2][0] for v in SHARED.values() if not isinstance(v, str) and v[2]} | {"textmine.count.news:count_news"}:
        if target in ("textmine.count:indicator_rows", "textmine.count:count_corpus"):
            continue                                                    # the stage commands' own display/count
        spy(monkeypatch, target, calls, result=crawl if target.startswith("textmine.crawl:") else
            True if target == "textmine.editions:require_reviewed" else None)   # strict, but let the run go on
    args = ["run", "--crawl"]
    for option, value in VALUES.items():
        args += [option] if value is True else [option, value]
    res = cli(*args)
    assert res.exit_code in (0, 1), res.output                   # 1: a problem listed (no news crawled …)
    got: dict[str, list] = {}
    for target, a, k in calls:
        got.setdefault(target, []).append((a, k))
    for (option, path), how in SHARED.items():
        if isinstance(how, str):
            continue
        target, read = how[2] or how[:2]
        want = expected(option, path)
        assert got.get(target), f"{option}: run never called {target}"
        seen = [read(a, k) for a, k in got[target]]
        seen = [s if isinstance(s, list) else norm(option, s) for s in seen]
        assert all(s == want for s in seen), f"{option} → {path}: {target} got {seen}, not {want!r}"
    news = [(a, k) for a, k in got["textmine.count.news:count_news"]]
    assert news and all(len(a) > 4 and a[4] == "substring" or k.get("mode") == "substring" for a, k in news)
    run = load_result(store)
    assert run.params["text_sources"]["mode"] == "substring" and run.params["text_sources"]["period"] == "十五五"
    assert run.params["imputation"] is None and run.params["allow_missing"] is True


@pytest.mark.slow
def test_run_and_count_give_the_same_planning_counts_in_substring_mode(cli, store, tmp_path):
    """`run --mode substring` scored the token counts (157 against count's 175 for 抚州 in the sample)."""
    from textmine.ingest import ingest
    from textmine.scoring import load_model

    plan = tmp_path / "lishui.txt"
    plan.write_text("丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n"
                    + "提高城市排水能力，开发水能资源，保护森林资源与湿地。\n" * 30, "utf-8")   # 排水|能力: no 水能 token
    ingest(store, [plan], city="丽水", kind="plan")
    from textmine.scoring.synthetic import synthetic_values
    from textmine.scoring.workbook import write_workbook

    model = load_model()
    values = synthetic_values(model)
    values.loc["331100", ["G05", "G06", "G07", "G08"]] = float("nan")      # 丽水's planning leaves: from the corpus
    wb = write_workbook(tmp_path / WB, model, values, {"synthetic": "yes"})
    res = cli("run", "--data", wb, "--mode", "substring", "--no-report")
    assert "(substring mode)" in res.output and "(token mode)" not in res.output
    counted = cli("count", "--mode", "substring", "--format", "csv").output.splitlines()
    header, row = counted[0].split(","), next(r for r in counted if r.startswith("丽水市")).split(",")
    resource = int(row[header.index("resource")])
    token = cli("count", "--mode", "token", "--format", "csv").output.splitlines()
    assert resource != int(next(r for r in token if r.startswith("丽水市")).split(",")[header.index("resource")])
    explained = cli("explain", "丽水", "--format", "csv").output.splitlines()
    g06 = next(r for r in explained if ",G06," in r).split(",")
    assert float(g06[explained[0].split(",").index("raw")]) == resource
