"""Benchmarks for the handbook: what the quizzes cost to build, check and load; page weight; Lighthouse.

    make bench                                       # every section but `huge`
    .venv/bin/python bench/run.py --only build --runs 11
    .venv/bin/python bench/run.py --only huge        # the 50,000-question build, once

Writes bench/results.json (every number, with the load average around it) and
bench/results.md (tables, each target met or missed). A run of some sections keeps the
other sections' earlier results. These are measurements, not tests: nothing here fails
because something is slow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "hooks"), str(HERE)]

from project import add_bank, copy_project  # noqa: E402
from serve import GzipServer  # noqa: E402

PY = sys.executable
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "results.md"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"

# The pages measured: home, a competency page, a quiz page (and its plain twin).
HOME, COMPETENCY, QUIZ = "", "competencies/meetings/", "practice/meetings/"
# Quiz assets: what a quiz page links (hooks/quiz.py), and what quiz.js loads on demand.
QUIZ_ASSET = re.compile(r"""(?:href|src)=["']([^"']*assets/quiz/[^"']+)["']""")
ON_DEMAND = re.compile(r"""["'](assets/quiz/[\w.-]+\.(?:js|css))["']""")
CHECK_BANK = 1_000
LINEAR_BANKS = (100, 1_000, 5_000)
HUGE_BANK = 50_000
SECTIONS = ("build", "check", "linear", "weight", "lighthouse")  # `huge` only when asked


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(values):
    return round(statistics.median(values), 4)


def load() -> float:
    return round(os.getloadavg()[0], 1)


def timed(cmd: list[str], cwd: Path, env: dict) -> dict:
    """Run `cmd` to completion: wall seconds, CPU seconds (user + system of the child and its
    children, from getrusage deltas) and the 1-minute load average when it finished."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{(proc.stderr or proc.stdout)[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "load": load(), "stdout": proc.stdout}


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


def mkdocs_build(project: Path, out: Path, cache_home: Path) -> dict:
    """`mkdocs build` of `project` in a fresh interpreter.

    `cache_home` becomes XDG_CACHE_HOME: one folder for every build, so none writes outside the bench."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks"),
           "PYTHONDONTWRITEBYTECODE": "1", "XDG_CACHE_HOME": str(cache_home)}
    return timed([PY, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
                 project, env)


def summary(rows: list[dict]) -> dict:
    return {"cpu": median([r["cpu"] for r in rows]), "wall": median([r["wall"] for r in rows]),
            "runs_cpu": [round(r["cpu"], 3) for r in rows], "runs_wall": [round(r["wall"], 3) for r in rows],
            "load": [r["load"] for r in rows]}


def bench_build(runs: int, work: Path) -> dict:
    """The real site with the quiz engine and without it: interleaved builds, median CPU time."""
    log(f"build: real site with and without the quiz engine, {runs} interleaved runs each")
    a, b, cache = work / "quiz", work / "off", work / "cache"
    copy_project(a, "quiz")
    copy_project(b, "off")
    mkdocs_build(a, work / "warm-a", cache)  # warm-up: files in the page cache
    mkdocs_build(b, work / "warm-b", cache)
    with_, without = [], []
    for i in range(runs):
        with_.append(mkdocs_build(a, work / f"a{i}", cache))
        without.append(mkdocs_build(b, work / f"b{i}", cache))
    out = {"with": summary(with_), "without": summary(without)}
    out["ratio_cpu"] = round(out["with"]["cpu"] / out["without"]["cpu"], 3)
    out["ratio_wall"] = round(out["with"]["wall"] / out["without"]["wall"], 3)
    from quizkit.load import load_quiz_dir

    quizzes, _ = load_quiz_dir(ROOT / "quizzes")
    out["bank"] = {"quizzes": len(quizzes), "questions": sum(len(q.questions) for q in quizzes.values())}
    return out


# ---------------------------------------------------------------------------
# The check on a generated bank
# ---------------------------------------------------------------------------

CHECK_TOOK = re.compile(r"\(([\d.]+) s\)")


def quiz_check(project: Path) -> dict:
    """`python -m quizkit check` in a fresh interpreter, as an editor runs it (bytecode allowed:
    quizkit is compiled once, not every run)."""
    env = {**os.environ, "PYTHONPATH": str(project / "hooks")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    r = timed([PY, "-m", "quizkit", "check"], project, env)
    took = CHECK_TOOK.search(r["stdout"])
    r["inside"] = float(took.group(1)) if took else None
    r["summary"] = r.pop("stdout").strip()
    return r


def bench_check(runs: int, work: Path) -> dict:
    log(f"check: python -m quizkit check on the site plus {CHECK_BANK:,} generated questions, {runs} runs")
    project = work / "bank"
    copy_project(project, "quiz")
    quizzes = add_bank(project, CHECK_BANK)
    quiz_check(project)  # compiles quizkit's bytecode once, as any first run would
    rows = [quiz_check(project) for _ in range(runs)]
    # Python's start-up and imports alone, to separate from the check itself
    env = {**os.environ, "PYTHONPATH": str(project / "hooks")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = [timed([PY, "-c", "import quizkit.cli, quizkit.bank"], project, env) for _ in range(runs)]
    return {"generated_questions": CHECK_BANK, "generated_quizzes": quizzes, **summary(rows),
            "inside": median([r["inside"] for r in rows if r["inside"] is not None] or [0]),
            "summary": rows[-1]["summary"],
            "start_and_import": {"cpu": median([r["cpu"] for r in start]), "wall": median([r["wall"] for r in start])}}


# ---------------------------------------------------------------------------
# Linear builds: seconds per question as the bank grows
# ---------------------------------------------------------------------------


def bench_linear(runs: int, work: Path) -> dict:
    """The real site plus 100, 1,000 and 5,000 generated questions, each quiz on its own page
    ("pages") or every quiz on one page ("one page"); per question = (build with the bank −
    build of the real site) / questions. Builds interleaved round by round, median of rounds."""
    rounds = max(1, min(runs, 3))  # a 5,000-question build takes a while: at most 3 rounds
    log(f"linear: banks of {', '.join(map(str, LINEAR_BANKS))} questions, pages and one page, {rounds} rounds")
    cache = work / "cache"
    base = work / "base"
    copy_project(base, "quiz")
    projects = {}
    for n in LINEAR_BANKS:
        for layout in ("pages", "one page"):
            p = work / f"bank{n}-{layout.replace(' ', '-')}"
            copy_project(p, "quiz")
            add_bank(p, n, one_page=layout == "one page")
            projects[(layout, n)] = p
    mkdocs_build(base, work / "warm", cache)
    rows: dict = {"base": []}
    for i in range(rounds):
        rows["base"].append(mkdocs_build(base, work / "out-base", cache))
        for key, p in projects.items():
            log(f"linear: round {i + 1}, {key[0]}, {key[1]:,} questions")
            rows.setdefault(key, []).append(mkdocs_build(p, work / "out", cache))
    out = {"rounds": rounds, "base": summary(rows["base"])}
    for (layout, n), r in ((k, v) for k, v in rows.items() if k != "base"):
        s = summary(r)
        s["per_question_cpu_ms"] = round((s["cpu"] - out["base"]["cpu"]) / n * 1000, 2)
        s["per_question_wall_ms"] = round((s["wall"] - out["base"]["wall"]) / n * 1000, 2)
        out.setdefault(layout, {})[str(n)] = s
    return out


def bench_huge(work: Path) -> dict:
    """One build of the real site plus 50,000 generated questions (1,000 quizzes, a page each)."""
    log(f"huge: one build with {HUGE_BANK:,} generated questions")
    cache = work / "cache"
    base, p = work / "base", work / "bank"
    copy_project(base, "quiz")
    copy_project(p, "quiz")
    quizzes = add_bank(p, HUGE_BANK)
    mkdocs_build(base, work / "warm", cache)
    b = mkdocs_build(base, work / "out-base", cache)
    r = mkdocs_build(p, work / "out", cache)
    return {"questions": HUGE_BANK, "quizzes": quizzes, "layout": "pages", "finished": True,
            "cpu": round(r["cpu"], 2), "wall": round(r["wall"], 2), "load": r["load"],
            "base_cpu": round(b["cpu"], 2),
            "per_question_cpu_ms": round((r["cpu"] - b["cpu"]) / HUGE_BANK * 1000, 2)}


# ---------------------------------------------------------------------------
# Weight
# ---------------------------------------------------------------------------


def _gz(data: bytes, level: int = 6) -> int:
    return len(gzip.compress(data, level))


SEARCH_QUERY = "提案"
INDEX = ("pagefind/", "search/search_index")  # the search index, Material's or Pagefind's


def first_load(url: str, search: str | None = None) -> list[dict]:
    """Every response a fresh browser fetches to show `url`, with raw and gzip sizes; with
    `search`, then what it fetches when that is typed into the search box (phase "search")."""
    sys.path.insert(0, str(ROOT / "tests"))
    from sitetools import chromium

    seen = []
    with chromium() as browser:
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        phase = ["load"]
        page.on("response", lambda r: seen.append((phase[0], r)))
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        if search:
            phase[0] = "search"
            page.locator("input.md-search__input").click()
            page.keyboard.insert_text(search)
            page.locator(f'.md-search-result__list[data-gb-query="{search}"]').wait_for(state="attached")
            page.wait_for_load_state("networkidle")
        rows = []
        for when, r in seen:
            try:
                body = r.body()
            except Exception:  # redirects have no body
                continue
            rows.append({"url": r.url, "raw": len(body), "gzip": _gz(body), "phase": when})
        ctx.close()
    return rows


def quiz_assets(site: Path) -> dict:
    """For every built page that links quiz assets: those files (query strings dropped), plus
    whatever a linked script loads on demand (an `assets/quiz/…` name in its text, e.g.
    assignment.js, which quiz.js adds for a learner with an assignment)."""
    pages = {}
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        linked = {urlsplit(urljoin(rel, u)).path for u in QUIZ_ASSET.findall(html.read_text(encoding="utf-8"))}
        if not linked:
            continue
        extra = set()
        for asset in linked:
            if asset.endswith(".js"):
                extra |= set(ON_DEMAND.findall((site / asset).read_text(encoding="utf-8"))) - linked
        pages[rel] = {"linked": sorted(linked), "on_demand": sorted(extra)}
    return pages


def bench_weight(work: Path) -> dict:
    log("weight: quiz assets of every quiz page, and a quiz page's first load against its plain twin")
    a, p, cache = work / "quiz", work / "plain", work / "cache"
    copy_project(a, "quiz")
    copy_project(p, "plain")
    sa, sp = work / "site-quiz", work / "site-plain"
    mkdocs_build(a, sa, cache)
    mkdocs_build(p, sp, cache)
    pages = quiz_assets(sa)
    files = sorted({f for v in pages.values() for f in v["linked"] + v["on_demand"]})
    sizes = {}
    for f in files:
        data = (sa / f).read_bytes()
        sizes[f] = {"raw": len(data), "gzip6": _gz(data), "gzip9": _gz(data, 9)}
    for v in pages.values():
        v["gzip9"] = sum(sizes[f]["gzip9"] for f in v["linked"] + v["on_demand"])
        v["linked_gzip9"] = sum(sizes[f]["gzip9"] for f in v["linked"])
        v["raw"] = sum(sizes[f]["raw"] for f in v["linked"] + v["on_demand"])
    heaviest = max(pages, key=lambda k: pages[k]["gzip9"]) if pages else None
    loads = {}
    for name, site in (("quiz", sa), ("plain", sp)):
        with GzipServer(site) as srv:
            rows = first_load(srv.url + QUIZ)
        base = len(srv.url)
        for r in rows:
            r["url"] = r["url"][base:]
        search = [r for r in rows if r["url"].startswith(INDEX)]
        loads[name] = {
            "requests": len(rows),
            "raw": sum(r["raw"] for r in rows),
            "gzip": sum(r["gzip"] for r in rows),
            "gzip_without_search_index": sum(r["gzip"] for r in rows if r not in search),
            "html_raw": next((r["raw"] for r in rows if r["url"] == QUIZ), None),
            "html_gzip": next((r["gzip"] for r in rows if r["url"] == QUIZ), None),
            "files": sorted(rows, key=lambda r: -r["gzip"]),
        }
    # The target: what opening a page costs a reader who does not search (≤ 100 KB gzip), for a
    # competency page and a quiz page; and, separately, what a first search then fetches.
    first_loads = {}
    for name, path in (("competency", COMPETENCY), ("quiz", QUIZ)):
        with GzipServer(sa) as srv:
            rows = first_load(srv.url + path, search=SEARCH_QUERY)
        base = len(srv.url)
        for r in rows:
            r["url"] = r["url"][base:]
        load = [r for r in rows if r["phase"] == "load"]
        found = [r for r in rows if r["phase"] == "search"]
        first_loads[name] = {"page": path, "requests": len(load), "gzip": sum(r["gzip"] for r in load),
                       "raw": sum(r["raw"] for r in load),
                       "search_index_at_load": sum(r["gzip"] for r in load if r["url"].startswith(INDEX)),
                       "search_query": SEARCH_QUERY, "search_requests": len(found),
                       "search_gzip": sum(r["gzip"] for r in found),
                       "files": sorted(load, key=lambda r: -r["gzip"]),
                       "search_files": sorted(found, key=lambda r: -r["gzip"])}
    page_q, page_p = loads["quiz"]["gzip_without_search_index"], loads["plain"]["gzip_without_search_index"]
    return {"files": sizes, "quiz_pages": len(pages), "heaviest": heaviest,
            "heaviest_assets": pages.get(heaviest), "pages": pages, "page": QUIZ, "first_load": loads,
            "first_loads": first_loads,
            "first_load_ratio_gzip": round(page_q / page_p, 3),
            "first_load_ratio_gzip_with_search_index": round(loads["quiz"]["gzip"] / loads["plain"]["gzip"], 3),
            "first_load_ratio_raw": round(loads["quiz"]["raw"] / loads["plain"]["raw"], 3)}


# ---------------------------------------------------------------------------
# Lighthouse
# ---------------------------------------------------------------------------

METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")


def lighthouse(url: str, preset: str) -> dict:
    cmd = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
           "--only-categories=performance,accessibility,best-practices,seo",
           f"--chrome-flags={CHROME_FLAGS}"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    proc = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True,
                          text=True, check=False, timeout=240)
    if proc.returncode:
        raise RuntimeError(f"lighthouse {url} failed:\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    cats = {k: round(v["score"] * 100) for k, v in report["categories"].items() if v["score"] is not None}
    metrics = {m: report["audits"][m]["numericValue"] for m in METRICS}
    failing = sorted(
        a["id"] for cat in ("accessibility", "best-practices", "seo")
        for ref in report["categories"][cat]["auditRefs"] if ref["weight"] > 0
        for a in [report["audits"][ref["id"]]] if a["score"] is not None and a["score"] < 1
    )
    return {"scores": cats, "metrics": metrics, "failing": failing}


def bench_lighthouse(runs: int, work: Path) -> dict:
    if not LIGHTHOUSE.exists():
        raise RuntimeError("node_modules/lighthouse is missing: run `make node-deps`")
    a, p = work / "quiz", work / "plain"
    if not a.exists():
        copy_project(a, "quiz")
    if not p.exists():
        copy_project(p, "plain")
    sa, sp = work / "lh-site-quiz", work / "lh-site-plain"
    mkdocs_build(a, sa, work / "cache")
    mkdocs_build(p, sp, work / "cache")
    targets = [("home", sa, HOME), ("competency", sa, COMPETENCY), ("quiz", sa, QUIZ),
               ("plain", sp, QUIZ), ("results", sa, "trainers/results/"), ("print", sa, "reference/print/")]
    out: dict = {}
    for preset in ("desktop", "mobile"):
        for name, site, path in targets:
            log(f"lighthouse: {preset} {name} /{path}, {runs} runs")
            with GzipServer(site) as srv:
                reports = [lighthouse(srv.url + path, preset) for _ in range(runs)]
            scores = {c: median([r["scores"].get(c, 0) for r in reports]) for c in reports[0]["scores"]}
            metrics = {m: round(median([r["metrics"][m] for r in reports]), 1 if m != "cumulative-layout-shift" else 4)
                       for m in METRICS}
            failing = sorted({f for r in reports for f in r["failing"]})
            out.setdefault(preset, {})[name] = {
                "path": "/" + path, "scores": scores, "metrics": metrics, "failing": failing,
                "performance_runs": [r["scores"].get("performance") for r in reports],
            }
    return out


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def versions() -> dict:
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
        except Exception:
            return None

    import importlib.metadata as md

    pkgs = {n: md.version(n) for n in ("mkdocs", "mkdocs-material", "pagefind", "pydantic")}
    return {"python": platform.python_version(), "node": out(["node", "--version"]),
            "chromium": out([CHROME, "--version"]), "cores": os.cpu_count(), **pkgs,
            "lighthouse": json.loads((ROOT / "node_modules/lighthouse/package.json").read_text())["version"]
            if LIGHTHOUSE.exists() else None}


def _merge(update: dict) -> dict:
    """Write `update` into results.json, keeping sections another run wrote meanwhile."""
    current = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}
    current = {k: v for k, v in current.items() if k in (*SECTIONS, "huge", "environment")}  # drop retired sections
    current.update(update)
    RESULTS_JSON.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return current


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections: {', '.join(SECTIONS)}, huge (default: all but huge)")
    parser.add_argument("--runs", type=int, default=9, help="runs per measurement (median taken)")
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    results = {}
    with tempfile.TemporaryDirectory(prefix="gaobiao-bench-") as tmp:
        work = Path(tmp)
        for section in sections:
            fn = {"build": lambda: bench_build(args.runs, work / "build"),
                  "check": lambda: bench_check(args.runs, work / "check"),
                  "linear": lambda: bench_linear(args.runs, work / "linear"),
                  "huge": lambda: bench_huge(work / "huge"),
                  "weight": lambda: bench_weight(work / "weight"),
                  "lighthouse": lambda: bench_lighthouse(args.runs, work / "lighthouse")}.get(section)
            if fn is None:
                parser.error(f"unknown section {section!r}")
            (work / section).mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            load_before = load()
            results[section] = fn()
            results[section]["_meta"] = {
                "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "runs": args.runs, "took_s": round(time.perf_counter() - started, 1),
                "load_avg": [load_before, load()],
                "command": f"python bench/run.py --only {section} --runs {args.runs}"}
            _merge({section: results[section]})
            log(f"{section} done in {results[section]['_meta']['took_s']} s")
    results = _merge({"environment": versions()})  # every section, this run's and earlier ones
    from report import render

    RESULTS_MD.write_text(render(results), encoding="utf-8")
    log(f"wrote {RESULTS_JSON.relative_to(ROOT)} and {RESULTS_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
