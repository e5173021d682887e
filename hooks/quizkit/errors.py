"""Problems an editor can fix, reported compiler-style: `path:line:col: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the quiz data or in a page, with where it is and how to fix it."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        if self.hint:
            lines = self.hint.splitlines()
            text += "\n    hint: " + lines[0]
            text += "".join("\n          " + line for line in lines[1:])
        return text


def report(problems: list[Problem]) -> str:
    """All problems, sorted by place, then one closing line."""
    body = "\n".join(str(p) for p in sorted(set(problems)))
    count = len(set(problems))
    noun = "error" if count == 1 else "errors"
    return f"{body}\nAborted: {count} {noun} in quiz data."
