"""`python -m quizkit check` checks quiz data and embeds without building; `schema` writes the JSON Schema."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .bank import load_bank
from .errors import report
from .render import QuizText, read_glossary
from .validate import read_pages

GLOSSARY = "_snippets/abbreviations.md"  # what mkdocs.yml's snippets `auto_append` adds to every page


def check(quizzes_dir: Path, docs_dir: Path) -> tuple[int, str]:
    """Exit code and the text to print, for the quiz data and the pages that embed it."""
    started = time.perf_counter()
    root = Path.cwd()
    pages, problems = read_pages(docs_dir, _shown(docs_dir, root))
    glossary = Path(docs_dir) / GLOSSARY
    text = QuizText(read_glossary([glossary]) if glossary.is_file() else {})
    bank = load_bank(quizzes_dir, pages, text, root=root, page_prefix=_shown(docs_dir, root))
    problems += bank.problems
    if problems:
        return 1, report(problems)
    questions = sum(len(q.questions) for q in bank.quizzes.values())
    took = time.perf_counter() - started
    return 0, (f"quiz data OK: {len(bank.quizzes)} quizzes, {questions} questions, "
               f"{len(bank.embeds)} embeds ({took:.2f} s)")


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
    from . import codes_cli

    parser = argparse.ArgumentParser(prog="python -m quizkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("check", help="check every quiz file and every embed, without building")
    run.add_argument("--quizzes", type=Path, default=Path("quizzes"))
    run.add_argument("--docs", type=Path, default=Path("docs"))
    sch = commands.add_parser("schema", help="write the JSON Schema editors' IDEs validate against")
    sch.add_argument("--output", type=Path, default=Path("quizzes/schema.json"))
    sch.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    codes_cli.add_parser(commands)
    args = parser.parse_args(argv)

    if args.command == "codes":
        return codes_cli.run(args)
    if args.command == "check":
        code, text = check(args.quizzes, args.docs)
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
