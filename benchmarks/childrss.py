"""Peak memory of a child process, measured in the child.

``os.wait4``'s ``ru_maxrss`` is no use here: Linux keeps the high-water mark across ``fork`` and ``exec``, so a
child started from a benchmark that has imported torch reports the benchmark's own memory as its floor (a child
that needs 11 MB reads as 311 MB from a parent holding 300 MB). ``VmHWM`` in /proc is reset by ``exec``; the
child writes it to a file as it exits.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

_WRAPPER = (
    "import atexit, os, runpy, sys\n"
    "def _hwm():\n"
    "    with open('/proc/self/status') as s, open(os.environ['VI2EN_BENCH_HWM'], 'w') as out:\n"
    "        out.write(next(l for l in s if l.startswith('VmHWM:')).split()[1])\n"
    "atexit.register(_hwm)\n"
    "sys.argv = sys.argv[1:]\n"
    "if sys.argv[0] == '-c':\n"
    "    sys.argv = sys.argv[1:]\n"
    "    exec(compile(sys.argv[0], '<bench>', 'exec'), {'__name__': '__main__'})\n"
    "else:\n"
    "    runpy.run_module(sys.argv[0].removeprefix('-m'), run_name='__main__', alter_sys=True)\n"
)


def measured(cmd: list[str]) -> tuple[list[str], dict[str, str], Path]:
    """``cmd`` (``[python, '-m', module, …]`` or ``[python, '-c', script, …]``) rewritten to record its peak RSS:
    the command, the environment entries to add, and the file the child writes its VmHWM (kB) to."""
    python, flag, target, *rest = cmd
    fd, name = tempfile.mkstemp(prefix="vi2en-hwm-")
    os.close(fd)
    argv = [python, "-c", _WRAPPER, "-c" if flag == "-c" else f"-m{target}"]
    argv += [target, *rest] if flag == "-c" else rest
    return argv, {"VI2EN_BENCH_HWM": name}, Path(name)


def peak_mb(hwm_file: Path) -> float:
    """The child's peak RSS in MB (0 when it died before writing it)."""
    try:
        return int(hwm_file.read_text() or 0) / 1024
    except (OSError, ValueError):
        return 0.0
    finally:
        hwm_file.unlink(missing_ok=True)


if __name__ == "__main__":  # a self-check: the child's figure must not include this process's memory
    import subprocess

    ballast = bytearray(200 * 1024 * 1024)
    ballast[:: 4096] = b"\1" * len(ballast[:: 4096])
    argv, env, hwm = measured([sys.executable, "-c", "x = bytearray(50 * 2**20); x[::4096] = b'1' * len(x[::4096])"])
    subprocess.run(argv, env=dict(os.environ, **env), check=True)
    print(f"child peak {peak_mb(hwm):.0f} MB (expected about 60; the parent holds {len(ballast) >> 20} MB)")
