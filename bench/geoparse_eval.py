"""The geoparser beside geotext on annotated corpora nobody here wrote.

    python bench/geoparse_eval.py [--corpora DIR] [--sample N] [--misses 15] [--extras FILE]

Scores every ``*.jsonl`` corpus in ``../shared/corpora/`` (format in its README: one document a line,
``{"id", "text", "toponyms": [{"start", "end", "text", "lat", "lon"}]}``) and prints, for this
project and for geotext:

- recognition recall: gold toponyms overlapped by a mention;
- precision on the annotated spans: of the mentions that overlap a gold toponym with a point, the
  share put within 161 km of it (the corpora annotate places only, so a mention over no annotated
  span is not counted wrong here; ``--extras`` draws such mentions for reading by hand);
- acc@161: gold toponyms with a point found and put within 161 km (100 miles) of it;
- the time taken, and the most frequent misses and wrong resolutions.

geotext gives names without offsets or points: its names are found in the text again at word
boundaries, and each is put at the most populous GeoNames place of that name (a country at the
middle of its cities), which is what a user of geotext would have to do.

``--extras FILE`` writes 200 mentions (fixed seed) that lie over no annotated span, each with the
words around it, for judging by hand. Corpus texts stay out of the project: write it outside.
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KM = 161.0


def load(path: Path, sample: int | None) -> list[dict]:
    # split("\n"), not splitlines(): the texts hold U+2028 and other line separators inside strings
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    if sample and sample < len(docs):
        docs = random.Random(0).sample(docs, sample)
    return docs


def geotext_mentions(text: str, lookup) -> list[tuple[int, int, float, float]]:
    from geotext import GeoText

    g = GeoText(text)
    out = []
    for name in set(g.cities) | set(g.countries):
        point = lookup(name)
        if point is None:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            out.append((m.start(), m.end(), *point))
    return out


def score(docs: list[dict], mentions_of) -> dict:
    """Recall, precision on annotated spans, acc@161, and what went wrong, for one system."""
    from geo.geonames import distance_km

    gold_n = with_point = found = right = 0
    over_gold = over_gold_right = all_mentions = 0
    misses: collections.Counter = collections.Counter()
    wrong: collections.Counter = collections.Counter()
    extras = []
    t = time.perf_counter()
    predicted = [mentions_of(d["text"]) for d in docs]
    elapsed = time.perf_counter() - t
    for d, ms in zip(docs, predicted):
        all_mentions += len(ms)
        gold = d["toponyms"]
        for g in gold:
            gold_n += 1
            hit = [m for m in ms if m[0] < g["end"] and g["start"] < m[1]]
            has_point = g["lat"] is not None
            with_point += has_point
            if hit:
                found += 1
                if has_point:
                    over_gold += 1
                    km = min(distance_km(g["lat"], g["lon"], m[2], m[3]) for m in hit)
                    if km <= KM:
                        right += 1
                        over_gold_right += 1
                    else:
                        wrong[g["text"]] += 1
            else:
                misses[g["text"]] += 1
        for m in ms:
            if not any(m[0] < g["end"] and g["start"] < m[1] for g in gold):
                extras.append((d["id"], d["text"], m))
    return dict(recall=found / max(1, gold_n), precision=over_gold_right / max(1, over_gold),
                acc=right / max(1, with_point), time=elapsed, mentions=all_mentions, gold=gold_n,
                misses=misses, wrong=wrong, extras=extras)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", type=Path, default=next(
        (d / "shared" / "corpora" for d in ROOT.parents if (d / "shared" / "corpora").is_dir()), None),
                    help="a folder of *.jsonl corpora (default: shared/corpora beside the project or above it)")
    ap.add_argument("--sample", type=int, help="score a random sample of N documents a corpus (seed 0)")
    ap.add_argument("--misses", type=int, default=15, help="how many frequent misses to print")
    ap.add_argument("--no-geotext", action="store_true")
    ap.add_argument("--online", action="store_true", help="let the geoparser ask the online geocoder too")
    ap.add_argument("--extras", type=Path, help="write 200 mentions over no annotated span here (outside the project)")
    args = ap.parse_args()
    corpora = sorted(args.corpora.glob("*.jsonl")) if args.corpora else []
    if not corpora:
        sys.exit(f"no *.jsonl corpora in {args.corpora}")

    from geo.geoparse import Geoparser

    parser = Geoparser(**({'online': True} if args.online else {}))
    parser.find("Moscow")
    gn = parser.geonames

    def ours(text):
        return [(m.start, m.end, m.lat, m.lon, m.text, m.place_id) for m in parser.find(text)]

    def gt_point(name):
        cities = gn.lookup(name)
        return (max(cities, key=lambda c: c.population).lat, max(cities, key=lambda c: c.population).lon) \
            if cities else None

    def theirs(text):
        return [(*m, "", "") for m in geotext_mentions(text, gt_point)]

    rows, details, extras = [], [], []
    for path in corpora:
        docs = load(path, args.sample)
        r = score(docs, ours)
        extras += r["extras"]
        g = None if args.no_geotext else score(docs, theirs)
        rows.append((path.stem, len(docs), r, g))
        details.append((path.stem, r))

    print(f"{'corpus':<12} {'docs':>5} {'gold':>6} | {'system':<8} {'recall':>6} {'prec':>6} {'acc@161':>7} "
          f"{'mentions':>8} {'time s':>7}")
    for name, n, r, g in rows:
        for label, x in (("geo", r), ("geotext", g)):
            if x is None:
                continue
            print(f"{name:<12} {n:>5} {x['gold']:>6} | {label:<8} {x['recall']:>6.3f} {x['precision']:>6.3f} "
                  f"{x['acc']:>7.3f} {x['mentions']:>8} {x['time']:>7.2f}")
    for name, r in details:
        print(f"\n{name}: most frequent misses: " +
              ", ".join(f"{t!r} {c}" for t, c in r["misses"].most_common(args.misses)))
        print(f"{name}: most frequent wrong resolutions: " +
              ", ".join(f"{t!r} {c}" for t, c in r["wrong"].most_common(args.misses)))
    if args.extras:
        drawn = random.Random(161).sample(extras, min(200, len(extras)))
        with open(args.extras, "w", encoding="utf-8") as f:
            for i, (doc, text, m) in enumerate(drawn, 1):
                s, e = m[0], m[1]
                ctx = (text[max(0, s - 90):s] + "[[" + text[s:e] + "]]" + text[e:e + 90]).replace("\n", " ")
                f.write(f"{i:3d}. {doc} | {m[4]} -> {m[5]} ({m[2]:.3f}, {m[3]:.3f})\n     {ctx}\n")
        print(f"\n{len(drawn)} of {len(extras)} mentions over no annotated span written to {args.extras}")


if __name__ == "__main__":
    main()
