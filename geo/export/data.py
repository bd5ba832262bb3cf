"""The story as data for other tools: GeoJSON, KML, Linked Places, CMIF and CSV.

- the story as GeoJSON (RFC 7946), as :func:`geo.routes.story_geojson` builds it;
- the story as KML for Google Earth (:func:`story_kml`): a folder per journey, a folder of letters;
- the gazetteer in the Linked Places Format of the World Historical Gazetteer (:func:`places_lpf`);
- the letters in CMIF, the TEI ``correspDesc`` subset that correspSearch reads (:func:`letters_cmif`);
- CSV tables of legs, stops, letters and places (:func:`csv_table`).

XML is written with :mod:`xml.etree`, which escapes every text and attribute. A KML description is
more: Google Earth shows it as HTML once the XML is read, so its text is HTML-escaped first.

>>> from geo.story import load_story
>>> from geo.export.data import letters_cmif
>>> letters_cmif(load_story()).startswith("<?xml")
True
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from typing import Any

from geo.datafiles import write_atomic
from geo.dates import NO_DATE, read as read_date, words
from geo.errors import ExportError
from geo.export import select_journeys
from geo.story import DOUBT_WORDS

KML_NS = "http://www.opengis.net/kml/2.2"
TEI_NS = "http://www.tei-c.org/ns/1.0"
TABLES = ("legs", "stops", "letters", "places")
_KML_COLOURS = ("ff2b39c0", "ffa85f1f", "ff37781b", "ff94327b", "ff1482e0")  # aabbggrr of the map colours


def _xml(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + ET.tostring(root, encoding="unicode") + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _description(parent: ET.Element, text: str) -> ET.Element:
    """A KML description: Google Earth reads it as HTML, so a note with markup must arrive as text."""
    return _sub(parent, f"{{{KML_NS}}}description", escape(text))


# ---- GeoJSON


def story_geojson(story: Any, journey: str | None = None) -> dict[str, Any]:
    """The story (or one journey and no letters) as an RFC 7946 FeatureCollection."""
    from geo.routes import story_geojson as build

    journeys = select_journeys(story, journey)
    doc = build(story)
    if journey is not None:
        doc = {**doc, "features": [f for f in doc["features"] if f["properties"].get("journey") == journeys[0].id]}
    return doc


def letters_geojson(story: Any) -> dict[str, Any]:
    """The letter network alone as an RFC 7946 FeatureCollection."""
    from geo.routes import story_geojson as build

    doc = build(story)
    return {**doc, "features": [f for f in doc["features"] if f["properties"].get("kind") == "letter"]}


# ---- KML


def story_kml(story: Any, journey: str | None = None, *, letters: bool = True) -> str:
    """The story as KML 2.2: a folder per journey (its legs as lines, its stops as placemarks) and the letters."""
    from geo.routes import leg_line, letter_edges

    gaz = story.gazetteer
    # The letters KML carries whatever journeys the story has; a route KML needs at least one.
    journeys = list(story.journeys.values()) if letters and not journey else select_journeys(story, journey)
    ET.register_namespace("", KML_NS)
    k = f"{{{KML_NS}}}"
    root = ET.Element(k + "kml")
    doc = _sub(root, k + "Document")
    _sub(doc, k + "name", story.title if not journey else journeys[0].title)
    credits = "; ".join(t.credit for t in story.texts.values())
    _description(doc, f"Sources: {credits}")
    for i, colour in enumerate(_KML_COLOURS):
        style = _sub(doc, k + "Style", id=f"journey{i}")
        line = _sub(style, k + "LineStyle")
        _sub(line, k + "color", colour)
        _sub(line, k + "width", "4")
        # A route the editor assumed: the same colour, faint and thin (as on every map).
        style = _sub(doc, k + "Style", id=f"journey{i}-assumed")
        line = _sub(style, k + "LineStyle")
        _sub(line, k + "color", "66" + colour[2:])
        _sub(line, k + "width", "2")
    for sid, icon, scale in (("stop", "placemark_circle", "1.0"), ("stop-doubtful", "open-diamond", "1.2")):
        # A stop whose place or date is less than certain gets a hollow mark, as on the maps.
        style = _sub(doc, k + "Style", id=sid)
        icon_style = _sub(style, k + "IconStyle")
        _sub(icon_style, k + "scale", scale)
        _sub(_sub(icon_style, k + "Icon"), k + "href", f"http://maps.google.com/mapfiles/kml/shapes/{icon}.png")
    for i, j in enumerate(journeys):
        folder = _sub(doc, k + "Folder")
        _sub(folder, k + "name", j.title)
        if j.description:
            _description(folder, j.description)
        for leg in j.legs:
            pm = _sub(folder, k + "Placemark", id=f"{j.id}.{leg.id}")
            a, b = gaz[leg.from_place], gaz[leg.to_place]
            on = story.leg_day(j, leg)
            _sub(pm, k + "name", f"{a.name_at(on)} → {b.name_at(on)}" + (f" ({leg.mode})" if leg.mode else ""))
            told = [f"set out {words(leg.start)}" if leg.start else "", f"arrived {words(leg.end)}" if leg.end else "",
                    DOUBT_WORDS["route"] if leg.route_assumed else ""]
            told_text = "; ".join(x for x in told if x)
            _description(pm, " ".join(x for x in (told_text.capitalize()[:1] + told_text[1:] + "." if told_text else "",
                                                   leg.note or "") if x))
            _time_span(pm, read_date(leg.start), read_date(leg.end))
            _sub(pm, k + "styleUrl", f"#journey{i % len(_KML_COLOURS)}" + ("-assumed" if leg.route_assumed else ""))
            ls = _sub(pm, k + "LineString")
            _sub(ls, k + "tessellate", "1")
            _sub(ls, k + "coordinates", " ".join(f"{x:.5f},{y:.5f}" for x, y in leg_line(leg, gaz).coords))
        for st in j.stops:
            p = gaz[st.place_id]
            pm = _sub(folder, k + "Placemark", id=f"{j.id}.stop{st.index}")
            _sub(pm, k + "name", f"Stop {st.number} · {p.name_at(story.stop_day(j, st))}")
            said = " ".join(x.exact for x in st.excerpts) or (st.note or "")
            doubts = [DOUBT_WORDS[d] for d in story.doubts(st)]
            _description(pm, f"Date: {words(st.date, NO_DATE)}." + "".join(f" {d[0].upper()}{d[1:]}." for d in doubts)
                         + (f" {said}" if said else ""))
            _time_span(pm, read_date(st.date), None, stamp=True)
            _sub(pm, k + "styleUrl", "#stop-doubtful" if doubts else "#stop")
            pt = _sub(pm, k + "Point")
            _sub(pt, k + "coordinates", f"{p.lon:.5f},{p.lat:.5f}")
    if letters and not journey:
        folder = _sub(doc, k + "Folder")
        _sub(folder, k + "name", "Letters")
        for n, e in enumerate(letter_edges(story)):
            a, b = gaz[e.from_place], gaz[e.to_place]
            pm = _sub(folder, k + "Placemark", id=f"letters{n}")
            on = story.naming_day(*(v for x in e.letters for v in (x.sent, x.received)))
            _sub(pm, k + "name", f"{a.name_at(on)} → {b.name_at(on)}: {e.count} ({e.fate})")
            ls = _sub(pm, k + "LineString")
            _sub(ls, k + "tessellate", "1")
            _sub(ls, k + "coordinates", f"{a.lon:.5f},{a.lat:.5f} {b.lon:.5f},{b.lat:.5f}")
    return _xml(root)


def _time_span(pm: ET.Element, start: Any, end: Any, *, stamp: bool = False) -> None:
    """KML time of a placemark from read dates: a TimeStamp for one exact day (``stamp``), else a TimeSpan
    from the earliest day the start can mean to the latest the end (or the start) can mean."""
    k = f"{{{KML_NS}}}"
    if start is None and end is None:
        return
    if stamp and start is not None and start.day is not None:
        _sub(_sub(pm, k + "TimeStamp"), k + "when", start.day.isoformat())
        return
    begin = start.earliest if start is not None else None
    last = (end if end is not None else start).latest
    if begin or last:
        span = _sub(pm, k + "TimeSpan")
        if begin:
            _sub(span, k + "begin", begin.isoformat())
        if last:
            _sub(span, k + "end", last.isoformat())


# ---- Linked Places


def places_lpf(gazetteer: Any, place_ids: Any = None) -> dict[str, Any]:
    """The gazetteer (or the places named) as a Linked Places FeatureCollection."""
    from geo.gazetteer import to_feature

    places = [gazetteer[i] for i in place_ids] if place_ids is not None else list(gazetteer)
    return {"type": "FeatureCollection",
            "@context": "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld",
            "features": [to_feature(p) for p in places]}


# ---- CMIF


def _cmif_date(parent: ET.Element, value: str | None) -> None:
    """A CMIF date: @when for a day, month or year, @notBefore/@notAfter for anything wider (a season, a
    range, an open end); @cert="medium" where the date is approximate or uncertain; nothing if unknown."""
    try:
        when = read_date(value)
    except ValueError:
        return
    if when is None:
        return
    t = f"{{{TEI_NS}}}"
    cert = "medium" if (when.approximate or when.uncertain) else None
    first = when.first
    if not when.interval and first is not None and first.season is None:
        _sub(parent, t + "date", when=when.edtf.rstrip("~?%"), cert=cert)
    elif when.earliest or when.latest:
        lo, hi = when.iso()
        _sub(parent, t + "date", notBefore=lo, notAfter=hi, cert=cert)


def letters_cmif(story: Any, *, url: str | None = None, editor: str = "geo-story") -> str:
    """The letters as a CMIF file (TEI ``correspDesc`` in ``profileDesc``), as correspSearch reads it.

    ``url`` is where the file will be published (CMIF asks for one); by default a placeholder named
    after the story's folder, to be replaced when it is published.

    Places carry their GeoNames URI; persons their name (the story holds no authority ids for them).
    """
    if url is None:
        name = re.sub(r"[^a-z0-9]+", "-", (story.folder.name if getattr(story, "folder", None) else "story").lower())
        url = f"https://example.org/{name.strip('-') or 'story'}/letters.xml"
    ET.register_namespace("", TEI_NS)
    t = f"{{{TEI_NS}}}"
    gaz = story.gazetteer
    root = ET.Element(t + "TEI")
    header = _sub(root, t + "teiHeader")
    fd = _sub(header, t + "fileDesc")
    ts = _sub(fd, t + "titleStmt")
    _sub(ts, t + "title", f"Letters of {story.title}")
    _sub(ts, t + "editor", editor)
    ps = _sub(fd, t + "publicationStmt")
    _sub(ps, t + "publisher", editor)
    _sub(ps, t + "idno", url, type="url")
    _sub(ps, t + "date", when=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat())
    av = _sub(ps, t + "availability")
    _sub(av, t + "licence", "This file is licensed under the terms of the Creative Commons License CC-BY 4.0",
         target="https://creativecommons.org/licenses/by/4.0/")
    sd = _sub(fd, t + "sourceDesc")
    for text in story.texts.values():
        _sub(sd, t + "bibl", text.credit, type="online", **{"{http://www.w3.org/XML/1998/namespace}id": text.id})
    prof = _sub(header, t + "profileDesc")
    for lt in story.letters:
        cd = _sub(prof, t + "correspDesc", key=lt.id,
                  source="#" + lt.excerpts[0].text_id if lt.excerpts else None)
        for kind, who, where, when in (("sent", lt.sender, lt.from_place, lt.sent),
                                       ("received", lt.recipient, lt.to_place, lt.received)):
            act = _sub(cd, t + "correspAction", type=kind)
            person = story.persons.get(who) if who else None
            _sub(act, t + "persName", person.name if person else (who or "Unknown"))
            if where and where in gaz:
                p = gaz[where]
                _sub(act, t + "placeName", p.name_at(story.naming_day(when, lt.sent, lt.received)),
                     ref=p.geonames_url.replace("https://www.", "http://www.") if p.geonames_url else None)
            _cmif_date(act, when)
        if lt.note or lt.count > 1:
            note = _sub(cd, t + "note", (f"{lt.count} {lt.kind}s. " if lt.count > 1 else "") + (lt.note or ""))
            note.set("type", "description")
    text = _sub(root, t + "text")
    body = _sub(text, t + "body")
    _sub(body, t + "p")
    return _xml(root)


# ---- CSV


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _SafeWriter:
    """A CSV writer whose text cells never start a spreadsheet formula.

    Excel and LibreOffice run a cell that starts with =, +, -, @ (or a tab or carriage return) as a
    formula, so a note of the story could run one; such a text cell gets a leading single quote, as
    OWASP advises against CSV injection. Numbers (a longitude of -73.9) are written as they are.
    """

    def __init__(self, out: io.StringIO):
        self._w = csv.writer(out, lineterminator="\n")

    def writerow(self, row: list[Any]) -> None:
        self._w.writerow(["'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v for v in row])


def csv_table(story: Any, table: str, journey: str | None = None) -> str:
    """One table of the story as CSV (UTF-8, a header row): ``legs``, ``stops``, ``letters`` or ``places``."""
    from geo.routes import distance_so_far_km, leg_length_km

    gaz = story.gazetteer
    out = io.StringIO()
    w = _SafeWriter(out)
    if table in ("legs", "stops"):
        journeys = select_journeys(story, journey)
    if table == "legs":
        w.writerow(["journey", "leg", "from", "from_name", "to", "to_name", "via", "mode", "start", "end",
                    "length_km", "excerpts", "note", "start_earliest", "end_latest", "route"])
        for j in journeys:
            for leg in j.legs:
                on = story.leg_day(j, leg)
                w.writerow([j.id, leg.id, leg.from_place, gaz[leg.from_place].name_at(on),
                            leg.to_place, gaz[leg.to_place].name_at(on),
                            " ".join(leg.via), leg.mode or "", leg.start or "", leg.end or "",
                            f"{leg_length_km(leg, gaz):.1f}", " | ".join(x.exact for x in leg.excerpts),
                            leg.note or "", _iso(leg.start, 0), _iso(leg.end, 1), leg.route])
    elif table == "stops":
        w.writerow(["journey", "index", "place", "name", "lat", "lon", "date", "distance_km", "excerpts",
                    "number", "date_earliest", "date_latest", "certainty"])
        for j in journeys:
            for st in j.stops:
                p = gaz[st.place_id]
                w.writerow([j.id, st.index, p.id, p.name_at(story.stop_day(j, st)), p.lat, p.lon,
                            st.date or "", f"{distance_so_far_km(j, st.index, gaz):.1f}",
                            " | ".join(x.exact for x in st.excerpts), st.number, _iso(st.date, 0), _iso(st.date, 1),
                            p.certainty])
    elif table == "letters":
        w.writerow(["id", "kind", "sender", "recipient", "from", "to", "sent", "received", "status", "fate",
                    "count", "transit_days", "excerpts", "note", "sent_earliest", "sent_latest",
                    "received_earliest", "received_latest"])
        for lt in story.letters:
            w.writerow([lt.id, lt.kind, lt.sender or "", lt.recipient or "", lt.from_place or "", lt.to_place or "",
                        lt.sent or "", lt.received or "", lt.status, lt.fate, lt.count,
                        "" if lt.transit_days is None else lt.transit_days,
                        " | ".join(x.exact for x in lt.excerpts), lt.note or "",
                        _iso(lt.sent, 0), _iso(lt.sent, 1), _iso(lt.received, 0), _iso(lt.received, 1)])
    elif table == "places":
        w.writerow(["id", "title", "name_at_story_date", "lat", "lon", "fclasses", "geonames", "wikidata"])
        for p in gaz:
            w.writerow([p.id, p.title, p.name_at(story.date), p.lat, p.lon, " ".join(p.fclasses),
                        p.link("gn") or "", p.link("wd") or ""])
    else:
        raise ExportError(f"table '{table}': choose one of {', '.join(TABLES)}")
    return out.getvalue()


def _iso(value: str | None, end: int) -> str:
    """The earliest (``end=0``) or latest (``end=1``) day an EDTF date can mean, ISO 8601; '' if open or none."""
    try:
        when = read_date(value)
    except ValueError:
        return ""
    return (when.iso()[end] or "") if when else ""


def write_text(path: str | Path, content: str) -> Path:
    """Write an export atomically (see :func:`geo.datafiles.write_atomic`); ExportError if it cannot be."""
    path = Path(path)
    try:
        write_atomic(path, content)
    except OSError as e:
        raise ExportError(f"{path}: cannot be written ({e.strerror or e})") from None
    return path


def write_json(path: str | Path, doc: dict[str, Any]) -> Path:
    return write_text(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
