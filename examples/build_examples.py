"""Rebuild every example return, the roster and the blank templates.

    python examples/build_examples.py

The returns are written with the same writer as ``ita-xl new``; one of them is then opened and
saved by LibreOffice (when ``soffice`` is installed), as an officer using LibreOffice would.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from data import carried, koh_ro_2566, others  # noqa: E402

from ita_xl._io import atomic_output  # noqa: E402
from ita_xl.frameworks import available_frameworks, load_framework  # noqa: E402
from ita_xl.workbook.carry import carry_forward  # noqa: E402
from ita_xl.workbook.template import Filling, write_return_workbook  # noqa: E402

RETURNS = HERE / "returns"
CARRIED = HERE / "carried"
TEMPLATES = ROOT / "workbook_templates"

ROSTER = """\
org_name,province,unit,org_type
องค์การบริหารส่วนตำบลเกาะรอ,ยะลา,,องค์การบริหารส่วนตำบล
เทศบาลตำบลหนองบัวทอง,เชียงใหม่,สำนักปลัดเทศบาล,เทศบาลตำบล
เทศบาลตำบลหนองบัวทอง,เชียงใหม่,กองคลัง,เทศบาลตำบล
เทศบาลตำบลหนองบัวทอง,เชียงใหม่,กองช่าง,เทศบาลตำบล
เทศบาลตำบลหนองบัวทอง,เชียงใหม่,กองการศึกษา,เทศบาลตำบล
อบต.คลองใหม่,สงขลา,,องค์การบริหารส่วนตำบล
องค์การบริหารส่วนตำบลโนนสะอาด,ขอนแก่น,,องค์การบริหารส่วนตำบล
"""


def template_name(fiscal_year: int, suffix: str = ".xlsx") -> str:
    return f"ita_return_template_{fiscal_year}{suffix}"


def build_templates() -> list[Path]:
    """The blank templates as users download them, one per shipped framework, with and without
    the validate button."""
    return [
        write_return_workbook(TEMPLATES / template_name(fw.fiscal_year, suffix), fw)
        for fw in available_frameworks()
        for suffix in (".xlsx", ".xlsm")
    ]


def _filling(data: dict[str, Any]) -> Filling:
    return Filling(
        info=dict(data["info"]),
        indicators=dict(data.get("indicators", {})),
        measures=list(data.get("measures", [])),
        followups=list(data.get("followups", [])),
    )


def save_through_libreoffice(path: Path) -> bool:
    """Open and save ``path`` with LibreOffice headless, as an officer's "save" would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work, "profile").as_uri()
        out = Path(work, "out")
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        with atomic_output(path) as temp:
            shutil.copyfile(out / path.name, temp)
    return True


def build_returns() -> list[Path]:
    framework = load_framework("2566")
    written = [
        write_return_workbook(
            RETURNS / koh_ro_2566.FILE,
            framework,
            Filling(
                info=koh_ro_2566.INFO,
                indicators=koh_ro_2566.INDICATORS,
                measures=koh_ro_2566.MEASURES,
                followups=koh_ro_2566.FOLLOWUPS,
            ),
        )
    ]
    for name, data in others.RETURNS.items():
        written.append(write_return_workbook(RETURNS / name, framework, _filling(data)))
    saved = save_through_libreoffice(RETURNS / others.LIBREOFFICE_SAVED)
    if not saved:
        print(f"soffice not found: {others.LIBREOFFICE_SAVED} was not saved through LibreOffice")
    with atomic_output(HERE / "roster.csv") as temp:
        temp.write_text(ROSTER, encoding="utf-8-sig")  # as Excel saves CSV: with a BOM
    return written


def build_carried() -> list[Path]:
    """A FY2567 return, and the FY2568 return started from it the way ``ita-xl new --from``
    starts it (``carry_forward``), then filled: its own FY2568 measures (O27) and what was done
    in FY2567 on FY2567's measures (O28)."""
    last_year = write_return_workbook(
        CARRIED / carried.FILE_2567,
        load_framework("2567"),
        Filling(info=dict(carried.INFO_2567), indicators=dict(carried.INDICATORS_2567),
                measures=list(carried.MEASURES_2567), followups=list(carried.FOLLOWUPS_2567)),
    )  # fmt: skip
    framework = load_framework("2568")
    filling = carry_forward(last_year, framework).filling
    filling.info.update(carried.INFO_2568)
    filling.indicators = dict(carried.INDICATORS_2568)
    filling.measures = list(carried.MEASURES_2568)
    for row in filling.followups:
        row.update(carried.RESULTS_2568[str(row["code"])])
    return [last_year, write_return_workbook(CARRIED / carried.FILE_2568, framework, filling)]


def main() -> None:
    for path in [*build_templates(), *build_returns(), *build_carried()]:
        print(path.relative_to(ROOT))
    print("examples/roster.csv")


if __name__ == "__main__":
    main()
