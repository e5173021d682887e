"""Cross-checks that a model cannot make alone: one best option, ids, graphs, links, embeds."""

from __future__ import annotations

import functools
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .model import BranchingQuestion, Quiz, ScenarioQuestion

EMBED = re.compile(r"^::: quiz ([a-z0-9]+(?:-[a-z0-9]+)*)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_ATTR_ID = re.compile(r"[ \t]*\{:?[^}]*#([^\s}]+)[^}]*\}[ \t]*$")
_HTML_ID = re.compile(r"""<[a-zA-Z][^>]*\sid=["']([^"']+)["']""")
_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Embed:
    """A `::: quiz <id>` line in a docs page."""

    path: str
    line: int
    col: int
    quiz_id: str


# ---------------------------------------------------------------------------
# Embeds in pages
# ---------------------------------------------------------------------------


def _outside_fences(text: str):
    """(line number, line) for every line of Markdown outside fenced code blocks."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield number, line


def scan_markdown(text: str, shown: str) -> tuple[list[Embed], list[Problem]]:
    """Find embed lines in one page's Markdown; any other `:::` line is a mistake."""
    embeds, problems = [], []
    for number, line in _outside_fences(text):
        stripped = line.lstrip()
        if not stripped.startswith(":::"):
            continue
        col = len(line) - len(stripped) + 1
        match = EMBED.match(line)
        if match:
            embeds.append(Embed(shown, number, col, match.group(1)))
        else:
            problems.append(Problem(
                shown, number, col, f"not a quiz embed: '{line.strip()}'",
                "a quiz embed is a line of its own, at the start of the line, e.g.\n::: quiz meetings"))
    return embeds, problems


def scan_embeds(docs_dir, root=None) -> tuple[list[Embed], list[Problem]]:
    """Embeds in every Markdown page under `docs_dir`."""
    docs_dir = Path(docs_dir)
    embeds, problems = [], []
    for path in sorted(docs_dir.rglob("*.md")):
        shown = Path(os.path.relpath(path, root)).as_posix() if root else path.as_posix()
        found, wrong = scan_markdown(path.read_text(encoding="utf-8"), shown)
        embeds += found
        problems += wrong
    return embeds, problems


# ---------------------------------------------------------------------------
# Headings and anchors of docs pages
# ---------------------------------------------------------------------------


@functools.cache
def _slugify():
    from pymdownx.slugs import slugify

    return slugify(case="lower")


def _heading_text(raw: str) -> str:
    """Heading Markdown → the plain text the toc extension slugs."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", raw)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"(\*\*|__|\*|_|`|~~|==|\^\^)", "", text)


def anchors_of(text: str) -> set[str]:
    """Anchors a page defines: slugged headings (with `_1` for repeats), `{#id}`, HTML ids."""
    slug = _slugify()
    found: set[str] = set()
    counts: dict[str, int] = {}
    for _, line in _outside_fences(text):
        found.update(_HTML_ID.findall(line))
        heading = _HEADING.match(line)
        if not heading:
            continue
        raw = heading.group(2)
        custom = _ATTR_ID.search(raw)
        if custom:
            found.add(custom.group(1))
            continue
        base = slug(_heading_text(raw), "-")
        n = counts.get(base, 0)
        counts[base] = n + 1
        found.add(base if n == 0 else f"{base}_{n}")
    return found


class _Docs:
    """Pages and their anchors, read once per check."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = docs_dir
        self._anchors: dict[str, set[str] | None] = {}
        self.verdicts: dict[tuple[str, bool], tuple[str, str] | None] = {}  # link → its problem

    def anchors(self, page: str) -> set[str] | None:
        if page not in self._anchors:
            path = self.docs_dir / page
            self._anchors[page] = anchors_of(path.read_text(encoding="utf-8")) if path.is_file() else None
        return self._anchors[page]


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------


def validate(quizzes: dict[str, Quiz], docs_dir, embeds: list[Embed], broken=()) -> list[Problem]:
    """Every cross-check over loaded quizzes, the docs pages and the embeds.

    `broken`: ids of quiz files that exist but did not load (their own problems are
    already reported, so embeds naming them are not "unknown")."""
    docs = _Docs(Path(docs_dir))
    problems: list[Problem] = []
    for quiz in quizzes.values():
        problems += check_quiz(quiz, docs)
    used = {e.quiz_id for e in embeds}
    for embed in embeds:
        if embed.quiz_id not in quizzes and embed.quiz_id not in broken:
            problems.append(Problem(
                embed.path, embed.line, embed.col, f"unknown quiz '{embed.quiz_id}'",
                _did_you_mean(embed.quiz_id, quizzes) or f"quizzes are the files in quizzes/: {', '.join(sorted(quizzes)) or 'none yet'}"))
    for quiz in quizzes.values():
        if quiz.id not in used:
            problems.append(Problem(
                quiz._source, 1, 1, f"quiz '{quiz.id}' is not embedded in any page",
                f"add this line to its practice page (docs/practice/{quiz.id}.md):\n::: quiz {quiz.id}"))
    return problems


def _did_you_mean(name: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"did you mean '::: quiz {close[0]}'?" if close else ""


def check_quiz(quiz: Quiz, docs: _Docs) -> list[Problem]:
    """The checks of one quiz that need more than its own structure."""
    facts = quiz._facts if quiz._facts is not None else quiz_facts(quiz)
    own, links = facts
    problems = [Problem(quiz._source, *quiz.where(*path), message, hint) for path, message, hint in own]
    verdicts = docs.verdicts
    for key, paths in links.items():
        if key not in verdicts:  # the same few targets recur in every question: judged once per check
            verdicts[key] = _judge_link(key[0], docs, key[1])
        if verdicts[key]:
            problems += [Problem(quiz._source, *quiz.where(*path), *verdicts[key]) for path in paths]
    return problems


def quiz_facts(quiz: Quiz) -> tuple[list, dict]:
    """What checking a quiz needs from the quiz alone: its own problems (data path, message,
    hint) and every link it makes ({(target, inline): [data path, …]}).

    A function of the file's content only, so the loader remembers it beside the file's data
    (cache.py); the links are judged against docs/ on every check."""
    own: list[tuple] = []
    links: dict[tuple[str, bool], list[tuple]] = {}

    def fail(path, message, hint=""):
        own.append((path, message, hint))

    def link(target: str, path: tuple, inline: bool = False) -> None:
        links.setdefault((target, inline), []).append(path)

    link(quiz.competency, ("competency",))
    _inline_links(quiz.description, ("description",), link)
    seen: dict[str, int] = {}
    for i, question in enumerate(quiz.questions):
        at = ("questions", i)
        if question.id in seen:
            fail(at + ("id",), f"questions[{i}].id: '{question.id}' is already used by questions[{seen[question.id]}]",
                 "question ids are unique within a quiz and never change; pick a new one for a new question")
        else:
            seen[question.id] = i
        if isinstance(question, ScenarioQuestion):
            _check_scenario(question, at, link, fail)
        else:
            _check_branching(question, at, link, fail)
        link(question.explanation.link, at + ("explanation", "link"))
        _inline_links(question.explanation.text, at + ("explanation", "text"), link)
    return own, links


def _check_scenario(q: ScenarioQuestion, at, link, fail) -> None:
    options = q.options
    if [o.rating for o in options].count("best") != 1:
        best = [j for j, o in enumerate(options) if o.rating == "best"]
        fail(at + ("options",),
             f"questions[{at[1]}].options: expected exactly one option with 'rating: best', found {len(best)}",
             "mark the option a senior AE would choose, and rate the others acceptable or poor, e.g.\n"
             "- text: 先跟客户确认会议要得出什么结论\n  rating: best")
        if len(best) > 1:
            fail(at + ("options", best[1], "rating"), f"questions[{at[1]}].options[{best[1]}]: a second 'best' option",
                 "keep one best option; rate this one acceptable or poor")
    texts: dict[str, int] = {}
    for j, option in enumerate(options):
        text = option.text
        key = " ".join(text.split())
        if key in texts:
            fail(at + ("options", j, "text"),
                 f"questions[{at[1]}].options[{j}].text: same text as options[{texts[key]}]",
                 "every option needs its own wording, or the reader cannot tell them apart")
        else:
            texts[key] = j
        if "](" in text:  # (inline: text without "](" has no link)
            _inline_links(text, at + ("options", j, "text"), link)
        if "](" in option.feedback:
            _inline_links(option.feedback, at + ("options", j, "feedback"), link)
    for field in ("situation", "prompt"):
        _inline_links(getattr(q, field), at + (field,), link)


def _check_branching(q: BranchingQuestion, at, link, fail) -> None:
    label = f"questions[{at[1]}]"
    both = sorted(set(q.nodes) & set(q.endings))
    for name in both:
        fail(at + ("endings", name), f"{label}: '{name}' is both a node and an ending",
             "nodes and endings share one set of ids; rename one of them")
    if q.start not in q.nodes:
        extra = " (it is an ending)" if q.start in q.endings else ""
        fail(at + ("start",), f"{label}.start: no node '{q.start}'{extra}",
             f"start names the first node; nodes here: {', '.join(q.nodes)}")
    targets = set(q.nodes) | set(q.endings)
    for name, node in q.nodes.items():
        texts: set[str] = set()
        for k, choice in enumerate(node.choices):
            where = at + ("nodes", name, "choices", k)
            if choice.next not in targets:
                fail(where + ("next",), f"{label}.nodes.{name}.choices[{k}].next: no node or ending '{choice.next}'",
                     f"next names a node or an ending: {', '.join(sorted(targets))}")
            key = " ".join(choice.text.split())
            if key in texts:
                fail(where + ("text",), f"{label}.nodes.{name}.choices[{k}].text: same text as an earlier choice",
                     "every choice needs its own wording")
            texts.add(key)
            for field in ("text", "feedback"):
                if getattr(choice, field):
                    _inline_links(getattr(choice, field), where + (field,), link)
        for field in ("situation", "prompt"):
            _inline_links(getattr(node, field), at + ("nodes", name, field), link)
    for name, ending in q.endings.items():
        for field in ("title", "feedback"):
            _inline_links(getattr(ending, field), at + ("endings", name, field), link)
    _inline_links(q.situation, at + ("situation",), link)
    if q.start not in q.nodes:
        return
    # Depth-first walk from the start: finds cycles and what is reachable.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[tuple[str, str]] = set()

    def visit(name: str) -> None:
        state[name] = 1
        for k, choice in enumerate(q.nodes[name].choices):
            nxt = choice.next
            if nxt in q.nodes:
                if state.get(nxt) == 1 and (name, nxt) not in reported:
                    reported.add((name, nxt))
                    fail(at + ("nodes", name, "choices", k, "next"),
                         f"{label}.nodes.{name}.choices[{k}].next: '{nxt}' leads back to an earlier node (a loop)",
                         "a branching story moves forward only; point this choice at a later node or an ending")
                elif nxt not in state:
                    visit(nxt)
            elif nxt in q.endings:
                state[nxt] = 2
        state[name] = 2

    visit(q.start)
    for name in list(q.nodes) + list(q.endings):
        if name not in state:
            part = "nodes" if name in q.nodes else "endings"
            fail(at + (part, name), f"{label}.{part}.{name}: cannot be reached from start '{q.start}'",
                 "point a choice's next at it, or remove it")


def _inline_links(text: str, path, link) -> None:
    if "](" not in text:  # every link the pattern finds has one; most text has none
        return
    for target in _LINK.findall(text):
        link(target, path, True)


def _judge_link(target: str, docs: _Docs, inline: bool) -> tuple[str, str] | None:
    """What is wrong with a link target (message, hint), or None."""
    scheme = _SCHEME.match(target)
    if scheme:
        if inline and scheme.group(1).lower() in _SAFE_SCHEMES:
            return None
        return (f"link '{target}' is not allowed: only handbook pages" + (", http(s) and mailto links" if inline else ""),
                "link to a handbook page relative to docs/, e.g. competencies/meetings.md#会前先想清楚目的")
    page, _, anchor = target.partition("#")
    norm = posixpath.normpath(page) if page else ""
    if not page or page.startswith("/") or norm.startswith("..") or not page.endswith(".md"):
        return (f"link '{target}' must name a page relative to docs/ (ending in .md)",
                "for example: competencies/meetings.md#会前先想清楚目的")
    anchors = docs.anchors(norm)
    if anchors is None:
        return (f"page '{norm}' does not exist in docs/",
                "check the spelling; pages are named like competencies/meetings.md")
    if anchor and anchor not in anchors:
        import difflib

        close = difflib.get_close_matches(anchor, sorted(anchors), n=1, cutoff=0.5)
        return (f"page '{norm}' has no heading with anchor '#{anchor}'",
                f"did you mean '#{close[0]}'?" if close else
                "anchors are headings slugged: `### 提案前的预演` → #提案前的预演")
    return None
