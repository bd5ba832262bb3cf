"""The story editor: a new story from texts, or corrections to an open one. A thin view over geo.editor.

"New story": paste a text or upload ``.txt`` files, give a title, and the places found are listed
(unsure ones first) and drawn on a map; each can be accepted, rejected, moved to another candidate, or
put where the historian clicks on the map. The stops of the journey are chosen and ordered with
buttons, and given dates and modes. Saving writes a story folder (under :func:`geo.storyfolder.
story_home`) and opens it in the app's reading views. "Edit this story" opens the story being read in
the same editor. Every change is an operation of :class:`geo.editor.StoryEdit`; every problem a
message, never a traceback.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import folium
import streamlit as st

from geo.editor import MAX_TEXT_BYTES, MODES, EditError, PlaceRow, StoryEdit
from geo.errors import GeoError
from geo.story import mode_words
from geo.views.common import page_style
from geo.views.html import plain

__all__ = ["editor_map", "editor_view", "edit_story_view", "new_story_view"]

_EDIT, _FOR, _MSG, _GEN = "editor_edit", "editor_for", "editor_msg", "editor_gen"
_STATUS = {"unsure": "unsure", "found": "found", "checked": "checked", "placed": "placed by hand"}
_COLOUR = {"unsure": "#d62728", "found": "#1f77b4", "checked": "#2ca02c", "placed": "#2ca02c"}


# ---- the map (a builder: no Streamlit in it)


def editor_map(rows: list[PlaceRow], selected: str | None, stops: list[str]) -> folium.Map:
    """Every place of the story as a dot coloured by how sure it is, the stops joined in order, the
    selected place ringed."""
    from geo.assets import serve_offline
    from geo.maps import base_map, tooltip

    pts = [(r.lon, r.lat) for r in rows] or [(0.0, 20.0)]
    w, e = min(x for x, _ in pts), max(x for x, _ in pts)
    s, n = min(y for _, y in pts), max(y for _, y in pts)
    pad = max(2.0, 0.1 * max(e - w, n - s))
    m = base_map((max(-180, w - pad), max(-80, s - pad), min(180, e + pad), min(84, n + pad)), osm=False)
    by_id = {r.id: r for r in rows}
    line = [[by_id[p].lat, by_id[p].lon] for p in stops if p in by_id]
    if len(line) > 1:
        folium.PolyLine(line, color="#6b2c1a", weight=2, opacity=0.7, dash_array="4 6").add_to(m)
    for r in rows:
        if r.id == selected:
            folium.CircleMarker([r.lat, r.lon], radius=13, color="#000000", weight=3, fill=False).add_to(m)
        folium.CircleMarker([r.lat, r.lon], radius=7 if r.stop else 5, color="#333333", weight=1, fill=True,
                            fill_color=_COLOUR[r.status], fill_opacity=0.9,
                            tooltip=tooltip(f"{r.title} ({_STATUS[r.status]})")).add_to(m)
    return serve_offline(m)


# ---- state and actions


def _edit() -> StoryEdit | None:
    return st.session_state.get(_EDIT)


def _changed() -> None:
    # Widgets of the stops are keyed by this generation: after a change they start from the model again.
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1


def _say(kind: str, text: str) -> None:
    st.session_state[_MSG] = (kind, text)


def _act(fn: Callable[..., Any], *args: Any, done: str | None = None) -> None:
    """Run an edit (a button's callback): its EditError becomes the message shown above the editor."""
    try:
        fn(*args)
    except GeoError as e:
        _say("error", str(e))
    else:
        _changed()
        if done:
            _say("success", done)


def _messages() -> None:
    msg = st.session_state.pop(_MSG, None)
    if msg:
        kind, text = msg
        # Messages quote the historian's names: shown as text, never as Markdown.
        getattr(st, kind)(text if kind == "success" else f"```\n{text}\n```" if "\n" in text else text)


def editor_view(mode: str, folder: Path, on_saved: Callable[[Path], None]) -> None:
    """The editor in one of its two modes: ``"new"`` (a story from texts) or ``"edit"`` (the story at
    ``folder``). ``on_saved(folder)`` is called after a save, from the button's callback (before the
    next run draws any widget), so the app may switch to the saved story there."""
    page_style()
    if mode == "new":
        new_story_view(on_saved)
    else:
        edit_story_view(folder, on_saved)


# ---- new story


def new_story_view(on_saved: Callable[[Path], None]) -> None:
    """Draw "New story": texts in, the draft to correct, then save (``on_saved(folder)`` is then called
    from the Save button's callback, where the app may switch to the saved story)."""
    if st.session_state.get(_FOR) != "new":
        st.session_state.pop(_EDIT, None)
    _messages()
    edit = _edit()
    if edit is None:
        _texts_form()
        return
    _editor(edit, on_saved)


def _texts_form() -> None:
    st.markdown("Bring one text or several: the places they name are found and drawn, to be checked.")
    st.text_input("Title of the story", key="editor_title", placeholder="e.g. Trotsky's journey to Norway, 1935")
    st.file_uploader(f"Texts: .txt files in UTF-8, up to {MAX_TEXT_BYTES // (1024 * 1024)} MB each",
                     type=["txt"], accept_multiple_files=True, key="editor_files")
    st.text_area("…or paste a text", key="editor_paste", height=180)
    st.button("Find the places", type="primary", on_click=_draft, key="editor_find")


def _draft() -> None:
    """Draft a story from the texts given (uploaded and pasted); a problem with them is the message."""
    title = (st.session_state.get("editor_title") or "").strip()
    given: list[tuple[str, bytes]] = []
    for f in st.session_state.get("editor_files") or []:
        given.append((Path(f.name).name, f.getvalue()))
    pasted = st.session_state.get("editor_paste") or ""
    if pasted.strip():
        given.append(("pasted-text.txt", pasted.encode("utf-8")))
    try:
        edit = StoryEdit.from_texts(given, title or None)
    except GeoError as e:
        _say("error", str(e))
        return
    st.session_state[_EDIT], st.session_state[_FOR] = edit, "new"
    _changed()
    rows = edit.places()
    unsure = sum(r.unsure for r in rows)
    _say("success", f"{len(rows)} places found in {len(given)} text(s); {unsure} unsure, listed first. "
                    f"Check them, choose the stops, then save.")


# ---- an existing story


def edit_story_view(folder: Path, on_saved: Callable[[Path], None]) -> None:
    """Draw "Edit this story" for the story folder being read."""
    if st.session_state.get(_FOR) != str(folder):
        try:
            with st.spinner("Opening the story for editing…"):
                st.session_state[_EDIT] = StoryEdit.open(folder)
        except GeoError as e:
            st.error(f"The story cannot be opened for editing:\n\n```\n{e}\n```")
            return
        st.session_state[_FOR] = str(folder)
        _changed()
    _messages()
    _editor(_edit(), on_saved)


# ---- the editor itself


def _place_label(r: PlaceRow) -> str:
    mark = {"unsure": "⚠ ", "found": "", "checked": "✓ ", "placed": "✓ "}[r.status]
    sure = f", {r.confidence:.2f}" if r.confidence is not None else ""
    written = f" — written '{', '.join(r.written)}'" if r.written and r.written != (r.title,) else ""
    return f"{mark}{r.title}{written} ({_STATUS[r.status]}{sure})"


def _editor(edit: StoryEdit, on_saved: Callable[[Path], None]) -> None:
    rows = edit.places()
    ids = [r.id for r in rows]
    title = edit.story_yaml.get("title") or "Untitled"
    st.markdown(f"<h3>{plain(str(title))}</h3>", unsafe_allow_html=True)
    unsure = sum(r.unsure for r in rows)
    st.caption(f"{len(rows)} places, {unsure} unsure (marked ⚠, listed first). Choose a place, then accept "
               f"it, reject it, choose another candidate or put it on the map.")
    if len(edit.journeys()) > 1:
        st.selectbox("Journey", edit.journeys(), index=edit.journeys().index(edit.journey_id)
                     if edit.journey_id in edit.journeys() else 0, key=f"editor_journey_{_gen()}",
                     on_change=lambda: _act(edit.choose_journey, st.session_state[f"editor_journey_{_gen()}"]))
    if st.session_state.get("editor_place") not in ids:
        st.session_state["editor_place"] = ids[0] if ids else None
    left, right = st.columns([3, 2], gap="medium")
    with right:
        if ids:
            by_id = {r.id: r for r in rows}
            # Keyed by the generation, so that a place's label (⚠, ✓) is drawn anew after each change:
            # the browser keeps showing a kept widget's old label. The choice itself is kept apart.
            key = f"editor_place_{_gen()}"
            st.selectbox("Place", ids, index=ids.index(st.session_state["editor_place"]), key=key,
                         format_func=lambda p: _place_label(by_id[p]),
                         on_change=lambda: st.session_state.update(editor_place=st.session_state[key]))
            _place_panel(edit, by_id[st.session_state["editor_place"]])
        else:
            st.info("No places: the texts name none that the geoparser knows.")
    with left:
        _map(edit, rows)
    _places_table(rows)
    _stops_panel(edit, ids)
    _save_panel(edit, on_saved)


def _gen() -> int:
    return st.session_state.get(_GEN, 0)


def _place_panel(edit: StoryEdit, r: PlaceRow) -> None:
    sure = f"{r.confidence:.2f}" if r.confidence is not None else "—"
    st.markdown(f"**{plain(r.title)}** · {plain(_STATUS[r.status])} · confidence {sure} · "
                f"{r.lat:.4f}, {r.lon:.4f}" + (f" · named {r.mentions}×" if r.mentions else "")
                + (" · a stop" if r.stop else ""), unsafe_allow_html=True)
    a, b, c = st.columns(3)
    # Reject: the name is no place here (a person, a word); a wrong namesake is fixed by another candidate.
    a.button("Accept", key="editor_accept", on_click=_act, args=(edit.accept, r.id),
             kwargs={"done": f"{r.title}: accepted."}, disabled=r.status in ("checked", "placed"))
    b.button("Reject", key="editor_reject", on_click=_act, args=(edit.reject, r.id),
             kwargs={"done": f"{r.title}: rejected; the name stays out when the texts are read again."})
    if r.stop:
        index = next(s.index for s in edit.stops() if s.place_id == r.id)
        c.button("Not a stop", key="editor_unstop", on_click=_act, args=(edit.remove_stop, index))
    else:
        c.button("Make it a stop", key="editor_stop", on_click=_act, args=(edit.add_stop, r.id))
    if r.candidates:
        st.selectbox("Other places of that name", list(range(len(r.candidates))), key=f"editor_cand_{r.id}",
                     format_func=lambda i: r.candidates[i].label)
        st.button("Use this place instead", key="editor_choose", on_click=lambda: _act(
            edit.choose, r.id, st.session_state.get(f"editor_cand_{r.id}", 0), done=f"{r.title}: moved."))
    else:
        st.caption("No other place of that name is known: put it on the map if it is wrong.")
    st.toggle("Put it where I click on the map", key="editor_placing")
    with st.expander("…or give its coordinates"):
        g = _gen()
        lat_c, lon_c = st.columns(2)
        lat_c.number_input("Latitude", -90.0, 90.0, float(r.lat), format="%.5f", key=f"editor_lat_{r.id}_{g}")
        lon_c.number_input("Longitude", -180.0, 180.0, float(r.lon), format="%.5f", key=f"editor_lon_{r.id}_{g}")
        st.button("Put it here", key="editor_put", on_click=lambda: _act(
            edit.place_at, r.id, st.session_state[f"editor_lat_{r.id}_{g}"],
            st.session_state[f"editor_lon_{r.id}_{g}"], done=f"{r.title}: placed."))


def _map(edit: StoryEdit, rows: list[PlaceRow]) -> None:
    from streamlit_folium import st_folium

    selected = st.session_state.get("editor_place")
    m = editor_map(rows, selected, [s.place_id for s in edit.stops()])
    # Only clicks on the map are wanted (to place a point): panning and zooming then rerun nothing.
    out = st_folium(m, key="editor_map", height=520, use_container_width=True, returned_objects=["last_clicked"])
    click = (out or {}).get("last_clicked")
    if not click or click == st.session_state.get("_editor_seen_click"):
        return
    st.session_state["_editor_seen_click"] = click
    if st.session_state.get("editor_placing") and selected:
        try:
            edit.place_at(selected, float(click["lat"]), float(click["lng"]))
        except (GeoError, KeyError, TypeError, ValueError) as e:
            _say("error", f"That point cannot be used: {e}")
        else:
            _changed()
            _say("success", f"{edit.place(selected).title}: placed at {click['lat']:.4f}, {click['lng']:.4f}.")
        st.rerun()


def _places_table(rows: list[PlaceRow]) -> None:
    with st.expander(f"All {len(rows)} places", expanded=False):
        st.dataframe([{"place": r.title, "status": _STATUS[r.status],
                       "confidence": None if r.confidence is None else round(r.confidence, 2),
                       "written": ", ".join(r.written), "named": r.mentions, "stop": "yes" if r.stop else ""}
                      for r in rows], hide_index=True, width="stretch")


def _stops_panel(edit: StoryEdit, ids: list[str]) -> None:
    stops = edit.stops()
    st.markdown("#### Stops of the journey")
    if not stops:
        st.caption("No stops yet: choose a place and make it a stop (a journey needs two).")
        return
    st.caption("In order of travel. Dates are EDTF: 1935-05-02, 1935-05, 1935, 1935-05-01/1935-05-03, "
               "1935-05~ for about. The mode is that of the leg arriving at the stop.")
    g = _gen()
    for s in stops:
        c0, c1, c2, c3, c4, c5, c6 = st.columns([0.4, 2.2, 1.6, 1.3, 0.5, 0.5, 0.5], vertical_alignment="bottom")
        c0.markdown(f"**{s.index + 1}.**")
        c1.markdown(plain(s.title) + (f'<div class="geo-credit">“{plain(s.excerpt[:120])}”</div>' if s.excerpt else ""),
                    unsafe_allow_html=True)
        dkey = f"editor_date_{s.index}_{g}"
        c2.text_input("Date", value=s.date or "", key=dkey, label_visibility="collapsed", placeholder="date (EDTF)",
                      on_change=lambda i=s.index, k=dkey: _act(edit.set_date, i, st.session_state[k]))
        if s.index:
            mkey = f"editor_mode_{s.index}_{g}"
            options = [None, *MODES]
            c3.selectbox("Mode", options, index=options.index(s.mode) if s.mode in options else 0, key=mkey,
                         format_func=mode_words, label_visibility="collapsed",
                         on_change=lambda i=s.index, k=mkey: _act(edit.set_mode, i, st.session_state[k]))
        c4.button("↑", key=f"editor_up_{s.index}", on_click=_act, args=(edit.move_stop, s.index, -1),
                  disabled=s.index == 0, help="earlier")
        c5.button("↓", key=f"editor_down_{s.index}", on_click=_act, args=(edit.move_stop, s.index, 1),
                  disabled=s.index == len(stops) - 1, help="later")
        c6.button("✕", key=f"editor_drop_{s.index}", on_click=_act, args=(edit.remove_stop, s.index),
                  help="not a stop (the place stays)")


def _save_panel(edit: StoryEdit, on_saved: Callable[[Path], None]) -> None:
    st.divider()
    if edit.folder is None:
        st.button("Save the story", type="primary", key="editor_save", on_click=_save_new, args=(edit, on_saved))
        st.caption("Saved as a story folder in your stories folder, then opened for reading.")
    else:
        st.button("Save the changes", type="primary", key="editor_save", on_click=_save_existing,
                  args=(edit, on_saved))
        st.caption(f"Saved into {plain(str(edit.folder))}; a change made meanwhile by another session is not "
                   f"overwritten: you are told, and can reload.")
    if st.session_state.get("editor_conflict"):
        st.button("Reload the story as it is on disk (drops the changes here)", key="editor_reload",
                  on_click=_reload, args=(edit,))


def _new_folder(edit: StoryEdit) -> Path:
    from geo.draft import slug
    from geo.storyfolder import story_home

    home = story_home()
    taken = {p.name for p in home.iterdir()} if home.is_dir() else set()
    return home / slug(str(edit.story_yaml.get("title") or "story"), taken)


def _save_new(edit: StoryEdit, on_saved: Callable[[Path], None]) -> None:
    try:
        folder = edit.save(_new_folder(edit))
    except GeoError as e:
        _say("error", str(e))
        return
    st.session_state[_FOR] = str(folder)
    st.toast(f"Saved: {folder}")
    on_saved(folder)


def _save_existing(edit: StoryEdit, on_saved: Callable[[Path], None]) -> None:
    from geo.storyfolder import StoryConflict

    try:
        folder = edit.save()
    except StoryConflict as e:
        st.session_state["editor_conflict"] = True
        _say("error", f"Not saved: {e}")
        return
    except GeoError as e:
        _say("error", str(e))
        return
    st.session_state.pop("editor_conflict", None)
    st.toast(f"Saved: {folder}")
    on_saved(folder)


def _reload(edit: StoryEdit) -> None:
    st.session_state.pop("editor_conflict", None)
    st.session_state.pop(_FOR, None)
    st.session_state.pop(_EDIT, None)
    _changed()
