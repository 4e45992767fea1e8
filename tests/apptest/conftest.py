"""AppTest runs the real app script against a temporary store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def app(store, monkeypatch):
    """An AppTest of app.py on a fresh store; call .run() to render."""
    monkeypatch.setenv("LIVELIHOOD_DB", store.target)
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
