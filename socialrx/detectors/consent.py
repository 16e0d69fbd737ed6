"""Consent claims (disclosure.consent_claimed): the post says a person agreed to be featured.

A claim of consent is not consent: a person must match it to a signed release, so these posts
are held for review. Matching on the normalised text, spans at original offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import folded, literal_trie, stems
from socialrx.model import OUTGOING, Document, Finding
from socialrx.registry import detector, document_code

_NAME = "consent"
_CODE = "disclosure.consent_claimed"
_WHOSE = (
    r"(?:her|his|their|the\s+family'?s?|the\s+patient'?s?|the\s+parents'?|(?:her|his|their)\s+"
    r"(?:family'?s?|parents'?|mom'?s?|mother'?s?|dad'?s?|father'?s?|guardian'?s?|daughter'?s?|"
    r"son'?s?|wife'?s?|husband'?s?)|written|full|express|signed)"
)


_GATE = (
    "permission permissions consent consented blessing approval ok okay release agreed ahead "
    "thumbs green said told says okayed ok'd approved allowed permitted let asked wanted invited "
    "encouraged got happy glad thrilled excited delighted fine"
)
# "Photo used with permission from the American Heart Association": a credit to an
# organisation, not a patient's consent.
_CREDIT = re.compile(
    r"\s+(?:from|of|courtesy\s+of|by)\s+(?:the\s+)?(?:[a-z]+\s+){0,4}(?:association|society|"
    r"foundation|institute|journal|college|academy|university|press|museum|library|agency|"
    r"department|ministry|council|inc|llc|ltd|getty|shutterstock|unsplash|istock|adobe|cdc|"
    r"nih|who|fda|ap|reuters)\b"
)


@cache
def _gate() -> frozenset[bytes]:
    return stems(_GATE)


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(
        literal_trie(
            rf"""
        \b(?:with|w/|after\s+getting|having\s+obtained|with\s+the)\s+(?:{_WHOSE}\s+)?
            (?:kind\s+|express\s+|written\s+|full\s+)?(?:permission|consent|blessing|approval|ok|
            okay|go-ahead|go\s+ahead|thumbs[- ]up|green\s+light)\b
            (?:\s+(?:of|from)\s+(?:the\s+)?(?:family|patient|parents?|guardian|her|him|them))?
      | \b(?:shared|posted|used|published|reprinted|featured|photo\s+used)\s+(?:here\s+)?with\s+
            (?:\w+\s+){{0,2}}(?:permission|consent)\b
      | \b(?:gave|given|give|granted|signed|provided)\s+(?:us\s+)?(?:(?:their|her|his|written|
            full|verbal)\s+)?(?:permission|consent|blessing|approval|the\s+ok|the\s+okay|
            the\s+go-ahead|the\s+go\s+ahead|the\s+thumbs[- ]up|the\s+green\s+light|a\s+(?:media\s+|
            photo\s+)?release)\s+
            (?:to|for)\b
      | \b(?:she|he|they|(?:her|his|their|the)\s+(?:mom|mother|dad|father|family|parents|wife|
            husband|daughter|son|guardian)|mom|dad)\s+(?:said|told\s+us|says|agreed)\s+(?:that\s+)?
            (?:we|it\s+was\s+(?:ok|okay|fine|alright))\s+(?:could|can|to)\s+(?:share|post|tell)\b
      | consent(?:ed)?\s+to\s+(?:share|sharing|be\s+featured|being\s+featured|have|having|
            post|posting|be\s+photographed|this)\b
      | \b(?:permission|consent)\s+(?:was\s+)?(?:obtained|given|granted|received)\b
      | \b(?:okayed|ok'd|approved|allowed|permitted|let)\s+(?:us\s+)?(?:to\s+)?(?:share|sharing|
            post|posting|tell|telling|feature|featuring)\b
      | \b(?:she|he|they|family|mom|dad|parents|wife|husband|patient|daughter|son|guardian)\s+
            (?:asked|wanted|invited|encouraged|told)\s+us\s+to\s+(?:share|post|tell|feature)\b
      | \b(?:were|was|are|is)\s+(?:so\s+)?(?:happy|glad|thrilled|excited|delighted|okay|ok|fine)\s+
            (?:for|to\s+let)\s+us\s+(?:to\s+)?(?:share|post|tell|feature)\b
      | \bgot\s+(?:the\s+|their\s+|her\s+|his\s+)?(?:go-ahead|go\s+ahead|ok|okay|green\s+light|
            thumbs[- ]up|permission|consent|blessing)\s+(?:from\s+(?:\w+\s+){{1,2}})?to\s+(?:share|
            post|tell|feature)\b
      | \b(?:media|photo|publicity)\s+release\s+(?:on\s+file|signed|obtained)\b
      | agreed\s+to\s+(?:let\s+us\s+)?(?:share|be\s+featured|have\s+(?:her|his|their)\s+story)
        """
        )
    )


@detector(_NAME, codes=(_CODE,), channels=OUTGOING)
def consent(document: Document) -> Iterator[Finding]:
    """Claims that a patient or family gave permission to share their story or picture."""
    view = folded(document)
    if _gate().isdisjoint(view.stems):
        return
    low, norm = view.low, document.norm
    for match in _pattern().finditer(low):
        if _CREDIT.match(low, match.end()):
            continue
        yield Finding(
            _CODE,
            norm.span(*match.span()),
            0.8,
            _NAME,
            "the post says consent was given; match it to a signed release before publishing",
        )


document_code(
    _CODE,
    summary="The post says consent or permission was given to share a person's story or image.",
    example="Shared with her permission: after six rounds of treatment she is home.",
    false_positives="Consent mentioned in a general sense that still reads as a claim ('we "
    "ask every family for permission before we share'; 'she said we could share' about a "
    "partner's event); a credit to an organisation ('used with permission from the American "
    "Heart Association') is not matched.",
)
