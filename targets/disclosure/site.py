"""The static disclosure site from an edition's content: HTML in Chinese (at the root) and English (en/), a page per
task, CSV downloads and inline SVG charts, with relative links only, so any web server (or a plain folder) serves it
and nothing of the app is reachable from it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from targets.disclosure import svg
from targets.disclosure.content import GROUPS, LANGS
from targets.exports.safe import csv_bytes
from targets.i18n import t

TEMPLATES = Path(__file__).with_name("templates")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so equal files give an equal archive


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def task_slug(code: str) -> str:
    """A task's page name: its code with anything but letters, digits, - and _ replaced."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", code) or "task"


def task_pages(content: dict[str, Any]) -> dict[str, str]:
    """Each task's page file name, unique even when two codes differ only in characters a file name cannot hold."""
    pages: dict[str, str] = {}
    used: set[str] = set()
    for task in content["tasks"]:
        name = task_slug(task["code"])
        if name.lower() in used:
            name = f"{name}-{task['no']}"
        used.add(name.lower())
        pages[task["code"]] = f"{name}.html"
    return pages


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def list_csv(content: dict[str, Any], lang: str) -> bytes:
    """The list of projects with every indicator's figures, one row per indicator (UTF-8 with a BOM)."""
    head = [
        t(f"disclosure.site.{k}", lang)
        for k in ("no", "area", "task", "lead", "indicator", "target", "actual", "figure_month", "progress", "expected")
    ]
    head += [t("disclosure.site.group", lang), t("disclosure.site.slow_regions", lang)]
    head += ["target_value", "actual_value", "progress_share", "expected_share", "status", "code"]
    areas = {a["code"]: a["name"][lang] for a in content["areas"]}
    rows: list[list[Any]] = [head]
    sep = "、" if lang == "zh" else "; "
    for task in content["tasks"]:
        regions = sep.join(r["name"][lang] for r in task["slow_regions"])
        for ind in task["indicators"]:
            shown = ind["shown"][lang]
            rows.append(
                [
                    task["no"],
                    areas.get(task["area"], task["area"]),
                    task["name"][lang],
                    task["lead"][lang],
                    ind["name"][lang],
                    shown["target"],
                    shown["actual"],
                    shown["figure_month"],
                    shown["progress"],
                    shown["expected"],
                    task["group"][lang],
                    regions,
                    ind["target"],
                    ind["actual"],
                    ind["progress"],
                    ind["expected"],
                    task["status"],
                    ind["code"],
                ]
            )
    return csv_bytes(rows)


def progress_csv(content: dict[str, Any], lang: str) -> bytes:
    """The groups with counts and shares, then each area's counts (UTF-8 with a BOM)."""
    rows: list[list[Any]] = [
        [t("disclosure.site.group", lang), t("disclosure.site.count", lang), t("disclosure.site.share", lang), "status"]
    ]
    for g in content["groups"]:
        rows.append([g["label"][lang], g["count"], g["share_text"], g["key"]])
    rows.append([t("disclosure.site.total", lang), content["total"], "100%", "total"])
    rows.append([])
    rows.append(
        [
            t("disclosure.site.area", lang),
            *(g["label"][lang] for g in content["groups"]),
            t("disclosure.site.total", lang),
        ]
    )
    for a in content["areas"]:
        rows.append([a["name"][lang], *(a["counts"][g] for g in GROUPS), a["total"]])
    return csv_bytes(rows)


def render_site(content: dict[str, Any]) -> dict[str, bytes]:
    """Every file of the site by its relative path (sorted): the same content always gives the same bytes."""
    env = _env()
    pages = task_pages(content)
    files: dict[str, bytes] = {"style.css": (TEMPLATES / "style.css").read_bytes()}
    for lang in LANGS:
        base = "" if lang == "zh" else "en/"
        up = "" if lang == "zh" else "../"  # from this language's root to the site's root
        labels = {g["key"]: g["label"][lang] for g in content["groups"]}

        def tr(key: str, _lang: str = lang, **values: Any) -> str:
            return t(key, _lang, **values)

        common = {
            "c": content,
            "lang": lang,
            "tr": tr,
            "groups": GROUPS,
            "labels": labels,
            "pages": pages,
            "colors": svg.COLORS,
            "areas": {a["code"]: a["name"][lang] for a in content["areas"]},
            "paragraphs": _paragraphs,
        }
        index = env.get_template("index.html").render(
            **common,
            css=f"{up}style.css",
            home="",
            other="en/index.html" if lang == "zh" else "../index.html",
            group_chart=Markup(svg.group_bars(content["groups"], lang, t("disclosure.site.chart_title", lang))),
            area_chart=Markup(svg.area_bars(content["areas"], GROUPS, labels, lang, t("disclosure.site.areas", lang))),
        )
        files[f"{base}index.html"] = index.encode("utf-8")
        for task in content["tasks"]:
            page = pages[task["code"]]
            html = env.get_template("task.html").render(
                **common,
                task=task,
                css=f"../{up}style.css",
                home="../",
                other=f"../../tasks/{page}" if lang == "en" else f"../en/tasks/{page}",
            )
            files[f"{base}tasks/{page}"] = html.encode("utf-8")
        files[f"{base}data/list.csv"] = list_csv(content, lang)
        files[f"{base}data/progress.csv"] = progress_csv(content, lang)
    return dict(sorted(files.items()))


def zip_files(files: dict[str, bytes]) -> bytes:
    """The site as one archive with fixed times and order, so the same files give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


def unzip_files(data: bytes) -> dict[str, bytes]:
    """The files of a stored archive; a name that would leave the output folder is refused."""
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            parts = Path(name).parts
            if name.startswith("/") or ".." in parts or not parts:
                raise ValueError(f"unsafe name in the stored site: {name!r}")
            files[name] = archive.read(name)
    return dict(sorted(files.items()))
