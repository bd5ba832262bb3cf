"""The texts: reading a text file safely, and the catalog of the story's texts.

>>> from geo.texts import load_catalog
>>> catalog = load_catalog()
>>> catalog["letter-1928-06-02"].author
'Leon Trotsky'
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from geo.datafiles import file_problem, load_yaml, read_bounded, resolve_inside
from geo.errors import TextError
from geo.storyfolder import DEFAULT_STORY_DIR

# The default story's folder (data/ in a clone, geo/default_story/ when installed).
DATA_DIR = DEFAULT_STORY_DIR
TEXTS_DIR = DATA_DIR / "texts"
CATALOG_PATH = TEXTS_DIR / "catalog.yaml"


def read_text(path: str | Path) -> str:
    """Read a text file as UTF-8, refusing what is missing, not text, or empty, with a clear message.

    Line endings are kept as they are, so that offsets into the returned string are offsets into the
    file as Python reads it with ``open(path, encoding="utf-8").read()``.
    """
    p = Path(path)
    if p.is_dir():
        raise TextError(f"{path}: is a folder, not a text file; name the .txt files inside it")
    # Bounded, and a FIFO or /dev/zero refused for what it is, rather than read until memory runs out.
    raw = read_bounded(p, file=str(path), error=TextError)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TextError(f"{path}: is UTF-16 text (as Windows Notepad saves 'Unicode'); save it as UTF-8 and try again")
    if b"\x00" in raw[:65536]:
        raise TextError(f"{path}: is not a text file (it holds binary data); give a plain-text UTF-8 file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise TextError(
            f"{path}: is not UTF-8 text (byte {e.start} cannot be decoded); save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise TextError(f"{path}: is empty; give a text that names some places")
    # Python's text mode turns \r\n into \n: do the same so offsets match open(...).read(). (Looked for in
    # the bytes first: two passes over a long text that has none cost more than its decoding.)
    return text.replace("\r\n", "\n").replace("\r", "\n") if b"\r" in raw else text


def parse_date(value: str) -> dt.date:
    """'1928', '1928-06' or '1928-06-02' as the first day it can mean; ValueError for anything else."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(value)):
        raise ValueError(f"'{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    from geo.dates import first_day

    day = first_day(str(value))
    if day is None:
        raise ValueError(f"'{value}' is not a date of the calendar")
    return day


@dataclass(frozen=True)
class Text:
    """One text of the story, with what its licence asks of us (``credit``)."""

    id: str
    path: Path
    title: str
    author: str
    written: str
    story_date: dt.date | None
    source: str
    url: str | None
    licence: str
    credit: str

    @property
    def content(self) -> str:
        return read_text(self.path)


def load_catalog(path: str | Path = CATALOG_PATH, *, folder: str | Path | None = None) -> dict[str, Text]:
    """Load the catalog of texts; every problem is reported at once, each naming the entry and field.

    Every ``file:`` must lie inside ``folder`` (the story folder; by default the catalog's own folder),
    symlinks resolved: a catalog from someone else cannot read ``/etc/passwd`` or ``../../secret``.
    """
    from geo.cache import validated

    path = Path(path).resolve()
    root = Path(folder).resolve() if folder is not None else path.parent
    raw = read_bounded(path, file=str(path), error=TextError)
    texts = validated(raw + str(path).encode(), "catalog", lambda: _parse_catalog(path, raw, root))
    # Checked on every load, not cached: a symlink or a file can change while the catalog does not.
    problems = [f"{path}: {t.id}.file: {p}" for t in texts.values() if (p := _file_problem(t.path, root))]
    if problems:
        raise TextError(f"{path}: the catalog of texts does not validate", problems)
    return texts


def _file_problem(file: Path, root: Path) -> str | None:
    try:
        resolve_inside(root, file)
    except ValueError:
        return f"{file} lies outside the story folder {root}; put the text inside it and name it from there"
    problem = file_problem(file)
    return f"{file} {problem}" if problem else None


def _parse_catalog(path: Path, raw: bytes, root: Path) -> dict[str, Text]:
    from pydantic import ValidationError

    from geo.schemas import CatalogEntry

    doc = load_yaml(raw, file=str(path), error=TextError)
    problems: list[str] = []
    entries = (doc or {}).get("texts") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise TextError(f"{path}: must hold a list under 'texts'")
    texts: dict[str, Text] = {}
    for i, item in enumerate(entries):
        where = f"texts[{i}]" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
        try:
            e = CatalogEntry.model_validate(item)
        except ValidationError as err:
            for x in err.errors():
                problems.append(f"{path}: {where}.{'.'.join(map(str, x['loc']))}: {x['msg']}")
            continue
        if e.id in texts:
            problems.append(f"{path}: {where}.id: '{e.id}' repeats an earlier id; ids must be unique")
        file = path.parent / e.file
        if (problem := _file_problem(file, root)):
            problems.append(f"{path}: {where}.file: {problem}")
        story_date = None
        if e.story_date:
            try:
                story_date = parse_date(e.story_date)
            except ValueError:
                problems.append(f"{path}: {where}.story_date: '{e.story_date}' is not YYYY, YYYY-MM or YYYY-MM-DD")
        texts[e.id] = Text(e.id, file, e.title, e.author, e.written, story_date, e.source, e.url,
                           e.licence, e.credit)
    if problems:
        raise TextError(f"{path}: the catalog of texts does not validate", problems)
    return texts


def text_for_path(path: str | Path, catalog: dict[str, Text] | None = None) -> Text | None:
    """The catalog entry of a file, if the file is one of the catalogued texts (compared by content)."""
    catalog = load_catalog() if catalog is None else catalog
    p = Path(path).resolve()
    for t in catalog.values():
        if t.path.resolve() == p:
            return t
    try:
        data = p.read_bytes()
    except OSError:
        return None
    for t in catalog.values():
        if t.path.stat().st_size == len(data) and t.path.read_bytes() == data:
            return t
    return None
