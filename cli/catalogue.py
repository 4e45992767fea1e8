"""The plan: `catalogue` and `catalogue-import`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, Refused, actor_of, emit, import_arguments, preview_file, settle_import


def plan_of(args: argparse.Namespace):
    """The plan of --year (default: the latest), in a store brought up to date first."""
    from services import catalogue
    from services.setup import ready

    store = ready(args.db, actor_of(args))
    plan = catalogue.plan(store, args.year)
    if plan is None:
        years = catalogue.years(store)
        raise Refused("no_plan", f"No plan for year {args.year}; plans in this database: {years}", years=years)
    return plan


def _planned_investment(args: argparse.Namespace, year: int) -> dict:
    """Each task's planned investment (万元, by source) from the task table; {} when it gave none."""
    from cli.common import open_db
    from services.investment import planned

    return {code: amounts.as_json() for code, amounts in planned(open_db(args), year).items()}


def cmd_catalogue(args: argparse.Namespace) -> int:
    from targets.catalogue import catalogue_json
    from targets.numbers import format_number

    plan = plan_of(args)
    doc = catalogue_json(plan)
    doc["investment"] = _planned_investment(args, plan.year)

    def human() -> None:
        print(
            f"{plan.title.zh} — {len(plan.tasks)} of {plan.declared_tasks} tasks catalogued, "
            f"{len(plan.areas)} of {plan.declared_areas} areas, {len(plan.indicators)} indicators"
        )
        for area in plan.areas:
            print(f"\n{area.code} {area.name.zh} / {area.name.en}")
            for ind in (i for i in plan.indicators if i.area_code == area.code):
                lead = f"  [{ind.lead_unit}]" if ind.lead_unit else ""
                print(
                    f"  {ind.code:<10} {ind.name.zh}: {format_number(ind.target)} {ind.unit.zh} ({ind.kind.value}){lead}"
                )

    emit(args, doc, human)
    return EXIT_OK


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    from services.catalogue import commit_catalogue, preview_catalogue

    store, preview = preview_file(
        args, lambda store, data, name: preview_catalogue(store, data, name, year=args.year, actor=actor_of(args))
    )
    doc = {"committed": False, **preview.as_json("en")}

    def committed(changed: bool) -> dict:
        if not changed:
            return {"reason": "nothing to change"}
        plan = preview.result.plan
        return {
            "committed": True,
            "reason": f"catalogue {args.year} updated: {len(preview.changes)} change(s)",
            "tasks": len(plan.tasks),
            "indicators": len(plan.indicators),
        }

    code = settle_import(
        args,
        preview,
        doc,
        lambda: commit_catalogue(store, preview, actor=actor_of(args), confirm_warnings=args.yes),
        committed,
        confirm_here=True,
    )

    def human() -> None:
        for i in preview.issues:
            print(f"  {i.severity.value.upper()}: row {i.row}, column {i.column}: {i.message_en}")
        for c in doc["changes"]:
            print(f"  {c['action']} {c['code']} {c['field'] or ''}: {c['old']} -> {c['new']}")
        print(doc["reason"])

    emit(args, doc, human)
    return code


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    p = sub.add_parser("catalogue", parents=[common], help="list the plan's areas, tasks and indicators")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_catalogue)
    p = sub.add_parser(
        "catalogue-import", parents=[common, writes], help="load or update a plan from the official task table"
    )
    import_arguments(p, year_required=True)
    p.set_defaults(func=cmd_catalogue_import)
