"""Every value the app takes from its URL (``?view=route&journey=exile-1928&stop=3``), read by one helper
that never raises: a URL is typed by anyone, and a bad value opens the view at its default, not a traceback.

>>> index_param("3", 10), index_param("²", 10), index_param("9" * 5000, 10), index_param("-1", 10)
(3, None, 9, None)
>>> choice_param("exile-1928", ["exile-1928"]), choice_param("nowhere", ["exile-1928"])
('exile-1928', None)
"""
from __future__ import annotations

import re
from typing import Collection, TypeVar

__all__ = ["index_param", "choice_param", "query_index", "query_choice"]

K = TypeVar("K")
# ASCII digits only: "²".isdigit() is true and int("²") fails; "١٢" (Arabic-Indic) int() reads, but no
# link of ours writes it.
_DIGITS = re.compile(r"[0-9]+")
_MAX_DIGITS = 9  # int() of 5,000 digits is refused by Python (and would be past any list anyway)


def index_param(value: object, count: int, *, base: int = 0) -> int | None:
    """The 0-based index a URL value names in a list of ``count`` items, or None.

    ``base`` is the number of the first item as the URL writes it (1 for numbers shown to readers).
    A number past the end is the last item (a link made before the list shrank still opens); anything
    that is not a plain number, or a list that is empty, is None.
    """
    if not isinstance(value, str) or count <= 0:
        return None
    value = value.strip()
    if not _DIGITS.fullmatch(value):
        return None
    if len(value) > _MAX_DIGITS:
        return count - 1
    index = int(value) - base
    if index < 0:
        return None
    return min(index, count - 1)


def choice_param(value: object, choices: Collection[K]) -> K | None:
    """``value`` if it is one of ``choices`` (ids of journeys, texts, places, views), else None."""
    try:
        return value if value in choices else None  # type: ignore[return-value]
    except TypeError:  # an unhashable value against a dict or set
        return None


def query_index(name: str, count: int, *, base: int = 0) -> int | None:
    """:func:`index_param` of the URL's ``name``."""
    import streamlit as st

    return index_param(st.query_params.get(name), count, base=base)


def query_choice(name: str, choices: Collection[K]) -> K | None:
    """:func:`choice_param` of the URL's ``name``."""
    import streamlit as st

    return choice_param(st.query_params.get(name), choices)
