"""A story is a folder: where its files are, which version of them was read, and saving it whole.

A story folder holds::

    story.yaml            the journeys, letters and persons (the historian's file)
    texts/catalog.yaml    the texts, one entry a file in texts/
    places.geojson        its own gazetteer (optional: else the default story's)
    register.yaml         its own register of persons and other non-places (optional: likewise)

Every part of the package takes such a folder (``open_story(dir)``, ``--story DIR``, the app's
``GEO_STORY``). The default story (Trotsky's exile) is one too: ``data/`` in a clone of the project,
``geo/default_story/`` inside an installed package.

Saving (:func:`save_story`) writes the whole folder anew beside the old one and swaps the two in one
step, so a save killed at any point leaves the old story whole; and it refuses to overwrite a story
that changed since it was read (:class:`StoryConflict`): the second of two editors is told, and
reloads, rather than silently undoing the first one's work.

>>> from geo.storyfolder import DEFAULT_STORY_DIR, story_folder
>>> folder = story_folder(DEFAULT_STORY_DIR)
>>> folder.story_file.name, folder.catalog_file.relative_to(folder.root).as_posix()
('story.yaml', 'texts/catalog.yaml')
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from geo.errors import StoryError

# What only saving, hashing and YAML writing need (ctypes, hashlib, io, shutil, uuid) is imported where it is
# used: every command names a story folder, and most only read it.

__all__ = ["DEFAULT_STORY_DIR", "StoryConflict", "StoryFolder", "copy_texts", "known_stories", "read_yaml_doc",
           "save_story", "story_folder", "story_home", "story_version", "yaml_text"]

_HERE = Path(__file__).resolve().parent


def _default_story_dir() -> Path:
    # An installed package carries the default story inside (setuptools maps data/ to geo/default_story);
    # a clone of the project keeps it in data/, where the historian edits it.
    packaged = _HERE / "default_story"
    return packaged if (packaged / "story.yaml").is_file() else _HERE.parent / "data"


DEFAULT_STORY_DIR = _default_story_dir()
STORY_FILE = "story.yaml"
CATALOG_FILE = "texts/catalog.yaml"
PLACES_FILE = "places.geojson"
REGISTER_FILE = "register.yaml"
# Saving leaves nothing else beside a story than these, and only for as long as a save runs.
_SAVING = ".saving-"
_OLD = ".old-"


class StoryConflict(StoryError):
    """The story changed on disk since it was read: reload it, then make the change again."""


@dataclass(frozen=True)
class StoryFolder:
    """The files of one story. What it does not have (places, register, even texts) is the default story's."""

    root: Path

    @property
    def story_file(self) -> Path:
        return self.root / STORY_FILE

    @property
    def catalog_file(self) -> Path:
        own = self.root / CATALOG_FILE
        return own if own.is_file() else DEFAULT_STORY_DIR / CATALOG_FILE

    @property
    def texts_dir(self) -> Path:
        return self.root / CATALOG_FILE.split("/")[0]

    @property
    def places_file(self) -> Path:
        own = self.root / PLACES_FILE
        return own if own.is_file() else DEFAULT_STORY_DIR / PLACES_FILE

    @property
    def register_file(self) -> Path:
        own = self.root / REGISTER_FILE
        return own if own.is_file() else DEFAULT_STORY_DIR / REGISTER_FILE

    @property
    def name(self) -> str:
        return self.root.name

    def files(self) -> list[Path]:
        """Every file the story reads: its own, and the default story's it falls back on."""
        own = sorted(p for p in self.root.rglob("*") if p.is_file() and not _hidden(p, self.root))
        extra = [p for p in (self.places_file, self.register_file, self.catalog_file)
                 if not p.is_relative_to(self.root)]
        return own + extra


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def story_folder(path: str | Path = DEFAULT_STORY_DIR) -> StoryFolder:
    """The story folder at ``path`` (a folder, or the story.yaml inside it); :class:`StoryError` if none.

    A save that was killed between its two renames (only where the system cannot swap two folders in
    one step) left the old story beside its place: it is put back first.
    """
    p = Path(path).expanduser()
    if p.name == STORY_FILE and not p.is_dir():
        p = p.parent
    p = p.resolve()
    if not p.exists():
        _recover(p)
    if not p.is_dir():
        raise StoryError(f"{path}: no such story folder; give a folder with story.yaml and texts/catalog.yaml "
                         f"(`python -m geo new DIR TEXT...` makes one from texts)")
    if not (p / STORY_FILE).is_file():
        raise StoryError(f"{path}: is not a story folder: it has no {STORY_FILE}")
    return StoryFolder(p)


def story_home() -> Path:
    """Where the app looks for the user's stories: ``$GEO_STORY_HOME``, else ``~/geo-stories``."""
    return Path(os.environ.get("GEO_STORY_HOME") or Path.home() / "geo-stories").expanduser()


def known_stories(*extra: str | Path | None) -> list[StoryFolder]:
    """The default story, the folders given, and every story folder in :func:`story_home`; each once."""
    out: dict[Path, StoryFolder] = {}
    candidates: list[Path] = [DEFAULT_STORY_DIR, *(Path(e) for e in extra if e)]
    home = story_home()
    if home.is_dir():
        candidates += sorted(p for p in home.iterdir() if p.is_dir() and not p.name.startswith("."))
    for c in candidates:
        try:
            f = story_folder(c)
        except StoryError:
            continue
        out.setdefault(f.root, f)
    return list(out.values())


# ---- versions


def story_version(folder: str | Path | StoryFolder) -> str:
    """A token that changes whenever any file of the story folder does (a hash of names and bytes).

    Read it with the story, and give it back to :func:`save_story` as ``expected_version``.
    """
    import hashlib

    root = folder.root if isinstance(folder, StoryFolder) else Path(folder)
    h = hashlib.sha256()
    for p in sorted(q for q in root.rglob("*") if q.is_file() and not _hidden(q, root)):
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:20]


# ---- YAML that keeps the historian's comments


def _ruamel():
    from ruamel.yaml import YAML

    y = YAML()  # round-trip: comments, key order and quoting of what was read are kept
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # a quotation stays on one line, as written: easier to compare with its text
    y.preserve_quotes = True
    return y


def read_yaml_doc(path: str | Path) -> Any:
    """A YAML file read for editing: a mapping that keeps its comments and key order when written back.

    The file is first read by the one bounded loader (:func:`geo.datafiles.load_yaml`: size, depth,
    aliases, duplicate keys), so a file from someone else is refused with its problems before
    ruamel.yaml, which has no such bounds, reads it for its comments.
    """
    from geo.datafiles import load_yaml

    load_yaml(Path(path), error=StoryError)
    return _ruamel().load(Path(path).read_text(encoding="utf-8"))


def yaml_text(doc: Any) -> str:
    """YAML text of a document (a plain dict, or one from :func:`read_yaml_doc`, comments and all)."""
    import io

    buf = io.StringIO()
    _ruamel().dump(doc, buf)
    return buf.getvalue()


def _merge(old: Any, new: Any) -> Any:
    """``new``'s values, in ``old``'s round-trip containers where the shapes agree (so comments stay).

    Keys both have keep ``old``'s place; new keys follow; keys ``new`` lacks are dropped. Lists of
    mappings are matched by ``id`` (or ``at``), other lists item by item.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        if new is old:
            return old
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            old[k] = _merge(old[k], v) if k in old else v
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        if new is old:
            return old
        def key(x: Any) -> Any:
            return (x.get("id"), x.get("at"), x.get("index")) if isinstance(x, Mapping) else None
        by_key = {key(x): x for x in old if key(x) not in (None, (None, None, None))}
        merged = []
        for i, v in enumerate(new):
            k = key(v)
            if k in by_key:
                merged.append(_merge(by_key[k], v))
            elif k in (None, (None, None, None)) and i < len(old):
                merged.append(_merge(old[i], v))
            else:
                merged.append(v)
        old[:] = merged
        return old
    return new


# ---- saving


def save_story(folder: str | Path, *, story: Mapping[str, Any] | None = None,
               catalog: Mapping[str, Any] | None = None, places: Mapping[str, Any] | None = None,
               register: Mapping[str, Any] | None = None, texts: Mapping[str, bytes] | None = None,
               expected_version: str | None = None) -> str:
    """Write a story folder whole, in one step; return its new version (see :func:`story_version`).

    Each of ``story``, ``catalog`` (``texts/catalog.yaml``) and ``register`` is a YAML document,
    ``places`` a GeoJSON FeatureCollection, ``texts`` file names (in ``texts/``) and their bytes; what
    is not given is kept as it is. A ``story`` or ``catalog`` given as a plain dict is merged into the
    file on disk, so its comments stay wherever the keys they belong to do.

    The folder is written as a sibling (``.NAME.saving-*``), then swapped with the old one in one
    rename; a save killed midway leaves the old folder as it was. ``expected_version`` is the version
    the caller read: if the folder has changed since, nothing is written and :class:`StoryConflict`
    says so. ``None`` means a new folder (one that already exists is then a conflict too).
    """
    import shutil
    import uuid

    from filelock import FileLock

    root = Path(folder).expanduser().resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(_lock_file(root)), timeout=30):
        _recover(root)
        exists = root.is_dir()
        if exists and expected_version is None:
            raise StoryConflict(f"{root}: a story folder is already there; open it and save it with its "
                                f"version, or choose another folder")
        if exists and story_version(root) != expected_version:
            raise StoryConflict(f"{root}: the story was changed (by another session or by hand) since it was "
                                f"read; reload it and make the change again")
        if not exists and expected_version is not None:
            raise StoryConflict(f"{root}: the story folder is gone since it was read; reload")
        _sweep(root)
        tmp = root.with_name(f".{root.name}{_SAVING}{uuid.uuid4().hex[:8]}")
        try:
            if exists:
                shutil.copytree(root, tmp, symlinks=True,
                                ignore=lambda d, names: [n for n in names if n.startswith(".")])
            else:
                tmp.mkdir()
            _write_parts(tmp, story=story, catalog=catalog, places=places, register=register, texts=texts)
            _fsync_tree(tmp)
            if exists:
                _swap(tmp, root)
                shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old story
            else:
                os.rename(tmp, root)
            _fsync_dir(root.parent)
        except BaseException:
            # Killed by an exception (not a signal): the old folder is still in place; drop the new one.
            if tmp.exists() and (root.is_dir() or not exists):
                shutil.rmtree(tmp, ignore_errors=True)
            raise
        return story_version(root)


def _lock_file(root: Path) -> Path:
    """The lock of one story folder's saves: in the cache, so that nothing is left beside the story."""
    import hashlib

    from geo.cache import cache_dir

    folder = cache_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (hashlib.sha256(str(root).encode()).hexdigest()[:24] + ".lock")


def _write_parts(tmp: Path, *, story: Any, catalog: Any, places: Any, register: Any,
                 texts: Mapping[str, bytes] | None) -> None:
    import json

    if texts:
        (tmp / "texts").mkdir(exist_ok=True)
        for name, data in texts.items():
            target = (tmp / "texts" / name).resolve()
            if target.parent != (tmp / "texts").resolve() or name.startswith("."):
                raise StoryError(f"texts: '{name}' is not a plain file name; texts live in texts/ of the story")
            target.write_bytes(data)
    for rel, doc in ((STORY_FILE, story), (CATALOG_FILE, catalog), (REGISTER_FILE, register)):
        if doc is None:
            continue
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            doc = _merge(read_yaml_doc(path), doc)
        path.write_text(yaml_text(doc), encoding="utf-8")
    if places is not None:
        text = json.dumps(places, ensure_ascii=False, indent=1) + "\n"
        (tmp / PLACES_FILE).write_text(text, encoding="utf-8")


def _fsync_tree(root: Path) -> None:
    for p in [root, *root.rglob("*")]:
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _swap(a: Path, b: Path) -> None:
    """Exchange two folders in one step (Linux renameat2); elsewhere two renames that :func:`_recover` undoes."""
    import ctypes
    import ctypes.util

    libc_name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(libc_name, use_errno=True) if libc_name else None
    fn = getattr(libc, "renameat2", None) if libc else None
    if fn is not None:
        if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        err = ctypes.get_errno()
        if err not in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot; fall back
            raise OSError(err, os.strerror(err), str(b))
    old = b.with_name(f".{b.name}{_OLD}{a.name.rsplit('-', 1)[-1]}")
    os.rename(b, old)
    os.rename(a, b)
    os.rename(old, a)


def _siblings(root: Path, marker: str) -> list[Path]:
    if not root.parent.is_dir():
        return []
    return sorted(root.parent.glob(f".{root.name}{marker}*"))


def _recover(root: Path) -> None:
    """Put back a story whose save was killed between the two renames of :func:`_swap`'s fallback."""
    if root.exists():
        return
    for old in _siblings(root, _OLD):
        if (old / STORY_FILE).is_file():
            os.rename(old, root)
            return


def _sweep(root: Path) -> None:
    """Remove what killed saves left beside the story (half-written folders, never the story itself)."""
    import shutil

    for p in _siblings(root, _SAVING) + _siblings(root, _OLD):
        shutil.rmtree(p, ignore_errors=True)


def copy_texts(paths: Iterable[str | Path]) -> dict[str, bytes]:
    """Text files as ``save_story(texts=...)`` takes them: file name to bytes, byte for byte."""
    return {Path(p).name: Path(p).read_bytes() for p in paths}
