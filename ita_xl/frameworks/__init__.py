"""ITA frameworks as data: one JSON file per fiscal year, and a loader that checks them.

A central team can pass its own file (``--framework FILE``) when the NACC changes the framework;
a wrong file gets a message that names the bad key, in Thai and English.

Every fact keeps the status it has in the public sources: ``confirmed``, ``derived`` or
``unconfirmed``. Nothing shown to users presents an unconfirmed fact as official.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ita_xl._errors import BilingualError
from ita_xl.thai import to_arabic_digits, to_thai_digits

STATUSES = ("confirmed", "derived", "unconfirmed")
STATUS_TH = {"confirmed": "ยืนยันแล้ว", "derived": "อนุมานจากแหล่งข้อมูล", "unconfirmed": "ยังไม่ยืนยัน"}
TOOLS = ("IIT", "EIT", "OIT")


class FrameworkError(BilingualError, ValueError):
    """A framework file that cannot be used; the message names the file and the bad key."""


@dataclass(frozen=True)
class Indicator:
    """One ITA indicator of a fiscal year's framework."""

    number: int
    th: str
    en: str
    tool: str
    weight: float
    weight_status: str
    assessment_issues: tuple[str, ...]
    assessment_issues_status: str

    @property
    def label(self) -> str:
        """As the dropdown shows it: ``"๓ การใช้อำนาจ"``."""
        return f"{to_thai_digits(str(self.number))} {self.th}"

    def issues_text(self) -> str:
        """Assessment issues as the seed writes them: ``(๑) …`` one per line."""
        return "\n".join(
            f"({to_thai_digits(str(i))}) {issue}"
            for i, issue in enumerate(self.assessment_issues, 1)
        )


@dataclass(frozen=True)
class Tool:
    """One assessment tool of a framework (IIT, EIT, OIT)."""

    code: str
    th: str
    en: str
    weight: float
    weight_status: str


@dataclass(frozen=True)
class ScoreBand:
    """A band of scores and its label (AA, A, …)."""

    label: str
    minimum: float
    maximum: float


@dataclass(frozen=True)
class OitItem:
    """An OIT item of the framework: its code (``O42``, ``O27``, ``O25`` …) and title."""

    code: str
    title_th: str
    status: str

    def label(self) -> str:
        return f"{self.title_th} ({self.code})"


RESULTS_YEARS = ("same", "previous")
_DEFAULT_ITEMS = (
    OitItem("O42", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "unconfirmed"),
    OitItem("O43", "การดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "unconfirmed"),
)
"""For a framework file that names no items (a central team's file from before they were
recorded): the items of FY2566–2567, marked unconfirmed."""


@dataclass(frozen=True)
class Framework:
    """The ITA framework of one fiscal year, each fact with its status (confirmed, derived,
    unconfirmed)."""

    id: str
    fiscal_year: int
    title_th: str
    status: str
    note: str
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    pass_mark: float
    pass_mark_status: str
    score_bands: tuple[ScoreBand, ...]
    score_bands_status: str
    source: str
    """Where it was loaded from: a packaged id or a file path."""
    measures_item: OitItem = _DEFAULT_ITEMS[0]
    """The OIT item where the measures are published (O42 to FY2567, O27 in FY2568 …)."""
    report_item: OitItem = _DEFAULT_ITEMS[1]
    """The OIT item of the report on carrying them out (O43, O28 …)."""
    results_year: str = "same"
    """``same``: the report covers this fiscal year's measures (O43); ``previous``: it covers
    last year's (O28 of FY2568 reports on FY2567)."""
    results_year_status: str = "unconfirmed"
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The file as parsed, for ``frameworks --export``."""
    _matched: dict[str, Indicator | None] = field(default_factory=dict, compare=False, repr=False)
    """Texts already matched: the dropdown's ten labels come in every measure of every return."""

    @property
    def results_fiscal_year(self) -> int:
        """The fiscal year whose measures ``ติดตามผล`` reports on."""
        return self.fiscal_year - 1 if self.results_year == "previous" else self.fiscal_year

    @property
    def reports_previous_year(self) -> bool:
        return self.results_year == "previous"

    def weakest_status(self) -> str:
        """The least certain status of the facts a return is built from."""
        statuses = {self.status, self.measures_item.status, self.report_item.status,
                    self.results_year_status, self.pass_mark_status}  # fmt: skip
        return next(s for s in reversed(STATUSES) if s in statuses)

    def indicator(self, number: int) -> Indicator | None:
        return next((i for i in self.indicators if i.number == number), None)

    def match_indicator(self, text: object) -> Indicator | None:
        """The indicator an officer meant: ``"๓ การใช้อำนาจ"``, ``"3"``, ``3``, ``"การใช้อำนาจ"``,
        ``"ตัวชี้วัดที่ ๓ การใช้อำนาจ"``."""
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            return self.indicator(int(text)) if float(text).is_integer() else None
        if not isinstance(text, str):
            return None
        if text in self._matched:
            return self._matched[text]
        found = self._match_text(text)
        if len(self._matched) < 1024:
            self._matched[text] = found
        return found

    def _match_text(self, text: str) -> Indicator | None:
        cleaned = " ".join(to_arabic_digits(text).split()).removeprefix("ตัวชี้วัดที่").strip()
        number, _, name = cleaned.partition(" ")
        if number.isdigit():
            found = self.indicator(int(number))
            if found and (not name or name.replace(" ", "") == found.th):
                return found
            return None
        compact = cleaned.replace(" ", "")
        return next((i for i in self.indicators if i.th == compact), None)

    def band(self, score: float) -> ScoreBand | None:
        return next((b for b in self.score_bands if b.minimum <= score <= b.maximum + 0.005), None)


# --- loading and checking -------------------------------------------------------------------


class _Checker:
    """Reads keys out of parsed JSON, raising a FrameworkError that names the key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem_th: str, problem_en: str) -> FrameworkError:
        return FrameworkError(
            f"ไฟล์กรอบการประเมิน {self.source}: คีย์ {path} {problem_th}",
            f"framework file {self.source}: key {path} {problem_en}",
        )

    def get(self, data: Any, key: str, path: str, kind: type | tuple[type, ...]) -> Any:
        if not isinstance(data, dict):
            raise self.fail(path, "ต้องเป็นออบเจ็กต์ (object)", "must be an object")
        where = f"{path}.{key}" if path else key
        if key not in data:
            raise self.fail(where, "ไม่มีในไฟล์ กรุณาเพิ่ม", "is missing")
        value = data[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise self.fail(where, f"มีค่าไม่ถูกชนิด ({value!r})", f"has the wrong type ({value!r})")
        return value

    def status(self, data: Any, key: str, path: str) -> str:
        value: str = self.get(data, key, path, str)
        if value not in STATUSES:
            raise self.fail(
                f"{path}.{key}",
                f"ต้องเป็น {', '.join(STATUSES)} ไม่ใช่ {value!r}",
                f"must be one of {', '.join(STATUSES)}, not {value!r}",
            )
        return value


def parse_framework(data: Any, source: str) -> Framework:
    """Check parsed JSON and build a Framework; raises FrameworkError naming the bad key."""
    c = _Checker(source)
    number = (int, float)
    tools_data = c.get(data, "tools", "", dict)
    tools = []
    for code in TOOLS:
        tool = c.get(tools_data, code, "tools", dict)
        path = f"tools.{code}"
        tools.append(
            Tool(code, c.get(tool, "th", path, str), c.get(tool, "en", path, str),
                 float(c.get(tool, "weight", path, number)), c.status(tool, "weight_status", path))
        )  # fmt: skip
    for extra in set(tools_data) - set(TOOLS):
        raise c.fail(f"tools.{extra}", f"ไม่รู้จักเครื่องมือ (ใช้ได้: {', '.join(TOOLS)})",
                     f"is not a known tool (use {', '.join(TOOLS)})")  # fmt: skip

    indicators: list[Indicator] = []
    raw_indicators = c.get(data, "indicators", "", list)
    if not raw_indicators:
        raise c.fail("indicators", "ต้องมีตัวชี้วัดอย่างน้อยหนึ่งตัว", "must list at least one indicator")
    for index, item in enumerate(raw_indicators):
        path = f"indicators[{index}]"
        tool = c.get(item, "tool", path, str)
        if tool not in TOOLS:
            raise c.fail(f"{path}.tool", f"ต้องเป็น {', '.join(TOOLS)} ไม่ใช่ {tool!r}",
                         f"must be one of {', '.join(TOOLS)}, not {tool!r}")  # fmt: skip
        issues = c.get(item, "assessment_issues", path, list)
        if not all(isinstance(i, str) and i.strip() for i in issues):
            raise c.fail(f"{path}.assessment_issues", "ต้องเป็นรายการข้อความ",
                         "must be a list of non-empty texts")  # fmt: skip
        indicators.append(
            Indicator(
                number=c.get(item, "number", path, int),
                th=c.get(item, "th", path, str),
                en=c.get(item, "en", path, str),
                tool=tool,
                weight=float(c.get(item, "weight", path, number)),
                weight_status=c.status(item, "weight_status", path),
                assessment_issues=tuple(issues),
                assessment_issues_status=c.status(item, "assessment_issues_status", path),
            )
        )
    numbers = [i.number for i in indicators]
    if len(set(numbers)) != len(numbers):
        raise c.fail("indicators", "มีเลขตัวชี้วัดซ้ำกัน", "repeats an indicator number")

    pass_mark = c.get(data, "pass_mark", "", dict)
    bands_data = c.get(data, "score_bands", "", dict)
    bands = []
    for index, band in enumerate(c.get(bands_data, "bands", "score_bands", list)):
        path = f"score_bands.bands[{index}]"
        bands.append(
            ScoreBand(c.get(band, "label", path, str), float(c.get(band, "min", path, number)),
                      float(c.get(band, "max", path, number)))
        )  # fmt: skip
    items = list(_DEFAULT_ITEMS)
    if "oit_items" in data:
        items_data = c.get(data, "oit_items", "", dict)
        for index, key in enumerate(("measures", "report")):
            item = c.get(items_data, key, "oit_items", dict)
            path = f"oit_items.{key}"
            items[index] = OitItem(
                c.get(item, "code", path, str),
                c.get(item, "title_th", path, str),
                c.status(item, "status", path),
            )
    results_year, results_year_status = "same", "unconfirmed"
    if "results_year" in data:
        results = c.get(data, "results_year", "", dict)
        results_year = c.get(results, "value", "results_year", str)
        if results_year not in RESULTS_YEARS:
            raise c.fail("results_year.value", "ต้องเป็น same หรือ previous",
                         "must be same or previous")  # fmt: skip
        results_year_status = c.status(results, "status", "results_year")
    fiscal_year = c.get(data, "fiscal_year", "", int)
    if not 2560 <= fiscal_year <= 2600:
        raise c.fail(
            "fiscal_year", "ต้องเป็นปี พ.ศ. ระหว่าง 2560–2600", "must be a B.E. year 2560–2600"
        )
    return Framework(
        id=c.get(data, "id", "", str),
        fiscal_year=fiscal_year,
        title_th=c.get(data, "title_th", "", str),
        status=c.status(data, "status", ""),
        note=str(data.get("note", "")),
        tools=tuple(tools),
        indicators=tuple(sorted(indicators, key=lambda i: i.number)),
        pass_mark=float(c.get(pass_mark, "value", "pass_mark", number)),
        pass_mark_status=c.status(pass_mark, "status", "pass_mark"),
        score_bands=tuple(bands),
        score_bands_status=c.status(bands_data, "status", "score_bands"),
        source=source,
        measures_item=items[0],
        report_item=items[1],
        results_year=results_year,
        results_year_status=results_year_status,
        raw=data,
    )


def _packaged_files() -> dict[str, Any]:
    folder = resources.files(__name__)
    return {entry.name: entry for entry in folder.iterdir() if entry.name.endswith(".json")}


def available_frameworks() -> list[Framework]:
    """Frameworks shipped with the package, oldest year first."""
    return list(_shipped())


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[Framework, ...]:
    """Parsed once per process: a roll-up asks for every file."""
    found = []
    for name, entry in sorted(_packaged_files().items()):
        found.append(parse_framework(json.loads(entry.read_text(encoding="utf-8")), name))
    return tuple(sorted(found, key=lambda f: f.fiscal_year))


def load_framework(ref: str | Path | None = None, *, year: int | None = None) -> Framework:
    """A framework by id (``"ita-2566"``), year (``"2566"``, ``"๒๕๖๖"``), or JSON file path.

    Without ``ref``: the framework of ``year``, or the newest shipped one.
    """
    shipped = available_frameworks()
    if ref is None:
        if year is None:
            return shipped[-1]
        ref = str(year)
    text = to_arabic_digits(str(ref)).strip()
    for framework in shipped:
        if text in (framework.id, str(framework.fiscal_year)):
            return framework
    path = Path(ref)
    if path.suffix.lower() == ".json" or path.exists():
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise FrameworkError(
                f"เปิดไฟล์กรอบการประเมิน {path} ไม่ได้ ({error.strerror})",
                f"cannot open framework file {path} ({error.strerror})",
            ) from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise FrameworkError(
                f"ไฟล์กรอบการประเมิน {path} ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {error.lineno})",
                f"framework file {path} is not valid JSON (line {error.lineno}: {error.msg})",
            ) from None
        return parse_framework(data, str(path))
    known = ", ".join(f"{f.id} ({f.fiscal_year})" for f in shipped)
    raise FrameworkError(
        f"ไม่พบกรอบการประเมิน {ref!s} ที่มีอยู่: {known} หรือระบุไฟล์ JSON ของกรอบการประเมินเอง",
        f"no framework {ref!s}; available: {known}, or pass your own framework JSON file",
    )


def framework_for(year: int | None, named: str | None = None) -> Framework:
    """THE decision of which framework applies to a fiscal year, for every command (validate,
    rollup, report, the digest, ``new``, the kit): the shipped framework of ``year``; for a year
    none covers, the nearest earlier one (a framework stays in force until the next), and for a
    year before the first, the first. Only when the year is unknown does the framework a
    template names (``_meta``, ``named``) decide, else the newest."""
    shipped = available_frameworks()
    if year is not None:
        earlier = [f for f in shipped if f.fiscal_year <= year]
        return earlier[-1] if earlier else shipped[0]
    if named:
        try:
            return load_framework(named)
        except FrameworkError:
            pass
    return shipped[-1]
