"""Helpers shared by the build and browser tests: build a project, serve a folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_site(config_file: Path, site_dir: Path, site_url: str | None = None, **overrides):
    """Build the MkDocs project at `config_file` strictly into `site_dir`; return the config."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    kwargs = {"site_dir": str(site_dir), "strict": True, **overrides}
    if site_url is not None:
        kwargs["site_url"] = site_url
    config = load_config(str(config_file), **kwargs)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass


class SiteServer:
    """Serve a folder over HTTP from a thread on 127.0.0.1 and a free port."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler)
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread: threading.Thread | None = None

    def _handler(self, *args, **kwargs):
        if self.directory is None:
            raise RuntimeError("SiteServer started without a directory")
        return _QuietHandler(*args, directory=str(self.directory), **kwargs)

    def start(self, directory: Path | None = None) -> "SiteServer":
        if directory is not None:
            self.directory = directory
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def copy_project(dest: Path, *, with_quizzes: bool = True) -> Path:
    """Copy the real project (config, docs, hooks, overrides, quizzes) into `dest`."""
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("docs", "hooks", "overrides", "quizzes"):
        if (ROOT / name).exists() and (with_quizzes or name != "quizzes"):
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest / "mkdocs.yml"


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium(**launch_kwargs):
    """Launch Debian's chromium through Playwright (a fresh profile every launch)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, **launch_kwargs
        )
        try:
            yield browser
        finally:
            browser.close()


# Material's instant navigation takes a click only once it has read sitemap.xml (its click stream
# waits for the sitemap); a click before that is an ordinary page load. On a busy machine a test's
# first click can come first, so a test that needs instant navigation waits for the moment
# Material's own read of the sitemap has been handed on. Added to a context before any page loads.
INSTANT_WATCH = """(() => {
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (String(url).endsWith('/sitemap.xml')) this.addEventListener('load', () => {
      const blob = this.response, text = blob.text.bind(blob);
      blob.text = () => text().then(t => { setTimeout(() => { window.__sitemapRead = true; }); return t; });
    });
    return open.call(this, method, url, ...rest);
  };
})();"""


def wait_for_instant_navigation(page):
    """Wait until a click on a link of the site is instant navigation (see INSTANT_WATCH)."""
    page.wait_for_function("() => window.__sitemapRead === true")


@functools.cache
def same_origin(url: str, base: str) -> bool:
    """True for URLs served by `base` (and for data:/blob:/about: URLs, which fetch nothing)."""
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return url.startswith(base)


def pagefind_pages(site: Path) -> dict[str, dict]:
    """What Pagefind indexed in a built site: {site path: fragment} (url, content, meta, anchors).

    Each fragment is gzip'd JSON after a 12-byte signature; `content` has the page's words as
    Pagefind segmented them, joined by zero-width spaces."""
    import gzip
    import json

    pages = {}
    for frag in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(frag.read_bytes())
        assert data.startswith(b"pagefind_dcd"), frag
        page = json.loads(data[len(b"pagefind_dcd"):])
        pages[page["url"].lstrip("/")] = page
    return pages
