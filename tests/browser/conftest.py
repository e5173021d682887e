"""Browser fixtures: Debian chromium through Playwright, guarded against foreign requests.

The real site (`site`, `base_url`) comes from tests/conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitetools import CHROMIUM, INSTANT_WATCH, chromium, same_origin


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


class Guard:
    """Records every request that would leave the site's origin, and console errors."""

    def __init__(self, base: str):
        self.base = base
        self.external: list[str] = []
        self.console_errors: list[str] = []

    def route(self, route):
        url = route.request.url
        if same_origin(url, self.base):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()


@pytest.fixture
def context(browser, base_url):
    """A fresh browser context (empty storage) that blocks and records foreign requests."""
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    guard = Guard(base_url)
    ctx.route("**/*", guard.route)
    ctx.add_init_script(INSTANT_WATCH)
    ctx.guard = guard
    yield ctx
    ctx.close()
    assert guard.external == [], f"requests left the origin: {guard.external}"


@pytest.fixture
def page(context):
    """A page in `context`; `page.console_errors` collects console errors and page errors."""
    pg = context.new_page()
    guard = context.guard
    pg.on("console", lambda m: m.type == "error" and guard.console_errors.append(m.text))
    pg.on("pageerror", lambda e: guard.console_errors.append(str(e)))
    pg.console_errors = guard.console_errors
    pg.set_default_timeout(10_000)
    yield pg
