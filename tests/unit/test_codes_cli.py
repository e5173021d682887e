"""`python -m quizkit codes decode FILE|-`: codes in, the results page's CSV out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from quizkit import codes

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests/vectors/codes.json").read_text(encoding="utf-8"))


def run(args, stdin=None, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    return subprocess.run([sys.executable, "-m", *args], input=stdin, capture_output=True, cwd=cwd, env=env)


def expected_csv(codes_in):
    table = []
    for c in codes_in:
        table += codes.rows(codes.decode(c, VECTORS["editions"]))
    return codes.csv_text(table)


def test_decodes_a_file_into_csv_and_reports_refusals(tmp_path):
    good = [v["code"] for v in VECTORS["valid"][:2]]
    bad = VECTORS["invalid"][7]  # a changed character
    text = f"{good[0]}\n  some garbage\n{bad['code']}\n\n{good[1]}\n{good[0]}\n"
    (tmp_path / "codes.txt").write_text(text, encoding="utf-8")
    out = run(["quizkit.codes_cli", "decode", str(tmp_path / "codes.txt"), "--edition", "2026.1"])
    assert out.returncode == 1
    assert out.stdout.decode("utf-8") == expected_csv(good)
    errors = out.stderr.decode("utf-8").splitlines()
    assert errors[0] == "code 2: 'some garbage': not-a-code: " + codes.REASONS["not-a-code"]
    assert errors[1].startswith("code 3: 'GB1.") and errors[1].endswith(": bad-check: " + codes.REASONS["bad-check"])
    assert len(errors) == 2


def test_reads_stdin_exits_zero_when_all_decode_and_can_add_a_bom():
    good = [v["code"] for v in VECTORS["valid"][:3]]
    out = run(["quizkit.codes_cli", "decode", "-", "--bom", "--edition", "2026.1"], stdin="\n".join(good).encode())
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode("utf-8") == "\ufeff" + expected_csv(good)
    assert out.stderr == b""


def test_edition_defaults_to_pyproject_and_unknown_editions_are_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "2030.1"\n', encoding="utf-8")
    code = VECTORS["valid"][0]["code"]
    out = run(["quizkit.codes_cli", "decode", "-"], stdin=code.encode(), cwd=tmp_path)
    assert out.returncode == 1
    assert "unknown-edition: 版次 2026.1 不是本站认识的版次（本站：2030.1）" in out.stderr.decode("utf-8")
    assert out.stdout.decode("utf-8").count("\r\n") == 1  # the header only


def test_the_quizkit_command_dispatches_to_codes():
    code = VECTORS["valid"][1]["code"]
    out = run(["quizkit", "codes", "decode", "-", "--edition", "2026.1"], stdin=code.encode())
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout.decode("utf-8") == expected_csv([code])


def test_missing_file_is_a_usage_error(tmp_path):
    out = run(["quizkit.codes_cli", "decode", str(tmp_path / "none.txt"), "--edition", "2026.1"])
    assert out.returncode == 2
    assert "cannot read" in out.stderr.decode()
