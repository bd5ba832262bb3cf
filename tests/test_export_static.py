"""Static maps: a PNG of the asked size that is not blank, SVG and PDF whose labels are text."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zlib
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from geo.errors import ExportError
from geo.export.static import export_static, route_scene
from geo.story import load_story


@pytest.fixture(scope="module")
def story():
    return load_story()


def test_png_has_the_asked_size_and_is_not_blank(story, tmp_path):
    path = export_static(story, "route", tmp_path / "route.png")
    with Image.open(path) as im:
        assert im.size == (1920, 1080)
        arr = np.asarray(im.convert("RGB"), dtype=float)
    assert arr.std() > 20  # relief, lines, labels: far from one flat colour
    assert len(np.unique(arr.reshape(-1, 3)[::97], axis=0)) > 200


def test_png_of_another_size_and_one_journey(story, tmp_path):
    path = export_static(story, "route", tmp_path / "exile.png", journey="exile-1928", width=800, height=600, dpi=80)
    with Image.open(path) as im:
        assert im.size == (800, 600)


def test_route_labels_are_the_names_of_the_time(story):
    labels = {p.label for p in route_scene(story).points}
    assert {"Alma-Ata", "Frunze", "Constantinople", "Moscow"} <= labels
    assert "Almaty" not in labels and "Bishkek" not in labels


def test_svg_keeps_labels_as_text(story, tmp_path):
    path = export_static(story, "route", tmp_path / "route.svg", width=960, height=540, dpi=75)
    root = ET.parse(path).getroot()  # well formed
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for name in ("Alma-Ata", "Frunze", "Kurdai Pass", "Constantinople"):
        assert name in texts, name
    assert "Trotsky in Alma-Ata" in texts  # the title
    assert "km" in texts  # the scale bar
    assert "Natural Earth" in texts  # the credits


def test_dollar_signs_are_money_not_mathtext(story, tmp_path):
    title = r"Fares: $5 (rail) and $3^ (road), $\frac{1}$"
    j = replace(story.journeys["exile-1928"], title=title)
    priced = replace(story, journeys={**story.journeys, j.id: j})
    path = export_static(priced, "route", tmp_path / "fares.svg", journey=j.id, width=960, height=540, dpi=75)
    texts = " ".join("".join(t.itertext()) for t in ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}text"))
    for word in ("$5", "$3^", r"$\frac{1}$"):
        assert word in texts, word
    path = export_static(priced, "route", tmp_path / "all.png", width=480, height=270, dpi=40)  # in the legend too
    assert path.stat().st_size > 0


def _pdf_text(data: bytes) -> str:
    """The text shown by a matplotlib PDF (Type 42 fonts: UTF-16BE strings in TJ arrays)."""
    out = []
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            content = zlib.decompressobj().decompress(data[m.end():m.end() + 10_000_000])
        except zlib.error:
            continue
        for arr in re.findall(rb"\[(.*?)\]\s*TJ", content, re.S):
            raw = b"".join(re.findall(rb"\(((?:\\.|[^\\)])*)\)", arr, re.S))
            raw = re.sub(rb"\\([\\()])", rb"\1", raw)
            out.append(raw.decode("utf-16-be", errors="replace"))
    return " ".join(out)


def test_pdf_labels_are_selectable_text(story, tmp_path):
    path = export_static(story, "letters", tmp_path / "letters.pdf", width=960, height=540, dpi=75)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/FontFile2" in data and b"/ToUnicode" in data  # an embedded TrueType font, mapped to Unicode
    text = _pdf_text(data)
    for name in ("Alma-Ata", "Moscow", "Tobolsk", "Letters, 1928"):
        assert name in text, name


def test_bad_requests_are_refused(story, tmp_path):
    with pytest.raises(ExportError, match="journey 'nope'"):
        export_static(story, "route", tmp_path / "x.png", journey="nope")
    with pytest.raises(ExportError, match="format 'gif'"):
        export_static(story, "route", tmp_path / "x.gif")
    with pytest.raises(ExportError, match="between 64 and 16000"):
        export_static(story, "route", tmp_path / "x.png", width=10)


def test_a_png_too_large_for_memory_is_refused_with_the_largest_that_fits(story, tmp_path):
    with pytest.raises(ExportError) as e:
        export_static(story, "route", tmp_path / "huge.png", width=16000, height=16000)
    assert "the largest of this shape is 6000x6000" in str(e.value) and "SVG or PDF" in str(e.value)
    assert not (tmp_path / "huge.png").exists()


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_vector_formats_are_drawn_at_a_modest_raster_size_whatever_the_page(story, tmp_path, monkeypatch, fmt):
    import geo.export.static as static

    drawn = []
    real = static.draw
    monkeypatch.setattr(static, "draw", lambda scene, **kw: drawn.append(kw) or real(scene, **kw))
    path = export_static(story, "route", tmp_path / f"big.{fmt}", width=16000, height=9000, dpi=150)
    (kw,) = drawn
    assert max(kw["width"], kw["height"]) <= static.VECTOR_RASTER_SIDE
    assert kw["width"] / kw["dpi"] == pytest.approx(16000 / 150)  # the same page in inches
    if fmt == "svg":
        root = ET.parse(path).getroot()
        assert float(root.get("width").rstrip("pt")) == pytest.approx(16000 / 150 * 72, rel=1e-3)


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_an_export_killed_midway_leaves_the_old_file_whole(story, tmp_path, monkeypatch, fmt):
    from matplotlib.figure import Figure

    path = tmp_path / f"map.{fmt}"
    path.write_bytes(b"the map exported last week")
    twin = tmp_path / f"twin.{fmt}"
    twin.hardlink_to(path)

    def killed(self, fname, **kw):
        fname.write(b"half a file")
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(Figure, "savefig", killed)
        with pytest.raises(KeyboardInterrupt):
            export_static(story, "route", path, width=480, height=270, dpi=40)
    assert path.read_bytes() == b"the map exported last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, twin.name])  # no temporary left
    export_static(story, "route", path, width=480, height=270, dpi=40)
    assert path.read_bytes().startswith(b"\x89PNG" if fmt == "png" else b"%PDF")
    assert twin.read_bytes() == b"the map exported last week"  # a new file, not the old one rewritten
