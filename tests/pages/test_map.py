"""Map page (AppTest): URL parameters in → widgets, description, deck and details out; bad values → notices."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from components.data.load import load_dataset
from tests.hostile import HOSTILE_VALUES
from tests.pages.helpers import all_text, html_tables, map_canvases, run_page
from tests.synthetic import write_synthetic_members

PAGE = "pages/map.py"


def canvas(at) -> dict:
    """What the map canvas was sent: the deck text, the bounds to show, basemap, alt text."""
    [sent] = map_canvases(at)
    return sent


def deck(at) -> dict:
    return canvas(at)["deck"]


def centre_lon(at) -> float:
    west, _, east, _ = canvas(at)["bounds"]
    return (west + east) / 2


def widget(at, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def test_url_parameters_set_the_filters_and_the_description():
    at = run_page(
        PAGE,
        {
            "state": ["TX", "AZ"],
            "focus": "transportation",
            "coalition": ["ntxia", "connective"],
            "type": "city",
        },
    )
    assert not at.exception
    assert widget(at, "multiselect", "map.state").value == ["TX", "AZ"]
    assert widget(at, "multiselect", "map.focus").value == ["transportation"]
    assert widget(at, "multiselect", "map.coalition").value == ["ntxia", "connective"]
    assert widget(at, "multiselect", "map.type").value == ["city"]
    line = next(m.value for m in at.markdown if m.value.startswith("**"))
    plain = line.replace("\\", "")
    assert " of 2 coalitions in TX, AZ · focus: transportation" in plain
    assert "coalition: NTXIA, The Connective" in plain and "type: city" in plain


def test_the_url_is_rewritten_canonically():
    at = run_page(PAGE, {"coalition": "ntxia", "extent": "TX", "hide": "footprints", "details": "ntxia"})
    params = {
        k: at.query_params.get_all(k) if hasattr(at.query_params, "get_all") else v
        for k, v in at.query_params.items()
    }
    assert params["coalition"] in ("ntxia", ["ntxia"])
    assert params["extent"] in ("TX", ["TX"])
    assert params["hide"] in ("footprints", ["footprints"])
    assert params["details"] in ("ntxia", ["ntxia"])
    assert params["v"] in ("1", ["1"]) and params["data"] in (load_dataset().as_of, [load_dataset().as_of])


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"state": ["TX", "ZZ"]}, ["state 'ZZ'"]),
        ({"focus": "teleportation"}, ["focus area 'teleportation'"]),
        ({"coalition": "nope"}, ["coalition 'nope'"]),
        ({"type": "castle"}, ["member type 'castle'"]),
        ({"network": "skynet"}, ["network 'skynet'"]),
        ({"extent": "coalition:nope"}, ["map extent 'coalition\\:nope'"]),
        ({"extent": "Texas"}, ["map extent 'Texas'"]),
        ({"basemap": "satellite"}, ["basemap 'satellite'"]),
        ({"hide": "everything"}, ["map layer 'everything'"]),
        ({"details": "acme"}, ["details panel 'acme'"]),
        ({"member": "nobody"}, ["selected member 'nobody'"]),
        ({"zoom": "9"}, ["unknown link parameter 'zoom'"]),
    ],
)
def test_invalid_values_are_dropped_with_a_notice_naming_them(params, named):
    at = run_page(PAGE, params)
    assert not at.exception
    notice = " ".join(w.value for w in at.warning)
    for part in named:
        assert part in notice


def test_valid_values_next_to_invalid_ones_still_apply():
    at = run_page(PAGE, {"state": ["ZZ", "AZ"], "coalition": ["nope", "connective"]})
    assert widget(at, "multiselect", "map.state").value == ["AZ"]
    assert widget(at, "multiselect", "map.coalition").value == ["connective"]
    assert "Ignored state 'ZZ'" in " ".join(w.value for w in at.warning)


@pytest.mark.parametrize(
    "key",
    ["state", "focus", "coalition", "type", "network", "extent", "basemap", "hide", "details", "member"],
)
def test_hostile_values_never_raise(key):
    at = run_page(PAGE, {key: list(HOSTILE_VALUES)})
    assert not at.exception
    assert at.title[0].value == "Map of connected regions"
    for element in at.warning:  # markdown: every '<' the link carried is backslash-escaped
        assert not re.search(r"(?<!\\)<", element.value.replace("**", ""))


def test_empty_selection_says_so_and_clears():
    at = run_page(PAGE, {"state": "HI"})
    assert not at.exception
    assert any(i.value.startswith("No members match this view") for i in at.info)
    assert not map_canvases(at)
    clear = next(b for b in at.button if b.key == "map.clear")
    at = clear.click().run()
    assert widget(at, "multiselect", "map.state").value == []
    assert map_canvases(at)
    assert "state" not in at.query_params


def test_default_map_has_no_tiles_and_carto_is_opt_in():
    default = canvas(run_page(PAGE))
    assert default["basemap"] == "" and "carto" not in json.dumps(default["deck"])
    carto = canvas(run_page(PAGE, {"basemap": "carto"}))
    assert carto["basemap"] == "carto"  # the canvas then adds Carto's raster tiles under the outlines


def test_named_extent_frames_the_map_and_a_filter_change_fits_again():
    at = run_page(PAGE, {"coalition": "ntxia", "extent": "AZ"})
    assert -115 < centre_lon(at) < -109  # Arizona, not Dallas
    assert "framed on Arizona" in all_text(at).replace("\\", "")
    widget(at, "multiselect", "map.coalition").set_value(["ntxia", "csca"])
    at.run()
    assert widget(at, "selectbox", "map.extent").value == ""
    assert "extent" not in at.query_params
    assert -106 < centre_lon(at) < -96  # between Denver and Dallas


def test_hiding_a_layer_keeps_the_camera():
    at = run_page(PAGE, {"coalition": "ntxia"})
    before, camera = deck(at), canvas(at)["bounds"]
    pills = at.get("button_group")[0]
    assert pills.key == "map.layers"
    pills.set_value([o for o in pills.options if o != "County footprints"]).run()
    after = deck(at)
    assert "footprints" in {x["id"] for x in before["layers"]}
    assert "footprints" not in {x["id"] for x in after["layers"]}
    assert canvas(at)["bounds"] == camera
    assert at.query_params["hide"] in ("footprints", ["footprints"])


def test_details_panel_from_the_url():
    at = run_page(PAGE, {"details": "ntxia", "member": "plano-tx"})
    text = all_text(at).replace("\\", "").replace("**", "")
    assert "Selected on the map: Plano (city, TX)" in text
    assert "North Texas Innovation Alliance" in text
    assert "Roster: 24 of 40+ members listed" in text
    assert [t.label for t in at.tabs] == ["Members", "Focus areas", "Partnerships", "Sources"]


def test_choosing_another_coalition_forgets_the_clicked_member():
    at = run_page(PAGE, {"details": "ntxia", "member": "plano-tx"})
    widget(at, "selectbox", "map.details").set_value("snf").run()
    text = all_text(at).replace("\\", "")
    assert "Smart North Florida" in text and "Plano" not in text
    assert "member" not in at.query_params


def test_table_twin_follows_the_filters():
    at = run_page(PAGE, {"coalition": "ntxia"})
    tables = [t for t in html_tables(at) if "On the map" in t.columns]
    assert len(tables) == 1
    names = set(tables[0]["Name"])
    assert "Plano" in names and "Mesa" not in names


def test_map_has_an_accessible_name_and_downloads():
    at = run_page(PAGE, {"coalition": "snf"})
    assert canvas(at)["alt"].startswith("Map of US smart-city coalitions:")
    labels = {b.label for b in at.get("download_button")}
    assert {
        "What I see (CSV)",
        "Members and arcs (GeoJSON)",
        "This map, offline (HTML)",
        "Full dataset (ZIP)",
    } <= labels


def test_outlines_and_icons_are_fetched_not_sent():
    spec = deck(run_page(PAGE))
    assert spec["layers"][0]["id"] == "states" and spec["layers"][0]["data"] == "app/static/states.json"
    assert {x.get("iconAtlas") for x in spec["layers"] if "iconAtlas" in x} == {"app/static/icons.svg"}


def test_legend_is_html_named_for_screen_readers_and_no_chart():
    at = run_page(PAGE, {"coalition": "ntxia"})
    assert not at.get("vega_lite_chart")  # a first visit loads no chart library for the legend
    (legend,) = [m for m in at.markdown if "map-legend" in m.value]
    assert legend.proto.allow_html  # st.markdown: drawn from the first paint (its code comes with the page)
    legend = legend.value
    assert '<section class="map-legend" aria-label="Map legend"><h2>Legend</h2>' in legend
    assert "<h3>Colour: coalition or network</h3>" in legend
    assert "<span>NTXIA — North Texas Innovation Alliance</span>" in legend


def test_the_national_legend_is_sent_once_per_session():
    """Streamlit sends a message of at least global.minCachedMessageSize bytes once per session and
    only its hash on a rerun; the legend (inline SVG, ~9 kB) must be at least that size."""
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    (legend,) = [m for m in run_page(PAGE).markdown if "map-legend" in m.value]
    # The message is the element plus its envelope: at least the element's size.
    assert len(legend.proto.SerializeToString()) >= config["global"]["minCachedMessageSize"]


def test_a_view_is_built_once_for_every_rerun(monkeypatch):
    from components.views.map import shown

    built = []
    real = shown.build_deck
    monkeypatch.setattr(shown, "build_deck", lambda sel: built.append(sel.view) or real(sel))
    params = {"coalition": "kcdd", "hide": "partnerships", "type": "agency"}
    at = run_page(PAGE, params)
    at.run()
    run_page(PAGE, params)
    assert len(built) <= 1  # at most the first session built it; the reruns and the others reused it


# ---- a large member table (SYNTHETIC data, tests only) ------------------------------------------


@pytest.fixture
def large_data(data_copy, monkeypatch):
    assert write_synthetic_members(data_copy, ("TX",), 700) == 700
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    return data_copy


def member_table(at):
    return next(t for t in html_tables(at) if "On the map" in t.columns)


def test_a_large_table_is_shown_a_page_at_a_time(large_data):
    at = run_page(PAGE, {"state": "TX"})
    assert not at.exception
    picker = widget(at, "selectbox", "map.table_page")
    n = 700 + 26  # the SYNTHETIC rows and the shipped TX rows
    assert len(picker.options) == 25  # 30 rows a page
    assert picker.options[:2] == [f"rows 1–30 of {n}", f"rows 31–60 of {n}"]
    assert picker.options[-1] == f"rows 721–{n} of {n}"
    pages = [member_table(at)]
    for page in range(2, 26):
        picker = widget(at, "selectbox", "map.table_page")
        picker.set_value(page).run()
        pages.append(member_table(at))
    assert [len(p) for p in pages] == [30] * 24 + [6]
    assert pages[-1].attrs["caption"] == f"Members shown, rows 721–{n} of {n}"

    def rows_of(frame):
        return set(zip(frame["Name"], frame["Coalition or network"], strict=True))

    assert sum(len(rows_of(p)) for p in pages) == len(set().union(*map(rows_of, pages))) == n  # none twice
    # A filter change shows the first rows of the new selection.
    widget(at, "multiselect", "map.type").set_value(["city"]).run()
    assert widget(at, "selectbox", "map.table_page").value == 1
    labels = {b.label for b in at.get("download_button")}
    assert "What I see (CSV)" in labels  # every row, whatever page is shown


def test_a_small_table_has_no_pages():
    at = run_page(PAGE, {"state": "TX"})
    assert not [w for w in at.selectbox if w.key == "map.table_page"]
    shown, expected = member_table(at), maps_table_rows({"state": ["TX"]})
    assert len(shown) == 26
    assert shown["Name"].tolist() == expected["Name"].tolist()
    assert shown.attrs["hrefs"]["Source"] == expected["Source"].tolist()  # every source, linked


def test_the_national_view_pages_its_table_and_keeps_every_row():
    at = run_page(PAGE)
    expected = maps_table_rows({})
    assert len(expected) == 171
    picker = widget(at, "selectbox", "map.table_page")
    assert picker.options == [
        "rows 1–30 of 171",
        "rows 31–60 of 171",
        "rows 61–90 of 171",
        "rows 91–120 of 171",
        "rows 121–150 of 171",
        "rows 151–171 of 171",
    ]
    picker.set_value(6).run()
    assert member_table(at)["Name"].tolist() == expected["Name"].tolist()[150:]


def maps_table_rows(values):
    from components.data.filters import members_table
    from components.views.map.selection import select
    from components.views.map.table import table_frame
    from components.views.map.view import MapView

    data = load_dataset()
    return table_frame(select(data, members_table(data), MapView.from_values(values)))


CAMERA = "-97.5000,32.5000,-96.5000,33.2000"  # a panned view around Dallas–Fort Worth


def test_the_camera_in_the_link_is_shown_kept_and_drawn_by_every_export(monkeypatch):
    from components.views.map import static as map_static
    from tests.pages.downloads import capture_downloads

    downloads = capture_downloads(monkeypatch)
    drawn: list[object] = []
    real_png = map_static.map_png
    monkeypatch.setattr(
        map_static,
        "map_png",
        lambda sel, data, **kw: drawn.append(kw.get("bounds")) or real_png(sel, data, **kw),
    )
    at = run_page(PAGE, {"coalition": "ntxia", "view": CAMERA})
    assert canvas(at)["bounds_value"] == CAMERA  # the canvas shows the area the link carries
    assert at.query_params["view"] == CAMERA  # and so in the link, QR code and minutes text
    camera = (-97.5, 32.5, -96.5, 33.2)
    svg = _svg(downloads["map-of-connected-regions.html"]())
    assert svg != _svg(map_static.standalone_html(*_ntxia(), bounds=None))  # not the view's own frame
    assert svg == _svg(map_static.standalone_html(*_ntxia(), bounds=camera))
    pdf = downloads["map-handout.pdf"]()
    assert bytes(pdf).startswith(b"%PDF") and drawn == [camera]  # the handout's figure: the same camera


def _svg(html: str) -> str:
    return re.search(r"<svg.*?</svg>", html, re.S).group(0)


def _ntxia():
    from components.data.filters import Filters, members_table
    from components.views.map.selection import select
    from components.views.map.view import MapView

    data = load_dataset()
    link = (
        "http://localhost/map?coalition=ntxia&view=" + CAMERA.replace(",", "%2C") + "&v=1&data=" + data.as_of
    )
    return select(data, members_table(data), MapView(Filters(coalitions=("ntxia",)))), data, link
