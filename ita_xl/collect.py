"""What to roll up: files and folders (searched recursively) → the returns to read, in a stable
order, with what was skipped counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

RETURN_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    lock_files: int = 0
    """``~$…`` files Excel leaves beside an open workbook."""
    other_files: int = 0
    missing: list[Path] = field(default_factory=list)
    """Paths given that do not exist."""


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def collect(paths: Iterable[str | Path]) -> Collected:
    """Returns under ``paths``; each file once, sorted by path so a run is reproducible."""
    found = Collected()
    seen: set[Path] = set()
    candidates: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            candidates.extend(
                p for p in sorted(given.rglob("*")) if p.is_file() and not _is_hidden(p, given)
            )
        elif given.exists():
            candidates.append(given)
        else:
            found.missing.append(given)
    for path in candidates:
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        if path.name.startswith("~$"):
            found.lock_files += 1
        elif path.suffix.lower() in RETURN_SUFFIXES:
            found.files.append(path)
        else:
            found.other_files += 1
    found.files.sort(key=lambda p: str(p))
    return found
