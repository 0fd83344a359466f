"""Commands of the score stage: template, validate, ahp, score, explain, compare, sample-data."""
from __future__ import annotations

import click

from ..errors import TextmineError
from ..i18n import _, language
from ..stored_messages import shown_message
from .params import DATE, NameChoice, only_with
from .app import main, pass_app
from .check import workbook_overrides_option
from .output import emit, format_option
from .progress import rich_progress
from ..store import resolve_home
from ..registry import load_registry

SHOWN_WARNINGS = 10     # `score` prints this many outlier warnings; all are stored and `validate` lists them


def _model(allow_inconsistent: bool = False):
    from ..scoring import load_model  # start-up: pandas, numpy, scipy

    return load_model(allow_inconsistent=allow_inconsistent)


def _in_home(app, name: str):
    """A file the command writes when no --out is given: in the data home, as every command's outputs."""
    home = resolve_home(app.home)
    home.mkdir(parents=True, exist_ok=True)
    return home / name


def _fmt(v, digits=4):
    if v is None:
        return ""
    try:
        if v != v:  # NaN
            return ""
    except TypeError:
        return str(v)
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


@main.command()
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
              help="File to write [default: cemi_template.xlsx or .csv in the data home].")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@pass_app
def template(app, out, fmt):
    """Write an empty indicator workbook: one row per city, one column per leaf code.

    Row 2 holds the Chinese names; the xlsx has a `leaves` sheet with unit, direction, type
    and accepted range of each leaf. Text-mined columns may stay empty (the corpus fills them).
    """
    from ..scoring import write_template  # start-up: pandas, numpy, scipy

    model = _model()
    path = write_template(out or _in_home(app, f"cemi_template.{fmt}"), model, fmt)
    click.echo(_("wrote {path} (339 cities × {leaves} leaves)").format(path=path, leaves=len(model.leaf_codes)))


@main.command()
@click.argument("workbook", type=click.Path())
@click.option("--allow-missing", is_flag=True, help="Empty cells and absent cities are not errors (they will be imputed).")
@format_option()
def validate(workbook, allow_missing, fmt):
    """Check an indicator workbook and report every problem with its sheet, row and column.

    Checks: unknown, ambiguous or duplicate cities (names go through the registry), unknown,
    duplicate or missing columns, non-numeric cells, yes/no values outside 是/否 1/0 Y/N yes/no,
    negative areas or amounts, rates out of range, empty cells; then plausibility as
    scoring/plausibility.toml says: areas above the city's own area, parts of a partition summing
    to more than the whole, growth rates out of bounds (errors) and outliers by robust z-score
    (warnings). CSV workbooks may be UTF-8 or GBK; a CSV named .xlsx is read as CSV (with a
    note). Exit code 3 (input refused) when there are errors (or empty cells, without --allow-missing); 0 when
    the workbook can be scored.
    """
    from ..scoring import read_workbook  # start-up: pandas, numpy, scipy

    wb = read_workbook(workbook, _model())
    errors = wb.errors(allow_missing)
    order = {"error": 0, "missing": 1, "warning": 2, "note": 3}
    rows = [p.as_dict() for p in sorted(wb.problems, key=lambda p: order.get(p.kind, 4))]
    if rows:
        emit(rows, fmt, ["kind", "sheet", "row", "column", "city", "value", "message"],
             title=_("{workbook}: {n} finding(s)").format(workbook=workbook, n=len(rows)))
    if errors:
        raise TextmineError(_("{workbook}: {n} problem(s); fix them before scoring").format(workbook=workbook,
                                                                                              n=len(errors)))
    flag = _(" (SYNTHETIC data)") if wb.synthetic else ""
    warned = sum(p.kind == "warning" for p in wb.problems)
    click.echo(_("{workbook}: clean{flag}: {cities} cities, {columns} leaf columns").format(
        workbook=workbook, flag=flag, cities=len(wb.values), columns=len(wb.values.columns))
               + (_("; {n} outlier warning(s) above: check those cells").format(n=warned) if warned else ""))


@main.command()
@click.argument("matrix", type=click.Path())
@click.option("--ri-table", default=None, help="Random-index table (a column of scoring/random_index.csv) "
              "[default: the model's, saaty].")
@click.option("--allow-inconsistent", is_flag=True, help="Report CR >= 0.1 instead of failing.")
@format_option()
def ahp(matrix, ri_table, allow_inconsistent, fmt):
    """Weights, lambda_max, CI and CR of one pairwise-comparison matrix.

    MATRIX is a square CSV with the labels in the first row and column; judgments may be
    written 3, 0.5 or 1/3. The matrix must be positive and reciprocal.
    """
    from ..scoring import ahp_weights, read_matrix_csv  # start-up: pandas, numpy, scipy

    table = ri_table or _model(True).config["ahp"]["random_index"]
    labels, m = read_matrix_csv(matrix)
    res = ahp_weights(m, labels, table, where=matrix)
    emit(res.as_rows(), fmt, ["label", "weight"], title=_("AHP weights: {matrix}").format(matrix=matrix))
    if fmt == "table":
        click.echo(_("lambda_max = {lmax:.4f}  CI = {ci:.4f}  RI({n}, {table}) = {ri:.4f}  CR = {cr:.4f}").format(
            lmax=res.lambda_max, ci=res.ci, n=len(labels), table=table, ri=res.ri, cr=res.cr))
    if res.cr >= 0.1:
        msg = _("{matrix}: inconsistent judgments: CR = {cr:.3f} >= 0.1").format(matrix=matrix, cr=res.cr)
        if not allow_inconsistent:
            raise TextmineError(msg + _("; revise the matrix (or --allow-inconsistent)"))
        click.secho(_("warning: {message}").format(message=msg), fg="yellow", err=True)


@main.command()
@click.option("--data", "data", type=click.Path(), help="Indicator workbook (xlsx or csv).")
@click.option("--out", "out", type=click.Path(file_okay=False), help="Write every table as CSV, JSON and xlsx here.")
@click.option("--allow-missing", is_flag=True, help="Impute empty cells instead of refusing to compute.")
@click.option("--impute", "policy", type=click.Choice(["province-median", "median", "worst", "reweight"]),
              default=None, help="Imputation policy with --allow-missing [default: the model's, province-median].")
@click.option("--no-text", is_flag=True, help="Do not read text-mined leaves from the corpus (workbook only).")
@click.option("--k", "k", type=float, default=None, help="Winsorising k (mean ± k·sd) [default: model, 3].")
@click.option("--normalisation", type=click.Choice(["minmax", "zscore", "rank"]), default=None,
              help="Normalisation [default: model, minmax].")
@click.option("--runs", type=int, default=None, help="Monte-Carlo runs [default: model, 1000].")
@click.option("--seed", type=int, default=None, help="Monte-Carlo seed [default: model].")
@click.option("--perturbation", type=float, default=None, help="Weight perturbation ±x (0.2 = ±20 %).")
@click.option("--force", is_flag=True, help="Compute a new run even when an identical one exists.")
@click.option("--run", "run_id", type=int, default=None, help="Export a stored run instead of computing (with --out).")
@click.option("--period", help="Plan period whose outlines the planning leaves count (十四五, 十五五 …) "
              "[default: the model's, scoring/model.toml [planning]].")
@click.option("--news-lexicon", "news_lexicon", metavar="NAME|FILE", help="News query lexicon for G02: news "
              "(the report's phrase), broad, or a file [default: the model's].")
@click.option("--since", type=DATE, help="First publication date of the news counted, YYYY-MM-DD [default: the model's "
              "reference window, 2024-01-01].")
@click.option("--until", type=DATE, help="Last publication date of the news counted [default: the model's, 2024-12-31].")
@click.option("--mode", type=NameChoice("mode", ("token", "substring")), default=None, help="Counting mode of the text-mined "
              "leaves (as `count --mode`) [default: token].")
@click.option("--evidence", "evidence", type=click.Path(dir_okay=False), default=None,
              help="Accepted review sheet (`textmine evidence --format xlsx`): fills only the EMPTY yes/no cells of "
                   "the workbook (origin 'evidence'); a workbook value always wins, disagreements are listed.")
@click.option("--strict", is_flag=True, help="Refuse while anything `textmine check` shows is red (an outline choice "
              "that needs review, its parse quality among the reasons: a partly scanned or too short outline, an "
              "outlier density); without it the run is made and a warning names them.")
@workbook_overrides_option
@click.option("--facts", "facts", type=click.Path(dir_okay=False), default=None,
              help="Accepted facts review sheet (`textmine facts --format xlsx`): fills only the EMPTY cells of the "
                   "yearbook leaves it proposes (origin 'document'), each with its sentence or table cell; a workbook "
                   "value always wins, one that differs beyond the tolerance is listed.")
@click.option("--bounds-from", "bounds_from", type=int, default=None, metavar="RUN",
              help="Winsorise and normalise on the bounds stored score run RUN fitted (another edition's, e.g. the "
                   "cemi-2025 run for a 十五五 refresh), so the two read on one scale; a value beyond RUN's min/max "
                   "scores as that min/max. Refused when RUN's leaves, directions or settings differ.")
@format_option(out=False)
@pass_app
def score(app, data, out, allow_missing, policy, no_text, k, normalisation, runs, seed, perturbation, force, run_id,
          period, news_lexicon, since, until, mode, evidence, strict, workbook_overrides, facts, bounds_from, fmt):
    """Compute the index from an indicator workbook and the corpus, with sensitivity analysis.

    Pipeline: direction, winsorise (mean ± k·sd), normalise (min-max 0-100), weighted sums up
    the tree, four domain indices, composite, ranks (ties share the best rank), Monte-Carlo
    rank intervals and one-at-a-time domain weights. The run is stored (an identical earlier run
    is reused); --out writes appendix 1, the five top-30 tables, every level, leaf values and
    the sensitivity results as CSV, JSON and one Excel workbook.
    """
    only_with(run_id is None, "a new computation (not --run, which exports a stored run)", data=data,
              allow_missing=allow_missing, impute=policy, no_text=no_text, k=k, normalisation=normalisation,
              runs=runs, seed=seed, perturbation=perturbation, force=force, period=period, news_lexicon=news_lexicon,
              since=since, until=until, mode=mode, evidence=evidence, strict=strict, facts=facts,
              workbook_overrides=workbook_overrides, bounds_from=bounds_from)
    only_with(allow_missing, "--allow-missing", impute=policy)
    only_with(not no_text, "the text-mined leaves (not with --no-text)", mode=mode, period=period,
              news_lexicon=news_lexicon, since=since, until=until, workbook_overrides=workbook_overrides)
    from ..report.score_export import export_result  # start-up: pandas, numpy, scipy
    from ..scoring import ScoreParams, load_result, score_workbook  # start-up: pandas, numpy, scipy

    if run_id is None:
        if not data:
            raise TextmineError(_("give the indicator workbook with --data (or --run ID to export a stored run)"))
        asked = ScoreParams(allow_missing=allow_missing, imputation=policy, use_text=not no_text, k=k,
                            method=normalisation, runs=runs, seed=seed, perturbation=perturbation, force=force,
                            period=period, news_lexicon=news_lexicon, since=since, until=until, evidence=evidence,
                            mode=mode, facts=facts, strict=strict, workbook_overrides=workbook_overrides,
                            bounds_from=bounds_from)
        with rich_progress() as progress:
            rep = score_workbook(app.store, data, asked, progress=progress)
        run_id = rep.run_id
        for note in rep.notes:
            click.echo(_("note: {message}").format(message=shown_message(note)), err=fmt != "table")
        for w in rep.warnings + rep.outliers[:SHOWN_WARNINGS]:
            click.secho(_("warning: {message}").format(message=shown_message(w)), fg="yellow", err=True)
        if len(rep.outliers) > SHOWN_WARNINGS:
            click.secho(_("warning: … {n} more outliers, stored with the run; `textmine validate {data}` lists every "
                          "finding").format(n=len(rep.outliers) - SHOWN_WARNINGS, data=data), fg="yellow", err=True)
        _print_text_cells(rep)
        if rep.check:
            click.echo(rep.check, err=fmt != "table")
        click.echo((_("score run {run} (identical inputs: reused)") if rep.reused else _("score run {run} stored"))
                   .format(run=run_id), err=fmt != "table")
    result = load_result(app.reader if app._store is None else app.store, run_id)
    click.echo(result.shown_banner, err=fmt != "table")
    top = result.scores.sort_values("rank_cemi").head(10)

    reg = load_registry()
    rows = [{"rank": int(r["rank_cemi"]), "city": reg.by_code(c).name, "cemi": _fmt(r["cemi"], 2),
             **{d: f"{_fmt(r[d], 2)} ({r['rank_' + d]})" for d in result.top_nodes[1:]}}
            for c, r in top.iterrows()]
    emit(rows, fmt, title=_("top 10"))
    if out:
        files = export_result(result, out)
        click.echo(_("wrote {n} files to {out}").format(n=len(files), out=out), err=fmt != "table")


@main.command()
@click.argument("city")
@click.option("--run", "run_id", type=int, default=None, help="Score run [default: the latest].")
@click.option("--depth", type=int, default=4, show_default=True, help="Levels to show (0 composite … 4 leaves).")
@click.option("--node", type=NameChoice("node"), default=None, help="Only this domain, indicator or leaf and what is "
              "under it: a code (governance, G2, E01) or its Chinese name (政府管理水平, 规划引领, 耕地总面积; a short form "
              "only one has, e.g. 政府管理).")
@format_option()
@pass_app
def explain(app, city, run_id, depth, node, fmt):
    """Show how CITY's composite comes about: raw → winsorised → normalised → weighted → summed.

    Each leaf row shows its raw value, the winsorised and normalised value, its weight in the
    composite and its contribution (normalised × weight); the contributions add up to the
    composite. Node rows show the score and rank of each level. A yes/no cell filled from an accepted
    evidence review (origin evidence) is shown with the sentence and source behind it, and a yearbook cell filled
    from an accepted facts review (origin document) with its value, data year, sentence or table cell and document.
    """
    from ..scoring import explain_city, load_result  # start-up: pandas, numpy, scipy
    from ..scoring.provenance import KINDS  # start-up: pandas, numpy, scipy

    summary, rows = explain_city(load_result(app.reader, run_id), city, node=node)
    rows = [r for r in rows if r["level"] <= depth]
    if fmt == "table":
        click.echo(summary["banner"])
        click.echo(_("{city} ({code}, {province}): composite {composite:.4f}, rank {rank}; sum of leaf contributions "
                     "{total:.4f}").format(city=summary["city"], code=summary["code"], province=summary["province"],
                                           composite=summary["composite"], rank=summary["rank"],
                                           total=summary["sum_of_contributions"]))
        kind_name = (lambda k: KINDS[k].zh) if language() == "zh" else (lambda k: KINDS[k].en)
        click.echo(_("cells: {cells}").format(cells=_(", ").join(
            _("{n} {kind}").format(n=n, kind=kind_name(k) if k in KINDS else k) for k, n in summary["cells"].items())))
        plain = [r for r in rows if r.get("origin") == "workbook" and not r.get("detail")
                 and str(r.get("source_id", "")).startswith("workbook:")]
        for r in rows:
            if r.get("source") and r not in plain:
                click.echo(_("  {code} {name}: {source}").format(code=r["code"], name=r["name"], source=r["source"]))
        if plain:
            where = sorted({r["source_id"].split("workbook:", 1)[1].rsplit("!", 1)[0] for r in plain})
            rows_at = sorted({"".join(ch for ch in r["source_id"].rsplit("!", 1)[1] if ch.isdigit()) for r in plain})
            click.echo(_("  the other {n} leaves: workbook {where} row {rows}").format(
                n=len(plain), where=", ".join(where), rows=", ".join(rows_at)))
        for r in rows:
            r["item"] = "  " * r["level"] + r["code"]
            for key in ("raw", "winsorised", "normalised", "score", "contribution"):
                r[key] = _fmt(r.get(key))
            r["weight"] = _fmt(r.get("weight"), 5)
        emit(rows, fmt, ["item", "name", "raw", "winsorised", "normalised", "weight", "contribution", "score",
                         "rank", "origin"], headers={"item": "代码", "name": "指标"})
        backed = [r for r in rows if r.get("evidence_status")]
        if backed:
            click.echo(_("evidence behind yes/no cells (score --evidence):"))
        for r in backed:
            what = {"filled": _("filled the empty cell"), "agrees": _("agrees with the workbook"),
                    "disagrees": _("DISAGREES with the workbook (the workbook value is used)")}[r["evidence_status"]]
            click.echo(f"  {r['code']} = {_fmt(r['evidence_value'], 0)}: {what}\n    「{r['evidence_sentence']}」\n    "
                       + _("{source} (accepted in {review})").format(source=r["evidence_source"],
                                                                    review=r["evidence_review"]))
        documented = [r for r in rows if r.get("document_status")]
        if documented:
            click.echo(_("values from documents (score --facts):"))
        for r in documented:
            what = {"filled": _("filled the empty cell"), "agrees": _("agrees with the workbook"),
                    "disagrees": _("DIFFERS from the workbook (the workbook value is used)")}[r["document_status"]]
            click.echo(f"  {r['code']} = {r['document_value']:g} {r['document_unit']} ({r['document_year']}): {what}\n"
                       f"    {r['document_stated']}\n    「{r['document_evidence']}」\n"
                       "    " + _("{source} (accepted in {review})").format(source=r["document_source"],
                                                                               review=r["document_review"]))
    else:
        emit(rows, fmt, ["level", "code", "name", "unit", "direction", "raw", "winsorised", "normalised", "weight",
                         "contribution", "score", "rank", "origin", "source", "source_id", "evidence_status",
                         "evidence_sentence", "evidence_source", "evidence_review", "document_status",
                         "document_value", "document_unit", "document_year", "document_stated", "document_evidence",
                         "document_source", "document_review"])


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--movers", type=int, default=10, show_default=True, help="Biggest composite movers to list.")
@click.option("--top", "top", type=click.IntRange(1, 339), default=None,
              help="List the cities entering and leaving each index's top N, with their ranks and moves "
                   "(the table format shows the top 30 after the summary; with csv/json this replaces the summary).")
@format_option()
@pass_app
def compare(app, old, new, movers, top, fmt):
    """Compare two rankings: Spearman's rho per index, top 10 / top 30 entries and exits, movers.

    OLD and NEW: `published` (the 2025 appendix), a score run (`run:3`, `3`, `latest`), an
    appendix CSV (city, <index>_rank columns) or a `score --out` folder. `--top 30` lists each city
    entering or leaving a top 30 (the report's “首次进入前30名”) with its old and new rank.
    """
    from ..scoring import compare_rankings, load_ranks, top_changes  # start-up: pandas, numpy, scipy
    from ..scoring.compare import TOP_CHANGE_COLUMNS as TOP_COLUMNS  # start-up: pandas, numpy, scipy

    o, ol = load_ranks(old, app.reader)
    n, nl = load_ranks(new, app.reader)
    po, pn = o.attrs.get("period"), n.attrs.get("period")
    if po and pn and po != pn:       # said after the table (its title, in table format, names both periods)
        click.get_current_context().call_on_close(lambda: click.secho(
            _("note: {old} and {new} counted different plan outlines ({po} and {pn}): the planning leaves (G05–G08) "
              "measure different documents, so part of each move is the new edition").format(
                old=ol, new=nl, po=po, pn=pn), fg="yellow", err=True))
    if top is not None and fmt != "table":
        emit(top_changes(o, n, top).to_dict("records"), fmt, columns=TOP_COLUMNS)
        return
    cmp = compare_rankings(o, n, ol, nl)
    rows = cmp.summary.to_dict("records")
    if fmt == "table":   # keep the terminal table short; csv/json carry the full lists
        rows = [{k: _short_list(v) for k, v in r.items()} for r in rows]
    emit(rows, fmt, title=f"{ol} → {nl}")
    if fmt == "table" and "composite_change" in cmp.changes:
        ch = cmp.changes.dropna(subset=["composite_change"])
        order = ch["composite_change"].abs().sort_values(ascending=False).index[:movers]
        emit(ch.loc[order, ["city", "composite_old", "composite_new", "composite_change"]].to_dict("records"),
             "table", title=_("largest composite rank changes (positive = moved up)"))
    if fmt == "table":
        n_top = top or 30
        emit(top_changes(o, n, n_top).to_dict("records"), "table", columns=TOP_COLUMNS,
             title=_("entered / left the top {n} ({old} → {new}; move = old − new rank, positive = up)").format(
                 n=n_top, old=ol, new=nl))


SHOWN_CELLS = 20   # workbook values of text-mined leaves printed one by one; `textmine check` lists every one


def _print_text_cells(rep) -> None:
    """Each workbook value of a text-mined leaf that replaced (or was set aside for) a corpus value, one a line."""
    reg = load_registry()
    line = (_("override: {city} {leaf} workbook {cell} = {workbook:g} replaces the corpus {corpus:g} ({source})")
            if rep.workbook_overrides else
            _("not used: {city} {leaf} workbook {cell} = {workbook:g} set aside for the corpus {corpus:g} ({source})"))
    for c in rep.text_conflicts[:SHOWN_CELLS]:
        click.echo(line.format(city=reg.by_code(c["city_code"]).name, leaf=c["leaf"], cell=c["cell"],
                               workbook=c["workbook"], corpus=c["corpus"], source=c["corpus_source"]), err=True)
    if len(rep.text_conflicts) > SHOWN_CELLS:
        click.echo(_("… {n} more such cell(s): `textmine check --data WORKBOOK` lists every one").format(
            n=len(rep.text_conflicts) - SHOWN_CELLS), err=True)


def _short_list(value, keep: int = 3):
    """'a, b, c, d, e' -> 'a, b, c (+2)' for table cells."""
    if not isinstance(value, str) or value.count(", ") < keep:
        return value
    parts = value.split(", ")
    return ", ".join(parts[:keep]) + f" (+{len(parts) - keep})"


@main.command(name="sample-data")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
              help="Workbook to write (.xlsx or .csv) [default: cemi_sample.xlsx in the data home].")
@click.option("--seed", type=int, default=None, help="Random seed [default: fixed, so the file is reproducible].")
@click.option("--no-text", is_flag=True, help="Leave the text-mined columns empty (the corpus fills them; as `score --no-text` leaves them out).")
@pass_app
def sample_data(app, out, seed, no_text):
    """Write a deterministic SYNTHETIC indicator workbook for all 339 cities.

    Values are plausible for each leaf's unit and type (areas, shares within 0-100, yes/no,
    counts) and drawn as scoring/synthetic.csv says. The workbook is marked SYNTHETIC and every
    score output made from it says so in its first line.
    """
    from ..scoring import write_sample_data  # start-up: pandas, numpy, scipy
    from ..scoring.synthetic import DEFAULT_SEED  # start-up: pandas, numpy, scipy

    path = write_sample_data(out or _in_home(app, "cemi_sample.xlsx"), _model(), DEFAULT_SEED if seed is None else seed,
                             with_text=not no_text)
    click.echo(_("wrote {path}: SYNTHETIC data for 339 cities (seed {seed})").format(
        path=path, seed=DEFAULT_SEED if seed is None else seed))
