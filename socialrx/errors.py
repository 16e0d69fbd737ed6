"""The one exception tree of socialrx.

    SocialrxError
    ├── InputError          an item cannot be analysed (bad JSON, missing text, too long, NUL …)
    ├── PolicyError         a policy file or value is invalid
    ├── RegistryError       an unknown or badly declared detector / classifier
    ├── DatasetError        an evaluation dataset is missing or malformed
    ├── ModelError          a shipped model file is missing or malformed
    ├── ConfigError         a setting is invalid or missing (production without a secret key …)
    ├── StoreError          the database refused or lacks something
    │   ├── NotFoundError   no such user, post, review, consent, item or token
    │   └── ConflictError   a duplicate (e-mail, consent link …) or a concurrent change
    ├── AuthError           wrong credentials, locked account, missing/wrong TOTP, revoked token
    └── WorkflowError       an illegal post transition, or a role not allowed to make it

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


class ConfigError(SocialrxError, ValueError):
    """A setting is invalid or missing."""


class StoreError(SocialrxError, RuntimeError):
    """The database refused an operation or lacks a record."""


class NotFoundError(StoreError, LookupError):
    """No such record."""


class ConflictError(StoreError):
    """A duplicate, or a change that conflicts with a concurrent one."""


class AuthError(SocialrxError, PermissionError):
    """Authentication failed. The message says why in general terms only."""


class WorkflowError(SocialrxError, ValueError):
    """An illegal post transition, or a role not allowed to make it."""
