"""The validated-data cache: only what this machine signed is ever unpickled."""
from __future__ import annotations

import os
import pickle

import pytest

from geo import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_STORY_CACHE", str(tmp_path))
    monkeypatch.delenv("GEO_STORY_NO_CACHE", raising=False)
    return tmp_path


class Boom:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


def test_a_result_is_built_once_then_read_back(folder):
    calls = []
    build = lambda: calls.append(1) or {"a": 1}  # noqa: E731
    assert cache.validated(b"x", "t", build) == {"a": 1}
    assert cache.validated(b"x", "t", build) == {"a": 1}
    assert calls == [1]
    key = folder / "key"
    assert key.stat().st_mode & 0o777 == 0o600
    (entry,) = (folder / "validated").iterdir()
    assert entry.stat().st_mode & 0o777 == 0o600


def test_a_planted_pickle_is_never_unpickled(folder, monkeypatch):
    monkeypatch.chdir(folder)
    cache.validated(b"x", "t", lambda: "good")
    (entry,) = (folder / "validated").iterdir()
    entry.write_bytes(pickle.dumps(Boom()))  # planted: an unsigned pickle that runs a command
    assert cache.validated(b"x", "t", lambda: "rebuilt") == "rebuilt"
    assert not (folder / "PWNED").exists()


def test_a_key_others_can_read_signs_nothing(folder):
    cache.validated(b"x", "t", lambda: "good")
    os.chmod(folder / "key", 0o644)
    assert cache.validated(b"x", "t", lambda: "rebuilt") == "rebuilt"
