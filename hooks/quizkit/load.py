"""Quiz files → quiz objects: from memory, from the on-disk cache, else read (read.py).

A file that loaded without a problem is remembered on disk (cache.py), so checking an
unchanged file again skips its YAML; a large batch of new or edited files is read on
every core. Either way the result is the same, message for message.
"""

from __future__ import annotations

import gc
import marshal
import os
import threading
from pathlib import Path

from . import cache as _cache
from .errors import Problem
from .model import Quiz, build, valid_id

# New or edited files of more bytes than this together are read on every core (forking
# costs a few milliseconds; reading YAML about 70 ms a megabyte).
PARALLEL_BYTES = 1_000_000

# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def load_quiz_file(path, display: str | None = None, *, cache=True) -> tuple[Quiz | None, list[Problem]]:
    """Load and structurally check one quiz file; `display` is the path shown in messages.

    `cache`: True for the user's cache folder, a folder, or False for none (see cache.py)."""
    path = Path(path)
    file = _File(path, display or path.as_posix())
    return _load_files([file], _store(cache))[0]


def quiz_files(directory) -> list[Path]:
    """The quiz files in `directory` (`*.yml`, `*.yaml`), sorted."""
    return sorted(p for p in Path(directory).glob("*.y*ml") if p.suffix in (".yml", ".yaml"))


def load_quiz_dir(directory, root=None, *, cache=True) -> tuple[dict[str, Quiz], list[Problem]]:
    """Load every `*.yml` quiz in `directory`; paths in messages are relative to `root`.

    `cache`: True for the user's cache folder, a folder, or False for none (see cache.py)."""
    # The cycle collector would rescan the growing (cycle-free) data again and again while a
    # large bank loads: about a tenth of the time at 10,000 questions. Paused, then restored.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_dir(Path(directory), root, _store(cache))
    finally:
        if enabled:
            gc.enable()


def _load_dir(directory: Path, root, store) -> tuple[dict[str, Quiz], list[Problem]]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    files = []
    for path in quiz_files(directory):
        shown = _display(path, root)
        if path.stem in seen:
            problems.append(Problem(shown, 1, 1, f"quiz id '{path.stem}' is already used by {seen[path.stem]}",
                                    "every quiz file needs its own name; rename or merge one of them"))
            continue
        seen[path.stem] = shown
        files.append(_File(path, shown))
    quizzes: dict[str, Quiz] = {}
    for quiz, found in _load_files(files, store):
        problems += found
        if quiz is not None:
            quizzes[quiz.id] = quiz
    return quizzes, problems


# ---------------------------------------------------------------------------
# Files → quizzes: from memory, from the cache, else read (on every core if many)
# ---------------------------------------------------------------------------


class _File:
    """One quiz file's bytes, the key they are remembered by, and how its path is shown."""

    __slots__ = ("path", "shown", "raw", "key")

    def __init__(self, path: Path, shown: str):
        self.path, self.shown = path, shown
        self.raw = path.read_bytes()
        self.key = _cache.digest(self.raw)


# Results by path, shown path and content, so `mkdocs serve` re-reads only edited files
# (quizzes are immutable, so sharing one between builds is safe).
_CACHE: dict[tuple, tuple[Quiz | None, list[Problem]]] = {}


def _store(cache) -> _cache.Store:
    if cache is False or cache is None:
        return _cache.Store(None)
    return _cache.Store(_cache.default_folder() if cache is True else Path(cache))


def _load_files(files: list[_File], store: _cache.Store) -> list[tuple[Quiz | None, list[Problem]]]:
    results: list = [None] * len(files)
    unread = []
    for i, file in enumerate(files):
        known = _CACHE.get((str(file.path), file.shown, file.key))
        if known is not None:
            results[i] = known
            continue
        # A stored entry passed every rule when this very code stored it (the cache's
        # fingerprint): only the file name, which is not part of the key, is checked again.
        entry = store.get(file.key) if valid_id(file.path.stem) else None
        quiz = _from_entry(file, entry) if entry is not None else None
        if quiz is not None:
            results[i] = (quiz, [])
        else:
            unread.append(i)
    if unread:
        for i, (quiz, problems) in zip(unread, _read_files([files[i] for i in unread], store)):
            results[i] = (quiz, problems)
        store.prune({f.key for f in files})
    if len(_CACHE) > 1000:
        _CACHE.clear()
    out = []
    for file, (quiz, problems) in zip(files, results):
        _CACHE[(str(file.path), file.shown, file.key)] = (quiz, problems)
        out.append((quiz, list(problems)))
    return out


def _quiz(file: _File, entry: tuple, quiz: Quiz | None = None) -> Quiz:
    """The quiz of a file's entry (data, facts), placed: where it came from and what it holds."""
    data, facts = entry
    raw = file.raw

    def positions() -> dict:
        from .read import positions

        return positions(raw)

    return (quiz or build(file.path.stem, data))._placed(file.shown, positions, facts)


def _from_entry(file: _File, entry) -> Quiz | None:
    """The quiz of a stored entry, or None if the entry is not what this code stores."""
    try:
        data, (own, links) = entry
        if type(data) is dict and type(own) is list and type(links) is dict:
            return _quiz(file, entry)
    except (TypeError, ValueError, KeyError, AttributeError):
        pass
    return None


def _read_one(file: _File, store: _cache.Store) -> tuple[Quiz | None, tuple | None, list[Problem]]:
    """Read a file: its quiz and entry (data, facts), stored in the cache; or its problems."""
    from .read import read
    from .validate import quiz_facts

    data, problems = read(file.raw, file.path, file.shown)
    if data is None:
        return None, None, problems
    quiz = build(file.path.stem, data)
    entry = (data, quiz_facts(quiz))
    store.put(file.key, entry)
    return quiz, entry, problems


def _read_files(files: list[_File], store: _cache.Store) -> list[tuple[Quiz | None, list[Problem]]]:
    """Each file's quiz (or its problems), reading shares of a large batch in forked processes."""
    workers = _workers(files)
    if workers < 2:
        results = [_read_one(f, store) for f in files]
        return [(_quiz(f, entry, quiz) if quiz else None, problems) for f, (quiz, entry, problems) in zip(files, results)]
    from . import read, validate  # noqa: F401  (imported once, before forking, not in every child)

    shares: list[list[int]] = [[] for _ in range(workers)]
    sizes = [0] * workers
    for i in sorted(range(len(files)), key=lambda i: -len(files[i].raw)):
        lightest = sizes.index(min(sizes))
        shares[lightest].append(i)
        sizes[lightest] += len(files[i].raw)
    out: dict[int, tuple] = {}
    children = []
    try:
        for share in shares[1:]:
            children.append(_fork_reader(files, share, store))
        for i in shares[0]:
            quiz, entry, problems = _read_one(files[i], store)
            out[i] = (_quiz(files[i], entry, quiz) if quiz else None, problems)
        for pid, pipe, share in children:
            got = _collect(pid, pipe, len(share))
            if got is None:  # the child failed: read its share here
                got = [_flat(_read_one(files[i], store)) for i in share]
            for i, (entry, problems) in zip(share, got):
                out[i] = (_quiz(files[i], entry) if entry else None, [Problem(*p) for p in problems])
    finally:
        for pid, pipe, _ in children:
            _reap(pid, pipe)
    return [out[i] for i in range(len(files))]


def _workers(files: list[_File]) -> int:
    """How many processes should read `files`: 1 unless they are many bytes and forking is safe."""
    if sum(len(f.raw) for f in files) < PARALLEL_BYTES or len(files) < 2 or not hasattr(os, "fork"):
        return 1
    if threading.active_count() > 1:  # forking a threaded process (mkdocs serve) can deadlock
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8, len(files)))


def _flat(result) -> tuple:
    """A `_read_one` result as plain data that marshal can send: (entry, problems)."""
    _, entry, problems = result
    return entry, [(p.path, p.line, p.col, p.message, p.hint) for p in problems]


def _fork_reader(files, share, store):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read its share, send the results back as marshal data, exit
        code = 1
        try:
            os.close(read_end)
            out = marshal.dumps([_flat(_read_one(files[i], store)) for i in share])
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(out)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, os.fdopen(read_end, "rb"), share


def _collect(pid, pipe, count):
    """A child's results, or None if it failed."""
    try:
        payload = pipe.read()
        _, status = os.waitpid(pid, 0)
    except OSError:
        return None
    if status != 0:
        return None
    try:
        got = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return got if isinstance(got, list) and len(got) == count else None


def _reap(pid, pipe) -> None:
    pipe.close()
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # already collected
        pass


# ---------------------------------------------------------------------------
# Helper functions
# ---------------------------------------------------------------------------


def _display(path: Path, root) -> str:
    if root is None:
        return path.as_posix()
    return Path(os.path.relpath(path, root)).as_posix()
