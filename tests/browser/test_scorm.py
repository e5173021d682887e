"""Packaged quizzes under a real SCORM runtime: scorm-again (npm, pinned) as the LMS, in chromium.

The test LMS (tests/lms/harness/lms.html) holds the SCO two frames down, or opens it in a new
window, so the SCO must find the API the way each standard prescribes. What the runtime recorded
is read back from its data model (`api.cmi`) and from the calls the SCO made."""

from __future__ import annotations

import json
import math
import re

import pytest

from lms.lmstools import (Guard, HANDBOOK, answer, best_index, build_packages, lms_folder, other_index,
                          play_story, quiz)
from sitetools import SiteServer

QUIZ = "meetings"


@pytest.fixture(scope="module")
def lms(tmp_path_factory):
    packages = build_packages(tmp_path_factory.mktemp("packages"))
    root = lms_folder(tmp_path_factory.mktemp("lms"), packages, {
        "p12": f"quizzes/{QUIZ}-scorm12.zip", "p2004": f"quizzes/{QUIZ}-scorm2004.zip",
        "c2004": "course-scorm2004.zip", "c12": "course-scorm12.zip"})
    server = SiteServer(root).start()
    yield server.url
    server.stop()


@pytest.fixture
def new_context(browser, lms):
    """Fresh browser contexts (empty storage) that may reach only the test LMS."""
    made = []

    def make():
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900})
        ctx.guard = Guard(lms)
        ctx.route("**/*", ctx.guard.route)
        ctx.errors = []
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()
        assert ctx.guard.external == [], f"requests left the package: {ctx.guard.external}"
        assert ctx.errors == [], ctx.errors


def launch(ctx, lms, scorm: str, sco: str, state: dict | None = None, **query):
    """Open the test LMS with the SCO `sco`; `state`: what the LMS kept from before (cmi JSON)."""
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    page.on("pageerror", lambda e: ctx.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and ctx.errors.append(m.text))
    if state is not None:
        page.add_init_script(f"window.LMS_STATE = {json.dumps(state)};")
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    page.goto(f"{lms}lms.html?scorm={scorm}&sco={sco}{extra}")
    frame = page.frame_locator("#wrap").frame_locator("#sco")
    frame.locator(".quiz[data-quiz-ready]").wait_for()
    return page, frame


def leave(page) -> dict:
    """The learner leaves (the LMS unloads the SCO); the runtime's data model afterwards."""
    page.evaluate("document.getElementById('wrap').contentDocument.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("window.finished")
    return page.evaluate("snapshot()")


def calls(page) -> list[list[str]]:
    return page.evaluate("calls")


def interactions(cmi: dict) -> list[dict]:
    items = cmi["interactions"]
    items = items.get("childArray", items) if isinstance(items, dict) else items
    if isinstance(items, dict):
        items = [items[k] for k in sorted(items, key=int) if k.isdigit()]
    return items


def set_values(page) -> dict[str, str]:
    """The last value the SCO set for each element."""
    return {k: v for k, v in calls(page) if k.startswith("cmi.")}


# ---------------------------------------------------------------------------
# SCORM 1.2
# ---------------------------------------------------------------------------


def test_scorm12_full_attempt_passed(new_context, lms):
    q = quiz(QUIZ)
    page, frame = launch(new_context(), lms, "1.2", f"p12/{QUIZ}/index.html",
                         {"student_data": {"mastery_score": "80"}})
    assert calls(page)[0] == ["Initialize", ""]
    for question in q.questions:
        answer(frame, QUIZ, question.id, best_index(question))
    # The summary's links to the handbook's own pages (result sheet, progress) are not shown in a package.
    assert frame.locator(".quiz__summary").is_visible()
    assert frame.locator(".quiz__summary a").evaluate_all("els => els.filter(e => e.offsetParent).length") == 0
    cmi = leave(page)
    values = set_values(page)
    assert cmi["core"]["lesson_status"] == "passed"
    assert (cmi["core"]["score"]["raw"], cmi["core"]["score"]["min"], cmi["core"]["score"]["max"]) == ("100", "0", "100")
    assert values["cmi.core.exit"] == ""
    assert re.match(r"^\d{4}:\d\d:\d\d$", values["cmi.core.session_time"])
    n = len(q.questions)
    for i, question in enumerate(q.questions):
        assert values[f"cmi.interactions.{i}.id"] == f"urn:gaobiao:{QUIZ}:{question.id}:r{question.revision}"
        assert values[f"cmi.interactions.{i}.type"] == "choice"
        assert values[f"cmi.interactions.{i}.student_response"] == "abcde"[best_index(question)]
        assert values[f"cmi.interactions.{i}.correct_responses.0.pattern"] == "abcde"[best_index(question)]
        assert values[f"cmi.interactions.{i}.result"] == "correct"
    assert f"cmi.interactions.{n}.id" not in values
    saved = json.loads(cmi["suspend_data"])
    assert saved == {"v": 1, "a": {x.id: [x.revision, best_index(x)] for x in q.questions}}
    assert calls(page)[-1] == ["Terminate", ""]


def test_scorm12_leaves_half_way_then_resumes_after_reload(new_context, lms):
    q = quiz(QUIZ)
    first, second, third = q.questions[:3]
    page, frame = launch(new_context(), lms, "1.2", f"p12/{QUIZ}/index.html",
                         {"student_data": {"mastery_score": "80"}})
    answer(frame, QUIZ, first.id, best_index(first))
    answer(frame, QUIZ, second.id, other_index(second, "poor"))
    answer(frame, QUIZ, third.id, best_index(third))
    cmi = leave(page)
    values = set_values(page)
    assert cmi["core"]["lesson_status"] == "incomplete"
    assert values["cmi.core.exit"] == "suspend"
    assert "cmi.core.score.raw" not in values  # no score until every question has an answer
    assert values["cmi.interactions.1.result"] == "wrong"
    suspend = cmi["suspend_data"]
    assert json.loads(suspend)["a"] == {first.id: [first.revision, best_index(first)],
                                        second.id: [second.revision, other_index(second, "poor")],
                                        third.id: [third.revision, best_index(third)]}

    # Reload in another browser (empty storage): the LMS's suspend data alone brings the answers back.
    state = {"core": {"entry": "resume", "lesson_status": "incomplete"}, "suspend_data": suspend,
             "student_data": {"mastery_score": "80"}}
    page, frame = launch(new_context(), lms, "1.2", f"p12/{QUIZ}/index.html", state)
    assert frame.locator(".quiz__question.is-done").count() == 3
    assert frame.locator(f"#q-{QUIZ}-{second.id}.is-done:not(.is-best)").count() == 1
    for question in q.questions[3:]:
        answer(frame, QUIZ, question.id, best_index(question))
    cmi = leave(page)
    values = set_values(page)
    expected = round(100 * (len(q.questions) - 1) / len(q.questions))
    assert cmi["core"]["score"]["raw"] == str(expected)
    assert cmi["core"]["lesson_status"] == ("passed" if expected >= 80 else "failed")
    # Only the new answers are journaled in this session.
    assert sorted(k for k in values if k.endswith(".id")) == [f"cmi.interactions.{i}.id"
                                                             for i in range(len(q.questions) - 3)]
    assert values["cmi.core.exit"] == ""


def test_scorm12_second_attempt_starts_empty(new_context, lms):
    """A new attempt (no suspend data) starts empty, though this browser holds the last one."""
    q = quiz(QUIZ)
    ctx = new_context()
    page, frame = launch(ctx, lms, "1.2", f"p12/{QUIZ}/index.html", {"student_data": {"mastery_score": "80"}})
    for question in q.questions:
        answer(frame, QUIZ, question.id, best_index(question))
    assert leave(page)["core"]["lesson_status"] == "passed"
    page.close()

    page, frame = launch(ctx, lms, "1.2", f"p12/{QUIZ}/index.html", {"student_data": {"mastery_score": "80"}})
    assert frame.locator(".quiz__question.is-done").count() == 0
    for question in q.questions:
        poor = other_index(question, "poor")
        answer(frame, QUIZ, question.id, poor if question is q.questions[0] else best_index(question))
    cmi = leave(page)
    expected = round(100 * (len(q.questions) - 1) / len(q.questions))
    assert cmi["core"]["score"]["raw"] == str(expected)
    assert cmi["core"]["lesson_status"] == ("passed" if expected >= 80 else "failed")


def test_scorm12_api_found_through_the_opener(new_context, lms):
    q = quiz(QUIZ)
    ctx = new_context()
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    with ctx.expect_page() as popup_info:
        page.goto(f"{lms}lms.html?scorm=1.2&open=1&sco=p12/{QUIZ}/index.html")
    popup = popup_info.value
    popup.locator(".quiz[data-quiz-ready]").wait_for()
    answer(popup, QUIZ, q.questions[0].id, best_index(q.questions[0]))
    popup.close(run_before_unload=True)
    page.wait_for_function("window.finished")
    values = set_values(page)
    assert values["cmi.interactions.0.result"] == "correct"
    assert values["cmi.core.exit"] == "suspend"


def test_without_an_lms_it_is_a_plain_quiz(new_context, lms):
    q = quiz(QUIZ)
    ctx = new_context()
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{lms}p12/{QUIZ}/index.html")
    page.locator(".quiz[data-quiz-ready]").wait_for()
    answer(page, QUIZ, q.questions[0].id, best_index(q.questions[0]))
    assert page.locator(".lms-status").is_hidden()
    page.reload()
    page.locator(".quiz[data-quiz-ready]").wait_for()
    assert page.locator(".quiz__question.is-done").count() == 1  # kept in the browser, as on the site
    assert page.locator(f'a[href^="{HANDBOOK}competencies/{QUIZ}/#"]').count() == len(q.questions)


# ---------------------------------------------------------------------------
# SCORM 2004 4th edition
# ---------------------------------------------------------------------------


def test_scorm2004_attempt_with_the_lms_pass_mark(new_context, lms):
    """The LMS's cmi.scaled_passing_score (from the manifest's minNormalizedMeasure) decides."""
    q = quiz(QUIZ)
    page, frame = launch(new_context(), lms, "2004", f"p2004/{QUIZ}/index.html", {"scaled_passing_score": "0.8"})
    wrong = q.questions[0]
    acceptable = other_index(q.questions[1], "acceptable")
    answer(frame, QUIZ, wrong.id, other_index(wrong, "poor"))
    answer(frame, QUIZ, q.questions[1].id, acceptable)
    for question in q.questions[2:]:
        answer(frame, QUIZ, question.id, best_index(question))
    cmi = leave(page)
    values = set_values(page)
    raw = round(100 * (len(q.questions) - 2) / len(q.questions))
    assert cmi["completion_status"] == "completed"
    assert cmi["success_status"] == ("passed" if raw >= 80 else "failed")
    assert cmi["score"]["raw"] == str(raw) and cmi["score"]["scaled"] == str(raw / 100)
    assert (cmi["score"]["min"], cmi["score"]["max"]) == ("0", "100")
    assert values["cmi.exit"] == "normal" and re.match(r"^PT\d+S$", values["cmi.session_time"])
    items = interactions(cmi)
    assert len(items) == len(q.questions)
    assert items[0]["id"] == f"urn:gaobiao:{QUIZ}:{wrong.id}:r{wrong.revision}"
    assert items[0]["type"] == "choice" and items[0]["result"] == "incorrect"
    assert items[0]["learner_response"] == "abcde"[other_index(wrong, "poor")]
    assert items[1]["result"] == "neutral" and items[2]["result"] == "correct"
    assert items[0]["description"].startswith("第 1 题")


def test_scorm2004_half_way_suspends_and_resumes(new_context, lms):
    q = quiz(QUIZ)
    page, frame = launch(new_context(), lms, "2004", f"p2004/{QUIZ}/index.html", {"scaled_passing_score": "0.8"})
    answer(frame, QUIZ, q.questions[0].id, best_index(q.questions[0]))
    cmi = leave(page)
    values = set_values(page)
    assert cmi["completion_status"] == "incomplete" and values["cmi.exit"] == "suspend"
    # One of n answered, rounded as the SCO does (Math.round: halves go up; Python's round() would
    # take 12.5 to 12 for an eight-question quiz).
    assert values["cmi.progress_measure"] == str(math.floor(100 / len(q.questions) + 0.5) / 100)
    state = {"entry": "resume", "completion_status": "incomplete", "suspend_data": cmi["suspend_data"],
             "scaled_passing_score": "0.8", "interactions": {"0": interactions(cmi)[0]}}
    page, frame = launch(new_context(), lms, "2004", f"p2004/{QUIZ}/index.html", state)
    assert frame.locator(".quiz__question.is-done").count() == 1


def test_scorm2004_course_story_responses_are_ending_names(new_context, lms):
    story_quiz = quiz("pig-and-chicken")
    story = next(x for x in story_quiz.questions if x.kind == "branching")
    page, frame = launch(new_context(), lms, "2004", "c2004/pig-and-chicken/index.html", {"scaled_passing_score": "0.8"})
    ending = play_story(frame, "pig-and-chicken", story.id)
    values = set_values(page)
    assert values["cmi.interactions.0.id"] == f"urn:gaobiao:pig-and-chicken:{story.id}:r{story.revision}"
    assert values["cmi.interactions.0.learner_response"] == ending
    verdict = story.endings[ending].verdict
    assert values["cmi.interactions.0.result"] == {"committed": "correct", "involved": "neutral",
                                                     "dodged": "incorrect"}[verdict]
    committed = [name for name, e in story.endings.items() if e.verdict == "committed"]
    assert [values[f"cmi.interactions.0.correct_responses.{i}.pattern"] for i in range(len(committed))] == committed
