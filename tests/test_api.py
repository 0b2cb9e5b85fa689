from pathlib import Path

import ita_xl


def test_public_api_is_pinned() -> None:
    assert sorted(ita_xl.__all__) == sorted([
        "Consolidation", "Filling", "Finding", "Framework", "FrameworkError", "Report", "Return", "Severity",
        "__version__", "available_frameworks", "load_framework", "read_return", "rollup", "validate",
        "write_report", "write_return_workbook",
    ])  # fmt: skip
    for name in ita_xl.__all__:
        assert hasattr(ita_xl, name)


def test_importing_the_package_does_not_import_pandas() -> None:
    import subprocess
    import sys

    code = (
        "import sys, ita_xl, ita_xl.reading.read, ita_xl.cli.commands, ita_xl.checking.annotate; "
        "ita_xl.validate('examples/returns/koh_ro_2566_12m.xlsx'); "
        "print('pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])  # fmt: skip
    assert done.stdout.strip() == "False"


def test_validate_returns_a_report() -> None:
    root = Path(__file__).resolve().parents[1]
    report = ita_xl.validate(root / "examples" / "returns" / "klongmai_2566_12m_libreoffice.xlsx")
    assert isinstance(report, ita_xl.Report)
    assert (report.status, report.organisation, report.fiscal_year, report.findings) == (
        "ok", "องค์การบริหารส่วนตำบลคลองใหม่", 2566, [])  # fmt: skip
