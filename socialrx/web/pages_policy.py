"""The policy page: the version in force, its allow-lists (the organisation's own names,
numbers, addresses, handles, which are never patient PHI) and phrase lists (``lexicon.<list>``),
a "try it" box that shows a text's decision under the version in force and under the edits on
the page before they are saved, and the history of versions with the change each made.

Reviewers, compliance officers and admins see it; compliance and admins change it. Saving makes
a new version (``socialrx.store.policies``): the form carries the version it was opened at, and
a save made after someone else's is refused rather than undoing theirs.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from socialrx.errors import ConflictError, InputError, NotFoundError, PolicyError, SocialrxError
from socialrx.model import Channel
from socialrx.pipeline import Pipeline, make_document
from socialrx.policy import ALLOW_LISTS
from socialrx.policy_edit import Lists, edit, entries, lists_of
from socialrx.store.database import Session
from socialrx.store.models import User
from socialrx.store.policies import Saved
from socialrx.web import policies
from socialrx.web.auth import Principal
from socialrx.web.pages import in_role, render
from socialrx.web.schemas import MAX_ID
from socialrx.web.storage import transact

router = APIRouter(include_in_schema=False)
READERS = frozenset({"reviewer", "compliance", "admin"})
KEEPERS = frozenset({"compliance", "admin"})
TRY_CHANNELS: tuple[Channel, ...] = ("outbound", "reply", "inbound")
ALLOW_HELP = {
    "names": "Staff, spokespeople, donors whose names are on buildings",
    "phones": "The organisation's own phone and fax numbers",
    "emails": "The organisation's own e-mail addresses",
    "domains": "Own web sites (e-mail at these domains is allowed too)",
    "handles": "Own social media handles",
    "places": "Own addresses, campus and building names",
}
MAX_TRY = 5000  # characters in the try-it box


async def reader(request: Request) -> Principal | Response:
    return await in_role(request, READERS, "The policy page is for reviewers, compliance "
                         "officers and admins.", "/compose")  # fmt: skip


async def keeper(request: Request) -> Principal | Response:
    return await in_role(request, KEEPERS, "Only compliance officers and admins change the "
                         "policy.", "/policy")  # fmt: skip


@router.get("/policy")
async def page(
    request: Request, saved: Annotated[int | None, Query(ge=1, le=2**31)] = None
) -> Response:
    who = await reader(request)
    if isinstance(who, Response):
        return who
    notice = f"Saved as version {saved}: it is in force now." if saved else None
    return await _page(request, who, notice=notice)


async def _page(request: Request, who: Principal, status: int = 200, **context: Any) -> Response:
    current: Saved = request.app.state.policies.saved

    def work(session: Session, _user: User) -> list[Saved]:
        from socialrx.store import policies as store

        return store.lineage(session, limit=50)

    history = await transact(request, who, work)
    form = context.pop("form", None) or _form_of(lists_of(current.policy))
    return render(request, "policy.html", who, status=status, current=current, history=history,
                  form=form, editor=who.role in KEEPERS, allow_help=ALLOW_HELP,
                  channels=TRY_CHANNELS, **context)  # fmt: skip


def _form_of(lists: Lists) -> dict[str, Any]:
    return {"allow": {k: "\n".join(v) for k, v in lists.allow.items()},
            "phrases": {k: "\n".join(v) for k, v in lists.phrases.items()},
            "new_name": "", "new_phrases": "", "note": "", "try_text": "",
            "try_channel": "outbound"}  # fmt: skip


def _form_from(data: FormData) -> dict[str, Any]:
    """The page's fields as posted (strings only; anything else is ignored)."""

    def field(name: str) -> str:
        value = data.get(name, "")
        return value if isinstance(value, str) else ""

    phrases = {key.removeprefix("phrases__"): field(key) for key in data
               if key.startswith("phrases__")}  # fmt: skip
    return {"allow": {k: field(f"allow__{k}") for k in ALLOW_LISTS}, "phrases": phrases,
            "new_name": field("new_name").strip(), "new_phrases": field("new_phrases"),
            "note": field("note"), "try_text": field("try_text"),
            "try_channel": field("try_channel") or "outbound"}  # fmt: skip


def _lists(form: dict[str, Any]) -> Lists:
    """The lists the form describes; an emptied phrase list is removed. ``PolicyError``."""
    allow = {k: entries(v, f"allow-list {k}") for k, v in form["allow"].items()}
    phrases = {k: entries(v, f"phrase list {k}") for k, v in form["phrases"].items()}
    if form["new_name"]:
        if form["new_name"] in phrases:
            raise PolicyError(f"there is already a phrase list called {form['new_name']}")
        phrases[form["new_name"]] = entries(form["new_phrases"], "the new phrase list")
    elif form["new_phrases"].strip():
        raise PolicyError("give the new phrase list a name")
    return Lists(allow=allow, phrases={k: v for k, v in phrases.items() if v})


@router.post("/policy/try")
async def try_it(request: Request) -> Response:
    """The try-it box: the text's decision now, and with the page's unsaved edits."""
    who = await reader(request)
    if isinstance(who, Response):
        return who
    form = _form_from(await request.form())
    current: Saved = request.app.state.policies.saved
    pipeline: Pipeline = request.app.state.policies.pipeline
    channel = form["try_channel"]
    if channel not in TRY_CHANNELS:
        return await _page(request, who, 400, form=form, error="Choose a channel from the list.")
    text = form["try_text"]
    if not text.strip() or len(text) > MAX_TRY or "\x00" in text:
        return await _page(request, who, 400, form=form,
                           error=f"Type a text of 1 to {MAX_TRY} characters to try.")  # fmt: skip
    results = [_result(f"Version {current.number} (in force)", pipeline, text, channel)]
    if who.role in KEEPERS:
        try:
            _, draft = edit(current.source, _lists(form), origin="your changes")
        except PolicyError as problem:
            return await _page(request, who, 400, form=form, error=str(problem), tried=results)
        if lists_of(draft) != lists_of(current.policy):
            try:
                changed = policies.ready(draft)
            except SocialrxError as problem:
                return await _page(request, who, 400, form=form, error=str(problem),
                                   tried=results)  # fmt: skip
            results.append(_result("With your changes (not saved)", changed, text, channel))
    return await _page(request, who, form=form, tried=results)


def _result(title: str, pipeline: Pipeline, text: str, channel: Channel) -> dict[str, Any]:
    from socialrx.web.marks import marked

    record = pipeline.analyze(make_document(text, channel)).to_record()
    return {"title": title, "action": record["decision"],
            "findings": record["findings"], "marked": marked(text, record["findings"]),
            "labels": record.get("labels", [])}  # fmt: skip


@router.post("/policy")
async def save(request: Request) -> Response:
    who = await keeper(request)
    if isinstance(who, Response):
        return who
    data = await request.form()
    form = _form_from(data)
    current: Saved = request.app.state.policies.saved
    base = data.get("base", "")
    if not isinstance(base, str) or not base.isdigit():
        return await _page(request, who, 400, form=form, error="The form lost its version; "
                           "reload the page.")  # fmt: skip
    try:
        source, draft = edit(current.source, _lists(form), origin="your changes")
        if lists_of(draft) == lists_of(current.policy) and int(base) == current.number:
            raise InputError("nothing changed: the lists are the same as in version "
                             f"{current.number}")  # fmt: skip
        saved = await policies.save(request, who, source, form["note"], int(base))
    except ConflictError as problem:
        return await _page(request, who, 409, form=form, error=str(problem))
    except (InputError, PolicyError) as problem:
        return await _page(request, who, 400, form=form, error=str(problem))
    return RedirectResponse(f"/policy?saved={saved.number}", status_code=303)


@router.get("/policy/versions/{number}")
async def version(request: Request,
                  number: Annotated[int, Path(ge=0, le=MAX_ID)]) -> Response:  # fmt: skip
    """One version's TOML and what it changed from the one before."""
    who = await reader(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, _user: User) -> tuple[Saved, Saved | None]:
        from socialrx.store import policies as store

        this = store.version(session, number)
        first = store.builtin().number  # versions count up by one from the built-in default
        return this, (store.version(session, number - 1) if number > first else None)

    try:
        this, before = await transact(request, who, work)
    except NotFoundError as problem:
        return render(request, "message.html", who, status=404, title="No such version",
                      message=str(problem), back="/policy")  # fmt: skip
    diff = _diff(before, this) if before else []
    return render(request, "policy_version.html", who, saved=this, before=before, diff=diff)


def _diff(before: Saved, after: Saved) -> list[tuple[str, str]]:
    """The lines that changed, as (kind, line): kind is "add", "del" or "at" (a position)."""
    lines = difflib.unified_diff(before.source.splitlines(), after.source.splitlines(),
                                 lineterm="", n=2)  # fmt: skip
    out: list[tuple[str, str]] = []
    for line in list(lines)[2:]:
        kind = {"+": "add", "-": "del", "@": "at"}.get(line[:1], "same")
        out.append((kind, line[1:] if kind in ("add", "del", "same") else line))
    return out
