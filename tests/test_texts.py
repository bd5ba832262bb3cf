"""Reading texts: what is not a readable text is refused with a message naming the file."""
import pytest

from geo.errors import TextError
from geo.texts import load_catalog, read_text


def test_catalog_credits_the_sources_and_points_at_the_texts():
    catalog = load_catalog()
    letter = catalog["letter-1928-06-02"]
    assert "Leon Trotsky Internet Archive" in letter.credit and "marxists.org" in letter.credit
    assert letter.content.startswith("Leon Trotsky")
    assert catalog["leon-in-winter"].content.startswith("LEON IN WINTER")


@pytest.mark.parametrize("content, expected", [
    (None, "no such file"),
    (b"", "is empty"),
    (b"   \n\n", "is empty"),
    (b"\x7fELF\x00\x00\x01binary", "not a text file"),
    (b"Caf\xe9 in Paris", "not UTF-8"),
])
def test_bad_files_are_refused_clearly(tmp_path, content, expected):
    path = tmp_path / "t.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TextError) as e:
        read_text(path)
    assert str(path) in str(e.value) and expected in str(e.value)


def test_offsets_are_those_of_python_text_mode(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"From Moscow\r\nto Frunze")
    assert read_text(path) == open(path, encoding="utf-8").read()


def test_utf16_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("From Moscow".encode("utf-16"))
    with pytest.raises(TextError) as e:
        read_text(path)
    assert "UTF-16" in str(e.value) and "save it as UTF-8" in str(e.value)
