"""Saving a story folder: whole or not at all, never over someone else's save, comments kept."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geo.story import open_story
from geo.storyfolder import (StoryConflict, read_yaml_doc, save_story, story_folder, story_version)

RHINE = Path(__file__).resolve().parent / "stories" / "rhine-1838"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "stories" / "rhine"
    shutil.copytree(RHINE, target)
    return target


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_save_changes_only_what_it_is_given_and_keeps_the_comments(folder):
    before = _files(folder)
    version = story_version(folder)
    doc = read_yaml_doc(folder / "story.yaml")
    doc["title"] = "Up the Rhine, June 1838"
    doc["journeys"][0]["legs"][1]["mode"] = "sea"
    new = save_story(folder, story=doc, expected_version=version)
    assert new == story_version(folder) != version
    after = _files(folder)
    assert {k for k in after if after[k] != before.get(k)} == {"story.yaml"}
    text = (folder / "story.yaml").read_text(encoding="utf-8")
    assert text.startswith("# A second, small story for the tests")  # the historian's comments stay
    assert "mode: sea  # across the North Sea" in text and "focus: mainz  # the letters' town" in text
    assert text.index("title:") < text.index("map:") < text.index("journeys:")  # keys stay where they were
    story = open_story(folder)
    assert story.title == "Up the Rhine, June 1838"
    assert story.journeys["up-the-rhine-1838"].legs[1].mode == "sea"


def test_a_plain_dict_is_merged_into_the_file_so_comments_stay_too(folder):
    import yaml

    plain = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
    plain["description"] = "Edited from a notebook."
    save_story(folder, story=plain, expected_version=story_version(folder))
    text = (folder / "story.yaml").read_text(encoding="utf-8")
    assert "Edited from a notebook." in text and "# across the North Sea" in text


def test_saving_unchanged_documents_changes_no_byte(folder):
    before = _files(folder)
    save_story(folder, story=read_yaml_doc(folder / "story.yaml"),
               catalog=read_yaml_doc(folder / "texts" / "catalog.yaml"), expected_version=story_version(folder))
    assert _files(folder) == before


def test_a_second_saver_with_a_stale_version_is_told_and_can_reload(folder):
    read_by_a = story_version(folder)
    read_by_b = story_version(folder)
    doc = read_yaml_doc(folder / "story.yaml")
    doc["title"] = "A's title"
    save_story(folder, story=doc, expected_version=read_by_a)
    doc_b = read_yaml_doc(folder / "story.yaml")
    doc_b["description"] = "B's description"
    with pytest.raises(StoryConflict, match="changed .* since it was read; reload"):
        save_story(folder, story=doc_b, expected_version=read_by_b)
    assert open_story(folder).title == "A's title"  # A's save stands
    doc_b = read_yaml_doc(folder / "story.yaml")  # B reloads, and saves over A's version
    doc_b["description"] = "B's description"
    save_story(folder, story=doc_b, expected_version=story_version(folder))
    story = open_story(folder)
    assert (story.title, story.description) == ("A's title", "B's description")


def test_a_hand_edit_since_reading_is_a_conflict_too(folder):
    version = story_version(folder)
    path = folder / "texts" / "catalog.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    with pytest.raises(StoryConflict):
        save_story(folder, story={"title": "x"}, expected_version=version)


def test_a_new_folder_is_never_written_over_an_existing_one(folder):
    with pytest.raises(StoryConflict, match="already there"):
        save_story(folder, story={"title": "x"})


def test_a_text_name_cannot_leave_the_texts_folder(tmp_path):
    from geo.errors import StoryError

    with pytest.raises(StoryError, match="not a plain file name"):
        save_story(tmp_path / "s", story={"title": "x"}, texts={"../../evil.txt": b"x"})
    assert not (tmp_path / "s").exists() and not (tmp_path.parent / "evil.txt").exists()


KILLED_SAVE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import geo.storyfolder as sf

    folder, where = Path(sys.argv[1]), sys.argv[2]
    real_write = Path.write_text
    def die():
        os.kill(os.getpid(), signal.SIGKILL)
    if where == "writing":
        # killed after the new story.yaml is written and before the catalog is
        def write_text(self, *a, **k):
            real_write(self, *a, **k)
            if self.name == "story.yaml":
                die()
        Path.write_text = write_text
    elif where == "before-swap":
        sf._fsync_tree = lambda root: die()
    elif where == "between-renames":
        # where the system cannot exchange two folders in one step: killed between the two renames
        import ctypes.util  # the module storyfolder imports to reach renameat2
        ctypes.util.find_library = lambda name: None
        real_rename = os.rename
        calls = []
        def rename(a, b):
            calls.append(a)
            real_rename(a, b)
            if len(calls) == 1:
                die()
        sf.os.rename = rename
    doc = sf.read_yaml_doc(folder / "story.yaml")
    doc["title"] = "Half-written"
    sf.save_story(folder, story=doc, catalog={"texts": []}, expected_version=sf.story_version(folder))
""")


@pytest.mark.parametrize("where", ["writing", "before-swap", "between-renames"])
def test_a_save_killed_midway_leaves_the_old_story_whole(folder, tmp_path, where):
    before, version = _files(folder), story_version(folder)
    script = tmp_path / "killed_save.py"
    script.write_text(KILLED_SAVE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GEO_STORY_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, str(script), str(folder), where], env=env, capture_output=True)
    assert proc.returncode == -9, proc.stderr.decode()  # it really was killed (SIGKILL), not finished
    story = open_story(folder)  # the old story, whole (put back first if the kill fell between renames)
    assert story.title == "Up the Rhine, 1838"
    assert _files(folder) == before and story_version(folder) == version
    doc = read_yaml_doc(folder / "story.yaml")
    doc["title"] = "Saved after all"
    save_story(folder, story=doc, expected_version=version)  # the next save works and sweeps the remains
    assert open_story(folder).title == "Saved after all"
    assert sorted(p.name for p in folder.parent.iterdir()) == ["rhine"]


def test_story_folder_refuses_a_folder_that_is_not_a_story(tmp_path):
    from geo.errors import StoryError

    with pytest.raises(StoryError, match="not a story folder"):
        story_folder(tmp_path)
