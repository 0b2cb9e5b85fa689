"""Starting this year's return from last year's (``ita-xl new --from LAST_YEAR.xlsx``).

What carries forward: the organisation's details and its units; where the framework's report
covers the previous fiscal year (``results_year: previous``), last year's measures as the rows
``ติดตามผล`` reports on; where it covers this year, last year's measures as a starting point
only when asked (``carry_measures``). The source is validated first and its problems are
handed back to be listed, never copied in silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ita_xl import spec, thai
from ita_xl._errors import BilingualError
from ita_xl.checking.findings import Finding
from ita_xl.frameworks import Framework
from ita_xl.model import Return
from ita_xl.workbook.template import Filling

CARRIED_INFO = (
    "org_name",
    "org_type",
    "division",
    "district",
    "province",
    "preparer",
    "position",
    "phone",
    "email",
)
"""Form fields that stay the same from one year to the next."""
CARRIED_MEASURE_FIELDS = ("measure", "indicator", "approach", "steps", "responsible", "schedule")
"""A measure as a starting point: its dates belong to last year and are left out."""
YEAR_END_ROUND = 12


class CarryError(BilingualError):
    """The source cannot be carried forward (unreadable)."""


@dataclass
class Carried:
    filling: Filling
    source_findings: list[Finding]
    """The source's own problems, for the user to see (not copied in)."""
    source_year: int | None
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(Thai, English) remarks on what was carried and what to check."""


def carry_forward(
    source: str | Path,
    framework: Framework,
    *,
    fiscal_year: int | None = None,
    carry_measures: bool = False,
    units: tuple[str, ...] = (),
) -> Carried:
    """A Filling for this year's return, from last year's return at ``source``."""
    from ita_xl.checking.validation import validate

    report = validate(source)
    ret = report.ret
    if ret is None:
        problem = report.findings[0]
        raise CarryError(
            f"อ่านแบบรายงานต้นทาง {source} ไม่ได้: {problem.message_th}",
            f"cannot read the source return {source}: {problem.message_en}",
        )
    year = fiscal_year or framework.fiscal_year
    info: dict[str, object] = {k: ret.info.text(k) for k in CARRIED_INFO if ret.info.text(k)}
    info["fiscal_year"] = year
    carried = Carried(Filling(info=info), report.findings, ret.info.fiscal_year)
    measures = [m for m in ret.measures if m.code or m.measure]
    if framework.reports_previous_year:
        results_year = year - 1
        info["round"] = thai.round_label(YEAR_END_ROUND)
        carried.filling.followups = [
            {"code": m.code, "measure": m.measure, "round": thai.round_label(YEAR_END_ROUND)}
            for m in measures
        ]
        source_year = ret.info.fiscal_year
        if source_year not in (None, results_year):
            carried.notes.append(
                (
                    f"แบบรายงานต้นทางเป็นของปีงบประมาณ {source_year} "
                    f"แต่แบบรายงานนี้รายงานผลของปีงบประมาณ {results_year} ให้ตรวจว่าเลือกไฟล์ถูกปี",
                    f"the source is for fiscal year {source_year}, but this return reports on "
                    f"{results_year}; check the file is the right year's",
                )
            )
    if carry_measures:
        carried.filling.measures = [
            {k: m.text(k) for k in CARRIED_MEASURE_FIELDS if m.text(k)} for m in measures
        ]
    carried.filling.units = units or units_of(Path(source), ret)
    return carried


def units_of(path: Path, ret: Return) -> tuple[str, ...]:
    """The source's units: its dropdown list (``_lists``), else the responsible units its
    measures name, in order."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            rows = (
                book.get_sheet_by_name(spec.LISTS_SHEET).to_python()
                if spec.LISTS_SHEET in book.sheet_names
                else []
            )
        finally:
            book.close()
    except Exception:  # another format, or no such sheet: fall back to the measures
        rows = []
    if rows and spec.LIST_UNITS in rows[0]:
        column = list(rows[0]).index(spec.LIST_UNITS)
        listed = [str(r[column]).strip() for r in rows[1:] if len(r) > column and r[column]]
        if listed:
            return tuple(dict.fromkeys(listed))
    named = [m.text("responsible") for m in ret.measures if m.text("responsible")]
    return tuple(dict.fromkeys(named))
