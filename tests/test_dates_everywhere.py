"""Every date of the shipped story, through every output: worded alike wherever words are shown, and
kept as EDTF or ISO bounds in the machine formats (the one reading and wording is geo.dates)."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.dates import NO_DATE, read, words
from geo.export import export
from geo.export.data import csv_table, letters_cmif, story_kml
from geo.routes import story_geojson
from geo.story import load_story, story_to_dict

APP = str(Path(__file__).resolve().parent.parent / "app.py")
KML = "{http://www.opengis.net/kml/2.2}"
TEI = "{http://www.tei-c.org/ns/1.0}"


@pytest.fixture(scope="module")
def story():
    return load_story()


def _stops(story):
    return [(j, s) for j in story.journeys.values() for s in j.stops]


def _iso(value, end):
    when = read(value)
    return (when.iso()[end] if when else None)


def _page_data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', html, re.S)[1]
    return json.loads(raw)


def test_the_story_has_dates_of_every_kind(story):
    kinds = {(read(s.date).precision, read(s.date).interval, read(s.date).approximate)
             for _, s in _stops(story) if s.date}
    assert {("day", False, False), ("day", True, False), ("day", False, True), ("month", True, False)} <= kinds
    assert any(s.date is None for _, s in _stops(story)), "a stop with no date: said so, not invented"


def test_the_app_words_every_stop_date_as_geo_dates_does(story):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "route"
    at.run()
    for j, s in _stops(story):
        at.session_state["journey"] = j.id
        at.session_state[f"stop_{j.id}"] = s.index
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        text = "\n".join(m.value for m in at.markdown)
        assert f"Stop {s.number} of {len(j.stops)}" in text
        if s.date:
            assert f"<strong>Date:</strong> {words(s.date)}" in text, (j.id, s.index)
        else:
            assert "<strong>Date:</strong>" not in text


def test_the_app_words_every_letter_date_as_geo_dates_does(story):
    from geo.maps import letter_arcs

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "letters"
    at.run()
    for arc in letter_arcs(story):
        at.session_state["arc"] = arc.index
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        text = "\n".join(m.value for m in at.markdown)
        for x in arc.letters:
            assert f"sent {words(x.sent, NO_DATE)}, received {words(x.received, NO_DATE)}" in text, x.id


def test_the_one_file_maps_carry_the_same_words(story, tmp_path):
    route = _page_data(export(story, "route", "html", tmp_path / "route.html")[0])
    said = [step["when"] for step in route["steps"]]
    assert len(said) == len(_stops(story))
    for (j, s), when in zip(_stops(story), said):
        assert f"Stop {s.number} of {len(j.stops)}: {words(s.date, NO_DATE)}" in when
    assert any("between 19 and 24 January 1928" in w for w in said)  # not '19 January 1928'
    letters = _page_data(export(story, "letters", "html", tmp_path / "letters.html")[0])
    drawn = [x for x in story.letters if x.from_place and x.to_place]
    for x, step in zip(drawn, letters["steps"]):
        if x.sent:
            assert f"sent {words(x.sent)}" in step["when"], x.id
        if x.received:
            assert f"received {words(x.received)}" in step["when"], x.id


def test_kml_words_dates_alike_and_keeps_their_bounds(story):
    root = ET.fromstring(story_kml(story))
    for j, s in _stops(story):
        pm = root.find(f".//{KML}Placemark[@id='{j.id}.stop{s.index}']")
        assert pm.findtext(KML + "description").startswith(f"Date: {words(s.date, NO_DATE)}.")
        assert pm.findtext(KML + "name").startswith(f"Stop {s.number} · ")
        when = read(s.date)
        if when is None:
            assert pm.find(KML + "TimeStamp") is None and pm.find(KML + "TimeSpan") is None
        elif when.day:
            assert pm.findtext(f"{KML}TimeStamp/{KML}when") == when.day.isoformat()
        else:
            assert pm.findtext(f"{KML}TimeSpan/{KML}begin") == _iso(s.date, 0)
            assert pm.findtext(f"{KML}TimeSpan/{KML}end") == _iso(s.date, 1)
    for j in story.journeys.values():
        for leg in j.legs:
            text = root.find(f".//{KML}Placemark[@id='{j.id}.{leg.id}']").findtext(KML + "description")
            for what, value in (("et out", leg.start), ("rrived", leg.end)):
                if value:
                    assert f"{what} {words(value)}" in text, leg.id


def test_csv_and_geojson_keep_edtf_and_iso_bounds(story):
    stops = list(csv.DictReader(io.StringIO(csv_table(story, "stops"))))
    features = [f["properties"] for f in story_geojson(story)["features"] if f["properties"]["kind"] == "stop"]
    for (j, s), row, props in zip(_stops(story), stops, features):
        assert row["date"] == (s.date or "") and props["date"] == s.date
        assert row["date_earliest"] == (_iso(s.date, 0) or "") and props["date_earliest"] == _iso(s.date, 0)
        assert row["date_latest"] == (_iso(s.date, 1) or "") and props["date_latest"] == _iso(s.date, 1)
        assert int(row["number"]) == props["number"] == s.number
    letters = list(csv.DictReader(io.StringIO(csv_table(story, "letters"))))
    for x, row in zip(story.letters, letters):
        assert (row["sent"], row["received"]) == (x.sent or "", x.received or "")
        assert row["sent_earliest"] == (_iso(x.sent, 0) or "") and row["received_latest"] == (_iso(x.received, 1) or "")


def test_cmif_dates_are_the_same_bounds(story):
    root = ET.fromstring(letters_cmif(story))
    for x in story.letters:
        desc = root.find(f".//{TEI}correspDesc[@key='{x.id}']")
        for kind, value in (("sent", x.sent), ("received", x.received)):
            date = desc.find(f"{TEI}correspAction[@type='{kind}']/{TEI}date")
            when = read(value)
            if when is None:
                assert date is None
                continue
            if date.get("when"):
                assert read(date.get("when")).iso() == when.iso()
                assert not re.search(r"-(2[1-9]|3\d|4[01])$", date.get("when")), "a season is not a month"
            else:
                assert (date.get("notBefore"), date.get("notAfter")) == when.iso()
            assert (date.get("cert") == "medium") == (when.approximate or when.uncertain)


def test_the_resolved_story_carries_words_and_bounds(story):
    doc = story_to_dict(story)
    for j, jd in zip(story.journeys.values(), doc["journeys"]):
        for s, sd in zip(j.stops, jd["stops"]):
            assert sd["date"]["edtf"] == s.date and sd["number"] == s.number
            assert sd["date"]["words"] == (words(s.date) if s.date else None)
