"""One reading and one wording of dates: EDTF in, a small value out, words at the precision the source has.

Every part of the project that reads a date of the story (the app, the one-file maps, the static maps,
KML, CMIF, CSV, the handout) reads it here, and every part that shows a date in words words it here, so
that "1928-01-19/1928-01-24" reads the same everywhere and never says more than the source.

>>> from geo.dates import read, words
>>> words("1928-01-19/1928-01-24")
'between 19 and 24 January 1928'
>>> words("1928-05/.."), words("../1928-06-02")
('from May 1928', 'by 2 June 1928')
>>> words("1928-05?"), words("1928-01-25~"), words("1928-23")
('May 1928 (uncertain)', 'c. 25 January 1928', 'autumn 1928')
>>> w = read("1928-05/1928-06-02")
>>> w.earliest, w.latest, w.precision
(datetime.date(1928, 5, 1), datetime.date(1928, 6, 2), 'month')

The strings of the story are read without the ``edtf`` package where they are plain (a day, a month,
a season 21-24, a year, with ``~ ? %``, and intervals of those with open ends): the package parses at
some 20 ms a date, and the story has a hundred. Everything else (level-2 seasons, unspecified digits,
sets, long years) goes to the package, which also decides what is not EDTF; the tests check that the
two readings agree.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["NO_DATE", "Moment", "When", "read", "words", "day_of", "naming_day", "first_day", "is_edtf", "months_words", "day_words",
           "SEASON_WORDS", "Precision"]

Precision = Literal["day", "month", "season", "year"]

# EDTF seasons and their kin (ISO 8601-2 sub-year groupings), as the spec names them.
SEASON_WORDS = {
    21: "spring", 22: "summer", 23: "autumn", 24: "winter",
    25: "spring (northern hemisphere)", 26: "summer (northern hemisphere)",
    27: "autumn (northern hemisphere)", 28: "winter (northern hemisphere)",
    29: "spring (southern hemisphere)", 30: "summer (southern hemisphere)",
    31: "autumn (southern hemisphere)", 32: "winter (southern hemisphere)",
    33: "first quarter of", 34: "second quarter of", 35: "third quarter of", 36: "fourth quarter of",
    37: "first third of", 38: "second third of", 39: "last third of",
    40: "first half of", 41: "second half of",
}
# The months of the seasons 21-24 as the edtf package reads them (winter: its December).
# What every output says where the source gives no date.
NO_DATE = "date not told"
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}

_MOMENT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)")
_QUALIFIER = re.compile(r"[~?%]")
_OPEN = ("..", "")


def _month_end(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Moment:
    """One date (not an interval): a day, a month, a season or a year, perhaps approximate or uncertain.

    >>> Moment(1928, 1, 25, approximate=True).words()
    'c. 25 January 1928'
    >>> Moment(1928, season=23).earliest, Moment(1928, season=23).latest
    (datetime.date(1928, 9, 1), datetime.date(1928, 11, 30))
    """

    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None  # 21-41, in place of a month
    approximate: bool = False
    uncertain: bool = False
    # Bounds given by the edtf package, for the rarer seasons it alone knows; None: computed here.
    bounds: tuple[dt.date, dt.date] | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.season is not None:
            return "season"
        return "month" if self.month is not None else "year"

    @property
    def earliest(self) -> dt.date:
        if self.bounds:
            return self.bounds[0]
        if self.season is not None:
            return dt.date(self.year, _SEASON_MONTHS[self.season][0], 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.bounds:
            return self.bounds[1]
        if self.season is not None:
            return _month_end(self.year, _SEASON_MONTHS[self.season][1])
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        return _month_end(self.year, self.month or 12)

    def plain_words(self, with_year: bool = True) -> str:
        """The date in words without its qualifiers: '25 January 1928', 'May 1928', 'autumn 1928', '1928'."""
        year = f" {self.year}" if with_year else ""
        if self.season is not None:
            return f"{SEASON_WORDS[self.season]}{year}"
        if self.month is None:
            return str(self.year)
        month = dt.date(2000, self.month, 1).strftime("%B")
        return f"{self.day} {month}{year}" if self.day is not None else f"{month}{year}"

    def words(self) -> str:
        """The date in words at its own precision: approximate as 'c. ...', uncertain as '... (uncertain)'."""
        return _qualify(self.plain_words(), self.approximate, self.uncertain)


def _qualify(text: str, approximate: bool, uncertain: bool) -> str:
    return ("c. " if approximate else "") + text + (" (uncertain)" if uncertain else "")


@dataclass(frozen=True)
class When:
    """An EDTF date read: its bounds, its precision, whether it is approximate or uncertain, and its words.

    ``first`` is the date itself, or the start of an interval; ``last`` the end of an interval. An open
    or unknown end ('..' or nothing) is None, and so is its bound. A date only the edtf package reads
    has neither, only its bounds.

    >>> w = read("1928-01-19/1928-01-24")
    >>> w.interval, w.earliest.isoformat(), w.latest.isoformat(), w.words
    (True, '1928-01-19', '1928-01-24', 'between 19 and 24 January 1928')
    """

    edtf: str
    earliest: dt.date | None
    latest: dt.date | None
    first: Moment | None = None
    last: Moment | None = None
    interval: bool = False
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> Precision:
        """The coarsest precision of its ends ('day' for a date only the package reads, as it is worded)."""
        order = ("day", "month", "season", "year")
        found = [m.precision for m in (self.first, self.last) if m is not None]
        return max(found, key=order.index) if found else "day"

    @property
    def day(self) -> dt.date | None:
        """The day it names, when it names one day exactly (not an approximate or uncertain one)."""
        m = self.first
        if not self.interval and m is not None and m.day is not None and not (m.approximate or m.uncertain):
            return m.earliest
        return None

    @property
    def open_start(self) -> bool:
        return self.interval and self.first is None and self.earliest is None

    @property
    def open_end(self) -> bool:
        return self.interval and self.last is None and self.latest is None

    @property
    def words(self) -> str:
        """The date in words, saying no more than it says ('between 19 and 24 January 1928')."""
        if self.first is None and self.last is None:
            return _bounds_words(self.earliest, self.latest, self.approximate, self.uncertain)
        if not self.interval:
            return self.first.words()
        a, b = self.first, self.last
        if a is None:
            return f"by {b.words()}"
        if b is None:
            return f"from {a.words()}"
        if a == b:
            return a.words()
        return f"between {_pair_words(a, b)}"

    def iso(self) -> tuple[str | None, str | None]:
        """The earliest and latest day as ISO 8601 strings (None for an open end), for machine formats."""
        return (self.earliest.isoformat() if self.earliest else None,
                self.latest.isoformat() if self.latest else None)


def _pair_words(a: Moment, b: Moment) -> str:
    """'19 and 24 January 1928', 'May and 2 June 1928', '18 January 1928 and 2 June 1929'."""
    plain = not (a.approximate or a.uncertain or b.approximate or b.uncertain)
    if plain and a.year == b.year and a.precision != "year" and b.precision != "year":
        if a.precision == b.precision == "day" and a.month == b.month:
            return f"{a.day} and {b.words()}"
        return f"{a.plain_words(with_year=False)} and {b.words()}"
    return f"{a.words()} and {b.words()}"


def day_words(d: dt.date) -> str:
    """A day of the calendar in words, as every date of the story is worded ('25 January 1928').

    >>> day_words(dt.date(1928, 1, 25))
    '25 January 1928'
    """
    return f"{d.day} {d:%B} {d.year}"


def _bounds_words(lo: dt.date | None, hi: dt.date | None, approximate: bool, uncertain: bool) -> str:
    if lo and hi:
        text = day_words(lo) if lo == hi else f"between {day_words(lo)} and {day_words(hi)}"
    elif lo:
        text = f"from {day_words(lo)}"
    elif hi:
        text = f"by {day_words(hi)}"
    else:
        text = "date unknown"
    return _qualify(text, approximate, uncertain)


def _moment(value: str) -> Moment | None:
    """A plain EDTF date read without the package; None when it is not one of the plain forms."""
    m = _MOMENT.fullmatch(value)
    if not m:
        return None
    year, month, day, q = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3]), m[4]
    if month and month in _SEASON_MONTHS and not day and not q:
        return Moment(year, season=month)
    if month and not 1 <= month <= 12:
        return None  # a level-2 season, a qualified season or no date at all: the package decides
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return Moment(year, month or None, day or None, approximate=q in ("~", "%"), uncertain=q in ("?", "%"))


def _package(value: str) -> tuple[dt.date | None, dt.date | None]:
    """The strict bounds the edtf package gives; ValueError when it says the string is not EDTF."""
    import edtf

    try:
        parsed = edtf.parse_edtf(value)
    except Exception:  # the edtf package raises its own exception classes, not ValueError
        raise ValueError(f"'{value}' is not an EDTF date") from None

    def as_date(struct: object) -> dt.date | None:
        if struct is None or isinstance(struct, float):  # open ends come back as +/- infinity
            return None
        try:
            return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            return None

    return as_date(parsed.lower_strict()), as_date(parsed.upper_strict())


@functools.lru_cache(maxsize=4096)
def _read(value: str) -> When:
    moment = _moment(value)
    if moment:
        return When(value, moment.earliest, moment.latest, moment, None, False,
                    moment.approximate, moment.uncertain)
    if value.count("/") == 1:
        lo, hi = value.split("/")
        a = None if lo in _OPEN else _moment(lo)
        b = None if hi in _OPEN else _moment(hi)
        if (a or lo in _OPEN) and (b or hi in _OPEN) and not (lo in _OPEN and hi in _OPEN):
            return When(value, a.earliest if a else None, b.latest if b else None, a, b, True,
                        any(m.approximate for m in (a, b) if m), any(m.uncertain for m in (a, b) if m))
    earliest, latest = _package(value)
    season = re.fullmatch(r"(\d{4})-(2[1-9]|3\d|4[01])", value)
    if season:  # a season only the package bounds; worded here all the same
        first = Moment(int(season[1]), season=int(season[2]), bounds=(earliest, latest))
        return When(value, earliest, latest, first)
    if "/" in value:  # an interval of dates only the package reads: worded by its bounds
        unknown_end = value.endswith("/") or value.endswith("/..")
        unknown_start = value.startswith("/") or value.startswith("../")
        earliest = None if unknown_start else earliest
        latest = None if unknown_end else latest
    return When(value, earliest, latest, None, None, "/" in value,
                bool(re.search(r"[~%]", value)), bool(re.search(r"[?%]", value)))


def read(value: str | None) -> When | None:
    """The EDTF string read (None for no date); raises ``ValueError`` for a string that is not EDTF.

    >>> read("1928-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '1928-02-30' is not an EDTF date
    >>> read(None) is None
    True
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an EDTF date (it must be written as text, e.g. \"1928-01-25\")")
    return _read(value.strip())


def is_edtf(value: str) -> bool:
    """Whether a string is an EDTF date."""
    try:
        return read(value) is not None
    except ValueError:
        return False


def words(value: str | None, unknown: str = "") -> str:
    """An EDTF date in words at the precision it has; ``unknown`` for no date, the string itself if unreadable.

    >>> words("1928-04/1928-10"), words("1928-05/1928-06-02"), words(None, "date not told")
    ('between April and October 1928', 'between May and 2 June 1928', 'date not told')
    >>> words("1928-01-25~/1929-01-22~")
    'between c. 25 January 1928 and c. 22 January 1929'
    """
    try:
        w = read(value)
    except ValueError:
        return str(value)
    return w.words if w else unknown


def _earliest(value: str | When | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, When):
        return value.earliest or value.latest
    try:
        w = read(value)
    except ValueError:
        return None
    return (w.earliest or w.latest) if w else None


def first_day(value: str | When | dt.date | None) -> dt.date | None:
    """The first day a date can mean (its last, where only the end is known); None if none or unreadable.

    >>> first_day("1928-01-19/1928-01-24"), first_day("../1928-06-02"), first_day("not a date")
    (datetime.date(1928, 1, 19), datetime.date(1928, 6, 2), None)
    """
    return _earliest(value)


def day_of(value: str | None) -> dt.date | None:
    """The day an EDTF string names, when it names exactly one day ('1928-03-20'), else None.

    >>> day_of("1928-03-20"), day_of("1928-03-20~"), day_of("1928-03")
    (datetime.date(1928, 3, 20), None, None)
    """
    try:
        w = read(value)
    except ValueError:
        return None
    return w.day if w else None


def naming_day(*values: str | When | dt.date | None) -> dt.date | None:
    """The one rule for the day at which places are named: the first day of the first of ``values`` that
    has one. Callers give the element's own dates first, then its journey's, then the story's.

    >>> naming_day(None, "1928-01-19/1928-01-24", "1928")
    datetime.date(1928, 1, 19)
    >>> naming_day("1928-23", None) , naming_day(None, None)
    (datetime.date(1928, 9, 1), None)
    """
    for v in values:
        d = _earliest(v)
        if d is not None:
            return d
    return None


def months_words(first: dt.date, last: dt.date) -> str:
    """The months from one day to another, for a journey's time at a glance.

    >>> months_words(dt.date(1928, 1, 18), dt.date(1928, 6, 2)), months_words(dt.date(1929, 1, 20), dt.date(1929, 1, 22))
    ('January–June 1928', 'January 1929')
    >>> months_words(dt.date(1928, 12, 1), dt.date(1929, 2, 12))
    'December 1928 – February 1929'
    """
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B} {first.year}"
    if first.year == last.year:
        return f"{first:%B}–{last:%B} {last.year}"
    return f"{first:%B} {first.year} – {last:%B} {last.year}"
