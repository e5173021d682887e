"""Editions with mike: two editions published with `make publish` in a throwaway repository.

The real project is copied into tmp_path, committed, and published twice — the
current edition, then the next one after bumping pyproject.toml — exactly as
CONTRIBUTING.md tells a maintainer to. Then the gh-pages branch is checked as
data (versions.json, the `latest` alias, the default redirect) and served to
Debian's chromium, where Material's version selector must list both editions.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tarfile
import tomllib
from pathlib import Path

import pytest

from sitetools import ROOT, SiteServer, copy_project, same_origin

SHOTS = ROOT / ".artifacts" / "screenshots"
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "发布人",
    "GIT_AUTHOR_EMAIL": "publisher@example.org",
    "GIT_COMMITTER_NAME": "发布人",
    "GIT_COMMITTER_EMAIL": "publisher@example.org",
}


def _run(cwd: Path, *cmd: str) -> str:
    env = {**os.environ, **GIT_ENV}
    # Running under `make test` must not leak the outer make's flags into ours.
    for key in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(key, None)
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _edition(project: Path) -> str:
    with open(project / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def _next_edition(edition: str) -> str:
    year, number = edition.split(".")
    return f"{year}.{int(number) + 1}"


def _set_edition(project: Path, old: str, new: str) -> None:
    path = project / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    pattern = rf'^version = "{re.escape(old)}"$'
    assert len(re.findall(pattern, text, flags=re.M)) == 1
    path.write_text(re.sub(pattern, f'version = "{new}"', text, flags=re.M), encoding="utf-8")


def _make_project(dest: Path, site_url: str) -> Path:
    """A fresh clone, in effect: the project files committed on `main` in a new repository."""
    dest.mkdir()
    copy_project(dest)
    for name in ("Makefile", "requirements.lock", "requirements.in"):
        (dest / name).write_bytes((ROOT / name).read_bytes())
        os.utime(dest / name, (os.path.getmtime(ROOT / name),) * 2)
    # The already installed environment stands in for `make`'s own venv step.
    (dest / ".venv").symlink_to(ROOT / ".venv")
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^site_url: .*$", f"site_url: {site_url}", text, count=1, flags=re.M),
                      encoding="utf-8")
    _run(dest, "git", "init", "-q", "-b", "main")
    (dest / ".git/info/exclude").write_text(".venv\nsite/\n")
    _run(dest, "git", "add", "-A")
    _run(dest, "git", "commit", "-q", "-m", "手册初版")
    return dest


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Two editions published with `make publish`; yields (project, [old, new], server)."""
    server = SiteServer()
    project = _make_project(tmp_path_factory.mktemp("mike") / "handbook", server.url)
    first = _edition(project)
    second = _next_edition(first)

    _run(project, "make", "publish")
    _set_edition(project, first, second)
    _run(project, "git", "commit", "-q", "-am", f"{second} 版")
    _run(project, "make", "publish")

    # Serve what GitHub Pages would serve: the gh-pages branch as files.
    pages = tmp_path_factory.mktemp("gh-pages")
    tar = pages.parent / "gh-pages.tar"
    _run(project, "git", "archive", "-o", str(tar), "gh-pages")
    with tarfile.open(tar) as t:
        t.extractall(pages, filter="tar")
    server.start(pages)
    yield project, [first, second], server, pages
    server.stop()


def test_versions_json_lists_both_editions_with_latest_on_the_newest(published):
    project, (first, second), _, _ = published
    versions = json.loads(_run(project, "git", "show", "gh-pages:versions.json"))
    assert versions == [
        {"version": second, "title": second, "aliases": ["latest"]},
        {"version": first, "title": first, "aliases": []},
    ]


def test_latest_is_the_default_and_points_to_the_newest(published):
    project, (_, second), _, pages = published
    tree = _run(project, "git", "ls-tree", "gh-pages")
    assert re.search(r"^120000 blob \w+\tlatest$", tree, flags=re.M), tree
    assert os.readlink(pages / "latest") == second
    # `mike set-default latest`: the site root sends readers to latest/.
    root = (pages / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=latest/"' in root or "latest/" in root
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        version = yaml_load(f)["extra"]["version"]
    assert version == {"provider": "mike", "default": "latest"}


def test_each_edition_carries_its_own_number_and_the_selector(published):
    _, editions, _, pages = published
    for edition in editions:
        html = (pages / edition / "index.html").read_text(encoding="utf-8")
        assert f">{edition} 版</a>" in html
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                      html, re.S).group(1))
        assert config["version"] == {"provider": "mike", "default": "latest"}


def test_publishing_refuses_a_tag_that_is_not_the_edition(published):
    project, (_, second), _, _ = published
    env = {**os.environ, **GIT_ENV}
    for key in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(key, None)
    done = subprocess.run(["make", "publish", "TAG=1999.9"], cwd=project, env=env,
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert f"Tag 1999.9 does not match the edition {second}" in done.stdout + done.stderr


def test_publishing_refuses_uncommitted_changes(published):
    project, _, _, _ = published
    env = {**os.environ, **GIT_ENV}
    for key in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(key, None)
    draft = project / "docs" / "draft.md"
    draft.write_text("# 草稿\n", encoding="utf-8")
    try:
        done = subprocess.run(["make", "publish"], cwd=project, env=env, capture_output=True, text=True)
    finally:
        draft.unlink()
    assert done.returncode != 0
    assert "Uncommitted changes" in done.stdout + done.stderr
    assert "docs/draft.md" in done.stdout


def test_a_normal_build_has_no_version_selector(site):
    """`mkdocs build`/`serve` (not mike): no selector, so no fetch of ../versions.json."""
    html = (site / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    assert config["version"] is None
    # The edition still shows, in the footer, linked to the changelog.
    edition = _edition(ROOT)
    link = re.search(r'<a class="gb-edition" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert link.group(2) == f"{edition} 版"
    assert (site / link.group(1) / "index.html").is_file()


def _guarded(browser, base: str, external: list[str]):
    """A browser context that records and blocks every request leaving `base`."""
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    ctx.route("**/*", lambda route: route.continue_() if same_origin(route.request.url, base)
              else (external.append(route.request.url), route.abort()))
    return ctx


@pytest.mark.browser
def test_selector_lists_both_editions_and_old_edition_is_flagged(published, browser):
    _, (first, second), server, _ = published
    external: list[str] = []
    errors: list[str] = []

    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = _guarded(browser, server.url, external)
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(server.url)  # the root redirects to the default alias
    page.wait_for_url(f"{server.url}latest/")
    current = page.locator(".md-version__current")
    current.wait_for()
    assert current.inner_text().strip() == second
    page.locator(".md-version").hover()
    links = page.locator(".md-version__list .md-version__link")
    links.first.wait_for(state="visible")
    assert [t.strip() for t in links.all_inner_texts()] == [second, first]
    assert page.locator("a.gb-edition").inner_text() == f"{second} 版"
    assert page.locator("[data-md-component=outdated]").is_hidden()
    page.screenshot(path=str(SHOTS / "editions-selector.png"))

    links.nth(1).click()
    page.wait_for_url(re.compile(rf"{re.escape(server.url)}{re.escape(first)}/"))
    page.locator(".md-banner--warning").wait_for(state="visible")
    assert "旧版" in page.locator(".md-banner--warning").inner_text()
    assert page.locator("a.gb-edition").inner_text() == f"{first} 版"
    assert page.locator(".md-version__current").inner_text().strip() == first
    page.screenshot(path=str(SHOTS / "editions-outdated.png"))
    footer = page.locator(".md-footer-meta")
    footer.scroll_into_view_if_needed()
    footer.screenshot(path=str(SHOTS / "editions-footer.png"))
    # The banner's link leads back to the newest edition.
    page.locator(".md-banner--warning a").click()
    page.wait_for_url(f"{server.url}latest/")
    page.locator(".md-version__current").wait_for()
    assert page.locator(".md-version__current").inner_text().strip() == second
    ctx.close()

    assert external == []
    assert errors == []


@pytest.mark.browser
def test_search_works_in_each_published_edition(published, browser):
    """Each edition carries its own Pagefind index; results stay inside the edition searched."""
    _, (first, _), server, pages = published
    external: list[str] = []

    ctx = _guarded(browser, server.url, external)
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    for edition in (first, "latest"):
        assert (pages / edition / "pagefind" / "pagefind.js").is_file()
        page.goto(f"{server.url}{edition}/competencies/meetings/")
        page.locator("input.md-search__input").click()
        page.keyboard.insert_text("预演")
        page.locator('.md-search-result__list[data-gb-query="预演"]').wait_for(state="attached")
        hrefs = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
            "els => els.map(e => e.href)")
        assert hrefs and all(h.startswith(f"{server.url}{edition}/") for h in hrefs), hrefs
        assert any("/competencies/presenting/" in h for h in hrefs[:3]), hrefs
    ctx.close()
    assert external == []
