"""The edition and the page dates on the real site (a normal build, not mike)."""

from __future__ import annotations

import re
import tomllib

from sitetools import ROOT

SHOTS = ROOT / ".artifacts" / "screenshots"


def _edition() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def test_footer_shows_the_edition_and_leads_to_the_changelog(page, base_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "competencies/meetings/")
    link = page.locator("footer a.gb-edition")
    assert link.inner_text() == f"{_edition()} 版"
    # A normal build has no version selector, so nothing asks for versions.json.
    assert page.locator(".md-version").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    link.scroll_into_view_if_needed()
    page.locator(".md-footer-meta").screenshot(path=str(SHOTS / "edition-footer.png"))
    link.click()
    page.wait_for_url(re.compile(r"reference/changelog/$"))
    # Instant navigation changes the URL first, then swaps the content.
    page.locator("article h1:has-text('更新记录')").wait_for()
    assert page.locator(f"article h2:has-text('{_edition()} 版')").count() == 1
    assert not any("versions.json" in url for url in requested)
    assert page.console_errors == []


def test_committed_pages_show_their_dates(page, base_url):
    """The home page is in git history, so it shows when it was last changed and created."""
    page.goto(base_url)
    dates = page.locator("aside.gb-page-dates")
    updated = dates.locator("[data-date=updated]").inner_text().strip()
    created = dates.locator("[data-date=created]").inner_text().strip()
    assert re.fullmatch(r"最后更新：\s*\d{4}年\d{1,2}月\d{1,2}日", updated), updated
    assert re.fullmatch(r"创建于：\s*\d{4}年\d{1,2}月\d{1,2}日", created), created
    dates.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "page-dates.png"))
