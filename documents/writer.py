"""Party documents as .docx with python-docx: page, header block, body, signature.

``PartyDocument`` knows the layout of a Party document; what a document says is
decided by its builder (``notice.py``, ``proposals.py``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from documents.layout import Layout

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT

# What may end a sentence before a note in parentheses: a full stop, or the semicolon or
# comma of an item cut from a list. An ellipsis is the text's own and stays.
_FINAL = " .;,"


def without_final_stop(text: str) -> str:
    """``text`` without the punctuation ending it, to put a note in parentheses before the
    full stop: "… nhân dân." becomes "… nhân dân" (then " (giao …).")."""
    text = text.strip()
    if text.endswith(("...", "\u2026")):
        return text
    return text.rstrip(_FINAL)


@dataclass
class Header:
    """The block above the title: who issues it, its number, the national line, the date."""

    issuing_body: str
    number: str
    date_line: str
    superior_body: str = ""
    draft_label: str = ""


@dataclass
class Signature:
    authority: str  # "T/L BAN THƯỜNG VỤ"
    title: str  # "CHÁNH VĂN PHÒNG"
    name: str = ""
    recipients_heading: str = ""
    recipients: list[str] = field(default_factory=list)


class PartyDocument:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width = Mm(layout.page_width_mm)
        section.page_height = Mm(layout.page_height_mm)
        section.top_margin = Mm(layout.margin_top_mm)
        section.bottom_margin = Mm(layout.margin_bottom_mm)
        section.left_margin = Mm(layout.margin_left_mm)
        section.right_margin = Mm(layout.margin_right_mm)
        normal = self.doc.styles["Normal"]
        normal.font.name = layout.font
        normal.font.size = Pt(layout.size_body)
        # Word picks the font of each script separately: set all of them.
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), layout.font)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0

    # --- building blocks -------------------------------------------------------

    def paragraph(
        self,
        text: str = "",
        *,
        container=None,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        align=None,
        space_after: float = 0,
        space_before: float = 0,
        first_line_indent: bool = False,
    ):
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        if text:
            self.run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
        fmt = paragraph.paragraph_format
        if align is not None:
            paragraph.alignment = align
        fmt.space_after = Pt(space_after)
        fmt.space_before = Pt(space_before)
        if first_line_indent:
            fmt.first_line_indent = Mm(self.layout.first_line_indent_mm)
        return paragraph

    def run(self, paragraph, text: str, *, size=None, bold=False, italic=False, underline=False):
        # Word's own line break pasted as text (vertical tab) becomes a line break; other
        # control characters cannot be stored in a document and are dropped.
        lines = _CONTROL.sub("", text).split("\x0b")
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break(WD_BREAK.LINE)
            run.add_text(line)
        run.font.size = Pt(size or self.layout.size_body)
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
        return run

    def noted_paragraph(self, text: str, note: str = ""):
        """A body paragraph of ``text`` and, if any, its ``note`` in italics in parentheses
        before the one final full stop: "Tăng cường … nhân dân (giao Ủy ban MTTQ …)." """
        if not note:
            return self.body_paragraph(text.strip())
        paragraph = self.body_paragraph(without_final_stop(text))
        self.run(paragraph, f" ({note})", italic=True)
        self.run(paragraph, ".")
        return paragraph

    def body_paragraph(self, text: str = "", **kwargs):
        """A paragraph of the body: justified, indented first line, 6 pt apart."""
        paragraph = self.paragraph(
            text,
            align=JUSTIFY,
            first_line_indent=True,
            space_after=self.layout.space_after_pt,
            **kwargs,
        )
        paragraph.paragraph_format.line_spacing = self.layout.line_spacing
        return paragraph

    def _borderless_table(self, widths_mm: list[float]):
        table = self.doc.add_table(rows=1, cols=len(widths_mm))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # Word reads the cells' widths, LibreOffice the grid's: set both.
        for column, cell, width in zip(table.columns, table.rows[0].cells, widths_mm, strict=True):
            column.width = Mm(width)
            cell.width = Mm(width)
        return table

    @staticmethod
    def _first(cell):
        """The cell's own empty paragraph, used for its first line."""
        return cell.paragraphs[0]

    def rule(self, container, width_mm: float, column_mm: float) -> None:
        """A centred rule ``width_mm`` long (the line under "ĐẢNG CỘNG SẢN VIỆT NAM")."""
        paragraph = self.paragraph(container=container, size=2)
        indent = max(0.0, (column_mm - width_mm) / 2)
        paragraph.paragraph_format.left_indent = Mm(indent)
        paragraph.paragraph_format.right_indent = Mm(indent)
        p_pr = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "6"),
            ("w:space", "1"),
            ("w:color", "000000"),
        ):
            bottom.set(qn(key), value)
        borders.append(bottom)
        p_pr.append(borders)
        # An empty paragraph is as tall as the font of its mark: make that tiny.
        mark = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "4")
        mark.append(size)
        p_pr.append(mark)

    # --- the parts of a Party document ------------------------------------------

    def header(self, header: Header) -> None:
        layout = self.layout
        right_width = layout.text_width_mm - layout.left_column_mm
        if header.draft_label:
            self.paragraph(
                header.draft_label,
                bold=True,
                align=WD_ALIGN_PARAGRAPH.RIGHT,
                size=layout.size_body,
                space_after=6,
            )
        table = self._borderless_table([layout.left_column_mm, right_width])
        left, right = table.rows[0].cells

        first = self._first(left)
        first.alignment = CENTER
        if header.superior_body:
            self.run(first, header.superior_body, size=layout.size_superior_body)
            self.paragraph(
                header.issuing_body,
                container=left,
                bold=True,
                size=layout.size_issuing_body,
                align=CENTER,
            )
        else:
            self.run(first, header.issuing_body, bold=True, size=layout.size_issuing_body)
        self.paragraph("*", container=left, align=CENTER, size=layout.size_issuing_body)
        self.paragraph(header.number, container=left, align=CENTER, size=layout.size_number)

        national = self._first(right)
        national.alignment = CENTER
        self.run(national, NATIONAL_TITLE, bold=True, size=layout.size_national)
        # The rule is about as long as the line of text above it.
        self.rule(right, width_mm=layout.national_rule_mm, column_mm=right_width)
        self.paragraph(
            header.date_line,
            container=right,
            italic=True,
            align=CENTER,
            size=layout.size_date,
            space_before=6,
        )

    def title(self, kind: str, summary: str) -> None:
        layout = self.layout
        self.paragraph(kind, bold=True, size=layout.size_type, align=CENTER, space_before=18)
        self.paragraph(summary, bold=True, size=layout.size_summary, align=CENTER)
        self.paragraph("-----", align=CENTER, size=layout.size_body, space_after=12)

    def heading(self, text: str) -> None:
        self.body_paragraph(text, bold=True)

    def html(self, value: str) -> None:
        """The sanitised rich text of a field (paragraphs, lists, bold, italic) as body text."""
        for block in blocks_of(value):
            paragraph = self.body_paragraph(block.prefix)
            for text, bold, italic in block.runs:
                if text == "\n":
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                else:
                    self.run(paragraph, text, bold=bold, italic=italic)

    def signature(self, signature: Signature) -> None:
        layout = self.layout
        self.paragraph("", space_after=6)
        table = self._borderless_table(
            [layout.left_column_mm, layout.text_width_mm - layout.left_column_mm]
        )
        left, right = table.rows[0].cells
        first = self._first(left)
        if signature.recipients_heading:
            self.run(
                first,
                signature.recipients_heading,
                bold=True,
                italic=True,
                size=layout.size_recipients_heading,
            )
        for line in signature.recipients:
            self.paragraph(line, container=left, size=layout.size_recipients)

        top = self._first(right)
        top.alignment = CENTER
        self.run(top, signature.authority, bold=True, size=layout.size_signer)
        self.paragraph(
            signature.title, container=right, bold=True, align=CENTER, size=layout.size_signer
        )
        for _line in range(4):  # room for the signature and the seal
            self.paragraph("", container=right, size=layout.size_signer)
        if signature.name:
            self.paragraph(
                signature.name, container=right, bold=True, align=CENTER, size=layout.size_signer
            )

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


NATIONAL_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
_SPACES = re.compile(r"[^\S\x0b]+")
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff]")


# --- sanitised HTML to paragraphs ---------------------------------------------


@dataclass
class Block:
    prefix: str = ""
    runs: list[tuple[str, bool, bool]] = field(default_factory=list)


class _BlockParser(HTMLParser):
    """Reads what ``meetings.richtext.clean`` keeps: p, br, strong, em, ul, ol, li."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.bold = self.italic = 0
        self.lists: list[list] = []  # [kind, counter]

    def _open(self, prefix: str = "") -> None:
        self._close()
        self.current = Block(prefix=prefix)

    def _close(self) -> None:
        if self.current is not None and any(t.strip() for t, _b, _i in self.current.runs):
            self.blocks.append(self.current)
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._open()
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append([tag, 0])
        elif tag == "li":
            prefix = "- "
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                prefix = f"{self.lists[-1][1]}. "
            self._open(prefix)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br" and self.current is not None:
            self.current.runs.append(("\n", False, False))

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self._close()
        elif tag in ("ul", "ol") and self.lists:
            self._close()
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data):
        if not data.strip() and self.current is None:
            return
        if self.current is None:
            self._open()
        text = _SPACES.sub(" ", data)
        if not self.current.runs:
            text = text.lstrip()
        self.current.runs.append((text, bool(self.bold), bool(self.italic)))


def blocks_of(value: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(value or "")
    parser.close()
    parser._close()
    return parser.blocks
