#!/usr/bin/env python3
"""Check the space between Chinese and Latin text (letters and digits) in Markdown and YAML.

    python3 tools/check_spacing.py FILE...          report, exit 1 if anything is found
    python3 tools/check_spacing.py --fix FILE...    insert the missing spaces in place

House style: `AE 负责`, `写 brief`, `15 分钟`. Material's abbreviation tooltips
only fire on a word boundary, so `AE负责` also loses its tooltip. Code (fenced
blocks and `inline`), link targets, URLs, HTML tags, attribute lists and the
id/link keys of quiz files are left alone. Standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# -----------------------------------------------------------------------------
# Data
# -----------------------------------------------------------------------------

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
LATIN = "A-Za-z0-9"
MISSING = re.compile(rf"(?<=[{CJK}])(?=[{LATIN}])|(?<=[{LATIN}])(?=[{CJK}])")

# Spans inside one line that are not prose.
PROTECTED = re.compile(
    r"(`+).*?\1"                  # inline code
    r"|\]\([^)]*\)"               # link target: ](page.md#锚点)
    r"|\]\[[^\]]*\]"              # reference link label
    r"|^\s*\[[^\]]+\]:\s*\S+"     # link reference definition
    r"|<!--.*?-->"                # HTML comment
    r"|</?[A-Za-z][^>]*>"         # HTML tag or autolink
    r"|https?://\S+"              # bare URL
    r"|\{\s*[:#.][^}]*\}"         # attribute list { #id .class }
)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Quiz file keys whose values are ids, paths or anchors, not prose.
YAML_SKIP = re.compile(r"^\s*(?:-\s+)?(?:id|link|competency|next|start|kind|rating|verdict|revision)\s*:")


@dataclass(frozen=True)
class Finding:
    """One place where Chinese and Latin text touch."""

    path: str
    line: int
    col: int
    context: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: 中文与英文、数字之间缺少空格：“{self.context}”"


# -----------------------------------------------------------------------------
# Checking
# -----------------------------------------------------------------------------


def gaps(line: str) -> list[int]:
    """Offsets in `line` where a space is missing between Chinese and Latin text."""
    masked = list(line)
    for m in PROTECTED.finditer(line):
        for i in range(m.start(), m.end()):
            masked[i] = " "
    plain = "".join(masked)
    return [m.start() for m in MISSING.finditer(plain)]


def prose_lines(text: str, yaml: bool) -> list[tuple[int, str]]:
    """(line number, line) for the lines that hold prose: not code fences, comments or ids."""
    out, fence = [], None
    for number, line in enumerate(text.split("\n"), 1):
        if yaml:
            stripped = line.lstrip()
            if stripped.startswith("#") or YAML_SKIP.match(line):
                continue
        opened = FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        out.append((number, line))
    return out


def check_text(text: str, path: str) -> list[Finding]:
    """Every missing space in one file's text."""
    yaml = path.endswith((".yml", ".yaml"))
    findings = []
    for number, line in prose_lines(text, yaml):
        for at in gaps(line):
            context = line[max(0, at - 6):at + 6].strip()
            findings.append(Finding(path, number, at + 1, context))
    return findings


def fix_text(text: str, path: str) -> str:
    """The text with a space inserted at every missing place."""
    yaml = path.endswith((".yml", ".yaml"))
    lines = text.split("\n")
    for number, line in prose_lines(text, yaml):
        for at in reversed(gaps(line)):
            line = line[:at] + " " + line[at:]
        lines[number - 1] = line
    return "\n".join(lines)


# -----------------------------------------------------------------------------
# Command line
# -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="insert the missing spaces in place")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)

    findings: list[Finding] = []
    for file in args.files:
        text = file.read_text(encoding="utf-8")
        found = check_text(text, str(file))
        if found and args.fix:
            file.write_text(fix_text(text, str(file)), encoding="utf-8")
            print(f"{file}: 补上了 {len(found)} 处空格")
        else:
            findings += found
    for finding in findings:
        print(finding)
    if findings:
        print(f"共 {len(findings)} 处。运行 python3 tools/check_spacing.py --fix <文件> 可以自动补上。")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
