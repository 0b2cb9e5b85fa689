"""The annual report an agency publishes (Word, and PDF through LibreOffice)."""

from ita_xl.report.document import ReportError, write_report

__all__ = ["ReportError", "write_report"]
