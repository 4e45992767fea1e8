"""Untrusted files are read in a limited child process: a native abort, a memory blow-up or a slow read fails
that one read with a clear message, and the process that asked carries on."""

from __future__ import annotations

import io
import os
import pickle
import re
import signal
import zipfile

import pytest
import xlsxwriter

from services import sandbox
from targets.sheets import SheetError, read_grid


def bomb_xlsx() -> bytes:
    """A 5 KB workbook whose shared-strings table claims 2,147,483,647 entries: the native reader, trusting it,
    asks for 51 GB and aborts the process (exit 134) when run in the caller's own process."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    sheet = book.add_worksheet()
    for r, row in enumerate([["指标编号", "地区", "月份", "累计完成"], ["ELD-02-1", "全省", "2024-06", "1000"]]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                data = re.sub(rb'(unique)?[cC]ount="\d+"', lambda m: m.group(0).split(b"=")[0] + b'="2147483647"', data)
            dst.writestr(info, data)
    return out.getvalue()


def test_a_read_in_the_sandbox_gives_what_a_read_here_gives():
    data = "指标编号,地区,月份,累计完成\nELD-02-1,长春,2024-06,21.3万\n".encode("gbk")
    assert sandbox.run(read_grid, data, "a.csv") == read_grid(data, "a.csv")


def test_the_domains_refusal_comes_back_as_itself():
    with pytest.raises(SheetError) as refused:
        sandbox.run(read_grid, b"", "empty.csv")
    assert refused.value.issue.rule == "empty_file"


def big_xlsx(rows: int = 60_000) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["指标编号", "地区", "月份", "累计完成"])
    for r in range(1, rows):
        sheet.write_row(r, 0, [f"ELD-02-{r}", "长春市", "2024-06", r])
    book.close()
    return buf.getvalue()


def test_a_read_that_needs_more_memory_than_allowed_fails_that_read_only(monkeypatch):
    """The limit is the last line of defence, under the checks of declared sizes (test_sheet_bounds): here a real
    sheet read under a limit far too small for it, as a hostile file would be under the real one."""
    data = big_xlsx()
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT_BYTES", 48 * 1024 * 1024)
    with pytest.raises(sandbox.SandboxFailure) as failed:
        sandbox.run(read_grid, data, "big.xlsx")
    assert failed.value.reason == "memory"
    assert failed.value.message("zh").startswith("文件无法安全读取：")
    monkeypatch.undo()
    # This process is unharmed; under the stated limit the same file reads.
    assert len(sandbox.run(read_grid, data, "big.xlsx").rows) == 60_000


def test_the_workbook_that_asked_for_51_gb_is_refused_for_what_it_declares():
    with pytest.raises(SheetError) as refused:
        sandbox.run(read_grid, bomb_xlsx(), "bomb.xlsx")
    assert refused.value.issue.rule == "declared_size"


def test_a_read_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(sandbox, "WALL_LIMIT_SECONDS", 0.001)
    with pytest.raises(sandbox.SandboxFailure) as failed:
        sandbox.run(read_grid, b"a,b\n1,2\n", "slow.csv")
    assert failed.value.reason == "time"


def test_the_processor_limit_and_a_crash_are_told_apart():
    assert sandbox._failure(-signal.SIGXCPU, b"").reason == "cpu"
    assert sandbox._failure(-signal.SIGABRT, b"memory allocation of 51539607528 bytes failed\n").reason == "memory"
    assert sandbox._failure(-signal.SIGSEGV, b"").reason == "crashed"
    assert sandbox._failure(3, b"MemoryError\n").reason == "memory"


def test_only_the_domains_functions_run_there():
    with pytest.raises(ValueError):
        sandbox.run(os.system, "true")


def test_an_answer_that_would_run_code_here_is_refused():
    class Exploit:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    with pytest.raises(pickle.UnpicklingError):
        sandbox._SafeUnpickler(io.BytesIO(pickle.dumps(("ok", Exploit())))).load()
    safe = pickle.dumps(("ok", read_grid(b"a\n1\n", "x.csv")))
    assert sandbox._SafeUnpickler(io.BytesIO(safe)).load()[1].rows == [["a"], ["1"]]
