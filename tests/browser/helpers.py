"""Shared machinery for the browser tests: a database to serve, a Streamlit server to drive, a page to wait on.

Everything here is plain functions and classes so tests can use it outside fixtures too (a module-scoped
server, two servers on one database, a server restarted on the same port):

    db = init_db(tmp_path / "t.duckdb")
    with running_app(db, env={"SOME_VAR": "1"}) as app:
        page.goto(app.page_url(lang="en"))
        wait_for_app(page)
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PYTHON = sys.executable  # the venv's python when run as `.venv/bin/python -m pytest` or `.venv/bin/pytest`

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Running as root needs --no-sandbox; the rest keep Chromium from calling home on a closed network.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

HOST = "127.0.0.1"
START_TIMEOUT = 60.0  # seconds for a server to answer its health check
APP_TIMEOUT = 30_000  # milliseconds for a script run to finish in the browser

_running: set[AppServer] = set()


# --- the database -------------------------------------------------------------------------------


TESTER = "tester"  # the administrator init_db makes (nobody is an administrator without signing in)
TESTER_PASSWORD = "tester-password-2024"


def _cli(db_path: str | os.PathLike[str], *args: str, stdin: str | None = None) -> None:
    done = subprocess.run(
        [PYTHON, "-m", "targets", "--db", str(db_path), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"`python -m targets --db {db_path} {' '.join(args)}` exited {done.returncode}\n"
            f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"
        )


def init_db(db_path: str | os.PathLike[str], *extra_args: str, admin: bool = True) -> Path | str:
    """Create (or bring up to date) a store with the CLI, exactly as a user would: `python -m targets --db PATH init`;
    with `admin`, also the first administrator TESTER (`users add tester --role admin --password-stdin`), whom
    open_app() signs in as."""
    _cli(db_path, "init", *extra_args)
    if admin:
        _cli(db_path, "users", "add", TESTER, "--role", "admin", "--password-stdin", stdin=TESTER_PASSWORD + "\n")
    return db_path if isinstance(db_path, str) else Path(db_path)


# --- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on right now (the OS picks it; start_app retries if it is taken meanwhile)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass(eq=False)
class AppServer:
    """One `streamlit run app.py` process, in its own process group, logging to files under log_dir."""

    port: int
    db: str
    process: subprocess.Popen[bytes]
    log_dir: Path
    env: dict[str, str] = field(repr=False, default_factory=dict)
    remove_logs: bool = field(repr=False, default=False)  # the log_dir is a temporary one of ours
    _final: dict[str, str] = field(repr=False, default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def page_url(self, path: str = "", **params: str | int) -> str:
        """`app.page_url("catalogue", lang="en")` -> http://127.0.0.1:PORT/catalogue?lang=en"""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return f"{self.url}/{path.lstrip('/')}{query}"

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    @property
    def stdout(self) -> str:
        return self._final.get("stdout") or _read(self.log_dir / "stdout.log")

    @property
    def stderr(self) -> str:
        return self._final.get("stderr") or _read(self.log_dir / "stderr.log")

    def logs(self, tail: int = 8000) -> str:
        return (
            f"--- streamlit on port {self.port} (pid {self.process.pid}, exit {self.process.poll()}) ---\n"
            f"--- stdout ---\n{self.stdout[-tail:]}\n--- stderr ---\n{self.stderr[-tail:]}"
        )

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                return r.status == 200 and r.read().decode().strip() == "ok"
        except (OSError, urllib.error.URLError):
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the whole process group, SIGKILL it if it lingers; safe to call twice."""
        _running.discard(self)
        pgid = self.process.pid  # start_new_session=True: the leader's pid is the group id
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout)
        # Anything the server spawned (e.g. a chart-export Chromium) goes with it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        if self.remove_logs and self.log_dir.exists():
            self._final.update(stdout=self.stdout, stderr=self.stderr)  # still readable after stop()
            shutil.rmtree(self.log_dir, ignore_errors=True)


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except FileNotFoundError:
        return ""


_PORT_TAKEN = re.compile(
    r"address already in use|port \d+ is (already )?in use|port \d+ is not available|Errno 98", re.I
)


def start_app(
    db_path: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
    *,
    port: int | None = None,
    script: str = "serve.py",
    extra_args: tuple[str, ...] = (),
    timeout: float = START_TIMEOUT,
    log_dir: str | os.PathLike[str] | None = None,
) -> AppServer:
    """Start `streamlit run` on 127.0.0.1 and return once /_stcore/health answers "ok".

    env adds variables to this process's environment (a value of None removes one); LIVELIHOOD_DB is set
    to db_path. Without a port a free one is picked, and picked again if another process grabs it first.
    Logs go to LOG_DIR/streamlit-PORT/{stdout,stderr}.log when log_dir is given (kept), else to a temporary
    folder removed by stop(). The caller owns the server: call .stop(), or use running_app() / the
    start_app fixture.
    """
    attempts = 1 if port is not None else 3
    for attempt in range(attempts):
        server = _spawn(db_path, env, port or free_port(), script, extra_args, log_dir)
        try:
            _wait_healthy(server, timeout)
            return server
        except _PortTaken:
            server.stop()
            if attempt == attempts - 1:
                raise AssertionError(f"streamlit could not bind port {server.port}\n{server.logs()}") from None
        except BaseException:
            server.stop()
            raise
    raise AssertionError("unreachable")


class _PortTaken(Exception):
    pass


def _spawn(
    db_path: str | os.PathLike[str],
    env: Mapping[str, str | None] | None,
    port: int,
    script: str,
    extra_args: tuple[str, ...],
    log_dir: str | os.PathLike[str] | None,
) -> AppServer:
    full_env = dict(os.environ)
    full_env.update(
        {
            "LIVELIHOOD_DB": str(db_path),
            "PYTHONUNBUFFERED": "1",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        }
    )
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    if log_dir:
        logs = Path(log_dir) / f"streamlit-{port}"
        logs.mkdir(parents=True, exist_ok=True)
    else:
        logs = Path(tempfile.mkdtemp(prefix=f"streamlit-{port}-"))
    cmd = [
        PYTHON,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # Others edit the sources while tests run: never rerun or reload on a file change.
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        *extra_args,
    ]
    with open(logs / "stdout.log", "wb") as out, open(logs / "stderr.log", "wb") as err:
        process = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    server = AppServer(port=port, db=str(db_path), process=process, log_dir=logs, env=full_env, remove_logs=not log_dir)
    _running.add(server)
    return server


def _wait_healthy(server: AppServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive:
            if _PORT_TAKEN.search(server.stdout + server.stderr):
                raise _PortTaken
            raise AssertionError(f"streamlit exited before answering its health check\n{server.logs()}")
        # Another server already on the port would answer the health check too: it must be ours.
        if server.healthy() and _listens(server.process.pid, server.port) is not False:
            return
        time.sleep(0.1)
    raise AssertionError(
        f"streamlit did not answer {server.url}/_stcore/health within {timeout:.0f} s\n{server.logs()}"
    )


def _listens(pid: int, port: int) -> bool | None:
    """Whether process pid holds the listening TCP socket on port (Linux /proc); None where that cannot be told."""
    inodes = set()
    try:
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(FileNotFoundError), open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                        inodes.add(f"socket:[{fields[9]}]")
        fds = Path(f"/proc/{pid}/fd")
        if not fds.is_dir():
            return None
        for fd in fds.iterdir():
            with contextlib.suppress(OSError):  # an fd closed meanwhile
                if os.readlink(fd) in inodes:
                    return True
        return False
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def running_app(
    db_path: str | os.PathLike[str], env: Mapping[str, str | None] | None = None, **kwargs: object
) -> Iterator[AppServer]:
    """start_app() as a context manager: the process group is gone when the block ends."""
    server = start_app(db_path, env, **kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


def running_servers() -> list[AppServer]:
    """Servers started here and not yet stopped (the conftest adds their logs to a failing test's report)."""
    return list(_running)


@atexit.register
def _stop_leftovers() -> None:
    # Belt and braces: an interrupted session must not leave servers behind.
    for server in list(_running):
        server.stop(timeout=3)


# --- the page -----------------------------------------------------------------------------------


def wait_for_app(
    page: Page, timeout: float = APP_TIMEOUT, settle_ms: int = 150, allow_exceptions: bool = False
) -> None:
    """Wait until Streamlit is connected, has finished running the script and has drawn the result.

    Call it after page.goto() and after every interaction that reruns the script. settle_ms gives a rerun
    just triggered by a click or a key press time to start, so the wait does not pass on the *previous*
    run's "not running" state; assertions should still use expect(), which retries. Unless
    allow_exceptions, an exception shown by the app fails at once with its text.
    """
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    page.wait_for_function(
        """() => !document.querySelector(
            '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stSkeleton"], [data-stale="true"]')""",
        timeout=timeout,
    )
    expect(page.get_by_test_id("stMain")).to_be_visible(timeout=timeout)
    if not allow_exceptions:
        errors = page.get_by_test_id("stException")
        if errors.count():
            raise AssertionError("the app shows an exception:\n" + "\n\n".join(errors.all_inner_texts()))


def on_sign_in_page(page: Page) -> bool:
    return urllib.parse.urlsplit(page.url).path == "/auth/login"


def sign_in(page: Page, name: str = TESTER, password: str = TESTER_PASSWORD) -> None:
    """Fill in the sign-in page (either language) and submit; the browser returns to the page it asked for."""
    page.locator("input[name=name]").fill(name)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def open_app(
    page: Page,
    url: str,
    timeout: float = APP_TIMEOUT,
    *,
    as_user: tuple[str, str] | None = (TESTER, TESTER_PASSWORD),
    **kwargs: object,
) -> Page:
    """page.goto(url), signing in as `as_user` if the sign-in page comes first (None: stay there), then
    wait_for_app()."""
    page.goto(url, timeout=timeout)
    if on_sign_in_page(page):
        if as_user is None:
            return page
        sign_in(page, *as_user)
    wait_for_app(page, timeout=timeout, **kwargs)  # type: ignore[arg-type]
    return page


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def dataframe_grid(page: Page | Locator, index: int = 0) -> Locator:
    """The accessible <table role="grid"> that glide-data-grid keeps next to the canvas st.dataframe draws.

    It is the canvas's fallback content, so Playwright calls it hidden: get_by_role() does not find it and
    to_be_visible() fails; assert with to_be_attached() / to_have_count() / to_have_text() instead. It
    holds the header and only the rows and columns scrolled into view; aria-rowcount is the total number
    of rows plus one for the header.
    """
    return page.get_by_test_id("stDataFrame").nth(index).locator('table[role="grid"]')


def grid_cell(grid: Locator, text: str) -> Locator:
    """The grid's body cells whose whole text is `text` (see dataframe_grid: attached, never "visible")."""
    return grid.locator('td[role="gridcell"]').filter(has_text=re.compile(f"^{re.escape(text)}$"))


def grid_header(grid: Locator, text: str) -> Locator:
    return grid.locator('th[role="columnheader"]').filter(has_text=re.compile(f"^{re.escape(text)}$"))


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """Save test-artifacts/NAME.png (the folder is gitignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / (name if name.endswith(".png") else f"{name}.png")
    page.screenshot(path=path, full_page=full_page)
    return path


def choose_upload(page: Page, name: str, data: bytes, mime: str = "text/csv", index: int = 0) -> None:
    """Put a file into the page's `index`-th st.file_uploader as a person would pick it, and wait for the rerun."""
    uploader = page.get_by_test_id("stFileUploader").nth(index)
    for attempt in range(2):
        # A rerun that redraws the uploader (a tab switch that keeps the chosen tab) can drop a file picked at
        # that very moment; the uploader names the file once it holds it, else pick it again.
        uploader.locator('input[type="file"]').set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
        try:
            expect(uploader.get_by_text(name, exact=False).first).to_be_visible(
                timeout=8_000 if attempt == 0 else 15_000
            )
            break
        except AssertionError:
            if attempt == 1:
                raise
    wait_for_app(page)


def metric_value(page: Page, label: str) -> Locator:
    """The value of the st.metric labelled exactly `label`."""
    return (
        page.get_by_test_id("stMetric")
        .filter(has=page.get_by_test_id("stMetricLabel").filter(has_text=re.compile(f"^{re.escape(label)}$")))
        .get_by_test_id("stMetricValue")
    )
