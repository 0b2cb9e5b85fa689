import json
from importlib import resources
from pathlib import Path

import pytest

from ita_xl.frameworks import FrameworkError, available_frameworks, load_framework

REFERENCE_INDICATORS = {
    1: ("การปฏิบัติหน้าที่", "IIT"), 2: ("การใช้งบประมาณ", "IIT"), 3: ("การใช้อำนาจ", "IIT"),
    4: ("การใช้ทรัพย์สินของราชการ", "IIT"), 5: ("การแก้ไขปัญหาการทุจริต", "IIT"),
    6: ("คุณภาพการดำเนินงาน", "EIT"), 7: ("ประสิทธิภาพการสื่อสาร", "EIT"),
    8: ("การปรับปรุงการทำงาน", "EIT"), 9: ("การเปิดเผยข้อมูล", "OIT"),
    10: ("การป้องกันการทุจริต", "OIT"),
}  # fmt: skip


@pytest.mark.parametrize("year", [2566, 2567])
def test_shipped_frameworks_have_the_ten_indicators(year: int) -> None:
    framework = load_framework(str(year))
    assert {i.number: (i.th, i.tool) for i in framework.indicators} == REFERENCE_INDICATORS
    assert framework.pass_mark == 85
    assert sum(t.weight for t in framework.tools) == 100
    assert sum(i.weight for i in framework.indicators) == 100
    assert all(i.assessment_issues for i in framework.indicators)


def test_statuses_are_carried_not_upgraded() -> None:
    fy2566, fy2567 = load_framework("2566"), load_framework("2567")
    assert fy2566.status == "confirmed" and fy2567.status == "unconfirmed"
    # Indicator weights come from arithmetic on a 2564 report: never "confirmed".
    assert {i.weight_status for i in fy2566.indicators} == {"derived"}
    assert fy2567.indicator(6) and fy2567.indicator(6).assessment_issues_status == "unconfirmed"


def test_seed_assessment_issues_of_eit_indicators() -> None:
    indicator = load_framework("2566").indicator(7)
    assert indicator is not None
    assert indicator.issues_text().startswith("(๑) การเผยแพร่ข้อมูลมีลักษณะเข้าถึงง่าย")
    assert len(indicator.assessment_issues) == 4


@pytest.mark.parametrize("ref", ["2566", "๒๕๖๖", "ita-2566"])
def test_a_framework_by_id_or_year_in_either_digits(ref: str) -> None:
    assert load_framework(ref).fiscal_year == 2566


def test_newest_framework_by_default() -> None:
    assert load_framework().fiscal_year == max(f.fiscal_year for f in available_frameworks())


@pytest.mark.parametrize(
    ("text", "number"),
    [("๓ การใช้อำนาจ", 3), ("3", 3), (3, 3), ("๓", 3), ("ตัวชี้วัดที่ ๓ การใช้อำนาจ", 3),
     ("การใช้อำนาจ", 3), ("11", None), ("๓ การใช้งบประมาณ", None), ("", None)],
)  # fmt: skip
def test_indicator_as_an_officer_types_it(text: object, number: int | None) -> None:
    found = load_framework("2566").match_indicator(text)
    assert (found.number if found else None) == number


def _write(tmp_path: Path, mutate: object) -> Path:
    shipped = resources.files("ita_xl.frameworks").joinpath("fy2566.json")
    data = json.loads(shipped.read_text(encoding="utf-8"))
    assert callable(mutate)
    mutate(data)
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_central_teams_own_file_loads(tmp_path: Path) -> None:
    def rename(data: dict) -> None:
        data["id"] = "province-yala-2568"
        data["fiscal_year"] = 2568

    framework = load_framework(_write(tmp_path, rename))
    assert framework.id == "province-yala-2568" and framework.fiscal_year == 2568


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda d: d["indicators"][3].__setitem__("tool", "XIT"), "indicators[3].tool"),
        (lambda d: d["indicators"][0].pop("th"), "indicators[0].th"),
        (lambda d: d.__setitem__("status", "official"), "status"),
        (lambda d: d["pass_mark"].__setitem__("value", "85"), "pass_mark.value"),
        (lambda d: d["tools"].pop("EIT"), "tools.EIT"),
    ],
)
def test_a_wrong_file_names_the_bad_key(tmp_path: Path, mutate: object, key: str) -> None:
    with pytest.raises(FrameworkError) as caught:
        load_framework(_write(tmp_path, mutate))
    assert key in caught.value.message_th and key in caught.value.message_en


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(FrameworkError, match="JSON"):
        load_framework(path)


def test_unknown_framework() -> None:
    with pytest.raises(FrameworkError, match="ita-2566"):
        load_framework("2599")
