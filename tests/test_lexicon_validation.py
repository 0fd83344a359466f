"""One validation of the lexicon files, used by every command (issue 12): a term the segmenter can never
produce, and a one-character term without an explicit allow, are refused by `lexicon check`, `count`,
`run`, `audit` and `lexicon diff` alike, with the same message, and the store is left as it was."""
from __future__ import annotations

import pytest

from count_helpers import add_plan, copy_lexicons
from textmine.lexicon import LexiconError, load_lexicon
from textmine.count import count_corpus

PAGES = ["丽水推进林下经济和森林康养，保护水源和林地，植树造林。", "建设生态产品价值实现机制，发展水权交易。"]


def _snapshot(store):
    return store.conn.execute("SELECT city_code, document_id, page, offset, surface, category, mode FROM hits "
                              "ORDER BY 1, 2, 3, 4, 7").fetchall()


@pytest.fixture
def counted(store, tmp_path, monkeypatch):
    d = copy_lexicons(tmp_path, monkeypatch)
    add_plan(store, "331100", PAGES)
    count_corpus(store, "token", lexicon_dir=d)
    return d, _snapshot(store)


@pytest.mark.parametrize("line, message", [
    ("C++(", "'C++(' contains '(' (space or punctuation): jieba splits there, so token mode can never count it"),
    ("林", "'林' is a single character: it matches inside many unrelated words"),
])
def test_every_command_refuses_the_same_bad_term_and_leaves_the_store(store, cli, counted, line, message):
    d, before = counted
    with open(d / "resource.txt", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    n = len((d / "resource.txt").read_text("utf-8").splitlines())
    where = f"resource.txt:{n}: error: {message}"
    r = cli("lexicon", "check", "--no-corpus")
    assert r.exit_code == 3 and where in r.output
    for args in (["count"], ["count", "--mode", "substring"], ["audit", "丽水"], ["lexicon", "diff", "--against", d],
                 ["audit", "sample"], ["run", "--sample", "--out", d.parent / "report"]):
        r = cli(*args)
        assert r.exit_code != 0, args
        assert where in r.output, (args, r.output)
    assert _snapshot(store) == before  # nothing counted with the bad file, nothing lost
    with pytest.raises(LexiconError, match="single character|space or punctuation"):
        load_lexicon("resource", d)


def test_a_single_character_counts_only_when_allowed_explicitly(store, cli, counted):
    d, before = counted
    r = cli("lexicon", "add", "resource", "林")
    assert r.exit_code == 3 and "'林' is a single character" in r.output and "nothing was written" in r.output
    r = cli("lexicon", "add", "resource", "林", "--allow-single")
    assert r.exit_code == 3 and "needs its reason" in r.output
    r = cli("lexicon", "add", "resource", "林", "--allow-single", "--why", "林 as the forest sector in short slogans")
    assert r.exit_code == 0 and "allow: single character   # 林 as the forest sector" in r.output
    assert load_lexicon("resource", d).entries[-1].allow_single
    r = cli("count", "--mode", "substring", "--format", "csv")
    assert r.exit_code == 0
    # 造林 only: 林下经济, 森林康养 and 林地 are longer terms, counted once as themselves
    assert [h[4] for h in _snapshot(store) if h[6] == "substring"].count("林") == 1
    assert "林" not in [h[4] for h in before]


@pytest.mark.parametrize("body, message", [
    ("市场化\n    except: 电价改革   # x\n", "context '电价改革' contains no variant of '市场化'"),
    ("市场化\n    except: 电价市场化\n", "'except:' line without a reason"),
    ("市场化\n    except: 市场化   # x\n", "is the term itself"),
    ("    except: 电价市场化   # x\n市场化\n", "'except' line before any term"),
    ("水\n    allow: everything   # x\n", "unknown 'allow: everything'"),
    ("市场化\n    except: 电价市场化 |  # x\n", "empty context in 'except:'"),
])
def test_malformed_option_lines_are_errors_with_file_and_line(tmp_path, body, message):
    d = copy_lexicons(tmp_path)
    (d / "market.txt").write_text("# category: market\n# leaf: G08\n# version: 1\n# definition: x\n" + body, "utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon("market", d)
    assert "market.txt:" in str(e.value) and message in str(e.value)
