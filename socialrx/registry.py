"""The detector and classifier registry: one path for built-ins and third parties alike.

A detector is a callable ``Document -> Iterable[Finding]`` registered with
``@detector(name, codes=...)``. A configurable detector is a class whose ``__init__`` only stores
its keyword arguments and whose instances are such callables. Plugins expose a callable in the
``socialrx.detectors`` entry-point group; it is called (once, on first use of the registry) and
registers its detectors with the same decorator. Built-ins are loaded through that group too.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Literal, Protocol

from socialrx.errors import RegistryError
from socialrx.model import CHANNELS, Channel, Document, Finding, Label, Sentiment

Kind = Literal["detector", "classifier"]
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Finding codes are ``family.name``; a detector may declare a family with a trailing ``.*``
# (``lexicon.*``). Labels (and ``sentiment``) are single lower-case words: ``adverse_event``.
_CODE = re.compile(r"^[a-z]+(\.[a-z0-9_]+|\.\*)$")
_LABEL = re.compile(r"^[a-z][a-z_]*[a-z]$")


class DetectorFn(Protocol):
    def __call__(self, document: Document, /) -> Iterable[Finding]: ...


class ClassifierFn(Protocol):
    """Labels with scores in [0, 1], and at most one ``Sentiment``."""

    def __call__(self, document: Document, /) -> Iterable[Label | Sentiment]: ...


@dataclass(frozen=True)
class Entry:
    """A registered detector or classifier."""

    name: str
    kind: Kind
    codes: tuple[str, ...]
    factory: Callable[..., Any]  # a function (used as is) or a class (instantiated with options)
    doc: str
    channels: tuple[Channel, ...] = CHANNELS  # the channels it runs on

    @property
    def configurable(self) -> bool:
        return inspect.isclass(self.factory)

    def build(self, **options: Any) -> Callable[[Document], Iterable[Any]]:
        """The callable this entry stands for, configured with ``options`` when it is a class."""
        if self.configurable:
            try:
                return self.factory(**options)  # type: ignore[no-any-return]
            except TypeError as exc:
                raise RegistryError(
                    f"{self.kind} {self.name!r} rejected its options "
                    f"{sorted(options)}: {exc}; see `socialrx detectors` for its settings"
                ) from None
        if options:
            raise RegistryError(
                f"{self.kind} {self.name!r} takes no options, got {sorted(options)}"
            )
        return self.factory

    def declares(self, code: str) -> bool:
        return any(c == code or (c.endswith("*") and code.startswith(c[:-1])) for c in self.codes)


@dataclass(frozen=True)
class CodeDoc:
    """The documentation of one finding code or label (rendered into docs/detectors.md)."""

    code: str
    summary: str  # one line: what it catches
    example: str  # a synthetic example text that triggers it
    false_positives: str  # known false positives, in words
    details: str = ""


_ENTRIES: dict[str, Entry] = {}
_CODE_DOCS: dict[str, CodeDoc] = {}
_LOADED = False


def document_code(
    code: str, *, summary: str, example: str, false_positives: str, details: str = ""
) -> None:
    """Document a finding code or label; every declared code must be documented."""
    if not (_CODE.match(code) or _LABEL.match(code)):
        raise RegistryError(
            f"cannot document malformed code {code!r}; expected 'a.b' or a label such as 'crisis'"
        )
    _CODE_DOCS[code] = CodeDoc(code, summary, example, false_positives, details)


def code_docs() -> dict[str, CodeDoc]:
    """All documented codes, sorted."""
    load()
    return dict(sorted(_CODE_DOCS.items()))


def _register(
    kind: Kind, name: str, codes: Iterable[str], channels: Iterable[str]
) -> Callable[[Any], Any]:
    codes = tuple(codes)
    chans: tuple[Channel, ...] = tuple(c for c in CHANNELS if c in set(channels))
    odd = sorted(set(channels) - set(CHANNELS))
    if odd or not chans:
        raise RegistryError(f"{kind} {name!r} declares channels {odd or '[]'}; expected {CHANNELS}")
    if not _NAME.match(name):
        raise RegistryError(f"{kind} name {name!r} must match {_NAME.pattern}")
    bad = [c for c in codes if not (_CODE.match(c) or (kind == "classifier" and _LABEL.match(c)))]
    if bad:
        want = "'a.b' or a label such as 'crisis'" if kind == "classifier" else "'a.b'"
        raise RegistryError(f"{kind} {name!r} declares malformed codes {bad}; expected {want}")

    def wrap(obj: Any) -> Any:
        existing = _ENTRIES.get(name)
        if existing is not None and existing.factory is not obj:
            raise RegistryError(f"a {existing.kind} named {name!r} is already registered")
        doc = inspect.getdoc(obj) or ""
        _ENTRIES[name] = Entry(name, kind, codes, obj, doc, chans)
        return obj

    return wrap


def detector(
    name: str, *, codes: Iterable[str], channels: Iterable[str] = CHANNELS
) -> Callable[[Any], Any]:
    """Register a detector (function or class) under ``name``, declaring the codes it emits and
    the channels it runs on (all of them unless said otherwise)."""
    return _register("detector", name, codes, channels)


def classifier(
    name: str, *, codes: Iterable[str], channels: Iterable[str] = ("inbound",)
) -> Callable[[Any], Any]:
    """Register a classifier, declaring the labels it emits (``sentiment.*`` for a sentiment)
    and the channels it runs on (inbound unless said otherwise)."""
    return _register("classifier", name, codes, channels)


def load() -> None:
    """Load every plugin of the ``socialrx.detectors`` entry-point group (built-ins included)."""
    global _LOADED  # noqa: PLW0603 - the registry is the one process-wide table
    if _LOADED:
        return
    _LOADED = True
    for ep in entry_points(group="socialrx.detectors"):
        hook = ep.load()
        if callable(hook):
            hook()


def entries(kind: Kind | None = None) -> list[Entry]:
    """Registered entries, sorted by name."""
    load()
    return sorted(
        (e for e in _ENTRIES.values() if kind is None or e.kind == kind), key=lambda e: e.name
    )


def get(name: str) -> Entry:
    load()
    try:
        return _ENTRIES[name]
    except KeyError:
        known = ", ".join(sorted(_ENTRIES)) or "none"
        raise RegistryError(f"unknown detector or classifier {name!r}; known: {known}") from None


def load_package(package: str, path: Iterable[str]) -> None:
    """Import every public module of a package (a built-in plugin's ``load_builtins``)."""
    for info in pkgutil.iter_modules(path):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package}.{info.name}")
