"""Roll up N typical returns; time it against an unzip-only floor and the naive way, in one run.

python benchmarks/bench_rollup.py [--returns 8000] [--jobs N] [--naive-sample 200] [--keep DIR]
                                  [--saved-by xlsxwriter|libreoffice] [--rounds 2]

(``--keep DIR`` keeps the returns made, and a later run with the same DIR times them again
without making them anew. This VM's speed drifts by up to 1.5× within minutes: compare runs by
their ratios to the floor and to the naive way, which are measured in the same run.)

- The returns are made in the layout Excel saves (XlsxWriter: shared strings, not openpyxl's
  inline strings): a handful of typical returns (10 measures, 12 follow-ups, indicators filled,
  a few warnings) written by the template writer (and, with ``--saved-by libreoffice``, opened
  and saved again by LibreOffice Calc), then copied with their organisation renamed
  in ``xl/sharedStrings.xml``, so every file is a distinct organisation on the roster. Every
  free text carries the return's number, so no two returns share a sentence (as officers'
  writing does not): nothing that remembers texts across files can flatter the figures.
- floor: every file opened and every part decompressed (zipfile), in the same worker pool size.
- ita-xl rollup: the command as users run it (read, validate, consolidate, write the summary),
  with the peak memory of its whole process tree (main + workers, sampled from /proc).
- naive: ``pandas.read_excel(sheet_name=None)`` per file and ``pandas.concat``, on a sample
  timed in this run and scaled to N (say ``--naive-sample N`` to time it on all).
- the roll-up's CPU time (user + system, main process and workers), and a fixed piece of
  pure-Python work on every core, timed at the start and the end: the machine's speed then.
- issue #26's yardsticks: only the parts a reader must read inflated (workbook, shared strings,
  the data sheets, _meta), and python-calamine reading the data sheets, both in the same pool;
  run beside the roll-up in each of ``--rounds`` rounds, the best of each kept.
Targets (issue 5): 8,000 returns ≤ 30 s, peak ≤ 512 MiB, ≥ 10× faster than the naive way.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ita_xl.workbook.template import Filling

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ("ยะลา", "เชียงใหม่", "ขอนแก่น", "สงขลา", "ชลบุรี", "นครราชสีมา", "อุดรธานี", "ลำปาง")
BASE_NAME = "องค์การบริหารส่วนตำบลต้นแบบ"
MARK = "เลขที่๐๐๐๐๐"  # in every free text; each copy puts its own number here


def _typical_filling(variant: int) -> Filling:
    from ita_xl.workbook.template import Filling

    done, ongoing = "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"
    measures: list[dict[str, object]] = []
    followups: list[dict[str, object]] = []
    for i in range(1, 11):
        indicator = (i + variant) % 10 + 1
        measures.append({
            "code": f"M{i:02d}", "measure": f"มาตรการส่งเสริมคุณธรรมด้านที่ {i} ของหน่วยงาน{MARK}",
            "indicator": str(indicator),
            "approach": f"จัดทำแนวทางปฏิบัติและเผยแพร่ให้บุคลากรและประชาชนทราบอย่างทั่วถึง {MARK}",
            "steps": f"๑. แต่งตั้งคณะทำงาน\n๒. จัดทำแนวทางและประกาศ {MARK}\n๓. เผยแพร่บนเว็บไซต์หลัก",
            "responsible": "สำนักปลัด", "schedule": "๖ และ ๑๒ เดือน",
            "start": date(2022, 10, 1), "end": date(2023, 9, 30),
        })  # fmt: skip
        followups.append({
            "code": f"M{i:02d}", "round": "๑๒ เดือน",
            "details": f"ดำเนินการตามแนวทางครบทุกขั้นตอน จัดประชุมชี้แจงบุคลากร ๒ ครั้ง {MARK}",
            "period": "ต.ค. ๖๕ - ก.ย. ๖๖", "output": f"ประกาศและคู่มือแนวทางปฏิบัติ {MARK}",
            "outcome": f"บุคลากรรับทราบและถือปฏิบัติ {MARK}",
            "status": done if (i + variant) % 4 else ongoing,
            "evidence_url": f"https://www.example{variant}.go.th/ita/o43-{i}",
        })  # fmt: skip
    for i in (1, 2):  # the 6-month reports of two measures
        followups.append({**followups[i - 1], "round": "๖ เดือน", "status": ongoing,
                          "period": "ต.ค. ๖๕ - มี.ค. ๖๖", "evidence_url": ""})  # fmt: skip
    indicators = {
        n: {"last_score": 70 + (n * 7 + variant) % 30, "weaknesses": f"ยังไม่ครบถ้วนตามเกณฑ์ {MARK}",
            "to_develop": f"ปรับปรุงการดำเนินงานให้ครบถ้วน {MARK}", "responsible": "สำนักปลัด",
            "result": "ดำเนินการแล้ว"}
        for n in range(1, 11)
    }  # fmt: skip
    info = {
        "org_name": BASE_NAME, "org_type": "องค์การบริหารส่วนตำบล", "district": "เมือง",
        "province": PROVINCES[0], "fiscal_year": 2566, "round": "๑๒ เดือน",
        "preparer": "นางสาวสมใจ ใจดี", "position": "นักวิเคราะห์นโยบายและแผน",
        "phone": "073 123 456", "email": "saraban@example.go.th", "prepared_on": date(2023, 9, 29),
    }  # fmt: skip
    return Filling(info=info, indicators=indicators, measures=measures, followups=followups)


def _saved_by_libreoffice(paths: list[Path], folder: Path) -> list[Path]:
    """The returns opened and saved again by LibreOffice Calc (its own .xlsx export), as an
    officer who works in Calc sends them."""
    out = folder / "calc"
    out.mkdir()
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, paths)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    return [out / p.name for p in paths]


def _base_returns(folder: Path, saved_by: str, count: int = 4) -> list[bytes]:
    from ita_xl.frameworks import load_framework
    from ita_xl.workbook.template import write_return_workbook

    framework = load_framework("2566")
    paths = [write_return_workbook(folder / f"base{variant}.xlsx", framework,
                                   _typical_filling(variant))
             for variant in range(count)]  # fmt: skip
    if saved_by == "libreoffice":
        paths = _saved_by_libreoffice(paths, folder)
    out = [path.read_bytes() for path in paths]
    if saved_by == "libreoffice":
        shutil.rmtree(folder / "calc")
    return out


def _renamed(base: bytes, number: int, org: str, province: str, target: Path) -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED
    ) as out:  # fmt: skip
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(BASE_NAME.encode(), org.encode())
                data = data.replace(f">{PROVINCES[0]}<".encode(), f">{province}<".encode())
                own_mark = f"เลขที่{number:05d}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
                data = data.replace(MARK.encode(), own_mark.encode())
            out.writestr(info, data)


def _make_chunk(args: tuple[list[bytes], int, int, str]) -> list[tuple[str, str]]:
    bases, start, stop, folder = args
    rows = []
    for i in range(start, stop):
        org = f"องค์การบริหารส่วนตำบลทดสอบที่{i:05d}"
        province = PROVINCES[i % len(PROVINCES)]
        target = Path(folder) / f"return_{i:05d}.xlsx"
        _renamed(bases[i % len(bases)], i, org, province, target)
        rows.append((org, province))
    return rows


def make_returns(folder: Path, count: int, jobs: int, saved_by: str = "xlsxwriter") -> Path:
    """``count`` returns and a roster that lists them all; returns the roster's path."""
    bases = _base_returns(folder, saved_by)
    for name in folder.glob("base*.xlsx"):
        name.unlink()
    step = max(1, count // (jobs * 4))
    chunks = [(bases, s, min(s + step, count), str(folder)) for s in range(0, count, step)]
    with ProcessPoolExecutor(jobs) as pool:
        rows = [row for chunk in pool.map(_make_chunk, chunks) for row in chunk]
    roster = folder.parent / "roster.csv"
    lines = ["org_name,province,unit,org_type"]
    lines += [f"{org},{province},,องค์การบริหารส่วนตำบล" for org, province in rows]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return roster


def _unzip_all(path: str) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(len(archive.read(name)) for name in archive.namelist())


def floor_seconds(files: list[str], jobs: int) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        sum(pool.map(_unzip_all, files, chunksize=64))
    return time.perf_counter() - start


DATA_SHEETS = ("ข้อมูลหน่วยงาน", "ตัวชี้วัด", "มาตรการ", "ติดตามผล", "_meta")


def _inflate_needed(path: str) -> int:
    """Only the parts a reader must read: workbook, shared strings, the data sheets, _meta.
    The workbook part and its relationships are read once, to find which part is which sheet
    (an earlier version read them again for every sheet, which made the floor 1.8× slower)."""
    from ita_xl.ooxml.package import WORKBOOK_PART, rels_part, sheet_parts

    with zipfile.ZipFile(path) as archive:
        workbook = archive.read(WORKBOOK_PART)
        listed = sheet_parts(workbook, archive.read(rels_part(WORKBOOK_PART))).parts
        parts = ["xl/sharedStrings.xml"] + [listed[name] for name in DATA_SHEETS if name in listed]
        return len(workbook) + sum(len(archive.read(part)) for part in parts
                                   if part in archive.NameToInfo)  # fmt: skip


def needed_floor_seconds(files: list[str], jobs: int) -> float:
    """Issue #26's floor: the needed parts inflated, in a pool of ``jobs`` processes."""
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        sum(pool.map(_inflate_needed, files, chunksize=64))
    return time.perf_counter() - start


def _calamine_sheets(path: str) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    try:
        return sum(len(book.get_sheet_by_name(name).to_python()) for name in DATA_SHEETS
                   if name in book.sheet_names)  # fmt: skip
    finally:
        book.close()


def calamine_pool_seconds(files: list[str], jobs: int) -> float:
    """What a pandas-savvy team would script: python-calamine reading the data sheets of every
    file, in the same pool."""
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        sum(pool.map(_calamine_sheets, files, chunksize=64))
    return time.perf_counter() - start


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def _as_installed() -> dict[str, str]:
    """The environment a command runs in as it does where ita-xl is installed: Python's
    bytecode cache on (pip compiles a package on install; a shell that turns the cache off,
    as this VM's does, would time compiling every module on every run), and filled once."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "ita_xl")], env=env,
                   check=True, capture_output=True)  # fmt: skip
    return env


def run_measured(command: list[str]) -> tuple[float, int, subprocess.CompletedProcess[bytes]]:
    """Wall time and peak memory of the whole process tree of ``command``."""
    peak = 0
    env = _as_installed()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak, subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def children_cpu_seconds() -> float:
    """User + system CPU of every finished child process and its descendants so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _probe_once(_: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for number in range(2_000_000):
            total += number % 7
        best = min(best, time.perf_counter() - start)
    return best


@dataclass(frozen=True)
class SpeedProbe:
    """A fixed piece of pure-Python work timed in one process, then on every core at once."""

    alone: float
    together: float
    jobs: int

    @property
    def effective_cores(self) -> float:
        """How many cores' worth of work the machine gave, all cores busy (``jobs`` at best)."""
        return self.jobs * self.alone / self.together

    def __str__(self) -> str:
        return (f"{self.alone:.2f} s alone, {self.together:.2f} s on {self.jobs} cores at once "
                f"(= {self.effective_cores:.1f} cores)")  # fmt: skip


def speed_probe(jobs: int) -> SpeedProbe:
    """How fast this machine is at the moment, timed at the start and the end of a run: a VM's
    speed drifts, and when its cores are shared with other guests, all cores busy give less
    than ``jobs`` cores' worth of work; one slow core holds back the whole pool."""
    alone = _probe_once(0)
    with ProcessPoolExecutor(jobs) as pool:
        together = max(pool.map(_probe_once, range(jobs)))
    return SpeedProbe(alone, together, jobs)


def naive_seconds(files: list[str]) -> float:
    import warnings

    import pandas as pd

    start = time.perf_counter()
    frames: dict[str, list[object]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            for name, frame in pd.read_excel(path, sheet_name=None, engine="openpyxl").items():
                frame["ไฟล์"] = path
                frames.setdefault(name, []).append(frame)
    {name: pd.concat(parts) for name, parts in frames.items()}  # type: ignore[arg-type]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--returns", type=int, default=8000)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--naive-sample", type=int, default=200)
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="how often the roll-up and its yardsticks run (the best kept)",
    )
    parser.add_argument("--keep", type=Path, help="make the returns in this folder and keep them "
                        "(a folder already holding them is used as it is)")  # fmt: skip
    parser.add_argument("--saved-by", choices=("xlsxwriter", "libreoffice"), default="xlsxwriter",
                        help="the returns as the template writes them (Excel's layout), or "
                        "opened and saved again in LibreOffice Calc")  # fmt: skip
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench_rollup_"))
    folder = (args.keep or work) / "returns"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        roster = folder.parent / "roster.csv"
        files = sorted(str(p) for p in folder.glob("*.xlsx"))
        made = "found"
        if len(files) != args.returns or not roster.exists():
            roster = make_returns(folder, args.returns, args.jobs, args.saved_by)
            files = sorted(str(p) for p in folder.glob("*.xlsx"))
            made = "made"
        os.sync()  # returns arrive over weeks: none is still being written out when timed
        size = sum(os.path.getsize(f) for f in files)
        print(f"{len(files):,} returns ({size / 1e6:,.0f} MB) {made} in "
              f"{time.perf_counter() - started:.1f} s; {args.jobs} worker processes")  # fmt: skip

        probe_before = speed_probe(args.jobs)
        floor = floor_seconds(files, args.jobs)
        output = work / "summary.xlsx"
        command = [
            sys.executable, "-m", "ita_xl.cli", "rollup", str(folder), "--roster", str(roster),
            "-o", str(output), "--no-progress", "--jobs", str(args.jobs), "--no-store",
        ]  # fmt: skip
        # the roll-up and issue #26's yardsticks side by side, round after round, each the
        # best of its rounds: a VM whose speed drifts within minutes then compares like times
        needed = calamine = seconds = float("inf")
        peak, cpu = 0, float("inf")
        for _ in range(args.rounds):
            needed = min(needed, needed_floor_seconds(files, args.jobs))
            calamine = min(calamine, calamine_pool_seconds(files, args.jobs))
            output.unlink(missing_ok=True)  # a one-off: no summary to check for typed reviews
            cpu_before = children_cpu_seconds()
            took, tree_peak, done = run_measured(command)
            cpu = min(cpu, children_cpu_seconds() - cpu_before)
            if done.returncode != 0:
                print(done.stderr.decode(), file=sys.stderr)
                raise SystemExit("the roll-up failed")
            seconds, peak = min(seconds, took), max(peak, tree_peak)
        sample = files[: min(args.naive_sample, len(files))]
        naive = naive_seconds(sample) * len(files) / len(sample)
        scaled = "" if len(sample) == len(files) else f" (timed on {len(sample):,}, scaled)"
        probe_after = speed_probe(args.jobs)

        print(f"  unzip-only floor            {floor:8.1f} s")
        print(f"  needed parts only (#26)     {needed:8.1f} s   rollup is "
              f"{seconds / needed:5.1f}x (target ≤ 4)")  # fmt: skip
        print(f"  calamine pool (#26)         {calamine:8.1f} s   rollup is "
              f"{seconds / calamine:5.1f}x (target ≤ 3 at 2,000, ≤ 5 at 200)")  # fmt: skip
        size_mb = output.stat().st_size / 1e6
        print(f"  ita-xl rollup               {seconds:8.1f} s   {seconds / floor:5.1f}x the floor"
              f"   peak memory {peak / 2**20:,.0f} MiB   summary {size_mb:.1f} MB")  # fmt: skip
        print(f"  naive pandas.read_excel     {naive:8.1f} s{scaled}   "
              f"rollup is {naive / seconds:5.1f}x faster")  # fmt: skip
        print(f"  per return: rollup {seconds / len(files) * 1000:.2f} ms, "
              f"naive {naive / len(files) * 1000:.1f} ms; rollup CPU {cpu:.1f} s in all "
              f"processes ({cpu / len(files) * 1000:.2f} ms a return)")  # fmt: skip
        print(f"  machine speed probe (the same work; a higher figure is a slower machine):\n"
              f"    at the start {probe_before}\n    at the end   {probe_after}")  # fmt: skip
        print(done.stdout.decode().splitlines()[0])
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
