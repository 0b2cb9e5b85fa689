"""The button's stable address: every .xlsm ita-xl ever made runs
``RunPython "import ita_xl.excel; ita_xl.excel.validate_button()"`` (SPEC §5), so this module stays
where the macro looks for it. The button itself lives in ``ita_xl.checking.button``."""

from ita_xl.checking.button import (
    ExcelRefused,
    MemoryBook,
    XlwingsBook,
    XlwingsMissing,
    check_book,
    validate_button,
)

__all__ = [
    "ExcelRefused",
    "MemoryBook",
    "XlwingsBook",
    "XlwingsMissing",
    "check_book",
    "validate_button",
]
