"""Time, size and peak memory of the exports: python bench/export.py [OUT_DIR] [--memory-only]

Prints one line an export, as a lecturer would make them: a slide image, a print PDF, a one-file
interactive map of the route and of the letters, the map of a text, the data, and the handout. Then the
peak memory (maximum resident set, each in a fresh process) of the static maps at 1920x1080, 3840x2160
and the largest size allowed, beside that of a process that only loads the story.
"""
from __future__ import annotations

import json
import subprocess
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


# Run in a fresh process: the peak resident set of a process is that of its largest moment.
_PEAK = """
import json, resource, sys, time
from geo.story import load_story
story = load_story()
t = time.perf_counter()
fmt, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if fmt != "none":
    from geo.export.static import export_static
    export_static(story, "route", sys.argv[4], width=w, height=h, dpi=150, fmt=fmt)
print(json.dumps({"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "seconds": time.perf_counter() - t}))
"""


def peak(fmt: str, width: int, height: int, out: Path) -> tuple[float, float]:
    """(peak resident memory in MB, seconds) of one static export in a fresh process."""
    root = Path(__file__).resolve().parent.parent
    p = subprocess.run([sys.executable, "-c", _PEAK, fmt, str(width), str(height), str(out)],
                       capture_output=True, text=True, cwd=root, check=True)
    r = json.loads(p.stdout.strip().splitlines()[-1])
    return r["peak_kb"] / 1024, r["seconds"]


def memory(out: Path) -> None:
    from geo.export.static import largest_size

    base, _ = peak("none", 0, 0, out / "none")
    print(f"\npeak memory of a static route map, each in a fresh process (loading the story alone: {base:.0f} MB)")
    print(f"{'format':8} {'size':>12} {'peak MB':>8} {'seconds':>8} {'file':>10}")
    for fmt in ("png", "svg", "pdf"):
        sizes = [(1920, 1080), (3840, 2160), largest_size(fmt, 16, 9)]
        for w, h in sizes:
            path = out / f"peak-{w}x{h}.{fmt}"
            mb, took = peak(fmt, w, h, path)
            print(f"{fmt:8} {f'{w}x{h}':>12} {mb:8.0f} {took:8.2f} {_size(path.stat().st_size):>10}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="geo-export-"))
    out.mkdir(parents=True, exist_ok=True)
    if "--memory-only" in sys.argv:
        memory(out)
        return
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
    memory(out)


if __name__ == "__main__":
    main()
