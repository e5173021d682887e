"""The quiz widget in Debian chromium, on a small project built with the real hook and assets.

Covers: mouse and keyboard-only answering, arrow keys never submitting, the live region,
progress restored on reload, a revision bump resetting only its question, corrupt and
throwing localStorage, JavaScript disabled, instant navigation mounting once, hostile
data never running, pages without a quiz loading no quiz asset, the branching story,
score summary, retry, review missed, the assignment banner, and axe-core on quiz states."""

from __future__ import annotations

import json
import shutil

import pytest

from quizproject import make_project
from sitetools import INSTANT_WATCH, ROOT, SiteServer, build_site, same_origin, wait_for_instant_navigation

KEY = "gaobiao:quiz:meetings"
Q1 = "#q-meetings-no-agenda"
Q2 = "#q-meetings-ham-and-eggs"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


# ---------------------------------------------------------------------------
# Fixtures: the quiz project, built once and served on its own port
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quiz_url(tmp_path_factory):
    server = SiteServer()
    root = tmp_path_factory.mktemp("quizbrowser")
    build_site(make_project(root, site_url=server.url), root / "site", site_url=server.url)
    _hostile_page(root)
    server.start(root / "site")
    yield server.url
    server.stop()


def _hostile_page(root):
    """practice/hostile/: the practice page with a quiz that `make check` refuses, rendered by the
    real renderer into the real page: the second line of defence, tested on its own."""
    from quizkit.load import load_quiz_file
    from quizkit.render import QuizText, plain_titles, render_quiz

    from quizproject import HOSTILE

    source = root / "hostile.yml"
    source.write_text(HOSTILE, encoding="utf-8")
    quiz, problems = load_quiz_file(source)
    assert problems == []
    html = (root / "site" / "practice" / "meetings" / "index.html").read_text(encoding="utf-8")
    start = html.index('<div class="quiz" id="quiz-meetings"')
    end = html.index('\n<script src="../../assets/quiz/quiz.js', start)
    rendered = render_quiz(quiz, QuizText(), edition="2026.1", site_root="../../",
                           url_for=lambda target: "../../" + target.replace(".md", "/"))
    (root / "site" / "practice" / "hostile").mkdir()
    (root / "site" / "practice" / "hostile" / "index.html").write_text(
        plain_titles(html[:start] + rendered + html[end:]), encoding="utf-8")


def _context(browser, base, **kwargs):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, **kwargs)
    ctx.external, ctx.requests, ctx.errors = [], [], []

    def route(route):
        url = route.request.url
        ctx.requests.append(url)
        if same_origin(url, base):
            route.continue_()
        else:
            ctx.external.append(url)
            route.abort()

    ctx.route("**/*", route)
    ctx.add_init_script(INSTANT_WATCH)
    return ctx


@pytest.fixture
def ctx(browser, quiz_url):
    context = _context(browser, quiz_url)
    yield context
    context.close()
    assert context.external == [], f"requests left the origin: {context.external}"
    assert context.errors == [], f"console or page errors: {context.errors}"


def new_page(ctx):
    page = ctx.new_page()
    page.on("console", lambda m: m.type == "error" and ctx.errors.append(m.text))
    page.on("pageerror", lambda e: ctx.errors.append(str(e)))
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(ctx):
    return new_page(ctx)


def open_quiz(page, base, path="practice/meetings/"):
    page.goto(base + path)
    page.wait_for_selector(".quiz[data-quiz-ready]")


def count_writes(page):
    """From now on, count what the widget writes under KEY (window.quizWrites)."""
    page.evaluate("""key => { window.quizWrites = 0; const set = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) { if (k === key) window.quizWrites++; return set.call(this, k, v); }; }""",
                  KEY)


def writes(page):
    return page.evaluate("window.quizWrites")


def stored(page):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}'))")


def answer_scenario(page, index):
    page.locator(f"{Q1} .quiz__option label").nth(index).click()
    page.locator(f"{Q1} .quiz__check").click()


def play_story(page, picks):
    for pick in picks:
        page.locator(f"{Q2} .quiz__node.is-on:not(:has(input:disabled)) label").nth(pick).click()
        page.locator(f"{Q2} .quiz__check").click()


# ---------------------------------------------------------------------------
# Answering
# ---------------------------------------------------------------------------


def test_mouse_answer_shows_rating_in_words_and_feedback(page, quiz_url):
    open_quiz(page, quiz_url)
    status = page.locator(f"{Q1} .quiz__status")
    assert status.get_attribute("role") == "status"
    assert not page.locator(f"{Q1} .quiz__feedback").first.is_visible()
    answer_scenario(page, 2)
    assert status.inner_text().startswith("不可取 把会议的方向交给运气")
    assert "最佳答案是第 1 个选项" in status.inner_text()
    assert page.locator(f"{Q1} .quiz__feedback").first.is_visible()
    assert page.locator(f"{Q1} .quiz__explanation").evaluate("d => d.open")
    assert page.locator(f"{Q1} input").evaluate_all("rs => rs.every(r => r.disabled)")
    assert "is-best" not in page.locator(Q1).get_attribute("class")
    # Stored: the choice and its revision; whether it was best is the page's word, never stored.
    saved = stored(page)["answers"]["no-agenda"]
    assert sorted(saved) == ["at", "choice", "rev"] and saved["rev"] == 1 and saved["choice"] == 2
    assert saved["at"].endswith("Z")


def test_check_without_a_choice_asks_for_one(page, quiz_url):
    open_quiz(page, quiz_url)
    page.locator(f"{Q1} .quiz__check").click()
    assert page.locator(f"{Q1} .quiz__status").inner_text() == "请先选一个选项，再检查答案。"
    assert stored(page) in (None, {"v": 1, "answers": {}})


def test_keyboard_only_and_arrow_keys_never_submit(page, quiz_url):
    open_quiz(page, quiz_url)
    page.locator(f"{Q1} input").first.focus()
    page.keyboard.press("Space")
    for key in ("ArrowDown", "ArrowDown", "ArrowUp", "ArrowDown", "Enter"):
        page.keyboard.press(key)
    # Arrow keys moved the choice; nothing was checked or saved.
    assert page.locator(f"{Q1} input:checked").get_attribute("value") == "2"
    assert page.locator(f"{Q1} .quiz__status").inner_text() == ""
    assert page.evaluate(f"localStorage.getItem('{KEY}')") in (None, '{"v":1,"answers":{}}')
    assert page.url.endswith("/practice/meetings/")  # Enter did not submit the form
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quiz__check')")
    page.keyboard.press("Enter")
    assert page.locator(f"{Q1} .quiz__status").inner_text().startswith("不可取")
    assert stored(page)["answers"]["no-agenda"]["choice"] == 2


def test_reload_restores_progress(page, quiz_url):
    open_quiz(page, quiz_url)
    answer_scenario(page, 0)
    page.reload()
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert page.locator(f"{Q1} input:checked").get_attribute("value") == "0"
    assert "is-done" in page.locator(Q1).get_attribute("class")
    assert page.locator(f"{Q1} .quiz__status").inner_text().startswith("最佳 目的清楚了")


def test_revision_bump_resets_only_that_question(page, quiz_url):
    open_quiz(page, quiz_url)
    answer_scenario(page, 0)
    play_story(page, [0, 0])
    data = stored(page)
    assert set(data["answers"]) == {"no-agenda", "ham-and-eggs"}
    # As if the editor bumped `revision` of ham-and-eggs: the saved answer is for revision 1.
    data["answers"]["ham-and-eggs"]["rev"] = 1
    page.evaluate("d => localStorage.setItem('gaobiao:quiz:meetings', JSON.stringify(d))", data)
    page.reload()
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert "is-done" in page.locator(Q1).get_attribute("class")
    assert "is-done" not in page.locator(Q2).get_attribute("class")
    assert page.locator(f"{Q2} .quiz__node.is-on").count() == 1
    assert set(stored(page)["answers"]) == {"no-agenda"}  # the stale answer is dropped


@pytest.mark.parametrize("junk", ["{not json", "[1,2,3]", '{"v":1,"answers":{"no-agenda":{"rev":1,"choice":99}}}',
                                  '{"v":2,"answers":{}}', "null", "x" * 300_000])
def test_corrupt_or_oversized_storage_is_ignored(ctx, quiz_url, junk):
    page = new_page(ctx)
    page.goto(quiz_url + "index.html")
    page.evaluate("j => localStorage.setItem('gaobiao:quiz:meetings', j)", junk)
    open_quiz(page, quiz_url)
    assert "is-done" not in page.locator(Q1).get_attribute("class")
    answer_scenario(page, 1)
    assert stored(page)["answers"]["no-agenda"]["choice"] == 1


def test_stored_flags_are_not_believed(ctx, quiz_url):
    """A poor option stored as best, a story ending that is not this question's, prototype names: the
    page decides what is best and what fits."""
    page = new_page(ctx)
    page.goto(quiz_url + "index.html")
    poisoned = {"v": 1, "answers": {
        "no-agenda": {"rev": 1, "choice": 2, "best": True, "rating": "best", "at": "2026-11-27T00:00:00Z"},
        "ham-and-eggs": {"rev": 2, "choice": "constructor", "best": True, "rating": "committed"},
        "constructor": {"rev": 1, "choice": 0}, "__proto__": {"no-agenda": {"rev": 1, "choice": 0}}}}
    page.evaluate("v => localStorage.setItem('gaobiao:quiz:meetings', v)", json.dumps(poisoned))
    open_quiz(page, quiz_url)
    q1 = page.locator(Q1).get_attribute("class")
    assert "is-done" in q1 and "is-best" not in q1
    assert page.locator(f"{Q1} .quiz__status").inner_text().startswith("不可取")
    assert "最佳答案是第 1 个选项" in page.locator(f"{Q1} .quiz__status").inner_text()
    assert "is-done" not in page.locator(Q2).get_attribute("class")
    assert stored(page) == {"v": 1, "answers": {"no-agenda": {"rev": 1, "choice": 2, "at": "2026-11-27T00:00:00Z"}}}
    play_story(page, [0, 1])
    assert page.locator(".quiz__score").inner_text().startswith("完成！2 题中有 0 题选了最佳做法")


@pytest.mark.parametrize("names", [["constructor", "__proto__", "toString"], "meetings", {"meetings": 1}])
def test_the_banner_counts_only_quizzes_of_the_index(page, quiz_url, names):
    page.goto(quiz_url + "index.html")
    quizzes = ["meetings"] + names if isinstance(names, list) else names
    page.evaluate("q => localStorage.setItem('gaobiao:assignment', JSON.stringify({v: 1, label: 'x', quizzes: q}))",
                  quizzes)
    open_quiz(page, quiz_url)
    banner = page.locator(".quiz__banner")
    if isinstance(names, list):
        banner.wait_for()
        assert banner.inner_text() == "作业：x，已完成 0/1。 查看我的作业"
    else:  # not a list of quizzes: no assignment
        page.wait_for_load_state("networkidle")
        assert banner.is_hidden()


def test_throwing_storage_still_works(browser, quiz_url):
    context = _context(browser, quiz_url)
    context.add_init_script("""
        for (const name of ['getItem', 'setItem', 'removeItem'])
          Storage.prototype[name] = () => { throw new DOMException('denied', 'SecurityError'); };""")
    page = new_page(context)
    open_quiz(page, quiz_url)
    answer_scenario(page, 0)
    assert page.locator(f"{Q1} .quiz__status").inner_text().startswith("最佳")
    play_story(page, [1])
    assert "is-done" in page.locator(Q2).get_attribute("class")
    assert page.locator(".quiz__score").inner_text().startswith("完成！2 题中有 1 题选了最佳做法")
    context.close()
    assert context.errors == [] and context.external == []


# ---------------------------------------------------------------------------
# Branching story, summary, retry, review missed, assignment
# ---------------------------------------------------------------------------


def test_branching_story_is_played_node_by_node(page, quiz_url):
    open_quiz(page, quiz_url)
    visible = lambda: page.locator(f"{Q2} .quiz__node:visible, {Q2} .quiz__ending:visible").evaluate_all(
        "els => els.map(e => e.dataset.node || e.dataset.ending)")
    assert visible() == ["brief-changes"]
    assert not page.locator(f"{Q2} .quiz__explanation").is_visible()
    play_story(page, [0])
    assert visible() == ["brief-changes", "call-creatives"]
    assert page.evaluate("document.activeElement.dataset.node") == "call-creatives"
    play_story(page, [1])
    assert visible() == ["brief-changes", "call-creatives", "half-in"]
    assert page.locator(f"{Q2} .quiz__status").inner_text() == "参与 结局：只下了蛋的鸡。"
    assert {k: v for k, v in stored(page)["answers"]["ham-and-eggs"].items() if k != "at"} == {
        "rev": 2, "choice": "half-in", "path": [0, 1]}
    assert "is-best" not in page.locator(Q2).get_attribute("class")
    # On return, the finished story shows the path taken: both steps chosen and locked, then the ending.
    page.reload()
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert visible() == ["brief-changes", "call-creatives", "half-in"]
    assert page.locator(f"{Q2} .quiz__option.is-chosen").count() == 2
    assert page.locator(f"{Q2} input:not(:disabled)").count() == 0
    assert page.locator(f"{Q2} .quiz__restart").is_visible() and not page.locator(f"{Q2} .quiz__check").is_visible()
    page.locator(f"{Q2} .quiz__restart").click()
    assert visible() == ["brief-changes"]
    assert "ham-and-eggs" not in stored(page)["answers"]
    play_story(page, [0, 0])
    assert stored(page)["answers"]["ham-and-eggs"]["choice"] == "all-in"
    assert "is-best" in page.locator(Q2).get_attribute("class")
    # A step's feedback sits under the option chosen in that step, not under the button.
    page.locator(f"{Q2} .quiz__restart").click()
    play_story(page, [1])
    feedback = page.locator(f"{Q2} .quiz__option.is-chosen .quiz__feedback p").first
    assert feedback.is_visible() and feedback.inner_text() == "你把问题推回给了客户。"
    assert feedback.bounding_box()["y"] < page.locator(f"{Q2} .quiz__bar").bounding_box()["y"]


def test_summary_retry_and_review_missed(page, quiz_url):
    open_quiz(page, quiz_url)
    summary = page.locator(".quiz__summary")
    answer_scenario(page, 1)
    assert not summary.is_visible()
    play_story(page, [0, 0])
    assert summary.is_visible()
    assert page.locator(".quiz__score").inner_text().startswith("完成！2 题中有 1 题选了最佳做法")
    result = page.locator("[data-act=result]")
    assert result.evaluate("a => a.href") == quiz_url + "practice/result/?quiz=meetings"
    progress = page.locator(".quiz__summary .quiz__progress")
    assert progress.is_visible() and progress.evaluate("a => a.href") == quiz_url + "practice/progress/"
    page.locator("[data-act=missed]").click()
    assert page.locator(Q1).is_visible() and not page.locator(Q2).is_visible()
    page.locator("[data-act=missed]").click()
    assert page.locator(Q2).is_visible()
    # 重新作答 asks first: declined, nothing is lost.
    page.once("dialog", lambda d: d.dismiss())
    page.locator("[data-act=retry]").click()
    assert summary.is_visible() and len(stored(page)["answers"]) == 2
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-act=retry]").click()
    assert not summary.is_visible()
    assert stored(page) == {"v": 1, "answers": {}}
    assert page.locator(".quiz input:checked").count() == 0
    assert page.locator(f"{Q1} input:disabled").count() == 0


def test_assignment_banner(page, quiz_url):
    page.goto(quiz_url + "index.html")
    page.evaluate("""() => localStorage.setItem('gaobiao:assignment', JSON.stringify(
        {v: 1, label: '第一周作业', quizzes: ['meetings', 'team'], pass: 80, due: '2026-12-05', started: '2026-11-27'}))""")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_quiz(page, quiz_url)
    banner = page.locator(".quiz__banner")
    banner.wait_for()  # the quiz index is fetched only now that an assignment holds this quiz
    assert [u.split("?")[0] for u in requests if "/assets/quiz" in u] == [
        quiz_url + "assets/quiz/quiz.css", quiz_url + "assets/quiz/quiz.js", quiz_url + "assets/quiz-index.json"]
    # 'team' is not in this project's quiz index (the hook writes it from the one quiz here):
    # the banner counts only quizzes the index knows.
    assert banner.inner_text() == "作业：第一周作业（截止 2026-12-05），已完成 0/1。 查看我的作业"
    assert banner.locator("a").evaluate("a => a.href") == quiz_url + "practice/assignment/"
    answer_scenario(page, 0)
    assert "已完成 0/1" in banner.inner_text()  # a quiz counts once every question has an answer
    play_story(page, [0, 0])
    assert "已完成 1/1" in banner.inner_text()
    page.reload()
    page.wait_for_function("() => document.querySelector('.quiz__banner').textContent.includes('1/1')")


def test_a_missed_question_can_be_answered_again_and_the_record_keeps_the_first(page, quiz_url):
    open_quiz(page, quiz_url)
    answer_scenario(page, 1)  # not the best
    first = stored(page)["answers"]["no-agenda"]
    again = page.locator(f"{Q1} .quiz__again")
    assert again.is_visible() and page.locator(f"{Q1} input:not(:disabled)").count() == 0
    again.click()
    assert page.locator(f"{Q1} input:not(:disabled)").count() > 1
    assert "第一次" in page.locator(f"{Q1} .quiz__status").inner_text()
    best = page.locator(f"{Q1} .quiz__option").evaluate_all("os => os.findIndex(o => o.dataset.rating === 'best')")
    answer_scenario(page, best)
    assert "结果单记的是第一次的作答" in page.locator(f"{Q1} .quiz__status").inner_text()
    assert stored(page)["answers"]["no-agenda"] == first
    play_story(page, [0, 0])
    assert page.locator(".quiz__score").inner_text().startswith("完成！2 题中有 1 题选了最佳做法")
    page.reload()
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert page.locator(f"{Q1} .quiz__option.is-chosen input").get_attribute("value") == "1"


def _assign(page, quiz_url, started="2026-11-27T00:00:00.000Z"):
    page.goto(quiz_url + "index.html")
    page.evaluate("""s => localStorage.setItem('gaobiao:assignment', JSON.stringify(
        {v: 1, label: '第一周作业', quizzes: ['meetings', 'team'], pass: 80, started: s}))""", started)


def test_practice_from_before_an_assignment_does_not_count_in_it(page, quiz_url):
    page.goto(quiz_url + "index.html")
    page.evaluate("""() => localStorage.setItem('gaobiao:quiz:meetings', JSON.stringify({v: 1, answers: {
        'no-agenda': {rev: 1, choice: 1, at: '2026-01-05T00:00:00.000Z'}}}))""")
    _assign(page, quiz_url)
    open_quiz(page, quiz_url)
    page.locator(".quiz__banner").wait_for()
    assert page.locator(".quiz .is-done").count() == 0
    assert page.locator(f"{Q1} input:not(:disabled)").count() > 1
    assert "已完成 0/" in page.locator(".quiz__banner").inner_text()


def test_the_end_of_the_last_assigned_quiz_leads_to_the_whole_sheet(page, quiz_url):
    _assign(page, quiz_url)  # the project's index holds meetings only: the next quiz is tested on the real site
    open_quiz(page, quiz_url)
    answer_scenario(page, 0)
    play_story(page, [0, 0])
    nxt = page.locator(".quiz__next")
    nxt.wait_for()
    assert nxt.inner_text() == "作业全部完成：生成整份作业的结果单"
    assert nxt.locator("a").evaluate("a => a.href") == quiz_url + "practice/result/"
    assert page.locator("[data-act=result]").evaluate("a => a.href") == quiz_url + "practice/result/"


# ---------------------------------------------------------------------------
# Without JavaScript, navigation, hostile data, assets
# ---------------------------------------------------------------------------


# What the step a "go to step N" link leads to says on paper: a node's own label, an ending's label above it.
STEP_OF_TARGET = """a => { const t = document.getElementById(a.hash.slice(1));
    const label = t.matches('.quiz__node') ? t.querySelector('.quiz__step') : t.previousElementSibling;
    return [a.textContent, getComputedStyle(label).display === 'none' ? null : label.textContent]; }"""


def test_an_answered_quiz_prints_as_a_blank_worksheet_and_the_story_as_a_gamebook(page, quiz_url):
    open_quiz(page, quiz_url)
    answer_scenario(page, 1)
    play_story(page, [0, 1])
    assert page.locator(f"{Q1} .quiz__status").is_visible()
    assert page.locator(f"{Q2} .quiz__step").first.is_hidden()  # on screen the script plays the story
    assert page.locator(f"{Q2} .quiz__goto").first.is_hidden()
    page.emulate_media(media="print")
    style = lambda sel, prop: page.locator(sel).first.evaluate(f"e => getComputedStyle(e).{prop}")
    # The reader's choices and the verdicts are not printed: a checked radio draws no dot, nothing outlined.
    assert page.locator(f"{Q1} input:checked").count() == 1
    assert style(f"{Q1} input:checked", "appearance") == "none"
    assert style(f"{Q1} .is-chosen label", "outlineStyle") == "none"
    for part in (".quiz__status", ".quiz__feedback", ".quiz__explanation", ".quiz__summary", ".quiz__bar"):
        assert all(not v for v in page.locator(f".quiz {part}").evaluate_all("els => els.map(e => e.checkVisibility())")), part
    assert page.locator(f"{Q2} .quiz__ending[open]").count() == 1
    assert page.locator(f"{Q2} .quiz__ending .quiz__rating").evaluate_all("els => els.map(e => e.checkVisibility())") == [False] * 3
    # The story as a gamebook: every step numbered, every choice says which step to read next.
    steps = page.locator(f"{Q2} .quiz__step")
    assert steps.all_inner_texts() == ["第 1 步", "第 2 步", "第 3 步", "第 4 步", "第 5 步"]
    assert page.locator(f"{Q2} .quiz__ending summary").evaluate_all("els => els.map(e => e.checkVisibility())") == [True] * 3
    gotos = page.locator(f"{Q2} .quiz__goto a")
    assert gotos.count() == page.locator(f"{Q2} .quiz__option").count() == 4
    for i in range(4):
        text, label = gotos.nth(i).evaluate(STEP_OF_TARGET)
        assert text == "→ 接着读" + label[:-1].strip() + " 步" and gotos.nth(i).is_visible()
    # Its first page is not left empty: the story may break between steps; no step keeps a screen's height.
    assert style(Q2, "breakInside") == "auto" and style(Q2, "breakBefore") == "auto"
    assert style(f"{Q2} .quiz__node", "breakInside") == "avoid"
    assert all(h in ("0px", "auto") for h in page.locator(f"{Q2}, {Q2} .quiz__node").evaluate_all(
        "els => els.map(e => getComputedStyle(e).minHeight)"))


def test_without_javascript_the_quiz_reads_with_answers_in_details(browser, quiz_url):
    context = _context(browser, quiz_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(quiz_url + "practice/meetings/")
    feedback = page.locator(f"{Q1} details.quiz__feedback")
    assert feedback.count() == 3
    assert not feedback.first.locator("p").is_visible()
    feedback.first.locator("summary").click()
    assert feedback.first.locator("p").inner_text() == "最佳 目的清楚了，议题顺序和时间分配才有依据。"
    assert page.locator(".quiz__check").first.is_visible() is False  # nothing that needs JS
    # The story reads as a gamebook: every node and ending is on the page.
    assert page.locator(f"{Q2} .quiz__node").count() == 2 and page.locator(f"{Q2} .quiz__ending").count() == 3
    assert page.locator(f"{Q2} .quiz__node").nth(1).is_visible()
    assert page.locator(f"{Q2} .quiz__goto").first.inner_text() == "→ 接着读第 2 步"
    assert page.locator(f"{Q2} .quiz__step").first.inner_text() == "第 1 步"
    context.close()


def test_instant_navigation_mounts_the_quiz_once(page, quiz_url):
    page.goto(quiz_url)
    wait_for_instant_navigation(page)
    page.evaluate("window.stayed = true")
    page.locator("article a[href$='practice/meetings/']").click()
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert page.evaluate("window.stayed") is True, "instant navigation did not happen"
    # Material brought the quiz page's <head> styles along, and the widget's layout.
    assert page.locator(".quiz__option label").first.evaluate("l => getComputedStyle(l).minHeight") == "44px"
    assert page.evaluate("document.documentElement.hasAttribute('data-quiz')")
    count_writes(page)
    play_story(page, [0])
    # One handler: one node further and no answer yet (a second one would have gone on).
    assert page.locator(f"{Q2} .quiz__node.is-on").count() == 2 and writes(page) == 0
    answer_scenario(page, 0)
    assert writes(page) == 1, "the widget was mounted more than once"
    # Away and back again by instant navigation: still one widget, one handler.
    page.go_back()
    page.wait_for_selector("article a[href$='practice/meetings/']")
    assert page.evaluate("[...document.styleSheets].some(s => s.href && s.href.includes('/quiz.css'))") is False
    page.locator("article a[href$='practice/meetings/']").click()
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert page.evaluate("window.stayed") is True
    assert "is-done" in page.locator(Q1).get_attribute("class")  # restored from storage
    page.locator(f"{Q1} .quiz__check").evaluate("b => b.click()")  # hidden once answered
    play_story(page, [0])
    assert page.locator(f"{Q2} .quiz__node.is-on").count() == 2 and writes(page) == 1
    assert page.locator(".quiz").count() == 1


def test_every_quiz_page_loads_the_same_two_files_and_a_story_plays_after_instant_navigation(page, quiz_url):
    loaded = []
    page.on("request", lambda r: "/assets/quiz/" in r.url and loaded.append(r.url.split("/assets/quiz/")[1].split("?")[0]))
    page.goto(quiz_url + "practice/hostile/")
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert loaded == ["quiz.css", "quiz.js"]
    # On to the story by instant navigation: the same script plays it.
    wait_for_instant_navigation(page)
    page.evaluate("window.stayed = true")
    page.evaluate("""() => { const a = document.createElement('a'); a.href = '../meetings/'; a.id = 'to-meetings';
        a.textContent = '开会'; document.querySelector('article').append(a); }""")
    page.locator("#to-meetings").click()
    page.wait_for_selector("#quiz-meetings[data-quiz-ready]")
    assert page.evaluate("window.stayed") is True, "instant navigation did not happen"
    nodes = f"{Q2} .quiz__node:visible, {Q2} .quiz__ending:visible"
    assert page.locator(nodes).count() == 1
    play_story(page, [0, 1])
    assert page.locator(f"{Q2} .quiz__status").inner_text() == "参与 结局：只下了蛋的鸡。"
    assert page.locator(nodes).count() == 3


def _geometry(page):
    return page.evaluate("""() => [...document.querySelectorAll(
        '.quiz, .quiz__question, .quiz__option, .quiz__bar, .quiz__node, .quiz__feedback, .quiz__explanation')]
        .map(e => { const r = e.getBoundingClientRect(); return [e.className, r.top + scrollY, r.height]; })""")


def test_mounting_moves_nothing(ctx, quiz_url):
    """The quiz is drawn in the widget's layout before quiz.js runs: mounting shifts no box."""
    script = ROOT / "docs" / "assets" / "quiz" / "quiz.js"
    ctx.route("**/assets/quiz/quiz.js*", lambda route: route.fulfill(body="", content_type="text/javascript"))
    page = new_page(ctx)
    page.goto(quiz_url + "practice/meetings/")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.hasAttribute('data-quiz')")
    assert page.locator(".quiz[data-quiz-ready]").count() == 0
    before = _geometry(page)
    assert page.locator(f"{Q1} .quiz__check").is_visible() and not page.locator(f"{Q1} .quiz__feedback").first.is_visible()
    page.add_script_tag(path=str(script))
    page.wait_for_selector(".quiz[data-quiz-ready]")
    assert _geometry(page) == before


def test_a_failed_script_load_shows_every_answer(ctx, quiz_url):
    ctx.route("**/assets/quiz/quiz.js*", lambda route: route.abort())
    page = new_page(ctx)
    page.goto(quiz_url + "practice/meetings/")
    page.wait_for_load_state("load")
    ctx.errors.clear()  # the failed request itself is logged as an error
    assert not page.evaluate("document.documentElement.hasAttribute('data-quiz')")
    assert page.locator(f"{Q1} .quiz__feedback summary").first.is_visible()
    assert page.locator(f"{Q2} .quiz__node").nth(1).is_visible()
    assert not page.locator(".quiz__check").first.is_visible()


def test_hostile_data_never_runs(ctx, quiz_url):
    page = new_page(ctx)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_quiz(page, quiz_url, "practice/hostile/")
    q = page.locator("#q-hostile-hostile")
    for i in range(3):
        q.locator(".quiz__option label").nth(i).hover()
    q.locator(".quiz__option label").nth(1).click()
    q.locator(".quiz__check").click()
    page.locator(".quiz strong").first.hover()
    for summary in q.locator("details summary:visible").all():
        summary.click()
    q.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = false; d.open = true; })")
    page.mouse.move(0, 0)
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    assert page.locator(".quiz script, .quiz iframe, .quiz svg, .quiz style").count() == 0
    assert "<script>window.pwned = 3</script>" in q.locator(".quiz__situation").inner_text()
    assert page.locator("body").is_visible()


def test_pages_without_a_quiz_load_no_quiz_asset(ctx, quiz_url):
    page = new_page(ctx)
    for path in ("", "other/", "competencies/meetings/"):
        ctx.requests.clear()
        page.goto(quiz_url + path)
        page.wait_for_load_state("load")
        assert not [u for u in ctx.requests if "/assets/quiz" in u], path
        assert page.evaluate("window.Gaobiao") is None
    ctx.requests.clear()
    page.goto(quiz_url + "practice/meetings/")
    page.wait_for_load_state("load")
    assert [u.split("/assets/quiz/")[1].split("?")[0] for u in ctx.requests if "/assets/quiz" in u] == [
        "quiz.css", "quiz.js"]
    assert page.locator(".quiz__option label").first.evaluate("l => getComputedStyle(l).minHeight") == "44px"


@pytest.mark.parametrize("state", ["fresh", "answered"])
def test_axe_finds_no_violation_on_a_quiz_page(page, quiz_url, state):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs it from package-lock.json")
    open_quiz(page, quiz_url)
    if state == "answered":
        answer_scenario(page, 1)
        play_story(page, [0, 1])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => (await axe.run(document.querySelector('.quiz'),
        {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})).violations
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
    assert result == []
