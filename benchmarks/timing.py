"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence


def median_ms(action: Callable[[], object], repeats: int = 15) -> float:
    """Median wall time of ``action`` in milliseconds: steadier than a mean on a busy box."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def print_growth(results: Mapping[int, Mapping[str, float]], sizes: Sequence[int]) -> None:
    """One row per operation: milliseconds at each size and the ratio to the first size."""
    base = results[sizes[0]]
    print(f"{'operation':<16}" + "".join(f"{f'{s:,} entries':>16}{'ratio':>8}" for s in sizes))
    for name in base:
        row = f"{name:<16}"
        for size in sizes:
            row += f"{results[size][name]:>13.2f} ms{results[size][name] / base[name]:>7.1f}x"
        print(row)
