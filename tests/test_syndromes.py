"""Syndromic mentions (issue 9, point 1): the matcher on synthetic posts (every kind, with
negatives), syndromes loaded from plain data and their errors, pickling, daily counts, and the
smoke test on the real datasets (skipped, with the reason, when ../shared/data is absent)."""

from __future__ import annotations

import pickle
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from socialrx.errors import ConfigError
from socialrx.evaluation import flu
from socialrx.signals.syndrome_lists import (
    DEFAULT_SYNDROMES,
    ILI,
    Syndrome,
    load_syndromes,
    syndromes_from_data,
)
from socialrx.signals.syndromes import CountKey, Mention, SyndromeMatcher, daily_counts

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MATCHER = SyndromeMatcher()

# (text, syndrome, expected kind; None: the syndrome is not mentioned)
CASES: list[tuple[str, str, str | None]] = [
    # personal
    ("I have the flu and I feel awful", "ili", "personal"),
    ("Down with the flu again, staying in bed", "ili", "personal"),
    ("my son caught the flu at school", "ili", "personal"),
    ("Ugh, fever and a sore throat since last night, I feel terrible", "ili", "personal"),
    ("This flu is killing me", "ili", "personal"),
    ("Home sick: caught influenza from my brother", "ili", "personal"),
    ("Day three of the flu. Headache and chills", "ili", "personal"),
    ("I've been throwing up all night, stomach bug I think", "gastrointestinal", "personal"),
    ("My daughter has norovirus, whole house is sick", "gastrointestinal", "personal"),
    ("Tested positive, I have covid and I feel rough", "covid_like", "personal"),
    ("our baby has rsv and we are at the doctor", "respiratory", "personal"),
    ("I’m down with the FLU", "ili", "personal"),  # typographic apostrophe, capitals
    # news
    ("CDC reports flu cases rising in 30 states", "ili", "news"),
    ("Health officials warn of a norovirus outbreak on a cruise ship", "gastrointestinal", "news"),
    ("Study: influenza hospitalizations up 20% this winter https://example.org", "ili", "news"),
    ("County confirms three deaths from the flu", "ili", "news"),
    # figurative
    ("Bieber fever is real", "ili", "figurative"),
    ("Cabin fever after a week of snow", "ili", "figurative"),
    ("this song makes me want to vomit", "gastrointestinal", "figurative"),
    ("Pure word vomit in that speech", "gastrointestinal", None),
    # vaccination and other talk
    ("Got my flu shot today at the pharmacy", "ili", "other"),
    ("Flu vaccine clinic open Saturday", "ili", "other"),
    ("I was vaccinated against the flu last week", "ili", "other"),
    ("If you have the flu, stay home and rest", "ili", "other"),
    ("Five tips to avoid the flu", "ili", "other"),
    ("Covid is worse than the flu", "ili", "other"),
    ("I had the flu two years ago", "ili", "other"),
    # negation
    ("No fever, no cough, just tired", "ili", None),
    ("I never had the flu in my life", "ili", None),
    ("Luckily I didn't catch the flu this time", "ili", None),
    ("no vomiting since yesterday", "gastrointestinal", None),
    # not this syndrome
    ("I have the stomach flu", "ili", None),
    ("I have the stomach flu", "gastrointestinal", "personal"),
    ("Hay fever and a cough, allergies are back", "ili", None),
    ("Bird flu found on a poultry farm", "ili", None),
    ("I have a cough", "ili", None),
    ("My influencer friends love fluffy cats", "ili", None),
    ("", "ili", None),
]


@pytest.mark.parametrize(("text", "syndrome", "kind"), CASES)
def test_match(text: str, syndrome: str, kind: str | None) -> None:
    found = {m.syndrome: m.kind for m in MATCHER.match(text)}
    assert found.get(syndrome) == kind


def test_one_mention_per_syndrome() -> None:
    text = "I have the flu. My flu is bad. CDC says flu cases are up. Got a flu shot too."
    mentions = MATCHER.match(text)
    assert [m.syndrome for m in mentions] == ["ili"]
    assert mentions == (Mention("ili", "personal"),)


def test_a_literal_mention_outranks_figurative_and_vaccination_hits() -> None:
    text = "Spring fever? No: real fever and cough, I feel awful. Should have had the flu shot."
    assert {m.syndrome: m.kind for m in MATCHER.match(text)}["ili"] == "personal"


def test_a_configured_syndrome() -> None:
    measles = Syndrome("measles", any=("measles",), all=(("rash",), ("fever", "high temperature")))
    matcher = SyndromeMatcher([measles])
    assert matcher.match("My son has measles") == (Mention("measles", "personal"),)
    assert matcher.match("I have a rash and a fever, feel awful") == (
        Mention("measles", "personal"),
    )
    assert matcher.match("I have a rash") == ()


# --- loading --------------------------------------------------------------------------------

GOOD = {
    "syndrome": [
        {"name": "measles", "any": ["measles", "Rubeola"]},
        {
            "name": "ili_lite",
            "all": [["fever"], ["cough", "sore  throat"]],
            "exclude": ["hay fever"],
        },
    ]
}


def test_syndromes_from_data() -> None:
    measles, ili = syndromes_from_data(GOOD)
    assert measles == Syndrome("measles", ("measles", "rubeola"))
    assert ili.all == (("fever",), ("cough", "sore throat"))
    assert ili.exclude == ("hay fever",)


def test_load_syndromes_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "syndromes.toml"
    path.write_text(
        '[[syndrome]]\nname = "mumps"\nany = ["mumps", "swollen glands"]\n', encoding="utf-8"
    )
    assert load_syndromes(path) == (Syndrome("mumps", ("mumps", "swollen glands")),)
    path.write_text("[[syndrome]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a valid TOML"):
        load_syndromes(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_syndromes(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "non-empty list of \\[\\[syndrome\\]\\]"),
        ({"syndrome": []}, "non-empty list"),
        ({"syndrome": ["flu"]}, "syndrome 1: expected a table; got str"),
        ({"syndrome": [{"name": "x", "any": ["a"], "anyy": []}]}, "unknown keys \\['anyy'\\]"),
        ({"syndrome": [{"any": ["flu"]}]}, "'name' must be lower-case"),
        ({"syndrome": [{"name": "Flu Like", "any": ["flu"]}]}, "'name' must be lower-case"),
        ({"syndrome": [{"name": "x"}]}, "expected 'any' terms or 'all' groups; got neither"),
        ({"syndrome": [{"name": "x", "any": "flu"}]}, "'any' must be a list of strings"),
        ({"syndrome": [{"name": "x", "any": [3]}]}, "'any' must be a list of strings"),
        ({"syndrome": [{"name": "x", "any": ["ok", "fl*u"]}]}, "'any': term 2 must be"),
        ({"syndrome": [{"name": "x", "any": [" "]}]}, "term 1 must be"),
        ({"syndrome": [{"name": "x", "all": ["fever"]}]}, "'all' group 1 must be a list"),
        ({"syndrome": [{"name": "x", "all": [["fever"]]}]}, "two or more groups"),
        ({"syndrome": [{"name": "x", "all": [["fever"], []]}]}, "at least one term"),
        ({"syndrome": [{"name": "x", "all": "fever"}]}, "'all' must be a list of lists"),
        ({"syndrome": [{"name": "x", "any": ["a"], "exclude": [1]}]}, "'exclude' must be"),
        (
            {"syndrome": [{"name": "x", "any": ["a"]}, {"name": "x", "any": ["b"]}]},
            "unique; repeated: \\['x'\\]",
        ),
    ],
)
def test_loading_errors_say_what_is_wrong(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        syndromes_from_data(data)


def test_the_built_in_syndromes_are_valid_data() -> None:
    data = {
        "syndrome": [
            {"name": s.name, "any": list(s.any), "all": [list(g) for g in s.all],
             "exclude": list(s.exclude)}
            for s in DEFAULT_SYNDROMES
        ]
    }  # fmt: skip
    assert syndromes_from_data(data) == DEFAULT_SYNDROMES


# --- properties -----------------------------------------------------------------------------

WORDS = ["I", "my", "have", "the", "flu", "fever", "cough", "no", "shot", "CDC", "cases",
         "Bieber", "vomiting", "covid", "rsv", "if", "you", "sore", "throat", "caught", ".",
         "?", "never", "news", "https://x.org", "stomach", "bug", "spring", "—", "é"]  # fmt: skip
POSTS = st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join)


@given(st.text(max_size=300))
def test_match_never_raises_and_is_well_formed(text: str) -> None:
    mentions = MATCHER.match(text)
    names = [m.syndrome for m in mentions]
    assert len(names) == len(set(names))
    assert all(m.kind in ("personal", "news", "figurative", "other") for m in mentions)


@given(POSTS | st.text(max_size=120), st.sampled_from(["", " ", "\n", "\t  "]))
def test_surrounding_whitespace_does_not_matter(text: str, pad: str) -> None:
    assert MATCHER.match(pad + text + pad) == MATCHER.match(text)


@given(POSTS)
def test_case_does_not_matter(text: str) -> None:
    assert MATCHER.match(text.upper()) == MATCHER.match(text) == MATCHER.match(text.lower())


def test_pickling_keeps_behaviour_and_drops_compiled_patterns() -> None:
    matcher = SyndromeMatcher()
    assert matcher._compiled is None  # nothing compiled before first use
    before = matcher.match("I have the flu, fever and cough")
    copy = pickle.loads(pickle.dumps(matcher))
    assert copy._compiled is None
    assert copy.syndromes == matcher.syndromes
    assert copy.match("I have the flu, fever and cough") == before
    assert repr(copy) == "SyndromeMatcher(['ili', 'gastrointestinal', 'covid_like', 'respiratory'])"


# --- daily counts ---------------------------------------------------------------------------


def test_daily_counts() -> None:
    day1, day2 = date(2026, 1, 5), date(2026, 1, 6)
    items = [
        (day1, "I have the flu", "NY"),
        (day1, "Caught the flu, feel awful", "NY"),
        (day1, "CDC reports flu cases", None),
        (datetime(2026, 1, 6, 23, 30, tzinfo=UTC), "my son has the flu and is vomiting", "CA"),
        (day2, "Nothing to see here", "CA"),
        (day2, "Got my flu shot", "CA"),
    ]
    counts = daily_counts(iter(items), MATCHER)
    assert counts == Counter({
        CountKey(day1, "ili", "personal", "NY"): 2,
        CountKey(day1, "ili", "news", None): 1,
        CountKey(day2, "ili", "personal", "CA"): 1,
        CountKey(day2, "gastrointestinal", "personal", "CA"): 1,
        CountKey(day2, "ili", "other", "CA"): 1,
    })  # fmt: skip
    assert all(isinstance(k.day, date) and not isinstance(k.day, datetime) for k in counts)
    assert daily_counts([], MATCHER) == Counter()


def test_daily_counts_keep_no_text() -> None:
    secret = "Zebulon Quartermaine"
    counts = daily_counts([(date(2026, 1, 5), f"{secret} and I have the flu", None)], MATCHER)
    assert secret not in repr(counts)


# --- the smoke test on real data ------------------------------------------------------------


def _need(name: str) -> Path:
    path = DATA / name
    if not path.is_dir():
        pytest.skip(f"dataset not present at {path}")
    return path


def test_chapmacl_personal_flu_mentions() -> None:
    """Noisy single-annotator labels: floors are the measured figures minus a margin."""
    precision, recall, f1 = flu.chapmacl_figures(_need(flu.CHAPMACL), MATCHER)
    assert "836 distinct tweets (269 yes)" in precision.detail
    assert precision.value >= 0.75, precision.detail
    assert recall.value >= 0.55, recall.detail
    assert f1.value >= 0.65
    assert all(f.passed for f in (precision, recall, f1))


def test_rhmd_typing() -> None:
    figures = flu.rhmd_figures(_need("rhmd-reddit-health-mention"), MATCHER)
    assert all(f.passed for f in figures), [f.as_dict() for f in figures]


def test_eval_signals_command() -> None:
    from socialrx.cli_quality import eval_app

    _need(flu.CHAPMACL)
    result = CliRunner().invoke(eval_app, ["signals", str(DATA), "--json"])
    assert result.exit_code == 0, result.output
    assert '"personal ILI mention precision vs yes"' in result.output


def test_eval_signals_command_without_datasets(tmp_path: Path) -> None:
    from socialrx.cli_quality import eval_app

    result = CliRunner().invoke(eval_app, ["signals", str(tmp_path)])
    assert result.exit_code != 0
    assert "no syndromic dataset found" in result.output


def test_ili_is_a_default() -> None:
    assert ILI in DEFAULT_SYNDROMES
