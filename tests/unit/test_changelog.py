"""docs/reference/changelog.md keeps up with the data: the current edition has a section,
and every question whose revision was bumped is recorded in an edition's table."""

from __future__ import annotations

import re
import tomllib

import pytest

from quizkit.load import load_quiz_dir
from sitetools import ROOT

CHANGELOG = ROOT / "docs/reference/changelog.md"
EDITION_HEADING = re.compile(r"^## (\d{4}\.\d+) 版$")
ROW = re.compile(r"^\|\s*\[[^\]]+\]\(\.\./practice/([a-z0-9-]+)\.md\)\s*\|\s*`([a-z0-9-]+)`\s*\|\s*(\d+)\s*\|(.+)\|\s*$")


def _prose_lines() -> list[str]:
    """The changelog's lines outside fenced code (the format example is not a record)."""
    out, fence = [], None
    for line in CHANGELOG.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*(`{3,}|~{3,})", line)
        if fence:
            if m and m.group(1)[0] == fence[0]:
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        out.append(line)
    return out


def _sections() -> dict[str, list[str]]:
    """Edition → the lines of its section, in page order."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in _prose_lines():
        m = EDITION_HEADING.match(line)
        if m:
            current = m.group(1)
            sections[current] = []
        elif line.startswith("## "):
            current = None
        elif current:
            sections[current].append(line)
    return sections


def _rows() -> list[tuple[str, str, str, int]]:
    """(edition, quiz id, question id, revision) for every row of a 改了意思的题目 table."""
    out = []
    for edition, lines in _sections().items():
        for line in lines:
            m = ROW.match(line)
            if m:
                out.append((edition, m.group(1), m.group(2), int(m.group(3))))
    return out


@pytest.fixture(scope="module")
def quizzes():
    loaded, _ = load_quiz_dir(ROOT / "quizzes", root=ROOT)
    return loaded


def _edition() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def test_the_current_edition_has_the_first_section():
    editions = list(_sections())
    assert editions, "no `## <edition> 版` section"
    assert editions[0] == _edition(), "the newest edition (pyproject.toml) goes first"
    key = lambda e: tuple(int(n) for n in e.split("."))  # noqa: E731
    assert editions == sorted(editions, key=key, reverse=True)


def test_each_edition_says_what_it_holds_and_which_questions_changed():
    for edition, lines in _sections().items():
        assert "### 内容" in lines, edition
        assert "### 改了意思的题目" in lines, edition
        changed = lines[lines.index("### 改了意思的题目") + 1:]
        has_rows = any(ROW.match(line) for line in changed)
        says_none = any(line.startswith("没有") for line in changed)
        assert has_rows != says_none, f"{edition}: list the changed questions, or say 没有"


def test_every_bumped_revision_is_recorded(quizzes):
    recorded = {(q, qid, rev) for _, q, qid, rev in _rows()}
    missing = [
        f"{quiz.id} `{question.id}` revision {rev}"
        for quiz in quizzes.values()
        for question in quiz.questions
        for rev in range(2, question.revision + 1)
        if (quiz.id, question.id, rev) not in recorded
    ]
    assert missing == [], "record these in docs/reference/changelog.md"


def test_every_recorded_change_exists_in_the_data(quizzes):
    for edition, quiz_id, question_id, revision in _rows():
        assert quiz_id in quizzes, f"{edition}: no quiz {quiz_id}"
        revisions = {q.id: q.revision for q in quizzes[quiz_id].questions}
        assert question_id in revisions, f"{edition}: no question {quiz_id}/{question_id}"
        assert 2 <= revision <= revisions[question_id], f"{edition}: {quiz_id}/{question_id} r{revision}"


def test_every_quiz_appears_in_some_edition(quizzes):
    text = "\n".join(line for lines in _sections().values() for line in lines)
    missing = [qid for qid in quizzes if f"../practice/{qid}.md" not in text]
    assert missing == []


def test_the_table_format_in_the_example_parses():
    """The example editors copy must match what this test reads."""
    example = re.search(r"```markdown\n(.*?)```", CHANGELOG.read_text(encoding="utf-8"), re.S).group(1)
    rows = [ROW.match(line.strip()) for line in example.splitlines()]
    assert [m.groups()[:3] for m in rows if m] == [("meetings", "no-agenda", "2")]
