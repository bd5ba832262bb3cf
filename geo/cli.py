"""The command line: thin wrappers over the package's functions.

    python -m geo places FILE... [--format json|table]
    python -m geo story [--format json|geojson] [--story FILE]

Each subcommand is a ``cmd_<name>(args) -> int`` function registered in :func:`build_parser`. Bad
input becomes one clear message on stderr and exit code 1 (2 for bad usage), never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Callable

from geo.errors import GeoError


def _progress(items: list, desc: str):
    """A progress bar on a terminal for more than one item; silent in pipes and tests."""
    if len(items) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(items, desc=desc, unit="file", file=sys.stderr)
    return items


# ---- places


def cmd_places(args: argparse.Namespace) -> int:
    from geo.gazetteer import load_gazetteer
    from geo.geoparse import Geoparser
    from geo.texts import load_catalog, read_text, text_for_path

    texts, problems = {}, []
    for f in args.files:
        try:
            texts[f] = read_text(f)
        except GeoError as e:
            problems.append(str(e))
    if problems:
        for p in problems:
            print("geo places: " + "\n".join(map(printable, p.split("\n"))), file=sys.stderr)
        return 1
    gazetteer = load_gazetteer(args.gazetteer) if args.gazetteer else None
    parser = Geoparser(gazetteer, geonames=not args.no_geonames)
    try:
        catalog = load_catalog()
    except GeoError as e:  # a user's own text needs no catalog: go on without the story's dates
        print(f"geo places: warning: {e.message}; names of the time are not chosen by the catalog", file=sys.stderr)
        catalog = {}
    mentions = []
    for f in _progress(list(texts), "geoparsing"):
        date = args.date
        if date is None:
            entry = text_for_path(f, catalog)
            date = entry.story_date if entry else None
        mentions.extend(parser.find(texts[f], doc=f, date=date))
    if args.format == "json":
        # One mention a line: readable, and the C encoder does the work (indent= would not use it).
        sys.stdout.write("[\n" + ",\n".join(json.dumps(m.to_dict(), ensure_ascii=False) for m in mentions)
                         + "\n]\n")
    else:
        _print_table(mentions)
    return 0


def printable(value: str) -> str:
    r"""``value`` for a terminal: control and format characters (ESC, BEL, RLO, a lone surrogate from a
    file name that is not UTF-8) escaped as ``\x1b``, so that a file name cannot move the cursor,
    recolour the screen or reverse the text that follows.

    >>> print(printable("a\x1b[2Jb\u202e.txt"))
    a\x1b[2Jb\u202e.txt
    """
    return "".join(c if unicodedata.category(c) not in _UNPRINTABLE else
                   (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}") for c in value)


_UNPRINTABLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _print_table(mentions: list) -> None:
    rows = [("doc", "offsets", "text", "place", "name of the time", "lat", "lon", "source")]
    for m in mentions:
        rows.append(tuple(printable(c) for c in (
            Path(m.doc).name if m.doc else "", f"{m.start}-{m.end}", m.text.replace("\n", " "),
            m.place_id, m.name_at_time if m.name_at_time == m.name else f"{m.name_at_time} ({m.name})",
            f"{m.lat:.4f}", f"{m.lon:.4f}", m.source + (" *" if m.note else ""))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for k, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))
    if any(m.note for m in mentions):
        print("\n* read through a scanning slip (e.g. 'Uraisk' for Uralsk)")
    print(f"\n{len(mentions)} mentions of {len({m.place_id for m in mentions})} places")


# ---- story


def cmd_story(args: argparse.Namespace) -> int:
    from geo.gazetteer import load_gazetteer
    from geo.story import STORY_PATH, load_story, story_to_dict

    gazetteer = load_gazetteer(args.gazetteer, geonames_check=False) if args.gazetteer else None
    story = load_story(args.story or STORY_PATH, gazetteer=gazetteer)
    if args.format == "geojson":
        from geo.routes import story_geojson

        doc = story_geojson(story)
    else:
        doc = story_to_dict(story)
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1 if args.format == "json" else None)
    sys.stdout.write("\n")
    return 0


# ---- the parser


def date_argument(value: str) -> str:
    """An argparse type: a date as YYYY, YYYY-MM or YYYY-MM-DD, refused clearly otherwise."""
    from geo.texts import parse_date

    try:
        parse_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date: give YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value



def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Places in texts, told as stories on maps.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("places", help="find every place the texts name")
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.add_argument("--gazetteer", help="a Linked Places GeoJSON file instead of data/places.geojson")
    p.add_argument("--date", type=date_argument,
                   help="the date the texts tell of (YYYY[-MM[-DD]]), for the names of the time")
    p.add_argument("--no-geonames", action="store_true", help="the curated gazetteer only, no GeoNames fallback")
    p.set_defaults(func=cmd_places)

    p = sub.add_parser("story", help="the story (journeys, letters, persons) resolved, as JSON or GeoJSON")
    p.add_argument("--format", choices=["json", "geojson"], default="json",
                   help="json: the resolved story; geojson: legs, stops and letters as a FeatureCollection")
    p.add_argument("--story", help="a story file instead of data/story.yaml")
    p.add_argument("--gazetteer", help="a Linked Places GeoJSON file instead of data/places.geojson")
    p.set_defaults(func=cmd_story)

    from geo.export.commands import add_commands  # export, map: see geo/export/commands.py

    add_commands(sub)

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except GeoError as e:
        print(f"geo {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
