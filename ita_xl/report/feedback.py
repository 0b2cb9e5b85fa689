"""What the central team sends back (SPEC §9, ``ita-xl feedback``): for each return sent back
(``ส่งกลับแก้ไข``) or with errors, its marked copy and a Thai letter (.docx, and the same as plain
text for e-mail or LINE) listing what to fix by sheet and cell, with the reviewer's note; and the
list of returns not received, with whom to chase.

The register of the summary the team edited decides who gets what. A file in the folder that
this command did not make is never replaced: what it made is listed, with each file's SHA-256,
in ``MANIFEST`` beside them, and only a file still as it was made is written again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ita_xl import layout, outputs, spec, thai
from ita_xl._errors import OptionError
from ita_xl._io import atomic_output, display_path
from ita_xl.checking.annotate import AnnotateRefused, annotate
from ita_xl.checking.findings import SEVERITY_TH, Finding, Severity, where_th
from ita_xl.checking.validation import validate
from ita_xl.codes import Code
from ita_xl.consolidation.decisions import FAILED, MISSING, REVIEW_EN, SENT_BACK, SUPERSEDED
from ita_xl.consolidation.reviews import (
    not_on_list,
    register_rows,
    review_word,
    roll_up_findings,
    summary_meta,
)
from ita_xl.report.word import (
    PORTRAIT_TEXT_CM,
    add_paragraph,
    add_table,
    page_numbers,
    section_setup,
    styles,
)

MANIFEST = ".ita-xl-feedback.json"
MISSING_NAME = "ยังไม่ได้ส่ง"
LETTER_NAME = "หนังสือแจ้งผลการตรวจ"
MARKED_SUFFIX = "_ตรวจแล้ว"
SHEET_ORDER = ("ข้อมูลหน่วยงาน", "ตัวชี้วัด", "มาตรการ", "ติดตามผล")
CONTACT_COLUMNS = (("org_name", "หน่วยงาน"), ("division", "ส่วนงาน"), ("province", "จังหวัด"),
                   ("contact", "ผู้ติดต่อ"), ("phone", "โทรศัพท์"), ("email", "อีเมล"),
                   ("review_note", "หมายเหตุผู้พิจารณา"))  # fmt: skip
"""Whom to chase: the roster's contacts, and what the team noted when it last chased."""


@dataclass
class Feedback:
    """What ``write_feedback`` did: the files it wrote, and what it could not do, in Thai and
    English."""

    written: list[Path] = field(default_factory=list)
    letters: int = 0
    missing: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)


def _already_replaced(file: str) -> tuple[str, str]:
    return (f"ไม่ได้ทำหนังสือส่งกลับ {file} เพราะหน่วยงานส่งฉบับใหม่แทนแล้ว (ฉบับเก่า) "
            "ให้พิจารณาฉบับใหม่ในทะเบียนการส่ง",
            f"no letter sends back {file}: its agency has sent a newer return since (superseded); "
            "review the newer one in the register")  # fmt: skip


def _review_not_on_list(file: str, typed: str) -> tuple[str, str]:
    words = " / ".join(REVIEW_EN)
    return (f"ผลการพิจารณาของ {file} '{typed}' ไม่ใช่คำในรายการ ({words}) จึงถือเป็น 'รอพิจารณา' "
            "และไม่ได้ทำหนังสือส่งกลับ (เว้นแต่มีข้อผิดพลาด) ให้เลือกจากรายการในทะเบียนการส่งแล้วสั่งอีกครั้ง",
            f"the review of {file}, '{typed}', is none of the list's words ({words}), so it is "
            "taken as pending and no letter sends it back (unless it has errors); choose from the "
            "list in the register and run again")  # fmt: skip


class _Manifest:
    """The files this command made in the folder, by SHA-256: a file is replaced only when it
    is one of them and still as it was made."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        try:
            self.made: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.made = {}

    def may_write(self, target: Path) -> bool:
        if not target.exists():
            return True
        key = target.relative_to(self.path.parent).as_posix()
        return self.made.get(key) == _sha256(target)

    def write(self, target: Path, make: Callable[[Path], object], done: Feedback) -> bool:
        """``make`` the file at a temporary path and rename it over ``target``, when ``target``
        may be written; a file this command did not make is left as it is and reported."""
        if not self.may_write(target):
            done.problems.append((
                f"มีไฟล์ {display_path(target)} อยู่แล้วและไม่ได้สร้างโดย ita-xl feedback จึงไม่เขียนทับ",
                f"{display_path(target)} exists and was not made by ita-xl feedback: not "
                "overwritten",
            ))  # fmt: skip
            return False
        with atomic_output(target) as temp:
            make(temp)
        self.made[target.relative_to(self.path.parent).as_posix()] = _sha256(target)
        done.written.append(target)
        return True

    def save(self) -> None:
        with atomic_output(self.path) as temp:
            temp.write_text(json.dumps(self.made, ensure_ascii=False, indent=1), encoding="utf-8")


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _safe_name(text: str) -> str:
    """A folder name from an organisation's name: no characters Windows refuses."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).strip(" .") or "ไม่ระบุหน่วยงาน"


def _working_folder(summary: Path) -> Path | None:
    """Where the roll-up ran (``_meta``): the register names files from there."""
    folder = summary_meta(summary).get("working_folder")
    return Path(folder) if folder else None


def _source_of(file: str, summary: Path, working: Path | None) -> Path | None:
    """The return a register row names: from where the roll-up ran, from here, or beside the
    summary."""
    candidates = [Path(file), summary.parent / file, summary.parent / Path(file).name]
    if working is not None:
        candidates.insert(0, working / file)
    return next((c for c in candidates if c.is_file()), None)


def _order(f: Finding) -> tuple[int, int, str, int]:
    sheet = SHEET_ORDER.index(f.sheet) if f.sheet in SHEET_ORDER else len(SHEET_ORDER)
    return (f.severity is not Severity.ERROR, sheet, f.sheet or "", f.row or 0)


def _to_fix(findings: Sequence[Finding]) -> list[Finding]:
    return sorted((f for f in findings if f.severity is not Severity.INFO), key=_order)


_SEVERITY_OF_TH = {label: severity for severity, label in SEVERITY_TH.items()}
FOR_THE_SENDER = frozenset({Code.F404})
"""The roll-up's findings a letter passes on: a return of another fiscal year is the sender's
to put right; a name not on the roster (``ITA-F403``) is the team's, and a superseded or missing
return gets no letter."""


def _as_finding(row: dict[str, object]) -> Finding:
    """A finding of the roll-up's, as the summary's ``ปัญหาที่พบ`` holds it."""

    def text(key: str) -> str | None:
        value = row.get(key)
        return None if value in (None, "") else str(value)

    return Finding(str(row["code"]), _SEVERITY_OF_TH.get(str(row.get("severity")), Severity.ERROR),
                   text("sheet"), text("cell"), None, None, text("message_th") or "",
                   text("message_en") or "", text("value"))  # fmt: skip


def _without_place(f: Finding) -> str:
    """A finding's message without the sheet and cell it names, for the letter's table, whose
    own columns give them: a row of a long list then takes one or two lines, not three.
    ``'ผู้รับผิดชอบ' ที่ ชีต 'มาตรการ' เซลล์ F8 …`` → ``'ผู้รับผิดชอบ' …``; ``ข้อความที่ ชีต …
    เซลล์ D6 อ้างถึง …`` → ``ข้อความนี้ อ้างถึง …``; ``มาตรการ M05 (ชีต … เซลล์ B9)`` →
    ``มาตรการ M05``."""
    place = where_th(f.sheet, f.cell)
    for named, shorter in ((f" ที่ {place}", ""), (f"ที่ {place}", "นี้"), (f" ({place})", "")):
        if f.cell and named in f.message_th:
            return f.message_th.replace(named, shorter, 1)
    return f.message_th


@dataclass(frozen=True)
class _Letter:
    org: str
    division: str
    fiscal_year: object
    file: str
    review: str
    note: str
    findings: list[Finding]
    marked: str | None
    today: date

    def lines(self) -> Iterator[str]:
        """The letter as plain text (for e-mail or LINE)."""
        yield from self.heading()
        yield ""
        yield self.opening()
        if self.note:
            yield ""
            yield f"หมายเหตุผู้พิจารณา: {self.note}"
        # numbered as the .docx's table is (errors first), under a heading for each level
        heading = None
        for number, f in enumerate(self.findings, start=1):
            level = "รายการที่ต้องแก้ไข" if f.severity is Severity.ERROR else "ข้อสังเกต"
            if level != heading:
                heading = level
                yield ""
                yield level
            where = " ".join(x for x in (f"ชีต {f.sheet}" if f.sheet else "",
                                         f"เซลล์ {f.cell}" if f.cell else "") if x)  # fmt: skip
            yield thai.to_thai_digits(f"{number}. ") + f"{where or 'ทั้งไฟล์'}: {_without_place(f)}"
        yield ""
        yield self.closing()

    def heading(self) -> list[str]:
        year = thai.to_thai_digits(str(self.fiscal_year)) if self.fiscal_year else ""
        to = f"{self.org} ({self.division})" if self.division else self.org
        return [f"เรื่อง  แจ้งผลการตรวจแบบรายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
                f"{' ประจำปีงบประมาณ พ.ศ. ' + year if year else ''}",
                f"เรียน  {to}"]  # fmt: skip

    def opening(self) -> str:
        sent = f"ตามที่{self.org}ได้ส่งแบบรายงาน (ไฟล์ {self.file}) คณะทำงานได้ตรวจสอบแล้ว "
        if not self.findings:  # sent back for what the reviewer saw, not for what the checks found
            why = ("ตามหมายเหตุผู้พิจารณาข้างท้าย" if self.note
                   else " โปรดติดต่อคณะทำงานเพื่อสอบถามรายการที่ต้องแก้ไข")  # fmt: skip
            return f"{sent}จึงขอส่งกลับให้แก้ไข{why} ขอให้แก้ไขในไฟล์เดิมแล้วส่งกลับมาอีกครั้ง"
        errors = sum(f.severity is Severity.ERROR for f in self.findings)
        warnings = len(self.findings) - errors
        remarks = f" และข้อสังเกต {warnings} รายการ" if warnings else ""
        counts = thai.to_thai_digits(f"รายการที่ต้องแก้ไข {errors} รายการ{remarks}")
        sent_back = "จึงขอส่งกลับให้แก้ไข " if self.review == SENT_BACK else ""
        marked = (f" ไฟล์ {self.marked} ที่แนบมาได้ทำเครื่องหมายเซลล์ที่ต้องแก้ไขไว้แล้ว"
                  if self.marked and any(f.cell for f in self.findings) else "")  # fmt: skip
        return (f"{sent}{sent_back}พบ{counts} ตามรายการข้างท้าย{marked} "
                "ขอให้แก้ไขในไฟล์เดิมแล้วส่งกลับมาอีกครั้ง")  # fmt: skip

    def closing(self) -> str:
        return f"จึงเรียนมาเพื่อโปรดดำเนินการ\nคณะทำงาน ITA\n{thai.format_date(self.today)}"

    def document(self) -> Any:
        import docx

        document = docx.Document()
        styles(document)
        section = document.sections[0]
        section_setup(section, landscape=False)
        page_numbers(section)
        document.core_properties.title = " ".join(self.heading())
        document.core_properties.comments = "ita-xl feedback"
        add_paragraph(document, "บันทึกแจ้งผลการตรวจแบบรายงาน", size=20, bold=True,
                      align="center", space_after=12)  # fmt: skip
        for line in self.heading():
            add_paragraph(document, line, space_after=6)
        add_paragraph(document, self.opening(), align="justify", indent_first=True,
                      space_after=6)  # fmt: skip
        if self.note:
            add_paragraph(document, f"หมายเหตุผู้พิจารณา: {self.note}", bold=True, space_after=6)
        rows = [[thai.to_thai_digits(str(number)), f.sheet or "ทั้งไฟล์", f.cell or "",
                 _without_place(f), "ต้องแก้ไข" if f.severity is Severity.ERROR else "ข้อสังเกต"]
                for number, f in enumerate(self.findings, start=1)]  # fmt: skip
        if rows:
            add_table(document, ["ที่", "ชีต", "เซลล์", "รายการที่ต้องแก้ไข", "ระดับ"], rows,
                      PORTRAIT_TEXT_CM)  # fmt: skip
        add_paragraph(document, "")
        for line in self.closing().split("\n"):
            add_paragraph(document, line, align="right")
        return document


def write_feedback(summary: Path, folder: Path, today: date | None = None) -> Feedback:
    """The feedback for every row of ``summary``'s register that needs it, into ``folder``."""
    rows = register_rows(summary)
    if rows is None:  # never "nothing to send back" when the register could not be read
        shown = display_path(summary)
        raise OptionError(
            f"ไม่พบทะเบียนการส่งใน {shown} (ชื่อชีตหรือหัวตารางถูกเปลี่ยน) จึงไม่รู้ว่าต้องส่งกลับฉบับใด "
            f"ให้ใช้ชีต {outputs.REGISTER.sheet} ตามที่ ita-xl rollup เขียนไว้",
            f"no register was found in {shown} (a sheet or its header renamed), so what to send "
            f"back is unknown; keep the sheet {outputs.REGISTER.sheet} as ita-xl rollup wrote it",
        )
    done = Feedback()
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _Manifest(folder)
    working = _working_folder(summary)
    roll_up = roll_up_findings(summary)
    for row in rows:
        review = review_word(row.get("review"))
        if row.get("file") and (typed := not_on_list(row.get("review"))) is not None:
            done.problems.append(_review_not_on_list(str(row["file"]), typed))
        if not row.get("file") or (review != SENT_BACK and row.get("status") != FAILED):
            continue
        if row.get("status") == SUPERSEDED:  # its agency has sent a newer one since
            if review == SENT_BACK:
                done.problems.append(_already_replaced(str(row["file"])))
            continue
        source = _source_of(str(row["file"]), summary, working)
        # what the roll-up found about the file (another fiscal year, say) is in its letter too
        about = [_as_finding(f) for f in roll_up.get(str(row["file"]), [])
                 if f["code"] in FOR_THE_SENDER]  # fmt: skip
        _feedback_for(row, source, review, about, folder, manifest, done,
                      today or date.today())  # fmt: skip
    missing = [row for row in rows if row.get("status") == MISSING]
    done.missing = len(missing)
    _write_missing(missing, folder, manifest, done, today or date.today())
    manifest.save()
    return done


def _feedback_for(row: dict[str, object], source: Path | None, review: str,
                  roll_up: list[Finding], folder: Path, manifest: _Manifest, done: Feedback,
                  today: date) -> None:  # fmt: skip
    file = str(row["file"])
    if source is None:
        done.problems.append(
            (
                f"ไม่พบไฟล์ {file} ที่ทะเบียนการส่งระบุ จึงไม่ได้ทำหนังสือ",
                f"{file}, named in the register, was not found: no letter",
            )
        )
        return
    org, division = str(row.get("org_name") or ""), str(row.get("division") or "")
    place = folder / _safe_name(f"{org} {division}".strip())
    place.mkdir(exist_ok=True)
    report = validate(source)
    marked = place / f"{source.stem}{MARKED_SUFFIX}{source.suffix}"
    try:
        made = manifest.write(marked, lambda temp: annotate(source, temp, report.findings), done)
    except AnnotateRefused as refused:
        done.problems.append((f"{file}: {refused.message_th}", f"{file}: {refused.message_en}"))
        made = False
    letter = _Letter(org, division, row.get("fiscal_year"), Path(file).name, review,
                     str(row.get("review_note") or ""), _to_fix([*roll_up, *report.findings]),
                     marked.name if made else None, today)  # fmt: skip
    manifest.write(place / f"{LETTER_NAME}.docx",
                   lambda temp: letter.document().save(str(temp)), done)  # fmt: skip
    manifest.write(place / f"{LETTER_NAME}.txt", lambda temp: temp.write_text(
        "\n".join(letter.lines()) + "\n", encoding="utf-8"), done)  # fmt: skip
    done.letters += 1


def _missing_title(rows: list[dict[str, object]], today: date) -> str:
    """The chase list's heading, as a printed list is dated: ``… ปีงบประมาณ พ.ศ. ๒๕๖๖ (ณ วันที่ …)``."""
    years = sorted({str(row["fiscal_year"]) for row in rows if row.get("fiscal_year")})
    year = f" ปีงบประมาณ พ.ศ. {thai.to_thai_digits(', '.join(years))}" if years else ""
    return f"หน่วยงานที่ยังไม่ได้ส่งแบบรายงาน{year} (ณ วันที่ {thai.format_date(today)})"


def _write_missing(rows: list[dict[str, object]], folder: Path, manifest: _Manifest,
                   done: Feedback, today: date) -> None:  # fmt: skip
    """``ยังไม่ได้ส่ง.xlsx`` (under a dated heading, to print) and ``.csv`` (a plain table):
    whom to chase, with the roster's contacts."""
    table = [[str(row.get(key) or "") for key, _ in CONTACT_COLUMNS] for row in rows]
    labels = [label for _, label in CONTACT_COLUMNS]

    def csv_file(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerows([labels, *table])

    def workbook(temp: Path) -> None:
        import xlsxwriter

        book = xlsxwriter.Workbook(str(temp), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_format_properties": {"font_name": spec.FONT_NAME,
                                          "font_size": spec.FONT_SIZE}})  # fmt: skip
        header = book.add_format({"bold": True, "bg_color": "#D9E2F3", "border": 1,
                                  "text_wrap": True, "valign": "top"})  # fmt: skip
        cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        title = book.add_format({"bold": True, "font_size": spec.FONT_SIZE + 2})
        widths = (34, 18, 12, 24, 14, 28, 36)
        sheet = book.add_worksheet(MISSING_NAME)
        sheet.write_string(0, 0, _missing_title(rows, today), title)
        sheet.set_row(0, layout.height_for_lines(1) + 4)  # a line of 18 pt
        # every row as tall as its text needs: no writer or reader fits them on opening
        for r, values in enumerate([labels, *table], start=1):
            sheet.set_row(r, layout.row_height(zip(values, widths, strict=True)))
            for column, value in enumerate(values):
                sheet.write_string(r, column, value, header if r == 1 else cell)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(2, 0)
        sheet.repeat_rows(1)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        book.close()

    manifest.write(folder / f"{MISSING_NAME}.xlsx", workbook, done)
    manifest.write(folder / f"{MISSING_NAME}.csv", csv_file, done)


__all__ = ["MANIFEST", "Feedback", "write_feedback"]
