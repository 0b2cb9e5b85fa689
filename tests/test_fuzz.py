"""Whatever an officer types into any cell, validation answers with findings, never a crash."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_xl import spec
from ita_xl.checking.validation import validate
from ita_xl.workbook.template import Filling, Formula

from .support.tables import clean_filling, write_return

_TEXT = st.text(
    alphabet=st.sampled_from(list("กขคเแโใไะาำิีึืุู่้๊๋์ ๐๑๒๓๔๕๖๗๘๙0123456789./-:,=()#@\n\t\u200b")),
    max_size=40,
)
_ODD = st.sampled_from([
    "#REF!", "#N/A", "=HYPERLINK(\"x\")", "2023", "๒๕๖๖", "31/2/2566", "ต.ค. ๖๔ - ก.ย. ๙๙",
    "ปีงบประมาณ 1999", "อบต.", "เทศบาล", "M01", "", " ", "๑๒ เดือน", "-1", "1e309", "nan",
])  # fmt: skip
_VALUE = st.one_of(
    _TEXT, _ODD, st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(date(1900, 3, 1), date(2200, 1, 1)),
    st.datetimes(datetime(1900, 3, 1), datetime(2200, 1, 1)),
    st.just(Formula("=1/0", "#DIV/0!")),
)  # fmt: skip

_INFO_KEYS = [f.key for f in spec.INFO.fields]
_MEASURE_KEYS = [f.key for f in spec.MEASURES.fields]
_FOLLOW_KEYS = [f.key for f in spec.FOLLOWUPS.fields]
_INDICATOR_KEYS = [f.key for f in spec.INDICATORS.fields if not f.locked]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    info=st.dictionaries(st.sampled_from(_INFO_KEYS), _VALUE, max_size=6),
    measure=st.dictionaries(st.sampled_from(_MEASURE_KEYS), _VALUE, max_size=5),
    followup=st.dictionaries(st.sampled_from(_FOLLOW_KEYS), _VALUE, max_size=5),
    indicator=st.dictionaries(st.sampled_from(_INDICATOR_KEYS), _VALUE, max_size=4),
)
def test_any_cell_content_gives_findings_not_a_crash(
    info: dict[str, object], measure: dict[str, object], followup: dict[str, object],
    indicator: dict[str, object],
) -> None:  # fmt: skip
    filling: Filling = clean_filling()
    filling.info.update(info)
    filling.measures[0].update(measure)
    filling.followups[1].update(followup)
    filling.indicators[9].update(indicator)
    with tempfile.TemporaryDirectory() as folder:
        report = validate(write_return(Path(folder) / "fuzz.xlsx", filling))
    assert report.readable
    for finding in report.findings:
        assert finding.message_th and finding.message_en
        assert (finding.cell is None) == (finding.row is None or finding.column is None)
