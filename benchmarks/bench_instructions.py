"""Instructions per return (valgrind): the working tree against a git revision, in one run.

python benchmarks/bench_instructions.py [--returns 30] [--against HEAD] [--phases]
                                        [--saved-by xlsxwriter|libreoffice]

Wall time on a shared 2-core VM drifts by 1.5× within minutes, far more than most changes to
the per-return work; the number of instructions executed does not. Each side reads, checks and
digests the same returns (what a roll-up worker does for each file) under callgrind, once with
the returns and once without, so imports and start-up cancel out. Needs valgrind and git.
The returns are made as ``bench_rollup`` makes them.

``--phases`` splits the working tree's count by step instead: the scan (inflating and checking
the parts), python-calamine reading the lean package, building the Return, the checks, and the
digest (the rows rendered and compressed for the summary): where the next change should look.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_rollup import make_returns

ROOT = Path(__file__).resolve().parents[1]

_WORK = """
import sys
from ita_xl.consolidation.digest import read_digest
files = sys.argv[1:]
if files:
    read_digest(files[0])  # imports and first-use caches, paid by every side alike
for path in files:
    read_digest(path)
"""


_PHASES_WORK = """
import sys
from pathlib import Path
from ita_xl import spec
from ita_xl.checking.rules import context_for, run_checks
from ita_xl.checking.validation import Report
from ita_xl.consolidation.digest import digest
from ita_xl.reading import read
from ita_xl.reading.grids import ENGINES
from ita_xl.reading.safety import scan_workbook

upto, files = sys.argv[1], [Path(f) for f in sys.argv[2:]]

def work(path):
    scan = scan_workbook(path, skip=spec.AUXILIARY_SHEETS, needed=read.NEEDED_SHEETS)
    if upto == "scan":
        return
    if upto == "reader":
        ENGINES["calamine"](scan.lean, list(scan.sheets), False)
        return
    ret = read.read_return(path, scan=scan)
    if upto == "return":
        return
    report = Report(path, run_checks(ret, context_for(ret)), ret)
    if upto == "checks":
        return
    digest(report)

if files:
    work(files[0])
for path in files[1:]:
    work(path)
"""
PHASES = {
    "scan": "the scan (parts inflated and checked)",
    "reader": "python-calamine reading the lean package",
    "return": "building the Return (records, values)",
    "checks": "the checks",
    "digest": "the digest (rows rendered, compressed)",
}
"""Each step, measured as everything up to it (``_PHASES_WORK``), in order."""


def instructions(tree: Path, files: list[str], script: str = _WORK,
                 first: tuple[str, ...] = ()) -> int:  # fmt: skip
    """Instructions (callgrind's Ir) of running ``script`` (with ``first`` arguments before the
    files) over ``files`` with ``tree``'s code."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", script, *first, *files],
        cwd=tree, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_return(tree: Path, files: list[str], script: str = _WORK,
               first: tuple[str, ...] = ()) -> float:  # fmt: skip
    # with all files: the warm-up and N reads; with the first only: the warm-up and 1 read
    return (instructions(tree, files, script, first)
            - instructions(tree, files[:1], script, first)) / (len(files) - 1)  # fmt: skip


def print_phases(files: list[str]) -> None:
    """The working tree's instructions per return, step by step."""
    print(f"{len(files)} returns, instructions per return, step by step (working tree):")
    before = 0.0
    total = per_return(ROOT, files, _PHASES_WORK, ("digest",))
    for phase, said in PHASES.items():
        upto = total if phase == "digest" else per_return(ROOT, files, _PHASES_WORK, (phase,))
        step = upto - before
        print(f"  {said:<42} {step / 1e6:7.2f} M  {step / total:5.1%}")
        before = upto
    print(f"  {'in all':<42} {total / 1e6:7.2f} M")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--returns", type=int, default=30)
    parser.add_argument("--against", default="HEAD", help="the git revision to compare with")
    parser.add_argument(
        "--phases",
        action="store_true",
        help="the working tree's count step by step, not against a revision",
    )
    parser.add_argument("--saved-by", choices=("xlsxwriter", "libreoffice"), default="xlsxwriter",
                        help="the returns as the template writes them, or saved again in "
                        "LibreOffice Calc (as bench_rollup makes them)")  # fmt: skip
    args = parser.parse_args()
    if args.returns < 2:
        raise SystemExit("--returns must be at least 2 (one run is subtracted from the other)")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")

    work = Path(tempfile.mkdtemp(prefix="bench_instructions_"))
    baseline = work / "baseline"
    try:
        folder = work / "returns"
        folder.mkdir()
        make_returns(folder, args.returns, jobs=1, saved_by=args.saved_by)
        files = sorted(str(p) for p in folder.glob("*.xlsx"))
        if args.phases:
            print_phases(files)
            return
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                        str(baseline), args.against], check=True)  # fmt: skip
        before = per_return(baseline, files)
        after = per_return(ROOT, files)
        print(f"{len(files)} returns, instructions per return (read, check, digest):")
        print(f"  {args.against:<12} {before / 1e6:8.2f} M")
        print(f"  working tree {after / 1e6:8.2f} M   {after / before:.3f}x")
    finally:
        if baseline.exists():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(baseline)], check=False)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
