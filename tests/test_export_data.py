"""Data exports: GeoJSON (RFC 7946), KML, Linked Places, CMIF and CSV open and validate."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from geo.cli import main
from geo.errors import ExportError
from geo.export import FORMATS, export
from geo.export.data import csv_table, letters_cmif, places_lpf, story_kml
from geo.gazetteer import parse_gazetteer
from geo.story import load_story

TEI = "{http://www.tei-c.org/ns/1.0}"
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def story():
    return load_story()


def _positions(geometry):
    t, c = geometry["type"], geometry["coordinates"]
    if t == "Point":
        return [c]
    if t == "LineString":
        return c
    if t == "MultiLineString":
        return [p for line in c for p in line]
    raise AssertionError(f"unexpected geometry {t}")


def test_route_geojson_is_rfc7946(story, tmp_path):
    [path] = export(story, "route", "geojson", tmp_path / "route.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    kinds = {f["properties"]["kind"] for f in doc["features"]}
    assert kinds == {"leg", "stop"}
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        pts = _positions(f["geometry"])
        assert pts
        for lon, lat in pts:
            assert math.isfinite(lon) and -180 <= lon <= 180 and -90 <= lat <= 90
        if f["geometry"]["type"] == "LineString":
            assert len(pts) >= 2
    names = {f["properties"].get("name") for f in doc["features"]}
    assert {"Alma-Ata", "Frunze", "Constantinople"} <= names


def test_letters_geojson_holds_letters_only(story, tmp_path):
    [path] = export(story, "letters", "geojson", tmp_path / "letters.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["features"] and {f["properties"]["kind"] for f in doc["features"]} == {"letter"}


def test_kml_is_well_formed_with_a_folder_per_journey(story):
    root = ET.fromstring(story_kml(story).encode("utf-8"))
    assert root.tag == KML + "kml"
    folders = [f.findtext(KML + "name") for f in root.iter(KML + "Folder")]
    assert folders == [j.title for j in story.journeys.values()] + ["Letters"]
    lines = list(root.iter(KML + "LineString"))
    assert len(lines) >= sum(len(j.legs) for j in story.journeys.values())
    for ls in lines:
        for pos in ls.findtext(KML + "coordinates").split():
            lon, lat = map(float, pos.split(","))
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    one = ET.fromstring(story_kml(story, "exile-1928").encode("utf-8"))
    assert [f.findtext(KML + "name") for f in one.iter(KML + "Folder")] == [story.journeys["exile-1928"].title]


def _with_leg_note(story, note):
    """The story with a note on the first leg of the exile journey."""
    j = story.journeys["exile-1928"]
    j = replace(j, legs=(replace(j.legs[0], note=note), *j.legs[1:]))
    return replace(story, journeys={**story.journeys, j.id: j})


def test_kml_descriptions_reach_google_earth_as_text(story):
    # Google Earth shows a description as HTML: the markup of a note must survive the XML reader escaped.
    root = ET.fromstring(story_kml(_with_leg_note(story, "<script>alert(1)</script> & <b>"), "exile-1928"))
    leg = root.find(f".//{KML}Placemark[@id='exile-1928.{story.journeys['exile-1928'].legs[0].id}']")
    assert leg.findtext(KML + "description").endswith(" &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;")
    assert all("<" not in (d.text or "") for d in root.iter(KML + "description"))


def test_cmif_has_a_correspdesc_per_letter(story):
    root = ET.fromstring(letters_cmif(story).encode("utf-8"))
    assert root.tag == TEI + "TEI"
    header = root.find(TEI + "teiHeader")
    assert header.find(f"{TEI}fileDesc/{TEI}titleStmt/{TEI}title").text
    assert header.find(f"{TEI}fileDesc/{TEI}publicationStmt/{TEI}idno").get("type") == "url"
    licence = header.find(f"{TEI}fileDesc/{TEI}publicationStmt/{TEI}availability/{TEI}licence")
    assert licence.get("target") == "https://creativecommons.org/licenses/by/4.0/"
    assert header.find(f"{TEI}fileDesc/{TEI}sourceDesc/{TEI}bibl").get("type") in ("print", "online")
    descs = header.findall(f"{TEI}profileDesc/{TEI}correspDesc")
    assert len(descs) == len(story.letters)
    day = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
    for d in descs:
        actions = d.findall(TEI + "correspAction")
        assert [a.get("type") for a in actions] == ["sent", "received"]
        for a in actions:
            assert a.find(TEI + "persName").text  # a name, or "Unknown"
            for date in a.findall(TEI + "date"):
                for attr in ("when", "notBefore", "notAfter", "from", "to"):
                    if date.get(attr):
                        assert day.match(date.get(attr)), date.attrib
            place = a.find(TEI + "placeName")
            if place is not None and place.get("ref"):
                assert place.get("ref").startswith("http://www.geonames.org/")
    nina = next(d for d in descs if d.get("key") == "nina-1928-03-20")
    sent = nina.find(TEI + "correspAction")
    assert sent.find(TEI + "placeName").text == "Moscow"
    assert sent.find(TEI + "date").get("when") == "1928-03-20"


def test_linked_places_round_trip(story):
    doc = places_lpf(story.gazetteer)
    again = parse_gazetteer(json.loads(json.dumps(doc)), "<export>", geonames_check=False)
    assert set(again.places) == set(story.gazetteer.places)
    assert again["almaty"].name_at("1928") == "Alma-Ata"


def test_csv_tables(story):
    rows = list(csv.DictReader(io.StringIO(csv_table(story, "letters"))))
    assert len(rows) == len(story.letters)
    assert next(r for r in rows if r["id"] == "nina-1928-03-20")["transit_days"] == "73"
    legs = list(csv.DictReader(io.StringIO(csv_table(story, "legs", "exile-1928"))))
    assert len(legs) == len(story.journeys["exile-1928"].legs) and legs[0]["mode"] == "rail"
    stops = list(csv.DictReader(io.StringIO(csv_table(story, "stops"))))
    assert any(r["name"] == "Alma-Ata" for r in stops)
    places = list(csv.DictReader(io.StringIO(csv_table(story, "places"))))
    assert len(places) == len(story.gazetteer)


def test_csv_cells_never_start_a_formula(story):
    first = story.letters[0]
    hostile = replace(first, note="=HYPERLINK(\"http://x\",\"click\")", sender="@SUM(A1)", kind="+1")
    rows = list(csv.DictReader(io.StringIO(csv_table(replace(story, letters=(hostile,)), "letters"))))
    assert rows[0]["note"] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert rows[0]["sender"] == "'@SUM(A1)" and rows[0]["kind"] == "'+1"
    legs = list(csv.DictReader(io.StringIO(csv_table(_with_leg_note(story, "-2+3"), "legs", "exile-1928"))))
    assert legs[0]["note"] == "'-2+3"
    places = list(csv.DictReader(io.StringIO(csv_table(story, "places"))))
    assert any(r["lon"].startswith("-") for r in places)  # numbers stay numbers (Mexico lies west)


@pytest.mark.parametrize("fmt", FORMATS["route"])
def test_route_of_a_story_with_no_journeys_is_refused(story, tmp_path, fmt):
    with pytest.raises(ExportError, match="the story has no journeys"):
        export(replace(story, journeys={}), "route", fmt, tmp_path / f"route.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS["route"])
def test_unknown_journey_is_refused_in_every_format(story, tmp_path, fmt):
    with pytest.raises(ExportError, match="journey 'nope': not in the story; choose one of: exile-1928"):
        export(story, "route", fmt, tmp_path / f"route.{fmt}", journey="nope")


def test_letters_need_no_journeys(story):
    root = ET.fromstring(story_kml(replace(story, journeys={})))
    assert [f.findtext(KML + "name") for f in root.iter(KML + "Folder")] == ["Letters"]


def test_names_are_those_of_the_story_date(story):
    places = {r["id"]: r for r in csv.DictReader(io.StringIO(csv_table(story, "places")))}
    assert places["almaty"]["name_at_story_date"] == "Alma-Ata"
    later = replace(story, texts={tid: replace(t, story_date=dt.date(2000, 1, 1)) for tid, t in story.texts.items()})
    places = {r["id"]: r for r in csv.DictReader(io.StringIO(csv_table(later, "places")))}
    assert places["almaty"]["name_at_story_date"] == "Almaty"
    root = ET.fromstring(story_kml(later))
    letters = next(f for f in root.iter(KML + "Folder") if f.findtext(KML + "name") == "Letters")
    assert any("Almaty" in pm.findtext(KML + "name") for pm in letters.iter(KML + "Placemark"))


def test_cli_export_data_and_errors(tmp_path, capsys):
    assert main(["export", "letters", "--format", "cmif", "--out", str(tmp_path / "letters.xml")]) == 0
    assert "letters.xml" in capsys.readouterr().out
    ET.parse(tmp_path / "letters.xml")
    assert main(["export", "places", "--out", str(tmp_path / "places.lpf")]) == 0
    assert main(["export", "route", "--format", "cmif", "--out", str(tmp_path / "x.xml")]) == 1
    err = capsys.readouterr().err
    assert "does not fit the route view" in err and "Traceback" not in err
    assert main(["export", "route", "--journey", "nope", "--format", "kml", "--out", str(tmp_path / "x.kml")]) == 1
    assert "journey 'nope'" in capsys.readouterr().err
