"""The ``export`` and ``map`` commands of ``python -m geo``: argument parsing only, over :mod:`geo.export`.

    python -m geo export VIEW --format FMT --out PATH [--journey ID] [--width W --height H --dpi D] [--tiles] [--story DIR]
    python -m geo export handout --format pdf --out PATH [--paper a4|letter] [--journey ID] [--story DIR]
    python -m geo map TEXT... --out FILE.html [--date YYYY] [--tiles] [--story DIR]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from geo.errors import ExportError

_SUFFIX = {"lpf": ".json", "cmif": ".xml"}


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def cmd_export(args: argparse.Namespace) -> int:
    from geo.export import FORMATS, export
    from geo.story import load_story
    from geo.storyfolder import story_folder

    fmt = args.format
    if fmt is None:
        suffix = Path(args.out).suffix.lstrip(".").lower()
        fmt = {"json": "geojson", "xml": "cmif"}.get(suffix, suffix)
    if args.view in FORMATS and fmt not in FORMATS[args.view]:
        raise ExportError(f"format '{fmt}' does not fit the {args.view} view; "
                          f"choose one of {', '.join(FORMATS[args.view])}")
    t0 = time.perf_counter()
    paths = export(load_story(story_folder(args.story)), args.view, fmt, args.out, journey=args.journey,
                   width=args.width, height=args.height, dpi=args.dpi, tiles=args.tiles, paper=args.paper)
    took = time.perf_counter() - t0
    for p in paths:
        print(f"{p}  {fmt}  {_size(p)}  {took:.1f} s")
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from geo.export.html import text_map

    out = Path(args.out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise ExportError(f"{out}: the map is one HTML file; give --out a name ending in .html")
    from geo.gazetteer import load_gazetteer
    from geo.storyfolder import story_folder

    gazetteer = load_gazetteer(args.gazetteer or story_folder(args.story).places_file)
    t0 = time.perf_counter()
    path = text_map(args.files, out, gazetteer=gazetteer, date=args.date, tiles=args.tiles)
    print(f"{path}  html  {_size(path)}  {time.perf_counter() - t0:.1f} s")
    return 0


def _positive(kind: type) -> object:
    def parse(value: str) -> object:
        try:
            v = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' is not a number") from None
        if v <= 0:
            raise argparse.ArgumentTypeError(f"'{value}' must be above zero")
        return v
    return parse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``export`` and ``map`` on the subparsers of the main command line."""
    from geo.cli import date_argument, story_argument
    from geo.export import FORMATS, PAPERS

    formats = sorted({f for fs in FORMATS.values() for f in fs})
    p = sub.add_parser("export", help="export a map (png, svg, pdf, html) or the data (geojson, kml, cmif, lpf, csv)",
                       description="Export the route (all journeys, or one) or the letters as a static map for "
                                   "slides and print, a one-file interactive map, or data for other tools.")
    p.add_argument("view", choices=list(FORMATS),
                   help="route, letters, places (the gazetteer), or handout (a PDF to print)")
    p.add_argument("--format", "-f", choices=formats, help="the format (default: from the suffix of --out)")
    p.add_argument("--out", "-o", required=True, help="the file to write")
    p.add_argument("--journey", help="one journey of the route (its id in story.yaml); default all")
    p.add_argument("--width", type=_positive(int), default=1920, help="pixels (default 1920)")
    p.add_argument("--height", type=_positive(int), default=1080, help="pixels (default 1080: 16:9)")
    p.add_argument("--dpi", type=_positive(float), default=150.0,
                   help="dots per inch (default 150); the page of an SVG or PDF is width/dpi x height/dpi inches")
    p.add_argument("--tiles", action="store_true",
                   help="html: add OpenStreetMap as an optional layer (needs a network; off by default)")
    p.add_argument("--paper", choices=PAPERS, default="a4",
                   help="handout: the paper to print on (default a4)")
    story_argument(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("map", help="a one-file interactive map of every place found in texts")
    p.add_argument("files", nargs="+", metavar="TEXT", help="UTF-8 text files")
    p.add_argument("--out", "-o", required=True, help="the HTML file to write")
    p.add_argument("--date", type=date_argument, help="the date the texts tell of (YYYY[-MM[-DD]]), for the names of the time")
    p.add_argument("--gazetteer", help="a Linked Places GeoJSON file instead of the story's places")
    p.add_argument("--tiles", action="store_true", help="add OpenStreetMap as an optional layer (needs a network)")
    story_argument(p)
    p.set_defaults(func=cmd_map)
