"""One measurement in a process of its own, so its peak memory is its own: `python -m bench.worker …`.

    time:   every function of the case, interleaved, reps times after a warm-up; times in seconds
    memory: one function of the case (--side): RSS before, peak RSS, and the Python heap peak
    once:   one function, once, in this fresh process (cold starts)
    build:  fill a database with synthetic plan-years (bench.synth)

LIVELIHOOD_REGIONS must name the synthetic regions file before anything imports targets; bench.run sets it.
The result is written as JSON to --out.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("mode", choices=["time", "memory", "once", "build"])
    parser.add_argument("case")
    parser.add_argument("--db", required=True)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--params", default="{}")
    parser.add_argument("--side", default="subject")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    params = json.loads(args.params)

    if args.mode == "build":
        from bench.synth import Scale, build_database, build_plan_only

        start = time.perf_counter()
        if "scale" in params:
            facts = build_database(args.db, Scale(**params["scale"]))
        else:
            facts = build_plan_only(args.db, indicators=params["indicators"])
        result = {"seconds": time.perf_counter() - start, **facts}
    else:
        from bench.cases import CASES, Context
        from bench.measure import max_rss_bytes, memory_of, rss_bytes, run_interleaved

        case = CASES[args.case](Context(args.db, args.work, params))
        try:
            if args.mode == "time":
                result = {"series": run_interleaved(case.fns, reps=args.reps, warmup=args.warmup), "facts": case.facts}
            elif args.mode == "once":
                start_rss = rss_bytes()
                value = case.fns[args.side]()
                result = {
                    "result": value if isinstance(value, dict) else {"total": value},
                    "rss_before": start_rss,
                    "rss_peak": max_rss_bytes(),
                }
            else:
                fn = case.fns[args.side]
                for _ in range(args.warmup):
                    fn()
                result = {"memory": memory_of(fn), "facts": case.facts}
        finally:
            if case.cleanup:
                case.cleanup()
    args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
