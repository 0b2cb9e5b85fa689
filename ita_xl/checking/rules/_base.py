"""What every check shares: the registry, the context, and walking a return's values."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from ita_xl import spec, thai
from ita_xl.checking.findings import Finding
from ita_xl.codes import Code
from ita_xl.frameworks import Framework, framework_for
from ita_xl.model import Record, Return, Value

FieldValue = tuple[spec.Field, Value, Record]


@dataclass(frozen=True)
class Context:
    """What the checks need besides the return itself."""

    framework: Framework
    units: tuple[str, ...] = ()
    """Responsible units configured by the central team (``--units``); empty = not checked."""
    values: tuple[FieldValue, ...] = ()
    """Every value of the return with its field, walked once for all checks."""
    by_type: dict[spec.FieldType, tuple[FieldValue, ...]] = field(default_factory=dict)
    """The same values grouped by field type, so a check of dates looks at dates only."""
    texts: tuple[tuple[spec.Field, Value], ...] = ()
    """Values typed as text (not blank, not an error value): what the text checks read."""

    def of(self, *types: spec.FieldType) -> Iterator[FieldValue]:
        for kind in types:
            yield from self.by_type.get(kind, ())


Check = Callable[[Return, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Registered:
    """A check and the codes it may emit (frictionless's ``Errors = [...]`` on a check): a test
    holds every check to its list, and every code of a list to a case that emits it."""

    run: Check
    codes: frozenset[Code]

    @property
    def name(self) -> str:
        return getattr(self.run, "__name__", repr(self.run))


CHECKS: list[Registered] = []


def check(*codes: Code) -> Callable[[Check], Check]:
    """Register a check with the codes it may emit; families register theirs when imported."""

    def register(function: Check) -> Check:
        CHECKS.append(Registered(function, frozenset(codes)))
        return function

    return register


def framework_of(ret: Return) -> Framework:
    """The framework a return is judged by: that of the year it is read as
    (``frameworks.framework_for``, the one place that decides)."""
    return framework_for(ret.info.fiscal_year, (ret.meta or {}).get("framework"))


def context_for(
    ret: Return, *, units: Iterable[str] = (), framework: Framework | None = None
) -> Context:
    values = _values(ret)
    grouped: dict[spec.FieldType, list[FieldValue]] = {}
    texts = []
    for item in values:
        fld, value = item[0], item[1]
        kind = fld.type
        if kind in grouped:
            grouped[kind].append(item)
        else:
            grouped[kind] = [item]
        if type(value.raw) is str and not value.is_blank and not value.is_error:
            texts.append((fld, value))
    return Context(
        framework or framework_of(ret),
        tuple(thai.clean_spaces(u) for u in units),
        values,
        {kind: tuple(items) for kind, items in grouped.items()},
        tuple(texts),
    )


_TABLE_FIELDS = tuple(
    tuple((fld, fld.key) for fld in table.fields)
    for table in (spec.INDICATORS, spec.MEASURES, spec.FOLLOWUPS)
)


def _values(ret: Return) -> tuple[FieldValue, ...]:
    """Every value of the return with its field and record: the form's, then each table's.

    One plain loop (no generators): it runs over every value of every return of a roll-up."""
    found: list[FieldValue] = []
    info = ret.info
    for fld in spec.INFO.fields:
        value = info.values.get(fld.key)
        if value is not None:
            found.append((fld, value, info))
    tables: tuple[Sequence[Record], ...] = (ret.indicators, ret.measures, ret.followups)
    for fields, records in zip(_TABLE_FIELDS, tables, strict=True):
        for record in records:
            values = record.values
            for fld, key in fields:
                value = values.get(key)
                if value is not None:
                    found.append((fld, value, record))
    return tuple(found)


def readable(value: Value) -> bool:
    """A value a content check should look at: not blank and not an error or formula."""
    return not value.is_blank and not value.is_error


class Labels(TypedDict):
    label: str
    label_en: str


def labels(fld: spec.Field) -> Labels:
    """The field's Thai and English labels, as the message templates name them."""
    return {"label": fld.label, "label_en": fld.label_en}


def thai_number(number: object) -> str:
    return thai.to_thai_digits(str(number))
