"""Whether an outgoing post is addressed to one person (registers nothing).

A post that opens with "@ana_r", "Hi Ana,", "Dear Mr. Patel," or "Sarah, …" answers someone in
public, as a review reply does: the advice check reads it as advice to that person, and the
disclosure check applies the review-reply rules to it ("@ana_r thanks for the kind words about
your stay with us!" confirms a stay).
"""

from __future__ import annotations

import re

from socialrx.detectors.wordlists import first_names
from socialrx.model import Document

__all__ = ["opens_to_one", "to_one_person"]

# "hi dana!", "replying to @mark:", on the lower-cased text
_VOCATIVE = re.compile(
    r"\s*(?:(?:hi|hey|hello|dear)\s+@?[a-z]\w*|replying\s+to\s+@?[a-z]\w*)\s*[,!:.]"
)
# "Sarah, based on what you describe …": a first name, then a comma, opens the post.
_NAME_OPENER = re.compile(r"\s*([A-Z][a-z]+),\s")
# The post opens with one or more @handles: a public reply.
_HANDLE_OPENER = re.compile(r"\s*@\w{1,30}\b")
# "Hi Ana,", "Dear Mr. Patel,", "Replying to Mark:" with the person's name capitalised (not "Hi
# team,", "Hi everyone!", nor "Dear Dr. Lee," which addresses a colleague).
_GREETED = re.compile(
    r"\s*(?:(?:Hi|Hey|Hello|Dear)\s+|Replying\s+to\s+)(?P<title>(?:Mr|Mrs|Ms|Mx|Miss)\.?\s+)?"
    r"([A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+)?\s*[,!:.]"
)


def _first_name_opens(text: str, pattern: re.Pattern[str]) -> bool:
    match = pattern.match(text)
    return match is not None and match.group(1).upper() in first_names()


def opens_to_one(document: Document) -> bool:
    """The post opens by addressing one person: an @handle, a greeting and their name ("Hi
    Ana,", "Dear Mr. Patel,"), or their first name and a comma."""
    text = document.norm.text
    if _HANDLE_OPENER.match(text):
        return True
    greeted = _GREETED.match(text)
    if greeted is not None:  # "Dear Mr. Patel,": a title makes any surname a person
        return greeted.group("title") is not None or greeted.group(2).upper() in first_names()
    return _first_name_opens(text, _NAME_OPENER)


def to_one_person(document: Document, low: str) -> bool:
    """A reply, a post that opens to one person, an @handle anywhere, or "hi dana!" (what
    the advice check reads as addressed; ``low`` is the lower-cased text)."""
    if document.channel == "reply" or "@" in low or _VOCATIVE.match(low):
        return True
    return _first_name_opens(document.norm.text, _NAME_OPENER)
