"""Entry point: page config, navigation (links keep the filters that apply) and presenter mode."""

import streamlit as st

from components.ui import reconnect, shell, turns
from components.url import pages as navigation

# One script at a time per slot: in a meeting burst people get the page one after another, not all
# at the end (components/ui/turns.py).
with turns.turn():
    presenting = shell.presenting()
    # No page_title here: each st.Page's own title names the browser tab.
    st.set_page_config(
        page_icon=shell.app_icon(),
        layout="wide",
        # "auto": open on a desktop, closed below Streamlit's mobile breakpoint, so a link scanned with a phone
        # opens on its title, takeaway and map (tests/browser/test_phone_journey.py).
        initial_sidebar_state="collapsed" if presenting else "auto",
    )

    pages = {
        info.path: st.Page(
            info.file, title=info.title, icon=info.icon, url_path=info.path or None, default=not info.path
        )
        for info in navigation.PAGES
    }
    current = st.navigation(list(pages.values()), position="hidden")
    shell.nav_links(pages)
    if presenting:
        shell.presenter_mode(pages)
    current.run()
# After the page (an empty fragment on a timer): the browser redraws the view after it reconnects to a
# restarted server or another replica (components/ui/reconnect.py).
reconnect.redraw_after_reconnect()
