"""This ita-xl: its version, and (``code_key``) the very files it runs from."""

from __future__ import annotations

import functools

__version__ = "0.1.0"


@functools.cache
def code_key() -> str:
    """This ita-xl, down to its files: its version and each source's size and time, so an edited
    checkout is another ita-xl (what it read or rendered before is not taken as its own)."""
    import hashlib  # (here: ``import ita_xl`` stays light)
    from pathlib import Path

    package = Path(__file__).resolve().parent
    fingerprint = hashlib.sha256(__version__.encode())
    for source in sorted(package.rglob("*")):
        if source.suffix in (".py", ".json"):
            stat = source.stat()
            fingerprint.update(f"{source.relative_to(package)}:{stat.st_size}:"
                               f"{stat.st_mtime_ns}".encode())  # fmt: skip
    return fingerprint.hexdigest()[:32]
