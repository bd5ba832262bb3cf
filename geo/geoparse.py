"""The geoparser: every place a text names, with exact character offsets and a place on the map.

It stands on data and rules, as the Edinburgh Geoparser does, because no statistical model can be
loaded here:

1. Candidate spans are runs of capitalised words (with hyphenated parts, line-break hyphenation and
   connectors such as "of" and "de"), found by one regular expression.
2. Inside each run the longest sequence of words that is a name in the curated gazetteer or in the
   register of non-places (persons, ships, works, organisations, peoples) wins. A register name
   blocks a place: "Diego Rivera" is a person, not Rivera in Uruguay; "Gogol's time" is not Gogol
   Street; the steamer Kalinin is not the city.
3. What is left is looked up in GeoNames (cities of 500 people or more), unless it is a common
   English word for the size of the town ("Nice", "Reading" in running prose) or an acronym.
4. A capitalised word that matches nothing is tried as a scanning slip of a curated name
   (``Uraisk`` for Uralsk: l/i, rn/m, cl/d, 0/o).
5. Among places of the same name, the one nearest the other places of the same text wins (one sense
   per text): Kronstadt beside Petrograd is the naval base, not Brașov; Odessa beside Midland is in
   Texas. Curated places win over GeoNames.

Work is done once per distinct run of words, so a long text costs little more than one regular
expression pass.

>>> from geo.geoparse import find_mentions
>>> [(m.text, m.place_id, m.name_at_time) for m in find_mentions("Sent from Moscow to Frunze.", date="1928")]
[('Moscow', 'moscow', 'Moscow'), ('Frunze', 'bishkek', 'Frunze')]
"""
from __future__ import annotations

import collections
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass

from geo.gazetteer import Gazetteer, Place, load_gazetteer
from geo.geonames import City, GeoNames, distance_km, name_key
from geo.register import Entry, Register, load_register
from geo.texts import parse_date


@dataclass(frozen=True)
class Mention:
    """A place named in a text: where (offsets into the text), what was written, which place."""

    doc: str | None
    start: int
    end: int
    text: str
    place_id: str
    name: str
    name_at_time: str
    lat: float
    lon: float
    score: float
    source: str  # "curated" or "geonames"
    matched: str  # the gazetteer name that matched (differs from text for scanning slips)
    note: str | None = None

    def to_dict(self) -> dict:
        return dict(vars(self))


# ---- tokens

_UPPER = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper() and c.isalpha())
# A chunk: a capitalised word with hyphenated parts, which may be broken over a line ("Kron-\nstadt").
_CHUNK = rf"\b[{_UPPER}]\w*(?:[-\u2010\u2011][ \t]*(?:\n[ \t]*)?\w+)*"
_CONNECTORS = ("of", "de", "del", "la", "le", "du", "des", "upon")
# Chunks joined by one space or line break, or by a connector ("House of Commons").
_RUN = re.compile(rf"{_CHUNK}(?:\s(?:(?:{'|'.join(_CONNECTORS)}) )?{_CHUNK})*")
_PART = re.compile(r"[^\W_]+")
_LOCATIVE = {"in", "at", "to", "from", "via", "near", "through", "into", "toward", "towards", "over", "across"}
# Words that open a run without being part of a name ("In Moscow", "Dear Comrade").
_FUNCTION = {"the", "a", "an", "in", "at", "to", "from", "on", "of", "and", "but", "for", "by", "as", "with",
             "dear", "comrade", "comrades", "mr", "mrs", "dr", "professor", "sir", "general", "uncle", "saint",
             "president", "minister", "king", "queen", "tsar", "he", "she", "it", "we", "they", "this", "that",
             "when", "while", "once", "after", "before", "during", "since", "until", "upon", "there", "here"}
_MAX_NAME_WORDS = 8
_MAX_CACHED_RUNS = 200_000


def _ocr_key(s: str) -> str:
    """A key under which scanning confusions (l/i/1, rn/m, cl/d, vv/w, 0/o) look the same."""
    k = name_key(s).replace("rn", "m").replace("cl", "d").replace("vv", "w")
    return k.translate(str.maketrans({"l": "i", "1": "i", "0": "o"}))


class _NeedsContext(Exception):
    """Raised while reading a run when the answer depends on the words around it."""


_CONTEXT = object()


@dataclass(frozen=True)
class _Hit:
    """A match inside a run: token range, and what it is."""

    start: int  # offsets relative to the run
    end: int
    kind: str  # "place", "register", "geonames", "slip"
    key: str
    places: tuple[Place, ...] = ()
    entry: Entry | None = None


class Geoparser:
    """A geoparser over one curated gazetteer, one register and (optionally) GeoNames.

    Build it once and call :meth:`find` for each text; it caches what it learns about each run of
    words, so many texts with the same names cost little more than one.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, register: Register | None = None,
                 geonames: GeoNames | bool | None = True):
        self.gazetteer = load_gazetteer() if gazetteer is None else gazetteer
        self.register = load_register() if register is None else register
        if geonames is True:
            from geo.geonames import shared

            geonames = shared()
        self.geonames: GeoNames | None = geonames or None
        self._places = self.gazetteer.name_keys
        self._register = {name_key(n): e for n, e in self.register.names().items()}
        self._place_slips: dict[str, set[str]] = {}
        for k, ps in self._places.items():
            if len(k) >= 5:
                self._place_slips.setdefault(_ocr_key(k), set()).update(p.id for p in ps)
        self._register_slips = {_ocr_key(k) for k in self._register if len(k) >= 5}
        self._max_words = _MAX_NAME_WORDS
        self._analyse = functools.lru_cache(maxsize=65536)(self._analyse_run)
        self._plain: dict[str, tuple[_Hit, ...] | object] = {}

    # -- one run of capitalised words, independent of where it stands (cached)

    def _analyse_run(self, run: str, sentence_initial: bool | None,
                     after_locative: bool | None) -> tuple[_Hit, ...] | object:
        """The matches in a run; ``_CONTEXT`` if the answer depends on a flag given as None (unknown)."""
        try:
            return self._matches(run, sentence_initial, after_locative)
        except _NeedsContext:
            return _CONTEXT

    def _matches(self, run: str, sentence_initial: bool | None, after_locative: bool | None) -> tuple[_Hit, ...]:
        parts = [(m.start(), m.end(), m.group()) for m in _PART.finditer(run)]
        hits: list[_Hit] = []
        unmatched: list[list[tuple[int, int, str]]] = [[]]
        i = 0
        while i < len(parts):
            s, e, word = parts[i]
            hit = None
            if word[0].isupper():
                for j in range(min(len(parts), i + self._max_words), i, -1):
                    end = parts[j - 1][1]
                    if not parts[j - 1][2][0].isalnum() or parts[j - 1][2] in _CONNECTORS:
                        continue
                    key = name_key(run[s:end])
                    places = self._places.get(key)
                    entry = self._register.get(key)
                    if places and entry:
                        # A name both of a place and of a person: "in Frunze" is the town.
                        if after_locative is None:
                            raise _NeedsContext
                        hit = _Hit(s, end, "place", key, tuple(places)) if after_locative and i == 0 else \
                            _Hit(s, end, "register", key, entry=entry)
                    elif places:
                        hit = _Hit(s, end, "place", key, tuple(places))
                    elif entry:
                        hit = _Hit(s, end, "register", key, entry=entry)
                    if hit:
                        i = j
                        break
            if hit:
                hits.append(hit)
                unmatched.append([])
            else:
                if word in _CONNECTORS or (word[0].islower() and not unmatched[-1]):
                    unmatched.append([])
                else:
                    unmatched[-1].append((s, e, word))
                i += 1
        for group in unmatched:
            first = bool(group) and group[0][0] == 0
            hit = self._fallback(run, group, sentence_initial if first else False, after_locative if first else False)
            if hit:
                hits.append(hit)
        return tuple(h for h in hits if h.kind != "register")

    def _fallback(self, run: str, group: list[tuple[int, int, str]], initial: bool | None,
                  locative: bool | None) -> _Hit | None:
        """GeoNames, then scanning slips, for capitalised words that matched no curated name."""
        skip = 0  # an index, not group[1:] in a loop: a run of 250,000 "A-" must cost linear time
        while skip < len(group) and group[skip][2].lower() in _FUNCTION:
            # "In Moscow": the function word stood where a preposition stands.
            locative = locative or group[skip][2].lower() in _LOCATIVE
            skip, initial = skip + 1, False
        group = group[skip:]
        if not group or not group[0][2][0].isupper():
            return None
        s, e = group[0][0], group[-1][1]
        text = run[s:e]
        key = name_key(text)
        if len(key) < 4 or (text.isupper() and len(text) <= 5):
            return None
        if self.geonames is not None:
            # No name is longer than _MAX_NAME_WORDS words: a longer run is looked up by its first word only.
            cities = self.geonames.lookup(text) if len(group) <= self._max_words else []
            if not cities and len(group) > 1 and all(
                    self.geonames.word_frequency(w) >= 3.5 for _, _, w in group[1:]):
                # A place name used as a modifier: "Petrograd Military Revolutionary Committee".
                s, e, text = group[0]
                key, cities = name_key(text), self.geonames.lookup(text)
            if cities and self._plausible(text, cities, initial, locative):
                return _Hit(s, e, "geonames", key)
            if cities:
                return None
        if len(group) == 1 and len(key) >= 5:
            slip = _ocr_key(text)
            if slip in self._register_slips:
                return None
            ids = self._place_slips.get(slip)
            if ids and len(ids) == 1 and (self.geonames is None or self.geonames.word_frequency(text) < 2.0):
                return _Hit(s, e, "slip", key, (self.gazetteer[next(iter(ids))],))
        return None

    def _plausible(self, text: str, cities: list[City], initial: bool | None, locative: bool | None) -> bool:
        """Is this capitalised name more likely the town than the English word or a person?

        The bigger the town, the more common a word its name may be and still be meant as the town
        ("Paris", but not "Nice" or "Reading" in running prose). After "in", "to" or "from" a name is
        read as a place readily; at the start of a sentence, where every word has a capital, less so.
        A name of several words is as common as its rarest word ("Red Cross" is no town).
        """
        assert self.geonames is not None
        words = _PART.findall(text)
        zipf = min(self.geonames.word_frequency(w) for w in words) if len(words) > 1 else \
            self.geonames.word_frequency(text)
        if zipf < 2.0:
            return True
        size = math.log10(max(c.population for c in cities) + 10)
        margins = {(False, False): 1.5, (True, False): 2.0, (False, True): 0.0, (True, True): 0.0}
        options = {v for (i, lo), v in margins.items()
                   if (initial is None or i == initial) and (locative is None or lo == locative)}
        answers = {size >= zipf + m for m in options}
        if len(answers) > 1:
            raise _NeedsContext
        return answers.pop()

    # -- a whole text

    def find(self, text: str, *, doc: str | None = None, date: dt.date | str | int | None = None) -> list[Mention]:
        """Every place mention in ``text``, in order."""
        if isinstance(date, str):
            date = parse_date(date)
        found: list[tuple[int, int, _Hit]] = []
        plain = self._plain
        for m in _RUN.finditer(text):
            run = m.group()
            known = plain.get(run)
            if known is None:
                if len(plain) > _MAX_CACHED_RUNS:
                    plain.clear()  # a long-lived parser meets many texts: keep memory bounded
                known = plain[run] = self._analyse_run(run, None, None)
            hits = known
            if hits is _CONTEXT:
                # Only runs whose reading depends on where they stand pay for looking around.
                start = m.start()
                before = text[max(0, start - 40):start]
                stripped = before.rstrip(" \t\"'‘“(—–-")
                initial = not stripped or stripped[-1] in ".!?:\n"
                words = before.split()
                locative = bool(words) and words[-1].lower() in _LOCATIVE
                hits = self._analyse(run, initial, locative)
            for h in hits:
                found.append((m.start() + h.start, m.start() + h.end, h))
        return self._resolve(text, found, doc, date)

    def _resolve(self, text: str, found: list[tuple[int, int, _Hit]], doc: str | None,
                 date: dt.date | int | None) -> list[Mention]:
        # One sense per text: every occurrence of a name goes to the same place.
        anchors = sorted({(h.places[0].lat, h.places[0].lon, _country(h.places[0]))
                          for _, _, h in found if h.kind in ("place", "slip") and len(h.places) == 1})
        choice: dict[str, Place | City] = {}
        ambiguous_curated = {h.key: h.places for _, _, h in found if h.kind == "place" and len(h.places) > 1}
        gn_keys = {h.key: self.geonames.lookup(text[s:e]) for s, e, h in found if h.kind == "geonames"} \
            if self.geonames else {}
        # First guess by size alone, then twice more by the company each place keeps.
        for k, cities in gn_keys.items():
            choice[k] = max(cities, key=lambda c: c.population)
        for k, places in ambiguous_curated.items():
            choice[k] = places[0]
        margins: dict[str, float] = {}
        options_of = list(gn_keys.items()) + list(ambiguous_curated.items())
        for _ in range(2):
            current = anchors + sorted({(c.lat, c.lon, _country(c)) for c in choice.values()})
            company = _Company(current)
            for k, options in options_of:
                scored = sorted(((company.score(o, (choice[k].lat, choice[k].lon)), i)
                                 for i, o in enumerate(options)), reverse=True)
                choice[k] = options[scored[0][1]]
                margins[k] = scored[0][0] - (scored[1][0] if len(scored) > 1 else 0.0)
        # Everything but the offsets is the same for every occurrence of a name: work it out once.
        fields: dict[str, dict] = {}
        for _, _, h in found:
            if h.key not in fields:
                fields[h.key] = self._fields(h, choice, margins, date)
        return [Mention(doc, s, e, text[s:e], **fields[h.key]) for s, e, h in sorted(found, key=lambda x: x[0])]

    def _fields(self, h: _Hit, choice: dict, margins: dict[str, float], date: dt.date | int | None) -> dict:
        if h.kind == "geonames":
            c = choice[h.key]
            score = round(min(0.95, 0.6 + 0.1 * margins.get(h.key, 0.0)), 2)
            return dict(place_id=c.place_id, name=c.name, name_at_time=c.name, lat=c.lat, lon=c.lon, score=score,
                        source="geonames", matched=c.name)
        p = choice[h.key] if h.kind == "place" and len(h.places) > 1 else h.places[0]
        if h.kind == "slip":
            slip = _ocr_key(h.key)
            matched = next((n.toponym for n in p.names if _ocr_key(n.toponym) == slip), p.title)
            return dict(place_id=p.id, name=p.title, name_at_time=p.name_at(date), lat=p.lat, lon=p.lon, score=0.8,
                        source=p.source, matched=matched, note=f"read as '{matched}': a scanning slip")
        matched = next((n.toponym for n in p.names if name_key(n.toponym) == h.key), p.title)
        score = 1.0 if len(h.places) == 1 else round(min(0.95, 0.6 + 0.1 * margins.get(h.key, 0.0)), 2)
        return dict(place_id=p.id, name=p.title, name_at_time=p.name_at(date), lat=p.lat, lon=p.lon, score=score,
                    source=p.source, matched=matched)


def _country(x: Place | City) -> str:
    return x.country if isinstance(x, City) else (x.ccodes[0] if x.ccodes else "")


_BANDS = ((100.0, 2.0), (300.0, 1.5), (800.0, 1.0), (1500.0, 0.5))  # nearest other place within km: bonus


class _Company:
    """The other places of a text, for scoring each namesake by the company it would keep.

    The score is size (log population; curated places count as large), plus a bonus for a place of
    the text near it, plus one for lying in the text's most frequent country. The places are kept in
    grids of 1° and 10° cells so that the nearest one is found among a few cells: a text of N
    distinct names costs N look-ups, not N² distances (a gazetteer-like list of 4,000 towns).
    """

    def __init__(self, places: list[tuple[float, float, str]]):
        self.places = places
        self.grids: dict[float, dict[tuple[int, int], list[tuple[float, float]]]] = {1.0: {}, 10.0: {}}
        for size, grid in self.grids.items():
            for lat, lon, _ in places:
                grid.setdefault(self._cell(lat, lon, size), []).append((lat, lon))
        self.countries = collections.Counter(c for _, _, c in places if c)
        self.at: dict[tuple[float, float], list[str]] = {}
        for lat, lon, c in places:
            self.at.setdefault((lat, lon), []).append(c)

    @staticmethod
    def _cell(lat: float, lon: float, size: float) -> tuple[int, int]:
        return math.floor((lat + 90) / size), math.floor(((lon + 180) % 360) / size)

    def _any_within(self, lat: float, lon: float, km: float, skip: tuple[float, float]) -> bool:
        size = 1.0 if km <= 300 else 10.0
        grid, cols = self.grids[size], round(360 / size)
        dlat = km / 111.0
        dlon = km / (111.0 * max(math.cos(math.radians(lat)), 1e-6))
        rows = range(math.floor((lat - dlat + 90) / size), math.floor((lat + dlat + 90) / size) + 1)
        first = math.floor(((lon - dlon + 180) % 360) / size)
        span = cols if dlon >= 180 else math.floor((2 * dlon) / size) + 2
        for i in rows:
            for j in range(first, first + min(span, cols)):
                for p in grid.get((i, j % cols), ()):
                    if p != skip and distance_km(lat, lon, p[0], p[1]) < km:
                        return True
        return False

    def score(self, option: Place | City, skip: tuple[float, float]) -> float:
        """``option``'s score beside every place of the text except those at ``skip`` (its own name's choice)."""
        size = math.log10(option.population + 10) if isinstance(option, City) else 6.0
        excluded = self.at.get(skip, [])
        if len(self.places) <= len(excluded):
            return size
        near = next((bonus for km, bonus in _BANDS if self._any_within(option.lat, option.lon, km, skip)), 0.0)
        # The most frequent country of the others: among the top few, once the excluded are taken away.
        gone = collections.Counter(c for c in excluded if c)
        top = [(n - gone[c], c) for c, n in self.countries.most_common(len(gone) + 1)]
        best = max(top)[1] if top and max(top)[0] > 0 else None
        same = 0.5 if best and _country(option) == best else 0.0
        return size + 1.5 * near + same


@functools.cache
def default_geoparser() -> Geoparser:
    """The geoparser over the shipped gazetteer, register and GeoNames (built once per process)."""
    return Geoparser()


def find_mentions(text: str, gazetteer: Gazetteer | None = None, *, doc: str | None = None,
                  date: dt.date | str | int | None = None, register: Register | None = None,
                  geonames: GeoNames | bool | None = True) -> list[Mention]:
    """Every place mention in ``text``: curated places first, GeoNames for the rest.

    ``date`` (the date the text tells of) chooses the names of the time for ``name_at_time``.
    """
    if gazetteer is None and register is None and geonames is True:
        parser = default_geoparser()
    else:
        parser = Geoparser(gazetteer, register, geonames)
    return parser.find(text, doc=doc, date=date)
