"""Quizzes in the real handbook build: every quiz rendered on its practice page, answers out of search."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from quizkit.load import load_quiz_dir
from sitetools import ROOT, pagefind_pages

QUIZZES, PROBLEMS = load_quiz_dir(ROOT / "quizzes", root=ROOT)


def test_real_quiz_data_is_valid():
    assert PROBLEMS == []


def test_quiz_assets_are_not_site_wide():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    listed = config.get("extra_css", []) + config.get("extra_javascript", [])
    assert not [p for p in listed if "quiz/" in str(p)]


@pytest.mark.parametrize("quiz_id", sorted(QUIZZES))
def test_each_quiz_is_rendered_on_its_practice_page(site, quiz_id):
    html = (site / "practice" / quiz_id / "index.html").read_text(encoding="utf-8")
    quiz = QUIZZES[quiz_id]
    assert f'<div class="quiz" id="quiz-{quiz_id}" data-quiz-id="{quiz_id}"' in html
    assert html.count('class="quiz__question"') == len(quiz.questions)
    for q in quiz.questions:
        assert f'data-question-id="{q.id}" data-revision="{q.revision}" data-kind="{q.kind}"' in html
    # Every quiz page gets the one stylesheet and the one script.
    assert html.count("assets/quiz/quiz.css?v=") == 1 and html.count("assets/quiz/quiz.js?v=") == 1
    assert html.count("assets/quiz/") == 2


def test_no_other_page_loads_quiz_assets(site):
    """Except quiz.js on the trainer pages (and answer keys): trainer.js reads storage through it."""
    with_quiz = {f"practice/{q}/index.html" for q in QUIZZES}
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        if rel in with_quiz:
            continue
        if "assets/trainer/trainer.js?v=" in html:
            html = re.sub(r'<script src="[^"]*assets/quiz/quiz\.js\?v=[0-9a-f]{10}"></script>', "", html, count=1)
        assert "assets/quiz/" not in html, rel


def test_answers_and_feedback_are_not_in_the_search_index(site):
    """What the practice pages contribute to the index holds no feedback or explanation.

    (Competency pages may say the same thing in their own words; that is the handbook.)"""
    index = pagefind_pages(site)  # Pagefind's index (hooks/search_index.py)
    practice = {url: page for url, page in index.items() if url.startswith("practice/")}
    assert {url.split("/")[1] for url in practice} >= set(QUIZZES)
    text = re.sub(r"[\u200b\s]", "", json.dumps(practice, ensure_ascii=False))
    leaked = []
    for quiz in QUIZZES.values():
        for q in quiz.questions:
            secrets = [q.explanation.text]
            if q.kind == "scenario":
                secrets += [o.feedback for o in q.options]
            else:
                secrets += [e.feedback for e in q.endings.values()]
            for secret in secrets:
                plain = re.sub(r"[\s*`]|\[|\]\([^)]*\)", "", secret)[:20]
                if len(plain) >= 8 and plain in text:
                    leaked.append(f"{quiz.id}/{q.id}: {plain}")
    assert leaked == []
