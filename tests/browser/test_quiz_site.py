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


def test_answering_again_brings_the_question_back_on_a_phone(browser, base_url):
    """再答一次 closes the question's feedback, most of its height on a phone: the page was left
    at the next question, and the keyboard on <body> (the button pressed is hidden). Now the
    question is back in view, clear of the sticky header, with the focus on its first option."""
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    try:
        page = ctx.new_page()
        page.goto(f"{base_url}practice/meetings/")
        page.wait_for_selector("#quiz-meetings[data-quiz-ready]")
        box = page.locator(".quiz__question").nth(1)
        box.locator('.quiz__option:not([data-rating="best"]) input').first.check(force=True)
        box.locator(".quiz__check").tap()
        again = box.locator(".quiz__again")
        again.scroll_into_view_if_needed()
        again.tap()
        legend = box.locator("legend").first.bounding_box()
        header = page.locator(".md-header").bounding_box()
        focused = page.evaluate("""q => { const a = document.activeElement;
            return a.matches('input[type=radio]') && a === document.querySelector(q + ' input'); }""",
                                "#" + box.get_attribute("id"))
    finally:
        ctx.close()
    assert header["y"] + header["height"] <= legend["y"] <= 740 - legend["height"], (legend, header)
    assert focused
