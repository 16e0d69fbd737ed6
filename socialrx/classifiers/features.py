"""Tokens and hashed word n-gram features shared by every trained linear model.

One pass per document, cached in ``Document.memo``: the sentiment, toxicity and misinformation
models all read the same ``Features``. Training (``socialrx.training``) calls the very same
functions on the training text, so a shipped model scores exactly what scikit-learn scored.

- Tokens: lower-cased words (with hashtags, cashtags and contractions), links as ``httpurl``,
  mentions as ``@user`` (as tweeteval writes them), emoticons, ``!``/``?`` in runs of at most
  two, and any other single symbol (emoji, punctuation).
- Negation marking: after a negator (``not``, ``never``, ``don't`` …) every word up to the next
  punctuation mark gets the prefix ``not_``, so "not good" and "good" are different features.
- Features: unigrams and bigrams (with start and end markers), hashed with CRC-32 (stable across
  processes and platforms, unlike ``hash()``) into ``2**BITS`` buckets; a document's vector is
  binary and L2-normalised (each present bucket has the value ``1/sqrt(n)``).

No word is stored anywhere: a model holds bucket numbers and weights only.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from socialrx.model import Document

BITS = 18
MASK = (1 << BITS) - 1
_MEMO_KEY = "classifiers.features"
_PRIME = 1_000_003
_START = 0x5EED
_END = 0xE0D

_TOKEN = re.compile(
    r"[a-z0-9]+(?:['’][a-z]+)*"  # a word or contraction (most tokens: first)
    r"|[#$@][a-z0-9_]+"  # a hashtag, cashtag or mention
    r"|[:;=][-o^']?[)(\]\[dpb/\\|*3]+(?![a-z0-9])"  # an emoticon
    r"|<3"
    r"|[!?]{1,2}"
    r"|[^\sa-z0-9]"  # an emoji or a punctuation mark
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENTION = re.compile(r"@\w+")
_NEGATORS = [
    "not",
    "no",
    "never",
    "nothing",
    "nobody",
    "none",
    "nor",
    "neither",
    "nowhere",
    "cannot",
    "cant",
    "dont",
    "doesnt",
    "didnt",
    "isnt",
    "wasnt",
    "arent",
    "werent",
    "wont",
    "wouldnt",
    "shouldnt",
    "couldnt",
    "aint",
    "havent",
    "hasnt",
    "hadnt",
]
_NEGATOR_SET = frozenset(_NEGATORS)
_SCOPE_END = frozenset(".,;:!?")
NEGATED = "not_"
_HASHES: dict[str, int] = {}  # token → CRC-32, a bounded cache (a pure function's memo)
_HASHES_MAX = 200_000


@dataclass(frozen=True, slots=True)
class Features:
    """A document's token hashes (CRC-32 of each negation-marked token) and feature buckets."""

    hashes: tuple[int, ...]
    buckets: frozenset[int]

    @property
    def scale(self) -> float:
        """The value of every present bucket (binary features, L2-normalised)."""
        return len(self.buckets) ** -0.5 if self.buckets else 0.0


def tokens(text: str) -> list[str]:
    """The negation-marked tokens of ``text`` (see the module docstring)."""
    low = text.lower()
    if "http" in low or "www." in low:
        low = _URL.sub(" httpurl ", low)
    if "@" in low:
        low = _MENTION.sub("@user", low)
    found: list[str] = _TOKEN.findall(low)
    if _NEGATOR_SET.isdisjoint(found) and "n't" not in low and "n’t" not in low:
        return found
    out: list[str] = []
    negated = False
    for token in found:
        if token in _SCOPE_END:
            negated = False
        elif negated:
            out.append(NEGATED + token)
            continue
        elif token in _NEGATOR_SET or token.endswith(("n't", "n’t")):
            negated = True
        out.append(token)
    return out


def token_hash(token: str) -> int:
    """CRC-32 of a token's UTF-8 bytes (stable across processes, unlike ``hash``)."""
    return zlib.crc32(token.encode())


def token_hashes(words: list[str]) -> tuple[int, ...]:
    cache = _HASHES
    if len(cache) > _HASHES_MAX:
        cache.clear()
    out = []
    for word in words:
        h = cache.get(word)
        if h is None:
            h = cache[word] = zlib.crc32(word.encode())
        out.append(h)
    return tuple(out)


def buckets(hashes: tuple[int, ...]) -> frozenset[int]:
    """The unigram and bigram buckets of a sequence of token hashes (none for no tokens)."""
    if not hashes:
        return frozenset()
    pairs = zip((_START, *hashes), (*hashes, _END))  # noqa: B905 - equal lengths
    return frozenset([h & MASK for h in hashes] + [((a * _PRIME) ^ b) & MASK for a, b in pairs])


def featurize(text: str) -> Features:
    hashes = token_hashes(tokens(text))
    return Features(hashes, buckets(hashes))


def features(document: Document) -> Features:
    """The document's features, computed once and shared through ``Document.memo``."""
    found: Features | None = document.memo(_MEMO_KEY)
    if found is None:
        found = featurize(document.text)
        document.remember(_MEMO_KEY, found)
    return found
