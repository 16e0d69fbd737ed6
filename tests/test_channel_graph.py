"""The Facebook Page and Instagram connectors against a loopback Graph API speaking Meta's
documented shapes (tests/fake_graph.py): what goes on the wire (the exact text, the two-step
Instagram publish, replies to comments), comments read oldest first without gaps or repeats
from a cursor, a lost answer settled by ``find``, Graph's error codes as the right ChannelError,
and metrics mapped from fields and insights. All text is synthetic."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fake_graph import IG_USER_ID, IG_USERNAME, PAGE_ID, REGAIN_MINUTES, TOKEN, VERSION, Graph
from fake_graph import running as graph_running
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialrx.channels.base import Incoming, Metrics, Outgoing
from socialrx.channels.graph import (
    PAGE,
    Facebook,
    Instagram,
    Mark,
    check_graph,
    regain_at,
)
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
    RateLimitedError,
)

TEXT = "Flu shots are free at our Main Street clinic this week (synthetic).\nNo appointment needed."
IMAGE = "https://cdn.example.org/flu-clinic.jpg"
Connector = Facebook | Instagram


@pytest.fixture
def graph() -> Iterator[Graph]:
    with graph_running(slow_seconds=1.0) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


def facebook(graph: Graph, client: httpx.Client, token: str = TOKEN) -> Facebook:
    return Facebook(PAGE_ID, token, client, base_url=graph.url, version=VERSION)


def instagram(graph: Graph, client: httpx.Client, token: str = TOKEN,
              image_url: str | None = IMAGE) -> Instagram:  # fmt: skip
    return Instagram(IG_USER_ID, token, client, image_url, base_url=graph.url, version=VERSION)


def outgoing(text: str = TEXT, reply_to: str | None = None, at: datetime | None = None,
             channel: str = "facebook") -> Outgoing:  # fmt: skip
    return Outgoing(1, channel, text, "h", "srx-1-v1", in_reply_to=reply_to, at=at)


def form(request: tuple[str, str, dict[str, str], bytes]) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(request[3].decode(), keep_blank_values=True).items()}


def query(request: tuple[str, str, dict[str, str], bytes]) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(request[1]).query).items()}


# ----------------------------------------------------------------------------- the two platforms


@dataclass
class Side:
    """One platform as the table-driven tests see it."""

    name: str
    connector: Callable[[Graph, httpx.Client, str], Connector]
    target: Callable[[Graph, str, datetime | None], str]  # a post / media to comment on
    comment: Callable[[Graph, str, str, datetime | None], str]  # a comment by someone else
    posted: Callable[[Graph], list[str]]  # the texts the account has posted, oldest first


def _fb_comment(graph: Graph, target: str, text: str, at: datetime | None) -> str:
    return str(graph.comment(target, text, at)["id"])


def _ig_comment(graph: Graph, target: str, text: str, at: datetime | None) -> str:
    return str(graph.ig_comment(target, text, at)["id"])


FB = Side("facebook", facebook,
          lambda g, text, at: str(g.post(text, at)["id"]), _fb_comment,
          lambda g: [p["message"] for p in g.posts])  # fmt: skip
IG = Side("instagram", instagram,
          lambda g, text, at: str(g.media_item(text, at)["id"]), _ig_comment,
          lambda g: [m["caption"] for m in g.media])  # fmt: skip
SIDES = [pytest.param(FB, id="facebook"), pytest.param(IG, id="instagram")]


# ----------------------------------------------------------------------------- publishing


def test_a_facebook_post_carries_the_exact_text(graph: Graph, client: httpx.Client) -> None:
    published = facebook(graph, client).publish(outgoing())
    [post] = graph.posts
    assert post["message"] == TEXT
    assert published.external_id == post["id"] and post["id"].startswith(f"{PAGE_ID}_")
    assert published.url == f"https://www.facebook.com/{post['id']}"
    [request] = graph.requests
    assert request[:2] == ("POST", f"/{VERSION}/{PAGE_ID}/feed")
    assert form(request) == {"message": TEXT, "access_token": TOKEN}


def test_an_instagram_post_is_a_container_then_a_publish(graph: Graph,
                                                         client: httpx.Client) -> None:  # fmt: skip
    published = instagram(graph, client).publish(outgoing(channel="instagram"))
    [media] = graph.media
    assert media["caption"] == TEXT and media["media_url"] == IMAGE
    assert published.external_id == media["id"] and published.url == media["permalink"]
    make, publish = graph.requests[0], graph.requests[1]
    assert make[:2] == ("POST", f"/{VERSION}/{IG_USER_ID}/media")
    assert form(make) == {"image_url": IMAGE, "caption": TEXT, "access_token": TOKEN}
    [container] = graph.containers
    assert publish[:2] == ("POST", f"/{VERSION}/{IG_USER_ID}/media_publish")
    assert form(publish) == {"creation_id": container, "access_token": TOKEN}


def test_instagram_needs_an_image_for_a_post_but_not_for_a_reply(graph: Graph,
                                                                 client: httpx.Client) -> None:  # fmt: skip
    bare = instagram(graph, client, image_url=None)
    with pytest.raises(ChannelRejected, match="a post needs an image; set image_url") as caught:
        bare.publish(outgoing(channel="instagram"))
    assert "Flu shots" not in str(caught.value) and graph.requests == [] and graph.media == []
    media = graph.media_item("Our new clinic hours (synthetic)")
    comment = graph.ig_comment(media["id"], "Open on Sundays?")
    bare.publish(outgoing("Yes, 9 to 5.", reply_to=comment["id"], channel="instagram"))
    with pytest.raises(ConfigError, match="image_url must be a public https://"):
        instagram(graph, client, image_url="file:///etc/passwd")


@pytest.mark.parametrize("side", SIDES)
def test_a_reply_answers_the_comment(graph: Graph, client: httpx.Client, side: Side) -> None:
    target = side.target(graph, "Visiting hours change next week (synthetic).", None)
    comment = side.comment(graph, target, "What about weekends?", None)
    made = side.connector(graph, client, TOKEN).publish(
        outgoing("Weekends stay the same.\n— the team", reply_to=comment))  # fmt: skip
    method, path, _, _ = graph.requests[-1]
    if side is FB:
        reply = graph.comments[made.external_id]
        assert (path, reply["parent"], reply["from"]["id"]) == (
            f"/{VERSION}/{comment}/comments", {"id": comment}, PAGE_ID)  # fmt: skip
        assert reply["message"] == "Weekends stay the same.\n— the team"
    else:
        reply = graph.ig_comments[made.external_id]
        assert (path, reply["parent_id"], reply["username"]) == (
            f"/{VERSION}/{comment}/replies", comment, IG_USERNAME)  # fmt: skip
        assert reply["text"] == "Weekends stay the same.\n— the team"
    assert method == "POST" and side.posted(graph) == [
        "Visiting hours change next week (synthetic)."
    ]


@pytest.mark.parametrize("side", SIDES)
def test_a_reply_to_a_missing_comment_is_rejected(graph: Graph, client: httpx.Client,
                                                  side: Side) -> None:  # fmt: skip
    with pytest.raises(ChannelRejected, match=r"answered HTTP 400 \(Graph error 100/33\)"):
        side.connector(graph, client, TOKEN).publish(outgoing(reply_to="999_404"))


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "HTTP 400 (Graph error 100)"), ("   \n ", "HTTP 400 (Graph error 100)")],
)
def test_a_blank_facebook_post_is_rejected(graph: Graph, client: httpx.Client, text: str,
                                           error: str) -> None:  # fmt: skip
    with pytest.raises(ChannelRejected) as caught:
        facebook(graph, client).publish(outgoing(text))
    assert error in str(caught.value) and "required" not in str(caught.value)  # not Graph's words
    assert graph.posts == []


# ----------------------------------------------------------------------------- failures


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("fault", "error", "message", "wait"),
    [
        ("401", ChannelAuthError, "answered HTTP 400 (Graph error 190/463): the access token is "
         "invalid or expired", None),
        ("429", RateLimitedError, "answered HTTP 429 (Graph error 4): rate limited until",
         timedelta(seconds=60)),  # no time named: a minute
        ("throttle", RateLimitedError, "answered HTTP 400 (Graph error 32): rate limited until",
         timedelta(minutes=REGAIN_MINUTES)),  # X-Business-Use-Case-Usage
        ("500", ChannelUnavailable, "answered HTTP 500 (Graph error 2): the platform failed", None),
        ("timeout", ChannelUnavailable, "did not answer in time", None),
        ("drop", ChannelUnavailable, "could not be reached", None),
    ],
)  # fmt: skip
def test_failures_are_the_right_channel_errors(graph: Graph, client: httpx.Client, side: Side,
                                               fault: str, error: type[ChannelError], message: str,
                                               wait: timedelta | None) -> None:  # fmt: skip
    graph.faults.append(fault)
    before = datetime.now(UTC)
    with pytest.raises(error) as caught:
        side.connector(graph, client, TOKEN).publish(outgoing())
    assert str(caught.value).startswith(f"{side.name} {message}")
    assert "Flu shots" not in str(caught.value) and "appointment" not in str(caught.value)
    assert TOKEN not in str(caught.value)
    if wait is not None:
        assert isinstance(caught.value, RateLimitedError)
        assert before + wait - timedelta(seconds=1) <= caught.value.retry_at
        assert caught.value.retry_at <= datetime.now(UTC) + wait
    assert side.posted(graph) == []


@pytest.mark.parametrize("side", SIDES)
def test_a_wrong_token_fails_every_call_as_auth(graph: Graph, client: httpx.Client,
                                                side: Side) -> None:  # fmt: skip
    target = side.target(graph, "An older post (synthetic).", None)
    connector = side.connector(graph, client, "expired-token")
    calls: list[Callable[[], Any]] = [
        lambda: connector.fetch(None), lambda: connector.fetch("1700000000"),
        lambda: connector.find(outgoing()), lambda: connector.metrics([target]),
        lambda: connector.publish(outgoing()),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(ChannelAuthError, match="Graph error 190"):
            call()
    assert len(side.posted(graph)) == 1


@pytest.mark.parametrize(
    ("status", "body", "headers", "error", "wait"),
    [
        (400, {"error": {"code": 190, "error_subcode": 460, "type": "OAuthException"}}, {},
         ChannelAuthError, None),
        (400, {"error": {"code": 102}}, {}, ChannelAuthError, None),
        (403, {"error": {"code": 200, "message": "(#200) Permissions error"}}, {},
         ChannelAuthError, None),
        (400, {"error": {"code": 10}}, {}, ChannelAuthError, None),
        (401, {}, {}, ChannelAuthError, None),
        (400, {"error": {"code": 613}}, {"Retry-After": "90"}, RateLimitedError,
         timedelta(seconds=90)),
        (400, {"error": {"code": 17}}, {"X-App-Usage": json.dumps(
            {"call_count": 100, "estimated_time_to_regain_access": 7})}, RateLimitedError,
         timedelta(minutes=7)),
        (400, {"error": {"code": 80001}}, {"X-Business-Use-Case-Usage": json.dumps(
            {"1": [{"estimated_time_to_regain_access": 2}, {"estimated_time_to_regain_access": 9}]})},
         RateLimitedError, timedelta(minutes=9)),  # the longest wait named
        (400, {"error": {"code": 4}}, {"X-Business-Use-Case-Usage": "not json"}, RateLimitedError,
         timedelta(seconds=60)),
        (429, {}, {}, RateLimitedError, timedelta(seconds=60)),
        (503, {}, {"Retry-After": "30"}, RateLimitedError, timedelta(seconds=30)),
        (400, {"error": {"code": 1}}, {}, ChannelUnavailable, None),
        (400, {"error": {"code": 368, "is_transient": True}}, {}, ChannelUnavailable, None),
        (502, "<html>bad gateway</html>", {}, ChannelUnavailable, None),
        (400, {"error": {"code": 100, "error_subcode": 33}}, {}, ChannelRejected, None),
        (400, {"error": {"code": 506, "message": "Duplicate status message"}}, {},
         ChannelRejected, None),
        (404, "not json at all", {}, ChannelRejected, None),
        (400, {"error": "a string, not an object"}, {}, ChannelRejected, None),
    ],
)  # fmt: skip
def test_graph_answers_map_to_channel_errors(status: int, body: Any, headers: dict[str, str],
                                             error: type[ChannelError],
                                             wait: timedelta | None) -> None:  # fmt: skip
    now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    content = body if isinstance(body, str) else json.dumps(body)
    response = httpx.Response(status, content=content.encode(), headers=headers)
    with pytest.raises(error) as caught:
        check_graph("facebook", response, now)
    assert caught.value.status == status
    assert "Duplicate" not in str(caught.value) and "Permissions" not in str(caught.value)
    if wait is not None:
        assert isinstance(caught.value, RateLimitedError) and caught.value.retry_at == now + wait


@pytest.mark.parametrize("status", [200, 201, 304])
def test_successes_raise_nothing(status: int) -> None:
    check_graph("instagram", httpx.Response(status, json={"id": "1"}))


def test_the_wait_is_capped_at_a_day() -> None:
    now = datetime(2026, 11, 21, tzinfo=UTC)
    huge = {
        "X-Business-Use-Case-Usage": json.dumps({"1": [{"estimated_time_to_regain_access": 10**9}]})
    }
    assert regain_at(huge, now) == now + timedelta(hours=24)
    assert regain_at({"X-App-Usage": json.dumps({"call_count": 5})}, now) is None
    assert regain_at({}, now) is None


# ----------------------------------------------------------------------------- reading comments


@pytest.mark.parametrize("side", SIDES)
def test_comments_are_read_oldest_first_without_gaps_or_repeats(graph: Graph,
                                                                client: httpx.Client,
                                                                side: Side) -> None:  # fmt: skip
    connector = side.connector(graph, client, TOKEN)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    first_post = side.target(graph, "Our flu clinic opens (synthetic).", start)
    side.comment(graph, first_post, "before connecting", start + timedelta(seconds=1))
    first = connector.fetch(None)  # first run: the newest page per post, and a cursor
    assert [i.text for i in first.items] == ["before connecting"]
    assert (
        first.cursor
        == f"{int((start + timedelta(seconds=1)).timestamp())}:{first.items[0].external_id}"
    )

    posts = [first_post] + [side.target(graph, f"Post {n} (synthetic)", start + timedelta(seconds=n))
                            for n in (2, 3)]  # fmt: skip
    expected: list[str] = []
    at = start + timedelta(seconds=10)
    for n in range(PAGE + 30):  # more than a page on one post, and comments on the others
        if n % 7 == 0:
            at += timedelta(seconds=1)  # several comments share a second
        target = posts[0] if n < PAGE + 5 else posts[1 + n % 2]
        side.comment(graph, target, f"question {n} about parking", at)
        expected.append(f"question {n} about parking")
    reply_to = side.comment(graph, posts[1], "a comment with an answer", at + timedelta(seconds=1))
    side.comment(graph, reply_to, "an answer to that comment", at + timedelta(seconds=2))
    expected += ["a comment with an answer", "an answer to that comment"]
    if side is FB:  # the Page's own comments are not inbound
        graph.comment(posts[2], "Thanks for asking!", at + timedelta(seconds=3), "Clinic",
                      PAGE_ID)  # fmt: skip
    else:
        graph.ig_comment(posts[2], "Thanks for asking!", at + timedelta(seconds=3), IG_USERNAME)

    got = connector.fetch(first.cursor)
    texts = [i.text for i in got.items]
    assert sorted(texts) == sorted(expected) and len(set(texts)) == len(texts)
    assert [i.created_at for i in got.items] == sorted(i.created_at for i in got.items)
    assert texts.index("a comment with an answer") < texts.index("an answer to that comment")
    answer = next(i for i in got.items if i.text == "an answer to that comment")
    assert answer.in_reply_to == reply_to

    last = Mark.parse(got.cursor)  # a comment at the cursor's very second, after the fetch
    late = side.comment(graph, posts[1], "late, but the same second", datetime.fromtimestamp(
        last.epoch or 0, UTC))  # fmt: skip
    again = connector.fetch(got.cursor)
    assert [(i.text, i.external_id) for i in again.items] == [("late, but the same second", late)]
    nothing = connector.fetch(again.cursor)
    assert (list(nothing.items), nothing.cursor) == ([], again.cursor)


@pytest.mark.parametrize("side", SIDES)
def test_an_account_without_comments_reads_every_later_one(graph: Graph, client: httpx.Client,
                                                           side: Side) -> None:  # fmt: skip
    connector = side.connector(graph, client, TOKEN)
    empty = connector.fetch(None)
    assert (list(empty.items), empty.cursor) == ([], "0")
    post = side.target(graph, "A new post (synthetic)", None)
    for n in range(3):
        side.comment(graph, post, f"comment {n}", None)
    assert [i.text for i in connector.fetch(empty.cursor).items] == [
        f"comment {n}" for n in range(3)
    ]


@pytest.mark.parametrize("side", SIDES)
def test_a_failed_page_raises_and_the_cursor_is_not_moved(graph: Graph, client: httpx.Client,
                                                          side: Side) -> None:  # fmt: skip
    connector = side.connector(graph, client, TOKEN)
    post = side.target(graph, "A post (synthetic)", None)
    cursor = connector.fetch(None).cursor
    side.comment(graph, post, "a comment that must not be lost", None)
    graph.faults.extend(["ok", "500"])  # the comments of the first post fail
    with pytest.raises(ChannelUnavailable):
        connector.fetch(cursor)
    assert [i.text for i in connector.fetch(cursor).items] == ["a comment that must not be lost"]


def test_a_facebook_comment_becomes_an_incoming_item(graph: Graph, client: httpx.Client) -> None:
    post = graph.post("Parking update (synthetic)")
    made = graph.comment(post["id"], "Is the <ER> open on Sunday? Asking for my mum & dad",
                         name="Pat Example", user="900777")  # fmt: skip
    [item] = facebook(graph, client).fetch(None).items
    assert item == Incoming(platform="facebook", external_id=made["id"],
                            text="Is the <ER> open on Sunday? Asking for my mum & dad",
                            author_handle="Pat Example", created_at=item.created_at,
                            kind="comment", url=made["permalink_url"], in_reply_to=post["id"])  # fmt: skip
    assert item.created_at.tzinfo is not None
    request = next(
        r for r in graph.requests if r[1].startswith(f"/{VERSION}/{post['id']}/comments")
    )
    params = query(request)
    assert (params["filter"], params["access_token"]) == ("stream", TOKEN)
    assert set(params["fields"].split(",")) >= {"id", "message", "from", "created_time"}


def test_an_instagram_comment_becomes_an_incoming_item(graph: Graph, client: httpx.Client) -> None:
    media = graph.media_item("Parking update (synthetic)")
    made = graph.ig_comment(media["id"], "Where do visitors park?", username="pat.example")
    [item] = instagram(graph, client).fetch(None).items
    assert (item.platform, item.external_id, item.text, item.author_handle, item.kind,
            item.in_reply_to) == ("instagram", made["id"], "Where do visitors park?",
                                  "@pat.example", "comment", media["id"])  # fmt: skip


@pytest.mark.parametrize(
    ("cursor", "expected"),
    [
        ("", Mark()), ("garbage", Mark()), (":", Mark()), ("x:1_2", Mark()),
        ("-5", Mark(0)), ("12:", Mark(12)), ("12:1_2,,1_3", Mark(12, frozenset({"1_2", "1_3"}))),
        ("1700000000", Mark(1700000000)),
    ],
)  # fmt: skip
def test_cursors_are_read_leniently(cursor: str, expected: Mark) -> None:
    mark = Mark.parse(cursor)
    assert mark == expected
    if mark.epoch is not None:
        assert Mark.parse(mark.text()) == mark


# ----------------------------------------------------------------------------- find


@pytest.mark.parametrize("side", SIDES)
def test_a_lost_answer_is_found_and_an_unposted_text_is_not(graph: Graph, client: httpx.Client,
                                                            side: Side) -> None:  # fmt: skip
    connector = side.connector(graph, client, TOKEN)
    at = datetime.now(UTC) - timedelta(minutes=1)
    post = outgoing(at=at, channel=side.name)
    assert connector.find(post) is None  # not posted
    if side is FB:
        graph.post_delay = 1.0  # posted, but the answer comes after the client gave up
    else:
        graph.faults.extend(["ok", "after"])  # the container is made, the publish answer is lost
    with pytest.raises(ChannelUnavailable):
        connector.publish(post)
    graph.post_delay = 0.0
    [made] = side.posted(graph)
    found = connector.find(post)
    assert found is not None
    assert found.external_id == (graph.posts[0]["id"] if side is FB else graph.media[0]["id"])
    assert made == TEXT
    assert connector.find(outgoing("A different text entirely.", at=at)) is None
    assert connector.find(outgoing(at=datetime.now(UTC) + timedelta(hours=1))) is None  # too old


@pytest.mark.parametrize("side", SIDES)
def test_a_lost_reply_is_found(graph: Graph, client: httpx.Client, side: Side) -> None:
    connector = side.connector(graph, client, TOKEN)
    target = side.target(graph, "A post (synthetic)", None)
    comment = side.comment(graph, target, "A question", None)
    reply = outgoing("An answer.", reply_to=comment, at=datetime.now(UTC))
    assert connector.find(reply) is None
    graph.faults.append("after")
    with pytest.raises(ChannelUnavailable):
        connector.publish(reply)
    found = connector.find(reply)
    assert found is not None and found.external_id != comment


def test_find_ignores_an_older_post_with_the_same_text(graph: Graph, client: httpx.Client) -> None:
    graph.post(TEXT, datetime.now(UTC) - timedelta(days=3))  # the same text, posted long ago
    connector = facebook(graph, client)
    assert connector.find(outgoing(at=datetime.now(UTC) - timedelta(minutes=1))) is None
    assert connector.find(outgoing()) is not None  # no time known: the text decides


# ----------------------------------------------------------------------------- metrics


def test_facebook_metrics_are_mapped_and_deleted_posts_left_out(graph: Graph,
                                                                client: httpx.Client) -> None:  # fmt: skip
    counted, quiet, secret, deleted = (graph.post(f"post {n} (synthetic)")["id"] for n in range(4))
    graph.posts[0].update(shares=3, reactions=7)
    for n in range(2):
        graph.comment(counted, f"comment {n}")
    graph.insights[counted] = {"post_media_view": 120, "post_total_media_view_unique": 80,
                               "post_clicks": 5}  # fmt: skip
    graph.no_insights.add(secret)
    graph.delete(deleted)
    found = facebook(graph, client).metrics([counted, quiet, secret, deleted])
    assert dict(found) == {
        counted: Metrics(impressions=120, reach=80, reactions=7, comments=2, shares=3, clicks=5),
        quiet: Metrics(impressions=0, reach=0, reactions=0, comments=0, shares=0, clicks=0),
        secret: Metrics(reactions=0, comments=0, shares=0),  # insights withheld: what there is
    }
    request = next(r for r in graph.requests if r[1].startswith(f"/{VERSION}/{counted}/insights"))
    assert query(request)["metric"] == "post_media_view,post_total_media_view_unique,post_clicks"


def test_instagram_metrics_are_mapped_and_deleted_media_left_out(graph: Graph,
                                                                 client: httpx.Client) -> None:  # fmt: skip
    counted, secret, deleted = (graph.media_item(f"media {n} (synthetic)")["id"] for n in range(3))
    graph.media[0]["like_count"] = 9
    graph.ig_comment(counted, "nice")
    graph.insights[counted] = {"views": 50, "reach": 40, "shares": 2}
    graph.no_insights.add(secret)
    graph.delete(deleted)
    found = instagram(graph, client).metrics([counted, secret, deleted, "17999999999"])
    assert dict(found) == {
        counted: Metrics(impressions=50, reach=40, reactions=9, comments=1, shares=2),
        secret: Metrics(reactions=0, comments=0),
    }


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("fault", "error"), [("500", ChannelUnavailable), ("429", RateLimitedError)]
)
def test_metrics_failures_raise(graph: Graph, client: httpx.Client, side: Side, fault: str,
                                error: type[ChannelError]) -> None:  # fmt: skip
    target = side.target(graph, "A post (synthetic)", None)
    graph.faults.extend(["ok", fault])  # the insights call fails: not "withheld", but failed
    with pytest.raises(error):
        side.connector(graph, client, TOKEN).metrics([target])


# ----------------------------------------------------------------------------- any text


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[Graph, httpx.Client]]:
    with graph_running(slow_seconds=1.0) as server, httpx.Client(timeout=2.0) as c:
        yield server, c


TEXTS = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=300).filter(
    lambda t: t.strip() != ""
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_arrives_byte_for_byte(shared: tuple[Graph, httpx.Client], text: str) -> None:
    graph, client = shared
    made = facebook(graph, client).publish(outgoing(text))
    assert next(p for p in graph.posts if p["id"] == made.external_id)["message"] == text
    media = instagram(graph, client).publish(outgoing(text, channel="instagram"))
    assert next(m for m in graph.media if m["id"] == media.external_id)["caption"] == text


@given(epoch=st.integers(min_value=0, max_value=10**11),
       ids=st.frozensets(st.from_regex(r"\A[0-9]{1,8}_[0-9]{1,8}\Z"), max_size=5))  # fmt: skip
def test_cursors_round_trip(epoch: int, ids: frozenset[str]) -> None:
    assert Mark.parse(Mark(epoch, ids).text()) == Mark(epoch, ids)
