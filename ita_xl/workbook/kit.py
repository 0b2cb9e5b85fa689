"""``ita-xl kit OUTDIR``: an offline install kit the central team hands to officers.

What an officer's Windows PC needs for the ``ตรวจสอบข้อมูล`` button, with no internet and no
package index: the ita-xl wheel and every dependency's wheel for Windows 64-bit and each Python
version named in README, the macro-enabled template of the current fiscal year, ``ติดตั้ง.bat``
(install from the kit's own folder) and a Thai ``อ่านก่อนติดตั้ง.txt``. pip does the resolving
and the downloading (``pip download --platform win_amd64``); this module only drives it.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ita_xl import thai
from ita_xl._errors import BilingualError
from ita_xl._io import atomic_output
from ita_xl._version import __version__

PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
"""The Windows Pythons the kit serves (the excel extra's xlwings has wheels for these)."""
PLATFORM = "win_amd64"
WHEELS = "wheels"
INSTALLER = "ติดตั้ง.bat"
README = "อ่านก่อนติดตั้ง.txt"


class KitError(BilingualError):
    """The kit cannot be built (no source to build the wheel from, pip failed)."""


@dataclass
class Kit:
    folder: Path
    wheels: list[Path] = field(default_factory=list)
    template: Path | None = None


def _source_root() -> Path | None:
    """The ita-xl source folder (an editable install, or running from a clone), if any."""
    root = Path(__file__).resolve().parents[2]  # ita_xl/workbook/kit.py → the folder of ita_xl
    return root if (root / "pyproject.toml").exists() else None


def _own_wheel(wheels: Path) -> None:
    """The ita-xl wheel: built by pip from the source folder when there is one, else packed
    from the installed distribution (a plain ``pip install .`` keeps no source)."""
    root = _source_root()
    if root is not None:
        _pip(["wheel", "--no-deps", "--quiet", "-w", str(wheels), str(root)])
    else:
        pack_installed_wheel(wheels)


def pack_installed_wheel(folder: Path) -> Path:
    """The installed ita-xl as a wheel again: its package files and metadata as pip recorded
    them (``RECORD``), with a fresh ``RECORD`` and a ``py3-none-any`` tag, since ita-xl is pure
    Python. Written by hand because no library turns an installed distribution back into a
    wheel; pip checks every hash of it on install."""
    import base64
    import hashlib
    import zipfile
    from importlib import metadata

    distribution = metadata.distribution("ita-xl")
    info = f"ita_xl-{__version__}.dist-info"
    entries: list[tuple[str, bytes]] = []
    for file in distribution.files or []:
        name = file.as_posix()
        if name.startswith("ita_xl/") and "__pycache__" not in name:
            entries.append((name, Path(str(file.locate())).read_bytes()))
    if not any(name == "ita_xl/__init__.py" for name, _ in entries):
        raise KitError("ไม่พบไฟล์ของ ita-xl ที่ติดตั้งไว้ ให้ติดตั้งใหม่ด้วย pip install แล้วลองอีกครั้ง",
                       "the installed ita-xl files were not found; reinstall it with pip install "
                       "and try again")  # fmt: skip
    entries.append((f"{info}/METADATA", (distribution.read_text("METADATA") or "").encode()))
    entries.append((f"{info}/entry_points.txt",
                    (distribution.read_text("entry_points.txt") or "").encode()))  # fmt: skip
    entries.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: ita-xl kit\n"
                    b"Root-Is-Purelib: true\nTag: py3-none-any\n"))  # fmt: skip

    def record_line(name: str, data: bytes) -> str:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        return f"{name},sha256={digest},{len(data)}"

    record = "\n".join([*(record_line(n, d) for n, d in entries), f"{info}/RECORD,,"]) + "\n"
    target = folder / f"ita_xl-{__version__}-py3-none-any.whl"
    with atomic_output(target) as temp, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in [*entries, (f"{info}/RECORD", record.encode())]:
            wheel.writestr(name, data)
    return target


def _pip(arguments: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *arguments], capture_output=True,
                          text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise KitError(f"pip ทำงานไม่สำเร็จ ({' '.join(arguments[:2])}): {tail}",
                       f"pip failed ({' '.join(arguments[:2])}): {tail}")  # fmt: skip


def build_kit(
    folder: str | Path,
    *,
    python_versions: tuple[str, ...] = PYTHON_VERSIONS,
    fiscal_year: int | None = None,
) -> Kit:
    """Build the kit in ``folder`` (created; the wheels go to ``folder/wheels``)."""
    from ita_xl.frameworks import framework_for
    from ita_xl.workbook.template import write_return_workbook

    kit = Kit(Path(folder))
    wheels = kit.folder / WHEELS
    wheels.mkdir(parents=True, exist_ok=True)
    _own_wheel(wheels)
    for version in python_versions:
        _pip(["download", "--quiet", "--only-binary=:all:", "--platform", PLATFORM,
              "--python-version", version, "--implementation", "cp", "--find-links",
              str(wheels), "-d", str(wheels), f"ita-xl[excel]=={__version__}"])  # fmt: skip
    kit.wheels = sorted(wheels.glob("*.whl"))
    year = fiscal_year or thai.fiscal_year_of(date.today())
    framework = framework_for(year)
    kit.template = write_return_workbook(
        kit.folder / f"แบบรายงาน_ITA_{year}.xlsm", framework, macro=True
    )
    _write_text(kit.folder / INSTALLER, installer(), "utf-8", "\r\n")
    _write_text(kit.folder / README, readme(year, python_versions), "utf-8-sig", "\r\n")
    return kit


def _write_text(path: Path, text: str, encoding: str, newline: str) -> None:
    with atomic_output(path) as temp:
        temp.write_bytes(text.replace("\n", newline).encode(encoding))


def installer() -> str:
    """``ติดตั้ง.bat``: installs ita-xl and xlwings from the kit's folder, no internet. Saved as
    UTF-8 and switched to it on the first line (``chcp 65001``) so the Thai shows."""
    return f"""@echo off
chcp 65001 > nul
echo ติดตั้งโปรแกรมตรวจสอบแบบรายงาน ITA (ita-xl {__version__}) จากชุดติดตั้งนี้ ไม่ต้องใช้อินเทอร์เน็ต
where py > nul 2> nul
if %errorlevel%==0 (set PY=py -3) else (set PY=python)
%PY% -m pip install --no-index --find-links "%~dp0{WHEELS}" "ita-xl[excel]"
if errorlevel 1 (
  echo.
  echo ติดตั้งไม่สำเร็จ: ตรวจว่าติดตั้ง Python ๓.๑๑ ขึ้นไป แบบ 64 บิต แล้ว และเลือก Add python.exe to PATH
  echo แล้วเรียก ติดตั้ง.bat อีกครั้ง หรือส่งไฟล์แบบรายงานให้ผู้รวบรวมรายงานตรวจแทน
  pause
  exit /b 1
)
echo.
echo ติดตั้งเสร็จแล้ว เปิดไฟล์แบบรายงาน .xlsm กด Enable Content แล้วกดปุ่ม ตรวจสอบข้อมูล
pause
"""


def readme(year: int, python_versions: tuple[str, ...]) -> str:
    versions = ", ".join(python_versions)
    shown_year = thai.to_thai_digits(str(year))
    return f"""ชุดติดตั้งปุ่ม "ตรวจสอบข้อมูล" ของแบบรายงาน ITA (ita-xl {__version__})

ชุดนี้ติดตั้งได้โดยไม่ต้องใช้อินเทอร์เน็ต ผู้รวบรวมรายงานสร้างด้วยคำสั่ง ita-xl kit

๑. ติดตั้ง Python สำหรับ Windows แบบ 64 บิต รุ่น {versions} (จาก python.org หรือจากผู้ดูแลระบบของหน่วยงาน)
   ตอนติดตั้งให้เลือก "Add python.exe to PATH"
๒. ดับเบิลคลิก {INSTALLER} ในโฟลเดอร์นี้ รอจนขึ้นว่า ติดตั้งเสร็จแล้ว
๓. ไฟล์ที่ได้จากอินเทอร์เน็ตหรืออีเมล Windows จะบล็อกแมโคร: คลิกขวาที่ไฟล์แบบรายงาน > Properties >
   ติ๊ก Unblock > OK หรือเก็บไว้ใน Trusted Location ของ Excel
๔. เปิดแบบรายงานปีงบประมาณ {shown_year} (ไฟล์ .xlsm ในโฟลเดอร์นี้) กด Enable Content แล้วกดปุ่ม ตรวจสอบข้อมูล

ถ้ายังไม่ได้ติดตั้ง ปุ่มจะแจ้งเป็นภาษาไทยว่าต้องติดตั้งอะไร
ถ้าติดตั้งไม่ได้ ให้ส่งไฟล์แบบรายงานให้ผู้รวบรวมรายงานตรวจด้วยคำสั่ง ita-xl validate
"""
