"""Property-based tests of the geoparser (Hypothesis): any Unicode text, bounded time, true offsets."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.geoparse import default_geoparser

# Pieces that reach the geoparser's rules (names, connectors, hyphens, line breaks, possessives,
# abbreviations, capitals), mixed with arbitrary Unicode so that odd letters meet them too.
PIECES = st.sampled_from([
    "Moscow", "Alma-", "Ata", "Kron-\n", "stadt", "of", "de", "the", "In", "A-", "Fort", "Lake", "River",
    "St.", "Mr.", "Va.", "S. C.", "Mo.", "Charleston,", "South Carolina", "SAN FRANCISCO", "’s", "'s", "-",
    "\n", " ", ", ", ". ", "Ωmega", "İstanbul", "ǅemal", "ß", "\u2028", "\u0301", "Ⅻ", "²", "𝔄", "\x00",
])
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=120).map(" ".join),
    st.lists(PIECES, max_size=200).map("".join),
)


@settings(max_examples=300, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_mentions_whose_offsets_hold(text):
    parser = default_geoparser()
    mentions = parser.find(text)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert -90 <= m.lat <= 90 and -180 <= m.lon <= 180
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
