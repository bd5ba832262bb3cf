"""Geoparsing speed on a large text, beside geotext as the peer, and recall on the gold set.

    python bench/geoparse.py [--mb 6]

Prints MB/s warm (in one process, after a first run) and the wall time of a whole process
(`python -m geo places BIG --format json`), and the same for geotext; then the recall of both on
the gold annotation of the seed texts (geotext gives names without offsets, so its recall is
counted generously: a gold mention counts as found if geotext lists its surface text).

Both whole processes run from bytecode, as installed packages do (pip compiles a package's modules as
it installs it: geotext's come so). A working copy installed for editing is compiled at its first
import, unless PYTHONDONTWRITEBYTECODE forbids writing the bytecode, as some shells set: then every run
compiles geo's modules anew (some 40 ms), which is no cost of geoparsing. So the processes are timed
with their bytecode kept in a temporary folder (PYTHONPYCACHEPREFIX) after a first run; in such a
shell geo's time as the shell runs it is printed too.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = sorted((ROOT / "data" / "texts").glob("*.txt"))
RUNS = 5  # each whole process is timed so often, and the least kept: a shared machine only ever adds time


def big_text(mb: float) -> str:
    seed = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    return seed * max(1, int(mb * 1e6 / len(seed.encode())))


def wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    return time.perf_counter() - t


def cpu(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of a whole process: steadier than wall time on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bytecode_env(folder: str) -> dict[str, str]:
    """The environment of a process that keeps the bytecode of what it imports in ``folder``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": folder}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=6.0)
    args = ap.parse_args()
    text = big_text(args.mb)
    mb = len(text.encode()) / 1e6
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(text)
        path = f.name
    print(f"text: {mb:.1f} MB (the seed texts repeated)")

    from geo.geoparse import Geoparser

    t = time.perf_counter()
    parser = Geoparser()
    parser.find("Moscow")
    setup = time.perf_counter() - t
    t = time.perf_counter()
    n = len(parser.find(text))
    warm = time.perf_counter() - t

    from geotext import GeoText

    t = time.perf_counter()
    g = GeoText(text)
    gwarm = time.perf_counter() - t

    pycache = tempfile.TemporaryDirectory()
    env = bytecode_env(pycache.name)
    geo_cmd = [sys.executable, "-m", "geo", "places", path, "--format", "json"]
    gt_cmd = [sys.executable, "-c", f"from geotext import GeoText; GeoText(open({path!r}).read())"]
    wall(geo_cmd, env), wall(gt_cmd, env)  # each compiles what it imports, once
    # The two in turn, so that both meet whatever else the machine is doing at the time.
    times: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(RUNS):
        times["geo"].append(wall(geo_cmd, env))
        times["geotext"].append(wall(gt_cmd, env))
        times["geo cpu"].append(cpu(geo_cmd, env))
        times["geotext cpu"].append(cpu(gt_cmd, env))
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            times["geo here cpu"].append(cpu(geo_cmd))  # as this shell runs it
    proc, proc_cpu = min(times["geo"]), min(times["geo cpu"])
    gproc, gproc_cpu = min(times["geotext"]), min(times["geotext cpu"])
    print(f"geo:     set-up {setup:.2f} s; warm {warm:.2f} s = {mb / warm:.1f} MB/s ({n} mentions); "
          f"whole process {proc:.2f} s")
    print(f"geotext: warm {gwarm:.2f} s = {mb / gwarm:.1f} MB/s ({len(g.cities) + len(g.countries)} names); "
          f"whole process {gproc:.2f} s")
    print(f"ratio:   geo whole process / geotext whole process = {proc / gproc:.2f} wall, "
          f"{proc_cpu / gproc_cpu:.2f} CPU ({proc_cpu:.2f} s / {gproc_cpu:.2f} s)")
    if times["geo here cpu"]:
        here_cpu = min(times["geo here cpu"])
        print(f"         in this shell, which keeps no bytecode (PYTHONDONTWRITEBYTECODE): geo {here_cpu:.2f} s CPU, "
              f"{here_cpu / gproc_cpu:.2f} times geotext's")

    tp_geo = tp_gt = total = 0
    for seed in SEEDS:
        content = seed.read_text(encoding="utf-8")
        gold = json.loads((ROOT / "tests" / "gold" / seed.name.replace(".txt", ".json")).read_text())
        total += len(gold)
        found = {(m.start, m.end, m.place_id) for m in parser.find(content)}
        tp_geo += sum((x["start"], x["end"], x["place_id"]) in found for x in gold)
        gt = GeoText(content)
        names = collections.Counter(gt.cities + gt.countries)
        for x in gold:
            if names[x["text"]] > 0:
                names[x["text"]] -= 1
                tp_gt += 1
    print(f"recall on the gold set ({total} mentions): geo {tp_geo / total:.3f}, geotext {tp_gt / total:.3f}")
    Path(path).unlink()
    pycache.cleanup()


if __name__ == "__main__":
    main()
