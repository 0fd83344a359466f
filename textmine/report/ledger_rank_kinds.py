"""Ledger test kinds that ranks decide: top-N lists and counts, a city's rank, group orderings (probability of
superiority), one domain's rank against another's, Moran's I and LISA (on 340 − rank, or on scores for a run) and
rank correlations (Pearson on scores for a run). See `ledger_kinds` for the parameters.
"""
from __future__ import annotations

import pandas as pd
from scipy import stats

from ..datacsv import read_dicts
from ..errors import TextmineError
from ..registry import load_registry
from ..resources import data_path
from .ledger import NOT_COMPUTABLE, TOP30, Edition, Outcome
from .ledger_kinds import (OPS, RANKS, attrs_of, basis, city_code, describes, group_mask, group_name, groups_text,
                           kind, names, no_node, node_of, pct, ranked, ranks_of, top_n, verdict, zh)
from .pilots import superiority


@kind("city_count", "value")
def _city_count(f, ed):
    n = int(ed.ranks.notna().any(axis=1).sum())
    return Outcome(verdict(n == int(f.params["value"])), f"有排名的城市数：{n}")


@describes("city_count")
def _(p):
    return f"排名城市数 = {p['value']}（报告：{p['value']} 个）"


def _reference_top30(index: str) -> list[str]:
    """The report's own top-30 table of ``index`` (tables 5–9, transcribed into scoring/reference/cemi2025_top30.csv)."""
    path = data_path(*TOP30)
    if not path.is_file():
        raise TextmineError(f"{path} does not exist: the report's tables 5–9 are missing from the data root")
    rows = [r for r in read_dicts(path) if r["index"] == index]
    return [r["city"] for r in sorted(rows, key=lambda r: int(r["rank"]))]


@kind("top_list", "index", "n")
def _top_list(f, ed):
    p, n = f.params, int(f.params["n"])
    listed = p["cities"].split("|") if "cities" in p else _reference_top30(p["index"])
    want = [city_code(c, f) for c in listed]
    r = ranks_of(ed, p["index"])
    got = top_n(r, n)
    same = len(set(got) & set(want))
    ordered = p.get("ordered", "yes") == "yes"
    ok = got == want if ordered else set(got) == set(want)
    fig = f"{RANKS}：前 {n} 名与报告所列 {same}/{len(want)} 个相同" + ("，顺序一致" if ok and ordered else "")
    if not ok:
        miss = [c for c in want if c not in got]
        if miss:
            fig += f"；报告所列而不在前 {n} 名：{names(miss[:5])}" + ("…" if len(miss) > 5 else "")
    return Outcome(verdict(ok), fig)


@describes("top_list")
def _(p):
    src = f"报告{p['table']}" if "table" in p else "报告所列城市"
    return f"{zh(p['index'])}前 {p['n']} 名{'（按名次）' if p.get('ordered', 'yes') == 'yes' else ''}与{src}相同"


@kind("city_rank", "index", "city", "op", "value")
def _city_rank(f, ed):
    p = f.params
    code = ranked(ed, [city_code(p["city"], f)])[0]
    r = int(ranks_of(ed, p["index"])[code])
    name = load_registry().by_code(code).name
    return Outcome(verdict(OPS[p["op"]](r, int(p["value"]))), f"{RANKS}：{name}{zh(p['index'])}第 {r} 名")


@describes("city_rank")
def _(p):
    return f"{p['city']}的{zh(p['index'])}名次 {p['op']} {p['value']}"


@kind("cities_in_top", "index", "n", "cities")
def _cities_in_top(f, ed):
    p, n = f.params, int(f.params["n"])
    codes = ranked(ed, [city_code(c, f) for c in p["cities"].split("|")])
    r = ranks_of(ed, p["index"])
    inside = [c for c in codes if r[c] <= n]
    fig = f"{RANKS}：{len(inside)}/{len(codes)} 个在前 {n} 名（" + "、".join(
        f"{load_registry().by_code(c).name} {int(r[c])}" for c in codes) + "）"
    ok, needs = len(inside) == len(codes), []
    if p.get("pilot") == "yes":
        if ed.pilots is None:
            return Outcome(NOT_COMPUTABLE, fig, "需要试点名单（corpora/pilots.toml 或评分运行的试点叶指标）")
        not_pilot = [c for c in codes if not ed.pilots.flag.get(c, False)]
        fig += "；都是试点城市" if not not_pilot else f"；不在试点名单：{names(not_pilot)}"
        ok = ok and not not_pilot
    if p.get("first_time") == "yes":
        if ed.previous is None:
            return Outcome(NOT_COMPUTABLE, fig, f"“首次”需要上一版（2023 年版）的排名：report --published --against FILE")
        before = [c for c in codes if c in ed.previous.index and ed.previous.at[c, node_of(p["index"])] <= n]
        fig += f"；{ed.previous_label}已在前 {n} 名：{names(before) if before else '无'}"
        ok = ok and not before
        needs.append(f"只与 {ed.previous_label} 比较，更早各版未核对")
    return Outcome(verdict(ok), fig, "；".join(needs))


@describes("cities_in_top")
def _(p):
    extra = ("，且都是试点城市" if p.get("pilot") == "yes" else "") + (
        "，且上一版不在前 {}".format(p["n"]) if p.get("first_time") == "yes" else "")
    return f"{groups_text_cities(p['cities'])}都在{zh(p['index'])}前 {p['n']} 名{extra}"


def groups_text_cities(cities: str) -> str:
    return "、".join(cities.split("|"))


def _count(ed: Edition, index: str, n: int, spec: str) -> int:
    r = ranks_of(ed, index)
    return int(((r <= n) & group_mask(spec, attrs_of(ed))).sum())


@kind("top_group_count", "index", "n", "group", "op", "value")
def _top_group_count(f, ed):
    p, n = f.params, int(f.params["n"])
    c = _count(ed, p["index"], n, p["group"])
    return Outcome(verdict(OPS[p["op"]](c, int(p["value"]))),
                   f"{RANKS}：{zh(p['index'])}前 {n} 名中{group_name(p['group'])} {c} 个")


@describes("top_group_count")
def _(p):
    return f"{zh(p['index'])}前 {p['n']} 名中{group_name(p['group'])}城市数 {p['op']} {p['value']}（报告：{p['value']} 个）"


@kind("top_group_change", "index", "n", "groups")
def _top_group_change(f, ed):
    p, n = f.params, int(f.params["n"])
    now = {s: _count(ed, p["index"], n, s) for s in p["groups"].split("|")}
    fig = f"{RANKS}：前 {n} 名中 " + "，".join(f"{group_name(s)} {c} 个" for s, c in now.items())
    if ed.previous is None:
        return Outcome(NOT_COMPUTABLE, fig, "“增加/进一步”需要上一版（2023 年版）的排名：report --published --against FILE")
    prev = Edition(ed.previous_label, ed.previous.reindex(ed.ranks.index))
    before = {s: _count(prev, p["index"], n, s) for s in now}
    fig += f"；{ed.previous_label}：" + "，".join(f"{group_name(s)} {c} 个" for s, c in before.items())
    return Outcome(verdict(all(now[s] > before[s] for s in now)), fig)


@describes("top_group_change")
def _(p):
    return f"{zh(p['index'])}前 {p['n']} 名中{groups_text(p['groups'])}城市数比上一版多"


@kind("top_groups_rival", "index", "n", "high", "low")
def _top_groups_rival(f, ed):
    p, n = f.params, int(f.params["n"])
    hi = {s: _count(ed, p["index"], n, s) for s in p["high"].split("|")}
    lo = {s: _count(ed, p["index"], n, s) for s in p["low"].split("|")}
    fig = f"{RANKS}：前 {n} 名中 " + "，".join(f"{group_name(s)} {c}" for s, c in {**hi, **lo}.items())
    return Outcome(verdict(min(hi.values()) > max(lo.values())), fig)


@describes("top_groups_rival")
def _(p):
    return f"{zh(p['index'])}前 {p['n']} 名中{groups_text(p['high'])}每组城市数都多于{groups_text(p['low'])}"


@kind("top_groups_leading", "index", "n", "kind", "leaders")
def _top_groups_leading(f, ed):
    p, n = f.params, int(f.params["n"])
    attrs = attrs_of(ed)
    r = ranks_of(ed, p["index"])
    counts = attrs.loc[r <= n, p["kind"]].value_counts()
    want = p["leaders"].split("|")
    k = len(want)
    lead = list(counts.index[:k])
    tie = len(counts) > k and counts.iloc[k - 1] == counts.iloc[k]
    fig = f"{RANKS}：前 {n} 名最多的组：" + "，".join(f"{g} {c}" for g, c in counts.head(k + 2).items())
    return Outcome(verdict(set(lead) == set(want) and not tie), fig + ("（第 k 名并列）" if tie else ""))


@describes("top_groups_leading")
def _(p):
    return f"{zh(p['index'])}前 {p['n']} 名城市最多的 {len(p['leaders'].split('|'))} 组是{'、'.join(p['leaders'].split('|'))}"


def _order_figure(r: pd.Series, hi: pd.Series, lo: pd.Series, hi_name: str, lo_name: str) -> tuple[float, str]:
    s = superiority(r[hi], r[lo])
    fig = (f"{RANKS}：P（{hi_name}城市排名优于{lo_name}城市）= {s['p_better']:.2f}；平均排名 {hi_name} "
           f"{r[hi].mean():.1f} / {lo_name} {r[lo].mean():.1f}（Mann–Whitney p = {s['mannwhitney_p']:.2g}）")
    return s["p_better"], fig


@kind("group_order", "index", "high", "low")
def _group_order(f, ed):
    p = f.params
    r = ranks_of(ed, p["index"])
    if r is None:
        return no_node(p["index"])
    attrs = attrs_of(ed)
    hi = pd.concat([group_mask(s, attrs) for s in p["high"].split("|")], axis=1).any(axis=1)
    lo = pd.concat([group_mask(s, attrs) for s in p["low"].split("|")], axis=1).any(axis=1)
    prob, fig = _order_figure(r, hi, lo, groups_text(p["high"]), groups_text(p["low"]))
    return Outcome(verdict(prob > 0.5), fig)


@describes("group_order")
def _(p):
    return (f"{zh(p['index'])}：{groups_text(p['high'])}城市排名优于{groups_text(p['low'])}城市的概率 > 0.5"
            "（全部城市，描述性比较；p 值仅供参考）")


@kind("group_vs_rest", "index", "groups", "direction")
def _group_vs_rest(f, ed):
    p = f.params
    r = ranks_of(ed, p["index"])
    if r is None:
        return no_node(p["index"])
    attrs, high = attrs_of(ed), p["direction"] == "high"
    oks, figs = [], []
    for spec in p["groups"].split("|"):
        m = group_mask(spec, attrs)
        prob = superiority(r[m], r[~m])["p_better"]
        oks.append(prob > 0.5 if high else prob < 0.5)
        figs.append(f"{group_name(spec)} P = {prob:.2f}（平均排名 {r[m].mean():.1f}）")
    return Outcome(verdict(all(oks)), f"{RANKS}：P（该组城市排名优于其他城市）：" + "；".join(figs))


@describes("group_vs_rest")
def _(p):
    word = "优于" if p["direction"] == "high" else "劣于"
    return f"{zh(p['index'])}：{groups_text(p['groups'])}的城市排名{word}其他城市（各组 P {'>' if word == '优于' else '<'} 0.5）"


@kind("domain_pair", "group", "better", "worse")
def _domain_pair(f, ed):
    p = f.params
    m = group_mask(p["group"], attrs_of(ed))
    b, w = ranks_of(ed, p["better"])[m], ranks_of(ed, p["worse"])[m]
    wins, n = int((b < w).sum()), int(m.sum())
    sign = stats.binomtest(wins, int((b != w).sum()), 0.5).pvalue if (b != w).any() else float("nan")
    return Outcome(verdict(wins / n > 0.5),
                   f"{RANKS}：{group_name(p['group'])} {n} 个城市中 {wins} 个（{pct(wins / n)}）{zh(p['better'])}排名优于"
                   f"{zh(p['worse'])}排名（符号检验 p = {sign:.2g}）")


@describes("domain_pair")
def _(p):
    return f"{group_name(p['group'])}过半城市的{zh(p['better'])}排名优于其{zh(p['worse'])}排名"


@kind("moran", "index")
def _moran(f, ed):
    gm, _ = ed.spatial_stats(node_of(f.params["index"]))
    return Outcome(verdict(gm.I > 0 and gm.p_sim < 0.05),
                   f"{basis(ed)}：全局 Moran's I = {gm.I:.3f}（伪 p = {gm.p_sim:.3f}，{gm.permutations} 次置换）")


@describes("moran")
def _(p):
    return f"{zh(p['index'])}全局 Moran's I > 0 且伪 p < 0.05（皇后邻接）"


@kind("lisa_groups", "index", "cluster", "groups")
def _lisa_groups(f, ed):
    p = f.params
    _, lm = ed.spatial_stats(node_of(p["index"]))
    attrs = attrs_of(ed)
    cl = lm["cluster"].reindex(attrs.index)
    n = {s: int(((cl == p["cluster"]) & group_mask(s, attrs)).sum()) for s in p["groups"].split("|")}
    return Outcome(verdict(all(v > 0 for v in n.values())),
                   f"{basis(ed)}：显著 {p['cluster']} 城市数 " + "，".join(f"{group_name(s)} {v}" for s, v in n.items()))


@describes("lisa_groups")
def _(p):
    return f"{zh(p['index'])}局部聚类（LISA，p < 0.05）：{groups_text(p['groups'])}各有 {p['cluster']} 城市"


@kind("lisa_compare", "index", "group", "more", "less")
def _lisa_compare(f, ed):
    p = f.params
    _, lm = ed.spatial_stats(node_of(p["index"]))
    attrs = attrs_of(ed)
    m = group_mask(p["group"], attrs)
    cl = lm["cluster"].reindex(attrs.index)[m]
    a, b = int((cl == p["more"]).sum()), int((cl == p["less"]).sum())
    return Outcome(verdict(a > b), f"{basis(ed)}：{group_name(p['group'])} {p['more']} {a} 个，{p['less']} {b} 个")


@describes("lisa_compare")
def _(p):
    return f"{zh(p['index'])}局部聚类：{group_name(p['group'])}的 {p['more']} 城市多于 {p['less']} 城市"


@kind("correlation", "a", "b", "sign")
def _correlation(f, ed):
    p = f.params
    a, b = node_of(p["a"]), node_of(p["b"])
    rho = stats.spearmanr(ed.ranks[a], ed.ranks[b])
    want = 1 if p["sign"] == "+" else -1
    fig = f"{RANKS}：Spearman ρ = {rho.statistic:.3f}（p = {rho.pvalue:.2g}）"
    ok = rho.statistic * want > 0 and rho.pvalue < 0.05
    if ed.scores is not None:
        r = stats.pearsonr(ed.scores[a], ed.scores[b])
        fig += f"；按得分：Pearson r = {r.statistic:.3f}（p = {r.pvalue:.2g}）"
        ok = r.statistic * want > 0 and r.pvalue < 0.05
    return Outcome(verdict(ok), fig)


@describes("correlation")
def _(p):
    word = "正" if p["sign"] == "+" else "负"
    return (f"{zh(p['a'])}与{zh(p['b'])}{word}相关且 p < 0.05（已发布版：Spearman，按排名；评分运行：Pearson，按得分）")


@kind("not_testable", "reason")
def _not_testable(f, ed):
    return Outcome(NOT_COMPUTABLE, "", f.params["reason"])


@describes("not_testable")
def _(p):
    return "没有可计算的检验"


