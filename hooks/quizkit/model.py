"""The quiz objects the build works with: light, immutable, made only from data that passed the rules.

The rules of a quiz file are the pydantic models in schema.py (which also write
quizzes/schema.json and say what is wrong with a file). Pydantic costs a noticeable part
of every check and build just to import, so an ordinary file never meets it: `is_valid`
applies the same rules in a few plain comparisons, `build` turns the data into these
classes, and only data that `is_valid` doubts goes to schema.py for the final word.
"""

from __future__ import annotations

import re
from typing import Callable

# ---------------------------------------------------------------------------
# Field rules (schema.py states them for pydantic; is_valid below, for plain data)
# ---------------------------------------------------------------------------

KEBAB = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

MINUTES_SCENARIO = 1.5
MINUTES_BRANCHING = 4

REQUIRED = type("Required", (), {"__repr__": lambda self: "REQUIRED", "__slots__": ()})()

# ---------------------------------------------------------------------------
# Quiz objects
# ---------------------------------------------------------------------------


class Part:
    """Base of the quiz objects: one attribute per field, immutable, equal when their fields are."""

    model_fields: dict[str, object] = {}  # field name → default (REQUIRED if none), in file order

    def __init__(self, **values):
        unknown = [name for name in values if name not in self.model_fields]
        missing = [name for name, default in self.model_fields.items() if default is REQUIRED and name not in values]
        if unknown or missing:
            raise TypeError(f"{type(self).__name__}: unknown fields {unknown}, missing fields {missing}")
        _set(self, "__dict__", {name: values.get(name, default) for name, default in self.model_fields.items()})

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _fields(self) -> tuple:
        values = self.__dict__
        return tuple(values[name] for name in self.model_fields)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self):
        return hash((type(self), self._fields()))

    def __repr__(self):
        values = self.__dict__
        return f"{type(self).__name__}({', '.join(f'{n}={values[n]!r}' for n in self.model_fields)})"

    def model_dump(self, *, exclude_none: bool = False) -> dict:
        """The fields as plain data, as a quiz file writes them."""
        out = {}
        for name in self.model_fields:
            value = _dump(self.__dict__[name], exclude_none)
            if value is not None or not exclude_none:
                out[name] = value
        return out


def _dump(value, exclude_none: bool):
    if isinstance(value, Part):
        return value.model_dump(exclude_none=exclude_none)
    if isinstance(value, list):
        return [_dump(v, exclude_none) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v, exclude_none) for k, v in value.items()}
    return value


class Explanation(Part):
    """Why the best answer is best, and the handbook section that teaches it."""

    model_fields = {"text": REQUIRED, "link": REQUIRED}


class Option(Part):
    """One answer to a scenario question."""

    model_fields = {"text": REQUIRED, "rating": REQUIRED, "feedback": REQUIRED}


class ScenarioQuestion(Part):
    """A situation, a question and 3 to 5 rated options, exactly one of them best."""

    model_fields = dict.fromkeys(("id", "kind", "revision", "situation", "prompt", "options", "explanation"), REQUIRED)


class Choice(Part):
    """One way out of a node: to another node or to an ending."""

    model_fields = {"text": REQUIRED, "next": REQUIRED, "feedback": None}


class Node(Part):
    """One moment of a branching story."""

    model_fields = {"situation": REQUIRED, "prompt": REQUIRED, "choices": REQUIRED}


class Ending(Part):
    """Where a path ends, and what it says about the reader's commitment."""

    model_fields = {"verdict": REQUIRED, "title": REQUIRED, "feedback": REQUIRED}


class BranchingQuestion(Part):
    """A story played node by node; it counts as best when it reaches a `committed` ending."""

    model_fields = dict.fromkeys(
        ("id", "kind", "revision", "title", "situation", "start", "nodes", "endings", "explanation"), REQUIRED)


class Quiz(Part):
    """One quiz file. `id` comes from the file name, not from the data."""

    model_fields = dict.fromkeys(("id", "title", "competency", "description", "questions"), REQUIRED)

    # Set by the loader: the path shown in messages, line/column of every value (or a
    # function that works them out the first time one is needed), and what the checks
    # found out about this quiz alone (validate.quiz_facts; None: not yet known).
    _source: str = ""
    _locs: dict | Callable[[], dict] = {}
    _facts: tuple | None = None

    def model_dump(self, *, exclude_none: bool = False) -> dict:
        """The file's data: every field but `id`, which is the file name."""
        out = super().model_dump(exclude_none=exclude_none)
        del out["id"]
        return out

    @property
    def estimated_minutes(self) -> int:
        """Derived reading time: 1.5 minutes a scenario question, 4 a branching story."""
        total = sum(
            MINUTES_BRANCHING if q.kind == "branching" else MINUTES_SCENARIO for q in self.questions
        )
        return max(1, round(total))

    def where(self, *path) -> tuple[int, int]:
        """Line and column of the value at `path` (or of its closest parent) in the source."""
        locs = self._locs
        if callable(locs):
            locs = self._locs()
            _set(self, "_locs", locs)
        path = tuple(path)
        while path not in locs and path:
            path = path[:-1]
        return locs.get(path, (1, 1))

    def _placed(self, source: str, locs, facts: tuple | None = None) -> Quiz:
        """This quiz, told where it came from (the loader's last step)."""
        _set(self, "_source", source)
        _set(self, "_locs", locs)
        _set(self, "_facts", facts)
        return self


_set = object.__setattr__
_new = object.__new__


# ---------------------------------------------------------------------------
# Data → quiz objects
# ---------------------------------------------------------------------------


def _make(cls, values: dict):
    """An instance whose attributes are `values` itself (no copy, no checks)."""
    part = _new(cls)
    _set(part, "__dict__", values)
    return part


def build(quiz_id: str, data: dict) -> Quiz:
    """The quiz from a file's data that has passed the rules (`is_valid`, or schema.py).

    The data's own dicts become the objects' attributes (its questions are copied, so the
    data itself is left as it was); about ten times faster than pydantic constructing them."""
    questions = []
    for q in data["questions"]:
        q = dict(q)
        if q["kind"] == "scenario":
            q["options"] = [_make(Option, o) for o in q["options"]]
            q["explanation"] = _make(Explanation, q["explanation"])
            questions.append(_make(ScenarioQuestion, q))
        else:
            q["nodes"] = {
                name: _make(Node, {**node, "choices": [
                    _make(Choice, c if "feedback" in c else {**c, "feedback": None}) for c in node["choices"]]})
                for name, node in q["nodes"].items()
            }
            q["endings"] = {name: _make(Ending, e) for name, e in q["endings"].items()}
            q["explanation"] = _make(Explanation, q["explanation"])
            questions.append(_make(BranchingQuestion, q))
    return _make(Quiz, {"id": quiz_id, "title": data["title"], "competency": data["competency"],
                        "description": data["description"], "questions": questions})


# The same rules as schema.py, for plain data from YAML. Where the two could ever differ,
# is_valid says no and pydantic decides: Python's `\s` counts a few more characters as
# space than pydantic's regex engine (U+001C–U+001F), and `fullmatch` never allows the
# trailing newline that Python's `$` would. A test compares both on many broken files.
_ID = re.compile(KEBAB[1:-1])
_LINK = re.compile(r"[^\s#]+\.md(#\S+)?")
_RATINGS = ("best", "acceptable", "poor")
_VERDICTS = ("committed", "involved", "dodged")
_QUIZ_KEYS = {"title", "competency", "description", "questions"}
_SCENARIO_KEYS = set(ScenarioQuestion.model_fields)
_BRANCHING_KEYS = set(BranchingQuestion.model_fields)
_OPTION_KEYS = set(Option.model_fields)
_EXPLANATION_KEYS = set(Explanation.model_fields)
_NODE_KEYS = set(Node.model_fields)
_ENDING_KEYS = set(Ending.model_fields)
_CHOICE_KEYS = {"text", "next"}


def _is_id(value) -> bool:
    return type(value) is str and len(value) <= 60 and _ID.fullmatch(value) is not None


def valid_id(name: str) -> bool:
    """Whether `name` certainly passes the rule for ids (kebab-case, at most 60 characters)."""
    return _is_id(name)


def _is_text(value) -> bool:
    return type(value) is str and value != "" and not value.isspace()


def _is_link(value) -> bool:
    return type(value) is str and _LINK.fullmatch(value) is not None


def _is_explanation(e) -> bool:
    return type(e) is dict and e.keys() == _EXPLANATION_KEYS and _is_text(e["text"]) and _is_link(e["link"])


def is_valid(quiz_id: str, data) -> bool:
    """Whether a file's data (without `id`) certainly passes schema.py's rules for quiz `quiz_id`."""
    if not (type(data) is dict and data.keys() == _QUIZ_KEYS and _is_id(quiz_id) and _is_text(data["title"])
            and _is_link(data["competency"]) and _is_text(data["description"])):
        return False
    questions = data["questions"]
    if type(questions) is not list or not questions:
        return False
    for q in questions:
        if type(q) is not dict:
            return False
        kind = q.get("kind")
        if kind == "scenario":
            if not _scenario_ok(q):
                return False
        elif kind == "branching":
            if not _branching_ok(q):
                return False
        else:
            return False
    return True


def _common_ok(q: dict) -> bool:
    revision = q["revision"]
    return (_is_id(q["id"]) and type(revision) is int and revision >= 1 and _is_text(q["situation"])
            and _is_explanation(q["explanation"]))


def _scenario_ok(q: dict) -> bool:
    if q.keys() != _SCENARIO_KEYS or not (_common_ok(q) and _is_text(q["prompt"])):
        return False
    options = q["options"]
    if type(options) is not list or not 3 <= len(options) <= 5:
        return False
    for o in options:
        if not (type(o) is dict and o.keys() == _OPTION_KEYS and _is_text(o["text"])
                and type(o["rating"]) is str and o["rating"] in _RATINGS and _is_text(o["feedback"])):
            return False
    return True


def _branching_ok(q: dict) -> bool:
    if q.keys() != _BRANCHING_KEYS or not (_common_ok(q) and _is_text(q["title"]) and _is_id(q["start"])):
        return False
    nodes, endings = q["nodes"], q["endings"]
    if type(nodes) is not dict or type(endings) is not dict or not nodes or not endings:
        return False
    for name, node in nodes.items():
        if not (_is_id(name) and type(node) is dict and node.keys() == _NODE_KEYS
                and _is_text(node["situation"]) and _is_text(node["prompt"])):
            return False
        choices = node["choices"]
        if type(choices) is not list or not 2 <= len(choices) <= 4:
            return False
        for c in choices:
            if type(c) is not dict or not (c.keys() == _CHOICE_KEYS or c.keys() == _CHOICE_KEYS | {"feedback"}):
                return False
            if not (_is_text(c["text"]) and _is_id(c["next"])):
                return False
            if "feedback" in c and c["feedback"] is not None and not _is_text(c["feedback"]):
                return False
    for name, ending in endings.items():
        if not (_is_id(name) and type(ending) is dict and ending.keys() == _ENDING_KEYS
                and type(ending["verdict"]) is str and ending["verdict"] in _VERDICTS
                and _is_text(ending["title"]) and _is_text(ending["feedback"])):
            return False
    return True


# ---------------------------------------------------------------------------
# JSON Schema
# ---------------------------------------------------------------------------


def json_schema() -> dict:
    """The JSON Schema editors' IDEs validate against (the file's data, without `id`)."""
    from .schema import json_schema

    return json_schema()
