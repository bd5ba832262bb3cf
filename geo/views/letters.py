"""The letter view: the story's letters between its places, each flow of letters an arc coloured by its fate."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo import maps
from geo.dates import NO_DATE, words
from geo.story import Story
from geo.views.common import cached_map, map_panel, story_fragment
from geo.views.html import excerpt_html, outside_html, plain


def date_span(story: Story) -> tuple[dt.date, dt.date] | None:
    """The first and last day a letter was sent or received; None when no letter is dated."""
    days = [d for x in story.letters for d in (x.sent_date, x.received_date) if d]
    return (min(days), max(days)) if days else None


def transit_table(story: Story) -> pd.DataFrame:
    """One row per letter whose transit time is known: who, when, days on the way, fate."""
    rows = []
    for x in story.letters:
        if x.transit_days is None:
            continue
        rows.append({"letter": x.title or x.id, "sent": words(x.sent, NO_DATE), "received": words(x.received, NO_DATE),
                     "days": x.transit_days, "fate": maps.FATE_LABELS.get(x.fate, x.fate)})
    return pd.DataFrame(rows, columns=["letter", "sent", "received", "days", "fate"])


def letters_view(story: Story, mentions: dict[str, list] | None = None) -> None:
    """Draw the letter view (one tab)."""
    if not story.letters:
        st.info("This story has no letters.")
        return
    _letters_panel(story, mentions or {})


@story_fragment
def _letters_panel(story: Story, mentions: dict[str, list]) -> None:
    span = date_span(story)
    start = end = None  # every letter
    if span and span[0] < span[1]:  # a slider needs two different days (else Streamlit refuses it)
        start, end = st.slider("Letters sent between", min_value=span[0], max_value=span[1], value=span,
                               format="D MMM YYYY", key="letters_range")
    arcs = maps.letter_arcs(story, start, end)
    pending = st.session_state.pop("_pending_arc", None)
    if pending is not None:
        st.session_state["arc"] = pending
    if st.session_state.get("arc") not in [a.index for a in arcs]:
        st.session_state["arc"] = arcs[0].index if arcs else None
    st.query_params.update(view="letters")
    st.query_params.pop("journey", None)
    st.query_params.pop("stop", None)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        def on_click(kind: str, ident: str) -> None:
            clicked = {str(a.index): a.index for a in arcs}.get(ident) if kind == "Arc" else None
            if clicked is not None and clicked != st.session_state.get("arc"):
                st.session_state["_pending_arc"] = clicked
                st.rerun(scope="fragment")

        # One map for every date range; the range's letters are drawn over it, so the map is not reloaded.
        map_panel(cached_map(story, "letters_map", letters=False), key="letters_map", on_click=on_click,
                  overlay=maps.letters_layer(story, start, end))
    with right:
        if not arcs:
            st.caption("No letter was sent in these dates.")
            return
        st.selectbox("Arc", [a.index for a in arcs], key="arc",
                     format_func=lambda i: maps.arc_tooltip(story, arcs[i]).split(" · ", 1)[1])
        arc = arcs[st.session_state["arc"]]
        for letter in arc.letters:
            _letter(story, letter, mentions)
    chart = transit_table(story)
    if not chart.empty:
        st.markdown("#### Days on the way")
        st.bar_chart(chart, x="letter", y="days", color="fate", horizontal=True, height=60 + 28 * len(chart))


def _letter(story: Story, letter, mentions: dict[str, list]) -> None:
    g = story.gazetteer
    when = story.naming_day(letter.sent, letter.received)
    who = " → ".join(plain(story.persons[p].name) if p in story.persons else plain(p or "?")
                     for p in (letter.sender, letter.recipient))
    where = " → ".join(plain(maps.place_label(g[p], when)) if p in g else "?"
                       for p in (letter.from_place, letter.to_place))
    fate = maps.FATE_LABELS.get(letter.fate, letter.fate)
    colour = maps.FATE_COLOURS.get(letter.fate, maps.FATE_COLOURS["unknown"])
    days = f", {letter.transit_days} days on the way" if letter.transit_days is not None else ""
    count = f" ({letter.count} {plain(letter.kind)}s)" if letter.count > 1 else ""
    title = plain(letter.title or letter.kind.capitalize())
    st.markdown(f"<div><strong>{title}</strong>{count}: {who}<br>{where}<br>"
                f"sent {plain(words(letter.sent, NO_DATE))}, received {plain(words(letter.received, NO_DATE))}{days}; "
                f'<span style="color:{colour};font-weight:600">{plain(fate)}</span></div>', unsafe_allow_html=True)
    for e in letter.excerpts:
        text = story.text(e.text_id)
        spans = [(m.start, m.end) for m in mentions.get(e.text_id, [])
                 if m.place_id in (letter.from_place, letter.to_place)]
        st.markdown(excerpt_html(text, e, spans, width=160) +
                    f'<div class="geo-credit">— {plain(story.texts[e.text_id].title)}</div>', unsafe_allow_html=True)
    box = outside_html(letter.sources, letter.note if letter.sources else None)
    if box:
        st.markdown(box, unsafe_allow_html=True)
    elif letter.note:
        st.caption(f"<div>{plain(letter.note)}</div>", unsafe_allow_html=True)
