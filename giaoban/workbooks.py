"""Reading an uploaded Excel workbook (.xlsx) within bounds.

openpyxl reads the whole list of shared strings, the styles and the workbook before the
first row, even in read-only mode, and needs seconds for every hundred thousand cells: a
small upload that unpacks to millions of strings or rows held a server worker for a
minute. So the package is looked at first, without openpyxl: the zip's directory (parts,
sizes, compression), then every XML part unpacked once as a stream while the tags of its
rows, cells and shared strings are counted, stopping at the first limit passed. Only a
workbook within every limit is given to openpyxl, and its rows are counted again as they
are read.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook


@dataclass(frozen=True)
class Limits:
    """Well above the largest real sheets: the board of one of the biggest committees is
    some 20,000 rows of 13 columns (260,000 cells, 20 MB unpacked, a few tens of thousands
    of different texts); a province's is a few thousand rows."""

    rows: int = 30_000
    cells: int = 400_000
    shared_strings: int = 200_000
    unpacked_mb: int = 50
    parts: int = 1_000
    # Tags of any kind, opening or closing, in any part (1.3 million in the 20,000 rows):
    # bounds the parts counted by nothing else (styles…).
    tags: int = 2_500_000
    # Real parts compress 2 to 20 times; a bomb, a thousand times.
    compression_ratio: int = 100


LIMITS = Limits()
# Parts smaller than this are not checked for their compression: tiny ones compress well.
RATIO_FROM_BYTES = 1024 * 1024
CHUNK = 64 * 1024


# The start tag of a row, a cell or a shared string, with or without a namespace prefix.
_COUNTED = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s/>]")


def unreadable() -> ValidationError:
    return ValidationError(_("The file is not a readable Excel (.xlsx) workbook."))


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def open_workbook(data: IO[bytes], *, limits: Limits = LIMITS) -> Workbook:
    """The workbook in ``data``, read-only, after ``check_package``; ``ValidationError``
    (in the active language) if it is not one or is beyond ``limits``."""
    check_package(data, limits=limits)
    try:
        return load_workbook(data, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise unreadable() from error


def rows(workbook: Workbook, *, limits: Limits = LIMITS) -> Iterator[tuple]:
    """The values of the first sheet's rows, row by row. The rows and cells were counted
    in the package already; they are counted again here as openpyxl makes them (it fills
    in missing rows and pads short ones)."""
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # pad nothing to the size the file claims
    cells = 0
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > limits.rows:
                raise _too_many_rows(limits)
            cells += len(values)
            if cells > limits.cells:
                raise _too_many_cells(limits)
            yield values
    except ValidationError:
        raise
    except Exception as error:  # a part broken after its first rows
        raise unreadable() from error
    finally:
        workbook.close()


def _too_many_rows(limits: Limits) -> ValidationError:
    return ValidationError(
        _("The file has too many rows (at most %(limit)s).") % {"limit": _number(limits.rows)}
    )


def _too_many_cells(limits: Limits) -> ValidationError:
    return ValidationError(
        _("The file has too many cells (at most %(limit)s).") % {"limit": _number(limits.cells)}
    )


def check_package(data: IO[bytes], *, limits: Limits = LIMITS) -> None:
    """Refuse, quickly and before openpyxl reads anything, a workbook beyond ``limits``."""
    data.seek(0)
    try:
        with zipfile.ZipFile(data) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            _check_directory(members, limits)
            counter = _Counter(limits)
            for member in members:
                # zipfile never unpacks more than the size the directory gives (checked
                # above): a part that claims less than it holds fails its checksum.
                with archive.open(member) as part:
                    counter.scan(part)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        raise unreadable() from error
    except (NotImplementedError, RuntimeError) as error:  # other compression, encrypted
        raise unreadable() from error
    finally:
        data.seek(0)


def _check_directory(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.parts:
        raise ValidationError(
            _("The file has too many parts (at most %(limit)s).") % {"limit": _number(limits.parts)}
        )
    if sum(m.file_size for m in members) > limits.unpacked_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is too large once unpacked (at most %(limit)s MB).")
            % {"limit": _number(limits.unpacked_mb)}
        )
    for member in members:
        if (
            member.file_size > RATIO_FROM_BYTES
            and member.file_size > limits.compression_ratio * member.compress_size
        ):
            raise ValidationError(
                _("The file is compressed abnormally (more than %(limit)s times); it is not read.")
                % {"limit": _number(limits.compression_ratio)}
            )


class _Counter:
    """Rows, cells, shared strings and tags of every XML part, against the limits.

    The tags are counted in the bytes, not parsed: a parser calling back for each element
    needs seconds for what this does in a fraction of one. Whatever looks like a tag
    counts (even inside a comment), so it can only count more than openpyxl reads."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.rows = self.cells = self.strings = self.tags = 0

    def scan(self, part: IO[bytes]) -> None:
        chunk = part.read(CHUNK)
        if not chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return  # a picture or other binary part: openpyxl does not read those as XML
        carried = b""
        while chunk:
            text = carried + chunk
            # Up to the last "<": the tag it opens may go on in the next chunk.
            end = text.rfind(b"<")
            if end <= 0:
                end = len(text)
            self._count(text[:end])
            carried = text[end:]
            chunk = part.read(CHUNK)
        self._count(carried)

    def _count(self, text: bytes) -> None:
        limits = self.limits
        if b"<!DOCTYPE" in text:
            # No spreadsheet program writes one; entities declared in it can multiply a text.
            raise unreadable()
        self.tags += text.count(b"<")
        if self.tags > limits.tags:
            raise ValidationError(
                _("The file is too complex to be read (at most %(limit)s XML tags).")
                % {"limit": _number(limits.tags)}
            )
        names = _COUNTED.findall(text)
        self.cells += names.count(b"c")
        if self.cells > limits.cells:
            raise _too_many_cells(limits)
        self.rows += names.count(b"row")
        if self.rows > limits.rows:
            raise _too_many_rows(limits)
        self.strings += names.count(b"si")
        if self.strings > limits.shared_strings:
            raise ValidationError(
                _("The file has too many different texts (at most %(limit)s).")
                % {"limit": _number(limits.shared_strings)}
            )
