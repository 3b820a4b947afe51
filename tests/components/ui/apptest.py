"""Run a tiny app with AppTest (STYLE habit 9): the link's query parameters set before the first run.

Shared by the tests under tests/components/ui/: each builds its app function and asserts on what it drew.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from streamlit.testing.v1 import AppTest

TIMEOUT = 30  # seconds per run: the first run of an app imports the components it draws


def run_app(
    app: Callable[..., None], params: Mapping[str, str | list[str]] | None = None, /, **kwargs
) -> AppTest:
    """`app(**kwargs)` in AppTest, opened with `params` as its query string, run once without an exception."""
    at = AppTest.from_function(app, default_timeout=TIMEOUT, kwargs=kwargs)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    """Run `at` (again after a click or a new value) and fail on any exception the app raised."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
