"""One file → a Report: the safety pre-check, the reader, every check.

``validate`` never raises for a bad file: what cannot be read becomes an ``ITA-S00x`` finding,
so one bad file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ita_xl import spec
from ita_xl._io import display_path
from ita_xl.checking.findings import Finding, Severity, finding
from ita_xl.checking.rules import context_for, run_checks
from ita_xl.codes import Code
from ita_xl.frameworks import Framework
from ita_xl.model import Return
from ita_xl.reading.read import NEEDED_SHEETS, read_return
from ita_xl.reading.safety import FORMAT_NAMES, UnsafeWorkbook, WorkbookScan, scan_workbook

if TYPE_CHECKING:
    from ita_xl.reading.isolation import Crash

Status = Literal["ok", "warning", "error"]


@dataclass
class Report:
    """The checks' verdict on one file."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    ret: Return | None = None
    """The return as read; ``None`` when the file could not be read."""
    own_output: str | None = None
    """``summary`` when the file is a summary ita-xl made, not a return (a roll-up skips it)."""

    @property
    def readable(self) -> bool:
        return self.ret is not None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)

    @property
    def status(self) -> Status:
        if self.errors:
            return "error"
        return "warning" if self.warnings else "ok"

    @property
    def passed(self) -> bool:
        return not self.errors

    @property
    def organisation(self) -> str | None:
        return (self.ret.info.org_name or None) if self.ret else None

    @property
    def division(self) -> str | None:
        return (self.ret.info.division or None) if self.ret else None

    @property
    def fiscal_year(self) -> int | None:
        return self.ret.info.fiscal_year if self.ret else None

    @property
    def round(self) -> int | None:
        return self.ret.info.round if self.ret else None

    @property
    def prepared_on(self) -> date | None:
        return self.ret.info.prepared_on if self.ret else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one file in SPEC §4."""
        shown = display_path(self.path)
        return {
            "path": str(self.path),
            **({"display_name": shown} if shown != str(self.path) else {}),
            "status": self.status,
            "organisation": self.organisation,
            "fiscal_year": self.fiscal_year,
            "findings": [f.to_dict() for f in self.findings],
        }


def unreadable(path: Path, problem: UnsafeWorkbook) -> Report:
    return Report(Path(path), [finding(problem.code, params=problem.fields,
                                       detail=problem.detail)],
                  own_output=problem.own_output)  # fmt: skip


def _second_reader(source: Path, scan: WorkbookScan | None) -> Return | BaseException | None:
    """Where python-calamine gives up on an .xlsx that Excel opens (a part without its
    relationship, an odd layout), openpyxl may still read it: any installed reader that can,
    does. The other formats have no second reader here."""
    if scan is None or scan.format != "xlsx":
        return None
    try:
        return read_return(source, engine="openpyxl", scan=scan)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as error:
        return error


def reader_failed(
    source: Path, scan: WorkbookScan | None, error: BaseException,
    second: BaseException | None = None,
) -> UnsafeWorkbook:  # fmt: skip
    """The readers raised (or panicked) on a file the scan let through: said plainly, the
    readers' own words kept for ``detail``."""
    kind = FORMAT_NAMES.get(scan.format, "") if scan is not None else ""
    words = [f"{type(e).__name__}: {e}"[:300] for e in (error, second) if e is not None]
    return UnsafeWorkbook(
        Code.S001,
        detail=" | ".join(words),
        reason=f"โปรแกรมอ่านไฟล์ {kind} พบข้อมูลที่อ่านไม่ได้ในไฟล์".replace("  ", " "),
        reason_en=f"the reader met content it cannot read in this {kind or 'file'}",
        fix="ให้เปิดไฟล์ใน Excel แล้วบันทึกเป็น 'สมุดงาน Excel (*.xlsx)' ใหม่แล้วส่งอีกครั้ง",
        fix_en="open it in Excel, save it as 'Excel Workbook (*.xlsx)' again and send it again",
    )


def crashed_report(path: Path, crash: Crash) -> Report:
    """A file whose reader died, ran out of memory or hung in its worker (``isolation``)."""
    return unreadable(path, UnsafeWorkbook(
        Code.S007, detail=crash.detail, reason=crash.reason, reason_en=crash.reason_en,
        fix="ให้เปิดไฟล์ใน Excel ตรวจว่าไม่มีข้อมูลในแถวหรือคอลัมน์ที่อยู่ไกลมาก แล้วบันทึกเป็น .xlsx ใหม่ "
        "หรือขอไฟล์ใหม่จากผู้ส่ง",
        fix_en="open it in Excel, check nothing sits in far-away rows or columns, save it as "
        ".xlsx again, or ask the sender for the file again",
    ))  # fmt: skip


def validate_file(path: str, units: tuple[str, ...] = ()) -> Report:
    """``validate`` for a worker process (``isolation``): a path in, a Report out."""
    return validate(Path(path), units=units)


@dataclass(frozen=True)
class Batch:
    """The reports of one ``validate`` run, and the JSON document it answers with (SPEC §4)."""

    reports: list[Report]

    @property
    def totals(self) -> dict[str, int]:
        return {
            "files": len(self.reports),
            "errors": sum(r.errors for r in self.reports),
            "warnings": sum(r.warnings for r in self.reports),
            "infos": sum(r.infos for r in self.reports),
        }

    @property
    def passed(self) -> int:
        return sum(1 for r in self.reports if r.passed)

    def to_dict(self) -> dict[str, Any]:
        return {"files": [r.to_dict() for r in self.reports], "summary": self.totals}


def validate_isolated(
    paths: Sequence[Path], *, units: tuple[str, ...] = (), jobs: int = 1
) -> list[Report]:
    """``validate`` of each file in a bounded worker process, so a file that crashes or
    exhausts the reader becomes ``ITA-S007`` for that file and every other file is answered."""
    from functools import partial

    from ita_xl.reading.isolation import map_isolated

    def crashed(path: str, crash: Crash) -> Report:
        return crashed_report(Path(path), crash)

    return map_isolated(partial(validate_file, units=units), [str(p) for p in paths], crashed,
                        jobs=jobs)  # fmt: skip


def validate(
    path: str | Path,
    *,
    units: Iterable[str] = (),
    framework: Framework | None = None,
    content: bytes | None = None,
) -> Report:
    """Check one return workbook. The file is only read, never changed. With ``content`` (its
    bytes, already read), those bytes are checked."""
    source = Path(path)
    scan: WorkbookScan | None = None
    try:
        scan = scan_workbook(source, skip=spec.AUXILIARY_SHEETS, needed=NEEDED_SHEETS,
                             content=content)  # fmt: skip
        ret = read_return(source, scan=scan)
    except UnsafeWorkbook as problem:
        return unreadable(source, problem)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as error:  # a parser's error (or a Rust panic) on a damaged file
        second = _second_reader(source, scan)
        if not isinstance(second, Return):
            return unreadable(source, reader_failed(source, scan, error, second))
        ret = second
    return validate_return(ret, units=units, framework=framework)


def validate_return(
    ret: Return, *, units: Iterable[str] = (), framework: Framework | None = None
) -> Report:
    """Check a return already read (from a file or a live Excel book)."""
    context = context_for(ret, units=units, framework=framework)
    return Report(ret.path or Path(""), run_checks(ret, context), ret)
