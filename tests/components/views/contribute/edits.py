"""A SYNTHETIC edit of a real coalition's template, shared by the unit, AppTest and browser tests.

The edit adds one made-up member (placed at a real town so the loader can map it) with a made-up
source, and changes one published member's role. Nothing here is shipped or shown as real data.
"""

from __future__ import annotations

import csv
import io

COALITION = "ntxia"
NEW_ENTITY = "synthetic-member-test"
NEW_SOURCE = "synthetic-test-source"
NEW_MEMBER = {
    "entity_id": NEW_ENTITY,
    "name": "Synthetic Member (test)",
    "entity_type": "city",
    "place": "Waxahachie",
    "state": "TX",
    "country": "US",
    "located_by": "city",
    "role": "member",
    "source_id": NEW_SOURCE,
    "as_of": "2026-12-01",
    "source_title": "Synthetic test source (not real)",
    "source_publisher": "Test suite",
    "source_url": "https://example.org/synthetic-roster",
    "source_accessed": "2026-12-01",
}
EXPECTED_SUMMARY = "1 member added, 1 role changed, 1 new source"


def split_template(content: bytes) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """(the '# ' note lines, the header, the rows) of a CSV template."""
    lines = content.decode("utf-8-sig").splitlines(keepends=True)
    notes = [line for line in lines if line.startswith("#")]
    reader = csv.DictReader(io.StringIO("".join(line for line in lines if not line.startswith("#"))))
    return notes, list(reader.fieldnames or []), list(reader)


def join_template(notes: list[str], header: list[str], rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    buf.writelines(notes)
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def role_row(rows: list[dict[str, str]]) -> int:
    """The first row whose member has one role from one source only (so changing it changes its roles)."""
    pairs: dict[str, int] = {}
    for row in rows:
        pairs[row["entity_id"]] = pairs.get(row["entity_id"], 0) + 1
    return next(
        i for i, r in enumerate(rows) if pairs[r["entity_id"]] == 1 and r["role"] == "founding member"
    )


def sample_edit(template: bytes) -> tuple[bytes, dict[str, str]]:
    """The roster template with one member added (with a new source) and one role changed.

    Returns the edited file and the changed row ('founding member' → 'member').
    """
    notes, header, rows = split_template(template)
    i = role_row(rows)
    rows[i] = rows[i] | {"role": "member"}
    rows.append({h: "" for h in header} | {"group_id": COALITION} | NEW_MEMBER)
    return join_template(notes, header, rows), rows[i]
