"""What is less than certain looks so on every map: assumed routes faint, stops of approximate date
hollow, places located approximately haloed, each with a legend; and the data formats say so."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from geo import maps
from geo.export.data import story_kml
from geo.export.static import FAINT_ALPHA, draw, route_scene
from geo.story import DOUBT_WORDS, load_story

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def story():
    return load_story()


def test_the_story_says_what_is_uncertain(story):
    assumed = {leg.id for j in story.journeys.values() for leg in j.legs if leg.route_assumed}
    assert "sermuks-1928-komi" in assumed and "exile-1928-rail" not in assumed
    exile = story.journeys["exile-1928"]
    doubts = {s.place_id: story.doubts(s) for s in exile.stops}
    assert doubts["yaroslavsky-station"] == () and doubts["bishkek"] == ()  # a range of days is not "about"
    assert doubts["almaty"] == ("date",) and doubts["hotel-jetysu"] == ("place", "date")
    assert doubts["krasin-street"] == ("place",)


def test_the_apps_route_map_draws_doubt_and_its_legend(story):
    journey = story.journeys["sermuks-1928"]
    html = maps.route_map(story, "sermuks-1928", osm=False).get_root().render()
    faint = re.findall(r'"opacity": ?' + re.escape(str(maps.ASSUMED_OPACITY)), html)
    assert len(faint) == sum(leg.route_assumed for leg in journey.legs) > 0
    assert DOUBT_WORDS["route"] in html
    html = maps.route_map(story, "exile-1928", osm=False).get_root().render()
    assert html.count(f'"fillOpacity": {maps.HALO_OPACITY}') == 3  # hotel, Krasin Street, the dacha
    assert DOUBT_WORDS["date"] in html and DOUBT_WORDS["place"] in html
    assert "Stop 3 · Alma-Ata (today Almaty) · c. 25 January 1928" in html


def test_no_legend_where_nothing_is_uncertain(story):
    assert maps.doubt_legend_html(story, []) == ""


def test_the_static_map_draws_doubt_and_its_legend(story):
    scene = route_scene(story)
    assumed = sum(leg.route_assumed for j in story.journeys.values() for leg in j.legs)
    assert sum(ln.faint for ln in scene.lines) == assumed
    kurdai = next(p for p in scene.points if p.label == "Kurdai Pass")
    assert kurdai.halo and not kurdai.hollow
    assert next(p for p in scene.points if p.label == "Odessa").hollow  # arrived 1929-02-10~
    labels = [e.label for e in scene.legend]
    assert [DOUBT_WORDS[k] for k in ("route", "date", "place")] == labels[-3:]
    fig = draw(scene, width=640, height=360, dpi=72)
    alphas = {round(line.get_alpha(), 2) for ax in fig.axes for line in ax.get_lines() if line.get_alpha()}
    assert round(FAINT_ALPHA, 2) in alphas


def test_the_one_file_map_carries_doubt_to_the_page(story, tmp_path):
    from geo.export import export

    html = export(story, "route", "html", tmp_path / "route.html")[0].read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="geo-data">(.*?)</script>', html, re.S)[1])
    assert [row["kind"] for row in data["legend"]] == ["route", "date", "place"]
    steps = {s["title"]: s for s in data["steps"]}
    assert steps["Hotel Jetysu"]["halo"] and steps["Hotel Jetysu"]["hollow"]
    assert not data["steps"][0]["hollow"] and not data["steps"][0]["halo"]  # the departure, a certain day
    assert html.count("geo-assumed") >= 7


def test_kml_styles_say_it_too(story):
    root = ET.fromstring(story_kml(story))
    komi = root.find(f".//{KML}Placemark[@id='sermuks-1928.sermuks-1928-komi']")
    assert komi.findtext(KML + "styleUrl").endswith("-assumed")
    assert DOUBT_WORDS["route"] in komi.findtext(KML + "description")
    hotel = root.find(f".//{KML}Placemark[@id='exile-1928.stop3']")
    assert hotel.findtext(KML + "styleUrl") == "#stop-doubtful"
    assert root.find(f".//{KML}Placemark[@id='exile-1928.stop0']").findtext(KML + "styleUrl") == "#stop"
    styles = {s.get("id") for s in root.iter(KML + "Style")}
    assert {"stop", "stop-doubtful", "journey0-assumed"} <= styles


def test_in_a_browser_the_one_file_map_draws_doubt_with_its_legend(browser, story, tmp_path):
    from conftest import file_only_context

    from geo.export.html import export_html

    path = export_html(story, "route", tmp_path / "route.html")
    context = file_only_context(browser, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("#geo-step h2", timeout=15000)
        stops = sum(len(j.stops) for j in story.journeys.values())
        hollow = sum("date" in story.doubts(s) for j in story.journeys.values() for s in j.stops)
        assert page.locator("path.geo-stop").count() == stops
        assert page.locator("path.geo-hollow").count() == hollow > 0
        assert page.locator("path.geo-halo").count() > 0
        assumed = sum(leg.route_assumed for j in story.journeys.values() for leg in j.legs)
        assert page.locator("path.geo-assumed").count() == assumed
        opacity = page.locator("path.geo-assumed").first.get_attribute("stroke-opacity")
        assert float(opacity) < 0.5
        rows = page.locator(".geo-legend-row")
        assert [rows.nth(i).text_content() for i in range(rows.count())] == [
            DOUBT_WORDS["route"], DOUBT_WORDS["date"] + " (c.)", DOUBT_WORDS["place"]]
        assert context.blocked == []
    finally:
        context.close()


def test_the_places_map_halos_places_located_approximately(story):
    ids = ["almaty", "kurdai-pass", "hotel-jetysu"]
    html = maps.places_map(story, ids, osm=False).get_root().render()
    assert html.count(f'"fillOpacity": {maps.HALO_OPACITY}') == 2  # the pass and the hotel, not the city
