"""First-level divisions of every country (GeoNames' admin1CodesASCII.txt, shipped as geo/data/admin1.tsv):
the data file whole, the index's divisions with derived points, and the geoparser reading them without
letting a division named like a town take the town's place."""
import collections

import pytest

from geo.errors import GeoError
from geo.geonames import ADMIN1_PATH, load_admin1, shared
from geo.geoparse import find_mentions


def test_the_data_file_is_whole_and_parsed():
    divisions = load_admin1()
    assert len(divisions) == 3880
    assert len({(d.country, d.admin1) for d in divisions}) == len(divisions)
    assert len({d.geonameid for d in divisions}) == len(divisions)
    by_country = collections.Counter(d.country for d in divisions)
    assert len(by_country) == 228  # every country GeoNames divides (the file's first and last: Andorra, Zimbabwe)
    assert by_country["CA"] == 13 and by_country["MX"] == 32 and by_country["US"] == 51 and by_country["DE"] == 16
    assert by_country["AD"] == 7 and by_country["ZW"] == 10
    first = ADMIN1_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "CC BY 4.0" in first  # the source and licence travel with the data
    assert next(d for d in divisions if d.geonameid == 2951839).name == "Bavaria"
    assert next(d for d in divisions if d.geonameid == 3039162).name == "Sant Julià de Loria"  # UTF-8


def test_a_bad_line_is_reported_with_its_file_and_line(tmp_path):
    path = tmp_path / "admin1.tsv"
    path.write_text("# comment\nMX.26\tSonora\tSonora\t3982846\nMX27\tTabasco\n", encoding="utf-8")
    with pytest.raises(GeoError, match=r"admin1.tsv, line 3"):
        load_admin1(path)


def test_divisions_are_in_the_index_with_a_derived_point_and_their_people():
    gn = shared()
    [sonora] = [f for f in gn.lookup("Sonora") if f.feature_code == "ADM1"]
    assert (sonora.ref, sonora.country, sonora.admin1, sonora.feature_class) == ("gn:3982846", "MX", "26", "A")
    assert 27 < sonora.lat < 32 and -113 < sonora.lon < -108 and sonora.population > 1_000_000
    assert sonora.how.startswith("the town nearest the middle of the box")
    assert [f.name for f in gn.lookup("Nuevo Leon") if f.feature_code == "ADM1"] == ["Nuevo León"]  # ASCII name
    # The US states stay as they were: one Texas, its point from its counties.
    [texas] = [f for f in gn.lookup("Texas") if f.feature_code == "ADM1"]
    assert texas.ref == "gn:4736286" and "counties" in texas.how
    # Names of direction alone are not indexed: "Central" is no province of Botswana in running prose.
    assert not [f for f in gn.lookup("Central") if f.feature_code == "ADM1"]


def mention(text, name):
    return next(m for m in find_mentions(text) if m.text == name)


@pytest.mark.parametrize("text", [
    "Trade through the port of Lobos in the State of Sonora is free of duties.",
    "I wrote to the Governor of Sonora about the Apaches.",
    "Troops of Sonora and Chihuahua met the Apaches.",
])
def test_sonora_shown_to_be_a_state_is_the_mexican_state(text):
    m = mention(text, "Sonora")
    assert (m.place_id, m.feature_class) == ("gn:3982846", "A")


def test_a_province_in_a_canadian_text():
    m = mention("The dairy farmers of London, Ontario, met at the fair.", "Ontario")
    assert m.place_id == "gn:6093943"
    assert mention("The dairy farmers of London, Ontario, met at the fair.", "London").lat == pytest.approx(43.0, abs=0.3)
    assert mention("Ontario's education minister spoke in Toronto, Canada.", "Ontario").place_id == "gn:6093943"
    assert mention("Schools across the Province of Ontario closed.", "Ontario").place_id == "gn:6093943"


@pytest.mark.parametrize("text,name,lat,lon", [
    ("He moved to Santa Fe, New Mexico, in 1880.", "Santa Fe", 35.7, -105.9),
    ("He moved to Victoria, British Columbia, in 1880.", "Victoria", 48.4, -123.4),
    ("A fire broke out in Santa Fe.", "Santa Fe", None, None),  # a town, not Argentina's province
    ("The mayor of Berea spoke on Monday.", "Berea", None, None),  # a town, not a district of Lesotho
    ("She flew from Lagos to London.", "Lagos", 6.5, 3.4),
    ("The parade crossed Buenos Aires.", "Buenos Aires", -34.6, -58.4),
])
def test_a_division_named_like_a_town_does_not_take_the_town_s_place(text, name, lat, lon):
    m = mention(text, name)
    assert m.feature_class == "P"
    if lat is not None:
        assert m.lat == pytest.approx(lat, abs=0.5) and m.lon == pytest.approx(lon, abs=0.5)


def test_a_division_beside_its_country_and_alone():
    assert mention("Fighting spread from Chechnya to Dagestan.", "Dagestan").place_id == "gn:567293"
    assert mention("Two Marines were killed in Helmand province.", "Helmand").place_id == "gn:1140043"
    # A parish of the Isle of Man is no saint's day, and a state of Nigeria no airline.
    assert not [m for m in find_mentions("The St. Patrick's Day parade passed by.") if m.text == "Patrick"]
    assert not [m for m in find_mentions("Delta Air Lines flew to Atlanta.") if m.place_id == "gn:2565341"]
    # Nor is a district of New Zealand a street, nor a region of France a girl.
    assert not [m for m in find_mentions("He jogged on Southland Vista Court in Atlanta.") if m.text != "Atlanta"]
    assert not [m for m in find_mentions("Police in Atlanta say he gave Brittany the pills.") if m.text == "Brittany"]
    assert mention("The ferry sailed from Brittany to Cornwall, in France and England.", "Brittany").place_id \
        == "gn:3030293"
