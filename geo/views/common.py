"""What the views share: the map panel (streamlit-folium, served offline), cached maps, the credits."""
from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any, Callable

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import maps
from geo.assets import serve_offline
from geo.story import Story
from geo.storyfolder import DEFAULT_STORY_DIR, StoryFolder
from geo.views.html import CSS, link, plain

MAP_HEIGHT = 560
# Only what the views use: every other map event (pan, zoom, hover) then does not rerun the script.
RETURNED = ["last_object_clicked_tooltip", "last_object_clicked_count"]


def data_version(folder: str | Path | StoryFolder = DEFAULT_STORY_DIR) -> tuple[tuple[str, int | None, int | None], ...]:
    """(file, modification time, size) of every file a story folder reads: it changes when one is edited.

    The app passes it to its cached loaders, so that a file edited by hand is read again on the next
    rerun; a file that is missing counts as (name, None, None), and its absence is the loader's to report.
    """
    folder = folder if isinstance(folder, StoryFolder) else StoryFolder(Path(folder).resolve())
    files = [folder.story_file, folder.places_file, folder.register_file, folder.catalog_file]
    for texts in dict.fromkeys((folder.texts_dir, folder.catalog_file.parent)):
        files += sorted(p for p in texts.rglob("*") if p.is_file()) if texts.is_dir() else []
    out = []
    for f in dict.fromkeys(files):
        try:
            stat = f.stat()
            out.append((str(f), stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((str(f), None, None))
    return tuple(out)


def story_fragment(draw: Callable[..., None]) -> Callable[..., None]:
    """``st.fragment`` for a view's panel, that first checks the data files: stepping inside a fragment
    reruns only the fragment, with the story it was given, so a file edited by hand since then makes the
    whole app rerun (and reload the story) instead of drawing the old one.

    The app records the version it loaded in ``st.session_state["data_version"]``.
    """
    @functools.wraps(draw)
    def checked(*args: Any, **kwargs: Any) -> None:
        loaded = st.session_state.get("data_version")
        if loaded is not None and loaded != data_version(st.session_state.get("story_dir", DEFAULT_STORY_DIR)):
            st.rerun()
        draw(*args, **kwargs)

    return st.fragment(checked)


def _story_key(story: Story) -> tuple:
    # The data files' version too: a story reloaded after an edit must not get the maps of the old one.
    return str(story.path or id(story)), data_version(story.folder) if story.folder else ()


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_map(story_key: tuple, builder: str, args: tuple, kwargs: tuple, _story: Story) -> folium.Map:
    m = getattr(maps, builder)(_story, *args, **dict(kwargs))
    return serve_offline(m)


def cached_map(story: Story, builder: str, *args: Any, **kwargs: Any) -> folium.Map:
    """``geo.maps.<builder>(story, *args, **kwargs)``, served offline, built once and copied for each use.

    A copy, because streamlit-folium adds the dynamic feature group to the map it is given: the
    cached one must stay as built, so that the browser sees the same map and does not reload it.
    """
    return copy.deepcopy(_cached_map(_story_key(story), builder, tuple(args), tuple(sorted(kwargs.items())), story))


def map_panel(m: folium.Map, key: str, *, center: tuple[float, float] | None = None, zoom: int | None = None,
              overlay: folium.FeatureGroup | list[folium.FeatureGroup] | None = None,
              on_click: Callable[[str, str], None] | None = None, height: int = MAP_HEIGHT) -> None:
    """Show a map; call ``on_click(kind, ident)`` once for each new click on a tagged marker or arc.

    ``overlay``: what changes from rerun to rerun (the current stop, the travellers on a day), drawn over
    the cached map without the browser loading a new one.
    """
    out = st_folium(m, key=key, height=height, use_container_width=True, returned_objects=RETURNED,
                    center=center, zoom=zoom, feature_group_to_add=overlay) or {}
    tip, count = out.get("last_object_clicked_tooltip"), out.get("last_object_clicked_count")
    seen_key = f"_seen_click_{key}"
    if tip and (tip, count) != st.session_state.get(seen_key):
        st.session_state[seen_key] = (tip, count)
        what = maps.clicked(tip)
        if what and on_click:
            on_click(*what)
    elif tip:
        st.session_state[seen_key] = (tip, count)


def page_style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def credits(story: Story) -> None:
    """The texts credited as their licences ask."""
    items = "".join(
        f"<li>{link(t.url, t.title)} — {plain(t.credit)} <em>({plain(t.licence)})</em></li>"
        for t in story.texts.values())
    st.markdown(f'<div class="geo-credit"><strong>Sources.</strong><ul>{items}</ul></div>', unsafe_allow_html=True)
