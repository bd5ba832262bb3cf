"""A handout to print: the route map, then each stop with its date, excerpt and source, the letters with
their fates, and the credits, on A4 or US Letter, every word of it selectable text.

The map page is the static route map (:mod:`geo.export.static`, matplotlib, fonts embedded as
TrueType) on a landscape page of the paper; the pages of text are set with fpdf2 (it wraps, breaks
pages and embeds the DejaVu fonts that ship with matplotlib, which have Cyrillic and typographic
quotes); pypdf puts the two together. Dates are worded by :mod:`geo.dates`, as everywhere else.

>>> from geo.story import load_story
>>> from geo.export.handout import export_handout
>>> export_handout(load_story(), "handout.pdf", paper="letter")        # doctest: +SKIP
PosixPath('handout.pdf')
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from geo.dates import NO_DATE, words
from geo.errors import ExportError
from geo.export import select_journeys

__all__ = ["PAPERS", "handout_pdf", "export_handout"]

# Paper sizes in millimetres, portrait (width, height).
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
_MAP_DPI = 150.0
_MARGIN = 16.0  # mm
_INK = (17, 17, 17)
_GREY = (85, 85, 85)
_RED = (192, 57, 43)


def _fonts_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _map_page(story: Any, journey: str | None, paper: str) -> bytes:
    """The route map as one landscape page of the paper (vector, its labels text)."""
    from geo.export.static import render_static

    w_mm, h_mm = PAPERS[paper]
    width, height = round(h_mm / 25.4 * _MAP_DPI), round(w_mm / 25.4 * _MAP_DPI)  # landscape
    return render_static(story, "route", "pdf", journey=journey, width=width, height=height, dpi=_MAP_DPI)


class _Pages:
    """The pages of text: headings, paragraphs, quotations, small print, with page numbers below."""

    def __init__(self, paper: str, title: str):
        from fpdf import FPDF

        story_title = title

        class _PDF(FPDF):
            def footer(self) -> None:  # fpdf2 calls this on every page
                self.set_y(-11)
                self.set_font("Sans", "", 8)
                self.set_text_color(*_GREY)
                self.cell(0, 5, f"{story_title} · page {self.page_no() + 1}", align="C")

        self.pdf = pdf = _PDF(orientation="portrait", unit="mm", format=PAPERS[paper])
        fonts = _fonts_dir()
        pdf.add_font("Sans", "", str(fonts / "DejaVuSans.ttf"))
        pdf.add_font("Sans", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        pdf.add_font("Sans", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
        pdf.add_font("Serif", "I", str(fonts / "DejaVuSerif-Italic.ttf"))
        pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        pdf.set_auto_page_break(True, margin=_MARGIN)
        pdf.set_title(title)
        pdf.set_creator("geo-story")
        pdf.add_page()

    def _text(self, text: str, size: float, style: str = "", *, family: str = "Sans", colour=_INK,
              before: float = 0.0, after: float = 1.0, indent: float = 0.0, height: float | None = None) -> None:
        pdf = self.pdf
        pdf.set_font(family, style, size)
        pdf.set_text_color(*colour)
        if before:
            pdf.ln(before)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, height or size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")
        if after:
            pdf.ln(after)

    def title(self, text: str) -> None:
        self._text(text, 20, "B", after=2)

    def heading(self, text: str) -> None:
        # A heading at the foot of a page goes to the next one, with what it heads.
        if self.pdf.get_y() > self.pdf.h - self.pdf.b_margin - 40:
            self.pdf.add_page()
        self._text(text, 15, "B", before=4, after=1.5, colour=_RED)

    def subheading(self, text: str) -> None:
        if self.pdf.get_y() > self.pdf.h - self.pdf.b_margin - 30:
            self.pdf.add_page()
        self._text(text, 12, "B", before=3, after=0.5)

    def line(self, text: str, *, small: bool = False) -> None:
        self._text(text, 9 if small else 10.5, colour=_GREY if small else _INK, after=0.6)

    def quote(self, text: str, source: str) -> None:
        self._text(f"“{text}”", 10.5, "I", family="Serif", indent=5, after=0.3)
        self._text(f"— {source}", 8.5, colour=_GREY, indent=5, after=1.2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _persons(story: Any, ids: Any) -> str:
    return ", ".join(str(getattr(story.persons.get(p), "name", p)) for p in ids if p)


def _sources(pages: _Pages, sources: Any, note: str | None) -> None:
    if note and note.strip():
        pages.line(" ".join(note.split()), small=True)
    for s in sources:
        pages.line("From outside the texts: " + s.label + (f" ({s.note})" if s.note else "")
                   + (f" — {s.url}" if s.url else ""), small=True)


def _journey(pages: _Pages, story: Any, j: Any) -> None:
    from geo.export.static import journey_span
    from geo.maps import place_label
    from geo.story import DOUBT_WORDS, mode_words

    gaz = story.gazetteer
    pages.heading(j.title)
    facts = [x for x in (_persons(story, j.travellers), journey_span(j)) if x]
    if facts:
        pages.line(" · ".join(facts), small=True)
    if j.description:
        pages.line(" ".join(j.description.split()))
    n = len(j.stops)
    for stop in j.stops:
        day = story.stop_day(j, stop)
        pages.subheading(f"Stop {stop.number} of {n}: {place_label(gaz[stop.place_id], day)}")
        how = "departure"
        if stop.leg is not None:
            how = (f"arrived {mode_words(stop.leg.mode)} from "
                   f"{gaz[stop.leg.from_place].name_at(day)}")
        doubts = [DOUBT_WORDS[d] for d in story.doubts(stop)]
        if stop.leg is not None and stop.leg.route_assumed:
            doubts.append(DOUBT_WORDS["route"])
        pages.line(f"Date: {words(stop.date, NO_DATE)} · {how}" + (f" ({'; '.join(doubts)})" if doubts else ""))
        excerpts = list(stop.leg.excerpts if stop.leg else ()) + list(stop.excerpts)
        for e in excerpts:
            t = story.texts.get(e.text_id)
            pages.quote(e.exact, f"{t.title} ({t.source})" if t else e.text_id)
        note = " ".join(x for x in ((stop.leg.note if stop.leg else None), stop.note) if x) or None
        _sources(pages, list(stop.leg.sources if stop.leg else ()) + list(stop.sources), note)


def _letters(pages: _Pages, story: Any) -> None:
    from geo.maps import FATE_LABELS, place_label

    gaz = story.gazetteer
    pages.heading("Letters and telegrams")
    pages.line("What became of each, as the texts tell it; dates as the sources give them (c. = about).", small=True)
    for x in story.letters:
        who = " → ".join(_persons(story, [p]) or "unknown" for p in (x.sender, x.recipient))
        kind = f"{x.count} {x.kind}s" if x.count > 1 else x.kind
        pages.subheading(f"{x.title or kind.capitalize()}: {who}")
        day = story.naming_day(x.sent, x.received)
        where = " → ".join(place_label(gaz[p], day) if p in gaz else "place not told" for p in (x.from_place, x.to_place))
        facts = [where, f"sent {words(x.sent, NO_DATE)}", f"received {words(x.received, NO_DATE)}"]
        if x.transit_days is not None:
            facts.append(f"{x.transit_days} days on the way")
        facts.append(FATE_LABELS.get(x.fate, x.fate))
        pages.line(" · ".join(facts))
        for e in x.excerpts:
            t = story.texts.get(e.text_id)
            pages.quote(e.exact, f"{t.title} ({t.source})" if t else e.text_id)
        _sources(pages, x.sources, x.note)


def _credits(pages: _Pages, story: Any) -> None:
    from geo.export.static import basemap_credits

    pages.heading("Credits")
    for t in story.texts.values():
        pages.line(f"{t.title}: {t.credit} ({t.licence})" + (f" — {t.url}" if t.url else ""))
    for c in basemap_credits():
        pages.line(c)
    pages.line("Map and handout made with geo-story (matplotlib, fpdf2). Names of places are those of the "
               "time; today's name follows in brackets. A date reads as exactly as its source gives it.", small=True)


def handout_pdf(story: Any, *, paper: str = "a4", journey: str | None = None) -> bytes:
    """The handout as PDF bytes: the route map (all journeys, or one), the stops, the letters (with all
    journeys), the credits."""
    from pypdf import PdfReader, PdfWriter

    if paper not in PAPERS:
        raise ExportError(f"paper '{paper}': choose one of {', '.join(PAPERS)}")
    journeys = select_journeys(story, journey)
    title = story.title if journey is None else journeys[0].title
    pages = _Pages(paper, title)
    pages.title(title)
    if journey is None and story.description:
        pages.line(" ".join(story.description.split()))
    pages.line("The route map is on the first page. Stops are numbered from 1, the departure.", small=True)
    for j in journeys:
        _journey(pages, story, j)
    if journey is None and story.letters:
        _letters(pages, story)
    _credits(pages, story)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_map_page(story, journey, paper))))
    writer.append(PdfReader(io.BytesIO(pages.output())))
    writer.add_metadata({"/Title": title, "/Creator": "geo-story"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def export_handout(story: Any, path: str | Path, *, paper: str = "a4", journey: str | None = None) -> Path:
    """Write the handout PDF atomically; return its path."""
    from geo.datafiles import write_atomic

    path = Path(path)
    data = handout_pdf(story, paper=paper, journey=journey)
    try:
        write_atomic(path, data)
    except OSError as e:
        raise ExportError(f"{path}: cannot be written ({e.strerror or e})") from None
    return path
