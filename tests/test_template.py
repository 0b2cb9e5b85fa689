"""The return workbook as users get it: names, labels, lists, look, print set-up."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ita_xl import spec
from ita_xl.frameworks import Framework, available_frameworks
from ita_xl.workbook.template import Filling, write_return_workbook

from .conftest import TEMPLATES


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory, fy2566: Framework) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("tpl") / "blank.xlsx"
    write_return_workbook(path, fy2566)
    return openpyxl.load_workbook(path)


def test_sheets_are_named_exactly_as_spec(blank: openpyxl.Workbook) -> None:
    assert blank.sheetnames == ["ข้อมูลหน่วยงาน", "ตัวชี้วัด", "มาตรการ", "ติดตามผล", "ตรวจสอบ",
                                "คำแนะนำ", "_lists", "_meta"]  # fmt: skip
    assert blank["_lists"].sheet_state == "hidden"
    assert blank["_meta"].sheet_state == "hidden"
    assert blank.active.title == "ข้อมูลหน่วยงาน"


def test_form_labels_in_column_a(blank: openpyxl.Workbook) -> None:
    sheet = blank["ข้อมูลหน่วยงาน"]
    labels = [sheet.cell(row, 1).value for row in range(4, 16)]
    assert labels == ["ชื่อหน่วยงาน", "ประเภทหน่วยงาน", "ส่วนงานที่รายงาน", "อำเภอ", "จังหวัด",
                      "ปีงบประมาณ (พ.ศ.)", "รอบการรายงาน", "ผู้จัดทำรายงาน", "ตำแหน่ง",
                      "โทรศัพท์", "อีเมล", "วันที่จัดทำรายงาน"]  # fmt: skip


@pytest.mark.parametrize(
    ("sheet", "headers"),
    [
        ("ตัวชี้วัด", ["ตัวชี้วัดที่", "ชื่อตัวชี้วัด", "เครื่องมือ", "คะแนนปีที่ผ่านมา", "ประเด็นการประเมิน",
                       "ข้อบกพร่องหรือจุดอ่อน", "ประเด็นที่ควรพัฒนา", "ผู้รับผิดชอบ", "ผลการดำเนินการ"]),
        ("มาตรการ", ["รหัสมาตรการ", "มาตรการ", "ตัวชี้วัดที่เกี่ยวข้อง", "แนวทางปฏิบัติ",
                     "ขั้นตอน/วิธีการปฏิบัติ", "ผู้รับผิดชอบ", "รอบการติดตาม", "วันเริ่มต้น", "วันสิ้นสุด"]),
        ("ติดตามผล", ["รหัสมาตรการ", "รอบการรายงาน", "รายละเอียดการดำเนินงาน", "ระยะเวลาการดำเนินงาน",
                      "ผลผลิต", "ผลลัพธ์", "สถานะ", "ลิงก์หลักฐาน", "หมายเหตุ"]),
    ],
)  # fmt: skip
def test_table_headers(blank: openpyxl.Workbook, sheet: str, headers: list[str]) -> None:
    assert [c.value for c in blank[sheet][3]] == headers
    assert blank[sheet].freeze_panes == "B4"
    assert blank[sheet].print_title_rows == "$1:$3"


def test_meta(blank: openpyxl.Workbook) -> None:
    meta = {r[0]: r[1] for r in blank["_meta"].iter_rows(min_row=2, values_only=True)}
    assert meta["template_id"] == "ita-xl/return"
    assert meta["schema_version"] == spec.SCHEMA_VERSION
    assert meta["fiscal_year"] == "2566"
    assert meta["framework"] == "ita-2566"
    assert meta["generator"].startswith("ita-xl ")


def test_indicator_rows_prefilled_from_the_framework(blank: openpyxl.Workbook,
                                                     fy2566: Framework) -> None:  # fmt: skip
    sheet = blank["ตัวชี้วัด"]
    assert [sheet.cell(r, 1).value for r in range(4, 14)] == [*list("๑๒๓๔๕๖๗๘๙"), "๑๐"]
    assert sheet["B6"].value == "การใช้อำนาจ" and sheet["C6"].value == "IIT"
    assert sheet["C12"].value == "OIT"
    assert sheet["E13"].value == "(๑) การดำเนินการเพื่อป้องกันการทุจริต\n(๒) มาตรการภายในเพื่อป้องกันการทุจริต"
    assert sheet["A4"].protection.locked and not sheet["E4"].protection.locked


def test_measure_rows_precoded(blank: openpyxl.Workbook) -> None:
    """The first page's rows come with their codes; the rest of the 200 input rows (as many as
    the live checks cover) are ready for typing with the code left to the officer."""
    sheet = blank["มาตรการ"]
    assert [sheet.cell(r, 1).value for r in (4, 5, 13, 14, 200)] == ["M01", "M02", "M10", None,
                                                                     None]  # fmt: skip
    assert sheet.max_row == 200
    assert not sheet["A200"].protection.locked and not sheet["B200"].protection.locked


def test_lists_are_spec_values_behind_defined_names(blank: openpyxl.Workbook) -> None:
    lists = blank["_lists"]
    by_name = {}
    for name, defined in blank.defined_names.items():
        ((sheet_name, ref),) = defined.destinations
        assert sheet_name == "_lists"
        by_name[name] = [c.value for row in lists[ref.replace("$", "")] for c in row]
    assert by_name["lst_org_types"] == list(spec.ORG_TYPES)
    assert len(by_name["lst_provinces"]) == 77 and "ยะลา" in by_name["lst_provinces"]
    assert by_name["lst_rounds"] == ["๓ เดือน", "๖ เดือน", "๙ เดือน", "๑๒ เดือน"]
    assert by_name["lst_statuses"] == ["ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ"]
    assert by_name["lst_indicators"][2] == "๓ การใช้อำนาจ"


def test_every_dropdown_points_to_a_defined_name(blank: openpyxl.Workbook) -> None:
    names = set(blank.defined_names)
    lists = []
    for sheet in blank.worksheets:
        for dv in sheet.data_validations.dataValidation:
            if dv.type == "list":
                assert dv.formula1.lstrip("=") in names, (sheet.title, dv.formula1)
                lists.append((sheet.title, str(dv.sqref), dv.formula1))
                if dv.promptTitle:
                    assert dv.prompt and dv.showInputMessage
    assert ("ข้อมูลหน่วยงาน", "B5", "lst_org_types") in lists
    assert ("ข้อมูลหน่วยงาน", "B8", "lst_provinces") in lists
    assert ("ติดตามผล", "G4:G300", "lst_statuses") in lists
    assert ("มาตรการ", "C4:C200", "lst_indicators") in lists


def test_thai_input_message_on_dropdowns(blank: openpyxl.Workbook) -> None:
    dv = next(
        d
        for d in blank["มาตรการ"].data_validations.dataValidation
        if d.formula1 == "lst_indicators"
    )
    assert dv.promptTitle == "ตัวชี้วัดที่เกี่ยวข้อง" and "เลขตัวชี้วัด" in dv.prompt
    assert dv.errorStyle == "warning"  # "3" typed alone is accepted


def test_every_used_cell_is_th_sarabun_new(blank: openpyxl.Workbook) -> None:
    for sheet in blank.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "TH Sarabun New", (sheet.title, cell.coordinate)


def test_every_row_has_an_explicit_height(blank: openpyxl.Workbook) -> None:
    for sheet in blank.worksheets:
        assert sheet.sheet_format.customHeight and sheet.sheet_format.defaultRowHeight == 24
        for row in range(1, sheet.max_row + 1):
            assert sheet.row_dimensions[row].height, (sheet.title, row)


def test_inputs_unlocked_labels_locked_sheets_protected(blank: openpyxl.Workbook) -> None:
    form = blank["ข้อมูลหน่วยงาน"]
    assert form.protection.sheet
    assert form["A4"].protection.locked and not form["B4"].protection.locked
    assert not blank["ติดตามผล"]["C50"].protection.locked
    assert blank["ติดตามผล"].protection.insertRows is False  # False = allowed in openpyxl's model


def test_problem_cells_are_coloured_from_the_live_checks(
    blank: openpyxl.Workbook, fy2566: Framework
) -> None:
    """Empty required cells (ITA-C101) and every other live problem are coloured by a rule that
    reads the cell's flag on ตรวจสอบ, down to the last row the live checks cover."""
    from ita_xl.workbook import livechecks

    plan = livechecks.build(fy2566)
    form_rules = {
        str(r.sqref): r.rules[0].formula[0] for r in blank["ข้อมูลหน่วยงาน"].conditional_formatting
    }
    assert form_rules["B4"].startswith("INDIRECT(\"'ตรวจสอบ'!G")  # ชื่อหน่วยงาน is required
    assert "B6" not in form_rules  # ส่วนงานที่รายงาน is optional
    measures = {
        str(r.sqref): r.rules[0].formula[0] for r in blank["มาตรการ"].conditional_formatting
    }
    last = livechecks.covered_rows(plan)["มาตรการ"]
    helper = livechecks.helper_column(plan, "มาตรการ", "c101_measure")
    assert measures[f"B4:B{last}"] == livechecks.flag_in_this_row(helper) + "=1"
    assert f"H4:H{last}" not in measures  # วันเริ่มต้น is optional and has no other live check


def test_a4_landscape_with_repeated_headers(blank: openpyxl.Workbook) -> None:
    sheet = blank["ติดตามผล"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_prefill_from_options(tmp_path: Path, fy2566: Framework) -> None:
    path = tmp_path / "r.xlsx"
    write_return_workbook(path, fy2566, Filling(
        info={"org_name": "องค์การบริหารส่วนตำบลเกาะรอ", "province": "ยะลา", "fiscal_year": 2566,
              "round": "๖ เดือน"}, units=("สำนักปลัด", "กองคลัง")))  # fmt: skip
    book = openpyxl.load_workbook(path)
    form = book["ข้อมูลหน่วยงาน"]
    assert (form["B4"].value, form["B8"].value, form["B9"].value, form["B10"].value) == (
        "องค์การบริหารส่วนตำบลเกาะรอ",
        "ยะลา",
        2566,
        "๖ เดือน",
    )
    units = [c.value for c in book["_lists"]["F"][1:3]]
    assert units == ["สำนักปลัด", "กองคลัง"]
    dv = [d for d in book["มาตรการ"].data_validations.dataValidation if d.formula1 == "lst_units"]
    assert dv and str(dv[0].sqref) == "F4:F200"  # every input row


def test_text_is_never_a_formula(tmp_path: Path, fy2566: Framework) -> None:
    path = tmp_path / "r.xlsx"
    typed = '=HYPERLINK("http://evil.example","x")'
    write_return_workbook(path, fy2566, Filling(followups=[{"code": "M01", "details": typed}]))
    sheet = openpyxl.load_workbook(path)["ติดตามผล"]
    assert sheet["C4"].value == typed and sheet["C4"].data_type == "s"


def test_dates_are_real_dates_shown_in_buddhist_era(tmp_path: Path, fy2566: Framework) -> None:
    path = tmp_path / "r.xlsx"
    write_return_workbook(path, fy2566, Filling(info={"prepared_on": date(2023, 9, 29)}))
    cell = openpyxl.load_workbook(path)["ข้อมูลหน่วยงาน"]["B15"]
    assert cell.value.date() == date(2023, 9, 29)
    assert "107" in cell.number_format  # calendar 07: Thai Buddhist


def test_same_input_same_bytes(tmp_path: Path, fy2566: Framework) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_return_workbook(a, fy2566)
    write_return_workbook(b, fy2566)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("framework", available_frameworks(), ids=lambda f: f.id)
def test_shipped_templates_are_what_new_makes_now(tmp_path: Path, framework: Framework) -> None:
    shipped = [p for p in TEMPLATES if str(framework.fiscal_year) in p.name]
    assert sorted(p.suffix for p in shipped) == [".xlsm", ".xlsx"]
    for template in shipped:
        fresh = write_return_workbook(tmp_path / template.name, framework)
        with zipfile.ZipFile(template) as old, zipfile.ZipFile(fresh) as new:
            assert old.namelist() == new.namelist()
            for part in old.namelist():
                assert old.read(part) == new.read(part), (
                    f"{template.name}:{part} is stale: run python examples/build_examples.py"
                )


def test_a_failed_write_leaves_no_file(tmp_path: Path, fy2566: Framework) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous")
    with pytest.raises(TypeError):
        write_return_workbook(target, fy2566, Filling(measures=[{"measure": object()}]))  # type: ignore[dict-item]
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
