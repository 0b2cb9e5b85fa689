"""Writing outputs safely: never a half-written file, never a changed input."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    On any failure the temporary file is removed and ``path`` is left as it was. The temporary
    name keeps the suffix, because some writers (XlsxWriter, LibreOffice) choose by it.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        os.chmod(temp, _FILE_MODE)  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


def decode_text(raw: bytes) -> str:
    """A text file as Windows saves it: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode
    text", with its BOM), else Windows Thai (cp874/TIS-620: Excel's plain "CSV" on a Thai PC)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp874", "replace")


_WHY_TH = {
    errno.ENOENT: "ไม่มีโฟลเดอร์นี้", errno.EACCES: "ไม่มีสิทธิ์เขียนในตำแหน่งนี้",
    errno.EPERM: "ไม่มีสิทธิ์เขียนในตำแหน่งนี้", errno.EROFS: "ตำแหน่งนี้อ่านได้อย่างเดียว",
    errno.ENOSPC: "พื้นที่ดิสก์เต็ม", errno.EDQUOT: "เกินโควตาพื้นที่ดิสก์",
    errno.ENOTDIR: "ส่วนหนึ่งของเส้นทางเป็นไฟล์ ไม่ใช่โฟลเดอร์",
    errno.EEXIST: "ส่วนหนึ่งของเส้นทางเป็นไฟล์ ไม่ใช่โฟลเดอร์", errno.EISDIR: "เป็นโฟลเดอร์ ไม่ใช่ไฟล์",
    errno.ENAMETOOLONG: "ชื่อยาวเกินไป",
}  # fmt: skip


_IN_USE_WINERRORS = {32, 33}
"""Windows' sharing and lock violations: another program has the file open."""


def open_in_another_program(path: str | Path) -> bool:
    """Whether Excel or LibreOffice has ``path`` open: their owner files beside it (Excel's
    ``~$`` name, which drops the first two letters of a long name; LibreOffice's
    ``.~lock.NAME#``)."""
    target = Path(path)
    owners = (f"~${target.name}", f"~${target.name[2:]}", f".~lock.{target.name}#")
    return any(target.with_name(owner).exists() for owner in owners)


def cannot_write(path: str | Path, error: OSError) -> tuple[str, str]:
    """Why ``path`` could not be written, in Thai and English, for the people at the keyboard
    (never a traceback: SPEC §4). A file another program has open (Excel on Windows locks the
    workbook it shows) is said to be so, not to be a place without rights."""
    shown = display_path(path)
    denied = error.errno in (errno.EACCES, errno.EPERM, errno.EBUSY)
    if getattr(error, "winerror", None) in _IN_USE_WINERRORS or (
        denied and open_in_another_program(path)
    ):  # fmt: skip
        return (f"เขียน {shown} ไม่ได้ เพราะไฟล์เปิดอยู่ในโปรแกรมอื่น (เช่น Excel หรือ LibreOffice) "
                "ให้บันทึกและปิดไฟล์ก่อนแล้วสั่งใหม่ ไม่ได้เขียนไฟล์ใด ๆ",
                f"cannot write {shown}: another program has it open (Excel or LibreOffice); "
                "save and close it, then run again; nothing was written")  # fmt: skip
    reason_en = error.strerror or type(error).__name__
    reason_th = _WHY_TH.get(error.errno or 0, reason_en)
    return (f"เขียน {shown} ไม่ได้ ({reason_th}) ให้ระบุตำแหน่งที่เขียนได้ ไม่ได้เขียนไฟล์ใด ๆ",
            f"cannot write {shown} ({reason_en}); give a place that can be written; nothing "
            "was written")  # fmt: skip


def display_path(path: str | Path) -> str:
    """A path as text any output can hold. A name that is not UTF-8 (a Thai name in Windows'
    cp874 bytes, as a Windows zip unpacks on Linux) arrives with surrogate escapes, which no
    encoder writes: it is shown decoded as cp874 when that reads, else with its odd bytes
    replaced."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(text)
        try:
            return raw.decode("cp874")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace")
    return text


REPORT_MARK = b">ita-xl<"
"""``ita-xl`` in the report's core properties (``comments``, saved as ``dc:description``)."""
ANNOTATED_MARK = "ita-xl-annotated"
"""The custom document property of a marked copy (``--annotate``): the one kind of return a
later ``--annotate`` may replace."""


def made_by_us(path: Path, kind: str) -> bool:
    """Is the existing file at ``path`` an output of ours of this ``kind`` (``summary``,
    ``report`` or ``annotated``), which may be replaced? Anything else (a return, a user's
    document) may not."""
    import zipfile

    from ita_xl import spec

    try:
        if kind == "report":
            with zipfile.ZipFile(path) as archive:
                return REPORT_MARK in archive.read("docProps/core.xml")
        if kind == "annotated":
            with zipfile.ZipFile(path) as archive:
                mark = f'name="{ANNOTATED_MARK}"'.encode()
                return mark in archive.read("docProps/custom.xml")
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        try:
            if "_meta" not in book.sheet_names:
                return False
            rows = book.get_sheet_by_name("_meta").to_python()
        finally:
            book.close()
    except Exception:  # unreadable, not a zip, no such part: not ours
        return False
    return any(
        len(r) > 1 and r[0] == "template_id" and r[1] == spec.SUMMARY_TEMPLATE_ID for r in rows
    )


def content_key(content: bytes) -> str:
    """The content key (SPEC §9) of a file's bytes already read: their SHA-256, in hex."""
    return hashlib.sha256(content).hexdigest()


def sha256_of(path: Path) -> str:
    """A file's content key (SPEC §9, ``content_key``), read from the file. Only a regular file
    is read: a FIFO or a device is refused (``OSError``) without waiting or reading for ever."""
    with _regular(path) as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def regular_file_bytes(path: Path) -> bytes:
    """A regular file's bytes, read once (refused as ``sha256_of`` refuses)."""
    with _regular(path) as stream:
        return stream.read()


@contextlib.contextmanager
def _regular(path: Path) -> Iterator[io.BufferedReader]:
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO's open waits
    with open(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)
        yield stream
