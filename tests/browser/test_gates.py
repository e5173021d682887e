"""Quality gates over every built page, in Debian chromium.

For every page, in the light and the dark palette (1280 × 900):
  - axe-core finds no violation (WCAG 2.x A/AA rules including 2.2's target size, and
    axe's best practices);
  - no request leaves the site's origin, and the console shows no error.
At 360 × 740 (a small phone), light palette:
  - the page does not scroll sideways;
  - every quiz control (option, button, disclosure) is at least 44 px tall.
Quiz pages are also checked after answering and with every disclosure open, since
feedback and explanations are only visible then.

Each page is loaded once per palette and the results are shared by the tests that
read them, so the whole module costs one browser and about two page loads per page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sitetools import ROOT, same_origin

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DOCS = ROOT / "docs"
MIN_TARGET = 44  # px: WCAG 2.5.5 target size (enhanced), Apple and Android guidance
PALETTES = {"light": "default", "dark": "slate"}  # prefers-color-scheme → Material scheme


def _page_paths() -> list[str]:
    """Site-relative URL of every page in docs/ (MkDocs' directory URLs), and the 404 page."""
    paths = []
    for md in sorted(DOCS.rglob("*.md")):
        rel = md.relative_to(DOCS)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue  # snippets and hidden files are not pages
        stem = rel.with_suffix("")
        if stem.name in ("index", "README"):
            url = stem.parent.as_posix()
            paths.append("" if url == "." else url + "/")
        else:
            paths.append(stem.as_posix() + "/")
    return paths + ["404.html"]


PAGES = _page_paths()


def _built_paths(site: Path) -> set[str]:
    out = set()
    for html in site.rglob("*.html"):
        rel = html.relative_to(site).as_posix()
        out.add(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


# ---------------------------------------------------------------------------
# A browser tab that loads pages and remembers what happened on each
# ---------------------------------------------------------------------------

AXE_RUN = """async () => {
  const r = await axe.run(CONTEXT, {resultTypes: ['violations'],
                                    rules: {'target-size': {enabled: true}}});  // WCAG 2.2, as Lighthouse
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                          summary: n.failureSummary,
                                          html: n.html.slice(0, 160)})),
    count: v.nodes.length}));
}"""


# The search script (overrides/assets/javascripts/search.js) marks the dialog ready once set up.
SEARCH_READY = """() => {
  const d = document.querySelector('[data-gb-search]');
  return !d || d.getAttribute('data-gb-search') === 'ready';
}"""


class Visit:
    """What one page load showed: axe violations, console errors, foreign requests."""

    def __init__(self, path):
        self.path = path
        self.violations: list[dict] = []
        self.console_errors: list[str] = []
        self.external: list[str] = []
        self.scheme: str | None = None
        self.status: int | None = None


class Tab:
    """One context and one page, reused for every page load: cheap, and shares the cache."""

    def __init__(self, browser, base_url: str, **context_args):
        self.base_url = base_url
        self.ctx = browser.new_context(locale="zh-CN", **context_args)
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", lambda m: m.type == "error" and self._visit.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self._visit.console_errors.append(str(e)))
        self._visit = Visit("")
        self._axe = AXE.read_text(encoding="utf-8")

    def _route(self, route):
        url = route.request.url
        if same_origin(url, self.base_url):
            route.continue_()
        else:
            self._visit.external.append(url)
            route.abort()

    def open(self, path: str) -> Visit:
        self._visit = visit = Visit(path)
        response = self.page.goto(self.base_url + path, wait_until="load")
        visit.status = response.status if response else None
        # Wait for the search script to set up the dialog; Pagefind itself loads only on
        # use (tests/browser/test_search.py).
        try:
            self.page.wait_for_function(SEARCH_READY, timeout=15_000)
        except PlaywrightTimeout:
            visit.console_errors.append("the search script never set up the dialog (15 s)")
        visit.scheme = self.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        return visit

    def axe(self, visit: Visit, context: str = "document") -> None:
        if not self.page.evaluate("typeof window.axe === 'object'"):
            self.page.add_script_tag(content=self._axe)  # inline: no request is made
        visit.violations = self.page.evaluate(AXE_RUN.replace("CONTEXT", context))

    def close(self):
        self.ctx.close()


def _axe_report(visit: Visit) -> str:
    lines = []
    for v in visit.violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['count']} nodes)")
        for n in v["nodes"]:
            lines.append(f"      {n['target']}: {n['html']}")
            lines.append("        " + " ".join(n["summary"].split())[:300])
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_source_present():
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `make test`, which installs it")


@pytest.fixture(scope="module", params=list(PALETTES))
def palette_visits(request, browser, base_url, axe_source_present):
    """Per palette: a tab at 1280 × 900, and a memo of each page's visit in it."""
    palette = request.param
    tab = Tab(browser, base_url, color_scheme=palette, viewport={"width": 1280, "height": 900})
    memo: dict[str, Visit] = {}

    def visit(path: str) -> Visit:
        if path not in memo:
            memo[path] = v = tab.open(path)
            tab.axe(v)
        return memo[path]

    visit.palette = palette
    yield visit
    tab.close()


@pytest.fixture(scope="module")
def phone(browser, base_url):
    tab = Tab(browser, base_url, color_scheme="light", viewport={"width": 360, "height": 740},
              has_touch=True)
    yield tab
    tab.close()


# ---------------------------------------------------------------------------
# Every page, light and dark
# ---------------------------------------------------------------------------


def test_every_page_in_docs_was_built(site):
    """The page list is read from docs/ at collection; each of them must have been built."""
    missing = sorted(set(PAGES) - _built_paths(site))
    assert not missing, f"in docs/ but not built: {missing}"


def test_pages_generated_by_hooks_pass_the_gates(palette_visits, site):
    """Pages a hook adds (answer keys …) are not in docs/: check them here, in one test."""
    failures = []
    for path in sorted(_built_paths(site) - set(PAGES)):
        v = palette_visits(path)
        if v.status != 200 or v.violations or v.external or v.console_errors:
            failures.append(f"/{path} ({v.status}): external {v.external}, console {v.console_errors}\n"
                            + _axe_report(v))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violation(palette_visits, path):
    v = palette_visits(path)
    assert v.status == 200, f"/{path} answered {v.status}"
    assert v.scheme == PALETTES[palette_visits.palette], (
        f"/{path}: the {palette_visits.palette} palette was not applied (scheme {v.scheme!r})"
    )
    assert not v.violations, (
        f"/{path} ({palette_visits.palette}): {len(v.violations)} axe violations\n{_axe_report(v)}"
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_makes_no_request_off_the_origin(palette_visits, path):
    v = palette_visits(path)
    assert v.external == [], f"/{path} requested {v.external}"


@pytest.mark.parametrize("path", PAGES)
def test_page_logs_no_console_error(palette_visits, path):
    v = palette_visits(path)
    assert v.console_errors == [], f"/{path}: {v.console_errors}"


# ---------------------------------------------------------------------------
# A 360 × 740 phone
# ---------------------------------------------------------------------------

OVERFLOW = """() => {
  const w = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - w;
  const culprits = [];
  if (over > 0) {
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
        // only the outermost offender inside a non-scrolling ancestor chain
        let p = el.parentElement, scrolls = false;
        while (p && p !== document.body) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') { scrolls = true; break; }
          p = p.parentElement;
        }
        if (!scrolls) culprits.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' right=' + Math.round(r.right));
        if (culprits.length >= 8) break;
      }
    }
  }
  return {over, culprits};
}"""

# Things a reader taps inside a quiz. Inline links in running text are exempt (WCAG 2.5.5).
SMALL_TARGETS = """(min) => {
  const sel = 'label, button, summary, select, textarea, input:not([type=radio]):not([type=checkbox]):not([type=hidden]), a:not(p a):not(li a):not(td a)';
  const out = [];
  for (const q of document.querySelectorAll('.quiz')) {
    for (const el of q.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;  // not shown now
      if (el.tagName === 'LABEL' && el.querySelector('input[type=radio],input[type=checkbox]') === null
          && !(el.htmlFor && document.getElementById(el.htmlFor))) continue;  // not a control label
      if (r.height < min) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ` +
                                   `"${el.textContent.trim().slice(0, 24)}" ${r.height.toFixed(1)}px`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_360px_phone(phone, path):
    v = phone.open(path)
    assert v.status == 200
    result = phone.page.evaluate(OVERFLOW)
    assert result["over"] <= 0, (
        f"/{path} scrolls {result['over']}px sideways at 360px; widest: {result['culprits']}"
    )
    small = phone.page.evaluate(SMALL_TARGETS, MIN_TARGET)
    assert small == [], f"/{path}: quiz controls under {MIN_TARGET}px tall: {small}"
    assert v.external == [] and v.console_errors == [], (v.external, v.console_errors)


def test_pages_generated_by_hooks_fit_a_360px_phone(phone, site):
    failures = []
    for path in sorted(_built_paths(site) - set(PAGES)):
        v = phone.open(path)
        result = phone.page.evaluate(OVERFLOW)
        small = phone.page.evaluate(SMALL_TARGETS, MIN_TARGET)
        if v.status != 200 or result["over"] > 0 or small:
            failures.append(f"/{path} ({v.status}): {result['over']}px sideways {result['culprits']}; small: {small}")
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------------
# Quiz pages after use: feedback and explanations shown
# ---------------------------------------------------------------------------

QUIZ_PAGES = [p for p in PAGES if p.startswith("practice/")]

ANSWER_ALL = """() => {
  // Choose the first enabled option on view and press the question's check button,
  // until nothing is left to answer (branching scenarios reveal one node at a time).
  let answered = 0;
  for (let round = 0; round < 20; round++) {
    let progressed = false;
    for (const q of document.querySelectorAll('.quiz .quiz__question')) {
      const check = q.querySelector('.quiz__check');
      const radio = [...q.querySelectorAll('input[type=radio]')]
        .find(r => !r.disabled && r.offsetParent !== null);
      if (!radio) continue;
      radio.click();
      if (check && !check.hidden && !check.disabled) check.click();
      progressed = true; answered++;
    }
    if (!progressed) break;
  }
  for (const d of document.querySelectorAll('.quiz details')) d.open = true;
  return answered;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_quiz_pages_after_answering_have_no_axe_violation(browser, base_url, site, scheme,
                                                          axe_source_present):
    """Answer the first option of every question and open every disclosure, then run axe."""
    with_quiz = [p for p in QUIZ_PAGES if 'class="quiz"' in (site / p / "index.html").read_text(encoding="utf-8")] if QUIZ_PAGES else []
    if not with_quiz:
        pytest.fail("no practice page embeds a quiz")
    tab = Tab(browser, base_url, color_scheme=scheme, viewport={"width": 1280, "height": 900})
    failures = []
    try:
        for path in with_quiz:
            v = tab.open(path)
            answered = tab.page.evaluate(ANSWER_ALL)
            tab.page.wait_for_timeout(50)
            tab.axe(v, "'.quiz'")  # the rest of the page was checked above
            if answered == 0:
                failures.append(f"/{path}: no question could be answered")
            if v.violations or v.console_errors or v.external:
                failures.append(f"/{path}:\n{_axe_report(v)}\n  console: {v.console_errors}\n  external: {v.external}")
    finally:
        tab.close()
    assert not failures, "\n".join(failures)


def test_quiz_controls_after_answering_fit_a_phone(phone, site):
    """Controls that only appear after an answer (feedback, retry, next) are large enough too."""
    with_quiz = [p for p in QUIZ_PAGES if 'class="quiz"' in (site / p / "index.html").read_text(encoding="utf-8")]
    if not with_quiz:
        pytest.fail("no practice page embeds a quiz")
    failures = []
    for path in with_quiz:
        phone.open(path)
        phone.page.evaluate(ANSWER_ALL)
        phone.page.wait_for_timeout(50)
        small = phone.page.evaluate(SMALL_TARGETS, MIN_TARGET)
        over = phone.page.evaluate(OVERFLOW)
        if small:
            failures.append(f"/{path}: under {MIN_TARGET}px: {small}")
        if over["over"] > 0:
            failures.append(f"/{path}: scrolls {over['over']}px sideways: {over['culprits']}")
    assert not failures, "\n".join(failures)
