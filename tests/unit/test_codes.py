"""Completion codes (hooks/quizkit/codes.py): round trips, the check, refusals, shared vectors.

tests/vectors/codes.json is written by `build_vectors()` below and read by the browser
test too (tests/browser/test_trainer_codes.py), so Python and JS pass the same cases.
Regenerate after a deliberate format change: GAOBIAO_WRITE_VECTORS=1 pytest tests/unit/test_codes.py
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from quizkit import codes
from quizkit.codes import CodeError, decode, encode

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "codes.json"
EDITIONS = ["2026.1"]
FIVE = ["meetings", "team", "presenting", "communication", "strategic-thinking"]


# ---------------------------------------------------------------------------
# Fixtures: results as the result sheet builds them
# ---------------------------------------------------------------------------


def scenario(choice, best, rev=1):
    return {"rev": rev, "kind": "scenario", "choice": choice, "best": best}


def typical_assignment() -> dict:
    """A five-quiz assignment of seven questions each, a few answers not best."""
    quizzes = []
    for n, quiz_id in enumerate(FIVE):
        qs = [scenario((i + n) % 4, (i + n) % 3 != 0, rev=1 + (i == 2)) for i in range(7)]
        quizzes.append({"id": quiz_id, "questions": qs})
    return {
        "edition": "2026.1",
        "at": "2026-12-04T09:41Z",
        "label": "2026 年 12 月新人第一周",
        "learner": "王小明",
        "pass": 80,
        "quizzes": quizzes,
    }


def with_branching() -> dict:
    """One quiz, no assignment: a branching story, a skipped question."""
    return {
        "edition": "2026.1",
        "at": "2026-11-30T23:59Z",
        "label": "",
        "learner": "李 雷",
        "pass": 80,
        "quizzes": [
            {
                "id": "pig-and-chicken",
                "questions": [
                    {"rev": 2, "kind": "branching", "choice": "all-in", "best": True},
                    scenario(0, True),
                    scenario(None, False),
                    {"rev": 1, "kind": "branching", "choice": None, "best": False},
                ],
            }
        ],
    }


def hostile_text() -> dict:
    """Valid code whose text would be dangerous if pasted into HTML or a spreadsheet."""
    return {
        "edition": "2026.1",
        "at": "1970-01-01T00:00Z",
        "label": '=HYPERLINK("http://evil.example","点我")',
        "learner": '<img src=x onerror=alert(1)>王🙂"',
        "pass": 100,
        "quizzes": [{"id": "money", "questions": [scenario(15, True, rev=9999), scenario(2, False)]}],
    }


def edge_limits() -> dict:
    quizzes = [{"id": f"quiz-{i}", "questions": [scenario(1, True)]} for i in range(30)]
    return {"edition": "2026.12", "at": "2099-12-31T23:59Z", "label": "作" * 40, "learner": "名" * 30, "pass": 0, "quizzes": quizzes}


def raw_code(payload: bytes) -> str:
    """A code with a correct check around any payload, as an attacker could make."""
    body = codes._b64encode(payload)
    return codes.PREFIX + body + "." + codes._check(codes.PREFIX + body)


def s(text: str | bytes) -> bytes:
    data = text.encode() if isinstance(text, str) else text
    return bytes([len(data)]) + data


HEAD = s("2026.1") + b"\x01" + s("") + s("王")  # edition, at=1 minute, no label, learner


def build_vectors() -> dict:
    valid = []
    for name, result in [
        ("five quizzes of seven questions", typical_assignment()),
        ("branching and unanswered", with_branching()),
        ("hostile but valid text", hostile_text()),
        ("limits", edge_limits()),
    ]:
        code = encode(result)
        valid.append({"name": name, "code": code, "decoded": decode(code, ["2026.1", "2026.12"])})
    good = valid[0]["code"]
    changed = good[:40] + ("B" if good[40] != "B" else "C") + good[41:]
    old = encode({**with_branching(), "edition": "2025.2"})
    invalid = [
        ("empty", ""),
        ("blank", " \t\r\n "),
        ("prose", "你好，这是我的完成码"),
        ("markup", "<script>alert(1)</script>"),
        ("lower-case prefix", good.lower()),
        ("full-width space before", "\u3000" + good),
        ("other version", "GB2." + good[4:]),
        ("changed character", changed),
        ("last check character dropped", good[:-1]),
        ("check missing", good[: good.rindex(".")]),
        ("cut in half", good[: len(good) // 2]),
        ("markup inside", good[:30] + "<b>" + good[33:]),
        ("extra dot", good[:30] + "." + good[31:]),
        ("check too long", good + "A"),
        ("too long", "GB1." + "A" * 4093),
        ("unknown edition", old),
        ("trailing bytes", raw_code(HEAD + b"\x50\x01" + s("team") + b"\x01\x01\x03" + b"\x00")),
        ("payload ends early", raw_code(HEAD + b"\x50\x01" + s("team") + b"\x02\x01\x03")),
        ("invalid UTF-8 name", raw_code(s("2026.1") + b"\x01" + s("") + s(b"\xe7\x8e") + b"\x50\x01" + s("team") + b"\x01\x01\x03")),
        ("control character in name", raw_code(s("2026.1") + b"\x01" + s("") + s("王\u202e") + b"\x50\x01" + s("team") + b"\x01\x01\x03")),
        ("blank name", raw_code(s("2026.1") + b"\x01" + s("") + s(" ") + b"\x50\x01" + s("team") + b"\x01\x01\x03")),
        ("quiz id not kebab-case", raw_code(HEAD + b"\x50\x01" + s("Team") + b"\x01\x01\x03")),
        ("no quizzes", raw_code(HEAD + b"\x50\x00")),
        ("pass mark above 100", raw_code(HEAD + b"\x65\x01" + s("team") + b"\x01\x01\x03")),
        ("best without an answer", raw_code(HEAD + b"\x50\x01" + s("team") + b"\x01\x01\x01")),
        ("option on a branching question", raw_code(HEAD + b"\x50\x01" + s("team") + b"\x01\x01\x0e" + s("end"))),
        ("revision zero", raw_code(HEAD + b"\x50\x01" + s("team") + b"\x01\x00\x03")),
        ("overlong number", raw_code(HEAD[:7] + b"\xff\xff\xff\xff\xff\x01")),
        ("non-canonical base64", _noncanonical()),
        ("time beyond 2100", raw_code(s("2026.1") + b"\xff\xff\xff\xff\x0f" + s("") + s("王") + b"\x50\x01" + s("team") + b"\x01\x01\x03")),
    ]
    refused = []
    for name, code in invalid:
        try:
            decode(code, EDITIONS)
        except CodeError as e:
            refused.append({"name": name, "code": code, "reason": e.reason, "message": e.message})
        else:  # pragma: no cover - a vector that decodes is a mistake in this list
            raise AssertionError(f"vector {name!r} decoded")
    split = [
        {"text": text, "candidates": codes.candidates(text)}
        for text in [
            "",
            " \n\t\n",
            f"{good} {old}\n\n{good}",
            f"我的完成码：{good}。谢谢",
            "<img src=x onerror=alert(1)>\n\n  \nhello   world",
            f"\u3000{good}\u00a0GB2.x\r\nGB1.a<b>\rnot a code GB",
            # wrapped by a chat window: once, twice, after words, before words; a whole code never joins
            f"{good[:50]}\n{good[50:]}",
            f"完成码：{good[:30]}\r\n{good[30:90]}\n{good[90:]} 谢谢",
            f"{good[:-3]}\n{good[-3:]}\n{good}\nabc",
            f"{good}\nabc",
            f"{good[:40]}。\n{good[40:]}",
        ]
    ]
    branching = valid[1]["code"]
    csv_vector = {"codes": [good, branching], "titles": {"meetings": "开会技巧 · 情境练习"}, "offset": 480,
                  "csv": codes.csv_text([row for c in (good, branching)
                                         for row in codes.rows(decode(c, EDITIONS + ["2026.12"]),
                                                               {"meetings": "开会技巧 · 情境练习"}, 480)])}
    return {"editions": EDITIONS + ["2026.12"], "refuse_editions": EDITIONS, "valid": valid, "invalid": refused,
            "split": split, "csv": csv_vector}


def _noncanonical() -> str:
    body = codes._b64encode(HEAD + b"\x50\x01" + s("team") + b"\x01\x01\x03")
    assert len(body) % 4 != 0
    last = codes.ALPHABET.index(body[-1])
    body = body[:-1] + codes.ALPHABET[last | 1]
    return codes.PREFIX + body + "." + codes._check(codes.PREFIX + body)


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_vectors_file_is_current():
    """The shared vectors are exactly what this implementation produces."""
    built = build_vectors()
    if os.environ.get("GAOBIAO_WRITE_VECTORS"):
        VECTORS.write_text(json.dumps(built, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert json.loads(VECTORS.read_text(encoding="utf-8")) == built


def test_vectors_decode_and_encode():
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    for v in vectors["valid"]:
        assert decode(v["code"], vectors["editions"]) == v["decoded"], v["name"]
        assert encode(v["decoded"]) == v["code"], v["name"]
    for v in vectors["split"]:
        assert codes.candidates(v["text"]) == v["candidates"]
    for v in vectors["invalid"]:
        with pytest.raises(CodeError) as err:
            decode(v["code"], vectors["refuse_editions"])
        assert (err.value.reason, err.value.message) == (v["reason"], v["message"]), v["name"]


def test_pasted_text_splits_into_candidates():
    good = encode(typical_assignment())
    assert codes.candidates(f"我的完成码：{good}。谢谢") == [good]
    assert codes.candidates(f"{good} {good}\n x  y \n\n") == [good, good, "x y"]
    assert codes.candidates("<img src=x onerror=alert(1)>") == ["<img src=x onerror=alert(1)>"]
    assert codes.candidates("GB1.a<b>c") == ["GB1.a"]


def test_every_refusal_reason_is_covered_by_a_vector():
    reasons = {v["reason"] for v in json.loads(VECTORS.read_text(encoding="utf-8"))["invalid"]}
    assert reasons == set(codes.REASONS)


def test_round_trip_keeps_everything():
    result = typical_assignment()
    back = decode(encode(result), EDITIONS)
    assert {k: back[k] for k in ("edition", "at", "label", "learner", "pass")} == {
        k: result[k] for k in ("edition", "at", "label", "learner", "pass")
    }
    for sent, got in zip(result["quizzes"], back["quizzes"]):
        assert got["id"] == sent["id"]
        assert got["questions"] == sent["questions"]
        assert got["score"] == sum(q["best"] for q in sent["questions"])
        assert got["total"] == 7


def test_round_trip_random_results():
    rng = random.Random(7)
    for _ in range(300):
        quizzes = []
        for qi in range(rng.randint(1, 6)):
            qs = []
            for _ in range(rng.randint(1, 12)):
                kind = rng.choice(["scenario", "branching"])
                answered = rng.random() < 0.85
                choice = (rng.randint(0, 15) if kind == "scenario" else rng.choice(["a", "all-in", "x-2"])) if answered else None
                qs.append({"rev": rng.randint(1, 9999), "kind": kind, "choice": choice, "best": answered and rng.random() < 0.6})
            quizzes.append({"id": f"q{qi}-x", "questions": qs})
        result = {
            "edition": "2026.1",
            "at": codes.format_minutes(rng.randint(0, 68_374_079)),
            "label": "".join(rng.choice("作业第一周 AEab,\"'<>&") for _ in range(rng.randint(0, 20))).strip(),
            "learner": "".join(rng.choice("王李张 小明🙂xy") for _ in range(rng.randint(1, 10))).strip() or "王",
            "pass": rng.randint(0, 100),
            "quizzes": quizzes,
        }
        result["label"] = codes._clean(result["label"])
        result["learner"] = codes._clean(result["learner"])
        back = decode(encode(result), EDITIONS)
        assert [q["questions"] for q in back["quizzes"]] == [q["questions"] for q in quizzes]
        assert (back["label"], back["learner"], back["at"], back["pass"]) == (
            result["label"], result["learner"], result["at"], result["pass"]
        )


@pytest.mark.parametrize("make", [typical_assignment, with_branching, hostile_text])
def test_every_single_character_change_is_refused(make):
    """Replace each character by every other character a code could hold (and a few more)."""
    code = encode(make())
    others = codes.ALPHABET + ".GB~ =<\u3000王"
    tried = 0
    for i, original in enumerate(code):
        for c in others:
            if c == original:
                continue
            with pytest.raises(CodeError):
                decode(code[:i] + c + code[i + 1 :], EDITIONS)
            tried += 1
    assert tried > 60 * len(code)


def test_a_check_changed_character_is_reported_as_such():
    code = encode(typical_assignment())
    for i in range(len(codes.PREFIX), len(code)):
        if code[i] == ".":
            continue
        c = "A" if code[i] != "A" else "B"
        with pytest.raises(CodeError) as err:
            decode(code[:i] + c + code[i + 1 :], EDITIONS)
        assert err.value.reason == "bad-check"


def test_every_truncation_is_refused():
    code = encode(typical_assignment())
    for n in range(len(code)):
        with pytest.raises(CodeError):
            decode(code[:n], EDITIONS)


def test_garbage_is_refused_without_crashing():
    rng = random.Random(11)
    alphabet = codes.ALPHABET + ".<>&\"'\\/\u0000\u202e王🙂 \n"
    for _ in range(3000):
        text = "GB1." * rng.randint(0, 1) + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        with pytest.raises(CodeError):
            decode(text, EDITIONS)


def test_random_payloads_with_a_valid_check_never_crash():
    """An attacker can compute the check; the decoder must still refuse cleanly or decode."""
    rng = random.Random(5)
    prefix = HEAD + b"\x50\x01" + s("team")
    for _ in range(3000):
        payload = prefix + bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 12)))
        try:
            result = decode(raw_code(payload), EDITIONS)
        except CodeError as e:
            assert e.reason == "malformed"
        else:
            assert result["quizzes"][0]["id"] == "team"


def test_typical_five_quiz_code_is_short():
    code = encode(typical_assignment())
    assert len(code) <= 280, len(code)  # 261 with this label and name


def test_encode_refuses_what_decode_would_refuse():
    bad = [
        {**with_branching(), "learner": "  "},
        {**with_branching(), "pass": 101},
        {**with_branching(), "edition": "v1"},
        {**with_branching(), "learner": "名" * 31},
        {**with_branching(), "quizzes": [{"id": "Bad Id", "questions": [scenario(0, True)]}]},
        {**with_branching(), "quizzes": [{"id": "ok", "questions": [scenario(16, True)]}]},
        {**with_branching(), "quizzes": []},
    ]
    for result in bad:
        with pytest.raises(ValueError):
            encode(result)


def test_encode_tidies_names():
    result = {**with_branching(), "learner": " 王\u3000\u3000小明\u202e "}
    assert decode(encode(result), EDITIONS)["learner"] == "王 小明"


def test_csv_defuses_formulas_and_quotes():
    result = decode(encode(hostile_text()), EDITIONS)
    text = codes.csv_text(codes.rows(result, offset=480))
    lines = text.split("\r\n")
    assert lines[0] == ('"学员","作业","练习","状态","已答","最佳","题数","得分率","及格线","未答的题","作答时间","时区",'
                        '"版次","quiz_id","completed_at_utc"')
    assert lines[1] == (
        '"<img src=x onerror=alert(1)>王🙂""","\'=HYPERLINK(""http://evil.example"",""点我"")",'
        '"money","未达标","2","1","2","50%","100%","","1970-01-01 08:00","UTC+08:00","2026.1 版","money","1970-01-01T00:00Z"'
    )
    assert text.endswith("\r\n")


def test_rows_say_unfinished_apart_from_failed_in_local_time():
    result = decode(encode(with_branching()), EDITIONS)
    row = codes.rows(result, {"pig-and-chicken": "猪与鸡"}, offset=480)[0]
    assert (row["status"], row["missing"], row["passed"], row["title"]) == ("unfinished", [3, 4], False, "猪与鸡")
    assert (row["local_time"], row["zone"]) == ("2026-12-01 07:59", "UTC+08:00")  # the next day in Shanghai
    assert codes.rows(result, offset=-330)[0]["zone"] == "UTC-05:30"


def test_a_wrapped_code_is_put_back_together():
    good = encode(typical_assignment())
    assert codes.candidates(f"{good[:50]}\n{good[50:]}") == [good]
    assert codes.candidates(f"{good[:-2]}\n{good[-2:]}\n{good}") == [good, good]
    assert codes.candidates(f"{good}\nabc") == [good, "abc"]


def test_rows_pass_mark_and_rounding():
    result = decode(encode(typical_assignment()), EDITIONS)
    row = codes.rows(result)[0]
    assert (row["score"], row["total"], row["percent"], row["passed"]) == (4, 7, 57, False)
    result["pass"] = 57
    assert codes.rows(result)[0]["passed"] is True  # 4/7 = 57.1 %


def test_a_result_too_large_for_one_code_is_refused_when_encoding():
    """What the results page would refuse is never made: the limit is named."""
    quiz = {"id": "q" * 60, "questions": [{"rev": 9999, "kind": "branching", "choice": "e" * 60, "best": True}] * 60}
    result = {"edition": "2026.2", "at": "2026-12-02T10:00Z", "label": "", "learner": "张三", "pass": 80,
              "quizzes": [quiz] * 30}
    with pytest.raises(ValueError, match=r"^the code would be \d+ characters; a completion code holds at most 4096$"):
        codes.encode(result)
