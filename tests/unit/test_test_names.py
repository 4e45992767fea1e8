"""Test modules in folders without __init__.py are imported by their file name alone: two of one name clash, and
the second is not collected under xdist ("import file mismatch"). Every such name must be unique."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent


def test_every_test_module_outside_a_package_has_a_name_of_its_own():
    loose = [p for p in TESTS.rglob("test_*.py") if not (p.parent / "__init__.py").exists()]
    twice = {name: n for name, n in Counter(p.name for p in loose).items() if n > 1}
    assert not twice, f"test modules sharing a name (rename one): {sorted(twice)}"
