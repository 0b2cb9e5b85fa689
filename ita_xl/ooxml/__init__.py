"""The Open XML package: the parts of an .xlsx, written and rewritten by hand where XlsxWriter and
openpyxl cannot (a summary sheet streamed as XML, a sheet's cells set aside while openpyxl saves).

Lowest stage: it knows zip files and SpreadsheetML, nothing about returns.
"""
