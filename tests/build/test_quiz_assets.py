"""The quiz's shipped assets: quiz.min.js made from the current quiz.js, the inline styles' minifier."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys

import pytest

from quiz import fingerprint, minify_css
from sitetools import ROOT

QUIZ = ROOT / "docs" / "assets" / "quiz"
TOOL = ROOT / "tools" / "minify_quiz.py"


def test_minified_script_was_made_from_the_current_source():
    """Without Node: quiz.min.js names the quiz.js it came from (run `make minify` after an edit)."""
    first = (QUIZ / "quiz.min.js").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == f"/*quiz.js {fingerprint((QUIZ / 'quiz.js').read_bytes())}*/", "stale: run `make minify`"


def test_terser_makes_the_committed_file_byte_for_byte():
    if not (ROOT / "node_modules" / "terser").is_dir():
        pytest.fail("node_modules/terser is missing: `make test` installs it from package-lock.json")
    proc = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_the_check_fails_on_a_stale_file(tmp_path, monkeypatch):
    sys.path.insert(0, str(TOOL.parent))
    import minify_quiz

    edited = tmp_path / "quiz.js"
    edited.write_bytes((QUIZ / "quiz.js").read_bytes() + b"\n")
    made = minify_quiz.minify(edited)
    assert made.split("\n", 1)[0] == f"/*quiz.js {fingerprint(edited.read_bytes())}*/"
    monkeypatch.setattr(minify_quiz, "SOURCE", edited)
    assert minify_quiz.main(["--check"]) == 1


def test_quiz_script_and_styles_stay_small():
    """SPEC: quiz JS + CSS at most 6 KB gzip, as shipped (the minified script, the inline styles)."""
    shipped = (QUIZ / "quiz.min.js").read_bytes() + minify_css((QUIZ / "quiz.css").read_text("utf-8")).encode()
    assert len(gzip.compress(shipped, 9)) <= 6144


@pytest.mark.parametrize("css, expected", [
    ("/* note */\n.a  >  .b ,\n.c {\n  color : red ;\n  margin: 0 auto;\n}\n", ".a>.b,.c{color :red;margin:0 auto}"),
    (".a :hover { x: 1 }", ".a :hover{x:1}"),                     # a descendant's :hover keeps its space
    ('.a::before { content: "● ;  } /* x */"; }', '.a::before{content:"● ;  } /* x */"}'),
    ("/* it's */ .a { content: '\\'  {' }", ".a{content:'\\'  {'}"),
    ("@media print {\n  .a { display: none !important; }\n}", "@media print{.a{display:none!important}}"),
])
def test_minify_css(css, expected):
    assert minify_css(css) == expected


def test_minified_styles_keep_every_rule():
    css = (QUIZ / "quiz.css").read_text(encoding="utf-8")
    small = minify_css(css)
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert small.count("{") == without_comments.count("{") and small.count("}") == without_comments.count("}")
    assert re.sub(r"\s", "", small) == re.sub(r"\s", "", without_comments).replace(";}", "}")
