"""Editing a policy's lists in its TOML: the lists are replaced, everything else (comments,
layout, other tables) survives, the result parses to the same lists, and bad lists are refused
with a message that names the problem."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialrx.errors import PolicyError
from socialrx.policy import ALLOW_LISTS, parse_policy
from socialrx.policy_edit import MAX_ENTRY, Lists, edit, entries, lists_of
from socialrx.store.policies import builtin

SOURCE = builtin().source
NONE = {name: () for name in ALLOW_LISTS}


def lists(phrases: dict[str, tuple[str, ...]] | None = None, **allow: tuple[str, ...]) -> Lists:
    return Lists(allow={**NONE, **allow}, phrases=phrases or {})


def test_lists_are_replaced_and_comments_survive() -> None:
    wanted = Lists(allow={**NONE, "names": ("Dr. Ann Lee", "Ward 7 \"East\"")},
                   phrases={"competitors": ("SuperClinic", "Acme Health")})  # fmt: skip
    text, policy = edit(SOURCE, wanted, version=2)
    assert lists_of(policy) == wanted
    assert policy.ref == "default@2"
    assert "# The built-in default policy." in text  # comments kept
    assert "# the organisation's own identifiers (never patient PHI)" in text
    assert policy.actions == parse_policy(SOURCE).actions  # the rest is as it was


def test_emptying_every_phrase_list_removes_the_table() -> None:
    text, _ = edit(SOURCE, lists(phrases={"banned": ("cure",)}))
    assert "[detectors.lexicon.lists]" in text
    text2, policy = edit(text, lists())
    assert "[detectors" not in text2 and text2.rstrip() == SOURCE.rstrip()
    assert lists_of(policy).phrases == {}


def test_no_lists_given_changes_only_the_version() -> None:
    text, policy = edit(SOURCE, version=7)
    assert policy.version == "7"
    assert text.replace("version = 7", "version = 1") == SOURCE


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lists(phrases={"Competitors": ("x",)}), "lower-case letters"),
        (lists(phrases={"": ("x",)}), "lower-case letters"),
        (lists(phrases={"a" * 41: ("x",)}), "1 to 40"),
        (Lists(allow={"nicknames": ("x",)}, phrases={}), "unknown allow-lists"),
    ],
)
def test_bad_lists_are_refused(bad: Lists, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        edit(SOURCE, bad)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("name = ", "not valid TOML"),
        ('name = "x"\nversion = 1\nsurprise = 1', "unknown keys"),
        ('name = "x"\nversion = 1\nallow = 3', r"\[allow\] must be a table"),
    ],
)
def test_bad_sources_are_refused(source: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        edit(source, lists(names=("a",)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("\n \n\t\n", ()),
        ("  Ann   Lee \nBob\nAnn Lee\n", ("Ann Lee", "Bob")),  # trimmed, spaces folded, once
        ("b\r\na", ("b", "a")),  # order kept, any line ending
    ],
)
def test_entries_are_one_per_line(text: str, expected: tuple[str, ...]) -> None:
    assert entries(text, "names") == expected


def test_entries_refuse_what_cannot_be_a_name() -> None:
    with pytest.raises(PolicyError, match=f"longer than {MAX_ENTRY}") as caught:
        entries("x" * (MAX_ENTRY + 1), "allow-list names")
    assert "xxxx" not in str(caught.value)  # the message never echoes the entry


ENTRY = st.text(min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)


@given(names=st.lists(ENTRY, max_size=6, unique=True),
       phrases=st.lists(ENTRY, min_size=1, max_size=6, unique=True))  # fmt: skip
def test_any_entries_round_trip_through_the_toml(names: list[str], phrases: list[str]) -> None:
    wanted = lists(names=tuple(names), phrases={"words": tuple(phrases)})
    _, policy = edit(SOURCE, wanted)
    got = lists_of(policy)
    assert got.allow["names"] == tuple(names)
    assert got.phrases == {"words": tuple(p for p in phrases if p.strip())}
