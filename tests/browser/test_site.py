"""The real handbook in Debian chromium: rendering, instant navigation. Search: test_search.py."""

from __future__ import annotations

import re
import time
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


def _slow(page, path: str, seconds: float = 0.4):
    """Hold the fetch of `path` a little, as a phone network does: long enough for whatever the
    page left pending at the click (timers of 100-250 ms) to fire while the next page loads."""

    def hold(route):
        time.sleep(seconds)
        route.fallback()  # on to the context's guard

    page.route(f"**/{path}", hold)


@pytest.mark.parametrize(("link", "target"), [
    ('article a[href*="selling-the-work/#"]', "创意上台贩卖仍是-ae-的事"),  # a link to a section
    ("footer a.md-footer__link--next", None),  # the footer's next page: opens at the top
])
def test_a_link_clicked_right_after_scrolling_opens_where_it_points(page, base_url, link, target):
    """Material saves the scroll offset 100 ms after scrolling stops (and its anchor tracking, now
    off, wrote the section 250 ms after): a link clicked sooner got the old page's offset, or its
    section, written onto the next page, which then opened at the old offset, or at the top with a
    wrong #fragment. overrides/main.html drops those writes while the next page loads."""
    page.goto(base_url + "competencies/presenting/")
    title = page.locator("article h1").inner_text()
    anchor = page.locator(link).first
    path = anchor.evaluate("a => new URL(a.href).pathname").lstrip("/")
    _slow(page, path)
    # Scrolled and clicked at once, as a tap that stops a flick: the scroll is still "fresh".
    assert anchor.evaluate("a => { a.scrollIntoView(); a.click(); return scrollY; }") > 1000
    page.wait_for_url(re.compile(re.escape(path) + (r"#" if target else r"$")))
    expect(page.locator("article h1")).not_to_have_text(title)  # the next page is in place
    page.wait_for_timeout(600)  # longer than any of those timers
    if target:
        assert unquote(urlsplit(page.url).fragment) == target
        expect(page.locator(f'article h2[id="{target}"]')).to_be_in_viewport()
    else:
        assert urlsplit(page.url).fragment == ""
        assert page.evaluate("scrollY") == 0
    assert page.console_errors == []


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
