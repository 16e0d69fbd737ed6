"""Complaints (label ``complaint``): an inbound post complaining to or about the organisation or
one of its services ("waited 3 hours and nobody told us anything", "@CityHospital you charged me
twice").

No model is trained: the score is a weighted sum of general cue families, squashed by a logistic
so that 0.5 is the decision point:

- negative evaluation ("rude", "worst", "unacceptable"), positive words under a negation ("not
  happy"), and plain negations ("never", "nobody", "didn't");
- failure and expectation-violation cues ("still waiting", "not working", "charged twice",
  "cancelled", "no callback", "why is my …");
- a service the post is about (billing, staff, order, appointment) and an addressee (an
  ``@handle`` or "you/your");
- frustration punctuation ("??", "?!", "!!!");
- against: praise and gratitude, links (news, shares), retweets and hashtag runs.

A post needs something wrong (a grievance) to be a complaint; being addressed to a desk or
naming a service only strengthens it. Symptoms and medicines pull the other way: a health story
full of "still", "not" and "pain" is not a grievance against anyone.

This module also owns the word scan the three lexicon labels share (``triage``): every word,
pair and triple of words of the post is looked up once in the word lists of
``classifiers/data`` (merged into one table of packed counts), and the scan and the complaint
logit are kept on the document, so ``praise`` and ``medical_question`` reuse them.

A trained sentiment model can join as one more feature: ``complaint_evidence`` takes an
optional probability that the post is negative, weighted by ``SENTIMENT_WEIGHT``. It is not
wired in yet (the bias would need recalibrating); when it is, ``triage`` must compute it itself
rather than read what another classifier may or may not have left on the document, so that a
label never depends on the order a policy lists its classifiers in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise, repeat
from typing import NamedTuple

from socialrx.model import Document, Label
from socialrx.registry import classifier, document_code

_NAME = "complaint"
# The word lists, one per cue family (classifiers/data/<name>.txt); index = position here.
LISTS = (
    "complaint_negative",
    "complaint_failure",
    "complaint_weak",
    "complaint_service",
    "complaint_positive",
    "complaint_chat",
    "praise_gratitude",
    "praise_positive",
    "praise_target",
    "question_request",
    "question_admin",
    "question_medical",
    "question_body",
    "complaint_idiom",
    "complaint_product",
)
NEGATIVE, FAILURE, WEAK, SERVICE, POSITIVE, CHAT, GRATITUDE, PRAISED, TARGET = range(9)
REQUEST, ADMIN, MEDICAL, BODY, IDIOM, PRODUCT = range(9, 15)
# Word classes the scan tracks by position (not lists of their own): index after the lists.
NEGATOR, YOU, MINE, FIRST, LONGER = range(15, 20)
_FIELD = 24  # bits per list in a packed count: room for any post under the 1 MiB limit
_MASK = (1 << _FIELD) - 1
_SHIFTS = tuple(_FIELD * index for index in range(LONGER + 1))
_MASK_AT = tuple(_MASK << shift for shift in _SHIFTS)
_NEGATOR_BIT, _MINE_BIT = 1 << _SHIFTS[NEGATOR], 1 << _SHIFTS[MINE]
_OWNABLE_BITS = _MASK_AT[SERVICE] | _MASK_AT[PRODUCT]
_PRAISE_BITS = _MASK_AT[POSITIVE] | _MASK_AT[GRATITUDE]
_CLASSES = {
    NEGATOR: "not no never nobody nothing none nowhere neither nor cannot cant can't dont don't "
    "didnt didn't doesnt doesn't isnt isn't wasnt wasn't werent weren't wont won't wouldnt "
    "wouldn't couldnt couldn't shouldnt shouldn't havent haven't hasnt hasn't hadnt hadn't "
    "arent aren't aint ain't",
    YOU: "you your yours you're youre y'all yall",
    MINE: "my our",
    FIRST: "i my me we our i'm im i've ive i'd mine myself us",
}
# Punctuation that separates words ("@", "'", "-", "/" and "+" stay inside words).
_PUNCTUATION = b'!"#$%&()*,.:;<=>?[\\]^_`{|}~'
_SEPARATORS = bytes.maketrans(_PUNCTUATION, b" " * len(_PUNCTUATION))
_FRUSTRATED = re.compile(r"\?\s*[?!]|!\s*!\s*!|!\s*\?")
_ELAPSED = re.compile(r"\d[\s-]?\+?\s?(?:mins?|minutes|hrs?|hours?|days?|weeks?|wks?|months?)\b")
# Time spelt out: "two hours", "several weeks" (looked for only when a unit word is there).
_UNITS = frozenset(["minutes", "hours", "days", "weeks", "months"])
_SPELT = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|"
    r"several|many|few)\s+(?:minutes|hours|days|weeks|months)\b"
)
_DIGIT = re.compile(r"[0-9$\u00a3\u20ac]")
_MONEY = re.compile(r"[$\u00a3\u20ac]\s?\d")
_DESK = re.compile(
    r"@[a-z0-9_]*(?:help|support|care|cares|service|assist|team|official|customer|answers|"
    r"info|desk|hq)"
)
# After a praise word, these make it sarcasm: "great, another delay", "thanks for nothing".
_SARCASM_NEXT = frozenset(
    ["another", "again", "nothing", "waiting", "wasting", "losing", "ignoring", "charging"]
)
_SOUR = re.compile("[\U0001f620\U0001f621\U0001f92c\U0001f624\U0001f644\U0001f612\U0001f611"
                   "\U0001f61e\U0001f629\U0001f62b\U0001f622\U0001f62d\U0001f44e\U0001f4a9"
                   "\U0001f926\U0001f615\U0001f61f]")  # fmt: skip
_SWEET = re.compile("[\u2764\u263a\U0001f60d\U0001f495\U0001f496\U0001f497\U0001f499\U0001f49a"
                    "\U0001f49b\U0001f49c\U0001f60a\U0001f64f\U0001f44d\U0001f389\U0001f603"
                    "\U0001f601\U0001f970\U0001f4af\U0001f44f\U0001f917\U0001f618]")  # fmt: skip
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list merged: word, pair or triple of words → the lists and word classes
    holding it, packed into one integer with a bit field per list (``bit``), so that summing
    the words' integers counts every list at once."""

    words: dict[str, int]
    pairs: dict[tuple[str, str], int]
    triples: dict[tuple[str, str, str], int]
    idioms: frozenset[tuple[str, ...]]  # the first two words of each negated idiom


class Scan(NamedTuple):
    """What the shared word scan found in one post. It holds the lower-cased text and its words
    for the labels' own checks; its ``repr`` shows counts only, never text."""

    low: str  # the normalised text, lower-cased (for the labels' own pattern checks)
    tokens: list[str]  # its words, punctuation dropped
    counts: list[int]  # hits per list of ``LISTS`` (and per word class)
    flipped: int  # positive words under a negation ("not happy")
    owned: int  # a service the poster owns: "my order", "my bill", "our flight"
    sarcasm: int  # praise words used sarcastically ("great, another 3-hour wait")
    addressed: bool  # an @handle or "you/your"
    desk: bool  # an @handle of a customer-care desk ("@AcmeHelp", "@CitySupport")
    elapsed: bool  # a stretch of time or money: "45 minutes", "3 weeks", "$80"
    frustrated: bool  # "??", "?!", "!!!"
    sour: int  # angry, sad or eye-rolling emoji, thumbs down
    sweet: int  # hearts, smiles, thumbs up, praying hands, party
    link: bool
    hashtags: int
    retweet: bool

    def __repr__(self) -> str:  # never the text
        return f"Scan(words={len(self.tokens)}, counts={self.counts})"

    @property
    def words(self) -> int:
        return len(self.tokens)

    @property
    def negations(self) -> int:
        return self.counts[NEGATOR]


def _read(name: str) -> list[str]:
    """The entries of one word list: separated by commas or new lines; "# " starts a comment
    line."""
    raw = resources.files("socialrx.classifiers").joinpath("data", f"{name}.txt").read_text()
    lines = (line for line in raw.splitlines() if not line.startswith("# "))
    return [" ".join(e.split()) for line in lines for e in line.split(",") if e.strip()]


def bit(index: int) -> int:
    """The packed count of one hit in list or word class ``index`` (see ``Lexicon``)."""
    return 1 << (_FIELD * index)


def _packed(where: set[int]) -> int:
    return sum(map(bit, where))


def _entries() -> dict[str, set[int]]:
    """Every word and phrase of the word lists → the lists (and word classes) holding it; a
    single word's plural in "s" is added when the list does not spell it."""
    found: dict[str, set[int]] = {}
    for index, name in enumerate(LISTS):
        for entry in _read(name):
            found.setdefault(entry, set()).add(index)
            if " " not in entry and len(entry) > 2 and entry[-1] not in "sy'":
                found.setdefault(entry + "s", set()).add(index)
    for index, spaced in _CLASSES.items():
        for word in spaced.split():
            found.setdefault(word, set()).add(index)
    for entry in list(found):
        first, *rest = entry.split(" ")
        if len(rest) == 2:  # its first two words are worth a look for the third
            found.setdefault(f"{first} {rest[0]}", set()).add(LONGER)
    return found


@cache
def lexicon() -> Lexicon:
    """The merged word lists, packed (read once, on first use). A negated idiom ("no
    problem", "can't wait") takes back the counts of the words it is made of."""
    found = _entries()
    words = {w: _packed(ix) for w, ix in found.items() if " " not in w}
    pairs: dict[tuple[str, str], int] = {}
    triples: dict[tuple[str, str, str], int] = {}
    idioms: set[tuple[str, ...]] = set()
    for entry, where in found.items():
        key = tuple(entry.split(" "))
        value = _packed(where - {IDIOM})
        if IDIOM in where:
            value -= sum(words.get(w, 0) for w in key)
            idioms.add(key[:2])
        if len(key) == 2:
            pairs[key[0], key[1]] = value
        elif len(key) == 3:
            triples[key[0], key[1], key[2]] = value
    return Lexicon(words, pairs, triples, frozenset(idioms))


class Triage(NamedTuple):
    """The shared word scan of a post and its complaint logit (praise and medical questions
    weigh it too)."""

    found: Scan
    complaint: float

    def __repr__(self) -> str:  # never the text
        return f"Triage({self.found!r}, complaint={self.complaint:.3f})"


def triage(document: Document) -> Triage:
    """The word scan and complaint logit of ``document``, computed once per document."""
    cached = document.memo("triage.scan")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    low = document.norm.text.lower()
    found = _scan(low if low.isascii() else low.replace("\u2019", "'"))
    result = Triage(found, complaint_evidence(found))
    document.remember("triage.scan", result)
    return result


def scan(document: Document) -> Scan:
    """The shared word scan of ``document`` (computed once per document)."""
    return triage(document).found


def _scan(low: str) -> Scan:
    lex = lexicon()
    words = lex.words
    plain = low if low.isascii() else _NON_ASCII.sub(" ", low)  # emoji glued to words
    tokens = plain.encode().translate(_SEPARATORS).decode().split()
    hits = list(map(words.get, tokens, repeat(0)))
    total = sum(hits)  # every list's count at once, in its own bit field
    if len(tokens) > 1:
        total += _phrases(lex, tokens)
    praised = total & (_MASK_AT[POSITIVE] | _MASK_AT[GRATITUDE])
    flipped = sarcasm = owned = 0
    if praised and total & _MASK_AT[NEGATOR]:
        flipped, less = _flips(hits, tokens, lex.idioms)
        total -= less
    if total & _MASK_AT[MINE] and total & _OWNABLE_BITS:
        owned = _owned(hits)
    if praised and not _SARCASM_NEXT.isdisjoint(tokens):
        sarcasm = _sarcasm(hits, tokens)
    counts = list(map(_MASK.__and__, map(total.__rshift__, _SHIFTS)))
    return _finish(low, tokens, counts, (flipped, owned, sarcasm))


def _phrases(lex: Lexicon, tokens: list[str]) -> int:
    """The packed counts of the two- and three-word phrases (looked up as word tuples)."""
    total = sum(map(lex.pairs.get, pairwise(tokens), repeat(0)))
    if total & _MASK_AT[LONGER]:  # some pair starts a three-word phrase
        triples = zip(tokens, tokens[1:], tokens[2:], strict=False)
        total += sum(map(lex.triples.get, triples, repeat(0)))
    return total


def _flips(
    hits: list[int], tokens: list[str], idioms: frozenset[tuple[str, ...]]
) -> tuple[int, int]:
    """Positive words within three words after a negator ("not happy", "never helpful"): how
    many, and their packed counts, which no longer count as positive or as praise. A negator
    that opens an idiom ("can't wait") or an emphasis ("can't thank you enough") flips none."""
    flipped = less = 0
    last_negator = -9
    for i, hit in enumerate(hits):
        if not hit:
            continue
        if hit & _NEGATOR_BIT:
            if tuple(tokens[i : i + 2]) not in idioms and "enough" not in tokens[i + 1 : i + 5]:
                last_negator = i
        elif i - last_negator <= 3 and hit & _PRAISE_BITS:
            flipped += 1
            less += hit
    return flipped, less


def _owned(hits: list[int]) -> int:
    """What the poster owns: a service or product word within two words after "my" or "our"
    ("my bill", "our flight", "my new laptop")."""
    owned, last_mine = 0, -9
    for i, hit in enumerate(hits):
        if not hit:
            continue
        if hit & _MINE_BIT:
            last_mine = i
        elif hit & _OWNABLE_BITS and i - last_mine <= 2:
            owned += 1
    return owned


def _sarcasm(hits: list[int], tokens: list[str]) -> int:
    """Praise words followed by a let-down: "great, another delay", "thanks for nothing"."""
    return sum(
        1
        for i, hit in enumerate(hits)
        if hit and hit & _PRAISE_BITS and not _SARCASM_NEXT.isdisjoint(tokens[i + 1 : i + 4])
    )


def _finish(low: str, tokens: list[str], counts: list[int], marks: tuple[int, int, int]) -> Scan:
    handles = "@" in low
    rich = not low.isascii()
    return Scan(
        low,
        tokens,
        counts,
        *marks,
        handles or counts[YOU] > 0,  # addressed
        handles and _DESK.search(low) is not None,  # desk
        _elapsed(low, tokens),
        ("??" in low or "!!" in low or "?!" in low or "!?" in low)  # frustrated
        and _FRUSTRATED.search(low) is not None,
        len(_SOUR.findall(low)) if rich else 0,  # sour
        len(_SWEET.findall(low)) if rich else 0,  # sweet
        "http" in low or "www." in low or ".com" in low,  # link
        low.count("#"),  # hashtags
        low.startswith("rt "),  # retweet
    )


def _elapsed(low: str, tokens: list[str]) -> bool:
    """A stretch of time or an amount of money: "45 minutes", "two weeks", "$80"."""
    if _DIGIT.search(low) and (_ELAPSED.search(low) or _MONEY.search(low)):
        return True
    return not _UNITS.isdisjoint(tokens) and _SPELT.search(low) is not None


SENTIMENT_WEIGHT = 2.0  # logit per unit of (P(negative) - 0.5), used only when one is given
_BIAS = -0.9
_SYMPTOMS = 0.5
_UNAIMED = 0.6  # grievance with no service in sight counts for less ("rainy monday ugh")


def _grievance(found: Scan) -> float:
    """How much the post says something went wrong: negative words, failures, negations."""
    c = found.counts
    z = 1.0 * min(c[NEGATIVE] + found.flipped, 3) + 0.7 * min(c[FAILURE], 3)
    z += 0.35 * min(c[WEAK], 3) + 0.5 * min(c[NEGATOR], 2)
    if found.sarcasm or found.sour:
        z += 1.5 * min(found.sarcasm, 2) + 0.6 * min(found.sour, 2)
    return z + 0.6 * found.elapsed + 0.5 * found.frustrated


def complaint_evidence(found: Scan, negative: float | None = None) -> float:
    """The complaint logit: > 0 means a complaint. ``negative`` is an optional probability,
    from a sentiment model, that the post is negative."""
    c = found.counts
    grievance = _grievance(found)
    # aimed at a service: a care desk, a service word, "my order"
    aim = 0.5 * found.desk + 0.15 * min(c[SERVICE], 2) + 0.5 * (found.owned > 0)
    z = _BIAS + (grievance + aim + 0.4 if aim and grievance else grievance * _UNAIMED)
    z += 0.4 * found.addressed
    words = len(found.tokens)
    z += 0.25 * min(words - 12, 24) / 8 if words > 12 else -0.6 * (words < 6)
    praise = min(c[POSITIVE] + found.sweet, 3) - found.sarcasm
    z -= 0.8 * (praise if praise > 0 else 0) + 0.6 * min(c[GRATITUDE], 2)
    # symptoms and medicines make a health story, not a grievance, unless something failed
    symptoms = _SYMPTOMS if not (c[FAILURE] or c[NEGATIVE]) else _SYMPTOMS / 2
    z -= 0.5 * min(c[CHAT], 3) + symptoms * min(c[MEDICAL], 4)
    if found.link or found.retweet or found.hashtags:
        z -= 0.9 * found.link + 0.8 * found.retweet + 0.3 * min(found.hashtags, 3)
    if negative is not None:
        z += SENTIMENT_WEIGHT * (negative - 0.5)
    return z if grievance > 0 else min(z, -1.0)  # no complaint without something wrong


def complaint_score(found: Scan, negative: float | None = None) -> float:
    """The calibrated complaint score in [0, 1] (0.5 is the decision point)."""
    return 1.0 / (1.0 + math.exp(-complaint_evidence(found, negative)))


@classifier(_NAME, codes=(_NAME,))
def complaint(document: Document) -> Iterator[Label]:
    """Complaints to or about the organisation: failure and delay cues, negative evaluation,
    negations, an addressee and frustration, weighed against praise and links."""
    found, logit = triage(document)
    if found.tokens:
        yield Label(_NAME, 1.0 / (1.0 + math.exp(-logit)))


document_code(
    _NAME,
    summary="A complaint to or about the organisation or a service: delays, billing errors, "
    "rude staff, no callback, things not working.",
    example="@CityClinic still no callback about my results after two weeks, this is ridiculous",
    false_positives="Negative posts about the poster's own life that mention a service in "
    "passing; sarcastic praise is usually (rightly) a complaint.",
    details="Lexicon and cue rules weighed into a logistic score; no trained model. A "
    "sentiment model's negative probability can be added as one more feature.",
)
