"""Instructions per return (valgrind): the working tree against a git revision, in one run.

python benchmarks/bench_instructions.py [--returns 30] [--against HEAD]

Wall time on a shared 2-core VM drifts by 1.5× within minutes, far more than most changes to
the per-return work; the number of instructions executed does not. Each side reads, checks and
digests the same returns (what a roll-up worker does for each file) under callgrind, once with
the returns and once without, so imports and start-up cancel out. Needs valgrind and git.
The returns are made as ``bench_rollup`` makes them.
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


def instructions(tree: Path, files: list[str]) -> int:
    """Instructions (callgrind's Ir) of running ``_WORK`` over ``files`` with ``tree``'s code."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", _WORK, *files],
        cwd=tree, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_return(tree: Path, files: list[str]) -> float:
    # with all files: the warm-up and N reads; with the first only: the warm-up and 1 read
    return (instructions(tree, files) - instructions(tree, files[:1])) / (len(files) - 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--returns", type=int, default=30)
    parser.add_argument("--against", default="HEAD", help="the git revision to compare with")
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
        make_returns(folder, args.returns, jobs=1)
        files = sorted(str(p) for p in folder.glob("*.xlsx"))
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
