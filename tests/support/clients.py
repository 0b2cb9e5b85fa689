"""Real clients, run the cheap way: every file through one validator process, every conversion
in one LibreOffice call (TESTING.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "tools" / "ooxml" / "validate.mjs"


def require(available: bool, what: str) -> None:
    """Skip on a developer machine without ``what``; fail under CI, where it must be installed."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required under CI (.ci/run installs it)")
    pytest.skip(f"{what} not installed")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    require(found is not None, "LibreOffice (soffice)")
    assert found
    return found


def ooxml_validate(paths: list[Path]) -> dict[str, list[dict[str, object]]]:
    """Open XML SDK schema errors per file (empty list: the file is valid)."""
    node = shutil.which("node")
    require(
        node is not None and (VALIDATOR.parent / "node_modules").is_dir(),
        "the Open XML SDK validator (npm ci --prefix tools/ooxml)",
    )
    assert node
    done = subprocess.run(
        [node, str(VALIDATOR), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    results: dict[str, list[dict[str, object]]] = {}
    for line in done.stdout.splitlines():
        record = json.loads(line)
        assert "crash" not in record, record
        results[record["path"]] = record["errors"]
    assert set(results) == {str(p) for p in paths}, done.stderr
    return results


def libreoffice_convert(paths: list[Path], target: str, outdir: Path) -> list[Path]:
    """Convert all ``paths`` in one LibreOffice call; ``target`` is e.g. ``pdf`` or ``xlsx``."""
    office = soffice()
    profile = (outdir / "profile").as_uri()
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML"}
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            filters.get(target, target),
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [outdir / f"{p.stem}.{target}" for p in paths]
