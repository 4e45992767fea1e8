"""Reading untrusted files in a separate, limited process.

An upload is hostile input: a 2.5 KB workbook can make the native XLSX reader try to allocate 51 GB and
abort the process that called it. So every read of uploaded bytes runs here, in a child process of its own
with an address-space limit, a CPU-time limit and a wall-clock limit, and no file it may write. A native
abort, a memory blow-up or a slow file fails that one read with a clear message (SandboxFailure); the
server and the command line carry on.

The child runs one domain function (a module-level function of the `targets` package, named by module and
name) on pickled arguments and sends its result back pickled. The parent unpickles that result with a
restricted unpickler that admits only the domain's own classes and plain values, so a child that a crafted
file took over still cannot make the parent run code. A fresh child per read keeps reads apart; one is kept
started and waiting (its imports done, its limits set), so a read does not wait for a child to start, and the
next is started in the background (`python -m bench.sandbox_cost` measures what is left).
"""

from __future__ import annotations

import importlib
import io
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# The limits of one read, stated in the README. A 100,000-row sheet reads in about 2 s and 200 MB.
MEMORY_LIMIT_BYTES = int(os.environ.get("LIVELIHOOD_READ_MEMORY_MB", "768")) * 1024 * 1024
CPU_LIMIT_SECONDS = int(os.environ.get("LIVELIHOOD_READ_CPU_SECONDS", "30"))
WALL_LIMIT_SECONDS = float(os.environ.get("LIVELIHOOD_READ_WALL_SECONDS", "45"))
MAX_RESULT_BYTES = 512 * 1024 * 1024

_SAFE_MODULES = ("datetime", "decimal", "collections", "fractions")
_SAFE_BUILTINS = frozenset(
    {"set", "frozenset", "list", "dict", "tuple", "bytes", "bytearray", "str", "int", "float", "bool", "complex"}
)


@dataclass(frozen=True)
class SandboxFailure(Exception):
    """The read did not finish: the child ran out of memory, time or CPU, or died (`reason` says which)."""

    reason: str  # memory | time | cpu | crashed | refused
    detail: str

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"

    def message(self, lang: str = "en") -> str:
        zh = {
            "memory": "读取时所需内存超过上限",
            "time": f"读取超过 {WALL_LIMIT_SECONDS:g} 秒仍未完成",
            "cpu": f"读取耗用的计算时间超过 {CPU_LIMIT_SECONDS} 秒",
            "crashed": "读取程序异常终止",
            "refused": "读取结果不符合要求",
        }.get(self.reason, self.reason)
        en = {
            "memory": "reading it needed more memory than allowed",
            "time": f"reading it took longer than {WALL_LIMIT_SECONDS:g} s",
            "cpu": f"reading it used more than {CPU_LIMIT_SECONDS} s of processor time",
            "crashed": "the reader stopped abnormally",
            "refused": "the reader's answer was not acceptable",
        }.get(self.reason, self.reason)
        if lang == "zh":
            return f"文件无法安全读取：{zh}。文件未被处理，系统其他功能不受影响；请检查文件或另存为新的 XLSX/CSV 后再上传。"
        return (
            f"The file cannot be read safely: {en}. Nothing was processed and the rest of the system is "
            "unaffected; check the file, or save it again as a new XLSX or CSV, and upload it again."
        )


def run(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """function(*args, **kwargs) in a limited child process; its exceptions are raised here as they were
    (when they are the domain's own or plain ones), SandboxFailure when the child did not finish."""
    module, name = function.__module__, function.__name__
    if not module.startswith("targets.") or getattr(importlib.import_module(module), name, None) is not function:
        raise ValueError(f"only a module-level function of the domain runs in the sandbox, not {module}.{name}")
    request = pickle.dumps((module, name, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    proc = _take()
    try:
        out, err = proc.communicate(request, timeout=WALL_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise SandboxFailure("time", f"no answer after {WALL_LIMIT_SECONDS:g} s") from None
    if proc.returncode != 0:
        raise _failure(proc.returncode, err)
    if len(out) > MAX_RESULT_BYTES:
        raise SandboxFailure("refused", f"an answer of {len(out)} bytes")
    try:
        status, value = _SafeUnpickler(io.BytesIO(out)).load()
    except Exception as exc:  # a malformed or forbidden answer: the child was not the reader it should be
        raise SandboxFailure("refused", f"{type(exc).__name__}: {exc}") from None
    if status == "error":
        raise value
    return value


_spare: tuple[tuple[int, int], subprocess.Popen] | None = None
_spare_lock = threading.Lock()


def _limits() -> tuple[int, int]:
    return (MEMORY_LIMIT_BYTES, CPU_LIMIT_SECONDS)


def _start() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "services.sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=_child_env(),
        start_new_session=True,
        close_fds=True,
    )


def _take() -> subprocess.Popen:
    """The waiting child if it runs under today's limits (else a new one), and the next one started meanwhile."""
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
    if spare is not None and spare[0] == _limits() and spare[1].poll() is None:
        proc = spare[1]
    else:
        if spare is not None:
            _discard(spare[1])
        proc = _start()
    threading.Thread(target=_refill, name="sandbox-spare", daemon=True).start()
    return proc


def _refill() -> None:
    global _spare
    proc = _start()
    with _spare_lock:
        if _spare is None:
            _spare = (_limits(), proc)
            return
    _discard(proc)


def _discard(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.communicate()


def _child_env() -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "LIVELIHOOD_REGIONS", "TZ")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # The limits in force here (a test or a deployment may have changed them) are the child's.
    env["LIVELIHOOD_READ_MEMORY_MB"] = str(MEMORY_LIMIT_BYTES // 1024 // 1024)
    env["LIVELIHOOD_READ_CPU_SECONDS"] = str(CPU_LIMIT_SECONDS)
    env["RAYON_NUM_THREADS"] = "1"  # calamine's thread pool, if any, stays small under the memory limit
    return env


def _limit() -> None:
    """The child's first act, before it reads the request: the memory, CPU and file limits, and no core dump.
    (Set by the child itself rather than between fork and exec: the server that forks it runs threads.)"""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_SECONDS, CPU_LIMIT_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # it writes no file


def _failure(code: int, err: bytes) -> SandboxFailure:
    text = err.decode("utf-8", "replace")
    tail = text.strip().splitlines()[-1][:300] if text.strip() else ""
    if code in (-signal.SIGXCPU, -signal.SIGKILL):  # the soft and the hard CPU limit
        return SandboxFailure("cpu", f"stopped after {CPU_LIMIT_SECONDS} s of processor time")
    if code == 3 or "MemoryError" in text or "memory allocation" in text or "out of memory" in text.lower():
        return SandboxFailure("memory", f"more than {MEMORY_LIMIT_BYTES // 1024 // 1024} MB was asked for")
    if code < 0:
        return SandboxFailure("crashed", f"signal {signal.Signals(-code).name}" + (f" ({tail})" if tail else ""))
    return SandboxFailure("crashed", f"exit status {code}" + (f" ({tail})" if tail else ""))


class _SafeUnpickler(pickle.Unpickler):
    """Admits the domain's classes, the standard library's value types and plain containers; nothing callable
    beyond constructing those (https://docs.python.org/3/library/pickle.html#restricting-globals)."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _SAFE_BUILTINS:
            return super().find_class(module, name)
        if module == "builtins":  # an exception the domain raised, rebuilt from its message
            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, Exception):
                return found
        if module == "copyreg" and name == "_reconstructor":
            return super().find_class(module, name)
        if module.startswith("targets.") or module in _SAFE_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not admitted")


def _child() -> int:
    """The child: read one request from stdin, run it, write ("ok", result) or ("error", exception) to stdout."""
    _limit()
    importlib.import_module("targets.readers.upload")  # while waiting: the readers every upload uses
    request = sys.stdin.buffer.read()
    if not request:  # the parent ended (or discarded this spare) without a read for it
        return 0
    module, name, args, kwargs = pickle.loads(request)  # from the parent: trusted
    function = getattr(importlib.import_module(module), name)
    try:
        answer = ("ok", function(*args, **kwargs))
    except MemoryError:
        sys.stderr.write("MemoryError\n")
        return 3
    except Exception as exc:  # the function's own refusal (e.g. SheetError): handed back to be raised there
        answer = ("error", exc)
    try:
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        sys.stderr.write("MemoryError\n")
        return 3
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child())
