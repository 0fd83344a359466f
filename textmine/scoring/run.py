"""`score`: workbook + corpus → validated inputs → index → sensitivity → stored run."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..editions import require_reviewed
from ..i18n import _, language, speaking
from ..errors import TextmineError
from ..store import Store
from .inputs import gather_inputs, text_mined_values
from .bounds import describe
from .model import Model, load_model
from .params import ScoreParams
from .pipeline import compute_index, resolve_params
from .results import find_run, inputs_key, load_bounds, save_run
from .sensitivity import monte_carlo, one_at_a_time
from .workbook import read_workbook


@dataclass
class ScoreReport:
    run_id: int
    reused: bool
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)     # computation, evidence disagreements: all shown
    outliers: list[str] = field(default_factory=list)     # plausibility warnings of workbook cells
    cells: str = ""                                       # where the cells came from, in one sentence
    review: str | None = None       # the outline choices that need review (textmine.editions.review_warning)
    text_conflicts: list[dict] = field(default_factory=list)   # text-mined cells the workbook also fills (inputs)
    workbook_overrides: bool = False                         # whether the workbook's values were used for them
    check: str = ""                 # the readiness summary line (textmine.scoring.readiness): what `textmine check` shows
    red: list[str] = field(default_factory=list)             # what is red in it (refused with `strict`)


def format_problems(path, problems) -> str:
    lines = [f"{path}: {len(problems)} problem(s); nothing was computed:"]
    lines += [f"  - {p}" for p in problems]
    return "\n".join(lines)


def score_workbook(store: Store, workbook: str | Path, params: ScoreParams | None = None, *,
                   model: Model | None = None, progress=None, **options) -> ScoreReport:
    """Validate, compute, run the sensitivity analysis and store the run (reused when nothing changed).

    ``params`` (`ScoreParams`) is what is asked; keyword ``options`` are a shorthand for its fields
    (``score_workbook(store, wb, runs=100)``) and replace them. The text-mined leaves are read for the plan `period`
    and the news lexicon and window given, each defaulting to the model's (scoring/model.toml), counted in `mode`
    (token | substring; default token); what they measured is stored with the run, and where every cell came from
    (`provenance`) too.
    ``evidence``: an accepted review sheet (`textmine evidence --format xlsx`); its accepted rows fill only
    the empty yes/no cells of the workbook (origin ``evidence``) and are stored with the run. ``facts``: an accepted
    facts review sheet (`textmine facts --format xlsx`); its accepted values fill only the empty cells of their
    leaves (origin ``document``) and are stored with the run, with the sentence or table cell behind each.
    ``strict``: refuse while anything `textmine check` shows is red (an outline choice that needs review, its
    parse quality among the reasons; a workbook cell refused); without it the run is made, its warnings say which
    choices are unreviewed and `ScoreReport.check` is the readiness line. ``workbook_overrides``: a workbook value
    of a text-mined leaf replaces the corpus value (default: the model's `[text] workbook_overrides`, false);
    every cell where both have one is listed (`ScoreReport.text_conflicts`, stored with the run).
    ``bounds_from``: winsorise and normalise on the bounds stored run `bounds_from` fitted (another edition's, to
    read the two on one scale; `textmine.scoring.bounds`), refused when its leaves, directions or settings differ;
    by default they are fitted on this run's values. Every run stores the bounds it used."""
    p = (params or ScoreParams()).with_options(**options)
    model = model or load_model()
    bounds, source = None, None
    if p.bounds_from is not None:     # refused before anything is read when they do not fit this model
        bounds = load_bounds(store, p.bounds_from).for_model(model, resolve_params(model, p.k, p.method))
        source = {"run": bounds.run_id, "model_version": bounds.model_version}
    wb = read_workbook(workbook, model)
    applied = None
    if p.evidence is not None:
        from .evidence_cells import apply_review  # noqa: PLC0415 (the evidence stage, only when asked)
        from ..evidence.review import read_review  # noqa: PLC0415

        applied = apply_review(wb, read_review(p.evidence))
        wb = applied.workbook
    facts_applied = _facts(wb, p.facts)
    if facts_applied is not None:
        wb = facts_applied.workbook
    errors = wb.errors(p.allow_missing)
    if errors:
        raise TextmineError(format_problems(workbook, errors))
    notes = [str(p) for p in wb.problems if p.kind == "note"]
    outliers = [str(p) for p in wb.problems if p.kind == "warning"]     # shown, stored, not fatal
    if p.allow_missing:
        notes += [str(p) for p in wb.problems if p.kind == "missing"]
    # the corpus is read once, in English: the provenance of every cell is part of the run's inputs key, so the same
    # inputs give the same run whatever language the user reads messages in
    ready = None
    if p.use_text:
        from .readiness import readiness, require_ready  # noqa: PLC0415

        with speaking("en"):
            mined = text_mined_values(store, model, period=p.period, news_lexicon=p.news_lexicon, since=p.since,
                                      until=p.until, mode=p.mode)
        ready = readiness(store, p.period, workbook=wb, model=model, news_lexicon=p.news_lexicon, since=p.since,
                          until=p.until, mode=p.mode, workbook_overrides=p.workbook_overrides, mined=mined)
        if p.strict:        # red first (it names every reason); the editions' own refusal stays as the last word
            require_ready(ready)
            if mined[2].selection is not None:
                require_reviewed(mined[2].selection)
    with speaking("en"):
        if p.use_text:
            text, text_notes, sources = mined
            text_sources, text_prov = sources.as_dict(), sources.provenance
            review = [sources.review_warning] if sources.review_warning else []
        else:
            text, text_notes, text_sources, text_prov = None, [_("text-mined leaves not read (asked not to)")], None, None
            review = []
        if applied is not None:
            notes += applied.notes
        if facts_applied is not None:
            notes += facts_applied.notes
        inputs = gather_inputs(model, wb, text, allow_missing=p.allow_missing, policy=p.imputation,
                               text_notes=text_notes, evidence=applied, documents=facts_applied,
                               text_provenance=text_prov, workbook_overrides=p.workbook_overrides)
    cells = inputs.provenance.sentence(language(), text_leaves=list(model.text_leaves()))
    notes.append(cells)
    comp = compute_index(model, inputs.raw, k=p.k, method=p.method, bounds=bounds)
    if source is not None:
        notes.append(describe(source))
    warnings = review + inputs.warnings + comp.warnings + (applied.disagreements if applied else []) + \
        (facts_applied.disagreements if facts_applied else [])
    sens = {"runs": p.runs, "seed": p.seed, "perturbation": p.perturbation}
    extra = {"sensitivity": sens, "imputation": inputs.imputation, "synthetic": wb.synthetic,
             "text_sources": text_sources, "workbook_overrides": inputs.workbook_overrides}
    if applied is not None:   # the sentences behind the cells are part of the run
        extra["evidence"] = applied.review.sha256
    if facts_applied is not None:
        extra["facts"] = facts_applied.review.sha256
    if source is not None:        # other bounds, other scores: a run of its own
        extra["bounds_from"] = source
    key = inputs_key(model, comp, inputs.provenance, extra)
    existing = None if p.force else find_run(store, key)
    if existing is not None:
        return ScoreReport(existing, True, inputs.notes + notes, warnings, outliers, cells,
                           review[0] if review else None, inputs.text_conflicts, inputs.workbook_overrides,
                           ready.summary if ready else "", ready.red if ready else [])
    mc = monte_carlo(model, comp, runs=p.runs, seed=p.seed, perturbation=p.perturbation, progress=progress)
    oat = one_at_a_time(model, comp)
    stored = {**comp.params, "imputation": inputs.imputation, "allow_missing": p.allow_missing,
              "weights": comp.weights, "node_order": list(comp.node_scores.columns),
              "ahp": {n: {"weights": dict(zip(r.labels, map(float, r.weights))), "lambda_max": r.lambda_max,
                          "ci": r.ci, "cr": r.cr, "random_index": r.ri_table} for n, r in model.ahp.items()},
              "sensitivity": mc.settings, "model_sha256": model.sha256, "workbook_meta": wb.meta,
              "notes": inputs.notes + notes, "warnings": warnings + outliers, "text_sources": text_sources,
              "evidence": str(p.evidence) if p.evidence is not None else None,
              "workbook_overrides": inputs.workbook_overrides, "text_conflicts": inputs.text_conflicts,
              "facts": str(p.facts) if p.facts is not None else None}
    if source is not None:
        stored["bounds_from"] = source
    afters = []
    if applied is not None:
        from .evidence_cells import store_records  # noqa: PLC0415

        afters.append(lambda conn, run_id: store_records(conn, run_id, applied.records))
    if facts_applied is not None:
        from .fact_cells import store_records as store_facts  # noqa: PLC0415

        afters.append(lambda conn, run_id: store_facts(conn, run_id, facts_applied.records))
    after = (lambda conn, run_id: [f(conn, run_id) for f in afters]) if afters else None
    run = save_run(store, model, comp, inputs.provenance, key=key, params=stored, workbook=str(workbook),
                   workbook_sha256=wb.sha256, synthetic=wb.synthetic, mc=mc, oat=oat, after=after)
    return ScoreReport(run, False, inputs.notes + notes, warnings, outliers, cells, review[0] if review else None,
                       inputs.text_conflicts, inputs.workbook_overrides, ready.summary if ready else "",
                       ready.red if ready else [])


def _facts(wb, facts):
    """The workbook with the accepted facts of a review sheet filled in (None without one): the one hook of the
    facts stage (`textmine.facts`) into the scoring inputs."""
    if facts is None:
        return None
    from .fact_cells import apply_facts  # noqa: PLC0415 (the facts stage, only when asked)
    from ..facts.review import read_review  # noqa: PLC0415
    from ..facts.rules import load_rules  # noqa: PLC0415

    rules = load_rules()
    return apply_facts(wb, read_review(facts, rules), rules.tolerance)
