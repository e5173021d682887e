"""MkDocs hook for quizzes and the trainer pages: MkDocs events in, hooks/quizkit calls out.

- Loads and checks every quiz and every `::: quiz <id>` embed once per build (quizkit.bank);
  any problem aborts the build with every message (`quizzes/x.yml:LINE:COL: …`), no traceback.
- Quiz pages: each embed becomes the server-rendered quiz; quiz.css and quiz.js are linked
  on those pages only. Trainer pages: the catalogue table, an answer key page per quiz, the
  trainer scripts, and site/assets/quiz-index.json.
- Every page: `title` attributes made plain text (the theme's tooltips render them as HTML).
- Puts the handbook edition (pyproject.toml [project] version) in `config.extra.edition`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from quizkit import catalogue
from quizkit.bank import edition, load_bank
from quizkit.errors import report
from quizkit.render import QuizText, plain_titles, read_glossary, render_quiz
from quizkit.validate import read_page, scan_markdown

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

QUIZ_CSS, QUIZ_JS = "assets/quiz/quiz.css", "assets/quiz/quiz.js"
TRAINER_PAGES = {"practice/progress.md", "practice/assignment.md", "practice/result.md", "trainers/index.md",
                 "trainers/catalogue.md", "trainers/assign.md", "trainers/results.md"}
# The printed book takes the trainer stylesheet (its print rules) and no script: nothing on it runs.
PRINT_PAGE = "reference/print.md"
# quiz.js first on trainer pages: its window.Gaobiao reads storage and the quiz index for trainer.js too.
TRAINER_CSS = "assets/trainer/trainer.css"
TRAINER_JS = ["assets/quiz/quiz.js", "assets/trainer/codes.js", "assets/trainer/trainer.js"]
CATALOGUE_PAGE, CATALOGUE_MARK = "trainers/catalogue.md", "<!-- quiz-catalogue -->"
# Before the first quiz: `data-quiz` on <html> is the widget's layout from the first paint
# (quiz.css); its value, the link's #target as the page opened, for quiz.js to bring back
# into view after it restores answers. A failed script load puts the layout without JavaScript back.
# The same line loads the xAPI sender, only when the address carries xAPI launch parameters
# (docs/assets/lms/xapi.js, hooks/quizkit/BROWSER.md): without them, no request and no asset more.
_LAYOUT = ('<script>document.documentElement.dataset.quiz=location.hash;/[?&]endpoint=/.test(location.search)'
           '&&document.head.append(Object.assign(document.createElement("script"),{{src:"{}"}}))</script>')
XAPI_JS = "assets/lms/xapi.js"
_SCRIPT = '<script src="{}" defer onerror="document.documentElement.removeAttribute(\'data-quiz\')"></script>'
_MARK = "<!-- gaobiao-quiz:{} -->"

log = logging.getLogger("mkdocs.hooks.quiz")

# `mkdocs serve` keeps this module's state across rebuilds: on_config resets it.
_state: dict = {}
# MkDocs loads hook code once per process: what the Python files were when it did.
_HOOKS = Path(__file__).parent
_LOADED = {p: p.stat().st_mtime_ns for p in _HOOKS.rglob("*.py")}

# ---------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------


def on_config(config, **kwargs):
    """Reset state; read the edition; make the one converter for quiz text."""
    _state.clear()
    changed = sorted(p.relative_to(_HOOKS.parent).as_posix() for p in _HOOKS.rglob("*.py")
                     if _LOADED.get(p) != p.stat().st_mtime_ns)
    if changed:
        raise PluginError(f"{', '.join(changed)} changed after the build started: Python code is loaded once, "
                          "so stop `make serve` (Ctrl+C) and start it again to use the new code")
    # MkDocs drops a log message it has printed before, so under `mkdocs serve` the same
    # quiz error a second time would print nothing but "Aborted": each build starts afresh.
    for handler in logging.getLogger("mkdocs.commands.build").filters:
        getattr(handler, "msgs", set()).clear()
    root = Path(config.config_file_path).parent
    try:
        config.extra["edition"] = edition(root)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    _state.update(root=root, edition=config.extra["edition"], text=QuizText(read_glossary(_glossary(config, root))))
    return config


def on_files(files, *, config, **kwargs):
    """Load and check every quiz and embed, once, before any page is rendered; add the answer keys."""
    root, docs = _state["root"], Path(config.docs_dir)
    prefix = _relative(docs, root) + "/"
    pages, problems = {}, []
    for file in files.documentation_pages():
        text, problem = read_page(Path(file.abs_src_path), prefix + file.src_uri)
        if problem:
            problems.append(problem)
        else:
            pages[file.src_uri] = text
    bank = load_bank(root / "quizzes", pages, _state["text"], root=root, page_prefix=prefix)
    problems += bank.problems
    if problems:
        raise PluginError(report(problems))
    titles = {q.competency.split("#")[0]: catalogue.page_title(pages, q.competency.split("#")[0])
              for q in bank.quizzes.values()}
    _state.update(bank=bank, pages=bank.pages(), titles=titles, nav_pages=[])
    for quiz in bank.quizzes.values():
        files.append(File.generated(config, catalogue.key_page(quiz.id), content=catalogue.key_markdown(quiz),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    _state.update(files=files, assets={})
    return files


def on_nav(nav, *, config, files):
    """Remember the nav order: the catalogue and the quiz index follow it."""
    _state["nav_pages"] = [p.file.src_uri for p in nav.pages]
    return nav


def on_page_markdown(markdown, *, page, **kwargs):
    """Turn each embed line into a marker that survives Markdown untouched."""
    if page.file.src_uri == CATALOGUE_PAGE and CATALOGUE_MARK not in markdown:
        raise PluginError(f"{CATALOGUE_PAGE}: expected a line '{CATALOGUE_MARK}' where the quiz table goes")
    embeds, _ = scan_markdown(markdown, page.file.src_uri)
    if not embeds:
        return markdown
    lines = markdown.split("\n")
    for embed in embeds:
        lines[embed.line - 1] = "\n" + _MARK.format(embed.quiz_id) + "\n"
    page.meta["quizzes"] = [e.quiz_id for e in embeds]
    return "\n".join(lines)


def on_page_content(html, *, page, files, **kwargs):
    """Quizzes, the catalogue or an answer key in place of their markers; assets where they are used.

    Links and scripts go in the content: Material's instant navigation swaps the content and
    runs its scripts again. The search plugin reads this content later; quizzes and keys are
    marked to stay out of the index."""
    uri, text = page.file.src_uri, _state["text"]

    def url_for(target: str) -> str:
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(path)
        url = file.url_relative_to(page.file) if file else target
        return url + (f"#{anchor}" if anchor else "")

    if page.meta.get("quizzes"):
        quizzes = _state["bank"].quizzes
        marks = [_MARK.format(q) for q in page.meta["quizzes"]]
        first, last = html.index(marks[0]), html.rindex(marks[-1]) + len(marks[-1])
        html = (html[:first] + f'<link rel="stylesheet" href="{_asset(QUIZ_CSS, page)}">\n'
                + _LAYOUT.format(_asset(XAPI_JS, page)) + "\n"
                + html[first:last] + "\n" + _SCRIPT.format(_asset(QUIZ_JS, page)) + html[last:])
        site_root = "../" * page.url.count("/")
        for quiz_id, mark in zip(page.meta["quizzes"], marks):
            html = html.replace(mark, render_quiz(quizzes[quiz_id], text, edition=_state["edition"],
                                                  url_for=url_for, site_root=site_root), 1)
    if uri == CATALOGUE_PAGE:
        table = catalogue.catalogue_html(_ordered(), _state["pages"], _state["titles"], text, url_for)
        html = html.replace(CATALOGUE_MARK, table, 1)
    if uri.startswith("trainers/keys/"):
        quiz = _state["bank"].quizzes[Path(uri).stem]
        key = catalogue.answer_key_html(quiz, _state["pages"].get(quiz.id, catalogue.key_page(quiz.id)),
                                        _state["edition"], text, url_for)
        html = html.replace(catalogue.KEY_MARK, key, 1)
    trainer = uri in TRAINER_PAGES or uri.startswith("trainers/keys/")
    if trainer or uri == PRINT_PAGE:
        html += f'\n<link rel="stylesheet" href="{_asset(TRAINER_CSS, page)}">\n'
    if trainer:
        html += "".join(f'<script src="{_asset(src, page)}"></script>\n' for src in TRAINER_JS)
    return html


def on_post_page(output, *, page, **kwargs):
    """Every title attribute as plain text."""
    return plain_titles(output)


def on_post_build(*, config, **kwargs):
    """Write the quiz index the trainer pages fetch."""
    index = catalogue.quiz_index(_ordered(), _state["pages"], _state["titles"], _state["edition"])
    out = Path(config.site_dir) / "assets" / "quiz-index.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_serve(server, *, config, builder, **kwargs):
    """`mkdocs serve` rebuilds when quiz data changes."""
    server.watch(str(Path(config.config_file_path).parent / "quizzes"))
    return server


# ---------------------------------------------------------------------------
# Helper functions
# ---------------------------------------------------------------------------


def _glossary(config, root: Path) -> list[Path]:
    """The snippet files that pymdownx.snippets appends to every page (the glossary's abbreviations)."""
    snippets = config.mdx_configs.get("pymdownx.snippets", {})
    bases = [root / b for b in snippets.get("base_path", ["."])]
    found = []
    for name in snippets.get("auto_append", []):
        path = next((b / name for b in bases if (b / name).is_file()), None)
        if path:
            found.append(path)
    return found


def _ordered():
    return catalogue.ordered(_state["bank"].quizzes, _state["pages"], _state["nav_pages"])


def _asset(path: str, page) -> str:
    """An asset's URL from `page`, with a short hash of its bytes so browsers fetch it again when it changes."""
    if path not in _state["assets"]:
        file = _state["files"].get_file_from_path(path)
        if file is None:
            raise PluginError(f"docs/{path} is missing: {page.file.src_uri} needs it")
        _state["assets"][path] = f"{path}?v={hashlib.sha256(file.content_bytes).hexdigest()[:10]}"
    return "../" * page.url.count("/") + _state["assets"][path]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
