"""The context rules of the dates detector (registers nothing): the words before and the
characters after a number that make it a date or an age, or rule it out (fractions, blood
pressures, ventilator settings, pain scores, ranges, quantities and 24-hour clock times).

Each judge takes the text and the span of one number and answers from its neighbours only.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS = _words(
    "jan january feb february mar march apr april may jun june jul july aug august sep "
    "sept september oct october nov november dec december"
)
_AMBIGUOUS_MONTHS = _words("dec mar may jan sep jun june")  # also ordinary words
_AMBIGUOUS_OR_MARCH = _AMBIGUOUS_MONTHS | {"march"}
# The month names as ``Folded.stems`` holds them: a text without any of these stems holds no
# month name, so ``month_before`` and ``month_parts`` have nothing to find there.
MONTH_STEMS = frozenset(w[:4].encode() for w in _MONTHS)
# Clinical events after which a bare two-digit number is a year ("MI 92", "CABG 81").
_EVENTS = _words(
    "mi nqwmi ami cabg cva tia ptca pci avr mvr stent dx diagnosed surgery repair redo "
    "cath pacer ablation lumpectomy mastectomy ca stroke dvt pe chf turp"
)
_YEAR_WORDS = _EVENTS | _words(
    "in of since during year born circa ca ca. early late mid summer winter spring fall autumn "
    "class est est. established founded back through until its it's is dob birth died a the "
    "was yr date dated"
)
_STRONG_YEAR_WORDS = _words("in of since during year born circa founded established")
_TIME_WORDS = _words(
    "at @ by until till approx approx. around ~ before after from between and to -> x "
    "dose hr rr bp sbp map peep rate gtt fio2 vt tv ps hct plt wbc k na glucose mg cc ml "
    "= over for pain grade strength score gcs murmur sem fx l ml/hr cc/hr < > :"
)
# Ventilator settings, pressures, gases and scores written with a slash.
_SLASH_NOT_AFTER_WORDS = _words(
    "bp b/p nbp abp sbp map pap pa cvp pcwp ao art abg vbg ps psv cpap bipap ac a/c imv "
    "simv settings flowby peep vent x grade strength pain score gcs murmur sem perrla "
    "pupils i:e ratio trial ch ck mb trop sat sats co/ci ci co ventilation mask cp & = < "
    "> of"
)
_SLASH_NOT_AFTER_PAIRS = frozenset(
    [("weaned", "to"), ("wean", "to"), ("down", "to"), ("trialed", "on"), ("tried", "on"),
     ("remained", "on"), ("on", "cpap"), ("psv", "of"), ("ps", "of")]
)  # fmt: skip
_STRONG_DATE_WORDS = _words(
    "on since from until till date dated admitted discharged expired extubated intubated "
    "placed started completed d/c d/c'd dc'd f/u lbm born dob transferred last next s/p "
    "done of"
)
_AGE_WORDS = _words("age aged turn turns turned turning")  # not "ages 5 and up"
_AGE_PRONOUNS = _words("i'm im he's she's")
# The last word before every age that ``age`` finds from the words before it.
_AGE_LAST = _AGE_WORDS | _AGE_PRONOUNS | _words("of was were am now his her their my")

_FRACTION_AFTER = re.compile(
    r"\s*(?:ns\b|str\b|strength|tab|of\b|murmur|sem|systolic|pain|nl|normal|cc|ml|mg|x\b"
    r"|%|pulses?|reflexes|dtr|muscle|power|lobes?|ratio|mmhg|times|doses?|bottles?|cm|mm"
    r"|l\b|lpm|lnc|lnp|np\b|nc\b|units?|mcg|bpm|breaths|s(?![/\w])|peep|fio2|ps\b|cpap|psv"
    r"|bipap|h\b|hrs?\b|hours?|days?|weeks?|months?|years?|puffs|pillows|mins?\b|assist"
    r"|people)|[a-z]",
    re.IGNORECASE,
)
_QUANTITY_AFTER = re.compile(
    r"\s*(?:mg|mcg|g|gm|kg|lb|lbs|cc|ml|l|units?|u|meq|mmol|kcal|cal|calories|hrs?|h|pm|am|min"
    r"|mins|x|strength|ns|murmur|sem|mmhg|cm|mm|inches|ft|feet|steps|miles|km|meters|people"
    r"|patients|pts|times|doses|tabs?|pills|beds|nurses|staff|hours|shift|dollars|words|points"
    r"|signatures|sq|square)(?![a-z])|\s*(?:->|-|to\s+\d|\$|%|>|/|\d)",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(
    r"\s?(?:-\s?)?(?:years?|yrs?|y)[\s-]{0,2}(?:old|of\s+age)\b"
    r"|\s?(?:yo|y/o|y\.o\.?|yr\.?\s?old|yrs?\.?\s?old|yom|yof|yowm|yowf|yobm|yobf|yo[mfw]"
    r"|y\.?o\.?m|y\.?o\.?f)(?![a-z])",
    re.IGNORECASE,
)
_AGE_UNIT_AFTER = re.compile(
    r"[.,]\d|\s?(?:%|am|pm|mg|kg|lb|cm|mm|ml|min|hours|o'clock|th|st|nd|rd)\b|:\d", re.I
)
_MONTH_AFTER = re.compile(rf"\s{{1,3}}(?:of\s{{1,3}})?({_MONTH})\b\.?", re.IGNORECASE)
_YEAR_TAIL = re.compile(r",?\s{1,3}((?:1[89]|20)\d\d|'\d\d|\d\d)(?![\d:])")
ORDINAL = frozenset(("st", "nd", "rd", "th"))
_DMY_AFTER = re.compile(r"\s*(?:%|bpm\b)|[a-z]", re.IGNORECASE)
_CLOCK_RANGE = re.compile(r"\d{3,}\D{0,3}$")
_DURATION_AFTER = re.compile(
    r"'?\s*(?:years?|yrs?|days?|weeks?|months?|hours?|hrs?|times|x)\b", re.IGNORECASE
)
_DISTANCE = re.compile(r"ambul|walk|feet|distance|hob")
_AGE_TAIL = re.compile(r"\s*(?:y/o|yo\b|years?\b|yrs?\b|[.!?,;)]|$)", re.IGNORECASE)
_DECADE_S = re.compile(r"'?s\b")
_SLASH_SPLIT = re.compile(r"[/.-]")
_END_PUNCT = frozenset(".,;:!?)\"'\n")
_WORD_AFTER = re.compile(r"\s+[A-Za-z]")


def words_before(text: str, start: int) -> list[str]:
    """The last three whitespace-separated tokens before ``start``, lower-cased and with
    brackets and trailing commas stripped ("(age" → "age")."""
    window = text[start - 32 if start > 32 else 0 : start].lower().split()
    return [w.strip('(["').rstrip(',;"') or w for w in window[-3:]]


def last_word_before(text: str, start: int) -> str:
    """``words_before(text, start)[-1]`` without a trailing ":" ("" when there is none), for
    a fraction of the cost."""
    tokens = text[start - 32 if start > 32 else 0 : start].rsplit(None, 1)
    if not tokens:
        return ""
    word = tokens[-1].lower()
    return (word.strip('(["').rstrip(',;"') or word).rstrip(":")


def glued_before(text: str, start: int) -> str:
    return text[start - 1] if start > 0 else " "


def md_ok(text: str, start: int, end: int, raw: str, dash: bool) -> bool:
    first, _, second = raw.replace("-", "/").partition("/")
    a, b = int(first), int(second)
    month_year = not dash and 1 <= a <= 12 and 32 <= b <= 99  # "8/87": month and year
    if not (1 <= a <= 12 and 1 <= b <= 31) and not month_year:
        return False
    if _FRACTION_AFTER.match(text, end):
        return False
    words = words_before(text, start)
    last = words[-1] if words else ""
    if (
        last in _SLASH_NOT_AFTER_WORDS
        or last.endswith(("%", "=", "<", ">", "%,"))
        or tuple(words[-2:]) in _SLASH_NOT_AFTER_PAIRS
        or glued_before(text, start).isalpha()
    ):
        return False
    strong = last in _STRONG_DATE_WORDS or (len(words) > 1 and words[-2] == "admitted")
    if dash:  # "7-8" is a range far more often than a date: only after a date word
        return last in ("on", "date", "dated", "since", "from", "admitted")
    if (b <= 4 and a <= b) or (b == 5 and a <= 5):  # 1/2, 3/4, 2/2, 4/5 strength …
        return strong
    if b == 10 and a <= 10:  # pain scores: "c/o 5/10 chest pain"
        near = text[start - 45 if start > 45 else 0 : end + 20].lower()
        return not any(w in near for w in ("pain", "score", "scale", "rated", "cp", "angina",
                                           "discomfort", "c/o"))  # fmt: skip
    return True


def dmy_ok(text: str, start: int, end: int, raw: str) -> bool:
    parts = _SLASH_SPLIT.split(raw)
    a, b, year = int(parts[0]), int(parts[1]), parts[2]
    if not ((1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)):
        return False
    if len(year) == 4 and not 1880 <= int(year) <= 2039:
        return False
    if "." in raw and len(year) != 4:  # dotted dates only with a four-digit year
        return False
    words = words_before(text, start)
    last = words[-1] if words else ""
    if last in _SLASH_NOT_AFTER_WORDS or glued_before(text, start) in "xX":
        return False
    return not _DMY_AFTER.match(text, end)


def year_ok(text: str, start: int, end: int, value: int) -> bool:
    if not 1880 <= value <= 2039:
        return False
    follow = text[end : end + 2].lstrip(" ")[:1]
    if follow and follow not in _END_PUNCT and _QUANTITY_AFTER.match(text, end):
        return False
    words = words_before(text, start)
    last = words[-1] if words else ""
    clock = value % 100 < 60 and value // 100 <= 23  # could be a 24-hour time like 2030
    if clock and value % 100 == 0:  # 1900, 2000: on the hour, a year only after year words
        return last in _STRONG_YEAR_WORDS or tuple(words[-2:]) == ("class", "of")
    glued = glued_before(text, start)
    if (last in _TIME_WORDS or glued in "@~=<>:xX") and last not in ("in", "since", "of"):
        return not clock and last not in ("at", "@", "x") and glued not in "@xX=<>:"
    if not clock:
        return value >= 1900 or last == "born" or tuple(words[-2:]) == ("born", "in")
    if words and _CLOCK_RANGE.search(words[-1]):  # "0700-1900", "1900 - 0700"
        return False
    if len(words) > 1 and words[-1] in ("-", "->", "to") and words[-2][-4:].isdigit():
        return False
    return not words or last in _YEAR_WORDS or text[:start].rstrip().endswith((",", "("))


def two_digit_year(text: str, start: int, end: int) -> bool:
    """A two-digit year: "'92", "92'", "MI 92" (after a clinical event)."""
    glued = glued_before(text, start)
    after = text[end : end + 1]
    if _DURATION_AFTER.match(text, end):
        return False
    if glued == "'":
        return start < 2 or (not text[start - 2].isdigit() and text[start - 2] != "'")
    if glued.isalnum() or glued in "'.":
        return False
    if after == "'":
        if text[end + 1 : end + 2] not in ("", " ", ",", ".", ";", ")", "\n", "\t"):
            return False
        words = words_before(text, start)
        last = words[-1] if words else ""
        return not (_DISTANCE.search(" ".join(words)) or last.isdigit())
    if after not in ("", " ", ",", ".", ";", ")", "\n", "\t", "\r"):
        return False
    words = words_before(text, start)
    last = words[-1] if words else ""
    if last == "in" and len(words) > 1:
        last = words[-2]
    return last in _EVENTS or (last.startswith("cabgx") and last[5:].isdigit())


def month_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts (month, day, year) of a date written with a month name around the day
    number at ``[start, end)``; empty when there is no month name."""
    day_end = end + 2 if text[end : end + 2].lower() in ORDINAL else end
    if text[day_end : day_end + 1].isalnum():
        return []
    month = None
    if (
        start > 1
        and text[start - 1] in " .,'\t\n"
        and (text[start - 2].isalpha() or text[start - 2] in ".,")
    ):
        month = month_before(text, start)
    if month is not None:
        parts = [month]
        word = text[month[0] : month[1]].lower()
        if (
            word in _AMBIGUOUS_OR_MARCH
            and day_end == end
            and not _YEAR_TAIL.match(text, day_end)
            and _WORD_AFTER.match(text, day_end)
        ):
            return []  # "you may 3 times", "march 2 miles"
    else:
        near = text[day_end + 1 : day_end + 2]
        after = _MONTH_AFTER.match(text, day_end) if near.isalpha() else None
        if after is None:
            return []
        parts = [after.span(1)]
        if after.group(1).lower() in _AMBIGUOUS_MONTHS and not _YEAR_TAIL.match(text, after.end()):
            return []  # "02 dec(reased)", "3 mar(ked)"
    parts.append((start, day_end))
    tail = _YEAR_TAIL.match(text, max(day_end, parts[0][1]))
    if tail is not None:
        parts.append(tail.span(1))
    return sorted(parts)


def month_before(text: str, start: int) -> tuple[int, int] | None:
    """The span of the month name just before ``start`` ("March 3", "nov. 2016", "March of
    1993"), when there is one."""
    words = text[start - 16 if start > 16 else 0 : start].split()
    if not words:
        return None
    word = words[-1].strip(".,'").lower()
    if word == "of" and len(words) > 1:
        word = words[-2].strip(".,").lower()
    if word not in _MONTHS:
        return None
    base = start - 16 if start > 16 else 0
    at = text[base:start].lower().rfind(word)
    if at < 0 or (base + at > 0 and text[base + at - 1].isalpha()):
        return None
    return base + at, base + at + len(word)


Hit = tuple[int, int, str, float, str]  # start, end, code, score, why


def age(text: str, start: int, end: int, value: int) -> Hit | None:
    if value > 125:
        return None
    over = value > 89
    hit = (start, end, "phi.age", 0.9 if over else 0.7, "age over 89" if over else "age")
    if "y" in text[end : end + 3].lower() and _AGE_AFTER.match(text, end):
        return hit
    before = text[start - 2 : start] if start > 1 else "  "
    if before[-1] not in " :\t" or not (before[0].isalpha() or before[0] in ":'"):
        return None  # every age keyword ends in a letter, ":" or "'" before a space
    if _AGE_UNIT_AFTER.match(text, end) or last_word_before(text, start) not in _AGE_LAST:
        return None
    words = words_before(text, start)
    if not words:
        return None
    last = words[-1].rstrip(":")
    pair = tuple(words[-2:])
    if (
        last in _AGE_WORDS
        or pair in (("age", "of"), ("aged", "of"))
        or (len(words) == 3 and words[0] == "when" and words[2] in ("was", "were"))
    ):
        return hit
    if (last in _AGE_PRONOUNS or pair in (("i", "am"), ("is", "now"))) and _AGE_TAIL.match(
        text, end
    ):  # "I'm 31" is an age only when "years", "y/o" or nothing numeric follows
        return hit
    if (
        last in ("his", "her", "their", "my")
        and value in (50, 60, 70, 80, 90, 100)
        and _DECADE_S.match(text, end)
    ):
        return (start, end + (2 if text[end] == "'" else 1), "phi.age", 0.85 if value >= 90
                    else 0.6, "age decade")  # fmt: skip
    return None
