#!/usr/bin/env python3
"""Make docs/assets/quiz/quiz.min.js from quiz.js with terser (pinned in package-lock.json).

    make minify                          # or: python3 tools/minify_quiz.py
    python3 tools/minify_quiz.py --check # exit 1 if quiz.min.js is not what terser makes now

The output starts with `/*quiz.js <fingerprint>*/`, the first 12 hex digits of the
SHA-256 of the quiz.js it was made from: the quiz hook (hooks/quiz.py) links quiz.min.js
only while that matches, and the readable quiz.js otherwise, so building and serving
need Python only. The same input and terser version give the same bytes; a test
(tests/build/test_quiz_assets.py) fails when the committed file is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "assets" / "quiz" / "quiz.js"
TARGET = SOURCE.with_name("quiz.min.js")
TERSER = ROOT / "node_modules" / "terser" / "bin" / "terser"
# ES2020 like Material's own bundle; two compress passes; local names mangled.
OPTIONS = ["--ecma", "2020", "--compress", "passes=2", "--mangle", "--comments", "false"]


def fingerprint(data: bytes) -> str:
    """Must match hooks/quiz.py `fingerprint`."""
    return hashlib.sha256(data).hexdigest()[:12]


def minify(source: Path | None = None) -> str:
    """quiz.min.js as terser makes it from `source` (quiz.js), with its fingerprint line."""
    source = source or SOURCE
    if not TERSER.is_file():
        sys.exit(f"{TERSER.relative_to(ROOT)} is missing: run `make node-deps`")
    data = source.read_bytes()
    proc = subprocess.run(["node", str(TERSER), *OPTIONS], input=data, capture_output=True, check=False)
    if proc.returncode:
        sys.exit(f"terser failed on {source.name}:\n{proc.stderr.decode(errors='replace')}")
    return f"/*quiz.js {fingerprint(data)}*/\n" + proc.stdout.decode("utf-8").strip() + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args(argv)
    made = minify()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != made:
            print(f"{TARGET.relative_to(ROOT)} is stale: run `make minify`", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(made, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(made.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
