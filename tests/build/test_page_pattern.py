"""The eleven competency pages follow one pattern (CONTRIBUTING.md, 能力页的样子), and every
content page marks what the handbook adds: checked on the real site, built once per session."""

from __future__ import annotations

import html
import re

import pytest

COMPETENCIES = [
    "client-business-planning", "team", "judging-creative", "presenting", "meetings",
    "strategic-thinking", "communication", "process", "selling-the-work", "money", "leadership",
]
CONTENT_PAGES = [f"competencies/{slug}" for slug in COMPETENCIES] + [
    "competencies", "foundations/why", "foundations/three-basics", "foundations/professional-attitude",
    "foundations/upholding", "foundations/pig-and-chicken", "", "reference/about", "reference/glossary",
]
FIRST, LAST = "这项能力要求什么", ["常见的闪躲", "自我检查", "练习", "相关能力"]
MARK = "手册补充："

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', re.S)
_HEADING = re.compile(r'<h([123]) id="[^"]*">(.*?)<a class="headerlink"', re.S)
_ADMONITION = re.compile(r'<(?:div|details) class="admonition ([a-z]+)">\s*<p class="admonition-title">(.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]+>")
CJK = "\u4e00-\u9fff"


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()


def _article(site, page: str) -> str:
    return _ARTICLE.search((site / page / "index.html").read_text("utf-8")).group(1)


def _sections(article: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(title, lead HTML, [(h2 title, HTML up to the next h2)])."""
    h2 = list(re.finditer(r'<h2 id="[^"]*">(.*?)<a class="headerlink".*?</h2>', article, re.S))
    h1 = re.search(r"<h1 [^>]*>(.*?)<a class=\"headerlink\".*?</h1>", article, re.S)
    lead = article[h1.end():h2[0].start()]
    sections = [
        (_text(m.group(1)), article[m.end():(h2[i + 1].start() if i + 1 < len(h2) else len(article))])
        for i, m in enumerate(h2)
    ]
    return _text(h1.group(1)), lead, sections


@pytest.mark.parametrize("slug", COMPETENCIES)
def test_competency_page_follows_the_pattern(site, slug):
    title, lead, sections = _sections(_article(site, f"competencies/{slug}"))
    names = [name for name, _ in sections]
    body = dict(sections)
    problems = []

    if not re.fullmatch(r"\s*<p>.+</p>\s*", lead, re.S):
        problems.append("the title is followed by one lead paragraph")
    if names[0] != FIRST or names[-4:] != LAST or len(names) < 6:
        problems.append(f"sections: {names[0]!r} first, then the page's own, then {LAST}; found {names}")

    requirements = body.get(FIRST, "")
    if requirements.count("<ol>") != 1 or "admonition" in requirements:
        problems.append(f"{FIRST}: one numbered list of the talk's requirements, no box")

    boxes = _ADMONITION.findall(_article(site, f"competencies/{slug}"))
    for kind, box_title in boxes:
        box_title = _text(box_title)
        allowed = {"example": box_title == MARK + "举个例子",
                   "tip": box_title.startswith(MARK + "范本 · ") and len(box_title) > len(MARK + "范本 · "),
                   "failure": box_title == MARK + "常见的闪躲"}
        if not allowed.get(kind, False):
            problems.append(f"box {kind} {box_title!r}: use example 举个例子, tip 范本 · 名称 or failure 常见的闪躲")
    if [k for k, _ in boxes].count("failure") != 1:
        problems.append("exactly one 常见的闪躲 box")
    dodges = body.get("常见的闪躲", "")
    if not re.fullmatch(r'\s*<div class="admonition failure">\s*<p class="admonition-title">[^<]*</p>\s*<ul>.*</ul>\s*</div>\s*',
                        dodges, re.S) or dodges.count("<li>") != dodges.count("<li><strong>"):
        problems.append("常见的闪躲: only the failure box, a list whose items start in bold")

    if body.get("自我检查", "").count('class="task-list-item"') < 3:
        problems.append("自我检查: a task list")

    practice = body.get("练习", "").strip()
    blurb = re.fullmatch(rf'<p><a href="\.\./\.\./practice/{slug}/">练习：(.+?)</a>：(.+)</p>', practice, re.S)
    if not blurb or _text(blurb.group(1)) != title:
        problems.append(f"练习: one line '[练习：{title}](../practice/{slug}.md)：…'")
    elif re.search(r"[0-9一二三四五六七八九十]+(道|个|组)?(情境|题)|分钟", _text(blurb.group(2))):
        problems.append("练习: no question counts or durations (the bank changes)")

    related = body.get("相关能力", "")
    items = re.findall(r"<li>(.*?)</li>", related, re.S)
    if related.count("<ul>") != 1 or not items or not all(re.match(r'<a href="[^"]+">[^<]+</a>：', i) for i in items):
        problems.append("相关能力: one list of '[页名](页面.md)：一句话'")

    assert problems == [], f"competencies/{slug}.md:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_every_box_on_a_content_page_is_marked_as_the_handbooks(site, page):
    article = _article(site, page)
    unmarked = [_text(t) for _, t in _ADMONITION.findall(article) if not _text(t).startswith(MARK)]
    assert unmarked == [], f"{page or 'index'}: box titles start with {MARK}"
    # A link sits against Chinese text with no space: 见[财务管理](money.md), not 见 [财务管理](money.md).
    spaced = re.findall(rf"[{CJK}，。、：；（] +<a href=\"[^\"#][^\"]*\">[{CJK}].*?</a>", article)
    spaced += re.findall(rf"<a href=\"[^\"#][^\"]*\">[^<]*[{CJK}]</a> +[{CJK}]", article)
    assert spaced == [], f"{page or 'index'}: no space between Chinese text and a link: {spaced}"
