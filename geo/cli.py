"""The command line: thin wrappers over the package's functions.

    python -m geo places FILE... [--format json|table] [--story DIR]
    python -m geo story [--format json|geojson] [--story DIR]
    python -m geo new DIR TEXT... [--title T]
    python -m geo app [--story DIR]
    python -m geo gazetteer import FILE... [--index PATH]

Every command that reads a story takes ``--story DIR`` (a story folder; default: the default story).

Each subcommand is a ``cmd_<name>(args) -> int`` function registered in :func:`build_parser`. Bad
input becomes one clear message on stderr and exit code 1 (2 for bad usage), never a traceback.
"""
from __future__ import annotations

import argparse
import gc
import json
import sys
import unicodedata
import time
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
    from geo.register import load_register
    from geo.storyfolder import story_folder
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
    folder = story_folder(args.story)
    gazetteer = load_gazetteer(args.gazetteer or folder.places_file)
    parser = Geoparser(gazetteer, load_register(folder.register_file), geonames=not args.no_geonames,
                       online=True if args.online else None)
    try:
        catalog = load_catalog(folder.catalog_file)
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
        sys.stdout.write("[\n")
        sys.stdout.write(",\n".join(json_lines(mentions)))
        sys.stdout.write("\n]\n")
    else:
        _print_table(mentions)
    return 0


def json_lines(mentions: list) -> list[str]:
    """Each mention as one line of JSON: ``json.dumps(m.to_dict(), ensure_ascii=False)``, made faster.

    All but a mention's own fields (its text's name, where it stands, what was written) are the same for
    every mention of a name in a text: the place, its names, the confidence, the next-best candidates.
    Their JSON is made once for each distinct set of them (the candidates, dicts that cannot be hashed,
    told apart by identity: the mentions of a name share one tuple of them), and joined to the own fields'
    (JSON strings by the encoder, the offsets printed as JSON prints an int). A third of the time of a
    long text's output, not two thirds.
    """
    import dataclasses
    import operator

    from geo.geoparse import Mention

    names = [f.name for f in dataclasses.fields(Mention)]
    assert names[:4] == ["doc", "start", "end", "text"], "a mention's own fields come first"
    key_of = operator.attrgetter(*(n for n in names[4:] if n != "alternatives"))
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: dumps with an option makes one a call
    tails: dict[tuple, str] = {}
    lines = []
    for m in mentions:
        key = (key_of(m), id(m.alternatives))
        tail = tails.get(key)
        if tail is None:
            fields = m.to_dict()
            for n in names[:4]:
                del fields[n]
            tail = tails[key] = encode(fields)[1:]
        own = f'"doc": {encode(m.doc)}, "start": {m.start:d}, "end": {m.end:d}, "text": {encode(m.text)}'
        lines.append(f"{{{own}, {tail}")
    return lines


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
    rows = [("doc", "offsets", "text", "place", "name of the time", "lat", "lon", "source", "sure")]
    for m in mentions:
        rows.append(tuple(printable(c) for c in (
            Path(m.doc).name if m.doc else "", f"{m.start}-{m.end}", m.text.replace("\n", " "),
            m.place_id, m.name_at_time if m.name_at_time == m.name else f"{m.name_at_time} ({m.name})",
            f"{m.lat:.4f}", f"{m.lon:.4f}", m.source + (" *" if m.note else ""),
            f"{m.score:.2f}" + (" ?" if m.unsure else ""))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for k, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))
    notes = list(dict.fromkeys(f"{m.text.replace(chr(10), ' ')}: {m.note}" for m in mentions if m.note))
    if notes:
        print("\n* " + "\n* ".join(printable(n) for n in notes[:20]) + ("\n* ..." if len(notes) > 20 else ""))
    if any(m.unsure for m in mentions):
        print("\n? unsure: a namesake chosen by a narrow margin, or a place put by its name alone; "
              "--format json gives each mention's next-best candidates")
    print(f"\n{len(mentions)} mentions of {len({m.place_id for m in mentions})} places")


# ---- story


def cmd_story(args: argparse.Namespace) -> int:
    from geo.gazetteer import load_gazetteer
    from geo.story import load_story, story_to_dict
    from geo.storyfolder import story_folder

    gazetteer = load_gazetteer(args.gazetteer, geonames_check=False) if args.gazetteer else None
    path = Path(args.story)
    # A story file of its own (an older habit, and handy for trying an edit) or a story folder.
    is_file = path.suffix in (".yaml", ".yml") and path.name != "story.yaml"
    story = load_story(path if is_file else story_folder(path), gazetteer=gazetteer)
    if args.format == "geojson":
        from geo.routes import story_geojson

        doc = story_geojson(story)
    else:
        doc = story_to_dict(story)
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1 if args.format == "json" else None)
    sys.stdout.write("\n")
    return 0


# ---- new


def cmd_new(args: argparse.Namespace) -> int:
    from geo.draft import draft_story
    from geo.story import open_story

    out = Path(args.dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise GeoError(f"{out}: is already there and not empty; give a new folder for the story")
    t0 = time.perf_counter()
    draft = draft_story(args.texts, args.title)
    if out.is_dir():
        out.rmdir()  # an empty folder the user made for it: the save puts the story in its place
    draft.save(out)
    story = open_story(out)  # the draft must load as any story does; if not, that is our bug, said clearly
    took = time.perf_counter() - t0
    n = sum(len(ms) for ms in draft.mentions.values())
    print(f"{out}: a story of {len(draft.texts)} text(s), {n} mention(s) of {len(draft.places['features'])} "
          f"place(s), {sum(len(j.stops) for j in story.journeys.values())} stop(s)  {took:.1f} s")
    for j in story.journeys.values():
        print(f"  journey {j.id}: " + " → ".join(story.gazetteer[s.place_id].title for s in j.stops))
    for note in draft.notes:
        print(f"  note: {note}")
    if draft.unsure:
        from geo.draft import _confidence

        print(f"\nUnsure ({len({(m.doc, m.text, m.place_id) for m in draft.unsure})}); check these first:")
        seen = set()
        for m in draft.unsure:
            key = (m.doc, m.text, m.place_id)
            if key in seen:
                continue
            seen.add(key)
            print(f"  {m.doc} {m.start}-{m.end}  {m.text!r} -> {m.name} ({m.lat:.2f}, {m.lon:.2f}), "
                  f"{m.source}, confidence {_confidence(m):.2f}")
    print(f"\nOpen it: geo-story app --story {out}")
    return 0


# ---- app


def cmd_app(args: argparse.Namespace) -> int:
    import os
    import subprocess

    from geo.app import write_launcher
    from geo.cache import cache_dir
    from geo.storyfolder import story_folder

    folder = story_folder(args.story).root if args.story else None
    # Streamlit serves static files (Leaflet) only from beside the script it runs, and reads
    # .streamlit/config.toml only from where it starts: so a folder of our own, and the settings here.
    from geo.assets import ensure_static_files

    home = cache_dir() / "app"
    script = write_launcher(home)
    ensure_static_files(home / "static")
    env = {**os.environ, "GEO_STORY_STATIC": str(home / "static")}
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.enableStaticServing", "true",
           "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer", "--theme.base", "light",
           "--server.runOnSave", "false", "--server.port", str(args.port)]
    if args.headless:
        cmd += ["--server.headless", "true"]
    if args.address:
        cmd += ["--server.address", args.address]
    if folder:
        cmd += ["--", "--story", str(folder)]
    if os.name == "posix":
        # Become Streamlit rather than wait for it: a signal to `geo-story app` then reaches the server
        # itself, and stopping the command never leaves a server running behind it.
        os.chdir(home)
        os.execve(sys.executable, cmd, env)
    try:
        return subprocess.call(cmd, cwd=home, env=env)
    except KeyboardInterrupt:
        return 130


# ---- gazetteer


def cmd_gazetteer_import(args: argparse.Namespace) -> int:
    from geo.geonames import default_index_path, import_dump

    report = import_dump(args.files, args.index)
    print(f"{args.index or default_index_path()}: {report.features:,} features and {report.names:,} names "
          f"read from {len(report.files)} file(s)" + (f"; {report.skipped:,} lines not read" if report.skipped else ""))
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



def story_argument(p: argparse.ArgumentParser) -> None:
    """``--story DIR``: the story folder a command reads (default: the default story)."""
    from geo.storyfolder import DEFAULT_STORY_DIR

    p.add_argument("--story", default=str(DEFAULT_STORY_DIR), metavar="DIR",
                   help="a story folder (story.yaml, texts/catalog.yaml, places.geojson); default: the default story")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=Path(sys.argv[0]).name if Path(sys.argv[0]).name == "geo-story"
                                     else "python -m geo", description="Places in texts, told as stories on maps.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("places", help="find every place the texts name")
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.add_argument("--gazetteer", help="a Linked Places GeoJSON file instead of the story's places")
    p.add_argument("--date", type=date_argument,
                   help="the date the texts tell of (YYYY[-MM[-DD]]), for the names of the time")
    p.add_argument("--no-geonames", action="store_true", help="the curated gazetteer only, no GeoNames fallback")
    p.add_argument("--online", action="store_true",
                   help="also ask Nominatim (or GeoNames' web service, with GEONAMES_USERNAME) for names nothing "
                        "offline knows; at most one request a second, answers cached (also: GEO_STORY_ONLINE=1)")
    story_argument(p)
    p.set_defaults(func=cmd_places)

    p = sub.add_parser("story", help="the story (journeys, letters, persons) resolved, as JSON or GeoJSON")
    p.add_argument("--format", choices=["json", "geojson"], default="json",
                   help="json: the resolved story; geojson: legs, stops and letters as a FeatureCollection")
    story_argument(p)
    p.add_argument("--gazetteer", help="a Linked Places GeoJSON file instead of the story's places")
    p.set_defaults(func=cmd_story)

    p = sub.add_parser("gazetteer", help="the offline index of place names")
    actions = p.add_subparsers(dest="action", required=True)
    p = actions.add_parser("import", help="read GeoNames dump files (allCountries.txt, KZ.txt, cities1000.txt, "
                                          "alternateNamesV2.txt; zipped or not) into the offline index")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--index", help="the index file (default: the one in the cache folder)")
    p.set_defaults(func=cmd_gazetteer_import)

    from geo.export.commands import add_commands  # export, map: see geo/export/commands.py

    add_commands(sub)

    p = sub.add_parser("new", help="draft a story folder from texts: places, a journey through them, quotations",
                       description="Copy the texts into a new story folder, find the places they name, and draft "
                                   "story.yaml: one journey whose stops are the places in the order first named, "
                                   "each quoting its sentence, dated where the sentence says. Unsure places are "
                                   "listed at the end.")
    p.add_argument("dir", metavar="DIR", help="the story folder to make (new, or empty)")
    p.add_argument("texts", nargs="+", metavar="TEXT", help="UTF-8 text files")
    p.add_argument("--title", help="the story's title (default: from the first file's name)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("app", help="start the app (Streamlit) on a story", description="Start the app in a browser.")
    story_argument(p)
    p.add_argument("--port", type=int, default=8501, help="the port (default 8501)")
    p.add_argument("--address", help="the address to listen on (default: Streamlit's)")
    p.add_argument("--headless", action="store_true", help="do not open a browser")
    p.set_defaults(func=cmd_app)

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    # A command makes its objects (a text's mentions, a story) to keep them to its end: at the default
    # threshold the garbage collector would walk them again and again, a tenth of `places` on a long text.
    # A higher one, as mypy sets for the same reason, while the command runs.
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        return func(args)
    except GeoError as e:
        print(f"geo {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        gc.set_threshold(*threshold)


if __name__ == "__main__":
    sys.exit(main())
