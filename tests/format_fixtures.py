"""A trivial reader for tests/test_formats.py: the format a test adds in one place (textmine.formats.register).
A module of its own, importable by name, because parser workers import a format's reader by name."""
from textmine.parse.model import Extraction


def read_reversed(path, fmt, *, ocr=False, content_type=None):
    """A `.txr` file holds UTF-8 text written backwards, line by line; one page."""
    text = path.read_text("utf-8")
    return Extraction(["\n".join(line[::-1] for line in text.splitlines())], [], parser="reversed", format=fmt)
