"""Page dates from git history, and none where there is no history.

The git-revision-date-localized plugin (configured in mkdocs.yml) gives each
page the date of its first and of its latest commit. Without history — a
build from a release archive, a page that is not committed yet — it would
invent the build time instead, and say so with log lines that a strict build
can trip over. This hook leaves such pages out of the plugin, so they show no
dates rather than wrong ones, and the build stays quiet.
"""

from __future__ import annotations

import glob
import logging
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.page_dates")

PLUGIN = "git-revision-date-localized"


class _State:
    """Per-build state; reset in `on_config` (`mkdocs serve` keeps this module loaded)."""

    committed: frozenset[str] = frozenset()
    user_exclude: list[str] = []


_state = _State()


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Switch the plugin off when docs/ has no git history at all."""
    _state.committed = frozenset()
    _state.user_exclude = []
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config["enabled"]:
        return config
    committed = committed_files(Path(config.docs_dir))
    if not committed:
        plugin.config["enabled"] = False
        log.info("Page dates: %s has no git history; pages are built without dates.", config.docs_dir)
        return config
    _state.committed = committed
    _state.user_exclude = list(plugin.config["exclude"])
    return config


@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Leave pages that are not in the last commit out of the plugin: they have no dates yet."""
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config["enabled"]:
        return files
    new = [
        f.src_uri
        for f in files.documentation_pages()
        if f.abs_src_path and f.src_uri not in _state.committed
    ]
    plugin.config["exclude"] = _state.user_exclude + [glob.escape(uri) for uri in new]
    if new:
        log.info("Page dates: not committed yet, shown without dates: %s", ", ".join(new))
    return files


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


def committed_files(docs_dir: Path) -> frozenset[str]:
    """Paths (relative to `docs_dir`, with `/`) of the files in the last commit; empty without git."""
    try:
        out = subprocess.run(
            ["git", "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", "."],
            cwd=docs_dir,
            capture_output=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name for name in out.decode("utf-8").split("\0") if name)
