"""bench/timed_mkdocs.py, which the build benchmark runs instead of `mkdocs build`, leans on a
private MkDocs method (Hooks._load_hook): this fails when MkDocs changes it, not the next benchmark."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from quizproject import make_project
from sitetools import ROOT


def _timed_build(project, hook: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "hooks"), "BENCH_TIME_HOOK": hook,
           "XDG_CACHE_HOME": str(project / "cache")}
    return subprocess.run([sys.executable, str(ROOT / "bench" / "timed_mkdocs.py"), "build", "--strict"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=180)


def test_the_quiz_hook_time_is_reported_and_the_site_built(tmp_path):
    make_project(tmp_path)
    result = _timed_build(tmp_path, "quiz.py")
    assert result.returncode == 0, result.stderr[-2000:]
    seconds = re.findall(r"^bench: hook cpu seconds: ([\d.]+)$", result.stderr, re.M)
    assert len(seconds) == 1 and float(seconds[0]) > 0
    assert 'class="quiz"' in (tmp_path / "site" / "practice" / "meetings" / "index.html").read_text(encoding="utf-8")


def test_a_hook_that_is_not_in_the_project_costs_nothing(tmp_path):
    make_project(tmp_path)
    result = _timed_build(tmp_path, "no-such-hook.py")
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"^bench: hook cpu seconds: 0\.0000$", result.stderr, re.M)
