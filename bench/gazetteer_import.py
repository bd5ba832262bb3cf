"""Building the offline index from a GeoNames dump of a million rows: time, size, look-up speed.

    python bench/gazetteer_import.py [--rows 1000000]

Writes a synthetic file in GeoNames' own format (19 tab-separated columns, every feature class, two
alternate names a row) to a temporary folder, imports it into a fresh index with
``geo.geonames.import_dump`` (what ``python -m geo gazetteer import`` does), and prints the build
time, the size of the index, and look-ups a second for names that are there and names that are not.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYLLABLES = ["ka", "ra", "tal", "ak", "su", "bel", "mor", "vin", "dor", "ash", "ul", "zhan", "ter", "os", "lin", "gor"]
CLASSES = [("P", "PPL"), ("H", "STM"), ("H", "LK"), ("T", "MT"), ("T", "PASS"), ("T", "ISL"), ("A", "ADM2"),
           ("L", "AREA"), ("S", "RSTN"), ("V", "FRST"), ("U", "SMU")]


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))).capitalize()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    from geo.geonames import GeoNames, import_dump

    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "allCountries.txt"
        names = []
        t = time.perf_counter()
        with open(dump, "w", encoding="utf-8") as f:
            for gid in range(1, args.rows + 1):
                n = name(rng)
                fclass, fcode = rng.choice(CLASSES)
                names.append(n)
                f.write("\t".join([str(gid), n, n, f"{n}a,{n} {fcode.title()}", f"{rng.uniform(-60, 70):.5f}",
                                   f"{rng.uniform(-180, 180):.5f}", fclass, fcode, "KZ", "", "01", "", "", "",
                                   str(rng.choice([0, 0, 0, 500, 20000])), "", "0", "UTC", "2020-01-01"]) + "\n")
        print(f"dump:    {args.rows:,} rows, {dump.stat().st_size / 1e6:.0f} MB written in {time.perf_counter() - t:.1f} s")
        index = Path(tmp) / "index.sqlite"
        t = time.perf_counter()
        report = import_dump([dump], index, fresh=True)
        build = time.perf_counter() - t
        print(f"import:  {report.features:,} features, {report.names:,} names in {build:.1f} s "
              f"({report.features / build:,.0f} rows/s); index {index.stat().st_size / 1e6:.0f} MB")
        gn = GeoNames(index)
        probe = rng.sample(names, 20_000)
        t = time.perf_counter()
        found = sum(bool(gn.lookup(n)) for n in probe)
        hit = time.perf_counter() - t
        missing = [n + "qx" for n in probe]
        t = time.perf_counter()
        none = sum(bool(gn.lookup(n)) for n in missing)
        miss = time.perf_counter() - t
        print(f"lookup:  {len(probe) / hit:,.0f}/s for names there ({found:,} of {len(probe):,} found), "
              f"{len(missing) / miss:,.0f}/s for names not there ({none} found)")


if __name__ == "__main__":
    main()
