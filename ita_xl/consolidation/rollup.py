"""Many returns → the consolidation: who sent, who did not, who sent twice, what is wrong where,
and the summary by indicator (SPEC §4, §5).

Each file is read and validated once, in a pool of worker processes (``returns_digest``); this
module decides (supersession, the roster, the roll-up's own findings) and hands the result to
``summary`` for the workbook. pandas is imported here and below only.
"""

from __future__ import annotations

import contextlib
import pickle
import sys
from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ita_xl import outputs, thai
from ita_xl._io import display_path, sha256_of
from ita_xl._memory import collector_paused
from ita_xl.checking.findings import Finding, Severity, finding
from ita_xl.checking.validation import crashed_report
from ita_xl.codes import Code
from ita_xl.consolidation.decisions import (
    FAILED,
    MISSING,
    PASSED,
    PENDING,
    REVIEW_EN,
    STATUS_EN,
    STATUSES,
    SUPERSEDED,
    UNREADABLE,
    WARNED,
    ReturnFacts,
    newest_of_each,
)
from ita_xl.consolidation.digest import (
    Digest,
    FindingGroup,
    IndicatorTally,
    digest,
    finding_row,
    read_pickled,
    relocated_pickled,
)
from ita_xl.consolidation.kept_rows import KeptRows, kept_rows
from ita_xl.consolidation.reviews import (
    CHASED,
    TypedReviews,
    chase_key,
    history_reviews,
    history_versions,
    read_reviews,
    typed_beyond,
    typed_over,
    typed_over_details,
)
from ita_xl.consolidation.roster import RosterEntry, org_key, read_roster, unit_key
from ita_xl.consolidation.store import FileState, Store, Version, reader_key
from ita_xl.consolidation.summary import write_summary
from ita_xl.consolidation.years import YearComparison, compare_years
from ita_xl.frameworks import Framework, framework_for
from ita_xl.reading.collect import Collected, collect
from ita_xl.reading.isolation import Crash, default_jobs, map_isolated

if TYPE_CHECKING:
    import pandas as pd

_BY_REPORT_STATUS = {"ok": PASSED, "warning": WARNED, "error": FAILED}


@dataclass
class Entry:
    """One row of the register (``outputs.REGISTER``): an expected return, a received one, or
    both."""

    org_name: str
    division: str
    province: str
    org_type: str
    file: str | None
    prepared_on: Any
    round: int | None
    fiscal_year: int | None
    status: str
    errors: int | None
    """None for a return not received: it has no count (the roster's own F402 is its finding)."""
    warnings: int | None
    note: str = ""
    contact: str = ""
    phone: str = ""
    email: str = ""
    sha256: str = ""
    review: str | None = None
    """The team's review (``decisions.REVIEW_EN``): pending for a return received, none for one
    that was not."""
    review_note: str = ""

    def values(self) -> dict[str, object]:
        round_text = thai.round_label(self.round) if self.round in thai.ROUND_MONTHS else None
        return {
            "org_name": self.org_name, "division": self.division or None,
            "province": self.province or None, "org_type": self.org_type or None,
            "status": self.status, "errors": self.errors, "warnings": self.warnings,
            "contact": self.contact or None, "phone": self.phone or None,
            "email": self.email or None,
            "file": display_path(self.file) if self.file else None, "prepared_on": self.prepared_on,
            "round": round_text, "fiscal_year": self.fiscal_year, "note": self.note or None,
            "review": self.review, "review_note": self.review_note or None,
        }  # fmt: skip

    def as_row(self) -> tuple[object, ...]:
        values = self.values()
        return tuple(values[key] for key in outputs.REGISTER.keys)

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.org_name, "division": self.division or None,
            "province": self.province or None, "org_type": self.org_type or None,
            "file": self.file,
            **({"display_name": shown} if self.file and (shown := display_path(self.file))
               != self.file else {}),
            "prepared_on": self.prepared_on.isoformat() if self.prepared_on else None,
            "round": self.round, "fiscal_year": self.fiscal_year, "status": self.status,
            "status_en": STATUS_EN[self.status], "errors": self.errors,
            "warnings": self.warnings, "note": self.note or None,
            "contact": self.contact or None, "phone": self.phone or None,
            "email": self.email or None,
            "review": REVIEW_EN[self.review] if self.review else None,
            "review_th": self.review, "review_note": self.review_note or None,
            **({"sha256": self.sha256} if self.sha256 else {}),
        }  # fmt: skip


@dataclass(frozen=True)
class EditedSummary:
    """A summary the team edited, about to be replaced: what of its typing a new one would not
    carry, so that the file must be kept beside it."""

    path: Path
    register_found: bool
    """False: no register (its sheet renamed or deleted, its header changed), so no review
    typed there could be read."""
    typed_beyond: tuple[str, ...] = ()
    """Where the team typed outside what ita-xl wrote (``reviews.typed_beyond``)."""
    typed_over: tuple[str, ...] = ()
    """Where the team typed over a value ita-xl wrote in the sheets it works in
    (``reviews.typed_over``): a new summary shows ita-xl's value there again."""
    unplaced: tuple[str, ...] = ()
    """Files of the register whose review was typed for a version nothing holds any more (a
    store rebuilt or lost, the file replaced or removed since): kept with the file, never
    given to another version."""
    not_on_list: tuple[str, ...] = ()
    """Reviews typed that are none of the list's words, in this summary or a copy of it saved
    in another format (``reviews.TypedReviews.not_on_list``): taken as pending, the word kept
    in the note, and the team told."""

    @property
    def to_keep(self) -> bool:
        return (not self.register_found or bool(self.typed_beyond) or bool(self.typed_over)
                or bool(self.unplaced))  # fmt: skip


@dataclass
class Consolidation:
    """The roll-up's result. Tables are pandas DataFrames keyed by the English keys of
    ``outputs`` (Thai labels in ``frame.attrs["labels"]``); ``to_excel`` writes SPEC §5."""

    fiscal_year: int | None
    digests: list[Digest]
    counted: list[Digest]
    """Readable returns of the roll-up's year that no newer return supersedes."""
    register_entries: list[Entry]
    finding_groups: list[FindingGroup]
    """Every finding with its file, a return's own findings kept together as its digest holds
    them (``file_findings`` lists them one by one)."""
    expected: int
    collected: Collected
    roster_given: bool = False
    notes: list[str] = field(default_factory=list)
    history: list[tuple[object, ...]] = field(default_factory=list)
    """Rows of ``outputs.HISTORY``, when the roll-up keeps a store."""
    years: YearComparison | None = None
    """This year beside the last, when last year's returns are known."""
    read_now: int | None = None
    """With a store: how many files were read this run (the rest are known by their content)."""
    edited_summary: EditedSummary | None = None
    """With a store: the summary being replaced, when the team edited it since it was written."""
    kept_rows: KeptRows = field(default_factory=dict)
    """With a store: the rows of the summary being replaced, as its last run wrote them, for
    the summary to take where they did not change (``kept_rows``)."""

    @property
    def file_findings(self) -> list[tuple[str, Digest | None, Finding]]:
        """Every finding with its file: the checks' and the roll-up's own (ITA-F4xx)."""
        return [(path, d, f) for path, d, found in self.finding_groups for f in found]

    @property
    def finding_count(self) -> int:
        return sum(len(found) for _, _, found in self.finding_groups)

    @cached_property
    def framework(self) -> Framework:
        """The framework of the roll-up's year, decided as for each return
        (``frameworks.framework_for``)."""
        return framework_for(self.fiscal_year)

    # --- figures ---------------------------------------------------------------------------

    @cached_property
    def summary(self) -> dict[str, int]:
        statuses = Counter(e.status for e in self.register_entries)
        return {
            "expected": self.expected,
            "received": len(self.digests),
            "passed": sum(1 for d in self.counted if d.errors == 0),
            "with_errors": statuses[FAILED],
            "unreadable": statuses[UNREADABLE],
            "missing": statuses[MISSING],
            "superseded": statuses[SUPERSEDED],
            "measures": sum(d.measure_count for d in self.counted),
            "followups": sum(d.followup_count for d in self.counted),
        }

    def status_counts(self) -> dict[str, int]:
        counts = Counter(e.status for e in self.register_entries)
        return {s: counts[s] for s in STATUSES}

    def followups_by_status(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for d in self.counted:
            total.update(d.followups_by_status)
        return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))

    @cached_property
    def register_rows(self) -> list[tuple[object, ...]]:
        """``outputs.REGISTER`` rows, worked out once the roll-up is decided (reviews and all):
        the summary writes them, the store keeps them (``worked_in``)."""
        return [e.as_row() for e in self.register_entries]

    def worked_in(self) -> dict[str, list[tuple[object, ...]]]:
        """The rows of the sheets the team works in, as the summary holds them, by sheet: the
        store keeps them, so that a value the team types over one of them is seen the next
        time (``reviews.typed_over``)."""
        return {outputs.REGISTER.sheet: self.register_rows, outputs.HISTORY.sheet: self.history}

    def indicator_rows(self) -> list[tuple[object, ...]]:
        """``outputs.BY_INDICATOR`` rows (worked out once: the overview and its sheet both
        ask)."""
        return self._indicator_rows

    @cached_property
    def _indicator_rows(self) -> list[tuple[object, ...]]:
        """The seed's last table, consolidated (``outputs.BY_INDICATOR``): per indicator, how
        many returns found it weak, the average of the valid last-year scores (and how many
        were left out), the measures for it and their completed follow-ups."""
        framework = self.framework
        by_number: dict[int, list[IndicatorTally]] = {i.number: [] for i in framework.indicators}
        for d in self.counted:  # one pass over the returns, not one per indicator
            for number, tally in d.indicators.items():
                if number in by_number:
                    by_number[number].append(tally)
        rows = []
        for indicator in framework.indicators:
            # the returns' tallies column by column (``IndicatorTally``'s order)
            measures, followups, done, last_scores, invalid, weak = (
                list(zip(*by_number[indicator.number], strict=True)) or [()] * 6)  # fmt: skip
            scores = [score for score in last_scores if score is not None]
            values: dict[str, object] = {
                "number": indicator.number, "name": indicator.th, "tool": indicator.tool,
                "issues": indicator.issues_text(), "weak_returns": sum(weak),
                "average_score": round(sum(scores) / len(scores), 2) if scores else None,
                "scores_averaged": len(scores), "scores_left_out": sum(invalid),
                "below_pass_mark": sum(1 for x in scores if x < framework.pass_mark),
                "measures": sum(measures), "followups": sum(followups), "done": sum(done),
            }  # fmt: skip
            rows.append(tuple(values[key] for key in outputs.BY_INDICATOR.keys))
        return rows

    # --- tables ------------------------------------------------------------------------------

    @cached_property
    def register(self) -> pd.DataFrame:
        return outputs.REGISTER.frame(self.register_rows)

    @cached_property
    def findings(self) -> pd.DataFrame:
        return outputs.FINDINGS.frame(
            finding_row(path, d.org_name if d else "", d.division if d else "", f)
            for path, d, f in self.file_findings
        )

    @cached_property
    def measures(self) -> pd.DataFrame:
        return outputs.MEASURES.frame(row for d in self.counted for row in d.detail()[0])

    @cached_property
    def followups(self) -> pd.DataFrame:
        return outputs.FOLLOWUPS.frame(row for d in self.counted for row in d.detail()[1])

    @cached_property
    def by_indicator(self) -> pd.DataFrame:
        return outputs.BY_INDICATOR.frame(self.indicator_rows())

    def to_json(self) -> dict[str, Any]:
        """The JSON of SPEC §4."""
        findings = []
        for path, _, f in self.file_findings:
            shown = {"display_name": display_path(path)} if display_path(path) != path else {}
            findings.append({"path": path or None, **shown, **f.to_dict()})  # None: missing
        document: dict[str, Any] = {
            "summary": self.summary,
            "register": [e.to_dict() for e in self.register_entries],
            "findings": findings,
        }
        if self.years is not None:
            keys = outputs.YEAR_OVER_YEAR.keys
            document["year_over_year"] = [dict(zip(keys, row, strict=True))
                                          for row in self.years.rows]  # fmt: skip
        return document

    def to_excel(self, path: str | Path) -> Path:
        """Write the consolidated annual summary workbook (SPEC §5), atomically."""
        written = write_summary(self, Path(path))
        self.kept_rows = {}  # taken for this summary; a season's are tens of megabytes
        return written


# --- deciding, in small steps ----------------------------------------------------------------


def _superseded_note(old: Digest, newest: Digest) -> str:
    note = f"แทนด้วย {display_path(newest.path)}"
    if old.prepared_on != newest.prepared_on:
        return note
    if old.copied_marks > newest.copied_marks:
        return (f"{note} — วันที่จัดทำรายงานเท่ากัน แต่ฉบับนี้อ้างถึงหน่วยงานอื่น "
                f"{old.copied_marks} แห่ง (ITA-R306) อาจคัดลอกมาจากไฟล์ของหน่วยงานอื่น")  # fmt: skip
    return f"{note} — วันที่จัดทำรายงานเท่ากัน จึงใช้ไฟล์ที่บันทึกภายหลัง"


@dataclass
class Supersession:
    """Which returns newer ones supersede (SPEC §5), and the note each gets."""

    newest_of: dict[str, Digest]
    """Path of each superseded return → the return that supersedes it."""
    notes: dict[str, str]


def supersede(digests: Iterable[Digest]) -> Supersession:
    """The newest return of each organisation/division/year/round wins (SPEC §5)."""
    found = Supersession({}, {})
    for newest, *older in newest_of_each((d for d in digests if d.readable), Digest.facts):
        for old in older:
            found.newest_of[old.path] = newest
            found.notes[old.path] = _superseded_note(old, newest)
    return found


def roll_up_year(digests: Iterable[Digest]) -> int | None:
    """The year most readable returns are for (the newer on a tie)."""
    years = Counter(d.fiscal_year for d in digests if d.readable and d.fiscal_year)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def of_other_years(digests: Iterable[Digest], year: int | None) -> set[str]:
    """Readable returns of another fiscal year than the roll-up's (``ITA-F404``)."""
    return {d.path for d in digests if d.readable and year and d.fiscal_year != year}


def match_roster(
    readable: Sequence[Digest], roster: Sequence[RosterEntry]
) -> tuple[dict[int, list[Digest]], list[Digest]]:
    """Each return to its roster entry (index), by normalised name, province and unit, the
    province and unit loosened when the return does not match exactly; and the returns of no
    entry (``ITA-F403``)."""
    by_key: dict[tuple[str, str, str], int] = {}
    for index, r in enumerate(roster):
        by_key.setdefault((org_key(r.org_name), thai.clean_spaces(r.province),
                           unit_key(r.unit)), index)  # fmt: skip
        by_key.setdefault((org_key(r.org_name), "", unit_key(r.unit)), index)
    matched: dict[int, list[Digest]] = {}
    unmatched: list[Digest] = []
    for d in readable:
        name, unit = org_key(d.org_name), unit_key(d.division)
        province = thai.clean_spaces(d.province)
        found = by_key.get((name, province, unit))  # the usual return: as the roster has it
        if found is None:  # the unit, then the province, loosened
            loosened = ((name, province, ""), (name, "", unit), (name, "", ""))
            found = next((by_key[key] for key in loosened if key in by_key), None)
        if found is None:
            unmatched.append(d)
        else:
            matched.setdefault(found, []).append(d)
    return matched, unmatched


def _label(d: Digest) -> str:
    name = f"{d.org_name} ({d.division})" if d.division else d.org_name
    return f"{name} จังหวัด{d.province}" if d.province else name


@dataclass
class _Decided:
    """What the steps decided about each file, for the register and the findings."""

    year: int | None
    supersession: Supersession
    other_years: set[str]
    extra: dict[str, list[Finding]] = field(default_factory=dict)
    """Path → the roll-up's own findings about it."""

    def status_of(self, d: Digest) -> tuple[str, str]:
        if not d.readable:
            return UNREADABLE, d.findings[0].message_th if d.findings else ""
        if d.path in self.supersession.newest_of:
            return SUPERSEDED, self.supersession.notes[d.path]
        if d.path in self.other_years:
            return FAILED, f"ปีงบประมาณ {d.fiscal_year}"
        return _BY_REPORT_STATUS[d.status], ""

    def entry(self, d: Digest, note: str = "") -> Entry:
        status, own_note = self.status_of(d)
        extra = self.extra.get(d.path, [])
        errors = d.errors + sum(1 for f in extra if f.severity is Severity.ERROR)
        warnings = d.warnings + sum(1 for f in extra if f.severity is Severity.WARNING)
        return Entry(d.org_name, d.division, d.province, d.org_type, d.path, d.prepared_on,
                     d.round, d.fiscal_year, status, errors, warnings, own_note or note,
                     d.preparer, d.phone, d.email, d.sha256, PENDING)  # fmt: skip

    def counted(self, d: Digest) -> bool:
        return (d.readable and d.path not in self.supersession.newest_of
                and d.path not in self.other_years)  # fmt: skip


def _decide(digests: list[Digest], year: int | None) -> _Decided:
    decided = _Decided(year, supersede(digests), of_other_years(digests, year))
    for old, newest in decided.supersession.newest_of.items():
        decided.extra.setdefault(old, []).append(
            finding(Code.F401, value=display_path(newest.path))
        )
    for d in digests:
        if d.path in decided.other_years:
            shown = thai.to_thai_digits(str(d.fiscal_year)) if d.fiscal_year else "ไม่ระบุ"
            decided.extra.setdefault(d.path, []).append(
                finding(Code.F404, value=shown, expected=thai.to_thai_digits(str(year)),
                        year_en=d.fiscal_year or "-", expected_en=year))  # fmt: skip
    return decided


def _register_with_roster(
    decided: _Decided, readable: list[Digest], roster: Sequence[RosterEntry]
) -> tuple[list[Entry], list[Finding]]:
    """One row per roster entry (the returns it received, or ``ไม่ได้ส่ง``), then the returns
    from organisations not on it."""
    matched, unmatched = match_roster(readable, roster)
    for d in unmatched:
        decided.extra.setdefault(d.path, []).append(finding(Code.F403, value=_label(d)))
    entries: list[Entry] = []
    missing: list[Finding] = []
    for index, r in enumerate(roster):
        sent = sorted(matched.get(index, []), key=lambda d: d.path)
        if not any(decided.counted(d) for d in sent):
            missing.append(finding(Code.F402, value=r.label))
            entries.append(Entry(r.org_name, r.unit, r.province, r.org_type, None, None, None,
                                 decided.year, MISSING, None, None, "", r.contact, r.phone,
                                 r.email))  # fmt: skip
        entries.extend(decided.entry(d) for d in sent)
    entries.extend(decided.entry(d, "ไม่อยู่ในทะเบียนรายชื่อ") for d in unmatched)
    return entries, missing


def consolidate(
    digests: list[Digest],
    collected: Collected,
    roster: list[RosterEntry] | None = None,
    year: int | None = None,
) -> Consolidation:
    """Decide, in small steps: the year, which returns are superseded or of another year, who
    on the roster sent, and the register; every finding keeps its file."""
    year = year or roll_up_year(digests)
    decided = _decide(digests, year)
    readable = [d for d in digests if d.readable]
    missing: list[Finding] = []
    if roster is not None:
        entries, missing = _register_with_roster(decided, readable, roster)
        expected = len(roster)
    else:
        by_name = sorted(
            readable, key=lambda d: (org_key(d.org_name), unit_key(d.division), d.path)
        )
        entries = [decided.entry(d) for d in by_name]
        expected = len({d.facts().key()[:3] for d in digests if decided.counted(d)})
    entries.extend(decided.entry(d) for d in digests if not d.readable)
    findings: list[FindingGroup] = [("", None, missing)] if missing else []
    for d in digests:
        findings.append((d.path, d, d.findings))  # (not decoded: ``Findings``)
        if extra := decided.extra.get(d.path):
            findings.append((d.path, d, extra))
    counted = [d for d in digests if decided.counted(d)]
    return Consolidation(year, digests, counted, entries, findings, expected, collected,
                         roster is not None)  # fmt: skip


# --- reading many files --------------------------------------------------------------------------


def _crashed_digest(path: str, crash: Crash) -> Digest:
    """A file whose worker died or overran: ``ITA-S007``, and the batch goes on."""
    return digest(crashed_report(Path(path), crash))


def _digests(paths: list[Path], units: tuple[str, ...], jobs: int,
             progress: Callable[[int, int], None] | None) -> list[Digest]:  # fmt: skip
    """Each file read, checked and digested in a bounded worker process (``isolation``)."""
    return [read for read, _ in _read(paths, units, jobs, progress, hashed=False)]


def _pickled_crash(path: str, crash: Crash) -> bytes:
    """``_crashed_digest``, pickled as a worker's answer is."""
    return pickle.dumps(_crashed_digest(path, crash), pickle.HIGHEST_PROTOCOL)


def _read(paths: list[Path], units: tuple[str, ...], jobs: int,
          progress: Callable[[int, int], None] | None, *, hashed: bool = True,
          meanwhile: Callable[[], None] | None = None,
          ) -> list[tuple[Digest, bytes]]:  # fmt: skip
    """Each file read, checked and digested in a bounded worker process (``isolation``), with
    ``hashed`` its SHA-256 taken there too: each digest with the bytes its worker pickled it
    to (the store keeps them as they are); ``meanwhile``, this process's work beside. The
    digests are unpickled once the workers are done, by the thousand: one by one as they
    arrive, each cost this process about twice as much."""
    work = partial(read_pickled, units=units, hashed=hashed)
    blobs = map_isolated(work, [str(p) for p in paths], _pickled_crash, jobs=jobs,
                         progress=progress, meanwhile=meanwhile)  # fmt: skip
    with collector_paused():  # thousands of digests: no full passes over them as they load
        return [(pickle.loads(blob), blob) for blob in blobs]


def rollup(
    paths: Iterable[str | Path],
    *,
    roster: str | Path | list[RosterEntry] | None = None,
    year: int | None = None,
    units: Iterable[str] = (),
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    collected: Collected | None = None,
    store: Store | None = None,
    previous_summary: Path | None = None,
    previous: Iterable[str | Path] | None = None,
    saved_as: Sequence[Path] = (),
) -> Consolidation:
    """Read, check and consolidate every return under ``paths`` (files or folders), or the
    files already ``collected`` from them.

    With a ``store`` (open, inside its ``with``), a workbook read before is not read again,
    every version is kept for the history, and the reviews the team typed into
    ``previous_summary``'s register are kept per version (SPEC §9), and those typed into
    copies of it the team saved in another format (``saved_as``: Calc's .ods beside it), the
    file saved last winning where two changed one version. Last year's returns
    (``previous``, files or folders; else those the store has seen) are compared with this
    year's.

    One bad file never stops the run: it becomes an ``อ่านไม่ได้`` row with its finding.
    """
    collected = collected or collect(paths)
    entries = read_roster(roster) if isinstance(roster, (str, Path)) else roster
    unit_names = tuple(units)
    jobs = jobs or default_jobs()
    read_now, edited, written = None, None, None
    if store is None:
        read = _digests(collected.files, unit_names, jobs, progress)
    else:
        # the summary being replaced, if it is the very file the store's last run wrote
        written = store.written_summary(previous_summary) if previous_summary else None
        read, read_now, edited = _digests_with_store(
            store, collected.files, unit_names, jobs, progress,
            previous_summary if written is None else None, saved_as)  # fmt: skip
    digests = []
    for d in read:
        if d.own_output:
            collected.own_outputs.append(Path(d.path))  # a summary of ours: never a return
        else:
            digests.append(d)
    result = consolidate(digests, collected, entries, year)
    result.read_now, result.edited_summary = read_now, edited
    last_year = _last_year(result, store, previous, unit_names, jobs)
    if last_year is not None and result.fiscal_year:
        result.years = compare_years(result.counted, last_year, result.framework,
                                     result.fiscal_year - 1)  # fmt: skip
        result.finding_groups.extend((d.path, d, [f]) for d, f in result.years.findings)
    if store is not None:
        _with_reviews_and_history(result, store)
        if written is not None:
            result.kept_rows = kept_rows(written.content, written.rows, written.rendered_by,
                                         now=result.worked_in())  # fmt: skip
    return result


def _last_year(result: Consolidation, store: Store | None, previous: Iterable[str | Path] | None,
               units: tuple[str, ...], jobs: int) -> list[Digest] | None:  # fmt: skip
    """Last year's returns: from ``previous``, else the files the store saw for that year;
    ``None`` when there are none to compare with."""
    if not result.fiscal_year:
        return None
    if previous is not None:
        files = collect(previous).files
    elif store is not None:
        files = store.paths_of_year(result.fiscal_year - 1)
    else:
        return None
    if not files:
        return [] if previous is not None else None
    read = (_digests(files, units, jobs, None) if store is None
            else _digests_with_store(store, files, units, jobs, None, None)[0])  # fmt: skip
    return [d for d in read if d.fiscal_year == result.fiscal_year - 1 and not d.own_output]


def _digests_with_store(store: Store, files: list[Path], units: tuple[str, ...], jobs: int,
                        progress: Callable[[int, int], None] | None,
                        previous_summary: Path | None, saved_as: Sequence[Path] = (),
                        ) -> tuple[list[Digest], int, EditedSummary | None]:  # fmt: skip
    """Each file's digest: from the store when its content was read before by this ita-xl,
    else read now (and how many were); the reviews typed into the summary being replaced (and
    into its copies ``saved_as``) are kept first, against the versions that summary showed (and
    what of its typing a new one would not carry)."""
    reader = reader_key(units)
    known: dict[str, Digest] = {}
    edited = None  # (a first run has no summary to read them from)
    typed_in = _typed_in(store, previous_summary, saved_as)
    if not typed_in and not store.has_readings(reader):
        # nothing this ita-xl read is in the store (a first run, a new release): every file is
        # read, each hashed by the worker that reads it instead of all of them before
        unhashed = store.file_states(files, hash_changed=False)
        fresh, pickled = _by_path(_read(files, units, jobs, progress))
        states = [s for s in (_hashed(s, fresh.get(s.path)) for s in unhashed) if s.sha256]
    else:
        states = store.file_states(files)
        if typed_in:
            edited = _carry_typed(store, states, typed_in, previous_summary)
        read_before = store.contents_read(states, reader)
        content = {s.path: s.sha256 for s in states}  # none for a FIFO, a device, a file gone
        new = [p for p in files if content.get(str(p)) not in read_before]
        # the workers read what is new while this process loads what was read before
        moved: dict[str, tuple[FileState, bytes]] = {}
        fresh, pickled = _by_path(_read(
            new, units, jobs, progress,
            meanwhile=lambda: known.update(store.readings(states, reader, moved))))  # fmt: skip
        known.update(_relocated(store, moved, jobs))
        # a file saved again after it was hashed here is kept as its worker read it
        states = [_as_read(s, fresh.get(s.path)) for s in states]
    for state in states:
        if state.path in fresh:
            fresh[state.path].sha256 = state.sha256
    digests = [known.get(str(p)) or fresh[str(p)] for p in files]
    store.remember(states, digests, reader, pickled)
    return digests, len(fresh), edited


RENAMED_HERE = 64
"""Fewer readings found at another path than this are renamed in this process: starting the
workers would cost more."""


def _relocated(store: Store, moved: Mapping[str, tuple[FileState, bytes]],
               jobs: int) -> dict[str, Digest]:  # fmt: skip
    """The readings ``Store.readings`` found at another path than where they were read, their
    rows renamed (``found_at``, 2 ms a return) by the workers: after a folder moved, or a run
    that names it another way, thousands of them; kept again in the store (``relocated``)."""
    items = [(path, blob) for path, (_, blob) in moved.items()]
    if len(items) < RENAMED_HERE or jobs < 2:
        renamed = [relocated_pickled(item) for item in items]
    else:  # (a worker that dies on one is not the reading's fault: this process renames it)
        renamed = map_isolated(relocated_pickled, items, lambda item, _: relocated_pickled(item),
                               jobs=jobs)  # fmt: skip
    found: dict[str, Digest] = {}
    kept: dict[str, tuple[str, bytes]] = {}
    with collector_paused():
        for (path, (state, _)), blob in zip(moved.items(), renamed, strict=True):
            read: Digest = pickle.loads(blob)
            read.modified_ns, read.sha256 = state.mtime_ns, state.sha256
            found[path], kept[path] = read, (state.sha256, blob)
    store.relocated(kept)
    return found


def _typed_in(store: Store, previous_summary: Path | None, saved_as: Sequence[Path]) -> list[Path]:
    """The summaries the team may have typed into since the store wrote them, the file saved
    last, last (it wins where two changed one version)."""
    there = [p for p in (previous_summary, *saved_as) if p is not None and p.exists()]
    edited = [p for p in there if not store.summary_as_written(p)]
    return sorted(edited, key=lambda p: p.stat().st_mtime_ns)


def _carry_typed(store: Store, states: list[FileState], typed_in: list[Path],
                 previous_summary: Path | None) -> EditedSummary | None:  # fmt: skip
    """The reviews changed in each summary kept (``_carry_reviews``), each against what the
    store showed before this run; what a new summary would not carry of the one it replaces."""
    edited = None
    shown = store.reviews()  # what the summaries showed: the store wrote them, nothing since
    unlisted: list[str] = []
    for summary in typed_in:
        typed = read_reviews(summary)
        unplaced = None if typed is None else _carry_reviews(store, states, summary, typed, shown)
        unlisted += typed.not_on_list if typed is not None else []
        if summary != previous_summary:
            continue
        if unplaced is None:  # no register: the whole file is kept
            edited = EditedSummary(summary, False)
            continue
        over = typed_over(summary, store.summary_written(summary)) + typed_over_details(summary)
        edited = EditedSummary(summary, True, tuple(typed_beyond(summary)), tuple(over),
                               tuple(unplaced))  # fmt: skip
    if unlisted:
        edited = replace(edited or EditedSummary(typed_in[-1], True), not_on_list=tuple(unlisted))
    return edited


def _by_path(read: list[tuple[Digest, bytes]]) -> tuple[dict[str, Digest], dict[str, bytes]]:
    return {d.path: d for d, _ in read}, {d.path: blob for d, blob in read}


def _carry_reviews(store: Store, states: list[FileState], summary: Path, reviews: TypedReviews,
                   before: dict[str, tuple[str, str]]) -> list[str]:  # fmt: skip
    """The reviews the team changed in ``summary`` from what it showed (``before``), kept
    against the versions it showed: in ``ประวัติการส่ง`` (any version, by its SHA-256 prefix),
    then in the register (the version that counts: where both changed one version, the
    register's wins). A file the store does not remember (a store rebuilt or lost) is the
    version the summary's own history lists for it, else the file as it is now. The files
    whose review was typed for a version nothing holds any more."""
    typed = reviews.by_file
    remembered = {display_path(path): sha for path, sha in store.last_seen_contents().items()}
    now = {display_path(state.path): state.sha256 for state in states}
    shown: dict[str, str | None] = {**now, **remembered}
    unknown = [file for file in typed if file not in remembered and not file.startswith(CHASED)]
    if unknown:
        shown |= _versions_by_history(summary, unknown, now)
    # a store that wrote no summary (rebuilt or lost) cannot tell which of a register's review
    # and the history's of one version the team changed: the register's stands
    register_stands = set() if store.wrote_a_summary() else {shown.get(file) for file in typed}
    unplaced = _carry_history_reviews(store, summary, before, set(now.values()), register_stands)
    shown |= {key: key for key in typed if key.startswith(CHASED)}  # kept by the organisation
    for file, (review, note) in typed.items():
        sha = shown.get(file)
        if sha is None:
            if (review, note) != (PENDING, ""):
                unplaced.append(file)
        elif (review, note) != before.get(sha, (PENDING, "")):
            store.record_review(sha, review, note)
    return unplaced


def _versions_by_history(summary: Path, files: list[str],
                         contents: Mapping[str, str]) -> dict[str, str | None]:  # fmt: skip
    """The version each of ``files`` showed, by the summary's ``ประวัติการส่ง``: the one received
    last of those it lists at that file, else (a copy of a version listed at another file) the
    file's content now if the history lists it; found among ``contents`` (file → SHA-256 now)
    by its prefix. ``None``: a version nothing holds now (the file replaced or removed since),
    whose review is not the new content's. A summary without a history leaves ``files`` out."""
    versions = history_versions(summary)
    if not versions:
        return {}
    latest: dict[str, tuple[str, str]] = {}
    for file, listed_prefix, received in versions:
        if received >= latest.get(file, ("", ""))[0]:
            latest[file] = (received, listed_prefix)
    listed = {listed_prefix for _, listed_prefix, _ in versions}
    by_prefix: dict[str, set[str]] = {}
    for sha in contents.values():
        by_prefix.setdefault(sha[:SHA_SHOWN], set()).add(sha)
    found: dict[str, str | None] = {}
    for file in files:
        now = contents.get(file, "")[:SHA_SHOWN]
        prefix = latest[file][1] if file in latest else now if now in listed else None
        matching = by_prefix.get(prefix, set()) if prefix else set()
        found[file] = next(iter(matching)) if len(matching) == 1 else None
    return found


def _carry_history_reviews(store: Store, summary: Path, before: dict[str, tuple[str, str]],
                           contents: set[str], register_stands: Container[str | None],
                           ) -> list[str]:  # fmt: skip
    """A review word typed over the one ``ประวัติการส่ง`` showed for a version (an old one
    the register no longer shows, say): kept with that version's note, unless the version is
    one whose review in the register stands. The version is found by its SHA-256 prefix
    among those the store holds and the files' ``contents`` now (a store rebuilt or lost
    holds none yet). The versions found nowhere whose word is not pending, as the history
    names them: their reviews cannot be kept."""
    typed = history_reviews(summary)
    if not typed:
        return []
    by_prefix: dict[str, str | None] = {}
    for known in contents | {version.sha256 for version in store.versions()}:
        prefix = known[:SHA_SHOWN]
        by_prefix[prefix] = None if prefix in by_prefix else known  # None: ambiguous
    unplaced = []
    for prefix, review in typed.items():
        sha = by_prefix.get(prefix)
        if sha is None and prefix not in by_prefix and review != PENDING:
            unplaced.append(f"{outputs.HISTORY.sheet} {prefix}")
        if sha is None or sha in register_stands:
            continue
        shown, note = before.get(sha, (PENDING, ""))
        if review != shown:
            store.record_review(sha, review, note)
    return unplaced


def _hashed(state: FileState, read: Digest | None) -> FileState:
    """The state with the SHA-256 its worker took (the file's own, hashed here, when the worker
    died before it could; none when the file is gone or cannot be read, as ``file_states``)."""
    if state.sha256:
        return state
    sha = read.sha256 if read is not None else ""
    if not sha:
        with contextlib.suppress(OSError):
            sha = sha256_of(Path(state.path))
    return state._replace(sha256=sha)


def _as_read(state: FileState, read: Digest | None) -> FileState:
    """The state keyed by the content its worker read, where that differs from the content
    hashed before (the file was saved again in between)."""
    if read is None or not read.sha256 or read.sha256 == state.sha256:
        return state
    return state._replace(sha256=read.sha256)


def _with_reviews_and_history(result: Consolidation, store: Store) -> None:
    reviews = store.reviews()
    for entry in result.register_entries:
        if entry.review is not None and entry.sha256 in reviews:
            entry.review, entry.review_note = reviews[entry.sha256]
        elif entry.status == MISSING:  # the team's notes on whom they chased
            chased = chase_key(entry.org_name, entry.division, entry.province, entry.fiscal_year)
            review, entry.review_note = reviews.get(chased, (PENDING, ""))
            entry.review = None if review == PENDING else review
    # the versions rolled up now are ranked as the register ranked their files (the same facts)
    present = {d.sha256: d.facts() for d in result.digests if d.sha256 and d.readable}
    result.history = history_rows(store.versions(), reviews, present)


SHA_SHOWN = 12
"""Hex digits of a version's SHA-256 that ``ประวัติการส่ง`` shows: enough to tell apart the
versions of a season (and a clash is read as no version at all)."""


def history_rows(versions: Iterable[Version], reviews: dict[str, tuple[str, str]],
                 present: Mapping[str, ReturnFacts] | None = None,
                 ) -> list[tuple[object, ...]]:  # fmt: skip
    """``outputs.HISTORY`` rows: each return's versions oldest first, every one but the newest
    superseded by it. ``present``: the facts of the versions rolled up now, by SHA-256 (what
    ``Digest.facts`` gave the register): among them the history makes the register's choice
    (``newest_of_each``, the same facts), and a version whose file is gone never stands above
    one that is there."""
    there = present or {}

    def facts(v: Version) -> ReturnFacts:
        if (known := there.get(v.sha256)) is not None:
            return known
        received = int(datetime.fromisoformat(v.received).timestamp() * 1e9)
        prepared = date.fromisoformat(v.prepared_on) if v.prepared_on else None
        return ReturnFacts(v.org_name or "", v.division or "", v.province or "", v.fiscal_year,
                           v.round, prepared, 0, received, v.path)  # fmt: skip

    # an unreadable version is a return of its own
    groups = newest_of_each(versions, facts, gone=lambda v: v.sha256 not in there)
    groups.sort(key=lambda g: (org_key(g[0].org_name or ""), unit_key(g[0].division or ""),
                               g[0].fiscal_year or 0, g[0].round or 0))  # fmt: skip
    rows = []
    row = outputs.HISTORY.row
    pending = (PENDING, "")
    for newest, *older in groups:
        # 40,000 versions at the national scale: what a group's rows share is worked out once
        replaced_by = (
            f"{display_path(newest.path)} ({newest.sha256[:SHA_SHOWN]})" if older else None
        )
        for v in [*reversed(older), newest]:
            is_newest = v is newest
            status = (UNREADABLE if not v.readable else _BY_REPORT_STATUS.get(v.status, FAILED)
                      if is_newest else SUPERSEDED)  # fmt: skip
            rows.append(row({
                "org_name": v.org_name, "division": v.division or None,
                "fiscal_year": v.fiscal_year, "round": _ROUND_LABELS.get(v.round),
                "file": display_path(v.path), "received": datetime.fromisoformat(v.received),
                "sha256": v.sha256[:SHA_SHOWN], "status": status,
                "review": reviews.get(v.sha256, pending)[0],
                "superseded_by": None if is_newest else replaced_by,
            }))  # fmt: skip
    return rows


_ROUND_LABELS: dict[int | None, str] = {m: thai.round_label(m) for m in thai.ROUND_MONTHS}
"""A round's label by its months (none for a round the form does not have)."""


class ProgressBar:
    """A one-line progress bar on a terminal (stderr); silent when not a terminal."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        percent = done * 100 // total
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = percent * 30 // 100
        bar = "█" * filled + "░" * (30 - filled)
        print(f"\rอ่านแบบรายงาน {bar} {done:,}/{total:,} ไฟล์", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)


__all__ = ["Consolidation", "EditedSummary", "ProgressBar", "consolidate", "rollup"]
