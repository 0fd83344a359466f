"""Do the two token-mode segmenters, jieba (the reference) and rjieba (jieba-rs, the default), find the same
term hits? Every lexicon that is counted in token mode — the four planning categories together, and each news
lexicon (news.txt, news-broad.txt) — over every text given; a hit is (text, offset, variant), excluded
contexts applied.

    python benchmarks/backend_agreement.py            # the real texts of ../shared/realdata

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
    """Per lexicon: texts, characters, hits with each backend, hits found by one backend only, seconds each."""
    from textmine.count import PageMatcher, Segmenter

    rows = []
    chars = sum(len(t) for t in texts)
    for name, (mapping, exclusions) in lexicon_states(lexicon_dir).items():
        found, seconds = {}, {}
        for backend in ("jieba", "rjieba"):
            m = PageMatcher(mapping, "token", Segmenter(mapping, backend), exclusions)
            t0 = time.perf_counter()
            found[backend] = {(i, h.offset, h.surface) for i, text in enumerate(texts) for h in m.hits(text)}
            seconds[backend] = time.perf_counter() - t0
        rows.append({"lexicon": name, "texts": len(texts), "chars": chars, "jieba": len(found["jieba"]),
                     "rjieba": len(found["rjieba"]), "only_jieba": len(found["jieba"] - found["rjieba"]),
                     "only_rjieba": len(found["rjieba"] - found["jieba"]), "seconds": seconds})
    return rows


def print_agreement(rows: list[dict], what: str) -> None:
    for r in rows:
        s = r["seconds"]
        print(f"agreement on {what} ({r['texts']:,} texts, {r['chars']:,} characters), {r['lexicon']}: "
              f"jieba {r['jieba']:,} hits, rjieba {r['rjieba']:,}, only jieba {r['only_jieba']}, only rjieba "
              f"{r['only_rjieba']} (term tokens {s['jieba']:.2f} s vs {s['rjieba']:.2f} s)")


def main() -> int:
    from match_realtext import real_texts

    print_agreement(agreement([t for _, t in real_texts()]), "the real texts of ../shared/realdata")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
