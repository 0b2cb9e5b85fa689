"""Writing outputs safely: never a half-written file, never a changed input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    On any failure the temporary file is removed and ``path`` is left as it was. The temporary
    name keeps the suffix, because some writers (XlsxWriter, LibreOffice) choose by it.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        os.chmod(temp, _FILE_MODE)  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()
