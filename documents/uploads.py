"""Checking an uploaded file before anything is stored: name, size, and type read
from the content (a program renamed to .pdf is refused)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


PDF = Kind("pdf", "application/pdf", "PDF")
DOCX = Kind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (.docx)",
)
XLSX = Kind(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)"
)
JPEG = Kind("jpg", "image/jpeg", "JPEG")
PNG = Kind("png", "image/png", "PNG")

# What a file's name says it is, by extension.
BY_EXTENSION = {
    "pdf": PDF,
    "docx": DOCX,
    "xlsx": XLSX,
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
}
ATTACHMENT_KINDS = (PDF, DOCX, XLSX, JPEG, PNG)
SCAN_KINDS = (PDF, JPEG, PNG)
SHEET_KINDS = (XLSX,)

# What no file name may hold: path separators, characters Windows forbids in names, and
# control characters.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME_LENGTH = 150
# Office files are zip archives: the most their parts may hold once unpacked.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    file: UploadedFile
    name: str
    kind: Kind
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def check_name(name: str, kinds: tuple[Kind, ...]) -> tuple[str, Kind]:
    """The file name as the user gave it, if it is a plain name of an accepted type."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise ValidationError(_("The file has no name."))
    if _FORBIDDEN.search(name) or name.startswith(".") or not name.isprintable():
        raise ValidationError(
            _(
                "The file name “%(name)s” contains characters that are not allowed (such as / "
                "\\ : * ? < > | or control characters). Rename the file and upload it again."
            )
            % {"name": name[:MAX_NAME_LENGTH]}
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("The file name is longer than %(limit)d characters. Shorten it and upload it again.")
            % {"limit": MAX_NAME_LENGTH}
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = BY_EXTENSION.get(extension)
    if kind is None or kind not in kinds:
        raise ValidationError(accepted_message(kinds))
    return name, kind


def accepted_message(kinds: tuple[Kind, ...]) -> str:
    return _("Only these kinds of file are accepted: %(kinds)s.") % {
        "kinds": ", ".join(k.label for k in kinds)
    }


def sniff(file: UploadedFile) -> Kind | None:
    """What the content says the file is (not what its name says)."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    guess = filetype.guess(head)
    extension = guess.extension if guess else None
    if extension in ("pdf", "png", "jpg"):
        return BY_EXTENSION[extension]
    if extension in ("zip", "docx", "xlsx"):
        # Office files are zip archives: look inside for the part that makes each one.
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            # A small file that unpacks to gigabytes would exhaust the server's memory.
            raise ValidationError(
                _("The file “%(name)s” unpacks to more than %(limit)d MB; it is not accepted.")
                % {"name": file.name, "limit": MAX_UNPACKED_BYTES // 1024 // 1024}
            )
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    return None


def check_upload(file: UploadedFile | None, kinds: tuple[Kind, ...]) -> CheckedFile:
    """Refuse, with a message the user can act on, anything that is not a file we keep."""
    if file is None:
        raise ValidationError(_("Choose a file to upload."))
    # The name as the browser sent it (see documents.middleware), before Django shortened it.
    name, kind = check_name(getattr(file, "submitted_name", file.name), kinds)
    if not file.size:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name})
    if file.size > max_upload_bytes():
        raise ValidationError(
            _("The file “%(name)s” is %(size)s MB; files of at most %(limit)d MB are accepted.")
            % {
                "name": name,
                "size": f"{file.size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": settings.MAX_UPLOAD_MB,
            }
        )
    found = sniff(file)
    if found is None or found.content_type != kind.content_type:
        raise ValidationError(
            _(
                "The content of “%(name)s” is not a %(kind)s file, whatever its name says. "
                "Upload the original file."
            )
            % {"name": name, "kind": kind.label}
        )
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(file=file, name=name, kind=kind, size=file.size, sha256=digest.hexdigest())


class UploadField(forms.FileField):
    """A file field that runs ``check_upload``; its cleaned value is a ``CheckedFile``."""

    default_error_messages = {
        "required": gettext_lazy("Choose a file to upload."),
        "empty": gettext_lazy("The file is empty."),
    }

    def __init__(self, *, kinds: tuple[Kind, ...], **kwargs):
        self.kinds = kinds
        kwargs.setdefault("max_length", None)
        kwargs.setdefault("allow_empty_file", True)  # check_upload says which file is empty
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(
            sorted({f".{e}" for e, k in BY_EXTENSION.items() if k in kinds})
        )

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if not file:
            return None
        return check_upload(file, self.kinds)
