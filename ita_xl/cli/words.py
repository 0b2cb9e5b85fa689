"""The help of every ``ita-xl`` command and option, in Thai and English, in one place (argparse's
own words are translated in ``commands._HELP_WORDS_TH``). Keys: the command, then the option
without its dashes (``new.org``); options every command shares have no command."""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    "ita-xl.description": (
        "แบบรายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA) ใน Excel: สร้างแบบรายงาน ตรวจสอบ"
        " รวมผลหลายหน่วยงาน และจัดทำรายงานประจำปี",
        "The standard Excel workbook for the Thai ITA measures report: make it, check it, "
        "roll many up, and write the annual report",
    ),
    "version": (
        "แสดงรุ่นของโปรแกรมแล้วจบ",
        "show the version and exit",
    ),
    "lang": (
        "ภาษาของข้อความ: th (ค่าเริ่มต้น) หรือ en",
        "language of messages: th (default) or en",
    ),
    "commands.title": (
        "คำสั่ง",
        "commands",
    ),
    "units": (
        "ไฟล์รายชื่อหน่วยงานผู้รับผิดชอบ (บรรทัดละหนึ่ง หรือ CSV)",
        "file of responsible units (one a line, or CSV)",
    ),
    "jobs": (
        "จำนวนโปรเซสที่อ่านพร้อมกัน (ค่าเริ่มต้น: จำนวนคอร์)",
        "worker processes (default: the number of cores)",
    ),
    "format": (
        "รูปแบบผล: text (ค่าเริ่มต้น) หรือ json",
        "output: text (default) or json",
    ),
    "new": (
        "สร้างแบบรายงาน",
        "write the return workbook",
    ),
    "new.description": (
        "สร้างแบบรายงาน (.xlsx หรือ .xlsm ที่มีปุ่มตรวจสอบข้อมูล)",
        "write the return workbook (.xlsx, or .xlsm with the validate button)",
    ),
    "new.output": (
        "ไฟล์ .xlsx หรือ .xlsm ที่จะสร้าง",
        "the .xlsx or .xlsm to write",
    ),
    "new.org": (
        "ชื่อหน่วยงาน",
        "organisation name",
    ),
    "new.org-type": (
        "ประเภทหน่วยงาน เช่น องค์การบริหารส่วนตำบล",
        "organisation type, as the list spells it",
    ),
    "new.province": (
        "จังหวัด",
        "province",
    ),
    "new.year": (
        "ปีงบประมาณ พ.ศ. เช่น ๒๕๗๐ (ค่าเริ่มต้น: ปีงบประมาณปัจจุบัน)",
        "fiscal year, Buddhist era, e.g. 2570 (default: the current fiscal year)",
    ),
    "new.round": (
        "รอบการรายงาน ๓ ๖ ๙ หรือ ๑๒ (เดือน)",
        "reporting round: 3, 6, 9 or 12 (months)",
    ),
    "new.framework": (
        "กรอบการประเมิน: รหัสหรือปี (เช่น ๒๕๗๐) หรือไฟล์ JSON",
        "ITA framework: id or year (e.g. 2570), or a JSON file",
    ),
    "new.macro": (
        "แบบรายงานที่มีปุ่มตรวจสอบข้อมูล (.xlsm)",
        "with the validate button (.xlsm)",
    ),
    "new.force": (
        "เขียนทับไฟล์ที่มีอยู่แล้ว",
        "overwrite an existing file",
    ),
    "new.from": (
        "เริ่มจากแบบรายงานปีที่แล้ว: ข้อมูลหน่วยงาน หน่วยงานผู้รับผิดชอบ และมาตรการที่ต้องรายงานผล",
        "start from last year's return: organisation details, units, and the measures to report on",
    ),
    "new.carry-measures": (
        "คัดลอกมาตรการปีที่แล้วเป็นจุดเริ่มต้นของมาตรการปีนี้ (ใช้กับ --from)",
        "copy last year's measures as a starting point (with --from)",
    ),
    "validate": (
        "ตรวจสอบแบบรายงาน",
        "check filled returns",
    ),
    "validate.description": (
        "ตรวจแบบรายงาน บอกชีต เซลล์ และวิธีแก้ รหัสออก ๐ ไม่มีข้อผิดพลาด ๑ พบข้อผิดพลาด ๒ ใช้คำสั่งไม่ถูกต้อง",
        "check returns: sheet, cell and how to fix; exit 0 no errors, 1 errors, 2 usage",
    ),
    "validate.files": (
        "ไฟล์หรือโฟลเดอร์ที่จะตรวจ (หลายไฟล์ได้ รูปแบบเช่น *.xlsx ได้)",
        "files or folders to check (patterns such as *.xlsx too)",
    ),
    "validate.annotate": (
        "เขียนสำเนาที่ระบายสีเซลล์ที่มีปัญหา (ไฟล์ หรือโฟลเดอร์เมื่อหลายไฟล์)",
        "write a marked copy (a file, or a folder for several inputs)",
    ),
    "rollup": (
        "รวมแบบรายงานเป็นสรุปผลประจำปี",
        "roll many returns up into the summary",
    ),
    "rollup.description": (
        "รวมแบบรายงานจากไฟล์และโฟลเดอร์เป็นสรุปผลประจำปี (.xlsx) ไฟล์ที่เสียไม่หยุดการทำงาน",
        "roll returns from files and folders up into the annual summary (.xlsx); a bad file "
        "never stops the run",
    ),
    "rollup.inputs": (
        "ไฟล์หรือโฟลเดอร์ของแบบรายงาน (ค้นหาในโฟลเดอร์ย่อยด้วย)",
        "return files or folders (searched recursively)",
    ),
    "rollup.o": (
        "ไฟล์สรุปผลประจำปีที่จะสร้าง",
        "the summary workbook to write",
    ),
    "rollup.roster": (
        "ทะเบียนรายชื่อหน่วยงานที่ต้องส่ง (CSV หรือ .xlsx)",
        "roster of who must send (CSV or .xlsx)",
    ),
    "rollup.year": (
        "ปีงบประมาณ พ.ศ. ของการสรุป (ค่าเริ่มต้น: ปีของแบบรายงานส่วนใหญ่)",
        "fiscal year of the summary (default: that of most returns)",
    ),
    "rollup.no-progress": (
        "ไม่แสดงแถบความคืบหน้า",
        "no progress bar",
    ),
    "rollup.previous": (
        "แบบรายงานของปีที่แล้ว (โฟลเดอร์หรือไฟล์) เพื่อเทียบปีต่อปี (ค่าเริ่มต้น: ที่ที่เก็บข้อมูลเคยเห็น)",
        "last year's returns (folders or files), to compare the years (default: those the "
        "store has seen)",
    ),
    "rollup.store": (
        "ที่เก็บข้อมูลของฤดูการรวบรวม (ค่าเริ่มต้น: OUTPUT.ita.sqlite ข้างไฟล์สรุป) "
        "ไฟล์ที่อ่านแล้วไม่อ่านซ้ำ เก็บประวัติการส่งและผลการพิจารณา",
        "the season's store (default: OUTPUT.ita.sqlite beside the summary): files read "
        "before are not read again; keeps the history and the reviews",
    ),
    "rollup.no-store": (
        "รวมผลครั้งเดียวโดยไม่ใช้ที่เก็บข้อมูล",
        "a one-off run without the store",
    ),
    "rollup.rebuild-store": (
        "สร้างที่เก็บข้อมูลใหม่จากไฟล์แบบรายงาน (ไฟล์เดิมย้ายไว้ข้างกัน ผลการพิจารณาอ่านกลับจากไฟล์สรุป)",
        "rebuild the store from the returns (the old file is kept beside it; reviews are read"
        " back from the summary)",
    ),
    "upgrade": (
        "ย้ายแบบรายงานรุ่นก่อนลงแบบรายงานรุ่นปัจจุบัน",
        "move a return onto the current template",
    ),
    "upgrade.description": (
        "ย้ายค่าทุกค่าของแบบรายงานที่ทำจากแบบรายงานรุ่นก่อนลงแบบรายงานรุ่นปัจจุบันของปีเดียวกัน"
        " บอกว่าแต่ละค่าไปอยู่ที่ใด และค่าที่ไม่มีที่ลง",
        "move every value of a return made from an earlier template onto the current template"
        " of its year; says where each value went and which found no place",
    ),
    "upgrade.old": (
        "แบบรายงานรุ่นก่อน (ไม่ถูกแก้ไข)",
        "the earlier return (left as it is)",
    ),
    "upgrade.o": (
        "แบบรายงานใหม่ที่จะสร้าง",
        "the new return to write",
    ),
    "feedback": (
        "หนังสือแจ้งผลการตรวจและรายชื่อผู้ยังไม่ส่ง",
        "letters back and whom to chase",
    ),
    "feedback.description": (
        "จากทะเบียนการส่งในไฟล์สรุปที่คณะทำงานพิจารณาแล้ว: "
        "สำเนาที่ทำเครื่องหมายและหนังสือแจ้งผลการตรวจ (.docx และข้อความ) "
        "ของแบบรายงานที่ส่งกลับแก้ไขหรือมีข้อผิดพลาด และรายชื่อผู้ยังไม่ได้ส่ง",
        "from the register of the summary the team reviewed: a marked copy and a letter "
        "(.docx and text) for each return sent back or with errors, and the list of returns "
        "not received",
    ),
    "feedback.summary": (
        "ไฟล์สรุปที่ ita-xl rollup สร้าง",
        "a summary ita-xl rollup wrote",
    ),
    "feedback.o": (
        "โฟลเดอร์ที่จะเขียน",
        "the folder to write into",
    ),
    "report": (
        "รายงานประจำปี Word/PDF",
        "the annual report, Word/PDF",
    ),
    "report.description": (
        "รายงานประจำปีจากแบบรายงานหนึ่งไฟล์ หรือหลายไฟล์ของส่วนงานในหน่วยงานเดียวกัน",
        "the annual report from one return, or the division returns of one organisation",
    ),
    "report.inputs": (
        "แบบรายงานหนึ่งไฟล์ หรือหลายไฟล์ของส่วนงานในหน่วยงานเดียวกัน",
        "one return, or the division returns of one organisation",
    ),
    "report.o": (
        "ไฟล์ Word ที่จะสร้าง",
        "the Word file to write",
    ),
    "report.pdf": (
        "สร้าง PDF ด้วย LibreOffice ด้วย",
        "also a PDF, through LibreOffice",
    ),
    "report.force": (
        "จัดทำรายงานแม้แบบรายงานมีข้อผิดพลาด",
        "write it despite errors",
    ),
    "report.arabic-digits": (
        "ใช้เลขอารบิกแทนเลขไทย",
        "Arabic digits instead of Thai",
    ),
    "kit": (
        "ชุดติดตั้งแบบไม่ใช้อินเทอร์เน็ตสำหรับเจ้าหน้าที่",
        "an offline install kit for officers",
    ),
    "kit.description": (
        "สร้างชุดติดตั้งปุ่มตรวจสอบข้อมูลสำหรับ Windows ที่ไม่ต้องใช้อินเทอร์เน็ต: wheel ของ "
        "ita-xl และทุกไลบรารีที่ต้องใช้ แบบรายงาน .xlsm ติดตั้ง.bat และคำแนะนำภาษาไทย",
        "build the offline install kit for the validate button on Windows: the ita-xl wheel "
        "and every dependency's, the .xlsm template, ติดตั้ง.bat and a Thai README",
    ),
    "kit.folder": (
        "โฟลเดอร์ที่จะสร้างชุดติดตั้ง",
        "the folder to build the kit in",
    ),
    "kit.python": (
        "รุ่น Python บน Windows (ค่าเริ่มต้น 3.11 3.12 3.13)",
        "the Windows Python versions (default 3.11 3.12 3.13)",
    ),
    "frameworks": (
        "กรอบการประเมินที่มี",
        "the ITA frameworks",
    ),
    "frameworks.description": (
        "กรอบการประเมิน ITA ที่มี รหัสรายการ ปีที่รายงานผล และสถานะของข้อมูล",
        "the shipped ITA frameworks: item codes, results year and the status of their facts",
    ),
    "frameworks.export": (
        "เขียนกรอบการประเมินของปีนั้นเป็นไฟล์ JSON เพื่อแก้ไขแล้วใช้กับ --framework",
        "write that year's framework as JSON, to edit and use with --framework",
    ),
    "frameworks.force": (
        "เขียนทับไฟล์ที่มีอยู่แล้ว",
        "overwrite an existing file",
    ),
    "any.lang": (
        "ภาษาของข้อความ: th หรือ en",
        "language of messages: th or en",
    ),
}


def help_text(key: str, lang: str) -> str:
    """The help under ``key`` in ``lang`` (``th`` or ``en``)."""
    th, en = HELP[key]
    return en if lang == "en" else th
