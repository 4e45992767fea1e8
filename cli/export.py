"""Press exports: `export --format … --out PATH` (the same bytes as the export page for the same view)."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, Refused, actor_of, date_arg, emit, month_arg, ready_store, refused, say


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from services.exports import authorize_export, build_export, export_context
    from services.status import load_status
    from targets.errors import Refusal
    from targets.exports import CHART_FORMATS
    from targets.exports.images import ChartRenderError

    if args.chart and args.format not in CHART_FORMATS:
        say(f"--chart applies to png and svg only; ignored for {args.format}")
    store = ready_store(args)
    try:
        authorize_export(store, actor_of(args))  # before any file is built or written
    except Refusal as exc:
        raise refused(exc) from exc
    year, month = args.as_of if args.as_of else (args.year, None)
    try:
        view = load_status(
            store, year=year, as_of=month, recorded_on=args.recorded_on, approved_only=args.approved_only
        )
    except LookupError as exc:
        raise Refused("no_plan", str(exc)) from exc
    if view.status is None or not view.figures:
        raise Refused("no_figures", f"No figures for {view.plan.year} yet: nothing to export", year=view.plan.year)
    context = export_context(store, view, lang=args.lang)
    out = Path(args.out)
    try:
        built = build_export(
            store,
            context,
            args.format,
            actor=actor_of(args),
            chart=args.chart,
            via="cli",
            name=None if out.is_dir() else out.name,
        )
    except ChartRenderError as exc:
        raise Refused("no_renderer", str(exc)) from exc
    if out.is_dir():
        out = out / built.name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(built.data)
    doc = {
        "ok": True,
        "format": args.format,
        "path": str(out),
        "bytes": len(built.data),
        "sha256": built.sha256,
        "as_of": built.as_of,
        "sample_data": context.is_demo,
        "lang": args.lang,
        "chart": built.chart,
        "basis": "approved" if view.approved_only else "latest",
        "recorded_on": view.recorded_on.isoformat() if view.recorded_on else None,
        "last_change": view.last_change.isoformat(timespec="seconds") if view.last_change else None,
        "summary": context.status.summary.as_json(),
    }
    banner = "[sample data] " if context.is_demo else ""
    emit(
        args,
        doc,
        lambda: print(
            f"{banner}Wrote {out} ({len(built.data):,} bytes, as of {built.as_of}, sha256 {built.sha256[:12]}…)"
        ),
    )
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export", parents=[common, writes], help="build a press export (xlsx, csv, docx, pdf, png, svg) as of a month"
    )
    p.add_argument("--format", required=True, choices=["xlsx", "csv", "docx", "pdf", "png", "svg"])
    p.add_argument("--out", required=True, metavar="PATH", help="the file to write (or a folder for the default name)")
    p.add_argument("--as-of", type=month_arg, metavar="YYYY-MM", help="default: the latest month with figures")
    p.add_argument(
        "--recorded-on", type=date_arg, metavar="YYYY-MM-DD", help="as the database held it at the end of that day"
    )
    p.add_argument(
        "--approved-only", action="store_true", help="only the figures of approved (locked) months, per department"
    )
    p.add_argument("--year", type=int)
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the file")
    p.add_argument(
        "--chart",
        choices=["tasks_by_status", "progress_by_area", "indicator_progress"],
        help="which chart, for png and svg (default: tasks_by_status)",
    )
    p.set_defaults(func=cmd_export)
