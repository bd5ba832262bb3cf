"""The text view: each text in full, every place mention highlighted and linked to the map."""
from __future__ import annotations


import streamlit as st

from geo import maps
from geo.story import Story
from geo.views.common import cached_map, map_panel, story_fragment
from geo.views.html import app_link, excerpt_html, link, marked, plain
from geo.views.params import query_choice, query_index


def _mention_label(story: Story, m) -> str:
    return f"{m.text} → {m.name_at_time}" + (f" (today {m.name})" if m.name != m.name_at_time else "") + f" · @{m.start}"


def text_view(story: Story, mentions: dict[str, list]) -> None:
    """Draw the text view (one tab)."""
    ids = list(story.texts)
    if st.session_state.get("text") not in ids:
        st.session_state["text"] = query_choice("text", ids) or ids[0]
    st.selectbox("Text", ids, key="text", format_func=lambda t: story.texts[t].title)
    _text_panel(story, mentions)


@story_fragment
def _text_panel(story: Story, mentions: dict[str, list]) -> None:
    tid = st.session_state["text"]
    text = story.text(tid)
    ms = [m for m in mentions.get(tid, []) if m.place_id in story.gazetteer]
    key = f"mention_{tid}"
    # A mention number in the URL belongs to the text the URL names: another text's 3rd mention is another place.
    qp = query_index("mention", len(ms)) if st.query_params.get("text") == tid else None
    if key not in st.session_state:
        st.session_state[key] = qp if qp is not None else (0 if ms else None)
    pending = st.session_state.pop("_pending_place", None)
    t = story.texts[tid]
    st.markdown(f'<div class="geo-credit">{plain(t.author)}, {plain(t.written)}. '
                f"{plain(t.credit)} {link(t.url, '[source]')}</div>", unsafe_allow_html=True)
    left, right = st.columns([2, 3], gap="medium")
    with left:
        if ms:
            st.selectbox("Mention", list(range(len(ms))), key=key, format_func=lambda i: _mention_label(story, ms[i]))
        chosen = ms[st.session_state[key]] if ms and st.session_state[key] is not None else None
        place_ids = list(dict.fromkeys(m.place_id for m in ms))
        pkey = f"place_{tid}"
        if pending in place_ids:
            st.session_state[pkey] = pending
        elif chosen is not None and st.session_state.get(f"_last_mention_{tid}") != st.session_state[key]:
            st.session_state[pkey] = chosen.place_id
        st.session_state[f"_last_mention_{tid}"] = st.session_state[key]
        if st.session_state.get(pkey) not in place_ids:
            st.session_state[pkey] = place_ids[0] if place_ids else None
        focus = st.session_state.get(pkey)
        when = t.story_date.isoformat() if t.story_date else None

        def on_click(kind: str, ident: str) -> None:
            if kind == "Place" and ident != focus:
                st.session_state["_pending_place"] = ident
                st.rerun(scope="fragment")

        overlay = maps.place_focus(story, focus, when=when) if focus else None
        center = (story.gazetteer[focus].lat, story.gazetteer[focus].lon) if focus else None
        map_panel(cached_map(story, "places_map", tuple(place_ids)), key=f"text_map_{tid}",
                  center=center, overlay=overlay, on_click=on_click)
        if place_ids:
            st.selectbox("Place", place_ids, key=pkey,
                         format_func=lambda p: maps.place_label(story.gazetteer[p], when))
            place_excerpts(story, st.session_state[pkey], mentions)
    with right:
        hrefs = [app_link(view="text", text=tid, mention=i) for i in range(len(ms))]
        spans = [(m.start, m.end) for m in ms]
        html = marked(text, spans, hrefs=hrefs)
        st.markdown(f'<div class="geo-text">{html}</div>', unsafe_allow_html=True)
    st.query_params.update(view="text", text=tid)
    if st.session_state.get(key) is not None:
        st.query_params["mention"] = str(st.session_state[key])
    else:
        st.query_params.pop("mention", None)
    st.query_params.pop("journey", None)
    st.query_params.pop("stop", None)


def place_excerpts(story: Story, place_id: str, mentions: dict[str, list], width: int = 140) -> None:
    """Every passage of every text that names the place."""
    n = 0
    for tid, ms in mentions.items():
        text = story.text(tid)
        for m in ms:
            if m.place_id != place_id:
                continue
            from geo.story import Excerpt

            e = Excerpt(tid, m.text, "", "", m.start, m.end)
            st.markdown(excerpt_html(text, e, [(m.start, m.end)], width=width) +
                        f'<div class="geo-credit">— {plain(story.texts[tid].title)}</div>', unsafe_allow_html=True)
            n += 1
    if n == 0:
        st.caption("No text names this place.")
    else:
        st.caption(f"{n} passage{'s' if n != 1 else ''}.")
