from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from ita_xl.checking.findings import STRICT_FIELDS_VARIABLE
from ita_xl.frameworks import Framework, load_framework
from ita_xl.workbook.template import Filling, write_return_workbook

# a message field no check filled fails the test that made it (and the workers it forks)
os.environ[STRICT_FIELDS_VARIABLE] = "1"

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "returns").glob("*.xlsx"))
TEMPLATES = sorted(
    p for p in (ROOT / "workbook_templates").iterdir() if p.suffix in (".xlsx", ".xlsm")
)


@pytest.fixture(scope="session")
def fy2566() -> Framework:
    return load_framework("2566")


@pytest.fixture
def open_book() -> Iterator[object]:
    books: list[openpyxl.Workbook] = []

    def _open(path: Path) -> openpyxl.Workbook:
        book = openpyxl.load_workbook(path)
        books.append(book)
        return book

    yield _open
    for book in books:
        book.close()


# --- the shipped workbooks, for the real-client tests ----------------------------------------


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("new") / "new.xlsx"
    filling = Filling(info={"org_name": "อบต.ทดสอบ", "fiscal_year": 2567}, units=("สำนักปลัด",))
    return write_return_workbook(path, load_framework("2567"), filling)


@pytest.fixture(scope="module")
def all_files(fresh_template: Path) -> list[Path]:
    assert EXAMPLES and TEMPLATES
    return [fresh_template, *TEMPLATES, *EXAMPLES]


@pytest.fixture(scope="module")
def calc_files(all_files: list[Path]) -> list[Path]:
    """What LibreOffice converts: every file but the .xlsm templates, whose sheets are their
    .xlsx twins' (each conversion recalculates the live checks, seconds a file); the macro
    workbook goes through LibreOffice in its own test."""
    return [p for p in all_files if not (p in TEMPLATES and p.suffix == ".xlsm")]


SLOWEST_FIRST = (
    "test_live_checks.py", "test_real_clients.py", "test_real_clients_calc.py", "test_excel.py",
    "test_officer_returns.py", "test_batch_safety.py", "test_fiscal_years.py",
    "test_handing_on.py", "test_checks.py", "test_annotate.py", "test_formula_limits.py",
    "test_fuzz.py", "test_rollup.py", "test_season.py", "test_feedback.py",
)  # fmt: skip
"""Test files by the time they take (``pytest --durations``), the longest first."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest files first: pytest-xdist hands files to its workers in this order, so the
    long ones start at once instead of ending the run alone on one core."""
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
