"""One-file interactive maps: everything inline, Leaflet included, for a USB stick and a room with no network.

The map itself is built by :mod:`geo.maps` on the offline relief and inlined by :mod:`geo.assets`.
On top of it this module adds a click-through: a panel with Previous/Next buttons that walks the
stops of the route (or the letters), each with its excerpts and the credits of its text. The panel is
a small script of our own that reads its data from a JSON block; every string is put into the page
with ``textContent``, never as markup, so a text that holds HTML or script shows as text and runs
nothing. The JSON is written with ``<``, ``>`` and ``&`` escaped, so no text can close its block.

OpenStreetMap tiles are off by default; with ``tiles=True`` they are an optional layer that fails
quietly with no network, the relief staying beneath.

>>> from geo.story import load_story
>>> from geo.export.html import export_html
>>> export_html(load_story(), "route", "route.html")        # doctest: +SKIP
PosixPath('route.html')
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable

from geo.errors import ExportError, GeoError
from geo.dates import NO_DATE, first_day, words
from geo.export import select_journeys
from geo.story import mode_words
from geo.export.data import write_text

_PANEL_CSS = """
.geo-panel{position:absolute;top:10px;right:10px;z-index:1000;width:min(380px,42vw);box-sizing:border-box;
  max-height:calc(100% - 90px);overflow:auto;background:rgba(255,255,255,.95);border-radius:6px;
  box-shadow:0 1px 6px rgba(0,0,0,.35);font:15px/1.4 "DejaVu Sans",Arial,sans-serif;color:#111;padding:10px 12px}
.geo-panel h1{font-size:18px;margin:0 0 4px}
.geo-panel .geo-sub{color:#444;font-size:13px;margin:0 0 8px}
.geo-panel .geo-nav{display:flex;gap:6px;align-items:center;margin:6px 0}
.geo-panel button{font:inherit;font-size:14px;padding:3px 10px;border:1px solid #888;border-radius:4px;
  background:#f4f4f4;cursor:pointer}
.geo-panel button:disabled{opacity:.4;cursor:default}
.geo-panel .geo-count{color:#555;font-size:13px;margin-left:auto;white-space:nowrap}
.geo-panel .geo-strip-title{display:none}
.geo-panel h2{font-size:17px;margin:8px 0 2px}
.geo-panel .geo-when{color:#444;font-size:13px;margin:0 0 6px}
.geo-panel blockquote{margin:6px 0;padding:4px 8px;border-left:3px solid #c0392b;background:#faf7f2;font-size:14px}
.geo-panel blockquote mark{background:#ffe08a;font-weight:600}
.geo-panel .geo-src{color:#555;font-size:12px;margin-top:2px}
.geo-panel .geo-outside{border:1px dashed #888;border-radius:4px;padding:4px 6px;margin-top:6px}
.geo-panel .geo-outside-tag{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:#555}
.geo-panel .geo-note{font-size:13px;color:#333}
.geo-panel .geo-keys{color:#666;font-size:11px;margin:2px 0 4px}
.geo-panel .geo-days{border-top:1px solid #ddd;margin-top:6px;padding-top:4px;font-size:13px}
.geo-panel .geo-days input{width:100%}
.geo-panel .geo-day-words{font-weight:600}
.geo-panel .geo-day-where{margin:2px 0 0;padding-left:18px}
/* The strip: a slide-sized frame starts with the panel folded to its navigation row. */
.geo-panel.geo-collapsed{width:auto;max-width:calc(100% - 70px);padding:4px 6px}
.geo-panel.geo-collapsed .geo-head,.geo-panel.geo-collapsed #geo-step,.geo-panel.geo-collapsed .geo-days,
.geo-panel.geo-collapsed .geo-keys{display:none}
.geo-panel.geo-collapsed .geo-nav{margin:0}
.geo-panel.geo-collapsed button{font-size:13px;padding:2px 7px}
.geo-panel.geo-collapsed .geo-strip-title{display:block;max-width:260px;overflow:hidden;text-overflow:ellipsis;
  white-space:nowrap;font-size:13px;font-weight:600}
.geo-panel.geo-collapsed .geo-count{margin-left:0}
.geo-credits{position:absolute;left:10px;bottom:58px;z-index:1000;max-width:min(520px,calc(100vw - 440px));
  background:rgba(255,255,255,.88);border-radius:4px;padding:4px 8px;font:11px/1.3 Arial,sans-serif;color:#333}
.geo-credits summary{cursor:pointer;font-weight:600}
.geo-credits.geo-credits-link:not([open]){padding:1px 6px;bottom:54px}
.geo-credits.geo-credits-link:not([open]) summary{color:#1f4f8a;text-decoration:underline;list-style:none}
.geo-credits.geo-credits-link:not([open]) summary::-webkit-details-marker{display:none}
.geo-note-zoom{position:absolute;left:50%;transform:translateX(-50%);bottom:24px;z-index:1000;display:none;
  background:rgba(255,255,255,.9);border-radius:4px;padding:3px 8px;font:12px/1.3 Arial,sans-serif;color:#333}
.geo-key{display:inline-block;vertical-align:middle;margin:0 8px 0 4px}
.geo-key-route{width:20px;height:0;border-top:2px solid rgba(192,57,43,.4)}
.geo-key-date{width:6px;height:6px;border:3px solid #c0392b;border-radius:50%;background:#fff}
.geo-key-place{width:8px;height:8px;border-radius:50%;background:#c0392b;box-shadow:0 0 0 5px rgba(192,57,43,.3)}
.geo-label{font:600 13px/1.2 "DejaVu Sans",Arial,sans-serif;color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;
  white-space:nowrap}
.geo-position-label{font:700 12px/1.2 "DejaVu Sans",Arial,sans-serif;color:#111;background:#ffd23f;border-radius:3px;
  padding:1px 4px;white-space:nowrap;box-shadow:0 0 2px rgba(0,0,0,.5)}
.geo-town{font:11px/1.1 "DejaVu Sans",Arial,sans-serif;color:#555;white-space:nowrap;opacity:.85;
  text-shadow:0 0 2px #fff,0 0 2px #fff}
"""

# The click-through. Plain ES5, no library beyond Leaflet; all text goes in through textContent. It runs
# once the document is parsed, as folium writes the map's own script after ours.
# Below about 1000x700 (a slide's frame) the panel starts folded to a strip and the credits to a link,
# and every view is fitted into the part of the frame that no panel, box or control covers.
_PANEL_JS = r"""
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("geo-data").textContent);
  var map = window[data.map];
  if (!map) { return; }
  var compact = window.innerWidth < 1000 || window.innerHeight < 700;
  map.options.zoomSnap = 0.25;  // fit the route closely, not to the next power of two
  if (map.keyboard) { map.keyboard.disable(); }  // the arrows step through stops, not pan
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeHref(url) { return /^https?:\/\//i.test(url || "") ? url : null; }
  function sourceLine(src) {
    var d = el("div", "geo-src");
    if (!src) { return d; }
    d.appendChild(document.createTextNode(src.label || ""));
    var href = safeHref(src.url);
    if (href) {
      d.appendChild(document.createTextNode(" "));
      var a = el("a", null, href); a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
      d.appendChild(a);
    }
    return d;
  }
  function quote(x) {
    var q = el("blockquote");
    q.appendChild(document.createTextNode((x.before ? "\u2026" : "") + (x.before || "")));
    q.appendChild(el("mark", null, x.exact));
    q.appendChild(document.createTextNode((x.after || "") + (x.after ? "\u2026" : "")));
    var box = el("div"); box.appendChild(q); box.appendChild(sourceLine(x.source));
    return box;
  }
  function body(step) {
    var box = el("div");
    box.appendChild(el("h2", null, step.title));
    if (step.when) { box.appendChild(el("div", "geo-when", step.when)); }
    (step.excerpts || []).forEach(function (x) { box.appendChild(quote(x)); });
    if (step.note) { box.appendChild(el("p", "geo-note", step.note)); }
    if ((step.sources || []).length) {
      var outside = el("div", "geo-outside");
      outside.appendChild(el("div", "geo-outside-tag", "From outside the texts"));
      step.sources.forEach(function (s) { outside.appendChild(sourceLine(s)); });
      box.appendChild(outside);
    }
    return box;
  }
  // Markers and labels, built here so that their text never passes through HTML.
  // As sure as the sources: a place located approximately on a pale disc, a stop of approximate date hollow.
  var markers = data.steps.map(function (step, i) {
    var colour = step.colour || "#6b2c1a";
    if (step.halo) {
      L.circleMarker([step.lat, step.lon], {radius: 15, color: colour, weight: 1, opacity: 0.7, fill: true,
        fillColor: colour, fillOpacity: 0.3, interactive: false, className: "geo-halo"}).addTo(map);
    }
    var m = L.circleMarker([step.lat, step.lon], {radius: 7, color: step.hollow ? colour : "#ffffff",
      weight: step.hollow ? 3 : 2, fill: true, fillColor: step.hollow ? "#ffffff" : colour, fillOpacity: 1,
      className: step.hollow ? "geo-stop geo-hollow" : "geo-stop"}).addTo(map);
    m.on("click", function () { show(i, "click"); });
    if (step.label) {
      var lab = el("div", "geo-label", step.label);
      L.marker([step.lat, step.lon], {interactive: false, keyboard: false,
        icon: L.divIcon({className: "", html: lab, iconSize: null, iconAnchor: [-10, 9]})}).addTo(map);
    }
    return m;
  });
  var ring = L.circleMarker([0, 0], {radius: 13, color: "#e6194b", weight: 4, fill: false, interactive: false});
  var panel = el("div", "geo-panel");
  var head = el("div", "geo-head");
  head.appendChild(el("h1", null, data.title));
  if (data.subtitle) { head.appendChild(el("div", "geo-sub", data.subtitle)); }
  panel.appendChild(head);
  var nav = el("div", "geo-nav");
  var prev = el("button", null, "\u2190"), next = el("button", null, "\u2192");
  prev.title = "Previous stop (\u2190, Page Up)"; next.title = "Next stop (\u2192, Page Down)";
  var fold = el("button"), full = el("button", null, "Full screen");
  full.title = "Full screen (F; Escape leaves it)";
  if (document.fullscreenEnabled === false) {  // a frame not given allow="fullscreen" / allowfullscreen
    full.disabled = true; full.title = "This frame may not go full screen: give the iframe allowfullscreen";
  }
  prev.type = next.type = fold.type = full.type = "button";
  prev.id = "geo-prev"; next.id = "geo-next"; fold.id = "geo-fold"; full.id = "geo-full";
  var count = el("span", "geo-count"), stripTitle = el("span", "geo-strip-title");
  [prev, next, count, stripTitle, fold, full].forEach(function (e) { nav.appendChild(e); });
  panel.appendChild(nav);
  panel.appendChild(el("div", "geo-keys",
    "Keys: \u2190 \u2192 or Page Up/Down step, Home/End first/last, T text, F full screen, Esc leave it"));
  var days = data.days ? dayControl(data.days) : null;
  if (days) { panel.appendChild(days.box); }
  var content = el("div"); content.id = "geo-step";
  panel.appendChild(content);
  map.getContainer().appendChild(panel);
  L.DomEvent.disableClickPropagation(panel);
  L.DomEvent.disableScrollPropagation(panel);
  var credits = el("details", compact ? "geo-credits geo-credits-link" : "geo-credits");
  credits.open = !compact;
  credits.appendChild(el("summary", null, compact ? "Sources" :
    ((data.legend || []).length ? "Legend, sources and credits" : "Sources and credits")));
  (data.legend || []).forEach(function (row) {
    var line = el("div", "geo-legend-row");
    line.appendChild(el("span", "geo-key geo-key-" + row.kind));
    line.appendChild(document.createTextNode(row.label));
    credits.appendChild(line);
  });
  data.credits.forEach(function (c) { credits.appendChild(el("div", null, c)); });
  map.getContainer().appendChild(credits);
  L.DomEvent.disableClickPropagation(credits);
  L.DomEvent.disableScrollPropagation(credits);

  function setFolded(yes) {
    if (yes) { panel.classList.add("geo-collapsed"); } else { panel.classList.remove("geo-collapsed"); }
    fold.textContent = yes ? "Text \u25be" : "\u25b4";
    fold.title = yes ? "Show the text of the stop (T)" : "Fold the text away (T)";
    fold.setAttribute("aria-expanded", yes ? "false" : "true");
    document.body.setAttribute("data-geo-panel", yes ? "strip" : "open");
  }
  // The edges of the map that the panel, the credits and Leaflet's controls cover: for each, the side
  // that costs the least map (a strip at the top its height, a tall panel its width).
  function padding() {
    var box = map.getContainer().getBoundingClientRect();
    var pad = {top: 12, right: 12, bottom: 12, left: 12};
    var covers = [panel, credits].concat(Array.prototype.slice.call(
      map.getContainer().querySelectorAll(".leaflet-control")));
    covers.forEach(function (e) {
      var r = e.getBoundingClientRect();
      if (!r.width || !r.height) { return; }
      var need = {top: r.bottom - box.top, bottom: box.bottom - r.top, left: r.right - box.left, right: box.right - r.left};
      var best = null, cost = Infinity;
      for (var side in need) {
        var c = need[side] * (side === "top" || side === "bottom" ? box.width : box.height);
        if (need[side] > 0 && c < cost) { best = side; cost = c; }
      }
      if (best) { pad[best] = Math.max(pad[best], need[best] + 8); }
    });
    if (box.width - pad.left - pad.right < 120) { pad.left = pad.right = 12; }
    if (box.height - pad.top - pad.bottom < 120) { pad.top = pad.bottom = 12; }
    return pad;
  }
  function fitOptions(maxZoom) {
    var p = padding();
    // Not animated: every view is where it was asked for at once, for a test and a clicker alike.
    var o = {paddingTopLeft: [p.left, p.top], paddingBottomRight: [p.right, p.bottom], animate: false};
    if (maxZoom) { o.maxZoom = maxZoom; }
    return o;
  }
  // Leaflet drops a view asked for while a zoom animation runs (folium's own first fit, a clicker
  // pressed twice), even an unanimated one: wait for the animation to end.
  function settled(fn) {
    if (map._animatingZoom) { map.once("zoomend", function () { settled(fn); }); } else { fn(); }
  }
  function focusOn(latlng, zoom) {  // the point at the centre of the free part of the map
    var p = padding();
    var c = map.unproject(map.project(latlng, zoom).subtract([(p.left - p.right) / 2, (p.top - p.bottom) / 2]), zoom);
    map.setView(c, zoom, {animate: false});
  }
  function hashOf(i) {
    var s = data.steps[i];
    return s.journey ? "journey=" + encodeURIComponent(s.journey) + "&stop=" + s.stop : "stop=" + i;
  }
  // '#journey=exile-1928&stop=3' (stop: the 0-based index, as in the app's links); anything else is ignored.
  function stepFromHash() {
    var raw = String(window.location.hash || "").replace(/^#/, "");
    if (!raw || raw.length > 300) { return -1; }
    var q = Object.create(null), bad = false;
    raw.split("&").forEach(function (part) {
      var k = part.indexOf("=");
      if (k < 1) { return; }
      try { q[decodeURIComponent(part.slice(0, k))] = decodeURIComponent(part.slice(k + 1)); } catch (e) { bad = true; }
    });
    if (bad) { return -1; }  // a link half understood opens at the start, not at a guess
    var stop = /^\d{1,4}$/.test(q.stop || "") ? parseInt(q.stop, 10) : null;
    var journey = typeof q.journey === "string" && q.journey ? q.journey : null;
    for (var i = 0; i < data.steps.length; i++) {
      var s = data.steps[i];
      if (journey !== null) {
        if (s.journey === journey && (stop === null || s.stop === stop)) { return i; }
      } else if (stop !== null && i === stop) { return i; }
    }
    return -1;
  }
  var current = -1;
  function show(i, how) {
    if (typeof i !== "number" || isNaN(i) || i < 0 || i >= data.steps.length) { return; }
    current = i;
    var step = data.steps[i];
    content.textContent = "";
    content.appendChild(body(step));
    count.textContent = (i + 1) + " / " + data.steps.length;
    stripTitle.textContent = step.title;
    stripTitle.title = step.title;
    prev.disabled = i === 0; next.disabled = i === data.steps.length - 1;
    ring.setLatLng([step.lat, step.lon]).addTo(map);
    settled(function () {
      if (step.bounds) { map.fitBounds(step.bounds, fitOptions(8)); }
      else if (how !== "click" && how !== "start") { focusOn([step.lat, step.lon], Math.max(map.getZoom(), step.zoom || 5)); }
    });
    if (days && step.day !== undefined && step.day !== null) { days.set(step.day); }
    if (how !== "start" && how !== "hash") {
      try { history.replaceState(null, "", "#" + hashOf(i)); } catch (e) { /* a sandboxed frame */ }
    }
    document.body.setAttribute("data-geo-step", String(i));
  }
  function toggleFull() {
    var d = document, root = d.documentElement;
    if (d.fullscreenElement) { if (d.exitFullscreen) { d.exitFullscreen(); } }
    else if (root.requestFullscreen) {
      var p = root.requestFullscreen();
      if (p && p.catch) { p.catch(function () {}); }  // a frame without allow="fullscreen"
    }
  }
  document.addEventListener("fullscreenchange", function () {
    document.body.setAttribute("data-geo-full", document.fullscreenElement ? "yes" : "no");
    setTimeout(function () { map.invalidateSize(); }, 50);
  });
  prev.onclick = function () { show(current - 1); };
  next.onclick = function () { show(current + 1); };
  fold.onclick = function () { setFolded(!panel.classList.contains("geo-collapsed")); };
  full.onclick = toggleFull;
  // Lecture keys: a clicker sends Page Up/Down. Keys typed into a control (the day slider) stay its own.
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) { return; }
    var t = e.target || {}, tag = t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable) { return; }
    var k = e.key;
    if (k === "ArrowRight" || k === "PageDown") { show(current + 1); }
    else if (k === "ArrowLeft" || k === "PageUp") { show(current - 1); }
    else if (k === "Home") { show(0); }
    else if (k === "End") { show(data.steps.length - 1); }
    else if (k === "f" || k === "F") { toggleFull(); }
    else if (k === "Escape") { if (document.fullscreenElement) { toggleFull(); } else { return; } }
    else if (k === "t" || k === "T") { setFolded(!panel.classList.contains("geo-collapsed")); }
    else if (k === "+" || k === "=") { map.zoomIn(); }
    else if (k === "-") { map.zoomOut(); }
    else { return; }
    e.preventDefault();
  });
  window.addEventListener("hashchange", function () {
    var i = stepFromHash();
    if (i >= 0 && i !== current) { show(i, "hash"); }
  });

  // Where each party of travellers was on a day: positions computed in Python, one a day.
  function dayControl(d) {
    var box = el("div", "geo-days");
    box.appendChild(el("div", null, "Where on a day"));
    var input = el("input");
    input.type = "range"; input.min = "0"; input.max = String(d.words.length - 1); input.step = "1";
    input.id = "geo-day"; input.setAttribute("aria-label", "Day");
    var said = el("div", "geo-day-words"), list = el("ul", "geo-day-where");
    box.appendChild(input); box.appendChild(said); box.appendChild(list);
    var dots = d.parties.map(function (p) {
      return [L.circleMarker([0, 0], {radius: 8, color: "#111111", weight: 2, fill: true, fillColor: "#ffd23f",
                fillOpacity: 1, interactive: false, className: "geo-position"}),
              L.marker([0, 0], {interactive: false, keyboard: false, icon: L.divIcon({className: "",
                html: el("div", "geo-position-label", p.short), iconSize: null, iconAnchor: [-12, 22]})})];
    });
    var shown = false;  // the travellers' markers appear once the slider is used, not over every stop
    function set(k, draw) {
      k = Math.max(0, Math.min(d.words.length - 1, parseInt(k, 10) || 0));
      shown = shown || !!draw;
      input.value = String(k);
      said.textContent = d.words[k];
      list.textContent = "";
      d.parties.forEach(function (p, n) {
        var at = p.at[k];
        if (!at) { return; }
        dots[n][0].setLatLng([at[0], at[1]]);
        dots[n][1].setLatLng([at[0], at[1]]);
        if (shown) { dots[n][0].addTo(map); dots[n][1].addTo(map); }
        list.appendChild(el("li", null, p.who + ": " + d.where[at[2]]));
      });
      document.body.setAttribute("data-geo-day", String(k));
    }
    input.addEventListener("input", function () { set(input.value, true); });
    return {box: box, set: set};
  }

  setFolded(compact);
  if (data.steps.length) {
    var fromHash = stepFromHash();
    if (fromHash >= 0) { show(fromHash, "hash"); }
    else { show(0, "start"); settled(function () { map.fitBounds(data.fit, fitOptions()); }); }
  } else { count.textContent = "nothing to show"; prev.disabled = next.disabled = true; }
  window.geoExport = {show: show, steps: data.steps.length, fold: setFolded, padding: padding, map: map};
});
"""


def _excerpt(story: Any, x: Any, width: int = 160) -> dict[str, Any]:
    text = story.text(x.text_id)
    before, exact, after = x.context(text, width)
    t = story.texts.get(x.text_id)
    return {"before": before, "exact": exact, "after": after,
            "source": {"label": (t.credit if t else x.text_id), "url": getattr(t, "url", None)}}


def _sources(sources: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"label": s.label + (f" ({s.note})" if getattr(s, "note", None) else ""), "url": s.url} for s in sources]


def _when(value: Any) -> str:
    """A date in words, worded once in Python (geo.dates) so the page never reads EDTF itself."""
    return words(value, NO_DATE)


def _credits(story: Any) -> list[str]:
    from geo.export.static import source_credits

    return list(source_credits(story)) + _map_credits()


def _map_credits() -> list[str]:
    """What every one-file map draws on: the relief, coasts, rivers and borders, towns, Leaflet."""
    from geo.export.shorelines import LINES_CREDIT
    from geo.export.static import basemap_credits
    from geo.maps import TOWNS_CREDIT

    return list(basemap_credits()) + [LINES_CREDIT, TOWNS_CREDIT, "Map: Leaflet (BSD-2-Clause), inlined"]


def _finish(m: Any, payload: dict[str, Any], path: Path) -> Path:
    import folium

    from geo.assets import external_resources, inline_map, script_json

    payload["map"] = m.get_name()
    root = m.get_root()
    root.header.add_child(folium.Element(f"<style>{_PANEL_CSS}</style>"))
    root.header.add_child(folium.Element('<meta name="referrer" content="no-referrer">'))
    root.html.add_child(folium.Element(
        f'<script type="application/json" id="geo-data">{script_json(payload)}</script>'))
    root.script.add_child(folium.Element(_PANEL_JS))
    html = inline_map(m)
    fetched = [u for u in external_resources(html) if "openstreetmap" not in u]
    if fetched:
        raise ExportError(f"{path}: the map would fetch {fetched[0]}; refusing to write a map that needs a network")
    return write_text(path, html)


def _fit(points: list[tuple[float, float]], pad: float = 1.0) -> list[list[float]]:
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]


def _route(story: Any, journey: str | None, tiles: bool) -> tuple[Any, dict[str, Any]]:
    import folium

    from geo.export.static import JOURNEY_COLOURS, _shown_place, journey_span
    from geo.maps import ASSUMED_OPACITY, MODE_DASH, base_map, place_label, region
    from geo.story import DOUBT_WORDS
    from geo.routes import leg_line

    gaz = story.gazetteer
    journeys = select_journeys(story, journey)
    places = [gaz[s.place_id] for j in journeys for s in j.stops]
    m = base_map(region(places), osm=tiles)
    steps: list[dict[str, Any]] = []
    for i, j in enumerate(journeys):
        colour = JOURNEY_COLOURS[i % len(JOURNEY_COLOURS)]
        group = folium.FeatureGroup(name=j.title, control=False)
        for leg in j.legs:
            pts = [[lat, lon] for lon, lat in leg_line(leg, gaz).coords]
            faint = leg.route_assumed  # the editor's assumption: faint and thin, as on every map
            folium.PolyLine(pts, color="#ffffff", weight=5 if faint else 7, opacity=0.4 if faint else 0.8,
                            interactive=False, class_name="geo-route-halo").add_to(group)
            folium.PolyLine(pts, color=colour, weight=2.5 if faint else 4, opacity=ASSUMED_OPACITY if faint else 0.95,
                            dash_array=MODE_DASH.get(leg.mode), interactive=False,
                            class_name="geo-route geo-assumed" if faint else "geo-route").add_to(group)
        group.add_to(m)
        labelled = {s["place"] for s in steps}
        for st in j.stops:
            place = gaz[st.place_id]
            town = _shown_place(gaz, st.place_id)
            when = story.stop_day(j, st)
            leg = st.leg
            excerpts = [_excerpt(story, x) for x in (*st.excerpts, *(leg.excerpts if leg else ()))]
            how = f" · arrived {mode_words(leg.mode)}" if leg else " · departure"
            notes = [n for n in (st.note, leg.note if leg else None) if n]
            steps.append({
                "place": town.id, "title": place_label(place, when), "label": (
                    None if town.id in labelled else town.name_at(when)),
                "when": f"{j.title} · Stop {st.number} of {len(j.stops)}: {words(st.date, NO_DATE)}{how}", "lat": place.lat, "lon": place.lon, "zoom": 6,
                "colour": colour, "excerpts": excerpts, "note": " ".join(notes),
                "hollow": "date" in story.doubts(st), "halo": place.certainty != "certain",
                "journey": j.id, "stop": st.index,
                "sources": _sources((*getattr(st, "sources", ()), *(leg.sources if leg else ()))),
            })
            labelled.add(town.id)
    if journey is None:
        title = story.title
        subtitle = f"{len(journeys)} journeys"
    else:
        title, subtitle = journeys[0].title, journey_span(journeys[0])
    fit = _fit([(p.lat, p.lon) for p in places])
    legend = []
    if any(leg.route_assumed for j in journeys for leg in j.legs):
        legend.append({"kind": "route", "label": DOUBT_WORDS["route"]})
    if any(s["hollow"] for s in steps):
        legend.append({"kind": "date", "label": DOUBT_WORDS["date"] + " (c.)"})
    if any(s["halo"] for s in steps):
        legend.append({"kind": "place", "label": DOUBT_WORDS["place"]})
    days = _days(story)
    if days:
        first = dt.date.fromisoformat(days.pop("first"))
        for s, (j, st) in zip(steps, ((j, st) for j in journeys for st in j.stops)):
            day = first_day(st.date)
            s["day"] = min(max((day - first).days, 0), len(days["words"]) - 1) if day else None
    return m, {"title": title, "subtitle": subtitle + " — click a stop, or step with \u2190 \u2192",
               "steps": steps, "fit": fit, "credits": _credits(story), "legend": legend, "days": days}


def _days(story: Any) -> dict[str, Any] | None:
    """Where each party of travellers was on every day of the story, for the map's day slider.

    One entry a day and party, [lat, lon, index of the words]; the words said once each. Computed here,
    so the page reads no dates and places no one itself.
    """
    from geo.maps import party_words, where_words
    from geo.routes import parties, story_days, whereabouts

    span = story_days(story)
    if span is None:
        return None
    first, last = span
    all_days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    where: dict[str, int] = {}
    out = []
    for party in parties(story):
        at = []
        for day, pos in zip(all_days, whereabouts(party, all_days, story.gazetteer)):
            w = where.setdefault(where_words(story, pos, day), len(where))
            at.append([round(pos.lat, 3), round(pos.lon, 3), w])
        names = party_words(story, party.travellers[:1])
        short = names + (f" +{len(party.travellers) - 1}" if len(party.travellers) > 1 else "")
        out.append({"who": party_words(story, party.travellers), "short": short, "at": at})
    return {"first": first.isoformat(), "words": [words(d.isoformat()) for d in all_days],
            "where": list(where), "parties": out}


def _letters(story: Any, tiles: bool) -> tuple[Any, dict[str, Any]]:
    from geo.maps import FATE_COLOURS, FATE_LABELS, letters_map, place_label

    gaz = story.gazetteer
    m = letters_map(story, osm=tiles)
    steps = []
    points = []
    for lt in story.letters:
        if not (lt.from_place and lt.to_place and lt.from_place in gaz and lt.to_place in gaz):
            continue
        a, b = gaz[lt.from_place], gaz[lt.to_place]
        when = story.naming_day(lt.sent, lt.received)
        who = " → ".join(
            str(getattr(story.persons.get(p), "name", p)) for p in (lt.sender, lt.recipient) if p)
        n = f"{lt.count} {lt.kind}s" if lt.count > 1 else lt.kind
        parts = [f"sent {_when(lt.sent)}" if lt.sent else "", f"received {_when(lt.received)}" if lt.received else "",
                 FATE_LABELS.get(lt.fate, lt.fate)]
        if lt.transit_days is not None:
            parts.append(f"{lt.transit_days} days on the way")
        steps.append({
            "place": lt.id, "title": lt.title or f"{n.capitalize()}: {place_label(a, when)} → {place_label(b, when)}",
            "label": None, "when": (who + " · " if who else "") + ", ".join(p for p in parts if p),
            "lat": b.lat, "lon": b.lon, "colour": FATE_COLOURS.get(lt.fate, "#7f7f7f"),
            "bounds": _fit([(a.lat, a.lon), (b.lat, b.lon)], pad=0.8),
            "excerpts": [_excerpt(story, x) for x in lt.excerpts], "note": lt.note or "",
            "sources": _sources(lt.sources)})
        points += [(a.lat, a.lon), (b.lat, b.lon)]
    if not steps:
        raise ExportError("letters: the story has no letters with both places known; nothing to map")
    from geo.export.static import letters_scene

    scene = letters_scene(story)
    return m, {"title": scene.title, "subtitle": scene.subtitle, "steps": steps, "fit": _fit(points),
               "credits": _credits(story)}


def export_html(story: Any, view: str, path: str | Path, *, journey: str | None = None, tiles: bool = False) -> Path:
    """The route (all journeys, or one) or the letters as ONE self-contained HTML file; return its path.

    The file holds Leaflet, the relief and the data; it fetches nothing. ``tiles=True`` adds
    OpenStreetMap as an optional base layer (it needs a network, and shows nothing without one).
    """
    path = Path(path)
    if view == "route":
        m, payload = _route(story, journey, tiles)
    elif view == "letters":
        if journey:
            raise ExportError("--journey: only the route view has journeys; leave it out for letters")
        m, payload = _letters(story, tiles)
    else:
        raise ExportError(f"view '{view}': choose one of route, letters")
    return _finish(m, payload, path)


# ---- a quick map of any text


def _catalog_or_none() -> dict[str, Any] | None:
    """The catalog of texts, for the date a catalogued text tells of; None where it cannot be read.

    A user's own text needs no catalog, so a broken one must not stop its map.
    """
    from geo.texts import load_catalog

    try:
        return load_catalog()
    except GeoError:
        return None


def text_map(paths: Iterable[str | Path], out: str | Path, *, gazetteer: Any = None, date: Any = None,
             tiles: bool = False, width: int = 140) -> Path:
    """Every place found in the texts as a marker, its excerpts in the panel: one self-contained HTML file.

    The texts are the user's and untrusted: their words reach the page only as JSON data put into
    the page as text, never as markup.

    >>> text_map(["my-notes.txt"], "my-notes.html")        # doctest: +SKIP
    PosixPath('my-notes.html')
    """
    from geo.geoparse import find_mentions
    from geo.maps import base_map, region
    from geo.texts import read_text

    paths = [Path(p) for p in paths]
    if not paths:
        raise ExportError("give at least one text file")
    texts = {p: read_text(p) for p in paths}
    catalog = _catalog_or_none() if date is None else None
    by_place: dict[str, dict[str, Any]] = {}
    for p, text in texts.items():
        when = date
        if when is None and catalog:
            from geo.texts import text_for_path

            entry = text_for_path(p, catalog)
            when = entry.story_date if entry else None
        for mt in find_mentions(text, gazetteer, doc=p.name, date=when):
            entry = by_place.setdefault(mt.place_id, {
                "place": mt.place_id, "title": mt.name_at_time if mt.name_at_time == mt.name
                else f"{mt.name_at_time} (today {mt.name})", "label": mt.name_at_time,
                "lat": mt.lat, "lon": mt.lon, "colour": "#1f5fa8", "excerpts": [], "count": 0})
            entry["count"] += 1
            if len(entry["excerpts"]) < 12:
                lo, hi = max(0, mt.start - width), min(len(text), mt.end + width)
                entry["excerpts"].append({"before": text[lo:mt.start], "exact": text[mt.start:mt.end],
                                          "after": text[mt.end:hi], "source": {"label": p.name}})
    steps = sorted(by_place.values(), key=lambda s: -s["count"])
    for s in steps:
        n = s.pop("count")
        s["when"] = f"{n} mention{'s' if n != 1 else ''}" + (f" (first {len(s['excerpts'])} shown)"
                                                            if n > len(s["excerpts"]) else "")
        s["zoom"] = 6
    names = ", ".join(p.name for p in paths)

    if steps:
        from types import SimpleNamespace

        places = [SimpleNamespace(lat=s["lat"], lon=s["lon"]) for s in steps]
        m = base_map(region(places), osm=tiles)
        fit = _fit([(s["lat"], s["lon"]) for s in steps])
    else:
        m = base_map((20.0, 30.0, 90.0, 70.0), osm=tiles)
        fit = [[30.0, 20.0], [70.0, 90.0]]
    payload = {"title": f"Places in {names}",
               "subtitle": f"{len(steps)} places found on {dt.date.today().isoformat()}; click a marker, "
                           "or use Previous and Next",
               "steps": steps, "fit": fit,
               "credits": [f"Texts: {names}"] + _map_credits()}
    return _finish(m, payload, Path(out))
