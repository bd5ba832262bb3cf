"""The route view: a journey stop by stop, the map following, the text behind each stop beside it."""
from __future__ import annotations

from html import escape

import streamlit as st

from geo import maps
from geo.dates import words
from geo.story import Journey, Stop, Story, edtf_bounds, mode_words
from geo.views.common import cached_map, map_panel, story_fragment
from geo.views.html import app_link, excerpt_html, outside_html, plain
from geo.views.params import index_param



def days_so_far(journey: Journey, index: int) -> int | None:
    """Days from the journey's first day to the stop's date (earliest readings of both)."""
    start = edtf_bounds(journey.stops[0].date)[0]
    stop = journey.stops[index]
    here = edtf_bounds(stop.date)[0] or (stop.leg and stop.leg.end_date)
    return (here - start).days if start and here else None


def _label(story: Story, journey: Journey, i: int) -> str:
    st_ = journey.stops[i]
    return f"{st_.number} · {maps.place_label(story.gazetteer[st_.place_id], story.stop_day(journey, st_))}"


def _state_keys(journey_id: str) -> str:
    return f"stop_{journey_id}"


def route_view(story: Story, mentions: dict[str, list] | None = None) -> None:
    """Draw the route view (one tab): journey choice, stepping controls, map and text side by side."""
    ids = list(story.journeys)
    if not ids:
        st.info("This story has no journeys.")
        return
    if st.session_state.get("journey") not in ids:
        st.session_state["journey"] = ids[0]
    st.selectbox("Journey", ids, key="journey", format_func=lambda j: story.journeys[j].title)
    _journey_panel(story, mentions or {})


@story_fragment
def _journey_panel(story: Story, mentions: dict[str, list]) -> None:
    journey = story.journeys[st.session_state["journey"]]
    n = len(journey.stops)
    key = _state_keys(journey.id)
    pending = st.session_state.pop("_pending_stop", None)
    if pending is not None and 0 <= pending < n:
        st.session_state[key] = pending
    if not isinstance(st.session_state.get(key), int) or not 0 <= st.session_state[key] < n:
        st.session_state[key] = 0
    if journey.description:
        st.caption(f"<div>{plain(journey.description)}</div>", unsafe_allow_html=True)

    def step(delta: int) -> None:
        st.session_state[key] = min(n - 1, max(0, st.session_state[key] + delta))

    c1, c2, c3 = st.columns([1, 1, 6], vertical_alignment="bottom")
    c1.button("Previous", key=f"prev_{journey.id}", on_click=step, args=(-1,),
              disabled=st.session_state[key] == 0, width="stretch")
    c2.button("Next", key=f"next_{journey.id}", on_click=step, args=(1,),
              disabled=st.session_state[key] == n - 1, width="stretch")
    c3.select_slider("Stop", options=list(range(n)), key=key,
                     format_func=lambda i: _label(story, journey, i), label_visibility="collapsed")
    index = st.session_state[key]
    st.query_params.update(view="route", journey=journey.id, stop=str(index))

    left, right = st.columns([3, 2], gap="medium")
    with left:
        center, zoom = maps.stop_view(story, journey.id, index)

        def on_click(kind: str, ident: str) -> None:
            # Tooltips number stops from 1; the index (and stop= in the URL) counts from 0.
            clicked = index_param(ident, n, base=1) if kind == "Stop" else None
            if clicked is not None and clicked != index:
                st.session_state["_pending_stop"] = clicked
                st.rerun(scope="fragment")

        map_panel(cached_map(story, "route_map", journey.id), key=f"route_map_{journey.id}", center=center,
                  zoom=zoom, overlay=maps.route_highlight(story, journey.id, index), on_click=on_click)
    with right:
        stop_text(story, journey, journey.stops[index], mentions)


def stop_text(story: Story, journey: Journey, stop: Stop, mentions: dict[str, list]) -> None:
    """The text behind a stop: where, when, how, how far; the excerpts; facts from outside the texts."""
    from geo.routes import distance_so_far_km

    place = story.gazetteer[stop.place_id]
    n = len(journey.stops)
    when = story.stop_day(journey, stop)
    st.markdown(f"<h3>Stop {stop.number} of {n}: {plain(maps.place_label(place, when))}</h3>",
                unsafe_allow_html=True)
    facts = []
    if stop.date:
        facts.append(f"<strong>Date:</strong> {plain(words(stop.date))}")
    if stop.leg is not None:
        frm = story.gazetteer[stop.leg.from_place].name_at(when)
        facts.append(f"<strong>Travel:</strong> from {plain(frm)}, {plain(mode_words(stop.leg.mode))}")
    km = distance_so_far_km(journey, stop.index, story.gazetteer)
    days = days_so_far(journey, stop.index)
    so_far = f"<strong>So far:</strong> {km:,.0f} km"
    if days is not None:
        so_far += f", {days} day{'s' if days != 1 else ''}"
    facts.append(so_far)
    st.markdown(f"<div>{'<br>'.join(facts)}</div>", unsafe_allow_html=True)
    excerpts = list(stop.leg.excerpts if stop.leg else ()) + list(stop.excerpts)
    if not excerpts:
        st.caption("The texts say nothing more of this stop.")
    for e in excerpts:
        text = story.text(e.text_id)
        spans = [(m.start, m.end) for m in mentions.get(e.text_id, []) if m.place_id == stop.place_id]
        t = story.texts[e.text_id]
        st.markdown(excerpt_html(text, e, spans) +
                    f'<div class="geo-credit">— {plain(t.title)} ({plain(t.source)})</div>', unsafe_allow_html=True)
    sources = list(stop.leg.sources if stop.leg else ()) + list(stop.sources)
    note = " ".join(x for x in ((stop.leg.note if stop.leg else None), stop.note) if x) or None
    box = outside_html(sources, note)
    if box:
        st.markdown(box, unsafe_allow_html=True)
    st.markdown(f'<div class="geo-credit">Link to this stop: <a href="{escape(app_link(view="route", journey=journey.id, stop=stop.index))}" target="_self">'
                f'{escape(app_link(view="route", journey=journey.id, stop=stop.index))}</a></div>', unsafe_allow_html=True)
