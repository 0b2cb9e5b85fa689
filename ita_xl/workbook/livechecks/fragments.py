"""Formula fragments that judge one value the way the Python checks do.

Only functions Excel (2013 and later), LibreOffice, Excel for the web and Google Sheets all have:
no LET, REGEX, TEXTJOIN or dynamic arrays, and no IF inside SUMPRODUCT (legacy Excel evaluates
it without arrays). Every fragment takes and returns formula text; long inputs should be cell
references, since a fragment may repeat its argument. Each fragment names the Python function it
mirrors, and ``tests/test_live_checks.py`` compares them on the same tricky texts in LibreOffice.
"""

from __future__ import annotations

from ita_xl import thai
from ita_xl.model import EXCEL_ERRORS, PLACEHOLDERS

DIGITS = "0123456789"
DONE = "ดำเนินการแล้วเสร็จ"
INDICATOR_PREFIX = "ตัวชี้วัดที่"
POSITIONS = "lst_positions"
"""A defined name over 1..``POSITION_COUNT`` rows, whose ROW() numbers a text's characters."""
POSITION_COUNT = 160
PAD = 8
"""Spaces put before a schedule's text, so a character's eight predecessors always exist."""

LIST_PLACEHOLDERS = "lst_placeholders"
LIST_INDICATOR_NUMBERS = "lst_indicator_numbers"
LIST_INDICATOR_NAMES = "lst_indicator_names"
LIST_ERRORS = "lst_errors"
HIDDEN_LISTS: dict[str, tuple[str, ...]] = {
    LIST_PLACEHOLDERS: tuple(sorted(PLACEHOLDERS)),
    LIST_ERRORS: tuple(sorted(EXCEL_ERRORS)),
}


EMPTY = '""'
SPACE = '" "'
COMMA = '","'


def text(value: str) -> str:
    """A string literal."""
    return '"' + value.replace('"', '""') + '"'


def _nest(expr: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        expr = f"SUBSTITUTE({expr},{old},{new})"
    return expr


def arabic_digits(expr: str) -> str:
    """``thai.to_arabic_digits``."""
    return _nest(expr, [(text(t), text(a)) for t, a in zip(thai.THAI_DIGITS, DIGITS, strict=True)])


_WHITESPACE = ["CHAR(10)", "CHAR(13)", "CHAR(9)", "_xlfn.UNICHAR(160)"]
_ZERO_WIDTH = [f"_xlfn.UNICHAR({ord(c)})" for c in thai.ZERO_WIDTH]


def spaced(expr: str) -> str:
    """Line breaks, tabs and no-break spaces as spaces (Excel's TRIM knows only the space)."""
    return _nest(expr, [(w, SPACE) for w in _WHITESPACE])


def clean(expr: str) -> str:
    """``thai.clean_spaces``: no zero-width characters, runs of white space as one, trimmed."""
    return f"TRIM({_nest(spaced(expr), [(z, EMPTY) for z in _ZERO_WIDTH])})"


def is_placeholder(lowered_trimmed: str) -> str:
    """``model.is_placeholder`` of an already lowered, trimmed text."""
    return f"SUMPRODUCT(--({lowered_trimmed}={LIST_PLACEHOLDERS}))>0"


def not_blank(x: str) -> str:
    """``not Value.is_blank`` of the cell ``x``: empty, only spaces or a placeholder is blank;
    a number, a truth value or an error value is not."""
    placeholder = is_placeholder(f"LOWER(TRIM({spaced(x)}))")
    text_filled = f'IF({clean(x)}="",FALSE,IF(LEN({x})>8,TRUE,NOT({placeholder})))'
    return f"IF(ISTEXT({x}),{text_filled},NOT(ISBLANK({x})))"


def state(x: str) -> str:
    """The value as the checks see it: clean text, the number or truth value, ``#ERR`` for an
    error value (or its text, such as ``#N/A``, which a reader cannot tell from it: ``Value``'s
    ``is_error``), ``""`` for an empty cell."""
    trimmed = f"TRIM({spaced(x)})"
    # every error text is upper case: "=" against the list (which every engine evaluates over a
    # range inside SUMPRODUCT, unlike EXACT) after EXACT(t,UPPER(t)) is EXACT against the list
    error_text = (
        f'IF(LEFT({x},1)="#",AND(EXACT({trimmed},UPPER({trimmed})),'
        f"SUMPRODUCT(--({trimmed}={LIST_ERRORS}))>0),FALSE)"
    )
    text_state = f'IF({error_text},"#ERR",{clean(x)})'
    return f'IF(ISTEXT({x}),{text_state},IF(ISBLANK({x}),"",IF(ISERROR({x}),"#ERR",{x})))'


def strip_digits(expr: str) -> str:
    return _nest(expr, [(text(d), EMPTY) for d in DIGITS])


def digits_only(expr: str) -> str:
    """Non-empty and only 0–9 (``[0-9]+``)."""
    return f"AND(LEN({expr})>0,LEN({strip_digits(expr)})=0)"


def _grouped(x: str) -> str:
    """``\\d{1,3}(?:,\\d{3})+``: the commas exactly every three digits from the right."""
    commas = f'(LEN({x})-LEN(SUBSTITUTE({x},",","")))'
    digits = f"(LEN({x})-{commas})"
    pad = 4 * POSITION_COUNT + 1  # MID must never start before the text
    at_place = (
        f'SUMPRODUCT(--(MID(REPT(" ",{pad})&{x},{pad}+LEN({x})-4*ROW({POSITIONS})+1,1)=","),'
        f"--(ROW({POSITIONS})<={commas}))"
    )
    return (
        f"AND({digits_only(f'SUBSTITUTE({x},{COMMA},{EMPTY})')},"
        f"{commas}=INT(({digits}-1)/3),{at_place}={commas})"
    )


def _integer_part(x: str) -> str:
    return f'IF(ISNUMBER(FIND(",",{x})),{_grouped(x)},{digits_only(x)})'


def unsigned(t: str) -> str:
    """The text without one leading sign (the cell ``t`` holds clean text in Arabic digits)."""
    return f'IF(OR(LEFT({t},1)="+",LEFT({t},1)="-"),MID({t},2,999),{t})'


def plain_number(s: str) -> str:
    """``thai._NUMBER_RE`` on ``s``, a cell holding the text without its sign:
    ``(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?``."""
    dot = f'FIND(".",{s})'
    with_dot = f"AND({_integer_part(f'LEFT({s},{dot}-1)')},{digits_only(f'MID({s},{dot}+1,999)')})"
    return f"IF(LEN({s})=0,FALSE,IF(ISNUMBER({dot}),{with_dot},{_integer_part(s)}))"


def number_value(t: str) -> str:
    """The number of the cell ``t`` (clean text in Arabic digits) once ``plain_number`` holds."""
    return f'VALUE(SUBSTITUTE({t},",",""))'


def round_of_text(a: str, s: str) -> str:
    """``thai._round_in_text``: ``a`` holds the clean text in Arabic digits, ``s`` the same
    without its sign. A whole number is the round itself; otherwise exactly one group of one or
    two digits (``\\d{1,2}`` found once) names it. ``""`` when it names no round."""
    number = f"{number_value(a)}"
    as_number = round_of_number(number)
    count = f"(LEN({a})-LEN({strip_digits(a)}))"
    one = (
        f'IF(ISNUMBER(FIND("3",{a})),3,IF(ISNUMBER(FIND("6",{a})),6,'
        f'IF(ISNUMBER(FIND("9",{a})),9,"")))'
    )
    two = (
        f'IF(ISNUMBER(FIND("12",{a})),12,IF(ISNUMBER(FIND("03",{a})),3,'
        f'IF(ISNUMBER(FIND("06",{a})),6,IF(ISNUMBER(FIND("09",{a})),9,""))))'
    )
    return f'IF({plain_number(s)},{as_number},IF({count}=1,{one},IF({count}=2,{two},"")))'


def round_of_number(v: str) -> str:
    """``thai.parse_round`` of a number cell."""
    return f'IF(AND(INT({v})={v},OR({v}=3,{v}=6,{v}=9,{v}=12)),{v},"")'


# --- schedules: every \d{1,2} group of a text --------------------------------------------------


def _is_digit(u: str, offset: int) -> str:
    """1 where the character ``offset`` places after each position of ``u`` is a digit."""
    position = f"ROW({POSITIONS})+{PAD + offset}" if PAD + offset else f"ROW({POSITIONS})"
    return f'ISNUMBER(FIND(MID({u},{position},1),"{DIGITS}"))*(({position})<=LEN({u}))'


def _group_starts(u: str) -> str:
    """1 where a ``\\d{1,2}`` group starts: a digit after an even number of digits (up to six,
    so runs of up to eight digits are split exactly as Python's ``findall`` splits them)."""
    d = [f"({_is_digit(u, -k)})" for k in range(8)]
    even = f"(1-{d[1]})"
    for run in (2, 4, 6):
        before = "*".join(d[1 : run + 1])
        even += f"+{before}*(1-{d[run + 1]})"
    return f"{d[0]}*({even})"


def _group_text(u: str) -> str:
    return f"MID({u},ROW({POSITIONS})+{PAD},1+({_is_digit(u, 1)}))"


def schedule_groups(u: str) -> str:
    """How many ``\\d{1,2}`` groups ``u`` holds (``u``: eight spaces, then the text in Arabic
    digits)."""
    return f"SUMPRODUCT({_group_starts(u)})"


def _is_round_group(group: str) -> str:
    return "+".join(f'({group}="{g}")' for g in ("3", "6", "9", "12", "03", "06", "09"))


def schedule_bad_groups(u: str) -> str:
    """How many groups of ``u`` are not a round (3, 6, 9, 12)."""
    group = _group_text(u)
    return f"SUMPRODUCT({_group_starts(u)},1-({_is_round_group(group)}))"


def schedule_names(u: str, months: str) -> str:
    """Whether ``u`` names the round ``months`` (a cell holding 3, 6, 9 or 12)."""
    group = _group_text(u)
    named = f'({group}=TEXT({months},"0"))+({group}=TEXT({months},"00"))'
    return f"SUMPRODUCT({_group_starts(u)},{named})>0"


# --- indicators, codes, statuses ------------------------------------------------------------


def indicator_matches(c: str) -> str:
    """``Framework.match_indicator`` of the cell ``c``: clean text in Arabic digits, without
    the ``ตัวชี้วัดที่`` prefix. ``"๓"``, ``"3 การใช้อำนาจ"`` and ``"การใช้อำนาจ"`` match."""
    token = f'LEFT({c},FIND(" ",{c}&" ")-1)'
    rest = f"MID({c},LEN({token})+2,999)"
    found = f"MATCH(VALUE({token}),{LIST_INDICATOR_NUMBERS},0)"
    by_number = (
        f'IF(ISNUMBER({found}),OR({rest}="",'
        f'SUBSTITUTE({rest}," ","")=INDEX({LIST_INDICATOR_NAMES},{found})),FALSE)'
    )
    by_name = f'SUMPRODUCT(--(SUBSTITUTE({c}," ","")={LIST_INDICATOR_NAMES}))>0'
    return f"IF({digits_only(token)},{by_number},{by_name})"


def without_prefix(expr: str, prefix: str) -> str:
    rest = f"MID({expr},{len(prefix) + 1},999)"
    return f"TRIM(IF(LEFT({expr},{len(prefix)})={text(prefix)},{rest},{expr}))"


def measure_key(v: str, x: str) -> str:
    """``model.measure_code`` of the cell ``x`` (``v``: its state): ``m ๐๓`` is ``M03``. The
    code is read with its line breaks (``thai.clean_lines``), so ``M0`` and ``1`` on two lines
    are not ``M01``, as in Python."""
    no_spaces = _nest(x, [("CHAR(13)", "CHAR(10)"), ("CHAR(9)", EMPTY),
                          ("_xlfn.UNICHAR(160)", EMPTY), (SPACE, EMPTY),
                          *((z, EMPTY) for z in _ZERO_WIDTH)])  # fmt: skip
    # empty lines dropped: the line breaks as spaces, TRIM, and back
    lines = f"SUBSTITUTE(TRIM(SUBSTITUTE({no_spaces},CHAR(10),{SPACE})),{SPACE},CHAR(10))"
    return f'IF(ISNUMBER({v}),{v}&"",UPPER({arabic_digits(lines)}))'


def template_code(v: str) -> str:
    """``read._TEMPLATE_CODE_RE``: the code the template wrote in a row (``M01``)."""
    return (
        f'AND(ISTEXT({v}),OR(LEN({v})=3,LEN({v})=4),EXACT(LEFT({v},1),"M"),'
        f"{digits_only(f'MID({v},2,3)')})"
    )


def is_done(x: str) -> str:
    """``references._is_done`` of the cell ``x``: ``ดำเนินการแล้วเสร็จ`` whatever its spaces,
    on one line."""
    squeezed = _nest(x, [("CHAR(9)", EMPTY), ("_xlfn.UNICHAR(160)", EMPTY), (SPACE, EMPTY),
                         *((z, EMPTY) for z in _ZERO_WIDTH), ("CHAR(13)", "CHAR(10)")])  # fmt: skip
    return (
        f'AND(ISTEXT({x}),SUBSTITUTE({squeezed},CHAR(10),"")={text(DONE)},'
        f"ISNUMBER(FIND({text(DONE)},{squeezed})))"
    )


def in_list(v: str, name: str) -> str:
    """``v`` equals one of the defined name's values (no MATCH: it reads ``*`` and ``?`` as
    wildcards in what an officer typed)."""
    return f"SUMPRODUCT(--({v}={name}))>0"


def year_text(t: str) -> str:
    """``thai._YEAR_PREFIX_RE`` removed from clean text ``t``: ``ปีงบประมาณ พ.ศ. ๒๕๖๖`` →
    ``๒๕๖๖``."""
    # the alternatives longest first, as the pattern tries them
    return (
        f'TRIM(IF(LEFT({t},10)="ปีงบประมาณ",MID({t},11,999),IF(LEFT({t},5)="ปีงบ.",MID({t},6,999),'
        f'IF(LEFT({t},4)="ปีงบ",MID({t},5,999),IF(LEFT({t},2)="ปี",MID({t},3,999),{t})))))'
    )


def year_era(p: str) -> str:
    """The era ``[พค] . ศ .`` removed from ``p`` (a cell after ``year_text``)."""
    sho = f'FIND("ศ",{p})'
    era = (
        f'AND(OR(LEFT({p},1)="พ",LEFT({p},1)="ค"),ISNUMBER({sho}),'
        f'IFERROR(SUBSTITUTE(MID({p},2,{sho}-2)," ","")=".",FALSE))'
    )
    after = f"TRIM(MID({p},{sho}+1,999))"
    rest = f'TRIM(IF(LEFT({after},1)=".",MID({after},2,999),{after}))'
    return f"IF({era},{rest},{p})"
