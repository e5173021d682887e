#!/usr/bin/env python3
"""Make docs/assets/quiz/quiz.min.js and quiz.lite.min.js from quiz.js with terser (package-lock.json).

    make minify                          # or: python3 tools/minify_quiz.py
    python3 tools/minify_quiz.py --check # exit 1 if either file is not what terser makes now

quiz.lite.min.js is made with STORY_OFF defined, which leaves out the story player: pages
whose quizzes have no branching question load it. Each output starts with
`/*quiz.js <fingerprint>*/`, the first 12 hex digits of the SHA-256 of the quiz.js it was
made from: the quiz hook (hooks/quiz.py) links a minified file only while that matches,
and the readable quiz.js otherwise, so building and serving need Python only. The same
input and terser version give the same bytes; a test (tests/build/test_quiz_assets.py)
fails when a committed file is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "assets" / "quiz" / "quiz.js"
# Each output and the options it adds.
TARGETS = {SOURCE.with_name("quiz.min.js"): [], SOURCE.with_name("quiz.lite.min.js"): ["--define", "STORY_OFF=true"]}
TERSER = ROOT / "node_modules" / "terser" / "bin" / "terser"
# ES2020 like Material's own bundle; two compress passes; local names mangled.
OPTIONS = ["--ecma", "2020", "--compress", "passes=2", "--mangle", "--comments", "false"]


def fingerprint(data: bytes) -> str:
    """Must match hooks/quiz.py `fingerprint`."""
    return hashlib.sha256(data).hexdigest()[:12]


def minify(source: Path | None = None, extra: list[str] = ()) -> str:
    """A minified copy as terser makes it from `source` (quiz.js), with its fingerprint line."""
    source = source or SOURCE
    if not TERSER.is_file():
        sys.exit(f"{TERSER.relative_to(ROOT)} is missing: run `make node-deps`")
    data = source.read_bytes()
    proc = subprocess.run(["node", str(TERSER), *OPTIONS, *extra], input=data, capture_output=True, check=False)
    if proc.returncode:
        sys.exit(f"terser failed on {source.name}:\n{proc.stderr.decode(errors='replace')}")
    return f"/*quiz.js {fingerprint(data)}*/\n" + proc.stdout.decode("utf-8").strip() + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = 0
    for target, extra in TARGETS.items():
        made = minify(extra=extra)
        if not args.check:
            target.write_text(made, encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)} ({len(made.encode())} bytes)")
        elif (target.read_text(encoding="utf-8") if target.exists() else "") != made:
            print(f"{target.relative_to(ROOT)} is stale: run `make minify`", file=sys.stderr)
            stale = 1
    return stale


if __name__ == "__main__":
    sys.exit(main())
