"""Rendering: golden HTML for fixture quizzes; hostile data is escaped, never executable."""

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

from quizkit.load import load_quiz_file
from quizkit.render import make_markdown, render_quiz

FIXTURES = Path(__file__).parent / "fixtures"
HOOKS = Path(__file__).resolve().parents[2] / "hooks"
CASES = sorted((FIXTURES / "render").glob("*.yml"))
EXTENSIONS = ["abbr", "attr_list", "md_in_html", "toc", "pymdownx.details", "pymdownx.snippets"]
CONFIGS = {"pymdownx.snippets": {"base_path": ["docs/_snippets"], "auto_append": ["abbreviations.md"]}}


@pytest.fixture(scope="module")
def md():
    return make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES)


def render(path: Path, md) -> str:
    quiz, problems = load_quiz_file(path)
    assert problems == []
    return render_quiz(quiz, markdown=md, edition="2026.1", site_root="../../",
                       url_for=lambda target: "../../" + target.replace(".md", "/"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path, md):
    """Set UPDATE_GOLDEN=1 to rewrite the .html files; review the diff before committing."""
    html = render(path, md)
    golden = path.with_suffix(".html")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")


class _Elements(HTMLParser):
    """Every element and attribute a browser would create from the HTML."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_hostile_data_is_inert(md):
    html = render(FIXTURES / "render" / "hostile.yml", md)
    parser = _Elements()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "iframe", "svg", "object", "embed", "b"}
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), (tag, value)
    # The hostile text is still there for the reader, as text.
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_glossary_abbreviations_reach_quiz_text(md):
    html = render(FIXTURES / "render" / "hostile.yml", md)
    assert '<abbr title="Account Executive，客户执行">AE</abbr>' in html


def test_contract_attributes(md):
    html = render(FIXTURES / "valid" / "meetings.yml", md)
    assert '<div class="quiz" id="quiz-meetings" data-quiz-id="meetings" data-edition="2026.1"' in html
    assert "data-search-exclude" in html
    assert ('<fieldset class="quiz__question" id="q-meetings-no-agenda" data-question-id="no-agenda" '
            'data-revision="1" data-kind="scenario">') in html
    assert '<input type="radio" name="meetings--no-agenda" value="2">' in html
    assert html.count('<details class="quiz__feedback">') == 3 + 4
    assert html.count('<details class="quiz__explanation">') == 2
    # Docs-relative links become page-relative URLs.
    assert 'href="../../competencies/meetings/#agenda"' in html


# ---------------------------------------------------------------------------
# The on-disk cache of converted quiz text
# ---------------------------------------------------------------------------


def _render_all(md) -> list[str]:
    return [render(path, md) for path in CASES]


def test_cache_gives_the_same_html_without_converting_again(tmp_path):
    first = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    html = _render_all(first)
    assert first.converted == len(CASES)
    first.save()
    assert first.path.parent == tmp_path and first.path.is_file()

    second = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    assert second.fingerprint == first.fingerprint
    assert _render_all(second) == html
    assert second.converted == 0
    uncached = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES)
    assert _render_all(uncached) == html


def test_changed_text_is_converted_again(tmp_path):
    def stripped(parts):
        return [part.strip() for part in parts]

    md = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    assert stripped(md.batch(["**甲**", "乙"])) == ["<p><strong>甲</strong></p>", "<p>乙</p>"]
    md.save()
    again = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    assert stripped(again.batch(["**甲**", "乙"])) == ["<p><strong>甲</strong></p>", "<p>乙</p>"]
    assert again.converted == 0
    assert stripped(again.batch(["**甲**", "丙"])) == ["<p><strong>甲</strong></p>", "<p>丙</p>"]
    assert again.converted == 1


def test_save_keeps_only_what_was_used(tmp_path):
    md = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    md.batch(["旧的"])
    md.save()
    md = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    md.batch(["新的"])
    md.save()
    text = md.path.read_text(encoding="utf-8")
    assert "新的" in text and "旧的" not in text


@pytest.mark.parametrize("damage", [
    b"{not json", b"\xff\xfe", b"[]", b'{"fingerprint": "other", "batches": {}}',
    b'{"fingerprint": "%s", "batches": []}', b'{"fingerprint": "%s", "batches": {"KEY": [1, 2]}}',
    b'{"fingerprint": "%s", "batches": {"KEY": ["<p>wrong count</p>"]}}',
])
def test_damaged_cache_is_ignored_and_rewritten(tmp_path, damage):
    md = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    expected = md.batch(["**甲**", "乙"])
    key = next(iter(md._used))
    md.path.write_bytes(damage.replace(b"%s", md.fingerprint.encode()).replace(b"KEY", key.encode()))
    again = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    assert again.batch(["**甲**", "乙"]) == expected
    assert again.converted == 1
    again.save()
    assert json.loads(again.path.read_text(encoding="utf-8"))["batches"] == {key: expected}


def test_unwritable_cache_costs_only_time(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    md = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=blocked / "cache")
    assert md("**甲**").strip() == "<p><strong>甲</strong></p>"
    md.save()  # no exception
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_fingerprint_is_the_same_in_every_process_and_follows_the_setup(tmp_path):
    """Settings hold functions (the slugify partial): no memory address may reach the key."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from quizkit.render import make_markdown; "
            "import pymdownx.slugs; "
            "print(make_markdown(['toc', 'abbr'], {'toc': {'slugify': pymdownx.slugs.slugify(case='lower')}}).fingerprint)")
    runs = {subprocess.run([sys.executable, "-c", code, str(HOOKS)], capture_output=True, text=True,
                           check=True).stdout.strip() for _ in range(2)}
    assert len(runs) == 1 and len(next(iter(runs))) == 64

    base = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES).fingerprint
    assert make_markdown(EXTENSIONS[:-2] + EXTENSIONS[-1:], CONFIGS, config_dir=FIXTURES).fingerprint != base
    shutil.copytree(FIXTURES / "docs", tmp_path / "docs")
    glossary = tmp_path / "docs" / "_snippets" / "abbreviations.md"
    assert make_markdown(EXTENSIONS, CONFIGS, config_dir=tmp_path).fingerprint == base
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n*[KPI]: 关键绩效指标\n", encoding="utf-8")
    assert make_markdown(EXTENSIONS, CONFIGS, config_dir=tmp_path).fingerprint != base


def test_files_of_older_setups_are_removed(tmp_path):
    for n in range(6):
        old = tmp_path / f"quiz-markdown-old{n}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    (tmp_path / "unrelated.json").write_text("{}", encoding="utf-8")
    md = make_markdown(EXTENSIONS, CONFIGS, config_dir=FIXTURES, cache_dir=tmp_path)
    md("甲")
    md.save()
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {md.path.name, "quiz-markdown-old5.json", "quiz-markdown-old4.json",
                    "quiz-markdown-old3.json", "unrelated.json"}


# ---------------------------------------------------------------------------
# The compiled template, kept between builds
# ---------------------------------------------------------------------------


def _render_with_template_cache(md, folder, path=CASES[0]) -> str:
    from quizkit import render as render_module

    render_module._env.cache_clear()  # a new process, as far as the template is concerned
    quiz, _ = load_quiz_file(path)
    return render_quiz(quiz, markdown=md, edition="2026.1", site_root="../../", template_cache=folder,
                       url_for=lambda target: "../../" + target.replace(".md", "/"))


@pytest.fixture
def compiles(monkeypatch):
    """How many times Jinja compiles a template from source (no template kept afterwards)."""
    import jinja2

    from quizkit import render as render_module

    count = []
    original = jinja2.Environment.compile

    def counting(self, *args, **kwargs):
        count.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield count
    render_module._env.cache_clear()


def test_template_cache_gives_the_same_html_without_compiling_again(tmp_path, md, compiles):
    expected = render(CASES[0], md)
    assert _render_with_template_cache(md, tmp_path) == expected
    entries = list(tmp_path.glob("quiz-template-*.cache"))
    assert len(entries) == 1 and compiles
    compiles.clear()
    assert _render_with_template_cache(md, tmp_path) == expected
    assert compiles == [], "the cached template was compiled again"


@pytest.mark.parametrize("damage", [b"", b"garbage", b"j2\x80\x04garbage", None])
def test_damaged_template_cache_is_compiled_again_and_rewritten(tmp_path, md, compiles, damage):
    expected = _render_with_template_cache(md, tmp_path)
    entry = next(tmp_path.glob("quiz-template-*.cache"))
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2] if damage is None else damage)  # None: cut off mid-write
    compiles.clear()
    assert _render_with_template_cache(md, tmp_path) == expected
    assert compiles, "a damaged entry was used"
    assert entry.read_bytes() == good


def test_unwritable_template_cache_costs_only_time(tmp_path, md, compiles):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _render_with_template_cache(md, blocked / "cache") == render(CASES[0], md)
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_an_edited_template_is_not_served_from_the_cache(tmp_path, md, monkeypatch, compiles):
    from quizkit import render as render_module

    templates = tmp_path / "templates"
    shutil.copytree(render_module._TEMPLATES, templates)
    monkeypatch.setattr(render_module, "_TEMPLATES", templates)
    before = _render_with_template_cache(md, tmp_path / "cache")
    template = templates / "quiz.html"
    template.write_text(template.read_text(encoding="utf-8").replace("class=\"quiz\"", "class=\"quiz\" data-edited", 1),
                        encoding="utf-8")
    after = _render_with_template_cache(md, tmp_path / "cache")
    assert "data-edited" in after and "data-edited" not in before
