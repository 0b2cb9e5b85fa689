"""Plausible returns of other (fictitious) organisations for FY2566, to show and test the tool.

- เทศบาลตำบลหนองบัวทอง sends one return per division (สำนักปลัดเทศบาล, กองคลัง, กองช่าง);
  its กองการศึกษา is on the roster but sends nothing.
- องค์การบริหารส่วนตำบลคลองใหม่ sends a clean return that went through LibreOffice.
- องค์การบริหารส่วนตำบลโนนสะอาด sends a return with the mistakes officers typically make
  (listed in MISTAKES, with the cell of each).
"""

from datetime import date

from ita_xl.workbook.template import Formula

DONE, ONGOING = "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"

_NBT = {
    "org_name": "เทศบาลตำบลหนองบัวทอง",
    "org_type": "เทศบาลตำบล",
    "district": "สารภี",
    "province": "เชียงใหม่",
    "fiscal_year": 2566,
    "round": "๑๒ เดือน",
}


def _nbt(division: str, preparer: str, day: date, measures: list[dict[str, object]],
         followups: list[dict[str, object]], indicators: dict[int, dict[str, object]]
         ) -> dict[str, object]:  # fmt: skip
    return {
        "info": {**_NBT, "division": division, "preparer": preparer, "position": "นักวิเคราะห์นโยบายและแผน",
                 "phone": "053 322 145", "email": "ita@nongbuathong.go.th", "prepared_on": day},
        "indicators": indicators, "measures": measures, "followups": followups,
    }  # fmt: skip


RETURNS: dict[str, dict[str, object]] = {
    "nongbuathong_palad_2566_12m.xlsx": _nbt(
        "สำนักปลัดเทศบาล",
        "นางสาวพิมพ์ชนก ใจดี",
        date(2023, 9, 25),
        indicators={
            3: {
                "last_score": 78.5,
                "weaknesses": "การมอบหมายงานยังไม่ชัดเจนและไม่ทั่วถึง",
                "to_develop": "จัดทำคำสั่งมอบหมายงานและเผยแพร่ให้บุคลากรทราบ",
                "responsible": "สำนักปลัดเทศบาล",
                "result": "ออกคำสั่งมอบหมายงานแล้ว",
            },
            7: {
                "last_score": 84.2,
                "weaknesses": "ช่องทางการสื่อสารกับประชาชนยังน้อย",
                "to_develop": "เพิ่มช่องทาง Line Official และเพจ Facebook",
                "responsible": "สำนักปลัดเทศบาล",
                "result": "เปิดใช้ Line Official แล้ว",
            },
        },
        measures=[
            {
                "code": "M01",
                "measure": "มาตรการมอบหมายงานอย่างเป็นธรรม",
                "indicator": "๓ การใช้อำนาจ",
                "approach": "กำหนดหลักเกณฑ์การมอบหมายงานตามตำแหน่งและภาระงาน",
                "steps": "๑. จัดทำคำสั่งมอบหมายงาน\n๒. ประกาศให้บุคลากรทราบ\n๓. ทบทวนทุก ๖ เดือน",
                "responsible": "สำนักปลัดเทศบาล",
                "schedule": "๖ และ ๑๒ เดือน",
                "start": date(2022, 10, 1),
                "end": date(2023, 9, 30),
            },
            {
                "code": "M02",
                "measure": "มาตรการเพิ่มช่องทางการสื่อสารกับประชาชน",
                "indicator": "7",
                "approach": "สื่อสารข้อมูลผ่านช่องทางออนไลน์ที่ประชาชนใช้",
                "steps": "๑. เปิดบัญชี Line Official\n๒. ประชาสัมพันธ์ข่าวสารทุกสัปดาห์",
                "responsible": "สำนักปลัดเทศบาล",
                "schedule": "๖ และ ๑๒ เดือน",
                "start": date(2022, 11, 1),
                "end": date(2023, 9, 30),
            },
        ],
        followups=[
            {
                "code": "M01",
                "round": "๑๒ เดือน",
                "details": "ออกคำสั่งมอบหมายงานและประกาศให้บุคลากรทราบ",
                "period": "ต.ค. ๖๕ – ก.ย. ๖๖",
                "output": "คำสั่งมอบหมายงาน ๑ ฉบับ",
                "outcome": "บุคลากรทราบหน้าที่ของตนชัดเจน",
                "status": DONE,
                "evidence_url": "https://www.nongbuathong.go.th/ita/o43/m01",
            },
            {
                "code": "M02",
                "round": "๑๒ เดือน",
                "details": "เปิดใช้ Line Official และโพสต์ข่าวทุกสัปดาห์",
                "period": "พ.ย. ๖๕ – ก.ย. ๖๖",
                "output": "ข่าวประชาสัมพันธ์ ๔๘ เรื่อง",
                "outcome": "ประชาชนได้รับข่าวสารรวดเร็วขึ้น",
                "status": DONE,
                "evidence_url": "https://www.nongbuathong.go.th/ita/o43/m02",
            },
        ],
    ),
    "nongbuathong_klang_2566_12m.xlsx": _nbt(
        "กองคลัง",
        "นายสมชาย รักษ์ดี",
        date(2023, 9, 27),
        indicators={
            2: {
                "last_score": 81.0,
                "weaknesses": "บุคลากรไม่ทราบแผนการใช้จ่ายงบประมาณ",
                "to_develop": "เผยแพร่แผนการใช้จ่ายงบประมาณและรายงานผลรายไตรมาส",
                "responsible": "กองคลัง",
                "result": "เผยแพร่แผนและรายงานรายไตรมาสแล้ว",
            },
        },
        measures=[
            {
                "code": "M01",
                "measure": "มาตรการเผยแพร่แผนการใช้จ่ายงบประมาณประจำปี",
                "indicator": "๒",
                "approach": "เปิดเผยแผนและผลการใช้จ่ายงบประมาณบนเว็บไซต์หลัก",
                "steps": "๑. จัดทำแผนการใช้จ่ายงบประมาณ\n๒. เผยแพร่บนเว็บไซต์\n๓. รายงานผลรายไตรมาส",
                "responsible": "กองคลัง",
                "schedule": "๓, ๖, ๙ และ ๑๒ เดือน",
                "start": date(2022, 10, 1),
                "end": date(2023, 9, 30),
            },
            {
                "code": "M02",
                "measure": "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
                "indicator": "๒ การใช้งบประมาณ",
                "approach": "ประกาศแผนและผลการจัดซื้อจัดจ้างตามระเบียบ",
                "steps": "๑. ประกาศแผนการจัดซื้อจัดจ้าง\n๒. สรุปผลการจัดซื้อจัดจ้างรายเดือน",
                "responsible": "กองคลัง",
                "schedule": "๖ และ ๑๒ เดือน",
            },
        ],
        followups=[
            {
                "code": "M01",
                "round": "๑๒ เดือน",
                "details": "เผยแพร่แผนและรายงานผลการใช้จ่ายงบประมาณครบ ๔ ไตรมาส",
                "period": "ตลอดปีงบประมาณ ๒๕๖๖",
                "output": "รายงาน ๔ ฉบับ",
                "outcome": "บุคลากรและประชาชนตรวจสอบการใช้จ่ายได้",
                "status": DONE,
                "evidence_url": "https://www.nongbuathong.go.th/ita/o43/klang-m01",
            },
            {
                "code": "M02",
                "round": "๑๒ เดือน",
                "details": "ประกาศแผนและสรุปผลการจัดซื้อจัดจ้างรายเดือน",
                "period": "ต.ค. ๖๕ – ก.ย. ๖๖",
                "output": "สรุปผล ๑๒ ฉบับ",
                "outcome": "การจัดซื้อจัดจ้างตรวจสอบได้",
                "status": DONE,
                "evidence_url": "https://www.nongbuathong.go.th/ita/o43/klang-m02",
            },
        ],
    ),
    "nongbuathong_chang_2566_12m.xlsx": _nbt(
        "กองช่าง",
        "นายวิทยา ช่างคิด",
        date(2023, 9, 28),
        indicators={
            4: {
                "last_score": 86.0,
                "weaknesses": "การยืมเครื่องมือช่างไม่มีทะเบียนคุม",
                "to_develop": "จัดทำทะเบียนคุมการยืม-คืนทรัพย์สิน",
                "responsible": "กองช่าง",
                "result": "ใช้ทะเบียนคุมแล้ว",
            },
        },
        measures=[
            {
                "code": "M01",
                "measure": "มาตรการควบคุมการยืม-คืนทรัพย์สินของราชการ",
                "indicator": "๔",
                "approach": "ยืม-คืนทรัพย์สินผ่านทะเบียนคุมที่ตรวจสอบได้",
                "steps": "๑. จัดทำทะเบียนคุม\n๒. ตรวจนับทรัพย์สินทุกไตรมาส",
                "responsible": "กองช่าง",
                "schedule": "๖ และ ๑๒ เดือน",
                "start": date(2022, 10, 1),
                "end": date(2023, 9, 30),
            },
        ],
        followups=[
            {
                "code": "M01",
                "round": "๑๒ เดือน",
                "details": "ใช้ทะเบียนคุมการยืม-คืนและตรวจนับทุกไตรมาส",
                "period": "ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖",
                "output": "ทะเบียนคุม ๑ เล่ม ตรวจนับ ๔ ครั้ง",
                "outcome": "ไม่มีทรัพย์สินสูญหาย",
                "status": DONE,
                "evidence_url": "https://www.nongbuathong.go.th/ita/o43/chang-m01",
            },
        ],
    ),
    "klongmai_2566_12m_libreoffice.xlsx": {
        "info": {
            "org_name": "องค์การบริหารส่วนตำบลคลองใหม่",
            "org_type": "องค์การบริหารส่วนตำบล",
            "district": "รัตภูมิ",
            "province": "สงขลา",
            "fiscal_year": "๒๕๖๖",
            "round": "๑๒ เดือน",
            "preparer": "นางสาวอัญชลี ศรีสุข",
            "position": "นักทรัพยากรบุคคล",
            "phone": "074 389 120",
            "email": "saraban@klongmai.go.th",
            "prepared_on": "๒๙ ก.ย. ๒๕๖๖",
        },
        "indicators": {
            5: {
                "last_score": "๘๓.๑๐",
                "weaknesses": "ช่องทางร้องเรียนการทุจริตไม่เป็นที่รู้จัก",
                "to_develop": "ประชาสัมพันธ์ช่องทางร้องเรียนและติดตามผลได้",
                "responsible": "สำนักปลัด",
                "result": "มีระบบร้องเรียนออนไลน์แล้ว",
            },
            10: {
                "last_score": "๗๙.๕๐",
                "weaknesses": "ข้อมูลมาตรการภายในไม่ครบ",
                "to_develop": "เผยแพร่มาตรการภายในบนเว็บไซต์ให้ครบถ้วน",
                "responsible": "สำนักปลัด",
                "result": "เผยแพร่ครบแล้ว",
            },
        },
        "measures": [
            {
                "code": "M01",
                "measure": "มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
                "indicator": "๕ การแก้ไขปัญหาการทุจริต",
                "approach": "รับเรื่องร้องเรียนหลายช่องทางและแจ้งผลแก่ผู้ร้องเรียน",
                "steps": "๑. เปิดระบบร้องเรียนออนไลน์\n๒. แจ้งผลภายใน ๑๕ วัน",
                "responsible": "สำนักปลัด",
                "schedule": "๖ และ ๑๒ เดือน",
                "start": "๑ ต.ค. ๒๕๖๕",
                "end": "๓๐ ก.ย. ๒๕๖๖",
            },
            {
                "code": "M02",
                "measure": "มาตรการเผยแพร่มาตรการภายในเพื่อป้องกันการทุจริต",
                "indicator": "๑๐ การป้องกันการทุจริต",
                "approach": "เผยแพร่มาตรการภายในทุกเรื่องบนเว็บไซต์หลัก",
                "steps": "๑. รวบรวมมาตรการภายใน\n๒. เผยแพร่บนเว็บไซต์",
                "responsible": "สำนักปลัด",
                "schedule": "๑๒ เดือน",
            },
        ],
        "followups": [
            {
                "code": "M01",
                "round": "๑๒ เดือน",
                "details": "เปิดระบบร้องเรียนออนไลน์ รับเรื่อง ๗ เรื่อง แจ้งผลครบ",
                "period": "ต.ค. ๖๕ - ก.ย. ๖๖",
                "output": "ระบบร้องเรียนออนไลน์",
                "outcome": "ผู้ร้องเรียนติดตามผลได้",
                "status": DONE,
                "evidence_url": "https://www.klongmai.go.th/ita/o43-1",
            },
            {
                "code": "M02",
                "round": "๑๒ เดือน",
                "details": "เผยแพร่มาตรการภายใน ๖ เรื่อง",
                "period": "เดือนมกราคม ๒๕๖๖",
                "output": "มาตรการภายใน ๖ เรื่อง",
                "outcome": "ประชาชนเข้าถึงมาตรการได้",
                "status": DONE,
                "evidence_url": "https://www.klongmai.go.th/ita/o43-2",
            },
        ],
    },
    "nonsaard_2566_6m_mistakes.xlsx": {
        "info": {
            "org_name": "องค์การบริหารส่วนตำบลโนนสะอาด",
            "org_type": "องค์การบริหารส่วนตำบล",
            "district": "ชุมแพ",
            "province": "ขอนแก่น",
            "fiscal_year": 2023,  # MISTAKE ITA-T201: Christian era
            "round": "๖ เดือน",
            "preparer": "นายประเสริฐ  มั่นคง ",  # stray spaces
            "position": "ปลัดองค์การบริหารส่วนตำบล",
            "phone": "12345",  # MISTAKE ITA-C107
            "email": "saraban@nonsaard",  # MISTAKE ITA-C107
            "prepared_on": "31/3/2566",
        },
        "indicators": {
            1: {
                "last_score": 105,  # MISTAKE ITA-C104
                "weaknesses": "การให้บริการไม่เป็นไปตามขั้นตอน",
                "to_develop": "จัดทำคู่มือการให้บริการ",
                "responsible": "สำนักปลัด",
                "result": "อยู่ระหว่างจัดทำ",
            },
            8: {
                "last_score": 72.4,
                "weaknesses": "ยังไม่เปิดให้ประชาชนมีส่วนร่วมปรับปรุงบริการ",
                "to_develop": "เปิดรับฟังความคิดเห็น",
                "responsible": "กองคลัง",
                "result": "",
            },
        },
        "measures": [
            {
                "code": "M01",
                "measure": "มาตรการจัดทำคู่มือการให้บริการประชาชน",
                "indicator": "๑",
                "approach": "จัดทำคู่มือการให้บริการทุกงานบริการ",
                "steps": "๑. สำรวจงานบริการ\n๒. จัดทำคู่มือ\n๓. เผยแพร่บนเว็บไซต์",
                "responsible": "สำนักปลัด",
                "schedule": "๖ และ ๑๒ เดือน",
                "start": date(2022, 10, 1),
                "end": date(2023, 9, 30),
            },
            {
                "code": "M02",
                "measure": "มาตรการจัดทำคู่มือการให้บริการประชาชน",  # MISTAKE ITA-R303
                "indicator": "๑",
                "approach": "จัดทำคู่มือการให้บริการ",
                "steps": "จัดทำคู่มือ",
                "responsible": "สำนักปลัด",
                "schedule": "๑๒ เดือน",
            },
            {
                "code": "M03",
                "measure": "มาตรการเเก้ไขปัญหาการทุจริต",  # MISTAKE ITA-T202: เ+เ
                "indicator": "11",  # MISTAKE ITA-C102: no indicator 11
                "approach": "ทบทวนมาตรการป้องกันการทุจริตตามแผนปีงบประมาณ ๒๕๖๕",  # MISTAKE ITA-R307
                "steps": "นำแนวทางของเทศบาลตำบลบ้านโคกมาปรับใช้",  # MISTAKE ITA-R306
                "responsible": "สำนักปลัด",
                "schedule": "๖ เดือน",
                "start": "1/10/2022",
            },  # MISTAKE ITA-T201 in a date
        ],
        "followups": [
            {
                "code": "M01",
                "round": "๖ เดือน",
                "details": "สำรวจงานบริการครบ ๑๒ งาน",
                "period": "ต.ค. ๖๕ - มี.ค. ๖๖",
                "output": "",
                "outcome": "",
                "status": DONE,
            },  # MISTAKE ITA-R308 (and ITA-R309)
            {
                "code": "M09",
                "round": "๖ เดือน",
                "details": "จัดอบรมบุคลากร",  # MISTAKE ITA-R301
                "period": "ต.ค. ๖๔ - มี.ค. ๖๕",  # MISTAKE ITA-R311: the year before
                "output": "อบรม ๑ ครั้ง",
                "outcome": "บุคลากรเข้าใจ",
                "status": "เสร็จแล้ว",  # ITA-C102
                "evidence_url": "www.nonsaard.go.th/ita",
            },  # MISTAKE ITA-C105
            {
                "code": "M03",
                "round": "๖ เดือน",
                "details": '=HYPERLINK("http://x","ดูผล")',  # text, stays inert
                "period": "มี.ค. ๖๖",
                "output": Formula("=1/0", "#DIV/0!"),  # MISTAKE ITA-C106
                "outcome": "ทบทวนแล้ว",
                "status": ONGOING,
            },
        ],
    },
}

LIBREOFFICE_SAVED = "klongmai_2566_12m_libreoffice.xlsx"
