"""Review solicitation (review.solicitation): incentivised, staged, gated or fake reviews."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import folded, literal_trie, stems
from socialrx.model import OUTGOING, Document, Finding
from socialrx.registry import detector, document_code

_NAME = "solicitation"
_CODE = "review.solicitation"
_FIVE = r"(?:5|five)[- ]?stars?"
_STARS = rf"(?:{_FIVE}|positive|good|great|glowing|raving|favou?rable|stellar)"
_REWARD = (
    r"free|gift\s*cards?|discount|\$\s?\d+|\d+\s?%\s+off|coupon|voucher|prize|raffle|drawing|"
    r"giveaway|reward|credit|chance\s+to\s+win|entry|entered|swag|t-?shirt|mug|tote|points|cash"
)


_GATE = "review reviews rate rating ratings star stars five feedback negative"


@cache
def _gate() -> frozenset[bytes]:
    return stems(_GATE)


_FAKE = re.compile(r"\b(?:fake|paid|staged|sponsored|incentivi[sz]ed|buy(?:ing)?)\b")


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(
        literal_trie(
            rf"""
        \b(?:leave|post|write|give|drop|share|submit)\s+(?:us\s+)?(?:an?\s+)?
            (?:{_FIVE}(?:\s+(?:reviews?|ratings?))?|{_STARS}\s+(?:reviews?|ratings?)|reviews?|
            ratings?)\b[^.!?\n]{{0,50}}\b(?:get|receive|earn|win|enter|for\s+a|
            and\s+(?:we'll|we\s+will)|in\s+exchange)\b[^.!?\n]{{0,30}}\b(?:{_REWARD})
      | \b(?:{_REWARD})\b[^.!?\n]{{0,40}}\b(?:for|with)\s+(?:every|each|any|your|a|an)\s+
            (?:{_STARS}\s+)?(?:reviews?|ratings?)\b
      | \bin\s+exchange\s+for\s+(?:an?\s+|your\s+)?(?:honest\s+)?(?:{_STARS}\s+)?(?:reviews?|ratings?)
      | \b(?:reviews?|ratings?)\s+(?:for|=|and\s+get|to\s+get|to\s+receive|to\s+enter)\s+
            (?:an?\s+)?(?:{_REWARD})\b
      | \bonly\s+(?:post|leave|write|share|give)\s+(?:us\s+)?{_STARS}\s+(?:reviews?|ratings?|
            feedback)
      | \b(?:if\s+you(?:'re|’re|\s+are)\s+(?:happy|satisfied|pleased)[^.!?\n]{{0,40}}\b(?:review|
            rate)\b[^.!?\n]{{0,60}}\bif\s+(?:not|you(?:'re|’re|\s+are)\s+(?:not|un)))
      | \b(?:unhappy|not\s+satisfied|dissatisfied|negative\s+feedback)\b[^.!?\n]{{0,40}}\b(?:instead
            \s+of|rather\s+than|before)\s+(?:posting|leaving|writing)\s+(?:a\s+)?(?:review|
            negative)
      | \b(?:staff|employees?|every\s+employee|each\s+employee|everyone\s+on\s+the\s+team|
            team\s+members?|nurses|family\s+and\s+friends|friends\s+and\s+family)\s+(?:should|must|
            need\s+to|are\s+asked\s+to|please)\s+(?:\w+\s+){{0,2}}(?:leave|post|write)\s+
            (?:us\s+)?(?:\w+\s+){{0,4}}?reviews?
      | (?:happy|satisfied|pleased|love\s+us|enjoyed)\b[^.!?\n]{{0,40}}[.!?]\s*(?:please\s+)?
            (?:leave|post|write|give)\s+(?:us\s+)?(?:an?\s+)?(?:review|rating)[^\n]{{0,80}}\b
            (?:not\s+happy|unhappy|not\s+satisfied|dissatisfied|disappointed)\b
      | \b(?:fake|paid|staged|sponsored|incentivi[sz]ed)\s+reviews?\b
      | \b(?:post|write|leave)\s+(?:a\s+)?reviews?\s+(?:as|posing\s+as|pretending\s+to\s+be|from\s+
            (?:a\s+)?(?:different|another|your\s+personal|a\s+friend'?s?))\b
      | \bbuy(?:ing)?\s+(?:google\s+|yelp\s+)?reviews\b
      | \bhelp\s+us\s+(?:bury|drown\s+out|push\s+down)\s+(?:the\s+)?(?:bad|negative)\s+reviews\b
        """
        )
    )


# One sentence that asks for a review (or a rating, or stars) and offers something for it:
# "mention your 5-star review at checkout and get 20% off", "give us 5 stars and your copay is
# on us", "we'll waive the fee for anyone who updates their review".
_REVIEW_WORD = re.compile(
    rf"\b(?:reviews?|reviewed|reviewing|review\s+us|rate\s+us|ratings?|{_FIVE}|stars\s+on)\b"
)
_OFFER = re.compile(
    rf"\b(?:{_REWARD}|on\s+us|waive[ds]?|waiving|copays?|co-pays?|coffee\s+cards?|"
    r"(?:a|your|next)\s+(?:free\s+)?(?:visit|facial|cleaning|consult(?:ation)?|session)\s+"
    r"(?:is\s+)?(?:free|on\s+us)|win|winner|enter(?:ed)?\s+to\s+win|half[- ](?:price|off)|"
    r"bogo|buy\s+one)\b|\d+\s?%\s*off|[$£€]\s?\d+"
)
# ... when the sentence asks the reader to write it ("read reviews of our doctors and book a
# free consult" asks for none) ...
_WRITE = re.compile(
    r"\b(?:leaves?|leaving|posts?|posted|posting|writes?|written|writing|give|gives|drop|share|"
    r"submit|mention|show|update|updates|change|edit|rate|review\s+us|reviews\s+us|reviewed\s+us|"
    r"tag|tags|add)\b"
)
# ... unless the sentence rules it out ("we never pay for or filter our reviews").
_RULED_OUT = re.compile(
    r"\b(?:never|not|don't|don’t|do\s+not|doesn't|won't|cannot|can't|no\s+(?:one|incentives?|"
    r"rewards?)|against|prohibit\w*|illegal|hurt|harm|report|beware|warn\w*)\b"
)
# Gated: a review asked of happy patients only, or a review for the happy and a private
# channel for the unhappy ("Loved your visit? Review us! Had a problem? DM us … before you
# post").
_HAPPY_ONLY = re.compile(
    r"\b(?:ask|invite|text|email|send)\s+(?:your\s+|our\s+|the\s+|only\s+)*(?:happy|satisfied|"
    r"pleased|favou?rite|best|nicest|loyal)\s+(?:patients|clients|customers|families|ones)\s+"
    r"(?:for|to\s+(?:leave|write|post|give))\s+(?:us\s+)?(?:an?\s+|their\s+)?(?:\w+\s+)?"
    r"(?:reviews?|ratings?|stars)\b"
    r"|\bskip\s+the\s+(?:grumpy|unhappy|angry|difficult|mad|upset|complaining)\s+ones\b"
    r"|\bonly\s+(?:to\s+)?(?:the\s+)?(?:happy|satisfied|smiling|pleased|friendly|nice|positive|"
    r"loyal|regular|favou?rite)\s+(?:patients|clients|customers|families|people|ones)\b"
    r"|\bonly\s+(?:to\s+|ask\s+|invite\s+|text\s+|email\s+)?(?:the\s+)?(?:patients|clients|"
    r"customers|families|people|those|ones)\s+who\s+(?:\w+\s+){0,4}?(?:happy|satisfied|pleased|"
    r"loved|liked|enjoyed|positive|raved)\b"
    r"|\b(?:ask|get|have|tell|invite)\s+(?:your|our)\s+(?:family|friends|relatives|spouses?|"
    r"parents|kids|neighbou?rs)(?:\s+(?:and|&)\s+(?:family|friends))?\s+to\s+(?:leave|post|write|"
    r"give)\s+(?:us\s+)?(?:\w+\s+){0,2}?(?:reviews?|ratings?|stars)\b"
)
# A character of a sentence: a title's full stop ("Dr. Shah", "St. Luke's") does not end it.
_IN_SENTENCE = r"(?:[^.!?\n]|(?:(?<=\bdr)|(?<=\bmr)|(?<=\bms)|(?<=\bmrs)|(?<=\bst))\.)"
_HAPPY_ASK = re.compile(
    r"\b(?:loved|love|enjoyed|liked|(?:happy|pleased|satisfied)\s+with|(?:great|good|wonderful|"
    r"positive)\s+(?:visit|experience|stay|appointment))"
    rf"\b{_IN_SENTENCE}{{0,60}}[.!?,]+\s*(?:please\s+)?(?:review\s+us|rate\s+us|(?:leave|post|write|"
    r"share|drop|give)\s+(?:us\s+)?(?:an?\s+|your\s+)?(?:[\w-]+\s+){0,2}?(?:review|rating)|give\s+us"
    r"\s+(?:5|five))"
)
_UNHAPPY_ASIDE = re.compile(
    r"\b(?:problem|issue|unhappy|not\s+happy|disappointed|complaint|concerns?|bad\s+experience|"
    r"anything\s+less|less\s+than\s+(?:5|five)|otherwise|if\s+not)"
    r"\b[^\n]{0,80}\b(?:dm|call|email|message|contact|text|tell)\s+(?:us|the\s+office|our\s+office|"
    r"the\s+(?:office\s+|practice\s+)?manager|management|(?:the\s+|our\s+)?patient\s+(?:relations|"
    r"advocate|experience))\b"
)


# A sentence: a title's full stop does not end it.
_SENTENCE = re.compile(rf"{_IN_SENTENCE}+")
# Proof of a review asked for at the desk ("show us your 5-star Yelp review"): with an offer
# in the sentence before or after, the offer is its reward.
_SHOW_REVIEW = re.compile(
    r"\b(?:show|mention)\s+(?:us\s+|the\s+\w+\s+)?(?:your\s+)?(?:[\w-]+\s+){0,3}?(?:reviews?|ratings?)\b"
)


def _found(low: str) -> Iterator[tuple[int, int]]:
    yield from (m.span() for m in _pattern().finditer(low))
    yield from (m.span() for m in _HAPPY_ONLY.finditer(low))
    asked = _HAPPY_ASK.search(low)
    if asked is not None and _UNHAPPY_ASIDE.search(low, asked.end()):
        yield asked.span()
    sentences = [m.span() for m in _SENTENCE.finditer(low)]
    for i, (start, end) in enumerate(sentences):
        shown = _SHOW_REVIEW.search(low, start, end)
        if shown is not None and not _RULED_OUT.search(low, start, end):
            for a, b in sentences[max(0, i - 1) : i + 2]:
                offer = _OFFER.search(low, a, b)
                if offer is not None and not _RULED_OUT.search(low, a, b):
                    yield min(shown.start(), offer.start()), max(shown.end(), offer.end())
                    break
    for start, end in sentences:
        review = _REVIEW_WORD.search(low, start, end)
        if (
            review is None
            or not _WRITE.search(low, start, end)
            or _RULED_OUT.search(low, start, end)
        ):
            continue
        offer = _OFFER.search(low, start, end)
        if offer is not None:
            yield min(review.start(), offer.start()), max(review.end(), offer.end())


@detector(_NAME, codes=(_CODE,), channels=OUTGOING)
def solicitation(document: Document) -> Iterator[Finding]:
    """Incentivised, gated, staged or fake reviews."""
    view = folded(document)
    if _gate().isdisjoint(view.stems):
        return
    low, norm = view.low, document.norm
    spans: list[tuple[int, int]] = []
    for start, end in sorted(_found(low)):
        if spans and start < spans[-1][1]:  # overlapping readings of one request: one finding
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    for start, end in spans:
        stop = min((i for i in (low.find(c, end) for c in ".!?\n") if i >= 0), default=len(low))
        sentence = low[low.rfind(".", 0, start) + 1 : stop]
        if _FAKE.search(low, start, end) and _RULED_OUT.search(sentence):
            continue  # "fake reviews hurt patients; we never pay for reviews"
        yield Finding(
            _CODE,
            norm.span(start, end),
            0.8,
            _NAME,
            "asks for incentivised, filtered or staged reviews",
        )


document_code(
    _CODE,
    summary="Incentivised ('5 stars for a gift card'), gated ('only post positive reviews'), "
    "staged or fake reviews.",
    example="Leave us a 5-star review and get a free teeth whitening!",
    false_positives="Posts that warn against fake reviews; neutral invitations to review are "
    "not matched ('tell us how we did').",
)
