"""The store at national scale (issue #25): about 8,300 returns a year, five years of history.

python benchmarks/bench_store_scale.py [--versions 40000] [--returns DIR]

Fills a store with ``--versions`` return versions (five fiscal years, 8,300 organisations, a real
reading repeated under distinct SHA-256s), then times what a season's re-run does with it:
listing every version for ``ประวัติการส่ง`` (``history_rows``), finding the readings of 8,300
files, and — with ``--returns DIR`` (e.g. bench_season's ``--keep`` folder) — a whole
``ita-xl rollup`` re-run on that store, with its peak memory and the summary's size.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_rollup import run_measured

ROOT = Path(__file__).resolve().parents[1]
ORGANISATIONS = 8300


def _sha(version: int) -> str:
    return hashlib.sha256(f"version {version}".encode()).hexdigest()


def _stored_path(version: int) -> str:
    year = 2566 + version // ORGANISATIONS % 5
    return (f"/returns/{year}/org_{version % ORGANISATIONS:05d}_"
            f"{version // (ORGANISATIONS * 5)}.xlsx")  # fmt: skip


def _moved_path(version: int) -> str:
    return _stored_path(version).replace("/returns/", "/moved/")


def _fill(store_path: Path, versions: int) -> None:
    from ita_xl.consolidation.digest import read_digest
    from ita_xl.consolidation.store import FileState, Store, reader_key

    sample = read_digest(str(ROOT / "examples" / "returns" / "koh_ro_2566_12m.xlsx"))
    reader = reader_key(())
    with Store(store_path) as store:
        states, digests = [], []
        for i in range(versions):
            year = 2566 + i // ORGANISATIONS % 5
            sha, path = _sha(i), _stored_path(i)
            org = f"องค์การบริหารส่วนตำบลทดสอบที่{i % ORGANISATIONS:05d}"
            digest = replace(sample, path=path, sha256=sha, fiscal_year=year, org_name=org)
            states.append(FileState(path, 1000, 0, sha))
            digests.append(digest)
        pickled = {d.path: pickle.dumps(d, pickle.HIGHEST_PROTOCOL) for d in digests}
        store.remember(states, digests, reader, pickled)  # as the workers pickle them


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--versions", type=int, default=40_000)
    parser.add_argument("--returns", type=Path)
    args = parser.parse_args()
    from ita_xl.consolidation.rollup import _relocated, history_rows
    from ita_xl.consolidation.store import Store, reader_key
    from ita_xl.reading.isolation import default_jobs

    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "summary.ita.sqlite"
        started = time.perf_counter()
        _fill(store_path, args.versions)
        filled = time.perf_counter() - started
        size = store_path.stat().st_size
        print(f"{args.versions:,} versions stored in {filled:.1f} s; store {size / 1e6:,.0f} MB "
              f"({size / args.versions / 1e3:.1f} kB a version)")  # fmt: skip
        with Store(store_path) as store:
            started = time.perf_counter()
            rows = history_rows(store.versions(), store.reviews())
            print(f"  history of {len(rows):,} versions listed in "
                  f"{time.perf_counter() - started:.2f} s")  # fmt: skip
            from ita_xl.consolidation.store import FileState

            # this year's files where they were read (a re-run), then all moved to another
            # folder (every reading's rows rendered again to name the file where it is now, by
            # as many workers as cores, as a roll-up does)
            jobs = default_jobs()
            for shown, folder_of in (("where they were read", _stored_path),
                                     (f"moved to another folder ({jobs} workers rename them)",
                                      _moved_path)):  # fmt: skip
                wanted = [FileState(folder_of(i), 0, 0, _sha(i)) for i in range(ORGANISATIONS)]
                started = time.perf_counter()
                moved: dict[str, tuple[FileState, bytes]] = {}
                found = store.readings(wanted, reader_key(()), moved)
                found.update(_relocated(store, moved, jobs))
                print(f"  readings of {len(found):,} files {shown}, found and unpickled in "
                      f"{time.perf_counter() - started:.2f} s")  # fmt: skip
        if args.returns:
            output = Path(folder) / "summary.xlsx"
            command = [sys.executable, "-m", "ita_xl.cli", "rollup", str(args.returns), "-o",
                       str(output), "--no-progress", "--store", str(store_path)]  # fmt: skip
            seconds, peak, done = run_measured(command)
            if done.returncode != 0:
                print(done.stderr.decode(), file=sys.stderr)
                raise SystemExit("the roll-up failed")
            seconds, peak, done = run_measured(command)  # the re-run: every file known
            summary_mb = output.stat().st_size / 1e6
            print(f"  rollup re-run of {args.returns} on this store: {seconds:.1f} s, peak "
                  f"{peak / 2**20:,.0f} MiB, summary {summary_mb:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
