"""CJK TrueType fonts for the typesetter, registered once with reportlab.

Why these fonts: reportlab embeds TrueType (glyf) fonts as subsets with a ToUnicode map, so
pdfplumber, pypdfium2 and pdftotext all read the text back exactly. The Noto CJK fonts that
Debian installs are CFF-flavoured OpenType, which reportlab refuses ("postscript outlines are not
supported"), and its built-in CID font STSong-Light is not embedded and comes back empty from
pdftotext without poppler-data. So: AR PL UMing (a Song/Ming face, Debian fonts-arphic-uming) for
the body, WenQuanYi Micro Hei (a Hei face, fonts-wqy-microhei) for headings, as Chinese official
documents set body text in Song/Fangsong and headings in Hei.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from ..errors import TextmineError

BODY = "TM-Song"
HEADING = "TM-Hei"

# (path, subfont index) candidates, first found wins; TEXTMINE_CJK_FONT / TEXTMINE_CJK_HEADING_FONT override.
_CANDIDATES = {
    BODY: [("/usr/share/fonts/truetype/arphic/uming.ttc", 0), ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
           ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)],
    HEADING: [("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0), ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
              ("/usr/share/fonts/truetype/arphic/uming.ttc", 0)],
}
_ENV = {BODY: "TEXTMINE_CJK_FONT", HEADING: "TEXTMINE_CJK_HEADING_FONT"}


def font_file(name: str) -> tuple[str, int]:
    env = os.environ.get(_ENV[name])
    candidates = [(env, 0)] if env else _CANDIDATES[name]
    for path, index in candidates:
        if Path(path).is_file():
            return path, index
    raise TextmineError(
        "the typesetter needs a TrueType CJK font: install Debian's fonts-arphic-uming and fonts-wqy-microhei "
        f"(apt-get install fonts-arphic-uming fonts-wqy-microhei) or set {_ENV[name]} to a .ttf/.ttc with glyf "
        f"outlines; looked for {', '.join(p for p, _ in candidates)}"
    )


@lru_cache(maxsize=None)
def register_fonts() -> tuple[str, str]:
    """Register the body and heading fonts with reportlab; returns their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont, TTFError

    for name in (BODY, HEADING):
        path, index = font_file(name)
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        except TTFError as exc:
            raise TextmineError(f"{path}: reportlab cannot use this font ({exc}); it needs TrueType (glyf) outlines") from exc
    return BODY, HEADING
