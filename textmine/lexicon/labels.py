"""How messages name a lexicon category: 'theme（生态资产管理主题词）', the key with its lexicon file's `# name:`
header (textmine.names re-exports these; they live here so that the lexicon can name its own categories without
importing the layer above it)."""
from __future__ import annotations

import os
import re
from functools import lru_cache

from ..errors import TextmineError
from .categories import lexicon_dir

_NAME_HEADER = re.compile(r"^#\s*name\s*:\s*(.+)$")


@lru_cache(maxsize=32)
def _lexicon_name(path: str, _mtime: int, _size: int) -> str:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    break
                m = _NAME_HEADER.match(line)
                if m:
                    return m.group(1).strip()
    except (OSError, UnicodeDecodeError):
        pass
    return ""


def category_label(category: str, directory: str | os.PathLike | None = None) -> str:
    """'theme（生态资产管理主题词）': the category with the `# name:` of its lexicon file (in `directory`, else
    the lexicon folder in use); the category alone when the file has no name."""
    try:
        folder = lexicon_dir(directory)
    except TextmineError:
        return str(category)
    path = folder / f"{category}.txt"
    try:
        st = path.stat()
    except OSError:
        return str(category)
    name = _lexicon_name(str(path), st.st_mtime_ns, st.st_size)
    return f"{category}（{name}）" if name else str(category)


def category_list(categories, directory: str | os.PathLike | None = None) -> str:
    """The categories one may choose, each with its Chinese name: 'theme（…）, resource（…）, …'."""
    return ", ".join(category_label(c, directory) for c in categories)
