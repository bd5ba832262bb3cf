"""Exports for lectures and print: static maps, one-file interactive maps, and the data.

One function a job, each in its module:

- :func:`geo.export.static.export_static`: the route or the letters as PNG, SVG or PDF;
- :func:`geo.export.html.export_html`: the same as ONE self-contained HTML file (Leaflet inlined);
- :func:`geo.export.html.text_map`: a quick map of any text, every place found a marker;
- :mod:`geo.export.data`: GeoJSON, KML, Linked Places, CMIF and CSV;
- :func:`geo.export.handout.export_handout`: a handout to print (PDF, A4 or Letter).

:func:`export` picks the right one from a view and a format, as ``python -m geo export`` does.

>>> from geo.story import load_story
>>> from geo.export import export
>>> export(load_story(), "route", "pdf", "route.pdf")        # doctest: +SKIP
[PosixPath('route.pdf')]
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.errors import ExportError

VIEWS = ("route", "letters", "places", "handout")
FORMATS = {
    "route": ("png", "svg", "pdf", "html", "geojson", "kml", "csv"),
    "letters": ("png", "svg", "pdf", "html", "geojson", "kml", "cmif", "csv"),
    "places": ("lpf", "geojson", "csv"),
    "handout": ("pdf",),
}
PAPERS = ("a4", "letter")


def select_journeys(story: Any, journey: str | None = None) -> list[Any]:
    """The journeys a route export shows: all of them, or the one named.

    Every export of the route asks here, so a story with no journeys, or a journey it does not hold,
    is refused the same way whatever the format.

    >>> from geo.story import load_story
    >>> [j.id for j in select_journeys(load_story(), "exile-1928")]
    ['exile-1928']
    """
    if not story.journeys:
        raise ExportError("the story has no journeys: there is no route to export")
    if journey is None:
        return list(story.journeys.values())
    if journey not in story.journeys:
        raise ExportError(f"journey '{journey}': not in the story; choose one of: {', '.join(story.journeys)}")
    return [story.journeys[journey]]


def export(story: Any, view: str, fmt: str, path: str | Path, *, journey: str | None = None, width: int = 1920,
           height: int = 1080, dpi: float = 150.0, tiles: bool = False, paper: str = "a4") -> list[Path]:
    """Write one view of the story in one format; return the files written.

    The ``handout`` is a PDF to print on ``paper`` (a4 or letter): the route map, each stop with its date,
    excerpts and sources, the letters with their fates, the credits (:mod:`geo.export.handout`).
    """
    from geo.export import data

    path = Path(path)
    if view not in FORMATS:
        raise ExportError(f"view '{view}': choose one of {', '.join(VIEWS)}")
    if fmt not in FORMATS[view]:
        raise ExportError(f"format '{fmt}' does not fit the {view} view; choose one of {', '.join(FORMATS[view])}")
    if journey and view not in ("route", "handout"):
        raise ExportError("--journey: only the route view and the handout have journeys; leave it out")
    if view == "handout":
        from geo.export.handout import export_handout

        return [export_handout(story, path, paper=paper, journey=journey)]
    if fmt in ("png", "svg", "pdf"):
        from geo.export.static import export_static

        return [export_static(story, view, path, journey=journey, width=width, height=height, dpi=dpi, fmt=fmt)]
    if fmt == "html":
        from geo.export.html import export_html

        return [export_html(story, view, path, journey=journey, tiles=tiles)]
    if fmt == "geojson" and view == "route":
        doc = data.story_geojson(story, journey)
        if journey is None:
            doc = {**doc, "features": [f for f in doc["features"] if f["properties"].get("kind") != "letter"]}
        return [data.write_json(path, doc)]
    if fmt == "geojson" and view == "letters":
        return [data.write_json(path, data.letters_geojson(story))]
    if fmt == "kml":
        if view == "route":
            return [data.write_text(path, data.story_kml(story, journey, letters=False))]
        return [data.write_text(path, data.story_kml(story, letters=True))]
    if fmt == "cmif":
        return [data.write_text(path, data.letters_cmif(story))]
    if fmt in ("lpf", "geojson"):
        return [data.write_json(path, data.places_lpf(story.gazetteer))]
    # csv
    if view == "route":
        stops = path.with_name(f"{path.stem}-stops{path.suffix or '.csv'}")
        return [data.write_text(path, data.csv_table(story, "legs", journey)),
                data.write_text(stops, data.csv_table(story, "stops", journey))]
    return [data.write_text(path, data.csv_table(story, view))]
