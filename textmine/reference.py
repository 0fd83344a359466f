"""What the index edition measures by default, from scoring/model.toml: the plan period whose outlines
the planning indicators count, and the news query and reference window of 政府关注 (G02).

    [planning] period = "十四五"
    [news]     lexicon = "news"; since = "2024-01-01"; until = "2024-12-31"

An edition of the model is chosen by name (`model_choice`): `--model cemi-2026` (the CLI's global option),
else TEXTMINE_MODEL, else `model = "…"` in the workspace's textmine-workspace.toml, else scoring/model.toml
as it is (its [model] id, cemi-2025). A named edition other than model.toml's own is a preset file,
scoring/models/<name>.toml, whose sections replace the keys they name in model.toml (the 2026 edition:
period 十五五, news window 2025); everything else (the tree, weights, settings) is model.toml's.

Read without importing the scoring stack (counting, crawling and listings need only these values).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .dates import parse_date
from .edition_rules import load_rules
from .i18n import N_, _
from .datatoml import read_toml
from .errors import TextmineError
from .resources import data_path, data_root
from .datafiles import MARKER

PRESETS = "models"          # scoring/models/<name>.toml
_chosen: tuple[str, str] | None = None


def set_model(name: str | None, how: str = "--model") -> None:
    """Use the model edition `name` from now on (None: back to the rules above); `how` says who chose it."""
    global _chosen
    _chosen = (name.strip(), how) if name and name.strip() else None


def model_choice() -> tuple[str | None, str]:
    """(edition name or None for model.toml as it is, what chose it)."""
    if _chosen:
        return _chosen
    env = os.environ.get("TEXTMINE_MODEL", "").strip()
    if env:
        return env, "TEXTMINE_MODEL"
    root = data_root()
    if root.is_workspace:
        marker = read_toml(root.path / MARKER)
        if marker.get("model"):
            return str(marker["model"]), N_("the workspace (textmine-workspace.toml)")
    return None, "scoring/model.toml"


def _read_toml(path: Path) -> dict:
    return read_toml(path, missing=f"model file {path} is missing")


def base_config(scoring: Path | None = None) -> dict:
    """scoring/model.toml as written, without a preset over it: the edition the published reference rankings are."""
    return _read_toml((Path(scoring) if scoring else data_path("scoring")) / "model.toml")


def model_editions(scoring: Path | None = None) -> dict[str, Path]:
    """Every edition the scoring folder offers: model.toml's own id and each preset, name → file."""
    scoring = Path(scoring) if scoring else data_path("scoring")
    base = _read_toml(scoring / "model.toml")
    out = {str(base.get("model", {}).get("id", "")) or "model.toml": scoring / "model.toml"}
    for f in sorted((scoring / PRESETS).glob("*.toml")):
        out[f.stem] = f
    return out


def model_config(scoring: Path | None = None) -> tuple[dict, str]:
    """(the model configuration in force, the name of its edition): model.toml, with the chosen preset's keys
    put over it. An unknown name is an error listing the editions there are."""
    scoring = Path(scoring) if scoring else data_path("scoring")
    base = _read_toml(scoring / "model.toml")
    name, how = model_choice()
    own = str(base.get("model", {}).get("id", "")) or "model.toml"
    if not name or name == own:
        return base, own
    path = scoring / PRESETS / f"{name}.toml"
    if not path.is_file():
        raise TextmineError(f"unknown model edition {name!r} (chosen by {how}); editions in {scoring}: "
                            f"{', '.join(model_editions(scoring))}")
    preset = _read_toml(path)
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for section, values in preset.items():
        if not isinstance(values, dict) or section not in base:
            raise TextmineError(f"{path}: [{section}] is not a section of {scoring / 'model.toml'}; a preset "
                                "replaces keys of model.toml's sections ([model], [planning], [news] …)")
        merged[section].update(values)
    return merged, name


@dataclass(frozen=True)
class Reference:
    model_version: str
    period: str
    news_lexicon: str
    since: str | None
    until: str | None


def iso_date(value, name: str) -> str | None:
    """YYYY-MM-DD or None (textmine.dates reads 2024-01-01, 2024年1月1日, 二〇二四年一月一日); anything else,
    2024-02-30 included, is an error naming the option."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise TextmineError(f"{name}: {exc}") from None


def check_window(since, until, names=("since", "until")) -> tuple[str | None, str | None]:
    s, u = iso_date(since, names[0]), iso_date(until, names[1])
    if s and u and s > u:
        raise TextmineError(f"{names[0]} {s} is after {names[1]} {u}")
    return s, u


def model_line() -> str:
    """'cemi-2026 (cemi-2026.1, 2026年版：…; chosen by …)': the edition in force, for status and run."""
    cfg, name = model_config()
    _name, how = model_choice()
    m = cfg.get("model", {})
    what = ", ".join(str(x) for x in (m.get("version"), m.get("label")) if x)
    return _("{name} ({what}; chosen by {how})").format(name=name, what=what, how=_(how))


def reference(model_toml=None) -> Reference:
    """The edition's defaults; `model_toml`: the model.toml of another scoring folder (its chosen edition)."""
    path = Path(model_toml) if model_toml else data_path("scoring", "model.toml")
    cfg, _edition = model_config(path.parent)
    planning, news = cfg.get("planning", {}), cfg.get("news", {})
    if "period" not in planning:
        raise TextmineError(f"{path}: [planning] needs `period` (the plan period the planning indicators count)")
    period = load_rules().check_period(planning["period"])
    since, until = check_window(news.get("since"), news.get("until"), (f"{path} [news] since", "until"))
    return Reference(str(cfg.get("model", {}).get("version", "")), period, str(news.get("lexicon", "news")),
                     since, until)
