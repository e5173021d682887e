"""bench/results.json → bench/results.md: tables, and each target marked met or missed."""

from __future__ import annotations


def _kb(n) -> str:
    return "–" if n is None else f"{n / 1024:.1f} KB"


def _cold_verdict(ratio: float) -> str:
    return "; cold: met" if ratio <= 1.05 else f"; cold: missed by {ratio - 1.05:+.3f}"


def _verdict(ok: bool | None, detail: str = "") -> str:
    if ok is None:
        return "not measured"
    return ("**met**" if ok else "**missed**") + (f" ({detail})" if detail else "")


def render(r: dict) -> str:
    env = r.get("environment", {})
    out = [
        "# Benchmark results",
        "",
        "Produced by `make bench` (`.venv/bin/python bench/run.py`; one section: "
        "`--only build|scale|weight|lighthouse`). Every number is in `bench/results.json`.",
        f"Machine: {env.get('cores')} cores; Python {env.get('python')}, MkDocs {env.get('mkdocs')}, "
        f"Material {env.get('mkdocs-material')}, Pagefind {env.get('pagefind')}, {env.get('chromium')}, "
        f"Lighthouse {env.get('lighthouse')} on Node {env.get('node')}.",
        "Medians of several runs; two shared cores make single runs noisy, so read small "
        "differences as noise.",
        "",
        "Load average (1 min) at the start and end of each section, on "
        f"{env.get('cores')} cores: " + ", ".join(
            f"{k} {r[k]['_meta'].get('load_avg', '?')}" for k in ("build", "scale", "weight", "lighthouse")
            if k in r) + ". Above 2 the machine was shared (other builds and test suites running), "
        "which inflates absolute times several-fold; ratios, byte counts and scores hold better.",
        "",
        "## Targets",
        "",
        "| target | result | verdict |",
        "| --- | --- | --- |",
    ]
    rows = []
    b = r.get("build")
    if b:
        m = b.get("cpu", b["wall"])
        ratio = m["ratio"]
        cold = b.get("cold", {}).get("cpu")
        result = f"{ratio} CPU time ({m['with']} s vs {m['without']} s); wall {b['wall']['ratio']}"
        verdict = _verdict(ratio <= 1.05, f"by {ratio - 1.05:+.3f}" if ratio > 1.05 else "")
        if cold:
            result += (f". First build after the quiz text changed (cache of converted text empty): "
                       f"{cold['ratio']} ({cold['with']} s vs {cold['without']} s)")
            verdict += _cold_verdict(cold["ratio"])
        inside = [(mode, data["hook"]["ratio"]) for mode, data in (("warm", b), ("cold", b.get("cold", {})))
                  if "hook" in data]
        if inside:
            result += (". Measured inside each build (the quiz hook's CPU time against the rest of the same "
                       "build, steadier on shared cores): " + ", ".join(f"{mode} {x}" for mode, x in inside))
            verdict += "; inside the build: " + ", ".join(
                f"{'met' if x <= 1.05 else 'missed'} {mode}" for mode, x in inside)
        rows.append(("build with quizzes ≤ 1.05 × without", result, verdict))
    s = r.get("scale")
    if s and "10000" in s and "check" in s["10000"]:
        # warm: files unchanged since the last check (the usual re-check); cold: empty cache
        for mode, what in (("warm", "files unchanged since the last check"),
                           ("cold", "empty cache: a fresh clone or a new quizkit/PyYAML")):
            c = s["10000"]["check"][mode]
            rows.append((f"10,000 questions checked in < 1 s ({mode}: {what})",
                         f"{c['wall']} s wall, {c['cpu']} s CPU (command, incl. Python start-up)",
                         _verdict(c["wall"] < 1, f"by {c['wall'] - 1:.2f} s" if c["wall"] >= 1 else "")))
        for mode in ("warm", "cold"):
            per = [s[k]["check"][mode]["inside"] / int(k) for k in ("100", "1000", "10000")
                   if k in s and s[k]["check"][mode]["inside"]]
            if len(per) == 3:
                linear = per[2] <= 1.5 * per[1]
                rows.append((f"check grows linearly ({mode})", "µs per question at 100 / 1,000 / 10,000: "
                             + " / ".join(f"{p * 1e6:.0f}" for p in per), _verdict(linear)))
    w = r.get("weight")
    if w:
        g = w["assets_total"]["gzip9"]
        rows.append(("quiz JS + CSS ≤ 6 KB gzip", f"{g} B (gzip -9), {w['assets_total']['gzip6']} B (gzip -6)",
                     _verdict(0 < g <= 6144, f"by {g - 6144} B" if g > 6144 else ("assets missing" if g == 0 else ""))))
        fr = w["first_load_ratio_gzip"]
        rows.append(("quiz page first load ≤ 1.05 × plain page", f"{fr} (gzip bytes, without the site-wide search index; "
                     f"{w['first_load_ratio_gzip_with_search_index']} with it)",
                     _verdict(fr is not None and fr <= 1.05, f"by {fr - 1.05:+.3f}" if fr and fr > 1.05 else "")))
        for name, x in w.get("pages", {}).items():
            rows.append((f"first load of a {name} page ≤ 100 KB gzip", f"{_kb(x['gzip'])} (`/{x['page']}`, "
                         f"{x['requests']} requests; search index at load: {_kb(x['search_index_at_load'])})",
                         _verdict(x["gzip"] <= 100 * 1024, f"by {_kb(x['gzip'] - 100 * 1024)}" if x["gzip"] > 100 * 1024 else "")))
    lh = r.get("lighthouse")
    if lh:
        a11y = [(p, n, v["scores"].get("accessibility")) for p, pages in lh.items() if p != "_meta"
                for n, v in pages.items() if n != "plain"]
        worst = min(x[2] for x in a11y)
        rows.append(("Lighthouse accessibility 100 on every page tested",
                     ", ".join(f"{p} {n} {s}" for p, n, s in a11y), _verdict(worst == 100)))
        perf = [(n, v["scores"].get("performance")) for n, v in lh["desktop"].items() if n != "plain"]
        rows.append(("desktop performance 100", ", ".join(f"{n} {s}" for n, s in perf),
                     _verdict(all(s == 100 for _, s in perf))))
        mq, mp = lh["mobile"]["quiz"], lh["mobile"]["plain"]
        d = (mq["metrics"]["first-contentful-paint"] - mp["metrics"]["first-contentful-paint"]) / 1000
        rows.append(("mobile: quiz page FCP ≤ plain + 0.1 s", f"{mq['metrics']['first-contentful-paint'] / 1000:.2f} s vs "
                     f"{mp['metrics']['first-contentful-paint'] / 1000:.2f} s ({d:+.2f} s)", _verdict(d <= 0.1)))
        pq, pp = mq["scores"]["performance"], mp["scores"]["performance"]
        rows.append(("mobile: quiz page performance ≥ plain page", f"{pq} vs {pp}", _verdict(pq >= pp)))
    out += [f"| {a} | {b_} | {c} |" for a, b_, c in rows]

    if b:
        out += ["", "## Build: quiz processing on and off",
                "",
                f"The real site ({b['bank']['quizzes']} quizzes, {b['bank']['questions']} questions), built in a fresh "
                "interpreter each time, against a copy with `hooks/quiz.py` removed from mkdocs.yml and every "
                "`::: quiz` line stripped (the trainer hook stays: it also builds the print book). "
                f"Median of {b['_meta']['runs']} interleaved runs after one warm-up each. "
                "Quiz text converted to HTML is remembered between builds (`hooks/quizkit/render.py`, "
                "`QuizMarkdown`): “warm” is every build after the first with the same Markdown set-up "
                "(and every `mkdocs serve` rebuild); “cold” empties that cache before each build with quizzes "
                "(a new machine, or every quiz edited at once). Both variants share one cache folder, so "
                "the build caches are warm for both.",
                "", "| measure | with quizzes | without | ratio |", "| --- | --- | --- | --- |"]
        for key, label in (("cpu", "CPU time of `mkdocs build` (user + system)"), ("wall", "wall time of `mkdocs build`"),
                           ("mkdocs", "MkDocs' own “built in” (wall)")):
            if key in b:
                out.append(f"| {label}, warm | {b[key]['with']} s | {b[key]['without']} s | {b[key]['ratio']} |")
            if key in b.get("cold", {}):
                c = b["cold"][key]
                out.append(f"| {label}, cold | {c['with']} s | {c['without']} s | {c['ratio']} |")
        for mode, data in (("warm", b), ("cold", b.get("cold", {}))):
            if "hook" in data:
                h = data["hook"]
                out.append(f"| quiz hook's own CPU time inside the build (`bench/timed_mkdocs.py`), {mode}; "
                           f"ratio = 1 + hook / rest of that build, median (runs: "
                           f"{', '.join(str(x) for x in h['runs_ratio'])}) | {h['cpu']} s | | {h['ratio']} |")
    if s:
        out += ["", "## Scale: generated banks", "",
                "Generated scenario questions (quizzes of 100, each on its own page) added to the real site. "
                "`check` is `python -m quizkit check`: wall and CPU seconds of the command (including about "
                f"{s.get('python_start_and_import')} s of Python start-up and imports) and the time it reports "
                "itself (inside). **Cold**: the check's cache folder emptied first (a fresh clone, or a new "
                "quizkit or PyYAML version: every file is read as YAML, on every core for a large bank, and "
                "remembered). **Warm**: no file changed since the last check (after an edit, only the edited "
                "file is read again); the cross-checks (ids, embeds, links, anchors) run in full either way. "
                "Cold and warm runs interleaved, medians. Build overhead is the median build with the bank minus "
                "the same pages with quiz processing off.", "",
                "| questions | check cold: wall / CPU / inside | check warm: wall / CPU / inside "
                "| build with | build without | overhead | ratio |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        for k in ("100", "1000", "10000"):
            if k in s and "check" in s[k]:
                x = s[k]
                cold, warm = x["check"]["cold"], x["check"]["warm"]
                out.append(f"| {int(k):,} | {cold['wall']} / {cold['cpu']} / {cold['inside']} s "
                           f"| {warm['wall']} / {warm['cpu']} / {warm['inside']} s | {x['build_with']} s | "
                           f"{x['build_without']} s | {x['build_overhead_s']} s | {x['build_ratio']} |")
    if w:
        out += ["", "## Weight", "", "| file | raw | gzip -6 | gzip -9 |", "| --- | --- | --- | --- |"]
        for name, v in w["assets"].items():
            out.append(f"| `{name}` | {v['raw']} B | {v['gzip6']} B | {v['gzip9']} B |")
        t = w["assets_total"]
        out.append(f"| total | {t['raw']} B | {t['gzip6']} B | {t['gzip9']} B |")
        q, p = w["first_load"]["quiz"], w["first_load"]["plain"]
        out += ["", f"First load of `/{w['page']}` in a fresh browser (every response, gzip -6 as served), "
                "against the same page built without the quiz engine and with the quiz's full text "
                "as plain Markdown:", "",
                "| page | requests | raw | gzip | gzip without search index | HTML gzip |", "| --- | --- | --- | --- | --- | --- |",
                f"| quiz | {q['requests']} | {_kb(q['raw'])} | {_kb(q['gzip'])} | {_kb(q['gzip_without_search_index'])} | {_kb(q['html_gzip'])} |",
                f"| plain | {p['requests']} | {_kb(p['raw'])} | {_kb(p['gzip'])} | {_kb(p['gzip_without_search_index'])} | {_kb(p['html_gzip'])} |",
                f"| ratio | | {w['first_load_ratio_raw']} | {w['first_load_ratio_gzip_with_search_index']} | {w['first_load_ratio_gzip']} | |",
                "", "Search (Pagefind) fetches nothing until a reader uses the search box, so neither first load "
                "holds a search index; the column is kept to compare with earlier runs, when Material's "
                "site-wide index (about 100 KB gzip) came with every first load."]
        if w.get("pages"):
            out += ["", "First load of a competency page and a quiz page in a fresh browser (every response, gzip -6 "
                    "as served), and what the first search typed there then fetches (Pagefind's script, "
                    "WebAssembly, the index chunks for the word, and the fragments of the pages listed):", "",
                    "| page | requests | gzip | of it, search index | then a search for | requests | gzip |",
                    "| --- | --- | --- | --- | --- | --- | --- |"]
            for name, x in w["pages"].items():
                out.append(f"| {name} `/{x['page']}` | {x['requests']} | {_kb(x['gzip'])} | "
                           f"{_kb(x['search_index_at_load'])} | {x['search_query']} | {x['search_requests']} | "
                           f"{_kb(x['search_gzip'])} |")
    if lh:
        out += ["", "## Lighthouse", "",
                f"Lighthouse {env.get('lighthouse')} with Debian chromium (`CHROME_PATH`), the site served "
                "from 127.0.0.1 with gzip (`bench/serve.py`); median of "
                f"{lh['_meta']['runs']} runs. “plain” is the quiz page built without the quiz engine, its "
                "text as ordinary Markdown. FCP/LCP/SI/TBT in ms (simulated throttling).", "",
                "| mode | page | perf | a11y | best pr. | SEO | FCP | LCP | TBT | CLS | SI | perf runs | failing audits |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for preset in ("desktop", "mobile"):
            for name, v in lh.get(preset, {}).items():
                sc, m = v["scores"], v["metrics"]
                out.append(
                    f"| {preset} | {name} `{v['path']}` | {sc.get('performance')} | {sc.get('accessibility')} | "
                    f"{sc.get('best-practices')} | {sc.get('seo')} | {m['first-contentful-paint']:.0f} | "
                    f"{m['largest-contentful-paint']:.0f} | {m['total-blocking-time']:.0f} | "
                    f"{m['cumulative-layout-shift']} | {m['speed-index']:.0f} | "
                    f"{', '.join(map(str, v['performance_runs']))} | {', '.join(v['failing']) or '–'} |")
    out += ["", "Regenerate: `make bench` (all) or `.venv/bin/python bench/run.py --only SECTION`.", ""]
    return "\n".join(out)
