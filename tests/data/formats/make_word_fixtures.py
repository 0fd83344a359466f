"""Make the Word-binary fixtures (plan.doc, plan.wps) from one DOCX (plan.docx). Run once by hand;
the outputs are committed (see README.md beside this file). Needs ../shared (the source text),
python-docx and LibreOffice (`soffice`, Debian package libreoffice-writer-nogui).

usage: python tests/data/formats/make_word_fixtures.py
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SOURCE = ROOT.parent / "shared" / "realdata" / "policy_docs_txt" / "aba_2021_gov_data_mgmt_CLI.12.4792728.txt"

# WPS Office writes this custom property into every file it saves (.wps, .doc, .docx)
KSO_PROPERTY = "KSOProductBuildVer"
KSO_VALUE = "2052-11.1.0.12763"

TABLE = [("数据类别", "责任单位", "更新频率"),
         ("人口基础信息", "州公安局", "实时"),
         ("法人单位信息", "州市场监管局", "每日"),
         ("自然资源和空间地理信息", "州自然资源局", "每月")]


def source_paragraphs() -> list[str]:
    lines = SOURCE.read_text("utf-8").splitlines()[2:]          # drop the 北大法宝 header
    paras = [l.strip().replace("\u3000", " ").strip() for l in lines]
    return [p for p in paras if p]


def build_docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = "阿坝州政务数据资源管理暂行办法"
    d.add_heading(paragraphs[0], level=1)
    half = len(paragraphs) // 2
    for p in paragraphs[1:half]:
        d.add_paragraph(p)
    table = d.add_table(rows=len(TABLE), cols=3)
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for p in paragraphs[half:]:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def with_custom_property(docx_bytes: bytes, name: str, value: str) -> bytes:
    """The DOCX with one custom document property (docProps/custom.xml), as WPS Office adds."""
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{name}">'
              f'<vt:lpwstr>{value}</vt:lpwstr></property></Properties>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/docProps/custom.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
            elif item.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdCustom" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
                                    b'Target="docProps/custom.xml"/></Relationships>')
            dst.writestr(item, data)
        dst.writestr("docProps/custom.xml", custom)
    return out.getvalue()


def to_doc(docx_bytes: bytes) -> bytes:
    """LibreOffice headless: DOCX -> Word 97-2003 (.doc)."""
    soffice = shutil.which("soffice") or sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.docx"
        src.write_bytes(docx_bytes)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "doc:MS Word 97", "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=300)
        return (Path(tmp) / "in.doc").read_bytes()


def main() -> None:
    paragraphs = source_paragraphs()
    docx_bytes = build_docx(paragraphs)
    (HERE / "plan.docx").write_bytes(docx_bytes)
    (HERE / "plan.doc").write_bytes(to_doc(docx_bytes))
    (HERE / "plan.wps").write_bytes(to_doc(with_custom_property(docx_bytes, KSO_PROPERTY, KSO_VALUE)))
    for name in ("plan.docx", "plan.doc", "plan.wps"):
        print(name, (HERE / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
