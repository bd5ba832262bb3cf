"""The app, headless, through Streamlit's AppTest: each view, and stepping through a journey."""
from __future__ import annotations

import dataclasses
import html
import itertools
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.story import load_story

TIMEOUT = 120
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture(scope="module")
def story():
    return load_story()


def test_opens_on_the_route_view_with_title_and_credits(story):
    at = run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"<h1>{html.escape(story.title)}</h1>" in markdown(at)
    text = markdown(at)
    assert f"Stop 1 of {len(story.journeys['exile-1928'].stops)}" in text  # counted from 1
    for t in story.texts.values():  # each source credited as its licence asks
        assert t.credit.split("”")[0].replace("“", "") in text.replace("“", "").replace("&quot;", '"') or \
            t.title.split(":")[0] in text
    assert "marxists.org/archive/trotsky/1928/06/alma-ata.htm" in text
    assert [b.label for b in at.button] == ["Previous", "Next"]


def test_stepping_through_a_journey(story):
    journey = story.journeys["exile-1928"]
    at = run()
    key = "stop_exile-1928"
    assert at.session_state[key] == 0
    seen = [markdown(at)]
    for i in range(1, len(journey.stops)):
        at.button(key="next_exile-1928").click().run()
        assert not at.exception
        assert at.session_state[key] == i
        seen.append(markdown(at))
    assert len(set(seen)) == len(seen)  # the text beside the map changes at every stop
    assert "Frunze (today Bishkek)" in seen[1]  # the name of the time, today's beside it
    assert at.button(key="next_exile-1928").disabled
    at.button(key="prev_exile-1928").click().run()
    assert at.session_state[key] == len(journey.stops) - 2


def test_query_parameters_open_a_journey_at_a_stop(story):
    at = run(view="route", journey="expulsion-1929", stop="3")
    assert not at.exception
    assert at.session_state["journey"] == "expulsion-1929"
    assert at.session_state["stop_expulsion-1929"] == 3
    place = story.gazetteer[story.journeys["expulsion-1929"].stops[3].place_id]
    # stop= is the index, from 0 (the departure), as documented; readers count from 1.
    assert f"Stop 4 of {len(story.journeys['expulsion-1929'].stops)}" in markdown(at)
    assert place.name_at("1929") in markdown(at)


def test_stop_shows_distance_days_mode_and_outside_facts(story):
    at = run(view="route", journey="exile-1928", stop="1")
    text = markdown(at)
    assert "So far:" in text and " km" in text and "by rail" in text
    assert "From outside the texts" in text  # the railway's via-points come with a citation


def test_letters_view(story):
    at = run(view="letters")
    assert not at.exception, [e.value for e in at.exception]
    text = markdown(at)
    assert "Days on the way" in text
    assert "73 days on the way" in text or "delayed" in text
    assert at.slider(key="letters_range") is not None
    arcs = at.selectbox(key="arc")
    assert len(arcs.options) >= 3
    arcs.select(arcs.options[-1]).run()
    assert not at.exception


def test_text_view_highlights_every_mention(story):
    at = run(view="text", text="letter-1928-06-02")
    assert not at.exception, [e.value for e in at.exception]
    text = markdown(at)
    assert text.count("<mark>") > 10
    assert "?view=text&amp;text=letter-1928-06-02&amp;mention=" in text
    at.selectbox(key="place_letter-1928-06-02").select("almaty").run()
    assert "passages" in markdown(at) or "passage." in markdown(at)


def test_gazetteer_view_lists_names_links_and_sources(story):
    at = run(view="gazetteer")
    assert not at.exception, [e.value for e in at.exception]
    df = at.dataframe[0].value
    assert len(df) == len(story.gazetteer)
    row = df[df["id"] == "almaty"].iloc[0]
    assert row["name in 1928"] == "Alma-Ata" and row["name today"] == "Almaty"
    assert "Verny" in row["names through time"] or "Alma-Ata" in row["names through time"]
    text = markdown(at)
    assert "geonames.org" in text or "wikidata.org" in text


def test_untrusted_text_stays_text(story):
    from geo.story import Excerpt
    from geo.views.html import excerpt_html, outside_html, marked

    from geo.story import Source

    text = "He wrote: <script>alert('x')</script> from Alma-Ata."
    i = text.index("Alma-Ata")
    html = excerpt_html(text, Excerpt("t", "Alma-Ata", "", "", i, i + 8), [(i, i + 8)])
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>Alma-Ata</mark>" in html
    box = outside_html([Source("<b>bold</b>", "javascript:alert(1)", "<i>")], "a & b")
    assert "<b>" not in box and "javascript:" not in box and "a &amp; b" in box
    assert marked("<x>", [(0, 3)], hrefs=['?a="b"']) == '<a href="?a=&quot;b&quot;" target="_self" ' \
        'style="text-decoration:none"><mark>&lt;x&gt;</mark></a>'


def test_texts_never_become_markdown():
    """A blank line would end the HTML block and let Markdown read the text ('* * *' a rule, '[x](y)' a link)."""
    from geo.views.html import excerpt_html, marked
    from geo.story import Excerpt

    text = "Dear Comrade,\n\n* * *\n\n[click](javascript:alert(1))\n\n    indented\n\nfrom Alma-Ata."
    for html in (marked(text, [(text.index("Alma-Ata"), len(text) - 1)]),
                 excerpt_html(text, Excerpt("t", "Alma-Ata", "", "", len(text) - 9, len(text) - 1))):
        assert "\n" not in html and "<br><br>* * *<br><br>" in html


_versions = itertools.count()


@pytest.fixture
def fake_data(monkeypatch, story):
    """Let a test choose the story the app loads: ``fake_data(story)``; each call is a new data version."""
    import geo.story
    import geo.views.common

    current = {}

    def use(s):
        current["story"] = s
        version = (("test", next(_versions), 0),)
        monkeypatch.setattr(geo.views.common, "data_version", lambda *a: version)

    monkeypatch.setattr(geo.story, "load_story", lambda *a, **k: current["story"])
    use(story)
    return use


def _html_block(body: str) -> bool:
    """Streamlit's Markdown reads none of it: one HTML block (a tag first, no line break that could end it)."""
    return body.lstrip().startswith("<") and "\n" not in body


def test_titles_names_and_notes_are_never_markdown(story, fake_data):
    image = "![](https://host.invalid/x.png)"
    first = story.journeys["exile-1928"].stops[0].place_id
    place = dataclasses.replace(story.gazetteer[first], title=f"*Kazan* {image}", names=())
    gaz = dataclasses.replace(story.gazetteer, places={**story.gazetteer.places, first: place})
    fake_data(dataclasses.replace(
        story, title=f"Exile _one_ {image}", description=f"Notes {image}\n\n* not a list", gazetteer=gaz,
        letters=tuple(dataclasses.replace(x, note=f"**loud** {image}", sources=()) for x in story.letters)))
    for view in ("route", "letters"):
        at = run(view=view, journey="exile-1928", stop="0")
        assert not at.exception, [e.value for e in at.exception]
        bodies = [m.value for m in (*at.markdown, *at.caption) if "host.invalid" in m.value]
        assert len(bodies) >= (3 if view == "route" else 1), bodies
        assert all(_html_block(b) for b in bodies), bodies
    assert "<h1>Exile _one_ ![](https://host.invalid/x.png)</h1>" in markdown(at)


def test_an_edited_data_file_is_read_again(story, fake_data):
    fake_data(story)
    at = run()
    assert f"<h1>{html.escape(story.title)}</h1>" in markdown(at)
    fake_data(dataclasses.replace(story, title="Edited by hand"))
    at.run()
    assert not at.exception
    assert "<h1>Edited by hand</h1>" in markdown(at)


def test_data_version_follows_the_files(tmp_path):
    from geo.views.common import data_version

    (tmp_path / "texts").mkdir()
    (tmp_path / "story.yaml").write_text("title: a\n")
    before = data_version(tmp_path)
    assert data_version(tmp_path) == before
    (tmp_path / "texts" / "one.txt").write_text("new text")
    assert data_version(tmp_path) != before
    before = data_version(tmp_path)
    (tmp_path / "story.yaml").write_text("title: ab\n")
    assert data_version(tmp_path) != before


def test_a_register_that_does_not_load_is_an_error_message(story, fake_data, monkeypatch):
    import geo.geoparse
    from geo.errors import GeoError

    def broken(*a, **k):
        raise GeoError("data/register.yaml: persons[2].names: missing; this field is required")

    monkeypatch.setattr(geo.geoparse, "find_mentions", broken)
    fake_data(story)
    at = run()
    assert not at.exception, [e.value for e in at.exception]
    assert "data/register.yaml: persons[2]" in at.error[0].value
    assert not at.tabs


def test_started_outside_the_project_folder_it_says_how_to_start(monkeypatch):
    from streamlit import config

    was = config.get_option("server.enableStaticServing")
    config.set_option("server.enableStaticServing", False)
    try:
        at = run()
    finally:
        config.set_option("server.enableStaticServing", was)
    assert not at.exception
    message = at.error[0].value
    assert "static file serving is off" in message and "--server.enableStaticServing true" in message
    assert "--browser.gatherUsageStats false" in message
    assert not at.markdown or "<h1>" not in markdown(at)


def test_the_stop_says_its_date_as_the_source_gives_it(story):
    at = run(view="route", journey="exile-1928", stop="1")  # Frunze: arrived between two days
    assert not at.exception
    assert "between 19 and 24 January 1928" in markdown(at)
    at = run(view="route", journey="exile-1928", stop="2")
    assert "c. 25 January 1928" in markdown(at)


def test_letters_of_one_day_need_no_slider(story, fake_data):
    fake_data(dataclasses.replace(story, letters=tuple(
        dataclasses.replace(x, sent="1928-05-12", received=None) for x in story.letters)))
    at = run(view="letters")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.slider
    assert at.selectbox(key="arc").options


def test_a_mention_from_the_url_belongs_to_its_text(story):
    at = run(view="text", text="letter-1928-06-02", mention="3")
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["mention_letter-1928-06-02"] == 3
    other = next(t for t in story.texts if t != "letter-1928-06-02")
    at.selectbox(key="text").select(other).run()
    assert not at.exception, [e.value for e in at.exception]
    if f"mention_{other}" in at.session_state:
        assert at.session_state[f"mention_{other}"] in (0, None)
    assert at.query_params["text"] == [other] or at.query_params["text"] == other


def test_a_stop_without_dates_still_names_places_as_they_were_called():
    at = run(view="route", journey="expulsion-1929", stop="2")
    assert not at.exception, [e.value for e in at.exception]
    text = markdown(at)
    assert "from Frunze" in text and "from Bishkek" not in text


@pytest.mark.parametrize("params", [
    {"view": "route", "journey": "exile-1928", "stop": "\u00b2"},
    {"view": "route", "journey": "exile-1928", "stop": "9" * 5000},
    {"view": "route", "journey": "exile-1928", "stop": "-3"},
    {"view": "route", "journey": "no-such-journey", "stop": "1"},
    {"view": "text", "text": "letter-1928-06-02", "mention": "\u00b2"},
    {"view": "text", "text": "letter-1928-06-02", "mention": "9" * 5000},
    {"view": "text", "text": "no-such-text", "mention": "1"},
    {"view": "gazetteer", "place": "\u00b2"},
    {"view": "\u00b2"},
])
def test_a_deep_link_with_a_bad_value_opens_the_default(params):
    at = run(**params)
    assert not at.exception, [e.value for e in at.exception]
    if params.get("stop") == "9" * 5000:
        assert at.session_state["stop_exile-1928"] == len(load_story().journeys["exile-1928"].stops) - 1


def _fragment_script():
    import streamlit as st

    from geo.views.common import data_version, story_fragment

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    # The first run draws with a story loaded before a file was edited; a full rerun loads the new one.
    st.session_state["data_version"] = (("story.yaml", 0, 0),) if st.session_state["runs"] == 1 else data_version()

    @story_fragment
    def panel():
        st.session_state["drawn_with"] = st.session_state["data_version"]

    panel()


def test_a_hand_edit_is_picked_up_when_stepping_inside_a_fragment():
    """A fragment reruns alone, with the story it was given: once the files have changed it must rerun
    the whole app (which reloads the story) rather than draw the old story."""
    from geo.views.common import data_version

    at = AppTest.from_function(_fragment_script, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["runs"] == 2
    assert at.session_state["drawn_with"] == data_version()


def test_lecture_mode_shows_map_and_passage_only_and_steps():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(mode="lecture", journey="expulsion-1929")
    at.run()
    assert not at.exception and not at.error
    assert len(at.tabs) == 0 and not any("<h1>" in m.value for m in at.markdown)
    assert [b.label for b in at.button] == ["First", "←", "→", "Last"]
    at.button(key="lecture_last").click().run()
    assert at.query_params["stop"] in ("4", ["4"])
    assert any(m.value.startswith("<h3>Stop 5 of 5") for m in at.markdown)


def test_route_view_day_slider_says_where_each_party_was():
    import datetime as dt

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.slider  # off until asked for
    at.toggle(key="route_days_on").set_value(True).run()
    at.slider(key="route_day").set_value(dt.date(1929, 2, 10)).run()
    assert not at.exception
    said = next(m.value for m in at.markdown if m.value.startswith("<ul><li>"))
    assert "Leon Trotsky" in said and "Odessa" in said
