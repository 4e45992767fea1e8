"""Targets broken down by region: `region-targets import` and `region-targets list`."""

from __future__ import annotations

import argparse

from cli.catalogue import plan_of
from cli.common import EXIT_OK, emit, import_arguments, import_revisions, open_db


def cmd_region_targets_import(args: argparse.Namespace) -> int:
    from services.region_targets import commit_targets, preview_targets

    preview, doc, code = import_revisions(
        args, lambda store, data, name: preview_targets(store, data, name, year=args.year), commit_targets
    )

    def human() -> None:
        print(
            f"{preview.filename}: {preview.parsed.rows_read} rows ({preview.parsed.layout or '?'}); new {len(preview.new)}, changed {len(preview.changed)}, unchanged {preview.unchanged}"
        )
        for i in preview.issues:
            where = f"row {i.row}, column {i.column}: " if i.row else ""
            print(f"  {i.severity.value.upper()}: {where}{i.message_en}")
        print(doc["reason"])

    emit(args, doc, human)
    return code


def cmd_region_targets_list(args: argparse.Namespace) -> int:
    from services.region_targets import targets_map
    from targets.region_targets import sum_gaps
    from targets.regions import load_regions, region_name

    plan = plan_of(args)
    targets = targets_map(open_db(args), plan.year)
    gaps = sum_gaps(plan, targets)
    order = {r.code: r.position for r in load_regions()}
    rows = []
    for ind in plan.indicators:
        regional = sorted(((r, t) for (c, r), t in targets.items() if c == ind.code), key=lambda x: order.get(x[0], 99))
        rows.append(
            {
                "code": ind.code,
                "province_target": ind.target,
                "broken_down": bool(regional),
                "regions": [{"region": region_name(r), "code": r, "target": t} for r, t in regional],
                "sum_of_regions": sum(t for _, t in regional) if regional else None,
                "adds_up": ind.code not in gaps if regional else None,
            }
        )
    doc = {"year": plan.year, "indicators": rows}

    def human() -> None:
        for row in rows:
            if not row["broken_down"]:
                print(f"{row['code']:<10} no regional breakdown")
                continue
            flag = (
                ""
                if row["adds_up"]
                else f"  (regions add up to {row['sum_of_regions']:g} of {row['province_target']:g})"
            )
            print(f"{row['code']:<10} " + ", ".join(f"{x['region']} {x['target']:g}" for x in row["regions"]) + flag)

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    rt = sub.add_parser("region-targets", help="targets broken down by region (目标分解)")
    rt_sub = rt.add_subparsers(dest="rt_command", metavar="ACTION", required=True)
    p = rt_sub.add_parser(
        "import", parents=[common, writes], help="load regional targets from a spreadsheet (long or wide)"
    )
    import_arguments(p)
    p.set_defaults(func=cmd_region_targets_import)
    p = rt_sub.add_parser("list", parents=[common], help="the regional targets per indicator, and whether they add up")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_region_targets_list)
