"""The collection season (SPEC §9): the store beside the summary, what a re-run reads again, the
history of versions, and the reviews the team types into the register, in Excel (openpyxl) and
in LibreOffice Calc."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
import pytest

from ita_xl.cli import main
from ita_xl.consolidation import digest as digest_module
from ita_xl.consolidation import rollup as rollup_module
from ita_xl.consolidation.rollup import _hashed, rollup
from ita_xl.consolidation.store import SCHEMA_VERSION, FileState, Store, StoreError
from ita_xl.model import column_letter

from .conftest import ROOT
from .support.clients import calc
from .support.tables import clean_filling, write_return

T = TypeVar("T")
RETURNS = ROOT / "examples" / "returns"
SENT = [
    "koh_ro_2566_12m.xlsx",
    "nonsaard_2566_6m_mistakes.xlsx",
    "klongmai_2566_12m_libreoffice.xlsx",
]
REGISTER, HISTORY = "ทะเบียนการส่ง", "ประวัติการส่ง"


@pytest.fixture
def season(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of returns as they arrived, and where the team keeps its summary."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in SENT:
        shutil.copy(RETURNS / name, inbox / name)
    (tmp_path / "out").mkdir()
    return inbox, tmp_path / "out" / "summary.xlsx"


def _roll_up(inbox: Path, summary: Path, *more: str) -> int:
    return main(["rollup", str(inbox), "-o", str(summary), "--no-progress", *more])


def _sheet(summary: Path, name: str) -> list[dict[str, object]]:
    """A summary sheet's rows by header label (the register has a title row above)."""
    rows = list(openpyxl.load_workbook(summary, read_only=True)[name].iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if "หน่วยงาน" in row)
    header = rows[at]
    return [dict(zip(header, row, strict=True)) for row in rows[at + 1 :] if any(row)]


def _by_file(rows: list[dict[str, object]], name: str) -> dict[str, object]:
    return next(r for r in rows if str(r["ไฟล์"]).endswith(name))


def _reads(inbox: Path, store: Path) -> int:
    """How many files a roll-up with this store reads (the progress bar's total)."""
    totals = [0]
    with Store(store) as kept:
        rollup([inbox], jobs=1, store=kept, progress=lambda done, total: totals.append(total))
    return max(totals)


def test_a_rerun_reads_only_what_changed_and_gives_the_same_summary(
    season: tuple[Path, Path],
) -> None:
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    assert _reads(inbox, store) == 3
    assert _reads(inbox, store) == 0  # nothing new: nothing read
    os.utime(inbox / SENT[0])  # touched, not changed: hashed, not read
    assert _reads(inbox, store) == 0
    write_return(inbox / "new.xlsx")
    assert _reads(inbox, store) == 1
    # the summary from the store says what a fresh run says
    assert _roll_up(inbox, summary) == 0 and store.exists()
    fresh = summary.with_name("fresh.xlsx")
    assert _roll_up(inbox, fresh, "--no-store") == 0
    assert not fresh.with_suffix(".ita.sqlite").exists()
    for sheet in ("มาตรการ", "ติดตามผล", "ปัญหาที่พบ"):
        assert _sheet(summary, sheet) == _sheet(fresh, sheet)
    kept, once = _sheet(summary, REGISTER), _sheet(fresh, REGISTER)
    assert [{k: v for k, v in r.items()} for r in kept] == once
    assert "--no-store" in str(_sheet(fresh, HISTORY)) or not _sheet(fresh, HISTORY)


def test_findings_a_rerun_takes_from_the_store_are_those_the_checks_found(
    season: tuple[Path, Path],
) -> None:
    # a reading's findings are kept packed (``digest.Findings``) and decoded only when asked
    # for: the JSON of a re-run, which reads nothing, lists every one of them as found
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    with Store(store) as kept:
        first = rollup([inbox], jobs=1, store=kept)
    with Store(store) as kept:
        again = rollup([inbox], jobs=1, store=kept)
    assert again.read_now == 0
    found = first.to_json()["findings"]
    assert again.to_json()["findings"] == found
    mistakes = [f for f in found if str(f["path"]).endswith("nonsaard_2566_6m_mistakes.xlsx")]
    assert {f["severity"] for f in mistakes} >= {"error", "warning"}
    assert all(f["message_th"] and f["message_en"] for f in found)


def test_a_return_moved_or_copied_names_where_it_is_now_without_being_read_again(
    season: tuple[Path, Path],
) -> None:
    """The team files a return into a folder under another name, and an officer's copy of
    another arrives: neither is read again, and every sheet names each file where it is now,
    as a run without the store does."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    assert _roll_up(inbox, summary) == 0
    (inbox / "checked").mkdir()
    moved = inbox / "checked" / "เกาะรอ ฉบับตรวจแล้ว.xlsx"
    (inbox / SENT[0]).rename(moved)
    copied = inbox / "copy of klongmai.xlsx"
    shutil.copy(inbox / SENT[2], copied)
    assert _reads(inbox, store) == 0
    with sqlite3.connect(store) as db:  # kept where it is now: not rendered again next time
        kept_at = {pickle.loads(reading).path for (reading,) in db.execute(
            "SELECT digest FROM readings")}  # fmt: skip
    assert str(moved) in kept_at and str(inbox / SENT[0]) not in kept_at
    assert _roll_up(inbox, summary) == 0
    fresh = summary.with_name("fresh.xlsx")
    assert _roll_up(inbox, fresh, "--no-store") == 0
    for sheet in ("มาตรการ", "ติดตามผล", "ปัญหาที่พบ"):
        rows = _sheet(summary, sheet)
        assert rows == _sheet(fresh, sheet)
        files = {str(r["ไฟล์"]) for r in rows}
        assert str(moved) in files and str(inbox / SENT[0]) not in files


def test_the_team_is_told_what_the_store_spared(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    store = summary.with_suffix(".ita.sqlite")
    assert f"ที่เก็บข้อมูล {store}: อ่าน ๓ ไฟล์ อีก ๐ ไฟล์ไม่เปลี่ยน" in capsys.readouterr().err
    write_return(inbox / "late.xlsx")
    assert main(["--lang", "en", "rollup", str(inbox), "-o", str(summary), "--no-progress"]) == 0
    said = capsys.readouterr().err  # beside the progress bar: the summary's lines stay as they were
    assert f"store {store}: 1 read now; 3 unchanged since read before, not read again" in said


def test_a_first_run_keeps_each_files_own_sha256_taken_where_it_was_read(
    season: tuple[Path, Path],
) -> None:
    """On a first run every file is hashed by the worker that reads it: the store keeps the
    SHA-256 hashlib gives for the file's bytes, and the next run knows every file."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    assert _reads(inbox, store) == 3
    own = {str(inbox / name): hashlib.sha256((inbox / name).read_bytes()).hexdigest()
           for name in SENT}  # fmt: skip
    with sqlite3.connect(store) as db:
        assert dict(db.execute("SELECT path, sha256 FROM files")) == own
        assert {sha for (sha,) in db.execute("SELECT sha256 FROM versions")} == set(own.values())
    assert _reads(inbox, store) == 0
    # a file whose worker died before hashing it is hashed by the roll-up itself
    state = FileState(str(inbox / SENT[0]), 1, 1, "")
    assert _hashed(state, None).sha256 == own[str(inbox / SENT[0])]


def test_a_file_whose_reader_died_is_read_again_on_the_next_run(
    season: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the store, a reader that dies on one file costs only that file (``ITA-S007``), and
    that file is not kept as read: the next run reads it again, and its own status shows."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    victim = inbox / SENT[0]
    real = digest_module.read_digest

    def dying(path: str, units: tuple[str, ...] = (), hashed: bool = False) -> Any:
        if path == str(victim):
            os.kill(os.getpid(), signal.SIGKILL)  # the forked worker, as an out-of-memory kill
        return real(path, units, hashed)

    monkeypatch.setattr(digest_module, "read_digest", dying)
    with Store(store) as kept:
        result = rollup([inbox], jobs=2, store=kept)
    statuses = {Path(e.file).name: e.status for e in result.register_entries if e.file}
    assert statuses[victim.name] == "อ่านไม่ได้" and statuses[SENT[2]] == "ผ่าน"
    assert [f.code for path, _, f in result.file_findings if path == str(victim)] == ["ITA-S007"]
    monkeypatch.undo()
    assert _reads(inbox, store) == 1  # the file whose reader died, only
    with Store(store) as kept:
        again = rollup([inbox], jobs=1, store=kept)
    assert {Path(e.file).name: e.status for e in again.register_entries
            if e.file}[victim.name] == "มีข้อผิดพลาด"  # fmt: skip


def _sent_as(path: Path, org_name: str) -> bytes:
    """A return of ``org_name`` written to ``path``: its bytes."""
    filling = clean_filling()
    filling.info["org_name"] = org_name
    return write_return(path, filling).read_bytes()


def _organisation_read(store: Path) -> dict[str, str]:
    """Each content the store read (its SHA-256) → the organisation its reading names."""
    with sqlite3.connect(store) as db:
        return {sha: pickle.loads(reading).org_name
                for sha, reading in db.execute("SELECT sha256, digest FROM readings")}  # fmt: skip


BEFORE, AFTER = "องค์การบริหารส่วนตำบลก่อนแก้", "องค์การบริหารส่วนตำบลหลังแก้"


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _then_saved_again(step: Callable[..., T], path: Path, content: bytes,
                      only: Callable[..., bool] | None = None) -> Callable[..., T]:  # fmt: skip
    """``step`` as it is, after which the officer saves ``path`` again with ``content`` (when
    ``only`` says the step was on that file)."""

    def step_then_saved(*args: Any, **options: Any) -> T:
        result = step(*args, **options)
        if only is None or only(*args):
            path.write_bytes(content)
        return result

    return step_then_saved


@pytest.fixture
def late(season: tuple[Path, Path]) -> tuple[Path, bytes, bytes]:
    """Where a late return lands in the inbox; its bytes as sent (``BEFORE``), and as its
    officer saves it again (``AFTER``)."""
    inbox, summary = season
    before = _sent_as(summary.with_name("before.xlsx"), BEFORE)
    return inbox / "late.xlsx", before, _sent_as(summary.with_name("after.xlsx"), AFTER)


def test_a_return_saved_again_between_the_hash_and_the_read_is_kept_as_read(
    season: tuple[Path, Path], late: tuple[Path, bytes, bytes], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A re-run hashes every file, then its workers read the new ones. An officer who saves a
    return again in between (a shared folder, a long batch) must not leave the store holding
    the new values under the old content's key, to be shown for that content ever after."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    assert _reads(inbox, store) == 3
    path, before, after = late
    path.write_bytes(before)
    monkeypatch.setattr(Store, "file_states", _then_saved_again(Store.file_states, path, after))
    assert _reads(inbox, store) == 1
    read = _organisation_read(store)
    assert read[_sha(after)] == AFTER and _sha(before) not in read
    monkeypatch.undo()
    assert _reads(inbox, store) == 0  # the file as it is now was read: nothing read again
    assert _roll_up(inbox, summary) == 0
    assert _by_file(_sheet(summary, REGISTER), "late.xlsx")["หน่วยงาน"] == AFTER


def test_a_return_saved_again_just_after_its_worker_read_it_is_keyed_by_what_was_read(
    season: tuple[Path, Path], late: tuple[Path, bytes, bytes], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """On a first run each worker hashes the file it reads: the bytes hashed are the bytes
    checked, even when the officer saves the file again the moment after."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    path, before, after = late
    path.write_bytes(before)
    checked = _then_saved_again(digest_module.validate, path, after,
                                only=lambda source, *_: Path(source).name == path.name)  # fmt: skip
    monkeypatch.setattr(digest_module, "validate", checked)
    assert _reads(inbox, store) == 4
    read = _organisation_read(store)
    assert read[_sha(before)] == BEFORE and _sha(after) not in read
    monkeypatch.undo()
    assert _reads(inbox, store) == 1  # saved again since: read again
    assert _organisation_read(store)[_sha(after)] == AFTER


def _review(summary: Path, reviews: dict[str, tuple[str, str]]) -> None:
    """The team types reviews into the register, in Excel (openpyxl keeps what Excel keeps)."""
    book = openpyxl.load_workbook(summary)
    sheet = book[REGISTER]
    header = next(row for row in sheet.iter_rows() if any(c.value == "ไฟล์" for c in row))
    at = {c.value: c.column for c in header}
    for row in range(header[0].row + 1, sheet.max_row + 1):
        file = str(sheet.cell(row, at["ไฟล์"]).value or "")
        for name, (review, note) in reviews.items():
            if file.endswith(name):
                sheet.cell(row, at["ผลการพิจารณา"]).value = review
                sheet.cell(row, at["หมายเหตุผู้พิจารณา"]).value = note
    book.save(summary)


def test_reviews_are_kept_per_version_and_a_changed_return_is_pending_again(
    season: tuple[Path, Path],
) -> None:
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    register = _sheet(summary, REGISTER)
    assert {_by_file(register, n)["ผลการพิจารณา"] for n in SENT} == {"รอพิจารณา"}
    _review(summary, {SENT[0]: ("รับแล้ว", ""), SENT[1]: ("ส่งกลับแก้ไข", "รหัสมาตรการซ้ำ M10")})
    assert _roll_up(inbox, summary) == 0
    register = _sheet(summary, REGISTER)
    assert _by_file(register, SENT[0])["ผลการพิจารณา"] == "รับแล้ว"
    sent_back = _by_file(register, SENT[1])
    assert (sent_back["ผลการพิจารณา"], sent_back["หมายเหตุผู้พิจารณา"]) == ("ส่งกลับแก้ไข",
                                                                        "รหัสมาตรการซ้ำ M10")  # fmt: skip
    # the agency sends a corrected file under the same name
    corrected = clean_filling()
    corrected.info.update(
        org_name="องค์การบริหารส่วนตำบลโนนสะอาด",
        district="ชุมแพ",
        province="ขอนแก่น",
        round="๖ เดือน",
        prepared_on="๒๐ เม.ย. ๒๕๖๖",
    )
    write_return(inbox / SENT[1], corrected)
    assert _roll_up(inbox, summary) == 0
    assert _by_file(_sheet(summary, REGISTER), SENT[1])["ผลการพิจารณา"] == "รอพิจารณา"
    versions = [r for r in _sheet(summary, HISTORY) if str(r["ไฟล์"]).endswith(SENT[1])]
    assert len(versions) == 2
    old, new = versions
    assert (old["สถานะ"], old["ผลการพิจารณา"]) == ("ฉบับเก่า", "ส่งกลับแก้ไข")
    assert str(old["ฉบับที่ใช้แทน"]).endswith(f"({new['SHA-256']})")
    assert new["ผลการพิจารณา"] == "รอพิจารณา" and new["ฉบับที่ใช้แทน"] is None
    assert not list(summary.parent.glob("*.เดิม-*"))  # only reviews were typed: none kept
    assert old["SHA-256"] != new["SHA-256"] and len(str(new["SHA-256"])) == 12
    # the JSON register says the same, in English words beside the Thai
    with Store(summary.with_suffix(".ita.sqlite")) as store:
        result = rollup([inbox], jobs=1, store=store, previous_summary=summary)
    reviews = {Path(str(e["file"])).name: e["review"] for e in result.to_json()["register"]}
    assert reviews == {SENT[0]: "accepted", SENT[1]: "pending", SENT[2]: "pending"}


def _to_follow_up(out: str) -> dict[str, str]:
    """The roll-up's "to follow up" lines: file name → why."""
    lines = [line.split("\t") for line in out.splitlines() if line.startswith("  ")]
    return {Path(file).name: why.strip() for why, _, file in lines if file}


def test_the_returns_to_follow_up_are_those_the_team_still_has_to_act_on(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    assert _to_follow_up(capsys.readouterr().out) == {SENT[0]: "มีข้อผิดพลาด",
                                                      SENT[1]: "มีข้อผิดพลาด"}  # fmt: skip
    # errors the team accepted are done with; a clean return it sent back, and one it
    # refused, wait for the agency
    _review(summary, {SENT[0]: ("รับแล้ว", "ยอมรับ ส่งช้า"), SENT[1]: ("ไม่รับ", "ผิดปี"),
                      SENT[2]: ("ส่งกลับแก้ไข", "แนบหลักฐาน")})  # fmt: skip
    assert _roll_up(inbox, summary) == 0
    assert _to_follow_up(capsys.readouterr().out) == {SENT[1]: "ไม่รับ", SENT[2]: "ส่งกลับแก้ไข"}
    # the corrected return comes (the same file, saved again): pending, nothing to chase
    book = openpyxl.load_workbook(inbox / SENT[2])
    book["มาตรการ"]["B4"] = f"{book['มาตรการ']['B4'].value} (แนบหลักฐานแล้ว)"
    book.save(inbox / SENT[2])
    assert main(["--lang", "en", "rollup", str(inbox), "-o", str(summary), "--no-progress"]) == 0
    assert _to_follow_up(capsys.readouterr().out) == {SENT[1]: "rejected"}


def test_a_review_that_is_not_on_the_list_is_pending_kept_in_the_note_and_said_once(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Words pasted over the dropdown: the list's English keys are its words; anything else is
    pending, what was typed stays in the note, and the team is told once, by organisation."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[0]: ("รับ", ""), SENT[1]: ("ส่งกลับ", "แก้เบอร์โทร"),
                      SENT[2]: ("accepted", "")})  # fmt: skip
    capsys.readouterr()
    assert _roll_up(inbox, summary) == 0
    register = _sheet(summary, REGISTER)
    reviews = {n: (_by_file(register, n)["ผลการพิจารณา"], _by_file(register, n)["หมายเหตุผู้พิจารณา"])
               for n in SENT}  # fmt: skip
    assert reviews == {SENT[0]: ("รอพิจารณา", "(รับ)"), SENT[1]: ("รอพิจารณา", "แก้เบอร์โทร (ส่งกลับ)"),
                       SENT[2]: ("รับแล้ว", None)}  # fmt: skip
    said = capsys.readouterr().err
    assert "ไม่ใช่คำในรายการ" in said
    assert "องค์การบริหารส่วนตำบลเกาะรอ: รับ, องค์การบริหารส่วนตำบลโนนสะอาด: ส่งกลับ" in said
    assert _roll_up(inbox, summary) == 0
    assert "ไม่ใช่คำในรายการ" not in capsys.readouterr().err
    # the same word pasted again over the dropdown: said again, kept in the note once
    _review(summary, {SENT[1]: (" ส่งกลับ ", "แก้เบอร์โทร (ส่งกลับ)")})
    assert _roll_up(inbox, summary) == 0
    assert "องค์การบริหารส่วนตำบลโนนสะอาด: ส่งกลับ" in capsys.readouterr().err
    assert _by_file(_sheet(summary, REGISTER), SENT[1])["หมายเหตุผู้พิจารณา"] == "แก้เบอร์โทร (ส่งกลับ)"


def test_a_run_without_the_store_never_replaces_the_teams_reviews(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The reviews typed into the summary live there until a run with the store keeps them:
    ``--no-store`` would write the summary without them."""
    inbox, summary = season
    assert _roll_up(inbox, summary, "--no-store") == 0  # nobody has reviewed: it is replaced
    assert _roll_up(inbox, summary, "--no-store") == 0
    _review(summary, {SENT[1]: ("ส่งกลับแก้ไข", "รหัสมาตรการซ้ำ M10")})
    typed = summary.read_bytes()
    capsys.readouterr()
    assert _roll_up(inbox, summary, "--no-store") == 2
    said = capsys.readouterr().err
    assert "ไม่ได้เขียนทับ" in said and "๑ แถว" in said and "--no-store" in said
    assert summary.read_bytes() == typed
    assert _roll_up(inbox, summary, "--no-store", "--lang", "en") == 2
    assert "holds 1 review(s) the team typed" in capsys.readouterr().err
    assert _roll_up(inbox, summary) == 0  # with the store: kept, and shown again
    sent_back = _by_file(_sheet(summary, REGISTER), SENT[1])
    assert (sent_back["ผลการพิจารณา"], sent_back["หมายเหตุผู้พิจารณา"]) == ("ส่งกลับแก้ไข",
                                                                        "รหัสมาตรการซ้ำ M10")  # fmt: skip


def _rolled_up_keeping(inbox: Path, summary: Path, store: bool,
                       capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:  # fmt: skip
    """A roll-up over the summary the team edited: the one copy it kept, holding the team's
    very bytes, and what it said."""
    typed = summary.read_bytes()
    capsys.readouterr()
    assert _roll_up(inbox, summary, *([] if store else ["--no-store"])) == 0
    (kept,) = summary.parent.glob("summary.เดิม-*.xlsx")
    assert kept.read_bytes() == typed
    return kept, capsys.readouterr().err


@pytest.mark.parametrize("store", [True, False], ids=["with the store", "--no-store"])
def test_a_summary_whose_register_was_renamed_is_kept_beside_not_lost(
    season: tuple[Path, Path], store: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviews typed into a register the team then renamed cannot be read: the summary they
    are in is kept beside the new one, never replaced with them."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[1]: ("ส่งกลับแก้ไข", "รหัสมาตรการซ้ำ M10")})
    book = openpyxl.load_workbook(summary)
    book[REGISTER].title = "ทะเบียน ตรวจแล้ว"
    book.save(summary)
    kept, said = _rolled_up_keeping(inbox, summary, store, capsys)
    assert f"เก็บไฟล์นั้นไว้ที่ {kept}" in said
    assert _by_file(_sheet(summary, REGISTER), SENT[1])["ผลการพิจารณา"] == "รอพิจารณา"
    assert _roll_up(inbox, summary) == 0  # a register to read again: nothing more is kept
    assert len(list(summary.parent.glob("summary.เดิม-*.xlsx"))) == 1


def _review_in_history(summary: Path, reviews: list[tuple[str, int, str]]) -> None:
    """The team types review words into ``ประวัติการส่ง``: (file, which of its versions, word)."""
    book = openpyxl.load_workbook(summary)
    sheet = book[HISTORY]
    header = next(row for row in sheet.iter_rows() if any(c.value == "SHA-256" for c in row))
    at = {c.value: c.column for c in header}
    rows = range(header[0].row + 1, sheet.max_row + 1)
    for name, which, word in reviews:
        versions = [r for r in rows if str(sheet.cell(r, at["ไฟล์"]).value).endswith(name)]
        sheet.cell(versions[which], at["ผลการพิจารณา"]).value = word
    book.save(summary)


def test_a_review_typed_in_the_history_is_kept_for_that_version(season: tuple[Path, Path]) -> None:
    """The history is where an old version can be reviewed; where the register and the history
    both changed the version that counts, the register's word wins."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    corrected = clean_filling()
    corrected.info.update(org_name="องค์การบริหารส่วนตำบลโนนสะอาด", district="ชุมแพ",
                          province="ขอนแก่น", round="๖ เดือน", prepared_on="๒๐ เม.ย. ๒๕๖๖")  # fmt: skip
    write_return(inbox / SENT[1], corrected)
    assert _roll_up(inbox, summary) == 0
    _review_in_history(summary, [(SENT[1], 0, "ไม่รับ"), (SENT[1], 1, "รับแล้ว"),
                                 (SENT[0], 0, "ส่งกลับแก้ไข"), (SENT[2], 0, "ไม่ทราบ")])  # fmt: skip
    _review(summary, {SENT[0]: ("รับแล้ว", "")})
    assert _roll_up(inbox, summary) == 0
    history = [(Path(str(r["ไฟล์"])).name, r["สถานะ"], r["ผลการพิจารณา"])
               for r in _sheet(summary, HISTORY)]  # fmt: skip
    assert (SENT[1], "ฉบับเก่า", "ไม่รับ") in history  # the old version, reviewed there
    assert (SENT[0], "มีข้อผิดพลาด", "รับแล้ว") in history  # both changed it: the register's
    assert (SENT[2], "ผ่าน", "รอพิจารณา") in history  # a word not on the list says nothing
    register = _sheet(summary, REGISTER)
    assert _by_file(register, SENT[0])["ผลการพิจารณา"] == "รับแล้ว"
    assert _by_file(register, SENT[1])["ผลการพิจารณา"] == "รับแล้ว"  # typed in the history only


def _statuses(summary: Path, sheet: str) -> dict[str, tuple[object, object]]:
    """Each file's (status, what stands in for it) on ``sheet``: the register's note, or the
    history's ``ฉบับที่ใช้แทน`` with its SHA-256 prefix left out."""
    rows = _sheet(summary, sheet)
    instead = "ฉบับที่ใช้แทน" if sheet == HISTORY else "หมายเหตุ"
    return {Path(str(r["ไฟล์"])).name: (r["สถานะ"], Path(str(r[instead]).split(" (")[0]).name
                                         if r[instead] else None) for r in rows}  # fmt: skip


def test_the_history_counts_the_version_the_register_counts(season: tuple[Path, Path]) -> None:
    """Two files of one return, prepared the same day: the one that names another organisation
    is a neighbour's copy, however late it was saved; the history says what the register says.
    Then the team takes the newest file out of the folder (sent by mistake): what is there
    counts, in both sheets."""
    inbox, summary = season
    own, copied = clean_filling(), clean_filling()
    copied.measures[0]["steps"] = "ใช้แนวทางของอบต.หนองปลาไหล"  # another agency's (ITA-R306)
    write_return(inbox / "a_own.xlsx", own)
    write_return(inbox / "b_copied.xlsx", copied)
    os.utime(inbox / "a_own.xlsx", ns=(10**18, 10**18))  # the copy is the file saved last
    os.utime(inbox / "b_copied.xlsx", ns=(2 * 10**18, 2 * 10**18))
    assert _roll_up(inbox, summary) == 0
    register, history = _statuses(summary, REGISTER), _statuses(summary, HISTORY)
    assert register["a_own.xlsx"][0] == history["a_own.xlsx"][0] == "ผ่าน"
    assert register["b_copied.xlsx"][0] == history["b_copied.xlsx"][0] == "ฉบับเก่า"
    assert history["b_copied.xlsx"][1] == "a_own.xlsx"
    # a later file of the same return, then taken out of the folder
    later = clean_filling()
    later.info["prepared_on"] = "๓๐ ก.ย. ๒๕๖๖"
    write_return(inbox / "c_later.xlsx", later)
    assert _roll_up(inbox, summary) == 0
    assert _statuses(summary, HISTORY)["a_own.xlsx"] == ("ฉบับเก่า", "c_later.xlsx")
    (inbox / "c_later.xlsx").unlink()
    assert _roll_up(inbox, summary) == 0
    register, history = _statuses(summary, REGISTER), _statuses(summary, HISTORY)
    assert register["a_own.xlsx"][0] == history["a_own.xlsx"][0] == "ผ่าน"
    assert "c_later.xlsx" not in register
    assert history["c_later.xlsx"] == ("ฉบับเก่า", "a_own.xlsx")  # kept, no longer counted


@pytest.mark.parametrize("store", [True, False], ids=["with the store", "--no-store"])
def test_a_column_the_team_added_beside_the_measures_is_kept_with_its_file(
    season: tuple[Path, Path], store: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any table of the summary, not only the register: the team's note beside each measure."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(summary)
    sheet = book["มาตรการ"]
    note = sheet.max_column + 1
    sheet.cell(1, note).value = "หมายเหตุคณะทำงาน"
    sheet.cell(2, note).value = "ตัวชี้วัดไม่ตรงกับมาตรการ"
    book.save(summary)
    _, said = _rolled_up_keeping(inbox, summary, store, capsys)
    assert "(มาตรการ: หมายเหตุคณะทำงาน) ไม่มีในสรุปใหม่" in said


def _row_under_the_register(book: openpyxl.Workbook) -> None:
    sheet = book[REGISTER]
    sheet.cell(sheet.max_row + 2, 1).value = "อบต.ที่ส่งเป็นกระดาษ รับไว้ ๒ ธ.ค."


def _note_beside_the_overview(book: openpyxl.Workbook) -> None:
    book["สรุปภาพรวม"]["H3"] = "ข้อมูล ณ ๓ ธ.ค. เสนอผู้บริหาร"


def _sheet_of_the_teams_own(book: openpyxl.Workbook) -> None:
    book.create_sheet("บันทึกคณะทำงาน")["A1"] = "ประชุมคณะทำงาน ๕ ธ.ค."


@pytest.mark.parametrize(("typing", "place"), [
    (_row_under_the_register, f"{REGISTER}: แถว "),
    (_note_beside_the_overview, "สรุปภาพรวม: H3"),
    (_sheet_of_the_teams_own, "ชีต บันทึกคณะทำงาน"),
], ids=["rows under the register", "a note beside the overview", "a sheet of its own"])  # fmt: skip
def test_what_the_team_typed_beyond_what_ita_xl_wrote_is_kept_with_its_file(
    season: tuple[Path, Path], typing: Callable[[openpyxl.Workbook], None], place: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(summary)
    typing(book)
    book.save(summary)
    _, said = _rolled_up_keeping(inbox, summary, True, capsys)
    assert place in said and "นอกส่วนที่ ita-xl เขียน" in said
    # the summary written now holds none of it, and says nothing the next time
    assert _roll_up(inbox, summary) == 0
    assert len(list(summary.parent.glob("summary.เดิม-*.xlsx"))) == 1


def _columns(sheet: Any) -> tuple[int, dict[str, int]]:
    """A summary sheet's header row and each label's column."""
    header = next(row for row in sheet.iter_rows() if any(c.value == "ไฟล์" for c in row))
    return header[0].row, {c.value: c.column for c in header if c.value}


def _row_of(sheet: Any, name: str) -> int:
    header, at = _columns(sheet)
    return next(r for r in range(header + 1, sheet.max_row + 1)
                if str(sheet.cell(r, at["ไฟล์"]).value or "").endswith(name))  # fmt: skip


def _sort_the_register(book: openpyxl.Workbook) -> None:
    """The team sorts the register its own way (here: the last row first): every row moves."""
    sheet = book[REGISTER]
    header, _ = _columns(sheet)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header + 1)]
    for offset, values in enumerate(reversed([r for r in rows if any(v is not None for v in r)])):
        for column, value in enumerate(values, start=1):
            sheet.cell(header + 1 + offset, column).value = value


def test_a_value_typed_over_what_ita_xl_wrote_is_kept_with_its_file(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The team corrects what ita-xl wrote (a note in the register, a status in the history)
    instead of the return: the new summary shows what the returns say again, so the file it was
    typed in is kept beside, naming each cell; the register sorted its own way is no change,
    and the reviews are read back as usual."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[1]: ("ส่งกลับแก้ไข", "รหัสมาตรการซ้ำ M10")})
    book = openpyxl.load_workbook(summary)
    _sort_the_register(book)
    register, history = book[REGISTER], book[HISTORY]
    noted = _row_of(register, SENT[0])
    register.cell(noted, _columns(register)[1]["หมายเหตุ"]).value = "ส่งฉบับกระดาษตามมาแล้ว"
    corrected = _row_of(history, SENT[2])
    history.cell(corrected, _columns(history)[1]["สถานะ"]).value = "ผ่าน (ตรวจซ้ำแล้ว)"
    book.save(summary)
    _, said = _rolled_up_keeping(inbox, summary, True, capsys)
    assert f"({REGISTER}: O{noted}, {HISTORY}: H{corrected}) ไม่มีในสรุปใหม่" in said
    register_now = _sheet(summary, REGISTER)
    assert _by_file(register_now, SENT[0])["หมายเหตุ"] is None  # what the returns say
    assert _by_file(register_now, SENT[1])["ผลการพิจารณา"] == "ส่งกลับแก้ไข"
    assert _roll_up(inbox, summary) == 0  # the new summary is ita-xl's own: nothing more kept
    assert len(list(summary.parent.glob("summary.เดิม-*.xlsx"))) == 1


def _sort_by_last_column(sheet: Any) -> None:
    """The team sorts a sheet its own way (by its last column, descending): rows move, each
    cell keeping its type, as Excel sorts (text that reads like an error value stays text)."""
    header, _ = _columns(sheet)
    rows = [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows(min_row=header + 1)]
    rows = sorted((r for r in rows if any(v is not None for v, _ in r)),
                  key=lambda r: str(r[-1][0] or ""), reverse=True)  # fmt: skip
    for offset, cells in enumerate(rows):
        for column, (value, kind) in enumerate(cells, start=1):
            cell = sheet.cell(header + 1 + offset, column)
            cell.value, cell.data_type = value, kind


@pytest.mark.parametrize("store", [True, False], ids=["with the store", "--no-store"])
def test_a_measure_corrected_in_the_summary_is_kept_with_its_file(
    season: tuple[Path, Path], store: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """The team corrects a measure's name and a date in ``มาตรการ`` and an output in
    ``ติดตามผล`` instead of asking for the return again: the new summary shows what the
    returns say, so the file they were typed in is kept beside, naming the sheets. Sorting the
    findings is no change."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(summary)
    measures, followups = book["มาตรการ"], book["ติดตามผล"]
    _sort_by_last_column(book["ปัญหาที่พบ"])
    header, at = _columns(measures)
    typo = measures.cell(header + 1, at["มาตรการ"])
    typo.value = f"{typo.value} (แก้ไขโดยคณะทำงาน)"
    dated = next(measures.cell(r, at["วันสิ้นสุด"]) for r in range(header + 1, measures.max_row)
                 if isinstance(measures.cell(r, at["วันสิ้นสุด"]).value, datetime))  # fmt: skip
    dated.value += timedelta(days=1)
    header, at = _columns(followups)
    followups.cell(header + 2, at["ผลผลิต"]).value = "ผู้เข้าร่วม ๑๒๐ คน"
    book.save(summary)
    _, said = _rolled_up_keeping(inbox, summary, store, capsys)
    assert "(มาตรการ, ติดตามผล) ไม่มีในสรุปใหม่" in said
    assert "ปัญหาที่พบ" not in said  # sorted, not typed over
    assert not str(_sheet(summary, "มาตรการ")).count("แก้ไขโดยคณะทำงาน")
    assert _roll_up(inbox, summary, *([] if store else ["--no-store"])) == 0
    assert len(list(summary.parent.glob("summary.เดิม-*.xlsx"))) == 1


def test_a_measure_deleted_from_the_summary_is_kept_with_its_file(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The team deletes a measure's row from ``มาตรการ`` rather than ask for the return again:
    the new summary has the row back, as the return says, and the file the team changed is kept
    beside, its message saying a deletion is a change too."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(summary)
    measures = book["มาตรการ"]
    header, at = _columns(measures)
    deleted = measures.cell(header + 2, at["มาตรการ"]).value
    rows = measures.max_row
    measures.delete_rows(header + 2)
    book.save(summary)
    _, said = _rolled_up_keeping(inbox, summary, True, capsys)
    assert "(พิมพ์ทับ ลบ หรือย้ายค่าหรือแถว)" in said and "(มาตรการ) ไม่มีในสรุปใหม่" in said
    again = openpyxl.load_workbook(summary)["มาตรการ"]
    assert again.max_row == rows
    assert deleted in [c.value for c in again[column_letter(at["มาตรการ"])]]


@pytest.mark.parametrize(
    ("cell", "typed"),
    [("B5", 9), ("A1", "สรุปผลฉบับร่าง (ยังไม่เผยแพร่)"), ("C6", "ข้อมูล ณ ๔ ธ.ค.")],
    ids=["a figure", "the title", "a note among the figures"],
)
def test_what_the_team_typed_on_the_overview_is_kept_with_its_file(
    season: tuple[Path, Path], cell: str, typed: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """A figure corrected by hand, the title changed, a note typed among the figures: the new
    overview shows the count of the returns again, so the file they were typed in is kept
    beside, naming the overview."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(summary)
    overview = book["สรุปภาพรวม"]
    assert (overview["A5"].value, overview["B5"].value) == ("แบบรายงานที่ได้รับ", len(SENT))
    overview[cell] = typed
    book.save(summary)
    _, said = _rolled_up_keeping(inbox, summary, True, capsys)
    assert "(สรุปภาพรวม) ไม่มีในสรุปใหม่" in said
    assert openpyxl.load_workbook(summary)["สรุปภาพรวม"]["B5"].value == len(SENT)
    assert _roll_up(inbox, summary) == 0  # the new summary is ita-xl's own: nothing more kept
    assert len(list(summary.parent.glob("summary.เดิม-*.xlsx"))) == 1


def test_a_phone_typed_over_beside_an_organisation_that_has_not_sent_is_kept_with_its_file(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The row of an organisation that has not sent has no file: it is told by the
    organisation, as its notes are, and the roster's phone the team corrected there is named."""
    inbox, summary = season
    roster = ["--roster", str(ROOT / "examples" / "roster.csv")]
    assert _roll_up(inbox, summary, *roster) == 0
    book = openpyxl.load_workbook(summary)
    sheet = book[REGISTER]
    header, at = _columns(sheet)
    row = next(r for r in range(header + 1, sheet.max_row + 1)
               if sheet.cell(r, at["สถานะ"]).value == "ไม่ได้ส่ง")  # fmt: skip
    sheet.cell(row, at["โทรศัพท์"]).value = "๐๘๑ ๒๓๔ ๕๖๗๘ (เบอร์ใหม่)"
    book.save(summary)
    typed = summary.read_bytes()
    capsys.readouterr()
    assert _roll_up(inbox, summary, *roster) == 0
    (kept,) = summary.parent.glob("summary.เดิม-*.xlsx")
    assert kept.read_bytes() == typed
    assert f"({REGISTER}: I{row}) ไม่มีในสรุปใหม่" in capsys.readouterr().err


@pytest.mark.parametrize("counting_row_first", [True, False], ids=["counting row first", "last"])
def test_a_file_sent_twice_keeps_the_review_typed_where_it_counts(
    season: tuple[Path, Path], counting_row_first: bool
) -> None:
    """An officer sends the same file twice under two names: one version on two rows, the older
    name ฉบับเก่า. The team rejects the copy and accepts the file that counts; one version has
    one review, and it is the one typed on the row that counts, wherever the sort put it."""
    inbox, summary = season
    copy = inbox / f"ส่งซ้ำ_{SENT[0]}"
    shutil.copy(inbox / SENT[0], copy)
    older = (inbox / SENT[0]).stat().st_mtime_ns - 60 * 10**9
    os.utime(copy, ns=(older, older))  # saved before: superseded by the other name
    assert _roll_up(inbox, summary) == 0
    register = _sheet(summary, REGISTER)
    assert (_by_file(register, copy.name)["สถานะ"], _by_file(register, SENT[0])["สถานะ"]) == (
        "ฉบับเก่า", "มีข้อผิดพลาด")  # fmt: skip
    book = openpyxl.load_workbook(summary)
    sheet = book[REGISTER]
    _, at = _columns(sheet)
    counting, superseded = _row_of(sheet, SENT[0]), _row_of(sheet, copy.name)
    if (counting < superseded) != counting_row_first:
        for column in range(1, sheet.max_column + 1):  # the team's sort swaps the two rows
            one, other = sheet.cell(counting, column), sheet.cell(superseded, column)
            one.value, other.value = other.value, one.value
        counting, superseded = superseded, counting
    sheet.cell(counting, at["ผลการพิจารณา"]).value = "รับแล้ว"
    sheet.cell(superseded, at["ผลการพิจารณา"]).value = "ไม่รับ"
    sheet.cell(superseded, at["หมายเหตุผู้พิจารณา"]).value = "ไฟล์ซ้ำ"
    book.save(summary)
    assert _roll_up(inbox, summary) == 0
    register = _sheet(summary, REGISTER)
    for name in (SENT[0], copy.name):  # one version: its review on both rows
        shown = _by_file(register, name)
        assert (shown["ผลการพิจารณา"], shown["หมายเหตุผู้พิจารณา"]) == ("รับแล้ว", None)


def test_a_register_sorted_and_reviewed_keeps_no_copy(season: tuple[Path, Path]) -> None:
    """Sorting the register and typing reviews is the team's usual work: nothing to keep."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(summary)
    _sort_the_register(book)
    book.save(summary)
    _review(summary, {SENT[0]: ("รับแล้ว", ""), SENT[2]: ("ไม่รับ", "ส่งผิดหน่วยงาน")})
    assert _roll_up(inbox, summary) == 0
    assert not list(summary.parent.glob("*.เดิม-*"))
    assert _by_file(_sheet(summary, REGISTER), SENT[2])["ผลการพิจารณา"] == "ไม่รับ"


@pytest.mark.parametrize("store", [True, False], ids=["with the store", "--no-store"])
def test_a_column_the_team_added_to_the_register_is_kept_with_its_file(
    season: tuple[Path, Path], store: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """A column of the team's own (who checked each return) is not in a new summary: the file
    it was typed in is kept beside, and the reviews typed beside it are read as usual."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    if store:
        _review(summary, {SENT[0]: ("รับแล้ว", "")})
    book = openpyxl.load_workbook(summary)
    sheet = book[REGISTER]
    sheet.insert_cols(5)
    sheet.cell(2, 5).value = "ผู้ตรวจ"
    sheet.cell(3, 5).value = "สมชาย"
    book.save(summary)
    _, said = _rolled_up_keeping(inbox, summary, store, capsys)
    assert "(ทะเบียนการส่ง: ผู้ตรวจ) ไม่มีในสรุปใหม่" in said
    if store:
        assert _by_file(_sheet(summary, REGISTER), SENT[0])["ผลการพิจารณา"] == "รับแล้ว"


def test_the_teams_notes_on_whom_it_chased_are_kept(season: tuple[Path, Path],
                                                    tmp_path: Path) -> None:  # fmt: skip
    """A row of an organisation that has not sent has no version to keep a review against:
    the note typed beside it (whom the team called, when it promised) is kept by the
    organisation, shown again, and goes into the list of whom to chase."""
    inbox, summary = season
    roster = ["--roster", str(ROOT / "examples" / "roster.csv")]
    assert _roll_up(inbox, summary, *roster) == 0
    note = "โทรตามแล้ว ๓ ธ.ค. จะส่งภายใน ๑๐ ธ.ค."
    book = openpyxl.load_workbook(summary)
    sheet = book[REGISTER]
    header = next(row for row in sheet.iter_rows() if any(c.value == "ไฟล์" for c in row))
    at = {c.value: c.column for c in header}
    row = next(r for r in range(header[0].row + 1, sheet.max_row + 1)
               if sheet.cell(r, at["สถานะ"]).value == "ไม่ได้ส่ง")  # fmt: skip
    chased = (sheet.cell(row, at["หน่วยงาน"]).value, sheet.cell(row, at["ส่วนงาน"]).value)
    sheet.cell(row, at["หมายเหตุผู้พิจารณา"]).value = note
    book.save(summary)
    assert _roll_up(inbox, summary, *roster) == 0
    assert not list(summary.parent.glob("*.เดิม-*"))  # a note is no value typed over ita-xl's
    again = next(r for r in _sheet(summary, REGISTER) if (r["หน่วยงาน"], r["ส่วนงาน"]) == chased)
    assert (again["สถานะ"], again["ผลการพิจารณา"], again["หมายเหตุผู้พิจารณา"]) == (
        "ไม่ได้ส่ง", None, note)  # fmt: skip
    others = [r for r in _sheet(summary, REGISTER)
              if r["สถานะ"] == "ไม่ได้ส่ง" and (r["หน่วยงาน"], r["ส่วนงาน"]) != chased]  # fmt: skip
    assert others and all(r["หมายเหตุผู้พิจารณา"] is None for r in others)
    out = tmp_path / "feedback"
    assert main(["feedback", str(summary), "-o", str(out)]) == 0
    with (out / "ยังไม่ได้ส่ง.csv").open(encoding="utf-8-sig") as stream:
        chase = {(r["หน่วยงาน"], r["ส่วนงาน"]): r["หมายเหตุผู้พิจารณา"] for r in csv.DictReader(stream)}
    assert chase[chased] == note
    assert _roll_up(inbox, summary, *roster, "--no-store") == 2  # the note's only copy


def test_a_summary_open_in_excel_is_said_to_be_open_and_the_store_stays_as_it_was(
    season: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """Excel on Windows locks the workbook it shows: replacing it is refused, and the message
    must say to close it, not that the folder cannot be written."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    store = summary.with_suffix(".ita.sqlite")
    before = store.read_bytes()
    (summary.parent / f"~${summary.name}").write_bytes(b"\x0bExcel owner")
    real_replace = os.replace

    def locked(source: Any, target: Any) -> None:
        if Path(target) == summary:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", locked)
    shutil.copy(RETURNS / "koh_ro_2566_12m.xlsx", inbox / "late.xlsx")
    capsys.readouterr()
    assert _roll_up(inbox, summary) == 2
    said = capsys.readouterr().err
    assert "ไฟล์เปิดอยู่ในโปรแกรมอื่น (เช่น Excel หรือ LibreOffice)" in said
    assert "ไม่มีสิทธิ์" not in said
    assert store.read_bytes() == before  # the run's transaction was rolled back


def _held_open(path: Path) -> bool:
    """Whether this process holds ``path`` open (Linux shows its open files in /proc)."""
    target = path.resolve()
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            if Path(os.readlink(fd)) == target:
                return True
    return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files")
def test_the_summary_read_back_is_closed_before_it_is_replaced(
    season: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file that is open, by this very process too: every reading
    of the summary the team edited (its reviews, what it typed beyond or over ita-xl's values,
    its tables' prints) has closed it before the new summary is renamed over it."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[0]: ("รับแล้ว", "")})  # saved again: every reading of it runs
    real_replace = os.replace

    def as_windows(source: Any, target: Any) -> None:
        if Path(target).exists() and _held_open(Path(target)):
            raise PermissionError(13, "The process cannot access the file because it is "
                                      "being used by another process")  # fmt: skip
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", as_windows)
    assert _roll_up(inbox, summary) == 0
    assert _by_file(_sheet(summary, REGISTER), SENT[0])["ผลการพิจารณา"] == "รับแล้ว"


@pytest.mark.real_client
def test_reviews_typed_in_libreoffice_calc_are_read_back(season: tuple[Path, Path],
                                                         tmp_path: Path) -> None:  # fmt: skip
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    register = _sheet(summary, REGISTER)
    row = next(i for i, r in enumerate(register) if str(r["ไฟล์"]).endswith(SENT[2]))
    header_row = 2  # under the register's title
    review_column = "P"  # ผลการพิจารณา, then หมายเหตุผู้พิจารณา
    assert list(register[0])[15:17] == ["ผลการพิจารณา", "หมายเหตุผู้พิจารณา"]
    edited = tmp_path / "edited.xlsx"
    calc([{"source": str(summary), "target": str(edited), "steps": [
        ["text", REGISTER, f"{review_column}{header_row + 1 + row}", "ไม่รับ"],
        ["text", REGISTER, f"Q{header_row + 1 + row}", "ส่งผิดหน่วยงาน\nโปรดส่งใหม่"],
    ]}], tmp_path)  # fmt: skip
    os.replace(edited, summary)  # the team saved over the summary in Calc
    assert _roll_up(inbox, summary) == 0
    again = _by_file(_sheet(summary, REGISTER), SENT[2])
    assert again["ผลการพิจารณา"] == "ไม่รับ"
    assert again["หมายเหตุผู้พิจารณา"] == "ส่งผิดหน่วยงาน โปรดส่งใหม่"
    assert not list(summary.parent.glob("*.เดิม-*"))  # nothing of Calc's taken for the team's


@pytest.mark.real_client
def test_no_row_of_the_register_or_the_history_is_shorter_than_calc_finds_it_needs(
    season: tuple[Path, Path], tmp_path: Path
) -> None:
    """Calc does not fit rows when it opens a file, so a row ita-xl makes too short cuts its text
    on screen and on paper. Files are named as officers name them (long, without spaces), in a
    folder; one is corrected, so the history names the version that replaced it."""
    inbox, summary = season
    folder = inbox / "returns_received_from_local_administrative_organisations"
    folder.mkdir()
    for name in SENT:
        (inbox / name).rename(folder / f"{Path(name).stem}_final_version_checked_by_officer.xlsx")
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(corrected := next(folder.glob("koh_ro_*")))
    book["มาตรการ"]["B4"] = f"{book['มาตรการ']['B4'].value} (แก้ไข)"
    book.save(corrected.with_name("koh_ro_2566_12m_corrected_after_review_sent_again.xlsx"))
    assert _roll_up(inbox, summary) == 0
    fitted = tmp_path / "fitted.xlsx"
    calc([{"source": str(summary), "target": str(fitted), "steps": [
        ["fit_rows", REGISTER, "A1:Q30"], ["fit_rows", HISTORY, "A1:J30"]]}], tmp_path)  # fmt: skip
    ours, calcs = openpyxl.load_workbook(summary), openpyxl.load_workbook(fitted)
    for name in (REGISTER, HISTORY):
        rows = range(1, ours[name].max_row + 1)
        heights = [(ours[name].row_dimensions[r].height, calcs[name].row_dimensions[r].height)
                   for r in rows]  # fmt: skip
        short = [(r, h) for r, h in zip(rows, heights, strict=True) if h[0] < h[1]]
        assert not short, f"{name}: rows (ours, Calc's) {short}"
    history = _sheet(summary, HISTORY)
    assert any(str(r["ฉบับที่ใช้แทน"] or "").endswith(")") for r in history)  # a long one


@pytest.mark.real_client
def test_a_value_typed_over_in_libreoffice_calc_is_kept_with_its_file(
    season: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The team corrects a province in the register, an output in the follow-ups and a figure
    on the overview in Calc: the new summary shows what the returns say again, and the file
    Calc saved is kept beside, naming the cell and the sheets."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(summary)
    row = _row_of(book[REGISTER], SENT[2])
    assert _columns(book[REGISTER])[1]["จังหวัด"] == 3
    province = book[REGISTER][f"C{row}"].value
    assert province not in (None, "ปัตตานี")
    edited = tmp_path / "edited.xlsx"
    header, at = _columns(book["ติดตามผล"])
    output = f"{column_letter(at['ผลผลิต'])}{header + 1}"
    calc([{"source": str(summary), "target": str(edited), "steps": [
        ["text", REGISTER, f"C{row}", "ปัตตานี"],
        ["text", REGISTER, f"P{row}", "รับแล้ว"],
        ["text", "ติดตามผล", output, "ผู้เข้าร่วม ๑๒๐ คน (โทรสอบถามแล้ว)"],
        ["number", "สรุปภาพรวม", "B5", len(SENT) + 1],  # แบบรายงานที่ได้รับ, counted by hand
    ]}], tmp_path)  # fmt: skip
    os.replace(edited, summary)
    _, said = _rolled_up_keeping(inbox, summary, True, capsys)
    assert f"({REGISTER}: C{row}, ติดตามผล, สรุปภาพรวม) ไม่มีในสรุปใหม่" in said
    again = _by_file(_sheet(summary, REGISTER), SENT[2])
    assert (again["จังหวัด"], again["ผลการพิจารณา"]) == (province, "รับแล้ว")


def test_reviews_typed_in_calc_and_saved_as_ods_beside_are_read_back(
    season: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Calc asks whether to keep the Excel format; a team that answers ODF leaves the summary
    as it was and types its reviews into ``summary.ods`` beside it."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    register = _sheet(summary, REGISTER)
    row = 2 + 1 + next(i for i, r in enumerate(register) if str(r["ไฟล์"]).endswith(SENT[0]))
    ods = summary.with_suffix(".ods")
    calc([{"source": str(summary), "target": str(ods), "steps": [
        ["text", REGISTER, f"P{row}", "ส่งกลับแก้ไข"],
        ["text", REGISTER, f"Q{row}", "แก้รหัสมาตรการซ้ำ"],
    ]}], tmp_path)  # fmt: skip
    os.utime(ods, ns=(summary.stat().st_mtime_ns + 10**9,) * 2)  # saved after the summary
    typed = ods.read_bytes()
    capsys.readouterr()
    assert _roll_up(inbox, summary) == 0
    assert "summary.ods" in capsys.readouterr().err
    again = _by_file(_sheet(summary, REGISTER), SENT[0])
    assert (again["ผลการพิจารณา"], again["หมายเหตุผู้พิจารณา"]) == ("ส่งกลับแก้ไข",
                                                                 "แก้รหัสมาตรการซ้ำ")  # fmt: skip
    assert ods.read_bytes() == typed  # the team's file is left as it is
    # the new summary is the later file now: the .ods is not read again, the review stays
    assert _roll_up(inbox, summary) == 0
    assert "summary.ods" not in capsys.readouterr().err
    assert _by_file(_sheet(summary, REGISTER), SENT[0])["ผลการพิจารณา"] == "ส่งกลับแก้ไข"


def test_a_summary_renamed_says_where_its_history_is(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The team renames its summary: the run starts a store beside the new name, and says which
    store holds the season so far; with ``--store`` it goes on with that one."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    write_return(inbox / SENT[1])  # a version the first store has seen replaced
    assert _roll_up(inbox, summary) == 0
    renamed = summary.with_name("สรุป ITA ล่าสุด.xlsx")
    os.replace(summary, renamed)
    _review(renamed, {SENT[0]: ("รับแล้ว", "")})  # typed into since: other bytes
    capsys.readouterr()
    assert _roll_up(inbox, renamed) == 0
    said = capsys.readouterr().err
    assert "summary.ita.sqlite" in said and "--store" in said
    assert len(_sheet(renamed, HISTORY)) == len(SENT)  # a new store: only what is there now
    assert _by_file(_sheet(renamed, REGISTER), SENT[0])["ผลการพิจารณา"] == "รับแล้ว"
    old_store = summary.with_suffix(".ita.sqlite")
    assert _roll_up(inbox, renamed, "--store", str(old_store)) == 0
    assert "--store" not in capsys.readouterr().err
    assert len(_sheet(renamed, HISTORY)) == len(SENT) + 1  # the season so far


def test_a_store_of_a_newer_ita_xl_is_refused(season: tuple[Path, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA user_version = 99")
    assert _roll_up(inbox, summary) == 2
    assert "ita-xl รุ่นที่ใหม่กว่า" in capsys.readouterr().err
    assert not summary.exists()


def test_a_damaged_store_is_named_and_rebuilt_keeping_reviews(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[0]: ("รับแล้ว", "ครบถ้วน")})
    assert _roll_up(inbox, summary) == 0
    store = summary.with_suffix(".ita.sqlite")
    store.write_bytes(b"not a database, half a copy off a USB stick" * 100)
    before = summary.read_bytes()
    assert _roll_up(inbox, summary) == 2
    err = capsys.readouterr().err
    assert "เสียหาย" in err and "--rebuild-store" in err and str(store.name) in err
    assert summary.read_bytes() == before  # nothing written
    assert _roll_up(inbox, summary, "--rebuild-store") == 0
    aside = list(store.parent.glob(f"{store.name}.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"not a database")
    kept = _by_file(_sheet(summary, REGISTER), SENT[0])
    assert (kept["ผลการพิจารณา"], kept["หมายเหตุผู้พิจารณา"]) == ("รับแล้ว", "ครบถ้วน")


def _superseded_by_a_correction(inbox: Path, summary: Path) -> bytes:
    """Koh Ro's return rejected with a note, then corrected (another content, the same file):
    the rejected version is only in the history. Its bytes."""
    original = (inbox / SENT[0]).read_bytes()
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[0]: ("ไม่รับ", "โทรแล้ว")})
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(inbox / SENT[0])
    book["มาตรการ"]["B4"] = f"{book['มาตรการ']['B4'].value} (แก้ไข)"
    book.save(inbox / SENT[0])
    assert _roll_up(inbox, summary) == 0
    return original


def test_a_rebuilt_store_keeps_the_history_and_reviews_it_still_reads(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """``--rebuild-store`` on a store that still reads: the files are read again, and the history
    of a version no file holds any more is kept with its review and note; when that version
    comes back (the officer sends the old file again under another name), so does its review."""
    inbox, summary = season
    original = _superseded_by_a_correction(inbox, summary)
    history_before = _sheet(summary, HISTORY)
    capsys.readouterr()
    assert _roll_up(inbox, summary, "--rebuild-store") == 0
    err = capsys.readouterr().err
    assert "ประวัติการส่ง ๔ ฉบับ ผลการพิจารณา ๑ รายการ" in err and "อ่าน ๓ ไฟล์" in err
    assert _sheet(summary, HISTORY) == history_before
    assert not list(summary.parent.glob("*.เดิม-*"))  # every review typed there has its version
    (inbox / "ส่งซ้ำ_เกาะรอ.xlsx").write_bytes(original)
    assert _roll_up(inbox, summary) == 0
    again = _by_file(_sheet(summary, REGISTER), "ส่งซ้ำ_เกาะรอ.xlsx")
    assert (again["ผลการพิจารณา"], again["หมายเหตุผู้พิจารณา"]) == ("ไม่รับ", "โทรแล้ว")


def test_a_store_rebuilt_from_a_damaged_one_keeps_the_tables_that_read(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The reviews table of the old store is gone (damaged): the history is kept from it, and
    the reviews are read back from the summary as a store rebuilt from nothing reads them, the
    register's and the history's both."""
    inbox, summary = season
    _superseded_by_a_correction(inbox, summary)
    with contextlib.closing(sqlite3.connect(summary.with_suffix(".ita.sqlite"))) as db:
        db.execute("DROP TABLE reviews")
        db.commit()
    capsys.readouterr()
    assert _roll_up(inbox, summary, "--rebuild-store") == 0
    assert "ประวัติการส่ง ๔ ฉบับ ผลการพิจารณา ๐ รายการ" in capsys.readouterr().err
    old = next(r for r in _sheet(summary, HISTORY)
               if str(r["ไฟล์"]).endswith(SENT[0]) and r["ผลการพิจารณา"] != "รอพิจารณา")  # fmt: skip
    assert old["ผลการพิจารณา"] == "ไม่รับ"  # the history's word, without the note it lacks
    assert not list(summary.parent.glob("*.เดิม-*"))


def test_the_history_says_when_each_version_came_in_the_buddhist_era(
    season: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``วันที่ได้รับ`` is a date-and-time cell in the Thai Buddhist calendar, as the register's
    dates are (it was ISO text, 2026-…): LibreOffice shows the year 2569 for 2026. After Calc
    saved the summary again, the next roll-up finds nothing typed over and the same times."""
    from .support.clients import libreoffice_convert

    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    sheet = openpyxl.load_workbook(summary)[HISTORY]
    header, at = _columns(sheet)
    cell = sheet.cell(header + 1, at["วันที่ได้รับ"])
    assert isinstance(cell.value, datetime) and cell.number_format.startswith("[$-107041E]")
    mtime = datetime.fromtimestamp((inbox / SENT[0]).stat().st_mtime).replace(microsecond=0)
    received = {Path(str(row["ไฟล์"])).name: row["วันที่ได้รับ"] for row in _sheet(summary, HISTORY)}
    assert received[SENT[0]] == mtime  # the file's own time, to the second
    (pdf,) = libreoffice_convert([summary], "pdf", tmp_path / "pdf")
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert f"{mtime.year + 543} {mtime:%H:%M}" in shown and f"{mtime.year} " not in shown
    (saved,) = libreoffice_convert([summary], "xlsx", tmp_path / "calc")
    shutil.copy(saved, summary)
    capsys.readouterr()
    assert _roll_up(inbox, summary) == 0
    assert "ไม่มีในสรุปใหม่" not in capsys.readouterr().err
    assert not list(summary.parent.glob("*.เดิม-*"))
    again = {Path(str(row["ไฟล์"])).name: row["วันที่ได้รับ"] for row in _sheet(summary, HISTORY)}
    assert again == received


@pytest.mark.parametrize("renamed_here", [10_000, 0], ids=["few: here", "many: by the workers"])
def test_a_folder_moved_is_not_read_again_and_its_rows_name_it_where_it_is(
    season: tuple[Path, Path], renamed_here: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The team moves its folder of returns: every reading is found at another path, none is read
    again, and every row names the files where they are now, as a fresh roll-up does. Many
    (here any, or none) are renamed by the workers; the store keeps them renamed."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    assert _roll_up(inbox, summary) == 0
    moved = inbox.parent / "ส่งแล้ว ปี ๖๖"
    inbox.rename(moved)
    monkeypatch.setattr(rollup_module, "RENAMED_HERE", renamed_here)
    pools: list[object] = []
    real_pool = rollup_module.map_isolated

    def pool(function: Any, items: Any, *args: Any, **kwargs: Any) -> Any:
        pools.append(function)
        return real_pool(function, items, *args, **kwargs)

    monkeypatch.setattr(rollup_module, "map_isolated", pool)
    assert main(["rollup", str(moved), "-o", str(summary), "--no-progress", "--jobs", "2"]) == 0
    assert (digest_module.relocated_pickled in pools) == (renamed_here == 0)
    fresh = summary.with_name("fresh.xlsx")
    assert _roll_up(moved, fresh, "--no-store") == 0
    for sheet in ("มาตรการ", "ติดตามผล", "ปัญหาที่พบ", REGISTER):
        assert _sheet(summary, sheet) == _sheet(fresh, sheet), sheet
    assert all(str(row["ไฟล์"]).startswith(str(moved)) for row in _sheet(summary, "มาตรการ"))
    with contextlib.closing(sqlite3.connect(store)) as db:
        kept = {pickle.loads(blob).path for (blob,) in db.execute("SELECT digest FROM readings")}
    assert kept == {str(moved / name) for name in SENT}
    assert _reads(moved, store) == 0


def test_the_history_names_a_moved_file_where_it_is_now(season: tuple[Path, Path]) -> None:
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    (inbox / "ตรวจแล้ว").mkdir()
    (inbox / SENT[0]).rename(inbox / "ตรวจแล้ว" / SENT[0])
    assert _roll_up(inbox, summary) == 0
    rows = [r for r in _sheet(summary, HISTORY) if r["หน่วยงาน"] == "องค์การบริหารส่วนตำบลเกาะรอ"]
    (version,) = rows  # one version, named as the register names it
    assert str(version["ไฟล์"]).endswith(f"ตรวจแล้ว/{SENT[0]}")
    assert version["ไฟล์"] == _by_file(_sheet(summary, REGISTER), SENT[0])["ไฟล์"]


def test_a_rebuilt_store_keeps_the_review_of_a_file_moved_since(season: tuple[Path, Path]) -> None:
    """The store is lost after the team reviewed a return and its officer moved the file: the
    summary's own history says which version the review was about, found where it is now."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[0]: ("รับแล้ว", "ครบถ้วน")})
    assert _roll_up(inbox, summary) == 0
    (inbox / "ตรวจแล้ว").mkdir()
    (inbox / SENT[0]).rename(inbox / "ตรวจแล้ว" / "เกาะรอ.xlsx")
    summary.with_suffix(".ita.sqlite").write_bytes(b"\0" * 4096)  # damaged
    assert _roll_up(inbox, summary, "--rebuild-store") == 0
    kept = _by_file(_sheet(summary, REGISTER), "เกาะรอ.xlsx")
    assert (kept["ผลการพิจารณา"], kept["หมายเหตุผู้พิจารณา"]) == ("รับแล้ว", "ครบถ้วน")
    assert not list(summary.parent.glob("*.เดิม-*"))


def test_a_copy_changed_after_the_store_was_lost_does_not_take_its_review(
    season: tuple[Path, Path],
) -> None:
    """A file sent twice is one version, which the team accepted; the store is lost and one
    copy is changed: the history lists the version at the other name, and the changed copy's
    content is none the summary showed, so the acceptance stays with the version."""
    inbox, summary = season
    copy = inbox / f"ส่งซ้ำ_{SENT[1]}"
    shutil.copy(inbox / SENT[1], copy)
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[1]: ("รับแล้ว", ""), copy.name: ("รับแล้ว", "")})
    assert _roll_up(inbox, summary) == 0
    summary.with_suffix(".ita.sqlite").unlink()
    (listed,) = {Path(str(r["ไฟล์"])).name for r in _sheet(summary, HISTORY)} & {SENT[1], copy.name}
    other = inbox / (SENT[1] if listed == copy.name else copy.name)
    corrected = clean_filling()
    corrected.info.update(org_name="องค์การบริหารส่วนตำบลโนนสะอาด", province="ขอนแก่น",
                          round="๖ เดือน", prepared_on="๒๐ เม.ย. ๒๕๖๖")  # fmt: skip
    write_return(other, corrected)
    assert _roll_up(inbox, summary) == 0
    reviews = {Path(str(r["ไฟล์"])).name: r["ผลการพิจารณา"] for r in _sheet(summary, REGISTER)}
    assert (reviews[other.name], reviews[listed]) == ("รอพิจารณา", "รับแล้ว")


def test_a_word_typed_in_the_history_of_a_renamed_summary_is_kept(
    season: tuple[Path, Path],
) -> None:
    """The team renames its summary and types a review word in its history (the register left as
    it was): the store it goes on with knows what the summary showed, so the word is kept."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    renamed = summary.with_name("สรุป ฉบับคณะทำงาน.xlsx")
    summary.rename(renamed)
    book = openpyxl.load_workbook(renamed)
    history = book[HISTORY]
    history.cell(_row_of(history, SENT[2]), _columns(history)[1]["ผลการพิจารณา"]).value = "ไม่รับ"
    book.save(renamed)
    store = ["--store", str(summary.with_suffix(".ita.sqlite"))]
    assert _roll_up(inbox, renamed, *store) == 0
    assert _by_file(_sheet(renamed, REGISTER), SENT[2])["ผลการพิจารณา"] == "ไม่รับ"


def test_with_the_store_lost_a_review_in_the_history_is_kept_with_its_file_or_yields(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the store, a word typed in the history for a version no file holds now (one its
    officer replaced) cannot be kept in a new one: the summary is kept beside, naming it. For a
    version the register shows, the register's review stands: which of the two the team
    changed cannot be told without the store."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    old = hashlib.sha256((inbox / SENT[1]).read_bytes()).hexdigest()[:12]
    corrected = clean_filling()
    corrected.info.update(org_name="องค์การบริหารส่วนตำบลโนนสะอาด", province="ขอนแก่น",
                          round="๖ เดือน", prepared_on="๒๐ เม.ย. ๒๕๖๖")  # fmt: skip
    write_return(inbox / SENT[1], corrected)
    assert _roll_up(inbox, summary) == 0
    book = openpyxl.load_workbook(summary)
    history = book[HISTORY]
    header, at = _columns(history)
    for row in range(header + 1, history.max_row + 1):
        if history.cell(row, at["SHA-256"]).value == old:
            history.cell(row, at["ผลการพิจารณา"]).value = "ไม่รับ"
        elif str(history.cell(row, at["ไฟล์"]).value).endswith(SENT[2]):
            history.cell(row, at["ผลการพิจารณา"]).value = "ส่งกลับแก้ไข"
    book.save(summary)
    summary.with_suffix(".ita.sqlite").unlink()
    _, said = _rolled_up_keeping(inbox, summary, True, capsys)
    assert f"ของ {HISTORY} {old} เป็นของฉบับที่ไม่มีแล้ว" in said
    assert _by_file(_sheet(summary, REGISTER), SENT[2])["ผลการพิจารณา"] == "รอพิจารณา"


def test_a_review_of_a_version_gone_with_the_store_is_not_given_to_the_new_one(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The team accepts a return; its officer replaces the file with another version under the
    same name; the store is lost. The acceptance was of the old version, which nothing holds
    now: the new one is pending, and the summary the review was typed in is kept beside."""
    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[1]: ("รับแล้ว", "ตรวจครบทุกข้อ")})
    corrected = clean_filling()
    corrected.info.update(org_name="องค์การบริหารส่วนตำบลโนนสะอาด", province="ขอนแก่น",
                          round="๖ เดือน", prepared_on="๒๐ เม.ย. ๒๕๖๖")  # fmt: skip
    write_return(inbox / SENT[1], corrected)
    summary.with_suffix(".ita.sqlite").unlink()
    _, said = _rolled_up_keeping(inbox, summary, True, capsys)
    assert f"ของ {_by_file(_sheet(summary, REGISTER), SENT[1])['ไฟล์']} เป็นของฉบับที่ไม่มีแล้ว" in said
    now = _by_file(_sheet(summary, REGISTER), SENT[1])
    assert (now["ผลการพิจารณา"], now["หมายเหตุผู้พิจารณา"]) == ("รอพิจารณา", None)
    assert _by_file(_sheet(summary, REGISTER), SENT[0])["ผลการพิจารณา"] == "รอพิจารณา"


HOLD = """
import sys, time
from pathlib import Path
from ita_xl.consolidation.store import Store
with Store(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(store: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(seconds)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_a_second_run_waits_then_says_the_store_is_busy(tmp_path: Path) -> None:
    store = tmp_path / "s.ita.sqlite"
    holder = _holder(store, 30)
    try:
        with pytest.raises(StoreError) as busy, Store(store, wait_seconds=0.5):
            pass
        assert "กำลังถูกใช้" in busy.value.message_th and "busy" in busy.value.message_en
    finally:
        holder.kill()
        holder.wait()
    holder = _holder(store, 1)  # a run that finishes soon: the second waits for it
    with Store(store, wait_seconds=20) as store_open:
        assert store_open.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    holder.wait()


KILLED = """
import os, signal, sys
from pathlib import Path
from ita_xl.consolidation.rollup import rollup
from ita_xl.consolidation.store import Store
with Store(Path(sys.argv[1])) as store:
    rollup([sys.argv[2]], jobs=1, store=store)  # everything read and remembered, not committed
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_run_killed_half_way_leaves_the_store_as_it_was(season: tuple[Path, Path]) -> None:
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    assert _roll_up(inbox, summary) == 0

    def contents() -> list[tuple[object, ...]]:
        with sqlite3.connect(store) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            return db.execute("SELECT sha256, path FROM versions ORDER BY sha256").fetchall()

    before = contents()
    write_return(inbox / "late.xlsx")
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLED), str(store),
                             str(inbox)], check=False)  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    assert contents() == before  # the late file is not half-remembered
    assert _reads(inbox, store) == 1  # and is read on the next run


KILLED_SPILLING = KILLED.replace(
    "as store:\n",
    "as store:\n    store.db.execute('PRAGMA cache_size = 1')  # pages written early\n",
)


def test_a_store_rebuilt_after_a_killed_run_keeps_only_what_was_committed(
    season: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A run is killed with its changes already in the store's file (its journal beside it to
    put them right), then the team rebuilds the store: the journal goes with the store set
    aside, so what is kept of it is what the last finished run committed, and the new store
    has no stranger's journal beside it."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    assert _roll_up(inbox, summary) == 0
    with contextlib.closing(sqlite3.connect(store)) as db:
        before = db.execute("SELECT count(*) FROM versions").fetchone()[0]
    write_return(inbox / "late.xlsx")
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLED_SPILLING), str(store),
                             str(inbox)], check=False)  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    assert Path(f"{store}-journal").exists()
    capsys.readouterr()
    assert _roll_up(inbox, summary, "--rebuild-store") == 0
    assert f"ประวัติการส่ง {before} ฉบับ".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in (
        capsys.readouterr().err
    )
    (aside,) = store.parent.glob(f"{store.name}.damaged-*[0-9]")
    with contextlib.closing(sqlite3.connect(aside)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == before
    assert not Path(f"{store}-journal").exists()
    assert len(_sheet(summary, REGISTER)) == len(SENT) + 1  # the late file is read now


def _years(tmp_path: Path) -> tuple[Path, Path]:
    """Last year (FY2567) two organisations sent; this year (FY2568, results of FY2567) one of
    them sent, reporting on M01 and M03 but not M02, and on an M07 it never declared."""
    from ita_xl.frameworks import load_framework
    from ita_xl.workbook.template import write_return_workbook

    from .test_checks import LAST_YEAR_MEASURES, THIS_YEAR_RESULTS

    last, this = tmp_path / "2567", tmp_path / "2568"
    last.mkdir()
    this.mkdir()
    sent = clean_filling()
    sent.info["fiscal_year"], sent.measures, sent.followups = "๒๕๖๗", LAST_YEAR_MEASURES, []
    write_return_workbook(last / "bansuan.xlsx", load_framework("2567"), sent)
    other = clean_filling()
    other.info.update(fiscal_year="๒๕๖๗", org_name="องค์การบริหารส่วนตำบลบางพระ")
    other.followups = []
    write_return_workbook(last / "bangphra.xlsx", load_framework("2567"), other)
    results = clean_filling()
    results.info["fiscal_year"], results.followups = "๒๕๖๘", THIS_YEAR_RESULTS
    write_return_workbook(this / "bansuan.xlsx", load_framework("2568"), results)
    return last, this


def test_this_year_beside_the_last(tmp_path: Path) -> None:
    last, this = _years(tmp_path)
    summary = tmp_path / "summary.xlsx"
    assert main(["rollup", str(this), "-o", str(summary), "--previous", str(last),
                 "--no-progress"]) == 0  # fmt: skip
    rows = _sheet(summary, "เทียบปีที่แล้ว")
    by_org = {r["หน่วยงาน"]: r for r in rows}
    bansuan = by_org["องค์การบริหารส่วนตำบลบ้านสวน"]
    assert (bansuan["ส่งปีที่แล้ว"], bansuan["ส่งปีนี้"], bansuan["มาตรการปีที่แล้ว"],
            bansuan["ผลการดำเนินการปีนี้"]) == ("ส่ง", "ส่ง", 3, 3)  # fmt: skip
    assert (bansuan["มาตรการปีที่แล้วที่ไม่มีผล (ITA-R313)"],
            bansuan["ผลที่ไม่มีมาตรการปีที่แล้ว (ITA-R314)"]) == (1, 1)  # fmt: skip
    bangphra = by_org["องค์การบริหารส่วนตำบลบางพระ"]
    assert (bangphra["ส่งปีที่แล้ว"], bangphra["ส่งปีนี้"]) == ("ส่ง", "ไม่ได้ส่ง")
    problems = [(r["รหัส"], r["ชีต"], r["เซลล์"], r["ค่าที่พบ"]) for r in _sheet(summary, "ปัญหาที่พบ")
                if r["รหัส"] in ("ITA-R313", "ITA-R314")]  # fmt: skip
    assert problems == [("ITA-R313", "ติดตามผล", "A3", "M02"), ("ITA-R314", "ติดตามผล", "A6", "M07")]


def test_last_year_comes_from_the_store(tmp_path: Path) -> None:
    """A team that rolled last year up with the same store compares without --previous."""
    last, this = _years(tmp_path)
    store = tmp_path / "season.ita.sqlite"
    assert main(["rollup", str(last), "-o", str(tmp_path / "s2567.xlsx"), "--store", str(store),
                 "--no-progress"]) == 0  # fmt: skip
    with Store(store) as kept:
        result = rollup([this], jobs=1, store=kept)
    compared = result.to_json()["year_over_year"]
    assert {(r["org_name"], r["sent_last"], r["sent_this"], r["without_result"])
            for r in compared} == {("องค์การบริหารส่วนตำบลบ้านสวน", "ส่ง", "ส่ง", 1),
                                   ("องค์การบริหารส่วนตำบลบางพระ", "ส่ง", "ไม่ได้ส่ง", None)}  # fmt: skip


def test_another_programs_database_is_never_used_as_the_store(tmp_path: Path) -> None:
    theirs = tmp_path / "accounts.sqlite"
    with sqlite3.connect(theirs) as db:
        db.execute("CREATE TABLE ledger (item TEXT)")
        db.execute("INSERT INTO ledger VALUES ('ค่าวัสดุ')")
    before = theirs.read_bytes()
    with pytest.raises(StoreError) as refused, Store(theirs):
        pass
    assert "โปรแกรมอื่น" in refused.value.message_th
    assert theirs.read_bytes() == before


def test_the_same_files_give_the_same_summary_whenever_the_store_is_made(
    season: tuple[Path, Path],
) -> None:
    """`วันที่ได้รับ` is when a file arrived (its time when first seen), not when the roll-up ran:
    two fresh stores a second apart give the same bytes (SPEC §5)."""
    import time

    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    time.sleep(1.1)
    later = summary.with_name("later.xlsx")
    assert _roll_up(inbox, later) == 0
    assert later.read_bytes() == summary.read_bytes()


def test_a_summary_nobody_edited_is_not_read_back_and_an_edited_one_is(
    season: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store remembers the summary it wrote: untouched, it holds no review the store lacks,
    so a re-run does not open it; once the team types into it, it is read as before."""
    from ita_xl.consolidation import rollup as rollup_module

    inbox, summary = season
    assert _roll_up(inbox, summary) == 0
    opened: list[Path] = []
    read_reviews = rollup_module.read_reviews
    monkeypatch.setattr(rollup_module, "read_reviews",
                        lambda path: opened.append(path) or read_reviews(path))  # fmt: skip
    assert _roll_up(inbox, summary) == 0
    assert opened == []
    _review(summary, {SENT[0]: ("รับแล้ว", "ครบถ้วน")})
    assert _roll_up(inbox, summary) == 0
    assert opened == [summary]
    accepted = _by_file(_sheet(summary, REGISTER), SENT[0])
    assert (accepted["ผลการพิจารณา"], accepted["หมายเหตุผู้พิจารณา"]) == ("รับแล้ว", "ครบถ้วน")
    assert _roll_up(inbox, summary) == 0  # the summary it wrote itself: not opened again
    assert opened == [summary]


def test_a_store_of_the_first_schema_is_moved_on_keeping_what_it_holds(
    season: tuple[Path, Path],
) -> None:
    """A store made by an ita-xl before the summaries table: migrated on opening, its files,
    readings and reviews kept."""
    from ita_xl.consolidation.store import MIGRATIONS

    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    assert _roll_up(inbox, summary) == 0
    _review(summary, {SENT[0]: ("รับแล้ว", "")})
    assert _roll_up(inbox, summary) == 0
    with sqlite3.connect(store) as db:  # back to what the first schema held
        db.execute("DROP TABLE summaries")
        db.execute("DROP VIEW files_seen")
        db.execute("DROP VIEW versions_seen")
        db.execute("DROP TABLE last_run")
        db.execute("ALTER TABLE files DROP COLUMN seen_now")
        db.execute("ALTER TABLE versions DROP COLUMN seen_now")
        db.execute("PRAGMA user_version = 1")
    db.close()
    assert set(MIGRATIONS) == set(range(1, SCHEMA_VERSION + 1))
    assert _reads(inbox, store) == 0  # its readings still serve
    with Store(store) as moved_on:
        assert moved_on.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "รับแล้ว" in {review for review, _ in moved_on.reviews().values()}


def _run_at(inbox: Path, store: Path, at: str) -> None:
    with Store(store) as kept:
        kept.seen_at = at
        rollup([inbox], jobs=1, store=kept)


def _seen(store: Path, view: str) -> dict[str, tuple[str, str]]:
    """A ``*_seen`` view of the store: each row's first and last time seen, by file name."""
    with contextlib.closing(sqlite3.connect(store)) as db:
        first = "first_seen" if view == "versions_seen" else "NULL"
        return {Path(path).name: (first_seen, last_seen) for path, first_seen, last_seen in
                db.execute(f"SELECT path, {first}, last_seen FROM {view}")}  # fmt: skip


def test_the_store_says_when_each_file_and_version_was_first_and_last_seen(
    season: tuple[Path, Path],
) -> None:
    """SPEC §9: the store holds when each workbook was first and last seen. A re-run that sees
    what the last one saw writes no row again for it; the time is still each row's own."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    monday, tuesday, friday = "2026-11-02T09:00:00", "2026-11-03T09:00:00", "2026-11-06T09:00:00"
    _run_at(inbox, store, monday)
    _run_at(inbox, store, tuesday)
    taken_out = inbox / SENT[1]
    taken_out.rename(summary.parent / SENT[1])  # the team takes one return out of the folder
    _run_at(inbox, store, friday)

    versions = _seen(store, "versions_seen")
    assert versions[SENT[0]] == (monday, friday)
    assert versions[SENT[2]] == (monday, friday)
    assert versions[SENT[1]] == (monday, tuesday)  # not among Friday's files
    files = _seen(store, "files_seen")
    assert files[SENT[0]][1] == friday
    assert files[SENT[1]][1] == tuesday

    (summary.parent / SENT[1]).rename(taken_out)  # put back: seen again
    _run_at(inbox, store, "2026-11-09T09:00:00")
    assert _seen(store, "versions_seen")[SENT[1]] == (monday, "2026-11-09T09:00:00")
    assert _seen(store, "files_seen")[SENT[0]][1] == "2026-11-09T09:00:00"


def test_a_re_run_that_sees_what_the_last_one_saw_rewrites_no_row(
    season: tuple[Path, Path],
) -> None:
    """What made a re-run slow at scale: every file's and version's time seen rewritten, every
    page of both tables copied to the journal. Now only the run's own time changes."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    _run_at(inbox, store, "2026-11-02T09:00:00")

    def rows(db: sqlite3.Connection) -> list[tuple[object, ...]]:
        return [*db.execute("SELECT * FROM files ORDER BY path"),
                *db.execute("SELECT * FROM versions ORDER BY sha256")]  # fmt: skip

    with contextlib.closing(sqlite3.connect(store)) as db:
        before = rows(db)
    _run_at(inbox, store, "2026-11-03T09:00:00")
    with contextlib.closing(sqlite3.connect(store)) as db:
        assert rows(db) == before
        assert db.execute("SELECT at FROM last_run").fetchall() == [("2026-11-03T09:00:00",)]


def test_a_rebuilt_store_keeps_when_each_version_was_last_seen(season: tuple[Path, Path]) -> None:
    """A store set aside by --rebuild-store gives the new one its versions' times, the time of
    its last run for those that run saw."""
    inbox, summary = season
    store = summary.with_suffix(".ita.sqlite")
    _run_at(inbox, store, "2026-11-02T09:00:00")
    _run_at(inbox, store, "2026-11-03T09:00:00")
    with Store(store, rebuild=True) as rebuilt:
        assert rebuilt.salvaged["versions"] == len(SENT)
    assert {last for _, last in _seen(store, "versions_seen").values()} == {"2026-11-03T09:00:00"}

    _run_at(inbox, store, "2026-11-04T09:00:00")
    with contextlib.closing(sqlite3.connect(store)) as db, db:
        db.execute("DELETE FROM last_run")  # damaged: the last run's time lost
    with Store(store, rebuild=True) as rebuilt:
        assert rebuilt.salvaged["versions"] == len(SENT)
    assert len(_seen(store, "versions_seen")) == len(SENT)  # each with the time it holds
