"""The bounds a score run winsorises and normalises on: fitted on one edition, applied to any (`score --bounds-from`).

`LeafBounds.fit(model, raw, params)` learns them on a cities × leaves array (textmine.scoring.transform's
`Winsoriser` and `Normaliser`); `transform(raw)` gives the (winsorised, normalised) arrays of any edition's values.
Every run stores the bounds it used (table score_bounds, textmine/scoring/results.py), so a 十五五 refresh can be
normalised on the cemi-2025 run's bounds and the two editions' scores read on one scale; `for_model` refuses bounds whose
leaves, directions or settings are not this run's.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from ..errors import TextmineError
from ..i18n import _
from ..names import indicator_label
from .model import Model
from .transform import Normaliser, Winsoriser

# the settings (textmine.scoring.pipeline.resolve_params) that fitted bounds are only valid under
FIT_SETTINGS = ("winsor_k", "winsor_ddof", "winsor_skip_types", "normalisation", "constant_value")


@dataclass
class LeafBounds:
    leaves: list[str]                # model leaf order
    sign: np.ndarray                 # ±1 per leaf, as fitted
    winsoriser: Winsoriser
    normaliser: Normaliser
    settings: dict                   # FIT_SETTINGS as fitted
    run_id: int | None = None        # the stored run they were read from (None: fitted on the values scored)
    model_version: str = ""          # that run's model

    @classmethod
    def fit(cls, model: Model, raw: np.ndarray, params: dict) -> "LeafBounds":
        skip = model.leaves["type"].isin(params["winsor_skip_types"]).to_numpy()
        sign = model.leaves["sign"].to_numpy()
        win = Winsoriser(params["winsor_k"], params["winsor_ddof"], skip).fit(raw)
        norm = Normaliser(params["normalisation"], sign, params["constant_value"]).fit(win.transform(raw))
        return cls(list(model.leaf_codes), sign, win, norm, {k: params[k] for k in FIT_SETTINGS})

    def transform(self, raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(winsorised, normalised) cities × leaves arrays of `raw` (model leaf order) on these bounds."""
        w = self.winsoriser.transform(raw)
        return w, self.normaliser.transform(w)

    def beyond(self, raw: np.ndarray) -> np.ndarray:
        """Per leaf, how many cells lie, once winsorised, beyond the fitted min/max: held to it by minmax and rank
        (zscore extrapolates: none). A cell the winsorising bounds clip is not counted: the fitted edition's own
        outliers were clipped to the same bounds."""
        if self.settings["normalisation"] == "zscore":
            return np.zeros(len(self.leaves), dtype=int)
        return self.normaliser.beyond(self.winsoriser.transform(raw)).sum(axis=0)

    def rows(self, run_id: int) -> list[tuple]:
        """score_bounds rows (NULL for an unbounded winsorising bound or a statistic of an all-missing leaf)."""
        n, w = self.normaliser, self.winsoriser

        def num(v):
            return None if not np.isfinite(v) else float(v)

        return [(run_id, leaf, float(self.sign[j]), num(w.lower_[j]), num(w.upper_[j]), num(n.lo_[j]), num(n.hi_[j]),
                 num(n.mean_[j]), num(n.sd_[j]), int(n.n_[j]), json.dumps([float(v) for v in n.sorted_[j]]))
                for j, leaf in enumerate(self.leaves)]

    @classmethod
    def from_rows(cls, rows: list, settings: dict, run_id: int, model_version: str) -> "LeafBounds":
        """The bounds stored with run `run_id` (rows as `rows` writes them, in any order)."""
        def col(i, missing):
            return np.array([missing if r[i] is None else float(r[i]) for r in rows], dtype=float)

        sign = col(2, 1.0)
        win = Winsoriser(settings["winsor_k"], settings["winsor_ddof"])
        win.lower_, win.upper_ = col(3, -np.inf), col(4, np.inf)
        norm = Normaliser(settings["normalisation"], sign, settings["constant_value"])
        norm.lo_, norm.hi_, norm.mean_, norm.sd_ = (col(i, np.nan) for i in (5, 6, 7, 8))
        norm.n_ = np.array([int(r[9]) for r in rows])
        norm.sorted_ = [np.array(json.loads(r[10]), dtype=float) for r in rows]
        return cls([r[1] for r in rows], sign, win, norm.settle(), dict(settings), run_id, model_version)

    def for_model(self, model: Model, params: dict) -> "LeafBounds":
        """These bounds in `model`'s leaf order, refused (a clear message) where they are not this run's: other
        leaves, a leaf whose direction changed, other winsorising or normalisation settings."""
        label = (lambda c: indicator_label(c, model.root))
        src = _("run #{run} (model {model})").format(run=self.run_id, model=self.model_version)
        problems = []
        missing = [c for c in model.leaf_codes if c not in self.leaves]
        extra = [c for c in self.leaves if c not in model.leaf_codes]
        if missing:
            problems.append(_("it has no bounds for {n} leaf/leaves of this model: {leaves}").format(
                n=len(missing), leaves=", ".join(map(label, missing[:8])) + (" …" if len(missing) > 8 else "")))
        if extra:
            problems.append(_("it has bounds for {n} leaf/leaves this model does not have: {leaves}").format(
                n=len(extra), leaves=", ".join(extra[:8]) + (" …" if len(extra) > 8 else "")))
        pos = {c: i for i, c in enumerate(self.leaves)}
        turned = [c for c in model.leaf_codes if c in pos and self.sign[pos[c]] != model.leaves.at[c, "sign"]]
        if turned:
            problems.append(_("the direction (+/-) of {leaves} differs").format(leaves=", ".join(map(label, turned))))
        settings = {k: params[k] for k in FIT_SETTINGS}
        differ = [f"{k} {self.settings.get(k)!r} ≠ {settings[k]!r}" for k in FIT_SETTINGS if self.settings.get(k) != settings[k]]
        if differ:
            problems.append(_("it was fitted with other settings ({settings}); leave out --k/--normalisation or "
                              "change the model's [winsorise]/[normalise] to match").format(settings="; ".join(differ)))
        if problems:
            raise TextmineError(_("cannot normalise on the bounds of {source}: {problems}; the bounds of a run apply "
                                  "only to a model with the same leaves, directions and settings").format(
                source=src, problems="; ".join(problems)))
        rows = self.rows(self.run_id or 0)
        return LeafBounds.from_rows([rows[pos[c]] for c in model.leaf_codes], self.settings, self.run_id,
                                    self.model_version)


def describe(source: dict) -> str:
    """'normalised on the bounds of run #3, model cemi-2025.1': what a run's banner and notes say of bounds taken
    from another run (`source` as score_runs.params["bounds_from"] holds it)."""
    return _("normalised on the bounds of run #{run}, model {model}").format(run=source["run"],
                                                                             model=source["model_version"])
