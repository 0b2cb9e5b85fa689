"""One return file → a ``Digest``: what the roll-up needs of it, small enough to send between
processes. Made in the worker processes: reading, checking and rendering the detail rows happen
there, in parallel; the main process only decides and writes.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ita_xl import outputs, spec, thai
from ita_xl._io import content_key, display_path
from ita_xl.checking.findings import SEVERITY_TH, Finding
from ita_xl.checking.rules import framework_of
from ita_xl.checking.validation import Report, validate
from ita_xl.codes import Code
from ita_xl.consolidation.decisions import ReturnFacts, copied_marks
from ita_xl.consolidation.prints import rows_print
from ita_xl.frameworks import Framework
from ita_xl.model import Record, Return, Value
from ita_xl.ooxml import deflate, sheetxml
from ita_xl.ooxml.deflate import Segment
from ita_xl.reading.safety import UnsafeWorkbook, read_whole

MEASURE_WIDTHS = outputs.MEASURES.widths
FOLLOWUP_WIDTHS = outputs.FOLLOWUPS.widths
FINDING_WIDTHS = outputs.FINDINGS.widths


IndicatorTally = tuple[int, int, int, float | None, bool, bool]
"""One indicator in one return, for the summary by indicator: (measures, follow-ups, completed
follow-ups, the score typed for last year when a valid one (0–100) else ``None``, whether a
score was typed that is not 0–100 (``ITA-C104``: left out of the averages), weak: weaknesses or
points to develop named, or scored below the pass mark). A plain tuple: a re-run loads ten of
these for each of thousands of returns from the store, and a named tuple takes three times as
long to load."""


class Findings(Sequence[Finding]):
    """A return's findings as its digest carries them: pickled once, in the worker, and decoded
    only when someone asks for them. A re-run loads thousands of digests from the store and
    writes their findings as the workers rendered them (``Digest.findings_xml``): their
    messages, most of what a reading weighs, are then never decoded. Their number and codes
    (what the roll-up decides on) are known without decoding."""

    __slots__ = ("_items", "_pickled", "codes")

    def __init__(self, items: Sequence[Finding] = ()) -> None:
        self._items: list[Finding] | None = list(items)
        self._pickled = b""
        self.codes: tuple[str, ...] = tuple(str(f.code) for f in self._items)

    @classmethod
    def _unpickled(cls, pickled: bytes, codes: tuple[str, ...]) -> Findings:
        packed = cls.__new__(cls)
        packed._items, packed._pickled, packed.codes = None, pickled, codes
        return packed

    def __reduce__(self) -> tuple[object, ...]:
        # compressed: their messages repeat, and a store loads them as bytes every run
        pickled = self._pickled or _compress(pickle.dumps(self._items, pickle.HIGHEST_PROTOCOL))
        return Findings._unpickled, (pickled, self.codes)

    def _list(self) -> list[Finding]:
        if self._items is None:  # (a reading of this very ita-xl)
            self._items = pickle.loads(zlib.decompress(self._pickled))
        return self._items

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index: int | slice) -> Any:
        return self._list()[index]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings):
            other = other._list()
        return isinstance(other, list) and self._list() == other

    __hash__ = None  # type: ignore[assignment]  # (as a list's)

    def __repr__(self) -> str:
        return f"Findings({self._list()!r})"


@dataclass
class Digest:
    """What the roll-up keeps of one file: its facts, counts, findings and rendered rows."""

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
    preparer: str = ""
    phone: str = ""
    email: str = ""
    fiscal_year: int | None = None
    round: int | None = None
    prepared_on: date | None = None
    findings: Findings = field(default_factory=Findings)
    measure_count: int = 0
    followup_count: int = 0
    indicators: dict[int, IndicatorTally] = field(default_factory=dict)
    followups_by_status: dict[str, int] = field(default_factory=dict)
    measures_xml: Segment = deflate.EMPTY
    followups_xml: Segment = deflate.EMPTY
    findings_xml: Segment = deflate.EMPTY
    """Rendered rows (``sheetxml``) as deflate segments, ready to join into the summary: its
    measures, follow-ups and own findings (``findings``, in order)."""
    detail_rows: bytes = b""
    """zlib-compressed pickle of (measure rows, follow-up rows), for the DataFrames."""
    prints: tuple[int, int, int] = (0, 0, 0)
    """The prints (``prints.rows_print``) of the rows in ``measures_xml``, ``followups_xml`` and
    ``findings_xml``: the summary's add up to the sheets' own, kept in its ``_meta``."""
    own_output: str | None = None
    """A summary ita-xl made, found among the inputs: skipped, not a return."""
    sha256: str = ""
    """The file's content, when the roll-up keeps a store (``store``)."""

    @property
    def copied_marks(self) -> int:
        """How many places name another organisation (``decisions.copied_marks``)."""
        return copied_marks(self.findings.codes)

    def facts(self) -> ReturnFacts:
        """What the choice of the winning return looks at (``decisions.newest_of_each``)."""
        return ReturnFacts(self.org_name, self.division, self.province, self.fiscal_year,
                           self.round, self.prepared_on, self.copied_marks, self.modified_ns,
                           self.path)  # fmt: skip

    @property
    def crashed(self) -> bool:
        """Its reader died or overran (``ITA-S007``): worth reading again next time."""
        return Code.S007 in self.findings.codes

    def detail(self) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        if not self.detail_rows:
            return [], []
        rows: tuple[list[tuple[object, ...]], list[tuple[object, ...]]] = pickle.loads(
            zlib.decompress(self.detail_rows)
        )
        return rows


FindingGroup = tuple[str, Digest | None, Sequence[Finding]]
"""Findings of one file (its path, its digest; none for the roster's missing): a return's own
findings (``Digest.findings``), or findings the roll-up made about it."""


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


_ABOUT_KEYS = ("org_name", "division", "province", "fiscal_year", "return_round")
"""The return's own columns of a detail row, between its place and its record's fields."""


def _row_plan(table: outputs.Table, sheet: spec.TableSheet) -> tuple[tuple[str, bool], ...]:
    """The record's fields (key, is a date) in the order ``table`` puts them: a detail row is
    built as a tuple in column order, which this checks once, when the module loads."""
    fields = tuple((f.key, f.key in _DATE_KEYS) for f in sheet.fields)
    order = ("file", "sheet", "row", *_ABOUT_KEYS, *(key for key, _ in fields),
             "indicator_number")  # fmt: skip
    if table.keys != order:
        raise ValueError(f"table {table.key}: columns {table.keys}, rows built as {order}")
    return fields


_ROW_PLANS = {outputs.MEASURES.key: _row_plan(outputs.MEASURES, spec.MEASURES),
              outputs.FOLLOWUPS.key: _row_plan(outputs.FOLLOWUPS, spec.FOLLOWUPS)}  # fmt: skip


def _rows(
    ret: Return, records: Sequence[Record], table: outputs.Table, about: dict[str, object],
    indicators: Sequence[int | None], names: dict[str, str] | None = None,
) -> list[tuple[object, ...]]:  # fmt: skip
    """Detail rows of ``table`` (``outputs.MEASURES`` or ``outputs.FOLLOWUPS``), in its column
    order (``_row_plan``); ``names`` (code → measure) fills a follow-up's ``มาตรการ`` where the
    template of the year has no such column (results of the same year name their measure on
    ``มาตรการ``)."""
    path = display_path(ret.path or "")
    fields = _ROW_PLANS[table.key]
    measure_at = next((i for i, (key, _) in enumerate(fields) if key == "measure"), None)
    place = tuple(about[key] for key in _ABOUT_KEYS)
    out = []
    for record, indicator in zip(records, indicators, strict=True):
        values = record.values
        cells = [_value(values.get(key), is_date) for key, is_date in fields]
        if names and measure_at is not None and "measure" not in values:
            cells[measure_at] = names.get(getattr(record, "code", "")) or None
        out.append((path, record.sheet, record.row, *place, *cells, indicator))
    return out


def _tally(ret: Return, framework: Framework) -> tuple[dict[int, IndicatorTally], dict[str, int]]:
    scored: dict[int, tuple[float | None, bool, bool]] = {}
    """Indicator → (valid last score, invalid score typed, weak), from the indicators sheet."""
    for row in ret.indicators:
        if row.number is None:
            continue
        score = row.last_score
        valid = score is not None and 0 <= score <= 100
        named = any(
            not v.is_blank for k, v in row.values.items() if k in ("weaknesses", "to_develop")
        )
        last_score = score if valid else None
        low = last_score is not None and last_score < framework.pass_mark
        scored[row.number] = (last_score, not valid and not _blank(row, "last_score"),
                              named or low)  # fmt: skip
    counts = {number: [0, 0, 0] for number in scored}
    """Indicator → [measures, follow-ups, completed], in the order indicators were met."""
    indicator_of_code: dict[str, int] = {}
    for measure in ret.measures:
        value = measure.get("indicator")
        indicator = framework.match_indicator(value.raw) if value is not None else None
        if indicator is not None:
            counts.setdefault(indicator.number, [0, 0, 0])[0] += 1
            indicator_of_code.setdefault(measure.code, indicator.number)
    statuses: dict[str, int] = {}
    for followup in ret.followups:
        status = status_category(followup.status)
        statuses[status] = statuses.get(status, 0) + 1
        number = None if framework.reports_previous_year else indicator_of_code.get(followup.code)
        if number is not None:
            tally = counts.setdefault(number, [0, 0, 0])
            tally[1] += 1
            tally[2] += followup.status.replace(" ", "") == spec.STATUS_DONE
    tallies = {}
    for number, (measures, followups, done) in counts.items():
        last_score, invalid_score, weak = scored.get(number, (None, False, False))
        tallies[number] = (measures, followups, done, last_score, invalid_score, weak)
    return tallies, statuses


def _blank(record: Record, key: str) -> bool:
    value = record.get(key)
    return value is None or value.is_blank


def status_category(status: str) -> str:
    """A follow-up's status as the summary counts it: one of the list, ``ไม่ระบุ`` when blank,
    ``ค่าไม่ถูกต้อง`` for anything else (``ITA-C102`` names it): a typo is not a status."""
    if not status:
        return "ไม่ระบุ"
    compact = status.replace(" ", "")
    return next((s for s in spec.STATUSES if s.replace(" ", "") == compact), "ค่าไม่ถูกต้อง")


def _compress(data: bytes) -> bytes:
    return zlib.compress(data, 1)


def _render_findings(read: Digest) -> None:
    """The return's own findings as rows of the summary's findings sheet (``finding_row``)."""
    rows = [finding_row(read.path, read.org_name, read.division, f) for f in read.findings]
    read.findings_xml = _segment(rows, FINDING_WIDTHS)
    read.prints = (*read.prints[:2], rows_print(rows))


def _render_details(read: Digest, measures: list[tuple[object, ...]],
                    followups: list[tuple[object, ...]]) -> None:  # fmt: skip
    """The return's measures and follow-ups as rows of the summary's sheets, and as rows for
    the DataFrames (``detail``)."""
    read.measures_xml = _segment(measures, MEASURE_WIDTHS)
    read.followups_xml = _segment(followups, FOLLOWUP_WIDTHS)
    read.detail_rows = _compress(pickle.dumps((measures, followups), pickle.HIGHEST_PROTOCOL))
    read.prints = (rows_print(measures), rows_print(followups), read.prints[2])


def _segment(rows: list[tuple[object, ...]], widths: Sequence[float]) -> Segment:
    """The rows as the summary's sheet holds them, compressed here, in the worker: the summary
    joins the segments of every return without compressing them again."""
    rendered = sheetxml.render_rows(rows, widths)
    return deflate.segment(sheetxml.resolve_styles(rendered, *sheetxml.SPLICED_STYLES), level=6)


def digest(report: Report, framework: Framework | None = None) -> Digest:
    """What the roll-up keeps of one validated file."""
    path = report.path
    try:
        modified = os.stat(path).st_mtime_ns
    except OSError:
        modified = 0
    base = Digest(str(path), modified, report.readable, report.status, report.errors,
                  report.warnings, report.infos, findings=Findings(report.findings),
                  own_output=report.own_output)  # fmt: skip
    ret = report.ret
    if ret is None:
        _render_findings(base)
        return base
    framework = framework or framework_of(ret)
    info = ret.info
    base.org_name, base.division = info.org_name, info.division
    base.province = info.province
    _render_findings(base)
    base.org_type = info.text("org_type")
    base.preparer, base.phone, base.email = (info.text("preparer"), info.text("phone"),
                                             info.text("email"))  # fmt: skip
    base.fiscal_year, base.round, base.prepared_on = info.fiscal_year, info.round, info.prepared_on
    about: dict[str, object] = {
        "org_name": base.org_name, "division": base.division or None, "province": base.province,
        "fiscal_year": base.fiscal_year,
        "return_round": thai.round_label(base.round) if base.round in thai.ROUND_MONTHS else None,
    }  # fmt: skip

    def indicator_number(record: Record) -> int | None:
        value = record.get("indicator")
        found = framework.match_indicator(value.raw) if value is not None else None
        return found.number if found else None

    measure_indicators = [indicator_number(m) for m in ret.measures]
    # last year's measures (results_year: previous) are not this year's: no indicator by code
    codes = {} if framework.reports_previous_year else dict(
        zip((m.code for m in ret.measures), measure_indicators, strict=True))  # fmt: skip
    measures = _rows(ret, ret.measures, outputs.MEASURES, about, measure_indicators)
    names = {} if framework.reports_previous_year else {m.code: m.measure for m in ret.measures}
    followups = _rows(ret, ret.followups, outputs.FOLLOWUPS, about,
                      [codes.get(f.code) for f in ret.followups], names)  # fmt: skip
    base.measure_count, base.followup_count = len(measures), len(followups)
    base.indicators, base.followups_by_status = _tally(ret, framework)
    _render_details(base, measures, followups)
    return base


def found_at(read: Digest, path: str) -> Digest:
    """``read`` as the reading of the same content found at ``path``: a file moved, renamed or
    copied since it was read, or named another way (absolute, from another folder). Its detail
    rows, rendered where it was read, name ``path`` instead (and take the height its name
    needs); the rest of a reading does not depend on where the file lies."""
    if read.path == path:
        return read
    read.path = path
    _render_findings(read)
    if not read.detail_rows:
        return read
    shown = display_path(path)  # each row's first column (``_row_plan``)
    measures, followups = ([(shown, *row[1:]) for row in rows] for rows in read.detail())
    _render_details(read, measures, followups)
    return read


def relocated_pickled(item: tuple[str, bytes]) -> bytes:
    """``found_at`` in a worker: a reading as pickled in the store, renamed to the path it was
    found at (``item``: the path and the reading), pickled again for the store."""
    path, stored = item
    return pickle.dumps(found_at(pickle.loads(stored), path), pickle.HIGHEST_PROTOCOL)


def read_digest(path: str, units: tuple[str, ...] = (), hashed: bool = False) -> Digest:
    """The worker's job: validate one file and digest it. With ``hashed``, the file is read
    once and its SHA-256 (``sha256``) is that of the very bytes checked: a file saved again
    while it is read is never keyed by one content and read as another. Never raises for a
    bad file."""
    source = Path(path)
    if not hashed:
        return digest(validate(source, units=units))
    try:
        content: bytes | None = read_whole(source)
    except UnsafeWorkbook:
        content = None  # not a regular file, too big, gone: validate says so; no key here
    read = digest(validate(source, units=units, content=content))
    if content is not None:
        read.sha256 = content_key(content)
    return read


def read_pickled(path: str, units: tuple[str, ...] = (), hashed: bool = False) -> bytes:
    """``read_digest``, pickled here in the worker: the store keeps these very bytes
    (``Store.remember``), so the main process never pickles a reading again."""
    return pickle.dumps(read_digest(path, units, hashed), pickle.HIGHEST_PROTOCOL)


def finding_row(path: str, org: str, division: str, f: Finding) -> tuple[object, ...]:
    """A row of ``outputs.FINDINGS``."""
    values = {"file": display_path(path), "org_name": org, "division": division or None,
              "severity": SEVERITY_TH[f.severity], "code": f.code, "sheet": f.sheet,
              "cell": f.cell, "message_th": f.message_th, "value": f.value,
              "message_en": f.message_en}  # fmt: skip
    return tuple(values[key] for key in outputs.FINDINGS.keys)
