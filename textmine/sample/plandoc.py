"""A plan outline as plain data, and the markdown-ish source format it is written in.

Source format (UTF-8):

    title: 丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要
    issuer: 丽水市人民政府
    date: 2021年2月
                                   (a blank line ends the front matter)
    # 第一篇 开启新征程             (part, optional)
    ## 第一章 发展基础               (chapter)
    ### 第一节 发展成就               (section)
    One paragraph per line.
    > 专栏1 …                        (a box line, typeset like a paragraph in a frame)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TextmineError

KINDS = ("part", "chapter", "section", "para", "box")
_PREFIX = {"# ": "part", "## ": "chapter", "### ": "section", "> ": "box"}


@dataclass(frozen=True)
class Block:
    kind: str  # one of KINDS
    text: str


@dataclass
class PlanDoc:
    title: str
    city: str = ""
    issuer: str = ""
    date: str = ""
    blocks: list[Block] = field(default_factory=list)

    def chapters(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "chapter"]

    def body_text(self) -> str:
        """The text every faithful extraction of the body must give back: one block a line."""
        return "\n".join(b.text for b in self.blocks)


def parse_plan_md(text: str, source: str = "<text>") -> PlanDoc:
    lines = text.lstrip("\ufeff").splitlines()
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        key, sep, value = lines[i].partition(":")
        if not sep or key.strip() not in ("title", "issuer", "date", "city"):
            raise TextmineError(
                f"{source}:{i + 1}: front matter accepts 'title:', 'issuer:', 'date:', 'city:' lines "
                f"then a blank line; got {lines[i]!r}"
            )
        meta[key.strip()] = value.strip()
        i += 1
    if "title" not in meta:
        raise TextmineError(f"{source}: the front matter needs a 'title:' line")
    blocks = []
    for lineno in range(i, len(lines)):
        raw = lines[lineno].strip()
        if not raw:
            continue
        kind = "para"
        for prefix, k in _PREFIX.items():
            if raw.startswith(prefix):
                kind, raw = k, raw[len(prefix):].strip()
                break
        if raw.startswith("#"):
            raise TextmineError(f"{source}:{lineno + 1}: headings are '# ' part, '## ' chapter, '### ' section")
        blocks.append(Block(kind, raw))
    return PlanDoc(meta["title"], meta.get("city", ""), meta.get("issuer", ""), meta.get("date", ""), blocks)


def load_plan_md(path: str | Path) -> PlanDoc:
    path = Path(path)
    return parse_plan_md(path.read_text(encoding="utf-8"), str(path))
