"""Every formula ita-xl writes stays inside Excel's limits: 8,192 characters and 64 levels of
nested functions (Excel refuses the file, or the formula, beyond them; LibreOffice does not
complain, so no other test would notice). Formulas are read back with openpyxl's tokenizer, the
one Excel's grammar is written for."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.worksheet.formula import ArrayFormula

ROOT = Path(__file__).resolve().parents[1]
MAX_CHARACTERS = 8_192
MAX_NESTING = 64


def _nesting(formula: str) -> int:
    """The deepest nesting of function calls (and parentheses) in ``formula``."""
    depth = deepest = 0
    for token in Tokenizer(formula).items:
        if token.subtype == Token.OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif token.subtype == Token.CLOSE:
            depth -= 1
    return deepest


def _formulas(path: Path) -> list[tuple[str, str]]:
    """(where, formula) of every cell formula, conditional format, validation and name."""
    book = openpyxl.load_workbook(path)
    found = [(f"name {name}", f"={defined.value}") for name, defined in book.defined_names.items()]
    for sheet in book.worksheets:
        found += [(f"name {sheet.title}!{name}", f"={defined.value}")
                  for name, defined in sheet.defined_names.items()]  # fmt: skip
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                text = value.text if isinstance(value, ArrayFormula) else value
                if isinstance(text, str) and text.startswith("="):
                    found.append((f"{sheet.title}!{cell.coordinate}", text))
        for ranges, rules in sheet.conditional_formatting._cf_rules.items():
            found += [(f"{sheet.title} format {ranges.sqref}", f"={formula}")
                      for rule in rules for formula in rule.formula or ()]  # fmt: skip
        for validation in sheet.data_validations.dataValidation:
            found += [(f"{sheet.title} validation {validation.sqref}", f"={formula}")
                      for formula in (validation.formula1, validation.formula2) if formula]  # fmt: skip
    return found


@pytest.mark.parametrize("year", [2566, 2568, 2570])
def test_every_formula_is_within_excels_limits(year: int) -> None:
    formulas = _formulas(ROOT / "workbook_templates" / f"ita_return_template_{year}.xlsx")
    assert len(formulas) > 1_000  # the live checks are there
    too_long = [(where, len(f)) for where, f in formulas if len(f) > MAX_CHARACTERS]
    too_deep = [(where, d) for where, f in formulas if (d := _nesting(f)) > MAX_NESTING]
    assert too_long == [] and too_deep == []
