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


def ooxml_validate(paths: list[Path], processes: int = 2) -> dict[str, list[dict[str, object]]]:
    """Open XML SDK schema errors per file (empty list: the file is valid). The validator runs
    as WebAssembly at about half a millisecond an element: ``processes`` share the files."""
    node = shutil.which("node")
    require(
        node is not None and (VALIDATOR.parent / "node_modules").is_dir(),
        "the Open XML SDK validator (npm ci --prefix tools/ooxml)",
    )
    assert node
    shares = [paths[i::processes] for i in range(min(processes, len(paths)))]
    running = [
        subprocess.Popen(
            [node, str(VALIDATOR), *map(str, share)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for share in shares
    ]
    results: dict[str, list[dict[str, object]]] = {}
    for validator in running:
        stdout, stderr = validator.communicate(timeout=900)
        for line in stdout.splitlines():
            record = json.loads(line)
            assert "crash" not in record, record
            results[record["path"]] = record["errors"]
    assert set(results) == {str(p) for p in paths}, stderr
    return results


def without_live_checks(path: Path, outdir: Path) -> Path:
    """A copy of ``path`` whose ``ตรวจสอบ`` sheet has no cells (as ``annotate`` hands openpyxl):
    its 25,000 generated helper formulas cost the validator ~20 s a file and are the same in
    every workbook of a framework kind, so the tests validate them whole in a few files and the
    rest of each file in all."""
    from ita_xl import spec
    from ita_xl.ooxml.sheet_aside import set_aside

    target = outdir / path.name
    assert set_aside(path, spec.CHECKS_SHEET, target), f"{path.name} has no ตรวจสอบ sheet"
    return target


def libreoffice_convert(paths: list[Path], target: str, outdir: Path) -> list[Path]:
    """Convert all ``paths`` in one LibreOffice call; ``target`` is e.g. ``pdf`` or ``xlsx``."""
    office = soffice()
    profile = (outdir / "profile").as_uri()
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97"}
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


_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign",
               "sz", "color", "name", "family", "charset", "scheme")  # fmt: skip


def in_schema_font_order(path: Path, outdir: Path) -> Path:
    """A copy with ``<font>`` children in the schema's order (TESTING.md: openpyxl writes ``name``
    first, which the SDK validator rejects and Excel accepts). Nothing else is changed."""
    import re
    import zipfile

    def reorder(match: re.Match[bytes]) -> bytes:
        children = re.findall(rb"<(\w+)\b[^>]*/>", match.group(2))
        parts = re.findall(rb"<\w+\b[^>]*/>", match.group(2))
        ranked = sorted(zip(children, parts, strict=True),
                        key=lambda c: _FONT_ORDER.index(c[0].decode()))  # fmt: skip
        return match.group(1) + b"".join(p for _, p in ranked) + match.group(3)

    out = outdir / path.name
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/styles.xml":
                data = re.sub(rb"(<font>)(.*?)(</font>)", reorder, data, flags=re.DOTALL)
            dest.writestr(info, data)
    return out


CALC_DRIVER = Path(__file__).parent / "calc_uno.py"
SYSTEM_PYTHON = "/usr/bin/python3"


def calc(recipes: list[dict[str, object]], work: Path, processes: int = 1) -> None:
    """Run ``recipes`` in LibreOffice Calc over UNO (``calc_uno.py``, by Debian's python3);
    ``processes`` offices share them out (saving a template-sized .xlsx takes Calc seconds)."""
    require(Path(SYSTEM_PYTHON).exists() and shutil.which("soffice") is not None,
            "LibreOffice Calc and python3-uno")  # fmt: skip
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    require(probe.returncode == 0, "python3-uno (Debian)")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    running = []
    for index in range(max(1, min(processes, len(recipes)))):
        plan = work / f"recipes{index}.json"
        plan.write_text(json.dumps(recipes[index::processes], ensure_ascii=False), encoding="utf-8")
        running.append(subprocess.Popen([SYSTEM_PYTHON, str(CALC_DRIVER), str(plan)],
                                        env=environment))  # fmt: skip
    for office in running:
        assert office.wait(timeout=1200) == 0, "a Calc recipe failed (its traceback is above)"


def gnumeric_recalculated(paths: list[Path], outdir: Path, processes: int = 2) -> list[Path]:
    """Each workbook recalculated by Gnumeric, a second formula engine written apart from
    LibreOffice (``ssconvert --recalc``, TESTING.md), saved as .xlsx in ``outdir``."""
    from concurrent.futures import ThreadPoolExecutor

    found = shutil.which("ssconvert")
    require(found is not None, "Gnumeric (ssconvert)")
    assert found
    outdir.mkdir(parents=True, exist_ok=True)

    def one(path: Path) -> Path:
        target = outdir / path.name
        subprocess.run([found, "--recalc", str(path), str(target)], capture_output=True,
                       timeout=300, check=True)  # fmt: skip
        return target

    with ThreadPoolExecutor(processes) as pool:
        return list(pool.map(one, paths))
