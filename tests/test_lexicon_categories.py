"""Lexicon categories are files with a header; counting, audit, sample, precision and diff find them, and one
lexicon version counts both plan editions (count --compare, lexicon diff)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from count_helpers import add_plan, copy_lexicons
from textmine.count import count_corpus
from textmine.count.periods import compare_periods
from textmine.count.state import counted_with
from textmine.errors import TextmineError
from textmine.lexicon import LexiconError, categories, load_lexicons, plan_categories
from textmine.lexicon.check import check_lexicons

T14 = "丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
T15 = "丽水市国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要"
LS = "331100"
# written for this test (not official text)
PLAN14 = ["坚持生态优先，推进生态产品价值实现。保护湿地，发展海洋牧场。", "建设碳市场，发展深远海养殖和海洋牧场。"]
PLAN15 = ["深入践行“两山”理念，推进生态产品价值实现，建设海洋牧场。", "发展深远海养殖，深化绿电交易。"]
OCEAN = ("# category: ocean\n# name: 海洋经济词汇\n# leaf: none\n# use: plan\n# version: 1\n"
         "# definition: 海洋生物资源的利用（测试用） / marine living resources used (a test category)\n"
         "海洋牧场   # sea ranching (test)\n深远海养殖   # deep-sea aquaculture (test)\n")


@pytest.fixture
def two_editions(store, tmp_path, monkeypatch):
    d = copy_lexicons(tmp_path, monkeypatch)
    add_plan(store, LS, PLAN14, title=T14)
    add_plan(store, LS, PLAN15, title=T15)
    return d


def test_a_new_lexicon_file_is_counted_audited_sampled_measured_and_diffed_without_code(store, two_editions, cli,
                                                                                        tmp_path):
    d = two_editions
    before = tmp_path / "before"
    before.mkdir()
    for f in d.glob("*.txt"):
        (before / f.name).write_bytes(f.read_bytes())
    (d / "ocean.txt").write_text(OCEAN, "utf-8")
    assert plan_categories(d) == ("theme", "resource", "policy", "market", "ocean")     # leaves first, then none
    assert [c.key for c in categories(d) if c.use == "news"] == ["news", "news-broad"]
    r = cli("lexicon", "check", "--no-corpus")
    assert r.exit_code == 0 and "0 error(s)" in r.output
    r = cli("count", "--period", "十五五", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(r.output)))
    assert r.exit_code == 0 and row["ocean"] == "2" and row["ocean_distinct"] == "2"
    r = cli("audit", "丽水", "--category", "ocean", "--period", "十五五", "--format", "csv")
    assert r.exit_code == 0 and r.output.count("ocean,") == 2 and "深远海养殖" in r.output
    out = tmp_path / "s.csv"
    r = cli("audit", "sample", "--category", "ocean", "--period", "十五五", "--seed", "3", "-o", out)
    assert r.exit_code == 0 and "2 hit(s) of 2 term(s) drawn from 2" in r.output
    rows = list(csv.DictReader(open(out, encoding="utf-8-sig")))
    assert {x["design"] for x in rows} == {"hits"} and {x["stratum_hits"] for x in rows} == {"2"}
    for x in rows:
        x["label"] = 1
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = cli("audit", "precision", out, "--format", "json")
    cat = next(c for c in json.loads(r.output) if c["category"] == "ocean")
    assert (cat["category"], cat["method"], cat["labelled"], cat["precision"]) == ("ocean", "hit-uniform", 2, 1.0)
    r = cli("lexicon", "diff", "--against", before, "--format", "json")
    moves = {(x["period"], x["category"]): (x["old"], x["new"]) for x in json.loads(r.output)}
    assert moves == {("十四五", "ocean"): (0, 3), ("十五五", "ocean"): (0, 2)}    # both editions, one lexicon
    assert "ocean" in r.output and cli("lexicon", "add", "ocean", "海水淡化", "--why", "test").exit_code == 0


@pytest.mark.parametrize("text, needle", [
    (OCEAN.replace("# leaf: none\n", ""), "no '# leaf:' header line"),
    (OCEAN.replace("# leaf: none", "# leaf: G05"), "leaf G05 is fed by two lexicons"),
    (OCEAN.replace("# leaf: none", "# leaf: 5"), "is not a leaf code"),
    (OCEAN.replace("# category: ocean", "# category: sea"), "header says category 'sea'"),
    (OCEAN.replace("# use: plan", "# use: maps"), "'# use: maps' is not one of plan, news"),
])
def test_a_category_file_that_cannot_say_what_it_is_is_refused_with_file_and_line(tmp_path, text, needle):
    d = copy_lexicons(tmp_path)
    (d / "ocean.txt").write_text(text, "utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicons(d)
    assert needle in str(e.value) and "ocean.txt" in str(e.value)


def test_lexicon_check_holds_the_leaf_to_the_indicator_tree(tmp_path):
    d = copy_lexicons(tmp_path)
    (d / "ocean.txt").write_text(OCEAN.replace("# leaf: none", "# leaf: G09"), "utf-8")
    msgs = [str(p) for p in check_lexicons(d)[0] if p.severity == "error"]
    assert any("'# leaf: G09' but" in m and "not 'plan.ocean'" in m for m in msgs)
    (d / "ocean.txt").unlink()
    (d / "market.txt").write_text((d / "market.txt").read_text("utf-8").replace("# leaf: G08", "# leaf: none"), "utf-8")
    msgs = [str(p) for p in check_lexicons(d)[0] if p.severity == "error"]
    assert any("leaf G08 counts 'plan.market' but no lexicon file says '# leaf: G08'" in m for m in msgs)


def test_both_editions_are_compared_under_one_lexicon_version_and_it_is_said(store, two_editions, cli):
    count_corpus(store, "token", lexicon_dir=two_editions)
    rows = compare_periods(store, "十四五", "十五五", "token")
    theme = next(r for r in rows if r["category"] == "theme")
    assert theme["lexicon_version"] == load_lexicons(two_editions)["theme"].version_label
    assert theme["terms_gained"] == "绿水青山就是金山银山" and theme["terms_lost"] == "生态优先"   # “两山”理念 is counted
    r = cli("count", "--compare", "十四五", "十五五")
    assert r.exit_code == 0 and "both periods counted with one lexicon version: theme 2026." in r.output
    # counts of two lexicon versions side by side are refused: the 十四五 outline alone recounted under an edit
    d15 = store.conn.execute("SELECT id FROM documents WHERE title=?", (T15,)).fetchone()[0]
    with open(two_editions / "theme.txt", "a", encoding="utf-8") as fh:
        fh.write("深远海养殖   # a test edit\n")
    from textmine.count.state import current_state, save_state
    with store.transaction():
        store.conn.execute("UPDATE match_pages SET state_key=? WHERE document_id=?",
                           (save_state(store, current_state(two_editions)), d15))
    with pytest.raises(TextmineError, match="counted with different lexicon versions"):
        counted_with(store, [d15, d15 - 1], "token")
