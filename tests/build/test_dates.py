"""Page dates from git history, and a quiet build without history (e.g. from an archive).

A small project in tmp_path uses the real overrides, the real hooks from
hooks/ and the real git-revision-date-localized settings of mkdocs.yml.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from sitetools import ROOT, build_site

PLUGIN = "git-revision-date-localized"
PAGES = {
    "index.md": "# 首页\n\n欢迎。\n",
    "old.md": "# 旧页\n\n第一版。\n",
    "later.md": "# 后加的页\n\n内容。\n",
}


def _real_config() -> dict:
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)


def _plugin_entry(real: dict) -> dict:
    for item in real["plugins"]:
        if isinstance(item, dict) and PLUGIN in item:
            return item
    raise AssertionError(f"{PLUGIN} is not configured in mkdocs.yml")


def _write_project(dest: Path) -> Path:
    """A tiny Material site wired like the real one: overrides, page-date hooks, date plugin."""
    real = _real_config()
    hooks = [h for h in real["hooks"] if h in ("hooks/versions.py", "hooks/page_dates.py")]
    assert "hooks/page_dates.py" in hooks
    config = {
        "site_name": "日期测试",
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides"), "language": "zh"},
        "plugins": [_plugin_entry(real)],
        "hooks": [str(ROOT / h) for h in hooks],
        "extra": {"edition": "2026.1"},
        "nav": [{"首页": "index.md"}, {"旧页": "old.md"}, {"后加的页": "later.md"}],
    }
    (dest / "docs").mkdir(parents=True)
    for name, text in PAGES.items():
        (dest / "docs" / name).write_text(text, encoding="utf-8")
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return dest / "mkdocs.yml"


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "-c", "user.name=编辑", "-c", "user.email=editor@example.org", *args],
        cwd=repo, env=env, check=True, capture_output=True,
    )


def _build(config_file: Path, site_dir: Path, caplog) -> list[logging.LogRecord]:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build_site(config_file, site_dir)
    return list(caplog.records)


def _dates(html_file: Path) -> dict[str, str]:
    """{"updated": "2026年1月15日", "created": …} as shown under the page."""
    html = html_file.read_text(encoding="utf-8")
    found = {}
    for kind, label in (("updated", "最后更新："), ("created", "创建于：")):
        m = re.search(
            rf'data-date="{kind}">.*?{label}\s*<span[^>]*>([^<]+)</span>', html, re.S
        )
        if m:
            found[kind] = m.group(1).strip()
    return found


def test_real_config_falls_back_instead_of_failing():
    """Without history the plugin must not raise, and must log below WARNING."""
    options = _plugin_entry(_real_config())[PLUGIN]
    assert options["fallback_to_build_date"] is True
    assert options["strict"] is False
    assert options["enable_creation_date"] is True


def test_dates_come_from_git_history(tmp_path, caplog):
    project = tmp_path / "repo"
    config_file = _write_project(project)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "docs/index.md", "docs/old.md", "mkdocs.yml")
    _git(project, "commit", "-q", "-m", "first", date="2025-03-01T12:00:00+08:00")
    (project / "docs/old.md").write_text("# 旧页\n\n第二版。\n", encoding="utf-8")
    _git(project, "commit", "-q", "-am", "second", date="2026-01-15T09:30:00+08:00")
    # docs/later.md stays uncommitted: it has no history yet.

    records = _build(config_file, tmp_path / "site", caplog)

    site = tmp_path / "site"
    assert _dates(site / "old/index.html") == {"updated": "2026年1月15日", "created": "2025年3月1日"}
    assert _dates(site / "index.html") == {"updated": "2025年3月1日", "created": "2025年3月1日"}
    later = (site / "later/index.html").read_text(encoding="utf-8")
    assert "gb-page-dates" not in later, "an uncommitted page must not get an invented date"
    assert [r.getMessage() for r in records if r.levelno >= logging.WARNING] == []
    assert any("not committed yet" in r.getMessage() and "later.md" in r.getMessage() for r in records)


def test_build_without_history_is_quiet_and_shows_no_dates(tmp_path, caplog, monkeypatch):
    # An unpacked release archive: the files, no .git anywhere above them.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    project = tmp_path / "archive"
    config_file = _write_project(project)
    with pytest.raises(subprocess.CalledProcessError):
        subprocess.run(["git", "rev-parse", "--git-dir"], cwd=project, check=True, capture_output=True)

    records = _build(config_file, tmp_path / "site", caplog)  # strict: any warning aborts

    assert [r.getMessage() for r in records if r.levelno >= logging.WARNING] == []
    assert any("has no git history" in r.getMessage() for r in records)
    for page in ("index.html", "old/index.html", "later/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert "gb-page-dates" not in html
        assert "git-revision-date-localized-plugin" not in html
    # The edition still shows in the footer, linked to the changelog.
    footer = (tmp_path / "site/old/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="gb-edition" href="\.\./reference/changelog/"[^>]*>2026\.1 版</a>', footer)


def test_archive_of_a_repository_builds_the_same_way(tmp_path, caplog, monkeypatch):
    """`git archive` of a commit (what a release download is) builds without the history."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    project = tmp_path / "repo"
    _write_project(project)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "first", date="2025-03-01T12:00:00+08:00")
    tar = tmp_path / "release.tar"
    _git(project, "archive", "-o", str(tar), "HEAD")
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    shutil.unpack_archive(tar, unpacked)

    records = _build(unpacked / "mkdocs.yml", tmp_path / "site", caplog)

    assert [r.getMessage() for r in records if r.levelno >= logging.WARNING] == []
    assert _dates(tmp_path / "site/old/index.html") == {}


def test_the_real_handbook_builds_from_an_archive(tmp_path, caplog, monkeypatch):
    """The whole handbook, unpacked without .git (a release download), builds strictly."""
    from sitetools import copy_project

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    project = tmp_path / "handbook"
    project.mkdir()
    config_file = copy_project(project)

    records = _build(config_file, tmp_path / "site", caplog)

    assert [r.getMessage() for r in records if r.levelno >= logging.WARNING] == []
    assert any("has no git history" in r.getMessage() for r in records)
    html = (tmp_path / "site/competencies/meetings/index.html").read_text(encoding="utf-8")
    assert "gb-page-dates" not in html
    assert re.search(r'class="gb-edition"[^>]*>\d{4}\.\d+ 版</a>', html)
