"""Python's cycle collector, kept off the roll-up's hot paths.

The collector makes a full pass over every tracked object whenever enough objects have
outlived two younger passes. A roll-up makes hundreds of thousands of long-lived, acyclic
objects (the digests of thousands of returns), and each worker inherits the parent's whole
heap: full passes over objects that are never garbage cost a worker about a tenth of its time,
and loading a re-run's digests about a third. Reference counting still frees every object that
is no longer used; only the cycles the collector finds would wait.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

YOUNG_PASS_EVERY = 10_000
"""New objects between two young passes in a run of the program (Python's default is 700)."""
_USUAL_THRESHOLDS = gc.get_threshold()
_whole_process = False


def collect_rarely() -> None:
    """This process is a run of the program: young passes every ``YOUNG_PASS_EVERY`` new
    objects, older ones fifty times rarer each, and what ``collector_paused`` makes is left out
    of every later pass. A roll-up's main process makes its objects by the hundred thousand and
    keeps them to the end; with the defaults, passes over them cost a re-run a tenth of its
    time (0.05 s of 0.47). Memory is hardly touched: what the passes find is cycles, and a run
    makes few. (A library call leaves the caller's collector as it found it.)"""
    global _whole_process
    _whole_process = True
    gc.set_threshold(YOUNG_PASS_EVERY, 50, 50)


def set_aside_what_exists() -> None:
    """Leave the objects that exist now out of every later pass."""
    gc.freeze()


def start_a_worker() -> None:
    """A worker process as it starts: the heap it inherited is the parent's, never garbage
    while the worker runs, and set aside (not touched, its pages stay shared with the
    parent's); its own objects get Python's usual passes, as its readers (openpyxl's among
    them) leave cycles file after file."""
    gc.freeze()
    gc.set_threshold(*_USUAL_THRESHOLDS)
    gc.enable()  # (forked while the parent's collector was paused)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No passes while many long-lived objects are made (the collector runs again after); in a
    run of the program (``collect_rarely``), none over them later either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _whole_process:
            gc.freeze()
        if enabled:
            gc.enable()
