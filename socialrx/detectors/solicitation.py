"""Review solicitation (review.solicitation): incentivised, staged, gated or fake reviews."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import folded, literal_trie, phrase_findings, stems
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


@detector(_NAME, codes=(_CODE,), channels=OUTGOING)
def solicitation(document: Document) -> Iterator[Finding]:
    """Incentivised, gated, staged or fake reviews."""
    view = folded(document)
    if _gate().isdisjoint(view.stems):
        return
    yield from phrase_findings(
        document, _pattern(), _CODE, 0.8, _NAME, "asks for incentivised, filtered or staged reviews"
    )


document_code(
    _CODE,
    summary="Incentivised ('5 stars for a gift card'), gated ('only post positive reviews'), "
    "staged or fake reviews.",
    example="Leave us a 5-star review and get a free teeth whitening!",
    false_positives="Posts that warn against fake reviews; neutral invitations to review are "
    "not matched ('tell us how we did').",
)
