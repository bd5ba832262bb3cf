"""Walk the app through every choice a user can make, on every story of the suite, and fail on any exception.

Every view; in each, every option of every select box and radio (again whenever a choice changes the
options another one offers, as the export's formats follow what is exported); every journey stepped with
Next to its end, in the app and in the projector's mode (?mode=lecture); and every mode of the sidebar. A traceback anywhere (a date the letters view cannot
read, a stop the map cannot place) fails the walk, naming the choices that led to it.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.app import VIEWS
from geo.storyfolder import DEFAULT_STORY_DIR

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HERE = Path(__file__).resolve().parent
# The shipped story, and every story folder of the suite (tests/stories/*): a new one is walked too.
STORIES = [DEFAULT_STORY_DIR, *sorted(p.parent for p in (HERE / "stories").glob("*/story.yaml"))]
CHOICES = ("selectbox", "radio")


def _ok(at: AppTest, trail: list[str]) -> None:
    assert not at.exception, (" > ".join(trail), [e.value for e in at.exception])


def _choose(widget, index: int) -> None:
    """Select the option at ``index`` as the browser does: by sending its label. (AppTest's own
    ``set_value`` passes a label through the widget's ``format_func``, which expects the raw option.)"""
    label = widget.options[index]
    widget.__class__ = type(type(widget).__name__, (type(widget),), {"index": property(lambda self: index)})
    widget._value = label  # anything but the initial value: the widget is sent as changed
    widget.run()


def _choices(at: AppTest) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The keyed select boxes and radios of the page (not the sidebar's), with the options they offer."""
    found = {}
    for kind in CHOICES:
        for w in getattr(at.main, kind):
            if w.key:
                found[w.key] = (kind, tuple(w.options))
    return found


def _walk_choices(at: AppTest, seen: set, trail: list[str]) -> int:
    """Every option of every choice on the page, depth first; returns how many runs it took."""
    runs = 0
    for key in list(_choices(at)):
        current = _choices(at).get(key)
        if current is None or (key, current[1]) in seen:
            continue  # gone with an earlier choice, or walked already with these options
        seen.add((key, current[1]))
        kind, options = current
        for i, label in enumerate(options):
            if _choices(at).get(key) != current:
                # A choice made deeper down hid this one or changed its options: walk it where it shows again.
                seen.discard((key, current[1]))
                break
            _choose(getattr(at.main, kind)(key=key), i)
            runs += 1
            _ok(at, [*trail, f"{key} = {label}"])
            runs += _walk_choices(at, seen, [*trail, f"{key} = {label}"])
    return runs


def _step_every_journey(at: AppTest, trail: list[str]) -> int:
    runs = 0
    journeys = at.main.selectbox(key="journey")
    for i, label in enumerate(journeys.options):
        _choose(at.main.selectbox(key="journey"), i)
        _ok(at, [*trail, f"journey = {label}"])
        journey = at.session_state["journey"]
        steps = 0
        while not at.button(key=f"next_{journey}").disabled:
            at.button(key=f"next_{journey}").click().run()
            steps += 1
            _ok(at, [*trail, f"journey = {label}", f"Next x{steps}"])
            assert steps <= 1000, "Next never reaches the end"
        runs += steps + 1
    return runs


def _journey_ids(story_dir: Path) -> list[str]:
    from geo.story import open_story

    return list(open_story(story_dir).journeys)


def walk(story_dir: Path) -> dict[str, int]:
    """Walk the app on one story folder (the environment names it); the number of runs in each view."""
    runs = {}
    for view in VIEWS:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["view"] = view
        at.run()
        trail = [str(story_dir.name), f"view = {view}"]
        _ok(at, trail)
        runs[view] = 1 + _walk_choices(at, set(), trail)
        if view == "route":
            runs[view] += _step_every_journey(at, trail)
    # The projector's mode (?mode=lecture): every journey, stepped with → to its end.
    runs["lecture"] = 0
    for journey in _journey_ids(story_dir):
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params.update(mode="lecture", journey=journey)
        at.run()
        trail = [str(story_dir.name), "mode = lecture", f"journey = {journey}"]
        _ok(at, trail)
        steps = 0
        while not at.button(key="lecture_next").disabled:
            at.button(key="lecture_next").click().run()
            steps += 1
            _ok(at, [*trail, f"→ x{steps}"])
            assert steps <= 1000, "→ never reaches the end"
        runs["lecture"] += steps + 1
    # The sidebar's modes: reading, editing this story, a new story.
    at = AppTest.from_file(APP, default_timeout=120).run()
    mode = at.sidebar.radio(key="app_mode")
    for i, label in enumerate(mode.options):
        _choose(at.sidebar.radio(key="app_mode"), i)
        _ok(at, [str(story_dir.name), f"mode = {label}"])
    runs["modes"] = len(mode.options)
    return runs


@pytest.mark.parametrize("story_dir", STORIES, ids=lambda p: p.name)
def test_every_choice_in_the_app_runs_without_an_exception(story_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_STORY", str(story_dir))
    monkeypatch.setenv("GEO_STORY_HOME", str(tmp_path / "no-other-stories"))
    runs = walk(story_dir)
    assert set(runs) == {*VIEWS, "lecture", "modes"}
    assert runs["route"] > 2 and runs["export"] > 10  # it did walk: journeys stepped, formats tried
