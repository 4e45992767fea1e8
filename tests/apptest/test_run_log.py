"""LIVELIHOOD_RUN_LOG: each page run's own time, one JSON line per run (ui.run_log), and nothing when unset;
and Streamlit's full collection after every run stays off (.streamlit/config.toml)."""

from __future__ import annotations

import subprocess
import sys

from services.demo import build_demo
from tests.conftest import ROOT
from ui import run_log


def test_each_page_run_is_logged_with_its_page_time_and_outcome(app, store, tmp_path, monkeypatch):
    log = tmp_path / "runs.jsonl"
    monkeypatch.setenv(run_log.ENV_VAR, str(log))
    app.run()  # no figures yet: the overview says so and stops
    build_demo(store, actor="tester")
    app.switch_page("views/regions.py").run()
    runs = run_log.read(log)
    assert [(r["page"], r["outcome"]) for r in runs] == [("", "stopped"), ("regions", "finished")]
    assert len({r["session"] for r in runs}) == 1
    for r in runs:
        assert r["cpu"] > 0 and r["wall"] > 0 and r["at"] > 0


def test_a_run_that_stops_itself_is_logged_as_stopped(anonymous_app, tmp_path, monkeypatch):
    log = tmp_path / "runs.jsonl"
    monkeypatch.setenv(run_log.ENV_VAR, str(log))
    anonymous_app.run()  # nobody signed in: the sign-in page, then st.stop()
    assert [(r["page"], r["outcome"]) for r in run_log.read(log)] == [("", "stopped")]


def test_without_the_setting_nothing_is_written(app, tmp_path, monkeypatch):
    monkeypatch.delenv(run_log.ENV_VAR, raising=False)
    empty = tmp_path / "cwd"
    empty.mkdir()
    monkeypatch.chdir(empty)
    app.run()
    assert not app.exception
    assert list(empty.iterdir()) == []
    assert run_log.read(empty / "absent.jsonl") == []


def test_streamlit_does_not_collect_all_garbage_after_every_run():
    code = "import streamlit.config as c; print(c.get_option('runner.postScriptGC'))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
