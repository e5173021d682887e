"""Blind review of the question bank: export questions without ratings, then grade answers.

    python tools/blind_review.py export OUT.md [--only quiz-id ...]
    python tools/blind_review.py grade ANSWERS.txt

ANSWERS.txt holds one line per question, `quiz-id/question-id: N` (N = option number, 1-based);
anything after the number is the reader's reason and is ignored by the grader.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from quizkit.load import load_quiz_dir
from quizkit.model import ScenarioQuestion

ROOT = Path(__file__).resolve().parent.parent


def _bank(only=()):
    quizzes, problems = load_quiz_dir(ROOT / "quizzes", root=ROOT)
    if problems:
        sys.exit("\n".join(map(str, problems)))
    for quiz_id in sorted(quizzes):
        if only and quiz_id not in only:
            continue
        for q in quizzes[quiz_id].questions:
            if isinstance(q, ScenarioQuestion):
                yield quiz_id, q


def export(out: Path, only) -> int:
    lines = ["# 盲测题目（不含评级）", ""]
    n = 0
    for quiz_id, q in _bank(only):
        n += 1
        lines += [f"## {quiz_id}/{q.id}", "", q.situation.strip(), "", f"**{q.prompt.strip()}**", ""]
        lines += [f"{i}. {o.text.strip()}" for i, o in enumerate(q.options, 1)]
        lines.append("")
    out.write_text("\n".join(lines), "utf-8")
    return n


def grade(answers: Path) -> None:
    key = {f"{quiz_id}/{q.id}": next(i for i, o in enumerate(q.options, 1) if o.rating == "best")
           for quiz_id, q in _bank()}
    given = {}
    for line in answers.read_text("utf-8").splitlines():
        m = re.match(r"^\s*([a-z0-9-]+/[a-z0-9-]+)\s*:\s*(\d+)", line)
        if m:
            given[m[1]] = int(m[2])
    scored = [k for k in key if k in given]
    agree = [k for k in scored if given[k] == key[k]]
    for k in scored:
        if given[k] != key[k]:
            print(f"disagree {k}: reader {given[k]}, intended {key[k]}")
    missing = sorted(set(key) - set(given))
    if missing:
        print(f"unanswered: {len(missing)} ({', '.join(missing[:5])}{' …' if len(missing) > 5 else ''})")
    pct = 100 * len(agree) / len(scored) if scored else 0
    print(f"agreement: {len(agree)}/{len(scored)} = {pct:.1f}%")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("export")
    ex.add_argument("out", type=Path)
    ex.add_argument("--only", nargs="*", default=())
    gr = sub.add_parser("grade")
    gr.add_argument("answers", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "export":
        print(f"{export(args.out, set(args.only))} questions written to {args.out}")
    else:
        grade(args.answers)


if __name__ == "__main__":
    main()
