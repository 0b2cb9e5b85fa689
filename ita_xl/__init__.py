"""ita_xl: the standard Excel workbook for the Thai ITA measures report (O42/O43)."""

from ita_xl._version import __version__

__all__ = ["__version__"]
