"""The route view: a journey stop by stop, the map following, the text behind each stop beside it."""
from __future__ import annotations

import datetime as dt
from html import escape
from typing import Callable

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
    ids = _journeys_or_say(story)
    if not ids:
        return
    st.selectbox("Journey", ids, key="journey", format_func=lambda j: story.journeys[j].title)
    _journey_panel(story, mentions or {})


@story_fragment
def _journey_panel(story: Story, mentions: dict[str, list]) -> None:
    journey = story.journeys[st.session_state["journey"]]
    n = len(journey.stops)
    key = _current_stop(journey)
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

        overlay = [maps.route_highlight(story, journey.id, index)]
        day = _day_choice(story, journey, index)
        if day is not None:
            overlay.append(maps.whereabouts_layer(story, day))
        map_panel(cached_map(story, "route_map", journey.id), key=f"route_map_{journey.id}", center=center,
                  zoom=zoom, overlay=overlay, on_click=_stop_clicked(n, index))
        if day is not None:
            st.markdown("<ul>" + "".join(f"<li><strong>{plain(w.who)}</strong>: {plain(w.words)}</li>"
                                         for w in maps.whereabouts_on(story, day)) + "</ul>", unsafe_allow_html=True)
    with right:
        stop_text(story, journey, journey.stops[index], mentions)


def _journeys_or_say(story: Story) -> list[str]:
    """The story's journey ids, the session's journey made one of them; [] (and said so) if none."""
    ids = list(story.journeys)
    if not ids:
        st.info("This story has no journeys.")
    elif st.session_state.get("journey") not in ids:
        st.session_state["journey"] = ids[0]
    return ids


def _current_stop(journey: Journey) -> str:
    """The session key of the journey's current stop, its value made a valid index (a stop clicked on
    the map in the last run, else the one before, else the first)."""
    n, key = len(journey.stops), _state_keys(journey.id)
    pending = st.session_state.pop("_pending_stop", None)
    if pending is not None and 0 <= pending < n:
        st.session_state[key] = pending
    if not isinstance(st.session_state.get(key), int) or not 0 <= st.session_state[key] < n:
        st.session_state[key] = 0
    return key


def _stop_clicked(n: int, index: int) -> Callable[[str, str], None]:
    """What a click on the map does: a stop's marker makes it the current stop."""
    def on_click(kind: str, ident: str) -> None:
        # Tooltips number stops from 1; the index (and stop= in the URL) counts from 0.
        clicked = index_param(ident, n, base=1) if kind == "Stop" else None
        if clicked is not None and clicked != index:
            st.session_state["_pending_stop"] = clicked
            st.rerun(scope="fragment")

    return on_click


def _day_choice(story: Story, journey: Journey, index: int) -> dt.date | None:
    """'Where on a day': a switch, then a slider over the story's days; None while it is off.

    The slider starts at the current stop's day; where each party was is drawn over the map
    (:func:`geo.maps.whereabouts_layer`) and said beneath it.
    """
    from geo.routes import story_days

    span = story_days(story)
    if span is None or not st.toggle("Where was everyone on a day?", key="route_days_on"):
        return None
    first, last = span
    if not isinstance(st.session_state.get("route_day"), dt.date):
        here = story.stop_day(journey, journey.stops[index])
        st.session_state["route_day"] = min(max(here or first, first), last)
    st.session_state["route_day"] = min(max(st.session_state["route_day"], first), last)
    return st.slider("Day", min_value=first, max_value=last, key="route_day", format="D MMMM YYYY",
                     label_visibility="collapsed")


# ---- for a projector: ?mode=lecture

LECTURE_MAP_HEIGHT = 680

# Lecture keys: the page's own script (st.html runs it in the app's document, no frame), pressing the
# lecture view's buttons by their keys. Also listened for inside the map's frame (the same origin),
# which has the keyboard once it is clicked. Keys typed into a control stay the control's.
_LECTURE_KEYS = """<script>
(function () {
  if (window.__geoLectureKeys) { return; }
  window.__geoLectureKeys = true;
  function press(name) {
    var b = document.querySelector(".st-key-" + name + " button");
    if (b && !b.disabled) { b.click(); }
  }
  function full() {
    if (document.fullscreenElement) { document.exitFullscreen(); return; }
    var root = document.documentElement;
    if (root.requestFullscreen) { var p = root.requestFullscreen(); if (p && p.catch) { p.catch(function () {}); } }
  }
  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target || {}, tag = t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable ||
        (t.getAttribute && t.getAttribute("role") === "slider")) { return; }
    var k = e.key;
    if (k === "ArrowRight" || k === "PageDown") { press("lecture_next"); }
    else if (k === "ArrowLeft" || k === "PageUp") { press("lecture_prev"); }
    else if (k === "Home") { press("lecture_first"); }
    else if (k === "End") { press("lecture_last"); }
    else if (k === "f" || k === "F") { full(); }
    else if (k === "Escape" && document.fullscreenElement) { document.exitFullscreen(); }
    else { return; }
    e.preventDefault();
    e.stopPropagation();  // not also a pan of the map (Leaflet's arrow keys)
  }
  document.addEventListener("keydown", onKey, true);
  document.body.setAttribute("data-geo-lecture-keys", "on");
  setInterval(function () {
    document.querySelectorAll("iframe").forEach(function (f) {
      try {
        var d = f.contentDocument;
        if (d && !d.__geoLectureKeys) { d.__geoLectureKeys = true; d.addEventListener("keydown", onKey, true); }
      } catch (err) { /* a frame of another origin */ }
    });
  }, 500);
})();
</script>"""

LECTURE_CSS = """<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none}
[data-testid="stMainBlockContainer"], .block-container {padding: 0.6rem 1rem 0 1rem; max-width: 100%}
/* The style sheets and the key script take no room (each would cost a row's gap above the map). */
[data-testid="stElementContainer"]:has(.stHtml), [data-testid="stElementContainer"]:has(.stMarkdown style) {display: none}
.st-key-lecture_nav button {padding: 0 0.5rem; min-height: 2rem}
</style>"""


def lecture_view(story: Story, mentions: dict[str, list] | None = None) -> None:
    """The route for a projector: the map and the passage of the stop, nothing else, filling 1280x720.

    ← → (and Page Up/Down, which clickers send), Home and End step through the stops; F goes full
    screen and Escape leaves it. The journey is the URL's (``?mode=lecture&journey=ID&stop=3``).
    """
    ids = _journeys_or_say(story)
    if not ids:
        return
    st.markdown(LECTURE_CSS, unsafe_allow_html=True)
    st.html(_LECTURE_KEYS, unsafe_allow_javascript=True)
    _lecture_panel(story, mentions or {})


@story_fragment
def _lecture_panel(story: Story, mentions: dict[str, list]) -> None:
    journey = story.journeys[st.session_state["journey"]]
    n = len(journey.stops)
    key = _current_stop(journey)
    index = st.session_state[key]

    def go(i: int) -> None:
        st.session_state[key] = min(n - 1, max(0, i))

    st.query_params.update(mode="lecture", journey=journey.id, stop=str(index))
    left, right = st.columns([3, 2], gap="small")
    with left:
        center, zoom = maps.stop_view(story, journey.id, index)

        map_panel(cached_map(story, "route_map", journey.id), key=f"lecture_map_{journey.id}", center=center,
                  zoom=zoom, overlay=maps.route_highlight(story, journey.id, index), on_click=_stop_clicked(n, index),
                  height=LECTURE_MAP_HEIGHT)
    with right:
        with st.container(key="lecture_nav", horizontal=True):
            for name, label, target, off in (("lecture_first", "First", 0, index == 0),
                                              ("lecture_prev", "←", index - 1, index == 0),
                                              ("lecture_next", "→", index + 1, index == n - 1),
                                              ("lecture_last", "Last", n - 1, index == n - 1)):
                st.button(label, key=name, on_click=go, args=(target,), disabled=off)
        with st.container(height=LECTURE_MAP_HEIGHT - 50, border=False):
            stop_text(story, journey, journey.stops[index], mentions, link=False)


def stop_text(story: Story, journey: Journey, stop: Stop, mentions: dict[str, list], *, link: bool = True) -> None:
    """The text behind a stop: where, when, how, how far; the excerpts; facts from outside the texts;
    with ``link``, a link to the stop."""
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
    if not link:
        return
    st.markdown(f'<div class="geo-credit">Link to this stop: <a href="{escape(app_link(view="route", journey=journey.id, stop=stop.index))}" target="_self">'
                f'{escape(app_link(view="route", journey=journey.id, stop=stop.index))}</a></div>', unsafe_allow_html=True)
