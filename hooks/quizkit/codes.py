"""Completion codes: a learner's result as one short, paste-safe string.

The one definition of the format. docs/assets/trainer/codes.js implements the
same thing for the browser; tests/vectors/codes.json holds the vectors both
must pass, so the two cannot drift apart.

    GB1.<body>.<check>

- `GB1`   format version 1. Another version is refused with its own reason.
- body    the payload bytes (below), base64url without padding.
- check   CRC-32 (IEEE, as zlib) of the ASCII text `GB1.<body>`, as 4 bytes
          big-endian, base64url without padding: always 6 characters.

The check covers the text, not the decoded bytes, so every single changed
character is caught: a substitution alters at most 8 adjacent bits of the
checked text and CRC-32 detects every burst of up to 32 bits; a changed
check character cannot still match, because the check is compared as text.

Payload (uvarint = unsigned LEB128, at most 5 bytes, below 2**32;
str = uvarint byte length + UTF-8):

    str     edition          e.g. "2026.1"
    uvarint at               completion time, minutes since 1970-01-01T00:00Z, before 2100
    str     label            assignment label ("" when not from an assignment)
    str     learner          the learner's name as they typed it
    byte    pass             pass mark in percent, 0..100
    uvarint quiz count       1..30, then for each quiz:
      str     id             quiz id (kebab-case)
      uvarint question count 1..60, then for each question, in quiz order:
        uvarint revision     1..9999
        byte    flags        bit0 best, bit1 answered, bit2 branching,
                             bits 3-6 the chosen option index (scenario, 0..15)
        answered branching:  str ending id (kebab-case)

A code shows that nobody mistyped it; anyone who reads this file can make a
valid one. Without a server it cannot prove a result.
"""

from __future__ import annotations

import re
import zlib
from datetime import datetime, timezone

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

PREFIX = "GB1."
VERSION = 1
MAX_CODE_CHARS = 4096
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_B64_CHARS = re.compile(r"^[A-Za-z0-9_-]*$", re.ASCII)
_VERSION_PREFIX = re.compile(r"^GB(\d+)\.", re.ASCII)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", re.ASCII)
_EDITION = re.compile(r"^\d{4}\.\d{1,3}$", re.ASCII)
# C0/C1 controls, DEL, zero-width characters and the bidirectional overrides that can disguise text.
_HIDDEN = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

LIMITS = {"label": 120, "learner": 90, "id": 64, "edition": 16}  # UTF-8 bytes
MAX_QUIZZES = 30
MAX_QUESTIONS = 60
MAX_REVISION = 9999
MAX_OPTION = 15
MAX_MINUTES = 68_374_080  # 2100-01-01T00:00Z

# Reason keys and the sentence a trainer reads (the JS file holds the same table).
REASONS = {
    "empty": "空白，没有内容",
    "too-long": "太长，不是一个完成码（最多 4096 个字符）",
    "not-a-code": "不是高标手册的完成码：完成码以 GB1. 开头",
    "unknown-version": "完成码格式 GB{version} 本站不认识，请用生成它的那一版网站查看",
    "bad-characters": "含有完成码里不会出现的字符",
    "truncated": "不完整：结尾的校验部分缺失或长度不对，可能复制时被截断了",
    "bad-check": "校验不符：有字符被改动或抄错了",
    "malformed": "校验相符但内容无法解读（{detail}），这不是本站生成的完成码",
    "unknown-edition": "版次 {edition} 不是本站认识的版次（本站：{known}），请用该版次的网站查看",
}


class CodeError(ValueError):
    """A code that cannot be accepted; `reason` is a key of REASONS."""

    def __init__(self, reason: str, **params: str):
        self.reason = reason
        self.message = REASONS[reason].format(**params)
        super().__init__(self.message)


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------


def encode(result: dict) -> str:
    """Encode a result (the shape `decode` returns) as a completion code."""
    out = bytearray()
    _put_str(out, _check_edition(result["edition"]), "edition")
    at = _minutes(result["at"])
    if not 0 <= at <= MAX_MINUTES:
        raise ValueError(f"time {result['at']} is not within 1970..2100")
    _put_uint(out, at)
    _put_str(out, _clean(result.get("label") or ""), "label")
    learner = _clean(result["learner"])
    if not learner:
        raise ValueError("learner name is empty")
    _put_str(out, learner, "learner")
    pass_mark = int(result["pass"])
    if not 0 <= pass_mark <= 100:
        raise ValueError(f"pass mark {pass_mark} is not within 0..100")
    out.append(pass_mark)
    quizzes = result["quizzes"]
    if not 1 <= len(quizzes) <= MAX_QUIZZES:
        raise ValueError(f"expected 1..{MAX_QUIZZES} quizzes, got {len(quizzes)}")
    _put_uint(out, len(quizzes))
    for quiz in quizzes:
        _put_str(out, _check_id(quiz["id"]), "id")
        questions = quiz["questions"]
        if not 1 <= len(questions) <= MAX_QUESTIONS:
            raise ValueError(f"quiz {quiz['id']}: expected 1..{MAX_QUESTIONS} questions")
        _put_uint(out, len(questions))
        for q in questions:
            _put_question(out, q)
    body = _b64encode(bytes(out))
    code = PREFIX + body + "." + _check(PREFIX + body)
    if len(code) > MAX_CODE_CHARS:  # the results page would refuse it: say so here
        raise ValueError(f"the code would be {len(code)} characters; a completion code holds at most {MAX_CODE_CHARS}")
    return code


def _put_question(out: bytearray, q: dict) -> None:
    rev = int(q["rev"])
    if not 1 <= rev <= MAX_REVISION:
        raise ValueError(f"revision {rev} is not within 1..{MAX_REVISION}")
    _put_uint(out, rev)
    branching = q["kind"] == "branching"
    if q["kind"] not in ("scenario", "branching"):
        raise ValueError(f"unknown question kind {q['kind']!r}")
    choice = q.get("choice")
    answered = choice is not None
    best = bool(q.get("best")) and answered
    option = 0
    if answered and not branching:
        if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice <= MAX_OPTION:
            raise ValueError(f"option index {choice!r} is not within 0..{MAX_OPTION}")
        option = choice
    out.append(int(best) | int(answered) << 1 | int(branching) << 2 | option << 3)
    if answered and branching:
        _put_str(out, _check_id(choice), "id")


def _put_uint(out: bytearray, value: int) -> None:
    if not 0 <= value < 2**32:
        raise ValueError(f"{value} does not fit a code")
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)


def _put_str(out: bytearray, text: str, kind: str) -> None:
    data = text.encode("utf-8")
    if len(data) > LIMITS[kind]:
        raise ValueError(f"{kind} is longer than {LIMITS[kind]} bytes of UTF-8: {text!r}")
    _put_uint(out, len(data))
    out += data


def _clean(text: str) -> str:
    """Names and labels as stored: trimmed, inner whitespace runs made one space."""
    text = " ".join(_HIDDEN.sub(" ", str(text)).split())
    return text


def _check_id(value: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValueError(f"not a kebab-case id: {value!r}")
    return value


def _check_edition(value: str) -> str:
    if not _EDITION.fullmatch(value):
        raise ValueError(f"not an edition like 2026.1: {value!r}")
    return value


def _minutes(at: str) -> int:
    return int(datetime.strptime(at, "%Y-%m-%dT%H:%MZ").replace(tzinfo=timezone.utc).timestamp()) // 60


def format_minutes(minutes: int) -> str:
    """Minutes since the epoch as `YYYY-MM-DDTHH:MMZ` (UTC)."""
    return datetime.fromtimestamp(minutes * 60, timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------


def decode(code: str, editions: list[str] | tuple[str, ...]) -> dict:
    """Decode a completion code; raise CodeError with the reason it is refused."""
    code = code.strip(" \t\r\n\f\v")
    if not code:
        raise CodeError("empty")
    if len(code) > MAX_CODE_CHARS:
        raise CodeError("too-long")
    if not code.startswith(PREFIX):
        m = _VERSION_PREFIX.match(code)
        if m and int(m.group(1)) != VERSION:
            raise CodeError("unknown-version", version=m.group(1))
        raise CodeError("not-a-code")
    parts = code[len(PREFIX):].split(".")
    if not all(_B64_CHARS.fullmatch(p) for p in parts) or len(parts) > 2:
        raise CodeError("bad-characters")
    if len(parts) < 2 or len(parts[1]) < 6:
        raise CodeError("truncated")
    body, check = parts
    if len(check) > 6:
        raise CodeError("bad-characters")
    if check != _check(PREFIX + body):
        raise CodeError("bad-check")
    payload = _b64decode(body)
    result = _Reader(payload).result()
    if result["edition"] not in editions:
        raise CodeError("unknown-edition", edition=result["edition"], known="、".join(editions) or "无")
    return result


class _Reader:
    """Reads the payload; any inconsistency is a `malformed` CodeError."""

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def fail(self, detail: str):
        raise CodeError("malformed", detail=detail)

    def byte(self) -> int:
        if self.pos >= len(self.data):
            self.fail("内容提前结束")
        self.pos += 1
        return self.data[self.pos - 1]

    def uint(self, low: int, high: int, what: str) -> int:
        value = 0
        for shift in range(0, 35, 7):
            b = self.byte()
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                break
        else:
            self.fail("数字过长")
        if not low <= value <= high:
            self.fail(f"{what}超出范围")
        return value

    def str(self, kind: str, what: str) -> str:
        length = self.uint(0, LIMITS[kind], what + "长度")
        if self.pos + length > len(self.data):
            self.fail("内容提前结束")
        raw = self.data[self.pos : self.pos + length]
        self.pos += length
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self.fail(what + "不是有效的 UTF-8")
        if _HIDDEN.search(text):
            self.fail(what + "含有控制字符")
        if kind == "id" and not _ID.fullmatch(text):
            self.fail(what + "格式不对")
        if kind == "edition" and not _EDITION.fullmatch(text):
            self.fail("版次格式不对")
        return text

    def result(self) -> dict:
        edition = self.str("edition", "版次")
        at = format_minutes(self.uint(0, MAX_MINUTES, "时间"))
        label = self.str("label", "作业名称")
        learner = self.str("learner", "姓名")
        if not learner.split():
            self.fail("缺少姓名")
        pass_mark = self.byte()
        if pass_mark > 100:
            self.fail("及格线超出范围")
        quizzes = []
        for _ in range(self.uint(1, MAX_QUIZZES, "练习数")):
            quiz_id = self.str("id", "练习编号")
            questions = [self.question() for _ in range(self.uint(1, MAX_QUESTIONS, "题数"))]
            score = sum(q["best"] for q in questions)
            quizzes.append({"id": quiz_id, "questions": questions, "score": score, "total": len(questions)})
        if self.pos != len(self.data):
            self.fail("结尾有多余内容")
        return {"edition": edition, "at": at, "label": label, "learner": learner, "pass": pass_mark, "quizzes": quizzes}

    def question(self) -> dict:
        rev = self.uint(1, MAX_REVISION, "修订号")
        flags = self.byte()
        best, answered, branching, option = bool(flags & 1), bool(flags & 2), bool(flags & 4), flags >> 3
        if flags > 127 or (option and (branching or not answered)):
            self.fail("题目标记不对")
        if best and not answered:
            self.fail("未作答的题不能算最佳")
        choice: int | str | None = None
        if answered:
            choice = self.str("id", "结局编号") if branching else option
        return {"rev": rev, "kind": "branching" if branching else "scenario", "choice": choice, "best": best}


# ---------------------------------------------------------------------------
# Pasted text → candidate codes (the results page splits the same way)
# ---------------------------------------------------------------------------

_LINES = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile("[ \t\f\v\u00a0\u3000]+")
_CODE_WORD = re.compile(r"GB[0-9][A-Za-z0-9_.-]*")
_WHOLE = re.compile(r"GB[0-9]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{6}", re.ASCII)
_PIECE = re.compile(r"[A-Za-z0-9_.-]+", re.ASCII)
_STARTS_CODE = re.compile(r"GB[0-9]", re.ASCII)


def candidates(text: str) -> list[str]:
    """What a paste holds. On a line with codes, each code: from `GB` and a digit up to the
    first character a code cannot hold (so `完成码：GB1.….` loses its words and full stop;
    the check still has to match). Any other non-blank line is one candidate, refused whole.

    A code a chat window wrapped over lines is put back together: when a line's last code
    has no six-character check yet and the next line starts with a word made only of code
    characters (not itself a code), that word continues it."""
    out: list[str] = []
    open_code = False  # the last candidate is a code still missing its check
    for line in _LINES.split(text):
        words = [w for w in _SPACES.split(line) if w]
        if open_code and words and _PIECE.fullmatch(words[0]) and not _STARTS_CODE.match(words[0]):
            out[-1] += words.pop(0)
            if not words:
                open_code = not _WHOLE.fullmatch(out[-1])
                continue
        found = [m.group(0) for w in words if (m := _CODE_WORD.search(w))]
        if found:
            out += found
            open_code = not _WHOLE.fullmatch(found[-1]) and words[-1].endswith(found[-1])
        elif words:
            out.append(" ".join(words))
            open_code = False
    return out


# ---------------------------------------------------------------------------
# Rows and CSV (the browser's results page writes the same CSV)
# ---------------------------------------------------------------------------

# (header, key): Chinese headers for people; the last two columns keep ids for machines.
CSV_COLUMNS = [
    ("学员", "learner"), ("作业", "label"), ("练习", "title"), ("状态", "status"), ("已答", "answered"),
    ("最佳", "score"), ("题数", "total"), ("得分率", "percent"), ("及格线", "pass_mark"),
    ("未答的题", "missing"), ("作答时间", "local_time"), ("时区", "zone"), ("版次", "edition"),
    ("quiz_id", "quiz"), ("completed_at_utc", "completed_at"),
]
STATUS = {"passed": "达标", "failed": "未达标", "unfinished": "未完成"}


def rows(result: dict, titles: dict[str, str] | None = None, offset: int | None = None) -> list[dict]:
    """One row per quiz in a decoded result. `titles`: quiz id → title (else the id);
    `offset`: the zone for times, minutes east of UTC (else this machine's zone at that time).

    A quiz with an unanswered question is 未完成, whatever its score: the code says, per
    question, whether it was answered (flag bit 1)."""
    minutes = _minutes(result["at"])
    if offset is None:
        offset = int(datetime.fromtimestamp(minutes * 60).astimezone().utcoffset().total_seconds() // 60)
    local = datetime.fromtimestamp((minutes + offset) * 60, timezone.utc).strftime("%Y-%m-%d %H:%M")
    zone = "UTC%s%02d:%02d" % ("-" if offset < 0 else "+", abs(offset) // 60, abs(offset) % 60)
    out = []
    for quiz in result["quizzes"]:
        score, total = quiz["score"], quiz["total"]
        missing = [i + 1 for i, q in enumerate(quiz["questions"]) if q["choice"] is None]
        passed = score * 100 >= result["pass"] * total
        out.append(
            {
                "learner": result["learner"],
                "label": result["label"],
                "quiz": quiz["id"],
                "title": (titles or {}).get(quiz["id"], quiz["id"]),
                "status": "unfinished" if missing else "passed" if passed else "failed",
                "answered": total - len(missing),
                "score": score,
                "total": total,
                "percent": (200 * score + total) // (2 * total),  # rounded half up
                "passed": passed and not missing,
                "pass_mark": result["pass"],
                "missing": missing,
                "edition": result["edition"],
                "completed_at": result["at"],
                "local_time": local,
                "zone": zone,
            }
        )
    return out


def csv_text(table: list[dict]) -> str:
    """RFC 4180 CSV, every field quoted, Chinese headers; text a spreadsheet would run as a
    formula is defused. Percentages as `86%` and times as `2026-12-04 17:41` (in the zone of
    the next column): a spreadsheet reads them as a percentage and a date; the edition as
    `2026.1 版`, which it keeps as text."""
    lines = [",".join(_csv_cell(h) for h, _ in CSV_COLUMNS)]
    for row in table:
        lines.append(",".join(_csv_cell(_csv_value(row, key)) for _, key in CSV_COLUMNS))
    return "\r\n".join(lines) + "\r\n"


def _csv_value(row: dict, key: str) -> str:
    value = row[key]
    if key == "status":
        return STATUS[value]
    if key in ("percent", "pass_mark"):
        return f"{value}%"
    if key == "missing":
        return "第 " + "、".join(map(str, value)) + " 题" if value else ""
    if key == "edition":  # a spreadsheet would read 2026.10 as the number 2026.1
        return f"{value} 版"
    return str(value)


def _csv_cell(text: str) -> str:
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _check(text: str) -> str:
    return _b64encode((zlib.crc32(text.encode("ascii")) & 0xFFFFFFFF).to_bytes(4, "big"))


def _b64encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data), 3):
        chunk = data[i : i + 3]
        n = int.from_bytes(chunk.ljust(3, b"\0"), "big")
        chars = [ALPHABET[(n >> s) & 63] for s in (18, 12, 6, 0)]
        out.append("".join(chars[: len(chunk) + 1]))
    return "".join(out)


def _b64decode(text: str) -> bytes:
    if len(text) % 4 == 1:
        raise CodeError("malformed", detail="长度不对")
    out = bytearray()
    for i in range(0, len(text), 4):
        chunk = text[i : i + 4]
        n = 0
        for c in chunk.ljust(4, "A"):
            n = n << 6 | _INDEX[c]
        data = n.to_bytes(3, "big")[: len(chunk) - 1]
        out += data
    if _b64encode(bytes(out)) != text:
        raise CodeError("malformed", detail="编码不规范")
    return bytes(out)
