"""geo new: a story folder drafted from texts, that loads, opens and exports as it is."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.draft import draft_story, sentence_at, stated_date
from geo.story import open_story

TEXT = Path(__file__).resolve().parent / "stories" / "rhine-1838" / "texts" / "up-the-rhine.txt"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    out = tmp_path_factory.mktemp("new") / "rhine"
    assert main(["new", str(out), str(TEXT), "--title", "Up the Rhine"]) == 0
    return out


def test_new_copies_the_texts_byte_for_byte_and_catalogues_them(drafted):
    assert (drafted / "texts" / "up-the-rhine.txt").read_bytes() == TEXT.read_bytes()
    story = open_story(drafted)
    assert list(story.texts) == ["up-the-rhine"]
    assert story.texts["up-the-rhine"].title == "Up the Rhine: a traveller's letters home, 1838"


def test_the_journey_follows_the_order_the_text_names_the_places(drafted):
    story = open_story(drafted)
    (journey,) = story.journeys.values()
    titles = [story.gazetteer[s.place_id].title for s in journey.stops]
    towns = iter(titles)  # the towns in the order first named (the geoparser may find more: a subsequence)
    assert all(t in towns for t in ["London", "Rotterdam", "Köln", "Bonn", "Koblenz", "Mainz", "Basel"]), titles
    assert len(set(titles)) == len(titles)  # each place once
    rivers = [p for p in story.gazetteer if "H" in p.fclasses]
    assert rivers and not {p.id for p in rivers} & {s.place_id for s in journey.stops}  # the Rhine is no stop
    assert all(leg.mode is None for leg in journey.legs)  # no guessed modes
    text = story.text("up-the-rhine")
    for stop in journey.stops:  # each stop quotes the sentence that first names its place
        (excerpt,) = stop.excerpts
        assert excerpt.exact.endswith((".", "!", "?"))
        assert text[excerpt.start:excerpt.end] == excerpt.exact
    dates = {story.gazetteer[s.place_id].title: s.date for s in journey.stops}
    # London's sentence dates London, not Rotterdam ("two days later"); Bonn, Mainz and Basel say their days.
    assert (dates["London"], dates["Rotterdam"], dates["Bonn"], dates["Mainz"], dates["Basel"]) == \
        ("1838-06-02", None, "1838-06-09", "1838-06-15", "1838-06-20")


def test_places_carry_their_source_confidence_and_alternatives(drafted):
    doc = json.loads((drafted / "places.geojson").read_text(encoding="utf-8"))
    london = next(f for f in doc["features"] if f["@id"] == "london")
    assert london["properties"]["source"] == "geonames"
    assert 0 < london["properties"]["score"] <= 1
    assert any(a["country"] == "CA" for a in london["properties"]["alternatives"])  # London, Ontario


def test_unsure_mentions_are_listed_at_the_end(tmp_path, capsys):
    # "Springfield" with nothing near it to choose among its many namesakes: worth a second look.
    text = tmp_path / "letter.txt"
    text.write_text("We sailed from London to Paris and went on to Springfield in the spring.\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "s"), str(text)]) == 0
    out = capsys.readouterr().out
    tail = out.split("Unsure")[1]
    assert "'Springfield'" in tail and "confidence" in tail
    assert "'London'" not in tail
    assert "geo-story app --story" in out


def test_every_export_works_on_the_draft(drafted, tmp_path):
    for view, fmt in [("route", "png"), ("route", "html"), ("route", "geojson"), ("route", "kml"),
                      ("route", "csv"), ("places", "lpf"), ("places", "csv"), ("letters", "cmif")]:
        out = tmp_path / f"{view}.{fmt}"
        assert main(["export", view, "--format", fmt, "--out", str(out), "--story", str(drafted),
                     "--width", "640", "--height", "360", "--dpi", "72"]) == 0, (view, fmt)


def test_new_refuses_a_folder_that_is_there(drafted, capsys):
    assert main(["new", str(drafted), str(TEXT)]) == 1
    assert "already there" in capsys.readouterr().err


def test_rejections_are_remembered_and_kept_out_of_a_new_draft(tmp_path):
    draft = draft_story([TEXT], "Up the Rhine", rejected=[{"name": "Koblenz"}])
    assert "koblenz" not in [s["at"] for s in draft.story["journeys"][0]["stops"]]
    draft.save(tmp_path / "s")
    story = open_story(tmp_path / "s")
    assert [(r.name, r.text, r.place) for r in story.rejected] == [("Koblenz", None, None)]
    again = draft_story([TEXT], "Up the Rhine", rejected=story.rejected)  # rerun: it stays out
    assert all(m.text != "Koblenz" for ms in again.mentions.values() for m in ms)


def test_a_sentence_that_occurs_twice_gets_a_prefix_and_suffix(tmp_path):
    text = tmp_path / "twice.txt"
    text.write_text("First we went to Kazan.\nThen home.\nFirst we went to Kazan.\nLater to Samara.\n",
                    encoding="utf-8")
    draft = draft_story([text], "Twice")
    stops = draft.story["journeys"][0]["stops"]
    assert stops[0]["excerpts"][0]["exact"] == "First we went to Kazan."
    assert stops[0]["excerpts"][0]["suffix"] and "prefix" in stops[0]["excerpts"][0]
    draft.save(tmp_path / "s")
    assert open_story(tmp_path / "s").journeys["twice"].stops[0].excerpts[0].start == 0


def test_a_text_that_cannot_be_read_is_one_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfeh\x00i\x00")
    assert main(["new", str(tmp_path / "s"), str(bad)]) == 1
    assert "UTF-16" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_dates_and_sentences():
    assert stated_date("They left on June 3, 1838, at dawn.") == "1838-06-03"
    assert stated_date("In 1935 the paper reported it.") == "1935"
    assert stated_date("Population 12,500 in all.") is None
    text = "One. Two names Kazan here! Three."
    s, e = sentence_at(text, text.index("Kazan"), text.index("Kazan") + 5)
    assert text[s:e] == "Two names Kazan here!"


def test_a_place_is_named_as_the_text_writes_it(tmp_path):
    # GeoNames knows Yuma; the text says "Fort Yuma": the drafted place bears both names, so that the story,
    # read again, marks "Fort Yuma" whole in the excerpt, not "Yuma" alone.
    text = tmp_path / "march.txt"
    text.write_text("The column left Fort Yuma on 3 April 1862 and marched by Gila Bend to Tucson.\n", encoding="utf-8")
    out = tmp_path / "march"
    assert main(["new", str(out), str(text)]) == 0
    story = open_story(out)
    from geo.geoparse import find_mentions
    found = {m.text: m.place_id for m in find_mentions(story.text("march"), story.gazetteer)}
    assert "Fort Yuma" in found and story.gazetteer[found["Fort Yuma"]].title == "Yuma", found
