"""`python -m quizkit packages`: SCORM 1.2 and SCORM 2004 zips of every quiz, and of the course.

Loads and checks the quizzes the way `make check` does (quizkit.bank), refuses a quiz whose
progress would not fit SCORM 1.2's suspend data, then writes (quizkit.scorm):

    packages/<edition>/quizzes/<quiz id>-scorm12.zip, -scorm2004.zip   one quiz each
    packages/<edition>/course-scorm12.zip, course-scorm2004.zip        every practice quiz

The course holds the quizzes of practice/ pages in mkdocs.yml's nav order. Explanation links
point at the published handbook: --site-url, else $SITE_URL, else mkdocs.yml's `site_url`.
Exit status: 0 written, 1 refused (messages as `path:line:col: message`), 2 on usage.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

import yaml

from .bank import edition as read_edition
from .bank import load_bank
from .catalogue import ordered
from .cli import GLOSSARY, _shown
from .errors import report
from .render import QuizText, read_glossary
from .scorm import DEFAULT_PASS, build_packages, suspend_problems
from .validate import read_pages


def add_parser(commands) -> None:
    parser = commands.add_parser("packages", help="write SCORM 1.2 and 2004 packages of every quiz and the course",
                                 description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("packages"), help="folder to write into (default: packages)")
    parser.add_argument("--site-url", help="the published handbook's address, for the explanations' links")
    parser.add_argument("--pass-mark", type=int, default=DEFAULT_PASS, metavar="PERCENT",
                        help=f"percent of questions answered best to pass (default {DEFAULT_PASS})")
    parser.add_argument("--quizzes", type=Path, default=Path("quizzes"))
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))


class _Loader(yaml.SafeLoader):
    """mkdocs.yml without MkDocs: `!ENV [NAME, default]` is its default, other tags are ignored."""


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1]
                        if isinstance(node, yaml.SequenceNode) else None)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path) -> tuple[str, list[str]]:
    """mkdocs.yml's `site_url` (its default) and the docs pages of its nav, in order."""
    config = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader) or {}
    pages: list[str] = []

    def walk(node):
        if isinstance(node, str) and node.endswith(".md"):
            pages.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config.get("nav", []))
    return str(config.get("site_url") or ""), pages


def run(args) -> int:
    root = Path.cwd()
    if not 0 <= args.pass_mark <= 100:
        print(f"--pass-mark must be 0–100, not {args.pass_mark}", file=sys.stderr)
        return 2
    pages, problems = read_pages(args.docs, _shown(args.docs, root))
    glossary = Path(args.docs) / GLOSSARY
    text = QuizText(read_glossary([glossary]) if glossary.is_file() else {})
    bank = load_bank(args.quizzes, pages, text, root=root, page_prefix=_shown(args.docs, root))
    problems += bank.problems
    if not problems:
        problems = suspend_problems(bank.quizzes.values())
    if problems:
        print(report(problems).replace("in quiz data.", "in quiz data: no package written."), file=sys.stderr)
        return 1
    config_url, nav = read_config(args.config)
    site_url = args.site_url or os.environ.get("SITE_URL") or config_url
    if not re.match(r"^https?://[^\s/]+", site_url or ""):
        print(f"the handbook's address must be http(s)://…, not {site_url!r}: pass --site-url", file=sys.stderr)
        return 2
    edition = read_edition(root)
    quiz_pages = bank.pages()
    quizzes = ordered(bank.quizzes, quiz_pages, nav)
    course = [q for q in quizzes if quiz_pages.get(q.id, "").startswith("practice/")]
    shutil.rmtree(args.out / edition, ignore_errors=True)
    built = build_packages(quizzes, course, text, docs_dir=args.docs, out_dir=args.out, edition=edition,
                           site_url=site_url, pass_mark=args.pass_mark)
    for b in built:
        print(f"{b.path}  SCORM {b.standard}  {len(b.quizzes)} quiz{'zes' if len(b.quizzes) > 1 else ''}  "
              f"{b.size:,} bytes")
    print(f"{len(built)} packages for edition {edition}, pass mark {args.pass_mark}%, links to {site_url}")
    return 0
