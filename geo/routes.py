"""Geometry of the story: legs as great-circle lines, lengths, where the traveller was on a day, the
letter network, and the whole story as GeoJSON.

Pure functions: story and gazetteer in, shapely geometries, numbers and plain dicts out; no I/O.
Coordinates are (longitude, latitude), as in GeoJSON and shapely.

>>> from geo.story import load_story
>>> from geo.routes import leg_line, journey_length_km, position_on
>>> story = load_story()
>>> exile = story.journeys["exile-1928"]
>>> line = leg_line(exile.legs[0], story.gazetteer)      # Moscow to Frunze by the railway of 1928
>>> 3400 < journey_length_km(exile, story.gazetteer) < 3700
True
>>> position_on(exile, "1928-03-01", story.gazetteer).lat > 43
True
"""
from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geopy.distance import geodesic
from shapely.geometry import LineString

from geo.gazetteer import Gazetteer
from geo.geonames import distance_km
from geo.story import Excerpt, Journey, Leg, Letter, Source, Stop, Story, edtf_bounds

# ---- great circles


def _waypoints(leg: Leg, gazetteer: Gazetteer) -> list[tuple[float, float]]:
    """(lat, lon) of from, via-points and to."""
    ids = [leg.from_place, *leg.via, leg.to_place]
    return [(gazetteer[i].lat, gazetteer[i].lon) for i in ids]


def _vector(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def great_circle_points(a: tuple[float, float], b: tuple[float, float],
                        max_segment_km: float = 50) -> list[tuple[float, float]]:
    """(lat, lon) points from a to b along the great circle, no two more than ``max_segment_km`` apart.

    >>> pts = great_circle_points((55.75, 37.62), (42.87, 74.59), 500)
    >>> len(pts), pts[0], pts[-1]
    (7, (55.75, 37.62), (42.87, 74.59))
    """
    d = distance_km(*a, *b)
    n = max(1, math.ceil(d / max_segment_km))
    if d == 0:
        return [a, b]
    va, vb = _vector(*a), _vector(*b)
    # The angle between the ends, from the vectors themselves: no radius to keep in step with distance_km.
    cross = (va[1] * vb[2] - va[2] * vb[1], va[2] * vb[0] - va[0] * vb[2], va[0] * vb[1] - va[1] * vb[0])
    omega = math.atan2(math.hypot(*cross), sum(x * y for x, y in zip(va, vb)))
    if omega == 0:
        return [a, b]
    out = [a]
    for k in range(1, n):
        t = k / n
        s1, s2 = math.sin((1 - t) * omega) / math.sin(omega), math.sin(t * omega) / math.sin(omega)
        x, y, z = (s1 * va[i] + s2 * vb[i] for i in range(3))
        out.append((math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))))
    out.append(b)
    return out


def _path(points: Sequence[tuple[float, float]], max_segment_km: float) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in zip(points, points[1:]):
        seg = great_circle_points(a, b, max_segment_km)
        out += seg if not out else seg[1:]
    return out if len(out) > 1 else [points[0], points[0]]


def leg_line(leg: Leg, gazetteer: Gazetteer, *, max_segment_km: float = 50) -> LineString:
    """The leg as a LineString of (lon, lat): great circles through the via-points, densified so that
    a long leg curves truly when drawn on a Web Mercator map.

    Longitudes stay within [-180, 180]; a leg that crosses the antimeridian jumps there (see
    :func:`split_antimeridian` to draw it).
    """
    pts = _path(_waypoints(leg, gazetteer), max_segment_km)
    return LineString([(lon, lat) for lat, lon in pts])


def split_antimeridian(coords: Sequence[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Cut a line of (lon, lat) where it crosses the antimeridian, so no segment spans the globe."""
    parts: list[list[tuple[float, float]]] = [[coords[0]]]
    for (lon0, lat0), (lon1, lat1) in zip(coords, coords[1:]):
        if abs(lon1 - lon0) > 180:
            # Where the segment meets ±180, by linear interpolation of latitude in unwrapped longitude.
            east = lon0 > 0
            lon1u = lon1 + 360 if east else lon1 - 360
            edge = 180.0 if east else -180.0
            t = (edge - lon0) / (lon1u - lon0)
            lat = lat0 + t * (lat1 - lat0)
            parts[-1].append((edge, lat))
            parts.append([(-edge, lat)])
        parts[-1].append((lon1, lat1))
    return parts


# ---- lengths


def leg_length_km(leg: Leg, gazetteer: Gazetteer) -> float:
    """Length of the leg in km, geodesic (WGS 84) from stop to via-point to stop."""
    pts = _waypoints(leg, gazetteer)
    return sum(geodesic(a, b).km for a, b in zip(pts, pts[1:]))


def journey_length_km(journey: Journey, gazetteer: Gazetteer) -> float:
    return sum(leg_length_km(leg, gazetteer) for leg in journey.legs)


def distance_so_far_km(journey: Journey, stop_index: int, gazetteer: Gazetteer) -> float:
    """How far the traveller had come on reaching a stop (0 at the start)."""
    return sum(leg_length_km(leg, gazetteer) for leg in journey.legs[:stop_index])


# ---- where the traveller was on a day


@dataclass(frozen=True)
class Position:
    """Where a traveller was: at a stop (``stop`` set, ``leg`` None) or on a leg, ``fraction`` of the way."""

    lat: float
    lon: float
    stop: Stop | None
    leg: Leg | None
    fraction: float


def _day(date: dt.date | str) -> dt.date:
    if isinstance(date, dt.date):
        return date
    lo, hi = edtf_bounds(date)
    if lo is None:
        raise ValueError(f"'{date}' has no earliest day to place the traveller on")
    return lo


# The pace of an undated leg, km a day, by mode: an assumption of this module, not of the texts, used only
# to place a traveller on a day where the texts give no date for a leg (a passenger train of 1928 with its
# halts, a winter road over the Kurdai Pass, a steamer on the Black Sea).
PACE_KM_PER_DAY = {"rail": 600.0, "road": 100.0, "sea": 350.0, "foot": 25.0}


def timeline(journey: Journey, gazetteer: Gazetteer) -> list[tuple[float, float]]:
    """(departure, arrival) of each leg, as fractional day numbers (``date.toordinal()``).

    A leg leaves at the earliest day its start can mean, or as soon as the traveller is there, and it
    takes the time its dates give, or else the time of its mode's pace. A leg with a known end but no
    known start waits at the stop before it: so the train of 1929, with no dates between Frunze and
    Odessa, waits near Shchigry, as it did.
    """
    out: list[tuple[float, float]] = []
    t: float | None = None
    for leg in journey.legs:
        start_lo = edtf_bounds(leg.start)[0] if leg.start else None
        end_lo, end_hi = edtf_bounds(leg.end) if leg.end else (None, None)
        need = leg_length_km(leg, gazetteer) / PACE_KM_PER_DAY.get(leg.mode, 100.0)
        if start_lo is not None:
            dep = max(t if t is not None else -math.inf, float(start_lo.toordinal()))
        elif end_lo is not None:
            dep = float(end_lo.toordinal()) - need
            dep = max(dep, t) if t is not None else dep
        elif t is not None:
            dep = t
        else:
            dep = math.nan  # nothing known yet: placed once a later date is known
        arr = dep + need
        if end_lo is not None:
            arr = max(arr, float(end_lo.toordinal()))
        if end_hi is not None:
            arr = min(arr, float(end_hi.toordinal()))
        arr = max(arr, dep)
        out.append((dep, arr))
        t = arr if not math.isnan(arr) else None
    # Legs before the first known date end where the next begins.
    for i in range(len(out) - 1, -1, -1):
        dep, arr = out[i]
        if math.isnan(dep):
            nxt = out[i + 1][0] if i + 1 < len(out) else math.nan
            need = leg_length_km(journey.legs[i], gazetteer) / PACE_KM_PER_DAY.get(journey.legs[i].mode, 100.0)
            out[i] = (nxt - need, nxt)
    return out


def _point_along(line: LineString, fraction: float) -> tuple[float, float]:
    """(lat, lon) at a fraction of a densified line's length, measured on the sphere."""
    coords = list(line.coords)
    steps = [distance_km(a[1], a[0], b[1], b[0]) for a, b in zip(coords, coords[1:])]
    total = sum(steps)
    if total == 0:
        return coords[0][1], coords[0][0]
    goal, run = fraction * total, 0.0
    for (a, b), s in zip(zip(coords, coords[1:]), steps):
        if run + s >= goal:
            t = (goal - run) / s if s else 0.0
            return a[1] + t * (b[1] - a[1]), a[0] + t * (b[0] - a[0])
        run += s
    return coords[-1][1], coords[-1][0]


def position_on(journey: Journey, date: dt.date | str, gazetteer: Gazetteer) -> Position:
    """Where the traveller of a journey was at noon on a day (see :func:`timeline` for how undated
    legs are placed): at a stop (waiting, before the start or after the end), or on a leg.
    """
    return positions_on(journey, [date], gazetteer)[0]


def positions_on(journey: Journey, dates: Sequence[dt.date | str], gazetteer: Gazetteer) -> list[Position]:
    """:func:`position_on` for many days at once: the timeline and the legs' lines are computed once,
    so a year of days costs a year of look-ups, not a year of timelines.

    >>> from geo.story import load_story
    >>> story = load_story()
    >>> exile = story.journeys["exile-1928"]
    >>> [p.stop.place_id if p.stop else p.leg.to_place
    ...  for p in positions_on(exile, ["1928-01-17", "1928-01-19", "1928-01-21"], story.gazetteer)]
    ['yaroslavsky-station', 'bishkek', 'bishkek']
    """
    stops = journey.stops
    times = timeline(journey, gazetteer)
    lines: dict[int, LineString] = {}

    def at(i: int) -> Position:
        p = gazetteer[stops[i].place_id]
        return Position(p.lat, p.lon, stops[i], None, 0.0)

    def one(date: dt.date | str) -> Position:
        q = _day(date).toordinal() + 0.5
        for i, (dep, arr) in enumerate(times):
            if math.isnan(dep) or q < dep:
                return at(i)
            if q < arr:
                leg = journey.legs[i]
                if i not in lines:
                    lines[i] = leg_line(leg, gazetteer)
                fraction = (q - dep) / (arr - dep)
                lat, lon = _point_along(lines[i], fraction)
                return Position(lat, lon, None, leg, fraction)
        return at(len(stops) - 1)

    return [one(d) for d in dates]


@dataclass(frozen=True)
class Party:
    """Who travelled together (the travellers of a journey, or its title where none are named), and the
    journeys they made, in order of their first day."""

    travellers: tuple[str, ...]
    journeys: tuple[Journey, ...]


def parties(story: Story) -> list[Party]:
    """The story's travelling parties: journeys with the same travellers are one party's, one after another.

    >>> from geo.story import load_story
    >>> [len(p.journeys) for p in parties(load_story())]
    [2, 1, 1]
    """
    by: dict[tuple[str, ...], list[Journey]] = {}
    for j in story.journeys.values():
        if j.legs:
            by.setdefault(tuple(j.travellers) or (j.title,), []).append(j)
    out = []
    for who, journeys in by.items():
        spans = {j.id: _span(j, story.gazetteer) for j in journeys}
        journeys.sort(key=lambda j: spans[j.id][0])
        out.append(Party(who, tuple(journeys)))
    return out


def _span(journey: Journey, gazetteer: Gazetteer) -> tuple[float, float]:
    times = [t for pair in timeline(journey, gazetteer) for t in pair if not math.isnan(t)]
    return (min(times), max(times)) if times else (math.inf, -math.inf)


def story_days(story: Story) -> tuple[dt.date, dt.date] | None:
    """The first and last day on which some traveller of the story is under way (None: no dated leg)."""
    spans = [_span(j, story.gazetteer) for j in story.journeys.values() if j.legs]
    spans = [s for s in spans if s[0] <= s[1]]
    if not spans:
        return None
    return (dt.date.fromordinal(int(min(s[0] for s in spans))),
            dt.date.fromordinal(int(max(s[1] for s in spans))))


def whereabouts(party: Party, days: Sequence[dt.date], gazetteer: Gazetteer) -> list[Position]:
    """Where a party was on each day: on the journey under way that day, else at the end of the last
    one made, else (before the first) at its start. Each journey's timeline is computed once.
    """
    spans = [_span(j, gazetteer) for j in party.journeys]
    chosen: list[int] = []
    for d in days:
        q = d.toordinal() + 0.5
        k = 0
        for i, (lo, hi) in enumerate(spans):
            if lo <= q:
                k = i  # the latest journey begun by then (it is under way, or the last one ended)
        chosen.append(k)
    out: list[Position | None] = [None] * len(days)
    for i, journey in enumerate(party.journeys):
        idx = [n for n, k in enumerate(chosen) if k == i]
        for n, pos in zip(idx, positions_on(journey, [days[n] for n in idx], gazetteer)):
            out[n] = pos
    return out  # type: ignore[return-value]


# ---- the letter network


@dataclass(frozen=True)
class LetterEdge:
    """The letters from one place to another that met the same fate, counted."""

    from_place: str
    to_place: str
    fate: str
    count: int
    letters: tuple[Letter, ...]
    transit_days: tuple[int, ...]

    @property
    def count_known(self) -> bool:
        """False where some letter of the edge is a batch whose number the texts do not give."""
        return all(x.count_known for x in self.letters)


def letter_edges(story: Story) -> list[LetterEdge]:
    """The letter network: one edge per (from, to, fate), in the order the letters come in the file.

    Letters whose sending or receiving place is open are left out: they cannot be drawn.
    """
    groups: dict[tuple[str, str, str], list[Letter]] = {}
    for x in story.letters:
        if x.from_place and x.to_place:
            groups.setdefault((x.from_place, x.to_place, x.fate), []).append(x)
    return [LetterEdge(f, t, fate, sum(x.count for x in xs), tuple(xs),
                       tuple(x.transit_days for x in xs if x.transit_days is not None))
            for (f, t, fate), xs in groups.items()]


# ---- GeoJSON (RFC 7946)


def _coords(line: LineString) -> dict[str, Any]:
    parts = split_antimeridian([(round(x, 5), round(y, 5)) for x, y in line.coords])
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": [list(c) for c in parts[0]]}
    return {"type": "MultiLineString", "coordinates": [[list(c) for c in p] for p in parts]}


def _excerpts(excerpts: Sequence[Excerpt]) -> list[dict[str, Any]]:
    return [{"text": e.text_id, "exact": e.exact, "start": e.start, "end": e.end} for e in excerpts]


def _sources(sources: Sequence[Source]) -> list[dict[str, Any]]:
    return [{"label": s.label, "url": s.url, **({"note": s.note} if s.note else {})} for s in sources]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def story_geojson(story: Story) -> dict[str, Any]:
    """The story as an RFC 7946 FeatureCollection: a LineString per leg (``kind`` "leg"), a Point per
    stop ("stop") and a LineString per letter edge ("letter"); coordinates [lon, lat], finite, cut at
    the antimeridian. Names are those of the time (Alma-Ata, Frunze, Constantinople).
    """
    g = story.gazetteer
    default_when = story.date
    features: list[dict[str, Any]] = []

    def name(place_id: str | None, when: dt.date | None) -> str | None:
        return g[place_id].name_at(when or default_when) if place_id else None

    for journey in story.journeys.values():
        stops = journey.stops
        lengths = [leg_length_km(leg, g) for leg in journey.legs]
        # distance_so_far_km per stop would sum the legs again for every stop: add them up once.
        so_far = list(itertools.accumulate(lengths, initial=0.0))
        for leg, length in zip(journey.legs, lengths):
            when = story.leg_day(journey, leg)
            features.append({
                "type": "Feature",
                "id": f"{journey.id}/{leg.id}",
                "geometry": _coords(leg_line(leg, g)),
                "properties": {
                    "kind": "leg", "journey": journey.id, "journey_title": journey.title, "leg": leg.id,
                    "from": leg.from_place, "to": leg.to_place,
                    "from_name": name(leg.from_place, when), "to_name": name(leg.to_place, when),
                    "via": list(leg.via), "mode": leg.mode, "route": leg.route, "start": leg.start, "end": leg.end,
                    "start_date": _iso(leg.start_date), "end_date": _iso(leg.end_date),
                    "length_km": round(length, 1),
                    "excerpts": _excerpts(leg.excerpts), "sources": _sources(leg.sources),
                    "outside_texts": bool(leg.sources), "note": leg.note,
                },
            })
        for stop in stops:
            p = g[stop.place_id]
            when = story.stop_day(journey, stop)
            lo, hi = edtf_bounds(stop.date)
            features.append({
                "type": "Feature",
                "id": f"{journey.id}/stop-{stop.index}",
                "geometry": {"type": "Point", "coordinates": [round(p.lon, 5), round(p.lat, 5)]},
                "properties": {
                    "kind": "stop", "journey": journey.id, "index": stop.index, "number": stop.number,
                    "place": stop.place_id, "name": name(stop.place_id, when), "date": stop.date,
                    "date_earliest": _iso(lo), "date_latest": _iso(hi), "certainty": p.certainty,
                    "arriving_leg": stop.leg.id if stop.leg else None,
                    "distance_km": round(so_far[stop.index], 1),
                    "excerpts": _excerpts(stop.excerpts), "sources": _sources(stop.sources),
                    "outside_texts": bool(stop.sources), "note": stop.note,
                },
            })
    for edge in letter_edges(story):
        a, b = g[edge.from_place], g[edge.to_place]
        pts = great_circle_points((a.lat, a.lon), (b.lat, b.lon), 50)
        when = story.naming_day(*(v for x in edge.letters for v in (x.sent, x.received)))
        features.append({
            "type": "Feature",
            "id": f"letters/{edge.from_place}/{edge.to_place}/{edge.fate}",
            "geometry": _coords(LineString([(lon, lat) for lat, lon in pts])),
            "properties": {
                "kind": "letter", "from": edge.from_place, "to": edge.to_place,
                "from_name": name(edge.from_place, when), "to_name": name(edge.to_place, when),
                "fate": edge.fate, "count": edge.count, "count_known": edge.count_known,
                "transit_days": list(edge.transit_days),
                "letters": [x.id for x in edge.letters], "titles": [x.title or x.id for x in edge.letters],
                "excerpts": [e for x in edge.letters for e in _excerpts(x.excerpts)],
                "sources": [s for x in edge.letters for s in _sources(x.sources)],
                "outside_texts": any(x.sources for x in edge.letters),
            },
        })
    return {"type": "FeatureCollection", "features": features}


__all__ = [
    "LetterEdge", "PACE_KM_PER_DAY", "Position", "distance_so_far_km", "great_circle_points", "journey_length_km", "leg_length_km",
    "leg_line", "letter_edges", "Party", "parties", "position_on", "positions_on", "story_days", "whereabouts", "split_antimeridian", "story_geojson", "timeline",
]
