"""HTML: article body kept, navigation dropped, charsets (real pages from ../shared/realdata/html)."""
import pytest

from textmine.parse import ParseError
from textmine.parse.html import extract_html


def _page(shared, name):
    return (shared / "realdata" / "html" / name).read_bytes()


def test_gov_article_body_kept_and_navigation_dropped(shared):
    ext = extract_html(_page(shared, "shanxi_gov_article.html"))
    body = ext.pages[0]
    assert "跨越千山万水，行程近两万公里，山西品牌丝路行首次登陆巴西" in body
    assert "南美站活动将先后在巴西、乌拉圭、阿根廷举行" in body
    # navigation, friend links and footer of the portal are gone
    for chrome in ("省发展和改革委员会", "http://fgw.shanxi.gov.cn", "山西网络广播电视台", "网站地图"):
        assert chrome not in body
    assert ext.title == "山西品牌丝路行（南美站）正式启动"
    assert ext.date == "2019-09-18"


def test_fgw_article_uses_pubdate_not_make_time(shared):
    ext = extract_html(_page(shared, "zj_fgw_deqing_investment_article.html"))
    assert ext.pages[0].startswith("1-10月，全县固定资产投资完成246.79亿元")
    assert ext.pages[0].endswith("（德清县发改局）")
    assert ext.date == "2016-11-22"
    assert ext.title == "1-10月德清县固定资产投资结构趋稳趋优"


def test_press_release_without_inline_scripts(shared):
    ext = extract_html(_page(shared, "cmse_gov_press_article.html"))
    body = ext.pages[0]
    assert "我国首次航天员手控交会对接试验取得圆满成功" in body
    assert "function" not in body and "var " not in body
    assert ext.date == "2012-06-24"


def test_page_declaring_gb2312_but_utf8_decodes(shared):
    ext = extract_html(_page(shared, "people_cn_article_gb2312.html"))
    assert "父亲的教诲像一盏灯" in ext.pages[0]
    assert ext.encoding.startswith("utf-8")
    assert "\ufffd" not in ext.pages[0]


def test_gbk_encoded_page_from_real_text_decodes(shared):
    utf8 = _page(shared, "shanxi_gov_article.html").decode("utf-8")
    gbk = utf8.replace('charset="utf-8"', 'charset="gbk"').replace("charset=utf-8", "charset=gbk")
    data = gbk.encode("gbk", errors="ignore")
    ext = extract_html(data)
    assert ext.encoding.startswith("gb18030")
    assert "跨越千山万水，行程近两万公里" in ext.pages[0]


def test_gbk_page_without_declaration_is_detected():
    html = "<html><body><div><p>推进生态产品价值实现机制试点，建立健全生态保护补偿制度。</p>" \
           "<p>完善自然资源资产产权制度，探索政府主导、企业和社会各界参与的路径。</p></div></body></html>"
    ext = extract_html(html.encode("gbk"))
    assert "生态产品价值实现机制试点" in ext.pages[0]


def test_html_that_is_really_a_pdf_is_refused():
    with pytest.raises(ParseError, match="is a PDF"):
        extract_html(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
