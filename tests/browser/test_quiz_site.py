"""Every quiz of the real handbook mounts and answers in chromium, with no console error."""

from __future__ import annotations

import pytest

from quizkit.load import load_quiz_dir
from sitetools import ROOT

QUIZZES, _ = load_quiz_dir(ROOT / "quizzes", root=ROOT)


@pytest.mark.parametrize("quiz_id", sorted(QUIZZES))
def test_quiz_mounts_and_answers(page, base_url, quiz_id):
    page.goto(f"{base_url}practice/{quiz_id}/")
    page.wait_for_selector(f"#quiz-{quiz_id}[data-quiz-ready]")
    first = page.locator(".quiz__question").first
    if first.get_attribute("data-kind") == "scenario":
        first.locator(".quiz__option label").first.click()
        first.locator(".quiz__check").click()
    else:
        while "is-done" not in (first.get_attribute("class") or ""):
            first.locator(".quiz__node.is-on:not(:has(input:disabled)) label").first.click()
            first.locator(".quiz__check").click()
    assert first.locator(".quiz__status").inner_text().strip()
    saved = page.evaluate(f"JSON.parse(localStorage.getItem('gaobiao:quiz:{quiz_id}'))")
    assert list(saved["answers"]) == [first.get_attribute("data-question-id")]
    assert page.console_errors == []
