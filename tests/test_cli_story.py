"""`python -m geo story`: the resolved story as JSON or GeoJSON; a broken story is one clear message."""
from __future__ import annotations

import json

from geo.cli import main


def test_story_as_json(capsys):
    assert main(["story", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    nina = next(x for x in doc["letters"] if x["id"] == "nina-1928-03-20")
    assert nina["transit_days"] == 73 and nina["from"]["name"] == "Moscow" and nina["to"]["name"] == "Alma-Ata"
    assert {j["id"] for j in doc["journeys"]} >= {"exile-1928", "expulsion-1929"}
    ex = nina["excerpts"][0]
    assert ex["end"] > ex["start"] >= 0


def test_story_as_geojson(capsys):
    assert main(["story", "--format", "geojson"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["type"] == "FeatureCollection"
    assert {f["properties"]["kind"] for f in doc["features"]} == {"leg", "stop", "letter"}


def test_a_broken_story_is_one_clear_message(tmp_path, capsys):
    bad = tmp_path / "story.yaml"
    bad.write_text("title: t\nletters:\n  - id: x\n    kind: letter\n    status: delivered\n    from: atlantis\n",
                   encoding="utf-8")
    assert main(["story", "--story", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "letters[0].from: 'atlantis' is not a place of the gazetteer" in captured.err
    assert "Traceback" not in captured.err


def test_a_missing_story_file(tmp_path, capsys):
    assert main(["story", "--story", str(tmp_path / "none.yaml")]) == 1
    assert "no such story file" in capsys.readouterr().err


def test_fields_of_the_wrong_type_are_one_clear_message(tmp_path, capsys):
    bad = tmp_path / "story.yaml"
    bad.write_text("title: t\njourneys:\n  - id: j\n    title: J\n    legs:\n      - id: l\n        from: moscow\n"
                   "        to: bishkek\n        mode: rail\n        start: 1928-13-01\n        via: kurdai-pass\n"
                   "        excerpts:\n          - text: leon-in-winter\n            exact: Trotsky\n"
                   "            prefix: 12\n", encoding="utf-8")
    assert main(["story", "--story", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "journeys[0].legs[0].start: '1928-13-01' is not an EDTF date" in err
    assert "journeys[0].legs[0].via: via must be a list of place ids" in err
    assert "journeys[0].legs[0].excerpts[0].prefix: must be a string (got 12)" in err
    assert "Traceback" not in err
