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


def set_aside_what_exists() -> None:
    """Leave the objects that exist now out of every later pass. A worker calls this as it
    starts: the heap it inherited is the parent's, never garbage while the worker runs (and
    not touched, so its pages stay shared with the parent's)."""
    gc.freeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No passes while many long-lived objects are made (the collector runs again after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
