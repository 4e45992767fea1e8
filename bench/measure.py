"""Timing and memory with public tools only: time.perf_counter, resource.getrusage, tracemalloc, /proc.

A measured function returns its own elapsed seconds (so per-repetition set-up, such as copying a fresh
database, stays outside the timing), or a dict of phases with a "total".
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

Timed = Callable[[], "float | dict[str, float]"]


@contextmanager
def stopwatch():
    """with stopwatch() as sw: …; sw.seconds"""
    watch = _Watch()
    start = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - start


class _Watch:
    seconds: float = 0.0


def timed(fn: Callable[[], Any]) -> Timed:
    """A plain callable as a measured one (the whole call is timed)."""

    def run() -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    return run


def _total(result: float | dict[str, float]) -> tuple[float, dict[str, float]]:
    if isinstance(result, dict):
        return result["total"], {k: v for k, v in result.items() if k != "total"}
    return float(result), {}


@dataclass
class Series:
    """Repeated measurements of one thing, in seconds, with optional phases."""

    times: list[float] = field(default_factory=list)
    phases: dict[str, list[float]] = field(default_factory=dict)

    def add(self, result: float | dict[str, float]) -> None:
        total, phases = _total(result)
        self.times.append(total)
        for name, value in phases.items():
            self.phases.setdefault(name, []).append(value)

    def as_json(self) -> dict[str, Any]:
        return {"times": self.times, "phases": self.phases}


def run_interleaved(fns: dict[str, Timed], *, reps: int, warmup: int = 1) -> dict[str, dict[str, Any]]:
    """Every function once per round, round after round (b, s, b, s, …): drift on a shared machine hits all alike."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    series = {name: Series() for name in fns}
    for _ in range(reps):
        for name, fn in fns.items():
            gc.collect()
            series[name].add(fn())
    return {name: s.as_json() for name, s in series.items()}


# --- memory --------------------------------------------------------------------------------------


def rss_bytes(pid: int | str = "self") -> int:
    """Resident set size of a process now (VmRSS), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


def tree_rss_bytes(pid: int) -> int:
    """RSS of a process and all its descendants (a server and, e.g., the Chromium it drives)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss_bytes(current)
        todo.extend(children.get(current, []))
    return total


def max_rss_bytes() -> int:
    """This process's peak RSS so far (ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory_of(fn: Timed) -> dict[str, int]:
    """Peak memory of one call: RSS before, peak RSS after (ru_maxrss), and the Python heap peak (tracemalloc,
    a second call; DuckDB's and the renderers' native allocations are not in it, they are in the RSS)."""
    gc.collect()
    before = rss_bytes()
    fn()
    peak = max_rss_bytes()
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _, heap_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"rss_before": before, "rss_peak": peak, "rss_growth": max(0, peak - before), "heap_peak": heap_peak}


def summary(times: list[float]) -> dict[str, float]:
    if not times:
        return {"n": 0}
    return {"n": len(times), "median": statistics.median(times), "min": min(times), "max": max(times)}
