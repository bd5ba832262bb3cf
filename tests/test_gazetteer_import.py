"""`python -m geo gazetteer import`: GeoNames' own dump files into the offline index, every class kept."""
import shutil
import zipfile

import pytest

from geo.cli import main
from geo.geonames import GeoNames, import_dump, shared
from geo.geoparse import Geoparser

# GeoNames' format: 19 tab-separated columns (https://download.geonames.org/export/dump/readme.txt).
ROWS = [
    # geonameid, name, asciiname, alternatenames, lat, lon, class, code, country, cc2, admin1..4,
    # population, elevation, dem, timezone, modified
    ["9900001", "Karatal", "Karatal", "Qaratal,Каратал", "45.20", "78.10", "H", "STM", "KZ", "", "10", "", "", "",
     "0", "", "500", "Asia/Almaty", "2020-01-01"],
    ["9900002", "Dzhungarian Alatau", "Dzhungarian Alatau", "Jungar Alatau", "45.10", "80.10", "T", "MTS", "KZ", "",
     "10", "", "", "", "0", "", "3000", "Asia/Almaty", "2020-01-01"],
    ["9900003", "Ostrov Kaskyrbay", "Ostrov Kaskyrbay", "", "46.50", "74.90", "T", "ISL", "KZ", "", "10", "", "", "",
     "0", "", "340", "Asia/Almaty", "2020-01-01"],
]
# alternateNamesV2: id, geonameid, language, name, preferred, short, colloquial, historic, from, to
ALTERNATES = [
    ["1", "9900001", "en", "Karatal River", "1", "", "", "", "", ""],
    ["2", "9900001", "link", "https://en.wikipedia.org/wiki/Karatal", "", "", "", "", "", ""],
    ["3", "9900003", "ru", "Kaskyrbay Island", "", "", "", "", "", ""],
]


def tsv(rows):
    return "".join("\t".join(r) + "\n" for r in rows)


@pytest.fixture
def index(tmp_path):
    """A copy of the shipped index, so that an import does not touch the user's."""
    path = tmp_path / "index.sqlite"
    shutil.copyfile(shared().path, path)
    return path


def test_import_a_country_file_zipped_and_its_alternate_names(tmp_path, index, capsys):
    with zipfile.ZipFile(tmp_path / "KZ.zip", "w") as z:
        z.writestr("KZ.txt", tsv(ROWS))
        z.writestr("readme.txt", "not data\n")
    (tmp_path / "alternateNamesV2.txt").write_text(tsv(ALTERNATES), encoding="utf-8")
    # The alternate names come first on the command line; they are read after the features anyway.
    rc = main(["gazetteer", "import", str(tmp_path / "alternateNamesV2.txt"), str(tmp_path / "KZ.zip"),
               "--index", str(index)])
    out = capsys.readouterr().out
    assert rc == 0 and "3 features" in out and "2 file(s)" in out
    gn = GeoNames(index)
    [river] = gn.lookup("Karatal River")
    assert (river.ref, river.feature_class, river.feature_code, river.country) == ("gn:9900001", "H", "STM", "KZ")
    assert gn.lookup("Qaratal") == [river]
    assert gn.lookup("https://en.wikipedia.org/wiki/Karatal") == []  # links are no names
    assert gn.lookup("Moscow"), "the shipped names are still there"

    parser = Geoparser(geonames=gn)
    ms = parser.find("They crossed the Karatal River below the Dzhungarian Alatau, then Kaskyrbay Island.")
    assert [(m.text, m.feature_class) for m in ms] == [
        ("Karatal River", "H"), ("Dzhungarian Alatau", "T"), ("Kaskyrbay Island", "T")]
    assert abs(ms[0].lat - 45.2) < 1e-6 and ms[0].place_id == "gn:9900001"


def test_import_a_plain_file_reports_lines_it_cannot_read(tmp_path, index, capsys):
    (tmp_path / "cities1000.txt").write_text(tsv(ROWS[:1]) + "not a geonames line\n" +
                                             tsv([ROWS[1][:4] + ["north", "east"] + ROWS[1][6:]]), encoding="utf-8")
    report = import_dump([tmp_path / "cities1000.txt"], index)
    assert (report.features, report.skipped) == (1, 2)
    rc = main(["gazetteer", "import", str(tmp_path / "cities1000.txt"), "--index", str(index)])
    assert rc == 0 and "2 lines not read" in capsys.readouterr().out


def test_a_missing_file_is_a_clear_error_and_leaves_the_index(tmp_path, index, capsys):
    before = index.read_bytes()
    rc = main(["gazetteer", "import", str(tmp_path / "allCountries.txt"), "--index", str(index)])
    err = capsys.readouterr().err
    assert rc == 1 and "allCountries.txt: no such file" in err and "Traceback" not in err
    assert index.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))
