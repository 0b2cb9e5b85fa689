from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_xl import thai

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@given(st.text())
def test_digit_conversion_round_trips(text: str) -> None:
    arabic = thai.to_arabic_digits(text)
    assert thai.to_arabic_digits(thai.to_thai_digits(arabic)) == arabic
    assert not thai.has_thai_digits(arabic)


@given(st.integers(min_value=1, max_value=3000))
def test_era_round_trips(year: int) -> None:
    assert thai.be_to_ce(thai.ce_to_be(year)) == year


@given(dates)
def test_a_date_lies_within_its_fiscal_year(day: date) -> None:
    start, end = thai.fiscal_year_bounds(thai.fiscal_year_of(day))
    assert start <= day <= end
    assert start.month == 10 and start.day == 1 and end.month == 9 and end.day == 30


@given(dates, st.booleans())
def test_formatted_dates_parse_back(day: date, abbreviated: bool) -> None:
    text = thai.format_date(day, abbreviated=abbreviated)
    assert thai.parse_date_text(text) == thai.TextDate(day, christian_era=False)
    assert thai.parse_date_text(thai.to_arabic_digits(text)) == thai.TextDate(day, False)


@pytest.mark.parametrize(
    ("text", "expected", "christian"),
    [
        ("๑ ต.ค. ๒๕๖๕", date(2022, 10, 1), False),
        ("1/10/2565", date(2022, 10, 1), False),
        ("1 ตุลาคม 2565", date(2022, 10, 1), False),
        ("วันที่ ๓๐ กันยายน พ.ศ. ๒๕๖๖", date(2023, 9, 30), False),
        ("1/10/2022", date(2022, 10, 1), True),
        ("2022-10-01", date(2022, 10, 1), True),
        ("๑ ตค ๖๕", date(2022, 10, 1), False),
    ],
)
def test_dates_typed_as_text(text: str, expected: date, christian: bool) -> None:
    assert thai.parse_date_text(text) == thai.TextDate(expected, christian)


@pytest.mark.parametrize("text", ["", "จัดทำรายงานทุกรอบเดือน", "31/2/2566", "ต.ค.", "1/10/999"])
def test_text_that_is_not_a_date(text: str) -> None:
    assert thai.parse_date_text(text) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ต.ค.๖๕ - ก.ย. ๖๖", date(2022, 10, 1), date(2023, 9, 30)),
        ("เดือนมิถุนายน ๒๕๖๖ เป็นต้นไป", date(2023, 6, 1), None),
        ("เดือนมีนาคม ๒๕๖๖", date(2023, 3, 1), date(2023, 3, 31)),
        ("ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖", date(2022, 10, 1), date(2023, 9, 30)),
        ("ตลอดปีงบประมาณ ๒๕๖๖", date(2022, 10, 1), date(2023, 9, 30)),
        ("๑ ต.ค. ๖๕ ถึง ๑๕ ม.ค. ๖๖", date(2022, 10, 1), date(2023, 1, 15)),
    ],
)
def test_periods_from_the_seed(text: str, start: date, end: date | None) -> None:
    period = thai.parse_period(text)
    assert period is not None
    assert (period.start, period.end) == (start, end)


def test_a_period_without_dates_is_not_parsed() -> None:
    assert thai.parse_period("จัดทำรายงานทุกรอบเดือน") is None


def test_period_in_christian_era_is_flagged() -> None:
    period = thai.parse_period("Oct 2022 ต.ค. 2022 - ก.ย. 2023")
    assert period is not None and period.christian_era


@pytest.mark.parametrize(
    ("months", "end"),
    [
        (3, date(2022, 12, 31)),
        (6, date(2023, 3, 31)),
        (9, date(2023, 6, 30)),
        (12, date(2023, 9, 30)),
    ],
)
def test_round_end_dates(months: int, end: date) -> None:
    assert thai.round_end_date(2566, months) == end


@pytest.mark.parametrize(
    ("text", "months"),
    [("๖ เดือน", 6), ("รอบ 12 เดือน", 12), ("3", 3), (9, 9), ("๑ เดือน", None), ("", None)],
)
def test_rounds(text: object, months: int | None) -> None:
    assert thai.parse_round(text) == months


def test_round_schedule_keeps_numbers_that_are_not_rounds() -> None:
    assert thai.parse_round_list("รอบ ๑ เดือน - รอบ ๖ เดือน - รอบ ๑๒ เดือน") == [1, 6, 12]
    assert thai.parse_round_list("๖ และ ๑๒ เดือน") == [6, 12]
    assert thai.parse_round_list(12.0) == [12]
    assert thai.parse_round_list(6.5) == [0]  # no round: flagged, never read as ๖
    assert thai.parse_round_list(float("inf")) == [0]  # found by tests/test_fuzz.py


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("อบต. เกาะรอ", "องค์การบริหารส่วนตำบลเกาะรอ"),
        ("อบต.เกาะรอ", "องค์การบริหารส่วนตำบล เกาะรอ"),
        ("ทต.บางทราย", "เทศบาลตำบล บางทราย"),
        ("ทม. ยะลา", "เทศบาลเมืองยะลา"),
        ("ทน.ยะลา", "เทศบาลนครยะลา"),
        ("อบจ.ยะลา", "องค์การบริหารส่วนจังหวัดยะลา"),
        ("เทศบาลตำบลเเม่ใจ\u200b", "เทศบาลตำบลแม่ใจ"),
    ],
)
def test_organisation_names_normalise_alike(a: str, b: str) -> None:
    assert thai.normalise_org_name(a) == thai.normalise_org_name(b)


def test_different_organisations_stay_different() -> None:
    assert thai.normalise_org_name("อบต.เกาะรอ") != thai.normalise_org_name("อบต.เกะรอก")
    assert thai.normalise_org_name("ทต.เกาะรอ") != thai.normalise_org_name("อบต.เกาะรอ")


@pytest.mark.parametrize(
    ("value", "number"),
    [("๙๐.๕", 90.5), ("1,250", 1250.0), (" ๑๐๐ ", 100.0), (85, 85.0), ("abc", None), (True, None)],
)
def test_numbers_in_either_digit_set(value: object, number: float | None) -> None:
    assert thai.parse_number(value) == number


def test_display_width_ignores_marks_above_and_below() -> None:
    assert thai.display_width("ที่") == 1
    assert thai.display_width("กำ") == 2


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("  เปิดเผยข้อมูล ", "เปิดเผยข้อมูล"),  # the quick path: printable, single spaces
        ("เปิดเผย  ข้อมูล", "เปิดเผย ข้อมูล"),
        ("เปิดเผย\xa0ข้อมูล", "เปิดเผย ข้อมูล"),  # no-break space, as pasted from the web
        ("เปิดเผย\tข้อมูล\n", "เปิดเผย ข้อมูล"),
        ("เปิด\u200bเผย\ufeffข้อมูล", "เปิดเผยข้อมูล"),  # zero-width characters
        ("เปิดเผย\u3000ข้อมูล", "เปิดเผย ข้อมูล"),  # an ideographic space
        ("Cafe\u0301 ITA", "Caf\u00e9 ITA"),  # a decomposed accent: NFC joins it
    ],
)
def test_clean_spaces(typed: str, cleaned: str) -> None:
    assert thai.clean_spaces(typed) == cleaned


@given(st.text())
def test_clean_spaces_leaves_no_unusual_space(text: str) -> None:
    cleaned = thai.clean_spaces(text)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert not any(c.isspace() and c != " " for c in cleaned)
    assert not any(c in thai.ZERO_WIDTH for c in cleaned)


@pytest.mark.parametrize(("typed", "province"), [
    ("ยะลา", "ยะลา"),
    ("จังหวัดยะลา", "ยะลา"),
    ("  จังหวัด ยะลา ", "ยะลา"),
    ("กรุงเทพมหานคร", "กรุงเทพมหานคร"),
])  # fmt: skip
def test_a_province_is_named_without_the_word_province(typed: str, province: str) -> None:
    """One place decides it: the form's check, the roster, --province and the report."""
    from ita_xl.thai import province_name

    assert province_name(typed) == province
