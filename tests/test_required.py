"""The gate words a phrase cannot match without (``socialrx.detectors._required``): derived from
the pattern, and sound: every text a crisis phrase matches holds one of its phrase's stems."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialrx.classifiers import crisis, crisis_words
from socialrx.detectors._match import folded
from socialrx.detectors._required import required_stems
from socialrx.model import Document


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("pills", {"pill"}),
        (r"i\s+am\s+on\s+the\s+pills", {"pill"}),  # not an everyday word
        (r"(?:kill|end)\s+my\s*self", {"kill", "end"}),  # one per alternative
        (r"no\s+(?:reason|point)\s+to\s+live", {"live"}),
        (r"i\s+am", {"am"}),  # only everyday words: still a gate
        (r"(?:commit|comit)\s+suicide", {"suic"}),
        (r"su[ie]?cide", {"suic", "suec", "suci"}),  # short classes are spelt out
        (r"can['’]?t\s+breathe", {"brea"}),
        (r"(?:whole\s+)?bottle", {"bott"}),  # an optional word is no gate
        (r"od['’]e?d", {"od"}),
        (r"kms", {"kms"}),
    ],
)
def test_required_stems(pattern: str, expected: set[str]) -> None:
    assert required_stems(pattern) == frozenset(s.encode() for s in expected)


@pytest.mark.parametrize(
    "pattern",
    [
        r".+",  # anything at all
        r"[a-z]+\s+[a-z]+",  # any two words
        r"(?:pain|.*)",  # one alternative has no word
        r"(?:whole\s+)?",  # only optional words
        r"\d{3}-\d{4}",  # no letters
        r"x[a-z]*",  # a word whose stem cannot be known ("x", "xa", "xab" …)
    ],
)
def test_patterns_without_a_provable_word_have_none(pattern: str) -> None:
    assert required_stems(pattern) is None


def test_a_word_inside_a_longer_word_is_no_gate() -> None:
    # "ache" follows letters here, so the text's word may be "headache": its stem is "head"
    assert required_stems(r"head(?:ache)?") == frozenset({b"head"})
    assert required_stems(r"[a-z]+ache") is None


_PHRASES = [
    (kind.name, phrase, crisis._phrase(phrase))
    for kind in crisis_words.KINDS
    for phrase in kind.phrases
]


def test_every_crisis_phrase_has_a_gate() -> None:
    for name, phrase, pattern in _PHRASES:
        assert required_stems(pattern), (name, phrase)
    for kind in crisis_words.KINDS:
        groups = crisis.phrase_gates(kind)
        assert all(groups) and sum(map(len, groups.values())) == len(kind.phrases), kind.name


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_crisis_gates_are_sound(data: st.DataObject) -> None:
    """Whatever a crisis phrase matches holds one of the stems it is gated on."""
    name, phrase, pattern = data.draw(st.sampled_from(_PHRASES))
    alphabet = st.sampled_from("abcdefghijklmnopqrstuvwxyz '’\n0123456789")
    text = data.draw(st.from_regex(re.compile(pattern), fullmatch=True, alphabet=alphabet))
    view = folded(Document(f"{text}.", "inbound"))
    compiled = re.compile(f"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")
    if compiled.search(view.low):
        needed = crisis.phrase_gates(next(k for k in crisis_words.KINDS if phrase in k.phrases))
        for needs, patterns in needed.items():
            if pattern in patterns:  # every set the phrase's group needs is met
                assert all(s & view.stems for s in needs), (name, phrase, text)
