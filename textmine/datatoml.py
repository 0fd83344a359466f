"""The one reader of the TOML files researchers edit (scoring/model.toml, plausibility.toml, facts.toml, the
model presets, corpora/editions.toml, pilots.toml, corpora/sources/*.toml, lexicons/evidence/*.toml, the
workspace marker), by the rules of textmine.datacsv: a byte-order mark is allowed, the text is UTF-8 (or
GB18030/GBK as a Chinese Windows editor may save it), `#` starts a comment (TOML's own rule), and every error
names the file and the line: a missing file with what it is, an undecodable byte, a TOML syntax error."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .datacsv import decode
from .errors import TextmineError

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def parse_toml(path: str | Path, text: str) -> dict:
    """The TOML `text` of `path` (named in messages) as a dict; an error naming the file and line if invalid."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT.search(msg)
        if m:
            raise TextmineError(f"{path}:{m.group(1)}: not valid TOML: {msg[:m.start()]} (line {m.group(1)}, "
                                f"column {m.group(2)})") from None
        raise TextmineError(f"{path}: not valid TOML: {msg}") from None


def read_toml_text(path: str | Path, *, missing: str | None = None) -> tuple[dict, str]:
    """(the data, the text as read) of a TOML data file: the text for callers that locate keys by line.
    `missing`: the message for an absent file (it names what the file is); by default "{path} is missing"."""
    path = Path(path)
    try:
        text, _ = decode(path, kind="TOML")
    except FileNotFoundError:
        raise TextmineError(missing or f"{path} is missing") from None
    except OSError as exc:
        raise TextmineError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return parse_toml(path, text), text


def read_toml(path: str | Path, *, missing: str | None = None) -> dict:
    """A TOML data file as a dict (see the module docstring)."""
    return read_toml_text(path, missing=missing)[0]
