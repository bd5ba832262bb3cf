"""The handout: a PDF to print whose text (stops, worded dates, letters, credits) can be selected."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.dates import words
from geo.errors import ExportError
from geo.export import export
from geo.export.handout import PAPERS, handout_pdf
from geo.maps import FATE_LABELS
from geo.story import load_story

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def story():
    return load_story()


@pytest.fixture(scope="module")
def a4(story):
    return handout_pdf(story, paper="a4")


def _text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    # Extraction breaks lines where the page does: compare with whitespace folded.
    return reader, " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_handout_holds_the_map_every_stop_with_its_date_the_letters_and_the_credits(story, a4):
    from geo.maps import place_label

    reader, text = _text(a4)
    assert len(reader.pages) >= 3
    first = reader.pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height), "the map on a landscape page"
    assert "Alma-Ata" in first.extract_text() and "km" in first.extract_text(), "the map's labels are text"
    for j in story.journeys.values():
        assert j.title in text
        for s in j.stops:
            name = place_label(story.gazetteer[s.place_id], story.stop_day(j, s))
            assert f"Stop {s.number} of {len(j.stops)}: {name}" in text
            if s.date:
                assert f"Date: {words(s.date)}" in text
    assert "between 19 and 24 January 1928" in text and "c. 25 January 1928" in text
    for x in story.letters:
        assert FATE_LABELS[x.fate] in text
    assert "73 days on the way" in text
    for t in story.texts.values():
        assert " ".join(t.credit.split()) in text
    assert "Natural Earth" in text
    assert "Stop 0 " not in text


def test_paper_sizes_are_a4_and_letter(story, a4):
    letter = handout_pdf(story, paper="letter", journey="exile-1928")
    for data, paper in ((a4, "a4"), (letter, "letter")):
        reader = PdfReader(io.BytesIO(data))
        w_mm, h_mm = PAPERS[paper]
        text_page = reader.pages[1].mediabox
        assert abs(float(text_page.width) - w_mm / 25.4 * 72) < 1 and abs(float(text_page.height) - h_mm / 25.4 * 72) < 1
        map_page = reader.pages[0].mediabox
        assert abs(float(map_page.width) - h_mm / 25.4 * 72) < 2, "the map page is the paper turned"
    _, text = _text(letter)
    assert "Into exile" in text and "Expulsion" not in text and "Letters and telegrams" not in text


def test_an_unknown_paper_or_journey_is_refused(story):
    with pytest.raises(ExportError, match="paper 'a5'"):
        handout_pdf(story, paper="a5")
    with pytest.raises(ExportError, match="journey 'nowhere'"):
        handout_pdf(story, journey="nowhere")


def test_the_command_writes_the_handout_atomically(story, tmp_path, capsys, monkeypatch):
    out = tmp_path / "print" / "handout.pdf"
    assert main(["export", "handout", "--format", "pdf", "--paper", "letter", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "handout.pdf" in capsys.readouterr().out
    assert [p.name for p in out.parent.iterdir()] == ["handout.pdf"], "no temporary file left behind"
    before = out.read_bytes()

    import geo.export.handout as handout

    def broken(*args, **kwargs):
        raise ExportError("the map could not be drawn")

    monkeypatch.setattr(handout, "_map_page", broken)
    with pytest.raises(ExportError):
        export(story, "handout", "pdf", out)
    assert out.read_bytes() == before, "a failed handout leaves the old file whole"


def test_the_export_tab_offers_the_handout(story):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "export"
    at.run()
    at.radio(key="export_view").set_value("handout").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="export_paper").options == ["A4", "US Letter"]
    assert "A handout to print" in "\n".join(m.value for m in at.markdown)
