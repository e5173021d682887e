"""The rules of a quiz file, stated once: pydantic models that the build uses as they are.

They also write quizzes/schema.json for editors' IDEs. Limits that later stages rely on
(the completion-code format in codes.py) are rules here, taken from there by name.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from . import codes

# ---------------------------------------------------------------------------
# Field types
# ---------------------------------------------------------------------------

KEBAB = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_ID = 60

Id = Annotated[str, StringConstraints(pattern=KEBAB, max_length=MAX_ID)]
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
DocLink = Annotated[str, StringConstraints(pattern=r"^[^\s#]+\.md(#\S+)?$")]
Rating = Literal["best", "acceptable", "poor"]
Verdict = Literal["committed", "involved", "dodged"]
Revision = Annotated[int, Field(ge=1, le=codes.MAX_REVISION)]

MINUTES_SCENARIO = 1.5
MINUTES_BRANCHING = 4


class Model(BaseModel):
    """Base for every quiz model: strict types, no unknown keys, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# ---------------------------------------------------------------------------
# Parts shared by both question kinds
# ---------------------------------------------------------------------------


class Explanation(Model):
    """Why the best answer is best, and the handbook section that teaches it."""

    text: Text
    link: DocLink = Field(description="docs-relative page and anchor, e.g. competencies/meetings.md#会前先想清楚目的")


class Option(Model):
    """One answer to a scenario question."""

    text: Text
    rating: Rating
    feedback: Text


# ---------------------------------------------------------------------------
# Scenario question: one best answer
# ---------------------------------------------------------------------------


class ScenarioQuestion(Model):
    """A situation, a question and 3 to 5 rated options, exactly one of them best."""

    id: Id
    kind: Literal["scenario"]
    revision: Revision
    situation: Text
    prompt: Text
    options: Annotated[list[Option], Field(min_length=3, max_length=5)]
    explanation: Explanation


# ---------------------------------------------------------------------------
# Branching scenario: nodes, choices, endings
# ---------------------------------------------------------------------------


class Choice(Model):
    """One way out of a node: to another node or to an ending."""

    text: Text
    next: Id
    feedback: Text | None = None


class Node(Model):
    """One moment of a branching story."""

    situation: Text
    prompt: Text
    choices: Annotated[list[Choice], Field(min_length=2, max_length=4)]


class Ending(Model):
    """Where a path ends, and what it says about the reader's commitment."""

    verdict: Verdict
    title: Text
    feedback: Text


class BranchingQuestion(Model):
    """A story played node by node; it counts as best when it reaches a `committed` ending."""

    id: Id
    kind: Literal["branching"]
    revision: Revision
    title: Text
    situation: Text
    start: Id
    nodes: Annotated[dict[Id, Node], Field(min_length=1)]
    endings: Annotated[dict[Id, Ending], Field(min_length=1)]
    explanation: Explanation


Question = Annotated[Union[ScenarioQuestion, BranchingQuestion], Field(discriminator="kind")]


# ---------------------------------------------------------------------------
# Quiz
# ---------------------------------------------------------------------------


class Quiz(Model):
    """One quiz file. `id` comes from the file name, not from the data."""

    id: Id = Field(exclude=True)
    title: Text
    competency: DocLink
    description: Text
    questions: Annotated[list[Question], Field(min_length=1, max_length=codes.MAX_QUESTIONS)]

    # Set by the loader: the file as shown in messages, and the line/column of every value.
    _source: str = PrivateAttr(default="")
    _locs: dict = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> str:
        return self._source

    @property
    def estimated_minutes(self) -> int:
        """Derived reading time: 1.5 minutes a scenario question, 4 a branching story."""
        total = sum(MINUTES_BRANCHING if q.kind == "branching" else MINUTES_SCENARIO for q in self.questions)
        return max(1, round(total))

    def where(self, *path) -> tuple[int, int]:
        """Line and column of the value at `path` (or of its closest parent) in the source."""
        while path not in self._locs and path:
            path = path[:-1]
        return self._locs.get(path, (1, 1))


def json_schema() -> dict:
    """The JSON Schema editors' IDEs validate against (the file's data, without `id`)."""
    schema = Quiz.model_json_schema(mode="serialization")
    schema["properties"].pop("id", None)
    schema["required"] = [r for r in schema.get("required", []) if r != "id"]
    schema["title"] = "高标手册 quiz file (quizzes/<id>.yml)"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
