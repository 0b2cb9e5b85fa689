"""The season's memory (SPEC §9): an SQLite file beside the summary that remembers every workbook
the roll-up has seen, what was read from it, and the team's reviews.

A file is known by its content (SHA-256); its path, size and modification time only spare hashing
a file that cannot have changed. A workbook whose content was read before, by the same ita-xl, is
not read again. One run is one transaction: it begins before anything is read and commits after
the summary is decided, so a run killed half-way leaves the store as it was, and a second run on
the same store waits, then says the store is busy.

Readings are kept as pickled ``Digest`` objects, so the store is as trusted as the folder it
lives in (the same folder as the summary and the returns).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple

from ita_xl._errors import BilingualError
from ita_xl._io import content_key, display_path, regular_file_bytes, sha256_of
from ita_xl._memory import collector_paused
from ita_xl._version import code_key
from ita_xl.consolidation.decisions import PENDING
from ita_xl.consolidation.digest import Digest

Row = tuple[object, ...]

SCHEMA_VERSION = 5
_LAST_SEEN = ("CASE WHEN seen_now THEN coalesce((SELECT max(at) FROM last_run), last_seen) "
              "ELSE last_seen END AS last_seen")  # fmt: skip
"""When a row was last seen: the last run's time for the rows it saw (``seen_now``)."""
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # version reached: the statements that reach it from the one before
    1: (
        """CREATE TABLE files (
             path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
             sha256 TEXT NOT NULL, last_seen TEXT NOT NULL)""",
        """CREATE TABLE versions (
             sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, received TEXT NOT NULL,
             first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, org_name TEXT, division TEXT,
             province TEXT, fiscal_year INTEGER, round INTEGER, prepared_on TEXT, readable INTEGER,
             status TEXT, errors INTEGER, warnings INTEGER)""",
        "CREATE INDEX versions_by_return ON versions (org_name, division, fiscal_year, round)",
        """CREATE TABLE readings (
             sha256 TEXT NOT NULL, reader TEXT NOT NULL, digest BLOB NOT NULL,
             PRIMARY KEY (sha256, reader))""",
        """CREATE TABLE reviews (
             sha256 TEXT NOT NULL, review TEXT NOT NULL, note TEXT NOT NULL,
             reviewed_at TEXT NOT NULL, PRIMARY KEY (sha256, reviewed_at))""",
    ),
    2: (  # the summaries ita-xl wrote, as written: one not edited since holds no new review
        "CREATE TABLE summaries (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL)",
    ),
    3: (  # the rows of the sheets the team works in, as written: what it types over is seen
        "ALTER TABLE summaries ADD COLUMN written BLOB",
    ),
    4: (  # what rendered those rows: the next run takes them from the file (``kept_rows``)
        "ALTER TABLE summaries ADD COLUMN rendered_by TEXT",
    ),
    5: (  # "last seen" without rewriting every row every run (``_retire_unseen``): the rows the
        # last run saw say so, and were last seen when it ran; the views give the time
        "ALTER TABLE files ADD COLUMN seen_now INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE versions ADD COLUMN seen_now INTEGER NOT NULL DEFAULT 0",
        "CREATE TABLE last_run (at TEXT NOT NULL)",
        f"CREATE VIEW files_seen AS SELECT path, size, mtime_ns, sha256, {_LAST_SEEN} FROM files",
        "CREATE VIEW versions_seen AS SELECT sha256, path, received, first_seen, "
        f"{_LAST_SEEN} FROM versions",
    ),
}
SALVAGED: dict[str, tuple[str, ...]] = {
    "versions": ("sha256", "path", "received", "first_seen", "last_seen", "org_name", "division",
                 "province", "fiscal_year", "round", "prepared_on", "readable", "status",
                 "errors", "warnings"),
    "reviews": ("sha256", "review", "note", "reviewed_at"),
    "summaries": ("path", "sha256", "written"),
}  # fmt: skip
"""What a rebuild keeps of the store it sets aside, where it reads: what is in no file (the files'
states and readings are made again from the files)."""
WAIT_SECONDS = 10.0
"""How long a second run waits for the first to finish before saying the store is busy."""
SUFFIX = ".ita.sqlite"


class StoreError(BilingualError):
    """The store cannot be used as it is; Thai and English."""


def default_path(summary: Path) -> Path:
    """``OUTPUT.xlsx`` → ``OUTPUT.ita.sqlite`` beside it."""
    return summary.with_suffix(SUFFIX)


def season_of(summary: Path) -> Path | None:
    """The store in ``summary``'s folder that wrote it (the same bytes, now at another name),
    or that wrote a summary whose file is gone (renamed, then edited): where the season of a
    summary renamed or copied is kept. Each store is only read (``mode=ro``); one that cannot
    be, or two that fit, say nothing."""
    try:
        content = sha256_of(summary)
        stores = sorted(summary.parent.glob(f"*{SUFFIX}"))[:_STORES_LOOKED_AT]
    except OSError:
        return None
    fitting = []
    for candidate in stores:
        try:
            address = f"{candidate.resolve().as_uri()}?mode=ro"
            with contextlib.closing(sqlite3.connect(address, uri=True, timeout=0.2)) as db:
                written = db.execute("SELECT path, sha256 FROM summaries").fetchall()
        except (sqlite3.Error, OSError, ValueError):
            continue
        if any(sha == content for _, sha in written) or (
            written and not any(Path(_loaded(path)).exists() for path, _ in written)
        ):
            fitting.append(candidate)
    return fitting[0] if len(fitting) == 1 else None


_STORES_LOOKED_AT = 20


def reader_key(units: Sequence[str]) -> str:
    """What a reading depends on besides the file: this ita-xl (``code_key``) and the list of
    units."""
    return hashlib.sha256("\n".join((code_key(), *units)).encode()).hexdigest()[:32]


class WrittenSummary(NamedTuple):
    """A summary as this store's last run wrote it (``Store.written_summary``)."""

    content: bytes
    packed_rows: bytes
    """The rows of the sheets the team works in, as kept (``rows``)."""
    rendered_by: str
    """What rendered them (``kept_rows.renderer_key``)."""

    def rows(self) -> dict[str, list[Row]]:
        """Those rows, by sheet (``Consolidation.worked_in``): unpacked when asked for, as a
        season's history is tens of megabytes of them."""
        return _unpacked(self.packed_rows)


def _unpacked(kept: bytes | None) -> dict[str, list[Row]]:
    """Rows ``wrote_summary`` packed; none from a blob that does not unpack."""
    if kept is None:
        return {}
    try:
        written: dict[str, list[Row]] = pickle.loads(zlib.decompress(kept))
    except (zlib.error, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return {}
    return written


class FileState(NamedTuple):
    """A file as this run found it (a tuple: made for every file, every run)."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


class Version(NamedTuple):
    """One version of a return, as the history lists it (a tuple: every version the store
    holds is made again every run, 40,000 of them at the national scale)."""

    sha256: str
    path: str
    received: str
    """When the file arrived: its modification time when first seen, so the same files give
    the same summary (the store also keeps when it first saw them)."""
    org_name: str
    division: str
    province: str
    fiscal_year: int | None
    round: int | None
    prepared_on: str
    readable: bool
    status: str
    """The report's status: ``ok``, ``warning`` or ``error``."""


_UNENCODABLE = "hex:"


def _stored(path: str) -> str:
    """A path as SQLite can hold it: a name that is not UTF-8 (cp874 bytes from a Windows zip,
    kept by Python as lone surrogates) is kept as the hex of its bytes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return _UNENCODABLE + os.fsencode(path).hex()
    return path


def _loaded(text: str) -> str:
    if text.startswith(_UNENCODABLE):
        return os.fsdecode(bytes.fromhex(text[len(_UNENCODABLE) :]))
    return text


def _states(paths: list[Path], known: dict[str, tuple[int, int, str]],
            threads: int) -> tuple[list[FileState], set[str]]:  # fmt: skip
    """Each regular file's state, hashed by ``threads`` threads (none: left empty) unless
    ``known`` has it at the same size and time; and the paths that were so known."""
    seen: list[tuple[Path, os.stat_result]] = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue  # gone since it was found: the reader says so
        if S_ISREG(stat.st_mode):  # a FIFO or a device is never opened: safety refuses it
            seen.append((path, stat))

    shas: list[str | None] = []
    to_hash: list[int] = []
    unchanged: set[str] = set()
    for path, stat in seen:
        before = known.get(str(path))
        if before and before[0] == stat.st_size and before[1] == stat.st_mtime_ns:
            shas.append(str(before[2]))
            unchanged.add(str(path))
        else:
            to_hash.append(len(shas))
            shas.append(None)

    def content(index: int) -> str | None:
        try:
            return sha256_of(seen[index][0])
        except OSError:
            return None

    if to_hash and not threads:
        for index in to_hash:
            shas[index] = ""
    elif to_hash:  # hashlib lets go of the GIL on large buffers: threads hash on every core
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for index, sha in zip(to_hash, pool.map(content, to_hash), strict=True):
                shas[index] = sha
    pairs = zip(seen, shas, strict=True)
    states = [FileState(str(path), stat.st_size, stat.st_mtime_ns, sha)
              for (path, stat), sha in pairs if sha is not None]  # fmt: skip
    return states, unchanged


def _as_seen(source: sqlite3.Connection, table: str, listed: str) -> str:
    """The columns ``listed`` of a table salvaged, its ``last_seen`` the time (``_LAST_SEEN``)
    where the store set aside flags what its last run saw."""
    columns = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
    has_runs = source.execute("SELECT 1 FROM sqlite_master WHERE name = 'last_run'").fetchone()
    if "seen_now" in columns and has_runs:
        return listed.replace("last_seen", _LAST_SEEN)
    return listed


def _retire_unseen(db: sqlite3.Connection, files: set[str], versions: set[str],
                   now: str) -> None:  # fmt: skip
    """End a run that saw ``files`` and ``versions``: a row the last run saw (``seen_now``) and
    this one did not was last seen when that run was; this run is the last run. A re-run that
    sees what the last one saw writes nothing here."""
    before = db.execute("SELECT max(at) FROM last_run").fetchone()[0]
    for table, key, seen in (("files", "path", files), ("versions", "sha256", versions)):
        gone = [(before, k) for (k,) in db.execute(f"SELECT {key} FROM {table} WHERE seen_now")
                if k not in seen]  # fmt: skip
        db.executemany(f"UPDATE {table} SET seen_now = 0, last_seen = coalesce(?, last_seen) "
                       f"WHERE {key} = ?", gone)  # fmt: skip
    db.execute("DELETE FROM last_run")
    db.execute("INSERT INTO last_run (at) VALUES (?)", (now,))


def _received(modified_ns: int) -> str:
    return datetime.fromtimestamp(modified_ns / 1e9).isoformat(timespec="seconds")


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Store:
    """``with Store(path) as store:`` — one run's transaction on the store at ``path``."""

    def __init__(self, path: Path, *, rebuild: bool = False,
                 wait_seconds: float = WAIT_SECONDS) -> None:  # fmt: skip
        self.path = path
        self.rebuild = rebuild
        self.wait_seconds = wait_seconds
        self.set_aside: Path | None = None
        """Where a damaged store was moved by ``rebuild``."""
        self.salvaged: dict[str, int] = {}
        """What ``rebuild`` kept of the store it set aside: rows by table (``SALVAGED``)."""
        self._connection: sqlite3.Connection | None = None
        self.seen_at = _now()
        self._unchanged: set[str] = set()
        """Paths ``file_states`` found as the store had them (size, time and content)."""
        self._seen_before: set[str] = set()
        """Paths the last run saw (``seen_now``), as ``file_states`` found them."""
        self._seen_files: set[str] = set()
        self._seen_versions: set[str] = set()
        """What this run saw (``remember``): stored paths, and versions by SHA-256."""
        self._relocated: dict[str, tuple[str, bytes]] = {}
        """Readings ``readings`` found at another path than where they were read, renamed by the
        caller (``relocated``): path → (SHA-256, pickled reading). Kept again by ``remember``,
        so the next run finds them where they are."""

    # --- opening and closing -------------------------------------------------------------------

    def __enter__(self) -> Store:
        if self.rebuild and self.path.exists():
            self.set_aside = self.path.with_name(
                f"{self.path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}"
            )
            os.replace(self.path, self.set_aside)  # kept, never deleted
            journal = Path(f"{self.path}-journal")
            if journal.exists():  # a killed run's: it goes with the store it puts right
                os.replace(journal, f"{self.set_aside}-journal")
        try:
            self._connection = self._open()
        except sqlite3.DatabaseError as error:
            raise self._damaged(error) from None
        if self.set_aside is not None:
            try:
                self.salvaged = self._salvage(self.set_aside)
            except BaseException:  # (an interrupt): the new store's transaction is rolled back
                self.__exit__(BaseException, None, None)
                raise
        return self

    def _salvage(self, old: Path) -> dict[str, int]:
        """What still reads of the store set aside (``SALVAGED``), copied into the new one: the
        history of versions no file holds any more, and the reviews, are in no file to read
        again. Each table whole or not at all. The summaries the old store wrote come only with
        both versions and reviews: a summary the store knows it wrote is not read back, its
        reviews being taken to be the store's."""
        kept: dict[str, int] = {}
        try:  # (not read-only: a killed run's journal beside it is rolled back first)
            source = sqlite3.connect(old, timeout=0)
        except (sqlite3.Error, OSError, ValueError):
            return kept
        with contextlib.closing(source):
            for table, columns in SALVAGED.items():
                if table == "summaries" and not {"versions", "reviews"} <= kept.keys():
                    break
                listed = ", ".join(columns)
                self.db.execute("SAVEPOINT salvage")
                try:
                    rows = source.execute(f"SELECT {_as_seen(source, table, listed)} "
                                          f"FROM {table}").fetchall()  # fmt: skip
                    before = self.db.total_changes
                    self.db.executemany(f"INSERT OR IGNORE INTO {table} ({listed}) VALUES "
                                        f"({', '.join('?' * len(columns))})", rows)  # fmt: skip
                except sqlite3.Error:  # damaged, or not there: that table is read from the files
                    self.db.execute("ROLLBACK TO salvage")
                else:  # (a row a damaged store holds without a value it needs is not kept)
                    kept[table] = self.db.total_changes - before
                self.db.execute("RELEASE salvage")
        return kept

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        connection = self._connection
        self._connection = None
        if connection is None:
            return
        try:
            if kind is None:
                if self._seen_files or self._seen_versions:
                    _retire_unseen(connection, self._seen_files, self._seen_versions,
                                   self.seen_at)  # fmt: skip
                connection.execute("COMMIT")
            else:
                connection.execute("ROLLBACK")
        finally:
            connection.close()

    def _open(self) -> sqlite3.Connection:
        # a place that cannot hold the store is the usual OSError (said in Thai by the caller),
        # not "damaged": SQLite itself says only "unable to open database file"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(self.path.parent, os.W_OK) or (
            self.path.exists() and not os.access(self.path, os.W_OK)
        ):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self.path))
        connection = sqlite3.connect(self.path, timeout=self.wait_seconds,
                                     isolation_level=None)  # fmt: skip
        try:
            connection.execute("PRAGMA journal_mode=DELETE")  # WAL needs shared memory
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            connection.close()
            if "locked" in str(error) or "busy" in str(error):
                raise StoreError(
                    f"ที่เก็บข้อมูล {display_path(self.path)} กำลังถูกใช้โดยการรวมผลอีกรายการหนึ่ง "
                    "รอให้รายการนั้นเสร็จแล้วสั่งใหม่",
                    f"the store {display_path(self.path)} is busy with another roll-up; "
                    "run again when it has finished",
                ) from None
            raise
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            connection.execute("ROLLBACK")
            connection.close()
            raise StoreError(
                f"ที่เก็บข้อมูล {display_path(self.path)} สร้างโดย ita-xl รุ่นที่ใหม่กว่า "
                f"(โครงสร้างรุ่น {version}) ให้ปรับรุ่น ita-xl ก่อนใช้ หรือใช้ --store ชื่อไฟล์อื่น",
                f"the store {display_path(self.path)} was written by a newer ita-xl (schema "
                f"{version}); upgrade ita-xl, or give another --store",
            )
        if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            connection.execute("ROLLBACK")
            connection.close()
            raise StoreError(  # another program's database: never add our tables to it
                f"{display_path(self.path)} เป็นฐานข้อมูลของโปรแกรมอื่น ไม่ใช่ที่เก็บข้อมูลของ ita-xl "
                "จึงไม่แก้ไข ให้ใช้ --store ชื่อไฟล์อื่น",
                f"{display_path(self.path)} is another program's database, not an ita-xl store; "
                "it is left as it is: give another --store",
            )
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {step}")
        return connection

    def _damaged(self, error: Exception) -> StoreError:
        return StoreError(
            f"ที่เก็บข้อมูล {display_path(self.path)} เสียหายหรือไม่ใช่ที่เก็บข้อมูลของ ita-xl "
            "ให้สั่งใหม่พร้อม --rebuild-store เพื่อสร้างใหม่จากไฟล์แบบรายงาน "
            "(ไฟล์เดิมจะถูกย้ายไว้ข้างกัน ผลการพิจารณาอ่านกลับจากทะเบียนการส่งในไฟล์สรุป)",
            f"the store {display_path(self.path)} is damaged or not an ita-xl store; run again "
            "with --rebuild-store to rebuild it from the returns (the old file is kept beside "
            f"it; reviews are read back from the summary's register) ({error})",
        )

    @property
    def db(self) -> sqlite3.Connection:
        assert self._connection is not None, "use the store inside `with`"
        return self._connection

    # --- files and readings ----------------------------------------------------------------------

    def file_states(self, paths: Iterable[Path], *, hash_changed: bool = True) -> list[FileState]:
        """Each file's size, time and SHA-256; hashed only when its size or time changed, by a
        thread per core. With ``hash_changed`` false, such a file's SHA-256 is left empty, for
        the worker that reads it to give (``read_digest``)."""
        threads = (os.cpu_count() or 2) if hash_changed else 0
        known, seen_before = self._known_files()
        self._seen_before |= seen_before
        states, unchanged = _states(list(paths), known, threads)
        self._unchanged |= unchanged
        return states

    def _known_files(self) -> tuple[dict[str, tuple[int, int, str]], set[str]]:
        """Each file the store knows: its size, time and content; and those the last run saw."""
        known: dict[str, tuple[int, int, str]] = {}
        seen_before: set[str] = set()
        try:
            rows = self.db.execute("SELECT path, size, mtime_ns, sha256, seen_now FROM files")
            for stored, size, mtime, sha, seen_now in rows:
                path = _loaded(stored)
                known[path] = (size, mtime, sha)
                if seen_now:
                    seen_before.add(path)
        except sqlite3.DatabaseError as error:
            raise self._damaged(error) from None
        return known, seen_before

    def has_readings(self, reader: str) -> bool:
        """Whether anything this reader (``reader_key``) read is in the store."""
        found = self.db.execute("SELECT 1 FROM readings WHERE reader = ? LIMIT 1", (reader,))
        return found.fetchone() is not None

    def last_seen_contents(self) -> dict[str, str]:
        """Path → the content it had when the store last saw it (what the summary showed)."""
        return {_loaded(path): sha for path, sha in self.db.execute(
            "SELECT path, sha256 FROM files")}  # fmt: skip

    def contents_read(self, states: Sequence[FileState], reader: str) -> set[str]:
        """Which of these contents this reader read before (``readings`` has them)."""
        shas = list({state.sha256 for state in states})
        return {sha for (sha,) in self._readings_of(shas, reader, "sha256")}

    def readings(self, states: Sequence[FileState], reader: str,
                 moved: dict[str, tuple[FileState, bytes]]) -> dict[str, Digest]:  # fmt: skip
        """Digests already read from these contents by this reader, by path. A reading found at
        another path than where it was read (a file moved, renamed or copied, or named another
        way) is left out and put in ``moved``, its state with its stored bytes, for the caller
        to rename (``rollup._relocated``, then ``relocated``): a folder moved is thousands."""
        found: dict[str, Digest] = {}
        by_sha: dict[str, list[FileState]] = {}
        for state in states:
            by_sha.setdefault(state.sha256, []).append(state)
        shas = list(by_sha)
        with collector_paused():  # thousands of digests: no full passes over them as they load
            for sha, blob in self._readings_of(shas, reader, "sha256, digest"):
                for state in by_sha[sha]:  # one object per file, even of the same content
                    stored: Digest = pickle.loads(blob)  # by this very ita-xl (``reader``)
                    if stored.path != state.path:
                        moved[state.path] = (state, blob)
                        continue
                    stored.modified_ns, stored.sha256 = state.mtime_ns, sha
                    found[state.path] = stored
        return found

    def relocated(self, renamed: Mapping[str, tuple[str, bytes]]) -> None:
        """Readings of ``readings``' ``moved``, renamed (path → SHA-256 and the reading pickled):
        kept again by ``remember``."""
        self._relocated.update(renamed)

    def _readings_of(self, shas: list[str], reader: str, columns: str) -> Iterator[Any]:
        """``columns`` of this reader's readings of these contents, asked 500 at a time
        (SQLite's limit on parameters)."""
        for start in range(0, len(shas), 500):
            chunk = shas[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"SELECT {columns} FROM readings WHERE reader = ? "
                                       f"AND sha256 IN ({marks})", (reader, *chunk))  # fmt: skip

    def remember(self, states: Sequence[FileState], digests: Iterable[Digest], reader: str,
                 fresh: Mapping[str, bytes]) -> None:  # fmt: skip
        """Record this run: every file's state, each content's version facts, and the readings
        of the paths read this run (``fresh``: each digest as its worker pickled it, kept as
        it is; a file whose reader crashed is read again next time), and of those found at
        another path (``relocated``)."""
        now = self.seen_at
        # a row the last run saw too is not written again (``_retire_unseen``): a re-run
        # rewrites a few rows, and the journal copies only the pages they are on
        unchanged, seen_before = self._unchanged, self._seen_before
        self._seen_files.update(_stored(s.path) for s in states)
        self.db.executemany(
            "UPDATE files SET seen_now = 1, last_seen = ? WHERE path = ?",
            [(now, _stored(s.path)) for s in states
             if s.path in unchanged and s.path not in seen_before],
        )  # fmt: skip
        self.db.executemany(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, sha256, last_seen, seen_now) "
            "VALUES (?, ?, ?, ?, ?, 1)",
            [(_stored(s.path), s.size, s.mtime_ns, s.sha256, now) for s in states
             if s.path not in unchanged],
        )  # fmt: skip
        known = [d for d in digests if d.sha256]
        self._seen_versions.update(d.sha256 for d in known)
        # a reading taken from the store is of a version the store holds, with these findings;
        # the history names it where it was seen last, as the register does (a file moved)
        self.db.executemany(
            "UPDATE versions SET path = ?, seen_now = 1, last_seen = ? "
            "WHERE sha256 = ? AND (path != ? OR NOT seen_now)",
            [(path, now, d.sha256, path) for d in known if d.path not in fresh
             for path in (_stored(d.path),)],
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO versions (sha256, path, received, first_seen, last_seen, org_name, "
            "division, province, fiscal_year, round, prepared_on, readable, status, errors, "
            "warnings, seen_now) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
            "ON CONFLICT (sha256) DO UPDATE SET last_seen = excluded.last_seen, seen_now = 1, "
            "path = excluded.path, status = excluded.status, errors = excluded.errors, "
            "warnings = excluded.warnings",
            [(d.sha256, _stored(d.path), _received(d.modified_ns), now, now, d.org_name,
              d.division, d.province,
              d.fiscal_year, d.round, d.prepared_on.isoformat() if d.prepared_on else "",
              int(d.readable), d.status, d.errors, d.warnings) for d in known if d.path in fresh],
        )  # fmt: skip
        # not compressed again: a digest's big fields are compressed already, and unpickling
        # is then seven times quicker for 12% more bytes; its path, time and content are set
        # as it loads (``readings``)
        self.db.executemany(
            "INSERT OR REPLACE INTO readings (sha256, reader, digest) VALUES (?, ?, ?)",
            ((d.sha256, reader, fresh[d.path]) for d in known if d.path in fresh and not d.crashed),
        )  # fmt: skip
        self.db.executemany(
            "INSERT OR REPLACE INTO readings (sha256, reader, digest) VALUES (?, ?, ?)",
            ((sha, reader, blob) for sha, blob in self._relocated.values()),
        )
        self._relocated.clear()  # (last year's returns are remembered by a second call)
        # readings by an earlier ita-xl can never be used again
        self.db.execute("DELETE FROM readings WHERE reader != ?", (reader,))

    # --- history and reviews ---------------------------------------------------------------------

    def versions(self) -> Iterator[Version]:
        rows = self.db.execute(
            "SELECT sha256, path, received, org_name, division, province, fiscal_year, round, "
            "prepared_on, readable, status FROM versions ORDER BY received, path"
        )
        for (
            sha,
            path,
            seen,
            org,
            division,
            province,
            year,
            round_,
            prepared,
            readable,
            status,
        ) in rows:
            yield Version(sha, _loaded(path), seen, org or "", division or "", province or "",
                          year, round_, prepared or "", bool(readable), status or "")  # fmt: skip

    def paths_of_year(self, fiscal_year: int) -> list[Path]:
        """The files of every version of that year that are still where they were seen."""
        rows = self.db.execute("SELECT DISTINCT path FROM versions WHERE fiscal_year = ?",
                               (fiscal_year,))  # fmt: skip
        paths = (Path(_loaded(path)) for (path,) in rows)
        return sorted(path for path in paths if path.is_file())

    def review_of(self, sha256: str) -> tuple[str, str] | None:
        """The latest review of this version: (review, note)."""
        row = self.db.execute(
            "SELECT review, note FROM reviews WHERE sha256 = ? ORDER BY reviewed_at DESC LIMIT 1",
            (sha256,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def record_review(self, sha256: str, review: str, note: str) -> None:
        """Keep a review the team typed, unless it says what the store already holds (a version
        never reviewed is pending without a note)."""
        if (self.review_of(sha256) or (PENDING, "")) == (review, note):
            return
        self.db.execute("INSERT OR REPLACE INTO reviews (sha256, review, note, reviewed_at) "
                        "VALUES (?, ?, ?, ?)", (sha256, review, note, self.seen_at))  # fmt: skip

    def wrote_summary(self, path: Path, written: Mapping[str, list[Row]] | None = None,
                      rendered_by: str | None = None) -> None:  # fmt: skip
        """Remember the summary just written at ``path``, as it is now, with the ``written``
        rows of the sheets the team works in (``Consolidation.worked_in``), by sheet, and what
        rendered them (``kept_rows.renderer_key``)."""
        with ThreadPoolExecutor(1) as hashing:  # (hashlib lets go of the GIL: both at once)
            content = hashing.submit(sha256_of, path)
            kept = zlib.compress(pickle.dumps(dict(written), pickle.HIGHEST_PROTOCOL), 1) \
                if written else None  # fmt: skip
            self.db.execute("INSERT OR REPLACE INTO summaries (path, sha256, written, "
                            "rendered_by) VALUES (?, ?, ?, ?)",
                            (_stored(str(path.resolve())), content.result(), kept,
                             rendered_by))  # fmt: skip

    def summary_written(self, path: Path) -> dict[str, list[Row]]:
        """The rows ``wrote_summary`` kept of the summary at ``path``, by sheet; none when it
        kept none (a store of an earlier release, or another summary)."""
        row = self.db.execute("SELECT written FROM summaries WHERE path = ?",
                              (_stored(str(path.resolve())),)).fetchone()  # fmt: skip
        return _unpacked(row[0]) if row is not None else {}

    def written_summary(self, path: Path) -> WrittenSummary | None:
        """The summary at ``path`` when it is the very file this store's last run wrote there,
        with the rows kept of it and what rendered them; ``None`` for one edited since, or one
        the store kept no rows of. Its bytes are read once, so what is taken from them is what
        was hashed, even if the team saves the file meanwhile."""
        row = self.db.execute("SELECT sha256, written, rendered_by FROM summaries WHERE path = ?",
                              (_stored(str(path.resolve())),)).fetchone()  # fmt: skip
        if row is None or row[1] is None or not row[2]:
            return None
        try:
            content = regular_file_bytes(path)
        except OSError:
            return None
        if content_key(content) != row[0]:
            return None
        return WrittenSummary(content, row[1], row[2])

    def wrote_a_summary(self) -> bool:
        """Whether this store wrote any summary: a store rebuilt or lost did not, and does not
        know what the summary it is about to replace showed (its ``reviews`` are not what the
        team saw there)."""
        return self.db.execute("SELECT 1 FROM summaries LIMIT 1").fetchone() is not None

    def summary_as_written(self, path: Path) -> bool:
        """Whether the summary at ``path`` is the very file this store's last run wrote: then
        every review in its register came from the store, and reading it back finds nothing
        new (a summary the team edited, in any program, has other bytes)."""
        row = self.db.execute("SELECT sha256 FROM summaries WHERE path = ?",
                              (_stored(str(path.resolve())),)).fetchone()  # fmt: skip
        try:
            return row is not None and row[0] == sha256_of(path)
        except OSError:
            return False

    def reviews(self) -> dict[str, tuple[str, str]]:
        """The latest review of every version that has one."""
        latest: dict[str, tuple[str, str]] = {}
        for sha, review, note in self.db.execute(
                "SELECT sha256, review, note FROM reviews ORDER BY reviewed_at"):  # fmt: skip
            latest[sha] = (review, note)
        return latest


__all__ = ["FileState", "Store", "StoreError", "Version", "WrittenSummary", "default_path",
           "reader_key", "season_of", "sha256_of"]  # fmt: skip
