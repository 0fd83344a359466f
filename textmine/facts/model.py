"""What a figure read from a document is: its document, value, unit, year, stage, scope and the reason it is
accepted or refused (``REASONS``), shared by sentences (``reading``) and table cells (``cells``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

REASONS = {
    "ok": "accepted: the whole city's full-year outcome of the data year, with its unit",
    "number_form": "the number's form is refused (a decimal comma, or a comma that is not a thousands separator): "
                   "textmine.numbers",
    "approx": "an approximate number (约/左右/以上), not a figure",
    "change": "a change (增长/下降/增加), not a level",
    "share": "a share (占/比重), not a level",
    "rate": "a percentage, not a level",
    "unit_missing": "no unit after the number: the unit cannot be read",
    "unit_foreign": "the unit cannot be converted (another currency)",
    "unit_other": "the unit is not one of the figure's quantity",
    "unit_per": "a per-unit rate (万元/人, 人次), not the figure",
    "plan": "a plan or budget figure (预算/安排/目标), not the outcome (执行/决算)",
    "stage_unknown": "neither 执行/决算 nor 预算 is stated around it",
    "own_level": "the city government's own budget (市本级/市级), not the whole city",
    "sub_area": "a part of the city (园区/区县/新区), not the whole city",
    "province": "the province's figure, not the city's",
    "other_city": "another city's figure",
    "county": "a county's or district's figure, not the city's",
    "scope_unknown": "whose figure it is (全市 or 市本级) is not stated",
    "part_year": "part of the year (上半年/1-6月), not the whole year",
    "multi_year": "several years together (五年累计/年均), not one year",
    "year_other": "another year than the document's data year",
    "year_unknown": "the document's data year cannot be read",
    "kind": "this kind of document is not read for this figure",
    "doc_county": "the document is a county's (its title names a county of the city), not the city's",
    "doc_other_city": "the document is another city's (its title names it)",
    "doc_province": "the document is the province's (its title names the province)",
    "other_budget": "under a heading of another budget (政府性基金, 国有资本经营 …), not the 一般公共预算",
}


@dataclass
class DocInfo:
    id: int
    kind: str
    title: str
    url: str
    source: str
    year: int | None                     # the data year read from the title/head (or given)
    year_from: str                       # title | head | given | none
    scope: str                           # default scope: city | own_level | ''
    stage: str                           # default stage: outcome | plan | ''
    head: str = ""
    issuer: str = "city"                 # whose document its title says: city | county | other_city | province
    issuer_name: str = ""


@dataclass
class Candidate:
    figure: str
    phrase: str
    stated: str                          # the number and unit as written: 1,296.87亿元
    value: Decimal | None                # the number as written
    unit: str
    base: Decimal | None                 # in the quantity's base unit (元, 人, 立方米 …)
    year: int | None
    stage: str
    scope: str
    reason: str                          # a key of REASONS
    text: str                            # the sentence, or caption · row · column of a table cell
    page: int
    offset: int
    document: DocInfo
    source: str = "text"                 # text | table
    note: str = ""                       # a near phrase's note
    found: dict = field(default_factory=dict)   # which context decided scope/stage/year (for the audit)

    @property
    def accepted(self) -> bool:
        return self.reason == "ok"

    @property
    def why(self) -> str:
        return REASONS[self.reason]


def judge_context(fig, doc: DocInfo, scope: str, stage: str, year: int | None, part: str | None,
                  budget: str | None = None) -> str:
    """Shared by text and table figures: kind, budget, scope, part of year, year, stage (first failing wins)."""
    if doc.kind not in fig.kinds:
        return "kind"
    if doc.issuer != "city":
        return f"doc_{doc.issuer}"
    if fig.budget and budget and budget != fig.budget:
        return "other_budget"
    if scope != "city":
        return scope if scope in REASONS else "scope_unknown"
    if part:
        return part
    if doc.year is None:
        return "year_unknown"
    if year != doc.year:
        return "year_other"
    if stage == "plan":
        return "plan"
    if stage not in ("outcome", "estimate"):
        return "stage_unknown"
    return "ok"
