"""The register of names that are not places: validated, with every problem named."""
import pytest

from geo.errors import GazetteerError
from geo.register import load_register


def test_shipped_register_knows_the_story_people():
    reg = load_register()
    for pid in ("trotsky", "natalia-sedova", "rakovsky", "preobrazhensky", "sosnovsky", "radek", "vrachev"):
        assert pid in reg.persons
    kinds = {e.kind for e in reg.entries.values()}
    assert {"person", "ship", "work", "organisation"} <= kinds


def test_broken_register_names_every_problem(tmp_path):
    path = tmp_path / "register.yaml"
    path.write_text("persons:\n  - id: a\n  - name: B\n  - {id: a, name: A}\n  - {id: a, name: A again}\n"
                    "planets:\n  - {id: mars, name: Mars}\n", encoding="utf-8")
    with pytest.raises(GazetteerError) as e:
        load_register(path)
    text = str(e.value)
    assert "persons[0].name" in text and "persons[1].id" in text
    assert "persons[3].id: 'a' repeats" in text and "'planets' is not a section" in text
