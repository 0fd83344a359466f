"""Load the report's inputs (a scoring run from the store, or a scores CSV) and write the report files.

    build_report(store, out_dir)  ->  out_dir/cemi_report.html, out_dir/cemi_report.xlsx, out_dir/audit/<code>.html
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from ..atomic import atomic_dir, check_replaceable
from ..count import current_state, planning_indicators
from ..count.audit import render_audit_html
from ..count.indicators import counted_documents
from ..count.news import count_news, judge_items
from ..datacsv import read_table
from ..editions import UnreviewedChoices
from ..errors import TextmineError, UnknownCityError
from ..i18n import N_, gettext, language, speaking
from ..names import city_label
from ..progress import Progress
from ..reference import reference
from ..registry import load_registry
from ..scoring import load_result
from ..scoring.compare import load_ranks
from ..scoring.model import load_model
from .analysis import ReportInputs, analyse, say
from .compare_groups import DOMAINS, INDEX, NODE_ZH
from .editions import editions_section
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
    warnings: list[str] = field(default_factory=list)   # what the command must say besides the report (weights)


# -- inputs ----------------------------------------------------------------------------------

def domain_weights(result) -> dict[str, float]:
    """The four domain weights used by a scoring run: its params, else its model table, else the model's
    (scoring/weights.csv of the data root; there is no other copy of them)."""
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
    return model_domain_weights()


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
    return load_model(allow_inconsistent=True).nodes


SCORE_ALIASES = {"composite_score": INDEX, "composite": INDEX, "composite_rank": f"rank_{INDEX}",
                 **{f"{d}_score": d for d in DOMAINS}, **{f"{d}_rank": f"rank_{d}" for d in DOMAINS}}


def read_scores_csv(path: str | os.PathLike) -> pd.DataFrame:
    """A scores table from CSV: a `city` (name, alias or code) or `city_code` column and cemi + the four domains.

    Optional columns rank_<node> and pilot (0/1). `score --out`'s appendix1.csv (composite_score,
    endowment_score … and *_rank columns; or its folder) is read as it is, and its `# SYNTHETIC DATA` banner
    marks the report synthetic (``attrs["synthetic"]``). Errors name the file and line."""
    path = Path(path)
    if path.is_dir():
        path = path / "appendix1.csv"
    if not path.is_file():
        raise TextmineError(f"scores file {path} does not exist")
    reg = load_registry()
    table = read_table(path)
    cols = [SCORE_ALIASES.get(c, c) if SCORE_ALIASES.get(c, c) not in table.header else c for c in table.header]
    key = "city_code" if "city_code" in cols else "city" if "city" in cols else None
    need = [c for c in (INDEX, *DOMAINS) if c not in cols]
    if key is None or need:
        raise TextmineError(f"{path}: needs a city or city_code column and {', '.join((INDEX, *DOMAINS))} (or "
                            f"`score --out`'s appendix1.csv); missing {', '.join(([] if key else ['city']) + need)}")
    rows = {}
    for lineno, raw in table.rows:
        row = {c: raw[h] for c, h in zip(cols, table.header)}
        try:
            city = reg.resolve(row[key])
        except UnknownCityError as exc:
            raise TextmineError(f"{path}:{lineno}: {exc}") from None
        if city.code in rows:
            raise TextmineError(f"{path}:{lineno}: {city_label(city)} appears twice")
        rec = {}
        for c in cols:
            if c == key or c in ("city", "city_code", "name", "code", "province"):
                continue
            v = (row[c] or "").strip()
            try:
                rec[c] = float(v) if v else float("nan")
            except ValueError:
                raise TextmineError(f"{path}:{lineno}: column {c} must be a number, got {v!r}") from None
        rows[city.code] = rec
    if not rows:
        raise TextmineError(f"{path}: no city rows under the header (line {table.header_line})")
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "city_code"
    frame.attrs["synthetic"] = any("SYNTHETIC" in c for c in table.comments)
    frame.attrs["path"] = str(path)
    return frame


def model_domain_weights() -> dict[str, float]:
    """The domain weights of the model in use (scoring/weights.csv or ahp/cemi.csv of the data root)."""
    w = load_model(allow_inconsistent=True).weights[INDEX]
    return {d: float(w[d]) for d in DOMAINS}


def scores_domain_weights(scores: pd.DataFrame, where) -> tuple[dict[str, float], list[str]]:
    """The domain weights a scores file was computed with, and what the report must say about them.

    The composite of a score run is the weighted sum of its four domain indices, so the file itself tells:
    the model's weights (scoring/weights.csv of the data root) are used when they reproduce its composite;
    else the weights that do (least squares over the cities with all five scores, exact to the file's
    rounding), said in the report; else the model's, with a warning that the domain contributions shown do not
    add up to the file's composite."""
    model_w = model_domain_weights()
    full = scores[[INDEX, *DOMAINS]].astype(float).dropna()
    if len(full) < len(DOMAINS):
        return model_w, [f"{where}：完整的城市少于 4 个，无法核对领域权重；按模型权重（scoring/weights.csv）计算领域贡献。"]
    x, y = full[list(DOMAINS)].to_numpy(), full[INDEX].to_numpy()
    tol = 1e-3 * max(1.0, float(np.abs(y).max()))          # score --out rounds to 4 decimals
    w = np.array([model_w[d] for d in DOMAINS])
    if np.abs(x @ w - y).max() <= tol:
        return model_w, []
    fit, *_ = np.linalg.lstsq(x, y, rcond=None)
    if np.abs(x @ fit - y).max() <= tol and (fit > 0).all() and abs(fit.sum() - 1) < 1e-3:
        got = {d: float(v) for d, v in zip(DOMAINS, fit / fit.sum())}
        shown = "，".join(f"{NODE_ZH[d]} {got[d] * 100:.1f}%（模型 {model_w[d] * 100:.1f}%）" for d in DOMAINS)
        return got, [f"{where} 的综合指数不是按当前模型的领域权重（scoring/weights.csv）计算的；按文件本身反推的权重"
                     f"（综合 = Σ 权重 × 领域指数，{len(full)} 个城市完全吻合）计算领域贡献：{shown}。"]
    dev = float(np.abs(x @ w - y).max())
    return model_w, [f"警告：{where} 的综合指数不等于四个领域指数的加权和（按模型权重最大相差 {dev:.3f}，也没有一组权重能"
                     f"重现它）：各领域贡献之和与文件中的综合指数不一致，区域、流域与试点的构成图只反映模型权重。"]


def load_inputs(store, run_id: int | None = None) -> ReportInputs:
    """The latest (or given) scoring run plus the planning indicators, from the store."""
    result = load_result(store, run_id=run_id)
    if result is None:
        raise TextmineError("no scoring run in this data home; run `textmine score` first")
    ts = text_sources(result)
    inputs = inputs_from_result(result, planning=planning_from_store(store, ts.get("period"), ts.get("mode")))
    inputs.editions = editions_from_store(store, ts.get("period"), ts.get("mode"))
    inputs.text_sources = ts
    return inputs


def text_sources(result) -> dict:
    """What a scoring run's text-mined leaves measured: period, mode, news lexicon and window ({}: the model's)."""
    params = getattr(result, "params", None) or {}
    return (params.get("text_sources") or {}) if isinstance(params, dict) else {}


def planning_from_store(store, period: str | None = None, mode: str | None = None) -> pd.DataFrame | None:
    """The planning indicators of `period` in `mode` (a run's own, so the report shows what the run scored)."""
    frame = planning_indicators(store, mode, period)
    if not frame["has_plan"].any():
        return None  # nothing counted yet: the report says so instead of showing 339 empty rows
    return frame


def editions_from_store(store, period: str | None = None, mode: str | None = None):
    user = language()               # the warning line is printed by the command, in the user's language
    with speaking("zh"):            # the report is Chinese for every reader: the selection's reasons too
        return editions_section(store, period, mode, warning_language=user)


def audit_renderer(store, period: str | None = None, mode: str | None = None,
                   news_sources: dict | None = None) -> Callable[[str], str]:
    """Renders each city's audit page in the run's period, mode and news window; indicators, the period's
    documents and the news verdicts are read once."""
    with speaking("zh"):            # the audit pages are Chinese for every reader: the selection's reasons too
        period, sel = counted_documents(store, period)
        ind = planning_indicators(store, mode, period, selection=sel)     # the outlines chosen once
    ref, ns = reference(), news_sources or {}
    query, since, until = ns.get("query"), ns.get("since", ref.since), ns.get("until", ref.until)
    news = {"measure": count_news(store, query, since, until, mode).describe(),
            "items": judge_items(store, query, since, until, mode=mode)}
    state = current_state()

    def page(code: str) -> str:
        with speaking("zh"):
            return render_audit_html(store, code, mode, indicators=ind, selection=sel, news=news, state=state)

    return page


# -- output ----------------------------------------------------------------------------------

def write_page(path: Path, text: str) -> None:
    """One page of the report, into the new folder (swapped in whole: no file needs its own atomic write)."""
    path.write_text(text, "utf-8")


def report_entry(name: str) -> bool:
    """The entries a report folder holds (what may be replaced by a new report)."""
    return name in (HTML_NAME, XLSX_NAME, AUDIT_DIR)


def write_report(inputs: ReportInputs, out_dir: str | os.PathLike, *,
                 audit: Callable[[str], str] | None = None, progress: Progress | None = None,
                 **analyse_kwargs) -> ReportFiles:
    """Analyse ``inputs`` and write the HTML report, the workbook and (with ``audit``) one audit page per city.

    Every file is written into a new folder beside ``out_dir``, which replaces it in one step once all are
    written (`textmine.atomic.atomic_dir`): an error or Ctrl-C leaves the previous report whole (and says so:
    `atomic.Interrupted`). A folder holding other files than a report's is refused, not replaced."""
    out = Path(out_dir)
    check_replaceable(out, report_entry, N_("report"), gettext)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TextmineError(f"cannot create output folder {out}: {exc.strerror or exc}") from exc
    with atomic_dir(out, N_("report"), gettext) as tmp:
        analysis = analyse(inputs, progress=progress, **analyse_kwargs)
        links: dict[str, str] = {}
        if audit is not None:
            codes = list(analysis.scores.index)
            (tmp / AUDIT_DIR).mkdir()
            for i, code in enumerate(codes, 1):
                if i == 1 or i % 50 == 0 or i == len(codes):
                    say(progress, "audit pages", i, len(codes))
                try:
                    page = audit(code)
                except TextmineError as exc:
                    analysis.notes.append(f"{code} 审计页未生成：{exc}")
                    continue
                write_page(tmp / AUDIT_DIR / f"{code}.html", page)   # the folder is swapped in whole
                links[code] = f"{AUDIT_DIR}/{code}.html"
        say(progress, "HTML")
        html = render_html(analysis, audit_links=links)
        write_page(tmp / HTML_NAME, html)
        size = (tmp / HTML_NAME).stat().st_size
        if size > MAX_HTML_BYTES:
            raise TextmineError(f"{out / HTML_NAME} would be {size / 1e6:.1f} MB, over the 15 MB limit; the previous "
                                f"report is kept")
        say(progress, "Excel workbook")
        write_workbook(analysis, tmp / XLSX_NAME)
    moran_i = float(analysis.moran.iloc[0]["I"]) if len(analysis.moran) else None
    ledger = next((dict(t.frame.attrs) for t in analysis.tables if t.key == "ledger"), None)
    return ReportFiles(out / HTML_NAME, out / XLSX_NAME, len(links), size, moran_i, inputs.synthetic, ledger)


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
        weights, notes = scores_domain_weights(scores, scores_csv)
        notes.append(f"得分来自 {scores_csv}，不是评分运行：报告没有每个单元格的来源（工作簿、文本挖掘、审核证据、插补、缺失）；"
                     f"用 `textmine report`（评分运行）可得到。")
        inputs = ReportInputs(scores=scores, pilot=pilot, domain_weights=weights, planning=planning_from_store(store),
                              editions=editions_from_store(store), notes=notes, source=str(scores_csv),
                              synthetic=synthetic or bool(scores.attrs.get("synthetic")))
        warnings = [n for n in notes if n.startswith("警告") or "反推" in n]
    else:
        inputs = load_inputs(store, run_id)
        warnings = []
    if against:
        inputs.previous, inputs.previous_label = load_ranks(against, store)
    warning = inputs.editions.review_warning if inputs.editions is not None else None
    if strict and warning:
        raise UnreviewedChoices(f"strict: {warning}")
    ts = inputs.text_sources        # a run's own period, mode and news window ({} for a scores file)
    period = ts.get("period") or (inputs.planning["period"].iloc[0] if inputs.planning is not None else None)
    files = write_report(inputs, out_dir, audit=audit_renderer(store, period, ts.get("mode"), ts.get("news")),
                         progress=progress, **analyse_kwargs)
    files.review_warning = warning
    files.warnings = warnings
    return files
