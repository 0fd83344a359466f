"""Terminal tables measured by display width (issue 27): a Chinese character is two cells; names, codes and
numbers are never broken; long texts fold; a table wider than the terminal becomes one block per row."""
from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console

from textmine.cli.output import print_table

ROWS = [{"city": "阿坝藏族羌族自治州", "code": "513200", "theme": 32, "resource": 378, "market_density": 125.619,
         "title": "阿坝藏族羌族自治州国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"},
        {"city": "丽水市", "code": "331100", "theme": 159, "resource": 141, "market_density": 39.935,
         "title": "丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"}]


def _render(width: int, columns=None, rows=ROWS) -> list[str]:
    buf = io.StringIO()
    print_table(Console(file=buf, width=width), rows, columns or list(rows[0]), title="规划指标")
    return buf.getvalue().splitlines()


def test_a_table_fits_the_terminal_and_breaks_no_name_or_number():
    lines = _render(80)
    assert max(cell_len(line) for line in lines) <= 80
    text = "\n".join(lines)
    for whole in ("阿坝藏族羌族自治州", "513200", "125.619", "market_density", "丽水市"):
        assert whole in text, whole                        # each on one line, not folded
    assert "│" in text                                      # still a table: only the title folds


def test_too_wide_a_table_becomes_one_block_per_row():
    lines = _render(40)
    assert max(cell_len(line) for line in lines) <= 40
    text = "\n".join(lines)
    assert "阿坝藏族羌族自治州 513200" in text and "│" not in text
    assert "theme 32" in text and "market_density 125.619" in text


def test_chinese_headers_and_status_words_in_chinese(monkeypatch):
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    rows = [{"city": "丽水市", "status": "counted", "review": "not needed", "kind": "plan", "body_chars": 30110}]
    text = "\n".join(_render(100, rows=rows))
    assert "城市" in text and "状态" in text and "计入" in text and "无需复核" in text and "规划纲要" in text
    assert "counted" not in text and "正文字数" in text
    monkeypatch.setenv("TEXTMINE_LANG", "en")
    text = "\n".join(_render(100, rows=rows))
    assert "status" in text and "counted" in text and "计入" not in text


def test_a_table_written_with_out_keeps_the_headers_the_command_gives(cli, tmp_path, monkeypatch):
    """`--out FILE` of a table uses the command's own Chinese headers, as the terminal does (`emit(headers=)`)."""
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    out = tmp_path / "names.txt"
    assert cli("names", "domain", "--out", out).exit_code == 0
    text = out.read_text("utf-8")
    assert "名称组" in text and "中文名" in text and "governance" in text and "forms" not in text


def test_square_brackets_in_a_cell_are_text_not_markup():
    """A reason naming 'corpora/editions.toml [quality] min_body_chars' lost its '[quality]': rich read it as a
    style tag. Cells, headers and titles are plain text, in the table and in the blocks."""
    rows = [{"city": "合肥市", "why": "corpora/editions.toml [quality] min_body_chars = 5,000 [bold]x[/bold]"}]
    for width in (200, 30):           # a table, and blocks when it does not fit
        flat = "".join(ch for ch in "\n".join(_render(width, rows=rows)) if ch not in " \n│")   # folded lines joined
        assert "editions.toml[quality]min_body_chars" in flat and "[bold]x[/bold]" in flat
