"""What the ``ตรวจสอบ`` sheet computes, generated from the workbook description (``spec``).

Hidden helper columns hold, row for row, what the reader and the checks see in each input sheet:
helper row *r* looks at row *r* of its sheet through ``INDEX(sheet!$B:$B,ROW())``, so a row an
officer inserts anywhere is covered (a plain reference would move with the old row and leave the
new one out). The helpers follow ``read.py`` (which rows are records, which continue the record
above as a pasted Word paragraph does) and ``checks`` (one flag per finding), and the visible
table adds the flags up per code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ita_xl import spec
from ita_xl.checking.findings import RULES, Severity
from ita_xl.checking.rules import cells as cell_rules
from ita_xl.checking.rules import references as rules
from ita_xl.codes import Code
from ita_xl.frameworks import Framework
from ita_xl.model import column_letter
from ita_xl.workbook.livechecks import fragments as fx

FIRST_ROW = 2
"""Helper rows start at 2; row 1 holds their titles."""
ROWS = {
    spec.INDICATORS.name: 40,
    **{t.name: t.header_row + t.input_rows for t in (spec.MEASURES, spec.FOLLOWUPS)},
}
"""The last row of each input sheet the helpers look at: the template's whole grid (200 and 300),
and 40 for the indicators, whose rows the framework pre-fills."""
BLOCK_STARTS = {spec.INDICATORS.name: 8, spec.MEASURES.name: 40, spec.FOLLOWUPS.name: 110}
"""First column of each sheet's helpers (H, AN, DF): the visible table uses A–D, the form's
helper cells G; each block has room to grow."""

LIVE_CODES = (Code.C101, Code.C102, Code.C104, Code.C108, Code.R301, Code.R302,
              Code.R304, Code.R308, Code.R309, Code.R310)  # fmt: skip
"""The codes the sheet counts exactly as ``ita-xl validate`` does."""


def quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


@dataclass
class Block:
    """Hidden helper columns for one input sheet (or, ``rows=1``, single cells for the form)."""

    sheet: str
    start: int
    last_row: int
    letters: dict[str, str] = field(default_factory=dict)
    formulas: dict[str, str] = field(default_factory=dict)
    """Helper name → its formula in row ``FIRST_ROW`` (shared down to ``last_row``)."""

    def add(self, name: str, formula: str) -> str:
        letter = column_letter(self.start + len(self.letters))
        self.letters[name] = letter
        self.formulas[name] = formula
        return self.here(name)

    def here(self, name: str) -> str:
        return f"{self.letters[name]}{FIRST_ROW}"

    def below(self, name: str) -> str:
        return f"{self.letters[name]}{FIRST_ROW + 1}"

    def above(self, name: str) -> str:
        return f"{self.letters[name]}{FIRST_ROW - 1}"

    def column(self, name: str) -> str:
        letter = self.letters[name]
        return f"${letter}${FIRST_ROW}:${letter}${self.last_row}"

    def so_far(self, name: str) -> str:
        letter = self.letters[name]
        return f"${letter}${FIRST_ROW}:{letter}{FIRST_ROW}"

    @property
    def end(self) -> int:
        return self.start + len(self.letters)

    def next_above(self) -> str:
        """The cell above in the column the next helper gets (a chain down a record's rows)."""
        return f"{column_letter(self.end)}{FIRST_ROW - 1}"

    def next_below(self) -> str:
        """The cell below in the column the next helper gets: a helper that refers to itself
        one row down (a chain over a record's continuation rows)."""
        return f"{column_letter(self.end)}{FIRST_ROW + 1}"


@dataclass(frozen=True)
class Flags:
    """Where one code's findings are on one sheet: a 0/1 helper per field, in column order."""

    block: Block | None
    sheet: str
    fields: tuple[tuple[str, str], ...]
    """(flag helper or, for the form, flag cell; the field's column letter on ``sheet``)."""
    rows: tuple[int, ...] = ()
    """For the form: the row of each flag's cell on ``sheet``."""


@dataclass
class Plan:
    framework: Framework
    previous_year: bool
    blocks: list[Block] = field(default_factory=list)
    form: dict[str, str] = field(default_factory=dict)
    """Single helper cells of the form (name → formula), written in column G."""
    form_cells: dict[str, str] = field(default_factory=dict)
    flags: dict[str, list[Flags]] = field(default_factory=dict)

    def flag(self, code: Code, flags: Flags) -> None:
        self.flags.setdefault(code, []).append(flags)


FORM_COLUMN = "G"
MAYBE_MERGED = "errors_maybe_merged"
"""Per table row: errors that may come of a merge no formula sees (``_maybe_merged``)."""


def gate(condition: str, flag: str) -> str:
    """0/1: ``flag`` where ``condition`` holds, else 0. IF evaluates only the branch it takes
    (AND and OR evaluate every argument), so most rows, which are empty, skip the costly part;
    in LibreOffice a blank template then recalculates in 0.2 s instead of 7 s."""
    if condition == "TRUE":
        return f"--({flag})"
    return f"IF({condition},--({flag}),0)"


def _input(sheet: str, letter: str) -> str:
    return f"INDEX({quoted(sheet)}!${letter}:${letter},ROW())"


def _letters(table: spec.TableSheet, previous_year: bool) -> dict[str, str]:
    fields = table.fields_for(previous_year)
    return {f.key: column_letter(i + 1) for i, f in enumerate(fields)}


def _number_text(add: Callable[[str, str], str], name: str, digits: str) -> tuple[str, str]:
    """Two helpers a number typed as text needs: the text in Arabic digits (``digits``) and the
    same without its sign, which ``plain_number`` and ``round_of_text`` read."""
    in_digits = add(f"{name}_digits", digits)
    return in_digits, add(f"{name}_unsigned", fx.unsigned(in_digits))


def _form_cell(plan: Plan, name: str, formula: str) -> str:
    cell = f"${FORM_COLUMN}${FIRST_ROW + len(plan.form)}"
    plan.form[name] = formula
    plan.form_cells[name] = cell
    return cell


# --- the form -------------------------------------------------------------------------------


def _form(plan: Plan) -> None:
    form = spec.INFO
    rows = {f.key: form.first_row + i for i, f in enumerate(form.fields)}
    sheet = quoted(form.name)

    def cell(key: str) -> str:
        return f"{sheet}!$B${rows[key]}"

    c101: list[tuple[str, str]] = []
    for fld in form.fields:
        if fld.required:
            filled = f"--{fx.not_blank(cell(fld.key))}"
            flag = _form_cell(
                plan, f"c101_{fld.key}", gate(*cell_rules.required_values_formula("TRUE", filled))
            )
            c101.append((flag, "B"))
    plan.flag(Code.C101, Flags(None, form.name, tuple(c101),
                                tuple(rows[f.key] for f in form.fields if f.required)))  # fmt: skip

    def readable(key: str, state: str) -> str:
        """Filled, and not an error value nor its text (``Value.is_error``: ITA-C106's)."""
        return f'AND({fx.not_blank(cell(key))},{state}<>"#ERR")'

    org_type = _form_cell(plan, "state_org_type", fx.state(cell("org_type")))
    province = _form_cell(plan, "state_province", fx.state(cell("province")))
    province_name = fx.without_prefix(province, "จังหวัด")
    round_state = _form_cell(plan, "state_round", fx.state(cell("round")))
    form_cell = functools.partial(_form_cell, plan)
    round_digits, round_unsigned = _number_text(form_cell, "round", fx.arabic_digits(round_state))
    months = _form_cell(plan, "months", (
        f'IF(ISNUMBER({round_state}),{fx.round_of_number(round_state)},'
        f'IF(ISTEXT({round_state}),{fx.round_of_text(round_digits, round_unsigned)},""))'
    ))  # fmt: skip
    plan.form_cells["months_cell"] = months

    def not_in_list(name: str, readable: str, allowed: str) -> tuple[str, str]:
        flag = gate(*cell_rules.values_in_lists_formula(readable, allowed))
        return _form_cell(plan, name, flag), "B"

    c102 = [
        not_in_list("c102_org_type", readable("org_type", org_type),
                    fx.in_list(org_type, spec.LIST_ORG_TYPES)),
        not_in_list("c102_province", readable("province", province),
                    fx.in_list(province_name, spec.LIST_PROVINCES)),
        not_in_list("c102_round", readable("round", round_state), f'{months}<>""'),
    ]  # fmt: skip
    plan.flag(Code.C102, Flags(None, form.name, tuple(c102),
                                (rows["org_type"], rows["province"], rows["round"])))  # fmt: skip

    year_state = _form_cell(plan, "state_year", fx.state(cell("fiscal_year")))
    year_words = _form_cell(plan, "year_words",
                            f'IF(ISTEXT({year_state}),{fx.year_text(year_state)},"")')  # fmt: skip
    year_era = _form_cell(plan, "year_era", fx.year_era(year_words))
    year_digits, year_unsigned = _number_text(form_cell, "year", fx.arabic_digits(year_era))
    year = _form_cell(plan, "year", (
        f'IF(ISNUMBER({year_state}),{year_state},IF(AND(ISTEXT({year_state}),'
        f'{fx.plain_number(year_unsigned)}),{fx.number_value(year_digits)},""))'
    ))  # fmt: skip
    c104 = _form_cell(plan, "c104_year", gate(*cell_rules.numbers_formula(
        spec.INFO.field("fiscal_year"), readable("fiscal_year", year_state), year)))  # fmt: skip
    plan.flag(Code.C104, Flags(None, form.name, ((c104, "B"),), (rows["fiscal_year"],)))


# --- tables: which rows are records ------------------------------------------------------------


def _records(
    block: Block, table: spec.TableSheet, letters: dict[str, str], counted: list[str],
    content: list[str],
) -> dict[str, str]:  # fmt: skip
    """Helpers every table has: per field, is it filled (``nb_``) and, for fields whose content
    is checked, its state (``v_``); then ``cand`` (a row the reader takes), ``cont`` (a row
    that continues the record above: ``read._continues``) and ``rec`` (a record)."""
    for key, letter in letters.items():
        x = _input(block.sheet, letter)
        block.add(f"nb_{key}", f"--{fx.not_blank(x)}")
        if key in content:
            block.add(f"v_{key}", fx.state(x))
    header = f"ROW({quoted(block.sheet)}!$A${table.header_row})"
    filled = "+".join(block.here(f"nb_{k}") for k in counted)
    block.add("cand", f"--AND(ROW()>{header},({filled})>0)")
    own = "+".join(block.here(f"nb_{k}") for k in letters if k not in table.identity)
    required = [f for f in table.fields if f.required and f.key not in table.identity]
    identity = []
    for key in table.identity:
        if table.field(key).prefilled:  # a pre-coded row's code does not make it a record
            template_code = fx.template_code(block.here(f"v_{key}"))
            identity.append(f"OR({block.here(f'nb_{key}')}=0,{template_code})")
        else:
            identity.append(f"{block.here(f'nb_{key}')}=0")
    # a title of its own starts a record, unless it is all the row holds (no code at all): a
    # sentence continued on the next row instead of Alt+Enter
    everything = "+".join(block.here(f"nb_{k}") for k in letters)
    title = block.here(f"nb_{table.title_field}")
    block.add("cont", (
        f"--AND({block.here('cand')}=1,{block.above('cand')}=1,({own})<={len(required) // 2},"
        f"OR({title}=0,({everything})=1),{','.join(identity)})"
    ))  # fmt: skip
    block.add("rec", f"--AND({block.here('cand')}=1,{block.here('cont')}=0)")
    return letters


def _filled_in_record(block: Block, key: str) -> str:
    """``cnt_``: how many of the record's rows (its own and its continuations) fill ``key``."""
    return block.add(
        f"cnt_{key}",
        f"{block.here(f'nb_{key}')}+IF({block.below('cont')}=1,{block.next_below()},0)",
    )


def _joined(block: Block, key: str) -> str:
    """``j_``: the record's value of ``key`` as the reader joins continuation rows
    (``read._continue_record``: text is joined, a number keeps its own)."""
    v, nb, j = block.here(f"v_{key}"), block.here(f"nb_{key}"), f"j_{key}"
    below = block.next_below()
    more = f"AND(ISTEXT({v}),{block.below('cont')}=1,{block.below(f'cnt_{key}')}>0)"
    return block.add(j, (
        f'IF({nb}=1,IF({more},{v}&" "&{below},{v}),IF({block.below("cont")}=1,{below},""))'
    ))  # fmt: skip


def _at_value(block: Block, key: str, flag: str) -> str:
    """The record's ``flag`` moved to the row of the record's first value of ``key``: a value
    joined from pasted paragraphs keeps the cell of its first part (``read._continue_record``),
    and that is the cell validate names (and the cell to colour)."""
    nb, rec, cont = block.here(f"nb_{key}"), block.here("rec"), block.here("cont")
    seen = f"seen_{key}"
    if seen not in block.letters:
        block.add(seen, f"IF({rec}=1,{nb},IF({cont}=1,MAX({block.next_above()},{nb}),0))")
    held = block.add(f"held_{flag}", (
        f"IF({rec}=1,{block.here(flag)},IF({cont}=1,{block.next_above()},0))"
    ))  # fmt: skip
    first_here = f"IF({rec}=1,{nb},IF({cont}=1,{nb}*({block.above(seen)}=0),0))"
    return block.add(f"{flag}_at", f"{held}*{first_here}")


def _required(plan: Plan, block: Block, table: spec.TableSheet, letters: dict[str, str]) -> None:
    flags = []
    for key, letter in letters.items():
        fld = table.field(key)
        if not fld.required:
            continue
        filled = block.here(f"nb_{key}") if key in table.identity else block.here(f"cnt_{key}")
        missing = gate(*cell_rules.required_values_formula(f"{block.here('rec')}=1", filled))
        flags.append((block.add(f"c101_{key}", missing), letter))
    plan.flag(Code.C101, _table_flags(block, flags))


def _table_flags(block: Block, flags: list[tuple[str, str]]) -> Flags:
    names = []
    for cell, letter in flags:
        name = next(n for n in block.letters if block.here(n) == cell)
        names.append((name, letter))
    return Flags(block, block.sheet, tuple(names))


# --- ตัวชี้วัด --------------------------------------------------------------------------------


def _indicators(plan: Plan) -> None:
    table = spec.INDICATORS
    block = Block(table.name, BLOCK_STARTS[table.name], ROWS[table.name])
    plan.blocks.append(block)
    letters = _letters(table, plan.previous_year)
    for key in ("number", "last_score"):
        x = _input(block.sheet, letters[key])
        block.add(f"nb_{key}", f"--{fx.not_blank(x)}")
        block.add(f"v_{key}", fx.state(x))
    v = block.here("v_number")
    words, bare = _number_text(block.add, "number", fx.arabic_digits(
        fx.without_prefix(f'IF(ISNUMBER({v}),{v}&"",{v})', fx.INDICATOR_PREFIX)))  # fmt: skip
    number = f"{fx.number_value(words)}"
    header = f"ROW({quoted(block.sheet)}!$A${table.header_row})"
    block.add("rec", (
        f"--AND(ROW()>{header},{block.here('nb_number')}=1,"
        f"IF({fx.plain_number(bare)},INT({number})={number},FALSE))"
    ))  # fmt: skip
    score = block.here("v_last_score")
    s_digits, s_bare = _number_text(
        block.add, "score", f'IF(ISTEXT({score}),{fx.arabic_digits(score)},"")'
    )
    value = block.add("score", (
        f'IF(ISNUMBER({score}),{score},IF(AND(ISTEXT({score}),{fx.plain_number(s_bare)}),'
        f'{fx.number_value(s_digits)},""))'
    ))  # fmt: skip
    scored = f'AND({block.here("rec")}=1,{block.here("nb_last_score")}=1,{score}<>"#ERR")'
    flag = block.add("c104", gate(*cell_rules.numbers_formula(
        table.field("last_score"), scored, value)))  # fmt: skip
    plan.flag(Code.C104, _table_flags(block, [(flag, letters["last_score"])]))


# --- มาตรการ ---------------------------------------------------------------------------------


def _measures(plan: Plan) -> Block:
    table = spec.MEASURES
    block = Block(table.name, BLOCK_STARTS[table.name], ROWS[table.name])
    plan.blocks.append(block)
    letters = _letters(table, plan.previous_year)
    counted = [k for k in letters if k != "code"]
    _records(block, table, letters, counted, content=["code", "indicator", "schedule"])
    for key in letters:
        if table.field(key).required and key not in table.identity:
            _filled_in_record(block, key)
    _required(plan, block, table, letters)
    rec = block.here("rec")

    # ITA-C102: the indicator and the schedule, as the record holds them after joining
    indicator = _joined(block, "indicator")
    words = block.add("indicator_text", fx.without_prefix(
        fx.arabic_digits(f'IF(ISNUMBER({indicator}),{indicator}&"",{indicator})'),
        fx.INDICATOR_PREFIX))  # fmt: skip
    bad_indicator = block.add("c102_indicator", gate(*cell_rules.values_in_lists_formula(
        f'AND({rec}=1,{block.here("cnt_indicator")}>0,{indicator}<>"#ERR")',
        f'IF(ISNUMBER({indicator}),ISNUMBER(MATCH({indicator},{fx.LIST_INDICATOR_NUMBERS},0)),'
        f"IF(ISTEXT({indicator}),{fx.indicator_matches(words)},FALSE))",
    )))  # fmt: skip
    schedule = _joined(block, "schedule")
    padded = block.add("schedule_text", (
        f'IF(AND(ISTEXT({schedule}),{schedule}<>""),'
        f'REPT(" ",{fx.PAD})&{fx.arabic_digits(schedule)},"")'
    ))  # fmt: skip
    groups = block.add("schedule_groups", f'IF({padded}="",0,{fx.schedule_groups(padded)})')
    bad_schedule = block.add("c102_schedule", gate(*cell_rules.values_in_lists_formula(
        f'AND({rec}=1,{block.here("cnt_schedule")}>0,{schedule}<>"#ERR")',
        f"IF(ISNUMBER({schedule}),{fx.round_of_number(f'TRUNC({schedule})')}<>\"\","
        f"IF(ISTEXT({schedule}),IF({groups}=0,FALSE,{fx.schedule_bad_groups(padded)}=0),FALSE))",
    )))  # fmt: skip
    bad_indicator = _at_value(block, "indicator", "c102_indicator")
    bad_schedule = _at_value(block, "schedule", "c102_schedule")
    plan.flag(Code.C102, _table_flags(block, [(bad_indicator, letters["indicator"]),
                                               (bad_schedule, letters["schedule"])]))  # fmt: skip

    # ITA-R302: a code seen in an earlier record
    code = block.here("v_code")
    key = block.add(
        "key",
        (
            f'IF(AND({rec}=1,{block.here("nb_code")}=1,{code}<>"#ERR"),'
            f'{fx.measure_key(code, _input(block.sheet, letters["code"]))},"")'
        ),
    )
    repeated = block.add("r302", gate(*rules.repeated_codes_formula(key, block.so_far("key"))))
    plan.flag(Code.R302, _table_flags(block, [(repeated, letters["code"])]))
    return block


def _schedule_names_round(block: Block, months: str) -> str:
    """Whether the record's schedule names the return's round, or names none at all (then every
    round is due): ``references.measures_without_followup``."""
    schedule = block.here("j_schedule")
    padded, groups = block.here("schedule_text"), block.here("schedule_groups")
    return (
        f"IF(ISNUMBER({schedule}),TRUNC({schedule})={months},"
        f"IF(ISTEXT({schedule}),IF({groups}=0,TRUE,{fx.schedule_names(padded, months)}),TRUE))"
    )


# --- ติดตามผล --------------------------------------------------------------------------------


def _followups(plan: Plan, measures: Block) -> Block:
    table = spec.FOLLOWUPS
    block = Block(table.name, BLOCK_STARTS[table.name], ROWS[table.name])
    plan.blocks.append(block)
    letters = _letters(table, plan.previous_year)
    _records(block, table, letters, list(letters), content=["code", "round", "status"])
    for key in letters:
        if key not in table.identity:
            _filled_in_record(block, key)
    _required(plan, block, table, letters)
    rec = block.here("rec")
    months = plan.form_cells["months_cell"]

    # the round, as thai.parse_round reads it
    v = block.here("v_round")
    digits, bare = _number_text(block.add, "round", f'IF(ISTEXT({v}),{fx.arabic_digits(v)},"")')
    round_ = block.add("round", (
        f'IF({block.here("nb_round")}=0,"",IF(ISNUMBER({v}),{fx.round_of_number(v)},'
        f'IF(AND(ISTEXT({v}),{v}<>"#ERR"),{fx.round_of_text(digits, bare)},"")))'
    ))  # fmt: skip
    bad_round = block.add("c102_round", gate(*cell_rules.values_in_lists_formula(
        f'AND({rec}=1,{block.here("nb_round")}=1,{v}<>"#ERR")', f'{round_}<>""')))  # fmt: skip

    # the status, as the record holds it after joining: done, and in the list
    status = _input(block.sheet, letters["status"])
    done = block.add("done_here", gate(f"{block.here('nb_status')}=1", fx.is_done(status)))
    next_count = f"IF({block.below('cont')}=1,{block.below('cnt_status')},0)"
    block.add("done", (
        f'IF({block.here("nb_status")}=1,--AND({done}=1,{next_count}=0),'
        f'IF({block.below("cont")}=1,{block.next_below()},0))'
    ))  # fmt: skip
    first = block.add("status_first", (
        f'IF({block.here("nb_status")}=1,{block.here("v_status")},'
        f'IF({block.below("cont")}=1,{block.next_below()},""))'
    ))  # fmt: skip
    in_list = f"AND({block.here('cnt_status')}=1,{fx.in_list(first, spec.LIST_STATUSES)})"
    block.add("c102_status", gate(*cell_rules.values_in_lists_formula(
        f'AND({rec}=1,{block.here("cnt_status")}>0,'
        f'NOT(AND({block.here("cnt_status")}=1,{first}="#ERR")))',
        in_list,
    )))  # fmt: skip
    bad_status = _at_value(block, "status", "c102_status")
    plan.flag(Code.C102, _table_flags(block, [(bad_round, letters["round"]),
                                               (bad_status, letters["status"])]))  # fmt: skip

    done_record = f"AND({rec}=1,{block.here('done')}=1)"

    def not_given(key: str) -> str:
        return rules.completed_without_results_formula(done_record, block.here(f"cnt_{key}"))

    no_output = block.add("r308_output", not_given("output"))
    no_outcome = block.add("r308_outcome", not_given("outcome"))
    plan.flag(Code.R308, _table_flags(block, [(no_output, letters["output"]),
                                               (no_outcome, letters["outcome"])]))  # fmt: skip
    no_link = block.add("r309", not_given("evidence_url"))
    plan.flag(Code.R309, _table_flags(block, [(no_link, letters["evidence_url"])]))

    # codes: named on มาตรการ (R301), reported twice for a round (R310)
    code = block.here("v_code")
    readable_code = f'AND({block.here("nb_code")}=1,{code}<>"#ERR")'
    code_cell = _input(block.sheet, letters["code"])
    key = block.add("key", f'IF({rec}=1,{fx.measure_key(code, code_cell)},"")')
    if plan.previous_year:
        unknown = block.add("r301", "0")  # last year's measures are not on this year's sheet
    else:
        unknown = block.add("r301", gate(*rules.unknown_measures_formula(
            rec, readable_code, key, measures.column("key"))))  # fmt: skip
    plan.flag(Code.R301, _table_flags(block, [(unknown, letters["code"])]))
    pair = block.add(
        "round_key", (f'IF(AND({rec}=1,{readable_code},{round_}<>""),{key}&"|"&{round_},"")')
    )
    twice = block.add(
        "r310", gate(*rules.repeated_followups_formula(pair, block.so_far("round_key")))
    )
    plan.flag(Code.R310, _table_flags(block, [(twice, letters["code"])]))
    block.add("reported", f'IF(AND({rec}=1,{round_}={months},{months}<>""),{key},"")')
    return block


def _unreported(plan: Plan, measures: Block, followups: Block) -> None:
    """ITA-R304 on มาตรการ: a measure without a follow-up in the return's round."""
    months = plan.form_cells["months_cell"]
    if plan.previous_year:
        flag = measures.add("r304", "0")
    else:
        key = measures.here("key")
        names_round = _schedule_names_round(measures, months)
        flag = measures.add("r304", gate(*rules.measures_without_followup_formula(
            key, months, followups.column("reported"), names_round)))  # fmt: skip
    letters = _letters(spec.MEASURES, plan.previous_year)
    plan.flag(Code.R304, _table_flags(measures, [(flag, letters["code"])]))


def build(framework: Framework) -> Plan:
    plan = Plan(framework, framework.reports_previous_year)
    _form(plan)
    _indicators(plan)
    measures = _measures(plan)
    followups = _followups(plan, measures)
    _unreported(plan, measures, followups)
    for block in plan.blocks:  # a 0/1 "any" helper per code, for MATCH to find the first row
        for code, sources in plan.flags.items():
            for source in sources:
                if source.block is block and len(source.fields) > 1:
                    total = "+".join(block.here(name) for name, _ in source.fields)
                    block.add(f"any_{code}", f"--(({total})>0)")
    for block in plan.blocks:
        _maybe_merged(plan, block)
    starts = [*sorted(b.start for b in plan.blocks), 16384]
    for block in plan.blocks:
        assert block.end <= starts[starts.index(block.start) + 1], "helper blocks overlap"
    return plan


def _maybe_merged(plan: Plan, block: Block) -> None:
    """The errors counted in a row that has a cell left blank right under a filled one: such a
    cell may be covered by a merge (Merge & Center of a shared unit, a round or an output over
    several rows), which validate reads as the value shown and no formula can see. Counted
    apart, so the verdict never contradicts validate's."""
    errors = [name for code, sources in plan.flags.items()
              if code != Code.C108 and rule_title(code)[1] is Severity.ERROR
              for source in sources if source.block is block
              for name, _ in source.fields]  # fmt: skip
    blanks = [f"AND({block.here(n)}=0,{block.above(n)}=1)" for n in block.letters
              if n.startswith("nb_")]  # fmt: skip
    if not errors or not blanks:
        block.add(MAYBE_MERGED, "0")
        return
    counted = "+".join(block.here(name) for name in errors)
    block.add(MAYBE_MERGED, f"IF(OR({','.join(blanks)}),{counted},0)")


def rule_title(code: str) -> tuple[str, Severity]:
    rule = next(r for r in RULES if r.code == code)
    return rule.title_th, rule.severity


def helper_cells(plan: Plan) -> Iterator[tuple[Block, str, str]]:
    for block in plan.blocks:
        for name, formula in block.formulas.items():
            yield block, name, formula
