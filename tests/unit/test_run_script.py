"""scripts/run.sh listens on this machine only unless told otherwise: the command line it would exec, read from a
copy of the script whose set-up, python and streamlit are stand-ins that only record their arguments."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

RECORD = '#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$(dirname "$0")/../../streamlit.args"\n'


def tree(tmp_path: Path, config: str = "") -> Path:
    """A copy of the script in a project of stand-ins: setup.sh and python do nothing, streamlit records its args."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    (tmp_path / "scripts" / "setup.sh").write_text("true\n")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, body in (("python", "#!/usr/bin/env bash\ntrue\n"), ("streamlit", RECORD)):
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod((bin_dir / name).stat().st_mode | stat.S_IEXEC)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text("[server]\nheadless = true\n" + config)
    return tmp_path


def run(project: Path, *args: str, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LIVELIHOOD_ADDRESS", "STREAMLIT_SERVER_ADDRESS")}
    done = subprocess.run(
        ["bash", str(project / "scripts" / "run.sh"), *args],
        env={**clean, "LIVELIHOOD_DB": "data/x.duckdb", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return (project / "streamlit.args").read_text().splitlines()


def address(argv: list[str]) -> list[str]:
    """Every address the command line names, as --server.address X or --server.address=X."""
    found = [argv[i + 1] for i, a in enumerate(argv) if a == "--server.address"]
    return found + [a.split("=", 1)[1] for a in argv if a.startswith("--server.address=")]


def test_by_default_the_dashboard_listens_on_localhost_only(tmp_path):
    argv = run(tree(tmp_path))
    assert argv[:2] == ["run", "serve.py"]
    assert address(argv) == ["127.0.0.1"]


@pytest.mark.parametrize("env", ["LIVELIHOOD_ADDRESS", "STREAMLIT_SERVER_ADDRESS"])
def test_an_address_from_the_environment_is_used(tmp_path, env):
    assert address(run(tree(tmp_path), **{env: "0.0.0.0"})) == ["0.0.0.0"]


@pytest.mark.parametrize("args", [("--server.address", "10.1.2.3"), ("--server.address=10.1.2.3",)])
def test_an_address_passed_to_the_script_is_the_only_one(tmp_path, args):
    assert address(run(tree(tmp_path), *args, "--server.port", "8600")) == ["10.1.2.3"]


def test_an_address_in_the_projects_streamlit_config_is_left_to_streamlit(tmp_path):
    assert address(run(tree(tmp_path, config='address = "0.0.0.0"\n'))) == []
