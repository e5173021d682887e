"""The quiz hook in real MkDocs builds of small projects: valid data builds, bad data fails cleanly."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from html.parser import HTMLParser
from mkdocs.exceptions import Abort, PluginError

from quizproject import FIXTURES, make_project
from sitetools import ROOT, build_site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("quizsite")
    config = make_project(root)
    site = root / "site"
    cfg = build_site(config, site)
    return root, site, cfg


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_quiz_page_holds_the_rendered_quiz(built):
    _, site, cfg = built
    html = page(site, "practice/meetings")
    assert cfg.extra["edition"] == "2026.1"
    assert '<div class="quiz" id="quiz-meetings" data-quiz-id="meetings" data-edition="2026.1"' in html
    assert 'data-site-root="../../"' in html
    assert "::: quiz" not in html and "gaobiao-quiz" not in html
    # The site's Markdown: glossary abbreviations in quiz text, links to real pages.
    assert '<abbr title="Account Executive，客户执行">AE</abbr> 就失去了主导权' in html
    assert 'href="../../competencies/meetings/#会前先想清楚目的"' in html
    assert 'href="../../competencies/meetings/#agenda"' in html


def test_quiz_assets_only_on_quiz_pages(built):
    _, site, _ = built
    html = page(site, "practice/meetings")
    head, body = html.split("</head>", 1)
    # The styles, linked in <head>, as written.
    assert len(re.findall(r'<link rel="stylesheet" href="\.\./\.\./assets/quiz/quiz\.css\?v=[0-9a-f]{10}">', head)) == 1
    assert html.count("assets/quiz/quiz.css") == 1 and "<style" not in html
    # The widget's layout is set before the quiz; a failed script load takes it away.
    layout = "<script>document.documentElement.dataset.quiz=location.hash</script>"
    assert body.count(layout) == 1 and body.index(layout) < body.index('<div class="quiz"')
    [script] = re.findall(r'<script src="[^"]*assets/quiz/[^"]*"[^>]*>', body)
    assert re.fullmatch(r'<script src="\.\./\.\./assets/quiz/quiz\.js\?v=[0-9a-f]{10}" defer '
                        r'onerror="document\.documentElement\.removeAttribute\(\'data-quiz\'\)">', script)
    assert body.index(script) > body.rindex("</form>")
    for url in ("", "other", "competencies/meetings"):
        other = page(site, url)
        assert "assets/quiz/" not in other and "dataset.quiz" not in other


def test_answers_stay_out_of_the_search_index(built):
    _, site, _ = built
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = json.dumps(index, ensure_ascii=False)
    assert "练一练" in text  # the practice page itself is indexed
    for secret in ("议题顺序和时间分配", "把会议的方向交给运气", "会议的价值在于产出结论",
                   "全身投入的猪", "先跟客户确认这次会议", "重新作答"):
        assert secret not in text.replace("\u200b", ""), secret


def test_hostile_data_is_escaped_in_the_built_page(built):
    _, site, _ = built
    html = page(site, "practice/hostile")
    body = html.split('<div class="quiz"', 1)[1].split("</form>", 1)[0]
    assert "<script" not in body and "<iframe" not in body and "<svg" not in body and "<style" not in body
    elements = _Elements()
    elements.feed(body)
    for tag, attrs in elements.tags:
        assert not [name for name in attrs if name.startswith("on") or name in ("style", "srcdoc")], tag
    assert "&lt;script&gt;window.pwned = 3&lt;/script&gt;" in body


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def expect_failure(tmp_path: Path, change) -> str:
    """Build after `change`; the build aborts and logs exactly one error: the quiz report."""
    config = make_project(tmp_path)
    change(tmp_path)
    with pytest.raises(Abort) as failure:
        build_site(config, tmp_path / "site")
    assert isinstance(failure.value.__context__, PluginError)
    return str(failure.value.__context__)


@pytest.mark.parametrize("name", ["two-best", "unknown-key", "duplicate-key", "tab-indent", "missing-anchor",
                                  "branching-loop", "python-tag", "not-utf8"])
def test_invalid_data_fails_with_its_message(tmp_path, name):
    def change(root):
        (root / "quizzes" / "meetings.yml").unlink()
        shutil.copy(FIXTURES / "invalid" / f"{name}.yml", root / "quizzes" / f"{name}.yml")
        (root / "docs" / "practice" / "meetings.md").write_text(f"# 练习\n\n::: quiz {name}\n", encoding="utf-8")

    message = expect_failure(tmp_path, change)
    expected = (FIXTURES / "invalid" / f"{name}.expected").read_text(encoding="utf-8")
    assert message.startswith(expected)
    assert message.endswith(" in quiz data.")


def test_mistyped_embed_fails(tmp_path):
    def change(root):
        (root / "docs" / "practice" / "meetings.md").write_text("# 练习\n\n:::quiz meetings\n", encoding="utf-8")

    message = expect_failure(tmp_path, change)
    assert message.startswith(
        "docs/practice/meetings.md:3:1: not a quiz embed: ':::quiz meetings'\n"
        "    hint: a quiz embed is a line of its own, at the start of the line, e.g.\n"
        "          ::: quiz meetings\n"
        "quizzes/meetings.yml:1:1: quiz 'meetings' is not embedded in any page\n")


def test_unknown_quiz_in_embed_fails(tmp_path):
    def change(root):
        with open(root / "docs" / "other.md", "a", encoding="utf-8") as f:
            f.write("\n::: quiz meeting\n")

    message = expect_failure(tmp_path, change)
    assert message == ("docs/other.md:5:1: unknown quiz 'meeting'\n"
                       "    hint: did you mean '::: quiz meetings'?\n"
                       "Aborted: 1 error in quiz data.")


def test_orphan_quiz_fails(tmp_path):
    def change(root):
        shutil.copy(root / "quizzes" / "meetings.yml", root / "quizzes" / "spare.yml")

    message = expect_failure(tmp_path, change)
    assert message == ("quizzes/spare.yml:1:1: quiz 'spare' is not embedded in any page\n"
                       "    hint: add this line to its practice page (docs/practice/spare.md):\n"
                       "          ::: quiz spare\n"
                       "Aborted: 1 error in quiz data.")


def test_command_line_build_prints_messages_without_a_traceback(tmp_path):
    make_project(tmp_path)
    (tmp_path / "quizzes" / "meetings.yml").write_text(
        (FIXTURES / "invalid" / "unknown-key.yml").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "hooks")}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "quizzes/meetings.yml:18:9: unknown key 'feedbak' (did you mean 'feedback'?)" in result.stderr
    assert result.stderr.count("ERROR") == 1
    assert "Aborted: 1 error in quiz data." in result.stderr
    assert "Aborted with a BuildError!" in result.stdout + result.stderr


def test_edition_comes_from_pyproject(tmp_path):
    config = make_project(tmp_path, edition="2027.2")
    cfg = build_site(config, tmp_path / "site")
    assert cfg.extra["edition"] == "2027.2"
    assert 'data-edition="2027.2"' in page(tmp_path / "site", "practice/meetings")


def test_quiz_text_is_remembered_between_builds_and_edits_always_show(tmp_path, monkeypatch):
    """The converted-text cache (quizkit.render.QuizMarkdown) never serves stale text."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = make_project(tmp_path / "project")
    build_site(config, tmp_path / "one")
    cached = list((tmp_path / "cache" / "gaobiao-handbook").glob("quiz-markdown-*.json"))
    assert len(cached) == 1 and "议题顺序和时间分配" in cached[0].read_text(encoding="utf-8")
    assert len(list((tmp_path / "cache" / "gaobiao-handbook").glob("quiz-template-*.cache"))) == 1
    build_site(config, tmp_path / "two")
    assert page(tmp_path / "two", "practice/meetings") == page(tmp_path / "one", "practice/meetings")

    quiz = tmp_path / "project" / "quizzes" / "meetings.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("议题顺序和时间分配", "议程和**时间表**"),
                    encoding="utf-8")
    build_site(config, tmp_path / "three")
    html = page(tmp_path / "three", "practice/meetings")
    assert "议程和<strong>时间表</strong>" in html and "议题顺序和时间分配" not in html

    cached[0].write_text("{damaged", encoding="utf-8")
    build_site(config, tmp_path / "four")
    assert page(tmp_path / "four", "practice/meetings") == html
