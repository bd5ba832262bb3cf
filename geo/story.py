"""The story as data: the journeys of exile and expulsion, the letters, the people, and the text behind each.

``data/story.yaml`` is the historian's file. Every element points into the texts of the catalog by
quotation (the W3C Web Annotation ``TextQuoteSelector``: the exact words, with a little text before
and after where the words occur more than once); the quotations are resolved to offsets on load, so a
text that changes under a quotation is a load error that names the element, not a silent drift. A fact
that does not come from the texts carries ``sources``, and the app shows it as coming from outside.

>>> from geo.story import load_story
>>> story = load_story()
>>> nina = next(l for l in story.letters if l.id == "nina-1928-03-20")
>>> nina.transit_days, nina.fate
(73, 'delayed')
>>> [s.place_id for s in story.journeys["expulsion-1929"].stops][:3]
['almaty', 'bishkek', 'shchigry']
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from geo.datafiles import excerpt, load_yaml
from geo.dates import day_of, naming_day, read as read_date, words
from geo.errors import GazetteerError, StoryError, TextError
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.register import Entry, load_register
from geo.storyfolder import DEFAULT_STORY_DIR, StoryFolder, story_folder
from geo.texts import DATA_DIR, Text, load_catalog

STORY_PATH = DATA_DIR / "story.yaml"


# How each mode of travel reads in a sentence ("arrived by rail"); the details of a leg (bus, sledge)
# belong in its note, not here.
MODE_WORDS = {"rail": "by rail", "road": "by road", "sea": "by sea", "foot": "on foot"}
# A drafted journey's legs have no mode until the historian gives one.
NO_MODE_WORDS = "by a way not yet given"


def mode_words(mode: str | None) -> str:
    """How a leg's mode reads in a sentence: 'by rail', or, for a leg with no mode yet, say so.

    >>> mode_words("foot"), mode_words(None)
    ('on foot', 'by a way not yet given')
    """
    return MODE_WORDS.get(mode, mode) if mode else NO_MODE_WORDS

# What may be less than certain about a stop or a leg, in the words of every legend and description:
# the gazetteer's point of the place (less-certain, uncertain), the date (approximate ~, uncertain ?),
# the way a leg went (``route: assumed``).
DOUBT_WORDS = {"place": "place located approximately", "date": "date approximate or uncertain",
               "route": "route assumed by the editor"}


# ---- dates (EDTF): read and worded in geo.dates, for every part alike


def edtf_bounds(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest day an EDTF string can mean (strict bounds; open ends are None).

    Raises ``ValueError`` for a string that is not EDTF.

    >>> edtf_bounds("1928-05/1928-06-02")
    (datetime.date(1928, 5, 1), datetime.date(1928, 6, 2))
    >>> edtf_bounds("1928-01-25~")
    (datetime.date(1928, 1, 25), datetime.date(1928, 1, 25))
    """
    when = read_date(value)
    return (when.earliest, when.latest) if when else (None, None)


# ---- the objects a notebook user works with


@dataclass(frozen=True)
class Source:
    """A citation for a fact from outside the texts (the app shows such facts as coming from outside)."""

    label: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Excerpt:
    """The words of a text that support an element, with their offsets into ``catalog[text_id].content``."""

    text_id: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def context(self, text: str, width: int = 160) -> tuple[str, str, str]:
        """(before, exact, after): the quotation with up to ``width`` characters either side, cut at words.

        >>> Excerpt("t", "Frunze", "", "", 4, 10).context("via Frunze to Alma-Ata", width=8)
        ('via ', 'Frunze', ' to')
        """
        lo = max(0, self.start - width)
        before = text[lo:self.start]
        if lo > 0 and not text[lo - 1].isspace():  # cut in the middle of a word: drop its end
            cut = re.search(r"\s", before)
            before = before[cut.end():] if cut else ""
        hi = min(len(text), self.end + width)
        after = text[self.end:hi]
        if hi < len(text) and not text[hi].isspace():
            cut = max(after.rfind(" "), after.rfind("\n"))
            after = after[:cut] if cut > 0 else ""
        return before, text[self.start:self.end], after


@dataclass(frozen=True)
class Leg:
    """One leg of a journey: from a place to a place by one mode, between two EDTF dates."""

    id: str
    from_place: str
    to_place: str
    mode: str | None  # None: not given yet (a drafted story)
    start: str | None = None
    end: str | None = None
    via: tuple[str, ...] = ()
    excerpts: tuple[Excerpt, ...] = ()
    sources: tuple[Source, ...] = ()
    note: str | None = None
    route: str = "told"  # 'assumed': the way it went is the editor's assumption, not told by a source

    @property
    def route_assumed(self) -> bool:
        """Whether the way the leg went is the editor's assumption (``route: assumed`` in the file)."""
        return self.route == "assumed"

    @property
    def start_date(self) -> dt.date | None:
        """The earliest plausible day the leg began."""
        return edtf_bounds(self.start)[0]

    @property
    def end_date(self) -> dt.date | None:
        """The latest plausible day the leg ended."""
        return edtf_bounds(self.end)[1]


@dataclass(frozen=True)
class StopNote:
    """What the file says of a stop itself (not of the leg that arrives there): excerpts, sources, a note."""

    place_id: str
    excerpts: tuple[Excerpt, ...] = ()
    sources: tuple[Source, ...] = ()
    note: str | None = None
    index: int | None = None  # which stop, where the journey passes the place more than once


@dataclass(frozen=True)
class Stop:
    """A place a journey reaches: the first leg's start, then each leg's end."""

    index: int
    place_id: str
    date: str | None
    excerpts: tuple[Excerpt, ...] = ()
    leg: Leg | None = None
    note: str | None = None
    sources: tuple[Source, ...] = ()

    @property
    def number(self) -> int:
        """The stop as readers count it: 1 for the departure. (``index``, like ``stop=`` in the app's
        URLs and ``index`` in the story file, counts from 0.)"""
        return self.index + 1


@dataclass(frozen=True)
class Journey:
    """A journey: who travelled, and its legs in order (each leg starts where the one before ended)."""

    id: str
    title: str
    description: str
    travellers: tuple[str, ...]
    legs: tuple[Leg, ...]
    stop_notes: tuple[StopNote, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def stops(self) -> tuple[Stop, ...]:
        if not self.legs:
            return ()
        by_index = {n.index: n for n in self.stop_notes if n.index is not None}
        by_place = {n.place_id: n for n in self.stop_notes if n.index is None}

        def stop(i: int, place_id: str, date: str | None, leg: Leg | None) -> Stop:
            n = by_index.get(i) or by_place.get(place_id)
            return Stop(i, place_id, date, n.excerpts if n else (), leg, n.note if n else None,
                        n.sources if n else ())

        first = self.legs[0]
        out = [stop(0, first.from_place, first.start, None)]
        for i, leg in enumerate(self.legs, start=1):
            out.append(stop(i, leg.to_place, leg.end, leg))
        return tuple(out)

    @property
    def start(self) -> str | None:
        return self.legs[0].start if self.legs else None

    @property
    def end(self) -> str | None:
        return self.legs[-1].end if self.legs else None

    @property
    def date(self) -> dt.date | None:
        """The journey's first day, as far as its dates tell (the first leg with a date)."""
        return naming_day(*(v for leg in self.legs for v in (leg.start, leg.end)))


@dataclass(frozen=True)
class Letter:
    """A letter or telegram (or a batch of them) the texts tell of, and what became of it."""

    id: str
    kind: str
    sender: str | None
    recipient: str | None
    from_place: str | None
    to_place: str | None
    sent: str | None
    received: str | None
    status: str
    count: int = 1
    excerpts: tuple[Excerpt, ...] = ()
    sources: tuple[Source, ...] = ()
    note: str | None = None
    title: str | None = None
    count_known: bool = True

    @property
    def transit_days(self) -> int | None:
        """Days from posting to delivery, when both are exact days (73 for the daughter's letter)."""
        sent, received = day_of(self.sent), day_of(self.received)
        if sent is None or received is None:
            return None
        return (received - sent).days

    @property
    def fate(self) -> str:
        """'prompt', 'delayed', 'lost', 'never-arrived' or 'unknown' (a delivered letter counts as prompt)."""
        return "prompt" if self.status == "delivered" else self.status

    @property
    def sent_date(self) -> dt.date | None:
        return edtf_bounds(self.sent)[0]

    @property
    def received_date(self) -> dt.date | None:
        return edtf_bounds(self.received)[1]


@dataclass(frozen=True)
class PersonPlace:
    """Where the texts (or a cited source) put a person, and when."""

    place_id: str
    when: str | None = None
    excerpts: tuple[Excerpt, ...] = ()
    sources: tuple[Source, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    description: str | None = None
    places: tuple[PersonPlace, ...] = ()
    excerpts: tuple[Excerpt, ...] = ()
    sources: tuple[Source, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Rejection:
    """A mention the historian said is wrong, remembered so that the geoparser does not bring it back.

    Without ``place``, the name is no place at all (in ``text``, or in every text when ``text`` is None);
    with ``place``, that place is the wrong one for the name.
    """

    name: str
    text: str | None = None
    place: str | None = None

    def rejects(self, mention: Any) -> bool:
        """Whether a :class:`geo.geoparse.Mention` is one this rejection rules out."""
        from geo.geonames import name_key

        if self.text is not None and mention.doc != self.text:
            return False
        if self.place is not None and mention.place_id != self.place:
            return False
        return name_key(mention.text) == name_key(self.name)


@dataclass(frozen=True)
class Story:
    """The whole story, resolved: journeys by id, letters in file order, persons by id, and what they rest on."""

    title: str
    journeys: dict[str, Journey]
    letters: tuple[Letter, ...]
    persons: dict[str, Person]
    gazetteer: Gazetteer = field(repr=False)
    texts: dict[str, Text] = field(repr=False)
    path: Path | None = None
    description: str | None = None
    folder: StoryFolder | None = field(default=None, repr=False)
    focus_place: str | None = None  # the story's own choice (story.yaml map.focus)
    extent: tuple[float, float, float, float] | None = None  # west, south, east, north (map.extent)
    rejected: tuple[Rejection, ...] = ()

    @property
    def focus(self) -> str | None:
        """The place the story centres on: ``map.focus`` of story.yaml, else the place most stops are at.

        >>> load_story().focus
        'almaty'
        """
        if self.focus_place:
            return self.focus_place
        counts: dict[str, int] = {}
        for j in self.journeys.values():
            for s in j.stops:
                counts[s.place_id] = counts.get(s.place_id, 0) + 1
        for x in self.letters:
            for pid in (x.from_place, x.to_place):
                if pid:
                    counts[pid] = counts.get(pid, 0) + 1
        if counts:
            return max(counts, key=counts.get)  # ties: the first named
        return next(iter(self.gazetteer.places), None)

    def accepts(self, mention: Any) -> bool:
        """False for a mention the historian rejected (see :class:`Rejection`)."""
        return not any(r.rejects(mention) for r in self.rejected)

    @property
    def date(self) -> dt.date | None:
        """The date the story tells of, for naming places as they were named then.

        The earliest ``story_date`` among its texts; failing that, the earliest day its journeys and
        letters can mean; failing that, None (and places go by today's names).

        >>> load_story().date
        datetime.date(1928, 1, 1)
        """
        told = [t.story_date for t in self.texts.values() if t.story_date]
        if told:
            return min(told)
        values = [v for j in self.journeys.values() for leg in j.legs for v in (leg.start, leg.end)]
        values += [v for x in self.letters for v in (x.sent, x.received)]
        days = [d for v in values if v for d in edtf_bounds(v) if d]
        return min(days) if days else None

    def naming_day(self, *dates: str | dt.date | None, journey: Journey | None = None) -> dt.date | None:
        """The one rule for the day at which a place is named: the first day of the element's own
        ``dates`` (in the order given), else its journey's first day, else the story's date.

        >>> story = load_story()
        >>> exile = story.journeys["exile-1928"]
        >>> krasin = exile.stops[4]          # no date of its own: named as of its journey
        >>> story.naming_day(krasin.date, journey=exile)
        datetime.date(1928, 1, 18)
        >>> story.gazetteer["almaty"].name_at(story.naming_day("1928-23"))
        'Alma-Ata'
        """
        return naming_day(*dates, journey.date if journey else None, self.date)

    def doubts(self, stop: Stop) -> tuple[str, ...]:
        """What is less than certain about a stop: 'place' (the gazetteer's point is less-certain or
        uncertain) and 'date' (approximate or uncertain); the keys of :data:`DOUBT_WORDS`.

        >>> story = load_story()
        >>> [story.doubts(s) for s in story.journeys["exile-1928"].stops][1:4]
        [(), ('date',), ('place', 'date')]
        """
        out = []
        place = self.gazetteer[stop.place_id] if stop.place_id in self.gazetteer else None
        if place is not None and place.certainty != "certain":
            out.append("place")
        try:
            when = read_date(stop.date)
        except ValueError:
            when = None
        if when is not None and (when.approximate or when.uncertain):
            out.append("date")
        return tuple(out)

    def stop_day(self, journey: Journey, stop: Stop) -> dt.date | None:
        """The day at which a stop's place is named (its date, else its journey's, else the story's)."""
        return self.naming_day(stop.date, journey=journey)

    def leg_day(self, journey: Journey, leg: Leg) -> dt.date | None:
        """The day at which a leg's places are named: its start, else its end, else its journey's, else
        the story's."""
        return self.naming_day(leg.start, leg.end, journey=journey)

    def text(self, text_id: str) -> str:
        """The content of a text (read once; the texts are small)."""
        return _content(self.texts[text_id])

    def elements(self) -> list[tuple[str, Any]]:
        """Every element that carries excerpts, as (element id, element) pairs."""
        out: list[tuple[str, Any]] = []
        for j in self.journeys.values():
            for leg in j.legs:
                out.append((f"{j.id}/{leg.id}", leg))
            for n in j.stop_notes:
                out.append((f"{j.id}/{n.place_id}", n))
        out += [(letter.id, letter) for letter in self.letters]
        for p in self.persons.values():
            out.append((p.id, p))
            out += [(f"{p.id}@{pp.place_id}", pp) for pp in p.places]
        return out

    def excerpts_for_place(self, place_id: str) -> list[tuple[str, Excerpt]]:
        """The excerpts of every element that involves a place, as (element id, excerpt) pairs."""
        out: list[tuple[str, Excerpt]] = []
        for eid, el in self.elements():
            if isinstance(el, Leg):
                involved = place_id in (el.from_place, el.to_place)
            elif isinstance(el, StopNote | PersonPlace):
                involved = el.place_id == place_id
            elif isinstance(el, Letter):
                involved = place_id in (el.from_place, el.to_place)
            else:
                involved = False
            if involved:
                out += [(eid, e) for e in el.excerpts]
        return out


# ---- quotations


def _content(text: Text) -> str:
    # Keyed by modification time, so a text edited while the app runs is read again; read only on a miss.
    key = (str(text.path), text.path.stat().st_mtime_ns)
    if key not in _CONTENT_CACHE:
        _CONTENT_CACHE[key] = text.content
    return _CONTENT_CACHE[key]


_CONTENT_CACHE: dict[tuple[str, int], str] = {}


def find_quote(text: str, exact: str, prefix: str = "", suffix: str = "") -> list[tuple[int, int]]:
    """Every place where ``exact`` occurs with ``prefix`` right before it and ``suffix`` right after."""
    if not exact:
        return []
    out = []
    i = text.find(exact)
    while i != -1:
        j = i + len(exact)
        if text[max(0, i - len(prefix)):i] == prefix and text[j:j + len(suffix)] == suffix:
            out.append((i, j))
        i = text.find(exact, i + 1)
    return out


def resolve_quote(text: str, exact: str, prefix: str = "", suffix: str = "") -> tuple[int, int] | None:
    """The (start, end) offsets of a quotation, or None when it is not there or not there only once.

    >>> resolve_quote("to Frunze, then to Frunze again", "Frunze", suffix=" again")
    (19, 25)
    """
    found = find_quote(text, exact, prefix, suffix)
    return found[0] if len(found) == 1 else None


# ---- the file format, as pydantic models (they collect every structural problem with its location)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _SourceIn(_Model):
    label: str = Field(min_length=1)
    url: str | None = None
    note: str | None = None


class _ExcerptIn(_Model):
    text: str = Field(min_length=1)
    exact: str = Field(min_length=1)
    prefix: str = ""
    suffix: str = ""


class _LegIn(_Model):
    id: str = Field(min_length=1)
    from_: str = Field(alias="from", min_length=1)
    to: str = Field(min_length=1)
    mode: Literal["rail", "road", "sea", "foot"] | None = None
    route: Literal["told", "assumed"] = "told"
    start: str | None = None
    end: str | None = None
    via: list[str] = []
    excerpts: list[_ExcerptIn] = []
    sources: list[_SourceIn] = []
    note: str | None = None


class _StopIn(_Model):
    at: str = Field(min_length=1)
    index: int | None = Field(default=None, ge=0)
    excerpts: list[_ExcerptIn] = []
    sources: list[_SourceIn] = []
    note: str | None = None


class _JourneyIn(_Model):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    travellers: list[str] = []
    stops: list[_StopIn] = []
    legs: list[_LegIn] = Field(min_length=1)
    sources: list[_SourceIn] = []


class _LetterIn(_Model):
    id: str = Field(min_length=1)
    kind: Literal["letter", "telegram", "postcard", "batch"]
    title: str | None = None
    sender: str | None = None
    recipient: str | None = None
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    sent: str | None = None
    received: str | None = None
    status: Literal["delivered", "delayed", "lost", "never-arrived", "unknown"]
    count: int = Field(default=1, ge=1)
    count_known: bool = True
    excerpts: list[_ExcerptIn] = []
    sources: list[_SourceIn] = []
    note: str | None = None


class _PersonPlaceIn(_Model):
    place: str = Field(min_length=1)
    when: str | None = None
    excerpts: list[_ExcerptIn] = []
    sources: list[_SourceIn] = []
    note: str | None = None


class _PersonIn(_Model):
    id: str = Field(min_length=1)
    name: str | None = None
    description: str | None = None
    places: list[_PersonPlaceIn] = []
    excerpts: list[_ExcerptIn] = []
    sources: list[_SourceIn] = []
    note: str | None = None


class _MapIn(_Model):
    focus: str | None = None
    extent: tuple[float, float, float, float] | None = None


class _RejectionIn(_Model):
    name: str = Field(min_length=1)
    text: str | None = None
    place: str | None = None


class _StoryIn(_Model):
    title: str = Field(min_length=1)
    description: str | None = None
    map: _MapIn = _MapIn()
    journeys: list[_JourneyIn] = []
    letters: list[_LetterIn] = []
    persons: list[_PersonIn] = []
    rejected: list[_RejectionIn] = []


# ---- loading


def _display(path: Path) -> str:
    """A path as the historian knows it: 'data/story.yaml' when it lies in this project."""
    try:
        return str(path.resolve().relative_to(DATA_DIR.parent))
    except ValueError:
        return str(path)


def _loc(parts: tuple[Any, ...]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out.replace("from_", "from")


def _structural(e: Any) -> str:
    """A pydantic error in the historian's words: what the field must be, and what it holds."""
    if e["type"] == "missing":
        return "missing; this field is required"
    got = f" (got {excerpt(e['input'])})"
    if e["type"] == "string_type":
        return "must be a string" + got
    if e["type"] == "list_type":
        field = e["loc"][-1] if e["loc"] else ""
        if field in ("via", "travellers"):
            what = "place" if field == "via" else "person"
            example = f", e.g. [{excerpt(e['input'])[1:-1]}]" if isinstance(e["input"], str) else ""
            return f"{field} must be a list of {what} ids{example}" + got
        return "must be a list" + got
    return e["msg"] + got


def _register_persons(path: str | Path | None) -> tuple[dict[str, Entry], list[str]]:
    """The persons of the register by id, and the register's problems (which are the story's too)."""
    if path is None:
        return {}, []
    try:
        return load_register(path).persons, []
    except GazetteerError as e:
        return {}, e.problems or [e.message]


class _Checker:
    """Walks the raw document (whatever its shape) and collects every problem that is not structural."""

    def __init__(self, file: str, gazetteer: Gazetteer, catalog: dict[str, Text], person_ids: set[str],
                 folder: StoryFolder | None = None):
        self.file = file
        folder = folder or StoryFolder(DEFAULT_STORY_DIR)
        # The files as the historian knows them, for "add it to ..." in the messages.
        self.places_name = _display(folder.places_file)
        self.register_name = _display(folder.register_file)
        self.catalog_name = _display(folder.catalog_file)
        self.gazetteer = gazetteer
        self.catalog = catalog
        self.person_ids = person_ids
        self.problems: list[str] = []
        self.resolved: dict[tuple[str, str, str, str], tuple[int, int]] = {}

    def say(self, where: str, msg: str) -> None:
        if len(msg) > 400:  # a value quoted from the file may be a megabyte long
            msg = msg[:200] + " … " + msg[-150:]
        self.problems.append(f"{self.file}: {where}: {msg}")

    def place(self, where: str, value: Any, *, optional: bool = False) -> None:
        if value is None and optional:
            return
        if isinstance(value, str) and value not in self.gazetteer:
            self.say(where, f"'{value}' is not a place of the gazetteer; add it to {self.places_name} "
                            f"or use the id of a place there")

    def person(self, where: str, value: Any) -> None:
        if isinstance(value, str) and value not in self.person_ids:
            self.say(where, f"'{value}' is not a person of the story or of {self.register_name}")

    def date(self, where: str, value: Any) -> tuple[dt.date | None, dt.date | None]:
        if not isinstance(value, str) or not value:
            return None, None
        try:
            lo, hi = edtf_bounds(value)
        except ValueError:
            self.say(where, f"'{value}' is not an EDTF date (e.g. '1928-01-18', '1928-01-25~', "
                            f"'1928-04/1928-10', '1928-23' for autumn)")
            return None, None
        if lo and hi and hi < lo:
            self.say(where, f"'{value}' ends before it begins")
            return None, None
        return lo, hi

    def order(self, where: str, first: tuple[Any, Any], then: tuple[Any, Any], what: str) -> None:
        if first[0] and then[1] and then[1] < first[0]:
            self.say(where, f"{what} ends before it begins ({then[1]} is before {first[0]})")

    def excerpts(self, where: str, element: str, raw: Any) -> None:
        if not isinstance(raw, list):
            return
        for k, ex in enumerate(raw):
            w = f"{where}.excerpts[{k}]"
            # A field that is not a string is a structural problem, reported from the model.
            if not isinstance(ex, dict) or not all(isinstance(ex.get(f), str) for f in ("text", "exact")) \
                    or not all(isinstance(ex.get(f, ""), str) for f in ("prefix", "suffix")):
                continue
            tid = ex["text"]
            if tid not in self.catalog:
                self.say(w + ".text", f"'{tid}' is not a text of the catalog ({self.catalog_name}); "
                                      f"one of: {', '.join(sorted(self.catalog))}")
                continue
            exact, prefix, suffix = ex["exact"], ex.get("prefix", ""), ex.get("suffix", "")
            found = find_quote(_content(self.catalog[tid]), exact, prefix, suffix)
            short = exact if len(exact) <= 60 else exact[:57] + "..."
            if not found:
                self.say(w, f"the quotation '{short}' of {element} does not match the text {tid}; "
                            f"copy the words again from the text (prefix and suffix too)")
            elif len(found) > 1:
                self.say(w, f"the quotation '{short}' of {element} occurs {len(found)} times in {tid}; "
                            f"add a prefix or suffix to say which")
            else:
                self.resolved[(tid, exact, prefix, suffix)] = found[0]

    def sources(self, where: str, raw: Any) -> None:
        for k, s in enumerate(raw if isinstance(raw, list) else []):
            url = s.get("url") if isinstance(s, dict) else None
            if isinstance(url, str) and not re.match(r"https?://", url):
                self.say(f"{where}.sources[{k}].url", f"'{url}' is not a web address (http:// or https://)")

    def unique(self, where: str, seen: dict[str, str], value: Any, what: str) -> None:
        if not isinstance(value, str):
            return
        if value in seen:
            self.say(where, f"{what} id '{value}' repeats {seen[value]}; ids must be unique")
        else:
            seen[value] = where


def _items(doc: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    raw = doc.get(key) if isinstance(doc, dict) else None
    return [(i, x) for i, x in enumerate(raw) if isinstance(x, dict)] if isinstance(raw, list) else []


def _list(raw: Any) -> list[Any]:
    """A list field's items; anything else (a string where a list belongs) is reported from the model."""
    return raw if isinstance(raw, list) else []


def _name(raw: dict[str, Any], what: str) -> str:
    return f"{what} '{raw['id']}'" if isinstance(raw.get("id"), str) else what


def _check(doc: Any, c: _Checker) -> None:
    m = doc.get("map") if isinstance(doc, dict) else None
    if isinstance(m, dict):
        c.place("map.focus", m.get("focus"), optional=True)
        extent = m.get("extent")
        if isinstance(extent, list) and len(extent) == 4 and all(isinstance(v, int | float) for v in extent):
            w, so, e, n = extent
            if not (-180 <= w < e <= 180 and -90 <= so < n <= 90):
                c.say("map.extent", f"{extent} is not [west, south, east, north] in degrees, west < east, south < north")
    for i, r in _items(doc, "rejected"):
        if isinstance(r.get("text"), str) and r["text"] not in c.catalog:
            c.say(f"rejected[{i}].text", f"'{r['text']}' is not a text of the catalog ({c.catalog_name})")
    legs_seen: dict[str, str] = {}
    journeys_seen: dict[str, str] = {}
    for i, j in _items(doc, "journeys"):
        jw = f"journeys[{i}]"
        c.unique(jw + ".id", journeys_seen, j.get("id"), "journey")
        for k, t in enumerate(_list(j.get("travellers"))):
            c.person(f"{jw}.travellers[{k}]", t)
        c.sources(jw, j.get("sources"))
        legs = _items(j, "legs")
        stops: list[str] = []
        previous_to, previous_end = None, (None, None)
        for n, leg in legs:
            lw = f"{jw}.legs[{n}]"
            c.unique(lw + ".id", legs_seen, leg.get("id"), "leg")
            c.place(lw + ".from", leg.get("from"))
            c.place(lw + ".to", leg.get("to"))
            for v, via in enumerate(_list(leg.get("via"))):
                c.place(f"{lw}.via[{v}]", via)
            start = c.date(lw + ".start", leg.get("start"))
            end = c.date(lw + ".end", leg.get("end"))
            c.order(lw + ".end", start, end, "the leg")
            c.order(lw + ".start", previous_end, (None, start[1]), "the journey")
            if previous_to is not None and isinstance(leg.get("from"), str) and leg["from"] != previous_to:
                c.say(lw + ".from", f"'{leg['from']}' is not where the leg before ended ('{previous_to}'); "
                                    f"a journey's legs must follow on")
            if not stops and isinstance(leg.get("from"), str):
                stops.append(leg["from"])
            if isinstance(leg.get("to"), str):
                stops.append(leg["to"])
            previous_to, previous_end = leg.get("to"), (end[0], end[1])
            c.excerpts(lw, _name(leg, "leg"), leg.get("excerpts"))
            c.sources(lw, leg.get("sources"))
        stop_seen: dict[str, str] = {}
        for s, stop in _items(j, "stops"):
            sw = f"{jw}.stops[{s}]"
            at = stop.get("at")
            c.place(sw + ".at", at)
            index = stop.get("index")
            if isinstance(at, str) and at in c.gazetteer:
                if at not in stops:
                    c.say(sw + ".at", f"'{at}' is not a stop of the journey (its stops: {', '.join(stops)})")
                elif isinstance(index, int) and not (0 <= index < len(stops) and stops[index] == at):
                    c.say(sw + ".index", f"index {index} (stop {index + 1}, counting the departure as 1) of the "
                                         f"journey is not '{at}' (its stops: {', '.join(stops)})")
                elif index is None and stops.count(at) > 1:
                    c.say(sw + ".at", f"'{at}' is a stop of the journey more than once; "
                                      f"give `index` (0 for the start) to say which")
            c.unique(sw + ".at", stop_seen, f"{at}#{index}" if isinstance(index, int) else at, "stop")
            c.excerpts(sw, f"the stop '{at}' of {_name(j, 'journey')}", stop.get("excerpts"))
            c.sources(sw, stop.get("sources"))
    letters_seen: dict[str, str] = {}
    for i, x in _items(doc, "letters"):
        w = f"letters[{i}]"
        c.unique(w + ".id", letters_seen, x.get("id"), "letter")
        c.person(w + ".sender", x.get("sender"))
        c.person(w + ".recipient", x.get("recipient"))
        c.place(w + ".from", x.get("from"), optional=True)
        c.place(w + ".to", x.get("to"), optional=True)
        sent = c.date(w + ".sent", x.get("sent"))
        received = c.date(w + ".received", x.get("received"))
        c.order(w + ".received", sent, received, "the letter's time in the post")
        c.excerpts(w, _name(x, "letter"), x.get("excerpts"))
        c.sources(w, x.get("sources"))
    persons_seen: dict[str, str] = {}
    for i, p in _items(doc, "persons"):
        w = f"persons[{i}]"
        c.unique(w + ".id", persons_seen, p.get("id"), "person")
        for k, pp in _items(p, "places"):
            pw = f"{w}.places[{k}]"
            c.place(pw + ".place", pp.get("place"))
            c.date(pw + ".when", pp.get("when"))
            c.excerpts(pw, f"the place '{pp.get('place')}' of {_name(p, 'person')}", pp.get("excerpts"))
            c.sources(pw, pp.get("sources"))
        c.excerpts(w, _name(p, "person"), p.get("excerpts"))
        c.sources(w, p.get("sources"))


def _build(m: _StoryIn, c: _Checker, register: dict[str, Entry], gazetteer: Gazetteer,
           catalog: dict[str, Text], path: Path, folder: StoryFolder | None) -> Story:
    def excerpts(raw: list[_ExcerptIn]) -> tuple[Excerpt, ...]:
        out = []
        for e in raw:
            start, end = c.resolved[(e.text, e.exact, e.prefix, e.suffix)]
            out.append(Excerpt(e.text, e.exact, e.prefix, e.suffix, start, end))
        return tuple(out)

    def sources(raw: list[_SourceIn]) -> tuple[Source, ...]:
        return tuple(Source(s.label, s.url, s.note) for s in raw)

    journeys = {}
    for j in m.journeys:
        legs = tuple(Leg(leg.id, leg.from_, leg.to, leg.mode, leg.start, leg.end, tuple(leg.via),
                         excerpts(leg.excerpts), sources(leg.sources), leg.note, leg.route) for leg in j.legs)
        notes = tuple(StopNote(s.at, excerpts(s.excerpts), sources(s.sources), s.note, s.index) for s in j.stops)
        journeys[j.id] = Journey(j.id, j.title, j.description.strip(), tuple(j.travellers), legs, notes,
                                 sources(j.sources))
    letters = tuple(
        Letter(x.id, x.kind, x.sender, x.recipient, x.from_, x.to, x.sent, x.received, x.status, x.count,
               excerpts(x.excerpts), sources(x.sources), x.note, x.title, x.count_known)
        for x in m.letters)
    persons = {}
    for p in m.persons:
        reg = register.get(p.id)
        places = tuple(PersonPlace(pp.place, pp.when, excerpts(pp.excerpts), sources(pp.sources), pp.note)
                       for pp in p.places)
        persons[p.id] = Person(p.id, p.name or (reg.name if reg else p.id),
                               p.description or (reg.description if reg else None),
                               places, excerpts(p.excerpts), sources(p.sources), p.note)
    extent = m.map.extent
    return Story(m.title, journeys, letters, persons, gazetteer, catalog, path,
                 m.description.strip() if m.description else None, folder, m.map.focus,
                 tuple(extent) if extent else None,
                 tuple(Rejection(r.name, r.text, r.place) for r in m.rejected))


def open_story(folder: str | Path | StoryFolder = DEFAULT_STORY_DIR) -> Story:
    """Open the story folder at ``folder`` (see :mod:`geo.storyfolder`): the one loader of a story.

    >>> open_story().folder.root.name in ("data", "default_story")
    True
    """
    return load_story(folder)


def load_story(path: str | Path | StoryFolder = DEFAULT_STORY_DIR, gazetteer: Gazetteer | None = None,
               catalog: dict[str, Text] | None = None, register: str | Path | None = ...) -> Story:  # type: ignore[assignment]
    """Load and validate a story; raises :class:`StoryError` listing every problem at once.

    ``path`` is a story folder, or a story file whose folder then lends the rest. The gazetteer,
    catalog and register are the folder's (what it lacks, the default story's) unless given.
    Every place must be in the gazetteer, every date must be EDTF, every person known (to the story or
    to the register), and every quotation must be found, once, in its text.
    """
    a_file = not isinstance(path, StoryFolder) and Path(path).suffix in (".yaml", ".yml") and not Path(path).is_dir()
    if isinstance(path, StoryFolder):
        folder = path
    elif a_file:
        folder = StoryFolder(Path(path).resolve().parent)
    else:
        folder = story_folder(path)
    path = Path(path) if a_file else folder.story_file
    if register is ...:
        register = folder.register_file
    file = _display(path)
    if not path.exists():
        raise StoryError(f"{file}: no such story file")
    doc = load_yaml(path, file=file, error=StoryError)
    if not isinstance(doc, dict):
        raise StoryError(f"{file}: must hold a mapping with title, journeys, letters and persons")
    try:
        # The gazetteer's own check of coordinates against GeoNames takes a second and is the
        # gazetteer's business, not the story's: the story needs only that its places exist.
        gazetteer = load_gazetteer(folder.places_file, geonames_check=False) if gazetteer is None else gazetteer
        catalog = load_catalog(folder.catalog_file) if catalog is None else catalog
    except (GazetteerError, TextError) as e:
        raise StoryError(f"{file}: cannot be checked, because what it rests on does not load", [str(e)]) from None

    problems: list[str] = []
    model = None
    try:
        model = _StoryIn.model_validate(doc)
    except ValidationError as err:
        for e in err.errors():
            problems.append(f"{file}: {_loc(e['loc'])}: {_structural(e)}")
    register_persons, reg_problems = _register_persons(register)
    problems += reg_problems
    story_persons = {p["id"] for _, p in _items(doc, "persons") if isinstance(p.get("id"), str)}
    checker = _Checker(file, gazetteer, catalog, story_persons | set(register_persons), folder)
    if register is not None:
        checker.register_name = _display(Path(register))
    _check(doc, checker)
    problems += checker.problems
    for _, p in _items(doc, "persons"):
        if isinstance(p.get("id"), str) and not p.get("name") and p["id"] not in register_persons:
            problems.append(f"{file}: persons ({p['id']}).name: missing, and the register has no person "
                            f"'{p['id']}'; give a name")
    if problems or model is None:
        raise StoryError(f"{file}: the story does not validate ({len(problems)} problem(s))", problems)
    return _build(model, checker, register_persons, gazetteer, catalog, path, folder)


# ---- the resolved story as plain data


def _excerpt_dict(e: Excerpt) -> dict[str, Any]:
    return {"text": e.text_id, "exact": e.exact, "prefix": e.prefix, "suffix": e.suffix,
            "start": e.start, "end": e.end}


def _sources_list(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [{"label": s.label, "url": s.url, "note": s.note} for s in sources]


def story_to_dict(story: Story) -> dict[str, Any]:
    """The resolved story as JSON-ready data: quotations with their offsets, dates as EDTF and as the
    earliest/latest days they can mean, transit days and fates computed, names of places of the time."""
    g = story.gazetteer
    story_date = story.date

    def place(pid: str | None, when: str | None) -> dict[str, Any] | None:
        if pid is None:
            return None
        p = g[pid]
        return {"id": pid, "name": p.name_at(naming_day(when, story_date)), "title": p.title, "lat": p.lat,
                "lon": p.lon, "certainty": p.certainty}

    def bounds(value: str | None) -> dict[str, Any]:
        lo, hi = edtf_bounds(value)
        return {"edtf": value, "earliest": lo.isoformat() if lo else None, "latest": hi.isoformat() if hi else None,
                "words": words(value) if value else None}

    journeys = []
    for j in story.journeys.values():
        journeys.append({
            "id": j.id, "title": j.title, "description": j.description, "travellers": list(j.travellers),
            "sources": _sources_list(j.sources),
            "legs": [{"id": leg.id, "from": place(leg.from_place, leg.start or leg.end),
                      "to": place(leg.to_place, leg.end or leg.start), "mode": leg.mode, "route": leg.route,
                      "start": bounds(leg.start), "end": bounds(leg.end), "via": list(leg.via),
                      "excerpts": [_excerpt_dict(e) for e in leg.excerpts], "sources": _sources_list(leg.sources),
                      "note": leg.note} for leg in j.legs],
            "stops": [{"index": s.index, "number": s.number, "place": place(s.place_id, story.stop_day(j, s)),
                       "date": bounds(s.date), "doubts": list(story.doubts(s)),
                       "leg": s.leg.id if s.leg else None, "excerpts": [_excerpt_dict(e) for e in s.excerpts],
                       "sources": _sources_list(s.sources), "note": s.note} for s in j.stops],
        })
    letters = [{"id": x.id, "kind": x.kind, "title": x.title, "sender": x.sender, "recipient": x.recipient,
                "from": place(x.from_place, x.sent or x.received), "to": place(x.to_place, x.received or x.sent),
                "sent": bounds(x.sent), "received": bounds(x.received), "status": x.status, "fate": x.fate,
                "transit_days": x.transit_days, "count": x.count, "count_known": x.count_known,
                "excerpts": [_excerpt_dict(e) for e in x.excerpts], "sources": _sources_list(x.sources),
                "note": x.note} for x in story.letters]
    persons = [{"id": p.id, "name": p.name, "description": p.description,
                "places": [{"place": place(pp.place_id, pp.when), "when": bounds(pp.when),
                            "excerpts": [_excerpt_dict(e) for e in pp.excerpts],
                            "sources": _sources_list(pp.sources), "note": pp.note} for pp in p.places],
                "excerpts": [_excerpt_dict(e) for e in p.excerpts], "sources": _sources_list(p.sources),
                "note": p.note} for p in story.persons.values()]
    return {"title": story.title, "description": story.description,
            "texts": {t.id: {"title": t.title, "author": t.author, "url": t.url, "credit": t.credit}
                      for t in story.texts.values()},
            "journeys": journeys, "letters": letters, "persons": persons}
