"""xAPI from the site's quiz pages and from a package to a real LRS: ralph (file-system backend),
started here with credentials from an env file this test writes. Statements are read back
from ralph and checked: verbs, order, results, context. An LRS that refuses or cannot be
reached loses nothing; a page without launch parameters loads nothing more."""

from __future__ import annotations

import json
import re
import urllib.parse
import uuid

import pytest

from lms.lmstools import Guard, answer, best_index, build_packages, lms_folder, other_index, quiz
from lms.ralph import Ralph, free_port
from sitetools import ROOT, SiteServer

QUIZ = "meetings"
ACTOR = {"mbox": "mailto:learner@example.com", "name": "王小明", "objectType": "Agent"}
VERB = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture(scope="module")
def lms_server(tmp_path_factory):
    packages = build_packages(tmp_path_factory.mktemp("packages"))
    root = lms_folder(tmp_path_factory.mktemp("lms"), packages, {"p2004": f"quizzes/{QUIZ}-scorm2004.zip"})
    server = SiteServer(root).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ralph(tmp_path_factory, base_url, lms_server):
    lrs = Ralph(tmp_path_factory.mktemp("ralph"), [base_url.rstrip("/"), lms_server.url.rstrip("/")])
    yield lrs
    lrs.stop()


@pytest.fixture
def contexts(browser, base_url, lms_server, ralph):
    made = []

    def make():
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900})
        ctx.guard = Guard(base_url, lms_server.url, f"http://127.0.0.1:{ralph.port}/")
        ctx.route("**/*", ctx.guard.route)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()
        assert ctx.guard.external == [], ctx.guard.external


def launch_query(endpoint: str, auth: str, registration: str) -> str:
    return urllib.parse.urlencode({"endpoint": endpoint, "auth": auth, "actor": json.dumps(ACTOR, ensure_ascii=False),
                                   "registration": registration})


def open_quiz(ctx, url: str):
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.goto(url)
    page.locator(".quiz[data-quiz-ready]").wait_for()
    return page


def wait_sent(page, endpoint: str) -> None:
    """Until nothing waits in the browser's queue for this LRS."""
    key = json.dumps("gaobiao:xapi:" + endpoint)
    try:
        page.wait_for_function(f"(localStorage.getItem({key}) || '[]') === '[]'")
    except Exception:
        note = page.locator(".lms-note")
        raise AssertionError(f"still queued; the page says: {note.all_inner_texts()}")
    page.wait_for_function(f"(localStorage.getItem({key}) || '[]') === '[]'")


def test_site_quiz_sends_every_statement_to_ralph(contexts, base_url, ralph):
    q = quiz(QUIZ)
    registration = str(uuid.uuid4())
    ctx = contexts()
    requests = []
    ctx.on("request", lambda r: requests.append(r.url))
    page = open_quiz(ctx, f"{base_url}practice/{QUIZ}/?{launch_query(ralph.url, ralph.auth, registration)}")
    wrong = q.questions[0]
    answer(page, QUIZ, wrong.id, other_index(wrong, "poor"))
    for question in q.questions[1:]:
        answer(page, QUIZ, question.id, best_index(question))
    wait_sent(page, ralph.url)
    assert any("/assets/lms/xapi.js" in u for u in requests)
    assert page.errors == []

    got = ralph.statements(registration=registration)
    verbs = [s["verb"]["id"].removeprefix(VERB) for s in got]
    n = len(q.questions)
    assert verbs == ["initialized"] + ["answered"] * n + ["completed", "failed" if round(100 * (n - 1) / n) < 80 else "passed"]
    site = base_url
    quiz_id = f"{site}quizzes/{QUIZ}"
    edition = json.loads((ROOT / "pyproject.toml").read_text().split("version = ")[1].split("\n")[0])
    for s in got:
        assert s["actor"]["mbox"] == ACTOR["mbox"]
        assert s["context"]["registration"] == registration
        assert s["context"]["revision"] == edition
        assert s["context"]["extensions"][f"{site}xapi/edition"] == edition
    assert got[0]["object"]["id"] == quiz_id
    first = got[1]
    assert first["object"]["id"] == f"{quiz_id}/{wrong.id}/r{wrong.revision}"
    definition = first["object"]["definition"]
    assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert definition["interactionType"] == "choice"
    assert [c["id"] for c in definition["choices"]] == list("abcde"[:len(wrong.options)])
    assert definition["correctResponsesPattern"] == ["abcde"[best_index(wrong)]]
    assert first["result"]["response"] == "abcde"[other_index(wrong, "poor")]
    assert first["result"]["success"] is False
    assert first["result"]["extensions"][f"{site}xapi/rating"] == "poor"
    assert first["context"]["contextActivities"]["parent"][0]["id"] == quiz_id
    assert all(s["result"]["success"] for s in got[2:1 + n])
    raw = round(100 * (n - 1) / n)
    assert got[-2]["result"]["completion"] is True
    assert got[-2]["result"]["score"] == {"raw": raw, "min": 0, "max": 100, "scaled": raw / 100}
    assert got[-1]["result"] == got[-2]["result"]
    # The credential stays in the address: nothing in storage holds it.
    stored = page.evaluate("JSON.stringify(Object.entries(localStorage))")
    assert ralph.password not in stored and ralph.auth not in stored


def test_refused_then_accepted_loses_nothing(contexts, base_url, ralph):
    q = quiz(QUIZ)
    registration = str(uuid.uuid4())
    ctx = contexts()
    bad = "Basic " + "d3Jvbmc6d3Jvbmc="  # wrong:wrong
    page = open_quiz(ctx, f"{base_url}practice/{QUIZ}/?{launch_query(ralph.url, bad, registration)}")
    first, second = q.questions[:2]
    answer(page, QUIZ, first.id, best_index(first))
    answer(page, QUIZ, second.id, best_index(second))
    note = page.locator(".lms-note")
    note.filter(has_text="HTTP 401").wait_for()
    assert "答案已保存在这台设备上" in note.inner_text()
    queued = page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps('gaobiao:xapi:' + ralph.url)}))")
    assert [s["verb"]["id"].removeprefix(VERB) for s in queued] == ["initialized", "answered", "answered"]
    assert ralph.statements(registration=registration) == []

    # The trainer sends a corrected link: everything kept is sent, in order, before the new start.
    page.goto(f"{base_url}practice/{QUIZ}/?{launch_query(ralph.url, ralph.auth, registration)}")
    page.locator(".quiz[data-quiz-ready]").wait_for()
    wait_sent(page, ralph.url)
    got = ralph.statements(registration=registration)
    assert [s["verb"]["id"].removeprefix(VERB) for s in got] == ["initialized", "answered", "answered", "initialized"]
    assert [s["id"] for s in got[:3]] == [s["id"] for s in queued]


def test_unreachable_lrs_keeps_answers_and_says_so(contexts, base_url):
    endpoint = f"http://127.0.0.1:{free_port()}/xAPI/"  # nothing listens there
    ctx = contexts()
    ctx.guard.bases += (endpoint.rsplit("xAPI/", 1)[0],)
    q = quiz(QUIZ)
    page = open_quiz(ctx, f"{base_url}practice/{QUIZ}/?{launch_query(endpoint, 'Basic eDp5', str(uuid.uuid4()))}")
    answer(page, QUIZ, q.questions[0].id, best_index(q.questions[0]))
    page.locator(".lms-note").filter(has_text="连不上").wait_for()
    queued = page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps('gaobiao:xapi:' + endpoint)}))")
    assert [s["verb"]["id"].removeprefix(VERB) for s in queued] == ["initialized", "answered"]


def test_without_launch_parameters_nothing_more_loads(contexts, base_url):
    ctx = contexts()
    requests = []
    ctx.on("request", lambda r: requests.append(r.url))
    page = open_quiz(ctx, f"{base_url}practice/{QUIZ}/")
    q = quiz(QUIZ)
    answer(page, QUIZ, q.questions[0].id, best_index(q.questions[0]))
    assert not any("/assets/lms/" in u for u in requests), requests
    assert page.locator(".lms-note").count() == 0
    assert page.evaluate("typeof window.GaobiaoXapi") == "undefined"


def test_packaged_quiz_sends_statements_too(contexts, lms_server, ralph):
    """The SCORM 2004 package launched with xAPI parameters: the LMS and the LRS both hear."""
    q = quiz(QUIZ)
    registration = str(uuid.uuid4())
    ctx = contexts()
    sco = urllib.parse.quote(f"p2004/{QUIZ}/index.html?{launch_query(ralph.url, ralph.auth, registration)}", safe="")
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{lms_server.url}lms.html?scorm=2004&sco={sco}")
    frame = page.frame_locator("#wrap").frame_locator("#sco")
    frame.locator(".quiz[data-quiz-ready]").wait_for()
    for question in q.questions:
        answer(frame, QUIZ, question.id, best_index(question))
    sco_frame = next(f for f in page.frames if f.url.startswith(f"{lms_server.url}p2004/"))
    wait_sent(sco_frame, ralph.url)
    got = ralph.statements(registration=registration)
    assert [s["verb"]["id"].removeprefix(VERB) for s in got] == ["initialized"] + ["answered"] * len(q.questions) + ["completed", "passed"]
    assert got[0]["object"]["id"] == f"https://handbook.example.com/quizzes/{QUIZ}"
    assert page.evaluate("calls").count(["cmi.success_status", "passed"]) == 1


def test_no_credential_in_the_built_site(site, ralph):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".json", ".css", ".xml"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert ralph.password not in text and not re.search(r"Basic [A-Za-z0-9+/]{12,}={0,2}", text), path
