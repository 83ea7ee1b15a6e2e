"""Rich progress bars and the end-of-run summary (terminal only; the library never prints)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

console = Console(stderr=True)


class RichProgress:
    """One bar per pipeline task (files cleaned, sentences translated), with throughput and ETA."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
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
            disable=quiet,
        )
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> "RichProgress":
        self._bars.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.__exit__(*exc)

    def start(self, task: str, total: int, unit: str) -> None:
        self._tasks[task] = self._bars.add_task(task, total=total, unit=unit, rate="")

    def advance(self, task: str, amount: int = 1) -> None:
        task_id = self._tasks[task]
        self._bars.advance(task_id, amount)
        t = next(t for t in self._bars.tasks if t.id == task_id)
        if t.speed:
            self._bars.update(task_id, rate=f"{t.speed:.1f}/s")

    def finish(self, task: str) -> None:
        task_id = self._tasks[task]
        t = next(t for t in self._bars.tasks if t.id == task_id)
        self._bars.update(task_id, completed=t.total)

    def note(self, message: str) -> None:
        if not self.quiet:
            console.print(message)


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
        table.add_row("flags", kind, str(n))
    for rule, n in counts["removals"].items():
        table.add_row("edits", rule, str(n))
    for key, n in counts.get("sentences", {}).items():
        table.add_row("sentences", key, str(n))
    console.print(table)
    for article in result.articles:
        if article.status != "ok":
            style = "red" if article.status == "failed" else "yellow"
            console.print(f"[{style}]{article.status}[/] {article.file}: {article.reason}")
    flags = sum(counts["flags"].values())
    console.print(
        f"Outputs in [bold]{result.out}[/]: report.html, review.csv ({flags} to review), manifest.json"
    )
