"""An uploaded file's figures, from whichever of its sheets holds them: the one step that runs on the file's bytes
(services.sandbox runs it in a limited process).

A workbook often opens with an instructions sheet (说明, 填表说明) before the data sheet. Every visible sheet is
considered; instruction-like sheets and sheets without a recognised header are passed over; the one sheet
whose header is recognised is read; when several are, the person chooses (a picker on the page, --sheet on the
command line), never the program in silence. Every issue names the sheet it was found in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from targets.issues import error
from targets.model import Plan
from targets.readers import parse_upload
from targets.readers.records import Key, ParsedUpload
from targets.sheets import read_grid, read_sheets

# Sheet names that hold instructions or notes rather than figures.
INSTRUCTION_SHEETS = re.compile(
    r"^\s*(填表|填报|使用|编制)?(说明|须知|注意事项|指南|目录)|^(readme|instructions?|notes?|help)\b", re.I
)


def read_upload(
    data: bytes,
    filename: str | None,
    plan: Plan,
    *,
    month: int | None = None,
    previous: Mapping[Key, float] | None = None,
    region_targets: Mapping[tuple[str, str], float] | None = None,
    sheet: str | None = None,
) -> ParsedUpload:
    """The figures of the chosen sheet, or of the one sheet that holds them; SheetError when the file cannot be
    read at all."""
    kw = {"month": month, "previous": previous, "region_targets": region_targets}
    if sheet is not None:
        return _named(parse_upload(read_grid(data, filename, sheet), plan, **kw), sheet)
    grids = read_sheets(data, filename)
    if len(grids) == 1:
        return _named(parse_upload(grids[0], plan, **kw), grids[0].sheet)
    readings = [(g.sheet, parse_upload(g, plan, **kw)) for g in grids if not INSTRUCTION_SHEETS.search(g.sheet or "")]
    with_header = [(name, parsed) for name, parsed in readings if parsed.header_row is not None]
    if len(with_header) == 1:
        return _named(with_header[0][1], with_header[0][0])
    names = [g.sheet for g in grids]
    if not with_header:
        first = readings[0][1] if readings else parse_upload(grids[0], plan, **kw)
        skipped = [n for n in names if INSTRUCTION_SHEETS.search(n or "")]
        return dataclasses.replace(
            first,
            records=[],
            issues=[
                error(
                    "no_sheet_with_header",
                    f"工作簿的各工作表（{'、'.join(names)}）中都没有可识别的表头"
                    + (f"（{'、'.join(skipped)} 为说明页，已跳过）" if skipped else "")
                    + "。表头应含“指标编号/指标名称”“地区”“月份”“累计完成”等列。",
                    f"None of the workbook's sheets ({', '.join(names)}) has a recognisable header"
                    + (f" ({', '.join(skipped)}: instructions, passed over)" if skipped else "")
                    + ". The header names columns such as 指标编号, 地区, 月份 and 累计完成.",
                )
            ],
            sheet=None,
            sheet_choices=(),
        )
    choices = tuple(name for name, _ in with_header)
    return ParsedUpload(
        records=[],
        issues=[
            error(
                "several_sheets",
                f"工作簿中有 {len(choices)} 张工作表都像数据表（{'、'.join(choices)}），请选择要读取的一张。",
                f"{len(choices)} sheets of the workbook look like data ({', '.join(choices)}): choose the one to read "
                "(--sheet NAME on the command line).",
            )
        ],
        layout=with_header[0][1].layout,
        rows_read=0,
        header_row=None,
        sheet=None,
        sheet_choices=choices,
    )


def _named(parsed: ParsedUpload, sheet: str | None) -> ParsedUpload:
    """The reading with its sheet, and every issue naming it."""
    if sheet is None:
        return parsed
    issues = [i if i.sheet else dataclasses.replace(i, sheet=sheet) for i in parsed.issues]
    return dataclasses.replace(parsed, issues=issues, sheet=sheet)
