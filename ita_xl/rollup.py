"""Many returns → the consolidation: who sent, who did not, who sent twice, what is wrong where,
and the summary by indicator (SPEC §4, §5).

Each file is read and validated once, in a pool of worker processes (``returns_digest``); this
module decides (supersession, the roster, the roll-up's own findings) and hands the result to
``summary`` for the workbook. pandas is imported here and below only.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ita_xl import thai
from ita_xl.collect import Collected, collect
from ita_xl.findings import Finding, finding
from ita_xl.isolation import Crash, map_isolated
from ita_xl.returns_digest import (
    FINDING_COLUMNS,
    FOLLOWUP_COLUMNS,
    MEASURE_COLUMNS,
    Digest,
    digest,
    read_digest,
)
from ita_xl.roster import RosterEntry, org_key, read_roster, unit_key
from ita_xl.validation import crashed_report

if TYPE_CHECKING:
    import pandas as pd

# register statuses (SPEC §5)
PASSED, WARNED, FAILED = "ผ่าน", "มีคำเตือน", "มีข้อผิดพลาด"
UNREADABLE, MISSING, SUPERSEDED = "อ่านไม่ได้", "ไม่ได้ส่ง", "ฉบับเก่า"
STATUS_EN = {
    PASSED: "passed", WARNED: "passed with warnings", FAILED: "has errors",
    UNREADABLE: "unreadable", MISSING: "not received", SUPERSEDED: "superseded",
}  # fmt: skip
_BY_REPORT_STATUS = {"ok": PASSED, "warning": WARNED, "error": FAILED}

REGISTER_COLUMNS = (
    ("org_name", "หน่วยงาน"), ("division", "ส่วนงาน"), ("province", "จังหวัด"),
    ("org_type", "ประเภทหน่วยงาน"), ("file", "ไฟล์"), ("prepared_on", "วันที่จัดทำรายงาน"),
    ("round", "รอบการรายงาน"), ("fiscal_year", "ปีงบประมาณ"), ("status", "สถานะ"),
    ("errors", "ข้อผิดพลาด"), ("warnings", "คำเตือน"), ("note", "หมายเหตุ"),
)  # fmt: skip


@dataclass
class Entry:
    """One row of the register: an expected return, a received one, or both."""

    org_name: str
    division: str
    province: str
    org_type: str
    file: str | None
    prepared_on: Any
    round: int | None
    fiscal_year: int | None
    status: str
    errors: int
    warnings: int
    note: str = ""

    def as_row(self) -> tuple[object, ...]:
        round_text = thai.round_label(self.round) if self.round in thai.ROUND_MONTHS else None
        return (self.org_name, self.division or None, self.province or None,
                self.org_type or None, self.file, self.prepared_on, round_text, self.fiscal_year,
                self.status, self.errors, self.warnings, self.note or None)  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.org_name, "division": self.division or None,
            "province": self.province or None, "org_type": self.org_type or None,
            "file": self.file,
            "prepared_on": self.prepared_on.isoformat() if self.prepared_on else None,
            "round": self.round, "fiscal_year": self.fiscal_year, "status": self.status,
            "status_en": STATUS_EN[self.status], "errors": self.errors,
            "warnings": self.warnings, "note": self.note or None,
        }  # fmt: skip


@dataclass
class Consolidation:
    """The roll-up's result. Tables are pandas DataFrames; ``to_excel`` writes SPEC §5."""

    fiscal_year: int | None
    digests: list[Digest]
    counted: list[Digest]
    """Readable returns of the roll-up's year that no newer return supersedes."""
    register_entries: list[Entry]
    file_findings: list[tuple[str, Digest | None, Finding]]
    """Every finding with its file: the checks' and the roll-up's own (ITA-F4xx)."""
    expected: int
    collected: Collected
    roster_given: bool = False
    notes: list[str] = field(default_factory=list)

    # --- figures ---------------------------------------------------------------------------

    @cached_property
    def summary(self) -> dict[str, int]:
        statuses = Counter(e.status for e in self.register_entries)
        return {
            "expected": self.expected,
            "received": len(self.digests),
            "passed": sum(1 for d in self.counted if d.errors == 0),
            "with_errors": statuses[FAILED],
            "unreadable": statuses[UNREADABLE],
            "missing": statuses[MISSING],
            "superseded": statuses[SUPERSEDED],
            "measures": sum(d.measure_count for d in self.counted),
            "followups": sum(d.followup_count for d in self.counted),
        }

    def status_counts(self) -> dict[str, int]:
        counts = Counter(e.status for e in self.register_entries)
        return {s: counts[s] for s in (PASSED, WARNED, FAILED, UNREADABLE, MISSING, SUPERSEDED)}

    def followups_by_status(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for d in self.counted:
            total.update(d.followups_by_status)
        return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))

    # --- tables ------------------------------------------------------------------------------

    @cached_property
    def register(self) -> pd.DataFrame:
        import pandas as pd

        rows = [e.as_row() for e in self.register_entries]
        return _frame(pd, rows, [label for _, label in REGISTER_COLUMNS])

    @cached_property
    def findings(self) -> pd.DataFrame:
        import pandas as pd

        from ita_xl.returns_digest import finding_row

        rows = [finding_row(path, d.org_name if d else "", d.division if d else "", f)
                for path, d, f in self.file_findings]  # fmt: skip
        return _frame(pd, rows, [label for _, label in FINDING_COLUMNS])

    @cached_property
    def measures(self) -> pd.DataFrame:
        import pandas as pd

        rows = [row for d in self.counted for row in d.detail()[0]]
        return _frame(pd, rows, [label for _, label in MEASURE_COLUMNS])

    @cached_property
    def followups(self) -> pd.DataFrame:
        import pandas as pd

        rows = [row for d in self.counted for row in d.detail()[1]]
        return _frame(pd, rows, [label for _, label in FOLLOWUP_COLUMNS])

    @cached_property
    def by_indicator(self) -> pd.DataFrame:
        import pandas as pd

        from ita_xl.summary import indicator_rows

        rows, columns = indicator_rows(self)
        return _frame(pd, rows, columns)

    def to_json(self) -> dict[str, Any]:
        """The JSON of SPEC §4."""
        findings = []
        for path, _, f in self.file_findings:
            findings.append({"path": path or None, **f.to_dict()})  # None: a missing return
        return {
            "summary": self.summary,
            "register": [e.to_dict() for e in self.register_entries],
            "findings": findings,
        }

    def to_excel(self, path: str | Path) -> Path:
        """Write the consolidated annual summary workbook (SPEC §5), atomically."""
        from ita_xl.summary import write_summary

        return write_summary(self, Path(path))


def _frame(pandas: Any, rows: list[tuple[object, ...]], columns: list[str]) -> pd.DataFrame:
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns)
    return frame


# --- deciding --------------------------------------------------------------------------------


def _return_key(d: Digest) -> tuple[object, ...]:
    """Returns of one organisation/division/year/round (SPEC §5); the province tells apart
    organisations of the same name (there are many อบต.บ้านใหม่). A return whose organisation,
    year or round cannot be read has a key of its own: it never supersedes another, nor is it
    superseded."""
    if not (org_key(d.org_name) and d.fiscal_year and d.round):
        return ("unidentified", d.path)
    return (org_key(d.org_name), unit_key(d.division), thai.clean_spaces(d.province),
            d.fiscal_year, d.round)  # fmt: skip


def _copied_marks(d: Digest) -> int:
    """How many places name another organisation (``ITA-R306``): a neighbour's file copied."""
    return sum(1 for f in d.findings if f.code == "ITA-R306")


def _newest_first(d: Digest) -> tuple[int, int, int, str]:
    """The newest ``วันที่จัดทำรายงาน`` first; on the same date, the return that names other
    organisations less (a copied neighbour's file is not the newest return), then the file
    saved last."""
    prepared = d.prepared_on.toordinal() if d.prepared_on else 0
    return (-prepared, _copied_marks(d), -d.modified_ns, d.path)


def _superseded_note(old: Digest, newest: Digest) -> str:
    note = f"แทนด้วย {newest.path}"
    if old.prepared_on != newest.prepared_on:
        return note
    if _copied_marks(old) > _copied_marks(newest):
        return (f"{note} — วันที่จัดทำรายงานเท่ากัน แต่ฉบับนี้อ้างถึงหน่วยงานอื่น "
                f"{_copied_marks(old)} แห่ง (ITA-R306) อาจคัดลอกมาจากไฟล์ของหน่วยงานอื่น")  # fmt: skip
    return f"{note} — วันที่จัดทำรายงานเท่ากัน จึงใช้ไฟล์ที่บันทึกภายหลัง"


def roll_up_year(digests: Iterable[Digest]) -> int | None:
    """The year most readable returns are for (the newer on a tie)."""
    years = Counter(d.fiscal_year for d in digests if d.readable and d.fiscal_year)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def consolidate(
    digests: list[Digest],
    collected: Collected,
    roster: list[RosterEntry] | None = None,
    year: int | None = None,
) -> Consolidation:
    year = year or roll_up_year(digests)
    findings: list[tuple[str, Digest | None, Finding]] = []
    extra: dict[str, list[Finding]] = {}  # path → the roll-up's findings about it

    # supersession: the newest return of each organisation/division/year/round wins
    groups: dict[tuple[Any, ...], list[Digest]] = {}
    for d in digests:
        if d.readable:
            groups.setdefault(_return_key(d), []).append(d)
    superseded: dict[str, Digest] = {}
    notes: dict[str, str] = {}
    for group in groups.values():
        newest, *older = sorted(group, key=_newest_first)
        for old in older:
            superseded[old.path] = newest
            notes[old.path] = _superseded_note(old, newest)
            extra.setdefault(old.path, []).append(finding("ITA-F401", value=newest.path))

    other_year = {d.path for d in digests if d.readable and year and d.fiscal_year != year}
    for d in digests:
        if d.path in other_year:
            shown = thai.to_thai_digits(str(d.fiscal_year)) if d.fiscal_year else "ไม่ระบุ"
            extra.setdefault(d.path, []).append(
                finding("ITA-F404", value=shown, expected=thai.to_thai_digits(str(year)),
                        year_en=d.fiscal_year or "-", expected_en=year))  # fmt: skip
    counted = [d for d in digests
               if d.readable and d.path not in superseded and d.path not in other_year]  # fmt: skip

    def entry(d: Digest, status: str, note: str = "") -> Entry:
        own = extra.get(d.path, [])
        errors = d.errors + sum(1 for f in own if f.severity.value == "error")
        warnings = d.warnings + sum(1 for f in own if f.severity.value == "warning")
        return Entry(d.org_name, d.division, d.province, d.org_type, d.path, d.prepared_on,
                     d.round, d.fiscal_year, status, errors, warnings, note)  # fmt: skip

    def status_of(d: Digest) -> tuple[str, str]:
        if not d.readable:
            return UNREADABLE, ""
        if d.path in superseded:
            return SUPERSEDED, notes[d.path]
        if d.path in other_year:
            return FAILED, f"ปีงบประมาณ {d.fiscal_year}"
        return _BY_REPORT_STATUS[d.status], ""

    entries: list[Entry] = []
    readable = [d for d in digests if d.readable]
    if roster is not None:
        by_key: dict[tuple[str, str, str], int] = {}  # → index in the roster
        for index, r in enumerate(roster):
            by_key.setdefault((org_key(r.org_name), thai.clean_spaces(r.province),
                               unit_key(r.unit)), index)  # fmt: skip
            by_key.setdefault((org_key(r.org_name), "", unit_key(r.unit)), index)
        matched: dict[int, list[Digest]] = {}
        for d in readable:
            found: int | None = None
            for province in (thai.clean_spaces(d.province), ""):
                for unit in (unit_key(d.division), ""):
                    found = by_key.get((org_key(d.org_name), province, unit))
                    if found is not None:
                        break
                if found is not None:
                    break
            if found is None:
                extra.setdefault(d.path, []).append(finding("ITA-F403", value=_label(d)))
            else:
                matched.setdefault(found, []).append(d)
        for index, r in enumerate(roster):
            sent = sorted(matched.get(index, []), key=lambda d: d.path)
            counted_here = [
                d for d in sent if d.path not in superseded and d.path not in other_year
            ]
            if not counted_here:
                missing = finding("ITA-F402", value=r.label)
                findings.append(("", None, missing))
                entries.append(Entry(r.org_name, r.unit, r.province, r.org_type, None, None, None,
                                     year, MISSING, 1, 0))  # fmt: skip
            for d in sent:
                entries.append(entry(d, *status_of(d)))
        for d in readable:
            if any(f.code == "ITA-F403" for f in extra.get(d.path, [])):
                status, note = status_of(d)
                entries.append(entry(d, status, note or "ไม่อยู่ในทะเบียนรายชื่อ"))
        expected = len(roster)
    else:
        for d in sorted(readable, key=lambda d: (org_key(d.org_name), unit_key(d.division),
                                                 d.path)):  # fmt: skip
            entries.append(entry(d, *status_of(d)))
        expected = len({_return_key(d)[:3] for d in counted})
    for d in digests:
        if not d.readable:
            reason = d.findings[0].message_th if d.findings else ""
            entries.append(entry(d, UNREADABLE, reason))

    for d in digests:
        for f in [*d.findings, *extra.get(d.path, [])]:
            findings.append((d.path, d, f))
    return Consolidation(year, digests, counted, entries, findings, expected, collected,
                         roster is not None)  # fmt: skip


def _label(d: Digest) -> str:
    name = f"{d.org_name} ({d.division})" if d.division else d.org_name
    return f"{name} จังหวัด{d.province}" if d.province else name


# --- reading many files --------------------------------------------------------------------------


def _crashed_digest(path: str, crash: Crash) -> Digest:
    """A file whose worker died or overran: ``ITA-S007``, and the batch goes on."""
    return digest(crashed_report(Path(path), crash))


def _digests(paths: list[Path], units: tuple[str, ...], jobs: int,
             progress: Callable[[int, int], None] | None) -> list[Digest]:  # fmt: skip
    """Each file read, checked and digested in a bounded worker process (``isolation``)."""
    work = partial(read_digest, units=units)
    names = [str(p) for p in paths]
    return map_isolated(work, names, _crashed_digest, jobs=jobs, progress=progress)


def default_jobs() -> int:
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def rollup(
    paths: Iterable[str | Path],
    *,
    roster: str | Path | list[RosterEntry] | None = None,
    year: int | None = None,
    units: Iterable[str] = (),
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Consolidation:
    """Read, check and consolidate every return under ``paths`` (files or folders).

    One bad file never stops the run: it becomes an ``อ่านไม่ได้`` row with its finding.
    """
    collected = collect(paths)
    entries = read_roster(roster) if isinstance(roster, (str, Path)) else roster
    digests = _digests(collected.files, tuple(units), jobs or default_jobs(), progress)
    return consolidate(digests, collected, entries, year)


class ProgressBar:
    """A one-line progress bar on a terminal (stderr); silent when not a terminal."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        percent = done * 100 // total
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = percent * 30 // 100
        bar = "█" * filled + "░" * (30 - filled)
        print(f"\rอ่านแบบรายงาน {bar} {done:,}/{total:,} ไฟล์", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)


__all__ = ["Consolidation", "ProgressBar", "consolidate", "rollup"]
