"""The trainer hook in a real MkDocs build of a small project: catalogue, quiz index,
answer keys, the printed book, and trainer assets only where they belong."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from sitetools import ROOT, build_site

FIXTURES = ROOT / "tests" / "unit" / "fixtures"

CONFIG = """\
site_name: 培训工具夹具
site_url: http://127.0.0.1:8000/
strict: true
theme:
  name: material
  language: zh
  font: false
  features: [navigation.instant]
plugins:
  - search:
      lang: zh
hooks:
  - {root}/hooks/quiz.py
  - {root}/hooks/print_book.py
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - footnotes
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
nav:
  - index.md
  - 能力:
      - competencies/meetings.md
      - competencies/team.md
  - foundations/pig-and-chicken.md
  - 练习:
      - practice/team.md
      - practice/meetings.md
      - practice/progress.md
      - practice/assignment.md
      - practice/result.md
  - 培训师:
      - trainers/index.md
      - trainers/catalogue.md
      - trainers/assign.md
      - trainers/results.md
  - reference/print.md
"""

TEAM_QUIZ = """\
title: 团队的能力 · **情境**练习
competency: competencies/team.md
description: 两个团队现场。
questions:
  - id: kickoff
    kind: scenario
    revision: 3
    situation: 新客户的第一次内部会，创意说“先把 brief 给我就行”。
    prompt: 你怎么做？
    options:
      - text: 把 brief 发过去就好。
        rating: poor
        feedback: 团队没有共识。
      - text: 约大家一起聊客户的生意和今年的目标。
        rating: best
        feedback: 先有共同的期望，才有拥有感。
      - text: 让创意自己去看客户网站。
        rating: acceptable
        feedback: 有信息，没有共识。
    explanation:
      text: 先让团队了解彼此的期望，见 [团队](competencies/team.md#共同的期望)。
      link: competencies/team.md#共同的期望
  - id: weekly
    kind: scenario
    revision: 1
    situation: 一周没有新工作单。
    prompt: 这一周和团队聊什么？
    options:
      - text: 什么都不聊。
        rating: poor
        feedback: 只在派活时找人。
      - text: 聊客户最近的生意。
        rating: best
        feedback: 平时就聊客户。
      - text: 聊别的客户。
        rating: acceptable
        feedback: 跑题了。
    explanation:
      text: 平时常聊客户。
      link: competencies/team.md
"""

TEAM_PAGE = """\
# 团队的能力

AE 带队的能力。[开会技巧](meetings.md#agenda) 也有关系；回到 [首页](../index.md)。

## 共同的期望

大家了解彼此的期望，AE 也一样。![图](../assets/pic.png)

### 细节 {#detail}

脚注[^1]。

[^1]: 一个脚注。
"""


def write_project(dest: Path, *, drop: str | None = None) -> Path:
    docs = dest / "docs"
    shutil.copytree(FIXTURES / "docs", docs)
    for name in ("quiz", "trainer", "lms"):
        shutil.copytree(ROOT / "docs" / "assets" / name, docs / "assets" / name)
    (docs / "assets" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs / "index.md").write_text("# 首页\n\n手册首页。去 [团队的能力](competencies/team.md#共同的期望)。\n", encoding="utf-8")
    (docs / "competencies" / "team.md").write_text(TEAM_PAGE, encoding="utf-8")
    (docs / "practice").mkdir()
    (docs / "practice" / "meetings.md").write_text("# 练习：开会\n\n练一练。\n\n::: quiz meetings\n", encoding="utf-8")
    (docs / "practice" / "team.md").write_text("# 练习：团队\n\n练一练。\n\n::: quiz team\n", encoding="utf-8")
    for page in ("practice/progress.md", "practice/assignment.md", "practice/result.md", "trainers/index.md",
                 "trainers/catalogue.md", "trainers/assign.md", "trainers/results.md", "reference/print.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "docs" / page, docs / page)
    if drop:
        path = docs / drop.split("::")[0]
        path.write_text(path.read_text("utf-8").replace(drop.split("::")[1], ""), encoding="utf-8")
    (dest / "quizzes").mkdir()
    shutil.copy(FIXTURES / "valid" / "meetings.yml", dest / "quizzes" / "meetings.yml")
    (dest / "quizzes" / "team.yml").write_text(TEAM_QUIZ, encoding="utf-8")
    (dest / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "2031.2"\n', encoding="utf-8")
    config = dest / "mkdocs.yml"
    config.write_text(CONFIG.format(root=ROOT.as_posix()), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("trainersite")
    build_site(write_project(root), root / "site")
    return root / "site"


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


# ---------------------------------------------------------------------------
# Catalogue and quiz index
# ---------------------------------------------------------------------------


def test_catalogue_table_is_built_from_the_quiz_data_in_nav_order(site):
    html = article(read(site, "trainers/catalogue"))
    assert "quiz-catalogue" not in html
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]
    assert cells == [
        "练习 对应内容 题数 约需 答案要点",
        "团队的能力 · 情境练习 团队的能力 2 3 分钟 打印答案要点",
        "开会技巧 · 情境练习 开会技巧 2（含 1 个情境模拟） 6 分钟 打印答案要点",
        "合计 2 个练习 4 9 分钟",
    ]
    assert 'href="../../practice/team/"' in html and 'href="../../competencies/team/"' in html
    assert 'href="../keys/meetings/"' in html


def test_quiz_index_lists_quizzes_questions_and_revisions(site):
    index = json.loads((site / "assets" / "quiz-index.json").read_text(encoding="utf-8"))
    assert (index["v"], index["edition"], index["editions"]) == (1, "2031.2", ["2031.2"])
    team, meetings = index["quizzes"]
    # Where each question is, for editors, and each choice's rating, for the item analysis.
    assert team.pop("source") == "quizzes/team.yml"
    lines = [q.pop("line") for q in team["questions"]]
    assert lines == sorted(lines) and lines[0] > 1
    assert [q.pop("ratings") for q in team["questions"]][0].count("best") == 1
    assert team == {
        "id": "team",
        "title": "团队的能力 · 情境练习",
        "competency": {"page": "competencies/team.md", "title": "团队的能力", "url": "competencies/team/"},
        "url": "practice/team/",
        "minutes": 3,
        "questions": [
            {"id": "kickoff", "revision": 3, "kind": "scenario", "title": "新客户的第一次内部会，创意说“先把 brief 给我就行……",
             "choices": [0, 1, 2], "best": [1]},
            {"id": "weekly", "revision": 1, "kind": "scenario", "title": "一周没有新工作单。",
             "choices": [0, 1, 2], "best": [1]},
        ],
    }
    assert meetings["id"] == "meetings" and [q["kind"] for q in meetings["questions"]] == ["scenario", "branching"]
    assert meetings["questions"][1]["title"].startswith("情境模拟：")
    story = meetings["questions"][1]
    assert set(story["best"]) < set(story["choices"]) and all(isinstance(c, str) for c in story["choices"])


# ---------------------------------------------------------------------------
# Answer keys
# ---------------------------------------------------------------------------


def test_answer_key_marks_the_best_option_and_stays_out_of_nav_and_search(site):
    html = article(read(site, "trainers/keys/team"))
    assert html.count("<h1") == 1 and "答案要点：团队的能力 · 情境练习" in html
    first = html.split('id="第-1-题"', 1)[1].split('id="第-2-题"', 1)[0]
    items = re.findall(r"<li>(.*?)</li>", first, re.S)
    assert len(items) == 3
    assert "✔ <strong>最佳</strong>：约大家一起聊客户的生意和今年的目标。" in items[1]
    assert "✔" not in items[0] + items[2] and "<strong>不可取</strong>" in items[0]
    assert "先有共同的期望，才有拥有感。" in items[1]
    assert 'href="../../../competencies/team/#共同的期望"' in first  # explanation link, rebased
    branching = article(read(site, "trainers/keys/meetings"))
    assert "情境模拟" in branching and "起点" in branching and "<strong>投入</strong>" in branching
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "trainers/keys" not in index and "约大家一起聊客户的生意" not in index.replace("\u200b", "")
    nav = read(site, "trainers/catalogue").split("<article", 1)[0]
    assert "keys/team" not in nav


# ---------------------------------------------------------------------------
# Trainer assets
# ---------------------------------------------------------------------------


TRAINER_URLS = ["practice/progress", "practice/assignment", "practice/result", "trainers", "trainers/catalogue",
                "trainers/assign", "trainers/results", "trainers/keys/team"]


def test_trainer_assets_load_only_on_trainer_pages(site):
    for url in TRAINER_URLS:
        html = read(site, url)
        for asset in ("assets/quiz/quiz.js?v=", "assets/trainer/codes.js?v=", "assets/trainer/trainer.js?v=",
                      "assets/trainer/trainer.css?v="):
            assert html.count(asset) == 1, (url, asset)
        # quiz.js first: trainer.js reads storage and the quiz index through its window.Gaobiao.
        assert html.index("assets/quiz/quiz.js?v=") < html.index("assets/trainer/trainer.js?v="), url
    # The printed book: the stylesheet for its print rules, no script (nothing on it runs).
    book = read(site, "reference/print")
    assert book.count("assets/trainer/trainer.css?v=") == 1
    assert "assets/trainer/codes.js" not in book and "assets/trainer/trainer.js" not in book
    assert "assets/quiz/" not in book
    for url in ("", "competencies/team", "competencies/meetings", "practice/team", "foundations/pig-and-chicken"):
        assert "assets/trainer/" not in read(site, url), url


def test_trainer_pages_have_one_title_and_a_summary(site):
    for url in [*TRAINER_URLS, "reference/print"]:
        html = article(read(site, url))
        assert html.count("<h1") == 1, url
        after = html.split("</h1>", 1)[1].lstrip()
        assert after.startswith("<p"), (url, after[:80])


# ---------------------------------------------------------------------------
# The printed book
# ---------------------------------------------------------------------------


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def test_print_book_holds_every_reading_page_in_nav_order(site):
    html = article(read(site, "reference/print"))
    assert html.count("<h1") == 1
    toc = html.split('class="print-toc"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="(#p\d+)">([^<]+)</a>', toc) == [
        ("#p1", "首页"), ("#p2", "开会技巧"), ("#p3", "团队的能力"), ("#p4", "猪与鸡"),
    ]
    assert "<li>能力<ol>" in toc
    chapters = re.findall(r'<section class="print-chapter" id="(p\d+)">', html)
    assert chapters == ["p1", "p2", "p3", "p4"]
    # Tools and quizzes stay out; every title is demoted below the book's own <h1>.
    assert 'class="quiz"' not in html and "data-trainer" not in html
    assert '<h2 id="p3-团队的能力">' in html


def test_print_book_ids_are_unique_and_links_stay_inside(site):
    html = article(read(site, "reference/print"))
    parser = _Ids()
    parser.feed(html)
    dupes = [i for i, n in Counter(parser.ids).items() if n > 1]
    assert dupes == []
    ids = set(parser.ids)
    inside = [h for h in parser.hrefs if h.startswith("#")]
    missing = [h for h in inside if h[1:] not in ids]
    assert missing == []
    team = html.split('id="p3"', 1)[1]
    assert 'href="#p2-agenda"' in team  # to another chapter's section
    assert 'href="#p1"' in team  # to another chapter
    assert 'href="#p3-fn:1"' in team or 'href="#p3-fn%3A1"' in team  # footnotes keep working
    assert 'src="../../assets/pic.png"' in team  # images rebased to the print page
    assert 'href="#p3-共同的期望"' in html.split('id="p1"', 1)[1]


def test_print_book_drops_section_links_and_repeated_abbreviations(site):
    # Paper has no use for ¶ links, and the theme sets up a tooltip for each title attribute:
    # hundreds of them cost a phone seconds. An abbreviation keeps its <abbr> at first use in a chapter.
    page = article(read(site, "competencies/team"))
    assert len(re.findall(r'<abbr title="[^"]+">AE</abbr>', page)) == 2
    assert 'class="headerlink"' in page
    book = article(read(site, "reference/print"))
    team = book.split('id="p3"', 1)[1].split("</section>", 1)[0]
    assert team.count("AE") == 2 and team.count("<abbr") == 1
    assert re.search(r'<abbr title="[^"]+">AE</abbr> 带队的能力', team)
    chapters = book.split('<section class="print-chapter"', 1)[1]
    assert 'class="headerlink"' not in chapters
    assert '<h3 id="p3-共同的期望">共同的期望</h3>' in team


def test_print_page_is_not_in_the_search_index(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("reference/print/")]


# ---------------------------------------------------------------------------
# Mistakes an editor could make
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "drop, message",
    [
        ("trainers/catalogue.md::<!-- quiz-catalogue -->",
         "trainers/catalogue.md: expected a line '<!-- quiz-catalogue -->' where the quiz table goes"),
        ("reference/print.md::<!-- print-book -->",
         "reference/print.md: expected a line '<!-- print-book -->' where the book goes"),
    ],
)
def test_a_missing_marker_fails_the_build_with_one_clear_line(tmp_path, caplog, drop, message):
    config = write_project(tmp_path, drop=drop)
    with pytest.raises((PluginError, Abort)):
        build_site(config, tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert message in errors
    assert not [r for r in caplog.records if r.exc_info]  # no traceback
