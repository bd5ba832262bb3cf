"""How fast the app answers a step, and how much map it sends: `python bench/app.py`.

Server time is measured through Streamlit's AppTest (the script run, without the browser): the first
run (loading story, texts, geoparse and relief) and each Previous/Next step after it. The map sent to
the browser is what streamlit-folium passes to its component (script, header, html), plus the files
the browser fetches once from /app/static (Leaflet, jQuery, the relief images).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def server_times(steps: int = 10) -> None:
    from streamlit.testing.v1 import AppTest

    t = time.perf_counter()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    first = time.perf_counter() - t
    t = time.perf_counter()
    at.run()
    warm = time.perf_counter() - t
    times = []
    for i in range(steps):
        name = "next_exile-1928" if (i // 4) % 2 == 0 else "prev_exile-1928"
        t = time.perf_counter()
        at.button(key=name).click().run()
        times.append(time.perf_counter() - t)
    print(f"first run (load story, texts, geoparse, relief): {first * 1000:8.0f} ms")
    print(f"rerun, everything cached:                        {warm * 1000:8.0f} ms")
    print(f"Next/Previous step, median of {steps}:             {statistics.median(times) * 1000:8.0f} ms"
          f"  (max {max(times) * 1000:.0f} ms)")


def map_sizes() -> None:
    import copy

    from streamlit_folium import _get_header, _get_html, _get_map_string, _get_feature_group_string

    from geo import maps
    from geo.assets import STATIC_DIR, local_assets, serve_offline
    from geo.story import load_story

    story = load_story()
    for name, build, overlay in [
        ("route map, exile-1928", lambda: maps.route_map(story, "exile-1928"),
         lambda: maps.route_highlight(story, "exile-1928", 2)),
        ("route map, expulsion-1929", lambda: maps.route_map(story, "expulsion-1929"),
         lambda: maps.route_highlight(story, "expulsion-1929", 2)),
        ("letters map", lambda: maps.letters_map(story), lambda: None),
    ]:
        m = serve_offline(build())
        m = copy.deepcopy(m)
        m.get_root().render()
        html, header = _get_html(m), _get_header(m)
        script = _get_map_string(m)
        fg = overlay()
        step = len(_get_feature_group_string(fg, m).encode()) if fg is not None else 0
        total = len(script.encode()) + len(header.encode()) + len(html.encode())
        # streamlit-folium sends these arguments on every rerun; the browser remounts the map only
        # when the script changes (it does not from stop to stop: the highlight is a feature group).
        print(f"{name:28s} sent each rerun: {(total + step) / 1024:5.1f} KB (highlight {step / 1024:.1f} KB)")
    once = sum((STATIC_DIR / a.path).stat().st_size for a in local_assets().values())
    imgs = sorted((STATIC_DIR / "img").glob("*.jpg"))
    print(f"fetched once from /app/static: Leaflet + jQuery {_kb(once)}, relief images "
          f"{', '.join(_kb(p.stat().st_size) for p in imgs)}")


if __name__ == "__main__":
    server_times()
    map_sizes()
