"""Member types as shapes: every type has one, and the three commonest are told apart by shape."""

from __future__ import annotations

from components.views.map.icons import ICON_PX, SHAPE_OF_TYPE


def test_every_member_type_has_a_shape_and_county_city_university_are_visible_sizes():
    from components.data.schema import ENTITY_TYPES

    assert set(ENTITY_TYPES) <= set(SHAPE_OF_TYPE)
    for entity_type in ("county", "city", "university"):
        assert ICON_PX[SHAPE_OF_TYPE[entity_type]] >= 12
    # the three are told apart by shape, not only by colour
    assert len({SHAPE_OF_TYPE[t] for t in ("county", "city", "university")}) == 3
