"""The Streamlit server configuration keeps the security baseline."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())


def test_xsrf_and_cors_protection_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True


def test_upload_limit_at_most_10_mb():
    assert CONFIG["server"]["maxUploadSize"] <= 10


def test_no_error_details_and_viewer_toolbar():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_builtin_dataframe_export_off():
    # Its CSV is not formula-safe (shared/research §2.1); our downloads are.
    assert CONFIG["client"]["disableDataExport"] is True


def test_usage_statistics_off():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_streamlit_pinned_at_a_version_without_known_advisories():
    req = (Path(__file__).resolve().parent.parent / "requirements.txt").read_text()
    pins = dict(line.split("==") for line in req.splitlines() if "==" in line and not line.startswith("#"))
    major, minor, _ = (int(x) for x in pins["streamlit"].split("."))
    # The advisories listed in shared/research (e.g. GHSA path traversal, CVE-2024-42474) are fixed by 1.37.0.
    assert (major, minor) >= (1, 37)


def test_static_serving_on_for_the_map_files():
    # /map's deck points at app/static/states.json and app/static/icons.svg (components/views/map/static_files.py).
    assert CONFIG["server"]["enableStaticServing"] is True
    static = Path(__file__).resolve().parent.parent / "static"
    assert (static / "states.json").is_file() and (static / "icons.svg").is_file()
