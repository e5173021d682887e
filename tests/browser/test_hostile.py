"""Quiz text is data everywhere: every payload kind in every text field, rendered by the real
renderer into real pages of the handbook (practice page with a story, answer key, catalogue),
opened in chromium, hovered, answered and clicked: nothing runs, nothing is fetched from
elsewhere, nothing breaks the page.

`make check` refuses all of this text (tests/unit/test_quiz_load.py); these pages show what the
second line of defence — escaping and nh3 at render time — does if such text ever got through."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from quizkit import catalogue
from quizkit.load import read
from quizkit.render import QuizText, plain_titles, read_glossary, render_quiz
from sitetools import ROOT, SiteServer, same_origin

FOREIGN = "https://elsewhere.example"
PAYLOADS = {
    "script": "<script>window.pwned('script')</script>",
    "img-onerror": "<img src=x onerror=\"window.pwned('img')\">",
    "iframe-srcdoc": "<iframe srcdoc=\"<script>parent.pwned('iframe')</script>\"></iframe>",
    "svg-onload": "<svg onload=\"window.pwned('svg')\"></svg>",
    "details-ontoggle": "<details open ontoggle=\"window.pwned('details')\"><summary>x</summary></details>",
    "raw-javascript-link": "<a href=\"javascript:window.pwned('a')\">点我</a>",
    "markdown-javascript-link": "[点我](javascript:window.pwned('md-link'))",
    "reference-javascript-link": "[点我][r]\n\n[r]: javascript:window.pwned('ref')",
    "data-link": "[点我](data:text/html,<script>window.pwned('data')</script>)",
    "attribute-list": "**粗**{onmouseover=\"window.pwned('attr')\"} 和 [链接](https://example.org){onclick=\"window.pwned('attr2')\"}",
    "abbreviation-definition": "AE 说明\n\n*[AE]: <img src=x onerror=\"window.pwned('abbr')\">",
    "link-title": f"[链接](https://example.org \"<img src=x onerror=window.pwned('title')>\")",
    "image": f"![图]({FOREIGN}/x.png)",
    "image-title": f"![图]({FOREIGN}/y.png \"<img src=x onerror=window.pwned('imgtitle')>\")",
    "style-import": f"<style>@import url({FOREIGN}/a.css); body{{background:url({FOREIGN}/b.png)}}</style>",
    "entity-encoded": "&lt;script&gt;window.pwned('entity')&lt;/script&gt;",
    "autolink": "<javascript:window.pwned('autolink')>",
    "html-comment": "<!-- --><script>window.pwned('comment')</script><!-- -->",
    "object-embed": f"<object data=\"{FOREIGN}/o.swf\"></object><embed src=\"{FOREIGN}/e.swf\">",
}


def hostile_quiz(kind: str, payload: str):
    """A quiz with `payload` in every text field of a scenario question and of a story."""
    text = f"前文 {payload} 后文"
    data = {
        "title": text, "competency": "competencies/meetings.md", "description": text,
        "questions": [
            {"id": "scenario", "kind": "scenario", "revision": 1, "situation": text, "prompt": text,
             "options": [{"text": f"{text} {i}", "rating": r, "feedback": text}
                         for i, r in enumerate(["best", "acceptable", "poor", "poor"])],
             "explanation": {"text": text, "link": "competencies/meetings.md"}},
            {"id": "story", "kind": "branching", "revision": 1, "title": text, "situation": text, "start": "one",
             "nodes": {"one": {"situation": text, "prompt": text,
                               "choices": [{"text": f"{text} 甲", "next": "all-in", "feedback": text},
                                           {"text": f"{text} 乙", "next": "two"}]},
                       "two": {"situation": text, "prompt": text,
                               "choices": [{"text": f"{text} 丙", "next": "half-in", "feedback": text},
                                           {"text": f"{text} 丁", "next": "dodge", "feedback": text}]}},
             "endings": {"all-in": {"verdict": "committed", "title": text, "feedback": text},
                         "half-in": {"verdict": "involved", "title": text, "feedback": text},
                         "dodge": {"verdict": "dodged", "title": text, "feedback": text}},
             "explanation": {"text": text, "link": "competencies/meetings.md"}},
        ],
    }
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    quiz, problems = read(raw, f"hostile-{kind}", f"quizzes/hostile-{kind}.yml")
    assert problems == [], problems  # structurally a quiz; only the text checks refuse it
    return quiz


def _swap(page_html: str, start: str, end: str, new: str) -> str:
    a = page_html.index(start)
    b = page_html.index(end, a)
    return page_html[:a] + new + page_html[b:]


@pytest.fixture(scope="module")
def hostile_site(site, tmp_path_factory):
    """A copy of the built handbook with one practice page, answer key and catalogue per payload kind."""
    root = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(site, root)
    text = QuizText(read_glossary([ROOT / "docs" / "_snippets" / "abbreviations.md"]))
    practice = (site / "practice" / "pig-and-chicken" / "index.html").read_text(encoding="utf-8")
    key = (site / "trainers" / "keys" / "pig-and-chicken" / "index.html").read_text(encoding="utf-8")
    table = (site / "trainers" / "catalogue" / "index.html").read_text(encoding="utf-8")
    up = lambda target: "../../" + target.replace(".md", "/")  # noqa: E731
    for kind, payload in PAYLOADS.items():
        quiz = hostile_quiz(kind, payload)
        pages = {
            f"practice/hostile-{kind}": _swap(practice, '<div class="quiz" id="quiz-pig-and-chicken"',
                                              '\n<script src="../../assets/quiz/quiz.js',
                                              render_quiz(quiz, text, edition="2026.2", site_root="../../", url_for=up)),
            f"trainers/keys/hostile-{kind}": _swap(key, '<h1 id="答案要点">', '\n<link rel="stylesheet"',
                                                   catalogue.answer_key_html(quiz, "practice/x.md", "2026.2", text,
                                                                             lambda t: "../../../" + t.replace(".md", "/"))),
            f"trainers/catalogue-{kind}": _swap(table, "<table>", "</table>",
                                                catalogue.catalogue_html([quiz], {}, {}, text, up).removesuffix("</table>\n")),
        }
        for url, html in pages.items():
            (root / url).mkdir(parents=True, exist_ok=True)
            (root / url / "index.html").write_text(plain_titles(html), encoding="utf-8")
    server = SiteServer().start(root)
    yield server.url
    server.stop()


@pytest.mark.parametrize("where", ["practice/hostile-{}/", "trainers/keys/hostile-{}/", "trainers/catalogue-{}/"])
@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_nothing_runs_and_nothing_is_fetched(browser, hostile_site, kind, where):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    ran, foreign, errors, dialogs = [], [], [], []
    ctx.expose_function("pwned", lambda name: ran.append(name))
    ctx.route("**/*", lambda route: route.continue_() if same_origin(route.request.url, hostile_site)
              else (foreign.append(route.request.url), route.abort()))
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(hostile_site + where.format(kind))
    page.wait_for_load_state("load")
    if where.startswith("practice"):
        page.wait_for_selector(".quiz[data-quiz-ready]")
        scenario = page.locator("#q-hostile-" + kind + "-scenario")
        scenario.locator(".quiz__option label").nth(1).click()
        scenario.locator(".quiz__check").click()
        story = page.locator("#q-hostile-" + kind + "-story")
        story.locator(".quiz__node.is-on .quiz__option label").nth(1).click()
        story.locator(".quiz__check").click()
    # Hover everything that may carry a tooltip (the theme moves `title` into its own tooltips on
    # mount, so elements are found by tag as well), open every disclosure, click unsafe links.
    page.evaluate("""() => document.querySelectorAll('article [title], article abbr, article a, article label')
        .forEach(e => ['mouseenter', 'mouseover', 'focus'].forEach(t => e.dispatchEvent(new Event(t, {bubbles: true}))))""")
    for element in page.locator("article abbr").all()[:5]:
        if element.is_visible():
            element.hover(force=True, timeout=2000)
    page.locator("article details").evaluate_all("ds => ds.forEach(d => { d.open = false; d.open = true; })")
    for link in page.locator("article a[href^='javascript:'], article a[href^='data:']").all():
        link.click(no_wait_after=True)
    page.mouse.move(0, 0)
    page.wait_for_timeout(100)
    article = page.locator("article")
    assert ran == [] and dialogs == [], (ran, dialogs)
    assert foreign == [], foreign
    assert errors == [], errors
    # Elements the payloads would need, other than the page's own (its scripts, the theme's icons).
    made = article.evaluate("""a => [...a.querySelectorAll('script, iframe, svg, style, object, embed, img')]
        .filter(e => !(e.matches('script[src*="/assets/"]')
                       || (e.matches('script:not([src])') && e.textContent.includes('dataset.quiz=location.hash'))
                       || e.closest('.md-content__button, .md-icon, .headerlink')))
        .map(e => e.outerHTML.slice(0, 80))""")
    assert made == [], made
    # The theme's tooltips live outside the article: they hold text only.
    assert page.locator("[class*=md-tooltip] :is(img, svg, iframe, script, style, object, embed)").count() == 0
    titles = article.locator("[title]").evaluate_all("els => els.map(e => e.getAttribute('title'))")
    assert not [t for t in titles if re.search(r"[<>]", t)], titles
    assert "前文" in article.inner_text()  # the text before the payload is still there for the reader
    ctx.close()
