"""The shipped dataset, and shipped members plus SYNTHETIC gazetteer members, shared by the map tests."""

from __future__ import annotations

import pytest

from components.data.filters import members_table
from components.data.load import load_dataset
from components.geo.gazetteer import us_places
from components.views.map.counts import MAX_POINTS
from tests.components.views.map.helpers import TX_OK, tx_ok_places, with_synthetic_places


@pytest.fixture(scope="package")
def data():
    return load_dataset()


@pytest.fixture(scope="package")
def members(data):
    return members_table(data)


@pytest.fixture(scope="package")
def places():
    return us_places()


@pytest.fixture(scope="package")
def many_in_texas(members, places):
    """Shipped members + 1,600 SYNTHETIC NTXIA members in Texas and Oklahoma (1,626 points there)."""
    return with_synthetic_places(members, tx_ok_places(places).head(1_600), "ntxia")


@pytest.fixture(scope="package")
def just_under(members, places):
    """Shipped members + SYNTHETIC NTXIA members: exactly MAX_POINTS points in Texas and Oklahoma."""
    shipped = len(members[members["state"].isin(TX_OK) & members["lon"].notna()])
    return with_synthetic_places(members, tx_ok_places(places).head(MAX_POINTS - shipped), "ntxia")


@pytest.fixture(scope="package")
def nationwide(members, places):
    """Shipped members + every 8th US gazetteer place as a SYNTHETIC CSCA member (~2,700 points)."""
    return with_synthetic_places(members, places.iloc[::8], "csca")
