"""The README's Jupyter cell, run in a real kernel, draws its map in Chromium with no network."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import file_only_context

ROOT = Path(__file__).resolve().parent.parent


def readme_cell() -> str:
    """The one code block of the README's 'In Jupyter' section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### In Jupyter", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the Jupyter section is one cell"
    return blocks[0]


def test_the_readme_cell_draws_a_map_offline(browser, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(readme_cell())])
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = nb.cells[0].outputs
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert len(html) == 1, outputs
    assert not re.search(r"cdn\.jsdelivr|cdnjs|unpkg|code\.jquery|bootstrapcdn", html[0])  # folium's CDNs
    page_file = tmp_path / "notebook-output.html"
    page_file.write_text(f"<!doctype html><html><body>{html[0]}</body></html>", encoding="utf-8")
    context = file_only_context(browser, viewport={"width": 1100, "height": 700})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.resolve().as_uri())
        frame = page.frame_locator("iframe.geo-story-map")
        frame.locator(".leaflet-overlay-pane path:not(.geo-context)").first.wait_for(timeout=20000)
        frame.locator("img.leaflet-image-layer").first.wait_for(timeout=20000)
        inner = page.frames[1]
        inner.wait_for_function("[...document.querySelectorAll('img.leaflet-image-layer')]"
                                ".every(i => i.complete && i.naturalWidth > 0)")
        assert inner.locator(".leaflet-overlay-pane path").count() >= 3  # the legs of the journey
        page.screenshot(path=str(tmp_path / "notebook.png"))
        assert errors == [] and context.blocked == []  # Leaflet came from inside the output
    finally:
        context.close()
