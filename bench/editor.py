"""How long the new-story path takes for a two-page text: `python bench/editor.py`.

The app is driven headless (Streamlit's AppTest: the script's runs on the server, without a browser)
along the path a newcomer takes: "New story", a title, the text pasted, "Find the places", then for each
unsure place: choose it and accept it; then "Save the story", which opens the saved story in the
reading views. Each step's server time is printed, with the clicks it took.

The text is one nobody here wrote: the War of the Rebellion report (WOTR training split, MIT licence,
../shared/corpora) nearest two pages (6,000 characters) long, else the first two pages of the default
story's longest text; or the file given: `python bench/editor.py FILE.txt`. Stories are saved in a
temporary folder (GEO_STORY_HOME), never in the user's.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = 3000  # characters on a printed page of prose, roughly


CORPUS = ROOT.parent.parent / "shared" / "corpora" / "wotr-train.jsonl"


def two_pages() -> tuple[str, str]:
    """(where from, text) of about two pages."""
    import json

    if len(sys.argv) > 1:
        from geo.texts import read_text

        return sys.argv[1], read_text(sys.argv[1])
    for corpus in (CORPUS, Path("/work/shared/corpora/wotr-train.jsonl")):
        if corpus.is_file():
            docs = [json.loads(line) for line in corpus.open(encoding="utf-8")]
            doc = min(docs, key=lambda d: abs(len(d["text"]) - 2 * PAGE))
            return f"WOTR {doc['id']}", doc["text"]
    from geo.story import load_story

    story = load_story()
    text = max((story.text(t) for t in story.texts), key=len)
    cut = text.find("\n\n", 2 * PAGE)
    return "the default story's longest text", text[:cut if cut > 0 else 2 * PAGE]


def main() -> None:
    from streamlit.testing.v1 import AppTest

    source, text = two_pages()
    home = Path(tempfile.mkdtemp(prefix="geo-bench-stories-"))
    os.environ["GEO_STORY_HOME"] = str(home)
    os.environ.pop("GEO_STORY", None)
    steps: list[tuple[str, int, float]] = []

    def step(name: str, clicks: int, run) -> None:
        t = time.perf_counter()
        run()
        steps.append((name, clicks, time.perf_counter() - t))
        if at.exception:
            raise SystemExit(f"{name}: {[e.value for e in at.exception]}")

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    step("open the app", 0, at.run)
    step("New story", 1, lambda: at.sidebar.radio(key="app_mode").set_value("new").run())
    at.text_input(key="editor_title").input("Two pages")
    at.text_area(key="editor_paste").input(text)
    step("title, text pasted, Find the places", 3, lambda: at.button(key="editor_find").click().run())
    edit = at.session_state["editor_edit"]
    rows = edit.places()
    unsure = [r.id for r in rows if r.unsure]
    for pid in unsure:
        key = next(w.key for w in at.selectbox if w.key and w.key.startswith("editor_place_"))
        step("choose an unsure place", 1, lambda: at.selectbox(key=key).set_value(pid).run())
        step("accept it", 1, lambda: at.button(key="editor_accept").click().run())
    step("Save the story (and read it)", 1, lambda: at.button(key="editor_save").click().run())
    assert at.sidebar.radio(key="app_mode").value == "read", "the saved story did not open"

    print(f"text: {source}, {len(text):,} characters ({len(text) / PAGE:.1f} pages), {len(rows)} places found, "
          f"{len(unsure)} unsure, {len(edit.stops())} stops drafted")
    print(f"{'step':40} {'clicks':>6} {'server s':>9}")
    by_name: dict[str, list[tuple[int, float]]] = {}
    for name, clicks, s in steps:
        by_name.setdefault(name, []).append((clicks, s))
    for name, runs in by_name.items():
        times = [s for _, s in runs]
        label = f"{name} (x{len(runs)})" if len(runs) > 1 else name
        detail = f" (median {sorted(times)[len(times) // 2]:.2f})" if len(runs) > 1 else ""
        print(f"{label:40} {sum(c for c, _ in runs):6d} {sum(times):9.2f}{detail}")
    path = [s for name, _, s in steps if name != "open the app"]
    print(f"{'new-story path, from New story to reading':40} {sum(c for _, c, _ in steps):6d} {sum(path):9.2f}")


if __name__ == "__main__":
    main()
