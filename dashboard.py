"""Entry point: page config, navigation (links keep the filters that apply) and presenter mode."""

import streamlit as st

from components.ui import widgets
from components.url import pages as navigation

presenting = widgets.presenting()
# No page_title here: each st.Page's own title names the browser tab.
st.set_page_config(
    page_icon=widgets.app_icon(),
    layout="wide",
    initial_sidebar_state="collapsed" if presenting else "expanded",
)

pages = {
    info.path: st.Page(
        info.file, title=info.title, icon=info.icon, url_path=info.path or None, default=not info.path
    )
    for info in navigation.PAGES
}
current = st.navigation(list(pages.values()), position="hidden")
widgets.nav_links(pages)
if presenting:
    widgets.presenter_mode(pages)
current.run()
