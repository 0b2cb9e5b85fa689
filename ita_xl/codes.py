"""Every finding code, once (SPEC §3): an enum, so a mistyped code is a type error rather than
a ``KeyError`` when the finding is made. The words of each code (severity, messages) are in
``ita_xl.checking.findings``; which check may emit which codes is declared on each check.

A ``Code`` is a ``str`` (``Code.C101 == "ITA-C101"``): JSON, digests and the summary keep the
plain text.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    # the file
    S001 = "ITA-S001"
    S002 = "ITA-S002"
    S003 = "ITA-S003"
    S004 = "ITA-S004"
    S005 = "ITA-S005"
    S006 = "ITA-S006"
    S007 = "ITA-S007"
    S008 = "ITA-S008"
    S009 = "ITA-S009"
    # cells
    C101 = "ITA-C101"
    C102 = "ITA-C102"
    C103 = "ITA-C103"
    C104 = "ITA-C104"
    C105 = "ITA-C105"
    C106 = "ITA-C106"
    C107 = "ITA-C107"
    C108 = "ITA-C108"
    # Thai text
    T201 = "ITA-T201"
    T202 = "ITA-T202"
    # relations between rows and sheets
    R301 = "ITA-R301"
    R302 = "ITA-R302"
    R303 = "ITA-R303"
    R304 = "ITA-R304"
    R305 = "ITA-R305"
    R306 = "ITA-R306"
    R307 = "ITA-R307"
    R308 = "ITA-R308"
    R309 = "ITA-R309"
    R310 = "ITA-R310"
    R311 = "ITA-R311"
    R312 = "ITA-R312"
    R313 = "ITA-R313"
    R314 = "ITA-R314"
    # the roll-up (across files)
    F401 = "ITA-F401"
    F402 = "ITA-F402"
    F403 = "ITA-F403"
    F404 = "ITA-F404"
