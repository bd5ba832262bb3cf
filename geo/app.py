"""The app: a thin script over cached pieces, opened on one story folder.

``streamlit run app.py`` (from a clone) and ``geo-story app`` (installed) both run :func:`main`. The
story is the folder given as ``streamlit run app.py -- --story DIR``, else ``$GEO_STORY``, else the
default story; the sidebar switches between the stories the app knows (that one, the default story,
and every story folder in ``$GEO_STORY_HOME`` or ``~/geo-stories``). Deep links open a view at a
journey and a stop: ``?view=route&journey=ID&stop=3``; ``?mode=lecture&journey=ID`` is the route for a
projector (map and passage only, lecture keys).
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
from pathlib import Path

import streamlit as st

from geo.errors import GeoError
from geo.views.params import query_choice, query_index

__all__ = ["APP_MODES", "LAUNCHER", "LECTURE_MODES", "VIEWS", "main", "started_with", "write_launcher"]

# The sidebar's modes: reading the story, or the story editor (geo/views/editor.py) on it or on a new one.
APP_MODES = {"read": "Read", "edit": "Edit this story", "new": "New story"}
# ?mode=lecture: the route view for a projector, with lecture keys.
LECTURE_MODES = ("lecture",)
VIEWS = {"route": "Route", "letters": "Letters", "text": "Text", "gazetteer": "Gazetteer", "export": "Export"}

# The script Streamlit runs: the same two lines as the project's app.py. `geo-story app` writes it
# into a folder of its own, because Streamlit serves static files only from beside the script.
LAUNCHER = '''"""The app: ``streamlit run app.py`` (or ``streamlit run app.py -- --story DIR``). See geo/app.py."""
from geo.app import main

main()
'''


def write_launcher(folder: str | Path) -> Path:
    """Write the app's script into ``folder`` (for ``geo-story app``) and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "app.py"
    if not script.is_file() or script.read_text(encoding="utf-8") != LAUNCHER:
        from geo.datafiles import write_atomic

        write_atomic(script, LAUNCHER)
    return script


def started_with(argv: list[str] | None = None) -> str | None:
    """The story folder the app was started on: ``--story DIR`` after ``--``, else ``$GEO_STORY``."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--story")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args.story or os.environ.get("GEO_STORY") or None


# Keyed by the data files' modification times and sizes: a file edited by hand is read again on the
# next rerun (the old story is dropped), and a fixed error is retried (exceptions are never cached).
@st.cache_resource(show_spinner="Loading the story…", max_entries=4)
def _story(folder: str, version: tuple):
    from geo.story import load_story

    return load_story(Path(folder))


@st.cache_resource(show_spinner="Finding the places in the texts…", max_entries=4)
def _mentions(folder: str, version: tuple) -> dict[str, list]:
    """The place mentions of every text of the story, by text id (the geoparser runs once a version),
    less those the historian rejected."""
    from geo.geoparse import find_mentions
    from geo.register import load_register

    s = _story(folder, version)
    register = load_register(s.folder.register_file) if s.folder else None
    return {tid: [m for m in find_mentions(s.text(tid), s.gazetteer, doc=tid, date=t.story_date, register=register)
                  if s.accepts(m)]
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


def _choose_story() -> Path:
    """The story folder of this session: the sidebar's choice among the stories the app knows."""
    from geo.storyfolder import known_stories, story_folder

    given = started_with()
    try:
        first = story_folder(given).root if given else None
    except GeoError as e:
        st.error(f"The story given (`--story` or `GEO_STORY`) cannot be opened:\n\n```\n{e}\n```")
        first = None
    stories = known_stories(first)
    roots = [s.root for s in stories]
    if "story_dir" not in st.session_state:
        by_name = {r.name: r for r in roots}
        asked = query_choice("story", by_name)  # a name of a known story only: never a path from a URL
        st.session_state["story_dir"] = str(by_name[asked] if asked else first or roots[0])
    if len(roots) > 1:
        st.sidebar.selectbox("Story", [str(r) for r in roots], key="story_dir",
                             format_func=lambda r: _story_label(Path(r)))
    return Path(st.session_state["story_dir"])


def _read_saved(folder: Path) -> None:
    """After the editor saved a story, read it (called from the Save button's callback, before widgets)."""
    st.session_state["story_dir"] = str(folder)
    st.session_state["app_mode"] = "read"


def _story_label(root: Path) -> str:
    from geo.storyfolder import DEFAULT_STORY_DIR

    path = root / "story.yaml"
    try:
        title = _title(str(path), path.stat().st_mtime_ns)
    except OSError:
        title = None
    name = str(title or root.name)
    return name + (" (the default story)" if root == DEFAULT_STORY_DIR else f" ({root.name})")


@functools.lru_cache(maxsize=256)
def _title(path: str, mtime_ns: int) -> str | None:
    """A story's title for the sidebar, read once a version of its file."""
    from geo.datafiles import load_yaml

    try:
        doc = load_yaml(Path(path))
    except GeoError:  # a broken story is still listed; opening it shows its problems
        return None
    title = doc.get("title") if isinstance(doc, dict) else None
    return title if isinstance(title, str) else None


def _static_serving_off() -> bool:
    # Streamlit reads .streamlit/config.toml from the folder it is started in only. Started elsewhere,
    # it serves no ./static/ (so no Leaflet: blank maps) and sends usage statistics: say so, rather
    # than show empty frames.
    if st.get_option("server.enableStaticServing"):
        return False
    st.error(
        "**The maps cannot be shown: Streamlit's static file serving is off.** The app serves its own copy "
        "of Leaflet from `static/`, and the setting that allows it is in `.streamlit/config.toml`, which "
        "Streamlit reads only from the folder it is started in. Start the app with `geo-story app`, or from "
        "the project folder:\n\n"
        f"```\ncd {Path(sys.argv[0]).resolve().parent}\nstreamlit run app.py\n```\n\n"
        "or pass the settings yourself: `streamlit run app.py --server.enableStaticServing true "
        "--browser.gatherUsageStats false`.")
    return True


def main() -> None:
    """The whole app, one run of the script."""
    from geo.views import common
    from geo.views.html import plain

    lecture = query_choice("mode", LECTURE_MODES) == "lecture"
    st.set_page_config(page_title="Geo story", page_icon="🗺️", layout="wide",
                       initial_sidebar_state="collapsed" if lecture else "auto")
    if _static_serving_off():
        st.stop()
    folder = str(_choose_story())
    mode = "read" if lecture else st.sidebar.radio("Mode", list(APP_MODES), key="app_mode", format_func=APP_MODES.get)
    if mode != "read":
        from geo.views.editor import editor_view

        editor_view(mode, Path(folder), _read_saved)
        return
    version = common.data_version(folder)
    try:
        the_story = _story(folder, version)
    except GeoError as e:
        st.error(f"The story cannot be loaded:\n\n```\n{e}\n```")
        st.stop()
    st.set_page_config(page_title=the_story.title)
    try:
        found = _mentions(folder, version)
    except GeoError as e:
        st.error(f"The places in the texts cannot be found:\n\n```\n{e}\n```")
        st.stop()

    st.session_state["data_version"] = version  # what the views' fragments compare the files against
    common.page_style()
    if lecture:  # for a projector: the map and the passage, nothing else (geo.views.route.lecture_view)
        from geo.views.route import lecture_view

        _deep_link(the_story)
        lecture_view(the_story, found)
        return
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
        common.credits(the_story)
