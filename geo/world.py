"""The world layer shipped with the package: what no shipped GeoNames file holds and history texts name.

Seas, straits, gulfs and bays, large lakes, great rivers, mountain ranges and passes, deserts,
islands and archipelagos, capes, historic regions and empires: ``geo/data/world.geojson``, in the
Linked Places format of ``data/places.geojson``. Each point says its certainty and where it comes
from (Natural Earth, public domain, or placed by hand; see ``tools/make_world_layer.py``). The
offline index (:mod:`geo.geonames`) takes it in when it is built, so the geoparser looks it up like
any other source.

>>> from geo.world import load_world
>>> bosporus = next(f for f, names in load_world() if f.name == "Bosporus")
>>> bosporus.ref, bosporus.feature_class, round(bosporus.lat)
('world:w-bosporus', 'H', 41)
"""
from __future__ import annotations

import json
from pathlib import Path

from geo.geonames import Feature

__all__ = ["WORLD_PATH", "load_world"]

WORLD_PATH = Path(__file__).resolve().parent / "data" / "world.geojson"


def load_world(path: Path = WORLD_PATH) -> list[tuple[Feature, list[str]]]:
    """Every feature of the world layer, with all its names."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in doc["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        citation = (f["geometry"].get("citations") or [{}])[0].get("label", "")
        kind = (f.get("types") or [{}])[0].get("label", "")
        feature = Feature(f"world:{f['@id']}", p["title"], float(lat), float(lon), (p.get("ccodes") or [""])[0], 0,
                          "", (p.get("fclasses") or ["L"])[0], kind, "world", citation)
        out.append((feature, [n["toponym"] for n in f.get("names", [])]))
    return out
