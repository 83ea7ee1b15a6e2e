"""Cleaning in worker processes (``--jobs N``); the parent keeps the order, the writing, the journal and resume.

The parent lists and reads the sources (their bytes and content hashes, as one process does), gives out output
stems in input order and sends the sources in small batches to N worker processes. A worker reads and cleans each
article and, for ``vi2en clean``, also makes its files, review rows and counts (:func:`translate.pipeline.prepare`);
for ``vi2en translate`` it sends the article back to be translated. The parent takes the results in input order
and writes them window by window exactly as one process does, so the outputs are the same byte for byte and a run
killed at any moment resumes the same way.

Workers start from a fork server, never as a fork of the parent (whose threads, a progress bar's among them, may
hold locks at that moment). What an article's cleaning logs (a standing decision that cannot be applied) is said
by the parent when the article's turn comes, so warnings come in input order too. Workers ignore Ctrl-C (the parent
decides what an interruption does) and leave when the parent's end of their pipe closes, so a parent killed with
SIGKILL leaves no worker behind. A worker's answers go out from a thread of their own: while the parent writes a
window it reads none, and a worker that sent them itself waited on a full pipe for some 13% of its time. A worker
that dies (killed, out of memory) has its batches cleaned in the parent instead, as ``--jobs 1`` would.
"""

from __future__ import annotations

import itertools
import logging
import os
import pickle
from collections import deque
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:  # only names: importing them here would slow ``vi2en --help``
    from multiprocessing.connection import Connection

    from .clean import CleanConfig
    from .review_loop import StandingDecisions
    from .sources import Source

BATCH_BYTES = 64_000  # input per batch sent to a worker: some 40 ms of cleaning, so the sending costs little
BATCH_SOURCES = 64
AHEAD = 16  # batches in flight per worker (~0.5 s of work): it has some at hand while the parent writes a window
POOL_AT = 1000  # --jobs left to vi2en: sources (or ...
POOL_AT_BYTES = 1_000_000  # ... bytes of input) before a run is worth starting worker processes for


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worth_a_pool(sources: Iterator[tuple[Source, str]]) -> tuple[bool, Iterator[tuple[Source, str]]]:
    """Whether a run has enough to clean for workers to pay for their start (some tenths of a second), looking
    at the first sources only; returns the answer and the sources, none of them lost."""
    head, size = [], 0
    for item in sources:
        head.append(item)
        size += item[0].size
        if len(head) >= POOL_AT or size >= POOL_AT_BYTES:
            return True, itertools.chain(head, sources)
    return False, iter(head)


class _Said(logging.Handler):
    """A worker's handler for vi2en's log: it keeps what is said while one article is cleaned, for the parent to
    say in input order (the warnings of ``--jobs N`` come out as those of ``--jobs 1``)."""

    def __init__(self, level: int):
        super().__init__()
        self.said: list[tuple[str, int, str]] = []
        logger = logging.getLogger("vi2en")
        logger.handlers[:] = [self]
        logger.setLevel(level)
        logger.propagate = False

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[tuple[str, int, str]]:
        said, self.said = self.said, []
        return said


def say_again(said: list[tuple[str, int, str]]) -> None:
    """Log here what a worker's cleaning logged (its handler kept it), through this process's handlers."""
    for name, level, message in said:
        logging.getLogger(name).log(level, "%s", message)


class _Worker:
    def __init__(self, process, tasks: Connection, results: Connection):
        self.process, self.tasks, self.results = process, tasks, results
        self.batches: deque[int] = deque()  # numbers of the batches sent and not yet answered, in order


class CleanPool:
    """N worker processes, started at the first batch, that clean sources and give the results back in order."""

    def __init__(self, jobs: int, config: CleanConfig, standing: StandingDecisions | None, prepare: bool):
        self.jobs = jobs
        self.setup = (config, standing, prepare, logging.getLogger("vi2en").getEffectiveLevel())
        self.workers: list[_Worker] | None = None
        self.batches: dict[int, list[tuple[Source, str]]] = {}  # sent, until their results are taken
        self.results: dict[int, list[Any]] = {}

    def map(self, sources: Iterator[tuple[Source, str]], here: Callable[[Source, str], Any]
            ) -> Iterator[tuple[Source, str, Any]]:
        """``(source, stem, result)`` for each ``(source, stem)``, in their order. ``here(source, stem)`` cleans one
        in this process: the batches of a worker that died."""
        self.here = here
        batches = _batches(sources)
        sent = taken = 0
        more = True
        while True:
            while more and sent - taken < AHEAD * self.jobs:
                batch = next(batches, None)
                if batch is None:
                    more = False
                    break
                self._send(sent, batch)
                sent += 1
            if taken == sent:
                return
            results = self._take(taken)
            batch = self.batches.pop(taken)
            taken += 1
            for (source, stem), (result, said) in zip(batch, results):
                say_again(said)
                yield source, stem, result

    def _start(self) -> None:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload(["translate.workers", "translate.pipeline"])
        self.workers = []
        for _ in range(self.jobs):
            task_out, task_in = context.Pipe(duplex=False)
            result_out, result_in = context.Pipe(duplex=False)
            process = context.Process(target=_work, args=(task_out, result_in, *self.setup), daemon=True,
                                      name="vi2en-clean")
            process.start()
            task_out.close()  # the worker's ends: the parent keeps only its own, so a worker sees the parent go
            result_in.close()
            self.workers.append(_Worker(process, task_in, result_out))

    def _send(self, number: int, batch: list[tuple[Source, str]]) -> None:
        if self.workers is None:
            self._start()
        self.batches[number] = batch
        while self.workers:
            worker = min(self.workers, key=lambda w: len(w.batches))
            try:
                worker.tasks.send((number, batch))
            except OSError:  # it died: its batches are done here, and this one goes to another
                self._lost(worker)
                continue
            except (pickle.PicklingError, TypeError, AttributeError):
                break  # a source that does not pickle (nothing was sent): it is cleaned here, to the same result
            worker.batches.append(number)
            return
        self.results[number] = self._here(batch)

    def _here(self, batch: list[tuple[Source, str]]) -> list[tuple[Any, list]]:
        return [(self.here(source, stem), []) for source, stem in batch]  # said here, already

    def _take(self, number: int) -> list[Any]:
        from multiprocessing.connection import wait

        while number not in self.results:
            waiting = {w.results: w for w in self.workers if w.batches}
            waiting.update({w.process.sentinel: w for w in self.workers if w.batches})
            if not waiting:
                raise RuntimeError(f"batch {number} of the cleaning workers was lost")
            for ready in wait(list(waiting)):
                worker = waiting[ready]
                if worker not in self.workers:
                    continue
                try:
                    while worker.results.poll():
                        self._answer(worker, *worker.results.recv())
                except (EOFError, OSError):
                    self._lost(worker)
                    continue
                if ready is worker.process.sentinel:
                    self._lost(worker)
        results = self.results.pop(number)
        if isinstance(results, BaseException):
            raise results  # a bug in vi2en, met in a worker: the same error one process would stop at
        return results

    def _answer(self, worker: _Worker, number: int, results: Any) -> None:
        worker.batches.remove(number)
        self.results[number] = results

    def _lost(self, worker: _Worker) -> None:
        """A worker died (killed, out of memory): what it had not answered is cleaned here."""
        self.workers.remove(worker)
        worker.process.join(1)
        for number in worker.batches:
            self.results[number] = self._here(self.batches[number])
        worker.batches.clear()
        for end in (worker.tasks, worker.results):
            end.close()

    def close(self) -> None:
        """Stop the workers (at the end, or when the run stops for an error or an interruption): each leaves when
        its pipe closes, once its batch is done; one still busy after half a second is ended."""
        import time

        for worker in self.workers or []:
            for end in (worker.tasks, worker.results):
                end.close()
        deadline = time.monotonic() + 0.5
        for worker in self.workers or []:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(5)
        self.workers = []


def _batches(sources: Iterator[tuple[Source, str]]) -> Iterator[list[tuple[Source, str]]]:
    batch, size = [], 0
    for item in sources:
        batch.append(item)
        size += item[0].size
        if size >= BATCH_BYTES or len(batch) >= BATCH_SOURCES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _work(tasks: Connection, results: Connection, config: CleanConfig, standing: StandingDecisions | None,
          prepare: bool, level: int) -> None:
    """A worker: batches in, results out, until the parent's end of the pipe closes."""
    import queue
    import signal
    import threading
    from multiprocessing.reduction import ForkingPickler

    from .pipeline import clean_source, prepare as prepared

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's close() ends a worker busy with a long article
    log = _Said(level)
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def receive() -> None:  # the next batches are read while one is cleaned: the parent never waits to send
        try:
            while True:
                inbox.put(tasks.recv())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=receive, daemon=True).start()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def send() -> None:  # answers go out while the next batch is cleaned: a worker never waits for a busy parent
        while (message := outbox.get()) is not None:
            try:
                results.send_bytes(message)
            except OSError:
                return  # the parent is gone

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    while (task := inbox.get()) is not None:
        number, batch = task
        try:
            answer: Any = []
            for source, stem in batch:
                article = clean_source(source, config, standing)
                said = log.take()  # said by the parent as the article comes, where one process cleans it
                if prepare:
                    article = prepared(article, stem, standing)
                    article.said = log.take()  # said as its files are written, where one process writes them
                answer.append((article, said))
        except Exception as exc:  # a bug: the parent raises it where one process would have
            answer = _sendable(exc)
        outbox.put(ForkingPickler.dumps((number, answer)))  # what Connection.send writes
    outbox.put(None)
    sender.join()


def _sendable(exc: Exception) -> Exception:
    """The exception to raise in the parent, with the worker's traceback as a note (it goes into the crash file)."""
    import traceback

    where = "in a cleaning worker:\n" + "".join(traceback.format_exception(exc))
    try:
        exc = pickle.loads(pickle.dumps(exc))
    except Exception:
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    if hasattr(exc, "add_note"):  # Python 3.11
        exc.add_note(where)
    return exc
