"""Cells: each value against its field's type and list (ITA-C101–C107, ITA-R312)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ita_xl import spec, thai
from ita_xl.checking.findings import Finding, finding
from ita_xl.checking.rules._base import Context, check, labels, readable
from ita_xl.codes import Code
from ita_xl.model import Return, Value

FT = spec.FieldType


def _sample(choices: tuple[str, ...] | list[str], count: int = 4) -> str:
    shown = ", ".join(choices[:count])
    return shown + (", …" if len(choices) > count else "")


@check(Code.C101)
def required_values(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value, _ in ctx.values:
        if fld.required and value.is_blank:
            yield finding(Code.C101, at=value, **labels(fld))


def required_values_formula(applies: str, filled: str) -> tuple[str, str]:
    """ITA-C101 on the live checks sheet, as (where it applies, what is wrong): where a value is
    required (``applies``: TRUE on the form, a record's first row on a table), none of the
    record's cells holds it (``filled``: how many do)."""
    return (applies, f"{filled}=0")


@check(Code.C106)
def error_values_and_formulas(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value, _ in ctx.values:
        if value.formula is None and not value.is_error:
            continue  # neither a formula nor an error value: the usual cell
        source = f" จากสูตร {value.formula}" if value.formula else ""
        source_en = f" from the formula {value.formula}" if value.formula else ""
        if value.is_error:
            yield finding(Code.C106, at=value, value=value.text, **labels(fld),
                          problem=f"มีค่าผิดพลาด {value.text}{source}",
                          problem_en=f"holds the error value {value.text}{source_en}")  # fmt: skip
        elif value.formula:
            yield finding(Code.C106, at=value, value=value.formula, **labels(fld),
                          problem=f"เป็นสูตร {value.formula} ไม่ใช่ข้อมูลที่พิมพ์",
                          problem_en=f"is the formula {value.formula}, not a value")  # fmt: skip


_CHOICES: dict[str, tuple[str, ...]] = {
    spec.LIST_ORG_TYPES: spec.ORG_TYPES,
    spec.LIST_PROVINCES: spec.PROVINCES,
    spec.LIST_STATUSES: spec.STATUSES,
}


def _choice_problem(fld: spec.Field, value: Value, ctx: Context) -> str | None:
    """The allowed values to suggest when ``value`` is not one of them, else ``None``."""
    text = value.text
    if fld.type is FT.CHOICE:
        choices = _CHOICES.get(fld.list_name or "", ())
        cleaned = thai.province_name(text) if fld.key == "province" else text
        return None if cleaned in choices else _sample(choices)
    if fld.type is FT.ROUND:
        return None if thai.parse_round(value.raw) in thai.ROUND_MONTHS else _sample(spec.ROUNDS)
    if fld.type is FT.ROUND_SCHEDULE:
        months = thai.parse_round_list(value.raw)
        if months and all(m in thai.ROUND_MONTHS for m in months):
            return None
        return "๖ และ ๑๒ เดือน, ๑๒ เดือน, ๓ ๖ ๙ และ ๑๒ เดือน"
    if fld.type is FT.INDICATOR and fld.key == "indicator":
        if ctx.framework.match_indicator(value.raw) is not None:
            return None
        return _sample([i.label for i in ctx.framework.indicators], 3)
    return None


@check(Code.C102)
def values_in_lists(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value, _ in ctx.of(FT.CHOICE, FT.ROUND, FT.ROUND_SCHEDULE, FT.INDICATOR):
        if readable(value) and (allowed := _choice_problem(fld, value, ctx)) is not None:
            yield finding(Code.C102, at=value, value=value.text, allowed=allowed, **labels(fld))


def values_in_lists_formula(readable: str, allowed: str) -> tuple[str, str]:
    """ITA-C102 on the live checks sheet: a readable value (``readable``: filled, and not an
    error value) that is not one ``_choice_problem`` allows (``allowed``: TRUE when it is, as
    the live-check fragments read the field's type)."""
    return (readable, f"NOT({allowed})")


@check(Code.C103)
def dates(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value, _ in ctx.of(FT.DATE):
        if fld.type is FT.DATE and readable(value) and value.as_date is None:
            yield finding(Code.C103, at=value, value=value.text, **labels(fld))


def _number_in_range(fld: spec.Field, value: Value) -> bool:
    """Whether ``value`` reads as a number in the field's range (``numbers_formula`` is the same
    rule on the live checks sheet)."""
    number = thai.parse_year(value.raw) if fld.type is FT.YEAR else thai.parse_number(value.raw)
    if number is None:
        return False
    if fld.type is FT.YEAR:
        if not float(number).is_integer():
            return False
        if thai.is_christian_era_year(int(number)):
            return True  # ITA-T201 says what is wrong
    low = fld.minimum if fld.minimum is not None else float("-inf")
    high = fld.maximum if fld.maximum is not None else float("inf")
    return low <= number <= high


@check(Code.C104)
def numbers(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value, _ in ctx.of(FT.YEAR, FT.SCORE):
        if fld.type in (FT.YEAR, FT.SCORE) and readable(value) and not _number_in_range(fld, value):
            yield finding(Code.C104, at=value, value=value.text, **labels(fld),
                          minimum=thai.to_thai_digits(f"{fld.minimum:g}"),
                          maximum=thai.to_thai_digits(f"{fld.maximum:g}"),
                          minimum_en=f"{fld.minimum:g}", maximum_en=f"{fld.maximum:g}")  # fmt: skip


def numbers_formula(fld: spec.Field, readable: str, number: str) -> tuple[str, str]:
    """ITA-C104 on the live checks sheet: a readable value whose number (``number``: the value
    as ``thai.parse_number``/``parse_year`` read it, "" when they read none) is outside the
    field's range. A whole year in the Christian era is in range here, as in
    ``_number_in_range``: ITA-T201 says what is wrong with it."""
    assert fld.minimum is not None and fld.maximum is not None, fld.key
    in_range = f"AND({number}>={fld.minimum:g},{number}<={fld.maximum:g})"
    if fld.type is FT.YEAR:
        first, last = thai.CHRISTIAN_ERA_YEARS
        christian_era = f"AND({number}>={first},{number}<={last})"
        whole = f"INT({number})={number}"
        good = f"IF(ISNUMBER({number}),AND({whole},OR({christian_era},{in_range})),FALSE)"
    else:
        good = f"AND(ISNUMBER({number}),{in_range})"
    return (readable, f"NOT({good})")


# the usual link, accepted without taking it apart: http(s), a dotted host, then no spaces
_PLAIN_URL_RE = re.compile(
    r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]{1,5})?(?:[/?#]\S*)?"
)


def valid_url(text: str) -> bool:
    if _PLAIN_URL_RE.fullmatch(text):
        return True
    if any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not host.startswith(".")


@check(Code.C105)
def links(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value, _ in ctx.of(FT.URL):
        if fld.type is FT.URL and readable(value) and not valid_url(value.text):
            yield finding(Code.C105, at=value, value=value.text, **labels(fld))


_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_SEPARATORS_RE = re.compile(r"[\s\-().]")
_EXTENSION_RE = re.compile(r"(?:ต่อ|ext\.?|x)\s*\d{1,5}$", re.IGNORECASE)


def valid_phone(text: str) -> bool:
    """Thai numbers: 9 digits for a fixed line (0x xxx xxxx), 10 for a mobile, or +66 forms;
    several numbers may be given separated by commas or slashes, an extension after ``ต่อ``."""
    for number in re.split(r"[,/]|หรือ", thai.to_arabic_digits(text)):
        digits = _PHONE_SEPARATORS_RE.sub("", _EXTENSION_RE.sub("", number.strip()))
        if digits.startswith("+66"):
            digits = "0" + digits[3:]
        if not (digits.isdigit() and digits.startswith("0") and len(digits) in (9, 10)):
            return False
    return True


@check(Code.C107)
def contacts(ret: Return, ctx: Context) -> Iterator[Finding]:
    for fld, value, _ in ctx.of(FT.EMAIL, FT.PHONE):
        if not readable(value):
            continue
        if fld.type is FT.EMAIL and not _EMAIL_RE.fullmatch(value.text):
            yield finding(Code.C107, at=value, value=value.text, **labels(fld),
                          problem="ไม่ใช่อีเมลที่ถูกต้อง", problem_en="not a valid e-mail address",
                          fix="ให้กรอกอีเมลเต็ม เช่น saraban@kohro.go.th",
                          fix_en="type the full address, e.g. saraban@kohro.go.th")  # fmt: skip
        elif fld.type is FT.PHONE and not valid_phone(value.text):
            yield finding(Code.C107, at=value, value=value.text, **labels(fld),
                          problem="ไม่ใช่เบอร์โทรศัพท์ที่ถูกต้อง",
                          problem_en="not a valid telephone number",
                          fix="ให้กรอกเบอร์ ๙–๑๐ หลัก เช่น 073 123 456 หรือ 081 234 5678",
                          fix_en="type a 9–10 digit number, e.g. 073 123 456")  # fmt: skip


_UNIT_SEPARATORS_RE = re.compile(r"\s*(?:,|/|\n|และ)\s*")


def _units_of(text: str) -> list[str]:
    return [u for u in _UNIT_SEPARATORS_RE.split(text.lstrip("-• ")) if u]


@check(Code.R312)
def responsible_units(ret: Return, ctx: Context) -> Iterator[Finding]:
    if not ctx.units:
        return
    known = set(ctx.units)
    for fld, value, _ in ctx.of(FT.UNIT):
        if fld.type is FT.UNIT and readable(value):
            unknown = [u for u in _units_of(value.text) if u not in known]
            if unknown:
                yield finding(Code.R312, at=value, value=value.text,
                              allowed=_sample(list(ctx.units)), **labels(fld))  # fmt: skip
