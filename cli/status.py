"""Progress: `status` and `ranking`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, Refused, date_arg, emit, month_arg, ready_store


def cmd_status(args: argparse.Namespace) -> int:
    from services.demo import is_demo
    from services.milestones import attach_to_status as attach_milestones
    from services.rules import annotate_status_json
    from services.status import load_status
    from targets.regions import match_region
    from targets.status import headline_month, status_json

    store = ready_store(args)
    year, month = args.as_of if args.as_of else (args.year, None)
    region = "province"
    if args.region:
        region = match_region(args.region)
        if region is None:
            raise Refused("unknown_region", f"No region called {args.region!r}")
    try:
        view = load_status(
            store,
            year=year,
            as_of=month,
            recorded_on=args.recorded_on,
            region=region,
            approved_only=getattr(args, "approved_only", False),
        )
    except LookupError as exc:
        raise Refused("no_plan", str(exc)) from exc
    demo = is_demo(store)
    if view.status is None:
        doc = {
            "year": view.plan.year,
            "as_of": None,
            "indicators": [],
            "tasks": [],
            "summary": {},
            "reason": "no figures yet",
        }
    else:
        doc = status_json(view.status, "en" if args.lang == "en" else "zh")
        annotate_status_json(store, view, doc, "en" if args.lang == "en" else "zh")  # each task's `rule`
        for row in doc["indicators"]:
            # the basis of the figure judged: decided per month (reported, or the sum of the regions)
            month = row["figure_month"] or view.status.as_of
            row["basis"] = view.province.basis_at(row["code"], month) if region == "province" else "reported"
        doc["regions"] = _regional_rows(view, region)
        headline = headline_month(view.province.series)
        doc["headline_month"] = f"{view.plan.year}-{headline:02d}" if headline else None
        attach_milestones(store, view.plan.year, view.status.as_of, doc["tasks"])  # issue 21 (milestones)
    attach_investment(doc, store, view.plan.year, view.status.as_of if view.status else None)
    doc.update(
        region=region,
        figures="approved" if view.approved_only else "latest",
        recorded_on=args.recorded_on.isoformat() if args.recorded_on else None,
        last_change=view.last_change.isoformat(timespec="seconds") if view.last_change else None,
        sample_data=demo,
    )

    def human() -> None:
        from targets.status import label

        if view.status is None:
            print("No figures yet.")
            return
        sm = doc["summary"]
        banner = "[sample data] " if demo else ""
        print(
            f"{banner}{view.plan.year} as of {doc['as_of']} ({region}): {sm.get('done', 0)} done, {sm.get('ahead', 0)} ahead, "
            f"{sm.get('on_pace', 0)} on pace, {sm.get('lagging', 0)} lagging, {sm.get('no_data', 0)} no data"
        )
        for ist in view.status.indicators:
            print(f"  {ist.code:<10} {label(ist.status, 'en'):<18} {ist.explanation('en')}")

    emit(args, doc, human)
    return EXIT_OK


def attach_investment(doc: dict, store, year: int, month: int | None) -> None:
    """`investment: {planned, completed, share}` for the province, each area and each task (None without a plan)."""
    from services.investment import summary

    found = summary(store, year, month)
    doc["investment"] = found.province.as_json()
    for row in doc.get("areas", []):
        row["investment"] = found.area_json(row["code"])
    for row in doc.get("tasks", []):
        row["investment"] = found.task_json(row["code"])


def _regional_rows(view, only: str) -> list[dict]:
    """Each region's status per indicator, against its own target (status --json "regions")."""
    from targets.regions import prefectures, region_name

    rows = []
    for region in prefectures():
        if only != "province" and region.code != only:
            continue
        ps = view.regional(region.code)
        for ist in ps.indicators:
            rows.append(
                {
                    "region": region_name(region.code),
                    "region_code": region.code,
                    "code": ist.code,
                    "actual": ist.actual,
                    "target": ist.target,
                    "progress": None if ist.progress is None else round(ist.progress, 4),
                    "expected": None if ist.expected is None else round(ist.expected, 4),
                    "status": ist.status.value,
                    "severity": ist.severity.value if ist.severity else None,
                    "has_regional_target": (ist.code, region.code) in view.region_targets,
                }
            )
    return rows


def cmd_ranking(args: argparse.Namespace) -> int:
    from services.status import load_status
    from targets.ranking import change_arrow, laggards_sentence

    store = ready_store(args)
    year, month = args.as_of if args.as_of else (args.year, None)
    try:
        view = load_status(store, year=year, as_of=month)
    except LookupError as exc:
        raise Refused("no_plan", str(exc)) from exc
    ranking = view.ranking()
    if ranking is None:
        raise Refused("no_figures", "No figures yet: nothing to rank.")
    lang = args.lang
    doc = {
        "year": view.plan.year,
        "as_of": f"{view.plan.year}-{ranking.as_of:02d}",
        "score": "share of the region's indicators with a regional target that are done, ahead or on pace (%); ties: mean gap to schedule in points, progress capped at 100%",
        "regions": [r.as_json(lang) for r in ranking.regions],
        "lagging_by_task": {t: regs for t, regs in ranking.lagging_by_task.items()},
        "per_indicator": {
            c: [{"region": r, "gap_points": None if g is None else round(g, 2), "status": st} for r, g, st in rows]
            for c, rows in ranking.per_indicator.items()
        },
    }

    def human() -> None:
        print(f"Ranking as of {doc['as_of']}:")
        for r in ranking.regions:
            j = r.as_json(lang)
            print(
                f"  {r.rank:>2}. {j['region']:<12} score {r.score:5.1f}  {change_arrow(r.change):<3} done {r.done}, ahead {r.ahead}, on pace {r.on_pace}, lagging {r.lagging}, no data {r.no_data}"
            )
        for task in ranking.lagging_by_task:
            print("  " + laggards_sentence(view.plan, ranking, task, lang))

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    p = sub.add_parser("status", parents=[common], help="progress against the schedule as of a month")
    p.add_argument("--as-of", type=month_arg, metavar="YYYY-MM", help="default: the latest month with figures")
    p.add_argument(
        "--recorded-on", type=date_arg, metavar="YYYY-MM-DD", help="as the database held it at the end of that day"
    )
    p.add_argument("--year", type=int)
    p.add_argument("--region", help="a region's own status (name as people write it: 长春, 延边州)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the explanations")
    p.add_argument(
        "--approved-only", action="store_true", help="only the figures of approved (locked) months, per department"
    )
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "ranking", parents=[common], help="rank the regions (晾晒) against their own targets and the schedule"
    )
    p.add_argument("--as-of", type=month_arg, metavar="YYYY-MM")
    p.add_argument("--year", type=int)
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_ranking)
