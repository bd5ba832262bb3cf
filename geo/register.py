"""The register of names in the texts that are not places: persons, ships, works, organisations.

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

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from geo.errors import GazetteerError
from geo.texts import DATA_DIR

REGISTER_PATH = DATA_DIR / "register.yaml"
KINDS = ("persons", "ships", "works", "organisations")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: list[str] = []
    wikidata: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Entry:
    """A person, ship, work or organisation that the texts name."""

    id: str
    kind: Literal["person", "ship", "work", "organisation"]
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
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as e:
        raise GazetteerError(f"{path}: cannot be read ({e})") from None
    except yaml.YAMLError as e:
        raise GazetteerError(f"{path}: is not valid YAML: {e}") from None
    if not isinstance(doc, dict):
        raise GazetteerError(f"{path}: must be a mapping with the sections {', '.join(KINDS)}")
    problems: list[str] = []
    reg = Register()
    for section in doc:
        if section not in KINDS:
            problems.append(f"{path}: '{section}' is not a section; use one of {', '.join(KINDS)}")
    for section in KINDS:
        for i, raw in enumerate(doc.get(section) or []):
            try:
                e = _Entry.model_validate(raw)
            except ValidationError as err:
                for x in err.errors():
                    problems.append(f"{path}: {section}[{i}].{'.'.join(map(str, x['loc']))}: {x['msg']}")
                continue
            if e.id in reg.entries:
                problems.append(f"{path}: {section}[{i}].id: '{e.id}' repeats an earlier id")
                continue
            reg.entries[e.id] = Entry(e.id, section[:-1], e.name, tuple(e.aliases), e.wikidata, e.description)  # type: ignore[arg-type]
    if problems:
        raise GazetteerError(f"{path}: the register does not validate", problems)
    return reg
