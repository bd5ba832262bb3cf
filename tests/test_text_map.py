"""A quick map of any text: the user's words are data, never markup or script."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.errors import TextError
from geo.assets import script_json
from geo.export.html import text_map

HOSTILE = (
    "We left Moscow by train.</script><script>window.__pwned = 1; alert(1)</script> "
    "Then came Alma-Ata <img src=x onerror=\"window.__pwned = 2; alert(2)\"> and Frunze, "
    "<svg onload=\"window.__pwned = 3\"></svg> and at last Odessa & \"Constantinople\" <!-- -->."
)


def test_json_block_cannot_close_its_script():
    block = script_json({"t": "</script><script>alert(1)</script><!--"})
    assert "<" not in block and ">" not in block
    assert json.loads(block) == {"t": "</script><script>alert(1)</script><!--"}


def test_hostile_text_is_escaped_in_the_file(tmp_path):
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    html = text_map([src], tmp_path / "map.html").read_text(encoding="utf-8")
    assert "window.__pwned" in html  # the words are there, as data
    assert not re.search(r"<script>window\.__pwned|<img src=x|<svg onload", html)


def test_hostile_text_runs_nothing_in_chromium(tmp_path, browser):
    from tests.test_export_html import open_offline

    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    path = text_map([src], tmp_path / "map.html", date="1928")
    context, page = open_offline(browser, path)
    try:
        assert page.locator("path.geo-stop").count() >= 3  # Moscow, Alma-Ata, Frunze, Odessa...
        seen = set()
        for _ in range(page.evaluate("window.geoExport.steps")):
            text = page.locator("#geo-step").inner_text()
            seen.add(page.locator("#geo-step h2").inner_text())
            if "Alma-Ata" in text:
                assert "<img src=x" in text  # shown as the words it is
            page.click("#geo-next") if page.locator("#geo-next").is_enabled() else None
        assert any("Alma-Ata" in s for s in seen)
        assert page.evaluate("window.__pwned") is None
        assert page.dialogs == [] and page.errors == []
        assert page.locator("#geo-step img, #geo-step script, #geo-step svg").count() == 0
        assert page.blocked == []  # not even the broken image was asked for
    finally:
        context.close()


def test_cli_map(tmp_path, capsys):
    out = tmp_path / "texts.html"
    assert main(["map", "data/texts/003_134e652a9e249994.txt", "--out", str(out)]) == 0
    assert out.is_file() and "texts.html" in capsys.readouterr().out
    assert main(["map", str(tmp_path / "missing.txt"), "--out", str(out)]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["map", "data/texts/003_134e652a9e249994.txt", "--out", str(tmp_path / "x.png")]) == 1
    assert "ending in .html" in capsys.readouterr().err


@pytest.mark.parametrize("date", ["1928-13", "abc", "1928-02-30"])
def test_cli_map_refuses_a_bad_date_in_one_line(tmp_path, date):
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-m", "geo", "map", "data/texts/003_134e652a9e249994.txt",
                          "--out", str(tmp_path / "x.html"), "--date", date],
                         cwd=root, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert f"'{date}' is not a date" in run.stderr
    assert not (tmp_path / "x.html").exists()


def test_own_text_needs_no_catalog(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise TextError("data/texts/catalog.yaml: is not valid YAML")

    monkeypatch.setattr("geo.texts.load_catalog", broken)
    src = tmp_path / "mine.txt"
    src.write_text("From Moscow to Alma-Ata by train.", encoding="utf-8")
    html = text_map([src], tmp_path / "mine.html").read_text(encoding="utf-8")
    assert "Alma-Ata" in html
