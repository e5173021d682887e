"""`python -m quizkit packages` (make packages): SCORM 1.2 and 2004 zips, reproducible, complete,
and a quiz whose progress cannot fit SCORM 1.2's suspend data refused with `path:line:col`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from quizkit.load import load_quiz_dir
from quizkit.scorm import ASSETS, SUSPEND_LIMIT_12, longest_suspend_data
from sitetools import ROOT, copy_project

SITE = "https://handbook.example.com/"
CP12 = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADL12 = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
CP04 = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
ADL04 = "{http://www.adlnet.org/xsd/adlcp_v1p3}"
SS = "{http://www.imsglobal.org/xsd/imsss}"
LOM = "{http://ltsc.ieee.org/xsd/LOM}"
MD12 = "{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}"


def run_packages(out: Path, *extra: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    env.pop("SITE_URL", None)
    return subprocess.run([sys.executable, "-m", "quizkit", "packages", "--out", str(out), "--site-url", SITE, *extra],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("packages")
    result = run_packages(out)
    assert result.returncode == 0, result.stderr
    (edition,) = [p for p in out.iterdir()]
    return edition


def quiz_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "quizzes").glob("*.yml"))


def test_every_quiz_and_the_course_in_both_standards(built):
    names = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.zip"))
    expected = sorted([f"quizzes/{q}-{tag}.zip" for q in quiz_ids() for tag in ("scorm12", "scorm2004")]
                      + ["course-scorm12.zip", "course-scorm2004.zip"])
    assert names == expected


def test_same_input_same_bytes(built, tmp_path):
    again = run_packages(tmp_path)
    assert again.returncode == 0, again.stderr
    for first in built.rglob("*.zip"):
        second = tmp_path / built.name / first.relative_to(built)
        assert first.read_bytes() == second.read_bytes(), first.name


def _check_zip(path: Path) -> tuple[zipfile.ZipFile, ET.Element]:
    z = zipfile.ZipFile(path)
    assert z.testzip() is None
    names = set(z.namelist())
    assert "imsmanifest.xml" in names  # at the package's root, as both standards require
    for asset in ASSETS:
        assert asset in names
    for info in z.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
    return z, ET.fromstring(z.read("imsmanifest.xml"))


def _files_resolve(z: zipfile.ZipFile, manifest: ET.Element, cp: str) -> None:
    names = set(z.namelist())
    resources = {r.get("identifier"): r for r in manifest.iter(cp + "resource")}
    for item in manifest.iter(cp + "item"):
        res = resources[item.get("identifierref")]  # every item points at a resource
        assert res.get("href") in names
        for dep in res.iter(cp + "dependency"):
            assert dep.get("identifierref") in resources
    for f in manifest.iter(cp + "file"):
        assert f.get("href") in names, f.get("href")
    for name in names - {"imsmanifest.xml"}:  # and every file in the zip is declared
        assert name in {f.get("href") for f in manifest.iter(cp + "file")}, name


def test_scorm12_manifest_has_the_required_elements(built):
    """SCORM 1.2 CAM: manifest(identifier) > metadata(schema 'ADL SCORM', schemaversion '1.2'),
    organizations(default) > organization(identifier) > title, item(identifier, identifierref) > title;
    resources > resource(identifier, type, adlcp:scormtype, href) > file(href)."""
    z, m = _check_zip(built / "quizzes" / "meetings-scorm12.zip")
    assert m.tag == CP12 + "manifest" and m.get("identifier") and m.get("version") == built.name
    assert m.find(f"{CP12}metadata/{CP12}schema").text == "ADL SCORM"
    assert m.find(f"{CP12}metadata/{CP12}schemaversion").text == "1.2"
    orgs = m.find(CP12 + "organizations")
    org = orgs.find(CP12 + "organization")
    assert orgs.get("default") == org.get("identifier")
    assert org.find(CP12 + "title").text == "开会技巧 · 情境练习"
    (item,) = org.findall(CP12 + "item")
    assert item.get("identifier") and item.find(CP12 + "title").text
    assert item.find(ADL12 + "masteryscore").text == "80"
    sco = [r for r in m.iter(CP12 + "resource") if r.get(ADL12 + "scormtype") == "sco"]
    assert [r.get("href") for r in sco] == ["meetings/index.html"]
    assert all(r.get("type") == "webcontent" for r in m.iter(CP12 + "resource"))
    lom = m.find(f"{CP12}metadata/{MD12}lom")
    (description,) = [line.removeprefix("description: ") for line in
                      (ROOT / "quizzes" / "meetings.yml").read_text("utf-8").splitlines() if line.startswith("description: ")]
    assert lom.find(f"{MD12}general/{MD12}description/{MD12}langstring").text == description
    assert lom.find(f"{MD12}lifecycle/{MD12}version/{MD12}langstring").text == built.name
    _files_resolve(z, m, CP12)


def test_scorm2004_manifest_has_the_required_elements(built):
    """SCORM 2004 4th ed. CAM: schemaversion '2004 4th Edition', adlcp:scormType, and the pass mark as
    the primary objective's minNormalizedMeasure (what the LMS gives the SCO as cmi.scaled_passing_score)."""
    z, m = _check_zip(built / "course-scorm2004.zip")
    assert m.tag == CP04 + "manifest" and m.get("identifier")
    assert m.find(f"{CP04}metadata/{CP04}schema").text == "ADL SCORM"
    assert m.find(f"{CP04}metadata/{CP04}schemaversion").text == "2004 4th Edition"
    assert m.find(f"{CP04}metadata/{LOM}lom/{LOM}lifeCycle/{LOM}version/{LOM}string").text == built.name
    orgs = m.find(CP04 + "organizations")
    org = orgs.find(CP04 + "organization")
    assert orgs.get("default") == org.get("identifier")
    items = org.findall(CP04 + "item")
    assert len(items) == len([q for q in quiz_ids()])  # every quiz has a practice page
    assert items[0].get("identifierref") == "res-basics-and-attitude"  # the nav's order
    for item in items:
        objective = item.find(f"{SS}sequencing/{SS}objectives/{SS}primaryObjective")
        assert objective.get("satisfiedByMeasure") == "true"
        assert objective.find(SS + "minNormalizedMeasure").text == "0.80"
    scos = [r for r in m.iter(CP04 + "resource") if r.get(ADL04 + "scormType") == "sco"]
    assert len(scos) == len(items)
    _files_resolve(z, m, CP04)


def test_launch_page_is_the_quiz_core_with_links_to_the_handbook(built):
    z = zipfile.ZipFile(built / "quizzes" / "meetings-scorm2004.zip")
    page = z.read("meetings/index.html").decode()
    assert 'data-package-quiz="meetings"' in page and 'data-scorm="2004"' in page and 'data-pass="80"' in page
    assert 'class="quiz" id="quiz-meetings"' in page  # quizkit's template, as on the site
    assert f'href="{SITE}competencies/meetings/#' in page  # explanations link to the published page
    # Nothing is fetched from elsewhere: every src and stylesheet is inside the package.
    for ref in re.findall(r'(?:src|<link[^>]*href)="([^"]+)"', page):
        assert not re.match(r"^(https?:)?//", ref), ref


def test_no_credential_in_any_package(built):
    for path in built.rglob("*.zip"):
        z = zipfile.ZipFile(path)
        for name in z.namelist():
            text = z.read(name).decode()
            assert not re.search(r"Basic [A-Za-z0-9+/=]{8,}|password|RALPH_", text), (path.name, name)


def _big_quiz(n: int) -> str:
    """A valid quiz of `n` stories whose ids and ending names are long."""
    lines = ["title: 很长的练习", "competency: competencies/meetings.md", "description: 用来测试打包的上限。",
             "questions:"]
    for i in range(n):
        qid = f"q{i:02d}-" + "x" * 50
        lines += [f"  - id: {qid}", "    kind: branching", "    revision: 1", f"    title: 故事 {i}",
                  "    situation: 一个会议。", "    start: begin", "    nodes:", "      begin:",
                  "        situation: 客户来电。", "        prompt: 你怎么做？", "        choices:",
                  "          - text: 当场问清楚。", "            next: " + "good-" + "y" * 50,
                  "          - text: 先放一放。", "            next: " + "bad-" + "z" * 50,
                  "    endings:", "      good-" + "y" * 50 + ":", "        verdict: committed",
                  "        title: 接住了", "        feedback: 问清楚再承诺。",
                  "      bad-" + "z" * 50 + ":", "        verdict: dodged", "        title: 躲开了",
                  "        feedback: 问题被推后。",
                  "    explanation:", "      text: 先问清楚。", "      link: competencies/meetings.md"]
    return "\n".join(lines) + "\n"


def test_a_quiz_too_big_for_scorm12_suspend_data_is_refused(tmp_path):
    copy_project(tmp_path)
    (tmp_path / "quizzes" / "long-quiz.yml").write_text(_big_quiz(40), encoding="utf-8")
    (tmp_path / "docs" / "practice" / "long-quiz.md").write_text("# 很长的练习\n\n::: quiz long-quiz\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_packages(out, cwd=tmp_path)
    assert result.returncode == 1
    message = result.stderr
    assert re.search(r"^quizzes/long-quiz\.yml:\d+:\d+: cannot be packaged: its progress \(SCORM suspend data\) "
                     r"can reach [\d,]+ characters, over the 4,096 that SCORM 1.2 allows", message, re.M), message
    assert "hint: split the quiz" in message and "no package written" in message
    assert "Traceback" not in message
    assert not out.exists()


def test_real_quizzes_fit_and_the_measure_is_the_longest(built):
    """Every quiz of the bank fits today; the measure keys are the questions the page shows."""
    quizzes, _ = load_quiz_dir(ROOT / "quizzes", root=ROOT)
    for quiz_id, quiz in quizzes.items():
        page = zipfile.ZipFile(built / "quizzes" / f"{quiz_id}-scorm12.zip").read(f"{quiz_id}/index.html").decode()
        text = longest_suspend_data(quiz)
        assert len(text) <= SUSPEND_LIMIT_12
        assert list(json.loads(text)["a"]) == re.findall(r'data-question-id="([^"]+)"', page)
