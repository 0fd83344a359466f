"""`textmine audit sample` and `textmine audit precision`: measure the lexicons' precision by labelling hits."""
from __future__ import annotations

from pathlib import Path

import click

from ..count.labels import SCOPES, read_labels, rows_to_csv, sample_hits, write_sample
from ..count.precision import precision_from_files, report_markdown
from ..count.scope import MODES
from ..i18n import _
from .app import pass_app
from .count import audit
from .output import echo_csv, emit, emit_document, format_option
from .params import CategoryChoice, NameChoice, only_with


@audit.command("sample")
@click.option("--kind", type=click.Choice(SCOPES), default="plan", show_default=True,
              help="plan: the outline counted per city in --period; policy: every policy document.")
@click.option("--period", help="With --kind plan: the plan period [default: the model's].")
@click.option("--mode", type=NameChoice("mode", MODES), help="Counting mode of the hits [default: token].")
@click.option("--category", type=CategoryChoice(), help="Only this category.")
@click.option("--term", "terms", multiple=True, help="Only this term (canonical; repeatable): e.g. more hits of "
              "the terms flagged by `audit precision`.")
@click.option("--per-category", type=int, help="Hits drawn uniformly from all the hits of each category (all when "
              "it has fewer) [default: 100; the design a category's precision rests on].")
@click.option("--per-term", type=int, help="Instead: hits drawn from each term (all when it has fewer), rare terms "
              "as many as frequent ones: for finding weak terms.")
@click.option("--seed", default=1, show_default=True, help="Random seed; the same seed draws the same hits again.")
@click.option("--width", default=30, show_default=True, help="Characters of context on each side.")
@click.option("--labels", "labels", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Earlier label file(s): their labels are filled in for hits drawn again (repeatable).")
@click.option("-o", "--out", "output", type=click.Path(dir_okay=False), help="Write the sample to this .csv or .xlsx file "
              "[default: CSV on standard output].")
@click.option("--lexicons", "directory", envvar="TEXTMINE_LEXICONS", type=click.Path(file_okay=False),
              help="Lexicon folder [env TEXTMINE_LEXICONS].")
@pass_app
def sample(app, kind, period, mode, category, terms, per_category, per_term, seed, width, labels, output,
           directory):
    """A random sample of hits for a person to label: by default up to --per-category (100) hits drawn
    uniformly from all the hits of each category (so a category's precision is the share of its sample
    labelled correct), or up to --per-term per term. Each row: hit_id, city, category, term, context,
    document, page, the design (seed, how many hits it was drawn from, the texts, the lexicon version), and
    an empty `label` column — write 1 where the hit means what its category means (the labelling standard in
    docs/lexicon.md and the `# definition:` of its lexicon file), 0 where it does not, and a reason in `note`
    for every 0. Then run `textmine audit precision FILE`."""
    only_with(per_term is None, "the hit-uniform design (not --per-term)", per_category=per_category)
    old = read_labels(list(labels)) if labels else None
    rows, s = sample_hits(app.store, kind=kind, period=period, mode=mode, category=category, terms=list(terms),
                          per_category=per_category, per_term=per_term,
                          seed=seed, width=width, labels=old, lexicon_dir=directory)
    how = _("up to {n} per term").format(n=s["per_term"]) if s["design"] == "terms" else \
        _("up to {n} per category, uniform over its hits").format(n=s["per_category"])
    line = (_("{sampled} hit(s) of {terms} term(s) drawn from {population} in {scope} (seed {seed}, {how}; {texts})")
            .format(sampled=s["sampled"], terms=s["terms"], population=s["population"], scope=s["scope"],
                    seed=s["seed"], how=how, texts=s["texts"])
            + (_("; {n} label(s) reused").format(n=s["labels_reused"]) if old else ""))
    if output:
        write_sample(rows, Path(output))
        click.echo(_("wrote {path}: {what}").format(path=output, what=line))
        click.echo(_("label each row: 1 = the hit means what its category means, 0 = it does not; then "
                     "`textmine audit precision {path}`").format(path=output))
    else:
        echo_csv(rows_to_csv(rows))
        click.echo(line, err=True)


@audit.command("precision")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--min-precision", default=0.8, show_default=True, help="Flag terms whose precision is below this.")
@click.option("--table", type=click.Choice(("categories", "terms", "cities", "flagged")), default="categories",
              show_default=True, help="With --format csv/json: which table.")
@click.option("--lexicons", "directory", envvar="TEXTMINE_LEXICONS", type=click.Path(file_okay=False),
              help="Lexicon folder [env TEXTMINE_LEXICONS].")
@format_option(choices=("table", "csv", "json", "md"))
@pass_app
def precision(app, files, min_precision, table, directory, fmt):
    """Precision per term and per category from labelled sample FILES (Wilson 95 % intervals), estimated
    correct hits per city and document next to the raw count, terms below --min-precision with their most
    frequent wrong contexts and suggested exclusions, and every label that does not fit the store."""
    only_with(fmt in ("csv", "json"), "--format csv or json", table=table if table != "categories" else None)

    rep = precision_from_files(app.store, list(files), min_precision=min_precision, lexicon_dir=directory)
    if fmt == "md":
        emit_document(report_markdown(rep, [Path(f).name for f in files]), None)
        return
    if fmt == "table":
        rated = [c for c in rep.categories if c["precision"] is not None]
        unrated = [c["category"] for c in rep.categories if c["precision"] is None]
        click.echo(_("{scope}; {n} label(s) used").format(scope=rep.scope.describe(), n=rep.labelled)
                   + (_("; no labels for {categories}").format(categories=", ".join(unrated)) if unrated else ""))
        rows = [{**c, "terms": f"{c['terms_labelled']}/{c['terms']}", "precision": f"{c['precision']:.3f}",
                 "95% interval": f"{c['low']:.3f}–{c['high']:.3f}"} for c in rated]
        emit(rows, fmt, ["category", "hits", "terms", "labelled", "precision", "95% interval", "method", "n_eff",
                         "estimated_correct"], title=_("precision per category (lexicons {versions})").format(
                             versions=", ".join(f"{c['category']} {c['lexicon_version']}" for c in rated)))
        for f in rep.flagged:
            click.echo(_("below {min}: {category} {term} {correct}/{labelled} ({low:.3f}–{high:.3f}); wrong in "
                         "{contexts}").format(min=min_precision, category=f["category"], term=f["term"],
                                              correct=f["correct"], labelled=f["labelled"], low=f["low"],
                                              high=f["high"], contexts="; ".join(f"{c} ×{n}"
                                                                                 for c, n in f["wrong_contexts"])))
            for s in f["suggested_exclusions"]:
                click.echo(_("  suggest: textmine lexicon exclude {category} {term} {context} --why … ({wrong} wrong, "
                             "removes {removes} of {hits} hits)").format(
                    category=f["category"], term=f["term"], context=s["context"], wrong=s["wrong_covered"],
                    removes=s["would_remove"], hits=f["hits"]))
        for p in rep.problems:
            click.echo(_("note: {message}").format(message=p))
        return
    rows = {"categories": rep.categories, "terms": rep.terms, "cities": rep.cities,
            "flagged": [{**f, "wrong_contexts": "; ".join(f"{c} ×{n}" for c, n in f["wrong_contexts"]),
                         "suggested_exclusions": "; ".join(s["context"] for s in f["suggested_exclusions"])}
                        for f in rep.flagged]}[table]
    emit(rows, fmt)
