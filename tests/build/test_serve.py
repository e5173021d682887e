"""`mkdocs serve` as an editor uses it: every error is shown every time, and an edit to hook code
says plainly that a restart is needed (MkDocs loads Python code once)."""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from quizproject import FIXTURES, make_project
from sitetools import ROOT

pytestmark = pytest.mark.slow


class Serve:
    """`mkdocs serve` in a child process; its output read line by line."""

    def __init__(self, root: Path, hooks: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(hooks), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", "--watch", str(hooks),
             "--watch", "quizzes"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.proc.stdout], daemon=True).start()

    def wait_for(self, pattern: str, timeout: float = 90) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "".join(self.seen[-40:]))

    def page(self, url: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url}", timeout=10) as response:
            return response.read().decode("utf-8")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)


@pytest.fixture
def served(tmp_path):
    make_project(tmp_path)
    hooks = tmp_path / "hooks"
    shutil.copytree(ROOT / "hooks", hooks, ignore=shutil.ignore_patterns("__pycache__"))
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace((ROOT / "hooks").as_posix(), hooks.as_posix()),
                      encoding="utf-8")
    serve = Serve(tmp_path, hooks)
    serve.wait_for(r"Serving on")
    yield tmp_path, serve
    serve.stop()


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (time.time() + 1, time.time() + 1))


def test_the_same_quiz_error_is_shown_every_time(served):
    root, serve = served
    quiz = root / "quizzes" / "meetings.yml"
    good = quiz.read_text(encoding="utf-8")
    broken = (FIXTURES / "invalid" / "unknown-key.yml").read_text(encoding="utf-8")
    message = re.escape("quizzes/meetings.yml:18:9: unknown key 'feedbak' (did you mean 'feedback'?)")
    for _ in range(2):
        _write(quiz, broken)
        serve.wait_for(message)
        serve.wait_for(r"Aborted with a BuildError")
        _write(quiz, good)
        serve.wait_for(r"Reloading browsers|Documentation built")
    assert not [line for line in serve.seen if "Traceback" in line]


def test_an_edit_to_hook_code_says_a_restart_is_needed(served):
    root, serve = served
    render = root / "hooks" / "quizkit" / "render.py"
    _write(render, render.read_text(encoding="utf-8").replace('"acceptable": "可以接受"', '"acceptable": "还算可以"'))
    serve.wait_for(re.escape("hooks/quizkit/render.py changed after the build started: Python code is loaded once, "
                             "so stop `make serve` (Ctrl+C) and start it again to use the new code"))
