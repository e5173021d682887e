"""Quiz model → HTML through a Jinja template; text fields through the site's Markdown."""

from __future__ import annotations

import copy
import functools
import html
import re
from pathlib import Path
from typing import Callable

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

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
) -> str:
    """The quiz as server-rendered HTML (readable without JavaScript)."""
    url_for = url_for or (lambda target: target)
    # The template asks for Markdown by placeholder; every text field of the quiz
    # then goes through Markdown in one call, which costs far less than one call each.
    texts: list[str] = []

    def later(text: str, inline: bool) -> Markup:
        texts.append(text)
        return Markup(f"\x00{'i' if inline else 'b'}{len(texts) - 1}\x00")

    template = _env().get_template("quiz.html")
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
    converted = _convert_all(texts, markdown)

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
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


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


def make_markdown(extensions: list, configs: dict, *, config_dir: str | Path = ".") -> Callable[[str], str]:
    """One Markdown instance with the site's extensions, reused for every text field.

    Raw HTML is escaped, event-handler attributes and unsafe URL schemes are
    dropped, and the glossary abbreviations that pages get through snippets'
    `auto_append` are loaded once so quiz text shows the same tooltips."""
    configs = copy.deepcopy(dict(configs))
    glossary_files: list[Path] = []
    snippets = configs.pop("pymdownx.snippets", None) or {}
    if "pymdownx.snippets" in extensions:
        bases = [Path(config_dir, b) for b in snippets.get("base_path", ["."])]
        for name in snippets.get("auto_append", []):
            found = next((b / name for b in bases if (b / name).is_file()), None)
            if found:
                glossary_files.append(found)
    exts = [e for e in extensions if e != "pymdownx.snippets"] + ["nl2br", _SafeExtension()]
    md = markdown.Markdown(extensions=exts, extension_configs=configs)
    for name in ("html_block",):
        if name in md.preprocessors:
            md.preprocessors.deregister(name)
    if "html" in md.inlinePatterns:
        md.inlinePatterns.deregister("html")

    abbr = next((e for e in md.registeredExtensions if type(e).__name__ == "AbbrExtension"), None)
    if abbr is not None and glossary_files:
        md.convert("\n\n".join(p.read_text(encoding="utf-8") for p in glossary_files))
        abbr.load_glossary(dict(abbr.abbrs))

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


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
