"""Quiz loading: every invalid fixture fails with exactly the message beside it; valid data round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizkit.errors import Problem, report
from quizkit.load import load_quiz_dir, load_quiz_file
from quizkit.validate import Embed, validate

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = FIXTURES / "docs"
INVALID = sorted((FIXTURES / "invalid").glob("*.yml"))


def problems_for(path: Path) -> list[Problem]:
    """Load one file as `quizzes/<name>` and run the cross-checks, as the build does."""
    quiz, problems = load_quiz_file(path, f"quizzes/{path.name}")
    if quiz is not None:
        problems += validate({quiz.id: quiz}, DOCS, [Embed("docs/practice/x.md", 1, 1, quiz.id)])
    return sorted(problems)


def test_the_corpus_is_large_enough():
    assert len(INVALID) >= 20
    for path in INVALID:
        assert path.with_suffix(".expected").is_file(), f"{path.name} has no .expected file"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_fails_with_its_message(path: Path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    got = "\n".join(str(p) for p in problems_for(path)) + "\n"
    assert got == expected


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_every_message_points_at_a_line_and_has_a_hint(path: Path):
    problems = problems_for(path)
    assert problems
    lines = path.read_bytes().count(b"\n") + 1
    for problem in problems:
        assert 1 <= problem.line <= lines
        assert problem.hint


def test_valid_file_round_trips(tmp_path: Path):
    path = FIXTURES / "valid" / "meetings.yml"
    quiz, problems = load_quiz_file(path)
    assert problems == []
    assert validate({quiz.id: quiz}, DOCS, [Embed("x.md", 1, 1, "meetings")]) == []
    data = quiz.model_dump(exclude_none=True)
    assert data == yaml.safe_load(path.read_text(encoding="utf-8"))
    # Dumped and loaded again, the model is the same.
    out = tmp_path / "meetings.yml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reloaded, problems = load_quiz_file(out)
    assert problems == []
    assert reloaded.model_dump() == quiz.model_dump()


def test_positions_are_kept_for_every_node():
    quiz, _ = load_quiz_file(FIXTURES / "valid" / "meetings.yml")
    assert quiz.where("questions", 0, "options", 2, "feedback") == (22, 19)
    assert quiz.where("questions", 1, "nodes", "call-creatives", "choices", 1, "next") == (49, 19)
    assert quiz.estimated_minutes == 6  # 1.5 + 4, rounded


def test_directory_loading_reports_every_file(tmp_path: Path):
    for name in ("two-best", "unknown-key", "tab-indent"):
        (tmp_path / f"{name}.yml").write_bytes((FIXTURES / "invalid" / f"{name}.yml").read_bytes())
    (tmp_path / "meetings.yml").write_bytes((FIXTURES / "valid" / "meetings.yml").read_bytes())
    (tmp_path / "meetings.yaml").write_bytes((FIXTURES / "valid" / "meetings.yml").read_bytes())
    quizzes, problems = load_quiz_dir(tmp_path, root=tmp_path.parent)
    assert sorted(quizzes) == ["meetings", "two-best"]
    text = report(problems)
    assert f"{tmp_path.name}/meetings.yml:1:1: quiz id 'meetings' is already used by {tmp_path.name}/meetings.yaml" in text
    assert f"{tmp_path.name}/unknown-key.yml:18:9: unknown key 'feedbak'" in text
    assert f"{tmp_path.name}/tab-indent.yml:14:1: tab character" in text
    assert text.endswith("Aborted: 3 errors in quiz data.")


def test_problem_format():
    problem = Problem("quizzes/x.yml", 3, 5, "something is wrong", "do this,\ne.g. that")
    assert str(problem) == "quizzes/x.yml:3:5: something is wrong\n    hint: do this,\n          e.g. that"


# The fast reading (no positions) must give exactly the careful reading's data, and hand
# anything unusual to the careful reading, which reports it.
SCALARS = """\
plain: 客户说“好”
quoted: "7"
single: 'yes'
number: 7
negative: -3
float: 1.5
yes-word: yes
off-word: Off
nothing:
tilde: ~
date: 2024-05-01
block: |
  第一行
  第二行
folded: >-
  一行
  接着
flow: [a, 1, {b: no}]
anchored: &here 文字
empty-list: []
empty-map: {}
nested:
  - - deep
    - 2
  - {x: "", y: null}
"""


def _careful(text: str):
    from quizkit.read import _Loader, _Tree

    problems = []
    tree = _Tree(lambda *problem: problems.append(problem))
    data = tree.build(yaml.parse(text.encode("utf-8"), Loader=_Loader))
    assert problems == []
    return data


def test_fast_reading_gives_the_same_data():
    from quizkit.read import _plain_data

    texts = [SCALARS] + [p.read_text(encoding="utf-8")
                         for p in sorted((FIXTURES.parent.parent.parent / "quizzes").glob("*.yml"))]
    texts.append((FIXTURES / "valid" / "meetings.yml").read_text(encoding="utf-8"))
    for text in texts:
        fast = _plain_data(text)
        assert fast is not None
        assert fast == _careful(text)
        assert [type(v) for v in fast.values()] == [type(v) for v in _careful(text).values()]


@pytest.mark.parametrize("text", [
    "a: *nowhere\n", "a: &x 1\nb: *x\n", "a: !!python/name:os.system\n", "a: !include x.yml\n",
    "!!map {a: 1}\n", "a: !!str 1\n", "a: 1\na: 2\n", "? [a]\n: 1\n", "a: 1\n---\nb: 2\n",
    "a: <<\n", "a: =\n", "", "# nothing\n", "- a\n", "a: [1\n", "a: 1\n  b: 2\n",
], ids=lambda t: repr(t)[:24])
def test_fast_reading_leaves_the_unusual_to_the_careful_one(text: str):
    from quizkit.read import _plain_data

    result = _plain_data(text)
    assert result is None or not isinstance(result, dict)
