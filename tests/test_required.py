"""Gates are sound: every text a pattern matches opens its gate. The crisis and myth gates are
derived from the patterns (``socialrx.detectors._required``); the outbound checks' are
hand-written and checked here the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialrx.classifiers import crisis, crisis_words, myths, toxicity
from socialrx.detectors import advice, claims, conduct, consent, disclosure, photo, solicitation
from socialrx.detectors._match import Folded, Gate, folded, opens
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
        (r"[Bb]aby\s+[A-Z][a-z]+", {"baby"}),  # capitals count as the letters the stems hold
        (r"caf\u00e9\s+staff", {"caf"}),  # "é" splits words in the stems, so "café" holds "caf"
        (r"\bjab\b[^.]{0,80}?", {"jab"}),  # "\b" after letters ends the word, whatever follows
        (r"[^.]{0,80}?\bcure", {"cure"}),  # "\b" before letters starts one, whatever precedes
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
        r"[A-Z]aby",  # any capital: 26 stems and more
        r"jab[^.]{0,80}?",  # "jabber" holds "jabb"
        r"[^.]{0,80}?cure",  # "secure" holds "secu"
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


# Every gate, derived or hand-written, against texts generated from the pattern it gates
# (hypothesis): the crisis phrases' derived sets, and the hand-written word lists and literals of
# the outbound checks and of the toxicity threat pattern. Before, this found texts no check had
# ever scanned ("i took too many meds", "permanently fix cancer", "fuks", "ekgs", "… before
# posting negative", "leave a fivestar").
Opens = Callable[[Folded], bool]
_ALPHABET = st.sampled_from("abcdefghijklmnopqrstuvwxyz '’-.#*\n0123456789")


def _by(kind_gate: Gate) -> Opens:
    return lambda view: opens(kind_gate, view.stems, view.low)


def _by_stems(needed: frozenset[bytes]) -> Opens:
    return lambda view: not needed.isdisjoint(view.stems)


def _by_kind(kind: str, view: Folded) -> bool:
    return disclosure._gate(kind, view.stems, view.low)


def _by_all(needs: tuple[frozenset[bytes], ...], view: Folded) -> bool:
    return all(not needed.isdisjoint(view.stems) for needed in needs)


def _crisis_gates() -> list[tuple[str, re.Pattern[str], Opens]]:
    """Each crisis phrase, as its kind's pattern finds it, and every set its group needs."""
    out: list[tuple[str, re.Pattern[str], Opens]] = []
    for kind in crisis_words.KINDS:
        for needs, patterns in crisis.phrase_gates(kind).items():
            for pattern in patterns:
                found = re.compile(f"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")
                out.append((f"crisis.{kind.name}", found, partial(_by_all, needs)))
    return out


def _gated() -> list[tuple[str, re.Pattern[str], Opens]]:
    pairs = [(f"claims.{k}", p, _by(g)) for k, p, g in claims._patterns()]
    pairs += [(f"advice.{k}", p, _by(g)) for k, (p, g) in advice._patterns().items()]
    pairs += [(f"conduct.{k}", p, _by(g)) for k, p, g in conduct._patterns()]
    pairs.append(("photo", photo._pattern(), _by(photo._GATE)))
    cues = disclosure._patterns()
    for kind in ("room", "age", "vip"):
        pairs.append((f"disclosure.{kind}", cues[kind], partial(_by_kind, kind)))
    pairs.append(("disclosure.hon", cues["hon"], _by_stems(disclosure._GATES["hon"])))
    pairs.append(("disclosure.inroom", cues["inroom"], _by_stems(disclosure._GATES["inroom"])))
    for name, cased, gate in (
        ("family", disclosure._FAMILY, "family"),
        ("baby", disclosure._BABY, "baby"),
        ("from", disclosure._FROM_PLACE, "from"),
    ):  # these read the original text, so their case-blind forms are checked here
        uncased = re.compile(cased.pattern, re.IGNORECASE)
        pairs.append((f"disclosure.{name}", uncased, _by_stems(disclosure._GATES[gate])))
    pairs.append(("solicitation", solicitation._pattern(), _by_stems(solicitation._gate())))
    pairs.append(("consent", consent._pattern(), _by_stems(consent._gate())))
    pairs.append(("toxicity.threat", toxicity._threat(), _by_stems(toxicity._THREAT_GATE)))
    # derived, like the crisis phrases': a myth is scanned when every set it needs is there
    pairs += [("myths", pattern, partial(_by_all, needs)) for pattern, needs in myths._myths()[0]]
    return pairs


_HAND_WRITTEN = len(_gated())
_GATED = _gated() + _crisis_gates()
_TEXTS = [st.from_regex(pattern, alphabet=_ALPHABET) for _, pattern, _ in _GATED]


@settings(max_examples=2500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_gates_are_sound(data: st.DataObject) -> None:
    """Whatever a gated pattern matches opens its gate."""
    # as many draws for the few hand-written gates as for the 320 crisis phrases
    i = data.draw(
        st.one_of(st.integers(0, _HAND_WRITTEN - 1), st.integers(_HAND_WRITTEN, len(_GATED) - 1))
    )
    name, pattern, gate_opens = _GATED[i]
    text = data.draw(_TEXTS[i])
    view = folded(Document(f"{text}.", "inbound"))
    if pattern.search(view.low):
        assert gate_opens(view), (name, text)
