"""What to roll up: files and folders (searched recursively) → the returns to read, in a stable
order, with what was skipped counted."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RETURN_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".xlsb", ".ods")
"""Workbooks a return may be saved as; all are read (.xls/.xlsb/.ods with ``ITA-S009``). A
template (.xltx/.xltm) is a workbook too: an officer who saved over the downloaded form sends
one."""

UNOPENED_SUFFIXES = (".csv", ".tsv", ".zip", ".rar", ".7z", ".numbers", ".et", ".gsheet")
"""Files that may hold returns but are not opened (a CSV export, an archive of returns): the
roll-up names them, so a team does not chase a sender whose return sits in a .zip."""


@dataclass
class Collected:
    """The files to roll up, and what was skipped and why."""

    files: list[Path] = field(default_factory=list)
    lock_files: int = 0
    """``~$…`` files Excel leaves beside an open workbook."""
    hidden_files: int = 0
    """``._…`` files macOS leaves beside every file it copies, and other hidden files."""
    other_files: int = 0
    unopened: list[Path] = field(default_factory=list)
    """Spreadsheet-like files not opened (``UNOPENED_SUFFIXES``), counted in ``other_files``."""
    missing: list[Path] = field(default_factory=list)
    """Paths given that do not exist."""
    own_outputs: list[Path] = field(default_factory=list)
    """Summaries ita-xl made, found among the inputs: skipped, never read as returns (filled in
    once the files are opened)."""

    @property
    def skipped(self) -> int:
        return self.lock_files + self.hidden_files + self.other_files + len(self.own_outputs)


def _files_under(folder: Path) -> Iterator[tuple[Path, str]]:
    """Each file under ``folder`` (hidden folders left out) with its real path.

    os.walk reads the file kinds from the directory itself, and the real path is worked out
    once for the folder, not per file: listing 8,000 returns takes milliseconds, not a second.
    """
    real = os.path.realpath(folder)
    for here, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        inside = os.path.relpath(here, folder)
        for name in files:
            yield Path(here, name), os.path.normpath(os.path.join(real, inside, name))


def collect(paths: Iterable[str | Path]) -> Collected:
    """Returns under ``paths``; each file once, sorted by path so a run is reproducible."""
    found = Collected()
    seen: set[str] = set()
    candidates: list[tuple[Path, str, bool]] = []
    for given in map(Path, paths):
        if given.is_dir():
            found_here = sorted(_files_under(given), key=lambda item: item[1])
            candidates.extend((path, real, False) for path, real in found_here)
        elif given.exists():
            candidates.append((given, os.path.realpath(given), True))
        else:
            found.missing.append(given)
    for path, real, named in candidates:
        if real in seen:
            continue
        seen.add(real)
        suffix = path.suffix.lower()
        if path.name.startswith("~$"):
            found.lock_files += 1
        elif path.name.startswith(".") and not named:
            found.hidden_files += 1
        elif suffix in RETURN_SUFFIXES:
            found.files.append(path)
        else:
            found.other_files += 1
            if suffix in UNOPENED_SUFFIXES:
                found.unopened.append(path)
    found.files.sort(key=lambda p: str(p))
    return found
