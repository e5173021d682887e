"""The real handbook in Debian chromium: rendering, instant navigation. Search: test_search.py."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from sitetools import ROOT, wait_for_instant_navigation

SHOTS = ROOT / ".artifacts" / "screenshots"


def test_home_page_renders(page, base_url):
    page.goto(base_url)
    assert page.title().endswith("高标手册")
    assert page.locator("article h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.console_errors == []


def test_instant_navigation_reaches_a_competency_page_without_reload(page, base_url):
    page.goto(base_url)
    wait_for_instant_navigation(page)
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
    wait_for_instant_navigation(page)
    page.evaluate("window.stayed = true")
    title = page.locator("article h1").inner_text()
    anchor = page.locator(link).first
    path = anchor.evaluate("a => new URL(a.href).pathname").lstrip("/")
    _slow(page, path)
    # Scrolled and clicked at once, as a tap that stops a flick: the scroll is still "fresh".
    assert anchor.evaluate("a => { a.scrollIntoView(); a.click(); return scrollY; }") > 1000
    page.wait_for_url(re.compile(re.escape(path) + (r"#" if target else r"$")))
    expect(page.locator("article h1")).not_to_have_text(title)  # the next page is in place
    assert page.evaluate("window.stayed") is True, "instant navigation did not happen"
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


# ---------------------------------------------------------------------------
# Learners: self-check boxes, the phone home page, no editor's tools
# ---------------------------------------------------------------------------


def test_self_check_boxes_toggle_with_a_44px_target_and_remember_nothing(page, base_url):
    """pymdownx renders them disabled (tappable-looking, dead): hooks/tasklist_labels.py makes them toggles."""
    page.goto(base_url + "competencies/meetings/")
    box = page.locator(".task-list-control input").first
    assert box.is_enabled() and not box.is_checked()
    hit = page.locator(".task-list-indicator").first.evaluate(
        "e => { const a = getComputedStyle(e, '::after'); return [a.width, a.height, getComputedStyle(e.parentElement).cursor]; }")
    assert hit == ["44px", "44px", "pointer"]
    storage = "JSON.stringify({...localStorage})"
    before = page.evaluate(storage)
    box.scroll_into_view_if_needed()
    # Where Material draws the 1.25em box (its ::before, 1.5em left of the item's text).
    x, y = page.locator(".task-list-indicator").first.evaluate("""e => { const r = e.getBoundingClientRect(),
        em = parseFloat(getComputedStyle(e).fontSize); return [r.left - 1.5 * em + .625 * em, r.top + .775 * em]; }""")
    page.mouse.click(x, y)
    assert box.is_checked()
    page.mouse.click(x + 16, y + 4)  # a thumb beside the 20 px box still lands in its 44 px target
    assert not box.is_checked()
    page.keyboard.press("Space")  # the box has focus now: the keyboard toggles it too
    assert box.is_checked()
    page.reload()
    assert not page.locator(".task-list-control input").first.is_checked()
    assert page.evaluate(storage) == before
    assert page.console_errors == []


def test_phone_home_page_starts_here_near_the_top_and_names_no_left_sidebar(browser, base_url):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}, has_touch=True)
    page = ctx.new_page()
    page.goto(base_url)
    start = page.locator("article p:has(strong:text-is('从这里开始')) a").first
    assert start.get_attribute("href").rstrip("/").endswith("foundations/why")
    box = start.bounding_box()
    assert box["y"] + box["height"] <= 740, "the start link is below the first phone screen"
    assert "左侧" not in page.locator("article").inner_text()
    ctx.close()


def _editor_tools_shown(page):
    return page.locator(".md-content__button, .md-source").evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.className)")


@pytest.mark.parametrize(("path", "learner"), [
    ("practice/meetings/", True), ("practice/result/", True), ("trainers/", True),
    ("competencies/meetings/", False),
])
def test_learner_pages_show_no_edit_pencil_or_repository_link(page, base_url, path, learner):
    page.goto(base_url + path)
    assert page.locator(".md-content__button").count() > 0 and page.locator(".md-source").count() > 0
    assert (_editor_tools_shown(page) == []) is learner


def test_editor_tools_follow_instant_navigation_both_ways(page, base_url):
    page.goto(base_url + "competencies/meetings/")
    wait_for_instant_navigation(page)
    page.evaluate("window.stayed = true")
    assert _editor_tools_shown(page) != []
    page.locator("article a[href$='practice/meetings/']").first.click()
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert page.evaluate("window.stayed") is True, "instant navigation did not happen"
    assert _editor_tools_shown(page) == []
    page.go_back()
    page.wait_for_function("() => !document.querySelector('.quiz')")
    assert page.evaluate("window.stayed") is True
    assert _editor_tools_shown(page) != []
