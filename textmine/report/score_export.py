"""Write a score run as CSV files, one JSON and one Excel workbook.

Every CSV starts with a `# ` line naming the run, the model and whether the data are SYNTHETIC
(read with pandas.read_csv(..., comment="#")); the JSON has it under "meta", each Excel sheet
in row 1. The folder is written whole and swapped in, so a crash or Ctrl-C leaves the previous export.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from ..atomic import atomic_dir, check_replaceable
from ..i18n import N_, gettext
from ..nametable import header
from ..registry import load_registry
from ..scoring.model import COMPOSITE
from ..scoring.results import IndexResult
from ..xlsxformat import format_table
from .groups import pilot_flag, top_n_composition



def index_label(node: str) -> str:
    """The name of an index in file and column names: composite for the root, a domain's own code."""
    return "composite" if node == COMPOSITE else node


#: the Excel sheet of each table (the CSV and JSON files keep the English names)
SHEET_NAMES = {"appendix1": "附录1 全部城市", "top30_composite": "表5 综合前30", "top30_endowment": "表6 禀赋前30",
               "top30_governance": "表7 政府管理前30", "top30_compensation": "表8 补偿前30",
               "top30_market": "表9 市场化前30", "zone_top_n": "前N名构成", "scores_all_levels": "各级得分与排名",
               "leaf_values": "叶指标值", "rank_intervals": "排名区间", "sensitivity_runs": "蒙特卡洛运行",
               "sensitivity_oat": "领域权重逐一变化", "model": "模型（指标与权重）",
               "text_cells_in_workbook": "工作簿也填的文本指标"}


def appendix_table(result: IndexResult) -> pd.DataFrame:
    """Appendix 1: every city with the composite and every domain score and rank."""
    reg = load_registry()
    s = result.scores
    df = pd.DataFrame({"city": [reg.by_code(c).name for c in s.index], "code": s.index,
                       "province": [reg.by_code(c).province for c in s.index]})
    for node in result.top_nodes:
        df[f"{index_label(node)}_score"] = s[node].round(4).to_numpy()
        df[f"{index_label(node)}_rank"] = s[f"rank_{node}"].to_numpy()
    return df.sort_values(["composite_rank", "code"]).reset_index(drop=True)


def top_table(result: IndexResult, node: str, n: int = 30, appendix: pd.DataFrame | None = None) -> pd.DataFrame:
    """The first `n` cities of an index (`appendix`: appendix_table(result), when the caller has it)."""
    app = appendix if appendix is not None else appendix_table(result)
    label = index_label(node)
    t = app[app[f"{label}_rank"] <= n].sort_values([f"{label}_rank", "code"])
    return t[[f"{label}_rank", "city", "province", f"{label}_score"]].rename(
        columns={f"{label}_rank": "rank", f"{label}_score": "score"}).reset_index(drop=True)


def all_tables(result: IndexResult) -> dict[str, pd.DataFrame]:
    reg = load_registry()
    levels = result.node_scores.round(6).add_suffix("_score").join(result.node_ranks.add_suffix("_rank"))
    levels.insert(0, "city", [reg.by_code(c).name for c in levels.index])
    tables = {"appendix1": appendix_table(result)}
    for node in result.top_nodes:
        tables[f"top30_{index_label(node)}"] = top_table(result, node, appendix=tables["appendix1"])
    ranks = pd.DataFrame({index_label(n): result.scores[f"rank_{n}"] for n in result.top_nodes})
    tables["zone_top_n"] = top_n_composition(ranks, pilot=pilot_flag(result))  # top-N cities per zone, region, basin, pilot
    tables["scores_all_levels"] = levels.reset_index()
    tables["leaf_values"] = result.leaves
    tables["rank_intervals"] = result.intervals
    tables["sensitivity_runs"] = result.mc_runs
    tables["sensitivity_oat"] = result.oat
    tables["model"] = result.model.reset_index()
    return tables


def export_entry(name: str) -> bool:
    """The files `score --out` writes (what a new export may replace)."""
    return name.endswith(".csv") or name in ("cemi_results.json", "cemi_results.xlsx")


def export_result(result: IndexResult, out_dir: str | Path) -> list[Path]:
    """Every table as CSV (UTF-8 with a byte-order mark, for Excel), one JSON and one Excel workbook, written into
    a new folder that replaces `out_dir` in one step once all are written (`textmine.atomic.atomic_dir`)."""
    out = Path(out_dir)
    check_replaceable(out, export_entry, N_("score export"), gettext)
    tables = all_tables(result)
    conflicts = (result.params or {}).get("text_conflicts") if isinstance(result.params, dict) else None
    if conflicts:           # every text-mined cell the workbook also filled, and which value the score used
        tables["text_cells_in_workbook"] = pd.DataFrame(conflicts)
    banner = result.banner
    names = []
    with atomic_dir(out, N_("score export"), gettext) as tmp:
        for name, df in tables.items():
            with open(tmp / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as fh:
                fh.write(f"# {banner}\n")
                df.to_csv(fh, index=False, lineterminator="\n")
            names.append(f"{name}.csv")
        meta = {"banner": banner, "run_id": result.run_id, "created_at": result.created_at,
                "model_version": result.model_version, "workbook": result.workbook, "synthetic": result.synthetic,
                "params": result.params}
        doc = {"meta": meta, **{k: json.loads(v.to_json(orient="records", force_ascii=False)) for k, v in tables.items()}}
        (tmp / "cemi_results.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
        # the workbook is for reading: Chinese sheet names and headers (the English key on hover), number formats,
        # autofilters; the CSV and JSON files keep the English keys for programs
        wb = Workbook()
        wb.remove(wb.active)
        for name, df in tables.items():
            ws = wb.create_sheet(SHEET_NAMES.get(name, name)[:31])
            ws.append([banner])
            ws.append([header(str(c)) for c in df.columns])
            for row in df.itertuples(index=False):
                ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
            format_table(ws, header_row=2, keys=[str(c) for c in df.columns])
        wb.save(tmp / "cemi_results.xlsx")
        names += ["cemi_results.json", "cemi_results.xlsx"]
    return [out / n for n in names]
