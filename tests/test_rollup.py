"""``ita-xl rollup``: a folder of returns and a roster in, the consolidated summary out."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from ita_xl.cli import main
from ita_xl.consolidation.rollup import rollup

from .conftest import ROOT
from .support.tables import clean_filling, write_return

ROSTER = """\ufefforg_name,province,unit,org_type
องค์การบริหารส่วนตำบลบ้านสวน,ชลบุรี,,องค์การบริหารส่วนตำบล
เทศบาลตำบลหนองบัวทอง,เชียงใหม่,กองคลัง,เทศบาลตำบล
เทศบาลตำบลหนองบัวทอง,เชียงใหม่,กองช่าง,เทศบาลตำบล
อบต.ท่าข้าม,ชลบุรี,,องค์การบริหารส่วนตำบล
องค์การบริหารส่วนตำบลบางพระ,ชลบุรี,,องค์การบริหารส่วนตำบล
"""

# file | organisation | division | province | year | prepared | change
FOLDER = [
    ("a/bansuan_first.xlsx", "องค์การบริหารส่วนตำบลบ้านสวน", "", "ชลบุรี", "๒๕๖๖", "๑๕ ก.ย. ๒๕๖๖", None),
    ("a/bansuan_again.xlsx", "อบต. บ้านสวน", "", "ชลบุรี", "2566", "๒๙ ก.ย. ๒๕๖๖", "formula text"),
    ("b/nbt_klang.xlsx", "ทต.หนองบัวทอง", "กองคลัง", "เชียงใหม่", "2566", "๒๗ ก.ย. ๒๕๖๖", None),
    ("b/nbt_chang.xlsx", "เทศบาลตำบลหนองบัวทอง", "กองช่าง", "เชียงใหม่", "2566", "๒๘ ก.ย. ๒๕๖๖", "error"),
    ("c/thakham_2565.xlsx", "องค์การบริหารส่วนตำบลท่าข้าม", "", "ชลบุรี", "2565", "๒๙ ก.ย. ๒๕๖๕", None),
    ("c/offroster.xlsx", "องค์การบริหารส่วนตำบลหนองปลาไหล", "", "ชลบุรี", "2566", "๑ ต.ค. ๒๕๖๖", None),
]  # fmt: skip


def _make(root: Path) -> tuple[Path, Path]:
    folder = root / "returns"
    for name, org, division, province, year, prepared, change in FOLDER:
        filling = clean_filling()
        filling.info.update(org_name=org, division=division, province=province, fiscal_year=year,
                            prepared_on=prepared)  # fmt: skip
        if year == "2565":  # its dates belong to its own year
            for m in filling.measures:
                m.update(start="๑ ต.ค. ๒๕๖๔", end="๓๐ ก.ย. ๒๕๖๕")
            for f in filling.followups:
                f["period"] = "ต.ค. ๖๔ - ก.ย. ๖๕"
        if change == "formula text":
            filling.measures[0]["steps"] = '=HYPERLINK("http://evil.example","คลิก")'
        if change == "error":
            filling.followups[2]["output"] = ""
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_return(path, filling)
    (folder / "b" / "~$nbt_klang.xlsx").write_bytes(b"lock")
    (folder / "c" / "notes.txt").write_text("บันทึก", encoding="utf-8")
    (folder / "c" / "broken.xlsx").write_text("not a workbook", encoding="utf-8")
    roster = root / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return folder, roster


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], Path]:
    root = tmp_path_factory.mktemp("rollup")
    folder, roster = _make(root)
    output = root / "summary.xlsx"
    code = main(["rollup", str(folder), "--roster", str(roster), "-o", str(output),
                 "--format", "json", "--jobs", "2"])  # fmt: skip
    assert code == 0
    return folder, {}, output


def _json(folder: Path, roster: Path, output: Path, capsys: pytest.CaptureFixture[str],
          *extra: str) -> dict[str, object]:  # fmt: skip
    assert main(["rollup", str(folder), "--roster", str(roster), "-o", str(output),
                 "--format", "json", *extra]) == 0  # fmt: skip
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def test_figures_statuses_and_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, roster = _make(tmp_path)
    result = _json(folder, roster, tmp_path / "s.xlsx", capsys)
    assert result["summary"] == {
        "expected": 5, "received": 7, "passed": 3, "with_errors": 2, "unreadable": 1,
        "missing": 2, "superseded": 1, "measures": 8, "followups": 12,
    }  # fmt: skip
    register = [(r["organisation"], r["division"], r["status"], Path(r["file"]).name if r["file"]
                 else None) for r in result["register"]]  # type: ignore[index, union-attr]  # fmt: skip
    assert register == [
        ("อบต. บ้านสวน", None, "ผ่าน", "bansuan_again.xlsx"),
        ("องค์การบริหารส่วนตำบลบ้านสวน", None, "ฉบับเก่า", "bansuan_first.xlsx"),
        ("ทต.หนองบัวทอง", "กองคลัง", "ผ่าน", "nbt_klang.xlsx"),
        ("เทศบาลตำบลหนองบัวทอง", "กองช่าง", "มีข้อผิดพลาด", "nbt_chang.xlsx"),
        ("อบต.ท่าข้าม", None, "ไม่ได้ส่ง", None),
        ("องค์การบริหารส่วนตำบลท่าข้าม", None, "มีข้อผิดพลาด", "thakham_2565.xlsx"),
        ("องค์การบริหารส่วนตำบลบางพระ", None, "ไม่ได้ส่ง", None),
        ("องค์การบริหารส่วนตำบลหนองปลาไหล", None, "ผ่าน", "offroster.xlsx"),
        ("", None, "อ่านไม่ได้", "broken.xlsx"),
    ]
    missing = [r for r in result["register"] if r["status"] == "ไม่ได้ส่ง"]  # type: ignore[index, union-attr]
    assert [(r["errors"], r["warnings"]) for r in missing] == [(None, None)] * 2  # nothing to count
    codes = {(f["code"], Path(f["path"]).name if f["path"] else None, f["value"])
             for f in result["findings"]}  # type: ignore[index, union-attr]  # fmt: skip
    assert ("ITA-F401", "bansuan_first.xlsx", str(folder / "a" / "bansuan_again.xlsx")) in codes
    assert ("ITA-F402", None, "องค์การบริหารส่วนตำบลบางพระ") in codes
    assert ("ITA-F402", None, "อบต.ท่าข้าม") in codes
    assert ("ITA-F403", "offroster.xlsx", "องค์การบริหารส่วนตำบลหนองปลาไหล จังหวัดชลบุรี") in codes
    assert ("ITA-F404", "thakham_2565.xlsx", "๒๕๖๕") in codes
    assert ("ITA-R308", "nbt_chang.xlsx", None) in codes
    assert any(c == "ITA-S001" and p == "broken.xlsx" for c, p, _ in codes)
    # the sheet lists the same findings in the same order: each return's own, as its worker
    # rendered them, with the roll-up's own (F401–F404) where they belong
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True)["ปัญหาที่พบ"]
    _, *rows = sheet.iter_rows(values_only=True)
    listed = [(f["code"], f["sheet"], f["cell"], f["message_th"], f["path"] or None)
              for f in result["findings"]]  # type: ignore[index, union-attr]  # fmt: skip
    assert [(r[4], r[5], r[6], r[7], r[0]) for r in rows] == listed
    assert {code for code, *_ in listed} == {"ITA-F401", "ITA-F402", "ITA-F403", "ITA-F404",
                                             "ITA-R308", "ITA-S001"}  # fmt: skip


def test_the_workbook(rolled: tuple[Path, dict[str, object], Path]) -> None:
    _, _, output = rolled
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["สรุปภาพรวม", "สรุปตามตัวชี้วัด", "มาตรการ", "ติดตามผล",
                               "ทะเบียนการส่ง", "ประวัติการส่ง", "เทียบปีที่แล้ว", "ปัญหาที่พบ",
                               "_meta"]  # SPEC §5, and §9's history and year over year  # fmt: skip
    assert book["_meta"].sheet_state == "hidden"
    overview = {r[0]: r[1] for r in book["สรุปภาพรวม"].iter_rows(min_row=4, max_row=13,
                                                                    values_only=True)}  # fmt: skip
    assert overview["แบบรายงานที่ได้รับ"] == 7 and overview["ไม่ได้ส่ง"] == 2
    assert overview["ไฟล์ที่ข้าม (ไฟล์ล็อก ~$ ไฟล์ซ่อน สรุปผลเดิม และไฟล์อื่น)"] == 2
    assert len(book["สรุปภาพรวม"]._charts) == 3
    measures = list(book["มาตรการ"].iter_rows(values_only=True))
    assert measures[0][:3] == ("ไฟล์", "ชีต", "แถว")
    assert len(measures) == 1 + 8  # 4 counted returns × 2 measures
    first = measures[1]
    assert first[1:3] == ("มาตรการ", 4) and first[3] == "อบต. บ้านสวน"
    # an officer's "=HYPERLINK(…)" stays inert text
    steps = [c for c in book["มาตรการ"]["M"] if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert steps and all(c.data_type == "s" for c in steps)
    header, *by_indicator = book["สรุปตามตัวชี้วัด"].iter_rows(values_only=True)
    rows = [dict(zip(header, r, strict=True)) for r in by_indicator]
    assert [r["ตัวชี้วัดที่"] for r in rows] == list(range(1, 11))
    counts = ("จำนวนมาตรการ", "ติดตามผลทั้งหมด", "ดำเนินการแล้วเสร็จ")
    assert tuple(rows[8][k] for k in counts) == (4, 8, 4)
    assert tuple(rows[9][k] for k in counts) == (4, 4, 4)
    title, _, *register = book["ทะเบียนการส่ง"].iter_rows(values_only=True)
    assert title[0] == "ทะเบียนการส่งแบบรายงาน ปีงบประมาณ พ.ศ. ๒๕๖๖"
    assert len(register) == 9
    findings = list(book["ปัญหาที่พบ"].iter_rows(min_row=2, values_only=True))
    assert any(r[4] == "ITA-F402" for r in findings)


def test_same_inputs_same_bytes(tmp_path: Path, rolled: tuple[Path, dict[str, object], Path],
                                capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    folder, _, output = rolled
    again = tmp_path / "again.xlsx"
    roster = folder.parent / "roster.csv"
    main(["rollup", str(folder), "--roster", str(roster), "-o", str(again), "--jobs", "1",
          "--format", "json"])  # fmt: skip
    capsys.readouterr()
    assert again.read_bytes() == output.read_bytes()


def test_without_a_roster_everyone_who_sent_is_expected(tmp_path: Path) -> None:
    folder, _ = _make(tmp_path)
    result = rollup([folder], jobs=1)
    assert result.summary["missing"] == 0
    assert result.summary["expected"] == 4  # บ้านสวน, two divisions, หนองปลาไหล (2565 not counted)
    assert result.fiscal_year == 2566


def test_the_python_api_gives_dataframes(tmp_path: Path) -> None:
    folder, roster = _make(tmp_path)
    result = rollup([folder], roster=roster, jobs=1)
    assert list(result.register["status"]).count("ไม่ได้ส่ง") == 2
    assert result.register.attrs["labels"]["status"] == "สถานะ"
    assert len(result.measures) == 8 and len(result.followups) == 12
    assert set(result.measures["org_name"]) == {"อบต. บ้านสวน", "ทต.หนองบัวทอง",
                                                 "เทศบาลตำบลหนองบัวทอง",
                                                 "องค์การบริหารส่วนตำบลหนองปลาไหล"}  # fmt: skip
    assert result.by_indicator.shape[0] == 10
    out = result.to_excel(tmp_path / "api.xlsx")
    assert out.exists()


def test_a_detail_sheet_over_excels_rows_goes_to_csv(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import csv

    from ita_xl.consolidation import summary

    monkeypatch.setattr(summary, "MAX_DATA_ROWS", 5)
    folder, roster = _make(tmp_path)
    result = rollup([folder], roster=roster, jobs=1)
    output = result.to_excel(tmp_path / "s.xlsx")
    beside = tmp_path / "s_ติดตามผล.csv"
    with beside.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + 12 and rows[0][:3] == ["ไฟล์", "ชีต", "แถว"]
    book = openpyxl.load_workbook(output)
    notes = [c.value for row in book["สรุปภาพรวม"].iter_rows() for c in row
             if isinstance(c.value, str) and "s_ติดตามผล.csv" in c.value]  # fmt: skip
    assert notes


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    folder = ROOT / "examples" / "returns"
    bad_roster = tmp_path / "roster.csv"
    bad_roster.write_text("name\nx\n", encoding="utf-8")
    assert main(["rollup", str(folder), "-o", str(tmp_path / "s.csv")]) == 2
    assert main(["rollup", str(folder), "--roster", str(bad_roster), "-o",
                 str(tmp_path / "s.xlsx")]) == 2  # fmt: skip
    assert main(["rollup", str(tmp_path / "nope"), "-o", str(tmp_path / "s.xlsx")]) == 2
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert main(["rollup", str(folder), "-o", str(blocked / "s.xlsx")]) == 2


def test_the_shipped_examples_roll_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = _json(ROOT / "examples" / "returns", ROOT / "examples" / "roster.csv",
                   tmp_path / "s.xlsx", capsys)  # fmt: skip
    assert result["summary"] == {
        "expected": 7, "received": 6, "passed": 4, "with_errors": 2, "unreadable": 0,
        "missing": 1, "superseded": 0, "measures": 22, "followups": 21,
    }  # fmt: skip


@pytest.mark.parametrize(("saved_as", "encoding"), [
    ("CSV UTF-8 (Excel)", "utf-8-sig"), ("CSV on a Thai Windows PC", "cp874"),
    ("Unicode text (Excel)", "utf-16"), ("TIS-620", "tis-620"),
])  # fmt: skip
def test_a_roster_as_windows_saves_it(tmp_path: Path, saved_as: str, encoding: str) -> None:
    from ita_xl.consolidation.roster import read_roster

    roster = tmp_path / "roster.csv"
    text = ROSTER.removeprefix("\ufeff")
    if encoding == "utf-16":
        text = text.replace(",", "\t")  # Excel's Unicode text is tab-separated
    roster.write_bytes(text.encode(encoding))
    entries = read_roster(roster)
    assert [(e.org_name, e.province, e.unit) for e in entries][:3] == [
        ("องค์การบริหารส่วนตำบลบ้านสวน", "ชลบุรี", ""),
        ("เทศบาลตำบลหนองบัวทอง", "เชียงใหม่", "กองคลัง"),
        ("เทศบาลตำบลหนองบัวทอง", "เชียงใหม่", "กองช่าง"),
    ]


def test_a_roster_workbook_keeps_numbers_as_typed(tmp_path: Path) -> None:
    """A roster kept in Excel: a phone typed as a number (its leading 0 lost) and a numbered
    unit read as the officer sees them, not as python-calamine's floats."""
    from ita_xl.consolidation.roster import read_roster

    roster = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(roster))
    sheet = book.add_worksheet()
    for r, row in enumerate([
        ("org_name", "province", "unit", "contact", "phone"),
        ("องค์การบริหารส่วนตำบลบ้านสวน", "ชลบุรี", 2, "นายสมชาย ใจดี", 812345678),
    ]):  # fmt: skip
        sheet.write_row(r, 0, row)
    book.close()
    (entry,) = read_roster(roster)
    assert (entry.unit, entry.phone) == ("2", "812345678")


def test_text_that_looks_like_excels_escapes_reads_back_as_typed(tmp_path: Path) -> None:
    """``_x0041_`` is Excel's escape for "A": typed by an officer, it must stay those seven
    characters for Excel and calamine (which decode escapes as Excel does)."""
    from python_calamine import CalamineWorkbook

    typed = "รหัส _x0041_ ในระบบ _x00e9_"
    filling = clean_filling()
    filling.measures[0]["measure"] = typed
    write_return(tmp_path / "r.xlsx", filling)
    out = rollup([tmp_path / "r.xlsx"]).to_excel(tmp_path / "summary.xlsx")
    book = CalamineWorkbook.from_path(str(out))
    values = {v for row in book.get_sheet_by_name("มาตรการ").to_python() for v in row}
    assert typed in values


def test_follow_ups_name_their_measure_and_charts_count_in_whole_numbers(tmp_path: Path) -> None:
    import re

    write_return(tmp_path / "r.xlsx")
    result = rollup([tmp_path / "r.xlsx"])
    # FY2566's ติดตามผล has no มาตรการ column: the name comes from the return's มาตรการ
    assert list(result.followups["measure"]) == [
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        "มาตรการประเมินความเสี่ยงการทุจริต",
    ]  # fmt: skip
    out = result.to_excel(tmp_path / "summary.xlsx")
    with zipfile.ZipFile(out) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    assert len(charts) == 3
    for chart in charts:  # the counting axis: 0, 1, 2 … (not 0.5)
        assert re.search(r'<c:valAx>.*?<c:majorUnit val="1"/>', chart, re.S), chart[:200]
        assert re.search(r'<c:valAx>.*?<c:numFmt formatCode="0"', chart, re.S)


class _Disk:
    """A stream that keeps what is written, and fails as a full disk does after ``room``
    writes."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.written: list[bytes] = []

    def write(self, data: bytes) -> int:
        if len(self.written) == self.room:
            raise OSError(28, "No space left on device")
        self.written.append(data)
        return len(data)


def test_the_summary_writer_thread_keeps_the_order_and_hands_a_failure_back() -> None:
    from ita_xl.consolidation.summary import _written_behind

    rows = [b"<row>%d</row>" % i for i in range(100_000)]
    disk = _Disk(room=1000)
    _written_behind(disk, rows)  # type: ignore[arg-type]
    assert b"".join(disk.written) == b"".join(rows)

    full = _Disk(room=2)
    chunks = (bytes(1 << 20) for _ in range(50))  # more than the queue holds: no deadlock
    with pytest.raises(OSError, match="No space left"):
        _written_behind(full, chunks)  # type: ignore[arg-type]
    assert len(full.written) == 2


def _cells(path: Path, sheet: str) -> list[tuple[object, ...]]:
    """Each cell of ``sheet`` with what a reader shows of it: value, number format, font,
    alignment (openpyxl: a reader we did not write)."""
    book = openpyxl.load_workbook(path)
    return [(c.coordinate, c.value, c.number_format, c.font.b, c.font.sz, c.alignment.wrap_text,
             c.alignment.vertical, c.alignment.horizontal)
            for row in book[sheet].iter_rows() for c in row]  # fmt: skip


def test_rows_joined_as_the_workers_compressed_them_read_as_rows_compressed_again(
    tmp_path: Path, rolled: tuple[Path, dict[str, object], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary joins the rows its workers compressed (formats numbered as they assumed);
    where the formats are numbered otherwise, or the package passes 4 GiB, zipfile writes the
    rows again, renumbered: the same workbook either way."""
    from ita_xl.consolidation import summary
    from ita_xl.ooxml import package

    folder, _, joined = rolled
    with zipfile.ZipFile(joined) as archive:  # the rows the workers styled, as they are
        measures = archive.read("xl/worksheets/sheet3.xml")
    assert b'<c s="1" t="inlineStr">' in measures
    roster = folder.parent / "roster.csv"

    def rolled_up(name: str) -> Path:
        output = tmp_path / name
        assert main(["rollup", str(folder), "--roster", str(roster), "-o", str(output),
                     "--no-store", "--jobs", "1"]) == 0  # fmt: skip
        return output

    with monkeypatch.context() as patched:  # formats numbered as XlsxWriter pleases
        patched.setattr(summary, "_number_spliced_formats_first", lambda fmts: None)
        renumbered = rolled_up("renumbered.xlsx")
    with monkeypatch.context() as patched:  # a package past what a zip without zip64 holds
        patched.setattr(package, "_ZIP32_LIMIT", 10_000)
        through_zipfile = rolled_up("zip64.xlsx")
    with zipfile.ZipFile(renumbered) as archive:
        assert b'<c s="1" t="inlineStr">' not in archive.read("xl/worksheets/sheet3.xml")
    for sheet in ("มาตรการ", "ติดตามผล", "ทะเบียนการส่ง", "ปัญหาที่พบ"):
        expected = _cells(joined, sheet)
        assert _cells(renumbered, sheet) == expected
        assert _cells(through_zipfile, sheet) == expected
