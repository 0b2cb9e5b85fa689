"""``ita-xl``: argument parsing and printing only; the work is done by the library.

Exit status: 0 done, 1 problems found (validate), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ita_xl import spec, thai
from ita_xl._errors import BilingualError
from ita_xl._io import display_path
from ita_xl._version import __version__

if TYPE_CHECKING:
    from ita_xl.validation import Report

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # as shells report Ctrl-C


class UsageError(BilingualError):
    """A problem with what the user asked for; printed in Thai and English, exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita-xl",
        description="แบบรายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA O42/O43) ใน Excel — "
        "standard workbook, checks and roll-up for the Thai ITA measures report",
    )
    parser.add_argument("--version", action="version", version=f"ita-xl {__version__}")
    parser.add_argument("--lang", choices=("th", "en"), default="th",
                        help="ภาษาของข้อความ / language of messages (default th)")  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="สร้างแบบรายงาน / write the return workbook")
    new.add_argument("output", type=Path, metavar="OUTPUT", help="ไฟล์ .xlsx ที่จะสร้าง")
    new.add_argument("--org", help="ชื่อหน่วยงาน / organisation name")
    new.add_argument("--org-type", help="ประเภทหน่วยงาน เช่น องค์การบริหารส่วนตำบล")
    new.add_argument("--province", help="จังหวัด / province")
    new.add_argument("--year", help="ปีงบประมาณ พ.ศ. เช่น 2566 หรือ ๒๕๖๖ / fiscal year (B.E.)")
    new.add_argument("--round", help="รอบการรายงาน 3, 6, 9 หรือ 12 (เดือน)")
    new.add_argument("--units", type=Path, help="ไฟล์รายชื่อหน่วยงานผู้รับผิดชอบ (บรรทัดละหนึ่ง หรือ CSV)")
    new.add_argument("--framework", help="กรอบการประเมิน: รหัส/ปี (เช่น 2566) หรือไฟล์ JSON")
    new.add_argument("--macro", action="store_true", help="แบบรายงานที่มีปุ่มตรวจสอบข้อมูล (.xlsm)")
    new.add_argument("--force", action="store_true", help="เขียนทับไฟล์ที่มีอยู่แล้ว")

    validate = commands.add_parser("validate", help="ตรวจสอบแบบรายงาน / check filled returns")
    validate.add_argument("files", type=Path, nargs="+", metavar="FILE",
                          help="ไฟล์หรือโฟลเดอร์ที่จะตรวจ (หลายไฟล์ได้ รูปแบบเช่น *.xlsx ได้)")  # fmt: skip
    validate.add_argument("--jobs", type=int, help="จำนวนโปรเซสที่อ่านพร้อมกัน (ค่าเริ่มต้น: จำนวนคอร์)")
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help="รูปแบบผล: text (ค่าเริ่มต้น) หรือ json")  # fmt: skip
    validate.add_argument("--annotate", type=Path, metavar="OUT",
                          help="เขียนสำเนาที่ระบายสีเซลล์ที่มีปัญหา (ไฟล์ หรือโฟลเดอร์เมื่อหลายไฟล์)")  # fmt: skip
    validate.add_argument("--units", type=Path,
                          help="ไฟล์รายชื่อหน่วยงานผู้รับผิดชอบ (บรรทัดละหนึ่ง หรือ CSV)")  # fmt: skip

    rollup = commands.add_parser("rollup", help="รวมแบบรายงาน / roll up many returns")
    rollup.add_argument("inputs", type=Path, nargs="+", metavar="INPUT",
                        help="ไฟล์หรือโฟลเดอร์ของแบบรายงาน (ค้นหาในโฟลเดอร์ย่อยด้วย)")  # fmt: skip
    rollup.add_argument("-o", "--output", type=Path, required=True, metavar="OUTPUT.xlsx",
                        help="ไฟล์สรุปผลประจำปีที่จะสร้าง")  # fmt: skip
    rollup.add_argument("--roster", type=Path, help="ทะเบียนรายชื่อหน่วยงานที่ต้องส่ง (CSV หรือ .xlsx)")
    rollup.add_argument("--year", help="ปีงบประมาณ พ.ศ. ของการสรุป (ค่าเริ่มต้น: ปีของรายงานส่วนใหญ่)")
    rollup.add_argument("--jobs", type=int, help="จำนวนโปรเซสที่อ่านพร้อมกัน (ค่าเริ่มต้น: จำนวนคอร์)")
    rollup.add_argument("--units", type=Path, help="ไฟล์รายชื่อหน่วยงานผู้รับผิดชอบ")
    rollup.add_argument("--format", choices=("text", "json"), default="text",
                        help="รูปแบบผล: text (ค่าเริ่มต้น) หรือ json")  # fmt: skip
    rollup.add_argument("--no-progress", action="store_true", help="ไม่แสดงแถบความคืบหน้า")

    report = commands.add_parser("report", help="รายงานประจำปี Word/PDF / the annual report")
    report.add_argument("inputs", type=Path, nargs="+", metavar="INPUT",
                        help="แบบรายงานหนึ่งไฟล์ หรือหลายไฟล์ของส่วนงานในหน่วยงานเดียวกัน")  # fmt: skip
    report.add_argument("-o", "--output", type=Path, required=True, metavar="OUTPUT.docx")
    report.add_argument("--pdf", action="store_true", help="สร้าง PDF ด้วย LibreOffice ด้วย")
    report.add_argument("--force", action="store_true",
                        help="จัดทำรายงานแม้แบบรายงานมีข้อผิดพลาด")  # fmt: skip
    report.add_argument("--arabic-digits", action="store_true",
                        help="ใช้เลขอารบิกแทนเลขไทย / Arabic digits instead of Thai")  # fmt: skip

    commands.add_parser("frameworks", help="กรอบการประเมินที่มี / list the ITA frameworks")
    return parser


def _say(args: argparse.Namespace, th: str, en: str) -> str:
    return en if args.lang == "en" else th


def _check_choice(value: str | None, choices: Sequence[str], label: str) -> str | None:
    if value is None:
        return None
    cleaned = thai.clean_spaces(value).removeprefix("จังหวัด").strip()
    if cleaned not in choices:
        sample = ", ".join(choices[:5])
        raise UsageError(f"{label} '{value}' ไม่อยู่ในรายการ (เช่น {sample}, …)",
                         f"{label} '{value}' is not in the list (e.g. {sample}, …)")  # fmt: skip
    return cleaned


def _fiscal_year(value: str | None) -> int | None:
    if value is None:
        return None
    year = thai.parse_int(value)
    if year is not None and thai.is_christian_era_year(year):
        raise UsageError(
            f"--year {value} เป็นปี ค.ศ. ให้ใช้ปี พ.ศ. เช่น {thai.ce_to_be(year)}",
            f"--year {value} is a Christian-era year; use the Buddhist era, "
            f"e.g. {thai.ce_to_be(year)}",
        )
    if year is None or not 2560 <= year <= 2600:
        raise UsageError(f"--year {value} ต้องเป็นปี พ.ศ. ระหว่าง ๒๕๖๐–๒๖๐๐",
                         f"--year {value} must be a B.E. year between 2560 and 2600")  # fmt: skip
    return year


def _units(path: Path | None) -> tuple[str, ...]:
    from ita_xl.units import read_units

    if path is None:
        return ()
    try:
        units = read_units(path)
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"อ่านไฟล์ --units {path} ไม่ได้ ({error})",
                         f"cannot read --units {path} ({error})") from None  # fmt: skip
    if not units:
        raise UsageError(f"ไฟล์ --units {path} ไม่มีชื่อหน่วยงาน", f"--units {path} lists no unit")
    return units


def _command_new(args: argparse.Namespace) -> int:
    from ita_xl.frameworks import load_framework
    from ita_xl.template import filling_from_options, write_return_workbook

    output: Path = args.output
    suffix = output.suffix.lower()
    if args.macro and suffix == ".xlsx":
        raise UsageError(f"แบบรายงานที่มีปุ่มตรวจสอบข้อมูลต้องเป็นไฟล์ .xlsm ({output})",
                         f"the macro-enabled return must be named .xlsm ({output})")  # fmt: skip
    if args.macro and suffix != ".xlsm":
        output = output.with_name(output.name + ".xlsm")
    elif suffix not in (".xlsx", ".xlsm"):
        raise UsageError(f"ชื่อไฟล์ต้องลงท้ายด้วย .xlsx หรือ .xlsm ({output})",
                         f"the output name must end in .xlsx or .xlsm ({output})")  # fmt: skip
    year = _fiscal_year(args.year)
    months = thai.parse_round(args.round) if args.round is not None else None
    if args.round is not None and months is None:
        raise UsageError(f"--round {args.round} ต้องเป็น ๓, ๖, ๙ หรือ ๑๒",
                         f"--round {args.round} must be 3, 6, 9 or 12")  # fmt: skip
    units = _units(args.units)
    framework = load_framework(args.framework, year=year)
    if output.exists() and not args.force:
        raise UsageError(f"มีไฟล์ {display_path(output)} อยู่แล้ว จะไม่เขียนทับ (อาจเป็นแบบรายงานที่กรอกแล้ว) "
                         "ให้ใช้ชื่ออื่น หรือเพิ่ม --force ถ้าต้องการเขียนทับจริง",
                         f"{display_path(output)} already exists and is not overwritten (it may be "
                         "a filled return); choose another name, or add --force")  # fmt: skip
    options = {
        "org_name": thai.clean_spaces(args.org) if args.org else None,
        "org_type": _check_choice(args.org_type, spec.ORG_TYPES, "--org-type"),
        "province": _check_choice(args.province, spec.PROVINCES, "--province"),
        "fiscal_year": year,
        "round": months,
    }
    try:
        write_return_workbook(output, framework, filling_from_options(options, units))
    except OSError as error:
        raise UsageError(f"เขียนไฟล์ {output} ไม่ได้ ({error.strerror})",
                         f"cannot write {output} ({error.strerror})") from None  # fmt: skip
    print(_say(args, f"สร้างแบบรายงาน {output} แล้ว (กรอบการประเมิน {framework.id})",
               f"wrote {output} (framework {framework.id})"))  # fmt: skip
    return EXIT_OK


def _command_frameworks(args: argparse.Namespace) -> int:
    from ita_xl.frameworks import STATUS_TH, available_frameworks

    for framework in available_frameworks():
        status = framework.status if args.lang == "en" else STATUS_TH[framework.status]
        print(f"{framework.id}\t{framework.fiscal_year}\t{len(framework.indicators)} "
              f"{_say(args, 'ตัวชี้วัด', 'indicators')}\t{status}")  # fmt: skip
    return EXIT_OK


def _annotate_targets(files: list[Path], out: Path | None) -> dict[Path, Path]:
    """Where each input's marked copy goes: the file ``out``, or ``out/<name>`` for several."""
    if out is None:
        return {}
    if len(files) == 1 and out.suffix.lower() in (".xlsx", ".xlsm") and not out.is_dir():
        if out.suffix.lower() != files[0].suffix.lower():
            raise UsageError(f"--annotate {out} ต้องมีนามสกุลเดียวกับไฟล์ที่ตรวจ ({files[0].suffix})",
                             f"--annotate {out} must have the input's suffix "
                             f"({files[0].suffix})")  # fmt: skip
        targets = {files[0]: out}
    else:
        if (out.exists() and not out.is_dir()) or (
            len(files) > 1 and out.suffix.lower() in (".xlsx", ".xlsm") and not out.is_dir()
        ):
            raise UsageError(f"--annotate {out} ต้องเป็นโฟลเดอร์เมื่อตรวจหลายไฟล์ ({len(files)} ไฟล์)",
                             f"--annotate {out} must be a folder for several files "
                             f"({len(files)} files)")  # fmt: skip
        targets = {}
        for file in files:
            target = out / file.name
            if target in targets.values():
                target = out / f"{file.parent.name}_{file.name}"
            targets[file] = target
    for source, target in targets.items():
        if source.resolve() == target.resolve():
            raise UsageError(f"--annotate จะเขียนทับไฟล์ต้นฉบับ {source} ไม่ได้",
                             f"--annotate must not overwrite the input {source}")  # fmt: skip
    return targets


def _expand(given: Sequence[Path]) -> list[Path]:
    """Files as given, folders searched as rollup searches them, and patterns such as
    ``*.xlsx`` expanded here (Windows' shell does not). A name that matches nothing is kept:
    it becomes a finding that says it was not found."""
    import glob

    from ita_xl.collect import collect

    files: list[Path] = []
    for path in given:
        text = str(path)
        if path.is_dir():
            files.extend(collect([path]).files)
        elif not path.exists() and any(ch in text for ch in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            files.extend(Path(m) for m in matches) if matches else files.append(path)
        else:
            files.append(path)
    unique: dict[str, Path] = {}
    for file in files:
        unique.setdefault(str(file), file)
    return list(unique.values())


def _command_validate(args: argparse.Namespace) -> int:
    from ita_xl.findings import SEVERITY_EN, SEVERITY_TH
    from ita_xl.rollup import default_jobs
    from ita_xl.validation import validate_isolated

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs ต้องเป็นจำนวนเต็มบวก", "--jobs must be a positive number")
    units = _units(args.units)
    files = _expand(args.files)
    targets = _annotate_targets(files, args.annotate)
    reports = validate_isolated(files, units=units, jobs=args.jobs or default_jobs())
    for file, report in zip(files, reports, strict=True):
        target = targets.get(file)
        if target is not None:
            _annotate_one(args, report, target)
    summary = {
        "files": len(reports),
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
        "infos": sum(r.infos for r in reports),
    }
    if args.format == "json":
        document = {"files": [r.to_dict() for r in reports], "summary": summary}
        _print_json(args, document)
    else:
        en = args.lang == "en"
        severity_names = SEVERITY_EN if en else SEVERITY_TH
        for report in reports:
            print(display_path(_report_heading(args, report)))
            for f in report.findings:
                where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "-")
                print(f"  {severity_names[f.severity]}\t{f.code}\t{where}\t{f.message(args.lang)}")
            print()
        passed = sum(1 for r in reports if r.passed)
        print(_say(args,
                   f"ตรวจ {summary['files']} ไฟล์: ผ่าน {passed} ไม่ผ่าน {summary['files'] - passed} "
                   f"(ข้อผิดพลาด {summary['errors']} คำเตือน {summary['warnings']} "
                   f"ข้อสังเกต {summary['infos']})",
                   f"checked {summary['files']} file(s): {passed} passed, "
                   f"{summary['files'] - passed} failed ({summary['errors']} errors, "
                   f"{summary['warnings']} warnings, {summary['infos']} infos)"))  # fmt: skip
    return EXIT_FINDINGS if summary["errors"] else EXIT_OK


def _report_heading(args: argparse.Namespace, report: Report) -> str:
    status = {
        "ok": ("ผ่าน", "passed"),
        "warning": ("ผ่าน มีคำเตือน", "passed with warnings"),
        "error": ("ไม่ผ่าน มีข้อผิดพลาด", "failed"),
    }[report.status]
    about = []
    if report.organisation:
        about.append(report.organisation + (f" ({report.division})" if report.division else ""))
    if report.fiscal_year:
        about.append(_say(args, f"ปีงบประมาณ {report.fiscal_year}", f"FY {report.fiscal_year}"))
    return f"{report.path}: {_say(args, *status)}" + (f" — {' · '.join(about)}" if about else "")


def _annotate_one(args: argparse.Namespace, report: Report, target: Path) -> None:
    from ita_xl.annotate import AnnotateRefused, annotate

    if not report.readable:
        print(_say(args, f"ไม่ได้เขียนสำเนา {target}: อ่านไฟล์ {report.path} ไม่ได้",
                   f"no marked copy {target}: {report.path} could not be read"),
              file=sys.stderr)  # fmt: skip
        return
    try:
        annotate(report.path, target, report.findings)
    except AnnotateRefused as error:
        print(_say(args, f"ไม่ได้เขียนสำเนา {display_path(target)}: {error.message_th}",
                   f"no marked copy {display_path(target)}: {error.message_en}"),
              file=sys.stderr)  # fmt: skip
        return
    except OSError as error:
        raise UsageError(f"เขียนไฟล์ {target} ไม่ได้ ({error.strerror})",
                         f"cannot write {target} ({error.strerror})") from None  # fmt: skip
    except Exception as error:
        print(_say(args, f"ไม่ได้เขียนสำเนา {target}: openpyxl เปิดไฟล์นี้ไม่ได้ ({error})",
                   f"no marked copy {target}: openpyxl cannot open this file ({error})"),
              file=sys.stderr)  # fmt: skip


def _command_rollup(args: argparse.Namespace) -> int:
    from ita_xl.rollup import STATUS_EN, ProgressBar, rollup
    from ita_xl.roster import RosterError, read_roster

    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"ชื่อไฟล์สรุปต้องลงท้ายด้วย .xlsx ({output})",
                         f"the summary's name must end in .xlsx ({output})")  # fmt: skip
    if output.is_dir():
        raise UsageError(f"{output} เป็นโฟลเดอร์ ให้ระบุชื่อไฟล์ .xlsx",
                         f"{output} is a folder; give an .xlsx file name")  # fmt: skip
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs ต้องเป็นจำนวนเต็มบวก", "--jobs must be a positive number")
    _refuse_foreign(output, "summary")
    year = _fiscal_year(args.year)
    units = _units(args.units)
    roster = None
    if args.roster is not None:
        try:
            roster = read_roster(args.roster)
        except RosterError as error:
            raise UsageError(error.message_th, error.message_en) from None
    missing = [p for p in args.inputs if not p.exists()]
    if missing:
        raise UsageError(f"ไม่พบ {', '.join(map(str, missing))}",
                         f"not found: {', '.join(map(str, missing))}")  # fmt: skip
    inputs = [p for p in args.inputs if p.resolve() != output.resolve()]
    progress = None if args.no_progress or args.format == "json" else ProgressBar()
    result = rollup(inputs, roster=roster, year=year, units=units, jobs=args.jobs,
                    progress=progress)  # fmt: skip
    try:
        result.to_excel(output)
    except OSError as error:
        raise UsageError(f"เขียนไฟล์ {output} ไม่ได้ ({error.strerror})",
                         f"cannot write {output} ({error.strerror})") from None  # fmt: skip
    if args.format == "json":
        _print_json(args, result.to_json())
        return EXIT_OK
    s = result.summary
    year_text = result.fiscal_year or "-"
    print(_say(args,
               f"สรุปปีงบประมาณ {year_text}: ต้องส่ง {s['expected']} ได้รับ {s['received']} "
               f"ผ่าน {s['passed']} มีข้อผิดพลาด {s['with_errors']} อ่านไม่ได้ {s['unreadable']} "
               f"ไม่ได้ส่ง {s['missing']} ฉบับเก่า {s['superseded']} · มาตรการ {s['measures']} "
               f"ผลการติดตาม {s['followups']}",
               f"fiscal year {year_text}: expected {s['expected']}, received {s['received']}, "
               f"passed {s['passed']}, with errors {s['with_errors']}, unreadable "
               f"{s['unreadable']}, missing {s['missing']}, superseded {s['superseded']} · "
               f"{s['measures']} measures, {s['followups']} follow-ups"))  # fmt: skip
    skipped = result.collected.lock_files + result.collected.other_files
    if skipped:
        print(_say(args, f"ข้ามไฟล์ {skipped} ไฟล์ (ไฟล์ล็อก ~$ {result.collected.lock_files}, "
                         f"ไฟล์อื่น {result.collected.other_files})",
                   f"skipped {skipped} file(s) ({result.collected.lock_files} lock files, "
                   f"{result.collected.other_files} others)"))  # fmt: skip
    for entry in result.register_entries:
        if entry.status not in ("ผ่าน", "มีคำเตือน"):
            name = entry.org_name + (f" ({entry.division})" if entry.division else "")
            status = STATUS_EN[entry.status] if args.lang == "en" else entry.status
            print(f"  {status}\t{name or '-'}\t{entry.file or ''}")
    print(_say(args, f"เขียนสรุปไว้ที่ {output}", f"wrote {output}"))
    return EXIT_OK


def _refuse_foreign(output: Path, kind: str) -> None:
    """``-o`` replaces only an output of its own kind, never a return or a user's file."""
    from ita_xl._io import made_by_us

    if output.exists() and (not output.is_file() or not made_by_us(output, kind)):
        what = ("สรุปผลที่ ita-xl สร้าง", "a summary made by ita-xl") if kind == "summary" else (
            "รายงานที่ ita-xl สร้าง", "a report made by ita-xl")  # fmt: skip
        raise UsageError(f"มีไฟล์ {display_path(output)} อยู่แล้วและไม่ใช่{what[0]} จึงไม่เขียนทับ "
                         "(อาจเป็นแบบรายงานหรือเอกสารของผู้ใช้) ให้ระบุชื่อไฟล์อื่น",
                         f"{display_path(output)} exists and is not {what[1]}, so it is not "
                         "overwritten (it may be a return or a user's document); give another "
                         "name")  # fmt: skip


def _print_json(args: argparse.Namespace, document: object) -> None:
    """The JSON, on the stdout that was reserved for it (``main`` sends everything else that
    anything prints, a library included, to stderr)."""
    import json

    out = getattr(args, "json_stdout", None) or sys.stdout
    out.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
    out.flush()


def _command_report(args: argparse.Namespace) -> int:
    from ita_xl.report import ReportError, write_report

    output: Path = args.output
    if output.suffix.lower() != ".docx":
        raise UsageError(f"ชื่อไฟล์รายงานต้องลงท้ายด้วย .docx ({output})",
                         f"the report's name must end in .docx ({output})")  # fmt: skip
    missing = [p for p in args.inputs if not p.is_file()]
    if missing:
        raise UsageError(f"ไม่พบไฟล์ {', '.join(map(str, missing))}",
                         f"no such file: {', '.join(map(str, missing))}")  # fmt: skip
    _refuse_foreign(output, "report")
    try:
        docx_path, pdf_path, warnings = write_report(
            args.inputs, output, pdf=args.pdf, force=args.force,
            thai_numbers=not args.arabic_digits,
        )  # fmt: skip
    except ReportError as error:
        for path, f in error.findings:
            where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else "-"
            print(f"{path}\t{f.code}\t{where}\t{f.message(args.lang)}", file=sys.stderr)
        print(error.message_en if args.lang == "en" else error.message_th, file=sys.stderr)
        return EXIT_FINDINGS if error.findings else EXIT_USAGE
    except OSError as error:
        raise UsageError(f"เขียนไฟล์ {output} ไม่ได้ ({error.strerror})",
                         f"cannot write {output} ({error.strerror})") from None  # fmt: skip
    for path, f in warnings:
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else "-"
        print(f"{_say(args, 'คำเตือน', 'warning')}\t{path}\t{f.code}\t{where}\t"
              f"{f.message(args.lang)}", file=sys.stderr)  # fmt: skip
    print(_say(args, f"เขียนรายงานไว้ที่ {docx_path}", f"wrote {docx_path}"))
    if pdf_path:
        print(_say(args, f"และ {pdf_path}", f"and {pdf_path}"))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    from ita_xl.frameworks import FrameworkError

    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {
        "new": _command_new,
        "validate": _command_validate,
        "rollup": _command_rollup,
        "report": _command_report,
        "frameworks": _command_frameworks,
    }
    args.json_stdout = None
    try:
        if getattr(args, "format", None) == "json":
            # stdout holds the JSON and nothing else: whatever else prints (openpyxl warns on
            # stdout for some files) goes to stderr until the JSON is written
            args.json_stdout = sys.stdout
            with contextlib.redirect_stdout(sys.stderr):
                return handlers[args.command](args)
        return handlers[args.command](args)
    except (UsageError, FrameworkError) as error:
        print(error.message_en if args.lang == "en" else error.message_th, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        stopped = _say(
            args,
            "\nหยุดตามคำสั่ง (Ctrl-C) ไม่ได้เขียนไฟล์ผลใด ๆ ที่ยังไม่เสร็จ",
            "\nstopped (Ctrl-C); no unfinished output was written",
        )
        print(stopped, file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()  # the reader of our output has gone (``validate | head``): end quietly
        return EXIT_OK


def _quiet_stdout() -> None:
    """Point stdout at the null device, so Python's own flush at exit does not complain."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
