"""Helpers for match/lexicon tests: plan documents with pages inserted straight into the store."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def add_plan(store, city_code: str, pages: list[str], title: str = "十四五规划纲要", kind: str = "plan",
             url: str | None = None) -> int:
    sha = hashlib.sha256(("\f".join(pages) + city_code + kind).encode()).hexdigest()
    with store.transaction():
        doc_id, _ = store.add_document(city_code=city_code, kind=kind, source=f"/plans/{city_code}.txt",
                                       format="txt", sha256=sha, size=len(sha), title=title, url=url)
        start = 0
        for n, text in enumerate(pages, start=1):
            store.conn.execute("INSERT INTO pages (document_id, page, text, char_start) VALUES (?,?,?,?)",
                               (doc_id, n, text, start))
            start += len(text) + 1
        mark_parsed(store, doc_id, len(pages), start)
    return doc_id


def mark_parsed(store, doc_id: int, pages: int, chars: int) -> None:
    """The parse record `textmine parse` writes with a document's pages (what editions and counting read)."""
    store.conn.execute("INSERT OR REPLACE INTO parses (document_id, parser, parser_version, status, pages, chars,"
                       " parsed_at) VALUES (?, 'txt', 'test', 'ok', ?, ?, '2026-01-01T00:00:00+00:00')",
                       (doc_id, pages, chars))


def copy_lexicons(tmp_path: Path, monkeypatch=None) -> Path:
    d = tmp_path / "lexicons"
    shutil.copytree(ROOT / "lexicons", d)
    if monkeypatch is not None:
        monkeypatch.setenv("TEXTMINE_LEXICONS", str(d))
    return d


def load_tool(name: str):
    """A script of tools/ as a module (tools/ is not a package): `load_tool("messages").collect()`."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod              # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod
