"""Time validating a typical return, in-process and through the CLI, against openpyxl in the
same run.

python benchmarks/bench_validate.py [FILE] [--repeat N]

Prints medians and ratios: ``validate`` (safety scan + read + every check) against
``openpyxl.load_workbook`` of the same file; ``ita-xl validate FILE`` as a fresh process against
a fresh Python that only imports openpyxl and loads the file. Targets (issue 3): validation at
least 3× faster than the openpyxl load; the CLI under 1 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import openpyxl
from _timing import median_seconds  # benchmarks/ is on the path when run

from ita_xl.checking.validation import validate

ROOT = Path(__file__).resolve().parents[1]


def run(command: list[str]) -> None:
    subprocess.run(command, check=False, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path,
                        default=ROOT / "examples" / "returns" / "koh_ro_2566_12m.xlsx")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    path = str(args.file)

    load = median_seconds(args.repeat, lambda: openpyxl.load_workbook(path, data_only=True))
    check = median_seconds(args.repeat, lambda: validate(path))
    findings = len(validate(path).findings)

    cli = [sys.executable, "-m", "ita_xl.cli", "validate", path]
    load_code = f"import openpyxl; openpyxl.load_workbook({path!r}, data_only=True)"
    baseline_cli = [sys.executable, "-c", load_code]
    bare = [sys.executable, "-c", "pass"]
    runs = max(3, args.repeat // 4)
    cli_time = median_seconds(runs, lambda: run(cli))
    baseline_cli_time = median_seconds(runs, lambda: run(baseline_cli))
    bare_time = median_seconds(runs, lambda: run(bare))
    pandas = subprocess.run(
        [sys.executable, "-c",
         f"import sys; from ita_xl.cli.commands import main; main(['validate', {path!r}]); "
         "print('pandas' in sys.modules, file=sys.stderr)"],
        capture_output=True, text=True, check=False,
    ).stderr.strip().splitlines()[-1]  # fmt: skip

    print(f"{args.file.name}: {findings} findings; medians of {args.repeat} (in-process), "
          f"{runs} (processes)")  # fmt: skip
    print(f"  openpyxl.load_workbook (baseline)   {load * 1000:8.1f} ms")
    print(f"  ita_xl.validate                     {check * 1000:8.1f} ms   "
          f"{load / check:5.1f}x faster than baseline (target >= 3x)")  # fmt: skip
    print(f"  python -c pass                      {bare_time * 1000:8.1f} ms")
    print(f"  python: import openpyxl + load      {baseline_cli_time * 1000:8.1f} ms")
    print(f"  ita-xl validate FILE                {cli_time * 1000:8.1f} ms   "
          f"{baseline_cli_time / cli_time:5.2f}x the openpyxl process (target < 1 s)")  # fmt: skip
    print(f"  pandas imported on the validate path: {pandas}")


if __name__ == "__main__":
    main()
