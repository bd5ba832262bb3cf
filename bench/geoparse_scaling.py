"""Geoparsing time as texts grow in distinct names and in adversarial runs: it must grow linearly.

    python bench/geoparse_scaling.py

Prints the time to geoparse a list of N distinct towns (N = 500, 1,000, 2,000, 4,000: a gazetteer, an
index or a station list, where every name's namesakes are weighed against every other place) and
runs of 0.25, 0.5 and 1 MB made to be hard (``"A-" * n``: one hyphenated "word" of function words;
``"A " * n``: a run of capitalised function words; ``"Xy Zw "``: a run of capitalised non-names).
Each time is also given per unit, which stays flat when cost grows with the work.
"""
from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def towns(n: int, gn) -> list[str]:
    """``n`` distinct town names of GeoNames, the most populous first (real namesakes included)."""
    db = sqlite3.connect(f"file:{gn.path}?mode=ro", uri=True)
    names, seen = [], set()
    for (name,) in db.execute("SELECT name FROM feature WHERE fclass = 'P' AND name GLOB '[A-Z][a-z]*' "
                              "ORDER BY population DESC"):
        if name not in seen and " " not in name:
            seen.add(name)
            names.append(name)
            if len(names) == n:
                break
    return names


def timed(parser, text: str) -> tuple[float, int]:
    t = time.perf_counter()
    n = len(parser.find(text))
    return time.perf_counter() - t, n


def main() -> None:
    from geo.geoparse import Geoparser

    parser = Geoparser()
    parser.find("Moscow")
    all_towns = towns(4000, parser.geonames)
    print(f"{'text':<36} {'size':>9} {'mentions':>8} {'time s':>7} {'per unit':>12}")
    for n in (500, 1000, 2000, 4000):
        text = "Stations: " + ", ".join(all_towns[:n]) + "."
        parser = Geoparser()  # a fresh parser: nothing cached from the smaller list
        s, found = timed(parser, text)
        print(f"{f'{n:,} distinct towns':<36} {len(text):>9,} {found:>8} {s:>7.2f} {s / n * 1e3:>9.3f} ms/town")
    for unit, label in (("A-", '"A-" * n'), ("A ", '"A " * n'), ("Xy Zw ", '"Xy Zw " * n')):
        for mb in (0.25, 0.5, 1.0):
            text = unit * int(mb * 1e6 / len(unit))
            s, found = timed(parser, text)
            print(f"{f'{label}, {mb} MB':<36} {len(text):>9,} {found:>8} {s:>7.2f} {s / mb:>9.2f} s/MB")


if __name__ == "__main__":
    main()
