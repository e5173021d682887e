"""Quiz text → HTML, the one way for every page that shows it; quiz model → HTML through templates.

Quiz text is a small Markdown subset: paragraphs, line breaks, emphasis, lists, code, links
to handbook pages (or http(s)/mailto), and the site's glossary abbreviations. `QuizText.findings`
names everything outside it, for the checks; `QuizText.html` escapes raw HTML and then runs
the result through nh3 (a maintained sanitiser) with the subset's tags as its allowlist.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Callable

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_TEMPLATES = Path(__file__).parent / "templates"
_ENV = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)

RATING_WORDS = {"best": "最佳", "acceptable": "可以接受", "poor": "不可取"}
VERDICT_WORDS = {"committed": "投入", "involved": "参与", "dodged": "闪躲"}

# The subset, as the sanitiser's allowlist.
TAGS = {"p", "br", "em", "strong", "code", "ul", "ol", "li", "a", "abbr"}
ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}, "*": set()}  # "*": no generic lang/title
SCHEMES = {"http", "https", "mailto"}

_ABBR_LINE = re.compile(r"^[ \t]*\*\[([^\]\n]+)\]:[ \t]*(.*)$", re.M)
_ATTR_LIST = re.compile(r"\{:?[ \t]*(?:[#.][\w-]|[\w-]+=)[^}\n]*\}")
_ENTITY = re.compile(r"^&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);$")
_SINGLE_P = re.compile(r"^<p>(.*)</p>$", re.S)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


# ---------------------------------------------------------------------------
# Quiz text
# ---------------------------------------------------------------------------


def read_glossary(paths) -> dict[str, str]:
    """The `*[ABBR]: definition` lines of the site's glossary snippet(s)."""
    glossary: dict[str, str] = {}
    for path in paths:
        glossary.update(_ABBR_LINE.findall(Path(path).read_text(encoding="utf-8")))
    return glossary


class QuizText:
    """Converts quiz text to safe HTML; one instance per build, reused for every text."""

    def __init__(self, glossary: dict[str, str] | None = None):
        # Titles become tooltips that the theme renders as markup: only plain text goes in.
        glossary = {k: plain_title(v) for k, v in (glossary or {}).items()}
        self._md = markdown.Markdown(extensions=["sane_lists", "nl2br", "abbr", _Record()],
                                     extension_configs={"abbr": {"glossary": glossary}})

    def check(self, text: str) -> tuple[list[tuple[str, str]], list[str]]:
        """What in `text` is outside the quiz-text subset, as (message, hint) pairs, and every link
        target in it as Markdown resolved it (inline and reference links alike)."""
        found = []
        if _ABBR_LINE.search(text):
            found.append(("abbreviation definitions (*[X]: …) are not allowed in quiz text",
                          "the glossary's abbreviations (docs/_snippets/abbreviations.md) work in quiz text by themselves"))
        if _ATTR_LIST.search(text):
            found.append(("attribute lists ({…}) are not allowed in quiz text", "remove the {…} part"))
        _, seen = self._convert(text)
        if seen["html"]:
            found.append((f"raw HTML is not allowed in quiz text: {seen['html'][0]!r}",
                          "write plain text with Markdown: **bold**, *emphasis*, lists, [links](page.md)"))
        if seen["img"]:
            found.append(("images are not allowed in quiz text", "describe it in words, or link to a handbook page"))
        if seen["title"]:
            found.append(("link titles ([text](page.md \"title\")) are not allowed in quiz text",
                          "remove the quoted title after the link target"))
        return found, seen["href"]

    def html(self, text: str, *, inline: bool = False, url_for: Callable[[str], str] | None = None) -> str:
        """`text` as safe HTML; docs-relative `.md` links made into URLs by `url_for`."""
        out, _ = self._convert(text)

        def attribute(tag: str, name: str, value: str) -> str | None:
            if name == "title":
                return plain_title(value)
            if tag == "a" and name == "href" and url_for and not value.startswith("#") and not _SCHEME.match(value):
                return url_for(value)
            return value

        out = nh3.clean(out, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None,
                        attribute_filter=attribute).strip()
        return _unwrap(out) if inline else out

    def _convert(self, text: str) -> tuple[str, dict]:
        md = self._md
        md.reset()
        md.seen = {"html": [], "img": 0, "title": 0, "href": []}
        out = md.convert(text)
        return out, md.seen


def _unwrap(out: str) -> str:
    """Inline use: a single paragraph loses its <p>; several are joined by line breaks."""
    single = _SINGLE_P.match(out)
    if single and "<p>" not in single.group(1):
        return single.group(1)
    return out.replace("</p>\n<p>", "<br>\n").removeprefix("<p>").removesuffix("</p>")


class _EscapeRawHtml(RawHtmlPostprocessor):
    """Raw HTML comes out as the text it was written as (inside the paragraph), and is recorded."""

    def stash_to_string(self, text) -> str:
        text = str(text)
        if _ENTITY.match(text):  # `&amp;` and friends, which Markdown also keeps in the stash
            return text
        self.md.seen["html"].append(text)
        return html.escape(text)


class _Inspect(Treeprocessor):
    """Records images, link titles and link targets."""

    def run(self, root):
        for el in root.iter():
            if el.tag == "img":
                self.md.seen["img"] += 1
            elif el.tag == "a":
                self.md.seen["href"].append(el.get("href", ""))
                if el.get("title") is not None:
                    self.md.seen["title"] += 1


class _Record(markdown.Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")  # HTML blocks are read as text, then escaped inline
        md.postprocessors.register(_EscapeRawHtml(md), "raw_html", 30)
        md.treeprocessors.register(_Inspect(md), "quiz_inspect", 0)


_TITLE_ATTR = re.compile(r'(\stitle=")([^"]*)(")')


def plain_title(value: str) -> str:
    """A title attribute's text with nothing a tooltip could read as markup."""
    return value.replace("&", "＆").replace("<", "‹").replace(">", "›")


def plain_titles(page: str) -> str:
    """Every `title="…"` attribute in a page made plain text (the theme's tooltips render titles as HTML)."""

    def fix(m: re.Match) -> str:
        value = html.unescape(m.group(2))
        if not any(c in value for c in "<>&"):
            return m.group(0)
        return m.group(1) + html.escape(plain_title(value), quote=True) + m.group(3)

    return _TITLE_ATTR.sub(fix, page)


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def render(template: str, text: QuizText, url_for: Callable[[str], str] | None = None, **context) -> str:
    """A template of templates/ with `block()` and `inline()` for quiz text."""
    return _ENV.get_template(template).render(
        block=lambda t: Markup(text.html(t, url_for=url_for)),
        inline=lambda t: Markup(text.html(t, inline=True, url_for=url_for)),
        url_for=url_for or (lambda target: target),
        ratings=RATING_WORDS,
        verdicts=VERDICT_WORDS,
        **context,
    ).strip() + "\n"


def render_quiz(quiz, text: QuizText, *, edition: str, url_for=None, site_root: str = "") -> str:
    """The quiz as server-rendered HTML (readable without JavaScript)."""
    return render("quiz.html", text, url_for, quiz=quiz, edition=edition, site_root=site_root)
