"""The focus-evidence vocabulary: how strong a piece of evidence is, how a level is written, and
how a source is named. Shared by the focus-areas matrix and the comparison (neither imports the other).

A level is the strongest evidence found for a coalition and a focus area: "stated focus area"
(the coalition names it as a focus area) beats "named programme or project" (a named programme or
project of the coalition maps to it); with neither, the level is "none found in the sources read"
— never "no", because an unread source may say otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset

LEVEL_STATED = "stated focus area"
LEVEL_PROGRAMME = "named programme or project"
LEVEL_NONE = "none found in the sources read"
LEVELS = (LEVEL_STATED, LEVEL_PROGRAMME, LEVEL_NONE)
# focus_evidence.evidence → level.
LEVEL_OF_EVIDENCE = {"stated": LEVEL_STATED, "programme": LEVEL_PROGRAMME}
RANK = {LEVEL_STATED: 2, LEVEL_PROGRAMME: 1, LEVEL_NONE: 0}
SHORT = {LEVEL_STATED: "stated", LEVEL_PROGRAMME: "programme", LEVEL_NONE: "none found"}
# Glyphs in the cells so that colour is never the only cue.
GLYPH = {LEVEL_STATED: "●", LEVEL_PROGRAMME: "◐", LEVEL_NONE: "·"}
# Marks the NSCP's five shared focus areas wherever focus areas are listed.
NSCP_MARK = "★"


def strongest(levels: Iterable[str]) -> str:
    """The strongest of some levels; none at all is LEVEL_NONE."""
    return max(levels, key=RANK.__getitem__, default=LEVEL_NONE)


def levels_of(evidence: pd.Series) -> pd.Series:
    """focus_evidence.evidence values as levels (an unknown kind counts as none found)."""
    return evidence.map(LEVEL_OF_EVIDENCE).fillna(LEVEL_NONE)


def source_label(published: object, accessed: object, publisher: object) -> str:
    """'GovTech, 2021-11-12' or 'GovTech, source undated (read 2026-11-21)'."""
    pub = str(publisher or "").strip() or "source"
    if isinstance(published, str) and published:
        return f"{pub}, {published}"
    read = f" (read {accessed})" if isinstance(accessed, str) and accessed else ""
    return f"{pub}, source undated{read}"


@per_dataset
def labelled_sources(data: Dataset) -> pd.DataFrame:
    """Sources indexed by id with a 'source' label (cached per dataset, shared: read-only)."""
    src = data.sources[["source_id", "title", "publisher", "url", "published", "accessed"]].copy()
    src["source"] = [
        source_label(p, a, pub)
        for p, a, pub in zip(src["published"], src["accessed"], src["publisher"], strict=True)
    ]
    return src.set_index("source_id")


@per_dataset
def focus_labels(data: Dataset) -> dict[str, str]:
    """Label of every focus-area id (shared and cached: read-only)."""
    return dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
