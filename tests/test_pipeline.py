"""`textmine run`: the whole pipeline, incremental refresh, interruption."""
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from textmine import pipeline
from textmine.ingest import ingest
from textmine.count import planning_indicators
from textmine.scoring import load_result
from textmine.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data_root(tmp_path_factory):
    """A private copy of lexicons/, corpora/ and scoring/ that tests may edit."""
    root = tmp_path_factory.mktemp("root")
    for name in ("lexicons", "corpora", "scoring"):
        shutil.copytree(ROOT / name, root / name)
    return root


@pytest.fixture(scope="module")
def base_home(data_root, tmp_path_factory):
    """One sample run (without the report, which test_sample_report_cli covers), reused by copies."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TEXTMINE_ROOT", str(data_root))
    home = tmp_path_factory.mktemp("base") / "home"
    with Store(home) as store:
        rep = pipeline.run_pipeline(store, sample=True, report=False)
    mp.undo()
    return home, rep


@pytest.fixture
def env_root(data_root, monkeypatch):
    monkeypatch.setenv("TEXTMINE_ROOT", str(data_root))
    return data_root


def _copy(home: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "home"
    shutil.copytree(home, dst)
    return dst


def _stages(rep) -> dict:
    return {s.stage: s for s in rep.stages}


def test_first_run_does_every_stage(base_home):
    home, rep = base_home
    st = _stages(rep)
    assert [s.stage for s in rep.stages] == list(pipeline.STAGES)
    n_sample = len(pipeline.sample_manifest())
    assert st["ingest"].did_work and f"{n_sample} sample document(s) added" in st["ingest"].summary
    assert st["parse"].did_work and st["count"].did_work and st["score"].did_work
    assert rep.synthetic and rep.failures == []
    with Store(home) as store:
        ind = planning_indicators(store)
        assert int(ind["has_plan"].sum()) == 6        # six 十四五 outlines; two 十五五 outlines are another period
        assert int(planning_indicators(store, period="十五五")["has_plan"].sum()) == 2
        assert ind.loc["331100", "theme"] > 0            # 丽水市, counted from its sample plan
        assert pd.isna(ind.loc["110000", "theme"])       # 北京市 has no plan: missing, not zero
        res = load_result(store)
        assert res.synthetic and len(res.scores) == 339
        origin = res.leaves.set_index(["city_code", "leaf"])["origin"]
        plan_leaves = [l for l, k in _model_text_leaves().items() if k.startswith("plan.")]
        assert {origin[("331100", l)] for l in plan_leaves} == {"text"}


def _model_text_leaves():
    from textmine.scoring import load_model

    return load_model().text_leaves()


def test_second_run_does_no_work(base_home, env_root, tmp_path):
    home = _copy(base_home[0], tmp_path)
    with Store(home) as store:
        before = load_result(store).run_id
        rep = pipeline.run_pipeline(store, sample=True, report=False)
        assert not rep.did_work, [(s.stage, s.summary) for s in rep.stages if s.did_work]
        assert "unchanged" in _stages(rep)["count"].summary
        assert load_result(store).run_id == before


def _counted_texts(home: Path) -> list[str]:
    """The text of every page counting reads, by the rule stated in docs: body pages of plans and policies."""
    with Store(home) as store:
        return [r[0] for r in store.conn.execute(
            "SELECT p.text FROM pages p JOIN documents d ON d.id = p.document_id "
            "WHERE d.kind IN ('plan', 'policy') AND p.role = 'body'")]


def _last_count_runs(store: Store) -> dict:
    """mode -> recorded summary of the latest count run in that mode."""
    out = {}
    for mode, summary in store.conn.execute("SELECT json_extract(summary, '$.mode'), summary FROM runs "
                                            "WHERE stage = 'count' AND status = 'ok' ORDER BY id"):
        out[mode] = json.loads(summary)
    return out


@pytest.mark.slow
def test_lexicon_edit_recounts_and_rescores_only_and_equals_full(base_home, env_root, tmp_path):
    home = _copy(base_home[0], tmp_path)
    lex = env_root / "lexicons" / "theme.txt"
    original = lex.read_text("utf-8")
    added, removed = "美丽乡村", "生态产品价值转化"  # a new term, and one variant dropped from an existing term
    try:
        assert added not in original and f" | {removed}" in original
        lex.write_text(original.replace(f" | {removed}", "") + f"\n{added}\n", encoding="utf-8")
        with Store(home) as store:
            before = max(r[0] for r in store.conn.execute("SELECT id FROM runs"))
            rep = pipeline.run_pipeline(store, sample=True, report=False)
            st = _stages(rep)
            assert not st["ingest"].did_work and not st["parse"].did_work
            assert st["count"].did_work and st["score"].did_work
            runs = _last_count_runs(store)
            assert store.conn.execute("SELECT COUNT(*) FROM runs WHERE stage = 'count' AND id > ?",
                                      (before,)).fetchone()[0] == 2
            inc_ind = planning_indicators(store)
            inc_scores = load_result(store).scores
        # only the pages holding the added or the removed variant were matched again, in both modes
        texts = _counted_texts(home)
        holding = sum(1 for t in texts if added in t or removed in t)
        assert 0 < sum(added in t for t in texts) < holding < len(texts) / 2
        for mode in ("token", "substring"):
            assert (runs[mode]["pages"], runs[mode]["matched"], runs[mode]["reused"]) == \
                (len(texts), holding, len(texts) - holding), mode
        assert st["count"].summary.startswith(f"{holding} page(s) matched, {len(texts) - holding} reused")
        fresh = tmp_path / "fresh"
        with Store(fresh) as store:
            pipeline.run_pipeline(store, sample=True, report=False)
            full_ind = planning_indicators(store)
            full_scores = load_result(store).scores
        pd.testing.assert_frame_equal(inc_ind, full_ind)
        pd.testing.assert_frame_equal(inc_scores, full_scores)
        base = planning_indicators_base(base_home[0])["theme"]
        assert (inc_ind["theme"] - base).dropna().abs().sum() > 0
        assert not inc_scores.equals(load_base_scores(base_home[0]))
    finally:
        lex.write_text(original, encoding="utf-8")


def load_base_scores(home):
    with Store(home) as store:
        return load_result(store).scores


def planning_indicators_base(home):
    with Store(home) as store:
        return planning_indicators(store)


def test_new_document_parses_only_that_document(base_home, env_root, tmp_path):
    home = _copy(base_home[0], tmp_path)
    plan = tmp_path / "杭州纲要.txt"
    plan.write_text("第一章 生态文明建设\n推进生态产品价值实现机制，建立生态补偿制度，完善排污权交易。\n", encoding="utf-8")
    with Store(home) as store:
        ingest(store, [plan], city="杭州", kind="plan", year=2021)
        rep = pipeline.run_pipeline(store, sample=True, report=False)
        st = _stages(rep)
        assert st["parse"].summary.startswith("1 document(s) parsed")
        assert f"{len(pipeline.sample_manifest())} unchanged" in st["parse"].summary
        assert st["count"].summary.startswith("1 page(s) matched")
        assert planning_indicators(store).loc["330100", "has_plan"]


def test_interrupted_run_continues(base_home, env_root, tmp_path, monkeypatch):
    home = tmp_path / "home"
    real = pipeline.score_stage

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "score_stage", boom)
    with Store(home) as store:
        with pytest.raises(KeyboardInterrupt):
            pipeline.run_pipeline(store, sample=True, report=False)
    monkeypatch.setattr(pipeline, "score_stage", real)
    with Store(home) as store:
        rep = pipeline.run_pipeline(store, sample=True, report=False)
        st = _stages(rep)
        assert not st["parse"].did_work and not st["count"].did_work and st["score"].did_work
        scores = load_result(store).scores
    with Store(base_home[0]) as store:
        pd.testing.assert_frame_equal(scores, load_result(store).scores)


def test_run_needs_data_or_sample(cli):
    out = cli("run")
    assert out.exit_code == 3 and "--sample" in out.output
    out = cli("run", "--data", "/nonexistent.xlsx")
    assert out.exit_code == 3 and "not found" in out.output


@pytest.mark.slow
def test_sample_report_cli(base_home, env_root, tmp_path, cli):
    home = _copy(base_home[0], tmp_path)
    out = cli("--home", home, "run", "--sample", "--out", tmp_path / "rep")
    assert out.exit_code == 0, out.output
    assert "SYNTHETIC" in out.output
    html = tmp_path / "rep" / "cemi_report.html"
    assert html.is_file() and "SYNTHETIC" in html.read_text("utf-8")[:20000]
    again = cli("--home", home, "run", "--sample", "--out", tmp_path / "rep")
    assert again.exit_code == 0 and "no work done" in again.output
    check_workbook_reads_as_it_opens(tmp_path / "rep" / "cemi_report.xlsx")


CJK = re.compile(r"[\u4e00-\u9fff]")


def check_workbook_reads_as_it_opens(path: Path) -> None:
    """Issue 27's acceptance: every table sheet has a Chinese header (each header cell), an autofilter over the
    table and a number format (not General) on every numeric cell; the first line names the edition and run;
    shares are per cent, ranks whole numbers, scores two decimals; columns are wider than their text."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    assert len(wb.worksheets) > 30
    for ws in wb.worksheets:
        header_row = 1 if ws.title == "说明" else 2
        headers = [c.value for c in ws[header_row] if c.value is not None]
        assert headers and all(CJK.search(str(h)) for h in headers), (ws.title, headers)
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header_row}:"), ws.title
        if ws.title != "说明":
            assert "模型 cemi-2025.1 · 评分运行 #" in str(ws["A1"].value), (ws.title, ws["A1"].value)
        for col in ws.iter_cols(min_row=header_row + 1):
            numeric = [c for c in col if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
            assert all(c.number_format != "General" for c in numeric), (ws.title, col[0].column_letter)
    app = wb["附录1 全部城市"]
    heads = {c.value: c for c in app[2]}
    assert heads["综合指数"].comment.text == "cemi"                        # the English key, on hover
    assert app.cell(3, heads["综合指数"].column).number_format == "0.00"
    assert app.cell(3, heads["综合指数排名"].column).number_format == "0"
    pilots = wb["试点比较"]
    heads = {c.value: c for c in pilots[2]}
    assert pilots.cell(3, heads["前 50 名占比"].column).number_format == "0.0%"
    assert app.column_dimensions["B"].width >= 2 * len("伊犁哈萨克自治州")       # city names fit: 2 cells a character


def test_a_run_in_chinese_is_the_run_in_english(base_home, env_root, tmp_path, cli, monkeypatch):
    """Messages follow the language; what is stored does not: the same inputs read in Chinese reuse the run."""
    home = _copy(base_home[0], tmp_path)
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    out = cli("--home", home, "run", "--sample", "--no-report")
    assert out.exit_code == 0, out.output
    assert "自上次运行以来没有变化：未做任何工作。" in out.output and "   解析  跳过" in out.output
    assert "评分模型：cemi-2025" in out.output and "数据根目录：" in out.output


@pytest.mark.slow
def test_run_with_crawl_uses_crawled_plans_and_news(base_home, env_root, tmp_path, shared):
    from portal import Portal, expected_news
    from portal.config import write_config

    from textmine.crawl import FetchConfig

    home = _copy(base_home[0], tmp_path)
    with Portal(shared, fault_rate=0.0) as portal:
        src, lex = write_config(portal, tmp_path / "cfg")
        cfg = FetchConfig(delay=0.0, timeout=0.4, backoff=0.01, retries=3, max_bytes=1 << 20)
        with Store(home) as store:
            rep = pipeline.run_pipeline(store, sample=True, crawl=True, sources=src, lexicon=lex,
                                        since="2021-01-01", until="2023-12-31", crawl_config=cfg, report=False)
            st = _stages(rep)
            crawled = store.documents(kind="plan")
            crawled = [d for d in crawled if d["origin"] == "crawl"]
            assert st["crawl"].did_work and crawled
            assert st["parse"].summary.startswith(f"{len(crawled)} document(s) parsed")
            # permanent faults of the test portal are reported, so `textmine run` exits non-zero
            assert any("redirect loop" in f for f in rep.failures)
            leaves = load_result(store).leaves.set_index(["city_code", "leaf"])
            news_leaf = [l for l, k in _model_text_leaves().items() if k == "news.count"][0]
            row = leaves.loc[("350700", news_leaf)]
            assert row["origin"] == "text"
            assert row["raw"] == len(expected_news(portal.site, "np", "2021-01-01", "2023-12-31"))


def _rows(home: Path, table: str) -> int:
    """Rows the running child has committed to `table` (0 before the store or the table exists, or while busy)."""
    import sqlite3

    path = home / "textmine.sqlite3"
    if not path.is_file():
        return 0
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)
        try:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


# each moment as it shows in the child's store: some documents parsed (parse under way), some pages matched
# (count under way); the signal is sent when the moment is seen, not after a number of seconds
RUN_MOMENTS = {"parsing": "parses", "counting": "match_pages"}


@pytest.mark.slow
@pytest.mark.parametrize("moment", sorted(RUN_MOMENTS))
def test_ctrl_c_at_any_moment_then_rerun_equals_uninterrupted(base_home, env_root, tmp_path, moment):
    """SIGINT to a real `textmine run` at a moment of its work; the next run finishes with the same scores."""
    import os
    import signal
    import subprocess
    import sys
    import time

    home = tmp_path / "home"
    env = {**os.environ, "TEXTMINE_HOME": str(home), "TEXTMINE_ROOT": str(env_root)}
    cmd = [sys.executable, "-m", "textmine", "run", "--sample", "--no-report"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = False
    deadline = time.monotonic() + 300           # a guard against a hang, not a timing assumption
    while proc.poll() is None and time.monotonic() < deadline:
        if _rows(home, RUN_MOMENTS[moment]):
            proc.send_signal(signal.SIGINT)
            seen = True
            break
        time.sleep(0.005)
    out, err = proc.communicate(timeout=120)
    assert seen, f"the run ended before {moment!r} was seen: {err.decode()[-2000:]}"
    # interrupted: exit 130, or death by SIGINT when the signal
    # lands in interpreter shutdown; a shell shows both as $? = 130
    assert proc.returncode in (130, -signal.SIGINT), err.decode()[-2000:]
    assert b"interrupted: work committed so far is kept" in err
    again = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    with Store(home) as store, Store(base_home[0]) as base:
        pd.testing.assert_frame_equal(planning_indicators(store), planning_indicators(base))
        pd.testing.assert_frame_equal(load_result(store).scores, load_result(base).scores)
