"""What goes out, declared once (ARCHITECTURE.md): each output table's columns with a stable
English key, the Thai label users see, the English label, a width for Thai text and a kind.

The summary's sheets, the register, the findings sheets (the summary's and the marked copy's),
their CSV overflow and the pandas DataFrames are all generated from these declarations; nothing
reads a row back by position. A DataFrame is keyed by the English keys; its Thai labels, for
display, are in ``frame.attrs["labels"]`` (and ``Table.labels``).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ita_xl import spec

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["text", "int", "number", "date"]


@dataclass(frozen=True)
class Column:
    """One column of an output table: its key, Thai and English labels and width."""

    key: str
    label: str
    label_en: str
    width: float = 16
    """In characters of 16 pt TH Sarabun New, as the template sizes columns."""
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    """One table of the summary (a sheet, a DataFrame, a CSV): its columns in order."""

    key: str
    sheet: str
    """The Thai sheet name."""
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        keys, labels = self.keys, self.labels
        if len(set(keys)) != len(keys) or len(set(labels)) != len(labels):
            raise ValueError(f"table {self.key} repeats a column key or label")

    @functools.cached_property  # asked for every row of a roll-up
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @functools.cached_property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.columns)

    def row(self, values: Mapping[str, object]) -> tuple[object, ...]:
        """A row in the table's column order, from values by key: a key the table does not
        have, or a column with no value, is an error rather than a shifted row."""
        if len(values) != len(self.columns):
            unknown = sorted(set(values) - set(self.keys))
            raise KeyError(f"table {self.key}: unknown columns {unknown}; expected {self.keys}")
        return self._in_order(values)  # a column with no value: KeyError

    @functools.cached_property
    def _in_order(self) -> Callable[[Mapping[str, object]], tuple[object, ...]]:
        """The values of a row in column order, taken in C (a season's history is tens of
        thousands of rows)."""
        if len(self.keys) == 1:
            return lambda values: (values[self.keys[0]],)
        return operator.itemgetter(*self.keys)

    @functools.cached_property
    def widths(self) -> tuple[float, ...]:
        return tuple(c.width for c in self.columns)

    def position(self, key: str) -> int:
        return self.keys.index(key)

    def frame(self, rows: Iterable[Sequence[object]]) -> pd.DataFrame:
        """The rows as a DataFrame keyed by the English keys, Thai labels in ``attrs``."""
        import pandas as pd

        frame: pd.DataFrame = pd.DataFrame(list(rows), columns=list(self.keys))
        frame.attrs["labels"] = dict(zip(self.keys, self.labels, strict=True))
        return frame


def _kind(fld: spec.Field) -> Kind:
    return "date" if fld.type is spec.FieldType.DATE else "text"


def _fields(table: spec.TableSheet) -> tuple[Column, ...]:
    return tuple(Column(f.key, f.label, f.label_en, f.width, _kind(f)) for f in table.fields)


PROVENANCE = (
    Column("file", "ไฟล์", "File", 30),
    Column("sheet", "ชีต", "Sheet", 9),
    Column("row", "แถว", "Row", 6, "int"),
)
"""SPEC §5: every consolidated row says where it came from."""
FISCAL_YEAR = Column("fiscal_year", "ปีงบประมาณ", "Fiscal year", 11, "int")
"""As wide as its label in bold: a dictionary takes ``ปีงบประมาณ`` as one word, which Calc and
Excel would otherwise cut as ``ปีงบประมา`` and ``ณ``."""
ABOUT = (
    Column("org_name", "หน่วยงาน", "Organisation", 28),
    Column("division", "ส่วนงาน", "Division", 16),
    Column("province", "จังหวัด", "Province", 12),
    FISCAL_YEAR,
    Column("return_round", "รอบของแบบรายงาน", "Round of the return", 12),
)
"""Which return a row belongs to. (The return's round is not the follow-up's own
``รอบการรายงาน``: a 12-month return reports 6- and 12-month follow-ups.)"""
INDICATOR_NUMBER = Column("indicator_number", "เลขตัวชี้วัด", "Indicator number", 8, "int")

MEASURES = Table("measures", "มาตรการ", (*PROVENANCE, *ABOUT, *_fields(spec.MEASURES),
                                          INDICATOR_NUMBER))  # fmt: skip
FOLLOWUPS = Table("followups", "ติดตามผล", (*PROVENANCE, *ABOUT, *_fields(spec.FOLLOWUPS),
                                              INDICATOR_NUMBER))  # fmt: skip

REGISTER = Table("register", "ทะเบียนการส่ง", (
    Column("org_name", "หน่วยงาน", "Organisation", 28),
    Column("division", "ส่วนงาน", "Division", 16),
    Column("province", "จังหวัด", "Province", 12),
    Column("org_type", "ประเภทหน่วยงาน", "Organisation type", 20),
    Column("status", "สถานะ", "Status", 13),
    Column("errors", "ข้อผิดพลาด", "Errors", 9, "int"),
    Column("warnings", "คำเตือน", "Warnings", 9, "int"),
    Column("contact", "ผู้ติดต่อ", "Contact", 20),
    Column("phone", "โทรศัพท์", "Telephone", 14),
    Column("email", "อีเมล", "E-mail", 22),
    Column("file", "ไฟล์", "File", 30),
    Column("prepared_on", "วันที่จัดทำรายงาน", "Date prepared", 14, "date"),
    Column("round", "รอบการรายงาน", "Round", 11),
    FISCAL_YEAR,
    Column("note", "หมายเหตุ", "Note", 40),
    Column("review", "ผลการพิจารณา", "Review", 14),
    Column("review_note", "หมายเหตุผู้พิจารณา", "Reviewer's note", 36),
))  # fmt: skip
"""One row per expected or received return; the contact columns come from the return's form
(``ผู้จัดทำรายงาน``, ``โทรศัพท์``, ``อีเมล``), else from the roster, to chase who did not send."""

HISTORY = Table("history", "ประวัติการส่ง", (
    Column("org_name", "หน่วยงาน", "Organisation", 28),
    Column("division", "ส่วนงาน", "Division", 16),
    FISCAL_YEAR,
    Column("round", "รอบการรายงาน", "Round", 11),
    Column("file", "ไฟล์", "File", 30),
    Column("received", "วันที่ได้รับ", "Received", 18),
    Column("sha256", "SHA-256", "SHA-256", 14),
    Column("status", "สถานะ", "Status", 13),
    Column("review", "ผลการพิจารณา", "Review", 14),
    Column("superseded_by", "ฉบับที่ใช้แทน", "Superseded by", 30),
))  # fmt: skip
"""Every version of every return the store has seen (SPEC §9), oldest first within a return;
the register shows only the version that counts."""

YEAR_OVER_YEAR = Table("year_over_year", "เทียบปีที่แล้ว", (
    Column("org_name", "หน่วยงาน", "Organisation", 28),
    Column("division", "ส่วนงาน", "Division", 16),
    Column("province", "จังหวัด", "Province", 12),
    Column("sent_last", "ส่งปีที่แล้ว", "Sent last year", 10),
    Column("sent_this", "ส่งปีนี้", "Sent this year", 10),
    Column("measures_last", "มาตรการปีที่แล้ว", "Measures last year", 11, "int"),
    Column("measures_this", "มาตรการปีนี้", "Measures this year", 11, "int"),
    Column("results_this", "ผลการดำเนินการปีนี้", "Results this year", 12, "int"),
    Column("without_result", "มาตรการปีที่แล้วที่ไม่มีผล (ITA-R313)",
           "Last year's measures without a result (ITA-R313)", 16, "int"),
    Column("not_declared", "ผลที่ไม่มีมาตรการปีที่แล้ว (ITA-R314)",
           "Results without last year's measure (ITA-R314)", 16, "int"),
    Column("file_last", "ไฟล์ปีที่แล้ว", "Last year's file", 30),
    Column("file_this", "ไฟล์ปีนี้", "This year's file", 30),
))  # fmt: skip
"""Per organisation, this year beside the last (SPEC §9); R313/R314 only where results cover the
previous year (FY2568 on)."""

FINDINGS = Table("findings", "ปัญหาที่พบ", (
    Column("file", "ไฟล์", "File", 30),
    Column("org_name", "หน่วยงาน", "Organisation", 28),
    Column("division", "ส่วนงาน", "Division", 16),
    Column("severity", "ระดับ", "Severity", 10),
    Column("code", "รหัส", "Code", 10),
    Column("sheet", "ชีต", "Sheet", 12),
    Column("cell", "เซลล์", "Cell", 7),
    Column("message_th", "ข้อความ", "Message (Thai)", 70),
    Column("value", "ค่าที่พบ", "Value found", 24),
    Column("message_en", "message (English)", "Message (English)", 50),
))  # fmt: skip

BY_INDICATOR = Table("by_indicator", "สรุปตามตัวชี้วัด", (
    Column("number", "ตัวชี้วัดที่", "Indicator", 9, "int"),
    Column("name", "ชื่อตัวชี้วัด", "Indicator name", 24),
    Column("tool", "เครื่องมือ", "Tool", 10),
    Column("issues", "ประเด็นการประเมิน", "Assessment issues", 48),
    Column("weak_returns", "หน่วยงานที่ระบุข้อบกพร่อง/ประเด็นที่ควรพัฒนา",
           "Returns naming weaknesses", 16, "int"),
    Column("average_score", "คะแนนเฉลี่ยปีที่ผ่านมา", "Average last-year score", 14, "number"),
    Column("scores_averaged", "จำนวนคะแนนที่นำมาเฉลี่ย", "Scores averaged", 12, "int"),
    Column("scores_left_out", "คะแนนที่ไม่นำมาเฉลี่ย (ไม่ใช่ ๐–๑๐๐)",
           "Scores left out (not 0–100)", 14, "int"),
    Column("below_pass_mark", "ต่ำกว่าเกณฑ์ผ่าน", "Below the pass mark", 12, "int"),
    Column("measures", "จำนวนมาตรการ", "Measures", 12, "int"),
    Column("followups", "ติดตามผลทั้งหมด", "Follow-ups", 12, "int"),
    Column("done", "ดำเนินการแล้วเสร็จ", "Completed", 14, "int"),
))  # fmt: skip

MARKED_FINDINGS = Table("marked_findings", spec.FINDINGS_SHEET, (
    Column("number", "ลำดับ", "No.", 7, "int"),
    Column("severity", "ระดับ", "Severity", 11),
    Column("code", "รหัส", "Code", 11),
    Column("sheet", "ชีต", "Sheet", 16),
    Column("cell", "เซลล์", "Cell", 8),
    Column("message_th", "ข้อความ", "Message (Thai)", 90),
    Column("value", "ค่าที่พบ", "Value found", 30),
    Column("message_en", "message (English)", "Message (English)", 60),
    Column("fill", "_fill", "Original fill", 4),
))  # fmt: skip
"""The ``ผลการตรวจสอบ`` sheet of a marked copy (``--annotate``, the button); ``_fill`` (hidden)
keeps each marked cell's own fill, so the next check restores it."""

OVERVIEW_SHEET = "สรุปภาพรวม"
"""The summary's first sheet: its figures and the charts' data, laid out cell by cell."""

WRITTEN_KEY = "written:"
"""The summary's ``_meta`` key of a sheet's rows and columns as ita-xl wrote them
(``written:มาตรการ`` → ``20501,18``): a later roll-up tells from it what the team typed beyond
them (``reviews.typed_beyond``)."""

TABLES = (MEASURES, FOLLOWUPS, REGISTER, HISTORY, YEAR_OVER_YEAR, FINDINGS, BY_INDICATOR,
          MARKED_FINDINGS)  # fmt: skip
