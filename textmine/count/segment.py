"""The segmenter for `token` mode: jieba with every lexicon term registered so that a term wins.

How a term is made to win (measured in docs/lexicon.md):
- every variant is added with a high frequency (TERM_FREQ);
- every word of jieba's own dictionary that *contains* a variant (生态资源优势, 生态环境保护) is removed,
  so no longer dictionary word can swallow a term;
- the dictionary total is kept at jieba's own value. jieba scores a route as Σ log(freq) − n·log(total);
  with a fixed total, the segmentation of a block depends only on the dictionary entries that occur
  inside it. That makes a stored segmentation reusable after a lexicon edit for every block that
  contains none of the added or removed variants (the basis of incremental counting).

jieba cuts text into blocks of `RE_HAN` characters and segments each block independently, so only
blocks that contain a variant as a substring can yield a term token: `term_tokens` segments just those.

Backends: "jieba" (the reference, and the default: ``COUNT_BACKEND``) and "rjieba" (jieba-rs, optional).
For term tokens the jieba backend does not run jieba's cut: it computes jieba's own route (the same DAG, the
same log-frequency sums in the same order, the same tie rule: the longer word) in one backward pass over a
block and yields the route's multi-character words that are variants, ~2.5× faster than ``Tokenizer.cut``.
That is exactly jieba's term tokens: jieba yields every multi-character route word as it is, and its HMM
only re-cuts runs of single characters, which never hold a whole variant (a registered variant scores
above its characters one by one). A lexicon with a one-character term (allowed explicitly) uses jieba's cut.

rjieba is loaded with the same dictionary, but jieba-rs's total is the sum of its frequencies, whereas
jieba's total stays at the dictionary's own value while the registered variants add TERM_FREQ each (250
plan variants under lexicons 2026.5: 110.1 M against 60.1 M). jieba-rs therefore charges every token a larger
log-total and prefers routes of fewer tokens; its term tokens mostly agree and sometimes do not (黄河流出 →
黄河/流出 rather than jieba's 黄/河流/出; under 2026.5 no sentence of the sample plans or of the real texts
differs in the plan categories' hits; benchmarks/backend_agreement.py). It is exact only when the registered
mass fits under the total (``Segmenter.exact``), which one variant that is not already a frequent dictionary
word breaks; so counting keeps jieba, and rjieba is an option (--backend).
Full segmentation (lexicon suggest/expand) uses jieba's cut.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
from math import log
from pathlib import Path
from functools import lru_cache
from typing import Iterable, Iterator

import ahocorasick

from ..atomic import atomic_path
from ..errors import TextmineError

#: jieba's own block pattern (jieba.re_han_default): text is segmented block by block.
RE_HAN = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+")
_NOT_HAN = re.compile("[^\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]")          # a character between blocks
_LAST_NOT_HAN = re.compile("(?s).*[^\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]")  # up to the last one in a span


def _block_start(text: str, pos: int, floor: int) -> int:
    """Where the block holding `pos` starts: after the last character between blocks before `pos`, looked
    for backwards a window at a time, not below `floor` (the start of the text or a separator)."""
    hi = pos
    while hi > floor:
        lo = max(floor, hi - 256)
        m = _LAST_NOT_HAN.match(text, lo, hi)
        if m:
            return m.end()
        hi = lo
    return floor
TERM_FREQ = 200_000  # about the frequency of jieba's commonest content words (发展: 67k, 我们: 140k)
SEGMENTER_VERSION = "1"  # bump when the registration policy above changes
BACKENDS = ("jieba", "rjieba")
COUNT_BACKEND = "jieba"  # the segmenter of term counting (plans, news, audits), see the module doc
_FILLER = "\ue000\ue001"  # a private-use word that keeps the rjieba total equal to jieba's


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default dictionary as jieba loads it: word → freq with every prefix of a word present (freq 0
    unless a word itself), and the total of the frequencies.

    jieba reads its own cache with ``marshal.load`` on the open file, which costs 0.7–1.2 s in a fresh
    process; the same table kept in textmine's cache folder (``_dictionary_cache``) and read with one
    ``marshal.loads`` of its bytes takes ~0.2 s. The cache is named by jieba's version and its dictionary
    file's size and time; anything wrong with it and jieba builds the table as always."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    cache = _dictionary_cache(jieba)
    if cache is not None:
        try:
            freq, total = marshal.loads(cache.read_bytes())
            if isinstance(freq, dict) and isinstance(total, int) and freq:
                return freq, total
        except (OSError, ValueError, EOFError, TypeError):
            pass
    tk = jieba.Tokenizer()
    tk.initialize()
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(cache) as tmp:
                tmp.write_bytes(marshal.dumps((tk.FREQ, tk.total)))
        except OSError:
            pass                     # no cache folder to write: the next process asks jieba again
    return tk.FREQ, tk.total


def _dictionary_cache(jieba) -> Path | None:
    """Where the loaded dictionary is kept: $XDG_CACHE_HOME/textmine (default ~/.cache/textmine), under a
    name that changes with jieba's version and its dictionary file."""
    source = Path(jieba.__file__).with_name("dict.txt")
    try:
        st = source.stat()
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (OSError, RuntimeError):
        return None
    key = hashlib.sha256(f"1|{getattr(jieba, '__version__', '')}|{source}|{st.st_size}|{st.st_mtime_ns}"
                         .encode()).hexdigest()[:16]
    return home / "textmine" / f"jieba-dictionary-{key}.marshal"


_DICT_LINE = re.compile(r"^(\S+) (\d+)", re.M)   # "word freq tag" lines of jieba's dict.txt


@lru_cache(maxsize=1)
def _dictionary_words() -> tuple[dict[str, int], int]:
    """The words of jieba's default dictionary file (freq > 0; a word listed twice: its last line) and the
    total of every line's frequency: exactly the words and total of ``_base_dictionary``, read from the file
    without building jieba's prefix dictionary (what rjieba is loaded with)."""
    import jieba

    with jieba.Tokenizer().get_dict_file() as fh:
        pairs = _DICT_LINE.findall(fh.read().decode("utf-8"))
    freqs = list(map(int, [f for _, f in pairs]))
    words = dict(zip([w for w, _ in pairs], freqs))
    total = sum(freqs)
    return {w: f for w, f in words.items() if f}, total


def registration_key(surfaces: Iterable[str], backend: str = "jieba") -> str:
    h = hashlib.sha256(f"{SEGMENTER_VERSION}|{TERM_FREQ}|{backend}".encode())
    for s in sorted(set(surfaces)):
        h.update(("\n" + s).encode("utf-8"))
    return h.hexdigest()[:16]


def shadowing_words(surfaces: Iterable[str], freq: dict[str, int] | None = None) -> list[str]:
    """Words of jieba's dictionary that contain a variant but are not one (they would swallow it). `freq`:
    the dictionary already loaded (word → frequency; entries of frequency 0 are prefixes, not words)."""
    surfaces = set(surfaces)
    if not surfaces:
        return []
    if freq is None:
        freq, _ = _dictionary_words()
    auto = ahocorasick.Automaton()
    for s in surfaces:
        auto.add_word(s, s)
    auto.make_automaton()
    # one automaton pass over every entry, one per line; the few lines holding a variant are then looked at
    joined = "\n".join(freq)
    holding = set()
    for end, _ in auto.iter(joined):
        stop = joined.find("\n", end)
        holding.add(joined[joined.rfind("\n", 0, end) + 1:stop if stop >= 0 else len(joined)])
    return sorted(w for w in holding if len(w) > 1 and w not in surfaces and freq.get(w))


class Segmenter:
    """jieba (or jieba-rs) with the given variants registered; see the module docstring."""

    def __init__(self, surfaces: Iterable[str], backend: str = "jieba", *, route: bool = True):
        """`route`: with jieba, find term tokens by the route pass (the same tokens, faster); False: by
        jieba's Tokenizer.cut, the reference the route pass is checked against."""
        if backend not in BACKENDS:
            raise TextmineError(f"unknown segmenter backend {backend!r}; choose {', '.join(BACKENDS)}")
        self.surfaces = sorted(set(surfaces))
        self.backend = backend
        self.key = registration_key(self.surfaces, backend)
        self.exact = True          # the same term tokens as jieba (see the module doc)
        self._route = None         # jieba: (changes, dictionary, log total) of the route pass; None: jieba's cut
        if backend == "jieba":
            base, total = _base_dictionary()
            removed = set(shadowing_words(self.surfaces, base))
            # the registration as changes to jieba's dictionary (which is shared, never copied for counting):
            # the shadowing words out, the variants in, their prefixes marked as prefixes (frequency 0)
            changes = dict.fromkeys(removed, 0)
            for s in self.surfaces:
                changes[s] = TERM_FREQ
            for s in self.surfaces:
                for i in range(1, len(s)):
                    if s[:i] not in changes and s[:i] not in base:
                        changes[s[:i]] = 0
            self._changes, self._total = changes, total
            self._tokenizer = None
            self._cut = self._jieba_cut
            if route and all(len(s) > 1 for s in self.surfaces):
                self._route = (changes, base, log(total))
        else:
            try:
                import rjieba
            except ImportError:  # pragma: no cover - depends on the environment
                raise TextmineError("backend 'rjieba' needs the rjieba package: pip install rjieba") from None
            words, total = _dictionary_words()
            removed = set(shadowing_words(self.surfaces, words))
            rj = rjieba.Jieba.empty()
            add = rj.add_word
            keep = removed.union(self.surfaces)
            used = 0
            for w, f in words.items():
                if w not in keep:
                    add(w, f, None)        # (a tag matters only to POS tagging, never to a cut)
                    used += f
            for s in self.surfaces:
                rj.add_word(s, TERM_FREQ, "nz")
                used += TERM_FREQ
            if total - used > 0:
                rj.add_word(_FILLER, total - used, "x")
            self.exact = used <= total
            self._cut = lambda block: rj.cut(block, True)
        self.removed = sorted(removed)

    def cut(self, text: str) -> list[str]:
        """Segment text exactly as jieba.cut would (block by block)."""
        out: list[str] = []
        pos = 0
        for m in RE_HAN.finditer(text):
            if m.start() > pos:
                out.extend(_cut_skip(text[pos:m.start()]))
            out.extend(self._cut(m.group()))
            pos = m.end()
        if pos < len(text):
            out.extend(_cut_skip(text[pos:]))
        return out

    def term_tokens(self, text: str, candidate_starts: list[int], wanted: set[str] | frozenset[str]
                    ) -> Iterator[tuple[int, str]]:
        """(offset, token) for every token equal to a wanted variant, segmenting only the blocks of text
        that contain a candidate start (the start offsets of substring occurrences of variants)."""
        if not candidate_starts:
            return
        done = 0                          # the end of the last block segmented (a separator, or 0)
        for s in sorted(candidate_starts):
            if s < done or _NOT_HAN.match(text, s):
                continue                  # in a block already segmented, or on no block at all
            b0 = _block_start(text, s, done)
            end = _NOT_HAN.search(text, s)
            done = b1 = end.start() if end else len(text)
            block = text[b0:b1]
            if self._route is not None:
                for start, tok in self._route_words(block):
                    if tok in wanted:
                        yield b0 + start, tok
                continue
            off = b0
            for tok in self._cut(block):
                if tok in wanted:
                    yield off, tok
                off += len(tok)

    def _jieba_cut(self, block: str) -> Iterator[str]:
        """jieba's Tokenizer.cut (with its HMM) on the registered dictionary, built at the first call."""
        if self._tokenizer is None:
            import jieba

            freq = dict(_base_dictionary()[0])
            freq.update(self._changes)
            tk = jieba.Tokenizer()
            tk.FREQ, tk.total, tk.initialized = freq, self._total, True
            self._tokenizer = tk
        return self._tokenizer.cut(block, HMM=True)

    def _route_words(self, block: str) -> Iterator[tuple[int, str]]:
        """(offset, word) of the multi-character words of jieba's route through a block: jieba's get_DAG
        and calc in one backward pass (for each start, the words found by extending while the fragment is
        a dictionary prefix; score log(freq) - log(total) plus the best route after it; ties to the longer
        word, as jieba's max over (score, end) tuples; a character starting no word scores -log(total))."""
        changes, base, logtotal = self._route
        changed, get = changes.get, base.get
        n = len(block)
        score = [0.0] * (n + 1)
        end = list(range(1, n + 2))
        for i in range(n - 1, -1, -1):
            best = (0.0 - logtotal) + score[i + 1]      # jieba: log(FREQ.get(c) or 1) - logtotal + route
            found = False
            j = i + 1
            frag = block[i]
            f = changed(frag)
            if f is None:
                f = get(frag)
            while f is not None:                          # the fragment is a word or a word's prefix
                if f:
                    s = (log(f) - logtotal) + score[j]    # jieba's calc, the same operations in order
                    if not found or s >= best:
                        best, end[i], found = s, j, True
                if j >= n:
                    break
                j += 1
                frag = block[i:j]
                f = changed(frag)
                if f is None:
                    f = get(frag)
            score[i] = best
        x = 0
        while x < n:
            y = end[x]
            if y - x > 1:
                yield x, block[x:y]
            x = y


@lru_cache(maxsize=2)
def _segmenter(surfaces: tuple[str, ...], backend: str) -> Segmenter:
    return Segmenter(surfaces, backend)


def segmenter(surfaces: Iterable[str], backend: str = COUNT_BACKEND) -> Segmenter:
    """The Segmenter of these variants, built once per process (building one reads jieba's dictionary and
    looks for the words that would swallow a variant: about a second). A Segmenter is not changed by use."""
    return _segmenter(tuple(sorted(set(surfaces))), backend)


_RE_SKIP = re.compile(r"(\r\n|\s)")


def _cut_skip(text: str) -> list[str]:
    # jieba.cut's handling of the text between blocks: whitespace runs split, others one char each
    out = []
    for x in _RE_SKIP.split(text):
        if not x:
            continue
        if _RE_SKIP.match(x):
            out.append(x)
        else:
            out.extend(x)
    return out
