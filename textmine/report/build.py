"""Load the report's inputs (a scoring run from the store, or a scores CSV) and write the report files.

    build_report(store, out_dir)  ->  out_dir/cemi_report.html, out_dir/cemi_report.xlsx, out_dir/audit/<code>.html
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from ..atomic import write_text
from ..progress import Progress
from ..errors import TextmineError
from ..names import city_label
from ..registry import load_registry
from .analysis import ReportInputs, analyse, say
from .compare_groups import DEFAULT_DOMAIN_WEIGHTS, DOMAINS, INDEX
from .excel import write_workbook
from .groups import PILOT_LEAF_NAME, leaf_names, pilot_flag
from .html import render_html

HTML_NAME = "cemi_report.html"
XLSX_NAME = "cemi_report.xlsx"
AUDIT_DIR = "audit"
MAX_HTML_BYTES = 15 * 1024 * 1024


@dataclass
class ReportFiles:
    html: Path
    xlsx: Path
    audit_pages: int
    html_bytes: int
    moran_i: float | None
    synthetic: bool
    ledger: dict | None = None     # statement-ledger counts: {"published": {"✓": n, …}, "run": {…}}
    review_warning: str | None = None      # outline choices of the period that need review (textmine.editions)


# -- inputs ----------------------------------------------------------------------------------

def domain_weights(result) -> dict[str, float]:
    """The four domain weights used by a scoring run: its params, else its model table, else the published ones."""
    params = getattr(result, "params", None) or {}
    w = (params.get("weights") or {}).get(INDEX) if isinstance(params, dict) else None
    if isinstance(w, dict) and all(d in w for d in DOMAINS):
        return {d: float(w[d]) for d in DOMAINS}
    model = getattr(result, "model", None)
    weights = getattr(model, "weights", None)  # a scoring.Model
    if isinstance(weights, dict) and isinstance(weights.get(INDEX), dict) and all(d in weights[INDEX] for d in DOMAINS):
        return {d: float(weights[INDEX][d]) for d in DOMAINS}
    if isinstance(model, pd.DataFrame) and {"domain", "domain_weight", "global_weight"} <= set(model.columns):
        ratio = (model["global_weight"] / model["domain_weight"]).groupby(model["domain"]).median()
        if all(d in ratio.index for d in DOMAINS):
            return {d: float(ratio[d]) for d in DOMAINS}
    return dict(DEFAULT_DOMAIN_WEIGHTS)


def inputs_from_result(result, planning: pd.DataFrame | None = None) -> ReportInputs:
    """ReportInputs from a `textmine.scoring.IndexResult` (scores, leaves, intervals, synthetic, model)."""
    notes = []
    pilot = pilot_flag(result)
    if pilot is None:
        notes.append(f"评分结果中没有“{PILOT_LEAF_NAME}”指标的数值。")
    meta = {}
    for attr in ("run_id", "model_version", "created_at", "workbook"):
        if getattr(result, attr, None) is not None:
            meta[attr] = getattr(result, attr)
    params = getattr(result, "params", None) or {}
    for key in ("winsor_k", "normalisation", "imputation"):
        if isinstance(params, dict) and params.get(key) is not None:
            meta[key] = params[key]
    evidence = getattr(result, "evidence", None)
    evidence = evidence if isinstance(evidence, pd.DataFrame) and len(evidence) else None
    names = {}
    if evidence is not None:
        names = leaf_names(getattr(result, "model", None))
        filled = int((evidence["status"] == "filled").sum())
        disagree = int((evidence["status"] == "disagrees").sum())
        notes.append(f"{filled} 个是/否指标单元格由审核通过的证据填入（origin evidence），{disagree} 处证据与工作簿不一致"
                     f"（以工作簿为准）；见“是/否指标：来自已审核证据的单元格”表。")
    facts = getattr(result, "facts", None)
    facts = facts if isinstance(facts, pd.DataFrame) and len(facts) else None
    if facts is not None:
        names = names or leaf_names(getattr(result, "model", None))
        filled = int((facts["status"] == "filled").sum())
        years = "、".join(str(int(y)) for y in sorted(facts.loc[facts["status"] == "filled", "year"].unique()))
        notes.append(f"{filled} 个年鉴指标单元格由审核通过的文件数值填入（origin document，数据年份 {years or '—'}），"
                     f"{int((facts['status'] == 'disagrees').sum())} 处与工作簿相差超过容差（以工作簿为准）；"
                     f"见“年鉴指标：来自文件的单元格”表。")
    leaves = getattr(result, "leaves", None)
    leaf_meta = getattr(result, "model", None)
    return ReportInputs(scores=result.scores, domain_weights=domain_weights(result),
                        pilot=pilot, intervals=getattr(result, "intervals", None), planning=planning,
                        synthetic=bool(getattr(result, "synthetic", False)),
                        source=f"scoring run {meta.get('run_id', '')}".strip(), meta=meta, notes=notes,
                        evidence=evidence, facts=facts, leaf_names=names,
                        node_scores=getattr(result, "node_scores", None), node_ranks=getattr(result, "node_ranks", None),
                        nodes=model_nodes() if getattr(result, "node_scores", None) is not None else None,
                        leaves=leaves if isinstance(leaves, pd.DataFrame) and len(leaves) else None,
                        leaf_meta=leaf_meta if isinstance(leaf_meta, pd.DataFrame) and "type" in leaf_meta else None)


def model_nodes() -> pd.DataFrame | None:
    """The model's internal nodes (code, parent, name_zh), for the level-1 maps; None if the model does not load."""
    from ..scoring.model import load_model

    return load_model(allow_inconsistent=True).nodes


def read_scores_csv(path: str | os.PathLike) -> pd.DataFrame:
    """A scores table from CSV: a `city` (name, alias or code) or `city_code` column and cemi + the four domains.

    Optional columns rank_<node> and pilot (0/1). Errors name the file and line.
    """
    path = Path(path)
    if not path.is_file():
        raise TextmineError(f"scores file {path} does not exist")
    reg = load_registry()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        cols = reader.fieldnames or []
        key = "city_code" if "city_code" in cols else "city" if "city" in cols else None
        need = [c for c in (INDEX, *DOMAINS) if c not in cols]
        if key is None or need:
            raise TextmineError(f"{path}: needs a city or city_code column and {', '.join((INDEX, *DOMAINS))}; "
                                f"missing {', '.join(([] if key else ['city']) + need)}")
        rows = {}
        for lineno, row in enumerate(reader, start=2):
            city = reg.resolve(row[key])
            if city.code in rows:
                raise TextmineError(f"{path}:{lineno}: {city_label(city)} appears twice")
            rec = {}
            for c in cols:
                if c == key or c in ("city", "city_code", "name"):
                    continue
                v = (row[c] or "").strip()
                try:
                    rec[c] = float(v) if v else float("nan")
                except ValueError:
                    raise TextmineError(f"{path}:{lineno}: column {c} must be a number, got {v!r}") from None
            rows[city.code] = rec
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "city_code"
    return frame


def load_inputs(store, run_id: int | None = None) -> ReportInputs:
    """The latest (or given) scoring run plus the planning indicators, from the store."""
    from ..scoring import load_result

    result = load_result(store, run_id=run_id)
    if result is None:
        raise TextmineError("no scoring run in this data home; run `textmine score` first")
    inputs = inputs_from_result(result, planning=planning_from_store(store, run_period(result)))
    inputs.editions = editions_from_store(store, run_period(result))
    return inputs


def run_period(result) -> str | None:
    """The plan period a scoring run counted (None: the model's)."""
    params = getattr(result, "params", None) or {}
    return ((params.get("text_sources") or {}) if isinstance(params, dict) else {}).get("period")


def planning_from_store(store, period: str | None = None) -> pd.DataFrame | None:
    from ..count import planning_indicators

    frame = planning_indicators(store, period=period)
    if not frame["has_plan"].any():
        return None  # nothing counted yet: the report says so instead of showing 339 empty rows
    return frame


def editions_from_store(store, period: str | None = None):
    from .editions import editions_section

    return editions_section(store, period)


def audit_renderer(store, period: str | None = None) -> Callable[[str], str]:
    """Renders each city's audit page; indicators, the period's documents and the news verdicts are read once."""
    from ..count import current_state, planning_indicators
    from ..count.audit import render_audit_html
    from ..count.indicators import counted_documents
    from ..count.news import count_news, judge_items
    from ..reference import reference

    ind = planning_indicators(store, period=period)
    _, sel = counted_documents(store, ind["period"].iloc[0])
    ref = reference()
    news = {"measure": count_news(store, None, ref.since, ref.until).describe(),
            "items": judge_items(store, None, ref.since, ref.until)}
    state = current_state()
    return lambda code: render_audit_html(store, code, indicators=ind, selection=sel, news=news, state=state)


# -- output ----------------------------------------------------------------------------------

def write_report(inputs: ReportInputs, out_dir: str | os.PathLike, *,
                 audit: Callable[[str], str] | None = None, progress: Progress | None = None,
                 **analyse_kwargs) -> ReportFiles:
    """Analyse ``inputs`` and write the HTML report, the workbook and (with ``audit``) one audit page per city."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TextmineError(f"cannot create output folder {out}: {exc.strerror or exc}") from exc
    analysis = analyse(inputs, progress=progress, **analyse_kwargs)
    links: dict[str, str] = {}
    if audit is not None:
        codes = list(analysis.scores.index)
        for i, code in enumerate(codes, 1):
            if i == 1 or i % 50 == 0 or i == len(codes):
                say(progress, "audit pages", i, len(codes))
            try:
                page = audit(code)
            except TextmineError as exc:
                analysis.notes.append(f"{code} 审计页未生成：{exc}")
                continue
            write_text(out / AUDIT_DIR / f"{code}.html", page)
            links[code] = f"{AUDIT_DIR}/{code}.html"
    say(progress, "HTML")
    html = render_html(analysis, audit_links=links)
    html_path = out / HTML_NAME
    write_text(html_path, html)
    say(progress, "Excel workbook")
    xlsx = write_workbook(analysis, out / XLSX_NAME)
    size = html_path.stat().st_size
    if size > MAX_HTML_BYTES:
        raise TextmineError(f"{html_path} is {size / 1e6:.1f} MB, over the 15 MB limit")
    moran_i = float(analysis.moran.iloc[0]["I"]) if len(analysis.moran) else None
    ledger = next((dict(t.frame.attrs) for t in analysis.tables if t.key == "ledger"), None)
    return ReportFiles(html_path, xlsx, len(links), size, moran_i, inputs.synthetic, ledger)


def build_report(store, out_dir: str | os.PathLike, *, run_id: int | None = None,
                 scores_csv: str | os.PathLike | None = None, synthetic: bool = False, strict: bool = False,
                 against: str | None = "published", progress: Progress | None = None,
                 **analyse_kwargs) -> ReportFiles:
    """The report of the latest scoring run in ``store`` (or of a scores CSV), written to ``out_dir``.

    ``against``: the edition whose top 30s this one is compared with (`published`, a run, a rank CSV — as
    `textmine compare` takes; None: no comparison).
    ``strict``: refuse while an outline choice of the run's period needs review (textmine.editions)."""
    if scores_csv is not None:
        scores = read_scores_csv(scores_csv)
        pilot = scores.pop("pilot") if "pilot" in scores.columns else None
        inputs = ReportInputs(scores=scores, pilot=pilot, planning=planning_from_store(store),
                              editions=editions_from_store(store), synthetic=synthetic, source=str(scores_csv))
    else:
        inputs = load_inputs(store, run_id)
    if against:
        from ..scoring.compare import load_ranks

        inputs.previous, inputs.previous_label = load_ranks(against, store)
    period = inputs.planning["period"].iloc[0] if inputs.planning is not None else None
    warning = inputs.editions.review_warning if inputs.editions is not None else None
    if strict and warning:
        from ..editions import UnreviewedChoices

        raise UnreviewedChoices(f"strict: {warning}")
    files = write_report(inputs, out_dir, audit=audit_renderer(store, period), progress=progress, **analyse_kwargs)
    files.review_warning = warning
    return files
