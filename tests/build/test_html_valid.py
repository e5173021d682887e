"""Every built page, and our own stylesheets, pass the Nu Html Checker (vnu.jar).

Errors and warnings fail the test unless tests/build/vnu-allowlist.toml accepts them
with a reason; plain "info" notes (for example trailing slashes on void elements)
are not problems and are ignored. The checker runs once, in one JVM, over the whole
site (about three seconds)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from sitetools import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWLIST = Path(__file__).with_name("vnu-allowlist.toml")
# Our own stylesheets; Material's bundled CSS is the theme's business.
OWN_CSS = sorted((ROOT / "docs" / "assets").rglob("*.css"))


@dataclass(frozen=True)
class Accepted:
    message: re.Pattern
    extract: re.Pattern
    source: str
    reason: str

    def matches(self, msg: dict) -> bool:
        return bool(
            self.message.search(msg.get("message", ""))
            and self.extract.search(msg.get("extract", ""))
        )


def _load_allowlist() -> list[Accepted]:
    entries = tomllib.loads(ALLOWLIST.read_text(encoding="utf-8")).get("accepted", [])
    out = []
    for i, e in enumerate(entries):
        missing = {"message", "extract", "source", "reason"} - e.keys()
        assert not missing, f"{ALLOWLIST.name} entry {i + 1}: missing {sorted(missing)}"
        out.append(
            Accepted(re.compile(e["message"]), re.compile(e["extract"]), e["source"], e["reason"])
        )
    return out


def run_vnu(files: list[Path], *extra: str) -> list[dict]:
    """Check `files` in one JVM; return the checker's messages (JSON format)."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("java or node_modules/vnu-jar is missing: run `make test`, which installs them")
    proc = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *extra,
         *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    # The JSON report goes to stderr.
    return json.loads(proc.stderr)["messages"]


def is_problem(msg: dict) -> bool:
    """Errors, warnings and anything the checker could not read; not plain info notes."""
    return msg["type"] != "info" or msg.get("subType") == "warning"


def describe(msg: dict, site: Path | None = None) -> str:
    path = unquote(urlparse(msg.get("url", "")).path)
    if site is not None and path.startswith(str(site)):
        path = path[len(str(site)) + 1 :]
    kind = msg.get("subType") or msg["type"]
    extract = " ".join(msg.get("extract", "").split())
    return f"{path}:{msg.get('lastLine', '?')}: {kind}: {msg.get('message')}\n      {extract}"


@pytest.fixture(scope="module")
def allowlist() -> list[Accepted]:
    return _load_allowlist()


@pytest.fixture(scope="module")
def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 1, f"no pages built in {site}"
    return found


@pytest.fixture(scope="module")
def html_messages(pages) -> list[dict]:
    return [m for m in run_vnu(pages) if is_problem(m)]


def test_every_built_page_is_valid_html(html_messages, allowlist, site):
    unaccepted = [m for m in html_messages if not any(a.matches(m) for a in allowlist)]
    report = "\n".join(describe(m, site) for m in unaccepted)
    assert not unaccepted, f"{len(unaccepted)} HTML problems (fix them, or accept a theme one with its reason in {ALLOWLIST.name}):\n{report}"


def test_every_allowlist_entry_is_still_needed(html_messages, allowlist):
    """An accepted message that no longer occurs must leave the list."""
    stale = [a for a in allowlist if not any(a.matches(m) for m in html_messages)]
    assert not stale, "no longer needed in vnu-allowlist.toml: " + ", ".join(
        a.message.pattern for a in stale
    )


def test_our_stylesheets_are_valid_css():
    assert OWN_CSS, "docs/assets has no stylesheet"
    problems = [m for m in run_vnu(OWN_CSS, "--css") if is_problem(m)]
    assert not problems, "\n".join(describe(m) for m in problems)


def test_the_checker_reports_an_error_it_is_given(tmp_path):
    """The gate can fail: a page with a duplicate id and a stray end tag is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>坏</title></head>'
        '<body><p id="x">一</p><p id="x">二</p></div></body></html>',
        encoding="utf-8",
    )
    messages = [m for m in run_vnu([bad]) if is_problem(m)]
    texts = " ".join(m["message"] for m in messages)
    assert "Duplicate ID" in texts and "Stray end tag" in texts, texts
    # and an entry for the theme does not swallow it
    assert not any(a.matches(m) for a in _load_allowlist() for m in messages)
