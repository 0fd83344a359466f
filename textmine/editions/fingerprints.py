"""Text fingerprints: is this document another copy of that one?

A document's text (letters, digits and CJK only: spacing, punctuation and layout do not matter) is cut
into overlapping 5-character shingles, each hashed to 64 bits; the fingerprint keeps how many distinct
shingles there are and the K smallest hashes (a bottom-K sketch). From two sketches follow estimates of
the Jaccard similarity J and of the containment of the smaller text in the larger,
|A∩B| / min(|A|, |B|) with |A∩B| = J·(|A|+|B|)/(1+J): a PDF and an HTML copy of one outline, a
re-upload, a truncated copy or a copy inside a longer page all have a containment near 1, two different
outlines far below. With K = 512 the standard error of J is at most 0.022.

Making a fingerprint uses numpy (a 150,000-character outline takes a few milliseconds); comparing two
is plain Python on 512 integers, so listings and `status` need no numpy. Measured in docs/editions.md.
"""
from __future__ import annotations

import re
import sys
from array import array
from dataclasses import dataclass

SHINGLE = 5
K = 512
_DROP = re.compile(r"[\W_]+")
_PRIME = 1_000_003


@dataclass(frozen=True)
class Fingerprint:
    shingles: int                # distinct shingles of the text
    sketch: tuple[int, ...]      # sorted: the K smallest 64-bit shingle hashes (all of them when fewer)

    def to_bytes(self) -> bytes:
        a = array("Q", self.sketch)
        if sys.byteorder == "big":
            a.byteswap()
        return a.tobytes()

    @classmethod
    def from_bytes(cls, shingles: int, data: bytes) -> "Fingerprint":
        a = array("Q")
        a.frombytes(data)
        if sys.byteorder == "big":
            a.byteswap()
        return cls(int(shingles), tuple(a))


def _mix(x):
    """splitmix64's finaliser: spreads the polynomial hashes uniformly over 64 bits."""
    import numpy as np

    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def fingerprint(text: str) -> Fingerprint:
    import numpy as np

    clean = _DROP.sub("", text or "")
    codes = np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        return Fingerprint(0, ())
    n = len(codes) - SHINGLE + 1
    with np.errstate(over="ignore"):
        h = codes[:n].copy()
        for j in range(1, SHINGLE):
            h = h * np.uint64(_PRIME) + codes[j:j + n]
        h = np.unique(_mix(h))
    return Fingerprint(len(h), tuple(h[:K].tolist()))


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float        # of the smaller text in the larger one


def similarity(a: Fingerprint, b: Fingerprint) -> Similarity:
    if not a.shingles or not b.shingles:
        return Similarity(0.0, 0.0)
    sa, sb = set(a.sketch), set(b.sketch)
    union = sorted(sa | sb)[:K]
    j = sum(1 for x in union if x in sa and x in sb) / len(union)
    inter = j * (a.shingles + b.shingles) / (1 + j)
    return Similarity(j, min(1.0, inter / min(a.shingles, b.shingles)))
