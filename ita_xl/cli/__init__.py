"""``ita-xl``: options in, library calls, words out. It decides nothing."""

from ita_xl.cli.commands import main, program

__all__ = ["main", "program"]
