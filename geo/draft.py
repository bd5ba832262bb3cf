"""A story drafted from texts: the places they name, and one journey through them in the order named.

:func:`draft_story` geoparses the texts and drafts what a historian would otherwise type by hand: the
catalog of the texts, a gazetteer of the places found (each with its source, how sure the geoparser
is, and the other places the name could be), and a ``story.yaml`` with one journey whose stops are the
towns and spots (not rivers, seas or regions: :data:`STOP_CLASSES`) in the order the texts first name them, each quoting the sentence that names it (a W3C
TextQuoteSelector, with a prefix and suffix where the sentence occurs more than once) and dated where
that sentence states a date. Legs get no mode: the texts rarely say, and a guess would look like a
fact. :meth:`StoryDraft.save` writes the draft as a story folder, whole (see :mod:`geo.storyfolder`).

>>> from geo.draft import stated_date
>>> stated_date("On 18 January 1928 they left Moscow."), stated_date("He reached Kazan in May 1935.")
('1928-01-18', '1935-05')
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from geo.errors import GeoError

__all__ = ["STOP_CLASSES", "StoryDraft", "draft_story", "quote_selector", "sentence_at", "slug", "stated_date",
           "UNSURE_BELOW"]

# Where the geoparser does not judge a mention itself (Mention.unsure), one it scores below this is
# listed as unsure (a namesake chosen by size or company, a scanning slip), for the historian to check first.
UNSURE_BELOW = 0.7

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], start=1)}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(1[0-9]{3}|20[0-9]{2})"
_DATE_PATTERNS = (
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"), ("d", "m", "y")),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b"), ("m", "d", "y")),
    (re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b"), ("m", "y")),
    (re.compile(rf"\b{_YEAR}-(\d{{2}})-(\d{{2}})\b"), ("y", "m", "d")),
    (re.compile(rf"(?<![\d.,])\b{_YEAR}\b(?![\d.,]\d)"), ("y",)),
)


def stated_date(sentence: str) -> str | None:
    """The first date a sentence states, as EDTF at the precision stated (day, month or year), or None.

    >>> stated_date("In the spring of 1929 they sailed."), stated_date("Page 12 of 300.")
    ('1929', None)
    """
    found = _stated(sentence)
    return found[1] if found else None


def _stated(sentence: str) -> tuple[int, str] | None:
    """(offset, EDTF) of the date a sentence states; the most precise form that occurs wins."""
    best: tuple[int, str] | None = None
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(sentence):
            parts = dict(zip(order, m.groups()))
            year = int(parts["y"])
            month = _MONTHS[parts["m"].lower()] if parts.get("m", "").isalpha() else int(parts.get("m") or 0)
            day = int(parts.get("d") or 0)
            try:
                if day:
                    value = dt.date(year, month, day).isoformat()
                elif month:
                    value = f"{year:04d}-{month:02d}"
                else:
                    value = f"{year:04d}"
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), value)
            break  # the most precise pattern that matches wins; later patterns only if it does not
        if best is not None:
            return best
    return None


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n\s*\n")
_MAX_SENTENCE = 400


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The (start, end) offsets of the sentence around ``text[start:end]``, trimmed; a very long one is
    cut to some 400 characters around the words, at spaces.

    >>> text = "They left. Then via Frunze to Alma-Ata! Done."
    >>> s, e = sentence_at(text, 20, 26); text[s:e]
    'Then via Frunze to Alma-Ata!'
    """
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end)
    hi = m.end() if m and m.group().strip() else (m.start() if m else len(text))
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    if hi - lo > _MAX_SENTENCE:
        half = (_MAX_SENTENCE - (end - start)) // 2
        a, b = max(lo, start - half), min(hi, end + half)
        if a > lo:
            a = text.find(" ", a, start) + 1 or a
        if b < hi:
            cut = text.rfind(" ", end, b)
            b = cut if cut > 0 else b
        lo, hi = a, b
    return lo, hi


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    """A TextQuoteSelector for ``text[start:end]``: prefix and suffix only as long as it takes to be unique."""
    from geo.story import find_quote

    exact = text[start:end]
    if len(find_quote(text, exact)) == 1:
        return {"exact": exact}
    for width in (16, 32, 64, 128, 256):
        prefix, suffix = text[max(0, start - width):start], text[end:end + width]
        if len(find_quote(text, exact, prefix, suffix)) == 1:
            return {"exact": exact, "prefix": prefix, "suffix": suffix}
    return {"exact": exact, "prefix": text[:start][-512:], "suffix": text[end:end + 512]}


def slug(value: str, taken: Iterable[str] = ()) -> str:
    base = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:40] or "item"
    taken = set(taken)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@dataclass
class StoryDraft:
    """A drafted story: the documents of its folder, and what the geoparser was unsure of.

    ``story``, ``catalog`` and ``places`` are the contents of ``story.yaml``, ``texts/catalog.yaml`` and
    ``places.geojson``; ``texts`` the files of ``texts/`` (name to bytes, as given); ``mentions`` every
    mention kept, by text id; ``unsure`` the mentions to check first; ``notes`` what the draft left out.
    """

    title: str
    story: dict[str, Any]
    catalog: dict[str, Any]
    places: dict[str, Any]
    texts: dict[str, bytes]
    mentions: dict[str, list[Any]] = field(default_factory=dict)
    unsure: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    place_ids: dict[str, str] = field(default_factory=dict)  # geoparser's place id -> the story's

    def save(self, folder: str | Path, expected_version: str | None = None) -> str:
        """Write the draft as a story folder (whole, in one step); return its version."""
        from geo.storyfolder import save_story

        return save_story(folder, story=self.story, catalog=self.catalog, places=self.places,
                          texts=self.texts, expected_version=expected_version)


def _confidence(m: Any) -> float:
    return float(getattr(m, "confidence", None) if getattr(m, "confidence", None) is not None else m.score)


def _unsure(m: Any) -> bool:
    """The geoparser's own judgement where it gives one (``Mention.unsure``), else a low score."""
    unsure = getattr(m, "unsure", None)
    return bool(unsure) if unsure is not None else _confidence(m) < UNSURE_BELOW


# Feature classes a journey stops at: towns (P) and spots (S: a station, a house). Rivers, seas, regions
# and mountains (H, A, L, T) are places of the story, shown in its gazetteer, but no stops.
STOP_CLASSES = frozenset({"P", "S"})
_CLASS_TYPES = {"P": "populated place", "S": "spot or building", "H": "water", "A": "region", "L": "area",
                "T": "mountain or hill", "R": "road or railway", "V": "forest"}


def _classes(m: Any, place: Any) -> tuple[str, ...]:
    if place is not None:
        return tuple(place.fclasses)
    return (getattr(m, "feature_class", "") or "P",)


def _alternatives(m: Any, geonames: Any) -> list[dict[str, Any]]:
    """The other places the name could be: the geoparser's own list where it gives one, else GeoNames'."""
    given = getattr(m, "alternatives", None)
    if given is not None:
        return [a if isinstance(a, dict) else (a.to_dict() if hasattr(a, "to_dict") else dict(vars(a)))
                for a in given]
    if geonames is None:
        return []
    out = []
    for c in sorted(geonames.lookup(m.text), key=lambda c: -c.population):
        if c.place_id != m.place_id:
            out.append({"id": c.place_id, "name": c.name, "country": c.country, "lat": c.lat, "lon": c.lon,
                        "population": c.population})
        if len(out) == 5:
            break
    return out


def _feature(m: Any, place: Any, pid: str, alternatives: list[dict[str, Any]],
             written: Sequence[str] = ()) -> dict[str, Any]:
    """A Linked Places feature for a place found: the curated one as it is, or one made from GeoNames.

    A place made from GeoNames is named as GeoNames names it and as the texts write it (``written``), so
    that the story, read again, finds "Fort Yuma" whole where GeoNames has only Yuma.
    """
    from geo.gazetteer import to_feature

    found = {"source": m.source, "score": round(_confidence(m), 2), "matched": m.matched,
             "alternatives": alternatives}
    if place is not None:
        f = to_feature(place)
        f["@id"] = pid
        f["properties"].update(found)
        return f
    gid = m.place_id.split(":", 1)[1] if m.place_id.startswith("gn:") else None
    if gid:
        cite = [{"label": "GeoNames", "@id": f"https://www.geonames.org/{gid}"}]
    else:
        cite = [{"label": f"geo-story's geoparser ({m.source})"}]
    fclass = _classes(m, None)[0]
    return {
        "@id": pid, "type": "Feature",
        "properties": {"title": m.name, "ccodes": [], "fclasses": [fclass], **found},
        "names": [{"toponym": n} for n in _names(m.name, m.matched, *written)],
        "types": [{"label": _CLASS_TYPES.get(fclass, "place")}],
        "geometry": {"type": "Point", "coordinates": [m.lon, m.lat],
                     "certainty": "certain" if _confidence(m) >= UNSURE_BELOW else "less-certain",
                     "citations": cite},
        "links": [{"type": "closeMatch", "identifier": f"gn:{gid}"}] if gid else [],
        "relations": [],
    }


def _names(*names: str) -> list[str]:
    """The names, each once, as the gazetteer keys them: "FORT YUMA" is "Fort Yuma"."""
    from geo.geonames import name_key

    out: dict[str, str] = {}
    for n in names:
        out.setdefault(name_key(n), " ".join(n.split()))
    return list(out.values())


def draft_story(texts: Sequence[str | Path], title: str | None = None, *, rejected: Iterable[Any] = (),
                geoparser: Any = None) -> StoryDraft:
    """Draft a story from text files (read as UTF-8, copied byte for byte); see the module's docstring.

    ``rejected`` (:class:`geo.story.Rejection`, or dicts with ``name``/``text``/``place``) are mentions
    the historian ruled out before: they stay out. Raises :class:`geo.errors.GeoError` for a text that
    cannot be read, listing every one.
    """
    from geo.geoparse import Geoparser
    from geo.story import Rejection
    from geo.texts import read_text

    paths = [Path(p) for p in texts]
    if not paths:
        raise GeoError("give at least one text to draft a story from")
    contents: dict[str, str] = {}
    problems = []
    for p in paths:
        try:
            contents[str(p)] = read_text(p)
        except GeoError as e:
            problems.append(str(e))
    if problems:
        raise GeoError(f"{len(problems)} text(s) cannot be read", problems)
    parser = geoparser or Geoparser()
    rules = [r if isinstance(r, Rejection) else Rejection(**r) for r in rejected]

    ids: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for p in paths:
        tid = slug(p.stem, ids.values())
        ids[str(p)] = tid
        name = p.name if p.name not in files and p.name != "catalog.yaml" else f"{tid}{p.suffix or '.txt'}"
        files[name] = p.read_bytes()
    file_of = dict(zip(ids.values(), files))

    # Mentions in the order the texts name them: text by text, as given.
    mentions: dict[str, list[Any]] = {}
    for p in paths:
        tid = ids[str(p)]
        found = parser.find(contents[str(p)], doc=tid)
        mentions[tid] = [m for m in found if not any(r.rejects(m) for r in rules)]

    # The places, each once, in order first named; the story's ids are readable slugs.
    place_ids: dict[str, str] = {}
    first: dict[str, Any] = {}
    curated = set(parser.gazetteer.places)
    for tid, ms in mentions.items():
        for m in ms:
            if m.place_id not in place_ids:
                place_ids[m.place_id] = m.place_id if m.place_id in curated else \
                    slug(m.name, curated | set(place_ids.values()))
                first[m.place_id] = m
    geonames = getattr(parser, "geonames", None)
    written: dict[str, list[str]] = {}
    for ms in mentions.values():
        for m in ms:
            written.setdefault(m.place_id, []).append(m.text)
    features = [_feature(m, parser.gazetteer.get(gp), place_ids[gp], _alternatives(m, geonames), written[gp])
                for gp, m in first.items()]
    # A curated place names the places it is part of (Samara: Russia): they come along, as places, not stops.
    from geo.gazetteer import to_feature

    wanted = [p for gp in first if (p := parser.gazetteer.get(gp))]
    have = {f["@id"] for f in features}
    while wanted:
        for parent in wanted.pop().part_of:
            if parent not in have and parent in parser.gazetteer:
                have.add(parent)
                features.append(to_feature(parser.gazetteer[parent]))
                wanted.append(parser.gazetteer[parent])

    # One journey: a stop per place, quoting the sentence that first names it, dated where it says.
    stops, dates, notes = [], [], []
    latest: dt.date | None = None
    sentences = {}
    stop_places = {gp: m for gp, m in first.items() if set(_classes(m, parser.gazetteer.get(gp))) & STOP_CLASSES}
    for gp, m in stop_places.items():
        text = contents[next(k for k, v in ids.items() if v == m.doc)]
        sentences[gp] = (m.doc, *sentence_at(text, m.start, m.end))
    # A sentence that first names several places dates only the one named nearest its date ("from
    # London on 2 June 1838 ... at Rotterdam two days later": London).
    dated: dict[str, str] = {}
    for key in dict.fromkeys(sentences.values()):
        doc, s, e = key
        text = contents[next(k for k, v in ids.items() if v == doc)]
        found = _stated(text[s:e])
        if found:
            here = [gp for gp, k in sentences.items() if k == key]
            nearest = min(here, key=lambda gp: abs(first[gp].start - (s + found[0])))
            dated[nearest] = found[1]
    for gp, m in stop_places.items():
        doc, s, e = sentences[gp]
        text = contents[next(k for k, v in ids.items() if v == doc)]
        stops.append({"at": place_ids[gp], "excerpts": [{"text": m.doc, **quote_selector(text, s, e)}]})
        date = dated.get(gp)
        if date:
            from geo.story import edtf_bounds

            lo, hi = edtf_bounds(date)
            if latest and hi and hi < latest:
                notes.append(f"{place_ids[gp]}: '{date}' is earlier than the stop before; left undated")
                date = None
            else:
                latest = lo or latest
        dates.append(date)
    journey_id = slug(title or paths[0].stem)
    legs = []
    for i in range(1, len(stops)):
        leg: dict[str, Any] = {"id": f"{journey_id}-{i}", "from": stops[i - 1]["at"], "to": stops[i]["at"]}
        if i == 1 and dates[0]:
            leg["start"] = dates[0]
        if dates[i]:
            leg["end"] = dates[i]
        legs.append(leg)
    if len(stops) < 2:
        notes.append("fewer than two places found: no journey drafted (a journey needs a leg)")

    years = [d for d in dates if d]
    story_date = years[0][:4] if years else None
    story_title = title or paths[0].stem.replace("_", " ").replace("-", " ").strip().capitalize()
    story: dict[str, Any] = {
        "title": story_title,
        "description": f"Drafted by `geo-story new` from {', '.join(p.name for p in paths)}: "
                       f"check the places and the order of the stops.",
        "journeys": [{"id": journey_id, "title": story_title, "travellers": [], "stops": stops, "legs": legs}]
        if legs else [],
        "letters": [],
        "persons": [],
        "rejected": [{k: v for k, v in (("name", r.name), ("text", r.text), ("place", r.place)) if v}
                     for r in rules],
    }
    catalog = {"texts": [{
        "id": tid, "file": file_of[tid], "title": contents[key].strip().splitlines()[0][:120] or tid,
        "author": "not given", "written": "", **({"story_date": story_date} if story_date else {}),
        "source": "given by the user", "licence": "not given", "credit": f"{file_of[tid]}",
    } for key, tid in ids.items()]}
    unsure = sorted((m for ms in mentions.values() for m in ms if _unsure(m)),
                    key=lambda m: (_confidence(m), m.doc or "", m.start))
    return StoryDraft(story_title, story, catalog, {"type": "FeatureCollection", "features": features}, files,
                      mentions, unsure, notes, place_ids)
