"""The HTTP service (FastAPI): ``create_app(settings)`` builds it; ``socialrx serve`` runs it.

Routes live in modules named after what they serve (``api_analyze``, ``api_posts`` …); access
rules in ``auth``; the error format in ``problems``; request limits in ``limits``.
"""

from __future__ import annotations

from socialrx.web.app import create_app

__all__ = ["create_app"]
