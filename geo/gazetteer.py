"""The curated gazetteer: places in the Linked Places Format of the World Historical Gazetteer.

``data/places.geojson`` is the historian's file: each feature a place with its names through time
(each with the years it was in use and a citation), its types, one point whose source and certainty
are stated, and links to GeoNames and Wikidata. It is validated on load and every problem is
reported at once, naming the feature and the field.

>>> from geo.gazetteer import load_gazetteer
>>> places = load_gazetteer()
>>> almaty = places["almaty"]
>>> almaty.name_at("1928"), almaty.name_at("2024"), almaty.title
('Alma-Ata', 'Almaty', 'Almaty')
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from geo.cache import validated
from geo.datafiles import load_json, read_bounded
from geo.errors import GazetteerError
from geo.texts import DATA_DIR, parse_date

GAZETTEER_PATH = DATA_DIR / "places.geojson"

if TYPE_CHECKING:
    from geo.schemas import Feature as _Feature, Citation as _Citation

# ---- the objects the rest of the package works with


@dataclass(frozen=True)
class Citation:
    label: str
    url: str | None = None


@dataclass(frozen=True)
class Name:
    """A name of a place, and when it was in use (``start`` inclusive, ``end`` exclusive; None = open)."""

    toponym: str
    lang: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    citations: tuple[Citation, ...] = ()

    @property
    def timed(self) -> bool:
        return self.start is not None or self.end is not None

    def in_use(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)

    @property
    def period(self) -> str:
        """'1921–1993', 'from 1993', 'until 1930', or '' for a name with no dates."""
        s = self.start.year if self.start else None
        e = self.end.year if self.end else None
        if s and e:
            return f"{s}–{e}"
        if s:
            return f"from {s}"
        return f"until {e}" if e else ""


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer: where it is, what it was called when, and where that comes from."""

    id: str
    title: str
    lat: float
    lon: float
    fclasses: tuple[str, ...] = ("P",)
    types: tuple[str, ...] = ()
    names: tuple[Name, ...] = ()
    ccodes: tuple[str, ...] = ()
    description: str | None = None
    certainty: str = "certain"
    coordinate_sources: tuple[Citation, ...] = ()
    links: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    source: str = "curated"

    def name_at(self, when: dt.date | str | int | None) -> str:
        """The English name in use at a date: the first timed English name whose period holds it.

        Names with no period are alternate spellings and never chosen here; with no date, or no timed
        name for it, the title (today's name) is the answer.
        """
        if when is None:
            return self.title
        if isinstance(when, int):
            when = dt.date(when, 7, 1)
        elif isinstance(when, str):
            when = parse_date(when)
        for n in self.names:
            if n.timed and (n.lang in (None, "en")) and n.in_use(when):
                return n.toponym
        return self.title

    def link(self, prefix: str) -> str | None:
        """The identifier of a link with a prefix, e.g. ``link("gn")`` -> '1526384'."""
        for lk in self.links:
            if lk.startswith(prefix + ":"):
                return lk.split(":", 1)[1]
        return None

    @property
    def geonames_url(self) -> str | None:
        gid = self.link("gn")
        return f"https://www.geonames.org/{gid}" if gid else None

    @property
    def wikidata_url(self) -> str | None:
        qid = self.link("wd")
        return f"https://www.wikidata.org/wiki/{qid}" if qid else None


@dataclass
class Gazetteer:
    """The curated places, by id, with the index of their names the geoparser matches against."""

    places: dict[str, Place]
    path: Path | None = None
    _by_key: dict[str, list[Place]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        from geo.geonames import name_key

        for p in self.places.values():
            for toponym in {n.toponym for n in p.names} | {p.title}:
                bucket = self._by_key.setdefault(name_key(toponym), [])
                if p not in bucket:
                    bucket.append(p)

    def __getitem__(self, place_id: str) -> Place:
        return self.places[place_id]

    def __contains__(self, place_id: object) -> bool:
        return place_id in self.places

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places.values())

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def lookup(self, name: str) -> list[Place]:
        """The places that have this name (compared without case, accents, spaces or hyphens)."""
        from geo.geonames import name_key

        return list(self._by_key.get(name_key(name), []))

    @property
    def name_keys(self) -> dict[str, list[Place]]:
        return self._by_key


def _citations(cs: list[_Citation]) -> tuple[Citation, ...]:
    return tuple(Citation(c.label, c.id) for c in cs)


def _to_place(f: _Feature) -> Place:
    names = []
    for n in f.names:
        spans = n.when.timespans if n.when else [None]
        for span in spans:
            start = parse_date(span.start.date()) if span and span.start and span.start.date() else None
            end = parse_date(span.end.date()) if span and span.end and span.end.date() else None
            names.append(Name(n.toponym, n.lang, start, end, _citations(n.citations)))
    lon, lat = f.geometry.coordinates[:2]
    return Place(
        id=f.id, title=f.properties.title, lat=lat, lon=lon,
        fclasses=tuple(f.properties.fclasses), types=tuple(t.label for t in f.types), names=tuple(names),
        ccodes=tuple(f.properties.ccodes), description=f.properties.description,
        certainty=f.geometry.certainty, coordinate_sources=_citations(f.geometry.citations),
        links=tuple(lk.identifier for lk in f.links),
        part_of=tuple(r.relationTo for r in f.relations if "broader" in r.relationType or r.label == "part of"),
    )


def _feature_label(i: int, raw: Any) -> str:
    pid = raw.get("@id") if isinstance(raw, dict) else None
    return f"features[{i}]" + (f" ({pid})" if pid else "")


def _swapped(place: Place, geonames_check: bool) -> str | None:
    """Say so when a point's latitude and longitude look swapped against GeoNames."""
    if not geonames_check:
        return None
    from geo.geonames import distance_km, shared

    gid = place.link("gn")
    gn = shared()
    if gid and gid.isdigit():
        city = gn.get(int(gid))
        if city and city.feature_class == "P":  # a region's point in the index is derived, not GeoNames' own
            here = distance_km(place.lat, place.lon, city.lat, city.lon)
            if here > 50:
                if abs(place.lon) <= 90 and distance_km(place.lon, place.lat, city.lat, city.lon) < 50:
                    return (f"coordinates [{place.lon}, {place.lat}] look swapped: GeoNames {gid} is at "
                            f"[{city.lon}, {city.lat}]; GeoJSON order is [longitude, latitude]")
                return (f"coordinates [{place.lon}, {place.lat}] are {here:.0f} km from GeoNames {gid} "
                        f"({city.name}, [{city.lon}, {city.lat}]); check the point or the link")
            return None
    for cc in place.ccodes:
        box = gn.country_bounds(cc)
        if not box:
            continue
        def inside(lat: float, lon: float, m: float = 1.0) -> bool:
            return box[0] - m <= lat <= box[2] + m and box[1] - m <= lon <= box[3] + m
        if not inside(place.lat, place.lon) and abs(place.lon) <= 90 and inside(place.lon, place.lat):
            return (f"coordinates [{place.lon}, {place.lat}] look swapped: the point lies outside {cc}, and "
                    f"would lie inside it the other way round; GeoJSON order is [longitude, latitude]")
    return None


def parse_gazetteer(doc: Any, source: str = "<gazetteer>", *, geonames_check: bool = True) -> Gazetteer:
    """Validate a Linked Places FeatureCollection (already parsed JSON) and build the gazetteer."""
    from pydantic import ValidationError

    from geo.schemas import Feature as _Feature
    problems: list[str] = []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise GazetteerError(f"{source}: is not a GeoJSON FeatureCollection with a 'features' list")
    places: dict[str, Place] = {}
    for i, raw in enumerate(doc["features"]):
        where = f"{source}: {_feature_label(i, raw)}"
        if isinstance(raw, dict) and raw.get("geometry") is None:
            problems.append(f"{where}.geometry: missing; give a Point with [longitude, latitude]")
        try:
            f = _Feature.model_validate(raw)
        except ValidationError as err:
            for e in err.errors():
                loc = ".".join(str(x) for x in e["loc"])
                if loc == "geometry" and e["type"] in ("missing", "model_type") and isinstance(raw, dict) and raw.get("geometry") is None:
                    continue
                problems.append(f"{where}.{loc}: {e['msg']}")
            continue
        lon, lat = f.geometry.coordinates[:2]
        bad = False
        if not math.isfinite(lat) or not -90 <= lat <= 90:
            hint = " (it looks like a longitude: GeoJSON order is [longitude, latitude])" if -180 <= lat <= 180 else ""
            problems.append(f"{where}.geometry.coordinates[1]: latitude {lat} is out of range [-90, 90]{hint}")
            bad = True
        if not math.isfinite(lon) or not -180 <= lon <= 180:
            problems.append(f"{where}.geometry.coordinates[0]: longitude {lon} is out of range [-180, 180]")
            bad = True
        if f.id in places:
            problems.append(f"{where}.@id: '{f.id}' repeats the id of an earlier feature; ids must be unique")
            continue
        place = _to_place(f)
        if not bad:
            msg = _swapped(place, geonames_check)
            if msg:
                problems.append(f"{where}.geometry.coordinates: {msg}")
        places[f.id] = place
    for p in places.values():
        for parent in p.part_of:
            if parent not in places:
                problems.append(f"{source}: {p.id}.relations: relationTo '{parent}' is not a place of this gazetteer")
    if problems:
        raise GazetteerError(f"{source}: the gazetteer does not validate ({len(problems)} problem(s))", problems)
    return Gazetteer(places, Path(source) if source != "<gazetteer>" else None)


def load_gazetteer(path: str | Path = GAZETTEER_PATH, *, geonames_check: bool = True) -> Gazetteer:
    """Load and validate a Linked Places GeoJSON file; raises :class:`GazetteerError` listing every problem."""
    path = Path(path)
    if not path.exists():
        raise GazetteerError(f"{path}: no such gazetteer file")
    raw = read_bounded(path, file=str(path), error=GazetteerError)

    def validate() -> Gazetteer:
        doc = load_json(raw, file=str(path), error=GazetteerError)
        return parse_gazetteer(doc, str(path), geonames_check=geonames_check)

    return validated(raw, f"gazetteer-{geonames_check}", validate)


def to_feature(place: Place) -> dict[str, Any]:
    """A place as a Linked Places feature (the inverse of loading), for exports."""
    def cites(cs: tuple[Citation, ...]) -> list[dict[str, str]]:
        return [{"label": c.label, **({"@id": c.url} if c.url else {})} for c in cs]

    names = []
    for n in place.names:
        d: dict[str, Any] = {"toponym": n.toponym}
        if n.lang:
            d["lang"] = n.lang
        if n.timed:
            span: dict[str, Any] = {}
            if n.start:
                span["start"] = {"in": n.start.isoformat()}
            if n.end:
                span["end"] = {"in": n.end.isoformat()}
            d["when"] = {"timespans": [span]}
        if n.citations:
            d["citations"] = cites(n.citations)
        names.append(d)
    return {
        "@id": place.id,
        "type": "Feature",
        "properties": {"title": place.title, "ccodes": list(place.ccodes), "fclasses": list(place.fclasses),
                       **({"description": place.description} if place.description else {})},
        "names": names,
        "types": [{"label": t} for t in place.types],
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat], "certainty": place.certainty,
                     "citations": cites(place.coordinate_sources)},
        "links": [{"type": "closeMatch", "identifier": lk} for lk in place.links],
        "relations": [{"relationType": "gvp:broaderPartitive", "relationTo": p, "label": "part of"} for p in place.part_of],
    }
