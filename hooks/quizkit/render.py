"""Quiz model → HTML through a Jinja template; text fields through the site's Markdown."""

from __future__ import annotations

import copy
import functools
import hashlib
import html
import json
import logging
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Callable

import jinja2
import markdown
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .cache import prune_files
from .model import Quiz

_TEMPLATES = Path(__file__).parent / "templates"
_SAFE_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}
_HREF = re.compile(r'href="([^"]*)"')
_SINGLE_P = re.compile(r"^<p>(.*)</p>$", re.S)

RATING_WORDS = {"best": "最佳", "acceptable": "可以接受", "poor": "不可取"}
VERDICT_WORDS = {"committed": "投入", "involved": "参与", "dodged": "闪躲"}

# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def render_quiz(
    quiz: Quiz,
    *,
    markdown: Callable[[str], str],
    edition: str,
    url_for: Callable[[str], str] | None = None,
    site_root: str = "",
    template_cache: Path | None = None,
) -> str:
    """The quiz as server-rendered HTML (readable without JavaScript).

    With `template_cache` (a folder), the compiled template is kept there between processes."""
    url_for = url_for or (lambda target: target)
    # The template asks for Markdown by placeholder; every text field of the quiz
    # then goes through Markdown in one call, which costs far less than one call each.
    texts: list[str] = []

    def later(text: str, inline: bool) -> Markup:
        texts.append(text)
        return Markup(f"\x00{'i' if inline else 'b'}{len(texts) - 1}\x00")

    template = _env(template_cache).get_template("quiz.html")
    out = template.render(
        quiz=quiz,
        edition=edition,
        site_root=site_root,
        block=lambda text: later(text, False),
        inline=lambda text: later(text, True),
        url_for=url_for,
        ratings=RATING_WORDS,
        verdicts=VERDICT_WORDS,
    ).strip() + "\n"
    batch = getattr(markdown, "batch", None)
    converted = batch(texts) if batch else _convert_all(texts, markdown)

    def fill(match: re.Match) -> str:
        html_ = _links(converted[int(match.group(2))].strip(), url_for)
        return _unwrap(html_) if match.group(1) == "i" else html_

    return _PLACEHOLDER.sub(fill, out)


_PLACEHOLDER = re.compile("\x00([ib])(\\d+)\x00")
_SPLIT = "\u2063quiz-split\u2063"


def _convert_all(texts: list[str], markdown: Callable[[str], str]) -> list[str]:
    """Markdown for many texts in one conversion, split apart again (one by one if that fails)."""
    if not texts:
        return []
    joined = markdown(f"\n\n{_SPLIT}\n\n".join(texts))
    parts = re.split(f"<p>{_SPLIT}</p>\n?", joined)
    if len(parts) == len(texts):
        return parts
    return [markdown(text) for text in texts]


def _unwrap(out: str) -> str:
    """Inline use: a single paragraph loses its <p>; several are joined by line breaks."""
    single = _SINGLE_P.match(out)
    if single and "<p>" not in single.group(1):
        return single.group(1)
    return out.replace("</p>\n<p>", "<br>\n").removeprefix("<p>").removesuffix("</p>")


@functools.cache
def _env(cache_dir: Path | None = None) -> Environment:
    return Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_TemplateCache(cache_dir) if cache_dir else None,
    )


class _TemplateCache(FileSystemBytecodeCache):
    """The compiled quiz template, kept between builds: compiling it (~35 ms) was about a fifth
    of the quiz hook's time in a warm build. Jinja names each entry after the template's path and checks the
    template's source and the Python version before using it; the file name adds Jinja's
    version. A missing, damaged or unwritable entry costs time, never a build. Like jieba's
    pickle beside it, an entry is code: the folder is the user's own (made 0700)."""

    def __init__(self, folder: Path):
        super().__init__(str(folder), f"quiz-template-{jinja2.__version__}-%s.cache")
        self.folder = folder

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception as exc:  # damaged (Jinja unpickles a checksum first): compiled again
            _log.debug(f"ignoring unreadable template cache: {exc}")
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            super().dump_bytecode(bucket)
            written = Path(self._get_cache_filename(bucket))
            prune_files(written, "quiz-template-*.cache", newest=4)  # one per checkout and Jinja
        except OSError as exc:  # a read-only cache folder only costs speed
            _log.debug(f"could not write the template cache in {self.folder}: {exc}")


def _links(out: str, url_for: Callable[[str], str]) -> str:
    """Docs-relative `.md` links in rendered text → URLs relative to the embedding page."""

    def fix(match: re.Match) -> str:
        target = html.unescape(match.group(1))
        if not target or target.startswith("#") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            return match.group(0)
        return f'href="{html.escape(url_for(target), quote=True)}"'

    return _HREF.sub(fix, out)


# ---------------------------------------------------------------------------
# The site's Markdown, made safe for data
# ---------------------------------------------------------------------------


def make_markdown(
    extensions: list, configs: dict, *, config_dir: str | Path = ".", cache_dir: str | Path | None = None
) -> "QuizMarkdown":
    """The site's Markdown for quiz text: one instance, made on first use, reused for every text.

    Raw HTML is escaped, event-handler attributes and unsafe URL schemes are
    dropped, and the glossary abbreviations that pages get through snippets'
    `auto_append` are loaded once so quiz text shows the same tooltips.
    With `cache_dir`, each quiz's converted text is remembered on disk (see QuizMarkdown)."""
    configs = copy.deepcopy(dict(configs))
    glossary_files: list[Path] = []
    snippets = configs.pop("pymdownx.snippets", None) or {}
    if "pymdownx.snippets" in extensions:
        bases = [Path(config_dir, b) for b in snippets.get("base_path", ["."])]
        for name in snippets.get("auto_append", []):
            found = next((b / name for b in bases if (b / name).is_file()), None)
            if found:
                glossary_files.append(found)
    exts = [e for e in extensions if e != "pymdownx.snippets"]
    glossary = "\n\n".join(p.read_text(encoding="utf-8") for p in glossary_files)

    def build() -> Callable[[str], str]:
        md = markdown.Markdown(extensions=exts + ["nl2br", _SafeExtension()], extension_configs=configs)
        for name in ("html_block",):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        if "html" in md.inlinePatterns:
            md.inlinePatterns.deregister("html")
        abbr = next((e for e in md.registeredExtensions if type(e).__name__ == "AbbrExtension"), None)
        if abbr is not None and glossary:
            md.convert(glossary)
            abbr.load_glossary(dict(abbr.abbrs))

        def convert(text: str) -> str:
            md.reset()
            return md.convert(text)

        return convert

    fingerprint = _fingerprint(exts, configs, glossary)
    return QuizMarkdown(build, fingerprint, Path(cache_dir) if cache_dir else None)


class QuizMarkdown:
    """Converts quiz text with the site's Markdown; callable for one text, `batch` for many.

    Converting the quiz text is most of what quizzes add to a build, and it gives the same
    HTML for the same text, extensions and glossary every time. So with a cache folder each
    batch (one quiz's texts) is remembered in a JSON file named after a fingerprint of the
    Markdown set-up — extension names and settings, the glossary's text, the versions of
    Markdown and pymdown-extensions, this module's source — and converted again only when
    its text or that set-up changes. JSON, never pickle: reading it runs no code. A missing,
    damaged or unwritable cache costs time, never a build. `save()` keeps only the batches
    used since the instance was made, so the file stays the size of the bank.
    """

    def __init__(self, build: Callable[[], Callable[[str], str]], fingerprint: str, cache_dir: Path | None):
        self._build, self._convert = build, None
        self.fingerprint = fingerprint
        self.path = cache_dir / f"quiz-markdown-{fingerprint[:20]}.json" if cache_dir else None
        self._known: dict[str, list[str]] = _read_cache(self.path, fingerprint) if self.path else {}
        self._used: dict[str, list[str]] = {}
        self.converted = 0  # batches converted (cache misses), for tests and benchmarks

    def __call__(self, text: str) -> str:
        return self.batch([text])[0]

    def batch(self, texts: list[str]) -> list[str]:
        """Each text as HTML, converted together in one Markdown call (or all from the cache)."""
        key = hashlib.blake2b("\x00".join(texts).encode("utf-8"), digest_size=20).hexdigest()
        parts = self._known.get(key)
        if not (isinstance(parts, list) and len(parts) == len(texts) and all(isinstance(p, str) for p in parts)):
            if self._convert is None:
                self._convert = self._build()
            parts = _convert_all(texts, self._convert)
            self._known[key] = parts
            self.converted += 1
        self._used[key] = parts
        return parts

    def save(self) -> None:
        """Write the batches used since this instance was made (if anything changed)."""
        if self.path is None or not self._used or (self.converted == 0 and self._used.keys() == self._known.keys()):
            return
        data = json.dumps({"fingerprint": self.fingerprint, "batches": self._used}, ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
            os.replace(tmp, self.path)
            prune_files(self.path, "quiz-markdown-*.json", newest=4)  # one file per set-up
        except OSError as exc:  # a read-only cache folder only costs speed
            _log.debug(f"could not write {self.path}: {exc}")


_log = logging.getLogger("mkdocs.hooks.quiz")


def _read_cache(path: Path, fingerprint: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:  # damaged: converted again and rewritten
        _log.debug(f"ignoring unreadable {path}: {exc}")
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint or not isinstance(data.get("batches"), dict):
        return {}
    return data["batches"]


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _stable(value) -> str:
    """A repr that is the same in every run (functions by name, no memory addresses)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_stable(k)}: {_stable(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_stable(v) for v in value) + "]"
    if isinstance(value, functools.partial):
        return f"partial({_stable(value.func)}, {_stable(list(value.args))}, {_stable(value.keywords)})"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def _fingerprint(extensions: list, configs: dict, glossary: str) -> str:
    import pymdownx

    parts = [
        _stable(extensions), _stable(configs), glossary, markdown.__version__,
        getattr(pymdownx, "__version__", ""), Path(__file__).read_text(encoding="utf-8"),
        f"{sys.version_info[0]}.{sys.version_info[1]}",
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


class _SafeTreeprocessor(markdown.treeprocessors.Treeprocessor):
    """Drops `on…` attributes (attr_list can add them) and links with unsafe schemes."""

    def run(self, root):
        for el in root.iter():
            for name in list(el.attrib):
                low = name.lower()
                if low.startswith("on") or low in ("srcdoc", "style"):
                    del el.attrib[name]
                elif low in _URL_ATTRS and not _safe_url(el.attrib[name]):
                    del el.attrib[name]


def _safe_url(value: str) -> bool:
    clean = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value))
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", clean)
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


class _SafeExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_SafeTreeprocessor(md), "quiz_safe", 0)
