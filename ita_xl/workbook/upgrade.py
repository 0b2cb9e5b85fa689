"""``ita-xl upgrade OLD -o NEW`` (SPEC §9): a return made from an earlier release's template,
moved onto the current template of its year with every value it holds.

The return is read as the roll-up reads it (columns by their labels, whatever the layout), its
values are written into a new workbook by the template writer, and the new file is read back:
each value is matched to where it landed (``Move``). A value the template has no place for (an
inserted column, text beside a table, a sheet of its own: ``Return.unread``) is listed, never
dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ita_xl import spec
from ita_xl._errors import BilingualError
from ita_xl.checking.rules import framework_of
from ita_xl.frameworks import Framework
from ita_xl.model import Record, Return, Unread, column_letter
from ita_xl.reading.read import read_return
from ita_xl.workbook.carry import units_of
from ita_xl.workbook.template import Filling, write_return_workbook

EDITABLE_INDICATOR_KEYS = tuple(
    f.key for f in spec.INDICATORS.fields if not f.locked and f.key != "number"
)
"""What an officer types on ``ตัวชี้วัด``: the framework's own columns are the new template's."""


class UpgradeError(BilingualError):
    """The file cannot be upgraded (not a readable return)."""


@dataclass(frozen=True)
class Move:
    """One value and where it went: ``sheet!cell`` before and after."""

    label: str
    value: str
    before: str
    after: str


@dataclass
class Upgrade:
    framework: Framework
    moves: list[Move] = field(default_factory=list)
    unplaced: list[Unread] = field(default_factory=list)
    """Values the reader found but the template has no place for: copy them by hand."""


def _values(record: Record, keys: tuple[str, ...] | None = None) -> dict[str, object]:
    return {key: value.raw for key, value in record.values.items()
            if not value.is_blank and (keys is None or key in keys)}  # fmt: skip


def _filling(ret: Return, units: tuple[str, ...]) -> Filling:
    indicators = {row.number: _values(row, EDITABLE_INDICATOR_KEYS)
                  for row in ret.indicators if row.number is not None}  # fmt: skip
    return Filling(info=_values(ret.info), indicators=indicators,
                   measures=[_values(m) for m in ret.measures],
                   followups=[_values(f) for f in ret.followups], units=units)  # fmt: skip


def _records(ret: Return) -> list[tuple[str, int, Record]]:
    """Every record as (table, its place among its kind, record)."""
    out: list[tuple[str, int, Record]] = [(spec.INFO.name, 0, ret.info)]
    out += [(spec.INDICATORS.name, row.number or 0, row) for row in ret.indicators]
    out += [(spec.MEASURES.name, i, m) for i, m in enumerate(ret.measures)]
    out += [(spec.FOLLOWUPS.name, i, f) for i, f in enumerate(ret.followups)]
    return out


def _cell(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def _moves(old: Return, new: Return) -> list[Move]:
    landed = {(table, place, key): value for table, place, record in _records(new)
              for key, value in record.values.items()}  # fmt: skip
    labels = {f.key: f.label for f in spec.INFO.fields}
    labels |= {f.key: f.label for table in spec.TABLES for f in table.fields}
    moves = []
    for table, place, record in _records(old):
        for key, value in record.values.items():
            if value.is_blank:
                continue
            there = landed.get((table, place, key))
            after = f"{there.sheet}!{_cell(there.row, there.column)}" if there else "-"
            before = f"{value.sheet}!{_cell(value.row, value.column)}"
            moves.append(Move(labels.get(key, key), value.text, before, after))
    return moves


def upgrade(old: Path, new: Path) -> Upgrade:
    """Write ``old``'s values onto the current template of its year at ``new``."""
    try:
        ret = read_return(old)
    except Exception as error:
        raise UpgradeError(f"อ่านแบบรายงาน {old.name} ไม่ได้ ({error}) ให้ใช้ ita-xl validate ดูสาเหตุ",
                           f"cannot read the return {old.name} ({error}); ita-xl validate "
                           "says why") from None  # fmt: skip
    framework = framework_of(ret)
    write_return_workbook(new, framework, _filling(ret, units_of(old, ret)))
    result = Upgrade(framework, _moves(ret, read_return(new)), list(ret.unread))
    return result


__all__ = ["Move", "Upgrade", "UpgradeError", "upgrade"]
