"""Item-writing warnings (quizkit.itemcheck): each risk found with its exact message, a clean
bank gives none, and `check` prints them without failing unless `--strict`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from quizkit.itemcheck import _width, item_warnings

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"

# ---------------------------------------------------------------------------
# Synthetic quizzes: plain objects with only the attributes itemcheck may read
# ---------------------------------------------------------------------------


class Words:
    """Option texts that share no two characters in a row with any other: each takes fresh
    characters from a range of common Chinese characters, so only what a test adds repeats."""

    def __init__(self):
        self.next = 0x4E00

    def __call__(self, length: int, then: str = "") -> str:
        text = "".join(chr(self.next + i) for i in range(length))
        self.next += length
        return text + then


def question(qid, texts, best, situation=None, prompt="你怎么做？"):
    options = [SimpleNamespace(text=t, rating="best" if i == best else "poor", feedback="后果。")
               for i, t in enumerate(texts)]
    return SimpleNamespace(id=qid, kind="scenario", situation=situation or f"情境 {qid}。", prompt=prompt,
                           options=options)


def quiz(qid, questions):
    return SimpleNamespace(id=qid, questions=questions)


def rotating(words, n, prefix="q", lengths=(10, 12, 14, 16)):
    """`n` questions whose best option moves through every position, and so through every length rank."""
    return [question(f"{prefix}{i}", [words(length) for length in lengths], best=i % len(lengths))
            for i in range(n)]


def messages(quizzes, docs=None):
    return [(q, path, message) for q, path, message, _ in item_warnings(quizzes, docs or {})]


# ---------------------------------------------------------------------------
# A clean bank
# ---------------------------------------------------------------------------


def test_a_clean_bank_gives_no_warning():
    words = Words()
    bank = {"alpha": quiz("alpha", rotating(words, 8, "a")), "beta": quiz("beta", rotating(words, 8, "b"))}
    docs = {"competencies/x.md": "# 标题\n\n" + words(40) + "。\n"}
    assert item_warnings(bank, docs) == []


def test_branching_stories_are_skipped():
    words = Words()
    story = SimpleNamespace(id="story", kind="branching")  # nothing else may be read
    bank = {"alpha": quiz("alpha", [story, *rotating(words, 8)])}
    assert item_warnings(bank, {}) == []


# ---------------------------------------------------------------------------
# Length
# ---------------------------------------------------------------------------


def _lengths(best: int, of_best: int, others=(10, 12, 14)) -> list[int]:
    """Four option lengths: `of_best` at position `best`, `others` in order around it."""
    rest = list(others)
    return [of_best if p == best else rest.pop(0) for p in range(4)]


def test_best_longest_in_a_quiz():
    words = Words()
    questions = [question(f"q{i}", [words(n) for n in _lengths(i % 4, 20)], best=i % 4) for i in range(6)]
    found = item_warnings({"alpha": quiz("alpha", questions)}, {})
    assert found == [(
        "alpha", ("questions",),
        "best option is the longest in 6 of 6 questions (chance ≈ 25 %)",
        "a reader who picks the longest option scores 6 of 6 here; make some best options shorter or "
        "some distractors longer, so the best is the longest in about 2 of 6",
    )]


def test_width_counts_latin_as_half():
    words = Words()
    # the best: 12 Chinese characters, 8 Latin letters and spaces: width 16, not 20; the longest is 18
    questions = [question(f"q{i}", [words(n) if p != i % 4 else words(6, f" brief{i} ") + words(6)
                                    for p, n in enumerate(_lengths(i % 4, 0, (14, 18, 10)))], best=i % 4)
                 for i in range(6)]
    assert messages({"alpha": quiz("alpha", questions)}) == []


def test_best_shortest_in_a_quiz_counts_only_a_unique_shortest():
    words = Words()
    questions = [question(f"q{i}", [words(8) if p == i % 4 else words(15) for p in range(4)], best=i % 4)
                 for i in range(6)]
    assert messages({"alpha": quiz("alpha", questions)}) == [
        ("alpha", ("questions",), "best option is the shortest in 6 of 6 questions (chance ≈ 25 %)"),
    ]
    # two options equally short: no option is the shortest, and chance is 0 for that question
    for q in questions:
        q.options[(q.options.index(next(o for o in q.options if o.rating == "best")) + 1) % 4].text = words(8)
    assert messages({"alpha": quiz("alpha", questions)}) == []


def test_four_questions_are_too_few_to_judge_a_quiz():
    words = Words()
    questions = [question(f"q{i}", [words(8) if p == i % 4 else words(15) for p in range(4)], best=i % 4)
                 for i in range(4)]
    assert messages({"alpha": quiz("alpha", questions)}) == []


def test_best_rarely_longest_across_the_bank():
    # the best is always second-longest: never the longest, never the shortest, in 20 questions
    words = Words()
    bank = {name: quiz(name, [question(f"{name}{i}", [words(n) for n in _lengths(i % 4, 16, (10, 18, 12))],
                                       best=i % 4) for i in range(10)])
            for name in ("alpha", "beta")}
    assert messages(bank) == [
        ("alpha", ("questions",),
         "across the bank, the best option is the longest in only 0 of 20 questions (chance ≈ 25 %, about 5)"),
        ("alpha", ("questions",),
         "across the bank, the best option is the shortest in only 0 of 20 questions (chance ≈ 25 %, about 5)"),
    ]


# ---------------------------------------------------------------------------
# Positions and option counts
# ---------------------------------------------------------------------------


def test_best_always_in_one_position():
    words = Words()
    lengths = [(10, 12, 14, 16), (16, 10, 12, 14), (14, 16, 10, 12), (12, 14, 16, 10)]
    questions = [question(f"q{i}", [words(n) for n in lengths[i % 4]], best=1) for i in range(6)]
    found = item_warnings({"alpha": quiz("alpha", questions)}, {})
    assert found == [(
        "alpha", ("questions",),
        "best option is option 2 in 6 of 6 questions (chance ≈ 25 %)",
        "best positions, option 1 to 4: 0, 6, 0, 0; move some best options so each position holds "
        "the best about equally often",
    )]


def test_a_question_with_another_number_of_options():
    words = Words()
    questions = rotating(words, 3)
    questions.append(question("three", [words(10), words(12), words(14)], best=2))
    found = item_warnings({"alpha": quiz("alpha", questions)}, {})
    assert found == [(
        "alpha", ("questions", 3, "options"),
        "3 options, where 3 of 4 questions in the bank have 4",
        "give it 4 options: a question with a different number stands out, and where its best sits "
        "(the last) tells a reader something",
    )]


# ---------------------------------------------------------------------------
# Words in one class of options only
# ---------------------------------------------------------------------------


def _with_word(words, n, word, where, prefix="q"):
    """`rotating` questions, `word` added to the best option (where="best") or to one wrong one,
    and as much new text to the others, so the order of lengths stays as it was."""
    questions = rotating(words, n, prefix)
    for i, q in enumerate(questions):
        best = i % 4
        target = best if where == "best" else (best + 1) % 4
        for o, option in enumerate(q.options):
            option.text = (word if o == target else words(round(_width(word)))) + option.text
    return questions


def test_a_word_only_wrong_options_use():
    words = Words()
    bank = {"alpha": quiz("alpha", _with_word(words, 11, "直接", "wrong"))}
    found = item_warnings(bank, {})
    assert found == [(
        "alpha", ("questions", 0, "options", 1, "text"),
        "'直接' appears only in wrong options: 11 times in 11 questions, never in a best one (chance ≈ 4.2 %)",
        "a reader can rule these options out without reading the situation; let a best option use it where "
        "it fits, or word each wrong option as its own best argument (also in alpha/q1, alpha/q2, alpha/q3 "
        "and 7 more)",
    )]


def test_ten_wrong_uses_can_be_chance():
    words = Words()  # (3/4)^10 ≈ 5.6 %: not reported
    assert messages({"alpha": quiz("alpha", _with_word(words, 10, "直接", "wrong"))}) == []


def test_a_word_only_best_options_use():
    words = Words()
    found = messages({"alpha": quiz("alpha", _with_word(words, 4, "问清", "best"))})
    assert found == [
        ("alpha", ("questions", 0, "options", 0, "text"),
         "'问清' appears only in best options: 4 times in 4 questions, never in a wrong one (chance ≈ 0.4 %)"),
    ]


def test_a_phrase_is_reported_whole_and_once():
    words = Words()
    found = messages({"alpha": quiz("alpha", _with_word(words, 5, "先问清楚目的", "best"))})
    assert found == [
        ("alpha", ("questions", 0, "options", 0, "text"),
         "'先问清楚目的' appears only in best options: 5 times in 5 questions, never in a wrong one "
         "(chance < 0.1 %)"),
    ]


def test_latin_words_are_units_and_keep_their_case():
    words = Words()
    found = messages({"alpha": quiz("alpha", _with_word(words, 4, "和 CD 商量，", "best"))})
    assert found == [
        ("alpha", ("questions", 0, "options", 0, "text"),
         "'和 CD 商量' appears only in best options: 4 times in 4 questions, never in a wrong one "
         "(chance ≈ 0.4 %)"),
    ]


def test_three_questions_are_too_few_for_a_word():
    words = Words()
    assert messages({"alpha": quiz("alpha", _with_word(words, 3, "问清", "best"))}) == []


def test_a_word_in_both_classes_is_fine():
    words = Words()
    questions = _with_word(words, 12, "直接", "wrong")
    questions[5].options[5 % 4].text = "直接" + questions[5].options[5 % 4].text  # once in a best option
    assert messages({"alpha": quiz("alpha", questions)}) == []


# ---------------------------------------------------------------------------
# Echo of the handbook
# ---------------------------------------------------------------------------

PAGE = "会议的目的决定了请谁来、带什么材料和议题的先后顺序，所以先把目的想清楚。"


def test_a_best_option_that_echoes_the_handbook():
    words = Words()
    questions = rotating(words, 3)
    questions[1].options[1].text = "把目的决定了请谁来讲给客户听"
    found = item_warnings({"alpha": quiz("alpha", questions)}, {"competencies/meetings.md": f"# 开会\n\n{PAGE}\n"})
    assert found == [(
        "alpha", ("questions", 1, "options", 1, "text"),
        "best option repeats the handbook's wording: 57 % of it is in phrases found word for word in "
        "competencies/meetings.md ('目的决定了请谁来'), its distractors at most 0 %",
        "a reader who remembers the page spots the best without judging the situation; say it in this "
        "situation's own words, or let a tempting distractor borrow the page's phrase too",
    )]


def test_an_echo_in_a_distractor_too_is_no_clue():
    words = Words()
    questions = rotating(words, 3)
    questions[1].options[1].text = "把目的决定了请谁来讲给客户听"
    questions[1].options[2].text = "带什么材料和议题的先后顺序都听客户的"
    assert messages({"alpha": quiz("alpha", questions)}, {"competencies/meetings.md": PAGE}) == []


def test_seven_shared_characters_are_not_an_echo():
    words = Words()
    questions = rotating(words, 3)
    questions[1].options[1].text = "目的决定了请谁" + words(3)
    assert messages({"alpha": quiz("alpha", questions)}, {"competencies/meetings.md": PAGE}) == []


# ---------------------------------------------------------------------------
# Near-duplicates and contrast pairs
# ---------------------------------------------------------------------------

SITUATION_A = "提案前一晚，客户的品牌经理来电说老板想加一个方向；明早的会老板本人会到。"
SITUATION_B = "提案前一晚，客户的品牌经理来电说老板想加一个方向；明早的会老板不来，只有品牌经理。"
OPTIONS = ["今晚准备一段简短的回应，明早当面回答老板的顾虑。", "今晚和品牌经理谈定她明早带给老板的话。",
           "连夜把新方向做出来，明早一起提。", "照原计划提案，新方向会后再说。"]


def test_a_near_duplicate_question():
    found = item_warnings({
        "alpha": quiz("alpha", [question("boss-comes", OPTIONS, best=0, situation=SITUATION_A)]),
        "beta": quiz("beta", [question("boss-comes-too", OPTIONS[::-1], best=3, situation=SITUATION_A + "他很着急。")]),
    }, {})
    assert found == [(
        "beta", ("questions", 0),
        "near-duplicate of alpha/boss-comes: situation 91 % alike and best options 100 % alike",
        "a learner answers the second from memory of the first; cut one, or change one stated detail so "
        "that a different option is best (a contrast pair)",
    )]


def test_a_contrast_pair_is_not_a_duplicate():
    bank = {
        "alpha": quiz("alpha", [question("boss-comes", OPTIONS, best=0, situation=SITUATION_A)]),
        "beta": quiz("beta", [question("boss-stays-away", OPTIONS, best=1, situation=SITUATION_B)]),
    }
    assert messages(bank) == []


def test_same_options_and_best_under_a_new_situation():
    words = Words()
    found = messages({
        "alpha": quiz("alpha", [question("one", OPTIONS, best=0, situation=words(30))]),
        "beta": quiz("beta", [question("two", OPTIONS, best=0, situation=words(30))]),
    })
    assert found == [
        ("beta", ("questions", 0),
         "near-duplicate of alpha/one: options 100 % alike and best options 100 % alike"),
    ]


def test_warnings_are_sorted_and_repeatable():
    words = Words()
    bank = {"beta": quiz("beta", _with_word(words, 4, "问清", "best", "b")),
            "alpha": quiz("alpha", _with_word(words, 4, "讲明", "best", "a"))}
    first = item_warnings(bank, {})
    assert first == sorted(first)
    assert [w[0] for w in first] == ["alpha", "beta"]
    assert item_warnings(dict(reversed(bank.items())), {}) == first


# ---------------------------------------------------------------------------
# `python -m quizkit check` prints warnings; only --strict fails on them
# ---------------------------------------------------------------------------


def run(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "XDG_CACHE_HOME": str(cwd / "xdg")}
    return subprocess.run([sys.executable, "-m", "quizkit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The valid fixture quiz (a 3-option question) beside one whose questions have 4 options."""
    shutil.copytree(FIXTURES / "docs", tmp_path / "docs")
    (tmp_path / "quizzes").mkdir()
    shutil.copy(FIXTURES / "valid" / "meetings.yml", tmp_path / "quizzes" / "meetings.yml")
    shutil.copy(FIXTURES / "itemcheck" / "briefs.yml", tmp_path / "quizzes" / "briefs.yml")
    (tmp_path / "docs" / "practice").mkdir()
    for name in ("meetings", "briefs"):
        (tmp_path / "docs" / "practice" / f"{name}.md").write_text(f"# 练习\n\n::: quiz {name}\n", encoding="utf-8")
    return tmp_path


WARNING = [
    "quizzes/meetings.yml:14:7: warning: 3 options, where 2 of 3 questions in the bank have 4",
    "    hint: give it 4 options: a question with a different number stands out, and where its best sits "
    "(option 1) tells a reader something",
]


def test_check_prints_warnings_and_passes(project):
    result = run("check", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("quiz data OK: 2 quizzes, 4 questions, 2 embeds (")
    assert lines[1:] == WARNING + [
        "1 item-writing warning: not errors; `python -m quizkit check --strict` fails on them "
        "(see CONTRIBUTING.md)"]


def test_check_strict_fails_on_warnings(project):
    result = run("check", "--strict", cwd=project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == WARNING + ["Aborted: 1 item-writing warning (--strict)."]


def test_check_strict_passes_without_warnings(project):
    (project / "quizzes" / "briefs.yml").unlink()
    (project / "docs" / "practice" / "briefs.md").unlink()
    result = run("check", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("quiz data OK: 1 quizzes, 2 questions, 1 embeds (")
    assert "warning" not in result.stdout


def test_errors_come_without_warnings(project):
    text = (project / "quizzes" / "briefs.yml").read_text(encoding="utf-8")
    (project / "quizzes" / "briefs.yml").write_text(text.replace("rating: acceptable", "rating: bad", 1),
                                                    encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "warning" not in result.stderr
    assert result.stderr.splitlines()[-1] == "Aborted: 1 error in quiz data."


# ---------------------------------------------------------------------------
# CONTRIBUTING.md shows every kind of warning, in the words itemcheck uses
# ---------------------------------------------------------------------------


def _shape(message: str) -> str:
    """A message with its particulars (quoted words, paths, numbers) left out."""
    message = re.sub(r"'[^']*'", "'…'", message)
    message = re.sub(r"[\w-]+(?:/[\w.-]+)+", "PATH", message)
    return re.sub(r"\d+", "N", message)


def _printed_shapes() -> set[str]:
    words = Words()
    banks = [
        ({"alpha": quiz("alpha", [question(f"q{i}", [words(n) for n in _lengths(i % 4, 20)], best=i % 4)
                                  for i in range(6)])}, {}),
        ({"alpha": quiz("alpha", [question(f"q{i}", [words(n) for n in _lengths(i % 4, 8, (15, 16, 17))],
                                           best=i % 4) for i in range(6)])}, {}),
        ({name: quiz(name, [question(f"{name}{i}", [words(n) for n in _lengths(i % 4, 16, (10, 18, 12))],
                                     best=i % 4) for i in range(10)]) for name in ("alpha", "beta")}, {}),
        ({"alpha": quiz("alpha", [question(f"q{i}", [words(n) for n in (10, 12, 14, 16)], best=1)
                                  for i in range(6)])}, {}),
        ({"alpha": quiz("alpha", rotating(words, 3) + [question("three", [words(9), words(11), words(13)], 2)])}, {}),
        ({"alpha": quiz("alpha", _with_word(words, 11, "直接", "wrong"))}, {}),
        ({"alpha": quiz("alpha", _with_word(words, 25, "直接", "wrong"))}, {}),
        ({"alpha": quiz("alpha", _with_word(words, 4, "问清", "best"))}, {}),
        ({"alpha": quiz("alpha", _with_word(words, 5, "问清", "best"))}, {}),
        ({"alpha": quiz("alpha", [question("q", ["把目的决定了请谁来讲给客户听", words(10), words(12), words(14)], 0)])},
         {"competencies/meetings.md": PAGE}),
        ({"alpha": quiz("alpha", [question("one", OPTIONS, best=0, situation=SITUATION_A)]),
          "beta": quiz("beta", [question("two", OPTIONS, best=0, situation=SITUATION_A + "他很着急。")])}, {}),
        ({"alpha": quiz("alpha", [question("one", OPTIONS, best=0, situation=words(30))]),
          "beta": quiz("beta", [question("two", OPTIONS, best=0, situation=words(30))])}, {}),
    ]
    return {_shape(m) for bank, docs in banks for _, _, m in messages(bank, docs)}


def test_contributing_shows_each_warning_as_printed():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## 出题的提醒（警告）", 1)[1].split("\n## ", 1)[0]
    quoted = re.findall(r"`((?:best option|across the bank|near-duplicate|'|\d+ options)[^`]*)`", section)
    quoted += [line.split(": warning: ", 1)[1] for line in section.splitlines() if ": warning: " in line]
    printed = _printed_shapes()
    assert len(printed) >= 10
    assert {_shape(q) for q in quoted} <= printed, "CONTRIBUTING.md quotes a warning itemcheck does not print"
    for kind in ("the longest in", "across the bank", "best option is option", "options, where",
                 "only in wrong options", "only in best options", "repeats the handbook", "near-duplicate"):
        assert any(kind in q for q in quoted), f"CONTRIBUTING.md has no example of '{kind}'"
