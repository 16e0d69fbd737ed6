"""The syndromes a post can mention, as plain data: the built-in lists (influenza-like illness,
gastrointestinal, covid-like, respiratory) and syndromes read from TOML ``[[syndrome]]`` tables
(``load_syndromes``, ``syndromes_from_data``), checked with errors that say what is wrong.
``socialrx.signals.syndromes`` matches them.

Written from general knowledge; no term was taken from an evaluation dataset.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from socialrx.errors import ConfigError


@dataclass(frozen=True)
class Syndrome:
    """A named syndrome: any one ``any`` term, or one term of every ``all`` group."""

    name: str
    any: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    exclude: tuple[str, ...] = ()


def listed(terms: str) -> tuple[str, ...]:
    """Terms written as one comma-separated string (for the built-in lists below)."""
    return tuple(t.strip() for t in terms.split(","))


FEVER = listed("fever, fevers, feverish, high temperature, running a temperature, chills")
COUGH = listed("cough, coughs, coughing, sore throat, scratchy throat")
ILI = Syndrome(
    "ili",
    any=listed(
        "flu, the flu, influenza, flu-like, influenza-like, h1n1, h3n2, flu a, flu b, "
        "swine flu, grippe"
    ),
    all=(FEVER, COUGH),
    exclude=listed(
        "stomach flu, tummy flu, gastric flu, bird flu, avian flu, avian influenza, canine flu, "
        "dog flu, equine flu, horse flu, cat flu, hay fever, yellow fever, scarlet fever, "
        "dengue fever, typhoid fever, rheumatic fever, lassa fever, valley fever, q fever, "
        "spotted fever, glandular fever, cough up, coughed up, coughing up, flu season, "
        "flu seasons"
    ),
)
GASTROINTESTINAL = Syndrome(
    "gastrointestinal",
    any=listed(
        "vomiting, vomited, vomit, throwing up, threw up, throw up, puking, puked, diarrhea, "
        "diarrhoea, stomach bug, stomach flu, tummy bug, stomach virus, gastroenteritis, "
        "gastro, norovirus, rotavirus, food poisoning, winter vomiting"
    ),
    exclude=listed("verbal diarrhea, verbal diarrhoea, word vomit"),
)
COVID_LIKE = Syndrome(
    "covid_like",
    any=listed(
        "covid, covid-19, covid19, coronavirus, sars-cov-2, omicron, loss of smell, "
        "loss of taste, lost my sense of smell, lost my sense of taste, can't smell anything, "
        "can't taste anything"
    ),
)
RESPIRATORY = Syndrome(
    "respiratory",
    any=listed(
        "rsv, respiratory syncytial, bronchiolitis, bronchitis, pneumonia, chest infection, "
        "whooping cough, pertussis, croup"
    ),
    all=(COUGH[:3], listed("wheezing, wheezy, short of breath, shortness of breath")),
)
DEFAULT_SYNDROMES: tuple[Syndrome, ...] = (ILI, GASTROINTESTINAL, COVID_LIKE, RESPIRATORY)

# --- loading from plain data ---------------------------------------------------------------------

_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_TERM = re.compile(r"[a-z0-9][a-z0-9' -]{0,58}[a-z0-9]|[a-z0-9]")
_KEYS = frozenset({"name", "any", "all", "exclude"})


def configured(path: Path | None) -> tuple[Syndrome, ...]:
    """The built-in syndromes with those of the TOML file ``path`` (``SOCIALRX_SYNDROMES_FILE``)
    added; one named like a built-in replaces it. ``ConfigError`` for a bad file."""
    if path is None:
        return DEFAULT_SYNDROMES
    extra = load_syndromes(path)
    names = {s.name for s in extra}
    return tuple(s for s in DEFAULT_SYNDROMES if s.name not in names) + extra


def load_syndromes(path: Path) -> tuple[Syndrome, ...]:
    """The syndromes of a TOML file with ``[[syndrome]]`` tables (see ``syndromes_from_data``)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read syndromes file {str(path)!r}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{str(path)!r} is not a valid TOML file: {exc}") from None
    return syndromes_from_data(data)


def syndromes_from_data(data: Mapping[str, object]) -> tuple[Syndrome, ...]:
    """Syndromes from data as read from TOML: ``{"syndrome": [{"name": …, "any": [...],
    "all": [[...], [...]], "exclude": [...]}, …]}``; ``ConfigError`` says what is wrong."""
    tables = data.get("syndrome")
    if not isinstance(tables, list) or not tables:
        raise ConfigError("expected a non-empty list of [[syndrome]] tables")
    syndromes = tuple(_syndrome(n, table) for n, table in enumerate(tables, start=1))
    names = [s.name for s in syndromes]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ConfigError(f"syndrome names must be unique; repeated: {duplicates}")
    return syndromes


def _syndrome(n: int, table: object) -> Syndrome:
    if not isinstance(table, Mapping):
        raise ConfigError(f"syndrome {n}: expected a table; got {type(table).__name__}")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"syndrome {n}: unknown keys {unknown}; expected some of {sorted(_KEYS)}")
    name = table.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ConfigError(
            f"syndrome {n}: 'name' must be lower-case letters, digits and _ "
            "(at most 40, starting with a letter)"
        )
    where = f"syndrome {name!r}"
    any_terms = _terms(f"{where}: 'any'", table.get("any", []))
    groups_value = table.get("all", [])
    if not isinstance(groups_value, list):
        raise ConfigError(f"{where}: 'all' must be a list of lists of terms")
    groups = tuple(_terms(f"{where}: 'all' group {i}", g) for i, g in enumerate(groups_value, 1))
    if len(groups) == 1:
        raise ConfigError(f"{where}: 'all' needs two or more groups (one group: use 'any')")
    if any(not group for group in groups):
        raise ConfigError(f"{where}: every 'all' group needs at least one term")
    if not any_terms and not groups:
        raise ConfigError(f"{where}: expected 'any' terms or 'all' groups; got neither")
    exclude = _terms(f"{where}: 'exclude'", table.get("exclude", []))
    return Syndrome(name, any_terms, groups, exclude)


def _terms(where: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ConfigError(f"{where} must be a list of strings")
    terms = tuple(" ".join(str(t).casefold().split()) for t in value)
    bad = [i for i, term in enumerate(terms, 1) if not _TERM.fullmatch(term)]
    if bad:
        raise ConfigError(
            f"{where}: term {bad[0]} must be 1-60 letters, digits, spaces, hyphens or "
            "apostrophes, starting and ending with a letter or digit"
        )
    return terms
