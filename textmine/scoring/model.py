"""The index model, read from the files in scoring/ (see scoring/model.toml for the list).

`load_model()` checks everything a researcher can get wrong (unknown parents, leaves without
a node, weights not summing to 1, AHP matrices that are not reciprocal or too inconsistent)
and names the file and node in the error.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..datacsv import read_frame
from ..errors import TextmineError
from ..names import domain_names, indicator_label
from ..resources import data_path
from .ahp import AHPResult, ahp_weights, parse_number, read_matrix_csv
from ..lexicon import LexiconError, plan_categories
from ..reference import model_config

COMPOSITE = "cemi"      # the root code of nodes.csv; the domains are its children there (Model.domains)
LEAF_TYPES = ("amount", "rate", "yesno", "count", "index")
SOURCE_KINDS = ("remote_sensing", "yearbook", "monitoring", "survey", "disclosure", "text_mined")

def text_keys() -> tuple[str, ...]:
    """The text-mined keys a leaf may take: plan.<category> for every lexicon file counted in plans (the lexicon
    folder of the data root; textmine.lexicon.categories), and news.count."""
    try:
        cats = plan_categories()
    except LexiconError:
        cats = ()
    return tuple(f"plan.{c}" for c in cats) + ("news.count",)


WEIGHT_TOL = 1e-6
LEAF_COLUMNS = ("code", "parent", "name_zh", "name_en", "unit", "direction", "direction_reason", "type",
                "source", "text_key", "min", "max")


@dataclass
class Model:
    root: Path
    config: dict
    nodes: pd.DataFrame            # index code: parent, name_zh, name_en, level
    leaves: pd.DataFrame           # index code: LEAF_COLUMNS (min/max as float, sign as ±1)
    weights: dict[str, dict[str, float]]   # parent -> {child: local weight}, summing to 1
    ahp: dict[str, AHPResult] = field(default_factory=dict)
    sha256: str = ""

    @property
    def version(self) -> str:
        return str(self.config["model"]["version"])

    @property
    def leaf_codes(self) -> list[str]:
        return list(self.leaves.index)

    @property
    def domains(self) -> tuple[str, ...]:
        """The domains: the children of the composite in nodes.csv, in its order (their weights: weights.csv or
        ahp/cemi.csv)."""
        return tuple(self.nodes.index[self.nodes["parent"] == COMPOSITE])

    @property
    def top_nodes(self) -> tuple[str, ...]:
        """The composite and the domains: the indices every run ranks and exports."""
        return (COMPOSITE, *self.domains)

    def children(self, code: str) -> list[str]:
        return list(self.weights.get(code, {}))

    def internal_postorder(self) -> list[str]:
        """Internal nodes, children before parents (the order aggregation needs)."""
        order: list[str] = []

        def visit(code: str) -> None:
            for child in self.children(code):
                if child in self.weights:
                    visit(child)
            order.append(code)

        visit(COMPOSITE)
        return order

    def path(self, code: str) -> list[str]:
        """[code, parent, ..., cemi]."""
        out = [code]
        parent = self.leaves.at[code, "parent"] if code in self.leaves.index else self.nodes.at[code, "parent"]
        while parent:
            out.append(parent)
            parent = self.nodes.at[parent, "parent"]
        return out

    def global_weight(self, code: str, top: str = COMPOSITE) -> float:
        """Product of local weights from `code` up to `top` (a leaf's share of that index)."""
        w, path = 1.0, self.path(code)
        for child, parent in zip(path, path[1:]):
            w *= self.weights[parent][child]
            if parent == top:
                return w
        if top != COMPOSITE:
            return 0.0
        return w

    def domain_of(self, code: str) -> str:
        path = self.path(code)
        return path[-2] if len(path) >= 2 else COMPOSITE

    def text_leaves(self) -> dict[str, str]:
        t = self.leaves[self.leaves["text_key"] != ""]
        return dict(zip(t.index, t["text_key"]))

    def tree_table(self) -> pd.DataFrame:
        """One row per leaf with its path, weights and metadata (what `model` means in results)."""
        rows = []
        for code, leaf in self.leaves.iterrows():
            path = self.path(code)
            row = {"leaf": code, **{k: leaf[k] for k in LEAF_COLUMNS if k != "code"}}
            row.update(level2=path[1], level1=path[2], domain=path[3],
                       local_weight=self.weights[leaf["parent"]][code],
                       domain_weight=self.global_weight(code, path[3]),
                       global_weight=self.global_weight(code))
            rows.append(row)
        return pd.DataFrame(rows).set_index("leaf")


def top_nodes(root: str | Path | None = None) -> tuple[str, ...]:
    """(composite, *domains) in nodes.csv's order, read alone (textmine.names.domain_names), not the whole model."""
    return (COMPOSITE, *domain_names(root))


def _read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """The table of a model CSV (textmine.datacsv: `#` comments anywhere); `attrs["lines"][i]` is row i's line."""
    if not path.is_file():
        raise TextmineError(f"model file {path} is missing")
    return read_frame(path, required)


def load_config(root: Path) -> dict:
    """model.toml with the chosen edition's preset over it (textmine.reference.model_config)."""
    return model_config(root)[0]


def load_model(root: str | Path | None = None, *, allow_inconsistent: bool = False) -> Model:
    """Read and check the model in `root` (default: scoring/ of the data root, see resources.py)."""
    root = Path(root) if root else data_path("scoring")
    config = load_config(root)
    for section, key in (("model", "version"), ("winsorise", "k"), ("normalise", "method"), ("ahp", "random_index")):
        if key not in config.get(section, {}):
            raise TextmineError(f"{root / 'model.toml'}: [{section}] needs `{key}`")
    nodes = _read_csv(root / "nodes.csv", ("code", "parent", "name_zh", "name_en"))
    leaves = _read_csv(root / "indicators.csv", LEAF_COLUMNS)
    _check_tree(root, nodes, leaves)
    for table in (nodes, leaves):   # line numbers were for the checks; pandas deep-copies attrs at every step
        table.attrs.clear()
    nodes = nodes.set_index("code")
    leaves = leaves.set_index("code")
    leaves["sign"] = np.where(leaves["direction"] == "-", -1.0, 1.0)
    for col in ("min", "max"):
        leaves[col] = pd.to_numeric(leaves[col].replace("", np.nan), errors="raise")

    children: dict[str, list[str]] = {}
    for code, parent in nodes["parent"].items():
        if parent:
            children.setdefault(parent, []).append(code)
    for code, parent in leaves["parent"].items():
        children.setdefault(parent, []).append(code)
    weights, ahp = _load_weights(root, config, children, allow_inconsistent)

    h = hashlib.sha256()
    h.update(f"edition={config['model'].get('id', '')}|{config['model']['version']}".encode())
    for p in sorted(root.rglob("*")):
        if p.is_file() and "reference" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return Model(root, config, nodes, leaves, weights, ahp, h.hexdigest())


def _check_tree(root: Path, nodes: pd.DataFrame, leaves: pd.DataFrame) -> None:
    f_nodes, f_leaves = root / "nodes.csv", root / "indicators.csv"
    label = partial(indicator_label, root=root)
    for df, f in ((nodes, f_nodes), (leaves, f_leaves)):
        dup = df["code"][df["code"].duplicated()]
        if len(dup):
            raise TextmineError(f"{f}: duplicate code(s) {', '.join(dup)}")
    both = set(nodes["code"]) & set(leaves["code"])
    if both:
        raise TextmineError(f"{f_leaves}: code(s) {', '.join(map(label, sorted(both)))} are also nodes in {f_nodes}")
    codes = set(nodes["code"])
    roots = list(nodes.loc[nodes["parent"] == "", "code"])
    if roots != [COMPOSITE]:
        raise TextmineError(f"{f_nodes}: exactly one root node `{COMPOSITE}` (empty parent) expected, got {roots}")
    if not (nodes["parent"] == COMPOSITE).any():
        raise TextmineError(f"{f_nodes}: `{COMPOSITE}` has no domain (a node whose parent is {COMPOSITE})")
    for i, row in nodes.iterrows():
        if row["parent"] and row["parent"] not in codes:
            raise TextmineError(f"{f_nodes}:{nodes.attrs['lines'][i]}: node {label(row['code'])} has unknown parent "
                                f"{row['parent']!r}")
    parents_of_nodes = set(nodes["parent"])
    for i, row in leaves.iterrows():
        where = f"{f_leaves}:{leaves.attrs['lines'][i]}: leaf {label(row['code'])}"
        if row["parent"] not in codes:
            raise TextmineError(f"{where}: unknown parent node {row['parent']!r} (not in {f_nodes})")
        if row["parent"] in parents_of_nodes:
            raise TextmineError(f"{where}: its parent {label(row['parent'])} also has child nodes; a node holds "
                                f"either nodes or leaves")
        if row["direction"] not in ("+", "-"):
            raise TextmineError(f"{where}: direction must be + or -, got {row['direction']!r}")
        if row["direction"] == "-" and not row["direction_reason"]:
            raise TextmineError(f"{where}: a negative leaf needs its reason in direction_reason")
        if row["type"] not in LEAF_TYPES:
            raise TextmineError(f"{where}: type must be one of {', '.join(LEAF_TYPES)}, got {row['type']!r}")
        if row["source"] not in SOURCE_KINDS:
            raise TextmineError(f"{where}: source must be one of {', '.join(SOURCE_KINDS)}, got {row['source']!r}")
        if row["text_key"] and row["text_key"] not in text_keys():
            raise TextmineError(f"{where}: text_key must be one of {', '.join(text_keys())} (plan.<category>: a "
                                f"lexicon file counted in plans), got {row['text_key']!r}")
        if (row["source"] == "text_mined") != bool(row["text_key"]):
            raise TextmineError(f"{where}: a text_mined leaf needs a text_key, and only such a leaf has one")
    leafless = codes - set(nodes["parent"]) - set(leaves["parent"])
    if leafless:
        raise TextmineError(f"{f_nodes}: node(s) {', '.join(map(label, sorted(leafless)))} have no children")


def _load_weights(root: Path, config: dict, children: dict[str, list[str]], allow_inconsistent: bool):
    label = partial(indicator_label, root=root)
    f_weights = root / "weights.csv"
    direct: dict[str, dict[str, float]] = {}
    if f_weights.is_file():
        table = _read_csv(f_weights, ("parent", "child", "weight"))
        for i, row in table.iterrows():
            where = f"{f_weights}:{table.attrs['lines'][i]}"
            if row["parent"] not in children:
                raise TextmineError(f"{where}: unknown node {row['parent']!r}")
            if row["child"] not in children[row["parent"]]:
                raise TextmineError(f"{where}: {row['child']!r} is not a child of {label(row['parent'])} "
                                    f"(children: {', '.join(map(label, children[row['parent']]))})")
            try:
                w = parse_number(row["weight"])
            except (ValueError, ZeroDivisionError):
                raise TextmineError(f"{where}: weight {row['weight']!r} is not a number") from None
            if w < 0:
                raise TextmineError(f"{where}: weight {w} is negative")
            if row["child"] in direct.setdefault(row["parent"], {}):
                raise TextmineError(f"{where}: duplicate weight for {label(row['parent'])} -> {label(row['child'])}")
            direct[row["parent"]][row["child"]] = w
    ri_table = config["ahp"]["random_index"]
    max_cr = float(config["ahp"].get("max_cr", 0.1))
    weights: dict[str, dict[str, float]] = {}
    ahp: dict[str, AHPResult] = {}
    for node, kids in children.items():
        f_ahp = root / "ahp" / f"{node}.csv"
        if f_ahp.is_file() and node in direct:
            raise TextmineError(f"node {label(node)} has weights in both {f_weights} and {f_ahp}; keep one")
        if f_ahp.is_file():
            labels, matrix = read_matrix_csv(f_ahp)
            if sorted(labels) != sorted(kids):
                raise TextmineError(f"{f_ahp}: labels {', '.join(labels)} must be the children of {label(node)}: "
                                    f"{', '.join(map(label, kids))}")
            res = ahp_weights(matrix, labels, ri_table, where=str(f_ahp), root=root)
            if res.cr >= max_cr and not allow_inconsistent:
                raise TextmineError(f"{f_ahp}: node {label(node)} is inconsistent: CR = {res.cr:.3f} >= {max_cr} "
                                    f"(lambda_max {res.lambda_max:.4f}, CI {res.ci:.4f}); revise the judgments in "
                                    f"that file, or accept them by raising max_cr in [ahp] of {root / 'model.toml'} "
                                    f"(above {res.cr:.3f}; every score run records the model files' hash and each "
                                    f"node's CR)")
            ahp[node] = res
            got = dict(zip(labels, map(float, res.weights)))
        elif node in direct:
            got = direct[node]
            missing = [k for k in kids if k not in got]
            if missing:
                raise TextmineError(f"{f_weights}: node {label(node)} has no weight for {', '.join(map(label, missing))}")
            total = sum(got.values())
            if abs(total - 1.0) > WEIGHT_TOL:
                raise TextmineError(f"{f_weights}: the weights of node {label(node)} sum to {total:.6f}, not 1")
        elif len(kids) == 1:
            got = {kids[0]: 1.0}
        else:
            raise TextmineError(f"node {label(node)} has {len(kids)} children but no weights: add rows to {f_weights} "
                                f"or a pairwise matrix {f_ahp}")
        weights[node] = {k: got[k] for k in kids}
    return weights, ahp
