"""Material's version selector, only where mike publishes the editions.

With `extra.version.provider: mike` Material fetches `../versions.json` on
every page. Only a site that mike built has that file (one level above each
edition's folder). Everywhere else — `make serve`, `make build`, the preview
artifact of a pull request — the fetch would fail with a console error, so the
selector is switched off for those builds here.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.versions")


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Keep `extra.version` only when mike builds (mike adds its plugin for the build)."""
    if "version" in config.extra and not built_by_mike(config):
        config.extra.pop("version")
        log.debug("not a mike build: version selector off")
    return config


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


def built_by_mike(config: MkDocsConfig) -> bool:
    """True when `mike deploy` runs this build: it injects its `mike` plugin."""
    return "mike" in config.plugins
