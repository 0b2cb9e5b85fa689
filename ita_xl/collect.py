"""What to roll up: files and folders (searched recursively) → the returns to read, in a stable
order, with what was skipped counted."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RETURN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
"""Workbooks a return may be saved as; all are read (.xls/.xlsb/.ods with ``ITA-S009``)."""


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    lock_files: int = 0
    """``~$…`` files Excel leaves beside an open workbook."""
    other_files: int = 0
    missing: list[Path] = field(default_factory=list)
    """Paths given that do not exist."""


def _files_under(folder: Path) -> Iterator[tuple[Path, str]]:
    """Each file under ``folder`` (hidden ones and hidden folders left out) with its real path.

    os.walk reads the file kinds from the directory itself, and the real path is worked out
    once for the folder, not per file: listing 8,000 returns takes milliseconds, not a second.
    """
    real = os.path.realpath(folder)
    for here, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        inside = os.path.relpath(here, folder)
        for name in files:
            if not name.startswith("."):
                yield Path(here, name), os.path.normpath(os.path.join(real, inside, name))


def collect(paths: Iterable[str | Path]) -> Collected:
    """Returns under ``paths``; each file once, sorted by path so a run is reproducible."""
    found = Collected()
    seen: set[str] = set()
    candidates: list[tuple[Path, str]] = []
    for given in map(Path, paths):
        if given.is_dir():
            candidates.extend(sorted(_files_under(given), key=lambda item: item[1]))
        elif given.exists():
            candidates.append((given, os.path.realpath(given)))
        else:
            found.missing.append(given)
    for path, real in candidates:
        if real in seen:
            continue
        seen.add(real)
        if path.name.startswith("~$"):
            found.lock_files += 1
        elif path.suffix.lower() in RETURN_SUFFIXES:
            found.files.append(path)
        else:
            found.other_files += 1
    found.files.sort(key=lambda p: str(p))
    return found
