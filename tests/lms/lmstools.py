"""Helpers for the LMS tests: packages built once, a test LMS (scorm-again) serving them, answering."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from quizkit.load import load_quiz_dir
from sitetools import ROOT, same_origin

HANDBOOK = "https://handbook.example.com/"
HARNESS = Path(__file__).parent / "harness"
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"


def build_packages(out: Path, site_url: str = HANDBOOK) -> Path:
    """Run `python -m quizkit packages` (what `make packages` runs); the edition's folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    result = subprocess.run([sys.executable, "-m", "quizkit", "packages", "--out", str(out), "--site-url", site_url],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    (edition,) = list(out.iterdir())
    return edition


def lms_folder(dest: Path, packages: Path, unpack: dict[str, str]) -> Path:
    """The test LMS: harness pages, scorm-again's runtimes, and packages unzipped under `name/`."""
    for name in ("scorm12.js", "scorm2004.js"):
        if not (SCORM_AGAIN / name).is_file():
            raise AssertionError(f"{SCORM_AGAIN / name} is missing: run `make test` (npm ci installs scorm-again)")
        shutil.copy2(SCORM_AGAIN / name, dest / name)
    for page in HARNESS.iterdir():
        shutil.copy2(page, dest / page.name)
    for name, zip_path in unpack.items():
        zipfile.ZipFile(packages / zip_path).extractall(dest / name)
    return dest


def quiz(quiz_id: str):
    quizzes, problems = load_quiz_dir(ROOT / "quizzes", root=ROOT)
    assert not problems
    return quizzes[quiz_id]


def best_index(question) -> int:
    return next(i for i, o in enumerate(question.options) if o.rating == "best")


def other_index(question, rating: str) -> int | None:
    return next((i for i, o in enumerate(question.options) if o.rating == rating), None)


def answer(frame, quiz_id: str, question_id: str, index: int) -> None:
    """Choose option `index` of a scenario question and check it, as a learner does."""
    q = frame.locator(f"#q-{quiz_id}-{question_id}")
    q.locator(f'input[value="{index}"]').check()
    q.locator(".quiz__check").click()
    q.locator(".quiz__status").filter(has_text="。").wait_for()


def play_story(frame, quiz_id: str, question_id: str) -> str:
    """Take the first choice at every node of a story until an ending opens; the ending's name."""
    q = frame.locator(f"#q-{quiz_id}-{question_id}")
    for _ in range(20):
        if q.evaluate("q => q.classList.contains('is-done')"):
            break
        node = q.locator(".quiz__node.is-on").last
        node.locator("input:not([disabled])").first.check()
        q.locator(".quiz__check").click()
    return q.locator(".quiz__ending[open]").get_attribute("data-ending")


class Guard:
    """Aborts and records every request that leaves the allowed origins."""

    def __init__(self, *bases: str):
        self.bases = bases
        self.external: list[str] = []

    def route(self, route):
        url = route.request.url
        if any(same_origin(url, b) for b in self.bases):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()
