"""Map assets: served by the app itself, or inlined into one file; never fetched from a CDN."""
from __future__ import annotations

import base64
import re

import folium
import pytest

from geo.assets import AssetError, external_resources, inline_map, serve_offline
from geo.basemap import mercator_overlay, relief_image

# Any URL a browser would fetch from another host: script/img src, stylesheet href, CSS url(), tiles.
# (A hyperlink, <a href>, such as Leaflet's attribution, is not fetched.)
EXTERNAL = re.compile(r"""<(?!a\b)[a-zA-Z]+[^<>]*\s(?:src|href)\s*=\s*["']?(?:https?:)?//"""
                      r"""|url\(\s*["']?(?:https?:)?//|//[^"'\s]*\{z\}""", re.I)


def small_map(tiles: str | None = None) -> folium.Map:
    m = folium.Map(location=[43.25, 76.95], zoom_start=5, tiles=tiles)
    folium.CircleMarker([43.25, 76.95], radius=6, tooltip="Alma-Ata").add_to(m)
    folium.PolyLine([[55.75, 37.62], [43.25, 76.95]]).add_to(m)
    folium.LayerControl().add_to(m)
    return m


def test_serve_offline_points_every_asset_at_the_app(tmp_path):
    m = serve_offline(small_map(), base_url="/app/static", static_dir=tmp_path)
    html = m.get_root().render()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == ["/app/static/leaflet/leaflet.js", "/app/static/jquery/jquery.min.js"]
    assert sheets == ["/app/static/leaflet/leaflet.css"]
    assert "bootstrap" not in html and "fontawesome" not in html
    for rel in ("leaflet/leaflet.js", "leaflet/leaflet.css", "jquery/jquery.min.js", "leaflet/images/layers.png"):
        assert (tmp_path / rel).is_file(), rel
    assert "L.version" in (tmp_path / "leaflet/leaflet.js").read_text() or "1.9.3" in (tmp_path / "leaflet/leaflet.js").read_text()


def test_serve_offline_writes_embedded_images_as_files(tmp_path):
    m = small_map()
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n fake").decode()
    folium.raster_layers.ImageOverlay(f"data:image/png;base64,{png}", bounds=[[40, 70], [45, 80]]).add_to(m)
    html = serve_offline(m, static_dir=tmp_path).get_root().render()
    url = re.search(r'L\.imageOverlay\(\s*"([^"]+)"', html).group(1)
    assert url.startswith("/app/static/img/") and url.endswith(".png")
    assert (tmp_path / url.removeprefix("/app/static/")).read_bytes().startswith(b"\x89PNG")


def test_inline_map_is_one_file_with_no_external_url():
    m = small_map()
    jpeg, ((s, w), (n, e)) = mercator_overlay((60.0, 38.0, 80.0, 48.0), width=256)
    folium.raster_layers.ImageOverlay("data:image/jpeg;base64," + base64.b64encode(jpeg).decode(),
                                      bounds=[[s, w], [n, e]]).add_to(m)
    html = inline_map(m)
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert external_resources(html) == []
    assert "<script src" not in html and 'rel="stylesheet"' not in html
    assert "L.map(" in html and "leaflet-container" in html  # Leaflet's code and its CSS are inside
    assert "data:image/png;base64" in html  # the control's layers.png, from leaflet.css


def test_external_resources_finds_tiles_and_cdn_links():
    html = small_map(tiles="OpenStreetMap").get_root().render()
    found = external_resources(html)
    assert any("{z}" in u for u in found)
    assert any("cdn.jsdelivr.net" in u for u in found)
    assert EXTERNAL.search(html)


def test_an_asset_with_no_local_copy_is_refused(tmp_path):
    m = small_map()
    el = folium.CircleMarker([40, 70])
    el.default_js = [("mystery", "https://cdn.example.org/mystery.js")]
    el.add_to(m)
    with pytest.raises(AssetError, match="mystery"):
        serve_offline(m, static_dir=tmp_path)


def test_relief_crop_has_its_exact_extent():
    im, (w, s, e, n) = relief_image((70.25, 40.0, 80.0, 45.0))
    assert (w, s, e, n) == pytest.approx((70.233333, 40.0, 80.0, 45.0), abs=1e-5)  # widened to whole pixels
    assert im.size == (round((e - w) * 30), round((n - s) * 30))
    small, extent = relief_image((0.0, 0.0, 90.0, 45.0), max_width=500)
    assert small.width == 500 and extent == (0.0, 0.0, 90.0, 45.0)


def test_mercator_overlay_is_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_STORY_CACHE", str(tmp_path))
    mercator_overlay.cache_clear()
    jpeg, ((s, w), (n, e)) = mercator_overlay((20.0, 30.0, 90.0, 65.0), width=400)
    assert jpeg[:2] == b"\xff\xd8"
    assert (s, w, n, e) == (30.0, 20.0, 65.0, 90.0)
    assert len(list((tmp_path / "relief").glob("*.jpg"))) == 1
    mercator_overlay.cache_clear()
    assert mercator_overlay((20.0, 30.0, 90.0, 65.0), width=400)[0] == jpeg


def test_mercator_rows_line_up():
    """A feature at a known latitude lands on the overlay row Web Mercator puts it on."""
    import io
    import math

    import numpy as np
    from PIL import Image

    from geo.basemap import _reproject

    # a plate-carrée crop 0..10°E, 0..60°N with one white row at 45°N
    h = 600
    crop = np.zeros((h, 100, 3), np.uint8)
    row = round((60 - 45) / 60 * h)
    crop[row] = 255
    out, _ = _reproject(crop, (0.0, 0.0, 10.0, 60.0), 100)
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    expected = (merc(60) - merc(45)) / (merc(60) - merc(0)) * out.shape[0]
    brightest = int(np.argmax(out[:, 50, 0]))
    assert abs(brightest - expected) <= 1.5
    assert Image.open(io.BytesIO(mercator_overlay((0.0, 0.0, 10.0, 60.0), width=64)[0])).width == 64


def test_an_embedded_image_is_stored_once_and_again_if_removed(tmp_path):
    from geo import maps
    from geo.story import load_story

    story = load_story()

    def relief_files():
        return sorted((tmp_path / "img").glob("*.jpg"))

    serve_offline(maps.route_map(story, "exile-1928", osm=False), static_dir=tmp_path)
    files = relief_files()
    assert files
    stamps = [f.stat().st_mtime_ns for f in files]
    html = serve_offline(maps.route_map(story, "exile-1928", osm=False), static_dir=tmp_path).get_root().render()
    assert relief_files() == files and [f.stat().st_mtime_ns for f in files] == stamps
    for f in files:
        assert f"/app/static/img/{f.name}" in html
    files[0].unlink()
    serve_offline(maps.route_map(story, "exile-1928", osm=False), static_dir=tmp_path)
    assert relief_files() == files  # written again, under the same name


def test_every_map_builder_shows_itself_in_jupyter_with_its_assets_inside():
    import html as html_lib
    import re

    from geo import maps
    from geo.assets import external_resources
    from geo.story import load_story

    story = load_story()
    journey = next(iter(story.journeys))
    built = [maps.route_map(story, journey), maps.letters_map(story),
             maps.places_map(story, [p.id for p in maps.story_places(story)][:3])]
    for m in built:
        out = m._repr_html_()
        doc = html_lib.unescape(re.search(r'srcdoc="([^"]*)"', out).group(1))
        assert "L.map(" in doc and "<script src=" not in doc
        # Nothing fetched but the optional OpenStreetMap layer, which is off until chosen.
        assert [u for u in external_resources(doc) if "openstreetmap" not in u] == []
        assert "geo-asset:" not in m.get_root().render()  # the notebook's own object is left as built
