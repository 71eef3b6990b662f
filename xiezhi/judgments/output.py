"""The final document as files: DOCX (python-docx) and PDF (reportlab).

Both take the same composed blocks (:class:`Block`), so the Word file, the PDF and the plain text
kept for search say the same thing. The PDF uses reportlab's built-in CID font ``STSong-Light``
(Adobe's Simplified Chinese font, referenced by name and rendered by the reader): no font file is
downloaded or shipped. Pure functions of their input: no database, no Django.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Block", "plain_text", "render_docx", "render_pdf"]


@dataclass(frozen=True)
class Block:
    """One paragraph of the document. ``style``: court, title, number, party, para, signature, date."""

    style: str
    text: str


_CENTERED = {"court", "title"}
_RIGHT = {"number", "signature", "date"}


def plain_text(blocks: Sequence[Block]) -> str:
    """The document as plain text, one paragraph a line."""
    return "\n".join(b.text for b in blocks if b.text) + "\n"


def render_docx(blocks: Sequence[Block], title: str = "") -> bytes:
    """A Word document (A4, 仿宋-style body, centred heading) of ``blocks``."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(3.7)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "FangSong"
    # East Asian text takes the eastAsia font attribute; without it Word falls back to a Latin font.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    document.core_properties.title = title
    for block in blocks:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.style in _CENTERED:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = block.style == "title"
            run.font.size = Pt(22 if block.style == "title" else 18)
        elif block.style in _RIGHT:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph.paragraph_format.first_line_indent = Pt(32)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_FONT = "STSong-Light"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))


def render_pdf(blocks: Sequence[Block], title: str = "") -> bytes:
    """A PDF (A4) of ``blocks`` with a text layer that extracts back to the same characters."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    _register_font()
    body = ParagraphStyle(
        "body", fontName=_FONT, fontSize=14, leading=24, firstLineIndent=28, alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )  # fmt: skip
    styles = {
        "court": ParagraphStyle("court", parent=body, fontSize=18, leading=30, firstLineIndent=0,
                                alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=body, fontSize=22, leading=36, firstLineIndent=0,
                                alignment=TA_CENTER),
        "number": ParagraphStyle("number", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "signature": ParagraphStyle("signature", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "date": ParagraphStyle("date", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
    }  # fmt: skip
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author="Xiezhi", topMargin=3.7 * cm, bottomMargin=3.5 * cm,
        leftMargin=2.8 * cm, rightMargin=2.6 * cm,
    )  # fmt: skip
    story = [Paragraph(escape(b.text), styles.get(b.style, body)) for b in blocks if b.text]
    document.build(story)
    return buffer.getvalue()
