"""Remember what has been validated, so that a file already checked is not checked again.

Validating the gazetteer and the register costs more than geoparsing a short text (pydantic must be
loaded, every name checked against GeoNames). A file whose bytes, and the code that reads them, are
those of an earlier successful load is taken from the cache folder instead. A file that fails
validation is never cached, so its problems are reported on every load.

What is cached is pickled, and unpickling can run code: so each file is signed with HMAC-SHA256 under
a key made once per machine and user (``key`` in the cache folder, mode 0600), and a file whose
signature does not match (written elsewhere, planted, truncated) is never unpickled, only rebuilt.
Signing rather than a code-free format (JSON): the cached values are this package's own dataclasses
(gazetteer, register, catalog), and one generic, signed cache cannot drift from them as a serializer
written per type would.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from pathlib import Path
from typing import Callable, TypeVar

from geo.datafiles import write_atomic

T = TypeVar("T")
_HERE = Path(__file__).resolve().parent
_CODE = ("cache.py", "datafiles.py", "gazetteer.py", "schemas.py", "register.py", "texts.py", "geonames.py")
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


def _key() -> bytes | None:
    """This machine's signing key, made on first use; None if it cannot be kept safely (then no cache)."""
    path = cache_dir() / "key"
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # O_EXCL: of two processes making the key at once, one wins and the other reads its key.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except FileExistsError:
                continue
            except OSError:
                return None
            key = secrets.token_bytes(32)
            with os.fdopen(fd, "wb") as f:
                f.write(key)
            return key
        except OSError:
            return None
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            # A key others can read or write signs nothing: they could sign their own pickles.
            if st.st_mode & 0o077 or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                return None
            key = f.read(64)
        return key if len(key) == 32 else None
    return None


def validated(raw: bytes, kind: str, build: Callable[[], T]) -> T:
    """``build()``'s result for these bytes, from the cache when the same bytes were validated before."""
    if os.environ.get("GEO_STORY_NO_CACHE"):
        return build()
    key = _key()
    if key is None:
        return build()
    digest = hashlib.sha256(raw + kind.encode() + _code().encode()).hexdigest()[:32]
    path = cache_dir() / "validated" / f"{kind}-{digest}.signed"
    try:
        blob = path.read_bytes()
        mac, payload = blob[:32], blob[32:]
        if hmac.compare_digest(mac, hmac.digest(key, payload, "sha256")):
            return pickle.loads(payload)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        pass
    result = build()
    payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_atomic(path, hmac.digest(key, payload, "sha256") + payload, mode=0o600)
    except OSError:
        pass  # a read-only cache only costs time
    return result
