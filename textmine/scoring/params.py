"""`ScoreParams`: what one `score` is asked (`textmine score`'s options), as one value handed down the scoring calls.

Each None means "the model's" (scoring/model.toml and the chosen edition's preset); `resolve_params` in pipeline.py
turns k and method into the computation's settings.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class ScoreParams:
    allow_missing: bool = False                  # impute empty cells instead of refusing
    imputation: str | None = None                # with allow_missing: province-median, median, worst, reweight
    use_text: bool = True                        # read the text-mined leaves from the corpus
    k: float | None = None                       # winsorising k (mean ± k·sd)
    method: str | None = None                    # normalisation: minmax, zscore, rank
    runs: int | None = None                      # Monte-Carlo runs
    seed: int | None = None                      # Monte-Carlo seed
    perturbation: float | None = None            # Monte-Carlo weight perturbation ±x
    force: bool = False                          # a new run even when an identical one is stored
    period: str | None = None                    # the plan period the planning leaves count (十四五, 十五五)
    news_lexicon: str | Path | None = None       # the news query of G02
    since: object = None                         # the news window (a date or YYYY-MM-DD)
    until: object = None
    mode: str | None = None                      # counting mode: token | substring
    evidence: str | Path | None = None           # an accepted evidence review sheet
    facts: str | Path | None = None              # an accepted facts review sheet
    strict: bool = False                         # refuse while `textmine check` shows red
    workbook_overrides: bool | None = None       # a workbook value of a text-mined leaf replaces the corpus's
    bounds_from: int | None = None               # winsorise and normalise on the bounds of this stored run

    def with_options(self, **options) -> "ScoreParams":
        """A copy with `options` replaced (an unknown name is a TypeError, as for a keyword argument)."""
        return replace(self, **options)
