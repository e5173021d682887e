"""Embeds in pages, heading anchors, and the checks across quizzes and pages."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from pymdownx.slugs import slugify

from quizkit.load import load_quiz_file
from quizkit.bank import load_bank
from quizkit.render import QuizText
from quizkit.validate import Embed, anchors_of, read_pages, scan_markdown, validate

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = FIXTURES / "docs"
PAGES = read_pages(DOCS)[0]


def valid_quiz():
    quiz, problems = load_quiz_file(FIXTURES / "valid" / "meetings.yml", "quizzes/meetings.yml")
    assert problems == []
    return quiz


def test_embed_line_is_found():
    embeds, problems = scan_markdown("# 练习\n\n::: quiz meetings\n", "docs/practice/meetings.md")
    assert problems == []
    assert embeds == [Embed("docs/practice/meetings.md", 3, 1, "meetings")]


@pytest.mark.parametrize(
    "line",
    ["::: quizz meetings", ":::quiz meetings", "::: quiz Meetings", "::: quiz meetings extra", "  ::: quiz meetings", ":::"],
)
def test_any_other_triple_colon_line_fails(line):
    embeds, problems = scan_markdown(f"# 练习\n\n{line}\n", "docs/practice/meetings.md")
    assert embeds == []
    [problem] = problems
    col = len(line) - len(line.lstrip()) + 1
    assert str(problem).startswith(f"docs/practice/meetings.md:3:{col}: not a quiz embed: '{line.strip()}'")


def test_embeds_inside_code_fences_are_examples():
    text = "# 格式\n\n```markdown\n::: quiz meetings\n:::bad\n```\n\n~~~~\n::: quiz x\n~~~~\n"
    assert scan_markdown(text, "a.md") == ([], [])


def test_unknown_quiz_and_orphan_quiz():
    quiz = valid_quiz()
    embeds = [Embed("docs/practice/meetings.md", 5, 1, "meeting")]
    problems = sorted(validate({"meetings": quiz}, PAGES, embeds))
    assert [str(p) for p in problems] == [
        "docs/practice/meetings.md:5:1: unknown quiz 'meeting'\n    hint: did you mean '::: quiz meetings'?",
        "quizzes/meetings.yml:1:1: quiz 'meetings' is not embedded in any page\n"
        "    hint: add this line to its practice page (docs/practice/meetings.md):\n"
        "          ::: quiz meetings",
    ]


def test_the_bank_finds_embeds_in_the_pages_the_site_builds(tmp_path):
    (tmp_path / "docs" / "practice").mkdir(parents=True)
    (tmp_path / "docs" / "_snippets").mkdir()
    (tmp_path / "docs" / "practice" / "a.md").write_text("::: quiz a\n", encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text("text\n::: quiz-b\n", encoding="utf-8")
    (tmp_path / "docs" / "_snippets" / "c.md").write_text("::: quiz c\n", encoding="utf-8")  # not built
    pages, problems = read_pages(tmp_path / "docs")
    assert sorted(pages) == ["b.md", "practice/a.md"] and problems == []
    bank = load_bank(tmp_path / "quizzes", pages, QuizText(), root=tmp_path)
    assert bank.embeds == [Embed("practice/a.md", 1, 1, "a")]
    assert [(p.path, p.line, p.message) for p in bank.problems] == [
        ("docs/b.md", 2, "not a quiz embed: '::: quiz-b'"),
        ("docs/practice/a.md", 1, "unknown quiz 'a'")]


def test_anchors_match_the_toc_extension():
    """Our heading scan gives the same ids as Python-Markdown's toc with the site's slugify."""
    text = (DOCS / "competencies" / "meetings.md").read_text(encoding="utf-8")
    text += "\n## AE 的 **三项** 基本要求：`brief` 与 [链接](x.md)\n\n## 提案前的预演\n"
    md = markdown.Markdown(extensions=["toc", "attr_list", "fenced_code"],
                           extension_configs={"toc": {"slugify": slugify(case="lower")}})
    md.convert(text)

    def ids(tokens):
        for token in tokens:
            yield token["id"]
            yield from ids(token["children"])

    assert anchors_of(text) == set(ids(md.toc_tokens))
    assert "提案前的预演" in anchors_of(text)


def test_an_embed_of_a_quiz_that_failed_to_load_is_not_also_unknown():
    embeds = [Embed("docs/practice/meetings.md", 3, 1, "meetings")]
    assert validate({}, PAGES, embeds, broken={"meetings"}) == []
    [problem] = validate({}, PAGES, embeds)
    assert problem.message == "unknown quiz 'meetings'"
