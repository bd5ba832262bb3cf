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
['almaty', 'bishkek', 'odesa']
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from geo.errors import GazetteerError, StoryError, TextError
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.texts import DATA_DIR, Text, load_catalog

STORY_PATH = DATA_DIR / "story.yaml"
REGISTER_PATH = DATA_DIR / "register.yaml"

MODES = ("rail", "road", "sea", "foot")
KINDS = ("letter", "telegram", "postcard", "batch")
STATUSES = ("delivered", "delayed", "lost", "never-arrived", "unknown")
FATES = ("prompt", "delayed", "lost", "never-arrived", "unknown")


# ---- dates (EDTF)


def parse_edtf(value: str) -> Any:
    """The parsed EDTF object of a string, or raise ``ValueError`` saying it is not EDTF."""
    import edtf

    try:
        parsed = edtf.parse_edtf(value)
    except Exception:  # the edtf package raises its own exception classes, not ValueError
        raise ValueError(f"'{value}' is not an EDTF date") from None
    return parsed


def _as_date(struct: Any) -> dt.date | None:
    # Open ends of intervals come back as +/- infinity (floats), not time structs.
    if struct is None or isinstance(struct, float):
        return None
    try:
        return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)
    except (AttributeError, ValueError):
        return None


def edtf_bounds(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest day an EDTF string can mean (strict bounds; open ends are None).

    >>> edtf_bounds("1928-05/1928-06-02")
    (datetime.date(1928, 5, 1), datetime.date(1928, 6, 2))
    >>> edtf_bounds("1928-01-25~")
    (datetime.date(1928, 1, 25), datetime.date(1928, 1, 25))
    """
    if not value:
        return None, None
    parsed = parse_edtf(value)
    return _as_date(parsed.lower_strict()), _as_date(parsed.upper_strict())


def exact_day(value: str | None) -> dt.date | None:
    """The day an EDTF string names, when it names one exact day ('1928-03-20'), else None."""
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


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
        if lo > 0:
            cut = re.search(r"\s", before)
            before = before[cut.end():] if cut else ""
        hi = min(len(text), self.end + width)
        after = text[self.end:hi]
        if hi < len(text):
            cut = max(after.rfind(" "), after.rfind("\n"))
            after = after[:cut] if cut > 0 else ""
        return before, text[self.start:self.end], after


@dataclass(frozen=True)
class Leg:
    """One leg of a journey: from a place to a place by one mode, between two EDTF dates."""

    id: str
    from_place: str
    to_place: str
    mode: str
    start: str | None = None
    end: str | None = None
    via: tuple[str, ...] = ()
    excerpts: tuple[Excerpt, ...] = ()
    sources: tuple[Source, ...] = ()
    note: str | None = None

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
        notes = {n.place_id: n for n in self.stop_notes}

        def stop(i: int, place_id: str, date: str | None, leg: Leg | None) -> Stop:
            n = notes.get(place_id)
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
        sent, received = exact_day(self.sent), exact_day(self.received)
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

    def letters_of(self, person_id: str) -> list[Letter]:
        return [x for x in self.letters if person_id in (x.sender, x.recipient)]


# ---- quotations


def _content(text: Text) -> str:
    return _CONTENT_CACHE.setdefault((str(text.path), text.path.stat().st_mtime_ns), text.content)


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
