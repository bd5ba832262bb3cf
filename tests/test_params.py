"""Every value from the URL, read by one helper that never raises."""
from __future__ import annotations

import doctest

import pytest

import geo.views.params
from geo.views.params import choice_param, index_param


def test_docstring_examples():
    assert doctest.testmod(geo.views.params).failed == 0


@pytest.mark.parametrize("value, expected", [
    ("0", 0), ("3", 3), (" 4 ", 4), ("007", 7), ("10", 9), ("9" * 5000, 9), ("1" + "0" * 9, 9),
    ("²", None), ("١٢", None), ("-1", None), ("+1", None), ("1.5", None), ("1e3", None), ("", None),
    ("0x1", None), (None, None), (["1"], None), ("٣", None),
])
def test_index_param(value, expected):
    assert index_param(value, 10) == expected


def test_index_param_counted_from_one_and_empty_lists():
    assert index_param("1", 5, base=1) == 0 and index_param("0", 5, base=1) is None
    assert index_param("0", 0) is None


def test_choice_param():
    assert choice_param("a", {"a": 1}) == "a"
    assert choice_param(["a"], {"a": 1}) is None  # unhashable: no TypeError
    assert choice_param("b", ["a"]) is None
