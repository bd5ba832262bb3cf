"""The editing model (geo/editor.py), without Streamlit: places accepted, rejected, re-placed; stops made,
moved, dated; the documents written back as the loader reads them."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.editor import Candidate, EditError, MentionRef, StoryEdit


def feature(pid, title, lon, lat, score=None, alternatives=()):
    props = {"title": title, "fclasses": ["P"], "source": "geonames"}
    if score is not None:
        props["score"] = score
    if alternatives:
        props["alternatives"] = list(alternatives)
    return {"@id": pid, "type": "Feature", "properties": props, "names": [{"toponym": title}],
            "geometry": {"type": "Point", "coordinates": [lon, lat], "citations": [{"label": "GeoNames"}]},
            "links": [{"type": "closeMatch", "identifier": "gn:1"}]}


def make_edit(letters=()):
    places = {"type": "FeatureCollection", "features": [
        feature("moscow", "Moscow", 37.6, 55.75, 1.0),
        feature("odessa", "Odessa", -102.4, 31.8, 0.52,
                [{"id": "gn:698740", "name": "Odesa", "country": "UA", "lat": 46.48, "lon": 30.73,
                  "population": 1015826}]),
        feature("perm", "Perm", 56.25, 58.0, 0.95),
        feature("kitty", "Kitty", 0.0, 0.0, 0.65),
    ]}
    story = {"title": "A trip", "journeys": [{
        "id": "trip", "title": "A trip", "travellers": [],
        "stops": [{"at": "odessa", "excerpts": [{"text": "t", "exact": "Then to Odessa."}]}],
        "legs": [{"id": "trip-1", "from": "moscow", "to": "odessa", "start": "1935-05", "note": "kept"},
                 {"id": "trip-2", "from": "odessa", "to": "perm", "end": "1935-06"}]}],
        "letters": list(letters)}
    mentions = [MentionRef("t", 0, 6, "Moscow", "moscow", 1.0), MentionRef("t", 20, 26, "Odessa", "odessa", 0.52),
                MentionRef("t", 40, 44, "Perm", "perm", 0.95), MentionRef("t", 50, 55, "Kitty", "kitty", 0.65)]
    return StoryEdit(story, places, mentions, {"t": "x" * 60})


def test_unsure_places_come_first_least_sure_first():
    rows = make_edit().places()
    assert [r.id for r in rows] == ["odessa", "kitty", "moscow", "perm"]
    assert [r.status for r in rows] == ["unsure", "unsure", "found", "found"]
    assert rows[0].written == ("Odessa",) and rows[0].stop and not rows[1].stop


def test_accept_makes_a_place_checked():
    edit = make_edit()
    edit.accept("odessa")
    assert edit.place("odessa").status == "checked"
    _, places = edit.documents()
    f = next(f for f in places["features"] if f["@id"] == "odessa")
    assert f["properties"]["checked"] is True and f["geometry"]["certainty"] == "certain"


def test_reject_removes_the_place_its_stops_and_remembers_the_name():
    edit = make_edit()
    edit.reject("odessa")
    assert "odessa" not in [r.id for r in edit.places()]
    assert [s.place_id for s in edit.stops()] == ["moscow", "perm"]
    story, places = edit.documents()
    assert story["rejected"] == [{"name": "Odessa"}]
    assert "odessa" not in [f["@id"] for f in places["features"]]
    legs = story["journeys"][0]["legs"]
    assert [(leg["from"], leg["to"]) for leg in legs] == [("moscow", "perm")]
    assert story["journeys"][0]["stops"] == []  # the note of the stop went with it


def test_a_place_used_elsewhere_cannot_be_rejected_and_says_where():
    edit = make_edit(letters=[{"id": "l1", "from": "perm", "to": "moscow"}])
    with pytest.raises(EditError, match=r"letters\[0\]\.from"):
        edit.reject("perm")
    assert "perm" in [r.id for r in edit.places()]


def test_choose_another_candidate_moves_the_place_and_keeps_the_old_one_as_a_candidate():
    edit = make_edit()
    [c] = edit.place("odessa").candidates
    assert c.label == "Odesa (UA), 1,015,826 people"
    edit.choose("odessa", 0)
    row = edit.place("odessa")
    assert (row.title, row.lat, row.lon, row.status) == ("Odesa", 46.48, 30.73, "checked")
    assert [x.name for x in row.candidates] == ["Odessa"]  # choose it again to undo
    _, places = edit.documents()
    f = next(f for f in places["features"] if f["@id"] == "odessa")
    assert f["links"] == [{"type": "closeMatch", "identifier": "gn:698740"}]
    assert f["geometry"]["citations"][0]["@id"] == "https://www.geonames.org/698740"
    with pytest.raises(EditError, match="no candidate 5"):
        edit.choose("odessa", 5)


def test_an_empty_list_of_candidates_is_fine():
    edit = make_edit()
    assert edit.place("perm").candidates == ()
    assert Candidate.of({"name": "X", "point": (1.0, 2.0)}).lat == 1.0


def test_place_at_a_clicked_point():
    edit = make_edit()
    edit.place_at("kitty", 51.123456, -0.5)
    row = edit.place("kitty")
    assert (row.lat, row.lon, row.status) == (51.12346, -0.5, "placed")
    _, places = edit.documents()
    f = next(f for f in places["features"] if f["@id"] == "kitty")
    assert f["links"] == [] and "by hand" in f["geometry"]["citations"][0]["label"]
    with pytest.raises(EditError, match="not a point"):
        edit.place_at("kitty", 95, 0)


def test_make_a_stop_move_it_and_date_it_and_the_legs_follow():
    edit = make_edit()
    edit.add_stop("kitty")  # no text known for its sentence: a stop without an excerpt
    assert [s.place_id for s in edit.stops()] == ["moscow", "odessa", "perm", "kitty"]
    edit.move_stop(3, -1)
    edit.move_stop(0, 1)
    assert [s.place_id for s in edit.stops()] == ["odessa", "moscow", "kitty", "perm"]
    edit.set_date(2, "1935-05-20")
    edit.set_mode(2, "rail")
    story, _ = edit.documents()
    legs = story["journeys"][0]["legs"]
    assert [(leg["from"], leg["to"]) for leg in legs] == [("odessa", "moscow"), ("moscow", "kitty"),
                                                          ("kitty", "perm")]
    assert legs[1]["mode"] == "rail" and legs[1]["end"] == "1935-05-20"
    assert len({leg["id"] for leg in legs}) == 3
    # What the file said of a leg stays with it; the first stop's date is the first leg's start.
    assert any(leg.get("note") == "kept" for leg in legs)
    assert [s.date for s in edit.stops()] == [None, "1935-05", "1935-05-20", "1935-06"]
    assert story["journeys"][0]["stops"][0]["at"] == "odessa"


def test_remove_a_stop_and_make_it_again_keeps_its_quotation():
    edit = make_edit()
    edit.remove_stop(1)
    assert [s.place_id for s in edit.stops()] == ["moscow", "perm"]
    assert not edit.place("odessa").stop
    edit.add_stop("odessa", 1)
    assert edit.stops()[1].excerpt == "Then to Odessa."


def test_bad_dates_modes_and_moves_are_clear_errors():
    edit = make_edit()
    with pytest.raises(EditError, match="stop 2: '1935-13-01' is not an EDTF date"):
        edit.set_date(1, "1935-13-01")
    with pytest.raises(EditError, match="not a mode of travel; one of: rail, road, sea, foot"):
        edit.set_mode(1, "balloon")
    with pytest.raises(EditError, match="first stop has no leg"):
        edit.set_mode(0, "rail")
    with pytest.raises(EditError, match="cannot move up: it is first"):
        edit.move_stop(0, -1)
    with pytest.raises(EditError, match="no stop 9"):
        edit.remove_stop(8)
    with pytest.raises(EditError, match="'nowhere' is not a place"):
        edit.accept("nowhere")
    edit.set_date(1, "  ")
    assert edit.stops()[1].date is None


def test_a_journey_needs_two_stops():
    edit = make_edit()
    edit.remove_stop(0)
    edit.remove_stop(0)
    with pytest.raises(EditError, match="needs at least two stops"):
        edit.documents()


def test_a_story_without_a_journey_gets_one_when_it_has_two_stops():
    edit = make_edit()
    edit.story_yaml["journeys"] = []
    edit = StoryEdit(edit.story_yaml, edit.places_geojson, edit.mentions)
    assert edit.stops() == []
    edit.add_stop("moscow")
    edit.documents()  # one stop: still no journey, and no error
    edit.add_stop("perm")
    story, _ = edit.documents()
    [j] = story["journeys"]
    assert j["id"] == "a-trip" and [(leg["from"], leg["to"]) for leg in j["legs"]] == [("moscow", "perm")]


# ---- with the draft and the story folders: drafted, corrected, saved, opened again

TEXT = Path(__file__).resolve().parent / "texts" / "journey-1935.txt"  # a made-up account, for these tests


@pytest.fixture
def drafted(tmp_path):
    from geo.draft import draft_story

    return StoryEdit.from_draft(draft_story([TEXT], "A journey in 1935")), TEXT


def written(edit: StoryEdit, name: str) -> str:
    """The id of the place the text names with ``name`` (ids are the draft's, made from names)."""
    (pid,) = [r.id for r in edit.places() if name in r.written]
    return pid


def test_a_drafted_story_corrected_saved_and_opened_again(drafted, tmp_path):
    # What the geoparser gets wrong changes as it improves: each correction is made on a place the
    # text surely names, whether or not the geoparser read it right this time.
    from geo.story import load_story

    edit, text = drafted
    rows = edit.places()
    unsure = [r.confidence for r in rows if r.unsure]
    assert unsure == sorted(unsure) and [r.unsure for r in rows] == sorted((r.unsure for r in rows), reverse=True)
    drafted_stops = [s.place_id for s in edit.stops()]
    spain, brest, barcelona, portbou = (written(edit, n) for n in ("Spain", "Brest", "Barcelona", "Portbou"))
    edit.reject(spain)  # the country is no place of this journey

    # Another candidate, and back: the place it was is now a candidate itself.
    pid = next(r.id for r in edit.places() if r.candidates)
    before = edit.place(pid)
    other = before.candidates[0]
    edit.choose(pid, 0)
    assert (edit.place(pid).title, edit.place(pid).lat, edit.place(pid).lon) == (other.name, other.lat, other.lon)
    _, places = edit.documents()
    (f,) = [f for f in places["features"] if f["@id"] == pid]
    assert f["properties"]["ccodes"] == ([other.country] if other.country else [])
    edit.choose(pid, next(i for i, c in enumerate(edit.place(pid).candidates) if c.name == before.title))
    assert (edit.place(pid).lat, edit.place(pid).lon) == (before.lat, before.lon)

    edit.accept(barcelona)
    edit.place_at(brest, 48.39, -4.49)  # Brest in Brittany, whichever Brest was found
    at = [s.place_id for s in edit.stops()].index(portbou)
    edit.remove_stop(at)
    assert not edit.place(portbou).stop
    edit.add_stop(portbou, at)  # made a stop again, with the sentence it had
    assert "Portbou" in edit.stops()[at].excerpt
    order = [s.place_id for s in edit.stops()]
    assert order == [p for p in drafted_stops if p != spain]
    edit.move_stop(2, 1)
    edit.move_stop(3, -1)  # and back again
    last = len(order) - 1
    edit.set_date(1, "1935-05-04")
    edit.set_mode(1, "rail")
    edit.set_mode(2, "road")
    edit.set_mode(last, "sea")

    folder = edit.save(tmp_path / "stories" / "journey-1935")
    story = load_story(folder)
    assert (folder / "texts" / "journey-1935.txt").read_bytes() == text.read_bytes()
    (journey,) = story.journeys.values()
    assert [s.place_id for s in journey.stops] == order
    assert [leg.mode for leg in journey.legs] == ["rail", "road"] + [None] * (last - 3) + ["sea"]
    assert journey.stops[1].date == "1935-05-04"
    assert (story.gazetteer[brest].lat, story.gazetteer[brest].lon) == (48.39, -4.49)
    assert spain not in story.gazetteer
    assert [r.name for r in story.rejected] == ["Spain"]

    again = StoryEdit.open(folder)
    assert [s.place_id for s in again.stops()] == order
    assert again.place(barcelona).status == "checked" and again.place(brest).status == "placed"
    assert spain not in [r.id for r in again.places()]


def test_rejections_keep_the_geoparser_from_bringing_a_name_back(drafted, tmp_path):
    from geo.draft import draft_story
    from geo.story import load_story

    edit, text = drafted
    edit.reject(written(edit, "Spain"))
    folder = edit.save(tmp_path / "s")
    redrafted = draft_story([text], rejected=load_story(folder).rejected)
    assert not any(m.text == "Spain" for ms in redrafted.mentions.values() for m in ms)
    assert any(m.text == "Oran" for ms in redrafted.mentions.values() for m in ms)


def test_two_sessions_the_second_is_told_and_can_reload(drafted, tmp_path):
    from geo.storyfolder import StoryConflict

    edit, _ = drafted
    folder = edit.save(tmp_path / "s")
    first, second = StoryEdit.open(folder), StoryEdit.open(folder)
    first.set_mode(1, "rail")
    first.save()
    second.set_mode(1, "road")
    with pytest.raises(StoryConflict, match="reload"):
        second.save()
    reloaded = StoryEdit.open(folder)
    assert reloaded.stops()[1].mode == "rail"


def test_an_edit_that_would_not_load_is_not_saved(drafted, tmp_path):
    edit, _ = drafted
    edit.set_date(1, "1935-04-01")  # before the journey began (2 May)
    with pytest.raises(EditError, match="would not load") as e:
        edit.save(tmp_path / "s")
    assert any("ends before it begins" in p for p in e.value.problems)
    assert not (tmp_path / "s").exists()


def test_a_hand_written_comment_survives_an_edit(drafted, tmp_path):
    edit, _ = drafted
    folder = edit.save(tmp_path / "s")
    story_file = folder / "story.yaml"
    story_file.write_text("# my own note, kept\n" + story_file.read_text(encoding="utf-8"), encoding="utf-8")
    again = StoryEdit.open(folder)
    again.set_mode(2, "foot")
    again.save()
    assert story_file.read_text(encoding="utf-8").startswith("# my own note, kept\n")


def test_texts_given_as_a_browser_uploads_them():
    from geo.editor import MAX_TEXT_BYTES

    edit = StoryEdit.from_texts([("../../journey.txt", TEXT.read_bytes())], "A journey")
    assert edit.files == {"journey.txt": TEXT.read_bytes()}  # the name's last part only
    assert len(edit.stops()) > 2
    with pytest.raises(EditError, match="give a text first"):
        StoryEdit.from_texts([])
    with pytest.raises(EditError) as e:
        StoryEdit.from_texts([("big.txt", b"a" * (MAX_TEXT_BYTES + 1)), ("ok.txt", b"Paris")])
    assert e.value.problems == ["big.txt: 2.0 MB, more than the 2 MB a text may have; split it into parts"]
    with pytest.raises(EditError) as e:
        StoryEdit.from_texts([("notepad.txt", "Paris".encode("utf-16")), ("scan.txt", b"\x89PNG\x00\x00"),
                              ("latin.txt", "Köln".encode("latin-1")), ("empty.txt", b"  \n")])
    assert [p.split(":")[0] for p in e.value.problems] == ["notepad.txt", "scan.txt", "latin.txt", "empty.txt"]
    assert "UTF-16" in e.value.problems[0] and "not a text file" in e.value.problems[1]
    assert "not UTF-8" in e.value.problems[2] and "empty" in e.value.problems[3]


def test_the_docstring_examples_run():
    import doctest

    import geo.editor

    assert doctest.testmod(geo.editor).failed == 0
