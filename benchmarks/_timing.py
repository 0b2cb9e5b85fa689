"""What every benchmark shares: the median time of a piece of work, run several times."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
