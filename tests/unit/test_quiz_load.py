"""Quiz loading: every invalid fixture fails with exactly the message beside it; valid data round-trips.

The same messages and quizzes whichever way a file is loaded: read afresh, from the on-disk
cache, or in a forked process; a damaged or unwritable cache only costs time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizkit.errors import Problem, report
from quizkit.load import load_quiz_dir, load_quiz_file
from quizkit.validate import Embed, validate

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = FIXTURES / "docs"
INVALID = sorted((FIXTURES / "invalid").glob("*.yml"))


def problems_for(path: Path, cache=False) -> list[Problem]:
    """Load one file as `quizzes/<name>` and run the cross-checks, as the build does."""
    quiz, problems = load_quiz_file(path, f"quizzes/{path.name}", cache=cache)
    if quiz is not None:
        problems += validate({quiz.id: quiz}, DOCS, [Embed("docs/practice/x.md", 1, 1, quiz.id)])
    return sorted(problems)


def test_the_corpus_is_large_enough():
    assert len(INVALID) >= 20
    for path in INVALID:
        assert path.with_suffix(".expected").is_file(), f"{path.name} has no .expected file"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_fails_with_its_message(path: Path, tmp_path: Path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    got = "\n".join(str(p) for p in problems_for(path)) + "\n"
    assert got == expected
    # The same again through an empty cache, then from what it remembered.
    for _ in ("cold", "warm"):
        _forget()
        assert "\n".join(str(p) for p in problems_for(path, cache=tmp_path)) + "\n" == expected


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_every_message_points_at_a_line_and_has_a_hint(path: Path):
    problems = problems_for(path)
    assert problems
    lines = path.read_bytes().count(b"\n") + 1
    for problem in problems:
        assert 1 <= problem.line <= lines
        assert problem.hint


def test_valid_file_round_trips(tmp_path: Path):
    path = FIXTURES / "valid" / "meetings.yml"
    quiz, problems = load_quiz_file(path)
    assert problems == []
    assert validate({quiz.id: quiz}, DOCS, [Embed("x.md", 1, 1, "meetings")]) == []
    data = quiz.model_dump(exclude_none=True)
    assert data == yaml.safe_load(path.read_text(encoding="utf-8"))
    # Dumped and loaded again, the model is the same.
    out = tmp_path / "meetings.yml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reloaded, problems = load_quiz_file(out)
    assert problems == []
    assert reloaded.model_dump() == quiz.model_dump()


def test_positions_are_kept_for_every_node():
    quiz, _ = load_quiz_file(FIXTURES / "valid" / "meetings.yml")
    assert quiz.where("questions", 0, "options", 2, "feedback") == (22, 19)
    assert quiz.where("questions", 1, "nodes", "call-creatives", "choices", 1, "next") == (49, 19)
    assert quiz.estimated_minutes == 6  # 1.5 + 4, rounded


def test_directory_loading_reports_every_file(tmp_path: Path):
    for name in ("two-best", "unknown-key", "tab-indent"):
        (tmp_path / f"{name}.yml").write_bytes((FIXTURES / "invalid" / f"{name}.yml").read_bytes())
    (tmp_path / "meetings.yml").write_bytes((FIXTURES / "valid" / "meetings.yml").read_bytes())
    (tmp_path / "meetings.yaml").write_bytes((FIXTURES / "valid" / "meetings.yml").read_bytes())
    quizzes, problems = load_quiz_dir(tmp_path, root=tmp_path.parent)
    assert sorted(quizzes) == ["meetings", "two-best"]
    text = report(problems)
    assert f"{tmp_path.name}/meetings.yml:1:1: quiz id 'meetings' is already used by {tmp_path.name}/meetings.yaml" in text
    assert f"{tmp_path.name}/unknown-key.yml:18:9: unknown key 'feedbak'" in text
    assert f"{tmp_path.name}/tab-indent.yml:14:1: tab character" in text
    assert text.endswith("Aborted: 3 errors in quiz data.")


def test_problem_format():
    problem = Problem("quizzes/x.yml", 3, 5, "something is wrong", "do this,\ne.g. that")
    assert str(problem) == "quizzes/x.yml:3:5: something is wrong\n    hint: do this,\n          e.g. that"


# The fast reading (no positions) must give exactly the careful reading's data, and hand
# anything unusual to the careful reading, which reports it.
SCALARS = """\
plain: 客户说“好”
quoted: "7"
single: 'yes'
number: 7
negative: -3
float: 1.5
yes-word: yes
off-word: Off
nothing:
tilde: ~
date: 2024-05-01
block: |
  第一行
  第二行
folded: >-
  一行
  接着
flow: [a, 1, {b: no}]
anchored: &here 文字
empty-list: []
empty-map: {}
nested:
  - - deep
    - 2
  - {x: "", y: null}
"""


def _careful(text: str):
    from quizkit.read import _Loader, _Tree

    problems = []
    tree = _Tree(lambda *problem: problems.append(problem))
    data = tree.build(yaml.parse(text.encode("utf-8"), Loader=_Loader))
    assert problems == []
    return data


def test_fast_reading_gives_the_same_data():
    from quizkit.read import _plain_data

    texts = [SCALARS] + [p.read_text(encoding="utf-8")
                         for p in sorted((FIXTURES.parent.parent.parent / "quizzes").glob("*.yml"))]
    texts.append((FIXTURES / "valid" / "meetings.yml").read_text(encoding="utf-8"))
    for text in texts:
        fast = _plain_data(text)
        assert fast is not None
        assert fast == _careful(text)
        assert [type(v) for v in fast.values()] == [type(v) for v in _careful(text).values()]


@pytest.mark.parametrize("text", [
    "a: *nowhere\n", "a: &x 1\nb: *x\n", "a: !!python/name:os.system\n", "a: !include x.yml\n",
    "!!map {a: 1}\n", "a: !!str 1\n", "a: 1\na: 2\n", "? [a]\n: 1\n", "a: 1\n---\nb: 2\n",
    "a: <<\n", "a: =\n", "", "# nothing\n", "- a\n", "a: [1\n", "a: 1\n  b: 2\n",
], ids=lambda t: repr(t)[:24])
def test_fast_reading_leaves_the_unusual_to_the_careful_one(text: str):
    from quizkit.read import _plain_data

    result = _plain_data(text)
    assert result is None or not isinstance(result, dict)


# ---------------------------------------------------------------------------
# The on-disk cache (quizkit/cache.py) and reading in forked processes
# ---------------------------------------------------------------------------

import os  # noqa: E402

from quizkit import cache as quiz_cache  # noqa: E402
from quizkit import load as quiz_load  # noqa: E402
from quizkit import model, read  # noqa: E402

BANK = FIXTURES.parent.parent.parent / "quizzes"


def _forget():
    """Drop what this process remembers, so the next load uses the disk cache or the YAML."""
    quiz_load._CACHE.clear()


def _mixed_dir(tmp_path: Path) -> Path:
    """A folder of valid files, files with problems of every kind, and some that load but fail checks."""
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "meetings.yml").write_bytes((FIXTURES / "valid" / "meetings.yml").read_bytes())
    for path in INVALID:
        (folder / path.name).write_bytes(path.read_bytes())
    for path in sorted(BANK.glob("*.yml"))[:4]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _outcome(folder: Path, **kwargs):
    """Everything a check reports about `folder`, and every quiz's data, positions included."""
    _forget()
    quizzes, problems = load_quiz_dir(folder, root=folder.parent, **kwargs)
    embeds = [Embed("docs/practice/x.md", 1, 1, name) for name in quizzes]
    problems += validate(quizzes, DOCS, embeds)
    data = {name: (q.model_dump(), q.where("questions", 0, "explanation", "link"), q._source)
            for name, q in quizzes.items()}
    return data, report(problems)


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("**/quizkit-*/*.data"))


def test_the_cache_remembers_files_that_loaded_and_gives_the_same_result(tmp_path, monkeypatch):
    folder = _mixed_dir(tmp_path)
    fresh = _outcome(folder, cache=False)
    cold = _outcome(folder, cache=tmp_path / "cache")
    entries = _entries(tmp_path / "cache")
    # one entry per file that loaded (with or without problems found by the cross-checks)
    assert len(entries) == len(fresh[0]) > 5

    def no_yaml(*args):
        raise AssertionError("an unchanged file was read as YAML again")

    monkeypatch.setattr(read, "read", no_yaml)
    monkeypatch.setattr(read, "positions", no_yaml)
    loadable = tmp_path / "loadable"
    loadable.mkdir()
    for name in fresh[0]:
        (loadable / f"{name}.yml").write_bytes((folder / f"{name}.yml").read_bytes())
    _forget()
    quizzes, problems = load_quiz_dir(loadable, root=tmp_path, cache=tmp_path / "cache")
    assert sorted(quizzes) == sorted(fresh[0]) and problems == []
    monkeypatch.undo()
    warm = _outcome(folder, cache=tmp_path / "cache")
    assert fresh == cold == warm
    assert "quizzes/two-best.yml:13:7: questions[0].options: expected exactly one option" in warm[1]


def test_an_edited_file_is_read_again(tmp_path):
    folder = tmp_path / "quizzes"
    folder.mkdir()
    path = folder / "meetings.yml"
    path.write_bytes((FIXTURES / "valid" / "meetings.yml").read_bytes())
    _forget()
    quiz, problems = load_quiz_file(path, cache=tmp_path / "cache")
    assert problems == []
    path.write_text(path.read_text(encoding="utf-8").replace("rating: poor", "rating: bad", 1), encoding="utf-8")
    _forget()
    quiz, problems = load_quiz_file(path, "quizzes/meetings.yml", cache=tmp_path / "cache")
    assert quiz is None
    assert [str(p).splitlines()[0] for p in problems] == [
        "quizzes/meetings.yml:21:17: questions[0].options[2].rating: expected one of: 'best', 'acceptable' or 'poor' "
        "but received: 'bad'"]


def test_a_renamed_file_has_its_name_checked_again(tmp_path):
    cache_dir = tmp_path / "cache"
    good = tmp_path / "meetings.yml"
    good.write_bytes((FIXTURES / "valid" / "meetings.yml").read_bytes())
    assert load_quiz_file(good, cache=cache_dir)[1] == []
    for name in ("Meetings.yml", "m" * 61 + ".yml"):
        bad = tmp_path / name
        bad.write_bytes(good.read_bytes())
        _forget()
        quiz, problems = load_quiz_file(bad, cache=cache_dir)
        assert quiz is None and problems, name


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "garbage", "no header", "empty", "a folder"])
def test_a_damaged_cache_entry_is_passed_over(tmp_path, damage):
    folder = _mixed_dir(tmp_path)
    expected = _outcome(folder, cache=False)
    _outcome(folder, cache=tmp_path / "cache")
    for entry in _entries(tmp_path / "cache"):
        raw = entry.read_bytes()
        if damage == "truncated":
            entry.write_bytes(raw[: len(raw) // 2])
        elif damage == "one byte changed":
            i = len(raw) - 100
            entry.write_bytes(raw[:i] + bytes([raw[i] ^ 0x01]) + raw[i + 1:])
        elif damage == "garbage":
            entry.write_bytes(os.urandom(len(raw)))
        elif damage == "no header":
            entry.write_bytes(raw.partition(b"\n")[2])
        elif damage == "empty":
            entry.write_bytes(b"")
        else:
            entry.unlink()
            entry.mkdir()
    assert _outcome(folder, cache=tmp_path / "cache") == expected


def test_an_entry_with_the_wrong_shape_is_passed_over(tmp_path):
    folder = _mixed_dir(tmp_path)
    expected = _outcome(folder, cache=False)
    store = quiz_cache.Store(tmp_path / "cache")
    for wrong in ({"not": "an entry"}, (1, 2), ({"title": "x"}, ([], {})), ("data", "facts"), [None, None]):
        for path in folder.glob("*.yml"):
            store.put(quiz_cache.digest(path.read_bytes()), wrong)
        assert _outcome(folder, cache=tmp_path / "cache") == expected


@pytest.mark.parametrize("where", ["a file", "a file's child"])
def test_an_unwritable_cache_never_fails_a_check(tmp_path, where):
    folder = _mixed_dir(tmp_path)
    expected = _outcome(folder, cache=False)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    place = blocker if where == "a file" else blocker / "cache"
    assert _outcome(folder, cache=place) == expected
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_default_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _outcome(_mixed_dir(tmp_path), cache=True)
    assert _entries(tmp_path / "xdg")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert quiz_cache.default_folder() == tmp_path / "home" / ".cache" / "gaobiao-handbook"


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _outcome(_mixed_dir(tmp_path), cache=False)
    assert not (tmp_path / "xdg").exists()


def test_the_cache_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(quiz_cache, "KEEP_ENTRIES", 2)
    cache_dir = tmp_path / "cache"
    folder = tmp_path / "quizzes"
    folder.mkdir()
    path = folder / "meetings.yml"
    text = (FIXTURES / "valid" / "meetings.yml").read_text(encoding="utf-8")
    for n in range(6):  # six edits of one file: six entries written, older ones dropped
        path.write_text(text.replace("title:", f"# edit {n}\ntitle:", 1), encoding="utf-8")
        _outcome(folder, cache=cache_dir)
    entries = _entries(cache_dir)
    assert len(entries) <= 3
    assert quiz_cache.digest(path.read_bytes()) + ".data" in [e.name for e in entries]
    # a new fingerprint (another quizkit or PyYAML version) starts a new folder; old ones go
    for n in range(5):
        monkeypatch.setattr(quiz_cache, "_fingerprint", f"other{n}")
        _outcome(folder, cache=cache_dir)
    assert len(list(cache_dir.glob("quizkit-*"))) == quiz_cache.KEEP_FOLDERS


def test_the_fingerprint_covers_quizkit_and_its_libraries():
    parts = []
    original = Path.read_bytes

    def spy(self):
        parts.append(self.name if self.parent.name == "quizkit" else f"{self.parent.name}/{self.name}")
        return original(self)

    saved = quiz_cache._fingerprint
    try:
        quiz_cache._fingerprint = None
        with pytest.MonkeyPatch.context() as m:
            m.setattr(Path, "read_bytes", spy)
            quiz_cache.fingerprint()
    finally:
        quiz_cache._fingerprint = saved
    assert {"load.py", "read.py", "model.py", "schema.py", "validate.py", "cache.py"} <= set(parts)
    assert {"yaml/__init__.py", "pydantic/version.py"} <= set(parts)


@pytest.mark.parametrize("workers", [2, 3])
def test_reading_in_forked_processes_gives_the_same_result(tmp_path, monkeypatch, workers):
    folder = _mixed_dir(tmp_path)
    expected = _outcome(folder, cache=False)
    monkeypatch.setattr(quiz_load, "_workers", lambda files: workers)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    assert _outcome(folder, cache=False) == expected
    assert _outcome(folder, cache=tmp_path / "cache") == expected
    assert len(forks) == 2 * (workers - 1)
    assert len(_entries(tmp_path / "cache")) == len(expected[0])  # the children wrote their share
    assert _outcome(folder, cache=tmp_path / "cache") == expected


def test_a_failed_child_is_read_again_by_the_parent(tmp_path, monkeypatch):
    folder = _mixed_dir(tmp_path)
    expected = _outcome(folder, cache=False)
    parent = os.getpid()
    real = quiz_load._read_one

    def fails_in_a_child(*args):
        if os.getpid() != parent:
            raise RuntimeError("a child that dies")
        return real(*args)

    monkeypatch.setattr(quiz_load, "_read_one", fails_in_a_child)
    monkeypatch.setattr(quiz_load, "_workers", lambda files: 2)
    assert _outcome(folder, cache=False) == expected


def test_only_large_batches_are_read_in_parallel_and_never_beside_threads(monkeypatch):
    import threading

    files = [quiz_load._File(p, p.name) for p in sorted(BANK.glob("*.yml"))]
    assert quiz_load._workers(files) == 1  # the real bank: well under PARALLEL_BYTES
    monkeypatch.setattr(quiz_load, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    if threading.active_count() == 1:
        assert quiz_load._workers(files) == 2
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # like mkdocs serve's file watcher
    server.start()
    try:
        assert quiz_load._workers(files) == 1
    finally:
        stop.set()
        server.join()


# ---------------------------------------------------------------------------
# Light quiz objects (model.py) and the pydantic rules (schema.py) agree
# ---------------------------------------------------------------------------

from quizkit import schema  # noqa: E402

PAIRS = [(getattr(model, n), getattr(schema, n)) for n in
         ("Quiz", "ScenarioQuestion", "BranchingQuestion", "Option", "Explanation", "Choice", "Node", "Ending")]


@pytest.mark.parametrize("light, rules", PAIRS, ids=[p[0].__name__ for p in PAIRS])
def test_light_classes_have_the_rules_fields(light, rules):
    assert list(light.model_fields) == list(rules.model_fields)
    for name, field in rules.model_fields.items():
        assert (light.model_fields[name] is model.REQUIRED) == field.is_required(), name
        if not field.is_required():
            assert light.model_fields[name] == field.default
    assert light.__doc__ == rules.__doc__


def test_built_quizzes_equal_what_pydantic_makes():
    for path in [FIXTURES / "valid" / "meetings.yml", *sorted(BANK.glob("*.yml"))]:
        data = read._plain_data(path.read_text(encoding="utf-8"))
        assert model.is_valid(path.stem, data), path.name
        strict = schema.Quiz.model_validate({"id": path.stem, **data})
        built = model.build(path.stem, data)
        assert built.model_dump() == strict.model_dump()
        assert built.model_dump(exclude_none=True) == strict.model_dump(exclude_none=True)
        assert built.id == strict.id and built.estimated_minutes == model.Quiz.estimated_minutes.fget(strict)


def test_quiz_objects_are_immutable_and_compare_by_value():
    quiz, _ = load_quiz_file(FIXTURES / "valid" / "meetings.yml", cache=False)
    with pytest.raises(AttributeError):
        quiz.title = "x"
    with pytest.raises(AttributeError):
        del quiz.questions[0].options[0].text
    option = quiz.questions[0].options[0]
    assert option == model.Option(text=option.text, rating=option.rating, feedback=option.feedback)
    assert option != model.Option(text=option.text, rating="poor", feedback=option.feedback)
    assert model.Choice(text="a", next="b").feedback is None
    with pytest.raises(TypeError):
        model.Option(text="a", rating="best")
    assert "Option(text=" in repr(option)


_ODD = [None, "", " ", "\u3000", "x\n", "Abc", "a" * 61, "no-agenda", "best", "committed", "scenario",
        "branching", "x.md", "x.md#", "x.md#a", "a b.md", "/x.md", 0, 1, -1, True, 1.5, [], {}, ["a"], {"a": 1}]


def _mutations(value, path=()):
    """Every copy of `value` with one thing broken: a key dropped or added, a value replaced, a list resized."""
    import copy

    def at(root, where, change):
        root = copy.deepcopy(root)
        parent = root
        for step in where[:-1]:
            parent = parent[step]
        change(parent, where[-1])
        return root

    def walk(node, where):
        if isinstance(node, dict):
            for key in list(node):
                yield at(value, where + (key,), lambda p, k: p.pop(k))
                for odd in _ODD:
                    yield at(value, where + (key,), lambda p, k, odd=odd: p.__setitem__(k, odd))
                yield from walk(node[key], where + (key,))
            yield at(value, where + ("extra",), lambda p, k: p.__setitem__(k, "x")) if where else {**value, "extra": 1}
        elif isinstance(node, list):
            yield at(value, where + (0,), lambda p, k: p.pop(k))
            yield at(value, where + (0,), lambda p, k: p.append(copy.deepcopy(p[-1])))
            yield at(value, where + (0,), lambda p, k: p.extend(copy.deepcopy(p)))
            for i, item in enumerate(node):
                for odd in _ODD[:6] + _ODD[-4:]:
                    yield at(value, where + (i,), lambda p, k, odd=odd: p.__setitem__(k, odd))
                yield from walk(item, where + (i,))

    yield from walk(value, path)


def _rules_accept(quiz_id, data) -> bool:
    from pydantic import ValidationError

    try:
        schema.Quiz.model_validate({"id": quiz_id, **data} if isinstance(data, dict) else data)
    except ValidationError:
        return False
    return True


def test_the_quick_rules_agree_with_pydantic_on_many_broken_files():
    data = read._plain_data((FIXTURES / "valid" / "meetings.yml").read_text(encoding="utf-8"))
    assert model.is_valid("meetings", data)
    checked = 0
    for broken in _mutations(data):
        if isinstance(broken, dict) and "id" in broken:
            continue
        assert model.is_valid("meetings", broken) == _rules_accept("meetings", broken), broken
        checked += 1
    assert checked > 1000
    for name in ("meetings", "a" * 60, "a" * 61, "Meetings", "meetings\n", "1", "a--b", "-a", ""):
        assert model.is_valid(name, data) == _rules_accept(name, data), name


def test_where_the_quick_rules_doubt_pydantic_decides(tmp_path):
    # U+001C is space to Python's `\s` but not to pydantic's regex engine: the quick rules
    # say no, pydantic says yes, and the file loads.
    path = tmp_path / "meetings.yml"
    text = (FIXTURES / "valid" / "meetings.yml").read_text(encoding="utf-8")
    path.write_text(text.replace("prompt: 你最应该先做什么？", 'prompt: "\\x1c"', 1), encoding="utf-8")
    data = read._plain_data(path.read_text(encoding="utf-8"))
    assert not model.is_valid("meetings", data) and _rules_accept("meetings", data)
    quiz, problems = load_quiz_file(path, cache=False)
    assert problems == [] and quiz.questions[0].prompt == "\x1c"


@pytest.mark.parametrize("value", ["0", "7", "10", "007", "0x1f", "1_000", "190:20:30", "-3", "+5", "0o7", "9" * 25])
def test_integers_read_as_pyyaml_reads_them(value):
    text = f"revision: {value}\n"
    assert read._plain_data(text) == yaml.safe_load(text) == _careful(text)
