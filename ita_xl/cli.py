"""``ita-xl``: argument parsing and printing only; the work is done by the library.

Exit status: 0 done, 1 problems found (validate), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ita_xl import spec, thai
from ita_xl._version import __version__

EXIT_OK = 0
EXIT_USAGE = 2


class UsageError(Exception):
    """A problem with what the user asked for; printed in Thai and English, exit 2."""

    def __init__(self, message_th: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_th = message_th
        self.message_en = message_en


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


def _command_new(args: argparse.Namespace) -> int:
    from ita_xl.frameworks import load_framework
    from ita_xl.template import filling_from_options, write_return_workbook
    from ita_xl.units import read_units

    output: Path = args.output
    if args.macro or output.suffix.lower() == ".xlsm":
        raise UsageError(
            "แบบรายงานที่มีปุ่มตรวจสอบข้อมูล (.xlsm) ยังไม่มีในรุ่นนี้ ให้สร้างเป็น .xlsx",
            "the macro-enabled template (.xlsm) is not in this release yet; write an .xlsx",
        )
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"ชื่อไฟล์ต้องลงท้ายด้วย .xlsx ({output})",
                         f"the output name must end in .xlsx ({output})")  # fmt: skip
    year = _fiscal_year(args.year)
    months = thai.parse_round(args.round) if args.round is not None else None
    if args.round is not None and months is None:
        raise UsageError(f"--round {args.round} ต้องเป็น ๓, ๖, ๙ หรือ ๑๒",
                         f"--round {args.round} must be 3, 6, 9 or 12")  # fmt: skip
    units: tuple[str, ...] = ()
    if args.units is not None:
        try:
            units = read_units(args.units)
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"อ่านไฟล์ --units {args.units} ไม่ได้ ({error})",
                             f"cannot read --units {args.units} ({error})") from None  # fmt: skip
        if not units:
            raise UsageError(f"ไฟล์ --units {args.units} ไม่มีชื่อหน่วยงาน",
                             f"--units {args.units} lists no unit")  # fmt: skip
    framework = load_framework(args.framework, year=year)
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


def main(argv: Sequence[str] | None = None) -> int:
    from ita_xl.frameworks import FrameworkError

    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {"new": _command_new, "frameworks": _command_frameworks}
    try:
        return handlers[args.command](args)
    except (UsageError, FrameworkError) as error:
        print(error.message_en if args.lang == "en" else error.message_th, file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
