"""One-file interactive maps: nothing fetched, the route shown, the click-through working, offline."""
from __future__ import annotations

import pytest
from conftest import file_only_context

from geo.assets import external_resources
from geo.cli import main
from geo.export.html import export_html
from geo.story import load_story


@pytest.fixture(scope="module")
def story():
    return load_story()


def open_offline(browser, path):
    """The file in a page where every request that is not file: or data: is aborted and recorded."""
    context = file_only_context(browser, viewport={"width": 1280, "height": 800})
    blocked, dialogs, errors = context.blocked, [], []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(".leaflet-container", timeout=15000)
    page.wait_for_selector("#geo-step h2", timeout=15000)
    page.blocked, page.dialogs, page.errors = blocked, dialogs, errors
    return context, page


def test_html_is_one_file_that_fetches_nothing(story, tmp_path):
    path = export_html(story, "route", tmp_path / "route.html")
    html = path.read_text(encoding="utf-8")
    assert external_resources(html) == []
    assert "<script src=" not in html and 'rel="stylesheet" href=' not in html
    assert "L.map(" in html and "Leaflet" in html  # Leaflet inlined


def test_osm_tiles_only_when_asked(story, tmp_path):
    # No tile layer (the note at high zoom may name OpenStreetMap, and how to get it, in words).
    assert "openstreetmap.org" not in export_html(story, "route", tmp_path / "a.html").read_text(encoding="utf-8").lower()
    with_tiles = export_html(story, "route", tmp_path / "b.html", tiles=True).read_text(encoding="utf-8")
    assert "openstreetmap.org/{z}/{x}/{y}" in with_tiles  # named in the page, never fetched by a test


def test_route_map_works_offline_in_chromium(story, tmp_path, browser):
    path = export_html(story, "route", tmp_path / "route.html", tiles=True)  # the OSM layer must fail quietly
    context, page = open_offline(browser, path)
    try:
        assert page.locator("path.geo-route").count() >= sum(len(j.legs) for j in story.journeys.values())
        assert page.locator(".leaflet-image-layer").count() >= 1  # the relief, from inside the file
        first = page.locator("#geo-step h2").inner_text()
        page.click("#geo-next")
        assert page.locator("#geo-step h2").inner_text() != first
        assert page.locator(".geo-count").inner_text().startswith("2 / ")
        page.click("#geo-prev")
        assert page.locator("#geo-step h2").inner_text() == first
        credits = page.locator(".geo-credits").inner_text()
        assert "Leon Trotsky Internet Archive" in credits and "Qalam" in credits and "Natural Earth" in credits
        assert page.errors == [] and page.dialogs == []
        assert page.blocked == []  # nothing asked of any server (the OSM layer is not shown by default)
    finally:
        context.close()


def test_letters_map_works_offline(story, tmp_path, browser):
    path = export_html(story, "letters", tmp_path / "letters.html")
    context, page = open_offline(browser, path)
    try:
        assert page.locator(".leaflet-overlay-pane path").count() > 0
        assert page.locator("path.geo-stop").count() >= 5
        page.locator("path.geo-stop").first.dispatch_event("click")
        assert page.locator("#geo-step h2").inner_text()
        assert page.errors == [] and page.blocked == []
    finally:
        context.close()


def test_cli_export_html(tmp_path, capsys):
    out = tmp_path / "exile.html"
    assert main(["export", "route", "--journey", "exile-1928", "--format", "html", "--out", str(out)]) == 0
    assert out.is_file() and "html" in capsys.readouterr().out
