"""Editing a story: the places its texts name and the stops of one journey, corrected by hand.

A :class:`StoryEdit` holds the documents of a story folder (``story.yaml`` and ``places.geojson``, as
:func:`geo.draft.draft_story` drafts them or as they are on disk) and the mentions of its texts, and
offers the historian's corrections as plain operations: accept a place, reject it (the name is no place:
remembered in ``story.yaml``'s ``rejected`` so the geoparser does not bring it back), choose another
candidate, put it at a point; make a place a stop or not, move a stop up or down, give a stop its date
(EDTF, read as :mod:`geo.dates` reads every date) and the mode of the leg that arrives there (one of
:data:`geo.story.MODE_WORDS`). No Streamlit here: the app's editor (``geo/views/editor.py``) is a thin
view over this, and a notebook can do the same.

Saving goes through the one writer of story folders (:func:`geo.storyfolder.save_story`): whole, in one
step, refused if the story changed on disk since it was read. Before anything is written, the edited
story is loaded once in a scratch folder, so a save never leaves a story that does not load.

>>> places = {"type": "FeatureCollection", "features": [
...     {"@id": "kazan", "type": "Feature", "properties": {"title": "Kazan", "fclasses": ["P"], "score": 0.5},
...      "names": [{"toponym": "Kazan"}], "geometry": {"type": "Point", "coordinates": [49.1, 55.8],
...      "citations": [{"label": "GeoNames"}]}}]}
>>> edit = StoryEdit({"title": "A trip", "journeys": []}, places)
>>> [(p.id, p.status) for p in edit.places()]
[('kazan', 'unsure')]
>>> edit.accept("kazan"); edit.places()[0].status
'checked'
"""
from __future__ import annotations

import copy
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

# A place scored below UNSURE_BELOW is unsure, and comes first: the drafting's threshold, and its way of
# quoting a sentence and of making ids, not a second one of each.
from geo.draft import UNSURE_BELOW, quote_selector, slug, sentence_at
from geo.datafiles import load_json
from geo.errors import GeoError

__all__ = ["Candidate", "EditError", "MentionRef", "PlaceRow", "StopRow", "StoryEdit", "MAX_TEXT_BYTES", "MODES",
           "UNSURE_BELOW"]

MAX_TEXT_BYTES = 2 * 1024 * 1024  # some 600 pages: a bigger upload is likely not one text at all



def _modes() -> tuple[str, ...]:
    from geo.story import MODE_WORDS

    return tuple(MODE_WORDS)


MODES: tuple[str, ...] = _modes()
Status = Literal["unsure", "found", "checked", "placed"]
# Where a story names a place outside its journeys: a place in use there cannot be rejected.
_PLACE_KEYS = ("from", "to", "at", "place", "via", "focus")


class EditError(GeoError):
    """An edit that cannot be made (an unknown place, a date that is not EDTF, a mode not in the table)."""


@dataclass(frozen=True)
class Candidate:
    """Another place a name could be: a GeoNames namesake, as the geoparser or the draft lists it."""

    name: str
    lat: float
    lon: float
    country: str = ""
    region: str = ""
    population: int | None = None
    fclass: str = ""
    id: str | None = None  # "gn:524901" for a GeoNames place

    @classmethod
    def of(cls, raw: Any) -> "Candidate":
        """From a dict or an object with the usual fields (``lat``/``lon`` or a ``point``)."""
        get = raw.get if isinstance(raw, Mapping) else (lambda k, d=None: getattr(raw, k, d))
        point = get("point")
        lat, lon = (point[0], point[1]) if point is not None else (get("lat"), get("lon"))
        pop = get("population")
        return cls(str(get("name") or get("title") or "?"), float(lat), float(lon),
                   str(get("country") or get("ccode") or ""), str(get("region") or get("admin1") or ""),
                   int(pop) if pop is not None else None, str(get("fclass") or get("feature_class") or get("class") or ""),
                   get("id") or get("place_id"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "lat": self.lat, "lon": self.lon}
        for k in ("country", "region", "population", "fclass", "id"):
            if getattr(self, k) not in (None, ""):
                out[k] = getattr(self, k)
        return out

    @property
    def label(self) -> str:
        """'Odessa, Texas (US), 99,940 people'."""
        # GeoNames' region codes are numbers in most countries ('84'): only a named one ('CA') says anything.
        region = self.region if self.region and not self.region.isdigit() else ""
        where = ", ".join(x for x in (region, self.country) if x)
        pop = f", {self.population:,} people" if self.population else ""
        return f"{self.name}" + (f" ({where})" if where else "") + pop


@dataclass(frozen=True)
class MentionRef:
    """Where a text names a place of the story: the text, the offsets, the words written."""

    text_id: str
    start: int
    end: int
    written: str
    place_id: str
    score: float | None = None


@dataclass(frozen=True)
class PlaceRow:
    """A place of the story as the editor lists it."""

    id: str
    title: str
    lat: float
    lon: float
    status: Status
    confidence: float | None
    source: str
    written: tuple[str, ...]  # the names the texts give it
    mentions: int
    stop: bool
    candidates: tuple[Candidate, ...]

    @property
    def unsure(self) -> bool:
        return self.status == "unsure"


@dataclass(frozen=True)
class StopRow:
    """A stop of the journey: where, when (EDTF), and by what mode the leg arriving there went."""

    index: int
    place_id: str
    title: str
    date: str | None
    mode: str | None  # None for the first stop, and for a leg whose mode is not given yet
    excerpt: str | None


@dataclass
class _Stop:
    place: str
    date: str | None = None
    leg: dict[str, Any] | None = None  # the leg arriving here, with whatever else the file says of it
    note: dict[str, Any] | None = None  # what story.yaml's `stops` says of this stop (excerpts, sources)


@dataclass
class StoryEdit:
    """A story being edited. ``story_yaml`` and ``places_geojson`` are the documents of those two files; ``mentions`` where the texts name the story's places; ``texts`` the texts' contents
    by id (for the excerpts of new stops). ``folder`` and ``version`` say where the story was read from
    (None for a story not saved yet); ``catalog`` and ``files`` are what a new story still has to write.
    """

    story_yaml: Any
    places_geojson: dict[str, Any]
    mentions: list[MentionRef] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None
    version: str | None = None
    catalog: dict[str, Any] | None = None
    files: dict[str, bytes] | None = None
    journey_id: str | None = None
    places_changed: bool = False

    def __post_init__(self) -> None:
        self._features = {f["@id"]: f for f in self.places_geojson.get("features", [])}
        journeys = self.story_yaml.get("journeys") or []
        if self.journey_id is None and journeys:
            self.journey_id = journeys[0].get("id")
        self._stops = self._read_stops()
        self._spare_legs: list[dict[str, Any]] = []
        self._old_notes: dict[str, dict[str, Any]] = {}

    # ---- opening

    @classmethod
    def from_draft(cls, draft: Any) -> "StoryEdit":
        """A new story from :func:`geo.draft.draft_story` (not saved yet)."""
        ids = getattr(draft, "place_ids", {}) or {}
        mentions = [MentionRef(tid, m.start, m.end, m.text, ids.get(m.place_id, m.place_id),
                               getattr(m, "confidence", None) or m.score)
                    for tid, ms in draft.mentions.items() for m in ms]
        texts = {}
        for entry in draft.catalog.get("texts", []):
            data = draft.texts.get(entry["file"])
            if data is not None:
                texts[entry["id"]] = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        return cls(copy.deepcopy(draft.story), copy.deepcopy(draft.places), mentions, texts,
                   catalog=draft.catalog, files=dict(draft.texts), places_changed=True)

    @classmethod
    def from_texts(cls, texts: Iterable[tuple[str, bytes]], title: str | None = None) -> "StoryEdit":
        """A new story from texts given as (file name, bytes), as a browser uploads them: each at most
        :data:`MAX_TEXT_BYTES`, and UTF-8 text (read as :func:`geo.texts.read_text` reads a file: UTF-16,
        binary and empty files are refused, each problem naming its file)."""
        from geo.draft import draft_story
        from geo.geoparse import default_geoparser

        given = list(texts)
        if not given:
            raise EditError("give a text first: upload a .txt file or paste the text")
        limit = MAX_TEXT_BYTES // (1024 * 1024)
        too_big = [f"{name}: {len(data) / 1024 / 1024:.1f} MB, more than the {limit} MB a text may have; "
                   f"split it into parts" for name, data in given if len(data) > MAX_TEXT_BYTES]
        if too_big:
            raise EditError(f"{len(too_big)} text(s) too big", too_big)
        scratch = Path(tempfile.mkdtemp(prefix="geo-new-"))
        try:
            paths = []
            for i, (name, data) in enumerate(given):
                # The name is the browser's: only its last part, in plain characters, inside the scratch folder.
                safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in Path(name).name).lstrip(".")
                p = scratch / (safe or f"text-{i + 1}.txt")
                if p.exists():
                    p = scratch / f"{p.stem}-{i + 1}{p.suffix}"
                p.write_bytes(data)
                paths.append(p)
            try:
                draft = draft_story(paths, title, geoparser=default_geoparser())
            except GeoError as e:
                raise EditError(e.message, [x.replace(f"{scratch}/", "") for x in e.problems]) from None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return cls.from_draft(draft)

    @classmethod
    def open(cls, folder: str | Path, journey: str | None = None) -> "StoryEdit":
        """An existing story folder, with its comments kept for saving (its mentions found anew)."""
        from geo.geoparse import find_mentions
        from geo.register import load_register
        from geo.story import load_story
        from geo.storyfolder import read_yaml_doc, story_folder, story_version

        f = story_folder(folder)
        version = story_version(f)
        story = load_story(f)
        doc = read_yaml_doc(f.story_file)
        places = load_json(f.places_file, error=EditError)  # bounded, as every data file is read
        register = load_register(f.register_file)
        mentions, texts = [], {}
        for tid, t in story.texts.items():
            texts[tid] = story.text(tid)
            for m in find_mentions(texts[tid], story.gazetteer, doc=tid, date=t.story_date, register=register):
                if m.place_id in story.gazetteer and story.accepts(m):
                    mentions.append(MentionRef(tid, m.start, m.end, m.text, m.place_id,
                                               getattr(m, "confidence", None) or m.score))
        return cls(doc, places, mentions, texts, folder=f.root, version=version, journey_id=journey)

    # ---- the places

    def places(self) -> list[PlaceRow]:
        """Every place of the story: the unsure ones first (least sure first), then in the order the texts
        first name them, then those no text names."""
        by_place: dict[str, list[MentionRef]] = {}
        for m in self.mentions:
            by_place.setdefault(m.place_id, []).append(m)
        stops = {s.place for s in self._stops}
        order = {pid: i for i, pid in enumerate(by_place)}
        rows = [self._row(pid, f, by_place.get(pid, []), pid in stops) for pid, f in self._features.items()]
        return sorted(rows, key=lambda r: (not r.unsure, r.confidence if r.unsure else 0,
                                           order.get(r.id, len(order)), r.title.lower()))

    def place(self, place_id: str) -> PlaceRow:
        f = self._feature(place_id)
        return self._row(place_id, f, [m for m in self.mentions if m.place_id == place_id],
                         any(s.place == place_id for s in self._stops))

    def _row(self, pid: str, f: dict[str, Any], ms: list[MentionRef], stop: bool) -> PlaceRow:
        props = f.get("properties", {})
        lon, lat = f["geometry"]["coordinates"][:2]
        score = props.get("score")
        if score is None and ms and any(m.score is not None for m in ms):
            score = min(m.score for m in ms if m.score is not None)
        if props.get("placed"):
            status: Status = "placed"
        elif props.get("checked"):
            status = "checked"
        elif score is not None and score < UNSURE_BELOW:
            status = "unsure"
        else:
            status = "found"
        cands = []
        for c in props.get("alternatives") or []:
            try:
                cands.append(Candidate.of(c))
            except (TypeError, ValueError, KeyError, IndexError):
                continue  # an alternative without a point cannot be chosen; the others still can
        return PlaceRow(pid, str(props.get("title") or pid), float(lat), float(lon), status,
                        float(score) if score is not None else None, str(props.get("source") or ""),
                        tuple(dict.fromkeys(m.written for m in ms)), len(ms), stop, tuple(cands))

    def _feature(self, place_id: str) -> dict[str, Any]:
        try:
            return self._features[place_id]
        except KeyError:
            raise EditError(f"'{place_id}' is not a place of this story") from None

    def accept(self, place_id: str) -> None:
        """The place is right as found."""
        f = self._feature(place_id)
        f["properties"]["checked"] = True
        f["geometry"]["certainty"] = "certain"
        self.places_changed = True

    def reject(self, place_id: str) -> None:
        """The name is no place here (a person, a ship, a word): the place, its stops and its mentions go,
        and the names written are remembered in ``rejected`` so that the geoparser does not bring them back.

        A place the story uses elsewhere (a letter, a person, another journey) is not removed: say where.
        """
        self._feature(place_id)
        uses = [w for w in self._uses(place_id) if not w.startswith(f"journeys[{self._journey_index()}]")]
        if uses:
            raise EditError(f"'{place_id}' cannot be rejected: the story uses it at {', '.join(uses[:5])}; "
                            f"change those first")
        names = list(dict.fromkeys(m.written for m in self.mentions if m.place_id == place_id))
        if not names:
            names = [self._features[place_id]["properties"].get("title") or place_id]
        rejected = self.story_yaml.get("rejected")
        if rejected is None:
            self.story_yaml["rejected"] = rejected = []
        known = {(r.get("name"), r.get("text"), r.get("place")) for r in rejected if isinstance(r, Mapping)}
        for n in names:
            if (n, None, None) not in known:
                rejected.append({"name": n})
        self._stops = [s for s in self._stops if s.place != place_id]
        self.mentions = [m for m in self.mentions if m.place_id != place_id]
        del self._features[place_id]
        self.places_geojson["features"] = [f for f in self.places_geojson["features"] if f.get("@id") != place_id]
        self.places_changed = True

    def choose(self, place_id: str, candidate: int | Candidate) -> None:
        """The name means another place: one of the place's candidates (by index, or given)."""
        f = self._feature(place_id)
        props = f["properties"]
        row = self.place(place_id)
        if isinstance(candidate, int):
            if not 0 <= candidate < len(row.candidates):
                raise EditError(f"'{place_id}' has no candidate {candidate} (it has {len(row.candidates)})")
            candidate = row.candidates[candidate]
        lon, lat = f["geometry"]["coordinates"][:2]
        gn = next((lk["identifier"] for lk in f.get("links", []) if str(lk.get("identifier", "")).startswith("gn:")),
                  None)
        was = Candidate(row.title, float(lat), float(lon), (props.get("ccodes") or [""])[0], id=gn)
        props["alternatives"] = [was.to_dict()] + [c.to_dict() for c in row.candidates if c != candidate]
        props["title"] = candidate.name
        props["ccodes"] = [candidate.country] if candidate.country else []
        props["checked"] = True
        props.pop("placed", None)
        if not any(n.get("toponym") == candidate.name for n in f.get("names", [])):
            f.setdefault("names", []).append({"toponym": candidate.name})
        cite = {"label": "GeoNames"}
        f["links"] = [lk for lk in f.get("links", []) if not str(lk.get("identifier", "")).startswith("gn:")]
        if candidate.id and str(candidate.id).startswith("gn:"):
            cite["@id"] = f"https://www.geonames.org/{str(candidate.id)[3:]}"
            f["links"].append({"type": "closeMatch", "identifier": str(candidate.id)})
        f["geometry"] = {"type": "Point", "coordinates": [candidate.lon, candidate.lat], "certainty": "certain",
                         "citations": [cite]}
        self.places_changed = True

    def place_at(self, place_id: str, lat: float, lon: float) -> None:
        """The place is where the historian clicked (the point is theirs: no GeoNames link stays)."""
        f = self._feature(place_id)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise EditError(f"({lat}, {lon}) is not a point on the map (latitude -90..90, longitude -180..180)")
        f["geometry"] = {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)], "certainty": "certain",
                         "citations": [{"label": "placed by hand in the story editor"}]}
        f["links"] = [lk for lk in f.get("links", []) if not str(lk.get("identifier", "")).startswith("gn:")]
        f["properties"]["placed"] = True
        f["properties"]["checked"] = True
        self.places_changed = True

    def _uses(self, place_id: str) -> list[str]:
        """Where story.yaml names the place, as 'letters[2].to'."""
        out: list[str] = []

        def walk(x: Any, where: str) -> None:
            if isinstance(x, Mapping):
                for k, v in x.items():
                    w = f"{where}.{k}" if where else str(k)
                    if k in _PLACE_KEYS and (v == place_id or (isinstance(v, list) and place_id in v)):
                        out.append(w)
                    elif k != "rejected":
                        walk(v, w)
            elif isinstance(x, list):
                for i, v in enumerate(x):
                    walk(v, f"{where}[{i}]")

        walk(self.story_yaml, "")
        return out

    # ---- the journey

    def journeys(self) -> list[str]:
        return [j.get("id") for j in self.story_yaml.get("journeys") or []]

    def _journey(self) -> Any | None:
        return next((j for j in self.story_yaml.get("journeys") or [] if j.get("id") == self.journey_id), None)

    def _journey_index(self) -> int:
        ids = self.journeys()
        return ids.index(self.journey_id) if self.journey_id in ids else len(ids)

    def choose_journey(self, journey_id: str) -> None:
        """Edit another journey of the story (the stops of this one are kept as they are now)."""
        if journey_id not in self.journeys():
            raise EditError(f"'{journey_id}' is not a journey of this story")
        self._write_journey()
        self.journey_id = journey_id
        self._stops, self._spare_legs = self._read_stops(), []

    def _read_stops(self) -> list[_Stop]:
        j = self._journey()
        if j is None:
            return []
        legs = [dict(leg) for leg in j.get("legs") or []]
        if not legs:
            return []
        stops = [_Stop(legs[0].get("from"), legs[0].get("start"))]
        stops += [_Stop(leg.get("to"), leg.get("end"), leg) for leg in legs]
        notes = [dict(n) for n in j.get("stops") or []]
        for n in notes:
            i = n.get("index")
            target = stops[i] if isinstance(i, int) and 0 <= i < len(stops) and stops[i].place == n.get("at") \
                else next((s for s in stops if s.place == n.get("at") and s.note is None), None)
            if target is not None:
                target.note = n
        return stops

    def stops(self) -> list[StopRow]:
        """The stops of the journey being edited, in order."""
        out = []
        for i, s in enumerate(self._stops):
            f = self._features.get(s.place)
            title = str(f["properties"].get("title")) if f else s.place
            excerpt = None
            for e in (s.note or {}).get("excerpts") or []:
                excerpt = e.get("exact")
                break
            out.append(StopRow(i, s.place, title, s.date, (s.leg or {}).get("mode") if i else None, excerpt))
        return out

    def _stop(self, index: int) -> _Stop:
        if not 0 <= index < len(self._stops):
            raise EditError(f"the journey has no stop {index + 1} (it has {len(self._stops)})")
        return self._stops[index]

    def add_stop(self, place_id: str, index: int | None = None) -> None:
        """Make the place a stop (at the end, or before stop ``index``), quoting the sentence that first
        names it."""
        self._feature(place_id)
        note = self._old_notes.pop(place_id, None) or self._first_sentence(place_id)
        stop = _Stop(place_id, note=note)
        self._stops.insert(len(self._stops) if index is None else max(0, min(index, len(self._stops))), stop)

    def remove_stop(self, index: int) -> None:
        """The place is not a stop (it stays a place of the story)."""
        s = self._stop(index)
        del self._stops[index]
        if s.leg:
            self._spare_legs.append(s.leg)
        if s.note:
            self._old_notes[s.place] = s.note

    def move_stop(self, index: int, by: int) -> None:
        """Move a stop up (``by=-1``) or down (``by=1``); its date and mode go with it."""
        self._stop(index)
        to = index + by
        if not 0 <= to < len(self._stops):
            raise EditError(f"stop {index + 1} cannot move {'up' if by < 0 else 'down'}: it is "
                            f"{'first' if by < 0 else 'last'}")
        self._stops.insert(to, self._stops.pop(index))

    def set_date(self, index: int, value: str | None) -> None:
        """The stop's date as EDTF ('1935-05-02', '1935-05', '1935-05-01/1935-05-03', '1935-05~'); empty: none."""
        from geo.dates import read

        s = self._stop(index)
        value = (value or "").strip() or None
        if value is not None:
            try:
                read(value)
            except ValueError as e:
                raise EditError(f"stop {index + 1}: {e} (write it as 1935-05-02, 1935-05, 1935, "
                                f"1935-05-01/1935-05-03, or 1935-05~ for about)") from None
        s.date = value

    def set_mode(self, index: int, mode: str | None) -> None:
        """The mode of the leg arriving at stop ``index`` (one of :data:`MODES`, or None: not known)."""
        s = self._stop(index)
        if index == 0:
            raise EditError("the first stop has no leg arriving there, so no mode; give it to the next stop")
        if mode is not None and mode not in MODES:
            raise EditError(f"'{mode}' is not a mode of travel; one of: {', '.join(MODES)}")
        if s.leg is None:
            s.leg = {}
        if mode is None:
            s.leg.pop("mode", None)
        else:
            s.leg["mode"] = mode

    def _first_sentence(self, place_id: str) -> dict[str, Any] | None:
        m = next((m for m in self.mentions if m.place_id == place_id and m.text_id in self.texts), None)
        if m is None:
            return None
        text = self.texts[m.text_id]
        start, end = sentence_at(text, m.start, m.end)
        return {"at": place_id, "excerpts": [{"text": m.text_id, **quote_selector(text, start, end)}]}

    def _write_journey(self) -> None:
        """The stops back into the journey's legs (each leg keeps what else the file says of it)."""
        j = self._journey()
        if len(self._stops) < 2:
            if j is not None and (j.get("legs") or []):
                raise EditError(f"the journey '{self.journey_id}' needs at least two stops; make another place a stop")
            return
        if j is None:
            base = self.journey_id or slug(str(self.story_yaml.get("title") or "journey"))
            self.journey_id = slug(base, self.journeys())
            j = {"id": self.journey_id, "title": str(self.story_yaml.get("title") or self.journey_id), "travellers": []}
            self.story_yaml.setdefault("journeys", []).append(j)
        taken = {leg.get("id") for jj in self.story_yaml.get("journeys") or [] for leg in jj.get("legs") or []
                 if jj is not j}
        # The legs of stops that have none arriving now (the first, and stops made no stops) serve the
        # stops that lack one, so that what the file says of a leg is not lost by a move.
        first = self._stops[0]
        spare = list(self._spare_legs) + ([first.leg] if first.leg is not None else [])
        first.leg = None
        legs = []
        for i, s in enumerate(self._stops[1:], start=1):
            leg = s.leg if s.leg is not None else (spare.pop(0) if spare else {})
            s.leg = leg
            if not leg.get("id") or leg["id"] in taken:
                leg["id"] = slug(f"{self.journey_id}-{i}", taken)
            taken.add(leg["id"])
            leg["from"], leg["to"] = self._stops[i - 1].place, s.place
            if i == 1:
                leg.pop("start", None)  # the first stop's date, set below
            if s.date:
                leg["end"] = s.date
            else:
                leg.pop("end", None)
            legs.append(leg)
        if self._stops[0].date:
            legs[0]["start"] = self._stops[0].date
        # Keys in the order the file writes them: id, from, to, mode, start, end, then the rest.
        legs = [{k: leg[k] for k in ("id", "from", "to", "mode", "start", "end") if k in leg} |
                {k: v for k, v in leg.items() if k not in ("id", "from", "to", "mode", "start", "end")}
                for leg in legs]
        places = [s.place for s in self._stops]
        notes = []
        for i, s in enumerate(self._stops):
            if not s.note:
                continue
            n = {"at": s.place} | ({"index": i} if places.count(s.place) > 1 else {})
            n |= {k: v for k, v in s.note.items() if k not in ("at", "index")}
            notes.append(n)
        j["legs"] = legs
        j["stops"] = notes
        self._spare_legs = spare

    # ---- the documents, and saving

    def documents(self) -> tuple[Any, dict[str, Any]]:
        """(story.yaml, places.geojson) as they will be written."""
        self._write_journey()
        return self.story_yaml, self.places_geojson

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the story (to ``folder`` for a new one, else where it was read); return its folder.

        Raises :class:`EditError` (nothing written) if the edited story would not load, naming every
        problem, and :class:`geo.storyfolder.StoryConflict` if it changed on disk since it was read.
        """
        from geo.storyfolder import save_story

        target = Path(folder) if folder is not None else self.folder
        if target is None:
            raise EditError("a new story needs a folder to be saved in")
        story, places = self.documents()
        parts = dict(story=story, places=places if self.places_changed else None)
        if self.folder is None:
            parts |= dict(catalog=self.catalog, texts=self.files)
        self._check(parts)
        self.version = save_story(target, **parts, expected_version=self.version if self.folder else None)
        self.folder = Path(target).expanduser().resolve()
        if self.catalog is not None:
            self.catalog, self.files = None, None
        self.places_changed = False
        return self.folder

    def _check(self, parts: dict[str, Any]) -> None:
        """Load the story as it would be saved, in a scratch copy; EditError with its problems if it fails."""
        from geo.story import load_story
        from geo.storyfolder import save_story, story_version

        scratch = Path(tempfile.mkdtemp(prefix="geo-edit-"))
        try:
            where = scratch / "story"
            version = None
            if self.folder is not None:
                shutil.copytree(self.folder, where, ignore=shutil.ignore_patterns(".*"))
                version = story_version(where)
            save_story(where, **parts, expected_version=version)
            try:
                load_story(where)
            except GeoError as e:
                problems = [p.replace(str(where) + "/", "") for p in (e.problems or [e.message])]
                raise EditError("the story would not load as edited, so nothing was saved", problems) from None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
