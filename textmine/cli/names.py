"""`textmine names`: the names table (textmine.nametable): every key with its Chinese name and short forms."""
from __future__ import annotations

import click

from ..i18n import _
from ..nametable import GROUPS, match, normal, table, unknown
from .app import main
from .output import emit, format_option


@main.command(name="names")
@click.argument("group", required=False)
@click.argument("query", required=False)
@click.option("--lexicons", "directory", envvar="TEXTMINE_LEXICONS", type=click.Path(file_okay=False),
              help="Lexicon folder [env TEXTMINE_LEXICONS; default lexicons/ of the data root].")
@format_option()
def names_cmd(group, query, directory, fmt):
    """The names a command accepts and shows: each key (what CSV and JSON carry) with its Chinese name, the
    other names and short forms it may be typed as, and the file that defines it.

    GROUP: category (lexicon categories), index, domain, node, leaf, kind (document kinds), plan_type, doc_type,
    period, mode, status, review, confidence, owner, group_kind, stage, origin, column, format; or its Chinese
    name (领域, 词表类别 …). With QUERY, only the names QUERY stands for (`textmine names domain 禀赋`), or why
    it stands for none. Categories, domains, leaves and periods are read from the files that define them
    (lexicons/*.txt, scoring/nodes.csv and indicators.csv, corpora/editions.toml); the rest from
    corpora/names.csv.
    """
    groups = None
    if group:
        g = normal(group)
        found = [k for k, (en, zh) in GROUPS.items() if g in (k, normal(zh), normal(en))]
        if not found:
            raise click.BadParameter(_("{group!r} is not a group of names; choose one of {groups}").format(
                group=group, groups=", ".join(f"{k}（{zh}）" for k, (_en, zh) in GROUPS.items())),
                param_hint="GROUP")
        groups = found
    rows = table(directory, groups)
    if query:
        hits = match(rows, query)
        if not hits:
            raise unknown(groups[0], query, rows, [])
        rows = hits
    out = [{"group": n.group, "key": n.key, "zh": n.zh, "forms": " | ".join(n.forms), "unit": n.unit,
            "source": n.source} for n in rows]
    emit(out, fmt, ["group", "key", "zh", "forms", "unit", "source"],
         title=_("{n} names").format(n=len(out)),
         headers={"group": "名称组", "key": "英文键", "zh": "中文名", "forms": "其他写法", "unit": "单位", "source": "定义于"})
