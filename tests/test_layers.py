"""Dependencies point inward: the core never imports a detector, an edge or an app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "socialrx"
CORE = {"__init__", "model", "text", "registry", "pipeline", "policy", "redact", "errors",
        "allowlist", "workflow", "audit"}  # fmt: skip
# Pure domain modules of the service: no SQL, no edge, no app (they may use crypto libraries).
DOMAIN = {"accounts", "settings"}
SQL = ("sqlalchemy", "alembic", "psycopg", "sqlite3")
EDGES_AND_APPS = ("socialrx.cli", "socialrx.lines", "socialrx.display", "socialrx.catalogue",
                  "socialrx.evaluation", "socialrx.store", "socialrx.channels", "socialrx.demo",
                  "socialrx.web", "socialrx.reports", "socialrx.signals", "socialrx.scale")  # fmt: skip
FORBIDDEN_IN_CORE = ("sqlalchemy", "httpx", "fastapi", "requests", "socket", "urllib.request",
                     "logging", "typer", "rich", *EDGES_AND_APPS, "socialrx.detectors")  # fmt: skip


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _violations(imports: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(i for i in imports if any(i == f or i.startswith(f + ".") for f in forbidden))


@pytest.mark.parametrize("name", sorted(CORE))
def test_core_imports_no_edge(name: str) -> None:
    path = ROOT / f"{name}.py"
    assert path.exists(), f"core module {name} is missing"
    assert _violations(_imports(path), FORBIDDEN_IN_CORE) == []


@pytest.mark.parametrize("path", sorted((ROOT / "detectors").glob("*.py")), ids=lambda p: p.name)
def test_detectors_import_only_core(path: Path) -> None:
    forbidden = (*EDGES_AND_APPS, "sqlalchemy", "httpx", "requests", "socket", "logging")
    assert _violations(_imports(path), forbidden) == []


@pytest.mark.parametrize("name", sorted(DOMAIN))
def test_domain_imports_no_edge(name: str) -> None:
    forbidden = (*SQL, *EDGES_AND_APPS, "httpx", "fastapi", "typer", "rich", "logging")
    assert _violations(_imports(ROOT / f"{name}.py"), forbidden) == []


def test_only_the_store_speaks_sql() -> None:
    offenders = {
        str(path.relative_to(ROOT)): _violations(_imports(path), SQL)
        for path in ROOT.rglob("*.py")
        if "store" not in path.relative_to(ROOT).parts[:1]
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert _violations(_imports(ROOT / "store" / "database.py"), SQL)  # the check can see it
