"""The one way this package reads a data file and the one way it writes any file.

A story folder may come from someone else, so every YAML and JSON file is read with bounds: its size,
how deep it nests, how far its aliases expand (a "billion laughs" file of 1 kB expands to gigabytes),
and no key given twice in one mapping (the last would silently win, and a historian's edit vanish).
A file that breaks a bound is refused with a :class:`~geo.errors.GeoError` naming the file and the line,
and quoting at most a short excerpt of it.

YAML is read with PyYAML on libyaml (``CSafeLoader``): it is already a dependency, it reads the story
ten times faster than a pure-Python parser (ruamel.yaml included), it builds no Python objects from tags,
and the bounds are checked on the node graph it composes, before anything is constructed. An unquoted
date stays the string written (``start: 1928-01-18`` is EDTF like ``start: "1928-01-18"``).

Every file is written by :func:`write_atomic` (or :func:`atomic_file`): to a temporary file beside the
target, flushed to disk, then renamed over it, so that a write killed midway leaves the old file whole.

>>> load_yaml(b"title: Exile\\nstart: 1928-01-18\\n")
{'title': 'Exile', 'start': '1928-01-18'}
>>> load_yaml(b"a: 1\\nb: 2\\na: 3\\n", file="story.yaml")
Traceback (most recent call last):
geo.errors.GeoError: story.yaml: line 3: the key 'a' repeats the key on line 1; the second would silently replace the first: remove or rename one
>>> load_json('{"type": "FeatureCollection"}')
{'type': 'FeatureCollection'}
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import stat
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterator

from geo.errors import GeoError

if TYPE_CHECKING:
    import yaml
# PyYAML (and tempfile) are imported where YAML is read (and a file written), not here: every command
# reads data files, but a story's parsed files come from the cache (geo.cache) until they change, and
# PyYAML's import alone is a tenth of the start-up of `python -m geo places`.

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "load_yaml", "load_json", "read_bounded", "excerpt",
           "file_problem", "resolve_inside", "write_atomic", "atomic_file"]

MAX_BYTES = 32 * 2**20  # a data file larger than this is no hand-edited file
MAX_DEPTH = 64          # the story nests 6 deep; a GeoJSON geometry perhaps 10
MAX_NODES = 1_000_000   # values in the file once every alias is expanded (a long string counts as one per
                        # 64 characters, so an alias cannot multiply a megabyte string); the first story ~6,000

_Source = bytes | str | Path


def excerpt(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages that quote what a file holds.

    >>> excerpt("lol" * 100, 20)
    "'lollollollollollol…"
    """
    # repr of a huge (or shared, alias-expanded) value costs its whole size: cut strings and containers first.
    if isinstance(value, str):
        value = value[:limit]
    elif isinstance(value, (list, tuple)):
        value = type(value)(value[:limit])
    elif isinstance(value, dict):
        value = {k: value[k] for k in list(value)[:limit]}
    r = _short_repr(value)
    return r if len(r) <= limit else r[:limit - 1] + "…"


def _short_repr(value: Any) -> str:
    import reprlib

    r = reprlib.Repr()
    r.maxlevel, r.maxstring, r.maxother, r.maxlist, r.maxdict = 3, 80, 80, 8, 8
    return r.repr(value)


def read_bounded(path: str | Path, *, max_bytes: int = MAX_BYTES, error: type[GeoError] = GeoError,
                 file: str | None = None) -> bytes:
    """The bytes of a regular file, refusing a folder, a FIFO, a device (``/dev/zero``) or a socket by what
    it is, and a file larger than ``max_bytes`` by its size; never reads more than ``max_bytes + 1`` bytes.

    >>> read_bounded("/dev/zero", file="texts/a.txt")
    Traceback (most recent call last):
    geo.errors.GeoError: texts/a.txt: is a character device, not a regular file; give a plain file
    """
    name = file or str(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise error(f"{name}: is a folder, not a file") from None
    except OSError as e:
        raise error(f"{name}: cannot be read ({e.strerror}); check its permissions") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"{name}: is {_kind(st.st_mode)}, not a regular file; give a plain file")
        if st.st_size > max_bytes:
            raise error(f"{name}: is {st.st_size:,} bytes, more than the {max_bytes:,} bytes a data file may hold")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(max_bytes + 1)  # the file may have grown since fstat
        if len(raw) > max_bytes:
            raise error(f"{name}: is more than the {max_bytes:,} bytes a data file may hold")
        return raw
    except OSError as e:
        raise error(f"{name}: cannot be read ({e.strerror})") from None
    finally:
        os.close(fd)


def file_problem(path: str | Path) -> str | None:
    """What keeps ``path`` from being read as a file ("does not exist", "is a FIFO (named pipe), not a
    regular file", ...), or None for a regular file. Does not open it (a FIFO would block).

    >>> file_problem("/dev/zero")
    'is a character device, not a regular file'
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "does not exist"
    except OSError as e:
        return f"cannot be read ({e.strerror})"
    return None if stat.S_ISREG(mode) else f"is {_kind(mode)}, not a regular file"


def resolve_inside(folder: str | Path, name: str | Path) -> Path:
    """``name`` (as a data file writes it, relative to ``folder``) resolved, symlinks and ``..`` included;
    ``ValueError`` if it lies outside ``folder``: a shared story folder must not read the rest of the machine.

    >>> resolve_inside("/srv/story/texts", "letter.txt").as_posix()
    '/srv/story/texts/letter.txt'
    >>> resolve_inside("/srv/story/texts", "../../../etc/passwd")
    Traceback (most recent call last):
    ValueError: '../../../etc/passwd' lies outside the folder /srv/story/texts
    """
    root = Path(folder).resolve()
    target = (root / name).resolve()  # an absolute name replaces root: /etc/passwd stays /etc/passwd
    if target != root and root not in target.parents:
        raise ValueError(f"'{name}' lies outside the folder {root}")
    return target


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _text(source: _Source, file: str | None, max_bytes: int, error: type[GeoError]) -> tuple[str, str]:
    """(text, name for messages) of a path (read, bounded) or of the bytes or string given."""
    if isinstance(source, Path):
        name = file or str(source)
        raw: bytes | str = read_bounded(source, max_bytes=max_bytes, error=error, file=name)
    else:
        name = file or "<data>"
        raw = source
        if len(raw) > max_bytes:
            raise error(f"{name}: is {len(raw):,} bytes, more than the {max_bytes:,} bytes a data file may hold")
    if isinstance(raw, str):
        return raw, name
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise error(f"{name}: is UTF-16 text; save it as UTF-8 and try again")
    try:
        return raw.decode("utf-8-sig"), name
    except UnicodeDecodeError as e:
        raise error(f"{name}: is not UTF-8 text (byte {e.start} cannot be decoded); save it as UTF-8") from None


# ---- YAML


@functools.cache
def _loader() -> type:
    import yaml

    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        """libyaml's safe loader; an unquoted date stays the string written (dates are EDTF, read elsewhere)."""

    _Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return _Loader


_MERGE = "tag:yaml.org,2002:merge"


def load_yaml(source: _Source, *, file: str | None = None, max_bytes: int = MAX_BYTES,
              max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES, error: type[GeoError] = GeoError) -> Any:
    """The data of a YAML file (a :class:`~pathlib.Path`) or of YAML text (``str`` or ``bytes``).

    ``file`` names it in messages. Raises ``error`` (a :class:`GeoError`) for YAML that does not parse, a
    key given twice in a mapping (naming both lines), nesting deeper than ``max_depth``, aliases that expand
    past ``max_nodes`` values or refer to themselves, or more than ``max_bytes`` bytes. An empty file is None.
    """
    import yaml

    text, name = _text(source, file, max_bytes, error)
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, name, max_depth, max_nodes, error)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        raise error(f"{name}: {_yaml_message(e)}; fix the file and reload") from None
    except yaml.YAMLError as e:
        raise error(f"{name}: is not valid YAML ({excerpt(str(e), 120)}); fix the file and reload") from None
    finally:
        loader.dispose()


def _yaml_message(e: yaml.MarkedYAMLError) -> str:
    # Not str(e): it quotes the offending line, which may be a megabyte long.
    mark = e.problem_mark or e.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    what = " ".join(x for x in (e.context, e.problem) if x)
    return f"{where}is not valid YAML ({excerpt(what, 160)[1:-1] if what else 'unreadable'})"


def _check_nodes(root: yaml.Node, name: str, max_depth: int, max_nodes: int, error: type[GeoError]) -> None:
    """Duplicate keys, depth and expanded size, in one pass over the composed graph (iteratively: a
    deep file must not exhaust Python's stack). Each node is visited once however often it is aliased;
    its expanded size is remembered, so a billion laughs costs its size on disk, not its expansion."""
    import yaml

    size: dict[int, int] = {}     # id(node) -> values in its expansion
    height: dict[int, int] = {}   # id(node) -> how deep it nests
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids) + (
                len(node.value) // 64 if isinstance(node, yaml.ScalarNode) else 0)
            height[key] = 1 + max((height[id(k)] for k in kids), default=0)
            if height[key] > max_depth:
                raise error(f"{name}: line {node.start_mark.line + 1}: nests deeper than {max_depth} levels; "
                            "a data file needs far fewer")
            if size[key] > max_nodes:
                raise error(f"{name}: line {node.start_mark.line + 1}: its aliases (*name) expand to more than "
                            f"{max_nodes:,} values; refer to an anchor fewer times")
            continue
        if key in size:
            continue
        if key in on_path:
            raise error(f"{name}: line {node.start_mark.line + 1}: an alias refers to the value that holds it; "
                        "a data file cannot contain itself")
        if len(on_path) >= max_depth:
            raise error(f"{name}: line {node.start_mark.line + 1}: nests deeper than {max_depth} levels; "
                        "a data file needs far fewer")
        on_path.add(key)
        if isinstance(node, yaml.MappingNode):
            _check_keys(node, name, error)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_keys(node: yaml.MappingNode, name: str, error: type[GeoError]) -> None:
    import yaml

    seen: dict[tuple[str, str], yaml.Node] = {}
    for k, _ in node.value:
        if not isinstance(k, yaml.ScalarNode) or k.tag == _MERGE:
            continue  # "<<: *defaults" may be overridden by design
        first = seen.setdefault((k.tag, k.value), k)
        if first is not k:
            raise error(f"{name}: line {k.start_mark.line + 1}: the key {excerpt(k.value)} repeats the key on "
                        f"line {first.start_mark.line + 1}; the second would silently replace the first: "
                        "remove or rename one")


# ---- JSON


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise _DuplicateKey
    return d


def load_json(source: _Source, *, file: str | None = None, max_bytes: int = MAX_BYTES,
              max_depth: int = MAX_DEPTH, error: type[GeoError] = GeoError) -> Any:
    """The data of a JSON file (a :class:`~pathlib.Path`) or of JSON text, with the bounds of
    :func:`load_yaml`: a key given twice in an object is refused naming both lines, nesting deeper than
    ``max_depth`` is refused (never a ``RecursionError``), and so is a file over ``max_bytes``.

    >>> load_json('{"a": [[[[1]]]]}', file="places.geojson", max_depth=3)
    Traceback (most recent call last):
    geo.errors.GeoError: places.geojson: line 1: nests deeper than 3 levels; a data file needs far fewer
    """
    text, name = _text(source, file, max_bytes, error)
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as e:
        raise error(f"{name}: line {e.lineno}, column {e.colno}: is not valid JSON ({e.msg}); "
                    "fix the file and reload") from None
    except (_DuplicateKey, RecursionError):
        _json_structure(text, name, max_depth, error)
        raise error(f"{name}: cannot be read as JSON") from None  # not reached: the scan names the fault
    _json_depth(doc, text, name, max_depth, error)
    return doc


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


def _json_structure(text: str, name: str, max_depth: int, error: type[GeoError]) -> None:
    """Find where a JSON text that parses badly nests too deep or repeats a key, with line numbers.

    Only run when the fast parser has failed, so its cost matters little; it is iterative.
    """
    # (is an object, keys seen -> line, next string is a key)
    stack: list[tuple[bool, dict[str, int], list[bool]]] = []
    line, pos = 1, 0
    for m in _TOKEN.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        tok = m.group()
        if tok in "{[":
            stack.append((tok == "{", {}, [tok == "{"]))
            if len(stack) > max_depth:
                raise error(f"{name}: line {line}: nests deeper than {max_depth} levels; a data file needs far fewer")
        elif tok in "}]":
            if stack:
                stack.pop()
        elif tok == ",":
            if stack and stack[-1][0]:
                stack[-1][2][0] = True
        elif tok == ":":
            continue
        elif stack and stack[-1][0] and stack[-1][2][0] and tok.startswith('"'):
            stack[-1][2][0] = False
            key = json.loads(tok)
            if key in stack[-1][1]:
                raise error(f"{name}: line {line}: the key {excerpt(key)} repeats the key on line "
                            f"{stack[-1][1][key]}; the second would silently replace the first: remove or rename one")
            stack[-1][1][key] = line


def _json_depth(doc: Any, text: str, name: str, max_depth: int, error: type[GeoError]) -> None:
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > max_depth:
                _json_structure(text, name, max_depth, error)  # the parsed value has no line numbers
                raise error(f"{name}: nests deeper than {max_depth} levels; a data file needs far fewer")
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))


# ---- writing


@contextlib.contextmanager
def atomic_file(path: str | Path, *, mode: int | None = None) -> Iterator[IO[bytes]]:
    """A binary file to write ``path`` through: a temporary file beside it, renamed over ``path`` only when
    the block ends without an error (and after fsync), so that ``path`` is always whole, old or new.

    ``mode`` is the new file's permission bits (default: those of the file it replaces, else 0o644).
    The folder is created if missing.
    """
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is flushed; not every system allows it.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: str | Path, data: bytes | str, *, mode: int | None = None) -> Path:
    """Write ``data`` (``str`` as UTF-8) to ``path`` atomically (see :func:`atomic_file`); returns the path.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out" / "a.txt"
    >>> write_atomic(p, "Alma-Ata\\n").read_text()
    'Alma-Ata\\n'
    """
    with atomic_file(path, mode=mode) as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
