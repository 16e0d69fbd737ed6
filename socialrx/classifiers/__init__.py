"""Built-in inbound triage: classifiers (labels, sentiment) and inbound detectors (crisis cues,
adverse-event product and reaction). Each module registers itself with ``@classifier`` or
``@detector(..., channels=("inbound",))``.

``load_builtins`` is this package's entry point in the ``socialrx.detectors`` group: it imports
every module of the package, so adding a classifier is adding a module.
"""

from __future__ import annotations

from socialrx.registry import load_package


def load_builtins() -> None:
    load_package(__name__, __path__)
