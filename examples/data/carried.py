"""A FY2567 return and the FY2568 return started from it with ``ita-xl new --from``.

From FY2568 the report item (O28) covers the previous fiscal year: the FY2568 return carries
FY2567's measures forward as the rows of ``ติดตามผล`` and reports what was done on them in
FY2567, beside its own FY2568 measures (O27). The organisation is fictional.
"""

from datetime import date

FILE_2567 = "nonsaard_2567_12m.xlsx"
FILE_2568 = "nonsaard_2568_carried.xlsx"

INFO_2567 = {
    "org_name": "องค์การบริหารส่วนตำบลโนนสะอาด",
    "org_type": "องค์การบริหารส่วนตำบล",
    "district": "ชุมแพ",
    "province": "ขอนแก่น",
    "fiscal_year": "๒๕๖๗",
    "round": "๑๒ เดือน",
    "preparer": "นางสาวอรุณี ศรีสุข",
    "position": "นักวิเคราะห์นโยบายและแผน",
    "phone": "043 312 345",
    "email": "saraban@nonsaard.go.th",
    "prepared_on": date(2024, 9, 27),
}

INDICATORS_2567 = {
    9: {"last_score": 78.5, "weaknesses": "ข้อมูล OIT บนเว็บไซต์ไม่ครบถ้วนและไม่เป็นปัจจุบัน",
        "to_develop": "ปรับปรุงการเผยแพร่ข้อมูลสาธารณะให้ครบทุกข้อ", "responsible": "สำนักปลัด"},
    10: {"last_score": 72.0, "weaknesses": "ยังไม่มีการประเมินความเสี่ยงการทุจริตที่เป็นระบบ",
         "to_develop": "จัดทำแผนบริหารความเสี่ยงการทุจริต", "responsible": "สำนักปลัด"},
    4: {"last_score": 84.0, "weaknesses": "บุคลากรยืมทรัพย์สินของราชการโดยไม่ขออนุญาต",
        "to_develop": "กำหนดขั้นตอนการยืมทรัพย์สินของราชการ", "responsible": "กองคลัง"},
}  # fmt: skip

MEASURES_2567 = [
    {"code": "M01", "measure": "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "indicator": "๙",
     "approach": "เผยแพร่ข้อมูลครบตามเกณฑ์ OIT", "steps": "๑. ทบทวนข้อมูลบนเว็บไซต์\n๒. มอบหมายผู้รับผิดชอบแต่ละหัวข้อ",
     "responsible": "สำนักปลัด", "schedule": "๖ และ ๑๒ เดือน",
     "start": date(2023, 10, 1), "end": date(2024, 9, 30)},
    {"code": "M02", "measure": "มาตรการประเมินความเสี่ยงการทุจริต", "indicator": "๑๐",
     "approach": "ประเมินความเสี่ยงทุกกระบวนงานที่เกี่ยวกับการอนุมัติอนุญาต",
     "steps": "จัดประชุมคณะทำงานประเมินความเสี่ยง แล้วจัดทำแผนบริหารความเสี่ยง",
     "responsible": "สำนักปลัด", "schedule": "๑๒ เดือน",
     "start": date(2024, 1, 1), "end": date(2024, 9, 30)},
    {"code": "M03", "measure": "มาตรการป้องกันการใช้ทรัพย์สินของราชการเพื่อประโยชน์ส่วนตน", "indicator": "๔",
     "approach": "กำหนดขั้นตอนการยืมทรัพย์สินของราชการ", "steps": "ออกประกาศหลักเกณฑ์การยืมและแบบฟอร์มขออนุญาต",
     "responsible": "กองคลัง", "schedule": "๑๒ เดือน",
     "start": date(2023, 11, 1), "end": date(2024, 9, 30)},
]  # fmt: skip

_DONE = "ดำเนินการแล้วเสร็จ"

FOLLOWUPS_2567 = [
    {"code": "M01", "round": "๑๒ เดือน", "details": "ปรับปรุงข้อมูลบนเว็บไซต์ครบ ๓๓ หัวข้อ",
     "period": "ต.ค. ๖๖ – ก.ย. ๖๗", "output": "เว็บไซต์มีข้อมูลครบตามเกณฑ์",
     "outcome": "ประชาชนเข้าถึงข้อมูลได้สะดวก", "status": _DONE,
     "evidence_url": "https://www.nonsaard.go.th/ita/2567/m01"},
    {"code": "M02", "round": "๑๒ เดือน", "details": "ประเมินความเสี่ยง ๘ กระบวนงาน",
     "period": "มี.ค. ๖๗", "output": "รายงานการประเมินความเสี่ยง", "outcome": "มีแผนบริหารความเสี่ยง",
     "status": _DONE, "evidence_url": "https://www.nonsaard.go.th/ita/2567/m02"},
    {"code": "M03", "round": "๑๒ เดือน", "details": "ออกประกาศหลักเกณฑ์การยืมทรัพย์สิน",
     "period": "พ.ย. ๖๖", "output": "ประกาศ อบต. เรื่องการยืมทรัพย์สิน", "outcome": "การยืมทรัพย์สินมีหลักฐานทุกครั้ง",
     "status": _DONE, "evidence_url": "https://www.nonsaard.go.th/ita/2567/m03"},
]  # fmt: skip

INFO_2568 = {"preparer": "นางสาวอรุณี ศรีสุข", "prepared_on": date(2025, 4, 30)}

INDICATORS_2568 = {
    8: {"last_score": 81.0, "weaknesses": "การนำเทคโนโลยีมาใช้ในการให้บริการยังน้อย",
        "to_develop": "เพิ่มบริการออนไลน์ (E-Service)", "responsible": "สำนักปลัด"},
    9: {"last_score": 92.0, "weaknesses": "", "to_develop": "", "responsible": "สำนักปลัด"},
}  # fmt: skip

MEASURES_2568 = [
    {"code": "M01", "measure": "มาตรการเพิ่มบริการออนไลน์ (E-Service)", "indicator": "๘",
     "approach": "เปิดรับคำร้องทั่วไปผ่านระบบออนไลน์", "steps": "๑. จัดทำแบบคำร้องออนไลน์\n๒. ประชาสัมพันธ์ช่องทาง",
     "responsible": "สำนักปลัด", "schedule": "๖ และ ๑๒ เดือน",
     "start": date(2024, 10, 1), "end": date(2025, 9, 30)},
    {"code": "M02", "measure": "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "indicator": "๙",
     "approach": "ทบทวนข้อมูลบนเว็บไซต์ทุกไตรมาส", "steps": "มอบหมายผู้รับผิดชอบและตรวจทุกไตรมาส",
     "responsible": "สำนักปลัด", "schedule": "๑๒ เดือน",
     "start": date(2024, 10, 1), "end": date(2025, 9, 30)},
]  # fmt: skip

# What was done in FY2567 on FY2567's measures: O28 of FY2568.
RESULTS_2568 = {
    "M01": {"details": "ปรับปรุงข้อมูลบนเว็บไซต์ครบ ๓๓ หัวข้อ และแต่งตั้งผู้ดูแลแต่ละหัวข้อ",
            "period": "ต.ค. ๖๖ – ก.ย. ๖๗", "output": "เว็บไซต์มีข้อมูลครบตามเกณฑ์ปีงบประมาณ ๒๕๖๗",
            "outcome": "คะแนนตัวชี้วัดที่ ๙ เพิ่มจาก ๗๘.๕ เป็น ๙๒", "status": _DONE,
            "evidence_url": "https://www.nonsaard.go.th/ita/2568/o28-m01"},
    "M02": {"details": "ประเมินความเสี่ยง ๘ กระบวนงาน และจัดทำแผนบริหารความเสี่ยง", "period": "มี.ค. ๖๗",
            "output": "แผนบริหารความเสี่ยงการทุจริต ปีงบประมาณ ๒๕๖๗", "outcome": "กระบวนงานเสี่ยงมีมาตรการควบคุม",
            "status": _DONE, "evidence_url": "https://www.nonsaard.go.th/ita/2568/o28-m02"},
    "M03": {"details": "ออกประกาศหลักเกณฑ์การยืมทรัพย์สินของราชการ", "period": "พ.ย. ๖๖",
            "output": "ประกาศ อบต.โนนสะอาด เรื่องการยืมทรัพย์สิน", "outcome": "การยืมทรัพย์สินมีหลักฐานทุกครั้ง",
            "status": _DONE, "evidence_url": "https://www.nonsaard.go.th/ita/2568/o28-m03"},
}  # fmt: skip
