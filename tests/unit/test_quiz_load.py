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
