"""The ordinary install: a wheel built from the project, installed in a fresh virtual environment,
gives a `geo-story` that works from any folder with the default story inside it.

Offline and fast: the wheel is built without build isolation, installed with --no-deps, and the fresh
environment borrows the test environment's dependencies (a .pth file naming its site-packages; the
.pth files inside that folder, such as the editable install's, are not read, so `geo` can only come
from the wheel).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest
from conftest import stop, wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
RHINE = ROOT / "tests" / "stories" / "rhine-1838"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("install")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "--no-index", "-w", str(tmp / "dist"), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = (tmp / "dist").glob("geo_story-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                           "--no-index", str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return venv, elsewhere


def _run(installed, *args: str) -> subprocess.CompletedProcess:
    venv, cwd = installed
    env = {**os.environ, "GEO_STORY_CACHE": str(cwd.parent / "cache")}
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(venv / "bin" / "geo-story"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_package_and_its_default_story_come_from_the_wheel(installed):
    venv, cwd = installed
    out = subprocess.run([str(venv / "bin" / "python"), "-c",
                          "import geo, geo.export, geo.views, geo.storyfolder as f; print(geo.__file__); "
                          "print(f.DEFAULT_STORY_DIR)"], cwd=cwd, capture_output=True, text=True, check=True)
    module, story = out.stdout.split()
    assert module.startswith(str(venv)) and story.startswith(str(venv)) and story.endswith("default_story")
    assert (Path(story) / "texts" / "catalog.yaml").is_file()


def test_geo_story_places_from_another_folder(installed):
    venv, cwd = installed
    texts = sorted((venv / "lib").rglob("default_story/texts/*.txt"))  # the default story's, as installed
    assert texts
    done = _run(installed, "places", str(texts[-1]), "--format", "json")
    assert done.returncode == 0, done.stderr
    mentions = json.loads(done.stdout)
    assert any(m["place_id"] == "almaty" and m["name_at_time"] == "Alma-Ata" for m in mentions)


def test_geo_story_export_from_another_folder(installed):
    venv, cwd = installed
    done = _run(installed, "export", "route", "--format", "geojson", "--out", "route.geojson")
    assert done.returncode == 0, done.stderr
    doc = json.loads((cwd / "route.geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) > 10
    done = _run(installed, "export", "route", "--format", "kml", "--out", "rhine.kml", "--story", str(RHINE))
    assert done.returncode == 0, done.stderr
    assert "Rotterdam" in (cwd / "rhine.kml").read_text(encoding="utf-8")


def test_geo_story_story_map_and_new_from_another_folder(installed):
    venv, cwd = installed
    text = RHINE / "texts" / "up-the-rhine.txt"
    assert _run(installed, "story", "--format", "geojson").returncode == 0
    done = _run(installed, "map", str(text), "--out", "map.html")
    assert done.returncode == 0, done.stderr
    done = _run(installed, "new", "mine", str(text), "--title", "Mine")
    assert done.returncode == 0, done.stderr
    assert "journey mine: London → Rotterdam" in done.stdout and (cwd / "mine" / "story.yaml").is_file()
    assert _run(installed, "--help").stdout.startswith("usage: geo-story")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_geo_story_app_serves_the_app_and_leaflet(installed):
    venv, cwd = installed
    port = _free_port()
    env = {**os.environ, "GEO_STORY_CACHE": str(cwd.parent / "cache")}
    env.pop("PYTHONPATH", None)
    log = cwd.parent / "app.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(venv / "bin" / "geo-story"), "app", "--headless", "--port", str(port),
                                 "--address", "127.0.0.1", "--story", str(RHINE)], cwd=cwd, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, proc, log)
        with urllib.request.urlopen(url + "/app/static/leaflet/leaflet.js", timeout=5) as r:
            assert r.status == 200 and b"Leaflet" in r.read(4000)
    finally:
        stop(proc)
