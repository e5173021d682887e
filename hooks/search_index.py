"""MkDocs hook: the site's search index, built by Pagefind after the site is written.

Pagefind (the `pagefind[extended]` package: its binary ships in the wheel; the extended build
segments Chinese) reads the built HTML and writes `pagefind/` into the site: a small entry
file, a script, WebAssembly, and the index in chunks that a reader's browser fetches only when
searching (overrides/assets/javascripts/search.js), and only the chunks for the words typed.
Every edition published with mike carries its own `pagefind/`.

What is indexed: the article of every page, except pages whose front matter says
`search: exclude: true` (the whole-handbook print page, the trainers' answer keys), and,
inside pages, anything marked `data-search-exclude` (the quizzes: questions, options,
feedback) and the headings' permalink signs. The page's first h1 is its title.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

ARTICLE = '<article class="md-content__inner md-typeset">'
# Left out of the index wherever they appear inside an indexed article.
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".gb-page-dates")


def on_post_page(output: str, page, config, **kwargs) -> str:
    """Mark the article of each searchable page for Pagefind (data-pagefind-body)."""
    search = page.meta.get("search") or {}
    if isinstance(search, dict) and search.get("exclude"):
        return output
    if output.count(ARTICLE) != 1:
        raise PluginError(f"{page.file.src_uri}: expected one {ARTICLE} in the page (Material's layout)")
    return output.replace(ARTICLE, ARTICLE[:-1] + " data-pagefind-body>", 1)


def on_post_build(config, **kwargs) -> None:
    site = Path(config.site_dir)
    cmd = [str(executable()), "--site", str(site), "--output-subdir", "pagefind", "--silent"]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode or not (site / "pagefind" / "pagefind.js").is_file():
        raise PluginError(f"Pagefind could not index the site:\n{(done.stderr or done.stdout).strip()}")


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise PluginError(
            "Pagefind is not installed: run `make build` (it installs requirements.lock)"
        ) from None
    return get_executable()
