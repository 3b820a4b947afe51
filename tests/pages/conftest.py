"""AppTest set-up shared by the page tests."""

import pytest

from tests.pages.helpers import run_page


@pytest.fixture(scope="session", autouse=True)
def _warm_up():
    """Run one page once per test process.

    The first AppTest run in a process lands on the default page (app_data's one-off rerun out of
    Streamlit's pages/ folder mode), so every test afterwards sees the page it asked for.
    """
    run_page("pages/overview.py")
