"""Routes: great-circle legs through via-points, lengths, where the traveller was, the letter network,
and GeoJSON that any GIS opens."""
from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from geo.routes import (distance_so_far_km, great_circle_points, journey_length_km, leg_length_km, leg_line,
                        letter_edges, position_on, split_antimeridian, story_geojson, timeline)
from geo.story import Leg, load_story


@pytest.fixture(scope="module")
def story():
    return load_story()


def km(a, b) -> float:
    from geopy.distance import great_circle

    return great_circle(a, b).km


def nearest_km(line, place) -> float:
    return min(km((lat, lon), (place.lat, place.lon)) for lon, lat in line.coords)


def test_the_1928_rail_leg_bends_through_central_asia(story):
    g = story.gazetteer
    rail = story.journeys["exile-1928"].legs[0]
    line = leg_line(rail, g)
    straight = leg_line(Leg("direct", rail.from_place, rail.to_place, "rail"), g)
    for town in ("orenburg", "aktobe", "kyzylorda", "turkistan", "shymkent"):
        assert nearest_km(line, g[town]) < 1, town
    # The straight line from Moscow to Frunze passes hundreds of km from the railway of 1928.
    assert nearest_km(straight, g["kyzylorda"]) > 250
    assert leg_length_km(rail, g) > 1.05 * leg_length_km(Leg("d", rail.from_place, rail.to_place, "rail"), g)


def test_a_leg_is_densified_and_follows_the_great_circle(story):
    g = story.gazetteer
    leg = Leg("direct", "moscow", "bishkek", "rail")
    coords = list(leg_line(leg, g, max_segment_km=50).coords)
    assert len(coords) > 60
    assert all(km((a[1], a[0]), (b[1], b[0])) <= 50.01 for a, b in zip(coords, coords[1:]))
    # Great circles bow toward the pole: the middle lies north of the straight line in lon/lat.
    (lon0, lat0), (lon1, lat1) = coords[0], coords[-1]
    mid_lon, mid_lat = coords[len(coords) // 2]
    straight_lat = lat0 + (lat1 - lat0) * (mid_lon - lon0) / (lon1 - lon0)
    assert mid_lat > straight_lat + 0.5


def test_great_circle_points_end_where_they_should():
    pts = great_circle_points((46.48, 30.74), (41.01, 28.95), 100)
    assert pts[0] == (46.48, 30.74) and pts[-1] == (41.01, 28.95) and len(pts) == 8


def test_lengths_add_up(story):
    g = story.gazetteer
    exile = story.journeys["exile-1928"]
    total = journey_length_km(exile, g)
    assert 3300 < total < 3800
    assert total == pytest.approx(sum(leg_length_km(leg, g) for leg in exile.legs))
    assert distance_so_far_km(exile, 0, g) == 0
    assert distance_so_far_km(exile, len(exile.legs), g) == pytest.approx(total)
    assert 150 < leg_length_km(exile.legs[1], g) < 300  # Frunze over the Kurdai Pass to Alma-Ata


def test_where_the_traveller_was(story):
    g = story.gazetteer
    exile, expulsion = story.journeys["exile-1928"], story.journeys["expulsion-1929"]
    before = position_on(exile, "1928-01-01", g)
    assert before.stop.place_id == "yaroslavsky-station" and before.leg is None
    on_train = position_on(exile, dt.date(1928, 1, 20), g)
    assert on_train.leg.id == "exile-1928-rail" and 0 < on_train.fraction < 1
    assert position_on(exile, "1928-03-01", g).stop.place_id == "krasin-street"
    assert position_on(exile, "1928-07-01", g).stop.place_id == "foothills-dacha"
    # No dates between Frunze and Odessa: the train waits at the halt before the dated leg, near Shchigry.
    assert position_on(expulsion, "1929-02-01", g).stop.place_id == "shchigry"
    at_sea = position_on(expulsion, "1929-02-11", g)
    assert at_sea.leg.mode == "sea" and 42 < at_sea.lat < 46
    assert position_on(expulsion, "1929-03-01", g).stop.place_id == "istanbul"


def test_timeline_never_goes_back(story):
    for journey in story.journeys.values():
        times = timeline(journey, story.gazetteer)
        flat = [t for pair in times for t in pair]
        assert all(math.isfinite(t) for t in flat)
        assert flat == sorted(flat), journey.id


def test_the_letter_network(story):
    edges = {(e.from_place, e.to_place, e.fate): e for e in letter_edges(story)}
    nina = edges[("moscow", "almaty", "delayed")]
    assert nina.transit_days == (73,) and nina.count == 1
    assert edges[("astrakhan", "almaty", "prompt")].count == 2
    assert not edges[("astrakhan", "almaty", "prompt")].count_known
    assert ("tobolsk", "almaty", "never-arrived") in edges
    assert ("uralsk", "almaty", "prompt") in edges and ("barnaul", "almaty", "prompt") in edges


def test_the_geojson_is_rfc_7946(story):
    doc = story_geojson(story)
    json.dumps(doc, allow_nan=False)
    assert doc["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in doc["features"]]
    legs = sum(len(j.legs) for j in story.journeys.values())
    assert kinds.count("leg") == legs
    assert kinds.count("stop") == legs + len(story.journeys)
    assert kinds.count("letter") == len(letter_edges(story))

    def points(geom):
        c = geom["coordinates"]
        return [c] if geom["type"] == "Point" else c if geom["type"] == "LineString" else [p for part in c for p in part]

    for f in doc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] in ("Point", "LineString", "MultiLineString")
        for lon, lat in points(f["geometry"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    rail = next(f for f in doc["features"] if f["properties"].get("leg") == "exile-1928-rail")
    assert rail["properties"]["to_name"] == "Frunze" and rail["properties"]["mode"] == "rail"
    assert rail["properties"]["length_km"] > 3000 and rail["properties"]["excerpts"]
    sea = next(f for f in doc["features"] if f["properties"].get("leg") == "expulsion-1929-ilyich")
    assert (sea["properties"]["from_name"], sea["properties"]["to_name"]) == ("Odessa", "Constantinople")


def test_the_geojson_stops_say_how_far_the_traveller_had_come(story):
    g = story.gazetteer
    stops = [f for f in story_geojson(story)["features"] if f["properties"]["kind"] == "stop"]
    for f in stops:
        journey = story.journeys[f["properties"]["journey"]]
        assert f["properties"]["distance_km"] == round(distance_so_far_km(journey, f["properties"]["index"], g), 1)
    ends = [f for f in stops if f["properties"]["place"] == "istanbul"]
    assert ends[0]["properties"]["distance_km"] == round(journey_length_km(story.journeys["expulsion-1929"], g), 1)


def test_a_line_across_the_antimeridian_is_cut():
    parts = split_antimeridian([(170.0, 60.0), (179.0, 61.0), (-179.0, 62.0), (-170.0, 63.0)])
    assert len(parts) == 2
    assert parts[0][-1] == (180.0, 61.5) and parts[1][0] == (-180.0, 61.5)
