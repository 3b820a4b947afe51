"""Charts as plain Vega-Lite: inline chart data, cached specs, and server-side SVG/PNG exports.

A page draws a chart from a Vega-Lite dict computed once per view (`vega_lite_spec`) instead of
handing Streamlit an Altair object, which it would convert and validate again on every rerun.

Altair's data transformer and theme are process-wide settings that Streamlit switches while it
converts a chart in another session's thread. So the builders give Altair their data already as
inline values (`chart_values`, which no transformer touches), and `vega_lite_spec` drops what the
active theme adds: the spec is the same whichever thread built it, and the same as the one
`st.altair_chart` would have drawn.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc
from altair.utils.data import to_values

# What Altair's "default" theme adds to a spec; Streamlit draws Altair charts without it.
_DEFAULT_THEME_VIEW = {"continuousWidth": 300, "continuousHeight": 300}

Spec = dict[str, Any]


def chart_values(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """A frame as Vega-Lite inline data ({"values": records}, NaN as null) for `alt.Chart(...)`."""
    return to_values(frame)


def vega_lite_spec(chart: alt.TopLevelMixin) -> Spec:
    """The chart as a validated Vega-Lite dict, without the default theme's view size.

    Treat the result as read-only: it is cached and shared by every session.
    """
    spec = chart.to_dict()
    config = spec.get("config")
    if isinstance(config, dict) and isinstance(config.get("view"), dict):
        view = config["view"]
        for key, value in _DEFAULT_THEME_VIEW.items():
            if view.get(key) == value:
                del view[key]
        if not view:
            del config["view"]
        if not config:
            del spec["config"]
    return spec


def _as_spec(chart: alt.TopLevelMixin | Spec) -> Spec:
    return chart if isinstance(chart, dict) else chart.to_dict()


def chart_svg(chart: alt.TopLevelMixin | Spec) -> bytes:
    return vlc.vegalite_to_svg(_as_spec(chart)).encode("utf-8")


def chart_png(chart: alt.TopLevelMixin | Spec, scale: float = 2.0) -> bytes:
    return vlc.vegalite_to_png(_as_spec(chart), scale=scale)
