"""The one loader of data files and the one writer: bounds on hostile input, atomic writes."""
from __future__ import annotations

import doctest
import os
import time

import pytest

import geo.datafiles
from geo.datafiles import atomic_file, load_json, load_yaml, read_bounded, write_atomic
from geo.errors import GeoError, StoryError

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def test_docstring_examples():
    assert doctest.testmod(geo.datafiles).failed == 0


def test_a_billion_laughs_is_refused_quickly_with_a_short_message():
    t = time.perf_counter()
    with pytest.raises(GeoError) as e:
        load_yaml(BOMB, file="story.yaml")
    assert time.perf_counter() - t < 2
    assert "story.yaml: line" in str(e.value) and "aliases" in str(e.value)
    assert len(str(e.value)) < 300


def test_aliases_used_modestly_are_fine():
    assert load_yaml("base: &b {mode: rail}\nlegs: [*b, *b]\n") == {"base": {"mode": "rail"},
                                                                     "legs": [{"mode": "rail"}] * 2}


def test_an_alias_that_contains_itself_is_refused():
    with pytest.raises(GeoError, match="cannot contain itself"):
        load_yaml("a: &a [1, *a]\n", file="x.yaml")


def test_a_duplicate_key_names_both_lines():
    text = "title: Exile\njourneys:\n  - id: a\n    mode: rail\n    note: x\n    mode: sledge\n"
    with pytest.raises(StoryError) as e:
        load_yaml(text, file="story.yaml", error=StoryError)
    assert "story.yaml: line 6: the key 'mode' repeats the key on line 4" in str(e.value)


def test_merge_keys_may_be_overridden():
    assert load_yaml("d: &d {a: 1}\ne:\n  <<: *d\n  a: 2\n")["e"] == {"a": 2}


def test_deep_yaml_is_a_geoerror_not_a_recursion_error():
    for text in ("[" * 100_000 + "]" * 100_000, "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v"):
        with pytest.raises(GeoError, match="x.yaml: line"):
            load_yaml(text, file="x.yaml")


def test_a_yaml_parse_error_quotes_no_megabyte_line():
    with pytest.raises(GeoError) as e:
        load_yaml("a: [" + "x" * 1_000_000 + "\nb: : ]", file="x.yaml")
    assert "x.yaml: line" in str(e.value) and len(str(e.value)) < 400


def test_dates_stay_strings_as_written():
    assert load_yaml("start: 1928-01-18\nend: 1928-13-01\n") == {"start": "1928-01-18", "end": "1928-13-01"}


def test_json_nested_100000_deep_is_a_geoerror_naming_the_file():
    with pytest.raises(GeoError, match="places.geojson: line 1: nests deeper"):
        load_json("[" * 100_000 + "]" * 100_000, file="places.geojson")
    with pytest.raises(GeoError, match="nests deeper than 64"):
        load_json("[" * 70 + "]" * 70, file="places.geojson")


def test_json_duplicate_key_names_both_lines():
    text = '{\n "features": [\n  {"id": 1,\n   "title": "a",\n   "title": "b"}\n ],\n "title": "ok"\n}'
    with pytest.raises(GeoError, match="line 5: the key 'title' repeats the key on line 4"):
        load_json(text, file="p.json")


def test_size_is_bounded(tmp_path):
    with pytest.raises(GeoError, match="more than the 10 bytes"):
        load_yaml("a: 123456789012", max_bytes=10, file="x.yaml")
    p = tmp_path / "big.json"
    p.write_text("[" + "1," * 100 + "1]")
    with pytest.raises(GeoError, match="big.json: is 203 bytes, more than the 100 bytes"):
        load_json(p, max_bytes=100)


def test_devices_and_fifos_are_named_for_what_they_are(tmp_path):
    with pytest.raises(GeoError, match="is a character device"):
        read_bounded("/dev/zero")
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    with pytest.raises(GeoError, match="is a FIFO"):
        read_bounded(fifo)  # and does not block waiting for a writer
    with pytest.raises(GeoError, match="no such file"):
        read_bounded(tmp_path / "missing.txt")
    with pytest.raises(GeoError, match="is a folder"):
        read_bounded(tmp_path)


def test_write_atomic_replaces_whole_and_a_failed_write_leaves_the_old_file(tmp_path):
    p = tmp_path / "map.pdf"
    write_atomic(p, b"old")
    os.chmod(p, 0o640)
    other = tmp_path / "hardlink.pdf"
    os.link(p, other)
    with pytest.raises(RuntimeError):
        with atomic_file(p) as f:
            f.write(b"half")
            raise RuntimeError("killed midway")
    assert p.read_bytes() == b"old"
    assert [x.name for x in tmp_path.iterdir() if x.name.endswith(".tmp")] == []
    write_atomic(p, "new")
    assert p.read_bytes() == b"new" and os.stat(p).st_mode & 0o777 == 0o640
    assert other.read_bytes() == b"old"  # a new file, not the old one overwritten through its inode


def test_an_alias_cannot_multiply_a_long_string():
    big = "x" * 2_000_000
    with pytest.raises(GeoError, match="aliases"):
        load_yaml(f"a: &a {big}\nb: [{', '.join(['*a'] * 40)}]\n", file="story.yaml")
    assert len(load_yaml(f"a: &a {big}\nb: [*a, *a]\n")["b"]) == 2
