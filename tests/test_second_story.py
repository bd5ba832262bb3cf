"""A second story, not Trotsky's (tests/stories/rhine-1838): loaders, every export, every view of the app.

So that nothing quietly depends on the first story: its title, extent, places, dates and journeys are
all other ones here, two of its legs have no mode yet (as `geo-story new` drafts them), and it has its
own gazetteer but no register of its own.
"""
from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.export import FORMATS, export
from geo.story import load_story, open_story, story_to_dict
from geo.storyfolder import DEFAULT_STORY_DIR, known_stories, story_folder

RHINE = Path(__file__).resolve().parent / "stories" / "rhine-1838"
APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def rhine():
    return open_story(RHINE)


def test_the_folder_opens_with_its_own_places_and_the_default_register(rhine):
    folder = story_folder(RHINE)
    assert folder.places_file == RHINE / "places.geojson"
    assert folder.register_file == DEFAULT_STORY_DIR / "register.yaml"  # it has none of its own
    assert story_folder(RHINE / "story.yaml") == folder
    assert rhine.title == "Up the Rhine, 1838"
    assert rhine.folder == folder
    assert "almaty" not in rhine.gazetteer  # its own gazetteer, not the first story's
    assert [s.place_id for s in rhine.journeys["up-the-rhine-1838"].stops] == \
        ["london", "rotterdam", "koln", "bonn", "koblenz", "mainz", "basel"]
    assert rhine.focus == "mainz"
    assert rhine.date.year == 1838
    assert load_story(RHINE).title == rhine.title  # load_story takes the folder too


def test_legs_without_a_mode_load_and_read(rhine):
    from geo.story import mode_words

    modes = [leg.mode for leg in rhine.journeys["up-the-rhine-1838"].legs]
    assert modes[0] == "sea" and modes[-1] == "road" and None in modes
    assert mode_words(None) == "by a way not yet given"
    doc = story_to_dict(rhine)
    assert doc["letters"][0]["transit_days"] == 12


def test_a_missing_or_wrong_folder_is_one_clear_error(tmp_path):
    from geo.errors import StoryError

    with pytest.raises(StoryError, match="no such story folder"):
        open_story(tmp_path / "nothing")
    with pytest.raises(StoryError, match="has no story.yaml"):
        open_story(tmp_path)


ALL = [(view, fmt) for view, fmts in FORMATS.items() for fmt in fmts]


@pytest.mark.parametrize("view,fmt", ALL)
def test_every_export_works_on_the_second_story(rhine, tmp_path, view, fmt):
    paths = export(rhine, view, fmt, tmp_path / f"{view}.{fmt}", width=640, height=360, dpi=72)
    assert paths and all(p.stat().st_size > 0 for p in paths)
    body = paths[0].read_bytes()
    if fmt in ("html", "geojson", "kml", "cmif", "csv", "lpf", "svg"):
        text = body.decode("utf-8")
        assert "Alma-Ata" not in text and "Trotsky" not in text
        if view == "places" or fmt in ("geojson", "kml", "csv") and view == "route":
            assert "Mainz" in text or "mainz" in text


def test_the_commands_take_the_story_folder(tmp_path, capsys):
    assert main(["story", "--story", str(RHINE), "--format", "geojson"]) == 0
    assert '"up-the-rhine-1838/up-the-rhine-1838-1"' in capsys.readouterr().out
    assert main(["export", "route", "--format", "kml", "--out", str(tmp_path / "r.kml"), "--story", str(RHINE)]) == 0
    assert "Rotterdam" in (tmp_path / "r.kml").read_text(encoding="utf-8")
    text = RHINE / "texts" / "up-the-rhine.txt"
    assert main(["places", str(text), "--story", str(RHINE), "--no-geonames"]) == 0
    out = capsys.readouterr().out
    assert "mainz" in out and "koblenz" in out
    assert main(["map", str(text), "--out", str(tmp_path / "m.html"), "--story", str(RHINE)]) == 0
    assert main(["export", "route", "--out", str(tmp_path / "x.kml"), "--story", str(tmp_path / "none")]) == 1
    assert "no such story folder" in capsys.readouterr().err


def _run(view: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = view
    return at.run()


@pytest.fixture
def rhine_app(monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_STORY", str(RHINE))
    monkeypatch.setenv("GEO_STORY_HOME", str(tmp_path / "no-stories-here"))


@pytest.mark.parametrize("view", ["route", "letters", "text", "gazetteer", "export"])
def test_the_app_shows_the_second_story_in_every_view(rhine_app, rhine, view):
    at = _run(view)
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(m.value for m in at.markdown)
    assert f"<h1>{html.escape(rhine.title)}</h1>" in text
    assert "Trotsky" not in text and "Alma-Ata" not in text
    assert "written for the tests of geo-story" in text  # its credit line
    if view == "route":
        assert "Stop 1 of 7" in text and "London" in text
        at.button(key="next_up-the-rhine-1838").click().run()
        assert not at.exception and "by sea" in "\n".join(m.value for m in at.markdown)
    if view == "gazetteer":
        assert at.session_state["gaz_place"] == "mainz"  # the story's focus, not a place of the first story


def test_the_app_switches_between_the_stories_it_knows(monkeypatch, tmp_path, rhine):
    import shutil

    home = tmp_path / "stories"
    shutil.copytree(RHINE, home / "rhine")
    monkeypatch.setenv("GEO_STORY_HOME", str(home))
    monkeypatch.delenv("GEO_STORY", raising=False)
    assert [f.root for f in known_stories()] == [DEFAULT_STORY_DIR, (home / "rhine").resolve()]
    at = _run("route")
    assert not at.exception
    first = open_story()
    assert f"<h1>{html.escape(first.title)}</h1>" in "\n".join(m.value for m in at.markdown)
    choice = at.sidebar.selectbox(key="story_dir")
    assert len(choice.options) == 2
    choice.select(str((home / "rhine").resolve())).run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"<h1>{html.escape(rhine.title)}</h1>" in "\n".join(m.value for m in at.markdown)
