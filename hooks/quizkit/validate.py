"""Cross-checks that one model cannot make alone: one best option, ids, stories, text, links, embeds."""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from . import codes
from .errors import Problem
from .load import _label
from .model import BranchingQuestion, Quiz, ScenarioQuestion
from .render import QuizText

EMBED = re.compile(r"^::: quiz ([a-z0-9]+(?:-[a-z0-9]+)*)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_ATTR_ID = re.compile(r"[ \t]*\{:?[^}]*#([^\s}]+)[^}]*\}[ \t]*$")
_HTML_ID = re.compile(r"""<[a-zA-Z][^>]*\sid=["']([^"']+)["']""")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class Embed:
    """A `::: quiz <id>` line in a docs page."""

    path: str
    line: int
    col: int
    quiz_id: str


# ---------------------------------------------------------------------------
# Pages: what the site builds, embeds, anchors
# ---------------------------------------------------------------------------


def read_pages(docs_dir, shown_prefix: str = "docs/") -> tuple[dict[str, str], list[Problem]]:
    """Every page the site builds (docs-relative path → Markdown): `*.md` files outside folders
    whose names start with `_` or `.` (mkdocs.yml leaves `_snippets/` out of the build)."""
    docs_dir = Path(docs_dir)
    pages, problems = {}, []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(("_", ".")) for part in rel.split("/")):
            continue
        text, problem = read_page(path, shown_prefix + rel)
        if problem:
            problems.append(problem)
        else:
            pages[rel] = text
    return pages, problems


def read_page(path: Path, shown: str) -> tuple[str, Problem | None]:
    """A page's text, or the problem that keeps it from being read."""
    try:
        return Path(path).read_bytes().decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return "", Problem(shown, 1, 1, f"the page is not UTF-8 (byte 0x{exc.object[exc.start]:02x} at byte {exc.start})",
                           "save the file as UTF-8 (in VS Code: “Save with Encoding” → UTF-8)")
    except OSError as exc:
        what = "a link to a file that does not exist" if Path(path).is_symlink() else (exc.strerror or str(exc))
        return "", Problem(shown, 1, 1, f"cannot read this page: {what}", "fix or remove it")


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


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------


def validate(quizzes: dict[str, Quiz], pages: dict[str, str], embeds: list[Embed], text: QuizText | None = None,
             broken=()) -> list[Problem]:
    """Every cross-check over loaded quizzes, the site's pages and the embeds.

    `broken`: ids of quiz files that exist but did not load (their own problems are
    already reported, so embeds naming them are not "unknown")."""
    links, text = _Links(pages), text or QuizText()
    problems: list[Problem] = []
    for quiz in quizzes.values():
        problems += check_quiz(quiz, links, text)
    used = {e.quiz_id for e in embeds}
    for embed in embeds:
        if embed.quiz_id not in quizzes and embed.quiz_id not in broken:
            close = difflib.get_close_matches(embed.quiz_id, list(quizzes), n=1, cutoff=0.6)
            problems.append(Problem(
                embed.path, embed.line, embed.col, f"unknown quiz '{embed.quiz_id}'",
                f"did you mean '::: quiz {close[0]}'?" if close else
                f"quizzes are the files in quizzes/: {', '.join(sorted(quizzes)) or 'none yet'}"))
    for quiz in quizzes.values():
        if quiz.id not in used:
            problems.append(Problem(
                quiz.source, 1, 1, f"quiz '{quiz.id}' is not embedded in any page",
                f"add this line to its practice page (docs/practice/{quiz.id}.md):\n::: quiz {quiz.id}"))
    return problems


def text_fields(quiz: Quiz):
    """(data path, text) for every field of a quiz that is shown as quiz text."""
    yield ("title",), quiz.title
    yield ("description",), quiz.description
    for i, q in enumerate(quiz.questions):
        at = ("questions", i)
        yield at + ("situation",), q.situation
        if isinstance(q, ScenarioQuestion):
            yield at + ("prompt",), q.prompt
            for j, o in enumerate(q.options):
                yield at + ("options", j, "text"), o.text
                yield at + ("options", j, "feedback"), o.feedback
        else:
            yield at + ("title",), q.title
            for name, node in q.nodes.items():
                yield at + ("nodes", name, "situation"), node.situation
                yield at + ("nodes", name, "prompt"), node.prompt
                for k, c in enumerate(node.choices):
                    yield at + ("nodes", name, "choices", k, "text"), c.text
                    if c.feedback is not None:
                        yield at + ("nodes", name, "choices", k, "feedback"), c.feedback
            for name, ending in q.endings.items():
                yield at + ("endings", name, "title"), ending.title
                yield at + ("endings", name, "feedback"), ending.feedback
        yield at + ("explanation", "text"), q.explanation.text


def check_quiz(quiz: Quiz, links: "_Links", text: QuizText) -> list[Problem]:
    """The checks of one quiz that need more than its own structure."""
    problems: list[Problem] = []

    def fail(path, message, hint=""):
        problems.append(Problem(quiz.source, *quiz.where(*path), message, hint))

    def link(target, path, inline=False):
        verdict = links.judge(target, inline)
        if verdict:
            fail(path, *verdict)

    link(quiz.competency, ("competency",))
    for path, value in text_fields(quiz):
        findings, targets = text.check(value)
        for message, hint in findings:
            fail(path, f"{_label(path)}: {message}", hint)
        for target in targets:
            link(target, path, inline=True)
    seen: dict[str, int] = {}
    for i, question in enumerate(quiz.questions):
        at = ("questions", i)
        if question.id in seen:
            fail(at + ("id",), f"questions[{i}].id: '{question.id}' is already used by questions[{seen[question.id]}]",
                 "question ids are unique within a quiz and never change; pick a new one for a new question")
        else:
            seen[question.id] = i
        if isinstance(question, ScenarioQuestion):
            _check_scenario(question, at, fail)
        else:
            _check_branching(question, at, fail)
        link(question.explanation.link, at + ("explanation", "link"))
    if not problems:
        length = len(codes.encode(_fullest_result(quiz)))
        if length > codes.MAX_CODE_CHARS:
            fail(("questions",), f"a completion code for this quiz alone could be {length} characters; "
                 f"codes hold at most {codes.MAX_CODE_CHARS}", "split the quiz into two, or use shorter ending ids")
    return problems


def _fullest_result(quiz: Quiz) -> dict:
    """The longest result a learner could send for this quiz alone (for the code-length limit)."""
    def answer(q):
        if isinstance(q, ScenarioQuestion):
            return {"rev": q.revision, "kind": "scenario", "choice": len(q.options) - 1, "best": True}
        return {"rev": q.revision, "kind": "branching", "choice": max(q.endings, key=len), "best": True}

    return {"edition": "9999.999", "at": "2099-12-31T23:59Z", "label": "x" * codes.LIMITS["label"],
            "learner": "x" * codes.LIMITS["learner"], "pass": 100,
            "quizzes": [{"id": quiz.id, "questions": [answer(q) for q in quiz.questions]}]}


def _check_scenario(q: ScenarioQuestion, at, fail) -> None:
    options = q.options
    best = [j for j, o in enumerate(options) if o.rating == "best"]
    if len(best) != 1:
        fail(at + ("options",),
             f"questions[{at[1]}].options: expected exactly one option with 'rating: best', found {len(best)}",
             "mark the option a senior AE would choose, and rate the others acceptable or poor, e.g.\n"
             "- text: 先跟客户确认会议要得出什么结论\n  rating: best")
        if len(best) > 1:
            fail(at + ("options", best[1], "rating"), f"questions[{at[1]}].options[{best[1]}]: a second 'best' option",
                 "keep one best option; rate this one acceptable or poor")
    texts: dict[str, int] = {}
    for j, option in enumerate(options):
        key = " ".join(option.text.split())
        if key in texts:
            fail(at + ("options", j, "text"),
                 f"questions[{at[1]}].options[{j}].text: same text as options[{texts[key]}]",
                 "every option needs its own wording, or the reader cannot tell them apart")
        else:
            texts[key] = j


def _check_branching(q: BranchingQuestion, at, fail) -> None:
    label = f"questions[{at[1]}]"
    for name in sorted(set(q.nodes) & set(q.endings)):
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
    if q.start not in q.nodes:
        return
    # Depth-first walk from the start: finds loops and what is reachable.
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


class _Links:
    """Judges link targets against the pages the site builds; each target once per check."""

    def __init__(self, pages: dict[str, str]):
        self.pages = pages
        self._anchors: dict[str, set[str]] = {}
        self._verdicts: dict[tuple[str, bool], tuple[str, str] | None] = {}

    def judge(self, target: str, inline: bool) -> tuple[str, str] | None:
        key = (target, inline)
        if key not in self._verdicts:
            self._verdicts[key] = self._judge(target, inline)
        return self._verdicts[key]

    def _judge(self, target: str, inline: bool) -> tuple[str, str] | None:
        """What is wrong with a link target (message, hint), or None."""
        scheme = _SCHEME.match(target)
        if scheme:
            if inline and scheme.group(1).lower() in ("http", "https", "mailto"):
                return None
            return (f"link '{target}' is not allowed: only handbook pages" + (", http(s) and mailto links" if inline else ""),
                    "link to a handbook page relative to docs/, e.g. competencies/meetings.md#会前先想清楚目的")
        page, _, anchor = target.partition("#")
        norm = posixpath.normpath(page) if page else ""
        if not page or page.startswith("/") or norm.startswith("..") or not page.endswith(".md"):
            return (f"link '{target}' must name a page relative to docs/ (ending in .md)",
                    "for example: competencies/meetings.md#会前先想清楚目的")
        if norm not in self.pages:
            return (f"page '{norm}' is not a page of the site" if any(p.startswith(("_", ".")) for p in norm.split("/"))
                    else f"page '{norm}' does not exist in docs/",
                    "check the spelling; pages are named like competencies/meetings.md"
                    + ("; folders starting with _ are left out of the site" if "/_" in "/" + norm else ""))
        if norm not in self._anchors:
            self._anchors[norm] = anchors_of(self.pages[norm])
        anchors = self._anchors[norm]
        if anchor and anchor not in anchors:
            close = difflib.get_close_matches(anchor, sorted(anchors), n=1, cutoff=0.5)
            return (f"page '{norm}' has no heading with anchor '#{anchor}'",
                    f"did you mean '#{close[0]}'?" if close else
                    "anchors are headings slugged: `### 提案前的预演` → #提案前的预演")
        return None
