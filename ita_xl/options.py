"""What users type as options, understood the way the forms understand the same values: years
in either digits (a Christian-era year is refused with the Buddhist-era one to use), rounds as
months, names from the form's lists."""

from __future__ import annotations

from collections.abc import Sequence

from ita_xl import thai
from ita_xl._errors import OptionError

YEARS = range(2560, 2601)
"""Fiscal years an option may name (SPEC §2's range for the form)."""


def fiscal_year(value: str | None, option: str = "--year") -> int | None:
    """A Buddhist-era fiscal year, or ``None`` when not given."""
    if value is None:
        return None
    year = thai.parse_int(value)
    if year is not None and thai.is_christian_era_year(year):
        raise OptionError(
            f"{option} {value} เป็นปี ค.ศ. ให้ใช้ปี พ.ศ. เช่น {thai.ce_to_be(year)}",
            f"{option} {value} is a Christian-era year; use the Buddhist era, "
            f"e.g. {thai.ce_to_be(year)}",
        )
    if year is None or year not in YEARS:
        raise OptionError(
            f"{option} {value} ต้องเป็นปี พ.ศ. ระหว่าง ๒๕๖๐–๒๖๐๐",
            f"{option} {value} must be a B.E. year between 2560 and 2600",
        )
    return year


def round_months(value: str | None, option: str = "--round") -> int | None:
    """A reporting round as months (3, 6, 9 or 12), or ``None`` when not given."""
    if value is None:
        return None
    months = thai.parse_round(value)
    if months is None:
        raise OptionError(f"{option} {value} ต้องเป็น ๓, ๖, ๙ หรือ ๑๒",
                          f"{option} {value} must be 3, 6, 9 or 12")  # fmt: skip
    return months


def choice(value: str | None, choices: Sequence[str], option: str) -> str | None:
    """One of a form list's values (a province typed with ``จังหวัด`` is that province)."""
    if value is None:
        return None
    cleaned = thai.province_name(value)
    if cleaned not in choices:
        sample = ", ".join(choices[:5])
        raise OptionError(
            f"{option} '{value}' ไม่อยู่ในรายการ (เช่น {sample}, …)",
            f"{option} '{value}' is not in the list (e.g. {sample}, …)",
        )
    return cleaned
