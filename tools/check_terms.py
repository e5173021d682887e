#!/usr/bin/env python3
"""Check reader text against the handbook's term list (terms.toml): `path:line:col: use 预演, not 彩排`.

    python3 tools/check_terms.py              every page in docs/ and every quiz; warnings, exit 0
    python3 tools/check_terms.py --strict     the same, but exit 1 when anything is found
    python3 tools/check_terms.py FILE...      only these files
    python3 tools/check_terms.py --write      rewrite docs/_snippets/abbreviations.md from terms.toml

The term list also drives the tooltips: each term with an `abbr` becomes one
`*[abbr]: means` line of docs/_snippets/abbreviations.md, which every page gets;
a snippet that no longer matches terms.toml is always an error (fix: --write).
Code, link targets, URLs, HTML comments and the id/link keys of quiz files are
skipped, as in tools/check_spacing.py. Standard library only.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_spacing import PROTECTED, prose_lines  # noqa: E402  (same notion of prose)

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "terms.toml"
ABBREVIATIONS = ROOT / "docs/_snippets/abbreviations.md"

# -----------------------------------------------------------------------------
# Data
# -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One entry of terms.toml."""

    use: str
    means: str
    abbr: str | None = None
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One variant found in reader text."""

    path: str
    line: int
    col: int
    use: str
    found: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: use {self.use}, not {self.found}"


def load_terms(text: str) -> list[Term]:
    """The entries of a terms.toml text, in file order."""
    return [
        Term(use=t["use"], means=t["means"], abbr=t.get("abbr"), avoid=tuple(t.get("avoid", ())))
        for t in tomllib.loads(text)["term"]
    ]


# -----------------------------------------------------------------------------
# Checking
# -----------------------------------------------------------------------------


def check_text(text: str, path: str, terms: list[Term]) -> list[Finding]:
    """Every avoided variant in one file's prose, in reading order."""
    yaml = path.endswith((".yml", ".yaml"))
    variants = sorted(((v, t.use) for t in terms for v in t.avoid), key=lambda p: -len(p[0]))
    findings = []
    for number, line in prose_lines(text, yaml):
        masked = list(line)
        for m in PROTECTED.finditer(line):
            masked[m.start():m.end()] = " " * (m.end() - m.start())
        plain = "".join(masked)
        for variant, use in variants:
            start = plain.find(variant)
            while start != -1:
                findings.append(Finding(path, number, start + 1, use, variant))
                start = plain.find(variant, start + len(variant))
    return sorted(findings, key=lambda f: (f.line, f.col))


def abbreviations(terms: list[Term]) -> str:
    """The tooltip snippet every page gets: one `*[abbr]: means` line per abbreviation."""
    return "".join(f"*[{t.abbr}]: {t.means}\n" for t in terms if t.abbr)


def reader_files(root: Path) -> list[Path]:
    """The pages (not the snippets) and the quiz files."""
    pages = [p for p in sorted((root / "docs").rglob("*.md")) if "_snippets" not in p.parts]
    return pages + sorted((root / "quizzes").glob("*.yml"))


# -----------------------------------------------------------------------------
# Command line
# -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a variant is found")
    parser.add_argument("--write", action="store_true", help="rewrite the tooltip snippet from terms.toml")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)

    terms = load_terms(TERMS.read_text(encoding="utf-8"))
    if args.write:
        ABBREVIATIONS.write_text(abbreviations(terms), encoding="utf-8")
        print(f"{ABBREVIATIONS.relative_to(ROOT)}: {sum(1 for t in terms if t.abbr)} 条鼠标提示")
        return 0

    findings: list[Finding] = []
    # terms.toml itself may be named (pre-commit passes it when it changes): only the snippet then.
    files = [f for f in args.files if f.suffix in (".md", ".yml", ".yaml")] if args.files else reader_files(ROOT)
    for file in files:
        shown = file.relative_to(ROOT) if file.is_absolute() and file.is_relative_to(ROOT) else file
        findings += check_text(file.read_text(encoding="utf-8"), str(shown), terms)
    if ABBREVIATIONS.read_text(encoding="utf-8") != abbreviations(terms):
        print(f"{ABBREVIATIONS.relative_to(ROOT)}:1:1: out of date with terms.toml: "
              "run python3 tools/check_terms.py --write")
        return 1
    for finding in findings:
        print(finding)
    if findings:
        kind = "error" if args.strict else "warning"
        print(f"{len(findings)} term {kind}(s): the preferred terms are in terms.toml")
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
