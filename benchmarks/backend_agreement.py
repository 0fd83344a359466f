"""Do the token-mode segmenters find the same term hits? jieba's own cut (``Tokenizer.cut`` with its HMM: the
reference), the route pass that counting uses (jieba's DAG and route computed in one pass, the default), and
rjieba (jieba-rs, optional). Every lexicon counted in token mode — the four planning categories together, and
each news lexicon (news.txt, news-broad.txt) — over every text given; a hit is (text, offset, variant),
excluded contexts applied.

    python benchmarks/backend_agreement.py     # the sample plans and the real texts of ../shared/realdata

`benchmarks/match_speed.py` prints this on the real texts, `benchmarks/national_refresh.py` on the pages of
the national corpus.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def lexicon_states(lexicon_dir=None) -> dict[str, tuple[dict, dict]]:
    """{name: (mapping, exclusions)} of every lexicon counted in token mode."""
    from textmine.count import current_state
    from textmine.count.news import available_news_lexicons, load_news_query

    state = current_state(lexicon_dir)
    out = {"plans (theme, resource, policy, market)": (state.mapping, state.exclusions)}
    for name in available_news_lexicons(lexicon_dir):
        q = load_news_query(name, lexicon_dir)
        out[f"news: {q.label}"] = (q.mapping, q.lexicon.exclusions)
    return out


def agreement(texts: list[str], lexicon_dir=None) -> list[dict]:
    """Per lexicon: texts, characters, hits of each way, hits only one of two ways finds, seconds each."""
    from textmine.count import PageMatcher, Segmenter

    rows = []
    chars = sum(len(t) for t in texts)
    for name, (mapping, exclusions) in lexicon_states(lexicon_dir).items():
        ways = {"cut": Segmenter(mapping, "jieba", route=False),   # jieba's Tokenizer.cut on every candidate block
                "route": Segmenter(mapping, "jieba"), "rjieba": Segmenter(mapping, "rjieba")}
        found, seconds = {}, {}
        for way, seg in ways.items():
            m = PageMatcher(mapping, "token", seg, exclusions)
            t0 = time.perf_counter()
            found[way] = {(i, h.offset, h.surface) for i, text in enumerate(texts) for h in m.hits(text)}
            seconds[way] = time.perf_counter() - t0
        ref = found["cut"]
        rows.append({"lexicon": name, "texts": len(texts), "chars": chars, "seconds": seconds,
                     **{way: len(f) for way, f in found.items()},
                     **{f"only_cut_{w}": len(ref - found[w]) for w in ("route", "rjieba")},
                     **{f"only_{w}": len(found[w] - ref) for w in ("route", "rjieba")},
                     "examples": sorted(found["rjieba"] ^ ref)[:3], "texts_list": texts})
    return rows


def print_agreement(rows: list[dict], what: str) -> None:
    for r in rows:
        s = r["seconds"]
        print(f"agreement on {what} ({r['texts']:,} texts, {r['chars']:,} characters), {r['lexicon']}: "
              f"jieba's cut {r['cut']:,} hits; the route pass (counting) {r['route']:,}, differing "
              f"{r['only_cut_route'] + r['only_route']}; rjieba {r['rjieba']:,}, differing "
              f"{r['only_cut_rjieba'] + r['only_rjieba']} (term tokens {s['cut']:.2f} s, {s['route']:.2f} s, "
              f"{s['rjieba']:.2f} s)")
        for i, off, surface in r["examples"]:
            text = r["texts_list"][i]
            print(f"  differs: {surface} at {off}: …{text[max(0, off - 12):off + len(surface) + 12]}…")


def sample_texts() -> list[str]:
    root = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "text"
    return [p.read_text("utf-8") for p in sorted(root.glob("*.md"))]


def main() -> int:
    from match_realtext import real_texts

    print_agreement(agreement(sample_texts()), "the sample plans (corpora/sample/text)")
    print_agreement(agreement([t for _, t in real_texts()]), "the real texts of ../shared/realdata")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
