"""MkDocs hook for quizzes (thin: the work is in hooks/quizkit, which never imports MkDocs).

- Checks all quiz data and every `::: quiz <id>` embed once per build; any problem
  aborts the build with every message (`quizzes/x.yml:LINE:COL: …`), no traceback.
- Replaces each embed with the server-rendered quiz, after the search plugin has read the
  page (quizzes are kept out of search anyway, so it need not parse them).
- Adds the quiz styles and script to pages that hold a quiz, and only to them: a link to
  quiz.css in <head>, and quiz.js after the last quiz.
- Remembers converted quiz text between builds (quizkit.render.QuizMarkdown).
- Puts the handbook edition (pyproject.toml [project] version) in `config.extra.edition`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from pathlib import Path

from mkdocs.exceptions import PluginError

from quizkit.cache import default_folder
from quizkit.errors import report
from quizkit.load import load_quiz_dir, quiz_files
from quizkit.render import make_markdown, render_quiz
from quizkit.validate import scan_markdown, validate

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

ASSETS = {"css": "assets/quiz/quiz.css", "js": "assets/quiz/quiz.js"}
# Before the first quiz: `data-quiz` on <html> is the widget's layout from the first paint
# (quiz.css); its value, the link's #target as the page opened, for quiz.js to bring back
# into view after it restores answers.
# On the script: a failed load puts the layout without JavaScript back.
_LAYOUT = "<script>document.documentElement.dataset.quiz=location.hash</script>"
_SCRIPT = ('<script src="{}" defer onerror="document.documentElement.removeAttribute(\'data-quiz\')">'
           "</script>")
log = logging.getLogger("mkdocs.hooks.quiz")
_MARK = "<!-- gaobiao-quiz:{} -->"
_MARK_RE = re.compile(r"<!-- gaobiao-quiz:([a-z0-9-]+) -->")

# `mkdocs serve` keeps this module loaded across rebuilds: on_config resets it.
_state: dict = {}

# ---------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------


def on_config(config, **kwargs):
    """Reset module state; read the edition; prepare one Markdown instance for quiz text."""
    _state.clear()
    root = Path(config.config_file_path).parent
    _state["root"] = root
    _state["edition"] = config.extra["edition"] = _edition(root)
    _state["cache"] = default_folder()
    _state["markdown"] = make_markdown(config.markdown_extensions, config.mdx_configs, config_dir=root,
                                       cache_dir=_state["cache"])
    _state["rendered"] = {}
    return config


def on_files(files, *, config, **kwargs):
    """Load and check every quiz and every embed once, before any page is rendered."""
    root, docs_dir = _state["root"], Path(config.docs_dir)
    quizzes, problems = load_quiz_dir(root / "quizzes", root=root)
    embeds = []
    for file in files.documentation_pages():
        shown = _relative(docs_dir / file.src_path, root)
        found, wrong = scan_markdown(file.content_string, shown)
        embeds += found
        problems += wrong
    broken = {p.stem for p in quiz_files(root / "quizzes")} - set(quizzes)
    problems += validate(quizzes, docs_dir, embeds, broken)
    if problems:
        raise PluginError(report(problems))
    _state["quizzes"] = quizzes
    _state["assets"] = _assets(files)
    return files


def on_page_markdown(markdown, *, page, **kwargs):
    """Turn each embed line into a marker that survives Markdown untouched."""
    embeds, _ = scan_markdown(markdown, page.file.src_uri)
    if not embeds:
        return markdown
    lines = markdown.split("\n")
    for embed in embeds:
        lines[embed.line - 1] = "\n" + _MARK.format(embed.quiz_id) + "\n"
    page.meta["quizzes"] = [e.quiz_id for e in embeds]
    return "\n".join(lines)


def on_page_content(html, *, page, files, **kwargs):
    """Render the page's quizzes (links need `files`); they go in at on_post_page.

    Until then the page's HTML holds only the markers, so the search plugin (which reads
    `page.content` and would parse every quiz only to drop it, data-search-exclude) and
    anything else that reads the content never sees the quizzes."""
    if not page.meta.get("quizzes"):
        return html
    site_root = "../" * page.url.count("/")

    def url_for(target: str) -> str:
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(path)
        url = file.url_relative_to(page.file) if file else target
        return url + (f"#{anchor}" if anchor else "")

    _state["rendered"][page.file.src_uri] = {
        quiz_id: render_quiz(_state["quizzes"][quiz_id], markdown=_state["markdown"],
                             edition=_state["edition"], url_for=url_for, site_root=site_root,
                             template_cache=_state["cache"])
        for quiz_id in page.meta["quizzes"]
    }
    return html


def on_post_page(output, *, page, **kwargs):
    """Put each rendered quiz in place of its marker, the styles in <head>, the script after the last quiz.

    Material's instant navigation swaps the body's container and re-runs its scripts
    (the layout line and quiz.js), and brings <head> in line with the new page's: it adds
    the <style> on the way to a quiz page and takes it away on the way out."""
    rendered = _state["rendered"].pop(page.file.src_uri, None)
    if not rendered:
        return output
    assets = _state["assets"]
    marks = [m for m in _MARK_RE.finditer(output) if m.group(1) in rendered]
    up = "../" * page.url.count("/")
    script = _SCRIPT.format(up + assets["js"])
    first, last = marks[0], marks[-1]
    output = (output[: first.start()] + _LAYOUT + "\n" + output[first.start(): last.end()] + "\n" + script
              + output[last.end():])
    output = output.replace("</head>", f'<link rel="stylesheet" href="{up + assets["css"]}">\n</head>', 1)
    return _MARK_RE.sub(lambda m: rendered.get(m.group(1), m.group(0)), output)


def on_post_build(*, config, **kwargs):
    """Keep converted quiz text for the next build."""
    _state["markdown"].save()


def on_serve(server, *, config, builder, **kwargs):
    """`mkdocs serve` rebuilds when quiz data changes."""
    server.watch(str(_state.get("root", Path(config.config_file_path).parent) / "quizzes"))
    return server


# ---------------------------------------------------------------------------
# Helper functions
# ---------------------------------------------------------------------------


def _edition(root: Path) -> str:
    try:
        with open(root / "pyproject.toml", "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise PluginError(f"pyproject.toml: cannot read [project] version (the edition): {exc}") from None


def _assets(files) -> dict:
    """quiz.css and quiz.js, each linked with a fingerprint for caches."""
    out = {}
    for kind in ("css", "js"):
        file = files.get_file_from_path(ASSETS[kind])
        if file is None:
            raise PluginError(f"quiz assets missing: docs/{ASSETS['css']} and docs/{ASSETS['js']} are needed")
        out[kind] = f"{ASSETS[kind]}?v={fingerprint(Path(file.abs_src_path).read_bytes())[:10]}"
    return out


def fingerprint(data: bytes) -> str:
    """A cache-busting version."""
    return hashlib.sha256(data).hexdigest()[:12]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
