"""The story model: the shipped story loads, resolves, and says what it should; a broken one is refused
with every problem named."""
from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from geo.errors import StoryError
from geo.story import (Excerpt, Journey, Leg, Letter, Story, edtf_bounds, find_quote, load_story,
                       resolve_quote, story_to_dict)


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story()


def letter(story: Story, letter_id: str) -> Letter:
    return next(x for x in story.letters if x.id == letter_id)


# ---- the shipped story


def test_the_daughters_letter_took_73_days(story):
    nina = letter(story, "nina-1928-03-20")
    assert (nina.sender, nina.from_place, nina.to_place) == ("nina", "moscow", "almaty")
    assert nina.transit_days == 73
    assert nina.fate == "delayed"


def test_every_excerpt_resolves_to_its_quotation(story):
    count = 0
    for eid, el in story.elements():
        for e in el.excerpts:
            text = story.text(e.text_id)
            assert text[e.start:e.end] == e.exact, eid
            count += 1
    assert count > 60


def test_every_place_is_in_the_gazetteer_and_every_date_parses(story):
    for j in story.journeys.values():
        for leg in j.legs:
            for pid in (leg.from_place, *leg.via, leg.to_place):
                assert pid in story.gazetteer
            for value in (leg.start, leg.end):
                edtf_bounds(value)
    for x in story.letters:
        for pid in (x.from_place, x.to_place):
            assert pid is None or pid in story.gazetteer


def test_the_journeys_are_complete(story):
    assert set(story.journeys) == {"exile-1928", "expulsion-1929", "sermuks-1928", "poznanski-1928"}
    stops = lambda jid: [s.place_id for s in story.journeys[jid].stops]  # noqa: E731
    assert stops("exile-1928") == ["yaroslavsky-station", "bishkek", "almaty", "hotel-jetysu", "krasin-street",
                                   "foothills-dacha"]
    assert stops("expulsion-1929") == ["almaty", "bishkek", "shchigry", "odesa", "istanbul"]
    assert stops("sermuks-1928")[-3:] == ["almaty", "moscow", "komi"]
    assert stops("poznanski-1928")[-2:] == ["tashkent", "kotlas"]
    exile = story.journeys["exile-1928"]
    assert exile.legs[0].start_date == dt.date(1928, 1, 18)
    assert exile.legs[0].mode == "rail" and "kurdai-pass" in exile.legs[1].via
    ilyich = story.journeys["expulsion-1929"].legs[-1]
    assert ilyich.mode == "sea" and ilyich.end_date == dt.date(1929, 2, 12) and ilyich.sources


def test_the_letters_the_texts_tell_of(story):
    ids = {x.id for x in story.letters}
    assert {"vrachev-1928-05-12", "vrachev-registered-1", "vrachev-registered-2", "rakovsky-prompt",
            "preobrazhensky-prompt", "sosnovsky-prompt", "radek-none", "gautier-telegram", "gautier-reply",
            "overshoes-1928", "letters-sent-1928", "telegrams-sent-1928", "correspondence-cut-1928-11"} <= ids
    assert letter(story, "vrachev-1928-05-12").transit_days == 20
    assert [letter(story, f"vrachev-registered-{i}").fate for i in (1, 2)] == ["lost", "lost"]
    assert letter(story, "radek-none").fate == "never-arrived"
    assert letter(story, "rakovsky-prompt").fate == "prompt"
    assert letter(story, "letters-sent-1928").count == 800
    assert letter(story, "telegrams-sent-1928").sources  # 550 is from My Life, not the essay


def test_what_is_open_stays_open(story):
    assert story.persons["vrachev"].places == ()
    assert letter(story, "vrachev-1928-05-12").from_place is None
    # Radek's place is filled, but only with a citation.
    radek = story.persons["radek"].places[0]
    assert radek.place_id == "tobolsk" and radek.sources and not radek.excerpts


def test_facts_from_outside_the_texts_carry_sources(story):
    exile_rail = story.journeys["exile-1928"].legs[0]
    assert any("1930" in s.label for s in exile_rail.sources)  # the Turksib was not finished in 1928
    for s in [s for _, el in story.elements() for s in el.sources]:
        assert s.label and (s.url is None or s.url.startswith("https://"))


def test_persons_have_names_from_the_register(story):
    assert story.persons["trotsky"].name
    assert {"nina", "zina", "rakovsky", "preobrazhensky", "sosnovsky", "radek", "vrachev", "gautier",
            "sermuks", "poznanski", "butov"} <= set(story.persons)
    assert [pp.place_id for pp in story.persons["poznanski"].places] == ["tashkent", "kotlas"]


def test_excerpts_for_a_place(story):
    found = story.excerpts_for_place("kurdai-pass") + story.excerpts_for_place("bishkek")
    assert any("Kurdai Pass" in e.exact for _, e in found)
    assert any(eid == "nina-1928-03-20" for eid, _ in story.excerpts_for_place("moscow"))


# ---- quotations and dates


def test_resolve_quote_uses_prefix_and_suffix_to_choose():
    text = "to Frunze by rail, then from Frunze by car"
    assert resolve_quote(text, "Frunze") is None  # twice: ambiguous
    assert resolve_quote(text, "Frunze", prefix="from ") == (29, 35)
    assert resolve_quote(text, "Frunze", suffix=" by rail") == (3, 9)
    assert resolve_quote(text, "Pishpek") is None
    assert find_quote(text, "Frunze") == [(3, 9), (29, 35)]


def test_excerpt_context_is_cut_at_words():
    text = "He was taken by car through the Kurdai Pass to Almaty, which at that time was far."
    start = text.index("Kurdai Pass")
    before, exact, after = Excerpt("t", "Kurdai Pass", "", "", start, start + 11).context(text, width=12)
    assert exact == "Kurdai Pass"
    assert before == "through the " and after == " to Almaty,"


def test_transit_days_only_between_exact_days():
    x = Letter("x", "letter", None, None, None, None, "1928-03", "1928-06-01", "delayed")
    assert x.transit_days is None
    assert Letter("y", "letter", None, None, None, None, "1928-03-20", "1928-06-01", "delivered").fate == "prompt"


def test_stops_follow_the_legs():
    legs = (Leg("a", "moscow", "bishkek", "rail", "1928-01-18", None), Leg("b", "bishkek", "almaty", "road", None, "1928-01-25~"))
    j = Journey("j", "J", "", ("trotsky",), legs)
    assert [(s.index, s.place_id, s.date, s.leg and s.leg.id) for s in j.stops] == [
        (0, "moscow", "1928-01-18", None), (1, "bishkek", None, "a"), (2, "almaty", "1928-01-25~", "b")]


# ---- a broken story


BROKEN = """
title: A broken story
journeys:
  - id: exile
    title: Exile
    travellers: [trotsky]
    legs:
      - id: rail
        from: moscow
        to: atlantis
        mode: rail
        start: "1928-13-01"
        excerpts:
          - text: leon-in-winter
            exact: "taken by aeroplane to Bishkek"
      - id: road
        from: bishkek
        mode: road
letters:
  - id: nina
    kind: letter
    sender: nina
    recipient: nobody-known
    sent: "1928-03-20"
    received: "1928-03-01"
    status: delayed
    excerpts:
      - text: no-such-text
        exact: "x"
      - text: letter-1928-06-02
        exact: "Trotsky"
persons: []
"""


def test_a_broken_story_is_refused_with_every_problem_named(tmp_path: Path):
    path = tmp_path / "story.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_story(path)
    problems = "\n".join(err.value.problems)
    f = str(path)
    assert f"{f}: journeys[0].legs[0].to: 'atlantis' is not a place of the gazetteer" in problems
    assert f"{f}: journeys[0].legs[0].start: '1928-13-01' is not an EDTF date" in problems
    assert f"{f}: journeys[0].legs[0].excerpts[0]: the quotation 'taken by aeroplane to Bishkek' of leg 'rail' does not match" in problems
    assert f"{f}: journeys[0].legs[1].to: missing" in problems
    assert f"{f}: journeys[0].legs[1].from: 'bishkek' is not where the leg before ended ('atlantis')" in problems
    assert f"{f}: letters[0].recipient: 'nobody-known' is not a person" in problems
    assert f"{f}: letters[0].received: the letter's time in the post ends before it begins" in problems
    assert f"{f}: letters[0].excerpts[0].text: 'no-such-text' is not a text of the catalog" in problems
    assert f"{f}: letters[0].excerpts[1]: the quotation 'Trotsky' of letter 'nina' occurs" in problems
    assert len(err.value.problems) == 9
    assert str(err.value).count("\n  - ") == 9


def test_a_story_that_is_not_yaml_or_not_there(tmp_path: Path):
    bad = tmp_path / "story.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(StoryError, match="is not valid YAML"):
        load_story(bad)
    with pytest.raises(StoryError, match="no such story file"):
        load_story(tmp_path / "nothing.yaml")


def test_a_story_alias_bomb_is_refused_with_a_short_message(tmp_path: Path):
    bomb = tmp_path / "story.yaml"
    lol = "t: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"t{i}: &a{i} [{', '.join([f'*a{i - 1}' if i else '*a'] * 9)}]\n" for i in range(8))
    bomb.write_text(lol + "title: *a7\n", encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_story(bomb)
    assert "aliases" in str(err.value) and len(str(err.value)) < 400


def test_a_key_given_twice_in_the_story_names_both_lines(tmp_path: Path):
    story = tmp_path / "story.yaml"
    story.write_text("title: Exile\nletters: []\ntitle: Exile, edited\n", encoding="utf-8")
    with pytest.raises(StoryError, match="line 3: the key 'title' repeats the key on line 1"):
        load_story(story)


def test_a_structural_problem_quotes_a_short_excerpt(tmp_path: Path):
    story = tmp_path / "story.yaml"
    story.write_text("title: [" + ", ".join(["x" * 100] * 1000) + "]\n", encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_story(story)
    assert "title: must be a string" in str(err.value) and len(str(err.value)) < 400


def test_a_quotation_that_no_longer_matches_names_the_element(tmp_path: Path):
    doc = textwrap.dedent("""
        title: t
        letters:
          - id: overshoes
            kind: letter
            status: delivered
            excerpts:
              - text: leon-in-winter
                exact: "asking that they send him galoshes"
    """)
    path = tmp_path / "story.yaml"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_story(path)
    assert err.value.problems == [
        f"{path}: letters[0].excerpts[0]: the quotation 'asking that they send him galoshes' of letter "
        f"'overshoes' does not match the text leon-in-winter; copy the words again from the text "
        f"(prefix and suffix too)"]


# ---- the date the story tells of


def test_the_story_tells_of_the_earliest_date_of_its_texts(story):
    assert story.date == min(t.story_date for t in story.texts.values() if t.story_date)


def test_without_dated_texts_the_story_date_is_its_earliest_journey_or_letter(story):
    undated = {tid: replace(t, story_date=None) for tid, t in story.texts.items()}
    legs = (Leg("a", "moscow", "bishkek", "rail", "1928-01-18", "1928-01-22"),)
    posted = Letter("x", "letter", None, None, None, None, "1927-12", None, "lost")
    told = replace(story, texts=undated, journeys={"j": Journey("j", "J", "", (), legs)}, letters=(posted,))
    assert told.date == dt.date(1927, 12, 1)
    assert replace(told, letters=()).date == dt.date(1928, 1, 18)
    assert replace(told, letters=(), journeys={}).date is None


def test_an_undated_place_is_named_as_at_the_story_date(story):
    undated = Letter("x", "letter", None, None, "almaty", None, None, None, "unknown")
    doc = story_to_dict(replace(story, letters=(undated,)))
    assert doc["letters"][0]["from"]["name"] == story.gazetteer["almaty"].name_at(story.date) == "Alma-Ata"
    timeless = replace(story, letters=(undated,), journeys={},
                       texts={tid: replace(t, story_date=None) for tid, t in story.texts.items()})
    assert story_to_dict(timeless)["letters"][0]["from"]["name"] == story.gazetteer["almaty"].title


# ---- the register the story rests on


LETTER_TO_TROTSKY = """
title: t
letters:
  - id: x
    kind: letter
    status: delivered
    recipient: trotsky
"""


def test_a_register_that_is_not_utf8_is_a_problem_not_a_traceback(tmp_path: Path):
    path, register = tmp_path / "story.yaml", tmp_path / "register.yaml"
    path.write_text(LETTER_TO_TROTSKY, encoding="utf-8")
    register.write_bytes(b"persons:\n  - id: trotsky\n    name: L\xe9on\n")
    with pytest.raises(StoryError) as err:
        load_story(path, register=register)
    assert any(p.startswith(f"{register}: is not UTF-8 text (byte 36") for p in err.value.problems)
    assert f"{path}: letters[0].recipient: 'trotsky' is not a person of the story or of {register}" \
        in err.value.problems


def test_every_problem_of_the_register_is_one_of_the_story(tmp_path: Path):
    path, register = tmp_path / "story.yaml", tmp_path / "register.yaml"
    path.write_text(LETTER_TO_TROTSKY, encoding="utf-8")
    register.write_text("persons:\n  - id: trotsky\n  - name: Nobody\nplaces: []\n", encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_story(path, register=register)
    problems = "\n".join(err.value.problems)
    assert f"{register}: 'places' is not a section" in problems
    assert f"{register}: persons[0].name: Field required" in problems
    assert f"{register}: persons[1].id: Field required" in problems


def test_persons_take_name_and_description_from_the_register(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GEO_STORY_NO_CACHE", "1")  # a throwaway register has no place in the cache
    path, register = tmp_path / "story.yaml", tmp_path / "register.yaml"
    path.write_text(LETTER_TO_TROTSKY + "persons:\n  - id: trotsky\n", encoding="utf-8")
    register.write_text("persons:\n  - id: trotsky\n    name: Leon Trotsky\n    description: exile\n",
                        encoding="utf-8")
    trotsky = load_story(path, register=register).persons["trotsky"]
    assert (trotsky.name, trotsky.description) == ("Leon Trotsky", "exile")


# ---- fields of the wrong type


ODD_FIELDS = """
title: t
journeys:
  - id: exile
    title: Exile
    travellers: trotsky
    legs:
      - id: rail
        from: moscow
        to: bishkek
        mode: rail
        start: 1928-01-18
        end: 1928-13-01
        via: kurdai-pass
        excerpts:
          - text: leon-in-winter
            exact: "Trotsky"
            prefix: 12
          - text: [leon-in-winter]
            exact: "Trotsky"
"""


def test_fields_of_the_wrong_type_are_named_not_a_traceback(tmp_path: Path):
    path = tmp_path / "story.yaml"
    path.write_text(ODD_FIELDS, encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_story(path)
    f, leg = str(path), "journeys[0].legs[0]"
    assert sorted(err.value.problems) == sorted([
        f"{f}: journeys[0].travellers: travellers must be a list of person ids, e.g. [trotsky] (got 'trotsky')",
        f"{f}: {leg}.via: via must be a list of place ids, e.g. [kurdai-pass] (got 'kurdai-pass')",
        f"{f}: {leg}.excerpts[0].prefix: must be a string (got 12)",
        f"{f}: {leg}.excerpts[1].text: must be a string (got ['leon-in-winter'])",
        f"{f}: {leg}.end: '1928-13-01' is not an EDTF date (e.g. '1928-01-18', '1928-01-25~', "
        f"'1928-04/1928-10', '1928-23' for autumn)",
    ])


def test_an_unquoted_date_is_the_date_written(tmp_path: Path):
    doc = ODD_FIELDS[:ODD_FIELDS.index("        via:")].replace("travellers: trotsky", "travellers: [trotsky]")
    doc = doc.replace("end: 1928-13-01", "end: 1928-01-22")
    path = tmp_path / "story.yaml"
    path.write_text(doc, encoding="utf-8")
    rail = load_story(path).journeys["exile"].legs[0]
    assert (rail.start, rail.end) == ("1928-01-18", "1928-01-22")


def test_a_text_is_read_once_while_it_is_unchanged(story, monkeypatch):
    import geo.story

    text = next(iter(story.texts.values()))
    reads = []
    monkeypatch.setattr(geo.story, "_CONTENT_CACHE", {})
    monkeypatch.setattr(type(text), "content", property(lambda t: reads.append(t.id) or t.path.read_text("utf-8")))
    first = story.text(text.id)
    assert story.text(text.id) == first and reads == [text.id]


def test_a_long_value_is_quoted_in_part(tmp_path: Path):
    story = tmp_path / "story.yaml"
    story.write_text("title: t\njourneys:\n  - id: j\n    title: J\n    travellers: []\n    legs:\n"
                     f"      - {{id: a, from: {'x' * 100_000}, to: moscow, mode: rail}}\n", encoding="utf-8")
    with pytest.raises(StoryError) as err:
        load_story(story)
    assert "is not a place of the gazetteer" in str(err.value) and len(str(err.value)) < 2000
