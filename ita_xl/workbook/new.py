"""``ita-xl new`` decided: the file name, the fiscal year and framework, the form's options and
what ``--from`` carries forward. The command line only maps its options onto ``NewRequest`` and
prints what ``NewReturn`` says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ita_xl import options, spec, thai
from ita_xl._errors import OptionError
from ita_xl._io import display_path
from ita_xl.checking.findings import Finding, Severity
from ita_xl.frameworks import STATUS_TH, Framework, framework_for, load_framework
from ita_xl.workbook.template import Filling, filling_from_options, write_return_workbook

Notice = tuple[str, str]
"""A remark for the user, in Thai and English."""


@dataclass(frozen=True)
class NewRequest:
    """What the user asked for, as typed."""

    output: Path
    macro: bool = False
    year: str | None = None
    round: str | None = None
    framework: str | None = None
    """A framework id, a year, or a JSON file (``--framework``)."""
    source: Path | None = None
    """Last year's return to carry forward (``--from``)."""
    carry_measures: bool = False
    org: str | None = None
    org_type: str | None = None
    province: str | None = None
    units: tuple[str, ...] = ()
    force: bool = False


@dataclass
class NewReturn:
    """The return to write, and what to tell the user about it."""

    output: Path
    framework: Framework
    fiscal_year: int
    filling: Filling
    warnings: list[Notice] = field(default_factory=list)
    source_problems: list[Finding] = field(default_factory=list)
    """Last year's return's errors and warnings, worst first (not copied in)."""
    notes: list[Notice] = field(default_factory=list)
    """What was carried forward and what to check."""

    def write(self) -> Path:
        return write_return_workbook(self.output, self.framework, self.filling)


def output_path(output: Path, macro: bool) -> Path:
    """The file to write: ``--macro`` makes an .xlsm (the name gains the suffix when it has
    none); otherwise the name must end in .xlsx or .xlsm."""
    suffix = output.suffix.lower()
    if macro and suffix == ".xlsx":
        raise OptionError(
            f"แบบรายงานที่มีปุ่มตรวจสอบข้อมูลต้องเป็นไฟล์ .xlsm ({output})",
            f"the macro-enabled return must be named .xlsm ({output})",
        )
    if macro and suffix != ".xlsm":
        return output.with_name(output.name + ".xlsm")
    if suffix not in (".xlsx", ".xlsm"):
        raise OptionError(
            f"ชื่อไฟล์ต้องลงท้ายด้วย .xlsx หรือ .xlsm ({output})",
            f"the output name must end in .xlsx or .xlsm ({output})",
        )
    return output


def plan_new_return(request: NewRequest, today: date | None = None) -> NewReturn:
    """Check the request and decide everything the new return needs; nothing is written."""
    output = output_path(request.output, request.macro)
    year = options.fiscal_year(request.year)
    months = options.round_months(request.round)
    if request.carry_measures and request.source is None:
        raise OptionError("--carry-measures ใช้คู่กับ --from ไฟล์ปีที่แล้ว.xlsx",
                          "--carry-measures goes with --from LAST_YEAR.xlsx")  # fmt: skip
    if output.exists() and not request.force:
        raise OptionError(
            f"มีไฟล์ {display_path(output)} อยู่แล้ว จะไม่เขียนทับ (อาจเป็นแบบรายงานที่กรอกแล้ว) "
            "ให้ใช้ชื่ออื่น หรือเพิ่ม --force ถ้าต้องการเขียนทับจริง",
            f"{display_path(output)} already exists and is not overwritten (it may be "
            "a filled return); choose another name, or add --force",
        )
    if year is None and request.framework is None:
        source_year = _source_year(request.source) if request.source is not None else None
        year = source_year + 1 if source_year else thai.fiscal_year_of(today or date.today())
    framework, warnings = _framework(request.framework, year)
    year = year or framework.fiscal_year
    warnings += unconfirmed_notice(framework)
    filling = filling_from_options({
        "org_name": thai.clean_spaces(request.org) if request.org else None,
        "org_type": options.choice(request.org_type, spec.ORG_TYPES, "--org-type"),
        "province": options.choice(request.province, spec.PROVINCES, "--province"),
        "fiscal_year": year,
        "round": months,
    }, request.units)  # fmt: skip
    plan = NewReturn(output, framework, year, filling, warnings)
    if request.source is not None:
        _carry(plan, request)
    return plan


def _source_year(source: Path) -> int | None:
    """The year last year's return is for; ``None`` when it cannot be read (carrying it
    forward then says why)."""
    from ita_xl.reading.read import read_return

    try:
        return read_return(source).info.fiscal_year
    except Exception:  # any reader failure: carry_forward reports it with the file's findings
        return None


def _framework(asked: str | None, year: int | None) -> tuple[Framework, list[Notice]]:
    """The framework asked for, else the one that applies to ``year``
    (``frameworks.framework_for``), with a warning when it was made for another year."""
    if asked is not None:
        return load_framework(asked, year=year), []
    framework = framework_for(year)
    if year is None or framework.fiscal_year == year:
        return framework, []
    shown = thai.to_thai_digits(str(year))
    return framework, [(
        f"คำเตือน: ยังไม่มีกรอบการประเมินของปีงบประมาณ {shown} ใช้กรอบ {framework.id} แทน "
        "ให้ตรวจกับคู่มือการประเมิน ITA ของปีนั้น หรือใช้ --framework ไฟล์.json",
        f"warning: no framework for fiscal year {year}; using {framework.id} instead; "
        "check that year's ITA manual, or use --framework FILE.json",
    )]  # fmt: skip


def unconfirmed_notice(framework: Framework) -> list[Notice]:
    """What of the framework no public source confirms, and what to check, if anything."""
    weakest = framework.weakest_status()
    if weakest == "confirmed":
        return []
    year = thai.to_thai_digits(str(framework.fiscal_year))
    items = f"{framework.measures_item.code}/{framework.report_item.code}"
    previous = framework.reports_previous_year
    return [(
        f"คำเตือน: กรอบการประเมินปีงบประมาณ {year} ({framework.id}) {STATUS_TH[weakest]}: "
        f"รหัสรายการ {items} ({STATUS_TH[framework.measures_item.status]}) รายงานผลของ"
        f"{'ปีที่แล้ว' if previous else 'ปีเดียวกัน'} ({STATUS_TH[framework.results_year_status]}) "
        f"ตัวชี้วัด น้ำหนัก และเกณฑ์ยังไม่ยืนยันสำหรับปีนี้ ให้ตรวจกับคู่มือการประเมิน ITA ปี {year} "
        f"ของสำนักงาน ป.ป.ช. ก่อนเผยแพร่ ถ้าต่างกันให้ใช้ ita-xl frameworks --export "
        f"{framework.fiscal_year} กรอบ.json แก้ไข แล้วใช้ --framework กรอบ.json",
        f"warning: the fiscal year {framework.fiscal_year} framework ({framework.id}) is "
        f"{weakest}: items {items} ({framework.measures_item.status}), report on "
        f"{'the previous year' if previous else 'the same year'} "
        f"({framework.results_year_status}); indicators, weights and bands are not confirmed "
        f"for this year; check the NACC ITA {framework.fiscal_year} manual before publishing; "
        f"where it differs, ita-xl frameworks --export {framework.fiscal_year} f.json, edit "
        "it, and use --framework f.json",
    )]  # fmt: skip


def _carry(plan: NewReturn, request: NewRequest) -> None:
    """``--from``: last year's return carried forward; the form options given still win."""
    from ita_xl.workbook.carry import CarryError, carry_forward

    assert request.source is not None
    try:
        carried = carry_forward(request.source, plan.framework, fiscal_year=plan.fiscal_year,
                                carry_measures=request.carry_measures,
                                units=plan.filling.units)  # fmt: skip
    except CarryError as error:
        raise OptionError(error.message_th, error.message_en) from None
    problems = [f for f in carried.source_findings if f.severity is not Severity.INFO]
    plan.source_problems = sorted(
        problems, key=lambda f: (f.severity is not Severity.ERROR, f.sort_key)
    )
    plan.notes = list(carried.notes)
    options_given = {k: v for k, v in plan.filling.info.items() if v not in (None, "")}
    plan.filling = carried.filling
    plan.filling.info.update(options_given)
