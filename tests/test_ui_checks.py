"""The in-page checks of tests/browser.py find what they are for, and pass clean markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browser import accessibility_problems, focus_problems, overflow_problems

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CLEAN = """<!doctype html><html lang="en"><head><title>Clean</title></head><body>
<form><label for="e">E-mail</label><input id="e" name="email">
<label>Note <textarea name="note"></textarea></label>
<select name="role" aria-label="Role"><option>author</option></select>
<input type="checkbox" id="c" aria-labelledby="cl"><span id="cl">Consent linked</span>
<button type="submit">Submit</button> <a href="/x">Open</a>
<a href="/y"><img src="data:," alt="Home"></a></form></body></html>"""


def test_clean_markup_passes(page: Page) -> None:
    page.set_content(CLEAN)
    assert accessibility_problems(page) == []
    assert focus_problems(page) == []
    assert overflow_problems(page) == []


def test_clean_markup_passes_on_a_phone(mobile_page: Page) -> None:
    mobile_page.set_content(CLEAN)
    assert overflow_problems(mobile_page) == []


PAGE = '<!doctype html><html lang="en"><head><title>T</title></head><body>{}</body></html>'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<input name="q" placeholder="Search">', "input[name=q] has no label"),
        ('<textarea id="t"></textarea>', "textarea#t has no label"),
        ('<label for="other">X</label><select name="s"></select>', "select[name=s] has no label"),
        ('<button class="icon"></button>', "button.icon has no accessible name"),
        ('<a href="/x" id="bare"></a>', "a#bare has no accessible name"),
        ('<img src="data:," id="i">', "img#i has no alt"),
        ('<p id="a"></p><p id="a"></p>', 'id "a" is used 2 times'),
        ('<p id="pale" style="color:#bbb">faint</p>', "p#pale: text contrast 1.92:1 is under 4.5:1"),
        ('<div style="background:#000"><p id="dim" style="color:#333">dim</p></div>',
         "p#dim: text contrast 1.66:1 is under 4.5:1"),
    ],
)  # fmt: skip
def test_accessibility_problems_are_found(page: Page, body: str, expected: str) -> None:
    page.set_content(PAGE.format(body))
    assert accessibility_problems(page) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        '<input type="hidden" name="csrf_token" value="x">',  # not a visible control
        '<div hidden><input name="later"></div>',  # not shown
        '<button><img src="data:," alt="Close"></button>',  # named by its image
        '<input type="submit" value="Send">',
        '<p style="color:#767676">the lightest grey that passes on white</p>',
        '<h1 style="color:#949494;font-size:32px">large text needs 3:1</h1>',
        '<button disabled style="color:#ccc">disabled controls are exempt</button>',
    ],
)  # fmt: skip
def test_accessible_markup_is_not_flagged(page: Page, body: str) -> None:
    page.set_content(PAGE.format(body))
    assert accessibility_problems(page) == []


def test_a_page_without_lang_or_title_is_flagged(page: Page) -> None:
    page.set_content("<p>hello</p>")
    assert accessibility_problems(page) == ["<html> has no lang", "the page has no <title>"]


def test_focus_that_does_not_show_is_found(page: Page) -> None:
    page.set_content(PAGE.format('<style>a:focus{outline:none}</style><a href="/x" id="l">Go</a>'
                                 '<button>Fine</button>'))  # fmt: skip
    assert focus_problems(page) == ["a#l shows no focus (no outline or box shadow)"]


def test_a_page_the_keyboard_cannot_reach_is_found(page: Page) -> None:
    page.set_content(PAGE.format("<p>Nothing to focus</p>"))
    assert focus_problems(page) == ["the keyboard (Tab) reaches no element"]


def test_sideways_scrolling_on_a_phone_is_found(mobile_page: Page) -> None:
    mobile_page.set_content(PAGE.format('<div id="wide" style="width:600px">x</div>'))
    assert overflow_problems(mobile_page) == [
        "the page scrolls sideways: 608px of content in 375px",  # with the body's 8-px margin
        "div#wide sticks out past the right edge (375px)",
    ]


def test_a_table_in_a_scrolling_box_is_fine_on_a_phone(mobile_page: Page) -> None:
    mobile_page.set_content(PAGE.format(
        '<div style="overflow-x:auto"><table style="width:900px"><tr><td>x</td></tr></table></div>'))  # fmt: skip
    assert overflow_problems(mobile_page) == []
