"""/compare as a slide (presenter mode): a few aspects side by side that a room reads at a glance.

The page's side-by-side table (comparison.py) cites a source beside every value and runs to several
screens. A slide keeps five of its aspects, values only, one cell per coalition; the same link without
`mode=present` shows every value with its source.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from components.data.filters import group_names
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.text import md_text
from components.views.compare.comparison import comparison, distinct_dates

# In the order the page's table has them. Who is listed (by role, and how many are cities) is the
# slide's takeaway sentence (comparison_sentences), so it is not repeated here.
SLIDE_ASPECTS = (
    "Founded",
    "Members listed vs reported",
    "States covered (listed members)",
    "Focus areas shared by all compared",
    "Focus areas only this one pursues (of those compared)",
)
# Several sources can give different values for one aspect (founding dates that disagree).
VALUE_SEPARATOR = " · "
# Dates: one a more precise one already says is left out (2020 beside 2020-05-26), as in the sentences.
DATE_ASPECTS = frozenset({"Founded"})


@per_dataset
def slide_table(data: Dataset, members: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """One row per slide aspect the comparison has, one column per coalition: its distinct values,
    escaped for st.table (cached per dataset and coalitions, shared: read-only)."""
    ids = tuple(ids)
    long = comparison(data, members, ids)
    names = group_names(data)
    records = []
    for aspect in SLIDE_ASPECTS:
        here = long[long["aspect"] == aspect]
        if here.empty:
            continue
        record = {"Aspect": md_text(aspect)}
        for cid in ids:
            values = list(dict.fromkeys(here.loc[here["coalition_id"] == cid, "value"]))
            if aspect in DATE_ASPECTS:
                values = distinct_dates(values)
            record[md_text(names[cid])] = VALUE_SEPARATOR.join(md_text(v) for v in values)
        records.append(record)
    return pd.DataFrame(records)
