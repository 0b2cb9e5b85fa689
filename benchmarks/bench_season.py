"""The collection season's re-run (SPEC §9), timed in one run as ratios:

python benchmarks/bench_season.py [--returns 2000] [--changed 20] [--jobs N] [--keep DIR]
                                  [--like FOLDER]

- without the store: ``ita-xl rollup --no-store``, the one-off run;
- first run with the store: the same, keeping ``summary.ita.sqlite`` (target: at most 1.1× the
  run without);
- a re-run after ``--changed`` files are new or changed (half sent anew, half corrected in place),
  with the summary rewritten in full (target: at most 0.1× the first run); each of ``--rounds``
  re-runs after other files changed;
- a re-run with nothing changed, and the store's size per return.

The returns are bench_rollup's typical returns, every one a distinct organisation; with
``--like FOLDER`` (``examples/returns``: officers' returns, mistakes and all), copies of the
returns there, each under its own organisation's name, findings and all. Each round times
every kind of run in turn on the same files (this VM's speed drifts within minutes): the
fastest of each kind, and the median of the rounds' own ratios, are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_rollup import make_returns, run_measured

_BASES = {"without": "the run without", "first": "the first run"}


def _roll_up(folder: Path, roster: Path, output: Path, jobs: int, *extra: str) -> float:
    command = [sys.executable, "-m", "ita_xl.cli", "rollup", str(folder), "--roster", str(roster),
               "-o", str(output), "--no-progress", "--jobs", str(jobs), *extra]  # fmt: skip
    seconds, _, done = run_measured(command)
    if done.returncode != 0:
        print(done.stderr.decode(), file=sys.stderr)
        raise SystemExit("the roll-up failed")
    return seconds


def _rewritten(source: Path, target: Path, new_org: bool) -> None:
    """The return again: under a new organisation's name (a new sender), or with the same
    values in other bytes (a file opened and saved again by its officer)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED, compresslevel=9
    ) as new:  # fmt: skip
        for info in old.infolist():
            data = old.read(info.filename)
            if new_org and info.filename == "xl/sharedStrings.xml":
                data = data.replace("ทดสอบที่".encode(), "ทดสอบใหม่ที่".encode())
            new.writestr(info.filename, data)


def _change(folder: Path, count: int, round_: int = 0) -> None:
    """Half the files sent anew, half saved again in place (other files each round)."""
    files = sorted(folder.glob("return_*.xlsx"))
    for i in range(count):
        source = files[(i + round_ * count) * 7 % len(files)]
        if i % 2 == 0:
            _rewritten(source, folder / f"new_{round_}_{i:03d}.xlsx", new_org=True)
        else:
            saved = source.with_name(source.name + ".saving")
            _rewritten(source, saved, new_org=False)
            os.replace(saved, source)


def _copies_of(source: Path, folder: Path, count: int) -> Path:
    """``count`` copies of the returns in ``source``, each under its own organisation's name
    (renamed in its shared strings, as ``_rewritten`` renames), and a roster listing them."""
    from ita_xl import read_return

    bases = []
    for path in sorted(source.glob("*.xlsx")):
        form = read_return(path).info
        bases.append((path, form.org_name, form.province))
    rows = []
    for i in range(count):
        path, org, province = bases[i % len(bases)]
        name = f"{org} ทดสอบที่ {i:05d}"
        with zipfile.ZipFile(path) as old, zipfile.ZipFile(
            folder / f"return_{i:05d}.xlsx", "w", zipfile.ZIP_DEFLATED
        ) as new:  # fmt: skip
            strings = old.read("xl/sharedStrings.xml")
            if org.encode() not in strings:
                raise SystemExit(f"{path.name}: its organisation is not a shared string")
            for info in old.infolist():
                data = old.read(info.filename)
                if info.filename == "xl/sharedStrings.xml":
                    data = data.replace(org.encode(), name.encode())
                new.writestr(info.filename, data)
        rows.append(f"{name},{province},,")
    roster = folder.parent / "roster.csv"
    roster.write_text("org_name,province,unit,org_type\n" + "\n".join(rows) + "\n",
                      encoding="utf-8-sig")  # fmt: skip
    return roster


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--returns", type=int, default=2000)
    parser.add_argument("--changed", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--keep", type=Path)
    parser.add_argument(
        "--like",
        type=Path,
        help="copy the returns in this folder (their findings "
        "and all) instead of making typical ones; keep them apart (--keep)",
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="how often each run is timed (the fastest kept)"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_season_"))
    folder = (args.keep or work) / "returns"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        roster = folder.parent / "roster.csv"
        for earlier in folder.glob("new_*.xlsx"):  # sent anew by an earlier run of this script
            earlier.unlink()
        if len(list(folder.glob("*.xlsx"))) != args.returns or not roster.exists():
            roster = (_copies_of(args.like, folder, args.returns) if args.like
                      else make_returns(folder, args.returns, args.jobs))  # fmt: skip
        os.sync()
        output = work / "summary.xlsx"  # the season's summary: its store stays warm
        store = output.with_suffix(".ita.sqlite")
        fresh = work / "first.xlsx"  # each round's first run, with a store of its own
        _roll_up(folder, roster, output, args.jobs)
        runs: dict[str, list[float]] = {"without": [], "first": [], "unchanged": [], "again": []}
        for round_ in range(args.rounds):
            # each round times every kind of run on the same files, one after the other, so
            # each ratio compares runs minutes apart at most (this VM's speed drifts)
            runs["unchanged"].append(_roll_up(folder, roster, output, args.jobs))
            _change(folder, args.changed, round_)
            os.sync()
            runs["again"].append(_roll_up(folder, roster, output, args.jobs))
            (work / "once.xlsx").unlink(missing_ok=True)  # (no summary to check for reviews)
            runs["without"].append(_roll_up(folder, roster, work / "once.xlsx", args.jobs,
                                            "--no-store"))  # fmt: skip
            fresh.unlink(missing_ok=True)
            fresh.with_suffix(".ita.sqlite").unlink(missing_ok=True)
            runs["first"].append(_roll_up(folder, roster, fresh, args.jobs))
        best = {kind: min(times) for kind, times in runs.items()}

        def ratio(kind: str, to: str) -> str:
            """The fastest of each, and the median of the rounds' own ratios."""
            rounds = sorted(a / b for a, b in zip(runs[kind], runs[to], strict=True))
            return (f"{best[kind] / best[to]:5.3f}x {_BASES[to]} "
                    f"(median of the rounds' {statistics.median(rounds):5.3f}x)")  # fmt: skip

        print(f"{args.returns:,} returns, {args.jobs} worker processes")
        print(f"  without the store            {best['without']:7.2f} s")
        print(f"  first run with the store     {best['first']:7.2f} s   "
              f"{ratio('first', 'without')} (target ≤ 1.10)")  # fmt: skip
        print(f"  re-run, {args.changed} new or changed   {best['again']:7.2f} s   "
              f"{ratio('again', 'first')} (target ≤ 0.10)")  # fmt: skip
        print(f"  re-run, nothing changed      {best['unchanged']:7.2f} s   "
              f"{ratio('unchanged', 'first')}")  # fmt: skip
        print(f"  (fastest of {args.rounds}, each round timing every kind of run in turn; each "
              "re-run after other files changed)")  # fmt: skip
        for kind, times in runs.items():  # the VM's drift shows here
            print(f"  rounds, {kind + ':':10s} " + " ".join(f"{t:5.2f}" for t in times))
        print(f"  store {store.stat().st_size / 1e6:,.1f} MB, "
              f"{store.stat().st_size / args.returns / 1e3:,.1f} kB a return")  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
