"""The Export tab: every download the app offers is a real file of its format."""
import io
import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from streamlit.testing.v1 import AppTest

from geo.story import load_story
from geo.views.exports import download_name, export_bytes

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def story():
    return load_story()


def test_static_download_is_an_image_of_the_chosen_size(story):
    from PIL import Image

    png = export_bytes(story, "route", "png", journey="exile-1928", size=(960, 540, 96))
    assert Image.open(io.BytesIO(png)).size == (960, 540)


@pytest.mark.parametrize("view, fmt", [("route", "html"), ("route", "geojson"), ("route", "kml"),
                                       ("letters", "cmif"), ("places", "lpf"), ("route", "csv")])
def test_data_downloads_open(story, view, fmt):
    data = export_bytes(story, view, fmt)
    name, mime = download_name(view, fmt)
    if fmt == "html":
        assert data.startswith(b"<!DOCTYPE html>") and b"https://cdn" not in data
    elif fmt in ("geojson", "lpf"):
        assert json.loads(data)["type"] == "FeatureCollection"
    elif fmt in ("kml", "cmif"):
        ElementTree.fromstring(data)
    else:
        assert name.endswith(".zip") and mime == "application/zip"
        assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == 2


def test_export_tab_offers_a_download(story):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "export"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Export for slides" in "\n".join(h.value for h in at.subheader)
    at.radio(key="export_view").set_value("letters").run()
    assert not at.exception
    assert "CMIF (TEI correspDesc, for correspSearch)" in at.selectbox(key="export_format").options
