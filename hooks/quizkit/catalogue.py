"""What trainers see of the quiz data: the catalogue table, the quiz index, answer keys.

Pure functions over loaded quizzes (quizkit.model.Quiz); no MkDocs import. Quiz text goes
through render.QuizText like everywhere else; hooks/quiz.py puts the output into the site.
"""

from __future__ import annotations

import json
import re

from .model import Quiz
from .render import QuizText, render

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_MARKUP = re.compile(r"[*_`]+")


# ---------------------------------------------------------------------------
# Ordering and titles
# ---------------------------------------------------------------------------


def page_title(pages: dict[str, str], page: str) -> str:
    """The `# title` of a docs page (`pages`: path → Markdown, as the bank read them), or its path."""
    found = _H1.search(pages.get(page, ""))
    return plain(found.group(1)) if found else page


def plain(text: str) -> str:
    """Inline Markdown as plain text (for titles in tables, JSON and attributes)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return _MARKUP.sub("", text).strip()


def ordered(quizzes: dict[str, Quiz], pages: dict[str, str], nav_pages: list[str]) -> list[Quiz]:
    """Quizzes in the order their practice pages appear in the nav; the rest by id."""
    rank = {page: n for n, page in enumerate(nav_pages)}
    return sorted(quizzes.values(), key=lambda q: (rank.get(pages.get(q.id, ""), len(rank)), q.id))


def url_of(page: str) -> str:
    """Site-relative URL of a docs page with directory URLs (`practice/meetings.md` → `practice/meetings/`)."""
    stem = page[:-3] if page.endswith(".md") else page
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


# ---------------------------------------------------------------------------
# Quiz index (site/assets/quiz-index.json)
# ---------------------------------------------------------------------------


def quiz_index(quizzes: list[Quiz], pages: dict[str, str], titles: dict[str, str], edition: str) -> dict:
    """The data the trainer pages read: every quiz, its page, its questions and revisions."""
    return {
        "v": 1,
        "edition": edition,
        "editions": [edition],
        "quizzes": [
            {
                "id": q.id,
                "title": plain(q.title),
                "competency": {
                    "page": q.competency.split("#")[0],
                    "title": titles.get(q.competency.split("#")[0], q.competency),
                    "url": url_of(q.competency.split("#")[0]),
                },
                "url": url_of(pages.get(q.id, f"practice/{q.id}.md")),
                "minutes": q.estimated_minutes,
                "source": q.source,
                "questions": [
                    {"id": x.id, "revision": x.revision, "kind": x.kind, "title": _question_title(x), **_answers(x),
                     "line": q.where("questions", i)[0]}
                    for i, x in enumerate(q.questions)
                ],
            }
            for q in quizzes
        ],
    }


def _answers(question) -> dict:
    """The answers a question can end on (option indexes, or ending names), the best of them,
    and each one's rating (`best`, `acceptable`, `poor`; a story's ending by its verdict).

    The browser counts a stored answer only if it is one of `choices`, and as best only if it
    is one of `best` (hooks/quizkit/BROWSER.md)."""
    if question.kind == "branching":
        endings = list(question.endings)
        return {"choices": endings, "best": [e for e in endings if question.endings[e].verdict == "committed"],
                "ratings": [_VERDICT_RATING[question.endings[e].verdict] for e in endings]}
    return {"choices": list(range(len(question.options))),
            "best": [i for i, o in enumerate(question.options) if o.rating == "best"],
            "ratings": [o.rating for o in question.options]}


# A story's ending, as an option's rating (the item analysis counts both alike).
_VERDICT_RATING = {"committed": "best", "involved": "acceptable", "dodged": "poor"}


def _question_title(question) -> str:
    """A short name for a question in lists of missed ones."""
    if question.kind == "branching":
        return "情境模拟：" + plain(question.title)
    text = plain(question.situation).replace("\n", " ")
    return text[:28] + ("……" if len(text) > 28 else "")


# ---------------------------------------------------------------------------
# Catalogue table (trainers/catalogue.md) and answer keys (trainers/keys/<id>.md)
# ---------------------------------------------------------------------------


def catalogue_html(quizzes: list[Quiz], pages: dict[str, str], titles: dict[str, str], text: QuizText,
                   url_for) -> str:
    """A table of every quiz: its page, competency, size and answer key."""
    rows = [{"quiz": q, "page": pages.get(q.id, f"practice/{q.id}.md"), "competency": q.competency.split("#")[0],
             "branching": sum(1 for x in q.questions if x.kind == "branching")} for q in quizzes]
    return render("catalogue.html", text, url_for, rows=rows, titles=titles, key_page=key_page, plain=plain,
                  questions=sum(len(q.questions) for q in quizzes),
                  minutes=sum(q.estimated_minutes for q in quizzes))


def key_page(quiz_id: str) -> str:
    return f"trainers/keys/{quiz_id}.md"


KEY_MARK = "<!-- quiz-key -->"


def key_markdown(quiz: Quiz) -> str:
    """The generated page's Markdown: out of search, a plain-text title, and a marker for the key."""
    title = json.dumps("答案要点：" + plain(quiz.title).replace("<", "‹").replace(">", "›"), ensure_ascii=False)
    return f"---\ntitle: {title}\nsearch:\n  exclude: true\n---\n\n{KEY_MARK}\n"


def answer_key_html(quiz: Quiz, page: str, edition: str, text: QuizText, url_for) -> str:
    """A printable answer key: every question with its options rated, and the explanation."""
    return render("key.html", text, url_for, quiz=quiz, page=page, edition=edition, walk=_walk, plain=plain)


def _walk(q) -> list[str]:
    """Node ids from the start, breadth first, then any the walk did not reach."""
    seen, queue = [], [q.start]
    while queue:
        node = queue.pop(0)
        if node in q.nodes and node not in seen:
            seen.append(node)
            queue += [c.next for c in q.nodes[node].choices]
    return seen + [n for n in q.nodes if n not in seen]
