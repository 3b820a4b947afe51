"""The change package a coalition sends to the maintainers: the edited tables and CHANGES.md.

CHANGES.md lists every change with its source, under the same sentence the page shows. The ZIP's
`data/` folder is a complete data folder (every table, the change applied), so a maintainer can run
`python -m components.validate data` and `python -m components.diff coalitions_data data` on it.
Every data string in CHANGES.md goes through the one sanitiser (components/data/text.py).
"""

from __future__ import annotations

import io
import zipfile

from components.data.load import Dataset
from components.data.text import md_link, md_text
from components.views.contribute.apply import Proposal, changed_files
from components.views.contribute.diff import CHANGED, DataDiff, describe_detail, describe_row

FOLDER = "data"


def _source_markdown(source_id: str, diff: DataDiff) -> str:
    src = diff.sources.get(source_id)
    if not src:
        return md_text(source_id or "no source")
    dates = "; ".join(f"{k} {src[k]}" for k in ("published", "accessed") if src.get(k))
    label = f"{src.get('title', '')} ({src.get('publisher', '')}{'; ' + dates if dates else ''})"
    return f"{md_link(label, src.get('url', ''))} · `{md_text(source_id)}`"


def changes_markdown(proposal: Proposal, diff: DataDiff, data: Dataset, files: dict[str, bytes]) -> str:
    """CHANGES.md: what changed, table by table, each change with its source."""
    lines = [
        f"# Proposed changes: {md_text(proposal.coalition)} ({md_text(proposal.coalition_id)})",
        "",
        f"**{md_text(diff.summary)}.**",
        "",
        f"Prepared on the dashboard's “Update your roster” page from {md_text(proposal.upload.files)}, "
        f"against the published data as of {md_text(data.as_of)}. The edited copy passed every check of the "
        "data validator (`python -m components.validate`).",
        "",
        f"Tables changed: {', '.join(f'`{f}`' for f in files) or 'none'}. The `{FOLDER}/` folder holds every "
        "table with the change applied; to review it:",
        "",
        "```",
        f"python -m components.validate {FOLDER}",
        f"python -m components.diff coalitions_data {FOLDER}",
        "```",
    ]
    table = None
    for change in diff.changes:
        if change.table != table:
            table = change.table
            lines += ["", f"## {table}.csv", ""]
        detail = describe_detail(change) if change.kind == CHANGED else ""
        text = f"- **{change.kind}** {md_text(describe_row(change, diff.names))}"
        if detail:
            text += f" — {md_text(detail)}"
        sources = diff.sources_of(change)
        text += " — source: " + (" | ".join(_source_markdown(s, diff) for s in sources) or "none given")
        lines.append(text)
    return "\n".join(lines) + "\n"


def change_package(proposal: Proposal, diff: DataDiff, data: Dataset) -> bytes:
    """The ZIP: CHANGES.md and data/<every table>.csv with the change applied."""
    files = changed_files(proposal, data)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("CHANGES.md", changes_markdown(proposal, diff, data, files))
        for name, content in proposal.files.items():
            zf.writestr(f"{FOLDER}/{name}", content)
    return buf.getvalue()


def package_name(proposal: Proposal, data: Dataset) -> str:
    return f"{proposal.coalition_id}_changes_{data.as_of or 'data'}.zip"
