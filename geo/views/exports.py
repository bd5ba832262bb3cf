"""The Export tab: the same exports as ``python -m geo export``, as downloads.

A file is made only when its button is pressed (Streamlit calls the data function then), so the
tab costs nothing on a rerun; a static map takes a few seconds, an HTML map about one.
"""
from __future__ import annotations

import tempfile
from html import escape
import zipfile
from io import BytesIO
from pathlib import Path

import streamlit as st

from geo.export import FORMATS, export
from geo.story import Story
from geo.views.common import story_fragment
from geo.views.html import plain

# What a lecturer asks for, in pixels and dots per inch (a PDF/SVG page is width/dpi by height/dpi inches).
SIZES = {
    "Slide, 16:9 (1920×1080)": (1920, 1080, 150),
    "Large screen, 16:9 (3840×2160)": (3840, 2160, 300),
    "Print, A4 landscape (3508×2480, 300 dpi)": (3508, 2480, 300),
    "Print, US Letter landscape (3300×2550, 300 dpi)": (3300, 2550, 300),
}
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html",
        "geojson": "application/geo+json", "kml": "application/vnd.google-earth.kml+xml",
        "cmif": "application/tei+xml", "lpf": "application/ld+json", "csv": "text/csv", "zip": "application/zip"}
LABELS = {"png": "PNG image", "svg": "SVG (labels editable)", "pdf": "PDF (labels selectable)",
          "html": "One-file interactive map (HTML, works offline)", "geojson": "GeoJSON (RFC 7946)",
          "kml": "KML (Google Earth)", "cmif": "CMIF (TEI correspDesc, for correspSearch)",
          "lpf": "Linked Places (World Historical Gazetteer)", "csv": "CSV tables"}
SUFFIX = {"cmif": "xml", "lpf": "json"}
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}


def download_name(view: str, fmt: str, journey: str | None = None) -> tuple[str, str]:
    """The file name and MIME type of a download; the route's CSV tables (legs and stops) come as a ZIP."""
    stem = journey or view
    if fmt == "csv" and view == "route":
        return f"{stem}-csv.zip", MIME["zip"]
    return f"{stem}.{SUFFIX.get(fmt, fmt)}", MIME[fmt]


def export_bytes(story: Story, view: str, fmt: str, *, journey: str | None = None,
                 size: tuple[int, int, float] = (1920, 1080, 150), paper: str = "a4") -> bytes:
    """Make one export in a temporary folder and return its bytes (several files zipped)."""
    width, height, dpi = size
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"{journey or view}.{SUFFIX.get(fmt, fmt)}"
        files = export(story, view, fmt, target, journey=journey, width=width, height=height, dpi=dpi,
                       paper=paper)
        if len(files) == 1:
            return files[0].read_bytes()
        buf = BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in files:
                z.write(f, f.name)
        return buf.getvalue()


@story_fragment
def exports_view(story: Story, mentions: dict | None = None) -> None:
    st.subheader("Export for slides, print and lectures")
    st.caption("Every export works with no network: static maps on the offline relief, and one-file "
               "interactive maps with Leaflet inside, to open from a USB stick or embed with an iframe.")
    left, right = st.columns([1, 2])
    with left:
        view = st.radio("What", ["route", "letters", "places", "handout"], key="export_view",
                        format_func={"route": "The route", "letters": "The letters", "places": "The gazetteer",
                                     "handout": "A handout to print"}.get)
        journey = None
        if view in ("route", "handout"):
            choice = st.selectbox("Journey", ["all", *story.journeys], key="export_journey",
                                  format_func=lambda j: "All journeys" if j == "all" else story.journeys[j].title)
            journey = None if choice == "all" else choice
        fmt = st.selectbox("Format", FORMATS[view], key="export_format", format_func=LABELS.get)
        paper = "a4"
        if view == "handout":
            paper = st.selectbox("Paper", list(PAPER_LABELS), key="export_paper", format_func=PAPER_LABELS.get)
            size = SIZES[next(iter(SIZES))]
        else:
            size = SIZES[st.selectbox("Size", list(SIZES), key="export_size", disabled=fmt not in ("png", "svg", "pdf"))]
    with right:
        what = "the " + view if not journey else story.journeys[journey].title
        if view == "handout":
            st.markdown(f"<div><strong>A handout to print</strong> ({PAPER_LABELS[paper]}, PDF, text selectable) "
                        f"of {plain(story.title if not journey else what)}.</div>", unsafe_allow_html=True)
            st.caption("The route map, then each stop with its date, excerpts and sources, the letters with their "
                       "fates, and the credits. Making it takes a few seconds.")
        else:
            st.markdown(f"<div><strong>{plain(LABELS[fmt])}</strong> of {plain(what)}.</div>", unsafe_allow_html=True)
        if fmt in ("png", "svg", "pdf") and view != "handout":
            st.caption(f"{size[0]}×{size[1]} px at {size[2]:g} dpi. Stops are labelled with the names of the time; "
                       "legend, scale bar and credits are on the map. Making it takes a few seconds.")
        name, mime = download_name(view, fmt, journey)
        st.download_button(f"Download {name}",
                           data=lambda: export_bytes(story, view, fmt, journey=journey, size=size, paper=paper),
                           file_name=name, mime=mime, on_click="ignore", key="export_download", type="primary")
        st.markdown("Embed a one-file map in reveal.js or a course page:")
        st.code('<iframe src="route.html" style="width:100%;height:80vh;border:0"\n'
                f'        title="{escape(story.title)}"></iframe>', language="html")
