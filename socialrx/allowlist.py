"""Organisation allow-lists: the organisation's own staff, numbers, addresses and handles are
not patient PHI. Applied by the pipeline to every detector's findings, so no detector needs to
know about them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from socialrx.policy import AllowLists
from socialrx.text import normalize

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TITLES = frozenset({"dr", "doctor", "nurse", "mr", "mrs", "ms", "miss", "prof", "professor"})


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(normalize(text).text))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)[-10:]


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return " ".join(normalize(text).text.casefold().split())


@dataclass(frozen=True)
class AllowMatcher:
    """Answers "is this matched text one of the organisation's own identifiers?"."""

    lists: AllowLists

    @cached_property
    def _names(self) -> list[tuple[str, ...]]:
        return [w for w in (_words(n) for n in self.lists.names) if w]

    @cached_property
    def _phones(self) -> frozenset[str]:
        return frozenset(d for d in (_digits(p) for p in self.lists.phones) if len(d) >= 7)

    @cached_property
    def _emails(self) -> frozenset[str]:
        return frozenset(e.casefold().strip() for e in self.lists.emails)

    @cached_property
    def _domains(self) -> tuple[str, ...]:
        return tuple(
            d.casefold().strip().lstrip("@.").removeprefix("www.") for d in self.lists.domains
        )

    @cached_property
    def _handles(self) -> frozenset[str]:
        return frozenset(h.casefold().strip().lstrip("@") for h in self.lists.handles)

    @cached_property
    def _places(self) -> tuple[str, ...]:
        return tuple(p for p in (_fold(p) for p in self.lists.places) if p)

    @cached_property
    def codes(self) -> frozenset[str]:
        """The codes that some configured allow-list can permit (empty: nothing to check)."""
        return frozenset(
            code
            for code, (lists, _check) in _CHECKS.items()
            if any(getattr(self.lists, name) for name in lists)
        )

    def permits(self, code: str, matched: str) -> bool:
        """True when ``matched`` (the original text of a finding of ``code``) is allow-listed."""
        entry = _CHECKS.get(code)
        if entry is None:
            return False
        if code not in self.codes:
            return False  # nothing of this kind is allow-listed: no work
        return entry[1](self, matched)

    def _name(self, matched: str) -> bool:
        words = tuple(w for w in _words(matched) if w not in _TITLES)
        if not words:
            return False
        for allowed in self._names:
            if words == allowed or (set(words) <= set(allowed) and words[-1] == allowed[-1]):
                return True
        return False

    def _phone(self, matched: str) -> bool:
        return _digits(matched) in self._phones

    def _host(self, matched: str) -> bool:
        text = matched.casefold().strip()
        if text in self._emails:
            return True
        host = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0].rsplit("@", 1)[-1]
        host = host.removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self._domains if d)

    def _handle(self, matched: str) -> bool:
        return matched.casefold().strip().lstrip("@") in self._handles

    def _place(self, matched: str) -> bool:
        folded = _fold(matched)
        return bool(folded) and any(folded in p or p in folded for p in self._places)


# code -> (the allow-lists that can permit it, the check)
_CHECKS = {
    "phi.name": (("names",), AllowMatcher._name),
    "phi.phone": (("phones",), AllowMatcher._phone),
    "phi.email": (("emails", "domains"), AllowMatcher._host),
    "phi.url": (("emails", "domains"), AllowMatcher._host),
    "phi.handle": (("handles",), AllowMatcher._handle),
    "phi.location": (("places",), AllowMatcher._place),
}
