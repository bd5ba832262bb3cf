"""Exports for lectures and print: static maps, one-file interactive maps, and the data.

One function a job, each in its module:

- :func:`geo.export.static.export_static`: the route or the letters as PNG, SVG or PDF;
- :func:`geo.export.html.export_html`: the same as ONE self-contained HTML file (Leaflet inlined);
- :func:`geo.export.html.text_map`: a quick map of any text, every place found a marker;
- :mod:`geo.export.data`: GeoJSON, KML, Linked Places, CMIF and CSV.

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

VIEWS = ("route", "letters", "places")
FORMATS = {
    "route": ("png", "svg", "pdf", "html", "geojson", "kml", "csv"),
    "letters": ("png", "svg", "pdf", "html", "geojson", "kml", "cmif", "csv"),
    "places": ("lpf", "geojson", "csv"),
}


def export(story: Any, view: str, fmt: str, path: str | Path, *, journey: str | None = None, width: int = 1920,
           height: int = 1080, dpi: float = 150.0, tiles: bool = False) -> list[Path]:
    """Write one view of the story in one format; return the files written."""
    from geo.export import data

    path = Path(path)
    if view not in FORMATS:
        raise ExportError(f"view '{view}': choose one of {', '.join(VIEWS)}")
    if fmt not in FORMATS[view]:
        raise ExportError(f"format '{fmt}' does not fit the {view} view; choose one of {', '.join(FORMATS[view])}")
    if journey and view != "route":
        raise ExportError("--journey: only the route view has journeys; leave it out")
    if journey and journey not in story.journeys:
        raise ExportError(f"journey '{journey}': not in the story; choose one of: {', '.join(story.journeys)}")
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
