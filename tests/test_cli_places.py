"""`python -m geo places`: the JSON contract, the table, and clear errors for bad input."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(str(p) for p in (ROOT / "data" / "texts").glob("*.txt"))


def test_json_is_one_array_of_mentions_with_offsets(capsys):
    assert main(["places", *SEEDS, "--format", "json"]) == 0
    mentions = json.loads(capsys.readouterr().out)
    texts = {f: open(f, encoding="utf-8").read() for f in SEEDS}
    assert {m["doc"] for m in mentions} == set(SEEDS)
    for m in mentions:
        assert texts[m["doc"]][m["start"]:m["end"]] == m["text"]
        assert -90 <= m["lat"] <= 90 and -180 <= m["lon"] <= 180
        assert m["source"] in ("curated", "geonames")
    alma = next(m for m in mentions if m["text"] == "Almaty")
    assert alma["name_at_time"] == "Alma-Ata"  # the texts tell of 1928


def test_json_lines_are_the_mentions_as_json_dumps_writes_them():
    from geo.cli import json_lines
    from geo.geoparse import find_mentions

    texts = [open(f, encoding="utf-8").read() for f in SEEDS]
    # namesakes, so that mentions have next-best candidates; a note; the same place under two names
    texts.append("From Springfield to Portland, Maine, and on to Richmond, Va.; Uraisk and Alma-Ata, then Almaty.")
    mentions = [m for i, t in enumerate(texts) for m in find_mentions(t, doc=None if i else "a \"quoted\" name")]
    assert any(m.alternatives for m in mentions) and any(m.note for m in mentions)
    assert json_lines(mentions) == [json.dumps(m.to_dict(), ensure_ascii=False) for m in mentions]


def test_table_for_people(capsys):
    assert main(["places", SEEDS[1], "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "Uraisk" in out and "uralsk" in out and "scanning slip" in out


@pytest.mark.parametrize("name, content, expected", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "is empty"),
    ("bin.txt", b"\x00\x01\x02", "not a text file"),
    ("", None, "is a folder"),
])
def test_bad_input_is_a_clear_error_not_a_traceback(tmp_path, name, content, expected):
    path = tmp_path / name if name else tmp_path
    if content is not None:
        path.write_bytes(content)
    p = subprocess.run([sys.executable, "-m", "geo", "places", str(path), "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 1
    assert expected in p.stderr and str(path) in p.stderr
    assert "Traceback" not in p.stderr and p.stdout == ""


def test_many_files_show_a_progress_bar_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert main(["places", *SEEDS, "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert "geoparsing" in err and "2/2" in err


@pytest.mark.parametrize("date", ["1928-13", "abc", "1928-02-30", "1928-1-2"])
def test_a_bad_date_is_refused_clearly(date):
    p = subprocess.run([sys.executable, "-m", "geo", "places", SEEDS[0], "--date", date],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2 and "is not a date" in p.stderr and "Traceback" not in p.stderr


def test_an_unwritable_cache_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = {**__import__("os").environ, "GEO_STORY_CACHE": str(blocker / "cache")}
    text = tmp_path / "t.txt"
    text.write_text("From Moscow to Tomsk.")
    p = subprocess.run([sys.executable, "-m", "geo", "places", str(text)], capture_output=True, text=True,
                       cwd=ROOT, env=env)
    assert p.returncode == 1 and "GEO_STORY_CACHE" in p.stderr and "Traceback" not in p.stderr


def test_control_characters_in_file_names_are_escaped_in_the_table(tmp_path, capsys):
    path = tmp_path / "evil\x1b[2J\x07\u202etxt.exe"
    path.write_text("He travelled from Moscow to Alma-Ata.", encoding="utf-8")
    assert main(["places", str(path), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "evil\\x1b[2J\\x07\\u202etxt.exe" in out
    missing = tmp_path / "gone\x1b]0;owned\x07.txt"
    assert main(["places", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "gone\\x1b]0;owned\\x07.txt" in err
