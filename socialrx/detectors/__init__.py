"""Built-in detectors. Each module registers its detectors with ``@detector``.

``load_builtins`` is this package's entry point in the ``socialrx.detectors`` group: it imports
every module of the package, so adding a detector is adding a module.
"""

from __future__ import annotations

from socialrx.registry import load_package


def load_builtins() -> None:
    load_package(__name__, __path__)
