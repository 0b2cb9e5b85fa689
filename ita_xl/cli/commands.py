"""``ita-xl``: argument parsing and printing only; the work is done by the library.

Exit status: 0 done, 1 problems found (validate), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ita_xl import options, thai
from ita_xl._errors import BilingualError, OptionError
from ita_xl._io import atomic_output, cannot_write, display_path
from ita_xl._memory import collect_rarely, collector_paused, set_aside_what_exists

if TYPE_CHECKING:
    from ita_xl.consolidation.rollup import Consolidation
    from ita_xl.reading.collect import Collected
from ita_xl._version import __version__
from ita_xl.cli.words import help_text, message

if TYPE_CHECKING:
    from ita_xl.checking.findings import Finding
    from ita_xl.checking.validation import Batch, Report

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # as shells report Ctrl-C


class UsageError(BilingualError):
    """A problem with what the user asked for; printed in Thai and English, exit 2."""


_HELP_WORDS_TH = (
    (re.compile(r"^usage: ", re.M), "วิธีใช้: "),
    (re.compile(r"^options:$", re.M), "ตัวเลือก:"),
    (re.compile(r"^positional arguments:$", re.M), "ค่าที่ต้องระบุ:"),
    (re.compile(r"show this help message and exit"), "แสดงวิธีใช้นี้แล้วจบ"),
)
_ERROR_WORDS_TH = (
    (re.compile(r"the following arguments are required: (.*)"), r"ต้องระบุ: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"ไม่รู้จัก: \1"),
    (re.compile(r"argument (.+?): invalid choice: (.*) \(choose from (.*)\)"),
     r"\1: ค่า \2 ใช้ไม่ได้ (เลือกจาก \3)"),
    (re.compile(r"argument (.+?): invalid \S+ value: (.*)"), r"\1: ค่า \2 ไม่ถูกต้อง"),
    (re.compile(r"argument (.+?): expected one argument"), r"\1: ต้องมีค่าหนึ่งค่า"),
    (re.compile(r"argument (.+?): expected at least one argument"), r"\1: ต้องมีอย่างน้อยหนึ่งค่า"),
    (re.compile(r"argument (.+?): expected (\d+) arguments?"), r"\1: ต้องมี \2 ค่า"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"), r"ตัวเลือก \1 กำกวม อาจเป็น \2"),
    (re.compile(r"argument (.+?): (.*)"), r"\1: \2"),
)  # fmt: skip
"""argparse's own words in Thai. argparse asks gettext for them, which has no Thai; these are
applied to what its public methods return (``format_help``, ``error``), so ``ita-xl --help`` is
Thai throughout and ``--lang en --help`` English throughout."""


class _ThaiHelpFormatter(argparse.HelpFormatter):
    """Help lines broken only at spaces: Thai writes a phrase without any, and a line cut at a
    width inside one can part a vowel from its consonant (``อ่`` | ``าน``). A phrase longer than
    the line runs on."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_long_words=False,
                             break_on_hyphens=False)  # fmt: skip

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return textwrap.fill(" ".join(text.split()), width, initial_indent=indent,
                             subsequent_indent=indent, break_long_words=False,
                             break_on_hyphens=False)  # fmt: skip


class _ThaiParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Thai (subparsers are made of this class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ThaiHelpFormatter)
        super().__init__(*args, **kwargs)

    def format_usage(self) -> str:
        return _in_thai(super().format_usage(), _HELP_WORDS_TH)

    def format_help(self) -> str:
        return _in_thai(super().format_help(), _HELP_WORDS_TH)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: ผิดพลาด: {_in_thai(message, _ERROR_WORDS_TH, once=True)}\n")


def _in_thai(text: str, words: tuple[tuple[re.Pattern[str], str], ...], once: bool = False) -> str:
    for pattern, thai_words in words:
        text, count = pattern.subn(thai_words, text)
        if once and count:
            break
    return text


def _lang_of(argv: Sequence[str]) -> str:
    """``--lang`` read before parsing, so that the help and the errors of parsing are in it."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return "en" if argv[index + 1] == "en" else "th"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "th"
    return "th"


def _parser(lang: str = "th") -> argparse.ArgumentParser:
    def h(key: str) -> str:
        return help_text(key, lang)

    parser = (argparse.ArgumentParser if lang == "en" else _ThaiParser)(
        prog="ita-xl",
        description=h("ita-xl.description"),
    )
    parser.add_argument(
        "--version", action="version", version=f"ita-xl {__version__}", help=h("version")
    )
    parser.add_argument("--lang", choices=("th", "en"), default="th", help=h("lang"))
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", title=h("commands.title")
    )
    units_help = h("units")
    jobs_help = h("jobs")
    format_help = h("format")

    new = commands.add_parser("new", help=h("new"), description=h("new.description"))
    new.add_argument(
        "output",
        type=Path,
        metavar="OUTPUT",
        help=h("new.output"),
    )
    new.add_argument("--org", help=h("new.org"))
    new.add_argument(
        "--org-type",
        help=h("new.org-type"),
    )
    new.add_argument("--province", help=h("new.province"))
    new.add_argument("--year", help=h("new.year"))
    new.add_argument("--round", help=h("new.round"))
    new.add_argument("--units", type=Path, help=units_help)
    new.add_argument("--framework", help=h("new.framework"))
    new.add_argument("--macro", action="store_true", help=h("new.macro"))
    new.add_argument("--force", action="store_true", help=h("new.force"))
    new.add_argument(
        "--from", dest="source", type=Path, metavar="LAST_YEAR.xlsx", help=h("new.from")
    )
    new.add_argument(
        "--carry-measures",
        action="store_true",
        help=h("new.carry-measures"),
    )

    validate = commands.add_parser(
        "validate",
        help=h("validate"),
        description=h("validate.description"),
    )
    validate.add_argument("files", type=Path, nargs="+", metavar="FILE", help=h("validate.files"))
    validate.add_argument("--jobs", type=int, help=jobs_help)
    validate.add_argument("--format", choices=("text", "json"), default="text", help=format_help)
    validate.add_argument("--annotate", type=Path, metavar="OUT", help=h("validate.annotate"))
    validate.add_argument("--units", type=Path, help=units_help)

    rollup = commands.add_parser(
        "rollup",
        help=h("rollup"),
        description=h("rollup.description"),
    )
    rollup.add_argument("inputs", type=Path, nargs="+", metavar="INPUT", help=h("rollup.inputs"))
    rollup.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUTPUT.xlsx",
        help=h("rollup.o"),
    )
    rollup.add_argument("--roster", type=Path, help=h("rollup.roster"))
    rollup.add_argument("--year", help=h("rollup.year"))
    rollup.add_argument("--jobs", type=int, help=jobs_help)
    rollup.add_argument("--units", type=Path, help=units_help)
    rollup.add_argument("--format", choices=("text", "json"), default="text", help=format_help)
    rollup.add_argument("--no-progress", action="store_true", help=h("rollup.no-progress"))
    rollup.add_argument(
        "--previous", type=Path, nargs="+", metavar="FOLDER", help=h("rollup.previous")
    )
    kept = rollup.add_mutually_exclusive_group()
    kept.add_argument("--store", type=Path, metavar="PATH", help=h("rollup.store"))
    kept.add_argument(
        "--no-store",
        action="store_true",
        help=h("rollup.no-store"),
    )
    rollup.add_argument("--rebuild-store", action="store_true", help=h("rollup.rebuild-store"))

    upgrade = commands.add_parser(
        "upgrade",
        help=h("upgrade"),
        description=h("upgrade.description"),
    )
    upgrade.add_argument(
        "old",
        type=Path,
        metavar="OLD.xlsx",
        help=h("upgrade.old"),
    )
    upgrade.add_argument(
        "-o", "--output", type=Path, required=True, metavar="NEW.xlsx", help=h("upgrade.o")
    )

    feedback = commands.add_parser(
        "feedback",
        help=h("feedback"),
        description=h("feedback.description"),
    )
    feedback.add_argument(
        "summary",
        type=Path,
        metavar="SUMMARY.xlsx",
        help=h("feedback.summary"),
    )
    feedback.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FOLDER", help=h("feedback.o")
    )

    report = commands.add_parser(
        "report",
        help=h("report"),
        description=h("report.description"),
    )
    report.add_argument(
        "inputs",
        type=Path,
        nargs="+",
        metavar="INPUT",
        help=h("report.inputs"),
    )
    report.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUTPUT.docx", help=h("report.o")
    )
    report.add_argument(
        "--pdf",
        action="store_true",
        help=h("report.pdf"),
    )
    report.add_argument(
        "--force",
        action="store_true",
        help=h("report.force"),
    )
    report.add_argument("--arabic-digits", action="store_true", help=h("report.arabic-digits"))

    kit = commands.add_parser(
        "kit",
        help=h("kit"),
        description=h("kit.description"),
    )
    kit.add_argument("folder", type=Path, metavar="OUTDIR", help=h("kit.folder"))
    kit.add_argument("--python", nargs="+", metavar="X.Y", help=h("kit.python"))

    frameworks = commands.add_parser(
        "frameworks",
        help=h("frameworks"),
        description=h("frameworks.description"),
    )
    frameworks.add_argument(
        "--export", nargs=2, metavar=("YEAR", "FILE.json"), help=h("frameworks.export")
    )
    frameworks.add_argument("--force", action="store_true", help=h("frameworks.force"))
    for command in commands.choices.values():  # --lang also after the command's name
        command.add_argument(
            "--lang", choices=("th", "en"), default=argparse.SUPPRESS, help=h("any.lang")
        )
    return parser


def _say(args: argparse.Namespace, th: str, en: str) -> str:
    return en if args.lang == "en" else th


def _said(args: argparse.Namespace, key: str, **fields: object) -> str:
    """The catalogue's message ``key`` (``cli/words.py``) in the language asked for."""
    return _say(args, *message(key, **fields))


def _units(path: Path | None) -> tuple[str, ...]:
    from ita_xl.workbook.units import read_units

    if path is None:
        return ()
    try:
        units = read_units(path)
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(*message("units.unreadable", path=path, error=error)) from None
    if not units:
        raise UsageError(*message("units.empty", path=path))
    return units


def _command_new(args: argparse.Namespace) -> int:
    from ita_xl.workbook.new import NewRequest, plan_new_return

    request = NewRequest(
        output=args.output, macro=args.macro, year=args.year, round=args.round,
        framework=args.framework, source=args.source, carry_measures=args.carry_measures,
        org=args.org, org_type=args.org_type, province=args.province,
        units=_units(args.units), force=args.force,
    )  # fmt: skip
    plan = plan_new_return(request)
    for th, en in plan.warnings:
        print(_say(args, th, en), file=sys.stderr)
    if args.source is not None:
        _tell_source_problems(args, plan.source_problems)
    for th, en in plan.notes:
        print(_said(args, "new.note", th=th, en=en), file=sys.stderr)
    try:
        output = plan.write()
    except OSError as error:
        raise UsageError(*cannot_write(plan.output, error)) from None
    shown = thai.to_thai_digits(str(plan.fiscal_year))
    print(
        _said(
            args,
            "new.wrote",
            output=output,
            shown=shown,
            id=plan.framework.id,
            fiscal_year=plan.fiscal_year,
        )
    )
    return EXIT_OK


SHOWN_SOURCE_PROBLEMS = 5
"""``new --from``: the worst few of last year's problems, the rest by ``validate``."""


def _tell_source_problems(args: argparse.Namespace, problems: Sequence[Finding]) -> None:
    """Last year's return's problems: how many, and the worst few (worst first)."""
    if not problems:
        return
    errors = sum(1 for f in problems if f.severity.value == "error")
    source = display_path(args.source)
    shown = (thai.to_thai_digits(str(len(problems))), thai.to_thai_digits(str(errors)))
    print(
        _said(
            args,
            "new.source-problems",
            source=source,
            shown_0=shown[0],
            shown_1=shown[1],
            problems_count=len(problems),
            errors=errors,
        ),
        file=sys.stderr,
    )
    for f in problems[:SHOWN_SOURCE_PROBLEMS]:
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "-")
        print(f"  {f.code}\t{where}\t{f.message(args.lang)}", file=sys.stderr)
    if len(problems) > SHOWN_SOURCE_PROBLEMS:
        print(
            _said(args, "new.source-problems-more", source=source),
            file=sys.stderr,
        )


def _command_frameworks(args: argparse.Namespace) -> int:
    from ita_xl.frameworks import STATUS_TH, available_frameworks, load_framework

    if args.export:
        year, target = args.export
        framework = load_framework(year)
        path = Path(target)
        if path.exists() and not args.force:
            raise UsageError(
                *message("frameworks.export-exists", path=display_path(path)),
            )
        _write_json(path, framework.raw)
        print(_said(args, "frameworks.exported", id=framework.id, path=path))
        return EXIT_OK

    def status(value: str) -> str:
        return value if args.lang == "en" else STATUS_TH[value]

    current = thai.fiscal_year_of(date.today())
    for framework in available_frameworks():
        items = framework.measures_item, framework.report_item
        results = _said(
            args, "frameworks.reports", results_fiscal_year=framework.results_fiscal_year
        )
        mark = _said(args, "frameworks.current-year") if framework.fiscal_year == current else ""
        print(
            f"{framework.id}\t{framework.fiscal_year}\t{len(framework.indicators)} "
            f"{_said(args, 'frameworks.indicators')}\t{items[0].code}/{items[1].code} "
            f"({status(items[0].status)})\t{results} ({status(framework.results_year_status)})\t"
            f"{_said(args, 'frameworks.framework')}: {status(framework.status)}{mark}"
        )
    return EXIT_OK


def _write_json(path: Path, document: object) -> None:
    import json

    from ita_xl._io import atomic_output

    with atomic_output(path) as temp:
        temp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


MARKABLE = (".xlsx", ".xlsm")
"""What a marked copy can be: openpyxl edits .xlsx/.xlsm only."""


def _annotate_targets(files: list[Path], out: Path | None) -> dict[Path, Path]:
    """Where each input's marked copy goes: the file ``out`` for one input, else ``out/<name>``.

    Decided, with every clash listed, before anything is written: an existing file is
    replaced only when it is a marked copy ita-xl made (``_io.made_by_us``), never an input,
    another return or a user's file."""
    if out is None:
        return {}
    as_file = not out.is_dir() and out.suffix.lower() in MARKABLE
    if as_file and len(files) > 1:
        raise UsageError(
            *message(
                "annotate.folder-for-several",
                out=display_path(out),
                files_count=len(files),
            )
        )
    if not as_file and ((out.suffix and not out.is_dir()) or (out.exists() and not out.is_dir())):
        raise UsageError(*message("annotate.not-a-workbook-name", out=display_path(out)))
    if as_file:
        source = files[0]
        if source.suffix.lower() in MARKABLE and out.suffix.lower() != source.suffix.lower():
            raise UsageError(
                *message(
                    "annotate.same-suffix",
                    out=display_path(out),
                    suffix=source.suffix,
                )
            )
        targets = {source: out}
    else:
        targets = {}
        taken: set[Path] = set()
        for file in files:
            target = out / file.name
            if target in taken:
                target = out / f"{file.parent.name}_{file.name}"
            number = 2
            while target in taken:
                target = out / f"{Path(file.name).stem}_{number}{file.suffix}"
                number += 1
            taken.add(target)
            targets[file] = target
    _refuse_clashes(targets)
    return targets


def _refuse_clashes(targets: dict[Path, Path]) -> None:
    from ita_xl._io import made_by_us

    inputs = {source.resolve() for source in targets}
    clashes = [target for target in targets.values()
               if target.resolve() in inputs or (target.exists()
               and (not target.is_file() or not made_by_us(target, "annotated")))]  # fmt: skip
    if not clashes:
        return
    shown = "\n".join(f"  {display_path(t)}" for t in clashes)
    raise UsageError(
        *message("annotate.would-replace", clashes_count=len(clashes), shown=shown),
    )


def _expand(given: Sequence[Path]) -> list[Path]:
    """Files as given, folders searched as rollup searches them, and patterns such as
    ``*.xlsx`` expanded here (Windows' shell does not). A name that matches nothing is kept:
    it becomes a finding that says it was not found."""
    import glob

    from ita_xl.reading.collect import collect

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
    from ita_xl.checking.validation import Batch, validate_isolated
    from ita_xl.reading.isolation import default_jobs

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(*message("jobs.positive"))
    units = _units(args.units)
    files = _expand(args.files)
    targets = _annotate_targets(files, args.annotate)
    batch = Batch(validate_isolated(files, units=units, jobs=args.jobs or default_jobs()))
    for file, report in zip(files, batch.reports, strict=True):
        target = targets.get(file)
        if target is not None:
            _annotate_one(args, report, target)
    if args.format == "json":
        _print_json(args, batch.to_dict())
    else:
        _print_batch(args, batch)
    return EXIT_FINDINGS if batch.totals["errors"] else EXIT_OK


def _print_batch(args: argparse.Namespace, batch: Batch) -> None:
    """Each file's findings, one per line, then the totals."""
    from ita_xl.checking.findings import SEVERITY_EN, SEVERITY_TH

    severity_names = SEVERITY_EN if args.lang == "en" else SEVERITY_TH
    for report in batch.reports:
        print(display_path(_report_heading(args, report)))
        for f in report.findings:
            where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "-")
            print(f"  {severity_names[f.severity]}\t{f.code}\t{where}\t{f.message(args.lang)}")
        print()
    totals, passed = batch.totals, batch.passed
    failed = totals["files"] - passed
    th = {key: thai.to_thai_digits(str(value))
          for key, value in {**totals, "passed": passed, "failed": failed}.items()}  # fmt: skip
    print(
        _said(
            args,
            "validate.totals",
            th_files=th["files"],
            th_passed=th["passed"],
            th_failed=th["failed"],
            th_errors=th["errors"],
            th_warnings=th["warnings"],
            th_infos=th["infos"],
            totals_files=totals["files"],
            passed=passed,
            failed=failed,
            totals_errors=totals["errors"],
            totals_warnings=totals["warnings"],
            totals_infos=totals["infos"],
        )
    )


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
        about.append(
            _said(
                args,
                "validate.fiscal-year",
                fiscal_year_th=thai.to_thai_digits(str(report.fiscal_year)),
                fiscal_year=report.fiscal_year,
            )
        )
    return f"{report.path}: {_say(args, *status)}" + (f" — {' · '.join(about)}" if about else "")


def _annotate_one(args: argparse.Namespace, report: Report, target: Path) -> None:
    from ita_xl.checking.annotate import AnnotateRefused, annotate

    if not report.readable:
        print(
            _said(args, "annotate.unreadable", target=target, path=report.path),
            file=sys.stderr,
        )
        return
    try:
        annotate(report.path, target, report.findings)
    except AnnotateRefused as error:
        print(
            _said(
                args,
                "annotate.refused",
                target=display_path(target),
                message_th=error.message_th,
                message_en=error.message_en,
            ),
            file=sys.stderr,
        )
        return
    except OSError as error:
        raise UsageError(*cannot_write(target, error)) from None
    except Exception as error:
        print(
            _said(args, "annotate.openpyxl-failed", target=target, error=error),
            file=sys.stderr,
        )


def _check_rollup_places(args: argparse.Namespace, output: Path) -> None:
    """The summary's name and place, and the job count: usage errors before anything is read."""
    if output.suffix.lower() != ".xlsx":
        raise UsageError(*message("rollup.output-not-xlsx", output=output))
    if output.is_dir():
        raise UsageError(*message("rollup.output-is-folder", output=output))
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(*message("jobs.positive"))
    _refuse_foreign(output, "summary")
    if args.no_store:
        _refuse_losing_reviews(args, output)
    missing_previous = [p for p in args.previous or [] if not p.exists()]
    if missing_previous:
        shown = ", ".join(map(display_path, missing_previous))
        raise UsageError(*message("rollup.previous-not-found", shown=shown))


def _refuse_losing_reviews(args: argparse.Namespace, output: Path) -> None:
    """A run without the store never replaces a summary holding the team's reviews: only a
    run with the store keeps them (SPEC §9), and the summary may be their only copy."""
    from ita_xl.consolidation.decisions import PENDING
    from ita_xl.consolidation.reviews import read_reviews, typed_beyond, typed_over_details

    if not output.is_file():
        return
    reviews = read_reviews(output)
    if reviews is None:  # no register to read them from: the file is kept as it is
        _keep_beside(args, output)
        return
    typed = [r for r in reviews.by_file.values() if r != (PENDING, "")]
    if typed:
        shown = display_path(output)
        raise UsageError(*message("rollup.no-store-would-lose-reviews", output=shown,
                                  count=_count(args, len(typed))))  # fmt: skip
    beyond, over = typed_beyond(output), typed_over_details(output)
    if beyond or over:
        _keep_beside(args, output, tuple(beyond), tuple(over))


def _keep_beside(args: argparse.Namespace, summary: Path, beyond: tuple[str, ...] = (),
                 over: tuple[str, ...] = (), unplaced: tuple[str, ...] = ()) -> None:  # fmt: skip
    """A copy of the summary about to be replaced, beside it, when what the team typed into it
    would not be carried: no register left to read its reviews from, what the team typed
    ``beyond`` what ita-xl wrote (``reviews.typed_beyond``), ``over`` it
    (``reviews.typed_over``), or reviews of versions nothing holds any more (``unplaced``).
    The team's work is never lost with the file."""
    import shutil
    from datetime import datetime

    stem = f"{summary.stem}.เดิม-{datetime.now():%Y%m%d-%H%M%S}"
    kept = summary.with_name(f"{stem}{summary.suffix}")
    for again in range(2, 100):  # never over a copy kept before
        if not kept.exists():
            break
        kept = summary.with_name(f"{stem}-{again}{summary.suffix}")
    try:
        with atomic_output(kept) as temp:  # a copy cut short is never left as if whole
            shutil.copy2(summary, temp)
    except OSError as error:
        raise UsageError(*cannot_write(kept, error)) from None
    output, copy = display_path(summary), display_path(kept)
    said = [_said(args, "rollup.summary-kept-beside-typed-over", output=output, kept=copy,
                  places=", ".join(over))] if over else []  # fmt: skip
    if beyond:
        said.append(_said(args, "rollup.summary-kept-beside-typed", output=output, kept=copy,
                          places=", ".join(beyond)))  # fmt: skip
    if unplaced:
        said.append(_said(args, "rollup.summary-kept-beside-unplaced", output=output, kept=copy,
                          files=", ".join(unplaced)))  # fmt: skip
    for line in said or [_said(args, "rollup.summary-kept-beside", output=output, kept=copy)]:
        print(line, file=sys.stderr)


def _command_rollup(args: argparse.Namespace) -> int:
    # what a roll-up makes (its modules first) lives to its end, and it makes few cycles (one
    # workbook's writer): collector passes over it find nothing, and cost a re-run about 0.01 s
    # of 0.5 (its workers collect as usual)
    with collector_paused():
        return _roll_up_command(args)


def _roll_up_command(args: argparse.Namespace) -> int:
    from ita_xl.consolidation.rollup import ProgressBar, rollup
    from ita_xl.consolidation.roster import RosterError, read_roster

    output: Path = args.output
    _check_rollup_places(args, output)
    year = options.fiscal_year(args.year)
    units = _units(args.units)
    roster = None
    if args.roster is not None:
        try:
            roster = read_roster(args.roster)
        except RosterError as error:
            raise UsageError(error.message_th, error.message_en) from None
    missing = [p for p in args.inputs if not p.exists()]
    if missing:
        raise UsageError(
            *message("rollup.input-not-found", missing_list=", ".join(map(str, missing)))
        )
    inputs = [p for p in args.inputs if p.resolve() != output.resolve()]
    collected = _returns_to_roll_up(args, inputs)
    progress = None if args.no_progress or args.format == "json" else ProgressBar()
    run = partial(rollup, inputs, roster=roster, year=year, units=units, jobs=args.jobs,
                  progress=progress, collected=collected, previous=args.previous)  # fmt: skip
    result = _roll_up_with_store(args, output, run) if not args.no_store else run()
    if args.no_store:
        _write_summary(result, output)
    if args.format == "json":
        _print_json(args, result.to_json())
        return EXIT_OK
    _print_rollup_summary(args, result, output)
    print(_said(args, "rollup.wrote", output=output))
    return EXIT_OK


def _write_summary(result: Consolidation, output: Path) -> None:
    try:
        result.to_excel(output)
    except OSError as error:
        raise UsageError(*cannot_write(output, error)) from None


def _roll_up_with_store(args: argparse.Namespace, output: Path,
                        run: Callable[..., Consolidation]) -> Consolidation:  # fmt: skip
    """The roll-up and the summary in one transaction on the store: a summary that cannot be
    written leaves the store as it was."""
    from ita_xl.consolidation.kept_rows import renderer_key
    from ita_xl.consolidation.store import Store, StoreError, default_path

    path = args.store or default_path(output)
    if args.store is None:
        _say_where_the_history_is(args, output, path)
    try:
        with Store(path, rebuild=args.rebuild_store) as store:
            saved_as = _saved_by_calc_beside(output)
            if saved_as is not None:
                print(_said(args, "rollup.reviews-from-ods", ods=display_path(saved_as),
                            output=display_path(output)), file=sys.stderr)  # fmt: skip
            result = run(store=store, previous_summary=output if output.exists() else None,
                         saved_as=[saved_as] if saved_as is not None else [])  # fmt: skip
            edited = result.edited_summary
            if edited is not None and edited.to_keep:
                _keep_beside(args, output, edited.typed_beyond, edited.typed_over,
                             edited.unplaced)  # fmt: skip
            if edited is not None and edited.not_on_list:
                _say_reviews_not_on_list(args, edited.not_on_list)
            _write_summary(result, output)
            store.wrote_summary(output, result.worked_in(), renderer_key())
    except StoreError as error:
        raise UsageError(error.message_th, error.message_en) from None
    except OSError as error:
        raise UsageError(*cannot_write(path, error)) from None
    if store.set_aside is not None:
        print(
            _said(args, "rollup.store-set-aside", set_aside=display_path(store.set_aside)),
            file=sys.stderr,
        )
    if store.salvaged:
        print(_said(args, "rollup.store-salvaged",
                    versions=_count(args, store.salvaged.get("versions", 0)),
                    reviews=_count(args, store.salvaged.get("reviews", 0))),
              file=sys.stderr)  # fmt: skip
    if result.read_now is not None:  # what the store spared: a second run looks like the first
        kept = len(result.collected.files) - result.read_now
        print(_said(args, "rollup.store-used", store=display_path(path),
                    read=_count(args, result.read_now), kept=_count(args, kept)),
              file=sys.stderr)  # fmt: skip
    return result


def _say_reviews_not_on_list(args: argparse.Namespace, entries: Sequence[str]) -> None:
    from ita_xl.consolidation.decisions import REVIEW_EN

    shown = ", ".join(entries[:SHOWN_ENTRIES])
    if len(entries) > SHOWN_ENTRIES:
        shown += _said(args, "rollup.more-entries",
                       extra=_count(args, len(entries) - SHOWN_ENTRIES))  # fmt: skip
    print(_said(args, "rollup.reviews-not-on-list", entries=shown, words=" / ".join(REVIEW_EN)),
          file=sys.stderr)  # fmt: skip


def _say_where_the_history_is(args: argparse.Namespace, output: Path, store: Path) -> None:
    """A summary renamed or copied starts a store of its own beside it: said, with the store in
    its folder that wrote it (``store.season_of``), where its history and reviews are."""
    from ita_xl.consolidation.store import season_of

    if store.exists() or not output.exists():
        return
    earlier = season_of(output)
    if earlier is not None:
        print(_said(args, "rollup.history-in-another-store", output=display_path(output),
                    earlier=display_path(earlier), store=display_path(store)),
              file=sys.stderr)  # fmt: skip


def _saved_by_calc_beside(output: Path) -> Path | None:
    """``OUTPUT.ods`` saved after the summary: a team working in LibreOffice Calc that answered
    its "keep the format?" question with ODF typed its reviews there, not into ``OUTPUT``."""
    ods = output.with_suffix(".ods")
    try:
        saved = ods.stat().st_mtime_ns
        return ods if not output.exists() or saved > output.stat().st_mtime_ns else None
    except OSError:
        return None


def _returns_to_roll_up(args: argparse.Namespace, inputs: list[Path]) -> Collected:
    """The workbooks under the inputs; none at all, or the roster given as a return, is a usage
    error before anything is read or written (an empty summary would say nobody sent)."""
    from ita_xl.reading.collect import collect

    if args.roster is not None and any(p.resolve() == args.roster.resolve() for p in inputs):
        raise UsageError(*message("rollup.roster-given-as-input", roster=display_path(args.roster)))
    collected = collect(inputs)
    if collected.files:
        return collected
    csv_given = [p for p in inputs if p.is_file() and p.suffix.lower() in (".csv", ".txt")]
    hint = (("ถ้าเป็นทะเบียนรายชื่อ ให้ใช้ --roster ", "if it is the roster, use --roster ")
            if csv_given else ("", ""))  # fmt: skip
    found = ", ".join(display_path(p.name) for p in collected.unopened[:5])
    seen = ((f" (พบ {found} ซึ่งไม่ได้เปิดอ่าน)", f" (found {found}, which are not opened)")
            if found else ("", ""))  # fmt: skip
    where = ", ".join(map(display_path, inputs))
    raise UsageError(
        *message(
            "rollup.no-returns",
            where=where,
            seen_0=seen[0],
            hint_0=hint[0],
            seen_1=seen[1],
            hint_1=hint[1],
        )
    )


def _refuse_foreign(output: Path, kind: str) -> None:
    """``-o`` replaces only an output of its own kind, never a return or a user's file."""
    from ita_xl._io import made_by_us

    if output.exists() and (not output.is_file() or not made_by_us(output, kind)):
        what = ("สรุปผลที่ ita-xl สร้าง", "a summary made by ita-xl") if kind == "summary" else (
            "รายงานที่ ita-xl สร้าง", "a report made by ita-xl")  # fmt: skip
        raise UsageError(
            *message(
                "output.not-ours",
                output=display_path(output),
                what_0=what[0],
                what_1=what[1],
            )
        )


def _refuse_foreign_pdf(output: Path) -> None:
    """``--pdf`` writes the PDF beside the report: an existing PDF is replaced only when the
    report beside it is ours too (a PDF carries no mark of ita-xl to read)."""
    from ita_xl._io import made_by_us

    pdf = output.with_suffix(".pdf")
    if pdf.exists() and not (output.is_file() and made_by_us(output, "report")):
        raise UsageError(
            *message("report.pdf-not-ours", pdf=display_path(pdf)),
        )


def _print_json(args: argparse.Namespace, document: object) -> None:
    """The JSON, on the stdout that was reserved for it (``main`` sends everything else that
    anything prints, a library included, to stderr)."""
    import json
    import re

    out = getattr(args, "json_stdout", None) or sys.stdout
    text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    # a file name that is not UTF-8 keeps its bytes as lone surrogates (os.fsdecode): written as
    # \udcXX escapes, a JSON reader gets back the very name that opens the file
    text = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)
    out.write(text + "\n")
    out.flush()


SHOWN_ENTRIES = 10
"""A roll-up of thousands of files prints a summary: at most this many entries to follow up,
the rest are in the register."""


def _count(args: argparse.Namespace, number: int) -> str:
    """A count in the digits of the language (Thai digits in Thai text)."""
    shown = f"{number:,}"
    return thai.to_thai_digits(shown) if args.lang == "th" else shown


def _print_rollup_summary(args: argparse.Namespace, result: Consolidation, output: Path) -> None:
    from ita_xl.consolidation.decisions import REVIEW_EN, STATUS_EN, to_follow_up

    s = result.summary
    n = partial(_count, args)

    year = n(result.fiscal_year).replace(",", "") if result.fiscal_year else "-"
    print(
        _said(
            args,
            "rollup.totals",
            year=year,
            s_expected=n(s["expected"]),
            s_received=n(s["received"]),
            s_passed=n(s["passed"]),
            s_with_errors=n(s["with_errors"]),
            s_unreadable=n(s["unreadable"]),
            s_missing=n(s["missing"]),
            s_superseded=n(s["superseded"]),
            s_measures=n(s["measures"]),
            s_followups=n(s["followups"]),
        )
    )
    collected = result.collected
    if collected.skipped:
        kinds = [(collected.lock_files, "ไฟล์ล็อก ~$", "lock files"),
                 (collected.hidden_files, "ไฟล์ซ่อน ._", "hidden ._ files"),
                 (len(collected.own_outputs), "สรุปผลที่ ita-xl สร้าง", "summaries made by ita-xl"),
                 (collected.other_files, "ไฟล์อื่น", "other files")]  # fmt: skip
        th = " ".join(f"{label} {n(count)}" for count, label, _ in kinds if count)
        en = ", ".join(f"{n(count)} {label}" for count, _, label in kinds if count)
        print(
            _said(
                args,
                "rollup.skipped",
                skipped=n(collected.skipped),
                th=th,
                en=en,
            )
        )
    if collected.unopened:
        names = ", ".join(display_path(p) for p in collected.unopened[:SHOWN_ENTRIES])
        extra = len(collected.unopened) - SHOWN_ENTRIES
        rest = _said(args, "rollup.unopened-more", extra=n(extra)) if extra > 0 else ""
        print(_said(args, "rollup.unopened", names=names, rest=rest))
    attention = [(e, why) for e in result.register_entries
                 if (why := to_follow_up(e.status, e.review)) is not None]  # fmt: skip
    if attention:
        print(_said(args, "rollup.to-follow-up", attention_count=n(len(attention))))
    for entry, why in attention[:SHOWN_ENTRIES]:
        name = entry.org_name + (f" ({entry.division})" if entry.division else "")
        if args.lang == "en":
            why = STATUS_EN.get(why) or REVIEW_EN[why]
        print(f"  {why}\t{name or '-'}\t{display_path(entry.file or '')}")
    if len(attention) > SHOWN_ENTRIES:
        more = n(len(attention) - SHOWN_ENTRIES)
        print(_said(args, "rollup.to-follow-up-more", more=more))


def _command_kit(args: argparse.Namespace) -> int:
    from ita_xl.workbook.kit import PYTHON_VERSIONS, KitError, build_kit

    versions = tuple(args.python or PYTHON_VERSIONS)
    try:
        kit = build_kit(args.folder, python_versions=versions)
    except KitError as error:
        raise UsageError(error.message_th, error.message_en) from None
    print(
        _said(
            args,
            "kit.wrote",
            folder=kit.folder,
            wheels_count=len(kit.wheels),
            versions_list=", ".join(versions),
        )
    )
    return EXIT_OK


def _command_upgrade(args: argparse.Namespace) -> int:
    from ita_xl.model import column_letter
    from ita_xl.workbook.upgrade import UpgradeError, upgrade

    old: Path = args.old
    new: Path = args.output
    if not old.is_file():
        raise UsageError(*message("upgrade.not-found", old=display_path(old)))
    if new.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(*message("upgrade.output-not-workbook-name", new=new))
    if new.exists():
        raise UsageError(*message("upgrade.output-exists", new=display_path(new)))
    try:
        done = upgrade(old, new)
    except UpgradeError as error:
        raise UsageError(error.message_th, error.message_en) from None
    except OSError as error:
        raise UsageError(*cannot_write(new, error)) from None
    for move in done.moves:
        print(f"{move.label}: {move.before} → {move.after}  ({move.value[:40]})")
    for unread in done.unplaced:
        cells = ", ".join(f"{column_letter(c)}{r}" for r, c in unread.cells[:5])
        print(
            _said(
                args,
                "upgrade.no-place",
                sheet=unread.sheet,
                value=unread.header or "",
                cells=cells,
            ),
            file=sys.stderr,
        )
    print(
        _said(
            args,
            "upgrade.moved",
            moves_count_th=thai.to_thai_digits(str(len(done.moves))),
            id=done.framework.id,
            new=display_path(new),
            moves_count=len(done.moves),
        )
    )
    return EXIT_OK


def _command_feedback(args: argparse.Namespace) -> int:
    from ita_xl._io import made_by_us
    from ita_xl.report.feedback import write_feedback

    summary: Path = args.summary
    if not summary.is_file() or not made_by_us(summary, "summary"):
        shown = display_path(summary)
        raise UsageError(*message("feedback.not-a-summary", shown=shown))
    if args.output.exists() and not args.output.is_dir():
        raise UsageError(*message("feedback.output-is-file", output=display_path(args.output)))
    try:
        done = write_feedback(summary, args.output)
    except OSError as error:
        raise UsageError(*cannot_write(args.output, error)) from None
    for problem in done.problems:
        print(_say(args, *problem), file=sys.stderr)
    print(
        _said(
            args,
            "feedback.wrote",
            letters_th=thai.to_thai_digits(str(done.letters)),
            missing_th=thai.to_thai_digits(str(done.missing)),
            output=display_path(args.output),
            letters=done.letters,
            missing=done.missing,
        )
    )
    return EXIT_OK


def _command_report(args: argparse.Namespace) -> int:
    from ita_xl.report.document import ReportError, write_report

    output: Path = args.output
    if output.suffix.lower() != ".docx":
        raise UsageError(*message("report.output-not-docx", output=output))
    missing = [p for p in args.inputs if not p.is_file()]
    if missing:
        raise UsageError(
            *message("report.inputs-not-found", missing_list=", ".join(map(str, missing)))
        )
    _refuse_foreign(output, "report")
    if args.pdf:
        _refuse_foreign_pdf(output)
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
        raise UsageError(*cannot_write(output, error)) from None
    for path, f in warnings:
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else "-"
        print(
            f"{_said(args, 'report.warning')}\t{path}\t{f.code}\t{where}\t{f.message(args.lang)}",
            file=sys.stderr,
        )
    print(_said(args, "report.wrote", docx_path=docx_path))
    if pdf_path:
        print(_said(args, "report.wrote-pdf", pdf_path=pdf_path))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """The program: ``argv`` (else the command line) run, its exit code returned."""
    if argv is None:  # the program itself (not a caller's, or a test's, call)
        collect_rarely()
    try:
        return _run(argv)
    finally:
        if argv is None:  # the program itself, about to end (not a caller's, or a test's, call)
            set_aside_what_exists()  # the interpreter's last collection skips what the run made


def program() -> NoReturn:
    """``ita-xl`` as a command (``python -m ita_xl``): ``main`` run on the command line, what
    it printed flushed, and the process ended there. The interpreter's own way out frees what
    the run made object by object (a re-run's thousands of digests: 0.02 s of 0.6 s); every
    file the run wrote is closed by then, each in its own ``with`` (outputs, the store)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # (none at all under pythonw)
            with contextlib.suppress(OSError, ValueError):  # (a reader gone: ``validate | head``)
                stream.flush()
    os._exit(code)


def _run(argv: Sequence[str] | None) -> int:
    from ita_xl.frameworks import FrameworkError

    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(_lang_of(arguments))
    args = parser.parse_args(arguments)
    handlers = {
        "new": _command_new,
        "validate": _command_validate,
        "rollup": _command_rollup,
        "report": _command_report,
        "feedback": _command_feedback,
        "upgrade": _command_upgrade,
        "frameworks": _command_frameworks,
        "kit": _command_kit,
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
    except (UsageError, OptionError, FrameworkError) as error:
        print(error.message_en if args.lang == "en" else error.message_th, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        stopped = _said(args, "interrupted")
        print(stopped, file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()  # the reader of our output has gone (``validate | head``): end quietly
        return EXIT_OK
    except OSError as error:  # a place that cannot be written (or read), in any command
        th, en = cannot_write(error.filename or "", error)
        print(en if args.lang == "en" else th, file=sys.stderr)
        return EXIT_USAGE


def _quiet_stdout() -> None:
    """Point stdout at the null device, so Python's own flush at exit does not complain."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
