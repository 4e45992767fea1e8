"""A description of the machine a benchmark ran on, for RESULTS.md."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata


def _first(path: str, prefix: str) -> str | None:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def describe() -> dict[str, str]:
    mem_kib = _first("/proc/meminfo", "MemTotal")
    versions = {}
    for package in ("duckdb", "streamlit", "pandas", "python-calamine", "openpyxl", "weasyprint", "kaleido"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "-"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or "?",
        "cores": str(os.cpu_count()),
        "ram": f"{int(mem_kib.split()[0]) / 1024 / 1024:.1f} GiB" if mem_kib else "?",
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        **versions,
        "load": " / ".join(f"{x:.2f}" for x in load),
    }
