"""The one exception tree of socialrx.

    SocialrxError
    ├── InputError          an item cannot be analysed (bad JSON, missing text, too long, NUL …)
    ├── PolicyError         a policy file or value is invalid
    ├── RegistryError       an unknown or badly declared detector / classifier
    ├── DatasetError        an evaluation dataset is missing or malformed
    └── ModelError          a shipped model file is missing or malformed

Messages say what was wrong and what was expected. They never contain post text.
"""

from __future__ import annotations


class SocialrxError(Exception):
    """Base class of every error socialrx raises on purpose."""


class InputError(SocialrxError, ValueError):
    """An input item cannot be analysed."""


class PolicyError(SocialrxError, ValueError):
    """A policy is invalid."""


class RegistryError(SocialrxError, LookupError):
    """A detector or classifier is unknown or declared wrongly."""


class DatasetError(SocialrxError, ValueError):
    """An evaluation dataset is missing or not in the expected format."""


class ModelError(SocialrxError, RuntimeError):
    """A shipped model file is missing or malformed (rebuild it with ``socialrx train``)."""
