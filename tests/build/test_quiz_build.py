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
    body = html.split("</head>", 1)[1]
    # The styles before the first quiz, then the widget's layout; a failed script load takes it away.
    [style] = re.findall(r'<link rel="stylesheet" href="[^"]*assets/quiz/[^"]*">', body)
    assert re.fullmatch(r'<link rel="stylesheet" href="\.\./\.\./assets/quiz/quiz\.css\?v=[0-9a-f]{10}">', style)
    # The same line loads the xAPI sender only when the address has launch parameters (BROWSER.md).
    [layout] = re.findall(r"<script>document\.documentElement\.dataset\.quiz=location\.hash;.*?</script>", body)
    assert re.fullmatch(r'<script>document\.documentElement\.dataset\.quiz=location\.hash;/\[\?&\]endpoint=/\.test'
                        r'\(location\.search\)&&document\.head\.append\(Object\.assign\(document\.createElement\("script"\),'
                        r'\{src:"\.\./\.\./assets/lms/xapi\.js\?v=[0-9a-f]{10}"\}\)\)</script>', layout)
    assert body.index(style) < body.index(layout) < body.index('<div class="quiz"')
    [script] = re.findall(r'<script src="[^"]*assets/quiz/[^"]*"[^>]*>', body)
    assert re.fullmatch(r'<script src="\.\./\.\./assets/quiz/quiz\.js\?v=[0-9a-f]{10}" defer '
                        r'onerror="document\.documentElement\.removeAttribute\(\'data-quiz\'\)">', script)
    assert body.index(script) > body.rindex("</form>")
    for url in ("", "other", "competencies/meetings"):
        other = page(site, url)
        assert "assets/quiz/" not in other and "dataset.quiz" not in other


def test_an_edited_script_gets_a_new_address(tmp_path):
    """Browsers fetch quiz.js again after an edit: its address carries a hash of its bytes."""
    config = make_project(tmp_path)
    build_site(config, tmp_path / "one")
    source = tmp_path / "docs" / "assets" / "quiz" / "quiz.js"
    source.write_text(source.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    build_site(config, tmp_path / "two")
    version = re.compile(r"assets/quiz/quiz\.js\?v=([0-9a-f]+)")
    one, two = (version.search(page(tmp_path / d, "practice/meetings")).group(1) for d in ("one", "two"))
    assert one != two


def test_answers_stay_out_of_the_search_index(built):
    _, site, _ = built
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = json.dumps(index, ensure_ascii=False)
    assert "练一练" in text  # the practice page itself is indexed
    for secret in ("议题顺序和时间分配", "把会议的方向交给运气", "会议的价值在于产出结论",
                   "全身投入的猪", "先跟客户确认这次会议", "重新作答"):
        assert secret not in text.replace("\u200b", ""), secret


def test_hostile_quiz_text_fails_the_build_field_by_field(tmp_path):
    config = make_project(tmp_path, hostile=True)
    with pytest.raises(Abort) as failure:
        build_site(config, tmp_path / "site")
    message = str(failure.value.__context__)
    fields = ["title", "description", "questions[0].situation", "questions[0].prompt", "questions[0].options[0].text",
              "questions[0].options[0].feedback", "questions[0].options[1].text", "questions[0].options[1].feedback",
              "questions[0].options[2].text", "questions[0].options[2].feedback", "questions[0].explanation.text"]
    for field in fields:
        assert re.search(rf"^quizzes/hostile\.yml:\d+:\d+: {re.escape(field)}: raw HTML is not allowed", message, re.M), field
    assert re.search(r"^quizzes/hostile\.yml:\d+:\d+: description: attribute lists", message, re.M)
    assert not (tmp_path / "site" / "practice" / "hostile").exists()


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


def test_an_edit_to_quiz_text_always_shows(tmp_path):
    config = make_project(tmp_path / "project")
    build_site(config, tmp_path / "one")
    quiz = tmp_path / "project" / "quizzes" / "meetings.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("议题顺序和时间分配", "议程和**时间表**"),
                    encoding="utf-8")
    build_site(config, tmp_path / "two")
    html = page(tmp_path / "two", "practice/meetings")
    assert "议程和<strong>时间表</strong>" in html and "议题顺序和时间分配" not in html
