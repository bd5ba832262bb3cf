"""Map builders: folium maps from the story, escaped tooltips, the names of the time, no CDN."""
from __future__ import annotations

import dataclasses
import re

import folium
import pytest

from geo import maps
from geo.assets import external_resources, inline_map, serve_offline
from geo.story import load_story


@pytest.fixture(scope="module")
def story():
    return load_story()


def test_route_map_draws_every_leg_and_stop(story):
    journey = story.journeys["exile-1928"]
    html = maps.route_map(story, "exile-1928", osm=False).get_root().render()
    context = html.count('"className": "geo-context')  # coasts, lakes, rivers, borders over the relief
    assert context == 4
    assert html.count("L.polyline(") == len(journey.legs) + context
    for i in range(len(journey.stops)):
        assert f"Stop {i + 1} ·" in html  # numbered from 1
    assert "L.imageOverlay(" in html  # the offline relief


def test_stop_labels_use_the_names_of_the_time(story):
    html = maps.route_map(story, "exile-1928", osm=False).get_root().render()
    assert "Frunze (today Bishkek)" in html and "Alma-Ata (today Almaty)" in html
    assert maps.place_label(story.gazetteer["almaty"], "1928-01-25~") == "Alma-Ata (today Almaty)"
    assert maps.place_label(story.gazetteer["almaty"], "2024") == "Almaty"


def test_maps_name_places_as_on_the_story_date(story):
    import datetime as dt

    later = dataclasses.replace(story, texts={k: dataclasses.replace(t, story_date=dt.date(2024, 1, 1))
                                              for k, t in story.texts.items()})
    assert story.date.year == 1928 and later.date == dt.date(2024, 1, 1)
    for s, name in ((story, "Alma-Ata (today Almaty)"), (later, "Almaty")):
        for m in (maps.letters_map(s, osm=False), maps.places_map(s, ["almaty"], focus="almaty", osm=False)):
            html = m.get_root().render()
            assert re.search(rf">\s*{re.escape(name)}\s*<", html), name
    assert "Alma-Ata" not in maps.places_map(later, ["almaty"], osm=False).get_root().render()


def test_highlight_and_view_follow_the_stop(story):
    group = maps.route_highlight(story, "expulsion-1929", 3)
    assert len(group._children) == 2  # the arriving leg and the ringed stop
    (lat, lon), zoom = maps.stop_view(story, "expulsion-1929", 3)
    odesa = story.gazetteer["odesa"]
    assert 3 <= zoom <= 7
    assert min(odesa.lat, 42) - 1 < lat < max(odesa.lat, 52) + 1


def test_letters_map_colours_arcs_by_fate_and_filters_by_date(story):
    arcs = maps.letter_arcs(story)
    assert {a.fate for a in arcs} >= {"prompt", "delayed"}
    html = maps.letters_map(story, osm=False).get_root().render()
    for a in arcs:
        assert maps.FATE_COLOURS[a.fate] in html
    import datetime as dt

    early = maps.letter_arcs(story, dt.date(1928, 1, 1), dt.date(1928, 1, 31))
    assert sum(a.count for a in early) <= sum(a.count for a in arcs)


def test_fates_look_the_same_in_the_app_and_the_static_exports(story):
    assert maps.FATE_COLOURS == {"prompt": "#1b7837", "delayed": "#e08214", "lost": "#6b6b6b",
                                 "never-arrived": "#c0392b", "unknown": "#8c8c8c"}
    # The fates that did not arrive are dashed too: colour is not the only cue.
    assert set(maps.FATE_DASH) == {"lost", "never-arrived", "unknown"}
    html = maps.letters_map(story, osm=False).get_root().render()
    for a in maps.letter_arcs(story):
        if a.fate in maps.FATE_DASH:
            assert f'"dashArray": "{maps.FATE_DASH[a.fate]}"' in html
    assert html.count("stroke-dasharray=") == len(maps.FATE_DASH)  # in the legend


def test_letters_of_a_date_range_are_an_overlay_on_one_map(story):
    import datetime as dt

    frame = maps.letters_map(story, letters=False, osm=False).get_root().render()
    assert "Arc 0 ·" not in frame and "arrived promptly" in frame  # no letters, the legend
    layer = maps.letters_layer(story, dt.date(1928, 1, 1), dt.date(1928, 12, 31))
    arcs = maps.letter_arcs(story, dt.date(1928, 1, 1), dt.date(1928, 12, 31))
    lines = [c for c in layer._children.values() if isinstance(c, maps.folium.PolyLine)]
    assert len(lines) == len(arcs)


def test_clicked_tooltips_name_what_was_clicked():
    assert maps.clicked("Stop 3 · Frunze (today Bishkek)") == ("Stop", "3")
    assert maps.clicked("Arc 0 · Moscow → Alma-Ata: 1 letter, delayed") == ("Arc", "0")
    assert maps.clicked("Place almaty · Alma-Ata") == ("Place", "almaty")
    assert maps.clicked("Alma-Ata") is None and maps.clicked(None) is None


def test_text_from_data_files_is_escaped_in_tooltips(story):
    p = story.gazetteer["almaty"]
    evil = dataclasses.replace(p, title="<img src=x onerror=alert(1)>", names=())
    gaz = dataclasses.replace(story.gazetteer, places={**story.gazetteer.places, "almaty": evil})
    s = dataclasses.replace(story, gazetteer=gaz)
    html = maps.route_map(s, "exile-1928", osm=False).get_root().render()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


EVIL = "Almaty ${document.body.setAttribute(`data-pwned`,`yes`)} \\ <b>"


def evil_story(story):
    """The story with Alma-Ata renamed to a title that is code in a JavaScript template literal."""
    p = story.gazetteer["almaty"]
    evil = dataclasses.replace(p, title=EVIL, names=())
    gaz = dataclasses.replace(story.gazetteer, places={**story.gazetteer.places, "almaty": evil})
    return dataclasses.replace(story, gazetteer=gaz)


def test_tooltip_text_cannot_leave_the_template_literal():
    html = maps.tooltip_html(EVIL)
    assert "`" not in html and "${" not in html and "\\" not in html and "<b>" not in html
    assert html == ("Almaty &#36;{document.body.setAttribute(&#96;data-pwned&#96;,&#96;yes&#96;)} "
                    "&#92; &lt;b&gt;")


def test_every_map_keeps_place_names_out_of_its_scripts(story):
    s = evil_story(story)
    for m in (maps.route_map(s, "exile-1928", stop=1, osm=False), maps.letters_map(s, osm=False),
              maps.places_map(s, ["almaty", "moscow"], focus="almaty", osm=False)):
        html = m.get_root().render()
        assert "Almaty &#36;{" in html
        assert "setAttribute(`" not in html and "${document" not in html


def test_app_maps_need_no_network(story, tmp_path):
    m = serve_offline(maps.route_map(story, "exile-1928", osm=False), static_dir=tmp_path)
    html = m.get_root().render()
    assert external_resources(html) == []
    assert re.search(r'L\.imageOverlay\(\s*"/app/static/img/[0-9a-f]+\.jpg"', html)


def test_openstreetmap_is_an_optional_layer(story):
    html = maps.route_map(story, "exile-1928").get_root().render()
    assert "openstreetmap.org/{z}/{x}/{y}" in html and "L.control.layers" in html  # named, never fetched


def test_one_file_export_of_a_route_map(story):
    html = inline_map(maps.route_map(story, "expulsion-1929", stop=2, osm=False))
    assert external_resources(html) == []
    assert "data:image/jpeg;base64," in html


def test_letters_that_arrived_are_solid_lines_and_the_others_dashed(story):
    import folium

    from geo.maps import FATE_DASH, letters_layer

    layer = letters_layer(story, None, None)
    lines = [c for c in layer._children.values() if isinstance(c, folium.PolyLine)]
    dashes = {c.options.get("dashArray") for c in lines}
    assert None in dashes  # prompt and delayed arcs are solid
    assert dashes - {None} <= set(FATE_DASH.values())


def test_a_season_names_places_as_of_its_first_day(story):
    # The overshoes letter was sent in "1928-23" (EDTF: autumn 1928); its arc's label once raised
    # "month must be in 1..12" in the letters view.
    almaty = story.gazetteer["almaty"]
    assert maps.place_label(almaty, "1928-23") == "Alma-Ata (today Almaty)"
    assert maps.place_label(almaty, "1928-23/1929-21") == "Alma-Ata (today Almaty)"
    seasonal = [x for x in story.letters if x.sent and x.sent[5:7] in ("21", "22", "23", "24")]
    assert seasonal, "the shipped story has a letter dated by a season"
    assert any(x in a.letters for a in maps.letter_arcs(story) for x in seasonal)
    layer = maps.letters_layer(story, None, None)  # every arc labelled, the seasonal one too
    assert "Alma-Ata" in folium.Map().add_child(layer).get_root().render()
