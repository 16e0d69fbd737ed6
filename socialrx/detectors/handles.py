"""Social-media handles: phi.handle.

An ``@name`` that stands on its own (not inside an e-mail address, not glued to a word) is a
handle. Clinical shorthand uses "@" for "at" ("@ 0400", "@home", "@bedtime", "@lip"), so
handles made only of digits and a short list of such words are left alone. The organisation's
own handles are removed by the policy's ``allow.handles`` list, not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

# Words written after "@" meaning "at" in notes and posts.
_AT_TEXT = (
    "home work night noon mn hs rest bedtime baseline bedside lip teeth goal bases base times "
    "least all kvo school the this that last first once midnight am pm nd st rd th my your our "
    "risk present moment best most"
)
_AT_WORDS = frozenset(_AT_TEXT.split())


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w@.+\-/])@(?P<name>[A-Za-z0-9_](?:[A-Za-z0-9_]|\.(?=[A-Za-z0-9_])){0,29})"
        r"(?![\w@])"
    )


@detector("handles", codes=("phi.handle",))
def handles(document: Document) -> Iterator[Finding]:
    """Social-media handles (@name) mentioned or addressed in a post (phi.handle)."""
    norm = document.norm
    text = norm.text
    if "@" not in text:
        return
    for match in _pattern().finditer(text):
        name = match.group("name")
        if name[0].isdigit() or name.lower() in _AT_WORDS:
            continue
        if re.fullmatch(r"(?i)ox\d|x\d|\d+[a-z]{1,3}", name):  # "@ox3", "@2pm"
            continue
        yield Finding("phi.handle", norm.span(*match.span()), 0.7, "handles", "social handle")


document_code(
    "phi.handle",
    summary="A social-media handle (@name) addressed or mentioned in a post.",
    example="Get well soon @jane_doe_82, we are all rooting for you!",
    false_positives="The organisation's own handles and partners unless listed in "
    "allow.handles; '@' used for 'at' before a word not in the built-in list.",
)
