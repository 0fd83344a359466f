"""tests/data/parse/pdfgen.py (plan-style Chinese PDFs with known text), loaded once for the parse
tests. Importing this skips the importing test module when reportlab (the test extra) is absent."""
import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("reportlab", reason="the PDF fixtures are built with reportlab (pip install -e '.[test]')")
_spec = importlib.util.spec_from_file_location("pdfgen", Path(__file__).parent / "data" / "parse" / "pdfgen.py")
pdfgen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdfgen)
