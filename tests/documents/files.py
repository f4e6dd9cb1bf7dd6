"""Real files of each kind, made with the libraries that read them back."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
# The start of a Windows program and of a Linux one.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def png() -> bytes:
    """A 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def docx(text: str = "Báo cáo công tác Mặt trận quý I năm 2024") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx(rows=(("Chỉ tiêu", "Kết quả"), ("Hội viên mới", 120))) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- crafted workbooks ----------------------------------------------------------------
# Written byte by byte with zipfile, not openpyxl: a sheet of a million shared strings is
# made in a second this way, and the parts can be what no spreadsheet program would write.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OFFICE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_OFFICE}.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def crafted_xlsx(
    header=(),
    *,
    rows: int = 0,
    width: int = 1,
    strings: int = 0,
    padding: int = 0,
    sheet_end: str = "",
) -> bytes:
    """A workbook whose first row holds ``header`` (as shared strings), then ``rows`` rows
    of ``width`` numbers each; ``strings`` more shared strings that no cell uses; ``padding``
    bytes of blank space in the sheet; ``sheet_end`` in place of the sheet's proper end."""
    texts = "".join(f"<si><t>{text}</t></si>" for text in header)
    # Ten thousand different strings repeated: as slow to read as all different, made in
    # no time, and compressed no better (each block is longer than deflate's window).
    distinct = [f"<si><t>v{n}</t></si>" for n in range(min(strings, 10_000))]
    if distinct:
        texts += "".join(distinct) * (strings // len(distinct))
        texts += "".join(distinct[: strings % len(distinct)])
    count = len(header) + strings
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">{texts}</sst>'
    )
    first = "".join(f'<c t="s"><v>{n}</v></c>' for n in range(len(header)))
    cells = "<c><v>1</v></c>" * width
    body = "".join([f'<row r="{n}">{cells}</row>' for n in range(2, rows + 2)])
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
        f'<row r="1">{first}</row>{body}{" " * padding}' + (sheet_end or "</sheetData></worksheet>")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def zipped(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()
