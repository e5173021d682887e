"""The question bank holds the bar mechanically: counts, feedback, anchors, no giveaways."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from quizkit.load import load_quiz_dir
from quizkit.model import BranchingQuestion, ScenarioQuestion
from quizkit.cli import check
from sitetools import ROOT

COMPETENCIES = [
    "client-business-planning", "team", "judging-creative", "presenting", "meetings",
    "strategic-thinking", "communication", "process", "selling-the-work", "money", "leadership",
]


@pytest.fixture(scope="module")
def bank():
    quizzes, problems = load_quiz_dir(ROOT / "quizzes", root=ROOT)
    assert problems == [], "\n".join(map(str, problems))
    return quizzes


def _scenarios(bank):
    return [q for quiz in bank.values() for q in quiz.questions if isinstance(q, ScenarioQuestion)]


def test_the_bank_passes_the_real_validator(bank, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, text = check(ROOT / "quizzes", ROOT / "docs")
    assert code == 0, text


@pytest.mark.parametrize("slug", COMPETENCIES)
def test_every_competency_has_a_quiz_of_at_least_six_questions(bank, slug):
    quiz = bank[slug]
    assert quiz.competency == f"competencies/{slug}.md"
    assert sum(isinstance(q, ScenarioQuestion) for q in quiz.questions) >= 6


def test_basics_quiz_final_review_and_total(bank):
    assert len(bank["basics-and-attitude"].questions) >= 6
    assert len(bank["final-review"].questions) >= 12
    assert len(_scenarios(bank)) >= 80


def test_final_review_questions_are_its_own(bank):
    elsewhere = {
        q.situation.strip() for quiz_id, quiz in bank.items() if quiz_id != "final-review"
        for q in quiz.questions
    }
    copies = [q.id for q in bank["final-review"].questions if q.situation.strip() in elsewhere]
    assert copies == []


def test_pig_and_chicken_is_a_branching_story_with_three_verdicts(bank):
    stories = [q for q in bank["pig-and-chicken"].questions if isinstance(q, BranchingQuestion)]
    assert stories, "the pig-and-chicken quiz has no branching scenario"
    story = stories[0]
    assert len(story.nodes) >= 3
    assert {e.verdict for e in story.endings.values()} == {"committed", "involved", "dodged"}
    assert len(story.endings) >= 3


def test_every_option_has_feedback_and_every_explanation_a_link(bank):
    for q in _scenarios(bank):
        assert all(o.feedback.strip() for o in q.options), q.id
        assert "#" in q.explanation.link, f"{q.id}: explanation links to a page, not a section"


def test_the_best_option_is_not_systematically_the_longest(bank):
    questions = _scenarios(bank)
    longest = 0
    for q in questions:
        best = next(o for o in q.options if o.rating == "best")
        if len(best.text) >= max(len(o.text) for o in q.options):
            longest += 1
    # Chance alone would make it the longest about 1 in 4 times.
    assert longest / len(questions) <= 0.35, f"best is longest in {longest} of {len(questions)}"


def test_best_option_positions_are_spread(bank):
    questions = _scenarios(bank)
    positions = Counter(
        next(i for i, o in enumerate(q.options) if o.rating == "best") for q in questions
    )
    share = {pos: n / len(questions) for pos, n in positions.items()}
    assert set(range(4)) <= set(positions), positions
    assert max(share.values()) <= 0.4, positions


def test_acceptable_options_exist_where_real_life_has_them(bank):
    questions = _scenarios(bank)
    with_acceptable = sum(any(o.rating == "acceptable" for o in q.options) for q in questions)
    assert with_acceptable / len(questions) >= 0.3


CONTRAST = re.compile(r"^  # contrast: (.+?)(?: — .*)?$")


def _contrast_sets():
    """(quiz/id, [named siblings]) for every `# contrast:` comment right above a question."""
    out = []
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines[:-1]):
            m = CONTRAST.match(line)
            if m:
                qid = re.match(r"^  - id: (\S+)$", lines[n + 1])
                assert qid, f"{path.name}:{n + 1}: a contrast comment sits right above its question's `- id:`"
                siblings = [s.strip() for s in m.group(1).split(",")]
                out.append((f"{path.stem}/{qid.group(1)}", siblings))
    return out


def _shape(q):
    """What a reader sees of a question without its situation: the prompt and the options in order."""
    return q.prompt.strip(), [o.text.strip() for o in q.options]


def test_contrast_sets_share_prompt_and_options_and_differ_in_best(bank):
    """Members of a contrast set look the same without their situations: same prompt, same
    options in the same order; only the situation decides, so each member has its own best."""
    by_key = {f"{quiz_id}/{q.id}": q for quiz_id, quiz in bank.items() for q in quiz.questions}
    sets = _contrast_sets()
    assert len(sets) >= len(_scenarios(bank)) / 3, "at least a third of the questions are in contrast sets"
    for key, siblings in sets:
        members = [key, *siblings]
        missing = [m for m in members if m not in by_key]
        assert missing == [], f"{key}: contrast names unknown questions {missing}"
        named = {s for s_key, sibs in sets if s_key in siblings for s in [s_key, *sibs]}
        assert named == set(members), f"{key}: its siblings name a different set ({sorted(named)})"
        differ = [m for m in members if _shape(by_key[m]) != _shape(by_key[key])]
        assert differ == [], f"{key}: prompt or options differ within {members}"
        bests = [[o.rating for o in by_key[m].options].index("best") for m in members]
        assert len(set(bests)) == len(bests), f"{key}: members share a best option: {dict(zip(members, bests))}"
