"""The command line as a real process: exit statuses and the two streams kept apart, and the in-process
runner that the other store tests use (tests/cli_runner.py) gives exactly what the process gives.

These run on a DuckDB file only: they are about the process, not the store (the store tests run both).
"""

from __future__ import annotations

import json

import pytest

from tests.cli_runner import in_process, in_subprocess

ADMIN = "admin"


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "t.duckdb")
    assert in_process(["--db", path, "init"]).code == 0
    return path


def test_json_goes_to_stdout_alone_and_messages_to_stderr(db):
    done = in_subprocess(["--db", db, "--json", "catalogue"])
    assert done.code == 0
    doc = json.loads(done.stdout)  # the whole of stdout is one JSON document
    assert doc["areas"]
    refused = in_subprocess(["--db", db, "--json", "users", "add", "x", "--role", "viewer"])
    assert refused.code == 1
    assert json.loads(refused.stdout)["error"]["code"] == "password_required"
    assert refused.stderr.startswith("Refused: ")


def test_bad_usage_exits_2_with_the_usage_on_stderr_and_nothing_on_stdout(db):
    done = in_subprocess(["--db", db, "no-such-command"])
    assert done.code == 2
    assert done.stdout == ""
    assert "usage: python -m targets" in done.stderr


@pytest.mark.parametrize(
    "args, stdin",
    [
        (["--json", "catalogue"], None),
        (["catalogue"], None),
        (["--json", "users", "add", "x", "--role", "viewer"], None),  # refused: exit 1, JSON and stderr
        (["--json", "users", "add", "y", "--role", "viewer", "--password-stdin", "--as", ADMIN], "pw-of-y-2024\n"),
        (["no-such-command"], None),  # argparse: exit 2, usage on stderr
        (["--json", "status", "--as-of", "not-a-month"], None),
    ],
    ids=["json", "text", "refused", "stdin", "usage", "bad-argument"],
)
def test_the_in_process_runner_gives_what_the_process_gives(tmp_path, args, stdin):
    results = []
    for run, name in ((in_subprocess, "a"), (in_process, "b")):
        path = str(tmp_path / f"{name}.duckdb")
        assert in_process(["--db", path, "init"]).code == 0
        assert (
            in_process(
                ["--db", path, "users", "add", ADMIN, "--role", "admin", "--password-stdin"], "admin-pw-2024\n"
            ).code
            == 0
        )
        done = run(["--db", path, *args], stdin)
        results.append((done.code, done.stdout.replace(path, "DB"), done.stderr.replace(path, "DB")))
    assert results[0] == results[1]
