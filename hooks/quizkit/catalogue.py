"""What trainers see of the quiz data: the catalogue table, the quiz index, answer keys.

Pure functions over loaded quizzes (quizkit.model.Quiz); no MkDocs import.
hooks/trainer.py puts their output into the built site.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .model import Quiz

RATING_WORDS = {"best": "最佳", "acceptable": "可以接受", "poor": "不可取"}
VERDICT_WORDS = {"committed": "投入", "involved": "参与", "dodged": "闪躲"}
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_MD_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_MARKUP = re.compile(r"[*_`]+")


# ---------------------------------------------------------------------------
# Ordering and titles
# ---------------------------------------------------------------------------


def page_title(docs_dir: Path, page: str) -> str:
    """The `# title` of a docs page, or the page path when it has none."""
    path = Path(docs_dir) / page
    if path.is_file():
        found = _H1.search(path.read_text(encoding="utf-8"))
        if found:
            return plain(found.group(1))
    return page


def plain(text: str) -> str:
    """Inline Markdown as plain text (for titles in tables, JSON and attributes)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return _MARKUP.sub("", text).strip()


def ordered(quizzes: dict[str, Quiz], pages: dict[str, str], nav_pages: list[str]) -> list[Quiz]:
    """Quizzes in the order their practice pages appear in the nav; the rest by id."""
    rank = {page: n for n, page in enumerate(nav_pages)}
    return sorted(quizzes.values(), key=lambda q: (rank.get(pages.get(q.id, ""), len(rank)), q.id))


def quiz_pages(embeds, quiz_ids) -> dict[str, str]:
    """The docs page of each quiz: `practice/<id>.md` when it embeds it, else its first embed."""
    pages: dict[str, str] = {}
    for e in embeds:
        page, quiz_id = e.path, e.quiz_id
        if quiz_id in quiz_ids and (quiz_id not in pages or page.endswith(f"practice/{quiz_id}.md")):
            pages[quiz_id] = page
    return pages


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
                "questions": [
                    {"id": x.id, "revision": x.revision, "kind": x.kind, "title": _question_title(x), **_answers(x)}
                    for x in q.questions
                ],
            }
            for q in quizzes
        ],
    }


def _answers(question) -> dict:
    """The answers a question can end on (option indexes, or ending names) and the best of them.

    The browser counts a stored answer only if it is one of `choices`, and as best only if it
    is one of `best` (hooks/quizkit/BROWSER.md)."""
    if question.kind == "branching":
        endings = list(question.endings)
        return {"choices": endings, "best": [e for e in endings if question.endings[e].verdict == "committed"]}
    return {"choices": list(range(len(question.options))),
            "best": [i for i, o in enumerate(question.options) if o.rating == "best"]}


def _question_title(question) -> str:
    """A short name for a question in lists of missed ones."""
    if question.kind == "branching":
        return "情境模拟：" + plain(question.title)
    text = plain(question.situation).replace("\n", " ")
    return text[:28] + ("……" if len(text) > 28 else "")


# ---------------------------------------------------------------------------
# Catalogue table (trainers/catalogue.md)
# ---------------------------------------------------------------------------


def catalogue_markdown(quizzes: list[Quiz], pages: dict[str, str], titles: dict[str, str], here: str) -> str:
    """A Markdown table of every quiz, with links relative to the page `here`."""
    rows = [
        "| 练习 | 对应内容 | 题数 | 约需 | 答案要点 |",
        "| --- | --- | --: | --: | --- |",
    ]
    for q in quizzes:
        competency = q.competency.split("#")[0]
        page = pages.get(q.id, f"practice/{q.id}.md")
        kinds = _kinds(q)
        rows.append(
            f"| [{_cell(plain(q.title))}]({_rel(page, here)}) "
            f"| [{_cell(titles.get(competency, competency))}]({_rel(competency, here)}) "
            f"| {kinds} | {q.estimated_minutes} 分钟 "
            f"| [打印答案要点]({_rel(key_page(q.id), here)}) |"
        )
    total_q = sum(len(q.questions) for q in quizzes)
    total_min = sum(q.estimated_minutes for q in quizzes)
    rows.append(f"| **合计 {len(quizzes)} 个练习** | | **{total_q}** | **{total_min} 分钟** | |")
    return "\n".join(rows) + "\n"


def _kinds(q: Quiz) -> str:
    branching = sum(1 for x in q.questions if x.kind == "branching")
    if branching:
        return f"{len(q.questions)}（含 {branching} 个情境模拟）"
    return str(len(q.questions))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _rel(target: str, here: str) -> str:
    """A docs-relative path (maybe with #anchor) as a link from the page `here`."""
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(here) or ".")
    return rel + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------------------
# Answer keys (trainers/keys/<id>.md, generated)
# ---------------------------------------------------------------------------


def key_page(quiz_id: str) -> str:
    return f"trainers/keys/{quiz_id}.md"


def answer_key_markdown(quiz: Quiz, page: str, edition: str) -> str:
    """A printable answer key: every question with its options rated, and the explanation."""
    here = key_page(quiz.id)

    def md(text: str) -> str:
        """Quiz Markdown with its docs-relative links made relative to the key page."""
        return _MD_LINK.sub(lambda m: m.group(1) + _link(m.group(2), here), text.strip())

    out = [
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# 答案要点：{plain(quiz.title)}",
        "",
        f"供培训师对照或打印（版次 {edition}）。共 {len(quiz.questions)} 题，约 {quiz.estimated_minutes} 分钟；"
        f"学员做题请用 [练习页]({_rel(page, here)})。每题的最佳选项标为 **最佳**，"
        "另有“可以接受”和“不可取”两档，各附一句理由。",
        "",
    ]
    for n, q in enumerate(quiz.questions, 1):
        if q.kind == "scenario":
            out += [f"## 第 {n} 题", "", md(q.situation), "", f"**{md(q.prompt)}**", ""]
            for i, o in enumerate(q.options):
                mark = "✔ " if o.rating == "best" else ""
                out.append(f"{i + 1}. {mark}**{RATING_WORDS[o.rating]}**：{md(o.text)}  ")
                out.append(f"    {md(o.feedback)}")
            out.append("")
        else:
            out += [f"## 第 {n} 题 · 情境模拟：{plain(q.title)}", "", md(q.situation), ""]
            names = {**{k: f"“{plain(v.prompt)}”（{k}）" for k, v in q.nodes.items()},
                     **{k: f"结局“{plain(v.title)}”" for k, v in q.endings.items()}}
            order = _walk(q)
            for node_id in order:
                node = q.nodes[node_id]
                start = "（起点）" if node_id == q.start else ""
                out += [f"### 场景 {node_id}{start}", "", md(node.situation), "", f"**{md(node.prompt)}**", ""]
                for i, c in enumerate(node.choices):
                    out.append(f"{i + 1}. {md(c.text)} → {names.get(c.next, c.next)}  ")
                    if c.feedback:
                        out.append(f"    {md(c.feedback)}")
                out.append("")
            out += ["### 结局", ""]
            for k, e in q.endings.items():
                mark = "✔ " if e.verdict == "committed" else ""
                out.append(f"- {mark}**{VERDICT_WORDS[e.verdict]}** · {plain(e.title)}：{md(e.feedback)}")
            out.append("")
        out += [f"**解析**：{md(q.explanation.text)} [到手册里读这一节]({_rel(q.explanation.link, here)})", ""]
    return "\n".join(out)


def _walk(q) -> list[str]:
    """Node ids from the start, breadth first, then any the walk did not reach."""
    seen, queue = [], [q.start]
    while queue:
        node = queue.pop(0)
        if node in q.nodes and node not in seen:
            seen.append(node)
            queue += [c.next for c in q.nodes[node].choices]
    return seen + [n for n in q.nodes if n not in seen]


def _link(target: str, here: str) -> str:
    if _SCHEME.match(target) or target.startswith(("#", "/")):
        return target
    return _rel(target, here)
