"""Write ``geo/data/person_names.json``: common given names and surnames, for telling a person from a town.

    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python tools/make_person_names.py /tmp/names/names-0.3.0/names

The lists are the US Census Bureau's 1990 frequency tables of first names and surnames (public domain),
as the ``names`` package ships them. Kept: given names borne by at least 2 in 100,000 people, surnames
by at least 1 in 100,000 (about 4,000 and 19,000 names; "common" surnames: 5 in 100,000). The geoparser reads "Virginia Chapin" and
"Victoria N. Pearson" as persons with them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.datafiles import write_atomic  # noqa: E402


def read(path: Path, least: float) -> list[str]:
    out = []
    for line in path.read_text(encoding="ascii").splitlines():
        name, freq, _cumulative, _rank = line.split()
        if float(freq) >= least:
            out.append(name.title())
    return out


def main() -> None:
    folder = Path(sys.argv[1])
    given = sorted(set(read(folder / "dist.female.first", 0.002) + read(folder / "dist.male.first", 0.002)))
    surnames = sorted(set(read(folder / "dist.all.last", 0.001)))
    common = sorted(set(read(folder / "dist.all.last", 0.005)))
    common_given = sorted(set(read(folder / "dist.female.first", 0.02) + read(folder / "dist.male.first", 0.02)))
    data = {
        "_about": "Given names and surnames of the US Census Bureau's 1990 name frequency tables (public domain), "
                  "as shipped by the 'names' package (MIT); made by tools/make_person_names.py.",
        "given": given,
        "surnames": surnames,
        "common_surnames": common,
        "common_given": common_given,
    }
    write_atomic(ROOT / "geo" / "data" / "person_names.json", json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{len(given)} given names, {len(surnames)} surnames, {len(common)} common surnames, {len(common_given)} common given names")


if __name__ == "__main__":
    main()
