"""`python -m quizkit check` checks quiz data and embeds without building; `schema` writes the JSON Schema."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .bank import load_bank
from .errors import Problem, report
from .itemcheck import item_warnings
from .render import QuizText, read_glossary
from .validate import read_pages

GLOSSARY = "_snippets/abbreviations.md"  # what mkdocs.yml's snippets `auto_append` adds to every page


def check(quizzes_dir: Path, docs_dir: Path, *, strict: bool = False) -> tuple[int, str]:
    """Exit code and the text to print, for the quiz data and the pages that embed it.

    `strict`: exit 1 on item-writing warnings too (they print only when there is no error)."""
    started = time.perf_counter()
    root = Path.cwd()
    pages, problems = read_pages(docs_dir, _shown(docs_dir, root))
    glossary = Path(docs_dir) / GLOSSARY
    text = QuizText(read_glossary([glossary]) if glossary.is_file() else {})
    bank = load_bank(quizzes_dir, pages, text, root=root, page_prefix=_shown(docs_dir, root))
    problems += bank.problems
    if problems:
        return 1, report(problems)
    warnings = item_check(bank.quizzes, pages)
    questions = sum(len(q.questions) for q in bank.quizzes.values())
    took = time.perf_counter() - started
    ok = f"quiz data OK: {len(bank.quizzes)} quizzes, {questions} questions, {len(bank.embeds)} embeds ({took:.2f} s)"
    if not warnings:
        return 0, ok
    return (1 if strict else 0), warning_report(ok, warnings, strict)


# ---------------------------------------------------------------------------
# Item-writing warnings (itemcheck.py), placed in the quiz files
# ---------------------------------------------------------------------------

# Pages that quote quiz text rather than teach: not the handbook an option could echo.
NOT_HANDBOOK = ("practice/", "reference/", "trainers/")


def item_check(quizzes: dict, pages: dict[str, str]) -> list[Problem]:
    """Every item-writing risk as a Problem whose message starts with `warning: `."""
    docs_text = {name: text for name, text in sorted(pages.items()) if not name.startswith(NOT_HANDBOOK)}
    return [Problem(quizzes[quiz_id].source, *quizzes[quiz_id].where(*path), f"warning: {message}", hint)
            for quiz_id, path, message, hint in item_warnings(quizzes, docs_text)]


def warning_report(ok: str, warnings: list[Problem], strict: bool) -> str:
    body = "\n".join(str(w) for w in sorted(set(warnings)))
    count = len(set(warnings))
    noun = "warning" if count == 1 else "warnings"
    if strict:
        return f"{body}\nAborted: {count} item-writing {noun} (--strict)."
    return (f"{ok}\n{body}\n{count} item-writing {noun}: not errors; "
            f"`python -m quizkit check --strict` fails on them (see CONTRIBUTING.md)")


def _shown(docs_dir: Path, root: Path) -> str:
    try:
        return Path(docs_dir).resolve().relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return Path(docs_dir).as_posix() + "/"


def schema_text() -> str:
    """The committed quizzes/schema.json, exactly."""
    from .model import json_schema

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    from . import codes_cli, packages_cli

    parser = argparse.ArgumentParser(prog="python -m quizkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("check", help="check every quiz file and every embed, without building")
    run.add_argument("--quizzes", type=Path, default=Path("quizzes"))
    run.add_argument("--docs", type=Path, default=Path("docs"))
    run.add_argument("--strict", action="store_true", help="fail on item-writing warnings too")
    sch = commands.add_parser("schema", help="write the JSON Schema editors' IDEs validate against")
    sch.add_argument("--output", type=Path, default=Path("quizzes/schema.json"))
    sch.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    codes_cli.add_parser(commands)
    packages_cli.add_parser(commands)
    args = parser.parse_args(argv)

    if args.command == "codes":
        return codes_cli.run(args)
    if args.command == "packages":
        return packages_cli.run(args)
    if args.command == "check":
        code, text = check(args.quizzes, args.docs, strict=args.strict)
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
