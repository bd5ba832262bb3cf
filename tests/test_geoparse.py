"""The geoparser: every place found, put where it is, called by the name of the time; no person taken for a place."""
import json
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparse import Geoparser, find_mentions
from geo.register import Register
from geo.texts import load_catalog

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SEEDS = ["000_7e1c128aa29cee6a.txt", "003_134e652a9e249994.txt"]


def places(text, **kw):
    return [(m.text, m.place_id) for m in find_mentions(text, **kw)]


@pytest.fixture(scope="module")
def geonames_only():
    """A geoparser with no curated places and no register: GeoNames and context alone."""
    return Geoparser(Gazetteer({}), Register())


# ---- the gold standard


def score(name):
    text = (ROOT / "data" / "texts" / name).read_text(encoding="utf-8")
    gold = json.loads((GOLD / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    for g in gold:
        assert text[g["start"]:g["end"]] == g["text"], g
    expected = {(g["start"], g["end"], g["place_id"]) for g in gold}
    found = {(m.start, m.end, m.place_id) for m in find_mentions(text, date="1928")}
    return expected, found


def test_gold_recall_and_precision():
    tp = fn = fp = 0
    misses, extras = [], []
    for name in SEEDS:
        expected, found = score(name)
        tp += len(expected & found)
        fn += len(expected - found)
        fp += len(found - expected)
        misses += [(name, x) for x in sorted(expected - found)]
        extras += [(name, x) for x in sorted(found - expected)]
    recall, precision = tp / (tp + fn), tp / (tp + fp)
    print(f"\ngold: {tp + fn} mentions; recall {recall:.3f}, precision {precision:.3f}")
    assert recall >= 0.98, f"missed: {misses}"
    assert precision >= 0.97, f"wrongly found: {extras}"


def test_every_mention_points_into_its_text():
    for t in load_catalog().values():
        content = t.content
        for m in find_mentions(content, doc=str(t.path), date=t.story_date):
            assert content[m.start:m.end] == m.text


# ---- names in time


def test_names_of_the_time():
    ms = find_mentions("From Almaty he went to Bishkek, then to St Petersburg.", date="1928-06-02")
    assert [(m.text, m.name_at_time, m.name) for m in ms] == [
        ("Almaty", "Alma-Ata", "Almaty"), ("Bishkek", "Frunze", "Bishkek"),
        ("St Petersburg", "Leningrad", "Saint Petersburg")]
    old = find_mentions("Petrograd and Constantinople.", date="1917")
    assert [m.name_at_time for m in old] == ["Petrograd", "Constantinople"]
    assert [m.name_at_time for m in find_mentions("Constantinople", date="2020")] == ["Istanbul"]


def test_historical_and_alternate_names_resolve_to_one_place():
    assert {p for _, p in places("Verny, Alma-Ata, Alma Ata and Almaty")} == {"almaty"}
    assert {p for _, p in places("Pishpek, Frunze and Bishkek")} == {"bishkek"}


# ---- the shape of words


def test_possessives_and_hyphenation():
    assert places("Moscow's streets and Alma-Ata’s poppies") == [("Moscow", "moscow"), ("Alma-Ata", "almaty")]
    broken = "exiled to Alma-\nAta and to Kron-\nstadt"
    ms = find_mentions(broken)
    assert [(m.text, m.place_id) for m in ms] == [("Alma-\nAta", "almaty"), ("Kron-\nstadt", "kronstadt")]


def test_scanning_slip_is_read_as_the_place():
    [m] = find_mentions("from Preobrazhensky in Uraisk, Sosnovsky")
    assert (m.text, m.place_id, m.matched) == ("Uraisk", "uralsk", "Uralsk")
    assert "scanning slip" in m.note and m.score < 1


def test_ordinary_words_are_not_places():
    assert places("Nice weather. Reading is fun, and the turkey was nice.") == []
    assert places("Dear Comrade, the Opposition met the Nation on Sunday in March.") == []
    assert places("The Red Cross reached them.") == []


def test_after_a_preposition_a_common_word_may_be_a_town():
    assert [t for t, _ in places("She wrote from Boston; the Senate met in Washington.")] == ["Boston", "Washington"]


# ---- namesakes


def test_namesakes_in_the_seed_texts():
    text = (ROOT / "data" / "texts" / SEEDS[0]).read_text(encoding="utf-8")
    ms = {m.text: m for m in find_mentions(text)}
    assert ms["Kronstadt"].place_id == "kronstadt" and ms["Kronstadt"].lat > 59
    assert ms["Odessa"].place_id == "odesa" and 30 < ms["Odessa"].lon < 31
    assert ms["Moscow"].place_id == "moscow" and ms["Moscow"].lon > 37


def test_context_chooses_among_geonames_namesakes(geonames_only):
    def where(text, name):
        return next((m.lat, m.lon) for m in geonames_only.find(text) if m.text == name)
    # Kronstadt beside Petrograd is the naval base, not Brașov (Kronstadt in German).
    assert where("The Kronstadt sailors rose against Petrograd.", "Kronstadt")[0] > 59
    # Without context the larger town wins; with it, the one in good company.
    assert where("He was born in Odessa.", "Odessa")[1] > 30
    assert where("He drove from Midland to Odessa.", "Odessa")[1] < -100
    assert where("Sent from Moscow to Petrograd.", "Moscow")[1] > 37
    assert where("From Pullman we crossed the state line to Moscow.", "Moscow")[1] < -116


# ---- people, ships and works are not places


def test_people_are_not_places():
    assert places("a mural by Diego Rivera in Mexico") == [("Mexico", "mexico")]
    assert places("rooms furnished from Gogol’s time, on Gogol Street") == [("Gogol Street", "gogol-street")]
    assert places("Lenin, Marx and Zinoviev spoke; Stalin, Voroshilov and Dzerzhinsky listened.") == []


def test_ships_and_works_are_not_places():
    assert places("he should have been on the steamer Kalinin, but it was frozen") == []
    assert places("the steamer Ilyich took him to Constantinople") == [("Constantinople", "istanbul")]
    assert places("the New York Times and the Illustrated London News") == []
    assert places("Pioneer Publishers, New York, 1936") == [("New York", "new-york")]


def test_a_text_nobody_curated_still_gets_its_towns():
    ms = find_mentions("We went on from Tomsk to Krasnoyarsk, and wintered in Irkutsk.")
    assert [(m.text, m.source) for m in ms] == [("Tomsk", "geonames"), ("Krasnoyarsk", "geonames"),
                                                ("Irkutsk", "geonames")]
    irkutsk = ms[2]
    assert irkutsk.place_id.startswith("gn:") and abs(irkutsk.lat - 52.3) < 0.3 and abs(irkutsk.lon - 104.3) < 0.3


def test_curated_places_win_over_geonames():
    [m] = find_mentions("the Kurdai Pass")
    assert (m.place_id, m.source) == ("kurdai-pass", "curated")
    [m] = find_mentions("He sailed from Odessa.")
    assert (m.place_id, m.source) == ("odesa", "curated")
