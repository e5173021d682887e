"""MkDocs hook for the trainer and learner pages (thin: the work is in quizkit).

- trainers/catalogue.md: the `<!-- quiz-catalogue -->` line becomes a table built from the quiz data.
- trainers/keys/<id>.md: a printable answer key per quiz, generated (not in the nav, not searched).
- reference/print.md: the `<!-- print-book -->` line becomes every reading page of the nav,
  in nav order, with a table of contents: the whole handbook as one printable page.
- site/assets/quiz-index.json: the quiz index the trainer pages' JavaScript reads.
- docs/assets/trainer/*: loaded only on the pages listed in TRAINER_PAGES (and the answer keys).
"""

from __future__ import annotations

import hashlib
import html as htmlmod
import json
import posixpath
import re
import tomllib
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from quizkit import catalogue
from quizkit.load import load_quiz_dir
from quizkit.validate import scan_embeds

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

TRAINER_PAGES = {
    "practice/progress.md",
    "practice/assignment.md",
    "practice/result.md",
    "trainers/index.md",
    "trainers/catalogue.md",
    "trainers/assign.md",
    "trainers/results.md",
    "reference/print.md",
}
# quiz.js first: its window.Gaobiao reads storage and the quiz index for trainer.js too.
SCRIPTS = ["assets/quiz/quiz.js", "assets/trainer/codes.js", "assets/trainer/trainer.js"]
STYLESHEET = "assets/trainer/trainer.css"
CATALOGUE_PAGE, CATALOGUE_MARK = "trainers/catalogue.md", "<!-- quiz-catalogue -->"
PRINT_PAGE, PRINT_MARK = "reference/print.md", "<!-- print-book -->"
# Pages of the nav left out of the printed book: tools and notes for editors, not reading.
PRINT_SKIP = ("practice/", "trainers/", PRINT_PAGE, "reference/changelog.md", "reference/editing.md",
              "reference/quiz-format.md")

_state: dict = {}


# ---------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------


def on_config(config, **kwargs):
    """Load the quizzes once per build (`mkdocs serve` keeps this module across rebuilds)."""
    _state.clear()
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    quizzes, _ = load_quiz_dir(root / "quizzes", root=root)  # problems: reported by hooks/quiz.py
    embeds, _ = scan_embeds(docs, root=docs)
    edition = config.extra.get("edition") or _edition(root / "pyproject.toml")
    pages = catalogue.quiz_pages(embeds, set(quizzes))
    competencies = {q.competency.split("#")[0] for q in quizzes.values()}
    _state.update(
        quizzes=quizzes,
        pages=pages,
        edition=edition,
        titles={p: catalogue.page_title(docs, p) for p in competencies},
        chapters={},
    )
    return config


def on_files(files: Files, *, config) -> Files:
    """Add a generated answer-key page for every quiz."""
    for quiz in _state["quizzes"].values():
        page = _state["pages"].get(quiz.id, CATALOGUE_PAGE)
        text = catalogue.answer_key_markdown(quiz, page, _state["edition"])
        files.append(File.generated(config, catalogue.key_page(quiz.id), content=text,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_nav(nav: Navigation, *, config, files) -> Navigation:
    """Remember the nav order: the catalogue and the printed book follow it."""
    _state["nav"] = nav
    _state["nav_pages"] = [p.file.src_uri for p in nav.pages]
    return nav


def on_page_markdown(markdown: str, *, page: Page, config, files) -> str:
    """Put the catalogue table into trainers/catalogue.md."""
    if page.file.src_uri != CATALOGUE_PAGE:
        return markdown
    if CATALOGUE_MARK not in markdown:
        raise PluginError(f"{CATALOGUE_PAGE}: expected a line '{CATALOGUE_MARK}' where the quiz table goes")
    quizzes = catalogue.ordered(_state["quizzes"], _state["pages"], _state.get("nav_pages", []))
    table = catalogue.catalogue_markdown(quizzes, _state["pages"], _state["titles"], CATALOGUE_PAGE)
    return markdown.replace(CATALOGUE_MARK, table, 1)


def on_page_content(html: str, *, page: Page, config, files: Files) -> str:
    """Keep every page's HTML for the printed book; link the trainer assets on trainer pages.

    The links go in the content, like the quiz hook's: Material's instant navigation
    swaps the content and re-runs its scripts."""
    _state["chapters"][page.file.src_uri] = html
    if not _is_trainer_page(page):
        return html
    url = {path: get_relative_url(path, page.url) + "?v=" + _fingerprint(files, path) for path in [STYLESHEET, *SCRIPTS]}
    return (html + f'\n<link rel="stylesheet" href="{url[STYLESHEET]}">\n'
            + "".join(f'<script src="{url[src]}"></script>\n' for src in SCRIPTS))


def on_page_context(context, *, page: Page, config, nav):
    """Assemble reference/print.md from every reading page of the nav."""
    if page.file.src_uri == PRINT_PAGE:
        if PRINT_MARK not in page.content:
            raise PluginError(f"{PRINT_PAGE}: expected a line '{PRINT_MARK}' where the book goes")
        page.content = page.content.replace(PRINT_MARK, _print_book(nav, page), 1)
    return context


def on_post_build(*, config) -> None:
    """Write the quiz index the trainer pages fetch."""
    quizzes = catalogue.ordered(_state["quizzes"], _state["pages"], _state.get("nav_pages", []))
    index = catalogue.quiz_index(quizzes, _state["pages"], _state["titles"], _state["edition"])
    out = Path(config.site_dir) / "assets" / "quiz-index.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# ---------------------------------------------------------------------------
# Helper functions
# ---------------------------------------------------------------------------


def _is_trainer_page(page: Page) -> bool:
    uri = page.file.src_uri
    return uri in TRAINER_PAGES or uri.startswith("trainers/keys/")


def _fingerprint(files: Files, path: str) -> str:
    """A short hash of an asset, so browsers fetch it again when it changes."""
    file = files.get_file_from_path(path)
    if file is None:
        raise PluginError(f"docs/{path} is missing: the trainer pages need it")
    return hashlib.sha256(file.content_bytes).hexdigest()[:10]


def _edition(pyproject: Path) -> str:
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as e:
        raise PluginError(f"{pyproject}: cannot read [project] version, the handbook edition: {e}") from None


_ID = re.compile(r'\bid="([^"]*)"')
_URL = re.compile(r'\b(href|src)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/")


def _print_book(nav: Navigation, here: Page) -> str:
    """Table of contents and chapters, ids prefixed per chapter, links pointing inside the book."""
    toc, chapters, numbers = [], [], {}
    pages = [p for p in nav.pages if not p.file.src_uri.startswith(PRINT_SKIP)]
    for n, p in enumerate(pages, 1):
        numbers[p.url] = n

    def walk(items, depth):
        out = []
        for item in items:
            if isinstance(item, Section):
                inner = walk(item.children, depth + 1)
                if inner:
                    out.append(f"<li>{htmlmod.escape(item.title)}<ol>{''.join(inner)}</ol></li>")
            elif isinstance(item, Page) and item.url in numbers:
                n = numbers[item.url]
                out.append(f'<li><a href="#p{n}">{htmlmod.escape(item.title or "")}</a></li>')
        return out

    toc = walk(nav.items, 0)
    for p in pages:
        n = numbers[p.url]
        body = _state["chapters"].get(p.file.src_uri, "")
        chapters.append(f'<section class="print-chapter" id="p{n}">\n{_rebase(body, p, n, numbers, here)}\n</section>')
    return (
        '<nav class="print-toc" aria-labelledby="全书目录"><h2 id="全书目录">全书目录</h2>'
        f'<ol>{"".join(toc)}</ol></nav>\n' + "\n".join(chapters)
    )


def _rebase(body: str, page: Page, n: int, numbers: dict[str, int], here: Page) -> str:
    """One page's HTML made to live inside the book."""
    body = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 1)}", body)
    body = _ID.sub(lambda m: f'id="p{n}-{m.group(1)}"', body)

    def url(m):
        attr, value = m.group(1), htmlmod.unescape(m.group(2))
        if value.startswith("#"):
            return f'{attr}="#p{n}-{htmlmod.escape(value[1:])}"' if len(value) > 1 else f'{attr}="#p{n}"'
        if _SCHEME.match(value):
            return m.group(0)
        path, _, frag = value.partition("#")
        path, _, query = path.partition("?")
        target = page.url  # directory URLs: a page's links resolve against its own folder
        if path:
            target = posixpath.normpath(posixpath.join(page.url or ".", path))
            target = "" if target == "." else target + ("/" if path.endswith("/") else "")
        if attr == "href" and target in numbers and not query:
            to = numbers[target]
            return f'href="#p{to}-{htmlmod.escape(frag)}"' if frag else f'href="#p{to}"'
        rel = posixpath.relpath(target.rstrip("/") or ".", here.url.rstrip("/") or ".")
        rel += "/" if target.endswith("/") or not target else ""
        rel += f"?{query}" if query else ""
        rel += f"#{frag}" if frag else ""
        return f'{attr}="{htmlmod.escape(rel)}"'

    return _URL.sub(url, body)
