"""Unprofessional conduct (conduct.unprofessional): profanity, and disparaging patients,
colleagues or the employer.

Profanity is matched as whole words (with a few common evasions) so that Scunthorpe-style
false positives — "class", "Dickens", "scrap", "Sussex", "cocktail" — are not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import Gate, any_gate, folded, gate, hits, literal_trie, opens
from socialrx.model import OUTGOING, Document, Finding
from socialrx.registry import detector, document_code

_NAME = "conduct"
_CODE = "conduct.unprofessional"

# A compact list of roots with explicit endings (never substrings of innocent words).
_PROFANITY = r"""
    f(?:u|\*|\#|@)c?k(?:s|ed|er|ers|ing|in|in'|ity|off|up|wit)?
  | f\*+(?:k|ck)(?:ing|ed)? | f\*{2,}(?:ing)? | fck(?:ing)? | fkn | stfu | wtf | gtfo
  | motherf\w{0,8}
  | sh(?:i|\*|!|1)t(?:s|ty|ted|ting|head|heads|show|storm|load|hole)?
  | bull\s?sh(?:i|\*)t | horse\s?shit | ape\s?shit | dip\s?shit
  | bitch(?:es|ing|y)? | son\s+of\s+a\s+bitch
  | bastards? | ass\s?holes? | asshats? | dumb\s?ass(?:es)? | jack\s?ass(?:es)? | smart\s?ass
  | kiss\s+my\s+ass | pain\s+in\s+the\s+ass | half[- ]assed | bad\s?ass
  | cunts? | twats? | wankers? | dickheads? | douchebags?
  | (?:god\s?)?damn(?:ed|it)? | goddamn | crap(?:py|s)? | piss(?:ed|ing)?(?:\s+off)?
  | retard(?:s|ed)? | spaz | tranny | whores? | sluts?
  | eff(?:ing|in|ed) | frick(?:ing|in) | frigg(?:ing|in)
  | (?:what|who|why|how|where)\s+the\s+(?:hell|f)
"""
_DISPARAGE = r"""
    (?:annoying|stupid|dumb|idiotic|lazy|entitled|whiny|whiney|disgusting|gross|nasty|
       drunk|crazy|psycho|smelly|obese|fat|ugly|pathetic|worthless|useless|dramatic|
       hysterical|needy|demanding|frequent[- ]flyer|noncompliant|non-compliant)\s+
       (?:old\s+)?(?:patients?|pts|famil(?:y|ies)|parents|moms?|people\s+in\s+(?:bed|room))\b
  | \b(?:patients?|pts|families|parents)\s+(?:so|such|really)\s+(?:stupid|dumb|annoying|entitled|
       lazy|clueless|ridiculous|pathetic|disgusting)\b
  | \b(?:patients?|pts|families|parents|people)\s+(?:are|is|were|can\s+be)\s+(?:so\s+|such\s+|
       the\s+|really\s+|just\s+|all\s+|too\s+|way\s+|literally\s+)*(?:idiots?|stupid|dumb|morons?|annoying|worst|
       disgusting|entitled|pathetic|useless|lazy|animals|ridiculous|clueless)\b
  | \b(?:drug[- ]seekers?|frequent\s+flyers?|gomers?|junkies|crackheads?|druggies|
       train\s?wrecks?|whales?\s+in\s+(?:room|bed)|lol\s+at\s+(?:the\s+)?patient)\b
  | \bmy\s+(?:boss|manager|supervisor|charge\s+nurse|coworkers?|co-workers?|colleagues?|
       attending|resident|director|employer|hospital|unit|team)\s+(?:is|are)\s+(?:a\s+|an\s+|so\s+|
       such\s+|totally\s+|completely\s+)?(?:idiots?|morons?|useless|incompetent|lazy|clueless|
       jokes?|stupid|worthless|terrible|the\s+worst|garbage|trash|disaster)\b
  | \b(?:admin|administration|management|leadership|pharmacy|the\s+lab|radiology|hr|
       (?:our|the)\s+(?:ceo|cno|cmo|cfo|director|manager|boss|residents|attendings?|surgeons?)|
       (?:day|night)\s+shift)\s+(?:is|are|was|were)\s+(?:a\s+|an\s+|so\s+|such\s+|totally\s+|
       completely\s+|clearly\s+|just\s+)*(?:clueless|useless|incompetent|idiots?|morons?|
       lazy|garbage|trash|jokes?|the\s+worst|worthless|greedy|spineless|clowns?)\b
  | \byou\s+deserve\s+(?:the|a|that|every)\s+(?:[\w-]+\s+){0,2}(?:wait|bill|minute\s+of)\b
  | \b(?:thanks|thank\s+you|shout-?out|kudos|props)\s+to\s+[^.!?\n]{1,40}?\bfor\s+(?:screwing|
       messing|mucking|botching)\s+(?:up\b|it\s+up|everything)
  | \bscrew(?:ed|ing)\s+up\s+(?:every|all|again|everything)\b
  | \bscrew\s+(?:this|that|you|them|it\s+all|my\s+job|this\s+job|management|admin)\b
  | \bbunch\s+of\s+(?:\w+\s+)?(?:clowns|idiots|morons|losers|babies|whiners|animals|imbeciles|
       incompetents|lazy\s+\w+)\b
  | \b(?:this|our|my)\s+(?:hospital|employer|company|management|admin(?:istration)?|clinic|
       practice|unit|place|job|shift|floor|department|ward|er|ed)\s+(?:sucks|is\s+a\s+joke|is\s+the\s+worst|is\s+garbage|is\s+trash|
       doesn't\s+care|does\s+not\s+care|is\s+a\s+dumpster\s+fire|is\s+a\s+circus)\b
  | \bincompetent\s+(?:doctors?|nurses?|staff|management|colleagues?|coworkers?|surgeons?|
       residents?|boss|admin)\b
  | \bi\s+(?:hate|can't\s+stand|cannot\s+stand|despise)\s+(?:my\s+job|this\s+place|working\s+here|
       this\s+(?:job|shift|hospital|unit|floor)|everyone\s+(?:here|in\s+it|on\s+this\s+unit)|
       all\s+of\s+(?:you|them)|people|my\s+(?:life|shift)|
       (?:my\s+|these\s+|our\s+)?patients|my\s+(?:boss|coworkers?|manager|colleagues?))\b
  | \b(?:idiot|moron|imbecile)s?\b
  | \bwhen\s+(?:the|a|my|your|that|this)\s+(?:patient|pt|family|mom|dad|parent|patient's\s+\w+)\s+
       (?:says|tells|asks|claims|insists|swears|thinks|calls|rates)\b[^\n]{0,120}?
       (?:😂|🤣|🙄|\blol\b|\blmao\b|\bsmh\b|\beye\s?roll)
  | \bguess\s+(?:which|who)\s+(?:\w+\s+){0,2}?(?:nurse|doctor|resident|tech|surgeon|coworker|
       colleague|attending|intern|aide|therapist|pharmacist)\b[^.!?\n]{0,60}?\b(?:slept|sleeping|
       asleep|late|forgot|called\s+(?:out|in)|messed|screwed|lost|missed|no-?showed|again|dropped|
       broke|hiding|napping)\b
"""


# Gates: every match holds one of these words (by stem) or literals. Words whose stem is an
# everyday word's ("pain in the ass", "tranny", "needy", "incompetent") are found by another
# word of the phrase or literally.
_PROFANITY_GATE = gate(
    """f fuck fucks fucked fucker fucking fuckin fuk fuks fuked fuker fuking fukoff fukup fukwit
    fck fcking fkn stfu wtf gtfo motherfucker sh
    shit shits shitty bullshit bull horseshit horse apeshit dipshit bitch bitches bitching bitchy
    bastard bastards asshole assholes ass asshat dumbass dumb jackass jack smartass smart half
    badass cunt cunts twat twats wanker dickhead douchebag goddamn damn damned damnit crap crappy
    craps piss pissed pissing retard retards retarded spaz whore whores slut sluts effing effin
    effed fricking frickin frigging friggin hell""",
    literals=("tranny",),
)
_DISPARAGE_GATE = gate(
    """annoying stupid dumb idiotic lazy entitled whiny whiney disgusting gross nasty drunk crazy
    psycho smelly obese fat ugly pathetic worthless useless dramatic hysterical demanding flyer
    flyers noncompliant idiot idiots moron morons worst animals ridiculous clueless seeker seekers
    gomer gomers junkies crackhead crackheads wreck wrecks whale whales lol terrible garbage trash
    disaster joke jokes sucks doesn does circus dumpster hate despise stand imbecile imbeciles
    greedy spineless screwing screwed messing mucking botching screw bunch clown clowns deserve
    says tells asks claims insists swears thinks calls rates guess""",
    literals=("needy", "non-compliant", "druggies", "trainwreck", "incompetent"),
)

_ANY = any_gate((_PROFANITY_GATE, _DISPARAGE_GATE))
_QUOTES = "'\"‘’“”"
_QUOTED = re.compile(f"[{_QUOTES}]")


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], Gate], ...]:
    return (
        ("profanity", re.compile(literal_trie(_PROFANITY) + r"(?![\w*#@])"), _PROFANITY_GATE),
        (
            "disparaging remark about patients, colleagues or the employer",
            re.compile(literal_trie(_DISPARAGE)),
            _DISPARAGE_GATE,
        ),
    )


@detector(_NAME, codes=(_CODE,), channels=OUTGOING)
def conduct(document: Document) -> Iterator[Finding]:
    """Profanity, and disparaging remarks about patients, colleagues or the employer."""
    view = folded(document)
    words = hits(_ANY, view)
    if not opens(_ANY, words, view.low):
        return
    found: list[tuple[int, int, str]] = []
    for why, pattern, kind_gate in _patterns():
        if (kind_gate.bare and kind_gate.first.isdisjoint(words)) or not opens(
            kind_gate, words, view.low
        ):
            continue
        for match in pattern.finditer(view.low):
            start, end = match.span()
            if start and view.low[start - 1] in "*#@":
                continue
            if (
                _QUOTED.match(view.low, max(0, start - 1))
                and end < len(view.low)
                and (view.low[end] in _QUOTES)
            ):
                continue  # "retire labels like 'frequent flyer'": the words are quoted, not used
            found.append((start, end, why))
    norm = document.norm
    for start, end, why in sorted(found):
        yield Finding(_CODE, norm.span(start, end), 0.75, _NAME, why)


document_code(
    _CODE,
    summary="Profanity, and disparaging remarks about patients, colleagues or the employer.",
    example="Another frequent flyer in bed 3, these patients are so entitled.",
    false_positives="'damn' in a song title; clinical uses of 'crazy' or 'retard(ed)' in old "
    "drug labels; unquoted labels in a language campaign (quoted ones, as in: retire "
    "‘frequent flyer’, are not matched).",
)
