"""Every text ``ita-xl`` prints of its own, in Thai and English, in one place: the help of each
command and option (``HELP``; argparse's own words are translated in
``commands._HELP_WORDS_TH``) and the messages (``MESSAGES``, ``str.format`` templates filled by
``message``). Help keys: the command, then the option without its dashes (``new.org``); options
every command shares have no command. Message keys: where the message is said, then its words.
Messages about a return are the findings catalogue's (``checking.findings``)."""

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
        "สร้างที่เก็บข้อมูลใหม่จากไฟล์แบบรายงาน (ไฟล์เดิมย้ายไว้ข้างกัน ประวัติและผลการพิจารณาที่ยังอ่านได้"
        "ในไฟล์เดิม เก็บต่อไว้ ผลการพิจารณาอ่านกลับจากไฟล์สรุปด้วย)",
        "rebuild the store from the returns (the old file is kept beside it; the history and"
        " reviews that still read in it are kept, and reviews are read back from the summary)",
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

MESSAGES: dict[str, tuple[str, str]] = {
    "units.unreadable": (
        "อ่านไฟล์ --units {path} ไม่ได้ ({error})",
        "cannot read --units {path} ({error})",
    ),
    "units.empty": (
        "ไฟล์ --units {path} ไม่มีชื่อหน่วยงาน",
        "--units {path} lists no unit",
    ),
    "new.note": (
        "หมายเหตุ: {th}",
        "note: {en}",
    ),
    "new.wrote": (
        "สร้างแบบรายงาน {output} แล้ว ปีงบประมาณ {shown} (กรอบการประเมิน {id})",
        "wrote {output}, fiscal year {fiscal_year} (framework {id})",
    ),
    "new.source-problems": (
        "แบบรายงานต้นทาง {source} มีปัญหา {shown_0} รายการ (ข้อผิดพลาด {shown_1}) "
        "ให้ตรวจข้อมูลที่ยกมาด้วย รายการสำคัญ:",
        "the source {source} has {problems_count} problem(s) ({errors} errors); check what "
        "was carried forward; the most serious:",
    ),
    "new.source-problems-more": (
        "  … ดูทั้งหมดด้วย ita-xl validate {source}",
        "  … all of them: ita-xl validate {source}",
    ),
    "frameworks.export-exists": (
        "มีไฟล์ {path} อยู่แล้ว จะไม่เขียนทับ (เพิ่ม --force ถ้าต้องการ)",
        "{path} exists and is not overwritten (add --force)",
    ),
    "frameworks.exported": (
        "เขียนกรอบการประเมิน {id} ไว้ที่ {path} แก้ไขแล้วใช้ด้วย --framework {path}",
        "wrote framework {id} to {path}; edit it and use --framework {path}",
    ),
    "frameworks.reports": (
        "รายงานผลปี {results_fiscal_year}",
        "reports on {results_fiscal_year}",
    ),
    "frameworks.current-year": (
        " ← ปีปัจจุบัน",
        " ← current year",
    ),
    "frameworks.indicators": (
        "ตัวชี้วัด",
        "indicators",
    ),
    "frameworks.framework": (
        "กรอบ",
        "framework",
    ),
    "annotate.folder-for-several": (
        "--annotate {out} ต้องเป็นโฟลเดอร์เมื่อตรวจหลายไฟล์ ({files_count} ไฟล์)",
        "--annotate {out} must be a folder for several files ({files_count} files)",
    ),
    "annotate.not-a-workbook-name": (
        "--annotate {out}: สำเนาที่ระบายสีต้องเป็นไฟล์ .xlsx หรือ .xlsm (หรือโฟลเดอร์เมื่อตรวจหลายไฟล์)",
        "--annotate {out}: a marked copy is an .xlsx or .xlsm file (or a folder for several files)",
    ),
    "annotate.same-suffix": (
        "--annotate {out} ต้องมีนามสกุลเดียวกับไฟล์ที่ตรวจ ({suffix}) เพื่อให้ปุ่มและแมโครยังอยู่ครบ",
        "--annotate {out} must have the input's suffix ({suffix}), so its macros stay whole",
    ),
    "annotate.would-replace": (
        "--annotate จะเขียนทับไฟล์ที่มีอยู่แล้วซึ่งไม่ใช่สำเนาระบายสีที่ ita-xl สร้าง "
        "({clashes_count} ไฟล์) จึงไม่ได้เขียนไฟล์ใดเลย ให้ระบุโฟลเดอร์อื่นหรือชื่ออื่น:\n"
        "{shown}",
        "--annotate would replace {clashes_count} existing file(s) that are not marked copies"
        " made by ita-xl, so nothing was written; give another folder or name:\n{shown}",
    ),
    "jobs.positive": (
        "--jobs ต้องเป็นจำนวนเต็มบวก",
        "--jobs must be a positive number",
    ),
    "validate.totals": (
        "ตรวจ {th_files} ไฟล์: ผ่าน {th_passed} ไม่ผ่าน {th_failed} (ข้อผิดพลาด {th_errors} "
        "คำเตือน {th_warnings} ข้อสังเกต {th_infos})",
        "checked {totals_files} file(s): {passed} passed, {failed} failed ({totals_errors} "
        "errors, {totals_warnings} warnings, {totals_infos} infos)",
    ),
    "validate.fiscal-year": (
        "ปีงบประมาณ {fiscal_year_th}",
        "FY {fiscal_year}",
    ),
    "annotate.unreadable": (
        "ไม่ได้เขียนสำเนา {target}: อ่านไฟล์ {path} ไม่ได้",
        "no marked copy {target}: {path} could not be read",
    ),
    "annotate.refused": (
        "ไม่ได้เขียนสำเนา {target}: {message_th}",
        "no marked copy {target}: {message_en}",
    ),
    "annotate.openpyxl-failed": (
        "ไม่ได้เขียนสำเนา {target}: openpyxl เปิดไฟล์นี้ไม่ได้ ({error})",
        "no marked copy {target}: openpyxl cannot open this file ({error})",
    ),
    "rollup.output-not-xlsx": (
        "ชื่อไฟล์สรุปต้องลงท้ายด้วย .xlsx ({output})",
        "the summary's name must end in .xlsx ({output})",
    ),
    "rollup.output-is-folder": (
        "{output} เป็นโฟลเดอร์ ให้ระบุชื่อไฟล์ .xlsx",
        "{output} is a folder; give an .xlsx file name",
    ),
    "rollup.previous-not-found": (
        "ไม่พบ {shown}",
        "not found: {shown}",
    ),
    "rollup.input-not-found": (
        "ไม่พบ {missing_list}",
        "not found: {missing_list}",
    ),
    "rollup.wrote": (
        "เขียนสรุปไว้ที่ {output}",
        "wrote {output}",
    ),
    "rollup.store-used": (
        "ที่เก็บข้อมูล {store}: อ่าน {read} ไฟล์ อีก {kept} ไฟล์ไม่เปลี่ยนตั้งแต่อ่านครั้งก่อนจึงไม่อ่านซ้ำ",
        "store {store}: {read} read now; {kept} unchanged since read before, not read again",
    ),
    "rollup.no-store-would-lose-reviews": (
        "ไม่ได้เขียนทับ {output}: ในทะเบียนการส่งมีผลการพิจารณาที่ทีมพิมพ์ไว้ {count} แถว "
        "การสรุปแบบ --no-store ไม่เก็บผลการพิจารณา จะทำให้หายไป ให้สรุปโดยไม่ใส่ --no-store "
        "(ผลการพิจารณาจะถูกเก็บไว้ในที่เก็บข้อมูลและแสดงในสรุปใหม่) หรือใช้ -o ชื่อไฟล์อื่น",
        "{output} was not replaced: its register holds {count} review(s) the team typed, and a "
        "run with --no-store keeps no reviews, so they would be lost; run without --no-store "
        "(the reviews are kept in the store and shown in the new summary) or give another -o",
    ),
    "rollup.history-in-another-store": (
        "{output} น่าจะทำไว้ด้วยที่เก็บข้อมูล {earlier} (ประวัติการส่งและผลการพิจารณาอยู่ที่นั่น) "
        "รอบนี้เริ่มที่เก็บข้อมูลใหม่ที่ {store} ถ้าจะทำต่อจากเดิม ให้สั่งใหม่โดยใส่ --store {earlier}",
        "{output} seems to have been made with the store {earlier} (its history and reviews "
        "are there); this run starts a new store, {store}; to go on with the earlier one, run "
        "again with --store {earlier}",
    ),
    "rollup.reviews-from-ods": (
        "อ่านผลการพิจารณาจาก {ods} ด้วย (บันทึกจาก LibreOffice เป็น .ods หลัง {output}) "
        "สรุปใหม่จะเขียนที่ {output} ไฟล์ .ods คงไว้ตามเดิม",
        "also read the reviews in {ods} (saved from LibreOffice as .ods after {output}); the new "
        "summary goes to {output}, and the .ods is left as it is",
    ),
    "rollup.reviews-not-on-list": (
        "ผลการพิจารณาที่ไม่ใช่คำในรายการถือเป็น 'รอพิจารณา' และเก็บคำที่พิมพ์ไว้ในวงเล็บท้ายหมายเหตุผู้พิจารณา: "
        "{entries} ให้เลือกจากรายการ ({words}) ในทะเบียนการส่งของสรุปใหม่",
        "reviews that are none of the list's words were taken as pending, what was typed kept "
        "in brackets at the end of the reviewer's note: {entries}; choose from the list "
        "({words}) in the register of the new summary",
    ),
    "rollup.summary-kept-beside": (
        "ไม่พบทะเบียนการส่งใน {output} (ชื่อชีตหรือหัวตารางถูกเปลี่ยน) จึงอ่านผลการพิจารณาที่พิมพ์ไว้"
        "ไม่ได้ เก็บไฟล์นั้นไว้ที่ {kept} ก่อนเขียนสรุปใหม่ ให้พิมพ์ผลการพิจารณาลงในสรุปใหม่อีกครั้ง",
        "no register was found in {output} (a sheet or its header renamed), so the reviews typed "
        "there could not be read: it was kept as {kept} before the new summary was written; type "
        "its reviews into the new one",
    ),
    "rollup.summary-kept-beside-typed": (
        "สิ่งที่พิมพ์เพิ่มใน {output} นอกส่วนที่ ita-xl เขียน ({places}) ไม่มีในสรุปใหม่ "
        "เก็บไฟล์นั้นไว้ที่ {kept} ก่อนเขียนสรุปใหม่",
        "what was typed into {output} beyond what ita-xl wrote ({places}) is not in the new "
        "summary: it was kept as {kept} before the new summary was written",
    ),
    "rollup.summary-kept-beside-typed-over": (
        "การแก้ค่าที่ ita-xl เขียนไว้ (พิมพ์ทับ ลบ หรือย้ายค่าหรือแถว) ใน {output} ({places}) "
        "ไม่มีในสรุปใหม่ ซึ่งแสดงค่าจากแบบรายงาน"
        "และที่เก็บข้อมูลเช่นเดิม เก็บไฟล์นั้นไว้ที่ {kept} ก่อนเขียนสรุปใหม่ สิ่งที่ต้องการบันทึกไว้ให้พิมพ์ใน "
        "'หมายเหตุผู้พิจารณา' ซึ่งการรวมผลครั้งต่อไปอ่านกลับ ส่วนค่าที่ผิดให้แก้ในแบบรายงาน",
        "changes to what ita-xl wrote (values typed over, deleted or moved, rows deleted) in "
        "{output} ({places}) are not in the new summary, "
        "which shows what the returns and the store say as before: it was kept as {kept} before "
        "the new summary was written; type what should be kept in 'หมายเหตุผู้พิจารณา' "
        "(reviewer's note), which the next roll-up reads back, and correct wrong values in the "
        "returns",
    ),
    "rollup.summary-kept-beside-unplaced": (
        "ผลการพิจารณาที่พิมพ์ไว้ใน {output} ของ {files} เป็นของฉบับที่ไม่มีแล้ว (ไฟล์ถูกแทนที่หรือนำออก"
        "หลังเขียนสรุป และที่เก็บข้อมูลไม่มีประวัติฉบับนั้น) จึงไม่นำไปใช้กับฉบับที่มีตอนนี้ "
        "เก็บไฟล์นั้นไว้ที่ {kept} ก่อนเขียนสรุปใหม่ ให้พิจารณาฉบับที่มีตอนนี้ในสรุปใหม่",
        "the reviews typed in {output} for {files} are of versions no longer there (the file "
        "replaced or removed after the summary was written, and the store has no record of that "
        "version), so they were not given to the version there now: it was kept as {kept} before "
        "the new summary was written; review the version there now in the new summary",
    ),
    "rollup.store-set-aside": (
        "ย้ายที่เก็บข้อมูลเดิมไว้ที่ {set_aside}",
        "the old store was moved to {set_aside}",
    ),
    "rollup.store-salvaged": (
        "จากที่เก็บข้อมูลเดิมยังอ่านได้และเก็บไว้: ประวัติการส่ง {versions} ฉบับ ผลการพิจารณา {reviews} รายการ",
        "kept from the old store, which still reads: {versions} versions in the history, "
        "{reviews} reviews",
    ),
    "rollup.roster-given-as-input": (
        "{roster} คือทะเบียนรายชื่อ ไม่ใช่แบบรายงาน ให้ระบุโฟลเดอร์หรือไฟล์แบบรายงานเป็น "
        "INPUT และทะเบียนรายชื่อหลัง --roster เท่านั้น",
        "{roster} is the roster, not a return: give the returns' folder or files as INPUT and"
        " the roster after --roster only",
    ),
    "rollup.no-returns": (
        "ไม่พบแบบรายงาน (.xlsx .xlsm .xls .xlsb .ods) ใน {where}{seen_0} {hint_0}ไม่ได้เขียนไฟล์สรุป",
        "no return workbooks (.xlsx .xlsm .xls .xlsb .ods) in {where}{seen_1}; {hint_1}no "
        "summary was written",
    ),
    "output.not-ours": (
        "มีไฟล์ {output} อยู่แล้วและไม่ใช่{what_0} จึงไม่เขียนทับ "
        "(อาจเป็นแบบรายงานหรือเอกสารของผู้ใช้) ให้ระบุชื่อไฟล์อื่น",
        "{output} exists and is not {what_1}, so it is not overwritten (it may be a return or"
        " a user's document); give another name",
    ),
    "report.pdf-not-ours": (
        "มีไฟล์ {pdf} อยู่แล้วและไม่ได้สร้างคู่กับรายงานของ ita-xl จึงไม่เขียนทับ ให้ระบุชื่อรายงานอื่น",
        "{pdf} exists and was not made with an ita-xl report, so it is not overwritten; give "
        "the report another name",
    ),
    "rollup.totals": (
        "สรุปปีงบประมาณ {year}: ต้องส่ง {s_expected} ได้รับ {s_received} ผ่าน {s_passed} "
        "มีข้อผิดพลาด {s_with_errors} อ่านไม่ได้ {s_unreadable} ไม่ได้ส่ง {s_missing} "
        "ฉบับเก่า {s_superseded} · มาตรการ {s_measures} ผลการติดตาม {s_followups}",
        "fiscal year {year}: expected {s_expected}, received {s_received}, passed {s_passed},"
        " with errors {s_with_errors}, unreadable {s_unreadable}, missing {s_missing}, "
        "superseded {s_superseded} · {s_measures} measures, {s_followups} follow-ups",
    ),
    "rollup.skipped": (
        "ข้ามไฟล์ {skipped} ไฟล์ ({th})",
        "skipped {skipped} file(s) ({en})",
    ),
    "rollup.more-entries": (
        " และอีก {extra} รายการ",
        " and {extra} more",
    ),
    "rollup.unopened-more": (
        " และอีก {extra} ไฟล์",
        " and {extra} more",
    ),
    "rollup.unopened": (
        "ไฟล์ที่อาจมีแบบรายงานแต่ไม่ได้เปิดอ่าน (CSV หรือไฟล์บีบอัด ให้แตกไฟล์หรือขอไฟล์ .xlsx): {names}{rest}",
        "files that may hold returns but were not opened (CSV or archives: unpack them or ask"
        " for the .xlsx): {names}{rest}",
    ),
    "rollup.to-follow-up": (
        "ต้องติดตาม {attention_count} รายการ:",
        "{attention_count} to follow up:",
    ),
    "rollup.to-follow-up-more": (
        "  … และอีก {more} รายการ ดูทั้งหมดในชีต 'ทะเบียนการส่ง' ของไฟล์สรุป",
        "  … and {more} more: see the 'ทะเบียนการส่ง' sheet of the summary",
    ),
    "kit.wrote": (
        "สร้างชุดติดตั้งไว้ที่ {folder} แล้ว ({wheels_count} wheel สำหรับ Python "
        "{versions_list}) ส่งทั้งโฟลเดอร์ให้เจ้าหน้าที่ แล้วให้ดับเบิลคลิก ติดตั้ง.bat",
        "wrote the kit to {folder} ({wheels_count} wheels for Python {versions_list}); hand "
        "the whole folder to officers, who double-click ติดตั้ง.bat",
    ),
    "upgrade.not-found": (
        "ไม่พบ {old}",
        "not found: {old}",
    ),
    "upgrade.output-not-workbook-name": (
        "ชื่อแบบรายงานใหม่ต้องลงท้ายด้วย .xlsx หรือ .xlsm ({new})",
        "the new return's name must end in .xlsx or .xlsm ({new})",
    ),
    "upgrade.output-exists": (
        "มีไฟล์ {new} อยู่แล้ว จึงไม่เขียนทับ ให้ระบุชื่อไฟล์อื่น",
        "{new} exists and is not overwritten; give another name",
    ),
    "upgrade.no-place": (
        "ไม่มีที่ลง: ชีต {sheet} {value} เซลล์ {cells} ให้คัดลอกเองลงแบบรายงานใหม่",
        "no place: sheet {sheet} {value} cells {cells}; copy them by hand",
    ),
    "upgrade.moved": (
        "ย้าย {moves_count_th} ค่าลงแบบรายงานรุ่นปัจจุบัน ({id}) ที่ {new}",
        "moved {moves_count} values onto the current template ({id}) at {new}",
    ),
    "feedback.not-a-summary": (
        "{shown} ไม่ใช่ไฟล์สรุปที่ ita-xl rollup สร้าง",
        "{shown} is not a summary ita-xl rollup wrote",
    ),
    "feedback.output-is-file": (
        "{output} เป็นไฟล์ ให้ระบุโฟลเดอร์",
        "{output} is a file; give a folder",
    ),
    "feedback.wrote": (
        "หนังสือแจ้งผลการตรวจ {letters_th} ฉบับ ผู้ยังไม่ได้ส่ง {missing_th} ราย เขียนไว้ที่ {output}",
        "{letters} letters, {missing} not received; written to {output}",
    ),
    "report.output-not-docx": (
        "ชื่อไฟล์รายงานต้องลงท้ายด้วย .docx ({output})",
        "the report's name must end in .docx ({output})",
    ),
    "report.inputs-not-found": (
        "ไม่พบไฟล์ {missing_list}",
        "no such file: {missing_list}",
    ),
    "report.warning": (
        "คำเตือน",
        "warning",
    ),
    "report.wrote": (
        "เขียนรายงานไว้ที่ {docx_path}",
        "wrote {docx_path}",
    ),
    "report.wrote-pdf": (
        "และ {pdf_path}",
        "and {pdf_path}",
    ),
    "interrupted": (
        "\nหยุดตามคำสั่ง (Ctrl-C) ไม่ได้เขียนไฟล์ผลใด ๆ ที่ยังไม่เสร็จ",
        "\nstopped (Ctrl-C); no unfinished output was written",
    ),
}


def help_text(key: str, lang: str) -> str:
    """The help under ``key`` in ``lang`` (``th`` or ``en``)."""
    th, en = HELP[key]
    return en if lang == "en" else th


def message(key: str, **fields: object) -> tuple[str, str]:
    """The message under ``key`` in Thai and English, its fields filled (a field the template
    names and the caller did not give is a ``KeyError``)."""
    th, en = MESSAGES[key]
    return th.format(**fields), en.format(**fields)
