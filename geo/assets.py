"""Where a map's JavaScript, CSS and images come from, decided in one place.

folium declares each element's assets as data (``default_js`` / ``default_css``: CDN URLs). Offline,
a browser that cannot fetch Leaflet shows nothing at all, and streamlit-folium a frame of zero height.
So the map builders of :mod:`geo.maps` build plain ``folium.Map`` objects, and this module rewrites
their declared assets, in two ways:

- :func:`serve_offline` points them at copies the app serves itself (Streamlit static serving:
  ``./static/`` beside ``app.py`` is served at ``/app/static/``), for the app;
- :func:`inline_map` / :func:`inline_assets` put every script, style sheet and image inside one
  HTML file, for exports that must open from a USB stick;
- :func:`notebook_html` does the same for a map shown in Jupyter: the builders return an
  :class:`OfflineMap`, a ``folium.Map`` whose notebook output holds Leaflet and the relief itself,
  so it draws in a notebook with no network (folium's own output loads them from CDNs).

Leaflet comes from ``XStatic-Leaflet`` and jQuery from ``XStatic-jQuery``. Bootstrap, Font Awesome
and awesome-markers are dropped: the builders use ``CircleMarker`` and ``DivIcon``, never
``folium.Icon``. Any other asset (a plugin with no local copy) is refused with an :class:`AssetError`
naming it, rather than silently fetched from the network.

>>> import folium
>>> from geo.assets import inline_map, external_resources
>>> external_resources(inline_map(folium.Map(tiles=None)))
[]
"""
from __future__ import annotations

import base64
import copy
import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import branca.element
import folium
from folium.raster_layers import ImageOverlay

from geo.datafiles import write_atomic
from geo.errors import ExportError

__all__ = ["AssetError", "LocalAsset", "OfflineMap", "ensure_static_files", "external_resources", "inline_assets",
           "inline_map", "local_assets", "notebook_html", "script_json", "serve_offline", "walk"]

ROOT = Path(__file__).resolve().parent.parent
# Beside the script Streamlit runs: app.py of a clone, or the folder `geo-story app` runs it from.
STATIC_DIR = Path(os.environ.get("GEO_STORY_STATIC") or ROOT / "static")
BASE_URL = "/app/static"


class AssetError(ExportError):
    """A map asset (script, style sheet, image) that has no local copy and would need the network."""


def _xstatic_dir(module: str) -> Path:
    import importlib

    try:
        return Path(importlib.import_module(f"xstatic.pkg.{module}").BASE_DIR)
    except ImportError:
        raise AssetError(f"XStatic-{module.capitalize()} is not installed; `pip install XStatic-{module.capitalize()}`") from None


@dataclass(frozen=True)
class LocalAsset:
    """A file we ship for a CDN asset: where it comes from, and its path under the static folder."""

    name: str
    source: Path
    path: str  # relative to the static folder / base URL

    @property
    def kind(self) -> str:
        return "css" if self.path.endswith(".css") else "js"


def local_assets() -> dict[str, LocalAsset]:
    """The assets we serve ourselves, by the name folium gives them in ``default_js``/``default_css``."""
    leaflet = _xstatic_dir("leaflet")
    jquery = _xstatic_dir("jquery")
    return {
        "leaflet": LocalAsset("leaflet", leaflet / "leaflet.js", "leaflet/leaflet.js"),
        "leaflet_css": LocalAsset("leaflet_css", leaflet / "leaflet.css", "leaflet/leaflet.css"),
        "jquery": LocalAsset("jquery", jquery / "jquery.min.js", "jquery/jquery.min.js"),
    }


# Declared by folium.Map for folium.Icon and Bootstrap popups, which our maps do not use.
DROPPED = frozenset({
    "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers", "awesome_markers_css",
    "awesome_markers_font_css", "awesome_rotate_css",
})


def ensure_static_files(static_dir: str | Path = STATIC_DIR) -> Path:
    """Copy Leaflet (with its images) and jQuery into ``static_dir`` if they are not there yet.

    Cheap when up to date (one ``stat`` per file); returns the folder.
    """
    static_dir = Path(static_dir)
    for asset in local_assets().values():
        _copy_if_changed(asset.source, static_dir / asset.path)
    images = _xstatic_dir("leaflet") / "images"
    for img in sorted(images.glob("*.png")):
        _copy_if_changed(img, static_dir / "leaflet" / "images" / img.name)
    return static_dir


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.is_file() and dst.stat().st_size == src.stat().st_size:
        return
    write_atomic(dst, src.read_bytes())


def walk(element: branca.element.Element) -> Iterator[branca.element.Element]:
    """The element and all its descendants, depth first."""
    yield element
    for child in list(element._children.values()):
        yield from walk(child)


def _rewrite(m: folium.Map, url_for: dict[str, str]) -> None:
    """Point every declared asset of the tree at ``url_for[name]``; drop the unused; refuse the unknown."""
    unknown: list[str] = []
    for el in walk(m):
        for attr in ("default_js", "default_css"):
            declared = getattr(el, attr, None)
            if not declared:
                continue
            kept = []
            for name, url in declared:
                if name in DROPPED:
                    continue
                if name in url_for:
                    kept.append((name, url_for[name]))
                elif url.startswith(("http://", "https://", "//")):
                    unknown.append(f"{type(el).__name__}.{attr}: '{name}' from {url}")
                else:
                    kept.append((name, url))
            setattr(el, attr, kept)
    if unknown:
        raise AssetError(
            "these map assets would be fetched from the network; add a local copy in geo/assets.py "
            "or do not use the element", unknown)


def _image_overlays(m: folium.Map) -> Iterator[ImageOverlay]:
    for el in walk(m):
        if isinstance(el, ImageOverlay):
            yield el


def serve_offline(m: folium.Map, base_url: str = BASE_URL, static_dir: str | Path = STATIC_DIR) -> folium.Map:
    """Rewrite the map's assets to files the app serves under ``base_url``; returns the same map.

    Leaflet and jQuery are copied into ``static_dir`` (:func:`ensure_static_files`); images embedded as
    ``data:`` URLs (the relief overlay) are written there once, under a name from their content, so
    that a rerun sends the browser a short URL rather than a megabyte of base64.

    ``base_url`` must be absolute (``/app/static``): inside streamlit-folium the map lives in a
    component iframe, where a relative URL resolves to the component's own folder and fails.
    """
    static_dir = ensure_static_files(static_dir)
    base = base_url.rstrip("/")
    _rewrite(m, {name: f"{base}/{a.path}" for name, a in local_assets().items()})
    for overlay in _image_overlays(m):
        if overlay.url.startswith("data:"):
            overlay.url = f"{base}/{_store_data_url(overlay.url, static_dir)}"
    return m


# (folder, data: URL) -> the stored file's path. The relief's URLs are the same str objects on every
# build (geo.maps caches them), so a lookup costs no hashing of a megabyte: decoding, hashing and
# writing happen once a process, not once a map.
_STORED: dict[tuple[str, str], str] = {}


def _store_data_url(url: str, static_dir: Path) -> str:
    key = (str(static_dir), url)
    rel = _STORED.get(key)
    if rel is not None and (static_dir / rel).is_file():
        return rel
    _STORED[key] = rel = _write_data_url(url, static_dir)
    return rel


def _write_data_url(url: str, static_dir: Path) -> str:
    head, _, payload = url.partition(",")
    mime = head[5:].split(";")[0] or "application/octet-stream"
    data = base64.b64decode(payload) if head.endswith(";base64") else payload.encode()
    ext = mimetypes.guess_extension(mime) or ".bin"
    ext = ".jpg" if ext in (".jpe", ".jpeg") else ext
    rel = f"img/{hashlib.sha256(data).hexdigest()[:20]}{ext}"
    target = static_dir / rel
    if not target.is_file():
        write_atomic(target, data)
    return rel


# ---- one self-contained HTML file

_LOCAL_SCHEME = "geo-asset:"
_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"[^>]*>\s*</script>', re.I)
_CSS_LINK = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*/?>', re.I)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _data_url(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(css: str, folder: Path) -> str:
    def repl(match: re.Match[str]) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "#")):
            return match.group(0)
        target = folder / ref
        if ref.startswith(("http:", "https:", "//")) or not target.is_file():
            raise AssetError(f"style sheet refers to {ref}, which has no local copy")
        return f'url("{_data_url(target)}")'

    return _CSS_URL.sub(repl, css)


def _script_text(js: str) -> str:
    # A literal "</script" inside a script would end the element early.
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.I)


def inline_assets(html: str) -> str:
    """Replace every ``<script src>`` and stylesheet ``<link>`` of our local assets by its content.

    Accepts HTML rendered from a map rewritten by :func:`inline_map` (``geo-asset:`` URLs) or by
    :func:`serve_offline` (``/app/static/...`` URLs). Anything else that would be fetched is refused
    with :class:`AssetError`.
    """
    by_url: dict[str, LocalAsset] = {}
    for a in local_assets().values():
        by_url[_LOCAL_SCHEME + a.name] = a
        by_url[f"{BASE_URL}/{a.path}"] = a

    def script(match: re.Match[str]) -> str:
        a = by_url.get(match.group(1))
        if a is None:
            raise AssetError(f"script {match.group(1)} has no local copy to inline")
        return f"<script>{_script_text(a.source.read_text(encoding='utf-8'))}</script>"

    def link(match: re.Match[str]) -> str:
        a = by_url.get(match.group(1))
        if a is None:
            raise AssetError(f"style sheet {match.group(1)} has no local copy to inline")
        css = _inline_css(a.source.read_text(encoding="utf-8"), a.source.parent)
        return "<style>" + css.replace("</style", "<\\/style") + "</style>"

    html = _SCRIPT_SRC.sub(script, html)
    return _CSS_LINK.sub(link, html)


def inline_map(m: folium.Map) -> str:
    """The map as one self-contained HTML document: no script, style or image fetched from anywhere.

    Tile layers that need the network (OpenStreetMap) are the caller's to leave out; the relief
    overlay stays embedded as a ``data:`` URL.
    """
    _rewrite(m, {name: _LOCAL_SCHEME + name for name in local_assets()})
    for overlay in _image_overlays(m):
        if overlay.url.startswith(BASE_URL + "/"):
            overlay.url = _data_url(STATIC_DIR / overlay.url[len(BASE_URL) + 1:])
    return inline_assets(m.get_root().render())


def script_json(payload: object) -> str:
    r"""JSON to put inside a ``<script>``: ``<``, ``>`` and ``&`` as unicode escapes, so that no string in
    it (a title, a town's name) can close the element or open another.

    >>> script_json({"name": "</script><b>"})
    '{"name":"\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    import json

    raw = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def notebook_html(m: folium.Map, height: int = 520) -> str:
    """The map as Jupyter output: an iframe whose ``srcdoc`` is the whole map, assets inlined.

    The map is copied first, so the object in the notebook keeps its declared assets (it can still be
    served by the app or saved by folium).
    """
    from html import escape

    doc = inline_map(copy.deepcopy(m))
    return (f'<iframe class="geo-story-map" srcdoc="{escape(doc, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:none" allowfullscreen></iframe>')


class OfflineMap(folium.Map):
    """A ``folium.Map`` that shows itself in Jupyter with everything inside its output (:func:`notebook_html`)."""

    def _repr_html_(self, **kwargs: object) -> str:
        return notebook_html(self)


_FETCHED = [
    re.compile(r'<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc\s*=\s*["\']?((?:https?:)?//[^"\'\s>]+)', re.I),
    re.compile(r'<link\b[^>]*\bhref\s*=\s*["\']?((?:https?:)?//[^"\'\s>]+)', re.I),
    re.compile(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)""", re.I),
    re.compile(r"""@import\s+['"]((?:https?:)?//[^'"]+)""", re.I),
    # tile layer templates: "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
    re.compile(r"""['"]((?:https?:)?//[^'"]*\{z\}[^'"]*)['"]"""),
    # an ImageOverlay or fetch of a remote file
    re.compile(r"""L\.imageOverlay\(\s*['"]((?:https?:)?//[^'"]+)"""),
]


def external_resources(html: str) -> list[str]:
    """Every URL in ``html`` that a browser would fetch from another host (empty = works offline).

    Hyperlinks (``<a href>``, such as Leaflet's attribution) are not fetched and not counted.
    """
    found: list[str] = []
    for pattern in _FETCHED:
        found.extend(m.group(1) for m in pattern.finditer(html))
    return list(dict.fromkeys(found))
