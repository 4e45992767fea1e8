"""The departments' own word (进展说明): `narrative set` writes a version, `narrative show` reads the latest ones,
`narrative import` reads a sheet (任务, 进展情况, 存在问题, 下步打算, 信心) for one month."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, Refused, actor_of, emit, open_db, read_file, say


def cmd_set(args: argparse.Namespace) -> int:
    from services.narratives import write
    from targets.narratives import Draft

    draft = Draft(
        args.task,
        args.month,
        args.confidence,
        progress=args.progress or "",
        problems=args.problems or "",
        next_steps=args.next or "",
    )
    word = write(open_db(args), args.year, draft, actor=actor_of(args))
    doc = {"ok": True, "narrative": word.as_json()}
    emit(
        args,
        doc,
        lambda: say(f"Note on {word.task_code} for {word.year}-{word.month:02d} saved (version {word.version})."),
    )
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from services.narratives import latest_words, versions

    store = open_db(args)
    if args.all_versions:
        chosen = versions(store, args.year)
    else:
        chosen = sorted(latest_words(store, args.year).values(), key=lambda w: (w.task_code, w.month))
    chosen = [
        w
        for w in chosen
        if (args.task is None or w.task_code == args.task) and (args.month is None or w.month == args.month)
    ]
    doc = {"ok": True, "year": args.year, "count": len(chosen), "narratives": [w.as_json() for w in chosen]}

    def human() -> None:
        from targets import clock
        from targets.narratives import confidence_label

        for w in chosen:
            print(f"{w.task_code} {w.year}-{w.month:02d} v{w.version} [{confidence_label(w.confidence)}] "
                  f"{w.department} · {w.written_by} · {clock.show(w.written_at)}")  # fmt: skip
            for name, label in (("progress", "进展情况"), ("problems", "存在问题"), ("next_steps", "下步打算")):
                if getattr(w, name):
                    print(f"  {label}：{getattr(w, name)}")
        if not chosen:
            say(f"No notes for {args.year}.")

    emit(args, doc, human)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from services.narratives import import_sheet

    words = import_sheet(
        open_db(args), args.year, args.month, read_file(args.file), Path(args.file).name, actor=actor_of(args)
    )
    if not words:
        raise Refused("empty", f"{args.file} holds no notes.")
    doc = {"ok": True, "count": len(words), "narratives": [w.as_json() for w in words]}
    emit(args, doc, lambda: say(f"{len(words)} notes imported for {args.year}-{args.month:02d}."))
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    from targets.narratives import Confidence

    group = sub.add_parser("narrative", help="the departments' own word (进展说明): progress, problems, confidence")
    actions = group.add_subparsers(dest="narrative_command", metavar="ACTION", required=True)
    p = actions.add_parser("set", parents=[common, writes], help="write a new version of a task's note for a month")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--task", required=True, help="a task code, like ELD-02")
    p.add_argument("--month", type=int, required=True, choices=range(1, 13), metavar="M")
    p.add_argument("--confidence", required=True, choices=[c.value for c in Confidence])
    p.add_argument("--progress", help="进展情况")
    p.add_argument("--problems", help="存在问题")
    p.add_argument("--next", help="下步打算")
    p.set_defaults(func=cmd_set)
    p = actions.add_parser("show", parents=[common], help="the latest note of each task and month")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--task")
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
    p.add_argument("--all-versions", action="store_true", help="every version, not only the latest")
    p.set_defaults(func=cmd_show)
    p = actions.add_parser(
        "import",
        parents=[common, writes],
        help="a sheet of notes (任务, 进展情况, 存在问题, 下步打算, 信心) for a month",
    )
    p.add_argument("file")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--month", type=int, required=True, choices=range(1, 13), metavar="M")
    p.set_defaults(func=cmd_import)
