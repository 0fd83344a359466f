"""`textmine lexicon …`: check, add, remove, diff and suggest lexicon terms."""
from __future__ import annotations

import sys

import click

from ..count.state import version_text
from ..errors import EXIT_INPUT
from ..i18n import _, language
from ..lexicon.check import check_lexicons
from ..lexicon.edit import add_terms, exclude_context, remove_terms, unexclude_context
from ..names import category_label
from ..nametable import shown
from .app import main, pass_app
from .output import emit, format_option
from .params import CategoryChoice, NameChoice

_dir_option = click.option("--lexicons", "directory", envvar="TEXTMINE_LEXICONS", type=click.Path(file_okay=False),
                           help="Lexicon folder [env TEXTMINE_LEXICONS; default lexicons/ of the data root].")


def _named(category: str, directory) -> str:
    """The category as a confirmation names it: with its Chinese name in Chinese (市场配置 → market（市场配置相关词汇）)."""
    return category_label(category, directory) if language() == "zh" else category


@main.group()
def lexicon():
    """The term lists: one file per category, lexicons/<category>.txt, whose header names it, its Chinese
    label and the leaf it feeds (theme, resource, policy, market: counted in plans; news: the crawler's
    query list; a new file is a new category). One term per line, variants separated by ' | ', '#' comments."""


@lexicon.command()
@_dir_option
@click.option("--corpus/--no-corpus", default=True, show_default=True,
              help="Also list terms that collide in the plan texts of the store.")
@format_option()
@pass_app
def check(app, directory, corpus, fmt):
    """Check the lexicons: duplicates, a term in two categories, empty terms, terms with spaces or
    punctuation, single characters not allowed (errors: exit 3, the same every command refuses to count
    with); nested terms, exclusions and collisions in the corpus, with how each is counted (info)."""
    from ..lexicon_analysis import check_with_corpus  # start-up: pandas, numpy, dateutil

    problems = check_with_corpus(app.reader, directory) if corpus else check_lexicons(directory)[0]
    n_err = sum(p.severity == "error" for p in problems)
    if fmt == "table":
        for p in problems:
            click.secho(str(p), fg={"error": "red", "warning": "yellow"}.get(p.severity), err=p.severity == "error")
        click.echo(_("{errors} error(s), {notes} note(s)").format(errors=n_err, notes=len(problems) - n_err))
    else:
        emit([{"file": str(p.path), "line": p.line, "severity": p.severity, "message": p.message} for p in problems],
             fmt, ["file", "line", "severity", "message"])
    if n_err:
        sys.exit(EXIT_INPUT)


@lexicon.command()
@click.argument("category", type=CategoryChoice(("plan", "news")))
@click.argument("terms", nargs=-1, required=True)
@click.option("--why", default="", help="Rationale written after the term (' # …').")
@click.option("--allow-single", is_flag=True, help="Allow one-character terms (written as an 'allow: single "
              "character' line with --why as its reason).")
@_dir_option
def add(category, terms, why, allow_single, directory):
    """Add TERMS to CATEGORY (quote "term | variant" to add variants on one line). Refused, with nothing
    written, if a term is already in a lexicon, cannot be kept together by the segmenter, or is a single
    character without --allow-single."""

    for line in add_terms(category, list(terms), directory, why, allow_single):
        click.echo(_("added to {category}: {line}").format(category=_named(category, directory), line=line))
    click.echo(_("see which cities move: textmine lexicon diff"))


@lexicon.command()
@click.argument("category", type=CategoryChoice(("plan", "news")))
@click.argument("terms", nargs=-1, required=True)
@_dir_option
def remove(category, terms, directory):
    """Remove TERMS (variants) from CATEGORY; a line loses only the given variants."""

    for t in remove_terms(category, list(terms), directory):
        click.echo(_("removed from {category}: {term}").format(category=_named(category, directory), term=t))
    click.echo(_("see which cities move: textmine lexicon diff"))


@lexicon.command()
@click.argument("category", type=CategoryChoice(("plan", "news")))
@click.argument("term")
@click.argument("contexts", nargs=-1, required=True)
@click.option("--why", help="Why these contexts do not mean what the category means (written in the file; "
              "required).")
@click.option("--remove", is_flag=True, help="Count TERM in CONTEXTS again (remove them from its 'except:' lines).")
@_dir_option
def exclude(category, term, contexts, why, remove, directory):
    """Stop counting TERM where the text reads one of CONTEXTS (each contains the term, e.g. 要素市场化配置
    for 市场化): an 'except:' line under the term, with its reason. Applied in both modes; `textmine
    audit precision` suggests such contexts. --remove takes contexts out again."""
    if remove:
        for c in unexclude_context(category, term, list(contexts), directory):
            click.echo(_("{category} {term}: counted again in {context}").format(category=category, term=term,
                                                                                context=c))
    else:
        click.echo(f"{category} {term}: {exclude_context(category, term, list(contexts), why or '', directory).strip()}")
    click.echo(_("recount and see which cities move: textmine lexicon diff"))


@lexicon.command()
@click.option("--against", default="HEAD", show_default=True,
              help="Compare the working lexicons with a git revision, a lexicon file or a folder.")
@click.option("--mode", type=NameChoice("mode", ("token", "substring")), help="Counting mode [default: token].")
@click.option("--period", "periods", multiple=True, help="Only this plan period (repeatable) [default: every period "
              "with counted outlines, e.g. 十四五 and 十五五: one lexicon counts both editions].")
@_dir_option
@format_option()
@pass_app
def diff(app, against, mode, periods, directory, fmt):
    """Recount with the working lexicons (this writes the hits, as `textmine count` would), then show which
    cities' counts change between AGAINST and the working lexicons, by how much, and how their
    rank on each planning indicator moves (rank 1 = most occurrences), in every plan period with counted
    outlines: a refresh compares editions counted with one lexicon, so an edit moves both."""
    from ..lexicon_analysis import recount_and_diff  # start-up: pandas, numpy, dateutil

    rows, summary = recount_and_diff(app.store, against, mode, directory, period=list(periods) or None)
    if fmt == "table":
        click.echo(_("lexicons {old} → {new}").format(old=version_text(summary["old_versions"]),
                                                      new=version_text(summary["new_versions"])))
        click.echo(_("against {against} ({mode} mode, {period} outlines): added {added}, removed {removed}, "
                     "relabelled {relabelled}").format(
            against=summary["against"], mode=shown("mode", summary["mode"]), period=summary["period"],
            added=summary["added"] or "-", removed=summary["removed"] or "-", relabelled=summary["relabelled"] or "-")
                   + (_(", contexts excluded {what}").format(what=summary["excluded"]) if summary["excluded"] else "")
                   + (_(", no longer excluded {what}").format(what=summary["no_longer_excluded"])
                      if summary["no_longer_excluded"] else "")
                   + "; " + _("{changed} of {with_plan} cities change").format(
                       changed=summary["cities_changed"], with_plan=summary["cities_with_plan"]))
    emit(rows, fmt, ["period", "city", "code", "category", "old", "new", "change", "old_rank", "new_rank", "rank_move"],
         title=_("lexicon diff"))


@lexicon.command()
@click.argument("category", type=CategoryChoice())
@click.option("--top", default=20, show_default=True, help="Number of candidates.")
@_dir_option
@format_option()
@pass_app
def suggest(app, category, top, directory, fmt):
    """Propose candidate terms for CATEGORY from the plan texts (co-occurrence with the category's terms,
    chi² and TF-IDF contrast), each with example contexts. Nothing is added: use `lexicon add`."""
    from ..lexicon_analysis import suggest_terms  # start-up: pandas, numpy, dateutil

    rows = suggest_terms(app.reader, category, top, directory)
    emit(rows, fmt, ["candidate", "with_term", "sentences", "lift", "chi2", "tfidf_contrast", "examples"],
         title=_("candidates for {category}").format(category=category))


@lexicon.command()
@click.argument("category", type=CategoryChoice())
@click.option("--top", default=20, show_default=True, help="Number of candidates.")
@click.option("--min-count", default=3, show_default=True, help="Words seen fewer times are not in the model.")
@click.option("--seed", default=1, show_default=True, help="Training seed (one worker: the same seed, the same model).")
@_dir_option
@format_option()
@pass_app
def expand(app, category, top, min_count, seed, directory, fmt):
    """Propose candidate terms for CATEGORY from word embeddings: word2vec trained on the stored plan,
    policy and news pages (segmented so that every lexicon term is one token; cached in the data home until
    the corpus or the lexicons change), words ranked by mean cosine similarity to the category's terms, with
    the nearest term, frequency and two example contexts. Words already in a lexicon are never proposed;
    nothing is added: use `lexicon add`."""
    from ..lexicon_analysis import expand_terms  # start-up: pandas, numpy, dateutil

    rows, s = expand_terms(app.store, category, top=top, min_count=min_count, seed=seed, directory=directory,
                           progress=lambda msg: click.echo(msg, err=True))
    if fmt == "table":
        click.echo((_("trained model {model}; {n} {category} variants in its vocabulary") if s["trained"] else
                    _("cached model {model}; {n} {category} variants in its vocabulary")).format(
            model=s["model"], n=len(s["seeds"]), category=category)
                   + (_(", {n} not (too rare)").format(n=len(s["missing"])) if s["missing"] else ""))
    emit(rows, fmt, ["candidate", "similarity", "nearest_seed", "seed_similarity", "count", "examples"],
         title=_("candidates for {category} (word2vec)").format(category=category))
