"""One return file → a ``Digest``: what the roll-up needs of it, small enough to send between
processes. Made in the worker processes: reading, checking and rendering the detail rows happen
there, in parallel; the main process only decides and writes.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ita_xl import sheetxml, spec, thai
from ita_xl._io import display_path
from ita_xl.checks._base import framework_for
from ita_xl.findings import SEVERITY_TH, Finding
from ita_xl.frameworks import Framework
from ita_xl.model import Record, Return, Value
from ita_xl.validation import Report, validate

# --- the detail sheets' columns (SPEC §5: every row carries its provenance) -------------------

PROVENANCE = (("file", "ไฟล์"), ("sheet", "ชีต"), ("row", "แถว"))
ABOUT = (("org_name", "หน่วยงาน"), ("division", "ส่วนงาน"), ("province", "จังหวัด"),
         ("fiscal_year", "ปีงบประมาณ"), ("round", "รอบการรายงาน"))  # fmt: skip


def _columns(table: spec.TableSheet) -> tuple[tuple[str, str], ...]:
    own = tuple((f.key, f.label) for f in table.fields)
    return (*PROVENANCE, *ABOUT, *own)


MEASURE_COLUMNS = (*_columns(spec.MEASURES), ("indicator_number", "เลขตัวชี้วัด"))
FOLLOWUP_COLUMNS = (*_columns(spec.FOLLOWUPS), ("indicator_number", "เลขตัวชี้วัด"))

_WIDTHS = {
    "file": 30, "sheet": 9, "row": 6, "org_name": 28, "division": 16, "province": 12,
    "fiscal_year": 9, "round": 11, "indicator_number": 8, "severity": 10, "code": 10, "cell": 7,
    "message_th": 70, "value": 24, "message_en": 50, "org_type": 20, "prepared_on": 14,
    "status": 13, "errors": 9, "warnings": 9, "note": 30,
    **{f.key: f.width for t in (spec.MEASURES, spec.FOLLOWUPS) for f in t.fields},
}  # fmt: skip


def column_width(key: str) -> float:
    """Width of a summary column, in characters (as the template sizes them for Thai)."""
    return _WIDTHS.get(key, 16)


MEASURE_WIDTHS = tuple(column_width(k) for k, _ in MEASURE_COLUMNS)
FOLLOWUP_WIDTHS = tuple(column_width(k) for k, _ in FOLLOWUP_COLUMNS)

FINDING_COLUMNS = (
    ("file", "ไฟล์"), ("org_name", "หน่วยงาน"), ("division", "ส่วนงาน"), ("severity", "ระดับ"),
    ("code", "รหัส"), ("sheet", "ชีต"), ("cell", "เซลล์"), ("message_th", "ข้อความ"),
    ("value", "ค่าที่พบ"), ("message_en", "message (English)"),
)  # fmt: skip


@dataclass
class IndicatorTally:
    """One indicator in one return, for the summary by indicator."""

    measures: int = 0
    followups: int = 0
    done: int = 0
    last_score: float | None = None
    weak: bool = False
    """Named weaknesses or points to develop, or scored below the pass mark."""


@dataclass
class Digest:
    path: str
    modified_ns: int
    readable: bool
    status: str
    errors: int
    warnings: int
    infos: int
    org_name: str = ""
    division: str = ""
    province: str = ""
    org_type: str = ""
    fiscal_year: int | None = None
    round: int | None = None
    prepared_on: date | None = None
    findings: list[Finding] = field(default_factory=list)
    measure_count: int = 0
    followup_count: int = 0
    indicators: dict[int, IndicatorTally] = field(default_factory=dict)
    followups_by_status: dict[str, int] = field(default_factory=dict)
    measures_xml: bytes = b""
    followups_xml: bytes = b""
    """zlib-compressed rendered rows (``sheetxml``), ready to splice."""
    detail_rows: bytes = b""
    """zlib-compressed pickle of (measure rows, follow-up rows), for the DataFrames."""

    def detail(self) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        if not self.detail_rows:
            return [], []
        rows: tuple[list[tuple[object, ...]], list[tuple[object, ...]]] = pickle.loads(
            zlib.decompress(self.detail_rows)
        )
        return rows


_DATE_KEYS = {f.key for t in spec.TABLES for f in t.fields if f.type is spec.FieldType.DATE}


def _value(value: Value | None, is_date: bool) -> object:
    """A detail cell: dates (also typed as text) as dates, numbers as numbers, else clean text."""
    if value is None or value.is_blank:
        return None
    raw = value.raw
    if is_date and (day := value.as_date) is not None:
        return day
    if type(raw) is str:
        return value.text
    if isinstance(raw, date) or (isinstance(raw, (int, float)) and not isinstance(raw, bool)):
        return raw
    return value.text


def _rows(
    ret: Return, records: Sequence[Record], table: spec.TableSheet, about: tuple[object, ...],
    indicators: Sequence[int | None],
) -> list[tuple[object, ...]]:  # fmt: skip
    path = display_path(ret.path or "")
    fields = [(f.key, f.key in _DATE_KEYS) for f in table.fields]
    out = []
    for record, indicator in zip(records, indicators, strict=True):
        values = record.values
        own = [_value(values.get(key), is_date) for key, is_date in fields]
        out.append((path, record.sheet, record.row, *about, *own, indicator))
    return out


def _tally(ret: Return, framework: Framework) -> tuple[dict[int, IndicatorTally], dict[str, int]]:
    tallies: dict[int, IndicatorTally] = {}
    for row in ret.indicators:
        if row.number is None:
            continue
        tally = tallies.setdefault(row.number, IndicatorTally())
        tally.last_score = row.last_score
        named = any(
            not v.is_blank for k, v in row.values.items() if k in ("weaknesses", "to_develop")
        )
        low = tally.last_score is not None and tally.last_score < framework.pass_mark
        tally.weak = named or low
    indicator_of_code: dict[str, int] = {}
    for measure in ret.measures:
        value = measure.get("indicator")
        indicator = framework.match_indicator(value.raw) if value is not None else None
        if indicator is not None:
            tallies.setdefault(indicator.number, IndicatorTally()).measures += 1
            indicator_of_code.setdefault(measure.code, indicator.number)
    statuses: dict[str, int] = {}
    for followup in ret.followups:
        status = followup.status or "ไม่ระบุ"
        statuses[status] = statuses.get(status, 0) + 1
        number = None if framework.reports_previous_year else indicator_of_code.get(followup.code)
        if number is not None:
            tally = tallies.setdefault(number, IndicatorTally())
            tally.followups += 1
            tally.done += followup.status.replace(" ", "") == spec.STATUS_DONE
    return tallies, statuses


def _compress(data: bytes) -> bytes:
    return zlib.compress(data, 1)


def digest(report: Report, framework: Framework | None = None) -> Digest:
    """What the roll-up keeps of one validated file."""
    path = report.path
    try:
        modified = os.stat(path).st_mtime_ns
    except OSError:
        modified = 0
    base = Digest(display_path(path), modified, report.readable, report.status, report.errors,
                  report.warnings, report.infos, findings=report.findings)  # fmt: skip
    ret = report.ret
    if ret is None:
        return base
    framework = framework or framework_for(ret)
    info = ret.info
    base.org_name, base.division = info.org_name, info.division
    base.province = info.text("province").removeprefix("จังหวัด").strip()
    base.org_type = info.text("org_type")
    base.fiscal_year, base.round, base.prepared_on = info.fiscal_year, info.round, info.prepared_on
    about = (base.org_name, base.division or None, base.province, base.fiscal_year,
             thai.round_label(base.round) if base.round in thai.ROUND_MONTHS else None)  # fmt: skip

    def indicator_number(record: Record) -> int | None:
        value = record.get("indicator")
        found = framework.match_indicator(value.raw) if value is not None else None
        return found.number if found else None

    measure_indicators = [indicator_number(m) for m in ret.measures]
    # last year's measures (results_year: previous) are not this year's: no indicator by code
    codes = {} if framework.reports_previous_year else dict(
        zip((m.code for m in ret.measures), measure_indicators, strict=True))  # fmt: skip
    measures = _rows(ret, ret.measures, spec.MEASURES, about, measure_indicators)
    followups = _rows(ret, ret.followups, spec.FOLLOWUPS, about,
                      [codes.get(f.code) for f in ret.followups])  # fmt: skip
    base.measure_count, base.followup_count = len(measures), len(followups)
    base.indicators, base.followups_by_status = _tally(ret, framework)
    base.measures_xml = _compress(sheetxml.render_rows(measures, MEASURE_WIDTHS))
    base.followups_xml = _compress(sheetxml.render_rows(followups, FOLLOWUP_WIDTHS))
    base.detail_rows = _compress(pickle.dumps((measures, followups), pickle.HIGHEST_PROTOCOL))
    return base


def read_digest(path: str, units: tuple[str, ...] = ()) -> Digest:
    """The worker's job: validate one file and digest it. Never raises for a bad file."""
    return digest(validate(Path(path), units=units))


def finding_row(path: str, org: str, division: str, f: Finding) -> tuple[object, ...]:
    return (path, org, division or None, SEVERITY_TH[f.severity], f.code, f.sheet, f.cell,
            f.message_th, f.value, f.message_en)  # fmt: skip
