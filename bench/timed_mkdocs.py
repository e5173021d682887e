"""`python bench/timed_mkdocs.py build …` runs `mkdocs build …` and, at exit, prints on stderr the
CPU time spent inside one hook: its import and every `on_*` event it handles.

The hook is named by BENCH_TIME_HOOK (its file name, e.g. `quiz.py`). Comparing two whole builds
(with and without quizzes) on two shared cores is noisy: single builds of the same site spread by
a third. The hook's share of the build it ran in is measured inside one process, so a slower or
faster moment of the machine scales both parts alike.
"""

from __future__ import annotations

import atexit
import functools
import os
import sys
import time

from mkdocs.config import config_options

TARGET = os.environ.get("BENCH_TIME_HOOK", "")
MARK = "bench: hook cpu seconds:"
_spent = [0.0]
_load = config_options.Hooks._load_hook


def _timed(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _spent[0] += time.process_time() - started

    return wrapper


def _load_hook(self, name, path):
    started = time.process_time()
    module = _load(self, name, path)
    if os.path.basename(path) == TARGET:
        _spent[0] += time.process_time() - started
        for attr in dir(module):
            if attr.startswith("on_") and callable(getattr(module, attr)):
                setattr(module, attr, _timed(getattr(module, attr)))
    return module


def _report():
    print(f"{MARK} {_spent[0]:.4f}", file=sys.stderr)


if __name__ == "__main__":
    if not TARGET:
        sys.exit("set BENCH_TIME_HOOK to the hook's file name, e.g. quiz.py")
    config_options.Hooks._load_hook = _load_hook
    atexit.register(_report)
    from mkdocs.__main__ import cli

    cli(prog_name="mkdocs")
