"""Benchmarks for the handbook: build cost of quizzes, scale, page weight, Lighthouse.

    make bench                                    # everything (about 15 minutes on 2 cores)
    .venv/bin/python bench/run.py --only weight --runs 3

Writes bench/results.json (every number) and bench/results.md (tables, each target met or
missed). A run of some sections keeps the other sections' earlier results. These are
measurements, not tests: nothing here fails because something is slow.
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
# What quiz pages ship (hooks/quiz.py): a page with a story (branching question) gets the
# full script and styles; the others the lite ones; assignment.js only loads for a learner
# with an assignment. The styles are a <style> in the page's <head>.
STORY = "practice/pig-and-chicken/"
QUIZ_SCRIPTS = ("assets/quiz/quiz.min.js", "assets/quiz/quiz.lite.min.js", "assets/quiz/assignment.js")
INLINE_STYLE = re.compile(r"<style>(.*?)</style>\s*</head>", re.S)
BANKS = (100, 1_000, 10_000)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(values):
    return round(statistics.median(values), 4)


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------

BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
HOOK_CPU = re.compile(r"bench: hook cpu seconds: ([\d.]+)")


def mkdocs_build(project: Path, out: Path, *, strict: bool = False, cache_home: Path | None = None) -> dict:
    """Build `project` in a fresh interpreter; wall time, MkDocs' own figure, and the
    CPU time of the quiz hook inside the build (bench/timed_mkdocs.py; 0 when it is off).

    `cache_home` becomes XDG_CACHE_HOME: the build caches (converted quiz text, quiz data)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks"),
           "PYTHONDONTWRITEBYTECODE": "1", "BENCH_TIME_HOOK": "quiz.py"}
    if cache_home is not None:
        env["XDG_CACHE_HOME"] = str(cache_home)
    cmd = [PY, str(HERE / "timed_mkdocs.py"), "build", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    if strict:
        cmd.append("--strict")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds hardly change when other work shares the cores; wall time does.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        raise RuntimeError(f"build of {project} failed:\n{proc.stderr[-3000:]}")
    built = BUILT_IN.search(proc.stderr)
    hook = HOOK_CPU.search(proc.stderr)
    if hook is None:
        raise RuntimeError(f"build of {project} did not report the hook's time:\n{proc.stderr[-3000:]}")
    return {"wall": wall, "cpu": cpu, "mkdocs": float(built.group(1)) if built else None,
            "hook_cpu": float(hook.group(1))}


def compare_builds(a: Path, b: Path, runs: int, work: Path, warm_up: bool = True,
                   cache_home: Path | None = None, before_a=None) -> dict:
    """Interleaved builds of a and b (one warm-up each); medians and the ratio a/b.

    `before_a` runs before each measured build of a (e.g. to empty a cache)."""
    if warm_up:
        mkdocs_build(a, work / "warm-a", cache_home=cache_home)
        mkdocs_build(b, work / "warm-b", cache_home=cache_home)
    ra, rb = [], []
    for i in range(runs):
        if before_a:
            before_a()
        ra.append(mkdocs_build(a, work / f"a{i}", cache_home=cache_home))
        rb.append(mkdocs_build(b, work / f"b{i}", cache_home=cache_home))
    out = {}
    for key in ("wall", "cpu", "mkdocs"):
        xa = [r[key] for r in ra if r[key] is not None]
        xb = [r[key] for r in rb if r[key] is not None]
        if xa and xb:
            out[key] = {"with": median(xa), "without": median(xb),
                        "ratio": round(statistics.median(xa) / statistics.median(xb), 3),
                        "runs_with": [round(x, 3) for x in xa],
                        "runs_without": [round(x, 3) for x in xb]}
    # The quiz hook's CPU time against the rest of the same build: both parts meet the same
    # moment of the machine, so this ratio is far steadier than one of two separate builds.
    shares = [r["hook_cpu"] / (r["cpu"] - r["hook_cpu"]) for r in ra]
    out["hook"] = {"cpu": median([r["hook_cpu"] for r in ra]), "ratio": round(1 + statistics.median(shares), 3),
                   "runs_ratio": [round(1 + x, 3) for x in shares]}
    return out


def bench_build(runs: int, work: Path) -> dict:
    log(f"build: real site with and without quiz processing, {runs} runs each")
    a = work / "quiz"
    b = work / "off"
    copy_project(a, "quiz")
    copy_project(b, "off")
    # Both variants share one cache folder, so its caches are warm for both alike.
    # "warm": converted quiz text is in the cache (every build after the first with this
    # Markdown set-up, and every `mkdocs serve` rebuild); "cold": it is emptied before each
    # build with quizzes (a new machine, or every quiz's text edited at once); the quiz data
    # cache (quizkit/cache.py) is emptied too.
    cache = work / "cache"
    result = compare_builds(a, b, runs, work / "out", cache_home=cache)

    def forget_quiz_text():  # converted text, and the quiz data the checker keeps (quizkit/cache.py)
        import shutil

        for f in (cache / "gaobiao-handbook").glob("quiz-markdown-*.json"):
            f.unlink()
        for d in (cache / "gaobiao-handbook").glob("quizkit-*"):
            shutil.rmtree(d)

    result["cold"] = compare_builds(a, b, runs, work / "out-cold", warm_up=False, cache_home=cache,
                                    before_a=forget_quiz_text)
    from quizkit.load import load_quiz_dir

    quizzes, _ = load_quiz_dir(ROOT / "quizzes")
    result["bank"] = {"quizzes": len(quizzes),
                      "questions": sum(len(q.questions) for q in quizzes.values())}
    return result


# ---------------------------------------------------------------------------
# Scale: generated banks
# ---------------------------------------------------------------------------

CHECK_TOOK = re.compile(r"\(([\d.]+) s\)")


def quiz_check(project: Path, cache_home: Path, *args: str) -> dict:
    """`python -m quizkit check` in a fresh interpreter: wall and CPU seconds, and its own figure.

    `cache_home` becomes XDG_CACHE_HOME (where the check remembers files that passed).
    Bytecode is allowed, as on an editor's machine: quizkit is compiled once, not every run."""
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "XDG_CACHE_HOME": str(cache_home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([PY, "-m", "quizkit", "check", *args], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(f"quizkit check failed in {project}:\n{(proc.stderr or proc.stdout)[-3000:]}")
    took = CHECK_TOOK.search(proc.stdout)
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "inside": float(took.group(1)) if took else None, "summary": proc.stdout.strip()}


def check_runs(project: Path, cache_home: Path, runs: int) -> dict:
    """Cold and warm checks, interleaved so both meet the same machine load.

    cold: the cache folder emptied first (a fresh clone, a new quizkit or PyYAML version; the
    check also writes the cache); warm: files unchanged since the last check (the usual case:
    an editor re-checks after editing one file, and only that file is read again)."""
    import shutil

    quiz_check(project, cache_home)  # compiles quizkit's bytecode once, as any first run would
    cold, warm = [], []
    for _ in range(runs):
        shutil.rmtree(cache_home, ignore_errors=True)
        cold.append(quiz_check(project, cache_home))
        warm.append(quiz_check(project, cache_home))
    out = {}
    for name, rows in (("cold", cold), ("warm", warm)):
        out[name] = {key: median([r[key] for r in rows if r[key] is not None] or [0]) for key in ("wall", "cpu", "inside")}
        out[name]["runs_wall"] = [round(r["wall"], 3) for r in rows]
    out["summary"] = warm[-1]["summary"]
    return out


def bench_scale(runs: int, work: Path) -> dict:
    out = {}
    build_runs = max(1, min(runs, 2))  # big banks build slowly: fewer runs, no warm-up
    for n in BANKS:
        log(f"scale: bank of {n} questions")
        a, b = work / f"bank{n}-quiz", work / f"bank{n}-off"
        copy_project(a, "quiz")
        quizzes = add_bank(a, n)
        copy_project(b, "quiz")
        add_bank(b, n)
        # the same pages, quiz processing off: strip the hook and the embeds
        from project import EMBED, QUIZ_HOOK

        cfg = b / "mkdocs.yml"
        cfg.write_text(QUIZ_HOOK.sub("", cfg.read_text(encoding="utf-8")), encoding="utf-8")
        for md in (b / "docs").rglob("*.md"):
            text = md.read_text(encoding="utf-8")
            if EMBED.search(text):
                md.write_text(EMBED.sub("", text), encoding="utf-8")
        checks = check_runs(a, work / f"check-cache{n}", runs)
        builds = compare_builds(a, b, build_runs, work / f"out{n}", warm_up=False)
        out[str(n)] = {
            "quizzes": quizzes,
            "check": checks,
            # the warm check, under the names earlier results used
            "check_wall": checks["warm"]["wall"],
            "check_inside": checks["warm"]["inside"],
            "check_summary": checks["summary"],
            "build_with": builds["wall"]["with"],
            "build_without": builds["wall"]["without"],
            "build_overhead_s": round(builds["wall"]["with"] - builds["wall"]["without"], 3),
            "build_ratio": builds["wall"]["ratio"],
        }
    # Python's own start-up and imports, to separate from the check itself
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([PY, "-c", "import quizkit.cli"], env=env, check=True)  # bytecode compiled
    started = time.perf_counter()
    subprocess.run([PY, "-c", "import quizkit.cli"], env=env, check=True)
    out["python_start_and_import"] = round(time.perf_counter() - started, 3)
    return out


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


def bench_weight(work: Path) -> dict:
    log("weight: quiz assets and a quiz page's first load against its plain twin")
    a, p = work / "quiz", work / "plain"
    copy_project(a, "quiz")
    copy_project(p, "plain")
    sa, sp = work / "site-quiz", work / "site-plain"
    mkdocs_build(a, sa)
    mkdocs_build(p, sp)
    shipped = {rel: (sa / rel).read_bytes() if (sa / rel).exists() else b"" for rel in QUIZ_SCRIPTS}
    for name, page in (("story", STORY), ("lite", QUIZ)):
        style = INLINE_STYLE.search((sa / page / "index.html").read_text(encoding="utf-8"))
        shipped[f"<style> in <head>, {name} ({page})"] = style.group(1).encode() if style else b""
    sizes = {k: {"raw": len(v), "gzip6": _gz(v), "gzip9": _gz(v, 9)} for k, v in shipped.items()}
    # The target counts the most a page can load: the full script, the story styles, the banner.
    assets = {k: sizes[k] for k in (QUIZ_SCRIPTS[0], f"<style> in <head>, story ({STORY})", QUIZ_SCRIPTS[2])}
    total = {k: sum(v[k] for v in assets.values()) for k in ("raw", "gzip6", "gzip9")}
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
    pages = {}
    for name, path in (("competency", COMPETENCY), ("quiz", QUIZ)):
        with GzipServer(sa) as srv:
            rows = first_load(srv.url + path, search=SEARCH_QUERY)
        base = len(srv.url)
        for r in rows:
            r["url"] = r["url"][base:]
        load = [r for r in rows if r["phase"] == "load"]
        found = [r for r in rows if r["phase"] == "search"]
        pages[name] = {"page": path, "requests": len(load), "gzip": sum(r["gzip"] for r in load),
                       "raw": sum(r["raw"] for r in load),
                       "search_index_at_load": sum(r["gzip"] for r in load if r["url"].startswith(INDEX)),
                       "search_query": SEARCH_QUERY, "search_requests": len(found),
                       "search_gzip": sum(r["gzip"] for r in found),
                       "files": sorted(load, key=lambda r: -r["gzip"]),
                       "search_files": sorted(found, key=lambda r: -r["gzip"])}
    page_q, page_p = loads["quiz"]["gzip_without_search_index"], loads["plain"]["gzip_without_search_index"]
    return {"assets": assets, "assets_total": total, "assets_all": sizes, "page": QUIZ, "first_load": loads,
            "pages": pages,
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
    mkdocs_build(a, sa)
    mkdocs_build(p, sp)
    targets = [("home", sa, HOME), ("competency", sa, COMPETENCY), ("quiz", sa, QUIZ),
               ("plain", sp, QUIZ)]
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
    current.update(update)
    RESULTS_JSON.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return current


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="build,scale,weight,lighthouse",
                        help="comma-separated sections (default: all)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median taken)")
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    results = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}
    with tempfile.TemporaryDirectory(prefix="gaobiao-bench-") as tmp:
        work = Path(tmp)
        for section in sections:
            fn = {"build": lambda: bench_build(args.runs, work / "build"),
                  "scale": lambda: bench_scale(args.runs, work / "scale"),
                  "weight": lambda: bench_weight(work / "weight"),
                  "lighthouse": lambda: bench_lighthouse(args.runs, work / "lighthouse")}.get(section)
            if fn is None:
                parser.error(f"unknown section {section!r}")
            (work / section).mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            load_before = os.getloadavg()[0]
            results[section] = fn()
            results[section]["_meta"] = {
                "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "runs": args.runs, "took_s": round(time.perf_counter() - started, 1),
                "load_avg": [round(load_before, 1), round(os.getloadavg()[0], 1)],
                "command": f"python bench/run.py --only {section} --runs {args.runs}"}
            _merge({section: results[section]})
            log(f"{section} done in {results[section]['_meta']['took_s']} s")
    results = _merge({"environment": versions()})
    from report import render

    RESULTS_MD.write_text(render(results), encoding="utf-8")
    log(f"wrote {RESULTS_JSON.relative_to(ROOT)} and {RESULTS_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
