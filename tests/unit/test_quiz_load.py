"""Quiz loading: every invalid fixture fails with exactly the message beside it; valid data round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizkit.errors import Problem, report
from quizkit.load import load_quiz_dir, load_quiz_file
from quizkit.validate import Embed, read_pages, validate

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = FIXTURES / "docs"
PAGES = read_pages(DOCS)[0]
INVALID = sorted((FIXTURES / "invalid").glob("*.yml"))


def problems_for(path: Path) -> list[Problem]:
    """Load one file as `quizzes/<name>` and run the cross-checks, as the build does."""
    quiz, problems = load_quiz_file(path, f"quizzes/{path.name}")
    if quiz is not None:
        problems += validate({quiz.id: quiz}, PAGES, [Embed("docs/practice/x.md", 1, 1, quiz.id)])
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
    assert validate({quiz.id: quiz}, PAGES, [Embed("x.md", 1, 1, "meetings")]) == []
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


# Reading YAML from events must give exactly what PyYAML's safe loader gives.
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
empty-list: []
empty-map: {}
nested:
  - - deep
    - 2
  - {x: "", y: null}
"""


def _events(text: str):
    from quizkit.load import _Loader, _Tree

    problems = []
    tree = _Tree(lambda *problem: problems.append(problem))
    data = tree.build(yaml.parse(text.encode("utf-8"), Loader=_Loader))
    assert problems == []
    return data


def test_reading_from_events_gives_what_pyyaml_gives():
    texts = [SCALARS] + [p.read_text(encoding="utf-8") for p in sorted((FIXTURES.parents[2] / "quizzes").glob("*.yml"))]
    for text in texts:
        expected = yaml.safe_load(text)
        if "date" in expected:
            expected["date"] = "2024-05-01"  # dates are kept as written: quiz text, not a calendar
        assert _events(text) == expected


@pytest.mark.parametrize("value", ["0", "7", "10", "007", "0x1f", "1_000", "190:20:30", "-3", "+5", "0o7", "9" * 25])
def test_integers_read_as_pyyaml_reads_them(value):
    text = f"revision: {value}\n"
    assert _events(text) == yaml.safe_load(text)


def test_quiz_models_are_immutable_and_compare_by_value():
    from quizkit import model

    quiz, _ = load_quiz_file(FIXTURES / "valid" / "meetings.yml")
    with pytest.raises(Exception):
        quiz.title = "x"
    option = quiz.questions[0].options[0]
    assert option == model.Option(text=option.text, rating=option.rating, feedback=option.feedback)
    assert option != model.Option(text=option.text, rating="poor", feedback=option.feedback)
    assert model.Choice(text="a", next="b").feedback is None


# ---------------------------------------------------------------------------
# Files that are not files: a clear message, never a traceback
# ---------------------------------------------------------------------------


def test_a_folder_a_dangling_link_and_an_unreadable_file_are_reported(tmp_path: Path):
    import os

    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "folder.yml").mkdir()
    (quizzes / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    (quizzes / "good.yml").write_bytes((FIXTURES / "valid" / "meetings.yml").read_bytes())
    loaded, problems = load_quiz_dir(quizzes, root=tmp_path)
    assert sorted(loaded) == ["good"]
    assert [str(p).split("\n")[0] for p in sorted(problems)] == [
        "quizzes/folder.yml:1:1: cannot read this quiz file: it is a folder, not a file",
        f"quizzes/gone.yml:1:1: cannot read this quiz file: it is a link to '{tmp_path / 'nowhere.yml'}', which does not exist",
    ]
    if os.geteuid() != 0:  # root reads any file
        (quizzes / "good.yml").chmod(0)
        _, problems = load_quiz_dir(quizzes, root=tmp_path)
        assert "quizzes/good.yml:1:1: cannot read this quiz file: it is permission denied" in map(lambda p: str(p).split("\n")[0], problems)


def test_a_page_that_is_not_utf8_is_reported_not_raised(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gbk.md").write_bytes("# 标题\n".encode("gbk"))
    (docs / "ok.md").write_text("# 标题\n", encoding="utf-8")
    pages, problems = read_pages(docs)
    assert list(pages) == ["ok.md"]
    [problem] = problems
    assert str(problem).startswith("docs/gbk.md:1:1: the page is not UTF-8 (byte 0xb1 at byte 2)")
