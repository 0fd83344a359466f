import codecs

from textmine.encoding import canonical, decode_bytes

TEXT = "推进生态产品价值实现机制试点，建立健全生态补偿制度。"


def test_bom_wins():
    for enc, bom in (("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE)):
        text, used, how = decode_bytes(bom + TEXT.encode(enc), "text/html; charset=gbk")
        assert text == TEXT and how == "bom"


def test_gbk_declared_in_header_read_as_gb18030():
    data = f"<html><body>{TEXT}</body></html>".encode("gbk")
    text, used, how = decode_bytes(data, "text/html; charset=GB2312")
    assert TEXT in text and used == "gb18030" and how == "header"


def test_meta_charset():
    data = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>{TEXT}'.encode("gb18030")
    text, used, how = decode_bytes(data, "text/html")
    assert TEXT in text and how == "meta"


def test_wrong_declared_charset_survives():
    data = f'<html><head><meta charset="gb2312"></head><body>{TEXT}</body></html>'.encode("utf-8")
    text, used, how = decode_bytes(data, "text/html; charset=gb2312")
    assert TEXT in text and used == "utf-8"


def test_undeclared_gbk_detected():
    data = (TEXT * 20).encode("gbk")
    text, used, how = decode_bytes(data, None, html=False)
    assert text == TEXT * 20


def test_canonical_names():
    assert canonical("GBK") == "gb18030" and canonical("gb2312") == "gb18030"
    assert canonical("no-such-charset") is None


def test_utf8_with_its_last_character_cut_off_is_read_as_utf8_not_gbk():
    text = "深圳市国民经济和社会发展第十五个五年规划纲要\n第一章 发展基础"
    data = text.encode("utf-8")[:-1]              # a copy cut off inside the last character (a truncated download)
    got, enc, how = decode_bytes(data, html=False)
    assert enc == "utf-8" and got == text[:-1] and "cut off" in how
    bad = "深圳".encode("utf-8")[:-1] + text.encode("utf-8")   # a fault in the middle is not a cut-off end
    assert decode_bytes(bad, html=False)[0] != text
