"""ita_xl: the standard Excel workbook for the Thai ITA measures report (O42/O43).

Public API: write the return workbook, read a return back, check it, load ITA frameworks.
"""

from ita_xl._version import __version__
from ita_xl.checking.findings import Finding, Severity
from ita_xl.checking.validation import Report, validate
from ita_xl.consolidation.rollup import Consolidation, rollup
from ita_xl.frameworks import Framework, FrameworkError, available_frameworks, load_framework
from ita_xl.model import Return
from ita_xl.reading.read import read_return
from ita_xl.report.document import write_report
from ita_xl.workbook.template import Filling, write_return_workbook

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
