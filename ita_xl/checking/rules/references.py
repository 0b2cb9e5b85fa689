"""References: measures and follow-ups against each other, against the framework, and text
against the return's own organisation and year (ITA-R301–R311)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ita_xl import spec, thai
from ita_xl.checking.findings import Finding, finding
from ita_xl.checking.rules._base import Context, check, labels, readable, thai_number
from ita_xl.codes import Code
from ita_xl.model import Return, Value, period_of

FT = spec.FieldType
_FREE_TEXT = (FT.TEXT, FT.UNIT, FT.PERIOD)


# --- measures and follow-ups -----------------------------------------------------------------


@check(Code.R301)
def unknown_measures(ret: Return, ctx: Context) -> Iterator[Finding]:
    if ctx.framework.reports_previous_year:
        return  # the follow-ups report last year's measures, which this year's sheet lacks
    codes = {m.code for m in ret.measures if m.code}
    for followup in ret.followups:
        value = followup.get("code")
        if value is not None and readable(value) and followup.code not in codes:
            yield finding(Code.R301, at=value, value=followup.code)


def unknown_measures_formula(record: str, code_readable: str, key: str,
                             measure_keys: str) -> tuple[str, str]:  # fmt: skip
    """ITA-R301 on the live checks sheet, as (where it applies, what is wrong): a record's
    readable code that no measure's key matches. ``record`` is 1 on a record's first row;
    ``key`` the code as compared; ``measure_keys`` the keys of every measure."""
    return (f"AND({record}=1,{code_readable})", f"SUMPRODUCT(--({measure_keys}={key}))=0")


@check(Code.R302)
def repeated_codes(ret: Return, ctx: Context) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for measure in ret.measures:
        value = measure.get("code")
        if value is None or not readable(value):
            continue
        if measure.code in first:
            yield finding(Code.R302, at=value, value=measure.code,
                          first_row=first[measure.code])  # fmt: skip
        else:
            first[measure.code] = measure.row


def repeated_codes_formula(key: str, keys_so_far: str) -> tuple[str, str]:
    """ITA-R302 on the live checks sheet: the measure's key seen in an earlier record
    (``keys_so_far`` runs from the first record to this one)."""
    return (f'{key}<>""', f"SUMPRODUCT(--({keys_so_far}={key}))>1")


def _same_text_key(text: str) -> str:
    """Measures compared as an officer reads them: spaces, เ+เ and digit sets do not count."""
    return thai.to_arabic_digits(thai.clean_spaces(text).replace("เเ", "แ")).replace(" ", "")


@check(Code.R303)
def repeated_measures(ret: Return, ctx: Context) -> Iterator[Finding]:
    first: dict[str, tuple[str, int]] = {}
    for measure in ret.measures:
        value = measure.get("measure")
        if value is None or not readable(value):
            continue
        key = _same_text_key(value.text)
        if key in first:
            code, row = first[key]
            yield finding(Code.R303, at=value, value=value.text, first_code=code or "-",
                          first_row=row)  # fmt: skip
        else:
            first[key] = (measure.code, measure.row)


@check(Code.R304)
def measures_without_followup(ret: Return, ctx: Context) -> Iterator[Finding]:
    months = ret.info.round
    if months not in thai.ROUND_MONTHS or ctx.framework.reports_previous_year:
        return  # (this year's measures are reported on next year, when results are previous)
    reported = {f.code for f in ret.followups if f.round == months}
    for measure in ret.measures:
        value = measure.get("code")
        if value is None or not readable(value) or measure.code in reported:
            continue
        schedule = measure.schedule
        # the year-end (12-month) report covers every measure; earlier rounds only scheduled ones
        if months == 12 or not schedule or months in schedule:
            yield finding(Code.R304, at=value, value=measure.code, round=thai.round_label(months),
                          round_en=f"{months}-month")  # fmt: skip


def measures_without_followup_formula(key: str, months: str, reported_keys: str,
                                      schedule_names_round: str) -> tuple[str, str]:  # fmt: skip
    """ITA-R304 on the live checks sheet: no follow-up of this round reports the measure, and
    the round is the year-end one or the measure's schedule names it (``schedule_names_round``:
    TRUE also when the schedule names no round at all)."""
    return (
        f'AND({key}<>"",{months}<>"")',
        f"IF(SUMPRODUCT(--({reported_keys}={key}))>0,FALSE,"
        f"IF({months}=12,TRUE,{schedule_names_round}))",
    )


@check(Code.R305)
def weak_indicators_without_measures(ret: Return, ctx: Context) -> Iterator[Finding]:
    covered = set()
    for measure in ret.measures:
        value = measure.get("indicator")
        if value is not None and (indicator := ctx.framework.match_indicator(value.raw)):
            covered.add(indicator.number)
    pass_mark = ctx.framework.pass_mark
    for row in ret.indicators:
        number, anchor = row.number, row.get("number")
        if number is None or anchor is None or number in covered:
            continue
        score = row.last_score
        to_develop = row.get("to_develop")
        if score is not None and score < pass_mark:
            reason = (
                f"ได้คะแนน {thai_number(f'{score:g}')} ต่ำกว่าเกณฑ์ {thai_number(f'{pass_mark:g}')}"
            )
            reason_en = f"scored {score:g}, below the pass mark of {pass_mark:g},"
        elif to_develop is not None and readable(to_develop):
            reason, reason_en = "มีประเด็นที่ควรพัฒนา", "has points to develop"
        else:
            continue
        yield finding(Code.R305, at=anchor, value=thai_number(number), reason=reason,
                      reason_en=reason_en)  # fmt: skip


def _is_done(status: str) -> bool:
    return status.replace(" ", "") == spec.STATUS_DONE


@check(Code.R308, Code.R309)
def completed_without_results(ret: Return, ctx: Context) -> Iterator[Finding]:
    for followup in ret.followups:
        if not _is_done(followup.status):
            continue
        for key in ("output", "outcome"):
            value = followup.get(key)
            if value is not None and value.is_blank:
                fld = spec.FOLLOWUPS.field(key)
                yield finding(Code.R308, at=value, **labels(fld))
        link = followup.get("evidence_url")
        if link is not None and link.is_blank:
            yield finding(Code.R309, at=link)


def completed_without_results_formula(done_record: str, values_in_record: str) -> str:
    """ITA-R308 (output, outcome) and ITA-R309 (link) on the live checks sheet, per column:
    1 where the record is ``ดำเนินการแล้วเสร็จ`` and the column holds nothing in any of its rows
    (``values_in_record``)."""
    return f"--AND({done_record},{values_in_record}=0)"


@check(Code.R310)
def repeated_followups(ret: Return, ctx: Context) -> Iterator[Finding]:
    first: dict[tuple[str, int], int] = {}
    for followup in ret.followups:
        value, months = followup.get("code"), followup.round
        if value is None or not readable(value) or months is None:
            continue
        key = (followup.code, months)
        if key in first:
            yield finding(Code.R310, at=value, value=followup.code, first_row=first[key],
                          round=thai.round_label(months), round_en=f"{months}-month")  # fmt: skip
        else:
            first[key] = followup.row


def repeated_followups_formula(pair: str, pairs_so_far: str) -> tuple[str, str]:
    """ITA-R310 on the live checks sheet: the record's code and round (``pair``, empty when
    either cannot be read) seen in an earlier record."""
    return (f'{pair}<>""', f"SUMPRODUCT(--({pairs_so_far}={pair}))>1")


# --- dates and periods -------------------------------------------------------------------------

_GRACE_AFTER_YEAR_END = timedelta(days=366)
"""A report is prepared after its year ends; a date more than a year later is a wrong year."""


def _outside(value: Value, fld: spec.Field, start: date, end: date) -> str | None:
    """The date or period of ``value`` as shown in the message when outside ``start``–``end``."""
    if fld.type is FT.DATE:
        day = value.as_date
        if day is None:
            return None
        latest = end + _GRACE_AFTER_YEAR_END if fld.key == "prepared_on" else end
        return thai.format_date(day, abbreviated=True) if not start <= day <= latest else None
    if fld.type is FT.PERIOD:
        period = period_of(value)
        if period is None:
            return None
        if period.start < start or period.start > end or (period.end and period.end > end):
            return value.text
    return None


def results_year_of(ret: Return, ctx: Context) -> int | None:
    """The fiscal year ``ติดตามผล`` reports on: this one, or (framework ``results_year:
    previous``) the one before."""
    year = ret.info.fiscal_year
    if year is None:
        return None
    return year - 1 if ctx.framework.reports_previous_year else year


def _years_of_sheets(ret: Return, ctx: Context) -> Callable[[Value], int | None]:
    """The fiscal year a value belongs to: the results year on ``ติดตามผล``, else the return's
    (both worked out once: a return has hundreds of values)."""
    year, results = ret.info.fiscal_year, results_year_of(ret, ctx)
    return lambda value: results if value.sheet == spec.FOLLOWUPS.name else year


@check(Code.R311)
def dates_outside_fiscal_year(ret: Return, ctx: Context) -> Iterator[Finding]:
    if ret.info.fiscal_year is None:
        return
    year_of = _years_of_sheets(ret, ctx)
    for fld, value, _ in ctx.of(FT.DATE, FT.PERIOD):
        year = year_of(value)
        if year is None or not 2400 < year < 2700 or not readable(value):
            continue
        start, end = thai.fiscal_year_bounds(year)
        if (shown := _outside(value, fld, start, end)) is not None:
            yield finding(Code.R311, at=value, value=shown, **labels(fld),
                          year=thai_number(year),
                          start=thai.format_date(start, abbreviated=True),
                          end=thai.format_date(end, abbreviated=True),
                          start_en=start.isoformat(), end_en=end.isoformat())  # fmt: skip


# --- other organisations and years named in text ------------------------------------------------

# Thai runs words together ("ของเทศบาลตำบลบางทราย"), so type words match anywhere; a bare
# "อบต" without its dot only at a word start, since it also occurs inside words (ตอบตกลง).
_ORG_TYPE_WORDS = (
    "องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "เทศบาลเมือง",
    "เทศบาลนคร", "เทศบาล", r"อบต\.", r"อบจ\.", r"(?<![ก-๛])อบต", r"(?<![ก-๛])อบจ", r"ทต\.",
    r"ทม\.", r"ทน\.",
)  # fmt: skip
_ORG_RE = re.compile(r"(?P<type>" + "|".join(_ORG_TYPE_WORDS) + r")[ \t]?(?P<name>[ก-ฮเ-ไ][ก-๛]*)")
_ORG_TYPE_PREFIX_RE = re.compile(r"^(" + "|".join(_ORG_TYPE_WORDS) + r")\s*")
_GENERIC_STARTS = (
    "ทุก", "ใน", "และ", "ที่", "ของ", "แต่", "ต่าง", "ให้", "ได้", "จะ", "เป็น", "มี", "ซึ่ง", "ไป",
    "โดย", "เพื่อ", "กับ", "แห่ง", "นี้", "อื่น", "ดัง", "ตาม", "จึง", "ว่า", "หรือ", "เช่น", "ทั้ง",
    "ทั่ว", "ระดับ", "ประเภท", "ขนาด", "ตำบล", "เมือง", "นคร", "จังหวัด", "อำเภอ", "ใกล้", "เคียง",
    "ข้าง", "ส่วน", "สังกัด", "อยู่", "ต้อง", "ควร", "นั้น", "เอง", "เรื่อง",
    # after a role (นายก อบต. แล้ว, ปลัด อบต. ทราบ): the organisation's own people, not a name
    "แล้ว", "ด้วย", "ก็", "ทราบ", "รับทราบ", "เห็นชอบ", "อนุมัติ", "พิจารณา", "ลงนาม", "สั่งการ",
    "ครั้ง", "เกี่ยวกับ", "ตรวจ", "ประชุม",
)  # fmt: skip
_NAME_ENDINGS = ("ได้", "จึง", "ให้", "ใน", "และ", "เพื่อ", "โดย", "ประจำ", "ซึ่ง", "มาปรับ",
                 "มาใช้", "ของ", "เป็น", "อำเภอ", "จังหวัด", "ที่", "ตาม", "ทั้ง")  # fmt: skip


def _name_stem(name: str) -> str:
    """An organisation name without its type words, for comparing: ``อบต. เกาะรอ`` → ``เกาะรอ``."""
    compact = thai.clean_spaces(name).replace("เเ", "แ")
    return _ORG_TYPE_PREFIX_RE.sub("", compact).replace(" ", "")


def _shown_name(kind: str, name: str) -> str:
    """The organisation as quoted in a message: the name cut where the sentence goes on."""
    cut = min((i for w in _NAME_ENDINGS if (i := name.find(w, 2)) > 0), default=len(name))
    return f"{kind}{name[:cut]}"


_ZERO_WIDTH_RE = re.compile(f"[{thai.ZERO_WIDTH}]")


def may_name_organisation(text: str) -> bool:
    """A quick test every organisation name passes (each type word holds one of these), so the
    pattern runs on the few texts that can match. Zero-width characters are ignored, as the
    pattern ignores them."""
    if not text.isprintable() and _ZERO_WIDTH_RE.search(text):
        text = _ZERO_WIDTH_RE.sub("", text)
    return (
        "อบต" in text or "อบจ" in text or "องค์การบริหารส่วน" in text or "เทศบาล" in text
        or "ทต." in text or "ทม." in text or "ทน." in text
    )  # fmt: skip


def other_organisations(text: str, own_name: str) -> list[str]:
    """Organisations named in ``text`` that are not ``own_name`` (after normalisation)."""
    if not may_name_organisation(text):
        return []  # most text names no organisation at all
    own = _name_stem(own_name)
    found: list[str] = []
    for match in _ORG_RE.finditer(thai.clean_spaces(text)):
        name = match["name"].replace("เเ", "แ")
        if name.startswith(_GENERIC_STARTS) or len(name) < 2:
            continue
        if own and (name.startswith(own) or own.startswith(name)):
            continue
        shown = _shown_name(match["type"] + (" " if " " in match.group(0) else ""), name)
        if shown not in found:
            found.append(shown)
    return found


@check(Code.R306)
def other_organisations_named(ret: Return, ctx: Context) -> Iterator[Finding]:
    own = ret.info.org_name
    if not own:
        return
    for fld, value in ctx.texts:
        if fld.type not in _FREE_TEXT or fld.key == "org_name":
            continue
        text = str(value.raw)
        if not may_name_organisation(text):
            continue
        for name in other_organisations(text, own):
            yield finding(Code.R306, at=value, value=name, org=own)


_YEAR_RE = re.compile(
    r"(?:ปีงบประมาณ|ปีงบ\.?|ประจำปี)\s*(?:พ\s*\.\s*ศ\s*\.?\s*)?(?P<year>\d{4}|\d{2})(?!\d)"
    r"(?:\s*[-–]\s*(?P<until>\d{4}|\d{2})(?!\d))?"
)
_ASSESSMENT_RE = re.compile(r"ประเมิน|ITA", re.IGNORECASE)


@dataclass(frozen=True)
class YearMention:
    """A year named in a return's text, as the Buddhist-era year it means."""

    year_be: int
    christian_era: bool
    text: str


def _names_other_year(text: str, year: int, also: int | None = None) -> YearMention | None:
    if "ปี" not in text:
        return None
    source = thai.to_arabic_digits(text)
    for match in _YEAR_RE.finditer(source):
        first = thai.read_year(match["year"])
        if first is None:
            continue
        if first.christian_era:
            return YearMention(first.year_be, True, match.group(0))
        until = thai.read_year(match["until"]) if match["until"] else None
        if until is not None and first.year_be <= year <= until.year_be:
            continue  # a multi-year plan that includes this year
        if first.year_be == year or first.year_be == also:
            continue
        # last year's ITA result is what the return analyses: naming it is right
        before = source[max(0, match.start() - 40) : match.start()]
        if first.year_be == year - 1 and _ASSESSMENT_RE.search(before):
            continue
        return YearMention(first.year_be, first.christian_era, match.group(0))
    return None


@check(Code.R307, Code.T201)
def other_fiscal_years_named(ret: Return, ctx: Context) -> Iterator[Finding]:
    year = ret.info.fiscal_year
    if year is None:
        return
    year_of = _years_of_sheets(ret, ctx)
    for fld, value in ctx.texts:
        if fld.type not in _FREE_TEXT or fld.type is FT.PERIOD or fld.locked or fld.prefilled:
            continue
        results = year_of(value)
        also = results if results != year else None  # last year's report names last year
        mention = _names_other_year(str(value.raw), year, also)
        if mention is None:
            continue
        if mention.christian_era and mention.year_be == year:
            typed = thai.be_to_ce(year)
            yield finding(Code.T201, at=value, value=mention.text, **labels(fld), year_ce=typed,
                          year_be=year)  # fmt: skip
        else:
            yield finding(Code.R307, at=value, value=mention.text,
                          year=thai_number(mention.year_be), year_en=mention.year_be,
                          expected=thai_number(year), expected_en=year)  # fmt: skip
