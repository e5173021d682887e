"""The real handbook in Debian chromium: rendering, instant navigation, Chinese search."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from sitetools import ROOT

SHOTS = ROOT / ".artifacts" / "screenshots"


def test_home_page_renders(page, base_url):
    page.goto(base_url)
    assert page.title().endswith("高标手册")
    assert page.locator("article h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.console_errors == []


def test_instant_navigation_reaches_a_competency_page_without_reload(page, base_url):
    page.goto(base_url)
    page.evaluate("window.__stillHere = 'yes'")
    page.locator('a[href$="competencies/presenting/"]').first.click()
    page.wait_for_url(re.compile(r"competencies/presenting/$"))
    expect(page.locator("article h1")).to_contain_text("提案")
    assert page.evaluate("window.__stillHere") == "yes", "navigation reloaded the page"


def test_a_link_to_a_section_right_after_scrolling_lands_on_that_section(page, base_url):
    """Material's anchor tracking (navigation.tracking, now off) wrote the old page's section
    onto the next page's address when a link was clicked within 250 ms of scrolling: the reader
    landed at the top with a wrong #fragment instead of on the section the link named."""
    page.goto(base_url + "competencies/presenting/")
    link = page.locator('article a[href*="selling-the-work/#"]').first
    link.scroll_into_view_if_needed()
    link.click()  # no pause: the scroll is still "fresh"
    target = "创意上台贩卖仍是-ae-的事"
    page.wait_for_url(re.compile(r"competencies/selling-the-work/#"))
    heading = page.locator(f'article h2[id="{target}"]')
    expect(heading).to_be_in_viewport()
    page.wait_for_timeout(600)  # longer than the tracking's 250 ms debounce
    assert unquote(urlsplit(page.url).fragment) == target
    expect(heading).to_be_in_viewport()
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("提案", "competencies/presenting/"),
        ("猪", "foundations/pig-and-chicken/"),
        ("经营计划", "competencies/client-business-planning/"),
    ],
)
def test_chinese_search_lists_the_right_page(page, base_url, query, expected):
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material listens for keyup; fill() alone does not fire it for Chinese text.
    box.press("End")
    results = page.locator(".md-search-result__item > .md-search-result__link")
    results.first.wait_for()
    pages = []
    for i in range(results.count()):
        path = (results.nth(i).get_attribute("href") or "").split("?")[0].split("#")[0]
        if path not in pages:
            pages.append(path)
    assert any(p.endswith(expected) for p in pages[:5]), pages[:5]


@pytest.mark.parametrize(
    ("name", "scheme", "width"),
    [("light", "light", 1280), ("dark", "dark", 1280), ("phone", "light", 360)],
)
def test_competency_page_screenshots(browser, base_url, name, scheme, width):
    ctx = browser.new_context(
        locale="zh-CN", color_scheme=scheme, viewport={"width": width, "height": 900}
    )
    try:
        pg = ctx.new_page()
        pg.goto(base_url + "competencies/meetings/")
        body_bg = pg.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (body_bg == "rgb(255, 255, 255)") == (scheme == "light"), body_bg
        overflow = pg.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{overflow}px of horizontal scrolling at {width}px"
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / f"competency-{name}.png"), full_page=False)
    finally:
        ctx.close()
