"""geo.dates: one reading of EDTF (agreeing with the edtf package) and one wording of it."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.dates import Moment, When, day_of, first_day, naming_day, read, words


def _package_bounds(value: str) -> tuple[dt.date | None, dt.date | None]:
    import edtf

    parsed = edtf.parse_edtf(value)

    def as_date(s):
        return None if isinstance(s, float) else dt.date(s.tm_year, s.tm_mon, s.tm_mday)

    return as_date(parsed.lower_strict()), as_date(parsed.upper_strict())


@pytest.fixture(scope="module")
def story():
    from geo.story import load_story

    return load_story()


PLAIN = ["1928-03-20", "1928-01-25~", "1928-05?", "1928-05%", "1928", "1928~", "1928-02", "1928-04/1928-10",
         "../1928-05-12", "1928-05/..", "1928-21", "1928-22", "1928-23", "1928-24", "1928-01-19/1928-01-24",
         "1928-01-25~/1929-01-22~", "../1928-05~", "1928-05/1928-06-02", "1929-02-10~/1929-02-12"]


@pytest.mark.parametrize("value", PLAIN)
def test_the_fast_reading_agrees_with_the_edtf_package(value):
    assert (read(value).earliest, read(value).latest) == _package_bounds(value)


@pytest.mark.parametrize("value", ["1928-25", "1928-29", "1928-33", "1928-37", "1928-40", "1928-41",
                                   "1928-XX", "[1928-05..1928-06]", "?1928-05"])
def test_what_only_the_package_reads_takes_its_bounds(value):
    assert (read(value).earliest, read(value).latest) == _package_bounds(value)


@pytest.mark.parametrize("value", ["1928-13", "1928-02-30", "1928-23~", "28-01-01", "May 1928", "1928-42",
                                   "1928-01-01/1927-13"])
def test_what_is_not_edtf_is_refused(value):
    with pytest.raises(ValueError, match="not an EDTF date"):
        read(value)


def test_every_date_of_the_shipped_story_is_read_without_the_package(story, monkeypatch):
    import geo.dates as dates

    def refuse(value):
        raise AssertionError(f"{value}: read by the slow parser")

    monkeypatch.setattr(dates, "_package", refuse)
    dates._read.cache_clear()
    try:
        for value in _story_dates(story):
            assert read(value) is not None
    finally:
        dates._read.cache_clear()


def _story_dates(story) -> list[str]:
    values = [v for j in story.journeys.values() for leg in j.legs for v in (leg.start, leg.end)]
    values += [v for x in story.letters for v in (x.sent, x.received)]
    values += [pp.when for p in story.persons.values() for pp in p.places]
    return sorted({v for v in values if v})


@pytest.mark.parametrize("value, said", [
    ("1928-01-19/1928-01-24", "between 19 and 24 January 1928"),
    ("1928-01-18/1928-06-02", "between 18 January and 2 June 1928"),
    ("1928-05/1928-06-02", "between May and 2 June 1928"),
    ("1928-04/1928-10", "between April and October 1928"),
    ("1928-12-30/1929-01-02", "between 30 December 1928 and 2 January 1929"),
    ("1928-05/..", "from May 1928"),
    ("1928-05/", "from May 1928"),
    ("../1928-06-02", "by 2 June 1928"),
    ("../1928-05~", "by c. May 1928"),
    ("1928-05?", "May 1928 (uncertain)"),
    ("1928-05%", "c. May 1928 (uncertain)"),
    ("1928-01-25~", "c. 25 January 1928"),
    ("1928-01-25~/1929-01-22~", "between c. 25 January 1928 and c. 22 January 1929"),
    ("1928-23", "autumn 1928"),
    ("1928-24", "winter 1928"),
    ("1928-40", "first half of 1928"),
    ("1928", "1928"),
    ("1928-03-20", "20 March 1928"),
    ("1928-XX", "between 1 January 1928 and 31 December 1928"),
])
def test_dates_are_worded_at_the_precision_they_have(value, said):
    assert words(value) == said


def test_a_value_says_what_kind_of_date_it_is():
    w = read("1928-01-25~")
    assert isinstance(w, When) and w.approximate and not w.uncertain and w.precision == "day"
    assert w.day is None, "an approximate day is not an exact one"
    assert read("1928-05?").uncertain and read("1928-05?").precision == "month"
    assert read("1928-23").first == Moment(1928, season=23) and read("1928-23").precision == "season"
    assert read("1928-05/..").open_end and not read("1928-05/..").open_start
    assert read("1928-04/1928-10").iso() == ("1928-04-01", "1928-10-31")
    assert day_of("1928-03-20") == dt.date(1928, 3, 20) and day_of("1928-03-20/1928-03-21") is None


def test_no_date_and_unreadable_dates_are_not_errors_where_words_are_wanted():
    assert read(None) is None and read("") is None
    assert words(None) == "" and words(None, "no date") == "no date"
    assert words("1928-13") == "1928-13"  # shown as written, not a traceback
    assert first_day("1928-13") is None


def test_one_rule_names_places_at_a_date():
    assert naming_day(None, "", "1928-23", "1929") == dt.date(1928, 9, 1)
    assert naming_day("../1928-06-02") == dt.date(1928, 6, 2), "only the end known: the end"
    assert naming_day(None, dt.date(1930, 1, 1)) == dt.date(1930, 1, 1)


def test_the_story_names_a_stop_at_its_date_else_its_journeys_else_its_own(story):
    exile = story.journeys["exile-1928"]
    assert story.stop_day(exile, exile.stops[1]) == dt.date(1928, 1, 19)
    assert story.stop_day(exile, exile.stops[4]) == exile.date == dt.date(1928, 1, 18)
    assert story.naming_day(None) == story.date
    assert story.gazetteer["almaty"].name_at(story.naming_day("1928-23")) == "Alma-Ata"
    assert [s.number for s in exile.stops][:2] == [1, 2]


def test_docstring_examples():
    import doctest

    import geo.dates
    import geo.story

    assert doctest.testmod(geo.dates).failed == 0
    assert doctest.testmod(geo.story).failed == 0
