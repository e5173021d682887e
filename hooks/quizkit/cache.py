"""Remembers quiz files that passed the structural checks, so an unchanged file is not read as YAML again.

Reading YAML is most of what a check costs: about 1 CPU second for 10,000 questions, against
under 0.1 s to load the same data back. For each file that loaded (whether or not the
cross-checks later find problems in it), an entry holds its data and what validate.py
found out from the file alone (`quiz_facts`: its own problems, the links it makes). The
entry is named after a hash of the file's bytes, in a folder named after a fingerprint of
quizkit's own source and the PyYAML and pydantic versions: an edited file, a new quizkit
or a library upgrade simply miss. Every check still runs the cross-checks against docs/
(pages, anchors, embeds) and across quizzes, so a cached file's links are judged afresh.

The folder is `$XDG_CACHE_HOME/gaobiao-handbook` (else `~/.cache/gaobiao-handbook`): the
user's own, never a shared temp folder. Entries are marshal data (what Python's own
`__pycache__` uses; loading it runs no code), each behind a checksum of its bytes: a
damaged, unreadable or unwritable cache is passed over and the YAML read instead, so the
cache can cost time but never change a check. Old entries and old fingerprints are pruned.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

_MAGIC = "quizkit-data 1 crc32="  # then the checksum, a newline, and the data (marshal)
KEEP_ENTRIES = 5000  # entries kept beyond those of the check that writes (oldest go first)
KEEP_FOLDERS = 3  # fingerprints kept (one per quizkit version in use, e.g. older editions)


def default_folder() -> Path | None:
    """Where the cache lives (None when there is no home folder to put it in)."""
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gaobiao-handbook"
    except RuntimeError:  # no home directory
        return None


def digest(raw: bytes) -> str:
    """The key of a file's bytes."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


_fingerprint: str | None = None


def fingerprint() -> str:
    """Hash of everything that decides a file's data and verdict: quizkit's source, PyYAML, pydantic."""
    global _fingerprint
    if _fingerprint is None:
        h = hashlib.blake2b(digest_size=10)
        h.update(sys.version.encode())
        here = Path(__file__).parent
        parts = sorted(here.glob("*.py"))
        for name, inner in (("yaml", "__init__.py"), ("pydantic", "version.py")):
            spec = importlib.util.find_spec(name)  # locates without importing
            if spec and spec.origin:
                parts.append(Path(spec.origin).with_name(inner))
        for path in parts:
            h.update(path.name.encode() + b"\0")
            try:
                h.update(path.read_bytes())
            except OSError:
                h.update(b"(unreadable)")
        _fingerprint = h.hexdigest()
    return _fingerprint


class Store:
    """The entries of one fingerprint; every method fails quietly (a cache only costs or saves time)."""

    def __init__(self, folder: Path | None):
        self.base = Path(folder) if folder is not None else None
        self.folder = self.base / f"quizkit-{fingerprint()}" if self.base is not None else None
        self.wrote = 0

    def get(self, key: str):
        """The data stored for `key`, or None if absent or damaged."""
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{key}.data", "rb") as f:
                raw = f.read()
            header, _, body = raw.partition(b"\n")
            text = header.decode("ascii")
            if not text.startswith(_MAGIC) or text[len(_MAGIC):] != _check(body):
                return None
            data = marshal.loads(body)
        except (OSError, ValueError, EOFError, TypeError):  # missing, unreadable, damaged: read the YAML
            return None
        return data

    def put(self, key: str, data) -> None:
        """Remember `data` for `key` (atomically: readers see the old entry or the new one)."""
        if self.folder is None:
            return
        body = marshal.dumps(data)
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._drop_old_fingerprints()
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(f"{_MAGIC}{_check(body)}\n".encode("ascii") + body)
                os.replace(tmp, self.folder / f"{key}.data")
            except BaseException:
                _remove(tmp)
                raise
            self.wrote += 1
        except OSError:  # read-only or full disk, a file where the folder should be …
            pass

    def prune(self, keep: set[str]) -> None:
        """After writing: drop the oldest entries beyond KEEP_ENTRIES, never one in `keep`."""
        if self.folder is None or not self.wrote:
            return
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.endswith(".data")]
            if len(entries) <= KEEP_ENTRIES + len(keep):
                return
            old = sorted((e for e in entries if e.name[:-5] not in keep), key=_mtime)
            for entry in old[: len(old) - KEEP_ENTRIES]:
                _remove(entry.path)
        except OSError:
            pass

    def _drop_old_fingerprints(self) -> None:
        folders = sorted((p for p in self.base.glob("quizkit-*") if p.is_dir() and p != self.folder),
                         key=lambda p: _mtime(p), reverse=True)
        for old in folders[KEEP_FOLDERS - 1:]:
            shutil.rmtree(old, ignore_errors=True)


def prune_files(keep: Path, pattern: str, newest: int) -> None:
    """Of the files matching `pattern` beside `keep`, leave `keep` and the newest others
    (`newest` in all); remove the rest. For caches that start a new file per set-up."""
    others = sorted((p for p in keep.parent.glob(pattern) if p != keep), key=_mtime, reverse=True)
    for old in others[max(0, newest - 1):]:
        _remove(old)


def _check(body: bytes) -> str:
    """A checksum that catches a damaged entry (a cut-off write, a changed byte)."""
    return f"{zlib.crc32(body):08x}-{len(body)}"


def _mtime(entry) -> float:
    try:
        return entry.stat().st_mtime
    except OSError:
        return 0.0


def _remove(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
