"""One hierarchy for every error this package raises on bad input.

Each error carries a list of problems, each naming the file, the element and what is wrong, so that
a historian who edits a data file by hand sees every problem at once, not the first one only.
"""
from __future__ import annotations


class GeoError(Exception):
    """Bad input: a file that cannot be read or data that does not validate.

    ``problems`` holds one line per problem; ``str(error)`` shows them all.
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        self.message = message
        self.problems = list(problems or [])
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class TextError(GeoError):
    """A text that is missing, unreadable, binary, empty, or a catalog that does not validate."""


class GazetteerError(GeoError):
    """A gazetteer (Linked Places GeoJSON) or a register of names that does not validate."""


class StoryError(GeoError):
    """A story file that does not validate against the gazetteer and the texts."""


class ExportError(GeoError):
    """An export that cannot be made as asked."""
