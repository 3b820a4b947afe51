"""/compare's slide table on the SYNTHETIC dataset of tests/synthetic.py (expected values by hand)."""

from __future__ import annotations

from components.views.compare import slide


def test_the_slide_table_has_five_aspects_values_only_one_column_per_coalition(syn):
    data, members = syn
    table = slide.slide_table(data, members, ("zeta", "mu"))
    assert list(table.columns) == ["Aspect", "Zeta", "Mu"]
    assert list(table["Aspect"]) == [
        "Founded",
        "Members listed vs reported",
        r"States covered \(listed members\)",  # escaped for st.table's Markdown
        "Focus areas shared by all compared",
        r"Focus areas only this one pursues \(of those compared\)",
    ]
    rows = table.set_index("Aspect")
    # Zeta: 2019 (Synthetic Press) is said more precisely by 2019-05-01 (Synthetic Wire); Mu's disagree.
    assert rows.loc["Founded"].to_dict() == {"Zeta": r"2019\-05\-01", "Mu": "2018 · 2020"}
    assert rows.loc[r"States covered \(listed members\)"].to_dict() == {"Zeta": "TX", "Mu": "AZ, TX"}
    assert rows.loc["Focus areas shared by all compared"].to_dict() == {"Zeta": "One", "Mu": "One"}
    assert "—" not in " ".join(rows.to_numpy().ravel())  # no "value — source" cells: values only


def test_the_slide_table_follows_the_order_of_the_coalitions_and_is_computed_once(syn):
    data, members = syn
    table = slide.slide_table(data, members, ("mu", "zeta", "alpha"))
    assert list(table.columns) == ["Aspect", "Mu", "Zeta", "Alpha"]
    assert slide.slide_table(data, members, ("mu", "zeta", "alpha")) is table
