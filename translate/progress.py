"""Progress and the end-of-run summary (terminal only; the library never prints).

On a terminal, rich progress bars; when stderr is a file or a pipe (a log, ``nohup``, CI), one plain line per task
every few seconds, flushed at once, so the log shows how far a run got even if it is killed. Every file name and
reason is passed through :func:`translate.escape.terminal_text` and printed as rich ``Text``, never as markup:
a ``[`` in a path or an escape sequence in a name reaches the screen as the characters it is.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from .escape import terminal_text

console = Console(stderr=True, highlight=False)

LINE_INTERVAL_S = 10.0  # between progress lines in a log; VI2EN_PROGRESS_INTERVAL overrides
RATE_INTERVAL_S = 0.1  # between updates of a bar's rate


class RichProgress:
    """One bar per pipeline task (files cleaned, sentences translated), with throughput and ETA."""

    def __init__(self, quiet: bool = False, interval: float | None = None):
        self.quiet = quiet
        self.lines = not quiet and not console.is_terminal
        self.interval = interval if interval is not None else float(os.environ.get("VI2EN_PROGRESS_INTERVAL", LINE_INTERVAL_S))
        self._bars = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"),
            TextColumn("[cyan]{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
            disable=quiet or self.lines,
        )
        self._tasks: dict[str, Any] = {}
        self._line_state: dict[str, list[float]] = {}  # task → [total, done, started, last printed]
        self._units: dict[str, str] = {}
        self._rated: dict[str, float] = {}  # task → when its rate was last worked out

    def __enter__(self) -> "RichProgress":
        self._bars.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.__exit__(*exc)

    def start(self, task: str, total: int, unit: str) -> None:
        """A task; ``total`` 0 when it is not known (records on stdin)."""
        self._tasks[task] = self._bars.add_task(task, total=total or None, unit=unit, rate="")
        now = time.monotonic()
        self._line_state[task] = [total, 0, now, now]
        self._units[task] = unit
        if self.lines:
            self._print_line(task)

    def set_total(self, task: str, total: int) -> None:
        """A better idea of a task's work (translation's estimate, each time a window's tokens are known)."""
        self._bars.update(self._tasks[task], total=total)
        self._line_state[task][0] = total

    def advance(self, task: str, amount: int = 1) -> None:
        state = self._line_state[task]
        state[1] += amount
        if self.quiet:
            return  # nothing is shown: the bars need not count (their rate sums every sample of 30 s each time)
        if self.lines:
            if time.monotonic() - state[3] >= self.interval:
                self._print_line(task)
            return
        task_id = self._tasks[task]
        self._bars.advance(task_id, amount)
        now = time.monotonic()
        if now - self._rated.get(task, 0.0) >= RATE_INTERVAL_S:  # the bar is redrawn some 10 times a second
            self._rated[task] = now
            t = next(t for t in self._bars.tasks if t.id == task_id)
            if t.speed:
                self._bars.update(task_id, rate=f"{t.speed:.1f}/s")

    def finish(self, task: str) -> None:
        task_id = self._tasks[task]
        t = next(t for t in self._bars.tasks if t.id == task_id)
        if t.total is None:
            self._bars.update(task_id, total=t.completed)
        self._bars.update(task_id, completed=t.total if t.total is not None else t.completed)
        if self.lines:
            state = self._line_state[task]
            state[0] = state[1] = state[0] or state[1]
            self._print_line(task, done=True)

    def _print_line(self, task: str, done: bool = False) -> None:
        total, count, started, _ = self._line_state[task]
        now = time.monotonic()
        self._line_state[task][3] = now
        elapsed = now - started
        unit = self._units[task]
        line = f"vi2en: {task}: {int(count)}/{int(total)} {unit}"
        if total:
            line += f" ({100 * count / total:.0f}%)"
        if done:
            line += f", done in {_duration(elapsed)}"
        elif count and elapsed > 0:
            rate = count / elapsed
            line += f", {rate:.1f} {unit}/s, elapsed {_duration(elapsed)}"
            line += f", eta {_duration((total - count) / rate)}" if total else ""
        print(line, file=sys.stderr, flush=True)

    def note(self, message: str) -> None:
        if not self.quiet:
            console.print(Text(terminal_text(message)))


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else f"{seconds // 60}:{seconds % 60:02d}"


def print_failures(result: Any, skipped: bool = False) -> None:
    """One line per file that failed (and, with ``skipped``, per skipped file): its name and reason."""
    for article in result.articles:
        if article.status == "failed" or (skipped and article.status == "skipped"):
            style = "red" if article.status == "failed" else "yellow"
            console.print(Text.assemble((article.status, style), " ", terminal_text(article.file), ": ",
                                        terminal_text(article.reason)), soft_wrap=True)  # one line each, in a log too


def print_summary(result: Any) -> None:
    """Files by status, flags by kind, removals by rule; then where the outputs are."""
    counts = result.manifest["counts"]
    table = Table(title="vi2en summary", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("kind")
    table.add_column("count", justify="right")
    for status in ("ok", "skipped", "failed"):
        if counts["files"].get(status):
            table.add_row("files", status, str(counts["files"][status]))
    for kind, n in counts["flags"].items():
        table.add_row("flags", Text(terminal_text(kind)), str(n))
    for rule, n in counts["removals"].items():
        table.add_row("edits", Text(terminal_text(rule)), str(n))
    for key, n in counts.get("sentences", {}).items():
        table.add_row("sentences", key, str(n))
    console.print(table)
    print_failures(result, skipped=True)
    flags = sum(counts["flags"].values())
    console.print(Text.assemble("Outputs in ", (terminal_text(str(result.out)), "bold"),
                                f": report.html, review.xlsx ({flags} to review), manifest.json"), soft_wrap=True)
