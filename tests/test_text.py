"""Normalisation: evasions are undone, and every normalised character maps back correctly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialrx.text import _LEET, normalize


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("plain ascii text", "plain ascii text"),
        ("J0hn Sm1th", "John Smith"),
        # medical codes with a digit between letters are not leetspeak
        ("my A1C is 7.2, HbA1c too", "my A1C is 7.2, HbA1c too"),
        ("T1D and h1n1", "T1D and h1n1"),
        ("a1cat", "aicat"),  # a code only as a whole word
        ("p@tient", "patient"),
        ("our p a t i e n t Maria", "our patient Maria"),
        ("p.a.t.i.e.n.t", "patient"),
        ("p-a-t-i-e-n-t", "patient"),
        ("pa\u200btient", "patient"),
        ("pa\u00adtient", "patient"),
        ("\ufeffhello", "hello"),
        ("Ｍａｒｉａ", "Maria"),  # full-width
        ("Маria", "Maria"),  # Cyrillic М in a Latin word
        ("ﬁnal", "final"),  # ligature
        ("e\u0301mile", "émile"),  # combining accent composed
        ("𝐌𝐚𝐫𝐢𝐚", "Maria"),  # mathematical bold
    ],
)
def test_evasions_are_folded(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    "original",
    [
        "call 555-0100 today",  # digits not between letters stay
        "Room 4B",
        "COVID19",
        "write to jane@example.com",  # the @ of an e-mail is kept
        "Москва",  # an all-Cyrillic word is not folded
        "I am a nurse",  # fewer than four single letters: not joined
    ],
)
def test_text_that_is_not_an_evasion_is_kept(original: str) -> None:
    assert normalize(original).text == original


def test_ascii_without_evasions_takes_the_identity_fast_path() -> None:
    norm = normalize("Flu clinic open Saturday 9-12 at the Main Street campus.")
    assert norm.identity
    assert norm.span(4, 10) == (norm.span(4, 10))  # identity maps offsets to themselves
    assert (norm.span(4, 10).start, norm.span(4, 10).end) == (4, 10)


@pytest.mark.parametrize(
    ("original", "word", "original_word"),
    [
        ("our p a t i e n t Maria", "patient", "p a t i e n t"),
        ("hi J0hn Sm1th!", "John Smith", "J0hn Sm1th"),
        ("x pa\u200btient y", "patient", "pa\u200btient"),
        ("see Ｍａｒｉａ now", "Maria", "Ｍａｒｉａ"),
        ("the ﬁnal dose", "final", "ﬁnal"),
    ],
)
def test_spans_map_back_to_the_original_text(original: str, word: str, original_word: str) -> None:
    norm = normalize(original)
    start = norm.text.index(word)
    span = norm.span(start, start + len(word))
    assert original[span.start : span.end] == original_word


_EVASIVE = st.text(
    alphabet=st.sampled_from(
        [*"abcJ0h1n S@m.-_3", "\u200b", "\u00ad", "Ｍ", "а", "ﬁ", "\u0301", "𝐌", "\ufeff", "\u202e"]
    ),
    max_size=60,
)


@given(st.one_of(st.text(max_size=80), _EVASIVE))
def test_offset_map_is_consistent(text: str) -> None:
    norm = normalize(text)
    if norm.identity:  # offsets map one to one; only leetspeak characters may differ
        assert len(norm.text) == len(text)
        for before, after in zip(text, norm.text, strict=True):
            assert before == after or (text.isascii() and _LEET.get(before) == after)
        return
    assert norm.starts is not None
    assert norm.ends is not None
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    previous = 0
    for i in range(len(norm.text)):
        span = norm.span(i, i + 1)
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous  # monotone
        previous = span.start
    whole = norm.span(0, len(norm.text))
    assert 0 <= whole.start <= whole.end <= len(text)
    assert norm.span(len(norm.text), len(norm.text)).start <= len(text)
