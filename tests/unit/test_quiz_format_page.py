"""The editors' format page (docs/reference/quiz-format.md): its example is valid, its tables complete."""

from __future__ import annotations

import re
from pathlib import Path

from quizkit.load import load_quiz_file
from quizkit.model import BranchingQuestion, Choice, Ending, Explanation, Node, Option, Quiz, ScenarioQuestion
from quizkit.validate import Embed, read_pages, scan_markdown, validate

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "reference" / "quiz-format.md"


def example() -> str:
    blocks = re.findall(r"^```yaml\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.S | re.M)
    assert len(blocks) == 1, "the page has one complete YAML example"
    return blocks[0]


def test_the_example_passes_the_real_validator_against_the_real_docs(tmp_path):
    path = tmp_path / "meetings.yml"
    path.write_text(example(), encoding="utf-8")
    quiz, problems = load_quiz_file(path, "quizzes/meetings.yml")
    assert problems == []
    assert {q.kind for q in quiz.questions} == {"scenario", "branching"}
    assert validate({"meetings": quiz}, read_pages(ROOT / "docs")[0], [Embed("x.md", 1, 1, "meetings")]) == []


def test_every_field_is_documented():
    text = PAGE.read_text(encoding="utf-8")
    for model in (Quiz, ScenarioQuestion, BranchingQuestion, Option, Choice, Node, Ending, Explanation):
        for name in model.model_fields:
            if name != "id" or model is not Quiz:
                assert f"`{name}`" in text, f"{model.__name__}.{name} is not described on the page"


def test_the_embed_shown_on_the_page_is_an_example_not_an_embed():
    assert scan_markdown(PAGE.read_text(encoding="utf-8"), "quiz-format.md") == ([], [])
