"""The one load path: quiz files and the site's pages → checked quizzes and embeds, once per build or check."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .load import load_quiz_dir, quiz_files
from .model import Quiz
from .render import QuizText
from .validate import Embed, scan_markdown, validate


@dataclass
class Bank:
    """Every quiz that loaded, every embed, and every problem found on the way."""

    quizzes: dict[str, Quiz] = field(default_factory=dict)
    embeds: list[Embed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def pages(self) -> dict[str, str]:
        """The docs page of each quiz: `practice/<id>.md` when it embeds it, else its first embed."""
        pages: dict[str, str] = {}
        for e in self.embeds:
            if e.quiz_id in self.quizzes and (e.quiz_id not in pages or e.path == f"practice/{e.quiz_id}.md"):
                pages[e.quiz_id] = e.path
        return pages


def load_bank(quizzes_dir: Path, pages: dict[str, str], text: QuizText, *, root: Path,
              page_prefix: str = "docs/") -> Bank:
    """Load every quiz, find every embed in `pages` (docs-relative path → Markdown), run every check.

    Embed paths are docs-relative; messages show them with `page_prefix`."""
    quizzes, problems = load_quiz_dir(quizzes_dir, root=root)
    embeds = []
    for page, markdown in pages.items():
        found, wrong = scan_markdown(markdown, page)
        embeds += found
        problems += [Problem(page_prefix + p.path, p.line, p.col, p.message, p.hint) for p in wrong]
    broken = {p.stem for p in quiz_files(quizzes_dir)} - set(quizzes)
    shown = [Embed(page_prefix + e.path, e.line, e.col, e.quiz_id) for e in embeds]
    problems += validate(quizzes, pages, shown, text, broken)
    return Bank(quizzes, embeds, problems)


def edition(root: Path) -> str:
    """The handbook edition: `[project] version` in pyproject.toml, its one home."""
    path = Path(root) / "pyproject.toml"
    try:
        with open(path, "rb") as f:
            value = tomllib.load(f)["project"]["version"]
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path.name}: cannot read [project] version, the handbook edition ({exc})") from None
    if not isinstance(value, str) or not value:
        raise ValueError(f"{path.name}: [project] version must be text like \"2026.1\"")
    return value
