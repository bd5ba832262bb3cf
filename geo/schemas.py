"""The file formats, as pydantic models: they collect every structural problem with its location.

Imported only when a file is validated (pydantic costs a tenth of a second to load), so that a
command that meets an already-validated file starts fast.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from geo.texts import parse_date

# ---- Linked Places Format (the gazetteer)




class Citation(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    label: str
    id: str | None = Field(default=None, alias="@id")


class TimePoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    in_: str | None = Field(default=None, alias="in")
    earliest: str | None = None
    latest: str | None = None

    def date(self) -> str | None:
        return self.in_ or self.earliest or self.latest


class Timespan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: TimePoint | None = None
    end: TimePoint | None = None


class When(BaseModel):
    model_config = ConfigDict(extra="allow")
    timespans: list[Timespan] = Field(min_length=1)


class Name(BaseModel):
    model_config = ConfigDict(extra="allow")
    toponym: str = Field(min_length=1)
    lang: str | None = None
    when: When | None = None
    citations: list[Citation] = []


class Type(BaseModel):
    model_config = ConfigDict(extra="allow")
    identifier: str | None = None
    label: str


class Geometry(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=3)
    certainty: Literal["certain", "less-certain", "uncertain"] = "certain"
    citations: list[Citation] = Field(min_length=1)


class Link(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    identifier: str


class Relation(BaseModel):
    model_config = ConfigDict(extra="allow")
    relationType: str
    relationTo: str
    label: str | None = None


class Properties(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str = Field(min_length=1)
    ccodes: list[str] = []
    fclasses: list[Literal["A", "H", "L", "P", "R", "S", "T"]] = Field(min_length=1)
    description: str | None = None


class Feature(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    id: str = Field(alias="@id", min_length=1)
    type: Literal["Feature"]
    properties: Properties
    names: list[Name] = Field(min_length=1)
    types: list[Type] = []
    geometry: Geometry
    links: list[Link] = []
    relations: list[Relation] = []

    @field_validator("names")
    @classmethod
    def _timespans_are_dates(cls, names: list[Name]) -> list[Name]:
        for n in names:
            for span in (n.when.timespans if n.when else []):
                for point in (span.start, span.end):
                    if point and point.date():
                        try:
                            parse_date(point.date())
                        except ValueError:
                            raise ValueError(
                                f"name '{n.toponym}': '{point.date()}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        return names




# ---- the register of names that are not places


class RegisterEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: list[str] = []
    wikidata: str | None = None
    description: str | None = None


# ---- the catalog of texts


class CatalogEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    file: str
    title: str
    author: str
    written: str
    story_date: str | None = None
    source: str
    url: str | None = None
    licence: str
    credit: str
