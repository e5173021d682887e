"""MkDocs hook: name the self-check boxes of task lists for assistive technology.

pymdownx.tasklist (custom_checkbox) renders `- [ ] 我在会前确认了目的` as
`<label class="task-list-control"><input type="checkbox" disabled/><span …></span></label> 我在…`:
the label that wraps the box has no text, so a screen reader announces an unnamed
checkbox (axe: `label`, critical). This gives each box the item's own words as its
`aria-label`. Pure string work on the page HTML; no state.

The boxes are real toggles that remember nothing: pymdownx renders them `disabled`, which
looks tappable and does nothing; this takes `disabled` away so a reader can tick them while
going through the list (a reload clears them; nothing is stored). extra.css makes the tap
target 44 px and shows keyboard focus.
"""

from __future__ import annotations

import html
import re

# The box, then everything up to a nested list or the end of the item.
_ITEM = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input type="checkbox")'
    r"(?![^>]*aria-label)([^>]*>)(.*?)(?=<ul|<ol|</li>)",
    re.S,
)
_TAG = re.compile(r"<[^>]+>")


# ---------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------


def on_page_content(html_text: str, **kwargs) -> str:
    """Add `aria-label` to every task-list checkbox that has none, and make it a toggle."""
    if "task-list-control" not in html_text:
        return html_text
    return label_task_boxes(html_text)


# ---------------------------------------------------------------------------
# Helper functions
# ---------------------------------------------------------------------------


def label_task_boxes(html_text: str) -> str:
    def name(m: re.Match) -> str:
        words = " ".join(html.unescape(_TAG.sub("", m.group(3))).split())
        if not words:
            return m.group(0)
        rest = m.group(2).replace(" disabled", "", 1)
        return f'{m.group(1)} aria-label="{html.escape(words, quote=True)}"{rest}{m.group(3)}'

    return _ITEM.sub(name, html_text)
