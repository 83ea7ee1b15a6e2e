"""What an output folder knows about its run, so that a stopped run goes on where it stopped.

``OUT/.vi2en/run.state`` names the run (command and inputs) and hashes its settings; ``OUT/.vi2en/journal.jsonl``
gets one line per finished article (its key, content hash, stem, manifest entry and how long ``aligned.jsonl``
and ``review.jsonl`` were once its rows were in), appended and synced after each window's files are on disk.
A run killed at any moment, SIGKILL included, leaves a journal whose every line describes files that are
complete; the rerun keeps that prefix, cuts the streamed files back to it and redoes the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, fields
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Iterator

from .escape import json_text
from .write import dumps, write_atomic

STATE = ".vi2en"
STREAMED = ("aligned.jsonl", "review.jsonl")
# Outputs of a whole run (not of one article), removed when a run's outputs are replaced.
RUN_OUTPUTS = ("manifest.json", "report.html", "review.jsonl", "review.csv", "review.xlsx", "aligned.jsonl",
               "aligned.tmx", "aligned.parquet")


class OutputsOfAnotherRun(Exception):
    """The output folder holds another run's outputs; the user must choose another -o or pass --overwrite."""


class RunInProgress(OutputsOfAnotherRun):
    """Another vi2en process is writing into the output folder right now."""


@dataclass
class Finished:
    """One journal line: an article whose outputs are complete."""

    key: str
    digest: str
    stem: str
    entry: dict[str, Any]
    summary: dict[str, Any]
    offsets: dict[str, int] = field(default_factory=dict)  # aligned.jsonl, review.jsonl sizes after its rows
    counts: dict[str, int] = field(default_factory=dict)  # its sentence counts (translate)


_FINISHED_FIELDS = tuple(f.name for f in fields(Finished))


def journal_line(f: Finished) -> str:
    """One line of the journal: the same JSON as ``asdict``, without its deep copy of every entry."""
    return json_text({name: getattr(f, name) for name in _FINISHED_FIELDS}) + "\n"


class Journal(Sequence):
    """The finished articles, held as their journal lines: a line is some 500 bytes, a :class:`Finished` with its
    dicts some 3 kB, and a run holds one for every article it has done. Each item read is made from its line."""

    def __init__(self, lines: list[bytes] | None = None):
        self._lines = lines if lines is not None else []

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Journal(self._lines[index])
        return Finished(**json.loads(self._lines[index]))

    def __iter__(self) -> Iterator[Finished]:
        return (Finished(**json.loads(line)) for line in self._lines)

    def add(self, lines: list[bytes]) -> None:
        self._lines.extend(lines)

    def text(self) -> bytes:
        return b"".join(self._lines)


def settings_digest(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()[:16]


class RunState:
    """The journal of one output folder; :meth:`open` decides between a fresh start, a resume and a refusal."""

    def __init__(self, out: Path, identity: dict[str, Any], settings: dict[str, Any], overwrite: bool = False):
        self.out = out
        self.dir = out / STATE
        self.identity = identity
        self.digest = settings_digest(settings)
        self.overwrite = overwrite
        self.finished = Journal()
        self.was_finished = False  # the folder already held this very run, complete
        self._journal = None
        self._torn = False  # the journal ends in a line a kill cut short
        self._lock_file = None

    # --- opening -------------------------------------------------------------------------------------------

    def open(self) -> "RunState":
        self._lock()
        run_file = self.dir / "run.state"  # JSON, but not named *.json: no article record
        previous = _read_json(run_file)
        manifest = _read_json(self.out / "manifest.json")
        if previous is None and manifest is None:
            self._start_fresh()
        elif self.overwrite:
            self._remove_run(manifest)
            self._start_fresh()
        elif previous is None or previous.get("identity") != self.identity:
            raise OutputsOfAnotherRun(self._refusal(previous, manifest))
        elif previous.get("settings") != self.digest:
            self._load_journal()
            self.truncate(0)
        else:
            self._load_journal()
            self.was_finished = bool(manifest and manifest.get("state") == "finished")
            self.truncate(len(self.finished))
        state = {"identity": self.identity, "settings": self.digest}
        if previous != state:
            write_atomic(run_file, dumps(state))
        return self

    def _lock(self) -> None:
        """Hold an exclusive lock on the folder for the whole run, so two runs (even the same command started twice)
        never interleave their files. The kernel drops it when the process ends, however it ends."""
        import fcntl

        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(self.dir / "lock", "a+")
        try:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_file.close()
            self._lock_file = None
            raise RunInProgress(f"another vi2en run is writing into {self.out} right now; wait for it to end or "
                                "choose another -o") from None

    def _refusal(self, previous: dict | None, manifest: dict | None) -> str:
        what = previous["identity"] if previous else {"command": (manifest or {}).get("command"),
                                                        "inputs": (manifest or {}).get("settings", {}).get("inputs")}
        inputs = ", ".join(what.get("inputs") or []) or "other inputs"
        return (f"{self.out} holds the outputs of another run (vi2en {what.get('command') or '?'} of {inputs}); "
                "choose another -o, or pass --overwrite to replace them")

    def _start_fresh(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "journal.jsonl").unlink(missing_ok=True)
        for name in STREAMED:
            (self.out / name).unlink(missing_ok=True)
        self.finished = Journal()

    def _remove_run(self, manifest: dict | None) -> None:
        """Remove what the earlier run wrote (the files it recorded, never anything else), so no stale file sits
        beside the new manifest."""
        self._load_journal()
        outputs = {o for f in self.finished for o in f.entry.get("outputs", [])}
        outputs |= {o for e in (manifest or {}).get("files", []) for o in e.get("outputs", [])}
        for name in sorted(outputs) + list(RUN_OUTPUTS):
            _remove(self.out, name)

    def _load_journal(self) -> None:
        """Every complete line of the journal; a line torn by a kill (the last one) is dropped."""
        self.finished = Journal()
        path = self.dir / "journal.jsonl"
        if not path.exists():
            return
        lines = []
        with open(path, "rb") as handle:
            for line in handle:
                try:
                    if not line.endswith(b"\n"):
                        raise ValueError("a torn line")
                    Finished(**json.loads(line))
                except (ValueError, TypeError):
                    self._torn = True
                    break
                lines.append(line)
        self.finished = Journal(lines)

    # --- while running -------------------------------------------------------------------------------------

    def truncate(self, keep: int) -> None:
        """Keep the first ``keep`` finished articles: the others' files are removed, the streamed files cut back to
        where the kept ones end, and the journal rewritten (all before anything new is written)."""
        dropped, self.finished = self.finished[keep:], self.finished[:keep]
        kept_outputs = {o for f in self.finished for o in f.entry.get("outputs", [])}
        for f in dropped:
            for name in f.entry.get("outputs", []):
                if name not in kept_outputs:
                    _remove(self.out, name)
        if dropped:
            self.unfinish()
        ends = self.finished[-1].offsets if self.finished else {}
        for name in STREAMED:
            path = self.out / name
            if path.exists() and not ends.get(name, 0):
                path.unlink()  # an empty review.jsonl is not a dataset anyone can load
            elif path.exists() and path.stat().st_size != ends.get(name, 0):
                with open(path, "r+b") as handle:
                    handle.truncate(ends.get(name, 0))
        self.close()
        if dropped or self._torn or not (self.dir / "journal.jsonl").exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            write_atomic(self.dir / "journal.jsonl", self.finished.text())
            self._torn = False

    def unfinish(self) -> None:
        """The folder is about to change: the last finished run's whole-folder outputs (its manifest first) would
        describe articles that are no longer there, so they go; the run's end writes them anew. A run killed
        before then leaves no "finished" manifest over a mix of old and new files."""
        for name in RUN_OUTPUTS:
            if name not in STREAMED:
                _remove(self.out, name)

    def append(self, finished: list[Finished]) -> None:
        """Record a window's articles as finished; their files must be on disk (and synced) already."""
        if self._journal is None:
            self._journal = open(self.dir / "journal.jsonl", "ab")
        lines = [journal_line(f).encode("utf-8") for f in finished]
        self._journal.write(b"".join(lines))
        self._journal.flush()
        os.fsync(self._journal.fileno())
        self.finished.add(lines)

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def release(self) -> None:
        """The run is over: close the journal and let the next run in."""
        self.close()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None


class Streamed:
    """``aligned.jsonl`` or ``review.jsonl``, grown window by window; its size is what the journal records."""

    def __init__(self, path: Path):
        self.path = path
        self.handle = None

    def position(self) -> int:
        return self.handle.tell() if self.handle is not None else self.path.stat().st_size if self.path.exists() else 0

    def write(self, data: bytes) -> None:
        if self.handle is None:
            self.handle = open(self.path, "ab")
        self.handle.write(data)
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _remove(out: Path, name: str) -> None:
    path = (out / name).resolve()
    if not path.is_relative_to(out.resolve()):
        return  # a manifest from elsewhere must never make vi2en delete outside its folder
    path.unlink(missing_ok=True)
    parent = path.parent
    while parent != out.resolve() and parent.is_relative_to(out.resolve()):
        try:
            parent.rmdir()  # only when empty
        except OSError:
            break
        parent = parent.parent
