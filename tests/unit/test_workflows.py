"""The editors' workflow files: GitHub Actions, CODEOWNERS, the PR template, pre-commit.

GitHub Actions cannot run here, so the workflows are kept as thin wrappers over
the Makefile and this test holds them to it: they parse, every step is a `make`
call (or git identity), and every target they call exists.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
from pathlib import Path

import pytest
import yaml

from sitetools import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
ACTIONS = {"actions/checkout", "actions/upload-artifact"}


def _makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([A-Za-z0-9][\w.-]*)\s*:(?!=)", text, re.M)}


def _make_calls(command: str) -> list[list[str]]:
    """Each `make …` command in a shell snippet, as its words."""
    calls = []
    for line in command.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "make":
            calls.append(words[1:])
    return calls


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the bare key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def _workflow(name: str) -> dict:
    return _load(ROOT / ".github/workflows" / name)


# -----------------------------------------------------------------------------
# Workflows
# -----------------------------------------------------------------------------


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"check.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_a_thin_wrapper_over_make(path):
    data = _load(path)
    assert data["name"] and data["on"] and data["jobs"]
    targets = _makefile_targets()
    for step in _steps(data):
        if "uses" in step:
            action, _, version = step["uses"].partition("@")
            assert action in ACTIONS, f"{path.name}: unexpected action {action}"
            assert re.fullmatch(r"v\d+", version), f"{path.name}: pin {action} to a major version"
            continue
        lines = [ln for ln in step["run"].splitlines() if ln.strip()]
        for line in lines:
            assert line.startswith(("make ", "git config ")), f"{path.name}: not a make call: {line}"
        for words in _make_calls(step["run"]):
            goals = [w for w in words if "=" not in w and not w.startswith("-")]
            assert goals, f"{path.name}: bare `make`"
            for goal in goals:
                assert goal in targets, f"{path.name} calls `make {goal}`, which the Makefile lacks"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_keeps_the_whole_history(path):
    """Page dates come from git: a shallow clone would date every page by its last commit."""
    checkouts = [s for s in _steps(_load(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["fetch-depth"] == 0 for s in checkouts)


def test_pull_requests_run_what_ci_runs_build_strictly_and_upload_the_site():
    data = _workflow("check.yml")
    assert "pull_request" in data["on"]
    runs = [words for step in _steps(data) if "run" in step for words in _make_calls(step["run"])]
    ci = _make_calls((ROOT / ".ci/run").read_text(encoding="utf-8"))
    assert ci == [["test"]]
    assert ["test"] in runs
    assert ["build"] in runs
    build_recipe = re.search(r"^build:.*\n\t(.*)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert "--strict" in build_recipe
    [upload] = [s for s in _steps(data) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"].rstrip("/") == "site"
    assert upload["with"]["name"] == "site-preview"
    # CONTRIBUTING.md sends editors to this artifact by name.
    assert "site-preview" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_a_tag_publishes_that_edition_with_mike():
    data = _workflow("publish.yml")
    assert set(data["on"]) == {"push"}
    tags = data["on"]["push"]["tags"]
    assert any(fnmatch.fnmatchcase("2026.1", t) for t in tags)
    assert not any(fnmatch.fnmatchcase("v2026.1", t) for t in tags)
    assert data["permissions"]["contents"] == "write"
    publish = [s for s in _steps(data) if "make publish" in s.get("run", "")]
    assert len(publish) == 1
    [words] = _make_calls(publish[0]["run"])
    assert words[0] == "publish" and "PUSH=1" in words and 'TAG=$TAG' in words
    assert publish[0]["env"]["TAG"] == "${{ github.ref_name }}"
    # Tests run before anything is published.
    steps = _steps(data)
    first_test = next(i for i, s in enumerate(steps) if "make test" in s.get("run", ""))
    assert first_test < steps.index(publish[0])


# -----------------------------------------------------------------------------
# CODEOWNERS
# -----------------------------------------------------------------------------


def _owners(path: str) -> list[str]:
    """Owners of `path` by GitHub's rule: the last matching line wins."""
    owners: list[str] = []
    for line in (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *who = line.split()
        assert pattern.startswith("/"), f"anchor CODEOWNERS patterns at the root: {pattern}"
        p = pattern.lstrip("/")
        if (p.endswith("/") and path.startswith(p)) or path == p or fnmatch.fnmatchcase(path, p):
            owners = who
    return owners


@pytest.mark.parametrize("path", [
    "docs/competencies/meetings.md", "docs/reference/changelog.md", "docs/_snippets/abbreviations.md",
    "quizzes/meetings.yml", "CONTRIBUTING.md",
])
def test_content_is_open_to_editors(path):
    assert _owners(path) == ["@gaobiao-handbook/editors"]


@pytest.mark.parametrize("path", [
    "hooks/quiz.py", "hooks/quizkit/load.py", "mkdocs.yml", "requirements.lock", "requirements.in",
    "Makefile", "pyproject.toml", ".github/workflows/check.yml", ".github/CODEOWNERS",
    "overrides/main.html", "quizzes/schema.json", "docs/assets/stylesheets/extra.css",
    ".pre-commit-config.yaml", "tools/check_spacing.py",
])
def test_build_machinery_is_owned_by_maintainers(path):
    assert _owners(path) == ["@gaobiao-handbook/maintainers"]


def test_every_codeowners_path_exists():
    for line in (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            path = line.split()[0].lstrip("/")
            assert (ROOT / path).exists(), f"CODEOWNERS names {path}, which does not exist"


# -----------------------------------------------------------------------------
# Pull-request template
# -----------------------------------------------------------------------------


def test_pull_request_template_is_a_chinese_checklist():
    text = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 5
    joined = "\n".join(items)
    for needed in ("原文", "第二个人", "检查是绿的", "修订号", "id"):
        assert needed in joined, f"the checklist should cover: {needed}"
    assert re.search(r"[\u4e00-\u9fff]", text)


# -----------------------------------------------------------------------------
# pre-commit
# -----------------------------------------------------------------------------


def _precommit() -> dict:
    return yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def test_precommit_remote_hooks_are_pinned_to_release_tags():
    for repo in _precommit()["repos"]:
        if repo["repo"] != "local":
            assert repo["repo"].startswith("https://github.com/")
            assert re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"]), repo


def test_precommit_checks_yaml_markdown_quizzes_and_spacing():
    hooks = {h["id"]: h for repo in _precommit()["repos"] for h in repo["hooks"]}
    assert {"check-yaml", "markdownlint-cli2", "quizzes", "spacing"} <= set(hooks)
    assert "--unsafe" in hooks["check-yaml"]["args"]  # mkdocs.yml has !!python tags
    spacing = re.compile(hooks["spacing"]["files"])
    for path in ("docs/competencies/meetings.md", "quizzes/meetings.yml", "CONTRIBUTING.md",
                 ".github/pull_request_template.md"):
        assert spacing.search(path), path
    assert not spacing.search("quizzes/schema.json")


def test_precommit_local_hooks_call_what_exists():
    """Local hooks run project code only: make targets or scripts in tools/, nothing downloaded."""
    targets = _makefile_targets()
    local = [h for repo in _precommit()["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert local
    for hook in local:
        assert hook["language"] == "unsupported"
        assert "additional_dependencies" not in hook
        words = shlex.split(hook["entry"])
        if words[0] == "make":
            assert all(w in targets for w in words[1:]), hook["entry"]
        else:
            assert words[0] == "python3" and (ROOT / words[1]).is_file(), hook["entry"]


def test_markdownlint_is_tuned_for_material():
    config = yaml.safe_load((ROOT / ".markdownlint-cli2.yaml").read_text(encoding="utf-8"))["config"]
    assert config["MD046"] is False   # admonition bodies are indented
    assert config["MD033"] is False   # md_in_html
    assert config["MD013"] is False   # Chinese paragraphs are long lines
    assert config["MD007"] == {"indent": 4}
    assert config["MD051"] is False   # Chinese anchors are checked by the build
