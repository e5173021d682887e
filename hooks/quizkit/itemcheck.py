"""Item-writing risks in scenario questions: patterns that let a reader find the best option
without judging the situation. Warnings for editors, never errors (`check --strict` fails on them).

What is checked, and when a pattern counts as a risk. "Chance" is what happens if the best
option were any one of a question's options at random; a pattern is reported when chance
would produce it (or something more extreme) less than `ALPHA` = 5 % of the time.

- Length: the best option is the longest (or the shortest) in a quiz far more often than
  chance, or across the whole bank far more or far less often (a reader who always picks,
  or always rules out, the longest option wins too). Length is the width on screen: a
  Chinese character or full-width mark counts 1, a Latin letter, digit or half-width mark ½.
  An option counts as the longest only when no other option is as long.
- Positions: one position holds the best option far more often than chance, in a quiz or
  across the bank (the chance of that at any of the positions, added up).
- Per-quiz tests need `MIN_QUESTIONS` = 5 scenario questions: below that even chance looks
  like a pattern and nothing is learnt. Bank-wide tests run when there are two quizzes or
  more, and are reported on the first quiz file.
- Option counts: a question whose number of options differs from the bank's most common one.
- Words: a word or phrase (2 to 4 Chinese characters or Latin words in a row, or one Latin
  word) that occurs in at least `MIN_TERM_QUESTIONS` = 4 questions and only ever in wrong
  options, or only ever in best ones, when chance would keep it to one class under 5 % of
  the time. A word in wrong options only needs about 11 uses before that is unlikely (each
  use falls in a wrong option 3 times in 4 by chance); a word in best options only, 4.
  Hundreds of words are tested: relabelling the best options of a bank of about 100
  questions at random, about one word is reported by chance. Pieces used in exactly the same
  options are one finding: overlapping ones are joined back into the phrase they come from,
  and a piece inside another is left out; so is a piece starting with 的 (the tail of a word).
- Echo: the best option repeats the handbook's wording much more than any of its distractors:
  the share of its characters that lie in a run of `ECHO_RUN` = 8 or more characters found
  word for word in a handbook page is at least `ECHO_MARGIN` = 25 percentage points above
  every distractor's. Shorter shared runs are mostly everyday phrases ("和创意负责人",
  "解决什么问题"); eight characters in a row rarely match by accident.
- Near-duplicates: two questions whose situations (with the prompt) or whose options share at
  least `DUPLICATE` = 50 % of their two-character pieces (Jaccard), and whose best options are
  at least that alike too. Unrelated questions in our bank share under 20 %. Alike situations
  with different best options are a contrast pair, which is wanted, and not reported. Each
  question is reported once, on the later of the two, naming the earlier.

`item_warnings` reads only a quiz's `id` and `questions`, and of a question `kind`, `id`,
`situation`, `prompt` and `options` (`text`, `rating`); branching stories are skipped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict

ALPHA = 0.05
MIN_QUESTIONS = 5
MIN_TERM_QUESTIONS = 4
TERM_UNITS = (2, 4)
ECHO_RUN = 8
ECHO_MARGIN = 0.25
DUPLICATE = 0.5

# A unit of text is one Chinese character, or one Latin word or number. A phrase is a run of
# units with at most a space between them; any other mark ends it.
_LATIN = re.compile(r"[A-Za-z0-9]+")
_UNIT = r"(?:[A-Za-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
_PHRASE = re.compile(rf"{_UNIT}(?: ?{_UNIT})*")
# Latin words become private-use characters (planes 15 and 16), so that a phrase is a string
# of one character per unit and its pieces are plain slices.
_CODES = [(0xF0000, 0xFFFFE), (0x100000, 0x10FFFE)]

Finding = tuple  # (quiz_id, data_path, message, hint)


def item_warnings(quizzes, docs_text) -> list[Finding]:
    """(quiz id, path into the quiz file's data, message, hint) for every item-writing risk.

    `quizzes`: id → quiz; `docs_text`: docs-relative page path → Markdown (the echo check)."""
    bank = _Bank(quizzes)
    if not bank.items:
        return []
    found = []
    found += _lengths(bank)
    found += _positions(bank)
    found += _option_counts(bank)
    found += _terms(bank)
    found += _echoes(bank, docs_text)
    found += _duplicates(bank)
    return sorted(set(found))


# ---------------------------------------------------------------------------
# The bank: scenario questions in a fixed order
# ---------------------------------------------------------------------------


class _Item:
    """One scenario question and what the checks need of it."""

    def __init__(self, quiz_id: str, index: int, question):
        self.quiz_id = quiz_id
        self.index = index  # in quiz.questions, so paths point into the file
        self.id = question.id
        self.ref = f"{quiz_id}/{question.id}"
        self.question = question
        self.texts = [o.text for o in question.options]
        self.best = next(i for i, o in enumerate(question.options) if o.rating == "best")
        self.k = len(self.texts)
        self.widths = [_width(t) for t in self.texts]

    def path(self, *rest) -> tuple:
        return ("questions", self.index, *rest)


class _Bank:
    def __init__(self, quizzes):
        self.units = _Units()
        self.items: list[_Item] = []
        self.by_quiz: dict[str, list[_Item]] = {}
        for quiz_id in sorted(quizzes):
            mine = []
            for index, question in enumerate(quizzes[quiz_id].questions):
                if question.kind == "scenario" and any(o.rating == "best" for o in question.options):
                    mine.append(_Item(quiz_id, index, question))
            if mine:
                self.by_quiz[quiz_id] = mine
                self.items += mine


# ---------------------------------------------------------------------------
# Length and position of the best option
# ---------------------------------------------------------------------------


def _lengths(bank: _Bank) -> list[Finding]:
    out = []
    for which in ("longest", "shortest"):
        cut, pad = ("shorter", "longer") if which == "longest" else ("longer", "shorter")
        for quiz_id, items in bank.by_quiz.items():
            if len(items) < MIN_QUESTIONS:
                continue
            n, x, ps = len(items), *_extremes(items, which)
            if x and _tail_at_least(ps, x) < ALPHA:
                out.append((quiz_id, ("questions",),
                            f"best option is the {which} in {x} of {n} questions (chance ≈ {_pct(sum(ps) / n)})",
                            f"a reader who picks the {which} option scores {x} of {n} here; make some best "
                            f"options {cut} or some distractors {pad}, so the best is the {which} "
                            f"in about {_about(sum(ps))} of {n}"))
        if len(bank.by_quiz) < 2 or len(bank.items) < MIN_QUESTIONS:
            continue  # one quiz: the test above already covers it
        n, x, ps = len(bank.items), *_extremes(bank.items, which)
        expected = f"(chance ≈ {_pct(sum(ps) / n)}, about {_about(sum(ps))})"
        if _tail_at_least(ps, x) < ALPHA:
            out.append((bank.items[0].quiz_id, ("questions",),
                        f"across the bank, the best option is the {which} in {x} of {n} questions {expected}",
                        f"a reader who picks the {which} option wins far more often than by chance; "
                        f"make some best options {cut} or some distractors {pad}"))
        elif _tail_at_most(ps, x) < ALPHA:
            out.append((bank.items[0].quiz_id, ("questions",),
                        f"across the bank, the best option is the {which} in only {x} of {n} questions {expected}",
                        f"a reader who rules out the {which} option wins more often than by chance; "
                        f"let the best be the {which} in about {_about(sum(ps))} questions"))
    return out


def _extremes(items: list[_Item], which: str) -> tuple[int, list[float]]:
    """In how many questions the best option is the longest (or shortest) of all, and the chance
    of that in each: 1/k when exactly one option is the longest, else 0."""
    x, ps = 0, []
    for item in items:
        extreme = (max if which == "longest" else min)(item.widths)
        alone = item.widths.count(extreme) == 1
        ps.append(1 / item.k if alone else 0.0)
        x += alone and item.widths[item.best] == extreme
    return x, ps


def _positions(bank: _Bank) -> list[Finding]:
    out = []
    groups = [(q, items, "best option is option") for q, items in bank.by_quiz.items()
              if len(items) >= MIN_QUESTIONS]
    if len(bank.by_quiz) >= 2 and len(bank.items) >= MIN_QUESTIONS:
        groups.append((bank.items[0].quiz_id, bank.items, "across the bank, the best option is option"))
    for quiz_id, items, what in groups:
        n, widest = len(items), max(i.k for i in items)
        counts = Counter(i.best for i in items)
        top = max(counts.values())
        spot = min(p for p, c in counts.items() if c == top)
        chances = [[1 / i.k if p < i.k else 0.0 for i in items] for p in range(widest)]
        # P(some position holds the best at least `top` times), bounded by the sum over positions
        p_value = sum(_tail_at_least(ps, top) for ps in chances)
        if p_value < ALPHA:
            spread = ", ".join(str(counts.get(p, 0)) for p in range(widest))
            expected = sum(chances[spot])
            out.append((quiz_id, ("questions",),
                        f"{what} {spot + 1} in {top} of {n} questions (chance ≈ {_pct(expected / n)})",
                        f"best positions, option 1 to {widest}: {spread}; move some best options so each "
                        f"position holds the best about equally often"))
    return out


def _option_counts(bank: _Bank) -> list[Finding]:
    counts = Counter(i.k for i in bank.items)
    if len(counts) < 2:
        return []
    usual = max(counts, key=lambda k: (counts[k], k))
    n = len(bank.items)
    out = []
    for item in bank.items:
        if item.k != usual:
            where = "the last" if item.best == item.k - 1 else f"option {item.best + 1}"
            out.append((item.quiz_id, item.path("options"),
                        f"{item.k} options, where {counts[usual]} of {n} questions in the bank have {usual}",
                        f"give it {usual} options: a question with a different number stands out, "
                        f"and where its best sits ({where}) tells a reader something"))
    return out


def _tail_at_least(ps: list[float], x: int) -> float:
    """P(at least `x` successes) in independent trials with success probabilities `ps`."""
    return sum(_distribution(ps)[x:])


def _tail_at_most(ps: list[float], x: int) -> float:
    return sum(_distribution(ps)[: x + 1])


def _distribution(ps: list[float]) -> list[float]:
    """P(0), P(1), … successes: binomials for equal probabilities, convolved (few distinct ones)."""
    total = [1.0]
    for p, m in sorted(Counter(ps).items()):
        if p == 0:
            continue
        if p == 1:
            part = [0.0] * m + [1.0]
        else:
            logs = [math.lgamma(m + 1) - math.lgamma(j + 1) - math.lgamma(m - j + 1)
                    + j * math.log(p) + (m - j) * math.log1p(-p) for j in range(m + 1)]
            part = [math.exp(v) for v in logs]
        total = _convolve(total, part)
    return total


def _convolve(a: list[float], b: list[float]) -> list[float]:
    if len(a) == 1:
        return [a[0] * v for v in b]
    out = [0.0] * (len(a) + len(b) - 1)
    for i, u in enumerate(a):
        if u:
            for j, v in enumerate(b):
                out[i + j] += u * v
    return out


# ---------------------------------------------------------------------------
# Words that only wrong options, or only best options, use
# ---------------------------------------------------------------------------


def _terms(bank: _Bank) -> list[Finding]:
    # Questions whose best option uses a term, and questions where a wrong option does
    pieces = [[bank.units.pieces(text, *TERM_UNITS) for text in item.texts] for item in bank.items]
    in_best, in_wrong = Counter(), Counter()
    for item, sets in zip(bank.items, pieces):
        in_best.update(sets[item.best])
        in_wrong.update(set().union(*(p for o, p in enumerate(sets) if o != item.best)))
    candidates = {t for t, c in in_best.items() if c >= MIN_TERM_QUESTIONS and t not in in_wrong}
    candidates |= {t for t, c in in_wrong.items() if c >= MIN_TERM_QUESTIONS and t not in in_best}
    candidates = {t for t in candidates if not t.startswith("的")}
    # term → [(item number, indexes of the options using it)], for the terms in one class only
    where: dict[str, list[tuple]] = defaultdict(list)
    for n, sets in enumerate(pieces):
        here = defaultdict(list)
        for o, found in enumerate(sets):
            for term in found & candidates:
                here[term].append(o)
        for term, options in here.items():
            where[term].append((n, tuple(options)))
    flagged = {}
    for term, uses in where.items():
        only_best = term in in_best
        # chance that every use lands in a best option (one per question), or in none
        p = 1.0
        for n, options in uses:
            k = bank.items[n].k
            p *= 1 / k if only_best else (k - len(options)) / k
        if p < ALPHA:
            flagged[term] = (only_best, p, uses)
    # Terms used in exactly the same options are one finding: overlapping pieces of a longer
    # phrase are joined back into it, and a term inside another is left out.
    alike: dict[tuple, list[str]] = defaultdict(list)
    for term, (_, _, uses) in flagged.items():
        alike[tuple(uses)].append(term)
    out = []
    for terms in alike.values():
        only_best, p, uses = flagged[terms[0]]
        first_n, first_options = uses[0]
        item = bank.items[first_n]
        first_text = "\n".join(bank.units.phrases(item.texts[first_options[0]]))
        times = sum(len(options) for _, options in uses)
        others = [bank.items[n].ref for n, _ in uses[1:]]
        also = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        for term in _joined(terms, first_text):
            shown = bank.units.show(term)
            if only_best:
                message = (f"'{shown}' appears only in best options: {times} times in {len(uses)} questions, "
                           f"never in a wrong one ({_chance(p)})")
                hint = ("a reader can pick the option with this word without reading the situation; let a "
                        f"tempting wrong option use it too, or vary the best options' wording (also in {also})")
            else:
                message = (f"'{shown}' appears only in wrong options: {times} times in {len(uses)} questions, "
                           f"never in a best one ({_chance(p)})")
                hint = ("a reader can rule these options out without reading the situation; let a best option "
                        f"use it where it fits, or word each wrong option as its own best argument (also in {also})")
            out.append((item.quiz_id, item.path("options", first_options[0], "text"), message, hint))
    return out


def _joined(terms: list[str], text: str) -> list[str]:
    """`terms` (found in the same options), overlapping ones joined where `text` has them
    joined, without any that another contains."""
    terms = set(terms)
    merged = True
    while merged:
        merged = False
        for a in sorted(terms):
            for b in sorted(terms):
                if a != b and len(b) > 1 and a.endswith(b[:-1]) and a + b[-1] in text:
                    terms -= {a, b}
                    terms.add(a + b[-1])
                    merged = True
                    break
            if merged:
                break
    return sorted(t for t in terms if not any(t != u and t in u for u in terms))


# ---------------------------------------------------------------------------
# A best option that repeats the handbook's sentences
# ---------------------------------------------------------------------------


def _echoes(bank: _Bank, docs_text) -> list[Finding]:
    pages: dict[str, str] = {}  # ECHO_RUN units → the first page (in path order) that has them
    for page in sorted(docs_text):
        for piece in bank.units.pieces(docs_text[page], ECHO_RUN, ECHO_RUN):
            pages.setdefault(piece, page)
    if not pages:
        return []
    out = []
    for item in bank.items:
        echoes = [_echo(bank.units, text, pages) for text in item.texts]
        share, runs, page = echoes[item.best]
        rest = max(e[0] for i, e in enumerate(echoes) if i != item.best)
        if share - rest >= ECHO_MARGIN:
            quoted = "', '".join(runs)
            out.append((item.quiz_id, item.path("options", item.best, "text"),
                        f"best option repeats the handbook's wording: {_pct(share)} of it is in phrases "
                        f"found word for word in {page} ('{quoted}'), its distractors at most {_pct(rest)}",
                        "a reader who remembers the page spots the best without judging the situation; say it "
                        "in this situation's own words, or let a tempting distractor borrow the page's phrase too"))
    return out


def _echo(units: _Units, text: str, pages: dict[str, str]) -> tuple[float, list[str], str]:
    """Share of `text`'s units in runs found in the handbook, those runs, and the first one's page."""
    total, covered, runs, page = 0, 0, [], ""
    for phrase in units.phrases(text):
        total += len(phrase)
        marked = [False] * len(phrase)
        for i in range(len(phrase) - ECHO_RUN + 1):
            piece = phrase[i:i + ECHO_RUN]
            if piece in pages:
                page = page or pages[piece]
                marked[i:i + ECHO_RUN] = [True] * ECHO_RUN
        start = None
        for i, m in enumerate(marked + [False]):
            if m and start is None:
                start = i
            elif not m and start is not None:
                runs.append(units.show(phrase[start:i]))
                start = None
        covered += sum(marked)
    return (covered / total if total else 0.0), runs, page


# ---------------------------------------------------------------------------
# Near-duplicate questions
# ---------------------------------------------------------------------------


def _duplicates(bank: _Bank) -> list[Finding]:
    items = bank.items
    def bigrams(text):
        return bank.units.pieces(text, 2, 2)

    situations = [bigrams(i.question.situation + "\n" + i.question.prompt) for i in items]
    options = [bigrams("\n".join(i.texts)) for i in items]
    bests = [bigrams(i.texts[i.best]) for i in items]
    def same_best(n, m):  # alike, but a different best option: a contrast pair, not a duplicate
        return _jaccard(bests[n], bests[m]) >= DUPLICATE

    out = []
    for later, earlier, what, alike in _similar_pairs([situations, options], DUPLICATE, same_best):
        a, b = items[later], items[earlier]
        part = "situation" if what == 0 else "options"
        out.append((a.quiz_id, a.path(),
                    f"near-duplicate of {b.ref}: {part} {_pct(alike)} alike and best options "
                    f"{_pct(_jaccard(bests[later], bests[earlier]))} alike",
                    "a learner answers the second from memory of the first; cut one, or change one stated "
                    "detail so that a different option is best (a contrast pair)"))
    return out


def _similar_pairs(families: list[list[set]], threshold: float, accept) -> list[tuple]:
    """(later, earlier, family, Jaccard): for each item, one earlier item at least `threshold`
    alike in some family of sets, for which `accept(later, earlier)` holds. Prefix filtering finds the candidates without comparing
    every pair: two sets that alike share one of the first |s| - ceil(t·|s|) + 1 pieces of
    each, pieces taken rarest first."""
    found = {}
    for family, sets in enumerate(families):
        frequency = Counter()
        for s in sets:
            frequency.update(s)
        rank = {piece: r for r, piece in enumerate(sorted(frequency, key=lambda p: (frequency[p], p)))}
        index: dict[str, list[int]] = defaultdict(list)
        for n, s in enumerate(sets):
            ordered = sorted(s, key=rank.__getitem__)
            prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
            if n not in found:
                match = _first_alike(n, s, prefix, index, sets, threshold, accept)
                if match:
                    found[n] = (match[0], family, match[1])
            for piece in prefix:
                index[piece].append(n)
    return [(n, m, family, alike) for n, (m, family, alike) in sorted(found.items())]


def _first_alike(n: int, s: set, prefix: list, index: dict, sets: list[set], threshold: float, accept):
    seen = set()
    for piece in prefix:
        for m in index.get(piece, ()):
            if m not in seen:
                seen.add(m)
                alike = _jaccard(s, sets[m])
                if alike >= threshold and accept(n, m):
                    return m, alike
    return None


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class _Units:
    """Text as phrases of units, one character a unit: a Chinese character stays itself, a
    Latin word or number (in lower case) becomes a private-use character; `show` undoes it."""

    def __init__(self):
        self.codes: dict[str, str] = {}
        self.words: dict[str, str] = {}

    def phrases(self, text: str) -> list[str]:
        return [_LATIN.sub(self._code, phrase).replace(" ", "") for phrase in _PHRASE.findall(text)]

    def _code(self, match) -> str:
        word = match.group().lower()
        code = self.codes.get(word)
        if code is None:
            n = len(self.codes)
            for start, end in _CODES:
                if n < end - start:
                    break
                n -= end - start
            else:  # more distinct Latin words than codes: the rest share the last one
                n = end - start - 1
            code = self.codes[word] = chr(start + n)
            self.words.setdefault(code, match.group())
        return code

    def pieces(self, text: str, low: int, high: int) -> set[str]:
        """Every run of `low` to `high` units within a phrase, and every Latin word alone
        (not numbers, not single letters)."""
        out = set()
        for phrase in self.phrases(text):
            for size in range(low, high + 1):  # the slices phrase[i:i + size], looped in C
                out.update(map("".join, zip(*(phrase[j:] for j in range(size)))))
            if low > 1:
                out.update(c for c in phrase if c in self.words and len(self.words[c]) > 1
                           and not self.words[c].isdigit())
        return out

    def show(self, piece: str) -> str:
        """A piece as text: Latin words back, with a space between them and Chinese."""
        return " ".join("".join(f" {self.words[c]} " if c in self.words else c for c in piece).split())


def _width(text: str) -> float:
    """Width on screen: 1 for a Chinese character or full-width mark, ½ for anything else."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text.strip())


def _pct(share: float) -> str:
    return f"{round(100 * share)} %"


def _chance(p: float) -> str:
    """A small probability, as the word lists print it."""
    return "chance < 0.1 %" if p < 0.001 else f"chance ≈ {100 * p:.1f} %"


def _about(expected: float) -> int:
    return max(0, round(expected))
