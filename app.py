"""The app: a thin script over cached pieces. Run it with ``streamlit run app.py``.

It opens on the default story: a map and the text side by side, stop by stop, with the letters,
the full texts and the gazetteer in their own tabs. Deep links open a view at a journey and a
stop: ``?view=route&journey=exile-1928&stop=3``.
"""
from __future__ import annotations

import streamlit as st

from geo.errors import GeoError
from geo.views.common import credits, page_style

VIEWS = {"route": "Route", "letters": "Letters", "text": "Text", "gazetteer": "Gazetteer", "export": "Export"}

st.set_page_config(page_title="Trotsky in Alma-Ata, 1928–1929", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner="Loading the story…")
def story():
    from geo.story import load_story

    return load_story()


@st.cache_resource(show_spinner="Finding the places in the texts…")
def mentions() -> dict[str, list]:
    """The place mentions of every text of the story, by text id (the geoparser runs once a process)."""
    from geo.geoparse import find_mentions

    s = story()
    return {tid: find_mentions(s.text(tid), s.gazetteer, doc=tid, date=t.story_date)
            for tid, t in s.texts.items()}


def _deep_link() -> None:
    """On a session's first run, take the view, journey and stop from the URL."""
    if st.session_state.get("_linked"):
        return
    st.session_state["_linked"] = True
    q = st.query_params
    s = story()
    if q.get("journey") in s.journeys:
        st.session_state["journey"] = q["journey"]
        stop = q.get("stop", "")
        if stop.isdigit():
            st.session_state[f"stop_{q['journey']}"] = min(int(stop), len(s.journeys[q["journey"]].stops) - 1)


try:
    the_story = story()
except GeoError as e:
    st.error(f"The story cannot be loaded:\n\n```\n{e}\n```")
    st.stop()

page_style()
st.title(the_story.title)
if the_story.description:
    st.caption(the_story.description)
_deep_link()

default = VIEWS.get(st.query_params.get("view", "route"), "Route")
tabs = st.tabs(list(VIEWS.values()), key="view", default=default, on_change="rerun")
found = mentions()
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
