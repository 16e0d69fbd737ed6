"""Connectors by platform: the one place that turns a connected account's settings (not secret)
and credentials (encrypted at rest) into a connector, with the worker's HTTP client and, for
OAuth 2.0 platforms, the store that keeps refreshed tokens."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from socialrx.channels.base import Connector
from socialrx.errors import ConfigError

if TYPE_CHECKING:
    import httpx

    from socialrx.channels.oauth import OAuth2, TokenStore

Settings = Mapping[str, Any]
Builder = Callable[[Settings, Settings, "httpx.Client", "TokenStore | None"], Connector]

# OAuth 2.0 token endpoints, and whether the client authenticates there with HTTP Basic (X and
# LinkedIn build their own: ``X.of``, ``linkedin``)
TOKEN_URLS = {
    "google_reviews": ("https://oauth2.googleapis.com/token", False),
}


def connector(platform: str, settings: Settings, credentials: Settings, client: httpx.Client,
              store: TokenStore | None = None) -> Connector:  # fmt: skip
    """The connector of ``platform``; ``ConfigError`` names what is missing. ``store`` keeps
    refreshed OAuth tokens (the worker: the channel account)."""
    build = BUILDERS.get(platform)
    if build is None:
        raise ConfigError(f"no connector for platform {platform!r}")
    return build(settings, credentials, client, store)


def _mastodon(settings: Settings, credentials: Settings, client: httpx.Client,
              store: TokenStore | None) -> Connector:  # fmt: skip
    from socialrx.channels.mastodon import Mastodon

    base_url, token = settings.get("base_url"), credentials.get("token")
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise ConfigError("a mastodon channel needs base_url: the instance's https:// URL")
    if not isinstance(token, str) or not token:
        raise ConfigError("a mastodon channel needs an access token")
    visibility = settings.get("visibility", "public")
    return Mastodon(base_url, token, client, visibility=visibility)


def _bluesky(settings: Settings, credentials: Settings, client: httpx.Client,
             store: TokenStore | None) -> Connector:  # fmt: skip
    from socialrx.channels.bluesky import Bluesky

    base_url = settings.get("base_url") or "https://bsky.social"
    identifier, password = settings.get("identifier"), credentials.get("password")
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise ConfigError("a bluesky channel needs base_url: the PDS's https:// URL")
    if not isinstance(identifier, str) or not identifier:
        raise ConfigError("a bluesky channel needs identifier: the account's handle")
    if not isinstance(password, str) or not password:
        raise ConfigError("a bluesky channel needs an app password")
    return Bluesky(base_url, identifier, password, client)


def _rss(settings: Settings, credentials: Settings, client: httpx.Client,
         store: TokenStore | None) -> Connector:  # fmt: skip
    from socialrx.channels.feeds import Feed

    url, keywords = settings.get("url"), settings.get("keywords") or []
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise ConfigError("an rss channel needs url: the feed's https:// address")
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise ConfigError("an rss channel's keywords are a list of words or names")
    return Feed(url, client, keywords=tuple(keywords))


def _graph(platform: str) -> Builder:
    def build(settings: Settings, credentials: Settings, client: httpx.Client,
              store: TokenStore | None) -> Connector:  # fmt: skip
        from socialrx.channels.graph import Facebook, Instagram

        token = credentials.get("token")
        if not isinstance(token, str) or not token:
            raise ConfigError(f"a {platform} channel needs a page access token")
        more: dict[str, Any] = {"base_url": _url(platform, settings.get("base_url")
                                                 or "https://graph.facebook.com")}  # fmt: skip
        if settings.get("version"):
            more["version"] = str(settings["version"])
        if settings.get("posts"):
            more["posts"] = _count(platform, settings, "posts")
        if platform == "facebook":
            return Facebook(_text(platform, settings, "page_id"), token, client, **more)
        image = settings.get("image_url")  # needed for new posts, not for replies
        return Instagram(_text(platform, settings, "user_id"), token, client,
                         _url(platform, image, "image_url") if image else None, **more)  # fmt: skip

    return build


def _x(settings: Settings, credentials: Settings, client: httpx.Client,
       store: TokenStore | None) -> Connector:  # fmt: skip
    from socialrx.channels.x import X

    return X.of(settings, credentials, client, store=store)


def _linkedin(settings: Settings, credentials: Settings, client: httpx.Client,
              store: TokenStore | None) -> Connector:  # fmt: skip
    from socialrx.channels.linkedin import linkedin

    return linkedin(settings, credentials, client, store=store)


def _google_reviews(settings: Settings, credentials: Settings, client: httpx.Client,
                    store: TokenStore | None) -> Connector:  # fmt: skip
    from socialrx.channels.google_reviews import GoogleReviews

    platform = "google_reviews"
    return GoogleReviews(_text(platform, settings, "account_id"),
                         _text(platform, settings, "location_id"),
                         _oauth(platform, settings, credentials, client, store), client,
                         base_url=_url(platform, settings.get("base_url")
                                       or "https://mybusiness.googleapis.com"))  # fmt: skip


def _newsletter(settings: Settings, credentials: Settings, client: httpx.Client,
                store: TokenStore | None) -> Connector:  # fmt: skip
    from socialrx.channels.newsletter import from_account

    return from_account(settings, credentials)


BUILDERS: dict[str, Builder] = {
    "mastodon": _mastodon, "bluesky": _bluesky, "rss": _rss, "facebook": _graph("facebook"),
    "instagram": _graph("instagram"), "x": _x, "linkedin": _linkedin,
    "google_reviews": _google_reviews, "newsletter": _newsletter,
}  # fmt: skip


def _text(platform: str, settings: Settings, name: str) -> str:
    value = settings.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"a {platform} channel needs {name}")
    return value.strip()


def _count(platform: str, settings: Settings, name: str) -> int:
    value = settings.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 1000:
        raise ConfigError(f"a {platform} channel's {name} is a whole number from 1 to 1000")
    return value


def _url(platform: str, value: object, name: str = "base_url") -> str:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ConfigError(f"a {platform} channel needs {name}: an https:// address")
    return value


def _oauth(platform: str, settings: Settings, credentials: Settings, client: httpx.Client,
           store: TokenStore | None) -> OAuth2:  # fmt: skip
    """OAuth 2.0 tokens of an account: ``client_id`` (and ``token_url``, for tests) in its
    settings; ``access_token``, ``refresh_token``, ``expires_at``, ``client_secret`` in its
    credentials."""
    from socialrx.channels.oauth import OAuth2, Tokens

    default_url, basic = TOKEN_URLS[platform]
    secret = credentials.get("client_secret")
    return OAuth2(platform, _url(platform, settings.get("token_url") or default_url, "token_url"),
                  _text(platform, settings, "client_id"),
                  secret if isinstance(secret, str) and secret else None,
                  Tokens.of(platform, credentials), client, store=store, basic=basic)  # fmt: skip
