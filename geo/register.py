"""The register of names in the texts that are not places: persons, ships, works, organisations,
peoples (Kazakh, Russian: a demonym is no town) and terms (Thermidor).

A geoparser that stands on a gazetteer alone takes Marx for the town on the Volga, Kalinin the
steamer for the city, and "Gogol's time" for Gogol Street. The register is the story's knowledge of
who and what the texts name, kept as data a historian edits (``data/register.yaml``).

>>> from geo.register import load_register
>>> reg = load_register()
>>> reg.persons["trotsky"].name
'Leon Trotsky'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from geo.cache import validated
from geo.datafiles import load_yaml, read_bounded
from geo.errors import GazetteerError
from geo.texts import DATA_DIR

REGISTER_PATH = DATA_DIR / "register.yaml"
# Section of the file -> kind of entry.
KINDS = {"persons": "person", "ships": "ship", "works": "work", "organisations": "organisation",
         "peoples": "people", "terms": "term"}


@dataclass(frozen=True)
class Entry:
    """A person, ship, work or organisation that the texts name."""

    id: str
    kind: Literal["person", "ship", "work", "organisation", "people", "term"]
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Register:
    entries: dict[str, Entry] = field(default_factory=dict)

    @property
    def persons(self) -> dict[str, Entry]:
        return {k: e for k, e in self.entries.items() if e.kind == "person"}

    def names(self) -> dict[str, Entry]:
        """Every name and alias, mapped to its entry."""
        out: dict[str, Entry] = {}
        for e in self.entries.values():
            for n in e.names:
                out.setdefault(n, e)
        return out


def load_register(path: str | Path = REGISTER_PATH) -> Register:
    """Load and validate the register; every problem reported at once. A missing file is an empty register."""
    path = Path(path)
    if not path.exists():
        return Register()
    raw = read_bounded(path, file=str(path), error=GazetteerError)
    return validated(raw, "register", lambda: _parse(path, raw))


def _parse(path: Path, raw: bytes) -> Register:
    from pydantic import ValidationError

    from geo.schemas import RegisterEntry

    doc = load_yaml(raw, file=str(path), error=GazetteerError) or {}
    if not isinstance(doc, dict):
        raise GazetteerError(f"{path}: must be a mapping with the sections {', '.join(KINDS)}")
    problems: list[str] = []
    reg = Register()
    for section in doc:
        if section not in KINDS:
            problems.append(f"{path}: '{section}' is not a section; use one of {', '.join(KINDS)}")
    for section in KINDS:
        for i, item in enumerate(doc.get(section) or []):
            try:
                e = RegisterEntry.model_validate(item)
            except ValidationError as err:
                for x in err.errors():
                    problems.append(f"{path}: {section}[{i}].{'.'.join(map(str, x['loc']))}: {x['msg']}")
                continue
            if e.id in reg.entries:
                problems.append(f"{path}: {section}[{i}].id: '{e.id}' repeats an earlier id")
                continue
            reg.entries[e.id] = Entry(e.id, KINDS[section], e.name, tuple(e.aliases), e.wikidata,  # type: ignore[arg-type]
                                      e.description)
    if problems:
        raise GazetteerError(f"{path}: the register does not validate", problems)
    return reg
