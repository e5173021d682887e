"""`python -m quizkit check` checks quiz data without building; `schema` writes the JSON Schema."""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

from .errors import Problem, report
from .itemcheck import item_warnings
from .load import load_quiz_dir, quiz_files
from .validate import scan_embeds, validate


def check(quizzes_dir: Path, docs_dir: Path, *, cache=True, strict=False) -> tuple[int, str]:
    """Exit code and the text to print, for the quiz data and the pages that embed it.

    `cache`: False to read every file's YAML again (see quizkit/cache.py).
    `strict`: exit 1 on item-writing warnings too (they print only when there is no error)."""
    started = time.perf_counter()
    root = Path.cwd()
    quizzes, problems = load_quiz_dir(quizzes_dir, root=root, cache=cache)
    embeds, wrong = scan_embeds(docs_dir, root=root)
    broken = {p.stem for p in quiz_files(quizzes_dir)} - set(quizzes)
    problems += wrong + validate(quizzes, docs_dir, embeds, broken)
    if problems:
        return 1, report(problems)
    warnings = item_check(quizzes, docs_dir)
    questions = sum(len(q.questions) for q in quizzes.values())
    took = time.perf_counter() - started
    ok = f"quiz data OK: {len(quizzes)} quizzes, {questions} questions, {len(embeds)} embeds ({took:.2f} s)"
    if not warnings:
        return 0, ok
    return (1 if strict else 0), warning_report(ok, warnings, strict)


# ---------------------------------------------------------------------------
# Item-writing warnings (itemcheck.py), placed in the quiz files
# ---------------------------------------------------------------------------

# Pages that quote quiz text rather than teach: not the handbook an option could echo.
NOT_HANDBOOK = ("practice/", "reference/", "trainers/")


def item_check(quizzes: dict, docs_dir: Path) -> list[Problem]:
    """Every item-writing risk as a Problem whose message starts with `warning: `."""
    docs_text = {}
    for page in sorted(Path(docs_dir).rglob("*.md")):
        name = page.relative_to(docs_dir).as_posix()
        if not name.startswith(NOT_HANDBOOK):
            docs_text[name] = page.read_text(encoding="utf-8")
    return [Problem(quizzes[quiz_id]._source, *quizzes[quiz_id].where(*path), f"warning: {message}", hint)
            for quiz_id, path, message, hint in item_warnings(quizzes, docs_text)]


def warning_report(ok: str, warnings: list[Problem], strict: bool) -> str:
    body = "\n".join(str(w) for w in sorted(set(warnings)))
    count = len(set(warnings))
    noun = "warning" if count == 1 else "warnings"
    if strict:
        return f"{body}\nAborted: {count} item-writing {noun} (--strict)."
    return (f"{ok}\n{body}\n{count} item-writing {noun}: not errors; "
            f"`python -m quizkit check --strict` fails on them (see CONTRIBUTING.md)")


def schema_text() -> str:
    """The committed quizzes/schema.json, exactly."""
    from .model import json_schema

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quizkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("check", help="check every quiz file and every embed, without building")
    run.add_argument("--quizzes", type=Path, default=Path("quizzes"))
    run.add_argument("--docs", type=Path, default=Path("docs"))
    run.add_argument("--no-cache", action="store_true",
                     help="read every quiz file again instead of reusing what earlier checks remembered")
    run.add_argument("--strict", action="store_true",
                     help="fail (exit 1) on item-writing warnings too, not only on errors")
    sch = commands.add_parser("schema", help="write the JSON Schema editors' IDEs validate against")
    sch.add_argument("--output", type=Path, default=Path("quizzes/schema.json"))
    sch.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    words = sys.argv[1:] if argv is None else argv
    if not words or words[0] not in ("check", "schema"):  # skip its imports when it cannot be meant
        from . import codes_cli  # the trainer tools' `codes decode` command

        codes_cli.add_parser(commands)
    args = parser.parse_args(argv)

    if args.command == "codes":
        return codes_cli.run(args)

    if args.command == "check":
        # A short run whose objects all live until it ends: nothing for the cycle collector
        # to find, during the check or at exit (where it would rescan every object: ~0.3 s
        # at 10,000 questions). Done here, not in `check()`, which other Python code may call.
        gc.disable()
        code, text = check(args.quizzes, args.docs, cache=not args.no_cache, strict=args.strict)
        gc.freeze()
        print(text, file=sys.stderr if code else sys.stdout)
        return code
    text = schema_text()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run `python -m quizkit schema`", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0
