"""Static maps for slides and print: PNG, SVG and PDF drawn with matplotlib, offline.

A map is built in two steps: a :class:`Scene` (what to draw: lines, places, legend, credits; pure
data from the story) and its drawing on a figure (relief, coasts and lakes, the lines with their
direction, labels that do not collide, an inset for a crowded corner, legend, title, scale bar,
credits). Labels are drawn as text with a light box behind them (no path effects), so that in SVG and
PDF they stay text a person can select and edit.

>>> from geo.story import load_story
>>> from geo.export.static import export_static
>>> export_static(load_story(), "route", "route.png")        # doctest: +SKIP
PosixPath('route.png')
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from matplotlib.colors import to_rgba

from geo.errors import ExportError, GeoError
from geo.dates import first_day, months_words, read as read_date
from geo.export import select_journeys
from geo.story import mode_words

FORMATS = ("png", "svg", "pdf")
VIEWS = ("route", "letters")

# Colours that stay apart for colour-blind readers and on a washed-out projector (ColorBrewer Dark2).
JOURNEY_COLOURS = ("#c0392b", "#1f5fa8", "#1b7837", "#7b3294", "#e08214")
# Fates keep the colours and words of the app's letters map (geo.maps); in print a dash tells them apart too.
FATE_STYLES: dict[str, Any] = {"lost": (0, (3, 1.5)), "never-arrived": (0, (1.5, 1.2)), "unknown": (0, (3, 1.5))}
MODE_STYLES: dict[str, Any] = {
    "rail": "-",
    "road": (0, (5, 2.2)),
    "sea": (0, (1.2, 1.6)),
    "foot": (0, (4, 1.5, 1, 1.5)),
}
FONT = "DejaVu Sans"  # ships with matplotlib, has Cyrillic

Bounds = tuple[float, float, float, float]  # west, south, east, north


# ---- what to draw


@dataclass(frozen=True)
class Line:
    coords: tuple[tuple[float, float], ...]  # (lon, lat)
    colour: str
    style: Any = "-"
    width: float = 1.0  # a multiple of the base line width
    arrow: bool = True
    curved: bool = False
    lane: float = 0.0  # journeys that share a railway are drawn side by side, each in its lane
    bend: float = 0.18  # of a curved line: how far it bows out, a share of its length
    faint: bool = False  # a route the editor assumed: drawn faint and thin


@dataclass(frozen=True)
class Point:
    lon: float
    lat: float
    label: str
    colour: str = "#222222"
    size: float = 1.0
    priority: int = 0  # higher: labelled first
    hollow: bool = False  # the date of the stop is approximate or uncertain
    halo: bool = False  # the place is located approximately (the gazetteer's point is not certain)


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str = "#222222"
    style: Any = "-"
    width: float = 1.0
    marker: str | None = None  # 'hollow' or 'halo': a marker, not a line, stands in the legend
    faint: bool = False


# How uncertainty is drawn on every static map (the app's maps and the one-file map draw it alike):
# the legend's words are the story's (geo.story.DOUBT_WORDS).
FAINT_ALPHA = 0.45
HALO_ALPHA = 0.3


@dataclass(frozen=True)
class Scene:
    title: str
    subtitle: str
    lines: tuple[Line, ...]
    points: tuple[Point, ...]
    legend: tuple[LegendEntry, ...]
    credits: tuple[str, ...] = ()


def journey_span(journey: Any) -> str:
    """'January 1928', 'January–February 1929': when a journey's legs ran, as far as the dates say."""
    reads = [read_date(v) for leg in journey.legs for v in (leg.start, leg.end) if v]
    days = [d for w in reads for d in (w.earliest, w.latest) if d]
    return months_words(min(days), max(days)) if days else ""


def source_credits(story: Any) -> tuple[str, ...]:
    """The credit line each text of the story asks for."""
    texts = getattr(story, "texts", None) or {}
    values = texts.values() if isinstance(texts, dict) else texts
    return tuple(t.credit for t in values if getattr(t, "credit", None))


def basemap_credits() -> tuple[str, ...]:
    """The credits of the relief and of the coasts and lakes beneath every map."""
    from geo.export.shorelines import CREDIT
    from geo.maps import RELIEF_CREDIT

    return (RELIEF_CREDIT, CREDIT)


def _shown_place(gaz: Any, place_id: str) -> Any:
    """A building or street stands for its town at the scale of a route map (the hotel for Alma-Ata)."""
    place = gaz[place_id]
    if not set(place.fclasses) & {"P", "T", "A", "H"}:
        for parent in place.part_of:
            if parent in gaz and "P" in gaz[parent].fclasses:
                return gaz[parent]
    return place


def route_scene(story: Any, journey: str | None = None) -> Scene:
    """The route of all journeys (or one): each leg a line in its journey's colour and its mode's style.

    Stops are the places labelled first; the places a leg passes through (the railway stations, the
    Kurdai Pass) are smaller, and labelled where there is room.
    """
    from geo.routes import leg_line

    gaz = story.gazetteer
    journeys = select_journeys(story, journey)
    lines: list[Line] = []
    points: dict[str, Point] = {}
    legend: list[LegendEntry] = []
    modes: list[str] = []
    n = len(journeys)
    for i, j in enumerate(journeys):
        colour = JOURNEY_COLOURS[i % len(JOURNEY_COLOURS)]
        legend.append(LegendEntry(j.title, colour, "-", 1.0))
        lane = i - (n - 1) / 2
        for leg in j.legs:
            coords = tuple((float(x), float(y)) for x, y in leg_line(leg, gaz).coords)
            lines.append(Line(coords, colour, MODE_STYLES.get(leg.mode, "-"), lane=lane, faint=leg.route_assumed))
            if leg.mode not in modes:
                modes.append(leg.mode)
        stops = list(j.stops)
        for k, s in enumerate(stops):
            place = _shown_place(gaz, s.place_id)
            when = story.stop_day(j, s)
            major = k in (0, len(stops) - 1) and i == 0 or k in (0, len(stops) - 1) and n == 1
            old = points.get(place.id)
            if old is None or old.priority < (2 if major else 1):
                points[place.id] = Point(place.lon, place.lat, place.name_at(when), colour,
                                         1.4 if major else 1.0, 2 if major else 1,
                                         hollow="date" in story.doubts(s), halo=place.certainty != "certain")
        for leg in j.legs:
            for v in leg.via:
                place = _shown_place(gaz, v)
                if place.id not in points:
                    when = story.leg_day(j, leg)
                    points[place.id] = Point(place.lon, place.lat, place.name_at(when), colour, 0.6, 0,
                                             halo=place.certainty != "certain")
    # The heart of the story: the place most journeys stop at (Alma-Ata), ranked above all.
    visits: dict[str, int] = {}
    for j in journeys:
        for pid in {_shown_place(gaz, s.place_id).id for s in j.stops}:
            visits[pid] = visits.get(pid, 0) + 1
    first = journeys[0].stops
    ends = [_shown_place(gaz, first[-1].place_id).id, _shown_place(gaz, first[0].place_id).id] if first else []
    heart = max(visits, key=lambda pid: (visits[pid], pid in ends, pid == (ends or [None])[0]))
    if visits[heart] > 1 or n == 1:
        p = points[heart]
        points[heart] = Point(p.lon, p.lat, p.label, p.colour, 1.5, 3, p.hollow, p.halo)
    for m in sorted(modes, key=lambda m: list(MODE_STYLES).index(m) if m in MODE_STYLES else 99):
        legend.append(LegendEntry(mode_words(m), "#333333", MODE_STYLES.get(m, "-"), 1.0))
    legend += _doubt_legend(lines, points.values())
    if journey is None:
        title = story.title
        subtitle = f"{n} journeys: arrows show the direction of travel, lines the way of travelling"
    else:
        title = journeys[0].title
        names = [getattr(story.persons.get(t), "name", t) for t in journeys[0].travellers]
        subtitle = ", ".join(str(x) for x in names)
    return Scene(title, subtitle, tuple(lines), tuple(points.values()), tuple(legend),
                 source_credits(story) + basemap_credits())


def _doubt_legend(lines: Iterable[Line], points: Iterable[Point]) -> list[LegendEntry]:
    """Legend entries for what the map draws as less than certain (only what is on it)."""
    from geo.story import DOUBT_WORDS

    points = list(points)
    out = []
    if any(ln.faint for ln in lines):
        out.append(LegendEntry(DOUBT_WORDS["route"], "#333333", "-", 1.0, faint=True))
    if any(p.hollow for p in points):
        out.append(LegendEntry(DOUBT_WORDS["date"], "#333333", "-", 1.0, marker="hollow"))
    if any(p.halo for p in points):
        out.append(LegendEntry(DOUBT_WORDS["place"], "#333333", "-", 1.0, marker="halo"))
    return out


def letters_scene(story: Any) -> Scene:
    """The letters as arcs from sender's place to recipient's, width by count, colour by fate."""
    from geo.maps import FATE_COLOURS, FATE_LABELS
    from geo.routes import letter_edges

    gaz = story.gazetteer
    edges = letter_edges(story)
    if not edges:
        raise ExportError("letters: the story has no letters with both places known; nothing to map")
    lines: list[Line] = []
    points: dict[str, Point] = {}
    fates: dict[str, int] = {}
    dates = [first_day(lt.sent) for lt in story.letters if first_day(lt.sent)]
    when = story.naming_day(min(dates) if dates else None)
    weight: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    for e in edges:
        a, b = gaz[e.from_place], gaz[e.to_place]
        k = seen[(e.from_place, e.to_place)] = seen.get((e.from_place, e.to_place), -1) + 1
        colour = FATE_COLOURS.get(e.fate, "#6b6b6b")
        lines.append(Line(((a.lon, a.lat), (b.lon, b.lat)), colour, FATE_STYLES.get(e.fate, "-"),
                          0.8 + 1.2 * math.sqrt(max(1, e.count) - 1) / 2, True, True, bend=0.16 + 0.1 * k))
        fates[str(e.fate)] = fates.get(str(e.fate), 0) + e.count
        for p in (a, b):
            weight[p.id] = weight.get(p.id, 0) + e.count
    hub = max(weight.values())
    for pid, n in weight.items():
        p = gaz[pid]
        points[pid] = Point(p.lon, p.lat, p.name_at(when), "#222222", 1.0 + min(1.0, n / 10), 2 if n == hub else 1)
    order = list(FATE_COLOURS)
    # No counts in the legend: "letters came promptly from Astrakhan" is a flow of untold size.
    legend = tuple(LegendEntry(FATE_LABELS.get(fate, fate), FATE_COLOURS.get(fate, "#6b6b6b"),
                               FATE_STYLES.get(fate, "-"), 1.4)
                   for fate, n in sorted(fates.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))
    years = sorted({d.year for d in dates})
    span = f"{years[0]}" if len(years) == 1 else (f"{years[0]}–{years[-1]}" if years else "")
    undrawn = sum(max(1, lt.count) for lt in story.letters if not (lt.from_place and lt.to_place))
    title = "Letters" + (f", {span}" if span else f": {story.title}")
    subtitle = ("Letters and telegrams whose two places the texts give, from sender to recipient; "
                "thicker: more letters" + (f". Not drawn: {undrawn:,} more whose places are not told" if undrawn else ""))
    return Scene(title, subtitle, tuple(lines), tuple(points.values()), legend,
                 source_credits(story) + basemap_credits())


def scene_for(story: Any, view: str, journey: str | None = None) -> Scene:
    if view == "route":
        return route_scene(story, journey)
    if view == "letters":
        if journey:
            raise ExportError("--journey: only the route view has journeys; leave it out for letters")
        return letters_scene(story)
    raise ExportError(f"view '{view}': choose one of {', '.join(VIEWS)}")


# ---- geometry of the page


def _scene_bounds(scene: Scene, pad: float = 0.08) -> Bounds:
    xs = [x for ln in scene.lines for x, _ in ln.coords] + [p.lon for p in scene.points]
    ys = [y for ln in scene.lines for _, y in ln.coords] + [p.lat for p in scene.points]
    if not xs:
        raise ExportError("the map has nothing on it: no lines and no places")
    w, e, s, n = min(xs), max(xs), min(ys), max(ys)
    dx, dy = max(e - w, 0.5), max(n - s, 0.5)
    return w - dx * pad, s - dy * pad, e + dx * pad, n + dy * pad


def _fit_aspect(bounds: Bounds, box_ratio: float) -> tuple[Bounds, float]:
    """Widen bounds so that, drawn with x scaled by cos(mid latitude), they fill a box of width/height ratio."""
    w, s, e, n = bounds
    k = math.cos(math.radians((s + n) / 2))
    ratio = (e - w) * k / (n - s)
    if ratio < box_ratio:
        grow = ((n - s) * box_ratio / k - (e - w)) / 2
        w, e = w - grow, e + grow
    else:
        grow = ((e - w) * k / box_ratio - (n - s)) / 2
        s, n = s - grow, n + grow
    s, n = max(s, -85.0), min(n, 85.0)
    return (max(w, -180.0), s, min(e, 180.0), n), k


def _nice_length(km: float) -> float:
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000):
        if step >= km:
            return step
    return 5000


# ---- drawing


class _Labeller:
    """Greedy placement: each label tries positions around its point and keeps the first free one.

    Positions ring out from the point; a label set away from its point gets a leader line.
    """

    OFFSETS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))

    def __init__(self, ax: Any, fontsize: float, renderer: Any):
        self.ax, self.fontsize, self.renderer = ax, fontsize, renderer
        self.taken: list[Any] = []
        self.box = ax.get_window_extent(renderer)

    def block(self, bbox: Any) -> None:
        self.taken.append(bbox)

    def _cost(self, bb: Any) -> float:
        cost = 0.0
        for t in self.taken:
            ox = min(bb.x1, t.x1) - max(bb.x0, t.x0)
            oy = min(bb.y1, t.y1) - max(bb.y0, t.y0)
            if ox > 0 and oy > 0:
                cost += ox * oy
        b = self.box
        outside = (max(0, b.x0 - bb.x0) + max(0, bb.x1 - b.x1)) * bb.height + \
                  (max(0, b.y0 - bb.y0) + max(0, bb.y1 - b.y1)) * bb.width
        return cost + 4 * outside

    def place(self, x: float, y: float, text: str, *, bold: bool = False, minor: bool = False) -> Any:
        """Label a point; a ``minor`` label is smaller, and left out where it finds no free place."""
        best = None
        size = self.fontsize * (0.78 if minor else 1.0)
        for ring in ((0.5, 1.4) if minor else (0.55, 1.6, 2.8)):
            for dx, dy in self.OFFSETS:
                off = (dx * size * ring, dy * size * ring * 0.8)
                t = self.ax.annotate(
                    text, (x, y), xytext=off, textcoords="offset points",
                    ha="left" if dx > 0 else "right" if dx < 0 else "center",
                    va="bottom" if dy > 0 else "top" if dy < 0 else "center",
                    fontsize=size, fontweight="bold" if bold else "normal", color="#333333" if minor else "#111111",
                    zorder=8,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.82),
                    arrowprops=(dict(arrowstyle="-", color="#222222", lw=self.fontsize / 14, shrinkA=0,
                                     shrinkB=size * 0.3) if ring > 1 else None))
                bb = t.get_window_extent(self.renderer).expanded(1.03, 1.06)
                cost = self._cost(bb)
                if best is None or cost < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (cost, t, bb)
                else:
                    t.remove()
                if cost == 0:
                    self.block(bb)
                    return t
        if minor:
            best[1].remove()
            return None
        self.block(best[2])
        return best[1]


def _curve(a: tuple[float, float], b: tuple[float, float], k: float, bend: float = 0.18, n: int = 40) -> np.ndarray:
    """A gentle arc from a to b (a quadratic Bézier bent to the left of the direction of travel)."""
    (x0, y0), (x1, y1) = a, b
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = (x1 - x0) * k, (y1 - y0)
    cx, cy = mx - dy * bend / k, my + dx * bend
    t = np.linspace(0, 1, n)[:, None]
    p0, p1, p2 = np.array([x0, y0]), np.array([cx, cy]), np.array([x1, y1])
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2


def _draw_basemap(ax: Any, bounds: Bounds, max_width: int, lw: float, *, fade: float = 0.35) -> None:
    from geo.basemap import relief_image
    from geo.export.shorelines import shorelines

    w, s, e, n = bounds
    try:
        im, (iw, is_, ie, in_) = relief_image(bounds, max_width=max_width)
        rgb = np.asarray(im.convert("RGB"), dtype=np.float32) * (1 - fade) + 255 * fade  # washed out: the route first
        # RGBA bytes: matplotlib resamples them to the page in float32; RGB it would resample in float64,
        # twice the memory of a large PNG.
        rgba = np.dstack([rgb.astype(np.uint8), np.full(rgb.shape[:2], 255, np.uint8)])
        ax.imshow(rgba, extent=(iw, ie, is_, in_), origin="upper", interpolation="bilinear",
                  zorder=0, aspect="auto")
    except GeoError:
        ax.set_facecolor("#eef0e8")
    for sh in shorelines((w - 5, s - 5, e + 5, n + 5)):
        x, y = sh.points[:, 0], sh.points[:, 1]
        if sh.level == 2:
            ax.fill(x, y, fc="#a9cbe0", ec="#4a7fa6", lw=lw * 0.6, zorder=1)
        else:
            ax.plot(x, y, color="#4a7fa6", lw=lw * 0.6, zorder=1, solid_joinstyle="round")
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_autoscale_on(False)


def _side_offset(ax: Any, xy: np.ndarray, pixels: float) -> np.ndarray:
    """The line moved ``pixels`` to its left on the page, so that a way out and a way back sit side by side."""
    from shapely.geometry import LineString

    disp = ax.transData.transform(xy)
    if len(disp) < 2 or pixels == 0:
        return xy
    moved = LineString(disp).offset_curve(pixels, join_style="mitre", mitre_limit=3.0)
    if moved.is_empty or moved.geom_type != "LineString":
        return xy
    return ax.transData.inverted().transform(np.asarray(moved.coords))


def _draw_lines(ax: Any, scene: Scene, k: float, lw: float, px_per_pt: float) -> list[np.ndarray]:
    drawn = []
    for ln in scene.lines:
        xy = np.array(ln.coords, dtype=float)
        width = lw * ln.width
        if ln.curved and len(xy) == 2:
            xy = _curve(tuple(xy[0]), tuple(xy[1]), k, ln.bend)
        else:
            d = ln.lane * width * px_per_pt * 1.1
            xy = _side_offset(ax, xy, -d if xy[-1, 0] < xy[0, 0] else d)
        alpha = FAINT_ALPHA if ln.faint else 1.0
        ax.plot(xy[:, 0], xy[:, 1], color="white", lw=width + lw * 0.9, zorder=3, solid_capstyle="round",
                alpha=0.85 * alpha)
        ax.plot(xy[:, 0], xy[:, 1], color=ln.colour, lw=width * (0.75 if ln.faint else 1.0), linestyle=ln.style,
                zorder=4, solid_capstyle="round", dash_capstyle="round", alpha=alpha)
        drawn.append(xy)
        on_page = np.hypot(*np.diff(ax.transData.transform(xy[[0, -1]]), axis=0)[0])
        if ln.arrow and len(xy) >= 2 and on_page > width * px_per_pt * 14:
            _arrow(ax, xy, ln.colour, width, k, at=0.85 if ln.curved else 0.55)
    return drawn


def _arrow(ax: Any, xy: np.ndarray, colour: str, width: float, k: float, at: float) -> None:
    """An arrowhead part way along a line, pointing the way it goes."""
    seg = np.hypot(np.diff(xy[:, 0]) * k, np.diff(xy[:, 1]))
    total = seg.sum()
    if total <= 0:
        return
    cum = np.concatenate([[0], np.cumsum(seg)])
    target = total * at
    i = int(min(max(np.searchsorted(cum, target, side="right") - 1, 0), len(seg) - 1))
    if seg[i] == 0:
        return
    t = (target - cum[i]) / seg[i]
    p = xy[i] + (xy[i + 1] - xy[i]) * t
    tail = p - (xy[i + 1] - xy[i]) / seg[i] * total * 0.001
    ax.annotate("", xy=tuple(p), xytext=tuple(tail), zorder=5,
                arrowprops=dict(arrowstyle="-|>,head_length=0.8,head_width=0.45", color=colour, lw=width * 0.5,
                                mutation_scale=6 + width * 2.4, shrinkA=0, shrinkB=0))


def _marker(ax: Any, p: Point, size: float, edge: float) -> None:
    """A place: filled in its colour; hollow where the stop's date is approximate or uncertain; on a
    pale disc (a halo) where the place itself is located approximately."""
    if p.halo:
        ax.plot(p.lon, p.lat, "o", ms=max(size * 3.0, 10), mfc=to_rgba(p.colour, HALO_ALPHA),
                mec=to_rgba(p.colour, 0.8), mew=edge * 0.8, zorder=5)
    if p.hollow:
        ax.plot(p.lon, p.lat, "o", ms=size * 1.05, mfc="white", mec=p.colour, mew=edge * 1.6, zorder=6)
    else:
        ax.plot(p.lon, p.lat, "o", ms=size, mfc=p.colour, mec="white", mew=edge, zorder=6)


def _legend_handle(e: LegendEntry, L: "_Layout") -> Any:
    from matplotlib.lines import Line2D

    ms = L.fs * 0.5  # (a tuple of handles is drawn overlaid, by matplotlib's HandlerTuple)
    if e.marker == "hollow":
        return Line2D([], [], linestyle="none", marker="o", ms=ms, mfc="white", mec=e.colour, mew=L.lw * 1.1)
    if e.marker == "halo":
        return (Line2D([], [], linestyle="none", marker="o", ms=ms * 2.2, mfc=to_rgba(e.colour, HALO_ALPHA),
                       mec=to_rgba(e.colour, 0.8), mew=L.lw * 0.5),
                Line2D([], [], linestyle="none", marker="o", ms=ms, mfc=e.colour, mec="white", mew=L.lw * 0.7))
    return Line2D([], [], color=e.colour, lw=L.lw * e.width * (0.75 if e.faint else 1.0), linestyle=e.style,
                  alpha=FAINT_ALPHA if e.faint else 1.0)


def _crowd(pts: list[Point], disp: np.ndarray, radius: float) -> list[int] | None:
    """The places within reach of the first-ranked place that lie too close together to label, if 3 or more."""
    if not pts:
        return None
    focus = max(range(len(pts)), key=lambda i: (pts[i].priority, -i))
    near = [i for i in range(len(pts)) if math.dist(disp[i], disp[focus]) < radius]
    close = [i for i in near if i == focus or any(math.dist(disp[i], disp[j]) < radius * 0.6 for j in near if j != i)]
    return close if len(close) >= 3 else None


def _scale_bar(ax: Any, bounds: Bounds, fontsize: float, lw: float, corner: str) -> Any:
    """A scale bar of a round length, about a sixth of the map wide, true at the map's middle latitude."""
    from matplotlib.patches import Rectangle

    w, s, e, n = bounds
    km_per_deg = 111.32 * math.cos(math.radians((s + n) / 2))
    length = _nice_length((e - w) * km_per_deg / 6)
    deg = length / km_per_deg
    h = (n - s) * 0.012
    x0 = e - (e - w) * 0.03 - deg if corner.endswith("right") else w + (e - w) * 0.03
    y0 = n - (n - s) * 0.08 if corner.startswith("upper") else s + (n - s) * 0.05
    artists = []
    for i in range(4):
        artists.append(ax.add_patch(Rectangle((x0 + deg * i / 4, y0), deg / 4, h, fc="#222222" if i % 2 == 0 else "white",
                                              ec="#222222", lw=lw * 0.5, zorder=7)))
    artists.append(ax.text(x0 + deg / 2, y0 + h * 1.6, f"{length:g} km", ha="center", va="bottom", fontsize=fontsize,
                           zorder=7, color="#111111",
                           bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8)))
    return artists


def _wrap(text: str, fontsize: float, renderer: Any, fig: Any, limit: float, **kw: Any) -> str:
    """Break ``text`` into lines no wider than ``limit`` display units at ``fontsize``."""
    from matplotlib.text import Text

    probe = Text(0, 0, "", fontsize=fontsize, figure=fig, **kw)
    lines, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        probe.set_text(trial)
        if cur and probe.get_window_extent(renderer).width > limit:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    lines.append(cur)
    return "\n".join(lines)


@dataclass
class _Layout:
    """Sizes that follow the page: fonts in points as a share of the page height, so any size looks alike."""

    width: int
    height: int
    dpi: float
    fs: float = field(init=False)  # label font size, points
    lw: float = field(init=False)  # route line width, points

    CREDITS = 0.06  # height of the credits strip, share of the page
    PANEL = 0.30  # width of the side panel (title, legend, inset), share of the page

    def __post_init__(self) -> None:
        h_pt = self.height / self.dpi * 72
        self.fs = h_pt / 38  # 28 px labels on a 1080 px slide: readable at the back of a hall
        self.lw = h_pt / 130

    @property
    def px_per_pt(self) -> float:
        return self.dpi / 72


def _empty_corner(ax: Any, drawn: list[np.ndarray], pts: list[Point], disp: np.ndarray) -> str:
    """The corner of the map with the least on it: line vertices count 1, places 20."""
    xy = np.vstack([ax.transData.transform(d) for d in drawn]) if drawn else np.zeros((0, 2))
    b = ax.bbox
    w, h = b.width * 0.32, b.height * 0.2
    scores = {}
    for corner in ("lower right", "lower left", "upper right", "upper left"):
        x0 = b.x1 - w if corner.endswith("right") else b.x0
        y0 = b.y1 - h if corner.startswith("upper") else b.y0

        def inside(a: np.ndarray) -> int:
            if not len(a):
                return 0
            return int(((a[:, 0] >= x0) & (a[:, 0] <= x0 + w) & (a[:, 1] >= y0) & (a[:, 1] <= y0 + h)).sum())
        scores[corner] = inside(xy) + 20 * inside(disp)
    return min(scores, key=lambda c: scores[c])


def draw(scene: Scene, *, width: int = 1920, height: int = 1080, dpi: float = 150.0) -> Any:
    """Draw a scene on a new matplotlib figure of ``width`` x ``height`` pixels at ``dpi``.

    The page: the map on the left; on the right a panel with the title, the legend and, when places
    crowd together (Alma-Ata, the Kurdai Pass and Frunze on a map of half a continent), an enlarged
    inset of them; the credits in a strip along the bottom.

    Every text is drawn as written: a title with dollar signs ("$5 by rail, $3 by road") is money,
    not matplotlib's mathtext, which would set it as a formula or fail on it.
    """
    import matplotlib

    with matplotlib.rc_context({"text.parse_math": False}):  # read by each text artist as it is made
        return _draw(scene, width, height, dpi)


def _draw(scene: Scene, width: int, height: int, dpi: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    L = _Layout(width, height, dpi)
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    map_w = 1 - L.PANEL
    ax = fig.add_axes((0, L.CREDITS, map_w, 1 - L.CREDITS))
    ax.set_xticks([])
    ax.set_yticks([])
    bounds, k = _fit_aspect(_scene_bounds(scene), map_w * width / ((1 - L.CREDITS) * height))
    _draw_basemap(ax, bounds, min(4000, int(width * map_w * 1.3)), L.lw)
    drawn = _draw_lines(ax, scene, k, L.lw, L.px_per_pt)

    pts = sorted(scene.points, key=lambda p: -p.priority)
    disp = ax.transData.transform([(p.lon, p.lat) for p in pts]) if pts else np.zeros((0, 2))
    for p in pts:
        _marker(ax, p, L.fs * 0.5 * p.size, L.lw * (0.45 if p.priority == 0 else 0.7))

    # A crowd: places so close that their labels would pile up (Alma-Ata, the Kurdai Pass, Frunze on a
    # map of half a continent): they get an inset, and one label here.
    crowd = _crowd(pts, disp, L.fs * L.px_per_pt * 3.0)

    # The panel: title, subtitle, legend, inset.
    pad = 0.018
    px0 = map_w + pad
    limit = (L.PANEL - 2 * pad) * fig.bbox.width
    title = fig.text(px0, 1 - pad * 1.6, _wrap(scene.title, L.fs * 1.25, renderer, fig, limit, fontweight="bold"),
                     ha="left", va="top", fontsize=L.fs * 1.25, fontweight="bold", color="#111111", linespacing=1.1)
    y = fig.transFigure.inverted().transform((0, title.get_window_extent(renderer).y0))[1]
    if scene.subtitle:
        sub = fig.text(px0, y - pad * 0.8, _wrap(scene.subtitle, L.fs * 0.72, renderer, fig, limit), ha="left",
                       va="top", fontsize=L.fs * 0.72, color="#333333", linespacing=1.2)
        y = fig.transFigure.inverted().transform((0, sub.get_window_extent(renderer).y0))[1]
    handles = [_legend_handle(e, L) for e in scene.legend]
    labels = [_wrap(e.label, L.fs * 0.66, renderer, fig, limit * 0.72) for e in scene.legend]
    leg = fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(px0 - 0.006, y - pad * 0.6),
                     fontsize=L.fs * 0.66, frameon=False, handlelength=3.4, borderaxespad=0, borderpad=0.2,
                     labelspacing=0.5)
    y = fig.transFigure.inverted().transform((0, leg.get_window_extent(renderer).y0))[1]

    inset_ax = None
    if crowd is not None:
        top = y - pad * 1.6
        bottom = L.CREDITS + pad
        if top - bottom > 0.15:
            inset_ax = _inset(fig, ax, scene, [pts[i] for i in crowd], (px0, bottom, L.PANEL - 2 * pad, top - bottom),
                              k, L, renderer)

    labeller = _Labeller(ax, L.fs, renderer)
    r = L.fs * L.px_per_pt * 0.3
    for x, yy in disp:
        labeller.block(Bbox.from_extents(x - r, yy - r, x + r, yy + r))
    corner = _empty_corner(ax, drawn, pts, disp)
    for a in _scale_bar(ax, bounds, L.fs * 0.7, L.lw, corner):
        labeller.block(a.get_window_extent(renderer).expanded(1.1, 1.3))
    skip = set(crowd or ()) if inset_ax is not None else set()
    if skip:
        # One label for the crowd: its first place, the way the story names it.
        lead = min(skip, key=lambda i: (-pts[i].priority, i))
        skip.discard(lead)
    for i, p in enumerate(pts):
        if i not in skip:
            labeller.place(p.lon, p.lat, p.label, bold=p.priority >= 2, minor=p.priority == 0)

    # Credits strip.
    fig.add_artist(Rectangle((0, 0), 1, L.CREDITS, transform=fig.transFigure, fc="#f4f2ec", ec="none", zorder=0))
    cfs = max(L.fs * 0.4, 5.0)
    fig.text(0.006, L.CREDITS / 2, _wrap(" · ".join(scene.credits), cfs, renderer, fig, fig.bbox.width * 0.988),
             ha="left", va="center", fontsize=cfs, color="#333333", linespacing=1.15)
    return fig


def _inset(fig: Any, ax: Any, scene: Scene, crowd: list[Point], box: tuple[float, float, float, float], k: float,
           L: _Layout, renderer: Any) -> Any:
    """An enlarged map of a crowd of places in the panel; a frame marks its area on the main map."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    x0, y0, w, h = box
    caption_h = L.fs * 1.2 * L.px_per_pt / fig.bbox.height
    h -= caption_h
    ratio = w * fig.bbox.width / (h * fig.bbox.height)
    if ratio > 1.6:  # a flat box: keep the inset's aspect sensible, centred
        w_new = h * fig.bbox.height * 1.6 / fig.bbox.width
        x0, w, ratio = x0 + (w - w_new) / 2, w_new, 1.6
    xs, ys = [p.lon for p in crowd], [p.lat for p in crowd]
    dx, dy = max(max(xs) - min(xs), 0.3), max(max(ys) - min(ys), 0.3)
    sub, _ = _fit_aspect((min(xs) - dx * 0.3, min(ys) - dy * 0.5, max(xs) + dx * 0.3, max(ys) + dy * 0.5), ratio)
    iax = fig.add_axes((x0, y0, w, h))
    iax.set_xticks([])
    iax.set_yticks([])
    for spine in iax.spines.values():
        spine.set_edgecolor("#222222")
        spine.set_linewidth(L.lw * 0.6)
    _draw_basemap(iax, sub, max_width=1600, lw=L.lw, fade=0.3)
    _draw_lines(iax, scene, k, L.lw, L.px_per_pt)
    names = sorted({p.label for p in crowd}, key=lambda s: [p.label for p in crowd].index(s))
    fig.text(x0, y0 + h + caption_h * 0.25, f"Enlarged: {names[0]} and around", ha="left", va="bottom",
             fontsize=L.fs * 0.72, fontweight="bold", color="#111111")
    ax.add_patch(Rectangle((sub[0], sub[1]), sub[2] - sub[0], sub[3] - sub[1], fill=False, ec="#222222",
                           lw=L.lw * 0.6, zorder=7))
    lab = _Labeller(iax, L.fs * 0.92, renderer)
    inside = [p for p in scene.points if sub[0] <= p.lon <= sub[2] and sub[1] <= p.lat <= sub[3]]
    r = L.fs * L.px_per_pt * 0.3
    for p in inside:
        _marker(iax, p, L.fs * 0.55 * p.size, L.lw * 0.7)
        x, y = iax.transData.transform((p.lon, p.lat))
        lab.block(Bbox.from_extents(x - r, y - r, x + r, y + r))
    for a in _scale_bar(iax, sub, L.fs * 0.6, L.lw, "lower right"):
        lab.block(a.get_window_extent(renderer).expanded(1.1, 1.3))
    for p in sorted(inside, key=lambda p: -p.priority):
        lab.place(p.lon, p.lat, p.label, bold=p.priority >= 2, minor=p.priority == 0 and len(inside) > 6)
    return iax


# ---- the public function


# Memory, not pixels, is what an export must stay within. A PNG is drawn at its full size: matplotlib's
# canvas holds 4 bytes a pixel, and the relief resampled to it and the PNG encoder as much again
# (bench/export.py prints the peaks). SVG and PDF are drawn at most VECTOR_RASTER_SIDE pixels on their
# longer side, whatever the page: only the relief is a raster in them, and the page size in inches is
# the same; so their memory does not grow with the size asked.
MAX_SIDE = 16000
MAX_PNG_PIXELS = 8000 * 4500
VECTOR_RASTER_SIDE = 3000


def largest_size(fmt: str, width: int, height: int) -> tuple[int, int]:
    """The largest size of the shape ``width`` : ``height`` that a ``fmt`` export is allowed.

    >>> largest_size("png", 1920, 1080), largest_size("pdf", 1920, 1080)
    ((8000, 4500), (16000, 9000))
    """
    scale = MAX_SIDE / max(width, height)
    if fmt == "png":
        scale = min(scale, math.sqrt(MAX_PNG_PIXELS / (width * height)))
    w, h = int(width * scale), int(height * scale)
    return (w, h) if fmt != "png" or w * h <= MAX_PNG_PIXELS else (w - 1, h - 1)


def render_static(story: Any, view: str, fmt: str, *, journey: str | None = None, width: int = 1920,
                  height: int = 1080, dpi: float = 150.0) -> bytes:
    """The route (all journeys, or one) or the letters drawn as PNG, SVG or PDF, as the file's bytes.

    ``width`` x ``height`` is the size in pixels (for PNG exactly; for SVG and PDF the page is
    ``width / dpi`` x ``height / dpi`` inches). Text stays text in SVG and PDF (fonts embedded as TrueType).
    A PNG larger than memory allows is refused, naming the largest size of its shape (:func:`largest_size`).
    """
    import io

    import matplotlib

    if fmt not in FORMATS:
        raise ExportError(f"format '{fmt}' is not a static map format; choose one of {', '.join(FORMATS)}")
    if not (64 <= width <= MAX_SIDE and 64 <= height <= MAX_SIDE):
        raise ExportError(f"size {width}x{height}: width and height must be between 64 and {MAX_SIDE} pixels")
    if not (20 <= dpi <= 1200):
        raise ExportError(f"dpi {dpi}: must be between 20 and 1200")
    if fmt == "png" and width * height > MAX_PNG_PIXELS:
        w, h = largest_size(fmt, width, height)
        raise ExportError(f"size {width}x{height}: a PNG this large would not fit in memory (it needs some "
                          f"{(0.5e9 + width * height * 32) / 1e9:.1f} GB); the largest of this shape is {w}x{h}, "
                          "or export SVG or PDF, which print at any size")
    # SVG and PDF: the same page in inches, drawn (and its relief rasterised) at a modest pixel size.
    scale = 1.0 if fmt == "png" else min(1.0, VECTOR_RASTER_SIDE / max(width, height))
    draw_w, draw_h, draw_dpi = max(1, round(width * scale)), max(1, round(height * scale)), dpi * scale
    scene = scene_for(story, view, journey)
    rc = {"font.family": FONT, "svg.fonttype": "none", "pdf.fonttype": 42, "ps.fonttype": 42,
          "svg.hashsalt": "geo-story", "path.simplify": True}
    out = io.BytesIO()
    with matplotlib.rc_context(rc):
        fig = draw(scene, width=draw_w, height=draw_h, dpi=draw_dpi)
        meta = {"Title": scene.title}
        if fmt == "png":
            meta = {"Title": scene.title, "Software": "geo-story (matplotlib)"}
        fig.savefig(out, format=fmt, dpi=draw_dpi, metadata=meta)
    return out.getvalue()


def export_static(story: Any, view: str, path: str | Path, *, journey: str | None = None, width: int = 1920,
                  height: int = 1080, dpi: float = 150.0, fmt: str | None = None) -> Path:
    """Draw the route (all journeys, or one) or the letters as PNG, SVG or PDF; return the path written.

    The format is ``fmt``, else the file's suffix; sizes as for :func:`render_static`. The file is
    written atomically: a map that fails midway leaves no half-written file.
    """
    from geo.datafiles import write_atomic

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ExportError(f"{path}: format '{fmt}' is not a static map format; choose one of {', '.join(FORMATS)}")
    data = render_static(story, view, fmt, journey=journey, width=width, height=height, dpi=dpi)
    try:
        write_atomic(path, data)
    except OSError as e:
        raise ExportError(f"{path}: cannot be written ({e.strerror or e})") from None
    return path
