"""Time and size of each export: python bench/export.py [OUT_DIR]

Prints one line an export, as a lecturer would make them: a slide image, a print PDF, a one-file
interactive map of the route and of the letters, the map of a text, the data, and the handout.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.export import export  # noqa: E402
from geo.export.html import text_map  # noqa: E402
from geo.story import load_story  # noqa: E402
from geo.texts import TEXTS_DIR  # noqa: E402

JOBS = [
    ("route", "png", "route.png", {}),
    ("route", "svg", "route.svg", {}),
    ("route", "pdf", "route.pdf", {}),
    ("route", "png", "exile-1928.png", {"journey": "exile-1928"}),
    ("route", "html", "route.html", {}),
    ("letters", "png", "letters.png", {}),
    ("letters", "pdf", "letters.pdf", {}),
    ("letters", "html", "letters.html", {}),
    ("route", "geojson", "route.geojson", {}),
    ("route", "kml", "route.kml", {}),
    ("letters", "cmif", "letters-cmif.xml", {}),
    ("places", "lpf", "places.json", {}),
    ("letters", "csv", "letters.csv", {}),
    ("handout", "pdf", "handout-a4.pdf", {}),
    ("handout", "pdf", "handout-letter.pdf", {"paper": "letter"}),
]


def _size(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="geo-export-"))
    t0 = time.perf_counter()
    story = load_story()
    print(f"load story: {time.perf_counter() - t0:.2f} s   (files in {out})")
    print(f"{'view':16} {'format':8} {'file':20} {'seconds':>8} {'size':>10}")
    for view, fmt, name, opts in JOBS:
        t = time.perf_counter()
        paths = export(story, view, fmt, out / name, **opts)
        took = time.perf_counter() - t
        print(f"{view + ''.join('/' + str(v) for v in opts.values()):16} {fmt:8} {name:20} {took:8.2f} "
              f"{_size(sum(p.stat().st_size for p in paths)):>10}")
    t = time.perf_counter()
    path = text_map(sorted(TEXTS_DIR.glob("*.txt")), out / "texts.html")
    print(f"{'texts':16} {'html':8} {path.name:20} {time.perf_counter() - t:8.2f} {_size(path.stat().st_size):>10}")


if __name__ == "__main__":
    main()
