"""`python -m quizkit codes decode FILE|-`: completion codes in, CSV out.

Reads codes separated by spaces or lines (as the results page does: quizkit.codes.candidates), writes the same CSV as the
results page's download (UTF-8, no BOM unless --bom) to stdout, and one line per refused
code to stderr. Exit status: 0 when every code decoded, 1 when any was refused, 2 on usage.
Also runs as `python -m quizkit.codes_cli decode …`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

from . import codes


def add_parser(commands) -> None:
    """Add the `codes` command to the quizkit CLI's subparsers."""
    parser = commands.add_parser("codes", help="decode completion codes into CSV", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_commands(parser)


def _add_commands(parser) -> None:
    sub = parser.add_subparsers(dest="codes_command", required=True)
    dec = sub.add_parser("decode", help="read codes from FILE (or - for stdin), write CSV to stdout")
    dec.add_argument("file", help="a text file of codes, or - for standard input")
    dec.add_argument("--edition", action="append", metavar="EDITION",
                     help="an edition to accept (repeatable); default: [project] version in ./pyproject.toml")
    dec.add_argument("--bom", action="store_true", help="start the CSV with a UTF-8 BOM, for Excel")
    dec.add_argument("--index", metavar="JSON", help="the site's assets/quiz-index.json: quiz titles in the 练习 column "
                     "(without it, the quiz ids); times are in this machine's time zone")


def run(args) -> int:
    """Decode every code in the input; rows to stdout, reasons to stderr."""
    editions = args.edition or [_edition(Path("pyproject.toml"))]
    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            print(f"{args.file}: cannot read: {e}", file=sys.stderr)
            return 2
    titles = None
    if getattr(args, "index", None):
        try:
            titles = {q["id"]: q["title"] for q in json.loads(Path(args.index).read_text(encoding="utf-8"))["quizzes"]}
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(f"{args.index}: not a quiz index: {e}", file=sys.stderr)
            return 2
    table, refused, seen = [], 0, set()
    for number, token in enumerate(codes.candidates(text), 1):
        if token in seen:
            continue
        seen.add(token)
        try:
            table += codes.rows(codes.decode(token, editions), titles)
        except codes.CodeError as e:
            refused += 1
            shown = token if len(token) <= 48 else token[:24] + "…" + token[-12:]
            print(f"code {number}: {shown!r}: {e.reason}: {e.message}", file=sys.stderr)
    out = codes.csv_text(table)
    data = (("\ufeff" if args.bom else "") + out).encode("utf-8")
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stdout (e.g. captured in tests)
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        stream.write(data)
        stream.flush()
    return 1 if refused else 0


def _edition(pyproject: Path) -> str:
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        raise SystemExit("no ./pyproject.toml with [project] version: pass --edition 2026.1") from None


def main(argv: list[str] | None = None) -> int:
    """`python -m quizkit.codes_cli decode FILE|-` (the same as `python -m quizkit codes decode`)."""
    parser = argparse.ArgumentParser(prog="python -m quizkit.codes_cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_commands(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
