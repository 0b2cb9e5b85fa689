from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from ita_xl.checking.findings import STRICT_FIELDS_VARIABLE
from ita_xl.frameworks import Framework, load_framework

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
