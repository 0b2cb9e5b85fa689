"""A re-run takes the register's and the history's unchanged rows from the summary it replaces
(``consolidation.kept_rows``): the summary is the same, byte for byte, as the one rendering
every row gives, and rows are taken only from the very file the store's last run wrote, by the
same ita-xl."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
import pytest

from ita_xl import outputs
from ita_xl.cli import main
from ita_xl.consolidation import rollup as rollup_module
from ita_xl.consolidation.kept_rows import (
    KeptRows,
    KeptSheet,
    kept_rows,
    matched,
    rendered_rows,
    renderer_key,
    with_kept,
)
from ita_xl.consolidation.rollup import Consolidation
from ita_xl.consolidation.summary import write_summary
from ita_xl.ooxml import package, sheetxml
from ita_xl.workbook.template import Filling

from .conftest import ROOT
from .support.clients import libreoffice_convert
from .support.tables import clean_filling, write_return

REGISTER, HISTORY = outputs.REGISTER.sheet, outputs.HISTORY.sheet
SENT = ["koh_ro_2566_12m.xlsx", "nonsaard_2566_6m_mistakes.xlsx",
        "klongmai_2566_12m_libreoffice.xlsx"]  # fmt: skip
WIDTHS = (28.0, 16.0, 11.0, 9.0, 14.0)
Row = tuple[object, ...]
ROWS: list[Row] = [  # organisation, division, fiscal year, errors, prepared on
    ("องค์การบริหารส่วนตำบลเกาะเกาะ", None, 2566, 0, date(2023, 9, 29)),
    ("เทศบาลตำบลโนนสะอาด", "กองคลัง", 2566, 3, date(2023, 4, 1)),
    ("องค์การบริหารส่วนตำบลคลองใหม่ที่มีชื่อยาวมากจนต้องขึ้นบรรทัดใหม่ในช่อง", None, 2566, 1,
     date(2023, 9, 30)),
]  # fmt: skip


def _resolved(rows: Sequence[Row]) -> bytes:
    rendered = sheetxml.render_rows(rows, WIDTHS, sheetxml.Seen())
    return sheetxml.resolve_styles(rendered, *sheetxml.SPLICED_STYLES)


def _as_held(rows: Sequence[Row]) -> list[bytes]:
    """Each row as a summary holds it, as ``rendered_rows`` reads it back (no end tag)."""
    return [_resolved([row]).removesuffix(b"</row>") for row in rows]


def _joined(rows: Sequence[Row], kept: KeptSheet | None, batch: int = 2000) -> bytes:
    chunks = with_kept(rows, kept, WIDTHS, sheetxml.Seen(), sheetxml.SPLICED_STYLES, batch)
    return b"".join(chunks)


def test_rows_kept_are_the_rows_rendering_gives_wherever_they_now_stand() -> None:
    new = ("เทศบาลตำบลหนองบัวทอง", "สำนักปลัด", 2566, 0, date(2023, 9, 1))
    rows: list[Row] = [ROWS[2], new, ROWS[0], ROWS[1]]  # sorted otherwise, one row new
    kept = matched(rows, ROWS, _as_held(ROWS))
    assert [piece is not None for piece in kept.xml] == [True, False, True, True]
    assert _joined(rows, kept) == _resolved(rows)
    # chunks of as many rows as rendering makes them (the summary compresses chunk by chunk)
    chunks = list(with_kept(rows, kept, WIDTHS, sheetxml.Seen(), sheetxml.SPLICED_STYLES, 3))
    assert chunks == [_resolved(rows[:3]), _resolved(rows[3:])]


def test_a_value_of_another_type_makes_another_row() -> None:
    # 1 == 1.0 == True in Python, but a cell shows 1, 1.0 and TRUE
    retyped: list[Row] = [(*ROWS[2][:3], True, ROWS[2][4]), (*ROWS[2][:3], 1.0, ROWS[2][4])]
    assert retyped[0] == retyped[1] == ROWS[2]
    kept = matched(retyped, ROWS, _as_held(ROWS))
    assert kept.xml == [None, None]
    joined = _joined(retyped, kept)
    assert joined == _resolved(retyped)
    assert b"TRUE" in joined and b"<v>1.0</v>" in joined


def test_a_moment_keeps_its_time_of_day() -> None:
    # the history's วันที่ได้รับ is a date and time: a minute later is another row
    before: list[Row] = [("ก", None, 2566, 0, datetime(2023, 9, 29, 8, 30))]
    moved: list[Row] = [("ก", None, 2566, 0, datetime(2023, 9, 29, 8, 31))]
    assert matched(moved, before, _as_held(before)).xml == [None]


def test_kept_pieces_go_only_to_the_rows_they_were_matched_to() -> None:
    kept = matched(ROWS, ROWS, [b"<row>kept</row"] * 3)
    assert _joined(list(ROWS), kept) == _resolved(ROWS)  # another list: rendered
    styles = (5, 6, 7, 8)  # other format numbers than the kept rows hold: rendered
    chunks = with_kept(ROWS, kept, WIDTHS, sheetxml.Seen(), styles)
    rendered = sheetxml.render_rows(ROWS, WIDTHS, sheetxml.Seen())
    assert b"".join(chunks) == sheetxml.resolve_styles(rendered, *styles)


def test_only_rows_rendered_without_an_address_are_read_back() -> None:
    sheet = (b'<worksheet><sheetData><row r="1" spans="1:5" ht="30"><c r="A1" t="s"><v>0</v>'
             b"</c></row>" + _resolved(ROWS) + b"</sheetData><pageMargins/></worksheet>")  # fmt: skip
    assert rendered_rows(sheet) == _as_held(ROWS)
    assert rendered_rows(b"<worksheet><sheetData/></worksheet>") == []
    headless = b"<worksheet><sheetData>" + _resolved(ROWS) + b"</sheetData></worksheet>"
    assert rendered_rows(headless) == []  # not a sheet the summary wrote: none read


# --- a season, through the command line ---------------------------------------------------------


class Run(NamedTuple):
    result: Consolidation
    kept: KeptRows
    """What the roll-up kept for the summary (the summary drops it once written)."""


@pytest.fixture
def season(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, list[Run]]:
    """Returns as they arrived, where the summary goes, and each roll-up's result."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in SENT:
        shutil.copy(ROOT / "examples" / "returns" / name, inbox / name)
    runs: list[Run] = []
    real = rollup_module.rollup

    def noted(*args: Any, **kwargs: Any) -> Consolidation:
        result = real(*args, **kwargs)
        runs.append(Run(result, dict(result.kept_rows)))
        return result

    monkeypatch.setattr(rollup_module, "rollup", noted)
    return inbox, tmp_path / "out" / "summary.xlsx", runs


def _roll_up(inbox: Path, summary: Path) -> None:
    assert main(["rollup", str(inbox), "-o", str(summary), "--no-progress", "--jobs", "1"]) == 0


def _as_rendered_afresh(result: Consolidation, summary: Path) -> bytes:
    """The summary the same result gives with every row rendered."""
    assert result.kept_rows == {}  # dropped once the summary was written
    return write_summary(result, summary.with_name("afresh.xlsx")).read_bytes()


def test_a_rerun_takes_unchanged_rows_and_writes_the_same_summary(
    season: tuple[Path, Path, list[Run]],
) -> None:
    inbox, summary, runs = season
    write_return(inbox / "bansuan.xlsx")
    _roll_up(inbox, summary)
    assert runs[-1].kept == {}  # a first run: nothing to take
    corrected = clean_filling()  # the same organisation sends its return again, corrected
    corrected.measures[1]["responsible"] = "กองคลัง"
    write_return(inbox / "bansuan.xlsx", corrected)
    write_return(inbox / "late.xlsx", _another_organisation())
    _roll_up(inbox, summary)
    again, kept = runs[-1]
    assert set(kept) == {REGISTER, HISTORY}
    assert kept[REGISTER].rows is again.register_rows and kept[HISTORY].rows is again.history
    # the history's three untouched versions are taken; the superseded one and the two new
    # versions are rendered
    taken = [piece is not None for piece in kept[HISTORY].xml]
    assert len(taken) == 6 and sum(taken) == 3
    assert 3 <= sum(piece is not None for piece in kept[REGISTER].xml) < 5
    assert summary.read_bytes() == _as_rendered_afresh(again, summary)
    # what a reader finds: every organisation in the register, every version in the history
    book = openpyxl.load_workbook(summary, read_only=True)
    files = [str(row[10]) for row in book[REGISTER].iter_rows(min_row=3, values_only=True)]
    assert len(files) == 5 and any(f.endswith("late.xlsx") for f in files)
    versions = list(book[HISTORY].iter_rows(min_row=2, values_only=True))
    assert sum(str(v[4]).endswith("bansuan.xlsx") for v in versions) == 2


def _another_organisation() -> Filling:
    filling = clean_filling()
    filling.info["org_name"] = "องค์การบริหารส่วนตำบลบ้านไร่"
    return filling


def test_rows_are_taken_only_from_the_file_the_store_wrote_by_this_ita_xl(
    season: tuple[Path, Path, list[Run]],
) -> None:
    inbox, summary, runs = season
    _roll_up(inbox, summary)
    # the team types a review in Excel: the file is not the one written
    book = openpyxl.load_workbook(summary)
    sheet = book[REGISTER]
    review = next(c.column for c in sheet[2] if c.value == "ผลการพิจารณา")
    sheet.cell(3, review, "รับแล้ว")
    book.save(summary)
    _roll_up(inbox, summary)
    assert runs[-1].kept == {}
    assert summary.read_bytes() == _as_rendered_afresh(runs[-1].result, summary)
    # the store's last run wrote it, but another ita-xl (or XlsxWriter) rendered its rows
    _roll_up(inbox, summary)
    assert runs[-1].kept  # as written, by this one
    with sqlite3.connect(summary.with_suffix(".ita.sqlite")) as store:
        store.execute("UPDATE summaries SET rendered_by = 'ita-xl 0.0.9 xlsxwriter 3.0.0'")
    _roll_up(inbox, summary)
    assert runs[-1].kept == {}
    assert summary.read_bytes() == _as_rendered_afresh(runs[-1].result, summary)


@pytest.mark.real_client
def test_a_summary_saved_again_by_calc_gives_no_rows(
    season: tuple[Path, Path, list[Run]], tmp_path: Path
) -> None:
    """Calc writes the same values in its own XML (addressed rows, shared strings): the file is
    not the one the store wrote, so nothing is taken from it, and a later run takes rows from
    the summary that run wrote."""
    inbox, summary, runs = season
    _roll_up(inbox, summary)
    (saved,) = libreoffice_convert([summary], "xlsx", tmp_path / "calc")
    shutil.copy(saved, summary)
    with zipfile.ZipFile(summary) as book:  # Calc's own rows: none read back as rendered here
        assert rendered_rows(book.read(package.part_of_sheet(book, HISTORY) or "")) == []
    _roll_up(inbox, summary)
    assert runs[-1].kept == {}
    assert summary.read_bytes() == _as_rendered_afresh(runs[-1].result, summary)
    _roll_up(inbox, summary)
    assert [sum(x is not None for x in runs[-1].kept[s].xml) for s in (REGISTER, HISTORY)] == [3, 3]


def test_a_sheet_whose_rows_are_not_those_kept_is_rendered(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_return(inbox / "one.xlsx")
    summary = tmp_path / "summary.xlsx"
    _roll_up(inbox, summary)
    with zipfile.ZipFile(summary) as book:
        rows = len(rendered_rows(book.read(package.part_of_sheet(book, REGISTER) or "")))
    assert rows == 1
    register: list[Row] = [(f"row {i}",) for i in range(rows)]
    content, now = summary.read_bytes(), {REGISTER: register}

    def written(rows: list[Row]) -> Callable[[], dict[str, list[Row]]]:
        return lambda: {REGISTER: rows}

    assert set(kept_rows(content, written(register), renderer_key(), now)) == {REGISTER}
    assert kept_rows(content, written(register * 2), renderer_key(), now) == {}  # too many
    assert kept_rows(content, written(register), "another ita-xl", now) == {}
    assert kept_rows(b"not a zip", written(register), renderer_key(), now) == {}
