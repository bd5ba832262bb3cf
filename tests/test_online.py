"""The optional online look-up, only ever against a stand-in server on 127.0.0.1."""
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from geo.cli import main
from geo.geoparse import Geoparser
from geo.online import USER_AGENT, GeoNamesWeb, Nominatim, _Cache

NOMINATIM = {
    "kopalovka": [{"osm_type": "relation", "osm_id": 1, "lat": "43.2567", "lon": "76.9286", "class": "place",
                "type": "city", "name": "Almaty", "display_name": "Almaty, Kazakhstan",
                "address": {"country_code": "kz"}, "extratags": {"population": "2000900"}}],
    "lake zaisan": [{"osm_type": "way", "osm_id": 2, "lat": "48.0", "lon": "84.0", "class": "natural",
                     "type": "water", "name": "Zaysan", "display_name": "Zaysan, Kazakhstan",
                     "address": {"country_code": "kz"}}],
}
GEONAMES = {"vierny": [{"geonameId": 1526384, "name": "Almaty", "lat": "43.25", "lng": "76.91", "countryCode": "KZ",
                        "population": 2000900, "adminCode1": "02", "fcl": "P", "fcode": "PPLA"}]}


class StandIn(BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        StandIn.requests.append((time.monotonic(), url.path, q, self.headers.get("User-Agent")))
        if url.path == "/search":
            body = NOMINATIM.get(q.get("q", [""])[0].lower(), [])
        elif url.path == "/searchJSON":
            body = {"geonames": GEONAMES.get(q.get("q", [""])[0].lower(), [])}
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    StandIn.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{s.getsockname()[1]}"  # closed once the socket is: nothing listens there


def test_nominatim_answers_as_candidates_named_by_the_project_one_request_a_second(server, tmp_path):
    source = Nominatim(domain=server, scheme="http", cache=_Cache(tmp_path / "online.sqlite"))
    [almaty] = source.lookup("Kopalovka")
    assert (almaty.name, almaty.country, almaty.feature_class, almaty.population, almaty.source) == (
        "Almaty", "KZ", "P", 2000900, "nominatim")
    assert (round(almaty.lat, 2), round(almaty.lon, 2), almaty.ref) == (43.26, 76.93, "osm:relation/1")
    [lake] = source.lookup("Lake Zaisan")
    assert lake.feature_class == "H"
    assert source.lookup("Nowhere-at-all") == []
    times = [t for t, *_ in StandIn.requests]
    assert len(times) == 3 and all(b - a >= 0.95 for a, b in zip(times, times[1:]))
    assert {ua for *_, ua in StandIn.requests} == {USER_AGENT} and "geo-story" in USER_AGENT


def test_answers_are_kept_on_disk_and_asked_once(server, tmp_path):
    cache = tmp_path / "online.sqlite"
    Nominatim(domain=server, scheme="http", cache=_Cache(cache)).lookup("Kopalovka")
    again = Nominatim(domain=server, scheme="http", cache=_Cache(cache))  # a later session
    assert again.lookup("KOPALOVKA")[0].name == "Almaty"
    assert len(StandIn.requests) == 1


def test_geonames_web_service_with_a_user_name(server, tmp_path):
    source = GeoNamesWeb("someone", domain=server, scheme="http", cache=_Cache(tmp_path / "online.sqlite"))
    [almaty] = source.lookup("Vierny")
    assert (almaty.ref, almaty.feature_class, almaty.admin1, almaty.source) == ("gn:1526384", "P", "02", "geonames-web")
    assert parse_qs(urlparse("?" + "&".join(f"{k}={v[0]}" for k, v in StandIn.requests[0][2].items())).query)[
        "username"] == ["someone"]


def test_no_network_is_one_clear_line_not_a_failure(tmp_path):
    notes = []
    source = Nominatim(domain=closed_port(), scheme="http", cache=None, note=notes.append)
    assert source.lookup("Vierny") == [] and source.lookup("Werny") == []
    assert len(notes) == 1 and "not reachable" in notes[0] and "offline" in notes[0] and "\n" not in notes[0]


def test_the_geoparser_asks_only_for_unknown_names_after_a_preposition(server, tmp_path):
    source = Nominatim(domain=server, scheme="http", cache=_Cache(tmp_path / "online.sqlite"))
    parser = Geoparser(online=source)
    ms = parser.find("Exiled to Kopalovka, then to Moscow. Kopalovka was far. Nobody wrote from Blorptown.")
    assert [(m.text, m.name, m.source) for m in ms] == [
        ("Kopalovka", "Almaty", "nominatim"), ("Moscow", "Moscow", "curated"), ("Kopalovka", "Almaty", "nominatim")]
    asked = sorted(q["q"][0] for _, _, q, _ in StandIn.requests)
    assert asked == ["Blorptown", "Kopalovka"]  # not Moscow (offline knows it), and Kopalovka once


def test_online_is_off_by_default(monkeypatch):
    monkeypatch.delenv("GEO_STORY_ONLINE", raising=False)
    assert Geoparser().online is None


def test_places_online_flag(server, tmp_path, monkeypatch, capsys):
    import geo.online

    monkeypatch.setattr(geo.online, "default_online",
                        lambda: Nominatim(domain=server, scheme="http", cache=_Cache(tmp_path / "o.sqlite")))
    text = tmp_path / "t.txt"
    text.write_text("He was sent to Kopalovka.", encoding="utf-8")
    assert main(["places", str(text), "--format", "json", "--online"]) == 0
    [m] = json.loads(capsys.readouterr().out)
    assert (m["text"], m["name"], m["source"]) == ("Kopalovka", "Almaty", "nominatim")
