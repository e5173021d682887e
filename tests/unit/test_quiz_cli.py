"""`python -m quizkit`: check without building, and the committed JSON Schema kept in sync."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from quizkit.cli import schema_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    return subprocess.run([sys.executable, "-m", "quizkit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "docs", tmp_path / "docs")
    (tmp_path / "quizzes").mkdir()
    shutil.copy(FIXTURES / "valid" / "meetings.yml", tmp_path / "quizzes" / "meetings.yml")
    (tmp_path / "docs" / "practice").mkdir()
    (tmp_path / "docs" / "practice" / "meetings.md").write_text("# 练习\n\n::: quiz meetings\n", encoding="utf-8")
    return tmp_path


def test_schema_json_is_in_sync():
    committed = (ROOT / "quizzes" / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "quizzes/schema.json is stale: run `PYTHONPATH=hooks python -m quizkit schema`"


def test_check_passes_with_a_summary(tmp_path):
    result = run("check", cwd=project(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("quiz data OK: 1 quizzes, 2 questions, 1 embeds (")


def test_check_fails_with_every_message(tmp_path):
    root = project(tmp_path)
    shutil.copy(FIXTURES / "invalid" / "two-best.yml", root / "quizzes" / "two-best.yml")
    (root / "docs" / "practice" / "meetings.md").write_text("# 练习\n\n::: quizz meetings\n", encoding="utf-8")
    result = run("check", cwd=root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "docs/practice/meetings.md:3:1: not a quiz embed: '::: quizz meetings'",
        "    hint: a quiz embed is a line of its own, at the start of the line, e.g.",
        "          ::: quiz meetings",
        "quizzes/meetings.yml:1:1: quiz 'meetings' is not embedded in any page",
        "    hint: add this line to its practice page (docs/practice/meetings.md):",
        "          ::: quiz meetings",
        "quizzes/two-best.yml:1:1: quiz 'two-best' is not embedded in any page",
        "    hint: add this line to its practice page (docs/practice/two-best.md):",
        "          ::: quiz two-best",
        "quizzes/two-best.yml:13:7: questions[0].options: expected exactly one option with 'rating: best', found 2",
        "    hint: mark the option a senior AE would choose, and rate the others acceptable or poor, e.g.",
        "          - text: 先跟客户确认会议要得出什么结论",
        "            rating: best",
        "quizzes/two-best.yml:17:17: questions[0].options[1]: a second 'best' option",
        "    hint: keep one best option; rate this one acceptable or poor",
        "Aborted: 5 errors in quiz data.",
    ]


def test_schema_check_flags_a_stale_file(tmp_path):
    out = tmp_path / "schema.json"
    out.write_text("{}\n", encoding="utf-8")
    assert run("schema", "--check", "--output", str(out), cwd=tmp_path).returncode == 1
    assert run("schema", "--output", str(out), cwd=tmp_path).returncode == 0
    assert run("schema", "--check", "--output", str(out), cwd=tmp_path).returncode == 0


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}


def test_a_check_leaves_nothing_behind(tmp_path):
    root = project(tmp_path)
    shutil.copy(FIXTURES / "invalid" / "two-best.yml", root / "quizzes" / "two-best.yml")
    env = {**_env(tmp_path), "HOME": str(tmp_path / "home")}
    before = sorted(p for p in tmp_path.rglob("*"))
    result = subprocess.run([sys.executable, "-m", "quizkit", "check"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "quizzes/two-best.yml:13:7: questions[0].options: expected exactly one option" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p for p in tmp_path.rglob("*")) == before
