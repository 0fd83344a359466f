"""DOCX (python-docx) and TXT (UTF-8 with/without BOM, GB18030, UTF-16, CRLF)."""
import pytest

from textmine.parse import ParseError, extract

TEXT = "第一章　总体要求\r\n推进生态产品价值实现，完善ＧＥＰ核算。\r\n\r\n建立生态保护补偿机制。"
# the ideographic space after a heading number is kept as one space (docs/parse.md)
EXPECTED = "第一章 总体要求\n推进生态产品价值实现，完善GEP核算。\n建立生态保护补偿机制。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_txt_encodings_and_crlf(tmp_path, encoding):
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    ext = extract(path)
    assert ext.pages == [EXPECTED]
    assert ext.format == "txt" and ext.status == "ok"


def test_real_policy_txt_with_crlf(shared):
    path = next((shared / "realdata" / "policy_docs_txt").glob("aba_*.txt"))
    ext = extract(path)
    assert "\r" not in ext.pages[0]
    assert "阿坝州政务数据资源管理暂行办法" in ext.pages[0]


def test_binary_file_named_txt_is_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    with pytest.raises(ParseError):
        extract(path)


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "南平市规划纲要"
    d.add_paragraph("第一章　生态文明")
    d.add_paragraph("推进生态产品价值实现机制试点。")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "指标", "目标值"
    t.cell(1, 0).text, t.cell(1, 1).text = "森林覆盖率", "67%"
    d.add_paragraph("完善生态保护补偿。")
    path = tmp_path / "plan.docx"
    d.save(path)
    ext = extract(path)
    assert ext.pages == ["第一章 生态文明\n推进生态产品价值实现机制试点。\n指标 | 目标值\n森林覆盖率 | 67%\n完善生态保护补偿。"]
    assert ext.title == "南平市规划纲要"


def test_corrupt_docx_is_refused(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ParseError, match="docx"):
        extract(path)
