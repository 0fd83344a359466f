"""Where every cell of a score run comes from: one provenance record per city × leaf.

    Provenance(origin, source, detail)    three cities × leaves tables of strings

- ``origin``: the kind, a key of KINDS (stored in ``leaf_values.origin``):
    text      text-mined from the corpus: the city's outline counted for the plan period (source
              ``document:<id>``), or its news items in the reference window (``news:<lexicon>@<since>..<until>``)
    workbook  a cell of the indicator workbook (``workbook:<sheet>!<column><row>``); in a text-mined leaf it
              stands in where the corpus has no value, and ``detail`` says why the corpus has none
    override  a workbook cell replacing the value the corpus has (``detail``: that value and its document)
    evidence  an empty yes/no cell filled from an accepted evidence review (``review:<file>#row <n>``;
              ``detail``: the document and the sentence)
    document  an empty yearbook cell filled from an accepted facts review (`textmine facts`, `score --facts`:
              ``review:<file>#row <n>``; ``detail``: the communiqué or budget report, data year, page, figure)
    imputed   filled by the imputation policy (``imputed:<policy>``; ``detail``: why the cell was empty)
    missing   no value (``source`` empty; ``detail``: why — the empty cell, the outline set aside …)
- ``source``: a stable id of what the value was read from (for programs; empty for a missing cell);
- ``detail``: the same in words, for readers.

Who makes and who reads it: `scoring.inputs.gather_inputs` builds it from the workbook, the corpus
(`text_mined_values`), the evidence review and the imputation; `save_run` stores it in ``leaf_values``
(origin, source, detail), `load_result` returns it in ``IndexResult.leaves``; `score`/`run` print its
`sentence`, `explain` shows each leaf's, `score --out` and the report's Excel carry every cell, the report
shows the `sentence` and the counts per leaf (`by_leaf`) — all through this module, so they cannot disagree.

To add a kind (e.g. values read from statistical communiqués): add a `Kind` to KINDS (textmine/provenance_kinds.py), and set it in
`gather_inputs` with ``prov.set(mask, "<key>", source, detail)``. Every output shows it and counts it from
KINDS; nothing else changes (``leaf_values.origin`` has no CHECK: this list is the check).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import TextmineError
from ..provenance_kinds import KINDS, Kind  # noqa: F401 (in the base layer: the names table shows them too)

LONG_COLUMNS = ("city_code", "leaf", "origin", "source", "detail")


def check_kinds(values) -> None:
    unknown = sorted(set(np.unique(np.asarray(values, dtype=object))) - set(KINDS))
    if unknown:
        raise TextmineError(f"unknown provenance kind(s) {', '.join(map(str, unknown))}; known: {', '.join(KINDS)} "
                            f"(textmine/provenance_kinds.py KINDS)")


@dataclass
class Provenance:
    origin: pd.DataFrame      # cities × leaves: a key of KINDS
    source: pd.DataFrame      # cities × leaves: what the value was read from ('' for missing)
    detail: pd.DataFrame      # cities × leaves: the same in words; why a cell is missing

    @classmethod
    def empty(cls, index, columns, detail: str = "") -> "Provenance":
        """Every cell missing."""
        def frame(v):
            return pd.DataFrame(v, index=pd.Index(index, name="city_code"), columns=list(columns), dtype=object)
        return cls(frame("missing"), frame(""), frame(detail))

    def set(self, mask, origin: str, source="", detail="") -> None:
        """Cells where ``mask`` (bool, aligned to the table) is True become ``origin``; ``source``/``detail``: a
        string for all of them, or a frame/series aligned to the table."""
        check_kinds([origin])
        if isinstance(mask, pd.Series):      # one leaf's column: set that column only (most calls; cheaper)
            col = mask.name
            if col not in self.origin.columns:
                raise KeyError(f"provenance has no leaf {col!r}")
            m = mask.reindex(self.origin.index, fill_value=False).fillna(False).astype(bool)
            for frame, v in ((self.origin, origin), (self.source, source), (self.detail, detail)):
                if isinstance(v, pd.DataFrame):
                    v = v[col]
                if isinstance(v, pd.Series):
                    v = v.reindex(self.origin.index).astype(object)
                    v = v.where(v.notna(), "")[m]
                frame.loc[m, col] = v
            return
        mask = self._mask(mask)
        self.origin = self.origin.mask(mask, origin)
        self.source = self.source.mask(mask, self._values(source))
        self.detail = self.detail.mask(mask, self._values(detail))

    def _mask(self, mask) -> pd.DataFrame:
        return mask.reindex(index=self.origin.index, columns=self.origin.columns, fill_value=False) \
            .fillna(False).astype(bool)

    def _values(self, v):
        if isinstance(v, pd.Series):
            v = pd.DataFrame({v.name: v})
        if isinstance(v, pd.DataFrame):
            v = v.reindex(index=self.origin.index, columns=self.origin.columns).astype(object)
            return v.where(v.notna(), "")
        return v

    def long(self) -> pd.DataFrame:
        """One row per cell: city_code, leaf, origin, source, detail (leaf-major, as ``leaf_values``)."""
        stack = [f.stack(future_stack=True) for f in (self.origin, self.source, self.detail)]
        out = pd.DataFrame({"origin": stack[0], "source": stack[1], "detail": stack[2]})
        out.index.names = ["city_code", "leaf"]
        return out.reset_index()[list(LONG_COLUMNS)]

    @classmethod
    def from_leaves(cls, leaves: pd.DataFrame) -> "Provenance":
        """From a run's long leaf table (``IndexResult.leaves``: city_code, leaf, origin[, source, detail])."""
        lv = leaves.copy()
        for col in ("source", "detail"):
            if col not in lv.columns:
                lv[col] = ""
        order = list(dict.fromkeys(lv["leaf"]))
        wide = {c: lv.pivot(index="city_code", columns="leaf", values=c).reindex(columns=order).fillna("")
                for c in ("origin", "source", "detail")}
        return cls(wide["origin"], wide["source"], wide["detail"])

    def counts(self, leaves=None) -> dict[str, int]:
        """{kind: cells} over all leaves (or those given), every kind of KINDS in order (0 included)."""
        o = self.origin if leaves is None else self.origin[[c for c in leaves if c in self.origin.columns]]
        got = pd.Series(o.to_numpy().ravel()).value_counts()
        return {k: int(got.get(k, 0)) for k in KINDS} | {k: int(n) for k, n in got.items() if k not in KINDS}

    def by_leaf(self) -> pd.DataFrame:
        """leaf × kind: how many cities' cells came from each kind (every kind a column, in KINDS order)."""
        t = self.origin.apply(lambda s: s.value_counts()).T.fillna(0).astype(int)
        t = t.reindex(columns=[k for k in KINDS] + [c for c in t.columns if c not in KINDS], fill_value=0)
        t.index.name = "leaf"
        return t

    def cells(self) -> int:
        return int(self.origin.size)

    def sentence(self, lang: str = "en", text_leaves=None) -> str:
        """Every count of the run's cells in one sentence (what `score`/`run` print and the report shows);
        with ``text_leaves``, a second clause for the text-mined leaves alone."""
        n_cities, n_leaves = self.origin.shape
        counts = {k: n for k, n in self.counts().items() if n or k in ("imputed", "missing")}
        if lang == "zh":
            parts = "，".join(f"{KINDS[k].zh if k in KINDS else k} {n:,}" for k, n in counts.items())
            out = f"{n_cities} 个城市 × {n_leaves} 个指标 = {self.cells():,} 个单元格：{parts}"
        else:
            parts = ", ".join(f"{n:,} {KINDS[k].en if k in KINDS else k}" for k, n in counts.items())
            out = f"{n_cities} cities × {n_leaves} leaves = {self.cells():,} cells: {parts}"
        if text_leaves:
            tl = [c for c in text_leaves if c in self.origin.columns]
            tc = {k: n for k, n in self.counts(tl).items() if n}
            if lang == "zh":
                out += (f"；其中文本挖掘指标（{'、'.join(tl)}）{len(tl) * n_cities:,} 个单元格："
                        + "，".join(f"{KINDS[k].zh if k in KINDS else k} {n:,}" for k, n in tc.items()))
            else:
                out += (f"; of them the text-mined leaves ({', '.join(tl)}), {len(tl) * n_cities:,} cells: "
                        + ", ".join(f"{n:,} {KINDS[k].en if k in KINDS else k}" for k, n in tc.items()))
        return out + ("。" if lang == "zh" else "")


def describe(origin: str, source: str, detail: str, lang: str = "en") -> str:
    """One cell's provenance in words: the kind, then the detail (or, without one, where it was read:
    'workbook: my.xlsx!C12' → '工作簿：my.xlsx!C12')."""
    kind = KINDS.get(origin)
    name = (kind.zh if lang == "zh" else kind.en) if kind else origin
    text = detail or source.partition(":")[2] or source
    return (f"{name}：{text}" if lang == "zh" else f"{name}: {text}") if text else name
