"""MkDocs hook: reference/print.md holds the whole handbook as one printable page.

The `<!-- print-book -->` line becomes every reading page of the nav, in nav order, with a
table of contents; ids are prefixed per chapter and links point inside the book. The book is
for paper: headings lose their ¶ section links (hidden in print; a section's link is on its own
page), and a glossary abbreviation keeps its <abbr> at its first use in a chapter only (the
glossary is a chapter of the book). Hundreds of them cost the page seconds of script on a phone:
the theme sets up a tooltip for every element with a title.
"""

from __future__ import annotations

import html as htmlmod
import posixpath
import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

PRINT_PAGE, PRINT_MARK = "reference/print.md", "<!-- print-book -->"
# Pages of the nav left out of the printed book: tools and notes for editors, not reading.
PRINT_SKIP = ("practice/", "trainers/", PRINT_PAGE, "reference/changelog.md", "reference/editing.md",
              "reference/quiz-format.md")

# `mkdocs serve` keeps this module's state across rebuilds: on_config resets it.
_chapters: dict[str, str] = {}

# ---------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------


def on_config(config, **kwargs):
    _chapters.clear()
    return config


def on_page_content(html: str, *, page: Page, **kwargs) -> str:
    """Keep every page's HTML for the book."""
    _chapters[page.file.src_uri] = html
    return html


def on_page_context(context, *, page: Page, nav: Navigation, **kwargs):
    """Assemble reference/print.md from every reading page of the nav."""
    if page.file.src_uri == PRINT_PAGE:
        if PRINT_MARK not in page.content:
            raise PluginError(f"{PRINT_PAGE}: expected a line '{PRINT_MARK}' where the book goes")
        page.content = page.content.replace(PRINT_MARK, _print_book(nav, page), 1)
    return context


# ---------------------------------------------------------------------------
# Helper functions
# ---------------------------------------------------------------------------


_ID = re.compile(r'\bid="([^"]*)"')
_URL = re.compile(r'\b(href|src)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_ABBR = re.compile(r'<abbr title="[^"]*">(.*?)</abbr>', re.S)


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
        body = _chapters.get(p.file.src_uri, "")
        chapters.append(f'<section class="print-chapter" id="p{n}">\n{_rebase(body, p, n, numbers, here)}\n</section>')
    return (
        '<nav class="print-toc" aria-labelledby="全书目录"><h2 id="全书目录">全书目录</h2>'
        f'<ol>{"".join(toc)}</ol></nav>\n' + "\n".join(chapters)
    )


def _rebase(body: str, page: Page, n: int, numbers: dict[str, int], here: Page) -> str:
    """One page's HTML made to live inside the book."""
    body = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 1)}", body)
    body = _ID.sub(lambda m: f'id="p{n}-{m.group(1)}"', body)
    body = _HEADERLINK.sub("", body)
    seen: set[str] = set()

    def first_use(m):
        if m.group(1) in seen:
            return m.group(1)
        seen.add(m.group(1))
        return m.group(0)

    body = _ABBR.sub(first_use, body)

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
