"""The statement ledger: every finding of the published report (scoring/reference/cemi2025_statements.csv) with a
test textmine can compute, evaluated on an edition — the published ranks, or a scoring run.

    findings = load_ledger()                          # the file's rows, checked (errors name file:line)
    outcomes = evaluate(findings, published_edition())  # one Outcome per finding: ✓ / ✗ / —, figure, needs
    ledger_records(findings, outcomes, run_outcomes)  # English keys, ✓ / ✗ / — (CSV, JSON of `textmine findings`)
    ledger_frame(findings, outcomes, run_outcomes)    # the report's table (Chinese headers, ✓ 重现 …)

Status: ✓ the figure reproduces the statement, ✗ it does not, — it cannot be computed from this edition's data
(then `needs` says what data would decide it). On the published edition only ranks exist: every figure there is
computed on ranks and says "按排名"; a statement about means, dispersion or shares of scores is "—" there, with
the rank figure shown for reference and never as the statement's verdict. A figure is textmine's, never the
report's: the report's own number is quoted in the test column ("报告：8 个").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..datacsv import read_rows
from ..errors import TextmineError
from ..resources import data_path
from ..scoring.compare import load_ranks
from ..scoring.model import load_model
from .compare_groups import DOMAINS, INDEX, city_attributes
from .pilots import load_pilots

LEDGER = ("scoring", "reference", "cemi2025_statements.csv")
TOP30 = ("scoring", "reference", "cemi2025_top30.csv")
COLUMNS = ("id", "section", "quote", "kind", "params", "note")
REPRODUCED, NOT_REPRODUCED, NOT_COMPUTABLE = "✓", "✗", "—"
STATUS_ZH = {REPRODUCED: "✓ 重现", NOT_REPRODUCED: "✗ 未重现", NOT_COMPUTABLE: "— 不可计算"}


@dataclass
class Finding:
    id: str
    section: str
    quote: str
    kind: str
    params: dict[str, str]
    note: str = ""
    where: str = ""          # file:line, for messages


@dataclass
class Outcome:
    status: str              # ✓ ✗ —
    figure: str = ""         # what textmine computed, with its basis (按排名 / 按得分 …)
    needs: str = ""          # for —: the data that would decide it; else caveats


@dataclass
class Edition:
    """What one edition offers the tests: ranks always; the rest when the edition has it."""
    label: str
    ranks: pd.DataFrame                          # index city_code; cemi + the four domains; 1 = best
    scores: pd.DataFrame | None = None           # same columns, higher = better (None: ranks only)
    node_ranks: pd.DataFrame | None = None       # level-1 node ranks (index city_code, node codes)
    pilots: object | None = None                 # report.pilots.PilotList (or one made from a run's leaf)
    leaves: pd.DataFrame | None = None           # a run's leaf values (city_code, leaf, raw, origin)
    leaf_meta: pd.DataFrame | None = None        # the model's leaf table (leaf, type, domain …)
    previous: pd.DataFrame | None = None         # the previous edition's ranks (same columns)
    previous_label: str = ""
    weights: dict[str, float] | None = None      # domain weights (fractions)
    leaf_counts: dict[str, int] | None = None    # leaves per domain
    synthetic: bool = False
    permutations: int = 999
    seed: int = 20250101
    spatial: dict = field(default_factory=dict)  # node -> (GlobalMoran, LISA frame), filled on first use

    @property
    def ranks_only(self) -> bool:
        return self.scores is None

    def spatial_stats(self, node: str):
        """(global Moran, local Moran frame) of ``node``: on scores, else on (cities + 1) − rank."""
        if node not in self.spatial:
            from .spatial import contiguity_weights, global_moran, local_moran  # heavy: esda, geopandas, libpysal

            if "w" not in self.spatial:
                self.spatial["w"] = contiguity_weights()
            w = self.spatial["w"]
            values = self.scores[node] if self.scores is not None else (len(self.ranks) + 1) - self.ranks[node]
            values = values.astype(float).rename(index=str)
            self.spatial[node] = (global_moran(values, w, self.permutations, self.seed),
                                  local_moran(values, w, self.permutations, self.seed))
        return self.spatial[node]


def load_ledger(path: str | Path | None = None) -> list[Finding]:
    """The ledger's findings, each checked: a known kind, its required parameters, groups, cities and indices
    that exist. An error names the file and line and what would be accepted."""
    from .ledger_kinds import KINDS  # cycle inside report: ledger_kinds builds on these records

    path = Path(path) if path is not None else data_path(*LEDGER)
    if not path.is_file():
        raise TextmineError(f"{path} does not exist: the statement ledger is missing from the data root")
    rows = read_rows(path)
    if not rows or tuple(c.strip() for c in rows[0][1]) != COLUMNS:
        raise TextmineError(f"{path}: the first row after the comments must be the header {','.join(COLUMNS)}")
    findings, seen = [], set()
    attrs = city_attributes()
    for line, cells in rows[1:]:
        where = f"{path}:{line}"
        if len(cells) != len(COLUMNS):
            raise TextmineError(f"{where}: {len(cells)} cells; expected {len(COLUMNS)} ({','.join(COLUMNS)}) — "
                                "quote a cell that contains a comma")
        rec = dict(zip(COLUMNS, (c.strip() for c in cells)))
        if not rec["id"] or rec["id"] in seen:
            raise TextmineError(f"{where}: id {rec['id']!r} is empty or used twice")
        seen.add(rec["id"])
        if rec["kind"] not in KINDS:
            raise TextmineError(f"{where}: unknown kind {rec['kind']!r}; one of {', '.join(sorted(KINDS))}")
        params = parse_params(rec["params"], where)
        f = Finding(rec["id"], rec["section"], rec["quote"], rec["kind"], params, rec["note"], where)
        KINDS[rec["kind"]].check(f, attrs)
        findings.append(f)
    return findings


def parse_params(text: str, where: str) -> dict[str, str]:
    """'index=composite; n=20; group=zone:东部' -> dict; an error names the cell."""
    out = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, eq, value = part.partition("=")
        if not eq or not key.strip():
            raise TextmineError(f"{where}: parameter {part!r} is not key=value (parameters are separated by ';')")
        out[key.strip()] = value.strip()
    return out


def evaluate(findings: list[Finding], edition: Edition) -> list[Outcome]:
    """One outcome per finding on ``edition``."""
    from .ledger_kinds import KINDS  # cycle inside report: ledger_kinds builds on these records

    return [KINDS[f.kind].evaluate(f, edition) for f in findings]


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    """{✓: n, ✗: n, —: n}."""
    return {s: sum(o.status == s for o in outcomes) for s in (REPRODUCED, NOT_REPRODUCED, NOT_COMPUTABLE)}


def counts_text(outcomes: list[Outcome]) -> str:
    c = counts(outcomes)
    return f"✓ {c[REPRODUCED]}，✗ {c[NOT_REPRODUCED]}，— {c[NOT_COMPUTABLE]}（共 {len(outcomes)} 条）"


#: the ledger's columns: English key (CSV and JSON of `textmine findings`, `ledger_records`) → Chinese header (the
#: report's section, its workbook sheet, a Chinese terminal table); {run} is the label of the scoring run checked.
#: run_id and run_synthetic say which run the run_* columns are of (`check_findings`; the report names it in headers)
LEDGER_HEADERS = {"id": "编号", "section": "章节", "quote": "报告原文", "test": "检验（textmine 的操作化）",
                  "published_figure": "已发布排名：textmine 计算值", "published_status": "已发布排名：状态",
                  "published_needs": "已发布排名：所需数据 / 说明", "run_id": "评分运行编号", "run_synthetic": "合成数据",
                  "run_figure": "{run}：textmine 计算值", "run_status": "{run}：状态", "run_needs": "{run}：所需数据 / 说明"}
_RUN_KEYS = ("run_figure", "run_status", "run_needs")


def ledger_headers(run_label: str = "本次运行") -> dict[str, str]:
    """English key → Chinese header of every ledger column, the run's columns named by ``run_label``."""
    return {k: v.format(run=run_label) for k, v in LEDGER_HEADERS.items()}


def ledger_records(findings: list[Finding], published: list[Outcome], run: list[Outcome] | None = None
                   ) -> pd.DataFrame:
    """The ledger with English keys (LEDGER_HEADERS) and the status symbols ✓ / ✗ / —: one row per finding, the
    published edition's figure and status (on ranks), the run's when given, and what data a '—' needs."""
    from .ledger_kinds import KINDS  # cycle inside report: ledger_kinds builds on these records

    rows = []
    for i, f in enumerate(findings):
        row = {"id": f.id, "section": f.section, "quote": f.quote,
               "test": KINDS[f.kind].describe(f) + (f"（{f.note}）" if f.note else ""),
               "published_figure": published[i].figure, "published_status": published[i].status,
               "published_needs": published[i].needs}
        if run is not None:
            row.update(run_figure=run[i].figure, run_status=run[i].status, run_needs=run[i].needs)
        rows.append(row)
    keys = [k for k in LEDGER_HEADERS if not k.startswith("run_") or (run is not None and k in _RUN_KEYS)]
    return pd.DataFrame(rows, columns=keys)


def ledger_zh(records: pd.DataFrame, run_label: str = "本次运行") -> pd.DataFrame:
    """`ledger_records` as the report shows it: Chinese headers, statuses as words (✓ 重现 …)."""
    frame = records.copy()
    for col in ("published_status", "run_status"):
        if col in frame:
            frame[col] = frame[col].map(STATUS_ZH)
    return frame.rename(columns=ledger_headers(run_label))


def ledger_frame(findings: list[Finding], published: list[Outcome], run: list[Outcome] | None = None,
                 run_label: str = "本次运行") -> pd.DataFrame:
    """The ledger as the report shows it (`ledger_zh` of `ledger_records`)."""
    return ledger_zh(ledger_records(findings, published, run), run_label)


def rank_frame(scores: pd.DataFrame) -> pd.DataFrame:
    """cemi + domain rank columns (index city_code as text) from a report's scores table (rank_<node> columns)."""
    out = pd.DataFrame({n: pd.to_numeric(scores[f"rank_{n}"], errors="coerce").astype(float)
                        for n in (INDEX, *DOMAINS)})
    out.index = out.index.astype(str)
    return out


def published_edition(permutations: int = 999, seed: int = 20250101, previous: pd.DataFrame | None = None,
                      previous_label: str = "") -> Edition:
    """The published 2025 edition: its ranks (appendix 1), the pilot list of corpora/pilots.toml for 2025, and
    the model files' domain weights and leaf counts (what the report's §三 statements are checked against)."""
    ranks, label = load_ranks("published")
    ranks = ranks.rename(columns={"composite": INDEX})
    ranks.index = ranks.index.astype(str)
    weights, leaf_counts = model_weights_and_counts()
    prev = previous.rename(columns={"composite": INDEX}) if previous is not None else None
    return Edition(f"已发布排名（{label}）", ranks, pilots=load_pilots("2025"), previous=prev,
                   previous_label=previous_label, weights=weights, leaf_counts=leaf_counts,
                   permutations=permutations, seed=seed)


def model_weights_and_counts(tree: pd.DataFrame | None = None) -> tuple[dict[str, float], dict[str, int]]:
    """Domain weights and leaves per domain, from a run's tree table or the model files (scoring/)."""
    if tree is None:
        m = load_model(allow_inconsistent=True)
        return dict(m.weights["cemi"]), m.tree_table()["domain"].value_counts().to_dict()
    ratio = (tree["global_weight"] / tree["domain_weight"]).groupby(tree["domain"]).median()
    return {d: float(ratio[d]) for d in DOMAINS if d in ratio.index}, tree["domain"].value_counts().to_dict()
