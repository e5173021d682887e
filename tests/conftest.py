"""Session fixtures shared by the build and browser tests."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from sitetools import CHROMIUM, ROOT, SiteServer, build_site, chromium

# Builds keep jieba's dictionary in the user's cache folder: tests use a folder of their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="gaobiao-test-cache-")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """A whole-suite run (no paths given) must collect every test file under tests/."""
    if config.option.file_or_dir:
        return
    here = Path(__file__).parent
    on_disk = {p for p in here.rglob("test_*.py") if "fixtures" not in p.parts}
    collected = {Path(str(item.fspath)) for item in items}
    missing = sorted(str(p.relative_to(ROOT)) for p in on_disk - collected)
    if missing:
        raise pytest.UsageError("test files that pytest did not collect (see norecursedirs in pyproject.toml): "
                                + ", ".join(missing))


def pytest_report_header(config):
    return "build caches in " + os.environ["XDG_CACHE_HOME"]


@pytest.fixture(scope="session")
def server():
    """A server bound before the build, so `site_url` can match where pages are served."""
    srv = SiteServer()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def site(server, tmp_path_factory) -> Path:
    """The real handbook, built strictly once per test session and served by `server`."""
    site_dir = tmp_path_factory.mktemp("site")
    build_site(ROOT / "mkdocs.yml", site_dir, site_url=server.url)
    server.start(site_dir)
    return site_dir


@pytest.fixture(scope="session")
def base_url(site, server) -> str:
    """Where the real site is served; matches its `site_url`."""
    return server.url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, one per test session (Playwright's sync API allows one at a time)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with chromium() as b:
        yield b
