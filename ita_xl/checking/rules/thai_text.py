"""Thai text: Christian-era years where Buddhist-era ones belong (ITA-T201), typing slips
(ITA-T202)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ita_xl import spec, thai
from ita_xl.checking.findings import Finding, finding
from ita_xl.checking.rules._base import Context, check, labels, readable
from ita_xl.codes import Code
from ita_xl.model import Return, Value

FT = spec.FieldType


def _christian_era_year(fld: spec.Field, value: Value) -> int | None:
    """The Christian-era year typed in a year, a date typed as text, or a period."""
    if fld.type is FT.YEAR:
        year = thai.parse_year(value.raw)
        return year if year is not None and thai.is_christian_era_year(year) else None
    if not isinstance(value.raw, str):
        return None  # a real date cell: Excel keeps dates without an era
    if fld.type is FT.DATE:
        typed = thai.parse_date_text(value.raw)
        return typed.value.year if typed and typed.christian_era else None
    if fld.type is FT.PERIOD:
        period = thai.parse_period(value.raw)
        return period.start.year if period and period.christian_era else None
    return None


@check(Code.T201)
def christian_era_years(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value, _ in ctx.of(FT.YEAR, FT.DATE, FT.PERIOD):
        if readable(value) and (year := _christian_era_year(fld, value)) is not None:
            yield finding(Code.T201, at=value, value=value.text, **labels(fld),
                          year_ce=year, year_be=thai.ce_to_be(year))  # fmt: skip


_STRAY_SPACE_RE = re.compile(r"[ \t\xa0]{2,}|[ \t\xa0]\n|\n[ \t\xa0]")
"""Two spaces in a row, or a space at the start or end of a line."""


def _may_stray(text: str) -> bool:
    """Cheap substring tests that every stray-space match needs one of."""
    return "  " in text or "\t" in text or "\xa0" in text or " \n" in text or "\n " in text


_ZERO_WIDTH_RE = re.compile(f"[{thai.ZERO_WIDTH}]")


def typing_slips(text: str) -> list[tuple[str, str]]:
    """What is wrong with how ``text`` was typed, in Thai and English (empty when nothing)."""
    slips: list[tuple[str, str]] = []
    if "เเ" in text:
        slips.append(("สระเอสองตัว (เ+เ) แทนสระแอ (แ)", "two เ typed for แ"))
    if not text.isprintable() and _ZERO_WIDTH_RE.search(text):
        slips.append(("อักขระที่มองไม่เห็น (zero-width)", "invisible zero-width characters"))
    if text != text.strip() or (_may_stray(text) and _STRAY_SPACE_RE.search(text)):
        slips.append(("ช่องว่างเกินหรือช่องว่างหน้า/ท้ายข้อความ", "stray spaces"))
    return slips


@check(Code.T202)
def thai_typing_slips(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value in ctx.texts:
        if fld.locked:
            continue
        text: str = value.raw  # type: ignore[assignment]  # ctx.texts holds text only
        # the usual clean text, told apart cheaply: every slip needs one of these (invisible
        # characters, tabs, no-break spaces and line breaks all make a text not printable)
        if not (
            "เเ" in text or not text.isprintable() or "  " in text
            or text[:1].isspace() or text[-1:].isspace()
        ):  # fmt: skip
            continue
        if slips := typing_slips(text):
            yield finding(Code.T202, at=value, value=value.text, **labels(fld),
                          problem=" และ".join(th for th, _ in slips),
                          problem_en=" and ".join(en for _, en in slips))  # fmt: skip
