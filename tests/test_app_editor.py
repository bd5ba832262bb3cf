"""The story editor in the app, headless (AppTest): a new story from a pasted text, corrected (accept,
reject, another candidate, a point given by hand, stops reordered, dated, modes), saved, read, and
opened again in the editor."""
from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 120
APP = str(Path(__file__).resolve().parent.parent / "app.py")
TEXT = Path(__file__).resolve().parent / "texts" / "journey-1935.txt"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_STORY_HOME", str(tmp_path / "stories"))
    monkeypatch.delenv("GEO_STORY", raising=False)
    return tmp_path / "stories"


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def stops(at: AppTest) -> list[str]:
    """The stops as the editor lists them (the place names in the stop rows, in order)."""
    out = []
    for i in range(20):
        if not any(b.key == f"editor_up_{i}" for b in at.button):
            break
        out.append(i)
    return out


def widget(items, prefix: str):
    (w,) = [x for x in items if x.key and x.key.startswith(prefix)]
    return w


def place(at: AppTest):
    return widget(at.selectbox, "editor_place_")


def select_place(at: AppTest, place_id: str) -> AppTest:
    return ok(place(at).set_value(place_id).run())


def new_story(home) -> AppTest:
    at = ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    ok(at.sidebar.radio(key="app_mode").set_value("new").run())
    at.text_input(key="editor_title").input("A journey in 1935")
    at.text_area(key="editor_paste").input(TEXT.read_text(encoding="utf-8"))
    return ok(at.button(key="editor_find").click().run())


def written(at: AppTest, name: str) -> str:
    """The id of the place the text names ``name`` (from the editor's model in the session)."""
    (pid,) = [r.id for r in at.session_state["editor_edit"].places() if name in r.written]
    return pid


def model(at: AppTest):
    return at.session_state["editor_edit"]


def test_new_story_corrected_saved_read_and_reopened(home):
    # Each correction is made on a place the text surely names, whether or not the geoparser read it
    # right this time (what it gets wrong changes as it improves).
    t0 = time.perf_counter()
    at = new_story(home)
    assert any(re.search(r"\d+ places found in 1 text", s.value) for s in at.success), [s.value for s in at.success]
    first = model(at).place(place(at).value)
    assert place(at).format_func(first.id).startswith("⚠ " if first.unsure else "")  # the least sure first
    drafted = [s.place_id for s in model(at).stops()]

    # Reject: the country is no place of this journey.
    spain = written(at, "Spain")
    select_place(at, spain)
    ok(at.button(key="editor_reject").click().run())
    assert not any(label.lstrip("⚠✓ ").startswith("Spain") for label in place(at).options)

    # Another candidate.
    pid = next(r.id for r in model(at).places() if r.candidates)
    select_place(at, pid)
    cands = at.selectbox(key=f"editor_cand_{pid}")
    other = model(at).place(pid).candidates[1]
    ok(cands.set_value(1).run())
    ok(at.button(key="editor_choose").click().run())
    assert place(at).format_func(pid).startswith(f"✓ {other.name}")

    # Accept; a point given by hand (Brest in Brittany, whichever Brest was found).
    barcelona = written(at, "Barcelona")
    select_place(at, barcelona)
    ok(at.button(key="editor_accept").click().run())
    assert place(at).format_func(barcelona).startswith("✓ Barcelona")
    brest = written(at, "Brest")
    select_place(at, brest)
    widget(at.number_input, f"editor_lat_{brest}").set_value(48.39)
    widget(at.number_input, f"editor_lon_{brest}").set_value(-4.49)
    ok(at.button(key="editor_put").click().run())
    assert "placed by hand" in place(at).format_func(brest)

    # Stops: one made no stop and a stop again, reordered (and back), a date, modes; a bad date is a
    # message, not a traceback.
    order = [p for p in drafted if p != spain]
    assert len(stops(at)) == len(order)
    portbou = written(at, "Portbou")
    select_place(at, portbou)
    ok(at.button(key="editor_unstop").click().run())
    assert len(stops(at)) == len(order) - 1
    ok(at.button(key="editor_stop").click().run())  # made a stop again: at the end
    order = [p for p in order if p != portbou] + [portbou]
    ok(at.button(key="editor_down_1").click().run())
    ok(at.button(key="editor_up_2").click().run())
    widget(at.text_input, "editor_date_1_").input("1935-13-40")
    ok(at.run())
    assert any("is not an EDTF date" in e.value for e in at.error)
    widget(at.text_input, "editor_date_1_").input("1935-05-04")
    ok(at.run())
    widget(at.selectbox, "editor_mode_1_").set_value("rail")
    ok(at.run())
    last = len(order) - 1
    widget(at.selectbox, f"editor_mode_{last}_").set_value("sea")
    ok(at.run())
    server_s = time.perf_counter() - t0

    # Save: the story is written to the stories folder and opened in the reading views.
    ok(at.button(key="editor_save").click().run())
    (folder,) = [p for p in home.iterdir() if not p.name.startswith(".")]
    assert folder.name == "a-journey-in-1935"
    assert at.sidebar.radio(key="app_mode").value == "read"
    assert f"<h1>{html.escape('A journey in 1935')}</h1>" in markdown(at)
    from geo.story import load_story

    story = load_story(folder)
    (journey,) = story.journeys.values()
    assert [s.place_id for s in journey.stops] == order
    assert [leg.mode for leg in journey.legs] == ["rail"] + [None] * (last - 2) + ["sea"]
    assert journey.stops[1].date == "1935-05-04"
    assert story.gazetteer[pid].title == other.name
    assert (story.gazetteer[brest].lat, story.gazetteer[brest].lon) == (48.39, -4.49)
    assert [r.name for r in story.rejected] == ["Spain"]

    # The same editor opens the saved story: a stop corrected, saved again.
    ok(at.sidebar.radio(key="app_mode").set_value("edit").run())
    assert len(stops(at)) == len(order)
    assert widget(at.text_input, "editor_date_1_").value == "1935-05-04"
    widget(at.selectbox, "editor_mode_2_").set_value("road")
    ok(at.run())
    ok(at.button(key="editor_save").click().run())
    assert at.sidebar.radio(key="app_mode").value == "read"
    assert [leg.mode for leg in next(iter(load_story(folder).journeys.values())).legs] == \
        ["rail", "road"] + [None] * (last - 3) + ["sea"]
    print(f"new-story path, server time: {server_s:.2f} s")


def test_no_text_is_a_clear_message(home):
    at = ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    ok(at.sidebar.radio(key="app_mode").set_value("new").run())
    ok(at.button(key="editor_find").click().run())
    assert any("give a text first" in e.value for e in at.error)


def test_a_second_session_is_told_and_can_reload(home):
    at = new_story(home)
    ok(at.button(key="editor_save").click().run())
    first = ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    second = ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    for s in (first, second):
        (folder,) = [p for p in home.iterdir() if not p.name.startswith(".")]
        ok(s.sidebar.selectbox(key="story_dir").set_value(str(folder)).run())
        ok(s.sidebar.radio(key="app_mode").set_value("edit").run())
    widget(first.selectbox, "editor_mode_1_").set_value("rail")
    ok(first.run())
    ok(first.button(key="editor_save").click().run())
    widget(second.selectbox, "editor_mode_1_").set_value("road")
    ok(second.run())
    ok(second.button(key="editor_save").click().run())
    assert any("changed (by another session or by hand)" in e.value for e in second.error)
    ok(second.button(key="editor_reload").click().run())
    assert widget(second.selectbox, "editor_mode_1_").value == "rail"


def test_the_default_story_opens_in_the_editor_journey_by_journey(home):
    from geo.story import load_story

    story = load_story()
    at = ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    ok(at.sidebar.radio(key="app_mode").set_value("edit").run())
    journeys = widget(at.selectbox, "editor_journey_")
    assert journeys.options == list(story.journeys)
    first, second = list(story.journeys.values())[:2]
    assert len(stops(at)) == len(first.stops)
    ok(journeys.set_value(second.id).run())
    assert len(stops(at)) == len(second.stops)
    # A place a letter names cannot be rejected: the message says where it is used.
    used = next(x.to_place for x in story.letters if x.to_place)
    ok(widget(at.selectbox, "editor_place_").set_value(used).run())
    ok(at.button(key="editor_reject").click().run())
    assert any("cannot be rejected: the story uses it at" in e.value for e in at.error)
    assert not list(home.glob("*"))  # nothing saved
