"""A small MkDocs project using the real quiz hook and assets, for build and browser tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sitetools import ROOT

FIXTURES = ROOT / "tests" / "unit" / "fixtures"

CONFIG = """\
site_name: 测验夹具
site_url: {site_url}
strict: true
theme:
  name: material
  language: zh
  font: false
  features: [navigation.instant]
  palette:
    scheme: {scheme}
plugins:
  - search:
      lang: zh
hooks:
  - {hook}
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: [docs/_snippets]
      auto_append: [abbreviations.md]
      check_paths: true
not_in_nav: |
  /_snippets/
  /practice/hostile.md
nav:
  - index.md
  - other.md
  - competencies/meetings.md
  - foundations/pig-and-chicken.md
  - practice/meetings.md
"""

HOSTILE = """\
title: 恶意数据 <script>window.pwned = "title"</script>
competency: competencies/meetings.md
description: 'AE 描述 <img src=x onerror="window.pwned=1"> **粗**{onmouseover="window.pwned=2"}'
questions:
  - id: hostile
    kind: scenario
    revision: 1
    situation: |
      <script>window.pwned = 3</script>
      [链接](https://example.org){onclick="window.pwned=4"}
    prompt: <b onclick="window.pwned=5">问题</b>
    options:
      - text: '<iframe srcdoc="<script>parent.pwned=6</script>"></iframe>'
        rating: best
        feedback: '<svg onload="window.pwned=7"></svg>'
      - text: '<a href="javascript:window.pwned=8">点我</a>'
        rating: acceptable
        feedback: '<details open ontoggle="window.pwned=9"><summary>x</summary></details>'
      - text: '<style>body{display:none}</style>普通选项'
        rating: poor
        feedback: '<img src=x onerror="window.pwned=10">'
    explanation:
      text: '<script>window.pwned = 11</script>'
      link: competencies/meetings.md#agenda
"""


def make_project(dest: Path, *, site_url: str = "http://127.0.0.1:8000/", scheme: str = "default",
                 edition: str = "2026.1", hostile: bool = False) -> Path:
    """Write the project into `dest` and return its mkdocs.yml (with `hostile`, a quiz `make check` refuses)."""
    docs = dest / "docs"
    shutil.copytree(FIXTURES / "docs", docs)
    shutil.copytree(ROOT / "docs" / "assets" / "quiz", docs / "assets" / "quiz")
    shutil.copytree(ROOT / "docs" / "assets" / "trainer", docs / "assets" / "trainer")
    shutil.copytree(ROOT / "docs" / "assets" / "lms", docs / "assets" / "lms")
    # What the trainer hook writes at build time (hooks/quizkit/BROWSER.md), trimmed.
    (docs / "assets" / "quiz-index.json").write_text(json.dumps({"edition": edition, "quizzes": [
        {"id": "meetings", "questions": [
            {"id": "no-agenda", "revision": 1, "kind": "scenario", "choices": [0, 1, 2], "best": [0]},
            {"id": "ham-and-eggs", "revision": 2, "kind": "branching", "choices": ["all-in", "half-in", "dodge"],
             "best": ["all-in"]}]},
        {"id": "team", "questions": [
            {"id": "one", "revision": 1, "kind": "scenario", "choices": [0, 1, 2], "best": [0]}]}]}), encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n\n没有练习的页面。去 [练习](practice/meetings.md)。\n", encoding="utf-8")
    (docs / "other.md").write_text("# 另一页\n\n也没有练习。\n", encoding="utf-8")
    (docs / "practice").mkdir()
    (docs / "practice" / "meetings.md").write_text(
        "# 练习：开会技巧\n\n练一练 AE 开会。\n\n::: quiz meetings\n", encoding="utf-8")
    if hostile:
        (docs / "practice" / "hostile.md").write_text("# 恶意数据\n\n::: quiz hostile\n", encoding="utf-8")
    (dest / "quizzes").mkdir()
    shutil.copy(FIXTURES / "valid" / "meetings.yml", dest / "quizzes" / "meetings.yml")
    if hostile:
        (dest / "quizzes" / "hostile.yml").write_text(HOSTILE, encoding="utf-8")
    (dest / "pyproject.toml").write_text(f'[project]\nname = "x"\nversion = "{edition}"\n', encoding="utf-8")
    config = dest / "mkdocs.yml"
    config.write_text(CONFIG.format(site_url=site_url, scheme=scheme, hook=(ROOT / "hooks" / "quiz.py").as_posix()),
                      encoding="utf-8")
    return config
