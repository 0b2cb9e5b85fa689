from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ita_xl.cli import main


def test_new_prefills_the_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = tmp_path / "units.csv"
    units.write_text("unit\nสำนักปลัด\nกองคลัง\nกองคลัง\n", encoding="utf-8-sig")
    out = tmp_path / "ret.xlsx"
    code = main(
        [
            "new",
            str(out),
            "--org",
            "อบต.เกาะรอ",
            "--org-type",
            "องค์การบริหารส่วนตำบล",
            "--province",
            "จังหวัดยะลา",
            "--year",
            "๒๕๖๖",
            "--round",
            "๑๒",
            "--units",
            str(units),
        ]
    )
    assert code == 0
    assert "ita-2566" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    form = book["ข้อมูลหน่วยงาน"]
    assert [form[f"B{r}"].value for r in (4, 5, 8, 9, 10)] == [
        "อบต.เกาะรอ",
        "องค์การบริหารส่วนตำบล",
        "ยะลา",
        2566,
        "๑๒ เดือน",
    ]
    assert [c.value for c in book["_lists"]["F"][:3]] == ["lst_units", "สำนักปลัด", "กองคลัง"]


def test_new_picks_the_framework_of_the_year(tmp_path: Path) -> None:
    out = tmp_path / "ret.xlsx"
    assert main(["new", str(out), "--year", "2567"]) == 0
    meta = {r[0]: r[1] for r in openpyxl.load_workbook(out)["_meta"].iter_rows(values_only=True)}
    assert meta["framework"] == "ita-2567" and meta["fiscal_year"] == "2567"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2023"], "ค.ศ."),
        (["--year", "abc"], "พ.ศ."),
        (["--round", "4"], "--round"),
        (["--org-type", "บริษัท"], "--org-type"),
        (["--province", "ปารีส"], "--province"),
        (["--framework", "2599"], "ita-2566"),
    ],
)
def test_usage_errors_exit_2_with_a_thai_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 args: list[str], message: str) -> None:  # fmt: skip
    out = tmp_path / "ret.xlsx"
    assert main(["new", str(out), *args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_english_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "new", str(tmp_path / "r.xlsx"), "--year", "2023"]) == 2
    assert "Christian-era" in capsys.readouterr().err


def test_frameworks_lists_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[:2] == ["ita-2566", "2566"]
    assert "ยังไม่ยืนยัน" in lines[1]


def test_console_script_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ita_xl.cli", "frameworks"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "ita-2567" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "ita_xl.cli", "nonsense"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_words_in_one_language_and_one_digit_set(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """English messages carry Arabic digits, Thai text Thai digits, and --lang works after the
    command's name too."""
    from .support.tables import clean_filling, write_return

    filling = clean_filling()
    filling.indicators[9]["last_score"] = "120"
    path = write_return(tmp_path / "r.xlsx", filling)
    assert main(["validate", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "from 0 to 100" in out and not any(d in out.split("ITA-C104", 1)[1].splitlines()[0]
                                              for d in "๐๑๒๓๔๕๖๗๘๙")  # fmt: skip
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ปีงบประมาณ ๒๕๖๖" in out and "ตรวจ ๑ ไฟล์: ผ่าน ๐ ไม่ผ่าน ๑" in out


COMMANDS = ("new", "validate", "rollup", "upgrade", "feedback", "report", "kit", "frameworks")
# what cannot begin a Thai line: a vowel or mark written after, above or below its consonant
_FOLLOWING = "\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45" + "".join(
    chr(c) for c in range(0x0E47, 0x0E4F)
)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_breaks_thai_lines_only_between_phrases(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Thai phrase has no spaces: a help line broken at a width inside one parted
    ``อ่`` from ``าน``. Lines break at spaces, and a phrase too long runs on."""
    with pytest.raises(SystemExit):
        main([*([command] if command else []), "--help"])
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert not [line for line in lines if line and line[0] in _FOLLOWING]


def test_a_thai_phrase_longer_than_a_help_line_runs_on_uncut() -> None:
    from ita_xl.cli.commands import _ThaiParser

    phrase = "ประวัติและผลการพิจารณาที่ยังอ่านได้จากไฟล์เดิมเก็บต่อไว้ทั้งหมดทุกฉบับ"
    parser = _ThaiParser(prog="ita-xl", description=f"คำอธิบาย {phrase} จบ")
    parser.add_argument("--rebuild-store", action="store_true", help=f"สร้างใหม่ ({phrase})")
    lines = [line.strip() for line in parser.format_help().splitlines()]
    assert f"({phrase})" in lines and phrase in " ".join(lines).split()
    assert not [line for line in lines if line and line[0] in _FOLLOWING]


def test_new_from_a_return_full_of_problems_shows_the_worst_few(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import ROOT

    koh_ro = ROOT / "examples" / "returns" / "koh_ro_2566_12m.xlsx"
    assert main(["new", str(tmp_path / "2567.xlsx"), "--from", str(koh_ro)]) == 0
    err = capsys.readouterr().err
    listed = [line for line in err.splitlines() if line.startswith("  ITA-")]
    assert len(listed) == 5 and all("ITA-C10" in line for line in listed)  # errors first
    assert "มีปัญหา ๖๑ รายการ (ข้อผิดพลาด ๔๑)" in err and "ita-xl validate" in err


def test_every_help_text_is_in_the_catalogue_once_and_used() -> None:
    """The help of every command and option lives in ``cli/words.py``, in both languages; an
    entry no option uses would be a translation nobody sees."""
    import re

    from ita_xl.cli import commands
    from ita_xl.cli.words import HELP

    source = Path(commands.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'\bh\("([^"]+)"\)', source))
    assert used == set(HELP)
    assert all(th and en and th != en for th, en in HELP.values())
    for lang in ("th", "en"):  # every command's help builds in both languages
        parser = commands._parser(lang)
        for name in ("new", "validate", "rollup", "upgrade", "feedback", "report", "kit"):
            with pytest.raises(SystemExit):
                parser.parse_args([name, "--help"])


def test_every_message_is_in_the_catalogue_and_each_call_gives_its_fields() -> None:
    """The messages the commands print are ``cli/words.py``'s: each call names a message of
    the catalogue and gives every field its Thai and English templates name (a field left out
    would fail only when that message is printed), and no message goes unused."""
    import ast
    import string

    from ita_xl.cli import commands
    from ita_xl.cli.words import MESSAGES

    tree = ast.parse(Path(commands.__file__).read_text(encoding="utf-8"))
    calls: list[tuple[str, set[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("message", "_said"):
            keys = [a for a in node.args if isinstance(a, ast.Constant)]
            if keys:
                calls.append((keys[0].value, {k.arg for k in node.keywords if k.arg}))
    assert {key for key, _ in calls} == set(MESSAGES)
    for key, given in calls:
        for template in MESSAGES[key]:
            named = {field for _, field, _, _ in string.Formatter().parse(template) if field}
            assert named <= given, (key, named - given)


def test_the_program_hands_over_all_it_printed_and_its_exit_code(tmp_path: Path) -> None:
    """``ita-xl`` ends its process at once when a command is done (``program``): what it
    printed, buffered for a file, reaches the file whole, and the exit code is the command's."""
    from ita_xl.thai import to_thai_digits

    from .conftest import EXAMPLES

    printed = tmp_path / "validate.txt"
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with printed.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "ita_xl", "validate", *map(str, EXAMPLES)],
                              stdout=out, stderr=subprocess.PIPE, env=buffered)  # fmt: skip
    lines = printed.read_text(encoding="utf-8").splitlines()
    count = to_thai_digits(str(len(EXAMPLES)))
    assert lines[-1].startswith(f"ตรวจ {count} ไฟล์: ผ่าน")  # the last words, printed last
    assert done.returncode == 1  # (Koh Ro's return has errors)
    told = subprocess.run([sys.executable, "-m", "ita_xl.cli", "validate", str(tmp_path / "no.xlsx")],
                          capture_output=True, env=buffered)  # fmt: skip
    assert told.returncode == 1 and "ITA-S001" in told.stdout.decode()
