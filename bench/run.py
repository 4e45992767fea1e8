"""The benchmark, in one command: synthetic plans at growing scale, every figure beside its baseline.

    .venv/bin/python -m bench.run [--quick] [--db-kind duckdb|postgres|both] [--out bench/RESULTS.md]

Builds databases of 1, 5 and 20 plan-years × 100 regions × 60 indicators × 12 months (--quick: 1 and 2
plan-years × 10 regions, a 5,000-row import), then measures, each in worker processes of its own
(bench.worker) and interleaved with its baseline:

- the overview page's script run (AppTest of app.py) against a bare page's (bench/floor_page.py); on
  PostgreSQL also with its reads through DuckDB's extension instead of psycopg (--no-extension leaves it out);
- the status of every indicator for the province and every region, with the ranking, against a plain
  read of the same figures summed in a Python loop;
- the import of a 100,000-row CSV and XLSX (validate + commit into a fresh database) against pandas
  reading the same file (read_csv; read_excel with openpyxl);
- the press pack (XLSX + DOCX + PDF) with the chart server warm, against the same libraries writing
  trivial files; and the first pack of a fresh process (cold start) on its own;
- the peak memory of each (ru_maxrss of a process that does only that, and tracemalloc's heap peak);
- several browser sessions on the overview at once (bench.load): p95 page load, server memory per session.

Benchmarks report; they never fail on a missed goal. Figures are medians of N runs with min–max, and
ratios are the median of the per-round ratios (subject ÷ baseline, both timed in the same round).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.machine import describe
from bench.measure import summary

ROOT = Path(__file__).resolve().parent.parent
MIB = 2**20


@dataclass(frozen=True)
class Sizes:
    years: tuple[int, ...]
    regions: int
    indicators: int
    months: int
    import_rows: int
    import_indicators: int
    reps: int
    import_reps: int
    cold_reps: int
    load_levels: tuple[int, ...]
    loads_per_session: int


FULL = Sizes((1, 5, 20), 100, 60, 12, 100_000, 84, 7, 5, 3, (1, 4, 8), 5)
QUICK = Sizes((1, 2), 10, 60, 12, 5_000, 60, 3, 3, 1, (1, 2), 2)

PARTS = ("page", "status", "import", "press", "load")

GOALS = {
    # measure -> (the ratio or figure it is judged on, the goal, in words)
    "page_warm": {1: 1.5, 20: 2.0},
    "import_ratio": 1 / 3,  # import time ÷ plain read: at least 3× faster
    "import_cells_per_s": 100_000,
    "press_seconds": 3.0,
}


class Bench:
    def __init__(self, sizes: Sizes, work: Path, kinds: list[str], verbose: bool = True, only: tuple[str, ...] = PARTS):
        self.sizes, self.work, self.kinds, self.verbose, self.only = sizes, work, kinds, verbose, only
        self.warmup = 1
        self.results: dict[str, Any] = {
            "sizes": asdict(sizes),
            "builds": [],
            "rows": [],
            "memory": [],
            "load": {},
        }
        self.env = dict(os.environ)
        self.files: dict[str, Path] = {}
        self.cluster = None
        self.load, self.load_kinds = True, kinds[:1]
        self.with_memory = True
        self.reuse = False
        self.extension_rows = True  # on PostgreSQL, the page again reading through DuckDB's extension

    def say(self, text: str) -> None:
        if self.verbose:
            print(text, flush=True)

    # --- workers ---------------------------------------------------------------------------------

    def worker(self, mode: str, case: str, db: str, params: dict | None = None, **options: Any) -> dict:
        out = self.work / f"w-{uuid.uuid4().hex[:8]}.json"
        cmd = [sys.executable, "-m", "bench.worker", mode, case, "--db", db, "--work", str(self.work)]
        cmd += ["--params", json.dumps(params or {}), "--out", str(out)]
        for key, value in options.items():
            cmd += [f"--{key}", str(value)]
        done = subprocess.run(cmd, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=4 * 3600)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
            )
        result = json.loads(out.read_text())
        out.unlink()
        return result

    # --- databases -------------------------------------------------------------------------------

    def databases(self, kind: str) -> tuple[dict[int, str], str]:
        """A database per scale (plan-years) and the import template (the plan only), built by workers."""
        s = self.sizes
        targets: dict[int, str] = {}
        for years in s.years:
            if self.reuse and kind == "duckdb" and (self.work / f"years_{years}.duckdb").exists():
                targets[years] = str(self.work / f"years_{years}.duckdb")
                self.say(f"  reusing {targets[years]}")
                continue
            targets[years] = self._new_db(kind, f"years_{years}")
            scale = {"years": years, "regions": s.regions, "indicators": s.indicators, "months": s.months}
            built = self.worker("build", "-", targets[years], {"scale": scale})
            self.results["builds"].append({"kind": kind, "years": years, **built})
            self.say(
                f"  built {years} plan-year(s) on {kind}: {built['figures']:,} figures in {built['seconds']:.1f} s"
            )
        if self.reuse and kind == "duckdb" and (self.work / "import_template.duckdb").exists():
            return targets, str(self.work / "import_template.duckdb")
        template = self._new_db(kind, "import_template")
        self.worker("build", "-", template, {"indicators": s.import_indicators})
        return targets, template

    def _new_db(self, kind: str, name: str) -> str:
        if kind == "postgres":
            from bench.pg import database

            return database(self.cluster, name)
        path = self.work / f"{name}.duckdb"
        path.unlink(missing_ok=True)
        return str(path)

    # --- measurements ----------------------------------------------------------------------------

    def row(self, kind: str, measure: str, scale: str, timing: dict, subject: str = "subject", **extra: Any) -> dict:
        base = timing["series"].get("baseline", {"times": []})["times"]
        subj = timing["series"][subject]["times"]
        ratios = [s / b for s, b in zip(subj, base, strict=False) if b > 0]
        row = {
            "kind": kind,
            "measure": measure,
            "scale": scale,
            "baseline": summary(base),
            "subject": summary(subj),
            "ratio": summary(ratios),
            "phases": {k: summary(v) for k, v in timing["series"][subject].get("phases", {}).items()},
            "facts": timing.get("facts", {}),
            **extra,
        }
        self.results["rows"].append(row)
        r = row["ratio"]
        ratio = f" = {r['median']:.2f}× baseline ({r['min']:.2f}–{r['max']:.2f})" if r["n"] else ""
        b = row["baseline"]
        base_text = f" vs baseline {b['median'] * 1000:.0f} ms" if b["n"] else ""
        self.say(f"  {measure} [{scale}]: {row['subject']['median'] * 1000:.0f} ms{base_text}{ratio}")
        return row

    def memory(self, kind: str, measure: str, scale: str, case: str, db: str, side: str, params: dict, warmup: int = 0):
        if not self.with_memory:
            return
        result = self.worker("memory", case, db, params, side=side, warmup=warmup)["memory"]
        self.results["memory"].append({"kind": kind, "measure": measure, "scale": scale, "side": side, **result})

    def run_kind(self, kind: str) -> None:
        s = self.sizes
        self.say(f"[{kind}] building databases")
        targets, template = self.databases(kind)
        newest = max(s.years)
        for years, db in targets.items():
            scale = f"{years} y"
            params = {"year": 2024}
            if "page" not in self.only:
                continue
            self.say(f"[{kind}] overview page, {scale}")
            extension = kind == "postgres" and self.extension_rows
            timing = self.worker(
                "time", "page", db, {**params, "extension": extension}, reps=s.reps, warmup=self.warmup
            )
            goal = GOALS["page_warm"].get(years) or (GOALS["page_warm"][20] if years == newest else None)
            self.row(kind, "overview page, new session (cached reads warm)", scale, timing, "warm", goal=goal)
            self.row(kind, "overview page, after a write (cached reads cleared)", scale, timing, "cold")
            self.row(kind, "overview page, after an upload (one indicator × every region)", scale, timing, "upload")
            if extension:
                for side, measure in EXTENSION_ROWS.items():
                    self.row(kind, measure, scale, timing, side)
            for side in ("baseline", "warm", "cold"):
                self.memory(kind, "page", scale, "page", db, side, params, warmup=1 if side == "warm" else 0)
        for years, db in targets.items():
            scale = f"{years} y"
            if "status" not in self.only:
                continue
            self.say(f"[{kind}] status, {scale}")
            timing = self.worker("time", "status", db, {}, reps=s.reps, warmup=self.warmup)
            self.row(kind, "status: province + every region + ranking", scale, timing)
            for side in ("baseline", "subject"):
                self.memory(kind, "status", scale, "status", db, side, {})
        for fmt in ("csv", "xlsx") if "import" in self.only else ():
            self.say(f"[{kind}] import {s.import_rows:,} rows of {fmt}")
            params = {"file": str(self.files[fmt]), "rows": s.import_rows, "columns": 4}
            timing = self.worker("time", f"import_{fmt}", template, params, reps=s.import_reps, warmup=self.warmup)
            self.row(kind, f"import {fmt.upper()} (validate + commit)", f"{s.import_rows:,} rows", timing)
            for side in ("baseline", "subject"):
                self.memory(kind, f"import_{fmt}", f"{s.import_rows:,} rows", f"import_{fmt}", template, side, params)
        for years in sorted({min(s.years), newest}) if "press" in self.only else ():
            db, scale = targets[years], f"{years} y"
            self.say(f"[{kind}] press pack, {scale}")
            timing = self.worker("time", "press", db, {}, reps=s.reps, warmup=self.warmup)
            self.row(kind, "press pack XLSX+DOCX+PDF (chart server warm)", scale, timing, goal=GOALS["press_seconds"])
            cold = [self.worker("once", "press_cold", db, {}) for _ in range(s.cold_reps)]
            self.results["rows"].append(
                {
                    "kind": kind,
                    "measure": "press pack, first in a fresh process (cold start)",
                    "scale": scale,
                    "baseline": {"n": 0},
                    "subject": summary([c["result"]["total"] for c in cold]),
                    "ratio": {"n": 0},
                    "phases": {k: summary([c["result"][k] for c in cold]) for k in ("xlsx", "docx", "pdf")},
                    "facts": {"rss_peak": max(c["rss_peak"] for c in cold)},
                }
            )
            self.say(f"  cold press pack [{scale}]: {statistics.median(c['result']['total'] for c in cold):.2f} s")
            if years == min(s.years):
                for side in ("baseline", "subject"):
                    self.memory(kind, "press", scale, "press", db, side, {})
        if "load" in self.only and self.load and kind in self.load_kinds:
            from bench.load import run as load_run

            self.say(f"[{kind}] browser sessions at once, {min(s.years)} y")
            self.results["load"][kind] = load_run(targets[min(s.years)], s.load_levels, s.loads_per_session)

    def make_files(self) -> None:
        from bench.synth import region_codes, synthetic_plan, upload_csv, upload_rows, upload_xlsx

        s = self.sizes
        rows = upload_rows(synthetic_plan(2024, s.import_indicators), region_codes(s.regions), s.import_rows)
        self.files.update(csv=self.work / "import.csv", xlsx=self.work / "import.xlsx")
        self.files["csv"].write_bytes(upload_csv(rows))
        self.files["xlsx"].write_bytes(upload_xlsx(rows))


# --- the report ------------------------------------------------------------------------------------


def _ms(stats: dict) -> str:
    if not stats or not stats.get("n"):
        return "–"
    if stats["median"] >= 10:
        return f"{stats['median']:.1f} s ({stats['min']:.1f}–{stats['max']:.1f})"
    return f"{stats['median'] * 1000:,.0f} ms ({stats['min'] * 1000:,.0f}–{stats['max'] * 1000:,.0f})"


def _ratio(stats: dict) -> str:
    if not stats or not stats.get("n"):
        return "–"
    return f"{stats['median']:.2f}× ({stats['min']:.2f}–{stats['max']:.2f})"


def _verdict(row: dict) -> str:
    """The goal and whether the median meets it (reported, never asserted)."""
    measure, ratio, subj, facts = row["measure"], row["ratio"], row["subject"], row["facts"]
    if measure.startswith("overview page, new session") and row.get("goal"):
        ok = ratio["median"] <= row["goal"]
        return f"≤ {row['goal']:g}× floor: {'met' if ok else 'missed'}"
    if measure.startswith("import"):
        cps = facts["cells"] / subj["median"]
        speed = 1 / ratio["median"]
        ok_cps, ok_ratio = cps >= GOALS["import_cells_per_s"], ratio["median"] <= GOALS["import_ratio"]
        return (
            f"{cps:,.0f} cells/s ({'met' if ok_cps else 'missed'} ≥ 100,000); "
            f"{speed:.2f}× the plain read's speed ({'met' if ok_ratio else 'missed'} ≥ 3×)"
        )
    if measure.startswith("status"):
        return f"{facts['cells'] / subj['median']:,.0f} figures/s; {facts['regions']} regions × {facts['indicators']} indicators"
    if measure.startswith("press pack XLSX") and row.get("goal"):
        return f"< {row['goal']:g} s: {'met' if subj['median'] < row['goal'] else 'missed'}"
    return ""


# On PostgreSQL the page reads over psycopg (db.native); these rows read through DuckDB's extension instead.
EXTENSION_ROWS = {
    "warm_extension": "overview page, new session, reads through DuckDB's extension",
    "cold_extension": "overview page, after a write, reads through DuckDB's extension",
    "upload_extension": "overview page, after an upload, reads through DuckDB's extension",
}

BASELINES = {
    **{measure: "bare page (title only), AppTest" for measure in EXTENSION_ROWS.values()},
    "overview page, new session (cached reads warm)": "bare page (title only), AppTest",
    "overview page, after a write (cached reads cleared)": "bare page (title only), AppTest",
    "overview page, after an upload (one indicator × every region)": "bare page (title only), AppTest",
    "status: province + every region + ranking": "read the year's figures + sum them in a Python loop",
    "import CSV (validate + commit)": "pandas.read_csv of the same bytes",
    "import XLSX (validate + commit)": 'pandas.read_excel(engine="openpyxl") of the same bytes',
    "press pack XLSX+DOCX+PDF (chart server warm)": "one-line XLSX + DOCX + PDF, two 1-bar SVG charts",
    "press pack, first in a fresh process (cold start)": "(absolute)",
}


def table(results: dict) -> str:
    lines = [
        "| store | measure | scale | baseline | baseline time | measured time | ratio (÷ baseline) | goal / throughput |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in results["rows"]:
        lines.append(
            f"| {row['kind']} | {row['measure']} | {row['scale']} | {BASELINES.get(row['measure'], '')} | "
            f"{_ms(row['baseline'])} | {_ms(row['subject'])} | {_ratio(row['ratio'])} | {_verdict(row)} |"
        )
    return "\n".join(lines)


def phases_table(results: dict) -> str:
    lines = ["| store | measure | scale | phases (median, min–max) |", "| --- | --- | --- | --- |"]
    for row in results["rows"]:
        if row.get("phases"):
            text = "; ".join(f"{name} {_ms(stats)}" for name, stats in row["phases"].items())
            lines.append(f"| {row['kind']} | {row['measure']} | {row['scale']} | {text} |")
    return "\n".join(lines)


def memory_table(results: dict) -> str:
    names = {"baseline": "baseline", "subject": "measured", "warm": "overview (warm)", "cold": "overview (cold)"}
    lines = [
        "| store | measure | scale | side | process peak RSS | growth over RSS before | Python heap peak (tracemalloc) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in results["memory"]:
        lines.append(
            f"| {m['kind']} | {m['measure']} | {m['scale']} | {names.get(m['side'], m['side'])} | "
            f"{m['rss_peak'] / MIB:,.0f} MiB | {m['rss_growth'] / MIB:,.0f} MiB | {m['heap_peak'] / MIB:,.1f} MiB |"
        )
    return "\n".join(lines)


def load_table(results: dict) -> str:
    lines = [
        "| store | sessions at once | loads | floor page p95 (median) | overview p95 (median; min–max) | p95 ratio | server RSS idle → with sessions | per session |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, levels in results["load"].items():
        for level in levels:
            f, o = level["floor"], level["overview"]
            lines.append(
                f"| {kind} | {level['sessions']} | {o['loads']} | {f['p95']:.2f} s ({f['median']:.2f} s) | "
                f"{o['p95']:.2f} s ({o['median']:.2f} s; {o['min']:.2f}–{o['max']:.2f}) | {o['p95'] / f['p95']:.2f}× | "
                f"{o['rss_before'] / MIB:,.0f} → {o['rss_after'] / MIB:,.0f} MiB | {o['rss_per_session'] / MIB:,.1f} MiB "
                f"(floor {f['rss_per_session'] / MIB:,.1f}) |"
            )
    return "\n".join(lines)


def compare_table(before: dict, after: dict) -> str:
    """Each measurement of an earlier run (before the fixes) beside the same one now."""
    earlier = {(r["kind"], r["measure"], r["scale"]): r for r in before["rows"]}
    lines = [
        "| store | measure | scale | before: time; ÷ its baseline | after: time; ÷ its baseline | faster by (times; ratios) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in after["rows"]:
        old = earlier.get((row["kind"], row["measure"], row["scale"]))
        if old is None or not old["subject"].get("n"):
            continue
        speedup = f"{old['subject']['median'] / row['subject']['median']:.1f}×"
        if old["ratio"].get("n") and row["ratio"].get("n"):
            speedup += f"; {old['ratio']['median'] / row['ratio']['median']:.1f}×"
        lines.append(
            f"| {row['kind']} | {row['measure']} | {row['scale']} | {_ms(old['subject'])}; {_ratio(old['ratio'])} | "
            f"{_ms(row['subject'])}; {_ratio(row['ratio'])} | {speedup} |"
        )
    return "\n".join(lines)


def report(results: dict) -> str:
    m = results["machine"]
    s = results["sizes"]
    builds = ", ".join(
        f"{b['kind']} {b['years']} y: {b['figures']:,} figures in {b['seconds']:.0f} s" for b in results["builds"]
    )
    parts = [
        "# Benchmark results",
        "",
        f"`{results['command']}` — {results['started']} to {results['finished']} (UTC).",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram']}; {m['os']}",
        f"- Python {m['python']}; duckdb {m['duckdb']}; streamlit {m['streamlit']}; pandas {m['pandas']}; "
        f"python-calamine {m['python-calamine']}; openpyxl {m['openpyxl']}; weasyprint {m['weasyprint']}; "
        f"kaleido {m['kaleido']}",
        f"- Load average at start {m['load']}, at the end {results['machine_end']['load']} "
        "(a shared machine: read the ratios, which are timed in the same rounds, more than the absolute times)",
        "",
        "## Data",
        "",
        f"- Plan-years: {', '.join(map(str, s['years']))}; each {s['regions']} regions × {s['indicators']} indicators × "
        f"{s['months']} months of cumulative figures (+ the province's own figure for rates and standards), "
        "regional targets for the counts; the newest year (2024) is the one the pages show.",
        f"- Import file: {s['import_rows']:,} rows × 4 columns (指标编号, 地区, 月份, 累计完成), long layout, into a "
        f"fresh database holding one plan of {s['import_indicators']} indicators.",
        f"- Built: {builds}.",
        f"- Repetitions: {s['reps']} (imports {s['import_reps']}, cold press packs {s['cold_reps']}, each a fresh process), "
        "after one warm-up; baseline and measured function alternate in each round. Times are medians (min–max).",
        "",
        "## Times",
        "",
        table(results),
        "",
        "### Where the time goes",
        "",
        phases_table(results),
        "",
        "## Memory",
        "",
        "Each line is a process that did only that (after its imports and set-up): ru_maxrss, and tracemalloc's peak "
        "for one more call. Native allocations (DuckDB, calamine, WeasyPrint) are in the RSS, not in the heap peak; the "
        "chart server's Chromium is a separate process and in neither.",
        "",
        memory_table(results),
    ]
    if results["load"]:
        parts += [
            "",
            "## Browser sessions at once",
            "",
            f"Debian Chromium through Playwright, one context per session, each loading the page "
            f"{s['loads_per_session']} times one after another; every level on a fresh server (one warm-up visit first). "
            "A load runs from page.goto() until the script has finished and the page shows its content. "
            "Per-session memory: the server's RSS with all sessions open minus its RSS after the warm-up, ÷ sessions.",
            "",
            load_table(results),
        ]
    if results.get("before"):
        before = results["before"]
        parts += [
            "",
            "## Before and after the fixes",
            "",
            f"The same measurements on the code before the fixes (`{before['command']}`, {before['started']} UTC; "
            "same machine, same databases and files). Its baselines were measured again in that run, so the second "
            "speed-up (of the ratios to the baselines) discounts a busier or quieter machine; the first is of the times.",
            "",
            compare_table(before, results),
        ]
    if results.get("notes"):
        parts += ["", "## Notes", "", *[f"- {n}" for n in results["notes"]]]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke size (minutes, not an hour)")
    parser.add_argument("--db-kind", choices=["duckdb", "postgres", "both"], default="duckdb")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--json", type=Path, help="also write the raw figures (default: OUT with .json)")
    parser.add_argument("--no-load", action="store_true", help="leave out the browser sessions")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one, removed at the end)")
    parser.add_argument("--note", action="append", default=[], help="a line for the Notes section (repeatable)")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS), help="measure only these parts")
    parser.add_argument("--years", type=int, nargs="+", help="plan-years per database (default 1 5 20; quick 1 2)")
    parser.add_argument("--reps", type=int, help="repetitions of each measurement (default 7; quick 3)")
    parser.add_argument("--import-reps", type=int, help="repetitions of each import (default 5; quick 3)")
    parser.add_argument("--cold-reps", type=int, help="fresh processes for the cold press pack (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs before the measured ones")
    parser.add_argument("--no-memory", action="store_true", help="leave out the memory measurements")
    parser.add_argument("--reuse", action="store_true", help="reuse the DuckDB databases a kept --work folder holds")
    parser.add_argument(
        "--no-extension", action="store_true", help="on PostgreSQL, leave out the page reading through the extension"
    )
    parser.add_argument("--before", type=Path, help="the raw figures (.json) of an earlier run, shown beside these")
    parser.add_argument("--render", type=Path, help="write OUT from the raw figures of a finished run; measure nothing")
    args = parser.parse_args(argv)

    if args.render:
        results = json.loads(args.render.read_text())
        if args.before:
            results["before"] = json.loads(args.before.read_text())
            results["before"].pop("before", None)
        results["notes"] = results.get("notes", []) + list(args.note)
        args.out.write_text(report(results), encoding="utf-8")
        print(f"wrote {args.out}")
        return 0

    sizes = QUICK if args.quick else FULL
    overrides = {
        "years": tuple(args.years) if args.years else None,
        "reps": args.reps,
        "import_reps": args.import_reps,
        "cold_reps": args.cold_reps,
    }
    sizes = replace(sizes, **{k: v for k, v in overrides.items() if v is not None})
    work = args.work or Path(tempfile.mkdtemp(prefix="livelihood-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # The synthetic regions: named before anything imports targets, here and in every worker and server.
    from bench.synth import use_regions

    use_regions(work / "regions.yaml", sizes.regions)
    kinds = ["duckdb", "postgres"] if args.db_kind == "both" else [args.db_kind]
    bench = Bench(sizes, work, kinds, only=tuple(args.only))
    bench.warmup, bench.with_memory, bench.reuse = args.warmup, not args.no_memory, args.reuse
    bench.extension_rows = not args.no_extension
    bench.env = dict(os.environ)
    bench.load, bench.load_kinds = not args.no_load, kinds[:1]
    started = datetime.now(UTC)
    bench.results.update(
        machine=describe(),
        started=started.strftime("%Y-%m-%d %H:%M"),
        command="python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        notes=list(args.note),
    )
    print(f"scratch folder {work}; {sizes}", flush=True)
    bench.make_files()
    cluster = None
    try:
        for kind in kinds:
            if kind == "postgres":
                from bench.pg import start

                cluster = bench.cluster = start()
            begun = time.perf_counter()
            bench.run_kind(kind)
            bench.say(f"[{kind}] done in {time.perf_counter() - begun:.0f} s")
    finally:
        if cluster is not None:
            cluster.stop()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results = bench.results
    results.update(finished=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"), machine_end=describe())
    if args.before:
        results["before"] = json.loads(args.before.read_text())
        results["before"].pop("before", None)
    text = report(results)
    print()
    print(table(results))
    if results["load"]:
        print()
        print(load_table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    (args.json or args.out.with_suffix(".json")).write_text(json.dumps(results, indent=1, default=str))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
