"""Docs are tested: every code is documented, docs/detectors.md is current, every CLI command is
in the README."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer.main

from socialrx import registry
from socialrx.cli import app
from socialrx.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("socialrx")
REGENERATE = ".venv/bin/socialrx detectors --markdown > docs/detectors.md"


def test_every_declared_code_is_documented() -> None:
    docs = registry.code_docs()
    missing = sorted(
        f"{entry.name}: {code}"
        for entry in registry.entries()
        for code in entry.codes
        if code not in docs
    )
    assert not missing, f"codes without document_code(...): {missing}"


def test_every_code_doc_is_complete() -> None:
    incomplete = [
        code
        for code, doc in registry.code_docs().items()
        if not (doc.summary.strip() and doc.example.strip() and doc.false_positives.strip())
    ]
    assert not incomplete, (
        f"codes missing a summary, example or known false positives: {incomplete}"
    )


def test_detectors_md_is_current() -> None:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialrx"]
    proc = subprocess.run([*cmd, "detectors", "--markdown"], capture_output=True, check=True)
    path = ROOT / "docs" / "detectors.md"
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    assert current == proc.stdout.decode("utf-8"), (
        f"docs/detectors.md is out of date; regenerate it with: {REGENERATE}"
    )


def command_paths(command: Any, prefix: str = "") -> list[str]:
    """Every command of the CLI, as typed after ``socialrx``: ``analyze``, ``eval presidio``…"""
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        return [prefix]
    paths = [prefix] if prefix else []
    for name, sub in subcommands.items():
        if not sub.hidden:
            paths.extend(command_paths(sub, f"{prefix} {name}".strip()))
    return paths


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = command_paths(typer.main.get_command(app))
    assert {"analyze", "redact", "detectors", "demo", "eval presidio"} <= set(paths)
    missing = [p for p in paths if f"socialrx {p}" not in readme]
    assert not missing, f"README.md does not mention: {', '.join(f'socialrx {p}' for p in missing)}"


def test_every_setting_is_documented() -> None:
    store_md = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"`{name}`" not in store_md]
    assert not missing, f"docs/store.md does not document the settings: {', '.join(missing)}"


def test_every_error_code_and_route_is_in_the_service_doc() -> None:
    from socialrx.web import problems
    from socialrx.web.app import ROUTERS

    doc = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    codes = {code for _, _, code in problems.STATUS} | set(problems.HTTP_CODES.values())
    web = ROOT / "socialrx" / "web"
    raised = {
        m for p in web.glob("*.py") for m in re.findall(r'Problem\(\d+, "([a-z_]+)"', p.read_text())
    }
    missing = sorted(c for c in codes | raised | {"internal"} if f"`{c}`" not in doc)
    assert missing == [], f"error codes missing from docs/service.md: {missing}"
    paths = {r.path for router in ROUTERS for r in router.routes}
    absent = sorted(p for p in paths if p not in doc and f"…/{p.rsplit('/', 1)[1]}" not in doc)
    assert absent == [], f"routes missing from docs/service.md: {absent}"
