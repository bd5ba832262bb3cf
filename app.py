"""The app: a thin script over cached pieces. Run it with ``streamlit run app.py``.

It opens on the default story: a map and the text side by side, stop by stop, with the letters,
the full texts and the gazetteer in their own tabs. Deep links open a view at a journey and a
stop: ``?view=route&journey=exile-1928&stop=3``.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.errors import GeoError
from geo.views.common import credits, data_version, page_style
from geo.views.html import plain
from geo.views.params import query_choice, query_index

VIEWS = {"route": "Route", "letters": "Letters", "text": "Text", "gazetteer": "Gazetteer", "export": "Export"}

st.set_page_config(page_title="Trotsky in Alma-Ata, 1928–1929", page_icon="🗺️", layout="wide")

# Streamlit reads .streamlit/config.toml from the folder it is started in only. Started elsewhere, it
# serves no ./static/ (so no Leaflet: blank maps) and sends usage statistics: say so, rather than
# show empty frames.
if not st.get_option("server.enableStaticServing"):
    st.error(
        "**The maps cannot be shown: Streamlit's static file serving is off.** The app serves its own copy "
        "of Leaflet from `static/`, and the setting that allows it is in `.streamlit/config.toml`, which "
        "Streamlit reads only from the folder it is started in. Start the app from the project folder:\n\n"
        f"```\ncd {Path(__file__).resolve().parent}\nstreamlit run app.py\n```\n\n"
        "or pass the settings yourself: `streamlit run app.py --server.enableStaticServing true "
        "--browser.gatherUsageStats false`.")
    st.stop()


# Keyed by the data files' modification times and sizes: a file edited by hand is read again on the
# next rerun (the old story is dropped), and a fixed error is retried (exceptions are never cached).
@st.cache_resource(show_spinner="Loading the story…", max_entries=2)
def story(version: tuple):
    from geo.story import load_story

    return load_story()


@st.cache_resource(show_spinner="Finding the places in the texts…", max_entries=2)
def mentions(version: tuple) -> dict[str, list]:
    """The place mentions of every text of the story, by text id (the geoparser runs once a version)."""
    from geo.geoparse import find_mentions

    s = story(version)
    return {tid: find_mentions(s.text(tid), s.gazetteer, doc=tid, date=t.story_date)
            for tid, t in s.texts.items()}


def _deep_link(s) -> None:
    """On a session's first run, take the view, journey and stop from the URL."""
    if st.session_state.get("_linked"):
        return
    st.session_state["_linked"] = True
    journey = query_choice("journey", s.journeys)
    if journey is not None:
        st.session_state["journey"] = journey
        stop = query_index("stop", len(s.journeys[journey].stops))
        if stop is not None:
            st.session_state[f"stop_{journey}"] = stop


version = data_version()
try:
    the_story = story(version)
except GeoError as e:
    st.error(f"The story cannot be loaded:\n\n```\n{e}\n```")
    st.stop()
try:
    found = mentions(version)
except GeoError as e:
    st.error(f"The places in the texts cannot be found:\n\n```\n{e}\n```")
    st.stop()

st.session_state["data_version"] = version  # what the views' fragments compare the files against
page_style()
# Titles and notes are the historian's text, not Markdown: "*" or "![](...)" in them stays as written.
st.markdown(f"<h1>{plain(the_story.title)}</h1>", unsafe_allow_html=True)
if the_story.description:
    st.caption(f"<div>{plain(the_story.description)}</div>", unsafe_allow_html=True)
_deep_link(the_story)

default = VIEWS[query_choice("view", VIEWS) or "route"]
tabs = st.tabs(list(VIEWS.values()), key="view", default=default, on_change="rerun")
for (name, label), tab in zip(VIEWS.items(), tabs):
    if not tab.open:
        continue
    with tab:
        if name == "route":
            from geo.views.route import route_view

            route_view(the_story, found)
        elif name == "letters":
            from geo.views.letters import letters_view

            letters_view(the_story, found)
        elif name == "text":
            from geo.views.text import text_view

            text_view(the_story, found)
        elif name == "gazetteer":
            from geo.views.gazetteer import gazetteer_view

            gazetteer_view(the_story, found)
        else:
            from geo.views.exports import exports_view

            exports_view(the_story, found)

with st.container():
    st.divider()
    credits(the_story)
