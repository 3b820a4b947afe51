"""Server-side chart exports (SVG, PNG) with vl-convert: no browser, no network."""

from __future__ import annotations

import altair as alt
import vl_convert as vlc


def chart_svg(chart: alt.TopLevelMixin) -> bytes:
    return vlc.vegalite_to_svg(chart.to_dict()).encode("utf-8")


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    return vlc.vegalite_to_png(chart.to_dict(), scale=scale)
