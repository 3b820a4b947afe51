"""Texts to copy (the link, the minutes text): each shown in full, selectable, with a one-click Copy button.

`st.code` would do the same with a 1.6 MB syntax highlighter that every first visitor downloads
just to show a link (issue 15). This `st.components.v2` component is about 2 KB of inline code, sent
once per panel (one instance draws every text): per text a caption, a `<pre>` holding the text (set
as textContent, so nothing in it is ever rendered as HTML), a real `<button>` (keyboard and
screen-reader reachable, with its own accessible name) and a polite status line that says "Copied".
Where the browser refuses the clipboard (an http:// address other than localhost is not a secure
context), the button selects the text instead and says to press Ctrl+C.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True)
class CopyItem:
    caption: str  # what the text is, shown above it
    text: str
    label: str  # the Copy button's accessible name ("Copy link")


# Constant code: no data or URL value ever goes in it (the texts arrive as data, set as textContent).
_JS = """
const MARKUP = '<p class="ct-caption"></p><pre class="copy-text-value"></pre><div class="ct-row">'
  + '<button type="button" class="ct-button">Copy</button><span class="ct-status" role="status"></span></div>';
export default function ({ parentElement, data }) {
  let root = parentElement.querySelector(".copy-text");
  if (!root || root.children.length !== data.items.length) {
    if (root) root.remove();
    root = document.createElement("div");
    root.className = "copy-text";
    for (const _ of data.items) {
      const item = document.createElement("div");
      item.innerHTML = MARKUP;
      const pre = item.querySelector("pre"), status = item.querySelector(".ct-status");
      item.querySelector("button").addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(pre.textContent);
          status.textContent = "Copied";
        } catch {
          getSelection().selectAllChildren(pre);
          status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy";
        }
        clearTimeout(item.clear);
        item.clear = setTimeout(() => { status.textContent = ""; }, 4000);
      });
      root.append(item);
    }
    parentElement.append(root);
  }
  data.items.forEach((it, i) => {
    const item = root.children[i];
    item.querySelector("p").textContent = it.caption;
    item.querySelector("pre").textContent = it.text;
    item.querySelector("button").setAttribute("aria-label", it.label);
  });
}
"""
# Streamlit's caption and code-block look without its highlighter; dark text (contrast ≥ 4.5:1).
_CSS = """
.ct-caption { margin: 0 0 0.25rem; font-size: 0.875rem; color: #31333F; }
.copy-text-value { margin: 0 0 0.4rem; padding: 0.6rem 0.75rem; border-radius: 0.5rem; background: #F0F2F6;
  color: #0E0E0E; font: 0.85rem/1.45 "Source Code Pro", monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.ct-row { display: flex; align-items: center; gap: 0.6rem; margin-bottom: 1rem; }
.ct-button { font: inherit; font-size: 0.875rem; padding: 0.25rem 0.75rem; border-radius: 0.5rem;
  border: 1px solid #8A8D93; background: #FFF; color: #0E0E0E; cursor: pointer; }
.ct-button:hover { border-color: #0E0E0E; }
.ct-button:focus-visible { outline: 3px solid #0E0E0E; outline-offset: 2px; }
.ct-status { font-size: 0.875rem; color: #0E0E0E; }
"""


@st.cache_resource
def _component() -> Callable[..., Any]:
    return st.components.v2.component("coalitions_copy_text", js=_JS, css=_CSS)


def copy_data(items: Sequence[CopyItem]) -> dict[str, list[dict[str, str]]]:
    """What the browser gets: per text its caption, the text and the button's accessible name."""
    return {"items": [{"caption": i.caption, "text": i.text, "label": i.label} for i in items]}


def copy_texts(items: Sequence[CopyItem], *, key: str) -> None:
    """Every text of `items` in full, selectable, each with a Copy button named by its label."""
    _component()(data=copy_data(items), key=key, width="stretch", height="content")
