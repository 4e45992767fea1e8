"""PostgreSQL for the benchmark: the tests' throwaway cluster (tests/postgres_cluster.py), one database per scale."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.postgres_cluster import Cluster, dbname_of, find_bindir


def start() -> Cluster:
    if find_bindir() is None:
        raise SystemExit("PostgreSQL not found (initdb, pg_ctl): bash scripts/setup.sh --dev installs it")
    return Cluster.start()


def database(cluster: Cluster, name: str) -> str:
    """An empty database named `name` (a template for fresh copies too); its URL."""
    cluster.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    cluster.admin(f"CREATE DATABASE {name} TEMPLATE template0")
    return cluster.url(name)


def cluster_of(url: str) -> tuple[Cluster, str]:
    """A handle on the running cluster a URL names (from another process), and the database's name."""
    query = parse_qs(urlsplit(url).query)
    socket_dir = Path(query["host"][0])
    handle = Cluster(
        bindir=find_bindir() or Path("/usr/bin"), root=socket_dir.parent, port=int(query["port"][0]), user=None
    )
    return handle, dbname_of(url)
