"""Remember what has been validated, so that a file already checked is not checked again.

Validating the gazetteer and the register costs more than geoparsing a short text (pydantic must be
loaded, every name checked against GeoNames). A file whose bytes, and the code that reads them, are
those of an earlier successful load is taken from a pickle in the cache folder instead. A file
that fails validation is never cached, so its problems are reported on every load.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
_HERE = Path(__file__).resolve().parent
_CODE = ("cache.py", "gazetteer.py", "schemas.py", "register.py", "texts.py", "geonames.py")
_code_digest: str | None = None


def cache_dir() -> Path:
    """The one folder for everything this package computes once and keeps.

    ``$GEO_STORY_CACHE``, else ``$XDG_CACHE_HOME/geo-story``, else ``~/.cache/geo-story``.
    """
    env = os.environ.get("GEO_STORY_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geo-story"


def _code() -> str:
    global _code_digest
    if _code_digest is None:
        h = hashlib.sha256()
        for name in _CODE:
            h.update((_HERE / name).read_bytes())
        _code_digest = h.hexdigest()[:16]
    return _code_digest


def validated(raw: bytes, kind: str, build: Callable[[], T]) -> T:
    """``build()``'s result for these bytes, from the cache when the same bytes were validated before."""
    if os.environ.get("GEO_STORY_NO_CACHE"):
        return build()
    digest = hashlib.sha256(raw + kind.encode() + _code().encode()).hexdigest()[:32]
    folder = cache_dir() / "validated"
    path = folder / f"{kind}-{digest}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    result = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time
    return result
