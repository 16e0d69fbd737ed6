"""One-pass text normalisation with an offset map back to the original text.

``normalize(text)`` applies, in order:

1. NFKC (full-width letters, ligatures, styled maths letters …),
2. removal of zero-width and other invisible format characters,
3. folding of look-alike letters (Cyrillic/Greek homoglyphs) inside words that also hold Latin,
4. leetspeak folding of a digit or symbol standing between two letters (``J0hn`` → ``John``),
5. joining of s p a c e d, d.o.t.t.e.d or d-a-s-h-e-d single letters (``p a t i e n t``).

Every character of the normalised text knows the original span it came from, so a detector that
matched on the normalised form still reports original offsets. ASCII text without spaced letters
takes a fast path with an identity map (leetspeak folding keeps every offset).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from socialrx.model import Span

# Invisible characters that evade matching: zero-width space/joiners, word joiner, BOM, soft
# hyphen, Mongolian vowel separator, and the bidi controls.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
)

# Homoglyphs that NFKC leaves alone (Cyrillic and Greek letters that look Latin).
_LOOKALIKE = str.maketrans(
    "АВЕКМНОРСТУХаеорсухіјѕԁһӏѵԛԝІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧοντιϲ",
    "ABEKMHOPCTYXaeopcyxijsdhlvqwIJSABEZHIKMNOPTYXovtic",
)
_LOOKALIKE_CHARS = frozenset(chr(c) for c in _LOOKALIKE)

# Leetspeak: a digit or symbol between two letters (``Sm1th``, ``p@tient``, ``ca$e``).
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
         "!": "i", "|": "l"}  # fmt: skip
# (the class comes first and the look-behind after it, so the engine scans fast for candidates)
_LEET_RE = re.compile(r"[0134578@$!|](?<=[A-Za-z].)[0134578@$!|]*(?=[A-Za-z])")
# An e-mail address is not leetspeak: one scan finds e-mail addresses (kept as they are) and
# leetspeak runs (folded), so the ``@`` of an address is never folded.
# Nor are medical codes with a digit between letters ("A1C", "HbA1c", "T1D", "H1N1"): kept too.
_LEET_OR_EMAIL = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<code>(?<![A-Za-z0-9])(?:(?:[Hh][Bb])?[Aa]1[Cc]|[Tt]1[Dd]|[Hh]\d{1,2}[Nn]\d{1,2})(?![A-Za-z0-9]))"
    r"|[0134578@$!|](?<=[A-Za-z].)[0134578@$!|]*(?=[A-Za-z])"
)
# Four or more single letters separated by one space, dot, dash, underscore or asterisk.
_SPACED_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z](?P<sep>[ ._*-])[A-Za-z](?:(?P=sep)[A-Za-z]){2,}(?![A-Za-z0-9])"
)
# A cheap necessary condition for _SPACED_RE: separator, letter, separator, letter, separator.
_SPACED_HINT = re.compile(r"[ ._*-][A-Za-z][ ._*-][A-Za-z][ ._*-]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text and, unless it is the identity, where each character came from."""

    text: str
    original_length: int
    starts: tuple[int, ...] | None = None  # starts[i]: original start of normalised char i
    ends: tuple[int, ...] | None = None  # ends[i]: original end of normalised char i

    @property
    def identity(self) -> bool:
        """Offsets map one to one (the text itself may differ by folded leetspeak)."""
        return self.starts is None

    def __repr__(self) -> str:
        return f"Normalized(chars={len(self.text)}, identity={self.identity})"

    def span(self, start: int, end: int) -> Span:
        """The ORIGINAL span of the normalised span ``[start, end)``."""
        if self.starts is None or self.ends is None:
            return Span(start, end)
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else self.original_length
            return Span(pos, pos)
        return Span(self.starts[start], self.ends[end - 1])


def normalize(text: str) -> Normalized:
    """Normalise ``text`` once; see the module docstring for the steps."""
    if text.isascii():
        # NFKC, invisible and look-alike characters are all non-ASCII; leetspeak folding keeps
        # every offset: only joined spaced letters need a map.
        if _LEET_RE.search(text):
            text = _fold_leet(text)
        if not (_SPACED_HINT.search(text) and _SPACED_RE.search(text)):
            return Normalized(text, len(text))
        chars, spaced = text, list(range(len(text)))
        chars, starts, ends = _join_spaced(chars, spaced, [i + 1 for i in spaced])
        return Normalized(chars, len(text), tuple(starts), tuple(ends))
    chars, starts, ends = _unicode_pass(text)
    if _LEET_RE.search(chars):
        chars = _fold_leet(chars)
    chars, starts, ends = _join_spaced(chars, starts, ends)
    return Normalized(chars, len(text), tuple(starts), tuple(ends))


def _unicode_pass(text: str) -> tuple[str, list[int], list[int]]:
    """NFKC, invisible-character removal and look-alike folding, ASCII runs copied in bulk."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in _NON_ASCII.finditer(text):
        a, b = match.span()
        if a > pos and unicodedata.combining(text[a]):
            a -= 1  # a combining mark belongs with the ASCII letter before it
        if a > pos:
            out.append(text[pos:a])
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        _unicode_run(text, a, b, out, starts, ends)
        pos = b
    if pos < len(text):
        out.append(text[pos:])
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    return "".join(out), starts, ends


# A lone character's NFKC form ("" for an invisible one) and whether it holds a look-alike
# letter: the same few characters come back again and again, so each is worked out once.
_FOLDS: dict[str, tuple[str, bool]] = {}
_FOLDS_MAX = 65_536


def _fold_cluster(cluster: str) -> tuple[str, bool]:
    """NFKC of a base character and its combining marks ("" when invisible), and whether the
    result holds a look-alike letter."""
    if cluster in _INVISIBLE or unicodedata.category(cluster[0]) == "Cf":
        return "", False
    folded = unicodedata.normalize("NFKC", cluster)
    return folded, any(c in _LOOKALIKE_CHARS for c in folded)


def _unicode_run(
    text: str, a: int, b: int, out: list[str], starts: list[int], ends: list[int]
) -> None:
    size = len(text)
    folds = _FOLDS
    combining = unicodedata.combining
    i = a
    while i < b:
        j = i + 1
        # keep a base character together with the combining marks that follow it
        while j < size and combining(text[j]):
            j += 1
        cluster = text[i:j]
        known = folds.get(cluster) if j == i + 1 else None
        if known is None:
            known = _fold_cluster(cluster)
            if j == i + 1 and len(folds) < _FOLDS_MAX:
                folds[cluster] = known
        folded, lookalike = known
        if not folded:
            i = j
            continue
        if lookalike and _has_latin_neighbour(text, i, j):
            folded = folded.translate(_LOOKALIKE)
        out.append(folded)
        starts.extend([i] * len(folded))
        ends.extend([j] * len(folded))
        i = j


def _has_latin_neighbour(text: str, i: int, j: int) -> bool:
    """True when the word around ``text[i:j]`` also holds an ASCII letter (a mixed-script word)."""
    left = i - 1
    while left >= 0 and (text[left].isalpha() or unicodedata.category(text[left]) == "Cf"):
        if text[left].isascii():
            return True
        left -= 1
    right = j
    while right < len(text) and (
        text[right].isalpha() or unicodedata.category(text[right]) == "Cf"
    ):
        if text[right].isascii():
            return True
        right += 1
    return False


def _fold_leet(chars: str) -> str:
    """Replace leetspeak characters between letters; lengths and offsets are unchanged."""

    def fold(match: re.Match[str]) -> str:
        if match.group("email") or match.group("code"):
            return match.group()
        return "".join(_LEET[c] for c in match.group())

    return _LEET_OR_EMAIL.sub(fold, chars)


def _join_spaced(
    chars: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    """Drop the separators of spaced-out single letters, keeping the offset map aligned."""
    if not _SPACED_HINT.search(chars):
        return chars, starts, ends
    drop: list[int] = []
    for match in _SPACED_RE.finditer(chars):
        drop.extend(range(match.start() + 1, match.end(), 2))
    if not drop:
        return chars, starts, ends
    out: list[str] = []
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    pos = 0
    for cut in drop:  # ascending: matches come in order and do not overlap
        out.append(chars[pos:cut])
        kept_starts += starts[pos:cut]
        kept_ends += ends[pos:cut]
        pos = cut + 1
    out.append(chars[pos:])
    return "".join(out), kept_starts + starts[pos:], kept_ends + ends[pos:]
