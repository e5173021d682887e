"""tools/check_terms.py and terms.toml: one set of terms, reported as `path:line:col: use X, not Y`."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest

from sitetools import ROOT

sys.path.insert(0, str(ROOT / "tools"))
_spec = importlib.util.spec_from_file_location("check_terms", ROOT / "tools/check_terms.py")
terms_tool = importlib.util.module_from_spec(_spec)
sys.modules["check_terms"] = terms_tool  # dataclasses look their module up
_spec.loader.exec_module(terms_tool)

TERMS = terms_tool.load_terms("""
[[term]]
use = "预演"
abbr = "rehearsal"
avoid = ["彩排", "排练"]
means = "提案前的内部预演"

[[term]]
use = "创意总监"
avoid = ["创意主管", "创意负责人"]
means = "带创意小组的人"
""")


def messages(text: str, path: str = "docs/x.md") -> list[str]:
    return [str(f) for f in terms_tool.check_text(text, path, TERMS)]


def test_a_variant_is_reported_at_its_line_and_column():
    assert messages("# 标题\n\n提案前一定要彩排。\n") == ["docs/x.md:3:7: use 预演, not 彩排"]


def test_every_variant_on_a_line_in_reading_order():
    text = "先排练，再找创意负责人，最后彩排。\n"
    assert messages(text) == [
        "docs/x.md:1:2: use 预演, not 排练",
        "docs/x.md:1:7: use 创意总监, not 创意负责人",
        "docs/x.md:1:15: use 预演, not 彩排",
    ]


def test_preferred_terms_are_clean():
    assert messages("提案前的预演，由创意总监和 AE 一起做。\n") == []


@pytest.mark.parametrize("text", [
    "旧稿写作 `彩排`，现在统一为预演。\n",                     # inline code: quoting a variant
    "```text\nD-1 彩排\n```\n",                                   # fenced code
    "见[预演](../competencies/presenting.md#彩排)。\n",            # link target
    "<!-- 彩排 -->\n",                                           # HTML comment
])
def test_code_links_and_comments_are_skipped(text):
    assert messages(text) == []


def test_quiz_files_skip_ids_and_links_but_check_prose():
    text = (
        "questions:\n"
        "  - id: 彩排-a\n"
        "    situation: |\n"
        "      明早提案，今晚彩排。\n"
        "    explanation:\n"
        "      link: competencies/presenting.md#彩排\n"
    )
    assert messages(text, "quizzes/x.yml") == ["quizzes/x.yml:4:14: use 预演, not 彩排"]


def test_the_tooltips_come_from_the_terms_with_an_abbreviation():
    assert terms_tool.abbreviations(TERMS) == "*[rehearsal]: 提案前的内部预演\n"


def _run(*args: str, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "tools/check_terms.py"), *args],
                          capture_output=True, text=True, cwd=cwd)


def test_command_line_warns_by_default_and_fails_with_strict(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# 标题\n\n会前彩排一次。\n", encoding="utf-8")
    warned = _run(str(page))
    assert warned.returncode == 0
    assert warned.stdout.splitlines() == [
        f"{page}:3:3: use 预演, not 彩排",
        "1 term warning(s): the preferred terms are in terms.toml",
    ]
    strict = _run("--strict", str(page))
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[0] == f"{page}:3:3: use 预演, not 彩排"
    assert strict.stdout.splitlines()[-1] == "1 term error(s): the preferred terms are in terms.toml"
    page.write_text("# 标题\n\n会前预演一次。\n", encoding="utf-8")
    assert _run("--strict", str(page)).returncode == 0


# ---------------------------------------------------------------------------
# The handbook itself
# ---------------------------------------------------------------------------

REAL = terms_tool.load_terms((ROOT / "terms.toml").read_text(encoding="utf-8"))


def test_the_term_list_is_well_formed():
    uses = [t.use for t in REAL]
    assert len(uses) == len(set(uses)), "a term is listed twice"
    variants = [v for t in REAL for v in t.avoid]
    assert len(variants) == len(set(variants)), "a variant is listed under two terms"
    assert not set(variants) & set(uses), "a variant to avoid is also a preferred term"
    assert all(t.means.strip() for t in REAL)


def test_the_tooltip_snippet_is_generated_from_the_term_list():
    snippet = (ROOT / "docs/_snippets/abbreviations.md").read_text(encoding="utf-8")
    assert snippet == terms_tool.abbreviations(REAL), "run: python3 tools/check_terms.py --write"


def test_the_glossary_has_a_section_for_every_term():
    headings = set(re.findall(r"^### (.+)$", (ROOT / "docs/reference/glossary.md").read_text(encoding="utf-8"), re.M))
    expected = [f"{t.abbr}：{t.use}" if t.abbr and t.abbr != t.use else t.use for t in REAL]
    assert [h for h in expected if h not in headings] == []


def test_the_handbook_pages_use_the_terms():
    """Every page in docs/ (the quiz bank is checked by `make check` as it is rewritten)."""
    findings = [
        str(f)
        for page in terms_tool.reader_files(ROOT) if page.suffix == ".md"
        for f in terms_tool.check_text(page.read_text(encoding="utf-8"), str(page.relative_to(ROOT)), REAL)
    ]
    assert findings == []
