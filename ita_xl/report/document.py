"""One organisation's return(s) → the annual report agencies publish (O42/O43), as Word, and as
PDF through LibreOffice (SPEC §7).

The shape is the seed's: cover, foreword, the measures table, the results table, the summary by
indicator. Every name and year comes from the return, never from template text, which is how the
seed ended up naming other agencies. python-docx writes it; what python-docx has no call for
(repeated header rows, rows kept whole, Thai page numbers, complex-script fonts) is set on the
underlying XML with ``OxmlElement``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ita_xl import spec, thai
from ita_xl._errors import BilingualError
from ita_xl._io import atomic_output, display_path
from ita_xl.checking.findings import Finding, Severity
from ita_xl.checking.rules import framework_of
from ita_xl.checking.validation import Report, validate
from ita_xl.consolidation.decisions import ReturnFacts, copied_marks, newest_of_each
from ita_xl.consolidation.roster import org_key, unit_key
from ita_xl.frameworks import Framework
from ita_xl.model import FollowUp, IndicatorRow, Measure, Return
from ita_xl.report.word import (
    HEADING_PT,
    TITLE_PT,
    add_page_break,
    add_paragraph,
    add_section_heading,
    add_table,
    page_numbers,
    section_setup,
    styles,
)

YEAR_END = 12
FONT = spec.FONT_NAME


class ReportError(BilingualError):
    """The report cannot be made; Thai and English, with the findings that stop it."""

    def __init__(self, message_th: str, message_en: str,
                 findings: Sequence[tuple[Path, Finding]] = ()) -> None:  # fmt: skip
        super().__init__(message_th, message_en)
        self.findings = list(findings)


@dataclass
class Source:
    """The returns one report is made of: one organisation, one year, its divisions."""

    returns: list[Return]
    framework: Framework

    @property
    def first(self) -> Return:
        return self.returns[0]

    @property
    def org_name(self) -> str:
        return self.first.info.org_name

    @property
    def fiscal_year(self) -> int:
        year = self.first.info.fiscal_year
        return year if year is not None else self.framework.fiscal_year

    @property
    def results_year(self) -> int:
        """The fiscal year whose measures the results table reports on."""
        return self.fiscal_year - 1 if self.framework.reports_previous_year else self.fiscal_year

    @property
    def round(self) -> int | None:
        """The latest round the returns report (a 6-month report says so)."""
        rounds = [r.info.round for r in self.returns if r.info.round]
        return max(rounds) if rounds else None

    @property
    def district(self) -> str:
        return next((r.info.text("district") for r in self.returns if r.info.text("district")), "")

    @property
    def province(self) -> str:
        return next((r.info.province for r in self.returns if r.info.province), "")

    @property
    def prepared_on(self) -> date | None:
        days = [r.info.prepared_on for r in self.returns if r.info.prepared_on]
        return max(days) if days else None

    def division_of(self, ret: Return) -> str:
        return ret.info.division if len(self.returns) > 1 else ""


def _facts(ret: Return, marks: int) -> ReturnFacts:
    path = ret.path or Path("")
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = 0
    info = ret.info
    return ReturnFacts(info.org_name, info.division, info.province, info.fiscal_year, info.round,
                       info.prepared_on, marks, modified, str(path))  # fmt: skip


def gather(paths: Sequence[str | Path], *, force: bool = False
           ) -> tuple[Source, list[tuple[Path, Finding]]]:  # fmt: skip
    """Validate the inputs and merge them as the roll-up does: one organisation and year; the
    newest return of each division and round wins. Returns the source and the warnings.

    Raises ``ReportError`` for unreadable files, several organisations or years, or (unless
    ``force``) returns with errors.
    """
    reports: list[Report] = [validate(p) for p in paths]
    warnings = [(r.path, f) for r in reports for f in r.findings
                if f.severity is Severity.WARNING]  # fmt: skip
    _refuse_what_cannot_be_reported(reports, force)
    returns = [r.ret for r in reports if r.ret is not None]
    marks = {id(r.ret): copied_marks(f.code for f in r.findings) for r in reports}
    winners = [group[0] for group in newest_of_each(returns, lambda r: _facts(r, marks[id(r)]))]
    # the latest round of each division: its follow-ups are the year's results so far
    latest: dict[str, Return] = {}
    for ret in sorted(winners, key=lambda r: r.info.round or 0):
        latest[unit_key(ret.info.division)] = ret
    merged = sorted(latest.values(), key=lambda r: unit_key(r.info.division))
    return Source(merged, framework_of(merged[0])), warnings


def _refuse_what_cannot_be_reported(reports: Sequence[Report], force: bool) -> None:
    """``ReportError`` for an unreadable file, a return with errors (unless ``force``), or
    returns of more than one organisation or year."""
    errors = [(r.path, f) for r in reports for f in r.findings if f.severity is Severity.ERROR]
    unreadable = [r for r in reports if r.ret is None]
    if unreadable:
        raise ReportError(
            "อ่านไฟล์ไม่ได้: " + ", ".join(display_path(r.path) for r in unreadable),
            "cannot read: " + ", ".join(display_path(r.path) for r in unreadable),
            errors,
        )
    if errors and not force:
        raise ReportError(
            f"แบบรายงานมีข้อผิดพลาด {len(errors)} รายการ ให้แก้ก่อนจัดทำรายงาน "
            "(หรือใช้ --force เพื่อจัดทำทั้งที่มีข้อผิดพลาด)",
            f"the return has {len(errors)} error(s); fix them first (or use --force)",
            errors,
        )
    returns = [r.ret for r in reports if r.ret is not None]
    organisations = {(org_key(r.info.org_name), r.info.fiscal_year) for r in returns}
    if len(organisations) > 1:
        names = ", ".join(sorted({r.info.org_name for r in returns}))
        raise ReportError(
            f"รายงานหนึ่งฉบับต้องมาจากหน่วยงานเดียวและปีงบประมาณเดียว แต่ไฟล์ที่ให้มาเป็นของ {names}",
            f"one report is for one organisation and year; the files are from {names}",
        )


# --- text ------------------------------------------------------------------------------------

_KEEP_DIGITS_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|\b[A-Za-z]+\d+\b")


def thai_digits(text: str) -> str:
    """Digits in Thai, except inside links, e-mail addresses and codes such as M01."""
    out, last = [], 0
    for match in _KEEP_DIGITS_RE.finditer(text):
        out.append(thai.to_thai_digits(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(thai.to_thai_digits(text[last:]))
    return "".join(out)


def _date_text(day: date | None, digits: Callable[[str], str]) -> str:
    return digits(thai.format_date(day, thai_digits=False)) if day else ""


# --- the document ------------------------------------------------------------------------------


def _measure_label(measure: Measure | None, code: str) -> str:
    return f"{code} {measure.measure}" if measure else code


def _division_heading(source: Source, ret: Return, digits: Callable[[str], str]) -> list[list[str]]:
    """A row naming the division above its own measures or results, when the report is made of
    several divisions' returns (each numbers its measures from M01)."""
    division = source.division_of(ret)
    return [[digits(division)]] if division else []


def _measure_rows(source: Source, digits: Callable[[str], str]) -> list[list[str]]:
    rows = []
    for ret in source.returns:
        rows.extend(_division_heading(source, ret, digits))
        for m in ret.measures:
            schedule = m.text("schedule")
            monitoring = [schedule if schedule.startswith("รอบ") or not schedule
                          else f"รอบ {schedule}"]  # fmt: skip
            start, end = m.get("start"), m.get("end")
            first = start.as_date if start else None
            last = end.as_date if end else None
            if first or last:
                monitoring.append(f"{_date_text(first, digits)} – {_date_text(last, digits)}")
            rows.append([digits(_measure_label(m, m.code)), digits(m.text("approach")),
                         digits(m.text("steps")), digits(m.text("responsible")),
                         digits("\n".join(x for x in monitoring if x))])  # fmt: skip
    return rows


def _result_rows(source: Source, digits: Callable[[str], str]) -> list[list[str]]:
    rows = []
    for ret in source.returns:
        rows.extend(_division_heading(source, ret, digits))
        measures = {m.code: m for m in ret.measures}

        def order(f: FollowUp) -> tuple[str, int]:
            return (f.code, f.round or 0)

        for f in sorted(ret.followups, key=order):
            note = [f.text("note")]
            if f.round and f.round != YEAR_END:
                note.insert(0, f"รอบ {thai.round_label(f.round)}")
            if f.status:
                note.insert(0, f.status)
            if f.text("evidence_url"):
                note.append(f.text("evidence_url"))
            # last year's measure (results_year: previous) is named on the follow-up itself
            own_name = f.text("measure")
            label = f"{f.code} {own_name}" if own_name else _measure_label(measures.get(f.code),
                                                                            f.code)  # fmt: skip
            rows.append([digits(label),
                         digits(f.text("details")), digits(f.text("period")),
                         digits(f.text("output")), digits(f.text("outcome")),
                         digits("\n".join(x for x in note if x))])  # fmt: skip
    return rows


def _indicator_rows(source: Source, digits: Callable[[str], str]) -> list[list[str]]:
    by_number: dict[int, list[tuple[str, IndicatorRow]]] = {}
    for ret in source.returns:
        for row in ret.indicators:
            if row.number is not None:
                by_number.setdefault(row.number, []).append((source.division_of(ret), row))
    rows = []
    for indicator in source.framework.indicators:
        entries = by_number.get(indicator.number, [])

        def joined(key: str, entries: list[tuple[str, IndicatorRow]] = entries) -> str:
            parts = []
            for division, row in entries:
                text = row.text(key) if key != "issues" else row.get("issues") and row.text(key)
                if text:
                    parts.append(f"{division}: {text}" if division and key != "issues" else text)
            unique = list(dict.fromkeys(parts))
            return "\n".join(unique)

        issues = joined("issues") or indicator.issues_text()
        rows.append([digits(indicator.label), digits(issues), digits(joined("weaknesses")),
                     digits(joined("to_develop")), digits(joined("responsible")),
                     digits(joined("result"))])  # fmt: skip
    return rows


def _round_words(months: int | None) -> str:
    """`` (รอบ ๖ เดือน)`` for a report before the year's end; nothing for the 12-month one."""
    if months is None or months == YEAR_END:
        return ""
    return f" (รอบ {thai.round_label(months)})"


def _of_year(results: str, year: str) -> str:
    """``ของปีงบประมาณ พ.ศ. …`` when the results are of another year than the measures."""
    return "" if results == year else f"ของปีงบประมาณ พ.ศ. {results}"


def build_document(source: Source, *, thai_numbers: bool = True) -> Any:
    """The report as a python-docx Document (page numbers: ``PAGE_FIELD``)."""
    import docx
    from docx.enum.section import WD_SECTION

    digits: Callable[[str], str] = thai_digits if thai_numbers else (lambda text: text)
    year = digits(str(source.fiscal_year))
    org = source.org_name
    district = f"อำเภอ{source.district}" if source.district else ""
    province = f"จังหวัด{source.province}" if source.province else ""
    place = " ".join(x for x in (district, province) if x)
    document = docx.Document()
    styles(document)
    core = document.core_properties
    measures_item, report_item = source.framework.measures_item, source.framework.report_item
    results = digits(str(source.results_year))
    core.title = (f"{measures_item.label()} และ{report_item.label()} {org} "
                  f"ปีงบประมาณ {source.fiscal_year}")  # fmt: skip
    core.author = org
    core.comments = "ita-xl"

    # cover
    cover = document.sections[0]
    section_setup(cover, landscape=False)
    page_numbers(cover, cover=True)
    for _ in range(3):
        add_paragraph(document, "")
    add_paragraph(document, "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส\n"
                         "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)\n"
                         f"{measures_item.label()}\n"
                         f"และ{report_item.label()}", size=TITLE_PT, bold=True,
               align="center", space_after=24)  # fmt: skip
    add_paragraph(document, f"ประจำปีงบประมาณ พ.ศ. {year}{_round_words(source.round)}",
               size=HEADING_PT + 4, bold=True,
               align="center", space_after=12 if results != year else 48)  # fmt: skip
    if results != year:
        add_paragraph(document, f"(รายงานผลการดำเนินการของปีงบประมาณ พ.ศ. {results})",
                   size=HEADING_PT, bold=True, align="center", space_after=36)  # fmt: skip
    add_paragraph(document, org, size=HEADING_PT + 4, bold=True, align="center")
    if place:
        add_paragraph(document, place, size=HEADING_PT, bold=True, align="center")

    # foreword
    add_page_break(document)
    add_paragraph(document, "คำนำ", size=HEADING_PT + 2, bold=True, align="center", space_after=12)
    previous = digits(str(source.fiscal_year - 1))
    add_paragraph(document, (
        "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้กำหนดให้"
        "หน่วยงานภาครัฐเข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        "(Integrity and Transparency Assessment: ITA) เพื่อเป็นกลไกส่งเสริมให้หน่วยงานภาครัฐ"
        "ดำเนินงานอย่างโปร่งใสและมีคุณธรรม"
    ), align="justify", indent_first=True, space_after=6)  # fmt: skip
    add_paragraph(document, (
        f"{org} ได้วิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {previous} รายตัวชี้วัด "
        "เพื่อหาข้อบกพร่องหรือจุดอ่อนและประเด็นที่ควรพัฒนา แล้วจัดทำมาตรการส่งเสริมคุณธรรมและ"
        f"ความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {year} ({measures_item.code}) "
        f"พร้อมรายงานผลการดำเนินการตามมาตรการ{_of_year(results, year)} ({report_item.code}) "
        "ตามรายละเอียดในรายงานฉบับนี้"
    ), align="justify", indent_first=True, space_after=24)  # fmt: skip
    add_paragraph(document, org, align="right")
    prepared = _date_text(source.prepared_on, digits)
    if prepared:
        add_paragraph(document, prepared, align="right")

    # the wide tables, landscape
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    section_setup(landscape, landscape=True)
    page_numbers(landscape)
    add_section_heading(document, digits(f"1. {measures_item.label()} ปีงบประมาณ พ.ศ. {year}"),
                     first=True)  # fmt: skip
    add_table(document, ["มาตรการ", "แนวทางปฏิบัติ", "ขั้นตอน/วิธีการปฏิบัติ", "ผู้รับผิดชอบ",
                      "การกำกับติดตาม"], _measure_rows(source, digits))  # fmt: skip
    add_section_heading(document, digits(f"2. {report_item.label()} ปีงบประมาณ พ.ศ. {results}")
                     + _round_words(source.round))  # fmt: skip
    add_table(document, ["มาตรการ", "รายละเอียดการดำเนินงาน", "ระยะเวลาการดำเนินงาน", "ผลผลิต",
                      "ผลลัพธ์", "หมายเหตุ"], _result_rows(source, digits))  # fmt: skip
    add_section_heading(document, digits("3. สรุปผลการวิเคราะห์และการดำเนินการตามตัวชี้วัด"))
    add_table(document, ["ตัวชี้วัด", "ประเด็นการประเมิน", "ข้อบกพร่องหรือจุดอ่อน",
                      "ประเด็นที่ควรพัฒนา", "ผู้รับผิดชอบ", "ผลการดำเนินการ"],
           _indicator_rows(source, digits))  # fmt: skip
    return document


def write_report(
    inputs: str | Path | Sequence[str | Path],
    output: str | Path,
    *,
    pdf: bool = False,
    force: bool = False,
    thai_numbers: bool = True,
) -> tuple[Path, Path | None, list[tuple[Path, Finding]]]:
    """Write the report of one return (or one organisation's division returns).

    Returns the .docx, the PDF (when asked) and the warnings found in the inputs.
    """
    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    source, warnings = gather(paths, force=force)
    document = build_document(source, thai_numbers=thai_numbers)
    target = Path(output)
    with atomic_output(target) as temp:
        document.save(str(temp))
    pdf_path = None
    if pdf:
        pdf_path = convert_to_pdf(target)
    return target, pdf_path, warnings


def convert_to_pdf(docx_path: Path) -> Path:
    """The PDF beside the .docx, through LibreOffice; ``ReportError`` when it is not installed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ReportError(
            "สร้าง PDF ไม่ได้เพราะไม่พบ LibreOffice ให้ติดตั้ง LibreOffice หรือเปิดไฟล์ .docx "
            "ใน Word แล้วบันทึกเป็น PDF",
            "cannot make the PDF: LibreOffice is not installed; install it, or open the .docx "
            "in Word and save as PDF",
        )
    target = docx_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work, "profile").as_uri()
        done = subprocess.run(
            [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", work, str(docx_path)],
            capture_output=True, timeout=300, check=False,
        )  # fmt: skip
        made = Path(work, docx_path.stem + ".pdf")
        if done.returncode != 0 or not made.exists():
            said = done.stderr[-300:].decode("utf-8", "replace")
            raise ReportError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ ({said})",
                              f"LibreOffice could not convert to PDF ({said})")  # fmt: skip
        with atomic_output(target) as temp:
            shutil.copyfile(made, temp)
    return target
