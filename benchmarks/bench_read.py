"""Time reading a return, as ratios against an openpyxl load of the same file in the same run.

python benchmarks/bench_read.py [FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import openpyxl
from _timing import median_seconds  # benchmarks/ is on the path when run

from ita_xl.reading.read import read_return

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path,
                        default=ROOT / "examples" / "returns" / "koh_ro_2566_12m.xlsx")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    baseline = median_seconds(
        args.repeat, lambda: openpyxl.load_workbook(args.file, data_only=True)
    )
    fast = median_seconds(args.repeat, lambda: read_return(args.file))
    slow = median_seconds(args.repeat, lambda: read_return(args.file, engine="openpyxl"))
    rows = [
        ("openpyxl.load_workbook (baseline)", baseline),
        ("read_return, calamine", fast),
        ("read_return, openpyxl", slow),
    ]
    print(f"{args.file.name}: median of {args.repeat}")
    for name, seconds in rows:
        print(f"  {name:36s} {seconds * 1000:8.2f} ms   {baseline / seconds:5.1f}x baseline speed")


if __name__ == "__main__":
    main()
