"""tools/check_spacing.py: the space between Chinese and Latin text."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from sitetools import ROOT

_spec = importlib.util.spec_from_file_location("check_spacing", ROOT / "tools/check_spacing.py")
spacing = importlib.util.module_from_spec(_spec)
sys.modules["check_spacing"] = spacing  # dataclasses look their module up
_spec.loader.exec_module(spacing)

# (line as written, line after --fix); equal when nothing is missing.
MARKDOWN_CASES = [
    ("AE负责写brief。", "AE 负责写 brief。"),
    ("开会前15分钟到场。", "开会前 15 分钟到场。"),
    ("用TVC讲故事", "用 TVC 讲故事"),
    ("AE 负责写 brief。", "AE 负责写 brief。"),
    ("“AE”负责，（brief）写清楚", "“AE”负责，（brief）写清楚"),  # full-width punctuation needs no space
    ("运行 `make serve预览` 看看", "运行 `make serve预览` 看看"),  # inline code is left alone
    ("见[流程](../competencies/process.md#一支-tvc有流程仍然需要-ae)。", "见[流程](../competencies/process.md#一支-tvc有流程仍然需要-ae)。"),
    ("打开 https://example.org/路径a 看", "打开 https://example.org/路径a 看"),
    ('<span class="gb-x">说明</span>', '<span class="gb-x">说明</span>'),
    ("## 提案前的预演 { #rehearsal }", "## 提案前的预演 { #rehearsal }"),
    ("<!-- 注释里的AE不管 -->", "<!-- 注释里的AE不管 -->"),
    ("*[AE]: Account Executive，客户服务人员", "*[AE]: Account Executive，客户服务人员"),
]


@pytest.mark.parametrize("before, after", MARKDOWN_CASES)
def test_markdown_lines(before, after):
    findings = spacing.check_text(before + "\n", "docs/x.md")
    assert (findings == []) == (before == after)
    assert spacing.fix_text(before + "\n", "docs/x.md") == after + "\n"


def test_findings_point_at_the_gap():
    [first, second] = spacing.check_text("# 标题\n\nAE负责写brief\n", "docs/x.md")
    assert (first.line, first.col) == (3, 3)
    assert (second.line, second.col) == (3, 6)
    assert str(first).startswith("docs/x.md:3:3: 中文与英文、数字之间缺少空格：")


def test_fenced_code_is_skipped():
    text = "```yaml\ntext: AE负责\n```\n~~~\nbrief写\n~~~\n正文AE\n"
    assert [(f.line, f.col) for f in spacing.check_text(text, "docs/x.md")] == [(7, 3)]


def test_quiz_files_skip_ids_links_and_comments():
    text = (
        "# yaml-language-server: $schema=./schema.json\n"
        "competency: competencies/process.md\n"
        "questions:\n"
        "  - id: tvc-a1\n"
        "    situation: |\n"
        "      客户要一支TVC。\n"
        "    explanation:\n"
        "      link: competencies/process.md#一支-tvc有流程仍然需要-ae\n"
    )
    assert [(f.line, f.col) for f in spacing.check_text(text, "quizzes/x.yml")] == [(6, 12)]
    assert "一支 TVC。" in spacing.fix_text(text, "quizzes/x.yml")
    assert "#一支-tvc有流程仍然需要-ae" in spacing.fix_text(text, "quizzes/x.yml")


def test_command_line_reports_and_fixes(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# 标题\n\nAE负责\n", encoding="utf-8")
    tool = [sys.executable, str(ROOT / "tools/check_spacing.py")]
    done = subprocess.run([*tool, str(page)], capture_output=True, text=True)
    assert done.returncode == 1
    assert f"{page}:3:3:" in done.stdout
    done = subprocess.run([*tool, "--fix", str(page)], capture_output=True, text=True)
    assert done.returncode == 0
    assert page.read_text(encoding="utf-8") == "# 标题\n\nAE 负责\n"
    assert subprocess.run([*tool, str(page)], capture_output=True).returncode == 0


def test_the_handbook_itself_follows_the_rule():
    """Every tracked page, quiz and the editors' guide: the same files pre-commit checks."""
    files = subprocess.run(
        ["git", "ls-files", "docs/*.md", "quizzes/*.yml", "CONTRIBUTING.md", ".github/*.md"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert "CONTRIBUTING.md" in files
    findings = [
        str(f)
        for name in files
        for f in spacing.check_text((ROOT / name).read_text(encoding="utf-8"), name)
    ]
    assert findings == [], "run: python3 tools/check_spacing.py --fix <file>\n" + "\n".join(findings)
