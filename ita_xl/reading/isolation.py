"""Reading files where a crash cannot reach the batch (SPEC §8).

Each file is read in a worker process whose memory is bounded. A file that makes the reader
abort (python-calamine aborts the whole process when an allocation fails), exhaust its memory,
or hang, ends only its worker: the parent knows which file that worker was on, answers it with
``on_crash`` and starts another worker. Every other file is answered.

Written by hand on ``multiprocessing`` rather than with ``concurrent.futures``: a
``ProcessPoolExecutor`` whose worker dies fails every pending file (``BrokenProcessPool``) and
cannot say which file killed it. ``pebble``'s ``ProcessPool`` can (per-task timeouts, worker
restarts, the task whose worker died; an initializer could bound memory), and is the library to
move to if this pool grows. It is kept for now because the roll-up's speed was measured on it:
two files queued per worker so none waits for the parent between files, and one selector over
every pipe (issue #26: the parent's CPU went from 0.45 to 0.3 ms a file). Its failure modes
(workers that abort, starve and hang) are tested in ``tests/test_batch_safety.py``.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import selectors
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from ita_xl._memory import start_a_worker

T = TypeVar("T")

WORKER_MEMORY_MB = int(os.environ.get("ITA_XL_WORKER_MEMORY_MB", "3072"))
"""Address space a worker may add to what it started with; a return needs a few tens of MB."""
FILE_SECONDS = float(os.environ.get("ITA_XL_FILE_SECONDS", "300"))
"""Longest a worker may spend on one file before it is stopped (a return takes milliseconds)."""
_IN_FLIGHT = 2  # files queued per worker, so it never waits for the parent between files
_AHEAD_OF_MEANWHILE = 16
"""Files queued per worker while the parent does its own work (``meanwhile``), which it does
without feeding them: with two, the workers of a re-run sat idle through the store's loading."""
_QUEUED_BYTES = 16 * 1024
"""Bound on a worker's queued items, well under a pipe's 64 kB: the parent must never block
sending to a worker that is itself blocked sending its answers to the busy parent."""
_SELECTOR_TAKES_PIPES = os.name == "posix"  # Windows' selectors take only sockets


@dataclass(frozen=True)
class Crash:
    """Why a file got no answer from its worker, in Thai and English."""

    reason: str
    reason_en: str
    detail: str | None = None
    """The error's own words, for the JSON ``detail`` only."""


def default_jobs() -> int:
    """Worker processes: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _bound_memory() -> None:
    """Limit this process's address space to what it has now plus ``WORKER_MEMORY_MB``."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
        now = pages * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return  # not Linux: the worker is still isolated, only not bounded
    limit = now + WORKER_MEMORY_MB * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _work(connection: Connection, function: Callable[[Any], Any]) -> None:
    """A worker: read ``(index, item)`` until ``None``; answer ``(index, ok, result)``."""
    import faulthandler
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # A worker that dies is answered for by the parent (ITA-S007 with the signal); a forked
    # copy of the parent's fault handler would only print a "Fatal Python error" dump.
    faulthandler.disable()
    start_a_worker()
    _bound_memory()
    sys.stdout = sys.stderr  # a reader that prints never mixes into the parent's JSON
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, item = task
        try:
            answer: tuple[int, bool, Any] = (index, True, function(item))
        except MemoryError:
            answer = (index, False, Crash("หน่วยความจำไม่พอขณะอ่านไฟล์นี้",
                                          "reading it ran out of memory"))  # fmt: skip
        except BaseException as error:  # the function's own failures are its to answer
            text = f"{type(error).__name__}: {error}"[:300]
            answer = (index, False, Crash("โปรแกรมอ่านไฟล์ล้มเหลวกับไฟล์นี้",
                                          "the reader failed on this file", text))  # fmt: skip
        try:
            connection.send(answer)
        except (OSError, ValueError):
            return


def _context() -> Any:
    """fork where there is one (a worker starts in milliseconds with everything imported)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


@dataclass
class _Worker:
    """A worker process, its pipe and the items queued for it."""

    process: Any
    connection: Connection
    queued: deque[int] = field(default_factory=deque)
    started: float = 0.0
    """When the worker began the file at the head of ``queued``."""


def _death(process: Any) -> Crash:
    code = process.exitcode
    signal_name = ""
    if code is not None and code < 0:
        import signal

        try:
            signal_name = signal.Signals(-code).name
        except ValueError:
            signal_name = f"signal {-code}"
    shown = signal_name or f"exit {code}"
    return Crash(
        f"โปรแกรมอ่านไฟล์หยุดทำงานกลางคัน ({shown}) อาจเพราะไฟล์ใหญ่ผิดปกติหรือเสียหายจนใช้หน่วยความจำเกิน",
        f"the reader stopped abruptly ({shown}), likely because the file is abnormally large or "
        "damaged enough to exhaust memory",
    )


def map_isolated(
    function: Callable[[Any], T],
    items: Sequence[Any],
    on_crash: Callable[[Any, Crash], T],
    *,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[T]:
    """``[function(item) for item in items]``, each call in a bounded worker process.

    ``function`` must not raise for a bad item (it answers with a finding); if it does, or its
    worker dies or overruns ``FILE_SECONDS``, ``on_crash(item, crash)`` answers for that item.
    ``meanwhile`` is this process's own work, done once the workers have their first items.
    """
    total = len(items)
    results: list[T | None] = [None] * total
    if total == 0:
        return _nothing_to_do(meanwhile)
    context = _context()
    pending = deque(range(total))
    workers: list[_Worker] = []
    done = 0
    # each worker's pipe and its death (its sentinel) are watched by one selector for the whole
    # run, so a file's answer costs one wake and no re-registering of every handle; elsewhere
    # every wait names the handles again
    watched = selectors.DefaultSelector() if _SELECTOR_TAKES_PIPES else None

    def start() -> _Worker:
        parent, child = context.Pipe()
        process = context.Process(target=_work, args=(child, function), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        if watched is not None:
            watched.register(parent, selectors.EVENT_READ, worker)
            watched.register(process.sentinel, selectors.EVENT_READ, worker)
        return worker

    def retire(worker: _Worker) -> None:
        if watched is not None:
            watched.unregister(worker.connection)
            watched.unregister(worker.process.sentinel)
        workers.remove(worker)

    def feed(worker: _Worker, depth: int = _IN_FLIGHT) -> None:
        queued_bytes = 0
        while pending and len(worker.queued) < depth:
            index = pending.popleft()
            task = pickle.dumps((index, items[index]), pickle.HIGHEST_PROTOCOL)
            if worker.queued and queued_bytes + len(task) > _QUEUED_BYTES:
                pending.appendleft(index)
                return
            queued_bytes += len(task)
            if not worker.queued:
                worker.started = time.monotonic()
            worker.queued.append(index)
            worker.connection.send_bytes(task)

    def answer(index: int, value: T) -> None:
        nonlocal done
        results[index] = value
        done += 1
        if progress:
            progress(done, total)

    def bury(worker: _Worker, crash: Crash) -> None:
        """The file the worker was on gets ``crash``; the ones queued behind it go back."""
        retire(worker)
        worker.connection.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        culprit = worker.queued.popleft()
        pending.extendleft(reversed(worker.queued))
        answer(culprit, on_crash(items[culprit], crash))

    try:
        count = max(1, min(jobs, total))
        # while this process does its own work the workers get their shares of the first files
        first = _IN_FLIGHT if meanwhile is None else min(_AHEAD_OF_MEANWHILE, -(-total // count))
        for _ in range(count):
            worker = start()
            workers.append(worker)
            feed(worker, max(_IN_FLIGHT, first))
        if meanwhile is not None:
            meanwhile()
        while workers:
            for worker, by_pipe in _ready(watched, workers):
                if worker not in workers:
                    continue
                # by its pipe alone: one answer (the selector wakes us again while more wait)
                _receive(worker, answer, on_crash, items, bury, one=by_pipe)
            now = time.monotonic()
            for worker in list(workers):
                if worker.queued and now - worker.started > FILE_SECONDS:
                    bury(worker, Crash(
                        f"อ่านไฟล์นี้นานเกิน {FILE_SECONDS:,.0f} วินาที จึงหยุดอ่าน",
                        f"reading it took over {FILE_SECONDS:,.0f} seconds, so it was stopped",
                    ))  # fmt: skip
            for worker in list(workers):
                if not worker.queued and not pending:
                    retire(worker)
                    worker.connection.send(None)
                    worker.connection.close()
                    worker.process.join()
            while pending and len(workers) < max(1, min(jobs, total)):
                workers.append(start())
            for worker in workers:
                feed(worker)
    finally:
        _stop(workers, watched)
    return _complete(results)


def _nothing_to_do(meanwhile: Callable[[], None] | None) -> list[Any]:
    if meanwhile is not None:
        meanwhile()
    return []


def _stop(workers: list[_Worker], watched: selectors.BaseSelector | None) -> None:
    """Every worker still there ended (killed if it must be), and the selector closed."""
    for worker in workers:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
    if watched is not None:
        watched.close()


def _receive(
    worker: _Worker,
    answer: Callable[[int, T], None],
    on_crash: Callable[[Any, Crash], T],
    items: Sequence[Any],
    bury: Callable[[_Worker, Crash], None],
    *,
    one: bool = False,
) -> None:
    """Take every answer the worker has sent; a dead worker is buried. ``one``: the answer the
    selector saw arrive, in one read, without asking the pipe again and the process whether
    it lives (two system calls and a selector for each file)."""
    while True:
        try:
            if not one and not worker.connection.poll():
                break
            index, ok, value = worker.connection.recv()
        except (EOFError, OSError):  # (with ``one``: it died as it wrote)
            break
        worker.queued.remove(index)
        worker.started = time.monotonic()
        answer(index, value if ok else on_crash(items[index], value))
        if one:
            return
    if not worker.process.is_alive() and worker.queued:
        worker.process.join()
        bury(worker, _death(worker.process))


def _ready(watched: selectors.BaseSelector | None,
           workers: list[_Worker]) -> list[tuple[_Worker, bool]]:  # fmt: skip
    """The workers that answered or died, each once, waiting up to a second; with each,
    whether only its pipe woke us (an answer waits there), not its death. ``watched``: the
    run's one selector, where pipes can be selected (elsewhere every wait names the handles)."""
    woken: dict[int, tuple[_Worker, bool]] = {}
    if watched is not None:
        for key, _ in watched.select(timeout=1.0):
            worker = key.data
            by_pipe = key.fileobj is worker.connection
            seen = woken.get(id(worker))
            woken[id(worker)] = (worker, by_pipe and (seen is None or seen[1]))
        return list(woken.values())
    by_handle: dict[Any, _Worker] = {}
    for worker in workers:
        by_handle[worker.connection] = worker
        by_handle[worker.process.sentinel] = worker
    for handle in wait(list(by_handle), timeout=1.0):
        woken[id(by_handle[handle])] = (by_handle[handle], False)
    return list(woken.values())


def _complete(results: list[T | None]) -> list[T]:
    answered = [r for r in results if r is not None]
    if len(answered) != len(results):  # a bug here, never a bad file
        raise RuntimeError(f"{len(results) - len(answered)} items got no answer")
    return answered
