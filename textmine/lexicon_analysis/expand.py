"""`lexicon expand`: candidate terms for a category from word embeddings trained on the stored corpus.

The standard method of dictionary building in Chinese management and economics research (cntext's
`expand_dictionary` is the reference tool): train word2vec on one's own corpus, then rank the words
nearest to the category's seed terms.

- Corpus: the body pages of every stored plan, policy and news document, cut into sentences and
  segmented by the lexicon-aware segmenter (segment.Segmenter), so every lexicon variant is one token.
- Model: gensim Word2Vec, skip-gram, one worker and a fixed seed (and a hash function that does not
  depend on the process), so training is deterministic. It is cached in the data home
  (`models/word2vec-<key>.model`), the key being the corpus (every page's text), the segmenter (the
  registered variants and backend) and the training parameters: reused until one of them changes.
- Ranking: the mean cosine similarity of a candidate to the category's seed variants present in the
  vocabulary; with it the nearest seed, the candidate's corpus frequency and two example contexts.
  Words already in any lexicon are never proposed; nothing is added (that is `lexicon add`).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from ..errors import TextmineError
from ..lexicon import category_keys, check_category, load_lexicon
from ..names import category_label
from ..count import Segmenter, current_state
from ..store import pages as store_pages
from ..text import CLAUSE_ENDS, FULL_STOPS, marks
from ..atomic import atomic_path

_SENT = re.compile(f"[^{marks(FULL_STOPS + CLAUSE_ENDS)}\\n]+")      # textmine.text
_WORD = re.compile(r"^[\u4E00-\u9FD5A-Za-z0-9][\u4E00-\u9FD5A-Za-z0-9+#&._%\-]*$")
_CANDIDATE = re.compile(r"^[\u4E00-\u9FD5]{2,10}$")
KINDS = ("plan", "policy", "news")


@dataclass(frozen=True)
class TrainParams:
    vector_size: int = 100
    window: int = 5
    min_count: int = 3
    epochs: int = 10
    seed: int = 1

    def key(self) -> str:
        return f"sg{self.vector_size}w{self.window}m{self.min_count}e{self.epochs}s{self.seed}"


def stable_hash(text: str) -> int:
    """The word → initial-vector seed hash (gensim's default, Python's hash, changes per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "little")


def _pages(store) -> Iterator[str]:
    yield from store_pages.body_texts_by_hash(store.conn, KINDS)


def corpus_key(store) -> str:
    h = hashlib.sha256()
    for text in _pages(store):
        h.update(hashlib.sha1(text.encode("utf-8")).digest())
    return h.hexdigest()[:16]


def sentences(store, segmenter) -> list[list[str]]:
    out = []
    for text in _pages(store):
        for m in _SENT.finditer(text):
            toks = [t for t in segmenter.cut(m.group()) if _WORD.match(t)]
            if len(toks) >= 2:
                out.append(toks)
    return out


def load_model(store, params: TrainParams, lexicon_dir=None, progress: Callable[[str], None] | None = None):
    """The word2vec model of the store's corpus (trained now, or read from the cache). Returns (model, path,
    trained: bool)."""
    from gensim.models import Word2Vec


    state = current_state(lexicon_dir)
    seg = Segmenter(state.mapping)
    key = hashlib.sha256(f"{corpus_key(store)}|{seg.key}|{params.key()}".encode()).hexdigest()[:16]
    folder = Path(store.home) / "models"
    path = folder / f"word2vec-{key}.model"
    if path.is_file():
        return Word2Vec.load(str(path)), path, False
    sents = sentences(store, seg)
    if not sents:
        raise TextmineError("the corpus has no parsed plan, policy or news text to train word embeddings on")
    if progress:
        progress(f"training word2vec on {len(sents):,} sentences ({sum(map(len, sents)):,} tokens)")
    model = Word2Vec(vector_size=params.vector_size, window=params.window, min_count=params.min_count, sg=1,
                     workers=1, seed=params.seed, epochs=params.epochs, hashfxn=stable_hash)
    model.build_vocab(sents)
    if not model.wv.index_to_key:
        raise TextmineError(f"no word occurs {params.min_count}+ times in the corpus; lower min_count")
    model.train(sents, total_examples=model.corpus_count, epochs=model.epochs)
    folder.mkdir(parents=True, exist_ok=True)

    with atomic_path(path) as tmp:
        model.save(str(tmp), separately=[])   # one file: arrays inside, renamed atomically
    return model, path, True


def expand_terms(store, category: str, *, top: int = 20, min_count: int = 3, seed: int = 1, directory=None,
                 params: TrainParams | None = None, examples: int = 2,
                 progress: Callable[[str], None] | None = None) -> tuple[list[dict], dict]:
    """Candidates for `category` ranked by mean cosine similarity to its seed terms: rows (candidate,
    similarity, nearest_seed, seed_similarity, count, examples) and a summary (model path, whether it was
    trained now, seeds found in the vocabulary and those missing)."""
    category = check_category(category, directory=directory)
    params = params or TrainParams(min_count=min_count, seed=seed)
    model, path, trained = load_model(store, params, directory, progress)
    wv = model.wv
    lex = load_lexicon(category, directory)
    seeds = [v for v in lex.surfaces if v in wv.key_to_index]
    missing = sorted(v for v in lex.surfaces if v not in wv.key_to_index)
    if not seeds:
        raise TextmineError(f"none of the {category_label(category, directory)} terms occurs {params.min_count}+ times in the corpus; "
                            "lower min_count or add documents")
    known = {v for c in category_keys(directory) for v in load_lexicon(c, directory).surfaces}
    words = [w for w in wv.index_to_key if w not in known and _CANDIDATE.match(w)]
    if not words:
        return [], {"model": str(path), "trained": trained, "seeds": seeds, "missing": missing}
    unit = lambda m: m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)  # noqa: E731
    W, S = unit(np.stack([wv[w] for w in words])), unit(np.stack([wv[s] for s in seeds]))
    sims = W @ S.T
    mean = sims.mean(axis=1)
    order = np.lexsort((np.array(words), -mean))[:top]
    out = []
    for i in order:
        j = int(sims[i].argmax())
        out.append({"candidate": words[i], "similarity": round(float(mean[i]), 4), "nearest_seed": seeds[j],
                    "seed_similarity": round(float(sims[i, j]), 4), "count": int(wv.get_vecattr(words[i], "count")),
                    "examples": " / ".join(_examples(store, words[i], examples))})
    return out, {"model": str(path), "trained": trained, "seeds": seeds, "missing": missing}


def _examples(store, word: str, n: int, width: int = 20) -> list[str]:
    out = []
    for text in _pages(store):
        k = text.find(word)
        while k >= 0 and len(out) < n:
            out.append(text[max(0, k - width):k + len(word) + width].replace("\n", " "))
            k = text.find(word, k + len(word) + width)
        if len(out) >= n:
            break
    return out
