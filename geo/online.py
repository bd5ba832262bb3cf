"""Optional online look-up for names nothing offline knows: Nominatim, and GeoNames' web service.

Off by default; on with ``python -m geo places --online`` (or ``GEO_STORY_ONLINE=1``), or
``Geoparser(online=True)``. Each service is a source with the same look-up interface as the offline
index (:class:`geo.geonames.GeoNames`): ``lookup(name) -> list[Feature]``, each candidate with its
source, class, point and population. Built on geopy's geocoders; the policies compose around them
as geopy's own rate limiter does:

- at most one request a second (Nominatim's usage policy), with a User-Agent that names the project;
- answers kept on disk (``online-v1.sqlite`` in the cache folder), so a name is asked once, ever;
- no network, or a service that fails: one clear line on stderr, and the look-ups stop for this
  session (the offline answer stands); never an exception.

>>> from geo.online import Nominatim
>>> Nominatim(domain="127.0.0.1:9", scheme="http", cache=None, note=lambda s: None).lookup("Vierny")
[]
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Protocol

from geo.geonames import Feature, name_key

__all__ = ["Source", "Nominatim", "GeoNamesWeb", "USER_AGENT", "default_online", "online_enabled"]

USER_AGENT = "geo-story/0.1 (map-based storytelling for texts; offline-first geoparser)"


class Source(Protocol):
    """What every gazetteer source offers: a name in, a list of candidates out."""

    def lookup(self, name: str) -> list[Feature]: ...


def online_enabled() -> bool:
    """The setting: ``GEO_STORY_ONLINE=1`` turns the online look-up on where a caller does not say."""
    return os.environ.get("GEO_STORY_ONLINE", "").strip().lower() in ("1", "true", "yes", "on")


class _Cache:
    """Answers on disk, by service and name key; a transaction per answer, so a killed run loses none."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS answer (service TEXT, key TEXT, features TEXT, "
                         "PRIMARY KEY (service, key))")
        self._db.commit()

    def get(self, service: str, key: str) -> list[Feature] | None:
        row = self._db.execute("SELECT features FROM answer WHERE service = ? AND key = ?", (service, key)).fetchone()
        return [Feature(**f) for f in json.loads(row[0])] if row else None

    def put(self, service: str, key: str, features: list[Feature]) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO answer VALUES (?, ?, ?)",
                             (service, key, json.dumps([vars(f) for f in features], ensure_ascii=False)))


def _default_cache() -> _Cache | None:
    from geo.cache import cache_dir

    try:
        return _Cache(cache_dir() / "online-v1.sqlite")
    except (OSError, sqlite3.Error):
        return None  # a read-only cache folder only costs requests


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


class _OnlineSource:
    """A geopy geocoder behind the look-up interface: rate limit, disk cache, and one note when it fails."""

    service = ""
    min_delay = 1.0  # seconds between requests: Nominatim's policy is at most one a second

    def __init__(self, geocoder, *, cache: _Cache | None | bool = True, note: Callable[[str], None] = _stderr):
        self._geocoder = geocoder
        self._cache = _default_cache() if cache is True else (cache or None)
        self._note = note
        self._last = 0.0
        self._lock = threading.Lock()
        self.failed: str | None = None

    def lookup(self, name: str) -> list[Feature]:
        key = name_key(name)
        if not key:
            return []
        if self._cache is not None:
            known = self._cache.get(self.service, key)
            if known is not None:
                return known
        if self.failed:
            return []
        from geopy.exc import GeopyError

        with self._lock:
            wait = self._last + self.min_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                answers = self._ask(name)
            except (GeopyError, OSError, ValueError) as e:
                self.failed = f"{type(e).__name__}: {e}"
                self._note(f"geo: the online look-up ({self.service}) is not reachable ({self.failed.splitlines()[0]});"
                           " going on with the offline gazetteer only")
                return []
            finally:
                self._last = time.monotonic()
        features = [f for f in (self._feature(a.raw) for a in answers or []) if f is not None]
        if self._cache is not None:
            self._cache.put(self.service, key, features)
        return features

    def _ask(self, name: str):
        raise NotImplementedError

    def _feature(self, raw: dict) -> Feature | None:
        raise NotImplementedError


# OpenStreetMap's class of a result, as GeoNames' feature class.
_OSM_CLASS = {"place": "P", "boundary": "A", "waterway": "H", "natural": "T", "landuse": "L", "leisure": "L",
              "historic": "S", "building": "S", "amenity": "S", "tourism": "S", "railway": "S", "highway": "R",
              "mountain_pass": "T"}
_OSM_WATER = {"water", "bay", "strait", "coastline", "spring", "wetland", "glacier"}


class Nominatim(_OnlineSource):
    """OpenStreetMap's Nominatim (https://nominatim.org/release-docs/latest/api/Search/).

    ``domain`` and ``scheme`` point it elsewhere (a stand-in server in tests, a mirror of one's own).
    """

    service = "nominatim"

    def __init__(self, *, domain: str = "nominatim.openstreetmap.org", scheme: str = "https", timeout: float = 10,
                 cache: _Cache | None | bool = True, note: Callable[[str], None] = _stderr):
        from geopy.geocoders import Nominatim as GeopyNominatim

        super().__init__(GeopyNominatim(domain=domain, scheme=scheme, user_agent=USER_AGENT, timeout=timeout),
                         cache=cache, note=note)

    def _ask(self, name: str):
        return self._geocoder.geocode(name, exactly_one=False, limit=5, addressdetails=True, extratags=True)

    def _feature(self, raw: dict) -> Feature | None:
        try:
            lat, lon = float(raw["lat"]), float(raw["lon"])
        except (KeyError, TypeError, ValueError):
            return None
        cls, kind = raw.get("class", ""), raw.get("type", "")
        fclass = "H" if kind in _OSM_WATER else _OSM_CLASS.get(cls, "L")
        if cls == "place" and kind in ("country", "state", "region", "province", "county"):
            fclass = "A"
        address = raw.get("address") or {}
        try:
            population = int((raw.get("extratags") or {}).get("population", "0").replace(",", ""))
        except ValueError:
            population = 0
        name = raw.get("name") or (raw.get("display_name") or "").split(",")[0]
        return Feature(f"osm:{raw.get('osm_type', '')}/{raw.get('osm_id', '')}", name, lat, lon,
                       (address.get("country_code") or "").upper(), population, address.get("state", ""),
                       fclass, kind, "nominatim", raw.get("display_name", ""))


class GeoNamesWeb(_OnlineSource):
    """GeoNames' search web service (https://www.geonames.org/export/geonames-search.html): needs a
    free account's user name (``GEONAMES_USERNAME``)."""

    service = "geonames-web"

    def __init__(self, username: str, *, domain: str = "api.geonames.org", scheme: str = "https",
                 timeout: float = 10, cache: _Cache | None | bool = True, note: Callable[[str], None] = _stderr):
        from geopy.geocoders import GeoNames as GeopyGeoNames

        super().__init__(GeopyGeoNames(username, domain=domain, scheme=scheme, user_agent=USER_AGENT,
                                       timeout=timeout), cache=cache, note=note)

    def _ask(self, name: str):
        return self._geocoder.geocode(name, exactly_one=False)

    def _feature(self, raw: dict) -> Feature | None:
        try:
            return Feature(f"gn:{int(raw['geonameId'])}", raw.get("name", ""), float(raw["lat"]), float(raw["lng"]),
                           raw.get("countryCode", ""), int(raw.get("population") or 0), raw.get("adminCode1", ""),
                           raw.get("fcl", ""), raw.get("fcode", ""), "geonames-web")
        except (KeyError, TypeError, ValueError):
            return None


def default_online() -> Source:
    """GeoNames' web service where ``GEONAMES_USERNAME`` is set, else Nominatim."""
    user = os.environ.get("GEONAMES_USERNAME", "").strip()
    return GeoNamesWeb(user) if user else Nominatim()
