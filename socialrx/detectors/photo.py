"""Photos and attachments showing patients or records (phi.photo), judged from the text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import folded, gate, literal_trie, opens, phrase_findings
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

_NAME = "photo"
_CODE = "phi.photo"
_IMAGE = r"(?:photos?|pics?|pix|pictures?|selfies?|snaps?|snapshots?|images?|videos?|clips?|shots?|screenshots?|screen\s?grabs?|footage)"
_SUBJECT = (
    r"(?:patients?|pt|charts?|wristbands?|armbands?|id\s+bands?|hospital\s+bands?|white\s?boards?|"
    r"census\s+boards?|tracking\s+boards?|patient\s+(?:list|board|census|room)|"
    r"(?:computer|epic|ehr|emr|patient|vitals|bedside)\s+(?:screens?|monitors?)|ehr|emr|"
    r"med(?:ication)?\s+list|lab\s+results|x-?rays?|scans?|"
    r"mri|ct\s+scans?|ultrasounds?|ekgs?|ecgs?|wounds?|incisions?|injur(?:y|ies)|"
    r"surgical\s+site|tumou?rs?|sonograms?|bedside|trauma\s+bay|admission\s+form|"
    r"intake\s+form|prescription|label|pill\s+bottle|"
    r"(?:or|surgery|surgical|clinic|patient|appointment|procedure|cath\s+lab)\s+schedule|"
    r"assignment\s+sheet|rounding\s+list|bed\s+board|huddle\s+board|(?:head\s+|chest\s+)?ct|"
    r"pet\s+scan|films?|imaging|echo|angiogram|cxr|"
    r"(?:surgery|surgical|or|bed|assignment|tracking|census|huddle|er|ed|unit)\s+boards?)"
    # "our new imaging suite", "the echo lab", "the clinic schedule change": a place or a notice
    r"(?!\s+(?:techs?|technologists?|teams?|departments?|suites?|machines?|scanners?|labs?|"
    r"centers?|centres?|rooms?|changes?|services?|units?|hours|staff)\b)"
)


# Every match holds one of these words; "patient" only counts in "patient list" (the other
# phrases about patients need an image word too).
_GATE = gate(
    """photo photos pic pics pix picture pictures selfie selfies snap snaps snapped snapshot
    image images video videos clip clips shot shots screenshot screen footage attached pictured
    shown seen wristband wristbands armband armbands whiteboard whiteboards white board boards
    chart charts monitor monitors screens x ray xray xrays scan scans mri ct ekg ecg ultrasound
    sonogram wound incision census lab labs band bands ekgs ecgs film films imaging cxr angiogram
    echo schedule caught captured grabbed got tele telemetry strip vent ventilator posting sharing
    here tumor tumour fracture bleed mass lesion abscess clot""",
    "patient + list",
)


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(
        literal_trie(
            rf"""
        \b{_IMAGE}\s+(?:of|with|showing|from)\s+(?:our|my|a|the|this|that|his|her|their|today'?s)\s+
            (?:\w+\s+){{0,2}}?{_SUBJECT}\b
      | \b(?:snapped|took|taking|grabbed|posted|sharing|share)\s+(?:a\s+|this\s+|some\s+)?
            (?:quick\s+)?{_IMAGE}\s+(?:of|with)\s+(?:\w+\s+){{0,3}}?{_SUBJECT}\b
      | \b(?:check\s+out|look\s+at|see)\s+(?:this|these|that|my|our)\s+(?:\w+\s+){{0,2}}?
            (?:x-?rays?|scans?|mri|ct|ct\s+scan|ekg|ecg|ultrasound|sonogram|wound|incision|chart|
            wristband|films?|cxr|angiogram|echo)\b
            (?!\s+(?:techs?|technologists?|teams?|departments?|suites?|machines?|scanners?|labs?|
            centers?|centres?|rooms?|services?|units?|staff)\b)
      | \b(?:posting|sharing|here's|here\s+is)\s+(?:the|this|a|our)\s+(?:\w+\s+)?(?:mri|ct|x-?ray|scan|
            ultrasound|ekg|ecg|films?|imaging|cxr)\s+(?:from|of)\s+(?:today'?s|this\s+morning'?s|
            last\s+night'?s|tonight'?s|the|a|our|my)\s+(?:\w+\s+)?(?:case|patient|pt|trauma|code|
            twins|triplets|baby|babies|guy|man|woman|lady|kid|child|girl|boy|teen|toddler|mom)\b
      | \b(?:sneak\s+peek|peek|glimpse)\s+(?:at|of|inside)\s+(?:our|the|a|this|my)\s+
            (?:(?!new\b)\w+\s+){{0,2}}?(?:patient\s+(?:white\s?boards?|boards?|list|census)|
            white\s?boards?|census\s+boards?|tracking\s+boards?|(?:or|surgery|bed|assignment)\s+
            boards?)\b(?!\s+(?:going|coming|being|installed|arriv))
      | \blook\s+at\s+(?:that|this|the\s+size\s+of\s+(?:that|this))\s+(?:tumou?r|fracture|wound|bleed|
            mass|lesion|abscess|clot)\b
      | \b(?:caught|captured|snapped|grabbed|got)\s+(?:this|that|these)\s+(?:on|of)\s+(?:the\s+)?(?:monitor|
            tele|telemetry|ekg|ecg|strip|rhythm\s+strip|vent|ventilator)\b
      | \b(?:x-?rays?|ct|scans?|mri|ultrasound|films?|imaging|ekg|ecg|cxr)\s+(?:from|of)\s+(?:the|a|an|
            our|this|that|my|today'?s)\s+(?:\w+\s+)?(?:guy|man|woman|lady|kid|child|baby|patient|pt|
            dude|girl|boy|gentleman|teen|toddler|grandma|grandpa)\b
      | \b{_IMAGE}\s+from\s+(?:the|our|my)\s+(?:unit|floor|icu|nicu|er|ed|ward|nurses'?\s+station)
            \b[^.!?\n]{{0,40}}\b(?:board|whiteboard|census|screen|monitor)\b
      | \b(?:see|check\s+out|look\s+at)\s+(?:the\s+)?(?:attached|below|above|pic(?:ture)?\s+of\s+
            the)\s+(?:\w+\s+){{0,1}}?(?:x-?rays?|scans?|mri|ct|charts?|ekgs?|ecgs?|labs?|
            lab\s+results|ultrasound|sonogram|wound|incision|images?|photos?\s+of\s+(?:the\s+)?
            (?:patient|wound|chart))\b
      | \b(?:x-?rays?|scans?|mri|ct\s+scans?|charts?|ekgs?|ecgs?|lab\s+results|ultrasound|
            sonogram)\s+(?:is\s+|are\s+)?(?:attached|pictured|below|above|in\s+the\s+(?:photo|pic|
            picture))\b
      | \b(?:pictured|shown|seen)\s+(?:here|above|below|left|right)?\s*(?:with|is|are|:)?\s*
            (?:our|the|a)\s+(?:\w+\s+){{0,1}}?patients?\b
      | \b(?:wristbands?|armbands?|id\s+bands?|white\s?boards?|census\s+boards?|charts?|monitors?|
            screens?|patient\s+list)\s+(?:is\s+|are\s+)?(?:visible|showing|shown|in\s+the\s+
            (?:background|photo|pic|picture|shot|corner))\b
      | \b(?:selfie|photo|pic|picture|video)s?\s+(?:in|from)\s+(?:the\s+)?(?:or|icu|nicu|picu|
            er|trauma\s+bay|patient(?:'s|s')?\s+rooms?|operating\s+room|exam\s+room|ward)\b
        """
        )
    )


@detector(_NAME, codes=(_CODE,))
def photo(document: Document) -> Iterator[Finding]:
    """Text cues that an attached image shows a patient, a chart, a wristband, a screen or a
    whiteboard."""
    view = folded(document)
    if not opens(_GATE, view.stems, view.low):
        return
    yield from phrase_findings(
        document,
        _pattern(),
        _CODE,
        0.75,
        _NAME,
        "the text says an image shows a patient, a record, a wristband, a screen or a board",
    )


document_code(
    _CODE,
    summary="Text cues that an image or attachment shows a patient, chart, wristband, screen, "
    "scan or whiteboard.",
    example="Snapped a photo of the whiteboard before rounds!",
    false_positives="Staged or consented photos of volunteers and staff described as "
    "'patients'; educational images from a textbook.",
)
