"""The one-file map in front of a room: in a slide's frame it shows its route, links open a moment,
the lecture keys step through it, and the day slider puts every traveller somewhere.

All in headless Chromium with every request that is not file: or data: aborted.
"""
from __future__ import annotations

import json

import pytest
from conftest import file_only_context

from geo.export.html import export_html
from geo.story import load_story

# How much of every drawn route line is on top, sampled every 4 pixels along it in the frame: a point
# counts when it lies inside the frame and the topmost element there is part of the map (not the
# panel, the credits or a control).
VISIBLE_ROUTE = """() => {
  const map = window.geoExport.map, box = map.getContainer().getBoundingClientRect();
  let total = 0, seen = 0;
  map.eachLayer(l => {
    if (!(l instanceof L.Polyline) || !/(^| )geo-route( |$)/.test(l.options.className || "")) return;
    const pts = l.getLatLngs().map(ll => map.latLngToContainerPoint(ll));
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1], b = pts[i], n = Math.max(1, Math.ceil(a.distanceTo(b) / 4));
      for (let k = 0; k < n; k++) {
        const x = box.left + a.x + (b.x - a.x) * k / n, y = box.top + a.y + (b.y - a.y) * k / n;
        total++;
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        const top = document.elementFromPoint(x, y);
        if (top && top.closest(".leaflet-map-pane")) seen++;
      }
    }
  });
  return {total, seen};
}"""

ON_TOP = """([lat, lon]) => {
  const map = window.geoExport.map, box = map.getContainer().getBoundingClientRect();
  const p = map.latLngToContainerPoint([lat, lon]), x = box.left + p.x, y = box.top + p.y;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
  const top = document.elementFromPoint(x, y);
  return !!(top && top.closest(".leaflet-map-pane"));
}"""


@pytest.fixture(scope="module")
def story():
    return load_story()


@pytest.fixture(scope="module")
def route_html(story, tmp_path_factory):
    return export_html(story, "route", tmp_path_factory.mktemp("lecture") / "route.html")


def _slide(browser, html_path, fragment: str = "", allow: str = "allowfullscreen"):
    """A 1280x720 deck page holding the map in a 960x520 frame, as a reveal.js slide would."""
    deck = html_path.with_name("deck.html")
    deck.write_text(
        '<!doctype html><html><body style="margin:0;background:#222">'
        '<h1 style="color:#fff;font:32px sans-serif;margin:40px 160px">A slide</h1>'
        '<div style="position:absolute;left:160px;top:140px">'
        f'<iframe id="map" src="{html_path.resolve().as_uri()}{fragment}" width="960" height="520" '
        f'style="border:0" {allow}></iframe></div></body></html>', encoding="utf-8")
    context = file_only_context(browser, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(deck.resolve().as_uri())
    page.frame_locator("#map").locator("#geo-step h2").wait_for(state="attached", timeout=15000)
    frame = page.frame(url=lambda u: u.startswith(html_path.resolve().as_uri()))
    frame.wait_for_function("document.body.dataset.geoStep !== undefined")
    page.wait_for_timeout(300)
    return context, page, frame, errors


def _payload(path):
    html = path.read_text(encoding="utf-8")
    start = html.index('id="geo-data">') + len('id="geo-data">')
    return json.loads(html[start:html.index("</script>", start)])


def test_in_a_slide_frame_the_route_is_visible(browser, route_html, story):
    context, page, frame, errors = _slide(browser, route_html)
    try:
        seen = frame.evaluate(VISIBLE_ROUTE)
        share = seen["seen"] / seen["total"]
        print(f"visible route at 960x520: {share:.0%} of {seen['total']} samples")
        assert seen["total"] > 300 and share >= 0.8, seen
        assert frame.evaluate("document.body.dataset.geoPanel") == "strip"
        assert frame.locator("#geo-step").is_hidden()  # folded, not gone
        credits = frame.locator(".geo-credits")
        assert credits.get_attribute("open") is None and credits.locator("summary").inner_text() == "Sources"
        alma_ata = story.gazetteer["almaty"]
        assert frame.evaluate(ON_TOP, [alma_ata.lat, alma_ata.lon])  # where the story happens: not under the panel
        page.screenshot(path=str(route_html.with_name("slide.png")))
        # One click opens the text of the stop; the route stays where it was.
        frame.click("#geo-fold")
        assert frame.evaluate("document.body.dataset.geoPanel") == "open"
        assert frame.locator("#geo-step h2").is_visible()
        credits.locator("summary").click()
        assert "Natural Earth" in credits.inner_text()
        assert errors == [] and context.blocked == []
    finally:
        context.close()


def test_a_large_window_opens_with_the_panel_open(browser, route_html):
    context = file_only_context(browser, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(route_html.resolve().as_uri())
        page.locator("#geo-step h2").wait_for(timeout=15000)
        assert page.evaluate("document.body.dataset.geoPanel") == "open"
        seen = page.evaluate(VISIBLE_ROUTE)
        assert seen["seen"] / seen["total"] >= 0.8, seen  # fitted beside the panel, not under it
    finally:
        context.close()


def test_a_fragment_opens_a_journey_at_a_stop(browser, route_html, story):
    steps = _payload(route_html)["steps"]
    want = next(i for i, s in enumerate(steps) if s["journey"] == "expulsion-1929" and s["stop"] == 3)
    context, page, frame, errors = _slide(browser, route_html, "#journey=expulsion-1929&stop=3")
    try:
        assert frame.evaluate("document.body.dataset.geoStep") == str(want)
        assert frame.locator("#geo-step h2").text_content() == steps[want]["title"]
        assert frame.evaluate(ON_TOP, [steps[want]["lat"], steps[want]["lon"]])  # the stop in view, uncovered
        # A slide that changes the fragment moves the map; stepping writes the fragment back.
        frame.evaluate("location.hash = '#journey=exile-1928&stop=2'")
        frame.wait_for_function("document.body.dataset.geoStep === '2'")
        frame.locator(".leaflet-container").press("ArrowRight")
        assert frame.evaluate("location.hash") == "#journey=exile-1928&stop=3"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("fragment", [
    "#journey=%E0%A4%A&stop=3", "#stop=1e3", "#stop=-1", "#journey=nowhere&stop=2", "#__proto__=1&constructor=2",
    "#" + "journey=x&" * 200, "#stop=99999999999",
])
def test_a_bad_fragment_opens_the_first_stop(browser, route_html, fragment):
    context, page, frame, errors = _slide(browser, route_html, fragment)
    try:
        assert frame.evaluate("document.body.dataset.geoStep") == "0"
        assert errors == []
    finally:
        context.close()


def test_lecture_keys_step_and_go_full_screen(browser, route_html):
    n = len(_payload(route_html)["steps"])
    context, page, frame, errors = _slide(browser, route_html)
    try:
        body = frame.locator(".leaflet-container")  # a lecturer clicks into the map first
        step = lambda: int(frame.evaluate("document.body.dataset.geoStep"))  # noqa: E731
        body.press("ArrowRight")
        assert step() == 1
        body.press("PageDown")  # what a clicker sends
        assert step() == 2
        body.press("PageUp")
        body.press("ArrowLeft")
        assert step() == 0
        body.press("ArrowLeft")
        assert step() == 0  # no step before the first
        body.press("End")
        assert step() == n - 1
        body.press("Home")
        assert step() == 0
        assert frame.locator(".geo-count").text_content() == f"1 / {n}"
        body.press("t")
        assert frame.evaluate("document.body.dataset.geoPanel") == "open"
        body.press("T")
        assert frame.evaluate("document.body.dataset.geoPanel") == "strip"
        body.press("f")
        frame.wait_for_function("document.fullscreenElement !== null")
        frame.wait_for_function("document.body.dataset.geoFull === 'yes'")
        body.press("Escape")
        frame.wait_for_function("document.fullscreenElement === null")
        # Keys pressed in the day slider move the day, not the stop.
        body.press("t")
        frame.focus("#geo-day")
        frame.locator("#geo-day").press("ArrowRight")
        assert step() == 0 and frame.evaluate("document.body.dataset.geoDay") == "1"
        assert errors == [] and context.blocked == []
    finally:
        context.close()


def test_the_day_slider_shows_where_each_party_was(browser, route_html, story):
    from geo.routes import parties

    payload = _payload(route_html)
    days = payload["days"]
    k = next(i for i, w in enumerate(days["words"]) if w == "10 February 1929")
    context, page, frame, errors = _slide(browser, route_html)
    try:
        assert frame.locator("path.geo-position").count() == 0  # no travellers until the slider is used
        frame.click("#geo-fold")
        frame.evaluate("""(k) => { const i = document.getElementById('geo-day');
            i.value = String(k); i.dispatchEvent(new Event('input')); }""", k)
        assert frame.locator(".geo-day-words").text_content() == "10 February 1929"
        items = frame.locator(".geo-day-where li").all_text_contents()
        assert len(items) == len(parties(story)) == frame.locator("path.geo-position").count()
        assert any(t.startswith("Leon Trotsky") and "Odessa" in t for t in items), items
        # Stepping to a dated stop moves the slider to its day.
        frame.locator(".leaflet-container").press("Home")
        assert frame.locator(".geo-day-words").text_content() == "18 January 1928"
        assert errors == []
    finally:
        context.close()


def test_a_frame_that_may_not_go_full_screen_says_so(browser, route_html):
    context, page, frame, errors = _slide(browser, route_html, allow="allow=\"fullscreen 'none'\"")
    try:
        assert frame.locator("#geo-full").is_disabled()
        frame.locator(".leaflet-container").press("f")
        frame.locator(".leaflet-container").press("ArrowRight")
        assert frame.evaluate("document.body.dataset.geoStep") == "1" and errors == []
    finally:
        context.close()


def test_context_at_every_scale_offline(browser, route_html):
    """Coasts, lakes, rivers and borders drawn over the relief, towns named near the view (bounded and
    escaped), and a note once the relief is only texture."""
    from geo.maps import TOWNS_SHOWN

    context = file_only_context(browser, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(route_html.resolve().as_uri() + "#journey=exile-1928&stop=2")
        page.locator("#geo-step h2").wait_for(timeout=15000)
        for kind in ("coast", "lake", "river", "border"):
            assert page.locator(f"path.geo-context.geo-{kind}").count() == 1, kind
        towns = page.locator(".geo-town")
        assert 3 <= towns.count() <= TOWNS_SHOWN
        assert "Bishkek" not in towns.all_text_contents()  # the story's Frunze keeps its room
        assert page.locator(".geo-note-zoom").is_hidden()
        page.evaluate("geoExport.map.setZoom(10, {animate: false})")
        page.locator(".geo-note-zoom").wait_for(state="visible", timeout=5000)
        assert "only texture" in page.locator(".geo-note-zoom").text_content()
        assert errors == [] and context.blocked == []
    finally:
        context.close()


def test_a_town_name_is_text_not_markup():
    from geo import maps

    m = maps.base_map((70.0, 40.0, 80.0, 50.0), osm=False)
    maps._Context([("</script><img src=x onerror=alert(1)>", 43.0, 77.0, 1)], False).add_to(m)
    html = m.get_root().render()
    assert "</script><img" not in html and "\\u003c/script\\u003e" in html
