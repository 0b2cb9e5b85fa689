"""Make the returns of earlier releases kept as test data (issue #25: template versions).

Each earlier release of ita-xl writes its own blank FY template (``git worktree add`` of the
commit, then its ``ita-xl new``); LibreOffice Calc fills it over UNO the way an officer would,
typing the clean filling of ``tests/support/tables.py`` into the cells found by their labels,
and saves it with Calc's own filter. Run from the repository root, once per new release kept:

    python tests/data/releases/make_releases.py

The files are committed; the tests read them with the current ita-xl and need no old commit.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from ita_xl import spec  # noqa: E402
from tests.support.clients import calc  # noqa: E402
from tests.support.tables import clean_filling  # noqa: E402

HERE = Path(__file__).parent
RELEASES = [
    # commit, fiscal year, the organisation (each its own: none supersedes another), and what
    # the release's template was like
    ("5db34a9", 2566, "องค์การบริหารส่วนตำบลบ้านสวน", "the first template, no live checks"),
    ("5e8043f", 2566, "องค์การบริหารส่วนตำบลบางพระ", "the last before the live checks sheet"),
    ("c20c1d6", 2566, "องค์การบริหารส่วนตำบลหนองปลาไหล", "40 pre-coded rows, 120 follow-up rows"),
    ("c20c1d6", 2568, "องค์การบริหารส่วนตำบลเสม็ด", "results of the previous year (FY2568)"),
]


def _blank(commit: str, year: int, work: Path) -> Path:
    tree = work / commit
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "-f", str(tree), commit], cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
    out = work / f"{commit}_{year}_blank.xlsx"
    subprocess.run([sys.executable, "-m", "ita_xl.cli", "new", str(out), "--year", str(year)],
                   cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                   check=True)  # fmt: skip
    return out


def _steps(blank: Path, year: int, org: str) -> list[list[object]]:
    """Typing steps: the clean filling, each value in the cell its label says."""
    filling = clean_filling()
    thai_year = str(year).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    filling.info.update(org_name=org, fiscal_year=thai_year, prepared_on=f"๒๙ ก.ย. {thai_year}")
    book = openpyxl.load_workbook(blank)
    steps: list[list[object]] = []
    form = book[spec.INFO.name]
    labels = {f.label: f.key for f in spec.INFO.fields}
    for row in form.iter_rows(min_col=1, max_col=1):
        key = labels.get(str(row[0].value or "").strip())
        if key and key in filling.info:
            steps.append(["text", spec.INFO.name, f"B{row[0].row}", str(filling.info[key])])
    for table, records in ((spec.MEASURES, filling.measures), (spec.FOLLOWUPS, filling.followups)):
        sheet = book[table.name]
        header = next(r for r in sheet.iter_rows(max_row=10)
                      if any(str(c.value or "") == table.fields[0].label for c in r))  # fmt: skip
        at = {f.key: c.column_letter for c in header for f in table.fields
              if str(c.value or "").replace("\n", "") == f.label}  # fmt: skip
        for offset, record in enumerate(records, start=1):
            for key, value in record.items():
                if key in at:
                    steps.append(["text", table.name, f"{at[key]}{header[0].row + offset}", value])
    return steps


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        recipes = []
        for commit, year, org, _ in RELEASES:
            blank = _blank(commit, year, work)
            recipes.append({"source": str(blank), "target": str(HERE / f"{commit}_{year}.xlsx"),
                            "steps": _steps(blank, year, org)})  # fmt: skip
        calc(recipes, work)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
