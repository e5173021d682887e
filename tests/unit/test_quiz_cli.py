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


def test_a_second_check_uses_the_cache_and_says_the_same(tmp_path):
    root = project(tmp_path)
    shutil.copy(FIXTURES / "invalid" / "two-best.yml", root / "quizzes" / "two-best.yml")
    cmd = [sys.executable, "-m", "quizkit", "check"]
    first = subprocess.run(cmd, cwd=root, env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    entries = list((tmp_path / "xdg" / "gaobiao-handbook").glob("quizkit-*/*.data"))
    assert len(entries) == 2  # both files loaded (two-best fails a cross-check, which runs every time)
    second = subprocess.run(cmd, cwd=root, env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert first.returncode == second.returncode == 1
    assert first.stderr == second.stderr
    assert "quizzes/two-best.yml:13:7: questions[0].options: expected exactly one option" in second.stderr


def test_no_cache_reads_everything_and_writes_nothing(tmp_path):
    root = project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "quizkit", "check", "--no-cache"], cwd=root,
                            env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("quiz data OK: 1 quizzes, 2 questions, 1 embeds (")
    assert not (tmp_path / "xdg").exists()


def test_a_check_of_good_data_never_imports_pydantic_and_a_warm_one_not_yaml(tmp_path):
    root = project(tmp_path)
    probe = ("import sys, runpy\nsys.argv = ['quizkit', 'check']\n"
             "try:\n    runpy.run_module('quizkit', run_name='__main__')\nexcept SystemExit as exit:\n"
             "    print(exit.code, 'pydantic' in sys.modules, 'yaml' in sys.modules)\n")
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=root, env=_env(tmp_path), capture_output=True,
                           text=True, timeout=60).stdout.splitlines()[-1] for _ in range(2)]
    assert runs == ["0 False True", "0 False False"]
