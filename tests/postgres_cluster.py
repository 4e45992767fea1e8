"""A throwaway PostgreSQL cluster for the tests: initdb and pg_ctl as a non-root user, a Unix socket only.

    cluster = Cluster.start()            # Debian's postgresql (/usr/lib/postgresql/*/bin), or $PG_BINDIR
    url = cluster.new_database()          # CREATE DATABASE … TEMPLATE template0: empty and cheap
    cluster.drop_database(url)
    cluster.stop()                        # pg_ctl stop, and the data folder is gone

The server listens on no TCP address at all (listen_addresses=''), only on a socket in a private
temporary folder, trusts connections there, and runs without fsync: nothing in it outlives the run.
Run as root, it runs as the `postgres` system user (Debian's package creates it), or as a
dedicated `livelihood-pg` user created for the purpose; initdb refuses to run as root.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "postgres"  # the cluster's own superuser role (not the operating-system user)
OS_USERS = ("postgres", "livelihood-pg")


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: $PG_BINDIR, Debian's newest /usr/lib/postgresql/N/bin, or PATH."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += versions
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for c in candidates:
        if (c / "initdb").is_file() and (c / "pg_ctl").is_file():
            return c
    return None


def _os_user() -> pwd.struct_passwd | None:
    """The unprivileged account the server runs as when the tests run as root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in OS_USERS:
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USERS[1]],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(OS_USERS[1])


def _free_port() -> int:
    # Only names the socket file (no TCP listener); a free number keeps it clear of anyone's habits.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    bindir: Path
    root: Path
    port: int
    user: pwd.struct_passwd | None
    _admin: object = field(default=None, repr=False)
    _names: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)
    _templates: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"

    # --- lifecycle -------------------------------------------------------------------------------

    @classmethod
    def start(cls, bindir: Path | None = None) -> Cluster:
        bindir = bindir or find_bindir()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL's initdb and pg_ctl not found (apt-get install postgresql)")
        user = _os_user()
        root = Path(tempfile.mkdtemp(prefix="livelihood-pg-"))
        cluster = cls(bindir=bindir, root=root, port=_free_port(), user=user)
        (root / "socket").mkdir()
        if user is not None:
            for path in (root, root / "socket"):
                os.chown(path, user.pw_uid, user.pw_gid)
        _started.append(cluster)
        cluster._run(
            "initdb",
            "-D",
            str(cluster.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = " ".join(
            [
                "-c listen_addresses=''",  # no TCP at all: the socket below is the only way in
                f"-c unix_socket_directories={cluster.socket_dir}",
                "-c unix_socket_permissions=0700",
                f"-p {cluster.port}",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        cluster._run(
            "pg_ctl", "-D", str(cluster.data), "-l", str(cluster.log), "-o", options, "-w", "-t", "60", "start"
        )
        return cluster

    def stop(self) -> None:
        if self._admin is not None:
            with contextlib.suppress(Exception):
                self._admin.close()
            self._admin = None
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        with contextlib.suppress(ValueError):
            _started.remove(self)

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        ids = {} if self.user is None else {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "HOME": str(self.root)}
        done = subprocess.run(
            [str(self.bindir / tool), *args], cwd=self.root, env=env, capture_output=True, text=True, timeout=120, **ids
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{log}")
        return done

    # --- databases -------------------------------------------------------------------------------

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE) in the `postgres` database."""
        if self._admin is None:
            import duckdb

            from db.postgres import extension_file

            conn = duckdb.connect(":memory:", config={"allow_unsigned_extensions": "true"})
            conn.execute(f"LOAD '{extension_file()}'")
            conn.execute(f"ATTACH '{self.url('postgres')}' AS admin (TYPE postgres)")
            self._admin = conn
        self._admin.execute("CALL postgres_execute('admin', ?, use_transaction := false)", [sql])

    def query(self, dbname: str, sql: str) -> list[tuple]:
        """Rows of a query run by PostgreSQL itself in database dbname (for tests that look behind DuckDB)."""
        import duckdb

        from db.postgres import extension_file

        with duckdb.connect(":memory:", config={"allow_unsigned_extensions": "true"}) as conn:
            conn.execute(f"LOAD '{extension_file()}'")
            conn.execute(f"ATTACH '{self.url(dbname)}' AS db (TYPE postgres)")
            return conn.execute("SELECT * FROM postgres_query('db', ?)", [sql]).fetchall()

    def new_database(self, template: str = "template0") -> str:
        """A new database copied from template (template0: empty); returns its URL."""
        name = f"t{next(self._names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        return self.url(name)

    def template(self, name: str, build) -> str:
        """A database built once per session by build(url), to copy with new_database(template=name)."""
        if name not in self._templates:
            self.admin(f"CREATE DATABASE {name} TEMPLATE template0")
            build(self.url(name))
            self._templates[name] = self.url(name)
        return name

    def drop_database(self, url: str) -> None:
        name = dbname_of(url)
        with contextlib.suppress(Exception):
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def dbname_of(url: str) -> str:
    m = re.match(r"postgres(?:ql)?://[^/]*/([A-Za-z0-9_]+)", url)
    if not m:
        raise ValueError(f"no database name in {url}")
    return m.group(1)


_started: list[Cluster] = []


@atexit.register
def _stop_leftovers() -> None:
    # An interrupted session must not leave a server running.
    for cluster in list(_started):
        cluster.stop()
