"""Structure: the sheets, headers and template identity a return must have (ITA-S003–S006)."""

from __future__ import annotations

from collections.abc import Iterator

from ita_xl import spec
from ita_xl.checks._base import Context, check
from ita_xl.findings import Finding, finding
from ita_xl.model import Return

_ALL_FIELDS: tuple[spec.Field, ...] = (
    *spec.INFO.fields,
    *(f for table in spec.TABLES for f in table.fields),
)
_LABELS_EN = {f.label: f.label_en for f in _ALL_FIELDS}


@check
def required_sheets(ret: Return, ctx: Context) -> Iterator[Finding]:
    for name in ret.missing_sheets:
        yield finding("ITA-S003", sheet=name)


@check
def made_from_template(ret: Return, ctx: Context) -> Iterator[Finding]:
    if ret.meta is None or ret.meta.get("template_id") != spec.TEMPLATE_ID:
        yield finding("ITA-S004")
        return
    version = ret.meta.get("schema_version", "")
    if version != spec.SCHEMA_VERSION:
        yield finding("ITA-S005", sheet=spec.META_SHEET, value=version or "-",
                      expected=spec.SCHEMA_VERSION)  # fmt: skip


@check
def required_labels(ret: Return, ctx: Context) -> Iterator[Finding]:
    for sheet, missing in ret.missing_labels.items():
        header_row = ret.header_rows.get(sheet)
        for label in missing:
            yield finding("ITA-S006", sheet=sheet, row=header_row, label=label,
                          label_en=_LABELS_EN.get(label, label))  # fmt: skip
