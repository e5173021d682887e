"""The real handbook: strict build, navigation, page shape, origin. Search index: test_search_index.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitetools import ROOT

COMPETENCIES = [
    "client-business-planning",
    "team",
    "judging-creative",
    "presenting",
    "meetings",
    "strategic-thinking",
    "communication",
    "process",
    "selling-the-work",
    "money",
    "leadership",
]
FRAMING = [
    "index.md",
    "foundations/why.md",
    "foundations/three-basics.md",
    "foundations/professional-attitude.md",
    "foundations/upholding.md",
    "foundations/pig-and-chicken.md",
    "reference/glossary.md",
    "reference/about.md",
]


def _nav_files(items) -> list[str]:
    """Every page path in a nav tree as mkdocs.yml spells it."""
    out: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += _nav_files(value)
        else:
            out.append(value)
    return out


@pytest.fixture(scope="module")
def nav_files() -> list[str]:
    from mkdocs.config import load_config

    return _nav_files(load_config(str(ROOT / "mkdocs.yml")).nav)


def _html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_competency_has_a_page_in_the_nav(nav_files):
    for slug in COMPETENCIES:
        assert f"competencies/{slug}.md" in nav_files
        assert (ROOT / "docs/competencies" / f"{slug}.md").is_file()


def test_framing_pages_are_in_the_nav(nav_files):
    for path in FRAMING:
        assert path in nav_files
        assert (ROOT / "docs" / path).is_file()


def test_every_nav_page_exists(nav_files):
    missing = [p for p in nav_files if not (ROOT / "docs" / p).is_file()]
    assert missing == []


class _Shape(HTMLParser):
    """Collects h1 count, the first element after h1, and what the page loads."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src",
             "video": "src", "audio": "src", "embed": "src", "object": "data"}
    # <link> relations that make the browser fetch or connect (canonical does not).
    FETCHING = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect",
                "dns-prefetch", "manifest", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.in_article = 0
        self.h1 = 0
        self.after_h1: str | None = None
        self._await_after_h1 = False
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.in_article += 1
        if self.in_article:
            if tag == "h1":
                self.h1 += 1
                self._await_after_h1 = True
            elif self._await_after_h1 and tag not in ("a", "span", "h1"):
                self.after_h1 = tag
                self._await_after_h1 = False
        if tag in self.LOADS and a.get(self.LOADS[tag]):
            self.loads.append(a[self.LOADS[tag]])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & self.FETCHING:
            self.loads.append(a["href"])
        for value in (a.get("srcset") or "").split(","):
            if value.strip():
                self.loads.append(value.split()[0])

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        if tag == "h1" and self._await_after_h1:
            pass


def test_every_page_has_one_title_and_a_summary(site):
    problems = []
    for page in _html_pages(site):
        shape = _Shape()
        shape.feed(page.read_text("utf-8"))
        rel = page.relative_to(site)
        if shape.h1 != 1:
            problems.append(f"{rel}: {shape.h1} <h1>")
        elif shape.after_h1 != "p":
            problems.append(f"{rel}: first block after the title is <{shape.after_h1}>, not a summary <p>")
    assert problems == []


def test_no_built_page_loads_anything_from_another_origin(site, base_url):
    offenders = []
    for page in sorted(site.rglob("*.html")):
        shape = _Shape()
        text = page.read_text("utf-8")
        shape.feed(text)
        for url in shape.loads:
            if re.match(r"^(https?:)?//", url) and not url.startswith(base_url):
                offenders.append(f"{page.relative_to(site)}: {url}")
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            offenders.append(f"{page.relative_to(site)}: Google Fonts")
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text("utf-8")):
            offenders.append(f"{css.relative_to(site)}: {url}")
        if re.search(r"@import\s+(url\()?['\"]?(https?:)?//", css.read_text("utf-8")):
            offenders.append(f"{css.relative_to(site)}: @import from another origin")
    assert offenders == []


def test_headings_get_chinese_slugs(site):
    html = (site / "competencies/presenting/index.html").read_text("utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids and all(re.search(r"[\u4e00-\u9fff]", i) for i in ids), ids
