"""The quiz's shipped assets: quiz.js and quiz.css, as written, are every quiz page's quiz weight."""

from __future__ import annotations

import gzip

from sitetools import ROOT

QUIZ = ROOT / "docs" / "assets" / "quiz"


def test_quiz_script_and_styles_stay_small():
    """Issue 11: quiz JS + CSS at most 6 KB gzip on the heaviest quiz page; every quiz page loads both."""
    sizes = [len(gzip.compress((QUIZ / name).read_bytes(), 9)) for name in ("quiz.js", "quiz.css")]
    assert sum(sizes) <= 6144, sizes


def test_only_the_readable_files_are_shipped():
    assert sorted(p.name for p in QUIZ.iterdir()) == ["quiz.css", "quiz.js"]
