"""Issue 27 (Chinese first) on the paths users read most: the review reasons of the library (parse quality of an
outline, the readiness view, the outline review line), the stored parse warnings as commands show them, and the
folder writer's refusals read in Chinese in Chinese, and exactly as before in English. On main a Chinese user of
`check`, `count`, `run --strict` and `documents review` read "#9 is partly scanned: …" and "too short to be an
outline" in English in the middle of Chinese lines."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quality_helpers import PLACEHOLDER, partly_scanned_outline, six_outlines_and_a_chapter

ROOT = Path(__file__).resolve().parents[1]


def _doubtful_outlines(cli, shared, tmp_path):
    """A partly scanned 杭州 outline (a real text page, three real image-only pages) and 合肥's real placeholder set
    as its outline, counted."""
    pdf = partly_scanned_outline(shared, tmp_path / "hz.pdf")
    assert cli("ingest", pdf, "--city", "杭州", "--kind", "plan").exit_code == 0
    assert cli("ingest", shared / "realdata" / PLACEHOLDER, "--city", "合肥", "--kind", "plan", "--period", "十五五",
               "--plan-type", "outline").exit_code == 0


def _workbook_with_a_refused_cell(cli, tmp_path) -> Path:
    """The sample workbook (every column filled, the text-mined ones too) with 湖州's E01 made unreadable."""
    wb = tmp_path / "wb.csv"
    assert cli("sample-data", "--out", wb).exit_code == 0
    lines = wb.read_text("utf-8-sig").splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("city,code,"))
    e01 = lines[head].split(",").index("E01")
    for i, line in enumerate(lines):
        cells = line.split(",")
        if len(cells) > e01 and cells[1] == "330500":
            cells[e01] = "abc"
            lines[i] = ",".join(cells)
    wb.write_text("\n".join(lines) + "\n", "utf-8")
    return wb


def _outputs(cli, wb) -> dict[str, str]:
    """What count, check, documents review and run --strict print for 十五五, in the language set."""
    return {"count": cli("count", "--period", "十五五").output,
            "check": cli("check", "--period", "十五五", "--data", wb).output,
            "review": cli("documents", "review", "--period", "十五五", "--format", "csv").output,
            "strict": cli("run", "--sample", "--no-report", "--period", "十五五", "--strict").output}


def test_review_reasons_of_check_count_review_and_strict_in_either_language(home_copy, shared, tmp_path, cli,
                                                                            monkeypatch):
    _doubtful_outlines(cli, shared, tmp_path)
    wb = _workbook_with_a_refused_cell(cli, tmp_path)
    en = _outputs(cli, wb)
    # English as before, word for word
    scanned = ("#9 is partly scanned: 3 of 4 page(s) have no text layer (pages 2-4), so only the other pages are "
               "counted — read them with `textmine parse --ocr` (tesseract), or check the outline")
    short = ("#10 is too short to be an outline: only 108 characters of text (an outline has tens of thousands; "
             "corpora/editions.toml [quality] min_body_chars = 5,000) — a placeholder, a cover or a fragment? "
             "Remove it (`textmine documents remove`) or record that it is the outline (`textmine documents accept`)")
    assert f"warning: 2 outline choice(s) for 十五五 need review and have none: 杭州市 ({scanned}); 合肥市 ({short})" \
           " — see `textmine documents review --period 十五五`, decide with `textmine documents accept`" in en["count"]
    assert "十五五: 335 without an outline (no plan document of 十五五)" in en["count"]
    assert f"red: 杭州市 十五五: {scanned}" in en["check"] and f"red: 合肥市 十五五: {short}" in en["check"]
    assert "red: 湖州市 十五五: workbook row " in en["check"] and " column C" in en["check"]
    assert "note: 丽水市 十五五: 4 workbook value(s) of text-mined leaves set aside: the corpus value is used; 4 " \
           "differ from the corpus: G05 15 vs 152" in en["check"]
    assert "(not judged (3 other outline(s)))" in en["check"]
    assert scanned in en["review"] and short in en["review"]
    assert en["strict"].startswith("error: strict: 2 outline choice(s) for 十五五 need review and have none: 杭州市 (")
    assert en["strict"].rstrip().endswith("— `textmine check --period 十五五` lists each")

    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    zh = _outputs(cli, wb)
    scanned_zh = ("#9 部分是扫描件：4 页中有 3 页没有文字层（第 2-4 页），只统计了其余各页 —— 请用 "
                  "`textmine parse --ocr`（tesseract）识别这些页，或核对该纲要")
    short_zh = "#10 太短，不像是纲要：只有 108 个字符的文字（纲要通常有数万字；corpora/editions.toml [quality] " \
               "min_body_chars = 5,000）—— 是占位稿、封面还是片段？"
    assert f"警告：十五五有 2 个纲要选择待复核、尚未复核：杭州市（{scanned_zh}）；合肥市（{short_zh}" in zh["count"]
    assert "十五五：335 个城市没有纲要（没有十五五规划文件）" in zh["count"]
    assert f"红色：杭州市 十五五: {scanned_zh}" in zh["check"] and f"红色：合肥市 十五五: {short_zh}" in zh["check"]
    assert "红色：湖州市 十五五: 工作簿 第 " in zh["check"]
    assert "提示：丽水市 十五五：文本挖掘指标的 4 个工作簿值被搁置：采用语料库的值；其中 4 个与语料库不同：" \
           "G05 工作簿 15，语料库 152" in zh["check"]
    assert "（未判断（其他纲要只有 3 份））" in zh["check"]
    assert scanned_zh in zh["review"] and short_zh in zh["review"]
    assert zh["strict"].startswith("错误：严格模式：十五五有 2 个纲要选择待复核、尚未复核：杭州市（#9 部分是扫描件")
    assert zh["strict"].rstrip().endswith("—— `textmine check --period 十五五` 逐一列出")
    for out in zh.values():             # none of the English reasons is left in the Chinese output
        assert not re.search(r"is partly scanned|too short to be an outline|need review and have none|"
                             r"not judged|set aside|differ from the corpus|more thing\(s\) red", out), out
    # the keys of the CSV stay English in Chinese
    csv_zh = cli("check", "--period", "十五五", "--format", "csv").output.splitlines()
    hz = next(line for line in csv_zh if line.startswith("red,杭州市"))
    assert "partly scanned; too short" in hz and scanned_zh in hz


def test_an_outlier_density_in_either_language(shared, tmp_path, cli, home, monkeypatch):
    """Six real 十五五 outlines and 苏州's green-transition part alone as its outline: the part's flag reads in
    Chinese, with its figures, and as before in English."""
    six_outlines_and_a_chapter(cli, shared, tmp_path)
    en = json.loads(cli("check", "--period", "十五五", "--format", "json").output)
    sz = next(r for r in en["cities"] if r["city"] == "苏州市")
    m = re.fullmatch(r"#(\d+)'s term density is an outlier: ([\d.]+) hits per 10,000 characters, ([\d.]+) times the "
                     r"median of the 6 other cities' outlines \(([\d.]+); corpora/editions.toml \[quality\] "
                     r"density_ratio = 3\); so high a density suggests a fragment or a chapter alone — check it in "
                     r"the audit", sz["flags"])
    assert m, sz["flags"]
    assert sz["density_vs_others"] == f"{m.group(3)}× the median of 6"
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    zh = json.loads(cli("check", "--period", "十五五", "--format", "json").output)
    sz_zh = next(r for r in zh["cities"] if r["city"] == "苏州市")
    assert sz_zh["flags"] == (f"#{m.group(1)} 的词频密度异常：每万字命中 {m.group(2)} 次，是其他 6 个城市纲要中位数"
                              f"（{m.group(4)}）的 {m.group(3)} 倍（corpora/editions.toml [quality] density_ratio = "
                              f"3）；密度这么高，可能只是片段或单独一章 —— 请在审计页中核对")
    assert sz_zh["density_vs_others"] == f"6 个城市中位数的 {m.group(3)} 倍" and sz_zh["flag_kinds"] == "outlier density"
    table = cli("check", "--period", "十五五").output
    assert "红色：苏州市 十五五: #" in table and "的词频密度异常：每万字命中" in table and "密度异常" in table


def test_page_quality_notes_in_either_language(monkeypatch):
    """The OCR note and the empty-text flag, from a parse's stored warnings (English, as pdf.py writes them)."""
    from textmine.editions.quality import page_quality

    stored = json.dumps(["2 page(s) without a text layer read by OCR (tesseract): 3-4"])
    q = page_quality(7, stored, 4, 0, 5000)
    assert q.ocr == 2 and q.ocr_pages == "3-4"
    assert q.notes == ["#7: 2 page(s) read by OCR (pages 3-4); OCR text may miss or garble terms: look at them in "
                       "the audit"]
    assert q.flags[0].startswith("#7 is too short to be an outline: no text at all (an outline") \
        and q.flags[0].kind == "too short"
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    q = page_quality(7, stored, 4, 0, 5000)
    assert q.ocr == 2                    # read from the English stored warning in either language
    assert q.notes == ["#7：2 页由 OCR 识别（第 3-4 页）；OCR 文本可能漏识或错识词语：请在审计页中查看"]
    assert q.flags[0].startswith("#7 太短，不像是纲要：完全没有文字（纲要通常有数万字") and q.flags[0].kind == "too short"


# -- stored parse warnings, translated where they are shown ----------------------------------------------------

def test_every_template_is_a_message_the_parsers_write():
    """Each template's fixed words are in the parsers' source, so a reworded parser message fails here (and is
    then shown untranslated, never wrongly)."""
    from textmine.parse.warnings_shown import TEMPLATES

    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "textmine" / "parse").glob("*.py")
                       if p.name != "warnings_shown.py")
    source = re.sub(r'"\s*\n\s*f?"', "", source)        # joined as Python joins adjacent strings
    for t in TEMPLATES:
        for words in re.split(r"\{\w+\}", t):
            assert words.strip(" .") in source, (t, words)


def test_parse_warnings_in_either_language(monkeypatch):
    from textmine.parse.warnings_shown import TEMPLATES
    from textmine.stored_messages import shown_message as shown

    stored = ["3 page(s) without a text layer (scanned images): 2-4",
              "undecodable bytes replaced (read as gb18030, 2 bytes)",
              "part 2: 1 page(s) without text: 5",
              "no text layer: all 20 page(s) are images (a scan); the document needs OCR",
              "timed out after 300 s (time limit per document)",
              "ofdkit: a warning of its own"]
    assert [shown(w) for w in stored] == stored                  # English: byte for byte
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    assert [shown(w) for w in stored] == [
        "3 页没有文字层（扫描图像）：2-4",
        "无法解码的字节已替换（按 gb18030 读取，2 bytes）",
        "第 2 部分：1 页没有文字：5",
        "没有文字层：全部 20 页都是图像（扫描件）；该文档需要 OCR 识别",
        "300 秒后超时（每份文档的时间限制）",
        "ofdkit: a warning of its own"]                          # unknown: unchanged
    from textmine.i18n import catalogue

    assert all(t in catalogue() for t in TEMPLATES)


def test_extract_and_parse_show_a_scan_warning_in_chinese_with_its_hint(shared, tmp_path, cli, home, monkeypatch):
    """A real partly scanned PDF: `extract` and `parse` print its stored-style warning in the user's language, with
    the --ocr hint chosen from the English words; the store keeps the English (quality.py reads it back)."""
    pdf = partly_scanned_outline(shared, tmp_path / "hz.pdf")
    en = cli("extract", pdf).output
    assert "warning: 3 page(s) without a text layer (scanned images): 2-4 — read the scanned pages with " \
           "`textmine parse --ocr`" in en
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    assert "警告：3 页没有文字层（扫描图像）：2-4——用 `textmine parse --ocr` 识别扫描页" in cli("extract", pdf).output
    cli("ingest", pdf, "--city", "杭州", "--kind", "plan", "--no-parse")
    parsed = cli("parse")
    assert "3 页没有文字层（扫描图像）：2-4" in parsed.output
    from textmine.store import Store

    with Store(home) as store:
        row = store.conn.execute("SELECT warnings FROM parses").fetchone()
    assert json.loads(row[0]) == ["3 page(s) without a text layer (scanned images): 2-4"]


# -- the folder writer --------------------------------------------------------------------------------------------

def test_folder_refusals_and_interruption_in_either_language(tmp_path, monkeypatch):
    from textmine.atomic import Interrupted, atomic_dir, check_replaceable
    from textmine.errors import TextmineError
    from textmine.i18n import N_, gettext

    afile = tmp_path / "out.html"
    afile.write_text("x", "utf-8")
    with pytest.raises(TextmineError, match=r"out.html is a file, not a folder: give a folder for the report$"):
        check_replaceable(afile, lambda n: False, N_("report"), gettext)
    target = tmp_path / "report"
    with pytest.raises(Interrupted) as exc:
        with atomic_dir(target, N_("report"), gettext):
            raise KeyboardInterrupt
    assert exc.value.message == (f"interrupted: the report was not finished, and nothing of it was kept — {target} "
                                 f"was not created; run the command again to write it")
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    with pytest.raises(TextmineError, match=r"out.html 是文件，不是文件夹：请为报告给出一个文件夹$"):
        check_replaceable(afile, lambda n: False, N_("report"), gettext)
    with pytest.raises(Interrupted) as exc:
        with atomic_dir(target, N_("score export"), gettext):
            raise KeyboardInterrupt
    assert exc.value.message == f"已中断：评分导出没有写完，写出的部分都没有保留 —— {target} 没有创建；再次运行该命令即可写出"
    with pytest.raises(TextmineError, match=r"is a file, not a folder: give a folder for the report$"):
        check_replaceable(afile, lambda n: False, "report")      # without the caller's gettext: English
