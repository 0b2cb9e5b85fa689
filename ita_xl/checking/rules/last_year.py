"""Results against last year's measures (``ITA-R313``/``ITA-R314``): where a framework's results
cover the previous fiscal year (FY2568 on), the results an agency publishes must be for the
measures it declared. Needs last year's return, which the roll-up finds (``--previous``)."""

from __future__ import annotations

from ita_xl import spec, thai
from ita_xl.checking.findings import Finding, finding
from ita_xl.codes import Code
from ita_xl.frameworks import Framework
from ita_xl.model import Return


def results_against_last_year(ret: Return, last: Return, framework: Framework) -> list[Finding]:
    """Last year's measures without a result in ``ret`` (R313), and results naming a measure
    last year's return did not have (R314). Nothing when results cover the same year."""
    if not framework.reports_previous_year:
        return []
    year = last.info.fiscal_year or framework.results_fiscal_year
    shown = thai.to_thai_digits(str(year))
    declared = {m.code: m for m in last.measures if m.code}
    reported = {f.code for f in ret.followups if f.code}
    found = []
    header_row = ret.header_rows.get(spec.FOLLOWUPS.name)
    for code, measure in declared.items():
        if code not in reported:
            found.append(finding(Code.R313, sheet=spec.FOLLOWUPS.name, row=header_row,
                                 column=1 if header_row else None, value=code,
                                 measure=measure.measure, year=shown, year_en=year))  # fmt: skip
    for followup in ret.followups:
        if followup.code and followup.code not in declared:
            found.append(finding(Code.R314, at=followup.get("code"), value=followup.code,
                                 year=shown, year_en=year))  # fmt: skip
    return found
