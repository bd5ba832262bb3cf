"""The gazetteer view: every place, its names through time, types, coordinates and where they come from."""
from __future__ import annotations


import pandas as pd
import streamlit as st

from geo import maps
from geo.gazetteer import Place
from geo.story import Story
from geo.views.common import cached_map, map_panel, story_fragment
from geo.views.html import link, plain
from geo.views.params import query_choice


def names_through_time(place: Place) -> str:
    """'Verny (until 1921); Alma-Ata (1921–1993); Almaty (from 1993)'."""
    parts = []
    for n in place.names:
        if n.lang not in (None, "en") and not n.timed:
            continue
        parts.append(f"{n.toponym} ({n.period})" if n.period else n.toponym)
    return "; ".join(dict.fromkeys(parts))


def gazetteer_table(story: Story) -> pd.DataFrame:
    """One row a place; the names of the story's time in a column "name in <year>" (none without a date)."""
    then = {f"name in {story.date.year}": None} if story.date else {}
    rows = []
    for p in story.gazetteer:
        rows.append({
            "id": p.id, "name today": p.title, **{k: p.name_at(story.date) for k in then},
            "names through time": names_through_time(p), "types": ", ".join(p.types),
            "lat": round(p.lat, 4), "lon": round(p.lon, 4), "certainty": p.certainty,
            "coordinates from": "; ".join(c.label for c in p.coordinate_sources),
            "GeoNames": p.geonames_url, "Wikidata": p.wikidata_url,
        })
    return pd.DataFrame(rows)


def gazetteer_view(story: Story, mentions: dict[str, list] | None = None) -> None:
    """Draw the gazetteer view (one tab)."""
    _gazetteer_panel(story, mentions or {})


@story_fragment
def _gazetteer_panel(story: Story, mentions: dict[str, list]) -> None:
    st.query_params.update(view="gazetteer")
    for k in ("journey", "stop", "text", "mention"):
        st.query_params.pop(k, None)
    ids = [p.id for p in story.gazetteer]
    pending = st.session_state.pop("_pending_gaz_place", None)
    qp = query_choice("place", ids)
    if pending in ids:
        st.session_state["gaz_place"] = pending
    if st.session_state.get("gaz_place") not in ids:
        st.session_state["gaz_place"] = qp or (story.focus if story.focus in ids else ids[0])
    st.dataframe(gazetteer_table(story), hide_index=True, height=300, column_config={
        "GeoNames": st.column_config.LinkColumn("GeoNames", display_text=r"geonames\.org/(\d+)"),
        "Wikidata": st.column_config.LinkColumn("Wikidata", display_text=r"wiki/(Q\d+)"),
    })
    left, right = st.columns([3, 2], gap="medium")
    focus = st.session_state["gaz_place"]
    with left:
        def on_click(kind: str, ident: str) -> None:
            if kind == "Place" and ident != focus:
                st.session_state["_pending_gaz_place"] = ident
                st.rerun(scope="fragment")

        place = story.gazetteer[focus]
        map_panel(cached_map(story, "places_map", tuple(ids)), key="gazetteer_map", center=(place.lat, place.lon),
                  overlay=maps.place_focus(story, focus), on_click=on_click)
    with right:
        st.selectbox("Place", ids, key="gaz_place", format_func=lambda p: maps.place_label(story.gazetteer[p], story.date))
        place_card(story.gazetteer[st.session_state["gaz_place"]])


def place_card(p: Place) -> None:
    rows = "".join(
        f"<tr><td>{plain(n.toponym)}</td><td>{plain(n.lang or '')}</td><td>{plain(n.period)}</td>"
        f"<td>{'; '.join(link(c.url, c.label) for c in n.citations)}</td></tr>" for n in p.names)
    links = " · ".join(x for x in (link(p.geonames_url, "GeoNames") if p.geonames_url else "",
                                   link(p.wikidata_url, "Wikidata") if p.wikidata_url else "") if x)
    coords = "; ".join(link(c.url, c.label) for c in p.coordinate_sources)
    st.markdown(
        f"<h4>{plain(p.title)}</h4>"
        f"<p>{plain(p.description or '')}</p>"
        f"<p><strong>Types:</strong> {plain(', '.join(p.types) or '—')}<br>"
        f"<strong>Coordinates:</strong> {p.lat:.4f}, {p.lon:.4f} ({plain(p.certainty)}); from {coords or '—'}<br>"
        f"<strong>Links:</strong> {links or '—'}</p>"
        f"<table><thead><tr><th>name</th><th>lang</th><th>in use</th><th>source</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>", unsafe_allow_html=True)
