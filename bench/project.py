"""Copies of the handbook for benchmarking: as is, with quiz processing off, with a generated bank.

Quiz processing is the quiz hook (hooks/quiz.py) and the `::: quiz <id>` embed lines it
expands. "Off" removes the hook from mkdocs.yml and strips the embed lines, so the copy
builds the same pages without any quiz work. "Plain" removes the hook too, but puts each
quiz's full text (situations, options, feedback, explanations) into the page as ordinary
Markdown: the same words as the quiz page, without the quiz engine — the fair baseline
for page weight and Lighthouse.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "pyproject.toml", "docs", "hooks", "overrides", "quizzes")
QUIZ_HOOK = re.compile(r"^\s*-\s*hooks/quiz\.py\s*$", re.M)
EMBED = re.compile(r"^::: quiz ([a-z0-9-]+)[ \t]*$", re.M)


def copy_project(dest: Path, variant: str = "quiz") -> Path:
    """Copy the project into `dest` as `variant` ("quiz", "off" or "plain"); return mkdocs.yml."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PARTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    if variant == "quiz":
        return dest / "mkdocs.yml"
    if variant not in ("off", "plain"):
        raise ValueError(f"Expected one of: quiz, off, plain but received: {variant}")
    config = dest / "mkdocs.yml"
    text, n = QUIZ_HOOK.subn("", config.read_text(encoding="utf-8"))
    if n != 1:
        raise RuntimeError("mkdocs.yml: expected exactly one `- hooks/quiz.py` line under hooks:")
    config.write_text(text, encoding="utf-8")
    quizzes = {p.stem: p for p in (dest / "quizzes").glob("*.yml")}
    for md in (dest / "docs").rglob("*.md"):
        page = md.read_text(encoding="utf-8")
        if variant == "off":
            new = EMBED.sub("", page)
        else:
            new = EMBED.sub(lambda m: quiz_as_markdown(quizzes[m.group(1)]), page)
        if new != page:
            md.write_text(new, encoding="utf-8")
    return config


def quiz_as_markdown(path: Path) -> str:
    """Every word a reader can see in the quiz, as ordinary Markdown (links dropped)."""
    quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = [quiz.get("description", ""), ""]
    for n, q in enumerate(quiz["questions"], 1):
        if q["kind"] == "scenario":
            out += [f"### 情境 {n}", "", q["situation"].strip(), "", f"**{q['prompt']}**", ""]
            for opt in q["options"]:
                out += [f"- {opt['text']}", f"    {opt['rating']}：{opt['feedback']}"]
        else:
            out += [f"### {q['title']}", "", q["situation"].strip(), ""]
            for node in q["nodes"].values():
                out += [node["situation"].strip(), "", f"**{node['prompt']}**", ""]
                for ch in node["choices"]:
                    out += [f"- {ch['text']}"] + ([f"    {ch['feedback']}"] if ch.get("feedback") else [])
                out.append("")
            for end in q["endings"].values():
                out += [f"**{end['title']}**：{end['feedback']}", ""]
        out += ["", _unlink(q["explanation"]["text"]), ""]
    return _unlink("\n".join(out))


def _unlink(text: str) -> str:
    """[words](target) → words: the plain page must not depend on quiz link targets."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


# ---------------------------------------------------------------------------
# Generated banks
# ---------------------------------------------------------------------------

# A quiz holds at most 60 questions (quizkit.codes.MAX_QUESTIONS, a limit of the completion
# code format), so a bank is quizzes of 50: 100, 1,000, 5,000 and 50,000 divide evenly.
PER_QUIZ = 50


def add_bank(dest: Path, questions: int, *, one_page: bool = False) -> int:
    """Add `questions` generated scenario questions in quizzes of PER_QUIZ; return the quiz count.

    Each quiz gets its own page (docs/practice/<id>.md), or with `one_page` every quiz is
    embedded in the one page docs/practice/bench.md: the nearest a valid bank comes to the
    single big quiz whose joined text once made builds quadratic."""
    from quizkit.validate import anchors_of  # the project's own slugs, so links are valid

    docs = dest / "docs"
    targets = []
    for md in sorted((docs / "competencies").glob("*.md")):
        if md.name == "index.md":
            continue
        anchors = sorted(anchors_of(md.read_text(encoding="utf-8")))
        if anchors:
            targets.append((f"competencies/{md.name}", anchors))
    if not targets:
        raise RuntimeError("no competency page with a heading to link to")
    made, quiz_no, embeds = 0, 0, []
    while made < questions:
        quiz_no += 1
        count = min(PER_QUIZ, questions - made)
        qid = f"bench-{quiz_no:05d}"
        page, anchors = targets[quiz_no % len(targets)]
        (dest / "quizzes" / f"{qid}.yml").write_text(
            _bank_yaml(qid, page, anchors, count, made), encoding="utf-8"
        )
        embeds.append(f"::: quiz {qid}\n")
        if not one_page:
            (docs / "practice" / f"{qid}.md").write_text(
                f"# 基准练习 {quiz_no}\n\n生成的题库，只用于测量构建时间。\n\n::: quiz {qid}\n", encoding="utf-8"
            )
        made += count
    if one_page:
        (docs / "practice" / "bench.md").write_text(
            "# 基准练习\n\n生成的题库，只用于测量构建时间。\n\n" + "\n".join(embeds), encoding="utf-8"
        )
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_in_nav: |\n  practice/bench*.md\n", encoding="utf-8")
    return quiz_no


def _bank_yaml(qid: str, page: str, anchors: list[str], count: int, offset: int) -> str:
    lines = [
        f"title: 基准题库 {qid}",
        f"competency: {page}",
        "description: 生成的情境题，只用于测量检查和构建的耗时。",
        "questions:",
    ]
    for i in range(count):
        n = offset + i + 1
        anchor = anchors[n % len(anchors)]
        lines += [
            f"  - id: q-{n:05d}",
            "    kind: scenario",
            "    revision: 1",
            "    situation: |",
            f"      第 {n} 个情境：客户在周五下午六点打来电话，说下周一的提案要加一个新的产品线，",
            f"      创意组已经下班，业务主管在外地出差，你手上还有另外 {n % 7 + 2} 件事没做完。",
            "    prompt: 你最应该先做什么？",
            "    options:",
            f"      - text: 先问清楚客户新增产品线的目的和要决定的事（第 {n} 题）。",
            "        rating: best",
            "        feedback: 目的清楚了，才知道该调动谁、准备到什么程度。",
            f"      - text: 答应下来，周末自己先把第 {n} 版材料赶出来。",
            "        rating: acceptable",
            "        feedback: 态度积极，但还没弄清要什么，可能白忙一场。",
            f"      - text: 告诉客户时间太紧，第 {n} 次提案只能照原计划进行。",
            "        rating: poor",
            "        feedback: 先拒绝再说，客户感受到的是推托。",
            f"      - text: 把电话内容转给创意组，让他们周一早上看着办（第 {n} 题）。",
            "        rating: poor",
            "        feedback: 把判断丢给别人，AE 就没有尽到把关的责任。",
            "    explanation:",
            "      text: 临时的变化，先问目的，再定动作。",
            f"      link: {page}#{anchor}",
        ]
    return "\n".join(lines) + "\n"
