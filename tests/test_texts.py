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


def _catalog(folder, file):
    (folder / "texts").mkdir(exist_ok=True)
    catalog = folder / "texts" / "catalog.yaml"
    catalog.write_text(f"texts:\n  - id: t\n    file: {file}\n    title: T\n    author: A\n    written: '1928'\n"
                       "    source: S\n    licence: L\n    credit: C\n", encoding="utf-8")
    return catalog


@pytest.mark.parametrize("file", ["/etc/passwd", "../../../../../../../etc/passwd", "../outside.txt", "link.txt"])
def test_a_catalog_cannot_name_a_file_outside_its_folder(tmp_path, file):
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    catalog = _catalog(tmp_path, file)
    (tmp_path / "texts" / "link.txt").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(TextError) as e:
        load_catalog(catalog)
    assert "lies outside the story folder" in str(e.value) and "texts[0] (t).file: " in str(e.value)


def test_a_catalog_may_name_a_file_inside_its_story_folder_through_a_symlink(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("From Moscow", encoding="utf-8")
    catalog = _catalog(tmp_path, "link.txt")
    (tmp_path / "texts" / "link.txt").symlink_to(tmp_path / "notes" / "a.txt")
    with pytest.raises(TextError, match="lies outside"):
        load_catalog(catalog)  # the catalog's own folder by default
    assert load_catalog(catalog, folder=tmp_path)["t"].content == "From Moscow"


def test_a_fifo_or_a_device_is_named_for_what_it_is(tmp_path):
    import os

    catalog = _catalog(tmp_path, "pipe.txt")
    os.mkfifo(tmp_path / "texts" / "pipe.txt")
    with pytest.raises(TextError, match="pipe.txt is a FIFO"):
        load_catalog(catalog)
    with pytest.raises(TextError, match="is a character device"):
        read_text("/dev/zero")
    with pytest.raises(TextError, match="is a FIFO"):
        read_text(tmp_path / "texts" / "pipe.txt")
