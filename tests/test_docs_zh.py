"""Chinese documentation (issue 18): README.zh-CN.md and docs/zh/ name only commands and options that exist,
the Chinese README names every command and option the English one does, and every file a researcher edits
says in its header where its guide is."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from count_helpers import ROOT
from doc_commands import check, invocations, pairs
from textmine.lexicon.format import read_lexicon_file

CJK = re.compile(r"[\u4e00-\u9fff]")
ZH_README = ROOT / "README.zh-CN.md"
ZH_DOCS = sorted((ROOT / "docs" / "zh").glob("*.md"))

#: The files researchers edit, and the Chinese guide each one's header must name. The other data files
#: are made by tools (corpora/cities.csv, counties.csv, city_areas.csv: tools/build_*.py), are reference
#: data (scoring/reference/) or examples (corpora/sample/, lexicons/precision/).
EDITABLE = {
    "scoring/facts.toml": "docs/zh/facts.md",
    "lexicons/*.txt": "docs/zh/lexicon.md",
    "lexicons/evidence/*.toml": "docs/zh/evidence.md",
    "scoring/*.toml": "docs/zh/scoring.md",
    "scoring/*.csv": "docs/zh/scoring.md",
    "scoring/ahp/*.csv": "docs/zh/scoring.md",
    "scoring/models/*.toml": "docs/zh/scoring.md",
    "corpora/editions.toml": "docs/zh/editions.md",
    "corpora/editions-decisions.csv": "docs/zh/editions.md",
    "corpora/sources/*.toml": "docs/zh/sources.md",
    "corpora/pilots.toml": "docs/zh/findings.md",
    "corpora/names.csv": "docs/zh/names.md",
    "scoring/reference/cemi2025_statements.csv": "docs/zh/findings.md",
    "scoring/reference/cemi2025_top30.csv": "docs/zh/findings.md",
}
GUIDE = re.compile(r"docs/(zh/)?[\w-]+\.md")


def _header(path: Path) -> list[str]:
    """The comment lines a file opens with (blank lines inside them allowed)."""
    out = []
    for line in path.read_text("utf-8-sig").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        out.append(line)
    return out


def _editable_files() -> list[tuple[Path, str]]:
    """Each file with the guide of the first pattern it matches (scoring/facts.toml has its own guide)."""
    out: dict[Path, str] = {}
    for pattern, guide in EDITABLE.items():
        for p in sorted(ROOT.glob(pattern)):
            out.setdefault(p, guide)
    return list(out.items())


def test_the_editable_files_are_all_there():
    files = {p.relative_to(ROOT).as_posix() for p, _ in _editable_files()}
    assert {"lexicons/theme.txt", "lexicons/evidence/G12.toml", "lexicons/evidence/common.toml", "scoring/model.toml",
            "scoring/plausibility.toml", "scoring/indicators.csv", "scoring/weights.csv", "scoring/ahp/market.csv",
            "scoring/random_index.csv", "corpora/editions.toml", "corpora/sources/cities.toml",
            "corpora/sources/cms.toml"} <= files
    assert len(files) >= 40


@pytest.mark.parametrize("path,guide", _editable_files(), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_every_editable_file_names_its_chinese_guide_and_english_doc_in_its_header(path, guide):
    header = "\n".join(_header(path))
    named = {m.group(0) for m in GUIDE.finditer(header)}
    assert guide in named, f"{path}: its header should name {guide}; it names {sorted(named) or 'no guide'}"
    english = [g for g in named if not g.startswith("docs/zh/")]
    assert english, f"{path}: its header should also name the English doc (docs/….md)"
    for g in named:
        assert (ROOT / g).is_file(), f"{path} names {g}, which does not exist"
    assert CJK.search(header), f"{path}: the header should say in Chinese what the file is"


@pytest.mark.parametrize("path", sorted((ROOT / "lexicons").glob("*.txt")), ids=lambda p: p.name)
def test_every_lexicon_definition_is_chinese_first(path):
    lex, problems = read_lexicon_file(path)
    assert not [p for p in problems if p.severity == "error"]
    chinese, _, english = lex.definition.partition(" / ")
    assert CJK.search(chinese) and len(CJK.findall(chinese)) > 20, f"{path}: # definition: should start in Chinese"
    assert lex.name and CJK.search(lex.name), f"{path}: # name: should be the category's Chinese name"


@pytest.mark.parametrize("path", sorted((ROOT / "lexicons" / "evidence").glob("[A-Z]*.toml")), ids=lambda p: p.name)
def test_every_evidence_rule_definition_is_chinese_first(path):
    import tomllib

    definition = tomllib.loads(path.read_text("utf-8"))["definition"]
    assert CJK.search(definition.partition(" / ")[0][:40]), f"{path}: definition should start in Chinese"


@pytest.mark.parametrize("path", [ZH_README, *ZH_DOCS, ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_command_and_option_a_document_names_exists(path):
    invs = invocations(path.read_text("utf-8"))
    problems = [p for inv in invs for p in check(inv)]
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_the_command_check_catches_a_wrong_subcommand_or_option():
    text = ("Run `textmine lexicon ad theme 词` and\n"
            "```bash\ntextmine count --nope && textmine audit 丽水 --category x\n```\n")
    problems = [p for inv in invocations(text) for p in check(inv)]
    assert any("textmine lexicon ad" in p for p in problems)
    assert any("textmine count --nope" in p for p in problems)
    assert len(problems) == 2                                  # `audit 丽水 --category` is `audit city … --category`


def test_the_chinese_docs_name_commands():
    assert len(invocations(ZH_README.read_text("utf-8"))) > 50
    assert {p.name for p in ZH_DOCS} >= {"lexicon.md", "scoring.md", "sources.md", "editions.md", "evidence.md",
                                         "facts.md", "names.md"}
    for p in ZH_DOCS:
        assert len(CJK.findall(p.read_text("utf-8"))) > 1000, f"{p} should be a guide in Chinese"


def _english_readme() -> str:
    """The English README without its Benchmarks section, which the Chinese one points to instead of copying
    its figures."""
    text = (ROOT / "README.md").read_text("utf-8")
    return re.sub(r"^## Benchmarks\n.*?(?=^## |\Z)", "", text, flags=re.S | re.M)


def test_the_chinese_readme_names_every_command_and_option_of_the_english_one():
    missing = pairs(invocations(_english_readme())) - pairs(invocations(ZH_README.read_text("utf-8")))
    shown = sorted(" ".join(("textmine",) + path + ((opt,) if opt else ())) for path, opt in missing)
    assert not missing, "README.zh-CN.md does not name: " + "; ".join(shown)


def test_the_parity_check_sees_a_command_missing_from_the_chinese_readme():
    en = invocations("`textmine lexicon exclude market 地理标志 X --why y --remove`")
    zh = invocations("`textmine lexicon exclude market 地理标志 X --why y`")
    assert pairs(en) - pairs(zh) == {(("lexicon", "exclude"), "--remove")}


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"^```\w*\n(.*?)^```", text, flags=re.S | re.M)


def test_both_readmes_start_with_the_same_two_commands_and_link_each_other():
    en, zh = (ROOT / "README.md").read_text("utf-8"), ZH_README.read_text("utf-8")
    assert _code_blocks(en)[:2] == _code_blocks(zh)[:2] == ["pip install -e '.[test]' && textmine run --sample\n",
                                                             "python -m pytest -q -n auto\n"]
    assert "(README.zh-CN.md)" in en.splitlines()[0]
    assert "(README.md)" in zh.splitlines()[0]
    assert "## Benchmarks" in en and "(README.md#benchmarks)" in zh


def test_top_level_help_points_to_the_chinese_readme(cli):
    assert "README.zh-CN.md" in cli("--help").output
