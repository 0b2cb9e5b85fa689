"""Word building blocks for ita-xl's documents (the annual report, the feedback letters): TH
Sarabun New for every script, A4 pages, page numbers that read the same in Word and LibreOffice,
bordered tables sized to their content whose rows are never split. python-docx writes them; what
it has no call for is set through its element classes' own methods, which keep the schema's
order, and ``OxmlElement`` where no method exists (a page field, shading, rows kept whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ita_xl import spec
from ita_xl.report.widths import content_widths

FONT = spec.FONT_NAME
BODY_PT, TABLE_PT, HEADING_PT, TITLE_PT = 16, 14, 18, 24
A4_CM = (21.0, 29.7)
SIDE_MARGIN_CM = {False: 2.5, True: 2.0}
"""Left and right margins of a portrait and a landscape page."""
LANDSCAPE_TEXT_CM = A4_CM[1] - 2 * SIDE_MARGIN_CM[True]
PORTRAIT_TEXT_CM = A4_CM[0] - 2 * SIDE_MARGIN_CM[False]
PAGE_FIELD = " PAGE "
"""Arabic digits, in Word and in LibreOffice alike: LibreOffice shows Word's Thai-digit switch
(``\\* ThaiArabic``) and the ``thaiNumbers`` format as Thai *letters* (ก ข ค), so a Thai-digit
number would differ between the two."""


def set_fonts(element: Any, size_pt: float, bold: bool | None = None) -> None:
    """TH Sarabun New for every script (Thai is a complex script: ``w:cs`` and ``w:szCs``).

    python-docx's own element methods (``get_or_add_rFonts``, ``get_or_add_sz``…) put each
    child where the schema orders it; the one it does not know, ``w:szCs``, comes right after
    ``w:sz`` in the schema (ECMA-376 CT_RPr)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    size = rpr.get_or_add_sz()
    size.val = Pt(size_pt)
    complex_size = rpr.find(qn("w:szCs"))
    if complex_size is None:
        complex_size = OxmlElement("w:szCs")
        size.addnext(complex_size)
    complex_size.set(qn("w:val"), str(int(size_pt * 2)))
    if bold:
        rpr.get_or_add_b()
        rpr.get_or_add_bCs()
    elif bold is not None:
        for tag in ("w:b", "w:bCs"):
            for node in rpr.findall(qn(tag)):
                rpr.remove(node)


def styles(document: Any) -> None:
    from docx.shared import Pt

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    for name, size in (("Title", TITLE_PT), ("Heading 1", HEADING_PT), ("Heading 2", BODY_PT + 1)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = None
        set_fonts(style.element, size, bold=True)


def section_setup(section: Any, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    width, height = (Cm(side) for side in A4_CM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(SIDE_MARGIN_CM[landscape]))
    section.top_margin = section.bottom_margin = Cm(2.0)


def page_numbers(section: Any, cover: bool = False) -> None:
    """A centred page number in the footer (``PAGE_FIELD``); a section that starts with the
    cover leaves its first page without one."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # add_section copies the section before it, the cover's first-page setting with it
    section.different_first_page_header_footer = cover
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_code = PAGE_FIELD
    for kind, text in (("begin", None), (None, field_code), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        set_fonts(run._r, TABLE_PT)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == field_code:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = "1"


def add_paragraph(container: Any, text: str, *, size: float = BODY_PT, bold: bool = False,
               align: str | None = None, indent_first: bool = False,
               space_after: float = 0) -> Any:  # fmt: skip
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = container.add_paragraph()
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
        set_fonts(run._r, size, bold)
        if i < len(lines) - 1:
            run.add_break()
    if align:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT,
                               "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY}[align]  # fmt: skip
    if indent_first:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def add_section_heading(document: Any, text: str, *, first: bool = False) -> None:
    """A section's heading, kept with its table; the sections follow each other on the page
    (a page break after each left pages nearly empty)."""
    from docx.shared import Pt

    paragraph = add_paragraph(document, text, size=HEADING_PT, bold=True, space_after=6)
    if not first:
        paragraph.paragraph_format.space_before = Pt(18)
    paragraph.paragraph_format.keep_with_next = True


def add_page_break(document: Any) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[str]],
              width_cm: float = LANDSCAPE_TEXT_CM) -> Any:  # fmt: skip
    """A bordered table ``width_cm`` wide (a landscape page's text by default), its columns
    sized to what they hold, its header row repeated on every page. The grid carries the widths
    (LibreOffice lays a table out by its grid, not its cells' widths); no row is split across
    pages, and a heading row across the table (a division) stays with the row under it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    widths_cm = content_widths([headers, *rows], width_cm)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the <w:gridCol> widths

    def fill(cells: Sequence[Any], values: Sequence[str], bold: bool) -> None:
        for cell, value, width in zip(cells, values, widths_cm, strict=False):
            if len(cells) == len(widths_cm):
                cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            for i, line in enumerate(value.split("\n")):
                run = paragraph.add_run(line)
                run.font.name, run.font.size, run.font.bold = FONT, Pt(TABLE_PT), bold
                set_fonts(run._r, TABLE_PT, bold)
                if i < value.count("\n"):
                    run.add_break()
            paragraph.paragraph_format.space_after = Pt(0)

    header = table.rows[0]
    fill(header.cells, headers, True)
    header_properties = header._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        header_properties.append(OxmlElement(tag))
    for cell in header.cells:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "D9E2F3")
        cell._tc.get_or_add_tcPr().append(shading)
        for run in cell.paragraphs[0].runs:
            run.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    for values in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if len(values) == 1:  # a heading row across the table (a division)
            merged = row.cells[0].merge(row.cells[-1])
            fill([merged], values, True)
            merged.paragraphs[0].paragraph_format.keep_with_next = True
            continue
        fill(row.cells, values, False)
    return table
