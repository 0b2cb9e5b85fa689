"""ita_xl: the standard Excel workbook for the Thai ITA measures report (O42/O43).

Public API: write the return workbook, read a return back, check it, load ITA frameworks.

Each name is imported when first asked for (PEP 562), so a command loads only the stages it
runs: a roll-up never imports the template writer or the Word report.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ita_xl._version import __version__

if TYPE_CHECKING:
    from ita_xl.checking.findings import Finding, Severity
    from ita_xl.checking.validation import Report, validate
    from ita_xl.consolidation.rollup import Consolidation, rollup
    from ita_xl.frameworks import Framework, FrameworkError, available_frameworks, load_framework
    from ita_xl.model import Return
    from ita_xl.reading.read import read_return
    from ita_xl.report.document import write_report
    from ita_xl.workbook.template import Filling, write_return_workbook

_HOMES = {
    "Consolidation": "ita_xl.consolidation.rollup",
    "Filling": "ita_xl.workbook.template",
    "Finding": "ita_xl.checking.findings",
    "Framework": "ita_xl.frameworks",
    "FrameworkError": "ita_xl.frameworks",
    "Report": "ita_xl.checking.validation",
    "Return": "ita_xl.model",
    "Severity": "ita_xl.checking.findings",
    "available_frameworks": "ita_xl.frameworks",
    "load_framework": "ita_xl.frameworks",
    "read_return": "ita_xl.reading.read",
    "rollup": "ita_xl.consolidation.rollup",
    "validate": "ita_xl.checking.validation",
    "write_report": "ita_xl.report.document",
    "write_return_workbook": "ita_xl.workbook.template",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ita_xl' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # asked once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = [
    "Consolidation",
    "Filling",
    "Finding",
    "Framework",
    "FrameworkError",
    "Report",
    "Return",
    "Severity",
    "__version__",
    "available_frameworks",
    "load_framework",
    "read_return",
    "rollup",
    "validate",
    "write_report",
    "write_return_workbook",
]
