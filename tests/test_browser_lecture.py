"""The app for a projector (?mode=lecture) in headless Chromium at 1280x720, network off 127.0.0.1 blocked:
map and passage only, the map above the fold, the lecture keys stepping and going full screen."""
from __future__ import annotations

import re

import pytest
from conftest import _local_only

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/*", _local_only)
    page = context.new_page()
    yield page
    context.close()


def _heading(page) -> str:
    return page.locator("h3").filter(has_text=re.compile(r"^Stop \d+ of \d+")).first.inner_text(timeout=30_000)


def _wait_heading(page, number: int) -> None:
    page.locator("h3").filter(has_text=re.compile(rf"^Stop {number} of \d+")).first.wait_for(timeout=30_000)


def test_lecture_mode_fills_a_projector_with_map_and_passage(projector, app_url):
    page = projector
    page.goto(app_url + "/?mode=lecture&journey=exile-1928", wait_until="domcontentloaded")
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-overlay-pane path:not(.geo-context)").first.wait_for(timeout=60_000)
    _wait_heading(page, 1)
    box = page.locator(MAP_FRAME).first.bounding_box()
    assert box["y"] < 40 and box["y"] + box["height"] <= 720, box  # all of the map above the fold
    assert box["width"] > 640 and box["height"] >= 640, box
    # Map and passage only: no title, tabs, sidebar or credits.
    assert page.locator('[data-testid="stTabs"]').count() == 0
    assert page.locator("h1").count() == 0
    assert not page.locator('[data-testid="stSidebar"]').is_visible() or \
        page.locator('[data-testid="stSidebar"]').bounding_box()["width"] < 5
    page.locator("blockquote.geo-excerpt").first.wait_for(timeout=30_000)
    page.screenshot(path="/tmp/geo-story-lecture.png")


def test_lecture_keys_step_through_the_stops(projector, app_url):
    page = projector
    page.goto(app_url + "/?mode=lecture&journey=exile-1928", wait_until="domcontentloaded")
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-overlay-pane path:not(.geo-context)").first.wait_for(timeout=60_000)
    _wait_heading(page, 1)
    page.wait_for_function("document.body.dataset.geoLectureKeys === 'on'", timeout=30_000)
    page.mouse.click(1270, 712)  # below the map and the passage: the page has the keyboard
    page.keyboard.press("ArrowRight")
    _wait_heading(page, 2)
    page.keyboard.press("PageDown")
    _wait_heading(page, 3)
    page.keyboard.press("PageUp")
    _wait_heading(page, 2)
    page.keyboard.press("End")
    _wait_heading(page, 6)
    assert "stop=5" in page.url
    page.keyboard.press("Home")
    _wait_heading(page, 1)
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null", timeout=10_000)
    page.keyboard.press("Escape")
    page.wait_for_function("document.fullscreenElement === null", timeout=10_000)
    # Inside the map (once clicked, it has the keyboard) the arrows step too, and do not pan it.
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    frame.locator(".leaflet-container").focus()
    page.wait_for_timeout(800)  # the key listener joins the map's frame within half a second
    page.keyboard.press("ArrowRight")
    _wait_heading(page, 2)
    page.screenshot(path="/tmp/geo-story-lecture-2.png")
