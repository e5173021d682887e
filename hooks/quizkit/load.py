"""Quiz files → quiz models, or every problem in them with `path:line:col`.

One file at a time: valid UTF-8 and YAML, no tabs, duplicate keys, aliases or tags, then
the rules in model.py (pydantic). YAML is read from libyaml's events, so every value keeps
the line and column it was written at. Cross-checks over all quizzes and the docs: validate.py.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from . import codes
from .errors import Problem
from .model import KEBAB, MAX_ID, BranchingQuestion, Choice, Ending, Explanation, Node, Option, Quiz, ScenarioQuestion

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEBAB = re.compile(KEBAB)

# Tags a quiz file may use (most are implicit): anything else — `!!python/…`,
# `!include`, merge keys `<<` — is refused rather than guessed at.
_T = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_T + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_scalars = yaml.constructor.SafeConstructor()

# ---------------------------------------------------------------------------
# Files and folders
# ---------------------------------------------------------------------------


def quiz_files(directory) -> list[Path]:
    """What looks like a quiz file in `directory` (`*.yml`, `*.yaml`), sorted; not necessarily a file."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yml", ".yaml"))


def load_quiz_dir(directory, root=None) -> tuple[dict[str, Quiz], list[Problem]]:
    """Load every quiz file in `directory`; paths in messages are relative to `root`."""
    quizzes: dict[str, Quiz] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in quiz_files(directory):
        shown = _display(path, root)
        if path.stem in seen:
            problems.append(Problem(shown, 1, 1, f"quiz id '{path.stem}' is already used by {seen[path.stem]}",
                                    "every quiz file needs its own name; rename or merge one of them"))
            continue
        seen[path.stem] = shown
        quiz, found = load_quiz_file(path, shown)
        problems += found
        if quiz is not None:
            quizzes[quiz.id] = quiz
    return quizzes, problems


def load_quiz_file(path, shown: str | None = None) -> tuple[Quiz | None, list[Problem]]:
    """One quiz file as a model, or None and its problems; `shown` is the path in messages."""
    path = Path(path)
    shown = shown or path.as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        what = "a folder, not a file" if path.is_dir() else (exc.strerror or str(exc)).lower()
        if path.is_symlink() and not path.exists():
            what = f"a link to '{os.readlink(path)}', which does not exist"
        return None, [Problem(shown, 1, 1, f"cannot read this quiz file: it is {what}",
                              "a quiz is one YAML file in quizzes/; remove or fix this entry")]
    return read(raw, path.stem, shown)


def _display(path: Path, root) -> str:
    if root is None:
        return path.as_posix()
    return Path(os.path.relpath(path, root)).as_posix()


# ---------------------------------------------------------------------------
# Bytes → model, or problems
# ---------------------------------------------------------------------------


def read(raw: bytes, quiz_id: str, shown: str) -> tuple[Quiz | None, list[Problem]]:
    """The quiz if the file passes every rule, else None and the problems."""
    problems: list[Problem] = []

    def fail(line, col, message, hint=""):
        problems.append(Problem(shown, line, col, message, hint))

    if not _KEBAB.match(quiz_id) or len(quiz_id) > codes.LIMITS["id"]:
        fail(1, 1, f"file name '{Path(shown).name}' is not a valid quiz id",
             "name quiz files in kebab-case: lowercase letters, digits and hyphens, e.g. quizzes/meetings.yml")
    text = _decode(raw, fail)
    if text is None:
        return None, problems
    _find_tabs(text, fail)
    if problems:
        return None, problems
    tree = _Tree(fail)
    try:
        data = tree.build(yaml.parse(text.encode("utf-8"), Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        # "while scanning a quoted scalar … found end of stream": the start is the useful place.
        scanning = (exc.context or "").startswith("while scanning") and exc.context_mark
        mark = exc.context_mark if scanning else (exc.problem_mark or exc.context_mark)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [exc.problem, exc.context]))
        fail(line, col, f"this is not valid YAML: {what}",
             "check the indentation and the colon after each key; text with `: ` or `#` inside goes in quotes")
        return None, problems
    except _Stop:
        return None, problems
    except yaml.reader.ReaderError as exc:  # a control character: libyaml counts bytes from the start
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
        line, col = before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        fail(line, col, f"control character U+{char:04X} is not allowed in a quiz file",
             "delete it (it is invisible in most editors; it often comes from pasting)")
        return None, problems
    if tree.empty and not problems:
        fail(1, 1, "the file is empty", "start with `title:`, `competency:`, `description:` and `questions:`")
        return None, problems
    if problems:
        return None, problems
    if not isinstance(data, dict):
        fail(1, 1, "a quiz file must be a mapping of keys (title:, competency:, description:, questions:)",
             "start with `title: 开会技巧 · 情境练习`")
        return None, problems
    if "id" in data:
        line, col = tree.keylocs[("id",)]
        fail(line, col, "unknown key 'id': a quiz's id is its file name",
             f"remove this line; this quiz's id is '{quiz_id}'")
        return None, problems
    try:
        quiz = Quiz.model_validate({"id": quiz_id, **data})
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key also makes the right one "missing": report only the misspelling.
        misspelt = set()
        for err in errors:
            if err["type"] == "extra_forbidden":
                where = _data_path(tuple(err["loc"]), data)
                misspelt.add(where[:-1] + (_close_key(where, data),))
        for err in errors:
            if err["type"] == "missing" and _data_path(tuple(err["loc"]), data) in misspelt:
                continue
            if err["loc"] and err["loc"][0] == "id":
                continue  # the file name, reported above
            problems.append(_problem_from(err, data, tree, shown))
        return None, problems
    if problems:
        return None, problems
    quiz._source, quiz._locs = shown, tree.locs
    return quiz, problems


# ---------------------------------------------------------------------------
# Reading the text
# ---------------------------------------------------------------------------


def _decode(data: bytes, fail) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        fail(line, col, f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} here)",
             "save the file as UTF-8 (in VS Code: “Save with Encoding” → UTF-8)")
        return None
    return text.removeprefix("\ufeff")


def _find_tabs(text: str, fail) -> None:
    if "\t" not in text:
        return
    for number, line in enumerate(text.splitlines(), 1):
        col = line.find("\t")
        if col >= 0:
            fail(number, col + 1, "tab character: YAML quiz files use spaces only",
                 "replace the tab with spaces (indent by two spaces)")


# ---------------------------------------------------------------------------
# Node tree → plain data with positions
# ---------------------------------------------------------------------------


class _Tree:
    """Builds dicts/lists/scalars straight from parser events, recording where each value is.

    Working on events (not composed nodes) is about twice as fast, and an alias is
    seen where it is written rather than as a node shared with its anchor."""

    _NO_KEY = object()

    def __init__(self, fail):
        self.fail = fail
        self.locs: dict[tuple, tuple[int, int]] = {}
        self.keylocs: dict[tuple, tuple[int, int]] = {}
        self.empty = True

    def build(self, events):
        # A frame: [container, path, pending key (mappings only), is_mapping]
        stack: list[list] = []
        root, documents, alias_reported = None, 0, False
        for event in events:
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents == 2:
                    self.fail(event.start_mark.line + 1, event.start_mark.column + 1,
                              "a quiz file holds one YAML document", "remove the `---` line and what follows")
                    raise _Stop
                continue
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            pos = (event.start_mark.line + 1, event.start_mark.column + 1)
            frame = stack[-1] if stack else None
            if frame is not None and frame[3] and frame[2] is self._NO_KEY:
                self._key(frame, event, pos)
                continue
            if frame is None:
                path = ()
            elif frame[3]:
                path = frame[1] + (frame[2],)
            else:
                path = frame[1] + (len(frame[0]),)
            self.empty = False
            self.locs[path] = pos
            if kind is yaml.AliasEvent:
                if not alias_reported:
                    alias_reported = True
                    self.fail(*pos, "YAML aliases (*name) are not allowed in quiz files",
                              "write the text out again instead of referring to an &anchor")
                value = None
            elif kind is yaml.ScalarEvent:
                value = self._scalar(event, pos)
            else:
                collection = kind is yaml.MappingStartEvent
                tag = event.tag
                if tag not in (None, "!", _T + ("map" if collection else "seq")):
                    self._bad_tag(tag, pos)
                value = {} if collection else []
            if frame is None:
                root = value
            elif frame[3]:
                if frame[2] is not _DUPLICATE:
                    frame[0][frame[2]] = value
                frame[2] = self._NO_KEY
            else:
                frame[0].append(value)
            if kind is yaml.MappingStartEvent:
                stack.append([value, path, self._NO_KEY, True])
            elif kind is yaml.SequenceStartEvent:
                stack.append([value, path, None, False])
        return root

    def _key(self, frame, event, pos) -> None:
        if type(event) is not yaml.ScalarEvent or event.tag not in (None, "!", _T + "str"):
            self.fail(*pos, "keys must be plain words", "write keys like `text:` or `feedback:`")
            raise _Stop
        key, path = event.value, frame[1] + (event.value,)
        if key in frame[0] or path in self.keylocs:
            first = self.keylocs[path]
            self.fail(*pos, f"duplicate key '{key}' (first defined at line {first[0]})",
                      "YAML would silently keep only the last one; remove or rename one of them")
            frame[2] = _DUPLICATE
            return
        self.keylocs[path] = pos
        frame[2] = key

    def _bad_tag(self, tag, pos) -> None:
        self.fail(*pos, f"YAML tag '{tag.replace(_T, '!!')}' is not allowed in quiz files",
                  "remove the tag; write plain text, numbers, lists and `key: value` mappings")

    def _scalar(self, event, pos):
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            tag = _resolve(value) if event.implicit[0] else _T + "str"
        elif tag not in _ALLOWED_TAGS:
            self._bad_tag(tag, pos)
            return None
        return _construct(tag, value)


class _Stop(Exception):
    """A structure too odd to go on reading (its problem is already recorded)."""


_DUPLICATE = ("duplicate key",)
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers


def _construct(tag: str, value: str):
    """A scalar's value for one of the allowed tags."""
    name = tag[len(_T):]
    if name in ("int", "float", "bool"):
        return getattr(_scalars, "construct_yaml_" + name)(yaml.ScalarNode(tag, value))
    if name == "null":
        return None
    return value  # str, and dates kept as written


def _resolve(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (`yes` → bool, `7` → int …); fast for Chinese text."""
    if not value:
        return _T + "null"
    for tag, regexp in _RESOLVERS.get(value[0], ()):
        if regexp.match(value):
            return tag
    return _T + "str"


# ---------------------------------------------------------------------------
# Pydantic errors → problems an editor can act on
# ---------------------------------------------------------------------------

_CHILD = {
    (Quiz, "questions"): "question",
    (ScenarioQuestion, "options"): Option,
    (ScenarioQuestion, "explanation"): Explanation,
    (BranchingQuestion, "explanation"): Explanation,
    (BranchingQuestion, "nodes"): Node,
    (BranchingQuestion, "endings"): Ending,
    (Node, "choices"): Choice,
}
_CONTAINERS = {(Quiz, "questions"), (ScenarioQuestion, "options"), (BranchingQuestion, "nodes"),
               (BranchingQuestion, "endings"), (Node, "choices")}
_KINDS = {"scenario": ScenarioQuestion, "branching": BranchingQuestion}

EXAMPLES = {
    "title": "title: 开会技巧 · 情境练习",
    "competency": "competency: competencies/meetings.md",
    "description": "description: 七个会议现场，练习在开会前想清楚目的。",
    "questions": "questions:\n  - id: no-agenda\n    kind: scenario\n    …",
    "id": "id: no-agenda        # kebab-case, never changes once published",
    "kind": "kind: scenario       # or: branching",
    "revision": "revision: 1         # bump when the meaning changes",
    "situation": "situation: 周一上午十点要和客户开季度沟通会……",
    "prompt": "prompt: 你最应该先做什么？",
    "options": "options:\n  - text: 先跟客户确认这次会议要得出什么结论。\n    rating: best\n    feedback: 目的清楚了，议题才有依据。",
    "text": "text: 先跟客户确认这次会议要得出什么结论。",
    "rating": "rating: best          # best | acceptable | poor",
    "feedback": "feedback: 目的清楚了，议题顺序和时间分配才有依据。",
    "explanation": "explanation:\n  text: 会议的价值在于产出结论。\n  link: competencies/meetings.md#会前先想清楚目的",
    "link": "link: competencies/meetings.md#会前先想清楚目的",
    "start": "start: brief-changes   # a node id",
    "nodes": "nodes:\n  brief-changes:\n    situation: …\n    prompt: 你怎么做？\n    choices: …",
    "endings": "endings:\n  all-in:\n    verdict: committed\n    title: 全身投入的猪\n    feedback: …",
    "choices": "choices:\n  - text: 马上召集创意重新对 brief\n    next: call-creatives",
    "next": "next: call-creatives   # a node id or an ending id",
    "verdict": "verdict: committed    # committed | involved | dodged",
}

def _model_at(path: tuple, data):
    """The model class whose mapping sits at `path` in the data (None if unknown)."""
    model, value, i = Quiz, data, 0
    try:
        while i < len(path):
            step = path[i]
            child = _CHILD.get((model, step))
            if child is None:
                return None
            value = value[step]
            if (model, step) in _CONTAINERS:
                i += 1
                if i == len(path):
                    return None
                value = value[path[i]]
            if child == "question":
                child = _KINDS.get(value.get("kind")) if isinstance(value, dict) else None
                if child is None:
                    return None
            model, i = child, i + 1
    except (KeyError, IndexError, TypeError):
        return None
    return model


def _allowed_keys(parent: tuple, data) -> list[str]:
    model = _model_at(parent, data)
    return [f for f in model.model_fields if f != "id" or model is not Quiz] if model else []


def _close_key(path: tuple, data) -> str | None:
    """The allowed key an unknown key was probably meant to be."""
    close = difflib.get_close_matches(str(path[-1]), _allowed_keys(path[:-1], data), n=1, cutoff=0.6)
    return close[0] if close else None


def _data_path(loc: tuple, data) -> tuple:
    """Pydantic's error location → the path in the data (drops union tags like 'scenario')."""
    path, value = [], data
    for i, step in enumerate(loc):
        if step == "[key]":
            path.append(step)
            break
        if isinstance(value, dict) and step in value:
            path.append(step)
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            path.append(step)
            value = value[step]
        elif i == len(loc) - 1:
            path.append(step)  # a missing key
        # else: a discriminator tag pydantic inserted; skip it
    return tuple(path)


def _label(path) -> str:
    out = ""
    for step in path:
        if step == "[key]":
            continue
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _problem_from(err: dict, data, tree: _Tree, shown: str) -> Problem:
    path = _data_path(tuple(err["loc"]), data)
    kind, ctx, given = err["type"], err.get("ctx", {}), err.get("input")
    name = next((s for s in reversed(path) if isinstance(s, str) and s != "[key]"), "")
    parent = path[:-1]
    label = _label(path)
    where = tree.locs.get(path) or tree.locs.get(parent) or (1, 1)
    hint = EXAMPLES.get(name, "")

    if kind in ("missing", "union_tag_not_found"):
        missing = name if kind == "missing" else "kind"
        where = tree.locs.get(parent if kind == "missing" else path, (1, 1))
        owner = _label(parent if kind == "missing" else path)
        message = f"missing key '{missing}'" + (f" in {owner}" if owner else "")
        return Problem(shown, *where, message, EXAMPLES.get(missing, ""))
    if kind == "extra_forbidden":
        where = tree.keylocs.get(path, where)
        allowed = _allowed_keys(parent, data)
        close = _close_key(path, data)
        message = f"unknown key '{name}'" + (f" (did you mean '{close}'?)" if close else "")
        hint = f"keys allowed here: {', '.join(allowed)}" if allowed else "remove this key"
        return Problem(shown, *where, message, hint)
    if kind == "union_tag_invalid":
        where = tree.locs.get(path + ("kind",), where)
        return Problem(shown, *where, f"{label}.kind: expected one of: 'scenario', 'branching' but received: '{ctx.get('tag')}'",
                       EXAMPLES["kind"])
    if kind == "literal_error":
        message = f"{label}: expected one of: {ctx.get('expected')} but received: {_describe(given)}"
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(given), options, n=1, cutoff=0.7)
        if close:
            message += f" (did you mean '{close[0]}'?)"
        return Problem(shown, *where, message, hint)
    if kind == "string_type":
        return Problem(shown, *where, f"{label}: expected text but received {_describe(given)}",
                       "put text in quotes when YAML could read it as a number or yes/no, e.g. text: \"2024\"")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return Problem(shown, *where, f"{label}: expected a whole number but received {_describe(given)}", hint)
    if kind == "greater_than_equal":
        return Problem(shown, *where, f"{label}: must be {ctx.get('ge')} or more, received {_describe(given)}", hint)
    if kind == "less_than_equal":
        return Problem(shown, *where, f"{label}: must be {ctx.get('le')} or less, received {_describe(given)}",
                       f"completion codes carry a {name} of at most {ctx.get('le')}; bump it by one when the meaning changes")
    if kind in ("string_too_short", "string_pattern_mismatch") and r"\S" in str(ctx.get("pattern", r"\S")) \
            and name not in ("id", "start", "next", "link", "competency", "[key]") and path[-1] != "[key]":
        return Problem(shown, *where, f"{label}: must not be empty", hint)
    if kind in ("string_pattern_mismatch", "string_too_long"):
        if name in ("link", "competency"):
            return Problem(shown, *where,
                           f"{label}: expected a docs-relative page like 'competencies/meetings.md#anchor' but received {_describe(given)}",
                           hint)
        what = "id" if path[-1] == "[key]" else name
        if path[-1] == "[key]":
            where = tree.keylocs.get(parent, where)
        return Problem(shown, *where,
                       f"{label}: {_describe(given)} is not a valid {what}: use kebab-case (lowercase letters, digits, hyphens; at most {MAX_ID})",
                       "for example: no-agenda, call-creatives, all-in")
    if kind in ("too_short", "too_long"):
        noun = name or "items"
        low, high = _bounds(_model_at(parent, data), name, "min_length", "max_length")
        if kind == "too_short" and low == 1:
            return Problem(shown, *where, f"{label}: must not be empty", hint)
        if name == "questions":
            hint = f"a completion code carries at most {high} questions of a quiz; split it into two quizzes"
        bounds = f"{low} to {high}" if high is not None else f"at least {low}"
        return Problem(shown, *where, f"{label}: expected {bounds} {noun}, found {ctx.get('actual_length')}", hint)
    if kind in ("list_type",):
        return Problem(shown, *where, f"{label}: expected a list (lines starting with '- ') but received {_describe(given)}", hint)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Problem(shown, *where, f"{label}: expected a mapping (key: value lines) but received {_describe(given)}", hint)
    return Problem(shown, *where, f"{label}: {err['msg']}", hint)


def _bounds(model, name: str, low: str, high: str) -> tuple:
    """The limits a model's field states (annotated_types metadata), e.g. ("min_length", "max_length")."""
    found = {}
    field = model.model_fields.get(name) if model else None
    for item in (field.metadata if field else []):
        for attr in (low, high):
            if getattr(item, attr, None) is not None:
                found[attr] = getattr(item, attr)
        for inner in getattr(item, "metadata", []):  # Annotated types nest theirs
            for attr in (low, high):
                if getattr(inner, attr, None) is not None:
                    found[attr] = getattr(inner, attr)
    return found.get(low), found.get(high)
