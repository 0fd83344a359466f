"""`lexicon suggest`: candidate terms for a category, from the plan texts (nothing is added by itself).

Units are sentences of plan pages, segmented with the lexicon-aware segmenter. A candidate is a word of
2–8 CJK characters not already in any lexicon. Two scores from scikit-learn:
- co-occurrence: chi² (sklearn.feature_selection.chi2) of the word against "the sentence contains a term
  of the category", kept only when positively associated (lift > 1);
- TF-IDF contrast: mean TF-IDF weight of the word in sentences with a category term minus its mean in
  the other sentences (TfidfVectorizer over the same sentences).
Candidates are ranked by chi² and shown with their counts, lift, contrast and example contexts.
"""
from __future__ import annotations

import re

import numpy as np

from ..errors import TextmineError
from ..lexicon import check_category
from ..names import category_label
from ..count import Segmenter, build_automaton, current_state
from ..count.scope import counted_texts
from ..text import CJK_FULL_STOPS

_SENT = re.compile(f"[^{CJK_FULL_STOPS}；\\n]+[{CJK_FULL_STOPS}；]?")      # textmine.text
_CJK = re.compile(r"^[\u4E00-\u9FD5]{2,8}$")


def suggest_terms(store, category: str, top: int = 20, directory=None, min_count: int = 3,
                  max_sentences: int = 200_000, examples: int = 2) -> list[dict]:
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.feature_selection import chi2


    category = check_category(category, directory=directory)
    state = current_state(directory)
    own = {s for s, (_, c) in state.mapping.items() if c == category}
    auto = build_automaton(own)
    seg = Segmenter(state.mapping)
    sents, docs, labels = [], [], []
    for _, _, text, _ in counted_texts(store):
        for m in _SENT.finditer(text):
            s = m.group().strip()
            if len(s) < 6:
                continue
            toks = [t for t in seg.cut(s) if _CJK.match(t) and t not in state.mapping]
            sents.append(s)
            docs.append(toks)
            labels.append(next(auto.iter(s), None) is not None)
            if len(sents) >= max_sentences:
                break
        if len(sents) >= max_sentences:
            break
    if not sents:
        raise TextmineError("the corpus has no parsed plan text to suggest terms from")
    y = np.array(labels)
    if y.sum() == 0:
        raise TextmineError(f"no sentence of the corpus contains a {category_label(category, directory)} term; nothing to learn from")
    vec = CountVectorizer(analyzer=lambda toks: toks, min_df=min_count, binary=True)
    X = vec.fit_transform(docs)
    if X.shape[1] == 0:
        return []
    words = vec.get_feature_names_out()
    chi, _ = chi2(X, y)
    pos = np.asarray(X[y].sum(axis=0)).ravel()
    tot = np.asarray(X.sum(axis=0)).ravel()
    lift = (pos / max(y.sum(), 1)) / (tot / len(y))
    tf = TfidfTransformer().fit_transform(X)
    contrast = np.asarray(tf[y].mean(axis=0)).ravel() - np.asarray(tf[~y].mean(axis=0)).ravel() \
        if (~y).any() else np.asarray(tf[y].mean(axis=0)).ravel()
    order = [i for i in np.argsort(-np.nan_to_num(chi)) if lift[i] > 1][:top]
    out = []
    for i in order:
        w = words[i]
        ex = []
        for s, lab in zip(sents, labels):
            if lab and w in s:
                k = s.index(w)
                ex.append(s[max(0, k - 20):k + len(w) + 20])
                if len(ex) >= examples:
                    break
        out.append({"candidate": w, "with_term": int(pos[i]), "sentences": int(tot[i]), "lift": round(float(lift[i]), 2),
                    "chi2": round(float(chi[i]), 1), "tfidf_contrast": round(float(contrast[i]), 4),
                    "examples": " / ".join(ex)})
    return out
