"""One shape for every error a user can meet: a message in Thai and the same in English."""

from __future__ import annotations


class BilingualError(Exception):
    """Printed as ``message_th`` (or ``message_en`` with ``--lang en``), never as a traceback."""

    def __init__(self, message_th: str, message_en: str) -> None:
        super().__init__(f"{message_th}\n{message_en}")
        self.message_th = message_th
        self.message_en = message_en


class OptionError(BilingualError):
    """What was asked for cannot be done as asked (a year in the wrong era, a name that exists):
    the command line answers it with exit 2."""
