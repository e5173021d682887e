"""Rendering: golden HTML for fixture quizzes; hostile data is escaped, never executable."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from html.parser import HTMLParser

from quizkit.load import load_quiz_file
from quizkit.render import QuizText, plain_titles, read_glossary, render_quiz
from quizkit.validate import _Links

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted((FIXTURES / "render").glob("*.yml"))


@pytest.fixture(scope="module")
def md():
    return QuizText(read_glossary([FIXTURES / "docs" / "_snippets" / "abbreviations.md"]))


def render(path: Path, md) -> str:
    quiz, problems = load_quiz_file(path)
    assert problems == []
    return render_quiz(quiz, md, edition="2026.1", site_root="../../",
                       url_for=lambda target: "../../" + target.replace(".md", "/"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path, md):
    """Set UPDATE_GOLDEN=1 to rewrite the .html files; review the diff before committing."""
    html = render(path, md)
    golden = path.with_suffix(".html")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")


class _Elements(HTMLParser):
    """Every element and attribute a browser would create from the HTML."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_hostile_data_is_inert(md):
    html = render(FIXTURES / "render" / "hostile.yml", md)
    parser = _Elements()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert tags <= {"div", "p", "header", "form", "fieldset", "legend", "label", "input", "span", "details",
                    "summary", "strong", "em", "code", "ul", "ol", "li", "a", "abbr", "br", "button"}, tags
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            assert name != "title" or tag == "abbr", tag
            if name == "title":
                assert "<" not in value and ">" not in value, value
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), (tag, value)
    # The hostile text is still there for the reader, as text.
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_glossary_abbreviations_reach_quiz_text(md):
    html = render(FIXTURES / "render" / "hostile.yml", md)
    assert '<abbr title="Account Executive，客户执行">AE</abbr>' in html


def test_contract_attributes(md):
    html = render(FIXTURES / "valid" / "meetings.yml", md)
    assert '<div class="quiz" id="quiz-meetings" data-quiz-id="meetings" data-edition="2026.1"' in html
    assert "data-search-exclude" in html
    assert ('<fieldset class="quiz__question" id="q-meetings-no-agenda" data-question-id="no-agenda" '
            'data-revision="1" data-kind="scenario">') in html
    assert '<input type="radio" name="meetings--no-agenda" value="2">' in html
    assert html.count('<details class="quiz__feedback">') == 3 + 4
    assert html.count('<details class="quiz__explanation">') == 2
    # Docs-relative links become page-relative URLs.
    assert 'href="../../competencies/meetings/#agenda"' in html




@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "[x](javascript:alert(1))", "[x][r]\n\n[r]: javascript:alert(1)", "[x](https://a.example \"<img onerror=1>\")",
    "![](https://elsewhere.example/x.png)", "<style>@import url(https://elsewhere.example/a.css)</style>",
    "*[X]: <img src=x onerror=alert(1)>\n\nX", "a {onclick=alert(1)}", "<a href=\"javascript:alert(1)\">x</a>",
])
def test_every_hostile_kind_comes_out_as_text_or_not_at_all(md, text):
    for inline in (False, True):
        html = md.html(text, inline=inline, url_for=lambda t: "../" + t)
        parser = _Elements()
        parser.feed(html)
        assert {tag for tag, _ in parser.tags} <= {"p", "a", "abbr", "br"}, html
        for tag, attrs in parser.tags:
            assert set(attrs) <= {"href", "title"}, html
            assert not re.match(r"\s*(javascript|data):", attrs.get("href") or "", re.I), html
            assert "<" not in (attrs.get("title") or ""), html
    findings, targets = md.check(text)
    refused = findings or [t for t in targets if _Links({}).judge(t, inline=True)]
    assert refused, f"make check must refuse {text!r}"


def test_titles_anywhere_on_a_page_become_plain_text():
    page = '<abbr title="A &lt;img src=x onerror=alert(1)&gt; &amp; B">A</abbr><a title="plain">x</a>'
    assert plain_titles(page) == '<abbr title="A ‹img src=x onerror=alert(1)› ＆ B">A</abbr><a title="plain">x</a>'

