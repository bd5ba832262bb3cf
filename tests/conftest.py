"""Shared fixtures: a headless Chromium with the network blocked, and the app served on 127.0.0.1."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_configure(config) -> None:
    # The app shows a user only an unforeseen error's type (.streamlit/config.toml); the tests see it whole.
    from streamlit import config as streamlit_config

    streamlit_config.set_option("client.showErrorDetails", "full")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _need_chromium() -> None:
    if Path(CHROMIUM).is_file() or shutil.which(CHROMIUM):
        return
    reason = f"no Chromium at {CHROMIUM} (apt-get install chromium, or set $CHROMIUM)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + "; CI=true, so this is a failure, not a skip")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`: no download)."""
    _need_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _local_only(route) -> None:
    host = route.request.url.split("/")[2].split(":")[0] if "//" in route.request.url else ""
    if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


def file_only_context(browser, **kwargs):
    """A browser context for files on disk: every request that is not file:, data: or blob: is aborted
    and recorded in ``context.blocked``."""
    context = browser.new_context(**kwargs)
    blocked: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.blocked = blocked
    return context


@pytest.fixture
def page(browser):
    """A page that may reach 127.0.0.1 only; every other request is aborted (and recorded)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def route(r) -> None:
        if not r.request.url.startswith(("data:", "blob:")) and r.request.url.split("/")[2].split(":")[0] not in (
                "127.0.0.1", "localhost"):
            blocked.append(r.request.url)
        _local_only(r)

    context.route("**/*", route)
    pg = context.new_page()
    pg.blocked = blocked
    yield pg
    context.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """``streamlit run app.py`` on a free port; the URL once /_stcore/health answers."""
    with running_app(tmp_path_factory.mktemp("app") / "streamlit.log") as url:
        yield url


@contextlib.contextmanager
def running_app(log: Path, **env: str):
    """The app served on a free port of 127.0.0.1 (with ``env`` added to the environment), as its URL."""
    _need_chromium()
    port = _free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **env}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, proc, log)
        yield url
    finally:
        stop(proc)


def wait_until_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Return once Streamlit at ``url`` answers /_stcore/health; raise with its log if it dies or is slow."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
