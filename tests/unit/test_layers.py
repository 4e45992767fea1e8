"""The rooms stay apart: the domain (targets/) imports neither the store, the use cases, the UI nor Streamlit or
DuckDB; pages (views/) and the command line (cli/) reach the store only through the use cases (services/); SQL
is executed only under db/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported(path: Path) -> set[str]:
    """Top-level package names a module imports, at any depth of the file (function-level imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def files(room: str) -> list[Path]:
    return sorted((ROOT / room).rglob("*.py"))


@pytest.mark.parametrize("path", files("targets"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_imports_no_store_no_use_case_no_ui(path):
    allowed = {"cli"} if path.name == "__main__.py" else set()
    assert imported(path) & ({"db", "services", "ui", "views", "cli", "streamlit", "duckdb"} - allowed) == set()


@pytest.mark.parametrize(
    "path", [*files("views"), *files("cli"), ROOT / "app.py"], ids=lambda p: str(p.relative_to(ROOT))
)
def test_pages_and_the_command_line_reach_the_store_only_through_use_cases(path):
    names = imported(path)
    assert "duckdb" not in names
    if path.parent.name != "cli":
        assert "db" not in names
    else:  # the CLI names a store to open (db.store) and nothing else of db
        text = path.read_text(encoding="utf-8")
        assert not any(
            m in text for m in ("from db.figures", "from db.catalogue", "from db.sql", "from db import audit")
        )


@pytest.mark.parametrize(
    "path", [*files("services"), *files("views"), *files("ui"), *files("cli"), *files("targets")], ids=str
)
def test_sql_is_executed_only_in_the_store(path):
    text = path.read_text(encoding="utf-8")
    assert ".execute(" not in text and 'q("' not in text


def test_the_cli_entry_point_stays_python_dash_m_targets():
    text = (ROOT / "targets" / "__main__.py").read_text(encoding="utf-8")
    assert "from cli import main" in text
