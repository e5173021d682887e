"""CONTRIBUTING.md tells the truth: its sample quiz passes the real validator, and every
error message it quotes is exactly what quizkit prints for that mistake today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizkit.load import load_quiz_file
from quizkit.validate import read_pages, scan_markdown, validate
from sitetools import ROOT

GUIDE = ROOT / "CONTRIBUTING.md"
QUIZ_PATH = "quizzes/meetings-agenda.yml"
PAGE_PATH = "docs/practice/meetings-agenda.md"


def _blocks(lang: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(rf"^```{lang}\n(.*?)^```$", text, re.S | re.M)]


@pytest.fixture(scope="module")
def sample_quiz() -> str:
    [block] = [b for b in _blocks("yaml") if b.startswith("# yaml-language-server:")]
    return block


@pytest.fixture(scope="module")
def sample_page() -> str:
    [block] = [b for b in _blocks("markdown") if "::: quiz meetings-agenda" in b]
    return block


def _problems(tmp_path: Path, quiz_text: str, page_text: str) -> list[str]:
    """What `make check` would print for this quiz and practice page, one entry per problem."""
    path = tmp_path / "meetings-agenda.yml"
    path.write_text(quiz_text, encoding="utf-8")
    quiz, problems = load_quiz_file(path, QUIZ_PATH)
    embeds, wrong = scan_markdown(page_text, PAGE_PATH)
    problems += wrong
    if quiz is not None:
        problems += validate({quiz.id: quiz}, read_pages(ROOT / "docs")[0], embeds)
    return [str(p) for p in sorted(set(problems))]


def test_sample_quiz_passes_the_real_validator(tmp_path, sample_quiz, sample_page):
    assert sample_quiz.splitlines()[0] == "# yaml-language-server: $schema=./schema.json"
    assert (ROOT / "quizzes/schema.json").is_file()
    assert _problems(tmp_path, sample_quiz, sample_page) == []


# name → how the sample is broken (quiz text, practice page text)
MISTAKES = {
    "no best": (lambda q: q.replace("rating: best", "rating: acceptable"), None),
    "two best": (lambda q: q.replace("rating: poor", "rating: best"), None),
    "typo in a key": (lambda q: q.replace("feedback: 预算", "feedbak: 预算"), None),
    "missing feedback": (lambda q: re.sub(r"\n        feedback: 客户可能[^\n]*", "", q), None),
    "wrong rating": (lambda q: q.replace("rating: poor", "rating: bad"), None),
    "two options": (lambda q: re.sub(r"\n      - text: 三件事.*?(?=\n    explanation:)", "", q, flags=re.S), None),
    "same text": (lambda q: q.replace("照品牌经理说的先看脚本，气氛好了再谈钱。", "先确认预算框架，再在框架里选脚本，最后谈排期。"), None),
    "bad id": (lambda q: q.replace("id: agenda-order", "id: Agenda_Order"), None),
    "duplicate key": (lambda q: q.replace("        rating: poor\n", "        rating: poor\n        rating: acceptable\n"), None),
    "tab": (lambda q: q.replace("        rating: poor", "\trating: poor"), None),
    "colon in text": (lambda q: q.replace("prompt: 你怎么排这三个议题？", "prompt: 注意: 你怎么排这三个议题？"), None),
    "missing anchor": (lambda q: q.replace("#安排议题的先后关系", "#议题的顺序"), None),
    "missing page": (lambda q: q.replace("link: competencies/meetings.md", "link: competencies/meeting.md"), None),
    "not embedded": (None, lambda p: p.replace("::: quiz meetings-agenda", "")),
    "unknown quiz": (None, lambda p: p.replace("::: quiz meetings-agenda", "::: quiz meetings-agendaa")),
    "not an embed": (None, lambda p: p.replace("::: quiz meetings-agenda", ":::quiz meetings-agenda")),
}


def _quoted_messages() -> set[str]:
    """Every `path:line:col: message` the guide quotes for the sample files."""
    text = GUIDE.read_text(encoding="utf-8")
    pattern = rf"`((?:{re.escape(QUIZ_PATH)}|{re.escape(PAGE_PATH)}):\d+:\d+: [^`]+)`"
    return set(re.findall(pattern, text))


@pytest.fixture(scope="module")
def actual_messages(tmp_path_factory, sample_quiz, sample_page) -> dict[str, list[str]]:
    out = {}
    for name, (break_quiz, break_page) in MISTAKES.items():
        quiz = break_quiz(sample_quiz) if break_quiz else sample_quiz
        page = break_page(sample_page) if break_page else sample_page
        assert (quiz, page) != (sample_quiz, sample_page), f"{name}: the mistake did not apply"
        problems = _problems(tmp_path_factory.mktemp("mistake"), quiz, page)
        out[name] = [p.splitlines()[0] for p in problems]
    return out


@pytest.mark.parametrize("name", MISTAKES)
def test_each_common_mistake_is_explained_with_the_real_message(name, actual_messages):
    quoted = _quoted_messages()
    lines = actual_messages[name]
    assert lines, f"{name}: quizkit reports nothing for this mistake"
    assert any(line in quoted for line in lines), (
        f"{name}: CONTRIBUTING.md should quote what quizkit prints now:\n" + "\n".join(lines)
    )


def test_every_quoted_message_is_one_quizkit_prints(actual_messages):
    printed = {line for lines in actual_messages.values() for line in lines}
    stale = sorted(_quoted_messages() - printed)
    assert stale == [], "CONTRIBUTING.md quotes messages quizkit no longer prints"
    assert len(_quoted_messages()) >= 12
