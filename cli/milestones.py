"""Milestones of construction-type tasks: `milestones import` and `milestones show`."""

from __future__ import annotations

import argparse
from datetime import date

from cli.common import EXIT_OK, Refused, actor_of, emit, import_arguments, import_revisions, ready_store


def _as_of_arg(text: str) -> date:
    """YYYY-MM (that month's last day) or YYYY-MM-DD."""
    from targets.milestones import month_end

    try:
        parts = [int(x) for x in text.split("-")]
        return month_end(*parts) if len(parts) == 2 else date(*parts)
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(f"not YYYY-MM or YYYY-MM-DD: {text!r}") from None


def cmd_import(args: argparse.Namespace) -> int:
    from services.milestones import commit_milestones, preview_milestones_as

    preview, doc, code = import_revisions(
        args,
        lambda store, data, name: preview_milestones_as(store, data, name, year=args.year, actor=actor_of(args)),
        commit_milestones,
    )

    def human() -> None:
        print(
            f"{preview.filename}: {preview.parsed.rows_read} rows; new {len(preview.new)}, changed {len(preview.changed)}, unchanged {preview.unchanged}"
        )
        for i in preview.issues:
            where = ", ".join(
                filter(
                    None,
                    (
                        f"sheet {i.sheet}" if i.sheet else "",
                        f"row {i.row}" if i.row else "",
                        f"column {i.column}" if i.column else "",
                    ),
                )
            )
            print(f"  {i.severity.value.upper()}: {where + ': ' if where else ''}{i.message_en}")
        print(doc["reason"])

    emit(args, doc, human)
    return code


def cmd_show(args: argparse.Namespace) -> int:
    from services.milestones import judged
    from services.status import load_status
    from targets.milestones import STAGES, status_date
    from targets.regions import region_name

    store = ready_store(args)
    as_of = args.as_of
    try:
        view = load_status(store, year=args.year)
    except LookupError as exc:
        raise Refused("no_plan", str(exc)) from exc
    year = view.plan.year
    if as_of is None:
        from services.cycle import local_today

        as_of = status_date(year, view.as_of) if view.as_of else local_today(store)
    found = judged(store, year, as_of)
    if args.task:
        if args.task not in {t.code for t in view.plan.tasks}:
            raise Refused("unknown_task", f"No task {args.task} in {year}")
        found = {k: v for k, v in found.items() if k == args.task}
    tasks = []
    for code, ms in sorted(found.items()):
        doc = ms.as_json()
        doc["code"] = code
        doc["projects_list"] = [
            {
                "project": p.name or None,
                "region": p.region,
                "light": p.light(as_of).value,
                **{
                    f"{k}_{s.value}": (d.isoformat() if (d := getattr(p, f"{k}_{s.value}")) else None)
                    for k in ("planned", "actual")
                    for s in STAGES
                },
            }
            for p in ms.projects
        ]
        tasks.append(doc)
    out = {"year": year, "as_of": as_of.isoformat(), "tasks": tasks}

    def human() -> None:
        print(f"Milestones {year} as of {as_of.isoformat()}:")
        if not tasks:
            print("  none")
        for t in tasks:
            rate = lambda x: "—" if x is None else f"{x * 100:.1f}%"  # noqa: E731
            print(
                f"  {t['code']:<8} {t['light']:<8} {t['projects']} project(s): started {t['started']} ({rate(t['start_rate'])}), "
                f"completed {t['completed']} ({rate(t['completion_rate'])}), accepted {t['accepted']}"
            )
            for m in t["missed"]:
                where = f" ({region_name(m['region'], 'en')})" if m["region"] else ""
                print(f"    missed: {m['project'] or t['code']}{where} {m['stage']} planned {m['planned']}")

    emit(args, out, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    ms = sub.add_parser("milestones", help="start, completion and acceptance dates of construction tasks (节点)")
    ms_sub = ms.add_subparsers(dest="ms_command", metavar="ACTION", required=True)
    p = ms_sub.add_parser(
        "import", parents=[common, writes], help="load a milestone sheet (项目名称, 所属任务, 计划开工 …)"
    )
    import_arguments(p)
    p.set_defaults(func=cmd_import)
    p = ms_sub.add_parser("show", parents=[common], help="projects, 开工率 / 完工率 and the milestone light per task")
    p.add_argument("--year", type=int)
    p.add_argument("--task", help="one task's code")
    p.add_argument("--as-of", type=_as_of_arg, metavar="YYYY-MM[-DD]", help="default: the status month's last day")
    p.set_defaults(func=cmd_show)
