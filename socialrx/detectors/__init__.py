"""Built-in detectors. Each module registers its detectors with ``@detector``.

``load_builtins`` is this package's entry point in the ``socialrx.detectors`` group: it imports
every module of the package, so adding a detector is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil


def load_builtins() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
