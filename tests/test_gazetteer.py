"""The gazetteer: names through time, and a broken file refused with every problem named."""
import json

import pytest

from geo.errors import GazetteerError
from geo.gazetteer import load_gazetteer, parse_gazetteer, to_feature


def feature(pid, lon, lat, **extra):
    f = {
        "@id": pid,
        "type": "Feature",
        "properties": {"title": pid.title(), "ccodes": extra.pop("ccodes", []), "fclasses": ["P"]},
        "names": [{"toponym": pid.title(), "lang": "en"}],
        "geometry": {"type": "Point", "coordinates": [lon, lat], "certainty": "certain",
                     "citations": [{"label": "test"}]},
    }
    f.update(extra)
    return f


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def test_shipped_gazetteer_loads_with_names_of_the_time():
    g = load_gazetteer()
    assert g["almaty"].name_at("1928") == "Alma-Ata"
    assert g["almaty"].name_at("1900") == "Verny"
    assert g["almaty"].name_at("2024") == "Almaty"
    assert g["bishkek"].name_at("1928") == "Frunze"
    assert g["bishkek"].name_at("1925") == "Pishpek"
    assert g["bishkek"].name_at("1995") == "Bishkek"
    assert g["saint-petersburg"].name_at("1920") == "Petrograd"
    assert g["saint-petersburg"].name_at("1928") == "Leningrad"
    assert g["istanbul"].name_at("1929") == "Constantinople"
    assert g["istanbul"].name_at("1931") == "Istanbul"


def test_every_shipped_place_says_where_its_point_comes_from():
    for p in load_gazetteer():
        assert p.coordinate_sources, p.id
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p.id


def test_name_lookup_ignores_case_hyphens_and_spaces():
    g = load_gazetteer()
    assert [p.id for p in g.lookup("alma ata")] == ["almaty"]
    assert [p.id for p in g.lookup("ALMA-ATA")] == ["almaty"]


def test_broken_json_names_the_line(tmp_path):
    path = tmp_path / "places.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [\n  {"@id": "x",}\n]}', encoding="utf-8")
    with pytest.raises(GazetteerError) as e:
        load_gazetteer(path)
    assert str(path) in str(e.value) and "line 2" in str(e.value) and "not valid JSON" in str(e.value)


def test_json_nested_100000_deep_is_a_gazetteer_error_not_a_recursion_error(tmp_path):
    path = tmp_path / "places.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(GazetteerError, match="places.geojson: line 1: nests deeper than"):
        load_gazetteer(path)


def test_every_problem_is_reported_at_once(tmp_path):
    no_geometry = feature("nowhere", 0, 0)
    del no_geometry["geometry"]
    doc = collection(
        feature("moscow", 37.6, 55.75),
        no_geometry,
        feature("north", 10.0, 95.0),
        # Almaty, with longitude and latitude swapped (GeoNames 1526384 is at 76.91 E, 43.25 N).
        feature("almaty", 43.25249, 76.9115, links=[{"type": "closeMatch", "identifier": "gn:1526384"}]),
        feature("moscow", 37.6, 55.75),
    )
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(GazetteerError) as e:
        load_gazetteer(path)
    problems = e.value.problems
    text = "\n".join(problems)
    assert len(problems) == 4, text
    assert "features[1] (nowhere).geometry" in text and "missing" in text
    assert "features[2] (north).geometry.coordinates[1]: latitude 95.0 is out of range" in text
    assert "features[3] (almaty).geometry.coordinates" in text and "swapped" in text
    assert "features[4] (moscow).@id: 'moscow' repeats" in text


def test_swapped_coordinates_caught_by_country_without_a_link():
    # Moscow with [lat, lon]: inside no part of Russia, but inside it the other way round.
    doc = collection(feature("moscow", 55.75, 37.62, ccodes=["RU"]))
    with pytest.raises(GazetteerError) as e:
        parse_gazetteer(doc, "test.geojson")
    assert "swapped" in str(e.value)


def test_missing_fields_are_named():
    f = feature("x", 1, 1)
    del f["properties"]["title"]
    f["names"] = []
    with pytest.raises(GazetteerError) as e:
        parse_gazetteer(collection(f), "t.geojson")
    assert "features[0] (x).properties.title" in str(e.value)
    assert "features[0] (x).names" in str(e.value)


def test_bad_name_date_is_named():
    f = feature("x", 1, 1)
    f["names"][0]["when"] = {"timespans": [{"start": {"in": "1928-13-01"}}]}
    with pytest.raises(GazetteerError) as e:
        parse_gazetteer(collection(f), "t.geojson", geonames_check=False)
    assert "1928-13-01" in str(e.value)


def test_round_trip_through_linked_places():
    g = load_gazetteer()
    again = parse_gazetteer(collection(*(to_feature(p) for p in g)), "again", geonames_check=False)
    assert again["almaty"].name_at("1928") == "Alma-Ata"
    assert (again["almaty"].lat, again["almaty"].lon) == (g["almaty"].lat, g["almaty"].lon)
