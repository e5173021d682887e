"""The search index of the real handbook: Pagefind, built after the site (hooks/search_index.py)."""

from __future__ import annotations

import re

from quizkit.load import load_quiz_dir
from sitetools import ROOT, pagefind_pages

QUIZZES, _ = load_quiz_dir(ROOT / "quizzes", root=ROOT)


def test_every_reading_page_is_indexed_and_excluded_pages_are_not(site):
    index = pagefind_pages(site)
    for path in ("", "competencies/presenting/", "foundations/pig-and-chicken/", "practice/meetings/",
                 "trainers/assign/", "reference/glossary/"):
        assert path in index, path
    assert not [u for u in index if u.startswith(("reference/print/", "trainers/keys/", "404"))]
    assert index["competencies/presenting/"]["meta"]["title"] == "提案技巧"
    # Material's search index is gone: nothing would fetch it.
    assert not (site / "search" / "search_index.json").exists()


def test_chinese_is_segmented_into_words(site):
    content = pagefind_pages(site)["competencies/presenting/"]["content"]
    words = set(re.split(r"[\s\u200b]+", content))
    assert {"提案", "预演"} <= words, "the index does not hold 提案 and 预演 as words"
    chinese = [w for w in words if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    assert chinese and max(len(w) for w in chinese) < 12, "Chinese text is not segmented"


def test_headings_are_sections_with_their_anchors(site):
    page = pagefind_pages(site)["competencies/presenting/"]
    anchors = {a["id"]: a["text"] for a in page["anchors"] if a["element"] == "h2"}
    assert anchors.get("提案前的预演") == "提案前的预演"
    html = (site / "competencies/presenting/index.html").read_text(encoding="utf-8")
    assert 'id="提案前的预演"' in html


def test_quizzes_and_permalink_signs_are_left_out(site):
    index = pagefind_pages(site)
    text = re.sub(r"[\u200b\s]", "", " ".join(p["content"] for p in index.values()))
    assert "¶" not in text
    leaked = []
    for quiz in QUIZZES.values():
        for q in quiz.questions:
            options = q.options if q.kind == "scenario" else [c for n in q.nodes.values() for c in n.choices]
            for option in options:
                plain = re.sub(r"[\s*`]|\[|\]\([^)]*\)", "", option.text)[:20]
                if len(plain) >= 10 and plain in text:
                    leaked.append(f"{quiz.id}/{q.id}: {plain}")
    assert leaked == []


def test_every_page_loads_the_search_script_and_no_index(site):
    for rel in ("index.html", "competencies/meetings/index.html", "practice/meetings/index.html", "404.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert re.search(r'<script src="[./]*assets/javascripts/search\.js"></script>', html), rel
        assert "data-gb-search" in html and 'name="search"' not in html, rel
        assert "pagefind" not in html.split("<body", 1)[1].replace("data-pagefind-body", ""), rel
