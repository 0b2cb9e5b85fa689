"""The roll-up's decisions, step by step, each on a table of returns (no files)."""

from __future__ import annotations

from datetime import date

import pytest

from ita_xl.checking.findings import finding
from ita_xl.consolidation.decisions import newest_first, return_key
from ita_xl.consolidation.digest import Digest, Findings
from ita_xl.consolidation.rollup import match_roster, of_other_years, roll_up_year, supersede
from ita_xl.consolidation.roster import RosterEntry
from ita_xl.frameworks import framework_for

from .support.tables import rows

RETURNS = rows("""
path   | org                            | division | province | year | round | prepared   | modified | copied
a.xlsx | องค์การบริหารส่วนตำบลบ้านสวน   | ·        | ชลบุรี   | 2566 | 12    | 2023-09-15 | 1        | 0
b.xlsx | อบต. บ้านสวน                   | ·        | ชลบุรี   | 2566 | 12    | 2023-09-29 | 0        | 0
c.xlsx | เทศบาลตำบลหนองบัวทอง           | กองคลัง  | เชียงใหม่ | 2566 | 12    | 2023-09-27 | 5        | 0
d.xlsx | ทต.หนองบัวทอง                  | กองคลัง  | เชียงใหม่ | 2566 | 12    | 2023-09-27 | 9        | 3
e.xlsx | ·                              | ·        | ·        | ·    | ·     | ·          | 0        | 0
f.xlsx | ·                              | ·        | ·        | ·    | ·     | ·          | 1        | 0
g.xlsx | องค์การบริหารส่วนตำบลบ้านสวน   | ·        | ชลบุรี   | 2565 | 12    | 2022-09-29 | 0        | 0
h.xlsx | องค์การบริหารส่วนตำบลบ้านสวน   | ·        | ชลบุรี   | 2566 | 6     | 2023-03-31 | 0        | 0
""")


def _digest(row: dict[str, str]) -> Digest:
    d = Digest(row["path"], int(row["modified"]), True, "ok", 0, 0, 0)
    d.org_name, d.division, d.province = row.get("org", ""), row.get("division", ""), row.get(
        "province", "")  # fmt: skip
    d.fiscal_year = int(row["year"]) if "year" in row else None
    d.round = int(row["round"]) if "round" in row else None
    d.prepared_on = date.fromisoformat(row["prepared"]) if "prepared" in row else None
    d.findings = Findings(
        [finding("ITA-R306", value="อบต.อื่น", org=d.org_name)] * int(row["copied"])
    )
    return d


DIGESTS = [_digest(r) for r in RETURNS]


def test_the_newest_return_of_each_key_supersedes_the_others() -> None:
    decided = supersede(DIGESTS)
    winners = {old: new.path for old, new in decided.newest_of.items()}
    # a: b is newer (same organisation, abbreviated); d: same date as c, but names others;
    # e and f have no identity: neither supersedes the other; g, h: another year, another round
    assert winners == {"a.xlsx": "b.xlsx", "d.xlsx": "c.xlsx"}
    assert "ITA-R306" in decided.notes["d.xlsx"] and "c.xlsx" in decided.notes["d.xlsx"]


def test_keys_and_order() -> None:
    assert return_key("", "", "", 2566, 12) is None
    assert return_key("อบต. บ้านสวน", "", "ชลบุรี", 2566, 12) == return_key(
        "องค์การบริหารส่วนตำบลบ้านสวน", "", "ชลบุรี", 2566, 12)  # fmt: skip
    # same date: fewer copied marks first, then the file saved last
    assert sorted([(date(2023, 9, 27), 3, 9, "d"), (date(2023, 9, 27), 0, 5, "c")],
                  key=lambda t: newest_first(*t))[0][3] == "c"  # fmt: skip


def test_the_year_and_the_returns_of_other_years() -> None:
    assert roll_up_year(DIGESTS) == 2566
    assert of_other_years(DIGESTS, 2566) == {"e.xlsx", "f.xlsx", "g.xlsx"}


# Which framework applies (frameworks.framework_for, the one place every command asks)
FRAMEWORK_CASES = rows("""
year | named in _meta | framework | why
2566 | ·              | ita-2566  | its own year
2568 | ita-2566       | ita-2568  | the year decides, not the template the form was copied from
2571 | ·              | ita-2570  | no framework yet: the nearest earlier stays in force
2565 | ·              | ita-2566  | before the first: the first (not the newest)
2560 | ita-2570       | ita-2566  | a year is known: _meta does not decide
·    | ita-2567       | ita-2567  | no year read: the template's framework
·    | ita-9999       | ita-2570  | no year, an unknown framework: the newest
·    | ·              | ita-2570  | nothing known: the newest
""")


@pytest.mark.parametrize("case", FRAMEWORK_CASES, ids=[c["why"] for c in FRAMEWORK_CASES])
def test_which_framework_applies(case: dict[str, str]) -> None:
    year = int(case["year"]) if "year" in case else None
    assert framework_for(year, case.get("named in _meta")).id == case["framework"]


ROSTER = rows("""
org                           | province  | unit
องค์การบริหารส่วนตำบลบ้านสวน  | ชลบุรี    | ·
เทศบาลตำบลหนองบัวทอง          | เชียงใหม่ | กองคลัง
อบต.บางพระ                    | ชลบุรี    | ·
""")


def test_returns_are_matched_to_the_roster_by_normalised_names() -> None:
    roster = [RosterEntry(r["org"], r["province"], r.get("unit", ""), "", line)
              for line, r in enumerate(ROSTER, start=2)]  # fmt: skip
    matched, unmatched = match_roster([d for d in DIGESTS if d.org_name], roster)
    assert {i: sorted(d.path for d in ds) for i, ds in matched.items()} == {
        0: ["a.xlsx", "b.xlsx", "g.xlsx", "h.xlsx"], 1: ["c.xlsx", "d.xlsx"]}  # fmt: skip
    assert unmatched == []
