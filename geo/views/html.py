"""HTML for the views, built from story data that may hold anything: every piece of it is escaped.

No Streamlit here. A text, a note or a name from a data file never becomes markup by itself: only
the tags written in this module do.

>>> from geo.views.html import marked
>>> marked("He came to <Alma-Ata>.", [(12, 22)])
'He came to <mark>&lt;Alma-Ata&gt;</mark>.'
"""
from __future__ import annotations

from html import escape
from typing import Iterable, Sequence
from urllib.parse import urlencode, urlparse

from geo.story import Excerpt, Source


def plain(s: str) -> str:
    """Plain text as HTML for ``st.markdown``: escaped, and with its line breaks as ``<br>``.

    A blank line would end the HTML block, and Markdown would then read what follows: a line
    "* * *" in a letter would become a rule, "[x](...)" a link, an indented line code.
    """
    return escape(s).replace("\r\n", "\n").replace("\n", "<br>")


def marked(text: str, spans: Iterable[tuple[int, int]], *, css: str | None = None,
           hrefs: Sequence[str | None] | None = None) -> str:
    """``text`` escaped, with each (start, end) span in a ``<mark>`` (or a link, when ``hrefs`` gives one).

    Overlapping spans are merged into the first; spans are offsets into ``text``.
    """
    out: list[str] = []
    pos = 0
    spans = list(spans)
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    cls = f' class="{escape(css)}"' if css else ""
    for i in order:
        start, end = spans[i]
        if start < pos or end <= start:
            continue
        out.append(plain(text[pos:start]))
        inner = f"<mark{cls}>{plain(text[start:end])}</mark>"
        href = hrefs[i] if hrefs else None
        if href:
            inner = f'<a href="{escape(href)}" target="_self" style="text-decoration:none">{inner}</a>'
        out.append(inner)
        pos = end
    out.append(plain(text[pos:]))
    return "".join(out)


def excerpt_html(text: str, excerpt: Excerpt, mentions: Iterable[tuple[int, int]] = (), width: int = 220) -> str:
    """The excerpt in its context: the quotation in bold, the place mentions in it marked."""
    before, exact, after = excerpt.context(text, width)
    lo = excerpt.start - len(before)
    hi = excerpt.end + len(after)
    inside = [(max(s, lo), min(e, hi)) for s, e in mentions if s < hi and e > lo]
    window = text[lo:hi]
    rel = [(s - lo, e - lo) for s, e in inside]
    # Mark mentions over the whole window, then embolden the quotation: build the three parts apart.
    q0, q1 = excerpt.start - lo, excerpt.end - lo

    def part(a: int, b: int) -> str:
        return marked(window[a:b], [(max(s, a) - a, min(e, b) - a) for s, e in rel if s < b and e > a])

    ellipsis_before = "… " if lo > 0 else ""
    ellipsis_after = " …" if hi < len(text) else ""
    return (f'<blockquote class="geo-excerpt">{ellipsis_before}{part(0, q0)}<strong>{part(q0, q1)}</strong>'
            f"{part(q1, len(window))}{ellipsis_after}</blockquote>")


def source_html(source: Source) -> str:
    """A citation for a fact from outside the texts; the link only when it is http(s)."""
    label = plain(source.label)
    if source.url and urlparse(source.url).scheme in ("http", "https"):
        label = f'<a href="{escape(source.url)}" target="_blank" rel="noopener">{label}</a>'
    note = f" — {plain(source.note)}" if source.note else ""
    return f"{label}{note}"


def outside_html(sources: Sequence[Source], note: str | None = None) -> str:
    """The box that says a fact does not come from the texts, and where it does come from."""
    if not sources and not note:
        return ""
    items = "".join(f"<li>{source_html(s)}</li>" for s in sources)
    body = f"<p>{plain(note)}</p>" if note else ""
    return ('<div class="geo-outside"><span class="geo-outside-tag">From outside the texts</span>'
            f'{body}{"<ul>" + items + "</ul>" if items else ""}</div>')


def link(url: str | None, label: str) -> str:
    if not url or urlparse(url).scheme not in ("http", "https"):
        return plain(label)
    return f'<a href="{escape(url)}" target="_blank" rel="noopener">{plain(label)}</a>'


def app_link(**params: str | int) -> str:
    """A link into the app itself (``?view=route&journey=exile-1928&stop=3``)."""
    return "?" + urlencode({k: str(v) for k, v in params.items()})


CSS = """
<style>
.geo-excerpt{border-left:3px solid #6b2c1a;margin:.4rem 0 .8rem 0;padding:.2rem .8rem;color:#222;
  font-family:Georgia,serif;line-height:1.5}
.geo-excerpt mark, .geo-text mark{background:#ffe08a;padding:0 .1em;border-radius:2px}
.geo-text mark.geo-current{background:#ff9f9f}
.geo-text{font-family:Georgia,serif;line-height:1.6;white-space:pre-wrap;max-height:70vh;overflow-y:auto;
  padding-right:.6rem}
.geo-outside{border:1px dashed #7f7f7f;border-radius:4px;padding:.3rem .6rem;margin:.4rem 0;font-size:.9rem}
.geo-outside-tag{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#555}
.geo-credit{font-size:.8rem;color:#555}
</style>
"""
