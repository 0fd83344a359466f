"""Issue 26 item 3: every TOML data file is read by textmine.datatoml with the rules of the CSV reader (a BOM,
GB18030 as a Chinese Windows editor saves it, errors naming file and line), so a file that works in one place
works in all: shown here through three different readers."""
from __future__ import annotations

import pytest

from textmine.crawl.cms import load_cms
from textmine.crawl.sources import load_sources
from textmine.datatoml import read_toml
from textmine.errors import TextmineError

CMS = '# 站群系统标记\n[cms.trs]\nname = "拓尔思"\nmarkers = ["trs_editor"]\n'


def test_a_bom_and_gbk_are_read_like_a_csv_file(tmp_path):
    bom, gbk = tmp_path / "bom.toml", tmp_path / "gbk.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + CMS.encode("utf-8"))
    gbk.write_bytes(CMS.encode("gbk"))
    assert read_toml(bom) == read_toml(gbk) == {"cms": {"trs": {"name": "拓尔思", "markers": ["trs_editor"]}}}
    assert [c.name for c in load_cms(bom)] == [c.name for c in load_cms(gbk)]


@pytest.mark.parametrize("reader", [read_toml, load_cms, load_sources])
def test_a_syntax_error_names_the_file_and_line_in_every_reader(tmp_path, reader):
    bad = tmp_path / "bad.toml"
    bad.write_text('# a comment\n[cms.trs]\nname = \n', encoding="utf-8")
    with pytest.raises(TextmineError, match=r"bad\.toml:3: not valid TOML: .*\(line 3, column \d+\)"):
        reader(bad)


def test_a_missing_file_says_what_it_is(tmp_path):
    with pytest.raises(TextmineError, match="CMS marker file .* not found"):
        load_cms(tmp_path / "nope.toml")
    with pytest.raises(TextmineError, match=r"nope\.toml is missing"):
        read_toml(tmp_path / "nope.toml")


def test_bytes_that_are_neither_utf8_nor_gbk_name_the_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'a = 1\nb = "\xff\xff"\n')
    with pytest.raises(TextmineError, match=r"bad\.toml:2: not UTF-8 text .*save the file as UTF-8"):
        read_toml(bad)
