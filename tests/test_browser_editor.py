"""The story editor in headless Chromium: a text uploaded, a place put where the map is clicked, the story
saved and then clicked through in the reading views. Every request off 127.0.0.1 is blocked.

Needs Debian's Chromium (/usr/bin/chromium, or $CHROMIUM); skipped without it, except under CI=true.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from conftest import running_app

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TEXT = Path(__file__).resolve().parent / "texts" / "journey-1935.txt"


@pytest.fixture(scope="module")
def editor_app(tmp_path_factory):
    """The app on the default story, with an empty stories folder of its own (GEO_STORY empty: none given)."""
    home = tmp_path_factory.mktemp("stories")
    with running_app(tmp_path_factory.mktemp("app") / "streamlit.log", GEO_STORY_HOME=str(home), GEO_STORY="") as url:
        yield url, home


def _idle(page) -> None:
    """Wait until the script has run (the running indicator gone)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidgetRunningIcon"]').wait_for(state="hidden", timeout=60_000)


def _until(shown, act, timeout: int, tries: int = 3) -> None:
    """Act until ``shown`` is visible: a click that comes while the script reruns is lost, so try again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        act()
        try:
            shown.wait_for(timeout=timeout)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def test_upload_a_text_place_a_point_save_and_click_through(page, editor_app):
    url, home = editor_app
    clicks = 0
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("New story", exact=True).click(timeout=60_000)
    clicks += 1
    page.get_by_label("Title of the story").fill("A journey in 1935")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(TEXT))
    page.get_by_text("journey-1935.txt").wait_for(timeout=30_000)
    clicks += 1  # choosing the file
    _idle(page)  # the upload's rerun done: a click during it may be lost
    t0 = time.perf_counter()
    _until(page.get_by_text(re.compile(r"\d+ places found in 1 text")),
           lambda: page.get_by_role("button", name="Find the places").click(), 30_000)
    clicks += 1
    found_s = time.perf_counter() - t0

    # The map shows every place; with "put it where I click" on, a click on the map moves the place chosen.
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-overlay-pane path:not(.geo-context)").first.wait_for(timeout=60_000)
    assert frame.locator(".leaflet-overlay-pane path").count() >= 5  # the places, the stops' line, a ring
    page.get_by_text("Put it where I click on the map").click()
    clicks += 1
    _idle(page)

    def click_the_map() -> None:
        # The map's frame may be drawn anew after the toggle's rerun; a click during that is lost: again.
        frame.locator(".leaflet-overlay-pane path:not(.geo-context)").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        box = page.locator(MAP_FRAME).first.bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.6)

    _until(page.get_by_text(re.compile(r": placed at -?\d+\.\d+, -?\d+\.\d+")), click_the_map, 20_000)
    clicks += 1

    _idle(page)
    frame.locator(".leaflet-overlay-pane path:not(.geo-context)").first.wait_for(timeout=60_000)
    page.screenshot(path="/tmp/geo-story-editor.png", full_page=True)
    t0 = time.perf_counter()
    page.get_by_role("button", name="Save the story").click()
    clicks += 1
    page.locator("h1", has_text="A journey in 1935").wait_for(timeout=60_000)
    save_s = time.perf_counter() - t0
    assert (home / "a-journey-in-1935" / "story.yaml").is_file()

    # Read it: the route view, stop by stop.
    page.get_by_text(re.compile(r"^Stop 1 of \d+: Paris")).wait_for(timeout=60_000)
    page.get_by_role("button", name="Next").click()
    clicks += 1
    page.get_by_text(re.compile(r"^Stop 2 of \d+: Toulouse")).wait_for(timeout=30_000)
    assert "Toulouse" in page.locator("blockquote.geo-excerpt").first.inner_text(timeout=30_000)
    page.screenshot(path="/tmp/geo-story-editor-saved.png")
    assert page.blocked == [], page.blocked
    print(f"browser: draft {found_s:.2f} s, save and open {save_s:.2f} s, {clicks} clicks")
