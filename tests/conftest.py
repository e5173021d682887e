"""Session fixtures shared by the build and browser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitetools import ROOT, SiteServer, build_site


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
