"""Ledger test kinds that need more than ranks: scores (means, dispersion, variance shares, contributions, tiers),
leaf values (yes/no counts), the pilot list, or the model (domain weights, leaves per domain).

On the published edition (ranks only) the score kinds are "—" and show the rank figure for reference, marked
"参考（按排名，不作判定）" — a mean rank is not a mean score, so it never decides a statement about scores.
"""
from __future__ import annotations

import pandas as pd
from scipy import stats

from .compare_groups import DOMAINS, INDEX, NODE_ZH
from .ledger import NOT_COMPUTABLE, Edition, Outcome
from .ledger_kinds import (OPS, RANKS, attrs_of, describes, group_mask, group_name, groups_text, kind, node_of,
                           pct, verdict, zh)
from .pilots import superiority
from .tiers import province_table, tier_members
from .variance import between_within, group_labels
from .yesno import answers

SCORES = "按得分"
REFERENCE = "参考（按排名，不作判定）"
NEED_SCORES = "需要 339 个城市的指数得分（已发布的附录只有排名）"
NEED_LEAVES = "需要各城市的是/否叶指标数值（指标工作簿；已发布的附录只有排名）"
MOST = 0.8   # "绝大多数" / "most" when the report gives no number (stated in the test column)


def _needs_scores(ed: Edition, reference: str = "", what: str = NEED_SCORES) -> Outcome:
    return Outcome(NOT_COMPUTABLE, f"{REFERENCE}：{reference}" if reference else "", what)


# -- the model ---------------------------------------------------------------------------------------------------

@kind("domain_weights", *DOMAINS)
def _domain_weights(f, ed):
    if not ed.weights:
        return Outcome(NOT_COMPUTABLE, "", "需要模型的领域权重")
    diffs = {d: ed.weights.get(d, float("nan")) - float(f.params[d]) for d in DOMAINS}
    fig = "权重：" + "，".join(f"{NODE_ZH[d]} {100 * ed.weights.get(d, float('nan')):.1f} %" for d in DOMAINS)
    return Outcome(verdict(all(abs(v) < 5e-4 for v in diffs.values())), fig)


@describes("domain_weights")
def _(p):
    return "领域权重等于报告所给（" + "，".join(f"{NODE_ZH[d]} {100 * float(p[d]):.1f} %" for d in DOMAINS) + "）"


@kind("leaf_counts", *DOMAINS)
def _leaf_counts(f, ed):
    if not ed.leaf_counts:
        return Outcome(NOT_COMPUTABLE, "", "需要模型的指标表（scoring/indicators.csv）")
    fig = "三级指标数：" + "，".join(f"{NODE_ZH[d]} {ed.leaf_counts.get(d, 0)}" for d in DOMAINS)
    return Outcome(verdict(all(ed.leaf_counts.get(d, 0) == int(f.params[d]) for d in DOMAINS)), fig)


@describes("leaf_counts")
def _(p):
    return "表 1–4 的三级指标数：" + "，".join(f"{NODE_ZH[d]} {p[d]}" for d in DOMAINS)


# -- scores --------------------------------------------------------------------------------------------------------

@kind("variance_share", "index", "by", "claim")
def _variance_share(f, ed):
    p = f.params
    labels = group_labels(p["by"])
    node = node_of(p["index"])
    gt = p["claim"] == "between_gt_within"

    def text(v):
        return (f"组间 {pct(v['between_share'])}，组内 {pct(v['within_share'])}（{v['groups']} 组；"
                f"随机分组期望组间 {pct(v['chance_share'])}）")
    if ed.scores is None:
        v = between_within(ed.ranks[node], labels)
        agree = (v["between_share"] > v["within_share"]) == gt
        return _needs_scores(ed, text(v) + ("，与报告一致" if agree else "，与报告不一致"),
                             NEED_SCORES + "；方差分解是得分的统计量")
    v = between_within(ed.scores[node], labels)
    return Outcome(verdict((v["between_share"] > v["within_share"]) == gt), f"{SCORES}：{text(v)}")


@describes("variance_share")
def _(p):
    by = {"province": "省份", "zone": "经济区域", "region": "区域", "basin": "流域"}[p["by"]]
    rel = ">" if p["claim"] == "between_gt_within" else "<"
    return f"{zh(p['index'])}方差分解（按{by}）：组间平方和占比 {rel} 组内占比"


def _tiers(ed: Edition, index: str):
    node = node_of(index)
    if ed.scores is None:
        return province_table(ed.ranks[node], ranks=True), RANKS
    return province_table(ed.scores[node]), SCORES


@kind("province_tiers", "index")
def _province_tiers(f, ed):
    p = f.params
    table, basis = _tiers(ed, p["index"])
    tiers = tier_members(table)
    checks, figs = [], []
    if "first" in p:
        want = set(p["first"].split("|"))
        checks.append(set(tiers[1]) == want)
        figs.append(f"第一梯队 {'、'.join(tiers[1])}")
    if "second_count" in p:
        checks.append(len(tiers[2]) == int(p["second_count"]))
        figs.append(f"第二梯队 {len(tiers[2])} 省")
    if "third_count" in p:
        checks.append(len(tiers[3]) == int(p["third_count"]))
        figs.append(f"第三梯队 {len(tiers[3])} 省")
    if "above" in p:
        names = p["above"].split("|")
        checks.append(all(n in tiers[1] + tiers[2] for n in names))
        figs.append("、".join(f"{n} {'优于' if n in tiers[1] + tiers[2] else '不优于'}全国均值" for n in names))
    if "below" in p:
        names = p["below"].split("|")
        checks.append(all(n in tiers[3] for n in names))
        figs.append("、".join(f"{n} 第{'三' if n in tiers[3] else '一/二'}梯队" for n in names))
    fig = "；".join(figs)
    if ed.scores is None:
        return _needs_scores(ed, fig + ("（与报告一致）" if all(checks) else "（与报告不一致）") + "；梯队按省平均排名",
                             NEED_SCORES + "；梯队按省均值划分，平均排名不是平均得分")
    return Outcome(verdict(all(checks)), f"{basis}：{fig}")


@describes("province_tiers")
def _(p):
    parts = [f"第一梯队 = {'、'.join(p['first'].split('|'))}"] if "first" in p else []
    parts += [f"第二梯队 {p['second_count']} 省"] if "second_count" in p else []
    parts += [f"第三梯队 {p['third_count']} 省"] if "third_count" in p else []
    parts += [f"{'、'.join(p['above'].split('|'))}的省均值高于全国城市均值"] if "above" in p else []
    parts += [f"{'、'.join(p['below'].split('|'))}在第三梯队"] if "below" in p else []
    return f"{zh(p['index'])}省级梯队（规则见“省级梯队”表）：" + "；".join(parts)


@kind("group_mean_vs_national", "index", "group", "direction")
def _group_mean_vs_national(f, ed):
    p = f.params
    node, m = node_of(p["index"]), group_mask(p["group"], attrs_of(ed))
    sig = p.get("significant") == "yes"
    high = p["direction"] == "above"
    if ed.scores is None:
        s = superiority(ed.ranks[node][m], ed.ranks[node][~m])
        return _needs_scores(ed, f"{group_name(p['group'])}平均排名 {ed.ranks[node][m].mean():.1f}（全国 "
                                 f"{ed.ranks[node].mean():.1f}），P（排名优于其他城市）= {s['p_better']:.2f}，"
                                 f"Mann–Whitney p = {s['mannwhitney_p']:.2g}")
    v = ed.scores[node]
    t = stats.ttest_1samp(v[m], v.mean())
    ok = (v[m].mean() > v.mean()) == high and (not sig or t.pvalue < 0.05)
    return Outcome(verdict(ok), f"{SCORES}：{group_name(p['group'])}均值 {v[m].mean():.2f}，全国城市均值 {v.mean():.2f}"
                                f"（单样本 t 检验 p = {t.pvalue:.2g}）")


@describes("group_mean_vs_national")
def _(p):
    word = "高于" if p["direction"] == "above" else "低于"
    sig = "，单样本 t 检验 p < 0.05" if p.get("significant") == "yes" else ""
    return f"{group_name(p['group'])}的{zh(p['index'])}均值{word}全国城市均值{sig}"


@kind("contribution_share", "groups", "domains", "direction")
def _contribution_share(f, ed):
    p = f.params
    if ed.scores is None or not ed.weights:
        return _needs_scores(ed, "", NEED_SCORES + "与领域权重；贡献 = 领域得分 × 权重")
    attrs = attrs_of(ed)
    contrib = pd.DataFrame({d: ed.scores[d] * ed.weights[d] for d in DOMAINS})
    national = contrib.mean() / contrib.mean().sum()
    above, figs = p["direction"] == "above", []
    oks = []
    for spec in p["groups"].split("|"):
        g = contrib[group_mask(spec, attrs)].mean()
        g = g / g.sum()
        for d in p["domains"].split("|"):
            oks.append((g[d] > national[d]) == above)
            figs.append(f"{group_name(spec)} {NODE_ZH[d]} {pct(g[d])}")
    fig = f"{SCORES}：贡献占比 " + "，".join(figs) + "；全国 " + "，".join(
        f"{NODE_ZH[d]} {pct(national[d])}" for d in p["domains"].split("|"))
    return Outcome(verdict(all(oks)), fig)


@describes("contribution_share")
def _(p):
    word = "高于" if p["direction"] == "above" else "不高于"
    doms = "、".join(NODE_ZH[d] for d in p["domains"].split("|"))
    return f"{groups_text(p['groups'])}综合指数中{doms}的贡献占比{word}全国（图 5，贡献 = 得分 × 权重）"


@kind("dispersion_high", "index")
def _dispersion_high(f, ed):
    table, basis = _tiers(ed, f.params["index"])
    multi = table[table["tier"].notna()]
    col = "iqr" if ed.scores is None else "cv"
    good = multi[multi["tier"] <= 2]
    high = good[good[col] > multi[col].median()]
    fig = (f"梯队 1–2 的 {len(good)} 省中 {len(high)} 省的省内{'排名四分位距' if col == 'iqr' else 'CV'}高于各省中位数"
           + (f"（{'、'.join(high.index[:6])}）" if len(high) else ""))
    if ed.scores is None:
        return _needs_scores(ed, fig, NEED_SCORES + "；省内离散度（CV）是得分的统计量")
    return Outcome(verdict(len(high) > 0), f"{basis}：{fig}")


@describes("dispersion_high")
def _(p):
    return "至少一个均值优于全国的省份（梯队 1–2），其省内城市 CV 高于各省 CV 的中位数"


# -- pilots --------------------------------------------------------------------------------------------------------

def _pilots(ed: Edition):
    """(flag over the edition's cities, caveat or None); the flag is None when the edition has no pilot list, and
    the caveat names an incomplete list (then the share is shown, not decided)."""
    if ed.pilots is None:
        return None, "需要试点名单（corpora/pilots.toml，或评分运行的叶指标“是否纳入国家生态产品价值实现机制试点”）"
    flag = ed.pilots.flag.reindex(ed.ranks.index, fill_value=False).astype(bool)
    return flag, (None if ed.pilots.complete else ed.pilots.describe())


@kind("pilot_share", "index", "n", "op", "value")
def _pilot_share(f, ed):
    p, n = f.params, int(f.params["n"])
    flag, caveat = _pilots(ed)
    if flag is None:
        return Outcome(NOT_COMPUTABLE, "", caveat)
    r = ed.ranks[node_of(p["index"])][flag]
    share = float((r <= n).mean()) if len(r) else float("nan")
    fig = f"{RANKS}：{len(r)} 个试点城市中 {int((r <= n).sum())} 个在前 {n} 名（{pct(share)}）"
    if caveat:
        return Outcome(NOT_COMPUTABLE, fig, caveat)
    return Outcome(verdict(OPS[p["op"]](share, float(p["value"]))), fig)


@describes("pilot_share")
def _(p):
    return f"试点城市中{zh(p['index'])}前 {p['n']} 名的比例 {p['op']} {pct(float(p['value']))}"


@kind("pilot_vs_rest")
def _pilot_vs_rest(f, ed):
    flag, caveat = _pilots(ed)
    if flag is None:
        return Outcome(NOT_COMPUTABLE, "", caveat)
    probs = {n: superiority(ed.ranks[n][flag], ed.ranks[n][~flag])["p_better"] for n in (INDEX, *DOMAINS)}
    fig = f"{RANKS}：P（试点城市排名优于其他城市）" + "，".join(f"{NODE_ZH[n]} {v:.2f}" for n, v in probs.items())
    if caveat:
        return Outcome(NOT_COMPUTABLE, fig, caveat)
    return Outcome(verdict(all(v > 0.5 for v in probs.values())), fig)


@describes("pilot_vs_rest")
def _(p):
    return "综合与四大领域指数：试点城市排名优于其他城市的概率都 > 0.5"


@kind("pilot_above_mean")
def _pilot_above_mean(f, ed):
    flag, caveat = _pilots(ed)
    if flag is None:
        return Outcome(NOT_COMPUTABLE, "", caveat)
    if ed.scores is None:
        r = ed.ranks[INDEX][flag]
        return _needs_scores(ed, f"{len(r)} 个试点城市中 {int((r <= len(ed.ranks) / 2).sum())} 个排名在前一半",
                             NEED_SCORES + ("；" + caveat if caveat else ""))
    v = ed.scores[INDEX]
    share = float((v[flag] > v.mean()).mean())
    fig = f"{SCORES}：{int(flag.sum())} 个试点城市中 {pct(share)} 的综合指数高于全国城市均值"
    return Outcome(NOT_COMPUTABLE, fig, caveat) if caveat else Outcome(verdict(share >= MOST), fig)


@describes("pilot_above_mean")
def _(p):
    return f"试点城市中综合指数高于全国城市均值的比例 ≥ {pct(MOST)}（“绝大多数”，报告未给数）"


@kind("pilot_balanced")
def _pilot_balanced(f, ed):
    flag, caveat = _pilots(ed)
    if flag is None:
        return Outcome(NOT_COMPUTABLE, "", caveat)
    values = ed.ranks[list(DOMAINS)] if ed.scores is None else ed.scores[list(DOMAINS)]
    spread = values.std(axis=1, ddof=1) / values.mean(axis=1).abs()
    share = float((spread[flag] < spread.median()).mean())
    fig = f"{int(flag.sum())} 个试点城市中 {pct(share)} 的四大领域{'排名' if ed.scores is None else '得分'}离散（CV）低于全国中位数"
    if ed.scores is None:
        return _needs_scores(ed, fig, NEED_SCORES + ("；" + caveat if caveat else ""))
    return Outcome(NOT_COMPUTABLE, f"{SCORES}：{fig}", caveat) if caveat else Outcome(verdict(share > 0.5), f"{SCORES}：{fig}")


@describes("pilot_balanced")
def _(p):
    return "过半试点城市的四大领域得分 CV（领域间）低于全国城市的中位数（“结构均衡”的操作化）"


# -- leaves --------------------------------------------------------------------------------------------------------

def _answers(ed: Edition, codes):
    answered, yes = answers(ed.leaves, codes)
    return answered.reindex(ed.ranks.index, fill_value=False), yes.reindex(ed.ranks.index, fill_value=False)


@kind("yes_count", "leaf", "value")
def _yes_count(f, ed):
    p = f.params
    if ed.leaves is None:
        return Outcome(NOT_COMPUTABLE, "", NEED_LEAVES + f"（{p['leaf']}）")
    answered, yes = _answers(ed, [p["leaf"]])
    col = answered if p.get("count") == "answered" else yes
    c = int(col[p["leaf"]].sum())
    what = "有答复" if p.get("count") == "answered" else "“是”"
    return Outcome(verdict(c == int(p["value"])),
                   f"叶指标 {p['leaf']}：{what}的城市 {c} 个（{pct(c / len(ed.ranks))}）")


@describes("yes_count")
def _(p):
    what = "有答复的城市数" if p.get("count") == "answered" else "答“是”的城市数"
    return f"叶指标 {p['leaf']} {what} = {p['value']}（报告：{p['value']} 个）"


@kind("yesno_basins", "domain", "high", "low")
def _yesno_basins(f, ed):
    p = f.params
    if ed.leaves is None or ed.leaf_meta is None:
        return Outcome(NOT_COMPUTABLE, "", NEED_LEAVES)
    meta = ed.leaf_meta.set_index("leaf") if "leaf" in ed.leaf_meta.columns else ed.leaf_meta
    codes = list(meta.index[(meta["type"] == "yesno") & (meta["domain"] == p["domain"])])
    _, yes = _answers(ed, codes)
    attrs = attrs_of(ed)
    hi = float(yes[group_mask(p["high"], attrs)].mean().mean())
    lo = float(yes[group_mask(p["low"], attrs)].mean().mean())
    return Outcome(verdict(hi > lo), f"{len(codes)} 个{NODE_ZH[p['domain']]}是/否叶指标“是”的平均比例："
                                     f"{group_name(p['high'])} {pct(hi)}，{group_name(p['low'])} {pct(lo)}")


@describes("yesno_basins")
def _(p):
    return f"{NODE_ZH[p['domain']]}是/否叶指标“是”的平均比例：{group_name(p['high'])} > {group_name(p['low'])}（分母为该组全部城市）"
