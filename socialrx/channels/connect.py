"""Connectors by platform: the one place that turns a connected account's settings and
credentials into a connector (with the worker's HTTP client)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from socialrx.channels.base import Connector
from socialrx.errors import ConfigError

if TYPE_CHECKING:
    import httpx


def connector(platform: str, settings: Mapping[str, Any], credentials: Mapping[str, Any],
              client: httpx.Client) -> Connector:  # fmt: skip
    """The connector of ``platform``; ``ConfigError`` names what is missing."""
    if platform == "mastodon":
        from socialrx.channels.mastodon import Mastodon

        base_url, token = settings.get("base_url"), credentials.get("token")
        if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
            raise ConfigError("a mastodon channel needs base_url: the instance's https:// URL")
        if not isinstance(token, str) or not token:
            raise ConfigError("a mastodon channel needs an access token")
        visibility = settings.get("visibility", "public")
        return Mastodon(base_url, token, client, visibility=visibility)
    if platform == "bluesky":
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
    if platform == "rss":
        from socialrx.channels.feeds import Feed

        url, keywords = settings.get("url"), settings.get("keywords") or []
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ConfigError("an rss channel needs url: the feed's https:// address")
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise ConfigError("an rss channel's keywords are a list of words or names")
        return Feed(url, client, keywords=tuple(keywords))
    raise ConfigError(f"no connector for platform {platform!r}")
